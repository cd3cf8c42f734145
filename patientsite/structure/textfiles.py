"""Reading site files as text, and finding where a piece of text sits in them.

Clinic staff save files from many editors: with a byte-order mark, with Windows line
endings, or in Latin-1. All are read as the same clean text, or refused with a message.
"""

from __future__ import annotations

import bisect
import functools
import os
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
        return self._lines.position(offset)

    @functools.cached_property
    def _lines(self) -> LineIndex:
        return LineIndex(self.text)


class LineIndex:
    """Where each line of a text starts, so that an offset's line is found by bisection, not by counting."""

    def __init__(self, text: str):
        self.starts = [0] + [match.end() for match in re.finditer("\n", text)]

    def position(self, offset: int) -> tuple[int, int]:
        """1-based line and column of a character offset."""
        index = bisect.bisect_right(self.starts, offset) - 1
        return index + 1, offset - self.starts[index] + 1


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


def files_below(folder: Path) -> list[tuple[str, Path]]:
    """Every file below ``folder`` (none if it is not a folder), with its path inside it ('a/b.md').

    In the order of their paths' parts, as sorted paths are. Like ``Path.rglob``, it does not
    go into a linked folder or an unreadable one. Made with strings and one ``scandir`` a
    folder: listing a large site's pages with Path objects took longer than reading them.
    """
    found: list[tuple[str, str]] = []

    def scan(directory: str, prefix: str) -> None:
        try:
            with os.scandir(directory) as entries:
                for entry in entries:
                    if entry.is_dir(follow_symlinks=False):
                        scan(entry.path, prefix + entry.name + "/")
                    elif entry.is_file():
                        found.append((prefix + entry.name, entry.path))
        except (PermissionError, FileNotFoundError, NotADirectoryError):
            pass

    scan(str(folder), "")
    found.sort(key=lambda item: item[0].split("/"))
    return [(rel_path, Path(path)) for rel_path, path in found]


def files_inside(files: dict[str, Path], folders: tuple[Path, ...], report) -> dict[str, Path]:
    """The files that really live in one of ``folders``; a symbolic link that leads elsewhere is an error.

    A link in content/ to /etc/passwd, say, would otherwise be published with the site.
    """
    roots = tuple(os.path.join(os.path.realpath(folder), "") for folder in folders)
    folders_resolved: dict[str, str] = {}  # each folder resolved once, not once for every file in it
    kept = {}
    for name, path in files.items():
        # In strings: on a large site, Path objects took a tenth of a second here.
        where = str(path)
        if os.path.islink(where):
            real = os.path.realpath(where)
        else:
            folder, base = os.path.split(where)
            if folder not in folders_resolved:
                folders_resolved[folder] = os.path.realpath(folder)
            real = os.path.join(folders_resolved[folder], base)
        if real.startswith(roots):
            kept[name] = path
        else:
            report.error(path, 1, 1, f"'{report.display_path(path)}' is a link to '{real}', outside the "
                         "site's folder", "copy the file into the site's folder instead of linking to it",
                         code="file.outside")
    return kept


@functools.lru_cache(maxsize=4096)
def snippet_pattern(snippet: str, ignore_case: bool = False) -> re.Pattern[str]:
    """A pattern that finds a snippet even where Markdown has reflowed its whitespace."""
    parts = [re.escape(part) for part in snippet.split()]
    return re.compile(r"\s+".join(parts), re.IGNORECASE if ignore_case else 0)


def find_snippet(text: str, snippet: str, start: int = 0, ignore_case: bool = False) -> int | None:
    """Offset of the first occurrence of a snippet in text at or after ``start``, or None."""
    words = snippet.split()
    if not words:
        return None
    if not ignore_case and snippet[0] == words[0][0] and snippet[-1] == words[-1][-1]:
        offset = text.find(snippet, start)
        if len(words) == 1:  # nothing to reflow: a plain search will do
            return offset if offset >= 0 else None
        # Found as written, and its first word is nowhere earlier: no reflowed copy can come first.
        if offset >= 0 and text.find(words[0], start) == offset:
            return offset
    match = snippet_pattern(snippet, ignore_case).search(text, start)
    return match.start() if match else None
