"""`cyberkg release DIR`: a versioned, reproducible dump of a built store.

Writes DIR/<version>/ (version = package version + "-" + the first 12 hex digits of the SHA-256
of the content: the sorted N-Quads, ontology and shapes files), atomically (a temporary directory
renamed into place):

    cyberkg.nq          every quad of the store, one per line, sorted (W3C N-Quads, canonical
                        N-Triples term forms): one named graph per source document, plus the
                        ontology and entity-resolution graphs
    cyberkg.ttl         the union graph, triples deduplicated and sorted, fixed prefixes (Turtle)
    cyberkg.jsonld      the dataset (named graphs kept) as JSON-LD 1.1 with an embedded @context
                        of the project prefixes; arrays and keys sorted
    ontology/*.ttl      the ontology source files, and ontology/cyberkg.html (pyLODE, ontodoc.py)
    shapes/*.ttl        the SHACL shapes
    void.ttl            VoID + DCAT-AP 3.0.1 description (`void_triples`): absolute IRIs under
                        --base-url, version, licence, the sources' terms, provenance, counts
                        computed from the store, class/property partitions, the Wikidata
                        linksets, one dcat:Distribution per file, the SPARQL DataService
    SHA256SUMS          `sha256sum -c` format, every other file

Nothing depends on the wall clock, the host or the order of set iteration: two releases of the
same store are byte-identical (tests/test_release.py).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
import warnings
from collections.abc import Callable
from pathlib import Path

from ..store.build import ONTOLOGY_DIR, SHAPES_DIR, VERSION, BuildError
from ..graph.vocab import BASE, DCAT, DCT, ID, OWL, PREFIXES, PROV, RDF, RDFS, SKOS, VOID
from .export import umask

LICENCE = "https://creativecommons.org/licenses/by/4.0/"
SOURCES_RIGHTS = (
    "The graph (the structure, identifiers, links and everything the ETL derived) is published by "
    "the cyberkg project under CC BY 4.0. It quotes and is derived from third-party documents that "
    "keep their own terms: the ITU Cyberwellness Profiles are (c) International Telecommunication "
    "Union (ITU), all rights reserved, reproduced here as short verbatim passages with attribution "
    "to their source document; the Bhutan Social Media Policy (2016) is a policy of the Royal "
    "Government of Bhutan (RGoB). Wikidata identifiers are CC0.")
WIKIDATA = "http://www.wikidata.org/entity/"
IANA = "https://www.iana.org/assignments/media-types/"               # dcat:mediaType (DCAT-AP 3: IANA)
FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"  # dct:format (DCAT-AP 3: EU file types)
W3C_FORMATS = "http://www.w3.org/ns/formats/"                         # W3C's IRIs for RDF formats
# file -> (media type, EU file type, specifications it conforms to, title)
DUMPS = {
    "cyberkg.nq": ("application/n-quads", "RDF_N_QUADS", ("N-Quads",),
                   "All quads, one named graph per source document (N-Quads, sorted)"),
    "cyberkg.ttl": ("text/turtle", "RDF_TURTLE", ("Turtle",), "The union graph (Turtle, triples sorted)"),
    "cyberkg.jsonld": ("application/ld+json", "JSON_LD", ("JSON-LD",),
                       "The dataset with its named graphs (JSON-LD with context)"),
}
BY_SUFFIX = {".ttl": ("text/turtle", "RDF_TURTLE", ("Turtle",)), ".html": ("text/html", "HTML", ())}
STANDARDS = {  # the dct:Standard IRIs used in dct:conformsTo, with their titles
    "Turtle": (W3C_FORMATS + "Turtle", "RDF 1.1 Turtle"),
    "N-Quads": (W3C_FORMATS + "N-Quads", "RDF 1.1 N-Quads"),
    "JSON-LD": (W3C_FORMATS + "JSON-LD", "JSON-LD 1.1"),
    "SHACL": ("https://www.w3.org/TR/shacl/", "Shapes Constraint Language (SHACL)"),
    "OWL": ("https://www.w3.org/TR/owl2-overview/", "OWL 2 Web Ontology Language"),
    "SPARQL": ("https://www.w3.org/TR/sparql11-protocol/", "SPARQL 1.1 Protocol"),
}
THEMES = {  # EU data themes (DCAT-AP 3 recommends this vocabulary for dcat:theme)
    "GOVE": "Government and public sector", "TECH": "Science and technology", "JUST": "Justice, legal system and public safety"}
KEYWORDS = ("cybersecurity", "child online protection", "ITU Cyberwellness Profiles", "national policy",
            "CIRT", "legal instruments", "linked data")
STABLE = "http://publications.europa.eu/resource/authority/planned-availability/STABLE"
ENGLISH = "http://publications.europa.eu/resource/authority/language/ENG"


class ReleaseError(BuildError):
    """A release cannot be written (exit code 2: usage or I/O)."""

    def __init__(self, message: str):
        super().__init__(message, exit_code=2)


def sorted_nquads(store) -> bytes:
    """Every quad of the store as sorted, deduplicated N-Quads lines."""
    from pyoxigraph import RdfFormat

    lines = set(store.dump(format=RdfFormat.N_QUADS).splitlines())
    lines.discard(b"")
    return b"".join(line + b"\n" for line in sorted(lines))


def union_triples(store) -> list:
    """The distinct triples of the union of the named graphs, in N-Triples text order."""
    from pyoxigraph import Triple

    return sorted({Triple(q.subject, q.predicate, q.object) for q in store}, key=str)


def release_version(nquads: bytes, files: list[Path]) -> str:
    h = hashlib.sha256(nquads)
    for f in files:
        h.update(f.name.encode() + b"\0" + f.read_bytes())
    return f"{VERSION}-{h.hexdigest()[:12]}"


def jsonld(nquads: bytes) -> bytes:
    """JSON-LD 1.1 of the dataset, compacted with the project prefixes as @context (rdflib), then
    put in a stable order: JSON-LD arrays of nodes and values are unordered sets (ordered lists are
    "@list", left as they are), so sorting them changes nothing but the bytes."""
    import rdflib

    context = dict(sorted(PREFIXES.items()))
    with warnings.catch_warnings():  # rdflib 7.6's own parser and serializer use its deprecated Dataset.default_context
        warnings.simplefilter("ignore", DeprecationWarning)
        ds = rdflib.Dataset()
        ds.parse(data=nquads.decode("utf-8"), format="nquads")
        data = json.loads(ds.serialize(format="json-ld", context=context, auto_compact=True))

    def norm(v):
        if isinstance(v, dict):
            return {k: (x if k in ("@list", "@context") else norm(x)) for k, x in v.items()}
        if isinstance(v, list):
            return sorted((norm(x) for x in v), key=lambda x: json.dumps(x, sort_keys=True, ensure_ascii=False))
        return v

    return (json.dumps(norm(data), indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def _count(store, where: str) -> int:
    from ..graph.vocab import sparql_prefixes

    r = store.query(sparql_prefixes() + f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}", use_default_graph_as_union=True)
    return int(next(iter(r))["n"].value)


def _rows(store, query: str) -> list:
    from ..graph.vocab import sparql_prefixes

    return list(store.query(sparql_prefixes() + query, use_default_graph_as_union=True))


def statistics(store) -> dict:
    """The VoID statistics (void: 4.5, 4.6) of the union graph, by SPARQL over the store."""
    def links(p: str) -> int:
        return _count(store, f'SELECT DISTINCT ?s ?o WHERE {{ ?s {p} ?o FILTER(STRSTARTS(STR(?o), "{WIKIDATA}")) }}')

    return {
        "triples": _count(store, "SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o }"),
        "entities": _count(store, "SELECT DISTINCT ?s WHERE { ?s a ?c }"),
        "distinctSubjects": _count(store, "SELECT DISTINCT ?s WHERE { ?s ?p ?o }"),
        "distinctObjects": _count(store, "SELECT DISTINCT ?o WHERE { ?s ?p ?o }"),
        "properties": _count(store, "SELECT DISTINCT ?p WHERE { ?s ?p ?o }"),
        "classes": _count(store, "SELECT DISTINCT ?c WHERE { ?s a ?c }"),
        "documents": _count(store, "SELECT DISTINCT ?d WHERE { ?d ckg:sha256 ?h }"),
        "wikidataLinks": links("skos:exactMatch"),
        "wikidataBroadLinks": links("skos:broadMatch"),
    }


def vocabularies(store) -> list[str]:
    """The namespaces (of PREFIXES, not id: or wd:) of every property and class used in the store:
    the vocabularies the data use (void:vocabulary, void: 4.7)."""
    used = {r["t"].value for r in _rows(store, "SELECT DISTINCT ?t WHERE { { ?s ?t ?o } UNION { ?s a ?t } }")}
    out = set()
    for t in used:
        best = max((ns for p, ns in PREFIXES.items() if p not in ("id", "wd") and t.startswith(ns)), key=len, default=None)
        if best:
            out.add(best)
    return sorted(out)


def normalise_base(url: str) -> str:
    """`--base-url`: an absolute http(s) IRI, ending with "/" (release IRIs are <base>release/<version>)."""
    if not re.fullmatch(r"https?://[^\s<>\"{}|\\^`/]+(/[^\s<>\"{}|\\^`#?]*)?", url or ""):
        raise ReleaseError(f"--base-url {url!r}: not an absolute http(s) IRI")
    return url if url.endswith("/") else url + "/"


def void_triples(store, version: str, files: dict[str, bytes], base_url: str = BASE,
                 sparql_endpoint: str | None = None) -> list:
    """VoID (W3C Interest Group Note 2011) and DCAT-AP 3.0.1 description of one release.

    Every IRI is absolute: the dataset is <base_url>release/<version>, its files
    <base_url>release/<version>/<name> (so the file loads the same into any store, with or without
    a base IRI).  The dataset is both void:Dataset and dcat:Dataset with the DCAT-AP 3.0.1
    mandatory (dct:title, dct:description) and recommended properties (contact point,
    distributions, keywords, publisher, spatial and temporal coverage, themes); each released file
    is a dcat:Distribution (access and download URL, IANA media type, EU file type, byte size as
    xsd:nonNegativeInteger, SHA-256 checksum, licence, availability, the specification it
    conforms to); the SPARQL endpoint is a dcat:DataService and void:sparqlEndpoint.  Every IRI
    used as the object of a DCAT-AP property with a class range is typed with that class here, so
    the file validates alone.  The counts are those of `statistics`; partitions (void: 4.6) per
    class and property; the links to Wikidata are two void:Linksets (void: 5.1): skos:exactMatch
    to the item carrying the ISO code and skos:broadMatch to a sovereign realm's item.  Provenance:
    the dataset prov:wasDerivedFrom each source document node and prov:wasGeneratedBy the build.
    No blank nodes: auxiliary nodes are fragments of the dataset IRI.
    """
    from pyoxigraph import Literal, NamedNode, Triple

    from ..graph.vocab import FOAF, XSD, _NS

    VCARD, SPDX, DCATAP = _NS("http://www.w3.org/2006/vcard/ns#"), _NS("http://spdx.org/rdf/terms#"), _NS("http://data.europa.eu/r5r/")
    base_url = normalise_base(base_url)
    rel = base_url + "release/"
    files_base = rel + version + "/"
    ds = NamedNode(rel + version)
    endpoint = NamedNode(sparql_endpoint or base_url + "sparql")
    out: list = []

    def add(s, p, o):
        out.append(Triple(s, p, o))

    def num(n: int, dt=XSD.integer):
        return Literal(str(n), datatype=dt)

    def en(text: str):
        return Literal(text, language="en")

    def frag(name: str) -> NamedNode:
        return NamedNode(ds.value + "#" + name)

    def typed(iri: str, cls, label: str | None = None, lp=None) -> NamedNode:
        n = NamedNode(iri)
        add(n, RDF.type, cls)
        if label:
            add(n, lp or RDFS.label, en(label))
        return n

    def standard(key: str) -> NamedNode:
        iri, title = STANDARDS[key]
        return typed(iri, DCT.Standard, title, DCT.title)

    stats = statistics(store)
    add(ds, RDF.type, VOID.Dataset)
    add(ds, RDF.type, DCAT.Dataset)
    add(ds, DCT.title, en("CyberKG: national cybersecurity posture knowledge graph"))
    add(ds, DCT.description, en(
        "ITU Cyberwellness Profiles and national policy documents as SHACL-validated linked data: one "
        f"named graph per source document ({stats['documents']} documents), the ontology, and the "
        "entity-resolution graph."))
    add(ds, OWL.versionInfo, Literal(version))
    add(ds, DCAT.version, Literal(version))
    add(ds, DCT.identifier, Literal(ds.value))
    add(ds, DCT.license, typed(LICENCE, DCT.LicenseDocument, "Creative Commons Attribution 4.0 International"))
    rights = typed(ds.value + "#rights", DCT.RightsStatement, SOURCES_RIGHTS)
    add(ds, DCT.rights, rights)
    add(ds, DCT.accessRights, typed("http://publications.europa.eu/resource/authority/access-right/PUBLIC",
                                    DCT.RightsStatement, "public"))
    onto = typed(BASE + "ontology", DCT.Standard, "CyberKG ontology", DCT.title)
    add(ds, DCT.conformsTo, onto)
    add(ds, DCT.language, typed(ENGLISH, DCT.LinguisticSystem, "English"))
    publisher = typed(base_url, FOAF.Agent)
    add(publisher, FOAF.name, en("The cyberkg project"))
    add(ds, DCT.publisher, publisher)
    contact = frag("contact")
    add(contact, RDF.type, VCARD.Kind)
    add(contact, RDF.type, VCARD.Organization)
    add(contact, VCARD.fn, en("The cyberkg project"))
    add(contact, VCARD.hasURL, NamedNode(base_url))
    add(ds, DCAT.contactPoint, contact)
    for k in KEYWORDS:
        add(ds, DCAT.keyword, en(k))
    themes = typed("http://publications.europa.eu/resource/authority/data-theme", SKOS.ConceptScheme, "Data theme", DCT.title)
    for code, label in THEMES.items():
        t = typed("http://publications.europa.eu/resource/authority/data-theme/" + code, SKOS.Concept, label, SKOS.prefLabel)
        add(t, SKOS.inScheme, themes)
        add(ds, DCAT.theme, t)
    for r in _rows(store, "SELECT DISTINCT ?c WHERE { ?c a ckg:Country } ORDER BY ?c"):
        add(ds, DCT.spatial, r["c"])
        add(r["c"], RDF.type, DCT.Location)
    years = [r["y"].value for r in _rows(store, """SELECT DISTINCT (SUBSTR(STR(?d), 1, 4) AS ?y) WHERE {
        { ?o sdmx-dimension:refPeriod ?d } UNION { ?doc ckg:sha256 ?h ; dct:modified|dct:issued ?d } }""")]
    if years:
        period = frag("temporal")
        add(period, RDF.type, DCT.PeriodOfTime)
        add(period, DCAT.startDate, Literal(min(years), datatype=XSD.gYear))
        add(period, DCAT.endDate, Literal(max(years), datatype=XSD.gYear))
        add(ds, DCT.temporal, period)
    for v in vocabularies(store):
        add(ds, VOID.vocabulary, NamedNode(v))
    add(ds, VOID.uriSpace, Literal(ID))
    add(ds, VOID.sparqlEndpoint, endpoint)
    examples = _rows(store, """SELECT ?e WHERE {
        { SELECT (MIN(?x) AS ?e) WHERE { ?x a ckg:Country } } UNION { SELECT (MIN(?x) AS ?e) WHERE { ?x a ckg:Policy } }
        UNION { SELECT (MIN(?x) AS ?e) WHERE { ?x a ckg:NationalCIRT } } UNION { SELECT (MIN(?x) AS ?e) WHERE { ?x a ckg:Agency } } }""")
    for r in examples:
        if r["e"] is not None:
            add(ds, VOID.exampleResource, r["e"])
    for key in ("triples", "entities", "distinctSubjects", "distinctObjects", "properties", "classes"):
        add(ds, VOID[key], num(stats[key]))
    for r in _rows(store, "SELECT DISTINCT ?d WHERE { ?d ckg:sha256 ?h } ORDER BY ?d"):
        add(ds, PROV.wasDerivedFrom, r["d"])
    for r in _rows(store, "SELECT DISTINCT ?b WHERE { ?b ckg:softwareVersion ?v } ORDER BY ?b"):
        add(ds, PROV.wasGeneratedBy, r["b"])
        add(r["b"], RDF.type, PROV.Activity)

    def part(kind: str, term) -> NamedNode:
        """#class-ckg-Country: the prefixed name when the local part is a plain name, else a hash."""
        for p, ns in sorted(PREFIXES.items()):
            local = term.value[len(ns):]
            if term.value.startswith(ns) and re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", local):
                return frag(f"{kind}-{p}-{local}")
        return frag(f"{kind}-{hashlib.sha256(term.value.encode()).hexdigest()[:12]}")

    for r in _rows(store, "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c ORDER BY ?c"):
        p = part("class", r["c"])
        add(ds, VOID.classPartition, p)
        add(p, RDF.type, VOID.Dataset)
        add(p, VOID["class"], r["c"])
        add(p, VOID.entities, num(int(r["n"].value)))
    for r in _rows(store, "SELECT ?p (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } } GROUP BY ?p ORDER BY ?p"):
        p = part("property", r["p"])
        add(ds, VOID.propertyPartition, p)
        add(p, RDF.type, VOID.Dataset)
        add(p, VOID.property, r["p"])
        add(p, VOID.triples, num(int(r["n"].value)))

    wikidata = NamedNode("http://www.wikidata.org/")
    add(wikidata, RDF.type, VOID.Dataset)
    add(wikidata, DCT.title, en("Wikidata"))
    add(wikidata, VOID.uriSpace, Literal(WIKIDATA))
    for name, pred, key, what in (
            ("wikidata-links", SKOS.exactMatch, "wikidataLinks", "each country to the Wikidata item carrying its ISO 3166 code"),
            ("wikidata-broad-links", SKOS.broadMatch, "wikidataBroadLinks", "a territory to the Wikidata item of its sovereign realm")):
        linkset = frag(name)
        add(ds, VOID.subset, linkset)
        add(linkset, RDF.type, VOID.Linkset)
        add(linkset, DCT.description, en(f"{pred.value.split('#')[1]} links from {what}"))
        add(linkset, VOID.linkPredicate, pred)
        add(linkset, VOID.subjectsTarget, ds)
        add(linkset, VOID.objectsTarget, wikidata)
        add(linkset, VOID.triples, num(stats[key]))

    service = frag("sparql-service")
    add(service, RDF.type, DCAT.DataService)
    add(service, DCT.title, en("CyberKG SPARQL endpoint (cyberkg serve)"))
    add(service, DCT.description, en("Read-only SPARQL 1.1 Protocol endpoint serving this dataset; its default graph is the union of the named graphs."))
    add(service, DCAT.endpointURL, endpoint)
    add(endpoint, RDF.type, RDFS.Resource)  # the range DCAT-AP 3.0.1 gives dcat:endpointURL (ranges.ttl)
    add(service, DCAT.servesDataset, ds)
    add(service, DCAT.endpointDescription, endpoint)  # GET without a query: its SPARQL Service Description
    add(service, DCT.conformsTo, standard("SPARQL"))
    add(service, DCT.license, NamedNode(LICENCE))
    stable = typed(STABLE, SKOS.Concept, "stable", SKOS.prefLabel)
    sha256 = typed(SPDX.checksumAlgorithm_sha256.value, SPDX.ChecksumAlgorithm, "SHA-256")
    for name, data in sorted(files.items()):
        dist = frag("file-" + name.replace("/", "-"))
        url = NamedNode(files_base + name)
        if name in DUMPS:
            media, ftype, specs, title = DUMPS[name]
            add(ds, VOID.dataDump, url)
            add(ds, VOID.feature, standard(specs[0]))
        else:
            media, ftype, specs = BY_SUFFIX[Path(name).suffix]
            title = {"ontology": f"Ontology file {name}", "shapes": f"SHACL shapes {name}"}[name.split("/")[0]]
            if name.endswith(".html"):
                title = "The ontology documentation (pyLODE, HTML)"
            specs = specs + (("SHACL",) if name.startswith("shapes/") else ("OWL",) if name.endswith(".ttl") else ())
        add(ds, DCAT.distribution, dist)
        add(dist, RDF.type, DCAT.Distribution)
        add(dist, DCT.title, en(title))
        add(dist, DCT.description, en(f"{title}, in release {version}."))
        add(dist, DCAT.accessURL, url)  # DCAT-AP 3: mandatory; a file's access URL is its download URL
        add(dist, DCAT.downloadURL, url)
        add(dist, DCAT.mediaType, typed(IANA + media, DCT.MediaType))
        add(dist, DCT.format, typed(FILE_TYPE + ftype, DCT.MediaTypeOrExtent))
        for k in specs:
            add(dist, DCT.conformsTo, standard(k))
        add(dist, DCAT.byteSize, num(len(data), XSD.nonNegativeInteger))
        add(dist, DCT.license, NamedNode(LICENCE))
        add(dist, DCATAP.availability, stable)
        checksum = frag("sha256-" + name.replace("/", "-"))
        add(checksum, RDF.type, SPDX.Checksum)
        add(checksum, SPDX.algorithm, sha256)
        add(checksum, SPDX.checksumValue, Literal(hashlib.sha256(data).hexdigest(), datatype=XSD.hexBinary))
        add(dist, SPDX.checksum, checksum)
    return sorted(set(out), key=str)


VOID_PREFIXES = {"void": VOID._base, "dcat": DCAT._base, "vcard": "http://www.w3.org/2006/vcard/ns#",
                 "spdx": "http://spdx.org/rdf/terms#", "dcatap": "http://data.europa.eu/r5r/"}


def _turtle(triples, extra_prefixes: dict | None = None) -> bytes:
    """Turtle with the project prefixes; every IRI absolute, no @base."""
    from pyoxigraph import RdfFormat, serialize

    return serialize(triples, format=RdfFormat.TURTLE, prefixes=dict(PREFIXES, **(extra_prefixes or {})))


def release(store, out_dir: Path, log: Callable[[str], None] = lambda m: None, base_url: str = BASE,
            sparql_endpoint: str | None = None) -> Path:
    """Write the release of `store` into out_dir/<version>/ and return that directory.  `base_url`
    (default the w3id namespace) is where releases are published: <base_url>release/<version>/<file>;
    `sparql_endpoint` defaults to <base_url>sparql."""
    base_url = normalise_base(base_url)
    sources = sorted(ONTOLOGY_DIR.glob("*.ttl")) + sorted(SHAPES_DIR.glob("*.ttl"))
    nq = sorted_nquads(store)
    if not nq:
        raise ReleaseError("the store is empty; run `cyberkg build` first")
    version = release_version(nq, sources)
    check_release_target(Path(out_dir) / version)  # before the costly part: refuse early, touch nothing
    log(f"release {version}: {nq.count(10)} quads")
    from .ontodoc import ontology_html

    files: dict[str, bytes] = {"cyberkg.nq": nq}
    files["cyberkg.ttl"] = _turtle(union_triples(store))
    files["cyberkg.jsonld"] = jsonld(nq)
    for f in sources:
        files[f"{f.parent.name}/{f.name}"] = f.read_bytes()
    files["ontology/cyberkg.html"] = ontology_html().encode("utf-8")
    files["void.ttl"] = _turtle(void_triples(store, version, dict(files), base_url, sparql_endpoint), VOID_PREFIXES)
    files[RELEASE_MARKER] = _marker()  # what proves the folder ours (check_release_target); listed too
    files["SHA256SUMS"] = "".join(f"{hashlib.sha256(files[n]).hexdigest()}  {n}\n" for n in sorted(files)).encode()

    out_dir = Path(out_dir)
    target = out_dir / version
    check_release_target(target)
    mask = umask()
    tmp = None
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{version}.tmp-", dir=out_dir))  # new, so ours
        os.chmod(tmp, 0o777 & ~mask)  # mkdtemp makes it 0700; a release is as readable as the umask says
        for name, data in files.items():
            p = tmp / name
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_bytes(data)
        if target.exists() or target.is_symlink():  # the same version is the same content: replace it whole
            check_release_target(target)
            old = Path(tempfile.mkdtemp(prefix=f".{version}.old-", dir=out_dir))
            os.replace(target, old)  # onto the empty folder just made
            os.replace(tmp, target)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(tmp, target)
    except OSError as exc:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
        raise ReleaseError(f"{exc.filename or out_dir}: cannot write the release: {exc.strerror or exc}") from None
    return target


# A release folder holds RELEASE_MARKER (listed in SHA256SUMS like every file).  An
# existing DIR/<version> is replaced only when it is ours: it has the marker, or (releases made
# before the marker) its files are exactly those SHA256SUMS lists, each with its listed hash.
RELEASE_MARKER = ".cyberkg-release.json"
RELEASE_FORMAT = 1


def _marker() -> bytes:
    return (json.dumps({"cyberkg": "release", "format": RELEASE_FORMAT}, sort_keys=True) + "\n").encode()


def is_our_release(d: Path) -> bool:
    if d.is_symlink() or not d.is_dir():
        return False
    try:
        data = json.loads((d / RELEASE_MARKER).read_bytes()[:4096])
        if isinstance(data, dict) and data.get("cyberkg") == "release" and isinstance(data.get("format"), int):
            return True
    except (OSError, ValueError):
        pass
    try:  # the previous format: SHA256SUMS proves every file
        listed = {}
        for line in (d / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
            digest, _, name = line.partition("  ")
            listed[name] = digest
        present = {str(p.relative_to(d)) for p in d.rglob("*") if not p.is_dir() or p.is_symlink()}
        if present != set(listed) | {"SHA256SUMS"}:
            return False
        return all(hashlib.sha256((d / n).read_bytes()).hexdigest() == h for n, h in listed.items())
    except (OSError, ValueError):
        return False


def check_release_target(target: Path) -> None:
    if target.exists() or target.is_symlink():
        if not is_our_release(target):
            raise ReleaseError(f"{target}: exists and is not a cyberkg release (no {RELEASE_MARKER}, and SHA256SUMS "
                               "does not account for its files); refusing to replace it, nothing was written")
    parent = target.parent
    if parent.exists() and not parent.is_dir():
        raise ReleaseError(f"{parent}: exists and is not a directory")
