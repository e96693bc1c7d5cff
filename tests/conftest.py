"""Shared fixtures: a clean environment for every test, the real embedding model (loaded once),
real Chroma stores in temp dirs, the UI served on loopback."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from helpers import CHROMA, ChromaServer, serving, write_docs
from qa import Assistant

# Variables that would change what a test sees: ours, and the libraries' we drive.
ISOLATED_PREFIXES = ("QA_", "HF_", "TRANSFORMERS_", "GRADIO_", "CHROMA_", "OPENAI_", "OLLAMA_")


def _strip() -> None:
    for name in list(os.environ):
        if name.startswith(ISOLATED_PREFIXES):
            del os.environ[name]


@pytest.fixture(scope="session", autouse=True)
def clean_session_environ():
    """Nothing from the calling shell leaks into session- and module-wide fixtures either."""
    _strip()


@pytest.fixture(autouse=True)
def clean_environ(clean_session_environ):
    """Every test starts without QA_*/HF_*/... variables, and whatever a test sets is gone after it."""
    saved = dict(os.environ)
    _strip()
    yield
    os.environ.clear()
    os.environ.update(saved)


@pytest.fixture(scope="session")
def embedder():
    from qa.embed import Embedder

    return Embedder()


@pytest.fixture
def assistant(tmp_path, embedder):
    return Assistant(data_dir=tmp_path / "data", embedder=embedder)


@pytest.fixture
def docs(tmp_path) -> Path:
    """A small folder of documents written for the tests."""
    return write_docs(tmp_path / "docs")


@pytest.fixture
def loaded(assistant, docs) -> Assistant:
    """An assistant with the test documents ingested."""
    assistant.ingest([docs])
    return assistant


@pytest.fixture
def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on."""
    from helpers import free_port

    return free_port()


@pytest.fixture(scope="module")
def ui_store(tmp_path_factory, embedder) -> Assistant:
    """An assistant over the test documents, shared by one module's UI tests."""
    root = tmp_path_factory.mktemp("ui")
    assistant = Assistant(data_dir=root / "data", embedder=embedder)
    assistant.ingest([write_docs(root / "docs")])
    return assistant


@pytest.fixture(scope="module")
def ui_url(ui_store, tmp_path_factory):
    with serving(ui_store, tmp_path_factory.mktemp("eval")) as url:
        yield url


@pytest.fixture
def serve_ui():
    """``serve_ui(assistant)``: a context manager serving the UI; yields its URL."""
    return serving


@pytest.fixture
def server(tmp_path):
    """A real ``chroma run`` on 127.0.0.1 for the test, stopped after it."""
    if not CHROMA.exists():
        pytest.skip(f"no chroma executable beside {sys.executable}")
    srv = ChromaServer(tmp_path / "server-store")
    srv.start()
    yield srv
    srv.stop()
