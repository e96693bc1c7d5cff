"""A real Chroma server (``chroma run``) on loopback: persistence across restarts, several app processes."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers import HOST, ChromaServer
from qa import Assistant

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


def has_encoder_loaded(pid: int) -> bool:
    """Whether process ``pid`` has mapped onnxruntime, which runs the encoder (Linux ``/proc``); False once it has exited."""
    try:
        return "/onnxruntime/" in Path(f"/proc/{pid}/maps").read_text()
    except OSError:
        return False


@pytest.mark.slow
@pytest.mark.parametrize("when", ["before", "during"])
def test_a_server_killed_under_qa_ask_is_one_line_on_stderr(server, docs, tmp_path, embedder, when):
    """The Chroma server dies (SIGKILL) before ``qa ask`` starts, or while it runs: one ``qa: error:`` line, exit 2."""
    if when == "during" and not Path("/proc/self/maps").exists():
        pytest.skip("needs /proc to see when the ask is under way")
    data = tmp_path / "app"
    client(server, data, embedder).ingest([docs])
    assert (data / "keyword").is_dir()  # the keyword index was built: only Chroma is missing below

    if when == "before":
        server.kill()
    proc = subprocess.Popen([sys.executable, "-m", "qa.cli", "ask", "Who built the Brannock lighthouse?", "--data-dir", str(data)],
                            env=server.env(data), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        if when == "during":
            # The ask opens the store, then loads the embedding model, then queries the store:
            # onnxruntime in its memory map means the store is open and not yet queried.
            deadline = time.monotonic() + 300
            while not has_encoder_loaded(proc.pid):
                assert proc.poll() is None, f"qa ask ended before loading the model: {proc.communicate()}"
                assert time.monotonic() < deadline, "qa ask did not load the model within 300 s"
                time.sleep(0.02)
            server.kill()
        out, err = proc.communicate(timeout=300)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate(timeout=30)

    assert proc.returncode == 2, (out, err)
    assert "Traceback" not in err, err
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("qa: error: ") and "Chroma" in lines[0], err
    address = f"the Chroma server at {HOST}:{server.port}"
    if when == "before":
        assert lines[0].startswith(f"qa: error: cannot reach {address} ("), err
    else:
        assert lines[0].startswith(f"qa: error: {address} stopped answering ("), err
    assert lines[0].endswith("); is it running?"), err
