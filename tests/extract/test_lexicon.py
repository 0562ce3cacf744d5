"""Lexicons as data files (newsledger.lexicon): every slip that would make a rule silently wrong stops the load.

The shipped files are read through the real loader. The claims extractor is run once at the end, on the
sentence whose stance the old in-code lists got wrong ("acknowledged" came out assert).
"""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsledger.lexicon import Lexicon, LexiconError, load_lexicon, parse_lexicon

SHIPPED = ["claims/lexicon.toml", "counts/lexicon.toml", "times/lexicon.toml", "numbers.toml"]  # under newsledger/extract
STANCES = {"assert", "belief", "pledge", "confirm", "deny", "no_comment", "refer", "allege", "no_number"}
CATEGORIES = {"killed", "wounded", "killed_or_wounded", "injured", "missing", "evacuated", "detained", "displaced",
              "deployed", "affected", "ill"}


def shipped(path: str) -> Lexicon:
    """A shipped lexicon, found from ``newsledger.extract`` so the extractors' own packages need not import."""
    return load_lexicon("newsledger.extract", path)


def grouped_toml(table: str, groups: list[tuple[str, list[str]]]) -> str:
    """A grouped table as TOML; non-ASCII words stay as they are (TOML refuses JSON's surrogate escapes)."""
    return "".join(f"[[{table}]]\ngroup = {json.dumps(group)}\n"
                   f"words = {json.dumps(words, ensure_ascii=False)}\n" for group, words in groups)


# -- the shipped lexicons ----------------------------------------------------------------------------


@pytest.mark.parametrize("path", SHIPPED)
def test_every_shipped_lexicon_loads(path: str) -> None:
    lexicon = shipped(path)
    assert lexicon.name == f"newsledger.extract/{path}"


def test_acknowledge_is_a_confirm_stance() -> None:
    assert shipped("claims/lexicon.toml").groups("stances", STANCES)["acknowledge"] == "confirm"


@pytest.mark.parametrize(("path", "table", "allowed"), [
    ("claims/lexicon.toml", "stances", STANCES),
    ("claims/lexicon.toml", "noun_cues", STANCES),
    ("claims/lexicon.toml", "stance_adjectives", STANCES),
    ("counts/lexicon.toml", "category_verbs", CATEGORIES),
    ("counts/lexicon.toml", "category_words", CATEGORIES),
])
def test_shipped_groups_are_known_stances_and_categories(path: str, table: str, allowed: set[str]) -> None:
    assert shipped(path).groups(table, allowed)


# -- what the loader refuses -------------------------------------------------------------------------


def test_a_lemma_under_two_stances_is_refused_naming_file_table_word_and_both_groups() -> None:
    text = grouped_toml("stances", [("confirm", ["confirm", "acknowledge"]), ("assert", ["say", "acknowledge"])])
    with pytest.raises(LexiconError) as refused:
        parse_lexicon(text, "claims/lexicon.toml")
    message = str(refused.value)
    assert "\n" not in message
    for part in ("claims/lexicon.toml", "stances", "'acknowledge'", "'confirm'", "'assert'"):
        assert part in message


WORDS = st.text(st.characters(categories=["Ll"]), min_size=1, max_size=12)
GROUPS = st.sampled_from(sorted(STANCES))


@settings(max_examples=60, deadline=None)
@given(word=WORDS, first=GROUPS, second=GROUPS, others=st.lists(WORDS, max_size=5, unique=True))
def test_any_word_listed_in_two_groups_is_refused_even_under_one_group_name(
        word: str, first: str, second: str, others: list[str]) -> None:
    others = [w for w in others if w != word]
    text = grouped_toml("stances", [(first, [word, *others]), (second, [word])])
    with pytest.raises(LexiconError, match=re.escape(f"{word!r} is listed under both {first!r} and {second!r}")):
        parse_lexicon(text)


def test_a_group_outside_the_allowed_set_is_refused() -> None:
    lexicon = parse_lexicon(grouped_toml("stances", [("asert", ["say"])]), "claims/lexicon.toml")
    assert lexicon.groups("stances") == {"say": "asert"}  # no allowed set given: any group name will do
    with pytest.raises(LexiconError, match="'say' is under group 'asert', not one of allege, assert"):
        lexicon.groups("stances", STANCES)


@pytest.mark.parametrize(("text", "complaint"), [
    ('[[stances]]\ngroup = "assert"\nwords = ["say", ""]\n', "empty or padded word ''"),
    ('[[stances]]\ngroup = "assert"\nwords = ["say", " tell"]\n', "empty or padded word ' tell'"),
    ('[[stances]]\ngroup = "assert"\nwords = ["say", 3]\n', "3 is not a string"),
    ('[[stances]]\ngroup = "assert"\nword = ["say"]\n', "each entry needs exactly 'group' and 'words'"),
    ('[inverting]\nwords = ["say", "add", "say"]\n', "'say' is listed twice"),
    ('[scales]\ndozen = "12"\n', "'dozen' = '12' is not an integer"),
    ('[inverting]\nwords = ["say"\n', "not valid TOML"),
])
def test_a_malformed_lexicon_is_refused(text: str, complaint: str) -> None:
    with pytest.raises(LexiconError, match=f"^test.toml.*{complaint}"):
        parse_lexicon(text, "test.toml")


def test_a_missing_table_is_refused_by_name() -> None:
    with pytest.raises(LexiconError, match=r"test.toml: no word list \[inverting\]"):
        parse_lexicon('[[stances]]\ngroup = "assert"\nwords = ["say"]\n', "test.toml").words("inverting")


# -- the claims extractor ----------------------------------------------------------------------------


def test_the_claims_extractor_gives_acknowledged_a_confirm_stance() -> None:
    # imported here: spaCy and the rules are heavy, and the loader tests above need neither
    from newsledger.extract.claims.rules import find_claims
    from newsledger.model import AnalysedArticle, Item
    from newsledger.nlp import load_nlp
    from newsledger.segment import segment

    text = "The ministry acknowledged that three soldiers were killed."
    (article,) = segment(Item(source="acknowledged", text=text, format="jsonl", path="acknowledged"))
    claims = find_claims(AnalysedArticle(article, load_nlp()(article.analysis_text)))
    (claim,) = [c for c in claims if c.cue.text == "acknowledged"]
    assert claim.stance == "confirm"


def _claims_lexicon_with(old: str, new: str) -> Lexicon:
    """The shipped claims lexicon with one word written otherwise."""
    from importlib.resources import files

    text = files("newsledger.extract").joinpath("claims/lexicon.toml").read_text(encoding="utf-8")
    assert old in text
    return parse_lexicon(text.replace(old, new, 1), "claims/lexicon.toml")


def test_the_shipped_claims_word_lists_are_in_the_form_their_rules_match() -> None:
    from newsledger.extract.claims.rules import check_word_forms

    check_word_forms(shipped("claims/lexicon.toml"))  # no error
    assert shipped("claims/lexicon.toml").groups("gendered_titles")["Miss"] == "f"  # the verb "miss" tells nothing


@pytest.mark.parametrize(("old", "new", "table"), [
    ('"mrs", "ms"', '"mrs", "Ms."', "gendered_titles"),
    ('"mrs", "ms"', '"mrs", "MS"', "gendered_titles"),
    ('"said", "says"', '"Said", "says"', "dash_cue_forms"),
    ('"many", "some"', '"many people", "some"', "view_holders"),
    ('"as", "while"', '"As", "while"', "circumstance_marks"),
])
def test_a_claims_word_the_rules_could_never_match_is_refused(old: str, new: str, table: str) -> None:
    from newsledger.extract.claims.rules import check_word_forms

    with pytest.raises(LexiconError, match=rf"claims/lexicon.toml \[{table}\]"):
        check_word_forms(_claims_lexicon_with(old, new))


def test_a_capitalised_given_name_is_refused() -> None:
    from newsledger.extract.claims.rules import check_word_forms

    lexicon = _claims_lexicon_with("[[given_names]]\ngroup = \"m\"\nwords = [\n", "[[given_names]]\ngroup = \"m\"\nwords = [\"Mary\", ")
    with pytest.raises(LexiconError, match=r"\[given_names\]: 'Mary'"):
        check_word_forms(lexicon)
