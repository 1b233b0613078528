"""The whole path on releases: facts of the bundled example and of the devset seed."""

from __future__ import annotations

import json

import pytest

from pressextract import extract
from pressextract.schema import EventRecord

from .conftest import CORPUS, SHARED, needs_shared


def _facts(records):
    main = records[0]
    return {
        "places": {loc.name: loc for r in records for loc in r.locations},
        "orgs": {o.name: o for r in records for o in r.organizations},
        "facilities": {f.name: f for r in records for f in r.facilities},
        "counts": {(c.value, c.unit) for r in records for c in r.counts},
        "people": {p.name: p for r in records for p in r.people},
        "main": main,
    }


def test_bundled_example_release():
    records = extract((CORPUS / "example.txt").read_text(encoding="utf-8"))
    f = _facts(records)
    main = f["main"]
    assert main.main and main.event_type == "training"
    assert [r.main for r in records].count(True) == 1
    assert str(main.doc.published) == "2023-09-27"
    assert str(main.date.start) == "2023-09-26"          # "yesterday"
    assert f["places"]["Seoul"].country_code == "KR" and f["places"]["Seoul"].geonames_id == 1835848
    wego = f["orgs"]["World Smart Sustainable Cities Organization"]
    assert "WeGO" in wego.aliases and wego.role == "organizer"
    assert (18, "official") in f["counts"] and (9, "city") in f["counts"] and (8, "lecture") in f["counts"]
    assert {"Seoul Digital Innovation Hub", "Seoul Urban Data Center"} <= set(f["facilities"])
    assert f["people"]["Park Jung-ho"].title == "Secretary General of WeGO"
    assert "Gtranslate" not in json.dumps([r.model_dump(mode="json") for r in records])
    assert {r.event_type for r in records} >= {"training", "agreement"}


def test_evidence_offsets_point_into_the_text():
    text = (CORPUS / "example.txt").read_text(encoding="utf-8")
    from pressextract.clean import clean

    cleaned = clean(text).text
    for record in extract(text):
        ev = record.evidence
        assert cleaned[ev.start:ev.end].strip() == ev.text
        for entity in [*record.organizations, *record.facilities, *record.locations, *record.people]:
            names = [entity.name, *getattr(entity, "aliases", [])]
            for span in entity.spans:
                assert " ".join(cleaned[span.start:span.end].split()) in names


def test_seed_release_facts():
    seed = needs_shared(SHARED / "devset" / "docs" / "d01.txt")
    records = extract(seed.read_text(encoding="utf-8"))
    f = _facts(records)
    assert f["main"].event_type == "training"
    assert str(f["main"].doc.published) == "2019-03-29"
    assert f["places"]["Seoul"].country_code == "KR"
    assert "WeGO" in f["orgs"]
    shrdc = f["orgs"]["Seoul Human Resource Development Center"]
    assert "SHRDC" in shrdc.aliases
    assert (15, "official") in f["counts"] and (11, "city") in f["counts"]
    facilities = {name: fac.aliases for name, fac in f["facilities"].items()}
    assert "Seoul Big Data Campus" in facilities and "Seoul Cyber Security Center" in facilities
    assert any("TOPIS" in aliases for aliases in facilities.values())
    assert not f["people"]                                 # "Gtranslate" is residue, not a person


def test_records_validate_against_schema():
    for record in extract((CORPUS / "example.txt").read_text(encoding="utf-8")):
        again = EventRecord.model_validate_json(record.model_dump_json())
        assert again == record


def test_api_published_override_and_relative_dates():
    text = ("City of Lima opens library\n\nLIMA – The City of Lima opened the Lima Central Library yesterday, "
            "Mayor Ana Ruiz said. More than 300 students attended the opening ceremony at the library.")
    records = extract(text, published="2024-05-02")
    assert records[0].event_type == "opening"
    assert str(records[0].date.start) == "2024-05-01"
    assert str(records[0].doc.published) == "2024-05-02"


def test_a_year_that_says_which_report_is_no_date_of_the_event():
    text = ("Acme Publishes Annual Report\n\nAcme published its 2023 annual report, which covers 40 plants "
            "in three countries.")
    main = extract(text)[0]
    assert main.event_type == "publication" and main.date.start is None


def test_no_year_no_date():
    text = ("City opens library\n\nThe city opened the Lima Central Library on Thursday, Mayor Ana Ruiz said, "
            "and 300 students attended the opening ceremony in the reading hall of the building.")
    records = extract(text)
    assert records[0].doc.published is None and records[0].date.start is None


@pytest.mark.parametrize("sentence, start", [
    ("Contoso will present its study at the Harbor Lab Expo 2025, held July 27-31 in Chicago.", "2025-07-27"),
    ("Contoso will present its 2024 study at the Harbor Lab Expo 2025, held July 27-31 in Chicago.", None),
])
def test_a_date_without_a_year_takes_the_one_year_its_sentence_names(sentence, start):
    text = ("Contoso to Present Study at Harbor Lab Expo\n\n" + sentence
            + " The study followed 40 patients in two clinics of the region.")
    main = extract(text)[0]
    assert main.doc.published is None and main.event_type == "conference"
    assert (main.date.start and main.date.start.isoformat()) == start
    if start:
        assert text[main.date.span.start : main.date.span.end] == main.date.text == "July 27-31"


def test_headline_dates_and_dates_the_model_cuts_short():
    # A headline-case range the model does not tag as a date, read with the year it carries.
    text = ("Riverbend Arts Announces Harvest Music Conference at the Civic Theater, Sept 13-14, 2024\n\n"
            "Riverbend Arts is proud to announce the Harvest Music Conference, a two-day event for composers "
            "and producers from across the region that will take place in the city next month.")
    main = extract(text)[0]
    assert main.event_type == "conference" and str(main.date.start) == "2024-09-13"
    # No publication date: a day without a year takes the year of the release's own full date.
    text = ("Harbor Fund Auction Launches July 21 to Support Flood Relief\n\nThe Harbor Fund, a local charity, "
            "opens its online auction for flood relief on its website, with bidding through Monday, "
            "August 4, 2025, and all proceeds going to families in the river valley.")
    main = extract(text)[0]
    assert main.doc.published is None and str(main.date.start) == "2025-07-21"


def test_event_date_follows_the_trigger_clause_and_tense():
    text = ("Nominations Open for the City Medal\n\n2026-03-11\n\nThe committee of the City of Lima seeks "
            "nominations for this year's City Medal, which comes with $1,500. The deadline for nominations is "
            "Tuesday, April 14, and the medal will be presented at the Lima Convention Center on Friday, June 12.")
    main = extract(text)[0]
    assert main.event_type == "award"
    assert str(main.date.start) == "2026-06-12"          # the clause of "presented", in the future


@pytest.mark.parametrize("lead, day", [
    ("Orbita Labs announced today that its chief executive will present at the Harbor Investor "
     "Conference, taking place in Boston on February 10-12, 2025.", "2025-02-10"),
    ("Orbita Labs today announced the Harbor Investor Conference, which it hosts in Boston.", "2025-02-04"),
])
def test_the_day_of_announcing_dates_the_announcement_not_the_event_it_tells(lead, day):
    text = f"Orbita Labs at the Harbor Investor Conference\n\nBOSTON, MA - February 4, 2025 - {lead}"
    main = extract(text)[0]
    assert main.event_type == "conference"
    assert str(main.date.start) == day


@pytest.mark.parametrize("lead", [
    "Orbita Labs published Operations for Tomorrow, a book on running a factory.",
    "Orbita Labs published a book that the magazine HRO Today calls the best of the year.",
])
def test_today_or_tomorrow_in_a_name_is_no_day(lead):
    text = f"Orbita Labs Publishes a Book\n\nBOSTON, MA - February 4, 2025 - {lead}"
    main = extract(text)[0]
    assert main.event_type == "publication"
    assert str(main.date.start) == "2025-02-04"          # the dateline's day, not the next


def test_a_legal_disclaimer_reports_no_event():
    text = ("Orbita Labs Presents Trial Data at the Harbor Oncology Meeting\n\n"
            "BOSTON, MA - March 3, 2025 - Orbita Labs presented data from its trial of OL-7 in patients "
            "with leukemia at the Harbor Oncology Meeting.\n\n"
            "Forward-looking statements in this release are subject to risks and uncertainties, including "
            "the ability to obtain funding, to hire key personnel and to acquire other companies.")
    records = extract(text)
    assert {r.event_type for r in records} & {"funding", "appointment", "acquisition"} == set()


def test_lead_sentence_dates_the_main_event():
    text = ("City Opens Linden Innovation Center\n\n2023-06-14\n\nCOLUMBUS - Mayor Daniel Hart cut the ribbon "
            "on Tuesday at the new Linden Innovation Center, a $8 million facility with 40 public computers.")
    main = extract(text)[0]
    assert main.event_type == "opening"
    assert str(main.date.start) == "2023-06-13"


# The lead is the story's first sentence: a wire credit with a hyphen can end a "sentence" inside
# the dateline, and summary bullets come before the story. The sentence after the lead, in its
# paragraph, dates the main event before the dateline does.
LEAD_CASES = {
    "after the dateline": (
        "Harbor Tailors Marks 50 Years With Community Open House\n\nDAYTON, OH, September 29, 2026 "
        "/24-7PressRelease/ -- Harbor Tailors, the alterations shop on Main Street, will celebrate its 50th "
        "anniversary with a community open house on Saturday, October 10, 2026. The shop was founded in 1976.",
        None, "2026-10-10"),
    "after the bullets": (
        "Kestrel Mining Closes Private Placement\n\n* The private credit market has grown fast over the "
        "past decade, evolving from a niche segment into a large part of finance\n* Kestrel offers a "
        "range of financing options to mining companies of every size\n\nKestrel Mining announced that it "
        "closed its private placement of 17,000,000 units on October 3, 2025, raising C$6.8 million.",
        "funding", "2025-10-03"),
    "the sentence after the lead": (
        "Harbor Bank Named 2025 Lender of the Year\n\nDENVER, CO, February 11, 2025 /24-7PressRelease/ -- "
        "Harbor Bank has been named Lender of the Year by the Front Range Council. The honor was presented "
        "on Thursday at the council's dinner in Denver, attended by 340 guests.\n\nThe council was founded "
        "on May 5, 1990.",
        "award", "2025-02-06"),
}


@pytest.mark.parametrize("text, event_type, day", LEAD_CASES.values(), ids=list(LEAD_CASES))
def test_the_lead_paragraph_dates_the_main_event(text, event_type, day):
    main = extract(text)[0]
    if event_type is not None:
        assert main.event_type == event_type
    assert str(main.date.start) == day


def test_an_announced_event_is_dated_where_the_release_says_it_takes_place():
    """Neither the trigger's sentence nor the lead paragraph dates the workshop: the sentence saying
    when it takes place does, before the dateline's day. A launch keeps the dateline's day."""
    body = ("\n\nSALEM, OR / Harbor Wire / August 11, 2025\n\nHarbor Print is pleased to announce the return of "
            "its live series with the next installment, Unboxed. Held at the Harbor Print center in Salem, the "
            "full-day workshop brings together packaging professionals.\n\n\"Unboxed will be a recurring "
            "touchpoint for the industry,\" said Ann Roe, Harbor Print's director of marketing.\n\nUnboxed takes "
            "place on Wednesday, September 24, 2025, at the Harbor Print center in Salem. Meals are included.")
    main = extract("Harbor Print Announces Unboxed, a Full-Day Packaging Workshop" + body)[0]
    assert (main.event_type, str(main.date.start)) == ("training", "2025-09-24")
    main = extract("Harbor Print Launches Unboxed, a Packaging App" + body)[0]
    assert (main.event_type, str(main.date.start)) == ("launch", "2025-08-11")


def test_headline_awards_of_the_year():
    # "... of the Year" after "Named", "Earns", "Wins" is an award, not an appointment.
    named = ("Dr. Ann Roe Named 2025 Chiropractor of the Year by Front Range University\n\n"
             "DENVER, CO, February 11, 2025 /24-7PressRelease/ -- Dr. Ann Roe, a chiropractor in Aurora, has "
             "been named Chiropractor of the Year by Front Range University.")
    assert extract(named)[0].event_type == "award"
    earns = ("Kestrel Freight's Tracker Earns 'Last Mile Innovation of the Year'\n\nKestrel Freight said its "
             "parcel tracker was chosen by the editors of a logistics magazine from 90 entries.")
    assert extract(earns)[0].event_type == "award"
    assert extract("Acme Expects Sales to Rise by the End of the Year\n\nAcme Corp. said sales rose by 5 "
                   "percent in the first half and will keep growing.")[0].event_type != "award"


def test_roles_from_grammar():
    text = ("EU and UNDP sign agreement on clean air in Skopje\n\nSkopje, 8 March 2023 – The European Union and the "
            "United Nations Development Programme signed an agreement on Tuesday to cut air pollution in Skopje. "
            "The project was designed by the Macedonian Clean Air Network and funded by the Skopje City Council.")
    main = extract(text)[0]
    roles = {o.name: o.role for o in main.organizations}
    assert main.event_type == "agreement"
    assert roles["European Union"] == "partner" and roles["United Nations Development Programme"] == "partner"
    assert roles["Skopje City Council"] == "funder"


def test_processed_docs_are_freed_without_the_garbage_collector():
    """No reference cycles through doc.user_data: a long batch must not wait for gc to free Docs."""
    import gc

    from pressextract.pipeline import Extractor
    from pressextract.sources import RawDocument

    extractor = Extractor()
    raw = (CORPUS / "example.txt").read_bytes()
    extractor.process(RawDocument("warm-up", raw, html=False))
    gc.collect()
    live = lambda: sum(type(o).__name__ == "Doc" for o in gc.get_objects())  # noqa: E731
    gc.disable()
    try:
        before = live()
        for i in range(4):
            extractor.process(RawDocument(f"d{i}", raw + f" {i}".encode(), html=False))
        assert live() == before
    finally:
        gc.enable()


def test_secondary_events_are_reported_not_mentioned():
    text = ("Orbita Opens Plant in Ames\n\nAMES, IA - May 4, 2026 - Orbita opened a sensor plant in Ames on Monday. "
            "\"We are honored to serve the farmers of Iowa,\" said Dana Reyes, CEO of Orbita. Its award-winning "
            "sensors are sold in 12 states. For more information, visit www.orbita.example today.")
    types = [r.event_type for r in extract(text)]
    assert types[0] == "opening" and "award" not in types and "visit" not in types


def test_confidence_is_graded_by_where_the_event_is_named():
    from pressextract.events import BODY, LEAD, TITLE, event_confidence

    assert event_confidence(True, TITLE, 1) > event_confidence(True, LEAD, 1) > event_confidence(True, BODY, 1)
    assert event_confidence(False, BODY, 1) < event_confidence(False, BODY, 2) < event_confidence(False, LEAD, 1)
    assert event_confidence(False, BODY, 9) == event_confidence(False, BODY, 3)        # the table's last value holds
