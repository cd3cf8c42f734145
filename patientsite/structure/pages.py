"""Pages: Markdown files in ``content/`` with YAML front matter, read into `PageSource` records."""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import babel

from patientsite.diagnostics import ContentError, Diagnostic, Report, Severity
from patientsite.structure import schema
from patientsite.structure.config import SiteConfig
from patientsite.structure.digests import digest
from patientsite.structure.loaded import Loaded
from patientsite.structure.textfiles import TextFile, files_below, files_inside, read_text
from patientsite.structure.yamldoc import load_mapping

# A page's file starts with the line '---' (the loader accepts nothing else), so the front
# matter's first field, and with it the first key point, is on the file's second line.
FRONT_MATTER_LINE = 2
# About 150,000 words. Python-Markdown slows down with the square of a page's length beyond this.
MAX_PAGE_BYTES = 1_000_000
# Addresses the generator makes itself, which a page may not take.
RESERVED_URLS = {"sources/": "the Sources page", "static/": "the static files folder", "404.html": "the 404 page"}


@dataclass(frozen=True, kw_only=True)
class PageMeta:
    """The validated front matter of one page: each field declared once, with its check, default and help."""

    title: str = schema.setting(schema.text(120), required=True,
                                help="the page's heading, for example 'title: Side effects'")
    description: str = schema.setting(schema.text(160), required=True,
                                      help="one plain sentence of at most 160 characters; search engines show it")
    last_reviewed: dt.date = schema.setting(schema.date, required=True,
                                            help="the date of the last review, as YYYY-MM-DD")
    reviewed_by: str | None = schema.setting(schema.text(200), help="the clinical reviewer's name and credentials")
    # Unset, it is worked out when the page is read: last_reviewed plus site.yml's review interval.
    next_review: dt.date = schema.setting(schema.date, help="when the page must be reviewed again, as YYYY-MM-DD")
    slug: str | None = schema.setting(schema.slug, help="the page's address, for example 'side-effects'")
    order: int = schema.setting(schema.integer, default=1000,
                                help="the page's place in the menu: smaller comes first")
    nav_title: str = schema.setting(schema.text(40), help="a short name for the menu")  # unset: the title
    key_points: tuple[str, ...] = schema.setting(schema.text_list, default=(),
                                                 help="a short list of the page's main points")
    off_label: tuple[str, ...] = schema.setting(schema.text_list, default=(),
                                                help="treatments on this page that are used off-label")
    conditions: tuple[str, ...] = schema.setting(schema.text_list, default=(), help="conditions the page is about")
    drugs: tuple[str, ...] = schema.setting(schema.text_list, default=(), help="medicines the page is about")
    in_nav: bool = schema.setting(schema.boolean, default=True, help="false leaves the page out of the menu")
    draft: bool = schema.setting(schema.boolean, default=False, help="true leaves the page out of the built site")
    print_as: str = schema.setting(schema.choice("page", "checklist"), default="page",
                                   help="'checklist' prints each item of the page's lists with a tick box and room to write")
    # A translation's record of the original's text it translates, written by `translation-done`.
    translation_of: str | None = schema.setting(
        schema.text(80), help="the digest of the original that this translation translates; "
                              "'python build.py translation-done <page>' writes it")
    # The ids only: the reasons are for whoever reads the page's source.
    allow: frozenset[str] = schema.setting(
        schema.reasons, default=frozenset(),
        help="warnings this page may have, each with the reason: 'readability.grade: the reason'")


FIELDS = schema.fields_of(PageMeta)


@dataclass(frozen=True)
class PageSource:
    """One page as written: where it lives, its front matter and its Markdown body."""

    file: TextFile
    rel_path: str
    meta: PageMeta
    body_start: int  # where the body starts in the file's text: it is not kept twice
    body_line: int
    url: str
    text_digest: str = ""  # a digest of the file's text, made once: the caches' keys start from it
    lang: str = ""  # the language of its text: the site's default, or a translation's ('crps.fr.md': 'fr')
    original: str = ""  # a translation's original, by its path in content/ ('crps.md'); '' for an original
    edition: str = ""  # the language of the part of the site it is in: its own, or another's for an
    #                    original shown where its translation would be (a fallback)

    @property
    def original_path(self) -> str:
        """The path of the page it is a version of: 'crps.md' for crps.md, for crps.fr.md, and for
        crps.md shown in the French edition. site.yml names pages by it ('footer_links', 'glossary')."""
        return self.original or self.rel_path

    @property
    def is_translation(self) -> bool:
        return bool(self.original) and self.edition == self.lang

    @property
    def is_fallback(self) -> bool:
        return self.edition != self.lang

    @property
    def body(self) -> str:
        """The Markdown below the front matter."""
        return self.file.text[self.body_start:]

    @property
    def allow(self) -> frozenset[str]:
        """The ids of the warnings and notices that the page's 'allow:' silences."""
        # Those of its own checks and of the site-wide checks about it: its front matter's findings
        # are made before 'allow:' is known to be valid, and are never silenced. Nor are errors.
        return self.meta.allow


def add_months(date: dt.date, months: int) -> dt.date:
    """The same day some months later, moved back to the month's last day where needed."""
    month_index = date.month - 1 + months
    year, month = date.year + month_index // 12, month_index % 12 + 1
    return date.replace(year=year, month=month, day=min(date.day, calendar.monthrange(year, month)[1]))


LANGUAGE_SUFFIX = re.compile(r"^(?P<stem>.+)\.(?P<lang>[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)\.md$")


def split_language(rel_path: str) -> tuple[str, str] | None:
    """'crps.fr.md' -> ('crps.md', 'fr'); None for a name without a language ('crps.md'). Whether
    'fr' is a language of the site, or a language at all ('v1.2.md'), is the caller's to judge."""
    match = LANGUAGE_SUFFIX.match(rel_path)
    if match is None:
        return None
    return match.group("stem") + ".md", match.group("lang")


def url_for(rel_path: str, slug: str | None) -> str:
    """The pretty URL of a page: 'crps.md' becomes 'crps/', 'index.md' becomes ''."""
    if slug:
        return slug + "/"
    stem = rel_path[:-3]
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def split_front_matter(file: TextFile) -> tuple[str, int, int]:
    """Front matter text, the offset where the body starts, and the 1-based line where it starts."""
    text = file.text
    if not text.startswith("---\n"):
        if not text.strip():
            message = "the page is empty"
        else:
            message = "the page does not start with front matter"
        raise ContentError(_error(file, 1, 1, message, "start the file with a line '---', then 'title:', "
                                  "'description:' and 'last_reviewed:', then another line '---'"))
    closing = re.search(r"^(?:---|\.\.\.)[ \t]*$", text[4:], re.MULTILINE)
    if closing is None:
        raise ContentError(_error(file, 1, 1, "the front matter is not closed",
                                  "add a line '---' after the last front-matter field"))
    front = text[4: 4 + closing.start()]
    body_start = 4 + closing.end() + 1
    return front, body_start, text.count("\n", 0, body_start) + 1


def _error(file: TextFile, line: int, col: int, message: str, hint: str = "") -> Diagnostic:
    return Diagnostic(file.display, line, col, Severity.ERROR, message, hint, "frontmatter.invalid")


@dataclass(frozen=True)
class FrontMatter:
    """A page's front matter as parsed, and what was found wrong in it: kept between builds, by a
    digest of the page's path and text."""

    meta: PageMeta | None  # None when the front matter cannot be used: the findings say why
    body_start: int  # where the body starts in the file's text, and on which line
    body_line: int
    findings: tuple[Diagnostic, ...]


def read_page(path: Path, rel_path: str, config: SiteConfig, report: Report,
              parsed: dict[str, FrontMatter] | None = None,
              remembered: dict[str, FrontMatter] | None = None, display: str | None = None) -> PageSource | None:
    """Read one page; None when it cannot be used (the problems are in the report).

    Front matter found in ``parsed`` (the last build's, by a digest of the page's path and
    text) is not parsed again; what is used, parsed or not, goes into ``remembered``.
    ``display`` is how findings name the page, if the caller knows it already.
    """
    display = display or report.display_path(path)
    size = path.stat().st_size
    if size > MAX_PAGE_BYTES:
        report.error(display, 1, 1, f"the page is {size / 1e6:.1f} MB; a page may be at most {MAX_PAGE_BYTES // 10**6} MB",
                     "split it into several pages: a page that long is too long for readers too", code="file.too-large")
        return None
    try:
        file = read_text(path, display)
    except ContentError as exc:
        report.extend([exc.diagnostic])
        return None
    text_digest = digest(file.text)
    key = digest(display, text_digest, config.review_interval_months)
    front_matter = (parsed or {}).get(key)
    if front_matter is None:
        front_matter = parse_front_matter(file, config, report.root)
    report.extend(list(front_matter.findings))
    if front_matter.meta is None:
        return None
    if remembered is not None:
        remembered[key] = front_matter
    meta = front_matter.meta
    return PageSource(file, rel_path, meta, front_matter.body_start, front_matter.body_line,
                      url_for(rel_path, meta.slug), text_digest, config.default_language, "",
                      config.default_language)


def parse_front_matter(file: TextFile, config: SiteConfig, root: Path) -> FrontMatter:
    """A page's front matter, validated, with what was found wrong in it (files named as seen from ``root``)."""
    try:
        front, body_start, body_line = split_front_matter(file)
        mapping = load_mapping(front, file.display, first_line=FRONT_MATTER_LINE)
    except ContentError as exc:
        return FrontMatter(None, 0, 0, (exc.diagnostic,))
    report = Report(root)
    values = schema.validate(mapping, FIELDS, report, file.display).values
    if report.errors:
        return FrontMatter(None, body_start, body_line, tuple(report.diagnostics))
    description = mapping.values["description"]
    if re.search(r"[.!?](?=\s+[A-Z])", values["description"]):
        report.warning(file.display, description.line, description.col, "the description should be one sentence",
                       "search engines show only the first part", code="frontmatter.description")
    return FrontMatter(_page_meta(values, config), body_start, body_line, tuple(report.diagnostics))


def _page_meta(values: dict[str, Any], config: SiteConfig) -> PageMeta:
    """The record of the validated front matter, with what is worked out from it."""
    return PageMeta(**{
        **values,
        "next_review": values["next_review"] or add_months(values["last_reviewed"], config.review_interval_months),
        "nav_title": values["nav_title"] or values["title"],
        "allow": frozenset(values["allow"]),
    })


@dataclass(frozen=True)
class Content:
    """Everything in content/: the pages, and other files (images, PDFs) copied as they are."""

    pages: tuple[PageSource, ...]
    assets: dict[str, Path]
    front_matter: dict[str, FrontMatter] = field(default_factory=dict)  # as parsed, for the next build to reuse
    # Pages that exist but are not built: drafts, and pages with an error (reported once, at the page).
    # Links, the footer and the unused-references check count them, so that one mistake is one message.
    drafts: tuple[str, ...] = ()
    failed: tuple[str, ...] = ()
    draft_texts: tuple[str, ...] = ()  # the drafts' text: what they cite is not reported unused


def load_content(content_dir: Path, config: SiteConfig, root: Path,
                 parsed: dict[str, FrontMatter] | None = None) -> Loaded[Content]:
    """Read every page in content/ in a stable order, and list the other files; findings name files as seen from ``root``.

    ``parsed`` is the last build's front matter: a page whose text is unchanged is not parsed again.
    """
    report = Report(root)
    return Loaded(_read_content(content_dir, config, report, parsed), tuple(report.diagnostics))


def _read_content(content_dir: Path, config: SiteConfig, report: Report,
                  parsed: dict[str, FrontMatter] | None) -> Content:
    display = report.display_path(content_dir)
    if not content_dir.is_dir():
        report.error(display, 1, 1, "the content/ folder is missing",
                     "create it and put the pages in it as Markdown files, for example content/index.md",
                     code="file.missing")
        return Content((), {})
    pages, assets, front_matter, drafts, failed, draft_texts = [], {}, {}, [], [], []
    files = {rel_path: path for rel_path, path in files_below(content_dir)
             if not any(part.startswith((".", "_")) for part in rel_path.split("/"))}
    files = _without_language_folders(files, config, display, report)
    for rel_path, path in files_inside(files, (content_dir.parent,), report).items():
        if path.suffix.lower() == ".md":
            language = _language_of(rel_path, config, f"{display}/{rel_path}", report)
            if language is None:
                failed.append(rel_path)
                continue
            page = read_page(path, rel_path, config, report, parsed, front_matter, f"{display}/{rel_path}")
            if page is not None and language[1]:
                page = dataclasses.replace(page, lang=language[1], original=language[0], edition=language[1],
                                           url=language[1] + "/" + url_for(language[0], page.meta.slug))
            if page is None:
                failed.append(rel_path)
            elif page.meta.draft:
                drafts.append(rel_path)
                draft_texts.append(page.file.text)
            else:
                pages.append(page)
        else:
            assets[rel_path] = path
    pages = _translations_at_their_originals_urls(pages)
    _check_urls(pages, report, config)
    # A home page that has an error is reported by its own error; one that is a draft, as a draft.
    if pages and not any(page.url == "" for page in pages) and "index.md" not in failed:
        if "index.md" in drafts:
            report.warning(f"{display}/index.md", 1, 1, "the home page is a draft, so the site has no home page",
                           "set 'draft: false' in content/index.md when it is ready", code="content.home")
        else:
            report.warning(display, 1, 1, "there is no home page", "add content/index.md", code="content.home")
    return Content(tuple(pages), assets, front_matter, tuple(drafts), tuple(failed), tuple(draft_texts))


def _language_of(rel_path: str, config: SiteConfig, display: str, report: Report) -> tuple[str, str] | None:
    """A page's original and language: ('crps.md', 'fr') for 'crps.fr.md', (rel_path, '') for an
    original; None, with an error, for a name in a language the site does not have."""
    split = split_language(rel_path)
    if split is None:
        return rel_path, ""
    original, language = split
    if language in config.all_languages[1:]:
        return original, language
    if language == config.default_language:
        report.error(display, 1, 1, f"the page is named for '{language}', the site's default language",
                     f"name a page in the default language without it: rename it {original}",
                     code="translation.language")
        return None
    if not _is_language(language):
        return rel_path, ""  # 'v1.2.md', 'notes.old.md': a name, not a language
    report.error(display, 1, 1, f"the page is a translation into '{language}', which site.yml's 'languages' "
                 "does not name", f"add '{language}' to 'languages' in site.yml, or rename the page",
                 code="translation.language")
    return None


def _is_language(code: str) -> bool:
    try:
        babel.Locale.parse(code, sep="-")
        return True
    except (ValueError, babel.UnknownLocaleError):
        return False


def _without_language_folders(files: dict[str, Path], config: SiteConfig, display: str,
                              report: Report) -> dict[str, Path]:
    """Refuse content/fr/ when 'fr' is a language of the site: one error, and its pages left out
    (built as they are, they would take the French pages' addresses)."""
    folders = {rel_path.split("/", 1)[0] for rel_path in files if "/" in rel_path}
    refused = sorted(folders & set(config.all_languages))
    for folder in refused:
        example = next(rel_path for rel_path in sorted(files) if rel_path.startswith(folder + "/"))
        stem = example.split("/", 1)[1]
        report.error(f"{display}/{folder}", 1, 1, f"translations are not kept in a folder of their own, "
                     f"{display}/{folder}/", f"put each beside its original, named for its language: "
                     f"{display}/{stem[:-3] if stem.endswith('.md') else stem}.{folder}.md for {display}/{example}",
                     code="translation.folder")
    return {rel_path: path for rel_path, path in files.items() if rel_path.split("/", 1)[0] not in refused}


def _translations_at_their_originals_urls(pages: list[PageSource]) -> list[PageSource]:
    """A translation without a 'slug' of its own takes its original's address in its language's folder."""
    originals = {page.rel_path: page for page in pages if not page.original}
    result = []
    for page in pages:
        original = originals.get(page.original) if page.original else None
        if original is not None and page.meta.slug is None:
            page = dataclasses.replace(page, url=page.lang + "/" + original.url)
        result.append(page)
    return result


def _check_urls(pages: list[PageSource], report: Report, config: SiteConfig) -> None:
    taken: dict[str, PageSource] = {}
    prefixes = tuple(language + "/" for language in config.all_languages[1:])
    for page in pages:
        if not page.original and prefixes and (page.url + "/").startswith(prefixes):
            report.error(page.file.display, 1, 1, f"the page's address '/{page.url}' is in the folder of a "
                         "language of the site", "give the page another 'slug', or rename it", code="page.url")
        elif page.url in RESERVED_URLS or (page.original and page.url[len(page.lang) + 1:] in RESERVED_URLS):
            report.error(page.file.display, 1, 1, f"the page's address '/{page.url}' is used by "
                         f"{RESERVED_URLS.get(page.url) or RESERVED_URLS[page.url[len(page.lang) + 1:]]}",
                         "give the page another 'slug'", code="page.url")
        elif page.url in taken:
            report.error(page.file.display, 1, 1, f"the page's address '/{page.url}' is already used by "
                         f"{taken[page.url].file.display}", "give one of the pages another 'slug'", code="page.url")
        else:
            taken[page.url] = page
