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

Every filter change draws a new matrix, so the figure is built to draw once and
cheaply: it carries no template and its look is written out (:data:`THEME`, what
Streamlit's chart theme gives it in this app), to be shown with
``st.plotly_chart(theme=None)``: Streamlit hands a newly mounted chart to plotly
twice, and with a template (Streamlit's theme always adds one) or with arrays
plotly has not seen before, the second time redraws everything. The axis types
and ``datarevision`` tell plotly the second copy is the same figure. The white
lines between cells are one path, not heatmap gaps, which plotly draws cell by
cell into an image.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from typing import Any, Literal, NamedTuple

import plotly.graph_objects as go

from dashboard.charts.common import PALETTE, empty_chart, escape, hover_text, isolate, plural
from dashboard.pipeline.models import Fact, FactMember
from dashboard.tables import display_width, members_by_outlet, outlet_coverage, page_slice, shorten

# --------------------------------------------------------------------------- layout, in one place

PAGE_SIZE = 40  # facts per page
ROW_PX = 26  # height of a row, and the size of the invisible hover marker filling a cell
BOTTOM_PX = 44  # room for the legend under the grid
LABEL_PX = 380  # left margin for the row labels: fixed in pixels, whatever the sentence
COLUMN_PX = 80  # narrowest column: room for a two-line outlet name in HEADER_FONT
COLUMN_MAX_PX = 130  # widest column, when a few outlets share the plot area
PLOT_TARGET_PX = 560  # a plot area this wide when the columns allow it (a few outlets)
HEADER_PX = 74  # top margin: a header's lines (name, name, language and count, suffix)
HEADER_LINE_PX = 14
CHAR_PX = 6.0  # a generous width of one character column at FONT's size (a CJK character counts two)
HEADER_CHAR_PX = 6.6  # the same at HEADER_FONT's size
GROUP_PX = 170  # right margin for the names of topic groups
RIGHT_PX = 12
GROUP_CHARS = 24  # a group name, shortened
HOVER_LABEL_CHARS = 160  # the fact's label in a cell's hover
EMPTY_PX = 240
FONT = {"size": 12, "color": PALETTE["ink"]}
HEADER_FONT = {"size": 11, "color": PALETTE["ink"]}
ROW_LABEL = "row label"  # annotation names, so a test or a script can find them
COLUMN_HEADER = "column header"
GRID = "grid"  # the white lines between cells (a shape)
GRID_PX = 2
#: What Streamlit's chart theme resolves to for this app's theme (.streamlit/config.toml).
THEME = {
    "family": '"Source Sans", sans-serif',
    "text": "#808495",  # text with no colour of its own (hover labels)
    "legend": "#262730",
    "background": "#ffffff",
    "border": "#d9dee7",  # hover labels
    "pad": 8,
}

Status = Literal["absent", "reports", "disputed"]
Spec = dict[str, Any]  # a trace, shape, annotation or layout, as plotly's JSON
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


# --------------------------------------------------------------------------- geometry


class Geometry(NamedTuple):
    """The chart's pixel layout: margins, one column's width and the plot area's."""

    left: int
    right: int
    column: float
    plot: int

    @property
    def width(self) -> int:
        return self.left + self.plot + self.right


def geometry(n_cols: int, grouped: bool = False) -> Geometry:
    """Pixel widths for ``n_cols`` outlets: columns never narrower than ``COLUMN_PX``.

    The chart is as wide as its columns need (the page scrolls it sideways past
    the screen) and the plot area is never narrower than the margins together,
    so it keeps at least half the chart's width.
    """
    right = GROUP_PX if grouped else RIGHT_PX
    n = max(n_cols, 1)
    plot = max(n * COLUMN_PX, min(n * COLUMN_MAX_PX, PLOT_TARGET_PX), LABEL_PX + right)
    return Geometry(LABEL_PX, right, plot / n, plot)


def _chars(px: float, char_px: float) -> int:
    return max(4, int(px / char_px))


# --------------------------------------------------------------------------- labels


def header_lines(outlet: str, chars: int) -> list[str]:
    """An outlet's name in at most two lines of ``chars`` columns, broken at a space, dot or dash."""
    name = re.sub(r"^www\.", "", " ".join(outlet.split()), flags=re.IGNORECASE) or outlet
    words = re.findall(r"\.?[^ .\-]+[ \-]*|[ .\-]+", name) or [""]
    lines = [""]
    for word in words:
        if lines[-1] and display_width(lines[-1] + word.rstrip()) > chars and len(lines) < 2:
            lines.append("")
        lines[-1] += word
    if len(lines) == 2 and display_width(lines[0].rstrip()) > chars:  # one long word: cut it
        lines = [shorten(lines[0], chars), shorten(lines[1], chars)]
    return [shorten(line.strip(), chars) for line in lines if line.strip()]


def column_label(outlet: str, covered: int, language: str = "", suffix: str = "", chars: int = 11) -> str:
    """``Tempo<br>id · 22``: the outlet's short name, its language and how many facts it reports.

    A long name takes two lines of ``chars`` columns; ``suffix`` (e.g. a family
    or wire label) adds a last line.
    """
    lines = [escape(line) for line in header_lines(outlet, chars)]
    lines.append(" · ".join(filter(None, [escape(language), str(covered)])))
    if suffix:
        lines.append(escape(shorten(suffix, chars)))
    return "<br>".join(lines)


def column_hover(outlet: str, covered: int, language: str = "", suffix: str = "") -> str:
    """A header's hover: the full name, its language and what the count means."""
    parts = [f"<b>{hover_text(outlet)}</b>"]
    if language:
        parts.append(f"language: {escape(language)}")
    if suffix:
        parts.append(escape(suffix))
    parts.append(f"reports {plural(covered, 'fact')} of those shown")
    return "<br>".join(parts)


def row_texts(labels: Sequence[str], chars: int, sources: Sequence[str] = ()) -> list[str]:
    """Each label in one line of ``chars`` columns; labels that would read the same show where they differ.

    Two facts have different label sentences, but sentences often share their
    first words ("Presiden Rusia Vladimir Putin dan …"): such a label keeps its
    first words, then an ellipsis and its text from just before the first word
    it does not share with the others, so no two rows look alike. Labels that
    are the very same text (outlets printing one sentence) are told apart by
    their ``sources`` (the label sentence's outlet), named first.
    """
    short = [shorten(label, chars) for label in labels]
    groups: dict[str, list[int]] = {}
    for i, text in enumerate(short):
        groups.setdefault(text, []).append(i)
    for members in groups.values():
        if len(members) < 2:
            continue
        words = [" ".join(labels[i].split()).split(" ") for i in members]
        for i, mine in zip(members, words, strict=True):
            shared = max(_common_words(mine, other) for other in words if other is not mine)
            if shared < 3:  # they differ early: the plain cut would differ too, unless it is long
                shared = 3
            head = " ".join(mine[:2])
            rest = " ".join(mine[max(2, shared - 1) :])
            short[i] = shorten(f"{head} … {rest}", chars)
    if sources and len(set(short)) < len(short):
        counts = Counter(short)
        for i, text in enumerate(short):
            if counts[text] > 1:
                source = shorten(sources[i], 16)
                short[i] = f"{source}: {shorten(labels[i], chars - display_width(source) - 2)}"
    return short


def _common_words(a: Sequence[str], b: Sequence[str]) -> int:
    """How many first words ``a`` and ``b`` share."""
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _label_outlet(fact: Fact) -> str:
    """The outlet whose sentence labels ``fact`` (its label sentence's, when that is the label's text)."""
    label = " ".join(fact.label.split())
    same = [m for m in fact.members if " ".join(m.text.split()) == label]
    return next(
        (m.outlet for m in same if m.sentence_id == fact.label_sentence_id), same[0].outlet if same else ""
    )


def _row_labels(shown: Sequence[Fact], numbers: Sequence[int]) -> list[str]:
    chars = _chars(LABEL_PX - 16, CHAR_PX) - 5
    texts = row_texts([f.label for f in shown], chars, [_label_outlet(f) for f in shown])
    return [escape(f"{n}. {isolate(t)}") for n, t in zip(numbers, texts, strict=True)]


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


def _heatmap(cells: Sequence[Cell], n_rows: int, n_cols: int) -> Spec:
    z = [[0] * n_cols for _ in range(n_rows)]
    marks = [[""] * n_cols for _ in range(n_rows)]
    for cell in cells:
        z[cell.row][cell.col] = STATUS[cell.status]
        marks[cell.row][cell.col] = MARK[cell.status]
    return dict(
        type="heatmap",
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
        name="coverage",
    )


def _hover_layer(cells: Sequence[Cell]) -> Spec:
    """Invisible markers on every cell: the hover label and the fact id a click selects."""
    return dict(
        type="scatter",
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


def _legend_entries() -> list[Spec]:
    return [
        dict(
            type="scatter",
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


def _grid_lines(n_rows: int, n_cols: int) -> Spec:
    """White lines around every cell, as one path (what heatmap gaps of ``GRID_PX`` looked like)."""
    down = "".join(f"M{col - 0.5},-0.5V{n_rows - 0.5}" for col in range(n_cols + 1))
    across = "".join(f"M-0.5,{row - 0.5}H{n_cols - 0.5}" for row in range(n_rows + 1))
    return dict(
        type="path", name=GRID, path=down + across, line={"color": "white", "width": GRID_PX}, layer="above"
    )


def _outline_row(row: int, n_cols: int) -> Spec:
    return dict(
        type="rect",
        x0=-0.5,
        x1=n_cols - 0.5,
        y0=row - 0.5,
        y1=row + 0.5,
        line={"color": "#111111", "width": 2},
        fillcolor="rgba(0,0,0,0)",
    )


def _group_rules(
    shown: Sequence[Fact], groups: Mapping[str, str], n_cols: int
) -> tuple[list[Spec], list[Spec]]:
    """A rule where the group changes, and the group's name at the right of its first row:
    (shapes, annotations)."""
    rules: list[Spec] = []
    names: list[Spec] = []
    previous = None
    for row, fact in enumerate(shown):
        name = groups.get(fact.id, "")
        if row and name == previous:
            continue
        if row:
            rules.append(
                dict(
                    type="line",
                    x0=-0.5,
                    x1=n_cols - 0.5,
                    y0=row - 0.5,
                    y1=row - 0.5,
                    line={"color": PALETTE["ink"], "width": 1.5},
                )
            )
        names.append(
            dict(
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
        )
        previous = name
    return rules, names


def _row_label_annotations(
    shown: Sequence[Fact], labels: Sequence[str], matches: Mapping[str, str]
) -> list[Spec]:
    """Row labels left-aligned in the fixed left margin; hovering one shows the whole sentence
    (after where a search matched, when it did)."""
    return [
        dict(
            name=ROW_LABEL,
            text=text,
            hovertext=(f"Found in {matches[fact.id]}<br><br>" if fact.id in matches else "")
            + hover_text(fact.label),
            x=0,
            xref="paper",
            xanchor="left",
            xshift=-(LABEL_PX - 6),
            y=row,
            yref="y",
            yanchor="middle",
            showarrow=False,
            font=FONT,
        )
        for row, (fact, text) in enumerate(zip(shown, labels, strict=True))
    ]


def _column_header_annotations(headers: Sequence[str], hovers: Sequence[str]) -> list[Spec]:
    """Horizontal headers, one per column and no wider than it; hovering one shows the full name."""
    return [
        dict(
            name=COLUMN_HEADER,
            text=text,
            hovertext=hover,
            x=col,
            xref="x",
            xanchor="center",
            y=1,
            yref="paper",
            yanchor="bottom",
            yshift=4,
            showarrow=False,
            font=HEADER_FONT,
        )
        for col, (text, hover) in enumerate(zip(headers, hovers, strict=True))
    ]


def _layout(n_rows: int, n_cols: int, grouped: bool) -> Spec:
    shape = geometry(n_cols, grouped)
    grid = {
        "type": "linear",
        "showgrid": False,
        "zeroline": False,
        "fixedrange": True,
        "showticklabels": False,
        "ticks": "",
    }
    return dict(
        width=shape.width,
        height=HEADER_PX + BOTTOM_PX + ROW_PX * n_rows,
        autosize=False,
        margin={
            "l": shape.left,
            "r": shape.right,
            "t": HEADER_PX,
            "b": BOTTOM_PX,
            "pad": THEME["pad"],
            "autoexpand": False,
        },
        font={"family": THEME["family"], "color": THEME["text"], "size": 12},
        clickmode="event+select",
        dragmode=False,
        hovermode="closest",
        hoverdistance=-1,
        hoverlabel={
            "bgcolor": "white",
            "bordercolor": THEME["border"],
            "font": {"size": 13, "color": THEME["text"], "family": THEME["family"]},
            "align": "left",
        },
        legend={
            "orientation": "h",
            "x": 0,
            "xanchor": "left",
            "y": -6 / (ROW_PX * n_rows),
            "yanchor": "top",
            "valign": "top",
            "bgcolor": THEME["background"],
            "borderwidth": 0,
            "font": {"size": 12, "color": THEME["legend"]},
        },
        paper_bgcolor=THEME["background"],
        plot_bgcolor="white",
        showlegend=True,
        xaxis={"range": [-0.5, n_cols - 0.5], **grid},
        yaxis={"range": [n_rows - 0.5, -0.5], **grid},
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
    suffixes: Mapping[str, tuple[str, str]] | None = None,
    matches: Mapping[str, str] | None = None,
) -> go.Figure:
    """One page of the coverage matrix of ``facts`` (already filtered and sorted).

    Column headers count the outlet's facts among all ``facts``, not only this
    page. ``contested`` holds the ``(fact_id, outlet)`` cells to mark; the row of
    ``selected`` (a fact id) is outlined. ``ranks`` numbers the rows (a fact's
    number everywhere in the app; default: its position), ``topic_labels`` adds
    each fact's topics to the hover. ``groups`` (fact id -> group name, e.g. its
    first topic when sorted by topic) draws a rule where the group changes and
    names each group at the right. ``languages`` (outlet -> ISO 639-1 code) and
    ``suffixes`` (outlet -> a short note for its header, such as ``= AP``, and the
    full text for the header's hover) add to each outlet's header.
    ``matches`` (fact id -> the text a search matched, already marked up) replaces
    a row's label, so the row shows why it was found (unless an earlier row shows
    the same match); the label's hover shows the match, then the fact's label.

    The chart has a fixed size in pixels (:func:`geometry`): row labels never
    squeeze the columns, and many outlets make it wider rather than narrower.
    """
    shown, page = page_slice(facts, page, page_size)
    if not shown or not outlets:
        return empty_chart("No facts match the filters", height=EMPTY_PX)
    numbers = _row_numbers(shown, (page - 1) * page_size + 1, ranks)
    cells = _cells(shown, numbers, outlets, contested, topic_labels or {})
    shapes = [_grid_lines(len(shown), len(outlets))]
    shapes += [_outline_row(row, len(outlets)) for row, fact in enumerate(shown) if fact.id == selected]
    group_names: list[Spec] = []
    if groups:
        rules, group_names = _group_rules(shown, groups, len(outlets))
        shapes += rules
    labels = _row_labels(shown, numbers)
    shown_matches: set[str] = set()
    for row, fact in enumerate(shown):
        found = (matches or {}).get(fact.id, "")
        if found and found not in shown_matches:  # one sentence, two facts: the second keeps its label
            labels[row] = f"{numbers[row]}. {isolate(found)}"
            shown_matches.add(found)
    row_notes = _row_label_annotations(shown, labels, matches or {})
    covered, tongues, notes = outlet_coverage(facts, outlets), languages or {}, suffixes or {}
    chars = _chars(geometry(len(outlets)).column - 6, HEADER_CHAR_PX)
    short, full = ({o: n[k] for o, n in notes.items()} for k in (0, 1))
    headers = [column_label(o, covered[o], tongues.get(o, ""), short.get(o, ""), chars) for o in outlets]
    hovers = [column_hover(o, covered[o], tongues.get(o, ""), full.get(o, "")) for o in outlets]
    layout = _layout(len(shown), len(outlets), bool(groups))
    layout["annotations"] = [*group_names, *row_notes, *_column_header_annotations(headers, hovers)]
    layout["shapes"] = shapes
    layout["datarevision"] = _revision(cells)
    # One figure built from plain dicts: plotly validates it once, not once per trace, shape,
    # annotation and layout update (most of this function's time when it did).
    data = [_heatmap(cells, len(shown), len(outlets)), _hover_layer(cells), *_legend_entries()]
    chart = go.Figure({"data": data, "layout": layout})
    chart.layout.template = None  # set after the figure is made, or plotly puts its default back
    return chart


def _revision(cells: Sequence[Cell]) -> str:
    """A digest of what the data arrays hold (plotly otherwise compares them by identity)."""
    digest = hashlib.blake2b(digest_size=8)
    for cell in cells:
        digest.update(f"{cell.row},{cell.col},{cell.status},{cell.fact_id},{cell.hover}\0".encode())
    return digest.hexdigest()


def annotation_texts(chart: go.Figure, name: str) -> list[str]:
    """The texts of the chart's annotations called ``name`` (``ROW_LABEL`` or ``COLUMN_HEADER``)."""
    return [a.text for a in chart.layout.annotations if a.name == name]


def cell_fact_id(point: Mapping[str, object]) -> str:
    """The fact id of a clicked cell, from a selection point's ``customdata``."""
    data = point.get("customdata")
    return data if isinstance(data, str) else ""
