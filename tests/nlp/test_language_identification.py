"""Each article's language is identified; only English (or too little text to tell) is analysed."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsledger.language import ENGLISH, MIN_LETTERS, UNDETERMINED, identify

GERMAN = (
    "Bei einem Brand in einem Mehrfamilienhaus in Köln sind am Dienstagabend zwei Menschen ums Leben gekommen. "
    "Nach Angaben der Feuerwehr wurden zwölf weitere Bewohner verletzt, drei von ihnen schwer. "
    "Die Ursache des Feuers ist noch unklar, die Polizei hat die Ermittlungen aufgenommen."
)
FRENCH = (
    "Deux personnes ont été tuées et cinq autres blessées mardi soir lors d'une fusillade dans le centre de "
    "Marseille, a indiqué la préfecture. Le suspect a pris la fuite et reste activement recherché."
)
SPANISH = (
    "Al menos tres personas murieron este lunes en un accidente de tráfico en la autopista que une Madrid con "
    "Valencia, según informó la Guardia Civil. Otros ocho heridos fueron trasladados al hospital."
)
ENGLISH_WITH_A_FOREIGN_QUOTE = (
    "The chancellor told reporters in Berlin on Tuesday that the coalition would survive. "
    '"Wir schaffen das," she said, repeating a phrase from 2015, before flying to Brussels for talks '
    "with other European leaders about the budget, which officials said was still far from agreed."
)


@pytest.mark.parametrize(("text", "code"), [(GERMAN, "de"), (FRENCH, "fr"), (SPANISH, "es")])
def test_news_in_another_language_is_named_and_not_analysed(text: str, code: str) -> None:
    guess = identify(text)
    assert guess.code == code
    assert guess.confidence >= 0.9
    assert not guess.analysed


def test_an_english_article_quoting_another_language_is_english() -> None:
    guess = identify(ENGLISH_WITH_A_FOREIGN_QUOTE)
    assert guess.code == ENGLISH
    assert guess.analysed


@pytest.mark.parametrize("text", ["Dead: 4 / Injured: 12", "NEW YORK (AP) —", "Minister: talks failed", "12 500", ""])
def test_too_little_text_is_undetermined_and_still_analysed(text: str) -> None:
    guess = identify(text)
    assert guess.code == UNDETERMINED
    assert guess.analysed


def test_a_short_foreign_headline_is_not_enough_to_skip_an_article() -> None:
    # 36 letters: py3langid calls it Occitan, with 10 % confidence
    assert identify("Vladimir Putin Portugal expels Diplomats").code == UNDETERMINED


@given(st.text(max_size=400))
def test_any_text_gets_a_code_and_a_confidence_between_0_and_1(text: str) -> None:
    guess = identify(text)
    assert 0.0 <= guess.confidence <= 1.0
    assert guess.code == UNDETERMINED or sum(c.isalpha() for c in text) >= MIN_LETTERS


def test_an_article_in_another_language_is_stored_found_and_not_analysed(tmp_path, runner) -> None:
    """The German article is kept (searchable, exported with its language) but yields no facts and no
    story with the English one; the summary says how many were not analysed and why."""
    import json

    from conftest import run_cli

    german = tmp_path / "koeln.txt"
    german.write_text("Brand in Köln\n\n" + GERMAN + "\n", encoding="utf-8")
    english = tmp_path / "fire.txt"
    english.write_text(
        "Two people were killed in a shooting on a street in Cologne on Tuesday evening, "
        "police said. Police said the motive was not yet known.\n",
        encoding="utf-8",
    )
    db = tmp_path / "l.db"
    result = run_cli(runner, "ingest", str(german), str(english), "--db", str(db))
    assert "1 stored but not analysed (not English: de 1)" in result.stdout.splitlines()[0]
    records = {r["item"]: r for r in map(json.loads, run_cli(runner, "export", "--db", str(db)).stdout.splitlines())}
    de, en = records[str(german)], records[str(english)]
    assert (de["language"], en["language"]) == ("de", ENGLISH)
    assert de["claims"] == de["counts"] == de["entities"] == de["times"] == []
    assert [(c["category"], c["value"]) for c in en["counts"]] == [("killed", 2)]
    assert de["story"] != en["story"]
    assert "koeln" not in run_cli(runner, "search", "Cologne", "--db", str(db)).stdout
    assert "Feuerwehr" in run_cli(runner, "search", "Feuerwehr", "--db", str(db)).stdout
