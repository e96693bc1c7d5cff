import pytest

from fakellm import serve
from qa import Answer, Assistant
from qa.chat import CONDENSE_PROMPT, names_in, rule_context


def turn(question: str, text: str) -> tuple[str, Answer]:
    return question, Answer(question, text, False)


def test_a_question_that_stands_alone_gets_no_context():
    history = [turn("Who built the lighthouse?", "Oswin Hale built it. [1]")]
    assert rule_context("What does the bakery on Fenwick Street sell on Saturdays?", history) == ""
    assert rule_context("When did he build it?", []) == ""


def test_a_follow_up_carries_the_subject_of_its_thread():
    history = [turn("Who was the last resident keeper of the Brannock lighthouse?", "Ida Penrose. [1]")]
    assert rule_context("When did she leave?", history).startswith("Who was the last resident keeper of the Brannock lighthouse?")


def test_names_are_taken_from_sentences_not_from_what_was_asked():
    assert names_in("In 1871 the engineer Oswin Hale built the Brannock lighthouse.", "Who built the Brannock lighthouse?") == ["Oswin Hale"]
    assert names_in("Earlier, The Times reported that the U.S. agreed.") == ["The Times", "U.S"]


@pytest.fixture
def loaded(assistant, docs):
    assistant.ingest([docs])
    return assistant


def test_follow_up_names_the_answer_of_the_turn_before(loaded):
    session = loaded.chat()
    first = session.ask("Who built the Brannock lighthouse?")
    assert "Oswin Hale" in first.text
    context = session.context_for("Why did he choose that spot?")
    assert "Oswin Hale" in context and "Brannock" in context
    assert "hidden shoal" in session.ask("Why did he choose that spot?").text


def test_history_is_bounded(tmp_path, embedder, docs, monkeypatch):
    monkeypatch.setenv("QA_MAX_TURNS", "2")
    assistant = Assistant(data_dir=tmp_path / "data", embedder=embedder, llm="extractive")
    assistant.ingest([docs])
    session = assistant.chat()
    for q in ["Who built the Brannock lighthouse?", "When was it built?", "When did electric light arrive?"]:
        session.ask(q)
    assert [a.question for a in session.history] == ["When was it built?", "When did electric light arrive?"]
    assert len(session.standalone) == 2
    session.reset()
    assert session.history == [] and session.context_for("When did he leave?") == ""


@pytest.mark.parametrize("condensed, used", [
    ("When did the last resident keeper Ida Penrose leave the Brannock lighthouse?", True),
    ("When did she leave the tower?", False),  # the subject lost: the rule's words are added back
    ("", False),  # nothing useful: the rule stands in
    ("Bananas! " * 40, False),  # noise
])
def test_with_an_llm_a_follow_up_is_condensed(tmp_path, embedder, docs, condensed, used):
    def reply(messages):
        if messages[0]["content"] == CONDENSE_PROMPT:
            return condensed
        return "Ida Penrose left the tower in 1987 after the light was automated [1]."

    with serve("openai", reply) as server:
        assistant = Assistant(data_dir=tmp_path / "data", embedder=embedder, llm="openai", llm_base_url=server.url, llm_model="m")
        assistant.ingest([docs])
        session = assistant.chat()
        session.ask("Who was the last resident keeper of the Brannock lighthouse?")
        parts = list(session.stream("When did she leave?"))
    condense_requests = [r for r in server.requests if r["body"]["messages"][0]["content"] == CONDENSE_PROMPT]
    assert len(condense_requests) == 1 and "When did she leave?" in condense_requests[0]["body"]["messages"][1]["content"]
    assert (session.standalone[-1] == condensed) is used
    assert {"Brannock", "keeper", "Ida", "Penrose"} <= set(session.standalone[-1].split())
    assert "1987" in parts[-1].text and session.history[-1] is parts[-1]
