"""Splitting a profile into its numbered sections (the series' own scheme, see scheme.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .scheme import GROUPS, INDICATORS
from .text import Line

_HEADING = re.compile(r"^(?:(\d(?:\.\d){0,2})\.?\s*)?([A-Z][A-Z0-9 &/(),\-]*[A-Z)])$")
_TITLE_TO_CODE = {title: code for code, title in {**GROUPS, **INDICATORS}.items()}
# The BACKGROUND heading (misspelt "BACKROUND" in some profiles), or its first line if the heading is lost.
_BACKGROUND = re.compile(r"^BACK\s*G?R?OU?ND\b", re.I)
_BACKGROUND_LINE = re.compile(r"^(Total Population|Internet users)", re.I)
# End of the body: everything after belongs to the footer (disclaimer, link, update date).
_FOOTER = re.compile(r"^(DISCLAIMER|More information is available|Last updated)", re.I)


@dataclass
class Section:
    code: str
    heading: str  # as printed, e.g. "1.2.1 CIRT"
    line: int
    lines: list[Line] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(line.text for line in self.lines)


@dataclass
class Split:
    title_lines: list[Line]
    background: list[Line]
    sections: dict[str, Section]
    footer: list[Line]
    notes: list[tuple[str, str]]  # (section code or "", finding) about the structure itself


_NUMBER = re.compile(r"^(\d[\d. ]*?)\.?\s*(?=[A-Z])")
_TITLES = sorted(_TITLE_TO_CODE, key=len, reverse=True)


def _heading(line: Line) -> tuple[str, str, str | None, str | None] | None:
    """Recognise a section heading: (code, title as printed, inline text after it, note).

    A heading is its number and its title; either may be damaged in a source ("REGULATION AND
    COMPLIANCE" without 1.1.2, "2.1 NATIONAL LEGISLATION AND STRATEGY"), so one intact part is
    enough when the other is plausible.  Text run onto the heading line is returned as inline text.
    """
    text = line.text
    m = _NUMBER.match(text)
    number = re.sub(r"\s", "", m.group(1)) if m else None
    rest = text[m.end():] if m else text
    words = rest.split()
    upper = []
    for w in words:  # the title: the leading words without lower-case letters
        if re.search(r"[a-z]", w):
            break
        upper.append(w)
    title = " ".join(upper).strip(" :.-")
    inline = " ".join(words[len(upper):]) or None
    if not title or not re.match(r"[A-Z]", title):
        return None
    by_title = next((t for t in _TITLES if title == t or title.startswith(t + " ")), None)
    if by_title and inline and title != by_title:
        # "1.2.1 CIRT ITU conducted ...": the sentence starts with a capitalised word.
        inline = title[len(by_title):].strip(" :.-") + " " + inline
        title = by_title
    if number in GROUPS:
        # A list item such as "1. BS 7799" shares the shape of a top-level heading.
        return (number, title, None, None) if title == GROUPS[number] and inline is None else None
    if number in INDICATORS:
        if by_title is None and inline is not None:
            return None
        note = None if by_title == INDICATORS[number] else f"heading '{text}' does not carry the series title '{INDICATORS[number]}'"
        if by_title is not None and _TITLE_TO_CODE[by_title] != number and _TITLE_TO_CODE[by_title] in INDICATORS:
            note = f"heading '{text}' has number {number} but the title of {_TITLE_TO_CODE[by_title]}; numbered as printed"
        return number, title, inline, note
    # Without its number a heading must be the bare title on its own line: "CIRT." ending a
    # wrapped sentence is text.
    if by_title is not None and title == by_title and (number is not None or rest.strip() == by_title):
        code = _TITLE_TO_CODE[by_title]
        if code in GROUPS:
            return code, title, None, None
        what = f"a damaged number '{number}'" if number else "lost its number"
        return code, title, inline, f"heading '{text}' has {what}; read as {code} by its title"
    return None


def split(lines: list[Line]) -> Split:
    title_lines: list[Line] = []
    background: list[Line] = []
    sections: dict[str, Section] = {}
    footer: list[Line] = []
    notes: list[tuple[str, str]] = []
    state = "title"
    current: Section | None = None
    for line in lines:
        if state != "footer" and _FOOTER.match(line.text):
            state = "footer"
        if state == "footer":
            footer.append(line)
            continue
        if state == "title":
            if _BACKGROUND.match(line.text):
                state = "background"
                if line.text.upper() != "BACKGROUND":
                    notes.append(("background", f"heading '{line.text}' is a misspelling of BACKGROUND"))
                continue
            if _BACKGROUND_LINE.match(line.text):
                state = "background"
                notes.append(("background", "the BACKGROUND heading is missing"))
            elif _heading(line):
                state = "body"
            else:
                title_lines.append(line)
                continue
        if state == "background":
            if _BACKGROUND.match(line.text):
                continue
            if _heading(line) is None:
                background.append(line)
                continue
            state = "body"
        h = _heading(line)
        if h is not None:
            code, title, inline, note = h
            if code in GROUPS:
                current = None
                continue
            if note:
                notes.append((code, note))
            if code in sections:
                notes.append((code, f"section {code} appears twice (lines {sections[code].line} and {line.number}); the first is kept"))
                current = Section(code, line.text, line.number)  # collected, then dropped
            else:
                current = Section(code, line.text, line.number)
                sections[code] = current
            if inline:
                current.lines.append(Line(line.number, inline))
            continue
        if current is not None:
            current.lines.append(line)
    return Split(title_lines, background, sections, footer, notes)
