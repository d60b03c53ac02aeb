"""Entity resolution across documents (etl/cyberkg/resolve.py): the rules, pairs that must and must
not be linked, the ckg:Match resources with their evidence in a named graph of their own, the
mention links inside profiles, and a query from Bhutan's profile to the policy."""

from __future__ import annotations

import re

import pytest
from pyoxigraph import Store

from cyberkg.store import build as B
from cyberkg.graph import resolve
from cyberkg.graph.resolve import Entity

from ..conftest import DATA, ROOT, corpus_files, needs_corpus

ID = "https://w3id.org/cyberkg/id/"
POL = ID + "policy/social-media-policy-for-the-royal-government-of-bhutan"
BTN = ("Bhutan",)
PREFIXES = """
PREFIX ckg: <https://w3id.org/cyberkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX schema: <https://schema.org/>
"""


def select(store, q: str) -> list[dict]:
    res = store.query(PREFIXES + q, use_default_graph_as_union=True)
    names = [v.value for v in res.variables]
    return [{n: (s[n].value if s[n] is not None else None) for n in names} for s in res]


def agency(label, acronym=None, alpha3="BTN", cn=BTN) -> Entity:
    return Entity(ID + "agency/" + alpha3 + "/" + re.sub(r"\W+", "-", label.lower()), "agency", alpha3, cn, label,
                  {acronym} if acronym else set())


def instrument(label, year=None, alpha3="BTN", cn=BTN) -> Entity:
    if year is None:
        years = re.findall(r"\b(?:19|20)\d\d\b", label)
        year = years[-1] if years else None
    return Entity(ID + "instrument/" + alpha3 + "/" + re.sub(r"\W+", "-", label.lower()), "instrument", alpha3, cn, label, set(), year)


def decide(a: Entity, b: Entity, *others: Entity):
    """(rule, link) the resolver decides for the pair, or None."""
    found = [m for m in resolve.matches({e.iri: e for e in (a, b) + others}) if {m.a.iri, m.b.iri} == {a.iri, b.iri}]
    return (found[0].rule, found[0].link) if found else None


# --- the rules --------------------------------------------------------------------------------

@pytest.mark.parametrize("a,b,expected", [
    (agency("Ministry of Information and Communication"), agency("Ministry of Information and Communications", "MoIC"),
     ("same-name", "exactMatch")),
    (agency("Department of Information Technologies and Telecom"), agency("Department of Information Technology and Telecom"),
     ("same-name", "exactMatch")),
    (agency("the Belize Police Department", cn=("Belize",), alpha3="BLZ"), agency("Police Department", cn=("Belize",), alpha3="BLZ"),
     ("same-name", "exactMatch")),
    (agency("Belize Police Department", "BPD", "BLZ", ("Belize",)), agency("BPD", None, "BLZ", ("Belize",)), ("acronym", "exactMatch")),
    (agency("Ministry of Information and Communications", "MoIC"), agency("MOIC"), ("acronym", "exactMatch")),
    (agency("Federal Office for Information Security", None, "DEU", ("Germany",)), agency("BSI", None, "DEU", ("Germany",)), None),
    (instrument("Bhutan Information, Communications, and Media Act, 2006"), instrument("Information Communications & Media ACT"),
     ("same-title", "exactMatch")),
    (instrument("Computer Misuse Act", alpha3="UGA", cn=("Uganda",)), instrument("Computer Misuse Act, 2011", alpha3="UGA", cn=("Uganda",)),
     ("same-title", "exactMatch")),
    (instrument("Bhutan Penal Code (AMENDMENT) 2011"), instrument("Penal Code of Bhutan, 2004"), ("amendment-of", "amends")),
    (instrument("The Criminal Code"), instrument("Penal Code of Bhutan, 2004"), ("criminal-code-is-penal-code", "closeMatch")),
], ids=["plural-s", "plural-ies", "country-name", "acronym-as-name", "acronym-in-capitals", "no-initials-no-evidence",
        "icm-act", "year-on-one-side", "amendment", "criminal-code"])
def test_pairs_that_are_linked(a, b, expected):
    assert decide(a, b) == expected


@pytest.mark.parametrize("a,b", [
    (instrument("Civil Service Act of Bhutan, 2010"), instrument("Bhutan Civil Service Rules And Regulations, 2012")),
    (agency("Ministry of Information and Communications", "MoIC"), agency("Ministry of Education")),
    (agency("Royal Civil Service Commission"), agency("Ministry of Information and Communications", "MoIC")),
    (instrument("Criminal Law, 1997", alpha3="CHN", cn=("China",)), instrument("Criminal Law, 2009", alpha3="CHN", cn=("China",))),
    (instrument("Penal Code (Proposal)", alpha3="NOR", cn=("Norway",)), instrument("Criminal Code", alpha3="NOR", cn=("Norway",))),
    (instrument("Bhutan Penal Code (AMENDMENT) 2011"), instrument("The Criminal Code")),
    # an acronym printed with the name beats the initials of another agency (Netherlands: NCTV, not NCSC)
    (agency("National Coordinator for Security and Counterterrorism", "NCTV", "NLD", ("Netherlands",)), agency("NCSC", None, "NLD", ("Netherlands",))),
    (agency("Ministry of Communication", "MoC", "LSO", ("Lesotho",)), agency("Ministry of Communication", "MCST", "LSO", ("Lesotho",))),
], ids=["civil-service-act-vs-rules", "moic-vs-education", "rcsc-vs-moic", "different-years", "proposal",
        "amendment-vs-criminal-code", "acronym-beats-initials", "different-acronyms"])
def test_pairs_that_must_not_merge(a, b):
    assert decide(a, b) is None


def test_penal_code_and_its_amendment_are_linked_by_amendment_not_merged():
    amend, base = instrument("Bhutan Penal Code (AMENDMENT) 2011"), instrument("Penal Code of Bhutan, 2004")
    m = resolve.matches({e.iri: e for e in (amend, base)})
    assert [(x.a.iri, x.link, x.b.iri) for x in m] == [(amend.iri, "amends", base.iri)]
    older = instrument("Bhutan Penal Code (Amendment) 2001")  # an amendment cannot be older than what it amends
    assert decide(older, base) is None


def test_countries_never_mix():
    assert decide(agency("Ministry of National Security", alpha3="BLZ", cn=("Belize",)),
                  agency("Ministry of National Security", alpha3="KNA", cn=("Saint Kitts and Nevis",))) is None


def test_initials_only_when_unambiguous():
    moic, mic = agency("Ministry of Information and Communications"), agency("MIC")
    assert decide(moic, mic) == ("acronym", "exactMatch")
    assert decide(moic, mic, agency("Media and Information Council")) is None


def test_year_less_title_with_several_editions_is_only_a_close_match():
    a, b, c = instrument("Computer Crimes Act"), instrument("Computer Crimes Act, 2007"), instrument("Computer Crimes Act, 2017")
    assert decide(a, b, c) == ("same-title-ambiguous-year", "closeMatch")
    assert decide(b, c, a) is None


def test_rules_are_declared_in_the_shapes_and_explained():
    shapes = (B.SHAPES_DIR / "policy.shapes.ttl").read_text(encoding="utf-8")
    listed = re.search(r"ckgsh:Match-matchRule a sh:PropertyShape.*?sh:in \(([^)]*)\)", shapes, re.S).group(1)
    assert re.findall(r'"([^"]+)"', listed) == list(resolve.RULES)
    for rule, (kind, link, why) in resolve.RULES.items():
        assert kind in ("agency", "instrument") and link in ("exactMatch", "closeMatch", "amends") and len(why) > 40


# --- the bundled data: matches in the graph ------------------------------------------------------

def test_matches_on_the_bundled_data(bundled_store):
    got = {(r["rule"], r["type"].rsplit("#", 1)[1], r["a"][len(ID):], r["b"][len(ID):]) for r in select(bundled_store, """
        SELECT DISTINCT ?rule ?type ?a ?b WHERE { ?m a ckg:Match ; ckg:matchRule ?rule ; ckg:matchType ?type ;
          ckg:matchedEntity ?a, ?b . ?a ?type ?b . FILTER(?type = eli:amends || STR(?a) < STR(?b)) }""")}
    assert got == {
        ("same-name", "exactMatch", "agency/BTN/ministry-of-information-and-communication", "agency/BTN/ministry-of-information-and-communications"),
        ("same-title", "exactMatch", "instrument/BTN/bhutan-information-communications-and-media-act-2006", "instrument/BTN/information-communications-and-media-act"),
        ("criminal-code-is-penal-code", "closeMatch", "instrument/BTN/criminal-code", "instrument/BTN/penal-code-of-bhutan-2004"),
        ("amendment-of", "amends", "instrument/BTN/bhutan-penal-code-amendment-2011", "instrument/BTN/penal-code-of-bhutan-2004"),
    }


def test_symmetric_links_both_ways_and_no_other_links(bundled_store):
    r = select(bundled_store, """SELECT DISTINCT ?a ?p ?b WHERE { ?a ?p ?b FILTER(?p IN (skos:exactMatch, skos:closeMatch))
        FILTER(STRSTARTS(STR(?b), "https://w3id.org/cyberkg/id/")) }""")
    pairs = {(x["a"], x["p"], x["b"]) for x in r}
    assert len(pairs) == 6 and all((b, p, a) in pairs for a, p, b in pairs)


def test_criminal_code_is_a_close_match_of_the_penal_code_not_an_exact_one(bundled_store):
    crim, penal = ID + "instrument/BTN/criminal-code", ID + "instrument/BTN/penal-code-of-bhutan-2004"
    r = select(bundled_store, f"SELECT DISTINCT ?p WHERE {{ <{crim}> ?p <{penal}> }}")
    assert [x["p"] for x in r] == ["http://www.w3.org/2004/02/skos/core#closeMatch"]
    ev = select(bundled_store, f"""SELECT ?ev WHERE {{ ?m ckg:matchedEntity <{crim}>, <{penal}> ; ckg:evidence ?ev }}""")[0]["ev"]
    assert "'The Criminal Code (Article 225 and 476)' in profile-bhutan.txt [2.1]" in ev
    assert "'Penal Code of Bhutan, 2004' in policy-bhutan-social-media-2016.txt [5. Legislative Compliance / 3]" in ev
    assert "close match" in ev


def test_match_evidence_and_provenance(bundled_store):
    r = select(bundled_store, """
        SELECT ?m ?g ?ev ?rule (COUNT(DISTINCT ?doc) AS ?docs) WHERE { GRAPH ?g { ?m a ckg:Match ; ckg:evidence ?ev ;
          ckg:matchRule ?rule ; prov:wasDerivedFrom ?doc } } GROUP BY ?m ?g ?ev ?rule""")
    assert len(r) == 4
    graphs = {x["g"] for x in r}
    assert len(graphs) == 1 and next(iter(graphs)).startswith(ID + "resolution/")
    moic = next(x for x in r if x["rule"] == "same-name")
    assert int(moic["docs"]) == 2
    assert "'Ministry of Information and Communication' in profile-bhutan.txt [1.3.3]" in moic["ev"]
    assert "'Ministry of Information and Communications (MoIC)' in policy-bhutan-social-media-2016.txt [6. " in moic["ev"]
    g = next(iter(graphs))
    prov = select(bundled_store, f"""SELECT ?b (COUNT(DISTINCT ?d) AS ?n) WHERE {{ GRAPH <{g}> {{ <{g}> a ckg:EntityResolution ;
        prov:wasGeneratedBy ?b ; prov:wasDerivedFrom ?d . ?b a prov:Activity }} }} GROUP BY ?b""")
    assert len(prov) == 1 and prov[0]["n"] == "5" and prov[0]["b"].startswith(ID + "build/")


def test_profile_statements_mentioning_a_known_agency_by_acronym_or_name(bundled_store):
    r = select(bundled_store, """SELECT DISTINCT ?section ?agency WHERE { ?s a ckg:IndicatorStatement ; ckg:section ?section ;
        ckg:country/ckg:iso3166Alpha3 "BLZ" ; ckg:mentionsAgency/rdfs:label ?agency }""")
    assert {(x["section"], x["agency"]) for x in r} == {
        ("1.3.3", "Ministry of National Security"), ("1.3.3", "Belize Police Department"),
        ("1.3.1", "Ministry of National Security"),  # "The Ministry of National Security – specifically ..."
        ("1.4.2", "Belize Police Department"),       # "The BPD's IT Unit undertakes ..."
        ("1.5.3", "Belize Police Department"),       # "... the BPD has worked to establish ..."
    }


def test_the_body_that_adopted_a_policy_is_an_agency_to_resolve():
    """The bundled policy, line 436: 'This Policy was adopted at the 95th Lhengye Zhungtshog, held on ...'."""
    docs, _ = B.parse_all([DATA / "policy-bhutan-social-media-2016.txt"])
    body = resolve.collect(docs)[ID + "agency/BTN/lhengye-zhungtshog"]
    assert (body.kind, body.label) == ("agency", "Lhengye Zhungtshog")
    assert [(n.section, n.printed) for n in body.namings] == [("8. Approval Date", "95th Lhengye Zhungtshog")]


def test_profile_iris_do_not_depend_on_the_other_documents():
    """An entity keeps its IRI whether or not the policy is in the build; only the links change."""
    profiles, _ = B.parse_all(sorted(DATA.glob("profile-*.txt")))
    alone = {q.subject.value for q in B.quads(profiles) if q.subject.value.startswith((ID + "agency/", ID + "instrument/"))}
    everything, _ = B.parse_all(sorted(DATA.glob("*.txt")))
    together = {q.subject.value for q in B.quads(everything)}
    assert alone and alone <= together


def test_bhutan_profile_reaches_the_policy_through_the_shared_instrument_and_the_shared_agency(bundled_store):
    r = select(bundled_store, """
        SELECT DISTINCT ?via ?profileName ?policyName ?policy WHERE {
          ?profile a ckg:CyberwellnessProfile ; ckg:aboutCountry/ckg:iso3166Alpha3 "BTN" .
          ?s prov:wasDerivedFrom ?profile .
          {
            ?s ckg:hasCitation/ckg:citedInstrument ?x .
            ?x skos:exactMatch ?y .
            ?policy ckg:conformsWith ?y .
            BIND("instrument" AS ?via)
          } UNION {
            ?s ckg:mentionsAgency ?x .
            ?x skos:exactMatch ?y .
            ?measure schema:agent ?y ; dct:isPartOf ?policy .
            BIND("agency" AS ?via)
          }
          ?x rdfs:label ?profileName . ?y rdfs:label ?policyName .
          ?policy a ckg:Policy .
        }""")
    got = {(x["via"], x["profileName"], x["policyName"], x["policy"]) for x in r}
    assert got == {
        ("instrument", "Information Communications & Media ACT", "Bhutan Information, Communications, and Media Act, 2006", POL),
        ("agency", "Ministry of Information and Communication", "Ministry of Information and Communications", POL),
    }


def test_resolution_graph_shapes_fire_on_an_unexplained_link(bundled_store):
    """A skos:exactMatch between two agencies without a ckg:Match is a SHACL violation."""
    store = Store()
    store.extend(bundled_store.quads_for_pattern(None, None, None, None))
    moic, moe = ID + "agency/BTN/ministry-of-information-and-communications", ID + "agency/BTN/ministry-of-education"
    store.update(f"INSERT DATA {{ GRAPH <{ID}example> {{ <{moic}> <http://www.w3.org/2004/02/skos/core#exactMatch> <{moe}> }} }}")
    _ok, violations = B.validate_store(store)
    assert any(v.focus == moic and v.constraint.endswith("#LinkBackedByMatch") for v in violations)


# --- the corpus -------------------------------------------------------------------------------------

@needs_corpus
def test_corpus_matches_stay_within_a_country_and_amendments_are_never_merged():
    docs, _ = B.parse_all(corpus_files() + sorted(DATA.glob("*.txt")))
    ents = resolve.collect(docs)
    ms = resolve.matches(ents)
    assert ms
    for m in ms:
        assert m.a.alpha3 == m.b.alpha3 and m.a.kind == m.b.kind
        if m.a.amendment != m.b.amendment:
            assert m.link == "amends"
        if m.a.year and m.b.year and m.link != "amends":
            assert m.a.year == m.b.year
        assert m.rule in resolve.RULES and resolve.evidence(m)
    # the mention links are only to agencies the same profile names in 1.3.3
    quads = list(resolve.profile_mention_quads(docs))
    assert quads and all(q.graph_name.value.split("/doc/")[1] in q.subject.value for q in quads)


def test_a_strategy_s_issuer_and_the_bodies_and_laws_it_names_are_entities_to_resolve(tmp_path):
    """The synthetic strategy made Bhutan's (Ruritania resolves to no country, so it has no entities)."""
    text = (ROOT / "tests" / "data" / "strategy-ruritania-2016.txt").read_text(encoding="utf-8")
    path = tmp_path / "strategy-bhutan-2016.txt"
    path.write_text(text.replace("RURITANIA", "BHUTAN").replace("Ruritania", "Bhutan"), encoding="utf-8")
    docs, errors = B.parse_all([path])
    assert not errors
    got = {e.iri[len(ID):]: (e.kind, e.label, sorted(e.acronyms), e.year, [(n.section, n.printed) for n in e.namings])
           for e in resolve.collect(docs).values()}
    assert got == {
        "agency/BTN/ministry-of-digital-affairs": ("agency", "Ministry of Digital Affairs", [], None, [
            ("title page", "Ministry of Digital Affairs"), ("body", "Ministry of Digital Affairs"), ("2 Governance", "Ministry of Digital Affairs")]),
        "agency/BTN/national-cyber-security-council": ("agency", "National Cyber Security Council", ["NCSC"], None, [
            ("2 Governance", "National Cyber Security Council (NCSC)")]),
        "instrument/BTN/computer-misuse-act-2009": ("instrument", "Computer Misuse Act 2009", [], "2009", [
            ("3 Legal Framework", "Computer Misuse Act 2009")]),
        "instrument/BTN/electronic-transactions-act-2011": ("instrument", "Electronic Transactions Act 2011", [], "2011", [
            ("3 Legal Framework", "Electronic Transactions Act 2011")]),
    }


def test_a_match_iri_joins_the_local_names_of_its_two_entities_in_iri_order():
    from cyberkg.graph.resolve import Match, match_iri

    ict = instrument("Bhutan Information Communications and Media Act 2006")
    ict_short = instrument("Information Communications and Media Act")
    assert match_iri(Match(ict_short, ict, "same-title", "")).value == (
        ID + "match/instrument/BTN/bhutan-information-communications-and-media-act-2006--information-communications-and-media-act")
    rti3 = Entity(ID + "instrument/BTN/right-to-information-act-of-bhutan-2014/section-3", "instrument", "BTN", BTN, "Section 3")
    policy_ = Entity(POL, "instrument", "BTN", BTN, "Social Media Policy for the Royal Government of Bhutan")
    assert match_iri(Match(policy_, rti3, "same-title", "")).value == (
        ID + "match/instrument/BTN/right-to-information-act-of-bhutan-2014_section-3--social-media-policy-for-the-royal-government-of-bhutan")
    moic, moic2 = agency("Ministry of Information and Communication"), agency("Ministry of Information and Communications")
    assert match_iri(Match(moic2, moic, "same-name", "")).value == (
        ID + "match/agency/BTN/ministry-of-information-and-communication--ministry-of-information-and-communications")


def test_a_country_name_without_latin_letters_does_not_stop_the_others_being_left_out_of_a_title_s_words():
    assert resolve.core_tokens("Serbia Cybersecurity Act", ("Србија", "Serbia")) == resolve.core_tokens("Cybersecurity Act")
    assert "serbia" not in resolve.core_tokens("Serbia Cybersecurity Act", ("Србија", "Serbia"))
