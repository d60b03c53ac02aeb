"""Small functions of sources/ found untested by bench/mutation.py."""

from __future__ import annotations

from cyberkg.sources.scheme import parent
from cyberkg.sources.text import _implausibility


def test_parent_of_a_section_code():
    assert parent("1.2.3") == "1.2" and parent("1.2") == "1" and parent("5") == "5"


def test_implausibility_scores_what_a_wrong_decoding_produces():
    assert _implausibility("plain ASCII, even DEL \x7f") == 0        # below 128: never counted
    assert _implausibility("café – “quoted” €") == 0                 # punctuation these texts use
    assert _implausibility("\x80") == 3                              # a C1 control: a wrong decoding
    assert _implausibility("中") == 3 and _implausibility("\ue000") == 3  # CJK, private use
    assert _implausibility("Ā") == 1                                 # other letters: a little
    assert _implausibility("中 Ā 中 x Ā Ā") == 3 + 3 + 1 + 1 + 1      # each occurrence counts


def test_the_clean_text_shortcut_never_passes_a_character_that_clean_controls_handles():
    """clean_controls returns a text unchanged when _SURELY_CLEAN finds nothing: no code point
    outside _SURELY_CLEAN's class may be one it reads as a line break or removes."""
    from cyberkg.sources.text import _DECIDED, _SURELY_CLEAN, clean_controls

    passed = [c for c in range(0x110000) if not _SURELY_CLEAN.match(chr(c)) and _DECIDED.match(chr(c))]
    assert passed == []
    # (Line numbers as grep counts them: a line-break control breaks the line, not the numbering.)
    assert clean_controls("a\u2028b\x85c\U0001fffe") == ("a\u2028b\u2028c", ((1, "control character U+2028 LINE SEPARATOR read as a line break (line 1)"),
                                                                            (1, "control character U+0085 read as a line break (line 1)"),
                                                                            (1, "control character U+1FFFE removed (line 1)")))


def test_an_affirmation_qualified_by_a_negation_is_partial_but_a_negative_lead_is_not():
    from cyberkg.sources.profile import classify

    assert classify("The Ministry of Information and Communication is the officially recognized agency responsible "
                    "for cybersecurity, but it has no mandate to certify.") \
        == ("partial", "partial:affirmative-qualified(yes:officially-recognised+no:has-no)")
    assert classify("There is no information on any agency responsible for cybersecurity, but it has no mandate.") \
        == ("unknown", "unknown:no-information")


def test_the_size_limit_is_4_mib_exactly(tmp_path):
    """A source of 4 MiB is read; one byte more is refused naming the file, before it is read
    (the README's guarantee; a mutation to 8 MiB survived the 100 MB test)."""
    import pytest

    from cyberkg.sources.text import MAX_SOURCE_BYTES, SourceError, read_source

    assert MAX_SOURCE_BYTES == 4 * 1024 * 1024
    at = tmp_path / "at-limit.txt"
    at.write_bytes(b"a\n" * (MAX_SOURCE_BYTES // 2))
    assert len(read_source(at).text) >= MAX_SOURCE_BYTES - 2
    over = tmp_path / "over-limit.txt"
    over.write_bytes(b"a\n" * (MAX_SOURCE_BYTES // 2) + b"a")
    with pytest.raises(SourceError) as e:
        read_source(over)
    assert "over-limit.txt" in str(e.value) and "too large" in str(e.value)


def test_a_control_character_is_reported_once_per_line_with_lines_counted_from_a_leading_newline():
    from cyberkg.sources.text import clean_controls

    # BEL twice on line 2 (the text opens with an empty line 1), once on line 3
    text, findings = clean_controls("\nab\x07c\x07d\ne\x07f\n")
    assert text == "\nabcd\nef\n"
    assert [line for line, _ in findings] == [2]
    assert findings[0][1].endswith("removed (lines 2, 3)")


def test_a_nul_byte_is_refused_naming_its_line(tmp_path):
    import pytest

    from cyberkg.sources.text import SourceError, read_source

    f = tmp_path / "binary.txt"
    f.write_bytes(b"first\nsecond\nthi\x00rd\n")
    with pytest.raises(SourceError, match="NUL bytes") as e:
        read_source(f)
    assert e.value.line == 3 and "binary.txt:3:" in str(e.value)


def test_a_source_read_is_immutable_so_its_text_always_matches_its_sha256(tmp_path):
    import dataclasses
    import hashlib

    import pytest

    from cyberkg.sources.text import read_source

    f = tmp_path / "doc.txt"
    f.write_bytes(b"CYBERWELLNESS PROFILE\n")
    src = read_source(f)
    assert src.sha256 == hashlib.sha256(b"CYBERWELLNESS PROFILE\n").hexdigest()
    with pytest.raises(dataclasses.FrozenInstanceError):
        src.text = "changed"


def test_a_source_error_names_the_file_line_and_section():
    from cyberkg.sources.text import SourceError

    assert str(SourceError("p.txt", "bad", line=3, section="1.2.1")) == "p.txt:3 [section 1.2.1]: bad"
    assert str(SourceError("p.txt", "bad", section="title")) == "p.txt [section title]: bad"
    assert str(SourceError("p.txt", "bad")) == "p.txt: bad"


def test_noncharacters_of_every_plane_are_removed_and_reported():
    from cyberkg.sources.text import clean_controls

    for ch in ("\ufffe", "\U0001ffff", "\U0010fffe", "\U0010ffff"):  # plane 0, 1 and 16 (the last)
        text, findings = clean_controls(f"a{ch}b\n")
        assert text == "ab\n" and len(findings) == 1 and findings[0][0] == 1, ch


def test_a_byte_order_mark_followed_by_other_bytes_is_refused_naming_the_byte():
    import pytest

    from cyberkg.sources.text import SourceError, decode

    # 0xFF is byte 5 of the file, byte 2 after the 3-byte BOM (the message said "byte 2" of the file before)
    with pytest.raises(SourceError, match=r"starts with a UTF-8 BOM but is not UTF-8 \(byte 2 after the BOM\)"):
        decode(b"\xef\xbb\xbfab\xff", "f.txt")
    # a lone low surrogate right after the 2-byte mark: byte 2 of the file
    with pytest.raises(SourceError, match=r"UTF-16-LE byte-order mark but is not UTF-16-LE \(byte 2\)"):
        decode(b"\xff\xfe\x00\xdc", "f.txt")


def test_a_control_character_on_many_lines_lists_the_first_ten_and_counts_the_rest():
    from cyberkg.sources.text import clean_controls

    _, [(first, message)] = clean_controls("a\x07\n" * 12)
    assert first == 1 and message.endswith("(lines 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 and 2 more)")


def test_a_latin_name_is_keyed_by_its_accent_fold_and_only_other_scripts_are_transliterated():
    """Latin text keeps the keys it always had: accents folded and a typographic apostrophe dropped
    by the ASCII fold; transliteration (anyascii) would key "d’Ivoire" as "d-ivoire" and move IRIs."""
    from cyberkg.sources.text import norm_key

    assert norm_key("Côte d’Ivoire") == "cote-divoire"
    assert norm_key("Ministère de l’Intérieur") == "ministere-de-linterieur"
    assert norm_key("Србија") == "srbija"
