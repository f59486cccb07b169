"""Short Arabic articles written for the corpus tests (no article text taken from elsewhere)."""

from __future__ import annotations

import json
from pathlib import Path

PG_DEFAULT = "postgresql://postgres@127.0.0.1:5432/test"

# Written for these tests (no article text from elsewhere). The first three are one
# proposition seen over six months: an accusation, a denial, then an admission.
ARTICLES: list[dict] = [
    {
        "title": "أوكرانيا تتهم كوريا الشمالية بإرسال جنود إلى روسيا",
        "content": "اتهمت أوكرانيا يوم الثلاثاء كوريا الشمالية بإرسال آلاف الجنود إلى روسيا للقتال في منطقة كورسك.\n"
                   "وقال متحدث باسم وزارة الدفاع الأوكرانية إن الجنود وصلوا إلى الجبهة الأسبوع الماضي.",
        "date": "2024-10-22", "url": "https://news.example/ukraine-accuses", "source": "example-news",
    },
    {
        "title": "موسكو تنفي وجود جنود كوريين شماليين على أراضيها",
        "content": "نفت روسيا يوم الأربعاء وجود جنود من كوريا الشمالية يقاتلون في منطقة كورسك.\n"
                   "وقال المتحدث باسم الكرملين إن هذه الاتهامات لا أساس لها.",
        "date": "2024-11-13", "url": "https://news.example/moscow-denies", "source": "example-news",
    },
    {
        "title": "لأول مرة.. روسيا تعترف بنشر جنود كوريين شماليين",
        "content": "اعترفت روسيا يوم السبت لأول مرة بأنها نشرت جنودا من كوريا الشمالية في منطقة كورسك.\n"
                   "وقال رئيس الأركان الروسي إن الجنود ساهموا في استعادة المنطقة.",
        "date": "2025-04-26", "url": "https://news.example/russia-admits", "source": "other-news",
    },
    {
        "title": "غارات جوية على مدينة حلب",
        "content": "قصفت طائرات حربية سورية يوم الاثنين أحياء في مدينة حلب، مما أدى إلى مقتل خمسة مدنيين "
                   "وإصابة عشرة آخرين، بحسب المرصد السوري لحقوق الإنسان.",
        "date": "2024-11-04", "url": "https://news.example/aleppo-strikes", "source": "other-news",
    },
    {
        "title": "البنك المركزي يرفع سعر الفائدة",
        "content": "أعلن البنك المركزي السعودي يوم الأحد رفع سعر الفائدة ربع نقطة مئوية لمواجهة التضخم، "
                   "وتوقع محللون أن تتباطأ القروض العقارية خلال الأشهر المقبلة.",
        "date": "2024-12-01", "url": "https://news.example/rates", "source": "example-news",
    },
    {
        "title": "الهلال يفوز على النصر في الرياض",
        "content": "فاز نادي الهلال على ضيفه النصر بهدفين مقابل هدف في المباراة التي أقيمت مساء الخميس "
                   "في مدينة الرياض ضمن الدوري السعودي للمحترفين.",
        "date": "2024-12-05", "url": "https://news.example/derby", "source": "sports-news",
    },
]

# The rates article again under another address: ingest keeps one copy.
DUPLICATE = dict(ARTICLES[4], url="https://mirror.example/rates")
NO_CONTENT = {"title": "خبر بلا نص", "date": "2024-12-06", "url": "https://news.example/empty"}

_CITIES = ["جدة", "الدمام", "أبها", "تبوك", "حائل", "نجران"]


def weather_articles(count: int) -> list[dict]:
    """Short distinct articles to make an ingest long enough to interrupt."""
    out = []
    for i in range(count):
        city = _CITIES[i % len(_CITIES)]
        out.append({
            "title": f"أمطار غزيرة في {city} (نشرة {i + 1})",
            "content": f"توقع المركز الوطني للأرصاد هطول أمطار غزيرة على مدينة {city} يوم الجمعة، "
                       f"ودعا الدفاع المدني السكان إلى الابتعاد عن مجاري السيول. وبلغت كمية الأمطار {10 + i} ملم.",
            "date": f"2024-12-{10 + i:02d}", "url": f"https://news.example/weather-{i}", "source": "weather-news",
        })
    return out


def write_jsonl(path: Path, records: list[dict]) -> Path:
    with open(path, "w", encoding="utf-8") as fh:
        for record in records:
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path
