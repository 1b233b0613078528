"""An embedded knowledge base (SQLite): documents, events, entities, roles and mentions.

Records are merged into entities across documents: places by GeoNames id (else by name),
organisations and facilities by any shared name or alias ("WeGO" = "World Smart Sustainable
Cities Organization" once any release links the two; two entities that a release shows to be
one are merged), people by name (their latest title kept). Loading is idempotent — a document
already in the base is skipped, an event's id is a hash of its document, type and evidence
offsets — and each document is one transaction, so a crash never leaves half a document. The
database runs in WAL mode: readers query while a batch writes.

Export: JSON-LD with schema.org types (Event subtypes, Organization, Place with geo, Person)
and CSV. Linking is kept apart from extraction: this module only reads records.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import sqlite3
from collections.abc import Iterable
from pathlib import Path

from .names import name_key

SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY, source TEXT, url TEXT, title TEXT, published TEXT, site TEXT,
    language TEXT, fetched TEXT, duplicate_of TEXT, loaded_at TEXT DEFAULT CURRENT_TIMESTAMP);
CREATE TABLE IF NOT EXISTS events (
    id TEXT PRIMARY KEY, doc_id TEXT NOT NULL REFERENCES documents(id), event_type TEXT NOT NULL,
    main INTEGER NOT NULL, trigger TEXT, date_start TEXT, date_end TEXT, date_text TEXT,
    date_precision TEXT, evidence_text TEXT, evidence_start INTEGER, evidence_end INTEGER,
    confidence REAL);
CREATE TABLE IF NOT EXISTS entities (
    id INTEGER PRIMARY KEY, type TEXT NOT NULL, name TEXT NOT NULL, country_code TEXT,
    geonames_id INTEGER, lat REAL, lon REAL, kind TEXT, title TEXT);
CREATE TABLE IF NOT EXISTS aliases (
    entity_id INTEGER NOT NULL REFERENCES entities(id), type TEXT NOT NULL, norm TEXT NOT NULL,
    alias TEXT NOT NULL, PRIMARY KEY (entity_id, norm));
CREATE TABLE IF NOT EXISTS event_entities (
    event_id TEXT NOT NULL REFERENCES events(id), entity_id INTEGER NOT NULL REFERENCES entities(id),
    role TEXT NOT NULL, PRIMARY KEY (event_id, entity_id, role));
CREATE TABLE IF NOT EXISTS mentions (
    entity_id INTEGER NOT NULL REFERENCES entities(id), doc_id TEXT NOT NULL REFERENCES documents(id),
    start INTEGER NOT NULL, end INTEGER NOT NULL, text TEXT, evidence TEXT,
    PRIMARY KEY (entity_id, doc_id, start, end));
CREATE TABLE IF NOT EXISTS counts (
    event_id TEXT NOT NULL REFERENCES events(id), value REAL, unit TEXT, text TEXT,
    start INTEGER, end INTEGER, PRIMARY KEY (event_id, value, unit, start));
CREATE INDEX IF NOT EXISTS aliases_norm ON aliases(type, norm);
CREATE INDEX IF NOT EXISTS entities_geonames ON entities(geonames_id);
CREATE INDEX IF NOT EXISTS events_doc ON events(doc_id);
CREATE INDEX IF NOT EXISTS event_entities_entity ON event_entities(entity_id);
CREATE INDEX IF NOT EXISTS mentions_doc ON mentions(doc_id);
"""

# Record fields -> entity types.
_FIELDS = (("locations", "place"), ("organizations", "organization"), ("facilities", "facility"),
           ("people", "person"))
# schema.org types of events and the properties that link their entities.
SCHEMA_ORG_EVENT = {"training": "EducationEvent", "conference": "BusinessEvent", "meeting": "BusinessEvent",
                    "publication": "PublicationEvent", "award": "Event", "visit": "Event",
                    "agreement": "Event", "opening": "Event", "launch": "Event", "appointment": "Event",
                    "funding": "Event", "acquisition": "Event", "other": "Event"}
_ROLE_PROPERTY = {"organizer": "organizer", "host": "organizer", "funder": "funder", "participant": "attendee",
                  "partner": "contributor", "recipient": "contributor", "other": "mentions"}


norm = name_key   # matching key of names and aliases (see names.py)


class KnowledgeBase:
    def __init__(self, path: str | Path, timeout: float = 30.0) -> None:
        self.path = Path(path)
        self.db = sqlite3.connect(str(self.path), timeout=timeout, isolation_level=None)
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute("PRAGMA foreign_keys=ON")
        self.db.executescript(SCHEMA)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "KnowledgeBase":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- loading --------------------------------------------------------------------------
    def load_records(self, records: Iterable[dict]) -> tuple[int, int]:
        """Load records grouped by document (consecutive records of one document): (documents
        loaded, documents already present)."""
        loaded = skipped = 0
        batch: list[dict] = []
        for record in records:
            if batch and record["doc"]["id"] != batch[0]["doc"]["id"]:
                ok = self.load_document(batch)
                loaded, skipped = loaded + ok, skipped + (not ok)
                batch = []
            batch.append(record)
        if batch:
            ok = self.load_document(batch)
            loaded, skipped = loaded + ok, skipped + (not ok)
        return loaded, skipped

    def load_document(self, records: list[dict]) -> bool:
        """One document's records in one transaction; False if the document is already loaded."""
        doc = records[0]["doc"]
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            if db.execute("SELECT 1 FROM documents WHERE id = ?", (doc["id"],)).fetchone():
                db.execute("ROLLBACK")
                return False
            db.execute("INSERT INTO documents (id, source, url, title, published, site, language, fetched, duplicate_of)"
                       " VALUES (?,?,?,?,?,?,?,?,?)",
                       (doc["id"], doc.get("source"), doc.get("url"), doc.get("title"), doc.get("published"),
                        doc.get("site"), doc.get("language"), doc.get("fetched"), doc.get("duplicate_of")))
            for record in records:
                self._load_event(doc["id"], record)
            db.execute("COMMIT")
            return True
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def _load_event(self, doc_id: str, r: dict) -> None:
        ev, date = r.get("evidence") or {}, r.get("date") or {}
        event_id = "ev:" + hashlib.sha1(f"{doc_id}|{r['event_type']}|{ev.get('start')}|{r.get('main')}".encode()).hexdigest()[:20]
        self.db.execute(
            "INSERT OR IGNORE INTO events VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (event_id, doc_id, r["event_type"], int(bool(r.get("main"))), r.get("trigger"), date.get("start"),
             date.get("end"), date.get("text"), date.get("precision"), ev.get("text"), ev.get("start"),
             ev.get("end"), r.get("confidence")))
        for field, etype in _FIELDS:
            for item in r.get(field) or []:
                entity_id = self._resolve(etype, item)
                role = item.get("role") or ("location" if etype == "place" else "other")
                self.db.execute("INSERT OR IGNORE INTO event_entities VALUES (?,?,?)", (event_id, entity_id, role))
                for span in item.get("spans") or []:
                    self.db.execute("INSERT OR IGNORE INTO mentions VALUES (?,?,?,?,?,?)",
                                    (entity_id, doc_id, span["start"], span["end"], item["name"], ev.get("text")))
        for c in r.get("counts") or []:
            span = c.get("span") or {}
            self.db.execute("INSERT OR IGNORE INTO counts VALUES (?,?,?,?,?,?)",
                            (event_id, c["value"], c["unit"], c.get("text"), span.get("start"), span.get("end")))

    def _resolve(self, etype: str, item: dict) -> int:
        """The entity `item` names: found by GeoNames id or any name, merged, or created."""
        names = [item["name"], *(item.get("aliases") or [])]
        keys = {norm(n) for n in names if norm(n)}
        found: list[int] = []
        if etype == "place" and item.get("geonames_id"):
            row = self.db.execute("SELECT id FROM entities WHERE type='place' AND geonames_id=?",
                                  (item["geonames_id"],)).fetchone()
            if row:
                found.append(row["id"])
        if not found:
            for key in keys:
                for row in self.db.execute("SELECT entity_id FROM aliases WHERE type=? AND norm=?", (etype, key)):
                    if row["entity_id"] not in found:
                        found.append(row["entity_id"])
        if found:
            entity_id = min(found)
            for other in sorted(set(found) - {entity_id}):
                self._merge(entity_id, other)
            if item.get("title"):
                self.db.execute("UPDATE entities SET title=? WHERE id=?", (item["title"], entity_id))
        else:
            entity_id = self.db.execute(
                "INSERT INTO entities (type, name, country_code, geonames_id, lat, lon, kind, title) VALUES (?,?,?,?,?,?,?,?)",
                (etype, item["name"], item.get("country_code"), item.get("geonames_id"), item.get("lat"),
                 item.get("lon"), item.get("kind"), item.get("title"))).lastrowid
        for name in names:
            if norm(name):
                self.db.execute("INSERT OR IGNORE INTO aliases VALUES (?,?,?,?)", (entity_id, etype, norm(name), name))
        return entity_id

    def _merge(self, keep: int, other: int) -> None:
        """Two entities turned out to be one: move everything of `other` to `keep`."""
        db = self.db
        db.execute("INSERT OR IGNORE INTO aliases SELECT ?, type, norm, alias FROM aliases WHERE entity_id=?", (keep, other))
        db.execute("INSERT OR IGNORE INTO event_entities SELECT event_id, ?, role FROM event_entities WHERE entity_id=?", (keep, other))
        db.execute("INSERT OR IGNORE INTO mentions SELECT ?, doc_id, start, end, text, evidence FROM mentions WHERE entity_id=?", (keep, other))
        for table in ("aliases", "event_entities", "mentions"):
            db.execute(f"DELETE FROM {table} WHERE entity_id=?", (other,))
        db.execute("DELETE FROM entities WHERE id=?", (other,))

    # -- reading --------------------------------------------------------------------------
    def stats(self) -> dict[str, int]:
        out = {t: self.db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
               for t in ("documents", "events", "entities", "mentions")}
        for row in self.db.execute("SELECT type, COUNT(*) AS n FROM entities GROUP BY type"):
            out[f"{row['type']} entities"] = row["n"]
        return out

    def query(self, *, event_type: str | None = None, organization: str | None = None, place: str | None = None,
              since: str | None = None, until: str | None = None, limit: int = 100) -> list[dict]:
        """Events with their document and entities, filtered."""
        sql = ["SELECT e.*, d.title, d.url, d.published FROM events e JOIN documents d ON d.id = e.doc_id WHERE 1=1"]
        args: list = []
        if event_type:
            sql.append("AND e.event_type = ?")
            args.append(event_type)
        for etype, name in (("organization", organization), ("place", place)):
            if name:
                sql.append("AND e.id IN (SELECT ee.event_id FROM event_entities ee JOIN aliases a ON a.entity_id = ee.entity_id"
                           " WHERE a.type = ? AND a.norm = ?)")
                args += [etype, norm(name)]
        if since:
            sql.append("AND COALESCE(e.date_start, d.published) >= ?")
            args.append(since)
        if until:
            sql.append("AND COALESCE(e.date_start, d.published) <= ?")
            args.append(until)
        sql.append("ORDER BY COALESCE(e.date_start, d.published) DESC, e.id LIMIT ?")
        args.append(limit)
        out = []
        for row in self.db.execute(" ".join(sql), args).fetchall():
            ev = dict(row)
            ev["entities"] = [dict(r) for r in self.db.execute(
                "SELECT en.id, en.type, en.name, ee.role FROM event_entities ee JOIN entities en ON en.id = ee.entity_id"
                " WHERE ee.event_id = ? ORDER BY en.type, en.name", (row["id"],))]
            out.append(ev)
        return out

    def entity(self, entity_id: int) -> dict:
        row = dict(self.db.execute("SELECT * FROM entities WHERE id=?", (entity_id,)).fetchone())
        row["aliases"] = [r["alias"] for r in self.db.execute("SELECT alias FROM aliases WHERE entity_id=? ORDER BY alias", (entity_id,))]
        return row

    def find(self, etype: str, name: str) -> list[dict]:
        return [self.entity(r["entity_id"]) for r in self.db.execute(
            "SELECT DISTINCT entity_id FROM aliases WHERE type=? AND norm=?", (etype, norm(name)))]

    # -- export ---------------------------------------------------------------------------
    def to_jsonld(self) -> dict:
        """The whole base as JSON-LD (schema.org vocabulary, inline context: nothing fetched)."""
        graph = []
        types = {"organization": "Organization", "facility": "Place", "place": "Place", "person": "Person"}
        for row in self.db.execute("SELECT * FROM entities ORDER BY id"):
            node = {"@id": f"urn:pressextract:entity:{row['id']}", "@type": types[row["type"]], "name": row["name"]}
            aliases = [r["alias"] for r in self.db.execute("SELECT alias FROM aliases WHERE entity_id=?", (row["id"],))
                       if r["alias"] != row["name"]]
            if aliases:
                node["alternateName"] = sorted(set(aliases))
            if row["type"] == "facility":
                node["additionalType"] = "https://schema.org/CivicStructure"
            if row["lat"] is not None:
                node["geo"] = {"@type": "GeoCoordinates", "latitude": row["lat"], "longitude": row["lon"]}
            if row["geonames_id"]:
                node["sameAs"] = f"https://sws.geonames.org/{row['geonames_id']}/"
            if row["country_code"]:
                node["addressCountry"] = row["country_code"]
            if row["title"]:
                node["jobTitle"] = row["title"]
            graph.append(node)
        for row in self.db.execute("SELECT e.*, d.url, d.title FROM events e JOIN documents d ON d.id = e.doc_id ORDER BY e.id"):
            node = {"@id": f"urn:pressextract:{row['id']}", "@type": SCHEMA_ORG_EVENT.get(row["event_type"], "Event"),
                    "additionalType": f"urn:pressextract:type:{row['event_type']}",
                    "name": f"{row['event_type']}: {row['title'] or row['trigger'] or ''}".strip(),
                    "description": row["evidence_text"]}
            if row["date_start"]:
                node["startDate"] = row["date_start"]
            if row["date_end"]:
                node["endDate"] = row["date_end"]
            if row["url"]:
                node["url"] = row["url"]
            for link in self.db.execute("SELECT ee.entity_id, ee.role, en.type FROM event_entities ee JOIN entities en"
                                        " ON en.id = ee.entity_id WHERE ee.event_id = ?", (row["id"],)):
                prop = "location" if link["type"] in ("place", "facility") else \
                    "attendee" if link["type"] == "person" else _ROLE_PROPERTY.get(link["role"], "mentions")
                node.setdefault(prop, []).append({"@id": f"urn:pressextract:entity:{link['entity_id']}"})
            graph.append(node)
        return {"@context": {"@vocab": "https://schema.org/"}, "@graph": graph}

    def to_csv(self) -> str:
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(["event_id", "doc_id", "event_type", "main", "date_start", "date_end", "places",
                         "organizations", "people", "facilities", "evidence"])
        for row in self.db.execute("SELECT * FROM events ORDER BY doc_id, main DESC, id"):
            names = {t: [] for t in ("place", "organization", "person", "facility")}
            for link in self.db.execute("SELECT en.type, en.name, ee.role FROM event_entities ee JOIN entities en"
                                        " ON en.id = ee.entity_id WHERE ee.event_id = ? ORDER BY en.name", (row["id"],)):
                names[link["type"]].append(link["name"] + (f" ({link['role']})" if link["type"] == "organization" else ""))
            writer.writerow([row["id"], row["doc_id"], row["event_type"], row["main"], row["date_start"], row["date_end"],
                             "; ".join(names["place"]), "; ".join(names["organization"]), "; ".join(names["person"]),
                             "; ".join(names["facility"]), row["evidence_text"]])
        return buf.getvalue()


def read_jsonl(path: str | Path) -> Iterable[dict]:
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)
