"""Over an ingested corpus (SQLite and PostgreSQL): search with filters, entities, claim threads, exports."""

from __future__ import annotations

import csv
import io
import json
import uuid

import pytest
from click.testing import CliRunner

from khabar.cli import main

from .articles import ARTICLES, write_jsonl

URLS = {a["url"]: a for a in ARTICLES}
THREAD_URLS = [ARTICLES[0]["url"], ARTICLES[1]["url"], ARTICLES[2]["url"]]


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def corpus_db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The test articles ingested once per backend for this module."""
    folder = tmp_path_factory.mktemp("corpus")
    if request.param == "sqlite":
        db = str(folder / "k.db")
    else:
        base, created = request.getfixturevalue("pg_base")
        schema = f"khabar_test_{uuid.uuid4().hex[:8]}_query"
        created.append(schema)
        db = f"{base}{'&' if '?' in base else '?'}schema={schema}"
    source = write_jsonl(folder / "articles.jsonl", ARTICLES)
    result = run("ingest", str(source), "--db", db, "--quiet")
    assert result.exit_code == 0, result.output
    return db


def search(db: str, *args: str) -> list[str]:
    result = run("search", *args, "--db", db, "--format", "json")
    assert result.exit_code == 0, result.output
    return [row["url"] for row in json.loads(result.stdout)]


def test_search_ignores_hamza_and_clitics(corpus_db):
    # "اوكرانيا" without hamza finds أوكرانيا; "بكورسك" finds كورسك
    assert search(corpus_db, "اوكرانيا") == [ARTICLES[0]["url"]]
    assert set(search(corpus_db, "بكورسك")) == set(THREAD_URLS)
    assert search(corpus_db, "كورسك حلب") == []
    assert search(corpus_db, "الهلال النصر") == [ARTICLES[5]["url"]]


def test_search_snippet_is_original_text(corpus_db):
    result = run("search", "الفائدة", "--db", corpus_db, "--format", "json")
    rows = json.loads(result.stdout)
    assert [r["url"] for r in rows] == [ARTICLES[4]["url"]]
    assert "سعر الفائدة" in rows[0]["snippet"]
    assert rows[0]["published"] == "2024-12-01" and rows[0]["source"] == "example-news"


def test_search_filters(corpus_db):
    assert set(search(corpus_db, "كورسك", "--since", "2024-11-01")) == set(THREAD_URLS[1:])
    assert set(search(corpus_db, "كورسك", "--until", "2024-11")) == set(THREAD_URLS[:2])
    assert search(corpus_db, "كورسك", "--stance", "deny") == [ARTICLES[1]["url"]]
    assert search(corpus_db, "كورسك", "--stance", "admit") == [ARTICLES[2]["url"]]
    assert set(search(corpus_db, "--entity", "North Korea")) == set(THREAD_URLS)
    assert set(search(corpus_db, "--entity", "كوريا الشمالية")) == set(THREAD_URLS)
    assert search(corpus_db, "--entity", "Nowhere Land") == []
    assert ARTICLES[3]["url"] in search(corpus_db, "--type", "assault")
    assert search(corpus_db, "حلب", "--type", "ASSAULT", "--since", "2025-01-01") == []


def test_search_bad_date_is_a_one_line_error(corpus_db):
    result = run("search", "روسيا", "--since", "last week", "--db", corpus_db)
    assert result.exit_code == 2 and result.stderr.count("\n") == 1


def test_entity_report(corpus_db):
    result = run("entity", "روسيا", "--db", corpus_db, "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)[0]
    assert report["name"] == "Russia" and report["wikidata"] == "Q159"
    assert report["articles"] >= 3
    assert {"deny", "admit"} <= set(report["claim_stances"])
    assert run("entity", "لا أحد هنا", "--db", corpus_db).exit_code == 1


def test_one_thread_accused_denied_then_admitted(corpus_db):
    result = run("threads", "--db", corpus_db, "--format", "json")
    assert result.exit_code == 0, result.output
    threads = json.loads(result.stdout)
    assert len(threads) == 1
    thread = threads[0]
    timeline = thread["timeline"]
    # one or more entries per article (the denial article may add the Kremlin's "baseless")
    assert list(dict.fromkeys(e["url"] for e in timeline)) == THREAD_URLS
    assert [e["date"] for e in timeline] == sorted(e["date"] for e in timeline)
    stances = [e["stance"] for e in timeline]
    assert stances[0] == "accuse" and stances[-1] == "admit" and "deny" in stances
    assert set(stances) <= {"accuse", "deny", "admit"}
    assert thread["status"] == "confirmed"
    assert {"North Korea", "Russia"} <= set(thread["entities"])
    text = run("threads", "--db", corpus_db, "--format", "text")
    assert "[confirmed]" in text.stdout


def test_exports(corpus_db, tmp_path):
    jsonl = run("export", "--db", corpus_db, "--format", "jsonl")
    docs = [json.loads(line) for line in jsonl.stdout.splitlines()]
    assert sorted(d["url"] for d in docs) == sorted(URLS)
    assert all(d["text"] and "entities" in d and "claims" in d for d in docs)

    table = list(csv.DictReader(io.StringIO(run("export", "--db", corpus_db, "--format", "csv").stdout)))
    assert sorted(r["url"] for r in table) == sorted(URLS)
    assert any("North Korea" in r["entities"] for r in table)

    import pyarrow.parquet as pq

    out = tmp_path / "corpus.parquet"
    assert run("export", "--db", corpus_db, "--format", "parquet", "--output", str(out)).exit_code == 0
    parquet = pq.read_table(out)
    assert parquet.num_rows == len(ARTICLES)
    assert json.loads(parquet.column("analysis")[0].as_py())["text"]

    no_output = run("export", "--db", corpus_db, "--format", "parquet")
    assert no_output.exit_code == 2 and no_output.stderr.count("\n") == 1


def test_event_exports(corpus_db):
    exports = pytest.importorskip("khabar.exports", reason="khabar.exports (PLOVER/ACLED) not installed")
    plover = run("export", "--db", corpus_db, "--format", "plover")
    assert plover.exit_code == 0, plover.output
    records = [json.loads(line) for line in plover.stdout.splitlines()]
    assert records, "the Aleppo air strike should give at least one PLOVER record"
    acled = run("export", "--db", corpus_db, "--format", "acled")
    assert acled.exit_code == 0, acled.output
    reader = csv.reader(io.StringIO(acled.stdout))
    assert next(reader) == list(exports.ACLED_COLUMNS)
    assert len(list(reader)) >= 1
