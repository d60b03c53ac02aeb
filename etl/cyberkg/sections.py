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


def _heading(line: Line) -> tuple[str, str] | None:
    """Recognise a section heading: its number, its title, or both (a number may be lost)."""
    m = _HEADING.match(line.text)
    if not m:
        return None
    number, title = m.group(1), m.group(2).strip()
    if number in INDICATORS or number in GROUPS:
        known = INDICATORS.get(number) or GROUPS.get(number)
        # A list item such as "1. BS 7799" shares the shape of a top-level heading.
        if number in GROUPS and title != known:
            return None
        return number, title
    if number is None and title in _TITLE_TO_CODE:
        return _TITLE_TO_CODE[title], title
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
            code, title = h
            if code in GROUPS:
                current = None
                continue
            if title != INDICATORS[code] and not title.startswith(INDICATORS[code]):
                notes.append((code, f"heading '{line.text}' does not carry the series title '{INDICATORS[code]}'"))
            if not _HEADING.match(line.text).group(1):
                notes.append((code, f"heading '{line.text}' has lost its number {code}"))
            if code in sections:
                notes.append((code, f"section {code} appears twice (lines {sections[code].line} and {line.number}); the first is kept"))
                current = Section(code, line.text, line.number)  # collect and drop
                continue
            current = Section(code, line.text, line.number)
            sections[code] = current
            continue
        if current is not None:
            current.lines.append(line)
    return Split(title_lines, background, sections, footer, notes)
