"""Audit records: every cited span at its recorded offsets in the recorded document version, through edits."""

import dataclasses
import json

from helpers import write
from qa import Assistant
from qa.audit import check
from qa.cli import main
from qa.read import read_document

KEEPER = ("The Brannock lighthouse was built in 1871 by the engineer Oswin Hale.\n\n"
          "Its last keeper, Ida Penrose, left the tower in 1987 after the light was automated.\n")


def _spans_hold(record: dict) -> None:
    for cite in record["citations"]:
        doc = read_document(cite["source"])
        assert doc.sha256 == cite["document_sha256"]
        assert doc.text[cite["start"]: cite["end"]] == cite["quote"]


def test_the_audit_record_finds_every_cited_span_at_its_offsets(loaded):
    for question in ("Who built the Brannock lighthouse?", "When did the pastry chef leave the bakery?"):
        record = loaded.ask(question).audit()
        assert record["citations"] and check(record) == []
        _spans_hold(record)
        assert set(record["versions"]) == {"citeqa", "encoder", "answerer", "generator", "settings"}
        assert record["versions"]["answerer"] == "heuristic" and json.loads(record["versions"]["settings"])["top_k"] == 5
        first = record["citations"][0]
        assert {"passage", "sentence_cosine", "sentence"} <= set(first["scores"])
        assert record["sentences"][0]["citations"] == [first["n"]]


def test_the_learned_answerer_names_its_models_and_scores(tmp_path, embedder, docs):
    assistant = Assistant(data_dir=tmp_path / "data", embedder=embedder, answering="learned", abstain_threshold=0.0)
    assistant.ingest([docs])
    record = assistant.ask("Who built the Brannock lighthouse?").audit()
    assert record["versions"]["answerer"].startswith("learned ") and len(record["versions"]["answerer"]) == len("learned ") + 16
    assert 0 <= record["confidence"] <= 1 and check(record) == []


def test_offsets_stay_true_when_an_earlier_paragraph_changes(tmp_path, embedder):
    doc = tmp_path / "docs" / "keeper.txt"
    write(doc, KEEPER)
    assistant = Assistant(data_dir=tmp_path / "data", embedder=embedder)
    assistant.ingest([tmp_path / "docs"])
    before = assistant.ask("When did Ida Penrose leave the tower?").audit()
    assert check(before) == []
    write(doc, "A note on sources, added at the top, long enough to move every offset after it.\n\n" + KEEPER)
    report = assistant.ingest([tmp_path / "docs"])
    assert report.chunks_embedded == 1  # only the new paragraph; the kept ones were relabelled, not embedded again
    stale = check(before)
    assert stale and all("changed since the answer" in line for line in stale)
    after = assistant.ask("When did Ida Penrose leave the tower?").audit()
    assert after["citations"][0]["start"] > before["citations"][0]["start"]
    assert check(after) == []
    _spans_hold(after)


def test_a_store_from_before_the_record_gets_versions_at_the_next_ingest(tmp_path, embedder):
    write(tmp_path / "docs" / "keeper.txt", KEEPER)
    assistant = Assistant(data_dir=tmp_path / "data", embedder=embedder)
    assistant.ingest([tmp_path / "docs"])
    # What a store written before versions were recorded holds: no version beside its chunks.
    assistant.store.relabel([dataclasses.replace(c, document_sha256="") for c in assistant.store.iter_chunks()])
    old = assistant.ask("Who built the Brannock lighthouse?").audit()
    assert old["citations"][0]["document_sha256"] is None
    assert any("names no document version" in line for line in check(old))
    report = assistant.ingest([tmp_path / "docs"])
    assert [f.status for f in report.files] == ["updated"] and report.chunks_embedded == 0
    assert check(assistant.ask("Who built the Brannock lighthouse?").audit()) == []


def test_qa_ask_audit_and_qa_audit(tmp_path, capsys, loaded, monkeypatch):
    assert main(["ask", "Who built the Brannock lighthouse?", "--audit"], assistant=loaded) == 0
    record = capsys.readouterr().out
    (tmp_path / "record.json").write_text(record)
    assert main(["audit", str(tmp_path / "record.json")], assistant=loaded) == 0
    n = len(json.loads(record)["citations"])
    assert capsys.readouterr().out.startswith(f"all {n} citation(s) found at their recorded offsets")
    moved = json.loads(record)
    moved["citations"][0]["start"] += 1
    (tmp_path / "moved.json").write_text(json.dumps(moved))
    assert main(["audit", str(tmp_path / "moved.json")], assistant=loaded) == 1
    assert "the quote is not at characters" in capsys.readouterr().out
    (tmp_path / "bad.json").write_text("[1, 2]")
    assert main(["audit", str(tmp_path / "bad.json")], assistant=loaded) == 2
    err = capsys.readouterr().err
    assert err.startswith("qa: error:") and "not an audit record" in err and err.count("\n") == 1
