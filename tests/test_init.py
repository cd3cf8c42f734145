"""``init``: a new clinic starts a working site in one command, and every placeholder is marked."""

from __future__ import annotations

import json
import re

from conftest import run_cli

from patientsite.structure.config import FIELDS, load_config


def init(tmp_path, folder: str = "my-site"):
    return run_cli("init", folder, cwd=tmp_path)


def test_init_makes_a_site_whose_only_findings_under_strict_are_its_placeholders(tmp_path):
    result = init(tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("created a new site in my-site/: site.yml, references.bib and 5 pages in content/")
    root = tmp_path / "my-site"
    assert sorted(p.name for p in (root / "content").iterdir()) == [
        "about.md", "example-page.md", "glossary.md", "index.md", "urgent-help.md"]
    built = run_cli("--root", root, "--strict", "--format", "json")
    assert built.returncode == 1  # the placeholders, and nothing else
    findings = json.loads(built.stdout)["findings"]
    problems = [f for f in findings if f["severity"] != "notice"]
    assert problems and {f["id"] for f in problems} == {"config.placeholder", "page.placeholder"}, problems
    assert {f["id"] for f in findings if f["severity"] == "notice"} == {"review.missing"}
    assert all(f["severity"] == "warning" for f in problems)
    # Each site.yml placeholder that a reader would see, found at its line.
    site_yml = (root / "site.yml").read_text().splitlines()
    for finding in (f for f in problems if f["path"] == "site.yml"):
        assert "[" in site_yml[finding["line"] - 1] or "example.org" in site_yml[finding["line"] - 1]
    # With its placeholders filled in, the site builds under --strict with nothing to report but reviews.
    fill_in(root)
    built = run_cli("--root", root, "--strict")
    assert built.returncode == 0, built.stdout + built.stderr
    assert "0 errors, 0 warnings, 5 notices" in built.stdout
    example = (root / "_site" / "example-page" / "index.html").read_text()
    assert example.count('class="cite"') >= 4 and 'class="admonition note"' in example
    assert "Page last updated" in example  # not reviewed yet, and it says so


def fill_in(root):
    """What a clinic does next: replace every placeholder with its own text."""
    for path in [root / "site.yml", *(root / "content").glob("*.md")]:
        text = path.read_text()
        text = text.replace('"[000 000 0000]"', "613 555 0100").replace("info@example.org", "info@clinic.ca")
        text = text.replace('"[Your local emergency number, for example 911]"', '"911"')
        text = re.sub(r"\[(?=[A-Z])([^\[\]\n]+)\](?![(\[])", lambda m: "Our " + m.group(1).strip("."), text)
        path.write_text(text)


def test_init_writes_every_setting_into_site_yml_each_with_a_comment(tmp_path):
    init(tmp_path)
    site_yml = tmp_path / "my-site" / "site.yml"
    text = site_yml.read_text()
    for name in FIELDS:
        match = re.search(rf"^(# )?{name}:", text, re.MULTILINE)
        assert match, f"site.yml does not mention '{name}'"
        before = text[:match.start()].rstrip("\n").rsplit("\n", 1)[-1]
        assert before.startswith("#"), f"'{name}' has no comment above it"
    # Every setting left at its default, once its '#' is removed, is a valid setting.
    fields = "|".join(FIELDS)
    site_yml.write_text(re.sub(rf"^# ((?:{fields}):.*|  .*)$", r"\1", text, flags=re.MULTILINE))
    # 'languages: [en, fr]' asks for the French of site.yml's texts.
    (site_yml.parent / "site.fr.yml").write_text(
        "title: Le site\ndescription: Des renseignements clairs.\nurgent_help: Obtenez de l'aide tout de suite.\n"
        "clinic:\n  hours: Du lundi au vendredi\n  disclosure: La clinique est payée.\n"
        "  prices:\n    visit: 100 $ à 150 $\nemergency:\n  - label: Urgences\n    number: '911'\n"
        "approved_for:\n  kétamine: La kétamine est approuvée comme anesthésique.\n", encoding="utf-8")
    config = load_config(site_yml, site_yml.parent)
    assert config.findings == () and config.value.readability_target == 8, config.findings
    assert "evidence_labels" in config.value.lines and "urgent_help" in config.value.lines


def test_init_refuses_a_folder_that_holds_a_site_and_changes_nothing(tmp_path):
    assert init(tmp_path).returncode == 0
    page = tmp_path / "my-site" / "content" / "index.md"
    page.write_text("edited")
    result = init(tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("error: 'my-site' already holds a site (site.yml, content, references.bib)")
    assert page.read_text() == "edited"
    (tmp_path / "a-file").write_text("x")
    assert init(tmp_path, "a-file").returncode == 2


def test_init_works_in_an_empty_folder_that_is_already_there(tmp_path):
    (tmp_path / "here" / ".git").mkdir(parents=True)
    result = run_cli("init", cwd=tmp_path / "here")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "here" / "site.yml").is_file()
    assert "python build.py serve    #" in result.stdout


def test_new_without_a_site_says_to_run_init_first(tmp_path):
    result = run_cli("new", "Nerve blocks", "--root", tmp_path)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "error: this folder holds no site (there is no site.yml); nothing was created",
        f"    hint: start the site with 'build.py init {tmp_path}' first, or give the site's folder with --root"]
    assert not (tmp_path / "content").exists()


def test_new_in_a_new_site_makes_a_draft_that_the_site_builds_with(tmp_path):
    init(tmp_path)
    root = tmp_path / "my-site"
    assert run_cli("new", "Nerve blocks", cwd=root).returncode == 0
    assert (root / "content" / "nerve-blocks.md").is_file()
    assert run_cli("--root", root).returncode == 0
