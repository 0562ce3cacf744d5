"""Stories: each new article joins the story of the most similar earlier article, or starts one.

Similarity is TF-IDF cosine over the article's words, headline, whole
entity names (people, organisations, places) and victims' ages, lowered by
the days between the two articles and when they date their events to
different days. Document frequencies (``link_df``) are kept as articles are
linked, so adding an article reads the postings of its own terms and the
terms of a few candidates, and never recomputes the corpus. Words shared by most of the corpus ("police",
"shooting") find no candidates: a story is found through what is particular
to it (names, streets, towns), which is also what tells two look-alike
events apart.

A near-identical article (the same wire story from another outlet) is marked
as a copy of the first one seen.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from newsledger.link.features import ArticleFeatures, words_of
from newsledger.model import content_hash
from newsledger.store.links import LinkTables

#: Cosine (after the date penalty) an article needs to join an earlier article's story.
JOIN_THRESHOLD = 0.15
#: Similarity lost per day between the two articles, up to a year: a follow-up joins only with more in common.
DAY_PENALTY = 0.004
MAX_PENALTY_DAYS = 365
#: Similarity lost when both articles date their events and no two of those days are within EVENT_DAY_SLACK.
EVENT_DAY_PENALTY = 0.1
EVENT_DAY_SLACK = 1
#: Similarity lost when both articles name towns and share none (two look-alike shootings in two towns).
TOWN_PENALTY = 0.2
TOWN_KM = 5  # closer than this is the same place under two names
#: Terms found in more than this share of linked articles do not propose candidates.
CANDIDATE_DF_SHARE = 0.05
#: ... and never more than this many articles, so a large ledger reads a bounded number of postings per term.
MAX_CANDIDATE_DF = 200
#: Rare terms an earlier article must share to be a candidate: one word ("said") is not a story.
MIN_SHARED_TERMS = 2
#: How many candidates, those with the most rare terms in common, are compared whole.
CANDIDATES = 10
#: Articles the inverse document frequency assumes on top of the ledger (see ``_idf``).
IDF_PRIOR = 10
#: Word 5-gram overlap (Jaccard) above which two articles are copies of one text.
COPY_JACCARD = 0.8
COPY_SHINGLE = 5


@dataclass
class StoryLink:
    """Where one article went."""

    article_id: str
    story_id: str
    matched: str | None = None
    score: float | None = None
    copy_of: str | None = None


def link_article(
    links: LinkTables, features: ArticleFeatures, created_at: str, analysis_text: Callable[[str], str]
) -> StoryLink:
    """Put one article into a story (inside the caller's transaction) and index its terms.

    ``analysis_text`` gives a stored article's text as it was analysed, to tell a near copy."""
    linked = links.linked_count()
    best = _best_match(links, features, linked)
    link = StoryLink(features.article_id, "s" + content_hash(features.article_id, 15))
    if best and best[1] >= JOIN_THRESHOLD:
        link.matched, link.score = best
        matched = links.linked_article(link.matched)
        assert matched is not None
        link.story_id = matched["story_id"]
        link.copy_of = _copy_of(features, link.matched, matched["copy_of"], analysis_text(link.matched))
    day = features.day.isoformat() if features.day else None
    links.add_to_story(
        link.article_id,
        link.story_id,
        new_story=link.matched is None,
        title=features.title,
        day=day,
        copy_of=link.copy_of,
        matched=link.matched,
        score=link.score,
        event_days=[d.isoformat() for d in features.event_days],
        towns=features.towns,
        order=linked + 1,
        created_at=created_at,
        terms=features.terms,
    )
    return link


def _idf(df: int, n: int) -> float:
    """Inverse document frequency, smoothed as if IDF_PRIOR more articles lacked the term.

    Without the prior, the second article of a ledger would weigh every word
    it shares with the first far below its own new words, and two reports of
    one event could not find each other until the ledger is large.
    """
    return math.log((n + IDF_PRIOR) / (df + 0.5))


def _best_match(links: LinkTables, features: ArticleFeatures, linked: int) -> tuple[str, float] | None:
    """The earlier article most similar to this one, with its date-penalised cosine.

    Candidates come from the postings of the article's rarer terms; the
    CANDIDATES with the most in common are then compared whole, with the
    document frequencies of now.
    """
    df = links.document_frequencies(list(features.terms))
    cap = max(3, min(CANDIDATE_DF_SHARE * linked, MAX_CANDIDATE_DF))
    rare = [t for t in features.terms if 0 < df.get(t, 0) <= cap]
    if not rare:
        return None
    weight = {t: features.terms[t] * _idf(df[t], linked) ** 2 for t in rare}
    overlap: dict[str, float] = {}
    shared: dict[str, int] = {}
    for term, other, tf in links.postings(rare):
        overlap[other] = overlap.get(other, 0.0) + weight[term] * tf
        shared[other] = shared.get(other, 0) + 1
    ranked = sorted((o for o in overlap if shared[o] >= MIN_SHARED_TERMS), key=lambda o: -overlap[o])
    shortlist = ranked[:CANDIDATES]
    vectors = links.vectors(shortlist)
    df.update(links.document_frequencies(list({t for v in vectors.values() for t in v} - set(df))))
    idf = {t: _idf(n, linked) for t, n in df.items()}
    ours = _weighted(features.terms, idf, linked)
    best: tuple[str, float] | None = None
    for other in shortlist:
        theirs = links.linked_article(other)
        assert theirs is not None
        other_day, other_events, other_towns = theirs["day"], theirs["event_days"], theirs["towns"]
        score = (
            _cosine(ours, _weighted(vectors[other], idf, linked))
            - _date_penalty(features.day, other_day)
            - _event_day_penalty(features.event_days, other_events)
            - _town_penalty(features.towns, other_towns)
        )
        if best is None or score > best[1]:
            best = (other, score)
    return best


def _weighted(terms: dict[str, float], idf: dict[str, float], linked: int) -> dict[str, float]:
    unseen = _idf(0, linked)
    return {t: tf * idf.get(t, unseen) for t, tf in terms.items()}


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(b) < len(a):
        a, b = b, a
    dot = sum(w * b[t] for t, w in a.items() if t in b)
    norm = math.sqrt(sum(w * w for w in a.values())) * math.sqrt(sum(w * w for w in b.values()))
    return dot / norm if norm else 0.0


def _date_penalty(day: date | None, other: str | None) -> float:
    """Less similarity the further apart two articles appeared; nothing when a date is unknown."""
    if day is None or not other:
        return 0.0
    days = abs((day - date.fromisoformat(other)).days)
    return DAY_PENALTY * min(days, MAX_PENALTY_DAYS)


def _event_day_penalty(days: list[date], other: list[str]) -> float:
    """Less similarity when the two articles date what happened to different days."""
    theirs = [date.fromisoformat(d) for d in other]
    if not days or not theirs:
        return 0.0
    nearest = min(abs((a - b).days) for a in days for b in theirs)
    return EVENT_DAY_PENALTY if nearest > EVENT_DAY_SLACK else 0.0


def _town_penalty(towns: list[tuple[float, float]], theirs: Sequence[Sequence[float]]) -> float:
    """Less similarity when both articles name towns and every town of one is far from every town of the other."""
    if not towns or not theirs:
        return 0.0
    nearest = min(_km(a, b) for a in towns for b in theirs)
    return TOWN_PENALTY if nearest > TOWN_KM else 0.0


def _km(a: Sequence[float], b: Sequence[float]) -> float:
    """Great-circle distance (haversine), enough to tell a suburb from another state."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(h))


def _copy_of(features: ArticleFeatures, matched: str, matched_copies: str | None, matched_text: str) -> str | None:
    """The original when this article repeats the matched one nearly word for word: the matched
    article, or the one it copies itself."""
    theirs = _shingles(words_of(matched_text))
    ours = _shingles(features.words)
    if not ours or not theirs or len(ours & theirs) / len(ours | theirs) < COPY_JACCARD:
        return None
    return matched_copies or matched


def _shingles(words: list[str]) -> set[tuple[str, ...]]:
    if len(words) < COPY_SHINGLE:
        return {tuple(words)} if words else set()
    return {tuple(words[i : i + COPY_SHINGLE]) for i in range(len(words) - COPY_SHINGLE + 1)}
