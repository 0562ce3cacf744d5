"""The JSON API: each twin returns the ledger's own records, pages through them, and fails in one line."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path

import pytest


def dumped(records) -> list[dict]:
    return [record.model_dump(mode="json") for record in records]


def test_stories_twin_returns_the_ledgers_story_summaries(client, ledger) -> None:
    body = client.get("/api/stories").json()
    assert body["items"] == dumped(ledger.stories(limit=25))
    assert body["offset"] == 0 and body["limit"] == 25 and body["next"] is None


def test_stories_come_largest_then_newest_first(client) -> None:
    items = client.get("/api/stories?limit=100").json()["items"]
    keys = [(-s["articles"], s["last_day"] is None, "" if s["last_day"] is None else s["last_day"]) for s in items]
    sizes = [k[0] for k in keys]
    assert sizes == sorted(sizes)
    dated = [s["last_day"] for s in items if s["articles"] == 1 and s["last_day"]]
    assert dated == sorted(dated, reverse=True) and len(dated) >= 2


def test_story_twin_is_the_ledgers_story_record(client, ledger, north_korea_story) -> None:
    body = client.get(f"/api/stories/{north_korea_story}").json()
    assert body == ledger.story(north_korea_story).model_dump(mode="json")
    figures = {(s["source"], s["figure"], s["category"]) for line in body["lines"] for s in line["statements"]}
    assert ("Ukraine’s military intelligence agency", "about 30", "killed_or_wounded") in figures


def test_a_story_prefix_is_enough(client, north_korea_story) -> None:
    assert client.get(f"/api/stories/{north_korea_story[:6]}").json()["story"] == north_korea_story


def test_article_twin_gives_the_record_and_the_text_its_offsets_point_into(client, ledger, north_korea_story) -> None:
    article_id = ledger.story(north_korea_story).articles[0].id
    body = client.get(f"/api/articles/{article_id}").json()
    assert body["article"] == ledger.article(article_id).model_dump(mode="json")
    base = body["article"]["span"][0]
    assert body["article"]["counts"]
    for count in body["article"]["counts"]:
        assert body["text"][count["start"] - base : count["end"] - base] == count["text"]


@pytest.mark.parametrize("kind", ["claims", "counts", "articles", "stories"])
def test_pages_follow_one_another_without_gaps_or_repeats(client, kind: str) -> None:
    whole = client.get(f"/api/{kind}?limit=1000").json()["items"]
    assert len(whole) >= 4
    seen, url = [], f"/api/{kind}?limit=3"
    while url:
        page = client.get(url).json()
        assert len(page["items"]) <= 3
        seen += page["items"]
        url = page["next"]
    assert seen == whole


def test_claims_filters_are_the_clis(client, ledger) -> None:
    ryder = client.get("/api/claims?speaker=Ryder").json()["items"]
    assert ryder and all("Ryder" in (c["speaker"] or c["source"]["text"]) for c in ryder)
    assert ryder == dumped(ledger.claims(speaker="Ryder", limit=25))
    refused = client.get("/api/claims?stance=no_comment").json()["items"]
    assert refused and {c["stance"] for c in refused} == {"no_comment"}
    article = ryder[0]["article"]
    assert {c["article"] for c in client.get(f"/api/claims?article={article[:8]}").json()["items"]} == {article}


def test_counts_filters_are_the_clis(client, ledger) -> None:
    missing = client.get("/api/counts?category=missing").json()["items"]
    assert missing == dumped(ledger.counts(category="missing", limit=25)) and missing
    springfield = client.get("/api/counts?where=Springfield").json()["items"]
    assert [c["figure"] if "figure" in c else c["text"] for c in springfield] and {
        c["category"] for c in springfield
    } == {"killed"}


def test_story_filters_narrow_the_list(client, north_korea_story) -> None:
    def ids(query: str) -> set[str]:
        return {s["id"] for s in client.get(f"/api/stories?{query}").json()["items"]}

    everything = ids("limit=100")
    assert ids("category=missing") == {north_korea_story}
    (springfield,) = ids("place=Springfield")
    (shelbyville,) = ids("place=shelby")
    assert ids("category=injured") >= {shelbyville} and springfield not in ids("category=injured")
    assert ids("since=2024-01-01") == {springfield}
    assert ids("until=2023-12-31") == {shelbyville}
    assert ids("since=2023-01-10&until=2023-01-10") == {shelbyville}
    assert ids("since=2024-03-06") == set()
    assert {springfield, shelbyville, north_korea_story} <= everything


def test_entity_twin_has_aliases_stories_claims_and_counts(client) -> None:
    found = client.get("/api/entities?q=Ryder").json()["items"]
    assert found and found[0]["name"] == "Pat Ryder"
    record = client.get(f"/api/entities/{found[0]['id']}").json()
    assert "Ryder" in record["identity"]["aliases"] or "Pat Ryder" in record["identity"]["aliases"]
    assert record["stories"] and record["claims"]
    assert [c["text"] for c in record["counts"]] == ["some North Korean troops have died"]


def test_search_finds_and_marks_the_words(client) -> None:
    body = client.get("/api/search?q=Kursk").json()
    assert body["as_words"] is False and body["problem"] is None and body["items"]
    assert any(part["hit"] and part["text"] == "Kursk" for part in body["items"][0]["snippet"])


@pytest.mark.parametrize("query", ['"Kursk', "Kursk AND", "AND OR NOT", "(((", "nocolumn:Kursk"])
def test_a_malformed_search_is_read_as_words_and_says_why(client, query: str) -> None:
    response = client.get("/api/search", params={"q": query})
    assert response.status_code == 200
    body = response.json()
    assert body["as_words"] is True and body["problem"]


def test_lists_download_as_csv_and_jsonl_of_what_the_page_shows(client) -> None:
    page = client.get("/api/claims?speaker=Ryder").json()["items"]
    as_csv = client.get("/api/claims?speaker=Ryder&format=csv")
    assert as_csv.headers["content-type"].startswith("text/csv")
    assert 'filename="claims.csv"' in as_csv.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(as_csv.text)))
    assert [r["id"] for r in rows] == [c["id"] for c in page]
    assert [r["cue.text"] for r in rows] == [c["cue"]["text"] for c in page]
    as_jsonl = client.get("/api/claims?speaker=Ryder&format=jsonl")
    assert [json.loads(line) for line in as_jsonl.text.splitlines()] == page


@pytest.mark.parametrize("said", ['=HYPERLINK("http://x")', "+1", "-1", "@SUM(A1)", "  =1+1", "\t=1", "\r=1"])
def test_a_csv_cell_never_runs_as_a_spreadsheet_formula(said: str) -> None:
    from newsledger.serve.routes import csv_text

    text = csv_text([{"said": said, "n": 3}])
    assert next(iter(csv.DictReader(io.StringIO(text))))["said"] == "'" + said


@pytest.mark.parametrize(
    ("url", "status", "words"),
    [
        ("/api/stories/snothere", 404, "no story"),
        ("/api/articles/ffffffffffff", 404, "no article"),
        ("/api/entities/nothere", 404, "no entity"),
        ("/api/nothing-here", 404, "no page"),
        ("/api/claims?limit=0", 400, "limit"),
        ("/api/claims?limit=lots", 400, "limit"),
        ("/api/claims?stance=shouted", 400, "stance"),
        ("/api/counts?category=bored", 400, "category"),
        ("/api/stories?since=yesterday", 400, "since"),
        ("/api/stories?offset=-1", 400, "offset"),
        ("/api/claims?format=xml", 400, "format"),
        ("/api/timeline?only=both", 400, "only"),
    ],
)
def test_bad_requests_get_one_line_and_a_status(client, url: str, status: int, words: str) -> None:
    response = client.get(url)
    assert response.status_code == status
    body = response.json()
    assert body["status"] == status and words in body["error"] and "\n" not in body["error"]
    assert "Traceback" not in response.text


def test_an_ambiguous_prefix_asks_for_more(client, ledger) -> None:
    ids = [a.id for a in ledger.articles(limit=None)]
    prefix = next(p for p in "0123456789abcdef" if sum(i.startswith(p) for i in ids) > 1)
    response = client.get(f"/api/articles/{prefix}")
    assert response.status_code == 400 and "ambiguous" in response.json()["error"]


def test_timeline_twin_is_the_ledgers(client, ledger) -> None:
    body = client.get("/api/timeline?limit=1000").json()
    assert body["items"] == dumped(ledger.timeline(limit=1000))


def test_openapi_lists_every_api_url_and_its_records(client) -> None:
    spec = client.get("/api/openapi.json").json()
    for path in (
        "/api/stories",
        "/api/stories/{story_id}",
        "/api/articles/{article_id}",
        "/api/search",
        "/api/entities",
        "/api/entities/{identity_id}",
        "/api/claims",
        "/api/counts",
        "/api/timeline",
    ):
        assert path in spec["paths"], path
    assert {"Story", "Claim", "Count", "Article", "IdentityRecord", "SearchPage"} <= set(spec["components"]["schemas"])
    story_params = {p["name"] for p in spec["paths"]["/api/stories"]["get"]["parameters"]}
    assert {"since", "until", "place", "category", "limit", "offset", "format"} <= story_params


def test_serving_never_changes_the_ledger(served_db: Path, client, north_korea_story) -> None:
    before = hashlib.sha256(served_db.read_bytes()).hexdigest()
    for url in ("/", f"/stories/{north_korea_story}", "/api/search?q=Kursk", "/claims", "/api/counts?format=csv"):
        assert client.get(url).status_code == 200
    assert hashlib.sha256(served_db.read_bytes()).hexdigest() == before


def test_the_app_never_creates_a_database(tmp_path: Path) -> None:
    from newsledger.serve import create_app
    from newsledger.store import StoreError

    missing = tmp_path / "typo.db"
    with pytest.raises(StoreError, match="no such database"):
        create_app(missing)
    assert not missing.exists()


def test_serve_refuses_a_missing_ledger_in_one_line(runner, tmp_path: Path) -> None:
    from newsledger.cli import main

    result = runner.invoke(main, ["serve", "--db", str(tmp_path / "typo.db")])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        f"newsledger: {tmp_path / 'typo.db'}: no such database (newsledger ingest creates it)"
    ]
    assert not (tmp_path / "typo.db").exists()


def test_serve_says_when_its_port_is_taken(runner, served_db: Path) -> None:
    import socket

    from newsledger.cli import main

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = runner.invoke(main, ["serve", "--db", str(served_db), "--port", str(port)])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        f"newsledger: cannot listen on 127.0.0.1:{port}: address already in use"
    ]


def test_serve_listens_on_a_tcp_socket_so_responses_are_not_held_back() -> None:
    import socket

    from newsledger.cli.serve import _bound

    # asyncio turns Nagle's algorithm off (TCP_NODELAY) only on sockets made with IPPROTO_TCP; on others a
    # kept-alive connection's every later response waits for a delayed ACK
    with _bound("127.0.0.1", 0) as sock:
        assert sock.proto == socket.IPPROTO_TCP


@pytest.mark.parametrize(
    "url",
    [
        "/api/stories?offset=99999999999999999999",
        "/api/claims?offset=99999999999999999999",
        "/api/stories?min_articles=99999999999999999999",
        "/api/stories?since=2024-02-30",
        "/api/stories?until=2024-13",
    ],
)
def test_numbers_and_dates_no_database_could_take_are_a_400(client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 400 and response.json()["status"] == 400


def test_until_a_month_or_a_year_takes_in_all_of_it(client) -> None:
    def ids(query: str) -> set[str]:
        return {s["id"] for s in client.get(f"/api/stories?{query}").json()["items"]}

    (springfield,) = ids("place=Springfield")
    assert springfield in ids("until=2024-03") and springfield in ids("until=2024")
    assert springfield not in ids("until=2024-02") and springfield in ids("since=2024-03")


def test_a_search_that_needs_too_much_work_is_stopped_with_a_400(client, monkeypatch) -> None:
    import newsledger.store

    monkeypatch.setattr(newsledger.store, "SEARCH_BUDGET_SECONDS", -1.0)
    monkeypatch.setattr(newsledger.store, "SEARCH_CHECK_EVERY", 1)
    response = client.get("/api/search", params={"q": " OR ".join(f"{c}*" for c in "abcdefghijklmnop")})
    assert response.status_code == 400 and "fewer terms" in response.json()["error"]


def test_control_characters_in_a_search_are_read_as_spaces(client) -> None:
    body = client.get("/api/search", params={"q": "Kursk\x00\x01border"}).json()
    assert body["query"] == "Kursk  border" and body["items"]


def test_an_unexpected_error_is_one_line_with_the_security_headers(served_db: Path) -> None:
    from fastapi.testclient import TestClient

    from newsledger.serve import create_app

    app = create_app(served_db)

    def broken() -> None:
        raise RuntimeError("a bug")

    app.add_api_route("/api/broken", broken)
    with TestClient(app, raise_server_exceptions=False) as broken_client:
        response = broken_client.get("/api/broken")
    assert response.status_code == 500
    assert response.json() == {
        "error": "something went wrong on our side; the error is in the server's log",
        "status": 500,
    }
    assert "script-src 'self'" in response.headers["content-security-policy"]


def test_head_answers_like_get_without_a_body(client, north_korea_story) -> None:
    for url in ("/", f"/stories/{north_korea_story}", "/api/stories"):
        response = client.head(url)
        assert response.status_code == 200 and response.content == b""
        assert "content-security-policy" in response.headers


def test_openapi_says_errors_are_400_404_or_503_with_one_shape(client) -> None:
    spec = client.get("/api/openapi.json").json()
    assert "HTTPValidationError" not in spec["components"]["schemas"]
    assert set(spec["components"]["schemas"]["Error"]["properties"]) == {"error", "status"}
    for path, operations in spec["paths"].items():
        responses = operations["get"]["responses"]
        assert "422" not in responses
        assert {"400", "500", "503"} <= set(responses) and ("404" in responses) == ("{" in path)


def test_serve_with_two_worker_processes_answers_and_stops(served_db: Path, north_korea_story: str) -> None:
    import httpx2

    from serve.fixtures import running_server

    with running_server(served_db, "--workers", "2") as base, httpx2.Client(base_url=base) as http:
        answers = [http.get(f"/api/stories/{north_korea_story}") for _ in range(20)]
        assert {a.status_code for a in answers} == {200}
        assert len({a.text for a in answers}) == 1
        assert http.get(f"/stories/{north_korea_story}").headers["content-security-policy"]
