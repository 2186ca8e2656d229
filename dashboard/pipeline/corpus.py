"""Clean and segment every article into the corpus the embed step consumes."""

from __future__ import annotations

from dataclasses import replace

from dashboard.pipeline.clean import classify, site_chrome
from dashboard.pipeline.models import Article, Corpus, PipelineError, Sentence
from dashboard.pipeline.segment import segment


def build_corpus(articles: list[Article]) -> Corpus:
    """Blocks and sentences of all articles; warns about articles left without body text.

    Whether the corpus as a whole can be compared (one article, one outlet, no
    sentences at all) is the caller's call, so it is not warned about here.
    """
    if not articles:
        raise PipelineError("no articles to compare")
    ids = [a.id for a in articles]
    if len(set(ids)) != len(ids):
        twice = sorted({i for i in ids if ids.count(i) > 1})
        raise PipelineError("two articles have the same id: " + ", ".join(twice))
    corpus = Corpus(articles=list(articles))
    chrome = site_chrome(articles)
    for article in articles:
        blocks = classify(article, chrome[article.outlet])
        sentences, repeats = _once_each(segment(article, blocks))
        if repeats:
            corpus.warnings.append(
                f"{article.id}: {repeats:,} sentences repeat an earlier one word for word; "
                "each is compared once"
            )
        corpus.blocks.extend(blocks)
        corpus.sentences.extend(sentences)
        if not any(s.role == "body" for s in sentences):
            corpus.warnings.append(f"{article.id}: no article text left after removing page boilerplate")
    return corpus


def _once_each(sentences: list[Sentence]) -> tuple[list[Sentence], int]:
    """An article's sentences with word-for-word repeats of an earlier body sentence made boilerplate.

    A repeat states nothing new, and a degenerate text (one sentence pasted thousands of
    times) would otherwise become thousands of identical facts to align.
    """
    seen: set[str] = set()
    out: list[Sentence] = []
    repeats = 0
    for sentence in sentences:
        if sentence.role == "body":
            words = " ".join(sentence.text.split())
            if words in seen:
                sentence = replace(sentence, role="boilerplate")
                repeats += 1
            seen.add(words)
        out.append(sentence)
    return out, repeats
