"""Reference Porter stems for test/evaluation/metrics/porter-stem.test.ts.

Run with Debian's /usr/bin/python3 and python3-nltk 3.8 (apt-get install -y python3-nltk wamerican):
    /usr/bin/python3 test/reference/porter_stems.py > test/reference/porter-stems.json

Stems every distinct lowercase token of the demo corpus (data/demo-corpus-sources/texts, the ECG vocabulary this project
scores) and every 4th entry of Debian's wamerican word list (/usr/share/dict/american-english), plus a few
words that exercise NLTK's extensions, with nltk.stem.porter.PorterStemmer() in its default NLTK_EXTENSIONS mode,
the stemmer rouge-score uses. Words are taken as rouge-score's tokenizer leaves them (lowercase a-z0-9) and also
unnormalised from the word list (capitals, apostrophes, accents), so the stemmer is checked on both.
"""
import glob
import json
import re
import sys

import nltk
from nltk.stem.porter import PorterStemmer

stemmer = PorterStemmer()
words = set()
for path in sorted(glob.glob('data/demo-corpus-sources/texts/**/*', recursive=True)):
    try:
        with open(path, encoding='utf-8') as handle:
            words.update(re.sub(r'[^a-z0-9]+', ' ', handle.read().lower()).split())
    except (IsADirectoryError, UnicodeDecodeError):
        pass
with open('/usr/share/dict/american-english', encoding='utf-8') as handle:
    dictionary = [line.strip() for line in handle if line.strip()]
words.update(dictionary[::4])
words.update(['skies', 'dying', 'lying', 'tying', 'news', 'innings', 'cannings', 'howe', 'proceed', 'exceed',
              'succeed', 'dies', 'died', 'tried', 'happy', 'enjoy', 'by', 'sky', 'spy', 'radically', 'generously',
              'analogously', 'hopefully', 'archaeology', 'possibly', 'controlling', 'hopping', 'filing', 'ion',
              'a', 'is', 'yyy', 'syzygy', 'toy', 'agreed', 'feed', 'bled', 'sing', 'caresses', 'ponies', 'ties'])
stems = {word: stemmer.stem(word) for word in sorted(words)}
json.dump({'nltk': nltk.__version__, 'python': sys.version.split()[0], 'stems': stems}, sys.stdout,
          ensure_ascii=False, separators=(',', ':'))
