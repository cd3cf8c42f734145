"""``build`` and ``check``: build the site, report every finding, and write it only when it is good."""

from __future__ import annotations

import sys
from pathlib import Path

from patientsite.commands.findings import counts, print_findings, print_summary, write_step_summary
from patientsite.diagnostics import Diagnostic, Severity
from patientsite.output import write_site
from patientsite.pipeline import BuildOptions, BuildResult, build_site
from patientsite.search_index import SearchIndexError, build_search_index


def run_build(options: BuildOptions, out: Path, write: bool = True, output_format: str = "text",
              summary: bool = False) -> tuple[int, BuildResult]:
    """Build, print findings, and write the output when the build is good. Returns the exit status."""
    result = build_site(options)
    print_findings(result.report, output_format)
    if summary:
        print_summary(result.pages, result.report)
    # With --format json, stdout carries only the JSON: the closing line goes to stderr.
    say = sys.stderr if output_format == "json" else sys.stdout
    shown_out = result.report.display_path(out)
    if result.failed(options.strict):
        reason = " (--strict makes warnings fail the build)" if options.strict and not result.report.errors else ""
        kept = f"; {shown_out}/ was left as it was" if write else ""
        print(f"build failed: {counts(result.report)}{reason}{kept}", file=sys.stderr)
        write_step_summary(result.pages, result.report, f"Build failed: {counts(result.report)}{reason}")
        return 1, result
    if not write:
        print(f"check passed: {result.page_count} pages, {counts(result.report)}", file=say)
        write_step_summary(result.pages, result.report, f"Check passed: {counts(result.report)}")
        return 0, result
    try:
        write_site(out, result.files, result.copies, build_search_index if result.search else None)
    except OSError as exc:
        error = Diagnostic(shown_out, 1, 1, Severity.ERROR, f"cannot write the site: {exc.strerror or exc}",
                           "check that the folder is writable and the disk is not full; the previous site was kept",
                           "output.write")
        print(error.format(), file=sys.stderr)
        return 1, result
    except SearchIndexError as exc:
        error = Diagnostic(shown_out, 1, 1, Severity.ERROR, f"{exc}; the previous site was kept",
                           "run scripts/setup to install Pagefind, or set 'search: false' in site.yml", "search.index")
        print(error.format(), file=sys.stderr)
        return 1, result
    print(f"built {result.page_count} pages into {shown_out}/ ({counts(result.report)})", file=say)
    write_step_summary(result.pages, result.report, f"Built {result.page_count} pages: {counts(result.report)}")
    return 0, result
