"""The UI in a real headless Chromium: answers with evidence, uploads, inert markup, no other hosts.

Screenshots go to artifacts/ui/ for a person to look at.
"""

import json
import os
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from qa import Assistant

CHROMIUM = os.environ.get("QA_TEST_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts" / "ui"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]

pytestmark = pytest.mark.slow

HOSTILE = """# Harbour notice

<script>window.__pwned = 'script'; alert('script')</script>

The harbour master, Elsbeth Varga, closes the pier gate at nine. <img src=x onerror="window.__pwned='img'; alert('img')"> More at <a href="javascript:window.__pwned='link'">the notice board</a> or [this link](javascript:window.__pwned='md').

<iframe src="https://example.com/"></iframe><svg onload="window.__pwned='svg'"></svg>
"""


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing; .ci/run installs Debian's chromium")
        pytest.skip(f"no Chromium at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, request):
    """A fresh page that records requests and dialogs; fails the test on one that leaves the app's origin."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    pg.requests, pg.dialogs = [], []
    pg.on("request", lambda r: pg.requests.append(r.url))
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    yield pg
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    origins = {urlsplit(u).netloc for u in pg.requests if not u.startswith(("data:", "blob:"))}
    context.close()
    assert len(origins) == 1, f"requests left the app's origin: {sorted(origins)}"


def open_app(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("#question textarea")
    page.wait_for_function("() => / store/.test(document.querySelector('#status').innerText)")


def ask(page, question: str) -> None:
    page.fill("#question textarea", question)
    page.press("#question textarea", "Enter")
    page.wait_for_function(
        "q => { const m = document.querySelectorAll('#chat .message'); return m.length >= 2 && document.querySelector('#question textarea').value === '' && !document.querySelector('#chat .pending') }",
        arg=question, timeout=60_000)


def test_a_question_gets_its_answer_and_highlighted_evidence(page, ui_url):
    open_app(page, ui_url)
    assert "2 documents" in page.inner_text("#status")
    ask(page, "Who built the Brannock lighthouse?")
    page.wait_for_selector("#evidence mark.ev-quote")
    answer = page.locator("#chat .message").last.inner_text()
    assert "Oswin Hale" in answer and "[1]" in answer
    highlighted = page.locator("#evidence mark.ev-quote").all_inner_texts()
    assert any("Oswin Hale" in h for h in highlighted)
    assert "lighthouse.txt" in page.inner_text("#evidence") and "¶" in page.inner_text("#evidence")
    # a marker brings its passage into view
    page.locator('#chat a[href="#cite-1"]').last.click()
    page.wait_for_selector("#cite-1.ev-focus")
    assert page.url.rstrip("/") == ui_url.rstrip("/")  # the marker did not navigate away


def test_a_follow_up_uses_the_conversation(page, ui_url):
    # "When did she leave?" alone finds the lighthouse keeper (1987); after this opening it must be the pastry chef.
    open_app(page, ui_url)
    ask(page, "Who was the first pastry chef of the Fenwick Street bakery?")
    page.wait_for_function("() => document.querySelectorAll('#chat .message').length >= 2 && document.querySelector('#evidence mark')")
    ask(page, "When did she leave?")
    page.wait_for_function("() => document.querySelectorAll('#chat .message').length >= 4")
    # The follow-up's own answer, once complete (it ends in a marker), names the year she left.
    page.wait_for_function("() => /\\[\\d+\\]\\s*$/.test([...document.querySelectorAll('#chat .message')].pop().innerText.trim())",
                           timeout=60_000)
    follow_up = page.locator("#chat .message").last.inner_text()
    assert "2003" in follow_up.split("[1]")[0] and "1987" not in follow_up.split("[1]")[0], follow_up


def test_an_unanswerable_question_shows_an_abstention(page, ui_url):
    open_app(page, ui_url)
    ask(page, "What is the boiling point of liquid nitrogen?")
    page.wait_for_selector("#evidence .ev-abstained")
    assert "Closest passages considered" in page.inner_text("#evidence")


def upload(page, path: Path) -> str:
    page.get_by_role("tab", name="Documents").click()
    page.set_input_files("#upload input[type=file]", str(path))
    # The upload goes through the server first: as slow as the machine is busy.
    page.wait_for_function("() => document.querySelector('#upload').innerText.includes('" + path.name + "')", timeout=120_000)
    page.click("#add")
    page.wait_for_function("() => /added|updated|failed/.test(document.querySelector('#ingest-report').innerText)",
                           timeout=120_000)
    return page.inner_text("#ingest-report")


def test_an_uploaded_document_becomes_answerable(page, ui_store, serve_ui, tmp_path):
    doc = tmp_path / "observatory.md"
    doc.write_text("# The Skerne Observatory\n\nThe Skerne Observatory was founded in 1923 by the astronomer "
                   "Hilda Marwick, who ground its first mirror by hand.\n", encoding="utf-8")
    with serve_ui(ui_store) as url:
        open_app(page, url)
        assert "1 added" in upload(page, doc)
        page.wait_for_function("() => document.querySelector('#documents').innerText.includes('observatory.md')")
        page.get_by_role("tab", name="Chat").click()
        ask(page, "Who founded the Skerne Observatory?")
        page.wait_for_selector("#evidence mark")
        assert "Hilda Marwick" in page.locator("#chat .message").last.inner_text()
        assert "observatory.md" in page.inner_text("#evidence")
        # a file the engine cannot read is reported, and nothing is lost
        bad = tmp_path / "noise.txt"
        bad.write_bytes(os.urandom(4096))
        assert "failed" in upload(page, bad)
        assert "observatory.md" in page.inner_text("#documents")
        # and deleting it from the list removes it from the store
        page.click("#delete-choice input")
        page.locator("[role=option]", has_text="observatory.md").click()
        page.click("#delete")
        page.wait_for_function("() => document.querySelector('#ingest-report').innerText.includes('Deleted observatory.md')")
        page.wait_for_function("() => !document.querySelector('#documents').innerText.includes('observatory.md')")
    assert "observatory.md" not in str(ui_store.documents())


def test_any_file_can_be_picked_and_is_read_or_refused_by_its_content(page, ui_store, serve_ui, tmp_path):
    # A README named without a suffix is plain text the engine reads; a picture is refused with its reason,
    # by the engine, not by the picker.
    readme = tmp_path / "README"
    readme.write_text("Skerne tide tables\n\nThe Skerne tide tables are printed each March by the harbour "
                      "office on Quay Street.\n", encoding="utf-8")
    picture = tmp_path / "chart.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(512))
    with serve_ui(ui_store) as url:
        open_app(page, url)
        assert "1 added" in upload(page, readme)
        page.wait_for_function("() => document.querySelector('#documents').innerText.includes('README')")
        # the picker is emptied once the report is in; a file chosen before that would be emptied with it
        page.wait_for_function("() => !document.querySelector('#upload').innerText.includes('README')")
        page.set_input_files("#upload input[type=file]", str(picture))
        page.wait_for_function("() => document.querySelector('#upload').innerText.includes('chart.png')", timeout=120_000)
        page.click("#add")
        page.wait_for_function("() => document.querySelector('#ingest-report').innerText.includes('1 failed')", timeout=120_000)
        assert "chart.png: unsupported file type" in page.inner_text("#ingest-report")
    assert any(d["source"].endswith("/README") for d in ui_store.documents())


def upload_then_chat(page, url: str, doc: Path) -> None:
    """Open the app, add ``doc`` through the Documents tab, and come back to the chat."""
    open_app(page, url)
    assert "1 added" in upload(page, doc)
    page.get_by_role("tab", name="Chat").click()


def test_markup_in_a_document_executes_nothing(page, ui_store, serve_ui, tmp_path):
    doc = tmp_path / "notice.md"
    doc.write_text(HOSTILE, encoding="utf-8")
    with serve_ui(ui_store) as url:
        upload_then_chat(page, url, doc)
        ask(page, "Who closes the pier gate at nine?")
        page.wait_for_selector("#evidence mark")
        page.wait_for_timeout(500)
        evidence = page.inner_text("#evidence")
        # The markdown reader leaves raw HTML out; what markup is left (a javascript: link it did not take
        # for a link) is shown as text.
        assert "Elsbeth Varga" in evidence and ("onerror=" in evidence or "<script>" in evidence or "javascript:" in evidence)
        assert page.evaluate("() => window.__pwned") is None and not page.dialogs
        for where in ("#evidence", "#chat"):
            assert page.locator(f"{where} img, {where} script, {where} iframe, {where} svg[onload]").count() == 0
            assert page.locator(f"{where} a[href^='javascript']").count() == 0
    ui_store.delete(next(d["source"] for d in ui_store.documents() if d["source"].endswith("notice.md")))


def test_an_empty_store_says_so(page, embedder, serve_ui, tmp_path):
    with serve_ui(Assistant(data_dir=tmp_path / "empty", embedder=embedder)) as url:
        open_app(page, url)
        assert "store is empty" in page.inner_text("#status")
        ask(page, "Who built the lighthouse?")
        page.wait_for_function("() => document.querySelector('#chat').innerText.includes('store is empty')")


def test_the_evaluation_tab_shows_the_latest_report(page, ui_store, serve_ui, tmp_path, docs):
    from eval.run import main as run_eval

    questions = tmp_path / "q.jsonl"
    questions.write_text(json.dumps({"id": "f1", "category": "factoid", "question": "Who built the Brannock lighthouse?",
                                     "answers": ["Oswin Hale"], "support": [{"source": "lighthouse.txt", "quote": "Oswin Hale"}]}))
    thresholds = tmp_path / "t.toml"
    thresholds.write_text("[floors]\n")
    out = tmp_path / "report"
    assert run_eval(["--docs", str(docs), "--questions", str(questions), "--thresholds", str(thresholds),
                     "--report-dir", str(out)]) == 0
    with serve_ui(ui_store, out) as url:
        page.goto(url)
        page.get_by_role("tab", name="Evaluation").click()
        page.wait_for_function("() => document.body.innerText.includes('answer_accuracy')")
        body = page.inner_text("body")
        assert "Who built the Brannock lighthouse?" in body and "factoid" in body and "extractive generator" in body
        page.wait_for_selector("img[src*='metrics']")
    shutil.rmtree(out)


def test_generated_sentences_without_support_are_shown_struck_out(page, embedder, serve_ui, tmp_path, docs):
    from fakellm import quote_passage_one_then_invent, serve

    with serve("openai", quote_passage_one_then_invent) as server:
        assistant = Assistant(data_dir=tmp_path / "data", embedder=embedder, llm="openai",
                              llm_base_url=server.url, llm_model="test-model")
        assistant.ingest([docs])
        with serve_ui(assistant) as url:
            open_app(page, url)
            ask(page, "Who built the Brannock lighthouse?")
            page.wait_for_selector("#chat del")
            struck = page.locator("#chat .message").last.locator("del").all_inner_texts()
            assert any("Queen Victoria" in s for s in struck), struck
            last = page.locator("#chat .message").last
            assert "Not supported by the documents" in last.inner_text()
            # its marker is shown as unconfirmed, and leads to the passage it pointed at, flagged
            assert "?]" in last.locator("li").last.inner_text() and last.locator("li a[href^='#cite-']").count() == 1
            assert "not supported by this passage" in page.inner_text("#evidence")
            assert "Queen Victoria" not in page.inner_text("#evidence")
    assert server.requests, "the answer came from the generator"


def test_the_chat_shows_each_sentence_once_upheld_and_never_an_unverified_one(page, embedder, serve_ui, tmp_path, docs):
    import time

    from fakellm import first_sentence, passages_of

    class Slow:
        """A model that writes a true sentence, pauses in the middle of the next, then invents."""

        name = "slow"
        said: list[str] = []

        def stream(self, messages):
            n, text = next(iter(passages_of(messages).items()))
            true = first_sentence(text.lstrip("… "))
            self.said.append(" ".join(true.split()[:6]))
            yield f"Quote: {true} [{n}]\nAnswer: {true} [{n}] It was"
            time.sleep(5)
            yield " painted blue by Queen Victoria in 1840 [1]."

    slow = Slow()
    assistant = Assistant(data_dir=tmp_path / "data", embedder=embedder, generator=slow)
    assistant.ingest([docs])
    with serve_ui(assistant) as url:
        open_app(page, url)
        # Every text the answer's bubble shows, until the final answer strikes out what was not upheld.
        page.evaluate("""() => { window.__seen = []; new MutationObserver(() => {
            const m = [...document.querySelectorAll('#chat .message')];
            if (m.length >= 2 && !document.querySelector('#chat del')) window.__seen.push(m[m.length - 1].innerText);
        }).observe(document.querySelector('#chat'), {subtree: true, childList: true, characterData: true}); }""")
        page.fill("#question textarea", "Who built the Brannock lighthouse?")
        page.press("#question textarea", "Enter")
        # The upheld sentence shows while the model is still writing the next one.
        page.wait_for_function("() => window.__seen.length > 0 && document.querySelector('#chat .message')")
        for _ in range(300):  # bounded: the model starts within seconds
            if slow.said:
                break
            time.sleep(0.1)
        page.wait_for_function("w => [...document.querySelectorAll('#chat .message')].pop().innerText.includes(w)",
                               arg=slow.said[0], timeout=60_000)
        assert page.locator("#chat del").count() == 0
        page.wait_for_selector("#chat del", timeout=60_000)
        seen = page.evaluate("window.__seen")
        assert any(slow.said[0] in s for s in seen) and not any("Queen Victoria" in s for s in seen), seen
        assert any("Queen Victoria" in s for s in page.locator("#chat .message").last.locator("del").all_inner_texts())


LINKS = """# Harbour rules

Rule [1] of the Tolver harbour code says the pier gate closes at nine, as posted at https://evil.example/rules and www.evil.example, or ask harbourmaster@evil.example.
"""


def test_urls_and_a_literal_marker_in_a_document_stay_text(page, ui_store, serve_ui, tmp_path):
    doc = tmp_path / "rules.md"
    doc.write_text(LINKS, encoding="utf-8")
    with serve_ui(ui_store) as url:
        upload_then_chat(page, url, doc)
        ask(page, "What does rule 1 of the Tolver harbour code say about the pier gate?")
        page.wait_for_selector("#evidence mark")
        last = page.locator("#chat .message").last
        said = last.inner_text()
        # The document's own "[1]" reads "(1)" in the answer, and stays as written in the evidence.
        assert "Rule (1) of the Tolver harbour code" in said and "https://evil.example/rules" in said, said
        assert "Rule [1] of the Tolver harbour code" in page.inner_text("#evidence")
        assert "harbourmaster@evil.example" in said and "\\" not in said
        # The answer's own marker is the only link: the quoted "[1]" and the URLs are text.
        hrefs = last.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
        marks = page.locator("#evidence mark").count()
        assert marks >= 1 and hrefs == [f"#cite-{n}" for n in range(1, marks + 1)], hrefs
        assert page.locator("#evidence a").count() == 0 and "https://evil.example/rules" in page.inner_text("#evidence")
    ui_store.delete(next(d["source"] for d in ui_store.documents() if d["source"].endswith("rules.md")))


def test_a_dead_chroma_server_is_one_line_and_the_question_stays(page, server, embedder, serve_ui, tmp_path, docs):
    from helpers import HOST

    assistant = Assistant(data_dir=tmp_path / "app", chroma_host=HOST, chroma_port=server.port, embedder=embedder)
    assistant.ingest([docs])
    server.kill()
    question = "Who built the Brannock lighthouse?"
    with serve_ui(assistant) as url:
        page.goto(url)
        page.wait_for_selector("#question textarea")
        # Gradio lays its "processing | 0.1s" progress over the status while the page's load event runs: the status
        # is read once that has gone.
        page.wait_for_function("() => { const t = document.querySelector('#status').innerText;"
                               " return /Chroma/.test(t) && !/processing/.test(t); }")
        status = page.inner_text("#status")
        assert status.startswith("⚠ ") and status.endswith("is it running?") and len(status.splitlines()) == 1, status
        page.fill("#question textarea", question)
        page.press("#question textarea", "Enter")
        page.wait_for_function("() => /⚠/.test(document.querySelector('#chat').innerText)", timeout=60_000)
        page.wait_for_timeout(500)
        messages = page.locator("#chat .message").all_inner_texts()
        assert question in messages[0] and "Chroma" in messages[-1] and len(messages[-1].splitlines()) == 1, messages
        assert page.input_value("#question textarea") == question  # kept for another try
        assert page.locator(".toast-body").count() == 0 and not re.search(r"\bError\b", page.inner_text("body"))


def test_the_chat_answers_from_the_collections_picked(page, serve_ui, tmp_path, embedder):
    from helpers import write_docs

    docs = write_docs(tmp_path / "docs")
    harbour = Assistant(data_dir=tmp_path / "data", embedder=embedder, collection="harbour")
    harbour.ingest([docs / "lighthouse.txt"])
    harbour.create_collection("bakery").ingest([docs / "notes"])
    chef = "Who was the first pastry chef of the Fenwick Street bakery?"
    with serve_ui(harbour) as url:
        open_app(page, url)
        ask(page, chef)
        assert "Nell Archer" not in page.inner_text("#chat")  # only the harbour is asked at first
        page.click("#asked input")
        page.click("li[role=option][aria-label='bakery']")
        page.keyboard.press("Escape")
        ask(page, chef)
        # The chat streams first; the evidence panel follows with the final answer.
        page.wait_for_function("() => /Nell Archer/.test(document.querySelector('#chat').innerText)"
                               " && /bakery\\.md/.test(document.querySelector('#evidence').innerText)", timeout=60_000)


def test_clicking_a_pdf_citation_shows_its_page_with_the_quote_boxed(page, embedder, serve_ui, tmp_path):
    from helpers import make_pages_pdf

    docs = tmp_path / "pdfdocs"
    docs.mkdir()
    make_pages_pdf(docs / "keeper.pdf", [["The keeper trims the lamp wick every four hours."],
                                         ["Filler text on the second page about tides and weather."],
                                         ["The harbour inspector Maud Tremayne visits each spring."]])
    store = Assistant(data_dir=tmp_path / "pdfstore", embedder=embedder)
    store.ingest([docs])
    with serve_ui(store) as url:
        open_app(page, url)
        ask(page, "Who is the harbour inspector?")
        page.wait_for_selector("#evidence mark[data-chunk]")
        assert "p. 3" in page.inner_text("#evidence")
        page.locator("#evidence mark[data-chunk]").first.click()
        page.wait_for_selector("#viewer img.vw-img", timeout=60_000)
        assert "p. 3" in page.inner_text("#viewer")
        image = page.locator("#viewer img.vw-img").bounding_box()
        boxes = [page.locator("#viewer .vw-hl").nth(i).bounding_box() for i in range(page.locator("#viewer .vw-hl").count())]
        assert boxes, "no highlight over the quote"
        # The box lies on the image, on the line the text was set on (72 pt from the left, 52 pt from the top of 792).
        box = boxes[0]
        assert image["x"] <= box["x"] < box["x"] + box["width"] <= image["x"] + image["width"]
        top = (box["y"] - image["y"]) / image["height"]
        assert 0.04 < top < 0.10 and box["width"] > 0.3 * image["width"]


def test_clicking_a_citation_to_a_text_document_shows_its_section(page, embedder, serve_ui, tmp_path):
    docs = tmp_path / "mddocs"
    docs.mkdir()
    filler = "\n\n".join(f"Paragraph {i} says nothing about the inspector at all, only tides." for i in range(40))
    (docs / "station.md").write_text(f"# Station\n\n## Tides\n\n{filler}\n\n## Visits\n\nThe harbour inspector Maud Tremayne visits each spring.\n")
    store = Assistant(data_dir=tmp_path / "mdstore", embedder=embedder)
    store.ingest([docs])
    with serve_ui(store) as url:
        open_app(page, url)
        ask(page, "Who is the harbour inspector?")
        page.wait_for_selector("#evidence mark[data-chunk]")
        assert "Station › Visits" in page.inner_text("#evidence")
        page.locator("#evidence mark[data-chunk]").first.click()
        page.wait_for_selector("#viewer mark#vw-hl", timeout=60_000)
        assert "Maud Tremayne" in page.inner_text("#viewer mark#vw-hl")
        assert "Paragraph 3 says" not in page.inner_text("#viewer")  # the section, not the whole document
