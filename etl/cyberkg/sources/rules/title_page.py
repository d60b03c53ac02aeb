"""Title-page and colophon rules of the strategy reader (sources/strategy.py): which lines that name a
body are not its issuer, which statements and imprint labels name the issuer, and which labels start
a list of contributors.  Each rule decides its example (tests/sources/test_rules.py); the examples are
synthetic, in the style of such documents, not copied from any one.
"""

from __future__ import annotations

from . import Rule

# A line naming a body that is not the issuer: first match wins (tried on a title-page or imprint line).
NOT_ISSUER = (
    Rule("not-issuer:notice-label", "label",
         (r"^(?:government|general|public|legal|official)\s+notices?$", r"^notices?$"),
         "GOVERNMENT NOTICE"),
    # The heading of a foreword, message or acknowledgement names its signatory, not the issuer (its
    # first letter is lost in some conversions: 'CKNOWLEDGEMENT').
    Rule("not-issuer:front-matter-heading", "heading",
         (r"^\w?(?:cknowledge?ments?|oreword|reface|essage|etter)\b", r"^(?:statement|address|remarks?)\s+(?:from|by|of)\b"),
         "ACKNOWLEDGEMENT FROM THE SECRETARY OF THE DEPARTMENT OF POSTS"),
    Rule("not-issuer:emblem", "emblem", (r"\b(?:crest|emblem|coat\s+of\s+arms|seal|logo)\b",), "Ruritanian Government Crest"),
    # 'Annex 1 to Government Decision No. 12/2013': the act that adopts the text (read by ADOPTING_ACT).
    Rule("not-issuer:act", "act",
         (r"\b(?:decision|resolution|decree|order|notice)\s+(?:no\b|nr\b|number\b|n°|\d)",),
         "Annex 1 to Government Decision No. 12/2013 (3 May)"),
    # An enumeration in prose broken at a line end: 'Agency ("X"), the Institute for ...'.
    Rule("not-issuer:enumeration", "prose", (r"\)\s*,\s+(?:the|a|an)\s", r",\s+(?:the|and)\s+[A-Z][\w-]+\s*,"),
         'Security Service ("Sluzba"), the Institute for Special'),
)

# The act that adopts the text names the adopting body before it: '<Body> Decision No. ...'.
ADOPTING_ACT = Rule(
    "issuer:adopting-act", "issuer",
    ((r"^(?:annex\s+\S+\s+to\s+)?(?:the\s+)?(?P<body>government|cabinet|council\s+of\s+ministers|president|prime\s+minister)"
     r"\s+(?:decision|resolution|decree|order)\s+(?:no\b|nr\b|number\b|n°|\d)"),),
    "Annex 1 to Government Decision No. 12/2013 (3 May)")

# The text says who made it: 'This Policy has been developed by the Government of X to ...'.
STATEMENT = Rule(
    "issuer:statement", "issuer",
    ((r"\b[Tt]h(?:is|e)\s+(?:[\w’'-]+\s+){0,10}?(?i:strateg(?:y|ies)|polic(?:y|ies)|plan|programme|program|framework|doctrine)"
     r"\s+(?i:has\s+been|was|is|were|have\s+been)\s+(?i:jointly\s+)?(?i:developed|prepared|issued|published|adopted|approved|"
     r"formulated|elaborated|drawn\s+up)\s+by\s+(?:[Tt]he\s+)?(?P<body>[A-Z][\w’'\- ,&]{3,100}?)"
     r"(?=\s+(?:to|in|on|for|with|under|through|as|after|and\s+(?:is|was|will))\b|[.;:(]|$)"),),
    "The National Cyber Policy has been developed by Government of Ruritania to give direction on security.",
    flags=0)

# Imprint labels, best first: the publisher before an editor or producer.
IMPRINT = (
    Rule("imprint:publisher", "publisher", (r"\b(?:published|issued)\s+by\b\s*:?", r"\bpublisher\b\s*:?"), "Published by:"),
    Rule("imprint:producer", "producer", (r"\b(?:produced|edited)\s+by\b\s*:?", r"\beditor\b\s*:?"), "Edited by: Department of Print"),
)

# A label that starts a list of contributors (who took part, not who issues).
CONTRIBUTORS = Rule(
    "contributors:label", "contributors",
    ((r"^(?:participants|contributors|members|authors|working\s+group|drafting\s+team|in\s+cooperation\s+with|"
     r"prepared\s+with|with\s+the\s+participation\s+of)\b.*?:?$"), r"\b(?:participants|contributors)\s+in\b"),
    "Participants in document preparation:")

# A letterhead: a body's name in capitals, the place on the next line, then the salutation of a letter.
SALUTATION = Rule("letterhead:salutation", "salutation",
                  (r"^(?:dear|my\s+(?:dear|fellow)|to\s+the|ladies\s+and|fellow)\b[^.]{0,60}[:,]$",), "My Fellow Citizens:")

# The summary line of an act that adopts the document ('Approves the National Defence Strategy, and
# makes other provisions'): the title is the document it adopts.
ADOPTS_SUMMARY = Rule(
    "title:act-summary", "title",
    ((r"^(?:aprova|approves?|adopts?|approving|adopting|aprueba|approuve|odobrava|usvaja|utvr[dđ]uje)\s+"
     r"(?:a|o|as|os|the|la|le|les|el|l['’])?\s*(?P<title>.+?)"
     r"(?:\s*,\s*(?:e\s+d[áa]\s+outras|and\s+(?:for\s+)?other|and\s+makes|y\s+(?:se\s+)?dictan?|et\s+(?:portant|d['’]autres))\b.*)?\.?$"),),
    "Approves the National Defence Strategy of Ruritania, and makes other provisions.")

# A publication series printed above the title ('NATIONAL SECURITY FRAMEWORK (NSF) PUBLICATION').
SERIES = Rule("title:series-line", "series", (r"\b(?:publication|publications|series)\s*$",),
              "RURITANIAN INFORMATION SECURITY FRAMEWORK (RISF) PUBLICATION")

# A version-control table (tried on the title page's letters run together, so 'VERSION CONTROL',
# 'Version history' and 'AUTHORVERSION / CONTROLDATE' all read).
VERSION_TABLE = Rule("status:version-table", "unknown",
                     (r"version(?:control|history)|revision(?:history|table)|documenthistory|changehistory|amendmentrecord",),
                     "documentcontrolauthorversioncontroldatejdoe20march2014")
