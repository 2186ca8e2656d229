"""Coverage by topic x outlet: which outlet spends its facts on which topics."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.common import PALETTE, empty_chart, escape, plural


def topic_outlet_heatmap(coverage: pd.DataFrame) -> go.Figure:
    """Heatmap of ``tables.topic_coverage``: colour = share of an outlet's facts, text = count."""
    if coverage.empty:
        return empty_chart("No topics")
    chart = go.Figure()
    ids = list(dict.fromkeys(coverage["topic_id"]))
    names = dict(zip(coverage["topic_id"], coverage["topic"], strict=True))
    topics = [names[t] for t in ids]
    outlets = list(dict.fromkeys(coverage["outlet"]))
    grid = coverage.pivot(index="topic_id", columns="outlet").reindex(index=ids)
    share = grid["share"].reindex(columns=outlets).fillna(0.0).astype(float).values.tolist()
    count = grid["facts"].reindex(columns=outlets).fillna(0).astype(int).values.tolist()
    y = [escape(t) for t in topics]
    x = [escape(o) for o in outlets]
    chart.add_heatmap(
        z=share,
        x=x,
        y=y,
        text=[[str(n) if n else "" for n in row] for row in count],
        texttemplate="%{text}",
        hovertext=[[plural(n, "fact") for n in row] for row in count],
        hovertemplate="<b>%{x}</b> · %{y}<br>%{hovertext}, %{z:.0%} of its facts<extra></extra>",
        colorscale=[[0, PALETTE["faint"]], [1, PALETTE["reports"]]],
        zmin=0,
        zmax=max(0.01, max(max(row) for row in share)),
        colorbar={"title": {"text": "share of<br>its facts"}, "tickformat": ".0%"},
        xgap=2,
        ygap=2,
    )
    chart.update_layout(
        height=max(260, 34 * len(topics) + 120),
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        plot_bgcolor="white",
    )
    chart.update_yaxes(autorange="reversed", automargin=True)
    chart.update_xaxes(side="top", automargin=True)
    return chart
