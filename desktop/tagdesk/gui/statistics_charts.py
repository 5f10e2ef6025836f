"""The statistics view's charts, made from the store's figures (core/statistics.py).

Each chart says what clicking one of its bars lists (`ChartFilter`): the
documents with spans of a label, the documents done on a day, those given
to an annotator, or those holding an annotator's spans.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from tagdesk.core.statistics import OUTCOMES, Statistics
from tagdesk.gui.chart_painter import BarChart, Series

# Status colours that read on a light and a dark window alike.
STATUS_SERIES = (
    Series("accepted", "#2e9d5b"),
    Series("suggested", "#e3a21a"),
    Series("rejected", "#9b9b9b"),
)
OUTCOME_COLOURS = {
    "accepted": "#2e9d5b",
    "corrected": "#3b7dd8",
    "rejected": "#d9534f",
    "open": "#b8b8b8",
    "deleted": "#8e6bb8",
}
DAYS_SHOWN = 90  # the time charts show the last 90 days that had work, gaps filled


@dataclass(frozen=True)
class ChartFilter:
    """What the document list shows when a bar is clicked."""

    label: str | None = None
    status: str | None = None
    done_on: str | None = None  # YYYY-MM-DD
    given_to: str | None = None
    spans_by: str | None = None


def charts(figures: Statistics) -> list[BarChart]:
    """The charts in the order the view and `stats --charts` show them."""
    statuses = tuple(s.name for s in STATUS_SERIES)
    labels = tuple(name for name, row in figures.labels.items() if any(row.values()))
    quality = tuple(figures.model_quality)
    done_days = _days(figures.done_per_day)
    span_days = _days(figures.spans_per_day)
    people = tuple(figures.annotators)
    return [
        BarChart(
            "done_per_day",
            "Documents done per day",
            tuple(day[5:] for day in done_days),
            (Series("done", "#2e9d5b"),),
            tuple((figures.done_per_day.get(day, 0),) for day in done_days),
            horizontal=False,
            empty="No document is done yet",
            keys=tuple(done_days),
        ),
        BarChart(
            "spans_per_day",
            "Spans added per day, by status now",
            tuple(day[5:] for day in span_days),
            STATUS_SERIES,
            tuple(
                tuple(figures.spans_per_day.get(day, {}).get(s, 0) for s in statuses)
                for day in span_days
            ),
            horizontal=False,
            empty="No spans yet",
        ),
        BarChart(
            "spans_per_label",
            "Spans per label, by status",
            labels,
            STATUS_SERIES,
            tuple(tuple(figures.labels[name][s] for s in statuses) for name in labels),
            swatches=tuple(figures.label_colours[name] for name in labels),
            empty="No spans yet",
        ),
        BarChart(
            "model_quality",
            "What became of the model's suggestions, per label",
            quality,
            tuple(Series(name, OUTCOME_COLOURS[name]) for name in OUTCOMES),
            tuple(tuple(figures.model_quality[name][o] for o in OUTCOMES) for name in quality),
            shares=True,
            swatches=tuple(figures.label_colours[name] for name in quality),
            empty="The model has suggested nothing yet",
        ),
        BarChart(
            "annotators",
            "Documents per annotator",
            people,
            (Series("done", "#2e9d5b"), Series("not done", "#b8b8b8")),
            tuple(
                (f.done, f.assigned - f.done) for f in (figures.annotators[name] for name in people)
            ),
            empty="No document is given to anyone yet",
        ),
        BarChart(
            "annotator_spans",
            "Each annotator's own spans, by status",
            people,
            STATUS_SERIES,
            tuple(
                tuple(figures.annotators[name].spans.get(s, 0) for s in statuses) for name in people
            ),
            empty="Nobody has made a span of their own yet",
        ),
    ]


def chart_filter(chart: BarChart, category: int) -> ChartFilter | None:
    """What a click on a bar of `chart` lists; None where the list has no such filter."""
    if chart.key in ("spans_per_label", "model_quality"):
        return ChartFilter(label=chart.categories[category])
    if chart.key == "done_per_day":
        return ChartFilter(done_on=chart.keys[category])
    if chart.key == "annotators":
        return ChartFilter(given_to=chart.categories[category])
    if chart.key == "annotator_spans":
        return ChartFilter(spans_by=chart.categories[category])
    return None


def _days(by_day: Mapping[str, object]) -> list[str]:
    """Every day from the first with work to the last, at most DAYS_SHOWN of them."""
    if not by_day:
        return []
    last = date.fromisoformat(max(by_day))
    first = max(date.fromisoformat(min(by_day)), last - timedelta(days=DAYS_SHOWN - 1))
    return [(first + timedelta(days=n)).isoformat() for n in range((last - first).days + 1)]
