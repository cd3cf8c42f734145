"""Placeholders: text a template or a new site leaves for the clinic to fill in.

Two kinds are recognised. A bracketed note such as ``[Clinic name]`` or ``[000 000 0000]``,
which Markdown leaves as it is, and an address at one of the domains that RFC 2606 keeps for
examples (``placeholder@example.org``, ``https://example.com/``), which reaches nobody.
"""

from __future__ import annotations

import html
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
    if "[" not in text and "example." not in text.lower():
        return iter(())  # most texts: the pattern would try an address at every word, a millisecond a page
    return PLACEHOLDER.finditer(text)


def marked_html(text: str) -> str:
    """The text as HTML, each placeholder in it in a ``<mark class="placeholder">``, as pages show it."""
    pieces, position = [], 0
    for match in placeholders_in(text):
        pieces += [html.escape(text[position:match.start()]),
                   f'<mark class="placeholder">{html.escape(match.group())}</mark>']
        position = match.end()
    return "".join(pieces) + html.escape(text[position:])


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
    path: str = "site.yml"  # or a language's texts, site.fr.yml

    @property
    def is_address(self) -> bool:
        return not self.text.startswith("[")


def placeholders_in_settings(mapping: YamlMapping, text: str = "") -> tuple[Placeholder, ...]:
    """The placeholders in a loaded site.yml's values, in the order of the file (``text``, where a
    placeholder in a value of several lines is found at its own line)."""
    lines = text.split("\n")
    found: list[Placeholder] = []
    for name, item in mapping.values.items():
        found.extend(_in_node(item.node, name, lines))
    return tuple(found)


def _in_node(node: yaml.Node, setting: str, lines: list[str]) -> Iterator[Placeholder]:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield from _in_node(value, f"{setting}.{key.value}", lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, value in enumerate(node.value, 1):
            yield from _in_node(value, f"{setting}[{index}]", lines)
    elif isinstance(node, yaml.ScalarNode) and isinstance(node.value, str):
        for match in placeholders_in(node.value):
            yield Placeholder(setting, match.group(), *_scalar_place(node, match.group(), match.start(), lines))


def _scalar_place(node: yaml.ScalarNode, placeholder: str, offset: int, lines: list[str]) -> tuple[int, int]:
    """The 1-based line and column of a placeholder in a scalar. In a scalar of several lines, it
    is found by its first word in the scalar's lines; failing that, the scalar's start."""
    line, col = node.start_mark.line + 1, node.start_mark.column + 1
    if node.start_mark.line == node.end_mark.line and node.style not in ("|", ">"):
        return line, col + offset + (1 if node.style in ("'", '"') else 0)
    first_word = placeholder.split()[0]
    for number in range(node.start_mark.line, min(node.end_mark.line + 1, len(lines))):
        column = lines[number].find(first_word, col if number == node.start_mark.line else 0)
        if column >= 0:
            return number + 1, column + 1
    return line, col
