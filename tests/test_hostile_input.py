"""Broken and hostile input never crashes or hangs the build: it builds, or it says where the problem is.

Property-based tests (Hypothesis) generate front matter, Markdown with citations in every
position, and BibTeX. Each generated site is built with the real pipeline under a time bound;
any exception, or a finding without a usable path:line:col, fails the test. The build is
called directly rather than through the command line, whose last line of defence would turn
a crash into a one-line message and so hide it.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import tempfile
from pathlib import Path

import pytest
import yaml
from conftest import BIB, SITE_YML, build, make_site, page, run_cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

EXAMPLES = 200  # generated sites per property
TIME_BOUND = 10  # seconds for one build of one generated site
PROPERTY = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
LOCATED = re.compile(r"^[^\n:]+:\d+:\d+: (error|warning|notice): \S")


@contextlib.contextmanager
def time_bound(seconds: int):
    def stop(signum, frame):
        raise TimeoutError(f"the build took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def build_bounded(files: dict[str, bytes]):
    """Write a site (paths relative to its folder) and build it in this process, under the time bound."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for name, data in files.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_bytes(data)
        with time_bound(TIME_BOUND):
            result = build(root)
        for finding in result.report.diagnostics:
            assert LOCATED.match(finding.format()), finding.format()
            assert (root / finding.path).exists() or finding.path.startswith(("templates/", "static/")), finding.path
        return result


# Front matter: known and unknown fields with values of every kind, and YAML that attacks the loader.
FIELDS = ["title", "description", "last_reviewed", "reviewed_by", "next_review", "slug", "order", "nav_title",
          "key_points", "off_label", "conditions", "drugs", "in_nav", "draft", "allow", "titel", "", "x" * 300]
SCALARS = (st.text(max_size=40) | st.integers() | st.integers(min_value=10**18, max_value=10**400)
           | st.floats(allow_nan=True) | st.booleans() | st.none() | st.dates() | st.just("no") | st.just("2026-13-45"))
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                                           max_size=3), max_leaves=10)
HOSTILE_YAML = [
    b"title: !!python/object/apply:os.system ['touch /tmp/pwned']\n",
    b"title: !!python/name:os.system\n",
    b"title: !!binary aGVsbG8=\n",
    b"a: &a [*a, *a]\ntitle: *a\n",
    b"a: &a ['lol','lol']\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
    b"d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ntitle: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n",
    b"title: " + b"[" * 5000 + b"]" * 5000 + b"\n",
    b"order: 1e999999\n",
    b"order: 0x" + b"f" * 500 + b"\n",
    b"title:\n\t- tabbed\n",
    b"? [complex, key]\n: value\n",
    b"<<: {title: merged}\n",
    b"title: \"unterminated\n",
    b"\xff\xfe\x00t\x00i\x00t\x00l\x00e\x00",
    b"title: caf\xe9\n",
    b"%YAML 1.1\n---\ntitle: x\n",
    b"title: x\n---\nsecond: document\n",
]


@st.composite
def front_matter(draw) -> bytes:
    if draw(st.integers(0, 3)) == 0:
        return draw(st.sampled_from(HOSTILE_YAML))
    fields = draw(st.dictionaries(st.sampled_from(FIELDS), VALUES, max_size=8))
    if draw(st.booleans()):
        fields = {"title": "A page", "description": "A page.", "last_reviewed": "2026-11-01", **fields}
    text = yaml.safe_dump(fields, allow_unicode=True).encode("utf-8")
    noise = draw(st.binary(max_size=6))
    return text + noise if draw(st.booleans()) else text


@given(front_matter())
@PROPERTY
def test_any_front_matter_builds_or_is_reported_at_its_place(yaml_bytes):
    build_bounded({"site.yml": SITE_YML.encode(), "references.bib": BIB.encode(),
                   "content/index.md": b"---\n" + yaml_bytes + b"\n---\n\nBody [@a].\n"})


# Markdown: citation syntax in every position, inside code, links, headings, tables and lists.
TOKENS = ["[@a]", "[@a; @b, p. 5]", "[see @c, ch. 2; also -@d]", "@a", "@nosuch", "[@nosuch]", "-@b", "[-@e]",
          "[", "]", "(", ")", "[x](", "](crps.md)", "[link [@a]](index.md)", "![img](", "`", "``", "```\n", "\n",
          "\n\n", "# ", "## ", "#### ", "- ", "1. ", "> ", "    ", "| a | b |\n|---|---|\n| ", " | ", "\\[@a]",
          "\\@", "email@a.org", "https://x.org/@a", "<div>", "</div>", "<span markdown=1>", "{: #id .cls }", "*", "**",
          "_", "~~", "&amp;", "&", "<", ">", ":", ";", ",", "p.", "!!! warning \"T\"\n    ", "[^1]", "[^1]: note",
          "*[HTML]: Hyper", "Term\n: Definition", "[r]: index.md", "[r]", "<!-- -->", "\t", "\u00a0", "\u202e", "\x00"]


@given(st.lists(st.sampled_from(TOKENS) | st.text(max_size=6), max_size=60))
@PROPERTY
def test_any_markdown_with_citations_builds_or_is_reported_at_its_place(tokens):
    body = "".join(tokens)
    build_bounded({"site.yml": SITE_YML.encode(), "references.bib": BIB.encode(),
                   "content/index.md": page(body=body).encode("utf-8", "surrogatepass")})


# BibTeX: unbalanced braces, macros, unknown entry types, duplicate keys and LaTeX in every field.
BIB_TOKENS = ["@article{", "@misc{", "@book{", "@string{", "@comment{", "@preamble{", "@unknowntype{", "@ARTICLE{",
              "a", "b", "dup", ",", ", ", "=", " = ", "{", "}", "\"", "#", " # ", "author", "title", "year", "journal",
              "doi", "url", "pmid", "month", "date", "evidence", "2001", "n.d.", "jan", "13", "Smith, Ann and Jones, B.",
              "{World Health Organization}", "others", "\\'e", "\\\"{o}", "$x^2$", "\\textbf{", "\\unknownmacro",
              "\\", "%", "~", "--", "10.1000/x", "https://x.org", "javascript:alert(1)", "\n", "mymacro"]


@given(st.lists(st.sampled_from(BIB_TOKENS) | st.text(max_size=5), max_size=80))
@PROPERTY
def test_any_bibtex_builds_or_is_reported_at_its_place(tokens):
    build_bounded({"site.yml": SITE_YML.encode(), "references.bib": "".join(tokens).encode("utf-8", "surrogatepass"),
                   "content/index.md": page(body="Cited [@a] and [@b; @dup].").encode()})


def test_a_python_tag_in_front_matter_is_refused_and_runs_nothing(tmp_path):
    marker = tmp_path / "pwned"
    root = make_site(tmp_path / "site", {"index.md": f"---\ntitle: !!python/object/apply:os.system ['touch {marker}']\n"
                                                     "description: x.\nlast_reviewed: 2026-11-01\n---\nText.\n"})
    result = run_cli("--root", root)
    assert result.returncode == 1
    assert re.search(r"^content/index\.md:2:8: error: .*python", result.stderr, re.M)
    assert not marker.exists()


@pytest.mark.parametrize("case, expected", [
    ("no content folder", r"^content:1:1: error: the content/ folder is missing"),
    ("no references.bib", r"^references\.bib:1:1: error: references\.bib is missing"),
    ("no site.yml", r"^site\.yml:1:1: error: site\.yml is missing"),
    ("empty page", r"^content/index\.md:1:1: error: "),
    ("empty site.yml", r"^site\.yml:\d+:\d+: error: the required setting 'clinic' is missing"),
    ("tab-indented front matter", r"^content/index\.md:\d+:\d+: error: the YAML cannot be read"),
    ("latin-1 page", r"^content/index\.md:7:4: error: the file is not UTF-8 text"),
    ("page with a NUL", r"^content/index\.md:7:3: error: the file contains a NUL character"),
])
def test_broken_files_get_a_clear_message_and_exit_1(tmp_path, case, expected):
    root = make_site(tmp_path / "site", {"index.md": page()}, bib=BIB)
    index = root / "content" / "index.md"
    if case == "no content folder":
        for path in (root / "content").iterdir():
            path.unlink()
        (root / "content").rmdir()
    elif case == "no references.bib":
        (root / "references.bib").unlink()
    elif case == "no site.yml":
        (root / "site.yml").unlink()
    elif case == "empty page":
        index.write_text("")
    elif case == "empty site.yml":
        (root / "site.yml").write_text("")
    elif case == "tab-indented front matter":
        index.write_text("---\ntitle: A\nkey_points:\n\t- one\n---\nText.\n")
    elif case == "latin-1 page":
        index.write_bytes(page(body="Caf\xe9").encode("latin-1"))
    elif case == "page with a NUL":
        index.write_bytes(page(body="ab\x00c").encode())
    result = run_cli("--root", root)
    assert result.returncode == 1, result.stderr
    assert re.search(expected, result.stderr, re.M), result.stderr
    assert "Traceback" not in result.stderr


def test_tabs_bom_and_windows_line_endings_in_a_page_are_read_correctly(tmp_path):
    text = "\ufeff" + page(body="A list:\n\n-\tfirst [@a]\n-\tsecond\n").replace("\n", "\r\n")
    root = make_site(tmp_path / "site", {"index.md": text}, bib=BIB)
    result = build(root)
    assert result.report.errors == []
    assert '<li><span class="cite-joined">first<sup' in result.files["index.html"]


def test_a_10_mb_page_is_refused_at_once_and_a_1_mb_page_builds(tmp_path):
    paragraph = "Ketamine is a medicine [@a]. It can ease some kinds of long-lasting pain in some people.\n\n"
    root = make_site(tmp_path / "site", {"index.md": page(body=paragraph * (10_000_000 // len(paragraph))),
                                         "other.md": page(body=paragraph * (990_000 // len(paragraph)))}, bib=BIB)
    assert (root / "content" / "index.md").stat().st_size >= 10_000_000
    with time_bound(60):
        result = run_cli("--root", root, "--out", tmp_path / "out")
    assert result.returncode == 1
    assert re.search(r"^content/index\.md:1:1: error: the page is 10\.0 MB; a page may be at most 1 MB", result.stderr, re.M)
    (root / "content" / "index.md").write_text(page())
    with time_bound(60):
        result = run_cli("--root", root, "--out", tmp_path / "out")
    assert result.returncode == 0, result.stderr[-2000:]
    assert (tmp_path / "out" / "other" / "index.html").stat().st_size > 990_000


@pytest.mark.parametrize("where", ["content/secret.md", "content/leaflet.pdf", "static/logo.png"])
def test_a_symbolic_link_out_of_the_site_is_refused_and_nothing_is_published(tmp_path, where):
    secret = tmp_path / "private.txt"
    secret.write_text("---\ntitle: Secret\ndescription: x.\nlast_reviewed: 2026-11-01\n---\nPRIVATE DATA\n")
    root = make_site(tmp_path / "site", {"index.md": page()}, bib="")
    (root / where).parent.mkdir(exist_ok=True)
    os.symlink(secret, root / where)
    result = run_cli("--root", root, "--out", tmp_path / "out")
    assert result.returncode == 1
    assert f"{where}:1:1: error: '{where}' is a link to '{secret}', outside the site's folder [file.outside]" \
        in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_symbolic_link_inside_the_site_is_followed(tmp_path):
    root = make_site(tmp_path / "site", {"index.md": page(body="![A diagram](images/diagram.png)")}, bib="")
    (root / "shared").mkdir()
    (root / "shared" / "diagram.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (root / "content" / "images").mkdir()
    os.symlink(root / "shared" / "diagram.png", root / "content" / "images" / "diagram.png")
    result = build(root)
    assert result.report.errors == []
    assert "images/diagram.png" in result.copies


@pytest.mark.parametrize("target", ["../../etc/passwd", "/etc/passwd", "..%2F..%2Fetc%2Fpasswd", "a%00b.md",
                                    "file:///etc/passwd", "//evil.example/x.png"])
def test_links_and_images_cannot_reach_outside_the_site(tmp_path, target):
    root = make_site(tmp_path / "site", {"index.md": page(body=f"[A link]({target}) and ![A picture]({target})")})
    result = build(root)
    if target.startswith("//"):  # another site: a link to it is allowed; the page must not load it as an image
        assert result.report.errors == [] or all(e.code == "link.broken" for e in result.report.errors)
        return
    assert [e.code for e in result.report.errors] == ["link.broken", "link.broken"]
    assert all(e.path == "content/index.md" and e.line == 7 for e in result.report.errors)


@pytest.mark.parametrize("slug", ["../../outside", "/etc/cron.d/x", "a/../../b", "x\\u0000y", "..", "C:/Windows"])
def test_a_slug_cannot_place_a_page_outside_the_output_folder(tmp_path, slug):
    root = make_site(tmp_path / "site", {"index.md": page(), "evil.md": page(slug=f'"{slug}"')})
    result = run_cli("--root", root, "--out", tmp_path / "out")
    assert result.returncode == 1
    assert re.search(r"^content/evil\.md:\d+:7: error: the field 'slug' .* is not a valid slug", result.stderr, re.M), \
        result.stderr
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != ".cache") == ["site"]  # the cache sits beside the output
