"""Fuzz: one hostile file at a time (bytes, encodings, NULs, escapes, hostile names, HTML) into a copy of
the seed ledger, in-process, then every reading command on the result."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fuzz.budget import case_folder, fuzz_settings
from fuzz.harness import check_errors_are_one_liners, check_run, run_here
from fuzz.hostile import MAGIC, NEWS, FileCase, hostile_names, html_pages, single_files
from fuzz.ledgers import copy_ledger
from fuzz.verdicts import base_snapshot, judge_file


def ingest_one(seed_db: Path, folder: Path, case: FileCase, name: str | None = None) -> None:
    """Write ``case`` into ``folder``, ingest it into a copy of the seed ledger, and judge the run."""
    db = copy_ledger(seed_db, folder / "ledger.db")
    path = folder / (name or case.name)
    path.write_bytes(case.data)
    run = run_here("ingest", str(path), "--db", str(db))
    check_run(run)
    check_errors_are_one_liners(run)
    judge_file(run, path, case, base_snapshot(seed_db), db)


def test_hostile_text_files(
    pytestconfig: pytest.Config, seed_db: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    root = tmp_path_factory.mktemp("files")

    @fuzz_settings(pytestconfig, examples=40)
    @given(case=single_files())
    def check(case: FileCase) -> None:
        with case_folder(root) as folder:
            ingest_one(seed_db, folder, case)

    check()


def test_hostile_html_pages(
    pytestconfig: pytest.Config, seed_db: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    root = tmp_path_factory.mktemp("html")

    @fuzz_settings(pytestconfig, examples=20)
    @given(case=html_pages())
    def check(case: FileCase) -> None:
        with case_folder(root) as folder:
            ingest_one(seed_db, folder, case)

    check()


def _good_content(suffix: str, text: str) -> bytes:
    """A good article in the format the suffix announces."""
    if suffix == ".jsonl":
        return (json.dumps({"text": text}) + "\n").encode()
    if suffix == ".html":
        return f"<html><head><title>News</title></head><body><article><p>{text}</p></article></body></html>".encode()
    return text.encode()


@st.composite
def named_files(draw: st.DrawFn) -> tuple[str, FileCase]:
    """A file with a hostile name holding a good article (stored, its name shown safely) or binary bytes
    (refused in one line that shows its name safely)."""
    name = draw(hostile_names())
    suffix = Path(name).suffix
    if draw(st.booleans()):
        text = f"{draw(st.sampled_from(NEWS))} Filed as {len(name)}."
        return name, FileCase("named", _good_content(suffix, text), "accept", "good article, hostile name")
    return name, FileCase("named", draw(st.sampled_from(MAGIC)) + b"\x00\x00", "reject", "binary, hostile name")


def test_hostile_file_names(
    pytestconfig: pytest.Config, seed_db: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    root = tmp_path_factory.mktemp("names")

    @fuzz_settings(pytestconfig, examples=20)
    @given(named=named_files())
    def check(named: tuple[str, FileCase]) -> None:
        name, case = named
        with case_folder(root) as folder:
            ingest_one(seed_db, folder, case, name)

    check()
