"""Within a story: figure intervals and texts, marks (agrees, conflicts, ...), and the casualty estimate.

The marks and the estimate are tested on a story laid out by hand in a real
schema (``Story`` below writes the rows linking and the extractors would), so
each case holds exactly the figures it is about; one test runs the whole
pipeline on two hand-written reports.
"""

from __future__ import annotations

import json
import math
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from linkcorpus import connect, corpus_copy, corpus_db, corpus_file, ingest, record, story_of, write_jsonl
from newsledger.extract import extractors
from newsledger.ledger import Ledger
from newsledger.link.compare import compare_story, story_casualties, subject_key
from newsledger.records import APPROX_MARGIN, Claim, Figure, Span
from newsledger.store import Store


def figure_interval(value, low, high, qualifier) -> tuple[float, float]:
    return Figure(value=value, min=low, max=high, qualifier=qualifier).interval()


def figure_text(value, low, high, qualifier) -> str:
    return Figure(value=value, min=low, max=high, qualifier=qualifier).text


# -- Figure.interval and Figure.text -------------------------------------------------------------------


@pytest.mark.parametrize("value, low, high, qualifier, interval, text", [
    (4, None, None, "exact", (4, 4), "4"),
    (30, None, None, "approx", (22.5, 37.5), "about 30"),
    (3, None, None, "at_least", (3, math.inf), "at least 3"),
    (5, None, None, "at_most", (0, 5), "up to 5"),
    (None, None, 12, "at_most", (1, 12), "up to 12"),
    (None, 10_000, 12_000, "range", (10_000, 12_000), "10,000 to 12,000"),
    (None, 10, 12, "range", (10, 12), "10 to 12"),
    (None, None, None, "unspecified", (1, math.inf), "some"),
    (1500, None, None, "exact", (1500, 1500), "1,500"),
    (None, 3, None, "at_least", (3, math.inf), "at least 3"),
])
def test_figure_interval_and_text(value, low, high, qualifier, interval, text) -> None:
    assert figure_interval(value, low, high, qualifier) == pytest.approx(interval)
    assert figure_text(value, low, high, qualifier) == text


counts = st.integers(min_value=0, max_value=10**6).map(float)


@given(value=counts, qualifier=st.sampled_from(["exact", "approx", "at_least", "at_most", "unspecified"]))
def test_interval_contains_the_stated_value(value: float, qualifier: str) -> None:
    low, high = figure_interval(value, None, None, qualifier)
    assert low <= value <= high
    expected = {"exact": (value, value), "approx": (value * (1 - APPROX_MARGIN), value * (1 + APPROX_MARGIN)),
                "at_least": (value, math.inf), "at_most": (0, value), "unspecified": (value, value)}[qualifier]
    assert (low, high) == pytest.approx(expected)


@given(a=counts, b=counts)
def test_range_interval_is_the_range(a: float, b: float) -> None:
    low, high = min(a, b), max(a, b)
    assert figure_interval(None, low, high, "range") == (low, high)
    assert figure_interval((low + high) / 2, low, high, "range") == (low, high)


@given(value=counts)
def test_approx_is_a_quarter_either_side(value: float) -> None:
    low, high = figure_interval(value, None, None, "approx")
    assert low == pytest.approx(value * (1 - APPROX_MARGIN))
    assert high == pytest.approx(value * (1 + APPROX_MARGIN))


@given(value=st.integers(min_value=0, max_value=10**9),
       qualifier=st.sampled_from(["exact", "approx", "at_least", "at_most", "unspecified"]))
def test_figure_text_reads_back_the_number(value: int, qualifier: str) -> None:
    text = figure_text(float(value), None, None, qualifier)
    prefix = {"approx": "about ", "at_least": "at least ", "at_most": "up to "}.get(qualifier, "")
    assert text.startswith(prefix)
    assert int(text[len(prefix):].replace(",", "")) == value


def test_subject_key_is_the_proper_words() -> None:
    assert subject_key("North Korean troops") == subject_key("North Korean servicemen") == "north korean"
    assert subject_key("people") == ""
    assert subject_key(None) == ""


# -- a story laid out by hand ------------------------------------------------------------------------------


class Story:
    """A schema-complete database holding one story whose articles, counts and claims are written by hand."""

    def __init__(self, path: Path) -> None:
        self.store = Store(path, extractors())
        self.conn = self.store.conn
        self.conn.execute("INSERT INTO stories (id, label, articles, created_at) VALUES ('s1', 'test', 0, 'now')")
        self.linked = 0
        self.n = 0

    def article(self, aid: str, text: str, day: str | None, outlet: str, copy_of: str | None = None,
                story: str = "s1") -> str:
        self.linked += 1
        self.conn.execute("INSERT INTO items (id, source, path, format, published, outlet, text, ingested_at) "
                          "VALUES (?, ?, 'x.jsonl', 'jsonl', ?, ?, ?, 'now')", ("i" + aid, aid, day, outlet, text))
        self.conn.execute('INSERT INTO articles (id, item_id, seq, start, "end", published, outlet, truncated, text) '
                          "VALUES (?, ?, 0, 0, ?, ?, ?, 0, ?)", (aid, "i" + aid, len(text), day, outlet, text))
        if not self.conn.execute("SELECT 1 FROM stories WHERE id = ?", (story,)).fetchone():
            self.conn.execute("INSERT INTO stories (id, label, articles, created_at) VALUES (?, 't', 0, 'now')",
                              (story,))
        self.conn.execute("INSERT INTO story_articles (article_id, story_id, copy_of, day, event_days, linked) "
                          "VALUES (?, ?, ?, ?, '[]', ?)", (aid, story, copy_of, day, self.linked))
        self.conn.execute("UPDATE stories SET articles = articles + 1 WHERE id = ?", (story,))
        return aid

    def _text(self, aid: str) -> str:
        return self.conn.execute("SELECT text FROM articles WHERE id = ?", (aid,)).fetchone()[0]

    def claim(self, aid: str, content: str, speaker: str | None, cue: str = "said", stance: str = "assert") -> str:
        text = self._text(aid)
        start = text.index(content)
        sentence_start = text.rfind(". ", 0, start) + 2 if ". " in text[:start] else 0
        sentence_end = text.find(".", start + len(content)) + 1 or len(text)
        self.n += 1
        cid = f"c{self.n}"
        cue_start = text.find(cue, sentence_start)
        self.conn.execute(
            'INSERT INTO claims (id, article_id, start, "end", source_text, speaker, anonymous, cue_start, cue_end, '
            "cue_text, content_start, content_end, content_text, content_spans, kind, stance, confidence, "
            "sentence_start, sentence_end) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, 'indirect', ?, 0.9, ?, ?)",
            (cid, aid, sentence_start, sentence_end, speaker, speaker, cue_start, cue_start + len(cue), cue, start,
             start + len(content), content, json.dumps([[start, start + len(content)]]), stance, sentence_start,
             sentence_end))
        return cid

    def count(self, aid: str, phrase: str, category: str, subject: str | None, value: float | None,
              qualifier: str = "exact", low: float | None = None, high: float | None = None,
              claim: str | None = None, source: str | None = None, status: str = "current",
              casualty: bool = True) -> str:
        text = self._text(aid)
        start = text.index(phrase)
        sentence_start = text.rfind(". ", 0, start) + 2 if ". " in text[:start] else 0
        sentence_end = text.find(".", start + len(phrase)) + 1 or len(text)
        self.n += 1
        kid = f"k{self.n}"
        self.conn.execute(
            'INSERT INTO counts (id, article_id, start, "end", text, category, subject, value, min, max, qualifier, '
            "basis, source_text, claim_id, status, scope, sentence_start, sentence_end) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'number', ?, ?, ?, 'incident', ?, ?)",
            (kid, aid, start, start + len(phrase), phrase, category, subject, value, low, high, qualifier, source,
             claim, status, sentence_start, sentence_end))
        if casualty and category in ("killed", "injured", "missing"):
            self.conn.execute("INSERT OR REPLACE INTO casualties (article_id, category, value, qualifier, counts) "
                              "VALUES (?, ?, ?, ?, ?)", (aid, category, value, qualifier, json.dumps([kid])))
        return kid

    def casualty(self, aid: str, category: str, value: float | None, qualifier: str = "exact") -> None:
        self.conn.execute("INSERT OR REPLACE INTO casualties (article_id, category, value, qualifier, counts) "
                          "VALUES (?, ?, ?, ?, '[]')", (aid, category, value, qualifier))


@pytest.fixture
def story(tmp_path: Path) -> Story:
    made = Story(tmp_path / "story.db")
    yield made
    made.store.close()


def statements(store: Store, story_id: str = "s1") -> list:
    return [s for line in compare_story(store, story_id).lines for s in line.statements]


def test_three_against_five_killed_conflicts(story: Story) -> None:
    a = story.article("a", "Police said three people were killed in the crash.", "2024-04-10", "Observer")
    b = story.article("b", "Hospital officials said five people were killed in the crash.", "2024-04-11", "WTVD")
    story.count(a, "three people were killed", "killed", "people", 3,
                claim=story.claim(a, "three people were killed", "Police"))
    story.count(b, "five people were killed", "killed", "people", 5,
                claim=story.claim(b, "five people were killed", "Hospital officials"))
    found = statements(story.store)
    assert [(s.source, s.figure, s.mark) for s in found] == [("Police", "3", "conflicts"),
                                                              ("Hospital officials", "5", "conflicts")]


def test_at_least_three_and_five_agree(story: Story) -> None:
    a = story.article("a", "Police said at least three people were killed.", "2024-04-10", "Observer")
    b = story.article("b", "Hospital officials said five people were killed.", "2024-04-11", "WTVD")
    story.count(a, "at least three people were killed", "killed", "people", 3, "at_least",
                claim=story.claim(a, "at least three people were killed", "Police"))
    story.count(b, "five people were killed", "killed", "people", 5,
                claim=story.claim(b, "five people were killed", "Hospital officials"))
    assert {s.mark for s in statements(story.store)} == {"agrees"}


def test_about_thirty_killed_or_wounded_and_some_killed_agree(story: Story) -> None:
    a = story.article("a", "The GUR said about 30 North Korean troops were killed or wounded.", "2024-12-16", "X")
    b = story.article("b", "The Pentagon said some North Korean servicemen have been killed.", "2024-12-16", "Y")
    story.count(a, "about 30 North Korean troops were killed or wounded", "killed_or_wounded", "North Korean troops",
                30, "approx", claim=story.claim(a, "about 30 North Korean troops were killed or wounded", "GUR"))
    story.count(b, "some North Korean servicemen have been killed", "killed", "North Korean servicemen", None,
                "unspecified", claim=story.claim(b, "some North Korean servicemen have been killed", "Pentagon"))
    comparison = compare_story(story.store, "s1")
    assert len(comparison.lines) == 1  # "troops" and "servicemen": one subject
    found = comparison.lines[0].statements
    assert [(s.source, s.category, s.figure, s.mark) for s in found] == [
        ("GUR", "killed_or_wounded", "about 30", "agrees"), ("Pentagon", "killed", "some", "agrees")]
    assert (found[0].low, found[0].high) == (22.5, 37.5)
    assert (found[1].low, found[1].high) == (1, None)  # open-ended: null, as JSON has no infinity


def test_an_up_to_figure_reads_up_to_and_fits_a_smaller_one(story: Story) -> None:
    """"up to 12" (stored as the extractor stores it: no value, max 12) reads "up to 12" in the comparison
    (it used to read "some") and agrees with 10 from another source; 15 would conflict with it."""
    a = story.article("a", "Officials said up to 12 people were injured.", "2024-04-10", "Observer")
    b = story.article("b", "Police said 10 people were injured.", "2024-04-11", "WTVD")
    story.count(a, "up to 12 people were injured", "injured", "people", None, "at_most", high=12,
                claim=story.claim(a, "up to 12 people were injured", "Officials"))
    story.count(b, "10 people were injured", "injured", "people", 10,
                claim=story.claim(b, "10 people were injured", "Police"))
    found = statements(story.store)
    assert [(s.source, s.figure, s.mark) for s in found] == [("Officials", "up to 12", "agrees"),
                                                              ("Police", "10", "agrees")]
    assert (found[0].low, found[0].high) == (1, 12)


def test_more_killed_than_killed_or_wounded_conflicts(story: Story) -> None:
    a = story.article("a", "The GUR said about 30 North Korean troops were killed or wounded.", "2024-12-16", "X")
    b = story.article("b", "A blogger said 50 North Korean troops were killed.", "2024-12-17", "Y")
    story.count(a, "about 30 North Korean troops were killed or wounded", "killed_or_wounded", "North Korean troops",
                30, "approx", claim=story.claim(a, "about 30 North Korean troops were killed or wounded", "GUR"))
    story.count(b, "50 North Korean troops were killed", "killed", "North Korean troops", 50,
                claim=story.claim(b, "50 North Korean troops were killed", "A blogger"))
    assert [s.mark for s in statements(story.store)] == ["conflicts", "conflicts"]


def test_unattributed_figure_is_unsourced(story: Story) -> None:
    a = story.article("a", "Two men were shot and killed on Ash Street.", "2024-03-10", "Observer")
    story.count(a, "Two men were shot and killed", "killed", "men", 2)
    (found,) = statements(story.store)
    assert found.source is None and found.mark == "unsourced"
    assert found.outlet == "Observer"


def test_unattributed_figure_that_contradicts_a_source_conflicts(story: Story) -> None:
    a = story.article("a", "Two men were shot and killed on Ash Street.", "2024-03-10", "Observer")
    b = story.article("b", "Police said three men were killed on Ash Street.", "2024-03-11", "WRAL")
    story.count(a, "Two men were shot and killed", "killed", "men", 2)
    story.count(b, "three men were killed", "killed", "men", 3, claim=story.claim(b, "three men were killed", "Police"))
    assert [s.mark for s in statements(story.store)] == ["conflicts", "conflicts"]


def test_claim_about_the_subject_without_a_figure_is_no_figure(story: Story) -> None:
    a = story.article("a", "The GUR said about 30 North Korean troops were killed or wounded. The White House said "
                           "North Korean troops are on the front lines.", "2024-12-16", "X")
    story.count(a, "about 30 North Korean troops were killed or wounded", "killed_or_wounded", "North Korean troops",
                30, "approx", claim=story.claim(a, "about 30 North Korean troops were killed or wounded", "GUR"))
    story.claim(a, "North Korean troops are on the front lines", "White House")
    found = statements(story.store)
    assert [(s.source, s.mark, s.figure) for s in found] == [("GUR", "agrees", "about 30"),
                                                             ("White House", "no_figure", None)]
    assert found[1].text == "North Korean troops are on the front lines"


def test_claim_about_something_else_is_left_out(story: Story) -> None:
    a = story.article("a", "The GUR said about 30 North Korean troops were killed or wounded. Putin said new "
                           "missiles threaten Russia.", "2024-12-16", "X")
    story.count(a, "about 30 North Korean troops were killed or wounded", "killed_or_wounded", "North Korean troops",
                30, "approx", claim=story.claim(a, "about 30 North Korean troops were killed or wounded", "GUR"))
    story.claim(a, "new missiles threaten Russia", "Putin")
    assert [s.source for s in statements(story.store)] == ["GUR"]


def test_no_number_claim_about_the_subject_is_in_the_line(story: Story) -> None:
    """"Ryder ... told reporters that some North Korean troops have died ..., but did not have a specific
    number of those killed or wounded": the second claim is about the same troops, in the same sentence."""
    text = ("Pat Ryder told reporters that some North Korean troops have died in combat, but did not have a "
            "specific number of those killed or wounded.")
    a = story.article("a", text, "2024-12-16", "X")
    story.count(a, "some North Korean troops have died", "killed", "North Korean troops", None, "unspecified",
                claim=story.claim(a, "some North Korean troops have died in combat", "Pat Ryder", cue="told"))
    story.claim(a, "a specific number of those killed or wounded", "Pat Ryder", cue="did not have",
                stance="no_number")
    found = statements(story.store)
    assert [(s.source, s.stance, s.mark) for s in found] == [("Pat Ryder", "assert", "agrees"),
                                                             ("Pat Ryder", "no_number", "no_figure")]


def test_a_newer_figure_from_the_same_source_supersedes_the_older(story: Story) -> None:
    """The module's docstring: "the same source gives a newer figure that replaces an older one; the older is
    marked superseded"."""
    a = story.article("a", "Police said two people were killed.", "2024-04-10", "Observer")
    b = story.article("b", "Police said four people were killed.", "2024-04-12", "Observer")
    story.count(a, "two people were killed", "killed", "people", 2,
                claim=story.claim(a, "two people were killed", "Police"))
    story.count(b, "four people were killed", "killed", "people", 4,
                claim=story.claim(b, "four people were killed", "Police"))
    found = statements(story.store)
    assert [(s.day, s.figure, s.mark) for s in found] == [("2024-04-10", "2", "superseded"),
                                                          ("2024-04-12", "4", "supersedes")]


def test_a_figure_stored_as_superseded_is_marked_so_and_does_not_conflict(story: Story) -> None:
    a = story.article("a", "Authorities first reported three injuries, then said seven people were injured.",
                      "2024-04-10", "Observer")
    b = story.article("b", "Officials said seven people were injured.", "2024-04-11", "WTVD")
    story.count(a, "three injuries", "injured", "people", 3, status="superseded", casualty=False)
    story.count(a, "seven people were injured", "injured", "people", 7)
    story.count(b, "seven people were injured", "injured", "people", 7,
                claim=story.claim(b, "seven people were injured", "Officials"))
    marks = [(s.figure, s.mark) for s in statements(story.store)]
    assert ("3", "superseded") in marks
    assert ("7", "conflicts") not in marks


def test_copies_are_left_out_of_the_comparison(story: Story) -> None:
    a = story.article("a", "Police said three people were killed.", "2024-04-10", "AP")
    b = story.article("b", "Police said three people were killed.", "2024-04-10", "Courier", copy_of="a")
    for aid in (a, b):
        story.count(aid, "three people were killed", "killed", "people", 3,
                    claim=story.claim(aid, "three people were killed", "Police"))
    assert [s.article_id for s in statements(story.store)] == ["a"]


def test_other_stories_are_left_out(story: Story) -> None:
    a = story.article("a", "Police said three people were killed.", "2024-04-10", "AP")
    b = story.article("b", "Police said nine people were killed.", "2024-04-10", "AP", story="s2")
    story.count(a, "three people were killed", "killed", "people", 3)
    story.count(b, "nine people were killed", "killed", "people", 9)
    assert [s.figure for s in statements(story.store, "s1")] == ["3"]
    assert [s.figure for s in statements(story.store, "s2")] == ["9"]


# -- story_casualties --------------------------------------------------------------------------------------


def _casualty_story(story: Story, values: list[float | None], category: str = "killed") -> None:
    for i, value in enumerate(values):
        aid = story.article(f"a{i}", f"Report {i}.", f"2024-04-{10 + i:02d}", f"Outlet {i}")
        story.casualty(aid, category, value, "exact" if value is not None else "unspecified")


@pytest.mark.parametrize("values, low, best, high", [
    ([2, 2, 5], 2, 2, 5),          # the figure most reports give
    ([2, 5], 2, 5, 5),             # a tie: the higher
    ([1, 2, 2, 3, 3], 1, 3, 3),    # a tie between 2 and 3: 3
    ([4], 4, 4, 4),
    ([None, 3, None], 3, 3, 3),    # "some" is no number
    ([None, None], None, None, None),
])
def test_story_casualties_low_best_high(story: Story, values, low, best, high) -> None:
    _casualty_story(story, values)
    estimate = story_casualties(story.store, "s1")["killed"]
    assert (estimate.low, estimate.best, estimate.high) == (low, best, high)
    assert len(estimate.reports) == len(values)
    assert [r.value for r in estimate.reports] == values  # by day


def test_story_casualties_count_copies_once(story: Story) -> None:
    story.casualty(story.article("a", "A.", "2024-04-10", "AP"), "killed", 3)
    story.casualty(story.article("b", "A.", "2024-04-10", "Courier", copy_of="a"), "killed", 3)
    story.casualty(story.article("c", "A.", "2024-04-10", "Herald", copy_of="a"), "killed", 3)
    story.casualty(story.article("d", "B.", "2024-04-11", "WTVD"), "killed", 5)
    story.casualty(story.article("e", "C.", "2024-04-12", "WRAL"), "killed", 5)
    estimate = story_casualties(story.store, "s1")["killed"]
    assert [r.article_id for r in estimate.reports] == ["a", "d", "e"]
    assert (estimate.low, estimate.best, estimate.high) == (3, 5, 5)  # 3 once, 5 twice


def test_story_casualties_per_category(story: Story) -> None:
    a = story.article("a", "A.", "2024-04-10", "AP")
    story.casualty(a, "killed", 3)
    story.casualty(a, "injured", 12)
    assert set(story_casualties(story.store, "s1")) == {"killed", "injured"}
    assert story_casualties(story.store, "s1")["injured"].best == 12
    assert story_casualties(story.store, "nope") == {}


def test_reports_of_injured_only_vote_none_killed_for_the_best_figure(story: Story) -> None:
    """One report says a man died; two others number the wounded and report no death: best and low 0,
    high 1, and the reports listed are the articles' own killed figures."""
    story.casualty(story.article("a", "A.", "2024-04-10", "AP"), "killed", 1)
    for aid, day in (("b", "2024-04-10"), ("c", "2024-04-11")):
        story.casualty(story.article(aid, aid.upper() + ".", day, "Outlet " + aid), "injured", 4)
    estimate = story_casualties(story.store, "s1")["killed"]
    assert (estimate.low, estimate.best, estimate.high) == (0, 0, 1)
    assert [r.article_id for r in estimate.reports] == ["a"]


def test_a_report_with_a_death_and_injured_does_not_vote_zero(story: Story) -> None:
    a = story.article("a", "A.", "2024-04-10", "AP")
    story.casualty(a, "killed", 2)
    story.casualty(a, "injured", 3)
    story.casualty(story.article("b", "B.", "2024-04-11", "WRAL"), "injured", 3)
    story.casualty(story.article("c", "C.", "2024-04-11", "WTVD"), "killed", 2)
    assert story_casualties(story.store, "s1")["killed"].best == 2  # 2, 2 against one 0


# -- the whole pipeline ------------------------------------------------------------------------------------


def test_two_reports_with_three_and_five_killed_conflict_end_to_end(corpus_copy: Path, tmp_path: Path) -> None:
    first = record("fy-1", "2024-04-10", "Bus crash on Raeford Road kills three",
                   "Three people were killed when a church bus overturned on Raeford Road in Fayetteville on "
                   "Tuesday evening, the Cumberland County sheriff's office said. Sheriff Ennis Wright said the "
                   "driver, Harold Mims, lost control on a curve near Hope Mills.", outlet="Fayetteville Observer")
    second = record("fy-2", "2024-04-11", "Five dead after church bus overturns near Hope Mills",
                    "Five people were killed when a church bus driven by Harold Mims overturned on Raeford Road near "
                    "Hope Mills in Fayetteville on Tuesday, hospital officials said on Wednesday. Twelve passengers "
                    "were injured.", outlet="WTVD")
    ingest(corpus_copy, write_jsonl(tmp_path / "fy.jsonl", [first, second]))
    conn = connect(corpus_copy)
    ledger = Ledger(corpus_copy, readonly=True)
    try:
        stories = story_of(conn)
        assert stories["fy-1"] == stories["fy-2"]
        comparison = compare_story(ledger.store, stories["fy-1"])
        killed = [s for line in comparison.lines for s in line.statements if s.category == "killed"]
        assert sorted((s.figure, s.mark) for s in killed) == [("3", "conflicts"), ("5", "conflicts")]
        estimate = comparison.casualties["killed"]
        assert (estimate.low, estimate.best, estimate.high) == (3, 5, 5)
        assert comparison.casualties["injured"].best == 12
    finally:
        ledger.close()
        conn.close()


# -- the seed (samples/seed-dump.txt, a bundled copy of ../shared/seed/000_7b4aea63d7dec936.txt) ------------


SEED_SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "seed-dump.txt"


@pytest.fixture(scope="module")
def seed_story(tmp_path_factory: pytest.TempPathFactory):
    db = tmp_path_factory.mktemp("seed-compare") / "seed.db"
    ingest(db, SEED_SAMPLE, published="2024-12-18")
    ledger = Ledger(db, readonly=True)
    conn = ledger.store.conn
    first = conn.execute("SELECT s.story_id FROM story_articles s JOIN articles a ON a.id = s.article_id "
                         "WHERE a.seq = 0").fetchone()[0]
    yield ledger.store, first
    ledger.close()


def _north_korean_line(store: Store, story_id: str):
    comparison = compare_story(store, story_id)
    lines = [line for line in comparison.lines if "north korean" in subject_key(line.subject)]
    assert len(lines) == 1, [(line.subject, len(line.statements)) for line in comparison.lines]
    return lines[0]


def test_seed_north_korean_troops_line_holds_the_figures(seed_story) -> None:
    store, story_id = seed_story
    line = _north_korean_line(store, story_id)
    said = [(s.source or "", s.category, s.figure, s.mark) for s in line.statements]
    gur = [s for s in said if ("GUR" in s[0] or "intelligence agency" in s[0]) and s[1] == "killed_or_wounded"]
    assert [s[2] for s in gur] == ["about 30"], said
    assert any(s[0] == "Pentagon" and s[1] == "killed" and s[2] == "some" for s in said), said
    assert any("Ryder" in s[0] and s[1] == "killed" and s[2] == "some" for s in said), said
    # "about 30 killed or wounded" and "some killed" can both be true
    assert all(s[3] == "agrees" for s in said if s[1] in ("killed", "killed_or_wounded")), said


def test_seed_north_korean_troops_line_holds_the_claims(seed_story) -> None:
    store, story_id = seed_story
    line = _north_korean_line(store, story_id)
    sources = [s.source or "" for s in line.statements]
    for wanted in ("White House", "Kirby", "Institute for the Study of War"):
        assert any(wanted in s for s in sources), (wanted, sources)
    claims = [s for s in line.statements if s.category is None]
    assert claims and all(s.mark == "no_figure" for s in claims)


def test_seed_ryder_no_number_claim_is_in_the_line(seed_story) -> None:
    """"... but did not have a specific number of those killed or wounded": Ryder's no_number claim."""
    store, story_id = seed_story
    line = _north_korean_line(store, story_id)
    found = [s for s in line.statements if "Ryder" in (s.source or "") and s.stance == "no_number"]
    assert len(found) == 1, [(s.source, s.stance, s.text) for s in line.statements]
    assert found[0].mark == "no_figure"


def test_seed_stories_are_five(seed_story) -> None:
    store, _ = seed_story
    conn = store.conn
    assert tuple(conn.execute("SELECT count(DISTINCT story_id), count(*) FROM story_articles").fetchone()) == (5, 5)
    assert conn.execute("SELECT count(*) FROM story_articles WHERE day = '2024-12-18'").fetchone()[0] == 5


def test_seed_kirbys_confirmation_is_his_under_his_name(seed_story) -> None:
    """The parser tags Kirby's long title as an organisation; linking makes the title his alias, so his
    "confirmed the assessment" (about the North Korean troops of its sentence) lines up as John Kirby's."""
    store, story_id = seed_story
    line = _north_korean_line(store, story_id)
    confirmed = [s for s in line.statements if s.stance == "confirm"]
    assert [(s.source, s.cue) for s in confirmed] == [("John Kirby", "confirmed")]
    title = "US National Security Council Coordinator for Strategic Communications"
    aliases = store.conn.execute("SELECT aliases FROM identities WHERE name = 'John Kirby'").fetchone()[0]
    assert title in aliases
    assert not store.conn.execute("SELECT 1 FROM identities WHERE name = ?", (title,)).fetchone()


def test_a_subject_is_named_as_a_whole_word() -> None:
    """"us" is not in "because", "israeli" not in "Israelite"."""
    from newsledger.link.compare import _about

    def claim(content: str) -> Claim:
        sentence = f"They said {content}."
        return Claim(id="c1", source=Span(text="They", start=0, end=4), speaker=None, speaker_entity=None,
                     anonymous=False, cue=Span(text="said", start=5, end=9),
                     content=[Span(text=content, start=10, end=10 + len(content))], kind="indirect", stance="assert",
                     channel=None, audience=None, when=None, confidence=0.9,
                     sentence=Span(text=sentence, start=0, end=len(sentence)))

    assert not _about(claim("the strike happened because of Israelite tensions"), "us")
    assert not _about(claim("the strike happened because of Israelite tensions"), "israeli")
    assert _about(claim("US officials said the Israeli strike hit"), "israeli")
