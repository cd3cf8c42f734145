"""Fingerprinted static files: published under a digest of their content, and every reference follows."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import build, make_site, messages, page

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 16


def site_with_static(tmp_path: Path, css: str, body: str = "Text.") -> Path:
    root = make_site(tmp_path / "site", {"index.md": page(body=body)})
    (root / "static" / "css").mkdir(parents=True)
    (root / "static" / "img").mkdir()
    (root / "static" / "img" / "logo.png").write_bytes(PNG)
    (root / "static" / "css" / "base.css").write_text("body { margin: 0; }\n")
    (root / "static" / "css" / "theme.css").write_text(css)
    return root


def published(result, prefix: str) -> str:
    [path] = [p for p in {**result.files, **result.copies} if p.startswith(prefix)]
    return path


def test_a_stylesheet_points_to_the_fingerprinted_names_of_the_files_it_uses(tmp_path):
    css = ('@import "base.css";\n.logo { background: url(../img/logo.png); }\n'
           '.x { background: url("data:image/gif;base64,R0l"); }\n')
    result = build(site_with_static(tmp_path, css))
    assert messages(result) == []
    logo, base = published(result, "static/img/logo."), published(result, "static/css/base.")
    assert re.fullmatch(r"static/img/logo\.[0-9a-f]{10}\.png", logo)
    theme = result.files[published(result, "static/css/theme.")]
    assert f'@import "{base.removeprefix("static/css/")}";' in theme
    assert f'url("../img/{logo.removeprefix("static/img/")}")' in theme
    assert 'url("data:image/gif;base64,R0l")' in theme  # not a file: left alone


def test_a_changed_image_renames_the_stylesheet_that_uses_it(tmp_path):
    root = site_with_static(tmp_path, ".logo { background: url(../img/logo.png); }\n")
    before = build(root)
    (root / "static" / "img" / "logo.png").write_bytes(PNG + b"changed")
    after = build(root)
    assert published(before, "static/css/theme.") != published(after, "static/css/theme.")
    assert published(before, "static/css/base.") == published(after, "static/css/base.")  # unchanged, same name


def test_a_stylesheet_pointing_to_a_missing_file_is_an_error_at_its_place(tmp_path):
    result = build(site_with_static(tmp_path, "body {}\n.a { background: url('../img/gone.png'); }\n"))
    assert messages(result) == ["static/css/theme.css:2:18: error: '../img/gone.png' points to a file that is not in static/"]
    assert result.report.errors[0].code == "static.missing"


def test_pages_link_to_the_stylesheet_by_its_fingerprinted_name_and_markdown_links_follow(tmp_path):
    root = site_with_static(tmp_path, "body {}\n", body="![The clinic's logo](/static/img/logo.png)")
    result = build(root)
    logo = published(result, "static/img/logo.")
    html = result.files["index.html"]
    assert f'src="{logo}"' in html
    assert re.search(r'<link rel="stylesheet" href="static/style\.[0-9a-f]{10}\.css">', html)
    assert "static/style.css" not in html


def test_a_template_that_links_a_missing_static_file_is_an_error_at_its_line(tmp_path):
    root = make_site(tmp_path / "site", {"index.md": page()})
    (root / "templates" / "partials").mkdir(parents=True)
    (root / "templates" / "partials" / "footer.html").write_text(
        '<footer>\n<img src="{{ \'static/logo.svg\' | url }}" alt="">\n</footer>\n')
    result = build(root)
    assert messages(result) == ["templates/partials/footer.html:2:1: error: template error: "
                                "there is no static file 'static/logo.svg' in static/ or the default theme"]
