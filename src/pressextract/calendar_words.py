"""Calendar words — month and weekday names and the date shapes built from them — in one place.

Datelines, date normalisation, counts ("March 5" is not five of anything) and event dating all
read these; nothing else spells a month name.
"""

from __future__ import annotations

MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
               "october", "november", "december")
MONTH_ABBREVIATIONS = ("jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec")
WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

# Every spelling of a month, lower case ("march", "mar", "sept").
MONTH_WORDS = frozenset(MONTH_NAMES + MONTH_ABBREVIATIONS)

# Regular-expression pieces (case-insensitive where they stand; use inside larger patterns).
MONTH = (r"(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
         r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
WEEKDAY = r"(?i:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?i:day)?\.?"
WEEKDAY_NAME = "(?i:" + "|".join(WEEKDAY_NAMES) + ")"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
# A date with day, month and year, as datelines and date lines write it.
FULL_DATE = (rf"(?:(?:{WEEKDAY},?\s+)?{MONTH}\s+{_DAY},?\s+\d{{4}}"
             rf"|(?:{WEEKDAY},?\s+)?{_DAY}\s+{MONTH},?\s+\d{{4}}"
             r"|\d{4}-\d{2}-\d{2}|\d{4}/\d{2}/\d{2}|\d{1,2}\.\d{1,2}\.\d{4}|\d{1,2}/\d{1,2}/\d{4})")
# A day and month without a year ("12th December", "Nov. 9").
DAY_MONTH = rf"(?:(?:{WEEKDAY},?\s+)?{MONTH}\s+{_DAY}\b|(?:{WEEKDAY},?\s+)?{_DAY}\s+(?:of\s+)?{MONTH})"

# A time zone written out or abbreviated ("Pacific Time", "Eastern Daylight Time", "CET", "GMT+1"):
# a clock, not a place or an organisation. The whole string must be the zone.
TIME_ZONE = (r"(?:(?:Pacific|Eastern|Central|Mountain|Atlantic|Alaska|Hawaii(?:-Aleutian)?|Greenwich Mean|"
             r"Coordinated Universal|Central European|Eastern European|Western European|British Summer|"
             r"Japan|Korea|China|India|Singapore|Australian Eastern)(?:\s+(?:Standard|Daylight|Summer))?\s+Time"
             r"|(?:[PECM][SD]T|GMT|UTC|CES?T|EES?T|BST|JST|KST|SGT|AES?T|AEDT)(?:\s*[+-]\s*\d{1,2})?)")
