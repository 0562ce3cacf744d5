"""The counts on the command line: export (jsonl, counts-csv), counts, show, eval counts.

Each test works on a private copy of the seed database in its tmp_path
(conftest's ``seed_db_copy``). Expected figures are read off the seed's
English by hand:

1. "about 30 North Korean troops were killed or wounded", "At least three North
   Korean servicemen went missing", "some North Korean troops have been killed",
   "some North Korean troops have died", "10,000 to 12,000 troops" (sent);
2. "Seven people sustained mostly minor injuries", "169 passengers and seven
   flight attendants and staff were evacuated", "Authorities initially reported
   three injuries, but revised the number" (superseded);
3. and 4. no counts of people;
5. "the US$3.5 billion US National Ignition Facility" (money).
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import SEED_GOLD, export_records, table_rows, run_cli as run
from newsledger.records import Figure

ID_CELL = re.compile(r"^[0-9a-f]{12}$")


def table_total(output: str) -> int:
    match = re.search(r"(\d+) count\(s\)", output)
    assert match, output
    return int(match.group(1))


def spans_of_count(count: dict) -> list[dict]:
    spans = [{"text": count["text"], "start": count["start"], "end": count["end"]}]
    return spans + [count[k] for k in ("number", "source", "when", "sentence") if count.get(k)]


# --------------------------------------------------------------------------- export --format jsonl


def test_export_jsonl_has_counts_casualties_and_money(runner: CliRunner, seed_db_copy: Path) -> None:
    records = export_records(runner, seed_db_copy)
    assert len(records) == 5
    for record in records:
        assert {"counts", "casualties", "money"} <= record.keys()
        assert set(record["casualties"]) == {"killed", "injured", "missing"}
    assert records[2]["counts"] == [] and records[3]["counts"] == []  # the influencer and the clinics


def test_export_jsonl_every_count_span_is_exact(runner: CliRunner, seed_db_copy: Path, seed_text: str) -> None:
    checked = 0
    for record in export_records(runner, seed_db_copy):
        start, end = record["span"]
        for count in record["counts"]:
            for span in spans_of_count(count):
                assert seed_text[span["start"]:span["end"]] == span["text"], span
                checked += 1
            assert start <= count["start"] < count["end"] <= end
            sentence = count["sentence"]
            assert sentence["start"] <= count["start"] and count["end"] <= sentence["end"]
        for tally in record["casualties"].values():
            for span in (tally or {}).get("counts", []):
                assert seed_text[span["start"]:span["end"]] == span["text"]
        for money in record["money"]:
            assert seed_text[money["start"]:money["end"]] == money["text"]
    assert checked >= 9 * 3  # nine counts, each with at least its text, number and sentence


def test_export_jsonl_first_article(runner: CliRunner, seed_db_copy: Path) -> None:
    first = export_records(runner, seed_db_copy)[0]
    by_category: dict[str, list[dict]] = {}
    for count in first["counts"]:
        by_category.setdefault(count["category"], []).append(count)
    (kow,) = by_category["killed_or_wounded"]
    assert (kow["qualifier"], kow["value"]) == ("approx", 30)
    assert kow["subject"] == "North Korean troops"
    assert kow["number"]["text"] == "about 30"
    (missing,) = by_category["missing"]
    assert (missing["qualifier"], missing["min"]) == ("at_least", 3)
    assert [c["qualifier"] for c in by_category["killed"]] == ["unspecified", "unspecified"]
    casualties = first["casualties"]
    assert casualties["killed"] is None or casualties["killed"]["value"] != 30
    assert casualties["missing"]["value"] == 3 and casualties["missing"]["qualifier"] == "at_least"


def test_export_jsonl_second_article(runner: CliRunner, seed_db_copy: Path) -> None:
    second = export_records(runner, seed_db_copy)[1]
    injured = [(c["value"], c["status"]) for c in second["counts"] if c["category"] == "injured"]
    assert injured == [(7, "current"), (3, "superseded")]
    superseded = next(c for c in second["counts"] if c["status"] == "superseded")
    assert superseded["text"] == "three injuries"
    assert second["casualties"]["injured"]["value"] == 7
    assert second["casualties"]["killed"] is None


def test_export_jsonl_fifth_article_money(runner: CliRunner, seed_db_copy: Path) -> None:
    fifth = export_records(runner, seed_db_copy)[4]
    assert [(m["text"], m["currency"], m["value"]) for m in fifth["money"]] == [
        ("US$3.5 billion", "USD", 3_500_000_000)]
    assert fifth["counts"] == []  # "four outlying arms", "in 2022" are not people


# --------------------------------------------------------------------------- counts


def test_counts_category_killed_lists_only_killed(runner: CliRunner, seed_db_copy: Path) -> None:
    result = run(runner, "counts", "--db", str(seed_db_copy), "--category", "killed")
    rows = table_rows(result.stdout)
    assert [r[1] for r in rows] == ["killed", "killed"]  # "some ... have been killed", "some ... have died"
    assert [r[2] for r in rows] == ["some", "some"]
    assert table_total(result.stdout) == 2


def test_counts_all_includes_the_superseded_figure(runner: CliRunner, seed_db_copy: Path) -> None:
    current = run(runner, "counts", "--db", str(seed_db_copy)).stdout
    everything = run(runner, "counts", "--db", str(seed_db_copy), "--all").stdout
    assert "superseded" not in current
    assert "(superseded)" in everything
    assert (table_total(current), table_total(everything)) == (8, 9)
    assert len(table_rows(everything)) == len(table_rows(current)) + 1


def test_counts_where_narrows_to_kursk(runner: CliRunner, seed_db_copy: Path) -> None:
    first = export_records(runner, seed_db_copy)[0]
    first_article = first["id"][:12]
    everything = run(runner, "counts", "--db", str(seed_db_copy)).stdout
    kursk = run(runner, "counts", "--db", str(seed_db_copy), "--where", "Kursk").stdout
    rows = table_rows(kursk)
    # what --where promises: the counts whose place or sentence mentions Kursk, or all those of an article
    # naming Kursk as a place (spaCy tags the seed's "Kursk" PRODUCT, so here it is the sentences that decide)
    current = [c for c in first["counts"] if c["status"] == "current"]
    names_kursk = any("Kursk" in e["name"] and e["type"] in ("GPE", "LOC", "FAC") for e in first["entities"])
    expected = [c for c in current if names_kursk or "Kursk" in c["sentence"]["text"] + (c["location"] or "")]
    assert [(r[1], r[2]) for r in rows] == [
        (c["category"], Figure(value=c["value"], min=c["min"], max=c["max"], qualifier=c["qualifier"]).text)
        for c in expected]
    assert len(rows) == 3
    assert len(table_rows(everything)) == 8
    assert {r[0] for r in rows} == {first_article}  # the Air Busan fire is not in Kursk
    assert "at least 3" in [r[2] for r in rows]  # "... went missing around another Kursk village"
    assert table_total(kursk) == len(rows)


def test_counts_print_a_range_with_to(runner: CliRunner, seed_db_copy: Path) -> None:
    """"10,000 to 12,000 troops": a range reads "10,000 to 12,000" (it used to read "10,000-12,000"),
    in the counts table and in show, as everywhere a figure is printed."""
    rows = table_rows(run(runner, "counts", "--db", str(seed_db_copy), "--category", "deployed").stdout)
    assert [(r[1], r[2]) for r in rows] == [("deployed", "10,000 to 12,000")]
    first = export_records(runner, seed_db_copy)[0]
    (deployed,) = [c for c in first["counts"] if c["category"] == "deployed"]
    assert (deployed["qualifier"], deployed["min"], deployed["max"]) == ("range", 10_000, 12_000)
    shown = run(runner, "show", first["id"][:12], "--db", str(seed_db_copy)).stdout
    assert "10,000 to 12,000" in shown and "10,000-12,000" not in shown


def test_up_to_and_ranges_read_the_same_in_counts_show_and_timeline(runner: CliRunner, tmp_path: Path) -> None:
    """"up to 12" reads "up to 12" wherever a figure is printed (the story comparison used to print "some"),
    "between 3 and 5" reads "3 to 5"."""
    page = tmp_path / "crash.jsonl"
    page.write_text(json.dumps({"id": "u1", "published": "2024-05-02", "title": "Bus crash",
                                "text": "Up to 12 people were injured when a bus overturned on Main Street in Dayton "
                                        "on Wednesday, police said. Between 3 and 5 people were killed, officials "
                                        "said."}) + "\n", encoding="utf-8")
    db = tmp_path / "crash.db"
    run(runner, "ingest", str(page), "--db", str(db), "-q")
    (record,) = export_records(runner, db)
    assert [(c["category"], c["qualifier"], c["value"], c["min"], c["max"]) for c in record["counts"]] == [
        ("injured", "at_most", None, None, 12), ("killed", "range", None, 3, 5)]
    rows = table_rows(run(runner, "counts", "--db", str(db)).stdout)
    assert [(r[1], r[2]) for r in rows] == [("injured", "up to 12"), ("killed", "3 to 5")]
    shown = run(runner, "show", record["id"][:12], "--db", str(db)).stdout
    counts_table = table_rows(shown, re.compile(r"^(?:injured|killed)$"))
    assert [(r[0], r[1]) for r in counts_table] == [("injured", "up to 12"), ("killed", "3 to 5")]
    assert "injured up to 12" in shown.split("casualties: ", 1)[1]
    timeline = " ".join(run(runner, "timeline", "--db", str(db)).stdout.split())
    assert "injured up to 12" in timeline  # "on Wednesday": 2024-05-01
    story = json.loads(run(runner, "story", record["story"], "--db", str(db), "--json").stdout)
    figures = {(s["category"], s["figure"], s["low"], s["high"]) for line in story["lines"] for s in line["statements"]}
    assert figures == {("injured", "up to 12", 1, 12), ("killed", "3 to 5", 3, 5)}


def test_show_does_not_print_a_range_casualty_as_a_range_of_one(runner: CliRunner, tmp_path: Path) -> None:
    page = tmp_path / "range.jsonl"
    page.write_text(json.dumps({"id": "r1", "published": "2024-05-02", "title": "Bus crash",
                                "text": "Between 3 and 5 people were killed when a bus overturned in Dayton on "
                                        "Wednesday, officials said."}) + "\n", encoding="utf-8")
    db = tmp_path / "range.db"
    run(runner, "ingest", str(page), "--db", str(db), "-q")
    (record,) = export_records(runner, db)
    assert (record["casualties"]["killed"]["value"], record["casualties"]["killed"]["qualifier"]) == (3, "range")
    shown = run(runner, "show", record["id"][:12], "--db", str(db)).stdout
    assert "killed 3 to 3" not in shown


# --------------------------------------------------------------------------- export --format counts-csv


def test_export_counts_csv(runner: CliRunner, seed_db_copy: Path, seed_text: str, tmp_path: Path) -> None:
    out = tmp_path / "counts.csv"
    result = run(runner, "export", "--db", str(seed_db_copy), "--format", "counts-csv", "-o", str(out))
    assert result.stdout == ""
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    header, body = rows[0], rows[1:]
    assert header[header.index("category"):header.index("category") + 2] == ["category", "value"]
    # the columns of export schema 1.0 keep their places; later ones are appended
    assert header[header.index("text"):] == ["text", "sentence", "confirmation", "disease"]
    assert {"article", "qualifier", "subject", "status", "start", "end", "text"} <= set(header)
    total = sum(len(r["counts"]) for r in export_records(runner, seed_db_copy))
    assert len(body) == total == 9
    assert f"wrote {total} row(s) to {out}" in result.stderr
    records = [dict(zip(header, r)) for r in body]
    for r in records:
        assert seed_text[int(r["start"]):int(r["end"])] == r["text"]
        assert "\n" not in r["sentence"] and r["text"].split()[0] in r["sentence"]
    assert [r["status"] for r in records].count("superseded") == 1


# --------------------------------------------------------------------------- show


def test_show_prints_counts_casualties_and_money(runner: CliRunner, seed_db_copy: Path) -> None:
    ids = [r["id"] for r in export_records(runner, seed_db_copy)]
    second = run(runner, "show", ids[1][:8], "--db", str(seed_db_copy)).stdout
    assert "counts" in second
    assert "casualties: injured 7" in second
    fifth = run(runner, "show", ids[4][:8], "--db", str(seed_db_copy)).stdout
    assert "money: US$3.5 billion = USD 3,500,000,000" in fifth
    third = run(runner, "show", ids[2][:8], "--db", str(seed_db_copy)).stdout
    assert "casualties: none reported" in third
    assert "from the headline" not in second


def test_show_says_when_a_figure_is_the_headline_s(runner: CliRunner, tmp_path: Path) -> None:
    page = tmp_path / "page.jsonl"
    page.write_text(json.dumps({"id": "p1", "title": "Gunman kills 3 at warehouse",
                                "text": "Police have not released the names. The investigation continues."}) + "\n", encoding="utf-8")
    db = tmp_path / "page.db"
    run(runner, "ingest", str(page), "--db", str(db), "-q")
    (record,) = export_records(runner, db)
    shown = run(runner, "show", record["id"][:8], "--db", str(db)).stdout
    assert "casualties: killed 3 (from the headline)" in shown


# --------------------------------------------------------------------------- eval counts


def test_eval_counts_seed(runner: CliRunner, seed_path: Path) -> None:
    if not SEED_GOLD.is_file():
        pytest.skip(f"seed gold not available at {SEED_GOLD}")
    result = run(runner, "eval", "counts", "--seed", "--seed-text", str(seed_path), "--seed-gold", str(SEED_GOLD))
    assert "counts right 9/9" in result.stdout
    assert "wrong:" not in result.stdout


def test_eval_counts_without_data_is_a_one_line_error(runner: CliRunner) -> None:
    result = run(runner, "eval", "counts", status=2)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, lines
    assert lines[0].startswith("newsledger: ")
    assert result.stdout == ""


def gvdb_row(article_id: str, text: str, victims: list[list[str]]) -> list[str]:
    annotation = {"victim-section": [{"victim-was": v} for v in victims]}
    return [article_id, f"http://example.com/{article_id}", f"Story {article_id}", text, json.dumps(annotation), "w1"]


@pytest.fixture
def gvdb_tsv(tmp_path: Path) -> Path:
    """Three articles. Gold and the answer the English supports:

    a1: one man shot and killed        gold killed 1, injured 0   text: killed 1, injured 0
    a2: two men wounded (a third       gold killed 0, injured 2   text: killed 0, injured 2
        victim entry with no outcome does not count)
    a3: a woman shot, stable           gold killed 1, injured 1   text: killed 0, injured 1
        (the gold disagrees with its own text on the killed victim)
    """
    path = tmp_path / "gvdb.tsv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(["Article id", "Article url", "Article title", "Full text", "Json", "Worker"])
        writer.writerow(gvdb_row("a1", "A 25-year-old man was shot and killed Tuesday night in Springfield, "
                                       "police said.", [["killed"]]))
        writer.writerow(gvdb_row("a2", "Two men were wounded in a shooting early Sunday, police said. "
                                       "Both are expected to survive.", [["injured"], ["injured", "hospitalized"], []]))
        writer.writerow(gvdb_row("a3", "A woman was shot in the leg on Friday and is in stable condition, "
                                       "police said.", [["killed"], ["injured"]]))
    return path


def test_eval_counts_gvdb(runner: CliRunner, gvdb_tsv: Path) -> None:
    # killed exact: a1, a2 right, a3 wrong -> 2/3; MAE 1/3. injured: all right -> 1, MAE 0.
    # any killed: predicted a1 only (right) -> precision 1; gold a1, a3 -> recall 1/2; F1 2/3.
    # always-0 baseline: gold killed 0 only in a2 -> 1/3.
    out = run(runner, "eval", "counts", "--gvdb", str(gvdb_tsv)).stdout
    assert f"GVDB {gvdb_tsv} (3 articles)" in out
    assert "killed  exact 0.667  MAE 0.333  (always-0 baseline exact 0.333)" in out
    assert "injured exact 1.000  MAE 0.000" in out
    assert "precision 1.000  recall 0.500  F1 0.667" in out


def test_eval_counts_gvdb_json(runner: CliRunner, gvdb_tsv: Path) -> None:
    out = run(runner, "eval", "counts", "--gvdb", str(gvdb_tsv), "--json").stdout
    scores = json.loads(out)["gvdb"]
    assert {"killed_exact", "injured_exact", "killed_mae", "any_killed_precision", "any_killed_recall"} <= set(scores)
    assert scores["articles"] == 3
    assert scores["killed_exact"] == pytest.approx(2 / 3, abs=1e-4)
    assert scores["injured_exact"] == 1
    assert scores["killed_mae"] == pytest.approx(1 / 3, abs=1e-4)
    assert scores["injured_mae"] == 0
    assert scores["any_killed_precision"] == 1
    assert scores["any_killed_recall"] == 0.5
    assert [e["id"] for e in scores["errors"]] == ["a3"]
