import dataclasses

import pytest

from helpers import write
from qa import Answer, Assistant, InputError, SettingsError
from qa.answer import HeuristicAnswerer
from qa.words import marked_pieces, markers_in


def test_answer_quotes_the_supporting_sentence_with_a_citation(loaded):
    answer = loaded.ask("Who built the Brannock lighthouse?")
    assert not answer.abstained
    assert "Oswin Hale" in answer.text and "[1]" in answer.text
    for n, c in enumerate(answer.citations, start=1):
        assert c.n == n and c.source.endswith("lighthouse.txt") and c.paragraph >= 1
        assert c.text[c.start:c.end] == c.quote and c.quote in c.text
    assert any("Oswin Hale" in c.quote for c in answer.citations)
    assert set(answer.timings) >= {"total_ms", "retrieve_ms"}


def test_every_marker_points_at_a_citation(loaded):
    for q in ["When did electric light arrive at the lighthouse?", "What does the bakery sell on Saturdays?"]:
        answer = loaded.ask(q)
        markers = set(markers_in(answer.text))
        assert markers == {c.n for c in answer.citations} and markers


def test_an_answer_is_a_value(loaded):
    answer = loaded.ask("Who built the Brannock lighthouse?")
    with pytest.raises(dataclasses.FrozenInstanceError):
        answer.text = "something else"
    assert isinstance(answer.citations, tuple) and isinstance(answer.sentences, tuple)
    timed = answer.with_timings(extra_ms=1.0)
    assert "extra_ms" in timed.timings and "extra_ms" not in answer.timings


def test_abstains_when_the_documents_do_not_answer(loaded):
    answer = loaded.ask("What is the boiling point of liquid nitrogen in kelvin?")
    assert answer.abstained and not answer.citations and answer.passages


@pytest.mark.parametrize("question", ["", "   \n\t ", "?!"])
def test_empty_questions_are_refused(loaded, question):
    with pytest.raises(InputError, match="empty"):
        loaded.ask(question)


def test_oversized_question_is_refused_but_control_characters_are_cleaned(loaded):
    with pytest.raises(InputError, match="too long"):
        loaded.ask("why " * 50_000)
    answer = loaded.ask("Who\x00 built\x1b the Brannock\u200b lighthouse?")
    assert "Oswin Hale" in answer.text


def test_long_question_is_answered_from_its_end(loaded):
    filler = "I have been reading about old coastal buildings and their histories for a long time. " * 30
    answer = loaded.ask(filler + "Who was the last resident keeper?")
    assert "Ida Penrose" in answer.text


@pytest.mark.parametrize("opening, year, not_year", [
    ("Who was the last resident keeper of the Brannock lighthouse?", "1987", "2003"),
    ("Who was the first pastry chef of the Fenwick Street bakery?", "2003", "1987"),
])
def test_a_follow_up_is_answered_from_its_conversation(loaded, opening, year, not_year):
    # "When did she leave?" alone cannot tell the keeper from the pastry chef: only the opening question can.
    session = loaded.chat()
    session.ask(opening)
    follow = session.ask("When did she leave?")
    assert year in follow.citations[0].quote and not_year not in follow.citations[0].quote
    assert follow.context and len(session.conversation.turns) == 2
    assert session.conversation.turns[-1].rewritten.endswith("When did she leave?")


def test_a_conversation_is_a_value_the_assistant_does_not_change(loaded):
    conversation = loaded.conversation()
    first = loaded.ask("Who was the first pastry chef of the Fenwick Street bakery?", conversation)
    assert conversation.turns == ()
    after = conversation.then(first)
    follow = loaded.ask("When did she leave?", after)
    assert "2003" in follow.citations[0].quote and len(after.turns) == 1


def test_parts_can_be_handed_in(tmp_path, embedder, docs):
    class FirstSentence:
        """An answerer that always quotes the first sentence of the best passage."""

        def answer(self, question, qvec, hits, vectors, kind=None):
            return HeuristicAnswerer(max_sentences=1, abstain_below=-1.0).answer(question, qvec, hits[:1], {})

    assistant = Assistant(data_dir=tmp_path / "data", embedder=embedder, answerer=FirstSentence())
    assistant.ingest([docs])
    assert assistant.embedder is embedder
    answer = assistant.ask("Who built the Brannock lighthouse?")
    assert len(answer.citations) == 1 and answer.citations[0].start == 0


def test_documents_and_delete(loaded):
    docs = loaded.documents()
    assert sorted(d["title"] for d in docs) == ["Fenwick Street Bakery", "The Keeper of Brannock Light"]
    bakery = next(d for d in docs if d["source"].endswith("bakery.md"))
    gone = {c.id for c in loaded.keyword_index().chunks.values() if c.source == bakery["source"]}
    assert loaded.delete(bakery["source"]) == bakery["chunks"] == len(gone)
    assert len(loaded.documents()) == 1
    assert not any("Tomas Reyes" in t for t in loaded.store.chunks.get(include=["documents"])["documents"])
    assert not {sid.rpartition(":")[0] for sid in loaded.store.sentences.get()["ids"]} & gone
    assert loaded.status()["consistent"]


def test_bad_settings_give_one_line(tmp_path, monkeypatch):
    monkeypatch.setenv("QA_TOP_K", "many")
    with pytest.raises(SettingsError, match="QA_TOP_K"):
        Assistant(data_dir=tmp_path)


def test_another_local_model_directory_can_be_configured(tmp_path, docs, monkeypatch):
    from qa.embed import default_model_dir

    (tmp_path / "my-model").symlink_to(default_model_dir(), target_is_directory=True)
    monkeypatch.setenv("QA_EMBED_MODEL", str(tmp_path / "my-model"))
    assistant = Assistant(data_dir=tmp_path / "data")
    assistant.ingest([docs / "notes"])
    assert assistant.embedder.model_dir == tmp_path / "my-model"
    assert "four o'clock" in assistant.ask("When does Tomas Reyes bake rye bread?").text

    monkeypatch.setenv("QA_EMBED_MODEL", str(tmp_path))
    with pytest.raises(SettingsError, match="has no model.onnx"):
        Assistant(data_dir=tmp_path / "other").ingest([docs])


def test_stream_yields_the_text_then_the_final_answer(loaded):
    parts = list(loaded.stream("Who built the Brannock lighthouse?"))
    final = parts[-1]
    assert isinstance(final, Answer) and all(isinstance(p, str) for p in parts[:-1])
    assert parts[:-1] == marked_pieces(final.text) and "".join(parts[:-1]).strip() == final.text


def test_chat_stream_keeps_the_conversation(loaded):
    session = loaded.chat()
    list(session.stream("Who was the first pastry chef of the Fenwick Street bakery?"))
    parts = list(session.stream("When did she leave?"))
    assert len(session.conversation.turns) == 2 and session.conversation.turns[-1].answer is parts[-1]
    assert "2003" in parts[-1].citations[0].quote


def test_status_is_read_from_the_tables_until_something_disagrees(loaded, tmp_path):
    """A fresh assistant's status comes from Chroma's tables and the keyword catalogue, without opening
    the store; when they disagree (here: no keyword index), Chroma opens the store and reads it all."""
    import shutil

    fresh = Assistant(data_dir=loaded.settings.data_dir, embedder=loaded.embedder)
    quick = fresh.status()
    assert quick["vectors_checked"] is False and quick["consistent"] and fresh._store is None
    full = loaded.status(check=True)
    assert full["vectors_checked"] is True
    assert {k: quick[k] for k in ("documents", "chunks", "sentences", "keyword_index")} == \
           {k: full[k] for k in ("documents", "chunks", "sentences", "keyword_index")}

    shutil.rmtree(loaded.keyword_dir)
    again = Assistant(data_dir=loaded.settings.data_dir, embedder=loaded.embedder).status()
    assert again["vectors_checked"] is True and not again["consistent"]
    assert "keyword index is missing" in again["problems"][0]


def test_the_entry_of_an_option_a_question_names_joins_the_passages_retrieval_found(tmp_path, embedder):
    # A manual that names --rejoin in many paragraphs of prose; its option list's entry is short and ranks below them.
    prose = [f"Example {n}: after the split of the {part} tree, git subtree split --rejoin merges the {part} history "
             f"back, and a later split with --rejoin starts from there." for n, part in
             enumerate(["lamp", "log", "pier", "tower", "harbour", "signal", "boat", "store"], start=1)]
    entry = "--rejoin::\n\tAfter splitting, merge the newly created synthetic history back into your main project."
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "git-subtree.txt").write_text("\n\n".join(prose + ["OPTIONS", entry]) + "\n", encoding="utf-8")
    assistant = Assistant(data_dir=tmp_path / "data", embedder=embedder, top_k=3)
    assistant.ingest([tmp_path / "docs"])
    question = "What does the --rejoin option do?"
    assert not any("synthetic history" in hit.chunk.text for hit in assistant.retrieve(question))
    answer = assistant.ask(question)
    assert answer.citations[0].quote.startswith("--rejoin::") and "synthetic history" in answer.citations[0].quote


def test_a_line_found_alone_brings_the_passage_it_heads(tmp_path, embedder):
    write(tmp_path / "docs" / "oath.txt", "Keepers take an oath before their first watch.\n\nThe Keeper's Oath of 1871\n\n"
                                          "By taking this oath, a keeper promises to light the lamp at dusk and to log every ship.\n")
    assistant = Assistant(data_dir=tmp_path / "data", embedder=embedder, top_k=1, abstain_threshold=0.0)
    assistant.ingest([tmp_path / "docs"])
    answer = assistant.ask("What is the Keeper's Oath of 1871?")
    # Retrieval found only the line; what it heads says the oath.
    assert answer.passages[0].text == "The Keeper's Oath of 1871"
    assert "light the lamp at dusk" in answer.text


def test_a_question_that_names_one_of_two_like_documents_is_answered_from_it(tmp_path, embedder):
    write(tmp_path / "docs" / "LPL-1.0.txt", "Lamp Public Licence\n\nA copy of the LPL hangs in every lamp room.\n\n"
                                              "Keepers may share the oil they are given.\n\n"
                                              "A keeper who breaks these terms has sixty days to cure the breach, "
                                              "after which the oil allowance ends.\n")
    write(tmp_path / "docs" / "HGL-2.txt", "Harbour General Licence\n\nA keeper has thirty days to fix a violation "
                                            "of this licence after the harbour master gives notice.\n\n"
                                            "Fixing a violation late costs the keeper a month of pay.\n\n"
                                            "A violation that is fixed in time is forgiven.\n")
    assistant = Assistant(data_dir=tmp_path / "data", embedder=embedder, top_k=2)
    assistant.ingest([tmp_path / "docs"])
    question = "How long do I have to fix a violation of the LPL?"
    # The other licence's like words rank first; the named one's answer is not among the passages found.
    assert not any("sixty days" in hit.chunk.text for hit in assistant.retrieve(question))
    answer = assistant.ask(question)
    assert "sixty days" in answer.citations[0].quote and answer.citations[0].source.endswith("LPL-1.0.txt")
    # Named by its title's words too; and its name's boilerplate ("A copy of the LPL ...") answers nothing.
    named = assistant.ask("How long does the Lamp Public Licence give to fix a violation?")
    assert "sixty days" in named.citations[0].quote
    # A follow-up that names neither is answered from the one its thread named.
    conversation = assistant.conversation().then(named)
    assert assistant.ask("What ends after that?", conversation).citations[0].source.endswith("LPL-1.0.txt")


def test_an_options_entry_joins_before_the_examples_that_show_it(tmp_path, embedder):
    examples = "".join(f"   -{letter}, --{name} <file>\n          Read {what} from the file, as in:\n\n"
                       f"          # fetch the lamp page too\n          url = \"example.org/{name}\"\n          -O\n"
                       f"          referer = \"example.org\"\n\n"
                       for letter, name, what in [("K", "config", "options"), ("L", "lamps", "lamps"), ("M", "marks", "marks")])
    entries = "".join(f"   -{letter}, --{name}\n          {what}\n\n" for letter, name, what in [
        ("O", "remote-name", "Write the page to a local file named like the remote one."),
        ("P", "port", "Use the given port."), ("Q", "quiet", "Print nothing.")])
    write(tmp_path / "docs" / "lampget.1.txt", f"LAMPGET(1)\n\nNAME\n   lampget - fetch lamp pages\n\nOPTIONS\n{examples}{entries}")
    assistant = Assistant(data_dir=tmp_path / "data", embedder=embedder, top_k=1)
    assistant.ingest([tmp_path / "docs"])
    answer = assistant.ask("What does -O do?")
    assert answer.citations[0].quote == "Write the page to a local file named like the remote one."
