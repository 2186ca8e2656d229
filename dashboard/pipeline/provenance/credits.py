"""Who an article credits, and for what: its text (``based_on``), a picture (``photo``), a quote (``quoted``).

Credits are read from the raw article text, line by line, because the lines that
carry them (``REUTERS | TASS``, photo captions, ``Sumber: TribunSolo.com``) are
exactly what the cleaner drops as boilerplate. A name only becomes a credit when
its context says which role it has; a bare mention ("talks with TASS executives")
credits nothing.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Literal

from dashboard.pipeline.models import Article, PipelineError
from dashboard.pipeline.scripts import CJK_MARKS, chars

CreditRole = Literal["based_on", "photo", "quoted"]
AGENCIES = Path(__file__).with_name("agencies.toml")

#: How far (characters) a cue may stand from the name it governs, and how many words may sit between
#: them ("told *the news agency* AP", "dilansir dari *laman resmi* Reuters").
BEFORE_WINDOW = 60
AFTER_WINDOW = 40
GAP_WORDS = 4
#: A line up to this long is kept whole as the credit's text; a longer one gives its sentence.
LINE_TEXT_MAX = 300
#: An attribution this close to the start of a lead paragraph credits the whole article.
LEAD_CHARS = 40
#: A stand-alone credit line ("REUTERS | TASS", "Kristina Kormilitsyna / POOL / TASS") is this short.
CREDIT_LINE_MAX = 100

_SPACELESS = re.compile(f"[{chars('CJK', 'HANGUL', 'THAI')}]")
#: A cue may follow a Chinese or Japanese character or mark with no space between.
_AFTER_CJK = f"(?<=[{CJK_MARKS}{chars('CJK')}])"

# Cues, per language, in the order they are tried. A cue "before" ends at most GAP_WORDS words before
# the name; a cue "after" starts at most GAP_WORDS words after it.
_QUOTED_BEFORE = (
    r"told|telling|said to|speaking to|spoke to|interview with|interview to"  # en
    r"|kepada|wawancara dengan|diwawancarai"  # id, ms
    r"|sagte|sagt|erklärte|erklärt|bestätigte|gegenüber|Gespräch mit|Interview mit"  # de
    r"|déclaré à|dit à|confié à|indiqué à|affirmé à|expliqué à|précisé à|déclare à|confie à"
    r"|interrogé par|entretien à|entretien accordé à"  # fr
    r"|dijo a|declaró a|afirmó a|aseguró a|explicó a|contó a|indicó a|declaraciones a|entrevista con"  # es
    r"|detto a|dichiarato a|intervista a"  # it
    r"|disse à|disse ao|afirmou à|afirmou ao|declarou à|entrevista à"  # pt
    r"|заявил|заявила|заявили|сказал|сказала|рассказал|рассказала|сообщил|сообщила|пояснил|пояснила"
    r"|интервью|беседе с"  # ru
    r"|接受|对|對|向|告诉|告訴"  # zh
    r"|nói với|trả lời phỏng vấn|cho biết với|chia sẻ với|trao đổi với|phát biểu với"  # vi
)
_QUOTED_AFTER = r"に対し|に語った|の取材|のインタビュー|采访|採訪|专访|專訪"
_BASED_BEFORE = (
    r"according to|citing|cited by|reported by|as reported by|courtesy of|via|source|sources"  # en
    r"|menurut|dilansir|melansir|mengutip|dikutip|lapor|dilaporkan|laporan|bersumber|sumber"  # id
    r"|laut|Angaben|berichtete|berichtet|meldete|meldet|zitiert|Berufung auf|Quelle"  # de
    r"|selon|d'après|d’après|rapporte|a rapporté|citant|cité par"  # fr
    r"|según|de acuerdo con|informó|informa|citado por|citando|fuente"  # es
    r"|secondo|riferisce|fonte|segundo|de acordo com|informou"  # it, pt
    r"|по данным|по сообщению|по информации|сообщает|сообщают|сообщило|передает|передаёт|пишет"
    r"|ссылкой на|источник|цитирует"  # ru
    r"|据|據|来源|來源|援引|引述|转引自|轉引自|综合|綜合"  # zh
    r"|theo|nguồn|nguồn tin|dẫn nguồn|trích dẫn"  # vi
    r"|göre|وفقا ل|نقلا عن"  # tr, ar
)
_BASED_AFTER = (
    r"reported|reports|reporting|said in a report"  # en
    r"|melaporkan|memberitakan|mewartakan"  # id
    r"|berichtete|berichtet|meldete|meldet|zufolge"  # de
    r"|rapporte|a rapporté|a indiqué"  # fr
    r"|informó|informa|reportó|publicó|riferisce|informou"  # es, it, pt
    r"|сообщает|сообщило|сообщили|передает|передаёт|пишет"  # ru
    r"|报道|報導|报导|消息|称|稱"  # zh
    r"|đưa tin|cho biết"  # vi
    r"|によると|によれば|が報じた|は報じた|報道|에 따르면|보도|göre"  # ja, ko, tr
)
#: The article's own correspondent: "Reporting from Hanoi, Tony Cheng of Al Jazeera", "环球时报驻越南特派记者"
_REPORTER = (
    r"reporting from|correspondent|melaporkan dari|koresponden|wartawan|Korrespondent|correspondant|"
    r"envoyé spécial|corresponsal|enviado especial|corrispondente|корреспондент|记者|記者|特派员|phóng viên"
)
_PHOTO = (
    r"foto|fotos|photo|photos|photograph|bild|image|imagen|immagine|ảnh|фото|снимок|pool|"
    r"图|圖|摄|攝|照片|写真|사진"
)
#: Labels of a credit line whose value is a free name: "Sumber: TribunSolo.com", "Nguồn tin: vov.vn".
_LABEL = re.compile(
    r"^\W*(?P<label>sumber|source|sources|quelle|quellen|fuente|fuentes|fonte|nguồn tin|nguồn|источник|"
    r"джерело|kaynak|来源|來源|出典|출처)(?P<photo>\s*(?:foto|photo|bild|ảnh|фото))?\s*[:：]\s*(?P<value>.+)$",
    re.IGNORECASE,
)
_LIST_SPLIT = re.compile(r"\s*(?:[,;/|、·]|\s(?:dan|and|und|et|y|и|và)\s)\s*")
_DILANSIR = re.compile(
    r"(?:dilansir|melansir|dikutip|mengutip)(?:\s+dari)?(?:\s+laman)?\s+(?P<name>[\w.-]+\.(?:com|co\.id|id|net|org|vn|ru)\b)",
    re.IGNORECASE,
)
_WORD = re.compile(r"\w+")
_SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s+")
_SLASH_LIST = re.compile(r"\S\s*/\s*\S")


@dataclass(frozen=True)
class Source:
    """An agency or outlet from the data file."""

    name: str
    kind: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class Credit:
    article_id: str
    name: str  # the data file's name ("Reuters" for "Рейтер"), or the name as written when not listed
    role: CreditRole
    text: str  # the line (or, in a long line, the sentence) that states it
    start: int  # offset of the name in the article's text
    known: bool  # listed in the data file
    #: Credits the whole text (dateline, "Sumber:" line, closing credit line, own correspondent, an
    #: attribution in the lead), not one claim further down ("..., TASS reported.").
    whole: bool = False

    def as_dict(self) -> dict[str, str]:
        return {"name": self.name, "role": self.role, "text": self.text}


def load_sources(path: Path | None = None) -> list[Source]:
    """The agencies and outlets of ``path`` (the bundled ``agencies.toml`` when ``None``)."""
    path = Path(path) if path else AGENCIES
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise PipelineError(f"{path.name}: cannot read the list of agencies ({e})") from None
    sources = []
    for i, row in enumerate(data.get("source", []), 1):
        name, aliases = row.get("name"), row.get("aliases", [])
        if not isinstance(name, str) or not name or not all(isinstance(a, str) and a for a in aliases):
            raise PipelineError(f"{path.name}: source {i} needs a name and a list of non-empty aliases")
        kind = str(row.get("kind", "agency"))
        sources.append(Source(name, kind, tuple(dict.fromkeys([name, *aliases]))))
    return sources


class CreditFinder:
    """Finds the credits of articles against one list of sources (compiled once)."""

    def __init__(self, sources: Sequence[Source]) -> None:
        self.sources = list(sources)
        self._by_alias: dict[str, Source] = {}
        for source in self.sources:
            for alias in source.aliases:
                # As written, and in capitals ("REUTERS"); never in lower case, where "antara" is
                # Indonesian for "between" and "sputnik" a common noun.
                for spelling in (alias, alias.upper()):
                    self._by_alias.setdefault(spelling, source)
        self._mention = _alias_pattern(list(self._by_alias))
        # A line runs the pattern only when it holds every word of some alias, or an alias that needs
        # no word boundary (路透社): most lines name no agency at all.
        self._word_sets: dict[str, list[frozenset[str]]] = {}
        for alias in self._by_alias:
            words = _WORD.findall(alias)
            if _bounds(alias)[0] and words:
                self._word_sets.setdefault(max(words, key=len), []).append(frozenset(words))
        loose = sorted((a for a in self._by_alias if not _bounds(a)[0]), key=len, reverse=True)
        self._loose = re.compile("|".join(map(re.escape, loose)) if loose else r"(?!x)x")

    def _may_name(self, line: str) -> bool:
        words = set(_WORD.findall(line))
        for word in words.intersection(self._word_sets):
            if any(alias <= words for alias in self._word_sets[word]):
                return True
        return self._loose.search(line) is not None

    def lookup(self, name: str) -> Source | None:
        return self._by_alias.get(name.strip())

    def find(self, article: Article) -> list[Credit]:
        """The article's credits in text order, one per name and role (the first statement kept)."""
        lines = _lines(article.text)
        last_body = max((i for i, (_, line) in enumerate(lines) if _is_body_line(line)), default=-1)
        body = [i for i, (_, line) in enumerate(lines) if _is_body_line(line)]
        # An attribution opening a paragraph of the lead ("Dilansir AP News, ..." in the first third)
        # frames the article; one further down or deep in a sentence ("..., TASS reported.") one claim.
        lead_end = body[len(body) // 3] if body else -1
        found: list[Credit] = []
        for index, (offset, line) in enumerate(lines):
            credits = self._line_credits(article.id, line, offset, after_body=index > last_body)
            if index <= lead_end:
                credits = [
                    replace(c, whole=True) if c.role == "based_on" and c.start - offset <= LEAD_CHARS else c
                    for c in credits
                ]
            found += credits
        first: dict[tuple[str, str], Credit] = {}
        for credit in sorted(found, key=lambda c: c.start):
            key = (credit.name, credit.role)
            if key not in first:
                first[key] = credit
            elif credit.whole and not first[key].whole:  # keep the first statement, note it covers the text
                first[key] = replace(first[key], whole=True)
        return list(first.values())

    def _line_credits(self, article_id: str, line: str, offset: int, *, after_body: bool) -> list[Credit]:
        credits: list[Credit] = []
        label = _LABEL.match(line)
        if label:  # "Sumber: TribunSolo.com": every listed name is credited, listed in the data file or not
            role: CreditRole = "photo" if label.group("photo") or _has_photo_cue(line) else "based_on"
            value_at = label.start("value")
            for name in _LIST_SPLIT.split(label.group("value")):
                name = name.strip(" .()[]\"'")
                if _looks_like_name(name):
                    credits.append(self._credit(article_id, name, role, line, offset + value_at, whole=True))
            return credits
        for m in _DILANSIR.finditer(line):
            if not self._mention.search(m.group("name")):
                credits.append(
                    self._credit(article_id, m.group("name"), "based_on", line, offset + m.start("name"))
                )
        mentions = list(self._mention.finditer(line)) if self._may_name(line) else []
        if not mentions:
            return credits
        photo_spans = _photo_spans(line)
        standalone = _is_credit_line(line, self._mention)
        for m in mentions:
            role, whole = self._role(line, m, photo_spans, standalone, after_body)
            if role:
                text = _statement(line, m.start())
                credits.append(
                    self._credit(article_id, m.group(), role, text, offset + m.start(), whole=whole)
                )
        return credits

    def _role(
        self,
        line: str,
        m: re.Match[str],
        photo_spans: list[tuple[int, int]],
        standalone: bool,
        after_body: bool,
    ) -> tuple[CreditRole | None, bool]:
        """The mention's role, and whether it credits the whole text."""
        source = self.lookup(m.group())
        if any(a <= m.start() and m.end() <= b for a, b in photo_spans) or (
            source and source.kind == "photo"
        ):
            return "photo", False
        if _is_dateline(line, m):
            return "based_on", True
        if standalone:
            # A line of names alone: the article's sources when it closes the article ("REUTERS | TASS"),
            # otherwise a picture's credit under an image ("Kristina Kormilitsyna / POOL / TASS").
            names_only = not _SLASH_LIST.search(line) or _only_mentions(line, self._mention)
            return ("based_on", True) if after_body and names_only else ("photo", False)
        before, after = (
            line[max(0, m.start() - BEFORE_WINDOW) : m.start()],
            line[m.end() : m.end() + AFTER_WINDOW],
        )
        if _QUOTED_BEFORE_RE.search(before) or _QUOTED_AFTER_RE.match(after):
            return "quoted", False
        if _BASED_BEFORE_RE.search(before) or _BASED_AFTER_RE.match(after):
            return "based_on", False
        if _REPORTER_RE.search(line[max(0, m.start() - BEFORE_WINDOW) : m.end() + 20]):
            return "based_on", True
        return None, False

    def _credit(
        self, article_id: str, name: str, role: CreditRole, text: str, start: int, *, whole: bool = False
    ) -> Credit:
        source = self.lookup(name)
        return Credit(
            article_id, source.name if source else name, role, text.strip(), start, source is not None, whole
        )


def find_credits(
    articles: Iterable[Article], sources: Sequence[Source] | None = None
) -> dict[str, list[Credit]]:
    """Credits per article id, with the bundled list of agencies unless ``sources`` is given."""
    finder = CreditFinder(sources) if sources is not None else default_finder()
    return {a.id: finder.find(a) for a in articles}


@cache
def default_finder() -> CreditFinder:
    return CreditFinder(load_sources())


def _cue_before(alternatives: str) -> re.Pattern[str]:
    gap = rf"(?:[\W_]+[\w'’.-]+){{0,{GAP_WORDS}}}[\W_]*"
    return re.compile(rf"(?:(?<!\w)|{_AFTER_CJK})(?:{alternatives}){gap}$", re.IGNORECASE)


def _cue_after(alternatives: str) -> re.Pattern[str]:
    # Words apart ("TASS news agency reported"), or a few characters apart in scripts without spaces
    # ("ロイター通信によると").
    words = rf"[\W_]*(?:[\w'’.-]+[\W_]+){{0,{GAP_WORDS}}}?"
    return re.compile(rf"^(?:{words}|[^\s.。!?！？]{{0,6}}?)(?:{alternatives})", re.IGNORECASE)


_QUOTED_BEFORE_RE = _cue_before(_QUOTED_BEFORE)
_QUOTED_AFTER_RE = re.compile(rf"^\s*(?:{_QUOTED_AFTER})")
_BASED_BEFORE_RE = _cue_before(_BASED_BEFORE)
_BASED_AFTER_RE = _cue_after(_BASED_AFTER)
_REPORTER_RE = re.compile(_REPORTER, re.IGNORECASE)
_PHOTO_RE = re.compile(rf"(?:(?<!\w)|{_AFTER_CJK})(?:{_PHOTO})(?!\w)|图|圖|摄|攝", re.IGNORECASE)


def _spaceless(char: str) -> bool:
    return bool(_SPACELESS.match(char))


def _bounds(alias: str) -> tuple[bool, bool]:
    """Whether the alias must start and end at a word boundary (not in scripts without spaces)."""
    return (
        alias[0].isalnum() and not _spaceless(alias[0]),
        alias[-1].isalnum() and not _spaceless(alias[-1]),
    )


def _alias_pattern(aliases: list[str]) -> re.Pattern[str]:
    """Aliases as tries grouped by their word boundaries, longest match first.

    Tries, because hundreds of aliases tried one by one at every position of every line cost
    seconds on 1,000 articles.
    """
    groups: dict[tuple[bool, bool], list[str]] = {}
    for alias in aliases:
        groups.setdefault(_bounds(alias), []).append(alias)
    parts = [
        ("(?<!\\w)" if left else "") + _trie(sorted(words)) + ("(?!\\w)" if right else "")
        for (left, right), words in sorted(groups.items(), reverse=True)
    ]
    return re.compile("|".join(parts) if parts else r"(?!x)x")


def _trie(words: list[str]) -> str:
    """A regex matching exactly ``words``, shared prefixes factored out ("Reuter(?:s)?")."""
    root: dict = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict) -> str:
        ends = "" in node
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 and not ends else "(?:" + "|".join(branches) + ")"
        if ends:
            body = (body if body.startswith("(?:") else f"(?:{body})") + "?"
        return body

    return "(?:" + build(root) + ")"


def _lines(text: str) -> list[tuple[int, str]]:
    out, at = [], 0
    for line in text.splitlines(keepends=True):
        if line.strip():
            out.append((at, line.rstrip("\r\n")))
        at += len(line)
    return out


def _is_body_line(line: str) -> bool:
    """A paragraph of running text: ends like a sentence and is long enough to be one."""
    stripped = line.strip()
    if not stripped or stripped[-1] not in ".!?。！？\"”»'’)":
        return False
    return len(stripped.split()) >= 8 or sum(_spaceless(c) for c in stripped) >= 20


def _has_photo_cue(text: str) -> bool:
    return bool(_PHOTO_RE.search(text))


def _photo_spans(line: str) -> list[tuple[int, int]]:
    """Spans crediting a picture: "(Sputnik/…/Kremlin via REUTERS)", " -/Kremlin/dpa", "Foto: AFP"."""
    spans = []
    for m in re.finditer(r"\(([^()]{1,160})\)", line):
        inner = m.group(1)
        followed_by_dash = re.match(r"\s*[-–—]", line[m.end() :])
        if followed_by_dash and not _SLASH_LIST.search(inner):
            continue  # "HANOI (AP) —": a dateline, not a caption
        if _SLASH_LIST.search(inner) or re.search(r"\bvia\b", inner, re.I) or _has_photo_cue(inner):
            spans.append(m.span())
        elif m.end() >= len(line.rstrip(" .")) and not _is_body_line(line[: m.start()] + "."):
            spans.append(m.span())  # "(Reuters)" closing a short caption
    trailing = re.search(r"\s[-–—]\s?/?\S*/[^\n]{0,80}$", line)
    if trailing and "/" in trailing.group():
        spans.append(trailing.span())
    cue = _PHOTO_RE.search(line)
    if cue and len(line) <= LINE_TEXT_MAX and re.match(r"\s*[:：/|]", line[cue.end() :]):
        spans.append((cue.start(), len(line)))  # "Foto: AFP", "图/新华社"
    return spans


def _is_dateline(line: str, m: re.Match[str]) -> bool:
    """ "HANOI, Vietnam (AP) —", "MOSCOW, June 20. /TASS/.", "(dpa) -" near the start of a line."""
    if m.start() > 80:
        return False
    before, after = line[: m.start()], line[m.end() :]
    if before.rstrip().endswith("(") and re.match(r"\s*\)\s*[-–—:]", after):
        return True
    return (
        before.rstrip().endswith("/")
        and re.match(r"\s*/", after) is not None
        and "/" not in before.rstrip()[:-1]
    )


def _is_credit_line(line: str, mention: re.Pattern[str]) -> bool:
    """A short line of names only ("REUTERS | TASS", "Kristina Kormilitsyna / POOL / TASS"), no sentence."""
    stripped = line.strip()
    if len(stripped) > CREDIT_LINE_MAX or _is_body_line(stripped) or re.search(r"[。！？!?]", stripped):
        return False
    # What is left besides the names: separators, "POOL", a photographer's name, "via".
    words = [w.strip(" -–—()") for w in _LIST_SPLIT.split(mention.sub("|", stripped))]
    words = [w for w in words if w]
    return len(words) <= 4 and all(
        len(w.split()) <= 3 and (len(w) <= 6 or not _spaceless(w[0])) for w in words
    )


def _only_mentions(line: str, mention: re.Pattern[str]) -> bool:
    rest = mention.sub("", line)
    return not any(part.strip(" -–—()") for part in _LIST_SPLIT.split(rest))


def _looks_like_name(text: str) -> bool:
    return 0 < len(text) <= 60 and any(c.isalpha() for c in text) and len(text.split()) <= 6


def _statement(line: str, at: int) -> str:
    """The line, or in a long line the sentence around offset ``at``."""
    if len(line) <= LINE_TEXT_MAX:
        return line
    start = 0
    for m in _SENTENCE_END.finditer(line):
        if m.end() > at:
            return line[start : m.start()]
        start = m.end()
    return line[start:]
