"""Publishing: one build served at a domain's root and under a subpath by real servers, in real Chromium.

The site is built once for https://clinic.example/patient-info/ and served twice: by nginx
under /patient-info/ with the project's own hosting/nginx.conf, and by Python's http.server
at the root. A crawler follows every link of every page in Chromium, and every request a
page makes must succeed and stay inside the site's folder.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest
from conftest import PROJECT, run_cli, serve_folder

from patientsite.theme.assets import fingerprinted_name
from patientsite.theme.metadata import IMMUTABLE, SECURITY_HEADERS

SUBPATH = "/patient-info/"
NGINX_CONF = PROJECT / "hosting" / "nginx.conf"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("hosted") / "site"
    result = run_cli("--root", PROJECT, "--out", out, "--strict", "--demo", "--base-url", "https://clinic.example" + SUBPATH)
    assert result.returncode == 0, result.stderr
    return out


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def nginx(built, tmp_path_factory):
    """nginx serving the build under /patient-info/ with hosting/nginx.conf; yields the site's URL."""
    binary = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")
    assert binary, "nginx is missing: run scripts/setup (it installs Debian's nginx package)"
    work = tmp_path_factory.mktemp("nginx")
    port = free_port()
    server = NGINX_CONF.read_text().replace("listen 80;", f"listen 127.0.0.1:{port};")
    server = server.replace("/srv/patient-info/", f"{built}/")
    temp = " ".join(f"{kind}_temp_path {work}/{kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    (work / "nginx.conf").write_text(
        f"daemon off;\nworker_processes 1;\npid {work}/nginx.pid;\nerror_log {work}/error.log;\n"
        + ("user root;\n" if os.geteuid() == 0 else "")  # pytest's folders are readable by their owner only
        + "events {}\nhttp {\n  include /etc/nginx/mime.types;\n  default_type application/octet-stream;\n"
        + f"  access_log off;\n  {temp}\n{server}\n}}\n")
    process = subprocess.Popen([binary, "-e", str(work / "error.log"), "-p", str(work), "-c", str(work / "nginx.conf")],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}{SUBPATH}"
    deadline = time.monotonic() + 10
    while True:
        try:
            urllib.request.urlopen(url, timeout=1).close()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                log = (work / "error.log").read_text() if (work / "error.log").exists() else ""
                pytest.fail(f"nginx did not start: {process.stdout.read().decode()}{log}")
            time.sleep(0.05)
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="module")
def at_root(built):
    url, server = serve_folder(built)
    yield url
    server.shutdown()


def crawl(browser, start: str) -> tuple[dict[str, int], list[str]]:
    """Open every page reachable by links from ``start``; returns each page's status, and every problem."""
    context = browser.new_context()
    statuses: dict[str, int] = {}
    problems: list[str] = []
    queue = [start]
    while queue:
        url = queue.pop(0)
        if url in statuses:
            continue
        page = context.new_page()
        page.on("requestfailed", lambda request, where=url: problems.append(f"{request.url} failed, on {where}"))
        page.on("response", lambda response: problems.append(f"{response.url} answered {response.status}")
                if response.status >= 400 and response.request.resource_type != "document" else None)
        page.on("request", lambda request: problems.append(f"{request.url} is outside {start}")
                if not request.url.startswith(start) else None)
        response = page.goto(url, wait_until="networkidle")
        statuses[url] = response.status
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"):
            target = urldefrag(href).url
            if target.startswith(start) and target not in statuses:
                queue.append(target)
            elif urlsplit(target).hostname == urlsplit(start).hostname and not target.startswith(start):
                problems.append(f"{url} links to {target}, outside the site's folder")
        page.close()
    context.close()
    return statuses, problems


def expected_pages(built: Path, base: str) -> set[str]:
    paths = {p.relative_to(built).as_posix() for p in built.rglob("*.html") if p.name != "404.html"}
    return {base + path.removesuffix("index.html") for path in paths}


def test_under_a_subpath_every_page_is_reachable_and_every_link_and_request_succeeds(browser, built, nginx):
    statuses, problems = crawl(browser, nginx)
    assert set(statuses) == expected_pages(built, nginx)
    assert set(statuses.values()) == {200}
    assert problems == []


def test_the_same_build_works_at_the_root_of_a_domain(browser, built, at_root):
    statuses, problems = crawl(browser, at_root)
    assert set(statuses) == expected_pages(built, at_root)
    assert set(statuses.values()) == {200}
    assert problems == []


def test_under_a_subpath_a_missing_page_shows_the_styled_404_page_whose_links_work(browser, nginx):
    context = browser.new_context()
    page = context.new_page()
    failed = []
    page.on("response", lambda response: failed.append(response.url) if response.status >= 400 and
            response.request.resource_type != "document" else None)
    response = page.goto(nginx + "crps/no-such-page/", wait_until="networkidle")
    assert response.status == 404
    assert page.inner_text("h1") == "Page not found"
    assert failed == []
    assert page.evaluate("getComputedStyle(document.querySelector('.skip-link')).position") == "absolute"
    page.click("main a:text('Go to the home page')")
    assert page.url == nginx
    context.close()


def test_under_a_subpath_search_finds_pages_and_links_to_them(browser, nginx):
    context = browser.new_context()
    page = context.new_page()
    page.goto(nginx + "side-effects/", wait_until="networkidle")
    page.fill("#search-input", "CRPS")
    page.wait_for_selector(".search-results li a")
    links = page.eval_on_selector_all(".search-results li a", "links => links.map(a => a.href)")
    assert nginx + "crps/" in links
    assert all(link.startswith(nginx) for link in links)
    context.close()


def headers_of(url: str) -> dict[str, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return dict(response.headers)
    except urllib.error.HTTPError as error:
        return dict(error.headers)


def test_nginx_sends_the_security_headers_and_caches_only_fingerprinted_files_for_long(built, nginx):
    stylesheet = next(built.glob("static/style.*.css")).relative_to(built).as_posix()
    fragment = next(built.glob("pagefind/fragment/*")).relative_to(built).as_posix()
    for path, cache in (("", "no-cache"), ("crps/", "no-cache"), ("no-such-page/", "no-cache"),
                        ("pagefind/pagefind.js", "no-cache"), (stylesheet, IMMUTABLE), (fragment, IMMUTABLE)):
        headers = headers_of(nginx + path)
        assert headers["Cache-Control"] == cache, path
        for name, value in SECURITY_HEADERS.items():
            assert headers[name] == value, (path, name)


def parse_headers_file(text: str) -> list[tuple[str, dict[str, str]]]:
    """The rules of a _headers file, as Netlify and Cloudflare Pages read it."""
    rules: list[tuple[str, dict[str, str]]] = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            rules.append((line.strip(), {}))
        else:
            name, _, value = line.strip().partition(":")
            rules[-1][1][name.strip()] = value.strip()
    return rules


def matches(pattern: str, path: str) -> bool:
    return re.fullmatch(re.escape(pattern).replace(r"\*", ".*"), path) is not None


def test_the_headers_file_gives_every_file_security_headers_and_never_two_cache_rules(built):
    rules = parse_headers_file((built / "_headers").read_text())
    for file in (p for p in built.rglob("*") if p.is_file()):
        path = SUBPATH + file.relative_to(built).as_posix()
        applied = [headers for pattern, headers in rules if matches(pattern, path)]
        names = [name for headers in applied for name in headers]
        # Both hosts merge every rule that matches; the same header twice would be garbled.
        assert len(names) == len(set(names)), path
        merged = {name: value for headers in applied for name, value in headers.items()}
        assert {name: merged.get(name) for name in SECURITY_HEADERS} == SECURITY_HEADERS, path
        immutable = path.startswith(tuple(SUBPATH + folder for folder in ("static/", "pagefind/fragment/",
                                                                           "pagefind/index/")))
        assert merged.get("Cache-Control") == (IMMUTABLE if immutable else None), path


def test_every_static_file_is_published_under_a_digest_of_its_content(built):
    static = sorted(p for p in (built / "static").rglob("*") if p.is_file())
    assert static
    for file in static:
        stem, digest = file.name.split(".")[:2]
        original = f"static/{stem}.{'.'.join(file.name.split('.')[2:])}"
        assert file.relative_to(built).as_posix() == fingerprinted_name(original, file.read_bytes())
    pages = [p.read_text() for p in built.rglob("*.html")]
    for file in static:
        assert any(file.name in page for page in pages), file.name
    assert not any(re.search(r'static/(style|search)\.(css|js)"', page) for page in pages)
