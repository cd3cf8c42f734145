"""Loading a YAML mapping safely, keeping where each key stands and how each value was written.

Positions let every message name the line of the field at fault. Keeping the raw text of
each scalar lets a text field keep what the author typed: a title of ``no`` stays "no"
rather than turning into ``False``, as YAML 1.1 would have it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

from patientsite.diagnostics import ContentError, Diagnostic, Severity

# libyaml's parser, ten times faster, where PyYAML was built with it (its wheels are).
FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_data(text: str) -> Any:
    """Load a YAML document as plain data, with libyaml where it can. Raises yaml.YAMLError from the
    pure-Python parser, whose messages say more than libyaml's."""
    try:
        return yaml.load(text, Loader=FAST_LOADER)
    except yaml.YAMLError:
        return yaml.safe_load(text)


@dataclass(frozen=True)
class YamlValue:
    """One value of a mapping: the loaded value, the node it came from, and its position."""

    value: Any
    node: yaml.Node
    line: int
    col: int

    @property
    def raw_scalar(self) -> str | None:
        """The text as written, for a plain or quoted scalar; None for lists and mappings."""
        return self.node.value if isinstance(self.node, yaml.ScalarNode) else None


@dataclass(frozen=True)
class YamlMapping:
    """A loaded mapping; keys keep their order in the file."""

    values: dict[str, YamlValue]
    key_positions: dict[str, tuple[int, int]]


def load_mapping(text: str, display: str, first_line: int = 1) -> YamlMapping:
    """Load text that must be a YAML mapping. ``first_line`` is where the text starts in its file."""
    # YAML refuses control characters (and reports them before reading anything else).
    control = re.search(r"[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\U00010000-\U0010FFFF]", text)
    if control:
        line = text.count("\n", 0, control.start()) + first_line
        col = control.start() - (text.rfind("\n", 0, control.start()) + 1) + 1
        raise ContentError(Diagnostic(display, line, col, Severity.ERROR,
                                      f"the YAML holds the control character U+{ord(control.group()):04X}",
                                      "delete it: it is invisible in most editors, so retype the line", "yaml.syntax"))
    try:
        return _load_mapping(FAST_LOADER, text, display, first_line)
    except ContentError:
        # libyaml's messages are terser than the pure-Python parser's: ask that one what is wrong.
        return _load_mapping(yaml.SafeLoader, text, display, first_line)


def _load_mapping(loader_class: type, text: str, display: str, first_line: int) -> YamlMapping:
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return YamlMapping({}, {})
        if not isinstance(node, yaml.MappingNode):
            raise ContentError(Diagnostic(
                display, node.start_mark.line + first_line, node.start_mark.column + 1, Severity.ERROR,
                "expected fields written as 'name: value', one per line",
                "write each field on its own line, as 'name: value'", "yaml.syntax",
            ))
        return _mapping_from_node(loader, node, display, first_line)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line if mark else 0) + first_line
        col = (mark.column if mark else 0) + 1
        problem = exc.problem or exc.context or "invalid YAML"
        if "'\\t'" in problem:
            problem = "a tab is used to indent"
        raise ContentError(Diagnostic(
            display, line, col, Severity.ERROR, f"the YAML cannot be read: {problem}", _syntax_hint(text, mark),
            "yaml.syntax",
        )) from exc
    except yaml.YAMLError as exc:
        raise ContentError(Diagnostic(display, first_line, 1, Severity.ERROR, f"the YAML cannot be read: {exc}",
                                      "write plain 'name: value' fields", "yaml.syntax")) from exc
    except RecursionError as exc:
        raise ContentError(Diagnostic(display, first_line, 1, Severity.ERROR, "the YAML is nested too deeply",
                                      "write plain 'name: value' fields and simple lists", "yaml.syntax")) from exc
    finally:
        loader.dispose()


def _syntax_hint(text: str, mark: yaml.Mark | None) -> str:
    """How to fix a YAML syntax error; the specific fix when a value starts with a character YAML reserves."""
    lines = text.split("\n")
    line = lines[mark.line] if mark and mark.line < len(lines) else ""
    value = line[mark.column:] if mark else ""
    if "\t" in line[:mark.column + 1 if mark else 0] or value[:1] == "\t":
        return "indent with spaces, not tabs: YAML does not allow a tab here; replace it with two spaces"
    if value[:1] in ("@", "`"):
        # A key point that starts "@key says ..." or "[@key] found ..." is the usual case: a citation
        # is not YAML. In the second, the value starts at the '[', which YAML took for a list.
        start = mark.column
        before = line[:start].rstrip()
        if before.endswith("[") and before[:-1].rstrip().endswith(("-", ":")):
            start = len(before) - 1
        return (f"YAML does not allow a value to start with '{line[start:start + 2].strip()}': put the whole value "
                f"in quotes, as in {line[:start].lstrip()}{_quoted(line[start:].rstrip())}")
    field = re.match(r"(\s*(?:- )?[\w-]+:\s+)(\S.*?)\s*$", line)
    if field and ": " in field.group(2) and mark and mark.column >= len(field.group(1)):
        # "description: Note: what this covers" - the second ':' makes YAML read a field inside a field.
        return (f"text with ': ' in it must be in quotes, as in "
                f"{field.group(1).lstrip()}{_quoted(field.group(2))}")
    return "check indentation and put text that contains ':' or starts with a special character in quotes"


def _quoted(value: str) -> str:
    """The value as a YAML quoted scalar: in double quotes unless it needs escapes there."""
    if '"' in value or "\\" in value:
        return "'" + value.replace("'", "''") + "'"
    return f'"{value}"'


def _mapping_from_node(loader, node: yaml.MappingNode, display: str, first_line: int) -> YamlMapping:
    values: dict[str, YamlValue] = {}
    positions: dict[str, tuple[int, int]] = {}
    for key_node, value_node in node.value:
        line, col = key_node.start_mark.line + first_line, key_node.start_mark.column + 1
        if not isinstance(key_node, yaml.ScalarNode):
            raise ContentError(Diagnostic(display, line, col, Severity.ERROR, "a field name must be plain text",
                                          "write the field as 'name: value'", "yaml.syntax"))
        key = str(key_node.value)
        if key in values:
            first = positions[key][0]
            raise ContentError(Diagnostic(display, line, col, Severity.ERROR,
                                          f"the field '{key}' is given twice (first on line {first})",
                                          "keep one of them", "yaml.duplicate-field"))
        try:
            value = loader.construct_object(value_node, deep=True)
        except ValueError:
            # PyYAML reads 2026-13-01 as a timestamp and fails: the field's check says what is wrong with it.
            value = value_node.value if isinstance(value_node, yaml.ScalarNode) else None
        positions[key] = (line, col)
        values[key] = YamlValue(value, value_node, value_node.start_mark.line + first_line,
                                value_node.start_mark.column + 1)
    return YamlMapping(values, positions)
