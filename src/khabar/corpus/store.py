"""The corpus store: one interface over SQLite (default) and PostgreSQL, migrated by Alembic on open."""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterator
from functools import cache
from operator import itemgetter
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, String, and_, create_engine, event, func, inspect, or_, select, text
from sqlalchemy.engine import Connection, make_url

from khabar.corpus import schema
from khabar.corpus.search import fts5_match, query_terms, snippet, tsquery
from khabar.errors import KhabarInputError
from khabar.text.normalize import normalize

DEFAULT_DB_FILE = "khabar.db"
MIGRATIONS = Path(__file__).with_name("migrations")
# Parameters per IN (...) list: well under SQLite's and pg8000's limits.
_IN_CHUNK = 500


def resolve_db_url(db: str | None) -> tuple[str, str | None]:
    """A SQLAlchemy URL and an optional PostgreSQL schema from what the user typed.

    None → ./khabar.db; a plain path → that SQLite file; postgresql:// or postgres:// →
    the pg8000 driver. `?schema=NAME` on a PostgreSQL URL keeps the corpus in its own
    schema (tests use it to stay out of each other's way)."""
    if not db:
        return f"sqlite:///{Path.cwd() / DEFAULT_DB_FILE}", None
    if "://" not in db:
        return f"sqlite:///{Path(db).expanduser().resolve()}", None
    try:
        url = make_url(db)
    except Exception as exc:  # sqlalchemy raises ArgumentError for anything unparsable
        raise KhabarInputError(f"--db {db!r} is not a database URL") from exc
    backend = url.get_backend_name()
    if backend in ("postgresql", "postgres"):
        pg_schema = url.query.get("schema")
        if isinstance(pg_schema, tuple):
            pg_schema = pg_schema[0]
        url = url.set(drivername="postgresql+pg8000").difference_update_query(["schema"])
        return url.render_as_string(hide_password=False), pg_schema
    if backend == "sqlite":
        return db, None
    raise KhabarInputError(f"--db {db!r}: only sqlite and postgresql databases are supported")


def _safe_identifier(name: str) -> str:
    if not name.replace("_", "").isalnum():
        raise KhabarInputError(f"schema name {name!r} must be letters, digits and underscores")
    return name


class CorpusStore:
    """Articles and their extracted layers, written in transactional batches and searched."""

    def __init__(self, db: str | None = None, migrate: bool = True) -> None:
        url, self.pg_schema = resolve_db_url(db)
        self.url = url
        self.engine: Engine = self._make_engine(url)
        self._entity_ids: dict[str, int] = {}
        if migrate:
            self.migrate()

    # --- opening -----------------------------------------------------------------

    def _make_engine(self, url: str) -> Engine:
        if url.startswith("sqlite"):
            path = make_url(url).database
            if path and path != ":memory:" and not Path(path).parent.exists():
                raise KhabarInputError(f"--db: folder {Path(path).parent} does not exist")
            engine = create_engine(url, connect_args={"timeout": 60})

            @event.listens_for(engine, "connect")
            def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
                cursor = dbapi_conn.cursor()
                # WAL: readers (search) never block the writer (ingest); NORMAL sync is
                # durable across a killed process, which is what resuming relies on.
                cursor.execute("PRAGMA journal_mode=WAL")
                cursor.execute("PRAGMA synchronous=NORMAL")
                cursor.execute("PRAGMA foreign_keys=ON")
                cursor.close()

            return engine
        engine = create_engine(url, insertmanyvalues_page_size=1000)
        # pg8000's executemany sends one INSERT per row; let SQLAlchemy batch rows into
        # multi-VALUES statements instead (1,000 rows x <= 21 columns stays under 32,767 parameters).
        engine.dialect.use_insertmanyvalues_wo_returning = True  # type: ignore[attr-defined]
        if self.pg_schema:
            pg_schema = _safe_identifier(self.pg_schema)

            @event.listens_for(engine, "connect")
            def _search_path(dbapi_conn: Any, _record: Any) -> None:
                # Outside a transaction, or a rollback would undo the SET.
                dbapi_conn.autocommit = True
                cursor = dbapi_conn.cursor()
                cursor.execute(f'CREATE SCHEMA IF NOT EXISTS "{pg_schema}"')
                cursor.execute(f'SET search_path TO "{pg_schema}", public')
                cursor.close()
                dbapi_conn.autocommit = False

        return engine

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def _current_revision(self, conn: Connection) -> str | None:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()

    def migrate(self) -> None:
        """Bring the schema to the head revision (skipping Alembic when it is already there)."""
        try:
            with self.engine.begin() as conn:
                if self.dialect == "postgresql":
                    # Two processes opening a fresh database at once: the second waits for
                    # the first to finish migrating instead of creating the tables twice.
                    conn.exec_driver_sql("SELECT pg_advisory_xact_lock(7240315)")
                if self._current_revision(conn) == schema.SCHEMA_HEAD:
                    return
                from alembic import command
                from alembic.config import Config

                config = Config()
                config.set_main_option("script_location", str(MIGRATIONS))
                config.attributes["connection"] = conn
                command.upgrade(config, "head")
        except KhabarInputError:
            raise
        except Exception as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise KhabarInputError(f"cannot open the database {self.describe()}: {first}") from exc

    def describe(self) -> str:
        return make_url(self.url).render_as_string(hide_password=True)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> CorpusStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- writing -----------------------------------------------------------------

    def known_hashes(self, hashes: list[str]) -> set[str]:
        """The content hashes among `hashes` that are already stored."""
        found: set[str] = set()
        column = schema.articles.c.content_hash
        with self.engine.connect() as conn:
            for i in range(0, len(hashes), _IN_CHUNK):
                chunk = hashes[i : i + _IN_CHUNK]
                found.update(conn.execute(select(column).where(column.in_(chunk))).scalars())
        return found

    def _entity_ids_for(self, conn: Connection, rows: dict[str, dict[str, Any]]) -> dict[str, int]:
        """Ids of the canonical entities behind `rows` (key → row), inserting the new ones."""
        ids = {key: self._entity_ids[key] for key in rows if key in self._entity_ids}
        missing = [key for key in rows if key not in ids]
        table = schema.entities
        for i in range(0, len(missing), _IN_CHUNK):
            chunk = missing[i : i + _IN_CHUNK]
            ids.update(conn.execute(select(table.c.key, table.c.id).where(table.c.key.in_(chunk))).all())
        new = [rows[key] for key in missing if key not in ids]
        if new:
            columns = list(new[0])
            values = _clamped(table, columns, _as_lists(new, columns))
            names = ", ".join(columns)
            if self.dialect == "postgresql":
                # One statement whatever the number of rows, its columns sent as arrays: a
                # multi-row VALUES statement cost more to build and to convert to pg8000's
                # parameter style than the server spent inserting it (and an executemany
                # is one round trip per row on pg8000).
                arrays = {f"c{i}": [row[i] for row in values] for i in range(len(columns))}
                unnest = ", ".join(f"CAST(:c{i} AS text[])" for i in range(len(columns)))
                conn.execute(
                    text(f"INSERT INTO {table.name} ({names}) SELECT * FROM unnest({unnest}) "
                         "ON CONFLICT (key) DO NOTHING"),
                    arrays,
                )
            else:
                # Multi-row statements as before (SQL written here, not compiled per batch by
                # SQLAlchemy): an upsert of several rows into the table the foreign keys point
                # to is also what has PRAGMA optimize analyse the tables that refer to it.
                row_marks = "(" + ", ".join("?" * len(columns)) + ")"
                for i in range(0, len(values), _IN_CHUNK):
                    chunk = values[i : i + _IN_CHUNK]
                    conn.exec_driver_sql(
                        f"INSERT INTO {table.name} ({names}) VALUES {', '.join([row_marks] * len(chunk))} "
                        "ON CONFLICT (key) DO NOTHING",
                        tuple(value for row in chunk for value in row),
                    )
            keys = [row["key"] for row in new]
            for i in range(0, len(keys), _IN_CHUNK):
                chunk = keys[i : i + _IN_CHUNK]
                ids.update(conn.execute(select(table.c.key, table.c.id).where(table.c.key.in_(chunk))).all())
        return ids

    def _bulk_insert(self, conn: Connection, table: Any, columns: list[str], rows: list[list[Any]]) -> None:
        """Insert many rows, each a list of values in `columns` order: a plain DB-API
        executemany on SQLite, COPY ... FROM STDIN on PostgreSQL.

        Rows go to the driver as they are, not through SQLAlchemy's per-row parameter
        processing, which cost the ingest process more than SQLite spent storing them.
        COPY matters: through pg8000 even multi-VALUES inserts spend most of a batch
        converting parameters; COPY streams one CSV text instead."""
        rows = _clamped(table, columns, rows)
        if self.dialect != "postgresql":
            marks = ", ".join("?" * len(columns))
            conn.exec_driver_sql(
                f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({marks})", [tuple(row) for row in rows]
            )
            return
        text_rows = "".join(",".join(map(_csv_value, row)) + "\n" for row in rows)
        cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        try:
            cursor.execute(
                f"COPY {table.name} ({', '.join(columns)}) FROM STDIN WITH (FORMAT csv)",
                stream=io.BytesIO(text_rows.encode("utf-8")),
            )
        finally:
            cursor.close()

    def write_batch(self, records: list[dict[str, Any]]) -> int:
        """Store prepared articles (see khabar.corpus.ingest.prepare_record) in one transaction.

        Returns how many articles were added; articles whose content hash is already
        stored are left alone, so writing the same batch twice adds nothing."""
        if not records:
            return 0
        hashes = [r["article"]["content_hash"] for r in records]
        art = schema.articles
        with self.engine.begin() as conn:
            present: set[str] = set()
            for i in range(0, len(hashes), _IN_CHUNK):
                chunk = hashes[i : i + _IN_CHUNK]
                present.update(conn.execute(select(art.c.content_hash).where(art.c.content_hash.in_(chunk))).scalars())
            fresh: list[dict[str, Any]] = []
            for record in records:
                h = record["article"]["content_hash"]
                if h not in present:
                    present.add(h)  # a repeat inside the batch is stored once
                    fresh.append(record)
            if not fresh:
                return 0
            article_rows = [r["article"] for r in fresh]
            columns = list(article_rows[0])
            self._bulk_insert(conn, art, columns, _as_lists(article_rows, columns))
            new_hashes = [r["article"]["content_hash"] for r in fresh]
            article_ids: dict[str, int] = {}
            for i in range(0, len(new_hashes), _IN_CHUNK):
                chunk = new_hashes[i : i + _IN_CHUNK]
                article_ids.update(
                    conn.execute(select(art.c.content_hash, art.c.id).where(art.c.content_hash.in_(chunk))).all()
                )
            entity_rows: dict[str, dict[str, Any]] = {}
            for record in fresh:
                for row in record["entities"]:
                    entity_rows.setdefault(row["key"], row)
            entity_ids = self._entity_ids_for(conn, entity_rows)
            if self.dialect == "sqlite":
                conn.exec_driver_sql(
                    "INSERT INTO articles_fts(rowid, search_text) VALUES (?, ?)",
                    [(article_ids[r["article"]["content_hash"]], r["article"]["search_text"]) for r in fresh],
                )
            for name in schema.CHILD_TABLES:
                child = _child_rows(fresh, name, article_ids, entity_ids)
                if child is not None:
                    self._bulk_insert(conn, schema.metadata.tables[name], *child)
        self._entity_ids.update(entity_ids)
        return len(fresh)

    def optimize(self) -> None:
        """Refresh the planner's statistics after a bulk load (PostgreSQL ANALYZE, SQLite optimize)."""
        with self.engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE" if self.dialect == "postgresql" else "PRAGMA optimize")

    # --- reading -----------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        names = ("articles", "entities", *schema.CHILD_TABLES)
        with self.engine.connect() as conn:
            return {
                name: conn.execute(select(func.count()).select_from(schema.metadata.tables[name])).scalar_one()
                for name in names
            }

    def iter_analyses(self, with_claims: bool = False, batch: int = 500) -> Iterator[dict[str, Any]]:
        """The stored JSON documents in ingest order (only those with claims when asked)."""
        art = schema.articles
        last = 0
        while True:
            query = select(art.c.id, art.c.analysis, art.c.source).where(art.c.id > last)
            if with_claims:
                query = query.where(art.c.id.in_(select(schema.claims.c.article_id)))
            with self.engine.connect() as conn:
                rows = conn.execute(query.order_by(art.c.id).limit(batch)).all()
            if not rows:
                return
            for row in rows:
                doc = json.loads(row.analysis)
                doc.setdefault("source", row.source)
                yield doc
            last = rows[-1].id

    def find_entities(self, name: str, fuzzy: bool = True) -> list[dict[str, Any]]:
        """Canonical entities called `name` (English or Arabic, normalised) or with that Wikidata id."""
        ent = schema.entities
        norm = " ".join(normalize(name).split())
        exact = or_(ent.c.norm_name == norm, ent.c.norm_name_ar == norm, ent.c.wikidata == name.strip())
        with self.engine.connect() as conn:
            rows = conn.execute(select(ent).where(exact)).mappings().all()
            if not rows and fuzzy and norm:
                like = f"%{norm}%"
                rows = conn.execute(
                    select(ent).where(or_(ent.c.norm_name.like(like), ent.c.norm_name_ar.like(like))).limit(20)
                ).mappings().all()
        return [dict(r) for r in rows]

    def entity_report(self, name: str, limit: int = 10) -> list[dict[str, Any]]:
        """For each entity called `name`: its articles, mentions, co-occurring entities, claims and quotes."""
        reports = []
        art, ae, ent = schema.articles, schema.article_entities, schema.entities
        with self.engine.connect() as conn:
            for entity in self.find_entities(name):
                eid = entity["id"]
                article_ids = select(ae.c.article_id).where(ae.c.entity_id == eid)
                n_articles = conn.execute(select(func.count(func.distinct(ae.c.article_id))).where(ae.c.entity_id == eid)).scalar_one()
                n_mentions = conn.execute(select(func.count()).where(schema.mentions.c.entity_id == eid)).scalar_one()
                first, last = conn.execute(
                    select(func.min(art.c.published), func.max(art.c.published)).where(art.c.id.in_(article_ids))
                ).one()
                recent = conn.execute(
                    select(art.c.doc_id, art.c.title, art.c.url, art.c.published)
                    .where(art.c.id.in_(article_ids))
                    .order_by(art.c.published.desc(), art.c.id.desc())
                    .limit(limit)
                ).mappings().all()
                together = conn.execute(
                    select(ent.c.name, func.count(func.distinct(ae.c.article_id)).label("articles"))
                    .select_from(ae.join(ent, ent.c.id == ae.c.entity_id))
                    .where(and_(ae.c.article_id.in_(article_ids), ae.c.entity_id != eid))
                    .group_by(ent.c.name)
                    .order_by(text("articles DESC"), ent.c.name)
                    .limit(limit)
                ).mappings().all()
                stances = conn.execute(
                    select(schema.claims.c.stance, func.count().label("n"))
                    .where(schema.claims.c.holder_entity_id == eid)
                    .group_by(schema.claims.c.stance)
                    .order_by(text("n DESC"))
                ).mappings().all()
                claims = conn.execute(
                    select(schema.claims.c.stance, schema.claims.c.text, schema.claims.c.date, art.c.published, art.c.doc_id)
                    .select_from(schema.claims.join(art, art.c.id == schema.claims.c.article_id))
                    .where(schema.claims.c.holder_entity_id == eid)
                    .order_by(art.c.published.desc())
                    .limit(limit)
                ).mappings().all()
                quotes = conn.execute(
                    select(schema.quotes.c.kind, schema.quotes.c.text, art.c.published, art.c.doc_id)
                    .select_from(schema.quotes.join(art, art.c.id == schema.quotes.c.article_id))
                    .where(schema.quotes.c.speaker_entity_id == eid)
                    .order_by(art.c.published.desc())
                    .limit(limit)
                ).mappings().all()
                reports.append({
                    "key": entity["key"], "name": entity["name"], "name_ar": entity["name_ar"],
                    "type": entity["type"], "wikidata": entity["wikidata"],
                    "articles": n_articles, "mentions": n_mentions, "first_seen": first, "last_seen": last,
                    "recent_articles": [dict(r) for r in recent],
                    "co_occurring": [dict(r) for r in together],
                    "claim_stances": {r["stance"]: r["n"] for r in stances},
                    "claims": [dict(r) for r in claims],
                    "quotes": [dict(r) for r in quotes],
                })
        return reports

    def search(
        self,
        query: str = "",
        entity: str | None = None,
        event_type: str | None = None,
        stance: str | None = None,
        since: str | None = None,
        until: str | None = None,
        limit: int = 20,
    ) -> list[dict[str, Any]]:
        """Articles matching every query word (normalised, clitics ignored) and every filter, best first."""
        terms = query_terms(query)
        where: list[str] = []
        params: dict[str, Any] = {"limit": limit}
        if since:
            where.append("a.published >= :since")
            params["since"] = since
        if until:
            where.append("a.published <= :until")
            params["until"] = until
        if entity:
            ids = [e["id"] for e in self.find_entities(entity, fuzzy=False)]
            if not ids:
                return []
            names = ", ".join(f":e{i}" for i in range(len(ids)))
            params.update({f"e{i}": v for i, v in enumerate(ids)})
            where.append(f"a.id IN (SELECT article_id FROM article_entities WHERE entity_id IN ({names}))")
        if event_type:
            where.append("a.id IN (SELECT article_id FROM events WHERE type = :event_type)")
            params["event_type"] = event_type.upper()
        if stance:
            where.append("a.id IN (SELECT article_id FROM claims WHERE stance = :stance)")
            params["stance"] = stance
        columns = "a.id, a.doc_id, a.title, a.url, a.published, a.source, a.text"
        if terms and self.dialect == "sqlite":
            params["match"] = fts5_match(terms)
            sql = (
                f"SELECT {columns} FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid "
                f"WHERE articles_fts MATCH :match {''.join(' AND ' + w for w in where)} "
                "ORDER BY articles_fts.rank LIMIT :limit"
            )
        elif terms:
            params["tsq"] = tsquery(terms)
            # Matches come from the GIN expression index; they are ranked by the query words
            # in the title and lead (rank_vector), then by recency.
            # The match is a MATERIALIZED CTE so that it is always answered from the index:
            # a plan that reached articles through a filter first would recompute the
            # tsvector of every candidate article.
            sql = (
                "WITH matched AS MATERIALIZED (SELECT id FROM articles "
                "WHERE to_tsvector('simple', search_text) @@ to_tsquery('simple', :tsq)) "
                f"SELECT {columns} FROM articles a WHERE a.id IN (SELECT id FROM matched) "
                f"{''.join(' AND ' + w for w in where)} "
                "ORDER BY ts_rank(a.rank_vector, to_tsquery('simple', :tsq)) DESC, a.published DESC, a.id DESC "
                "LIMIT :limit"
            )
        else:
            clause = " WHERE " + " AND ".join(where) if where else ""
            sql = f"SELECT {columns} FROM articles a{clause} ORDER BY a.published DESC, a.id DESC LIMIT :limit"
        with self.engine.connect() as conn:
            rows = conn.execute(text(sql), params).mappings().all()
        return [
            {
                "id": row["doc_id"], "title": row["title"], "url": row["url"], "published": row["published"],
                "source": row["source"], "snippet": snippet(row["text"], terms),
            }
            for row in rows
        ]


@cache
def _string_limits(table: Any) -> tuple[tuple[str, int], ...]:
    return tuple(
        (column.name, column.type.length)
        for column in table.columns
        if isinstance(column.type, String) and getattr(column.type, "length", None)
    )


def _clamped(table: Any, columns: list[str], rows: list[list[Any]]) -> list[list[Any]]:
    """Rows (lists in `columns` order) with over-long strings cut to their column's length
    (PostgreSQL would refuse the batch), changed in place."""
    limits = [(columns.index(name), length) for name, length in _string_limits(table) if name in columns]
    for row in rows:
        for index, length in limits:
            value = row[index]
            if value is not None and not isinstance(value, str):
                row[index] = value = str(value)
            if value is not None and len(value) > length:
                row[index] = value[:length]
    return rows


def _values_getter(columns: list[str]) -> Callable[[dict[str, Any]], tuple[Any, ...]]:
    """A function giving a dict row's values in `columns` order as a tuple (itemgetter, in C)."""
    if len(columns) == 1:
        (only,) = columns
        return lambda row: (row[only],)
    return itemgetter(*columns)


def _as_lists(rows: list[dict[str, Any]], columns: list[str]) -> list[list[Any]]:
    """Dict rows as lists of their values in `columns` order."""
    get = _values_getter(columns)
    return [list(get(row)) for row in rows]


def _csv_value(value: Any) -> str:
    """One field of PostgreSQL's CSV COPY format: unquoted empty is NULL, strings are quoted."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    # PostgreSQL text cannot hold NUL; nothing else needs escaping inside quotes.
    return '"' + str(value).replace("\x00", "").replace('"', '""') + '"'


def _child_rows(
    records: list[dict[str, Any]], name: str, article_ids: dict[str, int], entity_ids: dict[str, int]
) -> tuple[list[str], list[list[Any]]] | None:
    """The rows of child table `name` of prepared articles, as (columns, rows of values) with
    each row's article id, and its entity keys ("speaker_key") turned into entity ids
    ("speaker_entity_id"); None when the articles have none."""
    fields: list[str] = []
    rows: list[list[Any]] = []
    for record in records:
        prepared = record[name]
        if not prepared:
            continue
        if not fields:
            fields = list(prepared[0])
            keyed = [i for i, field in enumerate(fields, start=1) if field.endswith("_key")]
            get = _values_getter(fields)
        article_id = article_ids[record["article"]["content_hash"]]
        for row in prepared:
            values = [article_id, *get(row)]
            for index in keyed:
                key = values[index]
                values[index] = entity_ids.get(key) if key else None
            rows.append(values)
    if not rows:
        return None
    columns = ["article_id"] + [
        ("entity_id" if f == "entity_key" else f[: -len("_key")] + "_entity_id") if f.endswith("_key") else f
        for f in fields
    ]
    return columns, rows
