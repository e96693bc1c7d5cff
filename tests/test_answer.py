"""The answerers over real stores: the heuristic default, and the learned one with the models citeqa ships."""

import dataclasses

import numpy as np
import pytest

from helpers import write
from qa import Assistant, SettingsError
from qa.answer import HeuristicAnswerer, LearnedAnswerer, default_models, heuristic_key
from qa.cli import main as qa_main
from qa.conversation import Conversation
from qa.read import read_document
from qa.selector import candidates, quotable
from qa.types import Chunk, Hit
from qa.words import markers_in, normalize

FURNITURE = ("Home » stories", "The Keeper of Brannock Light", "by Mara Ellison", "Leave a comment")


def _learned(root, embedder, **settings) -> Assistant:
    return Assistant(data_dir=root / "data", embedder=embedder, answering="learned", **settings)


def _one_document(tmp_path, embedder, name: str, text: str, sentences: int = 1) -> Assistant:
    """The default answerer, quoting one sentence (or ``sentences``), over one document."""
    write(tmp_path / "docs" / name, text)
    assistant = Assistant(data_dir=tmp_path / "data", embedder=embedder, answer_sentences=sentences)
    assistant.ingest([tmp_path / "docs"])
    return assistant


@pytest.fixture
def learned(tmp_path, embedder, docs) -> Assistant:
    """The learned answerer with the shipped models, over the test documents."""
    assistant = _learned(tmp_path, embedder)
    assistant.ingest([docs])
    return assistant


def test_the_heuristic_is_the_default_and_quotes_the_answer(loaded):
    assert isinstance(loaded.answerer, HeuristicAnswerer)
    answer = loaded.ask("Who built the Brannock lighthouse?")
    assert "Oswin Hale" in answer.text and answer.confidence is None


def test_the_learned_answerer_needs_no_training_and_quotes_the_answer(learned):
    assert isinstance(learned.answerer, LearnedAnswerer)
    answer = learned.ask("Who built the Brannock lighthouse?")
    assert "Oswin Hale" in answer.citations[0].quote and 0.0 <= answer.confidence <= 1.0


def test_a_word_every_candidate_says_weighs_next_to_nothing_in_the_overlap():
    from qa.answer import overlaps

    said = ["Lampctl lights the lamp at dusk.", "Lampctl keeps the weather logbook.", "Lampctl runs on any tower."]
    shares = overlaps("Does lampctl keep a logbook?", said)
    # "lampctl" is every sentence's subject: only the one that keeps a logbook says something of the question.
    assert shares[1] > 0.9 and shares[0] < 0.01 and shares[2] < 0.01
    assert overlaps("", said).tolist() == [0.0, 0.0, 0.0]


def test_headings_title_lines_and_questions_are_not_quotable():
    text = "The Keeper of Brannock Light\n\nWhat is at stake?\n\nIt was built in 1871 by the engineer Oswin Hale."
    chunk = Chunk("c", "s.txt", "The Keeper of Brannock Light", 1, 0, 0, len(text), text, ((0, 28), (30, 47), (49, len(text))))
    assert [quotable(chunk, a, b) for a, b in chunk.sentences] == [False, False, True]


def test_a_numbered_sections_heading_run_into_its_text_is_not_quotable():
    text = "3. Grant of Lamp Oil. Each keeper is granted oil for the lamp.\n\n4. The Keeper Refuses. He may."
    chunk = Chunk("c", "licence.txt", "Lamp Licence", 1, 0, 0, len(text), text, ((3, 21), (22, 62), (67, 86), (87, len(text))))
    assert [quotable(chunk, a, b) for a, b in chunk.sentences] == [False, True, False, True]
    # Words in title case are a heading only after a section's number, with the section's text after them.
    alone = "Grant of Lamp Oil. Each keeper is granted oil."
    assert quotable(Chunk("c", "l.txt", "L", 1, 0, 0, len(alone), alone, ((0, 18), (19, len(alone)))), 0, 18)


def test_a_manual_pages_list_of_others_to_see_is_quotable_only_for_where():
    text = "lampctl(1), lampd.conf(5), keeper(7)\n\nThe lamp is lit by lampctl(1)."
    chunk = Chunk("c", "lampd.8.txt", "LAMPD(8)", 1, 0, 0, len(text), text, ((0, 36), (38, len(text))))
    assert [quotable(chunk, a, b, "Which port does lampd listen on?") for a, b in chunk.sentences] == [False, True]
    assert quotable(chunk, 0, 36, "Where can I read more about lampd?")


def test_a_web_address_alone_is_quotable_only_for_where_something_is():
    text = "Nightly builds\n\n<https://example.org/download/nightly/>\n\nNightly builds are made every night."
    chunk = Chunk("c", "s.md", "Beacons", 1, 0, 0, len(text), text, ((16, 54), (56, len(text))))
    assert not quotable(chunk, 16, 54, "What are nightly builds?") and quotable(chunk, 56, len(text), "What are nightly builds?")
    assert quotable(chunk, 16, 54, "Where can I download nightly builds?")


def test_a_web_address_under_a_label_is_quotable_only_for_where_something_is():
    text = "Documentation: https://tidewell.example/docs\n\nSource Code: <https://forge.example/tidewell>"
    chunk = Chunk("c", "tidewell.md", "tidewell", 1, 0, 0, len(text), text, ((0, 44), (46, len(text))))
    assert not any(quotable(chunk, a, b, "What does tidewell do?") for a, b in chunk.sentences)
    assert all(quotable(chunk, a, b, "Where is the tidewell documentation?") for a, b in chunk.sentences)


def test_a_sentence_that_sends_the_reader_elsewhere_is_quotable_only_for_where():
    text = "See also lampctl-pull(1) for more information.\n\nFor more details, see the keeper's handbook."
    chunk = Chunk("c", "lampctl.html", "Lampctl", 1, 0, 0, len(text), text, ((0, 46), (48, len(text))))
    assert not any(quotable(chunk, a, b, "What does lampctl pull do?") for a, b in chunk.sentences)
    assert all(quotable(chunk, a, b, "Where can I read more about lampctl pull?") for a, b in chunk.sentences)
    # One that says what the thing it points to is says more than where to look.
    text = "See also Lampctl's sister project, Beacon, which you can use to steer ships by the lamp."
    chunk = Chunk("c", "README.md", "Lampctl", 1, 0, 0, len(text), text, ((0, len(text)),))
    assert quotable(chunk, 0, len(text), "What is Beacon?")


def test_a_line_of_only_the_questions_words_answers_nothing():
    text = "$ lampctl pull"
    chunk = Chunk("c", "lampctl.html", "Lampctl", 1, 0, 0, len(text), text, ((0, len(text)),))
    assert not quotable(chunk, 0, len(text), "What does lampctl pull do?")
    assert quotable(chunk, 0, len(text), "How do I pull the lamp's log?")


def test_a_command_typed_at_a_prompt_says_what_to_type_not_what_it_does():
    text = "$ lampctl stash pop\n\n>>> lamp.status\n'lit'"
    chunk = Chunk("c", "lampctl.html", "Lampctl", 1, 0, 0, len(text), text, ((0, 19), (21, len(text))))
    assert not quotable(chunk, 0, 19, "What does lampctl stash do?")
    assert quotable(chunk, 0, 19, "How do I get my stashed work back?")
    # A line typed at Python's prompt is quoted with what it printed, which says what it does.
    assert quotable(chunk, 21, len(text), "What does lamp.status do?")
    # One word of code says how to use a thing, not what it does.
    code = "\\usepackage{lampctl}"
    chunk = Chunk("d", "lampctl.html", "Lampctl", 2, 0, 0, len(code), code, ((0, len(code)),))
    assert not quotable(chunk, 0, len(code), "What does lampctl do?")
    assert quotable(chunk, 0, len(code), "How do I load lampctl?")
    # Nor does a statement of a few words say what a thing is.
    code = "BEACON my_beacon;"
    chunk = Chunk("e", "lampsql.html", "Lampsql", 3, 0, 0, len(code), code, ((0, len(code)),))
    assert not quotable(chunk, 0, len(code), "What are beacons?")
    assert quotable(chunk, 0, len(code), "How do I set a beacon?")
    # Nor does a call, alone or assigning what it returns.
    code = 'wick = lampctl.trim_or_skip("wick")'
    chunk = Chunk("f", "lampctl.html", "Lampctl", 4, 0, 0, len(code), code, ((0, len(code)),))
    assert not quotable(chunk, 0, len(code), "What does lampctl.trim_or_skip do?")
    assert quotable(chunk, 0, len(code), "How do I trim the wick?")
    # Nor an import, at Python's prompt or not, nor the command that installs it.
    for code in (">>> from lampctl import wick_info", "import lampctl.wicks", "pip install lampctl"):
        chunk = Chunk("g", "lampctl.html", "Lampctl", 5, 0, 0, len(code), code, ((0, len(code)),))
        assert not quotable(chunk, 0, len(code), "What does lampctl do?"), code
        assert quotable(chunk, 0, len(code), "How do I install lampctl?"), code


def test_a_how_do_i_question_is_answered_first_by_the_instruction(tmp_path, embedder):
    readme = ("# Lampctl\n\n## Dependencies\n\n* `h2` - HTTP/2 support.\n* `rich` - Coloured logs.\n\n"
              "## Installation\n\nInstall with pip:\n\n```shell\n$ pip install lampctl\n```\n\n"
              "Or, to include the optional HTTP/2 support, use:\n\n```shell\n$ pip install lampctl[http2]\n```\n")
    assistant = _one_document(tmp_path, embedder, "README.md", readme)
    assert "lampctl[http2]" in assistant.ask("How do I get HTTP/2 support?").citations[0].quote


def test_a_how_do_i_question_is_answered_by_a_command_shown_without_a_prompt(tmp_path, embedder):
    readme = ("Lampctl\n=======\n\nOptions\n-------\n\n--man-dir\n    Directory in which to install lampctl man pages.\n\n"
              "Installation\n------------\n\nLatest stable release\n~~~~~~~~~~~~~~~~~~~~~\n\n.. code:: sh\n\n    pip install lampctl\n")
    assistant = _one_document(tmp_path, embedder, "README.rst", readme)
    assert assistant.ask("How do I install lampctl?").citations[0].quote == "pip install lampctl"


def test_a_which_version_question_is_answered_by_the_sentence_that_gives_a_version(tmp_path, embedder):
    page = ("# Why lampctl?\n\nWhich lampctl has fog mode depends on when it was built. The keepers' guild asked for it in "
            "many letters, and PEP 12 gave lampctl 2.4 a fog mode that dims the lamp.\n")
    assistant = _one_document(tmp_path, embedder, "why.md", page)
    assert "2.4" in assistant.ask("Which lampctl version added fog mode?").citations[0].quote


def test_a_sentence_that_announces_reasons_is_quoted_with_the_first_of_them(tmp_path, embedder):
    page = ("# Design\n\nThe lamp turns once a minute, never faster. There are two reasons why the lamp turns slowly. "
            "The first is that ships read the light by counting its flashes. The second is that the gears wear less.\n")
    assistant = _one_document(tmp_path, embedder, "design.md", page)
    quote = assistant.ask("Why does the lamp turn slowly?").citations[0].quote
    assert quote == ("There are two reasons why the lamp turns slowly. "
                     "The first is that ships read the light by counting its flashes.")


# A reference of settings as Sphinx writes one: each key heads its entry, whose summary is short.
SETTINGS_PAGE = """<html><head><title>Configuration</title></head><body><main><h1>Configuration Handling</h1>
<p>The lamp reads its settings when it starts. Also: no fog tests whatsoever.</p><p>Tests of the lamp run at dusk.</p>
<h2>Builtin Configuration Values</h2>
<dl class="py data"><dt class="sig sig-object py" id="FOGMODE"><span class="sig-name descname"><span class="pre">FOGMODE</span></span></dt>
<dd><p>Enable fog mode. The horn sounds twice a minute rather than once. You should enable this on the north shore.</p>
<p>Default: <code>False</code></p></dd>
<dt class="sig sig-object py" id="BEARING"><span class="sig-name descname"><span class="pre">BEARING</span></span></dt>
<dd><p>The bearing the lamp turns to first.</p></dd></dl></main></body></html>"""


def test_a_setting_in_capitals_is_answered_by_its_entry_summary_first(tmp_path, embedder):
    write(tmp_path / "docs" / "config.html", SETTINGS_PAGE)
    assistant = Assistant(data_dir=tmp_path / "data", embedder=embedder, answer_sentences=2)
    assistant.ingest([tmp_path / "docs"])
    quotes = [c.quote for c in assistant.ask("What does the FOGMODE config value do?").citations]
    assert quotes[0] == "Enable fog mode."
    assert quotes[1] in ("The horn sounds twice a minute rather than once.", "You should enable this on the north shore.", "Default: False")


def test_a_lists_short_item_answers_whether_it_is_there_in_a_document_whose_reader_knows_its_lists():
    text = "Plus all the standard features:\n\nFog Horn Timing\nStreaming Logs\nLens Rotation"
    spans = ((0, 31), (33, 48), (49, 63), (64, len(text)))
    readme = Chunk("c", "README.md", "Lampctl", 1, 0, 0, len(text), text, spans, section="Features")
    asked = "Does lampctl support streaming logs?"
    assert quotable(readme, 49, 63, asked) and quotable(readme, 33, 48, asked)
    # Not when it only echoes a question that asks what it is; not a PDF's or plain text's short line (a heading?).
    assert not quotable(readme, 49, 63, "What are streaming logs?")
    assert not quotable(dataclasses.replace(readme, source="manual.pdf"), 49, 63, asked)


def test_short_lines_are_quotable_only_for_what_they_hold_or_as_front_matter():
    text = "Home » stories\n\nby Mara Ellison\n\nNov 12, 2025 Local News\n\nEffective key size 512 bits\n\nIt was built in 1871."
    spans = ((0, 14), (16, 31), (33, 56), (58, 85), (87, len(text)))
    front = Chunk("c", "s.txt", "The Keeper", 1, 0, 0, len(text), text, spans)
    later = dataclasses.replace(front, paragraph=40)

    def quoted(chunk, question):
        return [text[a:b] for a, b in spans if quotable(chunk, a, b, question)]

    # A dateline holds what "when" asks for; a heading or a table cell nothing.
    assert quoted(later, "When was the lighthouse built?") == ["Nov 12, 2025 Local News", "It was built in 1871."]
    assert quoted(later, "What key size is recommended?") == ["It was built in 1871."]
    # A question about the document itself reads its front matter, and only there.
    assert "by Mara Ellison" in quoted(front, "Who wrote the story?")
    assert "Home » stories" in quoted(front, "In which section was the story published?")
    assert "Home » stories" not in quoted(later, "In which section was the story published?")
    assert "Home » stories" not in quoted(front, "What did the keeper record?")


def test_code_is_quotable_and_a_headings_capitals_are_no_name():
    text = "Installing Beacons\n\n$ pip install beacons\n\n>>> beacons.light()\n\nBeacons runs on Python 3.9 and later."
    lines = text.split("\n\n")
    spans = tuple((text.index(line), text.index(line) + len(line)) for line in lines)
    chunk = Chunk("c", "README.md", "Beacons", 12, 0, 0, len(text), text, spans)
    assert [text[a:b] for a, b in spans if quotable(chunk, a, b, "Who makes Beacons?")] == \
        ["$ pip install beacons", ">>> beacons.light()", "Beacons runs on Python 3.9 and later."]


def test_a_heading_the_reader_found_is_not_quotable_though_it_reads_as_code():
    heading = Chunk("h", "deb.rst", "Debs", 9, 0, 0, 26, "LAMP_COMPONENT_INSTALL", ((0, 22),), section="Variables › LAMP_COMPONENT_INSTALL")
    under = dataclasses.replace(heading, paragraph=10, text="Default : OFF", sentences=((0, 13),))
    assert not quotable(heading, 0, 22, "What is LAMP_COMPONENT_INSTALL?")
    # The same words elsewhere, not as the heading of their own section, are code and quotable.
    assert quotable(dataclasses.replace(heading, section="Variables"), 0, 22, "Which variable installs each component?")
    # A field of a description is a fact however short; a heading with a colon is still a heading.
    assert quotable(under, 0, 13, "What is the default of LAMP_COMPONENT_INSTALL?")
    text = "Beyond the Harbour: A Ripple Effect"
    assert not quotable(dataclasses.replace(under, text=text, sentences=((0, len(text)),)), 0, len(text), "What is the effect?")


def test_a_quote_that_announces_a_list_brings_it(tmp_path, embedder):
    assistant = _one_document(tmp_path, embedder, "lamps.md",
                              "# Lamps\n\nThe following three kinds of lamp are supported by the tower. Each burns for a night.\n\n"
                              "* Argand\n* Fresnel\n* Electric\n\nThe tower stands on Brannock Point.\n")
    quote = assistant.ask("Which kinds of lamp does the tower support?").citations[0].quote
    assert quote.startswith("The following three kinds") and quote.endswith("Argand\nFresnel\nElectric")


def test_a_quote_brings_the_example_it_introduces_and_what_a_prompt_printed(tmp_path, embedder):
    assistant = _one_document(tmp_path, embedder, "guide.md",
                              "# Guide\n\nBefore you start, take a snapshot of the harbour logbook with:\n\n"
                              "```\n$ logbook snapshot --all\n```\n\nA session with the lamp follows.\n\n"
                              "```\n>>> lamp.state\n'lit'\n>>> lamp.bearing\n42\n```\n")
    assert "$ logbook snapshot --all" in assistant.ask("How do I take a snapshot of the harbour logbook?").citations[0].quote
    quote = assistant.ask("What does lamp.state give?").citations[0].quote
    assert ">>> lamp.state\n'lit'" in quote and "bearing" not in quote


def test_what_a_command_printed_is_quoted_with_the_command(tmp_path, embedder):
    assistant = _one_document(tmp_path, embedder, "guide.md",
                              "# Guide\n\nRun the init-log command:\n\n```\n$ lampctl --tower brannock init-log\n"
                              "Initialized the harbour logbook.\n```\n\nThe keeper writes in it every night.\n")
    quote = assistant.ask("How do I initialize the harbour logbook?").citations[0].quote
    assert quote.startswith("$ lampctl --tower brannock init-log") and quote.endswith("Initialized the harbour logbook.")


def test_the_heuristic_quotes_no_headings_or_table_fragments(tmp_path, embedder):
    write(tmp_path / "docs" / "keys.md", "# Key sizes\n\n| Algorithm | Effective key size |\n| --- | --- |\n| RSA | 2048 bits |\n\n"
                                         "## Choosing a key size\n\nToday 2048 bits or more is recommended for RSA keys.\n")
    assistant = Assistant(data_dir=tmp_path / "data", embedder=embedder)
    assistant.ingest([tmp_path / "docs"])
    answer = assistant.ask("What key size is recommended for RSA keys?")
    quotes = [" ".join(c.quote.split()) for c in answer.citations]
    assert quotes and all(q.endswith(".") for q in quotes), quotes


def test_a_question_about_the_document_is_answered_from_its_front_matter(loaded):
    quotes = [c.quote for c in loaded.ask("Who wrote the story about the Brannock lighthouse?").citations]
    assert any("by Mara Ellison" in q for q in quotes), quotes


def test_the_learned_answerer_quotes_no_page_furniture_and_no_text_twice(tmp_path, embedder, docs):
    assistant = _learned(tmp_path, embedder, abstain_threshold=0.0, answer_sentences=3)
    assistant.ingest([docs])
    for question in ("Who built the Brannock lighthouse?", "When did the lamp stop burning whale oil?", "Who kept a logbook?"):
        answer = assistant.ask(question)
        quotes = [" ".join(c.quote.split()) for c in answer.citations]
        assert quotes and not any(q in FURNITURE or q.endswith("?") for q in quotes), quotes
        assert len({normalize(q) for q in quotes}) == len(quotes)
        assert 0.0 <= answer.confidence <= 1.0 and answer.to_dict()["confidence"] == round(answer.confidence, 4)


def test_the_same_words_in_two_documents_are_one_candidate(tmp_path, embedder):
    same = "The Brannock lighthouse was built in 1871 by the engineer Oswin Hale."
    write(tmp_path / "docs" / "a.txt", f"{same}\n\nIts lamp burned whale oil until 1904.\n")
    write(tmp_path / "docs" / "b.txt", f"A guide to Tolver Bay and its ferries.\n\n{same}\n")
    assistant = Assistant(data_dir=tmp_path / "data", embedder=embedder)
    assistant.ingest([tmp_path / "docs"])
    hits = assistant.retrieve("When was the Brannock lighthouse built?")
    assert sum(same in h.chunk.text for h in hits) == 2
    vectors = assistant.store.sentence_vectors([h.chunk for h in hits])
    found = candidates("When was it built?", assistant.embedder.encode_queries(["When was it built?"])[0], hits, vectors)
    assert sum(normalize(c.text) == normalize(same) for c in found) == 1


def test_the_selector_prefers_the_sentence_that_holds_what_is_asked(tmp_path, embedder):
    """Every sentence shares the question's words; only one holds a year. The shipped selector must tell."""
    write(tmp_path / "docs" / "a.txt", "The Brannock lighthouse keeper kept a detailed logbook of every storm. "
                                       "The Brannock lighthouse keeper retired in 1987 after forty years.\n")
    assistant = _learned(tmp_path, embedder, abstain_threshold=0.0, answer_sentences=1)
    assistant.ingest([tmp_path / "docs"])
    assert "1987" in assistant.ask("In what year did the Brannock lighthouse keeper retire?").citations[0].quote
    assert "logbook" in assistant.ask("What did the Brannock lighthouse keeper keep a detailed logbook of?").citations[0].quote


def test_the_short_answer_is_marked_inside_the_quote(tmp_path, embedder):
    write(tmp_path / "docs" / "a.txt", "The Brannock lighthouse was built in 1871 by the engineer Oswin Hale.\n")
    # Marking is switched on per kind by training; here dates are marked, whatever the shipped models chose.
    dates = dataclasses.replace(LearnedAnswerer.load(default_models()), mark_kinds=frozenset({"date"}), threshold=0.0)
    assistant = Assistant(data_dir=tmp_path / "data", embedder=embedder, answerer=dates)
    assistant.ingest([tmp_path / "docs"])
    first = assistant.ask("In what year was the Brannock lighthouse built?").citations[0]
    a, b = first.answer_span
    assert first.short_answer == "1871" == first.text[a:b] and first.start <= a < b <= first.end
    # Marking is per kind of question: "who" is not switched on here.
    assert assistant.ask("Who built the Brannock lighthouse?").citations[0].answer_span is None


def test_the_default_answerer_answers_why_with_a_cause(tmp_path, embedder):
    # The first sentence restates the question a little more closely; the second gives the cause.
    assistant = _one_document(tmp_path, embedder, "pier.txt", "In 1990 the Tolver ferry pier closed for good.\n\n"
                              "The Tolver ferry pier closed because storms had cracked its piles.\n\n"
                              "The board later sold the pier's lamps to a museum in Harrow.\n")
    assert "storms" in assistant.ask("Why did the Tolver ferry pier close?").text


def test_the_default_answerer_marks_dates_and_only_dates(loaded):
    first = loaded.ask("In what year was the Brannock lighthouse built?").citations[0]
    assert first.short_answer == "1871" and first.text[slice(*first.answer_span)] == "1871"
    # Names were measured too imprecise to mark (README, short answers).
    assert all(c.answer_span is None for c in loaded.ask("Who built the Brannock lighthouse?").citations)


def test_the_abstention_threshold_decides(tmp_path, embedder, docs):
    never = _learned(tmp_path / "a", embedder, abstain_threshold=1.0)
    never.ingest([docs])
    declined = never.ask("Who built the Brannock lighthouse?")
    assert declined.abstained and not declined.citations and declined.confidence < 1.0
    always = _learned(tmp_path / "b", embedder, abstain_threshold=0.0)
    always.ingest([docs])
    assert not always.ask("Who built the Brannock lighthouse?").abstained


def test_a_question_the_documents_do_not_answer_is_declined(learned):
    """The fitted threshold, not a test's."""
    answer = learned.ask("What is the capital city of Mongolia?")
    assert answer.abstained and answer.confidence < learned.answerer.decision.threshold
    assert not learned.ask("Who built the Brannock lighthouse?").abstained


def test_the_shipped_models_have_their_card():
    card = (default_models() / "MODEL_CARD.md").read_text()
    assert "held out" in card and "squad-dev-v2.0.json" in card and "Selector" in card
    answerer = LearnedAnswerer.load(default_models())
    assert 0.0 < answerer.decision.threshold < 1.0 and answerer.selector.w1.shape[1] == answerer.selector.w2.shape[0]


def test_missing_models_are_one_clear_error(tmp_path, embedder, capsys, docs):
    assistant = _learned(tmp_path, embedder, answer_model=tmp_path / "nothing-here")
    assistant.ingest([docs])
    with pytest.raises(SettingsError, match="no trained answer models in .*python -m qa.train"):
        assistant.ask("Who built the Brannock lighthouse?")
    capsys.readouterr()


def test_damaged_models_are_one_clear_error(tmp_path, embedder):
    models = tmp_path / "models"
    models.mkdir()
    (models / "answering.json").write_text((default_models() / "answering.json").read_text())
    (models / "selector.json").write_text('{"features": ["cosine"], "mean": [0]}')
    with pytest.raises(SettingsError, match="answer selector .* cannot be read: the selector was trained on features"):
        LearnedAnswerer.load(models)


def test_missing_models_through_the_cli_are_one_line(tmp_path, capsys, monkeypatch, docs):
    monkeypatch.setenv("QA_ANSWERING", "learned")
    monkeypatch.setenv("QA_ANSWER_MODEL", str(tmp_path / "nothing-here"))
    assert qa_main(["ingest", str(docs), "--data-dir", str(tmp_path / "data")]) == 0
    capsys.readouterr()
    assert qa_main(["ask", "Who built it?", "--data-dir", str(tmp_path / "data")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("qa: error: no trained answer models in") and err.count("\n") == 1


def test_no_candidates_is_an_abstention():
    answerer = LearnedAnswerer.load(default_models())
    assert answerer.answer("Who built it?", np.zeros(384), hits=[], vectors={}).abstained


@pytest.mark.parametrize("answering", ["heuristic", "learned"])
def test_a_quote_that_points_back_brings_the_sentence_before_it(tmp_path, embedder, answering):
    write(tmp_path / "docs" / "a.txt", "Seventy-five boats were seized off Tolver Bay in eight months. "
                                       "That is the largest haul on record for the Tolver Bay coast guard.\n")
    assistant = Assistant(data_dir=tmp_path / "data", embedder=embedder, answering=answering, abstain_threshold=0.0, answer_sentences=1)
    assistant.ingest([tmp_path / "docs"])
    answer = assistant.ask("What is the largest haul on record for the Tolver Bay coast guard?")
    assert len(answer.citations) == 1 and answer.citations[0].quote.startswith("Seventy-five boats")
    assert answer.citations[0].quote.endswith("coast guard.")


@pytest.mark.parametrize("answering", ["heuristic", "learned"])
def test_a_conclusion_is_quoted_with_the_sentence_it_is_drawn_from(tmp_path, embedder, answering):
    write(tmp_path / "docs" / "a.txt", "Every ship that rounds Tolver Point steers by the Brannock beam, even after its "
                                       "crew has charts. Thus, the Brannock lighthouse plays a very important role indeed.\n")
    assistant = Assistant(data_dir=tmp_path / "data", embedder=embedder, answering=answering, abstain_threshold=0.0, answer_sentences=1)
    assistant.ingest([tmp_path / "docs"])
    quote = assistant.ask("Why is the Brannock lighthouse important?").citations[0].quote
    assert quote.startswith("Every ship") and quote.endswith("role indeed.")


@pytest.mark.parametrize("answering", ["heuristic", "learned"])
def test_the_same_sentence_in_two_documents_is_quoted_once(tmp_path, embedder, answering):
    same = "The Brannock lighthouse was built in 1871 by the engineer Oswin Hale."
    write(tmp_path / "docs" / "a.txt", f"{same}\n\nIts lamp burned whale oil until 1904.\n")
    write(tmp_path / "docs" / "b.txt", f"A guide to Tolver Bay and its ferries.\n\n{same}\n")
    assistant = Assistant(data_dir=tmp_path / "data", embedder=embedder, answering=answering, abstain_threshold=0.0)
    assistant.ingest([tmp_path / "docs"])
    quotes = [normalize(c.quote) for c in assistant.ask("Who built the Brannock lighthouse?").citations]
    assert quotes.count(normalize(same)) == 1 and len(set(quotes)) == len(quotes)


@pytest.mark.parametrize("answering", ["heuristic", "learned"])
def test_a_documents_own_bracketed_numbers_are_no_markers(tmp_path, embedder, answering):
    write(tmp_path / "docs" / "essay.txt", "Keepers grew herbs by the tower [7].\n\n"
                                           "[7] Mint spreads by underground runners, so keepers kept it in a pot.\n")
    assistant = Assistant(data_dir=tmp_path / "data", embedder=embedder, answering=answering, abstain_threshold=0.0,
                          answer_sentences=1)
    assistant.ingest([tmp_path / "docs"])
    answer = assistant.ask("Why did keepers keep mint in a pot?")
    # The note's number is the document's; the answer's only marker is its citation's.
    assert answer.citations[0].quote.startswith("[7] Mint")
    assert answer.text.startswith("(7) Mint") and markers_in(answer.text) == [1]


@pytest.mark.parametrize("answering", ["heuristic", "learned"])
def test_a_sentence_a_command_cuts_in_two_is_quoted_whole(tmp_path, embedder, answering):
    cut = ("Alternatively, instead of writing by hand, you can use\n\n$ lampctl log --auto\n\n"
           "which will record the wind, the sea and the visibility every hour.")
    write(tmp_path / "docs" / "log.txt", f"Every evening the keeper writes the weather in the log. {cut}\n\n"
                                         "The log goes to the harbour archive each spring.\n")
    assistant = Assistant(data_dir=tmp_path / "data", embedder=embedder, answering=answering, abstain_threshold=0.0,
                          answer_sentences=1)
    assistant.ingest([tmp_path / "docs"])
    assert assistant.ask("How can the visibility be recorded every hour?").citations[0].quote == cut


@pytest.mark.parametrize("name, text, question, summary", [
    ("lamps.html",
     "<html><body><h1>Lamps</h1><p>The lamps module drives the lighthouse.</p><dl><dt>class Lamp(bearing, power)</dt>"
     "<dd><ul><li><p>bearing – If not None, the bearing the lamp faces first.</p></li>"
     "<li><p>power – If not None, the power the lamp starts at.</p></li></ul>"
     "<p>A Lamp turns the light of the tower toward a bearing and keeps it lit.</p></dd></dl></body></html>",
     "What does the Lamp class do?", "A Lamp turns the light of the tower toward a bearing and keeps it lit."),
    # Node.js's reference: a parameter's item gives its type in braces, and may run on for more than one sentence.
    ("lamps.md",
     "# Lamps\n\nThe lamps module drives the lighthouse.\n\n## lamps.dim(lamp[, options])\n\n"
     "* `lamp` {Lamp} The lamp to dim.\n* `options` {Object}\n  * `slow` {boolean} Dim the lamp over a "
     "minute. Each lamp dims at its own pace over that minute.\n\n"
     "The lamps.dim() method lowers a lamp's light to half its power and keeps it there.\n",
     "What does lamps.dim do?", "The lamps.dim() method lowers a lamp's light to half its power and keeps it there."),
], ids=["sphinx-class", "node-typed-items"])
def test_an_entry_is_answered_by_its_summary_past_its_parameters(tmp_path, embedder, name, text, question, summary):
    assistant = _one_document(tmp_path, embedder, name, text)
    assert assistant.ask(question).citations[0].quote == summary


@pytest.mark.parametrize("answering", ["heuristic", "learned"])
def test_a_count_or_a_date_the_documents_never_give_is_declined(tmp_path, embedder, answering):
    write(tmp_path / "docs" / "pier.txt", "Storms struck the Tolver ferry pier many times in its last winters.\n\n"
                                          "The Tolver ferry pier had twelve lamps, later sold to a museum in Harrow.\n\n"
                                          "The Harrow museum reopened in October after a long refit.\n")
    assistant = Assistant(data_dir=tmp_path / "data", embedder=embedder, answering=answering, abstain_threshold=0.0,
                          answer_sentences=1)
    assistant.ingest([tmp_path / "docs"])
    # The sentence quoted is about what is asked, but gives no number or date.
    assert assistant.ask("How many times did storms strike the Tolver ferry pier?").abstained
    assert assistant.ask("When did storms first strike the Tolver ferry pier?").abstained
    # Where the documents give it, as a word or as a month, the question is answered.
    assert "twelve" in assistant.ask("How many lamps did the Tolver ferry pier have?").text
    assert "October" in assistant.ask("When did the Harrow museum reopen?").text


KEEPING = ["The first thing a keeper learns is that the lamp matters less than the logbook.",
           "Most keepers started young, because a relative kept the light before them.",
           "A keeper trims the wick at dusk and again at midnight, whatever the weather.",
           "The logbook records every ship that passes, every storm and every repair.",
           "Fog is the hardest watch, since the horn must sound every thirty seconds.",
           "Visitors rarely understand how little of the work happens at the lamp itself.",
           "The tower's paint has to be renewed each spring against the salt.",
           "When a keeper retires, the logbooks go to the harbour archive."]


def test_when_a_named_document_was_written_is_its_dateline(tmp_path, embedder):
    write(tmp_path / "docs" / "keeping.md", "# How to Keep a Lighthouse\n\nMarch 2019\n\n" + "\n\n".join(KEEPING) + "\n")
    write(tmp_path / "docs" / "tools.md", "# More Lighthouse Tools\n\nOctober 2021\n\nThe beam command turns the lamp.\n\n"
                                          "The horn command sounds the fog horn every thirty seconds.\n")
    assistant = Assistant(data_dir=tmp_path / "data", embedder=embedder)
    assistant.ingest([tmp_path / "docs"])
    # A bare date resembles no question, and retrieval alone does not bring it: the named document's front matter does.
    assert "March 2019" not in [h.chunk.text for h in assistant.retrieve("When was How to Keep a Lighthouse written?")]
    written = assistant.ask("When was How to Keep a Lighthouse written?")
    assert [c.quote for c in written.citations] == ["March 2019"]
    assert written.citations[0].source.endswith("keeping.md")
    # A question naming a writer no document names is not answered with another document's dateline.
    assert assistant.ask("When was Ida Penrose's essay published?").abstained


def test_an_option_a_question_names_is_answered_by_the_line_that_defines_it(tmp_path, embedder):
    manual = ("3.1 Invoking lampctl\n\nlampctl reads a keeper's log and writes the lamp schedule for the season.\n"
              "Usage: lampctl [OPTION] LOGFILE\n"
              "Read LOGFILE and write the lamp schedule for the coming season.\n"
              "-c, --check checks the log's syntax only\n"
              "-o, --output=FILE writes the schedule to FILE\n")
    assistant = _one_document(tmp_path, embedder, "lampctl.txt", manual)
    assert assistant.ask("What does the lampctl -c option do?").citations[0].quote == "-c, --check checks the log's syntax only"
    assert assistant.ask("What does --output do in lampctl?").citations[0].quote.startswith("-o, --output=FILE")


REFERENCE = """<html><head><title>Path</title></head><body><main><h1>Path</h1>
<p>Most programs call path.join when they build a file name; path.join appears in every example below.</p>
<p>Calling path.join with user input is safe: path.join never reads the disk, and path.join is fast.</p>
""" + "".join(f"<p>Example {n}: path.join('{n}', 'log') builds the {n} file name with path.join, as path.join always does.</p>"
              for n in ("lamp", "pier", "tower", "harbour", "signal", "boat")) + """
<h3>path.basename(path)</h3><p>The path.basename() method returns the last portion of a path.</p>
<h3>path.join([...paths])</h3>
<table><tr><th>Version</th><th>Changes</th></tr><tr><td>v1.0.0</td><td>Added in: v1.0.0.</td></tr></table>
<p>Stability: 2 - Stable</p>
<ul><li>...paths &lt;string&gt; A sequence of path segments</li><li>Returns: &lt;string&gt;</li></ul>
<p>The path.join() method joins all given path segments together using the platform separator.</p>
<p>If the joined path is empty, a single dot is returned instead, and path.join stops.</p>
<h3>--watch</h3><p>Added in: v18.11.0</p><p>Starts the program in watch mode, restarting it when a watched file changes.</p>
<p>Other flags than --watch may be combined with it; --watch cannot be combined with --check.</p>
<h3>--inspect[=port]</h3><p>Added in: v6.3.0</p><p>Activate the inspector on the given port.</p>
<p>For more about inspecting a program restarted in watch mode, read the debugger guide; --inspect pairs with --watch.</p>
</main></body></html>"""


def test_an_api_or_option_a_reference_heads_is_answered_by_its_entrys_summary(tmp_path, embedder):
    assistant = _one_document(tmp_path, embedder, "path.html", REFERENCE)
    assert assistant.ask("What does path.join do?").citations[0].quote.startswith("The path.join() method joins")
    assert assistant.ask("What does the --watch flag do?").citations[0].quote.startswith("Starts the program in watch mode")
    # A question about two of them asks for no definition: what it asks is said elsewhere.
    assert "cannot be combined" in assistant.ask("Can --watch be combined with --check?").citations[0].quote
    assert "cannot be combined" in assistant.ask("Which flag can --watch not be combined with?").citations[0].quote
    chat = assistant.chat()
    chat.ask("What does the --watch flag do?")
    assert chat.ask("What about --inspect?").citations[0].quote == "Activate the inspector on the given port."


def test_a_classs_method_is_answered_by_the_entry_nested_under_its_class(tmp_path, embedder):
    # Sphinx nests a method's entry under its class, headed by its own name alone ("dim(level=0)").
    reference = ("<html><head><title>Lamp API</title></head><body><div role='main'><h1>Lamp API</h1><p>A Lamp can dim when "
                 "ships pass; keepers call Lamp.dim at night, and the harbour board asks every Lamp to dim in fog.</p><p>Dim "
                 "lamps save oil. A keeper who forgets to dim the lamp pays a fine.</p><dl class='py class'><dt>class "
                 "lamp.Lamp(power)</dt><dd><p>A lamp of the given power.</p><dl class='py method'><dt>light()</dt><dd><p>Turn "
                 "the lamp on at dusk.</p></dd></dl><dl class='py method'><dt>dim(level=0)</dt><dd><p>Lower the light to "
                 "level, in steps of ten.</p></dd></dl></dd></dl></div></body></html>")
    assistant = _one_document(tmp_path, embedder, "lamp.html", reference)
    assert assistant.ask("What does Lamp.dim do?").citations[0].quote == "Lower the light to level, in steps of ten."


def test_a_list_item_run_into_a_sentence_is_quoted_with_the_sentence_it_completes(tmp_path, embedder):
    text = ("The keepers guard the light with two habits:\n(1) they trim the wick at every watch, and (2) they write "
            "each storm in the log.\n\nThe tower stands on Brannock Point.\n")
    assistant = _one_document(tmp_path, embedder, "habits.txt", text)
    quote = assistant.ask("What do the keepers do at every watch?").citations[0].quote
    assert quote.startswith("The keepers guard the light with two habits:") and "trim the wick" in quote


# A list's items as plain text writes them, as the readers mark them ("• ": qa.read.list_items), and numbered.
@pytest.mark.parametrize("first,second", [("*", "*"), ("•", "•"), ("1.", "2.")])
def test_a_quote_ending_in_a_colon_brings_the_list_under_it_not_the_prose_after(tmp_path, embedder, first, second):
    text = (f"Brannock Light\n\nThe keeper's kit holds two parts:\n  {first} A lamp for the long watches of winter.\n"
            f"  {second} A logbook, bound in oilcloth,\n    that records every storm.\nThe kit is old and heavy: it was made by "
            "the first keeper of the light.  Nobody has replaced it since then.\n")
    assistant = _one_document(tmp_path, embedder, "kit.txt", text)
    quote = assistant.ask("Which two parts does the keeper's kit hold?").citations[0].quote
    assert quote.startswith("The keeper's kit holds two parts:") and quote.endswith("records every storm.")


GLOSSARY = """<html><head><title>Keeping</title></head><body><main><h1>Keeping the light</h1>
<p>The keepers' file names every version of the lamp: the default-version and the old-versions of the lamp both appear
in it, and every keeper reads the default-version and the old-versions before a watch.</p>
<p>Keepers write the default-version and the old-versions into the log at dawn, next to the weather.</p>
<h2>Keys of the keepers' file</h2>
<dl><dt><code>default-version</code></dt><dd><p>The lamp lit when no keeper chooses another.</p></dd>
<dt><code>old-versions</code></dt><dd><p>The lamps kept in the store that are no longer lit.</p></dd></dl>
</main></body></html>"""


def test_a_glossarys_entry_answers_what_its_term_is(tmp_path, embedder):
    write(tmp_path / "docs" / "keeping.html", GLOSSARY)
    assistant = Assistant(data_dir=tmp_path / "data", embedder=embedder, answer_sentences=1)
    assistant.ingest([tmp_path / "docs"])
    # A definition list's entry, which never names its term: under the term, it is the definition.
    assert assistant.ask("What is default-version?").citations[0].quote == "The lamp lit when no keeper chooses another."
    assert assistant.ask("What does the old-versions key mean?").citations[0].quote.startswith("The lamps kept in the store")


def test_a_faqs_question_is_answered_by_the_answer_under_it(tmp_path, embedder):
    faq = ("Lamp FAQ\n========\n\n"
           "Q:  Is the Brannock lamp Y2K-compliant?\n\nA:  Yes. The lamp keeps no calendar.\n\n"
           "Q:  My lamp flickers at dusk. Can I trim the wick of the Brannock lamp myself?\n\n"
           "A:  Only a keeper may do so, with the brass shears.\n\n"
           "Q:  Where is the lamp's log?\n\nA:  In the tower's lowest room.\n\n"
           "Notes\n=====\n\nThe Brannock lamp calendar of 1871 lists every keeper. Trimming the wick of the Brannock lamp "
           "yourself is a question many visitors ask.\n")
    assistant = _one_document(tmp_path, embedder, "faq.txt", faq)
    # The answer's few words are quoted with the sentence after them, and not the question over them.
    assert assistant.ask("Is the Brannock lamp Y2K-compliant?").citations[0].quote == "A:  Yes. The lamp keeps no calendar."
    assert assistant.ask("Can I trim the wick of the Brannock lamp myself?").citations[0].quote.startswith("A:  Only a keeper")


def test_a_faqs_answer_goes_on_under_its_question_before_anything_from_elsewhere(tmp_path, embedder):
    faq = ("Lamp FAQ\n========\n\nQ: How do I make the lamp blink?\n\n"
           "A: The lamp does not blink by default. Turning its brass key twice makes the lamp blink.\n\n"
           "Q: Can the lamp blink in fog?\n\nA: There is no way to make the lamp blink in fog.\n\n"
           "Q: Where is the lamp's log?\n\nA: In the tower's lowest room.\n")
    write(tmp_path / "docs" / "faq.txt", faq)
    assistant = Assistant(data_dir=tmp_path / "data", embedder=embedder, answer_sentences=2)
    assistant.ingest([tmp_path / "docs"])
    quotes = [c.quote for c in assistant.ask("How do I make the lamp blink?").citations]
    assert quotes == ["A: The lamp does not blink by default.", "Turning its brass key twice makes the lamp blink."]


def test_a_section_headed_with_what_is_asked_answers_it_first(tmp_path, embedder):
    guide = ("# Lampctl\n\nLampctl runs the tower lamp.\n\n## Lamp states\n\n"
             "You can dim the lamp in many ways, and a dimmed lamp still burns oil all night.\n\n"
             "## Dimming the lamp\n\nThe lower() call turns the flame down to a glow.\n\nIt takes a level from 0 to 9.\n\n"
             "## Lampctl\n\nLampctl is free software under the Lamp Licence.\n")
    assistant = _one_document(tmp_path, embedder, "guide.md", guide)
    # Under "Dimming the lamp" is how to dim it, however few words it shares with the question.
    assert assistant.ask("How do I dim the lamp?").citations[0].quote == "The lower() call turns the flame down to a glow."
    # A heading of the document's name alone says nothing of what is asked of it.
    assert not assistant.ask("How do I dim lampctl?").citations[0].quote.startswith("Lampctl")


def test_a_readmes_section_headed_with_what_is_asked_of_its_program_answers_it(tmp_path, embedder):
    readme = ("# Tide Tables\n\nThis library keeps the harbour's tide tables, and prints them.\n\n## Usage\n\ntide-tables "
              "reads the table of every tide.\n\n## All Logs\n\ntide_tables.read() gives every log as a dict.\n\n## Roadmap\n\n"
              "Currently the focus is on fixing bugs, working on speed, and finishing the lamp logs.\n\n## Plans\n\n"
              "Support for writing logs will not be added.\n")
    assistant = _one_document(tmp_path, embedder, "tide_tables-README.md", readme)
    # its name is asked already: the heading says every other word asked
    assert assistant.ask("What is the roadmap of tide-tables?").citations[0].quote.startswith("Currently the focus is on")
    # a heading that says half of the rest does not
    assert assistant.ask("Can tide-tables write logs?").citations[0].quote.startswith("Support for writing logs")


def test_a_section_of_another_programs_readme_does_not_answer_of_this_one(tmp_path, embedder):
    write(tmp_path / "docs" / "lampd-README.md", "# lampd\n\nlampd keeps the lamp log.\n\n## Reporting bugs\n\n"
                                                  "Bugs should be reported to the harbour's issue tracking system.\n")
    write(tmp_path / "docs" / "wickd-README.txt", "wickd\n\nwickd trims the wicks of the tower.\n\nReport bugs to "
                                                   "wickd-bugs@example.org. What is needed in a bug report is in the manual.\n")
    assistant = Assistant(data_dir=tmp_path / "data", embedder=embedder, answer_sentences=1)
    assistant.ingest([tmp_path / "docs"])
    assert assistant.ask("Where do I report wickd bugs?").citations[0].quote == "Report bugs to wickd-bugs@example.org."


def test_what_a_program_is_is_said_by_its_titles_tagline(tmp_path, embedder):
    readme = ("lampq: Command-line lamp log processor - a wrapper of lampd for tide tables\n"
              "==========================================================================\n\nInstallation\n------------\n\n"
              "Before using lampq, you also have to install its dependency, lampd.\n\nUsage\n-----\n\n"
              "lampq reads tide tables and hands them to lampd.\n")
    assistant = _one_document(tmp_path, embedder, "lampq-README.rst", readme)
    assert assistant.ask("What is lampq?").citations[0].quote.startswith("lampq: Command-line lamp log processor")
    # but a sentence that says what it is says it better
    said = _one_document(tmp_path / "said", embedder, "lampr-README.rst", readme.replace("lampq", "lampr").replace(
        "Installation\n------------\n\n", "lampr is a Python library that offers a sensible approach to reading lamp logs.\n\n"
        "Installation\n------------\n\n"))
    assert said.ask("What is lampr?").citations[0].quote.startswith("lampr is a Python library")


def test_a_section_headed_with_why_answers_why_first(tmp_path, embedder):
    guide = ("# Smoky lamps\n\nA smoky lamp is one whose flame leaves soot on the glass, night after night. Keepers say "
             "they are a problem they meet every winter.\n\n"
             "## Why smoky lamps are a problem\n\nSoot dims the beam, so that ships far out cannot see the light.\n\n"
             "## Root causes\n\nA smoky lamp burns a wick that is cut too long or oil that is too thick.\n")
    assistant = _one_document(tmp_path, embedder, "guide.md", guide)
    assert assistant.ask("Why are smoky lamps a problem?").citations[0].quote.startswith("Soot dims the beam")
    # and so is a follow-up that asks it of what its thread is about.
    chat = assistant.chat()
    assert chat.ask("What is a smoky lamp?").citations[0].quote.startswith("A smoky lamp is")
    assert chat.ask("Why are they a problem?").citations[0].quote.startswith("Soot dims the beam")


def test_a_sentence_that_says_every_word_asked_answers_however_little_it_resembles_the_question(tmp_path, embedder):
    text = ("Lamp helpers\n\nAll changes will be undone after the requesting keeper or watch has finished.\n\n"
            "The raising parameter determines if a WickError or OilError will be raised if the target of the set/trim "
            "operation does not exist.\n")
    write(tmp_path / "docs" / "helpers.txt", text)
    # A floor no sentence reaches: what the encoder makes of a sentence and a question it answers can fall under any.
    assistant = Assistant(data_dir=tmp_path / "data", embedder=embedder, answer_sentences=1, abstain_below=0.99)
    assistant.ingest([tmp_path / "docs"])
    assert assistant.ask("What does the raising parameter determine?").citations[0].quote.startswith("The raising parameter")
    assert assistant.ask("What does the raising parameter cost?").abstained  # not every word of it is said


def test_what_an_entry_says_is_quoted_with_the_label_that_names_it(tmp_path, embedder):
    history = ("Lamp releases\n\n"
               "Lampd 1.2 Ember (March 9th, 1999): Named for the cat. Two more lamps were added. The key innovation was "
               "the introduction of dimming, a new way to save oil.\n\n"
               "Lampd 1.3 Flint (June 5th, 2001): Named for the dog. This release consisted of 974 lamps.\n")
    assistant = _one_document(tmp_path, embedder, "releases.txt", history, sentences=2)
    answer = assistant.ask("Which release introduced dimming?")
    assert [c.quote for c in answer.citations] == ["Lampd 1.2 Ember (March 9th, 1999): Named for the cat.",
                                                   "The key innovation was the introduction of dimming, a new way to save oil."]


def test_the_words_of_an_address_are_not_what_a_sentence_says(tmp_path, embedder):
    text = ("Keeper's notes\n\nThe keeper program lights the tower lamp at dusk and keeps it lit until dawn.\n\n"
            "Ida Penrose (help-beacon-keeper@lamps.org)\n")
    assistant = _one_document(tmp_path, embedder, "notes.txt", text)
    assert assistant.ask("What is the beacon keeper program?").citations[0].quote.startswith("The keeper program lights")


def test_who_wrote_a_document_is_its_byline_and_never_its_title(tmp_path, embedder):
    guide = ("The Lampctl Keeper's Guide\n\nIda Penrose\nOswin Hale (hale@lamps.org)\nMara J. Ellison and Bram Stoker\n\nThis guide explains how lampctl, a program the harbour board "
             "commissioned in 1998, lights the tower lamp.\n\nThe board wrote the first version of lampctl in a winter.\n")
    assistant = _one_document(tmp_path, embedder, "guide.txt", guide)
    assert [c.quote for c in assistant.ask("Who wrote the lampctl guide?").citations] == ["Ida Penrose\nOswin Hale (hale@lamps.org)\nMara J. Ellison and Bram Stoker"]
    # The program the title names is no document: its writer is not the guide's.
    wrote = assistant.ask("Who wrote lampctl?")
    assert all("Penrose" not in c.quote and c.quote != "The Lampctl Keeper's Guide" for c in wrote.citations)


def test_what_a_program_does_is_what_its_own_readme_says_first(tmp_path, embedder):
    readme = ("# Lamp Controls\n\nPlease read this README carefully and only light a lamp if you know the tide.\n\n"
              "Helpers to limit the number of wicks lit by the harbour's lamps at dusk and at dawn.\n\n"
              "## Usage\n\nWhile lampctl does not limit you to two wicks, you may wish to do so yourself after trying it.\n\n"
              "```\n>>> from lampctl import wick_info\n```\n\nThe wick_info call lists the wicks.\n")
    # (enough sections that name lampctl for retrieval alone to miss the opening, which does not)
    readme += "".join(f"\n## Part {n}\n\nlampctl does {thing} when asked to by a keeper.\n"
                      for n, thing in enumerate(["trimming", "polishing", "logging", "counting", "testing", "painting"]))
    write(tmp_path / "docs" / "lampctl-README.md", readme)
    write(tmp_path / "docs" / "oil.txt", "Oil\n\nWhale oil burns brighter than lamp oil, and smokes less.\n")
    assistant = Assistant(data_dir=tmp_path / "data", embedder=embedder, answer_sentences=1)
    assistant.ingest([tmp_path / "docs"])
    for asked in ("What does lampctl do?", "What is lampctl?"):
        assert assistant.ask(asked).citations[0].quote.startswith("Helpers to limit the number of wicks"), asked
    # A sentence that says what it is comes first.
    opening = "Helpers to limit the number of wicks lit by the harbour's lamps at dusk and at dawn.\n\n"
    write(tmp_path / "docs" / "lampctl-README.md", readme.replace(opening, opening + "Lampctl is a tool for keepers.\n\n"))
    assistant.ingest([tmp_path / "docs"])
    assert assistant.ask("What is lampctl?").citations[0].quote.startswith("Lampctl is a tool for keepers")
    # One deep in the README says less of what it is than an opening that names its kind.
    tagline = "A Python library to limit the number of wicks lit by the harbour's lamps at dusk and at dawn.\n\n"
    write(tmp_path / "docs" / "lampctl-README.md",
          readme.replace(opening, tagline) + "\n## Contributing\n\nLampctl is a work in progress.\n")
    assistant.ingest([tmp_path / "docs"])
    assert assistant.ask("What is lampctl?").citations[0].quote.startswith("A Python library to limit")


def test_why_is_answered_with_the_sentence_after_the_answer_that_gives_the_reason(tmp_path, embedder):
    readme = ("Lampctl\n\n## Breaking changes\n\n- Every release between 2.7.0 and 2.8.3 is withdrawn.\n"
              "  There is a bug in the wick timer, it led to lamps left lit all day.\n- 2.8.0 is withdrawn too.\n\n"
              "## Usage\n\nLampctl lights the harbour lamps at dusk.\n")
    assistant = _one_document(tmp_path, embedder, "lampctl-README.md", readme, sentences=2)
    answer = assistant.ask("Why were the releases between 2.7.0 and 2.8.3 withdrawn?")
    assert [c.quote for c in answer.citations] == ["Every release between 2.7.0 and 2.8.3 is withdrawn.",
                                                   "There is a bug in the wick timer, it led to lamps left lit all day."]


def test_a_sentence_to_the_reader_under_a_programs_heading_does_not_define_it(tmp_path, embedder):
    readme = ("# lampctl\n\nPlease read this README carefully and only light a lamp if you know the tide.\n\n"
              "Helpers to limit the number of wicks lit by the harbour's lamps at dusk and at dawn.\n")
    assistant = _one_document(tmp_path, embedder, "README.md", readme)
    assert assistant.ask("What does lampctl do?").citations[0].quote.startswith("Helpers to limit")


def test_who_wrote_a_program_is_the_byline_of_its_own_readme(tmp_path, embedder):
    readme = ("lampctl -- lighting harbour lamps the easy way\n\n\"It's just a lamp, what could go wrong?\"\n\n"
              "Ida Penrose <ida@lamps.example>\n\nLampctl dims and lights the harbour lamps. A keeper wrote to the board "
              "about lampctl once, and the board wrote back.\n")
    assistant = _one_document(tmp_path, embedder, "README.txt", readme)
    assert assistant.ask("Who wrote lampctl?").citations[0].quote == "Ida Penrose <ida@lamps.example>"
    # and so is a README named after its program, its author given in a field.
    readme = ("=================\nREADME: Lampd 1.2\n=================\n\n:Author: Oswin Hale\n:Contact: hale@lamps.example\n\n"
              "Lampd dims and lights the harbour lamps. A keeper wrote to the board about lampd once.\n")
    assistant = _one_document(tmp_path / "lampd", embedder, "lampd-README.rst", readme)
    assert assistant.ask("Who wrote lampd?").citations[0].quote == "Author: Oswin Hale"


def test_an_option_is_defined_from_the_document_the_question_names():
    def hit(name: str, kept: str, score: float) -> Hit:
        text = f"-k --keep Keep {kept}."
        return Hit(Chunk(name, f"/docs/{name}.txt", name, 1, 0, 0, len(text), text, ((0, len(text)),), section="OPTIONS"), score)

    hits = [hit("lampctl", "the lamp lit", 2.0), hit("logctl", "the log open", 1.0)]
    vectors = {h.chunk.id: np.ones((1, 3), dtype=np.float32) for h in hits}
    answer = HeuristicAnswerer(max_sentences=1).answer("What does logctl -k do?", np.ones(3) / 3, hits, vectors)
    assert answer.citations[0].quote == "-k --keep Keep the log open."


def test_the_cosine_floor_decides_whether_to_answer_not_which_sentence_answers():
    text = ("The suspension will remain in effect until the strikes stop. President Petro ordered the suspension of all "
            "intelligence sharing, citing the naval strikes on boats in the Caribbean Sea as the reason.")
    hit = Hit(Chunk("news", "/docs/news.txt", "news", 0, 0, 0, len(text), text, ((0, 60), (61, len(text)))), 1.0)
    question, qvec = "Who ordered the suspension?", np.array([1.0, 0.0], dtype=np.float32)

    def answer(*cosines: float):
        vectors = {hit.chunk.id: np.array([[c, (1 - c * c) ** 0.5] for c in cosines], dtype=np.float32)}
        return HeuristicAnswerer(max_sentences=1, abstain_below=0.30).answer(question, qvec, [hit], vectors)

    # The long sentence that names who ordered it is less like the question (0.25) than the short one (0.5), but it
    # says more of what is asked: it is the quote, though under the floor.
    assert answer(0.5, 0.25).citations[0].quote.startswith("President Petro ordered")
    # No sentence reaches the floor: the passages do not answer.
    assert answer(0.2, 0.25).abstained


def test_who_wrote_a_title_page_is_its_author_over_the_date_of_writing(tmp_path, embedder):
    guide = ("Information for Keepers of Brannock\nLights\n\nIda Penrose\nlast updated February 26, 2022\n\n"
             "This guide explains how the keepers trim the wick, log the weather and light the lamp at dusk.\n")
    assistant = _one_document(tmp_path, embedder, "guide.txt", guide)
    assert [c.quote for c in assistant.ask("Who wrote the Information for Keepers of Brannock Lights?").citations] == [
        "Ida Penrose\nlast updated February 26, 2022"]


def test_a_keys_row_in_a_plain_text_table_says_what_it_does(tmp_path, embedder):
    tutorial = ("Moving around\n\nC-v and M-v are another kind of exception to the rule.\n\n"
                "The following commands are useful for viewing the lamp log:\n\n"
                "\tC-v\tMove forward one page\n\tM-v\tMove backward one page\n\tC-l\tClear the screen\n\n"
                "C-M-v is an example of a CONTROL-META character, typed with both keys held.\n")
    assistant = _one_document(tmp_path, embedder, "tutorial.txt", tutorial)
    assert assistant.ask("What does C-v do?").citations[0].quote == "C-v\tMove forward one page"
    assert assistant.ask("What does M-v do?").citations[0].quote == "M-v\tMove backward one page"


def test_where_to_write_is_answered_by_the_address(tmp_path, embedder):
    text = ("Lampd availability\n\nLampd is legally owned by the Harbour Board. It has been run on many lighthouses.\n\n"
            "If you are on the Internet, report bugs to bug-lampd@lamps.org. "
            "You can use the Lampd command M-x report-bug RET to mail a bug report. "
            "Please read the Bugs section of the Lampd manual before you report Lampd bugs.\n")
    assistant = _one_document(tmp_path, embedder, "DISTRIB.txt", text)
    assert assistant.ask("Where do I report Lampd bugs?").citations[0].quote == "If you are on the Internet, report bugs to bug-lampd@lamps.org."


def test_what_a_name_means_is_answered_by_what_it_is_named_after(tmp_path, embedder):
    faq = ("Lampd FAQ\n\nWhere did the lamp come from?\n\nAt the end of the day, it comes down to keeping the light lit. "
           "And, regardless of how things are named, Lampd gets lamps lit in a way that is most logical to us.\n\n"
           "What about the name?\n\nLampd was named after Ida Lamp, who kept the Brannock light for forty winters. "
           'Listen to her stories. If you need a name, just use "Lampd", without any tagline.\n')
    assistant = _one_document(tmp_path, embedder, "faq.txt", faq)
    assert assistant.ask("What does the name Lampd mean?").citations[0].quote.startswith("Lampd was named after Ida Lamp")


def test_a_release_the_documents_never_number_is_not_answered(tmp_path, embedder):
    history = ("Lampd history\n\nLampd 13 (1985-03-20)\nInitial release announced to the keepers.\n\n"
               "Lampd 18.59 (1992-10-30)\n\nLampd 19.10 (1993-05-30)\n\nLampd 24.1 (2012-06-10)\n")
    assistant = _one_document(tmp_path, embedder, "HISTORY.txt", history)
    assert assistant.ask("When was Lampd 24.1 released?").citations[0].quote == "Lampd 24.1 (2012-06-10)"
    assert assistant.ask("When was Lampd 30 released?").abstained


def test_a_release_another_passage_numbers_is_answered_from_the_best_sentence():
    def hit(paragraph: int, text: str) -> Hit:
        return Hit(Chunk(f"h{paragraph}", "/docs/HISTORY.txt", "Lampd history", paragraph, 0, 0, len(text), text,
                         ((0, len(text)),)), 1.0)

    # The sentence that answers is in a passage that does not number the release; another passage does.
    hits = [hit(2, "At the time of release, there were 1500 lamps kept by more than 400 keepers."),
            hit(1, "Lampd 2.0 (Gale) came out in July 1998 for the harbour's towers.")]
    vectors = {hits[0].chunk.id: np.array([[1.0, 0.0]], dtype=np.float32), hits[1].chunk.id: np.array([[0.6, 0.8]], dtype=np.float32)}
    answer = HeuristicAnswerer(max_sentences=1).answer("How many lamps did Lampd 2.0 include?", np.array([1.0, 0.0]), hits, vectors)
    assert [c.quote for c in answer.citations] == ["At the time of release, there were 1500 lamps kept by more than 400 keepers."]


def test_who_wrote_a_title_page_is_each_of_its_authors_over_their_affiliations(tmp_path, embedder):
    guide = ("The Lampctl Keeper's Guide\nIda Penrose\nHarbour Board of Brannock\nOswin Hale\nSchool of Lighthouse Keeping\n\n"
             "This guide explains how lampctl, a program the harbour board commissioned in 1998, lights the tower lamp.\n")
    assistant = Assistant(data_dir=tmp_path / "data", embedder=embedder)
    write(tmp_path / "docs" / "guide.txt", guide)
    assistant.ingest([tmp_path / "docs"])
    assert [c.quote for c in assistant.ask("Who wrote the lampctl guide?").citations] == ["Ida Penrose", "Oswin Hale"]


def test_what_a_document_is_called_is_its_title_line(tmp_path, embedder):
    guide = ("Keeping the Brannock Light\n\nIda Penrose\n\nThis guide explains how the keepers of the Brannock lighthouse "
             "trim the wick, log the weather and light the lamp at dusk every day of the year.\n")
    assistant = _one_document(tmp_path, embedder, "guide.txt", guide)
    assert [c.quote for c in assistant.ask("What is the title of the lighthouse keepers' guide?").citations] == [
        "Keeping the Brannock Light"]
    for question in ("What is the guide called?", "What is the name of this guide?"):
        assert [c.quote for c in assistant.ask(question).citations] == ["Keeping the Brannock Light"]
    # A person's job title is no document's title; a book in the text is no document's name.
    assert "Keeping the Brannock Light" not in assistant.ask("What is Ida Penrose's job title?").text
    # A book in the text is no document's name.
    assert "Keeping the Brannock Light" not in assistant.ask("What is the name of the book the keepers log the weather in?").text


def test_a_parameters_default_is_answered_by_the_signature_that_gives_it(tmp_path, embedder):
    assistant = _one_document(tmp_path, embedder, "lamps.html",
                              "<html><body><h1>Lamps</h1><dl><dt>turn(bearing, power=100, logged=True)</dt>"
                              "<dd><p>Turns the lamp toward a bearing at a power, in candelas.</p>"
                              "<p>With a power of 50, for example, the lamp burns half as bright.</p></dd></dl></body></html>")
    # A signature answers nothing else, and prose that writes "power=50" is no signature.
    assert assistant.ask("What is the default value of power?").citations[0].quote == "turn(bearing, power=100, logged=True)"
    assert "turn(bearing" not in assistant.ask("What does the power of a lamp measure?").text


def test_a_default_asked_of_a_thing_is_not_a_parameter_that_shares_the_attributes_name():
    from qa.selector import names_default

    # "the default type of a lamp" asks it of a lamp: a call's "type=..." gives another thing's.
    assert not names_default("@lamp.option('--beam', type=lamp.Choice(['wide']))", "What is the default type of a lamp option?")
    assert names_default("turn(bearing, power=100)", "What is the default value of power?")
    assert names_default("open(log, encoding=None)", "What is the default encoding?")
    # A filter or a command named "default" is asked of, not a parameter of that name.
    assert not names_default("lamp-filters.beam(value: Any, default: int = 0, base: int = 10)", "What does the default filter do?")
    # "the default level of dim()" asks it of the signature's own parameter.
    assert names_default("dim(lamp, level=5)", "What is the default level of dim()?")
    assert names_default("class Wick(length=10)", "What is the default length of a Wick?")
    assert names_default("light(*wicks, sep=' ')", "What is the default value of sep in light()?")
    assert not names_default("dim(lamp, level=5)", "What is the default level of light()?")
    # A call typed at a prompt passes a value of its own: no default.
    assert not names_default(">>> light(*wicks, sep=' ')", "What is the default value of sep?")


def test_an_options_default_given_in_its_entrys_heading_is_quotable():
    text = "--watches=<number> [default: 12]"
    chunk = Chunk("c", "lampctl.html", "Lampctl", 3, 0, 0, len(text), text, ((0, len(text)),), section="Options › " + text)
    assert quotable(chunk, 0, len(text), "What is the default value of --watches?")
    assert not quotable(chunk, 0, len(text), "What does --watches do?")  # otherwise a heading answers nothing


def test_a_version_the_question_names_is_not_answered_by_another(tmp_path, embedder):
    notes = ("Release history\n\nLampctl 2.1 was released on 9 March 1999, after a week's delay.\n\n"
             "Version 1.1 of lampctl, code-named Buzz, came out in June 1996 as the first release with a code name.\n")
    assistant = _one_document(tmp_path, embedder, "notes.txt", notes)
    assert assistant.ask("When was lampctl 1.1 released?").citations[0].quote.startswith("Version 1.1 of lampctl")
    # Scored alike, the sentence of another version or year scores less.
    asked = "What happened to the archive in November 2002?"
    assert (heuristic_key(asked, 0.5, "In November 2003, the archive was broken into.", 0.0)
            < heuristic_key(asked, 0.5, "In November 2002, the archive's building caught fire.", 0.0))


def test_who_wrote_a_program_is_answered_by_its_manuals_authors_section(tmp_path, embedder):
    options = "".join(f"     -{letter}      {what}.\n\n" for letter, what in [
        ("w", "Write the lamp schedule for the season to the keeper's log"), ("c", "Check the log's syntax only"),
        ("q", "Print nothing but errors"), ("v", "Print each lamp as it is scheduled"),
        ("f", "Read the schedule from the given file instead of the standard input")])
    page = (f"LAMPCTL(1)\n\nNAME\n     lampctl - write the lamp schedule\n\nDESCRIPTION\n     lampctl writes keepers' lamp "
            f"schedules, and the keepers write to lampctl's log.\n\nOPTIONS\n{options}"
            "AUTHORS\n     lampctl was first written by Ida Penrose and Oswin Hale.  Many keepers have since improved it.\n")
    write(tmp_path / "docs" / "lampctl.1.txt", page)
    write(tmp_path / "docs" / "lamps.txt", "The Lamps of Brannock\n\nKeepers write the log each night at the lamp.\n")
    assistant = Assistant(data_dir=tmp_path / "data", embedder=embedder, top_k=1)
    assistant.ingest([tmp_path / "docs"])
    # The section is the manual's last, and says little of what is asked: retrieval alone does not find it.
    assert "AUTHORS" not in [hit.chunk.section for hit in assistant.retrieve("Who wrote lampctl?")]
    answer = assistant.ask("Who wrote lampctl?")
    assert answer.citations[0].quote == "lampctl was first written by Ida Penrose and Oswin Hale."


def test_who_wrote_a_program_is_answered_by_its_author_field_far_into_its_readme(tmp_path, embedder):
    # A README that gives its program's facts one a line well after its opening, as old comp.sources READMEs do.
    usage = "\n\n".join(f"Lampctl lights lamp {n} of the harbour at dusk and dims it at dawn; the keeper logs it."
                          for n in range(1, 9))
    readme = (f"Lampctl version 2.4:\n\n{usage}\n\n-------- Original README --------\n\nProgram: lampctl\n"
              "Author: Ida Penrose\nE-mail: ida@lamps.example\nOS: UNIX\n\nLampctl was written to be a keeper's tool.\n")
    write(tmp_path / "docs" / "lampctl-README.txt", readme)
    assistant = Assistant(data_dir=tmp_path / "data", embedder=embedder, top_k=2)
    assistant.ingest([tmp_path / "docs"])
    # The field says little of what is asked: retrieval alone does not find it.
    assert not any("Author:" in hit.chunk.text for hit in assistant.retrieve("Who wrote lampctl?"))
    assert assistant.ask("Who wrote lampctl?").citations[0].quote == "Author: Ida Penrose"


def test_who_wrote_a_program_is_answered_by_its_author_introducing_themselves(tmp_path, embedder):
    # A one-person project's README says who wrote it in the first person, under "About".
    usage = "\n\n".join(f"Lampctl lights lamp {n} of the harbour at dusk and dims it at dawn; the keeper logs it."
                          for n in range(1, 7))
    readme = (f"Lampctl\n=======\n\n{usage}\n\nAbout\n-----\n\nI'm Ida Penrose.\n\n"
              "Lampctl is on the harbour's own forge.\n\nGet in touch if you've got something to contribute.\n")
    assistant = _one_document(tmp_path, embedder, "lampctl-README.rst", readme)
    assert assistant.ask("Who wrote lampctl?").citations[0].quote == "I'm Ida Penrose."


def test_which_licence_is_answered_by_the_sentence_that_names_one_without_the_word(tmp_path, embedder):
    # A README that names its licence once, in its opening, and never says "license".
    places = "\n\n".join(f"Lampd is distributed to the harbour of {town}, whose keeper holds a license to light its lamps."
                           for town in ("Tolver", "Penrith", "Calder", "Moray", "Wick", "Arden", "Lorne", "Brora", "Oban", "Ayr",
                                        "Troon", "Largs", "Irvine", "Girvan"))
    readme = f"Lampd is a free, LGPL implementation of the tide-table protocol for small ports.\n\nCopyright 2004-2009 by the Lampd keepers.\n\n{places}\n"
    assistant = _one_document(tmp_path, embedder, "lampd-README", readme)
    assert not any("LGPL" in hit.chunk.text for hit in assistant.retrieve("Under what license is Lampd distributed?"))
    assert assistant.ask("Under what license is Lampd distributed?").citations[0].quote == (
        "Lampd is a free, LGPL implementation of the tide-table protocol for small ports.")


def test_which_versions_is_answered_by_the_line_that_says_which_are_supported(tmp_path, embedder):
    # A README that says it once, deep in a long list of features; its install command and a changelog entry name
    # Python too, and resemble the question more.
    features = "\n".join(f"* Reads the {kind} gauges of the harbour" for kind in (
        "tide", "wind", "rain", "swell", "fog", "ice", "current", "pressure", "salinity", "temperature", "depth", "wave"))
    usage = "\n\n".join(f"Tidewell supports the {town} harbour's gauges from Python: it reads them each hour and tidewell keeps "
                          f"what it read in the {town} log." for town in ("Tolver", "Penrith", "Calder", "Moray", "Wick",
                                                                        "Arden", "Lorne", "Brora", "Oban", "Ayr"))
    readme = (f"Tidewell\n========\n\nTidewell reads harbour gauges.\n\n{usage}\n\nInstall it with:\n\n    python3 -m pip install tidewell\n\n"
              f"Features\n--------\n\n{features}\n* Supports Python 3.9 or higher\n\nChangelog\n---------\n\n"
              "2.0.0\n\n* Compatibility of tidewell with Python 3.6 and 3.7 is no longer tested\n")
    assistant = _one_document(tmp_path, embedder, "tidewell.rst", readme)
    asked = "Which Python versions does tidewell support?"
    assert not any("3.9" in hit.chunk.text for hit in assistant.retrieve(asked))
    assert assistant.ask(asked).citations[0].quote == "Supports Python 3.9 or higher"


def test_which_release_made_a_change_is_answered_by_the_heading_over_its_entry(tmp_path, embedder):
    # A changelog whose entries never say their release: the heading over them does, a bare number, or a number and
    # a date with the entries under a kind of change.
    releases = "\n\n".join(f"## {major}.{minor}.0\n\n- Read the {kind} gauges faster\n- Fix the {kind} log's dates"
                             for major, minor, kind in ((1, 6, "tide"), (1, 4, "wind"), (1, 3, "rain"), (1, 2, "swell")))
    readme = (f"# tidewell\n\ntidewell reads harbour gauges.\n\n# Changelog\n\n## 2.0.0 - 2026-03-01\n\n### Removed\n\n"
              f"- Dropped support for Python 3.8, as it has reached its end of life.\n\n### Added\n\n- Fog gauges\n\n"
              f"## 1.5.0\n\n- Drop the --quiet flag of tidewell-cli\n- Fix the fog log's dates\n\n{releases}\n")
    assistant = _one_document(tmp_path, embedder, "tidewell.md", readme, sentences=2)
    quoted = [c.quote for c in assistant.ask("Which tidewell version dropped Python 3.8 support?").citations]
    assert quoted == ["2.0.0 - 2026-03-01", "Dropped support for Python 3.8, as it has reached its end of life."]
    quoted = [c.quote for c in assistant.ask("In which release was the --quiet flag of tidewell-cli dropped?").citations]
    assert quoted == ["1.5.0", "Drop the --quiet flag of tidewell-cli"]


def test_when_a_release_came_out_is_declined_when_only_other_releases_are_dated(tmp_path, embedder):
    changelog = ("# tidewell\n\ntidewell reads harbour gauges.\n\n# Changelog\n\n## tidewell 0.7.1\n\nRelease date: 08-Mar-2021\n\n"
                 "- Fix the fog gauge\n\n## tidewell 0.7.0\n\nRelease date: 04-May-2020\n\n- Read the tide gauge\n\n"
                 "Support for Python 2 will be removed in 0.8.0.\n")
    assistant = _one_document(tmp_path, embedder, "tidewell.md", changelog)
    assert "08-Mar-2021" in assistant.ask("When was tidewell 0.7.1 released?").text
    assert assistant.ask("When was tidewell 0.8.0 released?").abstained


def test_how_to_is_answered_by_a_troubleshooting_entrys_solution_not_its_problem(tmp_path, embedder):
    readme = ("# tidewell\n\ntidewell streams harbour gauge readings to a browser.\n\n## Troubleshooting\n\n### Readings arrive late\n\n"
              "**Problem**: The harbour proxy buffers gauge readings by default, delaying them until a page fills.\n\n"
              "**Solution**: Set the Tide-Buffering: off header.\n\n### Readings stop\n\n"
              "**Problem**: The gauge sleeps after an hour.\n\n**Solution**: Ping it every ten minutes.\n")
    assistant = _one_document(tmp_path, embedder, "tidewell.md", readme)
    answer = assistant.ask("How do I stop the harbour proxy from buffering gauge readings?")
    assert answer.citations[0].quote == "Solution: Set the Tide-Buffering: off header."


def test_how_to_is_answered_by_what_to_do_before_what_says_the_problem_again(tmp_path, embedder):
    guide = ("# Checking gauges\n\nWhen a gauge passes its check, we won't see the log of gauges that pass.\n\n"
             "If we want the logs of passing gauges too, we can tell tidewell to print them with --show-log.\n\n"
             "A gauge that fails its check prints its log at once.\n")
    assistant = _one_document(tmp_path, embedder, "checking.md", guide, sentences=2)
    quotes = [c.quote for c in assistant.ask("How do I see the log of gauges that pass?").citations]
    assert quotes == ["If we want the logs of passing gauges too, we can tell tidewell to print them with --show-log.",
                      "When a gauge passes its check, we won't see the log of gauges that pass."]


def test_a_sentence_that_announces_what_comes_next_answers_nothing(tmp_path, embedder):
    guide = ("# Keeping the lamp\n\nEvery keeper learns the lamp rules in the first week.\n\n## Lamp rules\n\n"
             "First, let's take a look at the lamp rules.\n\n- Each lamp in the harbour has a keeper.\n"
             "- There can only be one keeper of a lamp at a time.\n- When the keeper leaves, the lamp is put out.\n")
    assistant = _one_document(tmp_path, embedder, "keeping.md", guide)
    assert not assistant.ask("What are the lamp rules?").citations[0].quote.startswith("First, let's")


def test_what_does_not_happen_is_quoted_with_what_happens_instead(tmp_path, embedder):
    guide = ("# The harbour lamp\n\nIn fog the keeper lights the lamp at noon and keeps the horn sounding.\n\n"
             "When the harbour is open for the summer, the keeper lights the harbour lamp at dusk.\n\n"
             "When the harbour is closed for the winter, the keeper does not light the harbour lamp at dusk. Instead, a red "
             "lantern is hung on the pier's last post. The lamp is cleaned in spring.\n")
    assistant = _one_document(tmp_path, embedder, "lamp.md", guide, sentences=2)
    quotes = [c.quote for c in assistant.ask("What happens at dusk when the harbour is closed for the winter?").citations]
    assert quotes == ["When the harbour is closed for the winter, the keeper does not light the harbour lamp at dusk.",
                      "Instead, a red lantern is hung on the pier's last post."]


def test_a_fact_is_answered_by_prose_before_code_that_resembles_the_question_more(tmp_path, embedder):
    # A README that says it once, then shows its API at Python's prompt, naming the package in every line. The file's
    # name is the one place that names the package beside its code.
    readme = ("python-lampctl\n==============\n\nIntroduction\n------------\n\nThis small library handles harbour lamps in Python. "
              "It follows strictly the 2.0.0 revision of the Lamp Protocol.\n\nUsage\n-----\n\nCompare lamps:\n\n"
              ">>> lamp_ctl.Revision('0.1.1') < lamp_ctl.Revision('0.1.2')\nTrue\n\n"
              ">>> lamp_ctl.Revision('0.1.1') > lamp_ctl.Revision('0.1.1-dim')\nTrue\n\n"
              "An unknown revision is refused:\n\n>>> lamp_ctl.Revision('0.1')\nTraceback (most recent call last):\n"
              '  File "/home/keeper/lamp_ctl/base.py", line 64, in __init__\n    major, minor = self.parse(lamp_string)\n'
              "ValueError: Invalid lamp string: '0.1'\n")
    assistant = _one_document(tmp_path, embedder, "lamp_ctl-README.rst", readme)
    answer = assistant.ask("Which revision of the Lamp Protocol spec does lamp_ctl adhere to?")
    assert "It follows strictly the 2.0.0 revision of the Lamp Protocol." in answer.citations[0].quote
    # Code may answer what a call does.
    assert ">>>" in assistant.ask("What does lamp_ctl.Revision('0.1.1') < lamp_ctl.Revision('0.1.2') return?").citations[0].quote


def test_what_a_call_returns_is_answered_by_the_sentence_after_that_says_it_by_a_pronoun(tmp_path, embedder):
    readme = ("Lampfinder\n==========\n\nUsage\n-----\n\nfind_lamp pokes around the harbour to determine which lamp is lit. "
              "It returns a 2-tuple:\n\n* The lamp's name, always lowercased.\n* The tower the lamp stands in.\n\n"
              "LampDetectionFailure is raised if no lamp is lit.\n\nUse it so:\n\n.. code-block:: python\n\n"
              "    try:\n        lamp = lampfinder.find_lamp()\n    except lampfinder.LampDetectionFailure:\n"
              "        lamp = default_lamp()\n\n"
              "Remember, the harbour's keeper is not necessarily near a lamp.\n")
    assistant = _one_document(tmp_path, embedder, "lampfinder-README.rst", readme, sentences=2)
    quotes = [c.quote for c in assistant.ask("What does find_lamp return?").citations]
    assert quotes[0].startswith("find_lamp pokes around") and "It returns a 2-tuple:" in quotes[0]
    assert "The tower the lamp stands in." in quotes[0]


def test_what_a_call_returns_is_answered_by_the_sentence_after_that_names_it_by_its_kind():
    from qa.answer import deed_after
    from qa.selector import Candidate

    text = "find_lamp() looks for lit lamps around the harbour. The function returns a tuple of two names."
    chunk = Chunk("c", "lampfinder.md", "Lampfinder", 1, 0, 0, len(text), text, ((0, 51), (52, len(text))))
    first, after = (Candidate(Hit(chunk, 1.0), i, a, b, 0.5, np.zeros(0)) for i, (a, b) in enumerate(chunk.sentences))
    assert deed_after("What does find_lamp() return?", first, [first, after]) is after
    assert deed_after("What does find_lamp() raise?", first, [first, after]) is None


def test_a_list_item_under_its_label_is_quoted_with_the_label(tmp_path, embedder):
    readme = ("README for the lamp-keyring package\n===================================\n\n"
              "A quick overview of this package:\n\n"
              "* /usr/share/keyrings/lamp-keyring.gpg:\n  A keyring including all keys used to sign the tide tables of\n"
              "  our lit towers is shipped in /usr/share/keyrings.\n"
              "* /usr/share/keyrings/lamp-removed-keys.gpg:\n  A keyring including all keys used by towers that are\n"
              "  no longer lit. These keys are no longer used to sign tide tables.\n")
    assistant = _one_document(tmp_path, embedder, "lamp-keyring-README", readme)
    quote = assistant.ask("Which keyring holds the keys of towers that are no longer lit?").citations[0].quote
    assert quote.startswith("* /usr/share/keyrings/lamp-removed-keys.gpg:") and "no longer lit" in quote


def test_a_who_question_is_declined_when_only_code_and_its_comments_have_capitals(tmp_path, embedder):
    readme = ("Lampctl\n\nLights and dims the harbour lamps, with a focus on speed.\n\n"
              "Use it from Python:\n\n    # Light the lamp\n    lamp = LampControl()\n    lamp.light()\n")
    assistant = _one_document(tmp_path, embedder, "lampctl-README.md", readme)
    assert assistant.ask("Who wrote lampctl?").abstained


def test_who_wrote_a_document_is_answered_by_a_list_labelled_authors(tmp_path, embedder):
    chapters = "\n\n".join(f"{n}. Chapter {n}\n\nKeepers trim the wick of lamp {n} at dusk and log it in the book."
                           for n in range(2, 9))
    write(tmp_path / "docs" / "policy.txt", "Navigation\n\n* Lamp Policy 1.0 documentation\n\nAbstract\n\n"
                                            "This policy sets the keepers' rules.\n\n1. Copyright\n\n2001-2021, the Harbour Board\n\n"
                                            "  Authors:\n\n      * Ida Penrose <ida@example.org>\n      * Oswin Hale <oswin@example.org>\n\n"
                                            + chapters + "\n")
    write(tmp_path / "docs" / "lamps.txt", "The Lamps of Brannock\n\nKeepers write the log each night at the lamp.\n")
    assistant = Assistant(data_dir=tmp_path / "data", embedder=embedder, top_k=2)
    assistant.ingest([tmp_path / "docs"])
    answer = assistant.ask("Who wrote the Lamp Policy?")
    assert "Ida Penrose" in answer.citations[0].quote and "Oswin Hale" in answer.citations[0].quote


# A manual page of settings written with their equals signs, as systemd's manuals list them: rendered to text by man.
LAMP_CONF = """LAMP.CONF(5)                     lamp.conf                    LAMP.CONF(5)

NAME
       lamp.conf - Lamp service configuration files

DESCRIPTION
       These files configure the lamp service of a lighthouse. The keepers
       read them at dusk, and the lamp reads them when it starts.

       The Fog= setting of a lamp does nothing on a clear night. What
       OnStormSec= does is seldom needed south of the harbour.

OPTIONS
       Beam=
           Controls where the beam points. One of "sea", "shore" and "none".
           If "sea", the keepers log each ship the beam finds. Defaults to
           "sea" on the north tower, and "shore" in all others.

           Note that the lamp will initially point the beam at the shore,
           until a keeper turns it to the sea by hand. Setting Beam= to "none"
           keeps the default value of Beam= in the keepers' log.

       Fog=
           Takes a boolean argument. If true, the horn sounds twice a minute
           while fog lies on the water. Defaults to false.

       OnDuskSec=, OnDawnSec=, OnTideSec=,
       OnStormSec=
           Defines timers relative to the moments of a keeper's day: the
           lamp is lit or trimmed when any of them elapses. What OnTideSec=
           does is told in the table below.

           Table 1. Settings and their moments
           ┌────────────┬──────────────────────────┐
           │Setting     │ Meaning                  │
           ├────────────┼──────────────────────────┤
           │OnDuskSec=  │ Defines a timer relative │
           │            │ to the fall of dusk.     │
           ├────────────┼──────────────────────────┤
           │OnTideSec=  │ Defines a timer relative │
           │            │ to the turn of the tide. │
           └────────────┴──────────────────────────┘

       Wick=
           Controls the length of the wick in the lamp. Defaults to 3cm.

lamp 252                                                        LAMP.CONF(5)
"""


def test_a_setting_named_with_its_equals_sign_is_answered_from_its_entry(tmp_path, embedder):
    write(tmp_path / "docs" / "lamp.conf.5.txt", LAMP_CONF)
    write(tmp_path / "docs" / "lamps.txt", "The Lamps of Brannock\n\nKeepers write the log each night at the lamp.\n")
    assistant = Assistant(data_dir=tmp_path / "data", embedder=embedder, answer_sentences=2)
    assistant.ingest([tmp_path / "docs"])

    def first(question):  # as the quote reads, its lines joined
        return " ".join(assistant.ask(question).citations[0].quote.split())

    # The default, however little the rest of its sentence resembles the question.
    assert first("What is the default value of Beam=?") == 'Defaults to "sea" on the north tower, and "shore" in all others.'
    # What a setting does, past what it takes; of a setting that shares its entry with others, named on two lines.
    assert first("What does the Fog= setting of a lamp do?") == "If true, the horn sounds twice a minute while fog lies on the water."
    assert first("What does OnStormSec= do?").startswith("Defines timers relative to the moments of a keeper's day")
    # A setting its entry's table gives a row of its own, drawn in box-drawing characters: that row.
    assert first("What does OnTideSec= do?") == "OnTideSec= | Defines a timer relative to the turn of the tide."


def test_a_default_asked_of_an_entry_is_answered_by_the_line_that_gives_it(tmp_path, embedder):
    others = "".join(f"### {name}\n\nDefault: `false`\n\n{does}\n\n" for name, does in [
        ("tide", "Wait for the tide before the lamp is lit."), ("gull", "Keep the gulls off the gallery."),
        ("glass", "Wipe the glass at dawn."), ("bell", "Ring the bell when a ship passes."),
        ("log", "Write each ship to the keeper's log."), ("oil", "Fill the lamp with oil at noon.")])
    write(tmp_path / "docs" / "README.md", "# Lampctl\n\nLAMPCTL_ENCODING and LAMPCTL_QUIET provide defaults for the encoding "
                                           "and the quiet of lampctl. What the quiet option of lampctl takes for its default can be set in its "
                                           "environment.\n\n## Options\n\n### encoding\n\nDefault: `utf8`\n\n"
                                           "Specify the encoding of the schedule file the lamp reads at dusk.\n\n"
                                           "```js\nlampctl.config({ encoding: 'latin1' })\n```\n\n### fog\n\nDefault: `false`\n\n"
                                           "Sound the horn twice a minute while fog lies on the water.\n\n" + others
                                           + "### quiet\n\nDefault: `false`\n\nSuppress the horn's log message.\n")
    write(tmp_path / "docs" / "lamps.txt", "The Lamps of Brannock\n\nKeepers write the log each night at the lamp.\n")
    assistant = Assistant(data_dir=tmp_path / "data", embedder=embedder, answer_sentences=2)
    assistant.ingest([tmp_path / "docs"])
    assert assistant.ask("What is the default encoding of lampctl?").citations[0].quote == "Default: utf8"
    # A follow-up asks it of the option its thread asked about: the quiet option's own line (the last), though the
    # other options' say the same.
    # Retrieval alone, one passage deep, does not find that line.
    narrow = Assistant(data_dir=tmp_path / "data", embedder=embedder, answer_sentences=2, top_k=1)
    first = narrow.ask("What does the quiet option of lampctl do?")
    assert not any(hit.chunk.section.endswith("quiet") and "Default" in hit.chunk.text
                   for hit in narrow.retrieve(f"{first.question} What is its default?"))
    default = narrow.ask("What is its default?", Conversation().then(first)).citations[0]
    text = read_document(tmp_path / "docs" / "README.md").text
    assert default.quote == "Default: false" and default.chunk_start + default.start > text.index("quiet\n")


def test_a_later_quote_that_announces_what_it_does_not_quote_is_dropped(tmp_path, embedder):
    manual = ("Lampd options\n\nThe lamp options of lampd are these ones, listed by name:\n\n"
              "WickLength sets the length of the lamp wick, in millimetres, for lampd.\n")
    write(tmp_path / "docs" / "options.md", manual)
    assistant = Assistant(data_dir=tmp_path / "data", embedder=embedder, answer_sentences=2)
    assistant.ingest([tmp_path / "docs"])
    answer = assistant.ask("Which lamp option sets the length of the wick?")
    assert [c.quote for c in answer.citations] == ["WickLength sets the length of the lamp wick, in millimetres, for lampd."]
    # Quoted with the sentence it points back to, it says something of its own, and stays.
    write(tmp_path / "docs" / "stories.md", "Lamps\n\nThe keepers tell stories of the Brannock lamps to visitors.\n\n"
          "It was in this tower that Ida lit the lamps for forty winters. Such stories of the lamps are told by the "
          "keepers, as the harbour board wrote:\n\nThe tower has stood since 1871.\n")
    assistant.ingest([tmp_path / "docs"])
    answer = assistant.ask("Who tells stories of the Brannock lamps?")
    assert answer.citations[1].quote.startswith("It was in this tower") and answer.citations[1].quote.endswith("wrote:")


def test_an_option_written_as_code_is_not_what_a_glossarys_like_word_heads(tmp_path, embedder):
    glossary = ("Lamp glossary\n=============\n\ncache\n-----\n\nObsolete for: oil store.\n\n"
                "Working on the store\n====================\n\n"
                "Many lampctl commands take options. Giving --cached asks a lampctl command to work on the oil store only.\n")
    assistant = _one_document(tmp_path, embedder, "glossary.rst", glossary)
    assert assistant.ask("What does the --cached option do?").citations[0].quote.startswith("Giving --cached asks")


def test_a_default_value_the_documents_never_give_is_not_answered(tmp_path, embedder):
    manual = ("LAMPD.CONF(5)\n\nOPTIONS\n       WickLength=\n           Sets the length of the wick. Defaults to 3cm.\n\n"
              "       IdleDimSec=\n           Sets how long the lamp waits before it dims when the harbour is idle.\n\n"
              "       GlassWidth=\n           Sets the width of the glass. Defaults to 9cm.\n")
    assistant = _one_document(tmp_path, embedder, "lampd.conf.5.txt", manual)
    assert assistant.ask("What is the default value of WickLength?").citations[0].quote == "Defaults to 3cm."
    assert assistant.ask("What is the default value of IdleDimSec?").abstained
    assert not assistant.ask("How long does the lamp wait by default before it dims?").abstained


def test_who_did_something_is_not_answered_by_quotes_that_name_no_one(tmp_path, embedder):
    readme = ("Lampctl\n\nLampctl lights the harbour lamps at dusk and dims them at dawn.\n\n"
              "Lampctl was written by Ida Penrose in 1998 for the keepers of Brannock.\n\n"
              "Lampctl logs every lamp it lights to the keeper's logbook.\n")
    assistant = _one_document(tmp_path, embedder, "README.md", readme)
    assert assistant.ask("Who wrote lampctl?").citations[0].quote.startswith("Lampctl was written by Ida Penrose")
    assert assistant.ask("Who maintains the keeper's logbook?").abstained


def test_which_release_added_a_thing_is_answered_by_its_changelog_item_under_the_release(tmp_path, embedder):
    history = ("# Lampd history\n\n## 2.5.0 / 2021-03-02\n\n * fix the wick's length at dawn\n * speed up the glass cleaning\n\n"
               "## 2.4.0 / 2019-05-16\n\n * add dimming option to Lamp\n * deps: wick@~1.2.0\n * deps: glass@0.5.0\n")
    assistant = _one_document(tmp_path, embedder, "History.md", history)
    answer = assistant.ask("Which Lampd version added the dimming option to Lamp?")
    assert answer.citations[0].quote == "add dimming option to Lamp" and "2.4.0" in answer.citations[0].section


def test_a_default_is_said_of_what_is_asked_not_of_an_examples_call_or_another_thing(tmp_path, embedder):
    readme = ("# Lampd\n\n## Wicks\n\nThe number of wicks may be changed by the set wicks command.\n\n"
              "By default, the lamp burns 3 wicks at once. More wicks give more light, but burn more oil.\n\n"
              "## Glass\n\nThe glass is cleaned at dawn.\n\n```pycon\n>>> light(rows, sep='-', fog='?')\n```\n\n"
              "Zero is the default brightness of a lamp at dawn.\n")
    assistant = _one_document(tmp_path, embedder, "README.md", readme)
    # "the default number of wicks" asks the default of wicks: the entry under "Wicks" gives it.
    assert assistant.ask("What is the default number of wicks?").citations[0].quote == "By default, the lamp burns 3 wicks at once."
    # The example's call names fog, and another sentence says a default, but none says fog's.
    assert assistant.ask("What is the default value of fog?").abstained


def test_a_name_in_capitals_is_not_answered_by_a_section_on_others(tmp_path, embedder):
    manual = ("# Lampd\n\n## Environment\n\nA number of environment variables are understood by lampd.\n\n"
              "LAMPTERM, if defined, sets the kind of lamp on start-up.\n\n"
              "## Fog › Environment variables\n\nThe environment variables must be defined before lampd starts.\n\n"
              "FOG_LOG names the file the fog log is written to.\n")
    assistant = _one_document(tmp_path, embedder, "manual.md", manual)
    # The section headed "Environment variables" never says LAMPTERM.
    assert assistant.ask("What does the LAMPTERM environment variable do?").citations[0].quote.startswith("LAMPTERM")


def test_a_question_about_a_release_is_answered_from_the_passage_about_that_release(tmp_path, embedder):
    history = ("Lampd releases\n\nLampd 1.1 Buzz (June 1996): This was the first release with a name. It was fully "
               "lit, burned whale oil and held 474 wicks.\n\nLampd 1.2 Rex (December 1996): Named for the tower's "
               "dog. This release consisted of 848 wicks trimmed by 120 keepers.\n")
    assistant = _one_document(tmp_path, embedder, "releases.txt", history)
    assert "848" in assistant.ask("How many wicks did Lampd 1.2 hold?").citations[0].quote
    # Only Lampd 1.2's passage counts keepers: of Lampd 1.1 the documents don't say.
    assert assistant.ask("How many keepers trimmed the wicks of Lampd 1.1?").abstained


def test_a_follow_up_asks_of_the_release_its_thread_named(tmp_path, embedder):
    history = ("Lampd releases\n\nLampd 1.1 Buzz (June 1996): This was the first Lampd release with a code name. It "
               "burned the oil of wick 2.0.\n\nLampd 2.0 Hamm (July 1998): Named for the tower's piggy-bank. "
               "This release held 1500 wicks.\n")
    assistant = _one_document(tmp_path, embedder, "releases.txt", history)
    chat = assistant.chat()
    assert chat.ask("When was Lampd 2.0 released?").citations[0].quote.startswith("Lampd 2.0 Hamm")
    assert chat.ask("What was its code name?").citations[0].quote.startswith("Lampd 2.0 Hamm")


def test_an_option_is_defined_by_the_numbered_section_it_heads(tmp_path, embedder):
    standards = ("# Lampd standards\n\n## 4.8 Options\n\nAll lamps should support two standard options: --version "
                 "and --help.\n\n### 4.8.1 --version\n\nThe standard --version option should print the lamp's name, "
                 "then exit.\n\n### 4.8.2 --help\n\nThe standard --help option should output brief documentation for how "
                 "to light the lamp.\n\nNear the end of the --help option's output, place the keeper's address.\n")
    assistant = _one_document(tmp_path, embedder, "standards.md", standards)
    assert assistant.ask("What should the --help option print?").citations[0].quote.startswith("The standard --help option")


def test_a_features_item_answers_and_a_heading_of_other_words_does_not(tmp_path, embedder):
    readme = ("Lampd: better lamps for harbours\n================================\n\n"
              "**Lampd** is a Python library that lights harbour lamps at dusk and dims them at dawn.\n\n"
              "Features\n--------\n\n- Support for Python 3.8+\n- Wicks trimmed at dusk\n- Generates spans, ranges, floors and "
              "ceilings of the lamp's light for time frames ranging from a minute to a whole year\n\n"
              "Support Lampd\n-------------\n\nIf you are interested in making a financial contribution, please visit "
              "the Lampd collective.\n")
    assistant = _one_document(tmp_path, embedder, "README.rst", readme)
    # The item is quotable though its reader kept it alone (a list with an item as long as prose is a paragraph per
    # item); "Support Lampd" heads no answer about versions.
    assert assistant.ask("Which Python versions does Lampd support?").citations[0].quote == "Support for Python 3.8+"


def test_a_default_given_in_prose_is_answered_by_the_sentence_that_gives_it(tmp_path, embedder):
    manual = ("# Lampd configuration\n\nLampd reads its parameters from lampd.conf. The default values of many other "
              "parameters are derived from the beamreach value.\n\n## Beam\n\nThe beamreach parameter sets how far the "
              "beam reaches over the water. The default is 12 miles, which most harbours keep.\n\n## Keys\n\n"
              "Lampd is driven with a key combination of a signal key, F9 by default, and a lamp key.\n\n"
              "## Signal key\n\nThe signal key is pressed before each lamp key.\n\n## Glass\n\nThe lamp is set behind the "
              "glass. Keepers mostly change the glasswidth, which defaults to 9 inches, when they change the glass.\n\n"
              "## Wicks\n\nMake the spare wick holder hold num wicks. For a steady flame, keep the number even. "
              "The default is 4 wicks.\n")
    assistant = _one_document(tmp_path, embedder, "lampd.md", manual)
    # Or in the paragraph that opens with it, as an option's entry does.
    assert assistant.ask("What is the default spare wick holder size?").citations[0].quote == "The default is 4 wicks."
    # Said after the sentence that names the parameter, and inside the sentence that names the key.
    assert assistant.ask("What is the default value of beamreach?").citations[0].quote.startswith("The default is 12 miles")
    assert "F9 by default" in assistant.ask("What is the default signal key?").citations[0].quote
    assert "defaults to 9 inches" in assistant.ask("What does the glasswidth default to?").citations[0].quote


def test_a_plain_text_changelogs_release_lines_answer_which_version_made_a_change(tmp_path, embedder):
    changes = ("CHANGES FROM 1.1 TO 1.2\n\n* Add a dim-at-dawn option for the harbour lamps.\n\n* Fix the wick trimmer so it "
               "stops at the collar.\n\nCHANGES FROM 1.0 TO 1.1\n\n* Add the fog-horn command, which sounds the horn twice "
               "a minute.\n\n* Keep the keeper's log in the lamp room.\n")
    assistant = _one_document(tmp_path, embedder, "CHANGES.txt", changes)
    answer = assistant.ask("Which lampd version added the fog-horn command?")
    # The release line heads its changes, so the change is quoted under the release that made it (and not declined for
    # giving no version).
    assert not answer.abstained and "Add the fog-horn command" in answer.citations[0].quote
    assert answer.citations[0].section == "CHANGES FROM 1.0 TO 1.1"


def test_a_default_is_not_answered_by_quotes_about_other_things_defaults(tmp_path, embedder):
    manual = ("# Lampd configuration\n\nLampd reads several hundred parameters from lampd.conf. The default values of many "
              "other parameters are derived from just these.\n\n## Beam\n\nThe beamreach parameter sets how far the beam "
              "reaches over the water. The default is 12 miles.\n\n## Lamp limits\n\nThe lamp limits set how much oil a lamp "
              "may hold, in litres.\n\n### max oil\n\nThe most oil one lamp may hold. The default is 4 litres.\n")
    assistant = _one_document(tmp_path, embedder, "lampd.md", manual)
    # Quotes that say "default" of everything but what was asked answer nothing.
    assert assistant.ask("What is the default maximum wick size?").abstained
    # What "the default for max oil" asks is the entry headed so, though its sentences never name it.
    assert assistant.ask("What is the default for max oil?").citations[0].quote == "The default is 4 litres."


def test_a_document_named_by_its_files_name_answers_before_others_that_never_name_it(tmp_path, embedder):
    write(tmp_path / "docs" / "lampd-README.md", "# Lampd\n\nLampd lights a lighthouse's lamp at dusk and puts it out at "
          "dawn.\n\n## Install\n\nInstall Lampd with pip install lampd.\n\n## License\n\nThis project is licensed under the "
          "terms of the MIT license.\n")
    write(tmp_path / "docs" / "beacon-faq.md", "# Beacon FAQ\n\n## Is Beacon free?\n\nIt is released under the GNU "
          "General Public License. The license lets anyone share and change Beacon.\n")
    assistant = Assistant(data_dir=tmp_path / "data", embedder=embedder)
    assistant.ingest([tmp_path / "docs"])
    # "Lampd" names lampd-README.md, which the other document never mentions: what that says of a license is not
    # about Lampd, however like the question its words are.
    answer = assistant.ask("Under which license is Lampd released?")
    assert answer.citations[0].quote == "This project is licensed under the terms of the MIT license."
    assert all(c.source.endswith("lampd-README.md") for c in answer.citations)


def test_a_year_the_documents_never_give_is_not_answered_with_another(tmp_path, embedder):
    history = ("# Lampd history\n\nIda Penrose wrote Lampd in 1988. Oswin Hale took over its maintenance in 1992, "
               "until 1994, when he released Lampd 1.4.\n")
    assistant = _one_document(tmp_path, embedder, "history.md", history)
    assert "Oswin Hale" in assistant.ask("Who took over maintenance of Lampd in 1992?").text
    assert assistant.ask("Who took over maintenance of Lampd in 2010?").abstained


def test_who_wrote_a_document_is_answered_by_the_sentence_of_its_front_matter_that_says_so(tmp_path, embedder):
    log = ("The Log of a Lamp Keeper\n\nThis was posted to the harbour list by its author, Ida Penrose\n(<ida@lamp.example>), on "
           "May 21, 1983.\n\nOswin Hale kept the lamp lit for forty winters. He wrote every storm into the log, and "
           "Mara Ellison read it aloud at the harbour school.\n\nI first met Oswin when I went to work for the harbour "
           "office, a small branch of the coast guard.\n")
    assistant = _one_document(tmp_path, embedder, "keepers-log.txt", log)
    assert "Ida Penrose" in assistant.ask("Who wrote The Log of a Lamp Keeper?").citations[0].quote
    # Where the author worked is asked of the text, not of its byline.
    assert "Ida Penrose" not in assistant.ask("Where did the author of The Log of a Lamp Keeper go to work?").text


def test_which_option_does_something_is_answered_with_the_name_its_entry_is_headed_with(tmp_path, embedder):
    manual = ("# lampd options\n\n## -B, --beam-limit\n\nControls the reach of the beam. If given once, the beam stops at "
              "the harbour wall.\n\n## -Q, --quiet\n\nSuppress the foghorn's warnings.\n")
    assistant = _one_document(tmp_path, embedder, "options.md", manual)
    answer = assistant.ask("Which option stops the beam at the harbour wall?")
    # The quote is the entry's sentence; the answer names the entry it stands in, once.
    assert answer.citations[0].quote == "If given once, the beam stops at the harbour wall."
    assert answer.text.startswith("-B, --beam-limit: If given once, the beam stops at the harbour wall.")
    # A question about a named option gets its entry's words alone.
    assert not assistant.ask("What does the --quiet option do?").text.startswith("-Q")


def test_whether_a_thing_is_supported_is_declined_when_no_quote_names_it(tmp_path, embedder):
    readme = ("# Lampd\n\nLampd lights a lighthouse's lamp at dusk.\n\n## Features\n\n- Keep-Alive & Connection Pooling\n"
              "- Automatic Dimming at Dawn\n- Sessions with Cookie Persistence\n\nLampd officially supports Python 3.8+.\n")
    assistant = _one_document(tmp_path, embedder, "README.md", readme)
    assert assistant.ask("Does Lampd support HTTP/3?").abstained
    assert not assistant.ask("Does Lampd support connection pooling?").abstained


def test_where_something_is_is_answered_by_a_heading_that_says_so(tmp_path, embedder):
    readme = ("# Lampd\n\nLampd lights a lighthouse's lamp at dusk.\n\n## Installing\n\n```console\n$ pip install lampd\n```\n\n"
              "## User Guide available on [Lamp Docs](https://lampd.example/docs)\n\n"
              "[![Lamp Docs](https://lampd.example/docs.png)](https://lampd.example/docs)\n\n## Licence\n\nLampd is free software.\n")
    assistant = _one_document(tmp_path, embedder, "README.md", readme)
    assert assistant.ask("Where can I find the user guide?").citations[0].quote == "User Guide available on Lamp Docs"
    # A heading that only names a section is still no answer.
    assert "Installing" not in [c.quote for c in assistant.ask("Where do I find the installing steps?").citations]


def test_what_an_api_the_documents_never_name_does_is_not_answered(tmp_path, embedder):
    reference = ("<html><body><h1>Lamp functions</h1><p>The interpreter has a number of functions built into it.</p>"
                 "<dl class=\"py function\"><dt id=\"dim\">dim(lamp, level=5)</dt><dd><p>Lower the flame of lamp to level "
                 "and return the brightness it had before.</p></dd></dl></body></html>")
    assistant = _one_document(tmp_path, embedder, "functions.html", reference)
    assert "Lower the flame" in assistant.ask("What does dim() do?").text
    assert assistant.ask("What does the brighten() function do?").abstained


def test_a_faqs_answer_to_a_yes_or_no_question_leads_with_what_says_it(tmp_path, embedder):
    faq = ("# Lampd FAQ\n\n## Is lampd threadsafe?\n\nThreads are evil. Avoid them.\n\nLampd is threadsafe. We make this "
           "concession since many keepers ignore the advice above.\n\n## Can I use lampd at sea?\n\nYes. Lampd runs on "
           "any ship with a lamp.\n\n## Does lampd dim at dawn?\n\nNo. It waits for the tide. Lampd dims at dawn only "
           "when the tide is low.\n")
    assistant = _one_document(tmp_path, embedder, "FAQ.md", faq)
    assert assistant.ask("Is lampd threadsafe?").citations[0].quote.startswith("Lampd is threadsafe.")
    # An answer that opens by saying yes or no is quoted from there.
    assert assistant.ask("Does lampd dim at dawn?").citations[0].quote.startswith("No.")


def test_an_error_is_defined_by_when_it_is_returned(tmp_path, embedder):
    faq = ("# Lampd errors\n\n## What is a LAMP_DARK error, and why am I getting one?\n\nThe easiest way to deal with "
           "LAMP_DARK errors is to always light the lamp with lamp_light_v2().\n\nA LAMP_DARK error can only occur when "
           "using lamp_light() and lamp_step() to trim the wick.\n\nA LAMP_DARK error is returned when a lit lamp has no "
           "oil left and cannot be relit.\n")
    assistant = _one_document(tmp_path, embedder, "errors.md", faq)
    assert assistant.ask("What is a LAMP_DARK error?").citations[0].quote.startswith("A LAMP_DARK error is returned when")


def test_what_a_thing_lets_the_reader_do_defines_it(tmp_path, embedder):
    guide = ("# Harbour practice\n\nIt's possible to hold a boat in a more granular fashion through the use of moorings. "
             "Moorings allow you to selectively hold parts of the fleet, while releasing the rest. Keep in mind that "
             "either releasing or hauling in a mooring will automatically release all moorings that were laid after it.\n")
    assistant = _one_document(tmp_path, embedder, "moorings.md", guide)
    assert assistant.ask("What are moorings?").citations[0].quote.startswith("Moorings allow you to")


def test_a_licence_question_is_declined_when_no_quote_names_a_licence(tmp_path, embedder):
    readme = ("# Lampd\n\n[![MIT License](https://lampd.example/licence.svg)](LICENCE)\n\nThis modest package contains "
              "various lighthouse utilities, like turning a number of lamps into a fuzzy human-readable brightness.\n\n"
              "## Installing\n\nInstall lampd from the harbour index with pip.\n")
    assistant = _one_document(tmp_path, embedder, "README.md", readme)
    assert assistant.ask("Under which licence is lampd released?").abstained
    write(tmp_path / "docs" / "README.md", readme + "\n## Licence\n\nLampd is released under the MIT licence.\n")
    assistant.ingest([tmp_path / "docs"])
    assert "MIT" in assistant.ask("Under which licence is lampd released?").citations[0].quote


def test_a_manuals_entries_whose_indent_is_lost_define_their_names(tmp_path, embedder):
    # As a PDF's text gives a manual page: each name over (or before) its description, at one indent.
    manual = ("Shell variables\n\nThe following variables are used by the shell. If LAMPFILE is unset, or its value "
              "is exactly the default, then the history is kept in memory. If LAMPFILE has a value other than the "
              "default, the lamp log is read from it (a LAMPFILE log file).\n\n"
              "LAMPCOUNT\nThe number of lamps to remember in the lamp history.\n"
              "LAMPFILE\nThe name of the file in which the lamp history is saved.\n"
              "LFS The Lamp Field Separator that is used for splitting wicks after expansion.\n"
              "If LFS is unset, the wicks are separated by spaces. If LFS has a value other than the default, then "
              "sequences of spaces are ignored at the start of the wick, as long as the space is in the value of LFS (an "
              "LFS space character). Any character in LFS that is not LFS space delimits a wick.\n\n"
              "Builtin commands\n\ndimctl [-pqs] [-o] [name ...]\nToggle the values of settings controlling the dimming "
              "of lamps. If the beacon option to the dimctl builtin is turned off, the harbour is not searched.\n")
    assistant = _one_document(tmp_path, embedder, "lampsh.txt", manual)
    assert assistant.ask("What does the LAMPFILE variable do?").citations[0].quote.startswith("The name of the file")
    assert assistant.ask("What does LFS stand for?").citations[0].quote.startswith("LFS The Lamp Field Separator")
    assert assistant.ask("What does the dimctl builtin do?").citations[0].quote.startswith("Toggle the values")


def test_what_a_follow_up_denies_is_quoted_from_the_sentence_that_says_it_so(tmp_path, embedder):
    manual = ("Invocation\n\nWhen lampsh is invoked as an interactive harbour shell, or as a quiet shell with the --harbour "
              "option, it first reads and executes commands from the file /etc/harbour, if that file exists. When an "
              "interactive harbour shell exits, lampsh reads and executes commands from the file ~/.harbour_logout. "
              "When an interactive shell that is not a harbour shell is started, lampsh reads and executes commands "
              "from ~/.lampshrc, if that file exists.\n")
    assistant = _one_document(tmp_path, embedder, "lampsh.txt", manual)
    chat = assistant.chat()
    assert "/etc/harbour" in chat.ask("Which files does an interactive harbour shell read?").citations[0].quote
    assert "~/.lampshrc" in chat.ask("And an interactive shell that is not a harbour shell?").citations[0].quote


def test_a_tables_row_answers_what_its_column_says_of_its_first_cell(tmp_path, embedder):
    doc = ("# Lamp types\n\nThe types wick, lamp and beacon store flames of various sizes. The beacon type is designed to be "
           "used when the storage size of the lamp type is 4 bytes short.\n\n| Name | Storage Size | Range |\n| --- | --- | --- |\n"
           "| wick | 2 bytes | 1 to 9 |\n| lamp | 4 bytes | 1 to 99 |\n| beacon | 8 bytes | 1 to 999 |\n")
    assistant = _one_document(tmp_path, embedder, "types.md", doc)
    assert assistant.ask("What is the storage size of the lamp type?").citations[0].quote.startswith("lamp | 4 bytes")


def test_a_glossarys_entry_defines_its_word_before_other_sentences_that_open_with_it(tmp_path, embedder):
    # As a PDF's text gives a manual's glossary: a word before what it is on one line, or alone over it.
    manual = ("2 Definitions\n\nThese definitions are used throughout the remainder of this manual.\n"
              "blank A space or tab character.\n"
              "wickin A command that is implemented internally by the lamp itself, rather than by a program.\n"
              "trim status\nThe value returned by a command to its keeper.\n\n"
              "7 Lamp control builtins\n\nwickin [lamp-wickin [args]]\nRun a lamp wickin, passing it args, and return "
              "its trim status. If any arguments are given, the names of the signals are listed. trim status is a number "
              "specifying a signal number or the trim status of a lamp ended by a signal.\n")
    assistant = _one_document(tmp_path, embedder, "lampsh.pdf.txt", manual)
    assert assistant.ask("What is a wickin?").citations[0].quote.startswith("wickin A command that is implemented")
    assert assistant.ask("What is a trim status?").citations[0].quote.startswith("The value returned by a command")


def _first_quote(question: str, sentences: list[tuple[str, float]], section: str = "lampd") -> str:
    """The heuristic answerer's first quote of ``sentences``, each a passage of its own with its cosine to the question."""
    hits = [Hit(Chunk(f"c{n}", "/docs/lampd-README.md", "lampd", n + 2, 0, 0, len(s), s, ((0, len(s)),), section=section), 1.0)
            for n, (s, _) in enumerate(sentences)]
    vectors = {f"c{n}": np.array([[c, (1 - c * c) ** 0.5]], dtype=np.float32) for n, (_, c) in enumerate(sentences)}
    answer = HeuristicAnswerer(max_sentences=1).answer(question, np.array([1.0, 0.0]), hits, vectors)
    return answer.citations[0].quote if answer.citations else ""


def test_who_did_something_is_who_a_passive_names():
    sentences = [("Install lampd with pip install lampd.", 0.7), ("This project is maintained by Ida Penrose and Oswin Hale.", 0.4)]
    # "This project" names no program: the sentence resembles the question less than an install command does.
    assert _first_quote("Who maintains lampd?", sentences).startswith("This project is maintained by")
    # and so is what it was done with
    sentences = [("lampd will feed this to the editor.", 0.6), ("This script was written and tested with vim.", 0.45)]
    assert _first_quote("Which editor was lampd tested with?", sentences) == "This script was written and tested with vim."


def test_none_another_name_or_a_field_line_answers_what_asks_for_it():
    sentences = [("At a high level, working with lampd goes like this:", 0.62),
                 ("It is pure Python, and has no dependencies outside of the standard library.", 0.55)]
    assert _first_quote("Does lampd have any dependencies?", sentences).startswith("It is pure Python")
    # another name of a thing, by the sentence that gives one
    sentences = [("One such schedule is the lamp schedule.", 0.62), ("The lamp schedule is also sometimes called the watch.", 0.55)]
    assert _first_quote("What is another name for the lamp schedule?", sentences).startswith("The lamp schedule is also")
    # a field of a specification, by its line
    sentences = [("Binary targets must run under root. This is the default/status quo.", 0.63), ("Status: recommendation, stable", 0.6)]
    assert _first_quote("What is the status of the lamp schedule specification?", sentences) == "Status: recommendation, stable"


def test_who_did_something_brings_the_passage_that_names_the_doer():
    from qa.assistant import done_by

    def found(text: str) -> tuple[Hit, None]:
        return Hit(Chunk(text[:8], "/docs/lampd.md", "lampd", 1, 0, 0, len(text), text), 1.0), None

    rest = [found("Lamps are lit by hand."), found("This project is maintained by Ida Penrose."), found("pip install lampd")]
    assert [hit.chunk.text for hit, _ in done_by("Who maintains lampd?", rest)] == ["This project is maintained by Ida Penrose."]
    assert done_by("Who is Ida Penrose?", rest) == []
    rest.append(found("The code is written in Go, and a Go compiler is required."))
    assert [hit.chunk.text for hit, _ in done_by("What language is lampd written in?", rest)] == [rest[-1][0].chunk.text]
    # or under a heading that names who does it
    team = "Meet our team since 2008: Ida Penrose, Oswin Hale."
    rest = [found("Lamps are lit by hand."), (Hit(Chunk("m", "/docs/lampd.md", "lampd", 9, 0, 0, len(team), team,
                                                         section="lampd › Maintainers"), 1.0), None)]
    assert [hit.chunk.text for hit, _ in done_by("Who maintains lampd?", rest, "/docs/lampd.md")] == [team]
    assert done_by("Who maintains lampd?", rest, "/docs/wickd.md") == []  # another program's maintainers


def test_what_happens_is_answered_by_what_comes_of_it():
    sentences = [("A lamp can have no oil.", 0.55), ("It results in the lamp burning the last of its oil, then its wick.", 0.52)]
    assert _first_quote("What happens to a lamp without oil?", sentences).startswith("It results in")


def test_which_version_of_a_named_thing_is_answered_by_a_line_that_gives_one():
    sentences = [("We recommend pinning your requirements to a version range.", 0.75), ("Python 3.8+", 0.6)]
    assert _first_quote("Which Python version does lampd require?", sentences, "lampd › Requirements") == "Python 3.8+"


def test_a_line_that_says_where_something_is_answers_where():
    text = "The project is hosted on GitHub"
    chunk = Chunk("c", "lampd.rst", "lampd", 9, 0, 0, len(text), text, ((0, len(text)),), section="lampd › Source code")
    assert quotable(chunk, 0, len(text), "Where is lampd hosted?")
    assert not quotable(chunk, 0, len(text), "What is lampd?")
    # and comes before a sentence that resembles the question more
    sentences = [("Moved lampd.api.cached_lamp to lampd.api -- by @ida.", 0.62), ("The project is hosted on GitHub", 0.55)]
    assert _first_quote("Where is lampd hosted?", sentences, "lampd › Source code") == "The project is hosted on GitHub"


def test_a_readme_that_opens_with_a_motto_is_summarised_by_what_it_says_of_its_program(tmp_path, embedder):
    readme = ("# Lampd\n\n> *Keep the light burning, whatever the weather.*\n\n"
              "Lampd switches the harbour's lamps on and off on a schedule.\n\n## Install\n\npip install lampd\n")
    assistant = _one_document(tmp_path, embedder, "lampd-README.md", readme)
    assert assistant.ask("What does lampd do?").citations[0].quote.startswith("Lampd switches")
    # and so is one whose title names its program otherwise than its file does
    readme = ("# Lamp Controls\n\n> *Keep the light burning, whatever the weather.*\n\n"
              "The Lamp Controls package dims the harbour's lamps at dusk.\n\n## Install\n\npip install lampctl\n")
    assistant = _one_document(tmp_path / "ctl", embedder, "lampctl-README.md", readme)
    assert assistant.ask("What does lampctl do?").citations[0].quote.startswith("The Lamp Controls package dims")
    # but a first sentence that names its program is no motto
    readme = ("lampq\n=====\n\nlampq.Queue is a list-like queue of the lamps to light tonight.\n\n"
              "lampq is also hashable, but only when frozen.\n\nInstall\n-------\n\npip install lampq\n")
    assistant = _one_document(tmp_path / "q", embedder, "lampq-README.rst", readme)
    assert assistant.ask("What does lampq do?").citations[0].quote.startswith("lampq.Queue is a list-like queue")


def test_a_readme_that_says_what_its_program_is_without_naming_it_is_summarised_by_that(tmp_path, embedder):
    # "This is a ..." under the title points back to it; the sentences that name the program later say other things.
    readme = ("lampd\n=====\n\nThis is a little lamp switcher written from scratch in Python.\n\n"
              "lampd is suitable for harbours and lighthouses alike, and has a pleasantly symmetric schedule.\n\n"
              "lampd keeps no oil whatsoever.\n\nInstall\n-------\n\npip install lampd\n")
    assistant = _one_document(tmp_path, embedder, "lampd-README.rst", readme)
    assert assistant.ask("What is lampd?").citations[0].quote.startswith("This is a little lamp switcher")
    # past a first sentence of background that does not name it: "This package provides ..."
    readme = ("# lamp-types\n\nLamps were lit by hand until 1990, and keepers wrote the hours down in a log.\n\n"
              "This package provides wick objects which can be used to represent common lamps and their hours.\n\n"
              "## Install\n\npip install lamp-types\n\n## Wick\n\nlamp-types keeps wicks short.\n")
    assistant = _one_document(tmp_path / "types", embedder, "lamp_types-README.md", readme)
    assert assistant.ask("What does lamp-types provide?").citations[0].quote.startswith("This package provides wick objects")



def test_when_a_version_came_out_is_its_changelog_heading(tmp_path, embedder):
    changes = "".join(f"\n## 1.2.{n} - 2026-0{n + 1}-1{n}\n\n### Fixed\n\n- lampd {thing} when asked to by a keeper.\n"
                      for n, thing in enumerate(["trims", "polishes", "logs", "counts", "tests", "paints"]))
    readme = ("# lampd\n\nlampd lights the harbour's lamps.\n\n## Install\n\nWhen a new lampd is released, install it: pip install lampd\n"
              + "".join(f"\n## Part {n}\n\nlampd hands {thing} to the keepers.\n" for n, thing in enumerate(["oil", "wicks", "logs", "lamps"]))
              + "\n# Changelog\n" + changes)
    write(tmp_path / "docs" / "lampd-README.md", readme)
    # (and as towncrier writes them: the date alone under the number)
    write(tmp_path / "docs" / "logd-README.rst", "logd\n====\n\nlogd keeps the log.\n\n1.2.3 (2020-01-02)\n==================\n\n"
                                                 "- First.\n\n1.2.2\n=====\n\n*(2019-12-01)*\n\n- Zeroth.\n")
    assistant = Assistant(data_dir=tmp_path / "data", embedder=embedder, answer_sentences=1)
    assistant.ingest([tmp_path / "docs"])
    assert [c.quote for c in assistant.ask("When was lampd 1.2.3 released?").citations] == ["1.2.3 - 2026-04-13"]
    assert [c.quote for c in assistant.ask("When was logd 1.2.3 released?").citations] == ["1.2.3 (2020-01-02)"]
    assert [c.quote for c in assistant.ask("When was logd 1.2.2 released?").citations] == ["(2019-12-01)"]
    assert assistant.ask("When was lampd 1.2.9 released?").abstained
    # Another program's release of that number is no answer.
    assert all("2026" not in c.quote for c in assistant.ask("When was logd 1.2.4 released?").citations)


def test_what_a_release_changed_is_its_changelog_entries(tmp_path, embedder):
    changes = "".join(f"\n1.2.{n}\n-----\n\n- {thing}\n" for n, thing in
                      enumerate(["Trim the wicks on aarch64", "Fix a lamp left lit in error paths", "Drop oil 3.8 support"]))
    readme = ("lampd\n=====\n\nlampd uses the same keeping as the harbour's old lamp log, for an easy change.\n\n"
              "Usage\n=====\n\nlampd keeps the lamp log of every tower; what changed in it is kept too.\n\nChangelog\n=========\n" + changes)
    assistant = _one_document(tmp_path, embedder, "lampd-README.rst", readme)
    assert assistant.ask("What changed in lampd 1.2.1?").citations[0].quote == "Fix a lamp left lit in error paths"


def test_a_release_heading_joins_the_passages_found_from_the_document_named():
    from qa.assistant import release_headings

    def found(source: str, heading: str) -> tuple[Hit, None]:
        return Hit(Chunk(source, source, source, 9, 0, 0, len(heading), heading, section=f"Changelog › {heading}"), 1.0), None

    rest = [found("/docs/lampd.md", "1.0.0 - 2023-02-24"), found("/docs/logd.md", "1.0.0 (October 6th, 2023)")]
    assert [hit.chunk.text for hit, _ in release_headings("When was logd 1.0.0 released?", rest, "/docs/logd.md")] == [
        "1.0.0 (October 6th, 2023)"]
    assert [hit.chunk.text for hit, _ in release_headings("When was 1.0.0 released?", rest, None)] == ["1.0.0 - 2023-02-24"]
    assert release_headings("When was logd 2.0.0 released?", rest, "/docs/logd.md") == []


def test_a_programs_own_faq_asks_of_it_as_it(tmp_path, embedder):
    readme = ("# lampd\n\nlampd is a fast, correct lamp log library.\n\n## Serialize\n\nlampd.dumps() serializes a str key "
              "before the lamp log, and raises LampError on a str that is not valid UTF-8.\n\n## Questions\n\n"
              "### Will it serialize to `str`?\n\nNo. `bytes` is the correct type for a serialized blob.\n\n"
              "### Will it support NDJSON or JSONL?\n\nNo. lampl may be appropriate.\n\n"
              "### What systems are supported?\n\nLinux 2.4 and 2.6 are commonly tested and expected to work well.\n\n"
              "## Systems\n\nlampd runs its lamps on many systems, and logs them.\n")
    assistant = _one_document(tmp_path, embedder, "lampd-README.md", readme)
    # or not at all
    assert assistant.ask("What systems does lampd support?").citations[0].quote.startswith("Linux 2.4 and 2.6")
    assert assistant.ask("Will lampd serialize to str?").citations[0].quote.startswith("No. bytes is the correct type")
    # and its answer under it is of what it names, though it names it not
    assert assistant.ask("Does lampd support JSONL?").citations[0].quote == "No. lampl may be appropriate."
    assert assistant.ask("Does lampd support YAML?").abstained


def test_a_faqs_one_word_question_is_answered_by_the_line_under_it(tmp_path, embedder):
    # h11's style: italic questions, one word long, a licence's name alone under one.
    readme = ("lampd\n=====\n\nlampd is a small lamp log library written in Python for harbour keepers.\n\n"
              "It keeps the log of every lamp of the harbour, and it never loses a night.\n\nFAQ\n---\n\n"
              "*Whyyyyy?*\n\nI wanted to keep a lamp log in Python, and found none.\n\n"
              "*License?*\n\nMIT\n\n*Code of conduct?*\n\nContributors are requested to follow our code of conduct.\n")
    assistant = _one_document(tmp_path, embedder, "lampd-README.rst", readme)
    # (British spelling and the preposition it ends on asked nothing the FAQ's question says)
    assert assistant.ask("What licence is lampd under?").citations[0].quote == "MIT"


def test_an_option_named_with_every_word_asked_answers_and_one_never_named_does_not(tmp_path, embedder):
    guide = ("# Building lampd\n\nCompile lampd with -g to include debugging information so that its messages give line "
             "numbers. Using -O0 is also a good idea, if you can tolerate the slowdown. Use of -O2 and above is not "
             "recommended as the lamp log occasionally reports wicks which don't really exist.\n\n"
             "## Timing\n\nThe numbers are only as good as those returned by the tide clock. Later clocks use different code.\n")
    assistant = _one_document(tmp_path, embedder, "building.md", guide)
    assert assistant.ask("Why is -O2 not recommended?").citations[0].quote.startswith("Use of -O2 and above is not recommended")
    # a passage that never names the option asked of says nothing of it, however like the question it reads
    assert _first_quote("Why is -O3 not recommended?", [("The numbers are only as good as the tide clock's.", 0.33)]) == ""
    assert _first_quote("Why is -O3 not recommended?", [("Use of -O3 is not recommended: the tide clock lies.", 0.33)])


def test_which_version_the_document_is_of_is_its_title_lines(tmp_path, embedder):
    readme = ("README for lampd version 2.4.1\n==============================\n\nSee INSTALL for how to build lampd.\n\n"
              "Version 0.9 was the first official release of lampd. Version 1.0 was released in March 1998.\n\n"
              "Note that this version of the library is binary incompatible with lampd-0.89 or earlier versions.\n")
    assistant = _one_document(tmp_path, embedder, "lampd-README.txt", readme)
    assert assistant.ask("Which version of lampd is this?").citations[0].quote == "README for lampd version 2.4.1"
    # a title answers nothing else
    assert "README for" not in assistant.ask("What was the first release of lampd?").citations[0].quote
    # and a README that never says its version does not answer
    other = _one_document(tmp_path / "other", embedder, "wickd-README.txt", "wickd\n=====\n\nThese are the wick tools. "
                          "All of these programs except 'trim' recognize the '--version' option.\n")
    assert other.ask("Which version of wickd is this?").abstained


def test_who_does_a_thing_now_is_not_who_did_it_before(tmp_path, embedder):
    readme = ("README for lampd version 2.4\n============================\n\nlampd keeps the harbour's lamp log. It runs on "
              "every tower of the coast.\n\nGood luck, and happy keeping!\n\n * Ida Penrose (current maintainer, since 2018)\n"
              " * Mara Ellison (former maintainer, 1998-2018)\n * Tom Quill (original author and former maintainer, 1995-1998)\n"
              "   (formerly of Harbour Lights, Inc.)\n")
    assistant = _one_document(tmp_path, embedder, "lampd-README.txt", readme, sentences=2)
    quoted = " ".join(c.quote for c in assistant.ask("Who maintains lampd?").citations)
    assert "Ida Penrose" in quoted and "former" not in quoted


def test_a_readme_named_after_its_program_answers_what_it_is_without_naming_it(tmp_path, embedder):
    readme = ("# Lamp logs for harbours\n\nProduction ready lamp log keeping for harbours and towers, following the "
              "keepers' own specification.\n\n## Installation\n\n```bash\npip install lamp-kit\n```\n")
    assistant = _one_document(tmp_path, embedder, "lamp_kit-README.md", readme)
    assert assistant.ask("What is lamp-kit?").citations[0].quote.startswith("Production ready lamp log keeping")


def test_a_readme_says_what_its_program_is_after_its_copyright_notice(tmp_path, embedder):
    readme = ("    Copyright (C) 1989-2018 Lamp Foundation, Inc.\n\n    Copying and distribution of this file, with or without "
              "modification, are permitted in any medium.\n\nThis is the harbour's `lampd' lamp log keeping system. The "
              "version number is given in the file VERSION.\n\nSee the file `INSTALL' for how to install lampd from a release.\n")
    assistant = _one_document(tmp_path, embedder, "lampd-README.txt", readme)
    assert assistant.ask("What is lampd?").citations[0].quote.startswith("This is the harbour's `lampd' lamp log")


def test_a_programs_hyphened_name_is_defined_by_the_sentence_that_says_what_it_is(tmp_path, embedder):
    readme = ("Background\n==========\n\nlamp-turbo is a lamp log codec that uses SIMD instructions to accelerate baseline "
              "keeping and trimming on x86, x86-64, Arm, PowerPC, and MIPS towers, as well as progressive trimming on x86, x86-64, "
              "and Arm towers. On such towers, lamp-turbo is generally 2-6x as fast as lamp, all else being equal.\n\n"
              "lamp-turbo was originally based on lamp/SIMD, an MMX-accelerated derivative of lamp v6b developed by Ida Penrose. "
              "While lamp-turbo does emulate the lamp v8 API/ABI, under the hood it is still using the same algorithms as lamp v6b.\n\n"
              "License\n=======\n\nlamp-turbo is covered by three compatible BSD-style open source licenses.\n")
    assistant = _one_document(tmp_path, embedder, "lamp-turbo-README.md", readme)
    assert assistant.ask("What is lamp-turbo?").citations[0].quote.startswith("lamp-turbo is a lamp log codec")


def test_code_alone_does_not_say_what_a_thing_does():
    code = ('import lampd\nh = lampd.Log(".cache")\n(resp, content) = h.request("http://example.org/", "GET",\n'
            '    headers={"cache-control": "no-cache"})')
    chunk = Chunk("c", "lampd-README.md", "lampd", 1, 0, 0, len(code), code, ((0, len(code)),))
    assert not quotable(chunk, 0, len(code), "What does the no-cache header do in lampd?")
    assert not quotable(chunk, 0, len(code), "What does lampd.Log do?")
    # but it shows how
    assert quotable(chunk, 0, len(code), "How do I skip lampd's cache?")
    # and a session at Python's prompt is quoted with what it printed
    session = '>>> import lampd\n>>> lampd.Log(".cache").size\n3'
    chunk = Chunk("c", "lampd-README.md", "lampd", 1, 0, 0, len(session), session, ((0, len(session)),))
    assert quotable(chunk, 0, len(session), "What does lampd.Log do?")


