import datetime as dt

import pytest

from pressextract.dates import parse_published, parse_range

BASE = dt.date(2026, 3, 11)   # a Wednesday


def test_relative_dates_against_publication():
    assert parse_range("yesterday", BASE).start == dt.date(2026, 3, 10)
    assert parse_range("on Monday", BASE).start == dt.date(2026, 3, 9)
    assert parse_range("next Tuesday", BASE, "future").start == dt.date(2026, 3, 17)
    assert parse_range("Today", BASE).start == BASE


def test_ranges():
    r = parse_range("from June 27 to 30, 2017", BASE)
    assert (r.start, r.end) == (dt.date(2017, 6, 27), dt.date(2017, 6, 30))
    r = parse_range("September 18-19, 2018", BASE)
    assert (r.start, r.end) == (dt.date(2018, 9, 18), dt.date(2018, 9, 19))
    r = parse_range("Friday, June 12 and Saturday, June 13", BASE, "future")
    assert (r.start, r.end) == (dt.date(2026, 6, 12), dt.date(2026, 6, 13))


def test_year_never_invented():
    assert parse_range("March 29", None) is None
    assert parse_range("yesterday", None) is None
    assert parse_published("20 May") is None
    # Without a year, the year nearest the publication date.
    assert parse_range("Nov 6", dt.date(2019, 10, 30)).start == dt.date(2019, 11, 6)


def test_vague_expressions_are_not_dates():
    for text in ("week-long", "annually", "the coming months", "this year"):
        assert parse_range(text, BASE) is None


def test_precision():
    assert parse_range("March 2015", BASE).precision == "month"
    assert parse_range("2014", BASE).precision == "year"
    assert parse_published("Friday, September 28, 2007") == dt.date(2007, 9, 28)


def test_numeric_date_lines():
    assert parse_published("12.03.2021") == dt.date(2021, 3, 12)
    assert parse_published("03/12/2021") == dt.date(2021, 3, 12)
    assert parse_published("2021-03-12") == dt.date(2021, 3, 12)


@pytest.mark.parametrize("text", ["1970s", "the 1990s", "'90s", "90 Days", "30 days", "15, 2025", "2025-26", "20+"])
def test_decades_durations_and_day_numbers_alone_are_no_dates(text):
    assert parse_range(text, dt.date(2025, 10, 9)) is None


@pytest.mark.parametrize("text, day", [("01/01/2024", "2024-01-01"), ("2024-06-18", "2024-06-18"),
                                       ("12-31-2024", "2024-12-31"), ("7 February 2025", "2025-02-07")])
def test_numeric_and_written_days_still_parse(text, day):
    assert str(parse_range(text, dt.date(2025, 10, 9)).start) == day


@pytest.mark.parametrize("base, prefer", [(dt.date(2025, 10, 30), "future"), (dt.date(2025, 10, 30), "past"),
                                          (dt.date(2025, 11, 19), "future"), (dt.date(2025, 12, 2), "past")])
def test_a_weekday_with_its_month_and_day_picks_the_year(base, prefer):
    """"will host ... on Wednesday, November 19" names a day: not a date relative to the anchor
    (it was 2026-11-19 from a 2025-11-19 anchor), and the year whose November 19 is a Wednesday."""
    assert parse_range("Wednesday, November 19", base, prefer).start == dt.date(2025, 11, 19)
    assert parse_range("Tuesday, November 19", base, prefer).start == dt.date(2024, 11, 19)
