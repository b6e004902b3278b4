"""Reference for the legacy cleaner: the authors' section-removal loop (clean_markdown.py, authors' pipeline
section 1.2) run with Python's own `re`. Reads JSON {"texts": [...], "titles": [...]} on stdin and prints
JSON {"cleaned": [...]} -- one cleaned text per input text. Run with Debian's /usr/bin/python3."""
import json
import re
import sys

request = json.load(sys.stdin)
cleaned = []
for content in request["texts"]:
    for title in request["titles"]:
        if title.lower() == "index":
            pattern = rf"([#]{{1,3}} *{title}.*?(?:# *[A-Z]\s*(?:.*?))*?)(?=# (?![A-Z]$)|\Z)"
        else:
            pattern = rf"([#]{{1,3}} *{title}[^#]*?)(?=[#]{{1,3}}|\Z)"
        content = re.sub(pattern, "", content, flags=re.IGNORECASE | re.DOTALL)
    cleaned.append(content)
json.dump({"cleaned": cleaned}, sys.stdout)
