"""References that no page cites."""

from __future__ import annotations

from patientsite.diagnostics import Report
from patientsite.structure.bibliography import Library
from patientsite.structure.site import SourceEntry


def check_unused_references(sources: tuple[SourceEntry, ...], library: Library, report: Report) -> None:
    """Warn about each reference that no page cites, at its entry in references.bib."""
    for entry in sources:
        if not entry.cited_by:
            reference = entry.reference
            report.warning(library.path, reference.line, reference.col, f"'{reference.key}' is not cited on any page",
                           "cite it with [@" + reference.key + "] or remove it from references.bib",
                           code="references.unused")
