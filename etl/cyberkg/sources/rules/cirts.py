"""CIRT roles and states: the words around a team's name that say what the profile makes of it.

A role rule is tried on the words before the name in its clause (nearest first: "a private CERT
(YYCERT)", "an educational CIRT known as XXCERT"), then on the words after it ("CERT.XX is the
national CIRT").  The first role rule that matches decides; a team of the 1.2.1 section with no role
word is the country's national team when the section says the country has one.  States likewise;
no state word means the team exists.
"""

from __future__ import annotations

from . import Rule

ROLES = (
    Rule("role:regional", "regional",
         (r"\bregional\b", r"\bmember of the\b", r"\b(?:Asia[ -]Pacific|Pacific|OIC|GCC|Gulf|African?|Arab|Caribbean|European)\b.*?(?:CIRT|CERT|CSIRT)\b"),
         "However it is a member of the Pacific Regional CIRT (PacCERT)."),
    Rule("role:military", "military", (r"\bmilitary\b", r"\barmed forces\b", r"\bdefen[cs]e forces?\b", r"\bMinistry of (?:National )?Defen[cs]e\b"),
         "X also has a military CERT (MILCERT); MOD CIRT is the team of the Ruritanian Ministry of Defence."),
    Rule("role:private", "private", (r"\bprivate\b", r"\bcommercial\b", r"\bcompany\b"),
         "X has a national CIRT (XX-CERT/CC) and a private CERT (YYCERT)."),
    Rule("role:sectoral", "sectoral",
         (r"\bsector(?:ial|al|-specific)?\b", r"\bacademic\b", r"\bresearch\b", r"\beducation(?:al)?\b", r"\buniversit\w+\b",
          r"\bISP\b", r"\bcustomer base\b", r"\bfinancial\b", r"\bbank\w*\b", r"\benergy\b", r"\btelecom\w*\b"),
         "There is an ISP customer base CIRT known as CSIRT.XX."),
    Rule("role:specialised", "sectoral", (r"\bspeciali[sz]ed\b",),
         "X has a national CIRT (XX-CERT) and other specialized CERTs such as CIP CERT."),
    Rule("role:governmental", "governmental", (r"\bgovernment(?:al)?\b", r"\bgov\b", r"\bcivil service\b", r"\bacross government\b", r"\bstate institutions\b"),
         "X has a government CERT (GovCERT.XX)."),
    Rule("role:national", "national", (r"\bnational\b", r"\bofficially recogni[sz]ed\b"),
         "The officially recognized national CIRT is known as CERT-XX."),
)

SECTORS = (
    Rule("sector:academic", "academic", (r"\bacademic\b", r"\beducation(?:al)?\b", r"\buniversit\w+\b"), "an educational CIRT known as XXCERT"),
    Rule("sector:research", "research", (r"\bresearch\b",), "a research CSIRT"),
    Rule("sector:isp", "isp", (r"\bISP\b", r"\bcustomer base\b", r"\binternet service provider\b"), "an ISP customer base CIRT"),
    Rule("sector:financial", "financial", (r"\bfinancial\b", r"\bbank\w*\b"), "a financial sector CERT"),
    Rule("sector:energy", "energy", (r"\benergy\b",), "an energy sector CERT"),
    Rule("sector:telecom", "telecom", (r"\btelecom\w*\b",), "a telecommunications CERT"),
)

STATES = (
    Rule("state:defunct", "defunct", (r"\bdefunct\b", r"\bno longer\b", r"\bceased\b"), "The former XX-CERT is now defunct."),
    Rule("state:under-formation", "under-formation",
         (r"\bunder formation\b", r"\bbeing (?:established|set up|created|formed)\b", r"\bin (?:the )?process of\b",
          r"\b(?:establishing|creating|building|setting up)\b", r"\bproposed\b"),
         "CERT.xx is currently under formation."),
    Rule("state:planned", "planned", (r"\bplann?(?:ed|ing|s)\b", r"\bwill be (?:established|set up|created)\b", r"\bintends? to\b"),
         "A national CIRT (XXCIRT) is planned for 2016."),
)
