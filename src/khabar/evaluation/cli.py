"""`khabar eval ...`: score khabar against the labelled corpora in ../shared/data."""

from __future__ import annotations

import importlib

import click

# name -> "module:click_command"; each evaluation lives in its own module.
EVAL_COMMANDS: dict[str, str] = {
    "ner": "khabar.evaluation.ner:eval_ner_command",
    "cleaning": "khabar.evaluation.cleaning_eval:command",
    "times": "khabar.evaluation.times_eval:times_command",
    "events": "khabar.evaluation.events_eval:events_command",
    "names": "khabar.evaluation.names_eval:names_command",
}


class _LazyEvalGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(EVAL_COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in EVAL_COMMANDS:
            return None
        module_name, _, attr = EVAL_COMMANDS[cmd_name].partition(":")
        return getattr(importlib.import_module(module_name), attr)


@click.group(cls=_LazyEvalGroup, name="eval")
def eval_group() -> None:
    """Measure khabar on labelled data (paths into ../shared/data by default)."""
