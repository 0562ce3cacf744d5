"""The pipeline runs its extractors in the order their ``requires`` set, whatever order they were
registered in, and hands each one the settings its ``PipelineConfig`` gives it.

The ordering is checked on hand-made extractors with dummy tables (nothing is extracted or stored);
the settings on the real pipeline, with a sentence whose cue ("likened") no word list knows, so only
the learnt cue tagger finds its claim.
"""

from __future__ import annotations

from collections.abc import Mapping
from itertools import permutations
from typing import Any

import pytest

from newsledger.config import PipelineConfig
from newsledger.extract import REGISTRY, Extractor, PipelineOrderError, extractors, ordered
from newsledger.extract.claims.settings import ClaimSettings
from newsledger.model import AnalysedArticle, Item
from newsledger.pipeline import Pipeline


class DummyTable:
    """Stands in for a kind's table: the ordering never looks at it."""

    tables: tuple[str, ...] = ()
    schema = ""
    migrations: Mapping[str, Any] = {}


def nothing(analysed: AnalysedArticle, found: Mapping[str, Any], settings: Any) -> dict[str, Any]:
    return {}


def make(name: str, requires: tuple[str, ...] = (), assigns: tuple[str, ...] = ()) -> Extractor:
    return Extractor(name=name, requires=requires, assigns=assigns, extract=nothing, table=DummyTable())


# The shipped kinds' requirements, written out by hand.
KINDS = [
    make("counts", requires=("times", "claims"), assigns=("counts", "money", "casualties")),
    make("claims", requires=("entities", "times"), assigns=("claims",)),
    make("times", assigns=("times", "reference_date")),
    make("entities", assigns=("entities",)),
]


def meets_requirements(order: list[Extractor]) -> bool:
    """Every extractor comes after the extractors that assign what it requires."""
    done: set[str] = set()
    for extractor in order:
        if not set(extractor.requires) <= done:
            return False
        done |= set(extractor.assigns)
    return True


# -- order ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("registered", list(permutations(KINDS)), ids=lambda p: ",".join(e.name for e in p))
def test_extractors_run_in_requires_order_whatever_their_registration_order(registered: tuple[Extractor, ...]
                                                                           ) -> None:
    order = ordered(list(registered))
    assert sorted(e.name for e in order) == ["claims", "counts", "entities", "times"]
    assert meets_requirements(order), [e.name for e in order]
    names = [e.name for e in order]
    assert names.index("claims") > max(names.index("entities"), names.index("times"))
    assert names[-1] == "counts"


def test_among_ready_extractors_registration_order_decides() -> None:
    # times and entities are both ready first; times was registered before entities
    assert [e.name for e in ordered(KINDS)] == ["times", "entities", "claims", "counts"]
    assert [e.name for e in ordered(KINDS[::-1])] == ["entities", "times", "claims", "counts"]


def test_an_extractor_needing_a_fact_nobody_assigns_is_refused_by_name() -> None:
    lonely = make("claims", requires=("entities", "times"), assigns=("claims",))
    with pytest.raises(PipelineOrderError) as refused:
        ordered([lonely, make("times", assigns=("times",))])
    message = str(refused.value)
    assert "'claims' requires 'entities'" in message
    assert "'times'" not in message  # that requirement is met


def test_extractors_requiring_each_others_facts_are_refused_by_name() -> None:
    chicken = make("chicken", requires=("eggs",), assigns=("chickens",))
    egg = make("egg", requires=("chickens",), assigns=("eggs",))
    with pytest.raises(PipelineOrderError) as refused:
        ordered([make("entities", assigns=("entities",)), chicken, egg])
    message = str(refused.value)
    assert "chicken" in message and "egg" in message
    assert "entities" not in message  # it could run; only the cycle is named


def test_only_claims_brings_what_claims_require() -> None:
    chosen = extractors(only=("claims",))
    assert sorted(e.name for e in chosen) == ["claims", "entities", "times"]  # not counts
    assert chosen[-1].name == "claims" and meets_requirements(chosen)


def test_only_counts_brings_claims_and_what_they_require() -> None:
    chosen = extractors(only=("counts",))
    assert sorted(e.name for e in chosen) == ["claims", "counts", "entities", "times"]
    assert chosen[-1].name == "counts" and meets_requirements(chosen)


def test_every_shipped_extractor_in_a_working_order() -> None:
    chosen = extractors()
    assert {"entities", "times", "claims", "counts"} <= {e.name for e in chosen}
    assert meets_requirements(chosen)


def test_an_unknown_extractor_name_is_refused_by_name() -> None:
    with pytest.raises(PipelineOrderError, match="no extractor named quotes"):
        extractors(only=("quotes",))


# -- settings ---------------------------------------------------------------------------------------------

LIKENED = "The senator likened the plan to a tax on the poor."


def claims_of(config: PipelineConfig, text: str = LIKENED) -> list[Any]:
    (done,) = Pipeline(config).run([Item(source="likened", text=text, format="jsonl", path="likened")])
    (facts,) = done.facts
    return facts.found["claims"]


def test_a_kind_without_settings_in_the_config_gets_its_defaults() -> None:
    pipeline = Pipeline(PipelineConfig(only=("claims",)))
    assert pipeline.settings["claims"] == ClaimSettings()
    rules_only = ClaimSettings(cue_tagger=False)
    assert Pipeline(PipelineConfig(only=("claims",), settings={"claims": rules_only})).settings["claims"] is rules_only


def test_the_configs_claim_settings_reach_the_claims_extractor() -> None:
    """Shipped, the learnt tagger finds "likened" and its claim carries the tagged cues' confidence, 0.5;
    with the tagger off in the config, the rules alone find no claim in the sentence."""
    (claim,) = claims_of(PipelineConfig(only=("claims",)))
    assert (claim.cue.text, claim.confidence) == ("likened", 0.5)
    assert claims_of(PipelineConfig(only=("claims",), settings={"claims": ClaimSettings(cue_tagger=False)})) == []


def test_an_extractor_gets_its_settings_and_the_facts_found_before_it(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[Any, list[str]]] = []

    def probe(analysed: AnalysedArticle, found: Mapping[str, Any], settings: Any) -> dict[str, Any]:
        seen.append((settings, sorted(found)))
        return {"probe": True}

    extractors()  # the shipped kinds are registered before the probe
    monkeypatch.setitem(REGISTRY, "probe", Extractor(name="probe", requires=("times",), assigns=("probe",),
                                                     extract=probe, table=DummyTable(),
                                                     settings=lambda: "default"))
    item = Item(source="probe", text="Officials met on Monday.", format="jsonl", path="probe", published="2024-12-18")
    for settings, expected in (({"probe": "given"}, "given"), ({}, "default")):
        seen.clear()
        (done,) = Pipeline(PipelineConfig(only=("probe",), settings=settings)).run([item])
        assert seen == [(expected, ["reference_date", "times"])]  # times ran first; nothing else was asked for
        assert done.facts[0].found["probe"] is True
