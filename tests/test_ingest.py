import os

import pytest

from qa import Assistant, StoreBusyError


def test_ingest_reports_and_is_idempotent(assistant, docs):
    report = assistant.ingest([docs])
    assert sorted(os.path.basename(f.path) for f in report.added) == ["bakery.md", "lighthouse.txt"]
    assert report.chunks_embedded == sum(f.chunks for f in report.added) > 0
    assert assistant.status()["consistent"] is True

    again = assistant.ingest([docs])
    assert len(again.unchanged) == 2 and again.chunks_embedded == 0


def test_boilerplate_is_not_stored(assistant, docs):
    assistant.ingest([docs])
    texts = [c.text for c in assistant.keyword_index().chunks.values()]
    assert not any("Leave a comment" in t or "Share this story" in t or "»" in t or "TolverBay" in t for t in texts)
    # the paragraph broken after "U.S." is one chunk
    assert any("U.S.\nCoast Guard" in t and "Ida Penrose" in t for t in texts)


def test_changed_file_replaces_only_its_changed_chunks(assistant, docs):
    assistant.ingest([docs])
    before = assistant.status()["chunks"]
    path = docs / "notes" / "bakery.md"
    path.write_text(path.read_text().replace("cardamom buns", "cinnamon rolls"))
    report = assistant.ingest([docs])
    assert [os.path.basename(f.path) for f in report.updated] == ["bakery.md"]
    assert report.chunks_embedded == 1
    assert assistant.status()["chunks"] == before
    texts = " ".join(c.text for c in assistant.keyword_index().chunks.values())
    assert "cinnamon rolls" in texts and "cardamom" not in texts


def test_a_file_emptied_since_it_was_stored_has_its_passages_removed(assistant, docs):
    assistant.ingest([docs])
    (docs / "lighthouse.txt").write_text("\n")
    report = assistant.ingest([docs])
    [gone] = report.removed
    assert os.path.basename(gone.path) == "lighthouse.txt" and gone.chunks > 0
    assert gone.reason == f"lighthouse.txt: empty file now; its {gone.chunks} stored passages removed"
    assert assistant.status()["documents"] == 1 and assistant.status()["consistent"]
    # Still empty: nothing left to remove, so skipped.
    assert [os.path.basename(f.path) for f in assistant.ingest([docs]).skipped] == ["lighthouse.txt"]


def test_plain_text_named_without_a_suffix_is_read_and_programs_are_not(assistant, docs):
    # Debian's /usr/share/doc names its documents so: a folder of them had been ingested as nothing at all.
    (docs / "README").write_text("Lampd keeps the harbour lamps lit.\n\nIt was written by Ida Penrose.\n")
    (docs / "README.Debian").write_text("On Debian, lampd reads its settings from /etc/lampd.conf.\n")
    (docs / "lampd").write_bytes(b"\x7fELF\x02\x01\x01\x00" + os.urandom(256))  # a program, no suffix either
    (docs / "lampctl").write_text("#!/bin/sh\nexec lampd --once\n")  # a script
    (docs / "photo.jpeg").write_bytes(b"\xff\xd8\xff\xe0" + os.urandom(64))
    report = assistant.ingest([docs])
    assert sorted(os.path.basename(f.path) for f in report.added) == ["README", "README.Debian", "bakery.md", "lighthouse.txt"]
    assert not report.failed and not report.skipped
    answer = assistant.ask("Where does lampd read its settings from on Debian?")
    assert not answer.abstained and os.path.basename(answer.citations[0].source) == "README.Debian"
    # Named on its own, it is read too; a program named so is refused with its reason.
    assert [os.path.basename(f.path) for f in assistant.ingest([docs / "README"]).unchanged] == ["README"]
    [refused] = assistant.ingest([docs / "lampd"]).failed
    assert "unsupported file type" in refused.reason
    # The rest of the folder is named as not read, by type, never silently dropped.
    assert sorted(os.path.basename(p) for p in report.not_read) == ["lampctl", "lampd", "photo.jpeg"]
    assert report.summary().endswith("; 3 files of other types not read (.jpeg, no suffix ×2)")
    assert report.to_dict()["not_read"] == report.not_read
    (docs / "lampd").unlink(), (docs / "lampctl").unlink()
    assert assistant.ingest([docs]).summary().endswith("; 1 file of another type not read (.jpeg)")


def test_prune_removes_vanished_files(assistant, docs):
    assistant.ingest([docs])
    (docs / "notes" / "bakery.md").unlink()
    kept = assistant.ingest([docs])
    assert not kept.removed and assistant.status()["documents"] == 2
    pruned = assistant.ingest([docs], prune=True)
    assert [os.path.basename(f.path) for f in pruned.removed] == ["bakery.md"]
    assert assistant.status()["documents"] == 1 and assistant.status()["consistent"]


def test_bad_files_are_reported_and_do_not_abort_the_batch(assistant, docs, tmp_path):
    (docs / "empty.txt").write_bytes(b"")
    (docs / "binary.txt").write_bytes(os.urandom(4096))
    (docs / "bad.pdf").write_bytes(b"%PDF-1.7 garbage")
    os.symlink(docs, docs / "notes" / "loop")  # a symlink loop inside the folder
    report = assistant.ingest([docs, tmp_path / "missing.txt"])
    reasons = {os.path.basename(f.path): f.reason for f in report.failed}
    assert set(reasons) == {"binary.txt", "bad.pdf", "missing.txt"}
    assert "binary" in reasons["binary.txt"]
    # An empty file is no fault: it has nothing to read, and says so.
    assert [(os.path.basename(f.path), f.reason) for f in report.skipped] == [("empty.txt", "empty.txt: empty file")]
    assert "malformed PDF" in reasons["bad.pdf"] and "no such file" in reasons["missing.txt"]
    assert len(report.added) == 2


def test_a_failed_file_loses_nothing_already_stored(assistant, docs):
    assistant.ingest([docs])
    before = assistant.status()["chunks"]
    (docs / "lighthouse.txt").write_bytes(b"\xff\xfe\x00garbage\x00")
    report = assistant.ingest([docs])
    assert [os.path.basename(f.path) for f in report.failed] == ["lighthouse.txt"]
    assert assistant.status()["chunks"] == before


def test_second_writer_gets_a_clear_error(assistant, docs, embedder):
    other = Assistant(data_dir=assistant.settings.data_dir, embedder=embedder)
    with assistant.write_lock():
        with pytest.raises(StoreBusyError, match="another process"):
            other.ingest([docs])


def test_other_process_writes_are_seen(assistant, docs, embedder, tmp_path):
    assistant.ingest([docs / "lighthouse.txt"])
    assert assistant.ask("Who built the lighthouse?").citations
    writer = Assistant(data_dir=assistant.settings.data_dir, embedder=embedder)
    writer.ingest([docs / "notes"])
    answer = assistant.ask("What time does Tomas Reyes bake rye bread?")
    assert "four o'clock" in answer.text


def test_a_store_read_by_older_readers_is_read_and_embedded_again(assistant, docs):
    import dataclasses

    from qa.read import READER_VERSION

    first = assistant.ingest([docs])
    stored = list(assistant.store.iter_chunks())
    assert {c.reader_version for c in stored} == {READER_VERSION}
    # As a store written before this reader version holds them: same text and ids, an older reader.
    assistant.store.relabel([dataclasses.replace(c, reader_version=READER_VERSION - 1) for c in stored])
    again = assistant.ingest([docs])
    assert len(again.updated) == 2 and not again.unchanged
    assert again.chunks_embedded == first.chunks_embedded  # every chunk read and embedded anew
    assert {c.reader_version for c in assistant.store.iter_chunks()} == {READER_VERSION}
    assert assistant.status()["chunks"] == len(stored) and assistant.status()["consistent"]
    assert len(assistant.ingest([docs]).unchanged) == 2  # and then it is current


def test_chunks_keep_page_and_section_in_the_store(assistant, tmp_path):
    from helpers import make_pages_pdf

    folder = tmp_path / "structured"
    folder.mkdir()
    (folder / "guide.md").write_text("# Guide\n\n## Install\n\nRun the installer from the harbour office.\n")
    make_pages_pdf(folder / "log.pdf", [["The keeper lit the lamp at dusk."], ["The inspector came in spring."]])
    assistant.ingest([folder])
    places = {c.text: (c.section, c.page_at(0)) for c in assistant.store.iter_chunks()}
    assert places["Run the installer from the harbour office."] == ("Guide › Install", "")
    assert places["The inspector came in spring."] == ("", "2")
    answer = assistant.ask("When did the inspector come?")
    cite = next(c for c in answer.citations if "inspector" in c.quote)
    assert cite.page == "2" and cite.to_dict()["page"] == "2"


def test_a_lists_long_items_are_paragraphs_of_their_own_however_they_open(assistant, tmp_path):
    items = ["lampctl-light for lighting the lamp at dusk and keeping it lit until the first light of the morning",
             "lampctl-trim for trimming the wick at midnight with the brass shears the board sends every spring"]
    folder = tmp_path / "tools"
    folder.mkdir()
    (folder / "tools.md").write_text("# Tools\n\nThe board sends two tools.\n\n" + "".join(f"* {item}\n" for item in items))
    (folder / "tools.html").write_text("<html><body><h1>Tools</h1><p>The board sends two tools.</p><ul>"
                                       + "".join(f"<li>{item}</li>" for item in items) + "</ul></body></html>")
    assistant.ingest([folder])
    chunks = [c for c in assistant.store.iter_chunks() if "lampctl-" in c.text]
    # An item that opens in lower case is no sentence's rest: each is marked and stands alone, and is quoted without
    # its bullet.
    assert sorted(c.text for c in chunks) == sorted(f"• {item}" for item in items * 2)
    assert {c.text[slice(*c.sentences[0])] for c in chunks} == set(items)
