"""Turning raw BibTeX field values into clean text.

bibtexparser splits the file into entries and fields; this module finishes the job for
one value at a time: ``@string`` macros and ``#`` concatenation, month macros, and
person names, which must be split before their braces are removed so that
``{von Gunten}`` and ``{World Health Organization}`` stay whole. The LaTeX in values
is decoded by `latex`.
"""

from __future__ import annotations

import re

from bibtexparser.middlewares.names import InvalidNameError, parse_single_name_into_parts, split_multiple_persons_names

from patientsite.diagnostics import ValueProblem
from patientsite.structure.bibliography.latex import LatexError, decode_latex, plain_text
from patientsite.structure.bibliography.records import Person

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august",
               "september", "october", "november", "december")



# Name particles, which lead the family name in AMA ("de Geer I"); a lone lower-case letter is an initial.
PARTICLES = frozenset(("de", "da", "das", "do", "dos", "del", "della", "der", "den", "des", "di", "du", "la", "le",
                       "van", "von", "ter", "ten", "zu", "zur", "af", "av", "al", "el", "bin", "ibn", "d'", "'t"))
_RUN_ON_FIELD = re.compile(r'^(?:\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\}|"[^"]*"|\w+)\s+([A-Za-z][\w-]*)\s*=')


class BibValueError(ValueProblem):
    """A BibTeX field value that cannot be read; ``swallowed`` names a field that a missing comma joined to it."""

    def __init__(self, message: str, hint: str = "", swallowed: str = ""):
        super().__init__(message, hint)
        self.swallowed = swallowed


def split_concatenation(raw: str) -> list[str]:
    """Split a value at top-level ``#`` operators, respecting braces and quotes."""
    parts, depth, quoted, start = [], 0, False, 0
    for index, char in enumerate(raw):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == '"' and depth == 0 and (index == 0 or raw[index - 1] != "\\"):
            quoted = not quoted
        elif char == "#" and depth == 0 and not quoted:
            parts.append(raw[start:index].strip())
            start = index + 1
    parts.append(raw[start:].strip())
    return parts


def resolve_value(raw: str, strings: dict[str, str]) -> str:
    """The text of a raw value: enclosing braces or quotes removed, macros expanded."""
    raw = str(raw)
    if raw[:1] == "{" and raw[-1:] == "}" and "#" not in raw and ("=" not in raw or not _RUN_ON_FIELD.match(raw)):
        return raw[1:-1]  # the common case, a value in braces, without walking it
    pieces = []
    for part in split_concatenation(raw):
        run_on = _RUN_ON_FIELD.match(part)
        if run_on:  # bibtexparser reads "journal = {J} year = 2000" as one value
            raise BibValueError(f"a comma is missing before '{run_on.group(1)}'",
                                "separate fields with commas: journal = {J}, year = 2000", run_on.group(1).lower())
        if len(part) >= 2 and (part[0], part[-1]) in (("{", "}"), ('"', '"')):
            pieces.append(part[1:-1])
        elif part.isdigit():
            pieces.append(part)
        elif part.lower() in strings:
            pieces.append(strings[part.lower()])
        elif part.lower()[:3] in MONTHS and part.lower() in (MONTHS + MONTH_NAMES):
            pieces.append(part.lower())
        elif not part:
            raise BibValueError("a value is missing around '#'", "join pieces like this: \"Pain\" # \" Medicine\"")
        else:
            hint = "put text in braces, like {text}, or define the macro with @string{name = {text}}"
            raise BibValueError(f"'{part}' is not defined: it is neither text in braces nor an @string macro", hint)
    return "".join(pieces)


def parse_month(value: str) -> int | None:
    """A month number from 'sep', 'September' or '9'; None when it is not a month."""
    lowered = value.strip().lower().rstrip(".")
    if lowered.isdigit() and 1 <= int(lowered) <= 12:
        return int(lowered)
    if lowered[:3] in MONTHS and (lowered in MONTHS or lowered in MONTH_NAMES):
        return MONTHS.index(lowered[:3]) + 1
    return None


def parse_people(value: str) -> tuple[Person, ...]:
    """Split a BibTeX name list ('A and B and {Org}') into people, then decode each part."""
    people = []
    for name in split_multiple_persons_names(value):
        name = name.strip()
        if not name:
            continue
        if name.lower() == "others":
            people.append(Person(family="others"))
            continue
        try:
            parts = parse_single_name_into_parts(name, strict=True)
        except InvalidNameError as exc:
            raise BibValueError(f"the name '{name}' cannot be read: {exc.reason}",
                              "write names as 'Family, Given' and separate people with 'and'") from exc
        is_organisation = not parts.first and not parts.von and not parts.jr and len(parts.last) == 1 \
            and parts.last[0].startswith("{") and parts.last[0].endswith("}")
        first, von = _trailing_particles(parts.first)
        people.append(Person(
            family=_name_text(" ".join(von + parts.von + parts.last)),
            given=_name_text(" ".join(first)),
            suffix=_name_text(" ".join(parts.jr)),
            is_organisation=is_organisation,
        ))
    return tuple(people)


def _trailing_particles(first: list[str]) -> tuple[list[str], list[str]]:
    """'Geer, Ingrid de' writes the particle after the given name: it belongs before the family name."""
    split = len(first)
    while split > 1 and first[split - 1] in PARTICLES:
        split -= 1
    return first[:split], first[split:]


def _name_text(part: str) -> str:
    try:
        return plain_text(decode_latex(part).html)
    except LatexError as exc:
        raise BibValueError(str(exc), exc.hint) from exc
