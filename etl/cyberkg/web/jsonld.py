"""Entity pages as compacted JSON-LD 1.1: an `@context` with readable keys, built from the triples.

The context holds the project prefixes (PREFIXES, every namespace ends in "/" or "#", so compact
IRIs such as `id:country/BTN` expand by JSON-LD 1.1 rules) and one term per property used: its
local name (`label`, `exactMatch`, `iso3166Alpha3`), or its prefixed name when two vocabularies
share the local name or it would clash with a keyword or a prefix.  A property whose values are
all IRIs gets `"@type": "@id"`, so its values are plain strings.  Literals keep their exact
lexical form: xsd:string as a JSON string, a language-tagged string as `@value`/`@language`,
anything else as `@value`/`@type` (never a JSON number, whose expansion could change the
lexical form).  One node object per subject, in `@graph`, sorted; the same triples as the Turtle
of the same page (tests/web/test_entity_jsonld.py, expanded with pyld).
"""

from __future__ import annotations

import json
import re

from ..graph.vocab import PREFIXES, compact

RDF_TYPE = PREFIXES["rdf"] + "type"
XSD_STRING = PREFIXES["xsd"] + "string"
_TERM = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _local(iri: str) -> str | None:
    c = compact(iri)
    if c == iri:
        return None
    local = c.split(":", 1)[1]
    return local if _TERM.fullmatch(local) else None


def context_for(triples) -> dict:
    """The @context for these triples: prefixes plus one readable term per property."""
    from pyoxigraph import NamedNode

    props: dict[str, bool] = {}  # property -> every value is an IRI
    for t in triples:
        if t.predicate.value != RDF_TYPE:
            props[t.predicate.value] = props.get(t.predicate.value, True) and isinstance(t.object, NamedNode)
    locals_ = {}
    for p in props:
        locals_.setdefault(_local(p), []).append(p)
    ctx: dict = dict(sorted(PREFIXES.items()))
    for p, all_iris in sorted(props.items()):
        local = _local(p)
        key = local if local and len(locals_[local]) == 1 and local not in PREFIXES else compact(p)
        if key == p:  # no prefix covers it: full IRI keys need no definition unless coerced
            if all_iris:
                ctx[p] = {"@type": "@id"}
            continue
        ctx[key] = {"@id": p, "@type": "@id"} if all_iris else p
    return ctx


def _key(ctx: dict, p: str) -> str:
    for k, v in ctx.items():
        if v == p or (isinstance(v, dict) and v.get("@id") == p):
            return k
    return p


def entity_jsonld(triples) -> bytes:
    """The triples (pyoxigraph Triples, no duplicates needed) as compacted JSON-LD bytes."""
    from pyoxigraph import BlankNode, Literal

    triples = sorted(set(triples), key=str)
    ctx = context_for(triples)
    keys = {t.predicate.value: _key(ctx, t.predicate.value) for t in triples}
    coerced = {p for p, k in keys.items() if isinstance(ctx.get(k), dict) and ctx[k].get("@type") == "@id"}

    def node_id(n) -> str:
        return f"_:{n.value}" if isinstance(n, BlankNode) else compact(n.value)

    nodes: dict[str, dict] = {}
    for t in triples:
        sid = node_id(t.subject)
        node = nodes.setdefault(sid, {"@id": sid})
        p, o = t.predicate.value, t.object
        if p == RDF_TYPE and not isinstance(o, (Literal, BlankNode)):
            node.setdefault("@type", []).append(compact(o.value))
            continue
        if isinstance(o, Literal):
            if o.language:
                v = {"@value": o.value, "@language": o.language}
            elif o.datatype.value == XSD_STRING:
                v = o.value
            else:
                v = {"@value": o.value, "@type": compact(o.datatype.value)}
        elif p in coerced:
            v = node_id(o)
        else:
            v = {"@id": node_id(o)}
        node.setdefault(keys[p], []).append(v)
    graph = []
    for sid in sorted(nodes):
        node = nodes[sid]
        graph.append({k: (v[0] if isinstance(v, list) and len(v) == 1 and k != "@type" else v)
                      for k, v in sorted(node.items(), key=lambda kv: (not kv[0].startswith("@"), kv[0]))})
    doc = {"@context": ctx, "@graph": graph}
    return (json.dumps(doc, indent=1, ensure_ascii=False) + "\n").encode("utf-8")
