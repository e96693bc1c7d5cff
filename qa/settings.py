"""One typed settings tree, read from arguments and ``QA_*`` environment variables."""

from __future__ import annotations

from pathlib import Path
from typing import Literal, Optional

import platformdirs
from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from .errors import SettingsError

BYTES_PER_MB = 1_000_000
"""Bytes in a megabyte as citeqa counts them (decimal MB, as in ``QA_MAX_FILE_MB``)."""


def _default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("citeqa", appauthor=False))


# A collection's name: what Chroma accepts as the start of a collection name (3-42 characters).
COLLECTION_NAME = r"^[A-Za-z0-9][A-Za-z0-9_-]{1,40}[A-Za-z0-9]$"


class Settings(BaseSettings):
    """Every knob of citeqa. Each field can be set as ``QA_<NAME>`` in the environment.

    Example:
        >>> Settings(data_dir="/tmp/qa", top_k=3).top_k
        3
    """

    model_config = SettingsConfigDict(env_prefix="QA_", extra="forbid", validate_assignment=True)

    data_dir: Path = Field(default_factory=_default_data_dir, description="Where the embedded store and derived indexes live.")
    chroma_host: Optional[str] = Field(default=None, description="Use the Chroma server at this host instead of the embedded store.")
    chroma_port: int = Field(default=8000, ge=1, le=65535, description="Port of the Chroma server at QA_CHROMA_HOST.")
    collection: str = Field(default="citeqa", pattern=COLLECTION_NAME, description="The collection ingest writes to and questions are answered from (the name prefix of its Chroma collections).")
    also_ask: str = Field(default="", pattern=rf"^$|^{COLLECTION_NAME[1:-1]}(\+{COLLECTION_NAME[1:-1]})*$",
                          description="Further collections questions are answered from, beside QA_COLLECTION, joined with + (a+b); ingest writes only to QA_COLLECTION.")
    embed_model: Optional[Path] = Field(default=None, description="An exported encoder directory (model.onnx, tokenizer.json, encoder.json, as `python -m qa.train encoder` writes) to embed with instead of the packaged one.")
    embed_batch_size: int = Field(default=32, ge=1, le=1024, description="Texts the embedding model encodes at once; lower it to use less memory.")

    top_k: int = Field(default=5, ge=1, le=50, description="Passages returned per question.")
    candidates: int = Field(default=100, ge=5, le=2000, description="Candidates each retriever contributes before fusion.")
    # Fusion weights of the four z-normalised signals; chosen by measurement on SQuAD (see README).
    weight_bm25: float = Field(default=0.2, ge=0, description="Fusion weight of BM25 over whole chunks.")
    weight_sentence_bm25: float = Field(default=0.2, ge=0, description="Fusion weight of BM25 over single sentences (a chunk's best sentence).")
    weight_sentence_dense: float = Field(default=0.5, ge=0, description="Fusion weight of embedding similarity over single sentences (a chunk's best sentence).")
    weight_dense: float = Field(default=0.1, ge=0, description="Fusion weight of embedding similarity over whole chunks.")

    answering: Literal["heuristic", "learned"] = Field(
        default="heuristic", description="Who picks the quoted sentences: heuristic (cosine, word overlap, answer types) or learned (the selector and abstention decision trained here, shipped in the package).")
    answer_model: Optional[Path] = Field(default=None, description="learned: the directory of the answer models (selector.json and answering.json), as python -m qa.train answering writes them.")
    answer_sentences: int = Field(default=2, ge=1, le=10, description="Most sentences an extractive answer quotes.")
    abstain_threshold: Optional[float] = Field(
        default=None, ge=0, le=1, description="learned: abstain when the probability that the documents answer is below this; unset: the threshold fitted with the model.")
    abstain_below: float = Field(default=0.30, ge=-1, le=1, description="heuristic: abstain when no sentence is this similar to the question (cosine).")
    reranker_model: Optional[Path] = Field(default=None, description="heuristic: a reranker's directory (model.onnx, tokenizer.json, reranker.json), as python -m qa.train reranker writes it; unset: none (it measured worse on documents, see README).")

    llm: Literal["extractive", "openai", "ollama", "local"] = Field(
        default="extractive", description="Who writes answers: extractive (no model), openai (any OpenAI-compatible server), ollama, or local (in-process, CPU).")
    llm_base_url: Optional[str] = Field(default=None, description="The server of openai or ollama; default: OpenAI's API or http://localhost:11434.")
    llm_model: Optional[str] = Field(default=None, description="The model name; for local, qwen2.5-1.5b (the default), qwen2.5-0.5b or a GGUF file.")
    llm_api_key: SecretStr = Field(default=SecretStr(""), description="API key for openai, when the server needs one.")
    llm_timeout: float = Field(default=120.0, gt=0, description="Seconds to wait for the LLM server before giving up.")
    llm_max_tokens: int = Field(default=256, ge=16, le=8192, description="Most tokens a generated answer may take.")
    llm_threads: int = Field(default=2, ge=1, le=256, description="local: CPU threads llama.cpp generates on.")
    llm_passages: int = Field(default=4, ge=1, le=20, description="How many retrieved passages the LLM is shown.")
    max_turns: int = Field(default=6, ge=1, le=50, description="Turns of a conversation kept for follow-up questions.")

    max_question_chars: int = Field(default=5000, ge=10, description="Longer questions are refused.")
    max_file_mb: float = Field(default=25.0, gt=0, description="Files larger than this many MB (1 MB = 1,000,000 bytes) are skipped at ingest and refused at upload.")

    ui_auth: Optional[SecretStr] = Field(default=None, description="user:password; the UI asks for this login when set.")
    api_keys: Optional[SecretStr] = Field(default=None, description="Comma-separated keys `qa serve` accepts as `Authorization: Bearer KEY`; none: no key needed (loopback only).")
    ui_concurrency: int = Field(default=2, ge=1, le=64, description="Questions the UI answers at once.")
    ui_queue_size: int = Field(default=16, ge=1, le=10000, description="Requests the UI lets wait; beyond that it answers busy.")

    @field_validator("data_dir", "embed_model", "answer_model", mode="before")
    @classmethod
    def _expand(cls, value):
        if value in (None, ""):
            return None
        return Path(value).expanduser()

    @field_validator("ui_auth")
    @classmethod
    def _user_and_password(cls, value):
        if value is not None:
            user, sep, password = value.get_secret_value().partition(":")
            if not (user and sep and password):
                raise ValueError("expected user:password")
        return value

    @property
    def max_file_bytes(self) -> int:
        """``max_file_mb`` in bytes (decimal MB: :data:`BYTES_PER_MB`)."""
        return round(self.max_file_mb * BYTES_PER_MB)

    @classmethod
    def load(cls, **overrides) -> "Settings":
        """Build settings from ``QA_*`` variables plus explicit overrides (``None`` means unset).

        Raises :class:`SettingsError` with one readable line on a bad value.
        """
        given = {k: v for k, v in overrides.items() if v is not None}
        try:
            return cls(**given)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first.get("loc", ())) or "settings"
            raise SettingsError(f"bad setting {where} (QA_{where.upper()}): {first.get('msg')}") from exc


# Defaults that are computed or packaged, shown in words rather than as values.
_DEFAULT_WORDS = {"data_dir": "per-user data dir", "embed_model": "packaged all-MiniLM-L6-v2 (ONNX)", "answer_model": "the models citeqa ships (qa/models/answer)"}


def _default_text(name: str) -> str:
    if name in _DEFAULT_WORDS:
        return _DEFAULT_WORDS[name]
    value = Settings.model_fields[name].get_default(call_default_factory=True)
    if isinstance(value, SecretStr):
        value = value.get_secret_value() or None
    if value is None:
        return "unset"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, int):
        return str(value)
    return f"`{value}`"


def settings_table() -> str:
    """The markdown table of every setting: its variable, its default and its description.

    README's "Settings" section holds this output verbatim (``python -m qa.settings`` prints it).
    """
    rows = ["| setting | default | meaning |", "| --- | --- | --- |"]
    for name, field in Settings.model_fields.items():
        meaning = (field.description or "").replace("|", "\\|")
        rows.append(f"| `QA_{name.upper()}` | {_default_text(name)} | {meaning} |")
    return "\n".join(rows)


if __name__ == "__main__":
    print(settings_table())
