"""``references.bib``: parsed once per build into frozen `Reference` records.

bibtexparser 2 splits the file; `bibtex_values` cleans each value. BibTeX and BibLaTeX
field names are both accepted, because reference managers such as Zotero export either.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

import bibtexparser
from bibtexparser.model import DuplicateBlockKeyBlock, Entry

from patientsite.diagnostics import ContentError, Report, did_you_mean
from patientsite.structure.bibtex_values import BibValueError, Person, decode_latex, parse_month, parse_people, resolve_value
from patientsite.structure.loaded import Loaded
from patientsite.structure.textfiles import read_text

# BibTeX and BibLaTeX entry types, mapped to the kinds of source that the templates format.
ENTRY_KINDS = {
    "article": "article", "book": "book", "mvbook": "book", "booklet": "book", "proceedings": "book",
    "collection": "book", "manual": "book", "inbook": "chapter", "incollection": "chapter",
    "inproceedings": "chapter", "conference": "chapter", "bookinbook": "chapter",
    "online": "webpage", "webpage": "webpage", "www": "webpage", "electronic": "webpage",
    "report": "report", "techreport": "report", "thesis": "thesis", "phdthesis": "thesis",
    "mastersthesis": "thesis", "misc": "misc", "unpublished": "misc", "dataset": "misc", "software": "misc",
}

# BibLaTeX names first: when both spellings are present, the BibLaTeX one wins.
FIELD_ALIASES = {
    "journal": ("journaltitle", "journal"),
    "journal_short": ("shortjournal", "journalabbrev", "journal-abbrev", "journal_abbrev"),
    "location": ("location", "address"),
    "publisher": ("publisher", "institution", "school", "organization"),
    "urldate": ("urldate", "accessed", "lastchecked"),
    "issue": ("number", "issue"),
}

URL_FIELDS = {"url", "doi", "pmid", "pubmed", "pmcid", "eprint", "eprinttype", "urldate", "accessed", "lastchecked", "date"}
# An explicit "no date", for sources such as web pages that show none: not the same as a forgotten year.
UNDATED = ("n.d.", "nd", "n.d")
DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)


@dataclass(frozen=True)
class Reference:
    """One source, with every field the reference templates may show."""

    key: str
    kind: str
    line: int
    col: int
    authors: tuple[Person, ...]
    editors: tuple[Person, ...]
    title: str
    journal: str = ""
    journal_short: str = ""
    book_title: str = ""
    year: str = ""
    month: int | None = None
    day: int | None = None
    volume: str = ""
    issue: str = ""
    pages: str = ""
    edition: str = ""
    publisher: str = ""
    location: str = ""
    doi: str = ""
    pmid: str = ""
    pmcid: str = ""
    url: str = ""
    urldate: dt.date | None = None
    evidence: str = ""
    evidence_label: str = ""

    @property
    def doi_url(self) -> str:
        return f"https://doi.org/{self.doi}" if self.doi else ""

    @property
    def pubmed_url(self) -> str:
        return f"https://pubmed.ncbi.nlm.nih.gov/{self.pmid}/" if self.pmid else ""

    @property
    def pmc_url(self) -> str:
        return f"https://pmc.ncbi.nlm.nih.gov/articles/{self.pmcid}/" if self.pmcid else ""


@dataclass(frozen=True)
class Library:
    """All references of a site, by key."""

    path: str
    references: Mapping[str, Reference]

    def __contains__(self, key: str) -> bool:
        return key in self.references

    def __getitem__(self, key: str) -> Reference:
        return self.references[key]


def load_library(path: Path, root: Path, evidence_labels: Mapping[str, str]) -> Loaded[Library]:
    """Parse references.bib and validate every entry; findings name files as seen from ``root``."""
    report = Report(root)
    return Loaded(_read_library(path, report, evidence_labels), tuple(report.diagnostics))


def _read_library(path: Path, report: Report, evidence_labels: Mapping[str, str]) -> Library:
    display = report.display_path(path)
    if not path.is_file():
        report.error(display, 1, 1, "references.bib is missing",
                     "create it, even if empty, next to site.yml; cite sources from it with [@key]", code="file.missing")
        return Library(display, {})
    try:
        source = read_text(path, display)
    except ContentError as exc:
        report.extend([exc.diagnostic])
        return Library(display, {})
    parsed = bibtexparser.parse_string(source.text, parse_stack=[])
    lines = source.text.split("\n")
    _report_failed_blocks(parsed.failed_blocks, lines, display, report)
    strings = _resolve_strings(parsed.strings, display, report)
    references = {}
    for entry in parsed.entries:
        reference = _reference_from_entry(entry, lines, strings, display, report, evidence_labels)
        if reference is not None:
            references[reference.key] = reference
    return Library(display, references)


def key_position(entry_line: int, key: str, lines: list[str]) -> tuple[int, int]:
    """1-based line and column of an entry's key, from bibtexparser's 0-based start line."""
    pattern = re.compile(r"[{(]\s*(" + re.escape(key) + r")\s*(?:,|$)") if key else None
    for line_no in range(entry_line, min(entry_line + 3, len(lines))):
        match = pattern.search(lines[line_no]) if pattern else None
        if match:
            return line_no + 1, match.start(1) + 1
    return entry_line + 1, 1


def _report_failed_blocks(blocks, lines: list[str], display: str, report: Report) -> None:
    for block in blocks:
        line = (block.start_line or 0)
        if isinstance(block, DuplicateBlockKeyBlock):
            first = key_position(block._previous_block.start_line or 0, block.key, lines)[0]
            here = key_position(line, block.key, lines)
            report.error(display, *here, f"the key '{block.key}' is used twice: on line {first} and on line {here[0]}",
                         "give each entry its own key, or delete the copy", code="bibtex.duplicate")
        else:
            reason = str(block.error).split("\n")[-1].strip() or "the entry cannot be read"
            report.error(display, line + 1, 1, f"this entry is malformed: {reason}",
                         "check that every { has a matching }, and that fields are separated by commas",
                         code="bibtex.malformed")


def _resolve_strings(blocks, display: str, report: Report) -> dict[str, str]:
    strings: dict[str, str] = {}
    for block in blocks:
        try:
            strings[block.key.lower()] = resolve_value(block.value, strings)
        except BibValueError as exc:
            report.error(display, (block.start_line or 0) + 1, 1, f"@string '{block.key}': {exc}", exc.hint,
                         code="bibtex.value")
    return strings


def _field_text(entry: Entry, lines: list[str], strings: dict[str, str], display: str,
                report: Report) -> dict[str, str]:
    values: dict[str, str] = {}
    for field in entry.fields:
        name = field.key.lower()
        try:
            value = resolve_value(field.value, strings)
            if name not in URL_FIELDS and name not in ("author", "editor"):
                value = decode_latex(value)
            values[name] = value.strip()
        except BibValueError as exc:
            line = field.start_line if field.start_line is not None else (entry.start_line or 0)
            text = lines[line] if line < len(lines) else ""
            col = max(text.lower().find(name), 0) + 1
            report.error(display, line + 1, col, f"field '{field.key}' of '{entry.key}': {exc}", exc.hint,
                         code="bibtex.value")
    return values


def _first(values: dict[str, str], canonical: str) -> str:
    for name in FIELD_ALIASES.get(canonical, (canonical,)):
        if values.get(name):
            return values[name]
    return ""


def _reference_from_entry(entry: Entry, lines: list[str], strings: dict[str, str], display: str,
                          report: Report, evidence_labels: Mapping[str, str]) -> Reference:
    line, col = key_position(entry.start_line or 0, entry.key, lines)
    values = _field_text(entry, lines, strings, display, report)
    kind = ENTRY_KINDS.get(entry.entry_type.lower())
    if kind is None:
        report.warning(display, line, col, f"'{entry.key}' has the unknown entry type @{entry.entry_type}; "
                       "it is shown as @misc", did_you_mean(entry.entry_type.lower(), ENTRY_KINDS), code="bibtex.type")
        kind = "misc"
    if kind == "misc" and values.get("url"):
        kind = "webpage"
    authors, editors = _people(values, "author", entry.key, display, line, col, report), \
        _people(values, "editor", entry.key, display, line, col, report)
    year, month, day = _date_parts(values, entry.key, display, line, col, report)
    urldate = _iso_date(_first(values, "urldate"), entry.key, "urldate", display, line, col, report)
    title = values.get("title", "")
    missing = [name for name, present in (("author", authors or editors), ("title", title),
                                          ("year", year or (kind == "webpage" and urldate))) if not present]
    if missing:
        hint = "add the missing fields; for a source that shows no date, write year = {n.d.}"
        report.error(display, line, col, f"'{entry.key}' has no {' or '.join(missing)}", hint, code="bibtex.incomplete")
    evidence = values.get("evidence", "").strip().lower()
    if evidence and evidence not in evidence_labels:
        report.warning(display, line, col, f"'{entry.key}' has an unknown evidence type '{evidence}'",
                       did_you_mean(evidence, list(evidence_labels)) or "add a label for it under 'evidence_labels' "
                       "in site.yml", code="bibtex.evidence")
    # An entry with errors is still returned, so that its citations do not also fail as unknown keys.
    links = _links(values, entry.key, display, line, col, report)
    return Reference(
        key=entry.key, kind=kind, line=line, col=col, authors=authors, editors=editors, title=title,
        journal=_first(values, "journal"), journal_short=_first(values, "journal_short"),
        book_title=values.get("booktitle", ""), year=year, month=month, day=day,
        volume=values.get("volume", ""), issue=_first(values, "issue"), pages=values.get("pages", ""),
        edition=values.get("edition", ""), publisher=_first(values, "publisher"), location=_first(values, "location"),
        urldate=urldate, evidence=evidence, evidence_label=evidence_labels.get(evidence, evidence), **links,
    )


def _people(values: dict[str, str], field: str, key: str, display: str, line: int, col: int,
            report: Report) -> tuple[Person, ...]:
    try:
        return parse_people(values.get(field, ""))
    except BibValueError as exc:
        report.error(display, line, col, f"the {field} of '{key}': {exc}", exc.hint, code="bibtex.name")
        return ()


def _date_parts(values: dict[str, str], key: str, display: str, line: int, col: int,
                report: Report) -> tuple[str, int | None, int | None]:
    date = values.get("date", "")
    match = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", date) if date else None
    if date and not match:
        report.error(display, line, col, f"'{key}' has the date '{date}', which is not YYYY, YYYY-MM or YYYY-MM-DD",
                     code="bibtex.date")
    year = values.get("year", "") or (match.group(1) if match else "")
    if year.lower().replace(" ", "") in UNDATED:
        return UNDATED[0], None, None
    if year and not re.fullmatch(r"\d{4}[a-z]?", year):
        report.error(display, line, col, f"'{key}' has the year '{year}', which is not a four-digit year",
                     "for a source with no date, write year = {n.d.}", code="bibtex.date")
    month = parse_month(values["month"]) if values.get("month") else None
    if values.get("month") and month is None:
        report.warning(display, line, col, f"'{key}' has the month '{values['month']}', which is not a month",
                       code="bibtex.date")
    if match and match.group(2):
        month = int(match.group(2))
    day = int(match.group(3)) if match and match.group(3) else None
    return year, month, day


def _iso_date(value: str, key: str, name: str, display: str, line: int, col: int, report: Report) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        report.error(display, line, col, f"'{key}' has the {name} '{value}', which is not a date written YYYY-MM-DD",
                     code="bibtex.date")
        return None


def _links(values: dict[str, str], key: str, display: str, line: int, col: int, report: Report) -> dict[str, str]:
    doi = DOI_PREFIX.sub("", values.get("doi", "")).strip()
    eprint_type = values.get("eprinttype", "").lower()
    pmid = values.get("pmid") or values.get("pubmed") or (values.get("eprint", "") if eprint_type in ("pubmed", "pmid") else "")
    pmcid = values.get("pmcid") or (values.get("eprint", "") if eprint_type in ("pmc", "pmcid") else "")
    url = values.get("url", "")
    checks = (
        ("doi", doi, r"10\.\d{4,9}/\S+", "a DOI starts with '10.', for example 10.1000/xyz123"),
        ("pmid", pmid, r"\d{1,9}", "a PubMed ID is a number, for example 25575710"),
        ("pmcid", pmcid, r"(?:PMC)?\d{1,9}", "a PubMed Central ID looks like PMC4493167"),
        ("url", url, r"https?://[^\s\"<>]+", "a URL must start with https:// or http://"),
    )
    for name, value, pattern, hint in checks:
        if value and not re.fullmatch(pattern, value, re.IGNORECASE):
            report.error(display, line, col, f"'{key}' has the {name} '{value}', which is not valid", hint,
                         code="bibtex.link")
    if pmcid and not pmcid.upper().startswith("PMC"):
        pmcid = "PMC" + pmcid
    return {"doi": doi, "pmid": pmid, "pmcid": pmcid.upper(), "url": url}
