"""Each content check finds what it should (true positives) and leaves alone what it should (true negatives)."""

import datetime as dt
import json
import re
import subprocess
import sys

import pytest
import textstat
from conftest import BIB, PROJECT, make_site, page, rebuild_in_new_process, run_cli
from textstat.backend.selections import list_words

from patientsite.build.options import BuildOptions
from patientsite.build.pipeline import build_in_memory, make_converter, make_link_targets
from patientsite.checks.claim_words import any_of
from patientsite.checks.readability import count_sentences, scores
from patientsite.checks.syllables import Syllables, load_dictionary
from patientsite.commands.findings import summary_rows
from patientsite.diagnostics import Report
from patientsite.markup.plaintext import CITATION_MARK
from patientsite.structure.bibliography import load_library
from patientsite.structure.config import load_config
from patientsite.structure.pages import load_content
from patientsite.structure.textfiles import files_inside
from patientsite.theme.assets import fingerprint
from patientsite.theme.loader import DEFAULT_THEME, Theme


def findings(tmp_path, body, code, site_yml=None, today=None, bib=BIB, **fields):
    pages = {"index.md": page(body=body, **fields)}
    root = make_site(tmp_path, pages, bib, **({"site_yml": site_yml} if site_yml else {}))
    result = build_in_memory(BuildOptions(root=root, **({"today": today} if today else {})))
    return [d for d in result.report.diagnostics if d.code == code], result


@pytest.mark.parametrize("sentence", [
    "It helped 7 of 9 people.",
    "About 76% felt better.",
    "Three quarters had complete relief.",
    "The dose was 0.5 mg/kg three times a day.",
    "Relief lasted 12 weeks.",
    "Pain eased for two to four days.",
])
def test_a_number_without_a_citation_in_its_sentence_is_reported(tmp_path, sentence):
    found, _ = findings(tmp_path, f"Intro [@a].\n\n{sentence} Then more [@b]. Also [@c].\n", "claim.uncited-number")
    assert len(found) == 1 and found[0].line == 9


@pytest.mark.parametrize("body, uncited", [
    # A citation at the end of a list item covers the whole item.
    ("- It helped 7 of 9 people. It was one trial [@a].\n- Another item [@b].", []),
    ("- It helped 7 of 9 people. It was one trial.\n- Another item [@b].", ["7 of 9"]),
    # One at the end of a paragraph that cites only that source covers the paragraph.
    ("It helped 7 of 9 people. Relief lasted 12 weeks. It was one trial [@a].", []),
    ("It helped 7 of 9 people [@a]. Relief lasted 12 weeks. It was one trial [@a].", []),
    # Not when the paragraph cites two sources, or when its last sentence cites nothing.
    ("It helped 7 of 9 people. It was one trial [@a]. Another agreed [@b].", ["7 of 9"]),
    ("It helped 7 of 9 people. It was one trial [@a]. Others disagree.", ["7 of 9"]),
    # One that ends a list's lead-in, before its colon, covers the list; a lead-in without one does not.
    ("First choices [@a]:\n\n- One helped 7 of 9 people.\n- Another 3 of 9.", []),
    ("First choices:\n\n- One helped 7 of 9 people.\n- Another [@a].", ["7 of 9"]),
    ("First choices [@a]. Then:\n\n- One helped 7 of 9 people.", ["7 of 9"]),
    # A later citation in the same sentence covers it.
    ("It helped 7 of 9 people, as a trial found [@a], and others agree.", []),
])
def test_a_citation_covers_its_sentence_its_list_item_or_a_one_source_paragraph(tmp_path, body, uncited):
    found, _ = findings(tmp_path, body + "\n\nMore [@c].\n", "claim.uncited-number")
    assert [d.message.split("'")[1] for d in found] == uncited


def test_a_citation_at_the_end_of_a_key_point_covers_the_key_point(tmp_path):
    found, _ = findings(tmp_path, "Text [@b].", "claim.uncited-number",
                        key_points="\n  - It helped 7 of 9 people. It was one trial [@a].")
    assert found == []


def test_a_source_cited_again_in_the_next_sentence_is_a_notice(tmp_path):
    found, _ = findings(tmp_path, "One [@a]. Two [@a; @b]. Three [@c]. Four [@a].\n\n- Item [@a]. Again [@a].\n",
                        "citation.repeated")
    assert [(d.severity.value, d.line, d.message) for d in found] == [
        ("notice", 7, 'source 1 is cited again in the next sentence: "Two."')]


@pytest.mark.parametrize("body", [
    "It helped 7 of 9 people [@a].",
    "About 76% felt better, a trial found [@a] and others agree.",
    "## Week 12\n\nText [@a].",
    "In 2018, doctors wrote guidelines [@a].",
    "Code `12 weeks` is not a claim [@a].",
])
def test_numbers_with_a_citation_or_that_are_not_claims_pass(tmp_path, body):
    found, _ = findings(tmp_path, body + "\n\nMore [@b].\n", "claim.uncited-number")
    assert found == []


@pytest.mark.parametrize("sentence", ["Ketamine is a cure for pain.", "A long-term solution for your pain.",
                                      "Results are guaranteed.", "Book your visit today!"])
def test_promotional_language_is_reported(tmp_path, sentence):
    found, _ = findings(tmp_path, f"{sentence} [@a]\n", "language.promotional")
    assert len(found) == 1


@pytest.mark.parametrize("sentence", ["There is no cure for CRPS.", "Ketamine is not a miracle.",
                                      "Some people feel better."])
def test_plain_statements_are_not_promotional(tmp_path, sentence):
    found, _ = findings(tmp_path, f"{sentence} [@a]\n", "language.promotional")
    assert found == []


@pytest.mark.parametrize("sentence", ["Side effects are common [@a].", "Serious problems are rare [@a].",
                                      "Most people have some side effects [@a]."])
def test_vague_statements_of_risk_are_reported(tmp_path, sentence):
    found, _ = findings(tmp_path, sentence, "risk.vague")
    assert len(found) == 1


@pytest.mark.parametrize("body", ["Side effects were common: 4 of 9 people had nausea [@a].",
                                  "Which side effects are most likely for me?",
                                  "## Common side effects\n\nNausea in 4 of 9 [@a].",
                                  "Most people drive home with a friend [@a]."])
def test_risks_with_numbers_questions_and_headings_pass(tmp_path, body):
    found, _ = findings(tmp_path, body, "risk.vague")
    assert found == []


HARD = ("Pharmacological antagonism of glutamatergic neurotransmission attenuates nociceptive hypersensitivity "
        "considerably, notwithstanding heterogeneous methodological considerations. [@a]\n\n") * 8  # 112 words


def test_hard_text_is_reported_with_its_hardest_sentences(tmp_path):
    found, _ = findings(tmp_path, HARD, "readability.grade")
    assert len(found) == 1
    assert "above the target of 8" in found[0].message and "Pharmacological antagonism" in found[0].message


def test_a_page_too_short_for_a_formula_is_not_scored_by_it(tmp_path):
    one_sentence = "Pharmacological antagonism of glutamatergic neurotransmission attenuates hypersensitivity. [@a]\n"
    found, _ = findings(tmp_path / "one", one_sentence, "readability.grade")
    assert found == []  # 9 words: a Flesch-Kincaid grade of them would be noise
    found, _ = findings(tmp_path / "fk", HARD, "readability.grade")
    assert "(Flesch-Kincaid)" in found[0].message and "SMOG" not in found[0].message  # 8 sentences, not 30
    found, _ = findings(tmp_path / "both", HARD * 4, "readability.grade")  # 32 sentences
    assert "(Flesch-Kincaid) and" in found[0].message and "(SMOG)" in found[0].message


def test_the_summary_says_when_a_page_is_too_short_to_score(tmp_path):
    root = make_site(tmp_path, {"index.md": page(body="Ask your doctor. [@a]\n")}, BIB)
    result = build_in_memory(BuildOptions(root=root))
    row = next(row for row in summary_rows(result.pages, result.report) if row[0] == "content/index.md")
    assert row[1] == "too short to score (3 words)"


def test_plain_text_passes_the_readability_target(tmp_path):
    found, _ = findings(tmp_path, "The drug can ease pain for a short time. Ask your doctor about it. [@a]\n",
                        "readability.grade")
    assert found == []


def test_readability_scores_are_textstats_own_for_every_page_of_the_project():
    # The scores come from syllables counted once a word; they must be exactly what textstat gives.
    pages = build_in_memory(BuildOptions(root=PROJECT, jobs=1)).pages
    syllables = Syllables()
    scored = 0
    for content in converted_pages(PROJECT):
        sentences = [s.replace(CITATION_MARK, "").strip() for b in content.body_text.blocks for s in b.sentences()]
        text = " ".join(s if s[-1] in ".!?:" else s + "." for s in sentences if s)
        if text:
            scored += 1
            grade, smog, _ = scores(text, syllables)  # as the readability check scores a page
            assert round(grade, 4) == round(textstat.flesch_kincaid_grade(text), 4)
            assert round(smog, 4) == round(textstat.smog_index(text), 4)
            assert count_sentences(text) == textstat.sentence_count(text)
    assert scored == len(pages) and scored >= 10


@pytest.mark.parametrize("text", [
    "", "One.", "Two words. Then three more words.", "Ketamine eases pain, for some. Ask! Why? Yes.",
    "It's the patient's choice -- isn't it? 'Quoted' words ' here. ... !!! ?", "Élan vital, café au lait. 25 mg/kg.",
    "e.g. this, i.e. that. Dr. Smith's clinic: 3 of 9 people (33%) -- at week 12.", "   . . a b . c d e .",
    "Word\u00a0with\u00a0no-break spaces and a dash — here. Ça va? Très bien, merci beaucoup.",
])
def test_sentences_are_counted_as_textstat_counts_them(text):
    assert count_sentences(text) == textstat.sentence_count(text)


def converted_pages(root):
    """Every page of a site, converted as the build converts it."""
    report = Report(root)
    config = load_config(root / "site.yml", root).report_to(report)
    library = load_library(root / "references.bib", root, config.evidence_labels).report_to(report)
    content = load_content(root / "content", config, root).report_to(report)
    theme = Theme(root)
    assets = fingerprint(files_inside(theme.static_files(), (root, DEFAULT_THEME), report), report)
    converter = make_converter(theme, library, make_link_targets(content, assets))
    return [converter.convert(page, report) for page in content.pages]


def test_syllables_of_known_words_are_not_looked_up_again():
    syllables = Syllables()
    assert syllables("Ketamine eases pain") == textstat.syllable_count("Ketamine eases pain")
    assert set(syllables.take_learned()) == {"ketamine", "eases", "pain"}
    remembered = Syllables(dict(syllables.known))
    assert remembered("pain, ketamine.") == textstat.syllable_count("pain, ketamine.")
    assert remembered.take_learned() == {}


def test_glossary_terms_do_not_count_as_hard_words(tmp_path):
    body = "Ketamine is an anaesthetic. Ketamine infusions may ease neuropathic pain. [@a]\n\n" * 10  # 110 words
    site_yml = "title: T\nclinic:\n  name: C\nglossary: glossary.md\nreadability_target: 6\n"
    root = make_site(tmp_path / "without", {"index.md": page(body=body)}, BIB,
                     site_yml=site_yml.replace("glossary: glossary.md\n", ""))
    assert any(d.code == "readability.grade" for d in build_in_memory(BuildOptions(root=root)).report.diagnostics)
    glossary = page(title="Glossary", body="Ketamine\n:   A medicine.\n\nAnaesthetic\n:   A medicine.\n\n"
                                           "Infusion\n:   A drip.\n\nNeuropathic pain (nerve pain)\n:   Pain.\n")
    root = make_site(tmp_path / "with", {"index.md": page(body=body), "glossary.md": glossary}, BIB, site_yml=site_yml)
    assert not any(d.code == "readability.grade" and d.path == "content/index.md"
                   for d in build_in_memory(BuildOptions(root=root)).report.diagnostics)


def test_an_overdue_page_is_reported_and_tells_its_readers(tmp_path):
    found, result = findings(tmp_path, "Text [@a].", "review.overdue", today=dt.date(2028, 1, 1))
    assert len(found) == 1 and found[0].severity.value == "warning"
    assert "This page is due for review." in result.files["index.html"]
    site_yml = "title: T\nclinic:\n  name: C\nreview_overdue: error\n"
    found, result = findings(tmp_path / "strict", "Text [@a].", "review.overdue", site_yml, dt.date(2028, 1, 1))
    assert found[0].severity.value == "error" and result.failed(strict=False)


def test_a_page_within_its_review_date_is_not_overdue(tmp_path):
    found, result = findings(tmp_path, "Text [@a].", "review.overdue", today=dt.date(2027, 10, 31))
    assert found == [] and "due for review" not in result.files["index.html"]


def test_a_missing_reviewer_is_a_notice_that_strict_does_not_fail_on(tmp_path):
    found, result = findings(tmp_path, "Text [@a].", "review.missing", bib=BIB.splitlines()[0])
    assert len(found) == 1 and found[0].severity.value == "notice"
    assert not result.failed(strict=True)
    reviewed, _ = findings(tmp_path / "reviewed", "Text [@a].", "review.missing", reviewed_by="Dr A, MD")
    assert reviewed == []


def test_a_heading_that_skips_a_level_is_reported(tmp_path):
    found, _ = findings(tmp_path, "## Two\n\n#### Four\n\n# One\n\nText [@a].", "headings.skipped-level")
    assert [d.message for d in found] == ["the heading 'Four' jumps from level 2 to 4",
                                          "the heading 'One' is a top-level heading"]
    found, _ = findings(tmp_path / "ok", "## Two\n\n### Three\n\n## Two again\n\nText [@a].", "headings.skipped-level")
    assert found == []


def test_an_image_without_alt_text_is_an_error(tmp_path):
    found, _ = findings(tmp_path, "![](https://example.org/x.png)\n\nText [@a].", "image.alt-missing")
    assert len(found) == 1 and found[0].severity.value == "error" and found[0].line == 7
    found, _ = findings(tmp_path / "ok", "![A drip stand](https://example.org/x.png)\n\nText [@a].", "image.alt-missing")
    assert found == []


def test_a_page_can_allow_a_warning_with_a_reason_and_it_is_counted(tmp_path):
    allow = "\n  risk.vague: Side effects are listed in full on another page."
    found, result = findings(tmp_path, "Side effects are common [@a].", "risk.vague", allow=allow)
    assert found == [] and [d.code for d in result.report.silenced] == ["risk.vague"]
    found, result = findings(tmp_path / "reasonless", "Text [@a].", "frontmatter.invalid", allow="[risk.vague]")
    assert "the field 'allow' needs a reason for each id" in found[0].message


def test_errors_cannot_be_allowed(tmp_path):
    found, _ = findings(tmp_path, "![](https://example.org/x.png) [@a]", "image.alt-missing",
                        allow="\n  image.alt-missing: it is decorative")
    assert len(found) == 1


def test_json_output_and_github_annotations(tmp_path):
    root = make_site(tmp_path, {"index.md": page(body="Side effects are common [@a].", colour="red")}, BIB)
    result = run_cli("check", "--root", root, "--format", "json", env={"GITHUB_ACTIONS": "true"})
    assert result.returncode == 0
    payload, annotations = result.stdout.split("\n}\n", 1)
    data = json.loads(payload + "\n}")
    ids = {f["id"] for f in data["findings"]}
    assert {"risk.vague", "frontmatter.unknown-field", "review.missing", "references.unused"} <= ids
    vague = next(f for f in data["findings"] if f["id"] == "risk.vague")
    assert (vague["path"], vague["line"], vague["severity"]) == ("content/index.md", 8, "warning")
    assert "::warning file=content/index.md,line=8,col=1,title=risk.vague::'common' says how often" in annotations
    assert "::notice file=content/index.md,line=1,col=1,title=review.missing::" in annotations


def test_check_summary_prints_a_table_of_every_page(tmp_path):
    root = make_site(tmp_path, {"index.md": page(body="Text [@a]."), "b.md": page(title="B", body="More [@b].")}, BIB)
    result = run_cli("check", "--summary", "--root", root)
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["Page", "Grade", "(FK/SMOG)", "Words", "Citations", "Per", "100", "words", "Review",
                                "Findings"]
    rows = {line.split()[0]: line for line in lines[2:] if line.startswith("content/")}
    assert set(rows) == {"content/index.md", "content/b.md"}
    # "More [@b]." is too short to score, 1 word and 1 citation: 100 per 100 words.
    assert "too short to score (1 word)  1      1          100.0" in rows["content/b.md"], rows["content/b.md"]
    assert "awaiting review, next 2027-11-01" in rows["content/b.md"]


def test_the_dictionarys_counts_kept_in_a_file_are_textstats_for_every_word(tmp_path):
    words = {w for path in (PROJECT / "content").glob("*.md") for w in list_words(path.read_text(), lowercase=True)}
    words |= {"esketamine", "nociplastic", "allodynia", "xyzzyplorf", "ketamine's", "re-dose"}  # some not in it
    words |= {"2026", "25", "12345", "350", "1000000", "0"}  # numbers, counted without the dictionary
    Syllables().warm_up()  # textstat's dictionary, loaded
    kept = Syllables(dictionary_file=tmp_path / "syllables.bin")
    kept.keep_dictionary()
    assert load_dictionary(kept.dictionary_file) is not None
    assert {w: kept(w) for w in words} == {w: textstat.syllable_count(w) for w in words}


def test_the_dictionary_file_is_made_by_another_process_so_that_the_build_does_not_hold_the_dictionary(tmp_path):
    script = ("import sys; from pathlib import Path; from textstat.backend.utils import get_cmudict; "
              "from patientsite.checks.syllables import Syllables, load_dictionary; "
              "syllables = Syllables(dictionary_file=Path(sys.argv[1])); syllables.warm_up(); "
              "print(get_cmudict.cache_info().currsize, load_dictionary(syllables.dictionary_file) is not None, "
              "syllables('ketamine infusion'))")
    result = subprocess.run([sys.executable, "-c", script, str(tmp_path / "syllables.bin")], capture_output=True,
                            text=True, cwd=PROJECT)
    assert result.stdout.split() == ["0", "True", str(textstat.syllable_count("ketamine infusion"))], result.stderr


def test_a_damaged_dictionary_file_is_not_used(tmp_path):
    Syllables().warm_up()
    kept = Syllables(dictionary_file=tmp_path / "syllables.bin")
    kept.keep_dictionary()
    data = bytearray(kept.dictionary_file.read_bytes())
    data[-20:-10] = b"0123456789"
    kept.dictionary_file.write_bytes(bytes(data))
    load_dictionary.cache_clear()
    assert load_dictionary(kept.dictionary_file) is None
    assert Syllables(dictionary_file=kept.dictionary_file)("ketamine infusion") == textstat.syllable_count(
        "ketamine infusion")


def test_checking_an_edit_with_a_new_word_does_not_load_the_pronunciation_dictionary(basic_site):
    assert run_cli("--root", basic_site).returncode == 0
    page = basic_site / "content" / "index.md"
    page.write_text(page.read_text() + "\nA zymurgical sentence about nociplastic pain.\n")
    assert rebuild_in_new_process(basic_site) == (1, 0)  # one page built, and no dictionary loaded


@pytest.mark.parametrize("text", [
    "It CURES pain.", "A cure? Not here.", "Secure and procured.", "Rarely, most people; many MANY.", "uncommon",
    "La plupart des gens guérissent la douleur.", "Fréquemment, nombreuses.", "100% safe", "100 % sûr", "",
    "Guaranteed results, a breakthrough and a life-changing, risk-free, long-term solution.", "rareté, courantes",
])
def test_a_list_of_words_finds_what_the_plain_alternation_finds(text):
    alternatives = ["cures?", "rare", "rarely", "common", "most", "many", "la plupart", r"guéri(?:r|t|ssent)\s+la",
                    "fréquemment", "nombreu(?:x|ses)", "100% safe", "100 % sûr", "guaranteed?", "breakthrough",
                    "life-changing", "risk-free", "long-term solutions?", "courante?s?"]
    plain = re.compile(rf"\b(?:{'|'.join(alternatives)})\b", re.IGNORECASE)
    assert [m.span() for m in any_of(*alternatives).finditer(text)] == [m.span() for m in plain.finditer(text)]


@pytest.mark.parametrize("alternative", ["(?:a|b)c", "s?cure", "-free", "x*"])
def test_a_list_of_words_refuses_a_word_without_a_first_letter_it_needs(alternative):
    with pytest.raises(ValueError):
        any_of("cure", alternative)
