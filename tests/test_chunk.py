from qa.chunk import chunk_text, chunk_id, is_boilerplate, paragraphs, sentences


def spans_text(text, spans):
    return [text[a:b] for a, b in spans]


def test_sentences_do_not_split_on_abbreviations():
    text = "The U.S. Navy sent a ship. Dr. Smith disagreed! Was it legal? Yes."
    assert spans_text(text, sentences(text)) == ["The U.S. Navy sent a ship.", "Dr. Smith disagreed!", "Was it legal?", "Yes."]


def test_heading_lines_are_sentences_of_their_own():
    text = "Nov 12, 2025 World News\nColombia Acts Alone"
    assert spans_text(text, sentences(text)) == ["Nov 12, 2025 World News", "Colombia Acts Alone"]


def test_hard_wrapped_lines_run_on():
    text = "This long line of prose was wrapped by a PDF extractor in the middle\nof a sentence, which goes on here."
    assert len(sentences(text)) == 1


def test_fragment_broken_after_an_abbreviation_is_merged():
    text = "First paragraph here.\n\nThe ship of the U.S.\n\nNavy arrived in the bay. It stayed.\n\nLast one."
    paras = spans_text(text, paragraphs(text))
    assert paras == ["First paragraph here.", "The ship of the U.S.\n\nNavy arrived in the bay. It stayed.", "Last one."]
    merged = paras[1]
    assert spans_text(merged, sentences(merged)) == ["The ship of the U.S.\n\nNavy arrived in the bay.", "It stayed."]


def test_page_furniture_is_dropped_by_general_rules():
    assert is_boilerplate("Home » news » Some headline here")
    assert is_boilerplate("Leave a Reply")
    assert is_boilerplate("Please support us by disabling your ad blocker.")
    assert is_boilerplate("gardeningcompostSoilHealthurbanfarming")
    assert not is_boilerplate("The harbour board replaced the lamp in 1904.")
    assert not is_boilerplate("Tomas Reyes")


def test_repeated_blocks_are_kept_once():
    text = "A headline\n\nBody text here.\n\nA headline"
    assert spans_text(text, paragraphs(text)) == ["A headline", "Body text here."]


def test_chunks_keep_exact_offsets_and_stable_ids():
    text = "Title line\n\nOne sentence. Two sentence.\n\n\nThird paragraph."
    chunks = chunk_text(text, "/docs/a.txt", "Title line")
    assert [c.paragraph for c in chunks] == [1, 2, 3]
    for c in chunks:
        assert text[c.start:c.end] == c.text
        assert c.id == chunk_id("/docs/a.txt", c.text)
        for a, b in c.sentences:
            assert c.text[a:b].strip() == c.text[a:b]
    again = chunk_text(text, "/docs/a.txt", "Title line")
    assert [c.id for c in again] == [c.id for c in chunks]
    assert chunk_text(text, "/docs/b.txt")[0].id != chunks[0].id


def test_long_paragraphs_are_cut_at_sentence_boundaries(embedder):
    sentence = "The committee reviewed the harbour accounts and found the lamp budget short by several hundred pounds. "
    text = sentence * 40
    chunks = chunk_text(text, "long.txt", max_tokens=embedder.max_tokens, count_tokens=embedder.count_tokens)
    assert len(chunks) > 1
    assert {c.paragraph for c in chunks} == {1}
    assert [c.part for c in chunks] == list(range(len(chunks)))
    for c in chunks:
        assert embedder.count_tokens(c.text) <= embedder.max_tokens
        assert c.text.endswith("pounds.")
        assert text[c.start:c.end] == c.text


def test_a_sentence_longer_than_the_window_is_cut_by_words(embedder):
    text = " ".join(f"word{i}" for i in range(600))
    chunks = chunk_text(text, "run-on.txt", max_tokens=embedder.max_tokens, count_tokens=embedder.count_tokens)
    assert len(chunks) > 1
    assert all(embedder.count_tokens(c.text) <= embedder.max_tokens for c in chunks)
    assert " ".join(c.text for c in chunks) == text
