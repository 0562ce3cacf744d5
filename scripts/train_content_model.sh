#!/usr/bin/env bash
# Retrain the bundled content-boundary chooser and claim check on PolNeAR train (never dev) and write its weights into the package.
# Usage: scripts/train_content_model.sh [POLNEAR_TRAIN_DIR]   (default: ../shared/eval/polnear/train)
# Installs the training extras (scikit-learn, scipy) first; one core, about 2.5 minutes parsing + 1.5 training.
# The claims it learns from are found with the shipped cue tagger: retrain this after scripts/train_cue_tagger.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh train
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1  # same result on any machine, one core
.venv/bin/python -m training.content_model \
  --polnear "${1:-../shared/eval/polnear/train}" \
  --out src/newsledger/extract/claims/cue_model/content_weights.npy \
  --keep-out src/newsledger/extract/claims/cue_model/keep_weights.npy
echo "now update both sha256 in src/newsledger/extract/claims/cue_model/NOTE.md"
