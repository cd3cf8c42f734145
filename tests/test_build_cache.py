"""The preview's cache: an edit builds only the pages it affects, and the output matches a cold build."""

from conftest import FIXTURES

from patientsite.build.cache import BuildCache
from patientsite.build.options import BuildOptions
from patientsite.build.pipeline import build_in_memory


def rebuild(root, cache):
    result = build_in_memory(BuildOptions(root=root), cache)
    assert result.report.errors == []
    return result, cache.built


def test_editing_one_page_builds_only_that_page(basic_site):
    cache = BuildCache()
    rebuild(basic_site, cache)
    page = basic_site / "content" / "guides" / "treatments.md"
    page.write_text(page.read_text().replace("they suggest little", "they suggest only a little"))
    result, work = rebuild(basic_site, cache)
    assert work == 1
    assert result.files == build_in_memory(BuildOptions(root=basic_site)).files


def test_editing_a_reference_builds_only_the_pages_that_cite_it(basic_site):
    cache = BuildCache()
    rebuild(basic_site, cache)
    bib = basic_site / "references.bib"
    bib.write_text(bib.read_text().replace("Guidelines for the pharmacological", "Guidance on the pharmacological"))
    _, both = rebuild(basic_site, cache)
    assert both == 2  # who2020 is cited on both pages
    bib.write_text(bib.read_text().replace("title = {Fourth}", "title = {Fourth, revised}"))
    result, one = rebuild(basic_site, cache)
    assert one == 1  # delta2010 is cited on the treatments page only
    assert "Fourth, revised" in result.files["guides/treatments/index.html"]


def test_a_new_title_builds_every_page_again_because_the_menu_changes(basic_site):
    cache = BuildCache()
    rebuild(basic_site, cache)
    page = basic_site / "content" / "index.md"
    page.write_text(page.read_text().replace("title: Welcome", "title: Hello"))
    _, work = rebuild(basic_site, cache)
    assert work == 2


def test_a_changed_template_builds_every_page_again(basic_site):
    cache = BuildCache()
    rebuild(basic_site, cache)
    (basic_site / "templates" / "partials").mkdir(parents=True)
    footer = (FIXTURES.parent.parent / "templates" / "partials" / "footer.html").read_text()
    (basic_site / "templates" / "partials" / "footer.html").write_text(footer.replace(
        '<p class="privacy">', '<p class="privacy changed">'))
    result, work = rebuild(basic_site, cache)
    assert work == 2  # the template digest is part of every page's key
    assert '<p class="privacy changed">' in result.files["index.html"]


def test_a_build_shared_among_processes_equals_one_made_in_a_single_process(tmp_path):
    from conftest import BIB, make_site, page

    from patientsite.build.options import BuildOptions
    from patientsite.build.pipeline import build_in_memory
    pages = {"index.md": page(body="Home [@a].")} | {
        f"p{i}.md": page(title=f"Page {i}", body=f"Text [@{'abcde'[i % 5]}]. It may help 3 of 9 people!\n\n"
                         f"See [the home page](index.md#missing).", in_nav="false") for i in range(80)}
    root = make_site(tmp_path / "site", pages, bib=BIB)
    one = build_in_memory(BuildOptions(root=root, jobs=1))
    two = build_in_memory(BuildOptions(root=root, jobs=2))
    assert one.report.errors  # the broken anchors are found by both
    assert one.files == two.files
    assert one.report.sorted() == two.report.sorted()
    assert one.pages == two.pages


def test_a_new_title_on_a_page_outside_the_menu_builds_only_that_page_and_the_sources_page(tmp_path):
    from conftest import BIB, make_site, page
    pages = {"index.md": page(body="Home [@a]."),
             "a.md": page(title="Old title", body="Cited here [@b].", in_nav="false"),
             "b.md": page(title="B", body="See [the other page](a.md) [@c].", in_nav="false")}
    root = make_site(tmp_path / "site", pages, bib=BIB)
    cache = BuildCache()
    rebuild(root, cache)
    (root / "content" / "a.md").write_text(pages["a.md"].replace("Old title", "New title"))
    result, work = rebuild(root, cache)
    assert work == 1  # links show their own text, not the title of the page they lead to
    assert "New title" in result.files["sources/index.html"]  # the Sources page lists the pages citing a source
    assert result.files == build_in_memory(BuildOptions(root=root)).files
