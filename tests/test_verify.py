import pytest

from qa.chunk import sentences
from qa.types import ABSTAIN_TEXT, Answer, Chunk, Citation
from qa.verify import Reply, check, declines, find_quote, grounded, novel_terms, read_reply, settled, split_generated, verified_answer
from qa.words import markers_in

LIGHTHOUSE = ("The Brannock lighthouse stands on a granite spit at the mouth of Tolver Bay. It was built in 1871 by the engineer "
              "Oswin Hale, who chose the spit because ships kept running aground on the hidden shoal beside it.")
LAMP = "Its lamp burned whale oil until 1904, when the harbour board replaced it with a kerosene burner. Electric light arrived only in 1952."
FRANCE = "France is a country in Western Europe. It borders Belgium, Germany, Switzerland, Italy and Spain."


def chunk(text: str, n: int = 1) -> Chunk:
    return Chunk(id=f"c{n}", source=f"doc{n}.txt", title=f"Doc {n}", paragraph=n, part=0, start=0, end=len(text),
                 text=text, sentences=sentences(text))


def fallback_answer(question: str = "q") -> Answer:
    return Answer(question, "An extractive answer. [1]", False)


def test_sentences_are_split_with_their_markers_wherever_the_model_put_them():
    assert split_generated("It was built in 1871. [2] Hale built it [1, 3].\n- The lamp burned oil [1][2].") == [
        ("It was built in 1871.", (2,)), ("Hale built it.", (1, 3)), ("The lamp burned oil.", (1, 2))]
    assert split_generated("No markers here") == [("No markers here", ())]
    assert split_generated("[1]") == []


def test_numbers_and_names_missing_from_the_passage_are_novel():
    assert novel_terms("The capital of France is Paris.", FRANCE) == ["Paris"]
    assert novel_terms("It was built in 1871 by Oswin Hale.", LIGHTHOUSE) == []
    assert novel_terms("It was built in 1850 by Thomas Stevenson.", LIGHTHOUSE) == ["1850", "Thomas Stevenson"]


def test_a_number_the_quote_spells_out_may_be_written_in_digits():
    quote = "Seventy-five boats were seized off Tolver Bay in eight months."
    asked = "How many boats were seized off Tolver Bay?"
    assert grounded("75 boats were seized off Tolver Bay.", quote, asked)
    assert novel_terms("They were seized over 8 months.", quote) == []
    # A number it does not spell out is still new.
    assert not grounded("76 boats were seized off Tolver Bay.", quote, asked)
    assert novel_terms("They were seized over 9 months.", quote) == ["9"]


@pytest.mark.parametrize("sentence", [
    "It was built in 1871 by the engineer Oswin Hale [1].",
    "Oswin Hale built the Brannock lighthouse in 1871 [1].",
    "The lighthouse was built by the engineer Oswin Hale, who chose the spit because ships kept running aground. [1]",
])
def test_sentences_the_cited_passage_states_are_supported(embedder, sentence):
    [result] = check(sentence, [chunk(LIGHTHOUSE), chunk(LAMP, 2)], embedder)
    assert result.supported and result.cited == (0,)


@pytest.mark.parametrize("sentence", [
    "The capital of France is Paris [1].",  # the model's memory, not the passage
    "The lighthouse was designed by Thomas Stevenson in 1850 [1].",
    "Electric light arrived in 1925 [2].",
    "Ida Penrose built the lighthouse in 1871 [1].",  # right passage, wrong name
    "Who built the Brannock lighthouse in 1871? [1]",  # the question echoed: close to the passage, asserts nothing
    "Was it built in 1871 by the engineer Oswin Hale?",
])
def test_sentences_the_passages_do_not_state_are_not_supported(embedder, sentence):
    [result] = check(sentence, [chunk(FRANCE if "France" in sentence else LIGHTHOUSE), chunk(LAMP, 2)], embedder)
    assert not result.supported


def test_a_marker_pointing_at_no_passage_is_dropped(embedder):
    [result] = check("Electric light arrived only in 1952 [7].", [chunk(LIGHTHOUSE), chunk(LAMP, 2)], embedder)
    assert result.cited == ()
    # Uncited, it is still kept when one passage states it plainly, and that passage is cited.
    assert result.supported and result.supports[0].passage == 1


def test_an_unsupported_sentence_is_removed_and_flagged(embedder):
    chunks = [chunk(LIGHTHOUSE), chunk(LAMP, 2)]
    text = "The lighthouse was built in 1871 by Oswin Hale [1]. It was painted red by Queen Victoria in 1890 [1]. Electric light came in 1952 [2]."
    answer = verified_answer("Tell me about the lighthouse", text, chunks, embedder, fallback_answer(), "openai")
    assert not answer.fallback and answer.generator == "openai"
    assert "Oswin Hale" in answer.text and "1952" in answer.text and "Victoria" not in answer.text
    assert [s.supported for s in answer.sentences] == [True, False, True]
    markers = set(markers_in(answer.text))
    assert markers == {c.n for c in answer.citations if c.supported}
    assert any(not c.supported for c in answer.citations)
    assert 0 < answer.upheld < 1
    for c in answer.citations:
        assert c.text[c.start:c.end] == c.quote
    assert any("Oswin Hale" in c.quote for c in answer.citations if c.supported)


def test_when_nothing_is_supported_the_extractive_answer_stands_in(embedder):
    answer = verified_answer("What is the capital of France?", "The capital of France is Paris [1].", [chunk(FRANCE)],
                             embedder, fallback_answer(), "local")
    assert answer.fallback and answer.generator == "local" and answer.text == "An extractive answer. [1]"
    assert [s.supported for s in answer.sentences] == [False] and answer.upheld == 0.0


def test_a_rejected_sentence_behind_a_fallback_still_points_where_it_pointed(embedder):
    france = chunk(FRANCE)
    extractive = Answer("q", "France is a country in Western Europe. [1]", False,
                        [Citation.of(france, 1, 0, FRANCE.index(".") + 1)])
    answer = verified_answer("What is the capital of France?", "The capital of France is Paris [1].", [france],
                             embedder, extractive, "local")
    assert answer.fallback and answer.text == "France is a country in Western Europe. [1]"
    [rejected] = answer.sentences
    assert not rejected.supported and rejected.markers == (2,)
    assert [(c.n, c.supported) for c in answer.citations] == [(1, True), (2, False)]
    # An abstention cites nothing, not even what was rejected.
    abstained = verified_answer("What is the capital of France?", "The capital of France is Paris [1].", [france],
                                embedder, Answer("q", "No answer.", True), "local")
    assert abstained.citations == () and abstained.sentences[0].markers == ()


def test_a_reply_that_declines_is_an_abstention(embedder):
    extractive = fallback_answer()
    for reply in (ABSTAIN_TEXT, "The documents do not answer this question [1].", " The documents don't answer this question.\n"):
        answer = verified_answer("What is the capital of France?", reply, [chunk(FRANCE)], embedder, extractive, "openai")
        assert answer.abstained and answer.text == ABSTAIN_TEXT and answer.generator == "openai"
        assert answer.citations == () and answer.sentences == () and not answer.fallback
    assert not declines("The documents don't answer this question, but France is in Europe.")


def test_verification_returns_a_new_answer(embedder):
    extractive = fallback_answer()
    before = extractive.to_dict()
    verified_answer("What is the capital of France?", "The capital of France is Paris [1].", [chunk(FRANCE)],
                    embedder, extractive, "local")
    assert extractive.to_dict() == before


@pytest.mark.parametrize("quote", [
    "Oswin Hale, who chose the spit because ships kept running aground on the hidden shoal beside it.",  # leading clause dropped
    "It was constructed in 1871 by the engineer Oswin Hale, who picked the spit because ships kept running aground.",  # lightly reworded
    "“It was built in 1871 by the engineer Oswin Hale, who chose the spit”",  # cut short, in typographic quotes
])
def test_a_quote_is_found_again_though_not_copied_exactly(quote):
    found = find_quote(quote.strip("“”"), [chunk(LAMP), chunk(LIGHTHOUSE, 2)])
    assert found is not None and found.passage == 1
    assert LIGHTHOUSE[found.start:found.end].startswith("It was built in 1871")


@pytest.mark.parametrize("quote", [
    "The lighthouse was painted red and white so that ships could see it from the bay.",  # invented, on the topic
    "It was built in 1881 by the engineer Oswin Hale.",  # one number changed
    "It was built in 1871 by the engineer Thomas Stevenson.",  # one name changed
    "Oswin Hale",  # too short to tell
])
def test_an_invented_quote_is_not_found(quote):
    assert find_quote(quote, [chunk(LAMP), chunk(LIGHTHOUSE, 2)]) is None


def test_a_quote_then_answer_reply_cites_the_quoted_sentence(embedder):
    chunks = [chunk(LIGHTHOUSE), chunk(LAMP, 2)]
    # The model numbered its quote wrongly ([2]); the quote is found in passage 1, and the answer follows it there.
    reply = ("Quote: It was built in 1871 by the engineer Oswin Hale, who chose the spit. [2]\n"
             "Answer: The engineer Oswin Hale built it. [2]")
    answer = verified_answer("Who built the Brannock lighthouse?", reply, chunks, embedder, fallback_answer(), "local")
    assert not answer.fallback and answer.text == "The engineer Oswin Hale built it. [1]"
    [cited] = [c for c in answer.citations if c.supported]
    assert cited.quote.startswith("It was built in 1871") and cited.source == "doc1.txt"


@pytest.mark.parametrize("quote_line, said", [("Quote: [2]", "The engineer Oswin Hale built it. [2]"), ("Quote: 2", "Oswin Hale.")])
def test_a_reply_that_names_its_sentence_by_number_cites_that_sentence(embedder, quote_line, said):
    from qa.generate import Shown
    from qa.verify import Verifier

    chunks = [chunk(LIGHTHOUSE), chunk(LAMP, 2)]
    # The prompt showed three sentences, numbered 1 to 3: the lighthouse's two, then the lamp's first.
    light, lamp = chunks[0].sentences, chunks[1].sentences
    shown = [Shown(0, *light[0]), Shown(0, *light[1]), Shown(1, *lamp[0])]
    verifier = Verifier(chunks, embedder, "Who built the Brannock lighthouse?", shown)
    # [2] is the lighthouse's second sentence, not the second passage (the lamp's, which would not uphold it).
    # A bare "2" names it too, and an answer citing nothing stands on the sentence its quote named.
    reply = f"{quote_line}\nAnswer: {said}"
    answer = verified_answer("Who built the Brannock lighthouse?", reply, chunks, embedder, fallback_answer(), "local", verifier)
    assert not answer.fallback and answer.text == f"{said.removesuffix(' [2]').rstrip('.')}. [1]"
    [cited] = [c for c in answer.citations if c.supported]
    assert cited.source == "doc1.txt" and cited.quote.startswith("It was built in 1871")


@pytest.mark.parametrize("named", ["[1]", "[3]"])
def test_a_misnumbered_answer_follows_the_shown_sentence_it_was_written_from(embedder, named):
    from qa.generate import Shown
    from qa.verify import Verifier

    chunks = [chunk(LIGHTHOUSE), chunk(LAMP, 2)]
    light, lamp = chunks[0].sentences, chunks[1].sentences
    shown = [Shown(0, *light[0]), Shown(0, *light[1]), Shown(1, *lamp[0])]
    question = "Who built the Brannock lighthouse?"
    # The model names the lighthouse's first sentence, or the lamp's, but writes from the lighthouse's second.
    reply = f"Quote: {named}\nAnswer: The engineer Oswin Hale built it. {named}"
    answer = verified_answer(question, reply, chunks, embedder, fallback_answer(), "local", Verifier(chunks, embedder, question, shown))
    assert not answer.fallback and answer.text == "The engineer Oswin Hale built it. [1]"
    [cited] = [c for c in answer.citations if c.supported]
    assert cited.source == "doc1.txt" and cited.quote.startswith("It was built in 1871")


def test_an_answer_in_the_past_tense_is_grounded_in_its_question(embedder):
    # "Did it take place" is answered "it took place": the verb is the question's, not something new.
    quote = "Petro cited the naval strikes on boats in the Caribbean Sea as the catalyst."
    assert grounded("The naval strikes took place in the Caribbean Sea.", quote, "In which sea did the naval strikes take place?")
    assert not grounded("The naval strikes took place in the Pacific.", quote, "In which sea did the naval strikes take place?")


def test_a_fixed_phrase_claims_nothing_and_needs_no_source():
    quote, question = "Seventy-five lives were lost in just eight months.", "Over what period did that happen?"
    assert grounded("Over the course of eight months.", quote, question)
    assert not grounded("Over the course of nine months.", quote, question)  # what it joins is still checked
    assert not grounded("Over the course of a long campaign.", quote, question)


def test_an_answer_that_only_restates_the_question_is_not_upheld_by_its_quote(embedder):
    chunks = [chunk(LIGHTHOUSE), chunk(LAMP, 2)]
    reply = "Quote: It was built in 1871 by the engineer Oswin Hale. [1]\nAnswer: The lamp burned something until some year. [1]"
    answer = verified_answer("What did the lamp burn until 1904?", reply, chunks, embedder, fallback_answer(), "local")
    assert answer.fallback and not any(s.supported for s in answer.sentences)
    assert grounded("Oswin Hale built it.", LIGHTHOUSE, "Who built it?")
    assert not grounded("The lighthouse was built.", LIGHTHOUSE, "Who built the lighthouse?")  # says only what was asked


def test_streamed_text_settles_a_line_or_a_sentence_at_a_time():
    assert settled("Quote: It was built in 1871 by", final=False) == ""  # a quote is never shown while written
    assert settled("Quote: It was built. [1]\nAnswer: Hale built it [1].", final=False) == "Quote: It was built. [1]"
    assert settled("Quote: It was built. [1]\nAnswer: Hale built it. [1] It", final=False).endswith("Hale built it [1].")
    assert settled("Quo", final=False) == "" and settled("Answer: Hale built it.", final=True) == "Answer: Hale built it."
    assert read_reply(settled("Quote: It was built. [1]\nAnswer: Hale built it. [1] It", final=False)) == Reply(
        (("It was built.", (1,)),), "Hale built it [1].")


GAZETTE = ("The harbour board met in March. Earlier this week, The Harbour Gazette reported that the island council "
           "had also closed the pier to ferries.")



def test_a_bare_phrase_reply_is_upheld_by_the_shown_sentence_that_holds_it(embedder):
    from qa.generate import Shown
    from qa.verify import Verifier

    question = "Which paper reported the closure?"
    chunks = [chunk(GAZETTE), chunk(LAMP, 2)]
    # No "Quote:" line: the model answered with a phrase lifted from the first sentence shown.
    verifier = Verifier(chunks, embedder, question, [Shown(0, *chunks[0].sentences[1]), Shown(1, *chunks[1].sentences[0])])
    answer = verified_answer(question, "The Harbour Gazette", chunks, embedder, fallback_answer(), "local", verifier)
    assert not answer.fallback and answer.text == "The Harbour Gazette [1]"
    [cited] = answer.citations
    assert cited.quote.startswith("Earlier this week") and cited.supported
    # A phrase no shown sentence holds is still no answer.
    invented = verified_answer(question, "The Tolver Courier", chunks, embedder, fallback_answer(), "local", verifier)
    assert invented.fallback
