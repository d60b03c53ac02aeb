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


def documentation_graph():
    """What pyLODE is given: the ontology graph, so that the page documents one ontology.

    pyLODE (OntPub) takes every owl:Ontology *and every skos:ConceptScheme* as "the ontology": the
    heading would be all their titles run together, the browser title and the IRI shown those of
    whichever came last.  And it documents every declared term, so a reused class declared here
    (schema:Country, as OWL 2 DL needs) is listed beside ours with the same label.  So:
    - the concept schemes are not given to pyLODE; `schemes_html` documents them as schemes;
    - the ontology keeps one title (dct:title; its rdfs:label, which pyLODE reads as a title too,
      is left out);
    - only terms of the ckg: namespace are documented; reused terms stay links;
    - a property that is also owl:FunctionalProperty is documented once, under its kind, with
      "Functional" in its description (pyLODE would list it a second time);
    - only the project prefixes are bound (pyLODE's namespace list would reuse term anchors).
    """
    import rdflib
    from rdflib import OWL, RDF, RDFS, SKOS, DCTERMS

    from ..graph.vocab import PREFIXES

    src = ontology_graph()
    ckg = PREFIXES["ckg"]
    schemes = set(src.subjects(RDF.type, SKOS.ConceptScheme))
    kinds = {OWL.Class, RDFS.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property,
             OWL.FunctionalProperty}
    reused = {s for s in src.subjects(RDF.type, None) if isinstance(s, rdflib.URIRef) and not str(s).startswith(ckg)
              and set(src.objects(s, RDF.type)) & kinds}
    g = rdflib.Graph(bind_namespaces="none")
    for p, ns in PREFIXES.items():
        g.bind(p, ns)
    for t in src:
        if t[0] in schemes or t[0] in reused:
            continue
        g.add(t)
    for o in g.subjects(RDF.type, OWL.Ontology):
        if (o, DCTERMS.title, None) in g:
            g.remove((o, RDFS.label, None))
            g.remove((o, SKOS.prefLabel, None))
    for prop in list(g.subjects(RDF.type, OWL.FunctionalProperty)):
        if {OWL.ObjectProperty, OWL.DatatypeProperty} & set(g.objects(prop, RDF.type)):
            g.remove((prop, RDF.type, OWL.FunctionalProperty))
            for c in list(g.objects(prop, RDFS.comment)):
                g.remove((prop, RDFS.comment, c))
                g.add((prop, RDFS.comment, rdflib.Literal(f"{c} Functional: at most one value per subject.", lang=c.language)))
    return g


def schemes_html() -> str:
    """The SKOS concept schemes of the ontology, documented as schemes: IRI, title, definition,
    and each concept (notation, preferred label, definition, broader concept)."""
    from html import escape

    from rdflib import RDF, RDFS, SKOS, DCTERMS

    g = ontology_graph()

    def text(s, *props):
        for p in props:
            for o in sorted(g.objects(s, p), key=lambda o: (getattr(o, "language", None) != "en", str(o))):
                return str(o)
        return ""

    def members(scheme):
        return sorted(set(g.subjects(SKOS.inScheme, scheme)) | set(g.subjects(SKOS.topConceptOf, scheme))
                      | set(g.objects(scheme, SKOS.hasTopConcept)),
                      key=lambda c: (text(c, SKOS.notation), str(c)))

    parts = ['<div class="section" id="conceptschemes">', "<h2>Concept Schemes</h2>"]
    for scheme in sorted(g.subjects(RDF.type, SKOS.ConceptScheme), key=str):
        title = text(scheme, DCTERMS.title, SKOS.prefLabel, RDFS.label)
        anchor = "scheme-" + str(scheme).rstrip("/").rsplit("/", 1)[-1]
        parts += [f'<div class="property entity" id="{escape(anchor)}">',
                  f'<h3>{escape(title)}<sup class="sup-cs" title="SKOS Concept Scheme">cs</sup></h3>',
                  "<table>", f'<tr><th>IRI</th><td><code>{escape(str(scheme))}</code></td></tr>']
        desc = text(scheme, SKOS.definition, DCTERMS.description, RDFS.comment)
        if desc:
            parts.append(f"<tr><th>Description</th><td>{escape(desc)}</td></tr>")
        rows = []
        for c in members(scheme):
            broader = g.value(c, SKOS.broader)
            rows.append("<tr>" + "".join(f"<td>{x}</td>" for x in (
                escape(text(c, SKOS.notation)), f'<a href="{escape(str(c))}">{escape(text(c, SKOS.prefLabel, RDFS.label))}</a>',
                escape(text(c, SKOS.definition, RDFS.comment)),
                escape(text(broader, SKOS.prefLabel, RDFS.label)) if broader is not None else "")) + "</tr>")
        parts.append(f"<tr><th>Concepts</th><td><table><tr><th>Notation</th><th>Label</th><th>Definition</th>"
                     f"<th>Broader</th></tr>{''.join(rows)}</table></td></tr>")
        parts += ["</table>", "</div>"]
    parts.append("</div>")
    return "\n".join(parts)


_TOC_NAMESPACES = re.compile(r'(<li>\s*<h4>\s*<a href="#namespaces">)')


@lru_cache(maxsize=1)
def ontology_html() -> str:
    """The ontology as an HTML page (pyLODE OntPub: W3C-LODE-style documentation of classes,
    properties and their domains/ranges, given `documentation_graph`) plus the concept schemes
    (`schemes_html`, before the namespaces, with its table-of-contents entry), built once per
    process (about 1 s)."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    try:
        html = _pylode()(documentation_graph(), sort_subjects=True).make_html()
    finally:  # pyLODE logs through the root logger, which installs a handler when it has none
        root.handlers[:] = handlers
        root.setLevel(level)
    html = _SET_RUN.sub(_sorted_set, html)
    html = html.replace('<div id="namespaces">', schemes_html() + '\n<div id="namespaces">', 1)
    html = _TOC_NAMESPACES.sub(lambda m: '<li><h4><a href="#conceptschemes">Concept Schemes</a></h4></li>\n' + m.group(1), html, count=1)
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
