"""References that no page cites."""

from __future__ import annotations

from typing import Collection

from patientsite.diagnostics import Report
from patientsite.structure.bibliography import Library

# More unused entries than this are one notice: an exported library may hold thousands.
LISTED_ONE_BY_ONE = 10


def check_unused_references(cited: Collection[str], library: Library, report: Report) -> None:
    """A notice for each reference whose key no page cites, at its entry; one notice for them all when there are many.

    A key in a citation that has an error (``[@known; @unknwn]``) counts as cited: the citation's
    error is reported, and the keys the author meant are not reported again as unused.
    """
    unused = [key for key in library.references if key not in cited and key not in library.broken]
    if len(unused) > LISTED_ONE_BY_ONE:
        shown = ", ".join(f"'{key}'" for key in unused[:3])
        report.notice(library.path, 1, 1, f"{len(unused):,} entries are not cited on any page, so the site does not "
                      f"show them: {shown} and {len(unused) - 3:,} more",
                      "this is expected when the library is a whole export from a reference manager",
                      code="references.unused")
        return
    for key in unused:
        file = library.file_of(key)
        report.notice(file, *library.place(key), f"'{key}' is not cited on any page, so the site does not show it",
                      f"cite it with [@{key}] or remove it from {file}", code="references.unused")
