"""Tests of the corpus: store, ingest, search, threads, export."""
