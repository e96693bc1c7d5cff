"""The UI's API through gradio_client, its rendering, and its queue under load."""

import concurrent.futures
import re
import urllib.error
import urllib.request

import pytest

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
    assert '<mark class="ev-quote" id="cite-1">Second sentence there.' in panel
    assert 'id="cite-2"' in panel and "ev-unsupported" in panel and "[2] not supported" in panel
    assert "a.txt" in panel and "¶2" in panel
    assert chat_markdown(Answer("q", "x [1] y [2]", False, cites, [])).endswith("(#cite-2)")
    assert "[2?]" in chat_markdown(Answer("q", "x [1] y [2]", False, cites, [])).replace("\\", "")


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
    client = _client(ui_url)
    _, messages, evidence = client.predict("Who was the last resident keeper of the Brannock lighthouse?", [],
                                           api_name="/chat")
    assert "Ida Penrose" in str(messages[-1]["content"]) and "<mark" in evidence
    assert len(messages) == 2


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
