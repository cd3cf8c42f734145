"""A fixture site built end to end, with the output checked by a real HTML parser."""

import json
import re
from pathlib import Path

import pytest
from conftest import run_cli
from helpers_html import html_files, parse, resolve


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    from conftest import FIXTURES
    out = tmp_path_factory.mktemp("out") / "_site"
    result = run_cli("--root", FIXTURES / "basic", "--out", out, "--base-url", "https://example.org/health/")
    assert result.returncode == 0, result.stderr
    return out


def test_the_output_has_every_page_and_the_generated_files(built):
    files = {p.relative_to(built).as_posix() for p in built.rglob("*") if p.is_file()}
    assert {"index.html", "guides/treatments/index.html", "sources/index.html", "404.html", "robots.txt",
            "sitemap.xml", "_headers", "images/diagram.png"} <= files
    assert any(re.fullmatch(r"static/style\.[0-9a-f]{10}\.css", path) for path in files)


def test_every_citation_link_lands_on_a_reference_of_the_same_page(built):
    for page in html_files(built):
        doc = parse(page)
        ids = set(doc.xpath("//@id"))
        for link in doc.xpath("//a[@class='cite-more']"):
            assert link.get("href").startswith("#ref-")
            assert link.get("href")[1:] in ids, (page, link.get("href"))
            target = doc.get_element_by_id(link.get("href")[1:])
            assert target.tag == "li" and target.text_content().strip()


def test_every_back_link_lands_on_a_citation_of_the_same_source(built):
    checked = 0
    for page in html_files(built):
        doc = parse(page)
        for item in doc.xpath("//section[@class='references']//li"):
            number = item.get("id").removeprefix("ref-")
            for backlink in item.xpath(".//a[contains(@class, 'backlink')]"):
                place = doc.get_element_by_id(backlink.get("href")[1:])
                assert place.get("class") in ("cite", "cite-anchor")
                assert place.get("id").startswith(f"cite-{number}-")
                checked += 1
    assert checked >= 10


def test_every_internal_link_and_anchor_resolves(built):
    checked = 0
    for page in html_files(built):
        doc = parse(page)
        for element, attribute in [(a, "href") for a in doc.xpath("//a[@href]")] + \
                [(e, "src") for e in doc.xpath("//*[@src]")] + [(e, "href") for e in doc.xpath("//link[@href]")]:
            href = element.get(attribute)
            if page.name == "404.html" or href.startswith(("https:", "http:", "mailto:", "tel:")):
                continue
            target, fragment = resolve(built, page, href)
            assert target.is_file(), (page, href)
            if fragment:
                assert fragment in set(parse(target).xpath("//@id")), (page, href)
            checked += 1
    assert checked > 30


def test_the_sources_page_lists_every_reference_with_its_label_and_citing_places(built):
    doc = parse(built / "sources/index.html")
    entries = doc.xpath("//ul[@class='source-list']/li")
    assert len(entries) == 7
    first = " ".join(entries[0].text_content().split())
    assert first.startswith("Alpha AB, Beta C, Gamma DE. A CRPS study. Pain Medicine. 2004;5(3):263-275.")
    assert "Retrospective study" in first
    places = entries[0].xpath(".//p[@class='cited-by']/a[contains(@href, '#cite-')]")
    landed = [resolve(built, built / "sources/index.html", a.get("href")) for a in places]
    assert len(landed) == 3  # once on the home page, twice on the treatments page
    for target, fragment in landed:
        assert parse(target).get_element_by_id(fragment) is not None


def test_references_follow_ama_style(built):
    doc = parse(built / "sources/index.html")
    text = {li.get("id"): " ".join(li.text_content().split()) for li in doc.xpath("//ul[@class='source-list']/li")}
    assert text["source-finn2015"].startswith(
        "Finnerup NB, Attal N, Haroutounian S, et al. Pharmacotherapy for neuropathic pain in adults. "
        "The Lancet Neurology. 2015;14(2):162-173. doi:10.1016/S1474-4422(14)70251-0 PubMed Free full text (PMC4493167)")
    assert text["source-vongunten"].startswith("von Gunten CF. Ketamine for chronic pain. Practical Pain Management. "
                                               "Accessed November 1, 2026. https://www.example.org/ketamine?a=1&b=2")
    assert text["source-chapter2019"].startswith("Zeta Z, Öztürk A. Ketamine in palliative care. In: Editor E, Second S, "
                                                 "eds. Textbook of Pain. Example Press; 2019:10-20.")
    assert text["source-who2020"].startswith("World Health Organization. Guidelines for the pharmacological "
                                             "management of pain. WHO; 2020.")


def test_canonical_links_and_sitemap_use_the_base_url(built):
    doc = parse(built / "guides/treatments/index.html")
    assert doc.xpath("//link[@rel='canonical']/@href") == ["https://example.org/health/guides/treatments/"]
    sitemap = (built / "sitemap.xml").read_text()
    assert "<loc>https://example.org/health/guides/treatments/</loc>" in sitemap
    assert "<lastmod>2026-11-01</lastmod>" in sitemap
    assert "Sitemap: https://example.org/health/sitemap.xml" in (built / "robots.txt").read_text()


def test_the_404_page_links_from_the_site_root(built):
    doc = parse(built / "404.html")
    [stylesheet] = doc.xpath("//link[@rel='stylesheet']/@href")
    assert re.fullmatch(r"/health/static/style\.[0-9a-f]{10}\.css", stylesheet)
    assert doc.xpath("//main//a/@href") == ["/health/", "/health/sources/"]


def test_review_metadata_and_off_label_notice_are_shown(built):
    reviewed = parse(built / "guides/treatments/index.html")
    assert "Medically reviewed by Dr Example Reviewer, MD on November 1, 2026." in \
        " ".join(reviewed.xpath("//p[@class='byline']")[0].text_content().split())
    assert "ketamine for chronic pain is not officially approved" in " ".join(reviewed.text_content().split())
    assert "Next review due: May 1, 2027" in " ".join(reviewed.text_content().split())
    home = parse(built / "index.html")
    assert home.xpath("//p[contains(@class, 'byline-unreviewed')]")


def test_structured_data_names_the_reviewer_only_when_the_page_has_one(built):
    reviewed = json.loads(parse(built / "guides/treatments/index.html").xpath(
        "//script[@type='application/ld+json']/text()")[0])
    assert reviewed["reviewedBy"] == {"@type": "Person", "name": "Dr Example Reviewer, MD"}
    assert reviewed["url"] == "https://example.org/health/guides/treatments/"
    home = json.loads(parse(built / "index.html").xpath("//script[@type='application/ld+json']/text()")[0])
    assert "reviewedBy" not in home
