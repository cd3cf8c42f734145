"""The anchor contract: citations link to reference_id(n), and the template gives the entries those ids."""

from conftest import BIB, build, html_of, make_site, page

from patientsite.structure.anchors import citation_id, reference_id
from patientsite.theme.loader import Theme


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
    assert doc.xpath("//a[@class='cite']/@href") == ["#" + reference_id(1), "#" + reference_id(1), "#" + reference_id(2)]
    assert doc.xpath("//section[@class='references']//li/@id") == [reference_id(1), reference_id(2)]
    assert doc.xpath("//a[@class='cite']/@id") == [citation_id(1, 1), citation_id(1, 2), citation_id(2, 1)]
