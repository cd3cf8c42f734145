"""The clinic's site in real Chromium: accessibility (axe-core), reflow, search, citations, no script, privacy.

Chromium is Debian's package (/usr/bin/chromium), driven by Playwright; scripts/setup installs it.
Screenshots of every page at both widths are saved in tests/artifacts/screenshots/.
"""

import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import PROJECT, start_serve

SCREENSHOTS = PROJECT / "tests" / "artifacts" / "screenshots"
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]},
    "rules": {"target-size": {"enabled": True}},
    "resultTypes": ["violations"],
}
WIDTHS = (1280, 320)


def page_urls(site: Path, base: str) -> list[str]:
    paths = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html") if p.name != "404.html")
    return [base + path.removesuffix("index.html") for path in paths]


def open_page(browser, url: str, width: int = 1280, scheme: str = "light", javascript: bool = True):
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme,
                                  java_script_enabled=javascript)
    page = context.new_page()
    outside = []
    page.on("request", lambda request: outside.append(request.url)
            if urlsplit(request.url).hostname not in ("127.0.0.1", None) else None)
    page.goto(url, wait_until="networkidle")
    return context, page, outside


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", WIDTHS)
def test_axe_finds_no_violation_on_any_page(browser, project_site, served_project_site, width, scheme):
    axe = Axe()
    problems = {}
    for url in page_urls(project_site, served_project_site):
        context, page, _ = open_page(browser, url, width, scheme)
        results = axe.run(page, options=AXE_OPTIONS)
        if results.violations_count:
            problems[url] = results.generate_report()
        if scheme == "light":
            name = urlsplit(url).path.strip("/").replace("/", "_") or "home"
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"), full_page=True)
        context.close()
    assert not problems, "\n\n".join(f"{url}\n{report}" for url, report in problems.items())


def test_no_page_scrolls_sideways_at_320_px(browser, project_site, served_project_site):
    wide = {}
    for url in page_urls(project_site, served_project_site):
        context, page, _ = open_page(browser, url, 320)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            wide[url] = width
        context.close()
    assert not wide


def test_no_page_requests_anything_from_another_site(browser, project_site, served_project_site):
    for url in page_urls(project_site, served_project_site):
        context, page, outside = open_page(browser, url)
        page.fill("#search-input", "pain")
        page.wait_for_selector(".search-results li")
        context.close()
        assert outside == [], url


def test_searching_for_crps_finds_the_crps_page(browser, served_project_site):
    context, page, _ = open_page(browser, served_project_site)
    page.fill("#search-input", "CRPS")
    page.wait_for_selector(".search-results li a")
    links = page.eval_on_selector_all(".search-results li a", "links => links.map(a => a.href)")
    assert served_project_site + "crps/" in links
    page.locator(".search-results li a").nth(links.index(served_project_site + "crps/")).click()
    page.wait_for_url(served_project_site + "crps/")
    assert page.url == served_project_site + "crps/"
    context.close()


def test_without_javascript_the_search_box_is_hidden_and_the_fallback_links_work(browser, served_project_site):
    context, page, _ = open_page(browser, served_project_site + "crps/", javascript=False)
    assert not page.is_visible(".search")
    assert page.is_visible(".search-fallback")
    page.click(".search-fallback a:text('Glossary')")
    assert page.url == served_project_site + "glossary/"
    context.close()


def test_a_citation_shows_its_preview_on_keyboard_focus_and_leads_to_its_reference(browser, served_project_site):
    context, page, _ = open_page(browser, served_project_site + "crps/")
    link = page.locator(".page-body a.cite").first
    preview = link.locator(".cite-preview")
    assert not preview.is_visible()
    link.focus()
    assert preview.is_visible() and "Sigtermans" in preview.inner_text()
    page.keyboard.press("Enter")
    # The key's default action, following the link, may land a moment after the key press returns.
    page.wait_for_function("location.hash === '#ref-1'", timeout=5000)
    backlink = page.locator("#ref-1 a.backlink").first
    backlink.click()
    page.wait_for_function("location.hash.length > 1 && location.hash !== '#ref-1'", timeout=5000)
    target = page.evaluate("location.hash")
    highlight = page.evaluate(f"getComputedStyle(document.getElementById('{target[1:]}').closest('p, li'))"
                              ".backgroundColor")
    assert highlight not in ("rgba(0, 0, 0, 0)", "transparent")
    context.close()


def test_print_hides_the_menu_and_prints_reference_addresses(browser, served_project_site):
    context, page, _ = open_page(browser, served_project_site + "crps/")
    page.emulate_media(media="print")
    assert not page.is_visible(".site-nav")
    after = page.evaluate("getComputedStyle(document.querySelector('.references a.ref-link'), '::after').content")
    assert "https://doi.org/" in after
    context.close()


def test_callouts_and_do_and_dont_lists_are_styled(browser, served_project_site):
    context, page, _ = open_page(browser, served_project_site + "urgent-help/")
    tick = page.evaluate("getComputedStyle(document.querySelector('.admonition.do li'), '::before').content")
    cross = page.evaluate("getComputedStyle(document.querySelector('.admonition.dont li'), '::before').content")
    assert "✓" in tick and "✗" in cross
    context.close()


@pytest.fixture
def preview(basic_site):
    """`build.py serve` on a copy of the basic fixture site, on a free port."""
    url, server = start_serve(basic_site)
    yield url, basic_site
    server.terminate()
    server.wait(timeout=10)


def test_the_preview_reloads_on_save_shows_errors_and_clears_them(browser, preview):
    url, site = preview
    source = site / "content" / "index.md"
    context, page, _ = open_page(browser, url)
    assert page.locator("h1").inner_text() == "Welcome"

    started = time.monotonic()
    with page.expect_navigation(timeout=5000):
        source.write_text(source.read_text().replace("title: Welcome", "title: Welcome back"))
    page.wait_for_selector("h1:text('Welcome back')")
    reload_seconds = time.monotonic() - started
    assert reload_seconds < 1.0, f"the page took {reload_seconds:.2f} s to reload after the save"

    source.write_text(source.read_text().replace("[@alpha2004]", "[@alpah2004]"))
    overlay = page.wait_for_selector("#preview-overlay", timeout=5000)
    text = overlay.inner_text()
    assert "content/index.md:7:" in text and "unknown citation key 'alpah2004'" in text
    assert "did you mean 'alpha2004'?" in text
    assert page.locator("h1").inner_text() == "Welcome back"  # the last good version stays

    with page.expect_navigation(timeout=5000):
        source.write_text(source.read_text().replace("[@alpah2004]", "[@alpha2004]"))
    page.wait_for_load_state()
    assert page.locator("#preview-overlay").count() == 0
    context.close()
