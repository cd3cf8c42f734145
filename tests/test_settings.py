"""A page shows site.yml's texts with {{ clinic.prices.infusion }}: the clinic's disclosure and prices
are written once, shown where pages name them, and flagged as placeholders until they are filled in."""

from __future__ import annotations

import datetime as dt

from conftest import html_of, make_site, messages, page

from patientsite.build.options import BuildOptions
from patientsite.build.pipeline import build_in_memory

SITE_YML = """\
title: A clinic's site
clinic:
  name: Lakeside Pain Clinic
  disclosure: >-
    Lakeside Pain Clinic gives ketamine infusions and is paid for each one.
    [Any other financial interest]
  prices:
    infusion: "$400 to $600"
    course: "[$000 to $000]"
"""


def built(root, **options):
    return build_in_memory(BuildOptions(root=root, today=dt.date(2026, 12, 1), **options))


def site(tmp_path, body: str, site_yml: str = SITE_YML):
    return built(make_site(tmp_path, {"index.md": page(body=body)}, site_yml=site_yml))


def findings(result, code: str) -> list[str]:
    return [line for line in messages(result) if line.endswith(f"[{code}]") or code in line]


def test_a_page_shows_a_setting_where_it_names_it(tmp_path):
    result = site(tmp_path, "One infusion costs {{ clinic.prices.infusion }}, at {{clinic.name}}.\n")
    text = html_of(result, "index.html").xpath("//main")[0].text_content()
    assert "One infusion costs $400 to $600, at Lakeside Pain Clinic." in text
    assert not [d for d in result.report.diagnostics if d.code == "page.setting"]


def test_a_placeholder_in_a_setting_is_marked_on_the_page_and_reported_once_in_site_yml(tmp_path):
    result = site(tmp_path, "A course costs {{ clinic.prices.course }}.\n")
    marks = html_of(result, "index.html").xpath("//main//mark[@class='placeholder']")
    assert [mark.text_content() for mark in marks] == ["[$000 to $000]"]
    placeholders = [(d.path, d.line, d.col, d.code) for d in result.report.diagnostics if "placeholder" in d.code]
    # The disclosure's placeholder is on the second line of its folded text; the course's in its quotes.
    assert placeholders == [("site.yml", 6, 5, "config.placeholder"), ("site.yml", 9, 14, "config.placeholder")]


def test_the_disclosure_is_shown_at_the_foot_of_every_page_with_its_placeholder_marked(tmp_path):
    result = built(make_site(tmp_path, {"index.md": page(), "other.md": page("Other")}, site_yml=SITE_YML))
    for path in ("index.html", "other/index.html"):
        disclosure = html_of(result, path).xpath("//footer//p[@class='disclosure']")[0]
        assert "Lakeside Pain Clinic gives ketamine infusions and is paid for each one." in disclosure.text_content()
        assert [mark.text_content() for mark in disclosure.xpath(".//mark[@class='placeholder']")] == [
            "[Any other financial interest]"]


def test_an_unknown_setting_is_one_error_at_its_place_with_the_nearest_name(tmp_path):
    result = site(tmp_path, "One infusion costs {{ clinic.prices.infusoin }}.\n")
    errors = [d for d in result.report.diagnostics if d.code == "page.setting"]
    assert [(d.path, d.line, d.col, d.message) for d in errors] == [
        ("content/index.md", 7, 20, "site.yml has no text setting 'clinic.prices.infusoin'")]
    assert errors[0].hint.startswith("did you mean 'clinic.prices.infusion'")
    assert result.failed(strict=False)


def test_a_group_of_settings_is_not_a_text_and_the_error_names_its_texts(tmp_path):
    result = site(tmp_path, "Prices: {{ clinic.prices }}.\n")
    errors = [d for d in result.report.diagnostics if d.code == "page.setting"]
    assert len(errors) == 1
    assert errors[0].message == "'clinic.prices' in site.yml is a group of settings, not a text"
    assert "'clinic.prices.course', 'clinic.prices.infusion'" in errors[0].hint


def test_a_setting_in_code_or_escaped_stays_as_written(tmp_path):
    result = site(tmp_path, "Write `{{ clinic.name }}` in a page, or \\{{ clinic.name }}.\n")
    text = html_of(result, "index.html").xpath("//main")[0].text_content()
    assert "Write {{ clinic.name }} in a page, or {{ clinic.name }}." in text
    assert not [d for d in result.report.diagnostics if d.code == "page.setting"]


def test_a_setting_is_text_never_html(tmp_path):
    site_yml = SITE_YML.replace("$400 to $600", "<script>alert(1)</script> **$400**")
    result = site(tmp_path, "Price: {{ clinic.prices.infusion }}\n", site_yml)
    html = result.files["index.html"]
    assert "<script>alert" not in html and "<strong>$400" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; **$400**" in html


def test_changing_a_price_rebuilds_the_page_that_shows_it(tmp_path):
    root = make_site(tmp_path, {"index.md": page(body="Price: {{ clinic.prices.infusion }}\n")}, site_yml=SITE_YML)
    from patientsite.build.cache import BuildCache

    cache = BuildCache()
    first = build_in_memory(BuildOptions(root=root, today=dt.date(2026, 12, 1)), cache=cache)
    assert "$400 to $600" in first.files["index.html"]
    (root / "site.yml").write_text(SITE_YML.replace("$400 to $600", "$450 to $650"), encoding="utf-8")
    second = build_in_memory(BuildOptions(root=root, today=dt.date(2026, 12, 1)), cache=cache)
    assert "$450 to $650" in second.files["index.html"] and "$400" not in second.files["index.html"]


def test_a_disclosure_or_prices_of_the_wrong_shape_is_a_site_yml_error(tmp_path):
    wrong = SITE_YML.replace('    infusion: "$400 to $600"\n    course: "[$000 to $000]"\n', "    - $400\n")
    result = site(tmp_path, "Text.\n", wrong)
    assert [d.code for d in result.report.diagnostics if d.severity.value == "error"] == ["config.invalid"]
    assert "'prices' must name each price" in result.report.diagnostics[0].message


def test_every_placeholder_the_theme_shows_is_marked_as_one(tmp_path):
    site_yml = SITE_YML.replace("  name: Lakeside Pain Clinic\n", '  name: "[Clinic name]"\n  phone: "[000 000 0000]"\n')
    site_yml += 'emergency:\n  - label: Emergency services\n    number: "[Your local emergency number]"\n'
    doc = html_of(site(tmp_path, "Text.\n", site_yml), "index.html")
    marked = [mark.text_content() for mark in doc.xpath("//mark[@class='placeholder']")]
    assert marked == ["[Your local emergency number]", "[Clinic name]", "[000 000 0000]", "[Any other financial interest]"]
    assert not doc.xpath("//a[starts-with(@href, 'tel:')]")
