import { describe, expect, it } from '@jest/globals';
import { explain } from '../../models/checks/off-topic.js';
import { autoRejectThreshold, calibrate, fitPlatt, reliability, reviewThreshold, type ScoredDecision } from '../../models/offtopic/calibration.js';
import { background, backgroundOf, consultationTerms, DENSE, features, logit, NO_STATS, PRIOR_WEIGHTS, proposalWords, scoreOf, sigmoid, specificity, wordStats, type Feature } from '../../models/offtopic/features.js';
import { contentStems, contentWords } from '../../models/text/content-words.js';
import { labelOf } from '../../workers/learning/learner.js';
import { LEARNING, learningStep } from '../../models/store/off-topic-models.js';

/** Deterministic pseudo-random numbers (mulberry32), so the synthetic samples are the same at every run. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Raw scores twice too confident and shifted, as an uncalibrated model's would be. */
function miscalibrated(n: number, seed: number): ScoredDecision[] {
  const rand = random(seed);
  return Array.from({ length: n }, () => {
    const z = (rand() - 0.5) * 12;
    return { z, y: rand() < sigmoid(0.5 * z - 1) ? 1 : 0, weight: 1 };
  });
}

describe('French content words', () => {
  it('meets inflected forms and ignores accents, case and stop words', () => {
    expect(contentStems('Il faut lutter contre les Violences faites aux femmes')).toEqual(contentStems('lutte contre la violence faite à une femme'));
    expect(contentStems('éducation')).toEqual(contentStems('Education'));
    expect(contentStems('Il faut que nous le fassions pour eux')).toHaveLength(1);
    expect(contentWords('Les harcèlements')).toEqual([{ stem: 'harcel', word: 'harcèlements' }]);
  });
});

describe('content words in the consultation\'s language', () => {
  it('stems English and drops its stop words and proposal verbs', () => {
    expect(contentStems('We should build more affordable houses', 'en')).toEqual(contentStems('Building affordable housing', 'en'));
    expect(contentStems('I think that we must do it', 'en')).toEqual(['think']);
  });

  it('splits German compounds into their parts, so that they meet the question\'s words', () => {
    expect(contentStems('Der Energieverbrauch muss sinken', 'de')).toEqual(expect.arrayContaining(contentStems('Energie', 'de')));
    expect(contentStems('Mehr Windräder und Wasserkraft', 'de')).toEqual(expect.arrayContaining([...contentStems('Wind', 'de'), ...contentStems('Wasser', 'de'), ...contentStems('Kraft', 'de')]));
    // short words the dictionary holds whole are not cut into look-alike parts ("Verb" + "Rauch")
    expect(contentStems('Verbrauch', 'de')).toHaveLength(1);
    expect(contentStems('Es sollte mehr für die Häuser getan werden', 'de')).toEqual(contentStems('Haus getan', 'de'));
  });

  it('has stop words for Spanish and Italian', () => {
    expect(contentStems('Hay que construir más viviendas para los jóvenes', 'es')).toHaveLength(3);
    expect(contentStems('Bisogna costruire più case per i giovani', 'it')).toHaveLength(3);
  });
});

describe('off-topic features', () => {
  const terms = consultationTerms({ question: 'Comment lutter contre les violences faites aux femmes ?', description: 'Une consultation citoyenne.', keywords: ['harcèlement'], language: 'fr' });

  it('marks words of the question, of the keywords and of the description', () => {
    const named = (text: string) => new Map(features(proposalWords(text, 'fr'), terms, NO_STATS).map((f) => [f.name, f.value]));
    expect(named('Il faut punir le harcèlement de rue').get('d:question')).toBe(1);
    expect(named('Il faut une consultation sur les impôts').get('d:question')).toBe(0);
    expect(named('Il faut une consultation sur les impôts').get('d:description')).toBe(1);
  });

  it('scores a proposal as the logit of its features, to the last bit', () => {
    const weights = new Map([['d:question', -1.25], ['d:seen', -7.5]]);
    const semantic = { question: 0.42, accepted: 0.37 };
    for (const text of ['Il faut punir le harcèlement de rue', 'Il faut une consultation sur les impôts', 'Il faut', 'le le le le la la']) {
      const words = proposalWords(text, 'fr');
      const stats = { seen: words.words.map(() => 0.5), accepted: words.words.map(() => 0.25), specific: words.words.map(() => 1), seenDocuments: 80 };
      expect(scoreOf(weights, words, terms, stats)).toBe(logit(weights, features(words, terms, stats)));
      expect(scoreOf(weights, words, terms, stats, { semantic })).toBe(logit(weights, features(words, terms, stats, { semantic })));
    }
  });

  it('measures how common the words are relative to the size of the consultation', () => {
    const words = contentWords('violences conjugales');
    const seen = new Map([['#n', 101], ['violenc', 51], ['conjugal', 1]]);
    expect(wordStats(words, seen, new Map(), 'fr')).toMatchObject({ seen: [1, 0], accepted: [0, 0], seenDocuments: 100 });
  });

  it('does not judge a young consultation on its few proposals', () => {
    const named = (documents: number) => features(proposalWords('Il faut des guichets le samedi', 'fr'), terms, { seen: [0, 0], accepted: [0, 0], specific: [0, 0], seenDocuments: documents })
      .find((f) => f.name === 'd:seen')!.value;
    expect(named(0)).toBeCloseTo(0.4);
    expect(named(25)).toBeCloseTo(0.2);
    expect(named(500)).toBe(0);
  });

  it('tells the words of the consultation\'s subject from the words of public life in general', () => {
    // background: 1000 proposals on every subject; 10 speak of violence, 100 of taxes
    const background = backgroundOf([
      ...Array.from({ length: 10 }, () => 'Il faut punir les violences'),
      ...Array.from({ length: 100 }, () => 'Il faut baisser les impôts'),
      ...Array.from({ length: 890 }, () => 'Il faut des transports'),
    ]);
    // the consultation: 400 accepted proposals, 200 speak of violence, 2 of taxes
    const violence = specificity('violenc', 200, 400, background);
    const taxes = specificity('impot', 2, 400, background);
    expect(violence).toBeGreaterThan(2);
    expect(taxes).toBeLessThan(-0.8);
    expect(specificity('chat', 0, 400, background)).toBe(0);
    // a word met once says little either way, and a young consultation is not judged on its few proposals
    expect(Math.abs(specificity('rare', 1, 400, backgroundOf(['un mot rare', ...Array(999).fill('autre')])))).toBeLessThan(0.2);
    expect(specificity('impot', 0, 10, background)).toBeGreaterThan(taxes / 2);
  });

  it('ships a background of proposals on every subject for French and English, none yet for the other languages', () => {
    const english = background('en')!;
    expect(english.documents).toBeGreaterThan(5000);
    // a consultation on taxes, 400 accepted proposals: its own subject stands out, another public subject is foreign
    const stem = (word: string) => contentWords(word, 'en')[0]!.stem;
    expect(specificity(stem('taxes'), 200, 400, english)).toBeGreaterThan(1);
    expect(specificity(stem('schools'), 0, 400, english)).toBeLessThan(-0.3);
    expect(specificity(stem('football'), 0, 400, english)).toBeLessThan(0);
    expect(background('fr')!.documents).toBe(3209);
    for (const language of ['de', 'es', 'it'] as const) expect(background(language)).toBeNull();
  });
});

describe('calibration', () => {
  it('recovers the true probabilities of a miscalibrated score (reliability within ±0.05)', () => {
    const platt = fitPlatt(miscalibrated(20000, 1));
    expect(platt.a).toBeCloseTo(0.5, 1);
    expect(platt.b).toBeCloseTo(-1, 1);
    const heldOut = miscalibrated(20000, 2).map((d) => ({ p: calibrate(d.z, platt), y: d.y }));
    const raw = miscalibrated(20000, 2).map((d) => ({ p: sigmoid(d.z), y: d.y }));
    for (const bin of reliability(heldOut)) expect(Math.abs(bin.predicted - bin.observed)).toBeLessThan(0.05);
    expect(reliability(raw).some((bin) => Math.abs(bin.predicted - bin.observed) > 0.1)).toBe(true);
  });

  it('keeps the raw score while decisions are few', () => {
    const platt = fitPlatt(miscalibrated(3, 3));
    expect(Math.abs(platt.a - 1) + Math.abs(platt.b)).toBeLessThan(0.6);
  });

  it('rejects automatically only where precision reached 0.99 on enough decisions', () => {
    const identity = { a: 1, b: 0 };
    const sure = Array.from({ length: 150 }, (_, i): ScoredDecision => ({ z: 5 + i / 100, y: 1, weight: 1 }));
    const unsure = Array.from({ length: 300 }, (_, i): ScoredDecision => ({ z: -3 + i / 100, y: i % 3 === 0 ? 1 : 0, weight: 1 }));
    const threshold = autoRejectThreshold([...sure, ...unsure], identity);
    expect(threshold).not.toBeNull();
    // the lowest cut with ≥ 99 % precision lets in at most one unsure decision per hundred sure ones
    expect(threshold!).toBeGreaterThan(sigmoid(-0.1));
    expect(threshold!).toBeLessThanOrEqual(sigmoid(5));
    expect(autoRejectThreshold(sure.slice(0, 50), identity)).toBeNull();
    expect(autoRejectThreshold(unsure, identity)).toBeNull();
  });
});

describe('review threshold', () => {
  const identity = { a: 1, b: 0 };
  it('leaves to automatic acceptance at most 1 − recall of the expected off-topic proposals', () => {
    // 1000 proposals: 900 at p ≈ 0.0025, 100 at p ≈ 0.5 — 47.3 off-topic proposals expected, 2.3 among the 900
    const population = [...Array(900).fill(-6), ...Array(100).fill(0)];
    expect(reviewThreshold(population, identity, 1, 0.9)).toBeCloseTo(0.5);
    expect(reviewThreshold(population, identity, 1, 0.99, 1)).toBeCloseTo(sigmoid(-6));
    // but never sends more than its budget of the population to review: the top 10 %, the 100 at 0.5
    expect(reviewThreshold(population, identity, 1, 0.99, 0.1)).toBeCloseTo(0.5);
    expect(reviewThreshold(population, identity, 1, 0.99, 0.5)).toBeCloseTo(sigmoid(-6));
    // only ever lowers the policy's own review point, and waits for enough proposals
    expect(reviewThreshold(population, identity, 0.1, 0.9)).toBe(0.1);
    expect(reviewThreshold(population.slice(0, 99), identity, 1)).toBeNull();
  });
});

describe('what a decision teaches', () => {
  const entry = (outcome: string, reason: string, decidedBy = 'mod-1') => ({ id: '1-0', proposalId: 'c~1', outcome, reason, decidedBy });
  it('labels accepts and off-topic rejections, gives automatic decisions no weight and skips the rest', () => {
    expect(labelOf(entry('accept', ''))).toEqual({ y: 0, weight: 1, accepted: true });
    expect(labelOf(entry('reject', 'off_topic'))).toEqual({ y: 1, weight: 1, accepted: false });
    expect(labelOf(entry('accept', '', 'system'))).toEqual({ y: 0, weight: 0, accepted: true });
    expect(labelOf(entry('reject', 'toxic'))).toBeNull();
    expect(labelOf(entry('undone', ''))).toBeNull();
  });
});

describe('learning step', () => {
  const stem: Feature = { name: 'h:1', value: 0.5 };
  const seen: Feature = { name: DENSE.seen, value: 0.5 };

  it('moves a hashed feature met in few decisions fast, and slower as evidence about it accumulates', () => {
    const accumulators = new Map<string, number>();
    let weights = new Map<string, number>();
    const moves: number[] = [];
    for (let i = 0; i < 4; i++) {
      const next = learningStep(weights, [stem], -0.5, 1, accumulators);
      moves.push(next.get(stem.name)! - (weights.get(stem.name) ?? 0));
      weights = next;
    }
    // a refusal scored 0.5 (gradient −0.5): the first step is over 1.5× the plain rate's, each next one smaller
    expect(moves[0]).toBeGreaterThan(1.5 * LEARNING.rate * 0.25);
    for (let i = 1; i < moves.length; i++) expect(moves[i]).toBeLessThan(moves[i - 1]!);
    expect(accumulators.get(stem.name)).toBeCloseTo(4 * 0.25 ** 2, 2);
  });

  it('barely moves a feature of a proposal the model already scored right', () => {
    const next = learningStep(new Map(), [stem], 0.01, 1, new Map());
    expect(Math.abs(next.get(stem.name)!)).toBeLessThan(0.01);
  });

  it('keeps the plain rate for the dense features and leaves the accumulators alone on automatic decisions', () => {
    const accumulators = new Map<string, number>();
    const next = learningStep(new Map(), [seen, stem], -0.5, 1, accumulators);
    expect(next.get(DENSE.seen)).toBeCloseTo(PRIOR_WEIGHTS[DENSE.seen]! + LEARNING.rate * 0.25, 9);
    expect(accumulators.has(DENSE.seen)).toBe(false);
    const before = new Map(accumulators);
    learningStep(next, [seen, stem], 0, 0, accumulators);
    expect(accumulators).toEqual(before);
  });
});

describe('explanation', () => {
  it('says why, with the closest off-topic rejection', () => {
    const detail = explain({ probability: 0.42, questionWords: [], nearestOffTopic: { text: 'Il faut baisser les impôts', similarity: 0.5 }, autoRejectAt: null, reviewAt: null });
    expect(detail).toBe('peut ne pas répondre à la question ; aucun mot en lien avec la question ; ressemble à des propositions refusées comme hors sujet : « Il faut baisser les impôts »');
  });
  it('says so when the learnt review point sent a proposal of low probability to review', () => {
    const detail = explain({ probability: 0.04, questionWords: ['lutter'], nearestOffTopic: null, autoRejectAt: null, reviewAt: 0.0031 }, true);
    expect(detail).toBe('à vérifier : peut ne pas répondre à la question ; mots en lien avec la question : « lutter »');
    expect(explain({ probability: 0.003, questionWords: [], nearestOffTopic: null, autoRejectAt: null, reviewAt: 0.002 }, true)).toBe('à vérifier : peut ne pas répondre à la question (0,3 %) ; aucun mot en lien avec la question');
  });
});
