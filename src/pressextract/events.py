"""Doc -> event records: which events a release reports, the main one first, with their slots.

Triggers (``doc.spans["triggers"]``) are grouped by event type. The main event is the one the
title announces, else the lead sentence, else the most frequent. Each event takes its date
from the sentences of its triggers (relative dates against the publication date), and its
organisations' roles from the words around their mentions. The main event carries every entity
of the release (a release is about its main event); other events carry those of their sentences.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Span

from . import dates
from .calendar_words import DAY_MONTH, FULL_DATE, MONTH, WEEKDAY_NAME
from .components.doccache import sentence_of, sentences, text_of
from .components.layout import lead_sentence, zones
from .mentions import Entity, Mentions
from .schema import EVENT_TYPES, ORG_ROLE_PROPERTIES, check_event_types
from .settings import (
    HEADLINE_TYPE_CONFIDENCE,
    HEADLINE_TYPE_MIN_PROBABILITY,
    MAIN_EVENT_CONFIDENCE,
    OTHER_EVENT_CONFIDENCE,
    SECONDARY_EVENT_CONFIDENCE_BODY,
    SECONDARY_EVENT_CONFIDENCE_HEADLINE,
)

# Zones of a release, by how strongly a trigger there names the release's event.
TITLE, LEAD, BODY = 0, 1, 2
_FUTURE = re.compile(r"\b(will|shall|to be held|upcoming|next|is set to|are set to|plans? to|is scheduled|are scheduled)\b", re.I)

_ROLE_CUES: list[tuple[re.Pattern, str]] = [
    (re.compile(r"\b(co-?organi[sz]ed|organi[sz]ed|convened|run|led|carried out|implemented) by\s*$", re.I), "organizer"),
    (re.compile(r"\b(organi[sz]ers?|organi[sz]ing)\b[^.]{0,20}$", re.I), "organizer"),
    (re.compile(r"\b(hosted|welcomed) by\s*$|\bhost(s|ed)? (city )?(is|was|of)?\s*$|\bhost(ing)? city\s*$", re.I), "host"),
    (re.compile(r"\b(co-?organi[sz]ed|jointly|together|partnership|collaboration|cooperation|partnering|teamed up) with\s*$|"
                r"\bin (partnership|collaboration|cooperation) with\s*$|\bpartners?\b[^.]{0,15}$|\bbetween\s*$", re.I), "partner"),
    (re.compile(r"\b(funded|financed|sponsored|supported|backed|made possible) by\s*$|\b(grant|funding|support|donation|investment) from\s*$|"
                r"\bled by\s*$", re.I), "funder"),
    (re.compile(r"\b(awarded|presented|granted|given|donated|conferred) to\s*$|\b(went|goes) to\s*$|\bwinners?\b[^.]{0,10}$|"
                r"\brecipients?\b[^.]{0,10}$", re.I), "recipient"),
    (re.compile(r"\b(members?|representatives?|officials?|delegates?|participants?|delegations?|mayors?|staff) (of|from)\s*$|"
                r"\battended by\s*$|\bparticipat(ed|ing) in\s*$|\bjoined by\s*$", re.I), "participant"),
]
# The subject of the trigger verb, by event type.
_SUBJECT_ROLE = {"award": "recipient", "funding": "funder", "visit": "participant", "training": "organizer",
                 "acquisition": "organizer", "appointment": "organizer", "agreement": "partner",
                 "opening": "organizer", "launch": "organizer", "publication": "organizer",
                 "conference": "organizer", "meeting": "participant", "other": "organizer"}
# Event types whose passive subject, or the subject of a receive verb, is the recipient ("was
# awarded", "receives a grant"); of other types it is a participant.
_RECEIVING_TYPES = ("award", "funding")
# The tables above name event types and roles the schema declares: a typo is an error on import.
check_event_types([*_SUBJECT_ROLE, *_RECEIVING_TYPES], "pressextract.events (subject roles)")
_UNKNOWN_ROLES = sorted(set(_SUBJECT_ROLE.values()) - set(ORG_ROLE_PROPERTIES))
if _UNKNOWN_ROLES:
    raise ValueError(f"pressextract.events (subject roles): unknown role {', '.join(map(repr, _UNKNOWN_ROLES))}; "
                     f"the roles are declared in pressextract.schema.ORG_ROLE_PROPERTIES")
_RECEIVE_VERBS = {"receive", "win", "earn", "secure", "obtain", "get", "accept", "land"}


@dataclass
class Event:
    event_type: str
    triggers: list[Span]
    main: bool = False
    date: dates.DateValue | None = None
    date_span: tuple[int, int] | None = None
    roles: dict[int, str] = field(default_factory=dict)   # id(Entity) -> role
    confidence: float = 0.5
    anchor: Span | None = None          # the sentence of an "other" event, which has no trigger

    @property
    def sentences(self) -> list[Span]:
        seen, out = set(), []
        for t in self.triggers or [self.anchor]:
            sent = sentence_of(t)
            if sent.start not in seen:
                seen.add(sent.start)
                out.append(sent)
        return out


def find_events(doc: Doc) -> list[Event]:
    """Events of the release, main first (one without a trigger when no title or lead trigger
    names it); empty only for a text without sentences."""
    title_end, lead_start, lead_end = zones(doc)

    def zone(span: Span) -> int:
        if span.start_char < title_end:
            return TITLE
        if lead_start <= span.start_char < lead_end:
            return LEAD
        return BODY

    by_type: dict[str, list[Span]] = {}
    for trig in doc.spans.get("triggers", []):
        if zone(trig) == TITLE or reports_event(trig):
            by_type.setdefault(trig.label_, []).append(trig)
    lead = lead_sentence(doc) or next(iter(sentences(doc)), None)
    # The title's first trigger names the event; in the lead sentence, the trigger closest to
    # the sentence's root ("completed a training program", not "a delegation of").
    kept = [t for trigs in by_type.values() for t in trigs]
    ranked = sorted(kept, key=lambda t: (
        (TITLE, t.start) if zone(t) == TITLE else (zone(t), _depth(t.root), -t._.weight, t.start)))
    guess = headline_guess(doc)
    if ranked and zone(ranked[0]) != BODY:
        main_type, without_trigger = ranked[0].label_, None
    elif guess is not None:
        # No trigger in title or lead: the headline typer's type when it is confident...
        main_type, without_trigger = guess, HEADLINE_TYPE_CONFIDENCE
    elif by_type:
        # ... else the type the release talks about most...
        main_type, without_trigger = max(by_type, key=lambda t: (sum(s._.weight for s in by_type[t]),
                                                                 -by_type[t][0].start)), None
    else:
        # ... and when nothing the lexicon knows happened, an "other" event keeps the facts.
        main_type, without_trigger = "other", OTHER_EVENT_CONFIDENCE
    events = []
    for event_type, trigs in by_type.items():
        ev = Event(event_type, trigs, main=event_type == main_type)
        best_zone = min(zone(t) for t in trigs)
        ev.confidence = without_trigger if ev.main and without_trigger is not None else \
            event_confidence(ev.main, best_zone, len(trigs))
        events.append(ev)
    if main_type not in by_type and lead is not None:
        events.append(Event(main_type, [], main=True, confidence=without_trigger, anchor=lead))
    events.sort(key=lambda e: (not e.main, -e.confidence, e.triggers[0].start if e.triggers else -1))
    return events


def headline_guess(doc: Doc) -> str | None:
    """The event type the headline typer (``doc.cats``) gives probability at least
    ``HEADLINE_TYPE_MIN_PROBABILITY``, or None (no typer, or not confident)."""
    scores = sorted((p, t) for t, p in doc.cats.items() if t in EVENT_TYPES)
    return scores[-1][1] if scores and scores[-1][0] >= HEADLINE_TYPE_MIN_PROBABILITY else None


def event_confidence(main: bool, zone: int, triggers: int) -> float:
    """How often an event like this one is right: the main event by the zone of its best trigger,
    another event by its number of triggers and whether one is in the title or lead (values
    measured on the devset tune split with scripts/calibration.py; see settings.py)."""
    if main:
        return MAIN_EVENT_CONFIDENCE[("title", "lead", "body")[zone]]
    table = SECONDARY_EVENT_CONFIDENCE_HEADLINE if zone < BODY else SECONDARY_EVENT_CONFIDENCE_BODY
    return table[min(triggers, len(table)) - 1]


def _depth(tok) -> int:
    return sum(1 for _ in tok.ancestors)


def _tense(ent: Span, sent: Span) -> str:
    """"future" or "past": from the verb the date hangs on, else from the sentence."""
    verb = _verb_of(ent.root)
    if verb is not None:
        auxes = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
        if auxes & {"will", "shall", "'ll"} or verb.lower_ in ("will", "shall"):
            return "future"
        if verb.tag_ in ("VBD",) or auxes & {"has", "have", "had", "was", "were", "did"}:
            return "past"
    return "future" if _FUTURE.search(sent.text) else "past"


def _verb_of(tok):
    """The nearest verb at or above a token."""
    for t in [tok, *tok.ancestors]:
        if t.pos_ in ("VERB", "AUX"):
            return t
    return None


_MODALS = {"would", "could", "may", "might", "should", "can", "must"}
_INTENT = {"ask", "plan", "hope", "aim", "seek", "want", "consider", "expect", "intend", "propose", "try", "urge", "call"}
_NOT_OPENINGS = {"remark", "keynote", "session", "address", "speech", "statement", "plenary", "day", "round", "panel",
                 "film", "act", "match", "game", "hour", "time", "price", "bid", "night", "reception", "video", "note"}
_EVENT_NOUNS = {"forum", "conference", "session", "meeting", "summit", "event", "course", "congress", "workshop",
                "exhibition", "call", "registration", "application", "market", "programme", "program", "season",
                "festival", "nomination", "submission", "week", "training", "debate", "talk", "round"}
_FUNDING_VERBS = {"fund", "finance", "sponsor", "co-finance", "cofinance", "support", "back"}


# A sentence of the legal disclaimer wire releases end with (forward-looking statements, safe
# harbor): the financing, hiring and acquisitions it names are risks, not events.
_DISCLAIMER = re.compile(r"\bforward[- ]looking\b|\bsafe harbou?r\b|\bundue reliance\b|"
                         r"\brisks,? (?:and|&) uncertainties\b|\bactual (?:results|events)\b.{0,40}\bdiffer", re.I)


def reports_event(trig: Span) -> bool:
    """Whether a trigger outside the title reports an event that happened or is decided.

    Not: a sentence of the legal disclaimer ("forward-looking statements ... obtain funding"), a
    feeling ("honored to"), a modifier ("post-training job"; "award-winning" is no trigger at
    all, and neither is "visit www.acme.example", see ``pressextract_triggers``), hedged or
    intended ones ("would also train", "asked the bank to consider financing"),
    a participle describing something else ("the program, funded by ..."), "opening remarks", or
    the start of a meeting or a call ("opening the forum", "applications will open").
    """
    tok = trig.root
    sent = sentence_of(trig)
    if _DISCLAIMER.search(text_of(trig.doc)[sent.start_char : sent.end_char]):
        return False                       # "forward-looking statements ... obtain funding, hire": no event
    if len(trig) == 1 and (tok.dep_ == "acomp" or tok.pos_ == "ADJ"
                           or (tok.pos_ == "VERB" and any(c.dep_ == "xcomp" for c in tok.children)
                               and any(c.dep_ in ("aux", "auxpass") and c.lemma_ == "be" for c in tok.children))):
        return False                       # "we are honored to partner": a feeling, not an award
    if len(trig) == 1 and tok.pos_ in ("NOUN", "PROPN") and tok.dep_ in ("compound", "amod", "npadvmod") \
            and tok.head.i > tok.i and tok.head.lower_ not in _EVENT_NOUNS:
        return False                       # "award-winning platform", "post-training job": a modifier
    verb = tok if tok.pos_ in ("VERB", "AUX") else next((t for t in tok.ancestors if t.pos_ in ("VERB", "AUX")), None)
    if verb is not None:
        if any(c.dep_ == "aux" and c.lower_ in _MODALS for c in verb.children):
            return False
        if verb.dep_ in ("xcomp", "ccomp") and verb.head.lemma_ in _INTENT:
            return False
    if trig.label_ == "funding" and tok.lemma_ in _FUNDING_VERBS and tok.dep_ in ("acl", "amod"):
        return False
    if trig.label_ == "opening":
        if tok.lower_ == "opening" and tok.dep_ in ("amod", "compound", "nmod") and tok.head.lemma_.lower() in _NOT_OPENINGS:
            return False
        if tok.pos_ == "VERB":
            args = [c for c in tok.children if c.dep_ in ("dobj", "nsubj", "nsubjpass")]
            if any(a.lemma_.lower() in _EVENT_NOUNS for a in args):
                return False
    return True


def assign_dates(doc: Doc, events: list[Event], published: dt.date | None) -> None:
    """Each event's date: the day named closest to one of its triggers.

    Exact days in the trigger's sentences come first; then, for the main event, the dateline's
    date; then coarser dates (a month, a year).
    """
    excluded = {(s.start_char, s.end_char) for key in ("dateline", "header_date") for s in doc.spans.get(key, [])}
    # A written day without a year takes its year from the publication date, else from the
    # release's own first full date ("Launches July 21" when the text says "August 4, 2025" later);
    # relative dates ("today") need the publication date itself.
    year_anchor = _first_full_date(doc) if published is None else None
    lead = lead_sentence(doc)
    date_ents = [e for e in doc.ents if e.label_ == "DATE"]   # once: Span.ents reads every entity
    for ev in events:
        coarse = None
        for trig in sorted(ev.triggers or [], key=lambda t: t.start):
            best = _closest_date(trig, excluded, published, year_anchor, date_ents)
            if best is None:
                continue
            if best[1].precision in ("day", "week"):
                ev.date, ev.date_span = best[1], best[2]
                break
            coarse = coarse or best
        if ev.date is None and ev.main:
            # The lead sentence reports the main event, trigger or not ("cut the ribbon on Tuesday"),
            # or the sentence after it in the lead paragraph dates it ("... has been named Firm of
            # the Year. The award was presented on Thursday at ...").
            for sent in _lead_paragraph(doc, lead):
                best = _closest_date(sent.doc[sent.root.i : sent.root.i + 1], excluded, published, year_anchor, date_ents)
                if best is not None and best[1].precision in ("day", "week"):
                    ev.date, ev.date_span = best[1], best[2]
                    break
        if ev.date is None and ev.main and ev.event_type in _SCHEDULED_TYPES:
            # An event the release announces is dated where the release says when it takes place
            # ("Unboxed takes place on Wednesday, September 25, 2025, at the Innovation Center").
            text = text_of(doc)
            for sent in sentences(doc):
                if _SCHEDULED.search(text[sent.start_char : sent.end_char]):
                    best = _closest_date(sent.doc[sent.root.i : sent.root.i + 1], excluded, published, year_anchor,
                                         date_ents)
                    if best is not None and best[1].precision == "day":
                        ev.date, ev.date_span = best[1], best[2]
                        break
        if ev.date is None and ev.main:
            dateline_date = [s for s in doc.spans.get("dateline", []) if s.label_ == "DATELINE_DATE"]
            value = dates.parse_range(dateline_date[0].text, published) if dateline_date else None
            if value is not None and value.precision == "day":
                ev.date, ev.date_span = value, (dateline_date[0].start_char, dateline_date[0].end_char)
        if ev.date is None and coarse is not None:
            ev.date, ev.date_span = coarse[1], coarse[2]


def _lead_paragraph(doc: Doc, lead: Span | None) -> list[Span]:
    """The lead sentence and the one after it when both are in the same paragraph."""
    if lead is None:
        return []
    if lead.end >= len(doc):
        return [lead]
    nxt = sentence_of(doc[lead.end])
    same_paragraph = "\n" not in text_of(doc)[lead.end_char : nxt.start_char]
    return [lead, nxt] if same_paragraph else [lead]


def _first_full_date(doc: Doc) -> dt.date | None:
    for m in _FULL_DATE.finditer(text_of(doc)):
        value = dates.parse_range(m.group(0))
        if value is not None and value.precision == "day":
            return value.start
    return None


def _closest_date(trig: Span, excluded: set, published: dt.date | None, year_anchor: dt.date | None = None,
                  date_ents: list[Span] | None = None):
    sent = sentence_of(trig)
    trig_verb = _verb_of(trig.root)
    best = None
    for ent in _date_mentions(sent, date_ents):
        if any(a <= ent.start_char < b for a, b in excluded):
            continue
        text = _with_range_tail(ent)
        base = published or (year_anchor if _MONTH_NAME.search(text) else None)
        dated = _with_sentence_year(text, sent) if base is None else text
        value = dates.parse_range(dated, base, _tense(ent, sent))
        if value is None or value.start is None:
            continue
        if dated != text:
            value = replace(value, text=text)      # the record quotes the release, not the year we added
        ent_verb = _verb_of(ent.root)
        same_clause = trig_verb is not None and ent_verb is not None and ent_verb.i == trig_verb.i
        # "announced today that it will present at the conference on February 10": the day of
        # the announcing verb dates the announcement, not an event told in another clause.
        reported = ent_verb is not None and not same_clause and ent_verb.lemma_.lower() in _REPORTING_VERBS
        rank = (0 if value.precision in ("day", "week") else 1, int(reported), 0 if same_clause else 1,
                _tree_distance(trig.root, ent.root))
        if best is None or rank < best[0]:
            best = (rank, value, (ent.start_char, ent.start_char + len(text)))
    return best


def _with_sentence_year(text: str, sent: Span) -> str:
    """A day and month without a year, in a release with no date to anchor it, take the one year
    their sentence names: "at the Lab Expo 2025, held July 27-31" -> "July 27-31, 2025"."""
    if not _MONTH_NAME.search(text) or _YEAR.search(text):
        return text
    years = set(_YEAR.findall(sent.text))
    return f"{text}, {years.pop()}" if len(years) == 1 else text


# Events held on a day, and the words that say when one takes place.
_SCHEDULED_TYPES = frozenset({"conference", "training", "meeting", "visit"})
_SCHEDULED = re.compile(r"\b(?:takes? place|taking place|will be held|is being held|(?:is|are|has been) scheduled for)\b",
                        re.I)
_REPORTING_VERBS = frozenset({"announce", "say", "report", "share", "reveal", "state", "confirm", "disclose", "tell"})
_DEICTIC = re.compile(r"\b(?:today|yesterday|tomorrow|tonight|this (?:morning|afternoon|evening)|"
                      rf"(?:on|last|next|this) {WEEKDAY_NAME})\b", re.I)


_FULL_DATE = re.compile(FULL_DATE)
_MONTH_NAME = re.compile(rf"\b{MONTH}")
_YEAR = re.compile(r"(?<![\d$.,])\b(20\d\d)\b(?![\d%])")
_WRITTEN_DAY = re.compile(rf"\b(?=[A-Z0-9])(?:{DAY_MONTH})(?:\s*[-–]\s*\d{{1,2}}\b)?(?:,?\s+\d{{4}}\b)?")


def _date_mentions(sent: Span, date_ents: list[Span] | None = None) -> list[Span]:
    """DATE entities of a sentence, plus days the model missed: deictic ones ("Today is ...") and
    written dates in headline case or cut short ("Sept 13-14, 2024", "as of 1 December 2026").
    `date_ents`: the Doc's DATE entities, in order (read from the Doc when not given)."""
    if date_ents is None:
        date_ents = [e for e in sent.doc.ents if e.label_ == "DATE"]
    # Entities do not overlap and come in order: those of the sentence are one run.
    first = last = bisect_left(date_ents, sent.start, key=lambda e: e.start)
    while last < len(date_ents) and date_ents[last].end <= sent.end:
        last += 1
    found = date_ents[first:last]
    for m in _WRITTEN_DAY.finditer(sent.text):
        start, end = sent.start_char + m.start(), sent.start_char + m.end()
        span = sent.doc.char_span(start, end, label="DATE", alignment_mode="expand")
        if span is None:
            continue
        inside = [e for e in found if e.start_char < end and start < e.end_char]
        if all(e.start_char >= start and e.end_char <= end and len(e) < len(span) for e in inside):
            found = [e for e in found if e not in inside] + [span]
    for m in _DEICTIC.finditer(sent.text):
        start, end = sent.start_char + m.start(), sent.start_char + m.end()
        span = sent.doc.char_span(start, end, label="DATE")
        if span is not None and not any(start < e.end_char and e.start_char < end for e in found):
            found.append(span)
    return [e for e in found if not _names_word(e) and not _year_modifier(e)]


def _year_modifier(date: Span) -> bool:
    """A year alone that says which thing a noun after it is ("its 2024 study", "the 2023 annual
    report"), not when something happened."""
    tok = date[0]
    return (len(date) == 1 and _YEAR.fullmatch(tok.text) is not None and tok.dep_ in ("nummod", "compound")
            and tok.head.i > tok.i and tok.head.pos_ == "NOUN")


_NAME_LINKS = frozenset({"of", "for", "the", "'s", "’s"})


def _names_word(date: Span) -> bool:
    """A capitalised "Today" or "Tomorrow" after a capitalised word inside a sentence is a word of
    a name or a title ("USA Today", "HRO Today's Best", "Operations for Tomorrow"), not a day."""
    if len(date) != 1 or not date[0].text[:1].isupper() or not _DEICTIC.fullmatch(date.text):
        return False
    i = date.start - 1
    while i >= 0 and date.doc[i].lower_ in _NAME_LINKS:
        i -= 1
    before = date.doc[i] if i >= 0 else None
    return before is not None and not date[0].is_sent_start and before.text[:1].isupper() and before.is_alpha


def _with_range_tail(ent: Span) -> str:
    """"June 27" + " to 30, 2017" when the model cut the range short."""
    doc = ent.doc
    text_all = text_of(doc)
    tail = text_all[ent.end_char : ent.end_char + 16]
    m = re.match(r"\s*(?:-|–|—|to|through|until)\s*\d{1,2}(?:,?\s+\d{4})?", tail)
    text = text_all[ent.start_char : ent.end_char] + (m.group(0) if m else "")
    return text.rstrip()


def _tree_distance(a, b) -> int:
    path_a = [a] + list(a.ancestors)
    ids = {t.i: n for n, t in enumerate(path_a)}
    for n, t in enumerate([b] + list(b.ancestors)):
        if t.i in ids:
            return ids[t.i] + n
    return 99


def assign_roles(events: list[Event], mentions: Mentions) -> None:
    """Roles of organisations in each event: cue phrases first ("organized by", "in partnership
    with", "funded by"), then the grammar of the event's sentences — the subject of a trigger
    verb or of the lead sentence acts (organizer; funder of funding; recipient of what is
    received), the agent of a passive trigger ("launched by X") organises, and names joined to
    such a subject by "and" share its role."""
    if not events:
        return
    doc = events[0].triggers[0].doc if events[0].triggers else events[0].anchor.doc
    _, lead_start, lead_end = zones(doc)
    for ev in events:
        sents = {s.start for s in ev.sentences}
        verbs = {t.root.i for t in ev.triggers} | {t.root.head.i for t in ev.triggers if t.root.pos_ != "VERB"}
        for org in mentions.organizations:
            role = None
            for mention in org.mentions:
                msent = sentence_of(mention)
                if not ev.main and msent.start not in sents:
                    continue
                in_lead = lead_start <= mention.start_char < lead_end
                role = _cue_role(mention) or _grammar_role(mention, ev, verbs, lead=ev.main and in_lead)
                if role:
                    break
            if role:
                ev.roles[id(org)] = role


def _cue_role(mention: Span) -> str | None:
    doc = mention.doc
    msent = sentence_of(mention)
    left = text_of(doc)[max(msent.start_char, mention.start_char - 60) : mention.start_char]
    left = re.sub(r"\b(the|a|an|its|their)\s*$", "", left, flags=re.I)
    for pattern, cue_role in _ROLE_CUES:
        if pattern.search(left):
            return cue_role
    return None


def _grammar_role(mention: Span, ev: Event, verbs: set[int], lead: bool) -> str | None:
    tok = mention.root
    # "The EU and UNDP signed": UNDP shares the subject's role; "ICLEI – Local Governments for
    # Sustainability launched": the name in apposition is the subject too.
    while tok.dep_ in ("conj", "appos", "compound") and tok.head.i != tok.i:
        tok = tok.head
    head = tok.head
    if tok.dep_ == "pobj" and head.lower_ == "by" and head.dep_ == "agent" and head.head.i in verbs:
        return "funder" if ev.event_type == "funding" else "organizer"
    if tok.dep_ not in ("nsubj", "nsubjpass"):
        return None
    if head.i not in verbs and not (lead and head.dep_ == "ROOT"):
        return None
    if tok.dep_ == "nsubjpass" or head.lemma_ in _RECEIVE_VERBS:
        return "recipient" if ev.event_type in _RECEIVING_TYPES else "participant"
    return _SUBJECT_ROLE.get(ev.event_type, "organizer")


def entities_of(ev: Event, entities: list[Entity]) -> list[Entity]:
    """The main event carries every entity; others those mentioned in their sentences."""
    if ev.main:
        return entities
    sents = {s.start for s in ev.sentences}
    return [e for e in entities if any(sentence_of(m).start in sents for m in e.mentions)]
