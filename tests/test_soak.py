"""A soak on loopback: 30 concurrent askers through the UI's queue for a minute while another process ingests.

No asker may get a wrong answer (or another's); rejections must say busy; the store is consistent
afterwards. The figures are printed for the README (run with ``-s`` to see them).
"""

from __future__ import annotations

import concurrent.futures
import json
import re
import subprocess
import sys
import threading
import time

import pytest

from helpers import write

pytestmark = pytest.mark.slow

ASKERS = 30
SECONDS = 60
FACTS = {"Who built the Brannock lighthouse?": "Oswin Hale", "When did electric light arrive?": "1952",
         "Who bakes rye bread every morning?": "Tomas Reyes", "What does the bakery sell on Saturdays?": "cardamom"}


def rss_mb() -> float:
    with open("/proc/self/status") as fh:
        return next(int(line.split()[1]) for line in fh if line.startswith("VmRSS")) / 1024


def test_thirty_askers_for_a_minute_and_one_ingest(ui_store, serve_ui, tmp_path):
    from gradio_client import Client

    extra = tmp_path / "extra"
    for i in range(60):
        write(extra / f"note-{i:02}.txt", f"Note {i}: the tide gauge at pier {i} carries the code word Zeb{i}q.\n")
    questions = list(FACTS)
    counts = {"answers": 0, "busy": 0, "wrong": []}
    latencies: list[float] = []
    lock = threading.Lock()
    with serve_ui(ui_store) as url:
        rss_before = rss_mb()
        stop = time.monotonic() + SECONDS

        def asker(k: int) -> None:
            client = Client(url, verbose=False)
            i = k
            while time.monotonic() < stop:
                question = f"{questions[i % len(questions)]} ({k}.{i})"
                t = time.perf_counter()
                try:
                    result = client.submit(question, api_name="/ask").result(timeout=120)
                except Exception as exc:  # the client's error for a full queue
                    with lock:
                        if re.search(r"queue is full|busy", str(exc), re.I):
                            counts["busy"] += 1
                        else:
                            counts["wrong"].append((question, f"error: {exc}"))
                    time.sleep(0.2)
                    i += 1
                    continue
                ms = (time.perf_counter() - t) * 1e3
                fact = FACTS[questions[i % len(questions)]]
                with lock:
                    if result.get("question") == question and fact in result.get("text", ""):
                        counts["answers"] += 1
                        latencies.append(ms)
                    else:
                        counts["wrong"].append((question, result))
                i += 1

        with concurrent.futures.ThreadPoolExecutor(ASKERS + 1) as pool:
            futures = [pool.submit(asker, k) for k in range(ASKERS)]
            time.sleep(SECONDS / 4)
            ingest = subprocess.run([sys.executable, "-m", "qa.cli", "ingest", str(extra), "--data-dir",
                                     str(ui_store.settings.data_dir)], capture_output=True, text=True, timeout=600)
            for f in futures:
                f.result(timeout=SECONDS + 300)
        rss_after = rss_mb()
        # The UI sees the other process's documents too.
        assert "pier 37" in Client(url, verbose=False).predict("Which tide gauge carries the code word Zeb37q?", api_name="/ask")["text"]
    assert ingest.returncode == 0, ingest.stderr
    latencies.sort()
    figures = {"askers": ASKERS, "seconds": SECONDS, "answers": counts["answers"], "busy": counts["busy"],
               "wrong": len(counts["wrong"]), "p50_ms": round(latencies[len(latencies) // 2], 1) if latencies else None,
               "p95_ms": round(latencies[int(len(latencies) * 0.95)], 1) if latencies else None,
               "rss_before_mb": round(rss_before), "rss_after_mb": round(rss_after)}
    print("\nsoak:", json.dumps(figures))
    assert counts["wrong"] == [], counts["wrong"][:5]
    assert counts["answers"] >= ASKERS
    status = ui_store.status()
    assert status["consistent"], status["problems"]
