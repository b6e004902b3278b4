"""Anchor of bench/measures/statistics.mjs: scipy's bootstrap and permutation test on the same data, timed here.

usage: python3 scipy_resampling.py DATA.json  ->  JSON {"bootstrap_percentile_ms": [...], ...} (wall times per run)
DATA.json: {"x": [...], "y": [...], "resamples": B, "repeats": R}
"""
import json
import sys
import time

import numpy as np
import scipy
from scipy import stats

data = json.load(open(sys.argv[1]))
x = np.asarray(data["x"], dtype=float)
y = np.asarray(data["y"], dtype=float)
resamples = int(data["resamples"])
repeats = int(data["repeats"])


def mean_difference(a, b, axis=-1):
    return np.mean(a - b, axis=axis)


def timed(body):
    body(0)  # warm-up, as the JavaScript side
    times = []
    for run in range(repeats):
        start = time.perf_counter()
        body(run + 1)
        times.append((time.perf_counter() - start) * 1000)
    return times


out = {"scipy": scipy.__version__, "numpy": np.__version__}
out["bootstrap_percentile_ms"] = timed(lambda seed: stats.bootstrap(
    (x, y), mean_difference, paired=True, vectorized=True, n_resamples=resamples, method="percentile", random_state=seed))
out["bootstrap_bca_ms"] = timed(lambda seed: stats.bootstrap(
    (x, y), mean_difference, paired=True, vectorized=True, n_resamples=resamples, method="BCa", random_state=seed))
out["permutation_ms"] = timed(lambda seed: stats.permutation_test(
    (x, y), mean_difference, permutation_type="samples", vectorized=True, n_resamples=resamples,
    alternative="two-sided", random_state=seed))
print(json.dumps(out))
