"""Links and anchors that land nowhere, checked against the rendered pages."""

from __future__ import annotations

from typing import Iterable, Protocol

from patientsite.diagnostics import Report, did_you_mean
from patientsite.markup.links import FoundLink
from patientsite.structure.anchors import is_citation_anchor
from patientsite.structure.urls import output_path


class LinkingPage(Protocol):
    """What the link check needs of a built page: where it is, and each link with its line and column."""

    display: str
    url: str
    links: tuple[tuple[FoundLink, int, int], ...]


def check_links(pages: Iterable[LinkingPage], ids: dict[str, tuple[str, ...]], report: Report) -> None:
    """Report links that point nowhere, and anchors missing from the page they point to (``ids`` by URL)."""
    for page in pages:
        display = page.display
        for link, line, col in page.links:
            resolved = link.resolved
            if resolved.problem:
                report.error(display, line, col, resolved.problem, resolved.hint, code="link.broken")
            elif resolved.fragment and resolved.target is not None and output_path(resolved.target).endswith(".html"):
                known = ids.get(resolved.target, ())
                if resolved.fragment not in known:
                    where = "this page" if resolved.target == page.url else f"'/{resolved.target}'"
                    hint = did_you_mean(resolved.fragment, [i for i in known if not is_citation_anchor(i)])
                    report.error(display, line, col, f"the link '{link.raw}' points to '#{resolved.fragment}', "
                                 f"which is not on {where}", hint or "link to a heading's id: its text in "
                                 "lowercase with spaces as hyphens", code="link.anchor")
