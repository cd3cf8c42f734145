"""Markdown to HTML for one page, with its citations numbered and its links resolved.

One `PageConverter` serves a whole build: the Markdown instance is made once and reset
between pages, which is much faster than making one per page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Mapping

from markdown import Markdown
from markdown.extensions.toc import TocExtension

from patientsite.diagnostics import Report, did_you_mean
from patientsite.markup.citations.extension import CitationExtension, FoundCitation, UnclosedCitation
from patientsite.markup.citations.numbering import KEY_POINTS
from patientsite.markup.glossary import GlossaryExtension, Term
from patientsite.markup.inline_patterns import InlinePatterns
from patientsite.markup.links import FoundLink, LinkExtension, LinkTargets
from patientsite.markup.plaintext import PageText, PlainTextExtension
from patientsite.markup.sanitize import AllowListExtension, clean, unsafe_parts
from patientsite.markup.settings import SettingsExtension
from patientsite.markup.typography import TypographyExtension
from patientsite.structure.bibliography import Library, Reference
from patientsite.structure.pages import FRONT_MATTER_LINE, PageSource
from patientsite.structure.textfiles import LineIndex, find_snippet
from patientsite.structure.urls import relative_url

MARKDOWN_EXTENSIONS = ["extra", "admonition", "sane_lists"]


@dataclass(frozen=True)
class CitedSource:
    """A source cited on a page: its number there, and the id of every place that cites it."""

    number: int
    reference: Reference
    places: tuple[str, ...]
    # The section of each place: the heading above it, KEY_POINTS (""), or None before the first heading.
    sections: tuple[str | None, ...] = ()

    @property
    def by_section(self) -> tuple[tuple[str | None, tuple[str, ...]], ...]:
        """The places grouped by section, in the order each section first cites it; without
        sections, each place alone."""
        if not self.sections:
            return tuple((None, (place,)) for place in self.places)
        groups: dict[str | None, list[str]] = {}
        for section, place in zip(self.sections, self.places, strict=True):
            groups.setdefault(section, []).append(place)
        return tuple((section, tuple(places)) for section, places in groups.items())


@dataclass(frozen=True)
class PageContent:
    """A page after conversion: HTML fragments for the templates, and what it cites and links to."""

    page: PageSource
    body_html: str
    key_points_html: tuple[str, ...]
    sources: tuple[CitedSource, ...]
    links: tuple[tuple[FoundLink, int, int], ...]
    key_points_text: PageText = PageText((), (), ())
    body_text: PageText = PageText((), (), ())
    cited_keys: tuple[str, ...] = ()  # every key cited, known or not, sorted (a set's repr would vary)
    # The text's sections, for its "On this page" list: each level-2 heading's id and its text as HTML.
    sections: tuple[tuple[str, str], ...] = ()
    terms: tuple[Term, ...] = ()  # the terms that the page's definition lists define (the glossary's)


class _Region:
    """A stretch of a page's file (front matter or body) that text was converted from."""

    def __init__(self, text: str, first_line: int):
        self.text = text
        self.first_line = first_line
        self.lines = LineIndex(text)
        # The n-th time a snippet is looked up, it is found after the (n-1)-th: one pass, however long the page.
        self.resume: dict[str, int] = {}
        self.last: dict[str, int] = {}

    def locate(self, snippet: str, column_of: str = "") -> tuple[int, int]:
        offset = find_snippet(self.text, snippet, self.resume.get(snippet, 0))
        if offset is None:
            offset = self.last.get(snippet)
            if offset is None:
                return self.first_line, 1
        else:
            self.resume[snippet], self.last[snippet] = offset + 1, offset
        if column_of and column_of in snippet:
            offset += snippet.index(column_of)
        line, col = self.lines.position(offset)
        return self.first_line + line - 1, col


class PageConverter:
    """Converts the pages of one site, given its library, its site map and the citation texts."""

    def __init__(self, library: Library, link_targets: LinkTargets, describe: Callable[[str], str],
                 author_label: Callable[[str], str], link_label: Callable[[int, str], str],
                 full_reference: Callable[[int], str] = str, glossary_more: Callable[[str], str] = str,
                 settings: Mapping[str, str] | None = None):
        """The citation texts come from the theme: see `CitationExtension`'s config for each.
        ``settings`` are the texts that a page shows with ``{{ name }}`` (`SiteConfig.text_settings`)."""
        self.library = library
        self.link_targets = link_targets
        self.citations = CitationExtension(is_known=library.__contains__, describe=describe, author_label=author_label,
                                           link_label=link_label, full_reference=full_reference)
        self.links = LinkExtension()
        self.toc = TocExtension(toc_depth="2-3")
        self.plain_text = PlainTextExtension()
        self.glossary = GlossaryExtension(more=glossary_more)
        self.glossary_url: str | None = None
        self.settings = SettingsExtension(settings or {}, frozenset({"clinic", "clinic.prices"}))
        self.allow_list = AllowListExtension()
        self.md = Markdown(extensions=[*MARKDOWN_EXTENSIONS, TypographyExtension(), self.toc, self.citations,
                                       self.settings, self.glossary, self.links, self.plain_text, self.allow_list],
                           output_format="html")
        self.inline_patterns = InlinePatterns(self.md)

    def convert(self, page: PageSource, report: Report) -> PageContent:
        """Convert a page's key points and body; problems go to the report at their lines."""
        self.md.reset()
        self._cited: set[str] = set()
        self.links.start_page(lambda href: self.link_targets.resolve(page.rel_path, page.url, href))
        glossary = self.glossary_url
        self.glossary.start_page(None if glossary is None or glossary == page.url else
                                 lambda anchor: f"{relative_url(page.url, glossary)}#{anchor}")
        front = _Region(_front_matter_text(page), FRONT_MATTER_LINE)
        self.citations.registry.section = KEY_POINTS
        key_points = tuple(self._convert_region(point, front, page, report) for point in page.meta.key_points)
        key_points_html = tuple(re.sub(r"^<p>(.*)</p>$", r"\1", html, flags=re.DOTALL) for html, _ in key_points)
        key_points_text = self.plain_text.take_text()
        body = page.body
        self.citations.registry.section = None
        body_html, body_links = self._convert_region(body, _Region(body, page.body_line), page, report)
        body_text = self.plain_text.take_text()
        contents = tuple((token["id"], token["name"]) for token in self.md.toc_tokens if token["level"] == 2)
        sources = tuple(CitedSource(number, self.library[key], places, sections)
                        for key, number, places, sections in self.citations.registry.in_order())
        links = tuple(link for _, point_links in key_points for link in point_links) + body_links
        return PageContent(page, body_html, key_points_html, sources, links, key_points_text, body_text,
                           tuple(sorted(self._cited)), contents, tuple(self.glossary.take_found()))

    def use_glossary(self, terms: tuple[Term, ...], url: str) -> None:
        """From now on, the first use of each glossary term on a page opens its definition, which links to ``url``."""
        self.glossary.use(terms)
        self.glossary_url = url

    def _convert_region(self, text: str, region: _Region, page: PageSource,
                        report: Report) -> tuple[str, tuple[tuple[FoundLink, int, int], ...]]:
        self.inline_patterns.use_for(text)
        html = self.md.convert(text).strip()
        if "<" in text or "{:" in text:  # only raw HTML and attribute lists can add what the allow-list removes
            self._report_unsafe_html(html, region, page, report)
        if not self.allow_list.plain:
            html = clean(html)
        self._report_citations(self.citations.take_found(), region, page, report)
        for unknown in self.settings.take_found():
            report.error(page.file.display, *region.locate(unknown.raw), unknown.problem, unknown.hint,
                         code="page.setting")
        links = tuple((link, *region.locate(link.raw)) for link in self.links.take_found())
        return html, links

    def _report_unsafe_html(self, html: str, region: _Region, page: PageSource, report: Report) -> None:
        """Report the raw HTML that the sanitizer removes; what Markdown itself made is not the author's to fix."""
        for description, snippet in unsafe_parts(html):
            if find_snippet(region.text, snippet, ignore_case=True) is None:
                continue
            report.warning(page.file.display, *region.locate(snippet), f"{description} is not allowed and was removed",
                           "write the text in Markdown: a page may not run scripts, embed other sites or set its own "
                           "styles", code="html.unsafe")

    def _report_citations(self, found: list[FoundCitation | UnclosedCitation], region: _Region, page: PageSource,
                          report: Report) -> None:
        for citation in found:
            if isinstance(citation, UnclosedCitation):
                self._report_unclosed(citation, region, page, report)
                continue
            self._cited.update(citation.keys)
            first_problem = citation.unknown[0] if citation.unknown else ""
            line, col = region.locate(citation.raw, "@" + first_problem if first_problem else "")
            for key in citation.unknown:
                hint = did_you_mean(key, list(self.library.references)) or \
                    f"add an entry '{key}' to {self.library.path}, or write \\@ for a literal @"
                report.error(page.file.display, line, col, f"unknown citation key '{key}'", hint,
                             code="citation.unknown")
            if citation.inside_link:
                report.error(page.file.display, line, col, f"the citation {citation.raw} is inside a link's text",
                             "move the citation after the link", code="citation.in-link")

    @staticmethod
    def _report_unclosed(citation: UnclosedCitation, region: _Region, page: PageSource, report: Report) -> None:
        """A warning, not an error: the key is usually still cited (in the text), but a stray '[' shows on the page."""
        report.warning(page.file.display, *region.locate(citation.raw), f"the citation {citation.raw} is not closed",
                       f"close it with ']' where the citation ends, as in {citation.raw}], or write \\[ for a literal "
                       "bracket", code="citation.unclosed")


def _front_matter_text(page: PageSource) -> str:
    """The lines from the front matter's first field to the body, where key points are found."""
    lines = page.file.text.split("\n")
    return "\n".join(lines[FRONT_MATTER_LINE - 1: page.body_line - 1])
