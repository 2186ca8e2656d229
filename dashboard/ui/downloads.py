"""Download buttons: matrix CSV, facts JSON (the export schema), charts as standalone HTML.

Files are produced only when the button is clicked (``data`` is a callable), so
a rerun never pays for a 4 MB HTML page with plotly.js inlined.
"""

from __future__ import annotations

from collections.abc import Callable

import plotly.graph_objects as go
import streamlit as st

from dashboard.charts.common import standalone


def _button(label: str, make: Callable[[], str], file_name: str, mime: str, key: str, help: str) -> None:
    st.download_button(
        label,
        data=make,
        file_name=file_name,
        mime=mime,
        key=key,
        help=help,
        on_click="ignore",
        icon=":material/download:",
    )


def chart_html(chart: go.Figure, name: str, *, key: str, label: str = "Chart as HTML") -> None:
    """The chart as a self-contained HTML page (plotly.js inlined, works offline)."""
    _button(
        label,
        lambda: standalone(chart).to_html(include_plotlyjs=True, full_html=True),
        f"{name}.html",
        "text/html",
        key,
        "An interactive copy of this chart that opens offline in any browser.",
    )


def csv(make: Callable[[], str], name: str, *, key: str, label: str, help: str) -> None:
    _button(label, make, f"{name}.csv", "text/csv", key, help)


def json(make: Callable[[], str], name: str, *, key: str, label: str = "Facts as JSON") -> None:
    _button(
        label,
        make,
        f"{name}.json",
        "application/json",
        key,
        "Articles, sentences and facts in the export schema (the same file as the CLI's export).",
    )


def csv_and_chart(
    make_csv: Callable[[], str], chart: go.Figure, name: str, *, key: str, label: str, help: str
) -> None:
    """A CSV download and the chart's HTML side by side: ``{name}.csv``, ``{name}.html``."""
    left, right = st.columns(2)
    with left:
        csv(make_csv, name, key=f"{key}_csv", label=label, help=help)
    with right:
        chart_html(chart, name, key=f"{key}_html")
