"""Pages set in side-by-side columns, as layout-keeping PDF-to-text converters write them (each line
holds a line of every column, the left one padded with spaces to a gutter): the strategy reader
reads one column after the other, each piece citing its own `sed -n` line.  Synthetic pages written
for these tests in that layout (not copied from any document).  The kind was found on documents no
rule had been written for (round 11 of tests/expected/strategies/topic-precision): passages read
across the gutter were garbled."""

from __future__ import annotations

from pathlib import Path

from cyberkg.sources import strategy as S
from cyberkg.sources.text import SourceText


def parse(text: str) -> S.Strategy:
    return S.parse_text(SourceText(Path("doc.txt"), "0" * 64, "utf-8", text))


def two_columns(left: list[str], right: list[str], gutter: int = 62) -> list[str]:
    rows = max(len(left), len(right))
    left, right = left + [""] * (rows - len(left)), right + [""] * (rows - len(right))
    return [(a.ljust(gutter) + b).rstrip() if b else a for a, b in zip(left, right)]


LEFT = ["The Government will set up a national computer emergency",
        "response team that handles incidents affecting the",
        "networks of the ministries and of essential services.",
        "",
        "Operators of essential services will report incidents",
        "to the team within one day of their detection."]
RIGHT = ["Awareness campaigns will teach citizens and small",
         "firms how to protect their computers and accounts,",
         "and schools will teach children to use the internet",
         "safely from their first year.",
         "",
         "The ministry will fund university courses in cyber",
         "security and train two hundred experts a year."]

TITLE = "NATIONAL CYBER SECURITY STRATEGY OF RURITANIA\n\nMarch 2015\n\n"


def page(lines: list[str]) -> str:
    return TITLE + "\f" + "\n".join(lines) + "\n"


def _line_of(text: str, words: str) -> int:
    return next(n for n, ln in enumerate(text.split("\n"), start=1) if words in ln)


def test_two_columns_are_read_one_after_the_other():
    text = page(two_columns(LEFT, RIGHT))
    phys = [ln for ln in S._physical(text) if ln.text]
    order = [ln.text for ln in phys]
    assert order[2:] == [t for t in LEFT + RIGHT if t]
    assert all(ln.cited == _line_of(text, ln.text) for ln in phys)


def test_a_passage_of_each_column_is_a_whole_sentence_citing_its_first_line():
    text = page(two_columns(LEFT, RIGHT))
    s = parse(text)
    got = {t.text: t.line for t in s.topics}
    cirt = next(t for t in got if t.startswith("The Government will set up a national computer emergency"))
    assert cirt.endswith("essential services.") and got[cirt] == _line_of(text, LEFT[0])
    skills = next(t for t in got if t.startswith("The ministry will fund university courses"))
    assert skills == "The ministry will fund university courses in cyber security and train two hundred experts a year."
    assert got[skills] == _line_of(text, "The ministry will fund")
    # Before: each sentence ran across the gutter into the other column's words.
    assert not any("Awareness campaigns" in t and "computer emergency" in t for t in got)


def test_a_heading_across_both_columns_stays_whole_and_comes_first():
    lines = two_columns(LEFT, RIGHT)
    text = page(["3 Incident response and awareness in all the sectors of the economy of Ruritania", ""] + lines)
    order = [ln.text for ln in S._physical(text) if ln.text]
    assert order.index("3 Incident response and awareness in all the sectors of the economy of Ruritania") < order.index(LEFT[0])


def test_a_table_of_contents_with_page_numbers_far_right_is_no_second_column():
    toc = [f"{k}. {name}".ljust(60) + str(p) for k, (name, p) in enumerate(
        [("Introduction", 3), ("Threats to the networks of the country", 5), ("Vision and principles", 8),
         ("Incident response", 10), ("Awareness and skills", 14), ("International cooperation", 17),
         ("Implementation and review", 21)], start=1)]
    lines = [(1, t) for t in toc]
    assert S._columns(lines) == lines


def test_a_table_of_figures_is_no_second_column():
    rows = [f"{name}".ljust(40) + f"{a:>6}    {b:>6}" for name, a, b in [
        ("Incidents reported to the team", 120, 340), ("Phishing sites taken down", 45, 80),
        ("Malware samples analysed", 800, 1900), ("Advisories published", 30, 52),
        ("Exercises held", 2, 4), ("Staff trained", 150, 400)]]
    lines = [(1, t) for t in rows]
    assert S._columns(lines) == lines


def test_one_column_with_an_indented_numbered_heading_is_read_as_it_stands():
    lines = [(n, t) for n, t in enumerate(["9   Taskforce on cyber security education"] + LEFT + RIGHT, start=1)]
    assert S._columns(lines) == lines


def test_a_section_read_over_two_columns_cites_a_range_that_holds_it():
    # The heading is low in the left column; its section goes on at the top of the right one, on
    # lines above the heading's: the range it cites runs to the lowest line that holds all of it.
    left = LEFT + ["", "4 AWARENESS AND SKILLS", "Awareness campaigns will start in the first year of the plan."]
    right = ["and they will reach every school and every small firm in", "the country by the end of the plan.",
             "The ministry will fund courses and train experts for the", "public sector and for essential services."]
    text = page(two_columns(left, right))
    s = parse(text)
    h = next(h for h in s.headings if "AWARENESS AND SKILLS" in h.label)
    assert h.line == _line_of(text, "4 AWARENESS AND SKILLS") and h.end_line >= h.line


def test_a_doubled_section_sign_from_a_symbol_font_is_a_bullet():
    text = page(["The plan has three actions:", "", "§§Enact a law on computer crime that defines the offences.",
                 "§§Train the prosecutors and judges who hear cases of cybercrime.", "",
                 "§ 5 of the Criminal Code stays in force."])
    got = [ln.text for ln in S._physical(text) if ln.text]
    assert "• Enact a law on computer crime that defines the offences." in got
    assert "• Train the prosecutors and judges who hear cases of cybercrime." in got
    assert "§ 5 of the Criminal Code stays in force." in got
