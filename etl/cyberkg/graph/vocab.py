"""Namespaces and IRI minting.  Every term used here is declared in ontology/cyberkg.ttl (tested)."""

from __future__ import annotations

from pyoxigraph import NamedNode

BASE = "https://w3id.org/cyberkg/"
ID = BASE + "id/"
ONTOLOGY_GRAPH = BASE + "ontology"

PREFIXES = {
    "ckg": BASE + "ontology#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dct": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "org": "http://www.w3.org/ns/org#",
    "eli": "http://data.europa.eu/eli/ontology#",
    "qb": "http://purl.org/linked-data/cube#",
    "sdmx-dimension": "http://purl.org/linked-data/sdmx/2009/dimension#",
    "sdmx-attribute": "http://purl.org/linked-data/sdmx/2009/attribute#",
    "schema": "https://schema.org/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "wd": "http://www.wikidata.org/entity/",
    "sh": "http://www.w3.org/ns/shacl#",
    "id": ID,
}


class _NS:
    def __init__(self, base: str):
        self._base = base
        self._cache: dict[str, NamedNode] = {}

    def __getattr__(self, name: str) -> NamedNode:
        return self[name]

    def __getitem__(self, name: str) -> NamedNode:
        node = self._cache.get(name)
        if node is None:
            node = self._cache[name] = NamedNode(self._base + name)
        return node


CKG = _NS(PREFIXES["ckg"])
RDF = _NS(PREFIXES["rdf"])
RDFS = _NS(PREFIXES["rdfs"])
XSD = _NS(PREFIXES["xsd"])
SKOS = _NS(PREFIXES["skos"])
DCT = _NS(PREFIXES["dct"])
PROV = _NS(PREFIXES["prov"])
ORG = _NS(PREFIXES["org"])
ELI = _NS(PREFIXES["eli"])
QB = _NS(PREFIXES["qb"])
SDMXD = _NS(PREFIXES["sdmx-dimension"])
SDMXA = _NS(PREFIXES["sdmx-attribute"])
SCHEMA = _NS(PREFIXES["schema"])
WD = _NS(PREFIXES["wd"])
OWL = _NS(PREFIXES["owl"])
FOAF = _NS(PREFIXES["foaf"])
# Dataset descriptions of a release (release.py); not in PREFIXES, which every query carries.
VOID = _NS("http://rdfs.org/ns/void#")
DCAT = _NS("http://www.w3.org/ns/dcat#")


def iri(*parts: str) -> NamedNode:
    """An entity IRI under id/ from already-normalised key parts."""
    return NamedNode(ID + "/".join(parts))


def sparql_prefixes() -> str:
    return "".join(f"PREFIX {p}: <{u}>\n" for p, u in PREFIXES.items())


def compact(iri: str) -> str:
    """An IRI as a prefixed name (the longest matching namespace of PREFIXES), or unchanged."""
    best = None
    for p, ns in PREFIXES.items():
        if iri.startswith(ns) and len(iri) > len(ns) and (best is None or len(ns) > len(PREFIXES[best])):
            best = p
    return f"{best}:{iri[len(PREFIXES[best]):]}" if best else iri
