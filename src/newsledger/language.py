"""Which language an article is written in, so that only English text is analysed.

The extractors' rules, lexicons and the spaCy pipeline are English: a German page
run through them yields "claims" such as a subheading before a colon. Each
article's language is identified with py3langid (the identifier trafilatura
uses; its model ships inside the wheel, so nothing is downloaded), stored with
the article, and an article in another language is stored but not analysed.

Too little text to tell (a headline, a table line) or a guess the model is not
sure of is "und" (ISO 639-2 for undetermined) and analysed as English: a
stray short line should not lose an English article's facts.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

ENGLISH = "en"
UNDETERMINED = "und"
#: Fewer letters than this and no language is named: short lines are too easily mistaken.
MIN_LETTERS = 50
#: A language other than English is named only when the model is at least this sure (its probabilities are
#: normalised over 97 languages; news paragraphs in German, French or Spanish score above 0.99).
MIN_CONFIDENCE = 0.9
#: The model reads this many characters from the start of the article: enough to be sure, cheap on long ones.
SAMPLE_CHARS = 5000


@dataclass(frozen=True)
class LanguageGuess:
    """A language (ISO 639-1 code, or "und") and how sure the identifier is of it (0 to 1)."""

    code: str
    confidence: float

    @property
    def analysed(self) -> bool:
        """Whether the English pipeline runs over an article in this language."""
        return analysed_language(self.code)


def analysed_language(code: str | None) -> bool:
    """Whether an article in language ``code`` is analysed: English, too little to tell ("und"), or not
    identified (``None``: stored before languages were)."""
    return code in (ENGLISH, UNDETERMINED, None)


@lru_cache(maxsize=1)
def _identifier() -> Any:
    """py3langid's identifier, loaded once per process (about 0.4 s), with probabilities normalised."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def identify(text: str) -> LanguageGuess:
    """The language of ``text``, or "und" when there is too little of it or the guess is unsure."""
    sample = text[:SAMPLE_CHARS]
    if sum(character.isalpha() for character in sample) < MIN_LETTERS:
        return LanguageGuess(UNDETERMINED, 0.0)
    code, probability = _identifier().classify(sample)
    confidence = round(float(probability), 3)
    if code != ENGLISH and confidence < MIN_CONFIDENCE:
        return LanguageGuess(UNDETERMINED, confidence)
    return LanguageGuess(str(code), confidence)
