"""Date normalisation with dateparser, against the publication date.

Candidates come from spaCy DATE entities and the dateline; each is parsed on its own (never
``search_dates`` over a whole release, which reads "may" and "march" as dates). Ranges
("June 27 to 30, 2017", "September 18-19, 2018") are split first. A year is only trusted when
the text has one, or when a publication date anchors the expression; otherwise there is no
date (we never invent a year).
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
from dataclasses import dataclass
from functools import lru_cache

import dateparser
from dateparser.date import DateDataParser

from .calendar_words import MONTH, WEEKDAY_NAME, WEEKDAY_NAMES

warnings.filterwarnings("ignore", category=DeprecationWarning, module="dateparser")

_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_RANGE_SAME_MONTH = re.compile(
    rf"(?P<month>{MONTH})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s*(?:-|–|—|to|through|until|and)\s*"
    rf"(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?(?![\d:])(?P<year>,?\s+\d{{4}})?", re.I)
_RANGE_DAY_FIRST = re.compile(
    rf"(?P<d1>\d{{1,2}})\s*(?:-|–|—|to|and)\s*(?P<d2>\d{{1,2}})\s+(?P<month>{MONTH})(?P<year>,?\s+\d{{4}})?", re.I)
_RANGE_TWO = re.compile(r"^(?:from\s+|between\s+)?(?P<a>.+?)\s+(?:to|until|through|and|-|–|—)\s+(?P<b>.+)$", re.I)
_RELATIVE = re.compile(r"\b(today|yesterday|tomorrow|tonight|this (?:morning|afternoon|evening|week|month|year)|"
                       rf"last|next|ago|{WEEKDAY_NAME}|"
                       r"earlier|later|coming)\b", re.I)
_WEEKDAY_ONLY = re.compile(rf"^(?:on\s+)?(?:this\s+|last\s+|next\s+)?({WEEKDAY_NAME})"
                           r"(?:\s+(?:morning|afternoon|evening|night))?$", re.I)
_VAGUE = re.compile(r"\b(annual(?:ly)?|each|every|years?|decades?|century|months|weeks|days|season|"
                    r"week-long|period|era|time|recent(?:ly)?|soon|future|past|coming)\b", re.I)
_NUMERIC_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Not a day: a decade ("the 1970s", "'90s"), a duration ("90 days", "30 Days"), a day number
# without its month ("15, 2025", cut off by the model).
_DECADE = re.compile(r"^(?:\d{4}|'?\d{2})['’]?s$", re.I)
_DURATION = re.compile(r"^\d[\d,.]*\s+(?:hours?|days?|weeks?|months?|years?)$", re.I)
_MONTH_NAME = re.compile(MONTH, re.I)
_WEEKDAY = re.compile(WEEKDAY_NAME)               # full names only (WEEKDAY_NAMES)
_NUMERIC_DAY = re.compile(r"\b\d{1,2}[/.]\d{1,2}(?:[/.]\d{2,4})?\b|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}-\d{1,2}-\d{2,4}\b")

_PARSER = DateDataParser(languages=["en"])


@dataclass
class DateValue:
    start: dt.date | None
    end: dt.date | None
    text: str
    precision: str | None          # "day", "week", "month" or "year"


def _settings(base: dt.date | None, prefer: str) -> dict:
    s = {"PREFER_DATES_FROM": prefer, "RETURN_AS_TIMEZONE_AWARE": False, "PREFER_DAY_OF_MONTH": "first",
         "DATE_ORDER": "MDY"}
    if base:
        s["RELATIVE_BASE"] = dt.datetime(base.year, base.month, base.day)
    return s


def parse_one(text: str, base: dt.date | None = None, prefer: str = "past") -> DateValue | None:
    """One date expression -> a date with precision, or None."""
    t = " ".join(text.replace("\n", " ").split()).strip(" ,.;:()")
    t = re.sub(r"^(?:on|from|since|by|until|as of|the)\s+", "", t, flags=re.I)
    if not t or not re.search(r"\d|" + _RELATIVE.pattern, t, re.I):
        return None
    if _DECADE.match(t) or _DURATION.match(t):
        return None
    if not (_MONTH_NAME.search(t) or _RELATIVE.search(t) or _NUMERIC_DAY.search(t)
            or re.fullmatch(r"\d{4}", t)):
        return None                                  # digits alone name no day ("15, 2025")
    has_year = bool(_YEAR.search(t))
    day_number = bool(re.search(r"\d", _YEAR.sub("", t)))
    # "Wednesday, November 19" names its day: the weekday is no relative date (it can pick the year).
    written_day = day_number and bool(_MONTH_NAME.search(t))
    relative = bool(_RELATIVE.search(t)) and not (has_year and day_number) and not written_day
    if not has_year and base is None:
        return None                                  # no year knowable: never invent one
    if not re.search(r"\d", t) and (_VAGUE.search(t) and not _WEEKDAY_ONLY.match(t)) and t.lower() not in (
            "today", "yesterday", "tomorrow"):
        return None
    if relative and base is None:
        return None
    if _WEEKDAY_ONLY.match(t):
        return _weekday(t, base, prefer)
    if re.fullmatch(r"\d{4}", t):
        year = int(t)
        return DateValue(dt.date(year, 1, 1), dt.date(year, 12, 31), text, "year")
    data = _PARSER.get_date_data(t, date_formats=None)
    if data is None or data.date_obj is None:
        parsed = dateparser.parse(t, languages=["en"], settings=_settings(base, prefer))
        if parsed is None:
            return None
        return DateValue(parsed.date(), None, text, "day")
    if not has_year and not relative:
        # dateparser filled in the current year; take the year that puts the date nearest
        # the publication date (a release reports recent or coming events).
        parsed = dateparser.parse(t, languages=["en"], settings=_settings(base, prefer))
        if parsed is None:
            return None
        precision = data.period if data.period in ("day", "month", "year") else "day"
        weekday = _WEEKDAY.search(t)
        target = WEEKDAY_NAMES.index(weekday.group(0).lower()) if weekday else None
        return _with_precision(_nearest_year(parsed.date(), base, prefer, target), precision, text)
    if relative:
        parsed = dateparser.parse(t, languages=["en"], settings=_settings(base, prefer))
        if parsed is None:
            return None
        if data.period == "week":
            monday = parsed.date() - dt.timedelta(days=parsed.date().weekday())
            return DateValue(monday, monday + dt.timedelta(days=6), text, "week")
        period = data.period if data.period in ("day", "month", "year") else "day"
        return _with_precision(parsed.date(), period, text)
    precision = data.period if data.period in ("day", "month", "year") else "day"
    return _with_precision(data.date_obj.date(), precision, text)


def _nearest_year(d: dt.date, base: dt.date, prefer: str, weekday: int | None = None) -> dt.date:
    """The year that puts month-and-day `d` nearest `base`; among the years whose calendar has
    that day on `weekday` (Monday 0) when the text names one and one of them does."""
    options = []
    for year in (base.year - 1, base.year, base.year + 1):
        try:
            options.append(d.replace(year=year))
        except ValueError:                         # 29 February
            continue
    matching = [o for o in options if o.weekday() == weekday]
    options = matching or options
    # Ties and near-ties go to the tense of the sentence.
    return min(options, key=lambda o: (abs((o - base).days) + (30 if (o < base) == (prefer == "future") else 0)))


def _with_precision(d: dt.date, precision: str, text: str) -> DateValue:
    if precision == "month":
        start = d.replace(day=1)
        nxt = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        return DateValue(start, nxt - dt.timedelta(days=1), text, "month")
    if precision == "year":
        return DateValue(dt.date(d.year, 1, 1), dt.date(d.year, 12, 31), text, "year")
    return DateValue(d, None, text, "day")


def _weekday(t: str, base: dt.date | None, prefer: str) -> DateValue | None:
    if base is None:
        return None
    m = _WEEKDAY_ONLY.match(t)
    target = WEEKDAY_NAMES.index(m.group(1).lower())
    low = t.lower()
    if "next" in low or (prefer == "future" and "last" not in low):
        delta = (target - base.weekday()) % 7 or (7 if "next" in low else 0)
        return DateValue(base + dt.timedelta(days=delta), None, t, "day")
    delta = (base.weekday() - target) % 7
    if "last" in low and delta == 0:
        delta = 7
    return DateValue(base - dt.timedelta(days=delta), None, t, "day")


@lru_cache(maxsize=4096)
def _parse_range_cached(text: str, base: dt.date | None, prefer: str) -> DateValue | None:
    return _parse_range(text, base, prefer)


def parse_range(text: str, base: dt.date | None = None, prefer: str = "past") -> DateValue | None:
    """A date or a date range ("from June 27 to 30, 2017") -> DateValue (a fresh copy)."""
    value = _parse_range_cached(text, base, prefer)
    return None if value is None else DateValue(value.start, value.end, value.text, value.precision)


def _parse_range(text: str, base: dt.date | None, prefer: str) -> DateValue | None:
    clean = " ".join(text.replace("\n", " ").split())
    for pattern in (_RANGE_SAME_MONTH, _RANGE_DAY_FIRST):
        m = pattern.search(clean)
        if m:
            year = (m.group("year") or "").strip(" ,")
            a = parse_one(f"{m.group('month')} {m.group('d1')} {year}".strip(), base, prefer)
            b = parse_one(f"{m.group('month')} {m.group('d2')} {year}".strip(), base, prefer)
            if a and b and a.start and b.start and b.start >= a.start:
                return DateValue(a.start, b.start, text.strip(), "day")
    m = _RANGE_TWO.match(clean)
    if m and not _NUMERIC_DATE.match(clean):
        b = parse_one(m.group("b"), base, prefer)
        a_text = m.group("a")
        if b and b.start and not _YEAR.search(a_text):
            a_text = f"{a_text} {b.start.year}"
        a = parse_one(a_text, base, prefer) if b else None
        if a and b and a.start and b.start and b.start >= a.start:
            return DateValue(a.start, b.end or b.start, text.strip(), a.precision)
    value = parse_one(clean, base, prefer)
    if value:
        value.text = text.strip()
    return value


_DOTTED = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")


def parse_published(text: str) -> dt.date | None:
    """A release's own date line ("March 29, 2019", "2026-03-11", "12.03.2021"): needs a year.

    Dotted numeric dates are day.month.year (the European convention); slashed ones month/day/year.
    """
    m = _DOTTED.match(text.strip())
    if m:
        try:
            return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        except ValueError:
            return None
    value = parse_one(text, None)
    return value.start if value and value.precision == "day" else None
