"""The command line as a user meets it: exit codes, message format, options and the new command."""

import datetime as dt
import re
import signal
import subprocess
import sys
import time
import urllib.request

from conftest import FIXTURES, PROJECT, make_site, page, run_cli, start_serve

MESSAGE = re.compile(r"^[^\s:][^:]*:\d+:\d+: (error|warning|notice): .+ \[[a-z]+\.[a-z-]+\]$")


def test_building_the_fixture_site_succeeds(tmp_path):
    result = run_cli("--root", FIXTURES / "basic", "--out", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert "built 2 pages into" in result.stdout
    assert (tmp_path / "out" / "index.html").is_file()


def test_build_is_the_default_command_and_out_defaults_to_site_folder(basic_site):
    result = run_cli(cwd=basic_site)
    assert result.returncode == 0, result.stderr
    assert (basic_site / "_site" / "sources" / "index.html").is_file()


def test_content_errors_exit_1_with_located_messages_and_no_traceback(tmp_path):
    root = make_site(tmp_path, {"index.md": page(body="A [@missing] claim.\n"), "bad.md": "no front matter"})
    result = run_cli("--root", root)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if not line.startswith(("    hint:", "build failed"))]
    assert lines and all(MESSAGE.match(line) for line in lines), lines
    assert "content/index.md:7:4: error: unknown citation key 'missing'" in result.stderr


def test_usage_errors_exit_2(tmp_path):
    assert run_cli("--root", tmp_path / "nowhere").returncode == 2
    assert run_cli("--no-such-option").returncode == 2
    assert run_cli("--root", FIXTURES / "basic", "--base-url", "example.org").returncode == 2
    result = run_cli("--root", FIXTURES / "basic", "--out", FIXTURES / "basic")
    assert result.returncode == 2 and "would overwrite the site's own files" in result.stderr


def test_check_writes_nothing(tmp_path):
    result = run_cli("check", "--root", FIXTURES / "basic", "--out", tmp_path / "out")
    assert result.returncode == 0 and "check passed" in result.stdout
    assert not (tmp_path / "out").exists()


def test_strict_makes_warnings_fail_the_build(tmp_path):
    root = make_site(tmp_path, {"index.md": page(colour="blue")})
    assert run_cli("--root", root).returncode == 0
    result = run_cli("--root", root, "--strict")
    assert result.returncode == 1
    assert "--strict makes warnings fail the build" in result.stderr


def test_new_creates_a_draft_page_with_every_field_and_todays_date(tmp_path):
    root = make_site(tmp_path, {"index.md": page()})
    result = run_cli("new", "Nerve blocks & you", "--root", root)
    assert result.returncode == 0, result.stderr
    text = (root / "content" / "nerve-blocks-you.md").read_text()
    from patientsite.structure.pages import FIELDS
    for field in set(FIELDS) - {"translation_of"}:  # which only a translation has, and translation-done writes
        assert re.search(rf"^{field}:", text, re.MULTILINE), field
    assert f"last_reviewed: {dt.date.today().isoformat()}" in text
    assert 'title: "Nerve blocks & you"' in text
    assert run_cli("--root", root).returncode == 0  # a new page is a draft until the author is ready
    assert run_cli("new", "Nerve blocks & you", "--root", root).returncode == 2


def test_serve_builds_and_serves_on_localhost_and_stops_on_ctrl_c(basic_site):
    url, server = start_serve(basic_site)
    try:
        with urllib.request.urlopen(url + "guides/treatments/", timeout=5) as response:
            assert response.status == 200 and b"<h1>Treatments</h1>" in response.read()
    finally:
        server.send_signal(signal.SIGINT)
        out, _ = server.communicate(timeout=10)
    assert server.returncode == 0
    assert f"serving the site at {url}" in out and url.startswith("http://127.0.0.1:")


def test_serve_stops_on_ctrl_c_even_when_started_with_ctrl_c_ignored(basic_site):
    """A program started in the background, or by some test runners, inherits SIGINT ignored."""
    import socket
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([sys.executable, str(PROJECT / "build.py"), "serve", "--root", str(basic_site),
                               "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/__preview__/status", timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        server.send_signal(signal.SIGINT)
        out, _ = server.communicate(timeout=10)
    finally:
        server.kill()
    assert server.returncode == 0
    assert "stopped" in out
