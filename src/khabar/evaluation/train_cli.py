"""`khabar train ...`: rebuild the packaged models from their training data."""

from __future__ import annotations

import importlib

import click

TRAIN_COMMANDS: dict[str, str] = {
    "ner": "khabar.evaluation.train_ner:train_ner_command",
}


class _LazyTrainGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(TRAIN_COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in TRAIN_COMMANDS:
            return None
        module_name, _, attr = TRAIN_COMMANDS[cmd_name].partition(":")
        return getattr(importlib.import_module(module_name), attr)


@click.group(cls=_LazyTrainGroup, name="train")
def train_group() -> None:
    """Retrain a packaged model (the result replaces the file under khabar/data)."""
