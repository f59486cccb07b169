"""CRF named-entity tagger (PERS/LOC/ORG/MISC, IOB2, ANERcorp labels): `tag_tokens` and `tag_sentences`."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from khabar.data import data_path
from khabar.extract.ner_features import (
    FeatureExtractor,
    PhraseIndex,
    Resources,
    load_clusters,
    load_entities,
    load_known,
    load_places,
    load_triggers,
)

if TYPE_CHECKING:
    import pycrfsuite

    from khabar.evaluation.train_ner import Settings

MODEL_FILE = "ner_crf.crfsuite"  # the second pass, which also reads document hints
FIRST_MODEL = "ner_crf_first.crfsuite"  # the first pass, whose tags feed the hints
# Every attribute either model has a weight for, one per line: attributes outside it are dropped before
# tagging (crfsuite would ignore them, after converting and looking up each one)
ATTRIBUTES_FILE = "ner_crf.attributes"
CLUSTERS_FILE = "clusters.tsv"
NAMES_FILE = "train_names.tsv"
# The per-word feature cache is dropped past this many word types, so memory stays bounded.
_CACHE_LIMIT = 300_000


class CrfTagger:
    """The two loaded models with their feature extractor.

    A single sentence is tagged by the second-pass model alone (it has no other sentences to
    consult); a document is tagged by the first pass, then again with each word's first-pass
    types elsewhere in the document as features."""

    def __init__(self, model_dir: Path, resources: Resources, window: int = 2, doc_window: int = 12) -> None:
        import pycrfsuite

        self._final: pycrfsuite.Tagger = pycrfsuite.Tagger()
        self._final.open(str(model_dir / MODEL_FILE))
        self._first_path = model_dir / FIRST_MODEL
        self._first: pycrfsuite.Tagger | None = None
        self.doc_window = doc_window
        self.known = load_attributes(model_dir)
        self.extractor = FeatureExtractor(resources, window, self.known)

    def _features(self, tokens: Sequence[str], extra: Sequence[Sequence[str]] | None = None) -> list[list[bytes]]:
        if len(self.extractor._base) > _CACHE_LIMIT:
            self.extractor = FeatureExtractor(self.extractor.resources, self.extractor.window, self.known)
        return self.extractor.sentence(tokens, extra)

    def tag(self, tokens: Sequence[str]) -> list[str]:
        words = [_clean_token(t) for t in tokens]
        if not words:
            return []
        return list(self._final.tag(self._features(words)))

    def first_pass(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        import pycrfsuite

        if self._first is None:
            self._first = pycrfsuite.Tagger()
            self._first.open(str(self._first_path))
        return [list(self._first.tag(self._features(words))) if words else [] for words in sentences]

    def tag_document(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        from khabar.extract.ner_features import document_hints

        clean = [[_clean_token(t) for t in sentence] for sentence in sentences]
        if len(clean) < 2:
            return [self.tag(words) for words in clean]
        first = self.first_pass(clean)
        hints = document_hints(clean, first, self.doc_window)
        return [list(self._final.tag(self._features(words, h))) if words else []
                for words, h in zip(clean, hints, strict=True)]


def load_attributes(model_dir: Path) -> frozenset[bytes] | None:
    """The attributes the models know (None when the list is missing: nothing is filtered)."""
    path = model_dir / ATTRIBUTES_FILE
    if not path.exists():
        return None
    return frozenset(line for line in path.read_bytes().split(b"\n") if line)


def write_attributes(model_dir: Path) -> int:
    """Write ATTRIBUTES_FILE from the two models in model_dir (after training); returns how many."""
    import pycrfsuite

    known: set[str] = set()
    for name in (MODEL_FILE, FIRST_MODEL):
        tagger = pycrfsuite.Tagger()
        tagger.open(str(model_dir / name))
        known.update(attribute for attribute, _label in tagger.info().state_features)
        tagger.close()
    (model_dir / ATTRIBUTES_FILE).write_text("".join(f"{a}\n" for a in sorted(known)), encoding="utf-8")
    return len(known)


def _clean_token(token: object) -> str:
    # crfsuite attribute names cannot hold NUL; whitespace inside a token would split nothing but
    # keeps features readable if removed
    text = str(token) if token is not None else ""
    text = "".join(text.split()).replace("\x00", "")
    return text or "_"


def load_resources(folder: Path | None = None) -> Resources:
    """The lists the shipped model was trained with (name lists and clusters sit beside the model's data).
    The packaged lists come from a pickle in the user cache while their files are unchanged: building the
    phrase indexes is most of the tagger's start-up."""
    if folder is None:
        return _cached_resources()
    return _build_resources(folder)


def _resource_files(ner_dir: Path) -> list[Path]:
    return [ner_dir / NAMES_FILE, ner_dir / CLUSTERS_FILE, data_path("ner", "khabar_lists.tsv"),
            data_path("ner", "places.tsv"), data_path("ner", "triggers.tsv")]


def _cached_resources() -> Resources:
    from khabar.cache import load_or_build

    ner_dir = data_path("ner")
    return load_or_build("ner-resources", "1", _resource_files(ner_dir), lambda: _build_resources(ner_dir), Resources)


def _build_resources(ner_dir: Path) -> Resources:
    entities, token_types, counts = load_entities(ner_dir / NAMES_FILE)
    known, word_kinds = load_known(str(data_path("ner", "khabar_lists.tsv")))
    return Resources(
        places=load_places(str(data_path("ner", "places.tsv"))),
        triggers=load_triggers(str(data_path("ner", "triggers.tsv"))),
        clusters=load_clusters(ner_dir / CLUSTERS_FILE),
        entities=entities,
        token_types=token_types,
        known=known,
        word_kinds=word_kinds,
        word_counts=counts,
    )


@lru_cache(maxsize=1)
def default_tagger() -> CrfTagger:
    """The packaged model, loaded once."""
    return CrfTagger(data_path("models"), load_resources())


def tag_tokens(tokens: list[str]) -> list[str]:
    """IOB2 tags (B-PERS, I-LOC, O, ...) for one sentence of word tokens."""
    return default_tagger().tag(tokens)


def tag_sentences(sentences: Sequence[Sequence[str]]) -> list[list[str]]:
    """IOB2 tags for each sentence of one document (two passes: names tagged once inform the rest)."""
    return default_tagger().tag_document(sentences)


tag_document = tag_sentences


def save_resources(
    clusters: dict[str, tuple[str, ...]], resources: Resources, folder: Path | None = None,
    settings: Settings | None = None,
) -> None:
    """Write the clusters and training-name lists that the model's features read (used by `khabar train ner`)."""
    ner_dir = folder or data_path("ner")
    header = (
        "# {what} for the khabar CRF tagger, generated by `khabar train ner` from the ANERcorp CAMeL-split\n"
        "# train file (Benajiba et al. 2007; split by CAMeL Lab, CC BY-SA 4.0). Licence: CC BY-SA 4.0.\n"
    )
    lines = [header.format(what="Word clusters (PPMI+SVD+k-means of clitic-stripped words, train text only)"),
             "# Format: stem<TAB>cluster id at each size\n"]
    lines += ["\t".join((word, *ids)) + "\n" for word, ids in sorted(clusters.items())]
    (ner_dir / CLUSTERS_FILE).write_text("".join(lines), encoding="utf-8")
    lines = [header.format(what="Names labelled in training text"),
             "# Format: P<TAB>type<TAB>name words (first word clitic-stripped), T<TAB>types:share<TAB>word,\n"
             "# or F<TAB>count<TAB>clitic-stripped word (its frequency in the training text)\n"]
    lines += [f"P\t{label}\t{' '.join(words)}\n" for words, label in sorted(resources.entities.phrases.items())]
    lines += [f"T\t{label}\t{word}\n" for word, label in sorted(resources.token_types.items())]
    lines += [f"F\t{count}\t{word}\n" for word, count in sorted(resources.word_counts.items()) if word]
    (ner_dir / NAMES_FILE).write_text("".join(lines), encoding="utf-8")


__all__ = ["CrfTagger", "PhraseIndex", "default_tagger", "load_resources", "save_resources", "tag_document", "tag_sentences",
           "tag_tokens"]
