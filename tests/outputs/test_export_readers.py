"""Exports read back with the importer rules of the tools people open them in (issue 17).

- Gephi's GraphML importer, re-implemented from its source (gephi/gephi,
  modules/ImportPlugin/src/main/java/org/gephi/io/importer/plugin/file/ImporterGraphML.java, read
  at commit 017f801f): a <key> is a node property when its id, else its attr.name (the title,
  which defaults to the id), is one of the associated names (node label: `label` and `d3`, yEd's
  default label key; colour: `r`, `g`, `b`; `size`); each <data> of a node then sets that
  property, in document order, so the last non-empty one wins.  Keys that are properties are
  not columns.
- igraph's GraphML reader (python-igraph), which must read without a warning (a data key named
  `id` gives "there is already an 'id' edge attribute").
- networkx for GraphML, GEXF (viz:color, viz:size) and Cytoscape JSON; Cytoscape desktop draws
  `data(name)` as the node label and reads the style file written beside the .cyjs.
- yEd draws the yFiles extension (`--flavour yed`): y:ShapeNode's y:Fill and y:NodeLabel.
"""

from __future__ import annotations

import io
import json
import warnings
import xml.etree.ElementTree as ET

import networkx as nx
import pytest

from cyberkg.outputs import export as X
from cyberkg.outputs.style import KINDS, OTHER, rgb

from ..conftest import EXPECTED

NS = "{http://graphml.graphdrawing.org/xmlns}"
Y = "{http://www.yworks.com/xml/graphml}"
GEPHI_NODE_PROPERTIES = {"label": "LABEL", "d3": "LABEL", "x": "X", "y": "Y", "xpos": "X", "ypos": "Y", "z": "Z",
                         "size": "SIZE", "r": "R", "g": "G", "b": "B"}
GEPHI_EDGE_PROPERTIES = {"label": "LABEL", "edgelabel": "LABEL", "d7": "LABEL", "weight": "WEIGHT",
                         "edge weight": "WEIGHT", "id": "ID", "edgeid": "ID", "r": "R", "g": "G", "b": "B"}
COLOUR = {k.name: k.colour for k in (*KINDS, OTHER)}
BTN = "https://w3id.org/cyberkg/id/country/BTN"


def gephi_graphml(data: bytes) -> tuple[dict, dict, set]:
    """Gephi's GraphML import, as far as labels, colours and sizes go: node id -> {LABEL, R, G, B,
    SIZE}, edge (source, target, id) -> {LABEL, ...}, and the node columns (non-property keys)."""
    root = ET.fromstring(data)
    node_props, edge_props, columns = {}, {}, set()
    for key in root.iter(f"{NS}key"):
        kid, scope = key.get("id", ""), key.get("for", "")
        title = key.get("attr.name") or kid
        table = GEPHI_NODE_PROPERTIES if scope == "node" else GEPHI_EDGE_PROPERTIES if scope == "edge" else {}
        prop = table.get(kid.lower()) or table.get(title.lower())
        if prop:
            (node_props if scope == "node" else edge_props)[kid] = prop
        elif scope == "node" and key.get("attr.type"):
            columns.add(title)
    nodes, edges = {}, {}
    for el in root.iter(f"{NS}node"):
        got = nodes.setdefault(el.get("id"), {})
        for d in el.findall(f"{NS}data"):
            value = "".join(d.itertext()).strip()
            if value and d.get("key") in node_props:
                got[node_props[d.get("key")]] = value
    for el in root.iter(f"{NS}edge"):
        got = edges.setdefault((el.get("source"), el.get("target"), el.get("id")), {})
        for d in el.findall(f"{NS}data"):
            value = "".join(d.itertext()).strip()
            if value and d.get("key") in edge_props:
                got[edge_props[d.get("key")]] = value
    return nodes, edges, columns


def write(store, fmt: str, **kw) -> bytes:
    buf = io.BytesIO()
    X.export(store, fmt, None, buf, **kw)
    return buf.getvalue()


@pytest.fixture(scope="module")
def full(bundled_store):
    return X.project(X.select_all(bundled_store), X.schema(bundled_store), "full")


@pytest.fixture(scope="module")
def bhutan(bundled_store):
    return X.project(X.select_countries(bundled_store, ["BTN"]), X.schema(bundled_store), "entities")


# ------------------------------------------------------------------ Gephi's GraphML label rule

def test_gephi_rule_finds_the_wrong_label_in_networkx_default_keys(full):
    """The rule is not vacuous: networkx's own key ids (d0, d1, ...) make some other key `d3`,
    and Gephi then labels nodes with it (what issue 17 found)."""
    buf = io.BytesIO()
    nx.write_graphml(full, buf)
    nodes, _, _ = gephi_graphml(buf.getvalue())
    wrong = [n for n, p in nodes.items() if p.get("LABEL") != full.nodes[n]["label"]]
    assert len(wrong) > 10


@pytest.mark.parametrize("with_statements", [False, True])
@pytest.mark.parametrize("flavour", ["plain", "yed"])
def test_gephi_reads_every_label_colour_and_size_of_our_graphml(bundled_store, full, with_statements, flavour):
    data = write(bundled_store, "graphml", with_statements=with_statements, flavour=flavour)
    g = nx.read_graphml(io.BytesIO(data))
    nodes, edges, columns = gephi_graphml(data)
    assert set(nodes) == set(g.nodes) and len(nodes) > 20
    for n, p in nodes.items():
        d = g.nodes[n]
        assert p["LABEL"] == d["label"], n
        assert (int(p["R"]), int(p["G"]), int(p["B"])) == rgb(COLOUR[d["kind"]]), n
        assert float(p["SIZE"]) >= 10
    for (s, t, _), p in edges.items():
        assert p["LABEL"]
    assert {"type", "kind", "color"} <= columns and "label" not in columns
    if with_statements:
        assert set(g.nodes) == set(full.nodes)
        # the notation of an indicator concept is a column, never its label
        ind = "https://w3id.org/cyberkg/id/indicator/1.1.1"
        assert nodes[ind]["LABEL"] == full.nodes[ind]["label"] != "1.1.1"


def test_gephi_labels_countries_by_name_in_a_query_export(bundled_store):
    data = write(bundled_store, "graphml", query=EXPECTED / "export" / "bhutan-agencies.rq")
    nodes, _, _ = gephi_graphml(data)
    assert nodes[BTN]["LABEL"] == "Bhutan"


def test_no_graphml_key_is_a_reserved_name_of_the_readers(bundled_store):
    root = ET.fromstring(write(bundled_store, "graphml", with_statements=True))
    names = {(k.get("for"), k.get("attr.name")) for k in root.iter(f"{NS}key") if k.get("attr.name")}
    ids = [k.get("id") for k in root.iter(f"{NS}key")]
    assert len(ids) == len(set(ids))
    assert ids[0] == "label" and ids[1] == "type"  # the label key comes first
    for scope, name in names:
        assert name not in {"id", "d3", "d7", "name", "edgeid", "edgelabel", "weight", "x", "y", "z"}, (scope, name)
        assert scope == "node" or name not in {"r", "g", "b", "size"}


# ------------------------------------------------------------------ igraph

@pytest.mark.parametrize("flavour", ["plain", "yed"])
def test_igraph_reads_the_graphml_without_warnings(bundled_store, tmp_path, flavour):
    igraph = pytest.importorskip("igraph", reason="python-igraph is in the test extra")
    path = tmp_path / "g.graphml"
    data = write(bundled_store, "graphml", with_statements=True, flavour=flavour)
    path.write_bytes(data)
    g = nx.read_graphml(io.BytesIO(data))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ig = igraph.Graph.Read_GraphML(str(path))
    assert [str(w.message) for w in caught] == []
    assert ig.vcount() == g.number_of_nodes() and ig.ecount() == g.number_of_edges()
    assert dict(zip(ig.vs["id"], ig.vs["label"])) == {n: d["label"] for n, d in g.nodes(data=True)}
    assert dict(zip(ig.vs["id"], ig.vs["kind"])) == {n: d["kind"] for n, d in g.nodes(data=True)}
    ids = ig.vs["id"]
    assert sorted((ids[e.source], ids[e.target], e["label"]) for e in ig.es) == \
        sorted((s, t, d["label"]) for s, t, d in g.edges(data=True))


# ------------------------------------------------------------------ GEXF, Cytoscape, yEd

def test_gexf_carries_the_kind_colour_and_size_by_degree(bundled_store):
    data = write(bundled_store, "gexf", countries=["BTN"])
    g = nx.read_gexf(io.BytesIO(data))
    assert g.number_of_nodes() > 10
    for n, d in g.nodes(data=True):
        c = d["viz"]["color"]
        assert (c["r"], c["g"], c["b"]) == rgb(COLOUR[d["kind"]]), n
        assert d["viz"]["size"] == X._size(g.degree(n))
        assert d["label"]
    assert g.nodes[BTN]["viz"]["size"] == max(d["viz"]["size"] for _, d in g.nodes(data=True))


def test_cytoscape_json_opens_named_and_styled(bundled_store, tmp_path):
    out = tmp_path / "btn.cyjs"
    X.export(bundled_store, "cytoscape", out, None, countries=["BTN"])
    data = json.loads(out.read_bytes())
    style = json.loads(X.style_path(out).read_bytes())
    assert X.style_path(out).name == "btn.style.json"
    rules = {r["selector"]: r["css"] for r in style[0]["style"]}
    assert rules["node"]["content"] == "data(name)" and rules["edge"]["content"] == "data(label)"
    ids = set()
    for n in data["elements"]["nodes"]:
        d = n["data"]
        assert d["name"] == d["label"] and d["color"] == COLOUR[d["kind"]]
        assert rules[f"node[kind = '{d['kind']}']"]["background-color"] == d["color"]
        ids.add(d["id"])
    edge_ids = [e["data"]["id"] for e in data["elements"]["edges"]]
    assert len(edge_ids) == len(set(edge_ids)) and not ids & set(edge_ids)
    g = nx.cytoscape_graph(data)
    assert g.number_of_edges() == len(edge_ids)


def test_yed_flavour_draws_labels_colours_and_shapes(bundled_store, bhutan):
    root = ET.fromstring(write(bundled_store, "graphml", countries=["BTN"], flavour="yed"))
    graphics = {k.get("id"): k.get("for") for k in root.iter(f"{NS}key") if k.get("yfiles.type")}
    assert sorted(graphics.values()) == ["edge", "node"]
    seen = 0
    for el in root.iter(f"{NS}node"):
        shape = el.find(f"{NS}data/{Y}ShapeNode")
        d = bhutan.nodes[el.get("id")]
        assert shape.find(f"{Y}NodeLabel").text == d["label"]
        assert shape.find(f"{Y}Fill").get("color").lower() == COLOUR[d["kind"]]
        assert shape.find(f"{Y}Shape").get("type") in {"star5", "hexagon", "roundrectangle", "rectangle", "diamond",
                                                        "triangle", "trapezoid", "octagon", "ellipse"}
        seen += 1
    assert seen == bhutan.number_of_nodes()
    labels = sorted(el.find(f"{NS}data/{Y}PolyLineEdge/{Y}EdgeLabel").text for el in root.iter(f"{NS}edge"))
    assert labels == sorted(d["label"] for *_, d in bhutan.edges(data=True))


# ------------------------------------------------------------------ the default projection: entities

def test_default_projection_is_the_entities_with_lifted_links(bundled_store, bhutan, full):
    kinds = {d["kind"] for _, d in bhutan.nodes(data=True)}
    entity = {k.name for k in KINDS if k.entity}
    assert kinds <= entity and {"Country", "Agency", "Legal instrument", "Convention", "Policy"} <= kinds
    assert bhutan.number_of_nodes() < 40 < full.number_of_nodes()
    # conventions are linked to the country with the action it took
    conv = [(d["action"], bhutan.nodes[t]["label"]) for s, t, d in bhutan.edges(data=True)
            if s == BTN and bhutan.nodes[t]["kind"] == "Convention"]
    assert conv and all(a in ("accession", "ratification", "signature") for a, _ in conv), conv
    # a programme named only in an indicator statement is linked to the country through it
    prog = [d for s, t, d in bhutan.edges(data=True) if bhutan.nodes[t]["kind"] == "Programme"]
    assert prog and all(d["via"].startswith("https://w3id.org/cyberkg/id/") for d in prog)
    # every node is linked, so nothing floats alone
    assert all(bhutan.degree(n) for n in bhutan if n != BTN)


def test_with_statements_cli_flag_gives_the_full_projection(bundled_store, full):
    g = nx.read_graphml(io.BytesIO(write(bundled_store, "graphml", with_statements=True)))
    assert set(g.nodes) == set(full.nodes)
    assert g.number_of_edges() == full.number_of_edges()


def test_yed_flavour_is_for_graphml_only(bundled_store):
    with pytest.raises(X.ExportError, match="GraphML flavour"):
        write(bundled_store, "gexf", flavour="yed")
