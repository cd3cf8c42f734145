"""Placeholders: text a template or a new site leaves for the clinic to fill in.

Two kinds are recognised. A bracketed note such as ``[Clinic name]`` or ``[000 000 0000]``,
which Markdown leaves as it is, and an address at one of the domains that RFC 2606 keeps for
examples (``placeholder@example.org``, ``https://example.com/``), which reaches nobody.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

import yaml

from patientsite.structure.yamldoc import YamlMapping

# A bracketed note of at least three characters, with a letter or a digit: not "[ ]" or "[x]",
# nor a citation such as "[@key]".
BRACKETED = r"\[(?!\s*-?@)(?=[^\[\]\n]*[^\W_])[^\[\]\n]{3,120}\]"
EXAMPLE_ADDRESS = r"(?:[\w.+-]+@|https?://)?(?:[\w-]+\.)*example\.(?:org|com|net)\b[^\s\"'<>]*"
PLACEHOLDER = re.compile(f"{BRACKETED}|{EXAMPLE_ADDRESS}", re.IGNORECASE)


def placeholders_in(text: str) -> Iterator[re.Match[str]]:
    """Every placeholder in a text."""
    return PLACEHOLDER.finditer(text)


def is_placeholder(text: object) -> bool:
    """Whether a value holds a placeholder (the templates' test: a placeholder phone is not made a link)."""
    return isinstance(text, str) and PLACEHOLDER.search(text) is not None


@dataclass(frozen=True)
class Placeholder:
    """A placeholder in site.yml: the setting it is in ('clinic.phone'), its text and its place."""

    setting: str
    text: str
    line: int
    col: int

    @property
    def is_address(self) -> bool:
        return not self.text.startswith("[")


def placeholders_in_settings(mapping: YamlMapping) -> tuple[Placeholder, ...]:
    """The placeholders in a loaded site.yml's values, in the order of the file."""
    found: list[Placeholder] = []
    for name, item in mapping.values.items():
        found.extend(_in_node(item.node, name))
    return tuple(found)


def _in_node(node: yaml.Node, setting: str) -> Iterator[Placeholder]:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield from _in_node(value, f"{setting}.{key.value}")
    elif isinstance(node, yaml.SequenceNode):
        for index, value in enumerate(node.value, 1):
            yield from _in_node(value, f"{setting}[{index}]")
    elif isinstance(node, yaml.ScalarNode) and isinstance(node.value, str):
        for match in placeholders_in(node.value):
            yield Placeholder(setting, match.group(), *_scalar_place(node, match.start()))


def _scalar_place(node: yaml.ScalarNode, offset: int) -> tuple[int, int]:
    """The 1-based line and column of a character of a scalar; its start when it spans lines."""
    line, col = node.start_mark.line + 1, node.start_mark.column + 1
    if node.start_mark.line != node.end_mark.line or node.style in ("|", ">"):
        return line, col
    return line, col + offset + (1 if node.style in ("'", '"') else 0)
