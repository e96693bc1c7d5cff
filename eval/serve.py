"""The endpoint's cost: one question through ``qa serve`` and the ``openai`` client against ``Assistant.ask``.

    python -m eval.serve --docs ../shared/corpus [--rounds 3]

The documents are ingested into a temporary store; every question of the fixed set that
stands alone is asked both ways in turn, in one process (the endpoint in a thread on
127.0.0.1), for ``--rounds`` rounds; the p50 of each and their difference are printed.
"""

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.serve", description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=Path, required=True)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)

    import openai

    from qa import Assistant
    from qa.serve import Service, model_name, running
    from qa.settings import Settings

    questions = [q["question"] for q in map(json.loads, (Path(__file__).parent / "questions.jsonl").read_text().splitlines())
                 if q.get("question", "").strip() and not q.get("expect")]
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings.load(data_dir=Path(tmp))
        assistant = Assistant(settings)
        assistant.ingest([args.docs])
        with running(Service(settings, assistant.embedder), port=_free_port()) as url:
            client = openai.OpenAI(base_url=url, api_key="unused", max_retries=0)
            model = model_name(settings.collection)
            direct, served = [], []
            for q in questions[:3]:  # warm both paths
                assistant.ask(q)
                client.chat.completions.create(model=model, messages=[{"role": "user", "content": q}])
            for _ in range(args.rounds):
                for q in questions:
                    t = time.perf_counter()
                    assistant.ask(q)
                    direct.append((time.perf_counter() - t) * 1e3)
                    t = time.perf_counter()
                    client.chat.completions.create(model=model, messages=[{"role": "user", "content": q}])
                    served.append((time.perf_counter() - t) * 1e3)
    a, b = statistics.median(direct), statistics.median(served)
    print(json.dumps({"questions": len(questions), "rounds": args.rounds, "ask_p50_ms": round(a, 1),
                      "serve_p50_ms": round(b, 1), "difference_ms": round(b - a, 1)}, indent=2))
    return 0


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


if __name__ == "__main__":
    sys.exit(main())
