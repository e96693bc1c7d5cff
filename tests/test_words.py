from qa.words import (BYLINE, CODE, LUCENE_STOP_WORDS, PRONOUNS, QUESTION_WORDS, STOP_WORDS, compose, content_words, marked_pieces, markers_in,
                      names, numerals, segments, spelled_numbers, stem, strip_markers)


def test_the_kept_stop_list_is_the_one_the_keyword_index_drops():
    from bm25s.stopwords import STOPWORDS_EN

    assert LUCENE_STOP_WORDS == frozenset(STOPWORDS_EN)
    assert STOP_WORDS == LUCENE_STOP_WORDS | QUESTION_WORDS | PRONOUNS
    assert {"when", "did", "she", "they"} <= STOP_WORDS and "lighthouse" not in STOP_WORDS


def test_content_words_are_stems_without_stop_words():
    assert content_words("When did the engineers build the lighthouses?") == {"engin", "build", "lighthous"}
    # A version or a number with decimals is one word: lampctl 2.1 says nothing of 1.1.
    assert content_words("Was lampctl 1.1 lit 2.5 times?") == {"lampctl", "1.1", "lit", "2.5", "time"}
    assert stem("automated") == stem("automation") and stem("keepers") == stem("keeper")


def test_names_and_numbers():
    assert names("Built in 1871 by Oswin Hale for the Bank of England.") == ["Oswin Hale", "Bank of England"]
    assert names("Oswin built it.") == []  # a capital opening a sentence is not taken for a name
    assert numerals("In 1871, 1,200 men and three boats.") == ["1871", "1,200"]


def test_markers_parse_strip_and_compose():
    text = compose([("Hale built it.", (1,)), ("It opened in 1871.", (2, 3))])
    assert text == "Hale built it. [1] It opened in 1871. [2] [3]"
    assert markers_in(text) == [1, 2, 3] and markers_in("as in [1, 3] and [3; 4]") == [1, 3, 4]
    assert strip_markers(text) == "Hale built it. It opened in 1871."
    assert strip_markers("Hale built it [1].") == "Hale built it."
    assert segments("A [1]. B [2].") == ["A ", 1, ". B ", 2, "."]
    assert "".join(marked_pieces(text)) == text and len(marked_pieces(text)) == 3


def test_words_and_markers_have_one_home():
    """No other module defines its own stop list, stemmer or [n] pattern."""
    import re
    from pathlib import Path

    import qa

    root = Path(qa.__file__).resolve().parent.parent
    for path in [*root.joinpath("qa").glob("*.py"), *root.joinpath("ui").glob("*.py"), *root.joinpath("eval").glob("*.py")]:
        if path.name == "words.py":
            continue
        source = path.read_text(encoding="utf-8")
        assert "Stemmer.Stemmer(" not in source, path.name
        assert not re.search(r"_STOP\w* = frozenset", source), path.name
        assert r"\[(\d+)\]" not in source and r"\[\d+\]" not in source, path.name


def test_numbers_written_in_words_are_read_as_digits():
    assert spelled_numbers("Seventy-five lives in eight months; two hundred boats and a dozen ports.") == {"75", "8", "200", "12"}
    assert spelled_numbers("twenty one, Nineteen") == {"21", "19"}
    # Words that merely contain a number word are none.
    assert spelled_numbers("Someone often said none.") == set()


def test_a_byline_is_names_and_a_titles_capitals_are_none():
    assert all(BYLINE.fullmatch(line) for line in ("Ida Penrose", "by Oswin Hale", "Mara Ellison & Oswin Hale",
                                                   "Ada R. Lovelock and Oswin North", "Ida Penrose, Oswin Hale, and Mara Ellison"))
    # A title's article or joining word is no name's: "An Interactive Plotting Program" is no one.
    assert not any(BYLINE.fullmatch(line) for line in ("An Interactive Plotting Program", "The Brannock Light"))
    # A title page's authors, marked for a footnote or an affiliation, with a surname's prefix; an institution is no one.
    assert all(BYLINE.fullmatch(line) for line in ("Oswin D. McHale∗", "Ida Penrose†", "Mara Ellison1", "Bram DeWitt"))
    assert not any(BYLINE.fullmatch(line) for line in ("Australian National University", "Brannock Research Institute",
                                                       "Kestle Lighthouse Laboratories"))


def test_a_command_without_a_prompt_is_code_and_a_sentence_about_the_tool_is_not():
    for command in ("pip install lampctl", "conda install -c conda-forge lampctl", "sudo apt-get install lampctl"):
        assert CODE.search(command), command
    for prose in ("git is a version control system", "Python keeps the lamp lit", "nesting is reduced"):
        assert not CODE.search(prose), prose
