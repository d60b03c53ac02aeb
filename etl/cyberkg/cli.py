"""cyberkg command line.  Data goes to stdout; logs, progress and reports to stderr.

Exit codes: 0 success; 1 data problem (SHACL violations, unreadable source); 2 usage or I/O error.
Heavy libraries (rdflib, pyshacl, rich) are imported inside the commands that need them, so that
`cyberkg query` starts fast.
"""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

import click

from .sources.text import display, display_multiline
from .store import build as B


def _err(msg: str) -> None:
    """One message on stderr, control characters escaped (text.display): file names, source text,
    server answers never reach the terminal as escape sequences."""
    click.echo(display_multiline(msg), err=True)


def _console():
    from rich.console import Console

    return Console(stderr=True)  # rich honours NO_COLOR and non-terminal stderr


def _progress_factory():
    if not sys.stderr.isatty():
        return None
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    def factory(total: int):
        prog = Progress(TextColumn("parsing"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.description}"),
                        console=_console(), transient=True)
        prog.start()
        task = prog.add_task("", total=total)

        def step(path: Path):
            from rich.markup import escape

            prog.update(task, advance=1, description=escape(display(path.name)))
            if prog.tasks[0].completed >= total:
                prog.stop()
        return step
    return factory


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(B.VERSION, prog_name="cyberkg")
def main() -> None:
    """Knowledge graph of national cybersecurity and child online protection posture."""


store_option = click.option("--store", "store", type=click.Path(path_type=Path), default=None,
                            help="Store directory (default: $CYBERKG_STORE or var/store in the project).")


@main.command("build")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@store_option
@click.option("--keep-going", is_flag=True, help="Skip unreadable documents (reported) instead of failing.")
def build_cmd(paths: tuple[Path, ...], store: Path | None, keep_going: bool) -> None:
    """Parse documents (default: the bundled data/), validate with SHACL, and swap in a new store."""
    store = store or B.default_store()
    sources = list(paths) or [B.DATA_DIR]
    try:
        report = B.build(sources, store, keep_going=keep_going, progress_factory=_progress_factory(), log=_err)
    except B.BuildError as exc:
        for e in exc.errors:
            _err(f"error: {e}")
        sys.exit(exc.exit_code)
    for s in report.skipped:
        _err(f"note: {s}")
    for e in report.errors:
        _err(f"skipped: {e}")
    nfind = 0
    for d in report.documents:
        for f in d.result.findings:
            nfind += 1
            _err(f"finding: {d.path.name} [{f.section}] {f.kind}: {f.message}")
    kinds = {}
    for d in report.documents:
        kinds[d.kind] = kinds.get(d.kind, 0) + 1
    summary = ", ".join(f"{n} {k[:-1] + 'ies' if n != 1 and k.endswith('y') else k + ('s' if n != 1 else '')}"
                        for k, n in sorted(kinds.items()))
    _err(f"built {store}: {summary}, {report.quads} quads, {nfind} data-quality findings; SHACL: conforms")


def validation_report_graph(conforms: bool, violations):
    """The W3C SHACL validation report (section 3.6 of the SHACL Recommendation) as an rdflib graph:
    one sh:ValidationReport with sh:conforms and one sh:ValidationResult per violation."""
    from rdflib import BNode, Graph, Literal, Namespace, URIRef
    from rdflib.namespace import RDF, XSD

    SH = Namespace("http://www.w3.org/ns/shacl#")

    def term(value: str):
        return URIRef(value) if value.startswith(("http://", "https://", "urn:", "file:")) else Literal(value)

    g = Graph()
    g.bind("sh", SH)
    report = BNode("report")
    g.add((report, RDF.type, SH.ValidationReport))
    g.add((report, SH.conforms, Literal(conforms, datatype=XSD.boolean)))
    for n, v in enumerate(violations):
        r = BNode(f"result{n}")
        g.add((report, SH.result, r))
        g.add((r, RDF.type, SH.ValidationResult))
        g.add((r, SH.focusNode, term(v.focus)))
        g.add((r, SH.resultSeverity, SH[v.severity] if v.severity in ("Violation", "Warning", "Info") else SH.Violation))
        g.add((r, SH.resultMessage, Literal(v.message)))
        if v.path:
            g.add((r, SH.resultPath, term(v.path)))
        if v.value is not None:
            g.add((r, SH.value, term(v.value)))
        if v.shape:
            g.add((r, SH.sourceShape, term(v.shape)))
        if v.constraint:
            c = term(v.constraint)
            if str(c).startswith(str(SH)) and str(c).endswith("ConstraintComponent"):
                g.add((r, SH.sourceConstraintComponent, c))
            else:  # a SPARQL-based constraint (SHACL 5.3): its component is sh:SPARQLConstraintComponent
                g.add((r, SH.sourceConstraintComponent, SH.SPARQLConstraintComponent))
                g.add((r, SH.sourceConstraint, c))
    return g


@main.command("validate")
@store_option
@click.option("--format", "fmt", type=click.Choice(["text", "ttl", "json-ld"]), default="text", show_default=True,
              help="text: a readable report on stderr; ttl / json-ld: the sh:ValidationReport graph on stdout")
def validate_cmd(store: Path | None, fmt: str) -> None:
    """Validate a store against the SHACL shapes (exit 0 conforms, 1 violations, 2 error)."""
    try:
        st = B.open_store(store)
        conforms, violations = B.validate_store(st)
    except B.BuildError as exc:
        _err(f"error: {exc}")
        sys.exit(2)
    if fmt != "text":
        g = validation_report_graph(conforms, violations)
        data = g.serialize(format="turtle" if fmt == "ttl" else "json-ld",
                           **({"context": {"sh": "http://www.w3.org/ns/shacl#"}, "auto_compact": True} if fmt == "json-ld" else {}))
        sys.stdout.write(data if data.endswith("\n") else data + "\n")
        sys.stdout.flush()
        sys.exit(0 if conforms else 1)
    if conforms:
        _err("SHACL: conforms")
        return
    for line in B.readable_report(violations, limit=200):
        _err(line)
    sys.exit(1)


@main.command("queries")
def queries_cmd() -> None:
    """List the canned queries: name, description, parameters."""
    from .store.queries import PREDECLARED, catalogue

    for q in catalogue().values():
        params = ", ".join(f"{k} ({v})" if v else k for k, v in q.params.items()) or "-"
        click.echo(f"{q.name}\t{q.description}\tparams: {params}")
    click.echo("\nPredeclared prefixes (usable in every query, CLI and HTTP, without a PREFIX line):")
    for p, ns in sorted(PREDECLARED.items()):
        click.echo(f"PREFIX {p}: <{ns}>")


def _out(text: str) -> None:
    """Data on stdout: as is into a file or pipe; on a terminal with control characters escaped
    (line breaks kept; a CR, tab or escape sequence in a value is shown as \\r, \\t, \\x1b)."""
    if sys.stdout.isatty():
        text = display_multiline(text.replace("\r\n", "\n"))
    sys.stdout.write(text)


def _write_rows(header, rows, fmt: str) -> None:
    """csv: SPARQL 1.1 Query Results CSV (RFC 4180 by the csv module: CRLF line ends, a value with a
    comma, quote, CR or LF quoted).  table: on a terminal a rich table, control characters escaped;
    otherwise tab-separated lexical forms with TAB, LF, CR and backslash escaped (\\t \\n \\r \\\\),
    so that one line is always one row."""
    out = sys.stdout
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\r\n")
        w.writerow(header)
        w.writerows(rows)
        _out(buf.getvalue())
    elif fmt == "table":
        if not rows:
            _err("(no rows)")
        if sys.stdout.isatty():
            from rich.console import Console
            from rich.table import Table
            from rich.text import Text

            t = Table()
            for h in header:
                t.add_column(Text(display(h)))
            for r in rows:
                t.add_row(*[Text(display(v)) for v in r])
            Console().print(t)
        else:
            def esc(v: str) -> str:
                return v.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
            for r in [header, *rows]:
                out.write("\t".join(map(esc, r)) + "\n")


@main.command("query")
@click.argument("name", required=False)
@click.option("--sparql", help="Run this SPARQL text instead of a canned query.")
@click.option("--param", "-p", multiple=True, help="Parameter binding k=v (repeatable).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json"]), default="table", show_default=True)
@store_option
def query_cmd(name: str | None, sparql: str | None, param: tuple[str, ...], fmt: str, store: Path | None) -> None:
    """Run a canned query by NAME, a .rq FILE, or --sparql TEXT; the default graph is the merge of all graphs, each triple once."""
    from .store.queries import QueryError, catalogue, parse_header, rows, run

    params = {}
    for p in param:
        k, sep, v = p.partition("=")
        if not sep or not k:
            _err(f"error: --param expects k=v, got {p!r}")
            sys.exit(2)
        params[k] = v
    declared = query_name = None
    if sparql and name:
        _err(f"error: give a query NAME (or FILE.rq) or --sparql TEXT, not both (got {name!r} and --sparql)")
        sys.exit(2)
    if sparql:
        text = sparql
    elif name and (name.endswith(".rq") or Path(name).is_file()):
        try:
            q = parse_header(Path(name))
        except OSError as exc:
            _err(f"error: {name}: {exc.strerror}")
            sys.exit(2)
        text, declared = q.text, (q.params or None)
    elif name:
        cat = catalogue()
        if name not in cat:
            _err(f"error: no canned query named {name!r}; `cyberkg queries` lists them")
            sys.exit(2)
        text, declared = cat[name].text, cat[name].params
        query_name = name
    else:
        _err("error: give a query NAME, a FILE.rq or --sparql")
        sys.exit(2)
    try:
        from .store.dataset import cached_merged

        st = cached_merged(store or B.default_store(), B.open_store(store))
        res = run(st, text, params, declared, query_name)
    except (B.BuildError, QueryError) as exc:
        _err(f"error: {exc}")
        sys.exit(2)
    from pyoxigraph import QueryBoolean, QueryResultsFormat, QuerySolutions, RdfFormat

    if isinstance(res, QueryBoolean):
        if fmt == "json":  # the SPARQL 1.1 Query Results JSON boolean document
            buf = io.BytesIO()
            res.serialize(buf, format=QueryResultsFormat.JSON)
            sys.stdout.write(buf.getvalue().decode("utf-8") + "\n")
            return
        click.echo("true" if bool(res) else "false")
        return
    if not isinstance(res, QuerySolutions):  # CONSTRUCT / DESCRIBE
        buf = io.BytesIO()
        res.serialize(buf, format=RdfFormat.TURTLE)
        _out(buf.getvalue().decode("utf-8"))
        return
    if fmt in ("json", "tsv"):  # tsv: SPARQL 1.1 Query Results TSV (terms in SPARQL syntax, escaped)
        buf = io.BytesIO()
        res.serialize(buf, format=QueryResultsFormat.JSON if fmt == "json" else QueryResultsFormat.TSV)
        data = buf.getvalue().decode("utf-8")
        _out(data + ("\n" if fmt == "json" else ""))
        return
    header, data = rows(res)
    _write_rows(header, data, fmt)


@main.command("export")
@click.option("--format", "fmt", required=True,
              type=click.Choice(["graphml", "gexf", "cytoscape", "csv", "ttl", "nt", "nq", "jsonld"]),
              help="Graph formats (graphml, gexf, cytoscape, csv) project entities and relations; "
                   "RDF formats (ttl, nt, nq, jsonld) write the selected triples/quads.")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="Output file (default stdout); for csv a directory that gets nodes.csv and edges.csv.")
@click.option("--country", "countries", multiple=True, metavar="ISO3",
              help="Only this country's neighbourhood (repeatable): its documents' entities and what they link to.")
@click.option("--query", "query_file", type=click.Path(path_type=Path), default=None, metavar="FILE.rq",
              help="Export the subgraph a CONSTRUCT query in FILE.rq selects.")
@click.option("--with-statements", is_flag=True,
              help="Graph formats: every node (indicator statements, passages, reference concepts), not only the "
                   "entities (country, agencies, CIRTs, instruments, conventions, programmes, policies, assessments).")
@click.option("--flavour", type=click.Choice(["plain", "yed"]), default="plain", show_default=True,
              help="graphml: `yed` adds yEd's node colours, shapes and labels (yFiles GraphML extension).")
@store_option
def export_cmd(fmt: str, output: Path | None, countries: tuple[str, ...], query_file: Path | None,
               with_statements: bool, flavour: str, store: Path | None) -> None:
    """Export the store (or a selection of it) for graph visualisers and RDF tools."""
    from .outputs.export import ExportError, export

    try:
        st = B.open_store(store)
        summary = export(st, fmt, output, sys.stdout.buffer, countries=countries, query=query_file,
                         with_statements=with_statements, flavour=flavour)
    except (B.BuildError, ExportError) as exc:
        _err(f"error: {exc}")
        sys.exit(2)
    _err(summary)


@main.command("release")
@click.argument("directory", type=click.Path(path_type=Path))
@click.option("--base-url", default="https://w3id.org/cyberkg/", show_default=True, metavar="URL",
              help="Where releases are published: file IRIs in void.ttl are URL/release/<version>/<file>.")
@click.option("--sparql-endpoint", default=None, metavar="URL",
              help="The public SPARQL endpoint named in void.ttl (default: URL/sparql of --base-url).")
@store_option
def release_cmd(directory: Path, base_url: str, sparql_endpoint: str | None, store: Path | None) -> None:
    """Write a versioned, reproducible release of the store into DIRECTORY/<version>/ (dumps, ontology, shapes, VoID/DCAT, SHA256SUMS)."""
    from .outputs.release import normalise_base, release

    try:
        normalise_base(base_url)
        st = B.open_store(store)
        target = release(st, directory, log=_err, base_url=base_url, sparql_endpoint=sparql_endpoint)
    except B.BuildError as exc:
        _err(f"error: {exc}")
        sys.exit(exc.exit_code)
    _err(f"released {target}")
    click.echo(display(target) if sys.stdout.isatty() else str(target))


@main.command("publish")
@click.option("--graph-store", "endpoint", required=True, metavar="URL",
              help="SPARQL 1.1 Graph Store HTTP Protocol endpoint, e.g. http://127.0.0.1:7878/store (Oxigraph), "
                   "http://host:3030/ds/data (Fuseki).")
@click.option("--auth", metavar="USER:PASS", default=None,
              help="Credentials (or $CYBERKG_PUBLISH_AUTH), sent as the server's 401 challenge asks: Digest or Basic.")
@click.option("--token", default=None, help="Bearer token (or $CYBERKG_PUBLISH_TOKEN).")
@click.option("--state", "state", type=click.Path(path_type=Path), default=None,
              help="Resume state file (default: <store>.publish.json beside the store).")
@click.option("--force", is_flag=True, help="Push every graph, even those the state says are unchanged.")
@click.option("--timeout", default=60.0, show_default=True, type=click.FloatRange(min=0.1),
              help="Seconds per request, as a whole (connect, upload, answer).")
@store_option
def publish_cmd(endpoint: str, auth: str | None, token: str | None, state: Path | None, force: bool,
                timeout: float, store: Path | None) -> None:
    """PUT each named graph of the store to a Graph Store endpoint (idempotent, resumable)."""
    import os

    from .outputs.publish import default_state, publish

    auth = auth or os.environ.get("CYBERKG_PUBLISH_AUTH")
    token = token or os.environ.get("CYBERKG_PUBLISH_TOKEN")
    creds = None
    if auth:
        user, sep, password = auth.partition(":")
        if not sep:
            _err("error: --auth expects USER:PASS")
            sys.exit(2)
        creds = (user, password)
    store = store or B.default_store()
    bar = task = None
    if sys.stderr.isatty():
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        bar = Progress(TextColumn("publishing"), BarColumn(), MofNCompleteColumn(), console=_console(), transient=True)

        def progress(graph: str, done: int, total: int) -> None:
            nonlocal task
            if task is None:
                bar.start()
                task = bar.add_task("", total=total)
            bar.update(task, completed=done)
    else:
        def progress(graph: str, done: int, total: int) -> None:
            _err(f"[{done}/{total}] {graph}")
    try:
        st = B.open_store(store)
        report = publish(st, endpoint, state_path=state or default_state(store), auth=creds, token=token,
                         force=force, progress=progress, timeout=timeout)
    except B.BuildError as exc:
        _err(f"error: {exc}")
        sys.exit(exc.exit_code)
    finally:
        if task is not None:
            bar.stop()
    from .outputs.publish import redact

    _err(f"published to {redact(endpoint, tuple(x for x in (creds[1] if creds else '', token or '') if x))}: {len(report.pushed)} graphs pushed, {len(report.skipped)} unchanged, "
         f"{len(report.deleted)} removed, {report.triples} triples in all")


@main.command("serve")
@store_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind (loopback by default).")
@click.option("--port", default=7878, show_default=True, type=click.IntRange(0, 65535), help="TCP port.")
@click.option("--timeout", default=30.0, show_default=True, type=click.FloatRange(min=0.01),
              help="Query deadline in seconds; a query past it is stopped and answered 503.")
@click.option("--max-rows", default=100_000, show_default=True, type=click.IntRange(min=0),
              help="Most result rows (or triples) per answer; more gives 413. 0: no cap.")
@click.option("--max-request-bytes", default=1 << 20, show_default=True, type=click.IntRange(min=1024),
              help="Largest request body or URL query; larger gives 413.")
@click.option("--workers", default=None, type=click.IntRange(min=1),
              help="Query worker processes (default: CPU count, at least 2).")
@click.option("--cors", is_flag=True, help="Send CORS headers (Access-Control-Allow-Origin: *).")
@click.option("--allow-federation", "allow_federation", multiple=True, metavar="ENDPOINT",
              help="Allow SERVICE to this endpoint IRI (repeatable); all other SERVICE clauses are refused.")
@click.option("--cache-mb", default=64, show_default=True, type=click.IntRange(min=0),
              help="Memory for repeated answers (exact: the store is read-only). 0 disables.")
@click.option("--access-log", is_flag=True, help="Log every request on stderr.")
@click.option("--head-timeout", default=10.0, show_default=True, type=click.FloatRange(min=0.1),
              help="Seconds a client has to send a request's head (URL and headers); slower gets 408.")
@click.option("--worker-memory-mb", default=None, type=click.IntRange(min=0),
              help="Memory cap per query worker; a query past it gets 503 and the worker is replaced. "
                   "Default: half the machine's memory over the workers, 512..2048. 0: no cap.")
@click.option("--max-response-mb", default=64, show_default=True, type=click.IntRange(min=1),
              help="Largest answer in MB; a larger one gets 413.")
@click.option("--send-timeout", default=30.0, show_default=True, type=click.FloatRange(min=0.1),
              help="Seconds a client may read nothing of its answer before it is dropped.")
@click.option("--max-connections", default=None, type=click.IntRange(min=1),
              help="Open connections at most; more get 503 at once. Default: what the file limit allows, at most 4096.")
@click.option("--idle-timeout", default=5.0, show_default=True, type=click.FloatRange(min=0.1),
              help="Seconds an idle kept-alive connection stays open.")
@click.option("--allowed-hosts", "allowed_hosts", multiple=True, metavar="HOST",
              help="Host header names served (repeatable); others get 400. Default: the --host address, "
                   "localhost and 127.0.0.1.")
@click.option("--base-url", default="", metavar="URL",
              help="Absolute URL of this server in answers (service description, /queries). Default: http://HOST:PORT.")
@click.option("--from-disk", is_flag=True,
              help="Query the store on disk instead of loading each version into the query workers' memory.")
@click.option("--memory-store-mb", default=64, show_default=True, type=click.IntRange(min=0),
              help="Largest store (its size on disk) loaded into memory; a larger one is queried on disk.")
def serve_cmd(store: Path | None, host: str, port: int, timeout: float, max_rows: int, max_request_bytes: int,
              workers: int | None, cors: bool, allow_federation: tuple[str, ...], cache_mb: int,
              access_log: bool, head_timeout: float, worker_memory_mb: int | None, max_response_mb: int,
              send_timeout: float, max_connections: int | None, idle_timeout: float, allowed_hosts: tuple[str, ...],
              base_url: str, from_disk: bool, memory_store_mb: int) -> None:
    """Serve the store read-only: SPARQL 1.1 Protocol at /sparql, canned queries at /queries, entity pages at /id/."""
    from .web.serve import Config, pin_version, resolve_store, run, unpin

    if port:  # a busy port: one error line before any banner or worker, exit 2
        import socket

        try:
            with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
                probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                probe.bind((host, port))
        except OSError as exc:
            _err(f"error: cannot listen on {host}:{port}: {exc.strerror or exc}")
            sys.exit(2)
    store = store or B.default_store()
    try:
        version = resolve_store(store)
    except FileNotFoundError as exc:
        _err(f"error: {exc}")
        sys.exit(2)
    pinned = pin_version(store, version, log=_err)
    cfg = Config(store_dir=pinned or version, version=version, pinned=pinned, host=host, port=port,
                 timeout=timeout, max_rows=max_rows or None, max_request_bytes=max_request_bytes, cors=cors,
                 allow_federation=allow_federation, access_log=access_log, cache_bytes=cache_mb << 20,
                 head_timeout=head_timeout, max_response_bytes=max_response_mb << 20, send_timeout=send_timeout,
                 max_connections=max_connections, idle_timeout=idle_timeout, allowed_hosts=allowed_hosts,
                 base_url=base_url, store_link=str(store), from_disk=from_disk, memory_store_mb=memory_store_mb)
    if workers:
        cfg.workers = workers
    if worker_memory_mb is not None:
        cfg.worker_memory_mb = worker_memory_mb
    try:
        run(cfg)
    except OSError as exc:
        _err(f"error: {exc}")
        sys.exit(2)
    finally:
        unpin(pinned)


if __name__ == "__main__":
    main()
