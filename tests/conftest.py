"""Shared fixtures: a clean environment for every test, the real embedding model (loaded once),
real Chroma stores in temp dirs, the UI served on loopback."""

from __future__ import annotations

import json
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


@pytest.fixture(scope="session")
def small_reranker(tmp_path_factory):
    """A reranker made by the real command (``python -m qa.train reranker``) from a few small articles in two
    steps: real in every part, trained too little to be good. Returns its directory and the command's arguments."""
    pytest.importorskip("torch", reason="training needs the [train] extra")
    from helpers import squad_article
    from qa.train import main

    root = tmp_path_factory.mktemp("reranker")
    data = root / "squad.json"
    data.write_text(json.dumps({"data": [squad_article(t) for t in "ABCDEF"]}))
    args = ["reranker", "--data", f"{data}:1-4", "--choose", f"{data}:5-6", "--out", str(root / "reranker"), "--steps", "2",
            "--readings", str(root / "readings.pkl"), "--checkpoint", str(root / "ce.pt")]
    assert main(args) == 0
    return root / "reranker", args


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


@pytest.fixture(scope="session")
def llm_cache(tmp_path_factory) -> Path:
    """Where this run joins the local models' parts, as the per-user cache would hold them."""
    return tmp_path_factory.mktemp("llm-cache")


@pytest.fixture(scope="session")
def small_llm(llm_cache):
    """The real 0.5B model, run in this process by llama.cpp (``QA_LLM=local``, ``QA_LLM_MODEL=qwen2.5-0.5b``)."""
    from qa.generate import LocalGenerator
    from qa.settings import Settings

    return LocalGenerator(Settings(llm="local", llm_model="qwen2.5-0.5b"), cache_dir=llm_cache)


@pytest.fixture(scope="session")
def llama_server(llm_cache):
    """A real llama.cpp server (the 0.5B model) speaking the OpenAI wire protocol on 127.0.0.1; yields its /v1 URL."""
    import time

    import httpx

    from helpers import free_port
    from qa.llama import load, model_file

    port = free_port()
    server = load(model_file("qwen2.5-0.5b", llm_cache), port=port)
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):  # bounded: the model is loaded when load() returns; the HTTP thread may lag a little
        try:
            if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    else:
        pytest.fail("the llama.cpp server did not answer /health")
    yield f"{url}/v1"
    del server
