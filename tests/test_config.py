"""site.yml: required settings, types, defaults and unknown settings."""

from conftest import build, first_line, make_site, messages, page

from patientsite.structure.config import DEFAULT_EVIDENCE_LABELS, load_config
from patientsite.structure.urls import normalise_base_url


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
    assert result.report.warnings[0].hint == "did you mean 'language' or 'languages'?"


def test_the_review_interval_sets_the_next_review_date(tmp_path):
    root = make_site(tmp_path, {"index.md": page()}, site_yml="title: T\nclinic:\n  name: C\nreview_interval_months: 3\n")
    assert 'Next review due: <time datetime="2027-02-01">' in build(root).files["index.html"]


def test_load_config_returns_its_findings_and_no_config_when_they_include_errors(tmp_path):
    root = make_site(tmp_path, {}, site_yml="title: T\nlangauge: fr\n")
    loaded = load_config(root / "site.yml", root)
    assert loaded.value is None
    assert [first_line(d) for d in loaded.findings] == ["site.yml:2:1: warning: unknown setting 'langauge'",
                                                        "site.yml:1:1: error: the required setting 'clinic' is missing"]


def test_what_is_worked_out_from_the_settings_when_they_are_loaded(tmp_path):
    site_yml = "title: T\nclinic:\n  name: C\nbase_url: https://example.org/x//\nevidence_labels:\n  ' Anecdote ': A story\n"
    root = make_site(tmp_path, {}, site_yml=site_yml)
    loaded = load_config(root / "site.yml", root)
    config = loaded.value
    assert loaded.findings == ()
    assert config.base_url == "https://example.org/x/"
    assert config.evidence_labels["anecdote"] == "A story"
    assert config.evidence_labels["guideline"] == DEFAULT_EVIDENCE_LABELS["guideline"]
    assert dict(config.lines) == {"title": 1, "clinic": 2, "base_url": 4, "evidence_labels": 5}
    assert (config.language, config.review_interval_months, config.search) == ("en", 12, True)  # the defaults


def test_a_base_url_ends_in_exactly_one_slash():
    assert normalise_base_url("https://example.org") == "https://example.org/"
    assert normalise_base_url("https://example.org/x///") == "https://example.org/x/"


def test_the_urgent_help_text_is_a_setting_with_the_signs_that_need_help_as_its_default(tmp_path):
    default = build(make_site(tmp_path / "default", {"index.md": page()}))
    assert "If you have chest pain, trouble breathing, fainting" in default.files["index.html"]
    french = "Si vous avez une douleur à la poitrine ou du mal à respirer, appelez le 911 & n'attendez pas."
    site_yml = f'title: T\nclinic:\n  name: C\nurgent_help: "{french}"\n'
    result = build(make_site(tmp_path / "own", {"index.md": page()}, site_yml=site_yml))
    assert messages(result) == []
    assert "appelez le 911 &amp; n&#39;attendez pas." in result.files["index.html"]
    assert "chest pain" not in result.files["index.html"]


def test_the_off_label_notice_says_what_the_treatment_is_approved_for(tmp_path):
    site_yml = ("title: T\nclinic:\n  name: C\napproved_for:\n"
                "  Ketamine for chronic pain: Ketamine is approved as a general anaesthetic.\n")
    pages = {"index.md": page(off_label="ketamine for chronic pain"),
             "other.md": page(off_label="lidocaine for nerve pain")}
    result = build(make_site(tmp_path, pages, site_yml=site_yml))
    assert messages(result) == []
    notice = " ".join(result.files["index.html"].split())
    assert ("ketamine for chronic pain is not officially approved for this use. "
            "Ketamine is approved as a general anaesthetic. Doctors may still") in notice
    # A use that site.yml does not describe keeps the general notice, with no one else's approval.
    other = " ".join(result.files["other/index.html"].split())
    assert "lidocaine for nerve pain is not officially approved for this use. Doctors may still" in other


def test_approved_for_must_map_each_use_to_a_sentence(tmp_path):
    site_yml = "title: T\nclinic:\n  name: C\napproved_for: [ketamine]\n"
    [message] = messages(build(make_site(tmp_path, {"index.md": page()}, site_yml=site_yml)))
    assert message.startswith("site.yml:4:15: error: the setting 'approved_for'")
