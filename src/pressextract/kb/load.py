"""Loading one document's records, and entity resolution across documents.

Entities are found by their keys: places by GeoNames id (else by name, never a place with another
GeoNames id), organisations by any name or alias without its legal form ("Aemetis, Inc." =
"Aemetis"), facilities by any name or alias, people by name (their latest title kept). Two
entities that a release shows to be one are merged; the older keeps its row and stable id.

A document's new events load in one transaction: all of them or none. An event's id is a hash of
its document, type, evidence offset and main flag, so loading again adds only the events the base
lacks: a repeated load changes nothing, and a load of a document that an earlier, cut-short file
held only in part completes it.
"""

from __future__ import annotations

import hashlib
import sqlite3
from typing import Literal

from .records import FIELDS
from .schema import alias_key, entity_uid

Outcome = Literal["loaded", "completed", "present", "empty"]


def event_id(doc_id: str, record: dict) -> str:
    """The stable id of a record's event."""
    start = (record.get("evidence") or {}).get("start")
    basis = f"{doc_id}|{record['event_type']}|{start}|{record.get('main')}"
    return "ev:" + hashlib.sha1(basis.encode()).hexdigest()[:20]


def load_document(db: sqlite3.Connection, records: list[dict]) -> Outcome:
    """Load one document's records (already prepared, see records.py) in one transaction:
    "loaded" (new document), "completed" (events added to a document already there), "present"
    (nothing new) or "empty" (no records)."""
    if not records:
        return "empty"
    doc = records[0]["doc"]
    db.execute("BEGIN IMMEDIATE")
    try:
        known = bool(db.execute("SELECT 1 FROM documents WHERE id = ?", (doc["id"],)).fetchone())
        if not known:
            db.execute("INSERT INTO documents (id, source, url, title, published, site, language, fetched, duplicate_of)"
                       " VALUES (?,?,?,?,?,?,?,?,?)",
                       (doc["id"], doc.get("source"), doc.get("url"), doc.get("title"), doc.get("published"),
                        doc.get("site"), doc.get("language"), doc.get("fetched"), doc.get("duplicate_of")))
        added = sum(_load_event(db, doc["id"], record) for record in records)
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    return "completed" if known and added else "present" if known else "loaded"


def _load_event(db: sqlite3.Connection, doc_id: str, r: dict) -> bool:
    """Insert one event with its links, mentions and counts; False if the base has it already."""
    ev, date = r.get("evidence") or {}, r.get("date") or {}
    eid = event_id(doc_id, r)
    if db.execute("SELECT 1 FROM events WHERE id = ?", (eid,)).fetchone():
        return False
    db.execute("INSERT INTO events VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
               (eid, doc_id, r["event_type"], int(bool(r.get("main"))), r.get("trigger"), date.get("start"),
                date.get("end"), date.get("text"), date.get("precision"), ev.get("text"), ev.get("start"),
                ev.get("end"), r.get("confidence")))
    for field, etype in FIELDS:
        for item in r.get(field) or []:
            entity = resolve(db, etype, item)
            role = item.get("role") or ("location" if etype == "place" else "other")
            db.execute("INSERT OR IGNORE INTO event_entities VALUES (?,?,?)", (eid, entity, role))
            for span in item.get("spans") or []:
                db.execute("INSERT OR IGNORE INTO mentions VALUES (?,?,?,?,?,?)",
                           (entity, doc_id, span["start"], span["end"], item["name"], ev.get("text")))
    for c in r.get("counts") or []:
        span = c.get("span") or {}
        db.execute("INSERT OR IGNORE INTO counts VALUES (?,?,?,?,?,?)",
                   (eid, c["value"], c["unit"], c.get("text"), span.get("start"), span.get("end")))
    return True


def resolve(db: sqlite3.Connection, etype: str, item: dict) -> int:
    """The row of the entity `item` names: found by GeoNames id or any key, merged, or created."""
    names = [item["name"], *(item.get("aliases") or [])]
    keys = list(dict.fromkeys(k for k in (alias_key(etype, n) for n in names) if k))
    geonames_id = item.get("geonames_id") if etype == "place" else None
    found: list[int] = []
    if geonames_id:
        row = db.execute("SELECT id FROM entities WHERE type='place' AND geonames_id=?", (geonames_id,)).fetchone()
        if row:
            found.append(row["id"])
    if not found:
        located: dict[int, int] = {}             # entity -> its GeoNames id, among those found
        for key in keys:
            for row in db.execute("SELECT a.entity_id, e.geonames_id FROM aliases a JOIN entities e ON e.id = a.entity_id"
                                  " WHERE a.type=? AND a.norm=? ORDER BY a.entity_id", (etype, key)):
                gid = row["geonames_id"]
                # "Paris" (Texas) is not "Paris" (France): a name never joins two places of different ids.
                if gid and any(g != gid for g in [geonames_id, *located.values()] if g):
                    continue
                if row["entity_id"] not in found:
                    found.append(row["entity_id"])
                    if gid:
                        located[row["entity_id"]] = gid
    if found:
        entity = min(found)
        for other in sorted(set(found) - {entity}):
            merge_entities(db, entity, other)
        if item.get("title"):
            db.execute("UPDATE entities SET title=? WHERE id=?", (item["title"], entity))
        if geonames_id and db.execute("SELECT geonames_id FROM entities WHERE id=?", (entity,)).fetchone()[0] is None:
            # A place first met without an id is now located: its id becomes the GeoNames one.
            db.execute("UPDATE entities SET geonames_id=?, country_code=?, lat=?, lon=?, kind=?, uid=? WHERE id=?",
                       (geonames_id, item.get("country_code"), item.get("lat"), item.get("lon"), item.get("kind"),
                        entity_uid(etype, item["name"], geonames_id), entity))
    else:
        entity = db.execute(
            "INSERT INTO entities (type, name, country_code, geonames_id, lat, lon, kind, title, uid)"
            " VALUES (?,?,?,?,?,?,?,?,?)",
            (etype, item["name"], item.get("country_code"), geonames_id, item.get("lat"), item.get("lon"),
             item.get("kind"), item.get("title"), entity_uid(etype, item["name"], geonames_id))).lastrowid
    for name in names:
        if alias_key(etype, name):
            db.execute("INSERT OR IGNORE INTO aliases VALUES (?,?,?,?)", (entity, etype, alias_key(etype, name), name))
    return entity


def merge_entities(db: sqlite3.Connection, keep: int, other: int) -> None:
    """Two entities turned out to be one: move everything of `other` to `keep`."""
    db.execute("INSERT OR IGNORE INTO aliases SELECT ?, type, norm, alias FROM aliases WHERE entity_id=?", (keep, other))
    db.execute("INSERT OR IGNORE INTO event_entities SELECT event_id, ?, role FROM event_entities WHERE entity_id=?",
               (keep, other))
    db.execute("INSERT OR IGNORE INTO mentions SELECT ?, doc_id, start, end, text, evidence FROM mentions WHERE entity_id=?",
               (keep, other))
    for table in ("aliases", "event_entities", "mentions"):
        db.execute(f"DELETE FROM {table} WHERE entity_id=?", (other,))
    db.execute("DELETE FROM entities WHERE id=?", (other,))
