"""Extraction stages: entities, times, numbers, quotes, claims, events."""
