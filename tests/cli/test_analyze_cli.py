"""`khabar analyze` end to end in a subprocess: outputs, and one-line errors with exit status 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "article.txt"


def khabar(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "khabar", *args], input=stdin, capture_output=True, timeout=120)


def test_json_document_has_contract_keys():
    run = khabar("analyze", str(EXAMPLE), "--published", "2025-03-16")
    assert run.returncode == 0, run.stderr
    doc = json.loads(run.stdout)
    for key in ("id", "url", "published", "language", "breaking", "title", "subheadings", "text", "removed",
                "sentences", "entities", "quotes", "claims", "events", "times", "quantities"):
        assert key in doc
    assert doc["breaking"] is True and doc["published"] == "2025-03-16"
    for sentence in doc["sentences"]:
        assert doc["text"][sentence["start"] : sentence["end"]].strip()


def test_stdin_and_text_summary():
    run = khabar("analyze", "-", "--format", "text", stdin=EXAMPLE.read_bytes())
    assert run.returncode == 0, run.stderr
    assert "وزارة الداخلية تقر" in run.stdout.decode()


def test_jsonl_and_folder_give_one_line_per_article(tmp_path):
    records = [
        {"title": "عنوان أول", "content": "وصل الوفد الرسمي إلى العاصمة صباح اليوم لبحث الملفات العالقة.", "date": "2025-01-02"},
        {"title": "عنوان ثان", "content": "أعلنت الشركة أرباحا قياسية في الربع الأخير من العام."},
    ]
    jsonl = tmp_path / "news.jsonl"
    jsonl.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")
    run = khabar("analyze", str(jsonl), "--format", "jsonl")
    assert run.returncode == 0, run.stderr
    lines = run.stdout.decode().splitlines()
    assert [json.loads(line)["title"] for line in lines] == ["عنوان أول", "عنوان ثان"]
    assert json.loads(lines[0])["published"] == "2025-01-02"

    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "a.txt").write_text("خبر\n\nوصل الوفد الرسمي إلى العاصمة صباح اليوم.", encoding="utf-8")
    (folder / "b.txt").write_text("خبر آخر\n\nغادر الوفد العاصمة مساء أمس.", encoding="utf-8")
    run = khabar("analyze", str(folder))
    assert run.returncode == 0, run.stderr
    assert len(run.stdout.decode().splitlines()) == 2


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("نص عربي".encode() + b"\xff\xfe\xfa", "not UTF-8"),
        (b"This is an English article about the weather in London today.", "not Arabic"),
    ],
)
def test_bad_input_exits_2_with_one_line(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    run = khabar("analyze", str(path))
    assert run.returncode == 2
    assert run.stdout == b""
    err = run.stderr.decode().strip()
    assert len(err.splitlines()) == 1 and message in err and "Traceback" not in err


def test_too_large_missing_and_bad_date(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text("خبر " * 2000, encoding="utf-8")
    for args, message in [
        ((str(big), "--max-bytes", "1000"), "larger than the limit"),
        ((str(tmp_path / "nope.txt"),), "no such file"),
        ((str(EXAMPLE), "--published", "26/04/2025"), "YYYY-MM-DD"),
    ]:
        run = khabar("analyze", *args)
        assert run.returncode == 2, args
        assert run.stdout == b""
        assert message in run.stderr.decode() and len(run.stderr.decode().strip().splitlines()) == 1
