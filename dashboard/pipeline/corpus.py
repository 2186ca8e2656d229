"""Clean and segment every article into the corpus the embed step consumes."""

from __future__ import annotations

from dashboard.pipeline.clean import classify, site_chrome
from dashboard.pipeline.models import Article, Corpus, PipelineError
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
        sentences = segment(article, blocks)
        corpus.blocks.extend(blocks)
        corpus.sentences.extend(sentences)
        if not any(s.role == "body" for s in sentences):
            corpus.warnings.append(f"{article.id}: no article text left after removing page boilerplate")
    return corpus
