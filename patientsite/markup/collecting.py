"""The shape shared by the project's Markdown extensions: each collects what it finds in a page.

Python-Markdown calls an extension's ``reset()`` from ``Markdown.reset()``, between pages.
A `CollectingExtension` keeps what its processors find in a list that ``reset()`` empties
and ``take_found()`` hands over, so that the converter can report each finding at its place
in the text just converted (a page is converted a region at a time: key points, then body).
"""

from __future__ import annotations

from typing import Generic, TypeVar

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

Found = TypeVar("Found")
Owner = TypeVar("Owner", bound=Extension)


class CollectingExtension(Extension, Generic[Found]):
    """A Markdown extension whose processors append to ``found``; a subclass registers them."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.reset()

    def reset(self) -> None:
        """Forget everything found: called between pages. A subclass with more per-page state extends it."""
        self.found: list[Found] = []

    def take_found(self) -> list[Found]:
        """What was found since the last call, in document order; the list starts afresh."""
        found, self.found = self.found, []
        return found


class ExtensionTreeprocessor(Treeprocessor, Generic[Owner]):
    """A tree processor that works for one extension: it reads and adds to that extension's state."""

    def __init__(self, md: Markdown, extension: Owner):
        super().__init__(md)
        self.extension = extension
