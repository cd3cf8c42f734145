"""The words around citations and dates come from the theme's templates: a clinic translates them there."""

import datetime as dt
from pathlib import Path

import pytest
from conftest import BIB, PROJECT, build, html_of, make_site, page

from patientsite.diagnostics import ContentError
from patientsite.theme.loader import Theme

CITATION_PARTIAL = (PROJECT / "templates" / "partials" / "citation.html").read_text()


def own_template(root: Path, name: str, text: str) -> None:
    path = root / "templates" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_a_citation_links_accessible_name_is_the_themes_label_macro(tmp_path):
    root = make_site(tmp_path, {"index.md": page(body="One [@a]. Two [@d].")}, BIB)
    own_template(root, "partials/citation.html", CITATION_PARTIAL.replace("Source {{ number }}:", "Référence {{ number }} :"))
    links = html_of(build(root), "index.html").xpath("//button[@class='cite']")
    assert [link.get("aria-label") for link in links] == ["Référence 1 : Alpha. First. J. 2001.",
                                                          "Référence 2 : Delta. Fourth? J. 2004."]


def test_a_date_is_written_in_english_by_the_default_theme(tmp_path):
    own_template(tmp_path, "date.txt", "{{ day | format_date }} / {{ day | format_date('iso') }} / {{ none | format_date }}")
    text = Theme(tmp_path).render("date.txt", day=dt.date(2026, 11, 2), none=None)
    assert text == "November 2, 2026 / 2026-11-02 / "


def test_a_sites_own_dates_partial_words_every_long_date(tmp_path):
    own_template(tmp_path, "partials/dates.html", """\
{% set months = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
                 "novembre", "décembre"] %}
{% macro long_date(date) %}{{ date.day }} {{ months[date.month - 1] }} {{ date.year }}{% endmacro %}
""")
    own_template(tmp_path, "date.html", "<time datetime=\"{{ day | format_date('iso') }}\">{{ day | format_date }}</time>")
    text = Theme(tmp_path).render("date.html", day=dt.date(2026, 8, 22))
    assert text == '<time datetime="2026-08-22">22 août 2026</time>'


def test_a_dates_partial_without_its_macro_is_a_template_error_that_names_it(tmp_path):
    own_template(tmp_path, "partials/dates.html", "{# emptied #}\n")
    own_template(tmp_path, "date.html", "{{ day | format_date }}")
    with pytest.raises(ContentError) as raised:
        Theme(tmp_path).render("date.html", day=dt.date(2026, 8, 22))
    diagnostic = raised.value.diagnostic
    assert diagnostic.code == "template.error"
    assert "partials/dates.html" in diagnostic.message and "long_date" in diagnostic.message
