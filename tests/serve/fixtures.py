"""The web app's fixtures (a plugin of tests/conftest.py): a ledger to serve, the seed plus hand-written
hostile articles whose text tries to run script.

``served_db`` is built once per session and only ever opened read-only by the app; ``client`` drives
the app in-process (Starlette's TestClient), ``live_server`` runs ``newsledger serve`` for real.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

#: Articles whose text, title, outlet and URL try to break out of the page. Each has a count, a claim and
#: a place, so facts are highlighted inside hostile text.
HOSTILE = [
    {
        "id": "hostile-script",
        "title": "Raid <script>alert('title')</script> in Springfield",
        "published": "2024-03-05",
        "outlet": "<b>Bold</b> Gazette",
        "url": "javascript:alert('url')",
        "text": (
            "Police said <script>alert('xss')</script> three people were killed in Springfield on Monday.\n"
            "A witness wrote <img src=x onerror=alert('img')> and <a href=\"javascript:alert('a')\">click</a> "
            "before the </textarea> closed. \"Quotes\" and 'apostrophes' & ampersands stay text."
        ),
    },
    {
        "id": "hostile-attrs",
        "title": '" onmouseover="alert(1)',
        "published": "2023-01-10",
        "outlet": "Wire",
        "url": 'https://example.org/a?b=<c>&d="e"',
        "text": (
            "The mayor of Shelbyville said at least five people were injured. "
            "</div><svg onload=alert('svg')></svg><iframe src=\"javascript:alert(2)\"></iframe> ended it."
        ),
    },
]


@pytest.fixture(scope="session")
def served_db(seed_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from newsledger.ledger import Ledger

    folder = tmp_path_factory.mktemp("served")
    hostile = folder / "hostile.jsonl"
    hostile.write_text("".join(json.dumps(a) + "\n" for a in HOSTILE), encoding="utf-8")
    db = folder / "served.db"
    with Ledger(db) as ledger:
        report = ledger.ingest([str(seed_path), str(hostile)])
    assert not report.errors, report.errors
    return db


@pytest.fixture(scope="session")
def app(served_db: Path):
    from newsledger.serve import create_app

    return create_app(served_db)


@pytest.fixture(scope="session")
def client(app):
    from fastapi.testclient import TestClient

    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def ledger(served_db: Path):
    from newsledger.ledger import Ledger

    with Ledger(served_db, readonly=True) as opened:
        yield opened


@pytest.fixture(scope="session")
def north_korea_story(ledger) -> str:
    """The seed's North Korea story: the one whose articles count North Korean troops."""
    found = [s.id for s in ledger.stories(limit=None) if s.label and "North Korean" in s.label]
    assert len(found) == 1, found
    return found[0]


@pytest.fixture(scope="session")
def hostile_article(ledger) -> str:
    found = [a.id for a in ledger.articles(limit=None) if a.item == "hostile-script"]
    assert len(found) == 1
    return found[0]


@contextmanager
def running_server(db: Path, *options: str) -> Iterator[str]:
    """``newsledger serve`` on a free port, as a user starts it; its base URL while it runs."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "newsledger", "serve", "--db", str(db), "--port", "0", *options],
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert process.stderr is not None
    line = process.stderr.readline()
    found = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
    if not found:
        process.kill()
        pytest.fail(f"newsledger serve printed {line!r}")
    base = f"http://127.0.0.1:{found.group(1)}"
    try:
        _wait_until_up(base)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture(scope="session")
def live_server(served_db: Path) -> Iterator[str]:
    with running_server(served_db) as base:
        yield base


def _wait_until_up(base: str) -> None:
    import httpx2 as httpx

    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/api/openapi.json", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.1)
    pytest.fail(f"{base} did not answer")
