"""`khabar train ner`: rebuild the CRF tagger (word clusters, jackknifed name lists, model) from ANERcorp train."""

from __future__ import annotations

import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import click

from khabar.extract.ner_features import (
    FeatureExtractor,
    PhraseIndex,
    Resources,
    entity_lists,
    load_known,
    load_places,
    load_triggers,
)
from khabar.text.segment import strip_clitics

TRAIN_FILE = "ANERCorp_CamelLabSplit_reconstructed_train.txt"
TEST_FILE = "ANERCorp_CamelLabSplit_reconstructed_test.txt"
Sentence = list[tuple[str, str]]


@dataclass
class Settings:
    """The chosen training settings (tuned on the last 10% of train; see NER_MODEL_CARD.md)."""

    c1: float = 0.02
    c2: float = 0.05
    max_iterations: int = 150
    folds: int = 5  # jackknife folds for the name-list features
    cluster_sizes: tuple[int, ...] = (32, 128, 512)
    cluster_dims: int = 100
    cluster_min_count: int = 2
    window: int = 2
    doc_window: int = 12  # sentences either side that count as the same document
    fold_iterations: int = 100
    processes: int = 5  # one per fold: the folds train at once


def read_conll(path: Path) -> list[Sentence]:
    """`token LABEL` lines, blank line between sentences."""
    sentences: list[Sentence] = []
    current: Sentence = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            line = line.rstrip("\n")
            if not line.strip():
                if current:
                    sentences.append(current)
                    current = []
                continue
            word, _, tag = line.rpartition(" ")
            if not word:  # a line with no word: keep the tag so lengths stay aligned
                word = "_"
            current.append((word, tag))
    if current:
        sentences.append(current)
    return sentences


def build_clusters(
    sentences: Sequence[Sentence], sizes: Sequence[int], dims: int, min_count: int, seed: int = 7
) -> dict[str, tuple[str, ...]]:
    """Word clusters of clitic-stripped words from unlabelled text: PPMI of ±2 positional contexts,
    truncated SVD, k-means at several sizes. Only the words of `sentences` are used (never test text)."""
    import numpy as np
    from scipy.cluster.vq import kmeans2
    from scipy.sparse import csr_matrix
    from scipy.sparse.linalg import svds

    stems = [[strip_clitics(w) for w, _ in s] for s in sentences]
    freq = Counter(w for s in stems for w in s)
    vocab = [w for w, c in freq.items() if c >= min_count]
    index = {w: i for i, w in enumerate(vocab)}
    context_words = [w for w, _ in freq.most_common(4000)]
    context_index = {w: i for i, w in enumerate(context_words)}
    n_ctx = len(context_words)
    pairs: Counter[tuple[int, int]] = Counter()
    for s in stems:
        for i, w in enumerate(s):
            row = index.get(w)
            if row is None:
                continue
            for slot, offset in enumerate((-2, -1, 1, 2)):
                j = i + offset
                ctx = s[j] if 0 <= j < len(s) else "<edge>"
                col = context_index.get(ctx)
                if col is not None:
                    pairs[(row, slot * n_ctx + col)] += 1
    rows, cols, vals = zip(*((r, c, v) for (r, c), v in pairs.items()), strict=True)
    matrix = csr_matrix((np.array(vals, dtype=float), (rows, cols)), shape=(len(vocab), 4 * n_ctx))
    total = matrix.sum()
    row_sums = np.asarray(matrix.sum(axis=1)).ravel()
    col_sums = np.asarray(matrix.sum(axis=0)).ravel() ** 0.75
    col_sums = col_sums / col_sums.sum() * total
    coo = matrix.tocoo()
    pmi = np.log(coo.data * total / (row_sums[coo.row] * col_sums[coo.col]))
    keep = pmi > 0
    ppmi = csr_matrix((pmi[keep], (coo.row[keep], coo.col[keep])), shape=matrix.shape)
    u, sigma, _ = svds(ppmi, k=min(dims, min(ppmi.shape) - 1), random_state=seed)
    vectors = u * np.sqrt(sigma)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-9
    labels = []
    rng = np.random.default_rng(seed)
    for k in sizes:
        _, assignment = kmeans2(vectors, k, minit="++", seed=rng, iter=20)
        labels.append(assignment)
    return {w: tuple(str(lab[i]) for lab in labels) for i, w in enumerate(vocab)}


def resources_from(
    sentences: Sequence[Sentence], clusters: dict[str, tuple[str, ...]], triggers_path: str, places_path: str
) -> Resources:
    phrases, token_types = entity_lists(sentences)
    index = PhraseIndex()
    for words, label in phrases.items():
        index.add(words, label)
    known, word_kinds = load_known(str(Path(places_path).with_name("khabar_lists.tsv")))
    return Resources(
        places=load_places(places_path),
        triggers=load_triggers(triggers_path),
        clusters=clusters,
        entities=index,
        token_types=token_types,
        known=known,
        word_kinds=word_kinds,
        word_counts=dict(Counter(strip_clitics(w) for s in sentences for w, _ in s)),
    )


def jackknife_features(
    sentences: Sequence[Sentence], clusters: dict[str, tuple[str, ...]], settings: Settings,
    triggers_path: str, places_path: str,
) -> list[list[list[bytes]]]:
    """Features of each training sentence with name lists built from the OTHER folds, so that the
    model learns how far a list hit can be trusted on unseen text."""
    n = len(sentences)
    bounds = [round(n * k / settings.folds) for k in range(settings.folds + 1)]
    out: list[list[list[bytes]]] = []
    for k in range(settings.folds):
        lo, hi = bounds[k], bounds[k + 1]
        others = list(sentences[:lo]) + list(sentences[hi:])
        extractor = FeatureExtractor(resources_from(others, clusters, triggers_path, places_path), settings.window)
        for sentence in sentences[lo:hi]:
            out.append(extractor.sentence([w for w, _ in sentence]))
    return out


def _train_crf(features: Sequence[list[list[bytes]]], labels: Sequence[list[str]], path: Path,
               settings: Settings, iterations: int) -> None:
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for feats, tags in zip(features, labels, strict=True):
        trainer.append(feats, tags)
    trainer.set_params(
        {"c1": settings.c1, "c2": settings.c2, "max_iterations": iterations, "feature.possible_transitions": True}
    )
    trainer.train(str(path))


def _tag_all(path: Path, features: Sequence[list[list[bytes]]]) -> list[list[str]]:
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    return [list(tagger.tag(f)) for f in features]


# Fork-shared state for the fold workers (features are large; forking avoids pickling them).
_FOLD_STATE: dict[str, object] = {}


def _fold_worker(args: tuple[int, int, int, str]) -> list[list[str]]:
    lo, hi, iterations, path = args
    features = _FOLD_STATE["features"]
    labels = _FOLD_STATE["labels"]
    settings = _FOLD_STATE["settings"]
    _train_crf(features[:lo] + features[hi:], labels[:lo] + labels[hi:], Path(path), settings, iterations)
    return _tag_all(Path(path), features[lo:hi])


def first_pass_jackknife(
    features: list[list[list[bytes]]], labels: list[list[str]], settings: Settings, workdir: Path
) -> list[list[str]]:
    """First-pass tags of every training sentence by a model that did not see its fold."""
    import multiprocessing

    n = len(features)
    bounds = [round(n * k / settings.folds) for k in range(settings.folds + 1)]
    _FOLD_STATE.update(features=features, labels=labels, settings=settings)
    jobs = [(bounds[k], bounds[k + 1], settings.fold_iterations, str(workdir / f"fold{k}.crfsuite"))
            for k in range(settings.folds)]
    with multiprocessing.get_context("fork").Pool(settings.processes) as pool:
        parts = pool.map(_fold_worker, jobs)
    _FOLD_STATE.clear()
    return [tags for part in parts for tags in part]


def train_model(
    sentences: Sequence[Sentence], model_dir: Path, settings: Settings, triggers_path: str, places_path: str,
) -> tuple[dict[str, tuple[str, ...]], Resources]:
    """Train both passes into model_dir (FIRST_MODEL, MODEL_FILE); returns clusters and the lists to ship."""
    from khabar.extract.ner_crf import FIRST_MODEL, MODEL_FILE
    from khabar.extract.ner_features import document_hints

    clusters = build_clusters(sentences, settings.cluster_sizes, settings.cluster_dims, settings.cluster_min_count)
    features = jackknife_features(sentences, clusters, settings, triggers_path, places_path)
    labels = [[t for _, t in s] for s in sentences]
    words = [[w for w, _ in s] for s in sentences]
    import multiprocessing

    with tempfile.TemporaryDirectory() as tmp:
        first_tags = first_pass_jackknife(features, labels, settings, Path(tmp))
    # the first-pass model on all data trains in a forked process while this one trains the second pass
    first_job = multiprocessing.get_context("fork").Process(
        target=_train_crf, args=(features, labels, model_dir / FIRST_MODEL, settings, settings.max_iterations)
    )
    first_job.start()
    hints = document_hints(words, first_tags, settings.doc_window)
    second = [
        [f + [x.encode() for x in h] for f, h in zip(fs, hs, strict=True)]
        for fs, hs in zip(features, hints, strict=True)
    ]
    _train_crf(second, labels, model_dir / MODEL_FILE, settings, settings.max_iterations)
    first_job.join()
    if first_job.exitcode != 0:
        raise RuntimeError("training the first-pass model failed")
    return clusters, resources_from(sentences, clusters, triggers_path, places_path)


def tag_with(model_dir: Path, resources: Resources, sentences: Sequence[Sentence], settings: Settings,
             ) -> tuple[list[list[str]], list[list[str]]]:
    """(first-pass tags, final tags) of sentences read as one running text."""
    from khabar.extract.ner_crf import CrfTagger

    tagger = CrfTagger(model_dir, resources, settings.window, settings.doc_window)
    words = [[w for w, _ in s] for s in sentences]
    return tagger.first_pass(words), tagger.tag_document(words)


@click.command(name="ner")
@click.option("--data", "data_dir", type=click.Path(path_type=Path), default=None,
              help="Folder holding the ANERcorp CAMeL-split train file (default: shared/data/anercorp).")
@click.option("--dev/--no-dev", default=False, help="Hold out the last 10% of train and print dev scores only.")
@click.option("--out", type=click.Path(path_type=Path), default=None, help="Write the model here instead.")
def train_ner_command(data_dir: Path | None, dev: bool, out: Path | None) -> None:
    """Train the CRF named-entity tagger on ANERcorp train (about 2-4 minutes)."""
    from khabar.data import data_path
    from khabar.evaluation.conll import format_score, score_sequences
    from khabar.evaluation.paths import shared_data
    from khabar.extract.ner_crf import save_resources

    data_dir = data_dir or shared_data("anercorp")
    train_path = data_dir / TRAIN_FILE if data_dir.is_dir() else data_dir
    if not train_path.exists():
        raise click.ClickException(f"no training file at {train_path}")
    sentences = read_conll(train_path)
    settings = Settings()
    triggers_path = str(data_path("ner", "triggers.tsv"))
    places_path = str(data_path("ner", "places.tsv"))
    started = time.perf_counter()
    if dev:
        cut = int(len(sentences) * 0.9)
        model_dir = out or Path(tempfile.mkdtemp(prefix="khabar_ner_dev"))
        model_dir.mkdir(parents=True, exist_ok=True)
        _, resources = train_model(sentences[:cut], model_dir, settings, triggers_path, places_path)
        first, final = tag_with(model_dir, resources, sentences[cut:], settings)
        gold = [[t for _, t in s] for s in sentences[cut:]]
        click.echo("first pass:\n" + format_score(score_sequences(gold, first)))
        click.echo("final:\n" + format_score(score_sequences(gold, final)))
    else:
        model_dir = out or data_path("models")
        model_dir.mkdir(parents=True, exist_ok=True)
        clusters, resources = train_model(sentences, model_dir, settings, triggers_path, places_path)
        save_resources(clusters, resources, out)
        click.echo(f"models written to {model_dir}")
    click.echo(f"trained in {time.perf_counter() - started:.0f} s")
