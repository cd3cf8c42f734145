"""The build's stages (build/pipeline.py): load, build every page, then what needs every page."""

import datetime as dt
from pathlib import Path

from conftest import BIB, make_site, page

from patientsite.build.cache import BuildCache
from patientsite.build.options import BuildOptions
from patientsite.build.output import MemoryOutput
from patientsite.build.pipeline import build_in_memory, build_pages, finish_build
from patientsite.markup.convert import PageConverter

GLOSSARY = ("---\ntitle: Glossary\ndescription: Words.\nlast_reviewed: 2026-01-01\n---\n"
            "Infusion\n:   Medicine given slowly through a drip.\n")


def test_building_in_two_stages_makes_the_same_site_as_building_in_memory(basic_site):
    built = build_pages(BuildOptions(root=basic_site))
    assert "sources/index.html" not in built.output.files  # the Sources page needs every page: it comes last
    assert [page.url for page in built.pages] == ["", "guides/treatments/"]
    result = finish_build(built)
    assert result.files == build_in_memory(BuildOptions(root=basic_site)).files
    assert "sources/index.html" in result.files and result.page_count == 2


def test_a_site_yml_that_cannot_be_used_stops_the_build_before_any_page(tmp_path):
    root = make_site(tmp_path, {"index.md": page()}, site_yml="title: [not, text]\nclinic:\n  name: C\n")
    built = build_pages(BuildOptions(root=root))
    assert built.site is None and built.pages == [] and built.output.files == {}
    assert built.failed(strict=False)
    result = finish_build(built)
    assert [d.code for d in result.report.errors] == ["config.invalid"]
    assert result.files == {} and result.page_count == 0


def test_warnings_fail_the_build_only_under_strict(tmp_path):
    root = make_site(tmp_path, {"index.md": page(colour="blue")})
    result = build_in_memory(BuildOptions(root=root))
    assert [d.code for d in result.report.warnings] == ["frontmatter.unknown-field"]
    assert not result.failed(strict=False) and result.failed(strict=True)


def test_the_build_date_is_the_one_in_the_options(tmp_path):
    root = make_site(tmp_path, {"index.md": page(next_review="2026-12-01")})
    before = build_in_memory(BuildOptions(root=root, today=dt.date(2026, 11, 30)))
    after = build_in_memory(BuildOptions(root=root, today=dt.date(2026, 12, 2)))
    assert "review.overdue" not in {d.code for d in before.report.diagnostics}
    assert "review.overdue" in {d.code for d in after.report.diagnostics}


def test_options_made_without_a_date_take_the_build_date_once(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796083200")  # 2026-12-01 in UTC
    options = BuildOptions(root=Path("site"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796169600")  # a day later: options made before keep their date
    assert options.today == dt.date(2026, 12, 1)


def test_the_glossary_is_converted_once_and_its_terms_reach_every_page(tmp_path, monkeypatch):
    site_yml = "title: T\nclinic:\n  name: C\nglossary: glossary.md\n"
    root = make_site(tmp_path, {"index.md": page(body="An infusion [@a]."), "glossary.md": GLOSSARY}, BIB,
                     site_yml=site_yml)
    converted = []
    convert = PageConverter.convert

    def counting(self, source, report):
        converted.append(source.rel_path)
        return convert(self, source, report)

    monkeypatch.setattr(PageConverter, "convert", counting)
    result = build_in_memory(BuildOptions(root=root, jobs=1))
    assert sorted(converted) == ["glossary.md", "index.md"]
    assert "Medicine given slowly" in result.files["glossary/index.html"]


def test_an_unchanged_site_reuses_every_page_and_the_sources_page(basic_site):
    cache = BuildCache()
    first = build_in_memory(BuildOptions(root=basic_site), cache)
    assert cache.built == 2 and len(cache.sources_pages) == 1
    again = build_in_memory(BuildOptions(root=basic_site), cache)
    assert cache.built == 0 and len(cache.sources_pages) == 1
    assert again.files == first.files


def test_a_build_into_memory_holds_every_file_and_nothing_on_disk(basic_site):
    output = MemoryOutput()
    result = finish_build(build_pages(BuildOptions(root=basic_site), output=output))
    assert set(result.files) >= {"index.html", "guides/treatments/index.html", "sources/index.html", "404.html",
                                 "robots.txt", "_headers"}
    assert "images/diagram.png" in result.copies
    assert not (basic_site / "_site").exists()
