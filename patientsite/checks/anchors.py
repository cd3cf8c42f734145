"""The anchors a rendered page needs from its template: an entry in the reference list for each cited source.

The Markdown extension links every citation to ``reference_id(n)``, but only the template
can give the reference list's entries those ids. A site's own ``page.html`` without them
renders without complaint, and every citation link on the page lands nowhere.
"""

from __future__ import annotations

from typing import Collection, Iterable

from patientsite.diagnostics import Report
from patientsite.structure.anchors import reference_id

SHOWN_MISSING = 3  # ids named in the message; the rest are counted


def check_reference_anchors(display: str, template: str, numbers: Iterable[int], ids: Collection[str],
                            report: Report) -> None:
    """Report once for the page (``display``) if ``template`` rendered no ``reference_id`` for some cited ``numbers``."""
    present = ids if isinstance(ids, (set, frozenset)) else set(ids)
    missing = [reference_id(number) for number in numbers if reference_id(number) not in present]
    if not missing:
        return
    one = len(missing) == 1
    report.error(display, 1, 1, f"the template {template} gives no element the id{'' if one else 's'} "
                 f"{_named(missing)}, so the page's citation links to {'that source' if one else 'those sources'} "
                 "lead nowhere",
                 f"in templates/{template}, give each entry of the reference list the id of its source: "
                 '<li id="{{ reference_id(source.number) }}">', code="theme.anchor")


def _named(missing: list[str]) -> str:
    """The ids quoted and joined: 'ref-1' and 'ref-2', or 'ref-1', 'ref-2', 'ref-3' and 2 more."""
    shown = missing if len(missing) <= SHOWN_MISSING + 1 else missing[:SHOWN_MISSING]  # never "and 1 more"
    quoted = [f"'{anchor}'" for anchor in shown]
    rest = len(missing) - len(quoted)
    if rest:
        return ", ".join(quoted) + f" and {rest} more"
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]
