"""The package's layers (the import-linter contracts in pyproject.toml): each looks only down,
and no modules import each other in a circle.

cli -> commands -> build -> checks | theme -> markup -> structure -> diagnostics -> codes. An
import that hides under TYPE_CHECKING counts too: import-linter reads every import statement.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PROJECT

LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"
LONGEST_MODULE = 400  # lines: a module longer than this has probably become two concepts


def lint_imports(folder: Path) -> subprocess.CompletedProcess:
    assert LINT_IMPORTS.is_file(), "import-linter is not installed: run scripts/setup"
    return subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=folder, capture_output=True, text=True,
                          env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(folder)})


def test_every_layer_imports_only_the_layers_below_it():
    result = lint_imports(PROJECT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout


@pytest.mark.parametrize("module, upward", [
    ("structure/urls.py", "from patientsite.build import pipeline"),
    ("markup/links.py", "from patientsite.theme.render import Rendering"),
    ("checks/links.py", "from patientsite.theme import loader"),  # siblings: neither may import the other
    ("diagnostics.py", "from patientsite.structure import pages"),
    ("structure/site.py", "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from patientsite.build import cache"),
])
def test_an_import_of_a_higher_layer_fails_the_contract(tmp_path, module, upward):
    shutil.copytree(PROJECT / "patientsite", tmp_path / "patientsite", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(PROJECT / "pyproject.toml", tmp_path)
    with open(tmp_path / "patientsite" / module, "a") as file:
        file.write(f"\n{upward}  # noqa\n")
    result = lint_imports(tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"patientsite.{module.removesuffix('.py').replace('/', '.')} ->" in result.stdout


def test_a_cycle_between_modules_of_one_layer_fails_the_contract(tmp_path):
    shutil.copytree(PROJECT / "patientsite", tmp_path / "patientsite", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(PROJECT / "pyproject.toml", tmp_path)
    with open(tmp_path / "patientsite" / "build" / "parallel.py", "a") as file:
        file.write("\nfrom patientsite.build import pipeline  # noqa  (pipeline imports parallel)\n")
    result = lint_imports(tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "No import cycles between sibling modules BROKEN" in result.stdout
    assert "1 kept, 1 broken" in result.stdout


def test_no_module_is_longer_than_the_house_rule():
    lengths = {str(path.relative_to(PROJECT)): len(path.read_text().splitlines())
               for path in (PROJECT / "patientsite").rglob("*.py")}
    assert {path: lines for path, lines in lengths.items() if lines > LONGEST_MODULE} == {}
