"""CRF named-entity tagger (PERS/LOC/ORG/MISC, IOB2, ANERcorp labels): `tag_tokens` and `tag_sentences`."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from khabar.data import data_path
from khabar.extract.ner_decode import ArrayTagger, CrfWeights
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
    from khabar.evaluation.train_ner import Settings

MODEL_FILE = "ner_crf.crfsuite"  # the second pass, which also reads document hints
FIRST_MODEL = "ner_crf_first.crfsuite"  # the first pass, whose tags feed the hints
CLUSTERS_FILE = "clusters.tsv"
NAMES_FILE = "train_names.tsv"


class CrfTagger:
    """The two trained models with their feature extractor.

    A single sentence is tagged by the first-pass model, which was trained without document hints
    (there are no other sentences to consult); a document is tagged by the first pass, then again
    with each word's first-pass types elsewhere in the document as features. Tagging runs on the
    models' weights as arrays (khabar.extract.ner_decode), which gives crfsuite's own tags several
    times faster."""

    FINAL, FIRST = 0, 1

    def __init__(self, model_dir: Path, resources: Resources, window: int = 2, doc_window: int = 12) -> None:
        self.doc_window = doc_window
        self.extractor = FeatureExtractor(resources, window)
        self._arrays = ArrayTagger(model_weights(model_dir), self.extractor)

    def _features(self, tokens: Sequence[str], extra: Sequence[Sequence[str]] | None = None) -> list[list[bytes]]:
        """crfsuite attribute lists (for training and for checking the array tagger against crfsuite)."""
        return self.extractor.sentence(tokens, extra)

    def tag(self, tokens: Sequence[str]) -> list[str]:
        words = [_clean_token(t) for t in tokens]
        if not words:
            return []
        return self._arrays.tag(self.FIRST, [words])[0]

    def tag_each(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        """Each sentence tagged on its own, as `tag` would, but decoded together (faster for many)."""
        return self._arrays.tag(self.FIRST, [[_clean_token(t) for t in tokens] for tokens in sentences])

    def first_pass(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        return self._arrays.tag(self.FIRST, sentences)

    def tag_document(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        from khabar.extract.ner_features import document_hints

        clean = [[_clean_token(t) for t in sentence] for sentence in sentences]
        if len(clean) < 2:
            return [self.tag(words) for words in clean]
        first = self.first_pass(clean)
        hints = document_hints(clean, first, self.doc_window)
        return self._arrays.tag(self.FINAL, clean, hints)


def model_weights(model_dir: Path) -> CrfWeights:
    """The second-pass and first-pass models' weights (in the order of CrfTagger.FINAL and FIRST), from a
    pickle in the user cache while the model files are unchanged (reading crfsuite's dump of them takes
    most of a second)."""
    from khabar.cache import load_or_build

    paths = [model_dir / MODEL_FILE, model_dir / FIRST_MODEL]
    return load_or_build("ner-weights", "1", paths, lambda: CrfWeights.from_models(paths), CrfWeights)


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


def tag_each(sentences: Sequence[Sequence[str]]) -> list[list[str]]:
    """IOB2 tags for each of many sentences, each read on its own (the same tags as `tag_tokens` on each)."""
    return default_tagger().tag_each(sentences)


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


__all__ = ["CrfTagger", "PhraseIndex", "default_tagger", "load_resources", "save_resources", "tag_document", "tag_each", "tag_sentences",
           "tag_tokens"]
