"""One page from its Markdown to its file in the output: convert, render, check, write.

A worker builds each page whole and sends back only a small `BuiltPage` record: what the rest
of the build needs to know of the page (what it cites and links to, its anchors, its
findings). The HTML goes straight into the output folder. So the build's memory does not grow
with the pages' text, and the cache that lets an edit rebuild one page holds only records.
"""

from __future__ import annotations

import dataclasses
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from patientsite.build.output import MemoryOutput, StagedOutput, WrittenFile
from patientsite.checks import PageChecks, PageSummary
from patientsite.checks.anchors import check_reference_anchors
from patientsite.diagnostics import Diagnostic, Report
from patientsite.markup.convert import PageContent, PageConverter
from patientsite.markup.links import FoundLink
from patientsite.structure.digests import digest
from patientsite.structure.pages import PageSource
from patientsite.theme.render import Renderer, Rendering


@dataclass(frozen=True)
class BuiltPage:
    """What the build keeps of one built page."""

    key: str  # a digest of everything the page was built from, except the references it cites
    digest: str  # the key and a digest of the references it cites: the record is reused only while both match
    display: str  # the page's source file, as findings name it
    url: str
    title: str
    cited_keys: tuple[str, ...]  # every key cited, known or not, sorted
    sources: tuple[tuple[str, tuple[str, ...]], ...]  # each source cited, in number order: its key and the places
    links: tuple[tuple[FoundLink, int, int], ...]  # each link, with its line and column in the source
    file: WrittenFile  # the page's file in the output
    ids: tuple[str, ...]  # the ids of the page's elements, in order: what a link's #fragment may point to
    findings: tuple[Diagnostic, ...]
    silenced: tuple[Diagnostic, ...]
    summary: PageSummary
    # An original shown untranslated in another language's edition: its findings are the original's,
    # reported once, there.
    fallback: bool = False


def sharing_strings(page: BuiltPage) -> BuiltPage:
    """The same record, with its ids, places and keys sharing the strings of other pages' records.

    Each record comes from a worker with strings of its own, and most of them ('cite-2-1',
    'ref-3', a reference's key) are the same on many pages: kept once, a large site's records
    take a fraction of the memory.
    """
    intern = sys.intern
    return dataclasses.replace(
        page, cited_keys=tuple(map(intern, page.cited_keys)),
        sources=tuple((intern(key), tuple(map(intern, places))) for key, places in page.sources),
        ids=tuple(map(intern, page.ids)))


def convert_page(converter: PageConverter, page: PageSource, root: Path) -> tuple[PageContent, Report]:
    """A page's Markdown converted, and the page's own report (which applies its 'allow:') with what that found."""
    own = Report(root)
    own.allow(page.file.display, page.allow)
    return converter.convert(page, own), own


@dataclass(frozen=True)
class PageBuilder:
    """Everything a page is built with; made once a build, before the workers are forked."""

    converter: PageConverter
    renderer: Renderer
    checks: PageChecks
    output: MemoryOutput | StagedOutput
    report: Report  # where the site is: findings name files as seen from there
    cited_digest: Callable[[tuple[str, ...]], str]  # a digest of the references with some keys

    def build(self, page: PageSource, key: str, converted: tuple[PageContent, Report] | None = None) -> BuiltPage:
        """Build one page (from ``converted``, if it is converted already), to be written into the
        output with the next ``flush``; the record keeps what the output says to keep of it."""
        content, own = converted if converted is not None else convert_page(self.converter, page, self.report.root)
        html = self.renderer.page(content)
        rendering = Rendering.of(page.url, html)
        summary = self.checks.run(content, own)
        # The template, not the Markdown, gives the reference list its ids: a site's own may leave them out.
        check_reference_anchors(page.file.display, "page.html", (source.number for source in content.sources),
                                rendering.ids, own)
        self.output.write_soon(rendering.path, html)
        file = self.output.written(rendering.path, rendering.checksum)
        sources = tuple((source.reference.key, source.places) for source in content.sources)
        findings, silenced = (tuple(own.diagnostics), tuple(own.silenced)) if not page.is_fallback else ((), ())
        return BuiltPage(key, digest(key, self.cited_digest(content.cited_keys)), page.file.display, page.url,
                         page.meta.title, content.cited_keys, sources, content.links, file, rendering.ids,
                         findings, silenced, summary, page.is_fallback)

    def flush(self, pages: list[BuiltPage]) -> list[BuiltPage]:
        """Write out the pages built since the last flush: their records, with their files' signatures."""
        signatures = self.output.flush()
        return [dataclasses.replace(page, file=dataclasses.replace(page.file, signature=signatures[page.file.path]))
                if page.file.path in signatures else page for page in pages]

    def reuse(self, built: BuiltPage, key: str) -> bool:
        """Whether a page built before can stand for this build's, and if so put it in the output."""
        if built.key != key or built.digest != digest(key, self.cited_digest(built.cited_keys)):
            return False  # the page, the site, or a reference it cites has changed
        return self.output.keep(built.file)
