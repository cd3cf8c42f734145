"""``site.yml``: everything about the clinic and the site, declared and validated once."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, Iterator, Mapping

import babel

from patientsite.diagnostics import ContentError, Report
from patientsite.structure import schema
from patientsite.structure.loaded import Loaded
from patientsite.structure.placeholders import Placeholder, placeholders_in_settings
from patientsite.structure.textfiles import read_text
from patientsite.structure.urls import normalise_base_url
from patientsite.structure.yamldoc import YamlValue, load_mapping

# Plain-language labels for the `evidence` field of a BibTeX entry. A site can change
# or add labels with `evidence_labels` in site.yml, for example to translate them.
DEFAULT_EVIDENCE_LABELS = MappingProxyType({
    "guideline": "Clinical guideline: experts' advice based on the evidence",
    "systematic review": "Systematic review: brings together all studies on one question",
    "meta-analysis": "Meta-analysis: pools the results of many studies",
    "randomized trial": "Randomised trial: compares a treatment with a placebo or another treatment",
    "cohort study": "Cohort study: follows a group of people over time",
    "retrospective study": "Retrospective study: looks back at patients' records, with no comparison group",
    "case series": "Case series: describes a small group of patients, with no comparison group",
    "narrative review": "Review: experts summarise other studies",
    "review": "Review: experts summarise other studies",
    "commentary": "Commentary: an expert's view of other studies",
    "expert opinion": "Expert opinion",
    "web page": "Web page",
    "drug label": "Drug label: the official prescribing information for a medicine",
    "regulator notice": "Notice from a medicines regulator",
})


def _evidence_labels(item: YamlValue) -> dict[str, str]:
    labels = schema.mapping(item)
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in labels.items()):
        raise schema.FieldError("must map each evidence type to a label, for example 'case series: Case series'")
    return labels


def _approved_for(item: YamlValue) -> dict[str, str]:
    approvals = schema.mapping(item)
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in approvals.items()):
        raise schema.FieldError(
            "must map each off-label use, as pages name it in 'off_label', to a sentence saying what is approved",
            "for example 'ketamine for chronic pain: Ketamine is approved as a general anaesthetic.'")
    return {k.strip().lower(): v.strip() for k, v in approvals.items()}


LANGUAGE_TAG = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")


def _menu_size(item: YamlValue) -> int:
    size = schema.integer(item)
    if size < 2:
        raise schema.FieldError(f"must be 2 or more, not {size}: the menu needs room for the home page and one more")
    return size


def _languages(item: YamlValue) -> tuple[str, ...]:
    languages = schema.text_list(item)
    for language in languages:
        if not LANGUAGE_TAG.fullmatch(language):
            raise schema.FieldError(f"names '{language}', which is not a language tag",
                                    "name each language by its code, for example [en, fr] or [en, fr-CA]")
    if len(set(languages)) != len(languages):
        raise schema.FieldError("names a language twice", "name each language once, the default first")
    return languages


def _merged(base: Mapping[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in changes.items():
        merged[key] = _merged(merged[key], value) if isinstance(value, Mapping) and isinstance(
            merged.get(key), Mapping) else value
    return merged


def _clinic(item: YamlValue) -> dict[str, Any]:
    clinic = schema.mapping(item)
    if not isinstance(clinic.get("name"), str) or not clinic["name"].strip():
        raise schema.FieldError("needs a 'name'", "add a line '  name: Your clinic's name' under 'clinic:'")
    return _clinic_texts(item)


def _clinic_texts(item: YamlValue) -> dict[str, Any]:
    """The clinic's settings, as site.yml gives them or a site.<lang>.yml translates some."""
    clinic = schema.mapping(item)
    if "disclosure" in clinic and not isinstance(clinic["disclosure"], str):
        raise schema.FieldError("'disclosure' must be text: who runs the clinic and how it is paid",
                                "write it on one line after 'disclosure:', or start a block with 'disclosure: >-'")
    prices = clinic.get("prices")
    if prices is not None and not (isinstance(prices, Mapping) and all(
            isinstance(k, str) and isinstance(v, str) for k, v in prices.items())):
        raise schema.FieldError("'prices' must name each price, for example '    infusion: \"$400 to $600\"'",
                                "a page shows one with {{ clinic.prices.infusion }}")
    return clinic


def _texts_below(values: Mapping[str, Any], prefix: str) -> Iterator[tuple[str, str]]:
    """Every text below a group of settings, by its dotted name: ('clinic.prices.infusion', '[$000]')."""
    for name, value in values.items():
        if isinstance(value, str):
            yield prefix + name, value
        elif isinstance(value, Mapping):
            yield from _texts_below(value, f"{prefix}{name}.")


@dataclass(frozen=True, kw_only=True)
class SiteConfig:
    """The validated contents of site.yml: each setting declared once, with its check, default and help."""

    title: str = schema.setting(schema.text(80), required=True, help="the site's name, shown in every page title")
    description: str = schema.setting(schema.text(160), default="", help="one sentence about the whole site")
    language: str = schema.setting(schema.text(35), default="en",
                                   help="the language of the pages, for example 'en' or 'fr-CA'")
    base_url: str | None = schema.setting(
        schema.url, help="the address the site is published at, for example https://example.org/")
    clinic: Mapping[str, Any] = schema.setting(_clinic, required=True, help="the clinic's name and contact details")
    emergency: tuple[Mapping[str, Any], ...] = schema.setting(
        schema.list_of_mappings, default=(), help="emergency numbers, each with a 'label' and a 'number'")
    # Unset, the theme's words give it in each language (urgent.default in templates/i18n/).
    urgent_help: str = schema.setting(
        schema.text(400), default="",
        help="when to get urgent help, shown above the emergency numbers on every page")
    review_interval_months: int = schema.setting(schema.integer, default=12,
                                                 help="months from 'last_reviewed' to the next review")
    review_missing: str = schema.setting(
        schema.choice("notice", "warning", "error"), default="notice",
        help="how a page without 'reviewed_by' is reported; 'error' blocks publishing")
    review_overdue: str = schema.setting(
        schema.choice("notice", "warning", "error"), default="warning",
        help="how a page past its 'next_review' is reported; 'error' blocks publishing")
    readability_target: float = schema.setting(
        schema.number, default=8.0, help="the highest reading grade (Flesch-Kincaid and SMOG) for a page's text")
    reading_ease_target: float = schema.setting(
        schema.number, default=60.0,
        help="for pages in a language other than English, the lowest reading ease by the language's formula "
             "(Kandel-Moles for French: 60 is plain, 70 fairly easy)")
    glossary: str = schema.setting(
        schema.text(200), default="",
        help="the glossary page, for example glossary.md; its terms are not counted as hard words")
    # The site's labels are merged into the default ones when the settings are loaded.
    evidence_labels: Mapping[str, str] = schema.setting(_evidence_labels, default=DEFAULT_EVIDENCE_LABELS,
                                                        help="plain-language labels for evidence types")
    search: bool = schema.setting(schema.boolean, default=True, help="false leaves out the search box and its index")
    # Keys are lower-cased, as pages' 'off_label' values are looked up in any case.
    approved_for: Mapping[str, str] = schema.setting(
        _approved_for, default=MappingProxyType({}),
        help="for each off-label use that pages name, what the treatment is approved for; the off-label notice says it")
    languages: tuple[str, ...] = schema.setting(
        _languages, default=(),
        help="every language of the site, the default ('language') first, for example [en, fr]; a page's "
             "translation sits beside it, as crps.fr.md, and site.fr.yml gives the French of this file's texts")
    translation_stale: str = schema.setting(
        schema.choice("warning", "error"), default="warning",
        help="how a translation older than its original is reported; 'error' blocks publishing")
    menu_size: int = schema.setting(
        _menu_size, default=20,
        help="the most entries the menu shows, and the most pages of a section under its entry; "
             "the others are listed on the home page and on the section's index page")
    footer_links: tuple[str, ...] = schema.setting(
        schema.text_list, default=(), help="pages linked from every page's footer, by file name, for example about.md")
    # The evidence labels that site.yml (or, for another language, its site.<lang>.yml) gives:
    # the theme's words give the others.
    evidence_labels_given: Mapping[str, str] = schema.computed(default_factory=lambda: MappingProxyType({}))
    # For each other language, the texts of its site.<lang>.yml that replace this file's.
    texts_in: Mapping[str, Mapping[str, Any]] = schema.computed(default_factory=lambda: MappingProxyType({}))
    # The line of each setting in site.yml, for messages about settings that later stages check.
    lines: Mapping[str, int] = schema.computed(default_factory=lambda: MappingProxyType({}))
    # What the clinic has still to fill in: '[Clinic name]', 'placeholder@example.org'.
    placeholders: tuple[Placeholder, ...] = schema.computed(default=())
    # The build is a demonstration (`--demo`): placeholders are expected, and every page says so.
    demo: bool = schema.computed(default=False)
    # The build makes the site for its public address (`--base-url`, as the workflow does).
    publishing: bool = schema.computed(default=False)

    def text_settings(self) -> dict[str, str]:
        """The settings that a page may show with ``{{ name }}``: the site's title and description,
        and the clinic's texts ('clinic.phone', 'clinic.prices.infusion')."""
        return {"title": self.title, "description": self.description,
                **dict(_texts_below(self.clinic, "clinic."))}

    @property
    def default_language(self) -> str:
        return self.languages[0] if self.languages else self.language

    @property
    def all_languages(self) -> tuple[str, ...]:
        """The site's languages, the default first: ('en',) for a site in one language."""
        return self.languages or (self.language,)

    def in_language(self, language: str) -> SiteConfig:
        """The settings as the pages in ``language`` show them: its own texts from site.<lang>.yml."""
        if language == self.default_language:
            return self
        texts = self.texts_in.get(language, {})
        clinic = _merged(self.clinic, texts.get("clinic") or {})
        return dataclasses.replace(
            self, language=language, title=texts.get("title") or self.title,
            description=texts.get("description") or self.description, urgent_help=texts.get("urgent_help") or "",
            clinic=MappingProxyType(clinic),
            emergency=tuple(MappingProxyType(dict(e)) for e in texts.get("emergency") or self.emergency),
            approved_for=MappingProxyType({k.strip().lower(): v.strip()
                                           for k, v in (texts.get("approved_for") or {}).items()}),
            evidence_labels_given=MappingProxyType({k.strip().lower(): v
                                                    for k, v in (texts.get("evidence_labels") or {}).items()}))

    def for_build(self, base_url: str | None, demo: bool) -> SiteConfig:
        """A copy with what the command line asks: the address it publishes at (when given), a demonstration."""
        return dataclasses.replace(self, base_url=base_url or self.base_url, demo=demo,
                                   publishing=base_url is not None and not demo)


FIELDS = schema.fields_of(SiteConfig)


def load_config(path: Path, root: Path) -> Loaded[SiteConfig | None]:
    """Read and validate site.yml; None when it has errors. Findings name files as seen from ``root``."""
    report = Report(root)
    return Loaded(_read_config(path, report), tuple(report.diagnostics))


def _read_config(path: Path, report: Report) -> SiteConfig | None:
    display = report.display_path(path)
    if not path.is_file():
        report.error(display, 1, 1, "site.yml is missing",
                     "create it with at least 'title:' and 'clinic:' (see the README)", code="file.missing")
        return None
    try:
        text = read_text(path, display).text
        mapping = load_mapping(text, display)
    except ContentError as exc:
        report.extend([exc.diagnostic])
        return None
    result = schema.validate(mapping, FIELDS, report, display, what="setting", codes="config")
    languages = result.values.get("languages") or ()
    if languages and "language" in result.lines and result.values["language"] != languages[0]:
        report.error(display, result.lines["languages"], 1,
                     f"'languages' starts with '{languages[0]}', but 'language' is '{result.values['language']}'",
                     "name the default language first in 'languages', or leave 'language' out", code="config.invalid")
    if report.errors:
        return None
    if languages:
        result.values["language"] = languages[0]
    placeholders = placeholders_in_settings(mapping, text)
    texts_in = {}
    for language in languages[1:]:
        texts, found = _read_texts_in(path.parent / f"site.{language}.yml", language, result, report)
        texts_in[language], placeholders = texts, placeholders + found
    if report.errors:
        return None
    return dataclasses.replace(_site_config(result, placeholders), texts_in=MappingProxyType(texts_in))


# The settings whose texts a site.<lang>.yml gives in its language.
TRANSLATED = ("title", "description", "urgent_help", "clinic", "emergency", "approved_for", "evidence_labels")
# The clinic's settings that are the same in every language: a site.<lang>.yml may still give them.
SAME_IN_EVERY_LANGUAGE = frozenset({"name", "phone", "email", "address"})


def _read_texts_in(path: Path, language: str, base: schema.Validated,
                   report: Report) -> tuple[dict[str, Any], tuple[Placeholder, ...]]:
    """The texts of site.<lang>.yml, checked; a text of site.yml that it does not give is an error."""
    display = report.display_path(path)
    fields = {name: dataclasses.replace(FIELDS[name], required=False, default=None) for name in TRANSLATED}
    fields["clinic"] = dataclasses.replace(fields["clinic"], check=_clinic_texts)
    texts: dict[str, Any] = {}
    placeholders: tuple[Placeholder, ...] = ()
    if path.is_file():
        try:
            text = read_text(path, display).text
            mapping = load_mapping(text, display)
        except ContentError as exc:
            report.extend([exc.diagnostic])
            return {}, ()
        result = schema.validate(mapping, fields, report, display, what="setting", codes="config")
        texts = {name: value for name, value in result.values.items() if value is not None}
        placeholders = tuple(dataclasses.replace(found, path=display)
                             for found in placeholders_in_settings(mapping, text))
    missing = [name for name in _texts_to_translate(base.values) if not _has(texts, name)]
    name = _language_name(language)
    if missing and not path.is_file():
        report.error(display, 1, 1, f"there is no {display}, with the {name} of site.yml's texts: "
                     + ", ".join(f"'{key}'" for key in missing),
                     f"create {display} with each of them in {name}: the {name} pages would otherwise show English",
                     code="translation.missing")
    for key in missing if path.is_file() else ():
        report.error(display, 1, 1, f"{display} has no {name} text for '{key}'",
                     f"add it, in {name}: the {name} pages would otherwise show site.yml's", code="translation.missing")
    return texts, placeholders


def _texts_to_translate(values: Mapping[str, Any]) -> list[str]:
    """The texts of site.yml that each other language must give: 'title', 'clinic.hours', 'emergency'."""
    names = ["title"] + [name for name in ("description", "urgent_help") if values.get(name)]
    names += [f"clinic.{key}" for key, value in values["clinic"].items() if key not in SAME_IN_EVERY_LANGUAGE
              and isinstance(value, str)]
    names += [f"clinic.{group}.{key}" for group, value in values["clinic"].items() if isinstance(value, Mapping)
              for key, text in value.items() if isinstance(text, str)]
    names += [name for name in ("emergency", "approved_for") if values.get(name)]
    return names


def _has(texts: Mapping[str, Any], dotted: str) -> bool:
    value: Any = texts
    for part in dotted.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return False
        value = value[part]
    return value not in (None, "")


def _language_name(language: str) -> str:
    """'fr' -> 'French', in English, for messages to the site's authors."""
    try:
        return babel.Locale.parse(language, sep="-").english_name or language
    except (ValueError, babel.UnknownLocaleError):
        return f"'{language}'"


def _site_config(settings: schema.Validated, placeholders: tuple[Placeholder, ...]) -> SiteConfig:
    """The record of the validated settings, with what is worked out from them."""
    values = settings.values
    labels = dict(DEFAULT_EVIDENCE_LABELS)
    labels.update({k.strip().lower(): v for k, v in values["evidence_labels"].items()})
    base_url = values["base_url"]
    # Read-only views of the mappings, so that the frozen record is frozen all through.
    return SiteConfig(**{
        **values,
        "base_url": normalise_base_url(base_url) if base_url else None,
        "clinic": MappingProxyType(dict(values["clinic"])),
        "emergency": tuple(MappingProxyType(dict(e)) for e in values["emergency"]),
        "evidence_labels": MappingProxyType(labels),
        "evidence_labels_given": MappingProxyType({k.strip().lower(): v for k, v in values["evidence_labels"].items()}),
        "lines": MappingProxyType(dict(settings.lines)),
        "placeholders": placeholders,
    })
