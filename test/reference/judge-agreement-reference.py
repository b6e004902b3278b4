#!/usr/bin/python3
"""Independent reference for the judge-agreement test (test/evaluation/judge/run-judge-agreement.test.ts and
test/cli/evaluate-judge-agreement.test.ts).

Run with Debian's Python (python3-sklearn 1.2, numpy):

    /usr/bin/python3 test/reference/judge-agreement-reference.py ../shared/data/human-eval/40_questions.csv \
        > test/reference/judge-agreement-reference.json

1. Reads 40_questions.csv with Python's csv module (category columns by position, cells trimmed), removes exact
   duplicate rows (same question, answer, system and marks) and keeps the rows with exactly one mark.
2. Scripts a judge: for every (question, answer) a reply whose score depends on the experts' category plus
   hash-derived noise, in the verdict formats the parser documents ([RESULT] n, JSON, "Score: n/5", a <think>
   block), and a few unparseable replies (no verdict, an out-of-range score, a fractional score). The test server
   answers each grading prompt with the reply for the question and answer it finds in the prompt, keyed by
   sha256(question.strip() + "\\n" + answer.strip())[:16].
3. Computes what judge-agreement.json must contain from those replies, for the default thresholds (score >= 4;
   correct or correct but incomplete) and for score 5 vs "correct" only: n, unparseable, the 2x2 table, the 4x5 table, Cohen's kappa with sklearn.metrics.cohen_kappa_score,
   and Krippendorff's alpha (ordinal) written out here from Krippendorff (2011), "Computing Krippendorff's
   Alpha-Reliability", section C (coincidence matrix, ordinal metric), on the experts' 0-3 scale with judge
   scores mapped 1->0, 2->1, 3->1, 4->2, 5->3. The alpha code is checked against the paper's worked example.
"""
import csv
import hashlib
import json
import sys

import numpy as np
from sklearn.metrics import cohen_kappa_score

CATEGORIES = ["incorrect", "partially_incorrect", "correct_incomplete", "correct"]
SCORE_TO_ORDINAL = {1: 0, 2: 1, 3: 1, 4: 2, 5: 3}


def krippendorff_alpha_ordinal(units):
    """units: list of lists of values (the pairable values of each unit)."""
    values = sorted({value for unit in units if len(unit) >= 2 for value in unit})
    index = {value: position for position, value in enumerate(values)}
    size = len(values)
    coincidence = np.zeros((size, size))
    for unit in units:
        m = len(unit)
        if m < 2:
            continue
        for i in range(m):
            for j in range(m):
                if i != j:
                    coincidence[index[unit[i]], index[unit[j]]] += 1.0 / (m - 1)
    margins = coincidence.sum(axis=1)
    total = margins.sum()
    delta = np.zeros((size, size))
    for c in range(size):
        for k in range(size):
            low, high = min(c, k), max(c, k)
            delta[c, k] = (margins[low:high + 1].sum() - (margins[c] + margins[k]) / 2.0) ** 2
    observed = (coincidence * delta).sum()
    expected = (np.outer(margins, margins) * delta).sum() / (total - 1)
    return 1.0 - observed / expected


def check_alpha_on_worked_example():
    # Krippendorff (2011), section C: 4 observers, 12 units, ordinal alpha = 0.815.
    nan = None
    table = [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, 3],
        [nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nan],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan],
    ]
    units = [[row[u] for row in table if row[u] is not None] for u in range(12)]
    alpha = krippendorff_alpha_ordinal(units)
    assert abs(alpha - 0.815) < 0.0005, alpha


def key(question, answer):
    answer = answer.strip() or "(empty response)"
    return hashlib.sha256(f"{question.strip()}\n{answer}".encode("utf-8")).hexdigest()[:16]


def scripted_reply(category, digest):
    g = int(digest, 16)
    form = (g >> 8) % 4
    if g % 23 == 0:
        unparseable = ["I cannot judge this response without more information.", "Feedback: excellent. [RESULT] 7", "Score: 3.5"]
        return unparseable[(g >> 16) % 3], None
    base = {"incorrect": 1, "partially_incorrect": 2 + (g >> 20) % 2, "correct_incomplete": 4, "correct": 5}[category]
    score = 1 + (g >> 24) % 5 if (g >> 12) % 3 == 0 else base
    if form == 0:
        reply = f"Feedback: The response was checked against ECG knowledge. [RESULT] {score}"
    elif form == 1:
        reply = json.dumps({"feedback": "Checked against ECG knowledge.", "score": score})
    elif form == 2:
        reply = f"The response was checked.\nScore: {score}/5"
    else:
        reply = f"<think>Maybe [RESULT] 1?</think>Feedback: Checked. [RESULT] {score}"
    return reply, score


def summarise(records, minimum, human_correct):
    """Everything judge-agreement.json reports, for a judged-correct threshold and a set of correct categories."""
    graded = [record for record in records if record["score"] is not None]
    table = {"judgedCorrect": {"humanCorrect": 0, "humanNotCorrect": 0}, "judgedIncorrect": {"humanCorrect": 0, "humanNotCorrect": 0}}
    by_score = {category: {str(score): 0 for score in range(1, 6)} for category in CATEGORIES}
    for record in graded:
        judged = "judgedCorrect" if record["score"] >= minimum else "judgedIncorrect"
        human = "humanCorrect" if record["category"] in human_correct else "humanNotCorrect"
        table[judged][human] += 1
        by_score[record["category"]][str(record["score"])] += 1
    judged_labels = [1 if record["score"] >= minimum else 0 for record in graded]
    human_labels = [1 if record["category"] in human_correct else 0 for record in graded]
    kappa = float(cohen_kappa_score(judged_labels, human_labels))
    alpha = float(krippendorff_alpha_ordinal([[CATEGORIES.index(record["category"]), SCORE_TO_ORDINAL[record["score"]]] for record in graded]))
    judged_correct_total = table["judgedCorrect"]["humanCorrect"] + table["judgedCorrect"]["humanNotCorrect"]
    judged_incorrect_total = table["judgedIncorrect"]["humanCorrect"] + table["judgedIncorrect"]["humanNotCorrect"]
    return {
        "n": len(records),
        "unparseable": len(records) - len(graded),
        "evaluated": len(graded),
        "table": table,
        "categoryByScore": by_score,
        "cohenKappa": kappa,
        "krippendorffAlphaOrdinal": alpha,
        "findings": {
            "judgedCorrectExpertsCorrect": table["judgedCorrect"]["humanCorrect"] / judged_correct_total,
            "judgedIncorrectExpertsCorrect": table["judgedIncorrect"]["humanCorrect"] / judged_incorrect_total,
        },
    }


def main(path):
    check_alpha_on_worked_example()
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    seen = set()
    items = []
    for line, row in enumerate(rows[1:], start=2):
        marks = tuple(CATEGORIES[i] for i, cell in enumerate(row[3:7]) if cell.strip() != "")
        identity = (row[0], row[1], row[2], marks)
        if identity in seen:
            continue
        seen.add(identity)
        if len(marks) == 1:
            items.append({"line": line, "question": row[0], "answer": row[1], "category": marks[0]})
    replies = {}
    category_of_key = {}
    records = []
    for item in items:
        digest = key(item["question"], item["answer"])
        if digest in category_of_key:
            assert category_of_key[digest] == item["category"], ("same question and answer, different ratings", item["line"])
        category_of_key[digest] = item["category"]
        reply, score = scripted_reply(item["category"], hashlib.sha256(digest.encode()).hexdigest()[:8])
        replies[digest] = reply
        records.append({"line": item["line"], "category": item["category"], "score": score})

    expected = summarise(records, 4, {"correct_incomplete", "correct"})
    expected["lines"] = [record["line"] for record in records]
    expected["unparseableLines"] = [record["line"] for record in records if record["score"] is None]
    strict = summarise(records, 5, {"correct"})
    json.dump({"file": "40_questions.csv", "replies": replies, "expected": expected, "expectedScore5Correct": strict}, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1])
