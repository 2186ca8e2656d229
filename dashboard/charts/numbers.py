"""Numbers as the dashboard shows them."""

from __future__ import annotations

import math
from decimal import Decimal

_SCALE_WORDS = ((1e12, "triliun"), (1e9, "miliar"), (1e6, "juta"))
_FORMATTED_UNITS = {"USD", "IDR", "percent", "count", "year"}


def format_number(value: float, unit: str) -> str:
    """Indonesian rendering that the figure reader reads back exactly: ``$3,6 miliar``, ``80 persen``.

    Scale words are used from a million up when they leave at most three decimals;
    otherwise the number is written in full with thousands dots and a decimal comma.
    """
    if unit not in _FORMATTED_UNITS:
        raise ValueError(f"format_number: unsupported unit {unit!r}")
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"format_number: expected a finite, non-negative value, got {value!r}")
    if unit == "year":
        return str(int(value))
    exact = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    number, word = exact, ""
    for scale, name in _SCALE_WORDS:
        scaled = exact.scaleb(-round(math.log10(scale)))
        if exact >= Decimal(int(scale)) and -scaled.normalize().as_tuple().exponent <= 3:
            number, word = scaled, name
            break
    text = _indonesian_digits(number) + (f" {word}" if word else "")
    return {"USD": f"${text}", "IDR": f"Rp {text}", "percent": f"{text} persen"}.get(unit, text)


def _indonesian_digits(number: Decimal) -> str:
    integer, _, frac = format(number.normalize(), "f").partition(".")
    grouped = f"{int(integer):,}".replace(",", ".")
    return grouped + (f",{frac}" if frac else "")
