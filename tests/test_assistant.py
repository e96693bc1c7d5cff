import pytest

from qa import Answer, Assistant, InputError, SettingsError


@pytest.fixture
def loaded(assistant, docs):
    assistant.ingest([docs])
    return assistant


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
    import re

    for q in ["When did electric light arrive at the lighthouse?", "What does the bakery sell on Saturdays?"]:
        answer = loaded.ask(q)
        markers = {int(m) for m in re.findall(r"\[(\d+)\]", answer.text)}
        assert markers == {c.n for c in answer.citations} and markers


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


def test_chat_follow_up_retrieves_with_the_previous_turn(loaded):
    session = loaded.chat()
    first = session.ask("Who was the last resident keeper of the Brannock lighthouse?")
    assert "Ida Penrose" in first.text
    follow = session.ask("When did she leave?")
    assert "1987" in follow.text
    assert len(session.history) == 2


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

    monkeypatch.delenv("QA_CHROMA_HOST", raising=False)
    (tmp_path / "my-model").symlink_to(default_model_dir(), target_is_directory=True)
    monkeypatch.setenv("QA_EMBED_MODEL", str(tmp_path / "my-model"))
    assistant = Assistant(data_dir=tmp_path / "data")
    assistant.ingest([docs / "notes"])
    assert assistant.embedder.model_dir == tmp_path / "my-model"
    assert "four o'clock" in assistant.ask("When does Tomas Reyes bake rye bread?").text

    monkeypatch.setenv("QA_EMBED_MODEL", str(tmp_path))
    with pytest.raises(SettingsError, match="not a sentence-transformers directory"):
        Assistant(data_dir=tmp_path / "other").ingest([docs])


def test_stream_yields_the_text_then_the_final_answer(loaded):
    parts = list(loaded.stream("Who built the Brannock lighthouse?"))
    final = parts[-1]
    assert isinstance(final, Answer) and all(isinstance(p, str) for p in parts[:-1])
    assert len(parts) > 2 and "".join(parts[:-1]).strip() == final.text


def test_chat_stream_keeps_the_conversation(loaded):
    session = loaded.chat()
    list(session.stream("Who built the Brannock lighthouse?"))
    parts = list(session.stream("When was it built?"))
    assert len(session.history) == 2 and session.history[-1] is parts[-1]
    assert "1871" in parts[-1].text
