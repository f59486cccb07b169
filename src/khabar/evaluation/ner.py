"""`khabar eval ner`: entity-level precision/recall/F1 (conlleval rules) of the CRF tagger on a CoNLL file."""

from __future__ import annotations

import json
import time
from pathlib import Path

import click


@click.command(name="ner")
@click.option("--data", "data_file", type=click.Path(path_type=Path), default=None,
              help="`token LABEL` file, blank line between sentences "
                   "(default: shared/data/anercorp/ANERCorp_CamelLabSplit_reconstructed_test.txt).")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
def eval_ner_command(data_file: Path | None, as_json: bool) -> None:
    """Score the packaged NER model against gold IOB2 labels, two ways: `khabar.tag_tokens` on each
    sentence alone (the standard measure, which issue #3's target is set on) and `tag_sentences` with the
    whole file read as one document (two passes; what the entity layer could do with a whole article)."""
    from khabar.evaluation.conll import format_score, score_sequences
    from khabar.evaluation.paths import shared_data
    from khabar.evaluation.train_ner import TEST_FILE, read_conll
    from khabar.extract.ner_crf import default_tagger, tag_document, tag_each

    path = data_file or shared_data("anercorp", TEST_FILE)
    if not path.exists():
        raise click.ClickException(f"no such file: {path}")
    sentences = read_conll(path)
    started = time.perf_counter()
    default_tagger()
    loaded = time.perf_counter()
    words = [[w for w, _ in s] for s in sentences]
    gold = [[t for _, t in s] for s in sentences]
    alone = score_sequences(gold, tag_each(words))  # the tags of tag_tokens on each sentence, decoded together
    tagged = time.perf_counter()
    document = score_sequences(gold, tag_document(words))
    if as_json:
        click.echo(json.dumps({"file": str(path), **alone.as_dict(), "document": document.as_dict()},
                              ensure_ascii=False, indent=2))
        return
    click.echo(f"file: {path}")
    click.echo("khabar.tag_tokens, each sentence alone:")
    click.echo(format_score(alone))
    click.echo("tag_sentences, the file read as one document (two passes):")
    click.echo(format_score(document))
    tokens = sum(len(s) for s in sentences)
    click.echo(f"model load {loaded - started:.2f} s; tagged {tokens} tokens in {tagged - loaded:.2f} s")
