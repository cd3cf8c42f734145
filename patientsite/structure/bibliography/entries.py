"""From an `EntryRecord` to the `Reference` that templates format, with what is wrong with it.

This is where BibLaTeX's data model meets AMA's: entry types become the kinds of source a
reference template knows, titles are joined to their subtitles, an edition becomes "6th
ed.", a thesis says that it is one, and identifiers become links.
"""

from __future__ import annotations

import re
from typing import Mapping

from markupsafe import Markup

from patientsite.diagnostics import Diagnostic, Severity, did_you_mean
from patientsite.structure.bibliography.bibtex_values import parse_month
from patientsite.structure.bibliography.identifiers import links
from patientsite.structure.bibliography.latex import plain_text
from patientsite.structure.bibliography.records import EntryFindings, EntryRecord, Reference
from patientsite.structure.bibliography.types import ENTRY_KINDS, LANGUAGES, NONSTANDARD, type_label
from patientsite.structure.dates import DatePart, DateProblem, SourceDate, parse_date, parse_iso_day

URL_TEXT = re.compile(r"https?://\S+")
UNDATED = ("n.d.", "nd", "n.d", "nodate", "undated")
PUBLICATION_STATES = {"inpress": "In press", "in press": "In press", "forthcoming": "Forthcoming",
                      "submitted": "Submitted", "prepublished": "Prepublished"}


def check_entry(record: EntryRecord, display: str, evidence_labels: Mapping[str, str]) -> list[Diagnostic]:
    """What is wrong with an entry that shows without decoding it: every entry of a library is checked so."""
    found = EntryFindings(record, display)
    kind = _kind(record, found)
    date, date_shown = _date(record, kind, found)
    urldate = _urldate(record, found)
    has_title = "title" in record.text or "issuetitle" in record.text or "title" in record.unreadable
    if not has_title and kind != "set":
        found.add(Severity.ERROR, "title", "has no title", "add a title = {...} field", "bibtex.incomplete")
    if date is None and not date_shown and not (kind == "webpage" and urldate) and kind != "set" \
            and not _has_date_error(found) and not record.unreadable & {"date", "year"}:
        found.add(Severity.ERROR, "date", "has no year or date",
                  "add year = {2004} or date = {2004-03-17}; for a source that shows no date, write year = {n.d.}",
                  "bibtex.incomplete")
    evidence = record.verbatim.get("evidence", "").strip().lower()
    if evidence and evidence not in evidence_labels:
        found.add(Severity.WARNING, "evidence", f"has an unknown evidence type '{evidence}'",
                  did_you_mean(evidence, list(evidence_labels)) or "add a label for it under 'evidence_labels' in "
                  "site.yml", "bibtex.evidence")
    links(record, found)
    return found.found


def make_reference(record: EntryRecord, display: str, evidence_labels: Mapping[str, str]) -> Reference:
    """The reference of one entry, decoded. An entry with errors still gives one, so that its citations do not
    also fail as unknown keys. What decoding finds is kept in the record's fields (see `deferred`)."""
    found = EntryFindings(record, display)  # check_entry has reported these already
    kind = _kind(record, found)
    text, verbatim = record.text, record.verbatim
    date, date_shown = _date(record, kind, found)
    title = _joined(text.get("title"), text.get("subtitle"), text.get("titleaddon"))
    journal = _joined(text.get("journaltitle") or text.get("journal"), text.get("journalsubtitle"))
    if record.entry_type == "periodical" and text.get("issuetitle"):  # an issue: the title is the journal's
        title, journal = _joined(text.get("issuetitle"), text.get("issuesubtitle")), title
        kind = "article"
    evidence = verbatim.get("evidence", "").strip().lower()
    return Reference(
        key=record.key, kind=kind, line=record.line, col=record.col, authors=record.people.get("author", ()),
        editors=record.people.get("editor", ()), title=title, translators=record.people.get("translator", ()),
        holders=record.people.get("holder", ()),
        main_title=_joined(text.get("maintitle"), text.get("mainsubtitle"), text.get("maintitleaddon")),
        version=plain_text(text.get("version", "")),
        journal=_abbreviation(journal),
        journal_short=_abbreviation(_first(text, "shortjournal", "journalabbrev", "journal-abbrev", "journal_abbrev")),
        book_title=_joined(text.get("booktitle"), text.get("booksubtitle"), text.get("booktitleaddon")),
        year=str(date.start.year) + _year_letter(verbatim) if date else ("n.d." if date_shown == "n.d." else ""),
        date_shown=date_shown, month=date.start.month if date else None, day=date.start.day if date else None,
        volume=plain_text(text.get("volume", "")), issue=plain_text(_issue(text, kind)),
        pages=_pages(verbatim.get("pages") or verbatim.get("eid", "")),
        edition=_edition(plain_text(text.get("edition", ""))), series=text.get("series", Markup()),
        number=plain_text(text.get("number", "")) if kind in ("report", "patent") else "",
        type_label=type_label(record.entry_type, kind, plain_text(text.get("type", ""))),
        publisher=_first(text, "publisher", *(("organization",) if kind != "report" else ())),
        institution=_first(text, "institution", "school", *(("organization",) if kind == "report" else ())),
        location=_first(text, "location", "address"), note=_howpublished(text),
        urldate=_urldate(record, found), language=_language(verbatim), evidence=evidence,
        evidence_label=evidence_labels.get(evidence, evidence), **links(record, found),
    )


def _kind(record: EntryRecord, found: EntryFindings) -> str:
    kind = ENTRY_KINDS.get(record.entry_type) or ("misc" if record.entry_type in NONSTANDARD else None)
    if kind is None:
        known = [*ENTRY_KINDS, *NONSTANDARD]
        found.add(Severity.WARNING, "", f"has the entry type @{record.entry_type}, which BibLaTeX does not define; "
                  "it is shown as @misc", did_you_mean(record.entry_type, known) or "use a BibLaTeX type such as "
                  "@article, @book, @incollection, @online, @report or @thesis", "bibtex.type")
        kind = "misc"
    if kind == "misc" and record.verbatim.get("url") and not record.verbatim.get("doi"):
        return "webpage"
    return kind


def _date(record: EntryRecord, kind: str, found: EntryFindings) -> tuple[SourceDate | None, str]:
    """The publication date, from 'date' or else from 'year' and 'month', and how a reference shows it."""
    verbatim = record.verbatim
    state = PUBLICATION_STATES.get(verbatim.get("pubstate", "").lower(), "")
    written = verbatim.get("date") or verbatim.get("year", "")
    field_name = "date" if verbatim.get("date") else "year"
    if written.lower().replace(" ", "") in UNDATED:
        return None, "n.d."
    if written.lower() in PUBLICATION_STATES:
        return None, PUBLICATION_STATES[written.lower()]
    if not written:
        return None, state
    if field_name == "year":
        written = re.sub(r"\s*(?:--?|\u2013)\s*", "/", re.sub(r"(?<=\d{4})[a-z]$", "", written))
    try:
        date = parse_date(written)
    except DateProblem as exc:
        found.add(Severity.ERROR, field_name, f"has the {field_name} '{verbatim[field_name]}': {exc}", exc.hint,
                  "bibtex.date")
        return None, state
    if field_name == "year" and verbatim.get("month") and date.start.month is None:
        month = parse_month(verbatim["month"])
        if month is None:
            found.add(Severity.WARNING, "month", f"has the month '{verbatim['month']}', which is not a month",
                      "write the month as a number (3) or its name (mar, March)", "bibtex.date")
        date = SourceDate(DatePart(date.start.year, month), date.end, date.open_ended, date.approximate,
                          date.uncertain)
    return date, state or _shown(date)


def _has_date_error(found: EntryFindings) -> bool:
    return any(finding.code == "bibtex.date" and finding.severity is Severity.ERROR for finding in found.found)


def _shown(date: SourceDate) -> str:
    years = str(date.start.year)
    if date.end is not None and date.end.year != date.start.year:
        years += f"-{date.end.year}"
    elif date.open_ended:
        years += "-"
    return ("ca " if date.approximate else "") + years + ("?" if date.uncertain else "")


def _year_letter(verbatim: Mapping[str, str]) -> str:
    match = re.fullmatch(r"\d{4}([a-z])", verbatim.get("year", "")) if not verbatim.get("date") else None
    return match.group(1) if match else ""


def _urldate(record: EntryRecord, found: EntryFindings):
    for name in ("urldate", "accessed", "lastchecked"):
        value = record.verbatim.get(name)
        if value:
            try:
                return parse_iso_day(re.split(r"[T ]", value)[0])
            except DateProblem as exc:
                found.add(Severity.ERROR, name, f"has the {name} '{value}': {exc}", exc.hint, "bibtex.date")
    return None


def _joined(title: Markup | None, subtitle: Markup | None, addon: Markup | None = None) -> Markup:
    """A title and its subtitle as AMA joins them: "Title: Subtitle", or "Title? Subtitle"."""
    joined = title or Markup()
    for part, mark in ((subtitle, ": "), (addon, ". ")):
        if part:
            ends = plain_text(joined)[-1:]
            joined = joined + (Markup(" ") if ends in "?!.:" and ends else Markup(mark)) + part if joined else part
    return joined


def _first(text: Mapping[str, Markup], *names: str) -> Markup:
    return next((text[name] for name in names if text.get(name)), Markup())


def _abbreviation(journal: Markup) -> Markup:
    """A journal's name as AMA (and NLM) write it, without points: J. Organomet. Chem. is J Organomet Chem."""
    return Markup(re.sub(r"(?<=[A-Za-z])\.(?=\s|$)", "", journal)) if journal else journal


def _howpublished(text: Mapping[str, Markup]) -> Markup:
    """How a @misc was published; a bare address there is its URL (see `identifiers`), not text. Notes are the
    owner's own (Zotero writes "Library Catalog: ..." there) and are never shown."""
    howpublished = text.get("howpublished", Markup())
    return Markup() if URL_TEXT.fullmatch(plain_text(howpublished)) else howpublished


def _issue(text: Mapping[str, Markup], kind: str) -> Markup:
    return text.get("issue") or (text.get("number", Markup()) if kind == "article" else Markup())


def _pages(pages: str) -> str:
    """Page ranges written one way, with a hyphen as AMA writes them: 33-35, not 33--35 or 33–35."""
    return re.sub(r"\s*(?:-{1,3}|[\u2010-\u2015])\s*", "-", re.sub(r"^(?:pp?\.\s*)", "", pages.strip()))


def _edition(edition: str) -> str:
    """An edition as AMA writes it: "6" is "6th ed.", "Revised" is "Revised ed.", "2nd edition" is "2nd ed."."""
    if not edition:
        return ""
    if edition.lower() in ("1", "1st", "first", "1st ed.", "1st edition", "first edition"):
        return ""  # AMA shows no first edition
    if edition.isdigit():
        number = int(edition)
        suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
        return f"{number}{suffix} ed."
    shortened = re.sub(r"\s*\b(?:edition|ed)\.?$", "", edition, flags=re.IGNORECASE).rstrip(".")
    return f"{shortened} ed."


def _language(verbatim: Mapping[str, str]) -> str:
    name = (verbatim.get("langid") or verbatim.get("language") or verbatim.get("hyphenation") or "").lower()
    return LANGUAGES.get(name, name if re.fullmatch(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*", name) else "")
