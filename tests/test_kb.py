"""The knowledge base: idempotent loads, alias merging across documents, crash safety,
reading during a write, and JSON-LD that parses as RDF."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pressextract.cli import app
from pressextract.kb import KnowledgeBase

runner = CliRunner()


def record(doc_id: str, event_type: str = "training", *, orgs=(), places=(), people=(), main=True, start=0) -> dict:
    return {
        "schema_version": "1.0", "event_type": event_type, "main": main, "trigger": event_type,
        "doc": {"id": doc_id, "source": f"{doc_id}.txt", "url": None, "title": f"Release {doc_id}",
                "published": "2024-05-02", "site": None, "language": "en"},
        "date": {"start": "2024-05-01", "end": None, "text": "yesterday", "precision": "day"},
        "locations": [dict(p, spans=[{"start": 10, "end": 15}]) for p in places],
        "organizations": [dict(o, spans=[{"start": 20 + i, "end": 25 + i}]) for i, o in enumerate(orgs)],
        "people": [dict(p, spans=[{"start": 40, "end": 50}]) for p in people],
        "counts": [{"value": 15, "unit": "official", "text": "15 officials", "approximate": False,
                    "span": {"start": 0, "end": 12}}],
        "facilities": [], "evidence": {"text": "Fifteen officials trained.", "start": start, "end": start + 26},
        "confidence": 0.9,
    }


SEOUL = {"name": "Seoul", "aliases": [], "country_code": "KR", "geonames_id": 1835848, "lat": 37.566, "lon": 126.9784}


def test_load_is_idempotent(tmp_path):
    recs = [record("a", orgs=[{"name": "WeGO", "aliases": [], "role": "organizer"}], places=[SEOUL]),
            record("a", "visit", main=False, start=100, places=[SEOUL])]
    with KnowledgeBase(tmp_path / "kb.sqlite") as kb:
        assert kb.load_records(recs).loaded == 1
        first = kb.stats()
        again = kb.load_records(recs)
        assert (again.loaded, again.completed, again.present) == (0, 0, 1)
        assert kb.stats() == first
        assert first["documents"] == 1 and first["events"] == 2 and first["entities"] == 2


def test_aliases_merge_across_documents(tmp_path):
    long_form = "World Smart Sustainable Cities Organization"
    with KnowledgeBase(tmp_path / "kb.sqlite") as kb:
        kb.load_records([record("a", orgs=[{"name": "WeGO", "aliases": [], "role": "organizer"}], places=[SEOUL])])
        kb.load_records([record("b", orgs=[{"name": long_form, "aliases": [], "role": "host"}],
                                places=[dict(SEOUL, name="SEOUL")])])
        assert len(kb.find("organization", "WeGO")) == 1 and len(kb.find("organization", long_form)) == 1
        assert kb.find("organization", "WeGO")[0]["id"] != kb.find("organization", long_form)[0]["id"]
        # A third release names both: the two entities become one.
        kb.load_records([record("c", orgs=[{"name": long_form, "aliases": ["WeGO"], "role": "partner"}])])
        merged = kb.find("organization", "wego")
        assert len(merged) == 1 and merged == kb.find("organization", long_form)
        assert set(merged[0]["aliases"]) >= {"WeGO", long_form}
        assert len(kb.query(organization="WeGO")) == 3
        # Places resolve by GeoNames id, whatever the spelling.
        assert len(kb.find("place", "Seoul")) == 1 and kb.find("place", "SEOUL") == kb.find("place", "Seoul")
        assert {r["doc_id"] for r in kb.query(place="Seoul")} == {"a", "b"}


def test_people_by_name_keep_title(tmp_path):
    with KnowledgeBase(tmp_path / "kb.sqlite") as kb:
        kb.load_records([record("a", people=[{"name": "Ana Ruiz", "title": None, "role": None}])])
        kb.load_records([record("b", people=[{"name": "Ana Ruiz", "title": "Mayor of Quito", "role": None}])])
        people = kb.find("person", "ana ruiz")
        assert len(people) == 1 and people[0]["title"] == "Mayor of Quito"


def test_query_filters(tmp_path):
    with KnowledgeBase(tmp_path / "kb.sqlite") as kb:
        kb.load_records([record("a", "training"), record("b", "award")])
        assert [r["doc_id"] for r in kb.query(event_type="award")] == ["b"]
        assert kb.query(since="2024-06-01") == []
        assert len(kb.query(since="2024-04-01", until="2024-05-31")) == 2


def _write_docs(path: Path, n: int) -> None:
    with path.open("w") as fh:
        for i in range(n):
            for rec in (record(f"d{i}", orgs=[{"name": f"Org {i}", "aliases": [], "role": "organizer"}], places=[SEOUL]),
                        record(f"d{i}", "visit", main=False, start=100)):
                fh.write(json.dumps(rec) + "\n")


def test_kill_during_load_leaves_no_partial_document(tmp_path):
    events = tmp_path / "events.jsonl"
    _write_docs(events, 3000)
    db = tmp_path / "kb.sqlite"
    exe = Path(sys.executable).with_name("pressextract")
    proc = subprocess.Popen([str(exe), "kb", "load", str(events), "--db", str(db)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    loaded = 0
    while time.monotonic() < deadline and loaded < 50:
        time.sleep(0.05)
        try:
            with sqlite3.connect(db, timeout=5) as con:
                loaded = con.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
        except sqlite3.OperationalError:
            continue
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    with KnowledgeBase(db) as kb:
        docs = kb.stats()["documents"]
        assert 50 <= docs < 3000, "the kill must land mid-load"
        per_doc = kb.db.execute("SELECT doc_id, COUNT(*) FROM events GROUP BY doc_id").fetchall()
        assert len(per_doc) == docs and all(n == 2 for _, n in per_doc)      # whole documents only
        orphans = kb.db.execute("SELECT COUNT(*) FROM events WHERE doc_id NOT IN (SELECT id FROM documents)").fetchone()[0]
        assert orphans == 0
    result = runner.invoke(app, ["kb", "load", str(events), "--db", str(db)])
    assert result.exit_code == 0 and f"{docs} already present" in result.stdout
    with KnowledgeBase(db) as kb:
        assert kb.stats()["documents"] == 3000 and kb.stats()["events"] == 6000


def test_readers_query_while_a_batch_writes(tmp_path):
    db = tmp_path / "kb.sqlite"
    with KnowledgeBase(db) as kb:
        kb.load_records([record("first")])
    writer = KnowledgeBase(db)
    writer.db.execute("BEGIN IMMEDIATE")
    writer.db.execute("INSERT INTO documents (id) VALUES ('in-flight')")
    results = []

    def read():
        with KnowledgeBase(db, timeout=1) as reader:
            results.append(reader.stats()["documents"])

    thread = threading.Thread(target=read)
    thread.start()
    thread.join(10)
    writer.db.execute("COMMIT")
    writer.close()
    assert results == [1]                       # read during the write, without waiting for it


def test_jsonld_export_parses_as_rdf(tmp_path):
    rdflib = pytest.importorskip("rdflib")
    db = tmp_path / "kb.sqlite"
    with KnowledgeBase(db) as kb:
        kb.load_records([record("a", orgs=[{"name": "World Smart Sustainable Cities Organization", "aliases": ["WeGO"],
                                            "role": "organizer"}], places=[SEOUL],
                                people=[{"name": "Park Jung-ho", "title": "Secretary General of WeGO", "role": None}])])
    out = tmp_path / "kb.jsonld"
    assert runner.invoke(app, ["kb", "export", "--db", str(db), "--format", "jsonld", "-o", str(out)]).exit_code == 0
    g = rdflib.Graph().parse(data=out.read_text(), format="json-ld")
    SDO = rdflib.Namespace("https://schema.org/")
    events = list(g.subjects(rdflib.RDF.type, SDO.EducationEvent))
    assert len(events) == 1
    org = g.value(events[0], SDO.organizer)
    assert (org, rdflib.RDF.type, SDO.Organization) in g
    assert (org, SDO.alternateName, rdflib.Literal("WeGO")) in g
    place = g.value(events[0], SDO.location)
    assert (place, rdflib.RDF.type, SDO.Place) in g
    geo = g.value(place, SDO.geo)
    assert float(g.value(geo, SDO.latitude)) == pytest.approx(37.566)
    assert (place, SDO.sameAs, rdflib.URIRef("https://sws.geonames.org/1835848/")) in g
    person = g.value(events[0], SDO.attendee)
    assert (person, SDO.jobTitle, rdflib.Literal("Secretary General of WeGO")) in g
    assert str(g.value(events[0], SDO.startDate)) == "2024-05-01"
    csv_text = runner.invoke(app, ["kb", "export", "--db", str(db), "--format", "csv"]).stdout
    assert csv_text.splitlines()[0].startswith("row,event_id,doc_id,event_type") and "WeGO" not in csv_text.splitlines()[0]


def test_extract_writes_into_the_kb(tmp_path):
    from .conftest import CORPUS

    db, out = tmp_path / "kb.sqlite", tmp_path / "out.jsonl"
    result = runner.invoke(app, ["extract", str(CORPUS / "example.txt"), "-o", str(out), "--kb", str(db)])
    assert result.exit_code == 0, result.output
    with KnowledgeBase(db) as kb:
        assert kb.stats()["documents"] == 1
        assert kb.find("organization", "WeGO") and kb.query(event_type="training")


# -- a feed to trust (issue 11) ----------------------------------------------------------------

def _write(path: Path, recs: list) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in recs), encoding="utf-8")
    return path


def test_legal_form_variants_are_one_entity(tmp_path):
    with KnowledgeBase(tmp_path / "kb.sqlite") as kb:
        kb.load_records([record("a", orgs=[{"name": "Aemetis", "aliases": [], "role": "organizer"}])])
        kb.load_records([record("b", orgs=[{"name": "Aemetis, Inc.", "aliases": [], "role": "partner"}])])
        kb.load_records([record("c", orgs=[{"name": "Acme Corp.", "aliases": [], "role": "other"}]),
                         record("d", orgs=[{"name": "Acme GmbH", "aliases": [], "role": "other"}])])
        aemetis = kb.find("organization", "AEMETIS INC")
        assert len(aemetis) == 1 and set(aemetis[0]["aliases"]) == {"Aemetis", "Aemetis, Inc."}
        assert kb.find("organization", "Acme") == kb.find("organization", "Acme GmbH") != []
        assert kb.stats()["organization entities"] == 2


def test_non_entities_never_enter(tmp_path):
    junk = ["https://www.acme.com/news", "press@acme.com", "Chief Financial Officer", "VP of Research", "Pacific Time",
            "Eastern Standard Time"]
    rec = record("a", orgs=[{"name": n, "aliases": [], "role": "other"} for n in junk] + [{"name": "Acme", "aliases": [],
                                                                                           "role": "organizer"}],
                 people=[{"name": "Chief Financial Officer", "title": None, "role": None}],
                 places=[{"name": "Pacific Time", "aliases": []}])
    with KnowledgeBase(tmp_path / "kb.sqlite") as kb:
        kb.load_records([rec])
        names = [r["name"] for r in kb.db.execute("SELECT name FROM entities")]
    assert names == ["Acme"]


def test_one_type_per_entity_per_document(tmp_path):
    fargo_org = {"name": "Fargo", "aliases": [], "role": "other"}
    fargo_place = {"name": "Fargo", "aliases": []}
    with KnowledgeBase(tmp_path / "kb.sqlite") as kb:
        # Twice an organisation, once a place without a GeoNames id: an organisation.
        kb.load_records([record("a", orgs=[fargo_org], places=[fargo_place]),
                         record("a", "visit", main=False, start=100, orgs=[fargo_org])])
        assert kb.find("organization", "Fargo") and not kb.find("place", "Fargo")
        # A located place keeps its type.
        kb.load_records([record("b", orgs=[{"name": "Seoul", "aliases": [], "role": "host"}], places=[SEOUL])])
        assert kb.find("place", "Seoul") and not kb.find("organization", "Seoul")
        links = kb.query(place="Seoul")[0]["entities"]
        assert [(e["type"], e["role"]) for e in links if e["name"] == "Seoul"] == [("place", "location")]


def test_bad_lines_are_reported_with_file_and_line_and_skipped(tmp_path):
    events = _write(tmp_path / "events.jsonl", [
        record("a"), "{not json", json.dumps({"key": "d1", "status": "done"}), json.dumps([1, 2]),
        json.dumps(dict(record("b"), confidence="high")), record("c")])
    db = tmp_path / "kb.sqlite"
    result = runner.invoke(app, ["kb", "load", str(events), "--db", str(db)])
    assert result.exit_code == 1
    for line, why in ((2, "bad JSON"), (3, "not an event record"), (4, "not an event record"),
                      (5, "invalid record: confidence")):
        assert f"{events}:{line}: {why}" in result.stderr
    assert "Traceback" not in result.output and "2 documents loaded" in result.stdout and "4 bad lines" in result.stdout
    with KnowledgeBase(db) as kb:
        assert {r["doc_id"] for r in kb.query()} == {"a", "c"}


def test_a_later_load_completes_a_partial_document(tmp_path):
    recs = [record("a", orgs=[{"name": "Acme", "aliases": [], "role": "organizer"}]),
            record("a", "visit", main=False, start=100, orgs=[{"name": "Acme", "aliases": [], "role": "host"}])]
    db = tmp_path / "kb.sqlite"
    cut = _write(tmp_path / "cut.jsonl", recs[:1] + ['{"schema_version": "1.0", "event_ty'])   # a run cut short
    full = _write(tmp_path / "full.jsonl", recs)
    assert runner.invoke(app, ["kb", "load", str(cut), "--db", str(db)]).exit_code == 1
    result = runner.invoke(app, ["kb", "load", str(full), "--db", str(db)])
    assert result.exit_code == 0 and "0 documents loaded, 1 completed, 0 already present" in result.stdout
    with KnowledgeBase(db) as kb:
        assert kb.stats()["events"] == 2 and kb.stats()["organization entities"] == 1
        assert {e["role"] for r in kb.query() for e in r["entities"]} == {"organizer", "host"}
        assert kb.load_file(full).present == 1 and kb.stats()["events"] == 2


def test_min_confidence_keeps_low_events_out(tmp_path):
    from pressextract.settings import KB_MIN_CONFIDENCE

    low = dict(record("a", "visit", main=False, start=100), confidence=0.45)
    events = _write(tmp_path / "events.jsonl", [record("a"), low])
    result = runner.invoke(app, ["kb", "load", str(events), "--db", str(tmp_path / "default.sqlite")])
    assert result.exit_code == 0 and f"1 events below --min-confidence {KB_MIN_CONFIDENCE}" in result.stdout
    with KnowledgeBase(tmp_path / "default.sqlite") as kb:
        assert [r["confidence"] for r in kb.query()] == [0.9]
    runner.invoke(app, ["kb", "load", str(events), "--db", str(tmp_path / "all.sqlite"), "--min-confidence", "0"])
    with KnowledgeBase(tmp_path / "all.sqlite") as kb:
        assert sorted(r["confidence"] for r in kb.query()) == [0.45, 0.9]
        assert [r["confidence"] for r in kb.query(min_confidence=0.5)] == [0.9]
    assert runner.invoke(app, ["kb", "load", str(events), "--min-confidence", "2"]).exit_code == 2


def test_extract_min_confidence(tmp_path):
    from .conftest import CORPUS

    everything, confident = tmp_path / "all.jsonl", tmp_path / "confident.jsonl"
    assert runner.invoke(app, ["extract", str(CORPUS / "example.txt"), "-o", str(everything)]).exit_code == 0
    assert runner.invoke(app, ["extract", str(CORPUS / "example.txt"), "-o", str(confident),
                               "--min-confidence", "0.85"]).exit_code == 0
    all_recs = [json.loads(line) for line in everything.read_text().splitlines()]
    kept = [json.loads(line) for line in confident.read_text().splitlines()]
    assert kept == [r for r in all_recs if r["confidence"] >= 0.85] and len(kept) < len(all_recs)


# -- exports for knowledge graphs --------------------------------------------------------------

# The schema.org properties of the types the export writes (from https://schema.org/<Type>, the
# type's own properties and those it inherits): a property outside its type's list is an error.
_THING = {"name", "alternateName", "description", "additionalType", "sameAs", "url", "identifier", "subjectOf"}
SCHEMA_ORG_PROPERTIES = {
    "Event": _THING | {"startDate", "endDate", "location", "organizer", "attendee", "contributor", "funder", "about",
                       "sponsor", "performer"},
    "Place": _THING | {"geo", "address"},
    "Organization": _THING | {"address", "funder", "sponsor"},
    "Person": _THING | {"jobTitle", "address"},
    "Article": _THING | {"datePublished", "headline"},
    "GeoCoordinates": _THING | {"latitude", "longitude", "addressCountry"},
    "PostalAddress": _THING | {"addressCountry"},
    "QuantitativeValue": _THING | {"value", "unitText"},
}
_EVENT_CLASSES = {"Event", "EducationEvent", "BusinessEvent", "PublicationEvent"}


def _graph(kb_path: Path):
    rdflib = pytest.importorskip("rdflib")
    out = kb_path.with_suffix(".jsonld")
    assert runner.invoke(app, ["kb", "export", "--db", str(kb_path), "--format", "jsonld", "-o", str(out)]).exit_code == 0
    return rdflib, rdflib.Graph().parse(data=out.read_text(), format="json-ld")


def _build(path: Path, records_file: Path) -> Path:
    assert runner.invoke(app, ["kb", "load", str(records_file), "--db", str(path)]).exit_code == 0
    return path


def _sample_records(tmp_path: Path) -> Path:
    recs = [record("a", orgs=[{"name": "World Smart Sustainable Cities Organization", "aliases": ["WeGO"],
                               "role": "organizer"}, {"name": "Acme, Inc.", "aliases": [], "role": "other"}],
                   places=[SEOUL], people=[{"name": "Park Jung-ho", "title": "Secretary General", "role": None}]),
            record("a", "award", main=False, start=100, orgs=[{"name": "Acme", "aliases": [], "role": "recipient"}]),
            dict(record("b", "conference", places=[{"name": "Atlantis", "aliases": []}]),
                 doc=dict(record("b")["doc"], url="https://example.org/news/b", title="Summit in Atlantis"))]
    return _write(tmp_path / "events.jsonl", recs)


def test_jsonld_round_trip_stable_ids_provenance_and_schema_org_terms(tmp_path):
    records_file = _sample_records(tmp_path)
    rdflib, g = _graph(_build(tmp_path / "one.sqlite", records_file))
    _, g2 = _graph(_build(tmp_path / "two.sqlite", records_file))
    from rdflib.compare import isomorphic

    iris = {t for triple in g for t in triple if isinstance(t, rdflib.URIRef)}
    assert isomorphic(g, g2) and iris == {t for triple in g2 for t in triple if isinstance(t, rdflib.URIRef)}
    SDO, RDF = rdflib.Namespace("https://schema.org/"), rdflib.RDF
    OA, PX = rdflib.Namespace("http://www.w3.org/ns/oa#"), rdflib.Namespace("urn:pressextract:vocab:")
    PROV = rdflib.Namespace("http://www.w3.org/ns/prov#")
    # GeoNames as an IRI
    place = next(g.subjects(SDO.sameAs, rdflib.URIRef("https://sws.geonames.org/1835848/")))
    assert (place, RDF.type, SDO.Place) in g and str(place).startswith("urn:pressextract:entity:")
    # provenance on every event
    events = [s for cls in _EVENT_CLASSES for s in g.subjects(RDF.type, SDO[cls])]
    assert len(events) == 3
    for ev in events:
        doc = g.value(ev, SDO.subjectOf)
        assert (doc, RDF.type, SDO.Article) in g and g.value(doc, SDO.datePublished) and g.value(doc, SDO.name)
        assert 0 < float(g.value(ev, PX.confidence)) <= 1
        evidence = g.value(ev, PROV.wasDerivedFrom)
        assert g.value(evidence, OA.hasSource) == doc
        selectors = list(g.objects(evidence, OA.hasSelector))
        assert {str(g.value(s, OA.exact)) for s in selectors} >= {"Fifteen officials trained."}
        assert any(g.value(s, OA.start) is not None and g.value(s, OA.end) is not None for s in selectors)
    b = next(e for e in events if (e, RDF.type, SDO.BusinessEvent) in g)
    assert g.value(g.value(b, SDO.subjectOf), SDO.url) == rdflib.URIRef("https://example.org/news/b")
    # legal forms merged: one Acme, linked from both events of document a
    acme = list(g.subjects(SDO.name, rdflib.Literal("Acme, Inc.")))
    assert len(acme) == 1 and len(list(g.subjects(None, acme[0]))) == 2
    # only properties schema.org gives the type (no `mentions` on Event)
    for s, p, _ in g:
        if not str(p).startswith("https://schema.org/"):
            continue
        types = {str(t).rsplit("/", 1)[-1] for t in g.objects(s, RDF.type)}
        kinds = {"Event" if t in _EVENT_CLASSES else t for t in types}
        term = str(p).rsplit("/", 1)[-1]
        assert any(term in SCHEMA_ORG_PROPERTIES[k] for k in kinds), (types, term)


def test_csv_has_a_row_per_event_and_per_link_with_ids_and_provenance(tmp_path):
    import csv
    import io

    db = _build(tmp_path / "kb.sqlite", _sample_records(tmp_path))
    rows = list(csv.DictReader(io.StringIO(runner.invoke(app, ["kb", "export", "--db", str(db), "--format", "csv"]).stdout)))
    events, links = [r for r in rows if r["row"] == "event"], [r for r in rows if r["row"] == "entity"]
    assert len(events) == 3 and all(r["event_id"].startswith("ev:") and r["confidence"] and r["title"] and r["published"]
                                    and r["source"] and r["evidence"] and r["evidence_start"] for r in events)
    assert next(r for r in events if r["doc_id"] == "b")["url"] == "https://example.org/news/b"
    assert next(r for r in events if r["event_type"] == "training")["counts"] == "15 officials"
    assert {r["event_id"] for r in links} <= {r["event_id"] for r in events} and all(r["entity_id"] for r in links)
    assert any(r["geonames"] == "https://sws.geonames.org/1835848/" for r in links)
    again = runner.invoke(app, ["kb", "export", "--db", str(_build(tmp_path / "two.sqlite", tmp_path / "events.jsonl")),
                                "--format", "csv"]).stdout
    assert [r["entity_id"] for r in csv.DictReader(io.StringIO(again)) if r["row"] == "entity"] == \
        [r["entity_id"] for r in links]
    query = runner.invoke(app, ["kb", "query", "--db", str(db), "--format", "csv", "--type", "Training"])
    assert query.exit_code == 0 and query.stdout.startswith("row,event_id") and ",training," in query.stdout


def test_query_options_are_checked(tmp_path):
    db = _build(tmp_path / "kb.sqlite", _sample_records(tmp_path))
    for bad in (["--format", "xml"], ["--type", "seminar"], ["--since", "March 2025"], ["--until", "2025-13-01"]):
        result = runner.invoke(app, ["kb", "query", "--db", str(db), *bad])
        assert result.exit_code == 2, bad
    assert "table|json|csv" in runner.invoke(app, ["kb", "query", "--help"]).stdout
    assert len(json.loads(runner.invoke(app, ["kb", "query", "--db", str(db), "--format", "json",
                                              "--since", "2024-05"]).stdout)) == 3


def test_migration_from_the_first_layout(tmp_path):
    """A version-0 file (no stable ids, legal forms in the keys) is brought up to date."""
    from pressextract.kb.schema import SCHEMA_VERSION, migrate

    db_path = tmp_path / "old.sqlite"
    con = sqlite3.connect(db_path)
    con.executescript("""
        CREATE TABLE entities (id INTEGER PRIMARY KEY, type TEXT NOT NULL, name TEXT NOT NULL, country_code TEXT,
            geonames_id INTEGER, lat REAL, lon REAL, kind TEXT, title TEXT);
        CREATE TABLE aliases (entity_id INTEGER NOT NULL, type TEXT NOT NULL, norm TEXT NOT NULL, alias TEXT NOT NULL,
            PRIMARY KEY (entity_id, norm));
        CREATE TABLE mentions (entity_id INTEGER NOT NULL, doc_id TEXT NOT NULL, start INTEGER NOT NULL,
            end INTEGER NOT NULL, text TEXT, evidence TEXT, PRIMARY KEY (entity_id, doc_id, start, end));
        CREATE TABLE event_entities (event_id TEXT NOT NULL, entity_id INTEGER NOT NULL, role TEXT NOT NULL,
            PRIMARY KEY (event_id, entity_id, role));
        INSERT INTO entities (id, type, name) VALUES (1, 'organization', 'Aemetis'), (2, 'organization', 'Aemetis, Inc.'),
            (3, 'place', 'Seoul');
        UPDATE entities SET geonames_id = 1835848 WHERE id = 3;
        INSERT INTO aliases VALUES (1, 'organization', 'aemetis', 'Aemetis'), (2, 'organization', 'aemetis inc', 'Aemetis, Inc.'),
            (3, 'place', 'seoul', 'Seoul');
        INSERT INTO event_entities VALUES ('ev:1', 1, 'organizer'), ('ev:2', 2, 'partner');
    """)
    con.close()
    with KnowledgeBase(db_path) as kb:
        assert kb.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        merged = kb.find("organization", "Aemetis, Inc.")
        assert len(merged) == 1 and merged[0]["id"] == 1 and merged[0]["uid"]
        assert kb.stats()["entities"] == 2
        assert {r["role"] for r in kb.db.execute("SELECT role FROM event_entities WHERE entity_id = 1")} == {"organizer",
                                                                                                          "partner"}
        uids = [r[0] for r in kb.db.execute("SELECT uid FROM entities ORDER BY id")]
    with KnowledgeBase(db_path) as kb:                          # opening again changes nothing
        assert [r[0] for r in kb.db.execute("SELECT uid FROM entities ORDER BY id")] == uids
        migrate(kb.db, 0)                                       # a process that read version 0 before the lock
        assert [r[0] for r in kb.db.execute("SELECT uid FROM entities ORDER BY id")] == uids
        assert kb.stats()["entities"] == 2


def test_event_types_and_roles_are_declared_once():
    rdflib = pytest.importorskip("rdflib")
    from rdflib.namespace import SDO

    from pressextract.schema import EVENT_TYPE_CLASSES, EVENT_TYPES, ORG_ROLE_PROPERTIES, OrgRole

    assert EVENT_TYPES == tuple(EVENT_TYPE_CLASSES) and OrgRole.__args__ == tuple(ORG_ROLE_PROPERTIES)
    assert set(EVENT_TYPE_CLASSES.values()) <= _EVENT_CLASSES and all(hasattr(SDO, c) for c in _EVENT_CLASSES)
    assert set(ORG_ROLE_PROPERTIES.values()) <= SCHEMA_ORG_PROPERTIES["Event"]
    assert rdflib


def test_places_of_one_name_and_different_geonames_ids_stay_apart(tmp_path):
    paris_fr = {"name": "Paris", "aliases": [], "country_code": "FR", "geonames_id": 2988507}
    paris_tx = {"name": "Paris", "aliases": [], "country_code": "US", "geonames_id": 4717560}
    with KnowledgeBase(tmp_path / "kb.sqlite") as kb:
        kb.load_records([record("a", places=[paris_fr])])
        kb.load_records([record("b", places=[paris_tx])])
        kb.load_records([record("c", places=[{"name": "Paris", "aliases": []}])])     # no id: joins one, merges none
        assert sorted(p["geonames_id"] for p in kb.find("place", "Paris")) == [2988507, 4717560]
        assert kb.stats()["place entities"] == 2
