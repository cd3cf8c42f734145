"""Reading site files as text, and finding where a piece of text sits in them.

Clinic staff save files from many editors: with a byte-order mark, with Windows line
endings, or in Latin-1. All are read as the same clean text, or refused with a message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from patientsite.diagnostics import ContentError, Diagnostic, Severity


@dataclass(frozen=True)
class TextFile:
    """A file's text with ``\\n`` line endings, and the path it is shown under."""

    path: Path
    display: str
    text: str

    def position(self, offset: int) -> tuple[int, int]:
        """1-based line and column of a character offset."""
        line = self.text.count("\n", 0, offset) + 1
        col = offset - (self.text.rfind("\n", 0, offset) + 1) + 1
        return line, col


def read_text(path: Path, display: str) -> TextFile:
    """Read a UTF-8 text file, dropping a BOM and normalising line endings."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ContentError(Diagnostic(display, 1, 1, Severity.ERROR, f"cannot read the file: {exc.strerror}",
                                      "check that the file exists and that you may read it", "file.unreadable")) from exc
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ContentError(Diagnostic(
            display, line, col, Severity.ERROR,
            "the file is not UTF-8 text (it may have been saved as Latin-1 or Windows-1252)",
            "save the file again with the encoding 'UTF-8' (most editors offer it under 'Save as')", "file.encoding",
        )) from exc
    if "\x00" in text:
        offset = text.index("\x00")
        line, col = TextFile(path, display, text).position(offset)
        raise ContentError(Diagnostic(display, line, col, Severity.ERROR,
                                      "the file contains a NUL character; it is not a text file",
                                      "save it again as plain text, or move it out of the site's folders", "file.binary"))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return TextFile(path, display, text)


def snippet_pattern(snippet: str) -> re.Pattern[str]:
    """A pattern that finds a snippet even where Markdown has reflowed its whitespace."""
    parts = [re.escape(part) for part in snippet.split()]
    return re.compile(r"\s+".join(parts))


def find_snippet(text: str, snippet: str, occurrence: int = 0, start: int = 0) -> int | None:
    """Offset of the n-th (0-based) occurrence of a snippet in text, or None."""
    if not snippet.strip():
        return None
    matches = list(snippet_pattern(snippet).finditer(text, start))
    if not matches:
        return None
    return matches[min(occurrence, len(matches) - 1)].start()
