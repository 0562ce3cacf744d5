"""The learnt cue tagger (newsledger.extract.claims.cue_model): features, shipped weights, decoding, integration.

Sentences are hand-written, not PolNeAR text. Training itself is too slow for the suite; a smoke test
trains on three tiny hand-written brat documents when scikit-learn is installed.
"""

from __future__ import annotations

import builtins
import hashlib
import re
from pathlib import Path

import numpy as np
import pytest

from newsledger.extract.claims import find_claims
from newsledger.extract.claims.cue_model import STACK_WEIGHTS, THRESHOLD, WEIGHTS, CueTagger, decode, tagger
from newsledger.extract.claims.cue_model.features import (
    N_BITS,
    DocView,
    doc_rows,
    hash_feature,
    score_features,
    token_features,
)
from newsledger.extract.claims.settings import ClaimSettings
from newsledger.model import AnalysedArticle, Item
from newsledger.nlp import analyse
from newsledger.segment import segment

NOTE = Path(WEIGHTS).with_name("NOTE.md")
LONG_TAIL = {  # sentence -> the cue, none of them in the rules' lists
    "The senator likened the plan to a tax on the poor.": "likened",
    "Critics derided the proposal as a giveaway to developers.": "derided",
    "The minister hailed the agreement as a turning point.": "hailed",
    "The mayor lashed out at the council over the delays.": "lashed out at",  # with its preposition, as PolNeAR marks "took aim at"
}


@pytest.fixture(scope="module")
def parsed() -> dict[str, AnalysedArticle]:
    texts = [*LONG_TAIL, "The governor took aim at the new budget during a radio interview.",
             "The spokeswoman shrugged off the criticism."]
    pairs = [(article, text) for text in texts
             for article in segment(Item(source=text[:10], text=text, format="text", path="x"))]
    return {text: analysed for analysed, text in analyse(pairs)}


def test_hash_is_crc32_low_bits() -> None:
    # zlib.crc32(b"w=likened") == 4259846649 == 16250 * 2**18 + 6649 (checked by hand), so index 6649
    assert hash_feature("w=likened") == 6649
    assert hash_feature("w=likened", 20) == 4259846649 % 2**20


def test_token_features_deterministic_and_hashed_indices_fixed(parsed: dict[str, AnalysedArticle]) -> None:
    doc = parsed["The senator likened the plan to a tax on the poor."].doc
    view = DocView(doc)
    features = token_features(view, 2)
    assert doc[2].text == "likened"
    assert features == token_features(DocView(doc), 2)
    # read off the sentence by hand: the verb's word, lemma, tag, its subject and object, "to" hanging on it
    for expected in ("w=likened", "l=liken", "t=VBD", "d=ROOT", "kc=dobj|plan", "kc=prep|to", "w-1=senator",
                     "bg=senator_liken", "q=0", "cl|sb=0|1"):
        assert expected in features
    # the 55 hashed indices of "likened", computed once with the pinned spaCy model and reviewed: they are
    # the CRC-32 of the strings above (e.g. 6649 for "w=likened", 14373 for "l=liken", 192505 for the "b"
    # bias feature); a change here means every shipped weight now reads the wrong slot
    assert doc_rows(doc)[2].tolist() == [
        1126, 6649, 8003, 8400, 10100, 14373, 16475, 17952, 27960, 29814, 33596, 37264, 49552, 50187, 51922,
        57455, 60577, 62087, 65748, 69130, 72051, 75176, 84518, 88157, 104493, 118890, 121238, 129913, 132662,
        153449, 158562, 160759, 164081, 170800, 171759, 175157, 176363, 184036, 186579, 186747, 192095, 192505,
        208049, 219947, 221091, 221704, 222255, 226735, 227548, 238439, 249634, 252202, 259264, 259943, 260526]
    assert hash_feature("l=liken") == 14373 and hash_feature("b") == 192505


def test_weights_shape_dtype_and_sha256_as_documented() -> None:
    weights = np.load(WEIGHTS, allow_pickle=False)
    assert weights.dtype == np.float16 and weights.shape == (2**N_BITS + 1,)
    digest = hashlib.sha256(Path(WEIGHTS).read_bytes()).hexdigest()
    assert re.search(r"sha256[^\n]*`([0-9a-f]{64})`", NOTE.read_text()).group(1) == digest
    assert f"**Threshold {THRESHOLD}**" in NOTE.read_text()


def test_tagger_loads_once() -> None:
    assert tagger() is tagger()


@pytest.mark.parametrize("text", list(LONG_TAIL))
def test_tagger_finds_long_tail_cues(parsed: dict[str, AnalysedArticle], text: str) -> None:
    doc = parsed[text].doc
    found = [" ".join(doc[i].text for i in range(run[0], run[-1] + 1)) for run in tagger().cues(doc)]
    assert LONG_TAIL[text] in found


def test_decode_merges_a_multi_word_cue(parsed: dict[str, AnalysedArticle]) -> None:
    doc = parsed["The governor took aim at the new budget during a radio interview."].doc
    probabilities = np.zeros(len(doc))
    probabilities[[2, 4]] = 0.9  # "took" and "at": "aim" between them is bridged
    assert [[doc[i].text for i in run] for run in decode(doc, probabilities, 0.5)] == [["took", "at"]]
    probabilities[[8]] = 0.9  # "during" has three words between it and "at": a cue of its own
    assert len(decode(doc, probabilities, 0.5)) == 2


def test_find_claims_adds_tagged_claim_with_lower_confidence(parsed: dict[str, AnalysedArticle]) -> None:
    analysed = parsed["The senator likened the plan to a tax on the poor."]
    (claim,) = find_claims(analysed)
    assert claim.cue.text == "likened" and claim.source.text == "The senator"
    assert claim.content[0].text == "the plan to a tax on the poor"
    assert claim.kind == "indirect" and claim.stance == "assert" and claim.confidence < 0.6
    assert find_claims(analysed, settings=ClaimSettings(cue_tagger=False)) == []  # the rules alone miss it


def test_find_claims_multi_word_tagged_cue(parsed: dict[str, AnalysedArticle]) -> None:
    (claim,) = find_claims(parsed["The spokeswoman shrugged off the criticism."])
    assert claim.cue.text == "shrugged off" and claim.source.text == "The spokeswoman"
    assert claim.content[0].text == "the criticism"


def test_inference_needs_neither_sklearn_nor_scipy(parsed: dict[str, AnalysedArticle],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    real_import = builtins.__import__

    def guarded(name: str, *args: object, **kwargs: object) -> object:
        if name.split(".")[0] in ("sklearn", "scipy"):
            raise ImportError(f"{name} blocked")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", guarded)
    fresh = CueTagger.load()
    doc = parsed["The minister hailed the agreement as a turning point."].doc
    assert any(doc[i].text == "hailed" for run in fresh.cues(doc) for i in run)


BRAT = {
    "a": ("The senator said the plan would fail.\n", ["T1\tSource 0 11\tThe senator", "T2\tCue 12 16\tsaid",
                                                    "T3\tContent 17 36\tthe plan would fail",
                                                    "E1\tAttribution:T2 Source:T1 Cue:T2 Content:T3"]),
    "b": ("Critics derided the deal as a giveaway.\n", ["T1\tSource 0 7\tCritics", "T2\tCue 8 15\tderided",
                                                      "T3\tContent 16 38\tthe deal as a giveaway",
                                                      "E1\tAttribution:T2 Source:T1 Cue:T2 Content:T3"]),
    "c": ("The river rose after the storm.\n", []),
}


def test_train_smoke(tmp_path: Path) -> None:
    pytest.importorskip("sklearn")
    from training import cue_tagger as train

    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    for name, (text, lines) in BRAT.items():
        (tmp_path / "text" / f"{name}.txt").write_text(text)
        (tmp_path / "attributions" / f"{name}_ann1.ann").write_text("\n".join(lines) + "\n")
    out = tmp_path / "w.npy"
    assert train.main(["--polnear", str(tmp_path), "--out", str(out), "--bits", "12", "--folds", "2"]) == 0
    weights = np.load(out)
    assert weights.dtype == np.float16 and weights.shape == (2**12 + 1,)
    stack = np.load(tmp_path / "cue_stack_weights.npy")  # the second stage, beside the first by default
    assert stack.dtype == np.float16 and stack.shape == (2**12 + 1,)
    assert CueTagger.load(out, tmp_path / "cue_stack_weights.npy").stack is not None


# -- the second stage -----------------------------------------------------------------------------------


def test_score_features_read_the_first_stage_around_the_token(parsed: dict[str, AnalysedArticle]) -> None:
    doc = parsed["The senator likened the plan to a tax on the poor."].doc
    scores = np.zeros(len(doc))
    scores[2] = 0.73  # "likened", the root
    scores[4] = 0.2   # "plan", its object
    found = score_features(DocView(doc, sentences=True), 3, scores)  # "the", before "plan"
    assert {"s0=0", "sh=2", "sp=7", "sn=2", "ss=7", "sk=0", "s0|l=0|the", "sp|sn=7|2"} <= set(found)
    on_root = score_features(DocView(doc, sentences=True), 2, scores)
    assert {"s0=7", "sh=root", "sk=2", "s0|sh=7|root"} <= set(on_root)
    assert "s0=9" in score_features(DocView(doc, sentences=True), 2, np.ones(len(doc)))  # 1.0 is the top tenth


def test_second_stage_scores_with_the_first_stages_scores(parsed: dict[str, AnalysedArticle]) -> None:
    doc = parsed["The senator likened the plan to a tax on the poor."].doc
    first = np.zeros(2**N_BITS + 1, dtype=np.float16)
    first[hash_feature("w=likened")] = 8  # the first stage: "likened" alone is a cue
    first[-1] = -4
    stack = np.zeros(2**N_BITS + 1, dtype=np.float16)
    stack[hash_feature("sh=9")] = 8  # the second stage: whatever hangs on a sure cue is one
    stack[-1] = -4
    alone, stacked = CueTagger(first), CueTagger(first, stack)
    assert np.array_equal(alone.probabilities(doc), alone.first_stage(doc))  # no second stage: the first alone
    senator, likened, plan = 1, 2, 4
    assert alone.probabilities(doc)[likened] > 0.95 and alone.probabilities(doc)[plan] < 0.05
    assert stacked.probabilities(doc)[plan] > 0.95  # its head scored 0.98 in the first stage
    assert stacked.probabilities(doc)[senator] > 0.95 and stacked.probabilities(doc)[likened] < 0.05


def test_shipped_second_stage_shape_and_sha256_as_documented() -> None:
    weights = np.load(STACK_WEIGHTS, allow_pickle=False)
    assert weights.dtype == np.float16 and weights.shape == (2**N_BITS + 1,)
    digest = hashlib.sha256(Path(STACK_WEIGHTS).read_bytes()).hexdigest()
    assert re.search(r"cue_stack_weights\.npy[^\n]*`([0-9a-f]{64})`", NOTE.read_text()).group(1) == digest
    assert tagger().stack is not None


def test_one_reading_of_the_parse_scores_as_two_stages_called_apart(parsed: dict[str, AnalysedArticle]) -> None:
    from newsledger.extract.claims.cue_model import _score, _wanted

    shipped = tagger()
    for analysed in parsed.values():
        doc = analysed.doc
        wanted = _wanted(doc)
        apart = np.zeros(len(doc))
        apart[wanted] = _score(doc_rows(doc, N_BITS, wanted, shipped.first_stage(doc)), *shipped.stack[:2])
        assert np.array_equal(shipped.probabilities(doc), apart)


# -- the hot path's features, template by template, against the spelt-out strings ------------------------

SPELT_CHECK = (
    '“We will not back down,” the mayor said on Monday, pointing to the council. '
    "Critics, however, derided the plan as a giveaway -- and the governor took aim at it. "
    "Asked if he agreed, Smith said no. ``Never,'' she wrote."
)


def test_column_rows_are_the_hashed_feature_strings_of_every_token() -> None:
    from newsledger.extract.claims.cue_model.features import hash_strings, two_stage_rows

    (analysed, _), = analyse([(a, None) for a in segment(Item(source="x", text=SPELT_CHECK, format="text", path="x"))])
    doc = analysed.doc
    tokens = list(range(len(doc)))
    view = DocView(doc, sentences=True)
    first, second = two_stage_rows(doc, tokens, 14)
    spelt = [sorted(hash_strings(token_features(view, i), 14)) for i in tokens]
    assert [row.tolist() for row in first] == spelt
    scores = np.linspace(0.0, 1.0, len(doc))  # every tenth, 1.0 included
    stacked = [sorted(set(s) | hash_strings(score_features(view, i, scores), 14)) for i, s in zip(tokens, spelt)]
    assert [row.tolist() for row in second(scores)] == stacked


def test_remembered_hashes_are_the_crc32_indices_and_their_memory_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    from newsledger.extract.claims.cue_model import features

    monkeypatch.setattr(features, "HASHED_LIMIT", 5)
    strings = [f"w=word{i}" for i in range(20)]
    assert features.hashed(strings, 12) == [hash_feature(s, 12) for s in strings]
    assert features.hashed(strings, 12) == [hash_feature(s, 12) for s in strings]  # remembered, the same
    assert features.hashed(["b"], 12) == [hash_feature("b", 12)]
    assert len(features._HASHED[12]) == 1  # over the limit: emptied before "b" was remembered
