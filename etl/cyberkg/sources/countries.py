"""Resolving a profile's title ("REPUBLIC OF POLAND", "CÔTE D’IVOIRE" ...) to ISO 3166 and Wikidata.

rigour (OpenSanctions) ships ISO codes and Wikidata QIDs of territories offline; its name index
knows official long forms.  We only reshape the title into forms such an index can match (hyphens,
inverted parentheticals, a leading article) and never fall back to a guess: an unresolved title is
an error for that document.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Country:
    alpha2: str
    alpha3: str
    qid: str
    name: str
    title: str  # as printed in the profile
    realm_qid: str | None = None  # the sovereign realm's item when it is not the ISO item (skos:broadMatch)


# rigour names the sovereign realm for four ISO codes; the item that carries the ISO 3166-1 code
# (Wikidata P297) is another one.  skos:exactMatch must be the ISO item (the reference table
# ../shared/reference/wikidata-countries.tsv agrees, tests/test_wikidata_countries.py); the realm
# item stays available as skos:broadMatch.
ISO_ITEM = {"AQ": "Q21590062", "DK": "Q35", "EH": "Q6250", "SJ": "Q842829"}


def _variants(title: str) -> list[str]:
    t = re.sub(r"\s+", " ", title.replace("’", "'")).strip(" .,")
    out = [t]
    # (Only a title that ends with its parenthesis is tried: without one, each '(' was searched to
    # the end of the text again, quadratic in a long title.)
    m = re.fullmatch(r"(.+?)\s*\((.+?)\)", t) if t.endswith(")") else None  # "SUDAN (REPUBLIC OF)" -> "REPUBLIC OF SUDAN"
    if m:
        out += [f"{m.group(2)} {m.group(1)}", m.group(1)]
    if "," in t:  # "MACAU, CHINA", "HONG KONG, CHINA": the territory is named first
        out.append(t.split(",", 1)[0])
    # Abbreviated state forms: "LAO PDR", "KOREA DPR".
    out += [re.sub(r"\bP\.?\s?D\.?\s?R\.?$", "PEOPLE'S DEMOCRATIC REPUBLIC", v, flags=re.I) for v in out
            if re.search(r"\bP\.?\s?D\.?\s?R\.?$", v, re.I)]
    more = []
    for v in out:
        more.append(v.replace("-", " "))
        if v.upper().startswith("THE "):
            more.append(v[4:])
    out += more
    # Official long forms the index does not carry: drop leading state-form words, one at a time,
    # only after every full form has failed ("DEMOCRATIC REPUBLIC OF THE CONGO" resolves whole).
    stripped = []
    form_words = {"THE", "REPUBLIC", "OF", "DEMOCRATIC", "FEDERAL", "STATE", "KINGDOM", "PRINCIPALITY",
                  "COMMONWEALTH", "ISLAMIC", "PLURINATIONAL", "CO-OPERATIVE", "COOPERATIVE", "SOCIALIST"}
    for v in list(out):
        words = v.split()
        while len(words) > 1 and words[0].upper() in form_words:
            words = words[1:]
            stripped.append(" ".join(words))
    seen, result = set(), []
    for v in out + stripped:
        if v and v not in seen:
            seen.add(v)
            result.append(v)
    return result


def _key(name: str) -> str:
    name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", " ", name.replace("'", "")).strip()


@lru_cache(maxsize=1)
def _rigour_names() -> dict[str, str]:
    """Strong and weak names of rigour's territories (any language with Latin letters) -> code.

    rigour's own name lookup transliterates every alias of every language (seconds of start-up);
    profiles are English, so an ASCII fold of the Latin-script aliases is enough and ~20x faster.
    """
    from rigour._core import territories_jsonl
    from rigour.data import iter_jsonl_text

    strong: dict[str, str] = {}
    weak: dict[str, str] = {}
    for data in iter_jsonl_text(territories_jsonl()):
        if data.get("is_historical"):
            continue
        for target, names in ((strong, data.get("names_strong", []) + [data.get("name", ""), data.get("full_name", "")]),
                              (weak, data.get("names_weak", []))):
            for n in names:
                k = _key(n or "")
                if k and k not in strong:
                    target.setdefault(k, data["code"])
    return {**weak, **strong}


def english_short_name(alpha2: str) -> str | None:
    """The country's English short name as a reader expects it: pycountry's (ISO 3166-1)
    `common_name` when it has one ("Bolivia", "Iran", "Laos"), else its `name` ("Nauru",
    "Russian Federation"), with ISO's inverted list forms put in reading order ("Palestine, State
    of" -> "State of Palestine", "Congo, The Democratic Republic of the" -> "Democratic Republic of
    the Congo").  None for a code pycountry does not know (Kosovo, XK)."""
    import pycountry

    c = pycountry.countries.get(alpha_2=alpha2.upper())
    if c is None:
        return None
    name = getattr(c, "common_name", None) or c.name
    # "X, Y of [the]" and "X, Adjective"; not a list ("Bonaire, Sint Eustatius and Saba")
    m = re.fullmatch(r"([^,()]+), (?:The )?([^,() ]+|[^,()]+ of(?: the)?)", name)
    return f"{m.group(2)} {m.group(1)}" if m else name


def _territory(code: str):
    from rigour.territories import get_territory

    return get_territory(code.lower())


# The longest name of a country, official forms included, has ~60 characters ('The United Kingdom
# of Great Britain and Northern Ireland'); a title twice that long names none.
MAX_NAME_CHARS = 120


@lru_cache(maxsize=None)
def resolve(title: str) -> Country | None:
    """Title -> Country, or None.  pycountry's ISO names first (exact name, official or common
    name), then rigour's multilingual aliases; the Wikidata QID always comes from rigour."""
    import pycountry

    if len(title) > MAX_NAME_CHARS:
        return None  # no country's name is this long (and its variants would cost as much again)
    # Names only: a two- or three-letter word ("It", "UAE") would otherwise match an ISO code.
    variants = [v for v in _variants(title) if len(v.replace(" ", "")) > 3]
    code = None
    for v in variants:  # full forms come before forms with state-form words stripped
        try:
            code = pycountry.countries.lookup(v).alpha_2
        except LookupError:
            code = _rigour_names().get(_key(v))
        if code is not None:
            break
    if code is None:
        return None
    terr = _territory(code)
    if terr is None or not terr.alpha3 or not terr.qid:
        return None
    return country_for(terr, title)


def country_for(terr, title: str) -> Country:
    alpha2 = terr.code.upper()
    qid = ISO_ITEM.get(alpha2, terr.qid)
    # The label: ISO's English short name (rigour's display names are sometimes the endonym,
    # "Naoero" for Nauru, or informal, "DR Congo"); rigour's name only where pycountry has none.
    name = english_short_name(terr.code) or terr.name
    return Country(alpha2, terr.alpha3.upper(), qid, name, title, terr.qid if qid != terr.qid else None)


def by_alpha2(alpha2: str) -> Country | None:
    """The Country of an ISO 3166-1 alpha-2 code (title: the code), or None if rigour lacks it."""
    terr = _territory(alpha2)
    if terr is None or not terr.alpha3 or not terr.qid:
        return None
    return country_for(terr, alpha2)
