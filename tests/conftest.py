"""Shared fixtures: the real embedding model (loaded once), real Chroma stores in temp dirs."""

from __future__ import annotations

import contextlib
import textwrap
from pathlib import Path

import pytest

from qa import Assistant


@pytest.fixture(scope="session")
def embedder():
    from qa.embed import Embedder

    return Embedder()


@pytest.fixture
def assistant(tmp_path, embedder, monkeypatch):
    for name in ("QA_CHROMA_HOST", "QA_DATA_DIR", "QA_LLM"):
        monkeypatch.delenv(name, raising=False)
    return Assistant(data_dir=tmp_path / "data", embedder=embedder)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


def write_docs(root: Path) -> Path:
    """Write the small folder of test documents under ``root``."""
    write(root / "lighthouse.txt", """
        Home » stories » The Keeper of Brannock Light

        The Keeper of Brannock Light

        by Mara Ellison

        The Brannock lighthouse stands on a granite spit at the mouth of Tolver Bay. It was built in 1871 by the engineer Oswin Hale, who chose the spit because ships kept running aground on the hidden shoal beside it.

        Its lamp burned whale oil until 1904, when the harbour board replaced it with a kerosene burner. Electric light arrived only in 1952.

        The last resident keeper, Ida Penrose, left the tower in 1987 after the light was automated. She kept a logbook for thirty-one years, recording every storm and every ship that passed the U.S.
        Coast Guard cutter station across the bay.

        Leave a comment

        Share this story on social media

        lighthousesmaritime historyTolverBayarchitecture
        """)
    write(root / "notes" / "bakery.md", """
        # Fenwick Street Bakery

        The bakery on Fenwick Street opened in 1998. Its owner, Tomas Reyes, bakes rye bread every morning at four o'clock.

        On Saturdays the bakery sells cardamom buns, which usually sell out before ten.
        """)
    return root


@pytest.fixture
def docs(tmp_path) -> Path:
    """A small folder of documents written for the tests."""
    return write_docs(tmp_path / "docs")


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on."""
    return _free_port()


@contextlib.contextmanager
def serving(assistant: Assistant, eval_dir: Path | None = None):
    """The UI over ``assistant``, served on a free loopback port for the duration; yields its URL."""
    from ui.app import build, launch_options

    demo = build(assistant, eval_dir)
    port = _free_port()
    demo.launch(prevent_thread_lock=True, **launch_options(assistant, "127.0.0.1", port))
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        demo.close()


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
