#!/usr/bin/python3
"""Independent reference for the human-evaluation import and analysis (tests in test/data and test/evaluation).

Run with Debian's Python (scipy 1.10, statsmodels 0.13, pandas 1.5):

    /usr/bin/python3 test/reference/human-eval-reference.py ../shared/data/human-eval > test/reference/human-eval-reference.json

It re-derives everything (and a digest of every field as Python's csv module parses it, to check the
TypeScript CSV reader) from the two CSVs with Python's csv module and pandas, without using the
TypeScript code: counts per system (raw and after removing exact duplicate rows), the complete question
blocks, Friedman's test (scipy.stats.friedmanchisquare) with Kendall's W, Wilcoxon signed-rank tests
against a reference system (scipy.stats.wilcoxon, zero_method='wilcox', correction=True, method='approx')
with Holm-adjusted p-values (statsmodels multipletests) and the matched-pairs rank-biserial correlation,
Wilson 95% intervals (statsmodels proportion_confint, method='wilson'), Cochran's Q
(statsmodels cochrans_q) and exact McNemar tests (statsmodels mcnemar, exact=True) on "correct".
"""
import csv
import hashlib
import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats
from statsmodels.stats.contingency_tables import cochrans_q, mcnemar
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import proportion_confint

CATEGORIES = ["incorrect", "partially_incorrect", "correct_incomplete", "correct"]
REFERENCES = {"10_questions.csv": "LLama 3.1 70B + RAG", "40_questions.csv": "Claude 3.7 Sonnet"}


def read_rows(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def csv_digest(path):
    """SHA-256 of every parsed field: fields joined by U+001F, records (header included) by U+001E."""
    text = "\x1e".join("\x1f".join(row) for row in read_rows(path))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def load(path):
    rows = read_rows(path)
    records = []
    for line, row in enumerate(rows[1:], start=2):  # no field spans lines in these files: line = index + 2
        assert len(row) == 7, (path, line)
        marks = [CATEGORIES[i] for i, cell in enumerate(row[3:]) if cell.strip() != ""]
        assert all(cell.strip() in ("", "x") for cell in row[3:]), (path, line)
        records.append({"line": line, "question": row[0], "answer": row[1], "system": row[2], "marks": "+".join(marks)})
    frame = pd.DataFrame(records)
    frame["duplicate"] = frame.duplicated(subset=["question", "answer", "system", "marks"], keep="first")
    return frame


def counts(frame):
    out = {}
    for system, group in frame.groupby("system"):
        single = group[~group["marks"].str.contains(r"\+") & (group["marks"] != "")]
        out[system] = {
            "rows": int(len(group)),
            "n": int(len(single)),
            **{category: int((single["marks"] == category).sum()) for category in CATEGORIES},
            "unmarked": int((group["marks"] == "").sum()),
            "multi_marked": int(group["marks"].str.contains(r"\+").sum()),
        }
    return out


def rank_biserial(x, y):
    difference = np.asarray(x, float) - np.asarray(y, float)
    difference = difference[difference != 0]
    ranks = stats.rankdata(np.abs(difference))
    positive, negative = ranks[difference > 0].sum(), ranks[difference < 0].sum()
    return float((positive - negative) / (positive + negative)), float(positive), float(negative)


def analyse(name, frame):
    kept = frame[~frame["duplicate"]]
    systems = sorted(kept["system"].unique())
    complete, excluded = [], []
    for question, group in kept.groupby("question", sort=False):
        ok = (
            sorted(group["system"]) == systems
            and group["marks"].isin(CATEGORIES).all()
        )
        (complete if ok else excluded).append(question)
    blocks = kept[kept["question"].isin(complete)].copy()
    blocks["score"] = blocks["marks"].map(CATEGORIES.index)
    matrix = blocks.pivot(index="question", columns="system", values="score")[systems]
    friedman = stats.friedmanchisquare(*[matrix[s].to_numpy() for s in systems])
    n, k = matrix.shape
    reference = REFERENCES[name]
    others = [s for s in systems if s != reference]
    pairwise = []
    for system in others:
        x, y = matrix[system].to_numpy(), matrix[reference].to_numpy()
        test = stats.wilcoxon(x, y, zero_method="wilcox", correction=True, method="approx")
        r, positive, negative = rank_biserial(x, y)
        pairwise.append({"system": system, "pValue": float(test.pvalue), "wPlus": positive, "wMinus": negative, "rankBiserial": r,
                         "nonZero": int((x != y).sum())})
    holm = multipletests([p["pValue"] for p in pairwise], method="holm")[1]
    for entry, adjusted in zip(pairwise, holm):
        entry["pHolm"] = float(adjusted)
    correct = (matrix == 3).astype(int)
    q = cochrans_q(correct.to_numpy())
    mcnemars = []
    for system in others:
        a, b = correct[system].to_numpy(), correct[reference].to_numpy()
        table = [[int(((a == 1) & (b == 1)).sum()), int(((a == 1) & (b == 0)).sum())],
                 [int(((a == 0) & (b == 1)).sum()), int(((a == 0) & (b == 0)).sum())]]
        mcnemars.append({"system": system, "onlySystem": table[0][1], "onlyReference": table[1][0],
                         "pValue": float(mcnemar(table, exact=True).pvalue)})
    holm_m = multipletests([m["pValue"] for m in mcnemars], method="holm")[1]
    for entry, adjusted in zip(mcnemars, holm_m):
        entry["pHolm"] = float(adjusted)
    wilson = {}
    for system, c in counts(kept).items():
        low, high = proportion_confint(c["correct"], c["n"], alpha=0.05, method="wilson")
        low2, high2 = proportion_confint(c["correct"] + c["correct_incomplete"], c["n"], alpha=0.05, method="wilson")
        wilson[system] = {"n": c["n"], "correct": [float(low), float(high)], "correctOrIncomplete": [float(low2), float(high2)]}
    return {
        "completeBlocks": int(n),
        "systems": int(k),
        "excludedQuestions": excluded,
        "friedman": {"statistic": float(friedman.statistic), "pValue": float(friedman.pvalue), "df": k - 1,
                     "kendallW": float(friedman.statistic / (n * (k - 1)))},
        "reference": reference,
        "wilcoxon": pairwise,
        "cochranQ": {"statistic": float(q.statistic), "pValue": float(q.pvalue), "df": int(q.df)},
        "mcnemar": mcnemars,
        "wilson": wilson,
    }


def main(directory):
    result = {}
    for name in ("10_questions.csv", "40_questions.csv"):
        frame = load(Path(directory) / name)
        result[name] = {
            "csvDigest": csv_digest(Path(directory) / name),
            "rows": int(len(frame)),
            "duplicates": int(frame["duplicate"].sum()),
            "duplicateLines": [int(line) for line in frame.loc[frame["duplicate"], "line"]],
            "unmarkedLines": [int(line) for line in frame.loc[frame["marks"] == "", "line"]],
            "multiMarkedLines": [int(line) for line in frame.loc[frame["marks"].str.contains(r"\+"), "line"]],
            "rawCounts": counts(frame),
            "dedupCounts": counts(frame[~frame["duplicate"]]),
            "analysis": analyse(name, frame),
        }
    json.dump(result, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/human-eval")
