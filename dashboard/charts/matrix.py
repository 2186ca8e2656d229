"""The fact x outlet coverage matrix as a plotly heatmap, one page of facts at a time.

Each row is a fact (labelled with its rank and its shortened label sentence),
each column an outlet (its name and how many of the facts shown it reports).
A cell is blue when the outlet reports the fact, orange when it reports it with
a figure outlets disagree on, light grey when it does not.

The colours come from a ``Heatmap`` (no hover of its own); an invisible
``Scatter`` marker sits on every cell and carries the hover text
(``hovertext``) and the fact id (``customdata``), because plotly's selection
events (``st.plotly_chart(on_select=...)``) fire for scatter points but not for
heatmap cells. ``hoverdistance=-1`` lets the whole cell, not only its centre,
hover and click. Article text is untrusted: see :mod:`dashboard.charts.common`.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Literal, NamedTuple

import plotly.graph_objects as go

from dashboard.charts.common import PALETTE, empty_chart, escape, hover_text, plural
from dashboard.pipeline.models import Fact, FactMember
from dashboard.tables import LABEL_CHARS, members_by_outlet, outlet_coverage, page_slice, shorten

# --------------------------------------------------------------------------- layout, in one place

PAGE_SIZE = 40  # facts per page
ROW_PX = 26  # height of a row, and the size of the invisible hover marker filling a cell
BOTTOM_PX = 40
MANY_OUTLETS = 8  # more columns than this: slanted two-line headers
CROWDED_OUTLETS = 16  # more than this: vertical one-line headers, or neighbours overlap
HEADER_PX = {"few": 96, "many": 120, "crowded": 170}  # top margin for the column headers
HEADER_ANGLE = {"few": 0, "many": -40, "crowded": -90}
GROUP_PX = 170  # right margin for the names of topic groups
GROUP_CHARS = 24  # a group name, shortened
GROUP_LABEL_CUT = 12  # a row label gives up this many characters when groups are named
COLUMN_CHARS = 24  # an outlet name in a two-line header
CROWDED_COLUMN_CHARS = 20  # an outlet name in a one-line vertical header
HOVER_LABEL_CHARS = 160  # the fact's label in a cell's hover
NOTE_PX = 16  # room for a column's source note (see note_columns)
EMPTY_PX = 240
FONT = {"size": 12, "color": PALETTE["ink"]}

Status = Literal["absent", "reports", "disputed"]
STATUS: dict[Status, int] = {"absent": 0, "reports": 1, "disputed": 2}  # the heatmap's z
MARK: dict[Status, str] = {"absent": "", "reports": "✓", "disputed": "!"}
COLOURS: dict[Status, str] = {s: PALETTE[s] for s in STATUS}
LEGEND: dict[Status, str] = {
    "reports": "reports the fact",
    "disputed": "reports it, with a disputed figure",
    "absent": "does not report it",
}
_COLOURSCALE = [
    [0.0, COLOURS["absent"]],
    [0.33, COLOURS["absent"]],
    [0.34, COLOURS["reports"]],
    [0.66, COLOURS["reports"]],
    [0.67, COLOURS["disputed"]],
    [1.0, COLOURS["disputed"]],
]


class Cell(NamedTuple):
    """One cell of the matrix: where it is, what it shows, and its hover label."""

    row: int
    col: int
    status: Status
    fact_id: str
    head: str  # escaped: who reports what, and how close
    body: str  # escaped: the outlet's own sentence, or the fact when it does not report it

    @property
    def hover(self) -> str:
        return f"{self.head}<br><br>{self.body}"


# --------------------------------------------------------------------------- labels


def column_label(outlet: str, covered: int, language: str = "") -> str:
    """``Tempo<br>22 facts``, or ``Tempo<br>id · 22 facts`` with its language.

    A long name is broken at a space, dot or dash near its middle.
    """
    name = shorten(outlet, COLUMN_CHARS)
    lines = [name]
    if len(name) > 11:
        breaks = [i for i, c in enumerate(name) if c in " .-" and 3 <= i <= len(name) - 3]
        if breaks:
            cut = min(breaks, key=lambda i: abs(i - len(name) / 2))
            lines = [name[:cut].rstrip(), name[cut:].lstrip()]
    head = "<br>".join(escape(line) for line in lines)
    tongue = f"{escape(language)} · " if language else ""
    return f"{head}<br>{tongue}{plural(covered, 'fact')}"


def _density(n_outlets: int) -> str:
    if n_outlets > CROWDED_OUTLETS:
        return "crowded"
    return "many" if n_outlets > MANY_OUTLETS else "few"


def _column_labels(
    outlets: Sequence[str], covered: Mapping[str, int], languages: Mapping[str, str]
) -> list[str]:
    if _density(len(outlets)) != "crowded":
        return [column_label(o, covered[o], languages.get(o, "")) for o in outlets]
    labels = []
    for o in outlets:
        counts = ", ".join(filter(None, [languages.get(o, ""), str(covered[o])]))
        labels.append(escape(f"{shorten(o, CROWDED_COLUMN_CHARS)} ({counts})"))
    return labels


def _row_labels(shown: Sequence[Fact], numbers: Sequence[int], grouped: bool) -> list[str]:
    chars = LABEL_CHARS - GROUP_LABEL_CUT if grouped else LABEL_CHARS
    return [escape(f"{n}. {shorten(f.label, chars)}") for n, f in zip(numbers, shown, strict=True)]


def _row_numbers(shown: Sequence[Fact], first: int, ranks: Mapping[str, int] | None) -> list[int]:
    """Each row's fact number: its rank everywhere in the app, else its position from ``first``."""
    return [(ranks or {}).get(f.id, first + i) for i, f in enumerate(shown)]


# --------------------------------------------------------------------------- cells


def _cell(
    row: int, col: int, fact: Fact, number: int, outlet: str, members: list[FactMember], disputed: bool
) -> Cell:
    if not members:
        head = f"<b>{escape(outlet)}</b> does not report fact {number}"
        return Cell(
            row, col, "absent", fact.id, head, "Fact: " + hover_text(shorten(fact.label, HOVER_LABEL_CHARS))
        )
    similarity = ", ".join(f"{m.similarity:.2f}" for m in members)
    head = f"<b>{escape(outlet)}</b> reports fact {number} · similarity {similarity}"
    if disputed:
        head += "<br>⚠ a figure in this sentence is disputed between outlets"
    body = "<br>—<br>".join(hover_text(m.text) for m in members)
    return Cell(row, col, "disputed" if disputed else "reports", fact.id, head, body)


def _cells(
    shown: Sequence[Fact],
    numbers: Sequence[int],
    outlets: Sequence[str],
    contested: Collection[tuple[str, str]],
    topic_labels: Mapping[str, str],
) -> list[Cell]:
    """Every cell of the page, row by row; the fact's topics close each hover."""
    cells = []
    for row, (fact, number) in enumerate(zip(shown, numbers, strict=True)):
        by_outlet = members_by_outlet(fact)
        topics = topic_labels.get(fact.id, "")
        for col, outlet in enumerate(outlets):
            cell = _cell(
                row, col, fact, number, outlet, by_outlet.get(outlet, []), (fact.id, outlet) in contested
            )
            if topics:
                cell = cell._replace(body=f"{cell.body}<br>Topics: {escape(topics)}")
            cells.append(cell)
    return cells


def _heatmap(cells: Sequence[Cell], n_rows: int, n_cols: int) -> go.Heatmap:
    z = [[0] * n_cols for _ in range(n_rows)]
    marks = [[""] * n_cols for _ in range(n_rows)]
    for cell in cells:
        z[cell.row][cell.col] = STATUS[cell.status]
        marks[cell.row][cell.col] = MARK[cell.status]
    return go.Heatmap(
        z=z,
        x=list(range(n_cols)),
        y=list(range(n_rows)),
        text=marks,
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


def _hover_layer(cells: Sequence[Cell]) -> go.Scatter:
    """Invisible markers on every cell: the hover label and the fact id a click selects."""
    return go.Scatter(
        x=[c.col for c in cells],
        y=[c.row for c in cells],
        mode="markers",
        marker={"symbol": "square", "size": ROW_PX, "opacity": 0},
        selected={"marker": {"opacity": 0}},
        unselected={"marker": {"opacity": 0}},
        customdata=[c.fact_id for c in cells],
        hovertext=[c.hover for c in cells],
        hovertemplate="%{hovertext}<extra></extra>",
        showlegend=False,
        name="cells",
    )


def _legend_entries() -> list[go.Scatter]:
    return [
        go.Scatter(
            x=[None],
            y=[None],
            mode="markers",
            marker={"symbol": "square", "size": 12, "color": COLOURS[status]},
            name=name,
            hoverinfo="skip",
        )
        for status, name in LEGEND.items()
    ]


# --------------------------------------------------------------------------- marks on the grid


def _outline_row(chart: go.Figure, row: int, n_cols: int) -> None:
    chart.add_shape(
        type="rect",
        x0=-0.5,
        x1=n_cols - 0.5,
        y0=row - 0.5,
        y1=row + 0.5,
        line={"color": "#111111", "width": 2},
        fillcolor="rgba(0,0,0,0)",
    )


def _group_rules(chart: go.Figure, shown: Sequence[Fact], groups: Mapping[str, str], n_cols: int) -> None:
    """A rule where the group changes, and the group's name at the right of its first row."""
    previous = None
    for row, fact in enumerate(shown):
        name = groups.get(fact.id, "")
        if row and name == previous:
            continue
        if row:
            chart.add_shape(
                type="line",
                x0=-0.5,
                x1=n_cols - 0.5,
                y0=row - 0.5,
                y1=row - 0.5,
                line={"color": PALETTE["ink"], "width": 1.5},
            )
        chart.add_annotation(
            text=f"<b>{escape(shorten(name, GROUP_CHARS))}</b>" if name else "",
            x=1.0,
            xref="paper",
            xanchor="left",
            xshift=8,
            y=row,
            yanchor="middle",
            showarrow=False,
            font={**FONT, "size": 12},
        )
        previous = name


def _layout(chart: go.Figure, n_rows: int, columns: list[str], rows: list[str], grouped: bool) -> None:
    density = _density(len(columns))
    top = HEADER_PX[density]
    chart.update_layout(
        height=top + BOTTOM_PX + ROW_PX * n_rows,
        margin={"l": 10, "r": GROUP_PX if grouped else 10, "t": top, "b": BOTTOM_PX},
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
    grid = {"tickmode": "array", "showgrid": False, "zeroline": False, "fixedrange": True, "tickfont": FONT}
    chart.update_xaxes(
        tickvals=list(range(len(columns))),
        ticktext=columns,
        side="top",
        tickangle=HEADER_ANGLE[density],
        range=[-0.5, len(columns) - 0.5],
        **grid,
    )
    chart.update_yaxes(
        tickvals=list(range(n_rows)), ticktext=rows, range=[n_rows - 0.5, -0.5], automargin=True, **grid
    )


# --------------------------------------------------------------------------- the figure


def coverage_matrix(
    facts: Sequence[Fact],
    outlets: Sequence[str],
    *,
    page: int = 1,
    page_size: int = PAGE_SIZE,
    contested: Collection[tuple[str, str]] = (),
    selected: str = "",
    ranks: Mapping[str, int] | None = None,
    topic_labels: Mapping[str, str] | None = None,
    groups: Mapping[str, str] | None = None,
    languages: Mapping[str, str] | None = None,
) -> go.Figure:
    """One page of the coverage matrix of ``facts`` (already filtered and sorted).

    Column headers count the outlet's facts among all ``facts``, not only this
    page. ``contested`` holds the ``(fact_id, outlet)`` cells to mark; the row of
    ``selected`` (a fact id) is outlined. ``ranks`` numbers the rows (a fact's
    number everywhere in the app; default: its position), ``topic_labels`` adds
    each fact's topics to the hover. ``groups`` (fact id -> group name, e.g. its
    first topic when sorted by topic) draws a rule where the group changes and
    names each group at the right. ``languages`` (outlet -> ISO 639-1 code) adds
    each outlet's language to its header.
    """
    shown, page = page_slice(facts, page, page_size)
    if not shown or not outlets:
        return empty_chart("No facts match the filters", height=EMPTY_PX)
    numbers = _row_numbers(shown, (page - 1) * page_size + 1, ranks)
    cells = _cells(shown, numbers, outlets, contested, topic_labels or {})
    chart = go.Figure([_heatmap(cells, len(shown), len(outlets)), _hover_layer(cells), *_legend_entries()])
    for row, fact in enumerate(shown):
        if fact.id == selected:
            _outline_row(chart, row, len(outlets))
    if groups:
        _group_rules(chart, shown, groups, len(outlets))
    columns = _column_labels(outlets, outlet_coverage(facts, outlets), languages or {})
    _layout(chart, len(shown), columns, _row_labels(shown, numbers, bool(groups)), bool(groups))
    return chart


def cell_fact_id(point: Mapping[str, object]) -> str:
    """The fact id of a clicked cell, from a selection point's ``customdata``."""
    data = point.get("customdata")
    return data if isinstance(data, str) else ""


def note_columns(chart: go.Figure, outlets: Sequence[str], notes: Mapping[str, tuple[str, str]]) -> go.Figure:
    """``chart`` (from :func:`coverage_matrix` over ``outlets``) with a note in outlet headers.

    ``notes``: outlet -> (a short note for its header, such as ``= AP``; the full text,
    which closes the hover of every cell in its column, since plotly's axis labels
    have no hover of their own). Outlets without a note are left as they are.
    """
    ticks = list(chart.layout.xaxis.ticktext or ())
    if len(ticks) != len(outlets) or not any(o in notes for o in outlets):
        return chart  # an empty chart, or nothing to say
    # Level headers: the note is a line of its own above the counts. Slanted or vertical ones: it
    # lengthens the name's line instead, since one more line would run into the next column's header.
    level = not chart.layout.xaxis.tickangle
    for col, outlet in enumerate(outlets):
        if outlet in notes:
            note = escape(notes[outlet][0])
            name, br, counts = ticks[col].rpartition("<br>")
            if not br:
                ticks[col] += f" · {note}"
            else:
                ticks[col] = f"{name}<br>{note}<br>{counts}" if level else f"{name} · {note}<br>{counts}"
    chart.update_xaxes(ticktext=ticks)
    chart.update_layout(margin={"t": chart.layout.margin.t + NOTE_PX})
    for trace in chart.data:
        if trace.name == "cells":
            trace.hovertext = [
                f"{text}<br>—<br>{escape(notes[outlets[col]][1])}" if outlets[col] in notes else text
                for col, text in zip(trace.x, trace.hovertext, strict=True)
            ]
    return chart
