"""The ASGI app: pages and their JSON twins over one read-only ledger, with the headers that keep them safe.

Everything here is plumbing: a read-only ``Ledger`` per worker thread (sqlite3 connections stay in the
thread that made them), the Content-Security-Policy and other headers on every response, and errors as
one line (a 404 page for an unknown id, a 400 for a bad parameter, never a traceback). The routes are
in ``newsledger.serve.routes``; they only call ``Ledger``'s read methods.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, PackageLoader, select_autoescape
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from newsledger.ledger import Ambiguous, Ledger, NotFound
from newsledger.store import QueryTooCostly, StoreError

log = logging.getLogger("newsledger.serve")

HERE = Path(__file__).parent

#: Only this app's own files may run or style a page; article text can never bring in script, style,
#: frames, forms posting elsewhere or a <base> that re-points links.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "font-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]


class Outermost:
    """The layer around everything else, Starlette's error middleware included, so even a 500 has the
    security headers; it also answers HEAD as GET without the body (link checkers, ``curl -I``)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        head = scope["method"] == "HEAD"
        if head:
            scope = {**scope, "method": "GET"}

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
            elif head and message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class App(FastAPI):
    """FastAPI with ``Outermost`` around its whole middleware stack."""

    def build_middleware_stack(self) -> ASGIApp:
        return Outermost(super().build_middleware_stack())


class Error(BaseModel):
    """What every failed request under /api answers."""

    error: str = Field(description="what went wrong, in one line")
    status: int = Field(
        description="the HTTP status: 400 a bad parameter, 404 no such id or page, 500 a bug, 503 try again"
    )


class Readers:
    """One read-only ``Ledger`` per thread: FastAPI runs each request's route in a worker thread, and an
    sqlite3 connection may only be used in the thread that opened it."""

    def __init__(self, db: str) -> None:
        self.db = db
        self.local = threading.local()
        Ledger(db, readonly=True).close()  # a missing or foreign file fails now, not on the first request

    def get(self) -> Ledger:
        ledger = getattr(self.local, "ledger", None)
        if ledger is None:
            ledger = self.local.ledger = Ledger(self.db, readonly=True)
        return ledger


def templates() -> Environment:
    """Jinja2 with autoescaping on for every template: article text is untrusted."""
    from newsledger.serve import present

    env = Environment(
        loader=PackageLoader("newsledger.serve", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(present.GLOBALS)
    env.filters.update(present.FILTERS)
    return env


#: Worker threads that read the ledger. Reading and rendering is Python holding the GIL most of the time:
#: more threads only fight over it (40, anyio's default, served half as many requests a second on two
#: cores as a few do), and a few keep a slow page from holding up the rest.
READER_THREADS = 2


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    anyio.to_thread.current_default_thread_limiter().total_tokens = READER_THREADS
    yield


def create_app(db: str | Path) -> FastAPI:
    """The web app over the ledger at ``db``, opened read-only (it must exist: StoreError otherwise)."""
    from newsledger.serve.routes import api, pages

    app = App(
        title="newsledger",
        summary="Who said what, what happened, how many, where and when: a sourced ledger of the news.",
        description=(
            "Every page of the web app has a JSON twin under `/api` taking the same query parameters. "
            "The JSON is the export contract's records (`newsledger schema` prints their JSON Schema); "
            "lists come in pages (`offset`, `limit`, `next`) and also as CSV or JSONL (`format=csv|jsonl`)."
        ),
        version=_version(),
        openapi_url="/api/openapi.json",
        docs_url=None,  # FastAPI's pages pull Swagger UI and ReDoc from a CDN; /api is a page of our own
        redoc_url=None,
        lifespan=_lifespan,
    )
    app.state.readers = Readers(str(db))
    app.state.templates = templates()
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(api)
    app.include_router(pages)
    _handle_errors(app)
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app


def _openapi(app: FastAPI) -> dict[str, Any]:
    """FastAPI's OpenAPI document, saying what errors really are: ``Error`` with 400, 404 or 503, never
    FastAPI's 422 (validation errors are answered as 400 here)."""
    if app.openapi_schema:
        return app.openapi_schema
    from fastapi.openapi.utils import get_openapi

    spec = get_openapi(
        title=app.title, version=app.version, summary=app.summary, description=app.description, routes=app.routes
    )
    schemas = spec.setdefault("components", {}).setdefault("schemas", {})
    schemas.pop("HTTPValidationError", None)
    schemas.pop("ValidationError", None)
    schemas["Error"] = Error.model_json_schema()
    error = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    meanings = {
        "400": "a bad parameter",
        "404": "no such id or page",
        "500": "a bug; the server's log has it",
        "503": "the ledger could not be read just now",
    }
    for path, operations in spec.get("paths", {}).items():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            responses.pop("422", None)
            for status, meaning in meanings.items():
                if status != "404" or "{" in path:  # only a URL with an id in it can name nothing
                    responses[status] = {"description": meaning, **error}
    app.openapi_schema = spec
    return spec


#: Where ``from_environment`` finds the ledger: how ``newsledger serve --workers N`` tells its worker
#: processes, which import the app by name.
DB_VARIABLE = "NEWSLEDGER_SERVE_DB"


def from_environment() -> FastAPI:
    """The app over the ledger named by ``$NEWSLEDGER_SERVE_DB``: a factory uvicorn's workers import."""
    import os

    return create_app(os.environ[DB_VARIABLE])


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("newsledger")
    except PackageNotFoundError:  # pragma: no cover - run from a source tree without installing
        return "0"


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def error_response(request: Request, status: int, message: str) -> Response:
    """The one shape of an error: ``{"error": ...}`` under /api, else a page saying it."""
    if wants_json(request):
        return JSONResponse({"error": message, "status": status}, status_code=status)
    env: Environment = request.app.state.templates
    title = {400: "Bad request", 404: "Not found"}.get(status, "Something went wrong")
    params = dict(request.query_params)
    html = env.get_template("error.html").render(
        request=request, params=params, status=status, title=title, message=message
    )
    return HTMLResponse(html, status_code=status)


def _handle_errors(app: FastAPI) -> None:
    @app.exception_handler(NotFound)
    async def not_found(request: Request, error: NotFound) -> Response:
        return error_response(request, 404, str(error.args[0]))

    @app.exception_handler(Ambiguous)
    async def ambiguous(request: Request, error: Ambiguous) -> Response:
        return error_response(request, 400, f"{error.args[0]}: give more characters")

    @app.exception_handler(RequestValidationError)
    async def bad_parameter(request: Request, error: RequestValidationError) -> Response:
        return error_response(request, 400, _validation_message(error.errors()))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> Response:
        message = error.detail if isinstance(error.detail, str) else "error"
        if error.status_code == 404 and message == "Not Found":
            message = f"no page at {request.url.path}"
        return error_response(request, error.status_code, message)

    @app.exception_handler(sqlite3.Error)
    async def database_error(request: Request, error: sqlite3.Error) -> Response:
        log.error("database error on %s: %s", request.url.path, error)
        return error_response(request, 503, "the ledger could not be read just now; try again")

    @app.exception_handler(QueryTooCostly)
    async def costly_query(request: Request, error: QueryTooCostly) -> Response:
        return error_response(request, 400, str(error))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, error: Exception) -> Response:
        log.exception("unexpected error on %s", request.url.path)
        return error_response(request, 500, "something went wrong on our side; the error is in the server's log")

    @app.exception_handler(StoreError)
    async def store_error(request: Request, error: StoreError) -> Response:
        log.error("store error on %s: %s", request.url.path, error)
        return error_response(request, 503, "the ledger could not be read just now; try again")


def _validation_message(errors: Any) -> str:
    """FastAPI's validation errors as one line: ``limit: Input should be less than or equal to 500``."""
    parts = []
    for error in errors:
        where = ".".join(str(part) for part in error.get("loc", ())[1:]) or "request"
        parts.append(f"{where}: {error.get('msg', 'invalid')}")
    return "; ".join(parts) or "bad request"
