"""Reading source documents: bytes -> text -> logical lines.

The ITU profiles reach us in three layouts (PDF extraction with page markers and two-column lines,
spaced Word-style, compact) and several encodings.  Everything layout-specific is undone here so
that the parsers see one shape of text: one logical line per heading, paragraph line or list item.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path


class SourceError(Exception):
    """A source document cannot be read at all.  Carries the file (and line or section)."""

    def __init__(self, path: str | Path, message: str, *, line: int | None = None, section: str | None = None):
        self.path = str(path)
        self.line = line
        self.section = section
        where = display(self.path)
        if line is not None:
            where += f":{line}"
        if section is not None:
            where += f" [section {section}]"
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class SourceText:
    path: Path
    sha256: str
    encoding: str
    text: str
    # (line, kind, message) for what the reader decided about: each kind of control character
    # ('control-character', clean_controls) and the bytes that were not UTF-8 in a UTF-8 file
    # ('undecodable-bytes', decode_source).  The parsers carry them into their findings.
    findings: tuple[tuple[int, str, str], ...] = ()


# --- characters decided at the source ---------------------------------------------------------
#
# Nothing downstream (the graph, XML and CSV outputs, the terminal) ever sees a control character:
# the reader decides.  Characters that mean a line break become one (LINE_SEPARATOR): VT (U+000B,
# Word's manual line break), NEL (U+0085), LINE SEPARATOR and PARAGRAPH SEPARATOR (U+2028/9); the
# parsers break lines there (source_lines), but the line *numbers* stay those of `grep -n`, which
# counts LF only, so that provenance points at the line a reader's tools show.
# A CR that does not end an LF line (CR LF, CR CR LF) is a line break too, wherever it stands: in a
# file of CR line ends with a stray LF, sed sees one line but the text has hundreds; source_lines
# breaks there, citing the LF line (as for the controls above), and it is one finding.
# Removed: every other C0 control but TAB, LF, CR and FF (a page break, split by logical_lines),
# DEL and the C1 controls, lone surrogates, noncharacters (U+FFFE, U+FFFF, U+FDD0-U+FDEF, and
# U+xFFFE/U+xFFFF of every plane) and the bidirectional formatting controls (U+061C, U+200E/F,
# U+202A-U+202E, U+2066-U+2069), which reorder what a terminal or a page shows.  Each kind is one
# finding naming the lines where it occurred.  NUL is refused earlier (not a text document).
LINE_BREAK_CONTROLS = "\x0b\x85\u2028\u2029"
LINE_SEPARATOR = "\u2028"  # what every LINE_BREAK_CONTROLS character becomes in SourceText.text
_NONCHARACTERS = "".join(f"{chr(p * 0x10000 + 0xFFFE)}{chr(p * 0x10000 + 0xFFFF)}" for p in range(17))
REMOVED_CONTROLS = re.compile("[\x01-\x08\x0e-\x1f\x7f\x80-\x84\x86-\x9f\ud800-\udfff\ufdd0-\ufdef"
                              "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069" + _NONCHARACTERS + "]")
_DECIDED = re.compile("[" + LINE_BREAK_CONTROLS + "]|" + REMOVED_CONTROLS.pattern)


def _char_name(ch: str) -> str:
    return f"U+{ord(ch):04X}" + (f" {unicodedata.name(ch)}" if unicodedata.name(ch, "") else "")


# Characters that are certainly not in _DECIDED, as ranges: a text of these only (nearly every one)
# is found clean by one search of this class, about 10x faster than _DECIDED's own search (whose
# class of scattered ranges and noncharacters is tested character by character).
_SURELY_CLEAN = re.compile("[^\t\n\r\x0c\x20-\x7e\xa0-\u061b\u061d-\u200d\u2010-\u2027\u202f-\u2065"
                           "\u206a-\ud7ff\ue000-\ufdcf\ufdf0-\ufffd]")


# A CR that is not part of a line ending: not followed by (more CRs and) an LF, a LINE_SEPARATOR
# (CR before NEL or VT is one break, as CR before LF) or the end of the text.
_LONE_CR = re.compile("\r(?!\r*(?:\n|\u2028|\\Z))")


def _where(lines: list[int]) -> str:
    return f"line{'s' if len(lines) > 1 else ''} " + ", ".join(map(str, lines[:10])) \
        + (f" and {len(lines) - 10} more" if len(lines) > 10 else "")


def _lines_of(text: str, matches) -> tuple[dict[str, list[int]], Counter]:
    """The lines (numbered as source_lines numbers them) on which each matched string occurs, and
    how many times it does."""
    seen: dict[str, list[int]] = {}
    times: Counter = Counter()
    line, pos = 1, 0
    eol = "\n" if "\n" in text else "\r"
    for m in matches:
        line += text.count(eol, pos, m.start())
        pos = m.start()
        lines = seen.setdefault(m.group(), [])
        times[m.group()] += 1
        if not lines or lines[-1] != line:
            lines.append(line)
    return seen, times


def clean_controls(text: str) -> tuple[str, tuple[tuple[int, str], ...]]:
    """Line-break controls -> LINE_SEPARATOR, other controls removed (see above); one finding per
    character, naming its lines as source_lines numbers them.  A CR inside an LF line of the
    cleaned text (which source_lines reads as a line break) is left in the text and reported the
    same way."""
    decided = bool(_SURELY_CLEAN.search(text)) and bool(_DECIDED.search(text))
    if not decided and not ("\r" in text and "\n" in text and _LONE_CR.search(text)):
        return text, ()
    out, findings = text, []
    if decided:
        seen, _ = _lines_of(text, _DECIDED.finditer(text))
        out = re.sub("[" + LINE_BREAK_CONTROLS + "]", LINE_SEPARATOR, text)
        out = REMOVED_CONTROLS.sub("", out)
        for ch, lines in seen.items():
            what = "read as a line break" if ch in LINE_BREAK_CONTROLS else "removed"
            findings.append((lines[0], f"control character {_char_name(ch)} {what} ({_where(lines)})"))
    if "\r" in out and "\n" in out:  # (LF counts are unchanged by the cleaning: the same line numbers)
        seen, times = _lines_of(out, _LONE_CR.finditer(out))
        for lines in seen.values():
            # sed shows the LF line whole: the lines a CR ends are cited by that line's number.
            n = times["\r"]
            findings.append((lines[0], f"control character U+000D (carriage return without a line feed) read as a line break "
                                       f"{n} time{'s' if n > 1 else ''} ({_where(lines)}); the lines it ends are cited by "
                                       "the line number sed -n gives, which holds them"))
    return out, tuple(sorted(findings, key=lambda f: f[0]))


def display(value) -> str:
    """A path or text as it may be printed: bytes of a file name that are not UTF-8 as \\xNN, control
    characters (C0 but TAB, DEL, C1, bidi controls, lone surrogates) as \\xNN / \\uNNNN escapes, so no
    terminal escape sequence and no fake line ever reaches a terminal or a log."""
    if isinstance(value, Path):
        value = str(value)
    if isinstance(value, bytes):
        value = value.decode("utf-8", "backslashreplace")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # a file name's undecodable bytes (surrogateescape) or a lone surrogate
        value = "".join(f"\\x{ord(c) - 0xDC00:02x}" if 0xDC80 <= ord(c) <= 0xDCFF else c for c in value)
    return _TERMINAL_UNSAFE.sub(lambda m: _escape_char(m.group()), value)


_TERMINAL_UNSAFE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\ud800-\udfff\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def _escape_char(ch: str) -> str:
    o = ord(ch)
    return f"\\x{o:02x}" if o < 0x100 else f"\\u{o:04x}"


def display_multiline(text: str) -> str:
    """display() line by line: the text's own line breaks are kept."""
    return "\n".join(display(part) for part in str(text).split("\n"))


# Bytes that are typographic punctuation in CP1252 but lead bytes of a double-byte character in
# GBK; which decoding is right is decided by which yields plausible characters for an English text.
_ENCODINGS = ("utf-8", "gbk", "cp1252")
_PLAUSIBLE = set("’‘“”–—…•·éèêëáàâäíìîïóòôöúùûüçñÉÇÔÖÜßøåæ§°®©™€£¨´")


def _implausibility(text: str) -> int:
    score = 0
    # Each distinct character once (Counter counts in C; a text has a few hundred distinct ones).
    for ch, n in Counter(text).items():
        if ord(ch) < 128 or ch in _PLAUSIBLE:
            continue
        cat = unicodedata.category(ch)
        # CJK ideographs, private use and control characters do not occur in these English texts.
        score += n * (3 if cat in ("Lo", "Co", "Cc", "Cs") else 1)
    return score


# A byte-order mark names its encoding (Unicode 15, section 23.8); UTF-16 files come from Word's
# "Unicode text" export.  The UTF-32 marks are tested first: FF FE 00 00 also starts with FF FE.
_BOMS = ((b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
         (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


def decode(data: bytes, path: str | Path = "<bytes>") -> tuple[str, str]:
    """The text and encoding of a document's bytes, as decode_source reads them (its findings aside)."""
    text, enc, _ = decode_source(data, path)
    return text, enc


def _line_at(prefix: str | bytes, lf: bool) -> int:
    """The line at the end of `prefix`, numbered as source_lines numbers them (LF, or CR in a file
    without any LF)."""
    if isinstance(prefix, bytes):
        return prefix.count(b"\n" if lf else b"\r") + 1
    return prefix.count("\n" if lf else "\r") + 1


# The bytes that are not UTF-8, as surrogateescape decodes each of them (U+DC80-U+DCFF), and the
# characters beyond ASCII that are.
_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")
_UTF8_CHAR = re.compile("[^\x00-\x7f\udc80-\udcff]")


def _utf8_with_bad_bytes(data: bytes) -> tuple[str, int, int]:
    """(text with each byte that is not UTF-8 as a surrogate escape, how many such bytes, how many
    characters beyond ASCII the other bytes make)."""
    text = data.decode("utf-8", "surrogateescape")
    return text, len(_ESCAPED_BYTE.findall(text)), len(_UTF8_CHAR.findall(text))


def _drop_bad_bytes(text: str) -> tuple[str, tuple[tuple[int, str], ...]]:
    """The escaped bytes of _utf8_with_bad_bytes removed (no character is made up for them), and
    one finding naming them and their lines."""
    lf = "\n" in text
    lines: list[int] = []
    values: list[str] = []
    n, line, pos = 0, 1, 0
    eol = "\n" if lf else "\r"
    for m in _ESCAPED_BYTE.finditer(text):
        n += 1
        line += text.count(eol, pos, m.start())
        pos = m.start()
        if not lines or lines[-1] != line:
            lines.append(line)
        value = f"0x{ord(m.group()) - 0xDC00:02X}"
        if value not in values:
            values.append(value)
    shown = ", ".join(values[:8]) + (", ..." if len(values) > 8 else "")
    message = (f"{n} byte{'s' if n > 1 else ''} that {'are' if n > 1 else 'is'} not UTF-8 ({shown}) removed ({_where(lines)}); "
               "the rest of the file is UTF-8")
    return _ESCAPED_BYTE.sub("", text), ((lines[0], message),)


def decode_source(data: bytes, path: str | Path = "<bytes>") -> tuple[str, str, tuple[tuple[int, str], ...]]:
    """Decode a document: (text, encoding, findings as (line, message)).

    UTF-16/32 with a byte-order mark; UTF-8 with or without BOM; else the most plausible of GBK and
    CP1252, else Latin-1.  A file that is UTF-8 but for a few bytes (fewer bytes that are not UTF-8
    than characters beyond ASCII that are; or, when no legacy encoding decodes it either, at least
    a fifth as many) is UTF-8 with those bytes removed, one finding naming them and their lines:
    one stray byte must not turn every other character into mojibake.  A file that starts with a
    byte-order mark and is not that encoding (beyond such a few bytes for UTF-8) is refused, naming
    the line and byte."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(enc), enc, ()
            except UnicodeDecodeError as exc:
                lf = "\n" in data[len(bom):].decode(enc, "replace")
                line = _line_at(data[len(bom):len(bom) + exc.start].decode(enc), lf)
                raise SourceError(path, f"starts with a {enc.upper()} byte-order mark but is not {enc.upper()} "
                                        f"(byte {exc.start + len(bom)})", line=line) from None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
        try:
            return data.decode("utf-8"), "utf-8-sig", ()
        except UnicodeDecodeError as exc:
            text, bad, good = _utf8_with_bad_bytes(data)
            if bad < good:
                clean, findings = _drop_bad_bytes(text)
                return clean, "utf-8-sig", findings
            raise SourceError(path, f"starts with a UTF-8 BOM but is not UTF-8 (byte {exc.start} after the BOM)",
                              line=_line_at(data[:exc.start], b"\n" in data)) from None
    try:
        return data.decode("utf-8"), "utf-8", ()  # valid UTF-8 with non-ASCII bytes is not an accident
    except UnicodeDecodeError:
        pass
    text, bad, good = _utf8_with_bad_bytes(data)
    if bad < good:
        # Characters of a legacy encoding make a UTF-8 character only by accident (cp1252 text almost
        # never, GBK's double bytes about one in ten): most characters beyond ASCII being UTF-8 is not one.
        clean, findings = _drop_bad_bytes(text)
        return clean, "utf-8", findings
    candidates = []
    for enc in _ENCODINGS[1:]:
        try:
            legacy = data.decode(enc)
        except UnicodeDecodeError:
            continue
        candidates.append((_implausibility(legacy), _ENCODINGS.index(enc), legacy, enc))
    if not candidates:
        if good * 4 >= bad:
            # Neither legacy encoding decodes the file, and its UTF-8 characters are too many to be
            # chance (random bytes make one for every fifteen odd bytes): the bytes that are not
            # UTF-8 are damage, and Latin-1 would garble every UTF-8 character besides.
            clean, findings = _drop_bad_bytes(text)
            return clean, "utf-8", findings
        # cp1252 leaves five bytes undefined; latin-1 never fails, and the odd characters it gives
        # are reported by the parser as garbled text rather than hidden.
        return data.decode("latin-1"), "latin-1", ()
    _, _, legacy, enc = min(candidates)
    return legacy, enc, ()


# The largest source known is 23 KB (a policy) and a profile is 2-12 KB: a file this large is not
# one, and is refused before it is read, so that a stray dump cannot exhaust memory or time.
MAX_SOURCE_BYTES = 4 << 20


def read_source(path: str | Path) -> SourceText:
    """One source file read (decode_source, clean_controls): its text and what the reader decided
    about it (SourceText.findings).  Refused with a SourceError naming it when its bytes cannot be a
    document: not a regular file (a FIFO would block the build), over MAX_SOURCE_BYTES, NUL bytes,
    a byte-order mark that is not the encoding."""
    p = Path(path)
    name = str(p)
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        raise SourceError(p, "file name is not valid UTF-8; rename the file (its name is recorded in the graph)") from None
    if _TERMINAL_UNSAFE.search(name) or REMOVED_CONTROLS.search(name):
        raise SourceError(p, "file name contains control characters; rename the file (its name is recorded in the graph)")
    try:
        with open(p, "rb", opener=lambda f, flags: os.open(f, flags | os.O_NONBLOCK)) as fh:
            st = os.fstat(fh.fileno())
            if not stat.S_ISREG(st.st_mode):
                raise SourceError(p, "cannot read file: not a regular file")
            if st.st_size > MAX_SOURCE_BYTES:
                raise SourceError(p, f"file too large: {st.st_size} bytes, more than the {MAX_SOURCE_BYTES} "
                                     "bytes a source document may have")
            data = fh.read(MAX_SOURCE_BYTES + 1)
    except OSError as exc:
        raise SourceError(p, f"cannot read file: {exc.strerror or exc}") from None
    if len(data) > MAX_SOURCE_BYTES:  # grew while being read
        raise SourceError(p, f"file too large: more than the {MAX_SOURCE_BYTES} bytes a source document may have")
    text, enc, undecodable = decode_source(data, p)
    if "\x00" in text:
        raise SourceError(p, "contains NUL bytes: not a text document", line=text[: text.index("\x00")].count("\n") + 1)
    text, controls = clean_controls(text)
    findings = sorted([(n, "undecodable-bytes", msg) for n, msg in undecodable]
                      + [(n, "control-character", msg) for n, msg in controls])
    return SourceText(p, hashlib.sha256(data).hexdigest(), enc, text, tuple(findings))


# --- layout normalisation ---------------------------------------------------------------------

_PAGE_MARKER = re.compile(r"^-+\s*Page\s*\d+\s*-+$", re.I)
# (A link's text holds no bracket and an address no angle bracket: a run of '[' or '<' without its
# closing mark is then passed over once, not searched again from each of its characters.)
_MD_LINK = re.compile(r"\[([^\[\]]*)\]\((?:#|[^)\s]*)\)")
_ANGLE_URL = re.compile(r"<((?:https?|mailto):[^<>\s]+)>")
_MD_ESCAPE = re.compile(r"\\([()\[\]_*#.\-])")
_ORDINAL_ONLY = re.compile(r"^(st|nd|rd|th)$", re.I)
# A gap this wide inside a line separates the two columns of the PDF layout; justified text in the
# Word-style layout stretches word gaps to at most five spaces.
_COLUMN_GAP = re.compile(r" {6,}")
# Right-hand columns that begin a new logical line; any other wide gap (e.g. the hole left by a
# superscript "th" in "Last updated on 12        August 2014") is closed up instead.
_COLUMN_STARTERS = re.compile(r"^(Internet users|Total Population|\(data source|[-•▪●]\s*\S)", re.I)
# Every kind of space (NBSP, the typographic spaces, U+3000, ...) is one space: the parsers' patterns
# then never meet a long run of blanks, on which a pattern that needs something after it retries.
_WS = re.compile(r"\s+")
# Bullet glyphs of the PDF and Word conversions, Symbol-font private-use ones included: one form, "- ".
_BULLET = re.compile("^[•▪●◦‣○■□➢➤·\uf0b7\uf0a7\uf0d8\uf076\uf0fc\uf0a8]\\s*")


@dataclass(frozen=True)
class Line:
    number: int  # 1-based line in the decoded source, for error messages and provenance
    text: str


_CR_BEFORE_SEPARATOR = re.compile("\r+(?=\u2028)")


def source_lines(text: str) -> list[tuple[int, str]]:
    """(line number, text) of each physical line, numbered as `grep -n` and `sed -n` number them.

    A line ends at LF; the CRs just before it belong to that ending (CR LF, and the CR CR LF that
    PDF-to-text converters write, are one line ending, not two).  A text with no LF at all (classic
    Mac) ends its lines at CR, numbered at CR.  Inside an LF line, a CR also ends a line (a file of
    CR line ends with a stray LF, or CR lines pasted into an LF file: sed shows them as one line),
    and so does a LINE_SEPARATOR (a line-break control, see clean_controls): such a line gives one
    entry per piece, all with the number of the LF line, so the parsers see the breaks and
    provenance names the line `sed -n` prints, on which the piece is found (clean_controls reports
    those CRs)."""
    eol = "\n" if "\n" in text else "\r"
    out: list[tuple[int, str]] = []
    for n, raw in enumerate(text.split(eol), start=1):
        if "\r" in raw:  # (only in an LF text) CRs before a LINE_SEPARATOR are part of that break
            raw = _CR_BEFORE_SEPARATOR.sub("", raw.rstrip("\r")).replace("\r", LINE_SEPARATOR)
        if LINE_SEPARATOR in raw:
            out.extend((n, piece) for piece in raw.split(LINE_SEPARATOR))
        else:
            out.append((n, raw))
    return out


def logical_lines(text: str) -> list[Line]:
    """Physical lines -> logical lines with page furniture and markup removed.  A form feed is a
    page break wherever it stands: the text on either side of it is a line of its own."""
    out: list[Line] = []
    for n, raw in source_lines(text):
        for piece in raw.split("\f"):
            out.extend(_logical(n, piece))
    return out


def _logical(n: int, raw: str) -> list[Line]:
    """The logical lines of one physical line (without form feeds), all numbered n."""
    out: list[Line] = []
    if "[" in raw:
        raw = _MD_LINK.sub(r"\1", raw)
    if "<" in raw:
        raw = _ANGLE_URL.sub(r"\1", raw)
    if "\\" in raw:
        raw = _MD_ESCAPE.sub(r"\1", raw)
    stripped = raw.strip()
    # Page numbers have at most three digits; a four-digit line is a year wrapped from the line above.
    if not stripped or _PAGE_MARKER.match(stripped) or (stripped.isdigit() and len(stripped) <= 3) \
            or _ORDINAL_ONLY.match(stripped):
        return out
    if re.fullmatch(r"[-_=]{5,}", stripped):
        return out
    stripped = re.sub(r"^[-_]{5,}\s*", "", stripped)  # rule glued to the disclaimer
    pieces = [stripped]
    parts = _COLUMN_GAP.split(stripped)
    if len(parts) > 1:
        pieces = [parts[0]]
        for part in parts[1:]:
            if _COLUMN_STARTERS.match(part):
                pieces.append(part)
            else:
                pieces[-1] += " " + part
    for piece in pieces:
        piece = _BULLET.sub("- ", _WS.sub(" ", piece).strip())
        if piece:
            out.append(Line(n, piece))
    return out


def norm_key(text: str) -> str:
    """A normalised key for IRIs and matching: ASCII, lower case, hyphen-separated.

    Latin letters lose their accents ('Ministère' -> 'ministere'); names in other scripts are
    transliterated with anyascii ('Влада Републике Србије' -> 'vlada-republike-srbije',
    '国务院' -> 'guowuyuan'); a name with nothing left to transliterate (symbols only) gets 'h-' and
    a hash of its text, so that a key is never empty (and two such names never share one)."""
    folded = unicodedata.normalize("NFKD", text)
    ascii_only = folded.encode("ascii", "ignore").decode("ascii")
    if any(ch.isalnum() and not ch.isascii() and unicodedata.category(ch) != "Mn" for ch in folded):
        from anyascii import anyascii

        ascii_only = anyascii(text)
    key = re.sub(r"[^a-z0-9]+", "-", ascii_only.lower().replace("&", " and ")).strip("-")
    if not key and text.strip():
        key = "h-" + hashlib.sha256(text.strip().encode("utf-8")).hexdigest()[:12]
    return key
