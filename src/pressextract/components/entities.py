"""Entity clean-up for press releases, on top of the base model's NER.

The small English model is trained on news, not on releases, and its quirks are regular
(see ``NOTES.md``): facilities come out as ORG ("Seoul Big Data Campus"), programme and event
names as ORG ("the WeGO Smart Sustainable Cities Training Program"), "City of Brampton" as a
place, a first name alone as PERSON, "Khan" without "Sadiq". This component fixes those with
lexicons from ``models/entities.json`` and a few context cues, and leaves everything else alone.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..settings import MODELS_DIR
from .doccache import sentence_of, text_of
from .lexicon import LexiconComponent
from .listitems import split_at_list_breaks

DEFAULT_LEXICON = MODELS_DIR / "entities.json"
PLACE_LABELS = {"GPE", "LOC"}


@Language.factory("pressextract_entities", default_config={"lexicon_path": None})
def make_entity_cleaner(nlp: Language, name: str, lexicon_path: str | None) -> "EntityCleaner":
    return EntityCleaner(json.loads(Path(lexicon_path or DEFAULT_LEXICON).read_text(encoding="utf-8")))


class EntityCleaner(LexiconComponent):
    """Relabels and trims ``doc.ents``: FAC for facilities, EVENT for event names."""

    lexicon_file = "entities.json"

    def __init__(self, lexicon: dict) -> None:
        self._build(lexicon)

    def _build(self, lexicon: dict) -> None:
        self.lexicon = lexicon
        self.facility_heads = set(lexicon["facility_heads"])
        self.weak_heads = set(lexicon["weak_facility_heads"])
        self.event_heads = set(lexicon["event_name_heads"])
        self.generic = set(lexicon["generic_words"])
        self.titles = set(lexicon["titles"])
        self.org_prefixes = tuple(lexicon["org_of_prefixes"])
        self.org_heads = set(lexicon.get("org_heads", []))
        self.not_names = {n.casefold() for n in lexicon.get("not_names", [])}
        self.compound_heads = set(lexicon.get("facility_compound_heads", []))
        self.event_phrases = tuple(lexicon.get("event_name_phrases", []))
        self.facility_first = set(lexicon.get("facility_first_words", []))
        self.currencies = set(lexicon.get("currency_codes", []))
        self.known_orgs = set(lexicon.get("known_organizations", []))
        self.legal_suffixes = set(lexicon.get("legal_suffixes", []))
        self.region_words = set(lexicon.get("region_words", []))
        self.honorifics = set(lexicon.get("honorifics", []))

    def __call__(self, doc: Doc) -> Doc:
        ents = [self._trim(part) for e in doc.ents for part in split_at_list_breaks(e)]
        ents = [e for e in ents if e is not None and not self._is_modifier(doc, e)]
        ents = self._drop_title_only(doc, ents)
        ents = [self._extend_facility(doc, e) for e in ents]
        ents = [self._extend_person(doc, e, ents) for e in ents]
        ents = self._vote_labels(ents)
        ents = [Span(doc, e.start, e.end, label=self._relabel(doc, e)) for e in ents]
        ents = [part for e in ents for part in self._split_place_person(doc, e)]
        ents = [part for e in ents for part in self._split_unit_of_org(doc, e)]
        ents = [part for e in ents for part in self._split_titled_person(doc, e)]
        ents = self._add_titled_persons(doc, ents)
        ents = self._add_named_facilities(doc, ents)
        ents = self._propagate_facilities(doc, ents)
        ents = self._propagate_places(doc, ents)
        ents = self._fix_person_labels(doc, ents)
        ents = self._drop_stray_persons(ents)
        doc.ents = [e for e in ents if e.label_ != "DROP"]
        return doc

    # -- pieces ---------------------------------------------------------------------------
    def _trim(self, ent: Span) -> Span | None:
        """Drop leading determiners and trailing whitespace/punctuation from an entity."""
        start, end = ent.start, ent.end
        doc = ent.doc
        opened = next((t.i for t in ent if t.text == "("), None)
        if opened is not None and not any(t.text == ")" for t in doc[opened:end]):
            end = opened                               # "Mobile World Congress (MWC": the name ends before "("
        while start < end and (doc[start].is_space or doc[start].lower_ in ("the", "a", "an")
                               or doc[start].is_punct):
            start += 1
        while end > start and (doc[end - 1].is_space or doc[end - 1].text in ("’s", "'s", "’", "'", ",", "-", ":")
                               or doc[end - 1].lower_ in ("to", "of", "and", "for", "the", "in", "on", "at", "with", "by")
                               or (ent.label_ == "ORG" and end - start > 1 and doc[end - 1].lower_ in self.titles)):
            end -= 1                                   # "Principal at", "MPC General"
        while start < end - 1 and doc[start].lower_ in self.honorifics:
            start += 1                                 # "Ms Karimova" -> "Karimova"
        if start >= end:
            return None
        return Span(doc, start, end, label=ent.label_)

    @staticmethod
    def _drop_title_only(doc: Doc, ents: list[Span]) -> list[Span]:
        """Headline case misleads the model ("Quito Hosts Andean Cities Forum"): a name in the
        title line counts only if the body repeats it."""
        title_end = text_of(doc).find("\n")
        if title_end < 0:
            return ents
        body = text_of(doc)[title_end:]
        return [e for e in ents if e.start_char >= title_end or e.text in body]

    def _extend_facility(self, doc: Doc, ent: Span) -> Span:
        """"Oxford Road" + "campus": a lower-case facility word after a name belongs to it."""
        if ent.end < len(doc) and ent.label_ in ("ORG", "GPE", "FAC", "LOC", "PERSON"):
            nxt = doc[ent.end]
            if nxt.is_lower and nxt.lower_ in self.facility_heads and nxt.lower_ not in self.weak_heads:
                return Span(doc, ent.start, ent.end + 1, label="FAC")
        return ent

    _UNIT_HEADS = {"committee", "board", "council", "department", "office", "secretariat", "faculty",
                   "institute", "division", "unit", "commission", "chapter", "branch", "center", "centre",
                   "school", "bureau", "team", "directorate", "presidency"}
    _PARENT_HEADS = {"university", "college", "city", "organization", "organisation", "association",
                     "network", "foundation", "company", "corporation", "bank", "government", "ministry",
                     "agency", "institute", "federation", "alliance", "union", "council", "group", "nations"}

    def _split_unit_of_org(self, doc: Doc, ent: Span) -> list[Span]:
        """"Medals and Awards Committee of Eastern Washington University" names two organisations."""
        if ent.label_ != "ORG":
            return [ent]
        of = next((t for t in ent if t.lower_ == "of"), None)
        if of is None or of.i == ent.start or of.i + 1 >= ent.end:
            return [ent]
        unit, parent = doc[ent.start : of.i], doc[of.i + 1 : ent.end]
        parent_ok = (parent[-1].lower_ in self._PARENT_HEADS and len(parent) >= 2) or (len(parent) == 1 and parent[0].is_upper)
        if unit[-1].lower_ in self._UNIT_HEADS and len(unit) >= 2 and parent_ok:
            return [Span(doc, unit.start, unit.end, label="ORG"), Span(doc, parent.start, parent.end, label="ORG")]
        return [ent]

    _PERSON_TITLES = {"mayor", "minister", "governor", "representative", "ambassador", "president",
                      "director", "ceo", "secretary-general", "chair", "chairman", "chairwoman", "chairperson",
                      "dean", "rector", "coordinator", "commissioner", "spokesperson", "professor", "prof.",
                      "dr.", "mr.", "ms.", "mrs.", "councillor", "councilor", "senator", "gov.", "officer",
                      "head", "manager", "founder", "chancellor", "provost", "treasurer", "secretary"}

    def _name_after(self, doc: Doc, i: int, limit: int = 3) -> int:
        """End of a run of capitalised proper nouns starting at token i (0 tokens if none)."""
        j = i
        while (j < len(doc) and j - i < limit and doc[j].is_title and doc[j].pos_ == "PROPN"
               and doc[j].lower_.strip(".") not in self.titles and doc[j].lower_ not in self.org_heads):
            j += 1
        return j

    def _split_titled_person(self, doc: Doc, ent: Span) -> list[Span]:
        """"UNDP Resident Representative Sara Bianchi": an organisation, a title, a person."""
        if ent.label_ not in ("ORG", "GPE", "FAC", "NORP") or len(ent) < 3:
            return [ent]
        cut = max((t.i for t in ent if t.lower_ in self._PERSON_TITLES), default=None)
        if cut is None or cut + 1 >= ent.end:
            return [ent]
        end = self._name_after(doc, cut + 1)
        if end != ent.end or end - (cut + 1) < 2:
            return [ent]
        parts = [Span(doc, cut + 1, ent.end, label="PERSON")]
        head = [t for t in doc[ent.start : cut] if t.lower_ not in self.titles and not t.is_lower]
        if head and ent.label_ == "ORG" and head[-1].i == head[0].i + len(head) - 1:
            parts.insert(0, Span(doc, head[0].i, head[-1].i + 1, label="ORG"))
        return parts

    def _add_titled_persons(self, doc: Doc, ents: list[Span]) -> list[Span]:
        """"Mayor of Chattogram Shahidul Islam": names after a title that the model missed."""
        taken = {i for e in ents for i in range(e.start, e.end)}
        added = []
        for tok in doc:
            if tok.lower_ not in self._PERSON_TITLES or not (tok.is_title or tok.is_upper):
                continue
            i = tok.i + 1
            place = None
            if i < len(doc) and doc[i].lower_ == "of":
                end = self._name_after(doc, i + 1, limit=4)
                if end - (i + 1) < 3:
                    continue
                from ..geo import candidates

                cut = next((c for c in range(end - 2, i + 1, -1) if candidates(doc[i + 1 : c].text)), None)
                if cut is None:
                    continue
                place, i = (i + 1, cut), cut
            end = self._name_after(doc, i)
            if end - i < 2 or any(k in taken for k in range(i, end)):
                continue
            if place and not any(k in taken for k in range(*place)):
                added.append(Span(doc, place[0], place[1], label="GPE"))
            added.append(Span(doc, i, end, label="PERSON"))
            taken.update(range(tok.i, end))
        return sorted(ents + added, key=lambda e: e.start) if added else ents

    def _add_named_facilities(self, doc: Doc, ents: list[Span]) -> list[Span]:
        """Capitalised names ending in a facility word that the model missed ("the Grand
        Pacific Hotel"): two or more title-case words, the last a (strong) facility head."""
        taken = {i for e in ents for i in range(e.start, e.end)}
        title_end = next((t.i for t in doc if t.is_space and "\n" in t.text), len(doc))
        added = []
        for tok in doc[title_end:]:
            head = tok.lower_
            if not tok.is_title or head not in self.facility_heads or head in self.weak_heads or tok.i in taken:
                continue
            start = tok.i
            while start > 0 and doc[start - 1].is_title and doc[start - 1].i not in taken \
                    and not doc[start - 1].is_sent_start and doc[start - 1].lower_ not in self.titles:
                start -= 1
            words = [t.lower_ for t in doc[start : tok.i + 1]]
            after_article = start > 0 and doc[start - 1].lower_ in ("the", "at", "in", "on", "to", "from")
            if tok.i - start >= 1 and after_article and not all(w in self.generic or w in self.facility_heads for w in words):
                added.append(Span(doc, start, tok.i + 1, label="FAC"))
                taken.update(range(start, tok.i + 1))
        return sorted(ents + added, key=lambda e: e.start) if added else ents

    def _split_place_person(self, doc: Doc, ent: Span) -> list[Span]:
        """"Mayor of Lima Jorge Salas" read as one name: split the place from the person."""
        if ent.label_ not in ("ORG", "GPE", "PERSON") or len(ent) < 3 or ent.start < 2:
            return [ent]
        if not (doc[ent.start - 1].lower_ == "of" and doc[ent.start - 2].lower_.strip(".") in self.titles):
            return [ent]
        from ..geo import candidates

        if any(t.lower_.strip(".") in self.org_heads for t in ent):
            return [ent]                               # "CEO of Rogers Communications Inc."
        for cut in range(len(ent) - 2, 0, -1):
            place, person = ent[:cut], ent[cut:]
            sizeable = any(p.kind == "country" or p.population >= 100_000 for p in candidates(place.text))
            if sizeable and all(t.is_title and t.pos_ == "PROPN" for t in person) and len(person) >= 2:
                return [Span(doc, place.start, place.end, label="GPE"), Span(doc, person.start, person.end, label="PERSON")]
        return [ent]

    def _extend_person(self, doc: Doc, ent: Span, ents: list[Span]) -> Span:
        """"Sadiq Khan" when the model tagged only "Khan": take capitalised name tokens before."""
        if ent.label_ != "PERSON":
            return ent
        taken = {i for e in ents if e is not ent for i in range(e.start, e.end)}
        start = ent.start
        while (start > 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].is_title
               and doc[start - 1].i not in taken and doc[start - 1].lower_.rstrip(".") not in self.titles
               and doc[start - 1].lower_ not in self.titles and not doc[start - 1].is_stop
               and start > ent.start - 2):
            start -= 1
        return Span(doc, start, ent.end, label="PERSON") if start != ent.start else ent

    def _vote_labels(self, ents: list[Span]) -> list[Span]:
        """One label per surface form: the majority, places and organisations over persons."""
        votes: dict[str, Counter] = {}
        for e in ents:
            votes.setdefault(e.text.casefold(), Counter())[e.label_] += 1
        out = []
        for e in ents:
            counter = votes[e.text.casefold()]
            if len(counter) > 1 and e.label_ == "PERSON" and len(e) == 1:
                best = max((lbl for lbl in counter if lbl != "PERSON"), key=counter.__getitem__)
                out.append(Span(e.doc, e.start, e.end, label=best))
            else:
                out.append(e)
        return out

    def _relabel(self, doc: Doc, ent: Span) -> str:
        label = ent.label_
        words = [t.lower_ for t in ent if not t.is_punct]
        head = self._head_word(ent)
        if label in ("ORG", "GPE", "FAC", "PERSON", "NORP", "PRODUCT", "WORK_OF_ART", "EVENT", "LOC"):
            if all(w in self.generic or w in self.facility_heads or w in self.titles
                   or w.rstrip("s") in self.titles for w in words):
                return "DROP"                          # "the Main Entrance", "Chair"
            if " ".join(words) in self.not_names:
                return "DROP"
        if label in ("ORG", "PERSON") and (any(t.like_num for t in ent) and any(
                t.text.upper() in self.currencies or t.text in "$€£¥₩" for t in ent) or ent.text in self.currencies):
            return "DROP"                              # "EUR 100,000" read as an organisation
        if label in ("ORG", "PERSON", "FAC", "GPE") and any(p in ent.text.lower() + " " for p in self.event_phrases):
            return "EVENT"
        if label in ("ORG", "PERSON", "GPE", "WORK_OF_ART") and len(words) > 1 and words[0] in self.facility_first:
            return "FAC"
        if " ".join(ent.text.lower().split()) in self.known_orgs:
            return "ORG"
        if label == "GPE" and ent.text.lower().startswith(self.org_prefixes):
            return "ORG"                               # "City of Brampton" governs; it is an organisation
        if label in ("ORG", "PRODUCT", "WORK_OF_ART", "EVENT", "PERSON") and len(words) > 1 and (
                head in self.event_heads or head.rstrip("s") in self.event_heads):
            return "EVENT"
        if label in ("WORK_OF_ART", "PRODUCT") and head in self.org_heads:
            return "ORG"
        if label == "PRODUCT" and re.fullmatch(r"[A-Z]{1,5}\d{1,3}", ent.text):
            return "ORG"                               # network codes: "C40", "U20"
        if label in ("FAC", "GPE", "LOC", "ORG") and self._titled_apposition(doc, ent):
            return "PERSON"                            # "Alain Le Saux, METROPOLIS Secretary-General"
        if label in ("ORG", "FAC", "GPE", "LOC", "PRODUCT", "WORK_OF_ART") and len(words) > 1:
            if head in self.facility_heads and head not in self.weak_heads:
                return "FAC"
            if head in self.weak_heads and (self._place_cue(doc, ent) or label == "FAC"
                                            or (len(words) > 1 and words[-2] in self.compound_heads)):
                return "FAC"
        if label == "ORG" and head not in self.org_heads and self._place_cue(doc, ent):
            return "FAC"
        if label == "FAC" and head in self.event_heads:
            return "EVENT"
        return label

    def _head_word(self, ent: Span) -> str:
        """The name's head: its last word before "in"/"at"/"on" and trailing numbers or years."""
        words = []
        for tok in ent:
            if tok.lower_ in ("in", "at", "on") and words:
                break
            words.append(tok)
        while words and (words[-1].like_num or words[-1].is_punct):
            words.pop()
        return words[-1].lower_ if words else ""

    def _titled_apposition(self, doc: Doc, ent: Span) -> bool:
        if len(ent) < 2 or ent.end + 2 >= len(doc) or doc[ent.end].text != ",":
            return False
        if ent[-1].lower_ in self.facility_heads:
            return False
        phrase = doc[ent.end + 1 : min(len(doc), ent.end + 5)]
        clause = []
        for t in doc[ent.end + 1 : min(len(doc), ent.end + 10)]:
            if t.is_punct or t.pos_ in ("VERB", "AUX"):
                break
            clause.append(t)
        if any(t.ent_type_ == "PERSON" for t in clause):
            return False                               # the title belongs to the name after it
        return any(t.lower_ in ("secretary-general", "secretary", "mayor", "president", "ceo", "chairman",
                                "chairwoman", "chair", "director", "minister", "governor", "director-general",
                                "founder", "treasurer", "dean", "rector", "commissioner", "ambassador")
                   for t in phrase) and all(not t.is_sent_start for t in phrase)

    @staticmethod
    def _is_modifier(doc: Doc, ent: Span) -> bool:
        """"UN-backed", "Seoul-based": a name inside an adjective is not a mention."""
        return (ent.end + 1 < len(doc) and doc[ent.end].text == "-" and doc[ent.end + 1].is_lower
                and not doc[ent.end].whitespace_)

    def _propagate_places(self, doc: Doc, ents: list[Span]) -> list[Span]:
        """In a list of names that are mostly places, the others are places too."""
        out = list(ents)
        runs, run = [], [0] if out else []
        for i in range(1, len(out)):
            gap = text_of(doc)[out[i - 1].end_char : out[i].start_char]
            if re.fullmatch(r"\s*(\([^()]{1,20}\))?\s*(,|;|,?\s*and)\s*", gap):
                run.append(i)
            else:
                runs.append(run)
                run = [i]
        if run:
            runs.append(run)
        for run in runs:
            if len(run) < 3:
                continue
            places = sum(out[i].label_ in ("GPE", "LOC") for i in run)
            if places * 3 >= len(run) * 2:
                for i in run:
                    if out[i].label_ in ("ORG", "PERSON", "NORP", "FAC"):
                        out[i] = Span(doc, out[i].start, out[i].end, label="GPE")
        return out

    def _fix_person_labels(self, doc: Doc, ents: list[Span]) -> list[Span]:
        """Names the model took for people: companies ("Keller Sensorik GmbH", "Alpenwerk" of
        "Alpenwerk Holding AG") and places ("in Adjara", "Binh Duong province")."""
        others = [e for e in ents if e.label_ in ("ORG", "FAC")]
        starts = {e.start for e in ents}
        out = []
        for e in ents:
            label = e.label_
            if label in ("PERSON", "ORG") and e.end < len(doc) and doc[e.end].lower_.rstrip(".") in self.legal_suffixes \
                    and e.end not in starts:
                out.append(Span(doc, e.start, e.end + 1, label="ORG"))     # "Keller Sensorik" + "GmbH"
                continue
            if label == "PERSON":
                words = [t.lower_ for t in e]
                longer = next((o for o in others if o.text != e.text and o.text.startswith(e.text + " ")), None)
                if any(w in self.legal_suffixes or w in self.org_heads for w in words):
                    label = "ORG"
                elif longer is not None:
                    label = longer.label_
                elif e.end < len(doc) and doc[e.end].lower_ in self.region_words:
                    label = "GPE"
                elif e.start > 0 and doc[e.start - 1].lower_ in ("in", "across", "near", "throughout"):
                    label = "GPE"
            out.append(e if label == e.label_ else Span(doc, e.start, e.end, label=label))
        return out

    @staticmethod
    def _drop_stray_persons(ents: list[Span]) -> list[Span]:
        """A one-word PERSON that opens a sentence and is never seen again is a misread word."""
        seen = Counter(e.text for e in ents)
        return [e for e in ents if not (e.label_ == "PERSON" and len(e) == 1 and e[0].is_sent_start
                                        and seen[e.text] == 1)]

    @staticmethod
    def _place_cue(doc: Doc, ent: Span) -> bool:
        """Context that makes a name a place where things happen: ", where ..." or an opening."""
        j = ent.end
        if j + 2 < len(doc) and doc[j].text == "(" and doc[j + 2].text == ")":
            j += 3                                     # "System (TOPIS), where"
        if j + 1 < len(doc) and doc[j].text == "," and doc[j + 1].lower_ == "where":
            return True
        before = doc[max(0, ent.start - 5) : ent.start]
        return any(t.lower_ in ("opening", "inauguration", "reopening") for t in before) and any(
            t.lower_ == "of" for t in before)

    @staticmethod
    def _propagate_facilities(doc: Doc, ents: list[Span]) -> list[Span]:
        """Names listed together with facilities are facilities ("TOPIS, ... and X, which")."""
        out = list(ents)
        for i, e in enumerate(out):
            if e.label_ != "ORG":
                continue
            for k in (i - 1, i + 1):
                if 0 <= k < len(out) and out[k].label_ == "FAC" and sentence_of(out[k]).start == sentence_of(e).start:
                    lo, hi = sorted((out[k], e), key=lambda s: s.start)
                    between = doc[lo.end : hi.start]
                    listed = any(t.text == ";" for t in between) or (
                        len(between) <= 6 and any(t.text in (",", "and") for t in between))
                    if listed:
                        out[i] = Span(doc, e.start, e.end, label="FAC")
        return out
