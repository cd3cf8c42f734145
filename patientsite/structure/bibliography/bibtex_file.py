"""references.bib read into `EntryRecord`s: what a reference manager wrote, decoded and located.

bibtexparser 2 splits the file into blocks. This module says what is wrong with a block it
could not read (in our words, at the line where the mistake is), expands ``@string``
macros, follows BibLaTeX's ``xdata`` and ``crossref`` inheritance, and decodes the LaTeX
of every field that a reference shows.
"""

from __future__ import annotations

import logging
import re

import bibtexparser
from bibtexparser.model import DuplicateBlockKeyBlock, Entry, ParsingFailedBlock

from patientsite.diagnostics import Diagnostic, Severity
from patientsite.structure.bibliography.bibtex_values import BibValueError, resolve_value
from patientsite.structure.bibliography.deferred import DeferredFields, decode_people, decode_text
from patientsite.structure.bibliography.inheritance import inherit
from patientsite.structure.bibliography.records import EntryRecord, LibraryFile

# Fields used as written: identifiers, links and dates.
VERBATIM = frozenset((
    "url", "doi", "eprint", "eprinttype", "archiveprefix", "eprintclass", "primaryclass", "pmid", "pubmed", "pmcid",
    "date", "year", "month", "urldate", "accessed", "lastchecked", "pages", "eid", "langid", "language", "hyphenation",
    "pubstate", "entryset", "crossref", "xdata", "isbn", "issn", "evidence",
))
# Fields that a reference shows, and so must be decoded; the rest (abstract, file, keywords) are never read.
SHOWN = frozenset((
    "title", "subtitle", "titleaddon", "booktitle", "booksubtitle", "booktitleaddon", "maintitle", "mainsubtitle",
    "maintitleaddon", "journaltitle", "journal", "journalsubtitle", "shortjournal", "journalabbrev",
    "journal-abbrev", "journal_abbrev", "publisher", "institution", "school", "organization", "location", "address",
    "series", "edition", "note", "howpublished", "type", "number", "issue", "volume", "volumes", "chapter",
    "version", "eventtitle", "venue", "issuetitle", "issuesubtitle",
))
PEOPLE = ("author", "editor", "translator", "holder")


def read_bibtex(text: str, display: str) -> LibraryFile:
    """Every entry of a .bib file's text, with what is wrong with it; ``display`` names the file in findings."""
    read = _Reader(text, display)
    parsed = read.parse()
    for block in parsed.failed_blocks:
        read.failed_block(block)
    strings = read.strings(parsed.strings)
    raw = {entry.key: read.fields(entry, strings) for entry in parsed.entries}
    entries = {entry.key: entry for entry in parsed.entries}
    for problem in inherit(raw, {key: entry.entry_type.lower() for key, entry in entries.items()}):
        read.entry_error(problem.key, *read.key_place(entries[problem.key]), problem.message, problem.hint,
                         "bibtex.crossref", Severity.WARNING)
    for key, entry in entries.items():
        if entry.entry_type.lower() != "xdata":  # @xdata only lends fields to other entries
            read.file.records.append(read.record(entry, raw[key]))
    return read.file


class _Reader:
    """The state of reading one file: its lines, for locating findings, and what was found."""

    def __init__(self, text: str, display: str):
        self.text, self.display = text, display
        self.lines = text.split("\n")
        self.file = LibraryFile()
        self.unreadable: dict[str, set[str]] = {}

    def parse(self):
        # bibtexparser logs its own account of a failed block to stderr; we give ours instead.
        splitter_log = logging.getLogger("bibtexparser.splitter")
        was_disabled, splitter_log.disabled = splitter_log.disabled, True
        try:
            return bibtexparser.parse_string(self.text, parse_stack=[])
        finally:
            splitter_log.disabled = was_disabled

    def entry_error(self, key: str, line: int, col: int, message: str, hint: str, code: str,
                    severity: Severity = Severity.ERROR) -> None:
        finding = Diagnostic(self.display, line, col, severity, message, hint, code)
        self.file.entry_findings.setdefault(key, []).append(finding)

    def key_place(self, entry) -> tuple[int, int]:
        return key_position(entry.start_line or 0, entry.key, self.lines)

    def failed_block(self, block) -> None:
        if isinstance(block, DuplicateBlockKeyBlock):
            first = key_position(block._previous_block.start_line or 0, block.key, self.lines)[0]
            here = key_position(block.start_line or 0, block.key, self.lines)
            self.entry_error(block.key, *here, f"the key '{block.key}' is used twice: on line {first} and on line "
                             f"{here[0]}", "give each entry its own key, or delete the copy", "bibtex.duplicate")
        elif isinstance(block, ParsingFailedBlock):
            key_match = re.match(r"@\s*(\w+)\s*[{(]\s*([^,\s{}()=]+)", block.raw or "")
            line, col, message, hint = self.explain(block)
            if key_match and key_match.group(1).lower() not in ("string", "comment", "preamble"):
                self.file.broken.add(key_match.group(2))
                self.entry_error(key_match.group(2), line, col, f"'{key_match.group(2)}' cannot be read: {message}",
                                 hint, "bibtex.malformed")
            else:
                self.file.findings.append(Diagnostic(self.display, line, col, Severity.ERROR,
                                                     f"this block cannot be read: {message}", hint, "bibtex.malformed"))

    def explain(self, block: ParsingFailedBlock) -> tuple[int, int, str, str]:
        """Where a block went wrong, and what the author should do, from bibtexparser's reason."""
        reason = getattr(block.error, "abort_reason", "") or str(block.error)
        end = getattr(block.error, "end_index", None)
        start_line = (block.start_line or 0) + 1
        dangling = re.search(r"after entry key `([^`]+)`", reason)
        if "Unexpected block start" in reason or "end of file" in reason:
            last_field = _last_field(block.raw or "")
            if last_field and last_field[2]:
                line, col = self.place_in_block(block, last_field[0])
                return line, col, f"the value of '{last_field[1]}' is not closed", \
                    "close it with the same mark that opens it: a } for {, or a \" for \""
            hint = "end the entry with }"
            if last_field:  # its value may have taken the entry's closing brace
                line = self.place_in_block(block, last_field[0])[0]
                hint = f"add the }} that ends the entry, or the one that ends the value of '{last_field[1]}' (line {line})"
            where = "the end of the file" if "end of file" in reason else "the next one starts"
            return start_line, 1, f"the entry is not closed before {where}", hint
        if dangling:
            line, col = self.place_in_block(block, (block.raw or "").rfind(dangling.group(1)))
            return line, col, f"the field '{dangling.group(1)}' has no '=' and no value", \
                "write it as name = {value}, or delete it"
        if "after entry key" in reason:
            key = re.match(r"@\s*\w+\s*[{(]\s*[^,\s{}()=]+", block.raw or "")
            line, col = self.place_in_block(block, key.end()) if key else (start_line, 1)
            return line, col, "a comma is missing after the key", "write the key and a comma: @article{key, ..."
        if "comma" in reason.lower() or "`,`" in reason or "=" in reason:
            line, col = self.position(end) if end is not None else (start_line, 1)
            return line, col, "a comma is missing between two fields (or a field has no '=')", \
                "separate fields with commas: title = {...}, year = {2004}"
        return start_line, 1, reason.rstrip("."), "check that every { has a matching }, and fields are separated by commas"

    def place_in_block(self, block: ParsingFailedBlock, offset: int) -> tuple[int, int]:
        start = self.text.find(block.raw) if block.raw else -1
        return self.position(start + offset) if start >= 0 else ((block.start_line or 0) + 1, 1)

    def position(self, index: int) -> tuple[int, int]:
        line = self.text.count("\n", 0, index)
        return line + 1, index - (self.text.rfind("\n", 0, index) + 1) + 1

    def strings(self, blocks) -> dict[str, str]:
        strings: dict[str, str] = {}
        for block in blocks:
            try:
                strings[block.key.lower()] = resolve_value(block.value, strings)
            except BibValueError as exc:
                self.file.findings.append(Diagnostic(self.display, (block.start_line or 0) + 1, 1, Severity.ERROR,
                                                     f"@string '{block.key}': {exc}", exc.hint, "bibtex.value"))
        return strings

    def field_place(self, entry: Entry, field_obj) -> tuple[int, int]:
        line = field_obj.start_line if field_obj.start_line is not None else (entry.start_line or 0)
        text = self.lines[line] if line < len(self.lines) else ""
        found = text.find(field_obj.key)
        return line + 1, (found + 1) if found >= 0 else 1

    def fields(self, entry: Entry, strings: dict[str, str]) -> dict[str, tuple[str, tuple[int, int]]]:
        """Each field's text with macros expanded, and where it is written."""
        values = {}
        for field_obj in entry.fields:
            place = self.field_place(entry, field_obj)
            try:
                values[field_obj.key.lower()] = (resolve_value(field_obj.value, strings).strip(), place)
            except BibValueError as exc:
                self.entry_error(entry.key, *place, f"field '{field_obj.key}' of '{entry.key}': {exc}", exc.hint,
                                 "bibtex.value")
                # The field a missing comma swallowed is not reported again as missing.
                self.unreadable.setdefault(entry.key, set()).update({field_obj.key.lower(), exc.swallowed} - {""})
        return values

    def record(self, entry: Entry, values: dict[str, tuple[str, tuple[int, int]]]) -> EntryRecord:
        line, col = self.key_place(entry)
        verbatim = {name: " ".join(value.split()) for name, (value, _) in values.items() if name in VERBATIM}
        text = {name: values[name] for name in values.keys() & SHOWN if values[name][0]}
        people = {name: values[name] for name in values.keys() & PEOPLE if values[name][0]}
        members = tuple(part.strip() for part in verbatim.get("entryset", "").split(",") if part.strip())
        return EntryRecord(entry.key, entry.entry_type.lower(), line, col,
                           DeferredFields(entry.key, text, self.display, self.lines, decode_text), verbatim,
                           DeferredFields(entry.key, people, self.display, self.lines, decode_people),
                           {name: place for name, (_, place) in values.items()}, members,
                           frozenset(self.unreadable.get(entry.key, ())))


def key_position(entry_line: int, key: str, lines: list[str]) -> tuple[int, int]:
    """1-based line and column of an entry's key, from bibtexparser's 0-based start line."""
    for line_no in range(entry_line, min(entry_line + 3, len(lines))):
        line = lines[line_no]
        found = line.find(key) if key else -1
        while found >= 0:
            before = line[:found].rstrip()
            after = line[found + len(key):].lstrip()
            if before[-1:] in ("{", "(") and after[:1] in (",", ""):
                return line_no + 1, found + 1
            found = line.find(key, found + 1)
    return entry_line + 1, 1


def _last_field(raw: str) -> tuple[int, str, bool] | None:
    """The offset and name of the last field that starts at the entry's own level (not inside a value),
    and whether its value is still open at the end of the block."""
    depth, quoted, last, index = 0, False, None, 0
    field_start = re.compile(r"([A-Za-z][\w:.+-]*)\s*=\s*")
    while index < len(raw):
        char = raw[index]
        if char == "\\":
            index += 2
            continue
        if char == '"' and depth == 1:
            quoted = not quoted
        elif char == "{" or (char == "(" and depth == 0):
            depth += 1
        elif char == "}" or (char == ")" and depth == 1):
            depth -= 1
        elif depth == 1 and not quoted and char.isalpha() and not (raw[index - 1].isalnum() or raw[index - 1] in "_:.+-"):
            match = field_start.match(raw, index)
            if match:
                last = (index, match.group(1))
                index = match.end()
                continue
        index += 1
    return (*last, depth > 1 or quoted) if last else None
