"""Output: written atomically, never half-written, and byte-identical across builds."""

import os
import shutil
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
                                 str(PROJECT / "build.py"), "--root", str(root), "--strict"],
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
