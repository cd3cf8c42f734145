"""Shared helpers: fixture sites copied into temporary folders, and the command line run for real."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# Script-injection vectors after the OWASP XSS Filter Evasion Cheat Sheet, one a line (tests/data/xss_vectors.txt).
XSS_VECTORS = [line for line in (FIXTURES.parent / "data" / "xss_vectors.txt").read_text().splitlines()
               if line and not line.startswith("#")]

# Tests that use these fixtures need a real outside program (Chromium, nginx): they are marked
# 'browser', and `scripts/test --fast` leaves them out. Tests that need one another way (the Nu
# HTML Checker) carry the mark themselves.
OUTSIDE_PROGRAM_FIXTURES = {"browser", "nginx"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if OUTSIDE_PROGRAM_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)


SITE_YML = """\
title: Test site
clinic:
  name: Test Clinic
"""


def page(title: str = "A page", body: str = "Text.", **fields: str) -> str:
    """The text of a page with valid front matter; extra fields are added as written."""
    lines = [f"title: {title}", "description: A test page.", "last_reviewed: 2026-11-01"]
    lines += [f"{name}: {value}" for name, value in fields.items()]
    return "---\n" + "\n".join(lines) + "\n---\n\n" + textwrap.dedent(body)


def make_site(root: Path, pages: dict[str, str], bib: str = "", site_yml: str = SITE_YML) -> Path:
    """Write a minimal site: site.yml, references.bib and the given pages under content/."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "site.yml").write_text(site_yml, encoding="utf-8")
    (root / "references.bib").write_text(textwrap.dedent(bib), encoding="utf-8")
    for name, text in pages.items():
        path = root / "content" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def run_cli(*args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run ``build.py`` as a user would, in a separate process."""
    return subprocess.run([sys.executable, str(PROJECT / "build.py"), *map(str, args)], cwd=cwd or PROJECT,
                          capture_output=True, text=True, timeout=120, env={**os.environ, **(env or {})})


@pytest.fixture
def basic_site(tmp_path: Path) -> Path:
    """A copy of the basic fixture site that a test may change."""
    return Path(shutil.copytree(FIXTURES / "basic", tmp_path / "basic"))


BIB = """\
@article{a, author = {Alpha, Ann}, title = {First}, journal = {J}, year = {2001}}
@article{b, author = {Beta, Bob and Bravo, Ben}, title = {Second}, journal = {J}, year = {2002}}
@article{c, author = {Gamma, Cy and Gold, G. and Green, H.}, title = {Third}, journal = {J}, year = {2003}}
@article{d, author = {Delta, Di}, title = {Fourth?}, journal = {J}, year = {2004}}
@article{e, author = {Echo, Ed}, title = {Fifth}, journal = {J}, year = {2005}}
"""


# Builds a site into a folder beside its output, in a fresh process, with the cache of the last
# build into that output; prints how many pages it built, and whether the CMU dictionary was loaded.
REBUILD_SCRIPT = """\
import sys
from pathlib import Path
from textstat.backend.utils import get_cmudict
from patientsite.build.cache import load_cache
from patientsite.build.options import BuildOptions
from patientsite.build.output import StagedOutput
from patientsite.build.pipeline import build_pages
options = BuildOptions(root=Path(sys.argv[1]), out=Path(sys.argv[1]) / "_site", jobs=1, demo="--demo" in sys.argv)
cache, staged = load_cache(options), StagedOutput(options.out)
try:
    build_pages(options, cache, staged)
finally:
    staged.discard()
print(cache.built, get_cmudict.cache_info().currsize)
"""


def rebuild_in_new_process(root: Path, env: dict[str, str] | None = None, demo: bool = False) -> tuple[int, int]:
    """Pages built by a new process's build of the site with the last build's cache, and the CMU dictionary's size.

    It runs in the site's folder: a checkout of this project there builds with its own generator.
    """
    args = [sys.executable, "-c", REBUILD_SCRIPT, str(root)] + (["--demo"] if demo else [])
    result = subprocess.run(args, capture_output=True, text=True, env=env, cwd=root)
    assert result.returncode == 0, result.stderr
    built, dictionary = result.stdout.split()
    return int(built), int(dictionary)


def write_folder(out: Path, files: dict[str, str], copies: dict[str, Path]) -> None:
    """Write files and copies into ``out`` as a build does: staged beside it and swapped in whole."""
    from patientsite.build.output import StagedOutput
    staged = StagedOutput(out)
    try:
        for rel_path, text in files.items():
            staged.write(rel_path, text)
        for rel_path, source in copies.items():
            staged.copy(rel_path, source)
        staged.publish()
    finally:
        staged.discard()
        staged.wait()


def build(root: Path, strict: bool = False):
    """Build a site in memory with the real pipeline; returns the BuildResult."""
    from patientsite.build.options import BuildOptions
    from patientsite.build.pipeline import build_in_memory
    return build_in_memory(BuildOptions(root=root, strict=strict))


def first_line(diagnostic) -> str:
    """'path:line:col: severity: message', without the finding's id and hint."""
    return f"{diagnostic.path}:{diagnostic.line}:{diagnostic.col}: {diagnostic.severity.value}: {diagnostic.message}"


def messages(result, notices: bool = False) -> list[str]:
    """The diagnostics of a build as first lines; notices (such as review.missing) only when asked for."""
    return [first_line(d) for d in result.report.sorted() if notices or d.severity.value != "notice"]


def html_of(result, path: str):
    """A rendered file, parsed with lxml's HTML parser."""
    import lxml.html
    return lxml.html.document_fromstring(result.files[path])


def serve_folder(folder: Path):
    """Serve a folder on 127.0.0.1 in a background thread; returns (base URL, server)."""
    import functools
    import http.server
    import threading

    class Handler(http.server.SimpleHTTPRequestHandler):
        def end_headers(self):
            self.send_header("LinkChecker", "allowed")  # linkchecker lifts its rate limit for such hosts
            super().end_headers()

        def log_message(self, format, *args):  # noqa: A002 - the base class's name
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server


@pytest.fixture(scope="session")
def project_site(tmp_path_factory) -> Path:
    """The clinic's own site, built once with --strict as the workflow builds it: a demonstration."""
    out = tmp_path_factory.mktemp("project") / "_site"
    result = run_cli("--root", PROJECT, "--out", out, "--strict", "--demo")
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="session")
def served_project_site(project_site):
    """The clinic's own site served over http://127.0.0.1."""
    url, server = serve_folder(project_site)
    yield url
    server.shutdown()


def start_serve(root: Path, env: dict[str, str] | None = None) -> tuple[str, subprocess.Popen]:
    """Start `build.py serve` for a site on a free port; returns its URL once it answers, and the process."""
    import socket
    import time
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([sys.executable, str(PROJECT / "build.py"), "serve", "--root", str(root),
                               "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              env={**os.environ, **(env or {})})
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(url + "__preview__/status", timeout=1).read()
            return url, server
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                raise AssertionError("serve did not start: " + (server.stdout.read() if server.stdout else "")) from None
            time.sleep(0.1)


CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, driven by Playwright."""
    from playwright.sync_api import sync_playwright

    assert CHROMIUM.exists(), "Chromium is missing: run scripts/setup (it installs Debian's chromium package)"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        yield browser
        browser.close()
