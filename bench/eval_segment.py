"""Sentence splitters compared behind the pipeline's interface: ours, sentencex and pysbd.

    python bench/eval_segment.py

Each candidate splits the same text into ``(start, end)`` spans (a library's
sentences are located in the text in order, so offsets stay exact). Scores:

- ``cases``: the cases of ``bench/segment_cases.py`` (the ones ``tests/test_segment.py`` runs)
  plus multilingual cases below (Chinese, Japanese, Russian, Arabic, Hebrew,
  Hindi, Thai, Vietnamese, German, French), each split exactly as expected;
- ``snippets``: gold snippets of the dev set and of the seeds' alignment gold
  that lie whole inside one sentence (a snippet cut in two cannot be aligned);
- ``ms/1k``: milliseconds per thousand sentences over the seeds and the dev set.

``--stage DIR ...`` instead times the whole stage this module belongs to (cleaning,
splitting and per-sentence language, ``build_corpus``) on folders of articles, for
example the seeds and ``python bench/make_corpus.py /tmp/story --articles 1000``.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

from segment_cases import CASES  # noqa: E402

from dashboard.pipeline.clean import classify  # noqa: E402
from dashboard.pipeline.ingest import load_paths  # noqa: E402
from dashboard.pipeline.segment import split  # noqa: E402

DEV = ROOT / "tests" / "data" / "xling_dev"
Splitter = Callable[[str, str], list[tuple[int, int]]]

MULTILINGUAL = [
    (
        "zh",
        "普京抵达河内。双方签署了多项协议！美国不满吗？",
        ["普京抵达河内。", "双方签署了多项协议！", "美国不满吗？"],
    ),
    ("zh", "他说：“我们会合作。”随后离开。", ["他说：“我们会合作。”", "随后离开。"]),
    ("zh", "美国不满又无奈!越南接待普京。", ["美国不满又无奈!", "越南接待普京。"]),
    (
        "ja",
        "大統領はハノイに到着した。会談は2時間続いた。",
        ["大統領はハノイに到着した。", "会談は2時間続いた。"],
    ),
    (
        "ru",
        "В 2024 г. Путин прибыл в Ханой. Он сказал: «Да». Потом ушёл.",
        ["В 2024 г. Путин прибыл в Ханой.", "Он сказал: «Да».", "Потом ушёл."],
    ),
    (
        "ar",
        "وصل الرئيس الروسي إلى هانوي. هل هذا صحيح؟ نعم.",
        ["وصل الرئيس الروسي إلى هانوي.", "هل هذا صحيح؟", "نعم."],
    ),
    ("he", "נשיא רוסיה הגיע להאנוי. הוא נפגש עם הנשיא.", ["נשיא רוסיה הגיע להאנוי.", "הוא נפגש עם הנשיא."]),
    ("hi", "रूस के राष्ट्रपति हनोई पहुंचे। उन्होंने बातचीत की।", ["रूस के राष्ट्रपति हनोई पहुंचे।", "उन्होंने बातचीत की।"]),
    (
        "th",
        "ประธานาธิบดีรัสเซียเดินทางถึงกรุงฮานอย ทั้งสองฝ่ายลงนามข้อตกลง",
        ["ประธานาธิบดีรัสเซียเดินทางถึงกรุงฮานอย", "ทั้งสองฝ่ายลงนามข้อตกลง"],
    ),
    (
        "vi",
        "Đúng 1h45 phút sáng 20/6, chuyên cơ hạ cánh. Đây là lần thứ 5 ông Putin tới Việt Nam.",
        ["Đúng 1h45 phút sáng 20/6, chuyên cơ hạ cánh.", "Đây là lần thứ 5 ông Putin tới Việt Nam."],
    ),
    (
        "de",
        "Putin kam am 20. Juni z. B. mit Dr. Lawrow an. Er sagte, es sei gut.",
        ["Putin kam am 20. Juni z. B. mit Dr. Lawrow an.", "Er sagte, es sei gut."],
    ),
    (
        "fr",
        "M. Poutine est arrivé à Hanoï. Il a rencontré le président.",
        ["M. Poutine est arrivé à Hanoï.", "Il a rencontré le président."],
    ),
]


def locate(text: str, start: int, pieces: list[str]) -> list[tuple[int, int]]:
    """Spans of a library's sentences, found in order in ``text`` from ``start``."""
    spans, pos = [], start
    for piece in pieces:
        piece = piece.strip()
        if not piece:
            continue
        found = text.find(piece, pos)
        if found < 0:
            continue  # the library changed the text; the piece is lost
        spans.append((found, found + len(piece)))
        pos = found + len(piece)
    return spans


def make_splitters() -> dict[str, Splitter]:
    import pysbd
    import sentencex

    segmenters: dict[str, pysbd.Segmenter] = {}

    def with_pysbd(text: str, language: str) -> list[tuple[int, int]]:
        code = language if language in pysbd.languages.LANGUAGE_CODES else "en"
        if code not in segmenters:
            segmenters[code] = pysbd.Segmenter(language=code, clean=False)
        return locate(text, 0, segmenters[code].segment(text))

    return {
        "ours": lambda text, language: split(text),
        "sentencex": lambda text, language: locate(text, 0, list(sentencex.segment(language, text))),
        "pysbd": with_pysbd,
    }


def body_lines() -> list[tuple[str, str, str]]:
    """(article id, language, text) of every body line of the seeds and the dev set."""
    articles, _ = load_paths([ROOT / "seeds", DEV])
    lines = []
    for article in articles:
        for block in classify(article):
            if block.role == "body":
                lines.append((article.id, article.language, article.text[block.start : block.end]))
    return lines


def gold_snippets() -> list[tuple[str, str]]:
    dev = json.loads((DEV / "gold.json").read_text(encoding="utf-8"))
    found = [(m[0], m[1]) for fact in dev["facts"] for m in fact["members"]]
    seeds = json.loads((ROOT / "tests/data/gold_alignment.json").read_text(encoding="utf-8"))
    for fact in seeds["facts"]:
        for article_id, snippets in fact["sentences"].items():
            for snippet in [snippets] if isinstance(snippets, str) else snippets:
                found.append((article_id[:3], snippet))
    return found


def normal(text: str) -> str:
    return " ".join(text.split()).casefold()


def time_stage(folders: list[Path]) -> None:
    """Seconds of ``build_corpus`` (after reading) and of the language model's first load."""
    from dashboard.pipeline.corpus import build_corpus
    from dashboard.pipeline.language import detect_language

    t0 = time.perf_counter()
    detect_language("load the model before timing the stage")
    print(f"language model load {time.perf_counter() - t0:.2f} s")
    for folder in folders:
        articles, _ = load_paths([folder])
        t1 = time.perf_counter()
        corpus = build_corpus(articles)
        elapsed = time.perf_counter() - t1
        n = len(corpus.sentences)
        per = 1e6 * elapsed / n
        print(f"{folder}: {len(articles)} articles, {n} sentences, {elapsed:.2f} s, {per:.0f} µs/sentence")


def main() -> None:
    if sys.argv[1:2] == ["--stage"]:
        time_stage([Path(p) for p in sys.argv[2:]])
        return
    cases = [(("id", *p.values)) for p in CASES] + MULTILINGUAL
    lines = body_lines()
    snippets = gold_snippets()
    print(f"{len(cases)} cases, {len(lines)} body lines, {len(snippets)} gold snippets")
    for name, splitter in make_splitters().items():
        passed = sum([t[s:e] for s, e in splitter(t, lang)] == want for lang, t, want in cases)
        failed = [t[:20] for lang, t, want in cases if [t[s:e] for s, e in splitter(t, lang)] != want]
        t0 = time.perf_counter()
        sentences = [
            (article_id[:3], normal(text[s:e]))
            for article_id, lang, text in lines
            for s, e in splitter(text, lang)
        ]
        elapsed = time.perf_counter() - t0
        whole = sum(any(f == file and normal(snip) in s for f, s in sentences) for file, snip in snippets)
        print(
            f"{name:10} cases {passed}/{len(cases)}  snippets whole {whole}/{len(snippets)}  "
            f"sentences {len(sentences)}  ms/1k {1000 * elapsed / len(sentences) * 1000:.0f}"
        )
        print(f"{'':10} failed: {failed}")


if __name__ == "__main__":
    main()
