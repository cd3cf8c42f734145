"""``site.yml``: everything about the clinic and the site, declared and validated once."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

from patientsite.diagnostics import ContentError, Report
from patientsite.structure import schema
from patientsite.structure.textfiles import read_text
from patientsite.structure.urls import normalise_base_url
from patientsite.structure.yamldoc import YamlValue, load_mapping

# Plain-language labels for the `evidence` field of a BibTeX entry. A site can change
# or add labels with `evidence_labels` in site.yml, for example to translate them.
DEFAULT_EVIDENCE_LABELS = {
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
}


def _evidence_labels(item: YamlValue) -> dict[str, str]:
    labels = schema.mapping(item)
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in labels.items()):
        raise schema.FieldError("must map each evidence type to a label, for example 'case series: Case series'")
    return labels


def _clinic(item: YamlValue) -> dict[str, Any]:
    clinic = schema.mapping(item)
    if not isinstance(clinic.get("name"), str) or not clinic["name"].strip():
        raise schema.FieldError("needs a 'name'", "add a line '  name: Your clinic's name' under 'clinic:'")
    return clinic


FIELDS = {
    "title": schema.Field(schema.text(80), required=True, help="the site's name, shown in every page title"),
    "description": schema.Field(schema.text(160), default="", help="one sentence about the whole site"),
    "language": schema.Field(schema.text(35), default="en", help="the language of the pages, for example 'en' or 'fr-CA'"),
    "base_url": schema.Field(schema.url, help="the address the site is published at, for example https://example.org/"),
    "clinic": schema.Field(_clinic, required=True, help="the clinic's name and contact details"),
    "emergency": schema.Field(schema.list_of_mappings, default=(), help="emergency numbers, each with a 'label' and a 'number'"),
    "review_interval_months": schema.Field(schema.integer, default=12, help="months from 'last_reviewed' to the next review"),
    "review_missing": schema.Field(schema.choice("notice", "warning", "error"), default="notice",
                                   help="how a page without 'reviewed_by' is reported; 'error' blocks publishing"),
    "review_overdue": schema.Field(schema.choice("notice", "warning", "error"), default="warning",
                                   help="how a page past its 'next_review' is reported; 'error' blocks publishing"),
    "readability_target": schema.Field(schema.number, default=8.0,
                                       help="the highest reading grade (Flesch-Kincaid and SMOG) for a page's text"),
    "glossary": schema.Field(schema.text(200), default="",
                             help="the glossary page, for example glossary.md; its terms are not counted as hard words"),
    "evidence_labels": schema.Field(_evidence_labels, default=None, help="plain-language labels for evidence types"),
    "search": schema.Field(schema.boolean, default=True, help="false leaves out the search box and its index"),
    "footer_links": schema.Field(schema.text_list, default=(),
                                 help="pages linked from every page's footer, by file name, for example about.md"),
}


@dataclass(frozen=True)
class SiteConfig:
    """The validated contents of site.yml."""

    title: str
    description: str
    language: str
    base_url: str | None
    clinic: Mapping[str, Any]
    emergency: tuple[Mapping[str, Any], ...]
    review_interval_months: int
    review_missing: str = "notice"
    review_overdue: str = "warning"
    readability_target: float = 8.0
    glossary: str = ""
    evidence_labels: Mapping[str, str] = field(default_factory=lambda: MappingProxyType(DEFAULT_EVIDENCE_LABELS))
    footer_links: tuple[str, ...] = ()
    search: bool = True
    # The line of each setting in site.yml, for messages about settings that later stages check.
    lines: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))

    def with_base_url(self, base_url: str | None) -> SiteConfig:
        """A copy with another base URL (from the command line)."""
        values = {name: getattr(self, name) for name in self.__dataclass_fields__}
        values["base_url"] = base_url
        return SiteConfig(**values)


def load_config(path: Path, report: Report) -> SiteConfig | None:
    """Read and validate site.yml; None when it has errors (they are in the report)."""
    display = report.display_path(path)
    if not path.is_file():
        report.error(display, 1, 1, "site.yml is missing",
                     "create it with at least 'title:' and 'clinic:' (see the README)", code="file.missing")
        return None
    try:
        mapping = load_mapping(read_text(path, display).text, display)
    except ContentError as exc:
        report.extend([exc.diagnostic])
        return None
    errors_before = len(report.errors)
    result = schema.validate(mapping, FIELDS, report, display, what="setting", codes="config")
    if len(report.errors) > errors_before:
        return None
    values = result.values
    labels = dict(DEFAULT_EVIDENCE_LABELS)
    labels.update({k.strip().lower(): v for k, v in (values["evidence_labels"] or {}).items()})
    base_url = values["base_url"]
    return SiteConfig(
        title=values["title"],
        description=values["description"],
        language=values["language"],
        base_url=normalise_base_url(base_url) if base_url else None,
        clinic=MappingProxyType(dict(values["clinic"])),
        emergency=tuple(MappingProxyType(dict(e)) for e in values["emergency"]),
        review_interval_months=values["review_interval_months"],
        review_missing=values["review_missing"],
        review_overdue=values["review_overdue"],
        readability_target=values["readability_target"],
        glossary=values["glossary"],
        evidence_labels=MappingProxyType(labels),
        footer_links=values["footer_links"],
        search=values["search"],
        lines=MappingProxyType(dict(result.lines)),
    )
