"""Outlets compared: facts covered, exclusives and omissions per outlet, as grouped bars."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.common import PALETTE, empty_chart, escape

SERIES = (
    ("covered", "Facts covered", PALETTE["reports"], "facts this outlet reports"),
    ("exclusives", "Exclusives", PALETTE["exclusive"], "facts only this outlet reports"),
    (
        "omissions",
        "Omissions",
        PALETTE["omission"],
        "main facts with no matching sentence found in this outlet",
    ),
)


def outlet_comparison(stats: pd.DataFrame) -> go.Figure:
    """Grouped bars from :func:`dashboard.tables.outlet_stats` (outlet, covered, exclusives, omissions)."""
    if stats.empty:
        return empty_chart("No outlets")
    chart = go.Figure()
    names = [escape(str(o)) for o in stats["outlet"]]
    for column, title, colour, meaning in SERIES:
        values = [int(v) for v in stats[column]]
        chart.add_bar(
            name=title,
            x=names,
            y=values,
            text=values,
            textposition="outside",
            marker_color=colour,
            hovertemplate=f"<b>%{{x}}</b><br>{title}: %{{y}}<br>({meaning})<extra></extra>",
        )
    top = max(int(stats[[c for c, *_ in SERIES]].to_numpy().max()), 1)
    chart.update_layout(
        barmode="group",
        height=380,
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
        legend={"orientation": "h", "y": 1.12, "x": 0},
        yaxis={"title": "facts", "range": [0, top * 1.18]},
        plot_bgcolor="white",
    )
    chart.update_yaxes(gridcolor=PALETTE["grid"])
    chart.update_xaxes(tickangle=-30 if len(names) > 8 else 0, automargin=True)
    return chart
