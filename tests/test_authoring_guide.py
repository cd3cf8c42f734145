"""Every example in docs/authoring.md builds: the guide's examples are real."""

import re
import shlex
import shutil
import subprocess
import sys

import lxml.html
from conftest import PROJECT, messages

from patientsite.build.options import BuildOptions
from patientsite.build.pipeline import build_in_memory

GUIDE = PROJECT / "docs" / "authoring.md"
EXAMPLE = re.compile(r"<!-- example: (page (?P<path>\S+)|bib) -->\n```\w+\n(?P<body>.*?)\n```", re.DOTALL)


def examples():
    return [(m.group("path"), m.group("body")) for m in EXAMPLE.finditer(GUIDE.read_text(encoding="utf-8"))]


def test_the_guide_has_examples_of_pages_and_references():
    found = examples()
    assert sum(1 for path, _ in found if path) >= 4 and sum(1 for path, _ in found if not path) >= 2


def test_every_example_builds_without_errors_or_warnings_inside_the_clinics_site(tmp_path):
    root = tmp_path / "site"
    shutil.copytree(PROJECT / "content", root / "content")
    shutil.copy(PROJECT / "site.yml", root / "site.yml")
    shutil.copy(PROJECT / "site.fr.yml", root / "site.fr.yml")
    bib = (PROJECT / "references.bib").read_text(encoding="utf-8")
    pages = []
    for path, body in examples():
        if path:
            (root / path).write_text(body + "\n", encoding="utf-8")
            pages.append(path)
        else:
            bib += "\n" + body + "\n"
    # The example references are cited here, so that none is reported as unused.
    keys = re.findall(r"^@\w+\{([^,]+),", "\n".join(body for path, body in examples() if not path), re.MULTILINE)
    (root / "content" / "links.md").write_text((root / "content" / "links.md").read_text(encoding="utf-8")
                                               + "\nExamples [" + "; ".join("@" + k for k in keys) + "].\n")
    (root / "references.bib").write_text(bib, encoding="utf-8")
    result = build_in_memory(BuildOptions(root=root, strict=True, demo=True))  # site.yml: the demo's placeholders
    problems = [m for m in messages(result) if any(p in m for p in pages) or "references.bib" in m]
    assert problems == []
    assert not result.failed(strict=True), messages(result)
    html = result.files["nerve-blocks/index.html"]
    doc = lxml.html.fromstring(html)
    for preview in doc.xpath("//span[@class='term-preview' or @class='cite-preview']"):
        preview.drop_tree()  # what opens on a tap, not the text as it reads
    assert "In one trial, 7 of 9 people had less pain" in " ".join(doc.text_content().split()) and 'class="cite"' in html


def test_the_guides_message_example_is_what_the_build_prints(tmp_path):
    root = tmp_path / "site"
    shutil.copytree(PROJECT, root, ignore=shutil.ignore_patterns(".venv", "_site", "node_modules", ".git", "tests"))
    path, body = examples()[0]
    (root / path).write_text(body.replace("It numbs the nerve for a few hours [@kannan2002].",
                                          "It numbs the nerve for a few hours [@kanan2002].") + "\n", encoding="utf-8")
    result = build_in_memory(BuildOptions(root=root))
    error = next(d for d in result.report.errors if d.code == "citation.unknown")
    shown = re.search(r"<!-- example: message for kanan2002 .*? -->\n```text\n(.*?)\n```", GUIDE.read_text(), re.DOTALL)
    assert error.format() == shown.group(1)


COMMAND = re.compile(r"<!-- example: command -->\n```sh\n(?P<command>.*?)\n```\n\n"
                     r"<!-- example: output -->\n```text\n(?P<output>.*?)\n```", re.DOTALL)


def test_starting_a_new_site_runs_as_the_guide_shows_and_prints_what_it_shows(tmp_path):
    """The guide's "Starting a new site": each command, run in order in an empty folder, prints its sample."""
    steps = COMMAND.findall(GUIDE.read_text(encoding="utf-8"))
    assert [command for command, _ in steps] == ["python build.py init my-clinic", "python build.py check --root my-clinic"]
    for command, output in steps:
        words = shlex.split(command)
        assert words[:2] == ["python", "build.py"]
        result = subprocess.run([sys.executable, str(PROJECT / "build.py"), *words[2:]], cwd=tmp_path,
                                capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr
        # As a terminal shows them: the findings (on stderr) come before the closing line.
        assert (result.stderr + result.stdout).rstrip("\n") == output
