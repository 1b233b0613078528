"""Names: the one matching key of a name, the organisation key without its legal form, and the
tests that say a string is not a name at all (a web address, a job title, a time zone, a
person's degree or licence).

Mention grouping, the name filters (components/name_filters.py) and the knowledge base read these.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from functools import lru_cache

from .calendar_words import TIME_ZONE

# A URL or an e-mail address, wherever it stands in the string.
WEB_ADDRESS = re.compile(r"https?:|www\.|@|\.(?:com|org|net|io)/|\]\(")
_TIME_ZONE = re.compile(rf"(?i:{TIME_ZONE})")
_CREDENTIAL_MAX = 5        # letters of a degree or licence: "MD", "LCSW", "FACC"
_DEGREE = re.compile(r"(?:[A-Z][a-z]{0,2}\.?){2,4}")     # capitalised syllables: "PhD", "M.Ed.", "DrPH"
_DEGREE_MAX = 4            # its letters
# A company's "About <Name>" heading (also a wire's): one line, the name after "About".
ABOUT_HEADING = re.compile(r"^[ \t]*(?:About|ABOUT)[ \t]+(?!(?:us|US|Us)\b)(?P<name>[A-Z0-9][^\n]{1,80}?)[ \t]*:?[ \t]*$",
                           re.M)
# Words that join a name's parts ("Bank of America", "Research and Development").
NAME_PARTS = frozenset({"of", "and", "&", "the", "for", "in", "on", "at", "to", "/"})


# Letters with no decomposition into a Latin letter and an accent, which the ASCII fold would
# drop ("Łódź" -> "odz", "Perþ" -> "per"): written as English texts write them.
_LETTERS = str.maketrans({"ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ð": "d",
                          "Ð": "D", "þ": "th", "Þ": "Th", "æ": "ae", "Æ": "Ae", "œ": "oe", "Œ": "Oe",
                          "ß": "ss"})


def ascii_fold(text: str) -> str:
    """`text` in ASCII letters, accents dropped and the letters that have none transliterated:
    "São Paulo" -> "Sao Paulo", "Łódź" -> "Lodz", "Torbjørn" -> "Torbjorn". Name keys and the
    gazetteer's place keys (geo.normalise) both fold with it."""
    return unicodedata.normalize("NFKD", text.translate(_LETTERS)).encode("ascii", "ignore").decode()


def name_key(name: str) -> str:
    """Accents, case, leading articles, possessives and punctuation ignored:
    "The WeGO’s Secretariat" -> "wego secretariat", "São Paulo" -> "sao paulo"."""
    s = ascii_fold(name).lower()
    s = re.sub(r"['’]s\b", "", s.replace("’", "'"))
    s = re.sub(r"^(the|a|an)\s+", "", s.strip())
    return " ".join(re.findall(r"\w+", s))


def _lexicon() -> dict:
    """The default entity lexicon (models/entities.json), read once."""
    from .components.entities import load_lexicon

    return load_lexicon()


@lru_cache(maxsize=1)
def legal_suffixes() -> frozenset[str]:
    """The legal forms ("Inc.", "GmbH", "S.p.A.") as name keys: the lexicon's `legal_suffixes`,
    the one list of them."""
    return frozenset(name_key(s) for s in _lexicon()["legal_suffixes"]) - {""}


@lru_cache(maxsize=1)
def title_words() -> frozenset[str]:
    """Job-title and department words: the lexicon's `titles` and `department_words`."""
    return frozenset(_lexicon()["titles"]) | frozenset(_lexicon()["department_words"])


def organization_key(name: str) -> str:
    """`name_key` without trailing legal forms, so that "Aemetis", "Aemetis, Inc." and "AEMETIS
    INC" share a key, as do "Acme Corp." and "Acme GmbH". A name that is only a legal form keeps it."""
    words = name_key(name).split()
    suffixes = legal_suffixes()
    # "S.p.A." and "N.V." are keyed as letters ("s p a"): the longest suffix goes first.
    while len(words) > 1:
        for n in (3, 2, 1):
            if len(words) > n and " ".join(words[-n:]) in suffixes:
                words = words[:-n]
                break
        else:
            break
    return " ".join(words)


_TRADEMARK = re.compile("[™®©℠]")


def spelling_key(name: str) -> str:
    """`organization_key` however the release spells its "&" or trademark signs: "Car & Toy
    Museum®" and "Car and Toy Museum" share "car and toy museum"; "Tiffany & Co." is "tiffany"."""
    key = organization_key(_TRADEMARK.sub("", name).replace("&", " and "))
    while key.endswith(" and"):                # "Tiffany & Co.": the "&" of a legal form
        key = key[: -len(" and")]
    return key


def is_web_address(name: str) -> bool:
    """A URL or an e-mail address ("www.acme.com", "press@acme.com")."""
    return bool(WEB_ADDRESS.search(name))


def is_job_title(name: str, title_words: Collection[str]) -> bool:
    """Every word a title or department word ("Chief Financial Officer", "VP of Research",
    "Community Relations"), or a "Chief ... Officer" of any function ("Chief Revenue Officer");
    `title_words` from the lexicon's `titles` and `department_words`."""
    words = [w for w in re.split(r"[\s/,]+", name.lower()) if w and w not in NAME_PARTS]
    if 3 <= len(words) <= 5 and words[0] == "chief" and words[-1] == "officer":
        return True
    return bool(words) and all(w in title_words or w.rstrip("s") in title_words for w in words)


def is_time_zone(name: str) -> bool:
    """A time zone ("Pacific Time", "Eastern Standard Time", "CET", "GMT+1")."""
    return bool(_TIME_ZONE.fullmatch(name.strip()))


def is_credential(text: str) -> bool:
    """A degree or licence as it follows a person's name: two to five capital letters ("MD",
    "LCSW", "M.B.A."), or a degree of capitalised syllables ("PhD", "M.Ed.", "EdD"), at most four
    letters ("McKee" is a surname)."""
    letters = text.replace(".", "")
    if not letters.isalpha():
        return False
    if text.isupper():
        return 2 <= len(letters) <= _CREDENTIAL_MAX
    return len(letters) <= _DEGREE_MAX and bool(_DEGREE.fullmatch(text))
