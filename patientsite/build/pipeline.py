"""The build, read top to bottom: load, plan the site and build every page (`build_pages`), then
what needs every page: the Sources page and the site-wide checks (`finish_build`)."""

from __future__ import annotations

import functools
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Mapping

from patientsite import __version__
from patientsite.build.cache import BuildCache
from patientsite.build.options import BuildOptions
from patientsite.build.output import MemoryOutput, StagedOutput
from patientsite.build.page_builder import BuiltPage, PageBuilder, convert_page, sharing_strings
from patientsite.build.parallel import cores, in_parallel, parallel_map
from patientsite.checks import PageChecks, PageSummary, check_whole_site, glossary_terms
from patientsite.checks.placeholders import check_site_placeholders
from patientsite.checks.translations import check_evidence_labels, check_translations
from patientsite.diagnostics import ContentError, Report
from patientsite.markup.citations.syntax import keys_cited_in
from patientsite.markup.convert import PageContent, PageConverter
from patientsite.markup.links import LinkTargets
from patientsite.structure.bibliography import Library, cited_entry_findings, library_files, load_library
from patientsite.structure.config import SiteConfig, load_config
from patientsite.structure.digests import digest
from patientsite.structure.pages import Content, PageSource, load_content
from patientsite.structure.site import SOURCES_URL, Site, assemble_site, index_sources
from patientsite.structure.textfiles import files_inside
from patientsite.structure.translations import Edition
from patientsite.structure.translations import editions as language_editions
from patientsite.structure.urls import output_path
from patientsite.theme.assets import Assets, fingerprint
from patientsite.theme.loader import DEFAULT_THEME, Theme
from patientsite.theme.render import Renderer, Rendering, element_ids

REUSE_THREADS = 4


@dataclass
class BuildResult:
    """What a build made and what it found wrong; a build into memory also holds its files."""

    report: Report
    files: dict[str, str] = field(default_factory=dict)
    copies: dict[str, Path] = field(default_factory=dict)
    page_count: int = 0
    search: bool = False
    pages: list[PageSummary] = field(default_factory=list)

    def failed(self, strict: bool) -> bool:
        return self.report.fails(strict)


@dataclass
class PagesBuilt:
    """Every page built, before what needs all of them: a folder output can be indexed for search meanwhile."""

    report: Report
    output: MemoryOutput | StagedOutput
    site: Site | None = None  # None when the build had to stop
    library: Library | None = None
    pages: list[BuiltPage] = field(default_factory=list)  # in menu order
    draft_citations: frozenset[str] = frozenset()  # keys the drafts cite: not unused, only not yet published
    ids: dict[str, tuple[str, ...]] = field(default_factory=dict)  # the element ids of every page, by URL
    renderer: Renderer | None = None
    depends: str = ""  # a digest of what every page depends on
    cache: BuildCache | None = None
    editions: list[EditionBuilt] = field(default_factory=list)  # each language's, the default's first

    def failed(self, strict: bool) -> bool:
        return self.site is None or self.report.fails(strict)


def build_in_memory(options: BuildOptions, cache: BuildCache | None = None) -> BuildResult:
    """Build the site in memory and check it (`check`, and tests); a cache skips work done before."""
    return finish_build(build_pages(options, cache))


def build_pages(options: BuildOptions, cache: BuildCache | None = None,
                output: MemoryOutput | StagedOutput | None = None) -> PagesBuilt:
    """Load the site and build every page and file into ``output`` (memory by default), all but
    the Sources page, which needs every page. Problems found on the way are in the report."""
    cache = cache if cache is not None else BuildCache()
    cache.start()
    cache.syllables.start_making_file()
    output = output if output is not None else MemoryOutput()
    root = options.root
    report = Report(root)
    config = load_config(root / "site.yml", root).report_to(report)
    if config is None:
        return PagesBuilt(report, output)
    config = config.for_build(options.base_url, options.demo)
    check_site_placeholders(config, report)
    library = load_library_or_reuse(library_files(root), report, config.evidence_labels, cache)
    content = load_content(root / "content", config, root, parsed=cache.front_matter).report_to(report)
    cache.front_matter = content.front_matter
    for page in content.pages:  # what a page allows is silenced in the site-wide checks too
        report.allow(page.file.display, page.allow)
    compiled = cache.folder / "templates" if cache.folder else None
    try:
        theme = Theme(root, compiled=compiled, language=config.default_language)
        assets = fingerprint(files_inside(theme.static_files(), (root, DEFAULT_THEME), report), report)
        editions = language_editions(content.pages, config.all_languages)
        check_translations(tuple(e for e in editions if options.language in (None, e.language)), config, report)
        jobs = options.jobs or cores()
        built_editions = []
        if options.language is not None and options.language not in config.all_languages:
            report.error("site.yml", config.lines.get("languages", 1), 1,
                         f"--lang {options.language} is not one of the site's languages, "
                         + ", ".join(config.all_languages), "name a language from 'languages' in site.yml",
                         code="translation.language")
            return PagesBuilt(report, output)
        for edition in editions:
            if options.language not in (None, edition.language):
                continue
            edition_theme = theme if edition.language == config.default_language else \
                Theme(root, compiled=compiled, language=edition.language)
            built_editions.append(build_edition(edition, config, edition_theme, assets, content, library, options,
                                                cache, output, report, jobs))
        every_page = [page for edition in editions for page in edition.pages]
        # The site's own files (the theme's, robots.txt, the sitemap of every language) come with its
        # default language; another language's build makes only that language's folder.
        shared = options.language in (None, config.default_language)
        files = {name: text for built in built_editions for name, text in
                 built.renderer.site_files(every_page if shared and built.site.prefix == "" else ()).items()
                 if shared or name.startswith(built.site.prefix)}
        if shared:
            write_the_rest(output, files, assets, content)
        else:
            for rel_path, text in files.items():
                output.write(rel_path, text)
    except ContentError as exc:
        report.extend([exc.diagnostic])
        return PagesBuilt(report, output)
    pages = [page for built in built_editions for page in built.pages]
    for page in pages:
        report.extend(page.findings)
        report.silenced.extend(page.silenced)
    report.extend(cited_entry_findings(library, {key for page in pages for key, _ in page.sources}))
    ids = {page.url: page.ids for page in pages}
    for built in built_editions:
        not_found = built.site.prefix + "404.html"
        ids[not_found] = element_ids(files[not_found])
    first = built_editions[0]
    return PagesBuilt(report, output, site=first.site, library=library, pages=pages, ids=ids, renderer=first.renderer,
                      depends=first.depends, cache=cache, editions=built_editions,
                      # What the drafts cite is not unused, nor is what the pages of the languages not built cite.
                      draft_citations=keys_cited_in(content.draft_texts + tuple(
                          page.file.text for page in content.pages
                          if options.language not in (None, page.lang))))


@dataclass
class EditionBuilt:
    """One language's pages, built, with what its Sources page is made with."""

    site: Site
    renderer: Renderer
    pages: list[BuiltPage]
    depends: str


def build_edition(edition: Edition, config: SiteConfig, theme: Theme, assets: Assets, content: Content,
                  library: Library, options: BuildOptions, cache: BuildCache, output: MemoryOutput | StagedOutput,
                  report: Report, jobs: int) -> EditionBuilt:
    """Build the pages of one language: its own settings' texts, theme words, menu, links and glossary."""
    root = options.root
    if edition.language != config.default_language:
        check_evidence_labels(config.evidence_labels, config.in_language(edition.language).evidence_labels_given,
                              theme.words.texts, edition.language, report)
    config = config.in_language(edition.language)
    site = assemble_site(config, edition.pages, report, content.failed, edition.prefix)
    renderer = Renderer(site, theme, options.today, assets.names, edition)
    link_targets = make_link_targets(content, assets, edition)
    converter = make_converter(theme, library, link_targets, config.text_settings())
    glossary = convert_glossary(site, converter, root)
    terms = glossary_terms(glossary[1][0]) if glossary is not None else frozenset()
    defined = glossary[1][0].terms if glossary is not None else ()
    if glossary is not None:
        converter.use_glossary(defined, site.pages[glossary[0]].url)
    checks = PageChecks(config, options.today, terms, cache.syllables, edition.status,
                        len(config.all_languages) > 1)
    builder = PageBuilder(converter, renderer, checks, output, report, _cited_digests(library))
    depends = digest(__version__, config, link_targets, site.menu, site.footer_links, theme.templates_digest,
                     options.today, assets.names, sorted(terms), defined, edition.language, edition.status,
                     sorted((url, versions.urls, versions.written_in) for url, versions in edition.versions.items()))
    pages = build_or_reuse(builder, site.pages, depends, cache, jobs,
                           dict([glossary]) if glossary is not None else {})
    return EditionBuilt(site, renderer, pages, depends)


def finish_build(built: PagesBuilt) -> BuildResult:
    """Make the Sources page and run the checks that need every page; the result holds all that was found wrong."""
    if built.site is None:
        return BuildResult(built.report)
    ids = dict(built.ids)
    try:
        for edition in built.editions:
            ids[edition.site.sources_url] = write_sources_page(edition.renderer, built.library, edition.pages,
                                                               edition.depends, built.cache, built.output)
    except ContentError as exc:
        built.report.extend([exc.diagnostic])
        return BuildResult(built.report)
    # An untranslated page shown in another language is checked once, as its original.
    written = [page for page in built.pages if not page.fallback]
    check_whole_site(written, ids, built.library, built.report,
                     every_page_read=not built.site.incomplete, also_cited=built.draft_citations)
    output = built.output
    files, copies = (output.files, output.copies) if isinstance(output, MemoryOutput) else ({}, {})
    return BuildResult(built.report, files, copies, len(built.pages), built.site.config.search,
                       [page.summary for page in written])


def load_library_or_reuse(paths: tuple[Path, ...], report: Report, evidence_labels: dict[str, str],
                          cache: BuildCache) -> Library:
    """references.bib and references.json, parsed only when one of them (or the evidence labels, or where they
    are shown from) changed."""
    key = digest(__version__, [(_bytes_or_none(path), report.display_path(path)) for path in paths], evidence_labels)
    if cache.library is not None:
        kept_key, library, findings = cache.library
        if kept_key == key:
            report.extend(list(findings))
            return library
    loaded = load_library(paths, report.root, evidence_labels)
    cache.library = (key, loaded.value, loaded.findings)
    return loaded.report_to(report)


def _bytes_or_none(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def make_converter(theme: Theme, library: Library, link_targets: LinkTargets,
                   settings: Mapping[str, str] | None = None) -> PageConverter:
    """The Markdown converter of this build, with the citations' previews and labels from the theme."""
    preview = theme.macro("partials/citation.html", "preview")
    in_text = theme.macro("partials/citation.html", "in_text")
    link_name = theme.macro("partials/citation.html", "label")
    full_reference = functools.lru_cache(maxsize=None)(theme.macro("partials/citation.html", "full_reference"))
    glossary_more = functools.lru_cache(maxsize=None)(theme.macro("partials/glossary.html", "more"))
    # A source's preview and in-text label (and, with its number, its link's label) are the same
    # wherever it is cited: made once per build.
    describe = functools.lru_cache(maxsize=None)(lambda key: preview(library[key]))
    label = functools.lru_cache(maxsize=None)(lambda key: in_text(library[key]))
    link_label = functools.lru_cache(maxsize=None)(lambda number, key: link_name(number, library[key]))
    return PageConverter(library, link_targets, describe, label, link_label, full_reference, glossary_more,
                         settings)


def build_or_reuse(builder: PageBuilder, pages: tuple[PageSource, ...], depends: str, cache: BuildCache,
                   jobs: int, converted: dict[int, tuple[PageContent, Report]]) -> list[BuiltPage]:
    """Build every page, or reuse its record when nothing it depends on changed.

    A page depends on its own text, on ``depends`` (the site's settings, pages, menu, templates
    and date) and only on those references that it cites: editing a reference builds just the
    pages that cite it. The pages to build are shared among ``jobs`` processes. ``converted``
    holds pages converted already (the glossary, by its index), which are not converted again.
    """
    keys = [digest(depends, page.rel_path, page.text_digest) for page in pages]
    cache.used.update(keys)
    def reused(index: int) -> BuiltPage | None:
        cached = cache.pages.get(keys[index])
        return cached if cached is not None and builder.reuse(cached, keys[index]) else None

    # Reusing a page is mostly waiting for the disk (the file looked at, linked), so threads help,
    # each with a share of the pages: a task for every page would cost more than most pages take.
    found: list[BuiltPage | None] = [None] * len(pages)

    def reuse_share(start: int) -> None:
        for index in range(start, len(pages), REUSE_THREADS):
            found[index] = reused(index)

    with ThreadPoolExecutor(REUSE_THREADS) as threads:
        list(threads.map(reuse_share, range(REUSE_THREADS)))
    built = {index: page for index, page in enumerate(found) if page is not None}
    todo = [index for index, page in enumerate(found) if page is None]
    builder.output.make_folders(output_path(pages[index].url) for index in todo)
    syllables = builder.checks.syllables
    if in_parallel(len(todo), jobs):
        syllables.warm_up()  # the workers inherit the pronunciation dictionary instead of each loading it

    def build(index: int) -> tuple[BuiltPage, dict[str, int]]:
        # By index: a worker has the pages already. The words it counted come back for the cache to keep.
        return builder.build(pages[index], keys[index], converted.get(index)), syllables.take_learned()

    def write_out(results: list[tuple[BuiltPage, dict[str, int]]]) -> list[tuple[BuiltPage, dict[str, int]]]:
        pages = builder.flush([page for page, _ in results])
        return [(page, learned) for page, (_, learned) in zip(pages, results, strict=True)]

    for index, (page, learned) in zip(todo, parallel_map(build, todo, jobs, write_out), strict=True):
        built[index] = cache.pages[page.key] = page = sharing_strings(page)
        syllables.known.update(learned)
        builder.output.accept(page.file)  # a worker's own output object is not this one
    syllables.take_learned()  # words counted here are known here already: none is new to pass on
    cache.built += len(todo)
    return [built[index] for index in range(len(pages))]


def write_sources_page(renderer: Renderer, library: Library, pages: list[BuiltPage], depends: str,
                       cache: BuildCache, output: MemoryOutput | StagedOutput) -> tuple[str, ...]:
    """Write the Sources page, rendered again only when a source or a page citing it changed; its element ids.

    Its key is made from what the entries are made of (references.bib's key in the cache, and
    each page's title, address and citations), which is much quicker to hash than the entries;
    the entries are made only when the page is rendered (on a site of 1,000 pages, making them
    took a quarter of the preview's rebuild of an edited page).
    """
    key = digest(depends, "sources", cache.library[0], [(page.title, page.url, page.sources) for page in pages])
    cache.used.add(key)
    kept = cache.sources_pages.get(key)
    url = renderer.site.sources_url
    path = output_path(url)
    output.hold(path)  # the search indexer may be reading the other pages meanwhile
    if kept is None or not output.keep(kept[0]):
        with output.open(path) as file:  # written as it is rendered: it can run to megabytes
            rendering = Rendering.streamed(url, renderer.sources_in_parts(index_sources(pages, library)), file.write)
        kept = (output.written(path, rendering.checksum), rendering.ids)
    cache.sources_pages[key] = kept
    return kept[1]


def write_the_rest(output: MemoryOutput | StagedOutput, files: dict[str, str], assets: Assets, content: Content) -> None:
    """The site's own small files, the theme's stylesheets and the files copied as they are."""
    for rel_path, text in {**files, **assets.texts}.items():
        output.write(rel_path, text)
    for rel_path, source in {**assets.copies, **content.assets}.items():
        output.copy(rel_path, source)


def convert_glossary(site: Site, converter: PageConverter, root: Path) -> tuple[int, tuple[PageContent, Report]] | None:
    """The glossary page (site.yml 'glossary'), converted before the other pages, whose checks need
    its terms (which the readability check does not count as hard): its index, and its conversion
    with what that found, for the page to be built from without converting it again."""
    index = next((i for i, page in enumerate(site.pages) if page.original_path == site.config.glossary), None)
    return (index, convert_page(converter, site.pages[index], root)) if index is not None else None


def _cited_digests(library: Library) -> Callable[[tuple[str, ...]], str]:
    """A digest of the references a page cites, from a digest of each reference made once a build."""
    reference_digest = functools.cache(lambda key: digest(key, library.references.get(key)))
    return lambda keys: digest([reference_digest(key) for key in sorted(keys)])


def make_link_targets(content: Content, assets: Assets, edition: Edition | None = None) -> LinkTargets:
    """Everything a link may point to: pages by their source file, static files by their own name
    (a link to 'static/logo.png' becomes one to its fingerprinted name), and every output URL.

    In a language's edition, a link to 'crps.md' leads to that language's version of the page
    (its translation, or the original shown untranslated); 'crps.fr.md' may be named too.
    """
    pages = edition.pages if edition is not None else content.pages
    sources = {page.rel_path: page.url for page in content.pages}
    sources.update({page.original_path: page.url for page in pages})
    sources.update({rel_path: rel_path for rel_path in content.assets})
    sources.update(assets.names)
    outputs = {page.url for page in content.pages} | {page.url for page in pages} | set(content.assets) \
        | set(assets.names.values())
    prefix = edition.prefix if edition is not None else ""
    outputs |= {"robots.txt", "sitemap.xml", SOURCES_URL, "404.html", output_path(SOURCES_URL), prefix + SOURCES_URL,
                prefix + "404.html", output_path(prefix + SOURCES_URL)}
    return LinkTargets(sources, frozenset(outputs), frozenset(content.drafts), frozenset(content.failed))
