/**
 * The optional semantic stage: a sentence-embedding model (e.g. paraphrase-multilingual-MiniLM-L12-v2 in ONNX)
 * run by @huggingface/transformers from a local folder. Nothing is ever downloaded: remote models are switched
 * off and the folder must hold config.json, tokenizer.json, tokenizer_config.json and onnx/model.onnx
 * (docs/DUPLICATES.md says how to install one). Without EMBEDDING_MODEL_DIR the lexical index serves alone.
 *
 * The runtime is an optional dependency imported only here, when a model folder is configured: a process
 * without EMBEDDING_MODEL_DIR (the API role always) never loads libonnxruntime (+43 MB RSS, ~270 ms), and an
 * install where the optional package failed still builds and runs (the specifier is not resolved by tsc).
 */
import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

const RUNTIME = '@huggingface/transformers';

/** The part of @huggingface/transformers this module uses. */
interface EmbeddingRuntime {
  env: { allowRemoteModels: boolean; allowLocalModels: boolean; localModelPath: string };
  pipeline(task: 'feature-extraction', model: string, options: { dtype: 'fp32'; local_files_only: true }):
    Promise<(texts: string[], options: { pooling: 'mean'; normalize: true }) => Promise<{ dims: number[]; data: unknown }>>;
}

async function importRuntime(): Promise<EmbeddingRuntime> {
  try {
    return await import(RUNTIME) as EmbeddingRuntime;
  } catch (err) {
    throw new Error(`EMBEDDING_MODEL_DIR is set but ${RUNTIME} (an optional dependency) cannot be loaded: ${(err as Error).message}. Install it with \`npm install ${RUNTIME}\` (docs/DUPLICATES.md)`);
  }
}

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
  const { env, pipeline } = await importRuntime();
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = dirname(dir);
  const extractor = await pipeline('feature-extraction', basename(dir), { dtype: 'fp32', local_files_only: true });
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
