"""Provenance lines on the real corpora: the line a statement, mention or passage cites is the line
`sed -n Np` prints for it (LF-counted; most corpus files end their lines with the converters'
CR CR LF, which once counted as two and sent a reader of Albania's profile to line 309 of 190)."""

from __future__ import annotations

import re
from pathlib import Path

from cyberkg.sources import profile, strategy
from cyberkg.sources.text import read_source

from ..conftest import corpus_files, needs_corpus
from .test_strategy_facts import corpus_or_skip


def _key(s: str) -> str:
    return re.sub(r"\W+", "", s).lower()


def _sed_lines(path: Path, encoding: str) -> list[str]:
    # What `sed -n` numbers: the bytes split at LF, independent of the reader's own splitting.
    return path.read_bytes().decode(encoding, "replace").split("\n")


def _printed_on(raw: list[str], line: int, text: str, span: int = 1) -> bool:
    if not 1 <= line <= len(raw):
        return False
    head = _key(text)[:8]
    if head in _key(" ".join(raw[line - 1:line - 1 + span])):
        return True
    # In side-by-side columns a name broken at the end of the right column's line goes on in that
    # column of the next line, after the left column's text.
    here, after = _key(raw[line - 1]), _key(raw[line]) if span > 1 and line < len(raw) else ""
    return any(here.endswith(head[:k]) and head[k:] in after for k in range(3, len(head)))


@needs_corpus
def test_profile_statement_headings_are_on_their_cited_line():
    checked, wrong = 0, []
    for path in corpus_files():
        src = read_source(path)
        raw = _sed_lines(path, src.encoding)
        for code, st in profile.parse_text(src).statements.items():
            if st.line and st.heading:
                checked += 1
                if not _printed_on(raw, st.line, st.heading, span=2):
                    wrong.append((path.name, code, st.line))
    assert checked > 3000 and not wrong, wrong[:10]


def test_strategy_mentions_and_passages_are_on_their_cited_line():
    checked, wrong = 0, []
    for path in sorted(corpus_or_skip().glob("*.txt")):
        src = read_source(path)
        raw = _sed_lines(path, src.encoding)
        s = strategy.parse_text(src)
        # A passage cites the line its sentence starts on; the sentence may begin at that line's end.
        items = [(t.line, t.text, 2) for t in s.topics]
        # A mention cites the line its name is printed on (when printed as named; a name broken over
        # two lines starts on the cited one).
        items += [(m.line, m.name, 2) for m in s.mentions if _key(m.name) in _key(" ".join(raw))]
        for line, text, span in items:
            checked += 1
            if not _printed_on(raw, line, text, span):
                wrong.append((path.name, line, text[:40]))
    assert checked > 3000 and not wrong, wrong[:10]
