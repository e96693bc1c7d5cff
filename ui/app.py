"""The chat UI: a Gradio app over an :class:`qa.Assistant`.

Example:
    >>> from qa import Assistant
    >>> from ui.app import build
    >>> demo = build(Assistant(data_dir="/tmp/qa"))   # doctest: +SKIP
    >>> demo.launch(server_name="127.0.0.1")          # doctest: +SKIP
"""

from __future__ import annotations

import collections
import hashlib
import hmac
import json
import logging
import re
import secrets
import shutil
import threading
import time
from pathlib import Path
from typing import Callable, Iterable
from urllib.parse import urlsplit

import gradio as gr
from starlette.datastructures import Headers
from starlette.middleware import Middleware
from starlette.responses import PlainTextResponse

from qa import Answer, Assistant, Conversation, QAError, pdf_page, place, read_document, section_of

from .render import (VIEWER_EMPTY, chat_markdown, evidence_html, plain, source_name, viewer_message_html, viewer_page_html,
                     viewer_text_html)

log = logging.getLogger("qa.ui")

EMPTY_STORE = "The store is empty. Add documents in the **Documents** tab (or with `qa ingest PATH`), then ask."
EXAMPLES = 3
# What a visitor sees when a handler fails in a way citeqa did not foresee; the log has the traceback.
INTERNAL = "something went wrong on the server (the details are in its log); please try again"
# An upload is kept as uploads/<KEY>/<its own name>: the key (from its content) keeps two files
# with one name apart, and the name stays the one the user gave.
_UPLOAD_KEY = re.compile(r"[0-9a-f]{16}")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
# What ingest leaves out of the store: a file it could not read, or one with no text of its own.
_NOT_STORED = ("failed", "skipped")
# Gradio copies of uploads the UI remembers, so a deleted document's copy can go too; the oldest are forgotten first.
MAX_REMEMBERED_UPLOADS = 4096

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
  // A quote in the evidence opens its place in the document: its chunk and offsets go to the server
  // through the hidden request box, and the viewer shows the page or the section.
  document.addEventListener('click', (event) => {
    const mark = event.target.closest && event.target.closest('#evidence mark[data-chunk]');
    if (!mark) return;
    const box = document.querySelector('#viewer-request textarea');
    if (!box) return;
    box.value = JSON.stringify({chunk: mark.dataset.chunk, start: Number(mark.dataset.start),
                                end: Number(mark.dataset.end), at: Date.now()});
    box.dispatchEvent(new Event('input', {bubbles: true}));
    setTimeout(() => { const open = document.querySelector('#viewer-open'); if (open) open.click(); }, 50);
  });
  // Bring a highlighted sentence of a section into view when the viewer shows one.
  new MutationObserver(() => {
    const hl = document.querySelector('#viewer #vw-hl:not(.vw-seen)');
    if (hl) { hl.classList.add('vw-seen'); hl.scrollIntoView({block: 'center'}); }
  }).observe(document.body, {childList: true, subtree: true});
}
"""

CSS = """
.evidence { display: flex; flex-direction: column; gap: 10px; max-height: 70vh; overflow-y: auto; }
.ev-card { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 8px 12px; }
.ev-head { font-size: 0.85em; color: var(--body-text-color-subdued); margin-bottom: 4px; }
.ev-src { font-weight: 600; }
.ev-text { white-space: pre-wrap; margin: 0; line-height: 1.5; }
.ev-quote { background: #fde68a; color: inherit; border-radius: 3px; padding: 0 2px; }
.ev-answer { font-weight: 700; text-decoration: underline; text-decoration-thickness: 2px; }
.ev-unsupported { background: #fecaca; text-decoration: underline wavy #b91c1c; }
.ev-flag { color: #b91c1c; margin-left: 6px; }
.ev-n { font-size: 0.75em; margin-left: 2px; }
.ev-verdict { font-weight: 600; padding: 6px 0; }
.ev-sub { font-size: 0.85em; color: var(--body-text-color-subdued); }
.ev-empty { color: var(--body-text-color-subdued); }
.ev-focus { outline: 3px solid #f59e0b; transition: outline 0.2s; }
mark[data-chunk] { cursor: pointer; }
#viewer-request, #viewer-open { display: none !important; }
.viewer { max-height: 80vh; overflow-y: auto; }
.vw-page { position: relative; width: 100%; }
.vw-img { display: block; width: 100%; height: auto; border: 1px solid var(--border-color-primary); }
.vw-hl { position: absolute; background: rgba(250, 204, 21, 0.45); outline: 2px solid #f59e0b; pointer-events: none; }
.vw-text { white-space: pre-wrap; line-height: 1.5; max-height: 70vh; overflow-y: auto; }
.vw-mark { background: #fde68a; color: inherit; }
.vw-empty { color: var(--body-text-color-subdued); }
"""


def _theme() -> gr.themes.Base:
    # System fonts only: the default theme would fetch web fonts from another host.
    return gr.themes.Default(font=["system-ui", "sans-serif"], font_mono=["ui-monospace", "monospace"])


def _visible(text: str) -> str:
    """``text`` as it can be sent to a page: a lone surrogate (bytes that were not UTF-8) becomes U+FFFD."""
    return _SURROGATE.sub("\ufffd", text)


def _joined(assistant: Assistant) -> str:
    """The collections an assistant answers from, joined with + (the one it writes to first)."""
    s = assistant.settings
    return "+".join([s.collection, *[n for n in s.also_ask.split("+") if n and n != s.collection]])


def display_names(sources: Iterable[str], uploads: Path) -> dict[str, str]:
    """The name each stored source is shown by: its file name, with as many parent folders as tell it apart.

    A page never carries the server's paths: ``/srv/docs/notes/bakery.md`` is
    ``bakery.md``, or ``notes/bakery.md`` when another ``bakery.md`` is stored.
    An upload kept under ``uploads`` is shown by the name it was uploaded with.

    Example:
        >>> names = display_names(["/srv/a/x.txt", "/srv/b/x.txt", "/srv/b/y.md"], Path("/data/uploads"))
        >>> [names[s] for s in sorted(names)]
        ['a/x.txt', 'b/x.txt', 'y.md']
    """
    sources = list(dict.fromkeys(sources))
    parts: dict[str, tuple[str, ...]] = {}
    for source in sources:
        path = Path(source)
        parts[source] = path.relative_to(uploads).parts if path.is_relative_to(uploads) else path.parts[1:]
        parts[source] = parts[source] or (source,)
    depth = dict.fromkeys(sources, 1)
    for _ in range(max((len(p) for p in parts.values()), default=0)):  # one more folder a round, at most the deepest path
        shown = {s: "/".join(parts[s][-depth[s]:]) for s in sources}
        counts = collections.Counter(shown.values())
        clashing = [s for s in sources if counts[shown[s]] > 1 and depth[s] < len(parts[s])]
        if not clashing:
            break
        for s in clashing:
            depth[s] += 1
    shown = {s: "/".join(parts[s][-depth[s]:]) for s in sources}
    seen: collections.Counter = collections.Counter()
    for s in sources:  # what is still alike (an upload's key/name against a folder of that name): numbered
        seen[shown[s]] += 1
        if seen[shown[s]] > 1:
            shown[s] = f"{shown[s]} ({seen[shown[s]]})"
    return shown


class App:
    """The UI's handlers, each a plain method over one :class:`qa.Assistant`.

    No handler raises: a :class:`qa.QAError` is shown as its one line, anything
    else as one line saying so (the traceback goes to the ``qa.ui`` log). No page
    or API answer carries a server path: documents are shown by
    :func:`display_names`, and the delete list's values are opaque keys.
    """

    def __init__(self, assistant: Assistant, eval_dir: Path | None = None) -> None:
        self.assistant = assistant
        self.eval_dir = Path(eval_dir) if eval_dir else Path("eval/out")
        self.uploads = assistant.settings.data_dir / "uploads"
        # Where Gradio keeps uploads (set by :func:`build`); only files in it are removed as Gradio's copies.
        self.gradio_cache: Path | None = None
        self._copies: collections.OrderedDict[str, list[str]] = collections.OrderedDict()
        self._copies_lock = threading.Lock()
        # Keys of the delete list: a keyed hash, so a value neither is nor reveals the path it stands for.
        self._secret = secrets.token_bytes(16)
        # One assistant per collection or set of collections asked (a+b), sharing the encoder; the one given is the default.
        self._assistants = {_joined(assistant): assistant}
        self._assistants_lock = threading.Lock()

    # -- collections -----------------------------------------------------------
    def assistant_for(self, collections: str | list[str] | None = None) -> Assistant:
        """The assistant of ``collections`` (names, or names joined with +, the first one written to); none: the default."""
        if isinstance(collections, str):
            collections = collections.split("+")
        names = [n.strip() for n in dict.fromkeys(collections or []) if isinstance(n, str) and n.strip()]
        if not names:
            return self.assistant
        key = "+".join(names)
        with self._assistants_lock:
            if key not in self._assistants:
                self._assistants[key] = Assistant(self.assistant.settings, embedder=self.assistant.embedder,
                                                  collection=names[0], also_ask="+".join(names[1:]))
            return self._assistants[key]

    def collection_names(self) -> list[str]:
        """The store's collections, the default one among them even before anything was added to it."""
        return sorted({*self.assistant.collections(), self.assistant.settings.collection})

    # -- errors ----------------------------------------------------------------
    def _say(self, exc: BaseException | str) -> str:
        """``exc`` (or a message) as one line a visitor may see: the data dir's path is not in it."""
        text = " ".join(str(exc).split()) or f"{type(exc).__name__} (no details)"
        data_dir = self.assistant.settings.data_dir
        for path in sorted({str(data_dir), str(data_dir.resolve())}, key=len, reverse=True):
            text = text.replace(path, "the data folder")
        return text

    def _failure(self, exc: BaseException, doing: str) -> str:
        """The one line for a failed handler; an exception citeqa did not raise on purpose is logged in full."""
        if isinstance(exc, QAError):
            return self._say(exc)
        log.error("%s failed", doing, exc_info=exc)
        return INTERNAL

    # -- documents and their names ---------------------------------------------
    def _names(self, docs: list[dict]) -> Callable[[str], str]:
        names = display_names((d["source"] for d in docs), self.uploads.resolve())
        return lambda source: names.get(source) or source_name(source)

    def _key(self, source: str) -> str:
        return hmac.new(self._secret, source.encode("utf-8", "surrogatepass"), hashlib.sha256).hexdigest()[:20]

    def _public(self, answer: Answer, names: Callable[[str], str]) -> dict:
        """``answer`` as the ``/ask`` JSON, each ``source`` replaced by the name the page shows."""
        data = answer.to_dict()
        for item in [*data["citations"], *data["passages"]]:
            item["source"] = names(item["source"])
        return data

    # -- chat ------------------------------------------------------------------
    def respond(self, question: str, messages: list | None, conversation: Conversation | None, asked: list[str] | None = None):
        """Stream the answer to ``question`` into the chat; yields (box, chat, conversation, evidence).

        ``conversation`` is the chat's state, a :class:`qa.Conversation` value: the
        answer is read in its light, and the conversation with the new turn goes back into the state.
        ``asked`` names the collections answered from (none: the default one).
        When answering fails, the question stays in the chat and goes back into the box, with one line saying why.
        """
        messages = list(messages or [])
        conversation = conversation if isinstance(conversation, Conversation) else self.assistant.conversation()
        question = question if isinstance(question, str) else ""
        if not question.strip():
            yield "", messages, conversation, gr.skip()
            return
        shown = _visible(question)
        messages += [{"role": "user", "content": plain(shown)}, {"role": "assistant", "content": "…"}]
        streamed, final = "", None
        try:
            assistant = self.assistant_for(asked)
            docs = [d for each in assistant.answering_from() for d in each.documents()]
            if not docs:
                messages[-1]["content"] = EMPTY_STORE
                yield "", messages, conversation, evidence_html(None)
                return
            yield "", messages, conversation, gr.skip()
            for part in assistant.stream(question, conversation):
                if isinstance(part, Answer):
                    final = part
                else:
                    streamed += part
                    messages[-1]["content"] = plain(streamed)
                    yield "", messages, conversation, gr.skip()
        except Exception as exc:  # the page shows one line; the question is kept for another try
            messages[-1]["content"] = plain(f"⚠ {self._failure(exc, 'answering')}")
            yield shown, messages, conversation, gr.skip()
            return
        messages[-1]["content"] = chat_markdown(final)
        yield "", messages, conversation.then(final), evidence_html(final, names=self._names(docs))

    def view(self, request: str, asked: list[str] | None = None) -> str:
        """The viewer for a clicked quote: ``request`` is JSON ``{chunk, start, end}`` (a citation's chunk id and the
        quote's offsets in it). A PDF shows its page with the quote boxed; other documents the quote's section."""
        try:
            wanted = json.loads(request) if isinstance(request, str) and request else {}
            start, end = int(wanted.get("start", -1)), int(wanted.get("end", -1))
            assistant = self.assistant_for(asked)
            chunk = assistant.chunk(str(wanted.get("chunk", "")))
            if chunk is None or not 0 <= start < end <= len(chunk.text):
                return viewer_message_html("That passage is no longer in the store.")
            docs = [d for each in assistant.answering_from() for d in each.documents()]
            name = self._names(docs)(chunk.source)
            quote = chunk.text[start:end]
            page = chunk.page_at(start)
            where = place(page, chunk.section, chunk.paragraph)
            if Path(chunk.source).suffix.lower() == ".pdf" and page.isdigit():
                shown = pdf_page(chunk.source, int(page), quote)
                return viewer_page_html(name, where, shown.png, shown.boxes)
            doc = read_document(chunk.source)
            if doc.sha256 != chunk.document_sha256:
                return viewer_message_html(f"{name} has changed since it was added; add it again to see this passage.")
            a, b = section_of(doc, chunk.start + start, chunk.start + end)
            return viewer_text_html(name, where, doc.text[a:b], chunk.start + start - a, chunk.start + end - a)
        except (ValueError, TypeError, AttributeError):
            return viewer_message_html("That is not a passage of the store.")
        except Exception as exc:  # one line in the viewer, as in the chat
            return viewer_message_html(self._failure(exc, "showing a passage"))

    def ask(self, question: str) -> dict:
        """One answer as JSON (the ``/ask`` API, as ``qa ask --json`` but with sources by name); errors come back as ``{"error": ...}``."""
        try:
            answer = self.assistant.ask(question if isinstance(question, str) else "")
            return self._public(answer, self._names(self.assistant.documents()))
        except Exception as exc:
            return {"error": self._failure(exc, "answering through /ask")}

    def clear(self):
        return [], self.assistant.conversation(), evidence_html(None)

    def examples(self, docs: list[dict] | None = None) -> list[str]:
        """Starter questions drawn from what is in the store."""
        docs = self.assistant.documents() if docs is None else docs
        return [f"What is “{d['title']}” about?" for d in docs[:EXAMPLES]]

    # -- documents -------------------------------------------------------------
    def document_rows(self, docs: list[dict] | None = None) -> list[list]:
        docs = self.assistant.documents() if docs is None else docs
        names = self._names(docs)
        return [[names(d["source"]), d["title"], d["chunks"]] for d in docs]

    def store_view(self, collection: str | None = None) -> list:
        """What the page shows of a collection (none: the default one): status line, documents table, delete list,
        example buttons, and the store's collections for the two collection selectors."""
        try:
            docs = self.assistant_for(collection).documents()
            names_of_collections = self.collection_names()
        except Exception as exc:  # e.g. the Chroma server is down: the page still loads and says so
            hidden = [gr.Button(visible=False)] * EXAMPLES
            return [plain(f"⚠ {self._failure(exc, 'listing the documents')}"), [], gr.Dropdown(choices=[], value=None), *hidden,
                    gr.skip(), gr.skip()]
        names = self._names(docs)
        buttons = [gr.Button(value=e, visible=True) for e in self.examples(docs)]
        buttons += [gr.Button(visible=False)] * (EXAMPLES - len(buttons))
        choices = [(names(d["source"]), self._key(d["source"])) for d in docs]
        return [self.status_line(docs), self.document_rows(docs), gr.Dropdown(choices=choices, value=None), *buttons,
                gr.Dropdown(choices=names_of_collections), gr.Dropdown(choices=names_of_collections)]

    def _stored_upload(self, path: str | Path) -> Path | None:
        """``path``, resolved, if it is a file the UI stored (``uploads/<key>/<name>``, or ``uploads/<name>`` as before keys)."""
        try:
            resolved = Path(path).resolve()
            root = self.uploads.resolve()
        except (OSError, RuntimeError, ValueError):
            return None
        if not resolved.is_relative_to(root):
            return None
        rel = resolved.relative_to(root).parts
        if len(rel) == 1 or (len(rel) == 2 and _UPLOAD_KEY.fullmatch(rel[0])):
            return resolved
        return None

    def _keep(self, src: Path) -> tuple[Path, bool]:
        """Copy an upload to ``uploads/<key>/<its name>``; returns where, and whether this call made the file."""
        digest = hashlib.sha256()
        with open(src, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
        dest = self.uploads / digest.hexdigest()[:16] / src.name
        if dest.exists():  # the same content under the same name: already kept
            return dest, False
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dest)
        return dest, True

    def _remove_upload(self, path: str | Path) -> None:
        """Remove a file the UI stored, and its key folder once empty; nothing else is ever touched."""
        stored = self._stored_upload(path)
        if stored is None:
            return
        stored.unlink(missing_ok=True)
        if stored.parent != self.uploads.resolve():
            try:
                stored.parent.rmdir()
            except OSError:  # not empty: another upload shares the key (same content, another name)
                pass
        with self._copies_lock:
            copies = self._copies.pop(str(stored), [])
        for copy in copies:
            self._remove_gradio_copy(copy)

    def _remove_gradio_copy(self, path: str | Path) -> None:
        """Remove Gradio's copy of an upload, so it is no longer served under /gradio_api/file=; only inside Gradio's cache."""
        if self.gradio_cache is None:
            return
        try:
            copy = Path(path).resolve()
        except (OSError, RuntimeError, ValueError):
            return
        if copy == self.gradio_cache or not copy.is_relative_to(self.gradio_cache):
            return
        copy.unlink(missing_ok=True)
        if copy.parent != self.gradio_cache:
            try:
                copy.parent.rmdir()
            except OSError:
                pass

    def _remember_copies(self, stored: Path, copies: list[str]) -> None:
        with self._copies_lock:
            self._copies.setdefault(str(stored.resolve()), []).extend(copies)
            self._copies.move_to_end(str(stored.resolve()))
            while len(self._copies) > MAX_REMEMBERED_UPLOADS:
                self._copies.popitem(last=False)

    def add(self, files: list | None, collection: str | None = None, progress=gr.Progress(track_tqdm=True)) -> str:
        """Copy uploads into the data dir and ingest them into ``collection`` (none: the default one; a new name
        makes it); returns a one-paragraph report."""
        if not files:
            return "Choose one or more files first."
        try:
            assistant = self.assistant_for(collection.split("+")[0] if isinstance(collection, str) else None)
        except Exception as exc:  # a name Chroma cannot take
            return plain(f"⚠ {self._failure(exc, 'choosing the collection')}")
        kept: list[Path] = []
        made: list[Path] = []
        copies: dict[Path, list[str]] = {}
        progress(0, desc="Copying uploads")
        try:
            for f in files:
                src = Path(f if isinstance(f, (str, Path)) else f.name)
                dest, new = self._keep(src)
                if dest not in copies:
                    kept.append(dest)
                if new:
                    made.append(dest)
                copies.setdefault(dest, []).append(str(src))
        except OSError as exc:
            for dest in made:
                self._remove_upload(dest)
            log.warning("could not keep an upload: %s", exc)
            return f"⚠ could not keep the upload ({plain(exc.strerror or type(exc).__name__)}); nothing was added."
        progress(0.1, desc="Reading and embedding")
        try:
            report = assistant.ingest(kept, progress=True)
        except Exception as exc:
            return plain(f"⚠ {self._failure(exc, 'adding documents')}")
        not_stored = {str(Path(f.path).resolve()) for f in report.files if f.status in _NOT_STORED}
        for dest in kept:
            if str(dest.resolve()) not in not_stored:
                self._remember_copies(dest, copies[dest])
            elif dest in made:  # keep only what was stored: this call's own copy of a file not stored goes
                self._remove_upload(dest)
                for copy in copies[dest]:
                    self._remove_gradio_copy(copy)
        lines = [report.summary()]
        lines += [f"- {f.status}: {plain(self._say(f.reason))}" for f in report.files if f.status in _NOT_STORED]
        lines += [f"- note: {plain(self._say(f.reason))}" for f in report.files
                  if f.status not in _NOT_STORED and f.reason]
        return "\n".join(lines)

    def _find(self, choice: str, docs: list[dict]) -> str | None:
        """The source a delete-list value (a key) or a shown name (from the API) stands for."""
        names = self._names(docs)
        for d in docs:
            if choice in (self._key(d["source"]), names(d["source"])):
                return d["source"]
        return None

    def delete(self, choice: str | None, collection: str | None = None) -> str:
        """Delete the chosen document from ``collection`` (none: the default one), and the UI's own copy of it
        if it was uploaded."""
        if not choice or not isinstance(choice, str):
            return "Choose a document to delete."
        try:
            assistant = self.assistant_for(collection.split("+")[0] if isinstance(collection, str) else None)
            docs = assistant.documents()
            source = self._find(choice, docs)
            if source is None:
                return f"No document {plain(_visible(choice))} in the store."
            name = self._names(docs)(source)
            removed = assistant.delete(source)
            self._remove_upload(source)
        except Exception as exc:
            return plain(f"⚠ {self._failure(exc, 'deleting a document')}")
        return f"Deleted {plain(name)} ({removed} chunks)."

    def status_line(self, docs: list[dict] | None = None) -> str:
        try:
            docs = self.assistant.documents() if docs is None else docs
        except Exception as exc:
            return plain(f"⚠ {self._failure(exc, 'reading the store')}")
        if not docs:
            return EMPTY_STORE
        chunks = sum(d["chunks"] for d in docs)
        return f"{len(docs)} documents, {chunks} passages in the store."

    # -- evaluation ------------------------------------------------------------
    def _eval_where(self) -> str:
        # A relative report folder (the default eval/out) helps a reader; an absolute one is a server path, not shown.
        return "" if self.eval_dir.is_absolute() else f" in {plain(str(self.eval_dir))}"

    def report(self):
        """The latest ``qa eval`` report: summary, metrics, by-category table, plot, rows."""
        path = self.eval_dir / "eval.json"
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return (f"No evaluation report{self._eval_where()} yet: run `qa eval --docs PATH`.", [], [], None, [])
        metrics = [[k, v] for k, v in data.get("metrics", {}).items()]
        cats = data.get("by_category", {})
        keys = ["n_questions", "retrieval_hit_at_5", "answer_accuracy", "citation_precision", "abstention_accuracy"]
        by_cat = [[c, *[m.get(k) for k in keys]] for c, m in cats.items()]
        rows = [[r.get("id"), r.get("category"), r.get("question"), r.get("correct"), r.get("hit_rank"),
                 r.get("abstained"), r.get("citation_precision"), round(r.get("latency_ms") or 0, 1), r.get("error")]
                for r in data.get("rows", [])]
        plot = self.eval_dir / "metrics.png"
        generator = data.get("generator", "extractive")
        summary = f"Latest report{self._eval_where()}: {len(rows)} questions, answered by the {plain(generator)} generator."
        return summary, metrics, by_cat, str(plot) if plot.exists() else None, rows


def build(assistant: Assistant, eval_dir: Path | None = None) -> gr.Blocks:
    """The Gradio app over ``assistant`` (not yet launched)."""
    app = App(assistant, eval_dir)
    # analytics_enabled=False: Gradio phones home unless told not to; the page must work with no network.
    with gr.Blocks(title="citeqa", delete_cache=(3600, 3600), analytics_enabled=False) as demo:
        gr.Markdown("## citeqa: answers from your documents, every sentence cited")
        status = gr.Markdown(elem_id="status")
        conversation = gr.State(assistant.conversation())
        try:
            shelves = app.collection_names()
        except Exception:  # the store cannot be read now: the page loads and says so (store_view)
            shelves = [assistant.settings.collection]
        default = assistant.settings.collection
        with gr.Tab("Chat"):
            asked = gr.Dropdown(label="Answer from", choices=shelves, value=[default], multiselect=True, elem_id="asked",
                                info="the collections a question is answered from")
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
                    gr.Markdown("### In the document")
                    viewer = gr.HTML(VIEWER_EMPTY, elem_id="viewer")
                    # Filled and pressed by the page's script when a quote is clicked (see JS); hidden by CSS, not by
                    # visible=False, which would leave it out of the page.
                    view_request = gr.Textbox(elem_id="viewer-request", show_label=False, container=False)
                    view_open = gr.Button(elem_id="viewer-open")
        with gr.Tab("Documents"):
            shelf = gr.Dropdown(label="Collection", choices=shelves, value=default, allow_custom_value=True,
                                elem_id="collection", info="the collection shown here and added to; type a new name to make one")
            # No file_types: Gradio would refuse by suffix alone, and a README named without one is plain text the
            # engine reads; what it cannot read, it refuses with its reason in the report.
            files = gr.File(label="Add documents", file_count="multiple", type="filepath", elem_id="upload")
            add = gr.Button("Add to the store", variant="primary", elem_id="add")
            added = gr.Markdown(elem_id="ingest-report")
            table = gr.Dataframe(headers=["document", "title", "passages"], interactive=False, elem_id="documents")
            with gr.Row():
                # Values are opaque keys (the server maps them back); a custom value lets the /delete API name a document.
                chosen = gr.Dropdown(label="Document", choices=[], elem_id="delete-choice", allow_custom_value=True)
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
        app.gradio_cache = Path(files.GRADIO_CACHE).resolve()

        store_outputs = [status, table, chosen, *example_buttons, asked, shelf]
        chat_io = dict(inputs=[box, chat, conversation, asked], outputs=[box, chat, conversation, evidence])
        # The page's own events are named apart from the API's (below), which keeps its names and inputs.
        box.submit(app.respond, **chat_io, api_name="page_chat", api_visibility="private")
        send.click(app.respond, **chat_io, api_visibility="private")
        for b in example_buttons:
            b.click(lambda text: text, b, box, api_visibility="private", queue=False).then(
                app.respond, **chat_io, api_visibility="private")
        view_open.click(app.view, [view_request, asked], viewer, api_visibility="private")
        clear.click(app.clear, None, [chat, conversation, evidence], api_visibility="private", queue=False)
        chat.clear(app.clear, None, [chat, conversation, evidence], api_visibility="private", queue=False)
        add.click(app.add, [files, shelf], added, api_name="page_add", api_visibility="private").then(
            app.store_view, shelf, store_outputs, api_visibility="private").then(
            lambda: None, None, files, queue=False, api_visibility="private")
        remove.click(app.delete, [chosen, shelf], added, api_name="page_delete", api_visibility="private").then(
            app.store_view, shelf, store_outputs, api_visibility="private")
        # Picked from the list, a collection is shown; a new name typed in is made only when files are added to it.
        shelf.select(app.store_view, shelf, store_outputs, api_visibility="private")
        # The API (/chat, /add, /delete, /ask) keeps its inputs whatever the page's selectors say: the default collection.
        api_chat, api_add, api_delete = (gr.Button(visible=False) for _ in range(3))
        api_chat.click(app.respond, [box, chat, conversation], [box, chat, conversation, evidence], api_name="chat")
        api_add.click(app.add, files, added, api_name="add")
        api_delete.click(app.delete, chosen, added, api_name="delete")
        refresh.click(app.report, None, [summary, metrics, by_cat, plot, rows], api_visibility="private")
        api_box, api_out = gr.Textbox(visible=False), gr.JSON(visible=False)
        api_box.submit(app.ask, api_box, api_out, api_name="ask")
        demo.load(app.store_view, shelf, store_outputs, api_visibility="private").then(
            app.report, None, [summary, metrics, by_cat, plot, rows], api_visibility="private")
    settings = assistant.settings
    demo.queue(default_concurrency_limit=settings.ui_concurrency, max_size=settings.ui_queue_size)
    return demo


# -- in front of Gradio: Host/Origin check and login throttle ------------------

class LoginThrottle:
    """At most ``limit`` login attempts per client address in ``window`` seconds; past that, refused until the oldest ages out.

    An attempt counts when it starts and is forgiven only when the login succeeds,
    so many attempts sent at once cannot slip past the count. At most
    ``clients`` addresses are remembered (the least recently seen go first), so the memory stays bounded.

    Example:
        >>> now = [0.0]
        >>> throttle = LoginThrottle(limit=2, window=60, clock=lambda: now[0])
        >>> [throttle.begin("10.0.0.1") for _ in range(3)]
        [0.0, 0.0, 60.0]
        >>> now[0] = 61.0; throttle.begin("10.0.0.1")
        0.0
    """

    def __init__(self, limit: int = 5, window: float = 60.0, clients: int = 10_000,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.limit, self.window, self.clients, self.clock = limit, window, clients, clock
        self._attempts: collections.OrderedDict[str, collections.deque] = collections.OrderedDict()
        self._lock = threading.Lock()

    def begin(self, client: str) -> float:
        """Count an attempt from ``client`` and return 0, or refuse it: the seconds until it may try again."""
        now = self.clock()
        with self._lock:
            attempts = self._attempts.setdefault(client, collections.deque(maxlen=self.limit))
            self._attempts.move_to_end(client)
            while attempts and attempts[0] <= now - self.window:
                attempts.popleft()
            if len(attempts) >= self.limit:
                return attempts[0] + self.window - now
            attempts.append(now)
            while len(self._attempts) > self.clients:
                self._attempts.popitem(last=False)
            return 0.0

    def succeeded(self, client: str) -> None:
        """``client`` logged in: its failed attempts are forgotten."""
        with self._lock:
            self._attempts.pop(client, None)

    def __len__(self) -> int:
        return len(self._attempts)


def allowed_hosts(host: str, port: int, extra: Iterable[str] = ()) -> frozenset[str] | None:
    """The ``Host`` headers the UI answers when bound to ``host``:``port``; ``None`` for any (bound to every interface).

    Example:
        >>> sorted(allowed_hosts("127.0.0.1", 7860))
        ['127.0.0.1:7860', '[::1]:7860', 'localhost:7860']
        >>> allowed_hosts("0.0.0.0", 7860) is None
        True
    """
    extra = {h.strip().lower() for h in extra if h.strip()}
    if host in ("0.0.0.0", "::", "") or "*" in extra:
        return None
    bound = f"[{host}]" if ":" in host else host
    names = {"127.0.0.1", "localhost", "[::1]", bound.lower()}
    hosts = {f"{name}:{port}" for name in names}
    if port == 80:  # a browser leaves the default port out of Host
        hosts |= names
    return frozenset(hosts | extra)


class Guard:
    """ASGI middleware in front of Gradio: refuses a foreign ``Host`` or ``Origin`` (403) and throttles logins (429).

    A page on another site can make a browser send requests here: through DNS
    rebinding (its own name resolving to 127.0.0.1, so ``Host`` is its name) or
    as a cross-origin form or fetch (``Origin`` is its site). Either is refused,
    so a UI on loopback answers only pages it served itself.
    """

    def __init__(self, app, hosts: frozenset[str] | None, throttle: LoginThrottle | None = None) -> None:
        self.app, self.hosts, self.throttle = app, hosts, throttle

    def _allowed(self, headers: Headers) -> bool:
        host = headers.get("host", "").strip().lower()
        if self.hosts is not None and host not in self.hosts:
            return False
        origin = headers.get("origin")
        if origin is None:  # not sent by a browser for a same-origin GET, nor by API clients
            return True
        parts = urlsplit(origin.strip().lower())
        return parts.scheme in ("http", "https") and parts.netloc == host  # "null" and every other site fail

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        if not self._allowed(headers):
            log.info("refused a request for %s with Host %r and Origin %r", scope.get("path"),
                     headers.get("host"), headers.get("origin"))
            if scope["type"] == "websocket":
                await send({"type": "websocket.close", "code": 1008})
                return
            await PlainTextResponse("Forbidden: this server answers only its own address.", 403)(scope, receive, send)
            return
        if (self.throttle is not None and scope["type"] == "http" and scope["method"] == "POST"
                and scope["path"].rstrip("/") == "/login"):
            client = (scope.get("client") or ("unknown",))[0]
            wait = self.throttle.begin(client)
            if wait > 0:
                response = PlainTextResponse("Too many failed logins; try again later.", 429,
                                             headers={"Retry-After": str(int(wait) + 1)})
                await response(scope, receive, send)
                return

            async def watch(message) -> None:
                if message["type"] == "http.response.start" and message["status"] == 200:
                    self.throttle.succeeded(client)
                await send(message)

            await self.app(scope, receive, watch)
            return
        await self.app(scope, receive, send)


def launch_options(assistant: Assistant, host: str = "127.0.0.1", port: int = 7860,
                   extra_hosts: Iterable[str] = ()) -> dict:
    """What :meth:`gradio.Blocks.launch` is given: loopback, size cap, login, no extra files, the :class:`Guard`.

    ``extra_hosts`` are further ``Host`` values to answer (e.g. a reverse proxy's
    name, ``"qa.example.org"``); ``"*"`` answers any.
    """
    settings = assistant.settings
    auth = None
    if settings.ui_auth is not None:
        user, _, password = settings.ui_auth.get_secret_value().partition(":")
        auth = (user, password)
    # Given to FastAPI's constructor through app_kwargs: launch() makes the app and starts serving it in one
    # go, and Starlette refuses middleware once it serves. Gradio's own CORS middleware sits outside the Guard
    # and answers preflights itself, granting no foreign origin; the request that follows one meets the Guard.
    guard = Middleware(Guard, hosts=allowed_hosts(host, port, extra_hosts),
                       throttle=LoginThrottle() if auth is not None else None)
    return dict(server_name=host, server_port=port, auth=auth, max_file_size=settings.max_file_bytes,
                allowed_paths=[], blocked_paths=[str(settings.data_dir)], show_error=False, share=False,
                ssr_mode=False, theme=_theme(), css=CSS, js=JS, footer_links=["api"], quiet=True,
                app_kwargs={"middleware": [guard]})


def serve(assistant: Assistant, host: str = "127.0.0.1", port: int = 7860, eval_dir: Path | None = None,
          extra_hosts: Iterable[str] = ()) -> None:
    """Build the app and serve it until interrupted."""
    demo = build(assistant, eval_dir)
    print(f"citeqa UI on http://{host}:{port}  (Ctrl-C stops it)", flush=True)
    demo.launch(**launch_options(assistant, host, port, extra_hosts))
