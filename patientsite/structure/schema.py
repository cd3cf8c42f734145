"""Declared, self-validating fields for YAML files (``site.yml`` and page front matter).

Each field is declared once, on the record that holds it, with its check, default and help
text, in the way of MkDocs' ``config_options``: ``title: str = setting(text(80), required=True,
help=...)``. `fields_of` reads the declarations back as the table that `validate` checks a
loaded YAML mapping against; validation turns it into plain values and reports every problem
at the line of the field, naming it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Callable, Mapping

from patientsite.diagnostics import Report, ValueProblem, did_you_mean
from patientsite.structure.dates import DateProblem, parse_iso_day
from patientsite.structure.yamldoc import YamlMapping, YamlValue


class FieldError(ValueProblem):
    """A value that does not fit its field."""


@dataclass(frozen=True)
class Field:
    """One declared field: how to check it, whether it is required, and its default."""

    check: Callable[[YamlValue], Any]
    required: bool = False
    default: Any = None
    help: str = ""


# The key under which a record's dataclass field keeps its declaration, in the field's metadata.
DECLARED = "patientsite.schema"


def setting(check: Callable[[YamlValue], Any], *, required: bool = False, default: Any = None,
            help: str = "") -> Any:
    """A record's field that the file sets, declared with its check, default and help text.

    The record must be a ``kw_only`` dataclass, so that a required field (which has no default)
    may come after fields that have one: the order of declaration is the order of messages.
    Every record shares the default, so it must be immutable (a tuple, a frozenset, a MappingProxyType).
    """
    declared = {DECLARED: Field(check, required, default, help)}
    if required:
        return dataclasses.field(metadata=declared)
    if type(default).__hash__ is None:  # a read-only mapping: dataclasses take it only from a factory
        return dataclasses.field(default_factory=lambda: default, metadata=declared)
    return dataclasses.field(default=default, metadata=declared)


def computed(**options: Any) -> Any:
    """A record's field that the file does not set: the loader works it out (``dataclasses.field``'s options)."""
    return dataclasses.field(metadata={DECLARED: None}, **options)


def fields_of(record: type) -> Mapping[str, Field]:
    """The fields a record declares with `setting`, in their order: the table that `validate` checks.

    Every field of the record must be a `setting` or `computed`, so that a field added to the
    record cannot be left out of the file's validation by mistake.
    """
    declared = {}
    for item in dataclasses.fields(record):
        if DECLARED not in item.metadata:
            raise TypeError(f"{record.__name__}.{item.name} is declared with neither schema.setting nor schema.computed")
        if item.metadata[DECLARED] is not None:
            declared[item.name] = item.metadata[DECLARED]
    return MappingProxyType(declared)


def text(max_length: int | None = None, single_line: bool = True) -> Callable[[YamlValue], str]:
    """A text field. The text is taken as written, so ``no`` or ``2020`` stay text."""

    def check(item: YamlValue) -> str:
        raw = item.raw_scalar
        if raw is None:
            raise FieldError("must be text", "write the text after the colon, on the same line")
        value = " ".join(raw.split()) if single_line else raw.strip()
        if not value:
            raise FieldError("must not be empty")
        if max_length is not None and len(value) > max_length:
            raise FieldError(f"is {len(value)} characters long; the limit is {max_length}",
                             "shorten it: search engines cut longer text off")
        return value

    return check


def date(item: YamlValue) -> dt.date:
    """A calendar date written as YYYY-MM-DD."""
    value = item.value
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:  # written in quotes, '2026-11-22' is still a date
            return parse_iso_day(value.strip())
        except DateProblem as exc:
            raise FieldError(f"is '{value.strip()}', a date that does not exist: {exc}",
                             "write the date as YYYY-MM-DD, for example 2026-11-22") from exc
    raise FieldError(f"must be a date written as YYYY-MM-DD, not '{item.raw_scalar or value}'",
                     "for example: 2026-11-22")


def integer(item: YamlValue) -> int:
    """A whole number."""
    if isinstance(item.value, bool) or not isinstance(item.value, int):
        raise FieldError(f"must be a whole number, not '{item.raw_scalar or item.value}'")
    if abs(item.value) > 10**9:
        raise FieldError("is too large")
    return item.value


def number(item: YamlValue) -> float:
    """A number such as 8 or 7.5."""
    if isinstance(item.value, bool) or not isinstance(item.value, (int, float)):
        raise FieldError(f"must be a number, not '{item.raw_scalar or item.value}'")
    return float(item.value)


def choice(*options: str) -> Callable[[YamlValue], str]:
    """One of a few words."""

    def check(item: YamlValue) -> str:
        value = text()(item).lower()
        if value not in options:
            raise FieldError(f"must be one of {', '.join(options)}, not '{value}'", did_you_mean(value, options))
        return value

    return check


def boolean(item: YamlValue) -> bool:
    """true or false."""
    if not isinstance(item.value, bool):
        raise FieldError(f"must be true or false, not '{item.raw_scalar or item.value}'")
    return item.value


def text_list(item: YamlValue) -> tuple[str, ...]:
    """A list of text items, written one per line starting with '- '. A single text is a one-item list."""
    value = item.value
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise FieldError("must be a list", "write each item on its own line, starting with '- '")
    items = []
    for entry in value:
        if isinstance(entry, (dict, list)) or entry is None:
            raise FieldError("must be a list of text items", "write each item on its own line, starting with '- '")
        items.append(" ".join(str(entry).split()))
    return tuple(items)


def slug(item: YamlValue) -> str:
    """A URL segment: lowercase letters, digits and hyphens, optionally in folders."""
    value = text()(item)
    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*(?:/[a-z0-9]+(?:-[a-z0-9]+)*)*", value):
        raise FieldError(f"'{value}' is not a valid slug",
                         "use lowercase letters, digits and hyphens, for example: side-effects")
    return value


def url(item: YamlValue) -> str:
    """An absolute http(s) URL."""
    value = text()(item)
    if not re.match(r"https?://[^\s/]+", value):
        raise FieldError(f"'{value}' is not an http:// or https:// address", "for example: https://clinic.example.org/")
    return value


def reasons(item: YamlValue) -> dict[str, str]:
    """Finding ids, each with the reason it is allowed: 'readability.grade: the glossary needs medical words'."""
    if isinstance(item.value, list):
        raise FieldError("needs a reason for each id", "write it as 'allow:' and, indented below it, "
                         "'readability.grade: the reason'")
    if not isinstance(item.value, dict):
        raise FieldError("must list finding ids with a reason each, indented under 'allow:'")
    allowed = {}
    for code, reason in item.value.items():
        if not re.fullmatch(r"[a-z]+\.[a-z-]+", str(code)):
            raise FieldError(f"'{code}' is not a finding id", "ids look like readability.grade or risk.vague")
        if not isinstance(reason, str) or not reason.strip():
            raise FieldError(f"'{code}' needs a reason", "say why the page may break this rule")
        allowed[str(code)] = reason.strip()
    return allowed


def mapping(item: YamlValue) -> dict[str, Any]:
    """Any mapping of names to values, handed to the templates as it is."""
    if not isinstance(item.value, dict):
        raise FieldError("must be a set of 'name: value' lines, indented under this field")
    return item.value


def list_of_mappings(item: YamlValue) -> tuple[dict[str, Any], ...]:
    """A list of mappings, for example emergency numbers with a label and a number."""
    if not isinstance(item.value, list) or not all(isinstance(v, dict) for v in item.value):
        raise FieldError("must be a list of entries, each starting with '- ' and holding 'name: value' lines")
    return tuple(item.value)


@dataclass
class Validated:
    """The result of validating a mapping: values by field name, and their line numbers."""

    values: dict[str, Any] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)


# The finding ids for each kind of file: an unknown name, a bad value, a missing required name.
IDS = {"frontmatter": ("frontmatter.unknown-field", "frontmatter.invalid", "frontmatter.missing"),
       "config": ("config.unknown-setting", "config.invalid", "config.missing")}


def validate(mapping_: YamlMapping, fields: Mapping[str, Field], report: Report, path: str,
             where: tuple[int, int] = (1, 1), what: str = "field", codes: str = "frontmatter") -> Validated:
    """Check every declared field, warn about unknown ones, and fill in defaults."""
    unknown_id, invalid_id, missing_id = IDS[codes]
    result = Validated()
    for name, item in mapping_.values.items():
        line, col = mapping_.key_positions[name]
        declared = fields.get(name)
        if declared is None:
            report.warning(path, line, col, f"unknown {what} '{name}'",
                           did_you_mean(name, list(fields)) or "known: " + ", ".join(fields), code=unknown_id)
            continue
        result.lines[name] = line
        if item.value is None and not declared.required:
            continue
        try:
            result.values[name] = declared.check(item)
        except FieldError as exc:
            report.error(path, item.line, item.col, f"the {what} '{name}' {exc}", exc.hint or declared.help,
                         code=invalid_id)
    for name, declared in fields.items():
        if name in result.values:
            continue
        if not declared.required:
            result.values[name] = declared.default
        elif name not in result.lines:
            report.error(path, *where, f"the required {what} '{name}' is missing", declared.help,
                         code=missing_id)
    return result
