"""Convention actions in section 2.2: what a sentence says the country did with the UN Convention on
the Rights of the Child (CRC) and its Optional Protocol on the sale of children (OPSC).  The first rule
that matches decides; a sentence no rule decides is reported (`unparsed-action`) and stays unknown.
"""

from __future__ import annotations

from . import Rule

ACTIONS = (
    Rule("unknown", "unknown", (r"\bno (?:available )?information\b", r"\bunknown\b", r"\bnot known\b"),
         "There is no information on the Convention on the Rights of the Child."),
    Rule("none", "none",
         (r"\b(?:has|have) not (?:yet )?(?:signed|acceded|ratified|become)\b", r"\bis not (?:a )?(?:party|signatory)\b",
          r"\bneither\b", r"\b(?:does|did) not\b"),
         "X did not accede to the UN Convention and Protocol."),
    Rule("signature", "signature",
         (r"\bsigned\b(?:(?!ratif).)*\bnot (?:yet )?ratified\b", r"\bhas (?:only )?signed\b(?!\s+and\s+ratified)(?!.*\bratified\b)"),
         "X has signed but not yet ratified the Convention on the Rights of the Child."),
    Rule("ratification", "ratification", (r"\bratifi(?:ed|cation)\b",), "X has ratified the Convention on the Rights of the Child."),
    Rule("accession", "accession", (r"\bacce(?:ded|ssion)\b",), "X has acceded to the Convention on the Rights of the Child."),
    # Succession is a real treaty action the ontology has no term for yet: reported, not mapped.
    Rule("succession", "succession", (r"\bsucce(?:eded|ssion)\b",), "X has succeeded to the Convention on the Rights of the Child."),
)

# Which instrument a sentence is about.  A sentence naming both ("the UN Convention and Protocol")
# decides both.
BOTH = Rule("both", "CRC+OPSC", (r"\bconvention\s+and\s+(?:the\s+)?(?:optional\s+)?protocols?\b",),
            "X did not accede to the UN Convention and Protocol.")
OPSC = Rule("OPSC", "OPSC", (r"\boptional\s+protocol\b",), "X has ratified the Optional Protocol on the sale of children.")
CRC = Rule("CRC", "CRC", (r"\brights\s+of\s+the\s+child\b",), "X has ratified the Convention on the Rights of the Child.")
INSTRUMENTS = (BOTH, OPSC, CRC)
