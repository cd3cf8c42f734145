#!/usr/bin/env python3
"""Where a cold build's CPU time goes, per page: Python-Markdown, Pagefind, and ours (the rest).

Usage: python bench/split.py [N] [--kind tidy|untidy] [--runs R]

It builds the benchmark corpus (bench/corpus.py) cold in one process (``--jobs 1``), with and
without the search index, and times Python-Markdown alone on the same pages, with the extensions
the site uses (``extra``, ``admonition``, ``sane_lists`` and the table of contents) and none of
ours. Pagefind's share is the difference the search index makes; ours is what is left. Each
figure is the median of R runs, in CPU milliseconds per page (user + system, child processes
included).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import corpus

PROJECT = Path(__file__).resolve().parent.parent


def build_cpu(root: Path, search: bool) -> float:
    """CPU seconds of one cold build in one process, its children (Pagefind) included."""
    settings = root / "site.yml"
    kept = settings.read_text(encoding="utf-8")
    if not search:
        settings.write_text(kept + "search: false\n", encoding="utf-8")
    shutil.rmtree(root / "_site", ignore_errors=True)
    shutil.rmtree(root / ".cache", ignore_errors=True)
    try:
        process = subprocess.Popen([sys.executable, str(PROJECT / "build.py"), "--root", str(root), "--jobs", "1"],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(process.pid, 0)
        if status != 0:
            sys.exit(f"the build of {root} failed")
        return usage.ru_utime + usage.ru_stime
    finally:
        settings.write_text(kept, encoding="utf-8")


def markdown_cpu(root: Path) -> float:
    """CPU seconds of Python-Markdown alone on every page's key points and body, one instance reset between pages."""
    from markdown import Markdown

    sys.path.insert(0, str(PROJECT))
    from patientsite.markup.convert import MARKDOWN_EXTENSIONS

    texts = []
    for path in sorted((root / "content").glob("*.md")):
        _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
        texts.append([line.strip()[3:-1] for line in front.splitlines() if line.startswith("  - ")] + [body])
    md = Markdown(extensions=[*MARKDOWN_EXTENSIONS, "toc"], output_format="html")
    start = time.process_time()
    for page in texts:
        md.reset()
        for text in page:
            md.convert(text)
    return time.process_time() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("size", nargs="?", type=int, default=1000)
    parser.add_argument("--kind", choices=corpus.KINDS, default="tidy")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    base = Path(tempfile.mkdtemp(prefix="patientsite-split-"))
    try:
        root = base / "site"
        corpus.write_site(root, args.size, kind=args.kind)
        whole = statistics.median(build_cpu(root, search=True) for _ in range(args.runs))
        no_search = statistics.median(build_cpu(root, search=False) for _ in range(args.runs))
        markdown = statistics.median(markdown_cpu(root) for _ in range(args.runs))
    finally:
        shutil.rmtree(base, ignore_errors=True)
    per_page = 1000 / args.size
    rows = {"whole cold build, one process": whole, "Pagefind (the search index's share)": whole - no_search,
            "Python-Markdown alone": markdown, "ours: everything else": no_search - markdown}
    print(f"N = {args.size:,} pages, {args.kind} corpus, median of {args.runs} runs, CPU ms per page")
    print(f"| {'Part':<38} | {'ms a page':>9} |")
    print(f"|{'-' * 40}|{'-' * 11}|")
    for name, seconds in rows.items():
        print(f"| {name:<38} | {seconds * per_page:>9.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
