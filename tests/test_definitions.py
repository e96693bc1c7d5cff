"""What a question asks to have defined, and what defines it: option lists' entries and references' headings."""

from qa.definitions import defines, defining_passage, terms_named
from qa.types import Chunk


def _chunk(text: str, section: str = "") -> Chunk:
    return Chunk("c", "manual.txt", "Manual", 1, 0, 0, len(text), text, ((0, len(text)),), section=section)


def test_only_a_question_asking_what_one_term_is_or_does_names_it():
    assert terms_named("What does the asn1Parser -c option do?") == {"-c"}
    assert terms_named("What does the git subtree -d option do?") == {"-d"}
    assert terms_named("What does path.basename return?") == {"path.basename"}
    assert terms_named("Explain str.split") == {"str.split"} and terms_named("What does removeListener() do?") == {"removeListener"}
    assert terms_named("How do I use -o/--output?") == set()  # not what it does
    assert terms_named("What is the default value of --max-old-space-size?") == set()  # something of it, not it
    assert terms_named("What is the difference between --a and --b?") == set()  # two terms
    assert terms_named("What does node.js do?") == set() and terms_named("What is U.S. policy?") == set()  # a file, no API
    # A follow-up that asks the same of another term, and nothing else.
    assert terms_named("And path.resolve?") == {"path.resolve"} and terms_named("What about the -o option?") == {"-o"}
    assert terms_named("And how does path.resolve treat a drive letter?") == set()
    # A quoted term whose meaning is asked.
    assert terms_named('What is "The Program" in the GPL?') == {"The Program"} and terms_named('Why is "The Program" free?') == set()


def opens_with_option(question: str, line: str) -> bool:
    """Whether ``line`` defines an option ``question`` asks about, as an option list's entry does."""
    return defines(terms_named(question), _chunk(line), line)


def test_an_option_lists_entry_and_a_references_heading_define_a_term():
    assert opens_with_option("What does the -o option do?", "-o, --output=FILE writes the schedule to FILE")
    assert opens_with_option("What does --output do?", "• -o, --output=FILE writes the schedule to FILE")
    assert not opens_with_option("What does the -o option do?", "Pass -o to write the schedule elsewhere.")
    assert defines({"--inspect"}, _chunk("Activate inspector.", "CLI › Options › --inspect[=[host:]port]"))
    assert not defines({"--inspect"}, _chunk("Break before start.", "CLI › Options › --inspect-brk[=[host:]port]"))
    assert defines({"pathlib.Path"}, _chunk("A path.", "pathlib › class pathlib.Path(*pathsegments)"))
    assert defines({"split()"}, _chunk("Split it.", "Text › str.split(sep=None, maxsplit=-1)"))


def test_a_passage_defines_a_term_by_its_prose_or_an_entry_line():
    heading = "Events › emitter.once(eventName, listener)"
    assert not defining_passage({"emitter.once"}, _chunk("emitter.once(eventName, listener)", heading))
    assert not defining_passage({"emitter.once"}, _chunk("v0.3.0 | Added in: v0.3.0", heading))
    assert defining_passage({"emitter.once"}, _chunk("Adds a one-time listener function for the event.", heading))
    assert defining_passage({"--quiet"}, _chunk("-q::\n--quiet::\n\tSuppress output messages."))
    assert defining_passage({"The Program"}, _chunk('"The Program" refers to any copyrightable work licensed under it.'))
    assert not defining_passage({"The Program"}, _chunk('"The Program" is free software, and you may share it.'))
