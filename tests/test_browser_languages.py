"""The clinic's site in English and French, in real Chromium: each page leads to its other language
and back, the French pages show no English word of the theme, and search keeps to the reader's
language. (axe-core checks the French pages with every other page, in test_browser.py.)"""

from __future__ import annotations

import re
from pathlib import Path

from test_browser import open_page, page_urls
from test_languages import _catalogue_texts


def english_pages(site: Path, base: str) -> list[str]:
    return [url for url in page_urls(site, base) if not url[len(base):].startswith("fr/")]


def test_every_english_page_links_to_its_french_page_and_back(browser, project_site, served_project_site):
    pages = english_pages(project_site, served_project_site)
    assert len(pages) >= 14
    for url in pages:
        context, page, _ = open_page(browser, url, 375)
        page.click(".language-switch a[hreflang='fr']")
        page.wait_for_load_state("networkidle")
        french = page.url
        assert french == served_project_site + "fr/" + url[len(served_project_site):], url
        assert page.evaluate("document.documentElement.lang") == "fr"
        page.click(".language-switch a[hreflang='en']")
        page.wait_for_load_state("networkidle")
        assert page.url == url, french
        context.close()


def test_the_french_pages_show_no_english_word_of_the_theme(browser, project_site, served_project_site):
    english = {text for text in _catalogue_texts("en") if len(text) > 3} - set(_catalogue_texts("fr")) - {"English"}
    patterns = {text: re.compile(rf"(?<!\w){re.escape(text)}(?!\w)") for text in english}
    shown = {}
    french = [url for url in page_urls(project_site, served_project_site) if "/fr/" in url]
    assert len(french) >= 15  # every page and the Sources page
    for url in french + [served_project_site + "fr/404.html"]:
        context, page, _ = open_page(browser, url)
        # What a reader sees and what a screen reader reads: the text, and the names of links and buttons.
        text = page.evaluate("""() => document.body.innerText + ' ' + [...document.querySelectorAll(
            '[aria-label], [title], img[alt]')].map(e => e.getAttribute('aria-label') || e.title || e.alt).join(' ')""")
        found = sorted(phrase for phrase, pattern in patterns.items() if pattern.search(text))
        if found:
            shown[url] = found
        context.close()
    assert shown == {}


def test_a_search_in_french_finds_french_pages_only(browser, served_project_site):
    context, page, _ = open_page(browser, served_project_site + "fr/")
    page.fill("#search-input", "douleur")
    page.wait_for_selector(".search-results li a")
    links = page.eval_on_selector_all(".search-results li a", "links => links.map(a => a.href)")
    assert links and all(link.startswith(served_project_site + "fr/") for link in links), links
    status = page.text_content(".search-status")
    assert "Pages trouvées" in status, status
    context.close()
    context, page, _ = open_page(browser, served_project_site)
    page.fill("#search-input", "pain")
    page.wait_for_selector(".search-results li a")
    links = page.eval_on_selector_all(".search-results li a", "links => links.map(a => a.href)")
    assert links and not any("/fr/" in link for link in links), links
    context.close()
