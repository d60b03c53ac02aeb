"""Facts -> quads.  The one place where the RDF shape of the graph is decided.

Each source document gets its own named graph (the document's IRI); everything stated in it is
derived from that document.  Shared entities (countries, agencies, instruments, programmes) have
IRIs from normalised keys, so two documents naming the same thing state triples about one node.
No blank nodes: every node has a stable IRI, and builds of the same input are byte-identical.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pyoxigraph import Literal, NamedNode, Quad

from ..sources.profile import Profile
from ..sources.text import norm_key
from .vocab import CKG, DCT, ELI, ORG, PROV, QB, RDF, RDFS, SCHEMA, SDMXA, SDMXD, SKOS, WD, XSD, iri

ASSESSORS = {"ITU": ("itu", "International Telecommunication Union", "Q376150"),
             "ITU-IMPACT": ("itu-impact", "ITU-IMPACT", None)}


def doc_key(profile_path: str, sha256: str) -> str:
    stem = re.sub(r"\.[A-Za-z0-9]{1,4}$", "", profile_path.rsplit("/", 1)[-1])
    return f"{norm_key(stem) or 'document'}-{sha256[:8]}"


def _lit(value) -> Literal:
    return Literal(str(value))


def _typed(value: str) -> Literal:
    """A date-like string as the narrowest XSD type: YYYY, YYYY-MM or YYYY-MM-DD."""
    if re.fullmatch(r"\d{4}", value):
        return Literal(value, datatype=XSD.gYear)
    if re.fullmatch(r"\d{4}-\d{2}", value):
        return Literal(value, datatype=XSD.gYearMonth)
    return Literal(value, datatype=XSD.date)


def country_node(alpha3: str) -> NamedNode:
    return iri("country", alpha3)


def agency_node(alpha3: str, name: str) -> NamedNode:
    return iri("agency", alpha3, norm_key(re.sub(r"^the\s+", "", name, flags=re.I)))


def instrument_node(alpha3: str, title: str) -> NamedNode:
    return iri("instrument", alpha3, norm_key(re.sub(r"^the\s+", "", title, flags=re.I)))


def provision_parts(provisions: str) -> list[str]:
    """'Article 225 and 476' -> ['Article 225', 'Article 476']; unknown shapes stay whole."""
    m = re.match(r"(?i)^(articles?|art\.|sections?|chapters?|sec\.)\s*(.+)$", provisions.strip())
    if not m:
        return [provisions.strip()]
    kind = {"art.": "Article", "sec.": "Section"}.get(m.group(1).lower(), m.group(1).rstrip("s").capitalize())
    nums = [n.strip() for n in re.split(r",|\band\b|&", m.group(2)) if n.strip()]
    if not nums or not all(re.fullmatch(r"[\w.()\-]+", n) for n in nums):
        return [provisions.strip()]
    return [f"{kind} {n}" for n in nums]


def source_quads(doc: NamedNode, kind: NamedNode, path, sha256: str, encoding: str,
                 build: NamedNode | None) -> Iterator[Quad]:
    """What every document's graph says about its source file and the build that read it."""
    yield Quad(doc, RDF.type, kind, doc)
    yield Quad(doc, CKG.fileName, _lit(path.name), doc)
    yield Quad(doc, CKG.sha256, _lit(sha256), doc)
    yield Quad(doc, CKG.sourceEncoding, _lit(encoding), doc)
    if build is not None:
        yield Quad(doc, PROV.wasGeneratedBy, build, doc)


def country_quads(country, g: NamedNode) -> Iterator[Quad]:
    """The country's identifiers, stated alike by every document about it."""
    c = country_node(country.alpha3)
    yield Quad(c, RDF.type, CKG.Country, g)
    yield Quad(c, RDFS.label, _lit(country.name), g)
    yield Quad(c, CKG.iso3166Alpha2, _lit(country.alpha2), g)
    yield Quad(c, CKG.iso3166Alpha3, _lit(country.alpha3), g)
    yield Quad(c, SKOS.exactMatch, WD[country.qid], g)
    if getattr(country, "realm_qid", None):
        yield Quad(c, SKOS.broadMatch, WD[country.realm_qid], g)


def agency_quads(alpha3: str, name: str, g: NamedNode, acronym: str | None = None) -> Iterator[Quad]:
    """An agency of a country: type, label, jurisdiction and acronym (IRI from the normalised name)."""
    node = agency_node(alpha3, name)
    yield Quad(node, RDF.type, CKG.Agency, g)
    yield Quad(node, RDFS.label, _lit(name), g)
    yield Quad(node, CKG.jurisdiction, country_node(alpha3), g)
    if acronym:
        yield Quad(node, SKOS.altLabel, _lit(acronym), g)


def finding_quads(findings, key: str, doc: NamedNode) -> Iterator[Quad]:
    """Data-quality findings as ckg:SourceAnomaly nodes (IRI: the document key and the finding's number)."""
    for n, f in enumerate(findings, start=1):
        node = iri("finding", key, str(n))
        for pred, obj in ((RDF.type, CKG.SourceAnomaly), (CKG.findingKind, _lit(f.kind)),
                          (RDFS.comment, _lit(f.message)), (CKG.section, _lit(f.section)),
                          (PROV.wasDerivedFrom, doc)):
            yield Quad(node, pred, obj, doc)


def profile_quads(p: Profile, build: NamedNode | None = None) -> Iterator[Quad]:
    """All quads of one profile, in its own named graph."""
    key = doc_key(str(p.path), p.sha256)
    doc = iri("doc", key)
    g = doc
    c = country_node(p.country.alpha3)

    def q(s, pred, o):
        return Quad(s, pred, o, g)

    # The document and its provenance.
    yield from source_quads(doc, CKG.CyberwellnessProfile, p.path, p.sha256, p.encoding, build)
    yield q(doc, DCT.title, _lit(f"ITU Cyberwellness Profile: {p.title}"))
    yield q(doc, CKG.aboutCountry, c)
    yield q(doc, CKG.titleInProfile, _lit(p.title))
    yield q(doc, DCT.publisher, iri("org", "itu"))
    if p.updated is not None:
        yield q(doc, DCT.modified, Literal(p.updated.isoformat(), datatype=XSD.date))
    if p.updated_text:
        yield q(doc, CKG.statedUpdate, _lit(p.updated_text))

    yield from country_quads(p.country, g)

    itu = iri("org", "itu")
    yield q(itu, RDF.type, ORG.Organization)
    yield q(itu, RDFS.label, _lit("International Telecommunication Union"))
    yield q(itu, SKOS.exactMatch, WD.Q376150)

    # BACKGROUND statistics: RDF Data Cube observations (structure id:dataset/structure in the
    # ontology: dimensions refArea, refPeriod, qb:measureType; attributes unit and data source).
    # The IRI is the cube cell plus the figure, so two documents stating the same figure state one
    # observation (no duplicate cells, W3C Data Cube IC-12), while differing figures stay apart.
    # A figure the source does not give is not an observation (the Data Cube requires the measure's
    # value, IC-15): it is a ckg:MissingObservation of the data set, with ckg:valueStatus unknown.
    for obs, measure, dataset, dtype, unit in (
            (p.population, CKG.population, "population", XSD.integer, "persons"),
            (p.internet, CKG.internetUsersPercent, "internet-users", XSD.decimal, "percent")):
        if obs is None:
            continue
        if obs.value is not None:
            value = Literal(str(obs.value), datatype=dtype)
            o = iri("observation", dataset, p.country.alpha3, obs.period or "undated", norm_key(value.value))
            yield q(o, RDF.type, QB.Observation)
            yield q(o, QB.dataSet, iri("dataset", dataset))
            yield q(o, QB.measureType, measure)
            yield q(o, measure, value)
            yield q(o, SDMXA.unitMeasure, iri("unit", unit))
        else:
            o = iri("observation", key, dataset)
            yield q(o, RDF.type, CKG.MissingObservation)
            yield q(o, CKG.missingFrom, iri("dataset", dataset))
            yield q(o, CKG.valueStatus, iri("status", "unknown"))
        yield q(o, SDMXD.refArea, c)
        yield q(o, PROV.wasDerivedFrom, doc)
        yield q(o, CKG.statedValue, _lit(obs.verbatim))
        yield q(o, CKG.section, _lit("background"))
        if obs.period:
            yield q(o, SDMXD.refPeriod, _typed(obs.period))
        if obs.source:
            src = iri("org", norm_key(obs.source))
            yield q(o, CKG.dataSource, src)
            yield q(src, RDF.type, ORG.Organization)
            yield q(src, RDFS.label, _lit(obs.source))

    # One statement per indicator section.
    stmt_of = {}
    for code, st in p.statements.items():
        s = iri("statement", key, code)
        stmt_of[code] = s
        yield q(s, RDF.type, CKG.IndicatorStatement)
        yield q(s, CKG.indicator, iri("indicator", code))
        yield q(s, CKG.status, iri("status", st.status))
        yield q(s, CKG.statusRule, _lit(st.rule))
        yield q(s, CKG.section, _lit(code))
        yield q(s, CKG.country, c)
        yield q(s, PROV.wasDerivedFrom, doc)
        yield q(s, CKG.statementText, _lit(st.text))
        if st.line is not None:
            yield q(s, CKG.sourceLine, Literal(str(st.line), datatype=XSD.integer))

    # Legal instruments, cited with their provisions.  One rdfs:label per node and document: the
    # first spelling; other spellings of the same key ("ACT" / "Act") become skos:altLabel.
    labelled: dict[str, str] = {}
    for n, ins in enumerate(p.instruments, start=1):
        node = instrument_node(p.country.alpha3, ins.title)
        yield q(node, RDF.type, ELI.LegalResource)
        first = labelled.setdefault(node.value, ins.title)
        yield q(node, RDFS.label if first == ins.title else SKOS.altLabel, _lit(ins.title))
        yield q(node, CKG.jurisdiction, c)
        yield q(node, CKG.instrumentCategory, iri("instrument-category", ins.category))
        cit = iri("citation", key, ins.section, str(n))
        yield q(cit, RDF.type, CKG.Citation)
        yield q(cit, CKG.citedInstrument, node)
        yield q(cit, CKG.citedAs, _lit(ins.title))
        yield q(cit, CKG.section, _lit(ins.section))
        yield q(cit, CKG.instrumentCategory, iri("instrument-category", ins.category))
        yield q(stmt_of[ins.section], CKG.hasCitation, cit)
        if ins.provisions:
            yield q(cit, CKG.provisionsText, _lit(ins.provisions))
            for part in provision_parts(ins.provisions):
                sub = NamedNode(node.value + "/" + norm_key(part))
                yield q(sub, RDF.type, ELI.LegalResourceSubdivision)
                yield q(sub, ELI.is_part_of, node)
                yield q(sub, RDFS.label, _lit(f"{ins.title}, {part}"))
                yield q(cit, CKG.citesProvision, sub)

    # Agencies named in 1.3.3 (with the organisation a unit belongs to).
    for ag in p.agencies:
        node = agency_node(p.country.alpha3, ag.name)
        yield from agency_quads(p.country.alpha3, ag.name, g, ag.acronym)
        if ag.parent:
            yield q(node, ORG.subOrganizationOf, agency_node(p.country.alpha3, ag.parent))
            yield from agency_quads(p.country.alpha3, ag.parent, g, ag.parent_acronym)
        yield q(stmt_of[ag.section], CKG.mentionsAgency, node)

    # CIRTs and CIRT assessments (1.2.1).
    # Only named teams: a team the profile mentions without a name is the 1.2.1 status alone.
    for cirt in p.cirts:
        node = iri("cirt", p.country.alpha3, norm_key(cirt.name))
        yield q(node, RDF.type, CKG.NationalCIRT if cirt.national else CKG.CIRT)
        yield q(node, RDFS.label, _lit(cirt.name))
        yield q(node, CKG.jurisdiction, c)
        yield q(node, CKG.cirtRole, iri("cirt-role", cirt.role))
        yield q(node, CKG.cirtState, iri("cirt-state", cirt.state))
        if cirt.sector:
            yield q(node, CKG.cirtSector, _lit(cirt.sector))
        yield q(stmt_of[cirt.section], CKG.mentionsCIRT, node)
    undated = 0
    for a in p.assessments:
        if a.start:
            akey = a.start
        else:
            undated += 1
            akey = f"undated-{key}-{undated}"
        node = iri("assessment", p.country.alpha3, akey)
        yield q(node, RDF.type, CKG.CIRTAssessment)
        yield q(node, RDFS.label, _lit(f"CIRT readiness assessment for {p.country.name}" + (f", {a.start}" if a.start else "")))
        yield q(node, CKG.assessedCountry, c)
        if a.start:
            yield q(node, CKG.assessmentDate, _typed(a.start))
        if a.end:
            yield q(node, CKG.assessmentEndDate, _typed(a.end))
        if a.location:
            yield q(node, CKG.locationText, _lit(a.location))
        if a.assessor:
            slug, label, qid = ASSESSORS[a.assessor]
            org = iri("org", slug)
            yield q(node, PROV.wasAssociatedWith, org)
            yield q(org, RDF.type, ORG.Organization)
            yield q(org, RDFS.label, _lit(label))
        yield q(stmt_of["1.2.1"], CKG.reportsEvent, node)

    # Convention actions (2.2).
    for ca in p.conventions:
        node = iri("convention-action", key, ca.convention)
        yield q(node, RDF.type, CKG.ConventionAction)
        yield q(node, CKG.convention, iri("convention", ca.convention))
        yield q(node, CKG.action, iri("action", ca.action))
        yield q(node, CKG.country, c)
        if ca.text:
            yield q(node, CKG.statementText, _lit(ca.text))
        yield q(stmt_of["2.2"], CKG.reportsAction, node)

    # International programmes (1.5.4).
    for pr in p.programmes:
        node = iri("programme", pr.key)
        yield q(node, RDF.type, CKG.Programme)
        yield q(node, RDFS.label, _lit(pr.name))
        yield q(stmt_of["1.5.4"], CKG.mentionsProgramme, node)

    # Reporting contacts (2.4).
    for n, ct in enumerate(p.contacts, start=1):
        node = iri("contact", key, str(n))
        yield q(node, RDF.type, SCHEMA.ContactPoint)
        prop = {"phone": SCHEMA.telephone, "url": SCHEMA.url, "email": SCHEMA.email}[ct.kind]
        yield q(node, prop, _lit(ct.value))
        yield q(stmt_of["2.4"], CKG.reportingContact, node)

    # Data-quality findings about the source.
    for n, f in enumerate(p.findings, start=1):
        if f.section in stmt_of:
            yield q(stmt_of[f.section], CKG.hasFinding, iri("finding", key, str(n)))
    yield from finding_quads(p.findings, key, doc)
