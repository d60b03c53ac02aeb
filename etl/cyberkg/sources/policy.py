"""Parser for policies in the Royal Government of Bhutan policy template.

Template sections: 1. Policy Name, 2. Rationale/Purpose, 3. Definitions, 4. Policy Statement
(and Objectives), 5. Legislative Compliance, 6. Implementation Procedure, 7 Monitoring and
Evaluation, 8 Approval Date, then annexes.  Headings are found by number *and* template name, so
numbered list items inside a section are never taken for headings.

Within a section the text is split into its numbered and bulleted items (one `Item` each, with
the path of sub-headings above it, the source line and the verbatim text), so that every policy
statement, objective, code-of-conduct principle, risk and implementation measure becomes its own
resource with its own provenance.  PDF extraction often detaches list markers from their text
("•" lines followed by the items); `_structure` pairs them up again.  What the parser cannot read
is reported as a `Finding` (as profile.py does), never guessed.

The RDF shape of a policy is decided by `cyberkg.graph.policy.policy_quads`.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from . import countries
from .profile import MONTHS, Finding, sentences
from .text import SourceError, SourceText, norm_key, read_source, source_lines

TEMPLATE = {
    1: ("policy-name", r"policy\s+name"),
    2: ("rationale", r"rationale(?:\s*/\s*purpose)?|purpose"),
    3: ("definitions", r"definitions?"),
    4: ("policy-statement", r"policy\s+statements?(?:\s+and\s+objectives)?"),
    5: ("legislative-compliance", r"legislative\s+compliance"),
    6: ("implementation", r"implementation\s+procedures?"),
    7: ("monitoring", r"monitoring\s+and\s+evaluation"),
    8: ("approval", r"approval\s+date"),
}
TITLES = {1: "Policy Name", 2: "Rationale/Purpose", 3: "Definitions", 4: "Policy Statement and Objectives",
          5: "Legislative Compliance", 6: "Implementation Procedure", 7: "Monitoring and Evaluation", 8: "Approval Date"}
NUMBER = {key: n for n, (key, _) in TEMPLATE.items()}
ORDER = [key for _, (key, _) in sorted(TEMPLATE.items())] + ["annexes"]
_NAMES = "|".join(f"(?:{p})" for _, p in TEMPLATE.values())
_HEADING = re.compile(r"^\s*([1-9])\s*\.?\s*(" + _NAMES + r")\s*:?\s*$", re.I)
_UNNUMBERED_HEADING = re.compile(r"^\s*(" + _NAMES + r")\s*:\s*$", re.I)
_ANNEXES = re.compile(r"(?i)^.*\bRESOURCES\*?$|^Annex\s+\d")


def section_label(key: str) -> str:
    return "Annexes" if key == "annexes" else f"{NUMBER[key]}. {TITLES[NUMBER[key]]}"


# --- facts ------------------------------------------------------------------------------------

@dataclass
class Item:
    """One numbered or bulleted item of a section, with the sub-headings above it."""
    key: str  # template section key
    path: tuple[str, ...]  # sub-headings, outermost first ("2. Government's Use of Social Media", "Risk Management")
    marker: str  # as printed: "3", "iii", "a"; "•" for bullets
    index: int  # 1-based position in its list of items under the same sub-headings
    text: str  # verbatim, the item's lines joined by single spaces (marker excluded)
    line: int  # source line of the item's first text line
    list_no: int = 1  # 2 for the second numbered list under the same sub-headings

    @property
    def label(self) -> str | None:
        """'Be a good citizen', 'Security Risks': the short lead-in phrase of an item, if any."""
        m = _LABEL.match(self.text)
        return m.group(1) if m else None

    @property
    def section(self) -> str:
        """A readable path: '6. Implementation Procedure / Risk Management / bullet 1'."""
        where = f"bullet {self.index}" if self.marker == "•" else self.marker
        lst = (f"list {self.list_no}",) if self.list_no > 1 else ()
        return " / ".join((section_label(self.key),) + self.path + lst + (where,))


@dataclass
class LegalRef:
    title: str
    year: str | None
    provisions: list[str]
    related: bool  # "Other relevant issuances" rather than conformance
    item: Item | None = None


@dataclass
class Definition:
    term: str
    text: str
    item: Item | None = None


@dataclass
class AgencyRef:
    """An organisation of the government named in the operative sections of a policy."""
    name: str
    acronym: str | None

    @property
    def key(self) -> str:
        return norm_key(self.name)


@dataclass
class Measure:
    """An implementation measure: an item that assigns work to named agencies."""
    item: Item
    leads: list[str]  # agency keys, the agencies that lead or carry it out
    participants: list[str]  # other agencies the item names
    rule: str  # which rule decided the leads: led-by | shall-lead | subject-of-shall
    kind: str | None  # measure type (MEASURE_TYPES) or None


@dataclass
class SectionText:
    key: str
    heading: str  # as printed
    line: int
    text: str  # verbatim, lines joined by newlines


@dataclass
class Policy:
    path: Path
    sha256: str
    encoding: str
    title: str
    government: str | None
    country: countries.Country | None
    adopted: date | None
    adopted_by: str | None
    review_years: int | None
    sections: dict[str, str]
    legal: list[LegalRef] = field(default_factory=list)
    definitions: list[Definition] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    section_texts: dict[str, SectionText] = field(default_factory=dict)
    items: list[Item] = field(default_factory=list)  # every item of sections 3-7 and the annexes
    agencies: list[AgencyRef] = field(default_factory=list)
    government_acronym: str | None = None
    measures: list[Measure] = field(default_factory=list)
    adopting_body: str | None = None  # "Lhengye Zhungtshog"
    session: int | None = None  # 95 (the 95th Lhengye Zhungtshog)

    def items_of(self, key: str) -> list[Item]:
        return [i for i in self.items if i.key == key]

    @property
    def statements(self) -> list[Item]:
        return [i for i in self.items_of("policy-statement") if not _is_objectives(i.path)]

    @property
    def objectives(self) -> list[Item]:
        return [i for i in self.items_of("policy-statement") if _is_objectives(i.path)]

    @property
    def principles(self) -> list[Item]:
        """Labelled items ('Be a good citizen. ...') under a code-of-conduct or behaviour heading."""
        return [i for i in self.items_of("implementation")
                if i.label and any(re.search(r"(?i)conduct|behaviou?r|ethic", h) for h in i.path)]

    @property
    def risks(self) -> list[Item]:
        return [i for i in self.items_of("implementation") if i.label and any(re.search(r"(?i)\brisk", h) for h in i.path)]

    @property
    def annexes(self) -> list[Item]:
        return self.items_of("annexes")


def _is_objectives(path: tuple[str, ...]) -> bool:
    return any(re.search(r"(?i)objective", h) for h in path)


def looks_like_policy(text: str) -> bool:
    head = text[:4000]
    return bool(re.search(r"(?im)^\s*1\s*\.?\s*policy\s+name\s*:?\s*$", head))


def parse_file(path: str | Path) -> Policy:
    return parse_text(read_source(path))


# --- sections ---------------------------------------------------------------------------------

Line = tuple[int, str]  # (1-based source line, stripped text; "" for a blank line)


def _sections(text: str) -> tuple[dict[str, list[Line]], dict[str, tuple[int, str]], list[str], list[Finding]]:
    """Template sections -> their lines; headings (line, as printed); missing keys; findings."""
    out: dict[str, list[Line]] = {}
    heads: dict[str, tuple[int, str]] = {}
    findings: list[Finding] = []
    current = None
    pending = None  # "8" alone on a line, heading on a later one (PDF extraction): (line, number)
    for n, raw in source_lines(text):
        line = raw.strip()
        if re.fullmatch(r"[1-9]", line):
            pending = (n, line)
            continue
        candidate = f"{pending[1]}. {line}" if pending and line else line
        m = _HEADING.match(candidate) or _HEADING.match(line)
        key = None
        if m:
            num = int(m.group(1))
            named = next((k for k, p in TEMPLATE.values() if re.fullmatch(p, m.group(2).strip(), re.I)), None)
            if named is not None and named not in out:
                key = named
                if TEMPLATE.get(num, (None,))[0] != named:
                    findings.append(Finding(named, "heading", f"heading {line!r} (line {n}) is numbered {num}; the template numbers it {NUMBER[named]}", n))
        elif current is not None or not out:
            u = _UNNUMBERED_HEADING.match(line)
            if u:
                named = next((k for k, p in TEMPLATE.values() if re.fullmatch(p, u.group(1).strip(), re.I)), None)
                if named is not None and named not in out and (current is None or ORDER.index(named) > ORDER.index(current)):
                    key = named
                    findings.append(Finding(named, "heading", f"heading {line!r} (line {n}) has no section number", n))
        if key is not None:
            current = key
            out[key] = []
            heads[key] = (pending[0] if pending and m and not _HEADING.match(line) else n, raw.strip() if not pending else f"{pending[1]} {line}")
            pending = None
            continue
        if line:
            if pending:  # a lone digit that did not start a heading is text
                if current is not None:
                    out[current].append(pending)
                pending = None
        if current not in (None, "annexes") and _ANNEXES.match(line):
            current = "annexes"
            out["annexes"] = []
            heads["annexes"] = (n, line)
            if not re.match(r"(?i)^Annex\s+\d", line):
                continue
        if current is not None:
            out[current].append((n, line))
    missing = [key for key, _ in TEMPLATE.values() if key not in out]
    return out, heads, missing, findings


# --- items ------------------------------------------------------------------------------------

_MARKER_ONLY = re.compile(r"^(?:([•▪●])|(\d{1,2})\s*[.)]|([ivx]{1,5})\s*[.)])$")
_NUMBERED = re.compile(r"^(\d{1,2})\s*[.)]\s*(\S.*)$")
_ROMAN = re.compile(r"^([ivx]{1,5})\s*[.)]\s*(\S.*)$")
_LETTER = re.compile(r"^([a-h])[.)]\s+(\S.*)$")
_BULLET = re.compile(r"^[•▪●]\s*(\S.*)$")
_FUNC = {"of", "and", "the", "to", "for", "in", "on", "a", "an", "with", "by", "or"}
_TC_WORD = r"[A-Z][\w’'\-/]*"
# A short lead-in phrase ending in a full stop: "Be a good citizen. Respect ...", "Security Risks. Social ..."
_LABEL = re.compile(r"^((?:Be(?:\s+[a-z][\w\-]*){1,4})|(?:" + _TC_WORD + r"(?:\s+(?:of|and|in|on|for|the|a|to|with|" + _TC_WORD + r")){0,5}))\.\s+(?=[A-Z“\"‘])")
_ENDS = re.compile(r"(?:[.:;!?”\"’)]|;\s*(?:and|or))$")


def _words(title: str) -> list[str]:
    return re.findall(r"[A-Za-z][\w’'\-/]*", title)


def _heading(text: str, prev: str | None, prev_heading: bool, numbered: bool) -> tuple[str | None, str, bool] | None:
    """(number or None, title, ends with colon) if the line is a sub-heading inside a section."""
    m = re.match(r"^(\d{1,2})\s*\.\s*(.+)$", text)
    if m and not numbered:
        return None
    marker, title = (m.group(1), m.group(2)) if m else (None, text)
    colon = title.endswith(":")
    title = title.rstrip(":").strip()
    if not title or title[-1] in ".;,!?" or re.search(r"\d", title):
        return None
    words = _words(title)
    if not words or len(words) > 8 or not words[0][0].isupper():
        return None
    title_case = all(w[0].isupper() or w.lower() in _FUNC for w in words)
    short_colon = colon and marker is None and len(words) <= 4
    if not (title_case or short_colon):
        return None
    if prev is not None and not prev_heading and not colon and not _ENDS.search(prev):
        return None  # the tail of a sentence broken over lines ("... Government of" / "Bhutan")
    return marker, title, colon


@dataclass
class _Open:
    marker: str
    kind: str  # arabic | roman | bullet | letter
    parts: list[tuple[int, str, bool]]  # (line, text, blank line before it)


def _structure(key: str, lines: list[Line], *, headings: bool = True, numbered_headings: bool = True
               ) -> tuple[list[Item], dict[tuple[str, ...], list[Line]]]:
    """A section's lines -> its items and, per sub-heading path, the text that is not an item."""
    items: list[Item] = []
    text_of: dict[tuple[str, ...], list[Line]] = {}
    levels: list[str | None] = [None, None, None]  # numbered heading, plain heading, numbered-with-colon heading
    path: tuple[str, ...] = ()
    counters: dict[tuple[str, ...], int] = {}
    lists: dict[tuple[str, ...], int] = {}
    cur: _Open | None = None
    numbered_paths: set[tuple[str, ...]] = set()  # paths with a numbered item (looked up, not searched for)
    pending: list[str] = []  # detached list markers waiting for their text
    after_marker = False
    label_mode = False
    prev: str | None = None
    prev_heading = True  # the section heading itself
    blank = False

    def close():
        nonlocal cur
        if cur is None:
            return
        counters[path] = counters.get(path, 0) + 1
        text = re.sub(r"\s+", " ", " ".join(t for _, t, _ in cur.parts)).strip()
        items.append(Item(key, path, cur.marker, counters[path], text, cur.parts[0][0], lists.get(path, 1)))
        if cur.marker.isdigit():
            numbered_paths.add(path)
        cur = None

    def start(marker: str, kind: str, ln: int, text: str):
        nonlocal cur
        close()
        cur = _Open(marker, kind, [(ln, text, False)])

    for ln, text in lines:
        if not text:
            blank = True
            continue
        hd = _heading(text, prev, prev_heading, numbered_headings) if headings and not pending else None
        if hd:
            close()
            marker, title, colon = hd
            if marker is not None and colon and (levels[0] or levels[1]):
                levels[2] = f"{marker}. {title}"
            elif marker is not None:
                levels[:] = [f"{marker}. {title}", None, None]
            else:
                levels[1:] = [title, None]
            path = tuple(h for h in levels if h)
            label_mode, after_marker, prev, prev_heading, blank = False, False, text, True, False
            continue
        mm = _MARKER_ONLY.match(text)
        if mm:
            close()
            pending.append(mm.group(1) and "•" or mm.group(2) or mm.group(3))
            after_marker, prev, prev_heading, blank = True, text, False, False
            if len(pending) == 1:
                label_mode = False
            continue
        ended = prev is not None and bool(_ENDS.search(prev))
        m = _NUMBERED.match(text)
        r = _ROMAN.match(text)
        b = _BULLET.match(text)
        lt = _LETTER.match(text)
        if m:
            if m.group(1) == "1" and cur is not None and cur.kind == "arabic" and cur.marker != "1":
                # A new list: a paragraph after a blank line that ends in ':' introduces it.
                idx = max((i for i, p in enumerate(cur.parts) if p[2]), default=0)
                tail = " ".join(t for _, t, _ in cur.parts[idx:])
                if idx > 0 and tail.rstrip().endswith(":"):
                    text_of.setdefault(path, []).extend((l, t) for l, t, _ in cur.parts[idx:])
                    del cur.parts[idx:]
            if m.group(1) == "1" and (path in numbered_paths) | (cur is not None and cur.kind == "arabic"):
                close()
                lists[path] = lists.get(path, 1) + 1
            start(m.group(1), "arabic", ln, m.group(2))
            pending.clear()
        elif r and not (cur is not None and cur.kind == "arabic"):
            start(r.group(1), "roman", ln, r.group(2))
            pending.clear()
        elif b:
            has_label = bool(_LABEL.match(b.group(1)))
            label_mode = (label_mode or has_label) if cur is not None and cur.kind == "bullet" else has_label
            start("•", "bullet", ln, b.group(1))
            pending.clear()
        elif lt and cur is not None:
            cur.parts.append((ln, text, blank))
        elif pending:
            has_label = bool(_LABEL.match(text))
            kind = "bullet" if pending[0] == "•" else ("arabic" if pending[0].isdigit() else "roman")
            if after_marker or cur is None:
                label_mode = label_mode or has_label  # reset when the run of markers began
                start(pending.pop(0), kind, ln, text)
            elif (label_mode and has_label) or (not label_mode and ended and text[0].isupper()):
                start(pending.pop(0), kind, ln, text)
            else:
                cur.parts.append((ln, text, blank))
        elif cur is not None:
            if cur.kind == "bullet" and label_mode and ended and _LABEL.match(text):
                start("•", "bullet", ln, text)  # a bullet lost in extraction
            elif cur.kind in ("bullet", "roman") and blank and ended and text[0].isupper():
                close()  # the paragraph after the list
                text_of.setdefault(path, []).append((ln, text))
            else:
                cur.parts.append((ln, text, blank))
        else:
            text_of.setdefault(path, []).append((ln, text))
        after_marker, prev, prev_heading, blank = False, text, False, False
    close()
    return items, text_of


# --- section 5: legal instruments ------------------------------------------------------------

def _legal_refs(items: list[Item]) -> list[LegalRef]:
    """Section 5 items: instruments the policy conforms with, then 'Other relevant issuances'."""
    refs: list[LegalRef] = []
    for item in items:
        related = any(re.search(r"(?i)other\s+relevant|related|issuances", h) for h in item.path)
        # Two instruments run together on one line: "... Act, 2006 Civil Service Act of Bhutan, 2010"
        for piece in re.split(r"(?<=\d{4})\s+(?=[A-Z][a-z])", item.text):
            piece = piece.strip().rstrip(".")
            provisions: list[str] = []
            # (Only a piece that ends with ')' can have a trailing parenthesis: tried on any other,
            # each '(' was searched to the end again.)
            m = re.search(r",?\s*\((.*)\)\s*$", piece) if piece.rstrip().endswith(")") else None
            if m and re.search(r"(?i)\b(?:sections?|chapters?|articles?)\b", m.group(1)):
                kind = None
                for chunk in m.group(1).split(";"):
                    chunk = re.sub(r"^\s*(?:and\s*,?\s*)", "", chunk.strip())
                    km = re.match(r"(?i)(sections?|chapters?|articles?)\s+(.*)$", chunk)
                    if km:
                        kind, chunk = km.group(1).rstrip("sS").capitalize(), km.group(2)
                    if kind is None:
                        continue
                    nm = re.match(r"^(\d+[A-Za-z]?)\s*-\s*(.+)$", chunk)
                    if nm:
                        provisions.append(f"{kind} {nm.group(1)} - {nm.group(2).strip()}")
                    else:
                        provisions += [f"{kind} {n}" for n in re.findall(r"\b\d+[A-Za-z]?\b", chunk)]
                piece = piece[: m.start()].strip()
            years = re.findall(r"\b(1[89]\d{2}|20\d{2})\b", piece)
            title = re.sub(r"\s+", " ", piece).strip(" ,")
            if title:
                refs.append(LegalRef(title, years[-1] if years else None, provisions, related, item))
    return refs


def provision_key(provision: str) -> str:
    """'Chapter 22 - Defamation and Related Offences' -> 'chapter-22'."""
    return norm_key(provision.split(" - ")[0])


# --- section 3: definitions ------------------------------------------------------------------

def _definitions(items: list[Item], findings: list[Finding]) -> list[Definition]:
    out = []
    for item in items:
        m = re.match(r"^([^:]{1,40}):\s*(.+)$", item.text)
        if m:
            out.append(Definition(m.group(1).strip(), m.group(2).strip(), item))
        else:
            findings.append(Finding("definitions", "missing-value",
                                    f"definition {item.marker} (line {item.line}) is not of the form 'Term: definition': {item.text[:80]!r}", item.line))
    return out


# --- agencies and their roles ------------------------------------------------------------------

_ORG_PLAIN_HEAD = r"(?:Ministry|Department|Office|Directorate|Secretariat|Bureau|Board|Division)"
_ORG_HEAD = r"(?:Commission|Authority|Council|Agency|Police|Court|Assembly|Centre|Center|Corporation)"
_NAME_WORD = r"(?!(?:Ministry|Department|Office|Commission|Authority|Council|Agency)\b)[A-Z][\w’'\-]*"
# The words before the head noun start at a word's start: tried from inside a long capitalised word
# (or a run of them glued, 'AaAaAa...'), each start took the rest of the word and gave it back,
# quadratic in its length.
_AGENCY = re.compile(
    r"((?:(?<![\w’'\-])(?:[A-Z][\w’'\-]*\s+){1,3})?" + _ORG_PLAIN_HEAD + r"\s+(?:of|for)\s+(?:the\s+)?" + _NAME_WORD
    + r"(?:(?:\s*,\s*|\s+and\s+|\s+&\s+|\s+)" + _NAME_WORD + r")*"
    + r"|(?<![\w’'\-])(?:[A-Z][\w’'\-]*\s+){1,4}" + _ORG_HEAD + r"\b)"
    + r"(?:\s*\(([A-Z][A-Za-z&]{1,9})\))?")
_GOVERNMENT = re.compile(r"((?:Royal\s+)?Government\s+of\s+(?:the\s+)?[A-Z][\w ]+?)\s*\(([A-Z][A-Za-z]{1,9})\)")
MEASURE_TYPES = [  # ordered: the first rule whose pattern occurs in the item decides
    ("review", r"\breview|\brevis"),
    ("reporting", r"\breports?\b"),
    ("monitoring", r"\bmonitor"),
    ("training", r"\btraining\b|\bcapacity\b"),
    ("awareness", r"\bcampaign|\bliteracy\b|\bawareness\b"),
]
ROLE_RULES = ("led-by", "shall-lead", "subject-of-shall")


def _clean_org(name: str) -> str:
    name = re.sub(r"\s+", " ", name).strip()
    return re.sub(r"^(?:The|the|All|Each|Every)\s+", "", name)


def _agencies(texts: list[str]) -> list[AgencyRef]:
    found: dict[str, AgencyRef] = {}
    for text in texts:
        text = re.sub(r"\s+", " ", text)
        for m in _AGENCY.finditer(text):
            name = _clean_org(m.group(1))
            if len(_words(name)) < 2:
                continue
            ref = found.setdefault(norm_key(name), AgencyRef(name, None))
            if m.group(2) and ref.acronym is None:
                ref.acronym = m.group(2)
    return list(found.values())


def _mention_pattern(a: AgencyRef) -> re.Pattern:
    alts = [r"\s+".join(map(re.escape, a.name.split()))]
    if a.acronym:
        alts.append(re.escape(a.acronym))
    flags = re.I if a.acronym is None or a.acronym != a.acronym.upper() else 0
    if flags:  # a mixed-case acronym ("MoIC") is also printed in capitals ("MOIC")
        return re.compile(r"\b(?:" + "|".join(alts) + r")\b", re.I)
    return re.compile(r"\b(?:" + alts[0] + r")\b", re.I) if len(alts) == 1 else \
        re.compile(r"(?i:\b" + alts[0] + r"\b)|\b" + alts[1] + r"\b")


_TOKEN = re.compile(r"\w+")


def _tokens(s: str) -> tuple[str, ...]:
    return tuple(t.casefold() for t in _TOKEN.findall(s))


def mentions(text: str, agencies: list[AgencyRef]) -> list[tuple[int, int, str]]:
    """(start, end, agency key) of every agency named in the text, by name or acronym."""
    # Where each agency may begin: the text's words are looked up by the words of each name and
    # acronym (one pass over the text, whatever the number of agencies), and each agency's own
    # pattern decides at those places only, as its search would (a search per agency over the
    # whole text cost agencies x text: a text naming thousands of bodies took minutes).
    keys: dict[tuple[str, ...], list[int]] = {}
    for n, a in enumerate(agencies):
        for form in (a.name, a.acronym):
            if form and _tokens(form):
                keys.setdefault(_tokens(form), []).append(n)
    lengths = sorted({len(k) for k in keys})
    words = [(m.start(), m.group(0).casefold()) for m in _TOKEN.finditer(text)]
    starts: dict[int, set[int]] = {}
    for i, (at, _) in enumerate(words):
        for size in lengths:
            if i + size > len(words):
                break
            for n in keys.get(tuple(w for _, w in words[i:i + size]), ()):
                starts.setdefault(n, set()).add(at)
    spans = []
    for n, places in sorted(starts.items()):  # (agency by agency, as their searches were)
        a = agencies[n]
        rx = _mention_pattern(a)
        end = -1
        for at in sorted(places):
            if at < end:
                continue  # inside this agency's previous mention (a search goes on after it)
            m = rx.match(text, at)
            if m:
                spans.append((m.start(), m.end(), a.key))
                end = m.end()
    # Longest first at each start: "Ministry of Finance and Economic Planning" is that ministry,
    # not the "Ministry of Finance" its name begins with; a name inside a mention is no mention.
    spans.sort(key=lambda x: (x[0], -x[1]))
    out, last = [], -1
    for s, e, k in spans:  # the acronym inside "Ministry ... (MoIC)" is part of the name mention
        if s >= last:
            out.append((s, e, k))
            last = e
        elif e > last:
            last = e
    return out


def _measure(item: Item, agencies: list[AgencyRef]) -> Measure | None:
    text = item.text
    spans = mentions(text, agencies)
    if not spans:
        return None
    named = list(dict.fromkeys(k for _, _, k in spans))
    leads: list[str] = []
    rule = None
    # (The spans are in order of their starts: a sentence's are found by bisection, not by a pass
    # over all of them for each sentence; and each sentence's offset is searched from the end of
    # the one before, not from the start of the text.)
    span_starts = [a for a, _, _ in spans]

    def spans_in(lo: int, hi: int) -> list[tuple[int, int, str]]:
        return spans[bisect.bisect_left(span_starts, lo):bisect.bisect_left(span_starts, hi)]

    offsets = []
    pos = 0
    for s in sentences(text):
        off = text.find(s, pos)
        off = text.find(s) if off < 0 else off
        pos = off + len(s)
        offsets.append((s, off))
    for s, off in offsets:
        m = re.search(r"\bled\s+by\b", s)
        if m:
            leads += [k for _, _, k in spans_in(off + m.end(), off + len(s))]
    if leads:
        rule = "led-by"
    else:
        ends: dict[int, list[int]] = {}  # end -> indices of the spans ending there
        for n, (_, e, _) in enumerate(spans):
            ends.setdefault(e, []).append(n)
        for m in re.finditer(r"\s+(?:shall|will)\s+lead\b", text):
            leads += [spans[n][2] for n in sorted(n for gap in (0, 1, 2) for n in ends.get(m.start() - gap, ()))]
        rule = "shall-lead" if leads else None
    if not leads:
        for s, off in offsets:
            mine = [(a - off, e - off, k) for a, e, k in spans_in(off, off + len(s))]
            pos, subj = 0, []
            for a, e, k in mine:
                between = s[pos:a]
                if not re.fullmatch(r"\s*(?:(?:The|the)\s+)?|\s*(?:,|and|&)\s*(?:the\s+)?", between):
                    break
                subj.append(k)
                pos = e
            if subj and re.match(r"\s*(?:shall|will|must)\b", s[pos:]):
                leads += subj
        rule = "subject-of-shall" if leads else None
    if not leads:
        return None
    leads = list(dict.fromkeys(leads))
    kind = next((name for name, pat in MEASURE_TYPES if re.search(pat, text, re.I)), None)
    lead_set = set(leads)
    return Measure(item, leads, [k for k in named if k not in lead_set], rule, kind)


# --- the whole document -----------------------------------------------------------------------

def parse_text(src: SourceText) -> Policy:
    secs, heads, missing, findings = _sections(src.text)
    findings[:0] = [Finding("text", kind, msg, n) for n, kind, msg in src.findings]
    findings += [Finding(key, "missing-section", f"template section '{section_label(key)}' not found") for key in missing]
    name_lines = [t for _, t in secs.get("policy-name", []) if t]
    if not name_lines:
        raise SourceError(src.path, "policy template without a Policy Name", section="1. Policy Name")
    title = re.sub(r"\s+", " ", " ".join(name_lines)).strip()
    gov = re.search(r"(Royal\s+)?Government\s+of\s+(?:the\s+)?([A-Z][\w ]+)$", title)
    government = gov.group(0) if gov else None
    country = countries.resolve(gov.group(2).strip()) if gov else None
    if country is None:
        raise SourceError(src.path, f"issuing country not recognised in the policy name {title!r} "
                                    "(expected '... Government of <country>')", section="1. Policy Name")

    section_texts = {}
    for key, lines in secs.items():
        text = "\n".join(t for _, t in lines).strip()
        text = re.sub(r"\n{2,}", "\n", text)
        first = next((ln for ln, t in lines if t), heads[key][0])
        section_texts[key] = SectionText(key, heads[key][1], first, text)

    items: list[Item] = []
    for key in ("definitions", "policy-statement", "legislative-compliance", "implementation", "monitoring"):
        if key not in secs:
            continue
        its, _ = _structure(key, secs[key], headings=key != "definitions",
                            numbered_headings=key not in ("definitions", "legislative-compliance"))
        items += its
        if not its and section_texts[key].text:
            findings.append(Finding(key, "missing-value", f"no numbered or bulleted items found in '{section_label(key)}'", heads[key][0]))
    items += _annexes(secs.get("annexes", []))

    approval_lines = secs.get("approval", [])
    approval = re.sub(r"\s+", " ", " ".join(t for _, t in approval_lines)).strip()
    adopted = adopted_by = body = session = None
    m = re.search(r"(?i)(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(%s),?\s+(\d{4})" % "|".join(MONTHS), approval)
    if m:
        adopted = date(int(m.group(3)), MONTHS[m.group(2).lower()], int(m.group(1)))
    elif "approval" in secs:
        findings.append(Finding("approval", "unparsed-date", f"approval date not understood: {approval[:120]!r}"))
    m = re.search(r"(?i)adopted (?:at|by|in) the ([^,]+?)(?:,|\s+held|\s+on\b|\.|$)", approval)
    if m:
        adopted_by = m.group(1).strip()
        sm = re.match(r"(?i)(\d+)(?:st|nd|rd|th)\s+(?:session\s+of\s+(?:the\s+)?)?(.+)$", adopted_by)
        session, body = (int(sm.group(1)), sm.group(2).strip()) if sm else (None, adopted_by)
    elif "approval" in secs:
        findings.append(Finding("approval", "missing-value", f"adopting body not understood: {approval[:120]!r}"))

    review = None
    monitoring = " ".join(i.text for i in items if i.key == "monitoring") or section_texts.get("monitoring", SectionText("", "", 0, "")).text
    m = _review_period(re.sub(r"\s+", " ", monitoring))
    if m:
        review = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5}.get(m.group(1).lower()) or (int(m.group(1)) if m.group(1).isdigit() else None)

    operative = [section_texts[k].text for k in ("policy-statement", "implementation", "monitoring") if k in section_texts]
    agencies = _agencies(operative)
    gm = None
    for t in [title] + operative:
        gm = _GOVERNMENT.search(re.sub(r"\s+", " ", t))
        if gm:
            break
    policy = Policy(src.path, src.sha256, src.encoding, title, government, country, adopted, adopted_by, review,
                    {k: s.text for k, s in section_texts.items()}, findings=findings, section_texts=section_texts,
                    items=items, agencies=agencies, government_acronym=gm.group(2) if gm else None,
                    adopting_body=body, session=session)
    policy.legal = _legal_refs(policy.items_of("legislative-compliance"))
    if "legislative-compliance" in secs and not policy.legal:
        findings.append(Finding("legislative-compliance", "missing-value", "no legal instrument found in 'Legislative Compliance'"))
    policy.definitions = _definitions(policy.items_of("definitions"), findings)
    for item in policy.items_of("implementation") + policy.items_of("monitoring"):
        ms = _measure(item, agencies)
        if ms:
            policy.measures.append(ms)
    return policy


_REVIEW = re.compile(r"(?i)\b(?:review|revis)\w*\b")
_THIS_POLICY = re.compile(r"(?i)\bthis\s+policy")
_EVERY_YEARS = re.compile(r"(?i)\bevery\s+(\w+)\s+years?")
_STOP = re.compile(r"\.")


def _review_period(text: str) -> re.Match | None:
    """'... review this policy every five years': the match whose group 1 is the number, in the first
    sentence-like stretch (no full stop) that says it: a review word, then 'this policy', then 'every
    N years', each the first after the one before.  (In three searches: one pattern with two lazy gaps
    retried from every review word and every 'this policy' of a long stretch, quadratic.)"""
    pos = 0
    while True:
        r = _REVIEW.search(text, pos)
        if r is None:
            return None
        stop = _STOP.search(text, r.end())
        end = stop.start() if stop else len(text)
        t = _THIS_POLICY.search(text, r.end(), end)
        e = _EVERY_YEARS.search(text, t.end(), end) if t else None
        if e:
            return e
        pos = end + 1  # a later review word of this stretch finds no more than the first did


def _annexes(lines: list[Line]) -> list[Item]:
    out: list[Item] = []
    cur: list | None = None
    for ln, text in lines:
        if not text:
            continue
        m = re.match(r"(?i)^Annex\s+(\w+)\s*[.:]\s*(.*)$", text)
        if m:
            cur = [m.group(1), ln, [m.group(2)]]
            out.append(cur)
        elif cur is not None and not text.startswith("*"):
            cur[2].append(text)
        else:
            cur = None
    return [Item("annexes", (), marker, n, re.sub(r"\s+", " ", " ".join(parts)).strip(), ln)
            for n, (marker, ln, parts) in enumerate(out, start=1)]


