"""The W3C SPARQL 1.1 Protocol, as `cyberkg serve` speaks it: the only place that decides it.

Everything that turns an HTTP request into "run this query over this dataset and answer in this
format", or into an error status, is here: reading the parameters of GET, form POST and direct
POST requests; refusing updates (403), unsupported bodies (415), oversized requests (413),
malformed or repeated `query` parameters (400); the safety checks on the query text (SERVICE: 400;
updates, LOAD included: 403); content negotiation by `Accept`
with q-values (406 when nothing acceptable can be produced); and the Service Description.

Datasets (FROM, FROM NAMED, default-graph-uri, named-graph-uri) follow the dataset semantics of a
quad store: an IRI names a graph of this store, which is empty when the store has no such graph.
Nothing is ever fetched, and no dataset is refused.

It is framework-free: serve.py hands it the method, headers, query string and body chunks, and
executor.py runs what it decides.  Nothing here opens a connection.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urljoin

SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS_NS = "http://www.w3.org/ns/formats/"


class ProtocolError(Exception):
    """An answer that is an error status; `message` is sent as text/plain."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


# --------------------------------------------------------------------------------------------
# Formats.  key -> (media type sent, kind, pyoxigraph format name, W3C format IRI).
# kind: "results" for SELECT/ASK, "graph" for CONSTRUCT/DESCRIBE and entity descriptions,
# "dataset" for formats that also carry the named graph (usable for graphs too), "html".

@dataclass(frozen=True)
class Format:
    key: str
    media_type: str
    kind: str
    oxigraph: str | None
    iri: str | None
    aliases: tuple[str, ...] = ()

    @property
    def content_type(self) -> str:
        if self.media_type.startswith("text/") or self.media_type in ("application/n-triples", "application/n-quads",
                                                                        "application/trig"):
            return self.media_type + "; charset=utf-8"
        return self.media_type


FORMATS: dict[str, Format] = {f.key: f for f in [
    Format("json", "application/sparql-results+json", "results", "JSON", FORMATS_NS + "SPARQL_Results_JSON",
           ("application/json",)),
    Format("xml", "application/sparql-results+xml", "results", "XML", FORMATS_NS + "SPARQL_Results_XML",
           ("application/xml", "text/xml")),
    Format("csv", "text/csv", "results", "CSV", FORMATS_NS + "SPARQL_Results_CSV"),
    Format("tsv", "text/tab-separated-values", "results", "TSV", FORMATS_NS + "SPARQL_Results_TSV"),
    Format("ttl", "text/turtle", "graph", "TURTLE", FORMATS_NS + "Turtle", ("application/x-turtle",)),
    Format("nt", "application/n-triples", "graph", "N_TRIPLES", FORMATS_NS + "N-Triples"),
    Format("rdfxml", "application/rdf+xml", "graph", "RDF_XML", FORMATS_NS + "RDF_XML", ("application/xml", "text/xml")),
    Format("jsonld", "application/ld+json", "graph", "JSON_LD", FORMATS_NS + "JSON-LD", ("application/json",)),
    Format("nq", "application/n-quads", "dataset", "N_QUADS", FORMATS_NS + "N-Quads"),
    Format("trig", "application/trig", "dataset", "TRIG", FORMATS_NS + "TriG"),
    Format("html", "text/html", "html", None, None, ("application/xhtml+xml",)),
]}

# Offers in server preference order (the first wins ties and `*/*`).
RESULT_OFFERS = ("json", "xml", "csv", "tsv")
GRAPH_OFFERS = ("ttl", "nt", "rdfxml", "jsonld", "nq", "trig")

# `format=` short names (canned queries, entity pages and, with `output=`, /sparql: links a browser
# or spreadsheet can follow without setting Accept).
FORMAT_NAMES = {
    "json": "json", "srj": "json", "xml": "xml", "srx": "xml", "csv": "csv", "tsv": "tsv",
    "ttl": "ttl", "turtle": "ttl", "nt": "nt", "ntriples": "nt", "n-triples": "nt",
    "rdf": "rdfxml", "rdfxml": "rdfxml", "rdf+xml": "rdfxml", "jsonld": "jsonld", "json-ld": "jsonld",
    "nq": "nq", "nquads": "nq", "n-quads": "nq", "trig": "trig", "html": "html",
}


def _media_ranges(accept: str) -> list[tuple[str, str, float, int]]:
    """Parse an Accept header into (type, subtype, q, order) entries; malformed entries are skipped."""
    out = []
    for i, part in enumerate(accept.split(",")):
        bits = [b.strip() for b in part.split(";")]
        mt = bits[0].lower()
        if "/" not in mt:
            if mt == "*":  # some clients send a bare "*"
                mt = "*/*"
            else:
                continue
        typ, _, sub = mt.partition("/")
        q = 1.0
        for b in bits[1:]:
            k, _, v = b.partition("=")
            if k.strip().lower() == "q":
                # RFC 9110 §12.4.2: qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ).
                # Anything else (nan, 2, 1e0, .9, abc) is malformed and never raises a type.
                v = v.strip()
                q = float(v) if _QVALUE.fullmatch(v) else 0.0
        out.append((typ, sub, q, i))
    return out


_QVALUE = re.compile(r"0(?:\.[0-9]{0,3})?|1(?:\.0{0,3})?")


def _quality(ranges, media_type: str) -> tuple[float, int]:
    """q of the most specific range matching media_type (and its specificity; -1 when none)."""
    typ, _, sub = media_type.partition("/")
    best_spec, best_q = -1, 0.0
    for rt, rs, q, _ in ranges:
        if rt == typ and rs == sub:
            spec = 2
        elif rt == typ and rs == "*":
            spec = 1
        elif rt == "*" and rs == "*":
            spec = 0
        else:
            continue
        if spec > best_spec:
            best_spec, best_q = spec, q
        elif spec == best_spec:
            best_q = max(best_q, q)
    return best_q, best_spec


def negotiate(accept: str | None, offers: tuple[str, ...] | list[str]) -> Format | None:
    """The offered format the client accepts best (q-values, then server order); None -> 406.

    Aliases (e.g. application/json for SPARQL JSON results) count, but only through an explicit
    range, so `*/*` always gets the first offer.
    """
    if not accept or not accept.strip():
        return FORMATS[offers[0]]
    ranges = _media_ranges(accept)
    if not ranges:
        return FORMATS[offers[0]]
    best, best_key = 0.0, None
    for key in offers:
        f = FORMATS[key]
        q, spec = _quality(ranges, f.media_type)
        for alias in f.aliases:
            qa, sa = _quality(ranges, alias)
            if sa == 2 and (spec < 2 or qa > q):
                q, spec = qa, sa
        if q > best:
            best, best_key = q, key
    return FORMATS[best_key] if best_key else None


def choose_format(accept: str | None, offers, format_param: str | None = None) -> Format:
    """Negotiate, or take an explicit `format=` name; raise 406 when nothing fits."""
    if format_param is not None:
        key = FORMAT_NAMES.get(format_param.strip().lower())
        if key is None:
            for k, f in FORMATS.items():
                if f.media_type == format_param.strip().lower():
                    key = k
        if key is None or key not in offers:
            raise ProtocolError(406, f"format {format_param!r} is not available here; available: "
                                     + ", ".join(FORMATS[k].media_type for k in offers))
        return FORMATS[key]
    f = negotiate(accept, offers)
    if f is None:
        raise ProtocolError(406, "none of the accepted media types can be produced; available: "
                                 + ", ".join(FORMATS[k].media_type for k in offers))
    return f


def offers_for(form: str | None, *, html: bool = False) -> tuple[str, ...]:
    """Formats a query form can be answered in."""
    if form in ("CONSTRUCT", "DESCRIBE"):
        offers = GRAPH_OFFERS
    else:  # SELECT, ASK, or unknown (a malformed query is reported by the engine as 400)
        offers = RESULT_OFFERS
    return offers + ("html",) if html else offers


# --------------------------------------------------------------------------------------------
# Query text analysis: a lexer good enough to find the query form, updates, SERVICE and the
# dataset clauses without being fooled by strings, IRIs or comments.  It errs on the side of
# refusing: a SERVICE keyword that it sees where the engine would not is still refused.

_PN_CHARS = r"\w\-\u00B7\u00C0-\U000EFFFF"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_LOCAL_CH = rf"[{_PN_CHARS}:]|{_PLX}"
# Every alternative is linear time (issue 13, item 1): no alternative can fail after scanning
# far, and possessive quantifiers never give back what they took.  Strings and IRIs that are not
# closed run to the end of the line or text (the engine then refuses the query as malformed),
# and names (prefixed names, blank nodes, keywords, numbers) are one maximal run classified
# afterwards, so no position is scanned twice.
_TOKEN = re.compile(
    r"(?P<ws>\s++)"
    r"|(?P<comment>#[^\n\r]*+)"
    r"|(?P<iri><[^<>\"{}|^`\\\x00-\x20]*+>)"
    r"|(?P<string>'''(?:[^'\\]|\\.|'(?!''))*+(?:'''|\Z)"
    r'|"""(?:[^"\\]|\\.|"(?!""))*+(?:"""|\Z)'
    r"|'(?:[^'\\\n\r]|\\.)*+'?"
    r'|"(?:[^"\\\n\r]|\\.)*+"?)'
    rf"|(?P<var>[?$][{_PN_CHARS}]++)"
    rf"|(?P<run>(?:[{_PN_CHARS}.:]|{_PLX})++)"
    r"|(?P<lang>@[A-Za-z]++(?:-[A-Za-z0-9]++)*+)"
    r"|(?P<other>&&|\|\||.)",
    re.S,
)
# Classifying one run: anchored, so each is tried once per run (linear in the run).
_PNAME = re.compile(rf"(?:[^\W\d_](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?)?:(?:(?:{_LOCAL_CH})(?:(?:{_LOCAL_CH}|\.)*(?:{_LOCAL_CH}))?)?")
_BNODE = re.compile(rf"_:[{_PN_CHARS}.]*[{_PN_CHARS}]")
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_PIECES = re.compile(r"[.:]|[^.:]+")
# Bounds on the shape of a query, checked in the same pass (item 9): the engine's parser and
# evaluator recurse once per nesting level and per operator of a chain, and a worker whose stack
# overflows dies.  Real queries nest a few levels and chain a few dozen operators.
MAX_NESTING = 128
MAX_CHAIN = 1000
_OPENERS, _CLOSERS = frozenset("{(["), frozenset("})]")
_CHAIN_OPS = frozenset(("/", "|", "+", "-", "*", "!", "&&", "||"))
_UCHAR = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
_QUERY_FORMS = {"SELECT", "CONSTRUCT", "DESCRIBE", "ASK"}
_PN_LOCAL_ESC = re.compile(r"\\(.)")


@dataclass(frozen=True)
class Analysis:
    form: str | None = None              # SELECT | CONSTRUCT | DESCRIBE | ASK | None (unknown)
    update: bool = False                 # an update operation (403)
    services: tuple[str | None, ...] = ()  # SERVICE targets (None: a variable)
    from_default: tuple[str, ...] = ()   # FROM IRIs
    from_named: tuple[str, ...] = ()     # FROM NAMED IRIs
    error: str | None = None             # an unresolvable prefixed name in a clause we check

    @property
    def has_dataset(self) -> bool:
        return bool(self.from_default or self.from_named)


def _run_tokens(run: str, out: list) -> None:
    """Classify one maximal run of name characters, as the engine's terminals would split it."""
    end = len(run.rstrip("."))
    bnode = run.startswith("_:")
    if end and (m := (_BNODE if bnode else _PNAME).match(run, 0, end)) is not None and m.end() == end:
        out.append(("bnode" if bnode else "pname", run[:end]))
        out.extend(("other", ".") for _ in range(len(run) - end))
        return
    for piece in _PIECES.findall(run):
        m = _WORD.match(piece)
        if m is None:
            out.append(("other", piece))
        else:
            out.append(("word", m.group()))
            if m.end() < len(piece):
                out.append(("other", piece[m.end():]))


def _tokens(text: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    append = out.append
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        if kind == "ws" or kind == "comment":
            continue
        if kind == "run":
            run = m.group()
            if _WORD.fullmatch(run):
                append(("word", run))
            else:
                _run_tokens(run, out)
            continue
        append((kind, m.group()))
    return out


def _analyse_tokens(toks: list[tuple[str, str]]) -> Analysis:
    from ..store.queries import PREDECLARED

    prefixes: dict[str, str] = dict(PREDECLARED)  # as the engine is called: with the predeclared prefixes
    base: str | None = None
    form = None
    update = False
    services: list[str | None] = []
    fdef: list[str] = []
    fnamed: list[str] = []
    error = None

    def resolve(kind: str, val: str) -> str | None:
        nonlocal error
        if kind == "iri":
            iri = val[1:-1]
            return urljoin(base, iri) if base and not re.match(r"^[A-Za-z][A-Za-z0-9+.\-]*:", iri) else iri
        if kind == "pname":
            p, _, local = val.partition(":")
            if p not in prefixes:
                error = (f"prefix {p}: is not declared; declared: " + ", ".join(f"{k}:" for k in sorted(prefixes))
                         + f" (add PREFIX {p}: <...>)")
                return None
            return prefixes[p] + _PN_LOCAL_ESC.sub(r"\1", local)
        return None

    n = len(toks)
    i = 0
    first_word_seen = False
    depth = 0
    chains = [0]  # operators at each open nesting level
    while i < n:
        kind, val = toks[i]
        if kind == "other":
            if val in _OPENERS:
                depth += 1
                chains.append(0)
                if depth > MAX_NESTING:
                    error = error or f"the query is nested more than {MAX_NESTING} levels deep"
                    break
            elif val in _CLOSERS:
                if depth:
                    depth -= 1
                    chains.pop()
            elif val in _CHAIN_OPS:
                chains[-1] += 1
                if chains[-1] > MAX_CHAIN:
                    error = error or f"the query has more than {MAX_CHAIN} operators in one expression or path"
                    break
        elif kind == "word":
            w = val.upper()
            if w == "UNION":
                chains[-1] += 1
                if chains[-1] > MAX_CHAIN:
                    error = error or f"the query has more than {MAX_CHAIN} UNIONs in one group"
                    break
            if w == "PREFIX" and i + 2 < n and toks[i + 1][0] == "pname" and toks[i + 2][0] == "iri":
                prefixes[toks[i + 1][1][:-1] if toks[i + 1][1].endswith(":") else toks[i + 1][1]] = \
                    resolve("iri", toks[i + 2][1]) or ""
                i += 3
                continue
            if w == "BASE" and i + 1 < n and toks[i + 1][0] == "iri":
                base = resolve("iri", toks[i + 1][1])
                i += 2
                continue
            if not first_word_seen:
                first_word_seen = True
                if w in _QUERY_FORMS:
                    form = w
                elif w in _UPDATE_WORDS:
                    update = True
            if w in ("INSERT", "DELETE") and i + 1 < n and (toks[i + 1][1].upper() in ("DATA", "WHERE") or toks[i + 1][1] == "{"):
                update = True
            if w == "SERVICE":
                j = i + 1
                if j < n and toks[j][0] == "word" and toks[j][1].upper() == "SILENT":
                    j += 1
                target = None
                if j < n and toks[j][0] in ("iri", "pname"):
                    target = resolve(*toks[j])
                services.append(target)
            elif w == "FROM":
                j = i + 1
                named = j < n and toks[j][0] == "word" and toks[j][1].upper() == "NAMED"
                if named:
                    j += 1
                if j < n and toks[j][0] in ("iri", "pname"):
                    target = resolve(*toks[j])
                    if target is not None:
                        (fnamed if named else fdef).append(target)
        i += 1
    return Analysis(form, update, tuple(services), tuple(fdef), tuple(fnamed), error)


class ByteLRU:
    """A least-recently-used cache bounded in bytes, keys included: a key is stored as a 16-byte
    BLAKE2b digest of its text (issue 13, item 2), so a 1 MB query costs 16 bytes as a key.
    `size(value)` estimates a value's bytes; values over an eighth of the bound are not kept."""

    KEY_BYTES = 16 + 120  # digest + dict slot and object overhead, counted per entry

    def __init__(self, max_bytes: int, size=len):
        from collections import OrderedDict

        self.max_bytes = max_bytes
        self.size = size
        self.bytes = 0
        self.hits = self.misses = 0
        self._d: OrderedDict = OrderedDict()

    @staticmethod
    def digest(key: str | bytes) -> bytes:
        import hashlib

        return hashlib.blake2b(key.encode("utf-8", "surrogatepass") if isinstance(key, str) else key,
                               digest_size=16).digest()

    def get(self, key: bytes):
        entry = self._d.get(key)
        if entry is None:
            self.misses += 1
            return None
        self._d.move_to_end(key)
        self.hits += 1
        return entry[0]

    def put(self, key: bytes, value) -> None:
        n = self.size(value) + self.KEY_BYTES
        if n > self.max_bytes // 8 or key in self._d:
            return
        self._d[key] = (value, n)
        self.bytes += n
        while self.bytes > self.max_bytes:
            _, (_, m) = self._d.popitem(last=False)
            self.bytes -= m


def _analysis_size(a: Analysis) -> int:
    return 200 + sum(len(x or "") + 60 for x in a.services + a.from_default + a.from_named) + len(a.error or "")


_ANALYSES = ByteLRU(4 << 20, _analysis_size)


def analyse(text: str) -> Analysis:
    """Form, update, SERVICE targets and FROM graphs of a query text (cached by digest)."""
    key = ByteLRU.digest(text)
    a = _ANALYSES.get(key)
    if a is None:
        a = _analyse(text)
        _ANALYSES.put(key, a)
    return a


def _analyse(text: str) -> Analysis:
    """Form, update, SERVICE targets and FROM graphs of a query text (cached per text).

    The text is lexed as sent and once more with \\u escapes decoded (the SPARQL grammar allows
    them anywhere); SERVICE and update findings of either reading count.
    """
    a = _analyse_tokens(_tokens(text))
    if "\\u" in text or "\\U" in text:
        decoded = _UCHAR.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), text)
        b = _analyse_tokens(_tokens(decoded))
        a = Analysis(a.form or b.form, a.update or b.update, a.services + b.services,
                     a.from_default, a.from_named, a.error)
    return a


# --------------------------------------------------------------------------------------------
# Requests

@dataclass
class Limits:
    max_request_bytes: int = 1 << 20
    allow_federation: frozenset[str] = frozenset()


@dataclass
class QueryRequest:
    """A query to run: text, dataset and answer format."""

    query: str
    form: str | None
    format: Format
    union: bool = True                          # default graph = union of the named graphs
    default_graph: list[str] | None = None      # default-graph-uri (protocol dataset)
    named_graphs: list[str] | None = None       # named-graph-uri
    params: dict[str, list[str]] = field(default_factory=dict)


def media_type(content_type: str | None) -> str:
    return (content_type or "").split(";", 1)[0].strip().lower()


def charset(content_type: str | None) -> str:
    for p in (content_type or "").split(";")[1:]:
        k, _, v = p.partition("=")
        if k.strip().lower() == "charset":
            return v.strip().strip('"') or "utf-8"
    return "utf-8"


_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
# Most name=value pairs in one query string or form body (item 6): a /sparql request has a
# query and its dataset graphs, a canned query a few parameters; this store has ~160 graphs.
MAX_PARAMS = 1000
# Requests with more text than this are decoded and analysed on a thread, not on the event loop
# (the work is linear, but a 1 MiB body still takes a few hundred ms of CPU).
OFFLOAD_BYTES = 16 << 10


def parse_qsl_pairs(qs: str) -> list[tuple[str, str]]:
    """Name/value pairs of a query string or form body, strictly: a '%' not followed by two hex
    digits (RFC 3986 section 2.1) or escapes that decode to bytes that are not UTF-8 (the SPARQL
    Protocol's encoding, section 2.1.1) are a 400, never silently replaced or passed through."""
    if "%" in qs and _BAD_PERCENT.search(qs):
        raise ProtocolError(400, "malformed percent-encoding in the request (a '%' not followed by two hex digits)")
    if qs.count("&") >= MAX_PARAMS:  # counted before any decoding (item 6)
        raise ProtocolError(400, f"more than {MAX_PARAMS} parameters in the request")
    try:
        return parse_qsl(qs, keep_blank_values=True, errors="strict")
    except UnicodeDecodeError:
        raise ProtocolError(400, "percent-encoded bytes in the request are not UTF-8") from None


_PAIRS = ByteLRU(4 << 20, lambda pairs: sum(len(k) + len(v) + 120 for k, v in pairs))


def _pairs(qs: str) -> tuple[tuple[str, str], ...]:
    key = ByteLRU.digest(qs)
    pairs = _PAIRS.get(key)
    if pairs is None:
        pairs = tuple(parse_qsl_pairs(qs))
        _PAIRS.put(key, pairs)
    return pairs


def parse_params(qs: str) -> dict[str, list[str]]:
    """Parameters of a query string or form body (the decoding of repeated strings is cached)."""
    out: dict[str, list[str]] = {}
    for k, v in _pairs(qs):
        out.setdefault(k, []).append(v)
    return out


async def read_body(chunks, content_length: str | None, limit: int) -> bytes:
    """The request body, or 413 as soon as it is known to exceed `limit` bytes."""
    if content_length:
        try:
            if int(content_length) > limit:
                raise ProtocolError(413, f"request body larger than {limit} bytes (--max-request-bytes)")
        except ValueError:
            raise ProtocolError(400, "malformed Content-Length") from None
    parts, size = [], 0
    async for c in chunks:
        size += len(c)
        if size > limit:
            raise ProtocolError(413, f"request body larger than {limit} bytes (--max-request-bytes)")
        parts.append(c)
    return b"".join(parts)


_UTF8_NAMES = frozenset(("utf-8", "utf8", "us-ascii", "ascii"))


def _decode(body: bytes, content_type: str | None) -> str:
    """A request body as text.  The SPARQL Protocol (section 2.1.2/2.1.3) sends queries in UTF-8:
    a body declared in another charset, or that looks like UTF-16 (a byte-order mark or NUL
    bytes), is 415 naming the charset; bytes that are not UTF-8 are 400.  Never guessed."""
    cs = charset(content_type).lower()
    if cs not in _UTF8_NAMES:
        raise ProtocolError(415, f"request body charset {cs!r} is not supported: send the query in UTF-8 "
                                 "(charset=utf-8), as the SPARQL 1.1 Protocol requires")
    if body[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in body:
        raise ProtocolError(415, "request body is not UTF-8 (it looks like UTF-16: a byte-order mark or NUL "
                                 "bytes): send the query in UTF-8, as the SPARQL 1.1 Protocol requires")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ProtocolError(400, f"request body is not valid UTF-8 (byte {exc.start}): send the query in UTF-8, "
                                 "as the SPARQL 1.1 Protocol requires") from None
    return text[1:] if text.startswith("\ufeff") else text


async def sparql_request(method: str, headers, query_string: str, chunks, limits: Limits,
                         graphs: frozenset[str], offload=None) -> QueryRequest | None:
    """Decide a /sparql request: a QueryRequest to run, None for the Service Description, or a
    ProtocolError.  `headers` is a case-insensitive mapping; `chunks` an async iterator of the body.
    `offload(fn, *args)`, when given, runs the decoding and analysis of large requests off the
    event loop (a thread): awaited, it returns fn's result.
    """
    if len(query_string) > limits.max_request_bytes:
        raise ProtocolError(413, f"request URL larger than {limits.max_request_bytes} bytes (--max-request-bytes)")
    body = None
    if method == "POST":
        ctype = headers.get("content-type")
        mt = media_type(ctype)
        if mt == "application/sparql-update":
            raise ProtocolError(403, "this endpoint is read-only: SPARQL Update is not accepted")
        if mt not in ("application/x-www-form-urlencoded", "application/sparql-query"):
            raise ProtocolError(415, f"unsupported request body type {mt or '(none)'!r}: send "
                                     "application/sparql-query or application/x-www-form-urlencoded")
        body = await read_body(chunks, headers.get("content-length"), limits.max_request_bytes)
    elif method not in ("GET", "HEAD"):
        raise ProtocolError(405, "use GET or POST", {"Allow": "GET, HEAD, POST"})
    if offload is not None and len(query_string) + len(body or b"") > OFFLOAD_BYTES:
        return await offload(decide, method, headers, query_string, body, limits, graphs)
    return decide(method, headers, query_string, body, limits, graphs)


def decide(method: str, headers, query_string: str, body: bytes | None, limits: Limits,
           graphs: frozenset[str]) -> QueryRequest | None:
    """The synchronous part of sparql_request: decoding, parameters, query checks, format."""
    params = parse_params(query_string)
    if body is not None:
        ctype = headers.get("content-type")
        text = _decode(body, ctype)
        if media_type(ctype) == "application/x-www-form-urlencoded":
            for k, v in parse_params(text).items():
                params.setdefault(k, []).extend(v)
        else:
            params.setdefault("query", []).append(text)
    if "update" in params:
        raise ProtocolError(403, "this endpoint is read-only: SPARQL Update is not accepted")
    queries = params.get("query", [])
    if not queries:
        if method in ("GET", "HEAD"):
            return None  # the Service Description
        raise ProtocolError(400, "missing 'query' parameter")
    if len(queries) > 1:
        raise ProtocolError(400, "the 'query' parameter is repeated; send exactly one")
    text = queries[0]
    if not text.strip():
        raise ProtocolError(400, "empty query")
    a = check_query(text, limits, graphs)
    dg = params.get("default-graph-uri")
    ng = params.get("named-graph-uri")
    for g in (dg or []) + (ng or []):
        # any IRI names a graph of this store (empty if absent); only a malformed one is refused
        if not g or _BAD_IRI.search(g) or not _ABS_IRI.match(g):
            raise ProtocolError(400, f"default-graph-uri / named-graph-uri {g[:200]!r} is not an absolute IRI")
    fmt = sparql_format(headers.get("accept"), a.form, params)
    union = not (dg or ng or a.has_dataset)
    if dg or ng:
        # the protocol's dataset replaces the query's (SPARQL 1.1 Protocol 2.1.4): its default graph
        # is the merge of default-graph-uri, its named graphs named-graph-uri; either may be empty
        dg, ng = dg or [], ng or []
    return QueryRequest(text, a.form, fmt, union, dg, ng, params)


_BAD_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_ABS_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")


def check_query(text: str, limits: Limits, graphs: frozenset[str]) -> Analysis:
    """400 / 403 for what this endpoint never runs: updates (LOAD included), SERVICE.  FROM and
    FROM NAMED name graphs of this store (empty when absent), never fetched."""
    a = analyse(text)
    if a.update:
        raise ProtocolError(403, "this endpoint is read-only: SPARQL Update is not accepted")
    for s in a.services:
        if s is None or s not in limits.allow_federation:
            what = "a variable endpoint" if s is None else f"<{s}>"
            raise ProtocolError(400, f"SERVICE {what} is refused: federated queries are disabled"
                                     + (" except to --allow-federation endpoints" if limits.allow_federation else ""))
    if a.error:
        raise ProtocolError(400, f"SPARQL syntax error: {a.error}")
    return a


# `format=` / `output=` on /sparql (as WDQS, Virtuoso and Fuseki accept): a short name or a media
# type, overriding Accept.  SPARQLWrapper sends format=xml / format=json for every query form, so
# for CONSTRUCT and DESCRIBE those mean RDF/XML and JSON-LD.
SPARQL_FORMAT_VALUES = ("json", "xml", "csv", "tsv")
_GRAPH_FORMAT_ALIASES = {"xml": "rdfxml", "json": "jsonld"}


def sparql_format(accept: str | None, form: str | None, params: dict[str, list[str]]) -> Format:
    """The answer format of a /sparql request: `format=` or `output=` when given (one value;
    unknown -> 406 listing the values), else Accept."""
    offers = offers_for(form)
    given = [v for k in ("format", "output") for v in params.get(k, [])]
    if not given:
        return choose_format(accept, offers)
    value = given[0].strip().lower()
    if any(v.strip().lower() != value for v in given):
        raise ProtocolError(400, "format= and output= disagree; give one result format")
    key = FORMAT_NAMES.get(value)
    if key is None:
        key = next((k for k, f in FORMATS.items() if value in (f.media_type,) + f.aliases and k in offers), None)
    if key is not None and key not in offers and offers is GRAPH_OFFERS:
        key = _GRAPH_FORMAT_ALIASES.get(key, key)
    if key is None or key not in offers:
        names = SPARQL_FORMAT_VALUES if offers is RESULT_OFFERS else ("ttl", "nt", "xml", "json", "jsonld", "nq", "trig")
        raise ProtocolError(406, f"format {given[0][:100]!r} is not available for "
                                 f"{'this ' + form if form else 'this query'}; format= / output= take: "
                                 + ", ".join(names) + " (or one of: " + ", ".join(FORMATS[k].media_type for k in offers) + ")")
    return FORMATS[key]


# --------------------------------------------------------------------------------------------
# Service Description

def service_description(endpoint: str, graphs: list[str], *, union_default: bool = True):
    """sd: description of the endpoint as pyoxigraph triples (no blank nodes: hash IRIs)."""
    from pyoxigraph import Literal, NamedNode, Triple

    RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    sd = lambda n: NamedNode(SD + n)  # noqa: E731
    svc = NamedNode(endpoint)
    ds = NamedNode(endpoint + "#dataset")
    dg = NamedNode(endpoint + "#default-graph")
    t = [
        Triple(svc, RDF_TYPE, sd("Service")),
        Triple(svc, sd("endpoint"), svc),
        Triple(svc, sd("supportedLanguage"), sd("SPARQL11Query")),
        Triple(svc, NamedNode("http://purl.org/dc/terms/title"), Literal("cyberkg read-only SPARQL endpoint")),
        Triple(svc, sd("defaultDataset"), ds),
        Triple(ds, RDF_TYPE, sd("Dataset")),
        Triple(ds, sd("defaultGraph"), dg),
        Triple(dg, RDF_TYPE, sd("Graph")),
    ]
    if union_default:
        t.append(Triple(svc, sd("feature"), sd("UnionDefaultGraph")))
    for f in FORMATS.values():
        if f.iri:
            t.append(Triple(svc, sd("resultFormat"), NamedNode(f.iri)))
    # The predeclared prefixes (an extension: sd: has no term for them), as SHACL prefix
    # declarations, the W3C vocabulary for "prefix P stands for namespace N":
    # <endpoint> sh:declare <endpoint#prefix-ckg> . <endpoint#prefix-ckg> sh:prefix "ckg" ; sh:namespace "..."^^xsd:anyURI .
    from ..store.queries import PREDECLARED

    SH = "http://www.w3.org/ns/shacl#"
    for p, ns in sorted(PREDECLARED.items()):
        decl = NamedNode(f"{endpoint}#prefix-{p}")
        t += [Triple(svc, NamedNode(SH + "declare"), decl), Triple(decl, RDF_TYPE, NamedNode(SH + "PrefixDeclaration")),
              Triple(decl, NamedNode(SH + "prefix"), Literal(p)),
              Triple(decl, NamedNode(SH + "namespace"),
                     Literal(ns, datatype=NamedNode("http://www.w3.org/2001/XMLSchema#anyURI")))]
    for i, g in enumerate(sorted(graphs)):
        ngn = NamedNode(f"{endpoint}#named-graph-{i}")
        t += [Triple(ds, sd("namedGraph"), ngn), Triple(ngn, RDF_TYPE, sd("NamedGraph")),
              Triple(ngn, sd("name"), NamedNode(g))]
    return t


@dataclass
class Reply:
    """What a query worker answers for one job: status, media type, body bytes, extra headers."""
    status: int
    content_type: str
    body: bytes
    headers: dict | None = None


def text_reply(status: int, message: str) -> Reply:
    """A plain-text reply: the message and one newline, UTF-8."""
    return Reply(status, "text/plain; charset=utf-8", (message.rstrip("\n") + "\n").encode("utf-8"))
