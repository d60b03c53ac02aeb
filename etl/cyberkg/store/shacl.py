"""SHACL validation of a store in bulk: every constraint is one SPARQL query run by pyoxigraph.

pyshacl validates each constraint once per focus node with pure-Python rdflib lookups (10-25 s for
SHACL Core on the corpus) and re-parses a SHACL-SPARQL constraint's query for every focus node
(minutes).  Here each (shape, constraint) is one SELECT over the union of the store's graphs that
returns all its validation results at once:

- SHACL-SPARQL constraints (validate_sparql): the spec defines the results as the solutions of the
  SELECT with $this pre-bound to each focus node; evaluating the same SELECT once with $this as a
  variable joined to the shape's targets gives the same solutions (pre-binding only restricts ?this).
- SHACL Core (validate_core_bulk, CoreCompiler): each constraint is compiled to set operations
  (MINUS, GROUP BY counts, FILTER) over the candidate focus or value nodes; a shape used by
  sh:node / sh:not / sh:and / sh:or / sh:xone compiles to the set of candidates that do not conform
  to it.  A constraint component or path that is not compiled makes the compiler raise: nothing is
  silently skipped.

validate_core runs pyshacl instead (the reference engine, build.validate_store(engine="pyshacl")).
tests/test_shacl_engine.py checks that both engines report the same results.  One known, deliberate
difference: a literal that is ill-typed for a datatype rdflib does not check ("2019-5"^^xsd:gYearMonth)
violates sh:datatype here, as SHACL 4.1.2 requires; pyshacl accepts it.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from pathlib import Path

SH = "http://www.w3.org/ns/shacl#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = RDF + "type"
# SHACL instance of a class (SHACL 1.5): rdf:type/rdfs:subClassOf* in the data graph.
INSTANCE_OF = f"<{RDF_TYPE}>/<{RDFS}subClassOf>*"


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


def _prefixes(shapes, *owners) -> str:
    """PREFIX lines for the sh:prefixes of the given SPARQL constraints and targets (SHACL 5.2.1)."""
    import rdflib

    sh = rdflib.Namespace(SH)
    declared: dict[str, str] = {}
    for owner in owners:
        for decl_owner in shapes.objects(owner, sh.prefixes):
            for decl in shapes.objects(decl_owner, sh.declare):
                prefix, ns = str(shapes.value(decl, sh.prefix)), str(shapes.value(decl, sh.namespace))
                if declared.setdefault(prefix, ns) != ns:
                    raise ValueError(f"{owner}: prefix {prefix}: declared as both <{declared[prefix]}> and <{ns}>")
    return "\n".join(f"PREFIX {p}: <{ns}>" for p, ns in sorted(declared.items()))


def _targets(shapes, shape) -> tuple[list[str], list]:
    """The shape's targets as alternative graph patterns binding ?this, and its SPARQL-based targets.

    SHACL 2.1.3 (node, class with rdfs:subClassOf*, implicit class, subjects-of, objects-of targets)
    and SHACL-AF 5.1 (sh:target with a sh:select); the caller needs the SPARQL targets' prefixes.
    """
    import rdflib

    sh = rdflib.Namespace(SH)
    alts, sparql_targets = [], []
    for cls in shapes.objects(shape, sh.targetClass):
        alts.append(f"{{ ?this {INSTANCE_OF} <{cls}> }}")
    if (shape, rdflib.RDF.type, rdflib.RDFS.Class) in shapes:
        alts.append(f"{{ ?this {INSTANCE_OF} <{shape}> }}")
    for node in shapes.objects(shape, sh.targetNode):
        alts.append(f"{{ BIND({_sparql_term(node, shape)} AS ?this) }}")
    for p in shapes.objects(shape, sh.targetSubjectsOf):
        alts.append(f"{{ SELECT DISTINCT ?this WHERE {{ ?this <{p}> ?_o }} }}")
    for p in shapes.objects(shape, sh.targetObjectsOf):
        alts.append(f"{{ SELECT DISTINCT ?this WHERE {{ ?_s <{p}> ?this }} }}")
    for target in shapes.objects(shape, sh.target):
        select = shapes.value(target, sh.select)
        if select is None:
            raise NotImplementedError(f"{shape}: sh:target {target} has no sh:select; "
                                      "only SPARQL-based targets are supported")
        if re.search(r"\$(currentShape|shapesGraph)\b", select):
            raise NotImplementedError(f"{shape}: SPARQL target {target} uses $currentShape or $shapesGraph")
        alts.append(f"{{ {str(select).replace('$this', '?this')} }}")
        sparql_targets.append(target)
    return alts, sparql_targets


def _sparql_term(term, shape) -> str:
    """An IRI or literal of the shapes graph in SPARQL syntax (a blank node cannot be matched)."""
    import rdflib

    if isinstance(term, rdflib.BNode):
        raise NotImplementedError(f"{shape}: a blank node as a constraint value cannot be compiled to SPARQL")
    return term.n3()


# --- SHACL-SPARQL constraints ---------------------------------------------------------------------

def bulk_query(shapes, shape, constraint) -> str | None:
    """The constraint's SELECT with $this as a variable, its WHERE joined with the shape's targets."""
    import rdflib

    sh = rdflib.Namespace(SH)
    select = shapes.value(constraint, sh.select)
    targets, sparql_targets = _targets(shapes, shape)
    if select is None or not targets:
        return None
    body = str(select).replace("$this", "?this")
    m = re.search(r"\bWHERE\s*\{", body, re.I)
    if not m:
        return None
    # The targets as a sub-SELECT, which pyoxigraph evaluates once before the join (a bare UNION
    # would be probed once per row of the constraint's first pattern).
    focus = f"{{ SELECT DISTINCT ?this WHERE {{ {' UNION '.join(targets)} }} }}"
    body = body[: m.end()] + f"\n  {focus}\n" + body[m.end():]
    return _prefixes(shapes, constraint, *sparql_targets) + "\n" + body


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


# --- SHACL Core, compiled to SPARQL ---------------------------------------------------------------
#
# Each constraint becomes a set operation over whole node sets: a sub-SELECT of the candidate nodes
# (the focus nodes, or the distinct value nodes of a path) from which an anti-join (MINUS), a
# GROUP BY count or a FILTER keeps the violating ones.  Not FILTER EXISTS: pyoxigraph evaluates an
# EXISTS once per row (0.01-0.2 ms a row in memory, up to 2.5 ms on disk with one named graph per
# document), while a MINUS evaluates its pattern once.  A shape used by sh:node / sh:not / sh:and / sh:or /
# sh:xone compiles the same way, to the SELECT of the candidates that do not conform to it.

# Value-type constraint parameters (SHACL 4.1, 4.3-4.6, 4.8.1 on node shapes): one validation
# result per value node that fails, with the value node as sh:value.
VALUE_TYPE = ("class", "datatype", "nodeKind", "minExclusive", "minInclusive", "maxExclusive", "maxInclusive",
              "minLength", "maxLength", "pattern", "in", "node", "not", "and", "or", "xone")
# The value-type parameters that test a value node by itself, as a SPARQL expression.
EXPRESSIONS = ("datatype", "nodeKind", "minExclusive", "minInclusive", "maxExclusive", "maxInclusive", "minLength",
               "maxLength", "pattern", "in", "hasValue")
# Parameters of property shapes with at most one result per focus node (SHACL 4.2, 4.8.1).
PER_FOCUS = ("minCount", "maxCount", "hasValue")
# Other sh: properties a shape may have: targets, structure, SPARQL constraints (validate_sparql),
# sh:flags (read with sh:pattern) and the non-validating properties (SHACL 2.1.4-2.1.6, 2.3.2).
# Any other sh: property on a shape (sh:closed, sh:equals, sh:qualifiedValueShape, sh:uniqueLang,
# ...) is a constraint component the compiler does not know, and it refuses the shapes graph.
NOT_CONSTRAINTS = ("targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf", "target", "path", "property",
                   "sparql", "flags", "message", "severity", "deactivated", "name", "description", "order", "group",
                   "defaultValue")

# Datatypes pyoxigraph recognises: a cast maps a well-formed literal of one to itself and fails on an
# ill-typed one ("2019-5"^^xsd:gYearMonth, "abc"^^xsd:integer), which pyoxigraph stores as given.
# SHACL 4.1.2 makes an ill-typed literal a sh:datatype violation.  Other datatypes are compared by
# IRI only (RDF 1.1 Concepts 3.3: ill-typed is defined for recognised datatypes only).
CASTABLE = {XSD + n for n in ("boolean", "integer", "decimal", "float", "double", "date", "dateTime", "time", "gYear",
                              "gYearMonth", "gMonth", "gDay", "gMonthDay", "duration", "dayTimeDuration",
                              "yearMonthDuration")}

NODE_KINDS = {  # SHACL 4.1.3
    "IRI": "isIRI({v})", "BlankNode": "isBlank({v})", "Literal": "isLiteral({v})",
    "BlankNodeOrIRI": "(isBlank({v}) || isIRI({v}))", "BlankNodeOrLiteral": "(isBlank({v}) || isLiteral({v}))",
    "IRIOrLiteral": "(isIRI({v}) || isLiteral({v}))",
}
COMPARISONS = {"minExclusive": ">", "minInclusive": ">=", "maxExclusive": "<", "maxInclusive": "<=",  # 4.3
               "minLength": ">=", "maxLength": "<="}  # 4.4.1-2


@dataclass(frozen=True)
class CompiledConstraint:
    """One constraint of one shape as a SELECT of ?this (and ?value for value-type constraints)."""
    shape: str
    component: str
    query: str
    path: str | None
    message: str
    severity: str


class CoreCompiler:
    """Compiles the SHACL Core constraints of a shapes graph (rdflib) to SPARQL SELECTs.

    Node sets are sub-SELECTs projecting one variable: `cand` is the SELECT of the candidate nodes
    bound to variable x, and each method returns the SELECT of those candidates that violate.
    """

    def __init__(self, shapes):
        import rdflib

        self.g = shapes
        self.sh = rdflib.Namespace(SH)
        self._fresh = itertools.count()
        # Refuse unknown constraint components and paths up front, whether or not a shape is reached.
        for shape in self._shape_nodes():
            self._constraints(shape)
            self._path(shape)

    # -- reading the shapes graph

    def _shape_nodes(self) -> set:
        """Every node used as a shape (SHACL 2.1): typed, with a target or a path, or a parameter value."""
        from rdflib import RDF as R
        from rdflib.collection import Collection

        g, sh = self.g, self.sh
        nodes = set(g.subjects(R.type, sh.NodeShape)) | set(g.subjects(R.type, sh.PropertyShape))
        for p in ("targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf", "target", "path"):
            nodes |= set(g.subjects(sh[p], None))
        for p in ("property", "node", "not"):
            nodes |= set(g.objects(None, sh[p]))
        for p in ("and", "or", "xone"):
            for members in g.objects(None, sh[p]):
                nodes |= set(Collection(g, members))
        return nodes

    def _constraints(self, shape) -> list[tuple[str, object]]:
        """(parameter local name, value) for each constraint of the shape; raises on unknown ones."""
        out = []
        for p, o in self.g.predicate_objects(shape):
            if not str(p).startswith(SH):
                continue
            name = str(p)[len(SH):]
            if name in VALUE_TYPE or name in PER_FOCUS:
                out.append((name, o))
            elif name not in NOT_CONSTRAINTS:
                raise NotImplementedError(f"{shape}: sh:{name} is not compiled by the bulk SHACL engine; "
                                          "validate with engine='pyshacl' or extend shacl.CoreCompiler")
        is_property_shape = self.g.value(shape, self.sh.path) is not None
        for name, _ in out:
            if name in ("minCount", "maxCount") and not is_property_shape:
                raise ValueError(f"{shape}: sh:{name} on a node shape (SHACL 4.2 allows it on property shapes only)")
        if is_property_shape and (shape, self.sh.property, None) in self.g:
            raise NotImplementedError(f"{shape}: sh:property on a property shape is not compiled")
        return sorted(out, key=lambda c: (c[0], str(c[1])))

    def _path(self, shape) -> str | None:
        """The shape's sh:path as a SPARQL property path (SHACL 2.3.1), None for a node shape."""
        path = self.g.value(shape, self.sh.path)
        return None if path is None else self._path_expr(shape, path)

    def _path_expr(self, shape, path) -> str:
        import rdflib

        if isinstance(path, rdflib.URIRef):
            return f"<{path}>"
        inverse = self.g.value(path, self.sh.inversePath)
        if inverse is not None:
            inner = self._path_expr(shape, inverse)
            return "^" + (inner if inner.startswith("<") else f"({inner})")
        raise NotImplementedError(f"{shape}: sh:path {path} is not a predicate or inverse path; "
                                  "other SHACL paths are not compiled by the bulk SHACL engine")

    def _active(self, shape) -> bool:
        import rdflib

        return self.g.value(shape, self.sh.deactivated) != rdflib.Literal(True)  # SHACL 2.1.5

    def _var(self) -> str:
        return f"?_v{next(self._fresh)}"

    # -- node sets

    @staticmethod
    def _select(x: str, body: str, modifiers: str = "") -> str:
        return f"{{ SELECT DISTINCT {x} WHERE {{ {body} }}{modifiers} }}"

    def _values(self, cand: str, x: str, path: str, w: str) -> str:
        """The distinct value nodes w of the candidates x (SHACL 2.3.2)."""
        return self._select(w, f"{cand} {x} {path} {w}")

    def value_pairs(self, shape, name: str, arg, cand: str, x: str, path: str, w: str, stack: tuple) -> str:
        """A pattern binding x from cand and w, a value node of x that violates value-type constraint
        sh:<name> <arg> of property shape `shape`."""
        if name in EXPRESSIONS:  # a test of w alone: filter the (x, w) pairs
            return f"{cand} {x} {path} {w} FILTER (!({self._test(shape, name, arg, w)}))"
        if name == "class":  # 4.1.1: anti-join with the SHACL instances of the class
            return f"{cand} {x} {path} {w} MINUS {{ {w} {INSTANCE_OF} {_sparql_term(arg, shape)} }}"
        # A shape-based constraint: evaluated on the distinct value nodes (the corpus's 3,318
        # statements have 21 ckg:indicator values), then joined back to the candidates.
        failing = self.value_violators(shape, name, arg, self._values(cand, x, path, w), w, stack)
        return f"{failing} {cand} {x} {path} {w}"

    def value_violators(self, shape, name: str, arg, cand: str, x: str, stack: tuple) -> str:
        """The value nodes x of cand that violate value-type constraint sh:<name> <arg> of the shape."""
        from rdflib.collection import Collection

        if name == "class":  # 4.1.1: anti-join with the SHACL instances of the class
            return self._select(x, f"{cand} MINUS {{ {x} {INSTANCE_OF} {_sparql_term(arg, shape)} }}")
        if name == "node":  # 4.7.1
            return self.nonconforming(arg, cand, x, stack)
        if name == "not":  # 4.6.1: the candidates that conform
            return self._select(x, f"{cand} MINUS {self.nonconforming(arg, cand, x, stack)}")
        if name in ("and", "or", "xone"):
            members = [self.nonconforming(m, cand, x, stack) for m in Collection(self.g, arg)]
            if name == "and":  # 4.6.2: not conforming to some member
                return self._select(x, " UNION ".join(members)) if members else self._nothing(x)
            if name == "or":  # 4.6.3: not conforming to any member (a join of one-variable sets intersects)
                return self._select(x, " ".join(members)) if members else cand
            # 4.6.4 xone: conforming to a number of members other than one
            if not members:
                return cand
            m = self._var()
            conform = " UNION ".join(f"{{ {self._select(x, f'{cand} MINUS {nc}')} BIND ({i} AS {m}) }}"
                                     for i, nc in enumerate(members))
            exactly_one = self._select(x, conform, f" GROUP BY {x} HAVING (COUNT(DISTINCT {m}) = 1)")
            return self._select(x, f"{cand} MINUS {exactly_one}")
        return self._select(x, f"{cand} FILTER (!({self._test(shape, name, arg, x)}))")

    def _test(self, shape, name: str, arg, v: str) -> str:
        """A SPARQL expression, never an error, true iff value node v satisfies sh:<name> <arg>.

        Comparisons are wrapped in COALESCE: one that raises an error (e.g. "abc" > 0) is a
        violation (SHACL 4.3.1: "does not return true")."""
        from rdflib.collection import Collection

        if name == "datatype":  # 4.1.2
            cond = f"isLiteral({v}) && DATATYPE({v}) = <{arg}>"
            if str(arg) in CASTABLE:
                cond += f" && DATATYPE(<{arg}>({v})) = <{arg}>"
            return f"COALESCE({cond}, false)"
        if name == "nodeKind":
            kind = str(arg)[len(SH):] if str(arg).startswith(SH) else None
            if kind not in NODE_KINDS:
                raise ValueError(f"{shape}: sh:nodeKind {arg} is not a SHACL node kind")
            return NODE_KINDS[kind].format(v=v)
        if name in ("minExclusive", "minInclusive", "maxExclusive", "maxInclusive"):
            return f"COALESCE({v} {COMPARISONS[name]} {_sparql_term(arg, shape)}, false)"
        if name in ("minLength", "maxLength"):  # a blank node has no string form: a violation
            return f"COALESCE(!isBlank({v}) && STRLEN(STR({v})) {COMPARISONS[name]} {int(arg)}, false)"
        if name == "pattern":  # 4.4.3: REGEX on STR(), blank nodes violate
            flags = self.g.value(shape, self.sh.flags)
            args = _quoted(arg) + (f", {_quoted(flags)}" if flags is not None else "")
            return f"COALESCE(!isBlank({v}) && REGEX(STR({v}), {args}), false)"
        if name == "in":  # 4.8.3: RDF term equality, not SPARQL = (which equates 1 and 1.0)
            members = [f"sameTerm({v}, {_sparql_term(m, shape)})" for m in Collection(self.g, arg)]
            return "(" + " || ".join(members) + ")" if members else "false"
        if name == "hasValue":  # 4.8.1 on a node shape: the focus node is the value node
            return f"sameTerm({v}, {_sparql_term(arg, shape)})"
        raise AssertionError(name)

    def focus_violators(self, shape, name: str, arg, cand: str, x: str, path: str) -> str | None:
        """The focus nodes x of cand that violate sh:minCount, sh:maxCount or sh:hasValue of a property
        shape (SHACL 4.2, 4.8.1); None for sh:minCount 0, which always holds."""
        v = self._var()
        if name == "hasValue":
            return self._select(x, f"{cand} MINUS {{ {x} {path} {_sparql_term(arg, shape)} }}")
        n = int(arg)
        if name == "maxCount":
            return self._select(x, f"{cand} {x} {path} {v}", f" GROUP BY {x} HAVING (COUNT(DISTINCT {v}) > {n})")
        if n == 0:
            return None
        enough = f"{x} {path} {v}" if n == 1 else \
            f"SELECT {x} WHERE {{ {x} {path} {v} }} GROUP BY {x} HAVING (COUNT(DISTINCT {v}) >= {n})"
        return self._select(x, f"{cand} MINUS {{ {enough} }}")

    def nonconforming(self, shape, cand: str, x: str, stack: tuple = ()) -> str:
        """The nodes x of cand that do not conform to the shape (SHACL 3.4: some validation result),
        for shapes used as values of sh:node, sh:not, sh:and, sh:or, sh:xone."""
        if not self._active(shape):
            return self._nothing(x)
        if shape in stack:
            raise NotImplementedError(f"{shape}: recursive shape reference (undefined in SHACL 3.4.3)")
        if (shape, self.sh.sparql, None) in self.g:
            raise NotImplementedError(f"{shape}: a shape with sh:sparql used inside sh:node or a logical constraint "
                                      "is not compiled; validate with engine='pyshacl'")
        stack += (shape,)
        path = self._path(shape)
        parts = []
        for name, arg in self._constraints(shape):
            if path is None:
                parts.append(self.value_violators(shape, name, arg, cand, x, stack))
            elif name in PER_FOCUS:
                parts.append(self.focus_violators(shape, name, arg, cand, x, path))
            else:
                parts.append(self._select(x, self.value_pairs(shape, name, arg, cand, x, path, self._var(), stack)))
        for prop in sorted(self.g.objects(shape, self.sh.property), key=str):
            parts.append(self.nonconforming(prop, cand, x, stack))
        parts = [p for p in parts if p is not None]
        return self._select(x, " UNION ".join(parts)) if parts else self._nothing(x)

    @staticmethod
    def _nothing(x: str) -> str:
        return f"{{ SELECT {x} WHERE {{ FILTER (false) }} }}"

    # -- top-level queries

    def _focus(self, shape) -> tuple[list[str], list]:
        """Focus node patterns of a shape: its own targets and, for a property shape, the targets of
        the active node shapes that have it as sh:property (SHACL 2.3, 4.7.2)."""
        alts, sparql_targets = _targets(self.g, shape)
        for parent in sorted(self.g.subjects(self.sh.property, shape), key=str):
            if self._active(parent):
                a, s = _targets(self.g, parent)
                alts += a
                sparql_targets += s
        return alts, sparql_targets

    def compile(self) -> list[CompiledConstraint]:
        """One SELECT per (shape, constraint) for every active shape that has focus nodes."""
        out = []
        for shape in sorted(self._shape_nodes(), key=str):
            alts, sparql_targets = self._focus(shape)
            if not alts or not self._active(shape):
                continue
            prefixes = _prefixes(self.g, *sparql_targets)
            # A sub-SELECT: pyoxigraph evaluates it first, then joins; a bare UNION of targets would
            # instead be probed once per row of the path's triples.
            focus = self._select("?this", " UNION ".join(alts))
            path = self._path(shape)
            for name, arg in self._constraints(shape):
                if path is None:
                    violators = self.value_violators(shape, name, arg, focus, "?this", ())
                    query = f"SELECT ?this (?this AS ?value) WHERE {violators}"
                elif name in PER_FOCUS:
                    violators = self.focus_violators(shape, name, arg, focus, "?this", path)
                    if violators is None:
                        continue
                    query = f"SELECT ?this WHERE {violators}"
                else:
                    pairs = self.value_pairs(shape, name, arg, focus, "?this", path, "?value", ())
                    query = f"SELECT DISTINCT ?this ?value WHERE {{ {pairs} }}"
                component = SH + name[0].upper() + name[1:] + "ConstraintComponent"
                out.append(CompiledConstraint(
                    str(shape), component, f"{prefixes}\n{query}",
                    None if path is None else (path[1:-1] if path.startswith("<") else path),
                    str(self.g.value(shape, self.sh.message) or f"{component[len(SH):]}: sh:{name} not satisfied"),
                    str(self.g.value(shape, self.sh.severity) or SH + "Violation").rsplit("#", 1)[-1]))
        return out


def _quoted(literal) -> str:
    """A string of the shapes graph (a regex, its flags) as a SPARQL string literal."""
    return '"' + str(literal).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def validate_core_bulk(store, shapes, threads: int = 2) -> list[Violation]:
    """SHACL Core over the union of the store's graphs: one pyoxigraph query per (shape, constraint).

    The queries run in `threads` threads (pyoxigraph evaluates a query without holding the GIL, and a
    store is safe to read from several threads); the violations come in the same order whatever
    `threads`: the constraints' order, then each query's.
    """
    from concurrent.futures import ThreadPoolExecutor

    def violations(c: CompiledConstraint) -> list[Violation]:
        res = store.query(c.query, use_default_graph_as_union=True)
        has_value = any(v.value == "value" for v in res.variables)
        return [Violation(sol["this"].value, c.path, sol["value"].value if has_value else None,
                          c.message, c.shape, c.component, c.severity) for sol in res]

    compiled = CoreCompiler(shapes).compile()
    if threads <= 1:
        per_constraint = list(map(violations, compiled))
    else:
        with ThreadPoolExecutor(max_workers=threads) as pool:
            per_constraint = list(pool.map(violations, compiled))
    return [v for vs in per_constraint for v in vs]


# --- SHACL Core by pyshacl (the reference engine) -------------------------------------------------

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
    # The report's sh:result values only: pyshacl also types the nested results of sh:node (linked by
    # sh:detail) as sh:ValidationResult, and SHACL 4.7.1 reports one result for the value node.
    for r in results.objects(None, sh.result):
        sev = results.value(r, sh.resultSeverity)
        out.append(Violation(str(results.value(r, sh.focusNode)),
                             str(results.value(r, sh.resultPath)) if results.value(r, sh.resultPath) else None,
                             str(results.value(r, sh.value)) if results.value(r, sh.value) is not None else None,
                             str(results.value(r, sh.resultMessage) or ""),
                             str(results.value(r, sh.sourceShape)),
                             str(results.value(r, sh.sourceConstraintComponent)),
                             str(sev).rsplit("#", 1)[-1] if sev else "Violation"))
    return out
