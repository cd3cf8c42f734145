"""``site.yml``: everything about the clinic and the site, declared and validated once."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, Iterator, Mapping

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


def _clinic(item: YamlValue) -> dict[str, Any]:
    clinic = schema.mapping(item)
    if not isinstance(clinic.get("name"), str) or not clinic["name"].strip():
        raise schema.FieldError("needs a 'name'", "add a line '  name: Your clinic's name' under 'clinic:'")
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


# The urgent-help box's text unless site.yml says otherwise: the signs that need help now.
DEFAULT_URGENT_HELP = ("If you have chest pain, trouble breathing, fainting, severe confusion or thoughts of harming "
                       "yourself, get help now.")


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
    urgent_help: str = schema.setting(
        schema.text(400), default=DEFAULT_URGENT_HELP,
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
    footer_links: tuple[str, ...] = schema.setting(
        schema.text_list, default=(), help="pages linked from every page's footer, by file name, for example about.md")
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
    if report.errors:
        return None
    return _site_config(result, placeholders_in_settings(mapping, text))


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
        "lines": MappingProxyType(dict(settings.lines)),
        "placeholders": placeholders,
    })
