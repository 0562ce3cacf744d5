"""Stories: each new article joins the story it is most like as a whole, or starts one.

An article is compared with a story's articles, not only with the one most like it: the story's score is
the mean of the article's best similarity to one of them and its mean similarity to all of them (up to
MEMBERS_COMPARED, those sharing most with it). A story about one actor entering rehab does not take in a
report about another through one article that mentions both; two look-alike earthquakes do not chain into
one story through the one report most like each.

Similarity between two articles is TF-IDF cosine over the article's words, headline, whole entity names
(people, organisations, places) and victims' ages, less what tells two events apart:
- when: the days between the two articles, the days they date what happened to, and the years;
- where: towns far apart when both name one;
- who: the people each is about, when neither names the other's;
- how many: killed figures far apart.
Sharing the person an article is about adds to it. Document frequencies (``link_df``) are kept as
articles are linked, so adding an article reads the postings of its own terms and the terms of a few
candidates, and never recomputes the corpus. Words shared by most of the corpus ("police", "shooting")
find no candidates: a story is found through what is particular to it (names, streets, towns).

A story does not grow past MAX_STORY_DAYS by chaining: a later article joins an older story only when its
own text dates what happened to the story's days (a trial, an anniversary).

A near-identical article (the same wire story from another outlet) is marked as a copy of the first one seen.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from newsledger.link.features import ArticleFeatures, words_of
from newsledger.model import content_hash
from newsledger.store.links import LinkTables

#: Story score (after the penalties) an article needs to join a story.
JOIN_THRESHOLD = 0.11
#: Similarity lost per day between the two articles, up to a year: a follow-up joins only with more in common.
DAY_PENALTY = 0.004
MAX_PENALTY_DAYS = 365
#: Similarity lost when both articles date their events and no two of those days are within EVENT_DAY_SLACK.
EVENT_DAY_PENALTY = 0.1
EVENT_DAY_SLACK = 1
#: Similarity lost when both articles name towns and share none (two look-alike shootings in two towns).
TOWN_PENALTY = 0.2
TOWN_KM = 5  # closer than this is the same place under two names
#: Similarity lost when each article is about people the other never names (two actors, two victims).
PEOPLE_PENALTY = 0.2
#: Similarity added when the two articles are about the same person.
SAME_PERSON_BONUS = 0.025
#: Similarity lost when both date what happened to years and share none (the 2008 and the 2013 patch).
YEAR_PENALTY = 0.1
#: Similarity lost when both give the dead and the figures are far apart (2 against 40, 3 against 10).
KILLED_PENALTY = 0.025
KILLED_APART = 0.5  # figures differing by more than half the larger (and by two at least) are far apart
#: A story's score mixes the best similarity to one of its articles and the mean over its articles.
BEST_SHARE = 0.5
#: At most this many of a story's articles (those sharing most rare terms with the new one) are compared.
MEMBERS_COMPARED = 12
#: Days a story may span; a later article joins beyond this only when its text dates the event to the story.
MAX_STORY_DAYS = 60
#: ... or when the story dates what happened to at most this many days before the article appeared.
EARLY_REPORT_DAYS = 7
#: Terms found in more than this share of linked articles do not propose candidates.
CANDIDATE_DF_SHARE = 0.05
#: ... and never more than this many articles, so a large ledger reads a bounded number of postings per term
#: (the share reaches it at 4,000 linked articles; from there an article reads about as many however large
#: the ledger grows).
MAX_CANDIDATE_DF = 200
#: Rare terms an earlier article must share to be a candidate: one word ("said") is not a story.
MIN_SHARED_TERMS = 2
#: How many candidate stories (those of the articles with the most rare terms in common) are compared.
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
    best = _best_story(links, features, linked)
    link = StoryLink(features.article_id, "s" + content_hash(features.article_id, 15))
    if best and best.score >= JOIN_THRESHOLD:
        link.story_id, link.matched, link.score = best.story_id, best.article_id, best.score
        link.copy_of = _copy_of(features, best.article_id, analysis_text(best.article_id))
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
        people={"about": features.people, "named": features.named},
        years=features.years,
        killed=features.killed,
    )
    return link


def _idf(df: int, n: int) -> float:
    """Inverse document frequency, smoothed as if IDF_PRIOR more articles lacked the term.

    Without the prior, the second article of a ledger would weigh every word
    it shares with the first far below its own new words, and two reports of
    one event could not find each other until the ledger is large.
    """
    return math.log((n + IDF_PRIOR) / (df + 0.5))


@dataclass
class StoryMatch:
    """The story an article is most like: its score, and the article of it most like the new one."""

    story_id: str
    score: float
    article_id: str


def _best_story(links: LinkTables, features: ArticleFeatures, linked: int) -> StoryMatch | None:
    """The story most like this article, scored as a whole (see the module's docstring).

    Candidates come from the postings of the article's rarer terms: the stories of the articles with the
    most in common. Each candidate story's articles (MEMBERS_COMPARED at most, those sharing most with the
    new one) are compared whole, with the document frequencies of now.
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
    # enough to find CANDIDATES stories, never the whole list (nsmallest: sorted()[:n], ties in order, unsorted rest)
    shortlist = heapq.nsmallest(
        CANDIDATES * MEMBERS_COMPARED, (o for o in overlap if shared[o] >= MIN_SHARED_TERMS), key=lambda o: -overlap[o]
    )
    if not shortlist:
        return None
    story_of = links.stories_of(shortlist)  # only their stories: the rows read whole are those compared
    stories = list(dict.fromkeys(story_of[a] for a in shortlist if a in story_of))[:CANDIDATES]
    compared = {
        story: sorted(members, key=lambda a: -overlap.get(a, 0.0))[:MEMBERS_COMPARED]
        for story, members in links.story_members(stories).items()
    }
    rows = links.linked_articles([a for members in compared.values() for a in members])
    spans = links.story_days(stories)
    open_stories = {  # a story the article may not join costs no vectors: the older the ledger, the more of them
        story: members
        for story in stories
        if (members := [a for a in compared[story] if a in rows])
        and _within_span(features, spans.get(story, (None, None)), [rows[a] for a in members])
    }
    vectors = links.vectors([a for members in open_stories.values() for a in members])
    df.update(links.document_frequencies(list({t for v in vectors.values() for t in v} - set(df))))
    idf = {t: _idf(n, linked) for t, n in df.items()}
    ours = _weighted(features.terms, idf, linked)
    best: StoryMatch | None = None
    for story, members in open_stories.items():
        scores = {a: _similarity(features, ours, _weighted(vectors[a], idf, linked), rows[a]) for a in members}
        nearest = max(scores, key=lambda a: scores[a])
        score = BEST_SHARE * scores[nearest] + (1 - BEST_SHARE) * sum(scores.values()) / len(scores)
        if best is None or score > best.score:
            best = StoryMatch(story, score, nearest)
    return best


def _similarity(
    features: ArticleFeatures, ours: dict[str, float], theirs: dict[str, float], row: dict[str, Any]
) -> float:
    """Cosine of two articles' weighted terms, less what says they report two events, plus a shared person."""
    people = row["people"]
    return (
        _cosine(ours, theirs)
        - _date_penalty(features, row["day"], row["event_days"])
        - _event_day_penalty(features.event_days, row["event_days"])
        - _town_penalty(features.towns, row["towns"])
        - _people_penalty(features, people.get("about", []), people.get("named", []))
        + (SAME_PERSON_BONUS if set(features.people) & set(people.get("about", [])) else 0.0)
        - (YEAR_PENALTY if features.years and row["years"] and not set(features.years) & set(row["years"]) else 0.0)
        - _killed_penalty(features.killed, row["killed"])
    )


def _people_penalty(features: ArticleFeatures, about: list[str], named: list[str]) -> float:
    """Less similarity when each article is about people the other never names."""
    if not features.people or not about:
        return 0.0
    if set(features.people) & set(named) or set(about) & set(features.named):
        return 0.0
    return PEOPLE_PENALTY


def _killed_penalty(killed: float | None, other: float | None) -> float:
    """Less similarity when the two articles' death tolls are far apart."""
    if killed is None or other is None:
        return 0.0
    apart = abs(killed - other)
    return KILLED_PENALTY if apart >= 2 and apart > KILLED_APART * max(killed, other) else 0.0


def _within_span(
    features: ArticleFeatures, span: tuple[date | None, date | None], members: Sequence[dict[str, Any]]
) -> bool:
    """Whether the story may take the article: it still spans at most MAX_STORY_DAYS, or the two are dated
    together. Either the article's text dates what happened to a day the story already has (its first and
    last days, and the days its compared articles appeared on or date events to), no later than
    MAX_STORY_DAYS after its first day so that no run of follow-ups moves the window along (a trial or an
    anniversary recalls the event); or the article appeared before the story's first day and the story's
    compared articles date what happened to the days just before it (an early report of what the later
    articles recall: articles do not arrive in the order they were published)."""
    first, last = span
    if features.day is None or first is None or last is None:
        return True
    if (max(last, features.day) - min(first, features.day)).days <= MAX_STORY_DAYS:
        return True
    slack = timedelta(days=EVENT_DAY_SLACK)
    recalled = {d for row in members for d in row["event_days"]}
    known = {first, last, *recalled, *(row["day"] for row in members if row["day"])}
    window = {d for d in known if d <= first + timedelta(days=MAX_STORY_DAYS)}
    if any(abs((d - e).days) <= EVENT_DAY_SLACK for d in features.event_days for e in window):
        return True
    if features.day >= first:
        return False
    return any(features.day - timedelta(days=EARLY_REPORT_DAYS) <= d <= features.day + slack for d in recalled)


def _weighted(terms: dict[str, float], idf: dict[str, float], linked: int) -> dict[str, float]:
    unseen = _idf(0, linked)
    return {t: tf * idf.get(t, unseen) for t, tf in terms.items()}


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(b) < len(a):
        a, b = b, a
    dot = sum(w * b[t] for t, w in a.items() if t in b)
    norm = math.sqrt(sum(w * w for w in a.values())) * math.sqrt(sum(w * w for w in b.values()))
    return dot / norm if norm else 0.0


def _date_penalty(features: ArticleFeatures, other: date | None, other_events: Sequence[date]) -> float:
    """Less similarity the further apart two articles appeared; nothing when a date is unknown.

    A later article that dates what happened ("the shooting on March 2") is as far from the other as
    that day is: a trial months on is about the day of the crime, and so is the crime's first report."""
    if features.day is None or other is None:
        return 0.0
    theirs = [other, *other_events]
    days = min(
        abs((day - day_of_theirs).days) for day in [features.day, *features.event_days] for day_of_theirs in theirs
    )
    return DAY_PENALTY * min(days, MAX_PENALTY_DAYS)


def _event_day_penalty(days: list[date], theirs: Sequence[date]) -> float:
    """Less similarity when the two articles date what happened to different days."""
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


def _copy_of(features: ArticleFeatures, matched: str, matched_text: str) -> str | None:
    """The matched article when this one repeats it nearly word for word. A story's copies are never
    matched (only its originals are compared), so a copy always points to an original, never to a copy."""
    theirs = _shingles(words_of(matched_text))
    ours = _shingles(features.words)
    if not ours or not theirs or len(ours & theirs) / len(ours | theirs) < COPY_JACCARD:
        return None
    return matched


def _shingles(words: list[str]) -> set[tuple[str, ...]]:
    if len(words) < COPY_SHINGLE:
        return {tuple(words)} if words else set()
    return {tuple(words[i : i + COPY_SHINGLE]) for i in range(len(words) - COPY_SHINGLE + 1)}
