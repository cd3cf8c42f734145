"""Output: written atomically, never half-written, and byte-identical across builds."""

import os
import signal
import subprocess
import sys
import time

from conftest import PROJECT, make_site, page, run_cli
from helpers_html import tree_digest

from patientsite.output import leftovers, write_site


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


def test_two_builds_in_different_folders_and_time_zones_are_byte_identical(basic_site, tmp_path):
    first, second = tmp_path / "one", tmp_path / "two"
    assert run_cli("--root", basic_site, "--out", first, env={"TZ": "UTC"}).returncode == 0
    assert run_cli("--root", basic_site, "--out", second, env={"TZ": "Pacific/Kiritimati"}).returncode == 0
    assert tree_digest(first) == tree_digest(second)


def test_a_rebuild_replaces_the_output_and_removes_files_that_are_gone(tmp_path):
    out = tmp_path / "out"
    write_site(out, {"index.html": "one", "old/index.html": "old"}, {})
    write_site(out, {"index.html": "two"}, {})
    assert tree_digest(out) == {"index.html": b"two"}
    assert leftovers(out) == []


def test_a_write_that_fails_midway_keeps_the_previous_output(tmp_path):
    out = tmp_path / "out"
    write_site(out, {"index.html": "good"}, {})
    missing = tmp_path / "no-such-file.css"
    try:
        write_site(out, {"index.html": "new"}, {"static/style.css": missing})
    except OSError:
        pass
    assert tree_digest(out) == {"index.html": b"good"}
    assert leftovers(out) == []


def test_a_build_killed_while_writing_leaves_the_previous_output_and_the_next_build_cleans_up(tmp_path):
    pages = {"index.md": page()} | {f"p{i}.md": page(title=f"Page {i}", body="Text. " * 200, in_nav="false")
                                   for i in range(1500)}
    root = make_site(tmp_path / "site", pages)
    out = root / "_site"
    previous = {"index.html": "previous"}
    write_site(out, previous, {})
    process = subprocess.Popen([sys.executable, str(PROJECT / "build.py"), "--root", str(root)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while not leftovers(out) and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.001)
    assert process.poll() is None, "the build finished before it could be interrupted"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert tree_digest(out) == {"index.html": b"previous"}
    assert leftovers(out)  # the interrupted build's temporary folder is still there
    assert run_cli("--root", root).returncode == 0
    assert leftovers(out) == []
    assert (out / "p1499" / "index.html").is_file()
