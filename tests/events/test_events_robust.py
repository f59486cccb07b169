"""Bad or odd input never breaks the events stage: random words of the trigger vocabulary and noise."""

from __future__ import annotations

import random

import khabar
from khabar.document import Document
from khabar.errors import KhabarInputError
from khabar.extract.events import add_events

WORDS = ["قصف", "هجوم", "على", "في", "غارات", "لن", "كما", "الجيش", "السوري", "روسيا", "قتل", "مقتل", "5",
         "بين", "و", "من", "قبل", "شنته", "تعرضت", "لهجوم", "«", "»", ":", "،", ".", "اتهم", "رفض", "بطلب",
         "التقى", "مع", "قواتها", "بلاده", "نظيره", "الإيراني", "وقف", "الهجوم", "تمكنت", "جمعت", "مواقع"]
NOISE = "ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإؤئةى ،.؛:«»\"()0123456789\n"


def test_random_inputs_give_events_with_valid_spans():
    rng = random.Random(7)
    for i in range(150):
        if i % 3 == 0:
            text = "".join(rng.choice(NOISE) for _ in range(rng.randint(0, 200)))
        else:
            text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 60)))
        try:
            doc = khabar.analyze(text, published="2020-01-01")
        except KhabarInputError:
            doc = add_events(Document(text=text))
        for event in doc.events:
            assert doc.text[event.evidence.start : event.evidence.end] == event.evidence.text
            assert event.type in {"ASSAULT", "COERCE", "PROTEST", "ACCUSE", "REJECT", "REQUEST", "CONSULT",
                                  "SUPPORT", "AGREE", "THREATEN", "MOBILIZE", "AID", "RETREAT", "SANCTION",
                                  "COOPERATE", "CONCEDE"}
