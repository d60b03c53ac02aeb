"""`cyberkg serve`: the read-only SPARQL endpoint and its pages.

Owns: the HTTP front (serve.py), SPARQL Protocol handling in one place (protocol.py), the query
worker pool (executor.py), the matrix and graph views (views.py), HTML pages (pages.py), the
query UI (ui.py, static/), the /ontology route (ontology.py).
May import: `cyberkg.outputs`, `cyberkg.store` and the layers below them.
"""
