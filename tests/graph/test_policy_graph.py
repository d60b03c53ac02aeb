"""Labels and source links of policy passages in the graph (graph/policy.py), on the bundled policy
and the synthetic one in tests/data (policy-bhutan-records-2019.txt, read by hand: line numbers
refer to that file).  The bundled policy's graph as a whole is tested in tests/sources/test_policy.py."""

from __future__ import annotations

import pytest

from cyberkg.graph import policy as policy_graph
from cyberkg.sources import policy

from ..conftest import DATA, ROOT

ID = "https://w3id.org/cyberkg/id/"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
MENTIONS = "https://w3id.org/cyberkg/ontology#mentions"
TEXT = "https://w3id.org/cyberkg/ontology#statementText"
RECORDS = ID + "policy/records-management-policy-for-the-royal-government-of-bhutan"


def _quads(path):
    return list(policy_graph.policy_quads(policy.parse_file(path)))


@pytest.fixture(scope="module")
def records():
    return _quads(ROOT / "tests" / "data" / "policy-bhutan-records-2019.txt")


@pytest.fixture(scope="module")
def social_media():
    return _quads(DATA / "policy-bhutan-social-media-2016.txt")


def _objects(quads, s, p):
    return sorted(q.object.value for q in quads if q.subject.value == s and q.predicate.value == p)


def test_the_adoption_is_labelled_with_the_adopting_body_only_when_one_is_named(records, social_media):
    # bundled, line 436: "This Policy was adopted at the 95th Lhengye Zhungtshog, held on 12th of January, 2016."
    sm = ID + "policy/social-media-policy-for-the-royal-government-of-bhutan"
    assert _objects(social_media, sm + "/adoption", RDFS_LABEL) == [
        "Adoption of the Social Media Policy for the Royal Government of Bhutan at the 95th Lhengye Zhungtshog"]
    # records, lines 40-41: "approved by the Cabinet ... on 5th of June, 2019" (no body the parser understands)
    assert _objects(records, RECORDS + "/adoption", RDFS_LABEL) == [
        "Adoption of the Records Management Policy for the Royal Government of Bhutan"]


def test_items_under_sub_headings_of_the_same_name_get_distinct_iris(records):
    # lines 23-25 and 26-28: item 1 under "1. Creation of Records / Training" and item 1 under
    # "2. Keeping of Records / Training": the second of the same name is numbered "-2"
    first, second = RECORDS + "/provision/6/training/1", RECORDS + "/provision/6/training/1-2"
    assert _objects(records, first, TEXT) == ["The Authority shall train the records officers of the National Archives Authority (NAA)."]
    assert _objects(records, second, TEXT) == [
        "The NAA shall train the staff of the Department of Information Technology and Telecom (DITT)."]
    assert not any(q.subject.value == RECORDS + "/provision/6/training/1-1" for q in records)


def test_each_legislative_compliance_item_mentions_its_instrument_and_provisions(records):
    # lines 19-20: "1. Right to Information Act of Bhutan, 2014 (Sections 3 and 12)", "2. Civil Service Act of Bhutan, 2010"
    rti, csa = ID + "instrument/BTN/right-to-information-act-of-bhutan-2014", ID + "instrument/BTN/civil-service-act-of-bhutan-2010"
    assert _objects(records, RECORDS + "/provision/5/1", MENTIONS) == [rti, rti + "/section-12", rti + "/section-3"]
    assert _objects(records, RECORDS + "/provision/5/2", MENTIONS) == [csa]


def test_an_item_label_is_its_first_sentence_up_to_120_characters():
    from cyberkg.graph.policy import _short

    assert _short("Agencies shall keep records. Each year they report.") == "Agencies shall keep records"
    exactly = "x" * 120
    assert _short(exactly) == exactly and _short(exactly + "y") == "x" * 119 + "…"


def _records_variant(tmp_path, edit):
    text = (ROOT / "tests" / "data" / "policy-bhutan-records-2019.txt").read_text(encoding="utf-8")
    path = tmp_path / "policy-bhutan-records-2019.txt"
    path.write_text(edit(text), encoding="utf-8")
    return _quads(path)


def test_a_missing_template_section_leaves_the_sections_after_it_in_the_graph(tmp_path):
    # the records policy without its section 5 (lines 17-21): 6, 7 and 8 are still sections of the graph
    quads = _records_variant(tmp_path, lambda t: t.replace(t[t.index("5. Legislative Compliance:"):t.index("6. Implementation")], ""))
    sections = sorted(q.subject.value.rsplit("/", 1)[1] for q in quads
                      if q.predicate.value.endswith("#type") and q.object.value.endswith("#PolicySection"))
    assert sections == sorted(["policy-name", "rationale", "definitions", "policy-statement", "implementation", "monitoring", "approval"])


def test_a_third_item_of_the_same_iri_is_numbered_3(tmp_path):
    # a third "Training" sub-heading (after line 31) whose item 1 would have the IRI of lines 25 and 28
    extra = "4. Archiving of Records\nTraining\n1. The NAA shall train the archivists.\n"
    quads = _records_variant(tmp_path, lambda t: t.replace("\n7. Monitoring", extra + "\n7. Monitoring"))
    assert _objects(quads, RECORDS + "/provision/6/training/1-3", TEXT) == ["The NAA shall train the archivists."]
    assert not any(q.subject.value == RECORDS + "/provision/6/training/1-4" for q in quads)
