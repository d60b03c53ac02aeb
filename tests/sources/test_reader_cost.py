"""The readers' cost is linear in their input (bug 6) and a pathological structure does not become
a pathological graph (bug 13): an adversarial line of 1 MB read by the strategy and profile
readers costs about 8x what 128 kB of it costs (a pattern retried from every character of a long
run costs 64x: the tester's line of 80,000 dots took 80 s), and a heading repeated 200,000 times is
one section, with a finding.

Timings are relative, as in tests/web/test_serve_dos.py's query-analysis property: 8x the input
may cost up to 24x the time + 0.5 s (a loaded machine, a collection), far below the 64x of a
quadratic pass, which at 1 MB is minutes.  Inputs are synthetic (tests/data and the texts below)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from cyberkg.sources import countries
from cyberkg.sources import profile as PR
from cyberkg.sources import strategy as S
from cyberkg.sources.text import SourceText, logical_lines

from ..conftest import ROOT

SMALL, LARGE = 128_000, 1_024_000
RURITANIA = (ROOT / "tests" / "data" / "strategy-ruritania-2016.txt").read_text(encoding="utf-8")


def _src(text: str, name: str = "adversarial.txt") -> SourceText:
    return SourceText(Path(name), "0" * 64, "utf-8", text)


def _cost(fn, text: str, runs: int) -> float:
    best = 99.0
    for _ in range(runs):
        t0 = time.perf_counter()
        fn(text)
        best = min(best, time.perf_counter() - t0)
    return best


def _linear(fn, make, unit: str) -> tuple[float, float]:
    """(seconds for a 128 kB run of `unit`, seconds for a 1 MB run) through fn(make(line))."""
    small = make(unit * (SMALL // len(unit)) + "x")
    large = make(unit * (LARGE // len(unit)) + "x")
    return _cost(fn, small, 2), _cost(fn, large, 1)


# --- the strategy reader -------------------------------------------------------------------------

def _strategy_with(line: str, where: str) -> str:
    lines = RURITANIA.split("\n")
    if where == "contents":  # the tester's shape: the contents heading replaced by the line
        lines[lines.index("Table of Contents")] = line
    elif where == "title page":
        lines.insert(2, line)
    else:  # a paragraph of the body
        lines.insert(len(lines) * 2 // 3, "")
        lines.insert(len(lines) * 2 // 3, line)
    return "\n".join(lines)


def _read_strategy(text: str) -> None:
    S.parse_text(_src(text))


# Dots, spaces, dashes, letters and digits, placed where the reader applies its line patterns:
# the table of contents (dot leaders), the title page (title, dates, issuer) and the body (sentences,
# mentions).  Each run ends with 'x', so that a pattern needing a number or the line's end after the
# run fails after it.
STRATEGY_CASES = [
    (".", "contents"), ("…", "contents"), (". ", "contents"), ("_", "contents"),
    ("-", "title page"), ("a", "title page"), ("1", "title page"), (" ", "title page"),
    ("- ", "body"), ("A a ", "body"), ("1.", "body"), ("No. A ", "body"),
    ("Section 1 of the Computer Misuse Act ", "body"), ("      a", "body"),
    # a team's word before a country's name, and the country's team by its role: each looked back
    # at the whole line before it (a fresh tester's finding on 6e2d616)
    ("CERT Turkey ", "body"), ("the National CERT ", "body"),
]


@pytest.mark.parametrize("unit,where", STRATEGY_CASES)
def test_bug6_strategy_reader_is_linear_in_an_adversarial_line(unit, where):
    S.warm_up()
    t_small, t_large = _linear(_read_strategy, lambda line: _strategy_with(line, where), unit)
    assert t_large < 24 * t_small + 0.5, (unit, where, t_small, t_large)


@pytest.mark.parametrize("unit", ["A a.\n", "see-\n",
                                  # side-by-side columns on every line (`strategy._columns`)
                                  "The team will handle the incidents of".ljust(60) + "and the public sector will report them\n",
                                  # a reference and its footnote, again and again (`strategy._footnote_lines`)
                                  "The team1 acts on incidents.\n1 A note on the team, 2014.\n"])
def test_bug6_strategy_reader_is_linear_in_a_paragraph_of_many_lines(unit):
    """One paragraph of many lines, each a sentence or a word hyphenated onto the next: each
    sentence's line was looked up by a scan of the paragraph's lines from its end, and each hyphen
    removed by copying the paragraph so far (both quadratic in the paragraph's length)."""
    S.warm_up()
    t_small, t_large = _linear(_read_strategy, lambda line: _strategy_with(line, "body"), unit)
    assert t_large < 24 * t_small + 0.5, (unit, t_small, t_large)


def test_bug6_a_long_dot_line_is_no_table_of_contents_and_leaders_still_are():
    """The dot-leader patterns after the fix: a line of dots and a letter is no TOC line; real
    leader lines still make the table of contents (its entries without leaders and numbers)."""
    s = S.parse_text(_src(_strategy_with("." * 20_000 + "x", "contents")))
    assert all("....." not in e for e in s.toc_entries)
    intact = S.parse_text(_src(RURITANIA))
    assert intact.toc_entries[:3] == ["1. Introduction", "2. Governance", "3. Legal Framework"]
    leaders = RURITANIA.replace("Table of Contents\n", "")
    assert S.parse_text(_src(leaders)).toc_entries[:2] == ["1. Introduction", "2. Governance"]


# --- the profile reader --------------------------------------------------------------------------

def synthetic_profile(country: str = "ICELAND") -> str:
    """A profile in the series' layout with invented sentences (a real country, for the title)."""
    body = {
        "1.1.1": "Specific legislation pertaining to cybercrime is mandated through the following legal instrument:\n"
                 "- Computer Offences Act 2010 (Articles 3-9)",
        "1.2.1": "Iceland has an officially recognized national CIRT (CERT-IS).",
        "1.3.3": "The Ministry of the Interior is the officially recognized agency responsible for cybersecurity.",
        "1.5.4": "Iceland is a member of the Forum of Incident Response and Security Teams (FIRST).",
        "2.2": "Iceland has ratified the Convention on the Rights of the Child.",
        "2.4": "Incidents can be reported by e-mail to report@cert.example.is.",
    }
    from cyberkg.sources.scheme import INDICATORS

    parts = ["CYBERWELLNESS PROFILE", country, "", "BACKGROUND", "Total Population: 330 000",
             "(data source: Statistics Office, 2013)", "Internet users, percentage of population: 96%",
             "(data source: ITU Statistics, 2013)", ""]
    for code, title in INDICATORS.items():
        parts += [f"{code} {title}", body.get(code, "Iceland does not have any officially recognized framework."), ""]
    parts += ["DISCLAIMER: Please refer to the terms of use.", "Last updated on 12th August 2014", ""]
    return "\n".join(parts)


def _profile_with(line: str, where: str) -> str:
    lines = synthetic_profile().split("\n")
    anchor = {"background": "Total Population: 330 000", "section 1.2.1": "1.2.1 CIRT",
              "section 1.5.4": "1.5.4 INTERNATIONAL COOPERATION", "section 2.4": "2.4 REPORTING MECHANISM",
              "footer": "DISCLAIMER: Please refer to the terms of use."}[where]
    lines.insert(lines.index(anchor) + 1, line)
    return "\n".join(lines)


def _read_profile(text: str) -> None:
    PR.parse_text(_src(text))


PROFILE_CASES = [
    (".", "background"), ("- ", "background"), ("1 ", "footer"), ("a", "footer"),
    ("CERT ", "section 1.2.1"), ("AB ", "section 1.2.1"), ("a/", "section 1.2.1"),
    ("member of Ab ", "section 1.5.4"), ("-", "section 1.5.4"), ("a.", "section 2.4"), (" ", "section 2.4"),
    ("[", "section 2.4"), ("<http:", "section 2.4"), ("      a", "section 2.4"),
]


@pytest.mark.parametrize("unit,where", PROFILE_CASES)
def test_bug6_profile_reader_is_linear_in_an_adversarial_line(unit, where):
    t_small, t_large = _linear(_read_profile, lambda line: _profile_with(line, where), unit)
    assert t_large < 24 * t_small + 0.5, (unit, where, t_small, t_large)


# The profile reader's extractors on runs of their own shapes (a section of the series is at most
# ~1,500 characters, and one over MAX_SECTION_CHARS is not read; these show that the patterns
# themselves are linear, as a long section under the limit must not cost the square of its length).
EXTRACTORS = [  # (what, module, function, unit)
    ("cirt names: capitals words", PR, "_cirt_names", "AB "),
    ("cirt names: tokens after slashes", PR, "_cirt_names", "a/"),
    ("cirt names: CIRT words without a colon", PR, "_cirt_names", "CERT "),
    ("a lead naming CIRTs, then its list", PR, "_lead_then_list", "CERT "),
    ("a lead naming CIRTs, before a colon", PR, "_names_cirts_before_colon", "CERT "),
    ("e-mail addresses", PR, "_emails", "a."),
    ("e-mail addresses, dashes", PR, "_emails", "A-"),
    ("a programme's name: a year after dashes", PR, "_programme_name", "- "),
    ("logical lines: brackets", None, "logical_lines", "["),
    ("logical lines: angle brackets", None, "logical_lines", "<http:"),
    ("logical lines: column gaps", None, "logical_lines", "      a"),
    ("country titles", countries, "_variants", "A ("),
]


@pytest.mark.parametrize("what,module,name,unit", EXTRACTORS, ids=[e[0] for e in EXTRACTORS])
def test_bug6_profile_patterns_are_linear(what, module, name, unit):
    fn = logical_lines if module is None else getattr(module, name)
    t_small, t_large = _linear(fn, lambda line: line, unit)
    assert t_large < 24 * t_small + 0.5, (what, t_small, t_large)


def test_bug6_the_place_of_an_assessment_is_found_or_not_in_one_pass():
    """A month where a place may be named ('in May in June 2011') made the place search start again
    from an offset read in another slice of the sentence, for ever."""
    found = PR._assessments("ITU conducted a CIRT assessment for Iceland XXXXXXXXXXXXXXXX in May in June 2011.", [])
    assert [a.location for a in found] == [None]
    found = PR._assessments("ITU conducted a CIRT assessment in May 2010 in Reykjavik in June 2011.", [])
    assert [a.location for a in found] == ["Reykjavik"]


def test_bug6_a_title_longer_than_any_country_name_resolves_to_none_at_once():
    t0 = time.perf_counter()
    assert countries.resolve("THE " * 250_000 + "ICELAND") is None
    assert time.perf_counter() - t0 < 5
    assert countries.resolve("ICELAND").alpha3 == "ISL"


# --- the policy reader ---------------------------------------------------------------------------

POLICY = (ROOT / "tests" / "data" / "policy-bhutan-records-2019.txt").read_text(encoding="utf-8")


def _policy_with(line: str) -> str:
    lines = POLICY.split("\n")
    at = lines.index("6. Implementation Procedure:") + 2  # an item of the implementation procedure
    return "\n".join(lines[:at] + ["2. " + line] + lines[at:])


def _read_policy(text: str) -> None:
    from cyberkg.sources import policy

    policy.parse_text(_src(text))


def _agency_names(line: str) -> str:
    """As many distinct ministries as the line has characters / 30, each leading a measure."""
    n = len(line) // 30
    names = []
    for k in range(n):
        w = ""
        while True:
            w = "abcdefghijklmnopqrstuvwxyz"[k % 26] + w
            k //= 26
            if not k:
                break
        names.append(f"The Ministry of N{w} shall lead.")
    return " ".join(names)


@pytest.mark.parametrize("unit", ["A", "Aa", "- ", "The NAA shall lead. "])
def test_bug6_policy_reader_is_linear_in_an_adversarial_line(unit):
    t_small, t_large = _linear(_read_policy, _policy_with, unit)
    assert t_large < 24 * t_small + 0.5, (unit, t_small, t_large)


def test_bug6_policy_reader_is_linear_in_the_number_of_agencies_named():
    """Each agency's mentions were searched for over the whole text, agency by agency: a text
    naming 30,000 ministries cost 30,000 passes over it."""
    t_small, t_large = _linear(_read_policy, lambda line: _policy_with(_agency_names(line)), "x")
    assert t_large < 24 * t_small + 0.5, (t_small, t_large)


# --- bug 13: pathological structure, bounded facts -------------------------------------------------

def test_bug13_a_heading_repeated_is_one_section_with_a_finding():
    """20,000 lines of one numbered heading before a real document: one section for the run, the
    document's own headings after it unchanged, and a 'too-many-headings' finding saying so."""
    lines = RURITANIA.split("\n")
    at = len(lines) - 1 - lines[::-1].index("1. Introduction")  # the heading in the body, after the contents
    run = ["1. Introduction", ""] * 20_000
    s = S.parse_text(_src("\n".join(lines[:at] + run + lines[at:])))
    intact = S.parse_text(_src(RURITANIA))
    assert [h.label for h in s.headings] == [h.label for h in intact.headings]
    f = [f for f in s.findings if f.kind == "too-many-headings"]
    n = 20_000 + len(intact.headings)
    assert len(f) == 1 and f"{n} headings recognised" in f[0].message and "'1 Introduction' 20001 times" in f[0].message


def test_bug13_more_headings_than_a_document_has_are_capped_with_a_finding():
    """Distinct headings past MAX_HEADINGS (no run to fold): the first MAX_HEADINGS are sections, the
    finding names the line from which no heading is read."""
    lines = RURITANIA.split("\n")
    at = len(lines) * 2 // 3
    many = [x for k in range(3 * S.MAX_HEADINGS) for x in (f"{k % 30 + 1}. Topic number {k}", "")]
    s = S.parse_text(_src("\n".join(lines[:at] + many + lines[at:])))
    assert len(s.headings) == S.MAX_HEADINGS
    f = next(f for f in s.findings if f.kind == "too-many-headings")
    assert f"only the first {S.MAX_HEADINGS} are sections" in f.message and s.headings[-1].end_line == s.lines


def test_bug13_real_documents_keep_every_heading():
    """The synthetic strategy's headings, as before (the corpus check: every strategy's headings are
    unchanged, README 'Guarantees')."""
    s = S.parse_text(_src(RURITANIA))
    assert len(s.headings) < S.MAX_HEADINGS and not any(f.kind == "too-many-headings" for f in s.findings)


def test_bug13_an_oversized_profile_section_is_unknown_with_a_finding():
    p = PR.parse_text(_src(_profile_with("The CERT-IS " * 50_000, "section 1.2.1")))
    st = p.statements["1.2.1"]
    assert (st.status, st.rule, st.text) == ("unknown", "unknown:section-oversized", "")
    f = [f for f in p.findings if f.kind == "oversized-section"]
    assert len(f) == 1 and f[0].section == "1.2.1" and "characters long" in f[0].message
    assert p.cirts == []
    assert p.statements["2.2"].status == "yes"  # the other sections are read as before
