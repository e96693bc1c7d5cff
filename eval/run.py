"""Run the evaluation sets through the public API and score them, with no judge model.

    qa eval --docs ../shared/corpus [--set fixed|realdocs|all] [--compare] [--json OUT] [--report-dir DIR]
    python -m eval --docs ../shared/corpus

Two sets: the fixed set (questions about ``--docs``) and the real-document set
shipped in ``eval/realdocs``. For each, ingests the documents into a temporary
store, asks every question (chat sessions for conversations), prints a table by
category, writes a JSON file, a markdown report and a PNG plot, and exits non-zero
when a floor in the set's ``thresholds.toml`` is missed.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from eval import metrics

HERE = Path(__file__).resolve().parent
QUESTIONS = HERE / "questions.jsonl"
THRESHOLDS = HERE / "thresholds.toml"
# The real-document set: public documents of mixed formats and questions about them (see realdocs/README.md).
REALDOCS = HERE / "realdocs"
# The metrics shown per category in the table, the report and the plot.
HEADLINE = ["retrieval_hit_at_5", "answer_accuracy", "citation_precision", "abstention_accuracy", "latency_p50_ms"]


@dataclass
class Row:
    """One asked question and how it scored."""

    id: str
    category: str
    question: str
    unanswerable: bool
    expect_error: bool
    answer: str = ""
    abstained: bool = False
    error: str = ""
    hit_rank: int | None = None
    correct: bool = False
    em: float = 0.0
    f1: float = 0.0
    citation_precision: float | None = None
    citation_recall: float | None = None
    latency_ms: float = 0.0
    citations: list[dict] = field(default_factory=list)
    fallback: bool = False
    written: int = 0
    left_out: list[str] = field(default_factory=list)
    # With an LLM: when the first upheld sentence was shown, and what the model read and wrote.
    first_sentence_ms: float | None = None
    prompt_tokens: int | None = None
    cached_tokens: int | None = None
    completion_tokens: int | None = None
    tokens_per_s: float | None = None
    # The first short answer marked inside the quotes, and whether it is a gold answer (None: nothing marked).
    short_answer: str | None = None
    short_answer_right: bool | None = None


def load_questions(path: Path = QUESTIONS) -> list[dict]:
    """The evaluation items, one JSON object per line (see eval/README.md)."""
    items = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                items.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise SystemExit(f"{path}:{n}: not JSON ({exc.msg})") from None
    return items


def _score(row: Row, turn: dict, answer) -> None:
    from qa.answer_type import is_gold

    support = turn.get("support", [])
    answers = turn.get("answers", [])
    passages = [metrics.Passage(p.source, p.text) for p in answer.passages]
    # Only citations the answer stands on count: those verification rejected back no sentence of it.
    cited = [metrics.Passage(c.source, c.text) for c in answer.citations if c.supported]
    row.answer, row.abstained, row.fallback = answer.text, answer.abstained, answer.fallback
    row.written = len(answer.sentences)
    row.left_out = [s.text for s in answer.sentences if not s.supported]
    for name in ("first_sentence_ms", "prompt_tokens", "cached_tokens", "completion_tokens", "tokens_per_s"):
        setattr(row, name, answer.timings.get(name))
    row.citations = [{"n": c.n, "source": Path(c.source).name, "paragraph": c.paragraph, "quote": c.quote, "supported": c.supported}
                     for c in answer.citations]
    if row.unanswerable:
        row.correct = answer.abstained
        return
    row.hit_rank = metrics.first_hit_rank(passages, support)
    row.correct = not answer.abstained and metrics.contains_answer(answer.text, answers)
    marked = [c.short_answer for c in answer.citations if c.short_answer]
    if marked and not answer.abstained:
        row.short_answer, row.short_answer_right = marked[0], is_gold(marked[0], answers)
    row.em = metrics.exact_match(answer.text, answers) if not answer.abstained else 0.0
    row.f1 = metrics.f1(answer.text, answers) if not answer.abstained else 0.0
    row.citation_precision = metrics.citation_precision(cited, support)
    row.citation_recall = metrics.citation_recall(cited, support)


def ask_all(assistant, items: list[dict]) -> list[Row]:
    """Every question through the public API; conversations through one chat session each."""
    from qa import InputError

    rows = []
    for item in items:
        turns = item["turns"] if "turns" in item else [item]
        session = assistant.chat()
        for i, turn in enumerate(turns):
            row = Row(id=item["id"] if len(turns) == 1 else f"{item['id']}.{i + 1}", category=item["category"],
                      question=turn["question"], unanswerable=bool(turn.get("unanswerable")),
                      expect_error=turn.get("expect") == "error")
            t = time.perf_counter()
            try:
                answer = session.ask(turn["question"])
            except InputError as exc:
                row.error = str(exc)
                row.correct = row.expect_error
            else:
                _score(row, turn, answer)
                if row.expect_error:
                    row.correct = False
            row.latency_ms = (time.perf_counter() - t) * 1e3
            rows.append(row)
    return rows


def _mean(values) -> float | None:
    values = [v for v in values if v is not None]
    return round(sum(values) / len(values), 4) if values else None


def _median(values) -> float | None:
    values = [v for v in values if v is not None]
    return round(statistics.median(values), 1) if values else None


def summarize(rows: list[Row]) -> dict:
    """The metrics over ``rows`` (see README for their definitions)."""
    asked = [r for r in rows if not r.expect_error]
    answerable = [r for r in asked if not r.unanswerable]
    unanswerable = [r for r in asked if r.unanswerable]
    ranks = [r.hit_rank for r in answerable]
    abstained = [r for r in asked if r.abstained]
    latencies = [r.latency_ms for r in asked]
    written = sum(r.written for r in asked)
    return {
        "n_questions": len(rows),
        "n_answerable": len(answerable),
        "n_unanswerable": len(unanswerable),
        "retrieval_hit_at_1": _mean([rk is not None and rk <= 1 for rk in ranks]),
        "retrieval_hit_at_3": _mean([rk is not None and rk <= 3 for rk in ranks]),
        "retrieval_hit_at_5": _mean([rk is not None and rk <= 5 for rk in ranks]),
        # An answer returns QA_TOP_K passages (5 by default); ranks past 5 are not counted, so the name holds.
        "mrr_at_5": _mean([1 / rk if rk and rk <= 5 else 0.0 for rk in ranks]),
        "answer_accuracy": _mean([r.correct for r in answerable]),
        "exact_match": _mean([r.em for r in answerable]),
        "f1": _mean([r.f1 for r in answerable]),
        "citation_precision": _mean([r.citation_precision for r in answerable]),
        "citation_recall": _mean([r.citation_recall for r in answerable]),
        # Short answers marked inside quotes: how many answerable questions got one, and how many of those are gold.
        "short_answers_marked": sum(r.short_answer is not None for r in answerable),
        "short_answer_precision": _mean([r.short_answer_right for r in answerable if r.short_answer is not None]),
        "abstention_precision": _mean([r.unanswerable for r in abstained]),
        "abstention_recall": _mean([r.abstained for r in unanswerable]),
        "abstention_accuracy": _mean([r.abstained == r.unanswerable for r in asked]),
        "error_handling": _mean([bool(r.error) for r in rows if r.expect_error]),
        # With an LLM: how often the extractive answer stood in, and how much of what it wrote verification removed.
        "fallback_rate": _mean([r.fallback for r in asked if not r.error]),
        "sentences_left_out": round(sum(len(r.left_out) for r in asked) / written, 4) if written else None,
        "first_sentence_p50_ms": _median([r.first_sentence_ms for r in asked]),
        "prompt_tokens_mean": _mean([r.prompt_tokens for r in asked]),
        "new_prompt_tokens_mean": _mean([r.prompt_tokens - r.cached_tokens for r in asked if r.prompt_tokens is not None]),
        "completion_tokens_mean": _mean([r.completion_tokens for r in asked]),
        "tokens_per_s_mean": _mean([r.tokens_per_s for r in asked]),
        "latency_p50_ms": round(statistics.median(latencies), 1) if latencies else None,
        "latency_p95_ms": round(metrics.percentile(latencies, 0.95), 1) if latencies else None,
    }


def check_floors(summary: dict, floors: dict) -> list[str]:
    """Messages for every floor the metrics miss (ceilings for latency)."""
    missed = []
    for name, floor in floors.get("floors", {}).items():
        value = summary.get(name)
        if value is None or value < floor:
            missed.append(f"{name} = {value} is below its floor {floor}")
    for name, ceiling in floors.get("ceilings", {}).items():
        value = summary.get(name)
        if value is None or value > ceiling:
            missed.append(f"{name} = {value} is above its ceiling {ceiling}")
    return missed


def write_markdown(path: Path, summary: dict, by_category: dict, rows: list[Row]) -> None:
    lines = ["# Evaluation report", "", "| metric | value |", "| --- | --- |"]
    lines += [f"| {k} | {v} |" for k, v in summary.items()]
    names = HEADLINE
    lines += ["", "## By category", "", "| category | n | " + " | ".join(names) + " |", "|---" * (len(names) + 2) + "|"]
    for cat, s in by_category.items():
        lines.append(f"| {cat} | {s['n_questions']} | " + " | ".join(str(s[n]) for n in names) + " |")
    lines += ["", "## Questions", "", "| id | category | ok | hit rank | question | answer |", "| --- | --- | --- | --- | --- | --- |"]
    for r in rows:
        answer = r.error and f"error: {r.error}" or r.answer
        cell = lambda s: " ".join(str(s).split()).replace("|", "\\|")[:300]  # noqa: E731
        lines.append(f"| {r.id} | {r.category} | {'yes' if r.correct else 'no'} | {r.hit_rank or ''} | {cell(r.question)} | {cell(answer)} |")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_plot(path: Path, by_category: dict) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = [n for n in HEADLINE if not n.endswith("_ms")]
    cats = list(by_category)
    fig, ax = plt.subplots(figsize=(max(8, 1.1 * len(cats)), 4.5))
    width = 0.8 / len(names)
    for i, name in enumerate(names):
        values = [by_category[c][name] or 0.0 for c in cats]
        ax.bar([x + i * width for x in range(len(cats))], values, width, label=name)
    ax.set_xticks([x + 0.4 - width / 2 for x in range(len(cats))], cats, rotation=30, ha="right")
    ax.set_ylim(0, 1.05)
    ax.set_title("citeqa evaluation by category")
    ax.legend(fontsize=8, loc="lower right")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def evaluate(assistant, items: list[dict]) -> tuple[dict, dict, list[Row]]:
    """Ask ``items`` with ``assistant``; returns (metrics, metrics by category, rows)."""
    rows = ask_all(assistant, items)
    by_category = {cat: summarize([r for r in rows if r.category == cat]) for cat in dict.fromkeys(r.category for r in rows)}
    return summarize(rows), by_category, rows


def print_table(summary: dict, by_category: dict) -> None:
    names, short = HEADLINE, ["hit@5", "answer", "cite_p", "abstain", "p50 ms"]
    print(f"{'category':24} {'n':>3} " + " ".join(f"{s:>8}" for s in short))
    for cat, s in list(by_category.items()) + [("ALL", summary)]:
        cells = ["-" if s[n] is None else (f"{s[n]:.1f}" if n.endswith("_ms") else f"{s[n]:.3f}") for n in names]
        print(f"{cat:24} {s['n_questions']:>3} " + " ".join(f"{c:>8}" for c in cells))


def run_set(name: str, docs: Path, questions: Path, thresholds: Path, report_dir: Path, out_json: Path | None, compare: bool) -> list[str]:
    """Ingest ``docs`` into a fresh store, ask ``questions``, write the reports; the floors missed.

    With ``compare``, the same store also answers with the other answerer (learned or heuristic,
    ``QA_ANSWERING``), in the same run, and its figures are printed beside and saved under ``compare``.
    """
    from qa import Assistant

    items = load_questions(questions)
    with tempfile.TemporaryDirectory(prefix="qa-eval-") as tmp:
        assistant = Assistant(data_dir=tmp, chroma_host="")  # always a fresh embedded store
        report = assistant.ingest([docs])
        if not (report.added or report.unchanged):
            raise SystemExit(f"qa eval: error: nothing could be ingested from {docs}")
        generator = assistant.settings.llm
        summary, by_category, rows = evaluate(assistant, items)
        compared, compared_by_category = {}, {}
        if compare:
            # The other answerer, over the same store and embedder.
            s = assistant.settings
            other = "learned" if s.answering == "heuristic" else "heuristic"
            twin = Assistant(s, embedder=assistant.embedder, store=assistant.store, answering=other)
            compared[other], compared_by_category[other], _ = evaluate(twin, items)

    print(f"\n== {name}: {len(items)} items over {docs}")
    print_table(summary, by_category)
    for other, figures in compared.items():
        print(f"\n-- the {other} answerer over the same store")
        print_table(figures, compared_by_category[other])
        print(f"\n{'metric':24} {assistant.settings.answering:>10} {other:>10}")
        for key in COMPARED:
            print(f"{key:24} {_cell(summary[key]):>10} {_cell(figures[key]):>10}")
    if generator != "extractive":
        print(f"\ngenerator {generator}: the extractive answer stood in for {summary['fallback_rate']:.1%} of answers; "
              f"verification left out {summary['sentences_left_out'] or 0:.1%} of the sentences written")
        if summary["prompt_tokens_mean"] is not None:
            print(f"first upheld sentence p50 {summary['first_sentence_p50_ms'] or 0:.0f} ms, answer p50 {summary['latency_p50_ms']:.0f} ms; "
                  f"prompt {summary['prompt_tokens_mean']:.0f} tokens ({summary['new_prompt_tokens_mean']:.0f} not cached), "
                  f"{summary['completion_tokens_mean']:.0f} written at {summary['tokens_per_s_mean']:.1f} tokens/s")
    report_dir.mkdir(parents=True, exist_ok=True)
    out_json = out_json or report_dir / "eval.json"
    out_json.parent.mkdir(parents=True, exist_ok=True)
    out_json.write_text(json.dumps({"set": name, "generator": generator, "answerer": assistant.settings.answering, "metrics": summary,
                                    "by_category": by_category, "compare": compared, "compare_by_category": compared_by_category,
                                    "rows": [r.__dict__ for r in rows]},
                                   indent=2, ensure_ascii=False))
    write_markdown(report_dir / "report.md", summary, by_category, rows)
    write_plot(report_dir / "metrics.png", by_category)
    print(f"wrote {out_json}, {report_dir / 'report.md'}, {report_dir / 'metrics.png'}")
    missed = check_floors(summary, tomllib.loads(thresholds.read_text()) if thresholds.exists() else {})
    return [f"{name}: {line}" for line in missed]


# The figures printed side by side with --compare.
COMPARED = ["retrieval_hit_at_5", "answer_accuracy", "citation_precision", "citation_recall", "abstention_accuracy",
            "abstention_recall", "latency_p50_ms"]


def _cell(value) -> str:
    return "-" if value is None else f"{value:.3f}" if isinstance(value, float) and value <= 1 else str(value)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="qa eval", description="Run the evaluation sets (no judge model).")
    parser.add_argument("--docs", type=Path, help="the documents the fixed set's questions are about (../shared/corpus)")
    parser.add_argument("--set", choices=["fixed", "realdocs", "all"], default="all",
                        help="fixed: the questions about --docs; realdocs: the shipped real-document set; all: both (default)")
    parser.add_argument("--questions", type=Path, default=QUESTIONS, help="the fixed set's questions")
    parser.add_argument("--thresholds", type=Path, default=THRESHOLDS, help="the fixed set's floors")
    parser.add_argument("--json", type=Path, help="write the fixed set's metrics and rows here (default: REPORT_DIR/eval.json)")
    parser.add_argument("--report-dir", type=Path, default=Path("eval/out"),
                        help="where eval.json, report.md and metrics.png go (the real-document set's in REPORT_DIR/realdocs)")
    parser.add_argument("--compare", action="store_true",
                        help="also answer with the other answerer (heuristic or learned, see QA_ANSWERING), side by side")
    args = parser.parse_args(argv)

    from qa import QAError

    runs = []
    if args.set in ("fixed", "all"):
        if args.docs is None:
            print("qa eval: error: the fixed set needs --docs PATH (or use --set realdocs)", file=sys.stderr)
            return 2
        if not args.docs.exists():
            print(f"qa eval: error: {args.docs}: no such file or directory", file=sys.stderr)
            return 2
        runs.append(("fixed", args.docs, args.questions, args.thresholds, args.report_dir, args.json))
    if args.set in ("realdocs", "all"):
        runs.append(("realdocs", REALDOCS / "docs", REALDOCS / "questions.jsonl", REALDOCS / "thresholds.toml",
                     args.report_dir / "realdocs", None))
    missed = []
    try:
        for run in runs:
            missed += run_set(*run, compare=args.compare)
    except QAError as exc:
        print(f"qa eval: error: {exc}", file=sys.stderr)
        return 2
    except SystemExit as exc:
        print(exc, file=sys.stderr)
        return 2
    for line in missed:
        print(f"FLOOR MISSED: {line}", file=sys.stderr)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
