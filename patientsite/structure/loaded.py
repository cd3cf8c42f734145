"""What a loader gives back: what it read, and what it found wrong on the way."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from patientsite.diagnostics import Diagnostic, Report

T = TypeVar("T")


@dataclass(frozen=True)
class Loaded(Generic[T]):
    """A loader's result with its findings, which the caller adds to its own report.

    A loader keeps its findings rather than writing them into the caller's report, so that
    they can be kept with the result (the build's cache replays them when it reuses it).
    """

    value: T
    findings: tuple[Diagnostic, ...] = ()

    def report_to(self, report: Report) -> T:
        """Add the findings to ``report``, and give back the value."""
        report.extend(list(self.findings))
        return self.value
