"""Every JSON reader applies the same strict rules, and says where a record breaks them.

JSON lines (spaCy/Prodigy, doccano, told apart or named) and Label Studio's
.json decode through one module; hostile or odd values are refused by file and
line (and, for Label Studio, by task), and the database is left as it was.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tagdesk.core.errors import InputError
from tagdesk.store import Store
from tagdesk.transfer import import_paths
from tests.conftest import SEEDS
from tests.helpers import database_fingerprint

GOOD = '{"text": "Soleimani in Tikrit", "spans": [{"start": 0, "end": 9, "label": "PERSON"}]}'
HUGE = "99999999999999999999999"  # beyond 64 bits: orjson would read 1e+23
U64 = str(2**64 - 1)  # fits an unsigned 64-bit integer, not SQLite's signed one
LONE_LOW = '"\\udc00"'  # a low surrogate escape with no high one before it


def span(start: str, end: str, label: str = '"GPE"', extra: str = "") -> str:
    return f'{{"start": {start}, "end": {end}, "label": {label}{extra}}}'


def record(fields: str) -> str:
    return '{"text": "Mosul and Tikrit"' + fields + "}"


# (bad line, what the message says); each is line 2 of a file, after a good record.
JSONL_CASES = {
    "deep-nesting": ('{"text": "Mosul", "meta": {"x": ' + "[" * 100_000, "nested more than 1024"),
    "lone-surrogate-text": ('{"text": "Mosul \\ud800 offensive"}', "lone surrogate"),
    "lone-surrogate-label": (
        record(', "spans": [' + span("0", "5", LONE_LOW) + "]"),
        "lone surrogate",
    ),
    "nan": (record(', "meta": {"score": NaN}'), "NaN is not a JSON number"),
    "infinity": (record(', "meta": {"score": Infinity}'), "Infinity is not a JSON number"),
    "minus-infinity": (record(', "meta": {"score": -Infinity}'), "-Infinity is not a JSON number"),
    "huge-offset": (record(f', "spans": [{span("0", HUGE)}]'), "does not fit in 64 bits"),
    "huge-meta": (record(f', "meta": {{"id": {HUGE}}}'), "does not fit in 64 bits"),
    "u64-meta": (record(f', "meta": {{"id": {U64}}}'), "does not fit in 64 bits"),
    "huge-negative": (record(f', "meta": {{"id": -{HUGE}}}'), "does not fit in 64 bits"),
    "two-values": ('{"text": "Mosul"} {"text": "Tikrit"}', "more than one JSON value"),
    "scalar": ("42", "must be a JSON object"),
    "doccano-label-object": (
        record(', "label": {"start": 0}'),
        '"label" must be a list, got an object',
    ),
    "doccano-labels-string": (record(', "labels": "GPE"'), '"labels" must be a list'),
    "doccano-entities-number": (record(', "entities": 3'), '"entities" must be a list'),
}


# Fields only spaCy/Prodigy records have (doccano keeps unknown fields as metadata).
SPACY_CASES = {
    "offset-string": (
        record(f', "spans": [{span(chr(34) + "0" + chr(34), "5")}]'),
        "whole numbers",
    ),
    "offset-float": (record(f', "spans": [{span("0", "5.0")}]'), "whole numbers"),
    "offset-true": (record(f', "spans": [{span("true", "5")}]'), "whole numbers"),
    "offset-null": (record(f', "spans": [{span("null", "5")}]'), "whole numbers"),
    "label-number": (record(f', "spans": [{span("0", "5", "7")}]'), "span label must be"),
    "spans-object": (
        record(', "spans": {"start": 0, "end": 5, "label": "GPE"}'),
        '"spans" must be a list',
    ),
    "text-list": ('{"text": ["Mosul"]}', '"text" must be a string, got a list'),
    "text-number": ('{"text": 5}', '"text" must be a string, got a number'),
    "meta-list": (record(', "meta": ["bbc"]'), '"meta" must be an object, got a list'),
    "meta-string": (record(', "meta": "bbc"'), '"meta" must be an object, got a string'),
    "title-number": (record(', "title": 3'), '"title" must be a string'),
    "status-unknown": (record(', "status": "finished"'), "document status 'finished'"),
    "tags-string": (record(', "tags": "war"'), '"tags" must be a list'),
    "tokens-number": (record(', "tokens": 5'), '"tokens" must be a list'),
    "tokens-strings": (record(', "tokens": ["Mosul"]'), '"tokens" must be a list'),
    "tokens-outside": (record(', "tokens": [{"text": "M", "start": 0, "end": 99}]'), '"tokens"'),
    "note-number": (
        record(f', "spans": [{span("0", "5", extra=", " + chr(34) + "note" + chr(34) + ": 5")}]'),
        '"note" must be a string',
    ),
    "span-status-number": (
        record(f', "spans": [{span("0", "5", extra=", " + chr(34) + "status" + chr(34) + ": 1")}]'),
        '"status" must be a string',
    ),
}
# doccano's own span lists, with the same wrong types.
DOCCANO_CASES = {
    "doccano-offset-string": (record(', "label": [["0", 5, "GPE"]]'), "whole numbers"),
    "doccano-offset-true": (record(', "label": [[true, 5, "GPE"]]'), "whole numbers"),
    "doccano-offset-huge": (record(f', "label": [[0, {HUGE}, "GPE"]]'), "does not fit in 64"),
    "doccano-label-number": (record(', "label": [[0, 5, 7]]'), "span label must be"),
    "doccano-entity-float": (
        record(', "entities": [{"start_offset": 0, "end_offset": 5.5, "label": "GPE"}]'),
        "whole numbers",
    ),
}
CASES = [
    *((case, fmt) for case in JSONL_CASES for fmt in (None, "spacy-jsonl", "doccano")),
    *((case, fmt) for case in SPACY_CASES for fmt in (None, "spacy-jsonl")),
    *((case, fmt) for case in DOCCANO_CASES for fmt in (None, "doccano")),
]


@pytest.fixture
def seeded(store: Store) -> Store:
    import_paths(store, [SEEDS], annotator="tester")
    return store


def refused(store: Store, db_path: Path, path: Path, format_name: str | None) -> InputError:
    before = database_fingerprint(db_path)
    with pytest.raises(InputError) as caught:
        import_paths(store, [path], format_name=format_name, annotator="tester")
    assert database_fingerprint(db_path) == before
    assert "\n" not in str(caught.value)
    return caught.value


@pytest.mark.parametrize(("case", "format_name"), CASES)
def test_a_hostile_json_line_is_refused_by_file_and_line(
    seeded: Store, db_path: Path, tmp_path: Path, case: str, format_name: str | None
) -> None:
    line, message = {**JSONL_CASES, **SPACY_CASES, **DOCCANO_CASES}[case]
    if format_name == "spacy-jsonl" and case.startswith("doccano"):
        # A Prodigy "label" is a string; "labels" and "entities" are not Prodigy fields.
        message = '"label" must be a string' if "label-" in case else "unknown field"
    path = tmp_path / "hostile.jsonl"
    path.write_text(GOOD + "\n" + line + "\n" + GOOD + "\n", encoding="utf-8")
    error = refused(seeded, db_path, path, format_name)
    assert error.path == str(path)
    assert error.line == 2, str(error)
    assert message in error.reason, str(error)


def test_null_means_not_given_for_optional_fields(seeded: Store, tmp_path: Path) -> None:
    """The control: null for an optional field is the field left out, in every reader."""
    path = tmp_path / "nulls.jsonl"
    nulls = '"source": null, "note": null, "annotator": null, "status": null, "tags": null'
    path.write_text(
        record(
            f', "meta": null, "title": null, "tags": null, "status": null, "tokens": null, '
            f'"spans": [{span("0", "5", extra=", " + nulls)}]'
        )
        + "\n",
        encoding="utf-8",
    )
    summary = import_paths(seeded, [path], annotator="tester")
    assert (summary.documents_added, summary.spans_added) == (1, 1)
    row = seeded.execute(
        "SELECT s.status, s.note FROM span s JOIN document d ON d.id = s.document_id "
        "WHERE d.text = 'Mosul and Tikrit'"
    ).fetchone()
    assert tuple(row) == ("accepted", "")


def test_a_64_bit_number_in_meta_is_kept_exactly(seeded: Store, tmp_path: Path) -> None:
    """The control for the 64-bit bound: the largest whole number survives, not rounded."""
    path = tmp_path / "ids.jsonl"
    path.write_text(record(f', "meta": {{"id": {2**63 - 1}, "low": {-(2**63)}}}') + "\n")
    import_paths(seeded, [path], annotator="tester")
    meta = seeded.execute("SELECT meta FROM document WHERE text = 'Mosul and Tikrit'").fetchone()
    assert json.loads(meta[0]) == {"id": 2**63 - 1, "low": -(2**63)}


# -- Label Studio's .json --------------------------------------------------------------


def task(text: str = "Mosul and Tikrit", value: str | None = None, **fields: str) -> str:
    """One task as JSON text; `value` is a labels result's value, fields are raw JSON."""
    parts = [f'"data": {{"text": {json.dumps(text)}}}']
    if value is not None:
        parts.append(
            f'"annotations": [{{"result": [{{"type": "labels", "from_name": "label", '
            f'"to_name": "text", "id": "a0", "value": {value}}}]}}]'
        )
    parts.extend(f'"{key}": {raw}' for key, raw in fields.items())
    return "{" + ", ".join(parts) + "}"


def labels(start: str, end: str, label: str = '"GPE"') -> str:
    return f'{{"start": {start}, "end": {end}, "labels": [{label}]}}'


LS_GOOD = task(value='{"start": 0, "end": 5, "text": "Mosul", "labels": ["GPE"]}')

# (second task, what the message says); the file is [good, bad, good], a task a line.
LABEL_STUDIO_CASES = {
    "deep-nesting": ("[" * 100_000, "nested more than 1024"),
    "lone-surrogate": (task().replace("Mosul", "Mosul \\ud800"), "lone surrogate"),
    "nan-meta": ('{"data": {"text": "Mosul", "meta": {"score": NaN}}}', "NaN is not a JSON number"),
    "infinity-offset": (task(value=labels("0", "Infinity")), "Infinity is not a JSON number"),
    "huge-offset": (task(value=labels("0", HUGE)), "does not fit in 64 bits"),
    "5000-digit-offset": (task(value=labels("0", "9" * 5000)), "a number is too large"),
    "huge-meta": (f'{{"data": {{"text": "Mosul", "meta": {{"id": {HUGE}}}}}}}', "does not fit"),
    "offset-true": (task(value=labels("true", "5")), "whole numbers"),
    "offset-string": (task(value=labels('"0"', "5")), "whole numbers"),
    "label-number": (task(value=labels("0", "5", "7")), "span label must be"),
    "text-list": (
        '{"data": {"text": ["Mosul"], "title": "Mosul"}}',
        '"data.text" must be a string',
    ),
    "meta-list": ('{"data": {"text": "Mosul", "meta": ["bbc"]}}', '"data.meta" must be an object'),
    "annotations-object": (task(annotations='{"result": []}'), '"annotations" must be a list'),
    "result-object": (task(annotations='[{"result": {"value": {}}}]'), '"result" must be a list'),
    "value-list": (
        task(annotations='[{"result": [{"type": "labels", "value": [0, 5]}]}]'),
        '"value" must be an object',
    ),
    "choices-string": (
        task(annotations='[{"result": [{"type": "choices", "value": {"choices": "war"}}]}]'),
        '"value.choices" must be a list of strings',
    ),
    "note-string": (
        task(
            annotations='[{"result": [{"type": "labels", "id": "r", "value": '
            + labels("0", "5")
            + '}, {"type": "textarea", "id": "r", "value": {"text": "a note"}}]}]'
        ),
        '"value.text" must be a list of strings',
    ),
    "scalar-task": ("42", "must be a JSON object"),
}


@pytest.mark.parametrize("case", list(LABEL_STUDIO_CASES))
def test_a_hostile_label_studio_task_is_refused_by_task_and_line(
    seeded: Store, db_path: Path, tmp_path: Path, case: str
) -> None:
    bad, message = LABEL_STUDIO_CASES[case]
    path = tmp_path / "hostile.json"
    path.write_text(f"[\n{LS_GOOD},\n{bad},\n{LS_GOOD}\n]\n", encoding="utf-8")
    error = refused(seeded, db_path, path, None)
    assert error.line == 3, str(error)
    assert error.reason.startswith("task 1"), str(error)
    assert message in error.reason, str(error)


@pytest.mark.parametrize(
    "content",
    [
        f"[{LS_GOOD}]\n[{LS_GOOD.replace('Mosul', 'Kirkuk')}]\n",
        f"{LS_GOOD}\n{LS_GOOD.replace('Mosul', 'Kirkuk')}\n",
        f"[{LS_GOOD}] 42\n",
    ],
    ids=["two-lists", "two-tasks", "list-then-number"],
)
def test_a_label_studio_file_holds_one_json_value(
    seeded: Store, db_path: Path, tmp_path: Path, content: str
) -> None:
    """A second value after the first would be lost unread."""
    path = tmp_path / "two.json"
    path.write_text(content, encoding="utf-8")
    error = refused(seeded, db_path, path, None)
    assert "holds more than one JSON value" in error.reason
    assert error.line in (1, 2)


def test_a_top_level_scalar_is_not_a_label_studio_file(
    seeded: Store, db_path: Path, tmp_path: Path
) -> None:
    path = tmp_path / "scalar.json"
    path.write_text('"Mosul"\n', encoding="utf-8")
    assert "must hold a JSON list" in refused(seeded, db_path, path, None).reason
