"""Exports of the store for graph visualisers and RDF tools (`cyberkg export`).

The core has two steps.  A *selection* picks quads from the store: all of them, the
neighbourhood of some countries (`select_countries`), or the triples of a CONSTRUCT query
(`select_query`).  A *projection* (`project`) turns the selected triples into a networkx
MultiDiGraph that visualisers can use:

- a node is an IRI that is described (a subject) in the selection, or an object IRI in the
  project's id/ namespace; schema terms (anything typed by an rdf:/rdfs:/owl: class, such as the
  ontology's classes and properties) and skolemised blank nodes (`/.well-known/genid/`, RDF 1.1
  section 3.5) are not nodes.  The node id is the IRI;
- an edge is a triple between two nodes (rdf:type excepted), one per distinct triple (the union
  default graph repeats a triple once per document graph that states it), keyed by the property
  IRI, with attributes `id` (e0, e1, ... in sorted order), `label` (the property's compact name,
  e.g. ckg:country) and `iri`;
- every other triple of a node is a node attribute (ATTRIBUTE RULES below), so literals and
  outside IRIs (Wikidata) never become nodes.

The sinks are thin: networkx's GraphML, GEXF and Cytoscape JSON writers, the csv module, and
pyoxigraph's serialisers for Turtle, N-Triples, N-Quads and JSON-LD.  Every output is sorted, so
two exports of one store are byte-identical.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import re
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..graph.vocab import CKG, DCT, ID, ONTOLOGY_GRAPH, PREFIXES, QB, RDF, RDFS, SDMXD, SKOS
from ..graph.vocab import compact as _compact
from .style import kind_of

GRAPH_FORMATS = ("graphml", "gexf", "cytoscape", "csv")
RDF_FORMATS = ("ttl", "nt", "nq", "jsonld")
FORMATS = GRAPH_FORMATS + RDF_FORMATS

# ATTRIBUTE RULES.  Keys: rdf:type -> `type` (the most specific classes, see _types); rdfs:label
# -> `label` (when absent: skos:prefLabel, else dct:title, else the IRI's path under id/);
# skos:exactMatch to a Wikidata entity -> `wikidata`; other ckg: properties -> their local name
# (`iso3166Alpha3`, `population`); properties of other vocabularies -> prefix_local
# (`skos_prefLabel`, `dct_title`); unknown namespaces -> the IRI with non-word characters as _.
# Values: a key whose values are, on every node, one number (xsd integer types -> int, decimal
# and floating types -> float) or one boolean keeps that type; otherwise every value of the key is
# the lexical form (IRIs as IRIs), and several values on one node are sorted and joined with
# MULTI_SEPARATOR, so no value is dropped and every key has one scalar type (GraphML needs that).
MULTI_SEPARATOR = " | "
# Keys the writers or the readers treat specially, or that the projection sets itself: a ckg:
# property with such a local name is written ckg_<name>, so no attribute shadows a reserved one.
# GEXF: id, label, start, end, pid, viz; networkx multigraphs: key; igraph's GraphML reader puts
# the XML id in an `id` attribute (a data key `id` gives "there is already an 'id' ... attribute");
# Cytoscape desktop: name, shared_name, SUID, selected, interaction; Gephi's GraphML importer
# (gephi/gephi modules/ImportPlugin/.../ImporterGraphML.java, its PropertiesAssociations) maps
# keys named label, d3 (yEd's default node label key), x, y, z, xpos, ypos, size, r, g, b to node
# properties and label, edgelabel, d7, weight, "Edge Weight", id, edgeid, r, g, b to edge ones.
RESERVED = {"id", "label", "type", "wikidata", "name", "value", "key", "start", "end", "pid", "viz",
            "weight", "source", "target", "iri", "shared_name", "SUID", "selected", "interaction",
            "d3", "d7", "x", "y", "z", "xpos", "ypos", "size", "r", "g", "b", "edgelabel", "edgeid",
            "kind", "color", "shape", "action", "via"}
SCHEMA_NAMESPACES = (PREFIXES["rdf"], PREFIXES["rdfs"], PREFIXES["owl"])
SKOLEM = "/.well-known/genid/"
XSD = PREFIXES["xsd"]
_INT_TYPES = {XSD + t for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
                                "nonPositiveInteger", "negativeInteger", "unsignedLong", "unsignedInt",
                                "unsignedShort", "unsignedByte")}
_FLOAT_TYPES = {XSD + t for t in ("decimal", "double", "float")}
# GEXF's meta lastmodifieddate: networkx stamps today's date; we write the newest source date in
# the selection (dct:modified of a profile, dct:issued/dct:date of a policy), else this value.
FALLBACK_DATE = "1970-01-01"
_DATE_PROPERTIES = (DCT.modified.value, DCT.issued.value, DCT.date.value)


compact = lru_cache(maxsize=None)(_compact)  # a few hundred distinct IRIs, tens of thousands of calls


class ExportError(Exception):
    """A usage or I/O problem (exit code 2): unknown country, bad query file, unwritable output."""

    exit_code = 2


# --- selection ---------------------------------------------------------------------------------

def _sorted_quads(quads) -> list:
    return sorted(set(quads), key=str)


def select_all(store) -> list:
    """Every quad of the store (document graphs, the resolution graph, the ontology graph)."""
    return _sorted_quads(store.quads_for_pattern(None, None, None, None))


def country_iris(store, codes) -> list:
    """ISO 3166-1 alpha-3 codes -> country IRIs of the store (ckg:iso3166Alpha3); an unknown
    code is an ExportError naming it."""
    from pyoxigraph import Literal

    out, unknown = [], []
    for code in codes:
        found = {q.subject for q in store.quads_for_pattern(None, CKG.iso3166Alpha3, Literal(code.upper()), None)}
        if found:
            out.extend(sorted(found, key=str))
        else:
            unknown.append(code)
    if unknown:
        raise ExportError(f"--country: no country with ISO 3166-1 alpha-3 code {', '.join(unknown)} in the store")
    return out


def select_countries(store, codes) -> list:
    """The neighbourhood of the countries: (1) every quad of the document graphs that describe
    one of them (`?c a ckg:Country` in the graph); (2) from the other data graphs (entity
    resolution), the links between those documents' entities and every resource (a ckg:Match)
    whose links into id/ all end at those entities; (3) for what they link to beyond that
    (conventions, indicators, statuses, other entities), its types and literals, from any graph."""
    countries = country_iris(store, codes)
    docs = {q.graph_name for c in countries for q in store.quads_for_pattern(c, RDF.type, CKG.Country, None)}
    docs.discard(_ontology())
    chosen = [q for g in docs for q in store.quads_for_pattern(None, None, None, g)]
    inside = {q.subject for q in chosen}
    others = defaultdict(list)
    for q in store.quads_for_pattern(None, None, None, None):
        if q.graph_name not in docs and q.graph_name != _ontology():
            others[q.subject].append(q)
    for s, qs in others.items():
        if s in inside:
            chosen.extend(q for q in qs if q.object in inside and q.predicate != RDF.type)
        else:
            links = [q.object for q in qs if _is_id(q.object)]
            if links and all(o in inside for o in links):
                chosen.extend(qs)
    described = {q.subject for q in chosen}
    linked = {q.object for q in chosen if q.predicate != RDF.type and _is_iri(q.object)} - described
    for o in sorted(linked, key=str):
        chosen.extend(q for q in store.quads_for_pattern(o, None, None, None)
                      if q.predicate == RDF.type or not _is_iri(q.object))
    return _sorted_quads(chosen)


def select_query(store, path: Path) -> list:
    """The triples of a CONSTRUCT (or DESCRIBE) query in FILE.rq, run over the union graph, as
    quads of the default graph."""
    from pyoxigraph import DefaultGraph, Quad, QueryBoolean, QuerySolutions

    from ..store.queries import QueryError, run

    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ExportError(f"{path}: cannot read the query: {getattr(exc, 'strerror', None) or exc}") from None
    try:
        res = run(store, text)
    except QueryError as exc:
        raise ExportError(f"{path}: {exc}") from None
    if isinstance(res, (QuerySolutions, QueryBoolean)):
        kind = "an ASK" if isinstance(res, QueryBoolean) else "a SELECT"
        raise ExportError(f"{path}: {kind} query; export needs a CONSTRUCT query (it selects a subgraph)")
    try:
        return _sorted_quads(Quad(t.subject, t.predicate, t.object, DefaultGraph()) for t in res)
    except (OSError, RuntimeError) as exc:  # evaluation errors surface while iterating
        raise ExportError(f"{path}: query failed: {exc}") from None


def _ontology():
    from pyoxigraph import NamedNode

    return NamedNode(ONTOLOGY_GRAPH)


def _is_iri(term) -> bool:
    return type(term).__name__ == "NamedNode"


def _is_id(term) -> bool:
    return _is_iri(term) and term.value.startswith(ID)


# --- projection --------------------------------------------------------------------------------

@dataclass
class Schema:
    """What the projection reads from the store's ontology graph."""

    superclasses: dict[str, set[str]]  # class -> its transitive superclasses (rdfs:subClassOf+)
    measures: set[str]  # Data Cube measure properties (qb:MeasureProperty)


def schema(store) -> Schema:
    onto = _ontology()
    supers: dict[str, set[str]] = defaultdict(set)
    res = store.query(f"SELECT ?c ?s WHERE {{ GRAPH <{ONTOLOGY_GRAPH}> {{ ?c <{PREFIXES['rdfs']}subClassOf>+ ?s }} "
                      "FILTER(isIRI(?c) && isIRI(?s)) }")
    for sol in res:
        supers[sol["c"].value].add(sol["s"].value)
    measures = {q.subject.value for q in store.quads_for_pattern(None, RDF.type, QB.MeasureProperty, onto)}
    return Schema(dict(supers), measures)


def attribute_key(predicate: str) -> str:
    """The node attribute key of a property (ATTRIBUTE RULES)."""
    if predicate == RDFS.label.value:
        return "label"
    if predicate == RDF.type.value:
        return "type"
    ckg = PREFIXES["ckg"]
    if predicate.startswith(ckg):
        local = predicate[len(ckg):]
        return f"ckg_{local}" if local in RESERVED else local
    name = compact(predicate)
    if name != predicate:
        return name.replace(":", "_").replace("-", "_")
    return re.sub(r"\W", "_", predicate)


def _value(term):
    """A literal -> (python value, lexical form); an IRI -> (IRI, IRI)."""
    if not hasattr(term, "datatype"):
        return term.value, term.value
    dt = term.datatype.value
    try:
        if dt in _INT_TYPES:
            return int(term.value), term.value
        if dt in _FLOAT_TYPES:
            return float(term.value), term.value
        if dt == XSD + "boolean":
            return term.value in ("true", "1"), term.value
    except ValueError:  # an ill-typed literal stays its lexical form
        pass
    return term.value, term.value


def _types(types: set[str], supers: dict[str, set[str]]) -> str:
    """The most specific of a node's classes (a class that is a superclass of another of its
    classes is implied by the ontology and left out), as compact names joined by MULTI_SEPARATOR."""
    implied = set().union(*(supers.get(t, set()) for t in types))
    specific = [t for t in types if t not in implied] or list(types)  # equivalent classes: keep all
    return MULTI_SEPARATOR.join(sorted(compact(t) for t in specific))


VIEWS = ("entities", "full", "browse")
# Links from a hidden node to what owns it (lifting starts there) and links never lifted.
_OWNER_PROPERTIES = (CKG.country.value, DCT.isPartOf.value)
_MENTIONS = CKG.mentions.value
_NOT_LIFTED = {CKG.country.value, DCT.isPartOf.value, PREFIXES["prov"] + "wasDerivedFrom", DCT.source.value}


def project(quads, sch: Schema, view: str = "full"):
    """Selected quads -> MultiDiGraph (module docstring: nodes, edges, attributes).
    A Data Cube observation (qb:Observation) stays a node, and its measures (population,
    internet users) are also attributes of the node of its sdmx-dimension:refArea.

    Every node gets `kind` and `color` (style.py).  `view`: "full" keeps every node and edge;
    "entities" keeps the entity kinds only (country, agencies, CIRTs, instruments, conventions,
    programmes, policies, assessments) and adds *lifted* edges: a hidden node (an indicator
    statement, a convention action, a policy item) that links its owner (its ckg:country or
    dct:isPartOf) to another entity gives the edge owner -> entity with the same property, `via`
    the hidden node(s) and, for a convention action, the `action` ("ratification"), unless the two
    are linked directly; "browse" (the web view) is "full" plus the lifted edges."""
    import networkx as nx

    triples = sorted({(q.subject, q.predicate, q.object) for q in quads}, key=lambda t: (str(t[0]), str(t[1]), str(t[2])))
    types: dict[str, set[str]] = defaultdict(set)
    subjects = set()
    for s, p, o in triples:
        if _is_iri(s):
            subjects.add(s.value)
            if p == RDF.type and _is_iri(o):
                types[s.value].add(o.value)

    def is_node(iri: str) -> bool:
        return SKOLEM not in iri and not any(t.startswith(SCHEMA_NAMESPACES) for t in types.get(iri, ()))

    nodes = {s for s in subjects if is_node(s)}
    nodes |= {o.value for _, p, o in triples if _is_id(o) and p != RDF.type and is_node(o.value)}
    attrs: dict[str, dict[str, dict]] = {n: defaultdict(dict) for n in nodes}
    edges = []
    areas: dict[str, set[str]] = defaultdict(set)  # observation -> its reference areas
    for s, p, o in triples:
        if not _is_iri(s) or s.value not in nodes or p == RDF.type:
            continue
        if _is_iri(o) and o.value in nodes:
            edges.append((s.value, o.value, p.value))
            if p == SDMXD.refArea and QB.Observation.value in types[s.value]:
                areas[s.value].add(o.value)
            continue
        key = "wikidata" if p == SKOS.exactMatch and _is_iri(o) and o.value.startswith(PREFIXES["wd"]) \
            else attribute_key(p.value)
        value, lexical = _value(o)
        attrs[s.value][key][lexical] = value
    for s, p, o in triples:
        if p.value in sch.measures and s.value in areas:
            value, lexical = _value(o)
            for area in areas[s.value]:
                attrs[area][attribute_key(p.value)][lexical] = value
    if view not in VIEWS:
        raise ValueError(f"view {view!r}: one of {VIEWS}")
    kinds = {n: kind_of(types.get(n, set()), sch.superclasses) for n in nodes}
    labels = {n: _joined(attrs[n]["label"]) if attrs[n].get("label") else _label_fallback(attrs[n], n) for n in nodes}
    lifted = _lifted(edges, kinds, labels) if view != "full" else []
    if view == "entities":
        nodes = {n for n in nodes if kinds[n].entity}
        edges = [e for e in edges if e[0] in nodes and e[1] in nodes]
        # an organisation that only publishes documents or statistics (ITU, UN Statistics
        # Division) is linked to nothing here: left out, as an unlinked country is not
        touched = {n for e in (*edges, *lifted) for n in e[:2]}
        nodes = {n for n in nodes if n in touched or kinds[n].name == "Country"}
    typed = _typed_keys({n: attrs[n] for n in nodes})
    g = nx.MultiDiGraph()
    for n in sorted(nodes):
        a = attrs[n]
        data = {"label": labels[n]}
        if types.get(n):
            data["type"] = _types(types[n], sch.superclasses)
        data["kind"] = kinds[n].name
        data["color"] = kinds[n].colour
        for key in sorted(k for k in a if k not in ("label", "type")):
            data[key] = next(iter(a[key].values())) if key in typed else _joined(a[key])
        g.add_node(n, **data)
    # the multigraph key is the edge's id (e0, e1, ...): GraphML and GEXF write it as the XML id,
    # never as a data attribute that would shadow a reader's own `id`
    for i, (s, o, p) in enumerate(edges):
        g.add_edge(s, o, key=f"e{i}", label=compact(p), iri=p)
    for j, (s, o, p, extra) in enumerate(lifted, start=len(edges)):
        g.add_edge(s, o, key=f"e{j}", label=extra.pop("label", compact(p)), iri=p, **extra)
    return g


def _lifted(edges, kinds: dict, labels: dict) -> list:
    """The lifted edges (see `project`), sorted: (owner, entity, property, attributes)."""
    owner: dict[str, str] = {}
    actions: dict[str, set[str]] = defaultdict(set)
    linked = set()
    for s, o, p in edges:
        if kinds[s].entity and kinds[o].entity:
            linked.add(frozenset((s, o)))
        elif not kinds[s].entity and kinds[o].entity and p in _OWNER_PROPERTIES:
            owner.setdefault(s, o)
        if p == CKG.action.value:
            actions[s].add(labels[o])
    found: dict[tuple, set[str]] = defaultdict(set)
    for s, o, p in edges:
        own = owner.get(s)
        if own is None or kinds[s].entity or not kinds[o].entity or o == own or p in _NOT_LIFTED:
            continue
        if frozenset((own, o)) in linked:
            continue
        found[(own, o, p)].add(s)
    specific = {(s, o) for (s, o, p) in found if p != _MENTIONS}
    out = []
    for (s, o, p), via in sorted(found.items()):
        if p == _MENTIONS and (s, o) in specific:  # the super-property adds nothing then
            continue
        extra = {"via": _joined(dict.fromkeys(via))}
        acts = set().union(*(actions[h] for h in via))
        if acts:
            extra["action"] = _joined(dict.fromkeys(acts))
            extra["label"] = extra["action"]
        out.append((s, o, p, extra))
    return out


def _joined(values: dict) -> str:
    return MULTI_SEPARATOR.join(sorted(values))


def _label_fallback(a: dict, iri: str) -> str:
    """A node without rdfs:label: skos:prefLabel, else dct:title, else its IRI's path under id/."""
    for key in ("skos_prefLabel", "dct_title"):
        if a.get(key):
            return _joined(a[key])
    return iri[len(ID):] if iri.startswith(ID) else compact(iri)


def _typed_keys(attrs: dict) -> set[str]:
    """Keys whose every value is a single number or boolean of one python type on each node
    (values: lexical form -> python value)."""
    kinds: dict[str, set] = defaultdict(set)
    for a in attrs.values():
        for key, values in a.items():
            kinds[key].add(type(next(iter(values.values()))) if len(values) == 1 else list)
    return {k for k, ts in kinds.items() if len(ts) == 1 and next(iter(ts)) in (int, float, bool)}


def gexf_date(quads) -> str:
    """The GEXF lastmodifieddate: the newest dct:modified/issued/date (xsd:date) selected."""
    dates = [q.object.value for q in quads if q.predicate.value in _DATE_PROPERTIES
             and re.fullmatch(r"\d{4}-\d{2}-\d{2}", getattr(q.object, "value", ""))]
    return max(dates, default=FALLBACK_DATE)


# --- sinks -------------------------------------------------------------------------------------

FLAVOURS = ("plain", "yed")
YED_NS = "http://www.yworks.com/xml/graphml"

# Characters XML 1.0 cannot carry at all (section 2.2).  The sources never put them in the store
# (text.clean_controls); a --query CONSTRUCT can still make them (BIND("\u000B" ...)): refused,
# naming the node, instead of writing a file no XML reader opens.
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _check_xml_characters(g, fmt: str) -> None:
    def bad(v):
        return isinstance(v, str) and _XML_FORBIDDEN.search(v)

    items = [(n, d) for n, d in g.nodes(data=True)] + [(f"{s} -> {o}", d) for s, o, d in g.edges(data=True)]
    for where, d in items:
        for k, v in [("id", where), *d.items()]:
            m = bad(v) or bad(k)
            if m:
                from ..sources.text import display

                raise ExportError(f"{display(where)}: {k} holds U+{ord(m.group()):04X}, a character XML 1.0 cannot "
                                  f"represent; {fmt} cannot carry it (select it out, or export as ttl, nt or jsonld)")


def _size(degree: int) -> float:
    """Node size by degree (GEXF viz:size, Gephi's GraphML `size`, yEd's geometry)."""
    return round(10 + 6 * math.sqrt(degree), 1)


def _graphml_writer():
    """networkx's GraphML writer with named keys in first-use order.  Node keys keep their
    attribute name as id (`label`, `type`, ...), edge keys get `edge_` + name, so a key is found
    by id or attr.name alike and no key is `d3` (Gephi takes the key with id d3 as the node label,
    a yEd habit; networkx numbers keys d0, d1, ...)."""
    from networkx.readwrite.graphml import GraphMLWriter

    class Writer(GraphMLWriter):
        def get_key(self, name, attr_type, scope, default):
            keys_key = (name, attr_type, scope)
            if keys_key not in self.keys:
                new_id = name if scope == "node" else f"{scope}_{name}"
                self.keys[keys_key] = new_id
                el = self.myElement("key", **{"id": new_id, "for": scope, "attr.name": name, "attr.type": attr_type})
                # after the keys already written (networkx inserts each new key first)
                self.xml.insert(len(self.keys) - 1, el)
            return self.keys[keys_key]

    return Writer


def graphml_bytes(g, flavour: str = "plain") -> bytes:
    """GraphML that opens labelled and coloured: node keys `label` (first), `type`, `kind`,
    `color` and Gephi's `r`, `g`, `b`, `size` properties; `--flavour yed` adds yEd's yFiles
    extension (http://www.yworks.com/xml/graphml: a `nodegraphics` key with y:ShapeNode fill,
    shape and y:NodeLabel per node, an `edgegraphics` key with y:PolyLineEdge and y:EdgeLabel),
    which is what yEd draws; other readers ignore those keys (they have no attr.name)."""
    import xml.etree.ElementTree as ET

    from .style import YED_SHAPE, rgb
    from .style import KINDS, OTHER

    if flavour not in FLAVOURS:
        raise ExportError(f"unknown flavour {flavour!r}; one of {', '.join(FLAVOURS)}")
    h = g.copy()
    for n, d in h.nodes(data=True):
        d["r"], d["g"], d["b"] = rgb(d["color"])
        d["size"] = _size(g.degree(n))
    writer = _graphml_writer()(encoding="utf-8", prettyprint=True)
    writer.add_graph_element(h)
    if flavour == "yed":
        shapes = {k.name: k.shape for k in (*KINDS, OTHER)}
        ET.register_namespace("y", YED_NS)
        y = f"{{{YED_NS}}}"
        root = writer.xml
        ns = ""  # networkx writes the GraphML elements unqualified under a default xmlns attribute
        n_keys = len(writer.keys)
        root.insert(n_keys, ET.Element(f"{ns}key", {"for": "node", "id": "yed_node", "yfiles.type": "nodegraphics"}))
        root.insert(n_keys + 1, ET.Element(f"{ns}key", {"for": "edge", "id": "yed_edge", "yfiles.type": "edgegraphics"}))
        graph = root.find(f"{ns}graph")
        for el in graph.findall(f"{ns}node"):
            d = h.nodes[el.get("id")]
            side = str(_size(g.degree(el.get("id"))) * 2)
            data = ET.SubElement(el, f"{ns}data", key="yed_node")
            shape = ET.SubElement(data, f"{y}ShapeNode")
            ET.SubElement(shape, f"{y}Geometry", height=side, width=side)
            ET.SubElement(shape, f"{y}Fill", color=d["color"].upper(), transparent="false")
            ET.SubElement(shape, f"{y}NodeLabel", modelName="sides", modelPosition="s").text = d["label"]
            ET.SubElement(shape, f"{y}Shape", type=YED_SHAPE.get(shapes.get(d["kind"], "ellipse"), "ellipse"))
        for el in graph.findall(f"{ns}edge"):
            lab = next(d["label"] for _, _, k, d in h.edges(el.get("source"), keys=True, data=True) if k == el.get("id"))
            data = ET.SubElement(el, f"{ns}data", key="yed_edge")
            line = ET.SubElement(data, f"{y}PolyLineEdge")
            ET.SubElement(line, f"{y}Arrows", source="none", target="standard")
            ET.SubElement(line, f"{y}EdgeLabel").text = lab
    buf = io.BytesIO()
    writer.dump(buf)
    return buf.getvalue()


def gexf_bytes(g, date: str) -> bytes:
    """GEXF 1.2 with viz:color (the kind's colour, style.py), viz:size by degree and viz:shape.
    networkx's GEXF writer writes a node's `viz` dict as those elements."""
    # write_gexf has no date option; GEXFWriter is what it calls, and its meta element carries
    # the date, so set it before writing (GEXF 1.2 section meta: lastmodifieddate).
    from networkx.readwrite.gexf import GEXFWriter

    from .style import GEXF_SHAPE, KINDS, OTHER, rgb

    shapes = {k.name: k.shape for k in (*KINDS, OTHER)}
    h = g.copy()
    for n, d in h.nodes(data=True):
        r, gg, b = rgb(d["color"])
        d["viz"] = {"color": {"r": r, "g": gg, "b": b, "a": 1.0}, "size": _size(g.degree(n)),
                    "shape": GEXF_SHAPE.get(shapes.get(d["kind"], "ellipse"), "disc")}
    for _, _, k, d in h.edges(keys=True, data=True):
        d["id"] = k  # the GEXF edge id (an XML attribute, not an attvalue)
    writer = GEXFWriter(encoding="utf-8", prettyprint=True, version="1.2draft")
    writer.xml.find("meta").set("lastmodifieddate", date)
    writer.add_graph(h)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def cytoscape_data(g) -> dict:
    """Cytoscape JSON (.cyjs): node `name` is the label (Cytoscape desktop's default style draws
    `data(name)`), `shape` the kind's node shape; edge ids are the projection's (e0, ...)."""
    import networkx as nx

    from .style import KINDS, OTHER

    shapes = {k.name: k.shape for k in (*KINDS, OTHER)}
    data = nx.cytoscape_data(g, name="label")
    # networkx writes the graph attributes as a list of pairs; Cytoscape's .cyjs has an object there
    data["data"] = dict(data["data"])
    for n in data["elements"]["nodes"]:
        n["data"]["shape"] = shapes.get(n["data"].get("kind"), "ellipse")
    for e in data["elements"]["edges"]:
        e["data"]["id"] = e["data"]["key"]  # networkx reads `key` back; cytoscape.js wants `id`
    return data


def cytoscape_bytes(g) -> bytes:
    return (json.dumps(cytoscape_data(g), ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def cytoscape_style() -> list[dict]:
    """The style, in Cytoscape desktop's style JSON (File > Import > Styles from File: a list of
    {title, style: [{selector, css}]}, as Cytoscape itself exports), which cytoscape.js also
    reads: nodes by `kind` colour and shape, labelled by `name`; edges labelled by `label`."""
    from .style import KINDS, OTHER

    rules = [{"selector": "node", "css": {"content": "data(name)", "font-size": 9, "text-valign": "bottom",
                                          "text-halign": "center", "width": 18, "height": 18,
                                          "background-color": OTHER.colour}},
             {"selector": "edge", "css": {"content": "data(label)", "font-size": 6, "width": 1,
                                          "line-color": "#b0b0b0", "target-arrow-shape": "triangle",
                                          "target-arrow-color": "#b0b0b0", "curve-style": "bezier"}}]
    seen = set()
    for k in KINDS:
        if k.name in seen:
            continue
        seen.add(k.name)
        css = {"background-color": k.colour, "shape": k.shape}
        if k.name == "Country":
            css.update({"width": 36, "height": 36, "font-size": 13, "font-weight": "bold"})
        rules.append({"selector": f"node[kind = '{k.name}']", "css": css})
    return [{"format_version": "1.0", "generated_by": "cyberkg", "target_cytoscapejs_version": "~3.0",
             "title": "cyberkg", "style": rules}]


def cytoscape_style_bytes() -> bytes:
    return (json.dumps(cytoscape_style(), ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def style_path(output: Path) -> Path:
    """Where the style file of a Cytoscape export goes: beside it, OUT.cyjs -> OUT.style.json."""
    output = Path(output)
    return output.with_name(output.name.rsplit(".", 1)[0] + ".style.json") if "." in output.name \
        else output.with_name(output.name + ".style.json")


def csv_tables(g) -> tuple[bytes, bytes]:
    """nodes.csv (id, label, type, then the other attribute keys sorted) and edges.csv (id,
    source, target, label, iri): the column names Gephi's spreadsheet import recognises."""
    keys = sorted({k for _, d in g.nodes(data=True) for k in d} - {"label", "type"})
    nodes = io.StringIO()
    # RFC 4180 line ends: the csv module then quotes a value holding a CR or an LF
    w = csv.writer(nodes, lineterminator="\r\n")
    w.writerow(["id", "label", "type", *keys])
    for n, d in g.nodes(data=True):
        w.writerow([n, d.get("label", ""), d.get("type", ""), *(d.get(k, "") for k in keys)])
    edges = io.StringIO()
    w = csv.writer(edges, lineterminator="\r\n")
    w.writerow(["id", "source", "target", "label", "iri"])
    for s, o, k, d in g.edges(keys=True, data=True):
        w.writerow([k, s, o, d["label"], d["iri"]])
    return nodes.getvalue().encode("utf-8"), edges.getvalue().encode("utf-8")


def rdf_bytes(quads, fmt: str) -> bytes:
    """ttl/nt: the distinct triples (the union default graph, deduplicated); nq/jsonld: the
    quads with their named graphs."""
    from pyoxigraph import RdfFormat, serialize

    if fmt in ("ttl", "nt"):
        items = sorted({q.triple for q in quads}, key=str)
    else:
        items = list(quads)
    rdf_format = {"ttl": RdfFormat.TURTLE, "nt": RdfFormat.N_TRIPLES, "nq": RdfFormat.N_QUADS,
                  "jsonld": RdfFormat.JSON_LD}[fmt]
    prefixes = PREFIXES if fmt == "ttl" else None
    return serialize(items, format=rdf_format, prefixes=prefixes) or b""


# --- writing outputs: only what is provably ours is replaced ---------------------------------------
#
# `-o PATH` is written through symbolic links (the link stays, its target gets the data), with the
# user's umask (a replaced file keeps its mode), and atomically when the target is a regular file
# (written beside it, then renamed).  A target that is not a regular file (a terminal, a pipe,
# /dev/stdout) is written in place.  An existing regular file is replaced only when it is provably
# an earlier export: EXPORT_MARKER in its folder records each file cyberkg exported there with the
# SHA-256 of what it wrote, and the file still has that content.  Anything else (a source document,
# a file edited since) is refused with one error naming it, and nothing is written.

EXPORT_MARKER = ".cyberkg-exports.json"
EXPORT_FORMAT = 1


def umask() -> int:
    m = os.umask(0o22)
    os.umask(m)
    return m


def _manifest(folder: Path) -> dict:
    try:
        with open(folder / EXPORT_MARKER, "rb", opener=lambda f, fl: os.open(f, fl | os.O_NOFOLLOW | os.O_NONBLOCK)) as fh:
            data = json.loads(fh.read(1 << 20))
    except (OSError, ValueError):
        return {}
    if not (isinstance(data, dict) and data.get("cyberkg") == "exports" and data.get("format") == EXPORT_FORMAT
            and isinstance(data.get("files"), dict)):
        return {}
    return {k: v for k, v in data["files"].items() if isinstance(k, str) and isinstance(v, str)}


def _sha256_file(path: Path) -> str | None:
    import hashlib

    h = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
    except OSError:
        return None
    return h.hexdigest()


def _is_our_export(real: Path) -> bool:
    recorded = _manifest(real.parent).get(real.name)
    return recorded is not None and recorded == _sha256_file(real)


def _record_export(real: Path, data: bytes) -> None:
    import hashlib

    files = _manifest(real.parent)
    files[real.name] = hashlib.sha256(data).hexdigest()
    body = json.dumps({"cyberkg": "exports", "format": EXPORT_FORMAT, "files": dict(sorted(files.items()))},
                      indent=1) + "\n"
    _replace_file(real.parent / EXPORT_MARKER, body.encode("utf-8"), 0o666 & ~umask())


def _replace_file(path: Path, data: bytes, mode: int) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def check_output(path: Path) -> None:
    """Raise ExportError unless writing `path` creates a file, replaces one of our exports, or
    writes into a terminal, pipe or device.  Touches nothing."""
    import stat

    try:
        st = os.stat(path)  # through links
    except FileNotFoundError:
        return
    except OSError as exc:
        raise ExportError(f"{path}: cannot write: {exc.strerror or exc}") from None
    if stat.S_ISDIR(st.st_mode):
        raise ExportError(f"{path}: is a directory; give a file name")
    if stat.S_ISREG(st.st_mode):
        real = Path(os.path.realpath(path))
        if not _is_our_export(real):
            raise ExportError(f"{path}: exists and is not an earlier cyberkg export (or was changed since; "
                              f"see {EXPORT_MARKER}); refusing to replace it, nothing was written")


def write_output(path: Path, data: bytes) -> None:
    """Write one export to `path` (see the note above); check_output must have passed."""
    import stat

    try:
        st = os.stat(path)
    except FileNotFoundError:
        st = None
    if st is not None and not stat.S_ISREG(st.st_mode):  # a terminal, a pipe, /dev/stdout: in place
        with open(path, "wb") as fh:
            fh.write(data)
        return
    real = Path(os.path.realpath(path))
    real.parent.mkdir(parents=True, exist_ok=True)
    mode = stat.S_IMODE(st.st_mode) if st is not None else 0o666 & ~umask()
    _replace_file(real, data, mode)
    _record_export(real, data)


def export(store, fmt: str, output: Path | None, stdout, *, countries=(), query: Path | None = None,
           with_statements: bool = False, flavour: str = "plain") -> str:
    """Select, project and write; returns a one-line summary.  csv writes OUTPUT/nodes.csv and
    OUTPUT/edges.csv (OUTPUT a directory, created if needed); the other formats write one file,
    or to `stdout` (a binary stream) without OUTPUT; cytoscape with OUTPUT also writes its style
    file beside it (`style_path`).  Graph formats project the entities (`project` view
    "entities") unless `with_statements` (every node) or a `query` (the CONSTRUCT chose the
    subgraph: every node it made is kept); `flavour` "yed" is for graphml only."""
    if flavour not in FLAVOURS:
        raise ExportError(f"unknown flavour {flavour!r}; one of {', '.join(FLAVOURS)}")
    if flavour != "plain" and fmt != "graphml":
        raise ExportError(f"--flavour {flavour} is a GraphML flavour; not for --format {fmt}")
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
    if countries and query:
        raise ExportError("--country and --query cannot be combined (the query selects the subgraph)")
    if fmt == "csv" and (output is None or (Path(output).exists() and not Path(output).is_dir())):
        raise ExportError(f"--format csv writes nodes.csv and edges.csv into a directory: give -o DIRECTORY"
                          + (f" ({output} is a file)" if output is not None else ""))
    targets = [] if output is None else \
        [Path(output) / "nodes.csv", Path(output) / "edges.csv"] if fmt == "csv" else \
        [Path(output), style_path(output)] if fmt == "cytoscape" else [Path(output)]
    for t in targets:  # before any work, and before anything is written
        check_output(t)
    if query is not None:
        quads = select_query(store, query)
    elif countries:
        quads = select_countries(store, countries)
    else:
        quads = select_all(store)
    if fmt in RDF_FORMATS:
        files = {output: rdf_bytes(quads, fmt)}
        n_triples = len({q.triple for q in quads})
        summary = f"{n_triples} triples" + (f" in {len(quads)} quads" if fmt in ("nq", "jsonld") else "")
    else:
        g = project(quads, schema(store), "full" if with_statements or query is not None else "entities")
        summary = f"{g.number_of_nodes()} nodes, {g.number_of_edges()} edges"
        if fmt in ("graphml", "gexf"):
            _check_xml_characters(g, fmt)
        if fmt == "graphml":
            files = {output: graphml_bytes(g, flavour)}
        elif fmt == "gexf":
            files = {output: gexf_bytes(g, gexf_date(quads))}
        elif fmt == "cytoscape":
            files = {output: cytoscape_bytes(g)}
            if output is not None:
                files[style_path(output)] = cytoscape_style_bytes()
        else:
            nodes, edges = csv_tables(g)
            files = {output / "nodes.csv": nodes, output / "edges.csv": edges}
    for path, data in files.items():
        if path is None:
            stdout.write(data)
            stdout.flush()
            continue
        try:
            write_output(Path(path), data)
        except OSError as exc:
            raise ExportError(f"{path}: cannot write: {exc.strerror or exc}") from None
    where = ", ".join(str(p) for p in files if p is not None) or "stdout"
    return f"exported {summary} as {fmt} to {where}"
