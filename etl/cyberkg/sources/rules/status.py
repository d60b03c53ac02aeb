"""Section status rules.  The reading rules (also in the ontology's definitions of the statuses):

- yes      the thing the indicator asks for exists or is in place, in whatever words ("has ...",
           "is up and running", a section that lists laws).
- partial  it exists only in part or is on its way: under development, draft, being established,
           planned, at a formative stage; or a negative qualified by progress or by a non-official,
           sectoral or regional arrangement ("does not have any ... However a draft ... has been
           submitted"); or an affirmative qualified by a stated lack ("... There is presently no
           national strategy").
- no       absence with no qualifying progress or initiative ("does not have any ...", "None").
- unknown  the section is missing or empty, says no information / no record / no exact number is
           available, or no rule decides (then an `unparsed-status` finding is reported).

A section is read clause by clause (sentences, and "but" / "; however" inside a sentence); each clause
gets the first rule of UNKNOWN, NEGATIVE, PROGRESS, AFFIRMATIVE that matches it, in that order.  The
lead clause (the first that speaks) decides unless a later clause qualifies it (COMBINATIONS); the
rule stored with the statement (ckg:statusRule) then names the combination and both clause rules,
e.g. "partial:negative-qualified(no:does-not-have+partial:in-progress)".
"""

from __future__ import annotations

from . import Rule

UNKNOWN = (
    Rule("unknown:no-information", "unknown",
         (r"\bno (?:available |further |official |other )?i\s?nformation\b", r"\binformation (?:is )?not available\b"),
         "There is no information on any framework for certification of national agencies."),
    Rule("unknown:exact-number", "unknown",
         (r"\b(?:does not (?:have|know)|no) (?:the )?exact numbers?\b",),
         "X does not have the exact number of public sector professionals certified."),
    Rule("unknown:no-record", "unknown",
         (r"\bno (?:records?|statistics|data|figures?) (?:showing|indicating|on|of|about|available)\b", r"\bno records? (?:is|are) (?:kept|available)\b"),
         "Currently there is no record showing the number of certified professionals."),
    Rule("unknown:not-known", "unknown",
         (r"\b(?:is|are) (?:not known|unknown)\b",),
         "The number of certified agencies is not known."),
)

NEGATIVE = (
    Rule("no:none-listed", "no", (r"^\W*(?:-\s*)?(?:none|nil|n/a)\W*$",), "- None"),
    Rule("no:does-not-have", "no",
         (r"\b(?:does|do|did) not (?:currently |yet |have currently |have yet |yet have )?(?:have|has|possess|participate|currently have|currently participate)\b",),
         "X does not have any officially recognized national cybersecurity strategy."),
    Rule("no:there-is-no", "no",
         (r"\bthere (?:is|are|was) (?:still |currently |presently |yet )?(?:no|not|none)\b",),
         "There is no officially recognized national benchmarking."),
    Rule("no:has-not", "no",
         (r"\b(?:has|have) not (?:yet )?(?:officially )?(?:been |established|adopted|approved|enacted|developed|any|got|recogni[sz]ed)\b",),
         "X has not yet adopted a national roadmap."),
    Rule("no:no-recognised", "no",
         (r"^(?:currently,? )?no (?:officially |nationally )?(?:recogni[sz]ed|approved|national)\b",),
         "No officially recognized framework exists."),
    Rule("no:has-no", "no", (r"\b(?:has|have) no\b",), "X has no national CIRT."),
    # The verb is missing in some sources: "X does not any officially recognized ...".
    Rule("no:does-not-any", "no", (r"\bdoes not (?:any|an)\b",), "X does not any officially recognized framework."),
)

PROGRESS = (
    Rule("partial:in-progress", "partial", (
        r"\bin the process of\b", r"\bin the pipeline\b",
        r"\bis (?:currently )?(?:establishing|developing|drafting|preparing|working on|being (?:developed|drafted|established|reactivated|finali[sz]ed))\b",
        r"\bare (?:currently )?(?:being )?(?:developing|drafting|working on)\b", r"\bworking (?:towards|on|out)\b",
        r"\byet to be established\b", r"\bunder (?:development|preparation|consideration|review|formation)\b",
        r"\bnow defunct\b", r"\bin progress\b", r"\bpresently working\b", r"\bcurrently (?:formulating|formali[sz]ing|developed)\b",
        r"\bwill (?:be (?:developing|responsible|established|set up|included|created)|include|provide|perform|cover)\b",
        r"\bproposed\b", r"\bmade some effort\b", r"\bis limited\b", r"\bare limited\b",
        r"\bfinali[sz](?:ation stage|ing)\b", r"\b(?:has|have) begun\b", r"\bbegun to\b", r"\bbegan\b", r"\bstarted\b",
        r"\bis collecting\b", r"\bformative stage\b", r"\bexpected to\b", r"\bplanned\b", r"(?-i:\bplans? to\b)",
        r"\bsubmitted (?:to|for)\b", r"\bstrategy document for the establishment\b"),
        "A national cybersecurity policy paper is in the pipeline."),
    Rule("partial:draft", "partial", (r"\bdraft(?:ed|ing)?\b",), "A draft National Cyber Security Policy exists."),
    # Arrangements exist but without the formal footing the indicator asks for.
    Rule("partial:informal", "partial", (r"\bnot (?:legally )?(?:required|mandatory|obliged|formali[sz]ed)\b",),
         "Reporting incidents to the CERT is not mandatory."),
)

AFFIRMATIVE = (
    Rule("yes:listed", "yes", (r"(?:^|\s)[-•]\s*\S",), "Specific legislation: - Penal Code"),
    Rule("yes:officially-recognised", "yes",
         (r"\b(?:is|are|as) (?:the |an? )?(?:officially|nationally|legally) (?:recogni[sz]ed|approved|mandated)\b",
          r"\bhas (?:an? )?(?:officially|legally) (?:recogni[sz]ed|approved|mandated)\b",
          r"^(?:in [A-Z][\w ]+,? )?(?:the )?officially recogni[sz]ed\b.*?\b(?:is|are)\b"),
         "The officially recognized national CIRT is known as CERT-XX."),
    Rule("yes:has", "yes",
         (r"\b(?:has|have|does have|possesses) (?:an?|the|two|three|several|many|its|their|established|officially|official|also|in place|recently|adopted|enacted|developed|launched|created|set up|implemented|signed|ratified|acceded|both|various|some|numerous|specific|general|information)\b",),
         "X has specific regulations and compliance requirements pertaining to cybersecurity."),
    Rule("yes:there-is", "yes", (r"\bthere (?:is|are|exists?) (?!no\b|not\b|none\b)\w",), "There is a foundation that trains teachers."),
    Rule("yes:member", "yes",
         (r"\b(?:is|are) (?:a |an )?(?:member|members|part|signatory|among the beneficiar\w*)\b", r"\bparticipat\w*\b", r"\bmember of\b"),
         "X is a member of the ITU-IMPACT initiative."),
    Rule("yes:responsible", "yes",
         (r"\b(?:is|are) (?:the )?(?:\w+ )?(?:agenc\w+|bod\w+|organi[sz]ations?|institutions?|entit\w+)?\s*responsible\b",
          r"\b(?:monitor|coordinate|oversee|oversees|coordinates|monitors|takes the lead|play key roles|in charge)\b"),
         "The Ministry of ICT is responsible for implementing the national strategy."),
    Rule("yes:reporting", "yes",
         (r"\bcan (?:also )?be (?:reported|denounced|contacted|filled|made|found|addressed)\b", r"\bhelpline\b", r"\bhotline\b"),
         "Offences can be reported to the police hotline 117."),
    Rule("yes:is-the", "yes",
         (r"\b(?:is|are) (?:the|an?) (?:[\w’'-]+ ){0,5}(?:framework|roadmap|program|programme|platform|strategy|policy|committee|agency|body|centre|center|institution|organi[sz]ation|standard|benchmark|plan|project|CIRT|CERT|CSIRT)s?\b",),
         "The Cyber Committee is the national body for cooperation."),
    Rule("yes:up-and-running", "yes",
         (r"\bup and running\b", r"\bin operation\b", r"\boperational\b", r"\bis known as\b"),
         "The XX-CERT is up and running since May 2012, providing basic services."),
    Rule("yes:activity", "yes", (
        r"\b(?:includes?|produces?|publish(?:es|ed)?|contribut\w+|develops?|serves? as|partners? with|works? closely|maintains?|licensed|issued|elaborated|regulated|creates?|mandates?|encourages?|gives?|furnish\w*|presents?|tasked|makes? provision|incorporates?|involved|answerable|performs?|carried out|referenced|signed|displays?|has had|draws|initiated|seeks|shared between|collaborated|determines|evident|specific legislation|has endeavou?red|has finali[sz]ed|is recogni[sz]ed|accredited|included in|empanell?ed|defined as)\b",
        r"\bbeen (?:developed|adopted|established|approved|published|implemented|created|set up|launched|enacted)\b",
        r"\b(?:organi[sz]e|train|certify|audit)s?\b(?= (?:a |an |the )?\w)",
        r"\bis providing\b", r"\bhas (?:general |specific )?information on\b", r"\b(?:is|are) able to\b",
        r"\b(?:integrates?|conducts?) (?:into |their |its |the |\S+ )"),
        "The university organizes a training seminar on cybercrime for lawyers."),
    Rule("yes:enacted", "yes", (
        r"\b(?:enacted|mandated|adopted|established|launched|created|implemented|completed|published|approved|organi[sz]ed|organi[sz]es|conducted|provides?|offers?|runs|operates|promotes?|hosts?|hosted|undertakes|collaborates?|cooperat\w*|certified|available|in place|recogni[sz]es|acts as)\b",),
        "A national awareness campaign was launched in 2013."),
)

# The order in which a clause is tried: unknown and negative phrases first (they contain words the
# affirmative rules know: "there is no information"), then progress, then affirmatives.
CLAUSE_RULES = UNKNOWN + NEGATIVE + PROGRESS + AFFIRMATIVE

# How a section's clauses combine (id: what it means; decided in sources/profile.py: classify).
COMBINATIONS = {
    "partial:negative-qualified": "a negative lead qualified by a later clause stating progress or an initiative",
    "partial:affirmative-qualified": "an affirmative lead qualified by a later clause stating progress or a lack",
    "partial:qualified": "an affirmative clause with 'but ... no/not' in the same sentence",
    "unknown:negative-without-record": "a negative together with 'no information / no record' and nothing positive",
}

# Sentences that report events, not the country's arrangement: an ITU assessment or programme held
# in the country, and a sentence crediting another country's team (reported as other-country).
EVENT_SENTENCE = Rule("event:assessment", "skip",
                      (r"\bassessment\b", r"\bconducted a CIRT\b", r"\bITU (?:has )?conducted\b"),
                      "ITU conducted a CIRT assessment for X in 2014.")

# Connectives that open a qualifying clause.
# A qualifying clause about the lead's own subject ("However it is at a formative stage"), which can
# turn an affirmative into partial; progress on something else does not.
SAME_SUBJECT = Rule("same-subject", "qualifier", (r"^(?:however|but|yet|although|though)\b,?\s*(?:it|this|they|these|its|their|the (?:agency|strategy|policy|team|CIRT|CERT|body))\b",),
                    "However it is at a formative stage.")

CONTRAST = Rule("contrast", "qualifier", (r"^(?:however|but|nevertheless|nonetheless|yet|although|though|still|in addition|additionally)\b",),
                "However a draft policy has been submitted for approval.")
