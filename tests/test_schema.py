"""The declared fields of site.yml and front matter: each kind's check, validation, and the records built from them."""

import dataclasses
import datetime as dt
from pathlib import Path
from types import MappingProxyType

import pytest
from conftest import first_line

from patientsite.diagnostics import Report
from patientsite.structure import config, pages, schema
from patientsite.structure.config import SiteConfig
from patientsite.structure.pages import PageMeta
from patientsite.structure.schema import FieldError
from patientsite.structure.yamldoc import load_mapping


def item(yaml_value: str):
    """The YamlValue of ``v: <yaml_value>``, as a check receives it."""
    return load_mapping("v: " + yaml_value, "t.yml").values["v"]


def refused(check, yaml_value: str) -> tuple[str, str]:
    """The message and hint with which a check refuses a value."""
    with pytest.raises(FieldError) as caught:
        check(item(yaml_value))
    return str(caught.value), caught.value.hint


def validate(text: str, fields, **options):
    """Validate a YAML text against some fields: the result, and the findings as 'line:col: severity: message'."""
    report = Report(Path.cwd())
    result = schema.validate(load_mapping(text, "t.yml"), fields, report, "t.yml", **options)
    return result, [first_line(d).removeprefix("t.yml:") for d in report.diagnostics], report


FIELDS = {
    "title": schema.Field(schema.text(20), required=True, help="the title"),
    "language": schema.Field(schema.text(), default="en", help="the language"),
    "order": schema.Field(schema.integer, default=1000, help="the place in the menu"),
}


# Each kind of field.

@pytest.mark.parametrize("written, text", [("no", "no"), ("2020", "2020"), ("1.50", "1.50"), ("'  a   b  '", "a b"),
                                           ("|\n  one\n  two", "one two")])
def test_text_is_taken_as_written_on_one_line(written, text):
    assert schema.text()(item(written)) == text


def test_multi_line_text_keeps_its_lines_and_loses_its_outer_space():
    assert schema.text(single_line=False)(item("|\n  one\n  two\n")) == "one\ntwo"


def test_text_longer_than_its_limit_is_refused_with_its_length():
    assert refused(schema.text(5), "abcdef") == ("is 6 characters long; the limit is 5",
                                                 "shorten it: search engines cut longer text off")
    assert schema.text(5)(item("'a    b'")) == "a b"  # the limit counts the folded text


def test_text_refuses_lists_and_empty_text():
    assert refused(schema.text(), "[a]") == ("must be text", "write the text after the colon, on the same line")
    assert refused(schema.text(), "''")[0] == "must not be empty"


@pytest.mark.parametrize("written", ["2026-11-22", "'2026-11-22'", "2026-11-22 10:30:00"])
def test_a_date_is_read_quoted_or_not_and_from_a_timestamp(written):
    assert schema.date(item(written)) == dt.date(2026, 11, 22)


@pytest.mark.parametrize("written, shown", [("22/11/2026", "22/11/2026"), ("[2026]", "[2026]")])
def test_a_date_that_is_not_one_is_refused_with_an_example(written, shown):
    assert refused(schema.date, written) == (f"must be a date written as YYYY-MM-DD, not '{shown}'",
                                             "for example: 2026-11-22")


@pytest.mark.parametrize("written", ["'2026-02-30'", "2026-02-30"])
def test_a_date_that_does_not_exist_says_why(written):
    assert refused(schema.date, written) == ("is '2026-02-30', a date that does not exist: there is no day 30 "
                                             "(February 2026 has 28 days)",
                                             "write the date as YYYY-MM-DD, for example 2026-11-22")


def test_an_integer_is_a_whole_number_of_sensible_size():
    assert schema.integer(item("12")) == 12
    assert refused(schema.integer, "x")[0] == "must be a whole number, not 'x'"
    assert refused(schema.integer, "true")[0] == "must be a whole number, not 'true'"
    assert refused(schema.integer, "1.5")[0] == "must be a whole number, not '1.5'"
    assert refused(schema.integer, "10000000000")[0] == "is too large"


def test_a_number_may_have_decimals_and_is_given_as_a_float():
    assert schema.number(item("7.5")) == 7.5
    assert schema.number(item("8")) == 8.0 and isinstance(schema.number(item("8")), float)
    assert refused(schema.number, "yes")[0] == "must be a number, not 'yes'"
    assert refused(schema.number, "'8'")[0] == "must be a number, not '8'"


def test_a_choice_is_one_of_its_words_in_any_case_with_did_you_mean_for_a_typo():
    levels = schema.choice("notice", "warning", "error")
    assert levels(item("Warning")) == "warning"
    assert refused(levels, "eror") == ("must be one of notice, warning, error, not 'eror'", "did you mean 'error'?")
    assert refused(levels, "loud") == ("must be one of notice, warning, error, not 'loud'", "")


def test_a_boolean_is_true_or_false_and_not_a_quoted_word():
    assert schema.boolean(item("true")) is True and schema.boolean(item("false")) is False
    assert refused(schema.boolean, "maybe")[0] == "must be true or false, not 'maybe'"
    assert refused(schema.boolean, "'true'")[0] == "must be true or false, not 'true'"


def test_a_text_list_takes_one_item_or_many_each_on_one_line():
    assert schema.text_list(item("[a, b]")) == ("a", "b")
    assert schema.text_list(item("\n  - one\n  - '  two   words '")) == ("one", "two words")
    assert schema.text_list(item("just one")) == ("just one",)
    assert schema.text_list(item("[1, 2]")) == ("1", "2")


def test_a_text_list_refuses_mappings_and_nested_lists():
    hint = "write each item on its own line, starting with '- '"
    assert refused(schema.text_list, "{a: 1}") == ("must be a list", hint)
    assert refused(schema.text_list, "[[a]]") == ("must be a list of text items", hint)
    assert refused(schema.text_list, "[a, null]") == ("must be a list of text items", hint)


def test_a_slug_is_lowercase_words_with_hyphens_optionally_in_folders():
    assert schema.slug(item("side-effects")) == "side-effects"
    assert schema.slug(item("guides/side-effects")) == "guides/side-effects"
    for bad in ("Bad_Slug", "a--b", "-a", "a/"):
        assert refused(schema.slug, bad) == (f"'{bad}' is not a valid slug",
                                             "use lowercase letters, digits and hyphens, for example: side-effects")


def test_a_url_is_an_absolute_http_or_https_address():
    assert schema.url(item("https://example.org/x/")) == "https://example.org/x/"
    assert schema.url(item("http://example.org")) == "http://example.org"
    for bad in ("example.org", "ftp://example.org", "https:///x"):
        assert refused(schema.url, bad)[0] == f"'{bad}' is not an http:// or https:// address"


def test_reasons_map_each_finding_id_to_its_reason():
    assert schema.reasons(item("\n  risk.vague: ' the list is elsewhere '\n  readability.grade: medical words")) == {
        "risk.vague": "the list is elsewhere", "readability.grade": "medical words"}


@pytest.mark.parametrize("written, message", [
    ("[risk.vague]", "needs a reason for each id"),
    ("risk.vague", "must list finding ids with a reason each, indented under 'allow:'"),
    ("\n  Bad: a reason", "'Bad' is not a finding id"),
    ("\n  risk.vague: ''", "'risk.vague' needs a reason"),
    ("\n  risk.vague: 3", "'risk.vague' needs a reason"),
])
def test_reasons_refuse_ids_without_a_reason_and_what_is_not_an_id(written, message):
    assert refused(schema.reasons, written)[0] == message


def test_a_mapping_is_handed_on_as_it_is():
    assert schema.mapping(item("\n  name: C\n  phone: 1")) == {"name": "C", "phone": 1}
    assert refused(schema.mapping, "text")[0] == "must be a set of 'name: value' lines, indented under this field"


def test_a_list_of_mappings_is_a_tuple_of_entries():
    assert schema.list_of_mappings(item("\n  - label: E\n    number: '1'")) == ({"label": "E", "number": "1"},)
    for bad in ("3", "[a]", "{a: 1}"):
        assert refused(schema.list_of_mappings, bad)[0].startswith("must be a list of entries")


# Validating a mapping against declared fields.

def test_an_unknown_name_is_a_warning_at_its_key_with_did_you_mean():
    _, found, report = validate("title: T\n  \nlangauge: fr\n", FIELDS)
    assert found == ["3:1: warning: unknown field 'langauge'"]
    assert (report.diagnostics[0].hint, report.diagnostics[0].code) == ("did you mean 'language'?",
                                                                        "frontmatter.unknown-field")


def test_an_unknown_name_far_from_every_known_one_lists_them_in_declaration_order():
    _, _, report = validate("title: T\nzzz: 1\n", FIELDS)
    assert report.diagnostics[0].hint == "known: title, language, order"


def test_settings_are_named_as_settings_with_their_own_ids():
    _, found, report = validate("tittle: T\norder: x\n", FIELDS, what="setting", codes="config")
    assert found == ["1:1: warning: unknown setting 'tittle'", "2:8: error: the setting 'order' must be a whole "
                     "number, not 'x'", "1:1: error: the required setting 'title' is missing"]
    assert [d.code for d in report.diagnostics] == ["config.unknown-setting", "config.invalid", "config.missing"]


def test_a_missing_required_field_is_an_error_where_the_caller_says_with_its_help():
    _, found, report = validate("order: 2\n", FIELDS, where=(4, 2))
    assert found == ["4:2: error: the required field 'title' is missing"]
    assert (report.diagnostics[0].hint, report.diagnostics[0].code) == ("the title", "frontmatter.missing")


def test_a_required_field_written_empty_is_checked_not_called_missing():
    _, found, _ = validate("title:\n", FIELDS)
    assert found == ["1:7: error: the field 'title' must not be empty"]


def test_a_bad_value_is_reported_at_the_value_with_the_checks_hint_or_else_the_fields_help():
    _, found, report = validate("title: a title much longer than twenty\norder: x\n", FIELDS)
    assert found == ["1:8: error: the field 'title' is 31 characters long; the limit is 20",
                     "2:8: error: the field 'order' must be a whole number, not 'x'"]
    assert [d.hint for d in report.diagnostics] == ["shorten it: search engines cut longer text off",
                                                    "the place in the menu"]


def test_findings_come_in_file_order_then_missing_fields_in_declaration_order():
    fields = {"a": schema.Field(schema.integer, required=True), "b": schema.Field(schema.integer, required=True),
              "c": schema.Field(schema.integer)}
    _, found, _ = validate("x: 1\nc: no\n", fields)
    assert found == ["1:1: warning: unknown field 'x'", "2:4: error: the field 'c' must be a whole number, not 'no'",
                     "1:1: error: the required field 'a' is missing", "1:1: error: the required field 'b' is missing"]


def test_defaults_fill_in_the_fields_not_written_or_written_empty():
    result, found, _ = validate("title: T\norder:\n", FIELDS)
    assert found == []
    assert result.values == {"title": "T", "order": 1000, "language": "en"}


def test_the_line_of_every_known_field_written_is_recorded():
    report = Report(Path.cwd())
    mapping = load_mapping("title: T\nzzz: 1\n\norder:\n", "t.yml", first_line=2)
    assert schema.validate(mapping, FIELDS, report, "t.yml").lines == {"title": 2, "order": 5}


# Declaring a record's fields once: the record and its validation both come from the declaration.

@dataclasses.dataclass(frozen=True, kw_only=True)
class Record:
    size: int = schema.setting(schema.integer, default=3, help="how big")
    name: str = schema.setting(schema.text(), required=True, help="what it is called")
    tags: object = schema.setting(schema.mapping, default=MappingProxyType({"a": "b"}), help="some tags")
    lines: dict = schema.computed(default=None)


def test_fields_of_gives_the_declared_fields_in_order_without_the_computed_ones():
    declared = schema.fields_of(Record)
    assert list(declared) == ["size", "name", "tags"]
    assert declared["size"] == schema.Field(schema.integer, required=False, default=3, help="how big")
    assert declared["name"].required and declared["name"].help == "what it is called"


def test_a_declared_default_is_the_records_default_and_a_required_field_has_none():
    assert Record(name="n").size == 3 and Record(name="n").tags == {"a": "b"}
    with pytest.raises(TypeError):
        Record()


def test_a_record_is_built_from_its_validated_values():
    result, found, _ = validate("name: box\nsize: 5\n", schema.fields_of(Record))
    assert found == []
    assert Record(**result.values) == Record(name="box", size=5)


def test_a_record_field_declared_neither_way_is_refused():
    @dataclasses.dataclass(frozen=True)
    class Forgotten:
        title: str = schema.setting(schema.text())
        colour: str = "red"

    with pytest.raises(TypeError, match="Forgotten.colour"):
        schema.fields_of(Forgotten)


def test_every_field_of_the_site_config_is_a_declared_setting_but_those_worked_out():
    assert config.FIELDS == schema.fields_of(SiteConfig)
    worked_out = {"lines", "placeholders", "demo", "publishing", "evidence_labels_given", "texts_in"}
    assert list(config.FIELDS) == [f.name for f in dataclasses.fields(SiteConfig) if f.name not in worked_out]


def test_every_field_of_the_page_meta_is_a_declared_front_matter_field():
    assert pages.FIELDS == schema.fields_of(PageMeta)
    assert list(pages.FIELDS) == [f.name for f in dataclasses.fields(PageMeta)]


def test_validating_a_minimal_file_gives_a_value_for_every_declared_field():
    site, _, _ = validate("title: T\nclinic:\n  name: C\n", config.FIELDS, what="setting", codes="config")
    front, _, _ = validate("title: T\ndescription: D.\nlast_reviewed: 2026-01-01\n", pages.FIELDS)
    assert set(site.values) == set(config.FIELDS) and set(front.values) == set(pages.FIELDS)
