"""Page chrome: tell a scraped page whose text is not the article (a sign-in form, a paywall) from an article.

A scraper that met a sign-in form, a "Just One More Thing... We have sent you a
verification email" step or a "subscribe to continue reading" wall keeps that
form as the article's text. Left in, the form is analysed like news, and every
page of one site's form reads as a copy of every other, so unrelated stories
are linked as one. A real article may still end with a sign-up line ("Sign up
for our Noon Newsletter ..."): its news paragraphs are the article.

So the page is judged line by line (a scraped page's paragraphs are its
lines): a short line with a chrome phrase (``pagechrome.toml``) is chrome; a
line of four words or fewer ("Close", "Email", "Just One More Thing...") is
left out; every other line is text that could be news. The page is not the
article when it has chrome, the text that could be news is fewer than
``NEWS_MIN_WORDS`` words and the chrome is at least as long (a 30-word brief
ending with a sign-up line is still a brief). A page of three or more video-playlist lines
("0:33 Fire at Bluffton home Pause") and hardly any other text is a list of
other stories.

Linear in the text's length: each line is looked at once, long lines are
never matched against the phrases (chrome lines are short), and the
judgement stops as soon as enough news is seen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsledger.lexicon import Lexicon, LexiconError, load_lexicon

__all__ = ["NEWS_MIN_WORDS", "chrome_phrases", "not_article_reason"]

#: Fewer words than this outside chrome lines is too little to be news.
NEWS_MIN_WORDS = 40
#: A line of this many words or fewer counts neither way: "Close", "Email", "Thank You For Reading!".
TRIVIAL_MAX_WORDS = 4
#: A chrome line is a form's prompt or notice; a longer line is a paragraph, whatever phrase it quotes.
CHROME_MAX_CHARS = 400
#: A list of other stories has at least this many playlist lines.
PLAYLIST_MIN_LINES = 3
PLAYLIST_MAX_WORDS = 20
STORY_LIST = "a list of other stories"


def chrome_phrases(lexicon: Lexicon) -> dict[str, str]:
    """Phrase -> reason from a checked lexicon; a phrase that could never match (capitals, a run of spaces, a
    curly apostrophe: lines are lower-cased and normalised before matching) is refused, naming the file."""
    phrases = lexicon.groups("phrases")
    for phrase in phrases:
        if phrase != " ".join(phrase.lower().split()).replace("’", "'"):
            raise LexiconError(
                f"{lexicon.name} [[phrases]]: {phrase!r} can never match: write it lower-case, "
                "single-spaced, with straight apostrophes"
            )
    return phrases


_PHRASES = chrome_phrases(load_lexicon("newsledger", "pagechrome.toml"))
#: A line shorter than this holds no phrase and no more than four words (or a run of blanks): nothing to judge.
_SHORTEST = min(*map(len, _PHRASES), 2 * TRIVIAL_MAX_WORDS + 1)
#: The reasons in order of precedence (the file's order).
_REASONS = tuple(dict.fromkeys(_PHRASES.values()))
_CHROME = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, sorted(_PHRASES, key=len, reverse=True))) + r")(?!\w)")
#: A video playlist's entry: its length, then a headline without a full stop ("1:36 FBI: How to protect yourself").
_PLAYLIST = re.compile(r"\d{1,2}:\d{2}[ \t]+(?![ap]\.?m\b)\S", re.I)  # "7:15 PM First call" is a time
_SENTENCE_END = re.compile(r"""[.!?…]["”’'\)\]]*$""")


@dataclass
class _Tally:
    """What the lines seen so far add up to."""

    news_words: int = 0
    chrome_words: int = 0
    reason: int | None = None  # index into _REASONS of the highest-ranked chrome seen
    playlist_lines: int = 0
    playlist_words: int = 0

    def chrome(self, rank: int) -> None:
        self.reason = rank if self.reason is None else min(self.reason, rank)


def not_article_reason(text: str) -> str | None:
    """Why ``text`` is not an article ("a sign-in form", "a subscription wall", ...), or None for an article."""
    tally = _Tally()
    for line in text.splitlines():
        if len(line) < _SHORTEST or line.isspace():
            continue  # trivial, and cheap to pass over: a hostile text may be a million blank lines
        _judge_line(line, tally)
        if tally.news_words >= NEWS_MIN_WORDS:
            return None
    if tally.playlist_lines >= PLAYLIST_MIN_LINES:
        if tally.reason is None and tally.news_words < NEWS_MIN_WORDS:
            return STORY_LIST
    else:
        tally.news_words += tally.playlist_words  # a lone timed line is not a list
    if tally.reason is None or tally.news_words >= NEWS_MIN_WORDS or tally.chrome_words < tally.news_words:
        return None  # a short brief that ends with a sign-up line is still the article
    return _REASONS[tally.reason]


def _judge_line(line: str, tally: _Tally) -> None:
    """Add one line to the tally: chrome, a playlist entry, a trivial line, or text that could be news."""
    short = len(line) <= CHROME_MAX_CHARS
    words = line.split()
    if short and (rank := _chrome_rank(" ".join(words).lower().replace("’", "'"))) is not None:
        tally.chrome(rank)
        tally.chrome_words += len(words)
    elif short and _is_playlist_entry(line, words):
        tally.playlist_lines += 1
        tally.playlist_words += len(words)
    elif len(words) > TRIVIAL_MAX_WORDS:
        tally.news_words += len(words)


def _chrome_rank(line: str) -> int | None:
    """The highest-ranked reason among the chrome phrases in a normalised line, or None."""
    ranks = [_REASONS.index(_PHRASES[m.group()]) for m in _CHROME.finditer(line)]
    return min(ranks) if ranks else None


def _is_playlist_entry(line: str, words: list[str]) -> bool:
    """ "0:34 Parents canvass the county looking for their son": a length and a headline, no sentence."""
    stripped = line.strip()
    return (
        len(words) <= PLAYLIST_MAX_WORDS
        and _PLAYLIST.match(stripped) is not None
        and _SENTENCE_END.search(stripped) is None
    )
