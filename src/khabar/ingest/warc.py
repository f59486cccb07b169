"""Reader for WARC files (warcio), as Common Crawl's news archive ships them: response records holding HTML."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from khabar.errors import KhabarInputError
from khabar.ingest.raw import RawArticle

WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
# Pages larger than this are not news articles (or not worth cleaning).
MAX_PAGE_BYTES = 5_000_000


def is_warc_path(path: Path) -> bool:
    return path.name.lower().endswith(WARC_SUFFIXES)


def _charset(content_type: str | None) -> str | None:
    if not content_type:
        return None
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value:
            return value.strip("\"' ").lower()
    return None


def _decode_page(data: bytes, charset: str | None) -> str:
    for encoding in (charset, "utf-8", "windows-1256"):
        if not encoding:
            continue
        try:
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("utf-8", errors="replace")


def iter_warc(path: Path) -> Iterator[RawArticle | KhabarInputError]:
    """HTML pages of the response records of a WARC (.warc or .warc.gz), in file order.

    Records other than HTTP 200 responses with an HTML content type (requests, metadata,
    redirects, images) are passed over silently: a crawl holds many of them."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    try:
        stream = open(path, "rb")  # noqa: SIM115 - closed by the `with` below, after the error check
    except OSError as exc:
        raise KhabarInputError(f"{path}: cannot open ({exc.strerror})") from exc
    with stream:
        try:
            for number, record in enumerate(ArchiveIterator(stream, arc2warc=True)):
                if record.rec_type != "response":
                    continue
                http = record.http_headers
                if http is None or http.get_statuscode() != "200":
                    continue
                content_type = http.get_header("Content-Type") or ""
                if "html" not in content_type.lower():
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI")
                origin = f"{path}#{number}"
                data = record.content_stream().read(MAX_PAGE_BYTES + 1)
                if len(data) > MAX_PAGE_BYTES:
                    yield KhabarInputError(f"{origin}: page larger than {MAX_PAGE_BYTES:,} bytes")
                    continue
                if not data.strip():
                    yield KhabarInputError(f"{origin}: empty page")
                    continue
                warc_date = record.rec_headers.get_header("WARC-Date") or ""
                yield RawArticle(
                    body=_decode_page(data, _charset(content_type)),
                    # The crawl date is a fallback: cleaning prefers a date in the page's metadata.
                    published=None,
                    url=url,
                    source=None,
                    origin=origin if not warc_date else f"{origin} ({warc_date[:10]})",
                )
        except ArchiveLoadFailed as exc:
            raise KhabarInputError(f"{path}: not a readable WARC file ({str(exc).splitlines()[0]})") from exc
