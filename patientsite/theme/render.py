"""Rendering: pages and the site's own files through the theme's templates."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator
from urllib.parse import urlsplit

from markupsafe import Markup

from patientsite.markup.convert import PageContent
from patientsite.structure.bibliography import Reference
from patientsite.structure.menu import NavItem, Section, section_folder
from patientsite.structure.pages import PageSource
from patientsite.structure.site import Site, SourceEntry
from patientsite.structure.translations import Edition
from patientsite.structure.urls import output_path
from patientsite.theme.loader import Theme, language_name
from patientsite.theme.metadata import CONTENT_SECURITY_POLICY, IMMUTABLE, IMMUTABLE_FOLDERS, SECURITY_HEADERS, medical_web_page

STREAMED_BLOCK = 1 << 16  # characters rendered before they are written out
ID_RE = re.compile(r"""\sid=(?:"([^"]*)"|'([^']*)')""")


@dataclass(frozen=True)
class Rendering:
    """One page as rendered: where it is written in the output, the ids of its elements, its checksum.

    A page rendered a part at a time (`streamed`) has been written out as it went, and has no HTML here.
    """

    path: str
    html: str | None
    ids: tuple[str, ...]  # in the order of the page; a tuple takes a third of a set's memory
    checksum: str  # SHA-256 of the HTML as written

    @classmethod
    def of(cls, url: str, html: str) -> Rendering:
        return cls(output_path(url), html, element_ids(html), hashlib.sha256(html.encode("utf-8")).hexdigest())

    @classmethod
    def streamed(cls, url: str, parts: Iterable[str], write: Callable[[bytes], None]) -> Rendering:
        """A page written a part at a time as it is rendered, never held whole; its ids and checksum made on the way."""
        hasher, ids = hashlib.sha256(), {}
        carried, pending, size = "", [], 0

        def flush(text: str) -> None:
            data = text.encode("utf-8")
            hasher.update(data)
            write(data)
            ids.update(dict.fromkeys(element_ids(text)))

        for part in parts:
            pending.append(part)
            size += len(part)
            if size >= STREAMED_BLOCK:
                text = carried + "".join(pending)
                cut = text.rfind(">") + 1  # a tag, and so an id attribute, is never split between two blocks
                flush(text[:cut])
                carried, pending, size = text[cut:], [], 0
        flush(carried + "".join(pending))
        return cls(output_path(url), None, tuple(ids), hasher.hexdigest())


def element_ids(html: str) -> tuple[str, ...]:
    """The ids of the elements of an HTML page, each once: what a link's #fragment may point to."""
    return tuple(dict.fromkeys(a or b for a, b in ID_RE.findall(html)))


class Renderer:
    """The site's templates with what every one of them is given: the settings, the menu, the date."""

    def __init__(self, site: Site, theme: Theme, today: dt.date, assets: dict[str, str],
                 edition: Edition | None = None):
        """``assets`` maps each static file to its fingerprinted name, which the ``url`` filter links to.
        ``edition`` is the language's pages, with each page's versions in the other languages."""
        self.site = site
        self.theme = theme
        self.edition = edition
        theme.use_evidence_labels(site.config.evidence_labels_given)
        theme.compile("page.html")  # once here, not by every worker process
        self.base_url = site.config.base_url
        self.common = {"site": site.config, "nav": site.menu.entries, "more_pages": bool(site.menu.more),
                       "nav_section": None, "listed_pages": None,
                       "footer_links": site.footer_links,
                       "sources_url": site.sources_url, "home_url": site.home_url, "url_root": None,
                       "csp": CONTENT_SECURITY_POLICY, "today": today, "assets": assets,
                       "formatted_reference": formatted_references(theme), "translation": None,
                       "hreflang": {}, "other_languages": (), "content_lang": ""}

    def page(self, content: PageContent) -> str:
        page = content.page
        # An untranslated page shown in another language's edition points search engines to its original.
        canonical = _canonical(self.base_url, self._original_url(page.url) if page.is_fallback else page.url)
        previous, following = self._neighbours(page.url)
        return self.theme.render("page.html", **{**self.common, **self._languages_of(page.url), **self._menu_of(page)},
                                 page=page,
                                 meta=page.meta, content=content, page_url=page.url, canonical=canonical,
                                 previous_page=previous, next_page=following,
                                 structured_data=medical_web_page(content, self.site.config, canonical, page.lang))

    def _original_url(self, url: str) -> str:
        status = self.edition.status.get(url) if self.edition else None
        return status.original_url if status else url

    def _languages_of(self, url: str) -> dict:
        """What a page shows of its other languages: its status as a translation, the hreflang
        alternates, and the language switch's links (each language's name in that language)."""
        edition = self.edition
        if edition is None or url not in edition.versions:
            return {}
        versions = edition.versions[url]
        status = edition.status.get(url)
        translation = None
        if status is not None:
            translation = {"fallback": status.fallback, "stale": status.stale, "original_url": status.original_url,
                           "original_lang": status.original_lang, "original_updated": status.original_updated,
                           "original_language": language_name(status.original_lang, edition.language)}
        hreflang = {language: _canonical(self.base_url, link) or link for language, link in versions.hreflang().items()}
        others = tuple((language, language_name(language, language).capitalize(), link)
                       for language, link in versions.urls.items() if language != edition.language)
        return {"translation": translation, "hreflang": hreflang if len(hreflang) > 1 else {},
                "other_languages": others, "content_lang": status.original_lang if status and status.fallback else ""}

    def _menu_of(self, page: PageSource) -> dict:
        """What a page shows of the menu beyond its entries: its section's part, and the list of pages
        the menu has no room for, on the home page, or of a section's pages, on its index page."""
        section = self._sections.get(section_folder(page))
        shown: dict = {"nav_section": section} if section else {}
        if section and page.url == section.index_url and len(section.pages) > 1:
            shown["listed_pages"] = ("section", section.pages[1:])
        elif page.url == self.site.home_url and self.site.menu.more:
            shown["listed_pages"] = ("more", self.site.menu.more)
        return shown

    @functools.cached_property
    def _sections(self) -> dict[str, Section]:
        return {section.folder: section for section in self.site.menu.sections}

    def _neighbours(self, url: str) -> tuple[NavItem | None, NavItem | None]:
        """The pages before and after this one in reading order; None at either end, or for a page not in the menu."""
        index = self._reading_index.get(url)
        if index is None:
            return None, None
        pages = self.site.menu.reading_order
        return (pages[index - 1] if index > 0 else None), (pages[index + 1] if index + 1 < len(pages) else None)

    @functools.cached_property
    def _reading_index(self) -> dict[str, int]:
        return {item.url: index for index, item in enumerate(self.site.menu.reading_order)}

    def sources_in_parts(self, entries: tuple[SourceEntry, ...]) -> Iterator[str]:
        """The Sources page a part at a time: on a large site it runs to megabytes."""
        url = self.site.sources_url
        return self.theme.render_in_parts("sources.html", **{**self.common, **self._languages_of(url)}, entries=entries,
                                          page_url=url, canonical=_canonical(self.base_url, url))

    def site_files(self, every_page: Iterable = ()) -> dict[str, str]:
        """The 404 page; for the default language, also robots.txt, the hosts' headers file and, with
        a base URL, the sitemap of ``every_page`` (of every language; this language's by default)."""
        # A 404 page is served at whatever address was asked for, so its links start from the site's root.
        root_path = urlsplit(self.base_url).path if self.base_url else "/"
        common = self.common
        not_found = self.site.prefix + "404.html"
        files = {
            not_found: self.theme.render("404.html", **{**common, "url_root": root_path}, page_url=not_found,
                                         canonical=None),
        }
        if self.site.prefix:
            return files
        files |= {
            "robots.txt": self.theme.render("robots.txt", **common, page_url="robots.txt"),
            "_headers": self.theme.render("_headers", **{**common, "url_root": root_path}, page_url="_headers",
                                          headers=SECURITY_HEADERS, immutable=IMMUTABLE,
                                          immutable_folders=IMMUTABLE_FOLDERS),
        }
        if self.base_url:
            files["sitemap.xml"] = self.theme.render("sitemap.xml", **common, pages=tuple(every_page) or self.site.pages,
                                                     page_url="sitemap.xml")
        return files


def formatted_references(theme: Theme) -> Callable[[Reference], Markup]:
    """The theme's 'ama' macro (partials/reference.html), made once for each reference.

    A source cited on a hundred pages is formatted once, not a hundred times; the macro has no
    page context, so its output is the same on every page.
    """
    ama = theme.markup_macro("partials/reference.html", "ama")
    made: dict[str, Markup] = {}

    def formatted(reference: Reference) -> Markup:
        html = made.get(reference.key)
        if html is None:
            html = made[reference.key] = ama(reference)
        return html

    return formatted


def _canonical(base_url: str | None, url: str) -> str | None:
    return base_url + url if base_url else None
