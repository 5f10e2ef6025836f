"""The labeling config README gives for Label Studio, checked as Label Studio checks it.

label_studio_rules.py parses the config the way Label Studio's server does
(ElementTree, `xmljson.badgerfish`, its lone-Choice workaround) and applies
the rules of its published schema. The config lives in
resources/label_studio_config.xml, where README points; these tests read it
from there, and check that everything Tagdesk's export writes is declared in it.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tagdesk.core.relations import default_relation_types
from tagdesk.store import Store
from tagdesk.transfer import ExportFilter, export_file, import_paths
from tests.conftest import tagdesk_command
from tests.formats.label_studio_rules import parse, problems
from tests.helpers import span_texts, write_jsonl

CONFIG = Path(__file__).parents[2] / "resources" / "label_studio_config.xml"
QUICK_EXPORT = Path(__file__).parent / "fixtures" / "label_studio" / "quick_export.json"
# What README printed before: refused by Label Studio 1.23.2, its Choices holding no Choice.
OLD_README_CONFIG = """<View>
  <Labels name="label" toName="text"><Label value="PERSON"/><Label value="GPE"/></Labels>
  <Text name="text" value="$text"/>
  <TextArea name="note" toName="text" perRegion="true"/>
  <Choices name="span_tags" toName="text" perRegion="true" choice="multiple"/>
  <Choices name="doc_tags" toName="text" choice="multiple"/>
</View>"""


def test_the_config_readme_gives_is_accepted() -> None:
    assert problems(CONFIG.read_text(encoding="utf-8")) == []


def test_the_config_readme_gave_before_is_refused_as_label_studio_refused_it() -> None:
    assert problems(OLD_README_CONFIG) == [
        "View/Choices: 'Choice' is a required property",
        "View/Choices: 'Choice' is a required property",
    ]


@pytest.mark.parametrize(
    ("config", "problem"),
    [
        (
            '<View><Labels name="label" toName="text"/><Text name="text" value="$text"/></View>',
            "View/Labels: 'Label' is a required property",
        ),
        (
            '<View><Labels name="label" toName="txt"><Label value="X"/></Labels>'
            '<Text name="text" value="$text"/></View>',
            "toName=\"txt\" not found in names: ['label', 'text']",
        ),
        (
            '<View><Text name="text" value="$text"/><TextArea name="text" toName="text"/></View>',
            "Label config contains non-unique names",
        ),
        (
            '<View><Text name="text" value="$text"/><Choices name="a" toName="text">'
            '<Choice value="x"/></Choices><Choices name="b" toName="text" value="$opts"/></View>',
            "View/Choices/Choice: is not of type 'array'",
        ),
        ('<View><Text name="text"/></View>', "View/Text: needs a name and exactly one of"),
        ("<View><Labels", "not XML"),
        (
            '<View><Text name="text" value="$text"/><Relations><Relation/></Relations></View>',
            "View/Relations/Relation: '@value' is a required property",
        ),
    ],
)
def test_what_label_studio_refuses_is_refused(config: str, problem: str) -> None:
    found = problems(config)
    assert found
    assert found[0].startswith(problem)


def _controls(config: str) -> dict[str, tuple[str, str]]:
    """name: (tag, toName) of every control tag in the config."""
    view = parse(config)["View"]
    controls = {}
    for tag in ("Labels", "Choices", "TextArea"):
        for item in view.get(tag, []) if isinstance(view.get(tag), list) else [view.get(tag)]:
            if item:
                controls[item["@name"]] = (tag, item["@toName"])
    return controls


def test_everything_the_export_writes_is_declared_in_the_config(
    store: Store, tmp_path: Path
) -> None:
    text = "Exxon and Mobil agreed to merge in Irving."
    spans = [
        {"start": 0, "end": 5, "label": "ORG", "note": "the buyer", "tags": ["verified"]},
        {"start": 10, "end": 15, "label": "ORG", "status": "suggested", "source": "model"},
        {"start": 35, "end": 41, "label": "GPE"},
    ]
    record = {"text": text, "spans": spans, "status": "done", "tags": ["reviewed"]}
    import_paths(store, [write_jsonl(tmp_path / "in.jsonl", [record])], annotator="t")
    out = tmp_path / "tasks.json"
    export_file(store, out, format_name="label-studio", selection=ExportFilter(spans="all"))
    config = CONFIG.read_text(encoding="utf-8")
    controls = _controls(config)
    text_names = {parse(config)["View"]["Text"]["@name"]}
    kinds = {"labels": "Labels", "choices": "Choices", "textarea": "TextArea"}
    (task,) = json.loads(out.read_text(encoding="utf-8"))
    results = [
        item
        for part in ("annotations", "predictions")
        for entry in task[part]
        for item in entry["result"]
    ]
    assert {item["type"] for item in results} == set(kinds)
    for item in results:
        assert controls[item["from_name"]] == (kinds[item["type"]], item["to_name"])
        assert item["to_name"] in text_names
    assert parse(config)["View"]["Text"]["@value"] == "$text"
    assert "text" in task["data"]


def test_predictions_listed_by_id_are_counted_in_a_warning(db_path: Path) -> None:
    result = subprocess.run(
        [*tagdesk_command(), "import", str(QUICK_EXPORT), "--db", str(db_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "3 documents added, 4 spans added" in result.stdout
    assert result.stderr.splitlines() == [
        f"tagdesk: warning: {QUICK_EXPORT}: 3 predictions listed by id only, as Label "
        "Studio's quick and console exports write them: their spans are not in the file, "
        "so not imported"
    ]
    assert span_texts(db_path) == [
        ("ORG", "Exxon"),
        ("ORG", "Mobil"),
        ("GPE", "Irving"),
        ("PERSON", "Lee Raymond"),
    ]


def test_the_config_offers_every_default_relation_type() -> None:
    relations = parse(CONFIG.read_text(encoding="utf-8"))["View"]["Relations"]["Relation"]
    assert [tag["@value"] for tag in relations] == [spec.name for spec in default_relation_types()]


def test_every_relation_label_the_export_writes_is_offered_by_the_config(
    store: Store, tmp_path: Path
) -> None:
    fixture = Path(__file__).parent / "fixtures" / "label_studio" / "relations.json"
    import_paths(store, [fixture], annotator="t")
    out = tmp_path / "tasks.json"
    export_file(store, out, selection=ExportFilter(documents="all", spans="all", relations="all"))
    (task,) = json.loads(out.read_text(encoding="utf-8"))
    relations = [
        item
        for part in ("annotations", "predictions")
        for entry in task[part]
        for item in entry["result"]
        if item["type"] == "relation"
    ]
    assert len(relations) == 7
    offered = {tag["@value"] for tag in parse(CONFIG.read_text())["View"]["Relations"]["Relation"]}
    assert {label for item in relations for label in item["labels"]} <= offered
