"""The mistakes clinic staff make, each answered once, at its place, in `build` and in the live preview.

Each mistake is made in a copy of the basic site that built cleanly. The build must print exactly
the expected findings (one per real mistake, no cascade), never a traceback, and a failed build
must leave the last good output as it was. Then the whole set is made, one after another, while one
preview runs: it must keep running, show each error in the page, and recover when it is undone.
"""

from __future__ import annotations

import html
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest
from conftest import FIXTURES, run_cli
from helpers_html import tree_digest
from helpers_preview import after_next_build, running_preview, served, status

# The build's date, so that a message that names it is the same on every day the tests run.
TODAY = {"SOURCE_DATE_EPOCH": "1796083200"}  # 2026-12-01
FINDING = re.compile(r"^\S+:\d+:\d+: (?:error|warning|notice): .*$", re.M)


def edit(path: str, old: str, new: str) -> Callable[[Path], None]:
    def change(root: Path) -> None:
        file = root / path
        text = file.read_text(encoding="utf-8")
        assert old in text, (path, old)
        file.write_text(text.replace(old, new, 1), encoding="utf-8")
    return change


def save_latin1(root: Path) -> None:
    page = root / "content" / "guides" / "treatments.md"
    page.write_bytes(page.read_text(encoding="utf-8").replace("agree.", "agree, café.").encode("latin-1"))


def add_page(name: str, text: str) -> Callable[[Path], None]:
    def change(root: Path) -> None:
        (root / "content" / name).write_text(text, encoding="utf-8")
    return change


@dataclass(frozen=True)
class Mistake:
    name: str
    make: Callable[[Path], None]
    expected: tuple[str, ...]  # every finding but the notices the clean site has too, exactly as printed


GUIDE = "content/guides/treatments.md"
MISTAKES = [
    Mistake("a month 13", edit("content/index.md", "last_reviewed: 2026-11-01", "last_reviewed: 2026-13-01"), (
        "content/index.md:4:16: error: the field 'last_reviewed' is '2026-13-01', a date that does not exist: "
        "there is no month 13 (months run from 01 to 12) [frontmatter.invalid]",)),
    Mistake("February 30", edit("content/index.md", "last_reviewed: 2026-11-01", "last_reviewed: 2026-02-30"), (
        "content/index.md:4:16: error: the field 'last_reviewed' is '2026-02-30', a date that does not exist: "
        "there is no day 30 (February 2026 has 28 days) [frontmatter.invalid]",)),
    Mistake("a month 0 in next_review", edit("content/index.md", "order: 0", "order: 0\nnext_review: 2027-00-10"), (
        "content/index.md:6:14: error: the field 'next_review' is '2027-00-10', a date that does not exist: "
        "there is no month 0 (months run from 01 to 12) [frontmatter.invalid]",)),
    Mistake("a date written the other way", edit("content/index.md", "2026-11-01", "01/11/2026"), (
        "content/index.md:4:16: error: the field 'last_reviewed' must be a date written as YYYY-MM-DD, "
        "not '01/11/2026' [frontmatter.invalid]",)),
    Mistake("a BibTeX date with a month 13", edit("references.bib", "year    = {2004},", "date    = {2004-13-01},"), (
        "references.bib:8:3: error: 'alpha2004' has the date '2004-13-01': there is no month 13 "
        "(months run from 01 to 12) [bibtex.date]",)),
    Mistake("a BibTeX urldate of February 30",
            edit("references.bib", "evidence = {retrospective study}",
                 "evidence = {retrospective study},\n  urldate = {2026-02-30}"), (
        "references.bib:14:3: error: 'alpha2004' has the urldate '2026-02-30': there is no day 30 "
        "(February 2026 has 28 days) [bibtex.date]",)),
    Mistake("a tab in a page that others link to", edit(GUIDE, "off_label: ketamine for chronic pain",
                                                       "key_points:\n\t- one"), (
        f"{GUIDE}:8:1: error: the YAML cannot be read: a tab is used to indent [yaml.syntax]",)),
    Mistake("a front matter never closed", edit(GUIDE, "chronic pain\n---", "chronic pain\n"), (
        f"{GUIDE}:1:1: error: the front matter is not closed [frontmatter.invalid]",)),
    Mistake("a linked page saved as Latin-1", save_latin1, (
        f"{GUIDE}:12:72: error: the file is not UTF-8 text (it may have been saved as Latin-1 or Windows-1252) "
        "[file.encoding]",)),
    Mistake("a link to a draft", edit(GUIDE, "chronic pain\n", "chronic pain\ndraft: true\n"), (
        "content/index.md:10:24: error: the link 'guides/treatments.md' points to 'guides/treatments.md', which is a "
        "draft: drafts are left out of the site, so the link would be broken when it is published [link.broken]",)),
    Mistake("a review in the future", edit("content/index.md", "2026-11-01", "2029-11-20"), (
        "content/index.md:4:16: error: 'last_reviewed' is 2029-11-20, after the day of this build (2026-12-01): "
        "readers would be told the page was reviewed on a day still to come [review.future]",)),
    Mistake("a misspelt citation key", edit("content/index.md", "[@alpha2004]", "[@alpha2040]"), (
        "content/index.md:7:48: error: unknown citation key 'alpha2040' [citation.unknown]",)),
    Mistake("a key point that starts with a citation",
            edit("content/index.md", "  - One study found relief in 25 of 33 people [@alpha2004].",
                 "  - [@alpha2004] found relief in 25 of 33 people."), (
        "content/index.md:7:6: error: the YAML cannot be read: found character '@' that cannot start any token "
        "[yaml.syntax]",)),
    Mistake("a colon in a description", edit("content/index.md", "description: What", "description: Note: what"), (
        "content/index.md:3:18: error: the YAML cannot be read: mapping values are not allowed here [yaml.syntax]",)),
    Mistake("a reference pasted twice", edit("references.bib", "% A small library",
                                             "@article{who2020, title = {Copy}, year = {2020}}\n% A small library"), (
        "references.bib:41:7: error: the key 'who2020' is used twice: on line 1 and on line 41 [bibtex.duplicate]",)),
    Mistake("a comma missing between BibTeX fields", edit("references.bib", "  journal = painmed,\n", "  journal = painmed\n"), (
        "references.bib:7:3: error: field 'journal' of 'alpha2004': a comma is missing before 'year' [bibtex.value]",)),
    Mistake("a tab in site.yml", edit("site.yml", "  name: Example Clinic", "\tname: Example Clinic"), (
        "site.yml:5:1: error: the YAML cannot be read: a tab is used to indent [yaml.syntax]",)),
    Mistake("a footer link to a missing page", edit("site.yml", "review_interval_months: 6",
                                                    "review_interval_months: 6\nfooter_links: [about.md]"), (
        "site.yml:12:1: error: 'footer_links' names 'about.md', which is not a page in content/ [config.footer]",)),
    # Warnings: the build goes on, and the preview shows the site.
    Mistake("a placeholder phone number", edit("site.yml", "phone: 555 0100", 'phone: "[000 000 0000]"'), (
        "site.yml:6:11: warning: 'clinic.phone' holds a placeholder, '[000 000 0000]': readers would see it "
        "[config.placeholder]",)),
    Mistake("a citation never closed", edit("content/index.md", "@who2020].", "@who2020."), (
        "content/index.md:12:22: warning: the citation [@finn2015 is not closed [citation.unclosed]",)),
    Mistake("a misspelt field", edit("content/index.md", "order: 0", "ordr: 0"), (
        "content/index.md:5:1: warning: unknown field 'ordr' [frontmatter.unknown-field]",)),
    Mistake("a one-sentence page", add_page("tiny.md", "---\ntitle: Tiny\ndescription: A tiny page.\n"
                                            "last_reviewed: 2026-11-01\n---\n\nKetamine is an anaesthetic medicine that "
                                            "doctors sometimes use for long-lasting, difficult neuropathic pain.\n"), ()),
]
ERRORS = [m for m in MISTAKES if any(": error: " in line for line in m.expected)]


def clean_site(path: Path) -> Path:
    root = Path(shutil.copytree(FIXTURES / "basic", path))
    result = run_cli("--root", root, env=TODAY)
    assert result.returncode == 0 and "0 errors, 0 warnings" in result.stdout, result.stdout + result.stderr
    return root


# The notices of the clean site, which every build of it repeats: the fixture's page awaits review,
# and cites the same sources in two sentences in a row on purpose.
CLEAN_NOTICES = ("[review.missing]", "[citation.repeated]")


def findings(output: str) -> list[str]:
    return [line for line in FINDING.findall(output) if not line.endswith(CLEAN_NOTICES)]


@pytest.mark.parametrize("mistake", MISTAKES, ids=[m.name for m in MISTAKES])
def test_each_mistake_gets_one_message_at_its_place_and_a_failed_build_keeps_the_last_site(tmp_path, mistake):
    root = clean_site(tmp_path / "site")
    before = tree_digest(root / "_site")
    mistake.make(root)
    result = run_cli("--root", root, env=TODAY)
    output = result.stdout + result.stderr
    assert findings(output) == list(mistake.expected), output
    assert "Traceback" not in output and "internal error" not in output
    if mistake in ERRORS:
        assert result.returncode == 1
        assert tree_digest(root / "_site") == before, "a failed build changed the last good site"
    else:
        assert result.returncode == 0, output


@pytest.mark.parametrize("mistake", [m for m in MISTAKES if m.name in ("a tab in a page that others link to",
                                                                        "a key point that starts with a citation",
                                                                        "a colon in a description")],
                         ids=lambda m: m.name)
def test_a_yaml_mistakes_hint_says_how_to_write_it(tmp_path, mistake):
    root = clean_site(tmp_path / "site")
    mistake.make(root)
    stderr = run_cli("--root", root, env=TODAY).stderr
    hint = stderr.split("[yaml.syntax]\n    hint: ", 1)[1].split("\n")[0]
    assert hint == {
        "a tab in a page that others link to":
            "indent with spaces, not tabs: YAML does not allow a tab here; replace it with two spaces",
        "a key point that starts with a citation":
            "YAML does not allow a value to start with '[@': put the whole value in quotes, as in "
            '- "[@alpha2004] found relief in 25 of 33 people."',
        "a colon in a description":
            "text with ': ' in it must be in quotes, as in description: \"Note: what this example site covers and "
            'where to start."',
    }[mistake.name]


def site_files(root: Path) -> list[Path]:
    """The site's own files: not its output or its cache."""
    return [path for path in root.rglob("*") if path.is_file() and not {"_site", ".cache"} & set(path.parts)]


def test_the_preview_shows_each_error_in_the_page_keeps_running_and_recovers(tmp_path):
    root = clean_site(tmp_path / "site")
    good = {path: path.read_bytes() for path in site_files(root)}
    with running_preview(root, env=TODAY) as (url, printed):
        generation = status(url)["generation"]
        for mistake in ERRORS:
            mistake.make(root)
            now = after_next_build(url, generation)
            shown = [f"{e['path']}:{e['line']}:{e['col']}: error: {e['message']}" for e in now["errors"]]
            expected = [line.rsplit(" [", 1)[0] for line in mistake.expected if ": error: " in line]
            assert shown == expected, mistake.name
            _, page = served(url)
            for error in now["errors"]:
                assert html.escape(error["message"]) in page, (mistake.name, "the error is not shown in the page")
            assert "<h1>Welcome</h1>" in page  # on top of the last good site
            for path in site_files(root):  # undo: every file as it was, and nothing added
                if path not in good:
                    path.unlink()
            for path, data in good.items():
                if path.read_bytes() != data:
                    path.write_bytes(data)
            now = after_next_build(url, now["generation"])
            assert now["ok"], (mistake.name, now)
            assert 'id="preview-overlay"' not in served(url)[1]
            generation = now["generation"]
    assert "Traceback" not in printed[0] and "internal error" not in printed[0]
