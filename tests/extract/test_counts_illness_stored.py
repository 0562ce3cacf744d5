"""Issue 19, counts: the ill are part of the stored and exported record.

An outbreak story is ingested into a ledger; its illness counts come back with their category,
confirmation and disease from the ledger, the JSONL export (validated against the export's JSON
Schema) and the counts CSV; a version-5 ledger gains the two columns on the next ingest.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import jsonschema

from newsledger.export import write_counts_csv, write_jsonl
from newsledger.ledger import Ledger
from newsledger.records import EXPORT_SCHEMA_VERSION, export_json_schema

OUTBREAK = {
    "id": "outbreak-1",
    "title": "Cholera outbreak spreads",
    "text": (
        "Health officials reported 15 suspected cases of cholera in the district on Monday. "
        "Officials confirmed 8 cases in Kinshasa, and two people have died of the disease."
    ),
}


def ingest(db: Path, tmp_path: Path, line: dict) -> None:
    source = tmp_path / f"{line['id']}.jsonl"
    source.write_text(json.dumps(line) + "\n", encoding="utf-8")
    with Ledger(db) as ledger:
        assert ledger.ingest([str(source)]).errors == []


def exported(db: Path) -> list[dict]:
    out = io.StringIO()
    with Ledger(db) as ledger:
        write_jsonl(ledger, out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_the_ill_are_stored_and_exported_with_confirmation_and_disease(tmp_path: Path) -> None:
    db = tmp_path / "ledger.db"
    ingest(db, tmp_path, OUTBREAK)
    (record,) = exported(db)
    assert record["schema_version"] == EXPORT_SCHEMA_VERSION  # the fields below were added in 1.2
    assert list(jsonschema.Draft202012Validator(export_json_schema()).iter_errors(record)) == []
    ill = [
        (c["value"], c["confirmation"], c["disease"], c["location"]) for c in record["counts"] if c["category"] == "ill"
    ]
    assert ill == [(15.0, "suspected", "cholera", None), (8.0, "confirmed", None, "Kinshasa")]
    killed = [c for c in record["counts"] if c["category"] == "killed"]
    assert [(c["value"], c["confirmation"]) for c in killed] == [(2.0, None)]
    # the ill are no casualties: the killed tally is the two dead, and nobody is injured
    assert record["casualties"]["killed"]["value"] == 2
    assert record["casualties"]["injured"] is None


def test_the_counts_csv_names_the_category(tmp_path: Path) -> None:
    """The counts CSV keeps its columns (the JSONL carries confirmation and disease); its category says ill."""
    db = tmp_path / "ledger.db"
    ingest(db, tmp_path, OUTBREAK)
    out = io.StringIO()
    with Ledger(db) as ledger:
        write_counts_csv(ledger, out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [(r["category"], r["value"]) for r in rows] == [("ill", "15.0"), ("ill", "8.0"), ("killed", "2.0")]


def test_the_schema_names_ill_and_the_confirmations() -> None:
    defs = export_json_schema()["$defs"]
    assert "ill" in defs["Category"]["enum"]
    assert set(defs["Confirmation"]["enum"]) == {"suspected", "confirmed"}
    assert {"confirmation", "disease"} <= set(defs["Count"]["properties"])


def test_a_version_5_ledger_gains_the_columns_and_reads_as_it_is(tmp_path: Path) -> None:
    db = tmp_path / "ledger.db"
    ingest(db, tmp_path, {"id": "s1", "text": "Three people were killed in the crash on Friday."})
    conn = sqlite3.connect(db)
    conn.execute("ALTER TABLE counts DROP COLUMN disease")
    conn.execute("ALTER TABLE counts DROP COLUMN confirmation")
    conn.execute("UPDATE meta SET value = '5' WHERE key = 'schema_version'")
    conn.commit()
    conn.close()
    # read as it is: the counts come back, the new fields null
    with Ledger(db, readonly=True) as ledger:
        (record,) = list(ledger.records())
        assert [(c.category, c.value, c.confirmation, c.disease) for c in record.counts] == [
            ("killed", 3.0, None, None)
        ]
    ingest(db, tmp_path, OUTBREAK)
    conn = sqlite3.connect(db)
    try:
        from newsledger.store.schema import SCHEMA_VERSION

        assert conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == SCHEMA_VERSION
        columns = {row[1] for row in conn.execute("PRAGMA table_info(counts)")}
        assert {"confirmation", "disease"} <= columns
        assert conn.execute("SELECT count(*) FROM counts WHERE category = 'ill'").fetchone()[0] == 2
    finally:
        conn.close()
