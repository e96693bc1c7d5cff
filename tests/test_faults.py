"""Store faults, each reproduced for real: a stale writer, a lost or damaged store, a full disk, a Chroma server killed mid-ingest.

Each fault gives one clear line, ``qa status`` names it, and the next ``qa ingest`` repairs it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from helpers import HOST, free_port, write, write_docs

pytestmark = pytest.mark.slow


def qa(*args: str, env: dict | None = None, timeout: float = 600) -> subprocess.CompletedProcess:
    proc = subprocess.run([sys.executable, "-m", "qa.cli", *args], capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **(env or {})})
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


def status(data: Path, env: dict | None = None, check: bool = False) -> dict:
    proc = qa("status", "--json", "--data-dir", str(data), *(["--check"] if check else []), env=env)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def stations(folder: Path, n: int) -> Path:
    """``n`` one-paragraph reports of six sentences, each naming the keeper of one station."""
    for i in range(n):
        write(folder / f"station-{i:03}.txt", f"The keeper of station {i} was Keeper{i} Smith. He logged {i * 7} storms. "
              f"The station opened in {1800 + i}. Its lamp was lit {i} times. It had {i % 9} boats. Its roof was red.\n")
    return folder


# Chroma saves a collection's vector index to files every 1,000 writes; 180 reports of six
# sentences pass that for the sentence vectors, so there are index files to damage.
STATIONS = 180


@pytest.fixture(scope="module")
def built(tmp_path_factory, embedder) -> Path:
    from qa import Assistant

    root = tmp_path_factory.mktemp("built")
    Assistant(data_dir=root / "data", embedder=embedder).ingest([write_docs(root / "docs"), stations(root / "stations", STATIONS)])
    return root / "data"


@pytest.fixture
def store(built, tmp_path) -> Path:
    """A copy of a data dir holding the test documents and the station reports."""
    import shutil

    shutil.copytree(built, tmp_path / "data")
    return tmp_path / "data"


@pytest.fixture
def stored_docs(built) -> Path:
    """The folder of test documents the store holds: ingesting it again changes nothing, so only repairs happen."""
    return built.parent / "docs"


def answers(data: Path, question: str, expected: str) -> bool:
    proc = qa("ask", question, "--data-dir", str(data))
    assert proc.returncode == 0, proc.stderr
    return expected in proc.stdout


def segment_dirs(data: Path) -> list[Path]:
    return [p for p in (data / "chroma").iterdir() if p.is_dir()]


def test_a_ui_open_on_the_store_does_not_write_over_a_cli_ingest(tmp_path):
    """The UI process, the CLI writing hundreds of files meanwhile, then an upload through the UI: nothing unreadable."""
    from gradio_client import Client, handle_file

    data = tmp_path / "data"
    assert qa("ingest", str(write_docs(tmp_path / "docs")), "--data-dir", str(data)).returncode == 0
    port = free_port()
    ui = subprocess.Popen([sys.executable, "-m", "qa.cli", "ui", "--data-dir", str(data), "--port", str(port)],
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                urllib.request.urlopen(f"http://{HOST}:{port}/", timeout=5)
                break
            except OSError:
                assert ui.poll() is None and time.monotonic() < deadline, "the UI did not start"
                time.sleep(0.5)
        client = Client(f"http://{HOST}:{port}/", verbose=False)
        assert "Oswin Hale" in client.predict("Who built the Brannock lighthouse?", api_name="/ask")["text"]  # the UI's view is loaded
        assert qa("ingest", str(stations(tmp_path / "stations", 300)), "--data-dir", str(data)).returncode == 0
        # An upload large enough that Chroma saves its vector index: a stale client would save its old one over the CLI's.
        upload = write(tmp_path / "upload" / "stars.txt", "\n\n".join(
            f"Star {i} was first seen in {1700 + i}. It was named Star{i} Vega by its finder. It is faint. It is blue. "
            "It rises late. It sets early." for i in range(200)))
        report = client.predict([handle_file(str(upload))], api_name="/add")
        assert "1 added" in report, report
    finally:
        ui.terminate()
        ui.wait(timeout=60)
    after = status(data)
    assert after["consistent"] and after["problems"] == [], after
    assert answers(data, "Who was the keeper of station 217?", "Keeper217 Smith")
    assert answers(data, "When was Star 42 first seen?", "1742")


def test_vectors_that_cannot_be_read_are_reported_and_reingest_repairs_them(store, stored_docs):
    files = [f for segment in segment_dirs(store) for f in segment.iterdir()]
    assert files, "no saved vector index to remove"
    for f in files:  # the saved vector indexes are gone; Chroma's tables still list every row
        f.unlink()
    before = status(store)
    assert not before["consistent"] and any("cannot be read back" in p for p in before["problems"]), before
    proc = qa("ingest", str(stored_docs), "--data-dir", str(store))
    assert proc.returncode == 0 and "damaged chunks repaired" in proc.stdout, proc.stdout + proc.stderr
    assert status(store)["consistent"]
    assert answers(store, "Who was the keeper of station 17?", "Keeper17 Smith")


@pytest.mark.parametrize("damaged", ["index_metadata.pickle"])  # garbage in header.bin takes the same way
def test_a_vector_index_that_cannot_be_read_is_rebuilt(store, stored_docs, damaged):
    files = [segment / damaged for segment in segment_dirs(store) if (segment / damaged).exists()]
    assert files, "no saved vector index to damage"
    for f in files:
        f.write_bytes(os.urandom(5000))
    proc = qa("ask", "Who was the keeper of station 17?", "--data-dir", str(store))
    assert proc.returncode == 2 and proc.stderr.startswith("qa: error: ") and proc.stderr.count("\n") == 1, proc.stderr
    # Garbage inside the index files is seen only by reading them: the quick status cannot tell.
    before = status(store, check=True)
    assert not before["consistent"] and "vector index cannot be read" in before["problems"][0], before
    proc = qa("ingest", str(stored_docs), "--data-dir", str(store))
    assert proc.returncode == 0 and "damaged chunks repaired" in proc.stdout, proc.stdout + proc.stderr
    assert status(store)["consistent"]
    assert answers(store, "Who was the keeper of station 17?", "Keeper17 Smith")


def test_an_emptied_store_is_an_error_and_its_keyword_index_is_kept(store, stored_docs):
    catalogue = next((store / "keyword").rglob("catalogue.json"))
    size = catalogue.stat().st_size
    (store / "chroma" / "chroma.sqlite3").write_bytes(b"")  # truncated to 0 bytes
    proc = qa("ask", "Who was the keeper of station 17?", "--data-dir", str(store))
    assert proc.returncode == 2 and "is empty, but its keyword index holds" in proc.stderr, proc.stderr
    assert catalogue.stat().st_size == size  # the last copy of the chunk texts is not overwritten
    before = status(store)
    assert not before["consistent"] and "look lost or replaced" in before["problems"][0], before
    proc = qa("ingest", str(stored_docs), "--data-dir", str(store))
    assert proc.returncode == 0 and "damaged chunks repaired" in proc.stdout, proc.stdout + proc.stderr
    assert status(store)["consistent"] and status(store)["documents"] == STATIONS + 2
    assert answers(store, "Who was the keeper of station 17?", "Keeper17 Smith")


@pytest.fixture
def small_disk(tmp_path):
    """A 12 MB tmpfs, where the machine lets the tests mount one (root, a kernel that allows it)."""
    mount = tmp_path / "small-disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=12m", "tmpfs", str(mount)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {done.stderr.strip()}")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_full_disk_is_one_line_that_says_so(small_disk, tmp_path):
    data = small_disk / "data"
    assert qa("ingest", str(write_docs(tmp_path / "docs")), "--data-dir", str(data)).returncode == 0
    filler = small_disk / "filler"
    subprocess.run(["dd", "if=/dev/zero", f"of={filler}", "bs=1M", "count=64"], capture_output=True)  # fills what is left
    proc = qa("ingest", str(stations(tmp_path / "stations", 200)), "--data-dir", str(data))
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1 and "disk" in proc.stderr and "full" in proc.stderr, proc.stderr
    for args in (["status"], ["ask", "Who built the Brannock lighthouse?"]):
        proc = qa(*args, "--data-dir", str(data))
        assert proc.returncode in (0, 2) and proc.stderr.count("\n") <= 1, proc.stderr
    filler.unlink()  # space again: the store is whole, and the next ingest completes
    assert qa("ingest", str(tmp_path / "stations"), "--data-dir", str(data)).returncode == 0
    assert status(data)["consistent"]
    assert answers(data, "Who was the keeper of station 17?", "Keeper17 Smith")


def test_a_chroma_server_killed_mid_ingest_is_one_line_and_a_rerun_converges(server, tmp_path):
    data = tmp_path / "app"
    env = {"QA_CHROMA_HOST": HOST, "QA_CHROMA_PORT": str(server.port)}
    # Ingest writes a slice of 512 chunks at a time: two slices, and the server dies after the first.
    folder = stations(tmp_path / "stations", 700)
    ingest = subprocess.Popen([sys.executable, "-m", "qa.cli", "ingest", str(folder), "--data-dir", str(data)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, **env})
    import chromadb

    watcher = chromadb.HttpClient(host=HOST, port=server.port)
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline and ingest.poll() is None:
        try:
            if watcher.get_collection("citeqa_chunks").count() > 0:
                break
        except Exception:  # not made yet
            pass
        time.sleep(0.2)
    assert ingest.poll() is None, "the ingest ended before the server could be killed"
    server.kill()
    out, err = ingest.communicate(timeout=300)
    assert ingest.returncode == 2 and err.startswith("qa: error: ") and err.count("\n") == 1 and "Chroma server" in err, err
    assert "Traceback" not in err
    server.start()
    proc = qa("ingest", str(folder), "--data-dir", str(data), env=env)
    assert proc.returncode == 0, proc.stderr
    assert status(data, env)["consistent"] and status(data, env)["documents"] == 700
