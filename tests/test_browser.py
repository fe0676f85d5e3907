"""The HTML reviews in a real browser: headless Chromium (Debian's) driven by Playwright, on a phone-sized screen.

Where Chromium is missing the test says so and skips; `.ci/run` installs it and sets
THIDUA_REQUIRE_BROWSER=1, which turns the skip into a failure, so it never skips in CI.
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT

from thidua.cli import main
from thidua.run.notebooks import NOTEBOOKS

CHROMIUM = Path(os.environ.get("THIDUA_CHROMIUM", "/usr/bin/chromium"))
SCREENSHOTS = ROOT / "output" / "screenshots"
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        message = f"Chromium not found at {CHROMIUM}: install Debian's chromium (apt-get install chromium)"
        if os.environ.get("THIDUA_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The bundled review, served on localhost."""
    out = tmp_path_factory.mktemp("site") / "review"
    result = CliRunner().invoke(main, ["review", "--out", str(out)])
    assert result.exit_code == 0, result.output
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def _open(browser, url, width: int = 390):
    page = browser.new_page(viewport={"width": width, "height": 844 if width < 500 else 1000}, device_scale_factor=2)
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    local = url.split("/", 3)[:3]
    page.route(
        "**/*", lambda route: route.continue_() if route.request.url.split("/", 3)[:3] == local else route.abort()
    )
    page.goto(url, wait_until="load")
    return page, requests


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_review_renders_on_a_phone_without_leaving_localhost(browser, site, name):
    page, requests = _open(browser, f"{site}/{name}.html")
    assert page.locator(".review-header h1").inner_text().strip()
    assert "SỐ LIỆU MẪU" in page.locator(".sample-banner").first.inner_text()
    assert page.locator("table").count() >= 1 and page.locator("table td").count() > 10
    images = page.locator("img.chart")
    for i in range(images.count()):
        assert images.nth(i).evaluate("img => img.complete && img.naturalWidth > 100")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390 + 2, "the page itself must not scroll sideways; wide tables scroll inside their box"
    assert all(r.startswith(site) for r in requests), [r for r in requests if not r.startswith(site)]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    assert (SCREENSHOTS / f"{name}.png").stat().st_size > 10_000
    page.close()


PAGES = [*NOTEBOOKS, "index"]


@pytest.mark.parametrize("width", [1920, 1280])
@pytest.mark.parametrize("name", PAGES)
def test_tables_fit_their_box_on_a_desktop(browser, site, name, width):
    """At 1920 and 1280 px no table is wider than its box: '% KH' and 'So cùng kỳ' are seen without scrolling."""
    page, _ = _open(browser, f"{site}/{name}.html", width)
    widths = page.evaluate(
        "() => [...document.querySelectorAll('table')].map(t => [t.getBoundingClientRect().width,"
        " (t.closest('.table-wrap') || t.parentElement).clientWidth])"
    )
    assert [w for w in widths if w[0] > w[1] + 1] == [], widths
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"), full_page=True)
    page.close()


def test_on_a_phone_the_names_stay_while_the_figures_scroll(browser, site):
    page, _ = _open(browser, f"{site}/annual_review.html")
    wrap = page.locator(".table-wrap").nth(1)  # the achievement table (the count table comes first)
    wrap.scroll_into_view_if_needed()
    before, after, box, scrolled = wrap.evaluate(
        "w => { const td = w.querySelector('tbody td'); const a = td.getBoundingClientRect().left;"
        " w.scrollLeft = 300; return [a, td.getBoundingClientRect().left, w.getBoundingClientRect().left,"
        " w.scrollLeft]; }"
    )
    assert scrolled > 0, "the table scrolls sideways on a phone"
    assert abs(after - box) <= 1 and abs(after - before) <= 1, "the name column stays where it was"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "annual_review-390-scrolled.png"))
    page.close()


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_every_page_leads_to_the_index_the_others_and_the_report(browser, site, name):
    page, _ = _open(browser, f"{site}/{name}.html")
    hrefs = page.locator("nav.pages a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert hrefs == ["index.html", *(f"{n}.html" for n in NOTEBOOKS), "bao-cao.docx"]
    assert page.locator("nav.pages a[aria-current=page]").get_attribute("href") == f"{name}.html"
    page.close()


def test_a_displayed_table_carries_its_look_into_jupyterlab(browser):
    """What a notebook cell displays, alone under JupyterLab's own table rules (no borders, zebra rows, a fixed
    layout), keeps the page's look: its own scoped stylesheet wins."""
    from thidua.reports import annual_page
    from thidua.review.review import Review

    shown = annual_page.achievement(Review.load())._repr_html_()
    jupyterlab = (  # the rules JupyterLab's rendered HTML gives tables, written here to stand against
        ".jp-RenderedHTMLCommon table { border-collapse: collapse; border: none; table-layout: fixed;"
        " margin-left: auto; margin-right: auto; }"
        ".jp-RenderedHTMLCommon td, .jp-RenderedHTMLCommon th { border: none; }"
        ".jp-RenderedHTMLCommon tbody tr:nth-child(odd) { background: #f5f5f5; }"
    )
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.set_content(f"<html><head><style>{jupyterlab}</style></head><body><div class='jp-RenderedHTMLCommon'>"
                     f"{shown}</div></body></html>")  # fmt: skip
    cell = page.locator("tbody td").nth(2)
    style = cell.evaluate(
        "c => { const s = getComputedStyle(c); return [s.borderRightStyle, s.borderRightWidth,"
        " getComputedStyle(c.parentElement).backgroundColor]; }"
    )
    assert style == ["solid", "1px", "rgba(0, 0, 0, 0)"]
    head = page.locator("th").first.evaluate("h => [getComputedStyle(h).backgroundColor, getComputedStyle(h).position]")
    assert head == ["rgb(238, 243, 248)", "sticky"]
    assert page.locator("table").evaluate("t => getComputedStyle(t).tableLayout") == "auto"
    page.close()


def test_annual_review_table_and_status_colours(browser, site):
    page, _ = _open(browser, f"{site}/annual_review.html")
    cells = page.locator("td.status")
    assert cells.count() == 36  # 35 targets and the traffic clause's own row
    colours = {cells.nth(i).evaluate("c => getComputedStyle(c).backgroundColor") for i in range(cells.count())}
    assert len(colours) == 4, "four statuses, four colours"
    page.close()


def test_index_links_every_review(browser, site):
    page, requests = _open(browser, f"{site}/index.html")
    hrefs = page.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert {f"{n}.html" for n in NOTEBOOKS} <= set(hrefs)
    assert all(r.startswith(site) for r in requests)
    page.close()


def test_hostile_input_does_not_execute(browser, tmp_path):
    from test_hardening import hostile_inputs

    plan, data = hostile_inputs(tmp_path)
    out = tmp_path / "review"
    result = CliRunner().invoke(
        main, ["review", "--plan", str(plan), "--data", str(data), "--out", str(out), "--notebooks", "annual_review"]
    )
    assert result.exit_code == 0, result.output
    page = browser.new_page()
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto((out / "annual_review.html").as_uri(), wait_until="load")
    page.wait_for_timeout(500)
    assert page.title() != "PWNED" and not dialogs
    assert page.evaluate("document.scripts.length") == 0
    assert "<script>document.title" in page.locator("body").inner_text()  # shown as text, harmlessly
    page.close()
