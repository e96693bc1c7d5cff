import json
import subprocess
import sys

import pytest

from qa.cli import main


def run(capsys, *argv, assistant=None):
    code = main(list(argv), assistant=assistant)
    out, err = capsys.readouterr()
    return code, out, err


def test_ingest_ask_status(tmp_path, docs, capsys):
    data = str(tmp_path / "data")
    code, out, _ = run(capsys, "ingest", str(docs), "--data-dir", data)
    assert code == 0 and "2 added" in out

    code, out, _ = run(capsys, "ask", "Who built the Brannock lighthouse?", "--json", "--data-dir", data)
    answer = json.loads(out)
    assert code == 0 and set(answer) >= {"question", "text", "abstained", "citations", "passages", "timings"}
    c = answer["citations"][0]
    assert set(c) >= {"n", "source", "paragraph", "text", "quote", "start", "end"}
    assert c["text"][c["start"]:c["end"]] == c["quote"]

    code, out, _ = run(capsys, "status", "--json", "--data-dir", data)
    status = json.loads(out)
    assert status["documents"] == 2 and status["consistent"] is True
    assert status["keyword_index"]["chunks"] == status["chunks"]


def test_files_with_no_text_of_their_own_are_skipped_and_counted_not_failed(tmp_path, docs, capsys):
    # A manual split by node ships a redirect page for every node: skipped, named a few at a time, never a failure.
    for n in range(5):
        (docs / f"node{n}.html").write_text('<html><head><meta http-equiv="refresh" content="0; url=Lamp.html">'
                                            "</head><body><p>The node you are looking for is at Lamp.</p></body></html>")
    (docs / "blank.txt").write_text("  \n")
    data = str(tmp_path / "data")
    code, out, _ = run(capsys, "ingest", str(docs), "--data-dir", data)
    lines = out.splitlines()
    assert code == 0 and "failed:" not in out
    assert [line for line in lines if line.startswith("skipped:")] == [
        "skipped: blank.txt: empty file",
        "skipped: node0.html: a redirect to Lamp.html, with no text of its own",
        "skipped: node1.html: a redirect to Lamp.html, with no text of its own",
        "skipped: 3 more with no text of their own (--json lists them)"]
    assert "2 added" in lines[-1] and "6 skipped (no text of their own), 0 failed" in lines[-1]

    code, out, _ = run(capsys, "ingest", str(docs), "--json", "--data-dir", data)
    report = json.loads(out)
    assert code == 0 and report["counts"]["skipped"] == 6 and report["counts"]["failed"] == 0
    # Only skipped files: nothing stored, nothing wrong.
    code, out, _ = run(capsys, "ingest", str(docs / "blank.txt"), "--data-dir", str(tmp_path / "other"))
    assert code == 0 and out.splitlines()[-1].startswith("0 added")


def test_errors_are_one_line_without_traceback(tmp_path, capsys):
    code, out, err = run(capsys, "ask", "   ", "--data-dir", str(tmp_path))
    assert code == 2 and err.strip() == "qa: error: the question is empty"
    code, out, err = run(capsys, "ingest", str(tmp_path / "nope"), "--data-dir", str(tmp_path))
    assert code == 1 and "no such file or directory" in out and "Traceback" not in out + err


def test_bad_setting_from_the_environment(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("QA_CANDIDATES", "-3")
    code, out, err = run(capsys, "status", "--data-dir", str(tmp_path))
    assert code == 2 and err.startswith("qa: error: bad setting candidates") and err.count("\n") == 1


def test_an_assistant_can_be_handed_in(loaded, capsys):
    code, out, err = run(capsys, "ask", "Who built the Brannock lighthouse?", assistant=loaded)
    assert code == 0 and "Oswin Hale" in out and "lighthouse.txt ¶" in out


def test_the_short_answer_is_shown_and_in_the_json(tmp_path, capsys, embedder):
    import dataclasses

    from helpers import write
    from qa import Assistant
    from qa.answer import LearnedAnswerer, default_models

    write(tmp_path / "docs" / "a.txt", "The Brannock lighthouse was built in 1871 by the engineer Oswin Hale.\n")
    # Marking is switched on per kind by training; here dates are marked, whatever the shipped models chose.
    dates = dataclasses.replace(LearnedAnswerer.load(default_models()), mark_kinds=frozenset({"date"}), threshold=0.0)
    assistant = Assistant(data_dir=tmp_path / "data", embedder=embedder, answerer=dates)
    assistant.ingest([tmp_path / "docs"])
    code, out, err = run(capsys, "ask", "In what year was the Brannock lighthouse built?", assistant=assistant)
    assert code == 0 and "    answer: 1871" in out and "\x1b[" not in out  # no terminal codes when not a terminal
    code, out, err = run(capsys, "ask", "In what year was the Brannock lighthouse built?", "--json", assistant=assistant)
    data = json.loads(out)
    first = data["citations"][0]
    assert first["short_answer"] == "1871" and first["text"][slice(*first["answer_span"])] == "1871"
    assert 0 <= data["confidence"] <= 1


def test_the_plain_answer_goes_where_stdout_is_now(loaded):
    import contextlib
    import io

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        assert main(["ask", "Who built the Brannock lighthouse?"], assistant=loaded) == 0
    assert "Oswin Hale" in buffer.getvalue()


@pytest.mark.slow
def test_chat_loop_reads_stdin_and_answers_follow_ups_in_context(tmp_path, docs):
    data = str(tmp_path / "data")
    subprocess.run([sys.executable, "-m", "qa.cli", "ingest", str(docs), "--data-dir", data], check=True, capture_output=True)
    # Alone, "When did she leave?" finds the lighthouse keeper (1987); here it follows the pastry chef.
    proc = subprocess.run([sys.executable, "-m", "qa.cli", "chat", "--data-dir", data], capture_output=True, text=True,
                          input="Who was the first pastry chef of the Fenwick Street bakery?\nWhen did she leave?\n\n", timeout=300)
    assert proc.returncode == 0, proc.stderr
    first, follow_up = proc.stdout.split("you> ")[1:3]
    assert "Nell Archer" in first
    quoted = follow_up.split("“")[1]  # the first quoted sentence of the follow-up's answer
    assert "2003" in quoted and "1987" not in quoted and "Traceback" not in proc.stderr


@pytest.mark.slow
def test_a_reader_that_closes_the_pipe_ends_the_answer_quietly(tmp_path, docs):
    data = str(tmp_path / "data")
    subprocess.run([sys.executable, "-m", "qa.cli", "ingest", str(docs), "--data-dir", data], check=True, capture_output=True)
    # "qa ask ... | head -c 0": the reader is gone before the answer is written.
    proc = subprocess.Popen([sys.executable, "-m", "qa.cli", "ask", "Who built the Brannock lighthouse?", "--data-dir", data],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=300) == 141 and "error" not in err and "Traceback" not in err, err
