"""Which passages of a national strategy address which indicator of the profile scheme.

Rules as data.  Each rule names the indicator it decides, a pattern that must occur in one sentence
(the passage), optionally context patterns that must occur in the same sentence too (a second,
independent cue), and the example sentence it must decide (tests/sources/test_strategy.py runs
every example: the rule fires on `example` and on no sentence of `counter`).  NEGATIVE_EXAMPLES
below are sentences of the kinds that are not about a topic although they carry its words; no rule
may pick them for that topic.

Precision matters more than recall: a passage is shown for a topic only when the topic is what the
sentence is about, not a word it passes by.  Four checks stand between a match and a passage:

  prose       the sentence is running prose (passage_ok): not a run of headings, acronyms or table
              cells (few function words, mostly capitalised), not a fragment (starts in lower case,
              ends on an article or preposition, an open parenthesis), not two columns of a PDF run
              together (a sentence end or a capitalised sentence start in the middle of words).
  focus       the topic is carried by a multiword phrase of the topic, or a single term together
              with a second cue of the same topic (an action on it: establish, amend, ratify,
              train, ...); a term that is only one item of an enumeration ('crimes such as fraud,
              child pornography and espionage') is a passing mention and does not count.
  section     sections that are glossaries, abbreviation lists or references give no passages (they
              define words, they do not say what the strategy does); a `weak` rule does not fire
              under a heading that is about another topic and not its own.
  cap         at most MAX_PER_SECTION passages per topic and section (strategy.py), those of strong
              rules first: a long section that names a CERT in every sentence is one place, not
              twenty.

The rules read English only (the language of the document decides, see strategy.py); documents
in other languages get no `addresses` links rather than wrong ones.  A topic with no rule firing is
simply not stated, never 'no'.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

# A sentence is about cybersecurity when it says so; several rules need this as context.  'digital'
# and 'ICT' alone are not enough: strategies for the digital economy use them for everything.
_CYBER = r"(?i:cyber|information\s+security|computer|network\s+security|internet|online|e-crime|hack|incident|CERT|CSIRT)"

MAX_PER_SECTION = 4


# --- is the sentence prose? ----------------------------------------------------------------------

# Function words: running prose has one in three or four words among them; a list of headings,
# names or table cells has almost none.
_FUNCTION = frozenset("""a an the of and or to in on for with by as at from into through is are was were be been
    being will shall should must may can could would has have had that this these those which who whose
    its their our it they we all any each not no also such than so""".split())
_WORD = re.compile(r"[^\W\d_][\w’'&-]*")
_BULLET = re.compile(r"^(?:[-•●▪■◦*·o]\s+|\(?[a-zivx]{1,4}[).]\s+|\(?\d{1,2}(?:\.\d{1,2})*[.)]?\s+)+")
# Two columns of a PDF read across: a sentence ends and the next begins in lower case ('abuse.
# should have'), or a lower-case word runs into a capitalised sentence opener ('skills Everyone').
# A numbered heading inside a sentence ('legal 4.6 Continuous Efforts to Raise Awareness prosecution')
# is a heading of the other column.
_RUN_TOGETHER = re.compile(r"[a-z]{2}\.\s+[a-z]{2,}\s|\b[a-z]{3,}\s+(?:The|This|These|Those|It|We|Our|They|Everyone|However|"
                           r"Such|There|In\s+(?:the|this|order|addition|\d{4},)|To\s+(?:the|this|ensure))\s+\w|[a-z,]\s\d{1,2}(?:\.\d{1,2})+(?:\s+|\.)[A-Z]"
                           # a footnote's number and text run into the sentence ('developing military 1 There is ...')
                           r"|\b[a-z]{3,}\s+\d{1,2}\s+(?:The|There|This|These|It|In|A|An|See|For)\s")
_ITEM_MARK = re.compile(r"(?:^|\s)\(?(?:[a-z]|[ivx]{1,4}|\d{1,2})\)(?=\s)")
_THANKS = re.compile(r"(?i)\b(?:special\s+thanks|(?:we|I)\s+(?:would\s+like\s+to\s+)?thank|(?:are|is|am)\s+grateful\s+to|"
                     r"acknowledg(?:e|es|ed)\s+(?:with\s+thanks\s+)?(?:the\s+)?(?:support|contributions?|assistance|help))\b")
# Numbered cells of a table read across ('1(vi) Encourage ... 1(vii) Consolidate ...').
_CELL_MARK = re.compile(r"\b\d{1,2}\((?:[ivx]{1,4}|[a-h])\)")
_TRUNCATED = re.compile(r"(?i)\b(?:a|an|the|of|and|or|to|in|on|for|with|by|as|at|from|into|through|its|their|our|"
                        r"is|are|will|be|that|which)\s*$")


_OPENS_WITH_VERB = re.compile(r"(?i)^(?:to\s+)?(?:\w+ing|establish|develop|create|set|build|promote|ensure|strengthen|raise|conduct|provide|"
                              r"implement|introduce|improve|enhance|support|encourage|review|adopt|define|prepare|train|educate|launch|"
                              r"foster|increase|expand|participate|cooperate|work|engage|publish|amend|enact|ratify|accede|designate|"
                              r"appoint|monitor|assess|identify|coordinate|integrate|harmoni[sz]e|align|update|enable|facilitate|"
                              r"organi[sz]e|protect|combat|fight|prevent|share|join|sign|require|make|use|apply|give|offer)\b"
                              r"|^[A-Z][\w-]*\s+(?:will|shall|must|should|is|are|has|have|was|were|can|may)\b"
                              # an aim ('To enlarge the pool of experts ...') or a nominalised action
                              # ('The development of a set of cybercrime legislation ...', 'Introduction of processes ...')
                              r"|^to\s+[a-z]+\b|^(?:the\s+)?\w+(?:tion|sion|ment|ance|ence)\s+(?:of|and)\b")


_ENTRY = re.compile(r"^(?P<term>[A-Z][\w./&-]{1,15}(?:\s+[A-Z][\w-]*){0,3})\s*(?::|\s[–—-])\s+(?P<rest>.*)$")


def _definition_entry(s: str) -> bool:
    """'CERT – Computer Emergency Response Team Organization with the tasks of ...', 'Capacity
    Building: Encompasses the overall scale of resources ...': a term, a colon or dash, and its
    expansion (the acronym's letters as the next words' initials) or a defining verb."""
    # 'Computer Emergency Response Team (CERT) Typically an operational team ...': the name, its
    # acronym, and the definition as a new sentence with no verb between.
    if re.match(r"^(?:[A-Z][\w-]*\s+){1,6}\([A-Z][\w.-]{1,12}\)\s+(?!(?:will|shall|is|are|was|were|has|have|must|can|may)\b)[A-Z][a-z]", s):
        return True
    # 'A SOC can also supply incident response services': what a kind of body does, not this one.
    if re.match(r"^An?\s+[A-Z]{2,}s?\s+(?:can|may|is|are|typically|usually|generally)\b", s):
        return True
    m = _ENTRY.match(s)
    if not m:
        return False
    term, rest = m.group("term"), m.group("rest")
    if re.match(r"(?i)(?:encompass\w*|means?|refers?\s+to|denotes?|describes?|is\s+defined|are\s+defined)\b", rest):
        return True
    letters = re.sub(r"[^A-Z]", "", term)
    initials = "".join(w[0] for w in re.findall(r"[A-Za-z][\w-]*", rest)[:len(letters)] if w[0].isupper())
    return len(letters) >= 3 and " " not in term and initials == letters


# A line of a table of contents or of an overview that lists the body's items with their pages: dot
# leaders ('... citizens of the State. ..........'), or a page number before a numbered label ('22
# Action 10 - Phase A – Ensure ...'): the body says it again where it is about it.
_CONTENTS_LINE = re.compile(r"\.{4,}|(?:\.\s){4,}|…{2,}|^\d{1,3}\s+(?:Action|Objective|Measure|Goal|Pillar|Priority|Area|Chapter|Section|"
                            r"Part|Annex|Appendix|Step|Initiative|Programme|Program|Task)\s+\d")
# Rows of a table read across: a row's upper-case label between the last row's text and its own
# ('... critical infrastructures SAWAT Promote security awareness ... T-TRAIN Develop ...').
# (After a content word: 'the IGCI Working Group and INTERPOL Operational Expert Group' names bodies.)
_ROW_LABEL = re.compile(r"\b([a-z]{3,})[.,;]?\s+[A-Z][A-Z0-9]*-?[A-Z0-9]{2,}\s+[A-Z][a-z]+\s")
# A bullet glyph inside a line: an item of the other column run in ('The Norwegian Computer
# Emergency Response • Cooperation with the private sector must be Team (NorCERT) ...').
_INNER_BULLET = re.compile(r"\w[,;]?\s+[•●▪■◦\uf0b7\uf0a7]\s+\w")
# A figure's or table's caption or the sentence that reads it out ('Figure 3 shows the incidents
# reported ...', 'Table II: Staff trained per year'): it describes the chart.
_FIGURE_TEXT = re.compile(r"(?i)^(?:figure|fig\.|table|chart|graph|diagram|exhibit|box)\s+(?:[ivxlc]+|\d+(?:\.\d+)*[a-z]?)\b[.:)]?\s*(?:[-–—:]|"
                          r"(?:above\s+|below\s+)?(?:shows?|reflects?|illustrates?|presents?|depicts?|summari[sz]es?|lists?|gives?|displays?|"
                          r"outlines?|compares?|sets\s+out)\b|[A-Z])")


def passage_ok(sentence: str) -> bool:
    """The sentence is readable running prose that can be shown as a passage."""
    if _CONTENTS_LINE.search(sentence.strip()) or _INNER_BULLET.search(sentence) \
            or sum(w not in _FUNCTION for w in _ROW_LABEL.findall(sentence)) >= 2:
        return False
    s = _BULLET.sub("", sentence.strip()).strip(" \"“”'‘’")
    words = _WORD.findall(s)
    if len(words) < 8 or not s:
        return False
    if s[0].islower():
        return False  # the tail of a sentence cut by a page or a column
    if _TRUNCATED.search(s) or (s.rfind("(") > s.rfind(")")):
        return False  # the head of a sentence cut off ('... coordination of the cybersecurity through')
    lower = [w.lower() for w in words]
    function = sum(w in _FUNCTION for w in lower) / len(words)
    caps = sum(1 for w in words[1:] if w[0].isupper()) / (len(words) - 1)
    if function < 0.1 or (function < 0.18 and caps > 0.3) or caps > 0.5:
        return False  # Headings, Names, Acronyms Or Table Cells run together
    closes = _ITEM_MARK.sub(" ", s)  # 'a) MCIT will ... b) ...': item marks close nothing
    if _RUN_TOGETHER.search(s) or len(_CELL_MARK.findall(s)) >= 2 or closes.count(")") > closes.count("("):
        return False
    # The same five words twice ('of Justice and Public Security will be of Justice and Public
    # Security'): lines of two columns interleaved.  (Only runs of at least three content words:
    # 'in the field of the' may well recur in prose, 'ISO ISO ISO' in a list of standards.)
    seen = set()
    for i in range(len(lower) - 4):
        g = tuple(lower[i:i + 5])
        if g in seen and sum(w not in _FUNCTION for w in g) >= 3 and len(set(g)) >= 3:
            return False
        seen.add(g)
    if re.match(r"[^()]{0,40}\)", s):
        return False  # 'ENISA), for citizens ...': the tail of a parenthesis cut off
    if len(re.findall(r"(?:^|[,;]\s)\.\s+[a-z]", sentence.strip())) >= 2:
        return False  # items of a list whose bullets became full stops, run together ('. coordination ..., . creation ...')
    if len(re.findall(r"(?<![\w’'-])[A-Z][\w’'-]*(?:\s+[\w’'-]+){0,4}:\s", s)) >= 2:
        return False  # labels of a diagram or table run together ('Develop Human Capital: Increase ...: To ensure ...')
    if _definition_entry(s):
        return False  # a glossary entry outside a recognised glossary: it defines a word, the strategy does nothing
    if _THANKS.search(s):
        return False  # acknowledgements thank whoever helped; they say nothing the strategy does
    if _FIGURE_TEXT.match(s):
        return False  # a caption, or what a figure or table shows: statistics, not what the strategy does
    if re.search(r"\s\d{1,2}(?:\.\d{1,2}){1,3}\.?$", s):
        return False  # the next heading's number run into the line: an outline of headings, not prose
    # A short line with no sentence end, no item mark and no verb to open it is a heading
    # ('International cooperation in the realm of X'); an item of an action list is not
    # ('7) To promote trainings for experts', 'Establish a national CERT', 'Developing content ...').
    if len(words) <= 20 and not re.search(r"[.!?;:,)”\"]$", s) and not _BULLET.match(sentence.strip()) \
            and not _OPENS_WITH_VERB.match(s):
        return False
    return True


# --- sections ----------------------------------------------------------------------------------------

# Glossaries, abbreviation lists, references and notes define or cite; they do not say what the
# strategy does.
_SKIP_SECTION = re.compile(r"(?i)\b(?:glossary|abbreviations?|acronyms?|definitions?|terms\s+and\s+(?:expressions|definitions)|"
                           r"terminology|references?|reference\s+marks|bibliography|endnotes?|footnotes?|ibid|acknowledg\w*)\b")


# A question to a respondent as heading ('Does your organisation have a security policy?'): a
# questionnaire or a checklist in an annex, whose items are what a respondent ticks, not what the
# strategy does.
# (A question to the reader, 'What if my system has been compromised?', heads advice, not a form.)
_QUESTION = re.compile(r"(?i)^(?:[\d.]+\s+)?(?:does|do|did|is|are|has|have|was|were|can|will|who|what|which|how)\s+(?:\w+\s+){0,3}?your\s+"
                       r"(?:organi[sz]ation|agency|institution|company|entity|department|ministry|business)\b")


def skip_section(heading: str) -> bool:
    return bool(_SKIP_SECTION.search(heading or "") or _QUESTION.search(heading or "")
                or re.search(r"(?i)\b(?:questionnaire|checklist|check-list|self-assessment)\b", heading or ""))


def cut_heading(heading: str) -> bool:
    """The heading ends on an article, a preposition or an auxiliary ('In addition, incident
    classification will be'), or is a long clause with a verb and no end ('In addition, incident
    classification will be the sole role of the Cyber Emergency'): the head of a sentence the
    reader cut at a line that looked like a heading, not a heading."""
    h = re.sub(r"^[\d.]+\s+", "", (heading or "").strip())
    if len(h.split()) < 4 or re.search(r"[.!?:;]$", h):
        return False
    # (Or a long one with a clause's verb: '... incident classification will be the sole role of the Cyber Emergency'.)
    return bool(_TRUNCATED.search(h)) or (len(h.split()) >= 8 and bool(re.search(r"\b(?:will|shall|must|should|would)\s+(?:not\s+)?be\b", h)))


# What a heading about each topic says.  Used only to weaken `weak` rules under another topic's
# heading (a CERT named in a section on awareness is about awareness there).
HEADING = {
    "1.1.1": r"(?i)\b(?:legal|legislat\w*|laws?|cyber\s*-?\s*crime|criminal|penal|prosecut\w*)\b",
    "1.2.1": r"(?i)\b(?:CERTs?|CSIRTs?|CIRTs?|incident\s+(?:response|handling|management)|emergency\s+response)\b",
    "1.2.2": r"(?i)\b(?:standards?|standardi[sz]ation|baselines?|certification|compliance)\b",
    "1.3.3": r"(?i)\b(?:governance|institutional|organi[sz]ation(?:al)?\s+(?:framework|structure)|roles?\s+and\s+responsibilit\w+|coordination|implementation)\b",
    "1.4.2": r"(?i)\b(?:awareness|education|training|skills|capacity[- ]building|human\s+(?:resources|capital)|workforce|expertise)\b",
    "1.5.4": r"(?i)\b(?:international|global|regional|bilateral|multilateral|diplomacy|foreign)\b",
    "2": r"(?i)\b(?:child\w*|minors|young\s+people|youth)\b",
}


@lru_cache(maxsize=4096)
def heading_topics(heading: str) -> frozenset[str]:
    return frozenset(code for code, pat in HEADING.items() if re.search(pat, heading or ""))


# --- enumerations ------------------------------------------------------------------------------------

_LIST_INTRO = re.compile(r"(?i)\b(?:such\s+as|includ(?:e|es|ing)|like|e\.\s?g\.|for\s+(?:example|instance)|among\s+others|namely|inter\s+alia|"
                         r"rang(?:e|es|ed|ing)\s+from)[\s,:]")
# An example of something else: what follows 'such as' alone is an instance of the sentence's
# subject ('initiatives for collaborations such as the annual Cyber Security Awareness Month').
_EXAMPLE_INTRO = re.compile(r"(?i)^(?:such\s+as|e\.\s?g\.|for\s+(?:example|instance))")
# An aside between commas that says how or with whom, not what ('..., potentially with the help of
# the CERTs, ...'): what it names is not what the sentence is about.
_ASIDE = re.compile(r"(?i),\s*(?:potentially|possibly|where\s+(?:appropriate|necessary|needed)|if\s+(?:needed|necessary)|e\.\s?g\.|"
                    r"(?:in\s+(?:cooperation|collaboration|consultation|coordination)|together)\s+with|with\s+the\s+(?:help|support|assistance)\s+of|"
                    r"through|via)\b[^,;]*$")


def _last_intro(text: str) -> re.Match | None:
    """The last word that opens an enumeration ('such as', 'including', ...) in text, if any."""
    m = None
    for m in _LIST_INTRO.finditer(text):
        pass
    return m


def listed(sentence: str, start: int, end: int) -> bool:
    """The match sentence[start:end] is one item of an enumeration ('crimes such as fraud, child
    pornography or espionage', '(drugs, child pornography, copyrighted material)'): a passing
    mention, not what the sentence is about."""
    before = sentence[max(0, start - 250):start]
    after = sentence[end:end + 80]
    intro = _last_intro(before)
    if intro is None:
        # (An intro further back than 250 characters counts only before a long list, three commas or
        # more: 'its members would include, as a minimum, the Chief Advisor, the Minister of Defence,
        # ... and the Coordinator of the CERT'.)
        far = sentence[max(0, start - 450):max(0, start - 250)]
        far_intro = _last_intro(far)
        if far_intro is not None:
            run = far[far_intro.end():] + before
            if run.count(",") >= 3 and not re.search(r"[;:]|\.\s", run):
                return True
    elif not re.search(r"[;:]|\.\s", before[intro.end():]):
        # (Only the example's own words: 'partners such as IMPACT to coordinate cybersecurity
        # training' goes on about the topic; 'For example, the Convention ...' opens the sentence.)
        tail = before[intro.end():]
        if _EXAMPLE_INTRO.match(intro.group()) and len(before[:intro.start()].split()) >= 2 \
                and len(tail.split()) <= 4 and not re.search(r"(?i)\b(?:to|which|that|who|will|shall|must|can)\b", tail):
            return True
        span = before[intro.end():] + "#" + after
        # ('include' also introduces a single object, 'may include conformance to standards or
        # guidelines': there only a run of items, with commas, is a list.)
        if re.search(r",|\b(?:and|or)\b" if not intro.group().lower().startswith("include") else ",", span):
            return True
    # Inside a parenthesis with other items, or an aside in parentheses ('(the work of the UK
    # Council for Child Internet Safety offers a good example)').
    op, cl = before.rfind("("), before.rfind(")")
    if op > cl and ")" in after:
        inside = before[op:] + after[:after.find(")")]
        if "," in inside or len(inside.split()) >= 6:
            return True
    # Inside an aside between dashes that lists several things ('all agencies related to cybersecurity
    # – the national CERT, the master-planning functions from IDA, and SITSA – were brought under a
    # single agency').
    op = max(before.rfind(" – "), before.rfind(" — "), before.rfind(" - "))
    if op >= 0:
        rest = sentence[end:end + 200]
        cl = min((i for i in (rest.find(" – "), rest.find(" — "), rest.find(" - ")) if i >= 0), default=-1)
        if cl >= 0 and (before[op:] + rest[:cl]).count(",") >= 2:
            return True
    # An item of a list after a colon, cut at its semicolon ('... including increasing: (1) user
    # awareness of the security features in products;').
    if sentence.rstrip().endswith(";") and re.search(r":\s*\(?(?:[a-z]|[ivx]{1,4}|\d{1,2})\)\s[^:]*$", before):
        return True
    # One duty in a run of them ('the intelligence community, that gathers intelligence, produces
    # analysis, contributes to the promotion of awareness, and provides alerts'), or one item of a
    # list that ends in 'etc.'.
    clauses = re.split(r"[,;]\s*(?:and\s+)?", sentence)
    duties = [c for c in clauses if re.match(r"[a-z]+(?<!s)s\s+(?:to\s+|the\s+|a\s+|an\s+|all\s+)?[a-z]", c)]
    if len(duties) >= 3:
        pos = 0
        for c in clauses:
            at = sentence.find(c, pos)
            if at <= start < at + len(c):
                if c in duties:
                    return True
                break
            pos = at + len(c)
    if re.search(r"\betc\.?\s*$", sentence.strip()) and len(re.findall(r"[,;]", sentence[:start] + sentence[end:])) >= 2:
        return True
    # One short item of a lettered list of many ('(e) enforce policy; (f) conduct user awareness
    # training; (g) audit user actions').
    # (Three or more items run together in one passage are a list, whatever the item's length:
    # 'd) Develop legal framework ... e) Develop regulatory framework ... f) Organize awareness
    # campaign for all regulatory frameworks ...'.)
    marks = [m.end() for m in _ITEM_MARK.finditer(sentence)]
    # (Unless the topic is in several of the items: then the list is about it.)
    if len(marks) >= 3 and any(m <= start for m in marks):
        items = [sentence[a:b] for a, b in zip(marks, marks[1:] + [len(sentence)])]
        if sum(sentence[start:end].lower() in it.lower() for it in items) < 2:
            return True
    # 'fraud, dissemination of X, espionage and terrorism': the match is a short item between a
    # comma and a comma (or 'and'/'or'), in a run of at least three items.  A list of aims
    # ('To protect X, enhance Y, protect the children in cyberspace, mitigate Z') is a list too: a
    # mission naming the topic as one aim of many is not a passage about it.
    left = re.search(r",\s*(?:(?:and|or)\s+)?((?:[\w’'-]+\s+){0,3})$", before)
    right = re.match(r"((?:\s+[\w’'-]+){0,3}?)\s*(?:,|\s(?:and|or)\s)", after)
    if left and right and (before + after).count(",") >= 2:
        return True
    # One item of a list separated by semicolons ('must have leadership; adopt a risk approach;
    # conduct security awareness and training; handle incidents'), unless the first, which leads in.
    semis = [i for i, ch in enumerate(sentence) if ch == ";" and i < len(sentence.rstrip(" ;.")) ]
    if len(semis) >= 2 and start > semis[0]:
        return True
    # The last of three or more objects ('partner with international law enforcement, intelligence
    # agencies and other computer emergency response teams').
    # (The middle one a plain noun phrase: not a relative clause, 'from X, which are defined in penal
    # or administrative laws', nor a participle, 'in the field, paying attention to policies and ...'.)
    # The clause ends with the item: 'In addition to involvement in organisations, bilateral and
    # multilateral cooperation in addressing problems ... will be facilitated' is not a list of objects.
    if re.search(r"(?i)\b(?:with|of|between|among|from|by|to|for)\s+[^,;]{1,60},\s*(?=\S)(?!\w+ing\b)(?:(?!\b(?:which|that|who|whom|are|is|was|were|will|shall|must|and|or)\b)[^,;]){1,40}"
                 r"\s(?:and|or)\s+(?:other\s+|the\s+)?(?:[\w’'-]+\s+){0,3}$", before) \
            and re.match(r"(?:\s+[\w’'-]+){0,3}\s*(?:[.;,)]|$)", after):
        return True
    # The last item of a list, added with 'and including' / 'as well as' ('electronic transactions,
    # security, and privacy of citizens and including child online protection').
    if re.search(r"(?i),[^,;]{0,80},[^,;]{0,120}\b(?:and|or)\s+(?:also\s+)?(?:including|as\s+well\s+as)\s+(?:[\w’'-]+\s+){0,2}$", before):
        return True
    # The source a figure or a claim is cited from ('According to SI-CERT data, 2060 incidents were
    # handled', 'The CERT/CC notes that incidents are increasing'): the sentence is about the figure.
    if re.search(r"(?i)\baccording\s+to\s+(?:the\s+)?(?:[\w’'/.-]+\s+){0,6}$", before) \
            or re.match(r"[/\w-]*\)?(?:\s+[A-Z][\w-]*){0,2}(?:\s*\([^)]{1,40}\))?\s+(?:notes|noted|reports|reported|states|stated|estimates|estimated|indicates|indicated|"
                        r"shows|showed|found|observes|observed)\s+that\b|(?:\s*\([^)]{1,40}\))?\s+(?:data|statistics|figures|reports?)\d*\b", after):
        return True
    # The place or medium the topic owns ('presented on the website of the Governmental CSIRT
    # CERT.GOV.PL'): the sentence is about what is put there.
    if re.search(r"(?i)\b(?:web\s*sites?|web\s+pages?|portals?|premises|offices)\s+of\s+(?:the\s+)?(?:[\w’'.-]+\s+){0,12}$", before):
        return True
    # A secondary aim added with 'while' ('a partnership that co-develops solutions with industry
    # while supporting workforce skills development').
    if re.search(r"(?i)\bwhile\s+(?:also\s+)?\w+ing\s+(?:[\w’'-]+\s+){0,3}$", before):
        return True
    if _ASIDE.search(before) and re.match(r"[^,;]{0,40}(?:,|$)", after):
        return True
    # The partner of the sentence's subject, not its subject ('NCIIPU in collaboration with ngCERT
    # will identify attacks').
    # (The partner's full name may stand before its acronym: 'in cooperation with the Governmental
    # Computer Security Incident Response Team CERT.GOV.PL'.)
    if re.search(r"\b(?:[Ii]n\s+(?:collaboration|cooperation|coordination|partnership|consultation)|[Tt]ogether|[Pp]artner(?:s|ed|ing)?)\s+with\s+"
                 r"(?:the\s+)?(?:[\w-]+(?:’s|'s|’)\s+)?(?:(?:[\w’'-]+\s+){0,3}|(?:[A-Z][\w’'-]*(?:’s|'s)?\s+|(?:of|for|and)\s+){1,8})\(?$", before):
        return True
    # The first of a run of aims after 'to' ('an international effort to raise awareness, develop
    # standards, prosecute offenders across borders, and conclude agreements'): one aim of many.
    if re.search(r"(?i)\b(?:efforts?|needs?|needed|aims?|seeks?|intends?|order|strives?|plans?|endeavou?rs?|commit\w*|co-?operation|collaboration|"
                 r"partnerships?|action|work)\s+to\s+(?:[\w’'-]+\s+){0,1}$", before) \
            and re.match(r"[^,;]{0,40},", after) \
            and len(re.findall(r",\s*(?:and\s+)?[a-z]+\s", after + sentence[end + 80:end + 200])) >= 2:
        return True
    # The first of a run of tasks after 'requires'/'includes' ('Global efforts require raising
    # awareness, promoting stronger standards, and investigating cybercrime').
    if re.search(r"(?i)\b(?:requires?|required|includes?|involves?|covers?|comprises?|encompass\w*)\s+(?:[\w’'-]+\s+){0,1}$", before) \
            and re.match(r"(?:\s+[\w’'-]+){0,3}?\s*,\s*(?:and\s+)?\w+ing\b", after) and after.count(",") >= 1:
        return True
    return False




# --- rules -------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class TopicRule:
    name: str
    indicator: str  # a code of sources/scheme.py (or "2" for child online protection)
    pattern: str
    example: str
    context: str | tuple[str, ...] | None = None  # must also occur in the sentence (each of them)
    counter: tuple[str, ...] = field(default_factory=tuple)  # sentences the rule must not pick
    # Lower-case substrings one of which every sentence the pattern matches contains (a fast
    # prefilter; tests check that each example contains one).
    keys: tuple[str, ...] = field(default_factory=tuple)
    veto: str | None = None  # the sentence is about something else when this occurs in it
    weak: bool = False  # not under a heading about another topic only
    heading: str = ""  # the section heading of the example (for weak rules)
    # When > 0, the first context must occur within this many characters before or after the match
    # (the others anywhere in the sentence): the second cue acts on the topic's term, not on
    # something else the sentence says.
    near: int = 0
    # The topic's own examples may stand in a list ('international standards such as the Common
    # Criteria', 'organisations such as the ITU, FIRST and the OECD'): the list is about the topic.
    listed_ok: bool = False
    # The topic must be the sentence's theme: matched in its opening THEME_OPENING characters, named
    # twice, or under a heading about the topic.  For words that strategies scatter everywhere
    # ('international', 'cooperation'): late in a sentence about something else they are asides.
    theme: bool = False

    def compiled(self) -> tuple[re.Pattern, tuple[re.Pattern, ...]]:
        ctx = (self.context,) if isinstance(self.context, str) else (self.context or ())
        return re.compile(self.pattern), tuple(re.compile(c) for c in ctx)

    @property
    def veto_re(self) -> re.Pattern | None:
        return _compiled(self.veto) if self.veto else None

    def picks(self, sentence: str, heading: str = "") -> bool:
        pat, ctx = self.compiled()
        return decide(self, pat, ctx, sentence, heading)


@lru_cache(maxsize=None)
def _compiled(p: str) -> re.Pattern:
    return re.compile(p)


def decide(rule: TopicRule, pat: re.Pattern, ctx: tuple[re.Pattern, ...], sentence: str, heading: str = "") -> bool:
    """The rule picks the sentence (in a section with this heading)."""
    spans = [(m.start(), m.end()) for m in pat.finditer(sentence) if rule.listed_ok or not listed(sentence, m.start(), m.end())]
    if not spans:
        return False
    if rule.near and ctx:
        if not any(ctx[0].search(sentence[max(0, a - rule.near):b + rule.near]) for a, b in spans):
            return False
        ctx = ctx[1:]
    if not all(c.search(sentence) for c in ctx):
        return False
    if rule.veto and _compiled(rule.veto).search(sentence):
        return False
    if _HEDGE.search(sentence):
        return False
    # The topic only in a background clause that opens the sentence ('Having managed AFCERT since
    # its establishment, ISSD should become an independent entity'): the sentence is about its subject.
    opener = _BACKGROUND.match(sentence)
    if opener and all(b <= opener.end() for _, b in spans):
        return False
    if rule.weak and heading:
        topics = heading_topics(heading)
        if topics and rule.indicator not in topics:
            return False
    if rule.theme and not (spans[0][0] < THEME_OPENING or len(spans) >= 2 or rule.indicator in heading_topics(heading)):
        return False
    return True


THEME_OPENING = 80

# A hedge that gives the topic no task ('KSA's CERT can also play a role.'): a side remark in a
# sentence about something else.
_HEDGE = re.compile(r"(?i)\b(?:can|could|may|might)\s+(?:also\s+)?play\s+(?:a|an|some)\s+(?:\w+\s+)?(?:role|part)\s*[.;]?$")
_BACKGROUND = re.compile(r"(?i)^(?:having|after\s+having)\s+[^,;]{5,200},")


TOPIC_LABELS = {
    "1.1.1": "criminal legislation",
    "1.2.1": "CIRT",
    "1.2.2": "standards",
    "1.3.3": "responsible agency",
    "1.4.2": "manpower development and awareness",
    "1.5.4": "international cooperation",
    "2": "child online protection",
}

# A law word that names something else: 'cybercrime legislation courses' are training, 'cybercrime
# law enforcement' is police.
_NOT_LAW = r"(?![\s-]+(?:enforcement|courses?|training|workshops?|seminars?|experts?|specialists?|education|awareness|students?))"
# A definition of cybercrime names the laws that define offences, and laws that differ between
# countries are a problem of cooperation: neither says what the country's law does or will do.
_NOT_THE_LAW = (r"(?i)\bcyber\s*-?\s*crimes?\s+(?:is|are)\s+(?:defined|understood)\s+as\b|\bcyber\s*-?\s*crimes?\s+(?:comprises?|means|refers\s+to)\b|"
                # a law cited for the meaning of a term ('In accordance with the Computer Misuse Act, the
                # term "protected computers" refers to ...')
                r"\bthe\s+terms?\s+[\"“‘']|\bas\s+defined\s+(?:in|by|under)\b|"
                r"\b(?:differing|different|divergent|diverging|varying|disparate)\s+(?:\w+\s+){0,3}laws\b|"
                # enforcing laws, or acting in accordance with them, is police capability, not legislation
                r"\benforc\w*\s+(?:the\s+|(?:existing|current|such|these|its|their)\s+)?laws\b|\b(?:in\s+accordance\s+with|under)\s+(?:the\s+)?laws\s+and\s+(?:statutes|regulations)\b")
_CYBERCRIME = r"(?:cyber\s*-?\s*crimes?|computer\s+crimes?|computer\s+misuse|computer[- ]related\s+(?:crimes?|offen[cs]es)|electronic\s+crimes?|e-crimes?|high[- ]tech(?:nology)?\s+crimes?)"
# Actions on a law: what makes a sentence naming it about legislation.
_LAW_ACTION = (r"(?i)\b(?:enact\w*|adopt\w*|amend\w*|draft\w*|pass(?:es|ed|ing)?|introduc\w*|review\w*|revis\w*|updat\w*|harmoni[sz]\w*|align\w*|"
               r"ratif\w*|accede|accession|acced\w*|sign(?:s|ed|ing|atory)?|transpos\w*|implement\w*|compl(?:y|ies|ied|ying|iance|iant)|consistent|in\s+line|incorporat\w*|"
               r"criminali[sz]\w*|offen[cs]es?|penalt\w*|sanction\w*|prosecut\w*|provisions?|legislat\w*|laws?|legal\s+framework|"
               r"join\w*|became\s+a\s+party|party\s+to)\b")
# Actions on standards: setting, adopting, meeting them.
# (Only the verb forms that act on standards: 'issues', 'applications', 'specific', 'requires' are not.)
_STANDARD_ACTION = (r"(?i)\b(?:develop\w*|establish\w*|set(?:s|ting)?|defin\w*|adopt\w*|implement\w*|appl(?:y|ies|ied|ying)|"
                    r"compl(?:y|ies|ied|ying|iance|iant)|conform\w*|mandat\w*|publish\w*|issued|introduc\w*|specif(?:y|ies|ied|ying)|"
                    r"enforc\w*|meet|met|promot\w*|adher\w*|(?:are|be|is)\s+required|audit\w*|"
                    r"certif\w*|minimum|baseline|based\s+on|in\s+line|accordance|align\w*|harmoni[sz]\w*)\b")
_BODY = (r"(?:Ministry|Minister|Agency|Authority|Council|Centre|Center|Committee|Commission|Office|Department|Directorate|"
         r"Board|Secretariat|Bureau|Unit|Division|Coordinator|Cabinet|Government)")
_ROLE = (r"(?:responsible|in\s+charge|mandated|tasked|designated|accountable|the\s+(?:lead|leading|main|principal|central|national)\s+"
         r"(?:agency|body|authority|organi[sz]ation|institution|coordinator|point)|the\s+focal\s+point|the\s+(?:competent|coordinating)\s+(?:authority|body))")
# (Not 'steering': it is part of names, 'Cyber Security Steering Group' would cue itself.)
_GOVERN = (r"(?i)\b(?:coordinat\w*|oversee\w*|oversight|overs[ae]w|supervis\w*|monitor\w*\s+(?:the\s+)?implementation|lead\w*|chair\w*|"
           r"report\w*\s+to|mandate\w*|responsib\w*|in\s+charge|tasked|governance|accountab\w*|direct(?:s|ed|ing)?|decision[- ]making|"
           r"implementation\s+of\s+(?:the|this)\s+(?:national\s+)?(?:\w+\s+){0,3}strategy|policy[- ]making)\b")
# (Not 'establish', 'create', 'set up': that a centre will be established says nothing of what it
# is responsible for; an operational centre is not the body responsible for the strategy.)
# ('develop' and 'build' only with what is developed: 'developments will translate to jobs' is not training.)
# ('trained professionals can use the standard' names professionals; 'train', 'training', a lack
# or shortage of them is about manpower.)
_TRAINING_ACTION = (r"(?i)\b(?:train(?:s|ing|ings|ees?)?\b|trained\s+(?:and|to|in)|well[- ]trained|lack|shortfalls?|numbers?\s+of|educat\w*|teach\w*|course\w*|curricul\w*|degree\w*|certif\w*|skill\w*|recruit\w*|retain\w*|"
                    r"attract\w*|shortage|pipeline|career\w*|qualif\w*|scholarship\w*|competen\w*|"
                    r"(?:develop|build|strengthen|enhanc)\w*\s+(?:\w+\s+){0,3}(?:capacit\w*|expertise|talent|workforce|professionals|specialists|human\s+(?:resources|capital)))\b")
_AWARE_ACTION = (r"(?i)\b(?:rais\w*|promot\w*|campaign\w*|programm?e?s?|educat\w*|train\w*|improv\w*|increas\w*|enhanc\w*|build\w*|"
                 r"conduct\w*|launch\w*|develop\w*|inform\w*|strengthen\w*|foster\w*|culture|teach\w*|initiative\w*|events?|materials?)\b")
_COOPERATE = r"(?i)\b(?:co-?operat\w*|collaborat\w*|partner\w*|participat\w*|join\w*|membership|member\s+of|work\w*\s+(?:with|closely)|engag\w*|exchang\w*|shar\w*|contribut\w*|support\w*)"
_CHILD_ACTION = (r"(?i)\b(?:combat\w*|fight\w*|tackl\w*|prevent\w*|block\w*|remov\w*|report\w*|investigat\w*|prosecut\w*|criminali[sz]\w*|"
                 r"filter\w*|hotline|protect\w*|safe\w*|against|counter\w*|detect\w*|identif\w*|rescu\w*|eradicat\w*|educat\w*|awareness)\b")

# Building other countries' capacity (assistance to partners, a forum on cyber expertise) is
# international cooperation, not the country's own manpower.
_OTHERS_CAPACITY = (r"(?i:\b(?:(?:international|foreign|regional|overseas)\s+partners|other\s+(?:countries|nations|states)|"
                    r"(?:developing|partner|third|neighbou?ring)\s+(?:countries|nations|states|economies)|capacity[- ]building\s+assistance|"
                    r"Global\s+Forum\s+on\s+Cyber\s+Expertise|(?:international|regional)\s+(?:and\s+regional\s+)?organi[sz]ations\s+to\s+support)\b)")

_ORGS = (r"\b(?:ITU|IMPACT|FIRST|OECD|NATO|ENISA|ASEAN|APCERT|Council of Europe|United Nations|INTERPOL|Interpol|Europol|"
         r"Organization of American States|OSCE|African Union|European Union|Commonwealth|G-?8|G-?20|APEC|Meridian)\b")
_ORG_KEYS = ('itu', 'impact', 'first', 'oecd', 'nato', 'enisa', 'asean', 'apcert', 'council of europe', 'united nations', 'interpol',
             'europol', 'organization of american', 'osce', 'african union', 'european union', 'commonwealth', 'g8', 'g-8', 'g20', 'g-20',
             'apec', 'meridian')
# The organisation as the subject of what it did or says ('In 2008, NATO launched the Cooperative
# Cyber Defence Centre', 'The European Union has drafted conventions ...'): background on the
# organisation, not cooperation the country undertakes.
# Conformity with an organisation's documents is alignment, not cooperation ('the Strategy is in
# conformity with the recommendations of the European Parliament').
_CONFORMS = (r"(?i:\b(?:in\s+(?:conformity|line|accordance|compliance)|consistent|complies|comply|complying|conforms?|aligned)\s+with\s+(?:the\s+)?(?:[\w’'-]+\s+){0,4}"
             r"(?:recommendations?|decisions?|directives?|communications?|documents?|strateg\w+|guidelines?|regulations?|policy|policies)\b)")
_ORG_ACTS = (r"^(?:[^,]{0,40},\s*){0,2}(?:[Tt]he\s+)?" + _ORGS + r"(?:\s+[A-Z][\w-]*){0,3}(?:’s|'s)?\s+(?:(?:also|recently|already)\s+)?"
             r"(?:has|have|had|launched|adopted|created|drafted|established|published|issued|developed|founded|formed|set\s+up|"
             r"says|states|recommends|notes|defines)\b")

# Awareness of something other than security ('raising awareness about assistive devices'), or
# advocacy for a policy inside government ('raising awareness about the importance of developing a
# cybersecurity policy', 'raise awareness about the removal of impediments to information sharing').
_AWARE_OF_OTHER = (r"(?i:\bawareness\s+(?:about|on|regarding|concerning)\s+(?!the\s+part\s+of\b)(?!(?:[\w’'-]+\s+){0,7}?[\w’'-]*(?:cyber|secur|risk|threat|safe|protect|"
                   r"online|internet|attack|crime|fraud|privacy|hygiene|danger|vulnerab|incident|hack|malware|abuse))|"
                   r"\bawareness\s+(?:about|regarding|concerning)\s+(?:the\s+)?(?:importance|need|necessity|removal)\s+of\s+"
                   r"(?!(?:cyber\s*-?\s*)?security\b|protect\w*|safe\w*|secur\w*))")

# A forum or association of teams said to be what it is ('FIRST is the global association of
# incident response teams', 'TF-CSIRT has been the platform of Europe's teams'): background on the
# forum, often a footnote, not the country's team.
_TEAMS_FORUM_DEFINED = (r"^(?:[^,]{0,40},\s*)?(?:The\s+)?(?:FIRST|Forum\s+of\s+Incident\s+Response\s+and\s+Security\s+Teams|APCERT|"
                        r"Asia\s+Pacific\s+Computer\s+Emergency\s+Response\s+Team|TF-CSIRT|Trusted\s+Introducer|OIC-CERT|AfricaCERT|EGC)"
                        r"(?:\s*\([A-Z-]{3,10}\))?\s+(?:is|are|was|has\s+(?:also\s+)?been|remains)\s+(?:an?|the|one)\b")
# Only teams of others named, regional or international ones ('It is up to CERT-EU and to NATO's
# NCIRC to ensure the cyberdefence of their institutions'), and none of the country's own: not the
# country's CIRT.
# (Forums of teams, 'APCERT drills', 'TF-CSIRT', are cooperation among CERTs, the country's among them.)
_OTHERS_TEAMS_ONLY = (r"^(?=.*\b(?:CERT-EU|EU-CERT|NCIRC|NATO\s+Computer\s+Incident\s+Response\s+Capability)\b)"
                      r"(?!.*\b(?i:national|government(?:al)?|sectoral|sector|our|its|country's|country’s)\s+(?:[\w-]+\s+){0,3}?"
                      r"(?i:CERTs?|CSIRTs?|CIRTs?|teams?)\b)")
# Awareness held by those who defend, of threats and incidents ('situational awareness', 'our
# understanding and awareness of the threat'): intelligence, not awareness raised among people.
# (Unless people are taught it: 'courses designed to raise situational awareness among staff'.)
_SITUATIONAL = (r"(?i:^(?!.*\b(?:train\w*|courses?|educat\w*)\b).*\bsituational\s+awareness\b|\b(?:our|its)\s+(?:[\w-]+\s+){0,3}awareness\s+of\s+(?:the\s+)?"
                r"(?:[\w-]+\s+){0,2}(?:threats?|risks?|attacks?|incidents?|adversar\w+)\b)")

RULES: tuple[TopicRule, ...] = (
    # 1.1.1 criminal legislation: a law on cybercrime, criminalising, the criminal law applied to
    # computers, the Convention on Cybercrime with an action on it (ratify, accede, align).  'Law
    # enforcement' (police capability) is a neighbouring topic, not legislation.
    TopicRule("cybercrime-legislation", "1.1.1",
              r"(?i)\b" + _CYBERCRIME + r"\s+(?:laws?|acts?|legislation|bills?|statutes?|provisions|legal\s+framework)\b" + _NOT_LAW +
              r"|\b(?:laws?|legislation|legal\s+(?:framework|provisions|instruments?)|statutes?|act)\s+(?:on|against|to\s+(?:combat|fight|counter|address|tackle|prevent)|"
              r"addressing|dealing\s+with|governing)\s+(?:the\s+)?" + _CYBERCRIME,
              "The Government will enact a Cybercrime Act that defines offences against computer systems.",
              counter=("Cybercrime is growing in every region of the world.",
                       "Cybercrime law enforcement agencies are to strengthen their capability to investigate cybercrime."),
              veto=_NOT_THE_LAW,
              keys=('crime', 'misuse')),
    # Legislation named near cybercrime ('This legislation must cover the prevention, deterrence and
    # response to all forms of cybercrime'); law enforcement (police) is not legislation.
    TopicRule("legislation-near-cybercrime", "1.1.1",
              # (The singular 'law' only as 'a law on/against ...': 'as provided for by law', 'breach
              # the law', 'law enforcement', 'law firms' are not legislation.)
              r"(?i)\b(?:legislation(?!\s+(?:courses?|training|students?))|laws(?![\s-]+enforcement)|law\s+(?:on|against|to\s+(?:combat|fight|prevent))|legal\s+(?:framework|provisions|basis|instruments?)|"
              r"statutes?|penal\s+code|criminal\s+code)\b",
              "The laws will be updated so that all forms of cybercrime can be prosecuted.",
              context=r"(?i)\b(?:cyber\s*-?\s*crim\w*|computer\s+crim\w*|e-crimes?|high[- ]tech\s+crim\w*|(?:criminal\s+)?offen[cs]es\s+(?:against|committed\s+(?:through|via|by\s+means\s+of|using)|involving)\s+(?:\w+\s+){0,2}(?:computers?|information|networks?|cyber\w*|online|electronic|the\s+internet))",
              counter=("Law enforcement agencies will strengthen their capability to investigate cybercrime.",
                       "Cybercrime grew fast last year, and the law firms that were attacked reported losses.",
                       "The Centre, as provided for by law, is responsible for the repression of cyber crimes against critical infrastructures.",
                       "Law-enforcement capacity to tackle cybercrime is one of the factors that companies take into account."),
              veto=_NOT_THE_LAW,
              weak=True, heading="3 Legal Framework", near=150,
              keys=('legislation', 'law', 'legal', 'statute', 'code')),
    TopicRule("criminalise", "1.1.1",
              r"(?i)\bcriminali[sz](?:e|es|ed|ing|ation)\b",
              "Unauthorised access to computer systems will be criminalised in national law.",
              context=_CYBER,
              counter=("The criminalisation of drug use is debated in parliament every year.",),
              veto=_NOT_THE_LAW,
              keys=('criminali',)),
    TopicRule("criminal-law-and-cyber", "1.1.1",
              r"(?i)\b(?:criminal|penal)\s+(?:law|laws|code|codes|legislation|procedure\s+(?:law|code)|provisions)\b",
              "The criminal law will be amended to cover offences committed through computer networks.",
              context=(_CYBER, _LAW_ACTION),
              counter=("The criminal law of the country dates from 1961.",),
              veto=_NOT_THE_LAW,
              keys=('criminal', 'penal')),
    TopicRule("convention-on-cybercrime", "1.1.1",
              r"(?i)\b(?:budapest\s+convention|convention\s+on\s+cyber\s*-?\s*crime)\b",
              "Ruritania will accede to the Council of Europe Convention on Cybercrime and align its laws with it.",
              context=_LAW_ACTION,
              counter=("Experts met in Budapest to discuss the Convention on Cybercrime.",),
              near=100, keys=('convention',)),

    # 1.2.1 CIRT: the team named by its multiword name, or by its acronym together with something
    # it does (handles incidents, warns, coordinates) or is done to it (established, set up).
    TopicRule("incident-response-team", "1.2.1",
              r"(?i)\b(?:computer|cyber|information\s+security|national|government(?:al)?|sectoral|security)\s+(?:security\s+)?"
              r"(?:emergency|incident)\s+(?:response|readiness)\s+(?:team|teams|centre|center|capabilit(?:y|ies))\b",
              "A national Computer Emergency Response Team will coordinate the handling of incidents.",
              counter=("Emergency services respond to floods and fires.",),
              veto=_TEAMS_FORUM_DEFINED + "|" + _OTHERS_TEAMS_ONLY,
              keys=('response', 'readiness')),
    TopicRule("cert-acronym", "1.2.1",
              r"\b(?:[A-Za-z]{0,8}[-.]?)?(?:CERT|CSIRT|CIRT|CSIRC)s?(?:[-.][A-Za-z]{1,8})?\b",
              "RU-CERT will publish warnings about vulnerabilities to operators.",
              context=r"(?i)\b(?:incidents?|respon\w*|alerts?|warn\w*|vulnerabilit\w*|threats?|attacks?|handl\w*|coordinat\w*|establish\w*|"
                      r"set\s+up|creat\w*|operat\w*|monitor\w*|report\w*|advis\w*|advisor\w*|detect\w*|mitigat\w*|recover\w*|"
                      r"analys\w*|constituen\w*|24\s*/\s*7|round[- ]the[- ]clock|point\s+of\s+contact)\b",
              counter=("Certification of products is voluntary.",
                       "The committee includes representatives of the ministries, the CERT and the regulator."),
              veto=_TEAMS_FORUM_DEFINED + "|" + _OTHERS_TEAMS_ONLY,
              near=80, keys=('cert', 'csirt', 'cirt', 'csirc')),

    # 1.2.2 standards: a named security standard, or security standards with an action on them
    # (set, adopt, comply); 'norms' of state behaviour in cyberspace are not standards.
    TopicRule("named-security-standard", "1.2.2",
              r"\b(?:ISO\s*/?\s*(?:IEC\s*)?2700\d|ISO\s*/?\s*(?:IEC\s*)?15408|Common\s+Criteria|NIST\s+SP\s*800|NIST\s+(?:Cyber\s*security\s+)?Framework)",
              "Agencies will implement an information security management system conforming to ISO/IEC 27001.",
              listed_ok=True, keys=('iso', 'common criteria', 'nist')),
    TopicRule("security-standards", "1.2.2",
              r"(?i)\b(?:(?:cyber\s*-?\s*security|information\s+security|IT\s+security|ICT\s+security|security)\s+(?:standards?|baselines?)|"
              r"(?:minimum|baseline|mandatory|common)\s+(?:cyber\s*-?\s*|information\s+|IT\s+)?security\s+requirements)\b|\bstandards?\s+(?:for|on|of)\s+(?:cyber\s*-?\s*security|information\s+security|IT\s+security|ICT\s+security)\b",
              "Minimum security standards will be set for the systems of critical infrastructure operators.",
              context=_STANDARD_ACTION,
              counter=("The standard of living has risen.",
                       "Stakeholders must update their security standards and procedures to the evolving threat.",
                       "Research will develop secure products for addressing national security requirements."),
              # (Norms of state behaviour in cyberspace are diplomacy, not standards to implement.)
              veto=r"(?i)\b(?:international|global|voluntary)\s+norms\b|\bnorms\s+(?:of|for)\s+(?:responsible\s+)?(?:state\s+)?behaviou?r|"
                   r"\blaws?\s+(?:are\s+)?consistent\s+with\s+international\s+standards|"
                   # standards set by others with norms, and a standard as a level of quality ('the highest standards of security')
                   r"\bstandards\s+and\s+norms\b|\bnorms\s+and\s+standards\b|\b(?:highest|high|higher|the\s+same|exemplary|world[- ]class)\s+standards?\s+of\b",
              weak=True, heading="4 Security Standards", near=60,
              keys=('standard', 'baseline', 'requirements')),

    # 1.3.3 responsible agency: a named body that is responsible for / leads / coordinates cyber
    # security or the strategy, or the strategy's implementation coordinated by a named body.
    TopicRule("agency-responsible-for-cyber", "1.3.3",
              r"(?:\b" + _BODY + r"\b|^(?:An?|The)\s+(?:\w+\s+){0,2}(?:entity|body|agency|authority|organi[sz]ation|council|committee|centre|center|unit|office)\b)"
              r"[^.;]{0,100}?\b(?:is|are|shall\s+be|will\s+be|has\s+been|was|becomes|acts\s+as|serves\s+as|remains)\s+"
              # (Responsible for cyber security, the strategy or its coordination: a centre responsible
              # for repressing cyber crimes is police, a neighbouring topic.)
              + _ROLE + r"[^.;]{0,80}?(?i:cyber\s*-?\s*security|cyber\s*space|information\s+security|this\s+strategy|the\s+strategy|coordinat\w*|implementation)",
              "The National Cyber Security Authority is responsible for coordinating the implementation of this strategy.",
              context=(r"(?i)cyber|information security|this strategy|the strategy",
                       r"\b[A-Z][a-z]+\s+(?:of\s+|for\s+)?[A-Z]|\b[A-Z]{2,}\b"),  # a named body, not 'institutions responsible'
              # (No 'responsibility for cyber security' without a named body: users, managers and
              # institutions in general have that too.)
              counter=("Share of employees of public institutions responsible for cyber security with certificates: 20% by 2015.",
                       "Users have a responsibility for the security of their own computers.",
                       "Each body will designate a senior manager who is responsible for cyber security."),
              keys=('responsib', 'in charge', 'mandate', 'tasked', 'designated', 'lead', 'coordinat', 'accountable',
                    'focal', 'competent', 'oversight', 'principal', 'central', 'national', 'main')),
    TopicRule("strategy-implementation-body", "1.3.3",
              r"\b" + _BODY + r"\b[^.;]{0,100}?\b(?:shall|will|is\s+to|must)\s+(?:\w+\s+){0,2}(?:coordinate|oversee|supervise|lead|monitor|steer|direct)\s+"
              r"(?:and\s+\w+\s+)?(?:the\s+)?(?:implementation|execution)\s+of\s+(?:this|the)\s+(?:[Nn]ational\s+)?(?:\w+\s+){0,3}(?:[Ss]trategy|[Pp]olicy|[Aa]ction\s+[Pp]lan)"
              r"|(?i:implementation\s+of\s+(?:this|the)\s+(?:national\s+)?(?:\w+\s+){0,3}(?:strategy|policy)\s+(?:shall|will)\s+be\s+(?:coordinated|overseen|supervised|led|monitored|steered)\s+by)\s+(?:the\s+)?[A-Z]"
              # 'the entity coordinating the implementation of the Policy ... is the minister', 'a
              # strategy implementation function to oversee implementation of the strategy'
              r"|(?i:\b(?:entity|body|function|unit|agency|authority|institution|organi[sz]ation|office)\s+(?:\w+\s+){0,2}"
              r"(?:coordinating|overseeing|supervising|leading|to\s+(?:coordinate|oversee|supervise|lead)|that\s+(?:will\s+)?(?:coordinates?|oversees?|leads?))\s+"
              r"(?:the\s+)?implementation\s+of\s+(?:this|the)\s+(?:national\s+)?(?:\w+\s+){0,3}(?:strategy|policy))"
              # 'designated DHS as the lead agency for the nation's information technology sector'
              r"|(?i:\b(?:lead|leading|coordinating)\s+(?:agency|authority|ministry|body|department|institution)\s+(?:for|on|in)\s+(?:the\s+)?(?:\w+(?:’s|'s)?\s+){0,2}"
              r"(?:cyber\s*-?\s*security|cyber\s*space|information\s+security|information\s+technology|IT\b|ICT\b))",
              "The Ministry of Digital Affairs will coordinate the implementation of this strategy.",
              counter=("Agencies will coordinate their responses to incidents.",
                       "The implementation of the strategy will be reviewed every year."),
              keys=('coordinat', 'oversee', 'supervis', 'lead', 'monitor', 'steer', 'direct')),
    TopicRule("coordinating-body", "1.3.3",
              r"\b(?:National\s+)?(?:Cyber\s*-?\s*Security|Cyber\s*space|Information\s+Security|Information\s+Assurance)\s+(?:and\s+\w+\s+)?(?:Coordination\s+|Steering\s+|Policy\s+)?"
              r"(?:Council|Committee|Agency|Authority|Commission|Board|Office|Directorate|Coordinator|Steering\s+Group|Centre|Center)\b",
              "The Cyber Security Council will be established to oversee the measures of this strategy.",
              context=_GOVERN,
              counter=("Cyber security is a shared responsibility.",
                       "Cyprus cooperates with ENISA, the European Network and Information Security Agency, on exercises.",
                       "The planning of this function will be coordinated with the operations of the Cyber Security Centre."),
              # (ENISA is a European agency, not the country's; a body that others coordinate *with*
              # is not the one that coordinates.)
              veto=r"(?i)\bEuropean\s+Network\s+and\s+Information\s+Security\s+Agency|\bENISA\b|"
                   r"\bcoordinated\s+with\s+(?:[\w’'-]+\s+){0,5}(?:National\s+)?(?:Cyber|Information)|"
                   # (A body that supports the lead is not the lead: 'The Centre can support the lead authority'.)
                   r"\b(?:support|assist|help)\w*\s+(?:the\s+)?(?:lead|leading|coordinating|responsible)\b",
              weak=True, heading="2 Governance", near=80,
              keys=('council', 'committee', 'agency', 'authority', 'commission', 'board', 'office', 'directorate', 'coordinator', 'steering',
                    'centre', 'center')),

    # 1.4.2 manpower development and awareness: raising awareness (with an action on it), security
    # education and training, building the skills of the workforce; professionals merely named
    # (a review team of experts, jobs for professionals) are not manpower development.
    TopicRule("security-awareness", "1.4.2",
              r"(?i)\b(?:awareness[- ]raising|rais\w*\s+(?:\w+\s+){0,2}awareness|awareness\s+(?:campaigns?|programmes?|programs?|activities|initiatives?|"
              r"materials?|training|of\s+(?:the\s+)?(?:public|citizens|users|risks?|threats?|cyber))|(?:public|user|citizen|security|cyber\s*-?\s*security)\s+awareness)\b",
              "A public awareness campaign will teach citizens how to protect their computers.",
              context=(_CYBER + r"|(?i:security|safe)", _AWARE_ACTION),
              # (The security cue anywhere in the sentence: awareness programmes name what they are
              # about far from the word, 'a national awareness program ... to secure cyberspace'.)
              counter=("The operators maintain situational awareness of their networks.",),
              veto=_OTHERS_CAPACITY + "|" + _AWARE_OF_OTHER + "|" + _SITUATIONAL,
              keys=('awareness',)),
    TopicRule("security-education-training", "1.4.2",
              r"(?i)\b(?:(?:cyber\s*-?\s*security|information\s+security|IT\s+security|security)\s+(?:training|education|skills|curricul\w*|courses?|"
              r"degrees?|competenc\w+)|(?:training|education|courses?|curricul\w*|skills|degrees?|expertise)\s+(?:in|on|of|for)\s+(?:the\s+field\s+of\s+)?"
              r"(?:cyber\s*-?\s*security|information\s+security|IT\s+security|network\s+security)|(?:cyber\s*-?\s*security|information\s+security|IT\s+security)\s+"
              r"(?:professionals|experts|specialists|workforce|personnel|staff|talent)|capacity[- ]building|skills\s+(?:gap|shortage|development))\b",
              "Universities will offer cyber security courses to train the specialists the country needs.",
              context=(_CYBER + r"|(?i:security)", _TRAINING_ACTION),
              counter=("Teachers will receive training in mathematics.",
                       "The review team of government cybersecurity experts inventoried relevant policies.",
                       "These developments will translate to better job opportunities for cybersecurity professionals."),
              veto=r"(?i)\bconfidence[- ]building\b|" + _OTHERS_CAPACITY,
              keys=('training', 'education', 'skills', 'curricul', 'course', 'professionals', 'experts', 'specialists', 'workforce',
                    'degree', 'capacity', 'competenc', 'expertise', 'personnel', 'staff', 'talent')),

    # 1.5.4 international cooperation: cooperation across borders on cyber security or cybercrime
    # (the subject must be cyber: 'international partnerships' for digital content are not).
    TopicRule("international-cooperation", "1.5.4",
              r"(?i)\b(?:international|cross-border|transnational|global)\s+(?:(?:cyber\s*-?\s*security|cyber\s*-?\s*crime|information\s+security|cyber|policy|law\s+enforcement|police|judicial|operational)\s+)?(?:co-?operation|collaboration|partners(?:hips?)?|engagement|agreements?|dialogues?)\b"
              r"|\b(?:co-?operat\w*|collaborat\w*|partnerships?)\s+with\s+(?:other\s+(?:countries|nations|states)|(?:foreign|international)\s+(?:partners|counterparts|organi[sz]ations)|"
              r"(?:our\s+)?(?:allies|neighbou?ring\s+(?:countries|states)))\b",
              "Ruritania will deepen international cooperation against cyber threats.",
              context=r"(?i:cyber|information\s+security|computer|crime|CERT|CSIRT|incident|threat|attack|security)",
              counter=("The development of national digital content must combine governmental action and international partnerships.",),
              keys=('international', 'cross-border', 'transnational', 'global', 'with'), theme=True),
    TopicRule("bi-multilateral", "1.5.4",
              r"(?i)\b(?:bilateral|multilateral|regional)\s+(?:co-?operation|agreements?|partnerships?|dialogues?|arrangements?|fora|forums?)\b",
              "Bilateral agreements on cyber incident information sharing will be concluded with neighbours.",
              context=r"(?i:cyber|information\s+security|computer|crime|CERT|CSIRT|incident|threat|attack|security)",
              keys=('lateral', 'regional'), theme=True),
    TopicRule("international-organisation", "1.5.4",
              _ORGS, "The CERT will join FIRST and cooperate with its members on incident handling.",
              veto=_ORG_ACTS + "|" + _CONFORMS,
              context=(r"(?i)\b(?:co-?operat\w*|collaborat\w*|partner\w*|participat\w*|join\w*|membership|member\s+of|work\w*\s+(?:with|closely)|"
                       r"engag\w*|contribut\w*|exchang\w*)",
                       r"(?i:cyber|information\s+security|computer|crime|CERT|CSIRT|incident|network\s+and\s+information)"),
              counter=("International packet switching standards were developed in collaboration with entities under the auspices of the ITU.",
                       "Singapore is well positioned within ASEAN and its large population to support the growing demand for cybersecurity products.",
                       # membership as a fact of the state, not cooperation it undertakes
                       "Cyber security developments follow the European Union's direction to its Member States."),
              keys=_ORG_KEYS,
              # (The cue near the organisation: 'within ASEAN ... to support the demand for products'
              # is a market, not cooperation.)
              listed_ok=True, near=150, theme=True),

    # 2 child online protection: children named with their protection online, or the abuse of
    # children with an action against it; crimes merely listed ('such as child pornography') are not.
    TopicRule("child-online-protection", "2",
              r"(?i)\b(?:child\s+online\s+protection|(?:protect\w*|safety)\s+(?:of\s+)?(?:children|minors|young\s+people)\s+(?:online|on\s+the\s+internet|in\s+cyberspace)|"
              r"child(?:ren)?(?:'s|’s)?\s+(?:online|internet)\s+safety|child(?:ren)?(?:'s|’s)?\s+safety\s+online)\b",
              "A Child Online Protection policy will be developed with the regulator and the schools.",
              counter=("The strategy protects the citizens and businesses of the country online.",),
              keys=('child', 'minors', 'young people')),
    TopicRule("child-abuse-online", "2",
              r"(?i)\b(?:child\s+pornography|child\s+(?:sexual\s+)?abuse\s+(?:material|images?|content)|child\s+sexual\s+(?:abuse|exploitation)|"
              r"(?:sexual\s+)?(?:abuse|exploitation)\s+of\s+(?:children|minors)|online\s+(?:child|children)|(?:online\s+)?grooming)\b",
              "Measures against child pornography on the internet will be strengthened.",
              context=_CHILD_ACTION,
              counter=("Criminals trade illegal contents (such as drugs, child pornography or copyrighted material) on the black market.",
                       "Traditional crime, such as fraud, sexual exploitation of children and industrial espionage, is increasing in the cyber domain."),
              near=80, keys=('child', 'minors', 'grooming', 'pornograph')),
    TopicRule("children-and-internet", "2",
              r"(?i)\b(?:children|minors|juveniles|young\s+people|kids)\b",
              "Parents will be helped to keep their children safe when they use the internet.",
              context=(r"(?i)\b(?:online|internet|cyber\w*|social\s+media|web\s*sites?|mobile\s+devices?)\b",
                       r"(?i)\b(?:protect\w*|safe\w*|risks?|harm\w*|abus\w*|exploit\w*|danger\w*|bully\w*|predator\w*|grooming)"),
              counter=("Children's hospitals are critical infrastructure.",
                       "The strategy protects citizens, businesses, children and the elderly in cyberspace."),
              keys=('children', 'minors', 'juveniles', 'young people', 'kids')),
)

TOPIC_INDICATORS = tuple(dict.fromkeys(r.indicator for r in RULES))

# Sentences of the kinds that carry a topic's words without being about it: no rule may pick them
# for that topic.  (kind, indicator, section heading, sentence)
NEGATIVE_EXAMPLES: tuple[tuple[str, str, str, str], ...] = (
    ("heading list", "1.2.2", "",
     "ICT Security Standards and Policies Research and Development (R&D) Security Operations Center (SOC) Vulnerability Sharing"),
    ("acronym list", "1.2.1", "3.2 Governance Structure", "ISPs CRITICAL SECTOR POLICE MINISTRY FINANCE SME CERT-XX IT UNIT AND OTHERS HERE"),
    ("two columns run together", "1.4.2", "",
     "Identity theft is a growing crime and abuse. should have basic information security skills Everyone should have them"),
    ("two columns run together", "1.4.2", "",
     "Police need the necessary expertise for this type of investigation in their information security skills Everyone should have"),
    ("fragment", "1.3.3", "", "To achieve coordination of information security regimes through"),
    ("two columns run together", "1.3.3", "",
     "The Ministry of Justice and Public Security will be of Justice and Public Security is responsible for following up the strategy. work."),
    ("two columns run together", "1.4.2", "",
     "Prevention, detection, investigation and legal 4.6 Continuous Efforts to Raise Awareness prosecution of cyber crime is challenging."),
    ("two columns run together", "1.3.3", "",
     "Plan for and initiate crisis management in their sector The Ministry of Defence is responsible for cyber security in the military sector."),
    ("fragment", "1.2.1", "", "and describes the national CERT function and its role in the handling of incidents (Computer"),
    ("passing mention in a list", "2", "",
     "It is difficult to balance privacy and the fight against criminal activities such as child pornography, drug smuggling or terrorism."),
    ("passing mention", "1.2.2", "",
     "The nature of the threat requires all stakeholders to update their security standards and procedures to the evolving circumstances."),
    ("neighbouring topic: police capability", "1.1.1", "",
     "Combat Cybercrime Law enforcement agencies are to identify gaps and strengthen their capability to investigate and combat cybercrime."),
    ("neighbouring topic: training under agency", "1.3.3", "",
     "Share of employees of public institutions responsible for cyber security with training certificates: 20% by 2015, 40% by 2017."),
    ("neighbouring topic: digital economy", "1.5.4", "",
     "The development of national digital content must combine governmental action, private initiative and international partnerships."),
    ("generic trigger: experts named", "1.4.2", "",
     "The review team of government cybersecurity experts inventoried the relevant directives, orders and studies of the advisory boards."),
    ("generic trigger: jobs", "1.4.2", "", "These developments will translate to better job opportunities for cybersecurity professionals in the country."),
    ("acknowledgement", "1.2.1", "",
     "Special thanks to the regional organisation for conducting an assessment on the establishment of the national CERT."),
    ("glossary", "1.4.2", "Annex 3 Glossary",
     "Awareness raising: measures that increase the security awareness of all persons who share the responsibility for information security."),
    ("another topic's heading", "1.2.2", "5 Awareness and Skills",
     "Workshops will explain to small firms how to apply the security standards that the regulator has published for them."),
    ("passing mention: one item of a lettered list", "1.4.2", "",
     "As a minimum, organisations must: (a) analyse the risks of removable media; (b) encrypt devices; (c) conduct user awareness training; (d) audit user actions."),
    ("passing mention: first of a run of tasks", "1.4.2", "",
     "Global efforts require raising awareness, promoting stronger security standards, and aggressively prosecuting cybercrime."),
    ("passing mention: an aside in parentheses", "2", "",
     "Private organisations work in partnerships with the Government to deter threats (the work of the Council for Child Internet Safety offers a good example)."),
    ("passing mention: one aim of a mission", "2", "",
     "To secure the national cyberspace, strengthen the capacity to respond to threats, protect children and young people in cyberspace, and reduce the damage of incidents."),
    ("passing mention: one item after 'include'", "1.2.1", "",
     "Activities will include the setting up of national computer emergency response teams, training in spectrum management, and new telecommunications rules."),
    ("passing mention: one task after 'include'", "1.2.1", "",
     "This will include sharing ways to combat fraud, and enabling close collaboration between national computer emergency response teams."),
    ("passing mention: a list item far after 'such as'", "1.2.1", "",
     "The council will agree the framework for the urgent actions, such as drawing up the plan for the protection of the critical information infrastructures of the state, the operation of the governmental CSIRT, and national exercises."),
    ("passing mention: the last item added with 'and including'", "2", "",
     "Policy reform will secure online services with regard to electronic commerce, security, and privacy of citizens and including child online protection."),
    ("passing mention: an aside between commas", "1.2.1", "",
     "Early warning systems will monitor the critical infrastructures of the country, potentially with the help of the CERTs, and report to the ministry."),
    ("neighbouring topic: courses on the law", "1.1.1", "",
     "Universities will introduce cybercrime legislation courses so that new lawyers understand the national cybercrime framework."),
    ("neighbouring topic: a centre established", "1.3.3", "",
     "The plan provides for the establishment of the Cyber Security Centre as well as round-the-clock monitoring arrangements."),
    ("heading number run into the line", "1.4.2", "",
     "Establish assessment and certification programmes for cybersecurity professionals in the public sector 4.2.1."),
    ("passing mention: one item of a semicolon list", "1.4.2", "",
     "Every agency must appoint a security officer; assess its risks every year; conduct security awareness and training for its staff; and report incidents."),
    ("passing mention: the last of three objects", "1.2.1", "",
     "Since most fraud comes from abroad, the police will work with foreign police forces, intelligence services and other computer emergency response teams."),
    ("a footnote run into the sentence", "1.5.4", "",
     "The defence strategy will give direction to the development of military 2 There is no international agreement on cyber capabilities in the coming years."),
    ("a heading", "1.5.4", "", "International cooperation of the Republic in the field of information security"),
    ("a definition of cybercrime", "1.1.1", "",
     "Cybercrime comprises attacks on or through information systems, which are defined as offences in the penal laws."),
    ("laws that differ between countries", "1.1.1", "",
     "Differing national laws, such as laws on the investigation of cybercrime, make cross-border cases slow."),
    ("passing mention: the partner of the subject", "1.2.1", "",
     "The protection unit in collaboration with the national CERT will identify new forms of attack on critical systems."),
    ("passing mention: cooperation late in a sentence about something else", "1.5.4", "",
     "New national procedures for responding to cyber incidents will be fully tested at home and in joint exercises with international partners."),
    ("a law cited for the meaning of a term", "1.1.1", "",
     "In accordance with the Computer Misuse Act 2011, the term “protected computers” refers to computers used for the security of the state."),
    ("passing mention: the first of a run of aims", "1.4.2", "",
     "Ruritania must join an international effort to raise awareness of cyber security, develop and promote standards, prosecute offenders across borders, and conclude agreements."),
    ("a table cell", "1.2.2", "",
     "National level baseline security requirements upon which the minimums for physical and environmental security are built"),
    ("list items whose bullets became full stops", "1.1.1", "",
     ". coordination of the ministries to ensure correct cooperation, . creation of a legal framework that covers cybercrime and the protection of personal data, . funding"),
    ("a glossary entry", "1.2.1", "",
     "CSIRT – Computer Security Incident Response Team Organisation with the tasks of preventing incidents and coordinating the response to them."),
    ("a definition of a category", "1.4.2", "",
     "Capacity Building: Encompasses the overall scale of resources, skills, training and capabilities required to become a more cyber-competent nation."),
    ("passing mention: a member of a long list far after 'include'", "1.2.1", "",
     "This council would be chaired by the Prime Minister and its members would include, as a minimum, the Adviser on National Security, the Minister of Defence, "
     "the Minister of Information and Communication Technologies, the Director of the Office of State Security Administration (OSS) or the body serving as such, "
     "the Director of National Planning, and the Coordinator of RuCERT."),
    ("a questionnaire item", "1.4.2", "3 Does your organisation have an information security policy?",
     "Users have undergone an information security awareness training programme"),
    ("labels of a diagram run together", "1.5.4", "",
     "Develop Human Capital: Increase domestic and international collaboration: To ensure co-ordinated action against cyber threats"),
    ("passing mention: a duty of every organisation", "1.3.3", "",
     "Every organisation should designate a senior manager as Chief Information Security Officer responsible for cyber security."),
    # From the judged rounds 2-8 (kinds with a mark in the text), added before round 9:
    ("a line of contents with dot leaders", "1.4.2", "",
     "5.3 Launch of a national cyber security awareness campaign for citizens and small firms ........................ 41"),
    ("a page number before a numbered action in an overview", "1.2.1", "Annex B Summary of the Actions",
     "17 Measure 6 - Stage 2 – Set up a sectoral computer security incident response team for the energy operators."),
    ("rows of a table with upper-case labels run together", "1.4.2", "",
     "Committees and their tasks EDUC Organise cyber security awareness training for civil servants and teachers RESP Coordinate the handling of incidents on government networks LEGAL Review the laws."),
    ("a bullet of the other column inside the line", "1.2.1", "",
     "The national team for incident response • Funding for research must be increased (RuCERT) will publish warnings about incidents to operators."),
    ("passing mention: the last item after 'ranging from'", "1.2.1", "",
     "Ruritania takes part in regional meetings ranging from policy dialogue, joint research and exercises to operational cooperation among CSIRTs on incidents."),
    ("passing mention: a single example after 'such as'", "1.4.2", "",
     "The annual ministerial forum discusses regional initiatives for joint projects such as the Cyber Security Awareness Week."),
    ("passing mention: one of several things in an aside between dashes", "1.2.1", "",
     "After the reform, all units dealing with security – the government computer emergency response team, the licensing office, and the radio monitoring service – were merged into one agency."),
    ("passing mention: an item after a colon, cut at its semicolon", "1.4.2", "",
     "Vendors are encouraged to ship safer products, including by improving: (1) user awareness of the security settings of their devices;"),
    ("capacity building for other countries", "1.4.2", "",
     "Our capacity building programme will help partner countries in the region to develop the skills to counter cyber security threats."),
    ("a hedge that gives the topic no task", "1.2.1", "",
     "Information about threats will be shared through the sector associations, and the national CERT for incident reports may also play a role."),
    ("the topic only in a background clause that opens the sentence", "1.2.1", "",
     "Having operated the national CERT for incident response since 2009, the institute will now become an independent agency with its own budget."),
    ("a definition of cybercrime under a criminalisation cue", "1.1.1", "",
     "Cyber crime is defined as any offence committed by means of a computer network, including behaviour that is likely to be criminalised."),
    ("a heading run into the sentence before 'In <year>,'", "1.1.1", "",
     "Tougher laws against cyber crime In 2014, the Ministry amended the Cybercrime Act to give the regulator new powers to issue directions to operators."),
    ("a body that supports the lead", "1.3.3", "",
     "The National Cyber Security Centre can assist the lead authority in coordinating the response to incidents that hit many operators."),
    ("an international organisation as the subject of what it did", "1.5.4", "",
     "In 2012, NATO launched a centre of excellence whose members cooperate on research into cyber defence."),
    # From round 9's judged false kinds (its dev half), added before round 10:
    ("passing mention: a team cited as the source of a figure", "1.2.1", "",
     "According to the figures of RU-CERT, 812 incidents were handled in the country in 2015, three times as many as in 2011."),
    ("passing mention: a team cited for a claim", "1.2.1", "",
     "The national Computer Emergency Response Team/Coordination Centre (RU-CERT/CC) notes that attacks on small firms have doubled in three years."),
    ("passing mention: the partner named in full before its acronym", "1.2.1", "",
     "Guidance on securing websites will be prepared by the working group in cooperation with the National Computer Security Incident Response Team RU-CERT."),
    ("passing mention: one of several partners", "1.2.1", "",
     "Operators of water plants must partner with the sector's Computer Emergency Response Teams (CERTs), the regulator, and the police to build resilient plants."),
    ("passing mention: one duty in a run of them", "1.4.2", "",
     "The security service gathers intelligence, produces threat assessments, contributes to the promotion of cyber security awareness among firms, and provides alerts to the ministries."),
    ("passing mention: one item of a list ending in 'etc.'", "1.4.2", "",
     "The observatory is in charge of cyber security education in schools, the registration of domain names, the licensing of operators, etc."),
    ("passing mention: one of three lettered items run together", "1.4.2", "",
     "a) Draft a law on electronic signatures and data protection b) Set up a regulator for the licensing of telecom operators c) Run an awareness campaign on the new rules for online payments and the risks of fraud."),
    ("awareness of something other than security", "1.4.2", "",
     "The portal will give people with disabilities cheaper internet access and will raise awareness about assistive devices for the blind."),
    ("advocacy for a policy inside government", "1.4.2", "",
     "Since 2010 the ministries have been raising awareness about the importance of adopting a national cybersecurity policy."),
    ("passing mention: a secondary aim added with 'while'", "1.4.2", "",
     "The programme co-develops security products with local firms for the export market while supporting cyber security skills development."),
    # From round 10's judged false kinds (the held-out half; fixed after it was measured):
    ("a glossary entry: a name, its acronym and the definition", "1.2.1", "",
     "Computer Security Incident Response Team (CSIRT) Usually a team or a centre that advises operators on incidents and how to recover from them."),
    ("a generic definition of a kind of body", "1.2.1", "",
     "A NOC may also handle incidents: it then works as a computer security incident response team for the firm that runs it."),
    ("a table cell run into a numbered heading glued to its first word", "1.2.1", "",
     "Share of staff trained in the new procedures 7.3.Strengthening the national CERT team (its structure and the handling of incidents)"),
    ("passing mention: the owner of a website", "1.2.1", "",
     "Advice for parents and teachers will be published on the portals of the Ministry of Education and of the National Computer Emergency Response Team RU-CERT."),
    ("capacity building by international organisations", "1.4.2", "",
     "Ruritania will urge international and regional organisations to support capacity building, for example training on cyber security standards with the ITU."),
    ("passing mention: the first of a run of aims after 'cooperation to'", "1.4.2", "",
     "A safe cyberspace needs regional cooperation to raise awareness, share information, promote security standards, and prosecute criminals."),
    ("an item of a numbered list cut at its semicolon", "1.4.2", "",
     "(4) a national programme of cyber security awareness and training for citizens;"),
    ("conformity with an organisation's documents", "1.5.4", "",
     "The Strategy is consistent with the recommendations of the Council of Europe and the European Union on cyber security and cooperation between Member States."),
    # From round 11's judged false kinds (15 strategies of the series that are not in ../shared; fixed after it was measured):
    ("enforcing laws is police capability, not legislation", "1.1.1", "",
     "The police lack the means to enforce laws against cybercrime and to trace offenders across borders."),
    ("acting in accordance with the laws is not legislation", "1.1.1", "",
     "Investigators need better tools to handle cybercrime cases in accordance with laws and regulations."),
    ("a figure read out", "1.1.1", "",
     "Figure 4 shows the incidents reported to the police in 2013 that are not offences under the Computer Misuse Act."),
    ("a forum of teams defined (a footnote)", "1.2.1", "",
     "FIRST is the global association of computer security incident response teams and promotes the sharing of good practice among them."),
    ("a standard as a level of quality", "1.2.2", "",
     "The ministries will set themselves the highest standards of cyber security and meet them in every project."),
    ("standards and norms made by others", "1.2.2", "",
     "Ruritania will take part in international work to develop global cyber security standards and norms for the internet."),
    ("situational awareness of those who defend", "1.4.2", "",
     "Sharing information among operators will raise situational awareness of threats and attacks and speed up the response to incidents."),
    # From round 12's judged false kinds (19 strategies of another conversion; fixed after it was measured):
    ("only teams of other bodies named", "1.2.1", "",
     "It is up to CERT-EU and to the NCIRC of NATO to handle the incidents that affect their own institutions and networks."),
    ("the defenders' own awareness of the threat", "1.4.2", "",
     "The centre will use its improved understanding and awareness of the cyber threat to improve the support it gives to operators."),
)
