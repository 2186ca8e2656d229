"""Charts of reported figures: money compared within a sentence, and outlets' disagreements.

Article text is shown literally: plotly renders a subset of HTML in titles, hover labels
and bar text, so every piece of text taken from an article is passed through
:func:`escape` and sent as ``customdata``/``text`` rather than spliced into a template
(where ``%{...}`` in the text would be interpolated).
"""

from __future__ import annotations

import html
import textwrap
from collections.abc import Sequence

import plotly.graph_objects as go

from dashboard.charts.numbers import format_number
from dashboard.pipeline.discrepancies import Discrepancy, Side
from dashboard.pipeline.figures import Quantity

_DISPLAY_SCALES = ((1e12, "tn"), (1e9, "bn"), (1e6, "m"), (1e3, "k"))
_QUALIFIER_MARKS = {
    **{"exact": "", "at_least": "≥", "at_most": "≤", "about": "≈", "approximate": "~"},
    **{"more_than": ">", "less_than": "<", "nearly": "≲"},
}
_COLOURS = {"plain": "#4c78a8", "ambiguous": "#9d9d9d"}


def escape(text: str) -> str:
    """Text as plotly should show it literally: ``<``, ``>``, ``&`` escaped and ``$`` as ``&#36;``
    (a string between dollars is typeset as LaTeX wherever MathJax is loaded)."""
    return html.escape(text, quote=False).replace("$", "&#36;")


def _hover_text(text: str, width: int = 80) -> str:
    """Escaped and wrapped with ``<br>`` so a long sentence stays readable in a hover label."""
    lines = textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False)
    return "<br>".join(escape(line) for line in lines)


def _display_scale(values: Sequence[float]) -> tuple[float, str]:
    """Divisor and suffix so the largest value reads in units, thousands, millions..."""
    largest = max((abs(v) for v in values), default=0.0)
    return next(((d, s) for d, s in _DISPLAY_SCALES if largest >= d), (1.0, ""))


def _scaled(value: float, divisor: float) -> float:
    return float(f"{value / divisor:.12g}")  # 3.6e9 / 1e9 shown as 3.6, not 3.6000000000000005


def empty_chart(message: str) -> go.Figure:
    """A blank chart that says why it is blank."""
    figure = go.Figure()
    figure.add_annotation(text=escape(message), showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper")
    figure.update_xaxes(visible=False)
    figure.update_yaxes(visible=False)
    return figure


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
                [escape(f.outlet), escape(f.raw), _hover_text(f.sentence), f.year or ""] for f in group
            ],
            hovertemplate=(
                f"<b>%{{x}}</b>: %{{y}} {escape(unit)} {suffix}<br>"
                "%{customdata[1]} · %{customdata[0]}<br><br>%{customdata[2]}<extra></extra>"
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
            marker_color=[_COLOURS["ambiguous" if s["ambiguous"] else "plain"] for s in d.values],
            marker_pattern_shape=["/" if s["ambiguous"] else "" for s in d.values],
            customdata=[
                [
                    escape(s["raw"]),
                    s["qualifier"],
                    escape(s["sentence_id"]),
                    escape(s["note"]),
                    _hover_text(s["sentence"]),
                ]
                for s in d.values
            ],
            hovertemplate=(
                "<b>%{x}</b>: %{customdata[0]} (%{customdata[1]})<br>sentence %{customdata[2]}"
                "<br>%{customdata[3]}<br><br>%{customdata[4]}<extra></extra>"
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
