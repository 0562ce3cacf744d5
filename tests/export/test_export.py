"""Exports: the JSONL contract (every span points into its item's text) and CSV."""

from __future__ import annotations

import csv
import io
import itertools
import json
from pathlib import Path
from typing import Any, Iterator

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsledger.cli import main
from newsledger.export import write_csv, write_jsonl
from newsledger.ledger import Ledger

REQUIRED_KEYS = {"schema_version", "id", "item", "span", "title", "kicker", "published", "outlet", "url", "truncated",
                 "entities", "author", "boilerplate", "claims", "counts", "language"}


def spans_in(obj: Any, path: str = "$") -> Iterator[tuple[str, int, int, str]]:
    """Every span anywhere in a record: dicts with text/start/end, and ``span`` [start, end] pairs."""
    if isinstance(obj, dict):
        if {"text", "start", "end"} <= obj.keys():
            yield path, obj["start"], obj["end"], obj["text"]
        for key, value in obj.items():
            if key == "span" and isinstance(value, list) and len(value) == 2:
                yield f"{path}.span", value[0], value[1], None  # type: ignore[misc]
            else:
                yield from spans_in(value, f"{path}.{key}")
    elif isinstance(obj, list):
        for i, value in enumerate(obj):
            yield from spans_in(value, f"{path}[{i}]")


def check_spans(record: dict, item_text: str) -> int:
    """Assert every span of ``record`` is exact; return how many were checked."""
    article_start, article_end = record["span"]
    assert 0 <= article_start < article_end <= len(item_text)
    checked = 0
    for where, start, end, text in spans_in(record):
        assert isinstance(start, int) and isinstance(end, int), where
        assert 0 <= start <= end <= len(item_text), (where, start, end)
        if text is not None:
            assert item_text[start:end] == text, (where, start, end, text, item_text[start:end])
            assert article_start <= start and end <= article_end, (where, start, end, record["span"])
        checked += 1
    return checked


def export_jsonl(db: Path) -> list[dict]:
    out = io.StringIO()
    with Ledger(db) as ledger:
        count = write_jsonl(ledger, out)
    lines = out.getvalue().split("\n")[:-1]  # not splitlines(): texts may hold U+2028
    assert count == len(lines)
    return [json.loads(line) for line in lines]


# -- the seed -------------------------------------------------------------


def test_seed_export_has_five_records_with_the_contract_keys(seed_records: list[dict], seed_path: Path) -> None:
    assert len(seed_records) == 5
    for record in seed_records:
        assert REQUIRED_KEYS <= set(record), REQUIRED_KEYS - set(record)
        assert record["item"] == str(seed_path)
        assert record["published"] is None  # the seed states no date; it is never guessed
        assert record["language"] == "en"
        assert record["outlet"] is None and record["url"] is None and record["author"] is None
        assert isinstance(record["truncated"], bool)
        assert isinstance(record["entities"], list)
    assert len({r["id"] for r in seed_records}) == 5


def test_seed_export_claims_and_counts_name_their_article(seed_records: list[dict]) -> None:
    from newsledger.records import EXPORT_SCHEMA_VERSION

    assert {r["schema_version"] for r in seed_records} == {EXPORT_SCHEMA_VERSION}
    for record in seed_records:
        for fact in record["claims"] + record["counts"]:
            assert fact["article"] == record["id"], fact
    assert sum(len(r["counts"]) for r in seed_records) == 9  # the seed's nine counts (tests/cli/test_counts_cli.py)
    assert seed_records[0]["claims"]  # Kirby, Ryder, the Pentagon ... in the first article


def test_seed_export_kickers_and_truncation(seed_records: list[dict], seed_text: str) -> None:
    assert seed_records[0]["kicker"] is None
    assert seed_records[1]["kicker"] is None
    kickers = [r["kicker"] for r in seed_records[2:]]
    assert all(isinstance(k, dict) for k in kickers)
    assert kickers[0]["text"].strip("‘’") == "BALD-FACED LIE"
    assert kickers[1]["text"] == "BORDER SERVICES"
    assert kickers[2]["text"] == "TESTING BAN"
    for record in seed_records[2:]:
        assert record["kicker"]["start"] == record["span"][0]  # the kicker opens its article
    # Article 1 ends "said on Sunday."; the four one-line items are all cut off mid-sentence.
    assert [r["truncated"] for r in seed_records] == [False, True, True, True, True]
    # spans follow each other through the dump, in order, without overlap
    spans = [r["span"] for r in seed_records]
    assert spans[0][0] == 0
    assert spans[-1][1] == len(seed_text.rstrip())
    for (_, end), (start, _) in itertools.pairwise(spans):
        assert end < start


def test_seed_boilerplate_is_the_photo_credit(seed_records: list[dict], seed_text: str) -> None:
    photo = seed_records[0]["boilerplate"]
    assert [b["text"] for b in photo] == ["Photo: EPA-EFE"]
    assert photo[0]["start"] == seed_text.index("Photo: EPA-EFE")
    assert all(r["boilerplate"] == [] for r in seed_records[1:])


def test_every_span_of_the_seed_export_points_into_the_item(seed_records: list[dict], seed_text: str) -> None:
    checked = sum(check_spans(record, seed_text) for record in seed_records)
    mentions = sum(len(e["mentions"]) for r in seed_records for e in r["entities"])
    assert mentions > 20
    assert checked >= 5 + 3 + 1 + mentions  # spans, kickers, boilerplate, every mention


def test_seed_people_of_article_one(seed_records: list[dict], seed_text: str) -> None:
    entities = seed_records[0]["entities"]
    by_name = {e["name"]: e for e in entities}

    kirby = by_name["John Kirby"]
    assert kirby["type"] == "PERSON"
    texts = [m["text"] for m in kirby["mentions"]]
    assert "John Kirby" in texts and "Kirby" in texts
    lone = next(m for m in kirby["mentions"] if m["text"] == "Kirby")
    assert lone["start"] == seed_text.index("Kirby said North Korean")

    ryder = by_name["Pat Ryder"]
    assert ryder["type"] == "PERSON"
    assert {"Pat Ryder", "Ryder"} <= {m["text"] for m in ryder["mentions"]}
    assert seed_text.index("Ryder said") in {m["start"] for m in ryder["mentions"]}

    # the surnames did not stay behind as entities of their own
    assert "Kirby" not in by_name and "Ryder" not in by_name
    # and nobody else in the seed is called Kirby or Ryder
    for record in seed_records[1:]:
        assert not any("Kirby" in m["text"] or "Ryder" in m["text"] for e in record["entities"] for m in e["mentions"])


def test_seed_csv_export(seed_db: Path, seed_records: list[dict]) -> None:
    out = io.StringIO()
    with Ledger(seed_db, readonly=True) as ledger:
        count = write_csv(ledger, out)
    assert count == 5
    table = list(csv.reader(io.StringIO(out.getvalue())))
    header, body = table[0], table[1:]
    assert len(body) == 5
    assert {"id", "item", "start", "end", "kicker", "published", "entities"} <= set(header)
    records = [dict(zip(header, row)) for row in body]
    assert [r["id"] for r in records] == [r["id"] for r in seed_records]
    assert [[int(r["start"]), int(r["end"])] for r in records] == [r["span"] for r in seed_records]
    assert [r["kicker"] for r in records][3:] == ["BORDER SERVICES", "TESTING BAN"]
    assert all(r["published"] == "" for r in records)
    assert "John Kirby (PERSON)" in records[0]["entities"]


def test_published_option_is_exported(seed_path: Path, tmp_path: Path) -> None:
    db = tmp_path / "dated.db"
    runner = CliRunner()
    result = runner.invoke(main, ["ingest", str(seed_path), "--db", str(db), "--published", "2024-12-18", "--quiet"])
    assert result.exit_code == 0, result.output
    records = export_jsonl(db)
    assert len(records) == 5
    assert all(r["published"] == "2024-12-18" for r in records)

    result = runner.invoke(main, ["export", "--db", str(db), "--format", "csv"])
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["published"] for r in rows] == ["2024-12-18"] * 5


def test_published_of_an_item_wins_over_the_option(tmp_path: Path) -> None:
    jsonl = tmp_path / "dated.jsonl"
    lines = [
        {"id": "own", "published": "2023-01-02", "text": "John Smith met officials in Paris on Monday."},
        {"id": "stamped", "published": "2023-03-04T09:30:00Z", "text": "Maria Lopez visited Madrid on Friday."},
        {"id": "none", "text": "Tom Baker spoke in London on Tuesday."},
    ]
    jsonl.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    db = tmp_path / "dated.db"
    result = CliRunner().invoke(main, ["ingest", str(jsonl), "--db", str(db), "--published", "2024-12-18", "-q"])
    assert result.exit_code == 0, result.output
    published = {r["item"]: r["published"] for r in export_jsonl(db)}
    assert published == {"own": "2023-01-02", "stamped": "2023-03-04", "none": "2024-12-18"}


def test_jsonl_fields_are_exported(tmp_path: Path) -> None:
    jsonl = tmp_path / "meta.jsonl"
    text = "\n  WORLD NEWS: John Smith met officials in Paris on Monday.\nPhoto: AP\nSmith said the talks"
    jsonl.write_text(json.dumps({"id": "m1", "title": "Talks in Paris", "outlet": "The Paper",
                                 "url": "https://example.org/a", "text": text}) + "\n", encoding="utf-8")
    db = tmp_path / "meta.db"
    with Ledger(db) as ledger:
        assert ledger.ingest([str(jsonl)]).errors == []
    (record,) = export_jsonl(db)
    assert (record["item"], record["title"], record["outlet"], record["url"]) == \
        ("m1", "Talks in Paris", "The Paper", "https://example.org/a")
    assert record["span"] == [text.index("WORLD NEWS"), len(text)]
    assert record["kicker"] == {"text": "WORLD NEWS", "start": text.index("WORLD NEWS"),
                                "end": text.index("WORLD NEWS") + len("WORLD NEWS")}
    assert [b["text"] for b in record["boilerplate"]] == ["Photo: AP"]
    assert record["truncated"] is True
    check_spans(record, text)


def test_jsonl_item_without_leading_boilerplate_keeps_its_last_words(tmp_path: Path) -> None:
    """Control for the next test: the same article without a photo credit on top."""
    text = "John Kirby met officials in Paris on Monday. Kirby said the talks went well in Berlin."
    jsonl = tmp_path / "plain.jsonl"
    jsonl.write_text(json.dumps({"id": "plain", "text": text}) + "\n", encoding="utf-8")
    db = tmp_path / "plain.db"
    with Ledger(db) as ledger:
        ledger.ingest([str(jsonl)])
        assert len(ledger.search("Berlin")) == 1
    (record,) = export_jsonl(db)
    assert "Berlin" in {m["text"] for e in record["entities"] for m in e["mentions"]}


def test_jsonl_item_with_leading_boilerplate_keeps_its_last_words(tmp_path: Path) -> None:
    """Regression: boilerplate before the article start was blanked with negative indices (the end)."""
    text = "Photo: AP\nJohn Kirby met officials in Paris on Monday. Kirby said the talks went well in Berlin."
    jsonl = tmp_path / "photo.jsonl"
    jsonl.write_text(json.dumps({"id": "photo", "text": text}) + "\n", encoding="utf-8")
    db = tmp_path / "photo.db"
    with Ledger(db) as ledger:
        ledger.ingest([str(jsonl)])
        found_by_search = len(ledger.search("Berlin"))
    (record,) = export_jsonl(db)
    start, end = record["span"]
    for b in record["boilerplate"]:  # boilerplate spans lie inside their article
        assert start <= b["start"] and b["end"] <= end
    assert "Berlin" in {m["text"] for e in record["entities"] for m in e["mentions"]}
    assert found_by_search == 1


# -- property: any JSONL text, every span exact ---------------------------

NAMES = ["John", "Maria", "Kirby", "Smith", "Paris", "London", "Berlin", "Google", "Apple", "Tokyo",
         "Ahmed", "Haddad", "Zoë", "Müller", "São", "Paulo", "Ministry", "Defence", "United", "Nations",
         "Red", "Cross", "Ωmega", "Nguyễn", "Ōsaka"]
FILLER = ["said", "met", "in", "on", "the", "with", "visited", "and", "told", "reporters", "of", "🙂", "’s"]
KICKERS = ["", "", "WORLD NEWS: ", "‘BIG DEAL’: ", "TRADE: "]
BOILERPLATE = ["Photo: AP", "Advertisement", "Read more: elsewhere", "(Reporting by Ann Lee)"]
BREAKS = [" ", " ", "\n", "\r\n", "\n\n", "\u00a0"]

word = st.one_of(st.sampled_from(NAMES), st.sampled_from(FILLER))
sentence = st.builds(
    # 13+ words, mostly lower case: a sentence, never mistaken for a headline or a menu line
    lambda first, last, place, rest, end: (
        f"{first} {last} met officials in {place} {' '.join(rest)} and then they left the building quietly{end}"
    ),
    st.sampled_from(NAMES), st.sampled_from(NAMES), st.sampled_from(NAMES),
    st.lists(word, min_size=0, max_size=8), st.sampled_from([".", ".", "!", "?", ""]),
)


@st.composite
def article_text(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(["", "", "  ", "\n", "\r\n \n"])) + draw(st.sampled_from(KICKERS))
    sentences = draw(st.lists(sentence, min_size=1, max_size=5))
    for i, s in enumerate(sentences):
        if i:
            text += draw(st.sampled_from(BREAKS))
            if draw(st.integers(0, 4)) == 0:
                text += draw(st.sampled_from(BOILERPLATE)) + "\n"
        text += s
    return text + draw(st.sampled_from(["", "", "\n", "  "]))


_ids = itertools.count()


@pytest.fixture(scope="module")
def property_ledger(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Ledger, Path, dict[str, str]]]:
    folder = tmp_path_factory.mktemp("property")
    with Ledger(folder / "property.db") as ledger:
        yield ledger, folder, {}


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts=st.lists(article_text(), min_size=1, max_size=3))
def test_property_every_exported_span_is_exact(property_ledger, texts: list[str]) -> None:
    ledger, folder, text_of = property_ledger
    lines = []
    for text in texts:
        source = f"p{next(_ids)}"
        text_of[source] = text
        lines.append(json.dumps({"id": source, "text": text}) + "\n")
    jsonl = folder / f"batch-{next(_ids)}.jsonl"
    jsonl.write_text("".join(lines), encoding="utf-8")

    report = ledger.ingest([str(jsonl)])
    assert report.errors == []

    out = io.StringIO()
    write_jsonl(ledger, out)
    records = [json.loads(line) for line in out.getvalue().split("\n") if line]
    seen_items = {r["item"] for r in records}
    for text in texts:  # each text is in the ledger, under this or an earlier id with the same text
        assert any(text_of[s] == text for s in seen_items if s in text_of)
    for record in records:
        item_text = text_of[record["item"]]
        check_spans(record, item_text)
        start, end = record["span"]
        assert item_text[start:end].strip() == item_text[start:end]  # no surrounding whitespace


def test_a_casualty_figure_from_the_headline_says_so(tmp_path: Path) -> None:
    """A scraped page whose text is a sign-up form: the figure is the headline's, marked as such, with
    the phrases' offsets into the title (not spans into the text, which hold nothing of it)."""
    title = "Two dead, three wounded in shooting outside bar - Channel 5 News"
    text = "Sign in to your account.\n\nWe have sent you a verification email. Please check your inbox."
    jsonl = tmp_path / "page.jsonl"
    jsonl.write_text(json.dumps({"id": "p1", "title": title, "text": text}) + "\n", encoding="utf-8")
    db = tmp_path / "page.db"
    with Ledger(db) as ledger:
        assert ledger.ingest([str(jsonl)]).errors == []
    (record,) = export_jsonl(db)
    killed, injured = record["casualties"]["killed"], record["casualties"]["injured"]
    assert (killed["value"], killed["basis"], killed["counts"]) == (2, "headline", [])
    assert (injured["value"], injured["basis"]) == (3, "headline")
    for figure in (killed, injured):
        for phrase in figure["headline"]:
            assert title[phrase["title_start"]:phrase["title_end"]] == phrase["phrase"]
    assert "dead" in " ".join(p["phrase"] for p in killed["headline"])
    check_spans(record, text)


def test_a_headline_line_of_a_text_dump_is_text(tmp_path: Path) -> None:
    """A headline that is a line of the text itself is counted with the text, spans and all."""
    text = "Two dead in shooting outside bar\n\nTwo men were killed outside a bar on Main Street, police said.\n"
    dump = tmp_path / "dump.txt"
    dump.write_text(text, encoding="utf-8")
    db = tmp_path / "dump.db"
    with Ledger(db) as ledger:
        assert ledger.ingest([str(dump)]).errors == []
    (record,) = export_jsonl(db)
    killed = record["casualties"]["killed"]
    assert (killed["value"], killed["basis"], killed["headline"]) == (2, "text", None)
    assert killed["counts"]
