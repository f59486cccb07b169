"""Tests of the quotes and claims stages (attribution): corpus tests, robustness, shared gold."""
