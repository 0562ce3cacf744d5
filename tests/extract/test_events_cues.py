"""Issue 21, events: the cue file (``newsledger/extract/events/cues.toml``) and its loader.

The shipped file is read through the real loader; every mistake a coder can make in it stops the
load with one line naming the file, the cue (counted from 1) and the problem. The patterns match
whole words only, and no text makes matching raise.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsledger.extract.events.cues import ACLED_TYPES, NOT_ACLED, CueBook, cue_book, parse_cues
from newsledger.lexicon import LexiconError

NAME = "my/cues.toml"
KINDS = '[kinds]\nCLASH = ["Battles", "Armed clash"]\nQUAKE = ["", "Natural disaster"]\n'
GOOD_CUE = '[[cues]]\nkind = "CLASH"\nstrength = 3\npattern = "clash\\\\w*"\n'


def cue_file(second_cue: str, kinds: str = KINDS, parts: str = "") -> str:
    """A cue file whose first cue is sound and whose second is ``second_cue`` (the body of a [[cues]] entry)."""
    return f"{kinds}{parts}{GOOD_CUE}[[cues]]\n{second_cue}"


def refusal(text: str) -> str:
    with pytest.raises(LexiconError) as refused:
        parse_cues(text, NAME)
    message = str(refused.value)
    assert "\n" not in message, message
    assert message.startswith(NAME), message
    return message


def matches(book: CueBook, text: str, code: str | None = None) -> list[str]:
    """Every piece of ``text`` a cue of the book matches (only cues of kind ``code`` when given)."""
    return [m.group() for c in book.cues if code in (None, c.kind.code) for m in c.pattern.finditer(text)]


# -- the shipped file --------------------------------------------------------------------------------------


def test_the_shipped_cue_file_has_the_thirty_kinds_of_case_2021() -> None:
    kinds = cue_book().kinds
    assert len(kinds) == 30
    assert all(code == kind.code for code, kind in kinds.items())


def test_every_shipped_kind_is_an_acled_type_or_none() -> None:
    kinds = cue_book().kinds.values()
    assert {k.type for k in kinds} <= {*ACLED_TYPES, NOT_ACLED}
    assert {k.type for k in kinds} >= set(ACLED_TYPES)  # every ACLED type has a kind
    assert all(k.sub_type.strip() for k in kinds)
    assert all(k.acled == (k.type != NOT_ACLED) for k in kinds)


def test_the_five_kinds_outside_acled_are_none() -> None:
    outside = {k.code: k.sub_type for k in cue_book().kinds.values() if not k.acled}
    assert outside == {
        "ORG_CRIME": "Organised crime",
        "NATURAL_DISASTER": "Natural disaster",
        "MAN_MADE_DISASTER": "Man-made disaster",
        "DIPLO": "Diplomatic event",
        "ATTRIB": "Attribution of responsibility",
    }


def test_every_shipped_kind_has_a_cue_or_a_parse_rule() -> None:
    """A kind no cue signals could only come from the parse: the three that the parse types (a place taken)."""
    cued = {c.kind.code for c in cue_book().cues}
    assert set(cue_book().kinds) - cued <= {"GOV_REGAINS_TERIT", "NON_STATE_ACTOR_OVERTAKES_TER"}


# -- what the loader refuses ----------------------------------------------------------------------------------


def test_a_sound_file_loads_with_its_cues_in_order() -> None:
    book = parse_cues(cue_file('kind = "QUAKE"\nstrength = 4\npattern = "earthquakes?"\n'), NAME)
    assert [(c.kind.code, c.strength) for c in book.cues] == [("CLASH", 3), ("QUAKE", 4)]
    assert book.kinds["QUAKE"].type == NOT_ACLED
    assert book.cues[1].needs is None


def test_an_unknown_kind_is_refused_naming_the_cue() -> None:
    message = refusal(cue_file('kind = "QUAKES"\nstrength = 3\npattern = "quake"\n'))
    assert "cue 2" in message
    assert "'QUAKES'" in message and "not in [kinds]" in message


@pytest.mark.parametrize(
    ("strength", "shown"), [("0", "0"), ("6", "6"), ("true", "True"), ('"3"', "'3'"), ("2.5", "2.5")]
)
def test_a_strength_outside_one_to_five_is_refused(strength: str, shown: str) -> None:
    message = refusal(cue_file(f'kind = "QUAKE"\nstrength = {strength}\npattern = "quake"\n'))
    assert "cue 2" in message
    assert f"strength {shown} is not 1 to 5" in message


@pytest.mark.parametrize("strength", [1, 5])
def test_the_ends_of_the_strength_scale_are_taken(strength: int) -> None:
    book = parse_cues(cue_file(f'kind = "QUAKE"\nstrength = {strength}\npattern = "quake"\n'), NAME)
    assert book.cues[1].strength == strength


@pytest.mark.parametrize("key", ["pattern", "needs"])
def test_a_pattern_that_does_not_compile_is_refused(key: str) -> None:
    body = 'kind = "QUAKE"\nstrength = 3\npattern = "quake"\n' if key == "needs" else 'kind = "QUAKE"\nstrength = 3\n'
    message = refusal(cue_file(f"{body}{key} = 'quake(s'\n"))
    assert "cue 2" in message
    assert f"{key} does not compile" in message


def test_an_undefined_part_is_refused_by_name() -> None:
    message = refusal(
        cue_file('kind = "QUAKE"\nstrength = 3\npattern = "{shaking} quake"\n', parts='[parts]\nshake = "tremors?"\n')
    )
    assert "cue 2" in message
    assert "{shaking}" in message and "not in [parts]" in message


def test_a_defined_part_is_put_into_the_pattern() -> None:
    book = parse_cues(
        cue_file('kind = "QUAKE"\nstrength = 3\npattern = "{shake} felt"\n', parts='[parts]\nshake = "tremors?"\n'),
        NAME,
    )
    assert matches(book, "Tremors felt across the valley.", "QUAKE") == ["Tremors felt"]


@pytest.mark.parametrize("pattern", ['""', '"   "'])
def test_an_empty_pattern_is_refused(pattern: str) -> None:
    """An empty pattern would match everywhere: every sentence an earthquake."""
    message = refusal(cue_file(f'kind = "QUAKE"\nstrength = 3\npattern = {pattern}\n'))
    assert "cue 2" in message
    assert "empty pattern" in message


def test_an_unknown_key_is_refused_naming_it() -> None:
    message = refusal(cue_file('kind = "QUAKE"\nstrength = 3\npattern = "quake"\nneed = "shaking"\n'))
    assert "cue 2" in message
    assert "'need'" in message


def test_a_cue_without_a_pattern_is_refused() -> None:
    message = refusal(cue_file('kind = "QUAKE"\nstrength = 3\n'))
    assert "cue 2" in message and "pattern" in message


def test_a_file_without_kinds_is_refused() -> None:
    message = refusal(GOOD_CUE)
    assert "no [kinds]" in message


def test_a_kind_with_a_type_acled_does_not_have_is_refused() -> None:
    message = refusal(
        cue_file(
            'kind = "QUAKE"\nstrength = 3\npattern = "quake"\n', kinds='[kinds]\nCLASH = ["Battle", "Armed clash"]\n'
        )
    )
    assert "CLASH" in message and "'Battle'" in message


def test_a_file_without_cues_is_refused() -> None:
    assert "no [[cues]]" in refusal(KINDS)


def test_bad_toml_is_refused() -> None:
    message = refusal(KINDS + '[[cues]]\nkind = "CLASH\n')
    assert "not valid TOML" in message


# -- whole words ------------------------------------------------------------------------------------------


def test_a_protestant_is_no_protest() -> None:
    assert matches(cue_book(), "The Protestant bishop visited the parish on Sunday.") == []


def test_a_protest_is_matched_in_any_case() -> None:
    assert "PROTESTED" in matches(cue_book(), "Farmers PROTESTED outside parliament.", "PEACE_PROTEST")


def test_storm_does_not_match_stormed() -> None:
    assert matches(cue_book(), "Troops stormed the compound at dawn.", "NATURAL_DISASTER") == []
    assert matches(cue_book(), "A storm flattened the crops.", "NATURAL_DISASTER") == ["storm"]


def test_riot_police_are_no_riot() -> None:
    assert matches(cue_book(), "Riot police lined the avenue outside the ministry.") == []
    assert "rioters" in matches(cue_book(), "The rioters fled before dawn.", "VIOL_DEMONSTR")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("The minesweeper left the harbour.", "REM_EXPLOS"),
        ("Her shellfish stall reopened.", "ART_MISS_ATTACK"),
        ("The airstrip was resurfaced.", "AIR_STRIKE"),
        ("The rapeseed harvest was good.", "SEX_VIOL"),
    ],
)
def test_a_cue_inside_a_longer_word_is_no_cue(text: str, code: str) -> None:
    assert matches(cue_book(), text, code) == []


# -- any text ---------------------------------------------------------------------------------------------------

PIECES = st.one_of(
    st.characters(),
    st.sampled_from(list(" -'’\".,;:\n\t")),
    st.sampled_from(["protest", "riot", "storm", "bomb", "killed", "weapons", "found", "peaceful", "police"]),
)
WORDY = st.lists(PIECES, max_size=120).map("".join)


@settings(max_examples=150, deadline=None)
@given(text=WORDY)
def test_any_text_is_matched_without_error_and_in_whole_words(text: str) -> None:
    for cue in cue_book().cues:
        for pattern in (cue.pattern, cue.needs):
            if pattern is None:
                continue
            for match in pattern.finditer(text):
                assert 0 <= match.start() <= match.end() <= len(text)
                assert text[match.start() : match.end()] == match.group()
                assert match.start() == 0 or not re.match(r"\w", text[match.start() - 1])
                assert match.end() == len(text) or not re.match(r"\w", text[match.end()])


# -- the words a cue cannot match without (the search shortcut of events.rules) ---------------------------


def test_required_words_are_one_of_each_alternative() -> None:
    from newsledger.extract.patterns import required_words

    assert required_words(re.compile(r"(?<!\w)(?:air ?strikes?|drones? (?:hit|struck))(?!\w)", re.I)) == {
        "strike",
        "drone",
    }
    assert required_words(re.compile(r"Shell(?:s|ing)?", re.I)) == {"shell"}  # lowercased
    assert required_words(re.compile(r"(?:a|\w+)b?", re.I)) is None  # one alternative needs no letter at all


def test_a_text_with_letters_ignorecase_stretches_is_not_lowered() -> None:
    from newsledger.extract.patterns import lowered

    assert lowered("Troops SHELLED the town") == "troops shelled the town"
    assert lowered("Troops ſhelled the town") is None  # "ſ" matches "s" under IGNORECASE; lower() keeps it
    assert lowered("İdlib") is None  # lowercases to two characters: offsets would move


ODD_PIECES = st.one_of(
    PIECES,
    st.sampled_from(["ſ", "ı", "İ", "K", "SHELLED", "Air strike", "airstrikes", "drone struck", "sarin"]),
)


@settings(max_examples=200, deadline=None)
@given(text=st.lists(ODD_PIECES, max_size=80).map("".join))
def test_every_match_holds_one_of_its_cues_required_words(text: str) -> None:
    from newsledger.extract.patterns import lowered, required_words

    low = lowered(text)
    for cue in cue_book().cues:
        words = required_words(cue.pattern)
        for match in cue.pattern.finditer(text):
            assert words is None or low is None or any(w in low[match.start() : match.end()] for w in words)


def test_the_shortcut_finds_every_match_the_full_search_finds() -> None:
    from newsledger.extract.events.rules import NEGATED, NEGATION_CHARS, _searched, _word_candidates

    text = (
        "Rebels shelled the town. Two drones struck a convoy near the base! Police arrested 12 protesters; "
        "no one was killed. An airstrike hit a market, and a suicide bomber blew himself up at a checkpoint."
    )
    starts = [0, *(m.end() for m in re.finditer(r"[.!;] ", text))]
    bounds = list(zip(starts, [*(s - 1 for s in starts[1:]), len(text)]))
    cues = list(cue_book().cues)
    full = [  # every cue searched for in every sentence, as before the shortcut (negated words left out)
        (c.kind.code, m.span())
        for s, e in bounds
        for c in cues
        for m in c.pattern.finditer(text, s, e)
        if not NEGATED.search(text, max(s, m.start() - NEGATION_CHARS), m.start())
    ]
    searched = _searched(cues, text)
    assert len(searched.cues) < len(cues)  # cues none of whose words the text holds are not searched
    short = [(c.kind.code, (c.start, c.end)) for s, e in bounds for c in _word_candidates(searched, text, s, e, 0)]
    assert short == full and short  # the same matches, in the same order
