"""References that no page cites."""

from __future__ import annotations

from patientsite.diagnostics import Report
from patientsite.structure.bibliography import Library
from patientsite.structure.site import SourceEntry


def check_unused_references(sources: tuple[SourceEntry, ...], library: Library, report: Report) -> None:
    """Warn about each reference that no page cites, at its entry in references.bib or references.json."""
    for entry in sources:
        if not entry.cited_by:
            reference = entry.reference
            report.warning(library.file_of(reference.key), reference.line, reference.col,
                           f"'{reference.key}' is not cited on any page",
                           f"cite it with [@{reference.key}] or remove it from {library.file_of(reference.key)}",
                           code="references.unused")
