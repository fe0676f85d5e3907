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


def _open(browser, url):
    page = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2)
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
