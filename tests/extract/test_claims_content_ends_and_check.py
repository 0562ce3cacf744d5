"""The learnt content-boundary chooser and claim check (``claims.cue_model.content``, ``.keep``) in find_claims.

Sentences are hand-written, not PolNeAR text. The mechanism is tested with hand-made weights (one
feature weighted, so the expected choice can be read off the English); the shipped weights only for
their documented shape and checksum and for a few plain sentences.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import numpy as np
import pytest

from newsledger.extract.claims import find_claims
from newsledger.extract.claims.cue_model import keep, tagger
from newsledger.extract.claims.cue_model.content import N_BITS, WEIGHTS, BoundaryChooser, candidates, start_candidates
from newsledger.extract.claims.cue_model.features import hash_feature
from newsledger.extract.claims.settings import SHIPPED, ClaimSettings
from newsledger.model import AnalysedArticle, Item
from newsledger.nlp import analyse
from newsledger.segment import segment

NOTE = Path(WEIGHTS).with_name("NOTE.md")
TEXTS = [
    "The senator said the tax would rise, which worried the farmers.",
    "The ministry confirmed the figures on Monday.",
    "The coach urged the players to stay calm.",
    "The mayor promised to fix the roads should she win a second term.",
]


@pytest.fixture(scope="module")
def parsed() -> dict[str, AnalysedArticle]:
    pairs = [(article, text) for text in TEXTS
             for article in segment(Item(source=text[:10], text=text, format="text", path="x"))]
    return {text: analysed for analysed, text in analyse(pairs)}


def chooser_liking(*features: str) -> BoundaryChooser:
    """A chooser whose only evidence is the given features, each worth +5."""
    weights = np.zeros(2**N_BITS, dtype=np.float16)
    for feature in features:
        weights[hash_feature(feature, N_BITS)] = 5
    return BoundaryChooser(weights)


def index_of(doc, word: str) -> int:
    return next(t.i for t in doc if t.text == word)


def test_an_end_at_the_sentence_end_wins_when_that_is_the_evidence(parsed) -> None:
    doc = parsed[TEXTS[0]].doc
    first, rules = index_of(doc, "tax"), index_of(doc, "rise")
    assert chooser_liking("sentend=True").choose(doc, first - 1, rules, "say") == index_of(doc, "farmers")
    assert chooser_liking("after=,").choose(doc, first - 1, index_of(doc, "farmers"), "say") == rules


def test_no_evidence_keeps_the_rules_boundaries(parsed) -> None:
    doc = parsed[TEXTS[0]].doc
    first, rules = index_of(doc, "the"), index_of(doc, "rise")
    blank = BoundaryChooser(np.zeros(2**N_BITS, dtype=np.float16))
    assert blank.choose(doc, first, rules, "say") == rules
    assert blank.choose_start(doc, first, rules, index_of(doc, "said"), "say") == first


def test_a_time_phrase_never_joins_the_content(parsed) -> None:
    doc = parsed[TEXTS[1]].doc
    figures = index_of(doc, "figures")
    # even a chooser that wants the sentence end stops before "on Monday"
    assert chooser_liking("sentend=True").choose(doc, figures - 1, figures, "confirm") == figures


def test_the_cues_object_is_never_a_start(parsed) -> None:
    doc = parsed[TEXTS[2]].doc
    to, urged = index_of(doc, "to"), index_of(doc, "urged")
    starts = [c.last for c in start_candidates(doc, to, index_of(doc, "calm"), urged, "urge")]
    assert to in starts and index_of(doc, "players") not in starts and urged not in starts


def test_candidates_skip_punctuation_and_stay_in_the_sentence(parsed) -> None:
    doc = parsed[TEXTS[0]].doc
    ends = [c.last for c in candidates(doc, index_of(doc, "the"), index_of(doc, "rise"), "say")]
    assert index_of(doc, ",") not in ends and ends[-1] == index_of(doc, "farmers")


def test_shipped_weights_shape_dtype_and_sha256_as_documented() -> None:
    weights = np.load(WEIGHTS, allow_pickle=False)
    assert weights.dtype == np.float16 and weights.shape == (2**N_BITS,)
    digest = hashlib.sha256(Path(WEIGHTS).read_bytes()).hexdigest()
    assert re.search(r"content_weights\.npy[^\n]*`([0-9a-f]{64})`", NOTE.read_text()).group(1) == digest


def test_shipped_chooser_keeps_a_condition_with_what_was_promised(parsed) -> None:
    # the parse hangs "should she win ..." on "promised"; the promise is conditional on it
    claim = next(c for c in find_claims(parsed[TEXTS[3]]) if c.cue.text == "promised")
    assert [p.text for p in claim.content] == ["to fix the roads should she win a second term"]


def test_switching_the_chooser_off_leaves_the_rules(parsed) -> None:
    claim = next(c for c in find_claims(parsed[TEXTS[3]], settings=ClaimSettings(content_ends=False))
                 if c.cue.text == "promised")
    assert [p.text for p in claim.content] == ["to fix the roads"]  # the parse's subtree alone


# -- the claim check (cue_model/keep.py) --------------------------------------------------------------

CHECKED = [
    "We saw the parade from the bridge.",                 # "saw" is no cue here
    "The minister said that the bridge had reopened.",    # a plain report
    "The ferry company declined to comment.",             # a non-answer: no content
    "It seems that the ferries will stop in winter.",     # a narrow construction the check leaves alone
    "A spokesman referred questions to the port authority.",        # non-answers with content
    "The ministry did not have a specific number of those injured.",
]


@pytest.fixture(scope="module")
def checked() -> dict[str, AnalysedArticle]:
    pairs = [(article, text) for text in CHECKED
             for article in segment(Item(source=text[:10], text=text, format="text", path="x"))]
    return {text: analysed for analysed, text in analyse(pairs)}


def cues_of(analysed: AnalysedArticle, settings: ClaimSettings = SHIPPED) -> list[str]:
    return [c.cue.text for c in find_claims(analysed, settings=settings)]


def test_shipped_check_drops_a_plain_verb_and_keeps_a_report(checked) -> None:
    assert cues_of(checked[CHECKED[0]]) == []
    assert cues_of(checked[CHECKED[1]]) == ["said"]


def test_check_off_keeps_every_claim(checked) -> None:
    assert cues_of(checked[CHECKED[0]], ClaimSettings(claim_check=False)) == ["saw"]


def test_a_check_that_rejects_everything_spares_non_answers_and_sure_constructions(checked) -> None:
    weights = np.zeros(2**keep.N_BITS + 1, dtype=np.float16)
    weights[-1] = -20  # bias: every claim improbable
    rejecting = ClaimSettings(keeper=keep.ClaimKeeper(weights))
    assert cues_of(checked[CHECKED[1]], rejecting) == []
    assert [c.stance for c in find_claims(checked[CHECKED[2]], settings=rejecting)] == ["no_comment"]
    assert cues_of(checked[CHECKED[3]], rejecting) == ["seems"]
    assert [c.stance for c in find_claims(checked[CHECKED[4]], settings=rejecting)] == ["refer"]
    assert [c.stance for c in find_claims(checked[CHECKED[5]], settings=rejecting)] == ["no_number"]


def test_shipped_check_weights_shape_dtype_and_sha256_as_documented() -> None:
    weights = np.load(keep.WEIGHTS, allow_pickle=False)
    assert weights.dtype == np.float16 and weights.shape == (2**keep.N_BITS + 1,)
    digest = hashlib.sha256(Path(keep.WEIGHTS).read_bytes()).hexdigest()
    assert re.search(r"keep_weights\.npy[^\n]*`([0-9a-f]{64})`", NOTE.read_text()).group(1) == digest


# -- the tagger's score as a feature of the check, and the cross-fitted training scores ---------------


def test_the_checks_features_carry_the_taggers_score_in_tenths(checked) -> None:
    analysed = checked[CHECKED[1]]
    (claim,) = [c for c in find_claims(analysed) if c.cue.text == "said"]
    verb = analysed.doc[claim._verb]
    assert {"cuep=7", "cuep=7|src=np"} <= set(keep.features(claim, "say", verb, [claim], 0.73))
    assert "cuep=9" in keep.features(claim, "say", verb, [claim], 1.0)  # a sure score is in the top band
    assert not any(f.startswith("cuep") for f in keep.features(claim, "say", verb, [claim]))  # no tagger, no band


def test_the_check_reads_the_score_the_tagger_gave_the_cue(checked, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[float | None] = []
    real = keep.features
    monkeypatch.setattr(keep, "features", lambda *a, **k: seen.append(a[4] if len(a) > 4 else None) or real(*a, **k))
    analysed = checked[CHECKED[1]]
    find_claims(analysed)
    said = next(t.i for t in analysed.doc if t.text == "said")
    assert seen == [pytest.approx(float(tagger().probabilities(analysed.doc)[said]))]


CROSS_FIT = {  # four one-sentence documents, two folds: "a" and "c" in one, "b" and "d" in the other
    "a": ("The senator said the plan would fail.\n", "said"),
    "b": ("Critics derided the deal as a giveaway.\n", "derided"),
    "c": ("The mayor argued the tax was too high.\n", "argued"),
    "d": ("The minister hailed the pact as historic.\n", "hailed"),
}


def test_cross_fitted_scores_come_from_a_tagger_blind_to_the_document(tmp_path: Path) -> None:
    pytest.importorskip("sklearn")
    from training.content_model import CrossFitTagger
    from training.cue_tagger import build_matrix, parse_split
    from training.cue_tagger import fit as fit_tagger

    from newsledger.extract.claims.cue_model import CueTagger

    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    for name, (text, cue) in CROSS_FIT.items():
        (tmp_path / "text" / f"{name}.txt").write_text(text)
        start = text.index(cue)
        (tmp_path / "attributions" / f"{name}_ann1.ann").write_text(
            f"T1\tCue {start} {start + len(cue)}\t{cue}\nE1\tAttribution:T1 Cue:T1\n")
    docs, parsed = parse_split(tmp_path)
    first_only = CueTagger.load(stack=None)  # the first stage alone: each article scored by a blind one
    crossfit = CrossFitTagger(parsed, 2, fallback=first_only)
    for fold in (0, 1):  # documents in sorted order alternate between the folds
        others = [p for p in parsed if p.doc_index % 2 != fold]
        blind = CueTagger(fit_tagger(*build_matrix(others, 18)))
        for p in parsed:
            if p.doc_index % 2 == fold:
                assert np.array_equal(crossfit.probabilities(p.doc), blind.probabilities(p.doc))
    stranger = analyse([(a, 0) for a in segment(Item(source="x", text="Aides said it.", format="text", path="x"))])
    (outside, _), = list(stranger)
    assert np.array_equal(crossfit.probabilities(outside.doc), first_only.probabilities(outside.doc))
    stacked = CrossFitTagger(parsed, 2, fallback=tagger())  # with a second stage, one per fold rescores
    for p in parsed:
        assert not np.array_equal(stacked.probabilities(p.doc), crossfit.probabilities(p.doc))
    assert np.array_equal(stacked.probabilities(outside.doc), tagger().probabilities(outside.doc))


def test_training_refuses_zero_folds_and_leaves_the_shipped_tagger(tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    from training import content_model as train_content

    from newsledger.extract.claims import cue_model

    shipped = cue_model.tagger
    with pytest.raises(SystemExit) as stop:
        train_content.main(["--polnear", str(tmp_path), "--out", str(tmp_path / "c.npy"),
                            "--keep-out", str(tmp_path / "k.npy"), "--folds", "0"])
    assert stop.value.code == 2 and "--folds must be 1 or more" in capsys.readouterr().err
    assert cue_model.tagger is shipped and not (tmp_path / "c.npy").exists()
