"""The typed records newsledger hands out: one per fact, the same in the library, the CLI and the export.

Every reading face (``Ledger``'s read methods, the JSONL export, the CLI's
``--json``, the coming HTTP API) returns these records; the JSON Schema that
``newsledger schema`` prints is generated from them, so the contract and the
code cannot drift apart. Fields are only ever added: a consumer written
against an older ``schema_version`` keeps working.

Spans point into the text of the item an article came from:
``item_text[span.start:span.end] == span.text`` always holds.
"""

from __future__ import annotations

import math
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

#: Version of the export contract (one JSON object per article). The minor number grows when fields are
#: added; fields are never renamed or dropped, so there is no major change to follow.
EXPORT_SCHEMA_VERSION = "1.4"


class Stance(StrEnum):
    """How a source holds what it says."""

    ASSERT = "assert"
    BELIEF = "belief"
    PLEDGE = "pledge"
    CONFIRM = "confirm"
    DENY = "deny"
    NO_COMMENT = "no_comment"
    REFER = "refer"
    ALLEGE = "allege"
    NO_NUMBER = "no_number"


class ClaimKind(StrEnum):
    """How the content is given: quoted, reported, partly quoted, or not at all (a non-answer)."""

    DIRECT = "direct"
    INDIRECT = "indirect"
    MIXED = "mixed"
    NONE = "none"


class Category(StrEnum):
    """What happened to the people counted."""

    KILLED = "killed"
    WOUNDED = "wounded"
    KILLED_OR_WOUNDED = "killed_or_wounded"
    INJURED = "injured"
    MISSING = "missing"
    EVACUATED = "evacuated"
    DETAINED = "detained"
    DISPLACED = "displaced"
    DEPLOYED = "deployed"
    AFFECTED = "affected"
    ILL = "ill"  # cases, infections and the hospitalised of an illness; deaths from it are killed


#: The categories a story's casualty comparison lines up.
CASUALTY_CATEGORIES = (
    Category.KILLED,
    Category.WOUNDED,
    Category.INJURED,
    Category.KILLED_OR_WOUNDED,
    Category.MISSING,
)


class Confirmation(StrEnum):
    """Whether an illness count's cases are suspected or confirmed ("15 suspected cases of cholera")."""

    SUSPECTED = "suspected"
    CONFIRMED = "confirmed"


class Qualifier(StrEnum):
    """How exact a figure is."""

    EXACT = "exact"
    APPROX = "approx"
    AT_LEAST = "at_least"
    AT_MOST = "at_most"
    RANGE = "range"
    UNSPECIFIED = "unspecified"


class CountBasis(StrEnum):
    """What a count rests on: a number, a named or described victim, or words meaning none."""

    NUMBER = "number"
    DESCRIBED = "described"
    ZERO = "zero"


class Status(StrEnum):
    """Whether the article itself says a figure was revised."""

    CURRENT = "current"
    SUPERSEDED = "superseded"


class Scope(StrEnum):
    """A figure for the incident, or a running total ("the death toll rose to")."""

    INCIDENT = "incident"
    CUMULATIVE = "cumulative"


class CasualtyBasis(StrEnum):
    """Where an article's casualty estimate comes from."""

    TEXT = "text"
    HEADLINE = "headline"


class TimexType(StrEnum):
    """TIMEX3 types."""

    DATE = "DATE"
    TIME = "TIME"
    DURATION = "DURATION"
    SET = "SET"


class ReferenceSource(StrEnum):
    """Where the date relative expressions were resolved against came from."""

    PUBLISHED = "published"
    DATELINE = "dateline"


class Mark(StrEnum):
    """How a figure or claim stands against the rest of its story."""

    AGREES = "agrees"
    CONFLICTS = "conflicts"
    SUPERSEDES = "supersedes"
    SUPERSEDED = "superseded"
    UNSOURCED = "unsourced"
    NO_FIGURE = "no_figure"
    NO_COMMENT = "no_comment"


# -- one way to print a figure ---------------------------------------------------------------------------

#: "about 30" stands for 30 ± 25 %.
APPROX_MARGIN = 0.25


def number_text(value: float) -> str:
    """A number as a person writes it: 1,500 not 1500.0; 2.5 stays 2.5; infinity as ∞."""
    if math.isinf(value):
        return "∞"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"


class Figure(BaseModel):
    """A number with its qualifier, as counts, money and casualty estimates give one."""

    model_config = ConfigDict(frozen=True)

    value: float | None = None
    min: float | None = None
    max: float | None = None
    qualifier: Qualifier = Qualifier.EXACT

    @property
    def text(self) -> str:
        """The one way a figure is printed: "about 30", "10,000 to 12,000", "at least 3", "up to 12", "some"."""
        low = self.min if self.min is not None else self.value
        high = self.max if self.max is not None else self.value
        if self.qualifier == Qualifier.RANGE and self.min is not None and self.max is not None:
            return f"{number_text(self.min)} to {number_text(self.max)}"
        if self.qualifier == Qualifier.AT_LEAST and low is not None:
            return f"at least {number_text(low)}"
        if self.qualifier == Qualifier.AT_MOST and high is not None:
            return f"up to {number_text(high)}"
        if self.value is None:
            return "some"
        return ("about " if self.qualifier == Qualifier.APPROX else "") + number_text(self.value)

    def interval(self) -> tuple[float, float]:
        """The figures it allows: "about 30" is 22.5 to 37.5, "at least 3" is 3 or more, "some" is 1 or more."""
        if self.qualifier == Qualifier.RANGE and self.min is not None and self.max is not None:
            return self.min, self.max
        if self.value is None:
            return (self.min if self.min is not None else 1.0), (self.max if self.max is not None else math.inf)
        if self.qualifier == Qualifier.APPROX:
            return self.value * (1 - APPROX_MARGIN), self.value * (1 + APPROX_MARGIN)
        if self.qualifier == Qualifier.AT_LEAST:
            return self.value, math.inf
        if self.qualifier == Qualifier.AT_MOST:
            return 0.0, self.value
        return self.value, self.value


# -- records ---------------------------------------------------------------------------------------------


class Record(BaseModel):
    """A record of the export contract: unknown fields are refused, so the schema says all there is."""

    model_config = ConfigDict(extra="forbid", use_enum_values=True, json_schema_serialization_defaults_required=True)


class Span(Record):
    """A stretch of the item's text: ``item_text[start:end] == text``."""

    text: str = Field(description="the stretch of text as written")
    start: int = Field(description="character offset into the item's text")
    end: int = Field(description="character offset into the item's text, exclusive")


class WhenSpan(Span):
    """A time phrase, with its TIMEX3 value (and type) when it is one of the article's time expressions."""

    value: str | None = Field(
        default=None,
        exclude_if=lambda v: v is None,
        description="TIMEX3 value of the time expression, when it is normalised",
    )
    type: TimexType | None = Field(
        default=None, exclude_if=lambda v: v is None, description="TIMEX3 type (counts only)"
    )


class Entity(Record):
    """An entity of one article with every mention of it."""

    id: str = Field(description="stable id of the entity in its article (entities.id)")
    name: str = Field(description="the canonical name within the article")
    type: str = Field(description="spaCy label: PERSON, ORG, GPE, NORP, FAC, LOC, ...")
    mentions: list[Span]
    identity: str | None = Field(default=None, description="the corpus-wide identity (identities.id)")


class Timex(Record):
    """A time expression normalised to TIMEX3 against the article's reference date."""

    id: str = Field(description="stable id of the time expression (times.id)")
    text: str = Field(description="the expression as written")
    start: int = Field(description="character offset into the item's text")
    end: int = Field(description="character offset into the item's text, exclusive")
    type: TimexType
    value: str = Field(description="TIMEX3 value; underspecified (X for unknown digits) without a reference date")
    mod: str | None = Field(default=None, exclude_if=lambda v: v is None, description="APPROX, START, END, ...")
    anchor: str | None = Field(
        default=None,
        exclude_if=lambda v: v is None,
        description="how a relative value hangs on the reference date: DCT-P1D",
    )


class ReferenceDate(Record):
    """The date relative expressions were resolved against."""

    value: str = Field(description="ISO date relative expressions were resolved against")
    source: ReferenceSource = Field(description="published (the input's date) or dateline (the article's own)")


class Claim(Record):
    """One attributed statement: who said what, how, through which channel, when."""

    id: str = Field(description="stable id of the claim (claims.id)")
    article: str | None = Field(default=None, description="the id of the article the claim is in")
    source: Span | None = Field(description="who the claim is attributed to, as written; null for no source")
    speaker: str | None = Field(description="canonical name of the entity the source refers to")
    speaker_entity: str | None = Field(description="entities.id of that entity")
    anonymous: bool = Field(description="an unnamed source: officials, a local official")
    cue: Span
    content: list[Span] | None = Field(description="what was said, in one or more pieces; null for a non-answer")
    kind: ClaimKind
    stance: Stance
    channel: Span | None = Field(description='"in a public post on Telegram"')
    audience: Span | None = Field(description='"reporters"')
    when: WhenSpan | None = Field(description="the time of the saying, with its TIMEX3 value when resolved")
    confidence: float = Field(description="how sure the finder is: rules 0.6 to 0.9, the learnt tagger's cues 0.5")
    sentence: Span = Field(description="the sentence the cue is in")

    @property
    def content_text(self) -> str | None:
        return " … ".join(part.text for part in self.content) if self.content else None

    @property
    def said_by(self) -> str:
        """The speaker's name, else the source as written."""
        return self.speaker or (self.source.text if self.source else "(no source)")

    @property
    def offset(self) -> int:
        """Where the claim starts in the item's text: the first of its spans."""
        spans = [self.cue, *(self.content or [])] + ([self.source] if self.source else [])
        return min(span.start for span in spans)


class Count(Record):
    """A count of people: what happened to them, how many, where, when, according to whom."""

    id: str = Field(description="stable id of the count (counts.id)")
    article: str | None = Field(default=None, description="the id of the article the count is in")
    text: str = Field(description="the count phrase")
    start: int = Field(description="character offset of the count phrase into the item's text")
    end: int = Field(description="end of the count phrase, exclusive")
    category: Category = Field(description="what happened to the people counted")
    subject: str | None = Field(description='who was counted: "North Korean troops"')
    value: float | None = Field(description="the figure; null for a range, a bound or an unspecified amount")
    min: float | None = Field(description='lower bound: "at least 3", the start of a range')
    max: float | None = Field(description='upper bound: "up to 12", the end of a range')
    qualifier: Qualifier = Field(description="how exact the figure is")
    basis: CountBasis = Field(
        description="number, described (a named or described victim) or zero (words meaning none)"
    )
    number: Span | None = Field(description="the number phrase itself; null for described victims")
    location: str | None = Field(description="where, as the sentence names it")
    when: WhenSpan | None = Field(description="the time phrase of the sentence, with its TIMEX3 value and type")
    source: Span | None = Field(description="whom the sentence attributes the figure to")
    claim: str | None = Field(description="the id of the claim whose content holds the count")
    status: Status = Field(description="superseded when the article says the figure was revised")
    scope: Scope = Field(description='cumulative for running totals ("the death toll rose to")')
    sentence: Span = Field(description="the sentence the count is in")
    confirmation: Confirmation | None = Field(
        default=None,
        description='category ill: suspected or confirmed cases ("15 suspected cases"); null when the text does '
        "not say, and for every other category",
    )
    disease: str | None = Field(
        default=None,
        description='categories ill and killed: the disease as the sentence names it ("cholera", "died of cholera"); '
        "null when none is named",
    )

    @property
    def figure(self) -> Figure:
        return Figure(value=self.value, min=self.min, max=self.max, qualifier=self.qualifier)


class Money(Record):
    """An amount of money with its currency (ISO 4217)."""

    id: str = Field(description="stable id of the amount (money.id)")
    text: str = Field(description='the amount as written: "US$3.5 billion"')
    start: int = Field(description="character offset into the item's text")
    end: int = Field(description="character offset into the item's text, exclusive")
    currency: str | None = Field(description="ISO 4217 code: USD")
    value: float | None = Field(description="the amount in units of the currency; null for a range or bound")
    min: float | None = Field(description="lower bound")
    max: float | None = Field(description="upper bound")
    qualifier: Qualifier = Field(description="how exact the amount is")

    @property
    def figure(self) -> Figure:
        return Figure(value=self.value, min=self.min, max=self.max, qualifier=self.qualifier)


class HeadlinePhrase(Record):
    """A phrase of the article's title; its offsets point into the title, not the item's text."""

    phrase: str = Field(description="the phrase of the title")
    title_start: int = Field(description="character offset into the article's title")
    title_end: int = Field(description="character offset into the article's title, exclusive")


class Casualty(Record):
    """An article's best estimate for one category and the counts it rests on."""

    value: float | None = Field(description="null when the article says some but not how many")
    qualifier: Qualifier = Field(description="how exact the estimate is")
    counts: list[Span] = Field(description="the count phrases the estimate rests on")
    basis: CasualtyBasis = Field(description="text, or headline when the figure is the input's headline's")
    headline: list[HeadlinePhrase] | None = Field(default=None, description="basis headline: the title's phrases")

    @property
    def figure(self) -> Figure:
        """The estimate as a figure; a range keeps only its lower end here, so it reads "at least"."""
        if self.qualifier == Qualifier.RANGE:
            return Figure(value=None, min=self.value, qualifier=Qualifier.AT_LEAST)
        return Figure(value=self.value, min=self.value, max=self.value, qualifier=self.qualifier)


class Casualties(Record):
    """Killed, injured and missing, each the article's best estimate or null."""

    killed: Casualty | None = Field(default=None, description="the article's estimate of the killed")
    injured: Casualty | None = Field(default=None, description="the article's estimate of the injured and wounded")
    missing: Casualty | None = Field(default=None, description="the article's estimate of the missing")


class ArticleEvent(Record):
    """What an article reports happened, as ACLED codes events (or a kind of event ACLED leaves out)."""

    type: str = Field(
        description='ACLED event type ("Battles", "Explosions/Remote violence", "Violence against civilians", '
        '"Protests", "Riots", "Strategic developments"), or "none" for an event ACLED does not code'
    )
    sub_type: str = Field(
        description='ACLED sub-event type ("Armed clash", "Air/drone strike", "Peaceful protest" ...); for type '
        '"none" the kind of event: "Organised crime", "Natural disaster", "Man-made disaster", "Diplomatic '
        'event" or "Attribution of responsibility"'
    )
    trigger: Span | None = Field(description="the words that say it happened; null when only the headline says it")
    actor1: str | None = Field(description='who acted, as ACLED names actors ("Military Forces of North Korea")')
    actor2: str | None = Field(description="against whom; null when the text names nobody")
    location: str | None = Field(description="the most specific place the text gives for it")
    date: str | None = Field(description="ISO date of the first day the text dates it to; null when undated")
    time_precision: int | None = Field(description="ACLED's: 1 the day is known, 2 the week, 3 the month")
    fatalities: int = Field(description="the article's best killed estimate, 0 when it gives no number (ACLED's way)")
    confidence: float = Field(description="how sure the rules are, 0 to 1: a rule's certainty, not a probability")


class Article(Record):
    """One article with every fact found in it: one line of the JSONL export."""

    schema_version: str = Field(default=EXPORT_SCHEMA_VERSION, description="version of this contract")
    id: str = Field(description="a hash of the article's text")
    item: str = Field(description="the JSONL id of the input, else the file path as given")
    span: tuple[int, int] = Field(description="[start, end] of the article in its item's text")
    title: str | None = Field(description="the title given by the input, or a headline line at the top of the article")
    kicker: Span | None = Field(description='the ALL-CAPS kicker ("TESTING BAN"), not body text')
    published: str | None = Field(description="ISO date as given; null when unknown (never guessed)")
    outlet: str | None = Field(description="as given by the input; null when unknown")
    url: str | None = Field(description="as given by the input; null when unknown")
    author: str | None = Field(description="as given by the input; null when unknown")
    truncated: bool = Field(description="true when the article is cut off mid-sentence")
    language: str | None = Field(
        default=None,
        description='ISO 639-1 code of the article\'s language ("en"); "und" when there is too little text to '
        'tell; null when stored before languages were identified (schema 1.0). Only English and "und" are '
        "analysed: an article in another language is stored with no facts and stays out of stories",
    )
    not_article: str | None = Field(
        default=None,
        description='why the scraped text is not the article but a page\'s form ("a sign-in form", "a subscription '
        'wall"); null for an article and when stored before schema 1.3. Only its title is analysed: every line '
        "of its text is boilerplate",
    )
    boilerplate: list[Span] = Field(description="lines kept in the source but left out of analysis (photo credits)")
    entities: list[Entity] = Field(default_factory=list, description="named entities with every mention")
    times: list[Timex] = Field(default_factory=list, description="time expressions normalised to TIMEX3")
    reference_date: ReferenceDate | None = Field(default=None, description="what relative times resolve against")
    claims: list[Claim] = Field(default_factory=list, description="attributed claims")
    counts: list[Count] = Field(default_factory=list, description="counts of people")
    casualties: Casualties = Field(default_factory=Casualties, description="the article's best estimates")
    money: list[Money] = Field(default_factory=list, description="amounts of money")
    events: list[ArticleEvent] = Field(
        default_factory=list,
        description="what the article reports happened, its main event first; empty when it reports no event "
        "and for articles stored before newsledger typed events (ledger schema 8, export schema 1.4)",
    )
    story: str | None = Field(default=None, description="the id of the article's story")
    copy_of: str | None = Field(default=None, description="the earlier article this one repeats nearly word for word")

    def export(self) -> dict[str, Any]:
        """The article as one line of the JSONL export."""
        return self.model_dump(mode="json")


class ArticleSummary(Record):
    """An article as a list shows it."""

    id: str
    item: str
    published: str | None
    outlet: str | None
    title: str | None
    kicker: str | None
    head: str = Field(description="the first 200 characters of the article")
    entities: int
    truncated: bool


class SnippetPart(Record):
    text: str
    hit: bool


class SearchHit(Record):
    """An article matching a full-text query, with the words around the hits."""

    article: str
    title: str | None
    kicker: str | None
    published: str | None
    snippet: list[SnippetPart]


class SearchResults(Record):
    """What a full-text query found, and how the query was read."""

    query: str
    as_words: bool = Field(
        description="true when FTS5 could not parse the query, so its words were searched for instead"
    )
    problem: str | None = Field(description="why FTS5 could not parse the query, in its words; null when it could")
    hits: list[SearchHit]


class TimelineEntry(Record):
    """A dated claim or count."""

    date: str = Field(description="TIMEX3 value of the fact's time expression")
    article: str
    kind: str = Field(description="claim | count")
    fact: str = Field(description='"killed about 30", "claim: said (assert)"')
    source: str
    text: str
    claim: Claim | None = None
    count: Count | None = None


# -- across articles -------------------------------------------------------------------------------------


class Report(Record):
    """One article's figure for one category of a story's casualty estimate."""

    article_id: str
    day: str | None
    outlet: str | None
    value: float | None
    qualifier: Qualifier


class Estimate(Record):
    """A story's casualty figure as UCDP gives one: low, best and high, with who said what."""

    category: str
    low: float | None
    best: float | None
    high: float | None = Field(description="null when open-ended (at least ...)")
    reports: list[Report] = Field(default_factory=list)


class Statement(Record):
    """One source's word on a subject: a figure (from a count) or a claim without one."""

    article_id: str
    day: str | None
    outlet: str | None
    source: str | None = Field(
        description="the speaker's corpus-wide name, else the source as written; null: the outlet's own voice"
    )
    cue: str | None
    stance: Stance | None
    category: Category | None
    figure: str | None = Field(description='"about 30", "at least 3", "some", "4"')
    low: float | None
    high: float | None = Field(description="null when open-ended")
    text: str
    sentence: Span
    status: Status = Status.CURRENT
    mark: Mark = Mark.AGREES
    claim_id: str | None = None
    count_id: str | None = None


class Line(Record):
    """Everything a story's sources say about one subject."""

    subject: str
    statements: list[Statement] = Field(default_factory=list)


class Event(Record):
    """One event record per story, in ACLED's terms: what most of the story's articles report happened."""

    story_id: str = Field(description="the story's id")
    event_date: str | None = Field(description="ISO date of the event, else of the first report; null when undated")
    event_type: str = Field(
        description="the ACLED event type most of the story's original articles report as their main event; "
        '"none" when that is an event ACLED does not code (see sub_event_type) or no article reports one'
    )
    actor1: str | None = Field(description='who acted, as ACLED names actors ("Military Forces of North Korea")')
    actor2: str | None = Field(description="the other actor; null when the articles name only one or none")
    location: str | None = Field(
        description="the most specific place the articles give for the event (a town before its country)"
    )
    latitude: float | None = Field(description="the location's, when the gazetteer has a point for it")
    longitude: float | None = Field(description="the location's, when the gazetteer has a point for it")
    fatalities: int = Field(description="the story's best killed estimate, 0 when no article gives a number")
    sources: list[str] = Field(description="the outlets of the story's articles, in the order they came")
    notes: str = Field(description="the first article's title, and what the coder should check")
    time_precision: int | None = Field(default=None, description="ACLED's: 1 day, 2 week, 3 month or first report")
    sub_event_type: str | None = Field(
        default=None,
        description='ACLED sub-event type ("Armed clash" ...) of event_type; for event_type "none" the kind of '
        'event ("Man-made disaster", "Organised crime" ...); null when no article reports an event',
    )
    other_types: list[str] = Field(
        default_factory=list,
        description="what the story's other articles report instead, with how many: "
        '["Riots/Violent demonstration (1 article)"]',
    )


class StoryArticle(Record):
    """An article of a story, in the order it was linked."""

    id: str
    title: str | None
    outlet: str | None
    url: str | None
    day: str | None
    copy_of: str | None
    score: float | None


class StorySummary(Record):
    """A story as a list shows it."""

    id: str
    label: str | None
    first_day: str | None
    last_day: str | None
    articles: int
    copies: int
    killed: Estimate | None
    place: str | None = Field(default=None, description="the place the story's articles mention most")


class Story(Record):
    """One story: its articles, its event, its casualty estimate and what each source says, side by side."""

    story: str
    event: Event
    articles: list[StoryArticle]
    casualties: dict[str, Estimate]
    lines: list[Line]


class Identity(Record):
    """One person, organisation or place across the whole ledger."""

    id: str
    name: str
    type: str = Field(description="PERSON | ORG | PLACE | NORP | ...")
    aliases: list[str]
    articles: int
    geonameid: int | None = None
    place_kind: str | None = None
    country: str | None = None
    admin1: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    candidates: int | None = None


class StoryRef(Record):
    id: str
    label: str | None
    first_day: str | None


class DatedClaim(Record):
    published: str | None
    claim: Claim


class IdentityRecord(Record):
    """An identity with the stories it is in, the claims it made and the counts in those claims."""

    identity: Identity
    stories: list[StoryRef]
    claims: list[DatedClaim]
    counts: list[Count] = Field(default_factory=list, description="counts of people in what it said")


def finite(value: float | None) -> float | None:
    """JSON has no infinity: an open-ended figure's bound is null."""
    return None if value is None or not math.isfinite(value) else value


def export_json_schema() -> dict[str, Any]:
    """The JSON Schema of one line of the JSONL export."""
    schema = Article.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://newsledger.invalid/schema/article-{EXPORT_SCHEMA_VERSION}.json"
    schema["description"] = (
        "One article of the newsledger JSONL export with every fact found in it. Fields are only ever added."
    )
    return schema
