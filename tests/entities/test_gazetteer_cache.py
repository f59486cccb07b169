"""The pickled gazetteer index is written once, read back identical, and rebuilt when a source changes."""

from __future__ import annotations

from khabar.extract import gazetteer


def test_cache_round_trip(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("KHABAR_CACHE", str(tmp_path))
    gazetteer.load_gazetteer.cache_clear()
    try:
        built = gazetteer.load_gazetteer()
        pickles = list(tmp_path.glob("gazetteer-*.pickle"))
        assert len(pickles) == 1
        gazetteer.load_gazetteer.cache_clear()
        cached = gazetteer.load_gazetteer()
        assert cached is not built
        assert cached.index == built.index and cached.blocked == built.blocked
        assert [e.name_en for e in cached.lookup("كوريا الشمالية")] == ["North Korea"]
        # a damaged cache is rebuilt, not trusted
        pickles[0].write_bytes(b"not a pickle")
        gazetteer.load_gazetteer.cache_clear()
        assert gazetteer.load_gazetteer().index == built.index
    finally:
        gazetteer.load_gazetteer.cache_clear()


def test_matches_carry_offsets_and_clitics() -> None:
    text = "وصل الوفد لكوريا الشمالية وبالعراق."
    matches = gazetteer.find_matches(text)
    by_name = {m.entries[0].name_en: m for m in matches}
    korea, iraq = by_name["North Korea"], by_name["Iraq"]
    assert text[korea.start : korea.end] == "كوريا الشمالية" and korea.clitic == "ل"
    assert text[iraq.start : iraq.end] == "العراق" and iraq.clitic == "وب"
