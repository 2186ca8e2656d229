"""What every chart shares: showing untrusted text literally, hover text, the palette, a blank chart.

Plotly renders a subset of HTML in titles, tick labels, hover labels and bar
text, and typesets a string between dollars as LaTeX wherever MathJax is
loaded. Article text, outlet names and topic labels come from users, so every
piece of it goes through :func:`escape` (or :func:`hover_text`) and is passed
as data (``text``, ``hovertext``, ``customdata``), never spliced into a
template, where ``%{...}`` in the text would be interpolated.
"""

from __future__ import annotations

import functools
import html
import re
import textwrap

import plotly.graph_objects as go

from dashboard.pipeline.scripts import RIGHT_TO_LEFT

#: Colours of the app's charts (the fact cards' CSS uses the same blue and orange).
PALETTE = {
    "reports": "#2f6db5",  # an outlet reports a fact; the main series of a chart
    "disputed": "#e8743b",  # a figure outlets disagree on
    "absent": "#e6eaf0",  # an outlet does not report a fact
    "exclusive": "#54a24b",
    "omission": "#e45756",
    "plain": "#4c78a8",  # a figure as read
    "ambiguous": "#9d9d9d",  # a figure read with doubt
    "faint": "#f3f5f8",  # the low end of a colour scale
    "ink": "#1f2933",  # labels and rules
    "grid": "#eceff3",
}
#: Characters per line of a hover label.
HOVER_WIDTH = 64


def escape(text: str) -> str:
    """Text that plotly shows literally: ``<``, ``>``, ``&`` escaped and ``$`` as ``&#36;``."""
    return html.escape(text, quote=False).replace("$", "&#36;")


@functools.lru_cache(maxsize=8192)  # a page's hovers are wrapped again on every rerun (a filter change)
def hover_text(text: str, width: int = HOVER_WIDTH) -> str:
    """Escaped and wrapped with ``<br>`` so a long sentence stays readable in a hover label."""
    lines = textwrap.wrap(" ".join(text.split()), width, break_long_words=True, break_on_hyphens=False)
    return "<br>".join(escape(line) for line in lines)


_RIGHT_TO_LEFT = re.compile(f"[{RIGHT_TO_LEFT}]")


def isolate(text: str) -> str:
    """Right-to-left text wrapped in a first-strong isolate (U+2068 ... U+2069), else ``text``.

    In a left-to-right line ("3. " + an Arabic sentence + "…") the browser would
    otherwise order the number, the sentence's own digits and the ellipsis as
    one left-to-right run; isolated, the sentence reads right to left and ends
    with its ellipsis on its left, as an Arabic or Hebrew reader expects.
    """
    return f"\u2068{text}\u2069" if _RIGHT_TO_LEFT.search(text) else text


def plural(n: int, word: str) -> str:
    """``1 fact``, ``2 facts``."""
    return f"{n} {word}{'' if n == 1 else 's'}"


def empty_chart(message: str, height: int | None = None) -> go.Figure:
    """A blank chart that says why it is blank."""
    figure = go.Figure()
    figure.add_annotation(text=escape(message), showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper")
    figure.update_xaxes(visible=False)
    figure.update_yaxes(visible=False)
    if height is not None:
        figure.update_layout(height=height, margin={"l": 20, "r": 20, "t": 20, "b": 20})
    return figure


def blank_chart() -> go.Figure:
    """A chart that draws nothing: 10 px square (the least plotly allows), no axes, no data."""
    hidden = {"visible": False}
    return go.Figure(
        layout={
            "width": 10,
            "height": 10,
            "margin": {"l": 0, "r": 0, "t": 0, "b": 0},
            "xaxis": hidden,
            "yaxis": hidden,
            "paper_bgcolor": "rgba(0,0,0,0)",
            "plot_bgcolor": "rgba(0,0,0,0)",
        }
    )


def standalone(chart: go.Figure) -> go.Figure:
    """A copy of ``chart`` that renders whole on a page of its own (the HTML downloads).

    Streamlit's theme lays the margins out in the app; on its own page plotly's
    defaults clip long axis labels, titles and bar texts drawn outside the bars,
    so the margins grow to fit them instead.
    """
    copy = go.Figure(chart)
    copy.update_xaxes(automargin=True)
    copy.update_yaxes(automargin=True)
    copy.update_traces(cliponaxis=False, selector={"type": "bar"})
    copy.update_layout(margin_autoexpand=True)
    return copy
