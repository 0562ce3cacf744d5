"""Evaluation against gold data nobody on this project wrote, in the field's public formats."""

from __future__ import annotations


class GoldError(ValueError):
    """A gold file cannot be read; the message names the file and line."""


def prf(name: str, hits: int, n_system: int, n_gold: int) -> dict[str, float]:
    """Precision (hits / system), recall (hits / gold) and F1 of one measure, rounded to 4 places."""
    precision = hits / n_system if n_system else 0.0
    recall = hits / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {f"{name}_precision": round(precision, 4), f"{name}_recall": round(recall, 4), f"{name}_f1": round(f1, 4)}
