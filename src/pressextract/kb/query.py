"""Reading the base: events with their source document, entities and counts; entities by name."""

from __future__ import annotations

import sqlite3

from .schema import alias_key


def events(db: sqlite3.Connection, *, event_type: str | None = None, organization: str | None = None,
           place: str | None = None, since: str | None = None, until: str | None = None,
           min_confidence: float | None = None, limit: int | None = 100) -> list[dict]:
    """Events, newest first (date: the event's, else publication), each with its document's
    provenance (`source`, `url`, `title`, `published`), its `entities` (stable `id`, type, name,
    role, GeoNames id) and its `counts`."""
    sql = ["SELECT e.*, d.source, d.url, d.title, d.published, d.site FROM events e JOIN documents d ON d.id = e.doc_id"
           " WHERE 1=1"]
    args: list = []
    if event_type:
        sql.append("AND e.event_type = ?")
        args.append(event_type)
    for etype, name in (("organization", organization), ("place", place)):
        if name:
            sql.append("AND e.id IN (SELECT ee.event_id FROM event_entities ee JOIN aliases a ON a.entity_id = ee.entity_id"
                       " WHERE a.type = ? AND a.norm = ?)")
            args += [etype, alias_key(etype, name)]
    if since:
        sql.append("AND COALESCE(e.date_start, d.published) >= ?")
        args.append(since)
    if until:
        sql.append("AND COALESCE(e.date_start, d.published) <= ?")
        args.append(until)
    if min_confidence is not None:
        sql.append("AND e.confidence >= ?")
        args.append(min_confidence)
    sql.append("ORDER BY COALESCE(e.date_start, d.published) DESC, e.id")
    if limit is not None:
        sql.append("LIMIT ?")
        args.append(limit)
    out = []
    for row in db.execute(" ".join(sql), args).fetchall():
        ev = dict(row)
        ev["entities"] = [dict(r) for r in db.execute(
            "SELECT en.uid AS id, en.type, en.name, ee.role, en.geonames_id FROM event_entities ee"
            " JOIN entities en ON en.id = ee.entity_id WHERE ee.event_id = ? ORDER BY en.type, en.name, ee.role",
            (row["id"],))]
        ev["counts"] = [dict(r) for r in db.execute(
            "SELECT value, unit, text FROM counts WHERE event_id = ? ORDER BY start, value", (row["id"],))]
        out.append(ev)
    return out


def entity(db: sqlite3.Connection, row_id: int) -> dict:
    """One entity (its row, with `uid`) and its aliases."""
    row = dict(db.execute("SELECT * FROM entities WHERE id=?", (row_id,)).fetchone())
    row["aliases"] = [r["alias"] for r in db.execute("SELECT alias FROM aliases WHERE entity_id=? ORDER BY alias", (row_id,))]
    return row


def find(db: sqlite3.Connection, etype: str, name: str) -> list[dict]:
    """The entities of `etype` that have `name` among their names."""
    return [entity(db, r["entity_id"]) for r in db.execute(
        "SELECT DISTINCT entity_id FROM aliases WHERE type=? AND norm=?", (etype, alias_key(etype, name)))]


def entities(db: sqlite3.Connection) -> list[dict]:
    """Every entity with its aliases, in stable-id order."""
    return [entity(db, r["id"]) for r in db.execute("SELECT id FROM entities ORDER BY uid")]


def stats(db: sqlite3.Connection) -> dict[str, int]:
    """Rows per table and entities per type."""
    out = {t: db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("documents", "events", "entities", "mentions")}
    for row in db.execute("SELECT type, COUNT(*) AS n FROM entities GROUP BY type ORDER BY type"):
        out[f"{row['type']} entities"] = row["n"]
    return out
