"""Plain data passed between pipeline steps.

Offsets are Python ``str`` indices into :attr:`Article.text`, the file's
decoded characters with nothing normalised, so ``article.text[s.start:s.end]
== s.text`` holds for every sentence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

#: What a span of an article is. Only ``body`` spans become facts; titles and
#: headings stay visible as structure, boilerplate is dropped.
Role = Literal["title", "heading", "body", "boilerplate"]


class PipelineError(ValueError):
    """Bad input or configuration, with a message meant for the user."""


@dataclass(frozen=True)
class Article:
    id: str
    outlet: str
    text: str
    title: str = ""
    date: str = ""
    language: str = "id"
    url: str = ""  # the link as given for a fetched page, else the page's canonical URL or the metadata's
    path: str = ""
    final_url: str = ""  # a fetched page: where its redirects ended
    fetched_at: str = ""  # a fetched page: when, ISO 8601 UTC


@dataclass(frozen=True)
class Block:
    """A span of an article's text with its role (title, heading, body, boilerplate)."""

    article_id: str
    start: int
    end: int
    role: Role
    reason: str = ""  # why it is boilerplate, for tests and debugging


@dataclass(frozen=True)
class Sentence:
    id: str
    article_id: str
    outlet: str
    text: str
    start: int
    end: int
    role: Role = "body"
    language: str = ""  # ISO 639-1; the article's unless the sentence itself is in another


@dataclass(frozen=True)
class FactMember:
    sentence_id: str
    article_id: str
    outlet: str
    text: str
    similarity: float  # cosine to the fact's label sentence (1.0 for the label)
    language: str = ""  # ISO 639-1 code of the sentence


@dataclass(frozen=True)
class Fact:
    id: str
    label: str
    label_sentence_id: str
    members: tuple[FactMember, ...]

    # Cached: filters, sorts and charts ask for it per fact and per outlet, which
    # with hundreds of outlets means millions of calls per run.
    @cached_property
    def outlets(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(m.outlet for m in self.members))

    @property
    def sentence_ids(self) -> tuple[str, ...]:
        return tuple(m.sentence_id for m in self.members)


@dataclass
class Corpus:
    """Articles after cleaning and segmentation: what the embed step consumes."""

    articles: list[Article]
    blocks: list[Block] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def article(self, article_id: str) -> Article:
        return next(a for a in self.articles if a.id == article_id)

    @property
    def body_sentences(self) -> list[Sentence]:
        return [s for s in self.sentences if s.role == "body"]
