"""The app's tabs: one registry, and one contract, ``render(page)``.

Names and labels are declared once, in :data:`dashboard.settings.TABS` (they
are the ``view`` setting's values); each tab's module of the same name draws it.
The open tab follows the URL (``?view=``), so ``st.tabs`` is bound to the
``view`` setting like any other widget, and only the open tab is drawn.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import NamedTuple

import streamlit as st

from dashboard import settings
from dashboard.ui.page import Page
from dashboard.ui.state import changed, key, seed


class Tab(NamedTuple):
    name: str  # the ``view`` setting's value, and the module drawing the tab
    label: str

    @property
    def render(self) -> Callable[[Page], None]:
        """The tab's ``render(page)``. Its module is imported when the tab is first drawn: the
        first view needs only its own (the others' tables import pandas, 0.3 s of a cold start)."""
        return importlib.import_module(f"dashboard.ui.{self.name}").render


TABS: tuple[Tab, ...] = tuple(Tab(name, label) for name, label in settings.TABS.items())


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
