"""Bad input to the ETL, property-based: real profiles, damaged at random (hypothesis).

The damage is what happens to these files in the wild: truncation, sections lost, duplicated or
moved, lines out of order, binary bytes, another encoding.  The property, for each: parsing either
succeeds and the document's graph conforms to the SHACL shapes (findings allowed), or it raises
the project's SourceError whose message starts with the file name; nothing else.  And the facts of
the sections the damage did not touch are those of the intact file.

Where the damage leaves the document readable (its title block, the lines before the first section,
untouched and no NUL byte), parsing must succeed: a parser that rejected every damaged file fails.
The properties that can go either way count how often each path was taken and assert that both
occurred, so that neither check is vacuous.

Sources: the bundled profiles in data/ and, when present, a fixed sample of the corpus.  Examples
are derandomised (the same on every run) and bounded, so that the suite stays fast and CI is
reproducible.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from functools import lru_cache
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cyberkg.store import build as B
from cyberkg.sources.sections import _heading
from cyberkg.sources.text import SourceError, decode, logical_lines

from ..conftest import DATA, SEED_PROFILES, corpus_files

# Every 16th corpus file (10 of 154): the three layouts and several encodings, fixed.
SOURCES = SEED_PROFILES + corpus_files()[::16]
SETTINGS = settings(max_examples=30, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@lru_cache(maxsize=None)
def original(path: Path):
    """The intact file: its bytes, decoded text, parse and the physical line span of each section."""
    data = path.read_bytes()
    text, enc = decode(data, path)
    lines = text.split("\n" if "\n" in text else "\r")  # numbered as source_lines numbers them
    doc = B.parse_document(path)
    # Section spans in physical lines: from a heading (sections and the pillar headings between
    # them) to the next one, the body ending where the footer starts.
    starts = []
    for ln in logical_lines(text):
        h = _heading(ln)
        if h is not None and ln.number not in starts:
            starts.append(ln.number)
    footer_start = min((ln.number for ln in logical_lines(text)
                        if ln.text.upper().startswith(("DISCLAIMER", "MORE INFORMATION IS AVAILABLE", "LAST UPDATED"))),
                       default=len(lines) + 1)
    starts = sorted(s for s in starts if s < footer_start) + [footer_start]
    spans = {}
    for code, st_ in doc.result.statements.items():
        if st_.line in starts:
            i = starts.index(st_.line)
            spans[code] = (st_.line, starts[i + 1])  # 1-based, end exclusive
    return data, text, enc, lines, doc.result, spans


def section_facts(p, code: str) -> tuple:
    """Everything the parser reads from one section: its statement (status and the rule that
    decided), and the instruments, agencies, CIRTs, assessments, conventions, programmes and
    contacts it states."""
    s = p.statements.get(code)
    items = []
    for group in (p.instruments, p.agencies, p.cirts, p.assessments, p.conventions, p.programmes, p.contacts):
        items.append(sorted(repr(x) for x in group if x.section == code))
    return (s.status if s else None, s.rule if s else None, tuple(map(tuple, items)))


@lru_cache(maxsize=1)
def _ontology_and_shapes():
    return list(B.ontology_quads()), B.load_shapes()


def check(path: Path, data: bytes):
    """The property: SourceError naming the file, or a document whose graph conforms."""
    with tempfile.TemporaryDirectory() as tmp:
        f = Path(tmp) / path.name
        f.write_bytes(data)
        try:
            doc = B.parse_document(f)
        except SourceError as exc:
            assert str(exc).startswith((str(f) + ":", str(f) + " [section ")), str(exc)
            assert exc.path == str(f)
            return None
        from pyoxigraph import Store

        ontology, shapes = _ontology_and_shapes()
        st_ = Store()
        st_.bulk_extend(B.quads([doc]))
        st_.bulk_extend(ontology)
        conforms, violations = B.validate_store(st_, shapes=shapes)
        assert conforms, B.readable_report(violations)
        return doc.result


def assert_intact_sections_equal(p, orig, touched: set[str]) -> None:
    assert p.country.alpha3 == orig.country.alpha3
    for code in orig.statements:
        if code not in touched:
            assert section_facts(p, code) == section_facts(orig, code), code


def head_end(path: Path) -> int:
    """The first physical line of the first section: everything before it is the title block."""
    spans = original(path)[5]
    return min((a for a, _ in spans.values()), default=1)


def both_paths(prop, *args) -> Counter:
    """Run a hypothesis property that returns "parsed" or "error"; assert both occurred."""
    taken = Counter()

    def counted(example):
        taken[prop(*example)] += 1
    SETTINGS(given(st.tuples(*args))(counted))()
    assert taken["parsed"] > 0 and taken["error"] > 0, dict(taken)
    return taken


def _join(lines: list[str]) -> bytes:
    return "\n".join(lines).encode("utf-8")


sources = st.sampled_from(SOURCES)


@st.composite
def sections(draw, n: int = 1):
    """A source and `n` distinct codes of its sections, in file order."""
    path = draw(sources.filter(lambda p: len(original(p)[5]) >= n))
    spans = original(path)[5]
    codes = draw(st.lists(st.sampled_from(sorted(spans)), min_size=n, max_size=n, unique=True))
    return (path, *sorted(codes, key=lambda c: spans[c]))


def test_truncated_at_any_point_builds_or_names_the_file():
    def prop(path, where):
        data, text, enc, lines, orig, spans = original(path)
        cut = int(len(text) * where)
        p = check(path, text[:cut].encode("utf-8"))
        cut_line = text[:cut].count("\n") + 1  # the line the cut falls in
        if cut_line > head_end(path):  # the title block is whole: the document is readable
            assert p is not None, (path.name, cut_line)
        if p is None:
            return "error"
        touched = {c for c, (a, b) in spans.items() if b > cut_line} | (set(orig.statements) - set(spans))
        assert_intact_sections_equal(p, orig, touched)
        if spans and cut_line < max(b for _, b in spans.values()):  # cut before the footer
            assert any(f.kind == "truncated" for f in p.findings)
        return "parsed"
    both_paths(prop, sources, st.floats(0, 1))


@SETTINGS
@given(sections())
def test_section_deleted_is_missing_and_the_others_keep_their_facts(picked):
    path, code = picked
    data, text, enc, lines, orig, spans = original(path)
    a, b = spans[code]
    p = check(path, _join(lines[:a - 1] + lines[b - 1:]))
    assert p is not None
    assert p.statements[code].status == "unknown"
    assert any(f.section == code and f.kind == "missing-section" for f in p.findings)
    assert_intact_sections_equal(p, orig, {code})


@SETTINGS
@given(sections(), st.booleans())
def test_section_duplicated_keeps_the_first_and_reports_it(picked, at_end):
    path, code = picked
    data, text, enc, lines, orig, spans = original(path)
    a, b = spans[code]
    # The copy goes right after the original or at the end of the body.
    at = max(e for _, e in spans.values()) - 1 if at_end else b - 1
    p = check(path, _join(lines[:at] + lines[a - 1:b - 1] + lines[at:]))
    assert p is not None
    assert any(f.section == code and f.kind == "duplicate-section" for f in p.findings)
    assert_intact_sections_equal(p, orig, set())


@SETTINGS
@given(sections(2))
def test_sections_reordered_keep_their_facts(picked):
    path, c1, c2 = picked
    data, text, enc, lines, orig, spans = original(path)
    (a1, b1), (a2, b2) = spans[c1], spans[c2]
    out = lines[:a1 - 1] + lines[a2 - 1:b2 - 1] + lines[b1 - 1:a2 - 1] + lines[a1 - 1:b1 - 1] + lines[b2 - 1:]
    assert len(out) == len(lines)
    p = check(path, _join(out))
    assert p is not None
    assert_intact_sections_equal(p, orig, set())


@SETTINGS
@given(sections(), st.data())
def test_lines_shuffled_inside_a_section_leave_the_others_intact(picked, draw):
    path, code = picked
    data, text, enc, lines, orig, spans = original(path)
    a, b = spans[code]
    body = draw.draw(st.permutations(lines[a:b - 1]))  # the heading line stays first
    p = check(path, _join(lines[:a] + list(body) + lines[b - 1:]))
    assert p is not None  # the title block is untouched: always readable
    assert_intact_sections_equal(p, orig, {code})


def test_binary_bytes_injected_give_a_clean_parse_or_an_error_naming_the_file():
    def prop(path, injections):
        data, text, enc, lines, orig, spans = original(path)
        out = bytearray(data)
        for where, blob in sorted(injections, reverse=True):  # from the end, so offsets stay valid
            at = int(len(data) * where)
            out[at:at] = blob
        p = check(path, bytes(out))
        nul = b"\x00" in b"".join(b for _, b in injections)
        if nul:
            assert p is None  # NUL bytes: not a text document
        hit_lines = {bytes(data[:int(len(data) * w)]).count(b"\n") + 1 for w, _ in injections}
        if not nul and min(hit_lines) > head_end(path) and enc == "utf-8" and orig.encoding == "utf-8":
            assert p is not None, (path.name, injections)  # title block untouched: readable
        if p is None:
            return "error"
        if p.encoding == orig.encoding:
            # Sections whose bytes were not touched read the same (a changed decoding may not).
            touched = {c for c, (a, b) in spans.items() if any(a <= n < b for n in hit_lines)}
            touched |= set(orig.statements) - set(spans)
            if min(hit_lines) >= head_end(path):
                assert_intact_sections_equal(p, orig, touched)
        return "parsed"
    both_paths(prop, sources, st.lists(st.tuples(st.floats(0, 1), st.binary(min_size=1, max_size=4)), min_size=1, max_size=5))


@SETTINGS
@given(sources, st.sampled_from(["utf-16", "utf-16-be", "utf-32", "utf-8-sig"]))
def test_unicode_with_a_byte_order_mark_reads_the_same(path, encoding):
    data, text, enc, lines, orig, spans = original(path)
    p = check(path, text.encode(encoding) if encoding != "utf-16-be" else b"\xfe\xff" + text.encode(encoding))
    assert p is not None
    assert_intact_sections_equal(p, orig, set())
    assert p.population == orig.population and p.internet == orig.internet and p.updated == orig.updated


@SETTINGS
@given(sources, st.sampled_from(["latin-1", "cp1252", "gbk"]))
def test_legacy_encodings_parse_and_keep_the_country(path, encoding):
    data, text, enc, lines, orig, spans = original(path)
    p = check(path, text.encode(encoding, errors="replace"))
    assert p is not None and p.country.alpha3 == orig.country.alpha3
    if text.isascii():
        assert_intact_sections_equal(p, orig, set())


POLICY = DATA / "policy-bhutan-social-media-2016.txt"


def test_policy_truncated_or_damaged_builds_or_names_the_file():
    """The policy template too: cut anywhere, with stray bytes, in another encoding.  Readable when
    the Policy Name section is whole and no NUL byte was injected before the cut; then the sections
    before the last one left read as in the intact file."""
    from cyberkg.store.build import parse_document

    intact = parse_document(POLICY).result
    text = POLICY.read_text(encoding="utf-8")
    name_end = text.index("2. Rationale")

    def prop(where, injections, encoding):
        cut = int(len(text) * where)
        out = bytearray(text[:cut].encode(encoding, errors="replace"))
        for at, blob in sorted(injections, reverse=True):
            out[int(len(out) * at):int(len(out) * at)] = blob
        p = check(POLICY, bytes(out))
        clean = not injections and encoding in ("utf-8", "cp1252")
        if clean and cut > name_end:
            assert p is not None, (where, encoding)
        if p is None:
            return "error"
        assert p.country.alpha3 == intact.country.alpha3
        if clean:
            assert p.title == intact.title
            kept = list(p.sections)[:-1]  # the last section read may be cut short
            assert {k: p.sections[k] for k in kept} == {k: intact.sections[k] for k in kept}
        return "parsed"
    both_paths(prop, st.floats(0, 1), st.lists(st.tuples(st.floats(0, 1), st.binary(min_size=1, max_size=4)), max_size=3),
               st.sampled_from(["utf-8", "utf-16", "cp1252"]))
