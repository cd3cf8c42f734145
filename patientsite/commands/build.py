"""``build`` and ``check``: build the site, report every finding, and write it only when it is good."""

from __future__ import annotations

import sys
from pathlib import Path

from patientsite.diagnostics import Diagnostic, Report, Severity
from patientsite.output import write_site
from patientsite.pipeline import BuildOptions, BuildResult, build_site
from patientsite.search_index import SearchIndexError, build_search_index


def print_report(report: Report) -> None:
    for diagnostic in report.sorted():
        print(diagnostic.format(), file=sys.stderr)


def summary(report: Report) -> str:
    errors, warnings = len(report.errors), len(report.warnings)
    return f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"


def run_build(options: BuildOptions, out: Path, write: bool = True) -> tuple[int, BuildResult]:
    """Build, print findings, and write the output when the build is good. Returns the exit status."""
    result = build_site(options)
    print_report(result.report)
    shown_out = result.report.display_path(out)
    if result.failed(options.strict):
        reason = " (--strict makes warnings fail the build)" if options.strict and not result.report.errors else ""
        kept = f"; {shown_out}/ was left as it was" if write else ""
        print(f"build failed: {summary(result.report)}{reason}{kept}", file=sys.stderr)
        return 1, result
    if not write:
        print(f"check passed: {result.page_count} pages, {summary(result.report)}")
        return 0, result
    try:
        write_site(out, result.files, result.copies, build_search_index if result.search else None)
    except OSError as exc:
        error = Diagnostic(shown_out, 1, 1, Severity.ERROR, f"cannot write the site: {exc.strerror or exc}",
                           "check that the folder is writable and the disk is not full; the previous site was kept")
        print(error.format(), file=sys.stderr)
        return 1, result
    except SearchIndexError as exc:
        print(Diagnostic(shown_out, 1, 1, Severity.ERROR, f"{exc}; the previous site was kept").format(), file=sys.stderr)
        return 1, result
    print(f"built {result.page_count} pages into {shown_out}/ ({summary(result.report)})")
    return 0, result
