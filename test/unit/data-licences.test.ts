/**
 * The licences of the data the build repacks (docs/OPS.md, "Licences of the data"): every packed table comes from a
 * package that ships its licence text, and the build writes those texts and a notice beside the packed files, so an
 * image that ships dist/ ships them. A package changing its licence (or dropping its text) fails here.
 */
import { existsSync, readFileSync } from 'node:fs';
import { packedSources } from '../../models/text/shared-tables.js';

const sources = packedSources();
const EXPECTED: Record<string, string> = {
  eld: 'Apache-2.0', '@cspell/dict-fr-fr': 'MIT', '@cspell/dict-en_us': 'MIT', '@cspell/dict-en-gb-mit': 'MIT',
  '@cspell/dict-de-de': 'LGPL-3.0', '@cspell/dict-es-es': 'LGPL-3.0', '@cspell/dict-it-it': 'GPL-3.0-or-later',
};

test('each packed table\'s package, and its licence as docs/OPS.md states it', () => {
  expect(Object.fromEntries(sources.map((s) => [s.pkg, s.licence]))).toEqual(EXPECTED);
});

test('each package ships its licence text; the LGPL ones come with a GPL 3.0 text among them', () => {
  for (const s of sources) expect([s.pkg, s.licenceText !== null && existsSync(s.licenceText)]).toEqual([s.pkg, true]);
  const first = (s: (typeof sources)[number]) => readFileSync(s.licenceText!, 'utf8').trimStart().split('\n')[0]!.trim();
  expect(sources.filter((s) => s.licence.startsWith('LGPL')).map(first)).toEqual(['GNU LESSER GENERAL PUBLIC LICENSE', 'GNU LESSER GENERAL PUBLIC LICENSE']);
  expect(sources.filter((s) => s.licence.startsWith('GPL-3.0')).map(first)).toEqual(['GNU GENERAL PUBLIC LICENSE']);
});

test('the build wrote the texts and the notice beside the packed files', () => {
  const dir = new URL('../../dist/models/data/packed/', import.meta.url);
  const notice = readFileSync(new URL('LICENCES.md', dir), 'utf8');
  for (const s of sources) {
    const copy = `licences/${s.pkg.replace('/', '+')}.LICENSE`;
    expect(notice).toContain(`| ${s.pkg}@${s.version} | ${s.licence} | ${copy} |`);
    expect(readFileSync(new URL(copy, dir), 'utf8')).toBe(readFileSync(s.licenceText!, 'utf8'));
  }
  expect(notice).toContain('(the GPL 3.0 text: licences/@cspell+dict-it-it.LICENSE)');
});
