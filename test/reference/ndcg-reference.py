"""Reference nDCG values for test/rag/retrieval-metrics.test.ts (run with Debian's /usr/bin/python3, scikit-learn 1.2.1)."""
import numpy as np
from sklearn.metrics import ndcg_score

CASES = [
    ([0, 1, 0, 1, 0], 3, 5),
    ([1, 0, 0, 0, 0], 1, 5),
    ([0, 0, 0, 0, 1], 2, 3),
    ([0, 1, 1, 0, 1, 0, 0, 0, 0, 0], 4, 10),
    ([0, 1], 1, 2),
]

for relevance, total_relevant, k in CASES:
    n = 20
    y_true = np.zeros(n)
    y_true[: len(relevance)] = relevance
    missing = total_relevant - sum(relevance)
    y_true[len(relevance) : len(relevance) + missing] = 1  # relevant items the ranking did not list
    y_score = np.empty(n)
    y_score[: len(relevance)] = np.arange(len(relevance), 0, -1) + 100  # the ranking, best first
    y_score[len(relevance) :] = -np.arange(n - len(relevance))  # everything else after it
    print(relevance, total_relevant, k, repr(ndcg_score([y_true], [y_score], k=k)))
