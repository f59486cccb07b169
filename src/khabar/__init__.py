"""khabar: Arabic news turned into evidence-linked structured data."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from khabar.document import Document

__all__ = ["Document", "analyze", "parse_numbers", "parse_times", "tag_tokens", "__version__"]


def analyze(text_or_html: str, published: str | None = None, url: str | None = None) -> Document:
    """Clean an article (plain text or HTML, detected) and run the default pipeline on it."""
    from khabar.pipeline import default_pipeline
    from khabar.text.clean import clean_article

    doc = clean_article(text_or_html, published=published, url=url)
    return default_pipeline()(doc)


def __getattr__(name: str) -> Any:
    # Public names of later stages, imported on first use to keep start-up fast.
    if name == "Document":
        from khabar.document import Document

        return Document
    if name == "tag_tokens":
        from khabar.extract.ner_crf import tag_tokens

        return tag_tokens
    if name == "parse_times":
        from khabar.extract.times import parse_times

        return parse_times
    if name == "parse_numbers":
        from khabar.extract.numbers import parse_numbers

        return parse_numbers
    raise AttributeError(name)
