"""A library's references, each made from its entry when it is first used.

Reading an entry is cheap; decoding its LaTeX and names is not. A page's citations and
the Sources page use only the entries that pages cite, so the thousands of other entries
of an exported library are checked (`entries.check_entry`) but never decoded.
"""

from __future__ import annotations

import dataclasses
from typing import Iterator, Mapping

from markupsafe import Markup

from patientsite.diagnostics import Diagnostic
from patientsite.structure.bibliography.deferred import deferred_findings
from patientsite.structure.bibliography.entries import make_reference
from patientsite.structure.bibliography.records import EntryRecord, Reference


class References(Mapping):
    """References by key, each made on first lookup; an @set is made from its members."""

    def __init__(self, records: dict[str, EntryRecord], display: str, evidence_labels: Mapping[str, str],
                 broken: frozenset[str] = frozenset()):
        self.records, self.display, self.evidence_labels, self.broken = records, display, dict(evidence_labels), broken
        self.made: dict[str, Reference] = {}

    def __getitem__(self, key: str) -> Reference:
        reference = self.made.get(key)
        if reference is None:
            if key not in self.records:
                if key not in self.broken:
                    raise KeyError(key)
                # An entry that could not be read: citable, so that its citations give no second error.
                reference = Reference(key=key, kind="misc", line=0, col=0, authors=(), editors=(), title=Markup(key))
            else:
                reference = self._make(self.records[key])
            self.made[key] = reference
        return reference

    def __iter__(self) -> Iterator[str]:
        return iter([*self.records, *(self.broken - self.records.keys())])

    def __len__(self) -> int:
        return len(self.records) + len(self.broken - self.records.keys())

    def __contains__(self, key: object) -> bool:
        return key in self.records or key in self.broken

    def place(self, key: str) -> tuple[int, int]:
        record = self.records[key]
        return record.line, record.col

    def decoding_findings(self, key: str) -> list[Diagnostic]:
        """What decoding an entry (and, for a set, its members) found: the entry is made if it was not."""
        if key not in self.records:
            return []
        reference = self[key]
        records = [self.records[key], *(self.records[member.key] for member in reference.members)]
        return deferred_findings(*(fields for record in records for fields in (record.text, record.people)))

    def _make(self, record: EntryRecord) -> Reference:
        reference = make_reference(record, self.display, self.evidence_labels)
        if not record.members:
            return reference
        members = tuple(self[key] for key in record.members if key in self.records and not self.records[key].members)
        first = members[0] if members else None
        return dataclasses.replace(reference, kind="set", members=members,
                                   title=first.title if first else Markup(record.key),
                                   year=first.year if first else "", date_shown=first.date_shown if first else "")
