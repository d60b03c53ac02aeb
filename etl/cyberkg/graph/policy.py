"""Quads of one policy document (the Royal Government of Bhutan template), read by
`cyberkg.sources.policy.parse_file` into a `Policy`.

Every passage (template section, numbered or bulleted item, definition, the adoption) becomes a
resource in the document's own named graph, with provenance to its source line.
"""

from __future__ import annotations

import re

from ..sources.policy import NUMBER, ORDER, Policy, mentions, provision_key, section_label
from ..sources.text import norm_key


def policy_key(p: Policy) -> str:
    return norm_key(p.title)


def policy_node(p: Policy):
    from .vocab import iri
    return iri("policy", policy_key(p))


def _short(text: str, limit: int = 120) -> str:
    first = re.split(r"(?<=[.;:])\s", text, maxsplit=1)[0].rstrip(".;:")
    return first if len(first) <= limit else first[: limit - 1].rstrip() + "…"


def policy_quads(p: Policy, build=None):
    """All quads of one policy document, in its own named graph.

    Every passage (template section, numbered or bulleted item, definition, the adoption) is a
    resource with ckg:section (where), ckg:statementText (the verbatim text), ckg:sourceLine and
    prov:wasDerivedFrom the document; it links the entities it names with ckg:mentions.
    """
    from pyoxigraph import Literal, Quad

    from .profile import agency_node, agency_quads, country_node, country_quads, doc_key, finding_quads, instrument_node, source_quads
    from .vocab import CKG, DCT, ELI, ORG, PROV, RDF, RDFS, SCHEMA, SKOS, XSD, iri

    key = doc_key(str(p.path), p.sha256)
    doc = iri("doc", key)
    pkey = policy_key(p)
    pol = policy_node(p)
    alpha3 = p.country.alpha3
    c = country_node(alpha3)

    def q(s, pr, o):
        return Quad(s, pr, o, doc)

    def lit(v):
        return Literal(str(v))

    def passage(node, section: str, text: str, line: int | None):
        yield q(node, CKG.section, lit(section))
        yield q(node, CKG.statementText, lit(text))
        if line:
            yield q(node, CKG.sourceLine, Literal(str(line), datatype=XSD.integer))
        yield q(node, PROV.wasDerivedFrom, doc)

    # The document and its provenance.
    yield from source_quads(doc, CKG.PolicyDocument, p.path, p.sha256, p.encoding, build)
    yield q(doc, DCT.title, lit(p.title))

    # The country, as profiles state it.
    yield from country_quads(p.country, doc)

    # The policy.
    yield q(pol, RDF.type, CKG.Policy)
    yield q(pol, RDFS.label, lit(p.title))
    yield q(pol, DCT.title, lit(p.title))
    yield q(pol, PROV.wasDerivedFrom, doc)
    yield q(pol, CKG.jurisdiction, c)
    if p.government:
        yield q(pol, CKG.issuingGovernment, lit(p.government))
        gov = iri("government", alpha3)
        yield q(gov, RDF.type, ORG.Organization)
        yield q(gov, RDFS.label, lit(p.government))
        yield q(gov, CKG.jurisdiction, c)
        if p.government_acronym:
            yield q(gov, SKOS.altLabel, lit(p.government_acronym))
        yield q(pol, DCT.publisher, gov)
    if p.adopted:
        yield q(pol, DCT.issued, Literal(p.adopted.isoformat(), datatype=XSD.date))
    if p.adopted_by:
        yield q(pol, CKG.adoptedBy, lit(p.adopted_by))
    if p.review_years:
        yield q(pol, CKG.reviewCycleYears, Literal(str(p.review_years), datatype=XSD.integer))

    # The template sections, verbatim.
    sec_node = {}
    for k in ORDER:
        st = p.section_texts.get(k)
        if st is None:
            continue
        node = iri("policy", pkey, "section", k)
        sec_node[k] = node
        yield q(node, RDF.type, CKG.PolicySection)
        yield q(node, RDFS.label, lit(section_label(k)))
        yield q(node, DCT.isPartOf, pol)
        yield from passage(node, section_label(k), st.text, st.line)
    if "policy-name" in sec_node:
        yield q(sec_node["policy-name"], CKG.mentions, pol)
        yield q(sec_node["policy-name"], CKG.mentions, c)
        if p.government:
            yield q(sec_node["policy-name"], CKG.mentions, iri("government", alpha3))

    # The adoption: an activity with its date and the body that adopted the policy.
    if "approval" in p.section_texts and (p.adopted or p.adopted_by):
        st = p.section_texts["approval"]
        ad = iri("policy", pkey, "adoption")
        yield q(ad, RDF.type, CKG.PolicyAdoption)
        yield q(ad, RDFS.label, lit(f"Adoption of the {p.title}" + (f" at the {p.adopted_by}" if p.adopted_by else "")))
        yield from passage(ad, section_label("approval"), re.sub(r"\s+", " ", st.text), st.line)
        yield q(pol, PROV.wasGeneratedBy, ad)
        if p.adopted:
            yield q(ad, DCT.date, Literal(p.adopted.isoformat(), datatype=XSD.date))
        if p.session:
            yield q(ad, CKG.sessionNumber, Literal(str(p.session), datatype=XSD.integer))
        if p.adopting_body:
            body = agency_node(alpha3, p.adopting_body)
            yield from agency_quads(alpha3, p.adopting_body, doc)
            yield q(ad, PROV.wasAssociatedWith, body)
            yield q(ad, CKG.mentions, body)

    # Agencies named in the operative sections.
    for a in p.agencies:
        yield from agency_quads(alpha3, a.name, doc, a.acronym)
    agency_iri = {a.key: agency_node(alpha3, a.name) for a in p.agencies}

    # Items: statements, objectives, principles, risks, measures, annexes and every other item.
    principles = {id(i) for i in p.principles}
    risks = {id(i) for i in p.risks}
    measures = {id(m.item): m for m in p.measures}
    statements = {id(i) for i in p.statements}
    objectives = {id(i) for i in p.objectives}
    used: set[str] = set()
    item_node = {}
    for item in p.items:
        if item.key == "definitions":
            continue
        if id(item) in statements:
            node, cls = iri("policy", pkey, "statement", str(item.index)), CKG.PolicyStatement
        elif id(item) in objectives:
            node, cls = iri("policy", pkey, "objective", str(item.index)), CKG.PolicyObjective
        elif id(item) in principles:
            node, cls = iri("policy", pkey, "principle", norm_key(item.label)), CKG.ConductPrinciple
        elif id(item) in risks:
            node, cls = iri("policy", pkey, "risk", norm_key(item.label)), CKG.PolicyRisk
        elif item.key == "annexes":
            node, cls = iri("policy", pkey, "annex", norm_key(item.marker)), CKG.PolicyAnnex
        else:
            parts = [str(NUMBER[item.key])] + [norm_key(item.path[-1])] if item.path else [str(NUMBER[item.key])]
            node, cls = iri("policy", pkey, "provision", *parts, str(item.index)), CKG.PolicyProvision
        n = 2
        base = node.value
        while node.value in used:
            node = type(node)(f"{base}-{n}")
            n += 1
        used.add(node.value)
        item_node[id(item)] = node
        yield q(node, RDF.type, cls)
        if id(item) in measures:
            yield q(node, RDF.type, CKG.PolicyMeasure)
        label = item.label if cls in (CKG.ConductPrinciple, CKG.PolicyRisk) else (item.text if cls == CKG.PolicyAnnex else _short(item.text))
        yield q(node, RDFS.label, lit(label))
        yield q(node, DCT.isPartOf, pol)
        yield from passage(node, item.section, item.text, item.line)
        for _, _, k in mentions(item.text, p.agencies):
            yield q(node, CKG.mentions, agency_iri[k])
        ms = measures.get(id(item))
        if ms:
            for k in ms.leads:
                yield q(node, SCHEMA.agent, agency_iri[k])
            for k in ms.participants:
                yield q(node, SCHEMA.participant, agency_iri[k])
            yield q(node, CKG.roleRule, lit(ms.rule))
            if ms.kind:
                yield q(node, CKG.measureType, iri("measure-type", ms.kind))

    # Legislative compliance: instruments with their year and the provisions named.
    for ref in p.legal:
        ins = instrument_node(alpha3, ref.title)
        yield q(ins, RDF.type, ELI.LegalResource)
        yield q(ins, RDFS.label, lit(ref.title))
        yield q(ins, CKG.jurisdiction, c)
        if ref.year:
            yield q(ins, CKG.year, Literal(ref.year, datatype=XSD.gYear))
        yield q(pol, CKG.relatedDocument if ref.related else CKG.conformsWith, ins)
        src = item_node.get(id(ref.item)) if ref.item is not None else None
        if src is not None:
            yield q(src, CKG.mentions, ins)
        for prov in ref.provisions:
            sub = iri("instrument", alpha3, instrument_node(alpha3, ref.title).value.rsplit("/", 1)[1], provision_key(prov))
            yield q(sub, RDF.type, ELI.LegalResourceSubdivision)
            yield q(sub, ELI.is_part_of, ins)
            yield q(sub, RDFS.label, lit(f"{ref.title}, {prov}"))
            if " - " in prov:
                yield q(sub, DCT.title, lit(prov.split(" - ", 1)[1]))
            yield q(pol, CKG.citesProvision, sub)
            if src is not None:
                yield q(src, CKG.mentions, sub)

    # Definitions: a SKOS glossary whose source is this policy.
    scheme = iri("glossary", pkey)
    if p.definitions:
        yield q(scheme, RDF.type, SKOS.ConceptScheme)
        yield q(scheme, RDFS.label, lit(f"Definitions of the {p.title}"))
        yield q(scheme, SKOS.prefLabel, Literal(f"Definitions of the {p.title}", language="en"))
        yield q(scheme, DCT.source, pol)
    for d in p.definitions:
        t = iri("term", pkey, norm_key(d.term))
        yield q(t, RDF.type, SKOS.Concept)
        yield q(t, SKOS.prefLabel, Literal(d.term, language="en"))
        yield q(t, SKOS.definition, Literal(d.text, language="en"))
        yield q(t, SKOS.inScheme, scheme)
        yield q(t, SKOS.topConceptOf, scheme)
        yield q(scheme, SKOS.hasTopConcept, t)
        yield q(t, DCT.source, pol)
        if d.item is not None:
            yield from passage(t, d.item.section, d.item.text, d.item.line)

    # Data-quality findings about the source.
    yield from finding_quads(p.findings, key, doc)
