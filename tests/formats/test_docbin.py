from __future__ import annotations

from pathlib import Path

import pytest

from tagdesk.core.errors import InputError, TagdeskError
from tagdesk.store import Store
from tagdesk.transfer import ExportFilter, export_file, import_paths
from tests.formats.corpus import MISALIGNED, fill
from tests.helpers import database_fingerprint, span_texts, write_jsonl


def load_docs(path: Path) -> list:
    import spacy
    from spacy.tokens import DocBin

    return list(DocBin().from_disk(path).get_docs(spacy.blank("en").vocab))


def test_ents_span_group_and_cats(store: Store, tmp_path: Path) -> None:
    text = "Iranian Gen Qasem Soleimani led IRGC forces in Tikrit."
    spans = [
        {"start": 8, "end": 27, "label": "PERSON"},  # Gen Qasem Soleimani
        {"start": 12, "end": 27, "label": "PERSON"},  # nested inside it
        {"start": 32, "end": 36, "label": "ORG"},
        {"start": 47, "end": 53, "label": "GPE", "status": "suggested"},
    ]
    records = [
        {"text": text, "spans": spans, "status": "done", "tags": ["iran"]},
        {"text": "Nothing here.", "status": "done", "tags": ["empty"]},
    ]
    import_paths(store, [write_jsonl(tmp_path / "in.jsonl", records)], annotator="t")
    out = tmp_path / "train.spacy"
    summary = export_file(store, out, selection=ExportFilter(spans="all"))  # told from .spacy
    assert summary.problems == []
    first, second = load_docs(out)
    assert first.text == text
    assert [(e.text, e.label_) for e in first.ents] == [
        ("Gen Qasem Soleimani", "PERSON"),
        ("IRGC", "ORG"),
    ]
    assert sorted((s.text, s.label_) for s in first.spans["sc"]) == [
        ("Gen Qasem Soleimani", "PERSON"),
        ("IRGC", "ORG"),
        ("Qasem Soleimani", "PERSON"),
        ("Tikrit", "GPE"),
    ]
    assert first.cats == {"empty": 0.0, "iran": 1.0}
    assert second.cats == {"empty": 1.0, "iran": 0.0}
    assert [t.ent_iob_ for t in second] == ["O"] * len(second)


def test_spans_off_token_boundaries_are_reported_by_document_and_offset(
    store: Store, tmp_path: Path
) -> None:
    text, entities = MISALIGNED
    spans = [
        {"start": text.index(e), "end": text.index(e) + len(e), "label": label}
        for e, label in entities
    ]
    import_paths(
        store,
        [write_jsonl(tmp_path / "in.jsonl", [{"text": text, "spans": spans, "status": "done"}])],
        annotator="t",
    )
    summary = export_file(store, tmp_path / "out.spacy")
    assert [(p.document_id, p.start, p.end, p.label, p.text) for p in summary.problems] == [
        (1, 5, 12, "GPE", "Baghdad"),
        (1, 27, 32, "PERSON", "Abadi"),
    ]
    assert "document 1" in summary.problems[0].describe()
    assert "[5, 12) GPE 'Baghdad' does not fall on spaCy token boundaries" in (
        summary.problems[0].describe()
    )
    (doc,) = load_docs(tmp_path / "out.spacy")
    assert list(doc.ents) == []
    assert "2 spans left out" in summary.describe()


def test_a_docbin_from_spacy_alone_imports_ents_and_span_groups(
    store: Store, db_path: Path, tmp_path: Path
) -> None:
    import spacy
    from spacy.tokens import DocBin

    nlp = spacy.blank("en")
    doc = nlp("😀 Qasem Soleimani visited Tikrit\r\nyesterday")
    doc.ents = [doc.char_span(2, 17, label="PERSON")]
    doc.spans["custom"] = [doc.char_span(26, 32, label="GPE"), doc.char_span(8, 17, label="X")]
    doc.cats = {"iran": 1.0, "iraq": 0.0}
    path = tmp_path / "plain.spacy"
    DocBin(docs=[doc]).to_disk(path)
    import_paths(store, [path], annotator="t")
    assert span_texts(db_path) == [
        ("PERSON", "Qasem Soleimani"),
        ("X", "Soleimani"),
        ("GPE", "Tikrit"),
    ]
    assert store.execute("SELECT text FROM document").fetchone()[0].endswith("Tikrit\nyesterday")
    assert store.execute("SELECT name FROM tag").fetchall() == [("iran",)]


def test_split_writes_both_files_deterministically(store: Store, tmp_path: Path) -> None:
    fill(store, tmp_path)
    out = tmp_path / "corpus.spacy"
    summary = export_file(store, out, split=0.8)
    train, dev = tmp_path / "corpus-train.spacy", tmp_path / "corpus-dev.spacy"
    assert summary.files == [str(train), str(dev)]
    assert not out.exists()
    first = ([d.text for d in load_docs(train)], [d.text for d in load_docs(dev)])
    assert (len(first[0]), len(first[1])) == (5, 1)
    export_file(store, out, split=0.8)
    assert ([d.text for d in load_docs(train)], [d.text for d in load_docs(dev)]) == first


@pytest.mark.parametrize("swap", [True, False], ids=["exchange", "two-renames"])
def test_a_failed_split_writes_neither_file(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, swap: bool
) -> None:
    from tagdesk.formats import atomic

    fill(store, tmp_path)
    train, dev = tmp_path / "corpus-train.spacy", tmp_path / "corpus-dev.spacy"
    train.write_bytes(b"old train")
    dev.write_bytes(b"old dev")
    real_exchange, real_rename = atomic.exchange, Path.rename

    def exchange(first: Path, second: Path) -> bool:
        if not swap:
            return False  # as where renameat2 is missing: the old file is moved aside
        if Path(second) == dev and first.name.endswith(".part"):
            raise OSError(28, "No space left on device")
        return real_exchange(first, second)

    def rename(self: Path, target: Path) -> Path:
        if Path(target) == dev and self.name.endswith(".part"):
            raise OSError(28, "No space left on device")
        return real_rename(self, target)

    monkeypatch.setattr(atomic, "exchange", exchange)
    monkeypatch.setattr(Path, "rename", rename)
    with pytest.raises(TagdeskError, match="export failed"):
        export_file(store, tmp_path / "corpus.spacy", split=0.8)
    monkeypatch.undo()
    assert train.read_bytes() == b"old train"
    assert dev.read_bytes() == b"old dev"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_split_needs_a_share_between_0_and_1_and_the_docbin_format(
    store: Store, tmp_path: Path
) -> None:
    fill(store, tmp_path)
    with pytest.raises(TagdeskError, match="between 0 and 1"):
        export_file(store, tmp_path / "c.spacy", split=1.5)
    with pytest.raises(TagdeskError, match="docbin format only"):
        export_file(store, tmp_path / "c.jsonl", split=0.8)


def test_a_file_that_is_not_a_docbin_is_refused(
    store: Store, db_path: Path, tmp_path: Path
) -> None:
    before = database_fingerprint(db_path)
    path = tmp_path / "broken.spacy"
    path.write_bytes(b"\x78\x9cnot really zlib")
    with pytest.raises(InputError, match=r"broken\.spacy: is not a spaCy DocBin file"):
        import_paths(store, [path], annotator="t")
    assert database_fingerprint(db_path) == before


def test_a_bad_label_names_the_document_index(store: Store, tmp_path: Path) -> None:
    import spacy
    from spacy.tokens import DocBin

    nlp = spacy.blank("en")
    good, bad = nlp("Iraq"), nlp("Iran and Iraq")
    good.ents = [good.char_span(0, 4, label="GPE")]
    bad.ents = [bad.char_span(0, 4, label="TWO WORDS")]
    path = tmp_path / "labels.spacy"
    DocBin(docs=[good, bad]).to_disk(path)
    with pytest.raises(InputError, match=r"labels\.spacy: document 1: span label must be"):
        import_paths(store, [path], annotator="t")
