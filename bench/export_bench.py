"""Export benchmark: prints, in one run, on the 158-profile build (bundled data + ../shared corpus):
  - seconds for `cyberkg.outputs.export.export` in each format (median of 3, in process, store already built);
  - peers: rdflib (the same quads loaded into an rdflib Dataset, then its Turtle / N-Quads / JSON-LD
    serialisers) and rdflib's networkx bridge (`rdflib_to_networkx_multidigraph`, where literals
    become nodes, then the same `nx.write_graphml`), with the ratio peer / ours;
  - the size of the projection (nodes, edges) against the bridge's graph.
Peer times leave out the load into rdflib.  Run: .venv/bin/python bench/export_bench.py
"""

from __future__ import annotations

import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("CYBERKG_CORPUS", ROOT.parent / "shared" / "corpus" / "itu-cyberwellness-profiles"))


def median_time(fn, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    import networkx as nx
    from rdflib import Dataset, Graph
    from rdflib.extras.external_graph_libs import rdflib_to_networkx_multidigraph

    from cyberkg.store import build as B
    from cyberkg.outputs.export import FORMATS, export, project, schema, select_all

    if not CORPUS.is_dir():
        sys.exit(f"corpus not found at {CORPUS}; set CYBERKG_CORPUS")
    with tempfile.TemporaryDirectory() as tmp:
        store_dir = Path(tmp) / "store"
        B.build([CORPUS, ROOT / "data"], store_dir)
        store = B.open_store(store_dir)
        ours = {}
        for fmt in FORMATS:
            out = Path(tmp) / "csv" if fmt == "csv" else None
            ours[fmt] = median_time(lambda: export(store, fmt, out, io.BytesIO()))
        g = project(select_all(store), schema(store))
        nq = io.BytesIO()
        export(store, "nq", None, nq)
        ds = Dataset()
        ds.parse(data=nq.getvalue().decode("utf-8"), format="nquads")
        union = Graph()  # the union graph: each distinct triple once, as our ttl
        for s, p, o, _ in ds.quads():
            union.add((s, p, o))
        peers = {
            "ttl": ("rdflib turtle", lambda: union.serialize(format="turtle")),
            "nq": ("rdflib nquads", lambda: ds.serialize(format="nquads")),
            "jsonld": ("rdflib json-ld", lambda: ds.serialize(format="json-ld")),
        }
        bridge = rdflib_to_networkx_multidigraph(union)

        def bridge_graphml():
            h = nx.MultiDiGraph()
            h.add_edges_from((str(u), str(v), str(k)) for u, v, k in bridge.edges(keys=True))
            nx.write_graphml(h, io.BytesIO())
        peers["graphml"] = ("rdflib_to_networkx_multidigraph + write_graphml", bridge_graphml)
        n_quads = len(store)
    print(f"store: {n_quads} quads; projection: {g.number_of_nodes()} nodes, {g.number_of_edges()} edges; "
          f"rdflib bridge graph: {bridge.number_of_nodes()} nodes (literals included), {bridge.number_of_edges()} edges")
    for fmt in FORMATS:
        line = f"export {fmt:9} {ours[fmt]:6.2f} s"
        if fmt in peers:
            name, fn = peers[fmt]
            t = median_time(fn)
            line += f"   {name}: {t:6.2f} s   ratio peer/ours = {t / ours[fmt]:.2f}"
        print(line)


if __name__ == "__main__":
    main()
