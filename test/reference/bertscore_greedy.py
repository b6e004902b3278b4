"""Reference values of BERTScore's greedy matching for test/evaluation/metrics/greedy-cosine-match.test.ts.

Run with Debian's /usr/bin/python3 and python3-numpy 1.24:
    /usr/bin/python3 test/reference/bertscore_greedy.py > test/reference/bertscore-greedy.json

Written from the equations of Zhang et al., "BERTScore: Evaluating Text Generation with BERT", ICLR 2020
(eq. 1-3 and the idf-weighted form of section 3), with numpy matrix algebra: rows are normalised, the
cosine matrix is C @ R.T, P is the weighted mean over candidate rows of the row maxima, R the weighted mean over
reference columns of the column maxima, F = 2PR/(P+R). Vectors come from a seeded numpy generator; the first and
last token of every text stand for [CLS]/[SEP] (weight 0).
"""
import json

import numpy as np

rng = np.random.default_rng(20260412)


def score(cand, ref, cand_w, ref_w):
    c = cand / np.linalg.norm(cand, axis=1, keepdims=True)
    r = ref / np.linalg.norm(ref, axis=1, keepdims=True)
    sim = c @ r.T
    p = float(np.sum(sim.max(axis=1) * (cand_w / cand_w.sum())))
    rec = float(np.sum(sim.max(axis=0) * (ref_w / ref_w.sum())))
    return {'precision': p, 'recall': rec, 'f1': 2 * p * rec / (p + rec)}


cases = []
for cand_len, ref_len, dim, use_idf in [(4, 5, 8, False), (6, 3, 16, True), (3, 3, 4, False), (9, 12, 32, True)]:
    cand = rng.normal(size=(cand_len, dim))
    ref = rng.normal(size=(ref_len, dim))
    if cand_len == 3:
        ref = cand * np.array([[2.0], [0.5], [3.0]])  # same directions, other lengths: every cosine match is 1
    cand_w = np.ones(cand_len)
    ref_w = np.ones(ref_len)
    if use_idf:
        cand_w = rng.uniform(0.1, 3.0, size=cand_len)
        ref_w = rng.uniform(0.1, 3.0, size=ref_len)
    cand_w[0] = cand_w[-1] = 0.0
    ref_w[0] = ref_w[-1] = 0.0
    cases.append({'candidate': {'vectors': cand.tolist(), 'weights': cand_w.tolist()},
                  'reference': {'vectors': ref.tolist(), 'weights': ref_w.tolist()},
                  'expected': score(cand, ref, cand_w, ref_w)})
print(json.dumps({'numpy': np.__version__, 'cases': cases}))
