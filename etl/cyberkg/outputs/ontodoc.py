"""Ontology documentation: ontology/*.ttl rendered to one HTML page by pyLODE (OntPub profile),
served at `/ontology` by `cyberkg.web.ontology` and written into releases.

The page is self-contained: pyLODE inlines its CSS and its icons are data: URIs; `external_loads`
lists any element that would make a browser fetch something from elsewhere (tested empty).  The
rendering is deterministic (subjects sorted; the embedded schema.org JSON-LD, which rdflib writes
in set order, re-serialised with sorted keys and nodes), so a release carries the same bytes
every time.
"""

from __future__ import annotations

import json
import logging
import re
from functools import lru_cache

from ..store.build import ONTOLOGY_DIR

_JSONLD_SCRIPT = re.compile(r'(<script id="schema.org" type="application/ld\+json">)(.*?)(</script>)', re.S)
# Elements whose attribute makes a browser load a resource (hyperlinks to term IRIs are not loads).
_LOADS = re.compile(r'<(?:script|img|iframe|embed|source|audio|video)\b[^>]*\bsrc="(?!data:)[^"]+"'
                    r'|<link\b(?=[^>]*\brel="(?:stylesheet|icon|preload|prefetch|modulepreload)")[^>]*\bhref="(?!data:)[^"]+"'
                    r'|@import\b|url\((?!["\']?data:)[^)]*\)', re.I)
# pyLODE renders the members of an owl:unionOf / owl:intersectionOf range from a Python set of
# elements (order varies from run to run): "<span>A</span> <span class="cardinality">or</span>
# <span>B</span> ...".  Such a run is put in a stable order (sorted by its markup).
_ITEM = r'<span>(?:(?!</?span\b).|<sup\b[^>]*>[^<]*</sup>)*?</span>'
_SET_RUN = re.compile(rf'({_ITEM})((?:(\s*<span class="cardinality">(?:or|and|,)</span>\s*){_ITEM})+)', re.S)


def _pylode():
    # pyLODE's supermodel module calls logging.basicConfig(level=DEBUG) when imported; keep the
    # caller's logging as it was (a release or a server must not start printing DEBUG lines).
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    try:
        from pylode import OntPub
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)
    return OntPub


def ontology_graph():
    """Every ontology/*.ttl in one rdflib graph (the build loads the same files as one graph)."""
    import rdflib

    g = rdflib.Graph()
    for f in sorted(ONTOLOGY_DIR.glob("*.ttl")):
        g.parse(f, format="turtle")
    return g


def _sorted_jsonld(m: re.Match) -> str:
    def norm(v):
        if isinstance(v, dict):
            return {k: (x if k == "@list" else norm(x)) for k, x in v.items()}
        if isinstance(v, list):  # JSON-LD arrays are unordered sets (lists are "@list")
            return sorted((norm(x) for x in v), key=lambda x: json.dumps(x, sort_keys=True))
        return v

    data = norm(json.loads(m.group(2)))
    return m.group(1) + "\n" + json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n\t" + m.group(3)


def _sorted_set(m: re.Match) -> str:
    sep = m.group(3)
    items = re.findall(_ITEM, m.group(0), re.S)
    return sep.join(sorted(items))


@lru_cache(maxsize=1)
def ontology_html() -> str:
    """The ontology as an HTML page (pyLODE OntPub: W3C-LODE-style documentation of classes,
    properties and their domains/ranges), built once per process (about 1 s)."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    try:
        html = _pylode()(ontology_graph(), sort_subjects=True).make_html()
    finally:  # pyLODE logs through the root logger, which installs a handler when it has none
        root.handlers[:] = handlers
        root.setLevel(level)
    html = _SET_RUN.sub(_sorted_set, html)
    return _JSONLD_SCRIPT.sub(_sorted_jsonld, html, count=1)


def external_loads(html: str) -> list[str]:
    """Markup in `html` that would make a browser request something outside the page."""
    return [m.group(0) for m in _LOADS.finditer(html)]


@lru_cache(maxsize=1)
def ontology_turtle() -> bytes:
    """The ontology files as one Turtle document, the same bytes every time: the blank nodes of
    the OWL class expressions get their RDFC-1.0 canonical labels and the triples are sorted."""
    from pyoxigraph import CanonicalizationAlgorithm, Dataset, Quad, RdfFormat, parse, serialize

    from ..graph.vocab import PREFIXES

    ds = Dataset()
    for f in sorted(ONTOLOGY_DIR.glob("*.ttl")):
        for t in parse(path=str(f), format=RdfFormat.TURTLE):
            ds.add(Quad(t.subject, t.predicate, t.object))
    ds.canonicalize(CanonicalizationAlgorithm.RDFC_1_0)
    return serialize(sorted((q.triple for q in ds), key=str), format=RdfFormat.TURTLE, prefixes=PREFIXES)
