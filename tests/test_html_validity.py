"""The built site is valid HTML (the Nu HTML Checker) and has no broken link or anchor (linkchecker)."""

import shutil
import subprocess

import pytest
from conftest import PROJECT

VNU = PROJECT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


@pytest.mark.browser  # the Nu HTML Checker, which runs in Java
def test_the_nu_html_checker_finds_no_error(project_site):
    java = shutil.which("java")
    assert java, "Java is missing: run scripts/setup (it installs default-jre-headless)"
    assert VNU.is_file(), "vnu.jar is missing: run scripts/setup (it runs npm ci)"
    pages = sorted(str(p) for p in project_site.rglob("*.html"))
    result = subprocess.run([java, "-jar", str(VNU), "--errors-only", "--format", "text", *pages],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr


def test_linkchecker_finds_no_broken_link_or_anchor(served_project_site):
    linkchecker = PROJECT / ".venv" / "bin" / "linkchecker"
    assert linkchecker.exists(), "linkchecker is missing: run scripts/setup"
    result = subprocess.run([str(linkchecker), "--config", str(PROJECT / "tests" / "tools" / "linkcheckerrc"),
                             "--no-robots", served_project_site], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-2000:]
    assert "0 warnings found. 0 errors found." in result.stdout
    checked = int(result.stdout.split(" links in ")[0].rsplit("\n", 1)[-1].split()[-1])
    assert checked > 100
