#!/usr/bin/env python3
"""Benchmark: build a synthetic site of N pages and print the time, pages per second and peak memory.

Usage: python benchmarks/bench.py [N ...] [--runs R] [--keep DIR]

Each page has about 800 words in 6-8 sections, a table, lists, links to other pages and
5-10 citations; references.bib has N/5 entries. Each build runs the real command line in
a fresh process, from scratch, and the median of R runs is printed.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
WORDS = ("pain relief nerve study people dose infusion doctor treatment week month trial review evidence "
         "side effect clinic patient medicine blood pressure sleep mood body signal brain spinal cord").split()


def sentence(rng: random.Random, keys: list[str]) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 16))]
    text = " ".join(words).capitalize()
    if keys and rng.random() < 0.12:
        cited = rng.sample(keys, rng.randint(1, 3))
        text += " [" + "; ".join("@" + k for k in cited) + "]"
    return text + "."


def make_page(index: int, n_pages: int, keys: list[str], rng: random.Random) -> str:
    """About 800 words in 6-8 sections, with a table, lists, cross-links and 5-10 citations."""
    cited = rng.sample(keys, min(len(keys), rng.randint(5, 10)))
    lines = ["---", f"title: Page {index}", f"description: Synthetic page {index} for the benchmark.",
             "last_reviewed: 2026-01-01", f"order: {index}", "key_points:",
             f"  - A key point with a source [@{cited[0]}].", "---", ""]
    for section in range(rng.randint(6, 8)):
        lines += [f"## Section {section + 1}", ""]
        lines += [" ".join(sentence(rng, cited) for _ in range(rng.randint(5, 7))), ""]
        if section == 1:
            lines += ["| Study | People | Result |", "|---|---|---|"]
            lines += [f"| Trial {r} | {rng.randint(10, 200)} [@{rng.choice(cited)}] | {rng.choice(WORDS)} |"
                      for r in range(4)] + [""]
        if section == 2:
            lines += [f"- {sentence(rng, [])}" for _ in range(4)] + [""]
        if section == 3:
            other = rng.randrange(n_pages)
            lines += [f"See [page {other}](p{other}.md#section-1) and [the home page](index.md).", ""]
    lines += [f"Sources used here [@{'; @'.join(cited)}].", ""]
    return "\n".join(lines)


def make_site(root: Path, n_pages: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    (root / "content").mkdir(parents=True)
    (root / "site.yml").write_text("title: Benchmark\nclinic:\n  name: Benchmark clinic\n", encoding="utf-8")
    keys = [f"ref{i}" for i in range(max(10, n_pages // 5))]
    bib = [f"@article{{{k},\n  author = {{Author, A. and Other, B.}},\n  title = {{Study {k}}},\n"
           f"  journal = {{Journal}},\n  year = {{20{rng.randint(10, 25)}}},\n  volume = {{{rng.randint(1, 99)}}},\n"
           f"  pages = {{1--10}},\n  evidence = {{randomized trial}}\n}}\n" for k in keys]
    (root / "references.bib").write_text("\n".join(bib), encoding="utf-8")
    for index in range(n_pages):
        name = "index.md" if index == 0 else f"p{index}.md"
        (root / "content" / name).write_text(make_page(index, n_pages, keys, rng), encoding="utf-8")
    # Every page must be reachable by its link: p0 is the home page.
    for page in (root / "content").glob("*.md"):
        page.write_text(page.read_text(encoding="utf-8").replace("(p0.md", "(index.md"), encoding="utf-8")


def timed_build(root: Path) -> tuple[float, float]:
    """Wall seconds and peak memory (MB) of one clean build in a fresh process."""
    shutil.rmtree(root / "_site", ignore_errors=True)
    # Findings go to a file: a pipe that nobody reads fills up and stops the build.
    with tempfile.TemporaryFile() as findings:
        start = time.perf_counter()
        process = subprocess.Popen([sys.executable, str(PROJECT / "build.py"), "--root", str(root)],
                                   stdout=subprocess.DEVNULL, stderr=findings)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        if status != 0:
            findings.seek(0)
            sys.exit(f"the benchmark build failed:\n{findings.read().decode()[-2000:]}")
    return elapsed, usage.ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[100, 1000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="generate the sites in this folder and keep them")
    args = parser.parse_args()
    base = args.keep or Path(tempfile.mkdtemp(prefix="patientsite-bench-"))
    print(f"{'pages':>7} {'seconds':>9} {'pages/s':>9} {'peak MB':>9}")
    try:
        for n_pages in args.sizes:
            root = base / f"site-{n_pages}"
            if not root.exists():
                make_site(root, n_pages)
            runs = [timed_build(root) for _ in range(args.runs)]
            seconds = statistics.median(r[0] for r in runs)
            peak = max(r[1] for r in runs)
            print(f"{n_pages:>7} {seconds:>9.2f} {n_pages / seconds:>9.0f} {peak:>9.0f}")
    finally:
        if args.keep is None:
            shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
