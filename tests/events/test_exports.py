"""PLOVER records and ACLED rows built from a document's JSON form."""

from __future__ import annotations

import khabar
from khabar.exports import ACLED_COLUMNS, acled_rows, plover_records

TEXT = "شنت طائرات حربية روسية غارات على مدينة حلب صباح اليوم، مما أسفر عن مقتل 7 مدنيين."


def _doc_dict():
    return khabar.analyze(TEXT, published="2024-03-02").to_dict()


def test_plover_record_fields():
    records = plover_records(_doc_dict())
    assert len(records) == 1
    rec = records[0]
    assert rec["event"] == "ASSAULT" and rec["mode"] == "aerial weapons"
    assert rec["actor"][0]["code"] == "RUS"
    assert rec["size"] == {"dead": 7, "injured": None}
    assert rec["event_loc"]["name"] == "Aleppo"
    assert "(EVT: " in rec["text_info"]["markup"]
    assert rec["event_text"] in TEXT and rec["cite_info"]["published"] == "2024-03-02"


def test_acled_rows_have_every_column():
    rows = acled_rows(_doc_dict())
    assert len(rows) == 1
    assert list(rows[0]) == ACLED_COLUMNS
    assert rows[0]["event_type"] == "Explosions/Remote violence"
    assert rows[0]["sub_event_type"] == "Air/drone strike"
    assert rows[0]["fatalities"] == 7 and rows[0]["location"] == "Aleppo"


def test_exports_accept_documents_without_events():
    empty = {"id": "x", "text": "", "events": []}
    assert plover_records(empty) == [] and acled_rows(empty) == []
    assert plover_records({}) == [] and acled_rows({}) == []
