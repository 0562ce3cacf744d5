"""The URLs: each page and its JSON twin under /api take the same query parameters and read the same data.

A ``*_data`` function turns query parameters into records by calling one ``Ledger`` read method; the
``api`` route returns those records as JSON (or a list as CSV or JSONL), the ``pages`` route lays them
out with a template. Nothing here writes, and nothing builds SQL.
"""

from __future__ import annotations

import csv
import functools
import io
import json
from collections.abc import Callable, Sequence
from datetime import date
from typing import Annotated, Any, Generic, Literal, TypeVar

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from newsledger.ledger import Ledger
from newsledger.records import (
    Article,
    ArticleSummary,
    Category,
    Claim,
    Count,
    Identity,
    IdentityRecord,
    SearchHit,
    Stance,
    Story,
    StorySummary,
    TimelineEntry,
)
from newsledger.serve import present
from newsledger.serve.app import HERE

api = APIRouter(prefix="/api", tags=["api"])
pages = APIRouter(include_in_schema=False)

T = TypeVar("T")

#: An ISO day, month or year, as the stories' days are written.
ISO_DAY = r"^\d{4}(-\d{2}(-\d{2})?)?$"
Format = Literal["json", "csv", "jsonl"]
FormatQuery = Annotated[Format, Query(description="json (a page of records), csv or jsonl (the records only)")]


# -- the shapes of lists -------------------------------------------------------------------------------


class Page(BaseModel, Generic[T]):
    """A page of a list: its records, where it starts, and the URL of the next page (null on the last)."""

    model_config = ConfigDict(extra="forbid")

    items: list[T]
    offset: int
    limit: int
    next: str | None = Field(description="the URL of the next page; null on the last")


class SearchPage(Page[SearchHit]):
    """A page of full-text search hits, and how the query was read."""

    query: str
    as_words: bool = Field(description="true when FTS5 could not parse the query, so its words were searched")
    problem: str | None = Field(description="FTS5's reason, when it could not parse the query")


class ArticleView(BaseModel):
    """An article's record with its text (a span's offsets minus ``article.span[0]`` index into ``text``)."""

    model_config = ConfigDict(extra="forbid")

    article: Article
    text: str


# -- query parameters ----------------------------------------------------------------------------------


class Paging(BaseModel):
    limit: int = Field(25, ge=1, le=1000, description="at most this many records")
    offset: int = Field(0, ge=0, le=10**9, description="skip this many records (pages)")

    @model_validator(mode="before")
    @classmethod
    def _blank_is_unset(cls, data: Any) -> Any:
        """A filter form sends its empty fields as ``name=``: an empty value means no filter."""
        if isinstance(data, dict):
            return {key: value for key, value in data.items() if value != ""}
        return data


class StoryFilters(Paging):
    since: str | None = Field(
        None, pattern=ISO_DAY, description="stories with a day on or after it (ISO day, month or year)"
    )
    until: str | None = Field(
        None, pattern=ISO_DAY, description="stories with a day on or before it (ISO day, month or year)"
    )
    place: str | None = Field(None, max_length=200, description="stories one of whose articles names a place like it")
    category: Category | None = Field(None, description="stories counting people of this category")
    min_articles: int = Field(1, ge=1, le=10**9, description="stories with at least this many articles")

    @field_validator("since", "until")
    @classmethod
    def _a_real_period(cls, value: str | None) -> str | None:
        """2024, 2024-03 or 2024-03-05, and a day that exists (not 2024-02-30)."""
        if value is not None:
            year, month, day = [*map(int, value.split("-")), 1, 1][:3]
            date(year, month, day)  # ValueError: a 400 saying which date is impossible
        return value


class ClaimFilters(Paging):
    speaker: str | None = Field(None, max_length=200, description="the speaker or source contains it")
    stance: Stance | None = None
    article: str | None = Field(None, max_length=64, description="an article id, or its first characters")


class CountFilters(Paging):
    category: Category | None = None
    where: str | None = Field(None, max_length=200, description="the count's place, sentence or article names it")
    article: str | None = Field(None, max_length=64, description="an article id, or its first characters")
    include_superseded: bool = Field(False, description="also figures the article says were revised")


class TimelineFilters(Paging):
    entity: str | None = Field(None, max_length=200, description="facts naming it")
    only: Literal["claims", "counts"] | None = None


class SearchQuery(Paging):
    q: str = Field("", max_length=500, description="SQLite FTS5 syntax; a query it cannot parse is read as words")


class EntityQuery(Paging):
    q: str = Field("", max_length=200, description="identities whose name or an alias contains it; all when empty")


# -- data: the one place each list or record is read ---------------------------------------------------


def reader(request: Request) -> Ledger:
    """This thread's read-only ledger."""
    ledger: Ledger = request.app.state.readers.get()
    return ledger


def one_snapshot(route: Callable[..., Response]) -> Callable[..., Response]:
    """A route whose reads all see one state of the ledger, while an ingest may be writing to it (a story
    page's article list and its comparison come from the same moment)."""

    @functools.wraps(route)
    def snapshot_route(**kwargs: Any) -> Response:
        with reader(kwargs["request"]).snapshot():
            return route(**kwargs)

    return snapshot_route


def paged(request: Request, items: list[T], paging: Paging) -> Page[T]:
    """A page from ``limit + 1`` records read: the extra one says whether there is a next page."""
    more = len(items) > paging.limit
    next_url = None
    if more:
        params = dict(request.query_params)
        params["offset"] = str(paging.offset + paging.limit)
        next_url = f"{request.url.path}?{present.with_query(params)}"
    return Page[T](items=items[: paging.limit], offset=paging.offset, limit=paging.limit, next=next_url)


def stories_data(request: Request, f: StoryFilters) -> Page[StorySummary]:
    found = reader(request).stories(
        f.min_articles, f.limit + 1, f.offset, f.since, f.until, f.place, f.category and f.category.value
    )
    return paged(request, found, f)


def articles_data(request: Request, f: Paging) -> Page[ArticleSummary]:
    return paged(request, reader(request).articles(f.limit + 1, f.offset), f)


def article_data(request: Request, article_id: str) -> ArticleView:
    ledger = reader(request)
    record = ledger.article(article_id)
    start, end = record.span
    return ArticleView(article=record, text=ledger.item_text(record.id)[start:end])


def claims_data(request: Request, f: ClaimFilters) -> Page[Claim]:
    stance = f.stance.value if f.stance else None
    found = reader(request).claims(f.speaker, f.article, stance, f.limit + 1, f.offset)
    return paged(request, found, f)


def counts_data(request: Request, f: CountFilters) -> Page[Count]:
    category = f.category.value if f.category else None
    found = reader(request).counts(category, f.where, f.article, f.include_superseded, f.limit + 1, f.offset)
    return paged(request, found, f)


def timeline_data(request: Request, f: TimelineFilters) -> Page[TimelineEntry]:
    found = reader(request).timeline(f.entity, f.only, f.offset + f.limit + 1)[f.offset :]
    return paged(request, found, f)


def search_data(request: Request, f: SearchQuery) -> SearchPage:
    if not f.q.strip():
        return SearchPage(items=[], offset=f.offset, limit=f.limit, next=None, query=f.q, as_words=False, problem=None)
    found = reader(request).find(f.q, f.limit + 1, f.offset)
    page = paged(request, found.hits, f)
    return SearchPage(
        items=page.items,
        offset=page.offset,
        limit=page.limit,
        next=page.next,
        query=found.query,
        as_words=found.as_words,
        problem=found.problem,
    )


def entities_data(request: Request, f: EntityQuery) -> Page[Identity]:
    found = reader(request).entities(f.q.strip(), f.offset + f.limit + 1)[f.offset :]
    return paged(request, found, f)


# -- the JSON twins ------------------------------------------------------------------------------------


def json_response(record: BaseModel) -> Response:
    """Records are already checked: serialise them once, without FastAPI validating them again."""
    return Response(record.model_dump_json(), media_type="application/json")


def list_response(page: Page[Any], fmt: Format, name: str) -> Response:
    """A page as JSON, or its records as CSV (nested fields flattened) or JSONL, to download."""
    if fmt == "json":
        return json_response(page)
    rows = [item.model_dump(mode="json") for item in page.items]
    if fmt == "jsonl":
        body = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
        media = "application/x-ndjson"
    else:
        body = csv_text(rows)
        media = "text/csv; charset=utf-8"
    headers = {"content-disposition": f'attachment; filename="{name}.{fmt}"'}
    return Response(body, media_type=media, headers=headers)


def csv_text(rows: Sequence[dict[str, Any]]) -> str:
    """Rows as CSV: nested objects become dotted columns, lists become JSON text, a cell that a spreadsheet
    would run as a formula is quoted with a leading apostrophe."""
    from newsledger.export import cell

    flat = [_flatten(row) for row in rows]
    columns: dict[str, None] = {}
    for row in flat:
        columns.update(dict.fromkeys(row))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns))
    writer.writeheader()
    for row in flat:
        writer.writerow({k: cell(v) if isinstance(v, str) else v for k, v in row.items()})
    return out.getvalue()


def _flatten(value: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, item in value.items():
        name = f"{prefix}{key}"
        if isinstance(item, dict):
            flat.update(_flatten(item, name + "."))
        elif isinstance(item, list):
            flat[name] = json.dumps(item, ensure_ascii=False)
        else:
            flat[name] = item
    return flat


def _doc(model: type[BaseModel]) -> dict[int | str, dict[str, Any]]:
    """What a route answers, for the OpenAPI document (its errors are added there for every route)."""
    return {200: {"model": model}}


@api.get("/stories", responses=_doc(Page[StorySummary]), summary="Stories, largest and newest first")
@one_snapshot
def api_stories(request: Request, f: Annotated[StoryFilters, Query()], format: FormatQuery = "json") -> Response:
    return list_response(stories_data(request, f), format, "stories")


@api.get("/stories/{story_id}", responses=_doc(Story), summary="One story: its sources side by side")
@one_snapshot
def api_story(request: Request, story_id: Annotated[str, Path(max_length=64)]) -> Response:
    return json_response(reader(request).story(story_id))


@api.get("/articles", responses=_doc(Page[ArticleSummary]), summary="Articles in the order they were stored")
@one_snapshot
def api_articles(request: Request, f: Annotated[Paging, Query()], format: FormatQuery = "json") -> Response:
    return list_response(articles_data(request, f), format, "articles")


@api.get("/articles/{article_id}", responses=_doc(ArticleView), summary="One article with every fact and its text")
@one_snapshot
def api_article(request: Request, article_id: Annotated[str, Path(max_length=64)]) -> Response:
    return json_response(article_data(request, article_id))


@api.get("/search", responses=_doc(SearchPage), summary="Full-text search")
@one_snapshot
def api_search(request: Request, f: Annotated[SearchQuery, Query()], format: FormatQuery = "json") -> Response:
    return list_response(search_data(request, f), format, "search")


@api.get("/entities", responses=_doc(Page[Identity]), summary="Identities by name or alias")
@one_snapshot
def api_entities(request: Request, f: Annotated[EntityQuery, Query()], format: FormatQuery = "json") -> Response:
    return list_response(entities_data(request, f), format, "entities")


@api.get("/entities/{identity_id}", responses=_doc(IdentityRecord), summary="One identity, its stories and claims")
@one_snapshot
def api_entity(request: Request, identity_id: Annotated[str, Path(max_length=64)]) -> Response:
    return json_response(reader(request).entity(identity_id))


@api.get("/claims", responses=_doc(Page[Claim]), summary="Attributed claims")
@one_snapshot
def api_claims(request: Request, f: Annotated[ClaimFilters, Query()], format: FormatQuery = "json") -> Response:
    return list_response(claims_data(request, f), format, "claims")


@api.get("/counts", responses=_doc(Page[Count]), summary="Counts of people")
@one_snapshot
def api_counts(request: Request, f: Annotated[CountFilters, Query()], format: FormatQuery = "json") -> Response:
    return list_response(counts_data(request, f), format, "counts")


@api.get("/timeline", responses=_doc(Page[TimelineEntry]), summary="Dated claims and counts in time order")
@one_snapshot
def api_timeline(request: Request, f: Annotated[TimelineFilters, Query()], format: FormatQuery = "json") -> Response:
    return list_response(timeline_data(request, f), format, "timeline")


# -- the pages -----------------------------------------------------------------------------------------


def render(request: Request, template: str, **context: Any) -> HTMLResponse:
    env = request.app.state.templates
    params = dict(request.query_params)
    html = env.get_template(template).render(request=request, params=params, **context)
    return HTMLResponse(html)


def twin(request: Request) -> str:
    """The URL of a page's JSON twin: the same path and query under /api (as JSON, whatever ``format`` says)."""
    path = "/api/stories" if request.url.path == "/" else "/api" + request.url.path
    query = present.with_query(dict(request.query_params), format=None)
    return path + (f"?{query}" if query else "")


@pages.get("/", response_class=HTMLResponse)
@one_snapshot
def page_stories(request: Request, f: Annotated[StoryFilters, Query()]) -> HTMLResponse:
    categories = [c.value for c in Category]
    return render(
        request, "stories.html", page=stories_data(request, f), f=f, categories=categories, json=twin(request)
    )


@pages.get("/stories", response_class=HTMLResponse)
def page_stories_alias(request: Request) -> RedirectResponse:
    query = f"?{request.url.query}" if request.url.query else ""
    return RedirectResponse("/" + query)


@pages.get("/stories/{story_id}", response_class=HTMLResponse)
@one_snapshot
def page_story(request: Request, story_id: Annotated[str, Path(max_length=64)]) -> HTMLResponse:
    from newsledger.serve.chart import figures_chart, place_map

    story = reader(request).story(story_id)
    event = story.event
    return render(
        request,
        "story.html",
        story=story,
        grid=present.side_by_side(story),
        given=present.who_gives(story),
        chart=figures_chart(story),
        map=place_map(event.latitude, event.longitude, event.location or ""),
        json=twin(request),
    )


@pages.get("/articles", response_class=HTMLResponse)
@one_snapshot
def page_articles(request: Request, f: Annotated[Paging, Query()]) -> HTMLResponse:
    return render(request, "articles.html", page=articles_data(request, f), json=twin(request))


@pages.get("/articles/{article_id}", response_class=HTMLResponse)
@one_snapshot
def page_article(request: Request, article_id: Annotated[str, Path(max_length=64)]) -> HTMLResponse:
    from newsledger.serve.highlight import highlighted_html

    ledger = reader(request)
    record = ledger.article(article_id)
    text = highlighted_html(record, ledger.item_text(record.id))
    return render(request, "article.html", article=record, text=text, json=twin(request))


@pages.get("/search", response_class=HTMLResponse)
@one_snapshot
def page_search(request: Request, f: Annotated[SearchQuery, Query()]) -> HTMLResponse:
    return render(request, "search.html", page=search_data(request, f), json=twin(request))


@pages.get("/entities", response_class=HTMLResponse)
@one_snapshot
def page_entities(request: Request, f: Annotated[EntityQuery, Query()]) -> HTMLResponse:
    return render(request, "entities.html", page=entities_data(request, f), json=twin(request))


@pages.get("/entities/{identity_id}", response_class=HTMLResponse)
@one_snapshot
def page_entity(request: Request, identity_id: Annotated[str, Path(max_length=64)]) -> HTMLResponse:
    from newsledger.serve.chart import place_map

    record = reader(request).entity(identity_id)
    row = record.identity
    return render(
        request, "entity.html", record=record, map=place_map(row.latitude, row.longitude, row.name), json=twin(request)
    )


@pages.get("/claims", response_class=HTMLResponse)
@one_snapshot
def page_claims(request: Request, f: Annotated[ClaimFilters, Query()]) -> HTMLResponse:
    stances = [s.value for s in Stance]
    return render(request, "claims.html", page=claims_data(request, f), f=f, stances=stances, json=twin(request))


@pages.get("/counts", response_class=HTMLResponse)
@one_snapshot
def page_counts(request: Request, f: Annotated[CountFilters, Query()]) -> HTMLResponse:
    categories = [c.value for c in Category]
    return render(request, "counts.html", page=counts_data(request, f), f=f, categories=categories, json=twin(request))


@pages.get("/timeline", response_class=HTMLResponse)
@one_snapshot
def page_timeline(request: Request, f: Annotated[TimelineFilters, Query()]) -> HTMLResponse:
    return render(request, "timeline.html", page=timeline_data(request, f), f=f, json=twin(request))


@pages.get("/api", response_class=HTMLResponse)
def page_api(request: Request) -> HTMLResponse:
    """The API reference, drawn from the OpenAPI document: no script from a CDN."""
    from newsledger.serve.reference import reference

    return render(request, "api.html", reference=reference(request.app.openapi()))


@pages.get("/favicon.ico")
def favicon() -> FileResponse:
    return FileResponse(HERE / "static" / "favicon.svg", media_type="image/svg+xml")
