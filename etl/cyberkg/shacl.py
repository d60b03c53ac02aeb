"""SHACL validation of a store: pyshacl for SHACL Core, one pyoxigraph query per SPARQL constraint.

pyshacl evaluates a SHACL-SPARQL constraint once per focus node, re-parsing the query with rdflib
each time (about 20 ms a node: minutes for the corpus).  The SHACL spec defines the constraint's
results as the solutions of its SELECT with $this pre-bound to each focus node; evaluating the
same SELECT once with $this as a variable joined to the shape's targets gives the same solutions
(the pre-binding only restricts ?this).  So SPARQL constraints run here, in bulk, in pyoxigraph,
and pyshacl validates the rest.  tests/test_shacl_engine.py checks both engines agree on every
shape example.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

SH = "http://www.w3.org/ns/shacl#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


@dataclass(frozen=True)
class Violation:
    focus: str
    path: str | None
    value: str | None
    message: str
    shape: str  # the node shape or property shape (sh:sourceShape)
    constraint: str  # the constraint component or SPARQL constraint (sh:sourceConstraint)
    severity: str = "Violation"

    def line(self) -> str:
        return f"{self.severity}: {self.focus} path={self.path or '-'} rule={self.shape}: {self.message}"


def load_shapes(paths: list[Path]):
    import rdflib

    g = rdflib.Graph()
    for p in paths:
        g.parse(p, format="turtle")
    return g


def _prefixes(shapes, constraint) -> str:
    import rdflib

    sh = rdflib.Namespace(SH)
    out = []
    for decl_owner in shapes.objects(constraint, sh.prefixes):
        for decl in shapes.objects(decl_owner, sh.declare):
            prefix = shapes.value(decl, sh.prefix)
            ns = shapes.value(decl, sh.namespace)
            out.append(f"PREFIX {prefix}: <{ns}>")
    return "\n".join(sorted(set(out)))


def _target_pattern(shapes, shape) -> str | None:
    """Shape targets as a graph pattern binding ?this (the targets SHACL Core defines)."""
    import rdflib

    sh = rdflib.Namespace(SH)
    alts = []
    for cls in shapes.objects(shape, sh.targetClass):
        alts.append(f"{{ ?this <{RDF_TYPE}>/<http://www.w3.org/2000/01/rdf-schema#subClassOf>* <{cls}> }}")
    if (shape, rdflib.RDF.type, rdflib.RDFS.Class) in shapes:
        alts.append(f"{{ ?this <{RDF_TYPE}>/<http://www.w3.org/2000/01/rdf-schema#subClassOf>* <{shape}> }}")
    for node in shapes.objects(shape, sh.targetNode):
        alts.append(f"{{ BIND({node.n3()} AS ?this) }}")
    for p in shapes.objects(shape, sh.targetSubjectsOf):
        alts.append(f"{{ SELECT DISTINCT ?this WHERE {{ ?this <{p}> ?_o }} }}")
    for p in shapes.objects(shape, sh.targetObjectsOf):
        alts.append(f"{{ SELECT DISTINCT ?this WHERE {{ ?_s <{p}> ?this }} }}")
    return " UNION ".join(alts) if alts else None


def bulk_query(shapes, shape, constraint) -> str | None:
    """The constraint's SELECT with $this as a variable, its WHERE joined with the shape's targets."""
    import rdflib

    sh = rdflib.Namespace(SH)
    select = shapes.value(constraint, sh.select)
    targets = _target_pattern(shapes, shape)
    if select is None or targets is None:
        return None
    body = str(select).replace("$this", "?this")
    m = re.search(r"\bWHERE\s*\{", body, re.I)
    if not m:
        return None
    body = body[: m.end()] + f"\n  {targets} .\n" + body[m.end():]
    return _prefixes(shapes, constraint) + "\n" + body


def _message(template: str, row: dict[str, str]) -> str:
    return re.sub(r"\{[?$](\w+)\}", lambda m: row.get(m.group(1), m.group(0)), template)


def sparql_constraints(shapes):
    """(shape, constraint) pairs for every active sh:sparql constraint."""
    import rdflib

    sh = rdflib.Namespace(SH)
    for shape, constraint in shapes.subject_objects(sh.sparql):
        if shapes.value(constraint, sh.deactivated) == rdflib.Literal(True) or \
                shapes.value(shape, sh.deactivated) == rdflib.Literal(True):
            continue
        yield shape, constraint


def validate_sparql(store, shapes) -> list[Violation]:
    """Evaluate every SPARQL constraint once over the union of the store's graphs."""
    import rdflib

    sh = rdflib.Namespace(SH)
    out = []
    for shape, constraint in sorted(sparql_constraints(shapes)):
        q = bulk_query(shapes, shape, constraint)
        if q is None:
            raise ValueError(f"SPARQL constraint {constraint} of {shape}: cannot evaluate (no target or no WHERE)")
        template = str(shapes.value(constraint, sh.message) or shapes.value(shape, sh.message) or "SPARQL constraint violated")
        res = store.query(q, use_default_graph_as_union=True)
        names = [v.value for v in res.variables]
        for sol in res:
            row = {n: sol[n].value for n in names if sol[n] is not None}
            out.append(Violation(row.get("this", ""), row.get("path"), row.get("value"), _message(template, row),
                                 str(shape), str(constraint)))
    return out


def core_shapes(shapes):
    """A copy of the shapes without SPARQL constraints (they are evaluated in bulk instead)."""
    import rdflib

    sh = rdflib.Namespace(SH)
    g = rdflib.Graph()
    for t in shapes:
        if t[1] != sh.sparql:
            g.add(t)
    return g


def validate_core(data, shapes) -> list[Violation]:
    import pyshacl
    import rdflib

    sh = rdflib.Namespace(SH)
    _conforms, results, _text = pyshacl.validate(data, shacl_graph=core_shapes(shapes), advanced=True,
                                                 inference="none", allow_warnings=True, inplace=True)
    out = []
    for r in results.subjects(rdflib.RDF.type, sh.ValidationResult):
        sev = results.value(r, sh.resultSeverity)
        out.append(Violation(str(results.value(r, sh.focusNode)),
                             str(results.value(r, sh.resultPath)) if results.value(r, sh.resultPath) else None,
                             str(results.value(r, sh.value)) if results.value(r, sh.value) is not None else None,
                             str(results.value(r, sh.resultMessage) or ""),
                             str(results.value(r, sh.sourceShape)),
                             str(results.value(r, sh.sourceConstraintComponent)),
                             str(sev).rsplit("#", 1)[-1] if sev else "Violation"))
    return out
