"""What leaves the store as files or to other stores.

Owns: graph and RDF exports (export.py), versioned releases (release.py), Graph Store publishing
(publish.py), the ontology documentation page (ontodoc.py).
May import: `cyberkg.store` and the layers below it.
"""
