"""Dates as sources and pages write them (ISO 8601 and BibLaTeX's EDTF extensions).

``date = {2004}``, ``{2004-03}``, ``{2004-03-17}``, ranges ``{1984/1986}`` and
``{1997/}``, approximate ``{1988~}`` and uncertain ``{1988?}``. BibTeX's separate
``year`` and ``month`` fields are read by the entry builder and given here as one date.
An impossible date is a `DateProblem` that says what is impossible about it.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from patientsite.diagnostics import ValueProblem

_PART = re.compile(r"(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2})(?:T[\d:]+(?:Z|[+-][\d:]+)?)?)?)?"
                   r"(?P<flags>[~?%]*)")
HINT = "write the date as YYYY, YYYY-MM or YYYY-MM-DD, and a range as YYYY/YYYY"
# Seasons are months 21 to 24 in EDTF; a reference shows only their year.
SEASONS = range(21, 25)


class DateProblem(ValueProblem):
    """A date that is not written as a date, or that does not exist."""


@dataclass(frozen=True)
class DatePart:
    """One end of a date: a year, perhaps with a month and a day."""

    year: int
    month: int | None = None
    day: int | None = None


@dataclass(frozen=True)
class SourceDate:
    """When a source was published: one date, or a range, perhaps approximate."""

    start: DatePart
    end: DatePart | None = None
    open_ended: bool = False
    approximate: bool = False
    uncertain: bool = False


def parse_date(text: str) -> SourceDate:
    """A BibLaTeX date; raises `DateProblem` naming what is wrong with it."""
    value = text.strip()
    start_text, slash, end_text = value.partition("/")
    if slash and not start_text:
        raise DateProblem("the range has no start", HINT)
    start, approximate, uncertain = _part(start_text, value)
    end = None
    if end_text and end_text != "..":
        end, end_approximate, end_uncertain = _part(end_text, value)
        approximate, uncertain = approximate or end_approximate, uncertain or end_uncertain
        if (end.year, end.month or 0, end.day or 0) < (start.year, start.month or 0, start.day or 0):
            raise DateProblem("the range ends before it starts", "write the earlier date first: start/end")
    return SourceDate(start, end, open_ended=bool(slash) and end is None, approximate=approximate, uncertain=uncertain)


def parse_iso_day(text: str) -> dt.date:
    """A full date written YYYY-MM-DD, such as an access date; raises `DateProblem`."""
    part, _, _ = _part(text.strip(), text.strip())
    if part.month is None or part.day is None or part.month in SEASONS:
        raise DateProblem("this is not a full date", "write it as YYYY-MM-DD, for example 2024-03-17")
    return dt.date(part.year, part.month, part.day)


def _part(text: str, whole: str) -> tuple[DatePart, bool, bool]:
    match = _PART.fullmatch(text)
    if not match:
        raise DateProblem("this is not a date", HINT)
    year = int(match["year"])
    month = int(match["month"]) if match["month"] else None
    day = int(match["day"]) if match["day"] else None
    if month is not None and not (1 <= month <= 12 or (month in SEASONS and day is None)):
        raise DateProblem(f"there is no month {month} (months run from 01 to 12)", HINT)
    if day is not None and not 1 <= day <= calendar.monthrange(year, month)[1]:
        raise DateProblem(f"there is no day {day} ({calendar.month_name[month]} {year} has "
                          f"{calendar.monthrange(year, month)[1]} days)", HINT)
    flags = match["flags"]
    return DatePart(year, None if month in SEASONS else month, day), "~" in flags or "%" in flags, \
        "?" in flags or "%" in flags
