"""``build`` and ``check``: build the site, report every finding, and write it only when it is good."""

from __future__ import annotations

import sys
from pathlib import Path

from patientsite.cache import load_pages, record_build, save_pages, unchanged_build
from patientsite.commands.findings import counts, print_findings, print_summary, write_step_summary
from patientsite.diagnostics import Diagnostic, Severity
from patientsite.options import BuildOptions
from patientsite.output import discard_site, publish_site, remove_leftovers, stage_site
from patientsite.search_index import SearchIndexer, SearchIndexError


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
    from patientsite.pipeline import check_site, make_site  # the generator itself: loaded only when there is work

    cache = load_pages(options, out)
    made = make_site(options, cache)
    shown_out = made.report.display_path(out)
    staged = indexer = None
    try:
        if write and not made.failed_so_far(options.strict):
            # Write the site beside the output and index it for search while the checks run: the
            # index is built by Pagefind's own process, on the core that the checks leave idle.
            staged = stage_site(out, made.files, made.copies)
            indexer = SearchIndexer(staged) if made.site.config.search else None
        result = check_site(made)
        print_findings(result.report, output_format)
        if summary:
            print_summary(result.pages, result.report)
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
        # While Pagefind finishes: the cache is kept by digest, so it stays right whether or not the site goes live.
        save_pages(options, out, cache)
        if indexer is not None:
            indexer.wait()
            indexer = None
        publish_site(staged, out)
        staged = None
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
    finally:
        if indexer is not None:
            indexer.stop()
        if staged is not None:
            discard_site(staged)
    record_build(options, out, digest, result.report, result.page_count)
    print(f"built {result.page_count} pages into {shown_out}/ ({counts(result.report)})", file=say)
    write_step_summary(result.pages, result.report, f"Built {result.page_count} pages: {counts(result.report)}")
    return 0
