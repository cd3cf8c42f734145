"""``build`` and ``check``: build the site, report every finding, and write it only when it is good."""

from __future__ import annotations

import sys
from pathlib import Path

from patientsite.cache import load_pages, record_build, save_pages, unchanged_build
from patientsite.commands.findings import counts, print_findings, print_summary, write_step_summary
from patientsite.diagnostics import Diagnostic, Severity
from patientsite.options import BuildOptions
from patientsite.output import remove_leftovers, write_site
from patientsite.search_index import SearchIndexError, build_search_index


def run_build(options: BuildOptions, out: Path, write: bool = True, output_format: str = "text",
              summary: bool = False) -> int:
    """Build, print findings, and write the output when the build is good. Returns the exit status.

    When nothing the build reads has changed since the last good build and its output is as it
    was written, the build has nothing to do: it shows the same findings and leaves the output.
    """
    say = sys.stderr if output_format == "json" else sys.stdout  # with JSON, stdout carries only the JSON
    digest, replayed, page_count = unchanged_build(options, out) if write and not summary else ("", None, 0)
    if replayed is not None:
        remove_leftovers(out)
        print_findings(replayed, output_format)
        shown_out = replayed.display_path(out)
        print(f"built {page_count} pages into {shown_out}/ ({counts(replayed)}; nothing changed since the last build)",
              file=say)
        write_step_summary([], replayed, f"Built {page_count} pages: {counts(replayed)} (nothing changed)")
        return 0
    from patientsite.pipeline import build_site  # the generator itself: loaded only when there is work to do

    cache = load_pages(options, out)
    result = build_site(options, cache)
    print_findings(result.report, output_format)
    if summary:
        print_summary(result.pages, result.report)
    shown_out = result.report.display_path(out)
    if result.failed(options.strict):
        reason = " (--strict makes warnings fail the build)" if options.strict and not result.report.errors else ""
        kept = f"; {shown_out}/ was left as it was" if write else ""
        print(f"build failed: {counts(result.report)}{reason}{kept}", file=sys.stderr)
        write_step_summary(result.pages, result.report, f"Build failed: {counts(result.report)}{reason}")
        save_pages(options, out, cache)
        return 1
    if not write:
        save_pages(options, out, cache)
        print(f"check passed: {result.page_count} pages, {counts(result.report)}", file=say)
        write_step_summary(result.pages, result.report, f"Check passed: {counts(result.report)}")
        return 0
    try:
        write_site(out, result.files, result.copies, build_search_index if result.search else None)
    except OSError as exc:
        error = Diagnostic(shown_out, 1, 1, Severity.ERROR, f"cannot write the site: {exc.strerror or exc}",
                           "check that the folder is writable and the disk is not full; the previous site was kept",
                           "output.write")
        print(error.format(), file=sys.stderr)
        return 1
    except SearchIndexError as exc:
        error = Diagnostic(shown_out, 1, 1, Severity.ERROR, f"{exc}; the previous site was kept",
                           "run scripts/setup to install Pagefind, or set 'search: false' in site.yml", "search.index")
        print(error.format(), file=sys.stderr)
        return 1
    save_pages(options, out, cache)  # after writing: the cache points to the pages as written
    record_build(options, out, digest, result.report, result.page_count)
    print(f"built {result.page_count} pages into {shown_out}/ ({counts(result.report)})", file=say)
    write_step_summary(result.pages, result.report, f"Built {result.page_count} pages: {counts(result.report)}")
    return 0
