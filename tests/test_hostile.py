"""Hostile input through the command line: one clear line each, an exit code, and nothing stored is lost."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from qa.cli import main
from helpers import make_pdf


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


@pytest.fixture
def stored(tmp_path, docs, capsys, monkeypatch):
    """A data dir already holding the two sample documents, and its status."""
    monkeypatch.delenv("QA_CHROMA_HOST", raising=False)
    data = str(tmp_path / "data")
    assert run(capsys, "ingest", str(docs), "--data-dir", data)[0] == 0
    return data, status_of(capsys, data)


def status_of(capsys, data: str) -> dict:
    code, out, _ = run(capsys, "status", "--json", "--data-dir", data)
    assert code == 0
    return json.loads(out)


@pytest.mark.parametrize("question,message", [
    ("", "the question is empty"),
    (" \t\n\u200b\x00 ", "the question is empty"),
    ("why " * 25_000, "the question is too long (100,000 characters; the limit is 5,000)"),
])
def test_unusable_questions_get_one_line(stored, capsys, question, message):
    data, before = stored
    code, out, err = run(capsys, "ask", question, "--data-dir", data)
    assert (code, out, err) == (2, "", f"qa: error: {message}\n")
    assert status_of(capsys, data) == before


def test_control_characters_and_mixed_scripts_are_answered(stored, capsys):
    data, before = stored
    question = "Кто построил маяк? 誰が灯台を建てた? \u202eWho\x07 built the Brannock\u2066 lighthouse? من بناه؟ 🗼"
    code, out, _ = run(capsys, "ask", question, "--json", "--data-dir", data)
    answer = json.loads(out)
    assert code == 0 and "Oswin Hale" in answer["text"]
    assert not any(ch in answer["question"] for ch in "\u202e\x07\u2066")
    # Nothing in the documents is written in these scripts: an abstention, not an error.
    code, out, _ = run(capsys, "ask", "灯台の電気はいつ来ましたか", "--json", "--data-dir", data)
    assert code == 0 and json.loads(out)["abstained"] is True
    assert status_of(capsys, data) == before


def test_hostile_files_are_refused_one_line_each(stored, capsys, tmp_path, monkeypatch):
    data, before = stored
    folder = tmp_path / "hostile"
    (folder / "inner").mkdir(parents=True)
    with open(folder / "huge.txt", "w", encoding="utf-8") as fh:  # 50 MB of real text
        line = "The keeper wrote the weather into the log every single hour of the night.\n"
        fh.write(line * (50_000_000 // len(line) + 1))
    (folder / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 80)
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\nendobj\ntrailer <<>>\n%%EOF")
    make_pdf(folder / "locked.pdf", password="s3cret")
    os.symlink(folder, folder / "inner" / "loop")

    # The size cap must refuse the 50 MB file from its size alone, without reading it.
    read_bytes = Path.read_bytes

    def guarded(self):
        assert self.name != "huge.txt", "the oversized file was read"
        return read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", guarded)
    code, out, err = run(capsys, "ingest", str(folder), "--json", "--data-dir", data)
    report = json.loads(out)
    assert code == 1 and err == "" and report["counts"]["failed"] == 4 and report["chunks_embedded"] == 0
    reasons = {Path(f["path"]).name: f["reason"] for f in report["files"]}
    assert reasons == {
        "huge.txt": "huge.txt: too large (50.0 MB; the limit is 25 MB)",
        "photo.txt": "photo.txt: binary data, not text",
        "broken.pdf": reasons["broken.pdf"],
        "locked.pdf": "locked.pdf: encrypted PDF (needs a password)",
    }
    assert reasons["broken.pdf"].startswith("broken.pdf: malformed PDF")
    assert all("\n" not in r for r in reasons.values())
    assert status_of(capsys, data) == before


@pytest.mark.slow
def test_bytes_that_are_not_utf8_are_one_clear_line(stored, capsys):
    import subprocess
    import sys

    data, before = stored
    # On the command line: Python hands undecodable argv bytes over as lone surrogates.
    proc = subprocess.run([sys.executable, "-m", "qa.cli", "ask", b"Who built \xff\xfe it?", "--data-dir", data],
                          capture_output=True, timeout=300)
    err = proc.stderr.decode("utf-8", "replace")
    assert proc.returncode == 2 and err.startswith("qa: error: the question is not valid text") and err.count("\n") == 1
    # In the chat: the bad line is refused, and the conversation goes on.
    proc = subprocess.run([sys.executable, "-m", "qa.cli", "chat", "--data-dir", data], capture_output=True, timeout=300,
                          input=b"Who built \xff the lighthouse?\nWho built the Brannock lighthouse?\n\n")
    out = proc.stdout.decode("utf-8", "replace")
    assert proc.returncode == 0 and "error: the question is not valid text" in out and "Oswin Hale" in out
    assert b"Traceback" not in proc.stderr
    # Through the API: a lone surrogate is an InputError, not a crash.
    code, _, err = run(capsys, "ask", "Who built \ud800 it?", "--data-dir", data)
    assert code == 2 and "not valid text" in err
    assert status_of(capsys, data) == before
