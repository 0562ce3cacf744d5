#!/usr/bin/env bash
# Retrain the bundled cue tagger on PolNeAR train (never dev) and write its weights into the package.
# Usage: scripts/train_cue_tagger.sh [POLNEAR_TRAIN_DIR]   (default: ../shared/eval/polnear/train)
# Installs the training extras (scikit-learn, scipy) first; one core, about 2.5 minutes parsing + 4 training
# (the first stage, then five cross-fitted first stages for the second stage to learn from).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh train
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1  # same result on any machine, one core
.venv/bin/python -m training.cue_tagger \
  --polnear "${1:-../shared/eval/polnear/train}" \
  --out src/newsledger/extract/claims/cue_model/cue_weights.npy
echo "now update both sha256 (cue_weights.npy, cue_stack_weights.npy) in src/newsledger/extract/claims/cue_model/NOTE.md"
