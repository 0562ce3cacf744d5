"""Claims: who said what, how, through which channel and when.

``rules`` finds them on the dependency parse with the word lists of
``lexicon.toml``; ``cue_model`` holds the learnt parts (cue tagger, content
boundary chooser, claim check) and their weights; ``settings`` says which of
them run; ``table`` stores the claims. Runs after entities (speakers resolve
to them) and times (a claim's ``when``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from newsledger.extract import Extractor, register
from newsledger.extract.claims.rules import Claim, find_claims
from newsledger.extract.claims.settings import SHIPPED, ClaimSettings
from newsledger.extract.claims.table import TABLE, claim_containing, claim_id
from newsledger.model import AnalysedArticle

__all__ = ["Claim", "ClaimSettings", "claim_containing", "claim_id", "find_claims"]


def extract(analysed: AnalysedArticle, found: Mapping[str, Any], settings: ClaimSettings | None) -> dict[str, Any]:
    return {"claims": find_claims(analysed, found.get("entities"), found.get("times"), settings or SHIPPED)}


register(
    Extractor(
        name="claims",
        requires=("entities", "times"),
        assigns=("claims",),
        extract=extract,
        table=TABLE,
        settings=ClaimSettings,
    )
)
