"""Placeholders never reach the public: a warning while a site is written, an error when it is published."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import BIB, make_site, page, run_cli

from patientsite.build.options import BuildOptions
from patientsite.build.pipeline import build_in_memory

SITE_YML = """\
title: A clinic's site
clinic:
  name: "[Clinic name]"
  phone: "[000 000 0000]"
  email: placeholder@example.org
emergency:
  - label: Emergency services
    number: "911"
"""


def findings(result, code: str) -> list[str]:
    return [f.format().split("\n")[0] for f in result.report.diagnostics if f.code == code]


def built(root, **options):
    return build_in_memory(BuildOptions(root=root, today=dt.date(2026, 12, 1), **options))


def test_each_placeholder_in_site_yml_is_a_warning_at_its_place(tmp_path):
    result = built(make_site(tmp_path, {"index.md": page()}, BIB, site_yml=SITE_YML))
    assert findings(result, "config.placeholder") == [
        "site.yml:3:10: warning: 'clinic.name' holds a placeholder, '[Clinic name]': readers would see it "
        "[config.placeholder]",
        "site.yml:4:11: warning: 'clinic.phone' holds a placeholder, '[000 000 0000]': readers would see it "
        "[config.placeholder]",
        "site.yml:5:10: warning: 'clinic.email' holds an example address, 'placeholder@example.org': it reaches nobody "
        "[config.placeholder]",
    ]
    hint = next(f.hint for f in result.report.diagnostics if f.code == "config.placeholder" and f.line == 4)
    assert hint.startswith("write the clinic's real phone number before the site is published")
    assert not result.failed(strict=False) and result.failed(strict=True)


def test_a_placeholder_phone_or_address_is_shown_as_text_never_as_a_link(tmp_path):
    result = built(make_site(tmp_path, {"index.md": page()}, BIB, site_yml=SITE_YML))
    html = result.files["index.html"]
    assert '<li>Phone: <mark class="placeholder">[000 000 0000]</mark></li>' in html and "tel:0000" not in html
    assert '<li>Email: <mark class="placeholder">placeholder@example.org</mark></li>' in html and "mailto:" not in html
    assert '<a href="tel:911">911</a>' in html  # a real number stays a link
    real = SITE_YML.replace('"[000 000 0000]"', "+1 613 555 0100").replace("placeholder@example.org", "info@clinic.ca")
    html = built(make_site(tmp_path / "real", {"index.md": page()}, BIB, site_yml=real)).files["index.html"]
    assert '<a href="tel:+16135550100">+1 613 555 0100</a>' in html
    assert '<a href="mailto:info@clinic.ca">info@clinic.ca</a>' in html


def test_publishing_with_placeholders_fails_and_keeps_the_last_good_site(tmp_path):
    root = make_site(tmp_path, {"index.md": page()}, BIB,
                     site_yml=SITE_YML.replace('"[000 000 0000]"', "613 555 0100"))
    assert run_cli("--root", root).returncode == 0
    before = (root / "_site" / "index.html").read_bytes()
    (root / "site.yml").write_text(SITE_YML)
    result = run_cli("--root", root, "--base-url", "https://clinic.ca/")
    assert result.returncode == 1
    assert "site.yml:4:11: error: 'clinic.phone' holds a placeholder, '[000 000 0000]'" in result.stderr
    assert "a site is not published with placeholders" in result.stderr
    assert "Traceback" not in result.stderr
    assert (root / "_site" / "index.html").read_bytes() == before


def test_a_demonstration_accepts_placeholders_and_tells_every_reader(tmp_path):
    root = make_site(tmp_path, {"index.md": page(), "other.md": page("Other")}, BIB, site_yml=SITE_YML)
    result = built(root, demo=True, base_url="https://demo.example/", strict=True)
    assert {f.severity.value for f in result.report.diagnostics if f.code == "config.placeholder"} == {"notice"}
    assert not result.failed(strict=True)
    for name in ("index.html", "other/index.html", "sources/index.html", "404.html"):
        assert "This is a demonstration of the site, not a real clinic's" in result.files[name], name
    assert "demonstration" not in built(root).files["index.html"]


@pytest.mark.parametrize("body, expected", [
    ("Call us at [phone number].\n", "content/index.md:7:12"),
    ("Some text.\n\n- Our hours are [Monday to Friday].\n", "content/index.md:9:17"),
    ("Write to info@example.com today.\n", "content/index.md:7:10"),
])
def test_a_placeholder_a_page_shows_is_found_where_it_was_written(tmp_path, body, expected):
    result = built(make_site(tmp_path, {"index.md": page(body=body)}, BIB))
    assert [f.split(": warning: ")[0] for f in findings(result, "page.placeholder")] == [expected]


def test_a_placeholder_in_the_front_matter_is_found_at_its_field(tmp_path):
    text = page(key_points="\n  - '[Write the first key point]'")
    result = built(make_site(tmp_path, {"index.md": text}, BIB))
    assert findings(result, "page.placeholder") == [
        "content/index.md:6:6: warning: the page shows a placeholder, '[Write the first key point]': "
        "readers would see it [page.placeholder]"]


def test_brackets_that_are_not_placeholders_are_left_alone(tmp_path):
    body = ("A claim [@a]. Two claims [@a; @a, p. 2]. A [link](https://clinic.ca/) and [another][ref].\n\n"
            "- [ ] a box to tick\n- [x] a ticked box\n\n[ref]: https://clinic.ca/other\n")
    result = built(make_site(tmp_path, {"index.md": page(body=body)}, BIB))
    assert findings(result, "page.placeholder") == []
