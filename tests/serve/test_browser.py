"""The web app in a real browser: Debian's Chromium driven by Playwright, against ``newsledger serve``.

Playwright's own browser download cannot work here, so Chromium is launched through ``executable_path``
(``NEWSLEDGER_CHROMIUM``, else ``/usr/bin/chromium``). Without it these tests skip, unless
``NEWSLEDGER_REQUIRE_BROWSER`` is set (``scripts/test.sh`` sets it after installing Chromium), when
they fail. Screenshots of the story and article pages go to ``build/screenshots`` (or
``NEWSLEDGER_SCREENSHOTS``) for a person to look at.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("NEWSLEDGER_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = Path(
    os.environ.get("NEWSLEDGER_SCREENSHOTS") or Path(__file__).resolve().parents[2] / "build" / "screenshots"
)
#: What a headless Chromium needs on a machine with no network beyond loopback, running as root.
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        if os.environ.get("NEWSLEDGER_REQUIRE_BROWSER"):
            pytest.fail(f"no Chromium at {CHROMIUM}; scripts/test.sh installs Debian's chromium")
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser, live_server: str):
    """A fresh page on the live server that fails the test on any dialog, page error or console error."""
    context = browser.new_context(base_url=live_server, viewport={"width": 1400, "height": 900})
    opened = context.new_page()
    problems: list[str] = []
    opened.on("dialog", lambda dialog: (problems.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    opened.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    opened.on("console", lambda message: message.type == "error" and problems.append(f"console: {message.text}"))
    opened.problems = problems
    yield opened
    context.close()


def test_a_reader_searches_kursk_and_sees_the_sources_side_by_side(page, north_korea_story: str) -> None:
    page.goto("/")
    page.fill("header form.search input[name=q]", "Kursk")
    page.click("header form.search button")
    page.wait_for_url("**/search?q=Kursk")
    assert page.locator("li.hit mark", has_text="Kursk").count() > 0
    page.locator("li.hit a").first.click()
    page.locator(f"a[href='/stories/{north_korea_story}']").first.click()
    page.wait_for_url(f"**/stories/{north_korea_story}")

    def cell(source: str):
        return (
            page.locator("table.side-by-side td.cell")
            .filter(has=page.locator(".statement"))
            .and_(page.locator(f'td[data-source="{source}"]'))
        )

    agency, pentagon, ryder = (
        cell("Ukraine’s military intelligence agency"),
        cell("Pentagon"),
        cell("Pat Ryder"),
    )
    assert "about 30 killed or wounded" in agency.first.inner_text()
    assert "some killed" in pentagon.first.inner_text()
    assert "no specific number" in ryder.first.inner_text()
    # beside one another: one row, so their tops line up on the screen, in different columns
    boxes = [locator.first.bounding_box() for locator in (agency, pentagon, ryder)]
    assert len({round(box["y"]) for box in boxes}) == 1
    assert len({round(box["x"]) for box in boxes}) == 3
    assert page.locator("svg.figures-chart .chart-mark").count() == 4  # Pentagon, the agency, GUR, Ryder
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "story.png"), full_page=True)
    assert page.problems == []


def test_pointing_at_a_source_lights_up_its_marks_in_the_chart(page, north_korea_story: str) -> None:
    page.goto(f"/stories/{north_korea_story}")
    page.hover("th[data-source='Pat Ryder']")
    lit = page.locator("svg.figures-chart .chart-mark.focus")
    assert lit.count() == 1 and lit.first.get_attribute("data-source") == "Pat Ryder"
    assert page.problems == []


def test_clicking_a_highlighted_count_reaches_its_record(page, ledger, north_korea_story: str) -> None:
    article = ledger.story(north_korea_story).articles[0].id
    page.goto(f"/articles/{article}")
    highlight = page.locator(".article-text a.hl-count[data-record^='count-']").first
    record_id = highlight.get_attribute("data-record")
    highlight.click()
    page.wait_for_url(f"**/articles/{article}#{record_id}")
    record = page.locator(f"tr#{record_id}")
    assert record.is_visible() and record.evaluate("row => row.matches(':target')")
    count = next(c for c in ledger.article(article).counts if f"count-{c.id}" == record_id)
    assert count.figure.text in record.inner_text()
    page.goto(f"/articles/{article}")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "article.png"), full_page=True)
    assert page.problems == []


def test_a_script_in_an_article_shows_as_text_and_never_runs(page, hostile_article: str) -> None:
    page.goto(f"/articles/{hostile_article}")
    text = page.locator(".article-text").inner_text()
    assert "<script>alert('xss')</script>" in text
    assert "<img src=x onerror=alert('img')>" in text and "</textarea>" in text
    assert page.title().startswith("Raid <script>alert('title')</script>")
    for element in page.locator(".article-text a.hl").all():
        element.hover()
    assert page.locator(".article-text script, .article-text img").count() == 0
    page.goto("/articles")
    page.goto("/search?q=alert")
    assert page.problems == []
