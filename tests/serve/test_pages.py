"""The pages: the same data as their twins, laid out for a reader, escaped, and safe under a strict CSP."""

from __future__ import annotations

import lxml.html
import pytest

PAGES = [
    "/",
    "/?category=killed&limit=2",
    "/articles",
    "/search?q=Kursk",
    "/entities?q=Ryder",
    "/claims?speaker=Pentagon",
    "/claims?stance=no_comment",
    "/counts?category=missing",
    "/counts?where=Kursk&include_superseded=true",
    "/timeline",
    "/api",
]


def page(client, url: str) -> lxml.html.HtmlElement:
    response = client.get(url)
    assert response.status_code == 200, (url, response.text[:300])
    assert response.headers["content-type"].startswith("text/html")
    return lxml.html.fromstring(response.text)


def column_of(doc: lxml.html.HtmlElement, source: str) -> str:
    """The text of every cell of a source's column on the story page."""
    cells = doc.xpath("//table[contains(@class, 'side-by-side')]//td[@data-source=$s]", s=source)
    assert cells, f"no column for {source!r}"
    return " ".join(" ".join(cell.text_content().split()) for cell in cells)


@pytest.mark.parametrize("url", PAGES)
def test_every_page_answers_with_its_twin_linked(client, url: str) -> None:
    doc = page(client, url)
    if url == "/api":
        return
    (twin,) = doc.xpath("//a[@class='twin']/@href")
    expected = url.replace("/", "/api/stories", 1) if url.startswith("/?") or url == "/" else "/api" + url
    assert twin == expected
    assert client.get(twin).status_code == 200


@pytest.mark.parametrize("url", [u for u in PAGES if u not in ("/api", "/timeline")])
def test_list_pages_offer_their_rows_as_csv_and_jsonl(client, url: str) -> None:
    doc = page(client, url)
    links = doc.xpath("//p[@class='downloads']/a/@href")
    assert any("format=csv" in link for link in links) and any("format=jsonl" in link for link in links)
    for link in links:
        assert client.get(link).status_code == 200


def test_the_story_page_puts_each_sources_figure_in_its_own_column(client, north_korea_story) -> None:
    doc = page(client, f"/stories/{north_korea_story}")
    headers = [
        " ".join(h.text_content().split()) for h in doc.xpath("//table[contains(@class,'side-by-side')]//thead/tr/th")
    ]
    assert headers[0] == "about" and "Ukraine’s military intelligence agency" in headers
    assert "about 30 killed or wounded" in column_of(doc, "Ukraine’s military intelligence agency")
    assert "some killed" in column_of(doc, "Pentagon")
    ryder = column_of(doc, "Pat Ryder")
    assert "no specific number" in ryder and "did not have a specific number" in ryder
    # figures come before claims without one: the three who give a figure lead the table
    assert set(headers[1:4]) >= {"Pentagon", "Ukraine’s military intelligence agency"}


def test_the_story_page_shows_the_estimate_the_chart_and_the_event(client, north_korea_story) -> None:
    doc = page(client, f"/stories/{north_korea_story}")
    estimate = " ".join(" ".join(doc.xpath("//table[contains(@class,'estimate')]")[0].itertext()).split())
    assert "missing 3 3 3 GUR : at least 3 agrees" in estimate
    assert "killed some, no number Pentagon : some agrees Pat Ryder : some agrees" in estimate
    svg = doc.xpath("//svg[contains(@class,'figures-chart')]")
    marks = svg[0].xpath(".//*[contains(concat(' ', @class, ' '), ' chart-mark ')]") if svg else []
    assert [m.get("data-source") for m in marks] == [
        "Pentagon",
        "Ukraine’s military intelligence agency",
        "GUR",
        "Pat Ryder",
    ]
    facts = " ".join(" ".join(doc.xpath("//section[@class='event']")[0].itertext()).split())
    assert "type Battles" in facts and "place Kursk" in facts


def test_a_statement_links_to_its_record_on_its_article_page(client, north_korea_story) -> None:
    doc = page(client, f"/stories/{north_korea_story}")
    links = doc.xpath("//a[@class='statement-figure']/@href")
    assert any("#count-" in link for link in links) and any("#claim-" in link for link in links)
    for link in links:
        path, anchor = link.split("#")
        assert page(client, path).get_element_by_id(anchor) is not None


def test_the_article_page_highlights_every_count_in_place_linked_to_its_record(
    client, ledger, north_korea_story
) -> None:
    article = ledger.story(north_korea_story).articles[0].id
    doc = page(client, f"/articles/{article}")
    text = doc.xpath("//div[@class='article-text']")[0]
    record = ledger.article(article)
    start, end = record.span
    assert text.text_content() == ledger.item_text(article)[start:end]
    for count in record.counts:
        targets = text.xpath(".//a[@data-record=$r]", r=f"count-{count.id}")
        assert targets and all(a.text_content() in count.text for a in targets)
        assert "hl-count" in targets[0].get("class")
        assert doc.get_element_by_id(f"count-{count.id}") is not None
    assert doc.xpath("//a[@href=$s]", s=f"/stories/{record.story}")


def test_the_article_page_says_what_happened_and_marks_the_words_that_say_it(
    client, ledger, north_korea_story
) -> None:
    article = ledger.story(north_korea_story).articles[0].id
    record = ledger.article(article)
    (main,) = [e for e in record.events if e.type == "Battles"]
    doc = page(client, f"/articles/{article}")
    row = doc.get_element_by_id("event-0")
    cells = [td.text_content().strip() for td in row.xpath("./td")]
    assert cells[:3] == ["Battles", "Armed clash", main.trigger.text]
    assert "Military Forces of North Korea" in cells[3] and cells[4] == main.location
    marked = doc.xpath("//div[@class='article-text']//a[@data-record='event-0']")
    assert marked and "hl-event" in marked[0].get("class")
    assert "".join(a.text_content() for a in marked) == main.trigger.text


def test_hostile_text_is_shown_as_text_everywhere(client, hostile_article) -> None:
    for url in (f"/articles/{hostile_article}", "/", "/articles", "/search?q=alert", "/claims", "/counts"):
        response = client.get(url)
        assert response.status_code == 200
        doc = lxml.html.fromstring(response.text)
        assert doc.xpath("//script/@src") == ["/static/app.js"]
        assert not doc.xpath("//script[not(@src)] | //img | //iframe | //svg[@onload] | //*[@onerror or @onmouseover]")
        assert not [h for h in doc.xpath("//@href | //@src") if h.strip().lower().startswith("javascript:")]
    article = client.get(f"/articles/{hostile_article}").text
    assert "&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt;" in article
    assert "&lt;/textarea&gt;" in article and "&lt;b&gt;Bold&lt;/b&gt; Gazette" in article


def test_a_web_url_is_linked_and_a_javascript_one_is_not(client, ledger) -> None:
    attrs = next(a.id for a in ledger.articles(limit=None) if a.item == "hostile-attrs")
    doc = page(client, f"/articles/{attrs}")
    assert doc.xpath("//a[@class='external']/@href") == ['https://example.org/a?b=<c>&d="e"']
    title = doc.xpath("//h1")[0].text_content()
    assert title == '" onmouseover="alert(1)'


def test_every_response_carries_a_strict_content_security_policy(client, hostile_article) -> None:
    for url in ("/", f"/articles/{hostile_article}", "/api/stories", "/static/style.css", "/no-such-page"):
        headers = client.get(url).headers
        policy = headers["content-security-policy"]
        assert "script-src 'self'" in policy and "default-src 'none'" in policy and "unsafe-inline" not in policy
        assert headers["x-content-type-options"] == "nosniff"


def test_pages_use_no_inline_style_or_script(client, north_korea_story, hostile_article) -> None:
    for url in ("/", f"/stories/{north_korea_story}", f"/articles/{hostile_article}", "/api"):
        doc = page(client, url)
        assert not doc.xpath("//*[@style] | //style | //script[not(@src)]"), url
        assert not [u for u in doc.xpath("//link/@href | //script/@src") if not u.startswith("/static/")]


@pytest.mark.parametrize(
    ("url", "status", "words"),
    [
        ("/stories/snothere", 404, "no story"),
        ("/articles/ffffffffffff", 404, "no article"),
        ("/entities/nothere", 404, "no entity"),
        ("/elsewhere", 404, "no page at /elsewhere"),
        ("/claims?limit=0", 400, "limit"),
        ("/?since=last%20week", 400, "since"),
    ],
)
def test_errors_are_pages_that_say_what_went_wrong(client, url: str, status: int, words: str) -> None:
    response = client.get(url)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("text/html")
    problem = lxml.html.fromstring(response.text).xpath("//p[@class='problem']")[0].text_content()
    assert words in problem


def test_a_malformed_search_says_so_on_the_page(client) -> None:
    doc = page(client, "/search?q=%22Kursk")
    warning = " ".join(doc.xpath("//p[@class='warning']")[0].text_content().split())
    assert "not a query" in warning and "unterminated string" in warning
    assert doc.xpath("//li[@class='hit']//mark")


def test_the_api_page_documents_every_endpoint_from_the_openapi_document(client) -> None:
    spec = client.get("/api/openapi.json").json()
    doc = page(client, "/api")
    shown = {" ".join(h.text_content().split()) for h in doc.xpath("//section[@class='endpoint']/h3")}
    assert shown == {f"GET {path}" for path in spec["paths"]}


def test_a_filter_form_sent_with_empty_fields_filters_nothing(client) -> None:
    blank = client.get("/api/stories?since=&until=&place=&category=&min_articles=&limit=").json()
    assert blank == client.get("/api/stories").json() | {"next": blank["next"]}
    assert blank["items"] and client.get("/?since=&until=&place=&category=").status_code == 200
    assert client.get("/claims?speaker=&stance=&article=").status_code == 200
    assert client.get("/counts?category=&where=&article=").status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/?limit=2",
        "/articles?limit=2",
        "/claims?limit=3",
        "/counts?limit=2",
        "/entities?limit=3",
        "/search?q=the&limit=1",
    ],
)
def test_next_leads_to_the_following_page_of_a_list(client, url: str) -> None:
    first = page(client, url)
    (following,) = first.xpath("//a[@rel='next']/@href")
    second = page(client, following)
    assert second.xpath("//a[@rel='prev']")
    assert _rows(first) and _rows(second) and not set(_rows(first)) & set(_rows(second))


def _rows(doc: lxml.html.HtmlElement) -> list[str]:
    return [" ".join(row.text_content().split()) for row in doc.xpath("//tbody/tr | //ol/li")]


@pytest.mark.parametrize(
    ("url", "status"), [("/search?limit=abc", 400), ("/search?q=x&offset=-1", 400), ("/search?q=%00", 200)]
)
def test_the_search_page_answers_bad_input_with_a_page(client, url: str, status: int) -> None:
    response = client.get(url)
    assert response.status_code == status and response.headers["content-type"].startswith("text/html")


def test_entities_lists_the_most_mentioned_without_a_query(client, ledger) -> None:
    names = page(client, "/entities").xpath("//table[contains(@class,'list')]//tbody/tr/td[1]/a/text()")
    assert names == [identity.name for identity in ledger.entities("", limit=25)]
    assert len(names) == 25


def test_a_page_asked_for_as_csv_still_links_its_json_twin(client) -> None:
    doc = page(client, "/claims?speaker=Ryder&format=csv")
    assert doc.xpath("//a[@class='twin']/@href") == ["/api/claims?speaker=Ryder"]


def test_code_spans_in_api_descriptions_are_code_and_the_rest_is_escaped() -> None:
    from newsledger.serve.present import code_spans

    assert code_spans("use `format=csv` <b>now</b>") == "use <code>format=csv</code> &lt;b&gt;now&lt;/b&gt;"
    assert code_spans("one ` <i>") == "one ` &lt;i&gt;"
    assert code_spans("`<script>`") == "<code>&lt;script&gt;</code>"
