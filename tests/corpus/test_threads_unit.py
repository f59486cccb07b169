"""Claim threads on hand-built claim dicts: grouping, date order and the status of each thread."""

from __future__ import annotations

from khabar.corpus.threads import build_threads, content_stems, thread_status


def _article(doc_id, published, text, entities, claims):
    ents = []
    for number, (name, name_ar, wikidata) in enumerate(entities, start=1):
        start = text.find(name_ar)
        mentions = [{"text": name_ar, "start": start, "end": start + len(name_ar)}] if start >= 0 else []
        ents.append({"id": f"E{number}", "name": name, "name_ar": name_ar, "type": "LOC", "wikidata": wikidata,
                     "mentions": mentions})
    out_claims = []
    for number, (holder, stance, claim_text, target) in enumerate(claims, start=1):
        start = text.find(claim_text)
        assert start >= 0, claim_text
        holder_name = next((e["name"] for e in ents if e["id"] == holder), holder)
        out_claims.append({"id": f"C{number}", "holder": holder, "holder_name": holder_name, "stance": stance,
                           "cue": "", "text": claim_text, "start": start, "end": start + len(claim_text),
                           "target": target})
    return {"id": doc_id, "url": f"https://example.org/{doc_id}", "published": published, "text": text,
            "entities": ents, "claims": out_claims}


UKRAINE = ("Ukraine", "أوكرانيا", "Q212")
NORTH_KOREA = ("North Korea", "كوريا الشمالية", "Q423")
RUSSIA = ("Russia", "روسيا", "Q159")
KURSK = ("Kursk Oblast", "كورسك", None)
HEALTH = ("Ministry of Health", "وزارة الصحة", None)

ACCUSATION = _article(
    "a1", "2024-10-20",
    "اتهمت أوكرانيا كوريا الشمالية بإرسال آلاف الجنود إلى روسيا للقتال في كورسك.",
    [UKRAINE, NORTH_KOREA, RUSSIA, KURSK],
    [("E1", "accuse", "بإرسال آلاف الجنود إلى روسيا للقتال في كورسك", "E2")],
)
DENIAL = _article(
    "a2", "2024-11-10",
    "نفت روسيا وجود جنود من كوريا الشمالية يقاتلون في كورسك.",
    [RUSSIA, NORTH_KOREA, KURSK],
    [("E1", "deny", "وجود جنود من كوريا الشمالية يقاتلون في كورسك", None)],
)
ADMISSION = _article(
    "a3", "2025-04-26",
    "اعترفت روسيا لأول مرة بأنها نشرت جنودا من كوريا الشمالية في كورسك.",
    [RUSSIA, NORTH_KOREA, KURSK],
    [("E1", "admit", "نشرت جنودا من كوريا الشمالية في كورسك", None)],
)
UNRELATED = _article(
    "a4", "2024-11-01",
    "أكدت وزارة الصحة في روسيا ارتفاع عدد الإصابات بالإنفلونزا هذا الشتاء.",
    [HEALTH, RUSSIA],
    [("E1", "confirm", "ارتفاع عدد الإصابات بالإنفلونزا هذا الشتاء", None)],
)


def test_accusation_denial_admission_make_one_confirmed_thread():
    # given out of order: the timeline must still come out in date order
    threads = build_threads([ADMISSION, UNRELATED, ACCUSATION, DENIAL])
    assert len(threads) == 1
    thread = threads[0]
    assert thread["id"] == "T1"
    assert [e["stance"] for e in thread["timeline"]] == ["accuse", "deny", "admit"]
    assert [e["date"] for e in thread["timeline"]] == ["2024-10-20", "2024-11-10", "2025-04-26"]
    assert [e["status_after"] for e in thread["timeline"]] == ["alleged", "disputed", "confirmed"]
    assert thread["status"] == "confirmed"
    assert {"North Korea", "Russia"} <= set(thread["entities"])
    assert thread["proposition"] == "بإرسال آلاف الجنود إلى روسيا للقتال في كورسك"
    assert thread["timeline"][0]["url"] == "https://example.org/a1"


def test_without_the_admission_the_thread_is_disputed():
    threads = build_threads([DENIAL, ACCUSATION])
    assert [t["status"] for t in threads] == ["disputed"]


def test_min_articles_keeps_single_article_threads_out_by_default():
    assert build_threads([ACCUSATION]) == []
    assert build_threads([UNRELATED, DENIAL]) == []


def test_claim_date_wins_over_publication_date():
    late_report = _article(
        "a5", "2025-05-01",
        "نفت روسيا وجود جنود من كوريا الشمالية يقاتلون في كورسك.",
        [RUSSIA, NORTH_KOREA, KURSK],
        [("E1", "deny", "وجود جنود من كوريا الشمالية يقاتلون في كورسك", None)],
    )
    late_report["claims"][0]["date"] = "2024-11-01"
    thread = build_threads([ACCUSATION, late_report])[0]
    assert [e["date"] for e in thread["timeline"]] == ["2024-10-20", "2024-11-01"]


def test_claims_far_apart_in_time_are_not_joined():
    old = dict(ACCUSATION, published="2010-01-01")
    assert build_threads([old, DENIAL], window_days=365) == []


def test_status_rules():
    assert thread_status([("accuse", "ua")]) == "alleged"
    assert thread_status([("deny", "ru")]) == "denied"
    assert thread_status([("deny", "ru"), ("deny", "ru")]) == "denied"
    assert thread_status([("accuse", "ua"), ("not_confirmed", "ru")]) == "alleged"
    assert thread_status([("accuse", "ua"), ("deny", "ru")]) == "disputed"
    assert thread_status([("accuse", "ua"), ("deny", "ru"), ("admit", "ru")]) == "confirmed"
    # the accuser repeating itself does not confirm its own accusation
    assert thread_status([("accuse", "ua"), ("confirm", "ua")]) == "alleged"
    assert thread_status([("verifying", "ua"), ("no_comment", "ru")]) == "unverified"


def test_content_stems_ignore_clitics_and_function_words():
    assert content_stems("بالجنود") == content_stems("الجنود") == content_stems("جنودا")
    assert content_stems("في من على") == frozenset()


def test_syndicated_copies_are_one_timeline_entry():
    copy = dict(DENIAL, id="a2-copy", url="https://mirror.example/a2")
    thread = build_threads([ACCUSATION, DENIAL, copy, ADMISSION])[0]
    assert [e["stance"] for e in thread["timeline"]] == ["accuse", "deny", "admit"]
    assert thread["timeline"][1]["also_reported_in"] == ["a2-copy"]


def test_one_copied_statement_is_not_a_thread():
    copy = dict(DENIAL, id="a2-copy", url="https://mirror.example/a2")
    assert build_threads([DENIAL, copy]) == []


def test_a_claim_sharing_little_with_the_thread_does_not_chain_into_it():
    # Shares Russia + Kursk and one word with the denial only: not the same proposition.
    drift = _article(
        "a6", "2024-11-20",
        "قالت روسيا إن منطقة كورسك تحتاج إلى جنود إضافيين لحماية محطة الكهرباء والسدود.",
        [RUSSIA, KURSK],
        [("E1", "assert", "منطقة كورسك تحتاج إلى جنود إضافيين لحماية محطة الكهرباء والسدود", None)],
    )
    threads = build_threads([ACCUSATION, DENIAL, ADMISSION, drift])
    assert len(threads) == 1
    assert "a6" not in {e["article_id"] for e in threads[0]["timeline"]}


def test_a_claim_pointing_back_with_an_anaphor_joins_the_thread():
    report = _article(
        "a7", "2024-10-25",
        "اتهمت أوكرانيا كوريا الشمالية بإرسال آلاف الجنود إلى روسيا للقتال في كورسك، بينما لم تؤكد روسيا ذلك رسميا.",
        [UKRAINE, NORTH_KOREA, RUSSIA, KURSK],
        [("E1", "accuse", "بإرسال آلاف الجنود إلى روسيا للقتال في كورسك", "E2"),
         ("E3", "not_confirmed", "لم تؤكد روسيا ذلك رسميا", None)],
    )
    thread = build_threads([report, ADMISSION])[0]
    assert [e["stance"] for e in thread["timeline"]] == ["accuse", "not_confirmed", "admit"]
    assert [e["status_after"] for e in thread["timeline"]] == ["alleged", "alleged", "confirmed"]
