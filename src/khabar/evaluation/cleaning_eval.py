"""`khabar eval cleaning`: the seed's cleaning score and body-text F1 on real Arabic news HTML fixtures."""

from __future__ import annotations

import importlib.util
import json
from collections import Counter
from pathlib import Path

import click

from khabar.evaluation.paths import shared_dir
from khabar.text.segment import tokenize


def token_f1(predicted: str, expected: str) -> tuple[float, float, float]:
    """Bag-of-word-tokens precision, recall and F1 of an extracted body against the expected one."""
    pred = Counter(t.text for t in tokenize(predicted) if t.text.strip())
    gold = Counter(t.text for t in tokenize(expected) if t.text.strip())
    common = sum((pred & gold).values())
    p = common / sum(pred.values()) if pred else 0.0
    r = common / sum(gold.values()) if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def load_scorer(shared: Path):
    spec = importlib.util.spec_from_file_location("khabar_shared_score", shared / "eval" / "score.py")
    if spec is None or spec.loader is None:
        raise click.ClickException(f"no scorer at {shared / 'eval' / 'score.py'}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def html_fixtures(shared: Path) -> list[tuple[str, Path, str, bool]]:
    """(name, html path, expected text, whether the expectation is only the body's opening) per fixture."""
    root = shared / "data" / "news_html_fixtures"
    out = []
    newspaper = root / "newspaper"
    if (newspaper / "arabic_article.html").exists():
        out.append(("newspaper", newspaper / "arabic_article.html", (newspaper / "arabic.txt").read_text("utf-8"), False))
    goose = root / "goose3"
    if (goose / "test_cnn_arabic.html").exists():
        expected = json.loads((goose / "test_cnn_arabic.json").read_text("utf-8"))["expected"]["cleaned_text"]
        # goose3's test checks only that the body starts with these 149 characters
        out.append(("goose3", goose / "test_cnn_arabic.html", expected, True))
    return out


@click.command(name="cleaning")
@click.option("--shared", "shared_path", type=click.Path(path_type=Path), default=None,
              help="The shared/ folder (default: ../shared or $KHABAR_SHARED).")
def command(shared_path: Path | None) -> None:
    """Cleaning F1 on the seed article and body-token F1 on the Arabic HTML fixtures."""
    import khabar

    shared = shared_path or shared_dir()
    seed = shared / "examples" / "seed"
    if not seed.exists():
        raise click.ClickException(f"no seed article under {shared}")
    scorer = load_scorer(shared)
    gold = json.loads((seed / "expected.json").read_text("utf-8"))
    doc = khabar.analyze((seed / "article.txt").read_text("utf-8"), published=gold.get("published"))
    report = scorer.score(gold, doc.to_dict())["cleaning"]
    click.echo(f"{'input':<28}{'P':>7}{'R':>7}{'F1':>7}")
    click.echo(f"{'seed cleaning checks':<28}{report['precision']:>7.3f}{report['recall']:>7.3f}{report['f1']:>7.3f}")
    for name, path, expected, opening_only in html_fixtures(shared):
        doc = khabar.analyze(path.read_text("utf-8"))
        if opening_only:
            verdict = "yes" if doc.text.startswith(expected.strip()) else "no"
            click.echo(f"{name + ' HTML body opening':<28} starts with the expected text: {verdict}")
            continue
        p, r, f = token_f1(doc.text, expected)
        click.echo(f"{name + ' HTML body tokens':<28}{p:>7.3f}{r:>7.3f}{f:>7.3f}")
