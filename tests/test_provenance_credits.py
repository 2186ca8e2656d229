"""Credits per article: names, roles and the line that states them, in many languages (no model needed)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dashboard.pipeline.ingest import load_paths
from dashboard.pipeline.models import Article, PipelineError
from dashboard.pipeline.provenance import load_sources
from dashboard.pipeline.provenance.credits import CreditFinder, find_credits

ROOT = Path(__file__).resolve().parent.parent
GOLD = json.loads((ROOT / "tests" / "data" / "gold_families.json").read_text(encoding="utf-8"))
DEV = ROOT / "tests" / "data" / "xling_dev"
TRANSLATIONS = ROOT / "tests" / "data" / "provenance" / "translations"

# (language, line, name, role)
LINES = [
    (
        "en",
        "HANOI, Vietnam (AP) — Russian President Vladimir Putin signed a dozen agreements.",
        "AP",
        "based_on",
    ),
    ("en", '"It is a breakthrough," the analyst told Reuters on Thursday.', "Reuters", "quoted"),
    ("en", "Putin and Lam shake hands in Hanoi. Photo: AFP", "AFP", "photo"),
    ("id", "Dilansir dari Reuters, kedua negara menandatangani belasan perjanjian.", "Reuters", "based_on"),
    (
        "id",
        "Rusia penting bagi Vietnam karena dua alasan, kata Giang kepada kantor berita AP.",
        "AP",
        "quoted",
    ),
    (
        "de",
        "Putin und Lam unterzeichneten elf Abkommen, wie die Nachrichtenagentur Reuters berichtete.",
        "Reuters",
        "based_on",
    ),
    ("de", "Das sei ein Durchbruch, sagte der Analyst der Nachrichtenagentur dpa.", "dpa", "quoted"),
    ("de", "Putin in Hanoi (Foto: dpa)", "dpa", "photo"),
    ("fr", "Selon l'AFP, les deux dirigeants ont signé onze accords.", "AFP", "based_on"),
    ("fr", "« C'est une percée », a déclaré à l'AFP un diplomate.", "AFP", "quoted"),
    ("es", "Según EFE, ambos líderes firmaron once acuerdos.", "EFE", "based_on"),
    ("es", '"Es un avance", dijo a Reuters un diplomático.', "Reuters", "quoted"),
    ("ru", "Путин и То Лам подписали одиннадцать соглашений, сообщает ТАСС.", "TASS", "based_on"),
    ("ru", "Это прорыв, заявил РИА Новости источник в правительстве.", "RIA Novosti", "quoted"),
    ("ru", "Фото: ТАСС", "TASS", "photo"),
    ("zh", "据新华社报道,两国领导人签署了十一项协议。", "Xinhua", "based_on"),
    ("zh", "一名外交官对路透社表示,这是一个突破。", "Reuters", "quoted"),
    ("zh", "图/新华社", "Xinhua", "photo"),
    ("vi", "Theo TTXVN, hai nhà lãnh đạo đã ký 11 thỏa thuận.", "VNA", "based_on"),
    ("vi", "Một nhà ngoại giao nói với Reuters rằng đây là một bước đột phá.", "Reuters", "quoted"),
    ("vi", "Ảnh: TTXVN", "VNA", "photo"),
    ("it", "Secondo l'ANSA, i due leader hanno firmato undici accordi.", "ANSA", "based_on"),
    ("ja", "ロイター通信によると、両首脳は11の協定に署名した。", "Reuters", "based_on"),
]


def roles(credits: list) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for c in credits:
        out.setdefault(c.role, set()).add(c.name)
    return out


@pytest.mark.parametrize(
    ("language", "line", "name", "role"), LINES, ids=[f"{x[0]}-{x[3]}-{i}" for i, x in enumerate(LINES)]
)
def test_credit_line_in_many_languages(language: str, line: str, name: str, role: str) -> None:
    (credits,) = find_credits([Article(id=language, outlet="X", text=line)]).values()
    assert [(c.name, c.role) for c in credits] == [(name, role)]
    assert credits[0].text == line  # the line that states it


def test_the_lines_cover_at_least_six_languages_and_every_role() -> None:
    assert len({x[0] for x in LINES}) >= 6
    assert {x[3] for x in LINES} == {"based_on", "photo", "quoted"}


def test_seed_and_dev_credits_match_the_gold() -> None:
    articles, _ = load_paths([ROOT / "seeds", DEV, TRANSLATIONS])
    found = find_credits(articles)
    for article in articles:
        gold = GOLD["credits"][article.id[:3]]
        got = roles(found[article.id])
        for role in ("based_on", "photo", "quoted"):
            assert got.get(role, set()) == set(gold[role]), (article.id, role, gold["evidence"])


def test_the_issue_s_seed_calls() -> None:
    articles, _ = load_paths([ROOT / "seeds"])
    found = {a.outlet: roles(find_credits([a])[a.id]) for a in articles}
    assert {"Reuters", "TASS"} <= found["Tempo"]["based_on"]
    assert "AP" in found["GenPI.co"]["based_on"]
    assert "Al Jazeera" in found["Al Jazeera"]["based_on"]
    assert "Sputnik" in found["marwahkepri.com"]["photo"]
    assert "Sputnik" not in found["marwahkepri.com"].get("based_on", set())


def test_each_credit_keeps_the_line_that_states_it() -> None:
    articles, _ = load_paths([ROOT / "seeds"])
    for article in articles:
        for credit in find_credits([article])[article.id]:
            # The text is the line (or its sentence) in which the name stands.
            text = article.text
            end = text.find("\n", credit.start)
            line = text[text.rfind("\n", 0, credit.start) + 1 : end if end >= 0 else len(text)]
            assert credit.text in line
            assert credit.as_dict() == {"name": credit.name, "role": credit.role, "text": credit.text}


def test_a_bare_mention_is_no_credit() -> None:
    text = "Executives of Reuters and TASS met in Hanoi to discuss a printing plant."
    assert find_credits([Article(id="x", outlet="X", text=text)])["x"] == []


def test_quoting_an_agency_is_not_being_based_on_it() -> None:
    text = (
        "Vietnam wants Russian weapons but also wants to diversify its suppliers.\n"
        '"That balance will not change soon," a Hanoi-based diplomat told Reuters.\n'
    )
    credits = find_credits([Article(id="x", outlet="X", text=text)])["x"]
    assert [(c.name, c.role) for c in credits] == [("Reuters", "quoted")]


def test_a_closing_credit_line_is_the_source_but_the_same_line_mid_article_is_a_picture() -> None:
    body = "Putin arrived in Hanoi on Thursday for a two-day state visit to Vietnam, his fifth."
    closing = find_credits([Article(id="a", outlet="X", text=f"{body}\nREUTERS | TASS\n")])["a"]
    assert {(c.name, c.role) for c in closing} == {("Reuters", "based_on"), ("TASS", "based_on")}
    mid = find_credits([Article(id="b", outlet="X", text=f"Title\nSputnik\n{body}\n{body}\n")])["b"]
    assert [(c.name, c.role) for c in mid] == [("Sputnik", "photo")]


def test_an_unlisted_outlet_after_a_source_label_is_credited_as_written() -> None:
    body = "Putin arrived in Hanoi on Thursday for a two-day state visit to Vietnam, his fifth."
    text = f"{body}\nSumber: TribunSolo.com"
    credits = find_credits([Article(id="x", outlet="X", text=text)])["x"]
    assert [(c.name, c.role, c.known) for c in credits] == [("TribunSolo.com", "based_on", False)]


def test_every_agency_the_issue_names_is_listed_with_spellings_in_several_scripts() -> None:
    sources = {s.name: s for s in load_sources()}
    for name in [
        "Reuters",
        "AP",
        "AFP",
        "dpa",
        "TASS",
        "RIA Novosti",
        "Xinhua",
        "Kyodo",
        "Yonhap",
        "ANTARA",
        "VNA",
        "EFE",
        "ANSA",
        "Bernama",
        "Sputnik",
        "Interfax",
    ]:
        assert name in sources
    finder = CreditFinder(list(sources.values()))
    for spelling, name in [
        ("Рейтер", "Reuters"),
        ("路透社", "Reuters"),
        ("新华社", "Xinhua"),
        ("ТАСС", "TASS"),
        ("TTXVN", "VNA"),
    ]:
        assert finder.lookup(spelling).name == name


def test_a_broken_agency_file_says_what_is_wrong(tmp_path: Path) -> None:
    bad = tmp_path / "agencies.toml"
    bad.write_text('[[source]]\nname = "X"\naliases = [""]\n', encoding="utf-8")
    with pytest.raises(PipelineError, match="aliases"):
        load_sources(bad)
    bad.write_text("[[source]\n", encoding="utf-8")
    with pytest.raises(PipelineError, match="cannot read"):
        load_sources(bad)


def test_an_attribution_in_the_lead_credits_the_article_one_further_down_only_a_claim() -> None:
    paragraphs = [
        "Dilansir AP News, Presiden Rusia Vladimir Putin menandatangani belasan perjanjian dengan Vietnam.",
        "Kedua negara sepakat bekerja sama di bidang pendidikan, energi, ilmu pengetahuan dan teknologi.",
        "Putin juga mengundang To Lam ke Moskow untuk peringatan 80 tahun kemenangan dalam Perang Dunia II.",
        "Rusia siap memasok gas alam cair ke Vietnam dalam jangka panjang, lapor kantor berita TASS.",
    ]
    credits = find_credits([Article(id="x", outlet="X", text="\n\n".join(paragraphs))])["x"]
    assert [(c.name, c.role, c.whole) for c in credits] == [
        ("AP", "based_on", True),
        ("TASS", "based_on", False),
    ]
