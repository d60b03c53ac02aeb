"""Damage to a document's bytes and line layout that once lost or garbled its text (the tester's
bugs 7, 8, 9, 11, 12 and 14), each on the bundled fictional Ruritania strategy or on text written
for these tests: line ends that are CRs with a stray LF, a form feed inside a line, one byte that is
not UTF-8 in a UTF-8 file, control characters in a strategy, a language read from a window that
is not prose, a body in a script written without spaces, and a byte-order mark that lies."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cyberkg.sources import strategy as S
from cyberkg.sources.text import SourceError, SourceText, decode, logical_lines, read_source

from ..conftest import ROOT

RURITANIA = ROOT / "tests" / "data" / "strategy-ruritania-2016.txt"
TEXT = RURITANIA.read_text(encoding="utf-8")


def _facts(s: S.Strategy) -> tuple:
    return (s.title, s.year, s.period, s.issuer, s.language, s.status, [h.label for h in s.headings],
            [(m.kind, m.name) for m in s.mentions], [(t.indicator, t.text) for t in s.topics])


def _key(s: str) -> str:
    return re.sub(r"\W+", "", s).lower()


def _on_sed_line(data: bytes, line: int, text: str) -> bool:
    """The text is printed on the line `sed -n {line}p` shows (the bytes split at LF)."""
    lines = data.decode("utf-8").split("\n")
    return 1 <= line <= len(lines) and _key(text)[:12] in _key(lines[line - 1])


def _cited_on_their_lines(s: S.Strategy, data: bytes) -> None:
    assert s.title_line and _on_sed_line(data, s.title_line, s.title)
    for m in s.mentions:
        assert _on_sed_line(data, m.line, m.name), (m.line, m.name)
    for t in s.topics:
        assert _on_sed_line(data, t.line, t.text), (t.line, t.text)
    for h in s.headings:
        assert _on_sed_line(data, h.line, h.title), (h.line, h.title)


# --- bug 7: CR line ends with a stray LF; a form feed inside a line ----------------------------------

@pytest.mark.parametrize("form_feeds", [True, False], ids=["with-form-feeds", "without"])
@pytest.mark.parametrize("lf_at", ["end", "middle"])
def test_bug7_cr_line_ends_with_a_stray_lf_are_read_line_by_line_and_cited_as_sed_numbers_them(tmp_path, form_feeds, lf_at):
    text = TEXT if form_feeds else TEXT.replace("\f", "")
    intact = tmp_path / "intact.txt"
    intact.write_text(text, encoding="utf-8")
    cr = text.replace("\n", "\r")
    if lf_at == "end":
        data = cr.encode() + b"\n"
    else:  # one LF between two paragraphs of the body
        at = cr.index("\r\r3. Legal Framework")
        data = (cr[:at] + "\n" + cr[at + 1:]).encode()
    damaged = tmp_path / "damaged.txt"
    damaged.write_bytes(data)
    s, want = S.parse_text(read_source(damaged)), S.parse_text(read_source(intact))
    assert _facts(s) == _facts(want) and s.title == "NATIONAL CYBER SECURITY STRATEGY 2016-2020" and s.year == 2016
    assert not any(f.kind in ("no-body-text", "no-title") for f in s.findings)
    # sed shows one line (two with the LF in the middle): every fact cites the sed line it is printed on.
    _cited_on_their_lines(s, data)
    assert {m.line for m in s.mentions} == ({1} if lf_at == "end" else {1, 2})
    cr_finding = [f for f in s.findings if f.kind == "control-character"]
    assert len(cr_finding) == 1 and cr_finding[0].section == "text" and "U+000D" in cr_finding[0].message


def test_bug7_a_form_feed_inside_a_line_is_a_page_break_that_keeps_the_text_on_both_sides(tmp_path):
    line = "The National Cyber Security Council (NCSC) is responsible for coordinating the implementation\n"
    assert line in TEXT
    # The page breaks where the line ends: the converter wrote FF in place of its LF.
    data = TEXT.replace(line, line[:-1] + "\f").encode()
    f = tmp_path / "strategy.txt"
    f.write_bytes(data)
    s = S.parse_text(read_source(f))
    names = [m.name for m in s.mentions]
    assert "National Cyber Security Council (NCSC)" in names or "National Cyber Security Council" in names, names
    _cited_on_their_lines(s, data)
    pages = {ln.text: ln.page for ln in S._physical(data.decode())}
    assert pages[line.strip()] + 1 == pages["of this strategy. The Ministry of Digital Affairs chairs the Council and reports to Parliament"]
    # The profile reader likewise: the text before and after a form feed are lines of their own.
    assert [(x.number, x.text) for x in logical_lines("CYBERWELLNESS PROFILE\fRURITANIA\nnext\n")] == \
        [(1, "CYBERWELLNESS PROFILE"), (1, "RURITANIA"), (2, "next")]


# --- bug 8: one byte that is not UTF-8 in a UTF-8 file ------------------------------------------------

UTF8_TEXT = (TEXT.replace("2016-2020\n", "2016–2020\n", 1).replace("The digital economy of Ruritania", "Ruritania’s digital economy")
             .replace("Strelsau, March 2016", "Strelsau – March 2016"))


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"], ids=["utf-8", "utf-8-sig"])
def test_bug8_a_utf8_file_with_one_stray_byte_is_read_as_utf8_and_the_byte_reported(tmp_path, bom):
    lines = UTF8_TEXT.encode().split(b"\n")
    n = next(i for i, ln in enumerate(lines) if ln.startswith(b"RU-CERT will be")) + 1
    lines[n - 1] = lines[n - 1][:7] + b"\x81" + lines[n - 1][7:]
    f = tmp_path / "strategy.txt"
    f.write_bytes(bom + b"\n".join(lines))
    src = read_source(f)
    assert src.encoding == ("utf-8-sig" if bom else "utf-8")
    assert src.text == UTF8_TEXT  # the byte removed, no character made up, every other one intact
    [(line, kind, message)] = src.findings
    assert (line, kind) == (n, "undecodable-bytes") and "0x81" in message and f"(line {n})" in message
    s = S.parse_text(src)
    assert s.title == "NATIONAL CYBER SECURITY STRATEGY 2016–2020"
    assert [(f.kind, f.line) for f in s.findings if f.section == "text"] == [("undecodable-bytes", n)]


def test_bug8_a_legacy_file_with_a_chance_utf8_pair_is_still_its_legacy_encoding():
    # 'Â©' in CP1252 is the bytes of a UTF-8 '©': one chance pair among many CP1252 letters.
    text = "Stratégie nationale de sécurité – résumé à l’intention des ministères Â© 2016\n"
    assert decode(text.encode("cp1252")) == (text, "cp1252")
    # Bytes that no legacy encoding decodes and that are not UTF-8 either stay Latin-1 (reported as
    # garbled by the parser), unless the file's UTF-8 characters are too many to be chance.
    assert decode(b"abc\x81\x8d\x8f\x90\x9d def\n")[1] == "latin-1"
    from cyberkg.sources.text import decode_source

    text, enc, findings = decode_source("Ruritania’s “strategy” – 2016\n".encode() + b"\x81\x8d\n")
    assert (text, enc) == ("Ruritania’s “strategy” – 2016\n\n", "utf-8") and findings[0][0] == 2


# --- bug 9: control characters in a strategy are findings -----------------------------------------------

def test_bug9_control_characters_in_a_strategy_are_reported_as_for_profiles(tmp_path):
    from cyberkg.graph.strategy import strategy_quads

    lines = TEXT.split("\n")
    n = next(i for i, ln in enumerate(lines) if ln.startswith("The National Cyber Security Council")) + 1
    lines[n - 1] = lines[n - 1].replace("National", "Nat\x07ional\u202e", 1)
    lines[n] = lines[n].replace("strategy.", "strategy.\x0b", 1)
    f = tmp_path / "strategy.txt"
    f.write_text("\n".join(lines), encoding="utf-8")
    s = S.parse_text(read_source(f))
    found = [(x.section, x.kind, x.line, x.message) for x in s.findings if x.kind == "control-character"]
    assert [(sec, kind, line) for sec, kind, line, _ in found] == [("text", "control-character", n)] * 2 + [("text", "control-character", n + 1)]
    assert any("U+0007" in m for *_, m in found) and any("U+202E" in m for *_, m in found) and any("U+000B" in m for *_, m in found)
    kinds = {str(q.object.value) for q in strategy_quads(s) if q.predicate.value.endswith("findingKind")}
    assert "control-character" in kinds


# --- bug 11: the language is read from the prose, not from one slice of the text -----------------------

FRENCH = ("Le gouvernement protégera les réseaux du pays et les services qui en dépendent chaque jour. "
          "Les opérateurs de services essentiels signaleront les incidents et appliqueront les mesures de cette stratégie. "
          "Une campagne de sensibilisation apprendra aux citoyens à protéger leurs ordinateurs et leurs comptes. "
          "Les universités proposeront des formations pour former les spécialistes dont le pays a besoin. ")
ENGLISH = ("The Government will protect the networks of the country and the services that depend on them every day. "
           "Operators of essential services will report incidents and apply the measures of this strategy. "
           "A public awareness campaign will teach citizens how to protect their computers and their accounts. "
           "Universities will offer courses to train the specialists that the country needs. ")


def _wrapped(prose: str, times: int) -> str:
    words = (prose * times).split()
    return "\n".join(" ".join(words[i:i + 12]) for i in range(0, len(words), 12)) + "\n"


def test_bug11_a_line_of_dots_does_not_decide_the_language():
    head, rest = TEXT.split("1. Introduction\n\nThe digital", 1)
    text = head + "." * 30000 + "\n\n1. Introduction\n\nThe digital" + rest + "\n" + _wrapped(ENGLISH, 6)
    s = S.parse_text(SourceText(Path("doc.txt"), "0" * 64, "utf-8", text))
    assert s.language == "en"


def test_bug11_a_text_in_two_languages_is_unknown_and_a_long_capitalised_text_is_its_language():
    # A cover, then the same text in English and in French (nine windows: four of one, five of the other).
    text = "NATIONAL CYBER SECURITY STRATEGY\n2016-2020\n\n" + _wrapped(ENGLISH, 8) + "\n" + _wrapped(FRENCH, 8)
    s = S.parse_text(SourceText(Path("doc.txt"), "0" * 64, "utf-8", text))
    assert s.language is None and any(f.kind == "language-unknown" for f in s.findings)
    assert S._language(_wrapped(FRENCH, 6).split("\n")) == "fr"
    # An official journal's summaries are printed in capitals.
    spanish = ("EL MINISTERIO DE GOBIERNO ESTABLECE LAS NORMAS PARA LA PROTECCIÓN DE LAS REDES DEL ESTADO Y DE LOS "
               "SERVICIOS QUE DEPENDEN DE ELLAS, Y ORDENA A LAS ENTIDADES PÚBLICAS QUE INFORMEN DE LOS INCIDENTES. ")
    assert S._language(_wrapped(spanish, 6).split("\n")) == "es"


# --- bug 12: a body in a script written without spaces ---------------------------------------------------

CHINESE = ["国家网络安全委员会负责协调本战略的实施，并每年向议会报告工作进展。",
           "政府将保护关键信息基础设施，确保能源、交通、金融和通信等重要行业的网络安全。",
           "国家计算机应急响应小组将及时发布安全警报，帮助运营者处置网络安全事件。",
           "各级学校应当开设网络安全课程，培养国家需要的专业技术人才。",
           "我们将加强与其他国家和国际组织的合作，共同打击网络犯罪。",
           "公民应当提高自我保护意识，妥善保管个人信息和账户密码。",
           "有关部门将修订计算机犯罪相关法律，对攻击关键基础设施的行为加重处罚。",
           "企业应当建立网络安全管理制度，定期开展风险评估和应急演练。",
           "政府鼓励科研机构开展网络安全技术研究，推动自主创新和产业发展。",
           "本战略自发布之日起施行，有效期为五年，期满后将根据形势变化进行修订。"]


def test_bug12_a_chinese_body_is_a_body_and_its_language_is_read():
    paragraphs = ["".join(CHINESE[(k + j) % len(CHINESE)] for j in range(4)) for k in range(8)]
    text = "National Cyber Security Strategy\n\n国家网络安全战略\n\n一、总则\n\n" + "\n\n".join(paragraphs) + "\n"
    s = S.parse_text(SourceText(Path("doc.txt"), "0" * 64, "utf-8", text))
    assert not any(f.kind in ("no-body-text", "unreadable-text", "language-unknown") for f in s.findings), s.findings
    assert s.language == "zh" and s.title == "National Cyber Security Strategy"
    letters = sum(len(re.sub(r"\W", "", p)) for p in paragraphs)
    assert S._word_count("\n".join(paragraphs)) == letters // S.UNSPACED_LETTERS_PER_WORD


# --- bug 14: a byte-order mark that is not the file's encoding names the line ------------------------------

def test_bug14_a_byte_order_mark_that_is_not_the_encoding_is_refused_naming_the_line():
    with pytest.raises(SourceError, match=r"^f\.txt:3: starts with a UTF-8 BOM but is not UTF-8 \(byte 11 after the BOM\)") as e:
        decode(b"\xef\xbb\xbf" + "one\ntwo\nthrée\n".encode("latin-1"), "f.txt")
    assert e.value.line == 3
    with pytest.raises(SourceError, match=r"^f\.txt:2: starts with a UTF-16-LE byte-order mark") as e:
        decode(b"\xff\xfe" + "one\ntwo".encode("utf-16-le") + b"\x00\xdc", "f.txt")
