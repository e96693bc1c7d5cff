"""The UI's API through gradio_client, its rendering, and its queue under load."""

import concurrent.futures
import json
import logging
import os
import re
import secrets
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from helpers import write
from qa import Answer, AnswerSentence, Assistant, Citation, Passage
from ui.render import chat_markdown, evidence_html, plain

gradio_client = pytest.importorskip("gradio_client")


def _client(url):
    return gradio_client.Client(url, verbose=False)


def _citation(n, text, quote, supported=True):
    start = text.index(quote)
    return Citation(n=n, source="/docs/a.txt", paragraph=2, text=text, quote=quote, start=start,
                    end=start + len(quote), chunk_id="c1", supported=supported)


def test_markup_in_documents_and_answers_is_escaped():
    text = 'Intro. <script>alert(1)</script> <img src=x onerror="alert(2)"> [a](javascript:alert(3)) End.'
    c = _citation(1, text, "<script>alert(1)</script>")
    answer = Answer("q", f"{c.quote} [1]", False, [c], [])
    panel = evidence_html(answer)
    assert "<script>" not in panel and "<img" not in panel and "&lt;script&gt;alert(1)&lt;/script&gt;" in panel
    assert "&lt;img src=x onerror=" in panel
    md = chat_markdown(answer)
    assert "<script>" not in md and "&lt;script&gt;" in md
    assert re.search(r"\[\\\[1\\\]\]\(#cite-1\)$", md), md
    assert "](javascript" not in plain("[a](javascript:alert(3))")


def test_evidence_highlights_each_cited_sentence_and_flags_unsupported_ones():
    text = "First sentence here. Second sentence there. Third one."
    cites = [_citation(1, text, "Second sentence there."), _citation(2, text, "Third one.", supported=False)]
    panel = evidence_html(Answer("q", "x [1] y [2]", False, cites, []))
    assert panel.count('class="ev-card"') == 1  # one passage, two highlighted sentences
    assert '<mark class="ev-quote" id="cite-1" data-chunk="c1" data-start="21" data-end="43" title="show it in the document">Second sentence there.' in panel
    assert 'id="cite-2"' in panel and "ev-unsupported" in panel and "[2] not supported" in panel
    assert "a.txt" in panel and "¶2" in panel
    assert chat_markdown(Answer("q", "x [1] y [2]", False, cites, [])).endswith("(#cite-2)")
    assert "[2?]" in chat_markdown(Answer("q", "x [1] y [2]", False, cites, [])).replace("\\", "")


def test_a_citation_shows_its_page_and_section():
    text = "The lamp is lit at sunset."
    cite = Citation(1, "/docs/manual.pdf", 4, text, text, 0, len(text), chunk_id="c9", page="12", section="Duties › Lamp")
    panel = evidence_html(Answer("q", "x [1]", False, [cite], []))
    assert "p. 12 · Duties › Lamp · ¶4" in panel
    slide = Citation(1, "/docs/deck.pptx", 2, text, text, 0, len(text), page="slide 3")
    assert "slide 3 · ¶2" in evidence_html(Answer("q", "x [1]", False, [slide], []))


def test_the_viewer_shows_a_section_escaped_and_refuses_what_is_not_stored(loaded):
    from ui.app import App
    from ui.render import viewer_text_html

    html_text = viewer_text_html("a.md", "¶2", "Before <b>. The quote here. After.", 12, 27)
    assert '<mark class="vw-mark" id="vw-hl">The quote here.</mark>' in html_text and "&lt;b&gt;" in html_text
    app = App(loaded)
    assert "no longer in the store" in app.view('{"chunk": "nope", "start": 0, "end": 5}')
    assert "not a passage" in app.view("not json")
    chunk = next(iter(loaded.keyword_index().chunks.values()))
    shown = app.view(json.dumps({"chunk": chunk.id, "start": 0, "end": len(chunk.text)}))
    assert 'id="vw-hl"' in shown and str(loaded.settings.data_dir) not in shown


def test_the_short_answer_is_bold_inside_its_highlighted_quote():
    text = "It opened in <1871> & closed later."
    cite = Citation(1, "a.txt", 2, text, text, 0, len(text), answer_span=(13, 19))
    panel = evidence_html(Answer("q", "x [1]", False, [cite], []))
    assert '<mark class="ev-quote" id="cite-1">It opened in <strong class="ev-answer">&lt;1871&gt;</strong> &amp; closed' in panel


def test_sentences_verification_left_out_are_struck_through_in_the_chat():
    text = "Oswin Hale built it in 1871. It stands on a spit."
    kept, wrong = _citation(1, text, "Oswin Hale built it in 1871."), _citation(2, text, "It stands on a spit.", supported=False)
    sentences = [AnswerSentence(kept.quote, (1,), True, 1.4), AnswerSentence("It was <b>painted</b> by Queen Victoria.", (2,), False, 0.2)]
    md = chat_markdown(Answer("q", f"{kept.quote} [1]", False, [kept, wrong], [], sentences=sentences))
    body, _, left_out = md.partition("Not supported by the documents")
    assert "Queen Victoria" not in body and "Oswin Hale" in body
    line = r"^- ~~It was &lt;b&gt;painted&lt;/b&gt; by Queen Victoria\.~~ \[\\\[2\?\\\]\]\(#cite-2\)$"
    assert re.search(line, left_out, re.M), left_out
    assert "Not supported" not in chat_markdown(Answer("q", f"{kept.quote} [1]", False, [kept], [], sentences=sentences[:1]))


def test_an_abstention_shows_as_one_with_the_passages_considered():
    passages = [Passage("/docs/a.txt", "A", 3, "Something <b>near</b>.", 0.5)]
    panel = evidence_html(Answer("q", "The documents don't answer this question.", True, [], passages))
    assert "No answer in the documents" in panel and "Closest passages considered" in panel
    assert "&lt;b&gt;near&lt;/b&gt;" in panel and "¶3" in panel


def test_api_answers_with_citations(ui_url):
    result = _client(ui_url).predict("Who built the Brannock lighthouse?", api_name="/ask")
    assert "Oswin Hale" in result["text"] and not result["abstained"]
    c = result["citations"][0]
    assert c["text"][c["start"]:c["end"]] == c["quote"]


def test_api_reports_bad_questions_in_one_line(ui_url):
    client = _client(ui_url)
    assert client.predict("   ", api_name="/ask") == {"error": "the question is empty"}
    assert "too long" in client.predict("x" * 100_000, api_name="/ask")["error"]


def test_chat_api_keeps_the_conversation(ui_url):
    client = _client(ui_url)  # one client, one session: the conversation state lives on the server
    _, messages, evidence = client.predict("Who was the first pastry chef of the Fenwick Street bakery?", [],
                                           api_name="/chat")
    assert "Nell Archer" in str(messages[-1]["content"]) and "<mark" in evidence
    assert len(messages) == 2
    # Alone, this finds the lighthouse keeper who left in 1987; in the conversation, the pastry chef.
    _, messages, evidence = client.predict("When did she leave?", messages, api_name="/chat")
    assert len(messages) == 4
    # The first quote, before its marker (rendered "[\\[1\\]](#cite-1)").
    first = str(messages[-1]["content"]).split("(#cite-1)")[0]
    assert "2003" in first and "1987" not in first, first


def test_files_outside_the_app_are_not_served(ui_url, ui_store):
    sqlite = next(ui_store.settings.data_dir.rglob("chroma.sqlite3"))
    for path in ["/etc/passwd", str(sqlite)]:
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(f"{ui_url}gradio_api/file={path}", timeout=10)
        assert err.value.code in (403, 404)


def _ask_all(url, questions):
    """Submit every question at once through the UI's queue; each outcome is an answer or an error text."""
    client = _client(url)

    def one(q):
        try:
            return q, client.submit(q, api_name="/ask").result(timeout=120)
        except Exception as exc:  # the client's error for a full queue
            return q, {"busy": str(exc)}

    with concurrent.futures.ThreadPoolExecutor(len(questions)) as pool:
        return list(pool.map(one, questions))


QUESTIONS = [f"{q} ({i})" for i in range(5) for q in (
    "Who built the Brannock lighthouse?", "When did electric light arrive?",
    "Who bakes rye bread every morning?", "What does the bakery sell on Saturdays?")]
FACTS = {"Brannock": "Oswin Hale", "electric": "1952", "rye": "Tomas Reyes", "Saturdays": "cardamom"}


def _check(outcomes):
    answered = busy = 0
    for question, result in outcomes:
        if "busy" in result:
            assert re.search(r"queue is full|busy", result["busy"], re.I), result
            busy += 1
            continue
        assert result["question"] == question  # nobody receives another's answer
        fact = next(v for k, v in FACTS.items() if k in question)
        assert fact in result["text"], (question, result["text"])
        answered += 1
    return answered, busy


@pytest.mark.slow
def test_twenty_concurrent_asks_through_the_queue_are_each_answered(ui_url):
    answered, busy = _check(_ask_all(ui_url, QUESTIONS))
    assert answered + busy == 20 and answered >= 1


@pytest.mark.slow
def test_a_full_queue_says_busy(ui_store, serve_ui, monkeypatch):
    monkeypatch.setattr(ui_store, "settings", ui_store.settings.model_copy(update={"ui_queue_size": 1, "ui_concurrency": 1}))
    with serve_ui(ui_store) as url:
        answered, busy = _check(_ask_all(url, QUESTIONS))
    assert answered >= 1 and busy >= 1 and answered + busy == 20


def test_uploads_are_size_capped(ui_store, serve_ui, monkeypatch):
    import httpx

    monkeypatch.setattr(ui_store, "settings", ui_store.settings.model_copy(update={"max_file_mb": 0.05}))
    with serve_ui(ui_store) as url:
        big = httpx.post(f"{url}gradio_api/upload", files={"files": ("big.txt", b"a" * 100_000)}, timeout=30)
        small = httpx.post(f"{url}gradio_api/upload", files={"files": ("small.txt", b"a" * 1_000)}, timeout=30)
    assert big.status_code == 413 and small.status_code == 200


def test_login_is_required_when_configured(ui_store, serve_ui, monkeypatch):
    import httpx
    from pydantic import SecretStr

    monkeypatch.setattr(ui_store, "settings", ui_store.settings.model_copy(update={"ui_auth": SecretStr("ann:s3cret")}))
    with serve_ui(ui_store) as url:
        anonymous = httpx.post(f"{url}gradio_api/call/ask", json={"data": ["Who built the lighthouse?"]}, timeout=30)
        wrong = httpx.post(f"{url}login", data={"username": "ann", "password": "nope"}, timeout=30)
        answer = gradio_client.Client(url, auth=("ann", "s3cret"), verbose=False).predict(
            "Who built the Brannock lighthouse?", api_name="/ask")
    assert anonymous.status_code == 401 and wrong.status_code == 400
    assert "Oswin Hale" in answer["text"]


def _respond(app, question, messages, conversation):
    *_, last = app.respond(question, messages, conversation)
    _, messages, conversation, evidence = last
    return messages, conversation, evidence


def test_the_chat_state_carries_the_conversation(tmp_path, embedder, docs):
    from qa import Conversation
    from ui.app import App

    assistant = Assistant(data_dir=tmp_path / "data", embedder=embedder, max_turns=2)
    assistant.ingest([docs])
    app = App(assistant)
    messages, conversation, _ = _respond(app, "Who was the first pastry chef of the Fenwick Street bakery?", [],
                                         assistant.conversation())
    messages, conversation, evidence = _respond(app, "When did she leave?", messages, conversation)
    # The follow-up is answered from the conversation: alone, it would find the keeper who left in 1987.
    assert isinstance(conversation, Conversation) and conversation.turns[-1].answer.context
    assert "2003" in str(messages[-1]["content"]) and "2003" in evidence
    messages, conversation, _ = _respond(app, "What does the bakery sell on Saturdays?", messages, conversation)
    assert len(conversation.turns) == 2  # QA_MAX_TURNS


# -- helpers for the served app, driven with plain HTTP as a browser or a script would ----------------

def _call(url, api, data, **headers):
    """One call of the public API ``api`` through /gradio_api/call; the text of its event stream."""
    import httpx

    started = httpx.post(f"{url}gradio_api/call/{api}", content=json.dumps({"data": data}),
                         headers={"Content-Type": "application/json", **headers}, timeout=30)
    started.raise_for_status()
    return httpx.get(f"{url}gradio_api/call/{api}/{started.json()['event_id']}", timeout=120).text


def _result(stream):
    """The data of an event stream's ``complete`` event."""
    done = stream.split("event: complete", 1)[1]
    return json.loads(done.split("data:", 1)[1].strip().splitlines()[0])


def _page_load(url):
    """What the page receives when it loads (the private load event, run through the queue as the page runs it)."""
    import httpx

    config = httpx.get(f"{url}config", timeout=30).json()
    load = next(d for d in config["dependencies"] if any(t[1] == "load" for t in d["targets"]))
    # The page sends its inputs' values as they are when it loads (the collection selector's).
    values = {c["id"]: c.get("props", {}).get("value") for c in config["components"]}
    fn, data = load["id"], [values.get(i) for i in load["inputs"]]
    session = secrets.token_hex(8)
    httpx.post(f"{url}gradio_api/queue/join", json={"data": data, "fn_index": fn, "session_hash": session,
                                                    "event_data": None, "trigger_id": None}, timeout=30).raise_for_status()
    with httpx.stream("GET", f"{url}gradio_api/queue/data", params={"session_hash": session}, timeout=60) as stream:
        for line in stream.iter_lines():
            if '"process_completed"' in line:
                return json.loads(line.removeprefix("data:"))["output"]
    raise AssertionError("the load event did not complete")


def _server_paths(assistant, *roots):
    """Every spelling of the server's folders a response must not carry."""
    folders = [assistant.settings.data_dir, *roots]
    return {p for f in folders for p in (str(f), str(Path(f).resolve()))}


# -- 1. uploads: one name, two files; failed uploads and Delete touch only the UI's own files ------------

def _app(tmp_path, embedder):
    from ui.app import App

    return App(Assistant(data_dir=tmp_path / "data", embedder=embedder))


def test_uploads_with_one_name_are_all_kept(tmp_path, embedder):
    app = _app(tmp_path, embedder)
    first, second, third = (write(tmp_path / f"in{i}" / "report.txt", text) for i, text in enumerate([
        "The harbour master, Elsbeth Varga, closes the pier gate at nine.",
        "The ferry to Skerne leaves at half past seven from the east quay.",
        "The lighthouse museum opens on Sundays from April to October."]))
    assert "2 added" in app.add([str(first), str(second)])  # one batch, two files named alike
    assert "1 added" in app.add([str(third)])  # and a later upload of a third
    docs = app.assistant.documents()
    assert len(docs) == 3 and all(Path(d["source"]).name == "report.txt" for d in docs)
    assert len({Path(d["source"]).parent for d in docs}) == 3
    assert "Elsbeth Varga" in app.assistant.ask("Who closes the pier gate?").text
    names = [row[0] for row in app.document_rows()]
    assert len(set(names)) == 3 and all(n.endswith("report.txt") for n in names)
    # An unreadable upload named like a stored document fails, and the stored one keeps its file.
    bad = tmp_path / "bad" / "report.txt"
    bad.parent.mkdir()
    bad.write_bytes(os.urandom(4096))
    assert "1 failed" in app.add([str(bad)])
    assert all(Path(d["source"]).is_file() for d in app.assistant.documents())
    assert len(app.assistant.documents()) == 3 and bad.is_file()
    assert len(list(app.uploads.rglob("report.txt"))) == 3  # the failed copy went, the three stored stay
    # So does the copy of one with no text of its own, which is skipped, not failed.
    blank = write(tmp_path / "blank" / "report.txt", " ")
    shown = app.add([str(blank)])
    assert "1 skipped" in shown and "0 failed" in shown and "- skipped: report.txt: empty file" in shown
    assert len(list(app.uploads.rglob("report.txt"))) == 3


def test_delete_removes_only_files_the_ui_stored(tmp_path, embedder):
    app = _app(tmp_path, embedder)
    data = app.assistant.settings.data_dir
    # Documents ingested from the command line that happen to sit beside or inside the uploads folder.
    beside = write(data / "uploads-evil" / "keep.txt", "The bell of Tolver chapel was cast in 1790 by Anna Brisk.")
    deeper = write(app.uploads / "a" / "b" / "keep2.txt", "The ferry to Skerne leaves at half past seven.")
    app.assistant.ingest([beside, deeper])
    assert "1 added" in app.add([str(write(tmp_path / "up" / "mine.txt", "The mill on the Skerne was rebuilt in 1902."))])
    names = {row[0]: row for row in app.document_rows()}
    assert set(names) == {"keep.txt", "keep2.txt", "mine.txt"}
    for name in names:
        assert app.delete(name).startswith(f"Deleted {name}")
    assert beside.is_file() and deeper.is_file()  # not the UI's: out of the store, but left on disk
    assert not list(app.uploads.glob("*/mine.txt"))  # the UI's own copy is gone
    assert app.assistant.documents() == []
    assert app.delete("mine.txt") == "No document mine.txt in the store."


# -- 2. the Chroma server down: every handler says so in one line, and the question stays --------------

@pytest.mark.slow
def test_a_dead_chroma_server_is_one_line_in_every_handler(server, tmp_path, embedder, docs, serve_ui):
    from helpers import HOST
    from ui.app import App

    assistant = Assistant(data_dir=tmp_path / "app", chroma_host=HOST, chroma_port=server.port, embedder=embedder)
    assistant.ingest([docs])
    app = App(assistant)
    server.kill()

    def one_line(text):
        assert "\n" not in text.strip() and "Traceback" not in text and "Chroma" in text, text
        return text

    question = "Who built the Brannock lighthouse?"
    *_, (box, messages, _, _) = app.respond(question, [], assistant.conversation())
    assert box == question and messages[0] == {"role": "user", "content": question}
    assert one_line(messages[-1]["content"]).startswith("⚠")
    one_line(app.ask(question)["error"])
    one_line(app.add([str(docs / "lighthouse.txt")]))
    one_line(app.delete("lighthouse.txt"))
    one_line(app.status_line())
    status, rows, choices, *buttons = app.store_view()
    assert one_line(status).startswith("⚠") and rows == []
    with serve_ui(assistant) as url:  # the served page loads and answers the same way
        assert one_line(_page_load(url)["data"][0]).startswith("⚠")
        one_line(_client(url).predict(question, api_name="/ask")["error"])
        _, messages, _ = _client(url).predict(question, [], api_name="/chat")
        assert question in str(messages[0]["content"]) and one_line(str(messages[-1]["content"]))


# -- 3. a question that is not text, and errors nobody foresaw --------------------------------------------

def test_a_lone_surrogate_is_one_clear_line(ui_url, ui_store):
    from ui.app import App

    app = App(ui_store)
    assert app.ask("\ud800 who?")["error"] == "the question is not valid text (it holds bytes that are not UTF-8)"
    *_, (box, messages, _, _) = app.respond("\ud800 who?", [], ui_store.conversation())
    assert "not valid text" in messages[-1]["content"] and box.startswith("\ufffd")
    assert messages[0]["content"].startswith("\ufffd") and "\ud800" not in box + messages[0]["content"]
    # gradio_client cannot send a lone surrogate; JSON can ("\ud800"), and a browser's fetch may.
    raw = '{"data": ["\\ud800 who?"]}'
    import httpx

    started = httpx.post(f"{ui_url}gradio_api/call/ask", content=raw, headers={"Content-Type": "application/json"}, timeout=30)
    result = _result(httpx.get(f"{ui_url}gradio_api/call/ask/{started.json()['event_id']}", timeout=60).text)
    assert result == [{"error": "the question is not valid text (it holds bytes that are not UTF-8)"}]
    chat = _result(_call(ui_url, "chat", ["\ud800 who?", []]))
    assert "not valid text" in json.dumps(chat[1][-1]) and "internal error" not in json.dumps(chat)


def test_an_unforeseen_error_is_one_line_and_logged(tmp_path, embedder, docs, monkeypatch, caplog):
    from qa import StoreError
    from ui.app import App

    assistant = Assistant(data_dir=tmp_path / "data", embedder=embedder)
    assistant.ingest([docs])
    app = App(assistant)

    # A fault no real part produces on demand: a bug deep in answering, with a message of several lines.
    def broken(*args, **kwargs):
        raise TypeError("unhashable type: 'list'\n  at /srv/secret/place")
        yield  # pragma: no cover

    monkeypatch.setattr(assistant, "stream", broken)
    with caplog.at_level(logging.ERROR, logger="qa.ui"):
        error = app.ask("Who built the Brannock lighthouse?")["error"]
        *_, (box, messages, _, _) = app.respond("Who built the Brannock lighthouse?", [], assistant.conversation())
    assert error and "\n" not in error and "secret" not in error and "TypeError" not in error
    shown = messages[-1]["content"]
    assert shown.startswith("⚠") and "\n" not in shown and "secret" not in shown
    assert box == "Who built the Brannock lighthouse?"
    logged = [r for r in caplog.records if r.name == "qa.ui"]
    assert len(logged) == 2 and all(r.exc_info and "secret" in r.getMessage() + str(r.exc_info[1]) for r in logged)

    def mute(*args, **kwargs):  # an error of ours with nothing to say still says something
        raise StoreError("")

    monkeypatch.setattr(assistant, "ask", mute)
    assert app.ask("Who built the Brannock lighthouse?")["error"].strip()


# -- 4. no server path reaches a visitor --------------------------------------------------------------

def test_no_server_path_reaches_a_visitor(ui_url, ui_store):
    import httpx

    roots = _server_paths(ui_store, *{str(Path(d["source"]).parent) for d in ui_store.documents()})
    page = httpx.get(ui_url, timeout=30).text + httpx.get(f"{ui_url}config", timeout=30).text
    loaded = json.dumps(_page_load(ui_url))
    asked = _call(ui_url, "ask", ["Who built the Brannock lighthouse?"])
    chatted = _call(ui_url, "chat", ["What is the boiling point of liquid nitrogen?", []])  # an abstention shows passages
    assert "lighthouse.txt" in loaded and "bakery.md" in loaded and "Oswin Hale" in asked and "ev-card" in chatted
    for text in (page, loaded, asked, chatted):
        assert not [r for r in roots if r in text], [r for r in roots if r in text]
    answer = _result(asked)[0]
    assert {c["source"] for c in answer["citations"]} == {"lighthouse.txt"}
    assert {p["source"] for p in answer["passages"]} <= {"lighthouse.txt", "bakery.md"}


def test_a_busy_store_is_reported_without_its_path(tmp_path, embedder, docs):
    from ui.app import App

    assistant = Assistant(data_dir=tmp_path / "data", embedder=embedder)
    assistant.ingest([docs])
    app = App(assistant)
    with assistant.write_lock():  # another writer holds the store
        added = app.add([str(docs / "lighthouse.txt")])
        deleted = app.delete("lighthouse.txt")
    for text in (added, deleted):
        assert "another process is writing to the store" in text and "the data folder" in text, text
        assert not [r for r in _server_paths(assistant) if r in text], text


# -- 5. a foreign Host or Origin is refused ---------------------------------------------------------------

def _status(url, method="GET", path="", **headers):
    import httpx

    files = {"files": ("x.txt", b"hello")} if method == "POST" else None
    return httpx.request(method, f"{url}{path}", headers=headers, files=files, timeout=30).status_code


def test_a_foreign_host_or_origin_is_refused(ui_url):
    own = ui_url.rstrip("/")
    assert _status(ui_url) == 200 and _status(ui_url, Origin=own) == 200
    assert _status(ui_url, Host="evil.example") == 403  # DNS rebinding: the attacker's name, our address
    assert _status(ui_url, Host=f"evil.example:{ui_url.rsplit(':', 1)[1].rstrip('/')}") == 403
    assert _status(ui_url, Origin="http://evil.example") == 403
    assert _status(ui_url, Origin="null") == 403
    assert _status(ui_url, "GET", "config", Host="evil.example") == 403
    assert _status(ui_url, "POST", "gradio_api/upload", Origin="http://evil.example") == 403  # cross-site upload
    assert _status(ui_url, "POST", "gradio_api/upload", Origin=own) == 200
    assert _status(ui_url, "GET", "config", Host=f"localhost:{ui_url.rsplit(':', 1)[1].rstrip('/')}") == 200


def test_any_host_still_needs_a_same_origin_origin(ui_store, free_port):
    """As when bound to 0.0.0.0 (or told to answer any name): any Host, but a cross-site Origin is still refused."""
    from helpers import HOST
    from ui.app import allowed_hosts, build, launch_options

    assert allowed_hosts("0.0.0.0", 7860) is None
    demo = build(ui_store)
    demo.launch(prevent_thread_lock=True, **launch_options(ui_store, HOST, free_port, extra_hosts=["*"]))
    url = f"http://{HOST}:{free_port}/"
    try:
        assert _status(url, Host="qa.example.org") == 200
        assert _status(url, Host="qa.example.org", Origin="http://qa.example.org") == 200
        assert _status(url, Host="qa.example.org", Origin="http://evil.example") == 403
        assert _status(url, "POST", "gradio_api/upload", Host="qa.example.org", Origin="http://evil.example") == 403
    finally:
        demo.close()


# -- 6. failed logins are throttled; a deleted upload is no longer served -----------------------------

def test_failed_logins_are_throttled(ui_store, serve_ui, monkeypatch):
    import httpx
    from pydantic import SecretStr

    monkeypatch.setattr(ui_store, "settings", ui_store.settings.model_copy(update={"ui_auth": SecretStr("ann:s3cret")}))

    def login(password):
        return httpx.post(f"{url}login", data={"username": "ann", "password": password}, timeout=30).status_code

    with serve_ui(ui_store) as url:
        assert login("s3cret") == 200  # a success is not counted against anyone
        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            codes = list(pool.map(login, [f"guess{i}" for i in range(40)]))
        assert codes.count(400) <= 5 and codes.count(429) >= 35 and set(codes) <= {400, 429}, codes
        assert login("s3cret") == 429  # locked out for a while, even with the right password
        assert httpx.get(url, timeout=30).status_code == 200  # the rest of the app is not


def test_the_login_throttle_forgets(monkeypatch):
    from ui.app import LoginThrottle

    now = [0.0]
    throttle = LoginThrottle(limit=5, window=60, clients=100, clock=lambda: now[0])
    assert [throttle.begin("a") for _ in range(6)][-1] == 60.0
    now[0] = 30.0
    assert throttle.begin("a") == 30.0
    now[0] = 60.5
    assert throttle.begin("a") == 0.0  # the window passed
    throttle.succeeded("a")
    for i in range(1000):
        throttle.begin(f"10.0.{i // 256}.{i % 256}")
    assert len(throttle) == 100  # bounded memory: the least recently seen are forgotten


def test_a_deleted_upload_is_no_longer_served(tmp_path, embedder, serve_ui):
    import httpx

    assistant = Assistant(data_dir=tmp_path / "data", embedder=embedder)
    with serve_ui(assistant) as url:
        paths = httpx.post(f"{url}gradio_api/upload", timeout=30, files=[
            ("files", ("harbour.txt", b"The harbour master, Elsbeth Varga, closes the pier gate at nine.")),
            ("files", ("ferry.txt", b"The ferry to Skerne leaves at half past seven from the east quay."))]).json()
        for path in paths:
            assert httpx.get(f"{url}gradio_api/file={path}", timeout=30).status_code == 200
        report = _result(_call(url, "add", [[{"path": p, "meta": {"_type": "gradio.FileData"}} for p in paths]]))[0]
        assert "2 added" in report, report
        assert "Deleted harbour.txt" in _result(_call(url, "delete", ["harbour.txt"]))[0]
        assert httpx.get(f"{url}gradio_api/file={paths[0]}", timeout=30).status_code in (403, 404)
        assert httpx.get(f"{url}gradio_api/file={paths[1]}", timeout=30).status_code == 200  # still stored
    assert [Path(d["source"]).name for d in assistant.documents()] == ["ferry.txt"]


# -- 7. a document's own "[1]" and URLs stay text -------------------------------------------------------

def test_a_literal_marker_in_a_quote_stays_text():
    text = "Rule [1] of the harbour code was repealed in 1902. See [2] for more."
    c = _citation(1, text, "Rule [1] of the harbour code was repealed in 1902.")
    sentences = [AnswerSentence(c.quote, (1,), True, 1.0)]
    md = chat_markdown(Answer("q", f"{c.quote} [1]", False, [c], [], sentences=sentences))
    assert md.count("(#cite-") == 1 and md.endswith("(#cite-1)"), md
    assert md.startswith(r"Rule \[1\] of the harbour code"), md
    # An LLM fallback keeps the generated sentences (all unsupported) and quotes the extractive answer's text.
    quoted = _citation(1, text, "See [2] for more.")
    invented = _citation(2, text, "Rule [1] of the harbour code was repealed in 1902.", supported=False)
    fallback = Answer("q", f"{quoted.quote} [1]", False, [quoted, invented], [], fallback=True,
                      sentences=[AnswerSentence("It was repealed by the Queen.", (2,), False, 0.1)])
    md = chat_markdown(fallback)
    body = md.partition("Not supported")[0]
    assert body.startswith(r"See \[2\] for more.") and body.count("(#cite-") == 1 and "(#cite-1)" in body, md


def test_bare_urls_are_escaped_for_the_chat():
    for text, inert in [("see https://evil.example/x now", r"https\://evil.example/x"),
                        ("HTTP://evil.example", r"HTTP\://evil.example"), ("at www.evil.example", r"www\.evil.example"),
                        ("write to spy@evil.example", r"spy\@evil.example"), ("ftp://evil.example/f", r"ftp\://")]:
        assert inert in plain(text), plain(text)
    assert "(#cite" not in plain("[x](#cite-1)") and plain("plain words.") == "plain words."


# -- 5. collections: the chat answers from the ones chosen; the documents tab shows and fills one ------------

def test_the_chat_answers_from_the_collections_chosen_and_documents_go_to_the_one_shown(tmp_path, embedder, docs):
    from ui.app import App

    harbour = Assistant(data_dir=tmp_path / "data", embedder=embedder, collection="harbour")
    harbour.ingest([docs / "lighthouse.txt"])
    app = App(harbour)
    chef = "Who was the first pastry chef of the Fenwick Street bakery?"
    # A new name in the documents tab makes the collection when files are added to it.
    assert "1 added" in app.add([str(docs / "notes" / "bakery.md")], "bakery")
    status, rows, _, *_, asked, shelf = app.store_view("bakery")
    assert [r[0] for r in rows] == ["bakery.md"] and status.startswith("1 documents")
    assert asked.choices == shelf.choices == [("bakery", "bakery"), ("harbour", "harbour")]
    assert [r[0] for r in app.store_view("harbour")[1]] == ["lighthouse.txt"]

    def answered(collections) -> str:
        *_, (_, messages, conversation, evidence) = app.respond(chef, [], harbour.conversation(), collections)
        return messages[-1]["content"] + evidence

    assert "Nell Archer" not in answered(["harbour"]) and "Nell Archer" not in answered(None)  # none chosen: the default
    both = answered(["harbour", "bakery"])
    assert "Nell Archer" in both and "bakery.md" in both

    assert app.delete("bakery.md", "harbour") == "No document bakery.md in the store."
    assert app.delete("bakery.md", "bakery").startswith("Deleted bakery.md")
    assert app.store_view("bakery")[1] == []
    assert app.add([str(docs / "lighthouse.txt")], "no spaces allowed").startswith("⚠ bad setting collection")
