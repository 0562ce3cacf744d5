"""Link: across articles. Stories (articles about one event), one identity per entity, comparisons.

Linking is incremental: each article is linked once, in the order articles
were stored, against what was linked before it, in its own transaction.
``link_pending`` links whatever is not linked yet, so a run that was killed
between storing and linking, or a database from an older version, catches up
on the next ingest. Every row is read and written through the store
(``Store.facts`` for an article's facts, ``Store.links`` for the link
tables): this package decides, it does not speak SQL.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from newsledger.language import analysed_language
from newsledger.link.features import LINKED_KINDS, article_features
from newsledger.link.identities import link_identities
from newsledger.link.stories import StoryLink, link_article
from newsledger.model import content_hash
from newsledger.store import Store


@dataclass
class LinkReport:
    """What one linking pass did, and how long it took per article."""

    linked: list[StoryLink] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)


def pending_articles(store: Store) -> list[str]:
    """Stored articles not yet linked, in the order they were stored."""
    return store.links.pending()


def link_pending(
    store: Store, article_ids: Sequence[str] | None = None, on_error: Callable[[str, Exception], None] | None = None
) -> LinkReport:
    """Link stored articles not linked yet (those of ``article_ids``, else all), one transaction each.

    An article whose linking fails (a bug, not bad input) is reported through
    ``on_error`` and left in a story of its own, so it is not retried on every
    item and the rest of the batch still links.
    """
    report = LinkReport()
    links = store.links
    todo = links.pending() if article_ids is None else [a for a in article_ids if not links.is_linked(a)]
    for article_id in todo:
        started = time.perf_counter()
        now = datetime.now(UTC).isoformat(timespec="seconds")
        # Not analysed (another language): no facts to link by, and a shared sign-up form or menu must not
        # make copies or stories of it. It is a story of its own, as an article whose linking failed is.
        alone = not analysed_language(store.article_language(article_id))
        if not alone:
            try:
                with links.transaction():
                    facts = store.facts(store.article_text(article_id), LINKED_KINDS)
                    link = link_article(links, article_features(store, article_id, facts), now, store.analysis_text)
                    link_identities(store, article_id, link.story_id, facts)
            except Exception as error:  # one article's linking bug must not stop the batch
                if on_error:
                    on_error(article_id, error)
                alone = True
        if alone:
            link = StoryLink(article_id, "s" + content_hash(article_id, 15))
            links.add_alone(article_id, link.story_id, now)
        report.linked.append(link)
        report.seconds.append(time.perf_counter() - started)
    return report
