/**
 * Snowball's French stemmer, memoised: the triage of one proposal stems each word twice (similarity terms,
 * off-topic features), and a consultation's vocabulary is small, so the memo answers almost every call.
 */
import snowball from 'snowball-stemmers';
import { memoiseWord } from './memo.js';

const stemmer = snowball.newStemmer('french');

export const frenchStem = memoiseWord((word) => stemmer.stem(word));
