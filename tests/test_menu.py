"""The menu: the top-level pages and one entry per section, a section's pages under its entry on
its own pages, and lists of what the menu has no room for, so that a page's menu stays short
whatever the size of the site."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from conftest import SITE_YML, build, html_of, make_site, messages, page, run_cli
from test_html_validity import VNU


def menu_of(result, path: str) -> list[tuple[int, str, str]]:
    """Each link of a page's menu: its depth (0 top, 1 a section's page), address and text."""
    doc = html_of(result, path)
    return [(len(a.xpath("ancestor::ul")) - 1, a.get("href"), a.text_content())
            for a in doc.xpath("//nav[@class='site-nav']//a")]


def listed(result, path: str, list_id: str) -> list[str]:
    doc = html_of(result, path)
    return [a.text_content() for a in doc.xpath(f"//nav[@aria-labelledby='{list_id}']//a")]


def sectioned_site(tmp_path, site_yml: str = SITE_YML):
    return make_site(tmp_path, {
        "index.md": page("Home"),
        "about.md": page("About", order="50"),
        "treatments/index.md": page("Treatments", order="10"),
        "treatments/ketamine.md": page("Ketamine", order="2"),
        "treatments/lidocaine.md": page("Lidocaine", order="3"),
        "treatments/hidden.md": page("Hidden", in_nav="false"),
        "conditions/crps.md": page("CRPS", order="20"),
        "conditions/nerve-pain.md": page("Nerve pain", order="21"),
    }, site_yml=site_yml)


def test_the_menu_holds_the_top_level_pages_and_one_entry_per_folder_in_order(tmp_path):
    result = build(sectioned_site(tmp_path))
    assert result.report.errors == [], messages(result)
    # A folder's entry leads to its index.md, or else (conditions/ has none) to its first page.
    assert menu_of(result, "about/index.html") == [
        (0, "../", "Home"), (0, "../treatments/", "Treatments"), (0, "../conditions/crps/", "CRPS"),
        (0, "./", "About"), (0, "../sources/", "Sources")]


def test_a_sections_pages_are_under_its_entry_on_its_own_pages_only(tmp_path):
    result = build(sectioned_site(tmp_path))
    # Its index page leads, whatever its own 'order'; a page with in_nav: false is not listed.
    assert menu_of(result, "treatments/lidocaine/index.html")[1:5] == [
        (0, "../", "Treatments"), (1, "../", "Treatments"), (1, "../ketamine/", "Ketamine"),
        (1, "./", "Lidocaine")]
    assert menu_of(result, "treatments/hidden/index.html")[2][2] == "Treatments"  # still in its section
    assert all(depth == 0 for depth, _, _ in menu_of(result, "conditions/crps/index.html")[:2])
    assert (1, "../nerve-pain/", "Nerve pain") in menu_of(result, "conditions/crps/index.html")


def test_a_sections_index_page_lists_its_pages_and_the_pages_turn_in_reading_order(tmp_path):
    result = build(sectioned_site(tmp_path))
    assert listed(result, "treatments/index.html", "menu-section-pages") == ["Ketamine", "Lidocaine"]
    assert listed(result, "index.html", "menu-more-pages") == []  # everything has room in the menu
    doc = html_of(result, "treatments/lidocaine/index.html")
    turns = [(a.get("rel"), a.get("href")) for a in doc.xpath("//nav[@class='page-turn']/a")]
    assert turns == [("prev", "../ketamine/"), ("next", "../../conditions/crps/")]


def test_the_menu_has_room_for_menu_size_entries_and_the_home_page_lists_the_rest(tmp_path):
    pages = {"index.md": page("Home")} | {f"p{n:02}.md": page(f"Page {n:02}", order=str(n)) for n in range(1, 30)}
    result = build(make_site(tmp_path, pages, site_yml=SITE_YML + "menu_size: 10\n"))
    assert result.report.errors == [], messages(result)
    menu = menu_of(result, "p05/index.html")
    assert [text for _, _, text in menu] == ["Home"] + [f"Page {n:02}" for n in range(1, 10)] + ["More pages", "Sources"]
    assert menu[-2][1] == "../#menu-more-pages"
    assert listed(result, "index.html", "menu-more-pages") == [f"Page {n:02}" for n in range(10, 30)]
    # A page the menu has no room for still has its place in reading order.
    doc = html_of(result, "p15/index.html")
    assert [a.get("href") for a in doc.xpath("//nav[@class='page-turn']/a")] == ["../p14/", "../p16/"]


def test_a_long_section_shows_menu_size_pages_and_a_link_to_all_of_them(tmp_path):
    pages = {"index.md": page("Home"), "guide/index.md": page("Guide")}
    pages |= {f"guide/g{n:02}.md": page(f"Guide {n:02}", order=str(n)) for n in range(1, 13)}
    result = build(make_site(tmp_path, pages, site_yml=SITE_YML + "menu_size: 5\n"))
    menu = menu_of(result, "guide/g03/index.html")
    assert [text for depth, _, text in menu if depth == 1] == ["Guide", "Guide 01", "Guide 02", "Guide 03", "Guide 04",
                                                               "All 13 pages in this section"]
    assert menu[-2][1] == "../#menu-section-pages"
    assert len(listed(result, "guide/index.html", "menu-section-pages")) == 12


def test_a_pages_menu_stays_the_same_size_however_many_pages_the_site_has(tmp_path):
    def menu_links(n_pages: int) -> int:
        pages = {"index.md": page("Home")} | {f"p{n}.md": page(f"Page {n}") for n in range(n_pages)}
        result = build(make_site(tmp_path / str(n_pages), pages))
        return len(menu_of(result, "p1/index.html"))

    assert menu_links(40) == menu_links(400) == 22  # 20 entries, "More pages" and "Sources"


def test_menu_size_must_be_a_whole_number_of_at_least_two(tmp_path):
    result = build(make_site(tmp_path, {"index.md": page("Home")}, site_yml=SITE_YML + "menu_size: 1\n"))
    assert [m for m in messages(result) if "menu_size" in m] == [
        "site.yml:4:12: error: the setting 'menu_size' must be 2 or more, not 1: "
        "the menu needs room for the home page and one more"]


@pytest.mark.browser  # the Nu HTML Checker, which runs in Java
def test_the_menu_of_sections_and_the_lists_of_pages_are_valid_html(tmp_path):
    java = shutil.which("java")
    assert java, "Java is missing: run scripts/setup (it installs default-jre-headless)"
    assert VNU.is_file(), "vnu.jar is missing: run scripts/setup (it runs npm ci)"
    root = sectioned_site(tmp_path, site_yml=SITE_YML + "menu_size: 2\n")  # a full menu and a long section
    assert run_cli("--root", root).returncode == 0
    pages = sorted(str(p) for p in (root / "_site").rglob("*.html"))
    result = subprocess.run([java, "-jar", str(VNU), "--errors-only", "--format", "text", *pages],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "menu-more-pages" in (root / "_site" / "index.html").read_text()
    assert "All 3 pages in this section" in (root / "_site" / "treatments" / "ketamine" / "index.html").read_text()
