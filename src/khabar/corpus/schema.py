"""The corpus schema (SQLAlchemy Core tables), shared by SQLite and PostgreSQL; migrations create it."""

from __future__ import annotations

from sqlalchemy import (
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    func,
)

# The Alembic revision the code expects; the store skips Alembic entirely when the
# database already carries it (opening a store must stay cheap for `khabar search`).
SCHEMA_HEAD = "0001"

metadata = MetaData()

# One analysed article. `content_hash` makes ingest idempotent; `analysis` is the JSON
# document of CONTRACT.md; `search_text` is the normalised, clitic-expanded text that
# the full-text index reads.
articles = Table(
    "articles",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("doc_id", String(40), nullable=False),
    Column("content_hash", String(64), nullable=False, unique=True),
    Column("url", Text),
    Column("title", Text),
    Column("published", String(10)),
    Column("source", String(200)),
    Column("text", Text, nullable=False),
    Column("search_text", Text, nullable=False),
    Column("analysis", Text, nullable=False),
    Column("ingested_at", DateTime, server_default=func.now()),
    Index("ix_articles_published", "published"),
    Index("ix_articles_source", "source"),
    Index("ix_articles_doc_id", "doc_id"),
)

# Entities are canonical across articles: `key` is "wd:<Wikidata id>" or "name:<normalised name>".
entities = Table(
    "entities",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("key", String(400), nullable=False, unique=True),
    Column("name", Text),
    Column("name_ar", Text),
    Column("type", String(8)),
    Column("wikidata", String(32)),
    Column("norm_name", Text),
    Column("norm_name_ar", Text),
    Index("ix_entities_norm_name", "norm_name"),
    Index("ix_entities_norm_name_ar", "norm_name_ar"),
    Index("ix_entities_wikidata", "wikidata"),
)

# An entity as it appears in one article (its local id "E3", role and affiliation there).
article_entities = Table(
    "article_entities",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("entity_id", Integer, ForeignKey("entities.id"), nullable=False),
    Column("local_id", String(16), nullable=False),
    Column("type", String(8)),
    Column("role", Text),
    Column("affiliation", Text),
    Column("country", String(8)),
    Column("sector", String(16)),
    Index("ix_article_entities_article", "article_id"),
    Index("ix_article_entities_entity", "entity_id"),
)

mentions = Table(
    "mentions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("entity_id", Integer, ForeignKey("entities.id"), nullable=False),
    Column("text", Text, nullable=False),
    Column("start_offset", Integer, nullable=False),
    Column("end_offset", Integer, nullable=False),
    Index("ix_mentions_article", "article_id"),
    Index("ix_mentions_entity", "entity_id"),
)

quotes = Table(
    "quotes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("local_id", String(16), nullable=False),
    Column("speaker_entity_id", Integer, ForeignKey("entities.id")),
    Column("speaker_name", Text),
    Column("kind", String(16)),
    Column("cue", Text),
    Column("text", Text),
    Column("start_offset", Integer),
    Column("end_offset", Integer),
    Column("channel", Text),
    Column("date", String(32)),
    Column("confidence", Float),
    Index("ix_quotes_article", "article_id"),
    Index("ix_quotes_speaker", "speaker_entity_id"),
)

claims = Table(
    "claims",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("local_id", String(16), nullable=False),
    Column("holder_entity_id", Integer, ForeignKey("entities.id")),
    Column("holder_name", Text),
    Column("target_entity_id", Integer, ForeignKey("entities.id")),
    Column("target_name", Text),
    Column("stance", String(32)),
    Column("cue", Text),
    Column("text", Text),
    Column("start_offset", Integer),
    Column("end_offset", Integer),
    Column("date", String(32)),
    Column("confidence", Float),
    Index("ix_claims_article", "article_id"),
    Index("ix_claims_stance", "stance"),
    Index("ix_claims_holder", "holder_entity_id"),
)

events = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("local_id", String(16), nullable=False),
    Column("type", String(16)),
    Column("mode", Text),
    Column("source_entity_id", Integer, ForeignKey("entities.id")),
    Column("source_name", Text),
    Column("source_code", String(32)),
    Column("target_entity_id", Integer, ForeignKey("entities.id")),
    Column("target_name", Text),
    Column("target_code", String(32)),
    Column("location_entity_id", Integer, ForeignKey("entities.id")),
    Column("location_name", Text),
    Column("date", String(32)),
    Column("killed", Integer),
    Column("injured", Integer),
    Column("reported_by", Text),
    Column("evidence_text", Text),
    Column("start_offset", Integer),
    Column("end_offset", Integer),
    Column("confidence", Float),
    Index("ix_events_article", "article_id"),
    Index("ix_events_type", "type"),
)

times = Table(
    "times",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("text", Text),
    Column("start_offset", Integer),
    Column("end_offset", Integer),
    Column("value", String(64)),
    Column("grain", String(16)),
    Index("ix_times_article", "article_id"),
    Index("ix_times_value", "value"),
)

# Child tables in the order rows are written (after articles and entities).
CHILD_TABLES = ("article_entities", "mentions", "quotes", "claims", "events", "times")
