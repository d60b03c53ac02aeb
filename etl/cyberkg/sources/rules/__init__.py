"""Phrase rules as data: each rule has an id, what it decides, its phrases and one example it must
decide (checked by tests/sources/test_rules.py).  No code beyond compiling the phrases.

- status.py      the section statuses (yes / partial / no / unknown) and how a section's clauses combine
- actions.py     convention actions in 2.2 (accession, ratification, signature, none, unknown)
- cirts.py       CIRT roles (national, governmental, sectoral + sector, military, private, regional) and states
- programmes.py  programme name aliases (one key per programme)
- strategy_topics.py  which passages of a national strategy address which indicator
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Rule:
    """One phrase rule: the first phrase that occurs decides `value`.  `example` is a sentence
    (real or in the style of the series) that the whole table must decide with this rule."""

    id: str
    value: str
    phrases: tuple[str, ...]
    example: str
    flags: int = re.I
    rx: re.Pattern = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "rx", re.compile("|".join(f"(?:{p})" for p in self.phrases), self.flags))

    def search(self, text: str) -> re.Match | None:
        return self.rx.search(text)


def first(rules, text: str) -> Rule | None:
    return next((r for r in rules if r.search(text)), None)
