import pytest

import dataclasses

from fakellm import serve
from qa import Answer, Assistant, Conversation, Turn
from qa.conversation import CONDENSE_PROMPT, anchored, asked_again, names_in, needs_context, rule_context


def turn(question: str, text: str) -> Turn:
    return Turn(question, question, Answer(question, text, False))


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


def test_a_name_both_quotes_give_is_carried_first():
    from qa.types import Citation

    quotes = ("The lamp's name is said Loo-mee, with a long o in Loo. It joins the names of Lorna and Ida Penrose, who lit it.",
              "The Brannock light was first lit by Ida Penrose in 1871, under the harbour board.")
    cited = tuple(Citation(n, "lamp.txt", n, q, q, 0, len(q)) for n, q in enumerate(quotes, start=1))
    question = "Who first lit the Brannock light?"
    history = [Turn(question, question, Answer(question, "… [1] … [2]", False, citations=cited))]
    # "Ida Penrose" answered: both quotes give her; the words of how the name is said are no one's.
    assert rule_context("When?", history) == f"{question} Ida Penrose Loo-mee Loo"


def test_after_what_a_thing_is_its_description_names_nothing_for_a_follow_up():
    from qa.types import Citation

    quote = "The tidewell package contains several Python-only fixes for Quay Harbour's gauges."
    cited = (Citation(1, "tidewell.md", 1, quote, quote, 0, len(quote)),)
    history = [Turn(q, q, Answer(q, f"{quote} [1]", False, citations=cited)) for q in ("What is tidewell?",)]
    assert rule_context("When was it added?", [Turn(q, q, Answer(q, f"{quote} [1]", False, citations=cited))
                                               for q in ("What does tidewell.read() return?",)]) == "What does tidewell.read() return?"
    # "it" is tidewell, not Python or Quay Harbour
    assert rule_context("Who wrote it?", history) == "What is tidewell?"
    asked_for_name = [Turn(q, q, Answer(q, f"{quote} [1]", False, citations=cited))
                      for q in ("What is the package for the gauges?",)]
    assert "Quay Harbour" in rule_context("Who wrote it?", asked_for_name)


def test_a_follow_up_of_a_follow_up_keeps_the_subject_it_carried():
    first = turn("Who was the last resident keeper of the Brannock lighthouse?", "Ida Penrose. [1]")
    carried = rule_context("When did she leave?", [first])
    second = Turn("When did she leave?", f"{carried} When did she leave?",
                  Answer("When did she leave?", "In 1987. [1]", False, context=carried))
    assert second.subject == carried
    assert rule_context("Why did she go?", [first, second]).startswith(carried)


def test_which_questions_lean_on_the_conversation():
    assert needs_context("When did she leave?") and needs_context("Why?")
    assert not needs_context("When did the Fenwick Street bakery open?")


def test_anchoring_adds_back_the_words_a_rewrite_dropped():
    assert anchored("When did she leave the tower?", "Brannock lighthouse keeper Ida Penrose") == (
        "When did she leave the tower? Brannock lighthouse keeper Ida Penrose")
    assert anchored("When did Ida Penrose leave?", "Ida Penrose") == "When did Ida Penrose leave?"


def test_a_conversation_is_a_bounded_value():
    c0 = Conversation(max_turns=2)
    c1 = c0.then(Answer("Who built it?", "Hale. [1]", False))
    c3 = c1.then(Answer("When?", "1871. [1]", False)).then(Answer("Why?", "A shoal. [1]", False))
    assert c0.turns == () and len(c1.turns) == 1
    assert [t.question for t in c3.turns] == ["When?", "Why?"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        c3.turns = ()


def test_a_follow_up_that_names_another_document_asks_the_last_question_of_it():
    def names() -> dict[str, int]:
        return {"lampctl": 1, "logctl": 1, "colombia": 2}

    assert asked_again("And in logctl?", "What does lampctl -k do?", names) == "What does logctl -k do?"
    assert asked_again("What about the logctl?", "How do I stop lampctl?", names) == "How do I stop logctl?"
    assert asked_again("And Colombia?", "What does lampctl -k do?", names) == ""  # a name two documents share
    assert asked_again("And in Bergen?", "What does lampctl -k do?", names) == ""  # no document's name
    assert asked_again("And in logctl?", "Who keeps the lamp?", names) == ""  # the last question named none
    assert asked_again("How does logctl start?", "What does lampctl -k do?", names) == ""  # a question of its own


def test_the_same_question_of_another_document_is_answered_from_it(tmp_path, embedder):
    for name, kept in (("lampctl", "the lamp lit"), ("logctl", "the log open"), ("bellctl", "the bell ringing")):
        (tmp_path / "docs").mkdir(exist_ok=True)
        (tmp_path / "docs" / f"{name}.txt").write_text(
            f"{name.upper()}(1)\n\nNAME\n       {name} - keep {kept}\n\nOPTIONS\n       -k --keep\n              Keep {kept} "
            f"when {name} exits.\n\n       -q --quiet\n              Print nothing.\n")
    assistant = Assistant(data_dir=tmp_path / "data", embedder=embedder, answer_sentences=1)
    assistant.ingest([tmp_path / "docs"])
    chat = assistant.chat()
    assert "Keep the lamp lit" in chat.ask("What does lampctl -k do?").citations[0].quote
    again = chat.ask("And in logctl?")
    assert again.context == "What does logctl -k do?" and "Keep the log open" in again.citations[0].quote
    assert "Keep the bell ringing" in chat.ask("What about bellctl?").citations[0].quote


def test_it_after_what_a_thing_is_is_that_thing_through_the_thread(tmp_path, embedder):
    (tmp_path / "docs").mkdir()
    for name, does, author in (("tidewell", "reads the tide gauges of Quay Harbour", "Ada Brennan"),
                               ("lampwell", "lights the lamps of Brannock Pier", "Oswin Hale")):
        title = f"{name} -- {does.split()[0]} harbour things"
        rule = "=" * len(title)
        (tmp_path / "docs" / f"{name}.rst").write_text(
            f"{rule}\n{title}\n{rule}\n\n{author} <{author.split()[0].lower()}@harbour.example>\n\nSynopsis\n========\n\n"
            f"{name} is a Python library that {does} for harbour masters.\n\nInstall\n=======\n\npip install {name}\n\n"
            f"Licence\n=======\n\n{name} is distributed under the terms of the MIT licence.\n\nUsage\n=====\n\n"
            f"Call {name}.read() each morning.\n")
    assistant = Assistant(data_dir=tmp_path / "data", embedder=embedder, answer_sentences=1)
    assistant.ingest([tmp_path / "docs"])
    chat = assistant.chat()
    assert "Ada Brennan" not in chat.ask("What is tidewell?").text
    wrote = chat.ask("Who wrote it?")
    assert wrote.context == "Who wrote tidewell?" and "Ada Brennan" in wrote.citations[0].quote
    # a follow-up of the follow-up is still of tidewell, not of the name that answered
    assert "pip install tidewell" in chat.ask("How do I install it?").citations[0].quote
    # a question that names a thing of its own starts a thread of its own, however few its words
    assert chat.ask("What is lampwell?").context == ""
    assert "Oswin Hale" in chat.ask("Who wrote it?").citations[0].quote


def test_a_follow_ups_sentence_is_chosen_by_what_it_asks_not_only_by_its_thread(tmp_path, embedder):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "society.txt").write_text(
        "The Brannock Lighthouse Society\n\nThe society was sponsored by the Harbour Board of Brannock, the body started by "
        "Oswin Hale and tied to the Brannock Harbour Charter, for one year, from May 1901 to May 1902. The Harbour Board of "
        "Brannock and Oswin Hale's charter still govern the harbour.\n\nIda Penrose started the society in 1899, while "
        "still a keeper at the light.\n\nThe harbour museum holds the lamp's logbooks from 1870 onwards, its spare lenses "
        "and its charts of the bay. He died in the winter of 1931, and his desk stands in the museum's second room. "
        "Visitors may read the logbooks on Sundays.\n")
    assistant = Assistant(data_dir=tmp_path / "data", embedder=embedder, answer_sentences=1)
    assistant.ingest([tmp_path / "docs"])
    chat = assistant.chat()
    assert "1931" not in chat.ask("Who sponsored the society?").text
    # The thread (the sponsor's names) found the passages; the sentence that answers "when did he die" is the quote,
    # not the last answer's own sentence again.
    assert "He died in the winter of 1931" in chat.ask("When did he die?").citations[0].quote


def test_follow_up_names_the_answer_of_the_turn_before(loaded):
    session = loaded.chat()
    first = session.ask("Who built the Brannock lighthouse?")
    assert "Oswin Hale" in first.text
    follow = session.ask("Why did he choose that spot?")
    assert "Oswin Hale" in follow.context and "Brannock" in follow.context
    assert "hidden shoal" in follow.text


def test_history_is_bounded_by_max_turns(tmp_path, embedder, docs, monkeypatch):
    monkeypatch.setenv("QA_MAX_TURNS", "2")
    assistant = Assistant(data_dir=tmp_path / "data", embedder=embedder, llm="extractive")
    assistant.ingest([docs])
    session = assistant.chat()
    for q in ["Who built the Brannock lighthouse?", "When was it built?", "When did electric light arrive?"]:
        session.ask(q)
    assert [t.question for t in session.conversation.turns] == ["When was it built?", "When did electric light arrive?"]
    session.reset()
    assert session.conversation.turns == () and session.conversation.context_for("When did he leave?") == ""


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
    subject = session.conversation.turns[-1].subject
    assert (subject == condensed) is used
    assert {"Brannock", "keeper", "Ida", "Penrose"} <= set(subject.split())
    assert "1987" in parts[-1].text and session.conversation.turns[-1].answer is parts[-1]


def test_a_follow_up_with_the_local_model_keeps_the_thread(tmp_path, embedder, docs, small_llm):
    """The real in-process model condenses the follow-up; whatever it writes, the rule's words keep the subject."""
    assistant = Assistant(data_dir=tmp_path / "data", embedder=embedder, generator=small_llm)
    assistant.ingest([docs])
    session = assistant.chat()
    session.ask("Who was the last resident keeper of the Brannock lighthouse?")
    final = list(session.stream("When did she leave?"))[-1]
    assert {"Brannock", "keeper"} <= set(session.conversation.turns[-1].subject.split())
    # The small model may answer, decline or be overruled; what it was shown holds the answer either way.
    assert final.generator == "local" and any("1987" in p.text for p in final.passages)
