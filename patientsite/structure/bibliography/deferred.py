"""Fields decoded when they are first read, so that a library's uncited entries cost almost nothing.

A clinic exports its whole reference library, thousands of entries, and cites a hundred.
Decoding LaTeX and splitting names is most of the cost of reading an entry, so a BibTeX
entry's text and people are `DeferredFields`: a mapping that decodes a field when it is
first looked up, and keeps what was wrong with it (an unknown command, a name that cannot
be split) in `found`, located at the field.
"""

from __future__ import annotations

import re
from typing import Callable, Iterator, Mapping

from markupsafe import Markup

from patientsite.diagnostics import Diagnostic, Severity
from patientsite.structure.bibliography.bibtex_values import BibValueError, parse_people
from patientsite.structure.bibliography.latex import LatexError, decode_latex


class DeferredFields(Mapping):
    """An entry's raw field values, decoded on first use by ``decode``; findings are kept in ``found``."""

    def __init__(self, key: str, raw: dict[str, tuple[str, tuple[int, int]]], display: str, lines: list[str],
                 decode: Callable[[DeferredFields, str, str, tuple[int, int]], object]):
        self.key, self.raw, self.display, self.lines, self.decode = key, raw, display, lines, decode
        self.decoded: dict[str, object] = {}
        self.found: list[Diagnostic] = []

    def __getitem__(self, name: str):
        if name not in self.decoded:
            value, place = self.raw[name]
            self.decoded[name] = self.decode(self, name, value, place)
        return self.decoded[name]

    def __contains__(self, name: object) -> bool:  # without decoding, unlike Mapping's own
        return name in self.raw

    def __iter__(self) -> Iterator[str]:
        return iter(self.raw)

    def __len__(self) -> int:
        return len(self.raw)

    def report(self, place: tuple[int, int], severity: Severity, message: str, hint: str, code: str) -> None:
        self.found.append(Diagnostic(self.display, *place, severity, message, hint, code))

    def __getstate__(self):  # the decoding function is one of this module's, named so that it can be pickled
        return {**self.__dict__, "decode": self.decode.__name__}

    def __setstate__(self, state):
        self.__dict__.update(state, decode=globals()[state["decode"]])


def decode_text(fields: DeferredFields, name: str, value: str, place: tuple[int, int]) -> Markup:
    """A text field as safe HTML; an unknown LaTeX command is a warning at the line that uses it."""
    try:
        decoded = decode_latex(value)
    except LatexError as exc:
        fields.report(place, Severity.ERROR, f"the {name} of '{fields.key}': {exc}", exc.hint, "bibtex.value")
        return decode_latex(re.sub(r"[\\{}$]", "", value)).html
    for command in decoded.unknown:
        fields.report(_command_place(fields.lines, command, place), Severity.WARNING,
                      f"the {name} of '{fields.key}' uses the LaTeX command \\{command}, which cannot be shown; "
                      "its text is shown without it", "write the character itself (Unicode), or remove the command",
                      "bibtex.latex")
    return decoded.html


def decode_people(fields: DeferredFields, name: str, value: str, place: tuple[int, int]):
    """A name list split into people; a list that cannot be split is an error at its field."""
    try:
        return parse_people(value)
    except BibValueError as exc:
        fields.report(place, Severity.ERROR, f"the {name} of '{fields.key}': {exc}", exc.hint, "bibtex.name")
        return ()


def _command_place(lines: list[str], command: str, place: tuple[int, int]) -> tuple[int, int]:
    for line_no in range(place[0] - 1, min(place[0] + 20, len(lines))):
        found = lines[line_no].find("\\" + command)
        if found >= 0:
            return line_no + 1, found + 1
    return place


def deferred_findings(*mappings: Mapping) -> list[Diagnostic]:
    """What decoding these fields found so far; plain mappings (from a reader that decodes at once) found nothing."""
    return [finding for mapping in mappings for finding in getattr(mapping, "found", ())]
