"""The fact x outlet coverage matrix as a plotly heatmap, one page of facts at a time.

Each row is a fact (labelled with its rank and its shortened label sentence),
each column an outlet (its name and how many of the facts shown it reports).
A cell is blue when the outlet reports the fact, orange when it reports it with
a figure outlets disagree on, light grey when it does not.

The colours come from a ``Heatmap`` (no hover of its own); an invisible
``Scatter`` marker sits on every cell and carries the hover text and the fact
id, because plotly's selection events (``st.plotly_chart(on_select=...)``) fire
for scatter points but not for heatmap cells. ``hoverdistance=-1`` lets the
whole cell, not only its centre, hover and click.

Article text is untrusted: every piece of it goes through :func:`plot_text`
(HTML-escaped, ``$`` written as an entity so it can never start LaTeX) and is
passed as ``customdata``, never spliced into a hover template.
"""

from __future__ import annotations

import html
import textwrap
from collections.abc import Collection, Mapping, Sequence

import plotly.graph_objects as go

from dashboard.pipeline.models import Fact
from dashboard.tables import members_by_outlet, outlet_coverage, page_slice, shorten

PAGE_SIZE = 40
ROW_PX = 26
LABEL_CHARS = 72
COLOURS = {"absent": "#e6eaf0", "reports": "#2f6db5", "disputed": "#e8743b"}
STATUS = {"absent": 0, "reports": 1, "disputed": 2}
_COLOURSCALE = [
    [0.0, COLOURS["absent"]],
    [0.33, COLOURS["absent"]],
    [0.34, COLOURS["reports"]],
    [0.66, COLOURS["reports"]],
    [0.67, COLOURS["disputed"]],
    [1.0, COLOURS["disputed"]],
]


def plot_text(text: str) -> str:
    """Text that plotly shows literally: ``<``, ``>``, ``&`` escaped and ``$`` as ``&#36;``."""
    return html.escape(text, quote=False).replace("$", "&#36;")


def hover_text(text: str, width: int = 64) -> str:
    """Escaped and wrapped with ``<br>`` so a long sentence stays readable in a hover label."""
    lines = textwrap.wrap(" ".join(text.split()), width, break_long_words=True, break_on_hyphens=False)
    return "<br>".join(plot_text(line) for line in lines)


def column_label(outlet: str, covered: int) -> str:
    """``Tempo<br>22 facts``; a long name is broken at a space, dot or dash near its middle."""
    name = shorten(outlet, 24)
    lines = [name]
    if len(name) > 11:
        breaks = [i for i, c in enumerate(name) if c in " .-" and 3 <= i <= len(name) - 3]
        if breaks:
            cut = min(breaks, key=lambda i: abs(i - len(name) / 2))
            lines = [name[:cut].rstrip(), name[cut:].lstrip()]
    head = "<br>".join(plot_text(line) for line in lines)
    return f"{head}<br>{covered} fact{'' if covered == 1 else 's'}"


def coverage_matrix(
    facts: Sequence[Fact],
    outlets: Sequence[str],
    *,
    page: int = 1,
    page_size: int = PAGE_SIZE,
    contested: Mapping[tuple[str, str], object] | Collection[tuple[str, str]] = (),
    selected: str = "",
    ranks: Mapping[str, int] | None = None,
    topic_labels: Mapping[str, str] | None = None,
    groups: Mapping[str, str] | None = None,
) -> go.Figure:
    """One page of the coverage matrix of ``facts`` (already filtered and sorted).

    Column headers count the outlet's facts among all ``facts``, not only this
    page. ``contested`` holds the ``(fact_id, outlet)`` cells to mark; the row of
    ``selected`` (a fact id) is outlined. ``ranks`` numbers the rows (a fact's
    number everywhere in the app; default: its position), ``topic_labels`` adds
    each fact's topics to the hover. ``groups`` (fact id -> group name, e.g. its
    first topic when sorted by topic) draws a rule where the group changes and
    names each group at the right.
    """
    shown, page = page_slice(facts, page, page_size)
    first_rank = (page - 1) * page_size + 1
    covered = outlet_coverage(facts, outlets)
    chart = go.Figure()
    if not shown or not outlets:
        chart.add_annotation(
            text="No facts match the filters", showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper"
        )
        chart.update_xaxes(visible=False)
        chart.update_yaxes(visible=False)
        chart.update_layout(height=240, margin={"l": 20, "r": 20, "t": 20, "b": 20})
        return chart

    z: list[list[int]] = []
    cell_text: list[list[str]] = []
    xs: list[int] = []
    ys: list[int] = []
    custom: list[list[str]] = []
    for row, fact in enumerate(shown):
        by_outlet = members_by_outlet(fact)
        label = hover_text(shorten(fact.label, 160))
        rank = ranks[fact.id] if ranks and fact.id in ranks else first_rank + row
        topics = (topic_labels or {}).get(fact.id, "")
        topic_line = f"<br>Topics: {plot_text(topics)}" if topics else ""
        z_row, text_row = [], []
        for col, outlet in enumerate(outlets):
            members = by_outlet.get(outlet, [])
            if not members:
                status = "absent"
                head = f"<b>{plot_text(outlet)}</b> does not report fact {rank}"
                body = f"Fact: {label}{topic_line}"
                similarity = ""
            else:
                status = "disputed" if (fact.id, outlet) in contested else "reports"
                similarity = ", ".join(f"{m.similarity:.2f}" for m in members)
                head = f"<b>{plot_text(outlet)}</b> reports fact {rank} · similarity {similarity}"
                if status == "disputed":
                    head += "<br>⚠ a figure in this sentence is disputed between outlets"
                body = "<br>—<br>".join(hover_text(m.text) for m in members) + topic_line
            z_row.append(STATUS[status])
            text_row.append({"absent": "", "reports": "✓", "disputed": "!"}[status])
            xs.append(col)
            ys.append(row)
            custom.append([fact.id, plot_text(outlet), head, body, similarity])
        z.append(z_row)
        cell_text.append(text_row)

    chart.add_heatmap(
        z=z,
        x=list(range(len(outlets))),
        y=list(range(len(shown))),
        text=cell_text,
        texttemplate="%{text}",
        textfont={"color": "white", "size": 13},
        colorscale=_COLOURSCALE,
        zmin=0,
        zmax=2,
        showscale=False,
        hoverinfo="skip",
        xgap=2,
        ygap=2,
        name="coverage",
    )
    chart.add_scatter(
        x=xs,
        y=ys,
        mode="markers",
        marker={"symbol": "square", "size": ROW_PX, "opacity": 0},
        selected={"marker": {"opacity": 0}},
        unselected={"marker": {"opacity": 0}},
        customdata=custom,
        hovertemplate="%{customdata[2]}<br><br>%{customdata[3]}<extra></extra>",
        showlegend=False,
        name="cells",
    )
    for status, name in (
        ("reports", "reports the fact"),
        ("disputed", "reports it, with a disputed figure"),
        ("absent", "does not report it"),
    ):
        chart.add_scatter(
            x=[None],
            y=[None],
            mode="markers",
            marker={"symbol": "square", "size": 12, "color": COLOURS[status]},
            name=name,
            hoverinfo="skip",
        )
    if selected:
        for row, fact in enumerate(shown):
            if fact.id == selected:
                chart.add_shape(
                    type="rect",
                    x0=-0.5,
                    x1=len(outlets) - 0.5,
                    y0=row - 0.5,
                    y1=row + 0.5,
                    line={"color": "#111111", "width": 2},
                    fillcolor="rgba(0,0,0,0)",
                )

    if groups:
        previous = None
        for row, fact in enumerate(shown):
            name = groups.get(fact.id, "")
            if row == 0 or name != previous:
                if row:
                    chart.add_shape(
                        type="line",
                        x0=-0.5,
                        x1=len(outlets) - 0.5,
                        y0=row - 0.5,
                        y1=row - 0.5,
                        line={"color": "#1f2933", "width": 1.5},
                    )
                chart.add_annotation(
                    text=f"<b>{plot_text(shorten(name, 24))}</b>" if name else "",
                    x=1.0,
                    xref="paper",
                    xanchor="left",
                    xshift=8,
                    y=row,
                    yanchor="middle",
                    showarrow=False,
                    font={"size": 12, "color": "#1f2933"},
                )
            previous = name

    chars = LABEL_CHARS - 12 if groups else LABEL_CHARS
    numbers = [ranks.get(f.id, first_rank + i) if ranks else first_rank + i for i, f in enumerate(shown)]
    row_labels = [plot_text(f"{n}. {shorten(f.label, chars)}") for n, f in zip(numbers, shown, strict=True)]
    many = len(outlets) > 8
    crowded = len(outlets) > 16  # vertical one-line labels, or neighbours overlap
    top = 170 if crowded else 120 if many else 96
    chart.update_layout(
        height=top + 40 + ROW_PX * len(shown),
        margin={"l": 10, "r": 170 if groups else 10, "t": top, "b": 40},
        clickmode="event+select",
        dragmode=False,
        hovermode="closest",
        hoverdistance=-1,
        hoverlabel={"bgcolor": "white", "font": {"size": 13}, "align": "left"},
        legend={
            "orientation": "v",
            "x": -0.01,
            "xanchor": "right",
            "y": 1.0,
            "yanchor": "bottom",
            "font": {"size": 12},
        },
        plot_bgcolor="white",
        showlegend=True,
    )
    chart.update_xaxes(
        tickmode="array",
        tickvals=list(range(len(outlets))),
        ticktext=[
            plot_text(f"{shorten(o, 20)} ({covered[o]})") if crowded else column_label(o, covered[o])
            for o in outlets
        ],
        side="top",
        tickangle=-90 if crowded else -40 if many else 0,
        range=[-0.5, len(outlets) - 0.5],
        showgrid=False,
        zeroline=False,
        fixedrange=True,
        tickfont={"size": 12, "color": "#1f2933"},
    )
    chart.update_yaxes(
        tickmode="array",
        tickvals=list(range(len(shown))),
        ticktext=row_labels,
        range=[len(shown) - 0.5, -0.5],
        showgrid=False,
        zeroline=False,
        fixedrange=True,
        automargin=True,
        tickfont={"size": 12, "color": "#1f2933"},
    )
    return chart


def cell_fact_id(point: Mapping[str, object]) -> str:
    """The fact id of a clicked cell, from a selection point's ``customdata``."""
    data = point.get("customdata")
    if isinstance(data, list | tuple) and data and isinstance(data[0], str):
        return data[0]
    return ""
