"""A real Chroma server (``chroma run``) on loopback: persistence across restarts, several app processes."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from qa import Assistant

CHROMA = Path(sys.executable).with_name("chroma")
HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


class ChromaServer:
    """``chroma run`` on 127.0.0.1, stopped and started again on the same path and port."""

    def __init__(self, path: Path) -> None:
        self.path, self.port, self.proc = path, free_port(), None

    def start(self) -> None:
        self.log = open(self.path.parent / "chroma-server.log", "ab")
        self.proc = subprocess.Popen([str(CHROMA), "run", "--path", str(self.path), "--host", HOST, "--port", str(self.port)],
                                     stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"chroma run exited with {self.proc.returncode}")
            try:
                with urllib.request.urlopen(f"http://{HOST}:{self.port}/api/v2/heartbeat", timeout=2) as resp:
                    if resp.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("the Chroma server did not answer its heartbeat within 60 s")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=30)
        self.log.close()

    def env(self, data_dir: Path) -> dict:
        return {**os.environ, "QA_CHROMA_HOST": HOST, "QA_CHROMA_PORT": str(self.port), "QA_DATA_DIR": str(data_dir)}


@pytest.fixture
def server(tmp_path):
    if not CHROMA.exists():
        pytest.skip(f"no chroma executable beside {sys.executable}")
    srv = ChromaServer(tmp_path / "server-store")
    srv.start()
    yield srv
    srv.stop()


def client(server: ChromaServer, data_dir: Path, embedder) -> Assistant:
    return Assistant(data_dir=data_dir, chroma_host=HOST, chroma_port=server.port, embedder=embedder)


def qa(server: ChromaServer, data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    proc = subprocess.run([sys.executable, "-m", "qa.cli", *args], env=server.env(data_dir),
                          capture_output=True, text=True, timeout=600)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


@pytest.mark.slow
def test_everything_survives_a_server_restart(server, docs, tmp_path, embedder):
    data = tmp_path / "app"
    first = client(server, data, embedder)
    report = first.ingest([docs])
    assert len(report.added) == 2
    before = first.status()
    assert before["consistent"] and before["store"] == f"chroma server {HOST}:{server.port}"
    # With a server configured, nothing may go to an embedded store.
    assert not (data / "chroma").exists() and (server.path / "chroma.sqlite3").exists()

    server.stop()
    server.start()

    again = client(server, data, embedder)
    after = again.status()
    assert {k: after[k] for k in ("documents", "chunks", "sentences", "consistent")} == \
           {k: before[k] for k in ("documents", "chunks", "sentences", "consistent")}
    assert "Oswin Hale" in again.ask("Who built the Brannock lighthouse?").text
    # The client made before the restart keeps working too: HTTP holds no session.
    assert "four o'clock" in first.ask("When does Tomas Reyes bake rye bread?").text
    assert again.ingest([docs]).chunks_embedded == 0


@pytest.mark.slow
def test_app_processes_see_each_others_documents(server, docs, tmp_path, embedder):
    reader_dir, writer_dir = tmp_path / "reader", tmp_path / "writer"
    reader = client(server, reader_dir, embedder)
    reader.ingest([docs / "lighthouse.txt"])
    assert reader.ask("Who built the Brannock lighthouse?").citations
    built = reader.keyword_index()
    assert not any(c.source.endswith("bakery.md") for c in built.chunks.values())

    proc = qa(server, writer_dir, "ingest", str(docs / "notes"), "--json")
    assert proc.returncode == 0 and json.loads(proc.stdout)["counts"]["added"] == 1, proc.stderr

    # The reader's index, in memory and on disk, predates the write: both must be rebuilt from the server.
    answer = reader.ask("What time does Tomas Reyes bake rye bread?")
    assert "four o'clock" in answer.text and answer.citations[0].source.endswith("bakery.md")
    proc = qa(server, reader_dir, "ask", "What does the bakery sell on Saturdays?", "--json")
    assert proc.returncode == 0, proc.stderr
    assert "cardamom buns" in json.loads(proc.stdout)["text"]
    status = json.loads(qa(server, writer_dir, "status", "--json").stdout)
    assert status["documents"] == 2 and status["consistent"]
    assert not (reader_dir / "chroma").exists() and not (writer_dir / "chroma").exists()


@pytest.mark.slow
def test_concurrent_ingests_of_the_same_files_converge(server, docs, tmp_path, embedder):
    """Two processes (separate data dirs, so separate write locks) ingest the same folder at once.

    Chunk ids come from source and content, so both write the same rows: the
    server ends with each chunk once, whoever wins each write.
    """
    procs = [subprocess.Popen([sys.executable, "-m", "qa.cli", "ingest", str(docs), "--json"],
                              env=server.env(tmp_path / f"app{i}"), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for i in range(2)]
    for proc in procs:
        out, err = proc.communicate(timeout=600)
        assert proc.returncode == 0 and "Traceback" not in err, err
        assert json.loads(out)["counts"]["failed"] == 0

    checker = client(server, tmp_path / "checker", embedder)
    by_source = checker.store.ids_by_source()
    fresh = Assistant(data_dir=tmp_path / "embedded", chroma_host="", embedder=embedder)
    fresh.ingest([docs])
    assert by_source == fresh.store.ids_by_source()
    assert checker.store.counts() == fresh.store.counts()
    assert checker.ingest([docs]).chunks_embedded == 0 and checker.status()["consistent"]
