"""Settings: one declaration drives parsing, the environment, the CLI and the README table."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from dashboard import settings
from dashboard.cli import CLI_SETTINGS, build_parser

README = Path(__file__).resolve().parent.parent / "README.md"


def test_readme_table_matches_the_declarations() -> None:
    text = README.read_text(encoding="utf-8")
    start, end = text.index("<!-- settings:start -->"), text.index("<!-- settings:end -->")
    assert text[start:end].split("\n", 1)[1].strip() == settings.markdown_table()


def test_every_cli_setting_is_a_flag() -> None:
    args = vars(build_parser().parse_args(["export", "seeds", "--out", "r.json"]))
    assert {s.name for s in CLI_SETTINGS} <= set(args)
    assert not {s.name for s in settings.SETTINGS if s.scope in ("view", "app")} & set(args)


def test_environment_then_overrides() -> None:
    env = {"FACTDASH_THRESHOLD": "0.7", "FACTDASH_MODEL": "some/model", "FACTDASH_VIEW": "about"}
    values = settings.resolve({"threshold": "0.6", "model": None}, environ=env)
    assert values["threshold"] == 0.6 and values["model"] == "some/model"
    assert values["view"] == "matrix", "view settings never come from the environment"


@pytest.mark.parametrize(
    ("name", "raw", "message"),
    [
        ("threshold", "abc", "expected float"),
        ("threshold", "nan", "expected a number"),
        ("threshold", "1.5", "at most"),
        ("batch_size", "0", "at least"),
        ("model", "   ", "must not be empty"),
        ("view", "nope", "expected one of"),
        ("device", "tpu", "expected one of"),
    ],
)
def test_bad_values_name_the_setting(name: str, raw: str, message: str) -> None:
    with pytest.raises(ValueError, match=message) as info:
        settings.BY_NAME[name].parse(raw)
    assert name in str(info.value)


def test_list_settings_parse_lists_and_comma_strings() -> None:
    topics = settings.BY_NAME["topics"]
    assert topics.parse(["defence", " energy ", "", "defence"]) == ("defence", "energy")
    assert topics.parse("a,b") == ("a", "b")
    assert settings.BY_NAME["q"].parse("") == ""
    assert math.isclose(settings.BY_NAME["threshold"].parse("0.25"), 0.25)
