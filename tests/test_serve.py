"""``qa serve``: the real ``openai`` client against the endpoint on 127.0.0.1."""

from __future__ import annotations

import httpx
import openai
import pytest

from helpers import HOST, free_port
from qa import Assistant
from qa.serve import Service, model_name, running
from qa.settings import Settings
from qa.words import marked_pieces

KEY = "test-key-1"


@pytest.fixture(scope="module")
def served(tmp_path_factory, embedder):
    """The test documents ingested into two collections of one data dir, served with a key."""
    from helpers import write_docs

    root = tmp_path_factory.mktemp("serve")
    docs = write_docs(root / "docs")
    Assistant(data_dir=root / "data", embedder=embedder).ingest([docs / "notes"])
    Assistant(data_dir=root / "data", embedder=embedder, collection="everything").ingest([docs])
    settings = Settings.load(data_dir=root / "data", api_keys=KEY)
    with running(Service(settings, embedder), HOST, free_port()) as url:
        yield url, settings


def client(url: str, key: str = KEY) -> openai.OpenAI:
    return openai.OpenAI(base_url=url, api_key=key, max_retries=0, timeout=120)


QUESTION = "Who built the Brannock lighthouse?"


def test_a_cited_answer_from_a_named_collection_streamed_or_not(served, embedder):
    url, settings = served
    reply = client(url).chat.completions.create(model=model_name("everything"), messages=[{"role": "user", "content": QUESTION}])
    expected = Assistant(settings, embedder=embedder, collection="everything").ask(QUESTION)
    text = reply.choices[0].message.content
    assert text.startswith(expected.text) and "[1]" in text and "\n\nSources:\n[1] " in text
    cited = reply.model_extra["citations"]
    assert [c["quote"] for c in cited] == [c.quote for c in expected.citations if c.supported]
    assert any("Oswin Hale" in c["quote"] for c in cited)
    assert cited[0]["source"] == "lighthouse.txt"  # the file name, not its path on the serving machine

    parts = list(client(url).chat.completions.create(model=model_name("everything"), stream=True,
                                                    messages=[{"role": "user", "content": QUESTION}]))
    assert "".join(p.choices[0].delta.content or "" for p in parts) == text
    # Sentence by sentence, then the sources.
    assert len([p for p in parts if p.choices[0].delta.content]) == len(marked_pieces(expected.text)) + 1
    last = parts[-1]
    assert last.choices[0].finish_reason == "stop" and last.model_extra["citations"] == cited
    # The audit record travels too, streamed or not, naming files, not paths on the serving machine.
    audit = reply.model_extra["audit"]
    assert last.model_extra["audit"]["citations"] == audit["citations"]
    assert [c["quote"] for c in audit["citations"]] == [c["quote"] for c in cited] and audit["citations"][0]["source"] == "lighthouse.txt"
    assert audit["citations"][0]["document_sha256"] == expected.citations[0].document_sha256 and audit["versions"]["answerer"] == "heuristic"


def test_collections_answer_from_their_own_documents(served):
    url, _ = served
    models = sorted(m.id for m in client(url).models.list())
    assert models == [model_name("citeqa"), model_name("everything")]
    ask = {m: client(url).chat.completions.create(model=m, messages=[{"role": "user", "content": QUESTION}]) for m in models}
    assert ask[model_name("everything")].model_extra["citations"] and not ask[model_name("everything")].model_extra["abstained"]
    # The default collection holds only the notes, which never mention who built the lighthouse.
    assert ask[model_name("citeqa")].model_extra["abstained"] and not ask[model_name("citeqa")].model_extra["citations"]
    # Joined with +, the notes and everything answer together; an unknown part is an unknown model.
    joined = client(url).chat.completions.create(model=model_name("citeqa+everything"), messages=[{"role": "user", "content": QUESTION}])
    assert not joined.model_extra["abstained"] and "Oswin Hale" in joined.choices[0].message.content
    with pytest.raises(openai.NotFoundError):
        client(url).chat.completions.create(model=model_name("citeqa+nowhere"), messages=[{"role": "user", "content": QUESTION}])


def test_earlier_messages_make_the_follow_up(served):
    url, _ = served
    for opening, year, not_year in [("Who was the last resident keeper of the Brannock lighthouse?", "1987", "2003"),
                                    ("Who was the first pastry chef of the Fenwick Street bakery?", "2003", "1987")]:
        first = client(url).chat.completions.create(model=model_name("everything"), messages=[{"role": "user", "content": opening}])
        messages = [{"role": "system", "content": "Be brief."}, {"role": "user", "content": opening},
                    {"role": "assistant", "content": first.choices[0].message.content},
                    {"role": "user", "content": "When did she leave?"}]
        follow = client(url).chat.completions.create(model=model_name("everything"), messages=messages)
        quote = follow.model_extra["citations"][0]["quote"]
        assert year in quote and not_year not in quote, quote


def test_a_wrong_key_gets_401_and_an_unknown_model_404_in_openais_shape(served):
    url, _ = served
    with pytest.raises(openai.AuthenticationError) as denied:
        client(url, key="wrong").chat.completions.create(model=model_name("everything"), messages=[{"role": "user", "content": QUESTION}])
    assert denied.value.status_code == 401 and denied.value.code == "invalid_api_key"
    with pytest.raises(openai.AuthenticationError):
        client(url, key="wrong").models.list()
    with pytest.raises(openai.NotFoundError) as missing:
        client(url).chat.completions.create(model="citeqa/nowhere", messages=[{"role": "user", "content": QUESTION}])
    assert missing.value.code == "model_not_found"


@pytest.mark.parametrize("body, says", [
    ({"model": model_name("everything"), "messages": []}, "non-empty list"),
    ({"model": model_name("everything"), "messages": [{"role": "user", "content": QUESTION}, {"role": "assistant", "content": "x"}]},
     "last message must be the user's"),
    ({"model": model_name("everything"), "messages": [{"role": "user", "content": "   "}]}, "empty"),
])
def test_bad_requests_are_400_with_a_message(served, body, says):
    url, _ = served
    reply = httpx.post(f"{url}/chat/completions", json=body, headers={"Authorization": f"Bearer {KEY}"}, timeout=60)
    assert reply.status_code == 400 and says in reply.json()["error"]["message"], reply.text
    assert reply.json()["error"]["type"] == "invalid_request_error"


def test_serving_beyond_loopback_needs_keys(tmp_path):
    from qa.errors import SettingsError
    from qa.serve import serve

    with pytest.raises(SettingsError, match="QA_API_KEYS"):
        serve(Settings.load(data_dir=tmp_path), host="0.0.0.0", port=free_port())


def test_a_taken_port_is_one_line(tmp_path, capsys):
    import socket

    from qa.cli import main

    with socket.create_server((HOST, 0)) as taken:
        port = taken.getsockname()[1]
        assert main(["serve", "--port", str(port), "--data-dir", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"qa: error: cannot serve on 127.0.0.1:{port}") and err.count("\n") == 1, err


def test_a_streamed_llm_answer_sends_only_the_sentences_verification_upheld(tmp_path, embedder, docs):
    # A hand-written LLM server, for what no real model does on request: a true sentence, then an invented one.
    from fakellm import quote_passage_one_then_invent, serve

    Assistant(data_dir=tmp_path / "data", embedder=embedder).ingest([docs])
    with serve("openai", quote_passage_one_then_invent) as llm:
        settings = Settings.load(data_dir=tmp_path / "data", llm="openai", llm_base_url=llm.url, llm_model="m")
        with running(Service(settings, embedder), HOST, free_port()) as url:
            parts = list(client(url).chat.completions.create(model=model_name("citeqa"), stream=True,
                                                            messages=[{"role": "user", "content": QUESTION}]))
    said = "".join(p.choices[0].delta.content or "" for p in parts)
    assert llm.requests and "Queen Victoria" not in said and "[1]" in said
    last = parts[-1]
    assert last.choices[0].finish_reason == "stop" and all(c["supported"] for c in last.model_extra["citations"])
