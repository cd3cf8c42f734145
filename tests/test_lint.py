"""The code follows the project's lint rules (ruff, configured in pyproject.toml)."""

import shutil
import subprocess

from conftest import PROJECT


def test_ruff_finds_nothing():
    ruff = shutil.which("ruff", path=str(PROJECT / ".venv" / "bin")) or shutil.which("ruff")
    assert ruff, "ruff is not installed: run scripts/setup"
    result = subprocess.run([ruff, "check", "patientsite", "tests", "bench", "build.py"], cwd=PROJECT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
