"""Ingest readers that yield RawArticle records: text, HTML, feeds, JSON lines, WARC."""
