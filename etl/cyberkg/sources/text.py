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
    # (line, message) for each kind of control character the reader decided about (clean_controls)
    findings: tuple[tuple[int, str], ...] = ()


# --- characters decided at the source ---------------------------------------------------------
#
# Nothing downstream (the graph, XML and CSV outputs, the terminal) ever sees a control character:
# the reader decides.  Characters that mean a line break become one (LINE_SEPARATOR): VT (U+000B,
# Word's manual line break), NEL (U+0085), LINE SEPARATOR and PARAGRAPH SEPARATOR (U+2028/9); the
# parsers break lines there (source_lines), but the line *numbers* stay those of `grep -n`, which
# counts LF only, so that provenance points at the line a reader's tools show.
# Removed: every other C0 control but TAB, LF, CR and FF (a page break, removed by logical_lines),
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


def clean_controls(text: str) -> tuple[str, tuple[tuple[int, str], ...]]:
    """Line-break controls -> LINE_SEPARATOR, other controls removed (see above); one finding per
    character, naming its lines as source_lines numbers them."""
    if not _SURELY_CLEAN.search(text) or not _DECIDED.search(text):
        return text, ()
    seen: dict[str, list[int]] = {}
    line, pos = 1, 0
    eol = "\n" if "\n" in text else "\r"  # as source_lines numbers them
    for m in _DECIDED.finditer(text):
        line += text.count(eol, pos, m.start())
        pos = m.start()
        lines = seen.setdefault(m.group(), [])
        if not lines or lines[-1] != line:
            lines.append(line)
    out = re.sub("[" + LINE_BREAK_CONTROLS + "]", LINE_SEPARATOR, text)
    out = REMOVED_CONTROLS.sub("", out)
    findings = []
    for ch, lines in sorted(seen.items(), key=lambda kv: kv[1][0]):
        where = ", ".join(map(str, lines[:10])) + (f" and {len(lines) - 10} more" if len(lines) > 10 else "")
        what = "read as a line break" if ch in LINE_BREAK_CONTROLS else "removed"
        findings.append((lines[0], f"control character {_char_name(ch)} {what} (line{'s' if len(lines) > 1 else ''} {where})"))
    return out, tuple(findings)


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
    """Decode a document: UTF-8 with or without BOM, UTF-16/32 with a BOM, else the most plausible
    of GBK and CP1252."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(enc), enc
            except UnicodeDecodeError as exc:
                raise SourceError(path, f"starts with a {enc.upper()} byte-order mark but is not {enc.upper()} "
                                        f"(byte {exc.start + len(bom)})") from None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
        try:
            return data.decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise SourceError(path, f"starts with a UTF-8 BOM but is not UTF-8 (byte {exc.start} after the BOM)") from None
    try:
        return data.decode("utf-8"), "utf-8"  # valid UTF-8 with non-ASCII bytes is not an accident
    except UnicodeDecodeError:
        pass
    candidates = []
    for enc in _ENCODINGS[1:]:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        candidates.append((_implausibility(text), _ENCODINGS.index(enc), text, enc))
    if not candidates:
        # cp1252 leaves five bytes undefined; latin-1 never fails, and the odd characters it gives
        # are reported by the parser as garbled text rather than hidden.
        return data.decode("latin-1"), "latin-1"
    _, _, text, enc = min(candidates)
    return text, enc


# The largest source known is 23 KB (a policy) and a profile is 2-12 KB: a file this large is not
# one, and is refused before it is read, so that a stray dump cannot exhaust memory or time.
MAX_SOURCE_BYTES = 4 << 20


def read_source(path: str | Path) -> SourceText:
    """Bytes of one source file, refused with a SourceError naming it when they cannot be a
    document: not a regular file (a FIFO would block the build), over MAX_SOURCE_BYTES, NUL bytes."""
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
    text, enc = decode(data, p)
    if "\x00" in text:
        raise SourceError(p, "contains NUL bytes: not a text document", line=text[: text.index("\x00")].count("\n") + 1)
    text, findings = clean_controls(text)
    return SourceText(p, hashlib.sha256(data).hexdigest(), enc, text, findings)


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


def source_lines(text: str) -> list[tuple[int, str]]:
    """(line number, text) of each physical line, numbered as `grep -n` and `sed -n` number them.

    A line ends at LF; the CRs just before it belong to that ending (CR LF, and the CR CR LF that
    PDF-to-text converters write, are one line ending, not two), and a CR inside a line is a
    space.  A text with no LF at all (classic Mac) ends its lines at CR.  A line holding a
    LINE_SEPARATOR (a line-break control, see clean_controls) gives one entry per piece, all with
    that line's number, so the parsers see the break and provenance still names the line."""
    eol = "\n" if "\n" in text else "\r"
    out: list[tuple[int, str]] = []
    for n, raw in enumerate(text.split(eol), start=1):
        if "\r" in raw:
            raw = raw.rstrip("\r").replace("\r", " ")
        if LINE_SEPARATOR in raw:
            out.extend((n, piece) for piece in raw.split(LINE_SEPARATOR))
        else:
            out.append((n, raw))
    return out


def logical_lines(text: str) -> list[Line]:
    """Physical lines -> logical lines with page furniture and markup removed."""
    out: list[Line] = []
    for n, raw in source_lines(text):
        raw = raw.replace("\f", "")
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
            continue
        if re.fullmatch(r"[-_=]{5,}", stripped):
            continue
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
