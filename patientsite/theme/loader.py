"""The theme: Jinja templates and static files, from the site folder first and the default theme second.

A clinic can override any single template or static file by putting one of the same
name in its own ``templates/`` or ``static/`` folder; everything else comes from the
generator's default theme.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import traceback
from pathlib import Path
from typing import Any, Callable, Iterator, Mapping

import babel
import jinja2
from babel import dates as babel_dates
from markupsafe import Markup

from patientsite.diagnostics import ContentError, Diagnostic, Severity
from patientsite.structure.anchors import citation_id, reference_id
from patientsite.structure.bibliography.latex import plain_text
from patientsite.structure.placeholders import is_placeholder, marked_html
from patientsite.structure.textfiles import files_below
from patientsite.structure.urls import relative_url
from patientsite.theme.words import REFERENCE_LANGUAGE, load_words

DEFAULT_THEME = Path(__file__).resolve().parents[2]
def format_date(value: dt.date | None, style: str, locale: str) -> str:
    """A date as readers of the language write it, from CLDR through Babel ('November 22, 2026',
    '22 novembre 2026'), or '2026-11-22' (iso); never in the machine's locale, which is the build
    server's and not the readers'."""
    if value is None:
        return ""
    if style == "iso":
        return value.isoformat()
    return babel_dates.format_date(value, format=style, locale=locale)


@functools.lru_cache(maxsize=64)
def language_name(language: str, in_language: str) -> str:
    """A language's name in another (CLDR, through Babel): ('en', 'fr') -> 'anglais', ('fr', 'fr') -> 'français'."""
    try:
        return babel.Locale.parse(language, sep="-").get_display_name(babel.Locale.parse(in_language, sep="-")) \
            or language
    except (ValueError, babel.UnknownLocaleError):
        return language


def tel_href(number: str) -> str:
    """A tel: link target from a phone number as people write it: '+1 (555) 010-0100' -> 'tel:+15550100100'."""
    digits = "".join(ch for ch in str(number) if ch.isdigit())
    return f"tel:{'+' if str(number).strip().startswith('+') else ''}{digits}"


def letter(index: int) -> str:
    """0 -> 'a', 25 -> 'z', 26 -> 'aa': labels for back-links, as on Wikipedia."""
    label = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        label = chr(ord("a") + rest) + label
    return label


@jinja2.pass_context
def url_filter(context: jinja2.runtime.Context, target: str) -> str:
    """A link to a site URL from the page being rendered; absolute under ``url_root`` when set.

    A static file ('static/style.css') is linked under its fingerprinted name.
    """
    assets = context.get("assets")
    if assets is not None and target.startswith("static/"):
        if target not in assets:
            raise jinja2.TemplateRuntimeError(f"there is no static file '{target}' in static/ or the default theme")
        target = assets[target]
    root = context.get("url_root")
    if root is not None:
        return root + target
    return relative_url(context["page_url"], target)


class Theme:
    """Finds templates and static files and renders templates with clear errors."""

    def __init__(self, site_root: Path, default_root: Path = DEFAULT_THEME, compiled: Path | None = None,
                 language: str = REFERENCE_LANGUAGE):
        """``compiled`` is a folder to keep compiled templates in between builds, if any; ``language``
        is the language of the pages it renders, whose words (templates/i18n/) it loads."""
        self.template_dirs = _existing([site_root / "templates", default_root / "templates"])
        self.static_dirs = _existing([site_root / "static", default_root / "static"])
        self.site_root = site_root
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader([str(d) for d in self.template_dirs]),
            autoescape=jinja2.select_autoescape(["html", "xml"], default_for_string=True),
            undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
            bytecode_cache=_bytecode_cache(compiled),
            # A theme serves one build (the preview makes a new one for each): no file is looked at again.
            auto_reload=False,
        )
        self.env.filters["url"] = url_filter
        self.words = load_words(language, self.template_dirs, site_root)
        self.language = language
        locale = babel.Locale.parse(language, sep="-")
        date_style = self.words.plain("date_format")
        self.env.filters["format_date"] = lambda value, style=date_style: format_date(value, style, locale)
        self.env.globals["t"] = self.words
        self.use_evidence_labels({})
        self.env.filters["letter"] = letter
        self.env.filters["tel_href"] = tel_href
        self.env.tests["placeholder"] = is_placeholder
        self.env.filters["marked_placeholders"] = lambda text: Markup(marked_html(str(text)))
        self.env.filters["plain"] = plain_text
        # The ids that citations link to and from, as the Markdown extension spells them.
        self.env.globals["reference_id"] = reference_id
        self.env.globals["citation_id"] = citation_id

    def use_evidence_labels(self, given: Mapping[str, str]) -> None:
        """Word each evidence type with the site's label for it (``given``) or the theme's
        (``evidence.<type>`` in the language's words); a type with neither keeps the library's."""
        texts = self.words.texts

        def label(reference: Any) -> str:
            kind = reference.evidence
            return given.get(kind) or texts.get(f"evidence.{kind}") or reference.evidence_label

        self.env.globals["evidence_label"] = label

    @functools.cached_property
    def templates_digest(self) -> str:
        """A digest of every template, so that a changed template renders every page again."""
        hasher = hashlib.sha256()
        for folder in self.template_dirs:
            for rel_path, path in files_below(folder):
                hasher.update(rel_path.encode() + b"\0" + path.read_bytes())
        return hasher.hexdigest()

    def static_files(self) -> dict[str, Path]:
        """Every static file by its output path ('static/style.css'); the site's own win."""
        files: dict[str, Path] = {}
        for folder in reversed(self.static_dirs):
            for rel_path, path in files_below(folder):
                if not path.name.startswith("."):
                    files["static/" + rel_path] = path
        return dict(sorted(files.items()))

    def render(self, template: str, **context: Any) -> str:
        """Render a template; a template error becomes a diagnostic at the template's line."""
        try:
            return self.env.get_template(template).render(**context)
        except jinja2.TemplateError as exc:
            raise ContentError(self._diagnostic(exc)) from exc

    def compile(self, template: str) -> None:
        """Compile a template now, for example before worker processes are forked; errors as ``render``'s."""
        try:
            self.env.get_template(template)
        except jinja2.TemplateError as exc:
            raise ContentError(self._diagnostic(exc)) from exc

    def render_in_parts(self, template: str, **context: Any) -> Iterator[str]:
        """Render a template a part at a time, for a page too large to hold whole; errors as ``render``'s."""
        try:
            yield from self.env.get_template(template).generate(**context)
        except jinja2.TemplateError as exc:
            raise ContentError(self._diagnostic(exc)) from exc

    def macro(self, template: str, name: str) -> Callable[..., str]:
        """A macro of a template as a function returning plain text (for attributes and previews)."""
        function = self.markup_macro(template, name)
        return lambda *args: plain_text(function(*args))

    def markup_macro(self, template: str, name: str) -> Callable[..., Markup]:
        """A macro of a template as a function returning HTML; errors as ``render``'s."""
        try:
            module = self.env.get_template(template).module
        except jinja2.TemplateError as exc:
            raise ContentError(self._diagnostic(exc)) from exc
        function = getattr(module, name, None)
        if function is None:
            raise ContentError(Diagnostic(template, 1, 1, Severity.ERROR, f"the template {template} has no macro '{name}'",
                                          "restore the macro, or copy the default theme's template", "template.error"))

        def call(*args: Any) -> Markup:
            try:
                return Markup(function(*args))
            except jinja2.TemplateError as exc:
                raise ContentError(self._diagnostic(exc)) from exc

        return call

    def _diagnostic(self, exc: jinja2.TemplateError) -> Diagnostic:
        filename = getattr(exc, "filename", None)
        line = getattr(exc, "lineno", None)
        if filename is None:
            for frame in reversed(traceback.extract_tb(exc.__traceback__)):
                if frame.filename.endswith((".html", ".xml", ".txt")):
                    filename, line = frame.filename, frame.lineno
                    break
        display = self._display(filename) if filename else "templates"
        message = getattr(exc, "message", None) or str(exc)
        return Diagnostic(display, line or 1, 1, Severity.ERROR, f"template error: {message}",
                          "check the template's {{ }} and {% %} tags and the names it uses", "template.error")

    def _display(self, filename: str) -> str:
        path = Path(filename).resolve()
        for base in (self.site_root.resolve(), DEFAULT_THEME):
            if path.is_relative_to(base):
                return path.relative_to(base).as_posix()
        return str(path)


def _bytecode_cache(folder: Path | None) -> jinja2.BytecodeCache | None:
    """Jinja's own cache of compiled templates, each checked against its template's source when loaded."""
    if folder is None:
        return None
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None  # compiling the templates again costs only time
    return jinja2.FileSystemBytecodeCache(str(folder))


def _existing(paths: list[Path]) -> list[Path]:
    seen, result = set(), []
    for path in paths:
        resolved = path.resolve()
        if resolved.is_dir() and resolved not in seen:
            seen.add(resolved)
            result.append(resolved)
    return result
