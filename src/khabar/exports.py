"""Event exports from a document's JSON form: PLOVER records and ACLED-style rows."""

from __future__ import annotations

from typing import Any

# ACLED's column names for the fields khabar fills (acleddata.com codebook); one row per event.
ACLED_COLUMNS: list[str] = [
    "event_id", "event_date", "event_type", "sub_event_type", "actor1", "actor2", "location",
    "fatalities", "injuries", "source", "source_url", "notes",
]

# PLOVER types and modes -> ACLED event type and sub-event type. ACLED codes political violence
# and demonstrations only; PLOVER's verbal types become "Strategic developments".
_ACLED_TYPES: dict[str, tuple[str, dict[str | None, str]]] = {
    "ASSAULT": ("Battles", {
        "aerial weapons": "Air/drone strike", "heavy-weapons": "Shelling/artillery/missile attack",
        "explosives": "Remote explosive/landmine/IED", "suicide-attack": "Suicide bomb",
        "abduct": "Abduction/forced disappearance", "assassinate": "Attack", "massacre": "Attack",
        "firearms": "Armed clash", None: "Armed clash",
    }),
    "COERCE": ("Strategic developments", {
        "seize": "Non-state actor overtakes territory", "arrest": "Arrests", None: "Other",
    }),
    "PROTEST": ("Protests", {"riot": "Violent demonstration", None: "Peaceful protest"}),
    "MOBILIZE": ("Strategic developments", {None: "Headquarters or base established"}),
    "AGREE": ("Strategic developments", {None: "Agreement"}),
    "RETREAT": ("Strategic developments", {None: "Other"}),
}
# Modes after which an ASSAULT is one-sided violence against a target rather than a battle.
_REMOTE_MODES = {"aerial weapons", "heavy-weapons", "explosives", "suicide-attack"}


def _actor(name: Any, code: Any) -> list[dict[str, Any]]:
    """PLOVER's actor list: [{"actorText", "code", "sector"}] (empty where nobody is named)."""
    if not name:
        return []
    entry: dict[str, Any] = {"actorText": name}
    if code:
        country, _, sector = str(code).partition(" ")
        entry["code"] = country
        if sector:
            entry["sector"] = sector
    return [entry]


def _markup(event: dict[str, Any], doc_text: str) -> str:
    """The evidence with the trigger marked the PLOVER way: '... (EVT: قصفت) ...'."""
    evidence = event.get("evidence") or {}
    text = evidence.get("text") or ""
    trigger = event.get("trigger")
    if trigger and trigger in text:
        return text.replace(trigger, f"(EVT: {trigger})", 1)
    return text


def plover_records(doc_dict: dict[str, Any]) -> list[dict[str, Any]]:
    """One PLOVER record per event of an analysed document (Document.to_dict() or stored JSON)."""
    records = []
    doc_id = doc_dict.get("id") or "doc"
    text = doc_dict.get("text") or ""
    for event in doc_dict.get("events") or []:
        evidence = event.get("evidence") or {}
        record: dict[str, Any] = {
            "id": f"{doc_id}-{event.get('id')}",
            "date": event.get("date"),
            "event": event.get("type"),
            "mode": event.get("mode"),
            "actor": _actor(event.get("source_name"), event.get("source_code")),
            "recipient": _actor(event.get("target_name"), event.get("target_code")),
            "event_loc": {"name": event.get("location_name"), "id": event.get("location")}
            if event.get("location_name") else None,
            "size": {"dead": event.get("killed"), "injured": event.get("injured")},
            "event_text": evidence.get("text"),
            "text_info": {
                "markup": _markup(event, text), "start": evidence.get("start"), "end": evidence.get("end"),
                "more_evidence": [e.get("text") for e in event.get("more_evidence") or []],
                "trigger": event.get("trigger"), "date_is_fallback": bool(event.get("date_is_fallback")),
            },
            "cite_info": {
                "url": doc_dict.get("url"), "title": doc_dict.get("title"), "published": doc_dict.get("published"),
                "reported_by": event.get("reported_by"), "document_id": doc_id,
            },
            "language": doc_dict.get("language") or "ar",
            "coder": "khabar",
        }
        records.append(record)
    return records


def acled_rows(doc_dict: dict[str, Any]) -> list[dict[str, Any]]:
    """One ACLED-style row per event, keyed by ACLED_COLUMNS."""
    rows = []
    doc_id = doc_dict.get("id") or "doc"
    for event in doc_dict.get("events") or []:
        etype = event.get("type")
        mode = event.get("mode")
        acled_type, subtypes = _ACLED_TYPES.get(etype, ("Strategic developments", {None: "Other"}))
        if etype == "ASSAULT" and mode in _REMOTE_MODES:
            acled_type = "Explosions/Remote violence"
        sub = subtypes.get(mode, subtypes.get(None, "Other"))
        if etype == "COERCE" and mode == "seize":
            # territory taken by force is a battle; by a state's forces it is regained
            acled_type = "Battles"
            sector = (event.get("source_code") or "").partition(" ")[2]
            if sector in ("GOV", "MIL", "COP"):
                sub = "Government regains territory"
        source = doc_dict.get("url") or event.get("reported_by") or ""
        notes = (event.get("evidence") or {}).get("text") or ""
        rows.append({
            "event_id": f"{doc_id}-{event.get('id')}",
            "event_date": event.get("date") or "",
            "event_type": acled_type,
            "sub_event_type": sub,
            "actor1": event.get("source_name") or "",
            "actor2": event.get("target_name") or "",
            "location": event.get("location_name") or "",
            "fatalities": event.get("killed") if event.get("killed") is not None else 0,
            "injuries": event.get("injured") if event.get("injured") is not None else "",
            "source": event.get("reported_by") or "",
            "source_url": source if source.startswith("http") else "",
            "notes": f"{etype}{'/' + mode if mode else ''}: {notes}",
        })
    return rows


__all__ = ["ACLED_COLUMNS", "acled_rows", "plover_records"]
