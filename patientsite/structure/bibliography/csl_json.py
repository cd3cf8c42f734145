"""references.json read into `EntryRecord`s: CSL-JSON, as Zotero exports it and pandoc reads it.

Each item becomes a record in BibLaTeX's names, so that `entries.make_reference` makes its
reference exactly as it does for references.bib: CSL's item types become BibLaTeX's entry
types, its variables BibLaTeX's fields, its names `Person`s and its dates ISO 8601
(`csl_values`). Every finding names the line and column of the item's id, or of the value
that it is about (`json_places`). As for .bib, a problem with one item is kept beside it
and is an error only if a page cites the item.

Zotero keeps fields it has no place for in "Extra", which it exports as the note:
``PMID: 25575710`` or ``{:original-date: 1900}`` lines at the note's start. pandoc's
citeproc and citeproc-js read those lines as variables, and so does this reader; a
variable the item has itself comes first. Our own ``evidence`` may be given as an item's
"evidence", or as an ``evidence: randomized trial`` line anywhere in its note.
"""

from __future__ import annotations

import dataclasses
import json
import re

from markupsafe import Markup

from patientsite.diagnostics import Diagnostic, Severity, did_you_mean
from patientsite.structure.bibliography.csl_values import CslProblem, csl_date, people, rich_text, shape, text_value
from patientsite.structure.bibliography.json_places import JsonPlaces, syntax_problem
from patientsite.structure.bibliography.records import EntryRecord, LibraryFile, Person

# Array, item, variable, a name or a date's parts, and a name's part: every place a finding names.
DEPTH = 4
TYPES = {
    "article-journal": "article", "article-magazine": "article", "article-newspaper": "article",
    "book": "book", "collection": "collection", "periodical": "periodical", "pamphlet": "booklet",
    "chapter": "incollection", "paper-conference": "inproceedings",
    "entry-encyclopedia": "inreference", "entry-dictionary": "inreference",
    "thesis": "thesis", "report": "report", "patent": "patent",
    "webpage": "online", "post": "online", "post-weblog": "online",
    "dataset": "dataset", "software": "software", "manuscript": "unpublished", "standard": "standard",
    "legislation": "legislation", "bill": "legislation", "regulation": "legislation", "legal_case": "jurisdiction",
}
# CSL 1.0.2's other item types: a reference shows them as it shows a BibLaTeX @misc.
OTHER_TYPES = frozenset((
    "article", "broadcast", "classic", "document", "entry", "event", "figure", "graphic", "hearing", "interview",
    "map", "motion_picture", "musical_score", "performance", "personal_communication", "review", "review-book",
    "song", "speech", "treaty",
))
CHAPTERS = frozenset(("incollection", "inproceedings", "inreference"))
# Variables, by their lower-case names (citeproc compares names so), and the BibLaTeX field each becomes.
TEXT = {"title": "title", "publisher-place": "location", "edition": "edition", "volume": "volume",
        "collection-title": "series", "genre": "type", "container-title-short": "shortjournal",
        "journalabbreviation": "shortjournal"}
VERBATIM = {"doi": "doi", "pmid": "pmid", "pmcid": "pmcid", "url": "url", "page": "pages", "language": "langid",
            "status": "pubstate", "evidence": "evidence"}
DATES = {"issued": "date", "accessed": "urldate"}
NAMES = {"author": "author", "editor": "editor", "inventor": "author"}
VERBATIM_FIELDS = frozenset((*VERBATIM.values(), *DATES.values()))
LABELS = {"issued": "issued date", "accessed": "accessed date", "container-title": "container-title"}
JSON_HINTS = {  # make_reference's hints speak BibTeX; these say the same in CSL-JSON
    "has no title": 'add "title": "..." to the item',
    "has no year or date": 'add "issued": {"date-parts": [[2004]]}; for a source that shows no date, write '
                           '"issued": {"literal": "n.d."}',
}
_NOTE_FIELD = re.compile(r"[ \t]*(?:\{:([A-Za-z][A-Za-z-]*):[ \t]*([^}\n]*)\}|([A-Za-z][A-Za-z-]*):(?!//)"
                         r"[ \t]*([^\n]*))[ \t]*(?:\n|$)")
_ESCAPED_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_EVIDENCE_LINE = re.compile(r"^[ \t]*evidence:[ \t]*(.*?)[ \t]*(?:\n|$)", re.IGNORECASE | re.MULTILINE)


def read_csl_json(text: str, display: str) -> LibraryFile:
    """Every item of a CSL-JSON file's text, with what is wrong with it; ``display`` names the file in findings."""
    read = LibraryFile()
    if not text.strip():
        return read
    try:
        items = _without_lone_surrogates(json.loads(text), text)
    except json.JSONDecodeError as exc:
        message, hint = syntax_problem(exc)
        read.findings.append(Diagnostic(display, exc.lineno, exc.colno, Severity.ERROR,
                                        f"this is not valid JSON: {message}", hint, "csljson.syntax"))
        return read
    except (RecursionError, ValueError) as exc:  # nested past Python's limit; a number of thousands of digits
        what = "is nested too deeply" if isinstance(exc, RecursionError) else "holds a number too long"
        read.findings.append(Diagnostic(display, 1, 1, Severity.ERROR, f"this JSON {what} to read",
                                        "export the library again as CSL JSON", "csljson.syntax"))
        return read
    reader = _Reader(display, JsonPlaces(text, DEPTH), read)
    if not isinstance(items, list):
        reader.file_error((), f"the file holds {shape(items)}, not a list of items",
                          "export the library as CSL JSON, which is a list: [ {...}, {...} ]", "csljson.syntax")
        return read
    for index, item in enumerate(items):
        reader.item(index, item)
    return read


def in_json_terms(found: list[Diagnostic], read: list[Diagnostic]) -> list[Diagnostic]:
    """`make_reference`'s findings about an item, with hints in CSL-JSON's words; ``read``: the reader's own."""
    date_reported = any(finding.code == "bibtex.date" for finding in read)
    reworded = []
    for finding in found:
        ending = next((end for end in JSON_HINTS if finding.message.endswith(end)), None)
        if finding.code == "bibtex.incomplete" and ending:
            if ending == "has no year or date" and date_reported:
                continue  # the reader said what is wrong with the date
            finding = dataclasses.replace(finding, hint=JSON_HINTS[ending])
        reworded.append(finding)
    return reworded


class _Reader:
    """The state of reading one file: where its values are, the ids seen so far, and what was found."""

    def __init__(self, display: str, places: JsonPlaces, read: LibraryFile):
        self.display, self.places, self.read = display, places, read
        self.seen: dict[str, int] = {}
        self.repeated: dict[int, list[str]] = {}  # each item's variables written twice
        for path in places.repeated:
            if len(path) == 2 and isinstance(path[0], int) and isinstance(path[1], str):
                self.repeated.setdefault(path[0], []).append(path[1])

    def file_error(self, path: tuple, message: str, hint: str, code: str) -> None:
        self.read.findings.append(Diagnostic(self.display, *self.places.value(path), Severity.ERROR, message, hint,
                                             code))

    def item(self, index: int, item: object) -> None:
        if not isinstance(item, dict):
            self.file_error((index,), f"item {index + 1} of the list is {shape(item)}, not an item",
                            'write each item as an object: {"id": "smith2004", "type": "article-journal", ...}',
                            "bibtex.malformed")
            return
        key = item.get("id")
        key = str(key) if isinstance(key, int) and not isinstance(key, bool) else key
        if not isinstance(key, str) or not key.strip():
            what = "has no id" if key is None else f"has the id {shape(key)}, which cannot be cited"
            self.file_error((index, "id") if "id" in item else (index,), f"item {index + 1} of the list {what}",
                            'give it an "id", the key that pages cite it with: "id": "smith2004" for [@smith2004]',
                            "bibtex.malformed")
            return
        key = key.strip()
        line, col = self.places.value((index, "id"))
        if key in self.seen:
            _Item(self, key, index).error((index, "id"), f"the key '{key}' is used twice: on line {self.seen[key]} "
                                          f"and on line {line}", "give each item its own id, or delete the copy",
                                          "bibtex.duplicate")
            return
        self.seen[key] = line
        found = _Item(self, key, index)
        self.read.records.append(found.record(item, line, col))
        for name in self.repeated.get(index, ()):
            found.error((index, name), f"'{key}' has \"{name}\" twice; the second is used",
                        "delete the one you do not mean", "bibtex.value", Severity.WARNING)


class _Item:
    """One item's fields as they are made into BibLaTeX's, with where each is written."""

    def __init__(self, reader: _Reader, key: str, index: int):
        self.reader, self.key, self.index = reader, key, index
        self.text: dict[str, Markup] = {}
        self.verbatim: dict[str, str] = {}
        self.people: dict[str, tuple[Person, ...]] = {}
        self.places: dict[str, tuple[int, int]] = {}

    def error(self, path: tuple, message: str, hint: str, code: str, severity: Severity = Severity.ERROR) -> None:
        finding = Diagnostic(self.reader.display, *self.reader.places.value(path), severity, message, hint, code)
        self.reader.read.entry_findings.setdefault(self.key, []).append(finding)

    def record(self, item: dict, line: int, col: int) -> EntryRecord:
        entry_type = self.entry_type(item)
        variables = {name.lower(): (name, value) for name, value in item.items() if value is not None}
        for lowered, (name, value) in variables.items():
            self.add(lowered, value, (self.index, name), entry_type)
        if isinstance(item.get("note"), str):
            self.add_note(item["note"], variables, entry_type)
        if "author" not in self.people and "inventor" in variables:
            self.people["author"] = self.people.pop("inventor", ())
        self.people.pop("inventor", None)
        return EntryRecord(self.key, entry_type, line, col, self.text, self.verbatim, self.people, self.places)

    def entry_type(self, item: dict) -> str:
        csl_type = item.get("type")
        if isinstance(csl_type, str) and (csl_type in TYPES or csl_type in OTHER_TYPES):
            return TYPES.get(csl_type, "misc")
        path = (self.index, "type") if "type" in item else (self.index, "id")
        if csl_type is None:
            message, hint = "has no type", 'add one, such as "type": "article-journal", "book", "report" or "webpage"'
        else:
            written = f"'{csl_type}'" if isinstance(csl_type, str) else shape(csl_type)
            message = f"has the type {written}, which CSL does not define"
            hint = did_you_mean(str(csl_type), [*TYPES, *OTHER_TYPES]) or \
                'use a CSL type, such as "article-journal", "book", "chapter", "report" or "webpage"'
        self.error(path, f"'{self.key}' {message}; it is shown as a source of no particular type", hint,
                   "bibtex.type", Severity.WARNING)
        return "misc"

    def add(self, name: str, value: object, path: tuple, entry_type: str) -> None:
        """One variable, as the BibLaTeX field it becomes; one of the wrong shape is an error at it."""
        field = self.field_name(name, entry_type)
        if field is None:
            return
        try:
            if name in NAMES:
                self.people[name if name == "inventor" else field] = people(value)
            elif name in DATES:
                written = self.date(name, csl_date(value))
                if not written:
                    return
                self.verbatim[field] = written
            elif field in VERBATIM_FIELDS:
                self.verbatim[field] = " ".join(text_value(value).split())
            else:
                self.text[field] = rich_text(text_value(value))
        except CslProblem as exc:
            code = "bibtex.name" if name in NAMES else "bibtex.date" if name in DATES else "bibtex.value"
            self.error(path + exc.at, f"the {LABELS.get(name, name)} of '{self.key}' {exc}", exc.hint, code)
            return
        self.places[field] = self.reader.places.value(path)

    def field_name(self, name: str, entry_type: str) -> str | None:
        if name == "container-title":
            return "booktitle" if entry_type in CHAPTERS else "journaltitle"
        if name == "publisher":
            return "institution" if entry_type in ("report", "thesis") else "publisher"
        if name == "issue":
            return "number" if entry_type == "article" else "issue"
        if name == "number":
            return None if entry_type == "article" else "number"  # an article's number is its id in the journal
        return TEXT.get(name) or VERBATIM.get(name) or DATES.get(name) or NAMES.get(name)

    def date(self, name: str, written: str) -> str:
        """An access date must be a whole day (its time is dropped); a publication date was checked as it was read."""
        if name != "accessed" or not written:
            return written
        written = written.split("T")[0]
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", written):
            raise CslProblem(f"is '{written}', not a whole day",
                             'write the day you read it: "accessed": {"date-parts": [[2024, 3, 17]]}')
        return written

    def add_note(self, note: str, variables: dict[str, tuple[str, object]], entry_type: str) -> None:
        """The variables in a note's `name: value` lines, for those the item lacks; the rest is the note."""
        fields, rest = note_fields(note)
        path = (self.index, variables["note"][0])
        for name, value in fields.items():
            if name not in variables and name not in NAMES and name != "note":
                self.add(name, value, path, entry_type)
        if rest:
            self.text["note"] = rich_text(rest)
            self.places["note"] = self.reader.places.value(path)


def _without_lone_surrogates(data: object, text: str) -> object:
    """The data with each half of a broken surrogate pair (json reads "\\ud800") made U+FFFD, which a UTF-8
    file or terminal can hold; a text without such an escape has none."""
    if not _ESCAPED_SURROGATE.search(text):
        return data
    if isinstance(data, str):
        return _LONE_SURROGATE.sub("\ufffd", data)
    if isinstance(data, list):
        return [_without_lone_surrogates(value, text) for value in data]
    if isinstance(data, dict):
        return {_without_lone_surrogates(key, text): _without_lone_surrogates(value, text) for key, value in data.items()}
    return data


def note_fields(note: str) -> tuple[dict[str, str], str]:
    """The `name: value` lines at the start of a note, by lower-case name, and the rest of the note.

    An `evidence:` line counts wherever it is, since no reference manager knows it."""
    fields: dict[str, str] = {}
    note = note.replace("\r\n", "\n")
    index = 0
    while index < len(note) and (match := _NOTE_FIELD.match(note, index)):
        name, value = (match[1], match[2]) if match[1] else (match[3], match[4])
        fields[name.lower()] = value.strip()
        index = match.end()
    rest = note[index:]
    evidence = _EVIDENCE_LINE.search(rest)
    if evidence and "evidence" not in fields:
        fields["evidence"] = evidence[1]
        rest = rest[:evidence.start()] + rest[evidence.end():]
    return fields, rest.strip()
