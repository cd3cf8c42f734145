"""site.yml: required settings, types, defaults and unknown settings."""

from conftest import build, make_site, messages, page


def test_missing_site_yml_is_an_error(tmp_path):
    root = make_site(tmp_path, {"index.md": page()})
    (root / "site.yml").unlink()
    assert messages(build(root)) == ["site.yml:1:1: error: site.yml is missing"]


def test_a_missing_clinic_name_and_a_bad_url_are_reported_at_their_lines(tmp_path):
    site_yml = "title: T\nclinic:\n  phone: 1\nbase_url: example.org\n"
    root = make_site(tmp_path, {"index.md": page()}, site_yml=site_yml)
    assert messages(build(root)) == [
        "site.yml:3:3: error: the setting 'clinic' needs a 'name'",
        "site.yml:4:11: error: the setting 'base_url' 'example.org' is not an http:// or https:// address",
    ]


def test_an_unknown_setting_is_a_warning_with_a_suggestion(tmp_path):
    root = make_site(tmp_path, {"index.md": page()}, site_yml="title: T\nclinic:\n  name: C\nlangauge: fr\n")
    result = build(root)
    assert messages(result) == ["site.yml:4:1: warning: unknown setting 'langauge'"]
    assert result.report.warnings[0].hint == "did you mean 'language'?"


def test_the_review_interval_sets_the_next_review_date(tmp_path):
    root = make_site(tmp_path, {"index.md": page()}, site_yml="title: T\nclinic:\n  name: C\nreview_interval_months: 3\n")
    assert 'Next review due: <time datetime="2027-02-01">' in build(root).files["index.html"]
