"""Quads to a validated, versioned pyoxigraph store, and queries over it.

Owns: the build (build.py: discover, parse, map, SHACL gate, atomic swap), the bulk SHACL engine
(shacl.py), canned and ad-hoc SPARQL (queries.py).
May import: `cyberkg.graph` and `cyberkg.sources`.
"""
