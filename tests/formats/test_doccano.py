from __future__ import annotations

import json
from pathlib import Path

import pytest

from tagdesk.core.errors import InputError
from tagdesk.store import Store
from tagdesk.transfer import export_file, import_paths
from tests.helpers import database_fingerprint, span_texts, write_jsonl

TEXT = "😀 👩‍👩‍👧 Qasem Soleimani in Tikrit"  # four astral code points before the name
NAME = TEXT.index("Qasem Soleimani")
UTF16_NAME = NAME + 4  # 😀 and the three people of the family count two units each


def import_doccano(store: Store, path: Path, unit: str = "utf16"):
    return import_paths(store, [path], format_name="doccano", annotator="t", unit=unit)


def test_export_counts_utf16_units_by_default_and_code_points_on_request(
    store: Store, tmp_path: Path
) -> None:
    record = {
        "text": TEXT,
        "status": "done",
        "spans": [{"start": NAME, "end": NAME + 15, "label": "PERSON"}],
    }
    import_paths(store, [write_jsonl(tmp_path / "in.jsonl", [record])], annotator="t")
    out = tmp_path / "out.jsonl"
    export_file(store, out, format_name="doccano")
    line = json.loads(out.read_text(encoding="utf-8"))
    assert line["label"] == [[UTF16_NAME, UTF16_NAME + 15, "PERSON"]]
    units = TEXT.encode("utf-16-le")
    assert units[2 * UTF16_NAME : 2 * (UTF16_NAME + 15)].decode("utf-16-le") == "Qasem Soleimani"
    export_file(store, out, format_name="doccano", unit="codepoint")
    assert json.loads(out.read_text(encoding="utf-8"))["label"] == [[NAME, NAME + 15, "PERSON"]]


def test_a_span_that_splits_an_emoji_in_utf16_names_the_line_and_the_unit(
    store: Store, db_path: Path, tmp_path: Path
) -> None:
    before = database_fingerprint(db_path)
    # As code points these offsets cover the last two people; as UTF-16 units they start
    # between the two halves of the first woman.
    bad = {"text": TEXT, "label": [[4, 7, "X"]]}
    good = {"text": "Iraq", "label": [[0, 4, "GPE"]]}
    path = write_jsonl(tmp_path / "mixed.jsonl", [good, bad])
    with pytest.raises(InputError) as caught:
        import_doccano(store, path)
    message = str(caught.value)
    assert message.startswith(f"{path}:2: span [4, 7) X does not fit the text counted in UTF-16")
    assert "in code points it covers '👩\\u200d👧'" in message
    assert "--unit codepoint" in message
    assert database_fingerprint(db_path) == before


def test_code_point_offsets_read_as_utf16_are_reported_not_shifted(
    store: Store, db_path: Path, tmp_path: Path
) -> None:
    # Offsets written by a tool that counts code points: as UTF-16 they would cut the name.
    lines = [{"text": TEXT, "label": [[NAME, NAME + 15, "PERSON"]]}]
    path = write_jsonl(tmp_path / "imported.jsonl", lines)
    with pytest.raises(InputError) as caught:
        import_doccano(store, path)
    assert caught.value.line == 1
    assert "covers '\\u200d👧 Qasem Solei' counted in UTF-16 units" in str(caught.value)
    assert "'Qasem Soleimani' in code points" in str(caught.value)
    assert span_texts(db_path) == []
    import_doccano(store, path, unit="codepoint")
    assert span_texts(db_path) == [("PERSON", "Qasem Soleimani")]


def test_utf16_offsets_from_doccanos_editor_import_by_default(
    store: Store, db_path: Path, tmp_path: Path
) -> None:
    path = write_jsonl(
        tmp_path / "editor.jsonl",
        [{"text": TEXT, "label": [[UTF16_NAME, UTF16_NAME + 15, "PERSON"]]}],
    )
    import_doccano(store, path)
    assert span_texts(db_path) == [("PERSON", "Qasem Soleimani")]


def test_detection_passes_the_unit_to_doccano_lines(
    store: Store, db_path: Path, tmp_path: Path
) -> None:
    path = write_jsonl(
        tmp_path / "auto.jsonl", [{"text": TEXT, "label": [[NAME, NAME + 15, "PERSON"]]}]
    )
    import_paths(store, [path], annotator="t", unit="codepoint")
    assert span_texts(db_path) == [("PERSON", "Qasem Soleimani")]
