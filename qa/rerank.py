"""The reranker: a cross-encoder that reads a question and one candidate sentence together and scores how well
the sentence answers it (opt-in: ``QA_RERANKER_MODEL``).

Cosine and word overlap see the question and the sentence apart; the reranker reads them as one
text. It is all-MiniLM-L6-v2 (the encoder's source weights) with one linear layer on its
mean-pooled output, fine-tuned here on SQuAD's training questions to put the sentence that holds
the answer first among its retrieved candidates, and exported to ONNX by one command
(``python -m qa.train reranker``, with its model card); it runs with onnxruntime, no torch. The
heuristic answerer adds its score, weighed as chosen on other SQuAD articles, to its own for its
few best candidates. citeqa does not ship one: on SQuAD's held-out articles it lifts the answers a
little, on the evaluation sets' documents it costs answers, and it makes a question ten times
slower (see README, Figures).

Example:
    >>> reranker = Reranker(Path("models/reranker"))  # doctest: +SKIP
    >>> reranker.scores("Who built the lighthouse?", ["Oswin Hale built it in 1871.", "It is red."])  # doctest: +SKIP
    array([ 4.1, -2.3], dtype=float32)
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

import numpy as np

from .errors import SettingsError
from .runtime import THREADS, go_offline, open_session

MODEL_FILE, TOKENIZER_FILE, CONFIG_FILE = "model.onnx", "tokenizer.json", "reranker.json"


class Reranker:
    """One exported cross-encoder, loaded once, run by onnxruntime on the CPU; safe to share between threads."""

    def __init__(self, model_dir: Path, threads: int = THREADS) -> None:
        from tokenizers import Tokenizer

        go_offline()
        model_dir = Path(model_dir)
        files = [model_dir / name for name in (MODEL_FILE, TOKENIZER_FILE, CONFIG_FILE)]
        if not all(f.is_file() for f in files):
            raise SettingsError(f"reranker not found: {model_dir} has no {MODEL_FILE}, {TOKENIZER_FILE} and {CONFIG_FILE} "
                                f"(train one with `python -m qa.train reranker --out DIR`, or leave QA_RERANKER_MODEL unset)")
        try:
            config = json.loads(files[2].read_text(encoding="utf-8"))
            self.max_tokens = int(config["max_tokens"])
            self.name = str(config["name"])
            # Names this very file in audit records: the name and the first digits of its sha256.
            self.version = f"{self.name} {str(config.get('onnx_sha256', ''))[:16]}".strip()
            # How the heuristic answerer uses it, chosen when it was trained: its score's weight beside the
            # hand-written one, and how many of the best candidates it reads.
            self.weight = float(config["weight"])
            self.depth = int(config["depth"])
            tokenizer = Tokenizer.from_file(str(files[1]))
        except Exception as exc:  # tokenizers raises a bare Exception for a damaged file; json and int their own
            raise SettingsError(f"the reranker in {model_dir} cannot be read: {exc}") from exc
        # The longer of the two is cut first: a long sentence, as in training, or a question longer than the sentence.
        tokenizer.enable_truncation(max_length=self.max_tokens, strategy="longest_first")
        tokenizer.enable_padding()
        self._tokenizer = tokenizer
        self._session = open_session(files[0], threads)
        self._inputs = {i.name for i in self._session.get_inputs()}
        self.model_dir = model_dir

    def scores(self, question: str, sentences: list[str]) -> np.ndarray:
        """One score per sentence: higher answers ``question`` better. Comparable among one question's sentences."""
        if not sentences:
            return np.zeros(0, dtype=np.float32)
        encodings = self._tokenizer.encode_batch([(question, s) for s in sentences])
        feed = {"input_ids": np.array([e.ids for e in encodings], dtype=np.int64),
                "attention_mask": np.array([e.attention_mask for e in encodings], dtype=np.int64),
                "token_type_ids": np.array([e.type_ids for e in encodings], dtype=np.int64)}
        return self._session.run(None, {k: v for k, v in feed.items() if k in self._inputs})[0].astype(np.float32)


@functools.lru_cache(maxsize=4)
def shared(model_dir: Path) -> Reranker:
    """The reranker of ``model_dir``, loaded once per process: it only reads, so every assistant of a process shares it."""
    return Reranker(model_dir)
