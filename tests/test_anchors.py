"""The anchor contract: citations link to reference_id(n), and the template gives the entries those ids."""

from pathlib import Path

from conftest import BIB, PROJECT, build, first_line, html_of, make_site, page

from patientsite.checks.anchors import check_reference_anchors
from patientsite.diagnostics import Report
from patientsite.structure.anchors import citation_id, reference_id
from patientsite.theme.loader import Theme

PAGE_TEMPLATE = (PROJECT / "templates" / "page.html").read_text()
ENTRY_WITH_ID = '<li id="{{ reference_id(source.number) }}">'


def checked(numbers, ids) -> list:
    report = Report(Path("/site"))
    check_reference_anchors("content/a.md", "page.html", numbers, ids, report)
    return report.diagnostics


def test_the_ids_are_spelled_once_for_references_and_for_the_places_that_cite_them():
    assert reference_id(3) == "ref-3"
    assert citation_id(3, 2) == "cite-3-2"


def test_templates_can_call_the_id_functions_as_jinja_globals(tmp_path):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "ids.txt").write_text("{{ reference_id(4) }} {{ citation_id(4, 1) }}")
    assert Theme(tmp_path).render("ids.txt") == "ref-4 cite-4-1"


def test_citations_link_to_the_reference_ids_that_the_default_page_template_gives(tmp_path):
    result = build(make_site(tmp_path, {"index.md": page(body="One [@a]. Two [@b; @a].")}, BIB))
    doc = html_of(result, "index.html")
    assert doc.xpath("//a[@class='cite-more']/@href") == ["#" + reference_id(1), "#" + reference_id(1),
                                                          "#" + reference_id(2)]
    assert doc.xpath("//section[@class='references']//li/@id") == [reference_id(1), reference_id(2)]
    assert doc.xpath("//button[@class='cite']/@id") == [citation_id(1, 1), citation_id(1, 2), citation_id(2, 1)]
    assert not [d for d in result.report.diagnostics if d.code == "theme.anchor"]


def test_a_page_with_every_reference_id_has_no_anchor_finding():
    assert checked([1, 2], ("page-references", "ref-1", "cite-1-1", "ref-2")) == []


def test_a_page_that_cites_nothing_needs_no_reference_ids():
    assert checked([], ()) == []


def test_a_missing_reference_id_is_one_error_naming_the_template_the_id_and_the_fix():
    [finding] = checked([1, 2], {"ref-1"})
    assert (finding.path, finding.line, finding.col, finding.severity.value, finding.code) == \
        ("content/a.md", 1, 1, "error", "theme.anchor")
    assert finding.message == ("the template page.html gives no element the id 'ref-2', so the page's citation links "
                               "to that source lead nowhere")
    assert finding.hint == ("in templates/page.html, give each entry of the reference list the id of its source: "
                            '<li id="{{ reference_id(source.number) }}">')


def test_many_missing_reference_ids_are_one_error_for_the_page_that_names_the_first_few():
    [finding] = checked(range(1, 8), ())
    assert "the ids 'ref-1', 'ref-2', 'ref-3' and 4 more, so the page's citation links to those sources" in \
        finding.message


def test_up_to_four_missing_reference_ids_are_all_named():
    assert "the ids 'ref-1' and 'ref-2'," in checked([1, 2], ())[0].message
    assert "the ids 'ref-1', 'ref-2', 'ref-3' and 'ref-4'," in checked([1, 2, 3, 4], ())[0].message


# Passes once build/page_builder.py calls check_reference_anchors for each page it builds.
def test_a_sites_own_page_template_without_reference_ids_is_an_error_once_per_page(tmp_path):
    assert ENTRY_WITH_ID in PAGE_TEMPLATE
    root = make_site(tmp_path, {"index.md": page(body="One [@a]. Two [@b]. Again [@a]."),
                                "other.md": page(title="Other", body="Three [@c].")}, BIB)
    (root / "templates").mkdir()
    (root / "templates" / "page.html").write_text(PAGE_TEMPLATE.replace(ENTRY_WITH_ID, "<li>"), encoding="utf-8")
    result = build(root)
    findings = [d for d in result.report.diagnostics if d.code == "theme.anchor"]
    assert [first_line(d) for d in sorted(findings)] == [
        "content/index.md:1:1: error: the template page.html gives no element the ids 'ref-1' and 'ref-2', so the "
        "page's citation links to those sources lead nowhere",
        "content/other.md:1:1: error: the template page.html gives no element the id 'ref-1', so the page's "
        "citation links to that source lead nowhere",
    ]
    assert result.failed(strict=False)
