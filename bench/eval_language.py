"""Language identification: accuracy, speed, memory and load time of the candidate detectors.

    python bench/eval_language.py [--detectors py3langid lingua-lazy lingua-low] [--pipeline]

Scores every candidate on the same inputs: the seven dev-set articles and the
five seeds (whole text), their body sentences (gold: the article's language;
sentences under ``MIN_CHARS`` are reported apart), news-like sentences in
fifteen more languages and scripts, and bad input (empty, digits, emoji, a
language no detector knows), where the answer should be "unknown" or at least
not crash. ``--pipeline`` scores ``dashboard.pipeline.language`` as well (the
detector the product uses, with its thresholds). Load time and memory are
measured in a fresh interpreter per detector, so import costs are not shared.
"""

from __future__ import annotations

import argparse
import collections
import json
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

DEV = ROOT / "tests" / "data" / "xling_dev"
DEV_LANGUAGES = {"301": "de", "302": "fr", "303": "zh", "304": "zh", "305": "ru", "306": "vi", "307": "en"}
MIN_CHARS = 20

# News-like sentences in languages and scripts the dev set lacks (written for this bench).
OTHER = [
    ("es", "El presidente ruso llegó a Hanói el jueves para una visita de Estado de dos días."),
    ("it", "Il presidente russo è arrivato ad Hanoi giovedì per una visita di Stato di due giorni."),
    ("pt", "O presidente russo chegou a Hanói na quinta-feira para uma visita de Estado de dois dias."),
    ("nl", "De Russische president kwam donderdag aan in Hanoi voor een staatsbezoek van twee dagen."),
    ("pl", "Prezydent Rosji przyleciał w czwartek do Hanoi z dwudniową wizytą państwową."),
    ("tr", "Rusya Devlet Başkanı perşembe günü iki günlük devlet ziyareti için Hanoi'ye geldi."),
    ("uk", "Президент Росії прибув до Ханоя в четвер із дводенним державним візитом."),
    ("el", "Ο Ρώσος πρόεδρος έφτασε στο Ανόι την Πέμπτη για διήμερη κρατική επίσκεψη."),
    ("ar", "وصل الرئيس الروسي إلى هانوي يوم الخميس في زيارة دولة تستغرق يومين."),
    ("he", "נשיא רוסיה הגיע להאנוי ביום חמישי לביקור ממלכתי בן יומיים."),
    ("fa", "رئیس جمهور روسیه روز پنجشنبه برای یک سفر دو روزه وارد هانوی شد."),
    ("hi", "रूस के राष्ट्रपति गुरुवार को दो दिन की राजकीय यात्रा पर हनोई पहुंचे।"),
    ("th", "ประธานาธิบดีรัสเซียเดินทางถึงกรุงฮานอยเมื่อวันพฤหัสบดีเพื่อเยือนอย่างเป็นทางการสองวัน"),
    ("ja", "ロシアの大統領は木曜日、2日間の国賓訪問のためハノイに到着した。"),
    ("ko", "러시아 대통령은 목요일 이틀간의 국빈 방문을 위해 하노이에 도착했다."),
    ("ms", "Presiden Rusia tiba di Hanoi pada hari Khamis untuk lawatan negara selama dua hari."),
]
# Bad input: the right answer is "und" (unknown); any code is wrong but must not crash.
BAD = ["", "ok", "12345 67", "😀😀🎉", "----", "Putin", "Mi ne scias, kion diri pri tio ĉi hodiaŭ."]


def load_inputs() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(gold, text) of whole articles and of body sentences."""
    from dashboard.pipeline.corpus import build_corpus
    from dashboard.pipeline.ingest import load_paths

    articles, _ = load_paths([ROOT / "seeds", DEV])
    gold = {a.id: DEV_LANGUAGES.get(a.id[:3], "id") for a in articles}
    docs = [(gold[a.id], a.text) for a in articles]
    sentences = [(gold[s.article_id], s.text) for s in build_corpus(articles).body_sentences]
    return docs, sentences


def pipeline_sentence_confusion() -> dict[str, int]:
    """gold->predicted counts of ``Sentence.language`` as the pipeline sets it (all roles, all lengths)."""
    from dashboard.pipeline.corpus import build_corpus
    from dashboard.pipeline.ingest import load_paths

    articles, _ = load_paths([ROOT / "seeds", DEV])
    gold = {a.id: DEV_LANGUAGES.get(a.id[:3], "id") for a in articles}
    pairs = [f"{gold[s.article_id]}->{s.language}" for s in build_corpus(articles).sentences]
    return dict(collections.Counter(pairs))


def make_detector(name: str) -> Callable[[str], str]:
    """A text -> ISO 639-1 function for one candidate ("und" when it abstains)."""
    if name == "py3langid":
        import py3langid

        return lambda text: py3langid.classify(text)[0] if text.strip() else "und"
    if name.startswith("lingua"):
        from lingua import LanguageDetectorBuilder

        builder = LanguageDetectorBuilder.from_all_languages()
        if name == "lingua-low":
            builder = builder.with_low_accuracy_mode()
        detector = builder.build()

        def detect(text: str) -> str:
            found = detector.detect_language_of(text)
            return found.iso_code_639_1.name.lower() if found else "und"

        return detect
    if name == "pipeline":
        from dashboard.pipeline.language import detect_language

        return detect_language
    raise SystemExit(f"unknown detector {name!r}")


def measure(name: str) -> dict[str, object]:
    t0 = time.perf_counter()
    detect = make_detector(name)
    detect("warm up: the models load on first use")
    load_s = time.perf_counter() - t0
    docs, sentences = load_inputs()
    t1 = time.perf_counter()
    doc_hits = [(g, detect(t)) for g, t in docs]
    long_hits = [(g, detect(t)) for g, t in sentences if len(t) >= MIN_CHARS]
    short_hits = [(g, detect(t)) for g, t in sentences if len(t) < MIN_CHARS]
    other_hits = [(g, detect(t)) for g, t in OTHER]
    bad = [detect(t) for t in BAD]
    n_calls = len(docs) + len(sentences) + len(OTHER) + len(BAD)
    run_s = time.perf_counter() - t1
    rss_mb = int(Path("/proc/self/statm").read_text().split()[1]) * 4096 / 1e6

    def accuracy(hits: list[tuple[str, str]]) -> str:
        return f"{sum(g == p for g, p in hits)}/{len(hits)}"

    return {
        "detector": name,
        "articles": accuracy(doc_hits),
        "sentences>=20": accuracy(long_hits),
        "sentences<20": accuracy(short_hits),
        "15 languages": accuracy(other_hits),
        "bad input und": f"{sum(b in ('und', '') for b in bad)}/{len(bad)}",
        "load s": round(load_s, 2),
        "ms/call": round(1000 * run_s / n_calls, 2),
        "RSS MB": round(rss_mb),
        "errors": [f"{g}->{p}" for g, p in doc_hits + other_hits if g != p],
        "confusion": dict(collections.Counter(f"{g}->{p}" for g, p in doc_hits + long_hits)),
        "bad": bad,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--detectors", nargs="*", default=["py3langid", "lingua-low", "lingua-lazy"])
    parser.add_argument("--pipeline", action="store_true", help="also score dashboard.pipeline.language")
    parser.add_argument("--one", help=argparse.SUPPRESS)  # internal: measure one detector, print JSON
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one), ensure_ascii=False))
        return
    if args.pipeline:
        print(f"pipeline Sentence.language, gold->predicted: {pipeline_sentence_confusion()}")
    names = [*args.detectors, *(["pipeline"] if args.pipeline else [])]
    for name in names:  # a fresh interpreter each, so load time and memory are the detector's own
        out = subprocess.run(
            [sys.executable, __file__, "--one", name], capture_output=True, text=True, check=True
        )
        row = json.loads(out.stdout)
        errors, bad, confusion = row.pop("errors"), row.pop("bad"), row.pop("confusion")
        print("  ".join(f"{k}={v}" for k, v in row.items()))
        print(f"    wrong: {', '.join(errors) or '-'}   bad input: {bad}")
        print(f"    gold->predicted, articles and sentences >= {MIN_CHARS} chars: {confusion}")


if __name__ == "__main__":
    main()
