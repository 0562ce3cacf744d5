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
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone

from newsledger.link.features import article_features
from newsledger.link.identities import link_identities
from newsledger.link.stories import StoryLink, link_article


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


def link_pending(conn: sqlite3.Connection, on_article: Callable[[StoryLink], None] | None = None) -> LinkReport:
    """Link every stored article that is not linked yet, one transaction per article."""
    report = LinkReport()
    for article_id in pending_articles(conn):
        started = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        try:
            now = datetime.now(timezone.utc).isoformat(timespec="seconds")
            link = link_article(conn, article_features(conn, article_id), now)
            link_identities(conn, article_id, link.story_id)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        report.linked.append(link)
        report.seconds.append(time.perf_counter() - started)
        if on_article:
            on_article(link)
    return report
