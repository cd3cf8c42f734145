"""Links between pages: rewriting .md links into relative URLs, and reporting links that land nowhere."""

import pytest
from conftest import SITE_YML, build, html_of, make_site, messages, page

from patientsite.structure.urls import normalise_site_path, relative_url


@pytest.mark.parametrize("source, target, expected", [
    ("", "crps/", "crps/"),
    ("crps/", "", "../"),
    ("crps/", "crps/", "./"),
    ("crps/", "sources/", "../sources/"),
    ("guides/a/", "guides/b/", "../b/"),
    ("guides/a/", "static/style.css", "../../static/style.css"),
    ("404.html", "static/style.css", "static/style.css"),
])
def test_relative_urls_work_from_any_depth(source, target, expected):
    assert relative_url(source, target) == expected


def test_paths_that_climb_out_of_the_site_are_refused():
    assert normalise_site_path("a/../../b.md") is None
    assert normalise_site_path("a/./b/../c.md") == "a/c.md"


def site_with_links(tmp_path, body):
    pages = {
        "index.md": page(body="## Getting started\n"),
        "guides/crps.md": page(title="CRPS", body=body),
        "guides/other.md": page(title="Other", body="## Part one\n"),
    }
    return build(make_site(tmp_path, pages))


def test_links_to_md_files_and_headings_become_relative_page_urls(tmp_path):
    result = site_with_links(tmp_path, "[a](other.md) [b](other.md#part-one) [c](../index.md#getting-started) "
                                       "[d](/sources/) [e](#top) [f](https://example.org/)\n\n## Top\n")
    assert result.report.errors == [], messages(result)
    links = html_of(result, "guides/crps/index.html").xpath("//div[@class='page-body']//a")
    assert [a.get("href") for a in links] == ["../other/", "../other/#part-one", "../../#getting-started",
                                              "../../sources/", "#top", "https://example.org/"]
    assert links[-1].get("rel") == "noopener noreferrer"


@pytest.mark.parametrize("body, expected", [
    ("Text\nsee [x](otehr.md).", "content/guides/crps.md:8:9: error: the link 'otehr.md' points to "
                                 "'guides/otehr.md', which does not exist"),
    ("See [x](other.md#part-two).", "content/guides/crps.md:7:9: error: the link 'other.md#part-two' points to "
                                    "'#part-two', which is not on '/guides/other/'"),
    ("See [x](#nowhere).", "content/guides/crps.md:7:9: error: the link '#nowhere' points to '#nowhere', "
                           "which is not on this page"),
    ("See [x](../../secret.md).", "content/guides/crps.md:7:9: error: the link '../../secret.md' points outside the site"),
    ("See [x](javascript:alert(1)).", "content/guides/crps.md:7:9: error: the link 'javascript:alert(1)' uses "
                                      "'javascript:', which is not allowed"),
])
def test_links_that_land_nowhere_are_errors_at_their_place(tmp_path, body, expected):
    assert messages(site_with_links(tmp_path, body)) == [expected]


def test_a_broken_link_suggests_the_nearest_page(tmp_path):
    result = site_with_links(tmp_path, "See [x](othr.md).")
    assert result.report.errors[0].hint.startswith("did you mean 'guides/other.md'")


def test_a_page_with_an_error_is_one_message_not_a_cascade(tmp_path):
    """Links to it, the footer naming it and the sources it cites give no false errors of their own."""
    broken = page("About", body="Cited [@a].\n").replace("last_reviewed:", "key_points:\n\t- one\nlast_reviewed:")
    root = make_site(tmp_path, {"index.md": page("Home", body="See [about](about.md#top)."), "about.md": broken},
                     "@article{a, author = {A, B}, title = {T}, journal = {J}, year = 2000}\n",
                     site_yml=SITE_YML + "footer_links: [about.md]\n")
    result = build(root)
    assert messages(result) == ["content/about.md:5:1: error: the YAML cannot be read: a tab is used to indent"]
    assert not [m for m in messages(result, notices=True) if "not cited" in m]


def test_a_link_to_a_draft_says_it_is_a_draft(tmp_path):
    root = make_site(tmp_path, {"index.md": page("Home", body="See [soon](soon.md)."),
                                "soon.md": page("Soon", draft="true")})
    assert messages(build(root)) == [
        "content/index.md:7:12: error: the link 'soon.md' points to 'soon.md', which is a draft: drafts are left out "
        "of the site, so the link would be broken when it is published"]
