"""Records on their way into the base: read (a bad line is reported with file and line, never a
traceback), grouped by document, filtered by confidence, and cleaned of names that are not
entities, with one type per name per document.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..names import is_job_title, is_time_zone, is_web_address, name_key, title_words
from ..schema import BadLine, read_records  # noqa: F401  (the project's one reader of record files)

# Record fields -> entity types.
FIELDS: tuple[tuple[str, str], ...] = (("locations", "place"), ("organizations", "organization"),
                                       ("facilities", "facility"), ("people", "person"))
_FIELD_OF = {etype: field for field, etype in FIELDS}
# Which type a name keeps when one document gives it several, on equal mentions.
_TYPE_ORDER = ("organization", "facility", "person", "place")


def by_document(items: Iterable[dict | BadLine]) -> Iterator[list[dict] | BadLine]:
    """Consecutive records of one document as one list (extract writes a document's records
    together); bad lines pass through where they stand."""
    batch: list[dict] = []
    for item in items:
        if isinstance(item, BadLine):
            yield item
            continue
        if batch and item["doc"]["id"] != batch[0]["doc"]["id"]:
            yield batch
            batch = []
        batch.append(item)
    if batch:
        yield batch


def not_an_entity(entity_type: str, name: str) -> str | None:
    """Why `name` is not an entity of `entity_type` (None if it may be one): a web address, a job
    title or department, a time zone, a contact block (several lines), no letters at all."""
    if is_web_address(name):
        return "web address"
    if "\n" in name:
        return "several lines"
    if not any(c.isalpha() for c in name):
        return "no letters"
    if is_time_zone(name):
        return "time zone"
    if entity_type != "place" and is_job_title(name, title_words()):
        return "job title"
    return None


def clean_entities(records: list[dict]) -> list[dict]:
    """A document's records without non-entities, and with one type per name: a place with a
    GeoNames id keeps its type, else the type the document mentions it under most often (ties:
    organisation, facility, person, place). Returns new records; the input is not changed."""
    out = []
    for r in records:
        r = dict(r)
        for field, etype in FIELDS:
            r[field] = [item for item in r.get(field) or [] if not not_an_entity(etype, item["name"])]
        out.append(r)
    mentions: dict[str, dict[str, int]] = {}
    located: set[str] = set()
    for r in out:
        for field, etype in FIELDS:
            for item in r[field]:
                key = name_key(item["name"])
                mentions.setdefault(key, {}).setdefault(etype, 0)
                mentions[key][etype] += max(1, len(item.get("spans") or []))
                if etype == "place" and item.get("geonames_id"):
                    located.add(key)
    chosen = {key: "place" if key in located else
              max(types, key=lambda t: (types[t], -_TYPE_ORDER.index(t)))
              for key, types in mentions.items() if len(types) > 1}
    if not chosen:
        return out
    for r in out:
        moved: dict[str, list[dict]] = {field: [] for field, _ in FIELDS}
        for field, etype in FIELDS:
            keep = []
            for item in r[field]:
                target = chosen.get(name_key(item["name"]), etype)
                if target == etype:
                    keep.append(item)
                else:
                    moved[_FIELD_OF[target]].append(_retyped(item, target))
            r[field] = keep
        for field, items in moved.items():
            r[field] = r[field] + items
    return out


def _retyped(item: dict, entity_type: str) -> dict:
    """An item of another type as an entity of `entity_type`: names and spans kept, the role of
    another type dropped."""
    base = {"name": item["name"], "spans": item.get("spans") or []}
    if entity_type == "person":
        return {**base, "title": None, "role": None}
    out = {**base, "aliases": item.get("aliases") or []}
    if entity_type == "organization":
        out["role"] = "other"
    return out


def confident(records: list[dict], min_confidence: float) -> list[dict]:
    """The records whose confidence is at least `min_confidence`."""
    return [r for r in records if r["confidence"] >= min_confidence]
