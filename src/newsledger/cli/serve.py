"""The serve command: the web app and its JSON API over an existing ledger, read-only."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import click

from newsledger.cli.app import db_option, fail, main, say
from newsledger.store import StoreError


@main.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0: every one).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port to listen on.")
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Server processes sharing the port (one per core serves the most).",
)
def serve(db: str, host: str, port: int, workers: int) -> None:
    """Serve the ledger in a browser, with a JSON twin of every page under /api.

    Read-only: it never creates or changes the database, so it can run while
    newsledger ingest adds to the same file. Pages: / (stories), /stories/ID
    (its sources side by side), /articles/ID (facts highlighted in the text),
    /search?q=, /entities?q=, /claims, /counts, /timeline, and /api (the API
    reference; /api/openapi.json for machines).

    \b
    Example:
      newsledger serve --db newsledger.db
      newsledger serve --db newsledger.db --workers 2 --host 0.0.0.0
      curl 'http://127.0.0.1:8000/api/search?q=Kursk'
    """
    import uvicorn

    from newsledger.serve import create_app

    try:
        app = create_app(db)
    except StoreError as error:
        fail(str(error))
    try:
        sock = _bound(host, port)  # bound before the URL is printed, so --port 0 prints the port chosen
    except OSError as error:  # the port is taken, or the address is not this machine's
        fail(f"cannot listen on {host}:{port}: {(error.strerror or str(error)).lower()}")
    shown = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
    say(f"newsledger: serving {db} read-only at http://{shown}:{sock.getsockname()[1]}/ (Ctrl-C stops)", err=True)
    if workers == 1:
        uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False)).run(sockets=[sock])
        return
    # Python holds one core per process: more cores take more processes, each importing the app by name
    from uvicorn.supervisors import Multiprocess

    from newsledger.serve.app import DB_VARIABLE

    os.environ[DB_VARIABLE] = str(Path(db).resolve())
    target = "newsledger.serve.app:from_environment"
    config = uvicorn.Config(target, factory=True, workers=workers, log_level="warning", access_log=False)
    Multiprocess(config, sockets=[sock]).run()


def _bound(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP, not 0: asyncio sets TCP_NODELAY only on such sockets, and without it every response
    # after the first on a kept-alive connection waits ~40 ms for a delayed ACK
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    return sock
