"""The corpus: storage in SQLite or PostgreSQL, cross-article linking, claim threads, search."""
