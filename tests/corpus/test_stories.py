"""Near-duplicates (MinHash) and stories (shared entities, close dates, similar words) over article dicts."""

from __future__ import annotations

from khabar.corpus.linking import entity_key, merge_entities
from khabar.corpus.stories import near_duplicates, stories

BODY = ("أعلنت وزارة الصحة في الرياض يوم الأحد تسجيل انخفاض كبير في عدد الإصابات بالإنفلونزا الموسمية "
        "خلال الأسبوع الماضي، وقالت إن حملة التطعيم شملت أكثر من مليون شخص في مختلف المناطق.")


def _entities(*names):
    return [{"id": f"E{i}", "name": en, "name_ar": ar, "type": "ORG", "wikidata": wd, "mentions": [{}]}
            for i, (en, ar, wd) in enumerate(names, start=1)]


HEALTH = ("Ministry of Health", "وزارة الصحة", None)
RIYADH = ("Riyadh", "الرياض", "Q3692")
ARTICLES = [
    {"id": "a", "title": "انخفاض الإصابات بالإنفلونزا", "text": BODY, "published": "2024-12-01",
     "entities": _entities(HEALTH, RIYADH)},
    # the same wire story with a new first line
    {"id": "b", "title": "انخفاض الإصابات بالإنفلونزا", "text": "الرياض - واس: " + BODY, "published": "2024-12-01",
     "entities": _entities(HEALTH, RIYADH)},
    # the same story retold in other words two days later
    {"id": "c", "title": "الصحة: حملة التطعيم ضد الإنفلونزا تشمل مليون شخص",
     "text": "قالت وزارة الصحة في الرياض إن حملة التطعيم ضد الإنفلونزا الموسمية شملت مليون شخص، "
             "مع انخفاض عدد الإصابات خلال الأسبوع الماضي.", "published": "2024-12-03",
     "entities": _entities(HEALTH, RIYADH)},
    # same entities, another subject and a month later
    {"id": "d", "title": "الصحة تفتتح مستشفى جديدا", "text": "افتتحت وزارة الصحة في الرياض مستشفى جديدا للأطفال "
     "يضم مئتي سرير.", "published": "2025-01-05", "entities": _entities(HEALTH, RIYADH)},
]


def test_near_duplicates_find_the_rerun_wire_story():
    assert near_duplicates(ARTICLES) == [["a", "b"]]


def test_stories_group_retellings_within_the_window():
    found = stories(ARTICLES)
    assert [s["articles"] for s in found] == [["a", "b", "c"]]
    assert found[0]["id"] == "S1" and found[0]["first"] == "2024-12-01" and found[0]["last"] == "2024-12-03"
    assert set(found[0]["entities"]) == {"Ministry of Health", "Riyadh"}


def test_entities_merge_by_wikidata_then_name():
    assert entity_key({"name": "Riyadh", "wikidata": "Q3692"}) == entity_key({"name": "الرياض", "wikidata": "Q3692"})
    assert entity_key({"name": "", "name_ar": "وزارة الصحة"}) == entity_key({"name": "", "name_ar": "وزاره الصحه"})
    merged = merge_entities(ARTICLES)
    assert [m["name"] for m in merged] == ["Ministry of Health", "Riyadh"]
    assert merged[1]["articles"] == ["a", "b", "c", "d"] and merged[1]["mentions"] == 4
