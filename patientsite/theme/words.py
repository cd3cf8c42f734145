"""The theme's words in each language: one YAML catalogue per language, ``templates/i18n/<lang>.yml``.

The default theme's English catalogue names every key. A site's own ``templates/i18n/`` may
change any text, and must give a catalogue for each language of the site that the default
theme has none for. A key that a language's catalogue lacks is an error naming the language
and the key, so that a page never shows English by accident; so is a text that drops one of
the English text's ``{placeholders}``. Templates call ``t("page.key_points")``, or with the
values to fill in, ``t("page.last_updated", date=...)``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

import yaml
from markupsafe import Markup, escape

from patientsite.diagnostics import ContentError, Diagnostic, Severity
from patientsite.structure.textfiles import read_text
from patientsite.structure.yamldoc import load_data

REFERENCE_LANGUAGE = "en"  # the language whose catalogue names every key
FOLDER = "i18n"
FIELDS = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class Words:
    """One language's catalogue: each key's text."""

    language: str
    texts: Mapping[str, str]
    _html: dict[str, str] = field(default_factory=dict, init=False, repr=False, compare=False)  # each text escaped, once

    def __call__(self, key: str, **values: object) -> Markup:
        """The text for ``key``, with its ``{fields}`` filled in, as HTML: the text and values escaped
        (a value that is HTML already, such as a link, is kept)."""
        html = self._html.get(key)
        if html is None:
            if key not in self.texts:
                raise KeyError(f"the theme has no text '{key}' in templates/{FOLDER}/{REFERENCE_LANGUAGE}.yml")
            html = self._html[key] = _escaped(self.texts[key])
        if not values:
            return Markup(html)
        # As Markup.format does, each value escaped unless it is HTML already; str.format is ten times quicker.
        return Markup(html.format_map({name: escape(value) for name, value in values.items()}))

    def plain(self, key: str) -> str:
        return self.texts[key]


def _escaped(text: str) -> str:
    """A text as HTML: its '&', '<', '>' and '"' escaped (every attribute the theme writes is in double
    quotes), its apostrophes kept as they are, so that "clinic's" reads as written in the source."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&#34;")


def load_words(language: str, template_dirs: list[Path], root: Path) -> Words:
    """The catalogue of ``language``, from the site's templates/i18n/ first and the default theme's second.

    ``template_dirs`` are the theme's template folders, the site's first; the last is the default
    theme's. Raises ContentError for a missing catalogue, a missing key or a lost placeholder.
    """
    default_dir = template_dirs[-1]
    reference = _flat(_read(default_dir / FOLDER / f"{REFERENCE_LANGUAGE}.yml", root))
    found: dict[str, str] = {}
    sources: list[Path] = []
    # A regional language takes its language's words, with its own over them: fr-CA takes fr.yml, then fr-CA.yml.
    names = tuple(dict.fromkeys((language.split("-")[0], language)))
    for folder in reversed(template_dirs):  # the default theme's first, then the site's over it
        for name in names:
            path = folder / FOLDER / f"{name}.yml"
            if path.is_file() and path not in sources:
                sources.append(path)
                found.update(_flat(_read(path, root)))
    if not sources:
        raise ContentError(_error(f"templates/{FOLDER}/{language}.yml", 1, 1,
                                  f"the theme has no words in '{language}', a language that site.yml names",
                                  f"copy templates/{FOLDER}/{REFERENCE_LANGUAGE}.yml from the default theme to "
                                  f"templates/{FOLDER}/{language}.yml in the site, and translate every text"))
    shown = _display(sources[-1], root)
    missing = [key for key in reference if key not in found]
    if missing:
        listed = ", ".join(f"'{key}'" for key in missing[:8]) + (f" and {len(missing) - 8} more" if len(missing) > 8 else "")
        raise ContentError(_error(shown, 1, 1, f"the theme's words in '{language}' have no text for {listed}",
                                  f"add each key to {shown}, translated from templates/{FOLDER}/"
                                  f"{REFERENCE_LANGUAGE}.yml: a page would otherwise show English"))
    for key, english in reference.items():
        lost = set(FIELDS.findall(english)) - set(FIELDS.findall(found[key]))
        if lost:
            raise ContentError(_error(shown, 1, 1, f"the text for '{key}' in '{language}' has no "
                                      + ", ".join(f"{{{name}}}" for name in sorted(lost)),
                                      "keep each {name} of the English text: the page fills it in"))
    return Words(language, found)


def _read(path: Path, root: Path) -> dict:
    shown = _display(path, root)
    try:
        data = load_data(read_text(path, shown).text)  # libyaml: a tenth of the time, at every build of the preview
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ContentError(_error(shown, mark.line + 1 if mark else 1, mark.column + 1 if mark else 1,
                                  f"the theme's words cannot be read: {getattr(exc, 'problem', exc)}",
                                  "check the YAML; quote a text that holds ': '", code="yaml.syntax")) from None
    if not isinstance(data, dict):
        raise ContentError(_error(shown, 1, 1, "the theme's words must be a mapping of keys to texts"))
    return data


def _flat(data: Mapping, prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in data.items():
        if isinstance(value, Mapping):
            flat.update(_flat(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = "" if value is None else str(value)
    return flat


def _display(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        parts = path.parts
        return "/".join(parts[-3:])


def _error(path: str, line: int, col: int, message: str, hint: str = "", code: str = "translation.missing") -> Diagnostic:
    return Diagnostic(path, line, col, Severity.ERROR, message, hint, code)
