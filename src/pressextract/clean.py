"""Cleaning: raw bytes -> decoded text -> article text and metadata.

HTML goes through trafilatura (text, title, URL, date, site name). Plain text is cleaned of
scraped residue (translation widgets, menus, link lists, a page header's banner, repeated titles,
image-size debris), judged by the shape of a line and its neighbours. Every failure is an
:class:`InputError` whose message is the reason written to the error log.
"""

from __future__ import annotations

import codecs
import datetime as dt
import functools
import html
import html.entities
import re
from collections.abc import Sequence
from dataclasses import dataclass

from py3langid.langid import MODEL_FILE, LanguageIdentifier

from .names import ABOUT_HEADING, NAME_PARTS, legal_suffixes, name_key, spelling_key
from .settings import (
    BINARY_CONTROL_SHARE,
    BINARY_SNIFF_BYTES,
    DISCLAIMER_HEADING_MAX_WORDS,
    LANGUAGE_MIN_CONFIDENCE,
    LANGUAGE_MIN_LETTERS,
    LANGUAGE_NON_LATIN_SHARE,
    LANGUAGE_SAMPLE_CHARS,
    LINK_ITEM_MAX_WORDS,
    LINK_LIST_LEAD_MAX_WORDS,
    LINK_LIST_MIN_ITEMS,
    MENU_MIN_WORDS,
    MENU_WORD_SHARE,
    MOJIBAKE_CHARS_PER_HIT,
    MOJIBAKE_MIN_HITS,
    PAGE_CHROME_LINE_MAX_WORDS,
    PAGE_CHROME_MIN_JUNK_LINES,
    Settings,
)


class InputError(Exception):
    """A document that cannot be processed; the message is the error-log reason."""


@dataclass
class CleanDocument:
    text: str
    title: str | None = None
    url: str | None = None
    published: dt.date | None = None
    site: str | None = None
    language: str | None = None     # the page's lang attribute until clean() identifies it


# Mojibake is UTF-8 read as cp1252 (or latin-1): "é" (bytes C3 A9) shows as "Ã©", "’" as "â€™".
# Its characters are those that cp1252/latin-1 give to the bytes 0x80-0xFF; a run of them is
# mojibake where reading the run's bytes back as UTF-8 gives common characters.
_HIGH_BYTE = {bytes([b]).decode("cp1252", errors="ignore") or chr(b): b for b in range(0x80, 0x100)}
_HIGH_BYTE.update({chr(b): b for b in range(0x80, 0x100)})   # latin-1 reading (U+0080-U+009F too)
_HIGH_RUN = re.compile("[" + re.escape("".join(_HIGH_BYTE)) + "]{2,}")
# What a repair must give to count: a letter or sign of Western text (Latin-1, Latin Extended-A,
# cp1252's quotes and dashes). "CAFÉ™" reads back as "CAFə": a real brand, not mojibake.
_CP1252_SIGNS = frozenset(c for c in _HIGH_BYTE if 0x2000 <= ord(c) < 0x2200)


def _common_char(char: str) -> bool:
    return (0xA0 <= ord(char) <= 0x17F or char in _CP1252_SIGNS) and (char.isprintable() or char == "\xa0")


# Letters of the Latin script: Latin-1, Latin Extended-A and -B, Latin Extended Additional.
_LATIN = re.compile(r"[\u0000-\u024f\u1e00-\u1eff]")
# The language a page declares: <html lang="de-AT"> -> "de".
_HTML_LANG = re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?([a-z]{2,3})\b", re.I)
_HTML_START = re.compile(r"^\s*(?:<!doctype html|<html|<head|<body|<meta|<div|<article|<p>|<!--)", re.I)


# Byte-order marks, longest first: the UTF-32-LE mark begins with the UTF-16-LE one.
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# C0 control characters that no text needs (tab, newline, carriage return and form feed stay).
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


def decode(data: bytes, settings: Settings = Settings()) -> str:
    """Bytes -> str, refusing what is not a text document.

    UTF-8 unless a byte-order mark says UTF-16 or UTF-32. The head (BINARY_SNIFF_BYTES) decides
    "binary input": a NUL byte or many control characters there (counted in characters after a
    UTF-16/32 mark, whose encoding is full of NUL bytes). Control characters further on are
    removed, so that a stray NUL deep in a long file never reaches the output.
    """
    if not data or not data.strip():
        raise InputError("empty input")
    if len(data) > settings.max_bytes:
        raise InputError(f"too large: {len(data)} bytes (limit {settings.max_bytes})")
    # UTF-16-LE text whose first character is U+0000 starts like UTF-32-LE: try each mark that fits.
    encodings = [enc for bom, enc in _BOMS if data.startswith(bom)]
    if not encodings or encodings == ["utf-8-sig"]:
        _refuse_binary(data[:BINARY_SNIFF_BYTES])
        encodings = ["utf-8-sig"]
    text = None
    for encoding in encodings:
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError as err:
            error = err
    if text is None:
        name = "UTF-8" if encodings == ["utf-8-sig"] else "/".join(e.upper() for e in encodings)
        raise InputError(f"invalid {name}: byte 0x{data[error.start]:02x} at offset {error.start}")
    if encodings != ["utf-8-sig"]:
        _refuse_binary([ord(c) for c in text[:BINARY_SNIFF_BYTES]])
    text = _CONTROL_CHARS.sub("", text)
    if not text.strip():
        raise InputError("empty input")
    repairs = mojibake_repairs(text)
    if len(repairs) >= MOJIBAKE_MIN_HITS and len(repairs) > len(text) / MOJIBAKE_CHARS_PER_HIT:
        # Refused, not repaired: the publisher's file is wrong and a repair is a guess (mixed
        # files, cp1252 against latin-1); the error line says what to fix.
        seen, fixed = repairs[0]
        raise InputError(f"mojibake: {len(repairs)} sequences of UTF-8 decoded as cp1252 "
                         f"(e.g. {seen!r} for {fixed!r})")
    return text


def mojibake_repairs(text: str) -> list[tuple[str, str]]:
    """The sequences of `text` that are UTF-8 read as cp1252/latin-1, each with its repair
    (``("Ã©", "é")``): the repair is tried, and only a sequence that then decodes to a common
    character of Western text counts. "SÃO PAULO", "«Voilà»", "naïve" or "CAFÉ™" have none."""
    repairs = []
    for run in _HIGH_RUN.finditer(text):
        seen, i = run.group(), 0
        while i < len(seen):
            for width in (2, 3, 4):          # a UTF-8 sequence is 2-4 bytes here, all >= 0x80
                try:
                    char = bytes(_HIGH_BYTE[c] for c in seen[i:i + width]).decode("utf-8")
                except UnicodeDecodeError:
                    continue
                if _common_char(char):
                    repairs.append((seen[i:i + width], char))
                    i += width
                    break
            else:
                i += 1
    return repairs


def _refuse_binary(head: Sequence[int]) -> None:
    """InputError "binary input" when the head of a document (bytes or code points) has a NUL or
    more than BINARY_CONTROL_SHARE control characters."""
    controls = sum(c < 32 and c not in (9, 10, 12, 13) for c in head)
    if 0 in head or controls > len(head) * BINARY_CONTROL_SHARE:
        raise InputError("binary input")


def looks_like_html(text: str) -> bool:
    return bool(_HTML_START.match(text[:1000]))


@functools.cache
def _language_identifier() -> LanguageIdentifier:
    # Normalised probabilities: a confidence to refuse on, not a raw score.
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str, default: str = "en") -> tuple[str, float | None]:
    """ISO 639-1 code of the text's language and py3langid's probability for it.

    A short text or a table of names is no evidence: py3langid reads results tables and short
    English items as Dutch, Luxembourgish, Javanese or Latin. The identification is taken only
    when it is sure (LANGUAGE_MIN_CONFIDENCE) and the text has LANGUAGE_MIN_LETTERS letters, or
    when most of its letters are not Latin (Cyrillic, Greek, Korean... an English pipeline reads
    none of them); otherwise the language is `default` (the page's ``lang``, else English) and
    the probability None.
    """
    sample = text[:LANGUAGE_SAMPLE_CHARS]
    letters = [c for c in sample if c.isalpha()]
    enough = (len(letters) >= LANGUAGE_MIN_LETTERS
              or sum(not _LATIN.match(c) for c in letters) > len(letters) * LANGUAGE_NON_LATIN_SHARE)
    if not enough:
        return default, None
    lang, probability = _language_identifier().classify(sample)
    if probability >= LANGUAGE_MIN_CONFIDENCE:
        return lang, probability
    return default, None


def clean(raw: str, *, url: str | None = None, html: bool | None = None,
          settings: Settings = Settings()) -> CleanDocument:
    """Decoded input (HTML or plain text) -> :class:`CleanDocument`, or :class:`InputError`."""
    is_html = looks_like_html(raw) if html is None else html
    doc = clean_html(raw, url=url) if is_html else clean_text(raw)
    doc.url = doc.url or url
    if len(doc.text.strip()) < settings.min_text_chars:
        raise InputError("no text extracted")
    if len(doc.text) > settings.max_chars:
        raise InputError(f"too long: {len(doc.text)} characters (limit {settings.max_chars})")
    declared = doc.language
    doc.language, probability = detect_language(doc.text, default=declared or "en")
    if doc.language not in settings.languages:
        evidence = (f"confidence {probability:.2f}" if probability is not None
                    else "the page's lang attribute" if declared else "too little text to tell")
        raise InputError(f"unsupported language: {doc.language} ({evidence})")
    return doc


def clean_html(html: str, *, url: str | None = None) -> CleanDocument:
    """trafilatura: main text and metadata of a web page."""
    import trafilatura  # imported here: it costs ~0.5 s and plain-text runs do not need it

    result = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=False,
        favor_precision=True, fast=True,   # no fallback extractors: same text on the corpus, 2x faster
    )
    if result is None or not (result.text or "").strip():
        raise InputError("no text extracted")
    text = result.text
    title = (result.title or "").strip() or None
    if title and not text.lstrip().startswith(title):
        # The title is part of the release: keep it first so entities in it are found.
        text = f"{title}\n\n{text}"
    published = None
    if result.date:
        try:
            published = dt.date.fromisoformat(result.date[:10])
        except ValueError:
            published = None
    text = "\n".join(strip_boilerplate(split_run_in_headings(_normalise_space(text)).split("\n")))
    declared = _HTML_LANG.search(html[:5000])
    return CleanDocument(text=text, title=title, url=result.url or url, published=published,
                         site=result.sitename or None, language=declared and declared.group(1).lower())


# Lines that scraping leaves behind and that are not part of a release.
_RESIDUE = [
    re.compile(r"^\s*(provided|powered|translated) by \w+\s*$", re.I),
    re.compile(r"^\s*(select language|share( this)?( article| story)?|print|email|tweet|"
               r"back to top|read more|skip to (main )?content)\s*:?\s*$", re.I),
]
_NAV_WORDS = {"home", "homepage", "about", "contact", "login", "log", "sign", "register", "members",
              "member", "news", "events", "search", "menu", "services", "supporters", "themes",
              "subscribe", "donate", "privacy", "sitemap", "faq", "careers", "press", "media", "us",
              "offices", "worldwide", "resources", "publications", "projects", "blog", "join", "shop"}
# A breadcrumb opens with an arrow or "Home >", or says "Back to:".
_BREADCRUMB = re.compile(r"^\s*(<<|«|»|>|home\s*[>»/|])|\bback to:", re.I)
# An image caption with its width and height: "Officials visit Lima 570 380 WeGO".
_IMAGE_SIZE = re.compile(r"^.{3,150}?\s\d{3,4}\s\d{3,4}(\s+\S+){0,3}\s*$")
_SENTENCE_END = re.compile(r"[.!?:;]\s*$")


def _short_label(line: str, max_words: int) -> bool:
    """A line of at most `max_words` words that is no sentence: a heading, a banner, a label."""
    return len(line.split()) <= max_words and not _SENTENCE_END.search(line)


def is_residue(line: str) -> bool:
    """Widget text, image-size debris, breadcrumbs, link lists and menus that scraping leaves in
    a page, told by the line's shape. A line is never junk for a word it ends with ("City
    honours local music icon" is a headline); lines next to junk are judged by
    :func:`strip_page_junk`."""
    stripped = line.strip()
    if any(p.match(stripped) for p in _RESIDUE) or _IMAGE_SIZE.match(stripped):
        return True
    if len(stripped) >= 200 or _SENTENCE_END.search(stripped):
        return False
    return bool(_BREADCRUMB.search(stripped)) or _is_link_list(stripped) or _is_menu(stripped)


def _is_link_list(line: str) -> bool:
    """A list of links: "Website | X (Twitter) | Telegram", "For more information, visit: Website
    | Discord | ..."; not "9:00 AM | Partner Presentation: Inseego" or "Acme Roofing | MA Solar"."""
    items = [item for item in re.split(r"\s*\|\s*", line) if item]
    return (len(items) >= LINK_LIST_MIN_ITEMS and len(items[0].split()) <= LINK_LIST_LEAD_MAX_WORDS
            and all(len(item.split()) <= LINK_ITEM_MAX_WORDS for item in items[1:]))


def _is_menu(line: str) -> bool:
    """A menu: "Homepage About Members News & Events Contact us"; not "About Acme Media"."""
    words = re.findall(r"[a-z]+", line.lower())
    menu = sum(w in _NAV_WORDS for w in words)
    return menu >= MENU_MIN_WORDS and menu >= len(words) * MENU_WORD_SHARE


def strip_page_junk(lines: list[str]) -> list[str]:
    """The lines without page junk: :func:`is_residue` lines, and the page chrome around them.

    A block of lines without a blank line between them that holds PAGE_CHROME_MIN_JUNK_LINES
    junk lines is a page header or footer: its other short lines (a site's banner, a logo's alt
    text: "World Mayors Council on Climate Change logo") go too. A short line standing apart
    stays, whatever its words.
    """
    junk = [bool(line.strip()) and is_residue(line) for line in lines]
    start = 0
    while start < len(lines):
        end = start
        while end < len(lines) and lines[end].strip():
            end += 1
        if sum(junk[start:end]) >= PAGE_CHROME_MIN_JUNK_LINES:
            for n in range(start, end):
                stripped = lines[n].strip()
                junk[n] = junk[n] or _short_label(stripped, PAGE_CHROME_LINE_MAX_WORDS)
        start = end + 1
    return [line for line, is_junk in zip(lines, junk) if not is_junk]


# "Officials visit Lima 570 380 WeGO": an image caption with its width and height.
_IMAGE_DEBRIS = re.compile(r"^(?P<title>.*?\S)\s+\d{2,4}\s+\d{2,4}(\s+\S+){0,3}\s*$")


# Wire-release structure that is not story: contact blocks, the wire's footers and its own
# "About" block, link lists. The company's own "About" block stays (it confirms its name).
_URL_OR_MAIL = re.compile(r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\+?\(?\d(?:[\d ().-]*\d){9,}")
_CONTACT_HEADING = re.compile(
    r"^(?:for\s+)?(?:(?-i:[A-Z0-9][\w&’'.-]*)\s+|(?:media|press|investor|news)\s+){0,5}?(?:contacts?|inquiries|enquiries)(?:\s+(?:information|details|info))?"
    r"\s*(?:[:,]|$|(?=(?-i:[A-Z])))", re.I)
_FOOTER = re.compile(
    r"^(?:view (?:the )?(?:original|source|full)\b|to view the full\b|(?:the )?post .{5,300} (?:first )?appeared (?:first )?on\b|"
    r"please see full terms of use|note to investors\b|source:\s*\S|add us on google\b|"
    r".{0,60}\bis powered by\b|disclaimer\b|"
    r"\[[^\]]*\]\([^)]*\)\s*$|!\[)", re.I)
# The legal disclaimer a release ends with: its heading ("Forward-Looking Statements", "Safe
# Harbor Statement", "Cautionary Note Regarding ...") or a paragraph that opens it ("This press
# release contains forward-looking statements ..."). It runs to the next heading. (A disclaimer
# sentence left in a story reports no event either: events.reports_event.)
_DISCLAIMER_START = re.compile(r"\bforward[- ]looking (?:statements?|information)\b|\bsafe harbou?r (?:statement|provision)s?\b|"
                         r"^cautionary (?:note|statement|language)\b", re.I)
_WIRE_BLOCK = re.compile(r"\b(?:news ?wire|media ?wire|press release (?:distribution|syndication|service)|"
                         r"communications platform|wire-grade|syndicat(?:ion|ed)|investor communications)\b", re.I)


def strip_boilerplate(lines: list[str]) -> list[str]:
    """The lines of a release without its contact blocks, legal disclaimer, wire footers and the
    wire's "About".

    A markdown ``---`` rule followed by links ends the release (archives keep the source and
    pickup links there). Lines that are mostly addresses, e-mails, phone numbers or URLs go.
    """
    kept: list[str] = []
    skipping = None                      # "contact", "disclaimer" or "wire" while inside such a block
    for n, line in enumerate(lines):
        stripped = line.strip()
        if stripped == "---" and any("](" in x for x in lines[n + 1 : n + 4]):
            break
        if not stripped:
            kept.append(line)
            continue
        about = ABOUT_HEADING.match(stripped)
        if about:
            body = next((x for x in lines[n + 1 : n + 4] if x.strip()), "")
            skipping = "wire" if _WIRE_BLOCK.search(stripped + " " + body[:300]) else None
            if skipping:
                continue
        elif _CONTACT_HEADING.match(stripped) and (len(stripped) < 80 or _URL_OR_MAIL.search(stripped)):
            skipping = "contact"
            continue
        elif _DISCLAIMER_START.search(stripped[:300]):
            skipping = "disclaimer"
            continue
        elif skipping == "disclaimer" and _short_label(stripped, DISCLAIMER_HEADING_MAX_WORDS):
            skipping = None                      # a heading ends the disclaimer
        elif skipping == "contact" and len(stripped) > 100 and re.search(r"[.!?]\s*$", stripped) \
                and not _URL_OR_MAIL.search(stripped):
            skipping = None
        if skipping or _FOOTER.match(stripped):
            continue
        words = _URL_OR_MAIL.sub(" ", stripped).split()
        if _URL_OR_MAIL.search(stripped) and len(words) < 8:
            continue
        kept.append(line)
    return kept


_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")


# An HTML character reference with its closing semicolon ("&amp;", "&#39;", "&#x2019;"); without
# one, "&" is text ("AT&T", "R&D", "Q&notes").
_CHARACTER_REFERENCE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


# An inline Markdown link or image inside a line of text: "About [Acme](https://acme.example) Acme
# is ...". A line that is nothing but a link is left for strip_boilerplate (a link list, the
# archive's source link).
_INLINE_LINK = re.compile(r"(?P<image>!?)\[(?P<text>[^\]\n]*)\]\([^)\s]*\)")
_LINK_ONLY_LINE = re.compile(r"^\s*(?:[-*+]\s+)?!?\[[^\]\n]*\]\([^)\s]*\)\s*$")


def _read_inline_links(line: str) -> str:
    """A line with its inline Markdown links read as their text and its inline images dropped:
    "Visit [Acme Labs](https://acme.example)." -> "Visit Acme Labs."."""
    if _LINK_ONLY_LINE.match(line):
        return line
    return _INLINE_LINK.sub(lambda m: "" if m.group("image") else m.group("text"), line)


def _character(m: re.Match) -> str:
    """The character a reference names; an unknown name stays as written ("&notes;")."""
    ref = m.group(0)
    return html.unescape(ref) if ref[1] == "#" or ref[1:] in html.entities.html5 else ref


def clean_text(text: str) -> CleanDocument:
    """Plain text or Markdown: drop scraped residue, take the first meaningful line as the title.

    Markdown heading marks go ("# Title" -> "Title"); inline links read as their text
    ("[Acme](https://acme.example)" -> "Acme"); character references Markdown allows are
    read ("Smith &amp; Roe" -> "Smith & Roe"); image lines, link-only lines and the archive's
    trailing link block go with the wire structure (:func:`strip_boilerplate`).
    """
    text = _CHARACTER_REFERENCE.sub(_character, text)
    text = "\n".join(_read_inline_links(line) for line in _normalise_space(text).split("\n"))
    lines = [_MD_HEADING.sub("", line) for line in split_run_in_headings(text).split("\n")]
    lines = strip_boilerplate(lines)
    kept: list[str] = []
    title: str | None = None
    for line in strip_page_junk(lines):
        stripped = line.strip()
        if title is None and stripped:
            title = stripped
        elif title and stripped:
            m = _IMAGE_DEBRIS.match(stripped)
            if stripped == title or (m and m.group("title") == title):
                continue
        kept.append(line.rstrip())
    body = re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()
    return CleanDocument(text=body, title=title)


# A heading run into the next paragraph when the page was flattened: "About AcmeAcme is a ...",
# "About Acme Labs: Acme Labs makes ...", "About Acme The Acme Company ..." (the name restated),
# "About Acme Labs Founded in 1998, ..." (a sentence opening with a participle),
# and "A Local Partner in Times of ChangeWith a team of ..." (a sentence's first word glued on).
_ABOUT_START = re.compile(r"(?:(?<=^)|(?<=[.!?\"”’)][ \t])|(?<=[.!?\"”’)]))[ \t]*(?:About|ABOUT)[ \t]+(?=[A-Z0-9])", re.M)
_ABOUT_NAME_MAX = 80       # characters of the name in an "About <Name>" heading
_PARTICIPLE_OPENING = re.compile(r"(?:Founded|Established|Headquartered|Based|Led|Formed|Incorporated|Launched|Started)"
                                 r"[ \t]+(?:in|by|on|at|from|out|[0-9])")
_GLUED_SENTENCE = re.compile(r"(?<=[a-z)])(?=(?:The|Our|We|With|At|As|For|This|These|From|By|If|When|While|"
                             r"Whether|Founded|Headquartered|Established)[ \t]+[a-z0-9])")


def _glued(before: str, after: str, next_: str) -> bool:
    """Two words written without a space: "AcmeAcme", "Inc.Acme", "LLPKessler"."""
    return after.isupper() and (before.islower() or before in ".)" or (before.isupper() and next_.islower()))


def _word_ends(text: str, start: int, stop: int, *, at_any_mark: bool = False):
    """The positions in text[start:stop] where a word ends: before a space, a colon, a comma or a
    bracket (with `at_any_mark`, before any character that is not a letter or digit), or where a
    glued word begins."""
    for i in range(start + 1, min(stop, len(text)) + 1):
        if i == len(text) or text[i] in " \t\n:,;(" or (at_any_mark and not text[i].isalnum()) \
                or _glued(text[i - 1], text[i], text[i + 1:i + 2]):
            if text[i - 1] not in " \t":
                yield i


def _restates(name: str, rest: str) -> bool:
    """Whether `rest` opens with `name` written again, in another case, with or without its legal
    form, "and" for "&", or as its initials: "Acme Labs, Inc." restated as "ACME LABS", "Acme Labs
    Inc" or "The Acme Labs"; "Car & Toy Museum" as "Car and Toy Museum"; "Acme Labs Group" as
    "ALG"."""
    wanted = spelling_key(name).replace(" ", "")
    if wanted and any(spelling_key(rest[:end]).replace(" ", "") == wanted
                      for end in _word_ends(rest, 0, len(name) + 20, at_any_mark=True)):
        return True
    words = [w for w in re.findall(r"[A-Za-z][\w’'-]*", name)
             if w.lower() not in NAME_PARTS and name_key(w) not in legal_suffixes()]
    if len(words) < 2 or any(not w[0].isupper() or (len(w) > 1 and w.isupper()) for w in words):
        return False              # initials of capitalised words only, never of acronyms
    initials = "".join(w[0] for w in words)
    return re.match(re.escape(initials) + r"(?![\w’'])", rest) is not None


def _about_heading_end(text: str, start: int) -> tuple[int, int] | None:
    """Where the name of an "About <Name>" heading at `start` ends and the run-in paragraph
    begins: the first word end after which the paragraph restates the name or opens with a
    participle ("Founded in 1998")."""
    line_end = text.find("\n", start)
    line_end = len(text) if line_end < 0 else line_end
    for end in _word_ends(text, start, min(line_end, start + _ABOUT_NAME_MAX)):
        body = end + len(text[end:line_end]) - len(text[end:line_end].lstrip(" \t:"))
        if body == line_end:
            return None
        rest = text[body:line_end]
        if not (rest[0].isalnum() or rest[0] in "\"“‘'") or not (text[end - 1].isalnum() or text[end - 1] in ".)™®") \
                or text[start:end].split()[-1].lower() in NAME_PARTS:
            continue            # the paragraph opens with a mark, or the name ends in one or in "and"
        if _PARTICIPLE_OPENING.match(rest) or _restates(text[start:end], rest):
            return end, body
    return None


def split_run_in_headings(text: str) -> str:
    """Put back the line breaks a flattened page lost after a heading (see the patterns above):
    the heading becomes its own line again, so an "About" block and a section heading read as
    structure, not as part of a name ("Acme Acme", "ChangeWith")."""
    pieces, done = [], 0
    for m in _ABOUT_START.finditer(text):
        if m.start() < done:
            continue
        found = _about_heading_end(text, m.end())
        if found is None:
            continue
        end, body = found
        heading_start = m.start() + len(m.group()) - len(m.group().lstrip(" \t"))
        at_line_start = heading_start == 0 or text[heading_start - 1] == "\n"
        pieces += [text[done:m.start()], "" if at_line_start else "\n", text[heading_start:end], "\n"]
        done = body
    text = "".join(pieces) + text[done:]
    return _GLUED_SENTENCE.sub("\n", text)


def _normalise_space(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    text = re.sub(r"[ \t\f\v]+\n", "\n", text)
    return text.strip()
