"""Link: across articles. Stories (articles about one event), one identity per entity, comparisons.

Linking is incremental: each article is linked once, in the order articles
were stored, against what was linked before it, in its own transaction.
``link_pending`` links whatever is not linked yet, so a run that was killed
between storing and linking, or a database from an older version, catches up
on the next ingest.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone

from newsledger.link.features import article_features
from newsledger.link.identities import link_identities
from newsledger.link.stories import StoryLink, link_article
from newsledger.model import content_hash
from newsledger.store import rollback


@dataclass
class LinkReport:
    """What one linking pass did, and how long it took per article."""

    linked: list[StoryLink] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)


def pending_articles(conn: sqlite3.Connection) -> list[str]:
    """Stored articles not yet linked, in the order they were stored."""
    return [row[0] for row in conn.execute(
        "SELECT a.id FROM articles a JOIN items i ON i.id = a.item_id "
        "WHERE NOT EXISTS (SELECT 1 FROM story_articles s WHERE s.article_id = a.id) ORDER BY i.rowid, a.seq")]


def link_pending(conn: sqlite3.Connection, article_ids: Sequence[str] | None = None,
                 on_error: Callable[[str, Exception], None] | None = None) -> LinkReport:
    """Link stored articles not linked yet (those of ``article_ids``, else all), one transaction each.

    An article whose linking fails (a bug, not bad input) is reported through
    ``on_error`` and left in a story of its own, so it is not retried on every
    item and the rest of the batch still links.
    """
    report = LinkReport()
    todo = pending_articles(conn) if article_ids is None else [a for a in article_ids if not _linked(conn, a)]
    for article_id in todo:
        started = time.perf_counter()
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        conn.execute("BEGIN IMMEDIATE")
        try:
            link = link_article(conn, article_features(conn, article_id), now)
            link_identities(conn, article_id, link.story_id)
            conn.execute("COMMIT")
        except Exception as error:  # one article's linking bug must not stop the batch
            rollback(conn)
            if on_error:
                on_error(article_id, error)
            link = _alone(conn, article_id, now)
        except BaseException:
            rollback(conn)
            raise
        report.linked.append(link)
        report.seconds.append(time.perf_counter() - started)
    return report


def _linked(conn: sqlite3.Connection, article_id: str) -> bool:
    return conn.execute("SELECT 1 FROM story_articles WHERE article_id = ?", (article_id,)).fetchone() is not None


def _alone(conn: sqlite3.Connection, article_id: str, now: str) -> StoryLink:
    """Record an article that could not be linked as a story of its own (no terms: nothing will match it)."""
    link = StoryLink(article_id, "s" + content_hash(article_id, 15))
    conn.execute("BEGIN IMMEDIATE")  # the connection is in autocommit mode: both rows or neither
    try:
        conn.execute("INSERT OR IGNORE INTO stories (id, label, articles, created_at) VALUES (?, NULL, 1, ?)",
                     (link.story_id, now))
        conn.execute("INSERT INTO story_articles (article_id, story_id, event_days, linked) "
                     "VALUES (?, ?, '[]', (SELECT coalesce(max(linked), 0) + 1 FROM story_articles))",
                     (article_id, link.story_id))
        conn.execute("COMMIT")
    except BaseException:
        rollback(conn)
        raise
    return link
