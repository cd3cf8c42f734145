"""``build`` and ``check``: build the site, report every finding, and write it only when it is good."""

from __future__ import annotations

import sys

from patientsite.build.last_build import record_build, unchanged_build
from patientsite.build.options import BuildOptions
from patientsite.build.output import remove_leftovers
from patientsite.build.search_index import SearchIndexError
from patientsite.commands.findings import cannot_write, counts, print_findings, print_summary, write_step_summary
from patientsite.diagnostics import Report


def run_build(options: BuildOptions, write: bool = True, output_format: str = "text", summary: bool = False) -> int:
    """Build, print findings, and write the output when the build is good. Returns the exit status.

    When nothing the build reads has changed since the last good build and its output is as it
    was written, the build has nothing to do: it shows the same findings and leaves the output.
    """
    say = sys.stderr if output_format == "json" else sys.stdout  # with JSON, stdout carries only the JSON
    out = options.out
    digest, replayed, page_count = unchanged_build(options) if write and not summary else ("", None, 0)
    if replayed is not None:
        remove_leftovers(out)
        print_findings(replayed, output_format)
        shown_out = replayed.display_path(out)
        print(f"built {page_count} pages into {shown_out}/ ({counts(replayed)}; nothing changed since the last build)",
              file=say)
        write_step_summary([], replayed, f"Built {page_count} pages: {counts(replayed)} (nothing changed)")
        return 0
    # The generator itself: loaded only when there is work.
    from patientsite.build.cache import load_cache, save_cache
    from patientsite.build.pipeline import build_in_memory
    from patientsite.build.publish import build_into_folder

    cache = load_cache(options)
    shown_out = Report(options.root).display_path(out)
    try:
        result = build_into_folder(options, cache) if write else build_in_memory(options, cache)
    except (OSError, SearchIndexError) as exc:
        print(cannot_write(exc, shown_out).format(), file=sys.stderr)
        return 1
    finally:
        save_cache(options, cache)  # kept by digest: right whether or not this site went live
    print_findings(result.report, output_format)
    if summary:
        print_summary(result.pages, result.report)
    if result.failed(options.strict):
        reason = " (--strict makes warnings fail the build)" if options.strict and not result.report.errors else ""
        kept = f"; {shown_out}/ was left as it was" if write else ""
        print(f"build failed: {counts(result.report)}{reason}{kept}", file=sys.stderr)
        write_step_summary(result.pages, result.report, f"Build failed: {counts(result.report)}{reason}")
        return 1
    if not write:
        print(f"check passed: {result.page_count} pages, {counts(result.report)}", file=say)
        write_step_summary(result.pages, result.report, f"Check passed: {counts(result.report)}")
        return 0
    record_build(options, digest, result.report, result.page_count)
    print(f"built {result.page_count} pages into {shown_out}/ ({counts(result.report)})", file=say)
    write_step_summary(result.pages, result.report, f"Built {result.page_count} pages: {counts(result.report)}")
    return 0
