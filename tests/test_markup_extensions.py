"""The Markdown extensions' shared shape: loaded by name, collecting per text, reset between pages."""

import markdown
import pytest

from patientsite.markup.citations.extension import CitationExtension, FoundCitation
from patientsite.markup.collecting import CollectingExtension
from patientsite.markup.links import FoundLink, LinkExtension, Resolved
from patientsite.markup.plaintext import Image, PlainTextExtension, TextBlock
from patientsite.markup.typography import TypographyExtension


@pytest.mark.parametrize("name, kind", [
    ("patientsite.markup.citations.extension", CitationExtension),
    ("patientsite.markup.links", LinkExtension),
    ("patientsite.markup.plaintext", PlainTextExtension),
    ("patientsite.markup.typography", TypographyExtension),
])
def test_each_extension_is_loaded_by_its_module_name_through_make_extension(name, kind):
    md = markdown.Markdown(extensions=[name])
    assert any(isinstance(extension, kind) for extension in md.registeredExtensions)


def test_the_citation_extension_takes_its_callables_as_extension_configs():
    md = markdown.Markdown(extensions=["patientsite.markup.citations.extension"], extension_configs={
        "patientsite.markup.citations.extension": {"is_known": lambda key: True, "describe": lambda key: "Doe. A."}})
    assert 'class="cite-preview-text">Doe. A.</span>' in md.convert("Text [@doe].")


def test_what_is_found_is_handed_over_once_in_document_order():
    extension = CitationExtension(is_known=lambda key: key == "a")
    md = markdown.Markdown(extensions=[extension])
    md.convert("One [@a]. Two [@b].")
    assert extension.take_found() == [FoundCitation("[@a]", ("a",), (), False),
                                      FoundCitation("[@b]", ("b",), ("b",), False)]
    assert extension.take_found() == []


def test_markdowns_reset_forgets_what_was_found_and_the_citation_numbers():
    extension = CitationExtension(is_known=lambda key: True)
    md = markdown.Markdown(extensions=[extension])
    md.convert("One [@a].")
    md.reset()
    assert extension.take_found() == []
    assert 'id="cite-1-1" popovertarget="cite-1-1-preview"' in md.convert("Two [@b].")


def test_every_collecting_extension_starts_with_nothing_found():
    for extension in (CitationExtension(), LinkExtension(), PlainTextExtension()):
        assert isinstance(extension, CollectingExtension)
        assert extension.take_found() == []


def test_links_are_resolved_by_the_resolver_that_start_page_gives():
    extension = LinkExtension()
    md = markdown.Markdown(extensions=[extension])
    extension.start_page(lambda href: Resolved("../" + href, target=href))
    assert md.convert("[A](a.md)") == '<p><a href="../a.md">A</a></p>'
    assert extension.take_found() == [FoundLink("a.md", Resolved("../a.md", target="a.md"))]


def test_after_a_reset_and_before_start_page_links_are_left_as_written():
    extension = LinkExtension()
    md = markdown.Markdown(extensions=[extension])
    extension.start_page(lambda href: Resolved("elsewhere"))
    md.reset()
    assert md.convert("[A](a.md)") == '<p><a href="a.md">A</a></p>'


def test_the_plain_text_is_handed_over_with_its_headings_and_images():
    extension = PlainTextExtension()
    md = markdown.Markdown(extensions=[extension])
    md.convert("## Dose\n\nTake ![a pill](pill.png) daily.\n\n### Later")
    text = extension.take_text()
    assert text.blocks == (TextBlock("h2", "Dose"), TextBlock("p", "Take daily."), TextBlock("h3", "Later"))
    assert text.headings == ((2, "Dose"), (3, "Later"))
    assert text.images == (Image("pill.png", "a pill"),)
    assert extension.take_text().blocks == ()
