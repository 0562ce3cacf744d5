"""How the pipeline runs: one object, handed down, instead of module-level switches.

The defaults are what ships. Evaluations, the benchmark and training build
their ``Pipeline`` from a config too, so what they measure or learn from is
what a user's ingest runs, and any difference is written in the config.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from newsledger.nlp import BATCH_SIZE, MODEL
from newsledger.segment import Layout


@dataclass(frozen=True)
class PipelineConfig:
    """Everything a pipeline run can be told."""

    #: The spaCy pipeline (a pinned package, installed with newsledger).
    model: str = MODEL
    #: Texts per ``nlp.pipe`` batch.
    batch_size: int = BATCH_SIZE
    #: Processes for the parse.
    n_process: int = 1
    #: How plain-text dumps split into articles (auto, line, block, none).
    layout: Layout = "auto"
    #: Run only these extractors and what they require (None: every one).
    only: tuple[str, ...] | None = None
    #: Settings per extractor, by its name (one not given gets that extractor's defaults).
    settings: Mapping[str, Any] = field(default_factory=dict)
