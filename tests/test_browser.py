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


@pytest.mark.parametrize("query", ["physiotherapy", "exercise", "psychological", "spinal cord stimulation",
                                   "mirror therapy"])
def test_searching_for_a_treatment_without_medicines_finds_the_page_about_them(browser, served_project_site, query):
    context, page, _ = open_page(browser, served_project_site)
    page.fill("#search-input", query)
    page.wait_for_selector(".search-results li a")
    links = page.eval_on_selector_all(".search-results li a", "links => links.map(a => a.href)")
    assert served_project_site + "non-drug-care/" in links, (query, links)
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
    button = page.locator(".page-body button.cite").first
    preview = page.locator("#" + button.get_attribute("popovertarget"))
    assert not preview.is_visible()
    button.focus()  # focus shows the preview beside the number
    assert preview.is_visible() and "Complex regional pain syndrome (CRPS): treatment" in preview.inner_text()
    page.keyboard.press("Enter")  # Enter opens it in place, with its link to the full entry
    assert page.evaluate(f"document.getElementById('{preview.get_attribute('id')}').matches(':popover-open')")
    preview.locator("a.cite-more").click()
    page.wait_for_function("location.hash === '#ref-1'", timeout=5000)
    backlink = page.locator("#ref-1 a.backlink").first
    backlink.click()
    page.wait_for_function("location.hash.length > 1 && location.hash !== '#ref-1'", timeout=5000)
    target = page.evaluate("location.hash")
    highlight = page.evaluate(f"getComputedStyle(document.getElementById('{target[1:]}').closest('p, li'))"
                              ".backgroundColor")
    assert highlight not in ("rgba(0, 0, 0, 0)", "transparent")
    context.close()


PHONES = [(375, 667), (320, 568)]


def open_phone(browser, url: str, size: tuple[int, int], javascript: bool = True):
    context = browser.new_context(viewport={"width": size[0], "height": size[1]}, has_touch=True, is_mobile=True,
                                  java_script_enabled=javascript)
    page = context.new_page()
    page.goto(url, wait_until="networkidle")
    return context, page


@pytest.mark.parametrize("size", PHONES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_on_a_phone_every_page_shows_its_title_and_the_start_of_its_text_on_the_first_screen(
        browser, project_site, served_project_site, size):
    late = {}
    for url in page_urls(project_site, served_project_site):
        context, page = open_phone(browser, url, size)
        # The title, and the first line of the key points (or of the text, on a page without them).
        first = page.evaluate("""() => {
            const title = document.querySelector('main h1');
            const start = document.querySelector('main .key-points li, main .page-body p, main .page-body li, main p');
            const line = start.getClientRects()[0];
            return [title.getBoundingClientRect().bottom, line.bottom];
        }""")
        if max(first) > size[1]:
            late[url] = first
        context.close()
    assert not late, f"below the first screen at {size} (title bottom, first line bottom): {late}"


@pytest.mark.parametrize("size", PHONES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_tapping_a_citation_opens_its_preview_in_place_and_a_second_tap_or_escape_closes_it(
        browser, served_project_site, size):
    context, page = open_phone(browser, served_project_site + "crps/", size)
    small = page.eval_on_selector_all("button.cite", "bs => bs.map(b => b.getBoundingClientRect())"
                                                     ".filter(r => r.width < 24 || r.height < 24).length")
    assert small == 0, "a citation's tap target is smaller than 24 x 24 px"
    button = page.locator(".page-body button.cite").nth(2)
    button.scroll_into_view_if_needed()
    preview = page.locator("#" + button.get_attribute("popovertarget"))
    before = page.evaluate("[scrollY, location.href]")
    button.tap()
    assert preview.is_visible()
    box = preview.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= size[1] + 1, "the preview is not on the screen"
    number = int(button.inner_text())
    title = page.locator(f"#ref-{number} .ref-title, #ref-{number}").first.inner_text()
    assert preview.inner_text().split(".")[1].strip() in title  # the source's title, as in its full entry
    assert page.evaluate("[scrollY, location.href]") == before, "tapping a citation scrolled or navigated"
    button.tap()
    assert not preview.is_visible()
    button.tap()
    assert preview.is_visible()
    page.keyboard.press("Escape")
    assert not preview.is_visible()
    context.close()


def test_the_urgent_help_page_opens_with_a_large_call_button_on_the_first_screen(browser, served_project_site):
    for size in PHONES:
        context, page = open_phone(browser, served_project_site + "urgent-help/", size)
        button = page.locator(".admonition.urgent a[href='tel:911']").first
        box = button.bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44, box
        assert box["y"] + box["height"] <= size[1], f"the call button is below the first screen at {size}"
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation_with_the_menu_a_citation_and_a_term_open_on_a_phone(browser, served_project_site, scheme):
    context = browser.new_context(viewport={"width": 375, "height": 667}, has_touch=True, is_mobile=True,
                                  color_scheme=scheme)
    page = context.new_page()
    page.goto(served_project_site + "crps/", wait_until="networkidle")
    page.tap(".site-menu > summary")
    page.tap(".page-notice > summary")
    term = page.locator(".page-body button.term").first
    term.tap()
    assert page.locator("#" + term.get_attribute("popovertarget")).is_visible()
    results = Axe().run(page, options=AXE_OPTIONS)
    assert not results.violations_count, results.generate_report()
    page.keyboard.press("Escape")
    page.locator(".page-body button.cite").first.tap()
    results = Axe().run(page, options=AXE_OPTIONS)
    assert not results.violations_count, results.generate_report()
    context.close()


def test_without_javascript_the_menu_and_the_citations_still_work(browser, served_project_site):
    context, page = open_phone(browser, served_project_site + "crps/", PHONES[0], javascript=False)
    assert not page.is_visible(".site-nav")
    page.tap(".site-menu > summary")
    assert page.is_visible(".site-nav a:text('Glossary')")
    button = page.locator(".page-body button.cite").first
    button.tap()
    assert page.locator("#" + button.get_attribute("popovertarget")).is_visible()
    context.close()


def test_print_hides_the_menu_and_prints_reference_addresses(browser, served_project_site):
    context, page, _ = open_page(browser, served_project_site + "crps/")
    page.emulate_media(media="print")
    assert not page.is_visible(".site-menu")
    after = page.evaluate("getComputedStyle(document.querySelector('.references a.ref-link'), '::after').content")
    assert "https://doi.org/" in after
    context.close()


def test_the_questions_page_prints_a_box_to_tick_and_lines_to_write_on_for_each_question(browser, served_project_site):
    context, page, _ = open_page(browser, served_project_site + "questions-to-ask/")
    page.emulate_media(media="print")
    question = "document.querySelector('.page-body li')"
    box = page.evaluate(f"getComputedStyle({question}, '::before').borderTopWidth")
    lines = page.evaluate(f"parseFloat(getComputedStyle({question}, '::after').height)")
    assert box != "0px" and lines >= 40, (box, lines)
    footer = page.locator(".print-footer")
    assert footer.is_visible() and "Next review due" in footer.inner_text()
    assert not page.is_visible(".cite-preview") and not page.is_visible(".page-turn")
    pdf = page.pdf(format="Letter")
    assert pdf.startswith(b"%PDF") and len(pdf) > 20_000
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
