"""Parser for policies in the Royal Government of Bhutan policy template.

Template sections: 1. Policy Name, 2. Rationale/Purpose, 3. Definitions, 4. Policy Statement
(and Objectives), 5. Legislative Compliance, 6. Implementation Procedure, 7 Monitoring and
Evaluation, 8 Approval Date, then annexes.  Headings are found by number *and* template name, so
numbered list items inside a section are never taken for headings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pyoxigraph import Literal, Quad

from . import countries
from .profile import MONTHS, Finding
from .text import SourceError, SourceText, norm_key, read_source

TEMPLATE = {
    1: ("policy-name", r"policy\s+name"),
    2: ("rationale", r"rationale(?:\s*/\s*purpose)?|purpose"),
    3: ("definitions", r"definitions?"),
    4: ("policy-statement", r"policy\s+statement(?:\s+and\s+objectives)?"),
    5: ("legislative-compliance", r"legislative\s+compliance"),
    6: ("implementation", r"implementation\s+procedures?"),
    7: ("monitoring", r"monitoring\s+and\s+evaluation"),
    8: ("approval", r"approval\s+date"),
}
_HEADING = re.compile(r"^\s*([1-8])\s*\.?\s*(" + "|".join(f"(?:{p})" for _, p in TEMPLATE.values()) + r")\s*:?\s*$", re.I)


@dataclass
class LegalRef:
    title: str
    year: str | None
    provisions: list[str]
    related: bool  # "Other relevant issuances" rather than conformance


@dataclass
class Definition:
    term: str
    text: str


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


def looks_like_policy(text: str) -> bool:
    head = text[:4000]
    return bool(re.search(r"(?im)^\s*1\s*\.?\s*policy\s+name\s*:?\s*$", head))


def parse_file(path: str | Path) -> Policy:
    return parse_text(read_source(path))


def _sections(text: str) -> tuple[dict[str, list[str]], list[str]]:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    out: dict[str, list[str]] = {}
    current = None
    pending_number = None  # "8" alone on a line, heading on a later one (PDF extraction)
    for raw in lines:
        line = raw.strip()
        if re.fullmatch(r"[1-8]", line):
            pending_number = line
            continue
        candidate = f"{pending_number}. {line}" if pending_number and line else line
        m = _HEADING.match(candidate) or _HEADING.match(line)
        if m:
            num = int(m.group(1))
            key, pat = TEMPLATE[num]
            if re.fullmatch(pat, m.group(2).strip(), re.I) and key not in out:
                current = key
                out[key] = []
                pending_number = None
                continue
        if line:
            pending_number = None
        if re.match(r"(?i)^.*\bRESOURCES\*?$|^Annex\s+\d", line):
            current = "annexes"
            out.setdefault("annexes", [])
        if current is not None:
            out[current].append(line)
    missing = [key for key, _ in TEMPLATE.values() if key not in out]
    return out, missing


def _numbered_items(lines: list[str]) -> list[str]:
    items: list[str] = []
    for line in lines:
        if not line:
            continue
        m = re.match(r"^(\d+)\.\s*(.*)$", line)
        if m:
            items.append(m.group(2))
        elif items:
            items[-1] += " " + line
    return items


def _legal_refs(lines: list[str]) -> list[LegalRef]:
    """Section 5: instruments the policy conforms with, then 'Other relevant issuances'."""
    refs: list[LegalRef] = []
    split_at = next((i for i, l in enumerate(lines) if re.match(r"(?i)other relevant", l)), len(lines))
    for related, part in ((False, lines[:split_at]), (True, lines[split_at + 1:])):
        for item in _numbered_items(part):
            # Two instruments run together on one line: "... Act, 2006 Civil Service Act of Bhutan, 2010"
            for piece in re.split(r"(?<=\d{4})\s+(?=[A-Z][a-z])", item):
                piece = piece.strip().rstrip(".")
                provisions: list[str] = []
                m = re.search(r",?\s*\((.*)\)\s*$", piece)
                if m:
                    inner = m.group(1)
                    kind = None
                    for chunk in inner.split(";"):
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
                refs.append(LegalRef(re.sub(r"\s+", " ", piece).strip(" ,"), years[-1] if years else None, provisions, related))
    return refs


def _definitions(lines: list[str]) -> list[Definition]:
    out = []
    for item in _numbered_items(lines):
        m = re.match(r"^([^:]{1,40}):\s*(.+)$", item)
        if m:
            out.append(Definition(m.group(1).strip(), re.sub(r"\s+", " ", m.group(2)).strip()))
    return out


def parse_text(src: SourceText) -> Policy:
    secs, missing = _sections(src.text)
    findings = [Finding(key, "missing-section", f"template section '{key}' not found") for key in missing]
    name_lines = [l for l in secs.get("policy-name", []) if l]
    if not name_lines:
        raise SourceError(src.path, "policy template without a Policy Name", section="1. Policy Name")
    title = re.sub(r"\s+", " ", " ".join(name_lines)).strip()
    gov = re.search(r"(Royal\s+)?Government\s+of\s+([A-Z][\w ]+)$", title)
    government = gov.group(0) if gov else None
    country = countries.resolve(gov.group(2).strip()) if gov else None
    if country is None:
        findings.append(Finding("policy-name", "missing-value", "issuing country not recognised in the policy name"))
    approval = " ".join(secs.get("approval", []))
    adopted = adopted_by = None
    m = re.search(r"(?i)(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(%s),?\s+(\d{4})" % "|".join(MONTHS), approval)
    if m:
        adopted = date(int(m.group(3)), MONTHS[m.group(2).lower()], int(m.group(1)))
    else:
        findings.append(Finding("approval", "unparsed-date", f"approval date not understood: {approval[:120]!r}"))
    m = re.search(r"(?i)adopted (?:at|by) the ([^,]+?)(?:,|\s+held)", approval)
    if m:
        adopted_by = m.group(1).strip()
    review = None
    m = re.search(r"(?i)revise this policy[^.]*?every\s+(\w+)\s+years?", " ".join(secs.get("monitoring", [])))
    if m:
        review = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5}.get(m.group(1).lower()) or (int(m.group(1)) if m.group(1).isdigit() else None)
    policy = Policy(src.path, src.sha256, src.encoding, title, government, country, adopted, adopted_by, review,
                    {k: "\n".join(v).strip() for k, v in secs.items()}, findings=findings)
    policy.legal = _legal_refs(secs.get("legislative-compliance", []))
    policy.definitions = _definitions(secs.get("definitions", []))
    return policy


def policy_quads(p: Policy, build=None):
    from .mapping import country_node, doc_key, instrument_node
    from .vocab import CKG, DCT, ELI, PROV, RDF, RDFS, SKOS, XSD, iri

    key = doc_key(str(p.path), p.sha256)
    doc = iri("doc", key)
    g = doc

    def q(s, pr, o):
        return Quad(s, pr, o, g)

    pol = iri("policy", norm_key(p.title))
    yield q(doc, RDF.type, CKG.PolicyDocument)
    yield q(doc, DCT.title, Literal(p.title))
    yield q(doc, CKG.fileName, Literal(p.path.name))
    yield q(doc, CKG.sha256, Literal(p.sha256))
    yield q(doc, CKG.sourceEncoding, Literal(p.encoding))
    if build is not None:
        yield q(doc, PROV.wasGeneratedBy, build)
    yield q(pol, RDF.type, CKG.Policy)
    yield q(pol, RDFS.label, Literal(p.title))
    yield q(pol, PROV.wasDerivedFrom, doc)
    if p.government:
        yield q(pol, CKG.issuingGovernment, Literal(p.government))
    if p.country:
        c = country_node(p.country.alpha3)
        yield q(pol, CKG.jurisdiction, c)
        yield q(c, RDF.type, CKG.Country)
        yield q(c, RDFS.label, Literal(p.country.name))
        yield q(c, CKG.iso3166Alpha2, Literal(p.country.alpha2))
        yield q(c, CKG.iso3166Alpha3, Literal(p.country.alpha3))
        from .vocab import WD
        yield q(c, SKOS.exactMatch, WD[p.country.qid])
    if p.adopted:
        yield q(pol, DCT.issued, Literal(p.adopted.isoformat(), datatype=XSD.date))
    if p.adopted_by:
        yield q(pol, CKG.adoptedBy, Literal(p.adopted_by))
    if p.review_years:
        yield q(pol, CKG.reviewCycleYears, Literal(str(p.review_years), datatype=XSD.integer))
    alpha3 = p.country.alpha3 if p.country else "XXX"
    for n, ref in enumerate(p.legal, start=1):
        ins = instrument_node(alpha3, ref.title)
        yield q(ins, RDF.type, ELI.LegalResource)
        yield q(ins, RDFS.label, Literal(ref.title))
        if p.country:
            yield q(ins, CKG.jurisdiction, country_node(alpha3))
        if ref.year:
            yield q(ins, CKG.year, Literal(ref.year, datatype=XSD.gYear))
        yield q(pol, CKG.relatedDocument if ref.related else CKG.conformsWith, ins)
        for prov in ref.provisions:
            sub = iri("instrument", alpha3, norm_key(ref.title), norm_key(prov.split(" - ")[0]))
            yield q(sub, RDF.type, ELI.LegalResourceSubdivision)
            yield q(sub, ELI.is_part_of, ins)
            yield q(sub, RDFS.label, Literal(f"{ref.title}, {prov}"))
            yield q(pol, CKG.citesProvision, sub)
    scheme = iri("glossary", norm_key(p.title))
    if p.definitions:
        yield q(scheme, RDF.type, SKOS.ConceptScheme)
        yield q(scheme, RDFS.label, Literal(f"Definitions of the {p.title}"))
        yield q(scheme, DCT.source, pol)
    for d in p.definitions:
        t = iri("term", norm_key(p.title), norm_key(d.term))
        yield q(t, RDF.type, SKOS.Concept)
        yield q(t, SKOS.prefLabel, Literal(d.term, language="en"))
        yield q(t, SKOS.definition, Literal(d.text, language="en"))
        yield q(t, SKOS.inScheme, scheme)
        yield q(t, DCT.source, pol)
    for n, f in enumerate(p.findings, start=1):
        node = iri("finding", key, str(n))
        yield q(node, RDF.type, CKG.SourceAnomaly)
        yield q(node, CKG.findingKind, Literal(f.kind))
        yield q(node, RDFS.comment, Literal(f.message))
        yield q(node, CKG.section, Literal(f.section))
        yield q(node, PROV.wasDerivedFrom, doc)
