"""Which passages of a national strategy address which indicator of the profile scheme.

Rules as data.  Each rule names the indicator it decides, a pattern that must occur in one sentence
(the passage), optionally a context pattern that must occur in the same sentence too, and the
example sentence it must decide (tests/sources/test_strategy.py runs every example: the rule fires
on `example` and on no sentence of `counter`).  Precision matters more than recall: a rule is
written so that the sentences it picks are about the indicator, not merely near it; a topic with
no rule firing is simply not stated, never 'no'.

The rules read English only (the language of the document decides, see strategy.py); documents
in other languages get no `addresses` links rather than wrong ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# A sentence is about cybersecurity when it says so; several rules need this as context.
_CYBER = r"(?i:cyber|information security|computer|network|internet|online|ICT\b|digital|electronic|e-crime|hack)"


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

    def compiled(self) -> tuple[re.Pattern, tuple[re.Pattern, ...]]:
        ctx = (self.context,) if isinstance(self.context, str) else (self.context or ())
        return re.compile(self.pattern), tuple(re.compile(c) for c in ctx)

    def picks(self, sentence: str) -> bool:
        pat, ctx = self.compiled()
        return bool(pat.search(sentence)) and all(c.search(sentence) for c in ctx)


TOPIC_LABELS = {
    "1.1.1": "criminal legislation",
    "1.2.1": "CIRT",
    "1.2.2": "standards",
    "1.3.3": "responsible agency",
    "1.4.2": "manpower development and awareness",
    "1.5.4": "international cooperation",
    "2": "child online protection",
}

RULES: tuple[TopicRule, ...] = (
    # 1.1.1 criminal legislation
    TopicRule("cybercrime-legislation", "1.1.1",
              r"(?i)\b(?:cyber\s*-?\s*crimes?|computer\s+crimes?|computer\s+misuse|computer-related\s+crimes?|electronic\s+crimes?)"
              r"\s+(?:law|laws|act|acts|legislation|bill|statutes?|provisions|offences|offenses)\b",
              "The Government will enact a Cybercrime Act that defines offences against computer systems.",
              counter=("Cybercrime is growing in every region of the world.",),
              keys=('crime', 'misuse')),
    TopicRule("criminalise", "1.1.1",
              r"(?i)\bcriminali[sz](?:e|es|ed|ing|ation)\b",
              "Unauthorised access to computer systems will be criminalised in national law.",
              context=_CYBER,
              keys=('criminali',)),
    TopicRule("criminal-law-and-cyber", "1.1.1",
              r"(?i)\b(?:criminal|penal)\s+(?:law|laws|code|codes|legislation|procedure|offences|offenses|provisions)\b",
              "The criminal law will be amended to cover offences committed through computer networks.",
              context=_CYBER,
              counter=("The criminal law of the country dates from 1961.",),
              keys=('criminal', 'penal')),
    TopicRule("convention-on-cybercrime", "1.1.1",
              r"(?i)\b(?:budapest\s+convention|convention\s+on\s+cyber\s*-?\s*crime)\b",
              "Ruritania will accede to the Council of Europe Convention on Cybercrime and align its laws with it.",
              keys=('convention',)),

    # 1.2.1 CIRT
    TopicRule("incident-response-team", "1.2.1",
              r"(?i)\b(?:computer|cyber|information\s+security|national|government(?:al)?)\s+(?:security\s+)?"
              r"(?:emergency|incident)\s+response\s+(?:team|teams|centre|center|capabilit(?:y|ies))\b",
              "A national Computer Emergency Response Team will coordinate the handling of incidents.",
              counter=("Emergency services respond to floods and fires.",),
              keys=('response',)),
    TopicRule("cert-acronym", "1.2.1",
              r"\b(?:[A-Za-z]{0,8}[-.]?)?(?:CERT|CSIRT|CIRT|CSIRC)s?(?:[-.][A-Za-z]{1,8})?\b",
              "RU-CERT will publish warnings about vulnerabilities to operators.",
              counter=("Certification of products is voluntary.",),
              keys=('cert', 'csirt', 'cirt', 'csirc')),

    # 1.2.2 standards
    TopicRule("named-security-standard", "1.2.2",
              r"\b(?:ISO\s*/?\s*(?:IEC\s*)?2700\d|ISO\s*/?\s*(?:IEC\s*)?15408|Common\s+Criteria|NIST\s+SP\s*800)",
              "Agencies will implement an information security management system conforming to ISO/IEC 27001.",
              keys=('iso', 'common criteria', 'nist')),
    TopicRule("security-standards", "1.2.2",
              r"(?i)\b(?:cyber\s*-?\s*security|information\s+security|IT\s+security|ICT\s+security|security|technical)\s+"
              r"(?:standards?|baselines?|norms)\b",
              "Minimum security standards will be set for the systems of critical infrastructure operators.",
              counter=("The standard of living has risen.",),
              keys=('standard', 'baseline', 'norms')),

    # 1.3.3 responsible agency
    TopicRule("agency-responsible-for-cyber", "1.3.3",
              r"(?:\b(?:Ministry|Agency|Authority|Council|Centre|Center|Committee|Commission|Office|Department|Directorate|Board|Secretariat)\b"
              r"[^.;]{0,120}\b(?:is|are|shall be|will be|has been|was)\s+(?:the\s+)?(?:responsible|in charge|mandated|tasked|designated)"
              r"|\b(?:responsib\w+|mandate|lead|coordinat\w+)\s+(?:of|for)\s+(?:the\s+)?(?:national\s+)?(?:cyber\s*-?\s*security|information\s+security))",
              "The National Cyber Security Authority is responsible for coordinating the implementation of this strategy.",
              context=r"(?i)cyber|information security|this strategy|the strategy",
              keys=('responsib', 'in charge', 'mandate', 'tasked', 'designated', 'lead', 'coordinat')),
    TopicRule("coordinating-body", "1.3.3",
              r"\b(?:National\s+)?(?:Cyber\s*-?\s*Security|Information\s+Security)\s+(?:Coordination\s+)?"
              r"(?:Council|Committee|Agency|Authority|Centre|Center|Commission|Board|Office|Directorate|Coordinator)\b",
              "The Cyber Security Council will be established to oversee the measures of this strategy.",
              counter=("Cyber security is a shared responsibility.",),
              keys=('council', 'committee', 'agency', 'authority', 'centre', 'center', 'commission', 'board', 'office', 'directorate', 'coordinator')),

    # 1.4.2 manpower development and awareness
    TopicRule("security-awareness", "1.4.2",
              r"(?i)\b(?:awareness[- ]raising|raising\s+(?:public\s+)?awareness|awareness\s+(?:campaigns?|programmes?|programs?|activities|of\s+(?:the\s+)?(?:public|citizens|users))"
              r"|(?:public|user|citizen|security|cyber\s*-?\s*security)\s+awareness)\b",
              "A public awareness campaign will teach citizens how to protect their computers.",
              context=_CYBER + r"|(?i:security)",
              keys=('awareness',)),
    TopicRule("security-education-training", "1.4.2",
              r"(?i)\b(?:(?:cyber\s*-?\s*security|information\s+security|IT\s+security|security)\s+(?:training|education|skills|curricul\w*|courses?|"
              r"professionals|experts|specialists|workforce|degrees?)|(?:training|education|courses?|curricul\w*|skills)\s+(?:in|on|of)\s+"
              r"(?:cyber\s*-?\s*security|information\s+security|IT\s+security)|capacity[- ]building)\b",
              "Universities will offer cyber security courses to train the specialists the country needs.",
              context=_CYBER + r"|(?i:security)",
              counter=("Teachers will receive training in mathematics.",),
              keys=('training', 'education', 'skills', 'curricul', 'course', 'professionals', 'experts', 'specialists', 'workforce', 'degree', 'capacity')),

    # 1.5.4 international cooperation
    TopicRule("international-cooperation", "1.5.4",
              r"(?i)\binternational\s+(?:co-?operation|collaboration|partners(?:hips?)?|engagement|agreements?)\b",
              "Ruritania will deepen international cooperation against cyber threats.",
              context=_CYBER + r"|(?i:security|strategy|crime)",
              keys=('international',)),
    TopicRule("bi-multilateral", "1.5.4",
              r"(?i)\b(?:bilateral|multilateral|regional)\s+(?:co-?operation|agreements?|partnerships?|dialogues?|arrangements?)\b",
              "Bilateral agreements on cyber incident information sharing will be concluded with neighbours.",
              context=_CYBER + r"|(?i:security)",
              keys=('lateral', 'regional')),
    TopicRule("international-organisation", "1.5.4",
              r"\b(?:ITU|IMPACT|FIRST|OECD|NATO|ENISA|ASEAN|APCERT|Council of Europe|United Nations|INTERPOL|Interpol|Europol|"
              r"Organization of American States|African Union|European Union|Commonwealth)\b",
              "The CERT will join FIRST and cooperate with its members on incident handling.",
              context=r"(?i)\b(?:co-?operat\w*|collaborat\w*|partner\w*|participat\w*|join\w*|membership|member\s+of|work\w*\s+(?:with|closely))",
              keys=('itu', 'impact', 'first', 'oecd', 'nato', 'enisa', 'asean', 'apcert', 'council of europe', 'united nations', 'interpol', 'europol', 'organization of american', 'african union', 'european union', 'commonwealth')),

    # 2 child online protection
    TopicRule("child-online-protection", "2",
              r"(?i)\b(?:child\s+online\s+protection|child\s+pornography|child\s+sexual\s+(?:abuse|exploitation)|"
              r"(?:protect\w*|safety)\s+(?:of\s+)?(?:children|minors|young\s+people)\s+(?:online|on\s+the\s+internet|in\s+cyberspace)|"
              r"online\s+(?:child|children)|children(?:'s|’s)?\s+(?:online\s+)?safety\s+online|grooming)\b",
              "Measures against child pornography on the internet will be strengthened.",
              keys=('child', 'minors', 'young people', 'grooming', 'pornograph')),
    TopicRule("children-and-internet", "2",
              r"(?i)\b(?:children|minors|juveniles|young\s+people)\b",
              "Parents will be helped to keep their children safe when they use the internet.",
              context=(r"(?i)\b(?:online|internet|cyber\w*|social\s+media|web\s*sites?)\b",
                       r"(?i)\b(?:protect\w*|safe\w*|risks?|harm\w*|abus\w*|exploit\w*|danger\w*|bully\w*|predator\w*)"),
              counter=("Children's hospitals are critical infrastructure.",),
              keys=('children', 'minors', 'juveniles', 'young people')),
)

TOPIC_INDICATORS = tuple(dict.fromkeys(r.indicator for r in RULES))
