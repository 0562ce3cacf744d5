"""The web face: pages and a JSON API over a ledger's read API, served by uvicorn (``newsledger serve``).

    Ledger (read-only, one per worker thread) -> routes (*_data) -> JSON twin under /api, or a page

``create_app(db)`` is the ASGI app; ``present`` says how records read on a page, ``highlight`` marks facts
in an article's text from their offsets, ``chart`` draws figures over time and a place as SVG, and
``reference`` turns the OpenAPI document into the API page. Every asset is in the package.
"""

from newsledger.serve.app import create_app

__all__ = ["create_app"]
