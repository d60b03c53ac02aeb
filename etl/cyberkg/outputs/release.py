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
    void.ttl            VoID + DCAT description: version, licence, the sources' terms, provenance,
                        counts computed from the store, class/property partitions, the Wikidata
                        linkset, one dcat:Distribution per file (relative dcat:downloadURL)
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

LICENCE = "https://creativecommons.org/licenses/by/4.0/"
SOURCES_RIGHTS = (
    "The graph (the structure, identifiers, links and everything the ETL derived) is published by "
    "the cyberkg project under CC BY 4.0. It quotes and is derived from third-party documents that "
    "keep their own terms: the ITU Cyberwellness Profiles are (c) International Telecommunication "
    "Union (ITU), all rights reserved, reproduced here as short verbatim passages with attribution "
    "to their source document; the Bhutan Social Media Policy (2016) is a policy of the Royal "
    "Government of Bhutan (RGoB). Wikidata identifiers are CC0.")
RELEASE_BASE = BASE + "release/"          # where releases are published; the dataset IRI
WIKIDATA = "http://www.wikidata.org/entity/"
DUMPS = {  # file -> (media type, title)
    "cyberkg.nq": ("application/n-quads", "All quads, one named graph per source document (N-Quads, sorted)"),
    "cyberkg.ttl": ("text/turtle", "The union graph (Turtle, triples sorted)"),
    "cyberkg.jsonld": ("application/ld+json", "The dataset with its named graphs (JSON-LD with context)"),
}
MEDIA = {".ttl": "text/turtle", ".html": "text/html"}


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
    return {
        "triples": _count(store, "SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o }"),
        "entities": _count(store, "SELECT DISTINCT ?s WHERE { ?s a ?c }"),
        "distinctSubjects": _count(store, "SELECT DISTINCT ?s WHERE { ?s ?p ?o }"),
        "distinctObjects": _count(store, "SELECT DISTINCT ?o WHERE { ?s ?p ?o }"),
        "properties": _count(store, "SELECT DISTINCT ?p WHERE { ?s ?p ?o }"),
        "classes": _count(store, "SELECT DISTINCT ?c WHERE { ?s a ?c }"),
        "documents": _count(store, "SELECT DISTINCT ?d WHERE { ?d ckg:sha256 ?h }"),
        "wikidataLinks": _count(store, f'SELECT DISTINCT ?s ?o WHERE {{ ?s skos:exactMatch ?o FILTER(STRSTARTS(STR(?o), "{WIKIDATA}")) }}'),
    }


def void_triples(store, version: str, files: dict[str, bytes]) -> list:
    """VoID (W3C Interest Group Note 2011) and DCAT 3 description of one release.

    The dataset is both void:Dataset and dcat:Dataset; each released file is a dcat:Distribution
    with a relative dcat:downloadURL (resolved against wherever void.ttl is read from); the
    counts are those of `statistics`; partitions (void: 4.6) per class and property; the links to
    Wikidata are a void:Linkset (void: 5.1) with their own triple count.  Provenance: the dataset
    prov:wasDerivedFrom each source document node (ckg:fileName, ckg:sha256 in its named graph)
    and prov:wasGeneratedBy the build.  No blank nodes: partitions are fragments of the dataset IRI.
    """
    from pyoxigraph import Literal, NamedNode, Triple

    from ..graph.vocab import XSD

    base = RELEASE_BASE + version + "/"
    ds = NamedNode(RELEASE_BASE + version)
    out: list = []

    def add(s, p, o):
        out.append(Triple(s, p, o))

    def num(n: int):
        return Literal(str(n), datatype=XSD.integer)

    stats = statistics(store)
    add(ds, RDF.type, VOID.Dataset)
    add(ds, RDF.type, DCAT.Dataset)
    add(ds, DCT.title, Literal("CyberKG: national cybersecurity posture knowledge graph", language="en"))
    add(ds, RDFS.comment, Literal(
        "ITU Cyberwellness Profiles and national policy documents as SHACL-validated linked data: one "
        f"named graph per source document ({stats['documents']} documents), the ontology, and the "
        "entity-resolution graph.", language="en"))
    add(ds, OWL.versionInfo, Literal(version))
    add(ds, DCAT.version, Literal(version))
    add(ds, DCT.license, NamedNode(LICENCE))
    add(ds, DCT.rights, Literal(SOURCES_RIGHTS, language="en"))
    add(ds, DCT.conformsTo, NamedNode(BASE + "ontology"))
    add(ds, VOID.vocabulary, NamedNode(PREFIXES["ckg"]))
    add(ds, VOID.uriSpace, Literal(ID))
    for key in ("triples", "entities", "distinctSubjects", "distinctObjects", "properties", "classes"):
        add(ds, VOID[key], num(stats[key]))
    for r in _rows(store, "SELECT DISTINCT ?d WHERE { ?d ckg:sha256 ?h } ORDER BY ?d"):
        add(ds, PROV.wasDerivedFrom, r["d"])
    for r in _rows(store, "SELECT DISTINCT ?b WHERE { ?b ckg:softwareVersion ?v } ORDER BY ?b"):
        add(ds, PROV.wasGeneratedBy, r["b"])

    def part(kind: str, term) -> NamedNode:
        """#class-ckg-Country: the prefixed name when the local part is a plain name, else a hash."""
        for p, ns in sorted(PREFIXES.items()):
            local = term.value[len(ns):]
            if term.value.startswith(ns) and re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", local):
                return NamedNode(f"{ds.value}#{kind}-{p}-{local}")
        return NamedNode(f"{ds.value}#{kind}-{hashlib.sha256(term.value.encode()).hexdigest()[:12]}")

    for r in _rows(store, "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c ORDER BY ?c"):
        p = part("class", r["c"])
        add(ds, VOID.classPartition, p)
        add(p, VOID["class"], r["c"])
        add(p, VOID.entities, num(int(r["n"].value)))
    for r in _rows(store, "SELECT ?p (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } } GROUP BY ?p ORDER BY ?p"):
        p = part("property", r["p"])
        add(ds, VOID.propertyPartition, p)
        add(p, VOID.property, r["p"])
        add(p, VOID.triples, num(int(r["n"].value)))

    wikidata, linkset = NamedNode("http://www.wikidata.org/"), NamedNode(ds.value + "#wikidata-links")
    add(wikidata, RDF.type, VOID.Dataset)
    add(wikidata, DCT.title, Literal("Wikidata", language="en"))
    add(wikidata, VOID.uriSpace, Literal(WIKIDATA))
    add(ds, VOID.subset, linkset)
    add(linkset, RDF.type, VOID.Linkset)
    add(linkset, VOID.linkPredicate, SKOS.exactMatch)
    add(linkset, VOID.subjectsTarget, ds)
    add(linkset, VOID.objectsTarget, wikidata)
    add(linkset, VOID.triples, num(stats["wikidataLinks"]))

    for name, data in sorted(files.items()):
        dist = NamedNode(ds.value + "#file-" + name.replace("/", "-"))
        media = DUMPS[name][0] if name in DUMPS else MEDIA[Path(name).suffix]
        add(ds, DCAT.distribution, dist)
        add(dist, RDF.type, DCAT.Distribution)
        add(dist, DCAT.downloadURL, NamedNode(base + name))
        add(dist, DCAT.mediaType, NamedNode("https://www.iana.org/assignments/media-types/" + media))
        add(dist, DCAT.byteSize, num(len(data)))
        add(dist, DCT.title, Literal(DUMPS[name][1] if name in DUMPS else name, language="en"))
        if name in DUMPS:
            add(ds, VOID.dataDump, NamedNode(base + name))
    return sorted(set(out), key=str)


def _turtle(triples, relative_to: str | None = None) -> bytes:
    """Turtle with the project prefixes.  IRIs under `relative_to` are written relative (no
    @base), so they resolve against wherever the file is read from (RFC 3986 5.1.3).  pyoxigraph's
    base_iri would relativise every IRI of the same host, prefixes included, hence the rewrite of
    the full-IRI form, which is the only form they have (no prefix covers RELEASE_BASE)."""
    from pyoxigraph import RdfFormat, serialize

    prefixes = dict(PREFIXES, void=VOID._base, dcat=DCAT._base)
    text = serialize(triples, format=RdfFormat.TURTLE, prefixes=prefixes)
    if relative_to:
        assert not any(relative_to.startswith(ns) for ns in prefixes.values())
        text = text.replace(b"<" + relative_to.encode(), b"<")
    return text


def release(store, out_dir: Path, log: Callable[[str], None] = lambda m: None) -> Path:
    """Write the release of `store` into out_dir/<version>/ and return that directory."""
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
    files["void.ttl"] = _turtle(void_triples(store, version, {k: v for k, v in files.items()}),
                                relative_to=RELEASE_BASE + version + "/")
    files[RELEASE_MARKER] = _marker()  # what proves the folder ours (check_release_target); listed too
    files["SHA256SUMS"] = "".join(f"{hashlib.sha256(files[n]).hexdigest()}  {n}\n" for n in sorted(files)).encode()

    out_dir = Path(out_dir)
    target = out_dir / version
    check_release_target(target)
    mask = _umask()
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


def _umask() -> int:
    m = os.umask(0o22)
    os.umask(m)
    return m


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
