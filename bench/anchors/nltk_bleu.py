"""Anchor of bench/measures/metrics.mjs: NLTK's sentence_bleu (default weights, no smoothing, whitespace split) and,
when the rouge-score package is installed, rouge_scorer (rouge1, rouge2, rougeL) on the same pairs, timed here.

usage: python3 nltk_bleu.py PAIRS.json -> JSON {"bleu_ms": [...], "rouge_ms": [...] or null, "checksum": ...}
"""
import json
import sys
import time
import warnings

from nltk.translate.bleu_score import sentence_bleu

warnings.simplefilter("ignore")
data = json.load(open(sys.argv[1]))
pairs = data["pairs"]
repeats = int(data["repeats"])
try:
    from rouge_score import rouge_scorer
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"])
except ImportError:
    scorer = None


def bleu_all():
    return sum(sentence_bleu([reference.split()], hypothesis.split()) for hypothesis, reference in pairs)


def rouge_all():
    return sum(scorer.score(reference, hypothesis)["rougeL"].fmeasure for hypothesis, reference in pairs)


def timed(body):
    body()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        body()
        times.append((time.perf_counter() - start) * 1000)
    return times


print(json.dumps({"bleu_ms": timed(bleu_all), "rouge_ms": timed(rouge_all) if scorer else None, "bleu_sum": bleu_all()}))
