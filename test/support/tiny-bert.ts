/**
 * Writes a tiny BERT-shaped sentence encoder (WordPiece tokenizer + ONNX graph with BERT's inputs and
 * `last_hidden_state` output) into a folder laid out like a Hugging Face model. It is what the tests load to
 * exercise the real loading and inference code of models/similarity/embedder.ts without any download; its
 * vectors only reflect shared words (an embedding table), not meaning.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { onnx } from 'onnx-proto';

const SPECIAL = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];

/** A deterministic pseudo-random embedding table (so two runs write the same model). */
function table(rows: number, dim: number, seed: number): Float32Array {
  const out = new Float32Array(rows * dim);
  let s = seed;
  for (let i = 0; i < out.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

const tensor = (name: string, dims: number[], values: Float32Array | number[], type = onnx.TensorProto.DataType.FLOAT) =>
  type === onnx.TensorProto.DataType.FLOAT
    ? onnx.TensorProto.create({ name, dims, dataType: type, floatData: Array.from(values) })
    : onnx.TensorProto.create({ name, dims, dataType: type, int64Data: Array.from(values) });

const input = (name: string, elemType: number, dims: (string | number)[]) => onnx.ValueInfoProto.create({
  name,
  type: { tensorType: { elemType, shape: { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) } } },
});

export function writeTinyBert(dir: string, words: string[], dim = 16): void {
  const vocab = [...SPECIAL, ...new Set(words.map((w) => w.toLowerCase()))];
  const INT64 = onnx.TensorProto.DataType.INT64;
  const FLOAT = onnx.TensorProto.DataType.FLOAT;
  // hidden = tanh((E[input_ids] + T[token_type_ids]) · W) * attention_mask
  const graph = onnx.GraphProto.create({
    name: 'tiny-bert',
    initializer: [
      tensor('word_embeddings', [vocab.length, dim], table(vocab.length, dim, 1)),
      tensor('token_type_embeddings', [2, dim], table(2, dim, 2)),
      tensor('dense', [dim, dim], table(dim, dim, 3)),
      tensor('last_axis', [1], [-1], INT64),
    ],
    node: [
      onnx.NodeProto.create({ opType: 'Gather', input: ['word_embeddings', 'input_ids'], output: ['words'] }),
      onnx.NodeProto.create({ opType: 'Gather', input: ['token_type_embeddings', 'token_type_ids'], output: ['types'] }),
      onnx.NodeProto.create({ opType: 'Add', input: ['words', 'types'], output: ['embedded'] }),
      onnx.NodeProto.create({ opType: 'MatMul', input: ['embedded', 'dense'], output: ['projected'] }),
      onnx.NodeProto.create({ opType: 'Tanh', input: ['projected'], output: ['activated'] }),
      onnx.NodeProto.create({ opType: 'Cast', input: ['attention_mask'], output: ['mask_float'], attribute: [{ name: 'to', type: onnx.AttributeProto.AttributeType.INT, i: FLOAT }] }),
      onnx.NodeProto.create({ opType: 'Unsqueeze', input: ['mask_float', 'last_axis'], output: ['mask'] }),
      onnx.NodeProto.create({ opType: 'Mul', input: ['activated', 'mask'], output: ['last_hidden_state'] }),
    ],
    input: [
      input('input_ids', INT64, ['batch', 'sequence']),
      input('attention_mask', INT64, ['batch', 'sequence']),
      input('token_type_ids', INT64, ['batch', 'sequence']),
    ],
    output: [input('last_hidden_state', FLOAT, ['batch', 'sequence', dim])],
  });
  const model = onnx.ModelProto.create({ irVersion: 8, opsetImport: [{ domain: '', version: 17 }], producerName: 'proposal-triage tests', graph });
  mkdirSync(join(dir, 'onnx'), { recursive: true });
  writeFileSync(join(dir, 'onnx', 'model.onnx'), onnx.ModelProto.encode(model).finish());
  writeFileSync(join(dir, 'config.json'), JSON.stringify({
    model_type: 'bert', architectures: ['BertModel'], hidden_size: dim, num_attention_heads: 1, num_hidden_layers: 1,
    vocab_size: vocab.length, max_position_embeddings: 128, type_vocab_size: 2,
  }));
  writeFileSync(join(dir, 'tokenizer_config.json'), JSON.stringify({
    tokenizer_class: 'BertTokenizer', do_lower_case: true, model_max_length: 128,
    cls_token: '[CLS]', sep_token: '[SEP]', pad_token: '[PAD]', unk_token: '[UNK]', mask_token: '[MASK]',
  }));
  const id = (t: string) => vocab.indexOf(t);
  writeFileSync(join(dir, 'tokenizer.json'), JSON.stringify({
    version: '1.0', truncation: null, padding: null,
    added_tokens: SPECIAL.map((content) => ({ id: id(content), content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true })),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: true, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: { id: '[CLS]', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '[SEP]', type_id: 0 } }],
      pair: [{ SpecialToken: { id: '[CLS]', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '[SEP]', type_id: 0 } }, { Sequence: { id: 'B', type_id: 1 } }, { SpecialToken: { id: '[SEP]', type_id: 1 } }],
      special_tokens: { '[CLS]': { id: '[CLS]', ids: [id('[CLS]')], tokens: ['[CLS]'] }, '[SEP]': { id: '[SEP]', ids: [id('[SEP]')], tokens: ['[SEP]'] } },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab: Object.fromEntries(vocab.map((t, i) => [t, i])) },
  }));
}
