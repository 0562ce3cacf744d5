"""Stories: reports of one event join one story, look-alikes do not, copies point to the first text.

The corpus is ``linkcorpus.CORPUS`` (hand-written; see its docstring). Linking is
incremental and deterministic, so the expectations below are exact.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from linkcorpus import (CORPUS, GB1, GB2, GB3, KN1, NODATE, W1, article_of, connect, copy_db, corpus_conn, corpus_copy,
                        corpus_db, corpus_file, corpus_ledger, ingest, link_rows, record, story_of, write_jsonl)
from newsledger.ledger import Ledger
from newsledger.link import link_pending, pending_articles
from newsledger.link.stories import JOIN_THRESHOLD
from conftest import table_counts
from newsledger.model import content_hash
from newsledger.store.schema import LINK_SCHEMA, SCHEMA_VERSION


def identity_rows(conn: sqlite3.Connection) -> list[tuple]:
    return sorted(tuple(r) for r in conn.execute(
        "SELECT ei.entity_id, i.id, i.name, i.type, i.aliases, i.articles, i.geonameid FROM entity_identities ei "
        "JOIN identities i ON i.id = ei.identity_id"))


# -- one event, one story ---------------------------------------------------------------------------


def test_every_article_is_linked_once(corpus_conn: sqlite3.Connection, corpus_ledger: Ledger) -> None:
    stories = story_of(corpus_conn)
    assert set(stories) == {r["id"] for r in CORPUS}
    assert pending_articles(corpus_ledger.store) == []
    linked = [r[0] for r in corpus_conn.execute("SELECT linked FROM story_articles ORDER BY linked")]
    assert linked == list(range(1, len(CORPUS) + 1))  # in the order the articles were stored


def test_two_reports_of_one_shooting_are_one_story(corpus_conn: sqlite3.Connection) -> None:
    stories = story_of(corpus_conn)
    assert stories["gb-1"] == stories["gb-2"]
    articles = article_of(corpus_conn)
    row = corpus_conn.execute("SELECT matched, score, copy_of FROM story_articles WHERE article_id = ?",
                              (articles["gb-2"],)).fetchone()
    assert row["matched"] == articles["gb-1"]
    assert row["score"] >= JOIN_THRESHOLD
    assert row["copy_of"] is None  # differently worded: not a copy


def test_look_alike_shooting_in_another_town_is_another_story(corpus_conn: sqlite3.Connection) -> None:
    stories = story_of(corpus_conn)
    assert stories["kn-1"] != stories["gb-1"]
    assert sum(1 for s in stories.values() if s == stories["kn-1"]) == 1


def test_follow_up_weeks_later_naming_victims_and_suspect_joins(corpus_conn: sqlite3.Connection) -> None:
    stories = story_of(corpus_conn)
    assert stories["gb-3"] == stories["gb-1"]
    story = corpus_conn.execute("SELECT * FROM stories WHERE id = ?", (stories["gb-1"],)).fetchone()
    assert story["articles"] == 3
    assert story["first_day"] == "2024-03-10" and story["last_day"] == "2024-04-02"
    assert story["label"] == GB1["title"]  # the first article's title
    assert story["id"] == "s" + content_hash(article_of(corpus_conn)["gb-1"], 15)


def test_unrelated_articles_stay_apart(corpus_conn: sqlite3.Connection) -> None:
    stories = story_of(corpus_conn)
    background = [stories[f"bg-{i}"] for i in range(8)]
    assert len(set(background)) == 8
    assert len({stories["pa-tx"], stories["pa-fr"], stories["dc-1"], stories["sp-1"]}) == 4
    counted = corpus_conn.execute("SELECT sum(articles), count(*) FROM stories").fetchone()
    assert counted[0] == len(CORPUS)
    assert counted[1] == len(set(stories.values()))


def test_the_same_wire_text_from_two_outlets_is_a_copy_of_the_first(corpus_conn: sqlite3.Connection) -> None:
    stories, articles = story_of(corpus_conn), article_of(corpus_conn)
    assert articles["w-1"] != articles["w-2"]  # the same text, two outlets: two articles
    assert stories["w-1"] == stories["w-2"]
    copies = dict(corpus_conn.execute("SELECT article_id, copy_of FROM story_articles WHERE copy_of IS NOT NULL"))
    assert copies == {articles["w-2"]: articles["w-1"]}


def test_a_third_copy_points_to_the_first_not_the_second(corpus_copy: Path, tmp_path: Path) -> None:
    third = record("w-3", "2024-03-13", "Chile quake", W1["text"], outlet="Harbour Times")
    ingest(corpus_copy, write_jsonl(tmp_path / "third.jsonl", [third]))
    conn = connect(corpus_copy)
    articles = article_of(conn)
    copy_of = conn.execute("SELECT copy_of FROM story_articles WHERE article_id = ?",
                           (articles["w-3"],)).fetchone()[0]
    conn.close()
    assert copy_of == articles["w-1"]


def test_article_without_a_date_links(corpus_conn: sqlite3.Connection) -> None:
    articles = article_of(corpus_conn)
    row = corpus_conn.execute("SELECT s.story_id, s.day, s.event_days, t.first_day, t.last_day FROM story_articles s "
                              "JOIN stories t ON t.id = s.story_id WHERE s.article_id = ?",
                              (articles["nodate"],)).fetchone()
    assert row["day"] is None
    assert row["event_days"] == "[]"
    assert row["first_day"] is None and row["last_day"] is None


def test_article_without_a_date_in_a_fresh_ledger(tmp_path: Path) -> None:
    db = tmp_path / "nodate.db"
    ingest(db, write_jsonl(tmp_path / "n.jsonl", [NODATE, record("n2", None, "Untitled", "Rain is expected.")]))
    conn = connect(db)
    assert len(story_of(conn)) == 2
    assert conn.execute("SELECT count(*) FROM story_articles WHERE day IS NULL").fetchone()[0] == 2
    conn.close()


# -- incremental, idempotent, catching up ---------------------------------------------------------------


def test_reingest_changes_nothing(corpus_copy: Path, corpus_file: Path) -> None:
    conn = connect(corpus_copy)
    before_rows, before_stories = link_rows(conn), [tuple(r) for r in conn.execute("SELECT * FROM stories")]
    before_identities = identity_rows(conn)
    conn.close()
    before = table_counts(corpus_copy)
    report = ingest(corpus_copy, corpus_file)
    assert report.new_items == 0 and report.new_articles == 0
    assert table_counts(corpus_copy) == before
    conn = connect(corpus_copy)
    assert link_rows(conn) == before_rows
    assert [tuple(r) for r in conn.execute("SELECT * FROM stories")] == before_stories
    assert identity_rows(conn) == before_identities
    conn.close()


#: A vigil weeks after the Goldsboro shooting, added to a ledger that is already linked.
LATE = record("gb-4", "2024-04-20", "Vigil held for Ash Street victims",
              "Family and friends of Marcus Bellamy and Terrence Odom held a candlelight vigil outside the Quick "
              "Stop market on Ash Street in Goldsboro on Saturday. Darnell Whitfield remains in the Wayne County "
              "jail.", outlet="WRAL")


def test_adding_an_article_does_not_change_earlier_links(corpus_copy: Path, tmp_path: Path) -> None:
    conn = connect(corpus_copy)
    before = link_rows(conn)
    conn.close()
    ingest(corpus_copy, write_jsonl(tmp_path / "late.jsonl", [LATE]))
    conn = connect(corpus_copy)
    after = link_rows(conn)
    stories = story_of(conn)
    conn.close()
    assert after[: len(before)] == before
    assert len(after) == len(before) + 1
    assert stories["gb-4"] == stories["gb-1"]  # the vigil names the victims, the street, the suspect


def test_linking_in_two_batches_is_linking_in_one(corpus_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "batches.db"
    ingest(db, write_jsonl(tmp_path / "first.jsonl", CORPUS[:12]))
    ingest(db, write_jsonl(tmp_path / "all.jsonl", CORPUS))
    one, two = connect(corpus_db), connect(db)
    try:
        assert link_rows(two) == link_rows(one)
        assert identity_rows(two) == identity_rows(one)
    finally:
        one.close()
        two.close()


def test_articles_stored_but_not_linked_are_linked_on_the_next_ingest(
        corpus_db: Path, corpus_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A run killed after ``store.write_item`` committed and before ``link`` ran: nothing is linked."""
    db = tmp_path / "killed.db"
    with monkeypatch.context() as patched:
        patched.setattr(Ledger, "link", lambda self, *args, **kwargs: None)
        ingest(db, corpus_file)
    conn = connect(db)
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == len(CORPUS)
    assert conn.execute("SELECT count(*) FROM story_articles").fetchone()[0] == 0
    articles = article_of(conn)
    conn.close()
    with Ledger(db, readonly=True) as ledger:  # every article waits, in the order it was stored
        assert pending_articles(ledger.store) == [articles[r["id"]] for r in CORPUS]

    report = ingest(db, corpus_file)  # nothing new to read: only the catching up
    assert report.new_articles == 0
    one, two = connect(corpus_db), connect(db)
    try:
        assert link_rows(two) == link_rows(one)
        assert identity_rows(two) == identity_rows(one)
        assert [tuple(r)[:5] for r in two.execute("SELECT * FROM stories ORDER BY id")] == \
               [tuple(r)[:5] for r in one.execute("SELECT * FROM stories ORDER BY id")]
    finally:
        one.close()
        two.close()


def test_link_pending_links_only_what_is_pending(corpus_copy: Path) -> None:
    with Ledger(corpus_copy) as ledger:
        report = link_pending(ledger.store)
        assert report.linked == []
        assert ledger.store.conn.execute("SELECT count(*) FROM story_articles").fetchone()[0] == len(CORPUS)


# -- a fresh ledger ---------------------------------------------------------------------------------------


def test_two_reports_of_one_shooting_join_in_a_fresh_ledger(tmp_path: Path) -> None:
    """The first two articles of a new ledger: differently worded reports of one shooting, a day apart."""
    db = tmp_path / "fresh.db"
    ingest(db, write_jsonl(tmp_path / "fresh.jsonl", [GB1, GB2]))
    conn = connect(db)
    stories = story_of(conn)
    conn.close()
    assert stories["gb-1"] == stories["gb-2"]


def test_look_alike_in_a_fresh_ledger_stays_apart(tmp_path: Path) -> None:
    db = tmp_path / "fresh2.db"
    ingest(db, write_jsonl(tmp_path / "fresh2.jsonl", [GB1, KN1, GB3]))
    conn = connect(db)
    stories = story_of(conn)
    conn.close()
    assert stories["kn-1"] != stories["gb-1"]
    assert stories["kn-1"] != stories["gb-3"]


# -- a version-2 database --------------------------------------------------------------------------------

#: Every table of the link stage, as the current schema lays them out (version 2 had none of them).
LINK_TABLES = re.findall(r"CREATE TABLE IF NOT EXISTS (\w+)", LINK_SCHEMA)


def make_v2(db: Path) -> None:
    """Turn a database into what version 2 left: no link tables, and version 2's empty, narrower story tables."""
    conn = sqlite3.connect(db)
    try:
        for table in reversed(LINK_TABLES):
            conn.execute(f"DROP TABLE {table}")
        conn.execute("CREATE TABLE stories (id TEXT PRIMARY KEY, label TEXT, created_at TEXT NOT NULL)")
        conn.execute("CREATE TABLE story_articles (story_id TEXT NOT NULL REFERENCES stories(id), "
                     "article_id TEXT NOT NULL REFERENCES articles(id), copy_of TEXT, "
                     "PRIMARY KEY (story_id, article_id))")
        conn.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
        conn.commit()
    finally:
        conn.close()


def test_version_2_database_upgrades_and_links_on_the_next_ingest(corpus_db: Path, corpus_file: Path,
                                                                   tmp_path: Path) -> None:
    db = copy_db(corpus_db, tmp_path / "v2.db")
    make_v2(db)
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == "2"
    assert "first_day" not in [r[1] for r in conn.execute("PRAGMA table_info(stories)")]
    conn.close()

    report = ingest(db, corpus_file)
    assert report.new_articles == 0
    conn, reference = connect(db), connect(corpus_db)
    try:
        assert conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == SCHEMA_VERSION
        assert {"first_day", "last_day", "articles"} <= {r[1] for r in conn.execute("PRAGMA table_info(stories)")}
        with Ledger(db, readonly=True) as ledger:
            assert pending_articles(ledger.store) == []
        assert link_rows(conn) == link_rows(reference)  # linked as if it had always been version 3
        assert identity_rows(conn) == identity_rows(reference)
    finally:
        conn.close()
        reference.close()


def test_version_2_database_is_not_read_by_readonly_commands(corpus_db: Path, tmp_path: Path) -> None:
    """A read-only open does not migrate: the error says which version it found, in one line."""
    from click.testing import CliRunner

    from newsledger.cli import main

    db = copy_db(corpus_db, tmp_path / "v2.db")
    make_v2(db)
    result = CliRunner().invoke(main, ["stories", "--db", str(db)])
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "2" in lines[0]


def test_a_linking_failure_is_one_error_and_the_rest_still_links(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    import newsledger.link as link_module

    real = link_module.link_article
    failing = {"gb-2"}

    def flaky(links, features, created_at, analysis_text):
        source = links.conn.execute("SELECT i.source FROM articles a JOIN items i ON i.id = a.item_id "
                                    "WHERE a.id = ?", (features.article_id,)).fetchone()[0]
        if source in failing:
            raise RuntimeError("boom")
        return real(links, features, created_at, analysis_text)

    monkeypatch.setattr(link_module, "link_article", flaky)
    db = tmp_path / "flaky.db"
    with Ledger(db) as ledger:
        report = ledger.ingest([str(write_jsonl(tmp_path / "f.jsonl", CORPUS))])
    assert len(report.errors) == 1
    assert "linking failed" in str(report.errors[0]) and "boom" in str(report.errors[0])
    conn = connect(db)
    try:
        stories = story_of(conn)
        assert set(stories) == {r["id"] for r in CORPUS}  # every article is in a story
        assert sum(1 for s in stories.values() if s == stories["gb-2"]) == 1  # the failed one alone
        assert stories["gb-3"] == stories["gb-1"]  # the rest links as before
        articles = article_of(conn)
        assert conn.execute("SELECT count(*) FROM link_terms WHERE article_id = ?",
                            (articles["gb-2"],)).fetchone()[0] == 0
        counted = conn.execute("SELECT sum(articles) FROM stories").fetchone()[0]
        assert counted == len(CORPUS)
    finally:
        conn.close()
    failing.clear()
    with Ledger(db) as ledger:  # not retried on every run: it is in a story
        assert ledger.ingest([str(tmp_path / "f.jsonl")]).errors == []


def test_document_frequencies_are_those_of_the_postings(corpus_conn: sqlite3.Connection) -> None:
    """The document frequencies kept in link_df agree with the postings."""
    assert corpus_conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'link_df'").fetchone()
    kept = dict(corpus_conn.execute("SELECT term, df FROM link_df"))
    counted = dict(corpus_conn.execute("SELECT term, count(*) FROM link_terms GROUP BY term"))
    assert kept == counted


def test_a_database_linked_before_link_df_existed_still_links(corpus_copy: Path, tmp_path: Path) -> None:
    """SCHEMA_VERSION stayed 3 when link_df was added: a version-3 ledger linked before has no link_df; opening
    it creates an empty one. A new report of an old story must still find that story."""
    conn = sqlite3.connect(corpus_copy)
    conn.execute("DROP TABLE link_df")
    conn.commit()
    conn.close()
    ingest(corpus_copy, write_jsonl(tmp_path / "late.jsonl", [LATE]))
    conn = connect(corpus_copy)
    stories = story_of(conn)
    kept = dict(conn.execute("SELECT term, df FROM link_df"))
    counted = dict(conn.execute("SELECT term, count(*) FROM link_terms GROUP BY term"))
    conn.close()
    assert stories["gb-4"] == stories["gb-1"]
    assert kept == counted  # filled from the postings on opening, then kept as the new article linked


def test_words_of_keeps_every_script_and_folds_accents() -> None:
    from newsledger.link.features import name_term, words_of

    assert words_of("José Martínez in Zürich") == ["jose", "martinez", "in", "zurich"]
    assert words_of("Київ і Харків") == ["киів", "і", "харків"]
    assert name_term("N.C.", "place") == "place:n c"
    assert name_term("—", "place") is None


def test_an_article_sharing_one_word_does_not_join(tmp_path: Path) -> None:
    """"It was said ...": one common word in common is not a story."""
    lone = {"id": "lone", "published": "2024-03-11", "outlet": "Somewhere", "title": "Note",
            "text": "It was said that it would be so, and so it was said."}
    db = tmp_path / "lone.db"
    ingest(db, write_jsonl(tmp_path / "lone.jsonl", [GB1, GB2, lone]))
    conn = connect(db)
    try:
        stories = story_of(conn)
    finally:
        conn.close()
    assert stories["gb-2"] == stories["gb-1"]
    assert stories["lone"] not in (stories["gb-1"],)
