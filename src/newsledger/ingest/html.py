"""HTML pages: main text, title, date and author through trafilatura.

The item's text is the main text trafilatura extracts; every offset points
into it. The raw HTML is kept beside it in the store.
"""

from __future__ import annotations

import logging

from newsledger.ingest.dates import normalise_published
from newsledger.model import IngestError, Item

# trafilatura logs extraction trouble at WARNING; we report our own one-line errors.
logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
logging.getLogger("htmldate").setLevel(logging.CRITICAL)


def read_html(path: str, html: str, published: str | None, outlet: str | None) -> Item | IngestError:
    import trafilatura  # imported here: it is slow to import and only HTML needs it

    try:
        document = trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            # Only dates the page states; htmldate's wider search guesses.
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as error:  # trafilatura raises many kinds on broken markup
        return IngestError(path, f"HTML could not be parsed ({type(error).__name__}: {error})")
    if document is None:
        return IngestError(path, "no main text found in the HTML page")
    fields = document.as_dict() if hasattr(document, "as_dict") else dict(document)
    text = fields.get("text") or ""
    if not text.strip():
        return IngestError(path, "no main text found in the HTML page")
    try:
        page_date = normalise_published(fields.get("date"))
    except ValueError:
        page_date = None
    return Item(
        source=path,
        text=text,
        format="html",
        path=path,
        title=fields.get("title") or None,
        published=page_date or published,
        outlet=fields.get("sitename") or outlet,
        url=fields.get("url") or None,
        author=fields.get("author") or None,
        raw=html,
    )
