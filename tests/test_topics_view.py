"""The Topics view's pure parts on the real seed analysis: coverage by topic x outlet and its heatmap."""

from __future__ import annotations

from dashboard import tables
from dashboard.charts.topics import topic_outlet_heatmap
from dashboard.pipeline.analyze import Analysis

OUTLETS = ["Tempo", "GenPI.co", "marwahkepri.com", "Al Jazeera", "Tribunnews"]


def test_coverage_counts_and_shares(seed_analysis: Analysis) -> None:
    facts, fact_topics = seed_analysis.facts, seed_analysis.fact_topics
    coverage = tables.topic_coverage(facts, OUTLETS, fact_topics, seed_analysis.topics)
    defence = coverage[coverage["topic_id"] == "defence"].set_index("outlet")
    for outlet in OUTLETS:
        expected = sum(outlet in f.outlets and "defence" in fact_topics[f.id] for f in facts)
        assert defence.loc[outlet, "facts"] == expected
        assert defence.loc[outlet, "share"] == expected / sum(outlet in f.outlets for f in facts)
    assert set(coverage["topic_id"]) == {t.id for t in seed_analysis.topics if t.count}
    assert 0 < coverage["share"].max() <= 1


def test_facts_by_topic_keeps_order_and_repeats_multi_topic_facts(seed_analysis: Analysis) -> None:
    grouped = tables.facts_by_topic(seed_analysis.facts, seed_analysis.fact_topics, ["trade", "energy"])
    trade = [f.label for f in grouped["trade"]]
    assert any("Perdagangan bilateral" in label for label in trade)
    order = [f.id for f in seed_analysis.facts]
    assert [order.index(f.id) for f in grouped["energy"]] == sorted(
        order.index(f.id) for f in grouped["energy"]
    )


def test_heatmap_data_and_escaping(seed_analysis: Analysis) -> None:
    coverage = tables.topic_coverage(
        seed_analysis.facts, OUTLETS, seed_analysis.fact_topics, seed_analysis.topics
    )
    (trace,) = topic_outlet_heatmap(coverage).to_dict()["data"]
    assert list(trace["x"]) == OUTLETS
    row = list(trace["y"]).index("Defence and security")
    counts = coverage[coverage["topic"] == "Defence and security"]["facts"].tolist()
    assert [int(t) if t else 0 for t in trace["text"][row]] == counts
    assert trace["hovertext"][row] == [f"{n} fact{'' if n == 1 else 's'}" for n in counts]
    assert "%{hovertext}" in trace["hovertemplate"] and "customdata" not in trace["hovertemplate"]
    hostile = coverage.assign(outlet=coverage["outlet"].str.replace("Tempo", "<b>$x$</b>"))
    (trace,) = topic_outlet_heatmap(hostile).to_dict()["data"]
    assert "&lt;b&gt;&#36;x&#36;&lt;/b&gt;" in trace["x"]


def test_empty_coverage_gives_an_annotated_empty_chart() -> None:
    empty = tables.topic_coverage([], OUTLETS, {}, [])
    assert empty.empty
    chart = topic_outlet_heatmap(empty).to_dict()
    assert not chart["data"] and chart["layout"]["annotations"][0]["text"] == "No topics"
