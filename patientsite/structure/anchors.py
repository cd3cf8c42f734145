"""The ids that tie a page's citations to its reference list, declared once.

The Markdown extension gives each place that cites a source the id ``citation_id`` and
links it to ``reference_id``; the templates give each entry of the reference list
``reference_id`` (it is a Jinja global) and link back to the places. A check reports a
page whose template leaves the entries without them.
"""

from __future__ import annotations

import re

CITATION_ID = re.compile(r"cite-(\d+)-\d+")


def reference_id(number: int) -> str:
    """The id of the reference-list entry of the source numbered ``number`` on its page: 'ref-3'."""
    return f"ref-{number}"


def citation_id(number: int, occurrence: int) -> str:
    """The id of the ``occurrence``-th place (from 1) that cites the source numbered ``number``: 'cite-3-2'."""
    return f"cite-{number}-{occurrence}"


def cited_number(anchor: str) -> int | None:
    """The source number of a ``citation_id`` ('cite-3-2' -> 3); None for any other id."""
    match = CITATION_ID.fullmatch(anchor)
    return int(match.group(1)) if match else None


def preview_id(anchor: str) -> str:
    """The id of the preview that the citation ``anchor`` opens: 'cite-3-2-preview'."""
    return f"{anchor}-preview"


def is_citation_anchor(anchor: str) -> bool:
    """Whether an id is one of those above, which no author links to by hand."""
    return anchor.startswith(("ref-", "cite-"))
