"""Alembic migrations of the corpus schema, shipped inside the package and run on open."""
