"""cyberkg: a knowledge graph of national cybersecurity and child-online-protection posture.

The packages follow the data, each layer importing only the ones below it (checked by the
import-linter contract in pyproject.toml, run by tests/test_layers.py):

    sources/  documents -> plain facts (dataclasses), no RDF
    graph/    facts -> quads (vocabulary, profile and policy mappings, entity resolution)
    store/    discover, parse, map, validate (SHACL), swap; canned and ad-hoc SPARQL
    outputs/  exports, releases, publishing, the ontology page
    web/      `cyberkg serve`: SPARQL Protocol, query workers, pages, the query UI
    cli.py    the `cyberkg` command, above all of them
"""
