"""Reference for the legacy section grouping, written from the description in the authors' pipeline notes
(section 1.4): sections start at lines whose stripped text begins with '#'; groups of k sections are joined
with a newline; a closed group records the end line of the section that closed it; the group size halves
20 -> 10 -> 5 -> 2 -> 1 while any chunk is over the limit, re-splitting only the over-limit chunks with their
line numbers shifted by the chunk's start. The token counter is replaced by a stand-in that counts words
(str.split), so no tokenizer is needed. Reads JSON {"text": ..., "limit": N} on stdin and prints JSON
{"chunks": [[text, start, end], ...]}. Run with Debian's /usr/bin/python3."""
import json
import sys


def words(text):
    return len(text.split())


def sections_of(lines):
    bounds = [i for i, line in enumerate(lines) if line.strip().startswith("#") and i > 0]
    starts = [0] + bounds
    ends = bounds + [len(lines)]
    return [("".join(l + "\n" for l in lines[s:e]), s, e) for s, e in zip(starts, ends) if e > s]


def regroup(text, size):
    lines = text.splitlines()
    sections = sections_of(lines)
    out = []
    index = 0
    while index < len(sections):
        group = sections[index:index + size]
        following = sections[index + size] if index + size < len(sections) else None
        end = following[2] if following else len(lines)
        out.append(("\n".join(s[0] for s in group), group[0][1], end))
        index += size
    return out


request = json.load(sys.stdin)
limit = request["limit"]
chunks = [(request["text"], 0, len(request["text"].splitlines()))]
size = 20
while size > 1 and any(words(c[0]) > limit for c in chunks):
    size = max(1, size // 2)
    result = []
    for text, start, end in chunks:
        if words(text) <= limit:
            result.append((text, start, end))
            continue
        for piece, s, e in regroup(text, size):
            result.append((piece, start + s, start + e))
    chunks = result
json.dump({"chunks": chunks}, sys.stdout)
