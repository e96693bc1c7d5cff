"""Many questions at once on one Assistant, and questions while another process ingests."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from helpers import write

# Twenty facts, each answerable by one sentence naming someone no other fact names.
FACTS = [(thing, place, person) for thing, place, person in zip(
    ["granary", "bridge", "mill", "chapel", "harbour wall", "schoolhouse", "toll gate", "market hall", "ferry landing", "forge",
     "observatory", "library", "bathhouse", "clock tower", "aqueduct", "theatre", "boathouse", "lock keeper's cottage", "windmill", "tannery"],
    ["Tolver", "Brannock", "Fenwick", "Aldmere", "Corran", "Dunholt", "Eskby", "Farrow", "Glenmoor", "Harwick",
     "Islay Cross", "Jarrow Fen", "Kelmscott", "Lowick", "Marrowby", "Northam", "Oxley", "Pellworth", "Quenby", "Rushden"],
    ["Agnes Thorley", "Bartholomew Quill", "Cordelia Vance", "Desmond Okafor", "Elspeth Marrow", "Fergus Lindqvist",
     "Gwendolyn Achebe", "Horatio Blackwood", "Imogen Sato", "Jasper Oyelaran", "Katarina Nowak", "Leopold Haversham",
     "Maud Ferreira", "Nathaniel Oduya", "Ottilie Brandt", "Percival Nakamura", "Rosalind Ekwueme", "Silas Whitcombe",
     "Theodora Kowalczyk", "Ulric Fairbanks"])]


@pytest.fixture
def towns(tmp_path):
    root = tmp_path / "towns"
    for f in range(4):
        paragraphs = [f"The {thing} of {place} was built in {1800 + 7 * i} by {person}. It still stands near the old road."
                      for i, (thing, place, person) in enumerate(FACTS) if i % 4 == f]
        write(root / f"town-{f}.txt", "\n\n".join(paragraphs) + "\n")
    return root


def check(answer, question: str, person: str) -> None:
    """The answer is to this question: it says who, and its citations quote that fact."""
    assert answer.question == question
    assert person in answer.text, (question, answer.text)
    assert any(person in c.quote for c in answer.citations), (question, [c.quote for c in answer.citations])


@pytest.mark.slow
def test_twenty_concurrent_asks_each_get_their_own_answer(assistant, towns):
    assistant.ingest([towns])
    questions = [(f"Who built the {thing} of {place}?", person) for thing, place, person in FACTS]
    start = threading.Barrier(len(questions))
    # A fresh index in memory would hide a race in building it: drop it so the threads race to rebuild.
    assistant._keyword = None

    def ask(item):
        start.wait(timeout=60)
        return assistant.ask(item[0])

    with ThreadPoolExecutor(max_workers=len(questions)) as pool:
        answers = list(pool.map(ask, questions, timeout=600))
    for (question, person), answer in zip(questions, answers):
        check(answer, question, person)


@pytest.mark.slow
def test_readers_keep_working_while_another_process_ingests(assistant, towns, docs, tmp_path):
    assistant.ingest([towns])
    more = tmp_path / "more"
    for f in range(3):  # enough to keep the writer busy for a while
        write(more / f"extra-{f}.txt", "\n\n".join(f"Extra note {f}-{p} about the parish records of year {1600 + p}."
                                                  for p in range(60)) + "\n")
    write(more / "bakery.md", (docs / "notes" / "bakery.md").read_text())
    env = {k: v for k, v in os.environ.items() if k != "QA_CHROMA_HOST"}
    writer = subprocess.Popen([sys.executable, "-m", "qa.cli", "ingest", str(more), "--data-dir", str(assistant.settings.data_dir)],
                              env={**env, "QA_EMBED_BATCH_SIZE": "4"}, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    asked = 0
    deadline = time.monotonic() + 600
    try:
        while writer.poll() is None and time.monotonic() < deadline:
            thing, place, person = FACTS[asked % len(FACTS)]
            check(assistant.ask(f"Who built the {thing} of {place}?"), f"Who built the {thing} of {place}?", person)
            asked += 1
    finally:
        out, err = writer.communicate(timeout=600)
    assert writer.returncode == 0 and "4 added" in out and "Traceback" not in err, err
    assert asked > 0, "the writer finished before any question was asked"
    check(assistant.ask("Who built the granary of Tolver?"), "Who built the granary of Tolver?", "Agnes Thorley")
    # An embedded Chroma client caches what it has loaded, so a long-running reader
    # sees another process's writes after a restart (a Chroma server shows them at once).
    proc = subprocess.run([sys.executable, "-m", "qa.cli", "ask", "What time does Tomas Reyes bake rye bread?",
                           "--data-dir", str(assistant.settings.data_dir)], env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0 and "four o'clock" in proc.stdout, proc.stderr
