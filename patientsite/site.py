"""The site as a whole: its pages in menu order, and the index of every source and who cites it."""

from __future__ import annotations

from dataclasses import dataclass

from patientsite.bibliography import Library, Reference
from patientsite.config import SiteConfig
from patientsite.convert import PageContent
from patientsite.diagnostics import Report, did_you_mean
from patientsite.urls import slugify

SOURCES_URL = "sources/"


@dataclass(frozen=True)
class NavItem:
    title: str
    url: str


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


@dataclass(frozen=True)
class Site:
    config: SiteConfig
    pages: tuple[PageContent, ...]
    nav: tuple[NavItem, ...]
    sources: tuple[SourceEntry, ...]
    footer_links: tuple[NavItem, ...] = ()


def assemble_site(config: SiteConfig, pages: list[PageContent], library: Library, report: Report) -> Site:
    """Order the pages, build the menu and the footer links, and index every source."""
    ordered = sorted(pages, key=lambda p: (p.page.url != "", p.page.meta.order, p.page.meta.title, p.page.url))
    nav = tuple(NavItem(p.page.meta.nav_title, p.page.url) for p in ordered if p.page.meta.in_nav)
    return Site(config, tuple(ordered), nav, tuple(index_sources(ordered, library)),
                footer_links(config, ordered, report))


def footer_links(config: SiteConfig, pages: list[PageContent], report: Report) -> tuple[NavItem, ...]:
    """The pages named under 'footer_links' in site.yml; a name that is not a page is an error."""
    by_source = {p.page.rel_path: p.page for p in pages}
    links = []
    for name in config.footer_links:
        page = by_source.get(name)
        if page is None:
            report.error(report.root / "site.yml", config.lines.get("footer_links", 1), 1,
                         f"'footer_links' names '{name}', which is not a page in content/",
                         did_you_mean(name, list(by_source)) or "name pages by their file, for example about.md",
                         code="config.footer")
        else:
            links.append(NavItem(page.meta.nav_title, page.url))
    return tuple(links)


def index_sources(pages: list[PageContent], library: Library) -> list[SourceEntry]:
    """Every reference in the library, sorted as a bibliography, with the pages that cite it."""
    cited_by: dict[str, list[Citing]] = {key: [] for key in library.references}
    for content in pages:
        for source in content.sources:
            cited_by[source.reference.key].append(Citing(content.page.meta.title, content.page.url, source.places))
    used_ids: set[str] = set()
    entries = []
    for reference in sorted(library.references.values(), key=_bibliography_order):
        anchor = _unique(f"source-{slugify(reference.key) or 'ref'}", used_ids)
        entries.append(SourceEntry(anchor, reference, tuple(cited_by[reference.key])))
    return entries


def _bibliography_order(reference: Reference) -> tuple:
    first = reference.authors[0].family if reference.authors else reference.title
    return (first.casefold(), reference.year, reference.title.casefold(), reference.key)


def _unique(candidate: str, used: set[str]) -> str:
    anchor, counter = candidate, 2
    while anchor in used:
        anchor, counter = f"{candidate}-{counter}", counter + 1
    used.add(anchor)
    return anchor
