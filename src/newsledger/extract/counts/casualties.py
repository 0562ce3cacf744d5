"""Each article's casualties: killed, injured and missing, from its counts.

An article reports the same victims many times ("three people were killed",
"the three victims", "the death toll rose to four"), so its counts cannot
simply be added up. ``tally_casualties`` fills them the way an ACLED coder
fills the fatalities column: the same victims reported twice are not added
up (the largest current figure wins), described victims count when no total
is given, victims listed in one clause are added ("his five young children as
well as his wife" -> 6), and a killed-or-wounded total never goes into killed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from newsledger.extract.counts.predicates import Count
from newsledger.model import Span


@dataclass
class Tally:
    """The article's best estimate for one category, and the counts it rests on."""

    value: float | None
    qualifier: str
    counts: list[Count] = field(default_factory=list)
    basis: str = "text"  # "headline" when the figure is the headline's (its phrases in ``headline``)
    headline: list[Span] = field(default_factory=list)  # offsets into the article's title


def tally_casualties(counts: list[Count]) -> dict[str, Tally | None]:
    """Best estimate of killed, injured (wounded or injured) and missing for the article's main incident.

    A victim described as shot and later as dead is one death, not also an
    injury: the injured tally's named or described victims are reduced by the
    number killed, unless they are counted with a number of their own.
    """
    killed = _tally(counts, {"killed"})
    absorbed = int(killed.value) if killed and killed.value else 0
    if killed and any(c.shooter_apart for c in killed.counts):
        absorbed = max(0, absorbed - 1)  # the killer who shot himself was never among the shot victims
    injured = _tally(counts, {"injured", "wounded"}, absorbed)
    missing = _tally(counts, {"missing"})
    return {"killed": killed, "injured": injured, "missing": missing}


def _tally(counts: list[Count], categories: set[str], absorbed: int = 0) -> Tally | None:
    """The larger of the biggest numbered group and the victims counted one by one, less ``absorbed``
    (victims already counted as killed)."""
    relevant = [c for c in counts if c.category in categories and c.status == "current" and not c.background]
    if not relevant:
        return None
    groups = _figured_groups(relevant)
    if not groups and any(c.basis == "zero" for c in relevant):
        return Tally(0.0, "exact", [c for c in relevant if c.basis == "zero"])
    best_group, group_value = _largest_group(groups, absorbed)
    victims_value = max(0, max(_victim_total(relevant), _largest_listing(relevant)) - absorbed)
    value = max(group_value, victims_value)
    if value == 0:
        return _no_figure(relevant, absorbed)
    rests_on = best_group if group_value >= victims_value else [c for c in relevant if c.victim]
    return Tally(value, _qualifier(rests_on), rests_on)


def _figured_groups(relevant: list[Count]) -> dict[int, list[Count]]:
    """Counts with a figure other than zero, by the clause group they add up in."""
    groups: dict[int, list[Count]] = {}
    for count in relevant:
        if count.best() is not None and count.basis != "zero":
            groups.setdefault(count.group, []).append(count)
    return groups


def _largest_group(groups: dict[int, list[Count]], absorbed: int) -> tuple[list[Count], float]:
    """The group with a number in it that adds up to most, and its sum; a group of the shot or
    hospitalised that may include the dead loses them ("three people were shot ... one died": two hurt)."""
    numbered = [g for g in groups.values() if any(c.basis == "number" for c in g)]
    best_group = max(numbered, key=lambda g: sum(c.best() or 0 for c in g), default=[])
    group_value = sum(c.best() or 0 for c in best_group)
    if any(c.shooter_apart for c in best_group):
        group_value += 1  # "killed two, then himself": a killer who dies by his own hand is a death too
    if best_group and all(c.inclusive for c in best_group) and group_value > absorbed:
        group_value -= absorbed
    return best_group, group_value


def _no_figure(relevant: list[Count], absorbed: int) -> Tally | None:
    """Nothing adds up to more than zero: "some were killed" is unspecified; victims all absorbed into
    killed leave zero injured."""
    unspecified = [c for c in relevant if c.qualifier == "unspecified"]
    if unspecified and not absorbed:
        return Tally(None, "unspecified", unspecified)
    return Tally(0.0, "exact", []) if absorbed else None


def _qualifier(rests_on: list[Count]) -> str:
    """exact when every count it rests on is, else at_least, approx, or the first other qualifier."""
    qualifiers = {c.qualifier for c in rests_on}
    if qualifiers <= {"exact", "unspecified"}:
        return "exact"
    if "at_least" in qualifiers:
        return "at_least"
    return "approx" if "approx" in qualifiers else sorted(qualifiers)[0]


def _victim_total(relevant: list[Count]) -> int:
    """Named and described victims, each once: described ones that could be the same person merge
    ("a man" and "a 25-year-old man"), and count beyond the named only when more are described."""
    named = _fold_surnames({c.victim for c in relevant if c.victim and c.victim.startswith("name:")})
    keys = {
        c.victim
        for c in relevant
        if c.victim
        and c.victim.startswith("described")
        and not (c.victim == "described" and c.best() is None and named)
    }
    apart = [k for k in keys if k.count(":") == 1]
    described = _merge_described([tuple(k.split(":")[1:]) for k in keys if k.count(":") == 2])
    if "described" in keys and not described:
        described = 1
    if named:
        return len(named) + len(apart) + max(0, described - len(named))
    if not described and not apart and any(c.victim.startswith("pronoun:") for c in relevant if c.victim):
        return 1  # "he was pronounced dead": someone, whoever "he" is; with others named, one of them
    return described + len(apart)


def _largest_listing(relevant: list[Count]) -> int:
    """Most victims listed side by side in one clause ("a soldier and his daughter were found dead"):
    coordinated people are different people even when their descriptions could match."""
    listings: dict[int, set[tuple[int, int]]] = {}
    for count in relevant:
        if count.victim and count.basis == "described" and count.value == 1:  # a person, not a fatal event
            listings.setdefault(count.group, set()).add((count.span.start, count.span.end))
    return max((len(spans) for spans in listings.values()), default=0)


def _merge_described(keys: list[tuple[str, ...]]) -> int:
    """How many different people (sex, age) descriptions need at least: unknowns match anything."""
    people: list[list[str]] = []
    for key in sorted(keys, key=lambda k: -sum(1 for part in k if part)):
        for person in people:
            if all(not a or not b or a == b for a, b in zip(person, key)):
                person[:] = [a or b for a, b in zip(person, key)]
                break
        else:
            people.append(list(key))
    return len(people)


def _fold_surnames(names: set[str]) -> set[str]:
    """ "name:modlin" joins "name:tammy modlin" when a full name ends with it."""
    full = [n for n in names if " " in n]
    kept = set(full)
    for name in names - kept:
        word = name.removeprefix("name:")
        owners = [n for n in full if n.endswith(" " + word)]
        if not owners:
            kept.add(name)
    return kept
