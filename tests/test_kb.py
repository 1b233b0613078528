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
        assert kb.load_records(recs) == (1, 0)
        first = kb.stats()
        assert kb.load_records(recs) == (0, 1)
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
    assert (place, SDO.sameAs, rdflib.Literal("https://sws.geonames.org/1835848/")) in g
    person = g.value(events[0], SDO.attendee)
    assert (person, SDO.jobTitle, rdflib.Literal("Secretary General of WeGO")) in g
    assert str(g.value(events[0], SDO.startDate)) == "2024-05-01"
    csv_text = runner.invoke(app, ["kb", "export", "--db", str(db), "--format", "csv"]).stdout
    assert csv_text.splitlines()[0].startswith("event_id,doc_id,event_type") and "WeGO" not in csv_text.splitlines()[0]


def test_extract_writes_into_the_kb(tmp_path):
    from .conftest import CORPUS

    db, out = tmp_path / "kb.sqlite", tmp_path / "out.jsonl"
    result = runner.invoke(app, ["extract", str(CORPUS / "example.txt"), "-o", str(out), "--kb", str(db)])
    assert result.exit_code == 0, result.output
    with KnowledgeBase(db) as kb:
        assert kb.stats()["documents"] == 1
        assert kb.find("organization", "WeGO") and kb.query(event_type="training")
