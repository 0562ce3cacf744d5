"""Readers while a writer ingests into the same ledger (SQLite WAL): nobody sees "database is locked"."""

from __future__ import annotations

import json
import threading
from pathlib import Path

from fastapi.testclient import TestClient

TOWNS = [
    "Akron",
    "Boise",
    "Camden",
    "Dayton",
    "Eugene",
    "Fresno",
    "Gary",
    "Helena",
    "Irvine",
    "Joliet",
    "Kenosha",
    "Laredo",
]


def new_articles(folder: Path) -> Path:
    """Twelve articles the ledger has not seen, each with a count, a claim and a place."""
    lines = [
        {
            "id": f"wire-{n}",
            "published": f"2024-05-{n + 1:02d}",
            "outlet": "Wire",
            "text": f"Police in {town} said {n + 2} people were wounded in a shooting on Friday night. "
            f"The chief of police told reporters that {n + 1} suspects were detained.",
        }
        for n, town in enumerate(TOWNS)
    ]
    path = folder / "new.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return path


def test_many_readers_while_an_ingest_writes_see_no_errors(seed_db_copy: Path, tmp_path: Path) -> None:
    from newsledger.ledger import Ledger
    from newsledger.serve import create_app

    app = create_app(seed_db_copy)
    story = Ledger(seed_db_copy, readonly=True).stories(limit=1)[0].id
    urls = [f"/stories/{story}", "/api/search?q=police", "/api/stories", "/counts?category=wounded", "/"]
    done = threading.Event()
    failures: list[str] = []
    served: list[int] = []
    seen_articles: list[int] = []

    def read() -> None:
        with TestClient(app) as client:
            n = 0
            while not done.is_set() or n < len(urls):
                response = client.get(urls[n % len(urls)])
                if response.status_code != 200:
                    failures.append(f"{response.status_code} {urls[n % len(urls)]}: {response.text[:200]}")
                if urls[n % len(urls)] == "/api/stories":
                    seen_articles.append(sum(s["articles"] for s in response.json()["items"]))
                n += 1
            served.append(n)

    readers = [threading.Thread(target=read) for _ in range(6)]
    for reader in readers:
        reader.start()
    try:
        with Ledger(seed_db_copy) as writer:
            report = writer.ingest([str(new_articles(tmp_path))])
    finally:
        done.set()
        for reader in readers:
            reader.join(timeout=60)
    assert not report.errors and report.new_articles == 12
    assert failures == []
    assert len(served) == 6 and min(served) >= len(urls)
    # the readers saw the ledger grow while they read: new stories appeared between their requests
    assert max(seen_articles) > min(seen_articles)


def test_a_snapshot_sees_the_ledger_as_it_was_when_it_began(seed_db_copy: Path, tmp_path: Path) -> None:
    from newsledger.ledger import Ledger

    reader = Ledger(seed_db_copy, readonly=True)
    before = len(reader.articles(limit=None))
    with reader.snapshot():
        assert len(reader.articles(limit=None)) == before
        with Ledger(seed_db_copy) as writer:
            assert writer.ingest([str(new_articles(tmp_path))]).new_articles == 12
        assert len(reader.articles(limit=None)) == before  # the writer committed; this snapshot does not see it
    assert len(reader.articles(limit=None)) == before + 12
    reader.close()
