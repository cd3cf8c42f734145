"""The bibliography: references.bib (or references.json) parsed once per build into `Reference` records.

A reader turns the file into `EntryRecord`s (`bibtex_file`, `csl_json`); `entries` makes
each record a `Reference`. What is wrong with an entry is kept beside it, in
`Library.entry_findings`: an error in an entry that a page cites stops the build, but
the same problem in an entry that nobody cites is only a warning, because a clinic
exports its whole reference library and cites a few of its entries.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Collection, Mapping

from patientsite.diagnostics import ContentError, Diagnostic, Report, Severity
from patientsite.structure.bibliography.bibtex_file import key_position, read_bibtex
from patientsite.structure.bibliography.entries import check_entry
from patientsite.structure.bibliography.records import Library, LibraryFile, Person, Reference
from patientsite.structure.bibliography.references import References
from patientsite.structure.loaded import Loaded
from patientsite.structure.textfiles import read_text

__all__ = ["Library", "Person", "Reference", "cited_entry_findings", "key_position", "load_library"]


def load_library(path: Path, root: Path, evidence_labels: Mapping[str, str]) -> Loaded[Library]:
    """Parse references.bib and check every entry; findings name files as seen from ``root``.

    The findings returned are about the file; those about one entry are in the library's
    `entry_findings`, to be reported by `cited_entry_findings` once the pages are known."""
    report = Report(root)
    display = report.display_path(path)
    if not path.is_file():
        report.error(display, 1, 1, "references.bib is missing",
                     "create it, even if empty, next to site.yml; cite sources from it with [@key]", code="file.missing")
        return Loaded(Library(display, {}), tuple(report.diagnostics))
    try:
        source = read_text(path, display)
    except ContentError as exc:
        return Loaded(Library(display, {}), (exc.diagnostic,))
    read = read_bibtex(source.text, display)
    return Loaded(_library(display, read, evidence_labels), tuple(read.findings))


def cited_entry_findings(library: Library, cited: Collection[str]) -> list[Diagnostic]:
    """The findings about every entry: as found for the entries that pages cite, errors made warnings for the rest."""
    cited = set(cited) | {member.key for key in cited if key in library for member in library[key].members}
    findings = []
    for key, found in library.entry_findings.items():
        for finding in found:
            if key not in cited and finding.severity is Severity.ERROR:
                finding = dataclasses.replace(finding, severity=Severity.WARNING,
                                              message=finding.message + " (no page cites it, so this is a warning)")
            findings.append(finding)
    if isinstance(library.references, References):  # what decoding found, for the entries that are shown
        findings.extend(finding for key in sorted(cited) for finding in library.references.decoding_findings(key))
    return sorted(findings, key=lambda finding: (finding.line, finding.col))


def _library(display: str, read: LibraryFile, evidence_labels: Mapping[str, str]) -> Library:
    entry_findings = {key: list(found) for key, found in read.entry_findings.items()}
    records = {record.key: record for record in read.records}
    for record in read.records:
        entry_findings.setdefault(record.key, []).extend(check_entry(record, display, evidence_labels))
        for key in record.members:
            if key not in records or records[key].members:
                entry_findings[record.key].append(Diagnostic(
                    display, *record.place("entryset"), Severity.ERROR,
                    f"the set '{record.key}' names '{key}', which is not an entry of references.bib",
                    "add the entry, or remove its key from entryset", "bibtex.set"))
    references = References(records, display, evidence_labels, frozenset(read.broken))
    return Library(display, references, {key: tuple(found) for key, found in entry_findings.items() if found},
                   frozenset(read.broken))
