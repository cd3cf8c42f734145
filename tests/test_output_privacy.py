"""Privacy and security of the output: nothing from other origins, no inline script or style, honest metadata."""

import json
import re

from helpers_html import parse

EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)|@import\s+(?:url\()?\s*['"]?([^'")\s;]+)""", re.IGNORECASE)


def test_no_file_loads_anything_from_another_origin(project_site):
    loads = []
    for page in project_site.rglob("*.html"):
        doc = parse(page)
        loads += [(page, src) for src in doc.xpath("//*[@src]/@src")]
        loads += [(page, href) for href in doc.xpath("//link[@rel!='canonical']/@href")]
    for sheet in project_site.rglob("*.css"):
        loads += [(sheet, a or b) for a, b in CSS_URL.findall(sheet.read_text(encoding="utf-8"))]
    assert loads, "the scan found nothing to check"
    assert [load for load in loads if EXTERNAL.match(load[1]) or load[1].startswith("data:")] == []


def test_no_inline_script_style_or_event_handler(project_site):
    for page in project_site.rglob("*.html"):
        doc = parse(page)
        scripts = doc.xpath("//script[not(@src) and not(@type='application/ld+json')]")
        assert scripts == [] and doc.xpath("//style") == [], page
        assert doc.xpath("//@style") == [], page
        assert [a for a in doc.xpath("//@*") if a.attrname.startswith("on")] == [], page


def test_every_page_sets_a_strict_policy_in_meta_and_the_headers_file_agrees(project_site):
    headers = (project_site / "_headers").read_text()
    for page in project_site.rglob("*.html"):
        policy = parse(page).xpath("//meta[@http-equiv='Content-Security-Policy']/@content")
        assert policy and policy[0].startswith("default-src 'self'"), page
        assert f"Content-Security-Policy: {policy[0]}; frame-ancestors 'none'" in headers
    for header in ("Referrer-Policy: no-referrer", "Permissions-Policy: camera=()", "X-Content-Type-Options: nosniff"):
        assert header in headers


def test_titles_are_unique_and_every_page_has_open_graph_tags(project_site):
    titles = {}
    for page in project_site.rglob("*.html"):
        doc = parse(page)
        titles.setdefault(doc.findtext(".//title"), []).append(page)
        for prop in ("og:title", "og:description", "og:type", "og:site_name"):
            assert doc.xpath(f"//meta[@property='{prop}']/@content"), (page, prop)
    assert all(len(pages) == 1 for pages in titles.values()), titles


def test_structured_data_is_valid_json_and_agrees_with_the_page(project_site):
    checked = 0
    for page in project_site.glob("*/index.html"):
        doc = parse(page)
        blocks = doc.xpath("//script[@type='application/ld+json']/text()")
        if page.parent.name == "sources":
            continue
        data = json.loads(blocks[0])
        assert data["@type"] == "MedicalWebPage"
        assert data["name"] == doc.findtext(".//h1")
        assert data["description"] == doc.xpath("//meta[@name='description']/@content")[0]
        assert data["lastReviewed"] == doc.xpath("//p[contains(@class, 'review-dates')]/time/@datetime")[0]
        assert data["medicalAudience"]["audienceType"] == "Patient"
        assert "reviewedBy" not in data  # no page names a reviewer yet
        assert len(data.get("citation", [])) == len(doc.xpath("//section[@class='references']//li[starts-with(@id, 'ref-')]"))
        checked += 1
    assert checked >= 10
    crps = json.loads(parse(project_site / "crps/index.html").xpath("//script[@type='application/ld+json']/text()")[0])
    assert {"@type": "MedicalCondition", "name": "Complex regional pain syndrome"} in crps["about"]
