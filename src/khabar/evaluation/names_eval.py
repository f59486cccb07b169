"""`khabar eval names`: how often an Arab name the gazetteer lacks is romanised as English writers spell it, by cross-validation over people.tsv."""

from __future__ import annotations

import json
import random
import re
import unicodedata
from dataclasses import dataclass

import click

from khabar.data import data_path
from khabar.extract.entities import romanise_person
from khabar.extract.gazetteer import read_tsv
from khabar.extract.romanise import ARAB_STATES
from khabar.extract.romanise_learn import Spellings


def comparable(name: str) -> str:
    """A name as the shared scorer compares it: lower-case, punctuation as spaces (al-Zahed = Al Zahed)."""
    text = re.sub(r"[^\w\s]", " ", unicodedata.normalize("NFKC", name).lower())
    return " ".join(text.split())


@dataclass
class NameScore:
    names: int
    whole_names_right: int
    words: int
    words_right: int

    @property
    def name_accuracy(self) -> float:
        return self.whole_names_right / self.names if self.names else 0.0

    @property
    def word_accuracy(self) -> float:
        return self.words_right / self.words if self.words else 0.0


def arab_people() -> list[tuple[str, list[str]]]:
    """(English name, Arabic spellings) of the gazetteer's people from Arab states."""
    return [(row["name_en"], [s for s in row["spellings_ar"].split("|") if s])
            for row in read_tsv(data_path("gazetteers", "people.tsv")) if row["country"] in ARAB_STATES]


def cross_validate(folds: int = 5, seed: int = 7, learn: bool = True) -> NameScore:
    """Each person's fullest spelling romanised with spellings learned from the other folds only
    (or with no learned spellings at all when `learn` is False), against their English name."""
    people = arab_people()
    random.Random(seed).shuffle(people)
    score = NameScore(0, 0, 0, 0)
    for fold in range(folds):
        train = [p for i, p in enumerate(people) if i % folds != fold]
        spellings = Spellings.learn([(s, name) for name, spellings_ar in train for s in spellings_ar]) if learn \
            else Spellings()
        for name, spellings_ar in people[fold::folds]:
            full = [s for s in spellings_ar if len(s.split()) >= 2]
            if not full:
                continue
            guess, gold = comparable(romanise_person(full[0], spellings)).split(), comparable(name).split()
            score.names += 1
            score.whole_names_right += guess == gold
            if len(guess) == len(gold):
                score.words += len(gold)
                score.words_right += sum(g == w for g, w in zip(guess, gold, strict=True))
    return score


@click.command(name="names")
@click.option("--folds", default=5, show_default=True, help="Cross-validation folds over people.tsv.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
def names_command(folds: int, as_json: bool) -> None:
    """Romanisation of Arab names no gazetteer holds, measured on people.tsv by cross-validation:
    each fold's names are romanised with only the other folds' spellings learned, and must equal
    the English name as the shared scorer compares names (case and punctuation aside)."""
    learned, letters = cross_validate(folds), cross_validate(folds, learn=False)
    rows = {"learned spellings": learned, "letter table only": letters}
    if as_json:
        click.echo(json.dumps({k: {"names": v.names, "name_accuracy": round(v.name_accuracy, 4),
                                   "word_accuracy": round(v.word_accuracy, 4)} for k, v in rows.items()}, indent=2))
        return
    click.echo(f"Arab names in people.tsv, {folds}-fold cross-validation")
    for label, score in rows.items():
        click.echo(f"  {label:<18}  whole name {score.name_accuracy:.3f} ({score.whole_names_right}/{score.names})"
                   f"  words {score.word_accuracy:.3f}")
