"""`khabar ingest` on SQLite and PostgreSQL: idempotent re-ingest, resume after SIGKILL, bad input."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

from click.testing import CliRunner

from khabar.cli import main
from khabar.corpus.store import CorpusStore

from .articles import ARTICLES, weather_articles, write_jsonl


def ingest(*args: str):
    return CliRunner().invoke(main, ["ingest", *args], catch_exceptions=False)


def snapshot(db: str) -> dict:
    """Everything an ingest stores, independent of row ids: counts, articles and entity keys."""
    with CorpusStore(db) as store:
        counts = store.counts()
        with store.engine.connect() as conn:
            articles = sorted(conn.exec_driver_sql("SELECT content_hash, analysis FROM articles").all())
            keys = sorted(r[0] for r in conn.exec_driver_sql("SELECT key FROM entities").all())
            mentions = sorted(
                tuple(r) for r in conn.exec_driver_sql(
                    "SELECT a.content_hash, e.key, m.start_offset, m.end_offset FROM mentions m "
                    "JOIN articles a ON a.id = m.article_id JOIN entities e ON e.id = m.entity_id"
                ).all()
            )
    return {"counts": counts, "articles": articles, "entities": keys, "mentions": mentions}


def test_second_ingest_adds_nothing(make_db, articles_jsonl):
    db = make_db("idem")
    first = ingest(str(articles_jsonl), "--db", db, "--format", "json")
    assert first.exit_code == 0, first.output
    report = json.loads(first.stdout)
    assert report["stored"] == len(ARTICLES)
    assert report["skipped"] == {"duplicate in input": 1, "record has no content/text field": 1}
    before = snapshot(db)
    assert before["counts"]["articles"] == len(ARTICLES)
    assert before["counts"]["mentions"] > 0 and before["counts"]["claims"] > 0

    again = ingest(str(articles_jsonl), "--db", db, "--format", "json")
    assert again.exit_code == 0, again.output
    assert json.loads(again.stdout)["stored"] == 0
    assert snapshot(db) == before


def test_text_summary_names_what_was_skipped(tmp_path, articles_jsonl):
    result = ingest(str(articles_jsonl), "--db", str(tmp_path / "k.db"))
    assert result.exit_code == 0
    assert f"ingested {len(ARTICLES)} new articles" in result.stdout
    assert "skipped 2: " in result.stdout and "duplicate in input" in result.stdout
    verbose = ingest(str(articles_jsonl), "--db", str(tmp_path / "k2.db"), "--verbose")
    # only the bad record is named; a duplicate is not bad input
    assert verbose.stderr.splitlines() == [f"khabar: skipped: {articles_jsonl}:{len(ARTICLES) + 2}: "
                                           "record has no content/text field"]


def test_json_report_splits_cpu_between_ingest_and_workers(tmp_path, articles_jsonl):
    result = ingest(str(articles_jsonl), "--db", str(tmp_path / "k.db"), "--format", "json")
    assert result.exit_code == 0, result.output
    cpu = json.loads(result.stdout)["cpu_seconds"]
    assert set(cpu) == {"ingest", "workers"}
    assert cpu["ingest"] > 0 and cpu["workers"] >= 0


def test_sigkill_halfway_then_resume_equals_uninterrupted(make_db, tmp_path):
    records = [*ARTICLES, *weather_articles(6)]
    source = write_jsonl(tmp_path / "many.jsonl", records)
    whole = make_db("whole")
    assert ingest(str(source), "--db", whole, "--batch-size", "2").exit_code == 0

    killed = make_db("killed")
    command = [sys.executable, "-m", "khabar", "ingest", str(source), "--db", killed, "--batch-size", "2",
               "--workers", "1", "--quiet", "--pause-after-batch", "0.4"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stored = 0
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline and process.poll() is None:
            try:
                # migrate=False: the ingest being watched is the one creating the schema
                with CorpusStore(killed, migrate=False) as store:
                    stored = store.counts()["articles"]
            except Exception:  # the tables may not exist yet
                stored = 0
            if stored >= 4:
                break
            time.sleep(0.05)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    assert process.returncode == -signal.SIGKILL, "the ingest finished before it could be killed"
    partial = snapshot(killed)["counts"]["articles"]
    assert 4 <= partial < len(records)
    assert partial % 2 == 0, "a batch is one transaction: never half of one"

    resumed = ingest(str(source), "--db", killed, "--batch-size", "2", "--format", "json")
    assert resumed.exit_code == 0, resumed.output
    assert json.loads(resumed.stdout)["stored"] == len(records) - partial
    assert snapshot(killed) == snapshot(whole)


def test_missing_path_is_a_one_line_error_and_keeps_the_store(tmp_path, articles_jsonl):
    db = str(tmp_path / "k.db")
    assert ingest(str(articles_jsonl), "--db", db).exit_code == 0
    before = snapshot(db)
    result = ingest(str(tmp_path / "nope.jsonl"), "--db", db)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "no such file" in result.stderr
    assert result.stdout == ""
    assert snapshot(db) == before


def test_corrupt_archive_after_good_input_keeps_what_was_stored(tmp_path, articles_jsonl):
    db = str(tmp_path / "k.db")
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"PK\x03\x04 this is not a zip archive")
    result = ingest(str(articles_jsonl), str(broken), "--db", db, "--batch-size", "2")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "not a readable zip archive" in result.stderr
    assert snapshot(db)["counts"]["articles"] == len(ARTICLES)


def test_bad_database_url_and_unanalysable_input(tmp_path):
    text_file = tmp_path / "english.txt"
    text_file.write_text("This is an English sentence, not an Arabic news article at all.", encoding="utf-8")
    bad_db = ingest(str(text_file), "--db", "mysql://user@host/db")
    assert bad_db.exit_code == 2 and bad_db.stderr.count("\n") == 1
    not_arabic = ingest(str(text_file), "--db", str(tmp_path / "k.db"))
    assert not_arabic.exit_code == 2 and "no article could be ingested" in not_arabic.stderr
    assert not_arabic.stderr.count("\n") == 1


def test_saudinewsnet_style_zip_feed_and_warc(tmp_path):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    day = tmp_path / "2024-10-22.zip"
    with zipfile.ZipFile(day, "w") as archive:
        records = [{"source": r["source"], "url": r["url"], "date_extracted": r["date"] + " 08:00:00",
                    "title": r["title"], "author": "مراسل", "content": r["content"]} for r in ARTICLES[:2]]
        archive.writestr("2024-10-22.json", json.dumps(records, ensure_ascii=False))

    feed = tmp_path / "feed.rss"
    item = ARTICLES[3]
    feed.write_text(
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>أخبار</title>'
        f"<item><title>{item['title']}</title><link>{item['url']}</link>"
        "<pubDate>Mon, 04 Nov 2024 10:00:00 GMT</pubDate>"
        f"<description><![CDATA[<p>{item['content']}</p>]]></description></item></channel></rss>",
        encoding="utf-8",
    )

    warc = tmp_path / "crawl.warc.gz"
    page = ARTICLES[5]
    html = (f'<html lang="ar"><head><meta charset="utf-8"><title>{page["title"]}</title></head><body>'
            f"<article><h1>{page['title']}</h1><p>{page['content']}</p></article></body></html>").encode()
    with open(warc, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(page["url"], "response", payload=__import__("io").BytesIO(html),
                                                      http_headers=headers))
        image = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record("https://news.example/logo.png", "response",
                                                      payload=__import__("io").BytesIO(b"\x89PNG"), http_headers=image))

    db = str(tmp_path / "k.db")
    result = ingest(str(day), str(feed), str(warc), "--db", db, "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["stored"] == 4
    with CorpusStore(db) as store, store.engine.connect() as conn:
        rows = {r[0]: (r[1], r[2]) for r in conn.exec_driver_sql("SELECT url, published, source FROM articles")}
    assert rows[ARTICLES[0]["url"]] == ("2024-10-22", "example-news")
    assert rows[item["url"]] == ("2024-11-04", "أخبار")
    assert page["url"] in rows


def test_folder_ingest_reads_known_files_only(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "one.txt").write_text(f"{ARTICLES[4]['title']}\n\n{ARTICLES[4]['content']}", encoding="utf-8")
    write_jsonl(folder / "more.jsonl", ARTICLES[5:6])
    (folder / "notes.bin").write_bytes(os.urandom(64))
    result = ingest(str(folder), "--db", str(tmp_path / "k.db"), "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["stored"] == 2


def test_store_path_must_exist(tmp_path, articles_jsonl):
    result = ingest(str(articles_jsonl), "--db", str(tmp_path / "missing" / "k.db"))
    assert result.exit_code == 2 and "does not exist" in result.stderr
    assert not Path(tmp_path / "missing").exists()


def test_odd_analysis_values_do_not_break_a_batch(make_db):
    from khabar.corpus.ingest import prepare_record

    doc = {
        "id": "odd", "url": None, "published": "2024-12-01", "title": "عنوان\x00غريب", "text": "نص فيه\x00 حرف فارغ",
        "entities": [{"id": "E1", "name": "اسم " * 200, "name_ar": "اسم " * 200, "type": "LOCATION-OR-SOMETHING",
                      "wikidata": None, "mentions": [{"text": "اسم", "start": 0, "end": 3}]}],
        "claims": [{"id": "C1", "holder": "E1", "stance": "assert", "text": "نص", "start": 0, "end": 2,
                    "date": "2024-12-01T10:00 plus a very long trailing description"}],
        "times": [{"text": "أمس", "start": 0, "end": 3, "value": ["2024-11-30"], "grain": "day"}],
    }
    with CorpusStore(make_db("odd")) as store:
        assert store.write_batch([prepare_record(doc, "f" * 64, "src")]) == 1
        counts = store.counts()
    assert counts["articles"] == 1 and counts["entities"] == 1 and counts["claims"] == 1 and counts["times"] == 1
