"""How this process runs its models: offline, on two threads, through one set of onnxruntime options.

The encoder is an ONNX file run by onnxruntime (installed with chromadb); the answer
models are small enough to run in numpy. Nothing here imports torch.

Example:
    >>> options = session_options()
    >>> options.intra_op_num_threads
    2
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import SettingsError

# The machine this is built for has two cores; more threads only wait on each other.
THREADS = 2


def go_offline() -> None:
    """Forbid Hugging Face libraries and Chroma from reaching the network; models come from disk."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    os.environ["HF_DATASETS_OFFLINE"] = "1"
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def session_options(threads: int = THREADS):
    """The one place that sets how onnxruntime runs a model."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.log_severity_level = 3
    return options


def open_session(model: Path, threads: int = THREADS):
    """An onnxruntime session over ``model``; a file onnxruntime cannot load is one :class:`SettingsError`."""
    import onnxruntime as ort

    try:
        return ort.InferenceSession(str(model), session_options(threads), providers=["CPUExecutionProvider"])
    except Exception as exc:  # onnxruntime raises its own untyped errors for a damaged or foreign file
        raise SettingsError(f"cannot load the model {model}: {' '.join(str(exc).split())[:300]}") from exc
