"""index.html in a real headless Chromium with every network request blocked."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import duckdb
import pytest
from conftest import require_tool

from reports import write_report

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1400,1000",
]


@pytest.fixture(scope="module")
def report(built_warehouse, tmp_path_factory):
    """The page of the dbt-built fixture warehouse."""
    return _write(built_warehouse, tmp_path_factory.mktemp("html"))


@pytest.fixture(scope="module")
def warned_report(report_warehouse, tmp_path_factory):
    """The page of a dbt-built warehouse with known warnings and a LaTeX-special model name."""
    return _write(report_warehouse, tmp_path_factory.mktemp("html_warned"))


def _write(db, root):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return write_report(con, root / "out", images=False)
    finally:
        con.close()


def test_page_inlines_every_script_and_style(report):
    html = report.index_html.read_text(encoding="utf-8")
    assert not re.search(r"<script[^>]+\bsrc=", html), "a script is loaded from a URL"
    assert not re.search(r"<link[^>]+rel=\"stylesheet\"", html)
    assert "cdn.jsdelivr" not in html and "unpkg.com" not in html
    # 8 run-cell charts and the projects section's 3
    assert html.count('class="chart vega-chart"') == len(report.charts) == 11


def test_page_renders_offline_in_headless_chromium(report, tmp_path):
    chromium = require_tool("chromium", "renders index.html in the offline test")
    chromedriver = require_tool("chromedriver", "drives chromium from Selenium")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in CHROMIUM_FLAGS + [f"--user-data-dir={tmp_path / 'profile'}"]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=chromedriver), options=options)
    try:
        driver.execute_cdp_cmd("Network.enable", {})
        blocked = ["http://*", "https://*", "ws://*", "wss://*", "ftp://*"]
        driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": blocked})
        driver.get(report.index_html.as_uri())
        count_js = (
            "return [...document.querySelectorAll('.vega-chart')]"
            ".filter(e => e.querySelector('svg, canvas')).length"
        )
        deadline = time.monotonic() + 60
        rendered = 0
        while time.monotonic() < deadline:
            rendered = driver.execute_script(count_js)
            if rendered >= len(report.charts):
                break
            time.sleep(0.2)
        # Let late errors reach the console: two animation frames and the task queue
        # after them, instead of a fixed sleep.
        driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 0)));"
        )
        console = driver.get_log("browser")
        requests = [
            json.loads(entry["message"])["message"]["params"].get("request", {}).get("url", "")
            for entry in driver.get_log("performance")
            if '"Network.requestWillBeSent"' in entry["message"]
        ]
        selects = driver.execute_script("return document.querySelectorAll('select').length")
    finally:
        driver.quit()
    errors = [e for e in console if e["level"] == "SEVERE"]
    assert errors == [], errors
    assert rendered == len(report.charts) == 11
    remote = [u for u in requests if u.split(":", 1)[0] in {"http", "https", "ws", "wss", "ftp"}]
    assert remote == [], f"the page tried the network: {remote}"
    assert selects == 1  # the model picker of the per-epoch chart


def test_specs_are_valid_json_with_inline_data(report):
    html = report.index_html.read_text(encoding="utf-8")
    specs = re.findall(
        r'<script type="application/json" id="spec-[^"]+">(.*?)</script>', html, re.S
    )
    assert len(specs) == len(report.charts)
    for text in specs:
        spec = json.loads(text.replace("<\\/", "</"))
        assert "url" not in json.dumps(spec.get("data", {}))
        assert spec.get("datasets") or spec.get("data", {}).get("values")


def test_page_shows_freshness_counts_and_warnings(warned_report):
    assert len(warned_report.charts) == 8
    html = warned_report.index_html.read_text(encoding="utf-8")
    assert re.search(r"last ingest 20\d\d-\d\d-\d\d \d\d:\d\d:\d\d UTC", html)
    # dbt's own build log: right however the warehouse was built.
    assert re.search(r"last build 20\d\d-\d\d-\d\d \d\d:\d\d:\d\d UTC", html)
    assert "Method <code>exact</code>" in html
    assert "1 quarantined file(s)" in html and "notes_emissions.csv" in html
    assert "differ between the published and exact methods" in html
    assert "1 emission regression(s)" in html and "DLinear_Model" in html
    assert "Germany (DEU)" not in html  # the tree ran in Denmark (DNK): no default warning
    assert "runs: <strong>32</strong>" in html and "models: <strong>4</strong>" in html
    # The model named with LaTeX specials is HTML-escaped, never raw markup.
    assert "Odd\\_%&amp;#{}$^~ Model" in html
    assert Path(warned_report.summary_md).exists()
