"""One look for every picture of the graph: node kind -> display name, colour and shape.

The same table colours the site's graph view (web/static/graph-view.js gets it with the data), the
GEXF `viz:color`, the GraphML `r`/`g`/`b` keys Gephi reads, the yEd flavour's `y:Fill`, and the
Cytoscape style file, so a kind has one colour everywhere and in every country.

A node's kind is the first row whose class is one of the node's classes or their superclasses
(the ontology's rdfs:subClassOf), so ckg:PolicyStatement is a "Policy provision" and ckg:Agency an
"Agency", not an "Organisation".  *Entities* (the country's institutions and instruments) are what
the default graph view and the default export show; the other kinds are statements, passages and
reference concepts, drawn only on request (`--with-statements`, a toggle, or expanding a node).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..graph.vocab import PREFIXES


@dataclass(frozen=True)
class Kind:
    cls: str  # compact class name
    name: str  # what a reader sees in a legend
    colour: str  # #rrggbb
    shape: str  # cytoscape.js node shape
    entity: bool


KINDS: tuple[Kind, ...] = (
    Kind("ckg:Country", "Country", "#d32f2f", "star", True),
    Kind("ckg:NationalCIRT", "National CIRT", "#00897b", "hexagon", True),
    Kind("ckg:CIRT", "CIRT", "#4dd0e1", "hexagon", True),
    Kind("ckg:Agency", "Agency", "#1976d2", "round-rectangle", True),
    Kind("org:Organization", "Organisation", "#7e57c2", "round-rectangle", True),
    Kind("eli:LegalResource", "Legal instrument", "#6d4c41", "rectangle", True),
    Kind("ckg:Convention", "Convention", "#c2185b", "diamond", True),
    Kind("ckg:Programme", "Programme", "#f57c00", "triangle", True),
    Kind("ckg:Policy", "Policy", "#388e3c", "pentagon", True),
    Kind("ckg:Strategy", "Strategy", "#9e9d24", "pentagon", True),
    Kind("ckg:CIRTAssessment", "CIRT assessment", "#fbc02d", "octagon", True),
    # statements, passages, reference concepts: muted
    Kind("ckg:IndicatorStatement", "Indicator statement", "#90a4ae", "ellipse", False),
    Kind("ckg:Citation", "Citation", "#b0bec5", "ellipse", False),
    Kind("eli:LegalResourceSubdivision", "Provision of an instrument", "#bcaaa4", "rectangle", False),
    Kind("ckg:ConventionAction", "Convention action", "#f8bbd0", "diamond", False),
    Kind("ckg:PolicySection", "Policy section", "#c5e1a5", "rectangle", False),
    Kind("ckg:PolicyProvision", "Policy provision", "#a5d6a7", "ellipse", False),
    Kind("ckg:Match", "Entity match", "#ce93d8", "ellipse", False),
    Kind("skos:ConceptScheme", "Concept scheme", "#b39ddb", "ellipse", False),
    Kind("skos:Concept", "Reference concept", "#cfd8dc", "ellipse", False),
    Kind("ckg:CyberwellnessProfile", "Source document", "#9e9e9e", "rectangle", False),
    Kind("ckg:PolicyDocument", "Source document", "#9e9e9e", "rectangle", False),
    Kind("qb:Observation", "Statistic", "#ffcc80", "ellipse", False),
    Kind("qb:DataSet", "Statistic", "#ffcc80", "ellipse", False),
    Kind("prov:Activity", "Activity", "#d7ccc8", "ellipse", False),
    Kind("schema:ContactPoint", "Contact point", "#e0e0e0", "ellipse", False),
)
OTHER = Kind("", "Other", "#757575", "ellipse", False)

# GEXF 1.2 viz:shape knows disc, square, triangle, diamond (and image); yEd's y:Shape its own names.
GEXF_SHAPE = {"rectangle": "square", "round-rectangle": "square", "triangle": "triangle", "diamond": "diamond"}
YED_SHAPE = {"star": "star5", "hexagon": "hexagon", "round-rectangle": "roundrectangle", "rectangle": "rectangle",
             "diamond": "diamond", "triangle": "triangle", "pentagon": "trapezoid", "octagon": "octagon",
             "ellipse": "ellipse"}


def _expand(compact_name: str) -> str:
    prefix, local = compact_name.split(":", 1)
    return PREFIXES[prefix] + local


_BY_CLASS = {_expand(k.cls): k for k in KINDS}


def kind_of(types: set[str], superclasses: dict[str, set[str]]) -> Kind:
    """The kind of a node from its class IRIs (see the module docstring)."""
    classes = set(types).union(*(superclasses.get(t, set()) for t in types)) if types else set()
    for k in KINDS:
        if _expand(k.cls) in classes:
            return k
    return OTHER


def rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def legend() -> list[dict]:
    """The kinds in legend order (one row per display name), for the web view."""
    seen, out = set(), []
    for k in (*KINDS, OTHER):
        if k.name not in seen:
            seen.add(k.name)
            out.append({"name": k.name, "colour": k.colour, "shape": k.shape, "entity": k.entity})
    return out
