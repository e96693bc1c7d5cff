import time

import pytest

from qa.chunk import chunk_text, chunk_id, continues, is_boilerplate, paragraphs, sentences


def spans_text(text, spans):
    return [text[a:b] for a, b in spans]


def test_sentences_do_not_split_on_abbreviations():
    text = "The U.S. Navy sent a ship. Dr. Smith disagreed! Was it legal? Yes."
    assert spans_text(text, sentences(text)) == ["The U.S. Navy sent a ship.", "Dr. Smith disagreed!", "Was it legal?", "Yes."]
    # "eg." and "ie." as manuals write them, without their inner stops.
    text = "It runs much slower (eg. 20 to 30 times) than normal. Pass a flag, ie. -g to the compiler."
    assert spans_text(text, sentences(text)) == ["It runs much slower (eg. 20 to 30 times) than normal.", "Pass a flag, ie. -g to the compiler."]


def test_no_abbreviates_a_number_and_never_a_sentence_before_a_capital():
    text = "Must I keep the lamp's old wicks? No. If you have trimmed them, burn them. It was No. 5 of the No. of lamps."
    assert spans_text(text, sentences(text)) == ["Must I keep the lamp's old wicks?", "No.", "If you have trimmed them, burn them.",
                                                 "It was No. 5 of the No. of lamps."]


def test_a_companys_inc_or_a_lists_etc_ends_a_sentence_before_a_word_that_opens_one():
    text = ("The lamp was paid for by the board and Brannock Lamps, Inc. The work began in 1986. Brannock Lamps Inc. "
            "Harbour Division lit it. Wicks, oil, etc. In short, the stores.")
    assert spans_text(text, sentences(text)) == ["The lamp was paid for by the board and Brannock Lamps, Inc.",
                                                 "The work began in 1986.", "Brannock Lamps Inc. Harbour Division lit it.",
                                                 "Wicks, oil, etc.", "In short, the stores."]


def test_a_lists_items_are_sentences_of_their_own_and_their_bullets_are_not_quoted():
    text = "The codenames:\n• buzz (1.1) was the spaceman,\n• rex (1.2) was the tyrannosaurus.\n1. Trim the wick.\n12. Light it."
    assert spans_text(text, sentences(text)) == ["The codenames:", "buzz (1.1) was the spaceman,", "rex (1.2) was the tyrannosaurus.",
                                                 "Trim the wick.", "Light it."]
    # Indented, as plain text sets them.
    text = "The keeper may:\n    1. Trim the wick.\n       This includes the spare.\n   12. Light it."
    assert spans_text(text, sentences(text)) == ["The keeper may:", "Trim the wick.", "This includes the spare.", "Light it."]


def test_a_web_address_cut_at_a_lines_end_runs_on():
    text = ("It works on every lamp the board keeps; see the FAQ (http://\n    lamps.example.org/faq/intro.html#\n"
            "    DOES-IT-RUN-ON-MY-LAMP) for details.\n    Ask a keeper.")
    assert spans_text(text, sentences(text))[0].endswith("DOES-IT-RUN-ON-MY-LAMP) for details.")


def test_a_sentence_may_open_with_a_name_written_in_lower_case():
    text = "If nargs is 0, this argument is ignored. ffi_prep_cif returns a status code, approx. two words long... or so."
    assert spans_text(text, sentences(text)) == ["If nargs is 0, this argument is ignored.",
                                                 "ffi_prep_cif returns a status code, approx. two words long... or so."]
    # A paragraph that opens so is a paragraph of its own, not the rest of the one before it.
    assert len(paragraphs("The argument is ignored.\n\nlibffi returns a status code.")) == 2


def test_a_web_address_that_ends_a_sentence_ends_it_before_a_lower_case_name():
    text = "Subscribe at http://lists.example.org/listinfo/lampctl.\nlampctl is written in C and runs anywhere."
    assert spans_text(text, sentences(text)) == ["Subscribe at http://lists.example.org/listinfo/lampctl.",
                                                 "lampctl is written in C and runs anywhere."]


def test_a_closed_bracket_or_a_number_at_a_lines_end_ends_a_sentence_before_a_lower_case_entry():
    text = "Default 100.\nint lamps: The lamps lit. Default FALSE (but lampctl sets it to TRUE).\nboolean fog: If set."
    assert spans_text(text, sentences(text)) == ["Default 100.", "int lamps: The lamps lit.",
                                                 "Default FALSE (but lampctl sets it to TRUE).", "boolean fog: If set."]
    # Inside a line a number's full stop before lower case is no sentence's end.
    text = "It cost approx. 5. and more (see p. 5). then it rose."
    assert spans_text(text, sentences(text)) == [text]


def test_a_byline_after_a_blank_line_is_no_part_of_the_title_above_it():
    text = "The Keeper of Brannock Light\n\nby Mara Ellison\n\nIt was written\n\nby the keeper on duty."
    assert spans_text(text, sentences(text)) == ["The Keeper of Brannock Light", "by Mara Ellison",
                                                 "It was written\n\nby the keeper on duty."]


def test_a_short_indented_line_over_a_blank_one_ends_its_sentence_however_the_next_opens():
    text = "It was lit at these lights:\n\tBrannock (north)\n\tUTS (south)\n\nlampctl is a lamp controller."
    assert spans_text(text, sentences(text))[-2:] == ["UTS (south)", "lampctl is a lamp controller."]


def test_a_web_address_alone_over_a_blank_line_ends_its_sentence():
    text = "http://lamps.example/wiki/lampctl\n\nlampctl is a helper to light lamps with fine-grained\nprivileges."
    assert spans_text(text, sentences(text)) == ["http://lamps.example/wiki/lampctl",
                                                  "lampctl is a helper to light lamps with fine-grained\nprivileges."]


def test_a_version_at_a_line_end_ends_its_sentence():
    text = "lampctl requires Python 3.10 - 3.15.\n\npip install lampctl"
    assert spans_text(text, sentences(text)) == ["lampctl requires Python 3.10 - 3.15.", "pip install lampctl"]


def test_a_remark_in_brackets_after_a_finished_sentence_ends_its_paragraph():
    text = "fog - Fog horn support. (Optional, with lampctl[fog])\n\nlens - Lens support. (Optional)\n\nwick - Wicks."
    assert spans_text(text, sentences(text)) == ["fog - Fog horn support.", "(Optional, with lampctl[fog])",
                                                 "lens - Lens support.", "(Optional)", "wick - Wicks."]
    # A sentence an example cuts in two still runs on past a bracket of its own.
    text = "You can light it with lampctl (as root)\n\nwhich starts the lamp."
    assert spans_text(text, sentences(text)) == [text]


def test_a_line_that_opens_a_remark_in_brackets_goes_on_with_the_sentence_and_a_bracketed_item_number_does_not():
    text = "This was posted by its keeper, Ida Penrose\n(<ida@lamp.example>), on May 21, 1983.\nSteps\n(1) Trim the wick."
    assert spans_text(text, sentences(text)) == ["This was posted by its keeper, Ida Penrose\n(<ida@lamp.example>), on May 21, 1983.",
                                                 "Steps", "(1) Trim the wick."]


def test_heading_lines_are_sentences_of_their_own():
    text = "Nov 12, 2025 World News\nColombia Acts Alone"
    assert spans_text(text, sentences(text)) == ["Nov 12, 2025 World News", "Colombia Acts Alone"]


def test_hard_wrapped_lines_run_on():
    text = "This long line of prose was wrapped by a PDF extractor in the middle\nof a sentence, which goes on here."
    assert len(sentences(text)) == 1


def test_a_wrapped_sentence_runs_on_past_a_semicolon_and_a_short_line_ending_in_one_does_not():
    text = ("There is one special case to this rule; the lamps are split into two classes;\n"
            "fixed and flashing. Fixed lamps burn all night.")
    assert spans_text(text, sentences(text)) == [text.split(" Fixed lamps")[0], "Fixed lamps burn all night."]
    code = "int lamp = 1;\nint beam = 2;"
    assert spans_text(code, sentences(code)) == ["int lamp = 1;", "int beam = 2;"]


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
    assert is_boilerplate("We use cookies to improve your experience. Accept all cookies")
    assert is_boilerplate("Subscribe to our newsletter")
    # A line that introduces what follows it is text, whatever its names' capitals.
    assert not is_boilerplate("Install from PyPI using pip:\n\npip install lampctl")


def test_a_manual_pages_running_head_and_foot_are_furniture_and_end_no_sentence():
    text = ("LAMP(5)                 File Formats Manual                 LAMP(5)\n\nNAME\n       lamp - the lamp's schedule\n\n"
            "FILES\n       The wick is trimmed at dusk; see trim(8). Its length defaults to 3cm.\n\n"
            "lamp 252                                                        LAMP(5)\n")
    assert [" ".join(p.split()) for p in spans_text(text, paragraphs(text))] == [
        "NAME lamp - the lamp's schedule", "FILES The wick is trimmed at dusk; see trim(8). Its length defaults to 3cm."]
    assert is_boilerplate("BSD                           January 13, 2023                           BSD")
    assert is_boilerplate("FIND(1)")
    assert not is_boilerplate("See find(1) and grep(1).")
    assert not is_boilerplate("cron(8), crontab(1)")


def test_a_comment_under_a_line_of_code_opens_a_sentence_of_its_own():
    text = ("  // `wick` is the length of the wick in millimetres, as the keeper trims it\n  // at dusk.\n  wick: 30,\n"
            "  // `fog` sounds the horn twice a minute.\n  fog: true, // default\n")
    assert [" ".join(s.split()) for s in spans_text(text, sentences(text))] == [
        "// `wick` is the length of the wick in millimetres, as the keeper trims it // at dusk.", "wick: 30,",
        "// `fog` sounds the horn twice a minute.", "fog: true, // default"]
    # A comment at a line's end goes on on the next line.
    text = "  glass: 2, // the glass is wiped at dawn and at dusk by the keeper on\n  // the gallery\n"
    assert [" ".join(s.split()) for s in spans_text(text, sentences(text))] == [
        "glass: 2, // the glass is wiped at dawn and at dusk by the keeper on // the gallery"]


def test_a_paragraph_said_again_is_dropped_but_under_another_heading():
    text = "fog\n\nDefault: false\n\nSound the horn.\n\nDefault: false\n\nwick\n\nDefault: false\n\nTrim the wick.\n"
    heads = [(0, 2, "fog"), (text.index("wick"), 2, "wick")]
    assert spans_text(text, paragraphs(text, heads)) == ["fog", "Default: false", "Sound the horn.", "wick", "Default: false",
                                                         "Trim the wick."]


def test_documentation_that_speaks_of_cookies_subscriptions_and_products_is_content():
    """Lines a README or a manual holds that a news page's furniture rules once dropped."""
    assert not is_boilerplate("Keep-Alive & Connection Pooling\nSessions with Cookie Persistence\nBasic & Digest Authentication")
    assert not is_boilerplate("Beacons is available on PyPI:")
    assert not is_boilerplate("To subscribe to the announcement list, send a mail with the word subscribe in its subject.")
    assert not is_boilerplate("Keyword | Meaning\nApache | Apache license\nMIT | The MIT license")


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


# Lines without a space in them, as scraped pages and PDFs give them: words joined by
# punctuation (a URL, a CSV row, minified code) and a run of punctuation (a dot leader, "!!!!").
SPACELESS = {
    "joined words": lambda n: ("lorem,ipsum;dolor/" * (n // 18 + 1))[:n],
    "a long URL": lambda n: ("https://example.org/" + "harbour-lamp_accounts/1871?keeper=Penrose&" * (n // 40 + 1))[:n],
    "punctuation run": lambda n: "Wait" + "." * (n - 4),
}


@pytest.mark.parametrize("kind", ["joined words", "a long URL"])
def test_a_line_without_spaces_is_cut_to_the_window(embedder, kind):
    line = SPACELESS[kind](20_000)
    chunks = chunk_text(line, "line.txt", max_tokens=embedder.max_tokens, count_tokens=embedder.count_tokens)
    assert len(chunks) > 1 and [c.part for c in chunks] == list(range(len(chunks)))
    assert "".join(c.text for c in chunks) == line  # the pieces tile the line, in order
    for c in chunks:
        assert line[c.start:c.end] == c.text
        assert embedder.count_tokens(c.text) <= embedder.max_tokens
    assert len({c.id for c in chunks}) == len(chunks)  # repeated pieces still get ids of their own


def test_of_a_run_of_punctuation_only_the_piece_with_a_word_is_kept(embedder):
    line = SPACELESS["punctuation run"](20_000)
    [chunk] = chunk_text(line, "leader.txt", max_tokens=embedder.max_tokens, count_tokens=embedder.count_tokens)
    assert chunk.start == 0 and chunk.text.startswith("Wait..") and line[chunk.start:chunk.end] == chunk.text
    assert embedder.count_tokens(chunk.text) <= embedder.max_tokens


# Chunking is linear: four times the text takes about four times as long (quadratic: sixteen).
# The test allows twice linear, so a busy machine does not fail it and a quadratic step does.
SIZE_RATIO = 4
ALLOWED_TIME_RATIO = 2 * SIZE_RATIO
SMALL_CHARS = 50_000  # a large web page; the probe that found the quadratic steps used 50-200 KB


def _cpu_seconds(text, max_tokens, count_tokens) -> float:
    best = float("inf")
    for _ in range(2):  # the better of two runs: less noise from the other processes on the machine
        start = time.process_time()
        chunk_text(text, "big.txt", max_tokens=max_tokens, count_tokens=count_tokens)
        best = min(best, time.process_time() - start)
    return best


SENTENCE = "The committee reviewed the harbour accounts and found the lamp budget short. "
TABLE_ROW = "loop.index | The current turn. (1 indexed) | Yes.\n"
LONG_TEXTS = {
    "joined words": SPACELESS["joined words"],
    "punctuation run": SPACELESS["punctuation run"],
    "one long paragraph": lambda n: (SENTENCE * (n // len(SENTENCE) + 1))[:n].strip(),
    "one long table": lambda n: (TABLE_ROW * (n // len(TABLE_ROW) + 1))[:n].strip(),
}


@pytest.mark.parametrize("kind", LONG_TEXTS)
def test_chunking_time_grows_linearly_with_the_text(embedder, kind):
    make = LONG_TEXTS[kind]
    small = _cpu_seconds(make(SMALL_CHARS), embedder.max_tokens, embedder.count_tokens)
    large = _cpu_seconds(make(SIZE_RATIO * SMALL_CHARS), embedder.max_tokens, embedder.count_tokens)
    assert large < ALLOWED_TIME_RATIO * small, f"{SIZE_RATIO}x the text took {large / small:.1f}x the time"


def test_numbering_identical_pieces_takes_linear_time():
    # One token a character and an 8-token window cut "Yes. Yes. ..." into pieces of two sentences,
    # all alike (1 250 of them in 12 500 characters); each must get its id in constant time.
    # Small sizes: the quadratic way takes minutes at the sizes above.
    def repeats(n):
        return "Yes. " * (n // 5)

    small = _cpu_seconds(repeats(SMALL_CHARS // SIZE_RATIO), 8, len)
    large = _cpu_seconds(repeats(SMALL_CHARS), 8, len)
    assert large < ALLOWED_TIME_RATIO * small, f"{SIZE_RATIO}x the text took {large / small:.1f}x the time"


def test_sentence_rules_hold_beside_a_very_long_word():
    # The rules look at the last word, the last line and the next character only (that keeps them
    # linear); what they decide is the same as when they looked at the whole text.
    long_run = "x" * 100_000
    assert continues(long_run + " Dr.", "Smith arrived.")
    assert not continues(long_run + " done.", "Then more.")
    assert continues("see the U.S.", "\n\nNavy")
    text = long_run + " ends here. Next one.\nA heading\n" + "Y" * 70 + "\nwrapped on."
    assert spans_text(text, sentences(text))[1:] == ["Next one.", "A heading", "Y" * 70 + "\nwrapped on."]


def test_a_heading_stays_apart_from_text_that_opens_in_lower_case():
    text = "Scheduling with cron\n\ncron is the daemon that runs scheduled commands.\n\nIt reads the crontab of"
    text += "\n\nevery user once a minute."
    chunks = chunk_text(text, "s.html", "Guide", headings=[(0, 1, "Scheduling with cron")])
    # The heading is its own paragraph; a sentence broken across blocks is still joined.
    assert [c.text for c in chunks] == ["Scheduling with cron", "cron is the daemon that runs scheduled commands.",
                                        "It reads the crontab of\n\nevery user once a minute."]


def test_a_sentence_that_introduces_an_example_keeps_it():
    text = ("Take a snapshot of all files in the current directory with:\n\n$ git init\n$ git add .\n\n"
            "Now restore the pristine version:\n\n$ git reset --hard\n\nThe next part is about branches:\n\n" + "Long prose. " * 80)
    chunks = chunk_text(text, "magic.html", "Git Magic")
    assert [c.text.split("\n\n")[-1] for c in chunks[:2]] == ["$ git init\n$ git add .", "$ git reset --hard"]
    assert chunks[2].text == "The next part is about branches:"  # prose is no example


def test_a_format_shown_on_a_line_of_its_own_is_the_example_its_sentence_introduces():
    text = ("Reports from the lamp should look like this:\n\ntower:lamp: message\n\n"
            "The keeper reads them every morning.\n\nThe keeper retired the following year:\n\nShe moved inland.")
    assert [c.text for c in chunk_text(text, "lamp.html", "Lamps")] == [
        "Reports from the lamp should look like this:\n\ntower:lamp: message", "The keeper reads them every morning.",
        "The keeper retired the following year:", "She moved inland."]  # a sentence is no example


def test_a_paragraph_that_ends_on_a_letter_ends_its_sentence():
    text = "Move the cursor to the n.\n\nThe wick is trimmed at dawn. Dr.\nHale trims it."
    assert [text[a:b] for a, b in sentences(text)] == ["Move the cursor to the n.", "The wick is trimmed at dawn.", "Dr.\nHale trims it."]


def test_a_sentence_a_command_cuts_in_two_is_one_paragraph():
    text = ("Alternatively, instead of writing by hand, you can use\n\n$ lampctl log --auto\n\n"
            "which will record the wind every hour.\n\nThe log goes to the archive\n\nThe keeper retired.")
    chunks = chunk_text(text, "log.txt", "Log")
    assert chunks[0].text == text[:text.index("\n\nThe log")]
    # Prose that stops without a full stop keeps only a command after it.
    assert [c.text for c in chunks[1:]] == ["The log goes to the archive", "The keeper retired."]


def test_a_heading_is_never_the_example_a_sentence_introduces():
    text = "The lamp's settings:\n\nLAMP_POWER_LEVEL\n\nThe power of the lamp, in candelas."
    heading = text.index("LAMP_POWER_LEVEL")
    chunks = chunk_text(text, "lamp.rst", "Lamps", headings=[(heading, 2, "LAMP_POWER_LEVEL")])
    assert [c.text for c in chunks] == ["The lamp's settings:", "LAMP_POWER_LEVEL", "The power of the lamp, in candelas."]
    assert chunks[1].section == chunks[2].section == "LAMP_POWER_LEVEL"


def test_a_paragraph_that_announces_what_follows_keeps_the_list_after_it():
    text = ("The following three kinds of lamp are supported. Each burns oil.\n\nArgand\nFresnel\nElectric\n\n"
            "The keeper retired the following year.\n\nMara\nIda\n\nThe end of the story is told elsewhere.")
    assert [c.text for c in chunk_text(text, "lamps.md", "Lamps")] == [
        "The following three kinds of lamp are supported. Each burns oil.\n\nArgand\nFresnel\nElectric",
        "The keeper retired the following year.", "Mara\nIda", "The end of the story is told elsewhere."]


def test_a_signature_keeps_the_definition_indented_under_it_and_a_numbered_heading_does_not():
    text = ("Lamp.dim(level)\n\n   Return the new brightness of the lamp, in candelas.\n\n"
            "6.2. Composition\n\n   The committee consists of up to 8 members.\n\nThis stands alone.")
    assert [c.text for c in chunk_text(text, "api.txt", "Lamps")] == [
        "Lamp.dim(level)\n\n   Return the new brightness of the lamp, in candelas.", "6.2. Composition",
        "The committee consists of up to 8 members.", "This stands alone."]


def test_a_heading_inside_a_block_opens_a_paragraph_of_its_own():
    text = ("    1. Keepers will trim the wick\n       The wick is trimmed at dusk.\n"
            "    2. Keepers will not hide the log\n       The log is open to every visitor.\n")
    headings = [(text.index(t), 1, t) for t in ("1. Keepers will trim the wick", "2. Keepers will not hide the log")]
    chunks = chunk_text(text, "oath.txt", "Oath", headings=headings)
    assert [c.text for c in chunks] == ["1. Keepers will trim the wick", "The wick is trimmed at dusk.",
                                        "2. Keepers will not hide the log", "The log is open to every visitor."]
    assert chunks[3].section == "2. Keepers will not hide the log"


def test_code_with_its_arguments_one_to_a_line_is_not_cut_into_sentences():
    text = 'table.add_row(\n    "Dec 20, 2019",\n    "$275,000,000",\n)\nconsole.print(table)'
    assert spans_text(text, sentences(text)) == [text]


def test_a_hard_wrapped_sentence_runs_on_past_a_colon_or_an_article_at_a_lines_end():
    text = ("The second request adds the Cache-Control:\nheader with a value of 'no-cache' which tells the library to skip it.\n"
            "You can use the\nLamp-Control: header as well.")
    assert [text[a:b] for a, b in sentences(text)] == [
        "The second request adds the Cache-Control:\nheader with a value of 'no-cache' which tells the library to skip it.",
        "You can use the\nLamp-Control: header as well."]
    # A colon still ends what introduces a command or a list.
    example = "To build it, type:\nmake install\nThe build takes a minute."
    assert [example[a:b] for a, b in sentences(example)][0] == "To build it, type:"


def test_a_tables_row_is_one_sentence_whatever_its_cells_full_stops():
    text = ("Inside a loop you can read:\n\nVariable | Description\nloop.index | The current turn of the lamp. (1 indexed)\n"
            "loop.first | True on the first turn.\n\nSee the note below. It is short.")
    assert [text[a:b] for a, b in sentences(text)] == [
        "Inside a loop you can read:", "Variable | Description", "loop.index | The current turn of the lamp. (1 indexed)",
        "loop.first | True on the first turn.", "See the note below.", "It is short."]
    # A line with one " | " in prose is no table.
    prose = "Pipe it through sort | uniq. Then read it."
    assert [prose[a:b] for a, b in sentences(prose)] == ["Pipe it through sort | uniq.", "Then read it."]


def test_a_line_that_ends_on_an_address_over_a_blank_one_ends_its_sentence():
    # A README's byline (or link) under its title, over the paragraph that names the program in lower case.
    for byline in ("Ida Penrose <ida@harbour.example>", "Ida Penrose ida@harbour.example", "https://harbour.example/tidewell"):
        text = f"{byline}\n\ntidewell is a Python library that reads tide gauges."
        assert [text[a:b] for a, b in sentences(text)] == [byline, "tidewell is a Python library that reads tide gauges."]
    # A sentence wrapped after an address on one line goes on.
    wrapped = "Write to ida@harbour.example\nfor a copy of the tables."
    assert [wrapped[a:b] for a, b in sentences(wrapped)] == [wrapped]


def test_a_doctest_ends_over_a_blank_line_however_the_next_paragraph_opens():
    text = ('>>> tidewell.read(b"gauge", 0)  # returns the level in cm\n412\n\n'
            "tidewell.read_all(), added in version 5.0.0, reads every gauge at once.")
    said = [text[a:b] for a, b in sentences(text)]
    assert said[-1] == "tidewell.read_all(), added in version 5.0.0, reads every gauge at once." and "412" in said[-2]
