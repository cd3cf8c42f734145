"""The ids that tie a page's citations to its reference list, declared once.

The Markdown extension gives each place that cites a source the id ``citation_id`` and
links it to ``reference_id``; the templates give each entry of the reference list
``reference_id`` (it is a Jinja global) and link back to the places. A check reports a
page whose template leaves the entries without them.
"""

from __future__ import annotations


def reference_id(number: int) -> str:
    """The id of the reference-list entry of the source numbered ``number`` on its page: 'ref-3'."""
    return f"ref-{number}"


def citation_id(number: int, occurrence: int) -> str:
    """The id of the ``occurrence``-th place (from 1) that cites the source numbered ``number``: 'cite-3-2'."""
    return f"cite-{number}-{occurrence}"


def preview_id(anchor: str) -> str:
    """The id of the preview that the citation ``anchor`` opens: 'cite-3-2-preview'."""
    return f"{anchor}-preview"


def is_citation_anchor(anchor: str) -> bool:
    """Whether an id is one of those above, which no author links to by hand."""
    return anchor.startswith(("ref-", "cite-"))
