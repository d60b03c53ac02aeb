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
    assert clean_controls("a\u2028b\x85c\U0001fffe") == ("a\nb\nc", ((1, "control character U+2028 LINE SEPARATOR read as a line break (line 1)"),
                                                                (2, "control character U+0085 read as a line break (line 2)"),
                                                                (3, "control character U+1FFFE removed (line 3)")))


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
