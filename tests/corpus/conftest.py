"""Corpus test fixtures: short Arabic articles written for the tests, and databases on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from .articles import ARTICLES, DUPLICATE, NO_CONTENT, PG_DEFAULT, write_jsonl


@pytest.fixture
def articles_jsonl(tmp_path: Path) -> Path:
    return write_jsonl(tmp_path / "articles.jsonl", [*ARTICLES, DUPLICATE, NO_CONTENT])


def _pg_base() -> str | None:
    """The PostgreSQL URL to test against, or None when none answers."""
    url = os.environ.get("KHABAR_TEST_PG", PG_DEFAULT)
    try:
        from sqlalchemy import create_engine, text

        from khabar.corpus.store import resolve_db_url

        engine = create_engine(resolve_db_url(url)[0], connect_args={"timeout": 3})
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
        return url
    except Exception:
        return None


@pytest.fixture(scope="session")
def pg_base() -> Iterator[tuple[str, list[str]]]:
    """A PostgreSQL server and the schemas this run created in it, all dropped at the end."""
    url = _pg_base()
    if url is None:
        pytest.skip(f"no PostgreSQL answers at {os.environ.get('KHABAR_TEST_PG', PG_DEFAULT)} (set KHABAR_TEST_PG)")
    created: list[str] = []
    yield url, created
    from sqlalchemy import create_engine

    from khabar.corpus.store import resolve_db_url

    engine = create_engine(resolve_db_url(url)[0])
    with engine.begin() as conn:
        for name in created:
            conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def make_db(request: pytest.FixtureRequest, tmp_path: Path) -> Callable[[str], str]:
    """A factory of fresh, empty databases of one backend: make_db("name") → --db URL."""
    if request.param == "sqlite":
        return lambda name: str(tmp_path / f"{name}.db")
    base, created = request.getfixturevalue("pg_base")
    run = uuid.uuid4().hex[:8]

    def fresh(name: str) -> str:
        schema = f"khabar_test_{run}_{name}"
        created.append(schema)
        return f"{base}{'&' if '?' in base else '?'}schema={schema}"

    return fresh
