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


# --- a fresh tester's cases (each failed before the band reading) ---------------------------------------

FULL = ["The Government of Ruritania will protect the networks of the state and of the operators of essential",
        "services against attacks and will report every year to Parliament on the progress of this strategy."] * 4


def _topics(text: str) -> dict[str, S.TopicPassage]:
    return {t.text: t for t in parse(text).topics}


def test_full_width_lines_above_two_columns_do_not_stop_the_columns_being_read_apart():
    text = page(["1. INTRODUCTION", ""] + FULL + [""] + two_columns(LEFT, RIGHT))
    got = _topics(text)
    assert any(t.startswith("The Government will set up a national computer emergency response team that handles") for t in got)
    assert not any("emergency Awareness" in t for t in got)


def test_columns_of_unequal_length_are_read_apart():
    left = LEFT + [""] + ["Ministries will appoint security officers who report",
                          "to the team on the state of their networks each year."] * 5
    right = RIGHT[5:] + ["Schools will teach children to use the internet", "safely from their first year of primary school."]
    text = page(["1. INTRODUCTION", ""] + two_columns(left, right))
    got = _topics(text)
    assert any(t.startswith("The Government will set up a national computer emergency response team") for t in got)
    assert "The ministry will fund university courses in cyber security and train two hundred experts a year." in got


def test_a_third_column_keeps_its_place_when_the_second_has_a_blank_row():
    a = ["The Government will set up a national", "computer emergency response team that", "handles incidents affecting the networks",
         "of the ministries and essential services.", "Operators of essential services will", "report incidents to the team quickly."]
    b = ["Awareness campaigns will teach citizens", "and small firms how to protect computers.", "",
         "The ministry will fund university courses", "in cyber security and train experts.", "Schools will teach children online safety."]
    c = ["Ruritania will cooperate with neighbours", "and international organisations to fight", "crime online and will join the Budapest",
         "Convention on Cybercrime before the end", "of the plan in the year two thousand and", "twenty, as the Cabinet has decided."]
    rows = [x.ljust(46) + y.ljust(46) + z if (y or z) else x for x, y, z in zip(a, b, c)]
    got = _topics(page(["1. INTRODUCTION", ""] + [r.rstrip() for r in rows]))
    assert any(t.startswith("Ruritania will cooperate with neighbours and international organisations to fight crime online and will join the Budapest Convention")
               for t in got)


def test_a_heading_across_the_page_between_two_column_blocks_parts_them_into_bands():
    below = ["Ruritania will cooperate with its neighbours and", "with international organisations to fight crime",
             "online and will join the Budapest Convention on", "Cybercrime before the end of the plan."]
    text = page(["1. INTRODUCTION", ""] + two_columns(LEFT, RIGHT)
                + ["", "2. LEGAL FRAMEWORK AND INTERNATIONAL COOPERATION IN THE FIGHT AGAINST CYBERCRIME", ""]
                + two_columns(below, LEFT[4:]))
    got = _topics(text)
    skills = got["The ministry will fund university courses in cyber security and train two hundred experts a year."]
    assert skills.section == "1 INTRODUCTION"


def test_a_footnote_across_the_page_under_two_columns_is_a_footnote():
    left = ["The Government will set up a national computer emergency", "response team1 that handles incidents affecting the",
            "networks of the ministries and of essential services."] + LEFT[3:]
    text = page(["1. INTRODUCTION", ""] + two_columns(left, RIGHT)
                + ["", "1 The team will be set up under the Act on Electronic Communications of 2014, section 12, as amended."]) \
        + "\f2. THREATS\n\nAttacks on the networks of the state grew every year, and the operators reported them to the police.\n"
    got = _topics(text)
    assert any(t.startswith("The Government will set up a national computer emergency response team that handles") for t in got)


def test_a_running_footer_with_its_page_number_stays_a_footer_on_a_column_page():
    pages = ["\n".join([f"{k}. SECTION {k}", ""] + two_columns(LEFT, RIGHT) + ["", "Ruritania National Cyber Security Strategy".ljust(100) + str(k)])
             for k in range(1, 6)]
    text = TITLE + "\f" + "\f".join(pages) + "\n"
    s = parse(text)
    assert not any("Ruritania National Cyber Security Strategy" in t.text for t in s.topics)
    phys = S._physical(text)
    S._mark_furniture(phys)
    assert all(ln.furniture for ln in phys if ln.text.startswith("Ruritania National Cyber Security Strategy"))


# --- a second fresh tester's cases, on real layouts ------------------------------------------------------

PROSE_LINES = ["It is essential that the operators commit to carrying out the measures of this strategy. They will",
               "be responsible for defining their own detailed plans for the actions that they need to fulfil, and",
               "the ministries, the regulator and other institutions will need to keep track of the milestones",
               "and progress and be prepared to provide regular updates to the coordinator. In addition, they",
               "should commit to active and ongoing coordination across all levels of society to improve",
               "cyber security in every sector of the economy and in the public administration alike."]


def test_a_page_of_prose_with_some_lines_parted_by_tabs_is_one_column():
    lines = list(PROSE_LINES)
    lines[1] = "\t".join(lines[1].split()) + "\t"
    lines[2] = "\t".join(lines[2].split()) + "\t"
    lines[4] = "\t".join(lines[4].split()) + "\t"
    rows = [(n, t) for n, t in enumerate(lines + [""] + PROSE_LINES, start=1)]
    assert S._columns(rows) == rows


def test_a_page_of_prose_justified_with_wide_spaces_is_one_column():
    wide = [ln.replace(" ", "    ", 3) for ln in PROSE_LINES]
    rows = [(n, t) for n, t in enumerate(PROSE_LINES + [""] + wide, start=1)]
    assert S._columns(rows) == rows


def test_two_columns_whose_list_labels_stand_alone_on_their_lines_are_read_apart():
    left = ["1)", "", "The regulator will build a laboratory for testing", "the security of products bought by the state.", "",
            "2)", "", "The regulator will publish the results of the tests.", "", "3)", "", "The ministries will buy tested products only."]
    right = ["1)", "", "The ministry will launch a national awareness programme on", "the security of cyberspace for citizens.", "",
             "2)", "", "Schools will teach pupils how to keep their accounts safe.", "", "3)", "", "Firms will train their staff every year."]
    rows = two_columns(left, right)
    assert S._gutter(rows) is not None
    got = _topics(page(["1. MEASURES", ""] + rows))
    assert "The ministry will launch a national awareness programme on the security of cyberspace for citizens." in got


def test_a_left_line_that_ends_right_at_the_gutter_is_cut_there_not_read_whole():
    # The gutter is placed after the longest left line beside the right column's text; a left line one
    # character longer still ends before it (the gutter counted it as crossing at its last character).
    left = ["The Government will set up a national computer emergency",
            "response team that handles incidents affecting the networks",
            "of the ministries and of essential services, and operators",
            "of essential services will report incidents to the new team:",
            "one day.", "", "Awareness campaigns will teach citizens and small firms how",
            "to protect their computers."]
    right = ["The ministry will fund university courses in cyber security",
             "and train two hundred experts a year.", "", "", "", "", "Schools will teach children", "to use the internet safely."]
    width = max(len(a) for a, b in zip(left, right) if b)
    rows = [(a.ljust(width + 4) + b).rstrip() if b else a for a, b in zip(left, right)]
    order = [ln.text for ln in S._physical(page(["1. INTRODUCTION", ""] + rows)) if ln.text]
    assert order.index("one day.") < order.index(right[0])


def test_a_column_page_number_beside_a_last_line_goes_on_with_its_column():
    left = ["The Government will raise awareness among the senior", "executives of enterprises and will help them to",
            "understand the risks that their firms run online.", "The ministry will fund university courses in cyber",
            "security and train two hundred experts a year."]
    right = ["Enterprises are encouraged to set up teams that", "handle incidents and report them to the national",
             "computer emergency response team.", "", "16"]
    got = _topics(page(["1. ENTERPRISES", ""] + two_columns(left, right)))
    assert "The ministry will fund university courses in cyber security and train two hundred experts a year." in got


def test_a_page_mark_after_a_byte_order_mark_is_a_page_mark():
    # (What a converter leaves when a UTF-8 file with its byte-order mark is converted to UTF-16 again.)
    text = "\ufeff----------------------- Page 1-----------------------\nNATIONAL CYBER SECURITY STRATEGY\nMarch 2015\n" \
           "----------------------- Page 2-----------------------\n" + "\n".join(PROSE_LINES) + "\n"
    s = parse(text)
    assert s.title == "NATIONAL CYBER SECURITY STRATEGY"
    assert not any("Page 1" in ln.text for ln in S._physical(text))


def test_justified_lines_with_double_spaces_beside_a_two_column_list_are_read_whole():
    prose = ["cross  sector  critical  infrastructure  protection  and  resilience  plan.  (Please",
             "see  appendices  pages  for  a  sample  approach  to  implementing  sector",
             "specific  plan  and  program)."]
    listed = two_columns(["Communications Sector", "Manufacturing Sector", "Defence Sector", "Power and Energy Sector",
                          "Financial Services Sector", "Emergency Services Sector"],
                         ["Government Facilities Sector", "Dams Sector", "Chemical Sector", "Commercial Facilities Sector",
                          "Food and Agriculture Sector", "Transportation Systems Sector"])
    order = [ln.text for ln in S._physical(page(prose + [""] + listed)) if ln.text]
    assert order[2:5] == [" ".join(p.split()) for p in prose]
    assert order.index("Emergency Services Sector") < order.index("Government Facilities Sector")


def test_a_text_whose_page_breaks_were_lost_finds_each_stretch_its_own_gutter():
    first = [ln for _ in range(9) for ln in two_columns(LEFT, RIGHT, gutter=62) + [""]]
    second = [ln for _ in range(9) for ln in two_columns(LEFT, RIGHT, gutter=74) + [""]]
    text = TITLE + "\n".join(first + ["", "", ""] + second) + "\n"  # no form feed, no page mark: blank lines where the page ended
    order = [ln.text for ln in S._physical(text) if ln.text]
    assert not any("emergency Awareness" in t or "the firms" in t for t in order)
    assert order.count("Awareness campaigns will teach citizens and small") == 18
