"""Pages that are a form, not the article, through the whole pipeline: stored flagged, with no facts from the
form, never taken for copies of each other, shown as such, and unchanged by a second ingest.

Every record below was written for these tests.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from newsledger.cli import main
from newsledger.ledger import Ledger

#: The same sign-in form, scraped for two different stories of one site (as a scraper keeps it).
FORM = (
    "Sign in using your account with: {* loginWidget *}\n\n"
    "Sign in using your Valley News profile\n\n"
    "Welcome back. Please sign in\n\n"
    "By submitting your registration information, you agree to our Terms of Service and Privacy Policy.\n\n"
    "Already have an account?\n\n"
    "We have sent a confirmation email to {* emailAddress *}. Please check your email and click on the link "
    "to activate your account. Two men were shot dead, police said.\n\n"
    "Thank you for registering!"
)
ARTICLE = (
    "Three people were wounded in a shooting at a birthday party on Linden Avenue early Sunday, police said.\n\n"
    "Officers found the three victims in the back yard shortly after 1 a.m. and took them to Valley Medical "
    "Center, where all were expected to survive, Sgt. Paula Greer said.\n\n"
    "No arrests had been made by Sunday afternoon.\n\n"
    "Sign up for our Morning Brief newsletter. Privacy Policy | Manage Newsletters"
)
RECORDS = [
    {
        "id": "form-a",
        "title": "Teen shot outside club on east side",
        "published": "2024-05-04",
        "outlet": "Valley News",
        "text": FORM,
    },
    {
        "id": "form-b",
        "title": "Ten people shot at armory in Tennessee",
        "published": "2024-05-04",
        "outlet": "Valley News",
        "text": FORM,
    },
    {
        "id": "news",
        "title": "Shooting at Linden Avenue party",
        "published": "2024-05-05",
        "outlet": "Valley News",
        "text": ARTICLE,
    },
]


def _rows(conn: sqlite3.Connection, sql: str) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in conn.execute(sql)]


@pytest.fixture(scope="module")
def ledger_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("not_article")
    pages = folder / "pages.jsonl"
    pages.write_text("".join(json.dumps(r) + "\n" for r in RECORDS), encoding="utf-8")
    db = folder / "ledger.db"
    with Ledger(db) as ledger:
        report = ledger.ingest([str(pages)])
    assert not report.errors, report.errors
    return db


@pytest.fixture(scope="module")
def ids(ledger_db: Path) -> dict[str, str]:
    with sqlite3.connect(ledger_db) as conn:
        return dict(_rows(conn, "SELECT i.source, a.id FROM articles a JOIN items i ON i.id = a.item_id"))


def test_the_forms_are_stored_flagged_and_the_article_is_not(ledger_db: Path, ids: dict[str, str]) -> None:
    with sqlite3.connect(ledger_db) as conn:
        flagged = dict(_rows(conn, "SELECT i.source, a.not_article FROM articles a JOIN items i ON i.id = a.item_id"))

    assert flagged == {"form-a": "a sign-in form", "form-b": "a sign-in form", "news": None}


def test_no_fact_is_taken_from_a_form(ledger_db: Path, ids: dict[str, str]) -> None:
    with sqlite3.connect(ledger_db) as conn:
        for table in ("counts", "claims", "entities", "times"):
            per_article = dict(_rows(conn, f"SELECT article_id, count(*) FROM {table} GROUP BY article_id"))
            assert per_article.get(ids["form-a"], 0) == per_article.get(ids["form-b"], 0) == 0, table
        news_counts = _rows(conn, f"SELECT value FROM counts WHERE article_id = '{ids['news']}'")

    assert (3,) in news_counts or (3.0,) in news_counts  # the real article is analysed as before


def test_two_forms_are_not_copies_of_each_other(ledger_db: Path, ids: dict[str, str]) -> None:
    with sqlite3.connect(ledger_db) as conn:
        links = {row[0]: row[1:] for row in _rows(conn, "SELECT article_id, story_id, copy_of FROM story_articles")}

    (story_a, copy_a), (story_b, copy_b) = links[ids["form-a"]], links[ids["form-b"]]
    assert copy_a is None and copy_b is None
    assert story_a != story_b


def test_the_record_and_the_export_say_why(ledger_db: Path, ids: dict[str, str]) -> None:
    with Ledger(ledger_db, readonly=True) as ledger:
        form = ledger.article(ids["form-a"])
        news = ledger.article(ids["news"])

    assert (form.not_article, news.not_article) == ("a sign-in form", None)
    assert form.title == "Teen shot outside club on east side"
    assert form.export()["not_article"] == "a sign-in form"
    assert "not_article" in news.export() and news.export()["not_article"] is None
    assert form.counts == [] and form.claims == []


def test_show_prints_one_line_saying_it_is_not_the_article(ledger_db: Path, ids: dict[str, str]) -> None:
    result = CliRunner().invoke(main, ["show", ids["form-a"], "--db", str(ledger_db)])
    news = CliRunner().invoke(main, ["show", ids["news"], "--db", str(ledger_db)])

    assert result.exit_code == 0, result.output
    assert result.output.count("not the article: a sign-in form (only its title is analysed)") == 1
    assert "not the article" not in news.output


def test_the_article_page_shows_the_notice(ledger_db: Path, ids: dict[str, str]) -> None:
    from fastapi.testclient import TestClient

    from newsledger.serve import create_app

    with TestClient(create_app(ledger_db)) as client:
        form = client.get(f"/articles/{ids['form-a']}")
        news = client.get(f"/articles/{ids['news']}")

    assert form.status_code == 200
    assert "Not the article: a sign-in form (only its title is analysed)." in form.text
    assert "Not the article" not in news.text


def test_ingesting_again_changes_nothing(ledger_db: Path, tmp_path: Path) -> None:
    tables = ("articles", "boilerplate", "story_articles", "counts", "claims")
    with sqlite3.connect(ledger_db) as conn:
        before = {t: _rows(conn, f"SELECT * FROM {t} ORDER BY rowid") for t in tables}
    db = tmp_path / "again.db"
    source, target = sqlite3.connect(ledger_db), sqlite3.connect(db)
    source.backup(target)
    source.close()
    target.close()
    pages = tmp_path / "pages.jsonl"
    pages.write_text("".join(json.dumps(r) + "\n" for r in RECORDS), encoding="utf-8")

    with Ledger(db) as ledger:
        report = ledger.ingest([str(pages)])

    assert not report.errors
    with sqlite3.connect(db) as conn:
        after = {t: _rows(conn, f"SELECT * FROM {t} ORDER BY rowid") for t in tables}
    assert after == before
