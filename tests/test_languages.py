"""A site in two languages: translations beside their originals, an edition of the site for each
language, every word in the reader's language, and translations that say when they fall behind."""

from __future__ import annotations

import datetime as dt
import json
import re

import lxml.html
import yaml
from conftest import PROJECT, make_site, run_cli

from patientsite.build.options import BuildOptions
from patientsite.build.pipeline import build_in_memory

BIB = "@article{a, author = {Alpha, Ann}, title = {First}, journal = {J}, year = {2001}}\n"
SITE_YML = """\
title: A clinic's site
languages: [en, fr]
clinic:
  name: Lakeside Clinic
  hours: Monday to Friday
emergency:
  - label: Emergency services
    number: "911"
footer_links: [about.md]
"""
SITE_FR_YML = """\
title: Le site d'une clinique
clinic:
  hours: Du lundi au vendredi
emergency:
  - label: Services d'urgence
    number: "911"
"""


def page(title: str, body: str, **fields: str) -> str:
    lines = [f"title: {title}", "description: A test page.", "last_reviewed: 2026-11-22", *(f"{k}: {v}" for k, v in
                                                                                            fields.items())]
    return "---\n" + "\n".join(lines) + "\n---\n\n" + body


PAGES = {
    "index.md": page("Home", "Welcome. See [the treatment](treatment.md#how-it-works).\n"),
    "index.fr.md": page("Accueil", "Bienvenue. Voir [le traitement](treatment.md#how-it-works).\n"),
    "treatment.md": page("Treatment", "## How it works\n\nIn one trial, 7 of 9 people had less pain [@a].\n"),
    "treatment.fr.md": page("Traitement", "## Comment il agit {#how-it-works}\n\n"
                                          "Dans un essai, 7 personnes sur 9 avaient moins mal [@a].\n"),
    "about.md": page("About", "We are a clinic.\n"),
}


def site(tmp_path, pages=None, site_yml=SITE_YML, site_fr=SITE_FR_YML, record=True):
    root = make_site(tmp_path, pages or PAGES, BIB, site_yml=site_yml)
    if site_fr is not None:
        (root / "site.fr.yml").write_text(site_fr, encoding="utf-8")
    if record:
        names = [name for name in (pages or PAGES) if name.endswith(".fr.md")]
        if names:
            assert run_cli("translation-done", *names, "--root", root).returncode == 0
    return root


def built(root):
    return build_in_memory(BuildOptions(root=root, today=dt.date(2026, 12, 1)))


def doc(result, path: str):
    return lxml.html.document_fromstring(result.files[path])


def codes(result) -> list[str]:
    return [d.code for d in result.report.diagnostics if d.severity.value != "notice"]


def test_each_language_has_its_own_pages_sources_page_and_404(tmp_path):
    result = built(site(tmp_path))
    assert codes(result) == []
    for path in ("index.html", "treatment/index.html", "sources/index.html", "404.html",
                 "fr/index.html", "fr/treatment/index.html", "fr/sources/index.html", "fr/404.html"):
        assert path in result.files
    french = doc(result, "fr/treatment/index.html")
    assert french.get("lang") == "fr"
    assert french.xpath("//h1")[0].text_content() == "Traitement"
    # The menu and the Sources link stay in French; the page's own citation links to its own list.
    assert [a.get("href") for a in french.xpath("//nav[@class='site-nav']//a")] == ["../", "../about/", "./",
                                                                                     "../sources/"]
    assert french.xpath("//section[@class='references']//li[@id='ref-1']")
    assert doc(result, "fr/sources/index.html").xpath("//p[@class='cited-by']/a")[0].get("href") == "../treatment/"


def test_a_link_to_a_page_leads_to_the_same_language_and_its_anchor_is_checked_there(tmp_path):
    result = built(site(tmp_path))
    home = doc(result, "fr/index.html")
    assert home.xpath("//div[@class='page-body']//a")[0].get("href") == "treatment/#how-it-works"
    broken = dict(PAGES, **{"index.fr.md": PAGES["index.fr.md"].replace("#how-it-works", "#comment")})
    result = built(site(tmp_path / "broken", broken))
    assert [(d.path, d.code) for d in result.report.errors] == [("content/index.fr.md", "link.anchor")]


def test_every_page_names_its_other_language_for_search_engines_readers_and_structured_data(tmp_path):
    result = built(site(tmp_path))
    english, french = doc(result, "treatment/index.html"), doc(result, "fr/treatment/index.html")
    for page, own in ((english, "en"), (french, "fr")):
        alternates = {link.get("hreflang"): link.get("href") for link in page.xpath("//link[@rel='alternate']")}
        assert set(alternates) == {"en", "fr"}
        data = json.loads(page.xpath("//script[@type='application/ld+json']")[0].text)
        assert data["inLanguage"] == own
    switch = english.xpath("//nav[@class='language-switch']/a")[0]
    assert (switch.get("href"), switch.get("lang"), switch.text_content()) == ("../fr/treatment/", "fr", "Français")
    back = french.xpath("//nav[@class='language-switch']/a")[0]
    assert (back.get("href"), back.get("lang"), back.text_content()) == ("../../treatment/", "en", "English")


def test_a_french_page_shows_no_english_word_of_the_theme(tmp_path):
    result = built(site(tmp_path))
    # Every English text of the theme but the language's own name, which the switch to it shows.
    english = {text for text in _catalogue_texts("en") if len(text) > 3} - set(_catalogue_texts("fr")) - {"English"}
    for path in ("fr/treatment/index.html", "fr/sources/index.html", "fr/404.html"):
        shown = _shown_text(doc(result, path))
        found = sorted(text for text in english if re.search(rf"(?<!\w){re.escape(text)}(?!\w)", shown))
        assert found == [], path
    shown = _shown_text(doc(result, "fr/treatment/index.html"))
    assert "Points clés" not in shown and "Références" in shown and "Du lundi au vendredi" in shown
    assert "Services d'urgence" in shown and "22 novembre 2026" in shown  # the date, by Babel (CLDR)


def test_a_page_without_a_translation_is_shown_in_its_language_with_a_note_in_the_readers(tmp_path):
    result = built(site(tmp_path))
    about = doc(result, "fr/about/index.html")
    assert about.xpath("//p[contains(@class, 'byline-untranslated')]")[0].text_content().split() == \
        "Cette page n'est pas encore traduite. Elle est affichée dans la langue où elle a été écrite : anglais.".split()
    assert about.xpath("//h1")[0].get("lang") == "en" and about.xpath("//div[@class='page-body']")[0].get("lang") == "en"
    assert about.get("lang") == "fr" and about.xpath("//nav[@class='site-nav']//a[@lang='en']")
    assert not about.xpath("//*[@data-pagefind-body]")  # not in the French search index
    # Its findings are the original's, reported once.
    assert [d.path for d in result.report.diagnostics if d.code == "review.missing"].count("content/about.md") == 1


def test_a_changed_original_makes_its_translation_stale_until_translation_done(tmp_path):
    root = site(tmp_path)
    original = root / "content" / "treatment.md"
    original.write_text(original.read_text() + "\nA new paragraph.\n", encoding="utf-8")
    result = built(root)
    stale = [d for d in result.report.diagnostics if d.code == "translation.stale"]
    assert [(d.path, d.line, d.col, d.severity.value) for d in stale] == [("content/treatment.fr.md", 1, 1, "warning")]
    notice = doc(result, "fr/treatment/index.html").xpath("//p[contains(@class, 'byline-stale')]")[0]
    assert "La page originale a changé" in notice.text_content()
    assert notice.xpath(".//a")[0].get("href") == "../../treatment/" and "22 novembre 2026" in notice.text_content()
    done = run_cli("translation-done", "treatment.fr.md", "--root", root)
    assert done.returncode == 0 and "now records content/treatment.md" in done.stdout
    result = built(root)
    assert not [d for d in result.report.diagnostics if d.code == "translation.stale"]
    assert not doc(result, "fr/treatment/index.html").xpath("//p[contains(@class, 'byline-stale')]")


def test_site_yml_can_make_a_stale_translation_an_error_and_an_unrecorded_one_is_reported(tmp_path):
    root = site(tmp_path, site_yml=SITE_YML + "translation_stale: error\n", record=False)
    result = built(root)
    assert {(d.path, d.severity.value) for d in result.report.diagnostics if d.code == "translation.stale"} == {
        ("content/index.fr.md", "error"), ("content/treatment.fr.md", "error")}
    assert "translation-done" in result.report.errors[0].hint


def test_a_translation_awaits_its_own_review_and_says_so_in_its_language(tmp_path):
    reviewed = PAGES["treatment.md"].replace("last_reviewed:", "reviewed_by: Dr A. Reviewer, MD\nlast_reviewed:")
    pages = dict(PAGES, **{"treatment.md": reviewed})
    result = built(site(tmp_path, pages))
    english, french = doc(result, "treatment/index.html"), doc(result, "fr/treatment/index.html")
    assert "Dr A. Reviewer" in english.xpath("//p[@class='byline']")[0].text_content()
    assert not french.xpath("//p[@class='byline']")
    assert "Cette traduction n'a pas encore été révisée" in _shown_text(french)


def test_a_translation_in_a_folder_of_its_own_is_refused_with_one_message(tmp_path):
    pages = dict(PAGES, **{"fr/other.md": page("Autre", "Texte.\n"), "fr/more.md": page("Plus", "Texte.\n")})
    result = built(site(tmp_path, pages))
    errors = [d for d in result.report.errors]
    assert [(d.path, d.code) for d in errors] == [("content/fr", "translation.folder")]
    assert "content/more.fr.md" in errors[0].hint


def test_a_page_in_a_language_the_site_does_not_name_is_an_error_and_a_dotted_name_is_not(tmp_path):
    pages = dict(PAGES, **{"treatment.de.md": page("Behandlung", "Text.\n"), "notes.v2.md": page("Notes", "Text.\n")})
    result = built(site(tmp_path, pages))
    assert [(d.path, d.code) for d in result.report.errors] == [("content/treatment.de.md", "translation.language")]
    assert "notes.v2/index.html" in result.files


def test_the_texts_of_site_yml_must_each_be_given_in_the_other_language(tmp_path):
    result = built(site(tmp_path, site_fr=None))
    errors = result.report.errors
    assert [(d.path, d.code) for d in errors] == [("site.fr.yml", "translation.missing")]
    assert "'title', 'clinic.hours', 'emergency'" in errors[0].message
    result = built(site(tmp_path / "one", site_fr=SITE_FR_YML.replace("  hours: Du lundi au vendredi\n", "")))
    assert [d.message for d in result.report.errors] == ["site.fr.yml has no French text for 'clinic.hours'"]


def test_a_language_whose_theme_words_lack_a_key_is_an_error_naming_the_language_and_key(tmp_path):
    root = site(tmp_path, site_yml=SITE_YML.replace("[en, fr]", "[en, es]"), site_fr=None, record=False,
                pages={"index.md": page("Home", "Welcome.\n"), "about.md": PAGES["about.md"]})
    (root / "site.es.yml").write_text(SITE_FR_YML, encoding="utf-8")
    words = yaml.safe_load((PROJECT / "templates" / "i18n" / "fr.yml").read_text(encoding="utf-8"))
    del words["page"]["key_points"]
    (root / "templates" / "i18n").mkdir(parents=True)
    (root / "templates" / "i18n" / "es.yml").write_text(yaml.safe_dump(words, allow_unicode=True), encoding="utf-8")
    result = built(root)
    assert [(d.path, d.code) for d in result.report.errors] == [("templates/i18n/es.yml", "translation.missing")]
    assert "'es'" in result.report.errors[0].message and "'page.key_points'" in result.report.errors[0].message


def test_french_claims_are_read_in_french(tmp_path):
    body = ("Dans un essai, 7 personnes sur 9 avaient moins mal.\n\nEnviron 25 % ont eu des nausées.\n\n"
            "Trois personnes sur quatre se sentaient mieux.\n\nCe traitement guérit la douleur.\n\n"
            "Les effets secondaires sont rares.\n\nIl n'y a pas de guérison complète.\n\n"
            "Un récepteur est un endroit sur une cellule.\n")
    pages = {"index.md": page("Home", "Welcome.\n"), "index.fr.md": page("Accueil", body)}
    result = built(site(tmp_path, pages))
    found = [(d.code, d.message.split("'")[1]) for d in result.report.diagnostics
             if d.code in ("claim.uncited-number", "language.promotional", "risk.vague")]
    assert found == [("claim.uncited-number", "7 personnes sur 9"), ("claim.uncited-number", "25 %"),
                     ("claim.uncited-number", "Trois personnes sur quatre"),
                     ("language.promotional", "guérit la douleur"), ("risk.vague", "rares")]


def test_readability_uses_the_languages_own_formula_and_target(tmp_path):
    hard = ("Les manifestations pharmacologiques consécutives à l'administration intraveineuse prolongée "
            "nécessitent obligatoirement une surveillance hémodynamique particulièrement rigoureuse. ") * 12
    pages = {"index.md": page("Home", "Welcome.\n"), "index.fr.md": page("Accueil", hard)}
    result = built(site(tmp_path, pages))
    warning = [d for d in result.report.diagnostics if d.code == "readability.grade"]
    assert len(warning) == 1 and warning[0].path == "content/index.fr.md"
    assert "(Kandel-Moles), below the target of 60" in warning[0].message
    summary = run_cli("check", "--summary", "--root", tmp_path)
    row = next(line for line in summary.stdout.splitlines() if line.startswith("content/index.fr.md"))
    assert re.search(r"content/index\.fr\.md\s+fr\s+up to date\s+-?\d+\.\d \(Kandel-Moles\)", row), row


def _catalogue_texts(language: str) -> list[str]:
    data = yaml.safe_load((PROJECT / "templates" / "i18n" / f"{language}.yml").read_text(encoding="utf-8"))
    texts: list[str] = []

    def walk(value):
        if isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, str):
            # The pieces of a text around its {fields}: what a reader would see of it.
            texts.extend(piece.strip(" .:") for piece in re.split(r"\{\w+\}", value) if piece.strip(" .:"))
    walk(data)
    return [text for text in texts if re.search(r"[A-Za-z]{3}", text)]


def _shown_text(page) -> str:
    for hidden in page.xpath("//script | //style"):
        hidden.drop_tree()
    attributes = " ".join(value for element in page.iter() if isinstance(element.tag, str)
                          for name, value in element.attrib.items() if name in ("aria-label", "title", "alt"))
    return " ".join((page.text_content() + " " + attributes).split())


def test_the_languages_built_apart_and_merged_are_byte_for_byte_one_full_build(tmp_path):
    root = site(tmp_path / "site")
    env = {"SOURCE_DATE_EPOCH": "1796169600"}  # 2026-12-02: every build on the same day
    for name, extra in (("full", []), ("en", ["--lang", "en"]), ("fr", ["--lang", "fr"])):
        result = run_cli("build", "--root", root, "--out", tmp_path / name, *extra, env=env)
        assert result.returncode == 0, result.stdout + result.stderr
    assert not (tmp_path / "fr" / "static").exists() and (tmp_path / "fr" / "fr" / "index.html").is_file()
    merged = run_cli("merge", tmp_path / "en", tmp_path / "fr", "--out", tmp_path / "merged")
    assert merged.returncode == 0, merged.stdout
    full, together = _tree(tmp_path / "full"), _tree(tmp_path / "merged")
    assert sorted(full) == sorted(together)
    assert [path for path in full if full[path] != together[path]] == []
    entry = json.loads(full["pagefind/pagefind-entry.json"])
    assert list(entry["languages"]) == ["en", "fr"]


def test_merging_folders_of_different_sites_is_refused_and_leaves_the_output_alone(tmp_path):
    for name, text in (("a", "one"), ("b", "two")):
        (tmp_path / name).mkdir()
        (tmp_path / name / "index.html").write_text(text)
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "kept.html").write_text("kept")
    result = run_cli("merge", tmp_path / "a", tmp_path / "b", "--out", tmp_path / "out")
    assert result.returncode == 1 and "index.html differs between" in result.stdout
    assert (tmp_path / "out" / "kept.html").read_text() == "kept"


def test_a_build_of_a_language_the_site_does_not_have_is_one_error(tmp_path):
    result = run_cli("build", "--root", site(tmp_path), "--lang", "de")
    assert result.returncode == 1
    assert "site.yml:2:1: error: --lang de is not one of the site's languages, en, fr" in result.stdout + result.stderr


def _tree(folder) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


def test_an_evidence_type_that_site_yml_adds_needs_a_label_in_each_language(tmp_path):
    own = SITE_YML + "evidence_labels:\n  registry study: \"Registry study: records of many patients\"\n"
    result = built(site(tmp_path, site_yml=own))
    assert [(d.path, d.code) for d in result.report.errors] == [("site.fr.yml", "translation.missing")]
    assert "'registry study'" in result.report.errors[0].message
    french = SITE_FR_YML + "evidence_labels:\n  registry study: \"Étude de registre : les dossiers de nombreux patients\"\n"
    assert built(site(tmp_path / "labelled", site_yml=own, site_fr=french)).report.errors == []
