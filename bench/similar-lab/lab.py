"""
Offline lab for same-idea retrieval (issue 4): scans a labelled stream in order and scores, for every row whose
cluster has an earlier member, recall@5 and precision@1 of its ranking of ALL earlier rows, exactly as
run-eval.mjs scores `similar` (a full scan: the service verifies a shortlist of <= 40, which cost 0.002 here).
Input: the export of bench/similar-lab/export.ts (the service's folding, stems and Dice).
Needs python3 with numpy and scipy (not a dependency of the service).
Run: npm run build && node dist/bench/similar-lab/export.js && python3 bench/similar-lab/lab.py [/tmp/similar-lab]
     [--thesaurus-only]   (the reference row and the thesaurus variants only)
Variants are online (a row only sees earlier rows) unless marked "bound".
The thesaurus variants need the export's thesaurus.json (Debian package mythes-fr installed when exporting).
"""
import collections, json, math, os, sys
import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as sla

ARGS = [a for a in sys.argv[1:] if not a.startswith('--')]
DIR = ARGS[0] if ARGS else '/tmp/similar-lab'
rows = json.load(open(f'{DIR}/rows.json'))
corpus = json.load(open(f'{DIR}/corpus.json'))
THESAURUS = json.load(open(f'{DIR}/thesaurus.json')) if os.path.exists(f'{DIR}/thesaurus.json') else []
n = len(rows)
DICE = np.fromfile(f'{DIR}/dice.f32', dtype=np.float32).reshape(n, n).astype(float)
clusters = [r['cluster'] for r in rows]
TERMS = [r['terms'] for r in rows]
STOP = set(('a au aux avec c ce ces cette d dans de des du elle elles en est et etre faire faudrait faut il ils j l la le '
            'les leur leurs m mais n ne on ou par pas plus pour qu que qui s sa sans se ses son sont sur t tous tout toute '
            'toutes un une y doit nous vous').split())  # models/similarity/features.ts


def evaluate(S, label):
    """S[i, j], j < i: score of earlier row j for row i."""
    seen, N, r5, p1 = set(), 0, 0, 0
    for i, c in enumerate(clusters):
        if not c:
            continue
        if c in seen:
            top = np.argsort(-S[i, :i], kind='stable')[:5]
            hit = [clusters[j] == c for j in top]
            N, r5, p1 = N + 1, r5 + any(hit), p1 + hit[0]
        seen.add(c)
    print(f'| {label} | {r5 / N:.3f} | {p1 / N:.3f} |', flush=True)


def online_df():
    """document frequency of each row's terms counted over rows 0..i (the service counts the row itself)"""
    df, out = collections.Counter(), []
    for ts in TERMS:
        df.update(ts)
        out.append({t: df[t] for t in ts})
    return out


DF = online_df()
def idf(i, t):
    return math.log((i + 2) / (DF[i][t] + 1)) + 1


def service_term_overlap(R=None, w=0.0, weights=None):
    """models/store/similarity-index.ts termOverlap: idf-weighted, the candidate's unknown terms weigh the query's mean.
    With a synonym relation R (stem -> {stem: strength in 0..1}), a query term absent from the candidate but a
    synonym of one of the candidate's other terms adds w x the strongest link x its idf^2 to the shared part (the
    candidate's norm is unchanged).
    weights(i) -> {term: idf}: the query's term weights (default: the service's online idf)."""
    S = np.zeros((n, n))
    for i in range(n):
        q = weights(i) if weights else {t: idf(i, t) for t in TERMS[i]}
        if not q:
            continue
        mine = sum(x * x for x in q.values())
        mean2 = mine / len(q)
        for j in range(i):
            if not TERMS[j]:
                continue
            shared = sum(q[t] ** 2 for t in TERMS[j] if t in q)
            rest = [u for u in TERMS[j] if u not in q]
            other = mean2 * len(rest)
            if R and rest:
                shared_syn = sum(x * x * max(R.get(t, {}).get(u, 0) for u in rest) for t, x in q.items() if t not in TERMS[j])
            else:
                shared_syn = 0
            S[i, j] = (shared + w * shared_syn) / math.sqrt(mine * (shared + other))
    return S


def char_ngrams(r, lo=3, hi=5):
    f = collections.Counter()
    for w in r['words']:
        if w not in STOP:
            p = f' {w} '
            for L in range(lo, hi + 1):
                f.update(p[a:a + L] for a in range(len(p) - L + 1))
    return f


def tfidf_cosine(F):
    """cosine of log-tf x online-idf vectors"""
    S, df = np.zeros((n, n)), collections.Counter()
    for i in range(n):
        df.update(F[i].keys())
        def vec(f):
            v = {t: (1 + math.log(c)) * (math.log((i + 2) / (df[t] + 1)) + 1) for t, c in f.items()}
            norm = math.sqrt(sum(x * x for x in v.values())) or 1
            return {t: x / norm for t, x in v.items()}
        q = vec(F[i])
        for j in range(i):
            c = vec(F[j])
            S[i, j] = sum(x * c.get(t, 0) for t, x in q.items())
    return S


def bm25(k1=1.2, b=0.75):
    S, df, lens = np.zeros((n, n)), collections.Counter(), []
    for i in range(n):
        df.update(TERMS[i])
        lens.append(len(TERMS[i]))
        avg = np.mean(lens)
        for j in range(i):
            tj = set(TERMS[j])
            S[i, j] = sum(math.log(1 + (i + 1 - df[t] + 0.5) / (df[t] + 0.5)) * (k1 + 1) / (1 + k1 * (1 - b + b * lens[j] / avg))
                          for t in TERMS[i] if t in tj)
    return S


def neighbour_feedback(B, k=10, beta=0.3):
    """pseudo-relevance feedback: support of a candidate by the query's k best earlier matches"""
    Bs = np.tril(B, -1); Bs = Bs + Bs.T
    S = np.zeros((n, n))
    for i in range(1, n):
        s = B[i, :i]
        top = np.argsort(-s)[:k]
        S[i, :i] = s + beta * (s[top][:, None] * Bs[top, :i]).sum(0) / (s[top].sum() + 1e-9)
    return S


def local_density(B, k, lam):
    """score - lam x mean similarity of the candidate to its k best earlier matches (lam > 0: CSLS hubness
    correction; lam < 0: a boost of dense regions, i.e. large ideas)"""
    r = np.array([np.sort(B[c, :c])[::-1][:k].mean() if c else np.nan for c in range(n)])
    r[0] = np.nanmean(r)  # the first row has no earlier match: the mean
    S = np.zeros((n, n))
    for i in range(1, n):
        S[i, :i] = B[i, :i] - lam * r[:i]
    return S


def binary_idf_matrix(upto, vocab):
    D = np.zeros((upto, len(vocab)))
    for i in range(upto):
        for t in TERMS[i]:
            D[i, vocab[t]] = 1
    return D


def lsa_online(k=100, every=25):
    """latent semantic analysis of the consultation's own earlier rows, refitted every `every` rows"""
    vocab = {}
    for ts in TERMS:
        for t in ts:
            vocab.setdefault(t, len(vocab))
    T = binary_idf_matrix(n, vocab)
    S, basis = np.zeros((n, n)), None
    for i in range(1, n):
        if basis is None or i % every == 0:
            D = T[:i + 1]
            w = np.log((i + 2) / (D.sum(0) + 1)) + 1
            M = D * w
            M /= np.linalg.norm(M, axis=1, keepdims=True) + 1e-9
            basis = np.linalg.svd(M, full_matrices=False)[2][:k].T
        Q = T[:i + 1] * w
        Z = (Q / (np.linalg.norm(Q, axis=1, keepdims=True) + 1e-9)) @ basis
        Z /= np.linalg.norm(Z, axis=1, keepdims=True) + 1e-9
        S[i, :i] = Z[:i] @ Z[i]
    return S


def ppmi_word_vectors(docs, weights, dim=100, mincount=2, alpha=0.75):
    """PPMI of same-text co-occurrence (context-distribution smoothing alpha), truncated SVD, unit rows"""
    count = collections.Counter(t for d in docs for t in set(d))
    ix = {t: i for i, t in enumerate(t for t, c in count.items() if c >= mincount)}
    r, c, v = [], [], []
    for di, d in enumerate(docs):
        for t in set(d):
            if t in ix:
                r.append(di); c.append(ix[t]); v.append(weights[di])
    D = sp.csr_matrix((v, (r, c)), shape=(len(docs), len(ix)))
    Db = D.copy(); Db.data = np.ones_like(Db.data)
    Co = (D.T @ Db).tocoo()
    off = Co.row != Co.col
    rr, cc, vv = Co.row[off], Co.col[off], Co.data[off]
    tot = vv.sum()
    rs = np.bincount(rr, weights=vv, minlength=len(ix))
    cs = np.bincount(cc, weights=vv, minlength=len(ix)) ** alpha
    cs /= cs.sum()
    pmi = np.log(vv / tot / (rs[rr] / tot) / cs[cc])
    keep = pmi > 0
    U, s, _ = sla.svds(sp.csr_matrix((pmi[keep], (rr[keep], cc[keep])), shape=(len(ix), len(ix))), k=dim)
    W = U * np.sqrt(s)
    return ix, W / (np.linalg.norm(W, axis=1, keepdims=True) + 1e-9)


def sentence_vectors(ix, W, upto):
    """idf-weighted mean of the word vectors of each row's stems"""
    X = np.zeros((upto, W.shape[1]))
    for i in range(upto):
        for t in TERMS[i]:
            if t in ix:
                X[i] += idf(i, t) * W[ix[t]]
    return X / (np.linalg.norm(X, axis=1, keepdims=True) + 1e-9)


def word_vector_cosine(consultation_rows, every=50, dim=100):
    """consultation_rows: 'none' (corpus only), 'online' (corpus + the rows before, refitted every `every` rows),
    'all' (corpus + every row of the stream, later ones included: a bound, not something the service can do)"""
    S = np.zeros((n, n))
    if consultation_rows != 'online':
        extra = TERMS if consultation_rows == 'all' else []
        ix, W = ppmi_word_vectors(corpus + extra, [1] * len(corpus) + [3] * len(extra), dim)
        X = sentence_vectors(ix, W, n)
        return np.tril(X @ X.T, -1)
    for start in range(1, n, every):
        ix, W = ppmi_word_vectors(corpus + TERMS[:start], [1] * len(corpus) + [3] * start, dim)
        X = sentence_vectors(ix, W, min(n, start + every))
        for i in range(start, min(n, start + every)):
            S[i, :i] = X[:i] @ X[i]
    return S


def synonym_relation(first=None, same_pos=False, mutual=False):
    """Symmetric relation between stems from the thesaurus: a ~ b when b is listed among a's synonyms or the reverse.
    first: only the first `first` synonyms of an entry (mythes-fr has one meaning for 36,123 of its 36,166
    headwords, its lists run from the closest sense to loose associations); same_pos: only when b is itself a
    headword sharing a part of speech with a's entry ('?' matches any); mutual: only when each lists the other."""
    pos = collections.defaultdict(set)
    for head, p, _ in THESAURUS:
        pos[head].update(p.split())
    directed = collections.defaultdict(set)
    for head, p, syns in THESAURUS:
        ps = set(p.split())
        for b in syns[:first]:
            if same_pos and not (ps & pos[b] or '?' in ps or '?' in pos[b]):
                continue
            directed[head].add(b)
    R = collections.defaultdict(dict)
    for a, bs in directed.items():
        for b in bs:
            if not mutual or a in directed.get(b, ()):
                R[a][b] = R[b][a] = 1.0
    return R


def graded_relation(R, at_least):
    """links weighted by how much the two stems' thesaurus neighbourhoods overlap (cosine of the closed
    neighbourhoods): a hub word's loose associations weigh little; links below `at_least` dropped"""
    G = collections.defaultdict(dict)
    for a, bs in R.items():
        Na = set(bs) | {a}
        for b in bs:
            Nb = set(R[b]) | {b}
            strength = len(Na & Nb) / math.sqrt(len(Na) * len(Nb))
            if strength >= at_least:
                G[a][b] = strength
    return G


def link_precision(Rel):
    """share of same-idea pairs among the earlier-row pairs sharing a stem, and among those linked only by a synonym"""
    counts = np.zeros((3, 2))
    for i in range(n):
        for j in range(i if clusters[i] else 0):
            if not clusters[j]:
                continue
            same, a, b = int(clusters[i] == clusters[j]), set(TERMS[i]), set(TERMS[j])
            counts[0, same] += 1
            counts[1, same] += bool(a & b)
            counts[2, same] += any(u in Rel.get(t, ()) for t in a - b for u in b - a)
    return counts[:, 1] / counts.sum(1), counts.sum(1)


def expanded_df_idf(R):
    """online idf over the expanded terms: a row counts for a term when it holds the term or one of its synonyms"""
    df, out = collections.Counter(), []
    for i, ts in enumerate(TERMS):
        df.update(set(ts) | {s for t in ts for s in R.get(t, ())})
        out.append({t: math.log((i + 2) / (df[t] + 1)) + 1 for t in ts})
    return lambda i: out[i]


def expansion_cosine(R, w, expanded_idf):
    """cosine of the rows' stem vectors expanded with their synonyms: exact stems weigh their idf, synonyms w x
    theirs (idf online over exact stems, or over the expanded terms)"""
    vocab = {}
    for ts in TERMS:
        for t in ts:
            for u in [t, *R.get(t, ())]:
                vocab.setdefault(u, len(vocab))
    r, c, v = [], [], []
    for i, ts in enumerate(TERMS):
        row = {vocab[s]: w for t in ts for s in R.get(t, ())}
        row.update({vocab[t]: 1.0 for t in ts})
        r += [i] * len(row); c += list(row); v += list(row.values())
    X = sp.csr_matrix((v, (r, c)), shape=(n, len(vocab)))
    Bin = X.copy(); Bin.data = np.ones_like(Bin.data)
    Exact = X.copy(); Exact.data = (Exact.data == 1.0).astype(float)
    df_rows = (Bin if expanded_idf else Exact).toarray().cumsum(0)
    S = np.zeros((n, n))
    for i in range(1, n):
        wv = np.log((i + 2) / (df_rows[i] + 1)) + 1
        Y = X[:i + 1].multiply(wv).tocsr()
        norms = np.sqrt(Y.multiply(Y).sum(1)).A.ravel() + 1e-9
        S[i, :i] = (Y[:i] @ Y[i].T).toarray().ravel() / norms[:i] / norms[i]
    return S


def thesaurus_variants(B):
    if not THESAURUS:
        print('| (no thesaurus.json: apt-get install mythes-fr, then export again) | | |')
        return
    vocab = {t for ts in TERMS for t in ts}
    R = synonym_relation()
    linked = sum(1 for t in vocab if R.get(t, {}).keys() & vocab)
    print(f'| (thesaurus: {len(THESAURUS)} meanings; {sum(1 for t in vocab if t in R)} of the stream\'s {len(vocab)} stems '
          f'have synonyms, {linked} a synonym among the stream\'s stems) | | |')
    relations = [('all synonyms', R), ('same part of speech', synonym_relation(same_pos=True)),
                 ('first 5 of each entry', synonym_relation(first=5)), ('first 10 of each entry', synonym_relation(first=10)),
                 ('mutual (each lists the other)', synonym_relation(mutual=True))]
    for label, Rel in relations:
        for w in (0.3, 0.5):
            C = service_term_overlap(Rel, w)
            evaluate(0.5 * DICE + 0.5 * C, f'service, synonyms ({label}) at {w} in the stem overlap')
    for at_least in (0.2, 0.35, 0.5):
        G = graded_relation(R, at_least)
        for w in (0.5, 1.0):
            C = service_term_overlap(G, w)
            evaluate(0.5 * DICE + 0.5 * C, f'service, synonyms weighted by neighbourhood overlap (≥ {at_least}) at {w}')
    for w in (0.3, 0.5):
        C = service_term_overlap(R, w, expanded_df_idf(R))
        evaluate(0.5 * DICE + 0.5 * C, f'service, synonyms (all) at {w}, idf over the expanded terms')
    for label, Rel in [('all', R), ('first 5', relations[2][1])]:
        for w in (0.3, 0.5):
            for expanded_idf in (False, True):
                E = expansion_cosine(Rel, w, expanded_idf)
                tag = f'synonyms ({label}) at {w}, idf over {"expanded" if expanded_idf else "exact"} terms'
                evaluate(E, f'cosine of stems expanded with synonyms, {tag}, alone')
                evaluate(0.5 * DICE + 0.5 * E, f'½ Dice + ½ cosine of expanded stems, {tag}')
                evaluate(0.7 * B + 0.3 * E, f'service 0.7 + cosine of expanded stems 0.3, {tag}')
    # the rows a thesaurus could rescue: no content stem shared with any earlier member of their idea
    seen, none, rescued = collections.defaultdict(list), 0, 0
    for i, cl in enumerate(clusters):
        if cl and seen[cl]:
            mine = set(TERMS[i])
            if not any(mine & set(TERMS[j]) for j in seen[cl]):
                none += 1
                rescued += any(R.get(t, {}).keys() & set(TERMS[j]) for j in seen[cl] for t in mine)
        if cl:
            seen[cl].append(i)
    print(f'| (rows sharing no stem with an earlier member of their idea: {none}; of these, sharing a synonym with one: {rescued}) | | |')
    for label, Rel in [('all', R), ('first 5', relations[2][1])]:
        (base, stem, syn), (N, Ns, Nsyn) = link_precision(Rel)
        print(f'| (pairs of labelled rows: {base:.3f} same idea of {N:.0f}; sharing a stem {stem:.3f} of {Ns:.0f}; '
              f'linked by a synonym ({label}) {syn:.3f} of {Nsyn:.0f}) | | |')


def cluster_level_bound(B):
    """Knowing the ideas of the earlier rows (the service does not): rank ideas by the mean of their 3 best
    matches, one entry per idea in the top 5"""
    seen, N, r5, p1 = set(), 0, 0, 0
    for i, c in enumerate(clusters):
        if not c:
            continue
        if c in seen:
            by = collections.defaultdict(list)
            for j in range(i):
                if clusters[j]:
                    by[clusters[j]].append(B[i, j])
            order = sorted(by, key=lambda k: -np.mean(sorted(by[k], reverse=True)[:3]))[:5]
            N, r5, p1 = N + 1, r5 + (c in order), p1 + (order[0] == c)
        seen.add(c)
    print(f'| bound: ideas of earlier rows known, service blend | {r5 / N:.3f} | {p1 / N:.3f} |')


if __name__ == '__main__':
    print('| variant | recall@5 | precision@1 |\n|---|---|---|')
    C = service_term_overlap()
    B = 0.5 * DICE + 0.5 * C
    evaluate(B, 'service: ½ bigram Dice + ½ idf stem overlap')
    if '--thesaurus-only' in sys.argv:
        thesaurus_variants(B)
        sys.exit(0)
    evaluate(DICE, 'bigram Dice alone')
    evaluate(C, 'idf stem overlap alone')
    CH = tfidf_cosine([char_ngrams(r) for r in rows])
    evaluate(CH, 'tf-idf cosine of character 3-5-grams of content words')
    evaluate(0.5 * C + 0.5 * CH, '½ stem overlap + ½ character 3-5-grams')
    evaluate(bm25(), 'BM25 of stems')
    evaluate(neighbour_feedback(B), 'service + neighbour feedback (k 10, β 0.3)')
    evaluate(local_density(B, 20, 0.5), 'service − ½ local density (CSLS hubness correction, k 20)')
    evaluate(local_density(B, 40, -0.25), 'service + ¼ local density (large-idea prior, k 40)')
    L = lsa_online()
    evaluate(L, 'LSA of the earlier rows, 100 dims, alone')
    evaluate(0.8 * B + 0.2 * L, 'service 0.8 + LSA 0.2')
    for label, mode in [('corpus', 'none'), ('corpus + earlier rows', 'online'), ('bound: corpus + whole stream', 'all')]:
        E = word_vector_cosine(mode)
        evaluate(E, f'PPMI-SVD word vectors ({label}), 100 dims, alone')
        evaluate(0.7 * B + 0.3 * E, f'service 0.7 + word vectors ({label}) 0.3')
    cluster_level_bound(B)
    thesaurus_variants(B)
