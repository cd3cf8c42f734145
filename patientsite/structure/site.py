"""The site as a whole: its pages in menu order, its menu (menu.py), and the index of every source and who cites it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Protocol

from patientsite.diagnostics import Report, did_you_mean
from patientsite.structure.bibliography import Library, Reference
from patientsite.structure.bibliography.latex import plain_text
from patientsite.structure.config import SiteConfig
from patientsite.structure.menu import Menu, NavItem, build_menu, nav_item
from patientsite.structure.pages import PageSource
from patientsite.structure.urls import slugify

SOURCES_URL = "sources/"


@dataclass(frozen=True)
class Citing:
    """One page that cites a source, and the ids of the places on it."""

    title: str
    url: str
    places: tuple[str, ...]


@dataclass(frozen=True)
class SourceEntry:
    """A line of the Sources page."""

    id: str
    reference: Reference
    cited_by: tuple[Citing, ...]


class CitingPage(Protocol):
    """What the Sources page needs of a page: its title and address, and each source it cites
    (by key, in number order) with the ids of the places that cite it."""

    title: str
    url: str
    sources: tuple[tuple[str, tuple[str, ...]], ...]


@dataclass(frozen=True)
class Site:
    """The pages, in menu order, and what every page shows of the others: the menu and the footer."""

    config: SiteConfig
    pages: tuple[PageSource, ...]
    menu: Menu
    footer_links: tuple[NavItem, ...] = ()
    incomplete: bool = False  # a page could not be read: what it cites is unknown
    prefix: str = ""  # where its language's pages are: '' for the default language, 'fr/' for French

    @property
    def sources_url(self) -> str:
        return self.prefix + SOURCES_URL

    @property
    def home_url(self) -> str:
        return self.prefix


def assemble_site(config: SiteConfig, pages: tuple[PageSource, ...], report: Report,
                  failed: tuple[str, ...] = (), prefix: str = "") -> Site:
    """Order the pages, and build the menu and the footer links, from the pages' front matter.
    ``prefix`` is the folder of the language's pages ('fr/'), whose home page comes first."""
    ordered = sorted(pages, key=lambda p: (p.url != prefix, p.meta.order, p.meta.title, p.url))
    menu = build_menu(ordered, config.menu_size)
    # A language's footer names the same pages: its errors are reported once, for the default language's.
    links = footer_links(config, ordered, report if not prefix else Report(report.root), failed)
    return Site(config, tuple(ordered), menu, links, bool(failed), prefix)


def footer_links(config: SiteConfig, pages: list[PageSource], report: Report,
                 failed: tuple[str, ...] = ()) -> tuple[NavItem, ...]:
    """The pages named under 'footer_links' in site.yml; a name that is not a page is an error."""
    by_source = {page.original_path: page for page in pages}
    links = []
    for name in config.footer_links:
        page = by_source.get(name)
        if page is None and name in failed:
            continue  # the page has an error of its own, reported at the page
        if page is None:
            report.error(report.root / "site.yml", config.lines.get("footer_links", 1), 1,
                         f"'footer_links' names '{name}', which is not a page in content/",
                         did_you_mean(name, list(by_source)) or "name pages by their file, for example about.md",
                         code="config.footer")
        else:
            links.append(nav_item(page))
    return tuple(links)


def index_sources(pages: Iterable[CitingPage], library: Library) -> tuple[SourceEntry, ...]:
    """Every reference that a page cites, sorted as a bibliography, with the pages (in menu order) that cite it.
    The other entries of references.bib are not shown: a clinic may export its whole library."""
    cited_by: dict[str, list[Citing]] = {}
    for page in pages:
        for key, places in page.sources:
            for cited in (key, *(member.key for member in library[key].members)):  # a set cites its members
                cited_by.setdefault(cited, []).append(Citing(page.title, page.url, places))
    used_ids: set[str] = set()
    entries = []
    for reference in sorted((library[key] for key in cited_by if key not in library.broken), key=_bibliography_order):
        anchor = _unique(f"source-{slugify(reference.key) or 'ref'}", used_ids)
        entries.append(SourceEntry(anchor, reference, tuple(cited_by[reference.key])))
    return tuple(entries)


def _bibliography_order(reference: Reference) -> tuple:
    title = plain_text(reference.title)
    first = reference.names[0].family if reference.names else title
    return (first.casefold(), reference.year, title.casefold(), reference.key)


def _unique(candidate: str, used: set[str]) -> str:
    anchor, counter = candidate, 2
    while anchor in used:
        anchor, counter = f"{candidate}-{counter}", counter + 1
    used.add(anchor)
    return anchor
