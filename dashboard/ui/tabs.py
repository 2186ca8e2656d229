"""The app's tabs: one registry, and one contract, ``render(page)``.

Names and labels are declared once, in :data:`dashboard.settings.TABS` (they
are the ``view`` setting's values); each tab's module of the same name draws it.
The open tab follows the URL (``?view=``), so ``st.tabs`` is bound to the
``view`` setting like any other widget, and only the open tab is drawn.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import streamlit as st

from dashboard import settings
from dashboard.ui import about, detail, figures, matrix, outlets, topics
from dashboard.ui.page import Page
from dashboard.ui.state import changed, key, seed


class Tab(NamedTuple):
    name: str  # the ``view`` setting's value
    label: str
    render: Callable[[Page], None]


TABS: tuple[Tab, ...] = tuple(
    Tab(name, label, module.render)
    for (name, label), module in zip(
        settings.TABS.items(), (matrix, detail, outlets, figures, topics, about), strict=True
    )
)


def show(page: Page) -> None:
    """The tab bar, and the open tab drawn from ``page``."""
    seed("view", settings.TABS[page.view.view])
    containers = st.tabs(
        [tab.label for tab in TABS], key=key("view"), on_change=changed, args=("view", page.ctx)
    )
    for tab, container in zip(TABS, containers, strict=True):
        if container.open is False:
            continue
        with container:
            tab.render(page)
