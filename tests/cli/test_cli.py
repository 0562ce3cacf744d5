"""The newsledger command: help, one-line errors, exit statuses, and each command's output."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from conftest import assert_clean
from newsledger.cli import main

#: Every command registered on ``newsledger.cli.main``.
COMMANDS = ["articles", "bench", "claims", "counts", "entity", "eval", "export", "ingest", "metadata", "schema",
            "search", "serve", "show", "stories", "story", "timeline"]


def error_lines(result: Result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.strip()]


def ids_of(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return [r[0] for r in conn.execute("SELECT a.id FROM articles a JOIN items i ON i.id = a.item_id "
                                           "ORDER BY i.rowid, a.seq")]
    finally:
        conn.close()


def count(db: Path, table: str) -> int:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()


# -- help -----------------------------------------------------------------


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(runner: CliRunner, command: str) -> None:
    result = runner.invoke(main, [command, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output
    assert command in result.output
    assert_clean(result)


def test_main_help_lists_every_command(runner: CliRunner) -> None:
    assert sorted(main.commands) == COMMANDS
    result = runner.invoke(main, ["--help"])
    assert result.exit_code == 0
    listed = [line.split()[0] for line in result.output.split("Commands:", 1)[1].splitlines() if line.strip()]
    assert listed == COMMANDS


# -- ingest errors --------------------------------------------------------


def test_missing_file_is_one_line_and_the_good_file_is_still_ingested(
    runner: CliRunner, seed_path: Path, tmp_path: Path
) -> None:
    db = tmp_path / "cli.db"
    missing = tmp_path / "no-such-dump.txt"
    result = runner.invoke(main, ["ingest", str(missing), str(seed_path), "--db", str(db)])
    assert result.exit_code == 1
    assert_clean(result)
    lines = error_lines(result)
    assert len(lines) == 1, lines
    assert lines[0].startswith("newsledger: ")
    assert str(missing) in lines[0]
    assert count(db, "items") == 1
    assert count(db, "articles") == 5
    assert str(seed_path) not in result.stderr


def test_bad_jsonl_lines_are_reported_with_their_line_numbers(runner: CliRunner, tmp_path: Path) -> None:
    jsonl = tmp_path / "mixed.jsonl"
    jsonl.write_text(
        json.dumps({"id": "one", "text": "John Smith met officials in Paris on Monday."}) + "\n"
        "\n"                                   # line 2: blank, skipped silently
        "{not json at all\n"                   # line 3
        + json.dumps({"id": "two", "text": "Maria Lopez visited Madrid on Friday."}) + "\n"
        + json.dumps({"id": "three", "title": "no text here"}) + "\n"   # line 5
        + json.dumps(["a", "list"]) + "\n",                             # line 6
        encoding="utf-8",
    )
    db = tmp_path / "cli.db"
    result = runner.invoke(main, ["ingest", str(jsonl), "--db", str(db), "--quiet"])
    assert result.exit_code == 1
    assert_clean(result)
    lines = error_lines(result)
    assert len(lines) == 3, lines
    for line, number in zip(lines, (3, 5, 6)):
        assert line.startswith(f"newsledger: {jsonl}:{number}: "), line
    assert count(db, "items") == 2
    assert result.stdout == ""  # --quiet: no summary


@pytest.mark.parametrize(
    "name, data",
    [("empty.txt", b""), ("blank.txt", b" \n\n \t\n"), ("binary.txt", b"PK\x03\x04\x00\x00\x00binary"),
     ("undecodable.txt", b"\x01\x02 caf\x81 \x03")],
)
def test_unreadable_file_is_one_line(runner: CliRunner, tmp_path: Path, name: str, data: bytes) -> None:
    bad = tmp_path / name
    bad.write_bytes(data)
    good = tmp_path / "good.txt"
    good.write_text("John Smith met officials in Paris on Monday, the ministry said.\n", encoding="utf-8")
    db = tmp_path / "cli.db"
    result = runner.invoke(main, ["ingest", str(bad), str(good), "--db", str(db), "-q"])
    assert result.exit_code == 1
    assert_clean(result)
    lines = error_lines(result)
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"newsledger: {bad}: ")
    assert count(db, "items") == 1


def test_empty_folder_is_one_line(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "nothing"
    folder.mkdir()
    (folder / "image.png").write_bytes(b"\x89PNG")
    result = runner.invoke(main, ["ingest", str(folder), "--db", str(tmp_path / "cli.db"), "-q"])
    assert result.exit_code == 1
    assert_clean(result)
    lines = error_lines(result)
    assert len(lines) == 1 and lines[0].startswith(f"newsledger: {folder}")


def test_jsonl_item_opening_with_boilerplate_does_not_crash(runner: CliRunner, tmp_path: Path) -> None:
    """Regression: a leading boilerplate line longer than the body raised IndexError in segment."""
    jsonl = tmp_path / "credit.jsonl"
    jsonl.write_text(
        json.dumps({"id": "credit", "text": "Advertisement\nRain fell."}) + "\n"
        + json.dumps({"id": "good", "text": "John Smith met officials in Paris on Monday."}) + "\n",
        encoding="utf-8",
    )
    db = tmp_path / "cli.db"
    result = runner.invoke(main, ["ingest", str(jsonl), "--db", str(db), "-q"])
    assert_clean(result)
    assert result.exit_code == 0, result.stderr
    conn = sqlite3.connect(db)
    try:
        articles = sorted(conn.execute("SELECT i.source, a.text FROM items i JOIN articles a ON a.item_id = i.id"))
    finally:
        conn.close()
    # the credit line is left out of its article; the article after it and the good item are kept
    assert articles == [("credit", "Rain fell."), ("good", "John Smith met officials in Paris on Monday.")]


def test_dump_ending_in_a_lone_social_line_does_not_crash(runner: CliRunner, tmp_path: Path) -> None:
    """Regression: a trailing group emptied by _trim reached _article and raised IndexError."""
    dump = tmp_path / "dump.txt"
    dump.write_text("Heavy rain fell across Scotland on Sunday, forecasters said.\n\n"
                    "Follow John Smith on Twitter @jsmith\n", encoding="utf-8")
    db = tmp_path / "cli.db"
    result = runner.invoke(main, ["ingest", str(dump), "--db", str(db), "-q"])
    assert_clean(result)
    assert result.exit_code == 0, result.stderr
    conn = sqlite3.connect(db)
    try:
        first = conn.execute("SELECT text FROM articles WHERE seq = 0").fetchone()[0]
    finally:
        conn.close()
    assert first == "Heavy rain fell across Scotland on Sunday, forecasters said."
    assert count(db, "items") == 1


def test_published_that_is_not_a_date_is_a_usage_error(runner: CliRunner, seed_path: Path, tmp_path: Path) -> None:
    db = tmp_path / "cli.db"
    result = runner.invoke(main, ["ingest", str(seed_path), "--db", str(db), "--published", "notadate"])
    assert result.exit_code == 2
    assert_clean(result)
    assert "notadate" in result.stderr
    assert "--published" in result.stderr
    assert not db.exists()  # rejected before anything was opened


def test_ingest_summary_counts(runner: CliRunner, seed_path: Path, tmp_path: Path) -> None:
    db = tmp_path / "cli.db"
    first = runner.invoke(main, ["ingest", str(seed_path), "--db", str(db)])
    assert first.exit_code == 0
    assert "1 item(s) (1 new" in first.stdout
    assert "5 article(s) (5 new" in first.stdout
    again = runner.invoke(main, ["ingest", str(seed_path), "--db", str(db)])
    assert again.exit_code == 0
    assert "1 item(s) (0 new, 1 already stored)" in again.stdout
    assert "5 article(s) (0 new, 5 already stored)" in again.stdout
    assert_clean(again)


# -- reading commands -----------------------------------------------------


def test_articles_lists_the_five_seed_articles(runner: CliRunner, seed_db: Path) -> None:
    result = runner.invoke(main, ["articles", "--db", str(seed_db)])
    assert result.exit_code == 0
    assert_clean(result)
    ids = ids_of(seed_db)
    rows = [line for line in result.stdout.splitlines() if any(i[:12] in line for i in ids)]
    assert len(rows) == 5
    for article_id, row in zip(ids, rows):  # in ingestion order
        assert article_id[:12] in row
        assert "unknown" in row  # no publication date
    assert "TESTING BAN" in rows[4]
    assert "5 article(s)" in result.stdout


def test_articles_limit(runner: CliRunner, seed_db: Path) -> None:
    result = runner.invoke(main, ["articles", "--db", str(seed_db), "--limit", "2"])
    assert result.exit_code == 0
    ids = ids_of(seed_db)
    assert ids[0][:12] in result.stdout and ids[1][:12] in result.stdout
    assert not any(i[:12] in result.stdout for i in ids[2:])


def test_show_by_unique_prefix(runner: CliRunner, seed_db: Path, seed_text: str) -> None:
    article_id = ids_of(seed_db)[0]
    result = runner.invoke(main, ["show", article_id[:8], "--db", str(seed_db)])
    assert result.exit_code == 0, result.stderr
    assert_clean(result)
    out = result.stdout
    assert article_id in out
    assert "unknown" in out  # published
    assert "Kirby said North Korean troops are taking casualties in the fighting" in out
    assert "said on Sunday." in out  # the article's last line
    assert "Seven people sustained" not in out  # and nothing of the next article
    assert "John Kirby" in out and "PERSON" in out


def test_show_says_what_happened_and_the_words_that_say_it(runner: CliRunner, seed_db: Path) -> None:
    article_id = ids_of(seed_db)[0]  # the North Korean troops in Kursk
    result = runner.invoke(main, ["show", article_id, "--db", str(seed_db)])
    assert result.exit_code == 0, result.stderr
    table = result.stdout.split("what happened", 1)[1].split("counts", 1)[0]
    assert "Battles / Armed clash" in table
    assert "Military Forces of Ukraine / Military Forces of North Korea" in table and "Kursk" in table
    fire = ids_of(seed_db)[1]  # the airliner fire: an event ACLED does not code
    shown = runner.invoke(main, ["show", fire, "--db", str(seed_db)]).stdout
    assert "no ACLED event (Man-made disaster)" in shown.split("what happened", 1)[1]


def test_show_unknown_id_is_one_line_exit_2(runner: CliRunner, seed_db: Path) -> None:
    result = runner.invoke(main, ["show", "zzzzzz", "--db", str(seed_db)])
    assert result.exit_code == 2
    assert_clean(result)
    lines = error_lines(result)
    assert len(lines) == 1 and lines[0].startswith("newsledger: ")
    assert "zzzzzz" in lines[0]
    assert result.stdout == ""


def test_show_ambiguous_prefix_is_an_error(runner: CliRunner, seed_db: Path) -> None:
    result = runner.invoke(main, ["show", "", "--db", str(seed_db)])  # every id starts with ""
    assert result.exit_code == 2
    assert_clean(result)
    assert len(error_lines(result)) == 1


def test_show_prefix_with_like_wildcards_is_literal(runner: CliRunner, seed_db: Path) -> None:
    result = runner.invoke(main, ["show", "%", "--db", str(seed_db)])
    assert result.exit_code == 2
    assert "no article" in result.stderr
    assert_clean(result)


def test_search_prints_the_article_id_prefix(runner: CliRunner, seed_db: Path) -> None:
    ids = ids_of(seed_db)
    result = runner.invoke(main, ["search", "Kirby", "--db", str(seed_db)])
    assert result.exit_code == 0
    assert_clean(result)
    assert ids[0][:12] in result.stdout
    assert not any(i[:12] in result.stdout for i in ids[1:])
    assert "Kirby" in result.stdout


@pytest.mark.parametrize("query", ['AND "', "foo(", "zzyzxnotaword"])
def test_search_with_broken_or_unmatched_query(runner: CliRunner, seed_db: Path, query: str) -> None:
    result = runner.invoke(main, ["search", query, "--db", str(seed_db)])
    assert result.exit_code == 0
    assert_clean(result)


def test_export_jsonl_to_a_file(runner: CliRunner, seed_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    result = runner.invoke(main, ["export", "--db", str(seed_db), "--format", "jsonl", "-o", str(out)])
    assert result.exit_code == 0
    assert_clean(result)
    lines = out.read_text(encoding="utf-8").split("\n")[:-1]
    assert len(lines) == 5
    records = [json.loads(line) for line in lines]
    assert [r["id"] for r in records] == ids_of(seed_db)
    assert "5" in result.stderr and str(out) in result.stderr


def test_export_csv_to_stdout(runner: CliRunner, seed_db: Path) -> None:
    result = runner.invoke(main, ["export", "--db", str(seed_db), "--format", "csv"])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0].startswith("id,")
    assert_clean(result)


def test_export_to_an_unwritable_place_is_one_line(runner: CliRunner, seed_db: Path, tmp_path: Path) -> None:
    target = tmp_path / "no-such-folder" / "out.jsonl"
    result = runner.invoke(main, ["export", "--db", str(seed_db), "-o", str(target)])
    assert result.exit_code == 2
    assert_clean(result)
    (line,) = error_lines(result)
    assert line.startswith(f"newsledger: {target}: cannot write")
    assert not target.exists()


# -- a db that is not a database -----------------------------------------


@pytest.mark.parametrize(
    "args",
    [["articles"], ["show", "abc"], ["search", "Kirby"], ["export", "--format", "jsonl"], ["ingest", "SEED"]],
    ids=["articles", "show", "search", "export", "ingest"],
)
def test_db_that_is_a_text_file_is_one_line_exit_2(
    runner: CliRunner, tmp_path: Path, seed_path: Path, args: list[str]
) -> None:
    notes = tmp_path / "notes.txt"
    content = "Shopping list: eggs, milk, bread.\n" * 10
    notes.write_text(content, encoding="utf-8")
    args = [str(seed_path) if a == "SEED" else a for a in args]
    result = runner.invoke(main, [*args, "--db", str(notes)])
    assert result.exit_code == 2
    assert_clean(result)
    lines = error_lines(result)
    assert len(lines) == 1, lines
    assert lines[0].startswith("newsledger: ") and str(notes) in lines[0]
    assert result.stdout == ""
    assert notes.read_text(encoding="utf-8") == content


def test_bench_of_a_missing_file_is_one_line(runner: CliRunner, tmp_path: Path) -> None:
    missing = tmp_path / "absent.jsonl"
    result = runner.invoke(main, ["bench", str(missing)])
    assert result.exit_code == 2
    assert_clean(result)
    lines = error_lines(result)
    assert len(lines) == 1 and str(missing) in lines[0]


def test_real_process_reports_a_bad_db_without_traceback(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("not a database\n" * 50, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "newsledger.cli", "articles", "--db", str(notes)],
                          capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.count("\n") == 1 and proc.stderr.startswith("newsledger: ")
    assert proc.stdout == ""
