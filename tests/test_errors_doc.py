"""docs/errors.md explains every finding id that the generator can emit, and nothing else."""

from __future__ import annotations

import ast
import re

from conftest import PROJECT

from patientsite.codes import CODES
from patientsite.diagnostics import Diagnostic, Severity

FILE_EXTENSIONS = {"bib", "json", "html", "md", "yml", "css", "js", "txt", "xml"}  # 'references.bib' is a file, not an id
DOC = (PROJECT / "docs" / "errors.md").read_text()


def documented() -> list[str]:
    return re.findall(r"^### ([a-z]+\.[a-z-]+)$", DOC, re.M)


def test_every_id_is_documented_once_with_its_severity_and_nothing_else_is():
    ids = documented()
    assert len(ids) == len(set(ids))
    assert set(ids) == CODES
    for section in re.split(r"^### ", DOC, flags=re.M)[1:]:
        assert re.search(r"^\*\*(Error|Warning|Notice)", section.split("\n", 1)[1], re.M), section[:40]


def written_ids() -> set[str]:
    """Every string in the generator's code that has the form of a finding id ('bibtex.link')."""
    families = {code.split(".")[0] for code in CODES}
    ids = set()
    for path in (p for p in (PROJECT / "patientsite").rglob("*.py") if p.name != "codes.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and \
                    re.fullmatch(r"[a-z]+\.[a-z][a-z-]*", node.value) and node.value.split(".")[0] in families \
                    and node.value.split(".")[1] not in FILE_EXTENSIONS:
                ids.add(node.value)
    return ids


def test_every_id_written_in_the_code_is_registered_and_every_registered_id_is_written():
    assert written_ids() == CODES


def test_a_finding_with_an_unregistered_id_cannot_be_made():
    try:
        Diagnostic("content/a.md", 1, 1, Severity.ERROR, "message", "hint", "no.such-id")
    except ValueError as error:
        assert "patientsite/codes.py" in str(error)
    else:
        raise AssertionError("an unregistered id was accepted")
