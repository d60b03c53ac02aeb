"""Programme names as data: one key per programme, whatever form the profile prints it in.

A programme's key is its normalised name (sources.text.norm_key) with these reading rules, in order:
- a leading "the" is not part of the name;
- "Name (ACR)" is identified by its acronym ("Support for Harmonization of the ICT Policies in
  Sub-Sahara Africa (HIPSSA)" is HIPSSA), as the parser names a programme printed with one;
- an edition year ends no programme's name ("ICSE 2014", "ALERT- 2013" are the ICSE and ALERT
  series);
- then the aliases below map other printed forms of the same programme to one key.

Each alias has the printed form it must key (tests/sources/test_rules.py checks every example).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Alias:
    id: str
    key: str  # the programme's one key
    forms: tuple[str, ...]  # other keys (normalised printed forms) of the same programme
    example: str  # a printed form (real or in the style of the series) that must get `key`


ALIASES = (
    Alias("programme:cicte", "cicte-oas", ("oas-cicte", "oas-cicte-", "cicte", "oas-s-cicte", "inter-american-committee-against-terrorism"),
          "OAS/CICTE"),
    Alias("programme:itu-impact", "itu-impact", ("itu-impact-initiative", "impact", "international-multilateral-partnership-against-cyber-threats"),
          "the ITU-IMPACT initiative"),
    Alias("programme:apcert", "apcert", ("a-pcert", "asia-pacific-cirt-apcert", "asia-pacific-cirt", "asia-pacific-computer-emergency-response-team"),
          "Asia Pacific CIRT"),
    Alias("programme:alert", "alert", ("applied-learning-for-emergency-response-team", "applied-learning-for-emergency-response-teams",
                                       "itu-impact-alert"),
          "Applied Learning for Emergency Response Teams"),
    Alias("programme:hipssa", "hipssa", ("support-for-harmonization-of-the-ict-policies-in-sub-sahara-africa",),
          "Support for Harmonization of the ICT Policies in Sub-Sahara Africa"),
    Alias("programme:hipcar", "hipcar", ("enhancing-competitiveness-in-the-caribbean-through-the-harmonization-of-ict-policies-legislation-and-regulatory-procedures",),
          "Enhancing Competitiveness in the Caribbean through the Harmonization of ICT Policies, Legislation and Regulatory Procedures"),
    Alias("programme:africacert", "africacert", ("africa-cert",), "Africa CERT"),
    Alias("programme:first", "first", ("forum-of-incident-response-and-security-teams", "forum-for-incident-response-and-security-teams"),
          "Forum of Incident Response and Security Teams"),
    Alias("programme:cto", "cto", ("commonwealth-telecommunications-organisation", "commonwealth-telecommunications-organization",
                                   "cto-commonwealth-telecommunications-organization", "cto-commonwealth-telecommunications-organisation"),
          "CTO – Commonwealth Telecommunications Organization"),
    Alias("programme:oas", "oas", ("organization-of-american-states",), "Organization of American States"),
    Alias("programme:meridian", "meridian", ("meridian-process", "meridian-conference"), "the Meridian process"),
)

KEY = {form: a.key for a in ALIASES for form in a.forms}
