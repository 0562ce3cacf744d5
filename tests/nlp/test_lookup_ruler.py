"""The attribute ruler applied by look-up sets what spaCy's own sets, token for token.

Compared on every attribute a rule can set or the later components read (part of speech, morphology,
lemma, tag, dependency, head, entities), over hand-written sentences that reach the rules spaCy's
``Matcher`` still handles (two-token rules, rules on the dependency, regular expressions, ``IN`` lists,
whitespace tokens), over the seed, and over gva-dev's first articles when ``../shared`` has them.
"""

from __future__ import annotations

import json
from itertools import islice

import pytest
import spacy
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, POS, TAG

from conftest import SHARED
from newsledger.lookup_ruler import LookupAttributeRuler, use_lookup_ruler
from newsledger.nlp import MODEL, load_nlp

ATTRS = [POS, MORPH, LEMMA, TAG, DEP, HEAD, ENT_IOB, ENT_TYPE]

SENTENCES = [
    "Y'all ain't gonna believe it, but there are two suspects, and we gotta find them.",
    "Let's go, c'mon!  There was a shooting on Elm Street; the police got a call and he gets it.",
    "I ain't sure whether it is true, although the mayor said so; it's what they're saying.",
    "  \n\nThe fire, which started at 3 a.m., destroyed 12 homes.\t\tNo one was hurt.\n",
    "Something happened. Anyone? Nothing. Someone said that those 3 men, these women and an officer left.",
    "But police said they were gonna wait, and y' all know it; that's all they'd say.",
]


@pytest.fixture(scope="module")
def stock() -> spacy.language.Language:
    return spacy.load(MODEL)


def arrays(nlp: spacy.language.Language, texts: list[str]) -> list[list[list[int]]]:
    return [doc.to_array(ATTRS).tolist() for doc in nlp.pipe(texts)]


def test_the_pipeline_newsledger_loads_uses_the_lookup_ruler() -> None:
    nlp = load_nlp()
    assert isinstance(nlp.get_pipe("attribute_ruler"), LookupAttributeRuler)
    assert nlp.pipe_names == ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner"]


def test_the_rules_spacy_s_matcher_still_runs_set_the_same_attributes(stock: spacy.language.Language) -> None:
    assert arrays(load_nlp(), SENTENCES) == arrays(stock, SENTENCES)
    lemmas = [t.lemma_ for t in load_nlp()("Y'all ain't gonna go, let's go.")]
    assert lemmas == [t.lemma_ for t in stock("Y'all ain't gonna go, let's go.")]


def test_the_seed_is_tagged_the_same(stock: spacy.language.Language, seed_text: str) -> None:
    paragraphs = [p for p in seed_text.split("\n\n") if p.strip()]
    assert arrays(load_nlp(), paragraphs) == arrays(stock, paragraphs)


def test_news_articles_are_tagged_the_same(stock: spacy.language.Language) -> None:
    source = SHARED / "eval" / "gva-dev" / "articles.jsonl"
    if not source.is_file():
        pytest.skip("needs ../shared/eval/gva-dev")
    with source.open(encoding="utf-8") as lines:
        texts = [json.loads(line)["text"] for line in islice(lines, 60)]
    assert arrays(load_nlp(), texts) == arrays(stock, texts)


def test_a_later_rule_overwrites_an_earlier_one_as_spacy_applies_them() -> None:
    nlp = spacy.blank("en")
    rules = [
        {"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN", "LEMMA": "first"}, "index": 0},
        {"patterns": [[{"TAG": "NN", "LOWER": "shot"}]], "attrs": {"LEMMA": "second"}, "index": 0},
        {"patterns": [[{"LOWER": "a"}, {"LOWER": "shot"}]], "attrs": {"POS": "VERB"}, "index": -1},
    ]
    ruler = LookupAttributeRuler(nlp.vocab, rules)
    doc = nlp.make_doc("a shot")
    for token in doc:
        token.tag_ = "NN"
    ruler(doc)
    assert [t.pos_ for t in doc] == ["NOUN", "VERB"]
    assert [t.lemma_ for t in doc] == ["first", "second"]


def test_a_rule_setting_what_it_cannot_is_refused() -> None:
    nlp = spacy.blank("en")
    with pytest.raises(ValueError, match="cannot set 'ENT_TYPE'"):
        LookupAttributeRuler(nlp.vocab, [{"patterns": [[{"TAG": "NN"}]], "attrs": {"ENT_TYPE": "X"}, "index": 0}])


def test_a_pipeline_without_an_attribute_ruler_is_left_as_it_is() -> None:
    nlp = spacy.blank("en")
    assert use_lookup_ruler(nlp).pipe_names == []


def test_a_one_token_rule_pointing_past_its_match_is_refused_as_spacy_refuses_it() -> None:
    rule = {"patterns": [[{"TAG": "NN"}]], "attrs": {"LEMMA": "x"}, "index": 1}
    nlp = spacy.blank("en")
    stock = nlp.add_pipe("attribute_ruler")
    stock.add_patterns([rule])
    doc = nlp.make_doc("shot")
    doc[0].tag_ = "NN"
    with pytest.raises(ValueError):
        stock(doc)
    with pytest.raises(ValueError, match="points outside its match"):
        LookupAttributeRuler(nlp.vocab, [rule])(doc)
