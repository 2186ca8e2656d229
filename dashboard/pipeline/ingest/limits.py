"""How much the reader accepts: per file, per article, per corpus, per name.

The per-file size (``max_file_mb``) and per-article sentence limits apply to
every way in. The corpus limits (count, total size, sentences) protect a shared
server and apply to what a visitor uploads or pastes and to every stored
corpus; the command line and ``articles_dir`` read the operator's own files and
are bounded by the per-file and per-article limits only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from dashboard.pipeline.corpus import build_corpus
from dashboard.pipeline.models import Article, PipelineError

#: Articles in one uploaded or stored corpus.
MAX_ARTICLES = 100
#: Megabytes of text in one uploaded or stored corpus.
MAX_TOTAL_MB = 50.0
#: Sentences of article text in one uploaded or stored corpus: about 100 articles. Embedding runs
#: at tens of sentences a second on a CPU, so this bounds what one upload can cost the server.
MAX_SENTENCES = 3_000
#: Sentences read from one article; the rest is cut with a warning. The longest seed has 31
#: sentences and long features a few hundred; a text past 2,000 is a book, a log or one
#: sentence repeated, and embedding all of it would cost minutes for nothing comparable.
MAX_ARTICLE_SENTENCES = 2_000
#: Longest outlet name and title, in characters (the metadata columns' limits too).
MAX_OUTLET_CHARS = 100
MAX_TITLE_CHARS = 500
#: Longest file name kept, in characters.
MAX_NAME_CHARS = 100


@dataclass(frozen=True)
class Limits:
    """The limits one way in applies; ``None`` is no limit (see the module docstring)."""

    max_file_mb: float = 10.0
    max_articles: int | None = None
    max_total_mb: float | None = None

    @classmethod
    def for_visitors(cls, max_file_mb: float = 10.0) -> Limits:
        """Uploads and pastes on a shared server."""
        return cls(max_file_mb, MAX_ARTICLES, MAX_TOTAL_MB)


def size_problem(name: str, size: int, max_file_mb: float) -> str:
    """The message for a file over ``max_file_mb``, or ``""``."""
    mb = size / 1_000_000
    if mb > max_file_mb:
        return f"{name}: {mb:.1f} MB is over the {max_file_mb:g} MB limit (max_file_mb)"
    return ""


def check_names(outlet: str, title: str, where: str) -> None:
    """Refuse an outlet name or title too long to be one."""
    if len(outlet) > MAX_OUTLET_CHARS:
        raise PipelineError(
            f"{where}: the outlet name is {len(outlet):,} characters long (at most {MAX_OUTLET_CHARS})"
        )
    if len(title) > MAX_TITLE_CHARS:
        raise PipelineError(
            f"{where}: the title is {len(title):,} characters long (at most {MAX_TITLE_CHARS})"
        )


def count_sentences(article: Article) -> int:
    """Sentences of article text (body) in ``article``."""
    return len(build_corpus([article]).body_sentences)


def check_corpus(articles: Sequence[Article], *, max_file_mb: float = 10.0) -> None:
    """Refuse a visitor's corpus too large to store or analyse, with a message naming the limit."""
    if not articles:
        raise PipelineError("No articles to store.")
    if len(articles) > MAX_ARTICLES:
        raise PipelineError(f"{len(articles)} articles is over the limit of {MAX_ARTICLES} per corpus.")
    total = 0
    for a in articles:
        check_names(a.outlet, a.title, a.path or a.id)
        size = len(a.text.encode("utf-8", "surrogatepass"))
        if problem := size_problem(a.path or a.id, size, max_file_mb):
            raise PipelineError(problem)
        total += size
    if total / 1_000_000 > MAX_TOTAL_MB:
        raise PipelineError(f"The corpus is {total / 1_000_000:.1f} MB, over the {MAX_TOTAL_MB:g} MB limit.")
    sentences = sum(count_sentences(a) for a in articles)
    if sentences > MAX_SENTENCES:
        raise PipelineError(
            f"The corpus has {sentences:,} sentences of article text, over the limit of {MAX_SENTENCES:,} "
            "(about 100 articles). Compare fewer articles here, or use the command line "
            "(python -m dashboard export) for a large corpus."
        )
