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

from . import build as B


def _err(msg: str) -> None:
    click.echo(msg, err=True)


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
            prog.update(task, advance=1, description=path.name)
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
        _err(f"error: {exc}")
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
    summary = ", ".join(f"{n} {k}{'s' if n != 1 else ''}" for k, n in sorted(kinds.items()))
    _err(f"built {store}: {summary}, {report.quads} quads, {nfind} data-quality findings; SHACL: conforms")


@main.command("validate")
@store_option
def validate_cmd(store: Path | None) -> None:
    """Validate a store against the SHACL shapes (exit 0 conforms, 1 violations, 2 error)."""
    try:
        st = B.open_store(store)
        conforms, violations = B.validate_store(st)
    except B.BuildError as exc:
        _err(f"error: {exc}")
        sys.exit(2)
    if conforms:
        _err("SHACL: conforms")
        return
    for line in B.readable_report(violations, limit=200):
        _err(line)
    sys.exit(1)


@main.command("queries")
def queries_cmd() -> None:
    """List the canned queries: name, description, parameters."""
    from .queries import catalogue

    for q in catalogue().values():
        params = ", ".join(f"{k} ({v})" if v else k for k, v in q.params.items()) or "-"
        click.echo(f"{q.name}\t{q.description}\tparams: {params}")


def _write_rows(header, rows, fmt: str) -> None:
    out = sys.stdout
    if fmt in ("csv", "tsv"):
        w = csv.writer(out, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)
    elif fmt == "table":
        if not rows:
            _err("(no rows)")
        if sys.stdout.isatty():
            from rich.console import Console
            from rich.table import Table

            t = Table(*header)
            for r in rows:
                t.add_row(*r)
            Console().print(t)
        else:
            w = csv.writer(out, delimiter="\t", lineterminator="\n")
            w.writerow(header)
            w.writerows(rows)


@main.command("query")
@click.argument("name", required=False)
@click.option("--sparql", help="Run this SPARQL text instead of a canned query.")
@click.option("--param", "-p", multiple=True, help="Parameter binding k=v (repeatable).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json"]), default="table", show_default=True)
@store_option
def query_cmd(name: str | None, sparql: str | None, param: tuple[str, ...], fmt: str, store: Path | None) -> None:
    """Run a canned query by NAME, a .rq FILE, or --sparql TEXT over the union of all graphs."""
    from .queries import QueryError, catalogue, parse_header, rows, run

    params = {}
    for p in param:
        k, sep, v = p.partition("=")
        if not sep or not k:
            _err(f"error: --param expects k=v, got {p!r}")
            sys.exit(2)
        params[k] = v
    declared = None
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
    else:
        _err("error: give a query NAME, a FILE.rq or --sparql")
        sys.exit(2)
    try:
        st = B.open_store(store)
        res = run(st, text, params, declared)
    except (B.BuildError, QueryError) as exc:
        _err(f"error: {exc}")
        sys.exit(2)
    from pyoxigraph import QueryBoolean, QueryResultsFormat, QuerySolutions, RdfFormat

    if isinstance(res, QueryBoolean):
        click.echo("true" if bool(res) else "false")
        return
    if not isinstance(res, QuerySolutions):  # CONSTRUCT / DESCRIBE
        buf = io.BytesIO()
        res.serialize(buf, format=RdfFormat.TURTLE)
        sys.stdout.write(buf.getvalue().decode("utf-8"))
        return
    if fmt == "json":
        buf = io.BytesIO()
        res.serialize(buf, format=QueryResultsFormat.JSON)
        sys.stdout.write(buf.getvalue().decode("utf-8") + "\n")
        return
    header, data = rows(res)
    _write_rows(header, data, fmt)


if __name__ == "__main__":
    main()
