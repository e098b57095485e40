import { memoiseWord } from '../../models/text/memo.js';

describe('memoiseWord', () => {
  it('computes a word once while it is remembered', () => {
    const calls: string[] = [];
    const upper = memoiseWord((w) => { calls.push(w); return w.toUpperCase(); }, 10);
    expect([upper('lutte'), upper('lutte'), upper('harcèlement')]).toEqual(['LUTTE', 'LUTTE', 'HARCÈLEMENT']);
    expect(calls).toEqual(['lutte', 'harcèlement']);
  });

  it('stays bounded: when full it starts afresh and still answers right', () => {
    const calls: string[] = [];
    const len = memoiseWord((w) => { calls.push(w); return w.length; }, 2);
    for (const w of ['a', 'bb', 'ccc']) len(w); // the third word finds the memo full: it is cleared
    expect(len('ccc')).toBe(3);
    expect(len('a')).toBe(1);
    expect(calls).toEqual(['a', 'bb', 'ccc', 'a']);
  });

  it('computes a word longer than any French word afresh instead of remembering it', () => {
    let calls = 0;
    const id = memoiseWord((w) => { calls++; return w; });
    const long = 'a'.repeat(5000);
    id(long);
    id(long);
    expect(calls).toBe(2);
  });

  it('remembers falsy answers too', () => {
    let calls = 0;
    const known = memoiseWord(() => { calls++; return false; });
    known('azerty');
    known('azerty');
    expect(calls).toBe(1);
  });
});
