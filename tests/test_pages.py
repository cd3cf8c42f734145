"""Front matter: required fields, types, unknown fields, and the files editors really save."""

import datetime as dt

import pytest
from conftest import build, first_line, make_site, messages, page

from patientsite.build.cache import BuildCache
from patientsite.build.options import BuildOptions
from patientsite.build.pipeline import build_in_memory
from patientsite.structure.config import load_config
from patientsite.structure.pages import load_content


def problems_for(tmp_path, text: bytes | str, name="index.md"):
    root = make_site(tmp_path, {})
    path = root / "content" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    result = build(root)
    return result, messages(result)


def test_a_valid_page_builds_with_its_url_and_review_dates(tmp_path):
    result, problems = problems_for(tmp_path, page(title="Side effects"), "side-effects.md")
    assert [p for p in problems if "error" in p] == []
    html = result.files["side-effects/index.html"]
    assert "Next review due: <time datetime=\"2027-11-01\">" in html  # last_reviewed + 12 months
    assert "has not yet been reviewed by a clinician" in html


def test_a_missing_required_field_is_named(tmp_path):
    _, problems = problems_for(tmp_path, "---\ntitle: A\nlast_reviewed: 2026-01-01\n---\nText\n")
    assert "content/index.md:1:1: error: the required field 'description' is missing" in problems


def test_a_mistyped_value_is_reported_at_its_line(tmp_path):
    _, problems = problems_for(tmp_path, "---\ntitle: A\ndescription: B.\nlast_reviewed: 22/11/2026\n---\nText\n")
    assert problems == ["content/index.md:4:16: error: the field 'last_reviewed' must be a date written as "
                        "YYYY-MM-DD, not '22/11/2026'"]


def test_an_unknown_field_is_a_warning_with_a_suggestion(tmp_path):
    result, problems = problems_for(tmp_path, page(reviewd_by="Dr X"))
    assert problems == ["content/index.md:5:1: warning: unknown field 'reviewd_by'"]
    assert result.report.warnings[0].hint.startswith("did you mean 'reviewed_by'")


def test_yaml_words_stay_text_in_text_fields(tmp_path):
    result, problems = problems_for(tmp_path, "---\ntitle: no\ndescription: 2020\nlast_reviewed: 2026-01-01\n---\n")
    assert problems == []
    assert "<h1>no</h1>" in result.files["index.html"]


def test_a_description_over_160_characters_is_an_error(tmp_path):
    _, problems = problems_for(tmp_path, page().replace("A test page.", "x" * 161))
    assert problems == ["content/index.md:3:14: error: the field 'description' is 161 characters long; the limit is 160"]


@pytest.mark.parametrize("text, expected", [
    ("", "content/index.md:1:1: error: the page is empty"),
    ("Just text\n", "content/index.md:1:1: error: the page does not start with front matter"),
    ("---\ntitle: A\n", "content/index.md:1:1: error: the front matter is not closed"),
    ("---\ntitle: [A\n---\n",
     "content/index.md:3:1: error: the YAML cannot be read: expected ',' or ']', but got '<stream end>'"),
    ("---\n- a list\n---\n", "content/index.md:2:1: error: expected fields written as 'name: value', one per line"),
    ("---\ntitle: !!python/object:os.system x\n---\n",
     "content/index.md:2:8: error: the YAML cannot be read: could not determine a constructor for the tag "
     "'tag:yaml.org,2002:python/object:os.system'"),
])
def test_broken_front_matter_gets_a_clear_message(tmp_path, text, expected):
    _, problems = problems_for(tmp_path, text)
    assert problems == [expected]


def test_bom_and_windows_line_endings_are_accepted(tmp_path):
    text = "\ufeff" + page(body="Line one.\n\n## Two\n").replace("\n", "\r\n")
    result, problems = problems_for(tmp_path, text)
    assert problems == []
    assert '<h2 id="two">Two</h2>' in result.files["index.html"]


def test_a_latin1_file_is_refused_with_the_place_of_the_first_bad_byte(tmp_path):
    _, problems = problems_for(tmp_path, page(body="Caf\xe9\n").encode("latin-1"))
    assert problems == ["content/index.md:7:4: error: the file is not UTF-8 text (it may have been saved as "
                        "Latin-1 or Windows-1252)"]


def test_two_pages_with_the_same_address_are_an_error(tmp_path):
    root = make_site(tmp_path, {"a.md": page(slug="same"), "b.md": page(slug="same"), "index.md": page()})
    assert "content/b.md:1:1: error: the page's address '/same/' is already used by content/a.md" in messages(build(root))


def test_a_draft_is_left_out(tmp_path):
    root = make_site(tmp_path, {"index.md": page(), "wip.md": page(draft="true")})
    result = build(root)
    assert "wip/index.html" not in result.files and result.report.errors == []


def test_pages_without_a_reviewer_fail_when_the_site_requires_review(tmp_path):
    site_yml = "title: T\nclinic:\n  name: C\nreview_missing: error\n"
    root = make_site(tmp_path, {"index.md": page(), "ok.md": page(reviewed_by="Dr A, MD")}, site_yml=site_yml)
    assert messages(build(root)) == ["content/index.md:1:1: error: the page has not been clinically reviewed "
                                     "('reviewed_by' is empty); it tells readers so"]


def test_load_content_returns_its_findings_with_the_pages_it_could_read(tmp_path):
    root = make_site(tmp_path, {"index.md": page(reviewd_by="X"), "broken.md": "Just text\n"})
    loaded = load_content(root / "content", load_config(root / "site.yml", root).value, root)
    assert [first_line(d) for d in loaded.findings] == [
        "content/broken.md:1:1: error: the page does not start with front matter",
        "content/index.md:5:1: warning: unknown field 'reviewd_by'"]
    assert [p.rel_path for p in loaded.value.pages] == ["index.md"]


def test_a_page_allows_warnings_of_its_own_checks_but_not_of_its_front_matter(tmp_path):
    allow = "\n  risk.vague: the list is on another page\n  frontmatter.unknown-field: not silenced"
    root = make_site(tmp_path, {"index.md": page(body="Side effects are common.", colour="red", allow=allow)})
    loaded = load_content(root / "content", load_config(root / "site.yml", root).value, root)
    assert loaded.value.pages[0].allow == {"risk.vague", "frontmatter.unknown-field"}
    cache = BuildCache()
    for _ in range(2):  # the second build reuses the page and its front matter from the cache
        report = build_in_memory(BuildOptions(root=root), cache).report
        assert [d.code for d in report.warnings if d.path == "content/index.md"] == ["frontmatter.unknown-field"]
        assert [d.code for d in report.silenced] == ["risk.vague"]
    assert cache.built == 0


@pytest.mark.parametrize("field, value, reason", [
    ("last_reviewed", "2026-13-01", "there is no month 13 (months run from 01 to 12)"),
    ("last_reviewed", "2026-02-30", "there is no day 30 (February 2026 has 28 days)"),
    ("next_review", "2027-00-10", "there is no month 0 (months run from 01 to 12)"),
    ("last_reviewed", "'2026-13-01'", "there is no month 13 (months run from 01 to 12)"),
])
def test_an_impossible_date_is_an_error_at_its_field_not_a_crash(tmp_path, field, value, reason):
    fields = {"title": "A", "description": "A test page.", "last_reviewed": "2026-11-01", field: value}
    text = "---\n" + "\n".join(f"{name}: {written}" for name, written in fields.items()) + "\n---\n\nText.\n"
    _, problems = problems_for(tmp_path, text)
    line = list(fields).index(field) + 2
    col = len(field) + 3
    assert problems == [f"content/index.md:{line}:{col}: error: the field '{field}' is '{value.strip(chr(39))}', "
                        f"a date that does not exist: {reason}"]


def test_a_date_shaped_value_in_a_text_setting_is_text(tmp_path):
    root = make_site(tmp_path, {"index.md": page()}, site_yml="title: 2026-13-01\nclinic:\n  name: C\n")
    result = build(root)
    assert not result.report.errors


def test_a_last_review_after_the_build_s_day_is_an_error(tmp_path):
    root = make_site(tmp_path, {"index.md": page().replace("last_reviewed: 2026-11-01", "last_reviewed: 2029-11-20")})
    result = build_in_memory(BuildOptions(root=root, today=dt.date(2026, 12, 1)))
    assert [first_line(d) for d in result.report.errors] == [
        "content/index.md:4:16: error: 'last_reviewed' is 2029-11-20, after the day of this build (2026-12-01): "
        "readers would be told the page was reviewed on a day still to come"]


def test_a_tab_in_front_matter_says_to_indent_with_spaces(tmp_path):
    diagnostics = build(make_site(tmp_path, {"index.md": page(key_points="\n\t- one")})).report.errors
    assert [(first_line(d), d.hint) for d in diagnostics] == [
        ("content/index.md:6:1: error: the YAML cannot be read: a tab is used to indent",
         "indent with spaces, not tabs: YAML does not allow a tab here; replace it with two spaces")]


def test_an_unreviewed_page_gives_its_date_as_last_updated_and_a_reviewed_one_as_last_reviewed(tmp_path):
    root = make_site(tmp_path, {"index.md": page("Home"), "checked.md": page("Checked", reviewed_by="Dr Example, MD")})
    result = build(root)
    assert "Page last updated: <time" in result.files["index.html"]
    assert "Page last reviewed" not in result.files["index.html"]
    assert "Page last reviewed: <time" in result.files["checked/index.html"]
