"""Publication dates as given by the input: validated, never guessed."""

from __future__ import annotations

from datetime import date, datetime


def normalise_published(value: object) -> str | None:
    """Return an ISO date (``YYYY-MM-DD``) for a given publication date.

    Accepts ISO dates and date-times (``2024-12-18``, ``2024-12-18T09:30:00Z``).
    Returns ``None`` for a missing value and raises ``ValueError`` for one that
    is present but is not a date: an unknown date stays unknown, it is never
    replaced by today's.
    """
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"published {value!r} is not a date string")
    text = value.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10]).isoformat() if len(text) == 10 else _datetime(text)
    except ValueError:
        raise ValueError(f"published {value!r} is not an ISO date (YYYY-MM-DD)") from None


def _datetime(text: str) -> str:
    return datetime.fromisoformat(text.replace(" ", "T", 1)).date().isoformat()
