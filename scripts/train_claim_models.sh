#!/usr/bin/env bash
# Retrain every learnt part of claim finding, in order, on PolNeAR train (never dev): the cue tagger, then the
# content-boundary chooser and the claim check (they learn from the claims the new tagger finds).
# Usage: scripts/train_claim_models.sh [POLNEAR_TRAIN_DIR]   (default: ../shared/eval/polnear/train)
# About 15 minutes on one core; writes the same bytes as the shipped weights (sha256s in cue_model/NOTE.md).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/train_cue_tagger.sh "$@"
bash scripts/train_content_model.sh "$@"
sha256sum src/newsledger/extract/claims/cue_model/*.npy
