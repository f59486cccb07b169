"""A joint statement: its dual subjects and "the statement" speak for the two states the article is about."""

from __future__ import annotations

from khabar.document import Document
from khabar.pipeline import default_pipeline

ARTICLE = (
    "عقد ولي العهد السعودي اجتماعا مع الملك عبدالله الثاني ملك المملكة الأردنية الهاشمية في عمان. "
    "وتناول الاجتماع العلاقات بين المملكة العربية السعودية والأردن. "
    "وصدر في ختام الزيارة بيان مشترك. "
    "وأكد البلدان على أهمية العمل المشترك في مكافحة الإرهاب. "
    "وأوضح البيان أن الجانبين بحثا تطورات الأوضاع في سوريا واليمن."
)


def test_dual_subject_and_the_statement_speak_for_both_states() -> None:
    doc = default_pipeline()(Document(text=ARTICLE, published="2015-08-06"))
    by_cue: dict[str, set[str]] = {}
    for q in doc.quotes:
        by_cue.setdefault(q.cue, set()).add(q.speaker_name or "")
    assert by_cue.get("أكد") == {"Saudi Arabia", "Jordan"}
    assert by_cue.get("أوضح") == {"Saudi Arabia", "Jordan"}
