"""Cleaning of pasted pages and HTML: title, breaking label, captions, subheadings, furniture."""

from __future__ import annotations

import pytest

from khabar.errors import KhabarInputError
from khabar.text.clean import boilerplate_reason, clean_article

PASTED = """خبر عاجل

الحكومة تعلن خطة جديدة لدعم المزارعين في الصعيد

مزارعون في حقل قمح
مزارعون في حقل قمح بمحافظة أسيوط

أعلنت الحكومة، اليوم الاثنين، خطة لدعم المزارعين بقيمة ملياري جنيه، تشمل قروضا ميسرة وبذورا محسنة.
وقال وزير الزراعة إن "الخطة تبدأ الشهر المقبل".

تفاصيل التمويل

وتمول الخطة من موازنة العام الحالي، بحسب بيان رسمي.
\u00a0
اقرأ أيضا: ارتفاع أسعار الأسمدة في الأسواق
شارك
تابعونا على
"""


def test_pasted_page_is_cleaned():
    doc = clean_article(PASTED, published="2025-03-03")
    assert doc.breaking
    assert doc.title == "الحكومة تعلن خطة جديدة لدعم المزارعين في الصعيد"
    assert doc.subheadings == ["تفاصيل التمويل"]
    reasons = {r.text: r.reason for r in doc.removed}
    assert reasons["خبر عاجل"] == "breaking-label"
    assert reasons["مزارعون في حقل قمح"] == "image-caption"
    assert reasons["مزارعون في حقل قمح بمحافظة أسيوط"] == "image-caption"
    assert reasons["اقرأ أيضا: ارتفاع أسعار الأسمدة في الأسواق"] == "related-links"
    assert reasons["شارك"] == "share-ui"
    assert reasons["\u00a0"] == "whitespace"
    assert doc.text.splitlines() == [
        "أعلنت الحكومة، اليوم الاثنين، خطة لدعم المزارعين بقيمة ملياري جنيه، تشمل قروضا ميسرة وبذورا محسنة.",
        'وقال وزير الزراعة إن "الخطة تبدأ الشهر المقبل".',
        "وتمول الخطة من موازنة العام الحالي، بحسب بيان رسمي.",
    ]


def test_bylines_and_agency_credits():
    assert boilerplate_reason("الرياض - واس") == "agency-credit"
    assert boilerplate_reason("كتب: أحمد محمود") == "byline"
    assert boilerplate_reason("(رويترز)") == "agency-credit"
    # a sentence that merely mentions an agency is kept
    assert boilerplate_reason("وقالت وكالة رويترز إن المحادثات انتهت دون اتفاق.") is None


HTML = """<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>انتخابات بلدية في تونس وسط إقبال ضعيف | صحيفة المثال</title>
<meta property="og:title" content="انتخابات بلدية في تونس وسط إقبال ضعيف">
<meta property="article:published_time" content="2024-12-22T10:00:00+01:00">
<meta name="author" content="سامي الهادي"></head>
<body><nav><ul><li><a href="/">الرئيسية</a></li><li><a href="/politics">سياسة</a></li><li><a href="/sport">رياضة</a></li></ul></nav>
<div class="share"><a href="#">فيسبوك</a> <a href="#">تويتر</a> <a href="#">واتساب</a></div>
<article><h1>انتخابات بلدية في تونس وسط إقبال ضعيف</h1>
<p>شهدت تونس يوم الأحد انتخابات بلدية جزئية في عدد من الدوائر، وسط إقبال وصفه مراقبون بالضعيف مقارنة بالدورات السابقة.</p>
<p>وقالت الهيئة العليا المستقلة للانتخابات إن نسبة المشاركة الأولية بلغت 11 في المئة عند إغلاق مكاتب الاقتراع مساء الأحد.</p>
<p>وأضافت الهيئة أن النتائج النهائية ستعلن خلال أسبوع، بعد النظر في الطعون المقدمة من المترشحين في عدة دوائر.</p>
<p>ودعت أحزاب معارضة إلى مقاطعة الاقتراع، معتبرة أن الظروف السياسية الحالية لا تسمح بمنافسة نزيهة بين المترشحين.</p>
</article>
<aside class="related"><h3>اقرأ أيضا</h3><ul><li><a href="/a">ارتفاع أسعار الخبز في العاصمة</a></li><li><a href="/b">افتتاح معرض الكتاب الدولي</a></li></ul></aside>
<footer><p>جميع الحقوق محفوظة © 2024 صحيفة المثال</p><a href="/privacy">سياسة الخصوصية</a></footer>
</body></html>"""


def test_html_page_is_cleaned_with_metadata():
    doc = clean_article(HTML)
    assert doc.title == "انتخابات بلدية في تونس وسط إقبال ضعيف"
    assert doc.published == "2024-12-22"
    assert doc.author == "سامي الهادي"
    body = doc.text
    assert body.startswith("شهدت تونس يوم الأحد انتخابات بلدية جزئية")
    assert "ودعت أحزاب معارضة إلى مقاطعة الاقتراع" in body
    for furniture in ("الرئيسية", "فيسبوك", "واتساب", "ارتفاع أسعار الخبز", "جميع الحقوق", "سياسة الخصوصية"):
        assert furniture not in body
    assert len(body.splitlines()) == 4


def test_published_given_wins_over_html_metadata():
    assert clean_article(HTML, published="2024-12-23").published == "2024-12-23"


@pytest.mark.parametrize(
    ("raw", "message"),
    [("", "empty"), ("   \n\u00a0", "empty"), ("The quick brown fox jumps over the lazy dog.", "not Arabic"),
     ("abc\x00def", "binary")],
)
def test_bad_input(raw, message):
    with pytest.raises(KhabarInputError, match=message):
        clean_article(raw)


def test_seed_cleaning(shared):
    import json

    seed = shared / "examples" / "seed"
    gold = json.loads((seed / "expected.json").read_text(encoding="utf-8"))
    doc = clean_article((seed / "article.txt").read_text(encoding="utf-8"), published="2025-04-26")
    assert doc.title == gold["title"]
    assert doc.breaking is gold["breaking"]
    assert doc.subheadings == gold["subheadings"]
    lines = set(doc.text.splitlines())
    for line in gold["boilerplate"]:
        assert line not in lines
    for fragment in gold["body_must_contain"]:
        assert fragment in doc.text
    assert {r.reason for r in doc.removed} >= {"breaking-label", "image-caption", "share-ui"}


def test_html_fragment_without_page_structure():
    doc = clean_article("<div><b>عاجل</b></div><span>أعلنت الوزارة اليوم إغلاق المعبر مؤقتا لأسباب فنية.</span>")
    assert "أعلنت الوزارة اليوم إغلاق المعبر" in doc.text
