"""National strategy facts -> quads (one named graph per document), and the links from each
profile's 1.3.1 statement to the strategies of its country (in the resolution graph).

In the document's graph: the ckg:NationalStrategyDocument (title as printed with its language tag,
country, year, validity period, issuer as printed and the agency it is, language, status with its
evidence, kind and scope, its source files: two copies of one document are one document with two
ckg:sourceFile), its table of contents, one ckg:StrategySection per heading (line range), one
ckg:StrategyMention per body/CIRT/law/convention it names (section, line, the entity when the name
is clear and the country known), one ckg:EvidencePassage per passage a topic rule picked
(ckg:addressesIndicator, the rule, section, line) and `doc ckg:addresses indicator` for each
indicator with at least one passage; what could not be read as ckg:StrategyFinding.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections.abc import Iterator

from pyoxigraph import Literal, NamedNode, Quad

from ..sources.strategy import Strategy
from ..sources.text import norm_key
from .profile import agency_node, country_node, country_quads, doc_key, instrument_node
from .vocab import CKG, DCT, ELI, PROV, RDF, RDFS, SKOS, XSD, iri

# Conventions a strategy may name -> the convention concept (ontology/cyberkg.ttl, strategy.ttl).
CONVENTIONS = {
    "Convention on Cybercrime": "ETS185",
    "Convention on the Rights of the Child": "CRC",
    "African Union Convention on Cyber Security and Personal Data Protection": "AUCC",
    "Convention 108": "ETS108",
}


def strategy_node(s: Strategy) -> NamedNode:
    return iri("doc", doc_key(str(s.path), s.sha256))


def _lit(value, lang: str | None = None) -> Literal:
    if lang:
        return Literal(str(value), language=lang)
    return Literal(str(value))


def _int(n: int) -> Literal:
    return Literal(str(n), datatype=XSD.integer)


def _year(y: int) -> Literal:
    return Literal(f"{y:04d}", datatype=XSD.gYear)


# Teams of regions and of the international community, not of one country.
_REGIONAL = re.compile(r"(?i)^(?:asia|pacific|asia[- ]pacific|european|europe|african|africa|arab|gulf|nordic|regional|international|global|"
                       r"americas?|latin|caribbean|commonwealth|oic|apcert|first|tf-csirt|egc)\b|\b(?:APCERT|OIC-CERT|AfricaCERT|TF-CSIRT|FIRST)\b")


def cirt_owner(name: str, alpha3: str, named: frozenset[str] | set[str] | None = None) -> str | None:
    """The country (alpha-3) whose team a CIRT named in a strategy of country `alpha3` is, or None.

    `named` holds the alpha-2 codes of the countries the document's text names by name or adjective
    (`Strategy.countries_named`, read by `sources.strategy._countries_in`); None = not read.

    - A region's team ('CERT-EU', 'APCERT', 'Asia Pacific Computer Emergency Response Team', a name
      carrying EU/EC/UN): None, the team of no one country.
    - A name carrying a country's code (`sources.strategy.cirt_codes`: 'US-CERT', 'ArCERT',
      'CSIRT-Py', 'CERT-UK'): the document's own country when the code is its; another country
      only when the text names that country ('US-CERT' in a strategy that names the United States,
      'CSIRT-Py' in one that lists 'Paraguay (CSIRT-Py)').  A code of a country the text never
      names is not read as a country: it abbreviates a sector or an administration that collides
      with a country code ('CERT-PA', Pubblica Amministrazione, in Italy's strategy, which never
      names Panama; 'CSIRT-CV', the Comunitat Valenciana's, in a Spanish one that never names Cabo
      Verde), and the next code or the rules below decide.
    - A full name that starts with a country's name or adjective ('Canadian Cyber Incident Response
      Centre'): that country's (the text names it, in the name itself).
    - Otherwise the document's own team ('GovCERT', 'National Computer Emergency Response Team').

    Unknown stays unknown: when `named` was not read (None) and the name carries another country's
    code, the owner is None: neither that country (the code may be a sector's) nor the document's
    (it may be a foreign team).  The reader reads the set whenever a name carries another country's
    code, so in the build this None only reaches callers that do not have the text.  A document of
    unknown country makes no team at all (strategy_quads asks only for a known country).

    What the graph gets (strategy_quads): a team whose owner is the document's country becomes a
    ckg:CIRT with that one ckg:jurisdiction (ckgsh:CIRTShape: exactly one); any other owner,
    None included, leaves the ckg:StrategyMention with its name and no ckg:mentionedEntity
    (ckgsh:StrategyMention-mentionedEntity: at most one), so a foreign or regional team is never
    made the document's country's and never gets a second jurisdiction.  No finding is written:
    the reading is a rule, not a failure.  Its known limit: a document that names the colliding
    country elsewhere (Italy's strategy naming Panama) would make 'CERT-PA' Panama's again, and a
    country the text names only in a form `_countries_in` does not read (a bare 'US') does not
    count.  The reader's side: sources/strategy.py, module docstring, 'mentions'.
    """
    from ..sources.strategy import CIRT_REGION_CODES, cirt_codes

    if _REGIONAL.search(name):
        return None
    for code in cirt_codes(name):
        if code in CIRT_REGION_CODES:
            return None
        c = _alpha3(code)
        if c == alpha3:
            return alpha3
        if named is None:
            return None
        if code in named:
            return c
    # A full name that starts with a country's name or adjective ('Canadian Cyber Incident Response
    # Centre'): that country's team.
    if " " in name:
        from ..sources.strategy import _countries_in

        first = _countries_in(name.split("(")[0].split()[0] + " " + " ".join(name.split()[1:3]))[:1]
        c = _alpha3(first[0]) if first else None
        if c is not None:
            return c
    return alpha3


def _alpha3(alpha2: str) -> str | None:
    import pycountry

    c = pycountry.countries.get(alpha_2=alpha2)
    return c.alpha_3 if c is not None else None


def strategy_quads(s: Strategy, build: NamedNode | None = None) -> Iterator[Quad]:
    key = doc_key(str(s.path), s.sha256)
    doc = iri("doc", key)
    g = doc
    lang = s.language

    def q(subj, pred, obj):
        return Quad(subj, pred, obj, g)

    yield q(doc, RDF.type, CKG.NationalStrategyDocument)
    if build is not None:
        yield q(doc, PROV.wasGeneratedBy, build)
    sources = [(s.path, s.sha256, s.encoding)] + list(s.copies)
    # Copies whose names key alike ('Germany.txt' and 'germany.txt', 'Стратегия.txt' and
    # 'Strategiya.txt') are two sources: each such key gets a hash of its exact name.
    names: dict[tuple[str, str], set[str]] = {}
    for path, sha, _ in sources:
        names.setdefault((sha[:16], norm_key(path.name) or "file"), set()).add(path.name)
    for path, sha, enc in sources:
        skey = (sha[:16], norm_key(path.name) or "file")
        if len(names[skey]) > 1:
            skey = (skey[0], skey[1] + "-" + hashlib.sha256(path.name.encode("utf-8", "surrogateescape")).hexdigest()[:8])
        src = iri("source", *skey)
        yield q(doc, CKG.sourceFile, src)
        yield q(doc, CKG.fileName, _lit(path.name))
        yield q(src, RDF.type, CKG.SourceFile)
        yield q(src, CKG.fileName, _lit(path.name))
        yield q(src, CKG.sha256, _lit(sha))
        yield q(src, CKG.sourceEncoding, _lit(enc))
    yield q(doc, CKG.sha256, _lit(s.sha256))
    yield q(doc, RDFS.label, _lit(s.title or f"{s.path.name} (title unknown)", lang if s.title else None))
    if s.title:
        yield q(doc, DCT.title, _lit(s.title, lang))
        yield q(doc, CKG.titleLine, _int(s.title_line or 1))
    yield q(doc, CKG.documentKind, _lit(s.kind))
    yield q(doc, CKG.documentScope, _lit(s.scope))
    yield q(doc, CKG.documentStatus, _lit(s.status))
    if s.status_evidence:
        yield q(doc, CKG.statusEvidence, _lit(s.status_evidence))
    yield q(doc, CKG.languageCode, _lit(lang or "unknown"))
    if lang:
        yield q(doc, DCT.language, Literal(lang, datatype=XSD.language))
    if s.year is not None:
        yield q(doc, DCT.issued, _year(s.year))
        yield q(doc, CKG.yearLine, _int(s.year_line or 1))
    if s.period:
        yield q(doc, CKG.periodStart, _year(s.period[0]))
        yield q(doc, CKG.periodEnd, _year(s.period[1]))
    yield q(doc, CKG.furnitureLinesRemoved, _int(s.furniture_lines))
    c = s.country
    if c is not None:
        yield q(doc, CKG.documentCountry, country_node(c.alpha3))
        yield q(doc, CKG.countryEvidence, _lit(s.country_how))
        yield from country_quads(c, g)
    if s.issuer:
        yield q(doc, CKG.issuerAsPrinted, _lit(s.issuer, lang))
        if c is not None and s.issuer_is_state:
            yield q(doc, DCT.publisher, country_node(c.alpha3))  # 'REPUBLIC OF X' is the country, not an agency of it
        elif c is not None:
            ag = agency_node(c.alpha3, s.issuer)
            yield q(doc, DCT.publisher, ag)
            yield from _agency(ag, s.issuer, c.alpha3, None, lang, q)

    if s.toc:
        toc = iri("toc", key)
        yield q(doc, CKG.tableOfContents, toc)
        yield q(toc, RDF.type, CKG.TableOfContents)
        yield q(toc, CKG.sourceLine, _int(s.toc[0]))
        yield q(toc, CKG.endLine, _int(s.toc[1]))
        yield q(toc, CKG.entryCount, _int(len(s.toc_entries)))

    sections: dict[str, NamedNode] = {}
    for n, h in enumerate(s.headings, start=1):
        node = iri("strategy-section", key, str(n))
        sections.setdefault(h.label, node)
        yield q(node, RDF.type, CKG.StrategySection)
        yield q(node, DCT.isPartOf, doc)
        yield q(node, RDFS.label, _lit(h.label, lang))
        if h.number:
            yield q(node, CKG.sectionNumber, _lit(h.number))
        yield q(node, CKG.headingLevel, _int(h.level))
        yield q(node, CKG.sourceLine, _int(h.line))
        yield q(node, CKG.endLine, _int(h.end_line))

    # Mentions: the first in each section of each name (a name repeated in a section adds nothing).
    foreign_starts = [a for a, _, _ in s.foreign_parts]  # (in line order, not overlapping)
    seen: set[tuple[str, str, str]] = set()
    n = 0
    for m in s.mentions:
        k = (m.kind, m.name, m.section)
        if k in seen:
            continue
        seen.add(k)
        n += 1
        node = iri("strategy-mention", key, str(n))
        yield q(node, RDF.type, CKG.StrategyMention)
        yield q(node, DCT.isPartOf, doc)
        yield q(node, CKG.mentionKind, _lit(m.kind))
        yield q(node, CKG.mentionedName, _lit(m.name))
        yield q(node, CKG.sourceLine, _int(m.line))
        if m.section and m.section in sections:
            yield q(node, CKG.inSection, sections[m.section])
        if m.provision:
            yield q(node, CKG.provision, _lit(m.provision))
        ent = None
        # A name in a part of a compilation that is another country's document (its cover names
        # that country) is not this country's body, law or team: the mention keeps its name only.
        k = bisect.bisect_right(foreign_starts, m.line) - 1
        foreign = k >= 0 and m.line <= s.foreign_parts[k][1]
        if m.kind == "convention":
            ent = iri("convention", CONVENTIONS[m.name])
        elif c is None or foreign:
            pass
        elif m.kind == "agency":
            ent = agency_node(c.alpha3, m.name)
            yield from _agency(ent, m.name, c.alpha3, m.acronym, None, q)
        elif m.kind == "law":
            ent = instrument_node(c.alpha3, m.name)
            yield q(ent, RDF.type, ELI.LegalResource)
            yield q(ent, RDFS.label, _lit(m.name))
            yield q(ent, CKG.jurisdiction, country_node(c.alpha3))
        elif m.kind == "cirt":
            # A team of another country (its code, and the text names that country) or of a region
            # is not this country's: the mention keeps its name, no entity is made for it.
            if cirt_owner(m.name, c.alpha3, s.countries_named) == c.alpha3:
                ent = iri("cirt", c.alpha3, norm_key(m.name))
                yield q(ent, RDF.type, CKG.CIRT)
                yield q(ent, RDFS.label, _lit(m.name))
                yield q(ent, CKG.jurisdiction, country_node(c.alpha3))
        if ent is not None:
            yield q(node, CKG.mentionedEntity, ent)
            yield q(doc, CKG.mentions, ent)

    # Topics: each passage with its rule; the document addresses each indicator with a passage.
    addressed = set()
    for n, t in enumerate(s.topics, start=1):
        node = iri("passage", key, str(n))
        ind = iri("indicator", t.indicator)
        addressed.add(t.indicator)
        yield q(node, RDF.type, CKG.EvidencePassage)
        yield q(node, DCT.isPartOf, doc)
        yield q(node, CKG.addressesIndicator, ind)
        yield q(node, CKG.topicRule, _lit(t.rule))
        yield q(node, CKG.statementText, _lit(t.text))
        yield q(node, CKG.sourceLine, _int(t.line))
        if t.section and t.section in sections:
            yield q(node, CKG.inSection, sections[t.section])
    for code in sorted(addressed):
        yield q(doc, CKG.addresses, iri("indicator", code))

    for n, f in enumerate(s.findings, start=1):
        node = iri("finding", key, str(n))
        yield q(node, RDF.type, CKG.StrategyFinding)
        yield q(node, CKG.findingKind, _lit(f.kind))
        yield q(node, RDFS.comment, _lit(f.message))
        yield q(node, CKG.section, _lit(f.section))
        if f.line is not None:
            yield q(node, CKG.sourceLine, _int(f.line))
        yield q(node, PROV.wasDerivedFrom, doc)


def _agency(node, name, alpha3, acronym, lang, q) -> Iterator[Quad]:
    yield q(node, RDF.type, CKG.Agency)
    yield q(node, RDFS.label, _lit(name, lang))
    yield q(node, CKG.jurisdiction, country_node(alpha3))
    if acronym:
        yield q(node, SKOS.altLabel, _lit(acronym))


def profile_link_quads(docs, g: NamedNode) -> Iterator[Quad]:
    """In the resolution graph: each profile's 1.3.1 statement -> the strategy documents of its
    country (ckg:strategyDocument), and a ckg:StrategyLink saying whether the strategy is newer or
    older than the profile (by the strategy's printed year against the profile's update date)."""
    profiles = [d for d in docs if d.kind == "profile"]
    strategies = [d for d in docs if d.kind == "strategy" and d.result.country is not None]
    for p in sorted(profiles, key=lambda d: str(d.path)):
        pr = p.result
        pkey = doc_key(str(pr.path), pr.sha256)
        stmt = iri("statement", pkey, "1.3.1")
        pyear = pr.updated.year if pr.updated is not None else None
        for sd in sorted(strategies, key=lambda d: str(d.path)):
            s = sd.result
            if s.country.alpha3 != pr.country.alpha3:
                continue
            sdoc = strategy_node(s)
            skey = doc_key(str(s.path), s.sha256)
            if s.year is None or pyear is None:
                age, why = "unknown", ("the strategy prints no year" if s.year is None else "the profile states no update date")
            elif s.year > pyear:
                age, why = "newer", f"strategy of {s.year}, profile updated {pr.updated.isoformat()}"
            elif s.year < pyear:
                age, why = "older", f"strategy of {s.year}, profile updated {pr.updated.isoformat()}"
            else:
                age, why = "same-year", f"both of {s.year}"
            link = iri("strategy-link", pkey, skey)
            yield Quad(stmt, CKG.strategyDocument, sdoc, g)
            yield Quad(link, RDF.type, CKG.StrategyLink, g)
            yield Quad(link, CKG.profileStatement, stmt, g)
            yield Quad(link, CKG.strategyDocument, sdoc, g)
            yield Quad(link, CKG.relativeAge, _lit(age), g)
            yield Quad(link, RDFS.comment, _lit(f"{s.path.name} is {age.replace('-', ' ')} relative to {pr.path.name}: {why}"), g)
            yield Quad(link, PROV.wasDerivedFrom, iri("doc", pkey), g)
            yield Quad(link, PROV.wasDerivedFrom, sdoc, g)
