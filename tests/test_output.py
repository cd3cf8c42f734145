"""Output: written atomically, never half-written, and byte-identical across builds."""

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import PROJECT, make_site, page, run_cli, write_folder
from helpers_html import tree_digest

from patientsite.build.output import leftovers


def test_a_failed_build_leaves_the_previous_output_exactly_as_it_was(basic_site, tmp_path):
    out = tmp_path / "_site"
    assert run_cli("--root", basic_site, "--out", out).returncode == 0
    before = tree_digest(out)
    page_path = basic_site / "content" / "index.md"
    page_path.write_text(page_path.read_text().replace("[@finn2015;", "[@unknown2000;"))
    result = run_cli("--root", basic_site, "--out", out)
    assert result.returncode == 1
    assert "_site/ was left as it was" in result.stderr
    assert tree_digest(out) == before
    assert leftovers(out) == []


@pytest.mark.parametrize("failure", ["broken anchor", "warning under --strict"])
def test_a_build_that_fails_its_checks_while_the_site_is_indexed_publishes_nothing(basic_site, tmp_path, failure):
    """The site is written and indexed while the checks run; a check that fails throws both away."""
    out = tmp_path / "_site"
    assert run_cli("--root", basic_site, "--out", out).returncode == 0
    before = tree_digest(out)
    page_path = basic_site / "content" / "index.md"
    if failure == "broken anchor":  # found only by the link check, after rendering
        page_path.write_text(page_path.read_text() + "\nSee [the findings](guides/treatments.md#no-such-part).\n")
        extra = ()
    else:  # an uncited number: a warning from the claims check
        page_path.write_text(page_path.read_text() + "\nIt helped 7 of 9 people.\n")
        extra = ("--strict",)
    result = run_cli("--root", basic_site, "--out", out, *extra)
    assert result.returncode == 1, result.stderr
    assert "_site/ was left as it was" in result.stderr
    assert tree_digest(out) == before
    assert leftovers(out) == []
    assert indexers(tmp_path) == []  # no Pagefind left running


def test_a_build_killed_while_its_site_is_indexed_takes_pagefind_with_it(tmp_path):
    """Pagefind, left alone, would go on writing into a folder that the next build removes."""
    pages = {"index.md": page()} | {f"p{i}.md": page(title=f"Page {i}", body="Text. " * 300, in_nav="false")
                                   for i in range(300)}
    root = make_site(tmp_path / "site", pages)
    build = subprocess.Popen([sys.executable, str(PROJECT / "build.py"), "--root", str(root)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while not indexers(root) and build.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)
        [pagefind] = indexers(root)
        os.kill(pagefind, signal.SIGSTOP)  # so that it cannot finish on its own before the build is killed
        build.kill()
        build.wait()
        deadline = time.monotonic() + 10
        while indexers(root) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert indexers(root) == []
    finally:
        build.kill()
        for pid in indexers(root):
            os.kill(pid, signal.SIGKILL)


def indexers(folder: Path) -> list[int]:
    """The Pagefind processes (after their start-up, when they are Pagefind's own binary) indexing below ``folder``."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            words = cmdline.read_bytes().decode(errors="replace").split("\0")
        except OSError:
            continue  # the process has ended
        if words and words[0].endswith("pagefind") and any(str(folder) in word for word in words):
            found.append(int(cmdline.parent.name))
    return found


def test_two_clean_builds_on_differently_set_up_machines_are_byte_identical(tmp_path):
    """The clinic's site, copied to two folders and built under different time zones, locales,
    hash seeds and umasks (as on two machines), gives the same bytes, search index included."""
    trees = []
    for name, tz, locale, seed, umask in (("one", "UTC", "C.UTF-8", "1", "022"),
                                           ("elsewhere/two", "Pacific/Kiritimati", "POSIX", "4242", "077")):
        root = tmp_path / name / "site"
        shutil.copytree(PROJECT, root, ignore=shutil.ignore_patterns(".*", "_site", "node_modules", "tests"))
        env = {"TZ": tz, "LC_ALL": locale, "LANG": locale, "PYTHONHASHSEED": seed}
        result = subprocess.run(["bash", "-c", f'umask {umask} && exec "$@"', "build", sys.executable,
                                 str(PROJECT / "build.py"), "--root", str(root), "--strict", "--demo"],
                                env={**os.environ, **env}, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr
        trees.append(tree_digest(root / "_site"))
    assert trees[0] == trees[1]
    assert any(path.startswith("pagefind/") for path in trees[0])


def test_the_build_date_comes_from_source_date_epoch_and_is_never_shown(basic_site, tmp_path):
    """SOURCE_DATE_EPOCH decides whether a review is overdue; the date itself appears nowhere."""
    later, now = tmp_path / "later", tmp_path / "now"
    epoch_2031 = "1924992000"  # 2031-01-01, after every review in the fixture falls due
    assert run_cli("--root", basic_site, "--out", later, env={"SOURCE_DATE_EPOCH": epoch_2031}).returncode == 0
    assert run_cli("--root", basic_site, "--out", now, env={"SOURCE_DATE_EPOCH": "1794009600"}).returncode == 0
    assert "This page is due for review" in (later / "index.html").read_text()
    assert "This page is due for review" not in (now / "index.html").read_text()
    for tree in (later, now):
        text = b"".join(data for path, data in tree_digest(tree).items() if not path.startswith("pagefind/"))
        assert b"2031" not in text and b"2026-11-07" not in text and b"November 7, 2026" not in text


def test_a_rebuild_replaces_the_output_and_removes_files_that_are_gone(tmp_path):
    out = tmp_path / "out"
    write_folder(out, {"index.html": "one", "old/index.html": "old"}, {})
    write_folder(out, {"index.html": "two"}, {})
    assert tree_digest(out) == {"index.html": b"two"}
    assert leftovers(out) == []


def test_a_rebuild_links_files_that_did_not_change_and_writes_the_rest(tmp_path):
    out = tmp_path / "out"
    write_folder(out, {"same.html": "same", "edited.html": "before", "tampered.html": "right"}, {})
    (out / "tampered.html").write_text("wrong")  # same size, other bytes: never trusted
    inodes = {name: (out / name).stat().st_ino for name in ("same.html", "edited.html", "tampered.html")}
    write_folder(out, {"same.html": "same", "edited.html": "after!", "tampered.html": "right"}, {})
    assert tree_digest(out) == {"same.html": b"same", "edited.html": b"after!", "tampered.html": b"right"}
    assert (out / "same.html").stat().st_ino == inodes["same.html"]
    assert (out / "edited.html").stat().st_ino != inodes["edited.html"]
    assert (out / "tampered.html").stat().st_ino != inodes["tampered.html"]


def test_a_write_that_fails_midway_keeps_the_previous_output(tmp_path):
    out = tmp_path / "out"
    write_folder(out, {"index.html": "good"}, {})
    missing = tmp_path / "no-such-file.css"
    try:
        write_folder(out, {"index.html": "new"}, {"static/style.css": missing})
    except OSError:
        pass
    assert tree_digest(out) == {"index.html": b"good"}
    assert leftovers(out) == []


KILL_POINTS = (0.05, 0.2, 0.35, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 1.0, 1.1)  # fractions of a full build


def test_a_build_killed_at_any_moment_leaves_the_old_site_or_the_new_one_and_the_next_build_cleans_up(tmp_path):
    """SIGKILL at twelve moments across a whole build (loading, rendering, checking, writing, indexing,
    swapping): the output is always exactly the previous site or exactly the new one, never a mixture."""
    pages = {"index.md": page()} | {f"p{i}.md": page(title=f"Page {i}", body="Text. " * 300, in_nav="false")
                                   for i in range(300)}
    root = make_site(tmp_path / "site", pages)
    out = root / "_site"
    command = [sys.executable, str(PROJECT / "build.py"), "--root", str(root)]
    shutil.rmtree(root / ".cache", ignore_errors=True)
    started = time.monotonic()
    assert subprocess.run(command, capture_output=True).returncode == 0
    duration = time.monotonic() - started
    old = tree_digest(out)
    (root / "content" / "p7.md").write_text(page(title="Page 7, changed", body="New text. " * 300, in_nav="false"))
    outcomes = []
    for fraction in KILL_POINTS:
        shutil.rmtree(root / ".cache", ignore_errors=True)  # each killed build does all the work, as timed
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(duration * fraction)
        process.send_signal(signal.SIGKILL)
        process.wait()
        now = tree_digest(out)
        assert now == old or now["p7/index.html"] != old["p7/index.html"], fraction
        if now != old:  # the new site went live whole: every page is there and the search index with it
            assert now.keys() >= old.keys() - {k for k in old if k.startswith(("pagefind/", "static/"))}
            outcomes.append("new")
            old = now
        else:
            outcomes.append("old" if not leftovers(out) else "old, with leftovers")
    assert "old, with leftovers" in outcomes  # some kills did land in the middle of writing
    assert subprocess.run(command, capture_output=True).returncode == 0
    assert leftovers(out) == []
    assert "Page 7, changed" in (out / "p7" / "index.html").read_text()


def test_a_full_disk_gives_a_clear_error_and_keeps_the_previous_site(tmp_path):
    """The output's disk is a 4 MB tmpfs, too small for the new site: the build says so and changes nothing.
    (The first site and the build's cache, with its syllable counts and compiled templates, take about 2.3 MB.)"""
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(disk)], capture_output=True, text=True)
    assert mounted.returncode == 0, f"this test mounts a small tmpfs and needs root (as CI runs): {mounted.stderr}"
    try:
        root = make_site(tmp_path / "site", {"index.md": page()})
        out = disk / "site"
        assert run_cli("--root", root, "--out", out).returncode == 0
        before = tree_digest(out)
        for i in range(120):
            (root / "content" / f"p{i}.md").write_text(page(title=f"Page {i}", body="Words and more words. " * 2000))
        result = run_cli("--root", root, "--out", out)
        assert result.returncode == 1
        assert re.search(r"^\S+/disk/site:1:1: error: cannot write the site: No space left on device \[output.write\]\n"
                         r"    hint: .*the previous site was kept", result.stderr, re.M), result.stderr
        assert "Traceback" not in result.stderr
        assert tree_digest(out) == before
        assert leftovers(out) == []
    finally:
        subprocess.run(["umount", str(disk)], check=True)


def test_a_file_size_limit_gives_a_clear_error_and_keeps_the_previous_site(tmp_path):
    """The same, for any user: a process limit on file size makes writing a large page fail."""
    root = make_site(tmp_path / "site", {"index.md": page()})
    out = tmp_path / "out"
    assert run_cli("--root", root, "--out", out).returncode == 0
    before = tree_digest(out)
    (root / "content" / "long.md").write_text(page(title="Long", body="Words and more words. " * 5000))
    limit = "import resource, runpy, sys; resource.setrlimit(resource.RLIMIT_FSIZE, (60000, 60000)); " \
            "sys.argv = sys.argv[1:]; runpy.run_path(sys.argv[0], run_name='__main__')"
    result = subprocess.run([sys.executable, "-c", limit, str(PROJECT / "build.py"), "--root", str(root), "--out", str(out)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert re.search(r"^\S+/out:1:1: error: cannot write the site: File too large \[output.write\]", result.stderr, re.M), \
        result.stderr
    assert tree_digest(out) == before
    assert leftovers(out) == []


def test_a_held_file_keeps_another_name_until_the_site_goes_live(tmp_path):
    from patientsite.build.output import StagedOutput
    out = tmp_path / "_site"
    staged = StagedOutput(out)
    staged.hold("sources/index.html")
    with staged.open("sources/index.html") as file:
        file.write(b"<p>sources</p>")
    staged.write("index.html", "<p>home</p>")
    # What a search indexer finds while the site is staged: every page but the held one.
    assert sorted(p.relative_to(staged.folder).as_posix() for p in staged.folder.rglob("*.html")) == ["index.html"]
    staged.publish()
    staged.wait()
    assert (out / "sources" / "index.html").read_text() == "<p>sources</p>"
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == [
        "index.html", "sources/index.html"]


def test_a_file_written_soon_is_written_by_the_flush_with_its_signature(tmp_path):
    """Pages are written a few at a time: none is in the folder before the flush, and each record
    gets the signature of the very file written, by which the next build links it unread."""
    from patientsite.build.output import StagedOutput, file_signature
    staged = StagedOutput(tmp_path / "_site")
    staged.write_soon("a/index.html", "<p>a</p>")
    staged.write_soon("b/index.html", "<p>b</p>")
    assert staged.written("a/index.html", sha("<p>a</p>")).signature is None
    assert list(staged.folder.rglob("*.html")) == []
    signatures = staged.flush()
    assert signatures == {path: file_signature((staged.folder / path).lstat()) for path in ("a/index.html", "b/index.html")}
    assert staged.flush() == {}  # each file is written once
    staged.publish()
    staged.wait()
    assert files_of(tmp_path / "_site") == {"a/index.html": "<p>a</p>", "b/index.html": "<p>b</p>"}


@pytest.mark.parametrize("jobs", [1, 2])
def test_every_page_record_of_a_folder_build_has_its_written_files_signature(tmp_path, jobs):
    """Written a share at a time, in this process or in workers: each record names its file as written."""
    from patientsite.build.cache import load_cache
    from patientsite.build.options import BuildOptions
    from patientsite.build.output import file_signature
    pages = {"index.md": page()} | {f"p{i}.md": page(title=f"Page {i}", in_nav="false") for i in range(40)}
    root = make_site(tmp_path / "site", pages)
    assert run_cli("--root", root, "--jobs", str(jobs)).returncode == 0
    records = load_cache(BuildOptions(root=root, out=root / "_site")).pages.values()
    assert len(records) == 41
    for record in records:
        assert record.file.signature == file_signature((root / "_site" / record.file.path).lstat()), record.url


def files_of(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): p.read_text() for p in sorted(folder.rglob("*")) if p.is_file()}


def sha(text: str) -> str:
    import hashlib
    return hashlib.sha256(text.encode()).hexdigest()


def test_a_build_that_recycles_the_previous_site_trusts_nothing_in_it(tmp_path):
    from patientsite.build.output import StagedOutput, WrittenFile
    out, recycle = tmp_path / "_site", tmp_path / ".cache" / "previous-site"

    def generation(files: dict[str, str], kept: tuple[str, ...] = ()) -> StagedOutput:
        staged = StagedOutput(out, recycle)
        for rel_path in kept:
            assert staged.keep(WrittenFile(rel_path, sha(files_of(out)[rel_path])))
        for rel_path, text in files.items():
            staged.write(rel_path, text)
        return staged

    first = generation({"a/index.html": "A1", "b/index.html": "B1", "c": "a file", "d/x.txt": "D1", "e.txt": "E1"})
    first.publish()
    second = generation({"a/index.html": "A2", "c": "a file", "d/x.txt": "D1", "e.txt": "E1"}, kept=("b/index.html",))
    assert not second.recycled  # there was no previous site to recycle
    second.publish()
    second.wait()
    assert files_of(recycle) == {"a/index.html": "A1", "b/index.html": "B1", "c": "a file", "d/x.txt": "D1",
                                 "e.txt": "E1"}
    (recycle / "planted.html").write_text("not made by any build")

    third = StagedOutput(out, recycle)
    assert third.recycled and not recycle.exists()
    live_b = out / "b" / "index.html"
    assert os.path.samefile(live_b, third.folder / "b" / "index.html")  # the kept page, shared by both
    third.write("b/index.html", "B3")
    assert live_b.read_text() == "B1"  # replaced in the new site, not written through the link
    assert third.keep(WrittenFile("a/index.html", sha("A2")))  # the recycled copy is A1: the live file is linked instead
    assert not third.keep(WrittenFile("e.txt", sha("E1 edited by hand")))
    third.write("c/index.html", "a folder where a file was")
    third.write("d", "a file where a folder was")
    assert files_of(out)["b/index.html"] == "B1"  # nothing is live before publish
    third.publish()
    third.wait()
    assert files_of(out) == {"a/index.html": "A2", "b/index.html": "B3", "c/index.html": "a folder where a file was",
                             "d": "a file where a folder was"}
    assert leftovers(out) == []

    # A failed build keeps its folder for the next, which still puts exactly its own files live.
    fourth = generation({"half/index.html": "written by a build that then failed"})
    fourth.discard()
    assert recycle.is_dir()
    fifth = generation({"a/index.html": "A5"}, kept=("d",))
    assert fifth.recycled
    fifth.publish()
    fifth.wait()
    assert files_of(out) == {"a/index.html": "A5", "d": "a file where a folder was"}


def test_a_carried_folder_goes_into_the_new_site_whole_and_current(tmp_path):
    """The live preview's search index: carried from the live site into the next, never half there."""
    from patientsite.build.output import StagedOutput
    out, recycle = tmp_path / "_site", tmp_path / ".cache" / "previous-site"
    for number in (1, 2):
        staged = StagedOutput(out, recycle)
        staged.write("index.html", f"home {number}")
        staged.write("pagefind/entry.json", f"index {number}")
        staged.publish()
        staged.wait()
    # The index is made again beside the live site and swapped in, as the preview does.
    shutil.rmtree(out / "pagefind")
    (out / "pagefind").mkdir()
    (out / "pagefind" / "entry.json").write_text("index 3")
    (out / "pagefind" / "chunk.pf").write_text("chunk 3")

    third = StagedOutput(out, recycle)
    assert third.recycled and files_of(third.folder)["pagefind/entry.json"] == "index 1"  # out of date
    third.write("index.html", "home 3")
    third.carry("pagefind")
    third.publish()
    third.wait()
    assert files_of(out) == {"index.html": "home 3", "pagefind/entry.json": "index 3", "pagefind/chunk.pf": "chunk 3"}
