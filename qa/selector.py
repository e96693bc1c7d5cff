"""The learned answer-sentence selector: a MiniLM cross-encoder, run with onnxruntime.

It reads the question and one sentence together and gives a logit: above 0 the
sentence answers the question, and the higher the better. It is trained here from
the packaged all-MiniLM-L6-v2 by ``python -m qa.train selector``, which writes the
model directory (``model.onnx``, ``tokenizer.json``) and its model card.

Example:
    >>> selector = Selector(models_dir() / "selector")                        # doctest: +SKIP
    >>> selector.scores("When was it built?", ["It was built in 1871.", "It is red."])  # doctest: +SKIP
    array([ 5.1, -4.2], dtype=float32)
"""

from __future__ import annotations

import functools
import threading
from pathlib import Path

import numpy as np

from .errors import SettingsError
from .runtime import THREADS, open_session


def models_dir() -> Path:
    """Where ``python -m qa.train`` writes the answer models and ``QA_ANSWERING=learned`` reads them by default."""
    import platformdirs

    return Path(platformdirs.user_data_dir("citeqa", appauthor=False)) / "models"


# A question and a sentence fit in 128 word pieces in 99% of SQuAD's pairs; longer ones lose their tail.
MAX_TOKENS = 128


def load_tokenizer(path: Path):
    """The word-piece tokenizer, cutting pairs longer than :data:`MAX_TOKENS` from their longer side."""
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(path))
    tokenizer.enable_truncation(max_length=MAX_TOKENS, strategy="longest_first")
    tokenizer.no_padding()
    return tokenizer


def encode_pairs(tokenizer, question: str, sentences: list[str]) -> dict[str, np.ndarray]:
    """Token ids, attention mask and segment ids of (question, sentence) pairs, padded to the longest.

    Training and answering both go through here, so the model sees the same inputs in both.
    """
    encodings = tokenizer.encode_batch([(question, s) for s in sentences])
    width = max((len(e.ids) for e in encodings), default=0)
    ids = np.zeros((len(encodings), width), dtype=np.int64)
    mask = np.zeros_like(ids)
    types = np.zeros_like(ids)
    for row, e in enumerate(encodings):
        n = len(e.ids)
        ids[row, :n], mask[row, :n], types[row, :n] = e.ids, e.attention_mask, e.type_ids
    return {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}


class Selector:
    """A trained selector, loaded once; safe to share between threads."""

    def __init__(self, model_dir: Path, threads: int = THREADS) -> None:
        model_dir = Path(model_dir)
        model, vocab = model_dir / "model.onnx", model_dir / "tokenizer.json"
        if not (model.is_file() and vocab.is_file()):
            raise SettingsError(f"answer selector not found: {model_dir} has no model.onnx and tokenizer.json")
        self.model_dir = model_dir
        self.tokenizer = load_tokenizer(vocab)
        self._session = open_session(model, threads)
        self._inputs = {i.name for i in self._session.get_inputs()}
        self._lock = threading.Lock()  # the tokenizer's truncation state is shared

    def scores(self, question: str, sentences: list[str]) -> np.ndarray:
        """One logit per sentence: how well it answers ``question`` (above 0: it does)."""
        if not sentences:
            return np.zeros(0, dtype=np.float32)
        with self._lock:
            feed = encode_pairs(self.tokenizer, question, sentences)
        feed = {k: v for k, v in feed.items() if k in self._inputs}
        return np.asarray(self._session.run(None, feed)[0], dtype=np.float32).reshape(-1)


@functools.lru_cache(maxsize=4)
def shared(model_dir: Path) -> Selector:
    """One loaded selector per model directory for the whole process (a loaded model never changes)."""
    return Selector(model_dir)
