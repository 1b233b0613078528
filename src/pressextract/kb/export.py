"""Exports for knowledge graphs: JSON-LD (schema.org) and CSV, from the rows query.py reads.

Ids are stable: an entity is ``urn:pressextract:entity:<uid>`` (a hash of its type and GeoNames id
or canonical name), an event ``urn:pressextract:ev:<hash>``, a document
``urn:pressextract:doc:<hash of its id>``. Only properties schema.org gives the types used are
written; what schema.org has no term for goes through standard vocabularies (W3C PROV and Web
Annotation for the evidence) or the ``px:`` namespace (confidence, main, counts).
"""

from __future__ import annotations

import csv
import hashlib
import io

from ..schema import EVENT_TYPE_CLASSES, ORG_ROLE_PROPERTIES

CONTEXT = {
    "@vocab": "https://schema.org/",
    "oa": "http://www.w3.org/ns/oa#",
    "prov": "http://www.w3.org/ns/prov#",
    "px": "urn:pressextract:vocab:",
}
_ENTITY_CLASS = {"organization": "Organization", "facility": "Place", "place": "Place", "person": "Person"}


def geonames_iri(geonames_id: int) -> str:
    return f"https://sws.geonames.org/{geonames_id}/"


def entity_iri(uid: str) -> str:
    return f"urn:pressextract:entity:{uid}"


def event_iri(event_id: str) -> str:
    return f"urn:pressextract:{event_id}"


def document_iri(doc_id: str) -> str:
    return "urn:pressextract:doc:" + hashlib.sha1(doc_id.encode()).hexdigest()[:16]


def _ordered(events: list[dict]) -> list[dict]:
    """Export order: by document, main event first, then id (stable across builds)."""
    return sorted(events, key=lambda e: (e["doc_id"], -e["main"], e["id"]))


def to_jsonld(events: list[dict], entities: list[dict]) -> dict:
    """Events (query.events rows), their documents and `entities` (query.entities rows) as one
    JSON-LD graph with an inline context: nothing is fetched to read it."""
    graph: list[dict] = []
    for row in entities:
        node: dict = {"@id": entity_iri(row["uid"]), "@type": _ENTITY_CLASS[row["type"]], "name": row["name"]}
        aliases = sorted({a for a in row["aliases"] if a != row["name"]})
        if aliases:
            node["alternateName"] = aliases
        if row["type"] == "facility":
            node["additionalType"] = {"@id": "https://schema.org/CivicStructure"}
        if row["lat"] is not None:
            node["geo"] = {"@type": "GeoCoordinates", "latitude": row["lat"], "longitude": row["lon"]}
        if row["geonames_id"]:
            node["sameAs"] = {"@id": geonames_iri(row["geonames_id"])}
        if row["country_code"]:
            node["address"] = {"@type": "PostalAddress", "addressCountry": row["country_code"]}
        if row["title"]:
            node["jobTitle"] = row["title"]
        graph.append(node)
    documents: dict[str, dict] = {}
    for row in _ordered(events):
        doc = document_iri(row["doc_id"])
        if doc not in documents:
            documents[doc] = {"@id": doc, "@type": "Article", "identifier": row["doc_id"]}
            for prop, value in (("name", row["title"]), ("datePublished", row["published"])):
                if value:
                    documents[doc][prop] = value
            if row["url"]:
                documents[doc]["url"] = {"@id": row["url"]}
        node = {"@id": event_iri(row["id"]), "@type": EVENT_TYPE_CLASSES.get(row["event_type"], "Event"),
                "additionalType": {"@id": f"urn:pressextract:type:{row['event_type']}"},
                "name": f"{row['event_type']}: {row['title'] or row['trigger'] or ''}".strip(),
                "subjectOf": {"@id": doc},
                "px:main": bool(row["main"]),
                "px:confidence": row["confidence"]}
        if row["evidence_text"]:
            node["description"] = row["evidence_text"]
            node["prov:wasDerivedFrom"] = {
                "@type": "oa:SpecificResource", "oa:hasSource": {"@id": doc},
                "oa:hasSelector": [{"@type": "oa:TextQuoteSelector", "oa:exact": row["evidence_text"]},
                                   {"@type": "oa:TextPositionSelector", "oa:start": row["evidence_start"],
                                    "oa:end": row["evidence_end"]}]}
        if row["date_start"]:
            node["startDate"] = row["date_start"]
        if row["date_end"]:
            node["endDate"] = row["date_end"]
        for c in row["counts"]:
            node.setdefault("px:quantity", []).append(
                {"@type": "QuantitativeValue", "value": c["value"], "unitText": c["unit"], "description": c["text"]})
        for link in row["entities"]:
            prop = "location" if link["type"] in ("place", "facility") else \
                "attendee" if link["type"] == "person" else ORG_ROLE_PROPERTIES.get(link["role"], "about")
            ref = {"@id": entity_iri(link["id"])}
            if ref not in node.setdefault(prop, []):
                node[prop].append(ref)
        graph.append(node)
    graph.extend(documents.values())
    return {"@context": CONTEXT, "@graph": graph}


CSV_COLUMNS = ("row", "event_id", "doc_id", "event_type", "main", "confidence", "date_start", "date_end", "date_text",
               "trigger", "evidence", "evidence_start", "evidence_end", "counts", "title", "url", "published", "source",
               "entity_id", "entity_type", "entity_name", "role", "geonames")


def to_csv(events: list[dict]) -> str:
    """One `event` row per event (with its document's provenance and its counts as written), then
    one `entity` row per entity link (event id, stable entity id, type, name, role, GeoNames IRI)."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in _ordered(events):
        writer.writerow({"row": "event", "event_id": row["id"], "doc_id": row["doc_id"], "event_type": row["event_type"],
                         "main": row["main"], "confidence": row["confidence"], "date_start": row["date_start"],
                         "date_end": row["date_end"], "date_text": row["date_text"], "trigger": row["trigger"],
                         "evidence": row["evidence_text"], "evidence_start": row["evidence_start"],
                         "evidence_end": row["evidence_end"], "counts": "; ".join(c["text"] or "" for c in row["counts"]),
                         "title": row["title"], "url": row["url"], "published": row["published"], "source": row["source"]})
        for link in row["entities"]:
            writer.writerow({"row": "entity", "event_id": row["id"], "doc_id": row["doc_id"], "entity_id": link["id"],
                             "entity_type": link["type"], "entity_name": link["name"], "role": link["role"],
                             "geonames": geonames_iri(link["geonames_id"]) if link["geonames_id"] else ""})
    return buf.getvalue()
