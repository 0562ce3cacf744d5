"""en_core_web_sm's attribute ruler, its rules applied by table look-up instead of spaCy's ``Matcher``.

The attribute ruler maps each token's fine tag (and, for some words, its
lower-case form) to its coarse part of speech, morphology and lemma: about 180
rules, nearly all of one token matched on ``TAG`` alone or on ``TAG`` and
``LOWER``. spaCy runs them all through its ``Matcher``, which costs a fifth of
the whole parse. Here those rules are two dictionaries, and only the few
others (two-token rules, rules on ``DEP``, regular expressions, ``IN`` lists)
go through a ``Matcher`` of their own. Every match is then applied exactly as
``AttributeRuler.set_annotations`` applies it: all rules matched against the
tokens as they were, then written in rule order, a later rule overwriting an
earlier one. ``tests/nlp/test_lookup_ruler.py`` checks the output is the same,
token for token, as the stock component's.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from spacy.attrs import DEP, LEMMA, LOWER, MORPH, POS, TAG
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

#: The name of the component in the pipeline, in place of "attribute_ruler".
FACTORY = "newsledger_lookup_ruler"
#: The token attributes a rule may set, and their columns in the array written back.
WRITTEN = (POS, MORPH, LEMMA, TAG, DEP)
_COLUMN = {attr: column for column, attr in enumerate(WRITTEN)}
_SETTABLE = {"POS": POS, "MORPH": MORPH, "LEMMA": LEMMA, "TAG": TAG, "DEP": DEP}
_READ = (TAG, LOWER)


class LookupAttributeRuler:
    """Sets what ``AttributeRuler`` sets, from the same rules, by look-up where a rule allows it."""

    def __init__(self, vocab: Any, rules: Iterable[Mapping[str, Any]] = ()) -> None:
        self.vocab = vocab
        self.rules: list[dict[str, Any]] = []
        #: Rules of one token matched on TAG alone, by the tag's hash: [(rule number, writes)].
        self.by_tag: dict[int, list[tuple[int, list[tuple[int, int]]]]] = {}
        #: Rules of one token matched on TAG and LOWER (plain strings), by (tag hash, lower hash).
        self.by_tag_and_word: dict[tuple[int, int], list[tuple[int, list[tuple[int, int]]]]] = {}
        self.matcher = Matcher(vocab)
        self.writes: list[list[tuple[int, int]]] = []
        self.indices: list[int] = []
        self.add_rules(rules)

    def add_rules(self, rules: Iterable[Mapping[str, Any]]) -> None:
        """Add rules as ``AttributeRuler.patterns`` lists them: {"patterns", "attrs", "index"}, in order."""
        for rule in rules:
            number = len(self.writes)
            self.rules.append(dict(rule))
            self.writes.append(self._writes(rule["attrs"]))
            self.indices.append(int(rule.get("index", 0)))
            for pattern in rule["patterns"]:
                # A rule writing to another token than its match's first goes through the Matcher, which
                # checks the index as spaCy does (E1001).
                key = self._lookup_key(pattern) if self.indices[number] == 0 else None
                if key is None:
                    self.matcher.add(str(number), [pattern])
                elif isinstance(key, int):
                    self.by_tag.setdefault(key, []).append((number, self.writes[number]))
                else:
                    self.by_tag_and_word.setdefault(key, []).append((number, self.writes[number]))

    def _writes(self, attrs: Mapping[str, str]) -> list[tuple[int, int]]:
        """The (column, value) pairs a rule writes, each value as ``AttributeRuler`` stores it in the token:
        a string's id (a part of speech's is its symbol), a morphology's canonical key."""
        writes = []
        for name, value in attrs.items():
            attr = _SETTABLE.get(name)
            if attr is None:
                raise ValueError(f"the look-up attribute ruler cannot set {name!r}")
            stored = self.vocab.morphology.add(value) if attr == MORPH else self.vocab.strings.add(value)
            writes.append((_COLUMN[attr], int(stored)))
        return writes

    def _lookup_key(self, pattern: list[dict[str, Any]]) -> int | tuple[int, int] | None:
        """The dictionary key of a one-token pattern on TAG alone or TAG and LOWER, plain strings; else None."""
        if len(pattern) != 1 or not all(isinstance(v, str) for v in pattern[0].values()):
            return None
        token = pattern[0]
        if set(token) == {"TAG"}:
            return int(self.vocab.strings.add(token["TAG"]))
        if set(token) == {"TAG", "LOWER"}:
            return (int(self.vocab.strings.add(token["TAG"])), int(self.vocab.strings.add(token["LOWER"])))
        return None

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        found = self._found(doc)
        if not found:
            return doc
        values: Any = doc.to_array(list(WRITTEN))  # one row per token, a column per attribute
        for token, rules in found.items():
            rules.sort(key=lambda rule: rule[0])  # rule order: a later rule overwrites an earlier one
            for _, writes in rules:
                for column, value in writes:
                    values[token, column] = value
        doc.from_array(list(WRITTEN), values)
        return doc

    def _found(self, doc: Doc) -> dict[int, list[tuple[int, list[tuple[int, int]]]]]:
        """Each token's matching rules (rule number, writes), all matched against the doc as it came in."""
        found: dict[int, list[tuple[int, list[tuple[int, int]]]]] = {}
        by_tag, by_tag_and_word = self.by_tag, self.by_tag_and_word
        for token, (tag, lower) in enumerate(doc.to_array(list(_READ)).tolist()):
            rules = by_tag.get(tag, [])
            worded = by_tag_and_word.get((tag, lower))
            if worded:
                rules = rules + worded
            if rules:
                found[token] = list(rules)
        matches = self.matcher(doc, allow_missing=True) if len(self.matcher) else []  # empty: spaCy warns
        for match_id, start, end in matches:
            number = int(self.vocab.strings[match_id])
            index = self.indices[number]
            token = (start if index >= 0 else end) + index
            if not start <= token < end:
                raise ValueError(f"attribute rule {number} points outside its match (index {index})")
            found.setdefault(token, []).append((number, self.writes[number]))
        return found

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        for doc in docs:
            yield self(doc)


@Language.factory(FACTORY)
def make_lookup_ruler(nlp: Language, name: str) -> LookupAttributeRuler:
    return LookupAttributeRuler(nlp.vocab)


def use_lookup_ruler(nlp: Language) -> Language:
    """Put a ``LookupAttributeRuler`` with the same rules in place of the pipeline's "attribute_ruler"."""
    if "attribute_ruler" not in nlp.pipe_names:
        return nlp
    stock = nlp.get_pipe("attribute_ruler")
    assert isinstance(stock, AttributeRuler)
    rules = stock.patterns
    lookup = nlp.replace_pipe("attribute_ruler", FACTORY)
    assert isinstance(lookup, LookupAttributeRuler)
    lookup.add_rules(rules)
    return nlp
