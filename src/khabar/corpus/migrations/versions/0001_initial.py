"""Initial corpus schema: articles, canonical entities, mentions, quotes, claims, events, times, full-text index.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("doc_id", sa.String(40), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("url", sa.Text),
        sa.Column("title", sa.Text),
        sa.Column("published", sa.String(10)),
        sa.Column("source", sa.String(200)),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("search_text", sa.Text, nullable=False),
        sa.Column("analysis", sa.Text, nullable=False),
        sa.Column("ingested_at", sa.DateTime, server_default=sa.func.now()),
    )
    op.create_index("ix_articles_published", "articles", ["published"])
    op.create_index("ix_articles_source", "articles", ["source"])
    op.create_index("ix_articles_doc_id", "articles", ["doc_id"])
    op.create_table(
        "entities",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("key", sa.String(400), nullable=False, unique=True),
        sa.Column("name", sa.Text),
        sa.Column("name_ar", sa.Text),
        sa.Column("type", sa.String(8)),
        sa.Column("wikidata", sa.String(32)),
        sa.Column("norm_name", sa.Text),
        sa.Column("norm_name_ar", sa.Text),
    )
    op.create_index("ix_entities_norm_name", "entities", ["norm_name"])
    op.create_index("ix_entities_norm_name_ar", "entities", ["norm_name_ar"])
    op.create_index("ix_entities_wikidata", "entities", ["wikidata"])
    op.create_table(
        "article_entities",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
        sa.Column("entity_id", sa.Integer, sa.ForeignKey("entities.id"), nullable=False),
        sa.Column("local_id", sa.String(16), nullable=False),
        sa.Column("type", sa.String(8)),
        sa.Column("role", sa.Text),
        sa.Column("affiliation", sa.Text),
        sa.Column("country", sa.String(8)),
        sa.Column("sector", sa.String(16)),
    )
    op.create_index("ix_article_entities_article", "article_entities", ["article_id"])
    op.create_index("ix_article_entities_entity", "article_entities", ["entity_id"])
    op.create_table(
        "mentions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
        sa.Column("entity_id", sa.Integer, sa.ForeignKey("entities.id"), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("start_offset", sa.Integer, nullable=False),
        sa.Column("end_offset", sa.Integer, nullable=False),
    )
    op.create_index("ix_mentions_article", "mentions", ["article_id"])
    op.create_index("ix_mentions_entity", "mentions", ["entity_id"])
    op.create_table(
        "quotes",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
        sa.Column("local_id", sa.String(16), nullable=False),
        sa.Column("speaker_entity_id", sa.Integer, sa.ForeignKey("entities.id")),
        sa.Column("speaker_name", sa.Text),
        sa.Column("kind", sa.String(16)),
        sa.Column("cue", sa.Text),
        sa.Column("text", sa.Text),
        sa.Column("start_offset", sa.Integer),
        sa.Column("end_offset", sa.Integer),
        sa.Column("channel", sa.Text),
        sa.Column("date", sa.String(32)),
        sa.Column("confidence", sa.Float),
    )
    op.create_index("ix_quotes_article", "quotes", ["article_id"])
    op.create_index("ix_quotes_speaker", "quotes", ["speaker_entity_id"])
    op.create_table(
        "claims",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
        sa.Column("local_id", sa.String(16), nullable=False),
        sa.Column("holder_entity_id", sa.Integer, sa.ForeignKey("entities.id")),
        sa.Column("holder_name", sa.Text),
        sa.Column("target_entity_id", sa.Integer, sa.ForeignKey("entities.id")),
        sa.Column("target_name", sa.Text),
        sa.Column("stance", sa.String(32)),
        sa.Column("cue", sa.Text),
        sa.Column("text", sa.Text),
        sa.Column("start_offset", sa.Integer),
        sa.Column("end_offset", sa.Integer),
        sa.Column("date", sa.String(32)),
        sa.Column("confidence", sa.Float),
    )
    op.create_index("ix_claims_article", "claims", ["article_id"])
    op.create_index("ix_claims_stance", "claims", ["stance"])
    op.create_index("ix_claims_holder", "claims", ["holder_entity_id"])
    op.create_table(
        "events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
        sa.Column("local_id", sa.String(16), nullable=False),
        sa.Column("type", sa.String(16)),
        sa.Column("mode", sa.Text),
        sa.Column("source_entity_id", sa.Integer, sa.ForeignKey("entities.id")),
        sa.Column("source_name", sa.Text),
        sa.Column("source_code", sa.String(32)),
        sa.Column("target_entity_id", sa.Integer, sa.ForeignKey("entities.id")),
        sa.Column("target_name", sa.Text),
        sa.Column("target_code", sa.String(32)),
        sa.Column("location_entity_id", sa.Integer, sa.ForeignKey("entities.id")),
        sa.Column("location_name", sa.Text),
        sa.Column("date", sa.String(32)),
        sa.Column("killed", sa.Integer),
        sa.Column("injured", sa.Integer),
        sa.Column("reported_by", sa.Text),
        sa.Column("evidence_text", sa.Text),
        sa.Column("start_offset", sa.Integer),
        sa.Column("end_offset", sa.Integer),
        sa.Column("confidence", sa.Float),
    )
    op.create_index("ix_events_article", "events", ["article_id"])
    op.create_index("ix_events_type", "events", ["type"])
    op.create_table(
        "times",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
        sa.Column("text", sa.Text),
        sa.Column("start_offset", sa.Integer),
        sa.Column("end_offset", sa.Integer),
        sa.Column("value", sa.String(64)),
        sa.Column("grain", sa.String(16)),
    )
    op.create_index("ix_times_article", "times", ["article_id"])
    op.create_index("ix_times_value", "times", ["value"])
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        # External-content FTS5 over articles.search_text (already normalised and
        # clitic-expanded by khabar, so the tokenizer only has to split on spaces).
        op.execute(
            "CREATE VIRTUAL TABLE articles_fts USING fts5("
            "search_text, content='articles', content_rowid='id', tokenize='unicode61 remove_diacritics 2')"
        )
    elif dialect == "postgresql":
        # lz4 compresses the large text columns (body, index text, analysis JSON) several
        # times faster than the default pglz; used where the server was built with it.
        has_lz4 = op.get_bind().exec_driver_sql(
            "SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'"
        ).scalar()
        if has_lz4:
            for column in ("text", "search_text", "analysis"):
                op.execute(f"ALTER TABLE articles ALTER COLUMN {column} SET COMPRESSION lz4")
        # Matching: a GIN expression index on the 'simple' tsvector of search_text (no
        # stemming: khabar's own normalisation and clitic expansion already happened). No
        # stored full vector: read back from TOAST row by row it made every query slow, and
        # the planner never prefers recomputing the expression over the index.
        op.execute("CREATE INDEX ix_articles_search ON articles USING GIN (to_tsvector('simple', search_text))")
        # Ranking: a small stored vector of the title and lead (the first 600 characters
        # of search_text), cheap to rank for every match.
        op.execute(
            "ALTER TABLE articles ADD COLUMN rank_vector tsvector "
            "GENERATED ALWAYS AS (to_tsvector('simple', left(search_text, 600))) STORED"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS articles_fts")
    for name in ("times", "events", "claims", "quotes", "mentions", "article_entities", "entities", "articles"):
        op.drop_table(name)
