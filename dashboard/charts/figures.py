"""Charts of reported figures: money by thing and period, and outlets' disagreements.

A disagreement is drawn as the interval each outlet's wording claims ("at least 12" is 12 and
up, "about 11" is 9.9-12.1), coloured by whether it conflicts with another outlet's figure, so
overlapping intervals read as compatible at a glance. Article text is shown literally (see
:mod:`dashboard.charts.common`); the hover labels read their parts from ``customdata`` by name
(``%{customdata.sentence}``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import plotly.graph_objects as go

from dashboard.charts.common import PALETTE, empty_chart, escape, hover_text
from dashboard.pipeline.discrepancies import CORPUS, Claim, Discrepancy, Side
from dashboard.pipeline.figures import QUALIFIER_WORDS, Quantity

_DISPLAY_SCALES = ((1e12, "tn"), (1e9, "bn"), (1e6, "m"), (1e3, "k"))
#: How a normalised thing reads in a heading; others read as they are.
THING_NAMES = {"agreements": "agreements signed", "trade": "bilateral trade", "percent": "share"}
#: Things whose entity is a partner ("trade with China"); other entities follow a comma.
_WITH = {"trade", "exports", "imports", "investment", "aid", "loans", "debt"}
#: Traces in one money chart; a thing reported in more periods and outlets gets several charts.
MAX_MONEY_TRACES = 6
#: Legend of the figures that conflict with no other outlet's.
FITS = "fits every other outlet's figure"
#: Colours of the conflicting versions of a figure (version A, B, ...); blue is for figures that fit all.
VERSION_COLOURS = ("#e8743b", "#8e5cc2", "#c9403a", "#a0782c", "#2a9d8f", "#d45fa0")
HOVER_WIDTH = 80  # a bar chart's hover label has room for longer lines than a matrix cell's


def display_scale(values: Sequence[float]) -> tuple[float, str]:
    """Divisor and suffix so the largest value reads in units, thousands, millions..."""
    largest = max((abs(v) for v in values), default=0.0)
    return next(((d, s) for d, s in _DISPLAY_SCALES if largest >= d), (1.0, ""))


def _scaled(value: float, divisor: float) -> float:
    return float(f"{value / divisor:.12g}")  # 3.6e9 / 1e9 shown as 3.6, not 3.6000000000000005


def money_groups(figures: Sequence[Quantity]) -> list[list[Quantity]]:
    """Money figures by thing and currency, at least two to a group, each group in periods of
    :data:`MAX_MONEY_TRACES` sentences at most (earliest year first), so every chart stays readable."""
    groups: dict[tuple[str, str], list[Quantity]] = {}
    for f in figures:
        if f.kind == "money" and f.value is not None and math.isfinite(f.value):
            groups.setdefault((f.thing_norm, f.unit), []).append(f)
    charts = []
    for group in groups.values():
        if len(group) < 2:
            continue
        sentences = sorted(dict.fromkeys(f.sentence_id for f in group), key=lambda s: _period_key(group, s))
        for k in range(0, len(sentences), MAX_MONEY_TRACES):
            chunk = set(sentences[k : k + MAX_MONEY_TRACES])
            charts.append(
                sorted(
                    (f for f in group if f.sentence_id in chunk),
                    key=lambda f: _period_key(group, f.sentence_id),
                )
            )
    return charts


def _period_key(group: Sequence[Quantity], sentence_id: str) -> tuple[int, str]:
    years = [f.year for f in group if f.sentence_id == sentence_id and f.year]
    return (min(years) if years else 10_000, sentence_id)


def _period(f: Quantity) -> str:
    return str(f.year) if f.year else "year not given"


#: Series (outlet and period) in one money chart up to which bars carry the figure as written.
_WRITTEN_LABELS_UP_TO = 2


def money_comparison(figures: Sequence[Quantity]) -> go.Figure:
    """Sums of money about one thing, by entity, one bar series per period and outlet.

    Two periods of one thing (Italian 2022 trade, Al Jazeera's 2023) stand side by side under
    each entity (Russia / China / United States); the legend names each period. The hover
    shows the figure as written, the outlet and the source sentence.
    """
    money = [f for f in figures if f.kind == "money" and f.value is not None]
    if not money:
        return empty_chart("No money figures to compare")
    divisor, suffix = display_scale([f.value for f in money if f.value is not None])
    traces: dict[str, list[Quantity]] = {}
    for f in money:
        traces.setdefault(f.sentence_id, []).append(f)
    # Each bar is labelled as written ("$3,6 miliar", "3,6 bilhões de dólares") while two series
    # share a category; from three on the bars are too narrow for that, and the hover keeps it.
    as_written = len(traces) <= _WRITTEN_LABELS_UP_TO
    chart = go.Figure()
    for group in traces.values():
        first = group[0]
        periods = "/".join(dict.fromkeys(_period(f) for f in group))
        chart.add_bar(
            name=escape(f"{periods} · {first.outlet or 'unknown outlet'}"),
            x=[escape(f.entity_norm or f.entity or f.raw) for f in group],
            y=[_scaled(f.value or 0.0, divisor) for f in group],
            text=[
                escape(f.raw if as_written else _number(f.value or 0.0, divisor, suffix, f.unit))
                for f in group
            ],
            textposition="outside",
            cliponaxis=False,
            customdata=[
                {
                    "outlet": escape(f.outlet),
                    "raw": escape(f.raw),
                    "period": escape(_period(f)),
                    "sentence": hover_text(f.sentence, HOVER_WIDTH),
                }
                for f in group
            ],
            hovertemplate=(
                f"<b>%{{x}}</b>, %{{customdata.period}}: %{{y}} {escape(first.unit)} {suffix}<br>"
                "%{customdata.raw} · %{customdata.outlet}<br><br>%{customdata.sentence}<extra></extra>"
            ),
        )
    unit_label = " ".join(filter(None, ["/".join(sorted({f.unit for f in money})), suffix]))
    top = max(_scaled(f.value or 0.0, divisor) for f in money)
    chart.update_layout(
        title=escape(_money_title(money, unit_label)),
        yaxis={"title": escape(unit_label), "range": [0, top * 1.18 or 1], "automargin": True},
        xaxis={"automargin": True},
        barmode="group",
        showlegend=True,
        legend={"orientation": "h", "y": -0.15, "x": 0, "title": {"text": "period · outlet"}},
        plot_bgcolor="white",
    )
    chart.update_yaxes(gridcolor=PALETTE["grid"])
    return chart


def _money_title(money: Sequence[Quantity], unit_label: str) -> str:
    """``Bilateral trade (USD bn), 2022 and 2023``."""
    thing = next((f.thing_norm for f in money if f.thing_norm), "")
    years = sorted({f.year for f in money if f.year})
    periods = " and ".join(str(y) for y in years)
    return ", ".join(filter(None, [f"{_thing_name(thing, 'money').capitalize()} ({unit_label})", periods]))


# --------------------------------------------------------------------------- disagreements


def _thing_name(thing: str, kind: str) -> str:
    return THING_NAMES.get(thing, thing) if thing else (THING_NAMES.get(kind, kind))


def subject(d: Discrepancy) -> str:
    """What a dispute is about, in words: ``agreements signed``, ``bilateral trade with China, 2023``."""
    text = _thing_name(d.thing, d.kind)
    if d.entity:
        text += f" with {d.entity}" if d.thing in _WITH else f", {d.entity}"
    return f"{text}, {d.year}" if d.year else text


def dispute_titles(found: Sequence[Discrepancy], ranks: Mapping[str, int]) -> list[str]:
    """A distinct title per dispute: its subject and verdict, then where it was found if two share them."""
    base = [f"{subject(d).capitalize()}: {_verdict(d)}" for d in found]
    titles = [
        t if base.count(t) == 1 else f"{t} ({_where(d, ranks)})" for t, d in zip(base, found, strict=True)
    ]
    seen: dict[str, int] = {}
    distinct = []
    for t in titles:
        seen[t] = seen.get(t, 0) + 1
        distinct.append(t if titles.count(t) == 1 else f"{t} #{seen[t]}")
    return distinct


def _verdict(d: Discrepancy) -> str:
    return "outlets disagree" if d.status == "disagree" else "contested (an ambiguous figure)"


def _where(d: Discrepancy, ranks: Mapping[str, int]) -> str:
    return "whole corpus" if d.fact_id == CORPUS else f"fact {ranks.get(d.fact_id, '?')}"


def _number(value: float, divisor: float, suffix: str, unit: str) -> str:
    text = f"{_scaled(value, divisor):,g}" + (f" {suffix}" if suffix else "")
    return {"percent": f"{text}%", "USD": f"${text}"}.get(unit, text if unit == "count" else f"{text} {unit}")


def claim_words(claim: Claim, unit: str, divisor: float = 1.0, suffix: str = "") -> str:
    """An interval claimed, in words: ``11``, ``12 or more``, ``more than 10``, ``9.9–12.1``."""
    low, high = claim["low"], claim["high"]

    def num(x: float) -> str:
        return _number(x, divisor, suffix, unit)

    if high is not None and low is None:
        return f"{'less than' if claim['high_open'] else 'up to'} {num(high)}"
    if low is None:
        return "any value"
    if high is None:
        return f"more than {num(low)}" if claim["low_open"] else f"{num(low)} or more"
    return num(low) if low == high else f"{num(low)}–{num(high)}"


def side_words(side: Side, divisor: float = 1.0, suffix: str = "") -> str:
    """A figure in words, qualifier first: ``at least 12``, ``about 60%``, ``11?`` (ambiguous)."""
    value = side["value"]
    number = "?" if value is None else _number(value, divisor, suffix, side["unit"])
    words = QUALIFIER_WORDS.get(side["qualifier"], side["qualifier"])
    return " ".join(filter(None, [words, number])) + ("?" if side["ambiguous"] else "")


def relations(d: Discrepancy, divisor: float = 1.0, suffix: str = "") -> list[tuple[str, str]]:
    """Per side: the other outlets' claims it is compatible with, and those it conflicts with.

    ``("11 (Tribunnews, dpa)", "12 or more (GenPI.co); 12 (GenPI.co)")``; a claim counts when
    another side holds it (a figure never conflicts with itself).
    """
    out = []
    for k, side in enumerate(d.values):
        if not d.claims:
            out.append(("", ""))
            continue
        own = d.claims[side["claim"]]
        fits = _claims_held(d, [side["claim"], *own["compatible_with"]], k, divisor, suffix)
        out.append((fits, _claims_held(d, own["conflicts_with"], k, divisor, suffix)))
    return out


def _claims_held(d: Discrepancy, claims: Sequence[int], k: int, divisor: float, suffix: str) -> str:
    """``11 (Tribunnews, dpa); 12 (GenPI.co)``: these claims and who holds them, but side ``k``."""
    parts = []
    for c in claims:
        outlets = list(dict.fromkeys(d.values[i]["outlet"] for i in d.claims[c]["sides"] if i != k))
        if outlets:
            words = claim_words(d.claims[c], d.values[k]["unit"], divisor, suffix)
            parts.append(f"{words} ({', '.join(outlets)})")
    return "; ".join(parts)


def versions(d: Discrepancy) -> list[str]:
    """Per side, the version of the figure it belongs to: ``A``, ``B``, ...; ``""`` when it conflicts with no
    other outlet's figure.

    A version gathers claims that are all compatible with one another (GenPI's "at least 12" and "12";
    Tribunnews' and dpa's "11"), so two colours in a chart are two accounts that cannot both be true.
    The claim held by most figures founds the first version; letters follow the sides' order.
    """
    conflicting = {s["claim"] for s in d.values if s["conflicting"]}
    order = sorted(conflicting, key=lambda c: (-len(d.claims[c]["sides"]), min(d.claims[c]["sides"])))
    groups: list[list[int]] = []
    for c in order:
        fit = next((g for g in groups if all(m in d.claims[c]["compatible_with"] for m in g)), None)
        if fit is None:
            groups.append([c])
        else:
            fit.append(c)
    group_of = {c: k for k, g in enumerate(groups) for c in g}
    first = sorted(range(len(groups)), key=lambda g: min(min(d.claims[c]["sides"]) for c in groups[g]))
    letter = {g: chr(ord("A") + n) for n, g in enumerate(first)}
    return [letter[group_of[s["claim"]]] if s["claim"] in group_of else "" for s in d.values]


def version_names(d: Discrepancy, divisor: float = 1.0, suffix: str = "") -> dict[str, str]:
    """Each version's claims in words with its outlets: ``{"A": "version A: 12 or more / 12 (GenPI.co)"}``."""
    version = versions(d)
    names = {}
    for v in sorted(set(version) - {""}):
        sides = [s for s, w in zip(d.values, version, strict=True) if w == v]
        claims = dict.fromkeys(s["claim"] for s in sides)
        words = " / ".join(claim_words(d.claims[c], sides[0]["unit"], divisor, suffix) for c in claims)
        names[v] = f"version {v}: {words} ({', '.join(dict.fromkeys(s['outlet'] for s in sides))})"
    return names


def _outlet_labels(sides: Sequence[Side]) -> list[str]:
    """One row label per side, ``dpa · en``; an outlet reporting twice gets a running number."""
    seen: dict[str, int] = {}
    labels = []
    for side in sides:
        seen[side["outlet"]] = seen.get(side["outlet"], 0) + 1
        n = seen[side["outlet"]]
        name = " · ".join(filter(None, [side["outlet"], side["language"]]))
        labels.append(name if n == 1 else f"{name} ({n})")
    return labels


def _axis_range(sides: Sequence[Side], divisor: float) -> tuple[float, float]:
    finite = [
        x / divisor
        for s in sides
        for x in (s["value"], s["low"], s["high"])
        if x is not None and math.isfinite(x)
    ] or [0.0]
    low, high = min(finite), max(finite)
    bottom = 0.0 if low >= 0 else low - 0.15 * (high - low or abs(low))
    return bottom, high + 0.2 * (high - bottom or 1.0)  # room for the labels and open ends' arrows


def discrepancy_chart(d: Discrepancy, title: str | None = None) -> go.Figure:
    """Each outlet's claimed interval on one axis: overlapping intervals are compatible.

    A dot marks the value (hollow when the figure is ambiguous), a bar the interval its
    qualifier allows, an arrow an open end ("at least 12"). Each conflicting version of the
    figure (:func:`versions`) has its colour; blue figures fit every other outlet's. The label
    gives the qualifier in words; the hover, what it is compatible with and what it conflicts with.
    """
    if not d.values:
        return empty_chart("No figures in this discrepancy")
    sides = d.values
    scale = display_scale([abs(s["value"]) for s in sides if s["value"] is not None])
    span = _axis_range(sides, scale[0])
    labels = [escape(label) for label in _outlet_labels(sides)]
    chart = go.Figure()
    version, names, hovers = versions(d), version_names(d, *scale), _hovers(d, scale)
    for v in sorted(set(version), key=lambda v: (not v, v)):
        # an unambiguous figure first: the legend shows the trace's first marker
        rows = sorted(
            (k for k, s in enumerate(sides) if version[k] == v and s["value"] is not None),
            key=lambda k: sides[k]["ambiguous"],
        )
        if rows:
            colour = VERSION_COLOURS[(ord(v) - ord("A")) % len(VERSION_COLOURS)] if v else PALETTE["reports"]
            name = escape(names[v]) if v else FITS
            _add_version(chart, d, rows, labels, hovers, name, colour, scale, span)
    chart.update_layout(_dispute_layout(d, title, labels, scale[1], span))
    chart.update_xaxes(gridcolor=PALETTE["grid"])
    return chart


def _hovers(d: Discrepancy, scale: tuple[float, str]) -> list[dict[str, str]]:
    """Each side's hover fields: its words, its claim, what it fits and what it conflicts with."""
    related = relations(d, *scale)
    return [
        {
            "raw": escape(side["raw"]),
            "language": escape(side["language"] or "?"),
            "claim": escape(claim_words(d.claims[side["claim"]], side["unit"], *scale)) if d.claims else "",
            "fits": escape(related[k][0] or "no other outlet"),
            "conflicts": escape(related[k][1] or "no other outlet"),
            "note": escape(side["note"]),
            "sentence": hover_text(side["sentence"], HOVER_WIDTH),
        }
        for k, side in enumerate(d.values)
    ]


def _add_version(
    chart: go.Figure,
    d: Discrepancy,
    rows: list[int],
    labels: list[str],
    hovers: list[dict[str, str]],
    name: str,
    colour: str,
    scale: tuple[float, str],
    span: tuple[float, float],
) -> None:
    """One version's figures: dots with their interval bars, and arrows at open ends."""
    sides, divisor = d.values, scale[0]
    values = [_scaled(sides[k]["value"] or 0.0, divisor) for k in rows]  # rows have a value
    lows = [_end(sides[k]["low"], divisor, *span) for k in rows]
    highs = [_end(sides[k]["high"], divisor, *span) for k in rows]
    chart.add_scatter(
        name=name,
        x=values,
        y=[labels[k] for k in rows],
        mode="markers+text",
        text=[escape(side_words(sides[k], *scale)) for k in rows],
        textposition="top center",
        cliponaxis=False,
        marker={
            "color": colour,
            "size": 13,
            "symbol": ["circle-open" if sides[k]["ambiguous"] else "circle" for k in rows],
            "line": {"width": 2, "color": colour},
        },
        error_x={
            "type": "data",
            "symmetric": False,
            "array": [max(h - v, 0.0) for h, v in zip(highs, values, strict=True)],
            "arrayminus": [max(v - lo, 0.0) for lo, v in zip(lows, values, strict=True)],
            "color": colour,
            "thickness": 3,
            "width": 6,
        },
        customdata=[hovers[k] for k in rows],
        hovertemplate=(
            "<b>%{y}</b>: “%{customdata.raw}” (%{customdata.language}), claims %{customdata.claim}"
            "<br>compatible with: %{customdata.fits}<br>conflicts with: %{customdata.conflicts}"
            "<br>%{customdata.note}<br><br>%{customdata.sentence}<extra></extra>"
        ),
    )
    arrows = [
        (x, labels[k], symbol)
        for k, lo, hi in zip(rows, lows, highs, strict=True)
        for x, symbol, open_end in (
            (hi, "triangle-right", sides[k]["high"]),
            (lo, "triangle-left", sides[k]["low"]),
        )
        if open_end is not None and math.isinf(open_end)
    ]
    if arrows:
        chart.add_scatter(
            x=[a[0] for a in arrows],
            y=[a[1] for a in arrows],
            mode="markers",
            marker={"color": colour, "size": 12, "symbol": [a[2] for a in arrows]},
            showlegend=False,
            hoverinfo="skip",
            cliponaxis=False,
        )


def _dispute_layout(
    d: Discrepancy, title: str | None, labels: list[str], suffix: str, span: tuple[float, float]
) -> dict:
    bottom, top = span
    return {
        "title": escape(title or f"{subject(d).capitalize()}: {_verdict(d)}"),
        "xaxis": {
            "title": escape(" ".join(filter(None, [d.unit, suffix]))),
            "range": [bottom, top + 0.03 * (top - bottom)],
            "automargin": True,
            "zeroline": False,
        },
        "yaxis": {
            "categoryorder": "array",
            "categoryarray": labels,
            "autorange": "reversed",
            "automargin": True,
        },
        "legend": {"orientation": "h", "y": -0.25, "x": 0},
        "plot_bgcolor": "white",
        "showlegend": True,
    }


def _end(bound: float | None, divisor: float, bottom: float, top: float) -> float:
    """An interval's end on the axis; an open end runs to the axis edge."""
    if bound is None or math.isnan(bound):
        return bottom
    if math.isinf(bound):
        return top if bound > 0 else bottom
    return _scaled(bound, divisor)
