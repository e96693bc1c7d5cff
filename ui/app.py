"""The chat UI: a Gradio app over an :class:`qa.Assistant`.

Example:
    >>> from qa import Assistant
    >>> from ui.app import build
    >>> demo = build(Assistant(data_dir="/tmp/qa"))   # doctest: +SKIP
    >>> demo.launch(server_name="127.0.0.1")          # doctest: +SKIP
"""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

import gradio as gr

from qa import SUPPORTED_FORMATS, Answer, Assistant, Conversation, QAError

from .render import chat_markdown, evidence_html, plain, source_name

log = logging.getLogger("qa.ui")

EMPTY_STORE = "The store is empty. Add documents in the **Documents** tab (or with `qa ingest PATH`), then ask."
EXAMPLES = 3

# Markers in the chat are links to #cite-n; this scrolls the evidence panel to the
# cited sentence instead of following the link (which Gradio opens in a new tab).
JS = """
() => {
  document.addEventListener('click', (event) => {
    const link = event.target.closest && event.target.closest('a[href^="#cite-"]');
    if (!link) return;
    event.preventDefault();
    event.stopPropagation();
    const target = document.getElementById(link.getAttribute('href').slice(1));
    if (!target) return;
    target.scrollIntoView({behavior: 'smooth', block: 'center'});
    target.classList.remove('ev-focus');
    void target.offsetWidth;
    target.classList.add('ev-focus');
  }, true);
}
"""

CSS = """
.evidence { display: flex; flex-direction: column; gap: 10px; max-height: 70vh; overflow-y: auto; }
.ev-card { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 8px 12px; }
.ev-head { font-size: 0.85em; color: var(--body-text-color-subdued); margin-bottom: 4px; }
.ev-src { font-weight: 600; }
.ev-text { white-space: pre-wrap; margin: 0; line-height: 1.5; }
.ev-quote { background: #fde68a; color: inherit; border-radius: 3px; padding: 0 2px; }
.ev-unsupported { background: #fecaca; text-decoration: underline wavy #b91c1c; }
.ev-flag { color: #b91c1c; margin-left: 6px; }
.ev-n { font-size: 0.75em; margin-left: 2px; }
.ev-verdict { font-weight: 600; padding: 6px 0; }
.ev-sub { font-size: 0.85em; color: var(--body-text-color-subdued); }
.ev-empty { color: var(--body-text-color-subdued); }
.ev-focus { outline: 3px solid #f59e0b; transition: outline 0.2s; }
"""


def _theme() -> gr.themes.Base:
    # System fonts only: the default theme would fetch web fonts from another host.
    return gr.themes.Default(font=["system-ui", "sans-serif"], font_mono=["ui-monospace", "monospace"])


class App:
    """The UI's handlers, each a plain method over one :class:`qa.Assistant`."""

    def __init__(self, assistant: Assistant, eval_dir: Path | None = None) -> None:
        self.assistant = assistant
        self.eval_dir = Path(eval_dir) if eval_dir else Path("eval/out")
        self.uploads = assistant.settings.data_dir / "uploads"

    # -- chat ------------------------------------------------------------------
    def respond(self, question: str, messages: list | None, conversation: Conversation | None):
        """Stream the answer to ``question`` into the chat; yields (box, chat, conversation, evidence).

        ``conversation`` is the chat's state, a :class:`qa.Conversation` value: the
        answer is read in its light, and the conversation with the new turn goes back into the state.
        """
        messages = list(messages or [])
        conversation = conversation if isinstance(conversation, Conversation) else self.assistant.conversation()
        question = question or ""
        if not question.strip():
            yield "", messages, conversation, gr.skip()
            return
        messages += [{"role": "user", "content": plain(question)}, {"role": "assistant", "content": "…"}]
        if not self._has_documents():
            messages[-1]["content"] = EMPTY_STORE
            yield "", messages, conversation, evidence_html(None)
            return
        yield "", messages, conversation, gr.skip()
        streamed, final = "", None
        try:
            for part in self.assistant.stream(question, conversation):
                if isinstance(part, Answer):
                    final = part
                else:
                    streamed += part
                    messages[-1]["content"] = plain(streamed)
                    yield "", messages, conversation, gr.skip()
        except QAError as exc:
            messages[-1]["content"] = plain(f"⚠ {exc}")
            yield "", messages, conversation, gr.skip()
            return
        except Exception as exc:  # the page shows one line; the log keeps the rest
            log.exception("answering failed")
            messages[-1]["content"] = plain(f"⚠ internal error: {type(exc).__name__}: {exc}")
            yield "", messages, conversation, gr.skip()
            return
        messages[-1]["content"] = chat_markdown(final)
        yield "", messages, conversation.then(final), evidence_html(final)

    def ask(self, question: str) -> dict:
        """One answer as JSON (the ``/ask`` API); errors come back as ``{"error": ...}``."""
        try:
            return self.assistant.ask(question or "").to_dict()
        except QAError as exc:
            return {"error": str(exc)}

    def clear(self):
        return [], self.assistant.conversation(), evidence_html(None)

    def _has_documents(self) -> bool:
        return bool(self.assistant.documents())

    def examples(self) -> list[str]:
        """Starter questions drawn from what is in the store."""
        docs = self.assistant.documents()
        return [f"What is “{d['title']}” about?" for d in docs[:EXAMPLES]]

    # -- documents -------------------------------------------------------------
    def document_rows(self) -> list[list]:
        return [[source_name(d["source"]), d["title"], d["chunks"]] for d in self.assistant.documents()]

    def add(self, files: list | None, progress=gr.Progress(track_tqdm=True)) -> str:
        """Copy uploads into the data dir and ingest them; returns a one-paragraph report."""
        if not files:
            return "Choose one or more files first."
        self.uploads.mkdir(parents=True, exist_ok=True)
        kept = []
        progress(0, desc="Copying uploads")
        for f in files:
            src = Path(f if isinstance(f, (str, Path)) else f.name)
            dest = self.uploads / src.name
            shutil.copyfile(src, dest)
            kept.append(dest)
        progress(0.1, desc="Reading and embedding")
        try:
            report = self.assistant.ingest(kept, progress=True)
        except QAError as exc:
            return f"⚠ {exc}"
        lines = [report.summary()]
        lines += [f"- failed: {plain(f.reason)}" for f in report.files if f.status == "failed"]
        for f in report.files:
            if f.status == "failed":
                Path(f.path).unlink(missing_ok=True)  # keep only what was stored
        return "\n".join(lines)

    def delete(self, source: str | None) -> str:
        if not source:
            return "Choose a document to delete."
        try:
            removed = self.assistant.delete(source)
        except QAError as exc:
            return f"⚠ {exc}"
        if source.startswith(str(self.uploads)):
            Path(source).unlink(missing_ok=True)
        return f"Deleted {plain(source_name(source))} ({removed} chunks)."

    def status_line(self) -> str:
        docs = self.assistant.documents()
        if not docs:
            return EMPTY_STORE
        chunks = sum(d["chunks"] for d in docs)
        return f"{len(docs)} documents, {chunks} passages in the store."

    # -- evaluation ------------------------------------------------------------
    def report(self):
        """The latest ``qa eval`` report: summary, metrics, by-category table, plot, rows."""
        path = self.eval_dir / "eval.json"
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return (f"No evaluation report in {plain(str(self.eval_dir))} yet: run `qa eval --docs PATH`.",
                    [], [], None, [])
        metrics = [[k, v] for k, v in data.get("metrics", {}).items()]
        cats = data.get("by_category", {})
        keys = ["n_questions", "retrieval_hit_at_5", "answer_accuracy", "citation_precision", "abstention_accuracy"]
        by_cat = [[c, *[m.get(k) for k in keys]] for c, m in cats.items()]
        rows = [[r.get("id"), r.get("category"), r.get("question"), r.get("correct"), r.get("hit_rank"),
                 r.get("abstained"), r.get("citation_precision"), round(r.get("latency_ms") or 0, 1), r.get("error")]
                for r in data.get("rows", [])]
        plot = self.eval_dir / "metrics.png"
        generator = data.get("generator", "extractive")
        summary = f"Latest report, {plain(str(path))}: {len(rows)} questions, answered by the {plain(generator)} generator."
        return summary, metrics, by_cat, str(plot) if plot.exists() else None, rows


def build(assistant: Assistant, eval_dir: Path | None = None) -> gr.Blocks:
    """The Gradio app over ``assistant`` (not yet launched)."""
    app = App(assistant, eval_dir)
    # analytics_enabled=False: Gradio phones home unless told not to; the page must work with no network.
    with gr.Blocks(title="citeqa", delete_cache=(3600, 3600), analytics_enabled=False) as demo:
        gr.Markdown("## citeqa: answers from your documents, every sentence cited")
        status = gr.Markdown(elem_id="status")
        conversation = gr.State(assistant.conversation())
        with gr.Tab("Chat"):
            with gr.Row():
                with gr.Column(scale=3):
                    chat = gr.Chatbot(elem_id="chat", height=520, label="Conversation", sanitize_html=True,
                                      allow_tags=False, feedback_options=None, buttons=["copy"])
                    with gr.Row():
                        box = gr.Textbox(placeholder="Ask about your documents…", show_label=False, scale=5,
                                         elem_id="question", max_length=assistant.settings.max_question_chars)
                        send = gr.Button("Ask", variant="primary", scale=1, elem_id="send")
                    with gr.Row():
                        example_buttons = [gr.Button(visible=False, size="sm", elem_classes="example")
                                           for _ in range(EXAMPLES)]
                        clear = gr.Button("New conversation", size="sm", elem_id="clear")
                with gr.Column(scale=2):
                    gr.Markdown("### Evidence")
                    evidence = gr.HTML(evidence_html(None), elem_id="evidence")
        with gr.Tab("Documents"):
            files = gr.File(label="Add documents", file_count="multiple", file_types=list(SUPPORTED_FORMATS), type="filepath",
                            elem_id="upload")
            add = gr.Button("Add to the store", variant="primary", elem_id="add")
            added = gr.Markdown(elem_id="ingest-report")
            table = gr.Dataframe(headers=["document", "title", "passages"], interactive=False, elem_id="documents")
            with gr.Row():
                chosen = gr.Dropdown(label="Document", choices=[], elem_id="delete-choice")
                remove = gr.Button("Delete", variant="stop", elem_id="delete")
        with gr.Tab("Evaluation"):
            summary = gr.Markdown()
            refresh = gr.Button("Reload the latest report", size="sm")
            with gr.Row():
                metrics = gr.Dataframe(headers=["metric", "value"], interactive=False, label="Metrics")
                plot = gr.Image(label="By category", interactive=False, type="filepath")
            by_cat = gr.Dataframe(headers=["category", "n", "hit@5", "answer accuracy", "citation precision",
                                           "abstention accuracy"], interactive=False, label="By category")
            rows = gr.Dataframe(headers=["id", "category", "question", "correct", "hit rank", "abstained",
                                         "citation precision", "ms", "error"], interactive=False,
                                label="Questions", wrap=True)

        def store_view():
            docs = assistant.documents()
            examples = app.examples()
            buttons = [gr.Button(value=e, visible=True) for e in examples]
            buttons += [gr.Button(visible=False)] * (EXAMPLES - len(examples))
            choices = [(source_name(d["source"]), d["source"]) for d in docs]
            return [app.status_line(), app.document_rows(), gr.Dropdown(choices=choices, value=None), *buttons]

        store_outputs = [status, table, chosen, *example_buttons]
        chat_io = dict(inputs=[box, chat, conversation], outputs=[box, chat, conversation, evidence])
        box.submit(app.respond, **chat_io, api_name="chat")
        send.click(app.respond, **chat_io, api_visibility="private")
        for b in example_buttons:
            b.click(lambda text: text, b, box, api_visibility="private", queue=False).then(
                app.respond, **chat_io, api_visibility="private")
        clear.click(app.clear, None, [chat, conversation, evidence], api_visibility="private", queue=False)
        chat.clear(app.clear, None, [chat, conversation, evidence], api_visibility="private", queue=False)
        add.click(app.add, files, added, api_name="add").then(
            store_view, None, store_outputs, api_visibility="private").then(
            lambda: None, None, files, queue=False, api_visibility="private")
        remove.click(app.delete, chosen, added, api_name="delete").then(store_view, None, store_outputs,
                                                                        api_visibility="private")
        refresh.click(app.report, None, [summary, metrics, by_cat, plot, rows], api_visibility="private")
        api_box, api_out = gr.Textbox(visible=False), gr.JSON(visible=False)
        api_box.submit(app.ask, api_box, api_out, api_name="ask")
        demo.load(store_view, None, store_outputs, api_visibility="private").then(
            app.report, None, [summary, metrics, by_cat, plot, rows], api_visibility="private")
    settings = assistant.settings
    demo.queue(default_concurrency_limit=settings.ui_concurrency, max_size=settings.ui_queue_size)
    return demo


def launch_options(assistant: Assistant, host: str = "127.0.0.1", port: int = 7860) -> dict:
    """What :meth:`gradio.Blocks.launch` is given: loopback, size cap, login, no extra files."""
    settings = assistant.settings
    auth = None
    if settings.ui_auth is not None:
        user, _, password = settings.ui_auth.get_secret_value().partition(":")
        auth = (user, password)
    return dict(server_name=host, server_port=port, auth=auth, max_file_size=settings.max_file_bytes,
                allowed_paths=[], blocked_paths=[str(settings.data_dir)], show_error=False, share=False,
                ssr_mode=False, theme=_theme(), css=CSS, js=JS, footer_links=["api"], quiet=True)


def serve(assistant: Assistant, host: str = "127.0.0.1", port: int = 7860, eval_dir: Path | None = None) -> None:
    """Build the app and serve it until interrupted."""
    demo = build(assistant, eval_dir)
    print(f"citeqa UI on http://{host}:{port}  (Ctrl-C stops it)", flush=True)
    demo.launch(**launch_options(assistant, host, port))
