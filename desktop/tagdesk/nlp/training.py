"""Fine-tuning a pipeline's entity recogniser on the analyst's decisions.

The base pipeline is loaded whole, its entity recogniser is updated on the
training examples (tagdesk.nlp.training_data) and scored on the dev split
before and after, and the whole pipeline is written to a new folder, kept
as a numbered version in the database. The folder is written beside its
final place and renamed into it at the end, so an interrupted or failed run
leaves nothing behind, and a folder that holds anything is never written to.
"""

from __future__ import annotations

import random
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tagdesk.core.errors import TagdeskError
from tagdesk.core.reviewed import TrainedModel
from tagdesk.core.wording import counted
from tagdesk.nlp.models import resolve_model
from tagdesk.nlp.pipeline import ner_components, pipeline_source
from tagdesk.nlp.training_data import INCORRECT_SPANS_KEY, examples, split_by_hash
from tagdesk.store import Store
from tagdesk.store.reviewed import TrainingScope, reviewed_documents
from tagdesk.store.settings import chosen_model
from tagdesk.store.team_version import TEAM, View, check_view, view_name
from tagdesk.store.trained_models import record_trained_model, reserve_version

Progress = Callable[[int, int], None]  # steps done, steps to do
EPOCHS = 10  # passes over the training documents when --max-steps does not stop it sooner
BATCH_SIZE = 8
DROPOUT = 0.1  # the small English pipelines' own training setting
SEED = 0


@dataclass
class TrainingReport:
    model: str  # the folder written, absolute
    version: int
    source: str
    base: str
    base_source: str
    train_documents: int
    dev_documents: int
    steps: int
    seconds: float
    base_scores: dict[str, Any]
    trained_scores: dict[str, Any]
    misaligned: int
    overlapping: int

    def as_dict(self) -> dict[str, Any]:
        """What `tagdesk train --json` prints."""
        data = asdict(self)
        data["base"] = data.pop("base_scores")
        data["trained"] = data.pop("trained_scores")
        data["base_model"] = self.base
        return data


def check_output_folder(out: Path) -> Path:
    """The absolute folder to write; refused if it holds anything or is not a folder."""
    target = out.expanduser().absolute()
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise TagdeskError(f"{out}: exists and is not a folder; give a new folder's name")
    if target.is_dir() and any(target.iterdir()):
        raise TagdeskError(
            f"{out}: the folder is not empty; each training writes a new folder "
            "(earlier versions are kept), so give a new or an empty one"
        )
    if not target.parent.is_dir():
        raise TagdeskError(f"{out}: its folder {target.parent} does not exist")
    return target


def train(
    store: Store,
    out: Path,
    *,
    base: str | None = None,
    status: TrainingScope = "done",
    max_steps: int | None = None,
    progress: Progress | None = None,
    view: View = TEAM,
) -> TrainingReport:
    """Train, score and save a new version; the database gains only its record.

    What is learnt is `view` (store.team_version): by default the team's version.
    """
    store.require_writable()
    check_view(store, view)
    target = check_output_folder(out)
    base_name = resolve_model(base or chosen_model(store))
    documents = reviewed_documents(store, status, view)
    if len(documents) < 2:
        which = "marked done" if status == "done" else "marked done or with decided spans"
        which += "" if view is TEAM else f" in {view_name(view)}"
        hint = " (--status all adds those with accepted or rejected spans)"
        raise TagdeskError(
            f"training needs at least 2 documents {which} (one is held out to score on); "
            f"there {'is' if len(documents) == 1 else 'are'} {len(documents)}"
            + (hint if status == "done" else "")
        )
    train_documents, dev_documents = split_by_hash(documents)
    started = time.monotonic()
    nlp, ner_name = _load_base(base_name)
    keep = ner_components(nlp)
    train_examples, counts = examples(nlp, train_documents)
    dev_examples, dev_counts = examples(nlp, dev_documents)
    counts.add(dev_counts)
    with nlp.select_pipes(enable=keep):
        base_scores = ner_scores(nlp, dev_examples)
        optimizer, steps = _update(nlp, ner_name, train_examples, max_steps, progress)
        with nlp.use_params(optimizer.averages):
            trained_scores = ner_scores(nlp, dev_examples)
    base_source = pipeline_source(nlp.meta)
    version = reserve_version(store)
    nlp.meta["name"] = re.sub(r"_tagdesk\d+$", "", str(nlp.meta.get("name") or "pipeline"))
    nlp.meta["name"] += f"_tagdesk{version}"
    nlp.meta["performance"] = dict(trained_scores)
    learnt_from = counted(len(train_documents), "document")
    nlp.meta["description"] = f"{base_source}, trained by Tagdesk on {learnt_from}"
    source = pipeline_source(nlp.meta)
    with nlp.use_params(optimizer.averages):
        _save(nlp, target)
    report = TrainingReport(
        model=str(target),
        version=version,
        source=source,
        base=base_name,
        base_source=base_source,
        train_documents=len(train_documents),
        dev_documents=len(dev_documents),
        steps=steps,
        seconds=time.monotonic() - started,
        base_scores=base_scores,
        trained_scores=trained_scores,
        misaligned=counts.misaligned,
        overlapping=counts.overlapping,
    )
    record_trained_model(
        store,
        TrainedModel(
            version=version,
            path=str(target),
            source=source,
            base=base_name,
            base_source=base_source,
            created_at=datetime.now(UTC).isoformat(timespec="seconds"),
            train_documents=len(train_documents),
            dev_documents=len(dev_documents),
            status=status,
            steps=steps,
            base_scores=base_scores,
            trained_scores=trained_scores,
        ),
    )
    return report


def _load_base(name: str) -> tuple[Any, str]:
    """The whole pipeline, and the name of the entity recogniser to train.

    An entity recogniser that listens to a shared embedding layer gets its
    own copy of it first, so training it leaves the tagger and parser as
    they were.
    """
    import spacy
    from spacy.pipeline import EntityRecognizer

    try:
        nlp = spacy.load(name)
    except (OSError, ValueError) as error:
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else "failed"
        raise TagdeskError(f"{name}: cannot load the spaCy pipeline: {first_line}") from error
    recognisers = [
        pipe_name for pipe_name, pipe in nlp.pipeline if isinstance(pipe, EntityRecognizer)
    ]
    if not recognisers:
        raise TagdeskError(f"{name}: the pipeline has no entity recogniser (ner) to train")
    ner_name = recognisers[0]
    for pipe_name, pipe in nlp.pipeline:
        if ner_name in (getattr(pipe, "listening_components", None) or ()):
            nlp.replace_listeners(pipe_name, ner_name, ["model.tok2vec"])
    return nlp, ner_name


def _update(
    nlp: Any,
    ner_name: str,
    train_examples: list[Any],
    max_steps: int | None,
    progress: Progress | None,
) -> tuple[Any, int]:
    """Batches of examples through the recogniser; returns the optimizer and the steps run."""
    from spacy.util import fix_random_seed, minibatch

    fix_random_seed(SEED)
    ner = nlp.get_pipe(ner_name)
    for example in train_examples:
        for entity in example.reference.ents:
            ner.add_label(entity.label_)
    # The recogniser learns from rejected spans what a span is not (spaCy's incorrect_spans_key).
    ner.cfg["incorrect_spans_key"] = INCORRECT_SPANS_KEY
    ner.moves.cfg["neg_key"] = INCORRECT_SPANS_KEY
    optimizer = nlp.resume_training()
    batches_per_pass = max(1, -(-len(train_examples) // BATCH_SIZE))
    total = batches_per_pass * EPOCHS
    if max_steps is not None:
        total = min(total, max_steps)
    order = random.Random(SEED)
    steps = 0
    if progress is not None:
        progress(0, total)
    while steps < total and train_examples:
        shuffled = list(train_examples)
        order.shuffle(shuffled)
        for batch in minibatch(shuffled, size=BATCH_SIZE):
            nlp.update(batch, drop=DROPOUT, sgd=optimizer, losses={})
            steps += 1
            if progress is not None:
                progress(steps, total)
            if steps >= total:
                break
    ner.cfg["incorrect_spans_key"] = None
    ner.moves.cfg["neg_key"] = None
    return optimizer, steps


def ner_scores(nlp: Any, dev_examples: list[Any]) -> dict[str, Any]:
    """Precision, recall and F on the dev examples, overall and by label, as spaCy's
    Scorer counts them: a prediction over tokens whose annotation is missing counts for
    nothing."""
    from spacy.scorer import get_ner_prf
    from spacy.training import Example

    predicted = nlp.pipe(example.reference.text for example in dev_examples)
    scored = [
        Example(doc, example.reference)
        for doc, example in zip(predicted, dev_examples, strict=True)
    ]
    figures = get_ner_prf(scored)
    by_label = figures.get("ents_per_type") or {}
    return {
        "ents_p": figures["ents_p"],
        "ents_r": figures["ents_r"],
        "ents_f": figures["ents_f"],
        "by_label": {label: dict(by_label[label]) for label in sorted(by_label)},
    }


def _save(nlp: Any, target: Path) -> None:
    """Write the pipeline beside `target`, then rename it into place.

    The rename fails, and nothing is replaced, if `target` has come to hold
    anything meanwhile; an empty folder at `target` gives way (on Windows,
    where a rename does not replace a folder, it is removed first: it was empty).
    """
    partial = Path(
        tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent)
    )
    try:
        nlp.to_disk(partial)
        if sys.platform == "win32" and target.is_dir():
            target.rmdir()
        try:
            partial.rename(target)
        except OSError as error:
            raise TagdeskError(
                f"{target}: cannot put the trained pipeline there: {error.strerror}"
            ) from error
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
