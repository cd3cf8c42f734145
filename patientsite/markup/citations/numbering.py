"""Per-page numbering of sources (Vancouver/AMA) and the layout of one citation group.

Sources are numbered in the order they are first cited on a page; a source cited again
keeps its number. Within a group the numbers are sorted, and three or more consecutive
numbers collapse into a range whose ends are links. Every cited source, including those
hidden inside a range, gets an anchor so that its reference entry can link back here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from patientsite.markup.citations.syntax import CitationItem
from patientsite.structure.anchors import citation_id


@dataclass(frozen=True)
class NumberedItem:
    """A citation item with its number on the page and the id of this place."""

    item: CitationItem
    number: int
    anchor: str


@dataclass(frozen=True)
class Link:
    cited: NumberedItem


@dataclass(frozen=True)
class Hidden:
    """A source inside a compressed range: no visible link, but an anchor for its back-link."""

    cited: NumberedItem


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Affix:
    """A cited item's prefix or suffix: the extension puts in what the author's Markdown became."""

    cited: NumberedItem
    which: str  # "prefix" or "suffix"


Part = Link | Hidden | Text | Affix

# A suffix that starts with one of these follows the number without a space: "1(p. 3), emphasis added".
ATTACHED = frozenset(",.;:!?)]}\u2019\u201d")


# The section of the citations in a page's key points, which come before its text and its headings.
KEY_POINTS = ""


@dataclass
class CitationRegistry:
    """Numbers the sources of one page and remembers every place that cites each one, and its section.

    ``section`` is where the citations being numbered stand: ``KEY_POINTS``, the text of the
    heading above them, or None before the first heading of the text.
    """

    numbers: dict[str, int] = field(default_factory=dict)
    places: dict[str, list[str]] = field(default_factory=dict)
    sections: dict[str, list[str | None]] = field(default_factory=dict)
    section: str | None = None

    def cite(self, item: CitationItem) -> NumberedItem:
        """Number an item (a new source gets the next number) and give this place an id."""
        number = self.numbers.setdefault(item.key, len(self.numbers) + 1)
        places = self.places.setdefault(item.key, [])
        anchor = citation_id(number, len(places) + 1)
        places.append(anchor)
        self.sections.setdefault(item.key, []).append(self.section)
        return NumberedItem(item, number, anchor)

    def in_order(self) -> list[tuple[str, int, tuple[str, ...], tuple[str | None, ...]]]:
        """(key, number, place ids, their sections) for every cited source, by number."""
        return [(key, number, tuple(self.places[key]), tuple(self.sections[key])) for key, number in self.numbers.items()]


def arrange(cited: list[NumberedItem]) -> list[Part]:
    """Lay out one group: sorted and compressed, or in written order when it has prefixes or suffixes."""
    if any(c.item.prefix or c.item.suffix for c in cited):
        return _in_written_order(cited)
    unique: dict[int, list[NumberedItem]] = {}
    for c in cited:
        unique.setdefault(c.number, []).append(c)
    parts: list[Part] = []
    for run in _runs(sorted(unique)):
        if parts:
            parts.append(Text(","))
        parts.extend(_run_parts(run, unique))
    return parts


def _runs(numbers: list[int]) -> list[list[int]]:
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    return runs


def _run_parts(run: list[int], by_number: dict[int, list[NumberedItem]]) -> list[Part]:
    has_locator = any(c.item.locator for n in run for c in by_number[n])
    if len(run) >= 3 and not has_locator:
        first, *middle, last = run
        parts: list[Part] = [Link(by_number[first][0]), Text("–")]
        parts.extend(Hidden(c) for n in middle for c in by_number[n])
        parts.append(Link(by_number[last][0]))
        parts.extend(Hidden(c) for n in (first, last) for c in by_number[n][1:])
        return parts
    parts = []
    for number in run:
        if parts:
            parts.append(Text(","))
        first, *repeats = by_number[number]
        parts.append(Link(first))
        if first.item.locator:
            parts.append(Text(f"({first.item.locator})"))
        parts.extend(Hidden(c) for c in repeats)
    return parts


def _in_written_order(cited: list[NumberedItem]) -> list[Part]:
    parts: list[Part] = []
    for c in cited:
        if parts:
            parts.append(Text("; "))
        if c.item.prefix:
            parts.extend((Affix(c, "prefix"), Text(" ")))
        parts.append(Link(c))
        if c.item.locator:
            parts.append(Text(f"({c.item.locator})"))
        if c.item.suffix:
            if c.item.suffix[0] not in ATTACHED:
                parts.append(Text(" "))
            parts.append(Affix(c, "suffix"))
    return parts
