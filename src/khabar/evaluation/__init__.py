"""Evaluation commands against shared labelled data (khabar eval ...)."""
