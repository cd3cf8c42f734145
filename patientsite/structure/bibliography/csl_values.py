"""CSL-JSON values made into what the BibTeX reader gives: safe HTML, `Person`s and ISO 8601 dates.

CSL's rich text is a small HTML of its own (citeproc-js's "markup" page lists it): ``<i>``,
``<b>``, ``<sup>``, ``<sub>``, ``<span style="font-variant:small-caps;">`` and
``<span class="nocase">``. The first four are kept as elements; the spans only change case
or style, so their text is kept without them; anything else, ``<`` and ``&`` included, is
text. A value of the wrong shape is a `CslProblem`, which names where inside the value it is.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

from patientsite.diagnostics import ValueProblem
from patientsite.structure.bibliography.latex import plain_text
from patientsite.structure.bibliography.records import Person
from patientsite.structure.dates import DateProblem, parse_date

_TAG = re.compile(r'<(/?)(i|b|sup|sub|span)(\s+(?:class="nocase"|style="[^"<>]*"))?\s*>')
_SPACES = re.compile(r"\s+")
_UNPADDED = re.compile(r"\b(\d{4})-(\d{1,2})\b(?:-(\d{1,2})\b)?")
# What a date may say instead of a date, as BibLaTeX writes it in `date` or `pubstate`.
NOT_DATES = frozenset(("n.d.", "nd", "n.d", "no date", "nodate", "undated", "in press", "inpress", "forthcoming",
                       "submitted", "prepublished"))
DATE_HINT = 'write the date as "date-parts": [[2004, 3, 17]] (year, month and day as numbers), or a range as ' \
            '[[1984], [1986]]'
NAME_PARTS = ("family", "given", "suffix", "literal", "dropping-particle", "non-dropping-particle")


class CslProblem(ValueProblem):
    """A value that cannot be used, and the path inside it to the part that is wrong."""

    def __init__(self, message: str, hint: str, at: tuple[str | int, ...] = ()):
        super().__init__(message, hint)
        self.at = at


def rich_text(value: str) -> Markup:
    """CSL rich text as safe HTML: <i>, <b>, <sup> and <sub> kept when they open and close in turn."""
    out: list[str] = []
    opened: list[tuple[str, int]] = []  # each open element's name and where its tag is in ``out``
    end = 0
    for match in _TAG.finditer(value):
        out.append(str(escape(value[end:match.start()])))
        end = match.end()
        closing, name, attribute = match.group(1) == "/", match.group(2), match.group(3)
        out.append(str(escape(match.group(0))))  # text, unless its element turns out to be whole
        if not closing and (name == "span") == bool(attribute):
            opened.append((name, len(out) - 1))
        elif closing and not attribute and opened and opened[-1][0] == name:
            _, at = opened.pop()
            out[at], out[-1] = ("", "") if name == "span" else (f"<{name}>", f"</{name}>")
    out.append(str(escape(value[end:])))
    return Markup(_SPACES.sub(" ", "".join(out)).strip())


def text_value(value: object) -> str:
    """A text or number variable's value as text; raises `CslProblem` for a list, an object or true/false."""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(int(value)) if float(value).is_integer() else str(value)
    raise CslProblem(f"is {shape(value)}, not text", 'write it in double quotes: "..."')


def people(value: object) -> tuple[Person, ...]:
    """A CSL name list: a list of objects with family and given names, or a literal for an organisation."""
    if not isinstance(value, list):
        raise CslProblem(f"is {shape(value)}, not a list of names",
                         'write a list of names: [{"family": "Smith", "given": "Jane"}, {"literal": "World Health '
                         'Organization"}]')
    return tuple(_person(name, index) for index, name in enumerate(value))


def _person(name: object, index: int) -> Person:
    if not isinstance(name, dict):
        raise CslProblem(f"has a name that is {shape(name)}, not an object", 'write each name as {"family": "Smith", '
                         '"given": "Jane"}, or an organisation as {"literal": "World Health Organization"}', (index,))
    parts = {}
    for part in NAME_PARTS:
        if name.get(part) is not None:
            if not isinstance(name[part], str):
                raise CslProblem(f"has a {part} name that is {shape(name[part])}, not text",
                                 'write the name in double quotes: "Smith"', (index, part))
            parts[part] = plain_text(rich_text(name[part]))
    if parts.get("literal"):
        return Person(family=parts["literal"], is_organisation=True)
    if not parts.get("family") and parts.get("given"):  # one name only, such as Plato
        parts["family"], parts["given"] = parts["given"], ""
    if not parts.get("family"):
        raise CslProblem("has a name with neither a family name nor a literal",
                         'give each name a "family" (and "given"), or write an organisation as '
                         '{"literal": "World Health Organization"}', (index,))
    particles = " ".join(parts[p] for p in ("dropping-particle", "non-dropping-particle") if parts.get(p))
    joiner = "" if particles[-1:] in ("'", "\u2019", "-") else " "  # d'Alembert, al-Farabi
    return Person(family=particles + joiner + parts["family"] if particles else parts["family"],
                  given=parts.get("given", ""), suffix=parts.get("suffix", ""))


def csl_date(value: object) -> str:
    """A CSL date as BibLaTeX writes it: "2004-03-17", "1984/1986", "1850~"; "" for an empty one.

    Raises `CslProblem` for a date of the wrong shape or one that does not exist."""
    if isinstance(value, str):
        return _written_date(value, ())
    if not isinstance(value, dict):
        raise CslProblem(f"is {shape(value)}, not a date", DATE_HINT)
    if value.get("date-parts") is not None:
        written = _date_parts(value["date-parts"])
    else:
        key = next((key for key in ("raw", "edtf", "literal") if value.get(key) is not None), None)
        if key is None:
            return ""
        if not isinstance(value[key], str):
            raise CslProblem(f"has a {key} that is {shape(value[key])}, not text", DATE_HINT, (key,))
        written = _written_date(value[key], (key,))
    circa = value.get("circa")
    if written and circa and str(circa).lower() not in ("0", "false") and written.lower() not in NOT_DATES:
        written = "/".join(part + "~" for part in written.split("/"))
    return written


def _date_parts(parts: object) -> str:
    if not isinstance(parts, list) or not 1 <= len(parts) <= 2 or not all(isinstance(p, list) for p in parts):
        raise CslProblem("has date-parts that are not one or two lists of numbers", DATE_HINT, ("date-parts",))
    ends = []
    for index, part in enumerate(parts):
        numbers = [number for number in part if number not in ("", None)]  # Zotero writes [[""]] for no date
        if not numbers:
            continue
        if len(numbers) > 3 or not all(_is_number(number) for number in numbers):
            bad = next((number for number in numbers if not _is_number(number)), None)
            what = f"hold {shape(bad)}, not a number" if bad is not None else "have more than year, month and day"
            raise CslProblem(f"has date-parts that {what}", DATE_HINT, ("date-parts", index))
        year, *rest = (int(number) for number in numbers)
        ends.append(f"{year:04d}" + "".join(f"-{number:02d}" for number in rest))
        _check(ends[-1], ("date-parts", index))
    written = "/".join(ends)
    if written:
        _check(written, ("date-parts",))
    return written


def _written_date(text: str, at: tuple[str | int, ...]) -> str:
    """A date written as text, as BibLaTeX would write it: "2004-3-7" becomes "2004-03-07"."""
    text = " ".join(text.split())
    if not text or text.lower() in NOT_DATES:
        return text
    written = _UNPADDED.sub(lambda m: m[1] + f"-{int(m[2]):02d}" + (f"-{int(m[3]):02d}" if m[3] else ""), text)
    written = re.sub(r"\s*/\s*", "/", written)
    _check(written, at)
    return written


def _check(written: str, at: tuple[str | int, ...]) -> None:
    try:
        parse_date(written)
    except DateProblem as exc:
        raise CslProblem(f"is '{written}', which is not a date" if str(exc) == "this is not a date"
                         else f"is '{written}': {exc}", DATE_HINT, at) from exc


def _is_number(value: object) -> bool:
    return (isinstance(value, int) and not isinstance(value, bool)) or \
        (isinstance(value, str) and value.isascii() and value.isdigit())


def shape(value: object) -> str:
    """What a JSON value is, in words: "a list", "an object", "true"."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return {list: "a list", dict: "an object", str: f"the text '{value}'", type(None): "null"}.get(
        type(value), f"the number {value}")
