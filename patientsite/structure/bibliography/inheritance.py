"""BibLaTeX's data inheritance: ``xdata`` and ``crossref``.

A chapter written as ``@incollection{ch, crossref = {book}, title = {...}}`` takes its
book's fields. As in BibLaTeX's default inheritance (manual, appendix B), the book's
``title`` becomes the chapter's ``booktitle``, a multi-volume work's title becomes the
``maintitle``, and a periodical's title becomes an article's ``journaltitle``; every other
field is inherited under its own name, unless the child has it already.
"""

from __future__ import annotations

from dataclasses import dataclass

Fields = dict[str, tuple[str, tuple[int, int]]]

# Fields that are never inherited (BibLaTeX's \DefaultInheritance exceptions).
NEVER = frozenset(("ids", "crossref", "xref", "xdata", "entryset", "entrysubtype", "execute", "label", "options",
                   "presort", "related", "relatedoptions", "relatedstring", "relatedtype", "shorthand",
                   "shorthandintro", "sortkey"))
_SHORT_TITLES = ("shorttitle", "sorttitle", "indextitle", "indexsorttitle")
MULTIVOLUME = frozenset(("mvbook", "mvcollection", "mvproceedings", "mvreference"))
WHOLES = frozenset(("book", "collection", "proceedings", "reference"))
PARTS = frozenset(("inbook", "bookinbook", "suppbook", "incollection", "suppcollection", "inproceedings",
                   "inreference", "conference"))


@dataclass(frozen=True)
class InheritanceProblem:
    """A crossref or xdata that names no entry, or that loops."""

    key: str
    message: str
    hint: str


def inherit(entries: dict[str, Fields], types: dict[str, str]) -> list[InheritanceProblem]:
    """Fill each entry's missing fields from its xdata and crossref parents, in place."""
    problems: list[InheritanceProblem] = []
    done: set[str] = set()
    for key in list(entries):
        _resolve(key, entries, types, done, (), problems)
    return problems


def _resolve(key: str, entries: dict[str, Fields], types: dict[str, str], done: set[str], chain: tuple[str, ...],
             problems: list[InheritanceProblem]) -> None:
    if key in done:
        return
    if key in chain:
        problems.append(InheritanceProblem(chain[0], f"'{chain[0]}' inherits from itself through "
                                           f"{' → '.join(chain + (key,))}", "remove one crossref or xdata of the loop"))
        return
    fields = entries[key]
    for parent in _keys(fields.get("xdata")):
        if _known(key, parent, "xdata", entries, problems):
            _resolve(parent, entries, types, done, chain + (key,), problems)
            for name, value in entries[parent].items():
                if name not in NEVER:
                    fields.setdefault(name, value)
    crossref = fields.get("crossref")
    if crossref and _known(key, crossref[0].strip(), "crossref", entries, problems):
        parent = crossref[0].strip()
        _resolve(parent, entries, types, done, chain + (key,), problems)
        for name, value in _inherited(entries[parent], types.get(parent, ""), types.get(key, "")).items():
            fields.setdefault(name, value)
    done.add(key)


def _inherited(parent: Fields, parent_type: str, child_type: str) -> Fields:
    """The parent's fields under the names the child takes them by."""
    renamed = _renames(parent_type, child_type)
    given: Fields = {}
    for name, value in parent.items():
        if name in NEVER or (renamed and name in _SHORT_TITLES):
            continue
        given[renamed.get(name, name)] = value
    return given


def _renames(parent_type: str, child_type: str) -> dict[str, str]:
    if parent_type in MULTIVOLUME and (child_type in WHOLES or child_type in PARTS or child_type == "book"):
        return {"title": "maintitle", "subtitle": "mainsubtitle", "titleaddon": "maintitleaddon"}
    if parent_type in WHOLES and child_type in PARTS:
        renames = {"title": "booktitle", "subtitle": "booksubtitle", "titleaddon": "booktitleaddon"}
        return {**renames, "author": "bookauthor"} if parent_type == "book" else renames
    if parent_type == "periodical" and child_type in ("article", "suppperiodical"):
        return {"title": "journaltitle", "subtitle": "journalsubtitle"}
    return {}


def _keys(value: tuple[str, tuple[int, int]] | None) -> list[str]:
    return [part.strip() for part in value[0].split(",") if part.strip()] if value else []


def _known(key: str, parent: str, field_name: str, entries: dict[str, Fields],
           problems: list[InheritanceProblem]) -> bool:
    if parent in entries:
        return True
    problems.append(InheritanceProblem(key, f"'{key}' has {field_name} = {{{parent}}}, but there is no entry "
                                       f"'{parent}'; its fields are not inherited",
                                       "add the entry it names, or correct the key"))
    return False
