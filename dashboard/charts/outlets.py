"""Outlets compared: facts covered, exclusives and omissions per outlet, as grouped bars."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.figures import empty_chart
from dashboard.charts.matrix import plot_text

SERIES = (
    ("covered", "Facts covered", "#2f6db5", "facts this outlet reports"),
    ("exclusives", "Exclusives", "#54a24b", "facts only this outlet reports"),
    ("omissions", "Omissions", "#e45756", "facts most other outlets report but this one does not"),
)


def outlet_comparison(stats: pd.DataFrame) -> go.Figure:
    """Grouped bars from :func:`dashboard.tables.outlet_stats` (outlet, covered, exclusives, omissions)."""
    if stats.empty:
        return empty_chart("No outlets")
    chart = go.Figure()
    names = [plot_text(str(o)) for o in stats["outlet"]]
    for column, title, colour, meaning in SERIES:
        values = [int(v) for v in stats[column]]
        chart.add_bar(
            name=title,
            x=names,
            y=values,
            text=values,
            textposition="outside",
            marker_color=colour,
            customdata=[[name, meaning] for name in names],
            hovertemplate=(
                f"<b>%{{customdata[0]}}</b><br>{title}: %{{y}}<br>(%{{customdata[1]}})<extra></extra>"
            ),
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
    chart.update_yaxes(gridcolor="#eceff3")
    chart.update_xaxes(tickangle=-30 if len(names) > 8 else 0, automargin=True)
    return chart
