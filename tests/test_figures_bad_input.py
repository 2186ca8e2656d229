"""Bad input to the figure grammar in every language: a sensible result, in bounded time."""

from __future__ import annotations

import time

import pytest

from dashboard.pipeline.figures import MAX_FIGURES, extract

#: Generous: each case runs in well under a second; a quadratic scan of 100 KB takes minutes.
BOUND_S = 15.0


def timed(text: str, language: str = "") -> list:
    started = time.perf_counter()
    figures = extract(text, language=language)
    assert time.perf_counter() - started < BOUND_S
    return figures


@pytest.mark.parametrize("language", ["id", "en", "de", "fr", "it", "ru", "vi", "zh"])
def test_a_400_digit_number_is_no_figure(language: str) -> None:
    assert [f for f in timed("Nilai " + "9" * 400 + " dolar.", language) if f.kind != "date"] == []


@pytest.mark.parametrize("language", ["id", "en", "de", "fr", "it"])
def test_mixed_separators_are_no_figure(language: str) -> None:
    figures = timed("Le total était de 1.234,567.89 dollars.", language)
    assert [f.raw for f in figures if "1.234" in f.raw] == []


@pytest.mark.parametrize(
    "text",
    [
        "$ € Rp US$ USD 美元 đô la долларов dollari euro rupiah",
        "Harganya $. Le prix en € ? 价格为美元。",
        "miliardi di dollari, млрд долларов, tỷ USD, 亿美元",
    ],
)
def test_currency_words_without_a_number_are_no_figure(text: str) -> None:
    assert timed(text) == []


@pytest.mark.parametrize(
    "piece", ["7", "1.000 ", "1 000 ", "3,5 miliardi di dollari ", "一", "两百份", "über 10 "]
)
def test_100_kb_of_digits_and_figures_is_bounded(piece: str) -> None:
    text = (piece * (100_000 // len(piece) + 1))[:100_000]
    figures = timed(text)
    assert len(figures) <= MAX_FIGURES
    assert all(text[f.start : f.end] == f.raw for f in figures)


def test_a_wall_of_one_digit_is_not_a_number() -> None:
    assert timed("7" * 100_000) == []
