"""The build, read top to bottom: load, resolve citations, render, check. Writing is the caller's step."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from patientsite import __version__
from patientsite.assets import Assets, fingerprint
from patientsite.bibliography import Library, load_library
from patientsite.checks import PageReport, run_checks
from patientsite.checks.syllables import Syllables
from patientsite.config import load_config
from patientsite.convert import PageContent, PageConverter
from patientsite.diagnostics import ContentError, Diagnostic, Report
from patientsite.digests import digest
from patientsite.links import SiteMap
from patientsite.options import BuildOptions, build_date
from patientsite.pages import Content, PageSource, load_content
from patientsite.parallel import cores, parallel_map
from patientsite.render import Rendering, output_path, render_site
from patientsite.site import SOURCES_URL, Site, assemble_site
from patientsite.textfiles import files_inside
from patientsite.theme import DEFAULT_THEME, Theme


@dataclass
class BuildCache:
    """Conversions and renderings kept between builds of one preview session.

    Each is keyed by a digest of everything it depends on, so an edit to one page converts
    and renders that page again, and only the pages whose menu, sources or templates changed.
    """

    # By a digest of the page and everything but the library: the conversion and its findings. The
    # conversion's own digest also covers the references it cited, which must still match for it to be reused.
    conversions: dict[str, tuple[PageContent, list[Diagnostic]]] = field(default_factory=dict)
    # By a digest of the conversion and the layout (templates, settings, menu, date): the rendered page.
    renderings: dict[str, Rendering] = field(default_factory=dict)
    # By the digest of the page's conversion, the settings, the date and the glossary: its checks' results.
    checks: dict[str, tuple] = field(default_factory=dict)
    syllables: Syllables = field(default_factory=Syllables)  # by word: the readability check's counts
    converted: int = 0
    rendered: int = 0
    used: set[str] = field(default_factory=set)  # the keys the latest build used: the cache on disk keeps these

    def start(self) -> None:
        self.converted = self.rendered = 0
        self.used = set()

    def kept(self) -> BuildCache:
        """Only what the latest build used: what the next build can hope to reuse."""
        def used(entries: dict) -> dict:
            return {key: value for key, value in entries.items() if key in self.used}

        return BuildCache(conversions=used(self.conversions), renderings=used(self.renderings),
                          checks=used(self.checks), syllables=Syllables(self.syllables.known))

    def stats(self) -> str:
        return f"{self.converted} page{'s' * (self.converted != 1)} converted, {self.rendered} rendered"


@dataclass
class BuildResult:
    """What a build made, in memory, and what it found wrong."""

    report: Report
    files: dict[str, str] = field(default_factory=dict)
    copies: dict[str, Path] = field(default_factory=dict)
    page_count: int = 0
    search: bool = False
    pages: list[PageReport] = field(default_factory=list)

    def failed(self, strict: bool) -> bool:
        return bool(self.report.errors or (strict and self.report.warnings))


@dataclass
class MadeSite:
    """A site rendered in memory, before its checks: the build can write it while it checks it."""

    report: Report
    site: Site | None = None  # None when the build had to stop
    library: Library | None = None
    files: dict[str, str] = field(default_factory=dict)
    copies: dict[str, Path] = field(default_factory=dict)
    ids: dict[str, frozenset[str]] = field(default_factory=dict)  # the element ids of every page, by URL
    today: dt.date | None = None
    jobs: int = 1
    cache: BuildCache | None = None

    def failed_so_far(self, strict: bool) -> bool:
        return self.site is None or bool(self.report.errors or (strict and self.report.warnings))


def build_site(options: BuildOptions, cache: BuildCache | None = None) -> BuildResult:
    """Build the site in memory and check it; a cache (the live preview's) skips work done before."""
    return check_site(make_site(options, cache))


def make_site(options: BuildOptions, cache: BuildCache | None = None) -> MadeSite:
    """Load, convert and render the site into memory; problems found on the way are in its report."""
    cache = cache if cache is not None else BuildCache()
    cache.start()
    root = options.root
    report = Report(root)
    config = load_config(root / "site.yml", report)
    if config is None:
        return MadeSite(report)
    if options.base_url is not None:
        config = config.with_base_url(options.base_url.rstrip("/") + "/")
    library = load_library(root / "references.bib", report, config.evidence_labels)
    content = load_content(root / "content", config, report)
    theme = Theme(root)
    try:
        assets = fingerprint(files_inside(theme.static_files(), (root, DEFAULT_THEME), report), report)
        preview = theme.macro("partials/citation.html", "preview")
        in_text = theme.macro("partials/citation.html", "in_text")
        sitemap = make_sitemap(content, assets)
        # A source's preview and in-text label are the same wherever it is cited: made once per build.
        describe = functools.lru_cache(maxsize=None)(lambda key: preview(library[key]))
        label = functools.lru_cache(maxsize=None)(lambda key: in_text(library[key]))
        converter = PageConverter(library, sitemap, describe, label)
        depends = digest(__version__, config, sitemap, theme.templates_digest)
        jobs = options.jobs or cores()
        pages = convert_pages(converter, content.pages, library, depends, cache, report, jobs)
        site = assemble_site(config, pages, library, report)
        today = options.today or build_date()
        rendered = render_site(site, theme, today, assets.names, cache, jobs)
    except ContentError as exc:
        report.extend([exc.diagnostic])
        return MadeSite(report)
    files = {**rendered.files, **assets.texts}
    return MadeSite(report, site=site, library=library, files=files, copies={**assets.copies, **content.assets},
                    ids=rendered.ids, today=today, jobs=jobs, cache=cache)


def check_site(made: MadeSite) -> BuildResult:
    """Run every check on a made site; the result holds what to write and everything found wrong."""
    if made.site is None:
        return BuildResult(made.report)
    pages = run_checks(made.site, made.ids, made.library, made.today, made.report, made.jobs, made.cache)
    return BuildResult(made.report, made.files, made.copies, len(made.site.pages), made.site.config.search, pages)


def convert_pages(converter: PageConverter, pages: tuple[PageSource, ...], library: Library, depends: str,
                  cache: BuildCache, report: Report, jobs: int) -> list[PageContent]:
    """Convert every page, or reuse its conversion (and replay its findings) when nothing it depends on changed.

    A page depends on its own text, the site's settings, pages and templates, and only those
    references that it cites: editing a reference converts just the pages that cite it. The
    pages to convert are shared among ``jobs`` processes.
    """
    keys = [digest(depends, page.rel_path, page.file.text) for page in pages]
    cited_digest = _cited_digests(library)
    converted: dict[int, PageContent] = {}
    todo = []
    cache.used.update(keys)
    for index, key in enumerate(keys):
        cached = cache.conversions.get(key)
        if cached is not None and cached[0].digest == digest(key, cited_digest(cached[0].cited_keys)):
            report.extend(cached[1])
            converted[index] = cached[0]
        else:
            todo.append(index)

    def convert(index: int) -> tuple[PageContent, list[Diagnostic], list[Diagnostic]]:
        own = Report(report.root, allowed=report.allowed)
        content = converter.convert(pages[index], own)
        # The page's source travels back only as its index: the parent has it already.
        return dataclasses.replace(content, page=None), own.diagnostics, own.silenced

    for index, (content, found, silenced) in zip(todo, parallel_map(convert, todo, jobs), strict=True):
        content = dataclasses.replace(content, page=pages[index],
                                      digest=digest(keys[index], cited_digest(content.cited_keys)))
        report.diagnostics.extend(found)
        report.silenced.extend(silenced)
        cache.conversions[keys[index]] = (content, found)
        cache.converted += 1
        converted[index] = content
    return [converted[index] for index in range(len(pages))]


def _cited_digests(library: Library) -> Callable[[tuple[str, ...]], str]:
    """A digest of the references a page cites, from a digest of each reference made once a build."""
    reference_digest = functools.cache(lambda key: digest(key, library.references.get(key)))
    return lambda keys: digest([reference_digest(key) for key in sorted(keys)])


def make_sitemap(content: Content, assets: Assets) -> SiteMap:
    """Everything a link may point to: pages by their source file, static files by their own name
    (a link to 'static/logo.png' becomes one to its fingerprinted name), and every output URL."""
    sources = {page.rel_path: page.url for page in content.pages}
    sources.update({rel_path: rel_path for rel_path in content.assets})
    sources.update(assets.names)
    outputs = {page.url for page in content.pages} | set(content.assets) | set(assets.names.values())
    outputs |= {SOURCES_URL, "404.html", "robots.txt", "sitemap.xml", output_path(SOURCES_URL)}
    return SiteMap(sources, frozenset(outputs))
