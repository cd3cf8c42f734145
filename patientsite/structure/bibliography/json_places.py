"""Where each value of a JSON text is written, so that findings can name its line and column.

Python's json module reads values but keeps no positions, and the libraries on PyPI that
add them either lose repeated keys, leave keys undecoded or are no longer kept. So
`JsonPlaces` walks a text that json has already accepted, with json's own string scanner,
and maps the path of each value (``(3, "author", 0, "family")``) to where it starts.
`syntax_problem` says in plain words what json found wrong with a text it refused.
"""

from __future__ import annotations

import bisect
import json
import re
from json.decoder import scanstring

_SPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()

Path = tuple[str | int, ...]

# json's messages, in the words of someone who exported a file rather than wrote a parser.
_SYNTAX = (
    ("Expecting ',' delimiter", "a comma is missing between two values",
     "separate the items of a list, and the fields of an item, with commas"),
    ("Expecting ':' delimiter", "a ':' is missing after a field's name", 'write each field as "name": value'),
    ("Expecting property name", "a field's name is missing or not in double quotes",
     'write each field as "name": value, with the name in double quotes'),
    ("Expecting value", "a value is missing, or is not JSON (text must be in double quotes)",
     'write text in double quotes, "like this", and numbers as they are'),
    ("Unterminated string", "a text value is not closed", 'end the text with a double quote: "..."'),
    ("Invalid control character", "a text value holds a line break or a tab",
     "write a line break as \\n and a tab as \\t inside the quotes"),
    ("Invalid \\escape", "a backslash starts an escape that JSON does not know", "write a backslash as \\\\"),
    ("Invalid \\u", "a \\u escape is not four hexadecimal digits", "write it as \\u followed by four digits, "
     "such as \\u00e9"),
    ("Extra data", "there is more text after the end of the list", "put every item inside the one list: [ {...}, {...} ]"),
)
_TRAILING_COMMA = ("a comma is left after the last value", "remove the comma before the closing bracket: JSON allows "
                   "none there")


class JsonPlaces:
    """The offset, line and column of every value and key of a valid JSON text, down to ``depth`` levels."""

    def __init__(self, text: str, depth: int):
        self.text = text
        self.values: dict[Path, int] = {}
        self.keys: dict[Path, int] = {}
        self.repeated: list[Path] = []  # keys written twice in one object: json keeps the last
        self._line_starts = [0, *(match.end() for match in re.finditer("\n", text))]
        self._walk(0, (), depth)

    def value(self, path: Path) -> tuple[int, int]:
        """The line and column where the value at ``path`` starts, or its nearest written parent."""
        while path not in self.values and path:
            path = path[:-1]
        return self.position(self.values.get(path, 0))

    def key(self, path: Path) -> tuple[int, int]:
        """The line and column of the key naming the value at ``path``; of the value if it has none."""
        return self.position(self.keys[path]) if path in self.keys else self.value(path)

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._line_starts, offset)
        return line, offset - self._line_starts[line - 1] + 1

    def _walk(self, index: int, path: Path, depth: int) -> int:
        text = self.text
        index = _SPACE.match(text, index).end()
        self.values[path] = index
        opening = text[index]
        if opening == '"':
            return scanstring(text, index + 1)[1]
        if depth == 0 or opening not in "[{":
            return _DECODER.raw_decode(text, index)[1]  # json's own scanner skips what nobody asks about
        closing, position = ("]" if opening == "[" else "}"), 0
        index = _SPACE.match(text, index + 1).end()
        while text[index] != closing:
            step: str | int = position
            if opening == "{":
                key_at = index
                step, index = scanstring(text, index + 1)
                if path + (step,) in self.keys:
                    self.repeated.append(path + (step,))
                self.keys[path + (step,)] = key_at
                index = _SPACE.match(text, index).end() + 1  # past the ':'
            index = _SPACE.match(text, self._walk(index, path + (step,), depth - 1)).end()
            if text[index] == ",":
                index = _SPACE.match(text, index + 1).end()
            position += 1
        return index + 1


def syntax_problem(error: json.JSONDecodeError) -> tuple[str, str]:
    """What is wrong with a text that json refused, and how to put it right."""
    before = error.doc[:error.pos].rstrip()
    if before.endswith(",") and error.doc[error.pos:error.pos + 1] in ("]", "}"):
        return _TRAILING_COMMA
    for start, message, hint in _SYNTAX:
        if error.msg.startswith(start):
            return message, hint
    return error.msg[:1].lower() + error.msg[1:], "check the file with a JSON validator, or export it again"
