"""The bibliography: references.bib, references.json or both, read once per build into a `Library`.

A reader turns each file into `EntryRecord`s (`bibtex_file` for BibTeX, `csl_json` for
CSL-JSON), and the files' keys are merged. Every entry is checked (`entries.check_entry`),
but each is made into a `Reference` only when it is first used (`references`). What is
wrong with an entry is kept beside it, in `Library.entry_findings`: an error in an entry
that a page cites stops the build, but the same problem in an entry that nobody cites is
only a warning, because a clinic exports its whole reference library and cites a few of
its entries.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Callable, Collection, Mapping, Sequence

from patientsite.diagnostics import ContentError, Diagnostic, Report, Severity
from patientsite.structure.bibliography.bibtex_file import key_position, read_bibtex
from patientsite.structure.bibliography.csl_json import in_json_terms, read_csl_json
from patientsite.structure.bibliography.entries import check_entry
from patientsite.structure.bibliography.records import EntryRecord, Library, LibraryFile, Person, Reference
from patientsite.structure.bibliography.references import References
from patientsite.structure.loaded import Loaded
from patientsite.structure.textfiles import read_text

__all__ = ["LIBRARY_FILES", "Library", "Person", "Reference", "cited_entry_findings", "key_position", "library_files",
           "load_library"]

# The files a site's references may be in: BibTeX, CSL-JSON, or both, whose keys are merged.
LIBRARY_FILES = ("references.bib", "references.json")
Reword = Callable[[list[Diagnostic], list[Diagnostic]], list[Diagnostic]]


def library_files(root: Path) -> tuple[Path, ...]:
    """Where a site's reference library may be."""
    return tuple(root / name for name in LIBRARY_FILES)


def load_library(paths: Path | Sequence[Path], root: Path, evidence_labels: Mapping[str, str]) -> Loaded[Library]:
    """Read the library files that exist among ``paths`` (.bib or .json) and check every entry; findings name
    files as seen from ``root``. A key in two files is an error.

    The findings returned are about the files; those about one entry are in the library's
    `entry_findings`, to be reported by `cited_entry_findings` once the pages are known."""
    paths = (paths,) if isinstance(paths, Path) else tuple(paths)
    report = Report(root)
    present = [path for path in paths if path.is_file()]
    if not present:
        display = report.display_path(paths[0])
        report.error(display, 1, 1, f"{paths[0].name} is missing",
                     "create it, even if empty, next to site.yml, or export your library from Zotero as CSL JSON "
                     "into references.json; cite sources from it with [@key]", code="file.missing")
        return Loaded(Library(display, References({}, display, evidence_labels)), tuple(report.diagnostics))
    reads: list[tuple[str, LibraryFile, Reword | None]] = []
    findings: list[Diagnostic] = []
    for path in present:
        display = report.display_path(path)
        try:
            source = read_text(path, display)
        except ContentError as exc:
            findings.append(exc.diagnostic)
            continue
        json_file = path.suffix.lower() == ".json"
        read = (read_csl_json if json_file else read_bibtex)(source.text, display)
        reads.append((display, read, in_json_terms if json_file else None))
        findings.extend(read.findings)
    if not reads:
        display = report.display_path(present[0])
        return Loaded(Library(display, References({}, display, evidence_labels)), tuple(findings))
    return Loaded(_library(reads, evidence_labels), tuple(findings))


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
    # What decoding found, for the entries that are shown: only they are decoded.
    findings.extend(finding for key in sorted(cited) for finding in library.references.decoding_findings(key))
    return sorted(findings, key=lambda finding: (finding.path, finding.line, finding.col))


def _library(reads: list[tuple[str, LibraryFile, Reword | None]], evidence_labels: Mapping[str, str]) -> Library:
    """One library of every file's entries, each checked; a key in two files is an error, and the first is kept."""
    first = reads[0][0]
    records: dict[str, EntryRecord] = {}
    files: dict[str, str] = {}  # the file of each key that is not in the first
    entry_findings: dict[str, list[Diagnostic]] = {}
    broken: set[str] = set()
    for display, read, reword in reads:
        for key, found in read.entry_findings.items():
            entry_findings.setdefault(key, []).extend(found)
        for record in read.records:
            if record.key in records:
                entry_findings.setdefault(record.key, []).append(_twice(record, records[record.key], files.get(record.key, first),
                                                         display))
                continue
            records[record.key] = record
            if display != first:
                files[record.key] = display
            found = check_entry(record, display, evidence_labels)
            entry_findings.setdefault(record.key, []).extend(
                reword(found, read.entry_findings.get(record.key, [])) if reword else found)
        broken |= read.broken - records.keys()
    for record in records.values():
        for key in record.members:
            if key not in records or records[key].members:
                entry_findings.setdefault(record.key, []).append(Diagnostic(
                    files.get(record.key, first), *record.place("entryset"), Severity.ERROR,
                    f"the set '{record.key}' names '{key}', which is not an entry of {files.get(record.key, first)}",
                    "add the entry, or remove its key from entryset", "bibtex.set"))
    references = References(records, first, evidence_labels, frozenset(broken))
    return Library(first, references, {key: tuple(found) for key, found in entry_findings.items() if found},
                   frozenset(broken), files)


def _twice(record: EntryRecord, earlier: EntryRecord, earlier_file: str, display: str) -> Diagnostic:
    return Diagnostic(display, record.line, record.col, Severity.ERROR,
                      f"the key '{record.key}' is used twice: in {earlier_file} on line {earlier.line} and in "
                      f"{display} on line {record.line}", "give each entry its own key, or delete one of them",
                      "bibtex.duplicate")
