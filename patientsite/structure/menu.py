"""The menu: what every page shows of the others, kept to a size a reader can use whatever the site's size.

The rule (README, "The menu"): the menu holds the pages at the top of ``content/`` and one entry
for each folder of it, a *section*, in the order of their ``order``. A section's entry leads to its
index page (its ``index.md``, or else its first page), which lists all the section's pages; on a
page of the section, the menu also shows that section's pages under its entry. Each part holds at
most ``menu_size`` entries (site.yml): the top-level entries beyond that are listed on the home
page ("More pages"), a section's on its index page. So a page's menu costs the same whether the
site has 15 pages or 15,000. Pages with ``in_nav: false`` are in neither, and are reached by links.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from patientsite.structure.pages import PageSource


@dataclass(frozen=True)
class NavItem:
    title: str
    url: str
    lang: str = ""  # the language of its title, when it is not the page's: an untranslated page's
    section: str = ""  # for a section's entry, the folder whose pages it opens


@dataclass(frozen=True)
class Section:
    """A folder of content/: the address of its index page, and its pages (the index page first)."""

    folder: str
    index_url: str
    pages: tuple[NavItem, ...]
    shown: tuple[NavItem, ...]  # the ones its part of the menu has room for


@dataclass(frozen=True)
class Menu:
    entries: tuple[NavItem, ...]  # what every page's menu shows
    more: tuple[NavItem, ...]  # the top-level entries it has no room for, listed on the home page
    sections: tuple[Section, ...]
    reading_order: tuple[NavItem, ...]  # every page in the menu, each section's pages after its entry: 'next', 'previous'


def section_folder(page: PageSource) -> str:
    """The folder of content/ that a page is in ('' at the top): its translations' and fallbacks' too."""
    path = page.original_path
    return path.split("/", 1)[0] if "/" in path else ""


def nav_item(page: PageSource, section: str = "") -> NavItem:
    return NavItem(page.meta.nav_title, page.url, page.lang if page.is_fallback else "", section)


def build_menu(ordered: Iterable[PageSource], menu_size: int) -> Menu:
    """The menu of pages given in menu order (the home page first)."""
    placed: list[tuple[int, NavItem]] = []  # each entry with the place of its page in menu order
    folders: dict[str, list[tuple[int, PageSource]]] = {}
    for place, page in enumerate(page for page in ordered if page.meta.in_nav):
        folder = section_folder(page)
        if folder:
            folders.setdefault(folder, []).append((place, page))
        else:
            placed.append((place, nav_item(page)))
    sections = []
    for folder, pages in folders.items():
        # Its index page leads, and places the section, wherever its own 'order' would put it.
        pages.sort(key=lambda placed_page: not _is_index_of(placed_page[1], folder))
        items = tuple(nav_item(page) for _, page in pages)
        sections.append(Section(folder, items[0].url, items, items[:menu_size]))
        placed.append((pages[0][0], nav_item(pages[0][1], folder)))
    entries = tuple(item for _, item in sorted(placed, key=lambda entry: entry[0]))
    by_folder = {section.folder: section for section in sections}
    reading = tuple(item for entry in entries for item in (by_folder[entry.section].pages if entry.section else (entry,)))
    return Menu(entries[:menu_size], entries[menu_size:], tuple(sections), reading)


def _is_index_of(page: PageSource, folder: str) -> bool:
    return page.original_path == f"{folder}/index.md"  # a translation's, index.fr.md's, too
