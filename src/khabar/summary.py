"""A readable plain-text summary of an analysed article (`khabar analyze --format text`)."""

from __future__ import annotations

from khabar.document import Document


def _name(doc: Document, ref: str | None) -> str:
    if ref is None:
        return "—"
    entity = doc.entity(ref)
    return entity.name if entity else ref


def render_summary(doc: Document) -> str:
    lines: list[str] = []
    head = doc.title or "(no title)"
    lines.append(("[عاجل / breaking] " if doc.breaking else "") + head)
    meta = [f"published {doc.published}" if doc.published else "no publication date"]
    if doc.url:
        meta.append(doc.url)
    meta.append(f"{len(doc.sentences)} sentences, {len(doc.text.split())} words")
    lines.append("  " + " · ".join(meta))
    for sub in doc.subheadings:
        lines.append(f"  § {sub}")
    if doc.removed:
        reasons: dict[str, int] = {}
        for item in doc.removed:
            reasons[item.reason] = reasons.get(item.reason, 0) + 1
        lines.append("  removed: " + ", ".join(f"{k} ×{v}" for k, v in sorted(reasons.items())))

    def section(title: str, rows: list[str]) -> None:
        if rows:
            lines.append("")
            lines.append(f"{title} ({len(rows)})")
            lines.extend(f"  {row}" for row in rows)

    section("Entities", [
        f"{e.id} {e.type:<4} {e.name} ({e.name_ar})"
        + (f" — {e.role}" if e.role else "")
        + (f", {_name(doc, e.affiliation)}" if e.affiliation else "")
        + (f" [acts for {_name(doc, e.actor)}]" if e.actor else "")
        + f" ×{len(e.mentions)}"
        for e in doc.entities
    ])
    section("Quotes", [
        f"{q.id} {q.speaker_name or _name(doc, q.speaker)} [{q.kind}, {q.cue}"
        + (f", {q.channel}" if q.channel else "") + (f", {q.date}" if q.date else "") + f"]: «{q.text}»"
        for q in doc.quotes
    ])
    section("Claims", [
        f"{c.id} {c.holder_name or _name(doc, c.holder)} {c.stance.upper()} ({c.cue}): {c.text}"
        + (f" → {c.target_name or _name(doc, c.target)}" if c.target else "")
        for c in doc.claims
    ])
    section("Events", [
        f"{v.id} {v.type}" + (f"/{v.mode}" if v.mode else "")
        + f" {v.source_name or '?'} → {v.target_name or '?'}"
        + (f" at {v.location_name}" if v.location_name else "")
        + (f" on {v.date}" if v.date else "")
        + (f", killed {v.killed}" if v.killed is not None else "")
        + (f", injured {v.injured}" if v.injured is not None else "")
        + (f" (per {v.reported_by})" if v.reported_by else "")
        for v in doc.events
    ])
    section("Times", [f"{t.text} → {t.value or '?'} ({t.grain})" for t in doc.times])
    section("Quantities", [
        f"{q.text} → {q.value} {q.unit or ''}" + (f" [{q.role}]" if q.role else "") for q in doc.quantities
    ])
    return "\n".join(lines) + "\n"
