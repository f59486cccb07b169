"""Alembic revision scripts of the corpus schema."""
