"""How findings are shown: as text for people, as JSON for programs, as GitHub annotations in CI,
and as a per-page table for the clinic lead (`check --summary`)."""

from __future__ import annotations

import json
import os
import sys
from typing import TYPE_CHECKING

from patientsite.diagnostics import Diagnostic, Report, Severity

if TYPE_CHECKING:  # the checks are heavy to import, and a build with nothing to do never needs them
    from patientsite.checks import PageSummary

GITHUB_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTICE: "notice"}


def cannot_write(exc: Exception, shown_out: str) -> Diagnostic:
    """The finding for an output folder that could not be written, or a site that could not be indexed.

    ``exc`` is an OSError or the search indexer's SearchIndexError, which is not imported here:
    a build with nothing to do never loads the indexer.
    """
    if not isinstance(exc, OSError):
        return Diagnostic(shown_out, 1, 1, Severity.ERROR, f"{exc}; the previous site was kept",
                          "run scripts/setup to install Pagefind, or set 'search: false' in site.yml", "search.index")
    return Diagnostic(shown_out, 1, 1, Severity.ERROR, f"cannot write the site: {exc.strerror or exc}",
                      "check that the folder is writable and the disk is not full; the previous site was kept",
                      "output.write")


def counts(report: Report) -> str:
    """'2 errors, 1 warning, 13 notices, 1 silenced'."""
    parts = []
    for label, number in (("error", len(report.errors)), ("warning", len(report.warnings)),
                          ("notice", len(report.notices)), ("silenced", len(report.silenced))):
        if number or label in ("error", "warning"):
            plural = "s" if number != 1 and label != "silenced" else ""
            parts.append(f"{number} {label}{plural}")
    return ", ".join(parts)


def print_findings(report: Report, output_format: str = "text") -> None:
    """Print every finding: text on stderr, or JSON on stdout; plus GitHub annotations under GitHub Actions."""
    findings = report.sorted()
    if output_format == "json":
        json.dump({"findings": [_as_dict(d) for d in findings], "silenced": [_as_dict(d) for d in report.silenced]},
                  sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        for line in _text_lines(findings):
            print(line, file=sys.stderr)
    if os.environ.get("GITHUB_ACTIONS") == "true":
        for finding in findings:
            print(github_annotation(finding))


def _text_lines(findings: list[Diagnostic]) -> list[str]:
    """Each finding as text; a notice that many pages share, word for word, is given once, with its pages."""
    notices: dict[tuple[str, str, str], list[Diagnostic]] = {}
    for finding in findings:
        if finding.severity is Severity.NOTICE:
            notices.setdefault(_shared(finding), []).append(finding)
    lines = [f.format() for f in findings if f.severity is not Severity.NOTICE or len(notices[_shared(f)]) < 3]
    for (code, _, _), group in notices.items():
        if len(group) >= 3:
            first = group[0]
            lines.append(f"notice: {len(group)} files: {first.message} [{code}]\n    "
                         + "\n    ".join(f"{f.path}:{f.line}:{f.col}" for f in group)
                         + (f"\n    hint: {first.hint}" if first.hint else ""))
    return lines


def _shared(finding: Diagnostic) -> tuple[str, str, str]:
    return finding.code, finding.message, finding.hint


def github_annotation(finding: Diagnostic) -> str:
    """A workflow command that GitHub shows on the line of the pull request's file."""
    message = finding.message + (f" Hint: {finding.hint}" if finding.hint else "")
    message = message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    title = f",title={finding.code}" if finding.code else ""
    return (f"::{GITHUB_LEVELS[finding.severity]} file={finding.path},line={finding.line},col={finding.col}"
            f"{title}::{message}")


def summary_rows(pages: list[PageSummary], report: Report) -> list[tuple[str, ...]]:
    """A row for every page: reading grade, words, citations (and per 100 words: about 2.5, one in 40 words,
    reads well), review status and findings; a heading row first."""
    by_path: dict[str, int] = {}
    for finding in report.diagnostics:
        if finding.severity is not Severity.NOTICE:
            by_path[finding.path] = by_path.get(finding.path, 0) + 1
    several = any(page.language for page in pages)
    # A site in several languages: each page's language, whether it is a translation and how current,
    # and its readability by its language's formula.
    rows = [("Page", *(("Language", "Translation") if several else ()), "Readability" if several else "Grade (FK/SMOG)",
             "Words", "Citations", "Per 100 words", "Review", "Findings")]
    for page in pages:
        score = page.readability
        grade = score.shown() if score else "-"
        review = f"reviewed by {page.reviewed_by}" if page.reviewed_by else "awaiting review"
        words = score.words if score else 0
        density = f"{100 * page.citations / words:.1f}" if words else "-"
        rows.append((page.path, *((page.language, page.translation) if several else ()), grade, str(words),
                     str(page.citations), density,
                     f"{review}, next {page.next_review.isoformat()}", str(by_path.get(page.path, 0))))
    return rows


def print_summary(pages: list[PageSummary], report: Report) -> None:
    """The summary as a plain-text table."""
    rows = summary_rows(pages, report)
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for index, row in enumerate(rows):
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False)).rstrip())
        if index == 0:
            print("  ".join("-" * width for width in widths))


def write_step_summary(pages: list[PageSummary], report: Report, outcome: str) -> None:
    """Under GitHub Actions, the outcome, every error and warning, and the summary table on the run's page."""
    path = os.environ.get("GITHUB_STEP_SUMMARY")
    if not path:
        return
    lines = [f"## {outcome}", ""]
    problems = [f for f in report.sorted() if f.severity is not Severity.NOTICE]
    lines += [f"- **{f.severity.value}** `{f.path}:{f.line}:{f.col}`: {_markdown(f.message)}"
              + (f" ({_markdown(f.hint)})" if f.hint else "") for f in problems] or ["No errors or warnings."]
    rows = summary_rows(pages, report)
    if len(rows) > 1:
        lines += ["", "| " + " | ".join(rows[0]) + " |", "|" + "---|" * len(rows[0])]
        lines += ["| " + " | ".join(_markdown(cell) for cell in row) + " |" for row in rows[1:]]
    with open(path, "a", encoding="utf-8") as summary:
        summary.write("\n".join(lines) + "\n")


def _markdown(text: str) -> str:
    """Text that cannot break out of a Markdown table cell or start markup."""
    return text.replace("|", "\\|").replace("<", "&lt;").replace("\n", " ")


def _as_dict(finding: Diagnostic) -> dict:
    return {"path": finding.path, "line": finding.line, "col": finding.col, "severity": finding.severity.value,
            "id": finding.code, "message": finding.message, "hint": finding.hint}
