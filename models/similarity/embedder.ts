/**
 * The optional semantic stage: a sentence-embedding model (e.g. paraphrase-multilingual-MiniLM-L12-v2 in ONNX)
 * run by @huggingface/transformers from a local folder. Nothing is ever downloaded: remote models are switched
 * off and the folder must hold config.json, tokenizer.json, tokenizer_config.json and onnx/model.onnx
 * (docs/DUPLICATES.md says how to install one). Without EMBEDDING_MODEL_DIR the lexical index serves alone.
 */
import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { env, pipeline, type FeatureExtractionPipeline } from '@huggingface/transformers';

export interface Embedder {
  /** the model folder's name, recorded in suggestions' modelVersions */
  version: string;
  /** unit-length sentence vectors (mean pooling), one per text */
  embed(texts: string[]): Promise<Float32Array[]>;
}

export async function loadEmbedder(modelDir: string): Promise<Embedder> {
  const dir = resolve(modelDir);
  for (const file of ['config.json', 'tokenizer.json', 'tokenizer_config.json', join('onnx', 'model.onnx')]) {
    if (!existsSync(join(dir, file))) throw new Error(`embedding model folder ${dir} lacks ${file} (see docs/DUPLICATES.md)`);
  }
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = dirname(dir);
  const extractor: FeatureExtractionPipeline = await pipeline('feature-extraction', basename(dir), { dtype: 'fp32', local_files_only: true });
  return {
    version: basename(dir),
    async embed(texts) {
      if (texts.length === 0) return [];
      const output = await extractor(texts, { pooling: 'mean', normalize: true });
      const [rows, dim] = output.dims as [number, number];
      const data = output.data as Float32Array;
      return Array.from({ length: rows }, (_, i) => data.slice(i * dim, (i + 1) * dim));
    },
  };
}

/** Cosine of two unit vectors. */
export function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i]! * b[i]!;
  return dot;
}
