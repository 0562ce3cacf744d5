"""Training the learnt parts of claim finding, outside the runtime package (it needs scikit-learn).

``cue_tagger`` fits the cue tagger, ``content_model`` the content-boundary
chooser and the claim check; both read PolNeAR train through the same
``Pipeline`` ingest runs, so the models learn from what ships. Run them with
``scripts/train_claim_models.sh``.
"""
