"""Event triggers: words and phrases that say what happened ("signed an MOU", "opened").

A lexicon (``models/triggers.json``) maps lemmas, phrases and token patterns to the event
types of the schema. The component marks every trigger in ``doc.spans["triggers"]`` with the
event type as label and the lexicon weight in ``span._.weight``. Deciding which triggers make
events, and which is the main one, is the job of ``pressextract.events``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..schema import check_event_types
from ..settings import MODELS_DIR, TRIGGER_NEXT_TOKENS, TRIGGER_OBJECT_TOKENS, TRIGGER_PERSON_OBJECT_TOKENS
from .doccache import text_of, title_end_token
from .layout import zones
from .lexicon import LexiconComponent

if not Span.has_extension("weight"):
    Span.set_extension("weight", default=1.0)

DEFAULT_LEXICON = MODELS_DIR / "triggers.json"
# A trigger word inside one of these names is part of the name, not an event.
NAME_LABELS = frozenset({"ORG", "FAC", "PERSON", "GPE", "LOC", "PRODUCT"})


def compile_lexicon(lexicon: dict) -> tuple[dict, dict, dict]:
    """Lexicon entries -> (single-word tables, phrases, token patterns), by event type.

    Single words are looked up in dicts (by lemma with a part of speech, or by lower-case form),
    phrases go to a PhraseMatcher and only the few real token patterns to a Matcher: matching
    every word against long IN-lists with a Matcher cost more than the parser.
    """
    words: dict[tuple[str, str], list[str]] = {}       # (table, key) -> event types
    phrases: dict[str, list[str]] = {}
    patterns: dict[str, list[list[dict]]] = {}
    for event_type, entry in lexicon.items():
        if event_type.startswith("_"):
            continue
        for table, values in (("noun", entry.get("noun", [])), ("verb", entry.get("verb", [])),
                              ("orth", entry.get("any", []))):
            for value in values:
                if " " in value:
                    phrases.setdefault(value.lower(), []).append(event_type)
                    continue
                key = value if table == "orth" else value.lower()
                words.setdefault((table, key), []).append(event_type)
                if table == "noun":
                    words.setdefault(("lower", value.lower()), []).append(event_type)
        for phrase in entry.get("phrase", []):
            phrases.setdefault(phrase.lower(), []).append(event_type)
        if entry.get("patterns"):
            patterns[event_type] = entry["patterns"]
    return words, phrases, patterns


_PREPOSITIONS = {"with", "in", "at", "on", "to", "for", "during", "ahead", "after", "before", "virtually", "online"}
_SCALE_WORDS = {"million", "billion", "thousand", "m", "bn", "mn", "k", "-", "$", "usd", "eur"}
_IRREGULAR = {"meet": ["met"], "hold": ["held"], "win": ["won"], "buy": ["bought"], "become": ["became"],
              "give": ["gave", "given"], "lead": ["led"], "begin": ["began", "begun"], "take": ["took", "taken"]}


def inflections(lemma: str) -> list[str]:
    """Lower-case verb forms for headline matching: "open" -> opens, opened, opening."""
    if " " in lemma:
        return [lemma]
    third = lemma + ("es" if lemma.endswith(("s", "sh", "ch", "x", "z")) else "s")
    if lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        third, past = lemma[:-1] + "ies", lemma[:-1] + "ied"
    elif lemma.endswith("e"):
        past = lemma + "d"
    else:
        past = lemma + "ed"
    return [lemma, third, past, *_IRREGULAR.get(lemma, [])]


def compile_title_patterns(lexicon: dict) -> dict[str, list[list[dict]]]:
    """Headline patterns: verbs (and headline-only verbs) in any inflection and part of speech,
    plus headline-only nouns."""
    out: dict[str, list[list[dict]]] = {}
    for event_type, entry in lexicon.items():
        if event_type.startswith("_"):
            continue
        words = [form for verb in entry.get("verb", []) for form in inflections(verb)]
        words += [form for verb in entry.get("title_verb", []) for form in inflections(verb)]
        words += [w.lower() for w in entry.get("title_noun", []) if " " not in w]
        if words:
            out[event_type] = [[{"LOWER": {"IN": sorted(set(words))}}]]
    return out


@Language.factory(
    "pressextract_triggers",
    assigns=["doc.spans", "span._.weight"],   # spans "triggers"
    requires=["token.tag", "token.lemma", "doc.ents"],   # and token.pos, from the tag (attribute ruler)
    default_config={"lexicon_path": None},
)
def make_trigger_matcher(nlp: Language, name: str, lexicon_path: str | None) -> "TriggerMatcher":
    path = Path(lexicon_path or DEFAULT_LEXICON)
    return TriggerMatcher(nlp, json.loads(path.read_text(encoding="utf-8")), source=str(path))


class TriggerMatcher(LexiconComponent):
    """Sets ``doc.spans["triggers"]`` (label: event type; ``._.weight``: lexicon weight).

    Every event type of the lexicon must be one ``pressextract.schema`` declares (ValueError)."""

    lexicon_file = "triggers.json"

    def __init__(self, nlp: Language, lexicon: dict, source: str = "trigger lexicon") -> None:
        self.nlp = nlp
        self.source = source
        self._build(lexicon)

    def _build(self, lexicon: dict) -> None:
        check_event_types([t for t in lexicon if not t.startswith("_")], f"trigger lexicon {self.source}")
        self.lexicon = lexicon
        self.words, phrases, patterns = compile_lexicon(lexicon)
        self.phrases = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        for phrase, types in phrases.items():
            for event_type in types:
                self.phrases.add(event_type, [self.nlp.make_doc(phrase)])
        self.matcher = Matcher(self.nlp.vocab)
        for event_type, pats in patterns.items():
            self.matcher.add(event_type, pats)
        self.title_matcher = self._matcher("title_patterns")     # patterns that count in the title only
        self.lead_matcher = self._matcher("lead_patterns")       # ... in the title and the lead sentence only
        self.title_words = {w: t for t, pats in compile_title_patterns(lexicon).items()
                            for w in pats[0][0]["LOWER"]["IN"]}
        self.not_after = {t: set(e.get("not_after", [])) for t, e in lexicon.items() if not t.startswith("_")}
        self.not_before = {t: set(e.get("not_before", [])) for t, e in lexicon.items() if not t.startswith("_")}
        self.person_verbs = {form: t for t, e in lexicon.items() if not t.startswith("_")
                             for v in e.get("title_person_verb", []) for form in inflections(v)}
        # Verbs (and nouns) that need a person as their object: anywhere, and those of the title only.
        self.person_object_verbs = {form: t for t, e in lexicon.items() if not t.startswith("_")
                                    for v in e.get("person_object_verb", []) for form in inflections(v)}
        self.title_person_object_verbs = {form: t for t, e in lexicon.items() if not t.startswith("_")
                                          for v in e.get("title_person_object_verb", []) for form in inflections(v)}
        self.title_person_object_verbs.update(self.person_object_verbs)
        # Headline verbs that name the event only before a preposition ("Leaders Meet in Rotterdam").
        self.title_preposition_verbs = {t: {form for v in e.get("title_preposition_verb", []) for form in inflections(v)}
                                        for t, e in lexicon.items() if not t.startswith("_")}
        self.no_web_address = {t for t, e in lexicon.items() if not t.startswith("_") and e.get("not_before_web_address")}
        self.not_with_object = {t: set(e.get("not_with_object", [])) for t, e in lexicon.items()
                                if not t.startswith("_")}
        self.base_forms = {v.lower() for t, e in lexicon.items() if not t.startswith("_")
                           for v in [*e.get("verb", []), *e.get("title_verb", [])]}
        self.title_nouns = {w.lower() for t, e in lexicon.items() if not t.startswith("_") for w in e.get("title_noun", [])}
        # Every inflection of the verbs: a headline verb can end a name ("Harlow Reed Partners"), an
        # event noun is the event's own name ("Harbor Data Conference").
        self.verb_forms = {form for v in self.base_forms for form in inflections(v)
                           if not self.words.get(("lower", form)) and not self.words.get(("lower", form[:-1]))
                           and form not in self.title_nouns}

    def _word_matches(self, doc: Doc, title_end: int):
        strings = self.nlp.vocab.strings
        for tok in doc:
            if tok.is_space or tok.is_punct:
                continue
            found = []
            if tok.pos_ in ("NOUN", "PROPN"):
                found += self.words.get(("noun", tok.lemma_.lower()), [])
            if tok.pos_ == "VERB":
                found += self.words.get(("verb", tok.lemma_.lower()), [])
            found += self.words.get(("lower", tok.lower_), [])
            found += self.words.get(("orth", tok.text), [])
            if tok.i < title_end and tok.lower_ in self.title_words and not self._imperative(doc, tok) and (
                    tok.lower_ not in self.base_forms or (tok.i > 0 and doc[tok.i - 1].lower_ in ("to", "will"))):
                # A headline verb in its base form is a name part ("Open Data") unless "to Open".
                found.append(self.title_words[tok.lower_])
            for event_type in dict.fromkeys(found):
                yield strings.add(event_type), tok.i, tok.i + 1

    def _person_verb_matches(self, doc: Doc, title_end: int, title_names: dict[int, str]):
        """Headline verbs whose subject is a person ("Ann Roe Joins Acme as CFO"): the word
        before them ends a person's name, as the model tagged it or as the body names it."""
        strings = self.nlp.vocab.strings
        for tok in doc[1:title_end]:
            event_type = self.person_verbs.get(tok.lower_)
            before = doc[tok.i - 1]
            if event_type and (before.ent_type_ == "PERSON" or title_names.get(before.i) == "PERSON"):
                yield strings.add(event_type), tok.i, tok.i + 1

    def _person_object_matches(self, doc: Doc, title_end: int, title_names: dict[int, str]):
        """Verbs whose object is a person: in the headline, "Acme Welcomes Former Judge Ann Roe";
        anywhere, "Acme promotes Ann Roe to partner", "the promotion of Ann Roe". A person's name,
        as the model tagged it or as the body names it, stands among the next words of the clause
        (titles come first: "Welcomes Leading Psychiatrist Dr. Ann Roe")."""
        strings = self.nlp.vocab.strings
        for tok in doc[1:]:
            in_title = tok.i < title_end
            event_type = (self.title_person_object_verbs if in_title else self.person_object_verbs).get(tok.lower_)
            if not event_type:
                continue
            end = title_end if in_title else tok.sent.end
            for nxt in doc[tok.i + 1 : min(tok.i + 1 + TRIGGER_PERSON_OBJECT_TOKENS, end)]:
                if nxt.ent_type_ == "PERSON" or title_names.get(nxt.i) == "PERSON":
                    yield strings.add(event_type), tok.i, tok.i + 1
                    break
                if ((nxt.is_punct and nxt.text != ".") or (nxt.pos_ in ("ADP", "AUX", "PART") and nxt.lower_ != "of")
                        or (nxt.pos_ == "VERB" and nxt.is_lower)):
                    break                          # the object ends ("Welcomes 600 Guests to ..."); headline
                                                   # case makes "Leading Psychiatrist" a verb

    def _verbs_of_body_names(self, doc: Doc, title_end: int) -> set[int]:
        """Title tokens that are verbs ending a name the body spells in its own sentences: the
        word before and the verb, capitalised as in the title, then a comma, a parenthesis or a
        lower-case word ("Harlow Reed Partners Named ..." with "Harlow Reed Partners, a firm" or
        "Harlow Reed Partners (HRP) was named"; a verb there is lower case: "Acme partners with").
        Verbs only: an event noun is the event's own name ("Harbor Data Conference")."""
        if title_end >= len(doc):
            return set()
        text, body_start = text_of(doc), doc[title_end].idx
        return {tok.i for tok in doc[1:title_end]
                if tok.lower_ in self.verb_forms and tok.is_title and doc[tok.i - 1].is_title
                and re.compile(rf"(?<![\w-]){re.escape(doc[tok.i - 1 : tok.i + 1].text)}(?=,|\s+[a-z]|\s+\()")
                .search(text, body_start)}

    def _matcher(self, key: str) -> Matcher:
        """A Matcher of the token patterns the lexicon lists under `key`, per event type."""
        matcher = Matcher(self.nlp.vocab)
        for event_type, entry in self.lexicon.items():
            if not event_type.startswith("_") and entry.get(key):
                matcher.add(event_type, entry[key])
        return matcher

    def _lead_matches(self, doc: Doc) -> list[tuple[int, int, int]]:
        """The matches of the lexicon's ``lead_patterns`` that start in the title or the lead
        sentence (:func:`layout.zones`)."""
        if not len(self.lead_matcher):
            return []
        title_end, lead_start, lead_end = zones(doc)
        return [(match_id, start, end) for match_id, start, end in self.lead_matcher(doc)
                if doc[start].idx < title_end or lead_start <= doc[start].idx < lead_end]

    @staticmethod
    def _object_cancels(doc: Doc, end: int, heads: set[str]) -> bool:
        """Whether one of `heads` stands among the next words of the clause ("to meet rising
        demand", "to Meet Explosive AI Demand", "to meet the evolving security needs")."""
        for tok in doc[end : end + TRIGGER_OBJECT_TOKENS]:
            if tok.lower_ in heads:
                return True                        # (headline case: "Needs" may be tagged a verb)
            if tok.tag_ == "POS":
                continue                           # "the company's website"
            if tok.is_punct or tok.is_space or tok.pos_ in ("AUX", "ADP", "PART") or (
                    tok.pos_ == "VERB" and tok.is_lower and tok.dep_ != "amod"):
                return False                       # the object ends at a verb or a preposition; a
                                                   # participle modifying it does not ("the evolving needs")
        return False

    def _imperative(self, doc: Doc, tok) -> bool:
        """A headline noun used as a verb that opens a command: "Book Your Party by Sept. 7"."""
        first = tok.i == 0 or doc[tok.i - 1].is_punct or doc[tok.i - 1].is_space
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        return (tok.lower_ in self.title_nouns and first and nxt is not None
                and nxt.lower_ in ("your", "our", "my", "now", "today", "online", "here"))

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        title_end = title_end_token(doc)
        matches = [*self._word_matches(doc, title_end), *self.phrases(doc), *self.matcher(doc)]
        title_names = _names_in_title(doc, title_end)
        in_name = {i for ent in doc.ents if ent.label_ in NAME_LABELS for i in range(ent.start, ent.end)}
        in_name |= set(title_names) | self._verbs_of_body_names(doc, title_end)
        matches += self._person_verb_matches(doc, title_end, title_names)
        matches += self._person_object_matches(doc, title_end, title_names)
        matches += list(self.title_matcher(doc[:title_end]))   # the title starts the Doc: same offsets
        matches += self._lead_matches(doc)
        for match_id, start, end in matches:
            if all(i in in_name for i in range(start, end)):
                continue                           # a name part: "Harlow Reed Partners", "Convention Center"
            if end - start == 1 and _compound_modifier(doc, start):
                continue                           # "Award-Winning Author", "training-focused"
            if end - start == 1 and _in_x_of(doc, start):
                continue                           # "in recognition of Safety Month": a preposition
            event_type = self.nlp.vocab.strings[match_id]
            if (start < title_end and doc[start].lower_ in self.title_preposition_verbs.get(event_type, ())
                    and not (end < title_end and (doc[end].pos_ == "ADP" or doc[end].lower_ in _PREPOSITIONS))):
                continue                           # "Comfort Meets Style", "Meet ZChains": no meeting
            prev = doc[start - 1] if start > 0 else None
            blocked = self.not_after.get(event_type, ())
            if prev is not None and (prev.lemma_.lower() in blocked or prev.lower_.rstrip("s") in blocked):
                continue
            nxt = next((t for t in doc[end : end + TRIGGER_NEXT_TOKENS] if not t.like_num and t.lower_ not in _SCALE_WORDS), None)
            if nxt is not None and nxt.lower_ in self.not_before.get(event_type, ()):
                continue                           # "secures $5 million contract": the money is a price
            if event_type in self.no_web_address and any(t.like_url or t.like_email
                                                         for t in doc[end : end + TRIGGER_NEXT_TOKENS]):
                continue                           # "visit www.acme.example": a call to action
            if self._object_cancels(doc, end, self.not_with_object.get(event_type, ())):
                continue                           # "to Meet Roofing Needs": no meeting
            span = Span(doc, start, end, label=event_type)
            span._.weight = float(self.lexicon[event_type].get("weight", 1.0))
            spans.append(span)
        # One type per token: the longest (most specific) match wins.
        doc.spans["triggers"] = sorted(filter_spans(spans), key=lambda s: s.start)
        return doc


def _names_in_title(doc: Doc, title_end: int) -> dict[int, str]:
    """Title tokens that spell a name of two or more words the body names, with its label:
    headline case hides names from the model ("Wendt Partners Recognized ...", "Ann Roe Joins")."""
    names = {tuple(t.lower_ for t in ent): ent.label_ for ent in doc.ents
             if ent.label_ in NAME_LABELS and len(ent) > 1 and ent.start >= title_end}
    words = [t.lower_ for t in doc[:title_end]]
    out: dict[int, str] = {}
    for name, label in sorted(names.items()):
        n = len(name)
        for i in range(len(words) - n + 1):
            if tuple(words[i : i + n]) == name:
                out.update(dict.fromkeys(range(i, i + n), label))
    return out


def _in_x_of(doc: Doc, i: int) -> bool:
    """Whether token `i` is the noun of a preposition made of "in <noun> of" ("in recognition of",
    "in honor of", "in celebration of"): it says why or for whom, no event of its own."""
    return 0 < i < len(doc) - 1 and doc[i - 1].lower_ == "in" and doc[i + 1].lower_ == "of"


def _compound_modifier(doc: Doc, i: int) -> bool:
    """Whether token `i` is the first word of a hyphenated modifier ("award-winning",
    "training-focused"): joined by a hyphen to the next word, nothing in between."""
    if i + 2 >= len(doc):
        return False
    word, hyphen, nxt = doc[i], doc[i + 1], doc[i + 2]
    return (hyphen.text == "-" and not word.whitespace_ and not hyphen.whitespace_ and nxt.is_alpha)
