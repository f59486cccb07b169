"""The `khabar` command: analyse articles, evaluate, train, and work with the corpus."""

from __future__ import annotations

import importlib
import sys

import click

from khabar.errors import KhabarInputError

# Sub-commands that live in their own modules, imported only when called so that
# `khabar analyze` starts fast. name -> "module:click_command".
LAZY_COMMANDS: dict[str, str] = {
    "eval": "khabar.evaluation.cli:eval_group",
    "train": "khabar.evaluation.train_cli:train_group",
    "ingest": "khabar.corpus.cli:ingest_command",
    "search": "khabar.corpus.cli:search_command",
    "entity": "khabar.corpus.cli:entity_command",
    "threads": "khabar.corpus.cli:threads_command",
    "export": "khabar.corpus.cli:export_command",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *LAZY_COMMANDS])

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in LAZY_COMMANDS:
            module_name, _, attr = LAZY_COMMANDS[cmd_name].partition(":")
            return getattr(importlib.import_module(module_name), attr)
        return super().get_command(ctx, cmd_name)


def fail(message: str) -> None:
    """One line on stderr and exit status 2: how every bad input ends."""
    click.echo(f"khabar: error: {message}", err=True)
    sys.exit(2)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="khabar")
def main() -> None:
    """khabar reads Arabic news and answers who, where, who said what, who claims or
    denies what, and who did what to whom — with the article's words as evidence.

    \b
    Start with:
      khabar analyze article.txt --published 2025-04-26
      khabar analyze page.html --format json
      khabar analyze news.jsonl --format jsonl > out.jsonl
    """


@main.command()
@click.argument("path", type=str)
@click.option("--published", metavar="YYYY-MM-DD", help="Publication date; anchors relative dates (السبت، أمس).")
@click.option("--url", help="The article's address (kept in the output, and used for its id).")
@click.option(
    "--format", "fmt", type=click.Choice(["json", "text", "jsonl", "plover", "acled"]), default=None,
    help="json (one article), text (a readable summary), jsonl (many articles), plover or acled (events). "
    "Default: json for one article, jsonl for a folder or .jsonl file.",
)
@click.option("--max-bytes", default=10_000_000, show_default=True, help="Refuse inputs larger than this.")
def analyze(path: str, published: str | None, url: str | None, fmt: str | None, max_bytes: int) -> None:
    """Analyse one article (a file, or - for stdin; plain text or HTML) or many
    (a folder, or a .jsonl file with title/content/date/url fields)."""
    from khabar.analyze_cli import run_analyze

    try:
        run_analyze(path, published=published, url=url, fmt=fmt, max_bytes=max_bytes)
    except KhabarInputError as exc:
        fail(str(exc))
    except BrokenPipeError:  # `khabar analyze ... | head` is normal use
        sys.stderr.close()

