"""The knowledge base's SQL layout, its version, and the steps that bring an older file up to it.

The version is SQLite's ``PRAGMA user_version``. Version 0 is the layout of pressextract 0.1
(entities known only by a row number; organisation names keyed with their legal form; one
spelling kept per key); version 1 adds each entity's stable id (``uid``), keeps every spelling of
a name, and keys organisations without their legal form, merging the entities that now share a key.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable
from pathlib import Path

from ..names import name_key, organization_key

SCHEMA_VERSION = 1

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
    geonames_id INTEGER, lat REAL, lon REAL, kind TEXT, title TEXT, uid TEXT);
CREATE TABLE IF NOT EXISTS aliases (
    entity_id INTEGER NOT NULL REFERENCES entities(id), type TEXT NOT NULL, norm TEXT NOT NULL,
    alias TEXT NOT NULL, PRIMARY KEY (entity_id, alias));
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
# Created after the migration: version 0 files have no `uid` column to index until then.
_INDEXES_V1 = "CREATE UNIQUE INDEX IF NOT EXISTS entities_uid ON entities(uid);"


def alias_key(entity_type: str, name: str) -> str:
    """The key an entity is found by: organisations without their legal form, else `name_key`."""
    return organization_key(name) if entity_type == "organization" else name_key(name)


def entity_uid(entity_type: str, name: str, geonames_id: int | None = None) -> str:
    """A stable id: a hash of the type and the GeoNames id for a place that has one, else of the
    type and the canonical name's key. Two builds from the same records give the same ids."""
    basis = f"geonames:{geonames_id}" if entity_type == "place" and geonames_id else alias_key(entity_type, name)
    return hashlib.sha1(f"{entity_type}|{basis}".encode()).hexdigest()[:16]


def connect(path: str | Path, timeout: float = 30.0) -> sqlite3.Connection:
    """Open (or create) a base in WAL mode and bring it to SCHEMA_VERSION."""
    db = sqlite3.connect(str(path), timeout=timeout, isolation_level=None)
    db.row_factory = sqlite3.Row
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute("PRAGMA foreign_keys=ON")
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        db.close()
        raise ValueError(f"{path}: knowledge base version {version} is newer than this pressextract ({SCHEMA_VERSION})")
    fresh = not db.execute("SELECT 1 FROM sqlite_master WHERE name='entities'").fetchone()
    db.executescript(SCHEMA)
    if fresh:
        db.executescript(_INDEXES_V1)
        db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
    elif version < SCHEMA_VERSION:
        migrate(db, version)
    return db


def migrate(db: sqlite3.Connection, version: int) -> None:
    """Run the steps from `version` up to SCHEMA_VERSION, each in one transaction."""
    for step_version, step in sorted(_STEPS.items()):
        if step_version <= version:
            continue
        db.execute("BEGIN IMMEDIATE")
        try:
            if db.execute("PRAGMA user_version").fetchone()[0] >= step_version:
                db.execute("ROLLBACK")       # another process migrated the file while this one waited
                continue
            step(db)
            db.execute(f"PRAGMA user_version={step_version}")
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise


def _to_v1(db: sqlite3.Connection) -> None:
    """0 -> 1: add `uid`; re-key organisation aliases without legal forms and merge the entities
    that now share a key (the oldest keeps its row); fill every uid."""
    from .load import merge_entities  # resolution lives in load.py; the step only reuses it

    columns = {row["name"] for row in db.execute("PRAGMA table_info(entities)")}
    if "uid" not in columns:
        db.execute("ALTER TABLE entities ADD COLUMN uid TEXT")
    # Every spelling of a name is kept ("Aemetis" and "Aemetis, Inc." share a key): key (entity, alias).
    db.execute("ALTER TABLE aliases RENAME TO aliases_v0")
    db.execute("CREATE TABLE aliases (entity_id INTEGER NOT NULL REFERENCES entities(id), type TEXT NOT NULL,"
               " norm TEXT NOT NULL, alias TEXT NOT NULL, PRIMARY KEY (entity_id, alias))")
    db.execute("INSERT OR IGNORE INTO aliases SELECT entity_id, type, norm, alias FROM aliases_v0")
    db.execute("DROP TABLE aliases_v0")
    db.execute("CREATE INDEX IF NOT EXISTS aliases_norm ON aliases(type, norm)")
    for row in db.execute("SELECT entity_id, norm, alias FROM aliases WHERE type='organization'").fetchall():
        key = alias_key("organization", row["alias"])
        if key != row["norm"]:
            db.execute("UPDATE aliases SET norm=? WHERE entity_id=? AND alias=?", (key, row["entity_id"], row["alias"]))
    shared = db.execute("SELECT norm, GROUP_CONCAT(DISTINCT entity_id) AS ids FROM aliases WHERE type='organization'"
                        " GROUP BY norm HAVING COUNT(DISTINCT entity_id) > 1").fetchall()
    for row in shared:
        ids = sorted({int(i) for i in row["ids"].split(",")})
        alive = [i for i in ids if db.execute("SELECT 1 FROM entities WHERE id=?", (i,)).fetchone()]
        for other in alive[1:]:
            merge_entities(db, alive[0], other)
    for row in db.execute("SELECT id, type, name, geonames_id FROM entities").fetchall():
        db.execute("UPDATE entities SET uid=? WHERE id=?", (entity_uid(row["type"], row["name"], row["geonames_id"]), row["id"]))
    db.execute(_INDEXES_V1.rstrip(";"))


_STEPS: dict[int, Callable[[sqlite3.Connection], None]] = {1: _to_v1}
