"""The section scheme shared by every ITU Cyberwellness Profile (2014-2015 series).

Five cybersecurity pillars (1.1 ... 1.5, after the Global Cybersecurity Agenda) and the child
online protection part (2.x).  The 21 leaf sections are the indicators; the ontology declares the
same scheme as SKOS concepts (a test checks the two agree).
"""

from __future__ import annotations

GROUPS: dict[str, str] = {
    "1": "CYBERSECURITY",
    "1.1": "LEGAL MEASURES",
    "1.2": "TECHNICAL MEASURES",
    "1.3": "ORGANIZATION MEASURES",
    "1.4": "CAPACITY BUILDING",
    "1.5": "COOPERATION",
    "2": "CHILD ONLINE PROTECTION",
}

INDICATORS: dict[str, str] = {
    "1.1.1": "CRIMINAL LEGISLATION",
    "1.1.2": "REGULATION AND COMPLIANCE",
    "1.2.1": "CIRT",
    "1.2.2": "STANDARDS",
    "1.2.3": "CERTIFICATION",
    "1.3.1": "POLICY",
    "1.3.2": "ROADMAP FOR GOVERNANCE",
    "1.3.3": "RESPONSIBLE AGENCY",
    "1.3.4": "NATIONAL BENCHMARKING",
    "1.4.1": "STANDARDISATION DEVELOPMENT",
    "1.4.2": "MANPOWER DEVELOPMENT",
    "1.4.3": "PROFESSIONAL CERTIFICATION",
    "1.4.4": "AGENCY CERTIFICATION",
    "1.5.1": "INTRA-STATE COOPERATION",
    "1.5.2": "INTRA-AGENCY COOPERATION",
    "1.5.3": "PUBLIC SECTOR PARTNERSHIP",
    "1.5.4": "INTERNATIONAL COOPERATION",
    "2.1": "NATIONAL LEGISLATION",
    "2.2": "UN CONVENTION AND PROTOCOL",
    "2.3": "INSTITUTIONAL SUPPORT",
    "2.4": "REPORTING MECHANISM",
}

STATUSES = ("yes", "no", "partial", "unknown")


def parent(code: str) -> str:
    return code.rsplit(".", 1)[0]
