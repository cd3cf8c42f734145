"""The bibliography: references.bib, references.json or both, parsed once per build into `Reference` records.

A reader turns each file into `EntryRecord`s (`bibtex_file` for BibTeX, `csl_json` for
CSL-JSON); `entries` makes each record a `Reference`, and the files' keys are merged.
What is wrong with an entry is kept beside it, in `Library.entry_findings`: an error in
an entry that a page cites stops the build, but the same problem in an entry that nobody
cites is only a warning, because a clinic exports its whole reference library and cites a
few of its entries.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Callable, Collection, Mapping, Sequence

from markupsafe import Markup

from patientsite.diagnostics import ContentError, Diagnostic, Report, Severity
from patientsite.structure.bibliography.bibtex_file import key_position, read_bibtex
from patientsite.structure.bibliography.csl_json import in_json_terms, read_csl_json
from patientsite.structure.bibliography.entries import make_reference
from patientsite.structure.bibliography.records import EntryRecord, Library, LibraryFile, Person, Reference
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
    """Parse the library files that exist among ``paths`` (.bib or .json) and check every entry; findings name
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
        return Loaded(Library(display, {}), tuple(report.diagnostics))
    libraries, findings = [], []
    for path in present:
        display = report.display_path(path)
        try:
            source = read_text(path, display)
        except ContentError as exc:
            libraries.append(Library(display, {}))
            findings.append(exc.diagnostic)
            continue
        json_file = path.suffix.lower() == ".json"
        read = (read_csl_json if json_file else read_bibtex)(source.text, display)
        libraries.append(_library(display, read, evidence_labels, in_json_terms if json_file else None))
        findings.extend(read.findings)
    return Loaded(_merged(libraries), tuple(findings))


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
    return sorted(findings, key=lambda finding: (finding.path, finding.line, finding.col))


def _library(display: str, read: LibraryFile, evidence_labels: Mapping[str, str], reword: Reword | None) -> Library:
    references: dict[str, Reference] = {}
    entry_findings = {key: list(found) for key, found in read.entry_findings.items()}
    for record in read.records:
        reference, found = make_reference(record, display, evidence_labels)
        if reword is not None:
            found = reword(found, read.entry_findings.get(record.key, []))
        references[record.key] = reference
        entry_findings.setdefault(record.key, []).extend(found)
    for record in read.records:
        if record.members:
            references[record.key] = _set(record, references, display, entry_findings)
    for key in read.broken - references.keys():  # so that citing it gives its own error, not "unknown key"
        references[key] = Reference(key=key, kind="misc", line=0, col=0, authors=(), editors=(), title=Markup(key))
    return Library(display, references, {key: tuple(found) for key, found in entry_findings.items() if found},
                   frozenset(read.broken))


def _merged(libraries: list[Library]) -> Library:
    """One library of several files' entries; a key in two files is an error at its second, and the first is kept."""
    first, *others = libraries
    references, broken = dict(first.references), set(first.broken)
    entry_findings = {key: list(found) for key, found in first.entry_findings.items()}
    files: dict[str, str] = {}
    for library in others:
        for key, reference in library.references.items():
            if key not in references:
                references[key], files[key] = reference, library.path
                entry_findings.setdefault(key, []).extend(library.entry_findings.get(key, ()))
            elif key not in library.broken:
                earlier = references[key]
                entry_findings.setdefault(key, []).append(Diagnostic(
                    library.path, reference.line, reference.col, Severity.ERROR,
                    f"the key '{key}' is used twice: in {files.get(key, first.path)} on line {earlier.line} and in "
                    f"{library.path} on line {reference.line}",
                    "give each entry its own key, or delete one of them", "bibtex.duplicate"))
        broken |= {key for key in library.broken if files.get(key) == library.path}
    return Library(first.path, references, {key: tuple(found) for key, found in entry_findings.items() if found},
                   frozenset(broken), files)


def _set(record: EntryRecord, references: dict[str, Reference], display: str,
         entry_findings: dict[str, list[Diagnostic]]) -> Reference:
    """An @set: one reference, listed as its members' references one after another."""
    members = _members(record, references, display, entry_findings)
    first = members[0] if members else None
    return dataclasses.replace(references[record.key], kind="set", members=members,
                               title=first.title if first else Markup(record.key),
                               year=first.year if first else "", date_shown=first.date_shown if first else "")


def _members(record: EntryRecord, references: dict[str, Reference], display: str,
             entry_findings: dict[str, list[Diagnostic]]) -> tuple[Reference, ...]:
    found = []
    for key in record.members:
        if key in references and not references[key].members:
            found.append(references[key])
        else:
            entry_findings.setdefault(record.key, []).append(Diagnostic(
                display, *record.place("entryset"), Severity.ERROR,
                f"the set '{record.key}' names '{key}', which is not an entry of references.bib",
                "add the entry, or remove its key from entryset", "bibtex.set"))
    return tuple(found)
