"""The cache in .cache/: a build with nothing to do leaves the output exactly as a full build writes it,
any change is seen, and a damaged cache is rebuilt, never trusted."""

from __future__ import annotations

import os
import re

import pytest
from conftest import rebuild_in_new_process, run_cli
from helpers_html import tree_digest

from patientsite.build.last_build import cache_folder

UNCHANGED = "nothing changed since the last build"


@pytest.fixture
def built(basic_site):
    first = run_cli("--root", basic_site)
    assert first.returncode == 0 and UNCHANGED not in first.stdout
    return basic_site, first


def test_a_build_with_nothing_changed_keeps_the_output_and_shows_the_same_findings(built):
    root, first = built
    before = tree_digest(root / "_site")
    again = run_cli("--root", root)
    assert again.returncode == 0
    assert UNCHANGED in again.stdout
    assert again.stderr == first.stderr  # the same findings, in the same words
    assert tree_digest(root / "_site") == before
    # ... and that output is what a build from scratch writes.
    assert run_cli("--root", root, "--out", root / "fresh").returncode == 0
    assert tree_digest(root / "fresh") == before


@pytest.mark.parametrize("change", ["page", "reference", "template", "static", "site.yml", "date", "base url",
                                    "strict", "output edited", "output edited, its time kept", "output file removed"])
def test_any_change_to_what_a_build_reads_or_writes_builds_again(built, change):
    root, _ = built
    args, env = ["--root", root], {}
    if change == "page":
        page = root / "content" / "index.md"
        page.write_text(page.read_text() + "\nOne more sentence.\n")
    elif change == "reference":
        bib = root / "references.bib"
        bib.write_text(bib.read_text().replace("title = {", "title = {Changed ", 1))
    elif change == "template":
        (root / "templates").mkdir()
        (root / "templates" / "404.html").write_text('{% extends "base.html" %}{% block title %}Lost{% endblock %}'
                                                     "{% block main %}<h1>Lost</h1>{% endblock %}\n")
    elif change == "static":
        (root / "static").mkdir()
        (root / "static" / "extra.css").write_text("p { margin: 0; }\n")
    elif change == "site.yml":
        (root / "site.yml").write_text((root / "site.yml").read_text().replace("title:", "title: New", 1))
    elif change == "date":
        env = {"SOURCE_DATE_EPOCH": "1924992000"}  # 2031: every review is overdue
    elif change == "base url":
        args += ["--base-url", "https://example.org/other/"]
    elif change == "strict":
        args += ["--strict"]
    elif change == "output edited":
        (root / "_site" / "index.html").write_text("tampered")
    elif change == "output edited, its time kept":  # a page that the edit does not touch, changed by hand
        page = root / "_site" / "guides" / "treatments" / "index.html"
        status = page.stat()
        page.write_text(page.read_text().replace("</main>", "<p>tampered</p></main>"))
        os.utime(page, ns=(status.st_atime_ns, status.st_mtime_ns))
        (root / "content" / "index.md").write_text((root / "content" / "index.md").read_text() + "\nMore.\n")
    elif change == "output file removed":
        (root / "_site" / "robots.txt").unlink()
    again = run_cli(*args, env=env)
    assert UNCHANGED not in again.stdout, change
    if again.returncode == 0:
        assert run_cli(*args, "--out", root / "fresh", env=env).returncode == 0
        assert tree_digest(root / "_site") == tree_digest(root / "fresh")


@pytest.mark.parametrize("damage", ["truncated", "corrupt", "not json", "empty", "deleted folder"])
def test_a_damaged_cache_is_rebuilt_never_trusted(built, damage):
    root, _ = built
    record = cache_folder(root / "_site") / "last-build.json"
    text = record.read_text()
    if damage == "truncated":
        record.write_text(text[: len(text) // 2])
    elif damage == "corrupt":
        corrupted = re.sub(r'"pages":\d+', '"pages":999', text)
        assert corrupted != text
        record.write_text(corrupted)
    elif damage == "not json":
        record.write_bytes(b"\x00\xff garbage")
    elif damage == "empty":
        record.write_text("")
    else:
        import shutil
        shutil.rmtree(cache_folder(root / "_site").parent)
    before = tree_digest(root / "_site")
    again = run_cli("--root", root)
    assert again.returncode == 0
    assert UNCHANGED not in again.stdout
    assert "999" not in again.stdout
    assert tree_digest(root / "_site") == before
    assert UNCHANGED in run_cli("--root", root).stdout  # and the cache works again


def test_a_damaged_page_cache_is_rebuilt_and_the_output_is_still_right(built):
    root, _ = built
    pages = cache_folder(root / "_site") / "pages.pickle"
    data = bytearray(pages.read_bytes())
    data[-100:-90] = b"0123456789"  # damage inside the payload: the checksum no longer matches
    pages.write_bytes(bytes(data))
    page = root / "content" / "index.md"
    page.write_text(page.read_text() + "\nAnother sentence.\n")
    assert run_cli("--root", root).returncode == 0
    assert run_cli("--root", root, "--out", root / "fresh").returncode == 0
    assert tree_digest(root / "_site") == tree_digest(root / "fresh")


def test_the_page_cache_is_reused_by_a_process_with_another_hash_seed(built):
    """Digests must not depend on the order of sets, which changes from process to process."""
    root, _ = built
    page = root / "content" / "index.md"
    page.write_text(page.read_text() + "\nAnother sentence.\n")
    for seed in ("1", "2"):
        pages_built, _ = rebuild_in_new_process(root, env={"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"})
        assert pages_built == 1, seed


def test_links_into_a_page_taken_from_the_cache_are_checked_against_its_anchors(built):
    root, _ = built
    page = root / "content" / "index.md"
    original = page.read_text()
    page.write_text(original + "\nSee [the findings](guides/treatments.md#what-the-studies-found).\n")
    assert run_cli("--root", root).returncode == 0  # the linked page is unchanged: its anchors come from the cache
    page.write_text(original + "\nSee [the findings](guides/treatments.md#no-such-heading).\n")
    result = run_cli("--root", root)
    assert result.returncode == 1 and "[link.anchor]" in result.stderr


def test_an_edit_shows_the_findings_of_front_matter_and_references_parsed_by_the_last_build(tmp_path):
    """Unchanged front matter and an unchanged references.bib are not parsed again, but their findings remain."""
    from conftest import BIB, make_site, page
    bib = BIB + "@artcle{z, author = {Zed, Zoe}, title = {Odd}, journal = {J}, year = {2006}}\n"
    two = page(title="Two", body="Text [@b].").replace("A test page.", "One. Two sentences here.")
    root = make_site(tmp_path / "site", {"index.md": page(body="Home [@a] [@z]."), "two.md": two}, bib=bib)
    first = run_cli("--root", root)
    assert first.returncode == 0, first.stderr
    assert "[frontmatter.description]" in first.stderr and "[bibtex.type]" in first.stderr
    page_file = root / "content" / "index.md"
    page_file.write_text(page_file.read_text() + "\nOne more sentence.\n")
    again = run_cli("--root", root)
    assert again.returncode == 0
    assert UNCHANGED not in again.stdout
    assert again.stderr == first.stderr  # the same findings: the edit added none
    assert rebuild_in_new_process(root)[0] == 0  # every page, and the front matter, came from the cache
    assert run_cli("--root", root, "--out", root / "fresh").stderr == again.stderr
    assert tree_digest(root / "_site") == tree_digest(root / "fresh")
