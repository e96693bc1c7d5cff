from qa.answer_type import best_span, holds, kind_of, spans


def test_the_kind_of_thing_a_question_asks_for():
    assert kind_of("In what year did the keeper leave?") == "date"
    assert kind_of("How much did the strikes cost?") == "number"
    assert kind_of("Whose logbook was it?") == "name"
    assert kind_of("Why was the light automated?") is None


def test_spans_of_a_kind_leave_out_what_the_question_names():
    s = "Ida Penrose left the tower in 1987, after Oswin Hale's light was automated."
    assert [s[a:b] for a, b in spans("name", s, "Who left after Oswin Hale's light was automated?")] == ["Ida Penrose"]
    assert [s[a:b] for a, b in spans("date", s, "When did she leave?")] == ["1987"]
    assert spans(None, s, "Why did she leave?") == []


def test_a_number_keeps_its_scale_and_the_nearest_span_is_the_answer():
    s = "In 2024 the fleet had 12 ships; strikes have killed 3.5 million fish since then."
    a, b = best_span("number", s, "How many fish have the strikes killed?")
    assert s[a:b] == "3.5 million"


def test_holds_is_false_for_questions_of_no_kind():
    assert holds("When was it built?", "It was built in 1871.")
    assert not holds("When was it built?", "It was built by Oswin Hale.")
    assert not holds("Why was it built?", "It was built in 1871.")
