"""Diagnostics: the one error type of the project, and the collector that gathers them.

Every problem the generator finds in a site's files is a `Diagnostic` with a path, a
1-based line and column, a message and, where it helps, a hint. The command line prints
them as ``path:line:col: error: message``, a form that editors and CI annotate.
"""

from __future__ import annotations

import difflib
import functools
import os
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from patientsite.codes import CODES


class Severity(str, Enum):
    """How much a finding matters: errors stop a build, warnings stop a --strict one, notices never do."""

    ERROR = "error"
    WARNING = "warning"
    NOTICE = "notice"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One finding about one place in one file."""

    path: str
    line: int
    col: int
    severity: Severity
    message: str
    hint: str
    code: str  # an id from patientsite/codes.py, explained in docs/errors.md

    def __post_init__(self) -> None:
        if self.code not in CODES:
            raise ValueError(f"the finding id {self.code!r} is not in patientsite/codes.py")

    def format(self) -> str:
        """Render as ``path:line:col: severity: message`` with the hint on its own line."""
        text = f"{self.path}:{self.line}:{self.col}: {self.severity.value}: {self.message}"
        if self.code:
            text += f" [{self.code}]"
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text


class ValueProblem(ValueError):
    """A value that cannot be used, with a hint for the author; the caller adds the place."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.hint = hint


class ContentError(Exception):
    """Raised to stop a stage when a site file cannot be used at all."""

    def __init__(self, diagnostic: Diagnostic):
        super().__init__(diagnostic.format())
        self.diagnostic = diagnostic

    def __reduce__(self):  # so that it survives the trip back from a worker process
        return ContentError, (self.diagnostic,)


@dataclass
class Report:
    """Collects diagnostics from every stage of a build, in a stable order."""

    root: Path
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # Warnings and notices that a page has silenced with 'allow:' in its front matter, by path.
    allowed: dict[str, frozenset[str]] = field(default_factory=dict)
    silenced: list[Diagnostic] = field(default_factory=list)

    def display_path(self, path: Path | str) -> str:
        """The path as the user should see it: relative to the site folder when inside it."""
        return _display_path(str(path), str(self.root), os.getcwd())

    def add(self, severity: Severity, path: Path | str, line: int, col: int, message: str,
            hint: str = "", *, code: str) -> None:
        diagnostic = Diagnostic(self.display_path(path), max(line, 1), max(col, 1), severity, message, hint, code)
        if severity is not Severity.ERROR and code in self.allowed.get(diagnostic.path, ()):
            self.silenced.append(diagnostic)
        else:
            self.diagnostics.append(diagnostic)

    def allow(self, path: Path | str, codes: frozenset[str]) -> None:
        """Silence these warning and notice ids for one file (a page's 'allow:' field)."""
        self.allowed[self.display_path(path)] = codes

    def error(self, path: Path | str, line: int, col: int, message: str, hint: str = "", *, code: str) -> None:
        self.add(Severity.ERROR, path, line, col, message, hint, code=code)

    def warning(self, path: Path | str, line: int, col: int, message: str, hint: str = "", *, code: str) -> None:
        self.add(Severity.WARNING, path, line, col, message, hint, code=code)

    def notice(self, path: Path | str, line: int, col: int, message: str, hint: str = "", *, code: str) -> None:
        self.add(Severity.NOTICE, path, line, col, message, hint, code=code)

    def extend(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics.extend(diagnostics)

    def fails(self, strict: bool) -> bool:
        """Whether what was found fails the build: any error, or under ``--strict`` any warning too."""
        return bool(self.errors or (strict and self.warnings))

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.WARNING]

    @property
    def notices(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.NOTICE]

    def sorted(self) -> list[Diagnostic]:
        """Diagnostics ordered by file and position, duplicates removed."""
        return sorted(set(self.diagnostics))


def did_you_mean(word: str, candidates: list[str] | set[str] | tuple[str, ...], n: int = 3) -> str:
    """A ``did you mean 'x'?`` hint naming the nearest candidates, or an empty string."""
    matches = difflib.get_close_matches(word, sorted(candidates), n=n, cutoff=0.6)
    if not matches:
        lowered = {c.lower(): c for c in candidates}
        if word.lower() in lowered:
            matches = [lowered[word.lower()]]
    if not matches:
        return ""
    return "did you mean " + " or ".join(f"'{m}'" for m in matches) + "?"


@functools.lru_cache(maxsize=1 << 16)  # a page's findings name its file again and again; a site may have thousands
def _display_path(path: str, root: str, cwd: str) -> str:
    """``cwd`` is in the cache's key because a relative path depends on it."""
    # The path itself first, so that a symbolic link is shown where it is, not where it leads;
    # resolving links costs a system call for each part of the path, so only when needed.
    inside, absolute_path = os.path.join(os.path.abspath(root), ""), os.path.abspath(path)
    if absolute_path.startswith(inside):  # the common case, in plain string work
        return absolute_path[len(inside):].replace(os.sep, "/")
    if not os.path.isabs(path) and ".." not in path.split(os.sep) and not path.startswith("."):
        # A path as shown already ('content/a.md', as a page's findings name it; the build gives
        # every other path whole), when the build runs from a folder other than the site's. Resolved
        # from here it cost a system call for each of its parts, for every page (a third of a
        # millisecond each), to give back the same text.
        return path.replace(os.sep, "/")
    absolute, base = Path(absolute_path), Path(os.path.abspath(root))
    if not absolute.is_relative_to(base):
        absolute, base = Path(path).resolve(), Path(root).resolve()
    return absolute.relative_to(base).as_posix() if absolute.is_relative_to(base) else str(Path(path))
