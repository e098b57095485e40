import { memoiseText, memoiseWord } from '../../models/text/memo.js';

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

  it('remembers only the last few words longer than any French word: asked again by the checks of one proposal, never kept in bulk', () => {
    let calls = 0;
    const id = memoiseWord((w) => { calls++; return w; });
    const long = (c: string) => c.repeat(5000);
    id(long('a'));
    id(long('a'));
    expect(calls).toBe(1);
    for (const c of 'bcde') id(long(c));
    expect(calls).toBe(5);
    id(long('a')); // pushed out by four later ones
    expect(calls).toBe(6);
    id(long('e'));
    expect(calls).toBe(6);
  });

  it('remembers falsy answers too', () => {
    let calls = 0;
    const known = memoiseWord(() => { calls++; return false; });
    known('azerty');
    known('azerty');
    expect(calls).toBe(1);
  });
});

describe('memoiseText', () => {
  it('remembers the last few texts longer than a word, computing shorter ones afresh', () => {
    const calls: string[] = [];
    const fold = memoiseText((t) => { calls.push(t); return t.toLowerCase(); });
    const text = 'Il faut développer les pistes cyclables entre les villages';
    expect([fold(text), fold(text), fold('Il'), fold('Il')]).toEqual([text.toLowerCase(), text.toLowerCase(), 'il', 'il']);
    expect(calls).toEqual([text, 'Il', 'Il']);
    for (const c of 'bcde') fold(c.repeat(100));
    fold(text); // pushed out by four later ones
    expect(calls.filter((t) => t === text)).toHaveLength(2);
  });
});
