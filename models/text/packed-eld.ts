/**
 * ELD's large n-gram database (245k n-grams, 400k language scores) packed into one flat buffer, so that a worker
 * process holds it once for all its triage threads (a SharedArrayBuffer) instead of once per thread: imported as
 * the package ships it — a 4.4 MB JavaScript object literal — it costs ~400 MB of RSS per thread (measured:
 * 43 → 452 MB, heap 143 MB), packed ~6 MB.
 * Detection itself stays ELD's own code (its createEld(), fed a read-only view of the buffer in place of the
 * object), so the verdicts are the package's (test/unit/packed-models.test.ts compares them on the dev texts).
 *
 * Layout (Int32 header, then sections, each 4-byte aligned):
 *   header: magic, n-gram count, slot count, key bytes, entry count, languages JSON bytes
 *   slots   Int32[slots]      open addressing, n-gram index + 1 (0 = empty), FNV-1a of the key
 *   keyAt   Int32[n + 1]      key i is keyBytes[keyAt[i] .. keyAt[i + 1]) (ELD keys are byte strings: codes < 256)
 *   entryAt Int32[n + 1]      entries of n-gram i are [entryAt[i] .. entryAt[i + 1])
 *   keyBytes Uint8, entryLanguage Uint8, entryScore Uint8, languages JSON (UTF-8)
 */

export interface EldData {
  type: string;
  languages: Record<string, string>;
  ngrams: Record<string, Record<string, number>>;
}

const MAGIC = 0x454c4431; // "ELD1"
const HEADER_INTS = 6;
const align4 = (n: number) => (n + 3) & ~3;

function hash(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

interface Views {
  ngrams: number;
  slots: Int32Array;
  keyAt: Int32Array;
  entryAt: Int32Array;
  keyBytes: Uint8Array;
  entryLanguage: Uint8Array;
  entryScore: Uint8Array;
  languagesJson: Uint8Array;
}

function views(buffer: ArrayBufferLike, sizes?: { ngrams: number; slots: number; keyBytes: number; entries: number; languages: number }): Views {
  const header = new Int32Array(buffer, 0, HEADER_INTS);
  if (sizes) header.set([MAGIC, sizes.ngrams, sizes.slots, sizes.keyBytes, sizes.entries, sizes.languages]);
  else if (header[0] !== MAGIC) throw new Error('not a packed ELD table');
  const [, ngrams, slots, keyBytes, entries, languages] = header as unknown as number[];
  let at = HEADER_INTS * 4;
  const take = <T>(make: (offset: number) => T, bytes: number): T => {
    const view = make(at);
    at += align4(bytes);
    return view;
  };
  return {
    ngrams: ngrams!,
    slots: take((o) => new Int32Array(buffer, o, slots!), slots! * 4),
    keyAt: take((o) => new Int32Array(buffer, o, ngrams! + 1), (ngrams! + 1) * 4),
    entryAt: take((o) => new Int32Array(buffer, o, ngrams! + 1), (ngrams! + 1) * 4),
    keyBytes: take((o) => new Uint8Array(buffer, o, keyBytes!), keyBytes!),
    entryLanguage: take((o) => new Uint8Array(buffer, o, entries!), entries!),
    entryScore: take((o) => new Uint8Array(buffer, o, entries!), entries!),
    languagesJson: take((o) => new Uint8Array(buffer, o, languages!), languages!),
  };
}

function byteSize(s: { ngrams: number; slots: number; keyBytes: number; entries: number; languages: number }): number {
  return HEADER_INTS * 4 + s.slots * 4 + 2 * (s.ngrams + 1) * 4 + align4(s.keyBytes) + 2 * align4(s.entries) + align4(s.languages);
}

/** Packs ELD's database into a SharedArrayBuffer. */
export function packEld(data: EldData): SharedArrayBuffer {
  const keys = Object.keys(data.ngrams);
  const languages = new TextEncoder().encode(JSON.stringify({ type: data.type, languages: data.languages }));
  let slots = 1;
  while (slots < keys.length * 2) slots *= 2;
  let keyBytes = 0;
  let entries = 0;
  for (const key of keys) {
    keyBytes += key.length;
    entries += Object.keys(data.ngrams[key]!).length;
  }
  const sizes = { ngrams: keys.length, slots, keyBytes, entries, languages: languages.length };
  const buffer = new SharedArrayBuffer(byteSize(sizes));
  const v = views(buffer, sizes);
  v.languagesJson.set(languages);
  let k = 0;
  let e = 0;
  keys.forEach((key, i) => {
    v.keyAt[i] = k;
    v.entryAt[i] = e;
    for (let c = 0; c < key.length; c++) {
      const code = key.charCodeAt(c);
      if (code > 255) throw new Error(`ELD n-gram ${JSON.stringify(key)} is not a byte string`);
      v.keyBytes[k++] = code;
    }
    for (const [language, score] of Object.entries(data.ngrams[key]!)) {
      if (score < 0 || score > 255) throw new Error(`ELD score ${score} does not fit a byte`);
      v.entryLanguage[e] = Number(language);
      v.entryScore[e++] = score;
    }
    let slot = hash(key) & (slots - 1);
    while (v.slots[slot] !== 0) slot = (slot + 1) & (slots - 1);
    v.slots[slot] = i + 1;
  });
  v.keyAt[keys.length] = k;
  v.entryAt[keys.length] = e;
  return buffer;
}

/** ELD's data shape over a packed buffer: `ngrams[key]` answers the language scores of an n-gram, read from the
 * buffer (a small object per look-up; a detection looks up a few dozen). */
export function eldDataOf(buffer: ArrayBufferLike): EldData {
  const v = views(buffer);
  const { type, languages } = JSON.parse(new TextDecoder().decode(v.languagesJson)) as Pick<EldData, 'type' | 'languages'>;
  const mask = v.slots.length - 1;
  const find = (key: string): number => {
    for (let slot = hash(key) & mask; ; slot = (slot + 1) & mask) {
      const i = v.slots[slot]! - 1;
      if (i < 0) return -1;
      const from = v.keyAt[i]!;
      if (v.keyAt[i + 1]! - from !== key.length) continue;
      let same = true;
      for (let c = 0; c < key.length && same; c++) same = v.keyBytes[from + c] === key.charCodeAt(c);
      if (same) return i;
    }
  };
  const ngrams = new Proxy({} as Record<string, Record<string, number>>, {
    get(_, key) {
      if (typeof key !== 'string') return undefined;
      const i = find(key);
      if (i < 0) return undefined;
      const scores: Record<string, number> = {};
      for (let e = v.entryAt[i]!; e < v.entryAt[i + 1]!; e++) scores[v.entryLanguage[e]!] = v.entryScore[e]!;
      return scores;
    },
  });
  return { type, languages, ngrams };
}
