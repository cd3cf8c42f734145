"""The live preview survives whatever an author's editor does to the files, and recovers when they are fixed."""

from __future__ import annotations

import gzip
import signal
import time
from pathlib import Path

import pytest
from conftest import start_serve
from helpers_preview import after_next_build, running_preview, served, status

from patientsite.build.output import leftovers


@pytest.fixture
def preview(basic_site):
    with running_preview(basic_site) as (url, _):
        yield url, basic_site


def page_text(url: str, path: str) -> str:
    code, text = served(url + path)
    return text if code == 200 else f"HTTP {code}"


def test_the_preview_survives_broken_files_and_recovers(preview):
    url, root = preview
    generation = status(url)["generation"]
    assert status(url)["ok"]

    # A syntax error in a template.
    (root / "templates").mkdir()
    (root / "templates" / "page.html").write_text('{% extends "base.html" %}\n{% block main %}{% if %}{% endblock %}\n')
    now = after_next_build(url, generation)
    assert not now["ok"] and now["errors"][0]["path"] == "templates/page.html"
    assert "<h1>Treatments</h1>" in page_text(url, "guides/treatments/")  # the last good site is still served
    (root / "templates" / "page.html").unlink()
    now = after_next_build(url, now["generation"])
    assert now["ok"], now

    # A page deleted (the home page links to it), then put back.
    guide = root / "content" / "guides" / "treatments.md"
    saved = guide.read_text()
    guide.unlink()
    now = after_next_build(url, now["generation"])
    assert not now["ok"] and {e["path"] for e in now["errors"]} == {"content/index.md"}
    guide.write_text(saved)
    now = after_next_build(url, now["generation"])
    assert now["ok"], now

    # references.bib renamed away, and back.
    (root / "references.bib").rename(root / "references.bak")
    now = after_next_build(url, now["generation"])
    assert not now["ok"] and "references.bib is missing" in [e["message"] for e in now["errors"]]
    (root / "references.bak").rename(root / "references.bib")
    now = after_next_build(url, now["generation"])
    assert now["ok"], now

    # A page saved half-written, then in full.
    guide.write_text(saved[: saved.index("\n", 10)])
    now = after_next_build(url, now["generation"])
    assert not now["ok"] and now["errors"][0]["path"] == "content/guides/treatments.md"
    guide.write_text(saved + "\nA new closing line.\n")
    now = after_next_build(url, now["generation"])
    assert now["ok"], now
    assert "A new closing line." in page_text(url, "guides/treatments/")


def test_the_preview_starts_from_the_last_builds_cache_and_an_edit_builds_one_page(basic_site):
    from conftest import run_cli
    assert run_cli("--root", basic_site).returncode == 0
    url, server = start_serve(basic_site)
    try:
        generation = status(url)["generation"]
        page = basic_site / "content" / "guides" / "treatments.md"
        page.write_text(page.read_text() + "\nA sentence added in the preview.\n")
        assert after_next_build(url, generation)["ok"]
        assert "A sentence added in the preview." in page_text(url, "guides/treatments/")
    finally:
        server.send_signal(signal.SIGINT)
        output, _ = server.communicate(timeout=10)
    builds = [line for line in output.splitlines() if line.startswith("rebuilt in")]
    assert ": 0 pages built" in builds[0], output  # every page, linked from the site that `build` wrote
    assert ": 1 page built" in builds[-1], output


def indexed_text(site: Path) -> str:
    """What the search index holds of the pages: Pagefind's fragments, unpacked."""
    return "".join(gzip.decompress(fragment.read_bytes()).decode("utf-8", "replace")
                   for fragment in (site / "pagefind" / "fragment").glob("*.pf_fragment"))


def test_an_edit_goes_live_and_the_search_index_catches_up(preview):
    url, root = preview
    site = root / "_site"
    assert "Treatments" in indexed_text(site)  # the first build is indexed before it goes live
    generation = status(url)["generation"]
    page = root / "content" / "guides" / "treatments.md"
    page.write_text(page.read_text() + "\nA sentence about otters.\n")
    assert after_next_build(url, generation)["ok"]
    assert "A sentence about otters." in page_text(url, "guides/treatments/")
    deadline = time.monotonic() + 20
    while "A sentence about otters." not in indexed_text(site) or leftovers(site):
        assert time.monotonic() < deadline, "the search index did not catch up with the edit within 20 s"
        time.sleep(0.1)
    assert "Treatments" in indexed_text(site)  # the other pages are in the new index too


def test_the_preview_without_a_home_page_says_so_on_the_page_not_with_a_folder_listing(basic_site):
    (basic_site / "content" / "index.md").unlink()
    guide = basic_site / "content" / "guides" / "treatments.md"
    guide.write_text(guide.read_text().replace("Back to [the start](../index.md) or to", "Back to"))
    with running_preview(basic_site) as (url, _):
        code, page = served(url)
        assert code == 404 and "<h1>This site has no home page yet</h1>" in page
        assert "Create <code>content/index.md</code>" in page
        assert '<a href="/guides/treatments/">guides/treatments</a>' in page  # the pages it has
        assert "Directory listing" not in page and "/__preview__/preview.js" in page
        code, page = served(url + "no/such/page/")
        assert code == 404 and "<h1>There is no page at this address</h1>" in page


def test_a_first_build_that_fails_shows_its_errors_on_the_page(basic_site):
    page = basic_site / "content" / "index.md"
    page.write_text(page.read_text().replace("last_reviewed: 2026-11-01", "last_reviewed: 2026-13-01"))
    with running_preview(basic_site) as (url, _):
        code, text = served(url)
        assert code == 404 and "<h1>The site has not been built yet</h1>" in text
        assert "<code>content/index.md:4:16</code> the field &#x27;last_reviewed&#x27; is &#x27;2026-13-01&#x27;" in text
        assert status(url)["errors"][0]["line"] == 4
