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


def own_words(root: Path, language: str, text: str) -> None:
    path = root / "templates" / "i18n" / f"{language}.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_a_citation_links_accessible_name_is_the_themes_words_for_it(tmp_path):
    root = make_site(tmp_path, {"index.md": page(body="One [@a]. Two [@d].")}, BIB)
    own_words(root, "en", 'citation:\n  label: "Reference {number}: {preview}"\n')
    links = html_of(build(root), "index.html").xpath("//button[@class='cite']")
    assert [link.get("aria-label") for link in links] == ["Reference 1: Alpha. First. J. 2001.",
                                                          "Reference 2: Delta. Fourth? J. 2004."]


def test_a_date_is_written_in_english_by_the_default_theme(tmp_path):
    own_template(tmp_path, "date.txt", "{{ day | format_date }} / {{ day | format_date('iso') }} / {{ none | format_date }}")
    text = Theme(tmp_path).render("date.txt", day=dt.date(2026, 11, 2), none=None)
    assert text == "November 2, 2026 / 2026-11-02 / "


def test_a_site_in_french_writes_its_dates_in_french_from_cldr(tmp_path):
    own_template(tmp_path, "date.html", "<time datetime=\"{{ day | format_date('iso') }}\">{{ day | format_date }}</time>")
    text = Theme(tmp_path, language="fr").render("date.html", day=dt.date(2026, 8, 22))
    assert text == '<time datetime="2026-08-22">22 août 2026</time>'
    assert Theme(tmp_path, language="fr-CA").render("date.html", day=dt.date(2026, 2, 1)).endswith(">1 février 2026</time>")


def test_a_sites_own_words_that_drop_a_field_are_an_error_that_names_it(tmp_path):
    own_words(tmp_path, "en", 'page:\n  last_updated: "Updated."\n')
    with pytest.raises(ContentError) as raised:
        Theme(tmp_path)
    diagnostic = raised.value.diagnostic
    assert (diagnostic.path, diagnostic.code) == ("templates/i18n/en.yml", "translation.missing")
    assert "'page.last_updated'" in diagnostic.message and "{date}" in diagnostic.message
