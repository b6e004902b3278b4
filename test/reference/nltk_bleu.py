"""Reference values of the authors' legacy BLEU for test/evaluation/metrics/nltk-sentence-bleu.test.ts.

Run with Debian's /usr/bin/python3 (3.11) and python3-nltk 3.8 (apt-get install -y python3-nltk):
    /usr/bin/python3 test/reference/nltk_bleu.py > test/reference/nltk-bleu.json

The authors' call (authors-pipeline §5.4): nltk.translate.bleu_score.sentence_bleu([reference.split()],
hypothesis.split()) with the default weights and no smoothing, one value per item, then the arithmetic mean.
Pairs: hand-made edge cases (zero unigram overlap -> 0; hypotheses too short for 4-grams -> about 1e-77, not 0;
empty hypothesis; several references; punctuation and case kept) and the 93 demo questions, where each answer is
scored as a hypothesis against its evidence sentence and against itself with the last word dropped.
"""
import json
import sys
import warnings

import nltk
from nltk.translate.bleu_score import sentence_bleu

warnings.simplefilter('ignore')  # method0 warns on every zero n-gram count; the values are what matters here

cases = [
    ('the cat sat on the mat', ['the cat sat on the mat']),
    ('the cat sat on the mat', ['a dog lay under a rug']),
    ('the cat', ['the cat sat on the mat']),
    ('the cat sat', ['the cat sat']),
    ('sinus rhythm', ['sinus rhythm']),
    ('', ['sinus rhythm']),
    ('QT prolonged.', ['QT prolonged']),
    ('The QT interval is prolonged in hypokalaemia.', ['the QT interval is prolonged in hypokalaemia .']),
    ('ST elevation in leads V1 to V4 suggests anterior infarction',
     ['ST elevation in V1 to V4 suggests an anterior infarction', 'anterior infarction shows ST elevation in V1-V4']),
    ('a b c d e f g h', ['a b c d x f g h', 'a b c d e f']),
    ('assistant\n\nAbout 40 to 60 beats per minute.', ['About 40 to 60 beats per minute.']),
]
with open('data/demo-corpus-sources/questions.jsonl', encoding='utf-8') as handle:
    for line in handle:
        item = json.loads(line)
        cases.append((item['answer'], [item['evidence']]))
        words = item['answer'].split()
        cases.append((' '.join(words[:-1]), [item['answer']]))

values = [
    {'hypothesis': hypothesis, 'references': references,
     'bleu': float(sentence_bleu([reference.split() for reference in references], hypothesis.split()))}
    for hypothesis, references in cases
]
single = [case for case in values if len(case['references']) == 1]
json.dump({'nltk': nltk.__version__, 'python': sys.version.split()[0], 'cases': values,
           'meanOfSingleReferenceCases': sum(case['bleu'] for case in single) / len(single)},
          sys.stdout, ensure_ascii=False, indent=1)
