"""Charts of reported figures: money compared within a sentence, and outlets' disagreements.

Article text is shown literally (see :mod:`dashboard.charts.common`); the hover
labels read their parts from ``customdata`` by name (``%{customdata.sentence}``).
"""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from dashboard.charts.common import PALETTE, empty_chart, escape, hover_text
from dashboard.charts.numbers import format_number
from dashboard.pipeline.discrepancies import Discrepancy, Side
from dashboard.pipeline.figures import Quantity

_DISPLAY_SCALES = ((1e12, "tn"), (1e9, "bn"), (1e6, "m"), (1e3, "k"))
_QUALIFIER_MARKS = {
    **{"exact": "", "at_least": "≥", "at_most": "≤", "about": "≈", "approximate": "~"},
    **{"more_than": ">", "less_than": "<", "nearly": "≲"},
}
HOVER_WIDTH = 80  # a bar chart's hover label has room for longer lines than a matrix cell's


def _display_scale(values: Sequence[float]) -> tuple[float, str]:
    """Divisor and suffix so the largest value reads in units, thousands, millions..."""
    largest = max((abs(v) for v in values), default=0.0)
    return next(((d, s) for d, s in _DISPLAY_SCALES if largest >= d), (1.0, ""))


def _scaled(value: float, divisor: float) -> float:
    return float(f"{value / divisor:.12g}")  # 3.6e9 / 1e9 shown as 3.6, not 3.6000000000000005


def money_comparison(figures: Sequence[Quantity]) -> go.Figure:
    """Bars of the money figures that share a sentence (one trace per sentence and currency).

    Bars are labelled with the normalised entity (Russia / China / United States), the
    hover shows the figure as written, the outlet and the source sentence, and the title
    names the thing, unit, year and outlet.
    """
    money = [f for f in figures if f.kind == "money" and f.value is not None]
    if not money:
        return empty_chart("No money figures to compare")
    divisor, suffix = _display_scale([f.value for f in money if f.value is not None])
    groups: dict[tuple[str, str], list[Quantity]] = {}
    for f in money:
        groups.setdefault((f.sentence_id, f.unit), []).append(f)
    chart = go.Figure()
    for (_, unit), group in groups.items():
        chart.add_bar(
            name=escape(f"{group[0].outlet or 'unknown outlet'} ({unit})"),
            x=[escape(f.entity_norm or f.entity or f.raw) for f in group],
            y=[_scaled(f.value or 0.0, divisor) for f in group],
            text=[escape(f.raw) for f in group],
            textposition="outside",
            customdata=[
                {
                    "outlet": escape(f.outlet),
                    "raw": escape(f.raw),
                    "sentence": hover_text(f.sentence, HOVER_WIDTH),
                }
                for f in group
            ],
            hovertemplate=(
                f"<b>%{{x}}</b>: %{{y}} {escape(unit)} {suffix}<br>"
                "%{customdata.raw} · %{customdata.outlet}<br><br>%{customdata.sentence}<extra></extra>"
            ),
        )
    unit_label = " ".join(filter(None, ["/".join(sorted({f.unit for f in money})), suffix]))
    chart.update_layout(
        title=escape(_money_title(money, unit_label)),
        yaxis_title=escape(unit_label),
        showlegend=len(groups) > 1,
    )
    return chart


def _money_title(money: Sequence[Quantity], unit_label: str) -> str:
    """``Trade (USD bn), 2023: Al Jazeera``."""
    thing = next((f.thing_norm for f in money if f.thing_norm), "money")
    years = sorted({str(f.year) for f in money if f.year})
    outlets = list(dict.fromkeys(f.outlet for f in money if f.outlet))
    title = ", ".join([f"{thing.capitalize()} ({unit_label})", *years])
    return f"{title}: {', '.join(outlets)}" if outlets else title


def _label(side: Side) -> str:
    """``≥12``, ``≈80 persen``, ``~11?``: the value with its qualifier, ``?`` when ambiguous."""
    value = side["value"]
    if value is None:
        number = "?"
    else:
        try:
            number = format_number(value, side["unit"])
        except ValueError:
            number = f"{value:g}"
    mark = _QUALIFIER_MARKS.get(side["qualifier"], "")
    return f"{mark}{number}{'?' if side['ambiguous'] else ''}"


def _outlet_labels(sides: Sequence[Side]) -> list[str]:
    """One x label per side; an outlet reporting twice gets a running number."""
    seen: dict[str, int] = {}
    labels = []
    for side in sides:
        seen[side["outlet"]] = seen.get(side["outlet"], 0) + 1
        n = seen[side["outlet"]]
        labels.append(side["outlet"] if n == 1 else f"{side['outlet']} ({n})")
    return labels


def discrepancy_chart(d: Discrepancy) -> go.Figure:
    """Each outlet's value side by side, labelled with its qualifier (``≥12``); ambiguous bars hatched."""
    if not d.values:
        return empty_chart("No figures in this discrepancy")
    divisor, suffix = _display_scale([s["value"] for s in d.values if s["value"] is not None])
    chart = go.Figure(
        go.Bar(
            x=[escape(label) for label in _outlet_labels(d.values)],
            y=[_scaled(s["value"], divisor) if s["value"] is not None else None for s in d.values],
            text=[escape(_label(s)) for s in d.values],
            textposition="outside",
            marker_color=[PALETTE["ambiguous" if s["ambiguous"] else "plain"] for s in d.values],
            marker_pattern_shape=["/" if s["ambiguous"] else "" for s in d.values],
            customdata=[
                {
                    "raw": escape(s["raw"]),
                    "qualifier": s["qualifier"],
                    "sentence_id": escape(s["sentence_id"]),
                    "note": escape(s["note"]),
                    "sentence": hover_text(s["sentence"], HOVER_WIDTH),
                }
                for s in d.values
            ],
            hovertemplate=(
                "<b>%{x}</b>: %{customdata.raw} (%{customdata.qualifier})"
                "<br>sentence %{customdata.sentence_id}<br>%{customdata.note}"
                "<br><br>%{customdata.sentence}<extra></extra>"
            ),
        )
    )
    heading = "Outlets disagree" if d.status == "disagree" else "Contested (ambiguous figure)"
    details = ", ".join(str(x) for x in (d.kind, d.entity, d.year) if x)
    subject = f"{d.thing or d.kind} ({details})"
    chart.update_layout(
        title=escape(f"{heading}: {subject}"),
        yaxis_title=escape(" ".join(filter(None, [d.unit, suffix]))),
        showlegend=False,
    )
    return chart
