"""The records of the bibliography: what a reader found in a file, and the references made from it.

A reader (`bibtex_file` for references.bib, `csl_json` for references.json) turns each
entry into an `EntryRecord`: decoded text in BibLaTeX's field names, and where each field
is. `entries` checks a record and makes the `Reference` that templates format.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Mapping

from markupsafe import Markup

from patientsite.diagnostics import Diagnostic, Severity


@dataclass(frozen=True)
class Person:
    """A person or an organisation named as an author or editor."""

    family: str
    given: str = ""
    suffix: str = ""
    is_organisation: bool = False

    @property
    def initials(self) -> str:
        """Initials of the given names without points or spaces, as AMA style writes them: Mary-Jane is MJ."""
        return "".join(part[0].upper() for part in re.split(r"[\s.\-\u2010\u2011]+", self.given)
                       if part and part[0].isalpha())


@dataclass(frozen=True)
class EntryRecord:
    """One entry as a reader found it, in BibLaTeX's names, before it is checked."""

    key: str
    entry_type: str  # lower case, as written: "article", "phdthesis", "online"
    line: int  # where the key is, 1-based
    col: int
    text: Mapping[str, Markup]  # decoded fields that readers see: title, journaltitle, publisher
    verbatim: Mapping[str, str]  # fields used as they are: date, url, doi, eprint, pages
    people: Mapping[str, tuple[Person, ...]]  # author, editor
    places: Mapping[str, tuple[int, int]] = field(default_factory=dict)  # line and column of each field
    members: tuple[str, ...] = ()  # the keys of an @set's entries
    unreadable: frozenset[str] = frozenset()  # fields present but not readable: reported once, not also as missing

    def place(self, name: str) -> tuple[int, int]:
        """Where a field is written, or the entry's key when the field is absent or inherited unseen."""
        return self.places.get(name, (self.line, self.col))


@dataclass
class LibraryFile:
    """What a reader found in a library file: its entries, findings about the file, and findings about each entry."""

    records: list[EntryRecord] = field(default_factory=list)
    findings: list[Diagnostic] = field(default_factory=list)
    entry_findings: dict[str, list[Diagnostic]] = field(default_factory=dict)
    broken: set[str] = field(default_factory=set)  # keys of entries that could not be read at all


@dataclass(frozen=True)
class Reference:
    """One source, with every field the reference templates may show; text fields are safe HTML."""

    key: str
    kind: str  # how templates format it: article, book, chapter, thesis, report, patent, webpage, set, misc
    line: int
    col: int
    authors: tuple[Person, ...]
    editors: tuple[Person, ...]
    title: Markup
    translators: tuple[Person, ...] = ()
    holders: tuple[Person, ...] = ()  # a patent's assignees
    main_title: Markup = Markup()  # the title of the multi-volume work that a book or chapter is part of
    version: str = ""
    journal: Markup = Markup()
    journal_short: Markup = Markup()
    book_title: Markup = Markup()
    year: str = ""  # the year to sort by: "2004", "2004a", or "n.d."
    date_shown: str = ""  # the date as a reference shows it: "2004", "1984-1986", "ca 1850", "In press"
    month: int | None = None
    day: int | None = None
    volume: str = ""
    issue: str = ""
    pages: str = ""
    edition: str = ""  # an ordinal or a phrase: "6th", "Rev"
    series: Markup = Markup()
    number: str = ""  # a report's or a patent's number
    type_label: str = ""  # "PhD thesis", "Technical report", "US patent"
    publisher: Markup = Markup()
    institution: Markup = Markup()
    location: Markup = Markup()
    note: Markup = Markup()
    doi: str = ""
    pmid: str = ""
    pmcid: str = ""
    url: str = ""
    eprint_url: str = ""
    eprint_label: str = ""
    urldate: dt.date | None = None
    language: str = ""  # a BCP 47 tag when the source's language is given: "fr"
    members: tuple[Reference, ...] = ()  # an @set's references, in the set's order
    evidence: str = ""
    evidence_label: str = ""

    @property
    def doi_url(self) -> str:
        return f"https://doi.org/{self.doi}" if self.doi else ""

    @property
    def pubmed_url(self) -> str:
        return f"https://pubmed.ncbi.nlm.nih.gov/{self.pmid}/" if self.pmid else ""

    @property
    def pmc_url(self) -> str:
        return f"https://pmc.ncbi.nlm.nih.gov/articles/{self.pmcid}/" if self.pmcid else ""

    @property
    def published(self) -> dt.date | None:
        """The full date of publication, when the entry gives its day."""
        if self.year[:4].isdigit() and self.month and self.day:
            return dt.date(int(self.year[:4]), self.month, self.day)
        return None

    @property
    def names(self) -> tuple[Person, ...]:
        """Who a citation names: the authors, else the editors, else (for a set) its first member's."""
        if self.authors or self.editors or not self.members:
            return self.authors or self.editors
        return self.members[0].names


@dataclass(frozen=True)
class Library:
    """All references of a site, by key, and what is wrong with each entry."""

    path: str
    references: Mapping[str, Reference]  # a `references.References`: each made when first looked up
    # Findings about one entry: errors when a page cites it, warnings when none does.
    entry_findings: Mapping[str, tuple[Diagnostic, ...]] = field(default_factory=dict)
    broken: frozenset[str] = frozenset()  # entries that could not be read: citable, so as not to cascade, never listed
    files: Mapping[str, str] = field(default_factory=dict)  # the file of each key that is not in `path`

    def file_of(self, key: str) -> str:
        """The file that a key's entry is in."""
        return self.files.get(key, self.path)

    def __contains__(self, key: str) -> bool:
        return key in self.references

    def __getitem__(self, key: str) -> Reference:
        return self.references[key]

    def place(self, key: str) -> tuple[int, int]:
        """Where an entry's key is written, without making its reference."""
        return self.references.place(key)


class EntryFindings:
    """Collects the findings about one entry, each at the field it is about."""

    def __init__(self, record: EntryRecord, display: str):
        self.record, self.display = record, display
        self.found: list[Diagnostic] = []

    def add(self, severity: Severity, field_name: str, message: str, hint: str, code: str) -> None:
        self.found.append(Diagnostic(self.display, *self.record.place(field_name), severity,
                                     f"'{self.record.key}' {message}", hint, code))
