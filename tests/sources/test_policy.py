"""The bundled policy (data/policy-bhutan-social-media-2016.txt) in the parser and in the graph.

Expected values are read from the policy text by hand (line numbers refer to that file).  The
template parser is also run on a second, synthetic policy of the same government in the same form,
and on damaged copies, whose unreadable parts must be reported as findings (ckg:SourceAnomaly).
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from pyoxigraph import BlankNode, Dataset, NamedNode

from cyberkg.store import build as B
from cyberkg.sources import policy
from cyberkg.graph import policy as policy_graph
from cyberkg.store.queries import catalogue, rows, run
from cyberkg.sources.text import SourceError, SourceText

from ..conftest import DATA

POLICY_FILE = DATA / "policy-bhutan-social-media-2016.txt"
ID = "https://w3id.org/cyberkg/id/"
POL = ID + "policy/social-media-policy-for-the-royal-government-of-bhutan"
PREFIXES = """
PREFIX ckg: <https://w3id.org/cyberkg/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX schema: <https://schema.org/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""


@pytest.fixture(scope="module")
def pol() -> policy.Policy:
    return policy.parse_file(POLICY_FILE)


def select(store, q: str, **bind) -> list[dict]:
    """SELECT over the union graph; ?name in the query is replaced by the IRI bound to it (test code)."""
    for k, v in bind.items():
        q = re.sub(rf"\?{k}\b", f"<{v}>", q)
    res = store.query(PREFIXES + q, use_default_graph_as_union=True)
    names = [v.value for v in res.variables]
    return [{n: (s[n].value if s[n] is not None else None) for n in names} for s in res]


# --- the parser ---------------------------------------------------------------------------------

def test_policy_name_government_country(pol):
    assert pol.title == "Social Media Policy for the Royal Government of Bhutan"
    assert pol.government == "Royal Government of Bhutan" and pol.government_acronym == "RGoB"
    assert pol.country.alpha3 == "BTN" and pol.country.qid == "Q917"


def test_adoption_and_review_cycle(pol):
    # "This Policy was adopted at the 95th Lhengye Zhungtshog, held on 12th of January, 2016." (line 436)
    assert pol.adopted == date(2016, 1, 12)
    assert pol.adopted_by == "95th Lhengye Zhungtshog"
    assert (pol.adopting_body, pol.session) == ("Lhengye Zhungtshog", 95)
    # "The MoIC will review and, if necessary, revise this policy and guidelines every two years." (7.3)
    assert pol.review_years == 2


def test_template_sections_all_found_and_nothing_unreadable(pol):
    assert list(pol.section_texts) == ["policy-name", "rationale", "definitions", "policy-statement",
                                       "legislative-compliance", "implementation", "monitoring", "approval", "annexes"]
    assert pol.findings == []
    assert pol.section_texts["rationale"].text.startswith("The message of His Majesty, the fourth King")
    assert pol.section_texts["approval"].line == 436


def test_policy_statements_one_per_numbered_item(pol):
    texts = [i.text for i in pol.statements]
    assert len(texts) == 5
    assert texts[0].startswith("Making easy access to government information and to foster greater transparency,")
    assert texts[0].endswith("These will lead to greater public trust and accountability in government.")
    assert texts[2] == "Promoting and strengthening family and community ties."
    assert texts[4] == "Timely and accurate information will create a knowledge based society."
    assert [i.line for i in pol.statements] == [141, 145, 147, 148, 149]


def test_objectives_one_per_numbered_item(pol):
    objs = pol.objectives
    assert [o.marker for o in objs] == ["1", "2", "3", "4"]
    assert objs[0].text == "Improve the accessibility of government information;"
    assert objs[3].text.startswith("Enhance transition to eGovernment.")
    assert objs[3].text.endswith("reflect the guiding principles outlined in this document.")
    assert objs[1].section == "4. Policy Statement and Objectives / Objectives / 2"


def test_twenty_definitions(pol):
    terms = [d.term for d in pol.definitions]
    assert len(terms) == 20
    assert terms[:4] == ["Access", "Agency", "App", "Civil Servant"]
    assert terms[-2:] == ["Web analytics", "Web 2.0"]
    troll = next(d for d in pol.definitions if d.term == "Troll")
    assert troll.text == ("One who posts a deliberately provocative message in social media sites with the intention "
                          "of causing maximum disruption and argument.")
    open_data = next(d for d in pol.definitions if d.term == "Open Data")  # a definition over two paragraphs
    assert open_data.text.endswith("without having to pay fees or be unfairly restricted in its use.")


def test_legislative_compliance_instruments_years_provisions(pol):
    got = [(r.title, r.year, r.provisions, r.related) for r in pol.legal]
    assert got == [
        ("Bhutan Information, Communications, and Media Act, 2006", "2006", [], False),
        ("Civil Service Act of Bhutan, 2010", "2010", [], False),  # run together with the line above
        ("National Security Act of 1992", "1992", ["Section 7", "Section 8", "Section 9"], False),
        ("Penal Code of Bhutan, 2004", "2004", ["Chapter 22 - Defamation and Related Offences",
                                                "Chapter 30 - Offences Against Privacy", "Chapter 31 - Computer Offences"], False),
        ("Bhutan Penal Code (AMENDMENT) 2011", "2011", [], False),
        ("Bhutan eGovernment Master Plan 2014", "2014", [], True),
        ("Information Management and Security Policy for the Royal Government of Bhutan", None, [], True),
        ("Bhutan Civil Service Rules And Regulations, 2012", "2012", [], True),
    ]


def test_code_of_conduct_principles_and_staff_rules(pol):
    labels = [p.label for p in pol.principles]
    assert labels[:7] == ["Be a good citizen", "Be responsible", "Be transparent", "Be accurate", "Be considerate",
                          "Be careful", "Be appropriate"]
    assert labels[7:] == ["Be credible", "Be respectful", "Be a good listener", "Be responsive", "Be consistent",
                          "Be a public servant"]
    # "Be transparent" ends without a full stop in the source; "Be accurate" is still its own principle.
    assert pol.principles[2].text.endswith("who you may be speaking on behalf of")
    assert pol.principles[0].section == "6. Implementation Procedure / 1. Code of Conduct / bullet 1"


def test_risks(pol):
    assert [r.label for r in pol.risks] == ["Security Risks", "Decrease in Productivity", "Privacy",
                                            "Communications and Reputational Risks", "Use of a Third-Party Platform"]
    assert "Spear phishing, Social Engineering, and Web Application Attacks" in pol.risks[0].text


def test_agencies_and_their_roles(pol):
    assert [(a.name, a.acronym) for a in pol.agencies] == [
        ("Ministry of Information and Communications", "MoIC"), ("Royal Civil Service Commission", None),
        ("Ministry of Education", None)]
    moic, rcsc, moe = (a.key for a in pol.agencies)
    got = {(m.item.section.rsplit(" / ", 2)[-2:][0] if m.item.key == "implementation" else "7", m.item.marker):
           (m.leads, m.participants, m.rule, m.kind) for m in pol.measures}
    assert got == {
        ("Capacity-Building", "1"): ([moic, rcsc], [], "led-by", "training"),
        ("Capacity-Building", "2"): ([moic], [moe], "shall-lead", "awareness"),
        ("Capacity-Building", "3"): ([moic], [], "subject-of-shall", "awareness"),
        ("7", "1"): ([moic], [], "subject-of-shall", "monitoring"),
        ("7", "2"): ([moic], [], "subject-of-shall", "reporting"),
        ("7", "3"): ([moic], [], "subject-of-shall", "review"),
    }


def test_acronym_in_capitals_is_the_same_agency(pol):
    # "The MOIC shall lead this initiative together with the Ministry of Education."
    assert [k for _, _, k in policy.mentions("The MOIC shall lead this.", pol.agencies)] == ["ministry-of-information-and-communications"]
    assert policy.mentions("Ministry of Education should consider", pol.agencies)[0][2] == "ministry-of-education"


def test_annexes(pol):
    assert [a.marker for a in pol.annexes] == ["1", "2", "3", "3a", "4", "5", "6", "7", "7a", "8", "9", "10"]
    assert pol.annexes[1].text == "Social Media Menu, Risks and Mini-Case Studies by Republic of South Africa"


# --- other policies in the same form ------------------------------------------------------------

OTHER_POLICY = """1. Policy Name:
Open Data Policy for the Royal Government of Bhutan

2. Rationale/Purpose:
Data held by agencies is a public asset.

3. Definitions:
1. Dataset: A collection of related data.
2. Open Licence: A licence that permits reuse.

4. Policy Statement and Objectives:
The RGoB shall publish data.
1. Publishing datasets by default.
2. Protecting personal data.
Objectives:
1. Increase the reuse of public data.

5. Legislative Compliance:
This policy conforms with the following:
1. Right to Information Act of Bhutan, 2014 (Sections 3 and 12)
2. Bhutan Information, Communications, and Media Act, 2006

6. Implementation Procedure:
1. Publication
All agencies shall publish their datasets.
Capacity-Building
1. A data literacy training program to be led by the Department of Information Technology and Telecom (DITT).

7. Monitoring and Evaluation:
1. The DITT shall monitor the implementation of this policy.
2. The DITT shall review this policy every three years.

8. Approval Date:
This Policy was adopted at the 120th Lhengye Zhungtshog, held on 3rd of March, 2018.
"""


def _src(text: str, name: str = "policy-open-data.txt") -> SourceText:
    import hashlib
    from pathlib import Path

    return SourceText(Path(name), hashlib.sha256(text.encode()).hexdigest(), "utf-8", text)


def test_another_policy_in_the_same_form_loads():
    p = policy.parse_text(_src(OTHER_POLICY))
    assert p.findings == []
    assert (p.title, p.country.alpha3, p.adopted, p.session, p.review_years) == (
        "Open Data Policy for the Royal Government of Bhutan", "BTN", date(2018, 3, 3), 120, 3)
    assert [d.term for d in p.definitions] == ["Dataset", "Open Licence"]
    assert [s.text for s in p.statements] == ["Publishing datasets by default.", "Protecting personal data."]
    assert [o.text for o in p.objectives] == ["Increase the reuse of public data."]
    assert [(r.title, r.year, r.provisions) for r in p.legal] == [
        ("Right to Information Act of Bhutan, 2014", "2014", ["Section 3", "Section 12"]),
        ("Bhutan Information, Communications, and Media Act, 2006", "2006", [])]
    assert [(a.name, a.acronym) for a in p.agencies] == [("Department of Information Technology and Telecom", "DITT")]
    assert [(m.rule, m.kind) for m in p.measures] == [("led-by", "training"), ("subject-of-shall", "monitoring"),
                                                      ("subject-of-shall", "review")]


def test_unreadable_parts_are_reported_as_findings():
    damaged = (OTHER_POLICY
               .replace("5. Legislative Compliance:\n", "")                      # heading lost
               .replace("2. Open Licence: A licence", "2. Open Licence - a licence")  # not 'Term: definition'
               .replace("3rd of March, 2018", "in the spring")                    # no date
               .replace("6. Implementation Procedure:", "Implementation Procedure:"))  # heading without its number
    p = policy.parse_text(_src(damaged))
    kinds = sorted((f.section, f.kind) for f in p.findings)
    assert ("legislative-compliance", "missing-section") in kinds
    assert ("definitions", "missing-value") in kinds
    assert ("approval", "unparsed-date") in kinds
    assert ("implementation", "heading") in kinds
    assert [d.term for d in p.definitions] == ["Dataset"]
    quads = list(policy_graph.policy_quads(p))
    anomalies = {q.subject for q in quads if q.predicate.value.endswith("#type") and q.object.value.endswith("#SourceAnomaly")}
    assert len(anomalies) == len(p.findings)


def test_policy_of_an_unknown_country_is_an_error_naming_the_file():
    with pytest.raises(SourceError, match=r"policy-x\.txt.*issuing country not recognised"):
        policy.parse_text(_src(OTHER_POLICY.replace("Government of Bhutan", "Government of Atlantis"), "policy-x.txt"))


# A second synthetic policy in the same form, as a file (tests/data/policy-bhutan-records-2019.txt):
# headings right after headings, a numbered heading with a colon under a plain one, an unnamed
# "The Authority" before the agencies, and an approval that names no adopting body.
RECORDS_FILE = DATA.parent / "tests" / "data" / "policy-bhutan-records-2019.txt"


@pytest.fixture(scope="module")
def records() -> policy.Policy:
    return policy.parse_file(RECORDS_FILE)


def test_a_heading_right_after_a_heading_is_a_sub_heading(records):
    # lines 23-24 and 26-27: "1. Creation of Records" / "Training", "2. Keeping of Records" / "Training";
    # lines 29-30, a numbered heading with a colon under a numbered one: "3. Disposal of Records" / "1. Approval:"
    assert [(i.path, i.line) for i in records.items_of("implementation")] == [
        (("1. Creation of Records", "Training"), 25), (("2. Keeping of Records", "Training"), 28),
        (("3. Disposal of Records", "1. Approval"), 31)]


def test_a_numbered_heading_with_a_colon_nests_under_the_plain_heading_above_it(records):
    # lines 34-37: "Reporting" / "1. Annual Reports:" / "1. The NAA shall report ..." / "2. The NAA shall review ..."
    assert [(i.path, i.marker) for i in records.items_of("monitoring")] == [
        (("Reporting", "1. Annual Reports"), "1"), (("Reporting", "1. Annual Reports"), "2")]
    assert records.review_years == 5


def test_agencies_named_after_an_unnamed_one_word_body_are_still_found(records):
    # line 25 opens with "The Authority" (no name: not an agency), then names the NAA; line 28 the DITT
    assert [(a.name, a.acronym) for a in records.agencies] == [
        ("National Archives Authority", "NAA"), ("Department of Information Technology and Telecom", "DITT")]


def test_an_approval_without_an_adopting_body_is_reported_with_its_first_120_characters(records):
    import ast

    approval = ("This Policy was approved by the Cabinet of the Royal Government of Bhutan on 5th of June, 2019, after "
                "consultation with every Ministry, Dzongkhag and Thromde.")  # lines 40-41, joined
    assert (records.adopted, records.adopted_by, records.adopting_body) == (date(2019, 6, 5), None, None)
    [f] = [f for f in records.findings if f.section == "approval"]
    assert f.kind == "missing-value" and f.message.startswith("adopting body not understood: ")
    assert ast.literal_eval(f.message.split(": ", 1)[1]) == approval[:120]
    assert len(approval) > 120


# --- the graph ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def policy_quads(pol):
    return list(policy_graph.policy_quads(pol, NamedNode(ID + "build/test")))


def test_one_named_graph_no_blank_nodes_reproducible(pol, policy_quads):
    graphs = {q.graph_name for q in policy_quads}
    assert graphs == {NamedNode(ID + "doc/policy-bhutan-social-media-2016-" + pol.sha256[:8])}
    assert not any(isinstance(t, BlankNode) for q in policy_quads for t in (q.subject, q.object))
    assert policy_quads == list(policy_graph.policy_quads(policy.parse_file(POLICY_FILE), NamedNode(ID + "build/test")))


def test_document_graph_provenance(bundled_store, pol):
    rows_ = select(bundled_store, """
        SELECT ?g ?file ?sha ?build ?version WHERE {
          GRAPH ?g { ?g a ckg:PolicyDocument ; ckg:fileName ?file ; ckg:sha256 ?sha ; prov:wasGeneratedBy ?build .
                     ?build a prov:Activity ; ckg:softwareVersion ?version } }""")
    assert len(rows_) == 1
    r = rows_[0]
    assert r["file"] == POLICY_FILE.name and r["sha"] == pol.sha256 and r["version"] == B.VERSION
    assert r["g"].endswith(pol.sha256[:8])


def test_policy_resource(bundled_store):
    r = select(bundled_store, """
        SELECT DISTINCT ?title ?country ?issued ?gov ?govAcr ?cycle ?adoptedBy ?date ?session ?body WHERE {
          ?pol a ckg:Policy ; dct:title ?title ; ckg:jurisdiction/ckg:iso3166Alpha3 ?country ; dct:issued ?issued ;
               dct:publisher ?g ; ckg:reviewCycleYears ?cycle ; ckg:adoptedBy ?adoptedBy ; prov:wasGeneratedBy ?ad .
          ?g a org:Organization ; rdfs:label ?gov ; skos:altLabel ?govAcr .
          ?ad a ckg:PolicyAdoption ; dct:date ?date ; ckg:sessionNumber ?session ;
              prov:wasAssociatedWith/rdfs:label ?body .
        }""", pol=POL)
    assert r == [{"title": "Social Media Policy for the Royal Government of Bhutan", "country": "BTN", "issued": "2016-01-12",
                  "gov": "Royal Government of Bhutan", "govAcr": "RGoB", "cycle": "2", "adoptedBy": "95th Lhengye Zhungtshog",
                  "date": "2016-01-12", "session": "95", "body": "Lhengye Zhungtshog"}]


def test_statements_objectives_principles_risks_are_resources(bundled_store):
    counts = {r["cls"].rsplit("#", 1)[1]: int(r["n"]) for r in select(bundled_store, """
        SELECT ?cls (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a ?cls ; dct:isPartOf ?pol ; ckg:statementText ?t }
        GROUP BY ?cls""", pol=POL)}
    assert counts["PolicyStatement"] == 5 and counts["PolicyObjective"] == 4
    assert counts["ConductPrinciple"] == 13 and counts["PolicyRisk"] == 5
    assert counts["PolicyMeasure"] == 6 and counts["PolicyAnnex"] == 12 and counts["PolicySection"] == 9
    r = select(bundled_store, """SELECT ?label ?section ?text ?line WHERE {
        ?p a ckg:ConductPrinciple ; rdfs:label ?label ; ckg:section ?section ; ckg:statementText ?text ; ckg:sourceLine ?line .
        FILTER(?label = "Be a good citizen") }""")
    assert r == [{"label": "Be a good citizen", "section": "6. Implementation Procedure / 1. Code of Conduct / bullet 1",
                  "text": "Be a good citizen. Respect the Constitution, all laws, and other people’s rights, including "
                          "intellectual property, trade-marked names and slogans and other copyrighted material.",
                  "line": "201"}]
    st = select(bundled_store, "SELECT ?t WHERE { ?s ckg:statementText ?t }", s=POL + "/statement/3")
    assert st == [{"t": "Promoting and strengthening family and community ties."}]


def test_legislative_compliance_in_the_graph(bundled_store):
    got = sorted((r["label"], r["year"], r["rel"]) for r in select(bundled_store, """
        SELECT DISTINCT ?label ?year ?rel WHERE {
          { ?pol ckg:conformsWith ?i BIND("conforms" AS ?rel) } UNION { ?pol ckg:relatedDocument ?i BIND("related" AS ?rel) }
          ?i a eli:LegalResource ; rdfs:label ?label ; ckg:jurisdiction/ckg:iso3166Alpha3 "BTN" .
          OPTIONAL { ?i ckg:year ?y } BIND(COALESCE(STR(?y), "") AS ?year) }""", pol=POL))
    assert got == sorted([
        ("Bhutan Information, Communications, and Media Act, 2006", "2006", "conforms"),
        ("Civil Service Act of Bhutan, 2010", "2010", "conforms"),
        ("National Security Act of 1992", "1992", "conforms"),
        ("Penal Code of Bhutan, 2004", "2004", "conforms"),
        ("Bhutan Penal Code (AMENDMENT) 2011", "2011", "conforms"),
        ("Bhutan eGovernment Master Plan 2014", "2014", "related"),
        ("Information Management and Security Policy for the Royal Government of Bhutan", "", "related"),
        ("Bhutan Civil Service Rules And Regulations, 2012", "2012", "related")])
    subs = sorted((r["ins"], r["sub"], r["title"]) for r in select(bundled_store, """
        SELECT DISTINCT ?ins ?sub ?title WHERE { ?pol ckg:citesProvision ?s . ?s a eli:LegalResourceSubdivision ;
          eli:is_part_of/rdfs:label ?ins ; rdfs:label ?l . OPTIONAL { ?s dct:title ?t }
          BIND(STRAFTER(STR(?s), "/instrument/BTN/") AS ?sub) BIND(COALESCE(?t, "") AS ?title) }""", pol=POL))
    assert subs == [
        ("National Security Act of 1992", "national-security-act-of-1992/section-7", ""),
        ("National Security Act of 1992", "national-security-act-of-1992/section-8", ""),
        ("National Security Act of 1992", "national-security-act-of-1992/section-9", ""),
        ("Penal Code of Bhutan, 2004", "penal-code-of-bhutan-2004/chapter-22", "Defamation and Related Offences"),
        ("Penal Code of Bhutan, 2004", "penal-code-of-bhutan-2004/chapter-30", "Offences Against Privacy"),
        ("Penal Code of Bhutan, 2004", "penal-code-of-bhutan-2004/chapter-31", "Computer Offences")]


def test_amendment_relation(bundled_store):
    r = select(bundled_store, "SELECT ?a ?b WHERE { ?a eli:amends ?b }")
    assert r == [{"a": ID + "instrument/BTN/bhutan-penal-code-amendment-2011", "b": ID + "instrument/BTN/penal-code-of-bhutan-2004"}]


def test_definitions_are_a_skos_glossary_sourced_from_the_policy(bundled_store):
    r = select(bundled_store, """
        SELECT DISTINCT ?term ?def ?section WHERE { ?c a skos:Concept ; skos:inScheme ?s ; skos:prefLabel ?term ; skos:definition ?def ;
          dct:source ?pol ; ckg:section ?section . ?s a skos:ConceptScheme ; dct:source ?pol }""", pol=POL)
    assert len(r) == 20
    social = next(x for x in r if x["term"] == "Social media")
    assert social == {"term": "Social media", "def": "Web 2.0 based tools and platforms people use to publish, converse and share content online.",
                      "section": "3. Definitions / 15"}


def test_agencies_roles_queryable(bundled_store):
    r = select(bundled_store, """
        SELECT DISTINCT ?agency ?role ?type ?section WHERE {
          ?m a ckg:PolicyMeasure ; dct:isPartOf ?pol ; ckg:section ?section ; ckg:measureType/skos:notation ?type .
          { ?m schema:agent ?a BIND("lead" AS ?role) } UNION { ?m schema:participant ?a BIND("participant" AS ?role) }
          ?a a ckg:Agency ; rdfs:label ?agency }""", pol=POL)
    moic = {(x["role"], x["type"]) for x in r if x["agency"] == "Ministry of Information and Communications"}
    assert {("lead", "monitoring"), ("lead", "training"), ("lead", "reporting"), ("lead", "review"), ("lead", "awareness")} == moic
    assert {(x["role"], x["type"]) for x in r if x["agency"] == "Royal Civil Service Commission"} == {("lead", "training")}
    assert {(x["role"], x["type"]) for x in r if x["agency"] == "Ministry of Education"} == {("participant", "awareness")}
    acr = select(bundled_store, "SELECT ?acr WHERE { ?a skos:altLabel ?acr }", a=ID + "agency/BTN/ministry-of-information-and-communications")
    assert acr == [{"acr": "MoIC"}]


def test_every_policy_passage_has_section_text_and_document(bundled_store):
    bad = select(bundled_store, """
        SELECT ?x WHERE { ?x dct:isPartOf ?pol .
          FILTER NOT EXISTS { ?x ckg:section ?s ; ckg:statementText ?t ; prov:wasDerivedFrom/ckg:fileName ?f } }""", pol=POL)
    assert bad == []


def test_every_named_graph_is_traceable_to_its_document_or_the_build(bundled_store):
    """Every named graph but the ontology is a document (file, checksum, type) or the entity
    resolution, generated by the build and stated in the graph itself."""
    graphs = {r["g"] for r in select(bundled_store, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")}
    ok = {r["g"] for r in select(bundled_store, """
        SELECT ?g WHERE { GRAPH ?g { ?g prov:wasGeneratedBy ?b . ?b a prov:Activity .
          { ?g a ckg:PolicyDocument ; ckg:fileName ?f ; ckg:sha256 ?h } UNION { ?g a ckg:CyberwellnessProfile ; ckg:fileName ?f ; ckg:sha256 ?h }
          UNION { ?g a ckg:EntityResolution ; prov:wasDerivedFrom ?d } } }""")}
    assert graphs - ok == {"https://w3id.org/cyberkg/ontology"}


# --- canned queries -------------------------------------------------------------------------------

def test_provenance_query_names_document_section_and_text_for_every_triple(bundled_store):
    q = catalogue()["provenance"]
    assert q.params == {"entity": q.params["entity"]} and "entity" in q.example
    agency = ID + "agency/BTN/ministry-of-information-and-communications"
    header, data = rows(run(bundled_store, q.text, {"entity": agency}, q.params))
    assert header == ["entity", "subject", "predicate", "object", "document", "section", "text"]
    triples = select(bundled_store, "SELECT ?s ?p ?o WHERE { { ?a ?p ?o BIND(?a AS ?s) } UNION { ?s ?p ?a FILTER(?s != ?a) BIND(?a AS ?o) } }", a=agency)
    assert {(r["s"], r["p"], r["o"]) for r in triples} == {(r[1], r[2], r[3]) for r in data}
    assert all(r[4] and r[5] and r[6] for r in data), [r for r in data if not all(r[4:])]
    by = {(r[1].rsplit("/", 1)[-1], r[2].rsplit("#", 1)[-1].rsplit("/", 1)[-1]): r for r in data}
    agent = by[("2", "agent")]  # the MoIC shall issue a yearly report (7.2)
    assert agent[4:] == ["policy-bhutan-social-media-2016.txt", "7. Monitoring and Evaluation / 2",
                         "The MoIC shall issue a yearly report on the state of social media use in the RGoB."]
    label = by[("ministry-of-information-and-communications", "label")]  # first named in Capacity-Building 1 (line 407)
    assert label[5].endswith("Capacity-Building / 1") and "(MoIC)" in label[6]
    same = [r for r in data if r[2].endswith("#exactMatch")]
    assert same and all(r[5] == "entity resolution, rule same-name" and "profile-bhutan.txt [1.3.3]" in r[6] for r in same)


def test_policy_legal_basis_query(bundled_store):
    q = catalogue()["policy-legal-basis"]
    header, data = rows(run(bundled_store, q.text, {}, q.params))
    assert header == ["policy", "instrument", "provisions"]
    got = {r[1]: r[2] for r in data}
    assert got["National Security Act of 1992"] == "Section 7; Section 8; Section 9"
    assert got["Penal Code of Bhutan, 2004"].startswith("Chapter 22 - Defamation and Related Offences; Chapter 30")
    assert len(data) == 5 and "Bhutan Civil Service Rules And Regulations, 2012" not in got


def test_dataset_reload_round_trip(policy_quads):
    ds = Dataset(policy_quads)
    assert len(ds) == len(set(policy_quads))


def _measure_of(text: str):
    agencies = [policy.AgencyRef("National Archives Authority", "NAA"), policy.AgencyRef("Royal Civil Service Commission", "RCSC")]
    return policy._measure(policy.Item("implementation", (), "1", 1, text, 1), agencies)


def test_led_by_names_the_lead_in_any_sentence_of_an_item():
    # the second sentence: 'led by' the NAA, the RCSC only named in the first
    m = _measure_of("The plan is agreed with the RCSC by every ministry. Training shall be led by the NAA.")
    assert (m.rule, m.leads, m.participants) == ("led-by", ["national-archives-authority"], ["royal-civil-service-commission"])


def test_an_agency_named_inside_the_subject_is_not_its_lead():
    # 'Records of the NAA shall ...': the records are the subject, not the NAA
    assert _measure_of("Records of the NAA shall be kept for ten years.") is None
    m = _measure_of("The NAA and the RCSC shall keep records for ten years.")
    assert (m.rule, m.leads) == ("subject-of-shall", ["national-archives-authority", "royal-civil-service-commission"])


def test_a_paragraph_ending_in_a_colon_after_a_list_introduces_the_next_list():
    lines = list(enumerate(["1. The NAA shall keep records.", "2. The NAA shall train staff.", "",
                            "The following apply to ministries:", "1. Every ministry shall name a records officer."], start=10))
    items, text_of = policy._structure("implementation", lines)
    assert [(i.marker, i.list_no, i.line, i.text) for i in items] == [
        ("1", 1, 10, "The NAA shall keep records."), ("2", 1, 11, "The NAA shall train staff."),
        ("1", 2, 14, "Every ministry shall name a records officer.")]
    assert text_of == {(): [(13, "The following apply to ministries:")]}
    # without the blank line the colon line is the end of item 2, not an introduction
    items, text_of = policy._structure("implementation", [l for l in lines if l[1]])
    assert items[1].text == "The NAA shall train staff. The following apply to ministries:" and text_of == {}


def test_each_run_of_detached_bullets_decides_anew_whether_its_items_are_labelled():
    # Extraction puts the bullets on lines of their own (as in the bundled policy, lines 243-259).  The
    # first run's items are labelled ("Strategic Use. ..."); the second run's item is not, so a
    # label-like sentence after it ("See Annex. ...") continues it instead of starting a lost bullet.
    texts = ["Agencies should consider the following:", "•", "•", "",
             "Strategic Use. Agencies should use social media widely.",
             "Responsiveness. Agencies should respond in a timely manner.", "",
             "•", "", "Agencies shall keep their accounts secure.", "See Annex. It lists the rules."]
    items, _ = policy._structure("implementation", list(enumerate(texts, start=1)))
    assert [(i.index, i.line, i.label, i.text) for i in items] == [
        (1, 5, "Strategic Use", "Strategic Use. Agencies should use social media widely."),
        (2, 6, "Responsiveness", "Responsiveness. Agencies should respond in a timely manner."),
        (3, 10, None, "Agencies shall keep their accounts secure. See Annex. It lists the rules.")]


def test_an_acronym_in_capitals_is_matched_case_sensitively_a_mixed_case_one_in_any_case():
    naa = policy.AgencyRef("National Archives Authority", "NAA")
    moic = policy.AgencyRef("Ministry of Information and Communications", "MoIC")
    text = "See naa.gov.bt. The NAA and the national archives authority. The MOIC."
    assert [text[s:e] for s, e, _ in policy.mentions(text, [naa, moic])] == ["NAA", "national archives authority", "MOIC"]


def test_a_name_inside_a_longer_name_is_no_mention_of_its_own_the_longest_name_is():
    """"Ministry of Finance and Economic Planning" names that ministry, not the Ministry of Finance,
    nor the Economic Planning unit whose name its tail is."""
    refs = [policy.AgencyRef("Ministry of Finance", None), policy.AgencyRef("Ministry of Finance and Economic Planning", "MoFEP"),
            policy.AgencyRef("Economic Planning", None), policy.AgencyRef("Planning Commission", None)]
    text = "The Ministry of Finance and Economic Planning and the Planning Commission shall act; the Ministry of Finance pays."
    assert [(text[s:e], k) for s, e, k in policy.mentions(text, refs)] == [
        ("Ministry of Finance and Economic Planning", "ministry-of-finance-and-economic-planning"),
        ("Planning Commission", "planning-commission"), ("Ministry of Finance", "ministry-of-finance")]


def test_the_line_after_a_detached_bullet_always_starts_an_item():
    """Even when the item before it has no full stop and this one starts in lower case."""
    texts = ["Agencies shall:", "", "•", "", "keep their accounts secure", "", "•", "", "respond within two days"]
    items, _ = policy._structure("implementation", list(enumerate(texts, start=1)))
    assert [(i.index, i.line, i.text) for i in items] == [(1, 5, "keep their accounts secure"), (2, 9, "respond within two days")]
