"""One typed settings tree, read from arguments and ``QA_*`` environment variables."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import platformdirs
from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from .errors import SettingsError


def _default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("citeqa", appauthor=False))


class Settings(BaseSettings):
    """Every knob of citeqa. Each field can be set as ``QA_<NAME>`` in the environment.

    Example:
        >>> Settings(data_dir="/tmp/qa", top_k=3).top_k
        3
    """

    model_config = SettingsConfigDict(env_prefix="QA_", extra="forbid", validate_assignment=True)

    data_dir: Path = Field(default_factory=_default_data_dir, description="Where the embedded store and derived indexes live.")
    chroma_host: Optional[str] = Field(default=None, description="Use the Chroma server at this host instead of the embedded store.")
    chroma_port: int = Field(default=8000, ge=1, le=65535)
    collection: str = Field(default="citeqa", pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]{1,40}[A-Za-z0-9]$", description="Name prefix of the Chroma collections.")
    embed_model: Optional[Path] = Field(default=None, description="A local sentence-transformers directory; default: the packaged all-MiniLM-L6-v2.")
    embed_batch_size: int = Field(default=32, ge=1, le=1024)

    top_k: int = Field(default=5, ge=1, le=50, description="Passages returned per question.")
    candidates: int = Field(default=100, ge=5, le=2000, description="Candidates each retriever contributes before fusion.")
    # Fusion weights of the four z-normalised signals; chosen by measurement on SQuAD (see README).
    weight_bm25: float = Field(default=0.2, ge=0)
    weight_sentence_bm25: float = Field(default=0.2, ge=0)
    weight_sentence_dense: float = Field(default=0.5, ge=0)
    weight_dense: float = Field(default=0.1, ge=0)

    answer_sentences: int = Field(default=2, ge=1, le=10, description="Most sentences an extractive answer quotes.")
    abstain_below: float = Field(default=0.30, ge=-1, le=1, description="Abstain when no sentence is this similar to the question (cosine).")

    max_question_chars: int = Field(default=5000, ge=10)
    max_file_mb: float = Field(default=25.0, gt=0, description="Files larger than this are skipped at ingest.")

    @field_validator("data_dir", "embed_model", mode="before")
    @classmethod
    def _expand(cls, value):
        if value in (None, ""):
            return None
        return Path(value).expanduser()

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
            raise SettingsError(f"bad setting {where} (QA_{where.upper()}): {first.get('msg')}") from None
