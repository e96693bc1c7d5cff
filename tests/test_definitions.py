"""What a question asks to have defined, and what defines it: option lists' entries and references' headings."""

from qa.chunk import sentences
from qa.definitions import default_asked, defines, defining_passage, is_prose, terms_named
from qa.types import Chunk


def _chunk(text: str, section: str = "") -> Chunk:
    return Chunk("c", "manual.txt", "Manual", 1, 0, 0, len(text), text, ((0, len(text)),), section=section)


def test_only_a_question_asking_what_one_term_is_or_does_names_it():
    assert terms_named("What does the asn1Parser -c option do?") == {"-c"}
    assert terms_named("What does the git subtree -d option do?") == {"-d"}
    assert terms_named("What does path.basename return?") == {"path.basename"}
    assert terms_named("What does Lamp.dim return?") == {"Lamp.dim"} and terms_named("What is U.S. policy?") == set()
    # A name called is an API, its parentheses kept: "path()" is no word "path".
    assert terms_named("What does the path() function do?") == {"path()"}
    assert terms_named("Explain str.split") == {"str.split"} and terms_named("What does removeListener() do?") == {"removeListener()"}
    assert terms_named("How do I use -o/--output?") == set()  # not what it does
    # an argument of what it is an argument of
    assert terms_named("What does the search_first argument of tidewell's load do?") == {"search_first"}
    assert terms_named("What is the default value of --max-old-space-size?") == set()  # something of it, not it
    assert terms_named("What is the difference between --a and --b?") == set()  # two terms
    assert terms_named("What does node.js do?") == set() and terms_named("What is U.S. policy?") == set()  # a file, no API
    # A follow-up that asks the same of another term, and nothing else.
    assert terms_named("And path.resolve?") == {"path.resolve"} and terms_named("What about the -o option?") == {"-o"}
    assert terms_named("And how does path.resolve treat a drive letter?") == set()
    # A quoted term whose meaning is asked.
    assert terms_named('What is "The Program" in the GPL?') == {"The Program"} and terms_named('Why is "The Program" free?') == set()
    # A name written as code: a key, a macro, a function; the last thing the question names.
    assert terms_named("What does the old-versions option mean?") == {"old-versions"}
    assert terms_named("What does SET_BINARY_MODE do?") == {"SET_BINARY_MODE"} and terms_named("What is deflateInit for?") == {"deflateInit"}
    assert terms_named("What is the e-mail address of the keeper?") == set()
    # A name in capitals alone (a setting, an environment variable) when what it does is asked; "What is MVCC?" asks
    # what words stand for.
    assert terms_named("What does the TESTING config value do?") == {"TESTING"} and terms_named("What does LAMPPATH mean?") == {"LAMPPATH"}
    assert terms_named("What is MVCC?") == {"MVCC"} and terms_named("Who runs the BBC?") == set()
    assert terms_named("What does -o FILE do?") == {"-o"} and terms_named("What does --output=FILE do?") == {"--output"}
    # Words whose meaning alone is asked, and a follow-up that asks it of a kind of thing, not of a name.
    assert terms_named("What is a decorator?") == {"decorator"} and terms_named("What are Nightly releases?") == {"Nightly releases"}
    assert terms_named("And a sample?") == {"sample"} and terms_named("And Bergen?") == set()
    assert terms_named("What is William Rankine's nationality?") == set() and terms_named("What are stators attached to?") == set()
    assert terms_named("What is it?") == set()
    # A thing named in four words, "of" inside them.
    assert terms_named("What is an automorphism of a graph?") == {"automorphism of a graph"}
    # The program a term is asked of is no part of it; after "the", a place is ("the largest city in Poland").
    assert terms_named("What is a wick in Lampctl?") == {"wick"} and terms_named("What are savepoints in Lampdb?") == {"savepoints"}
    assert terms_named("What is fog expansion in lampsh?") == {"fog expansion"}
    assert terms_named("What is the largest lamp in Brannock?") == {"largest lamp in Brannock"}
    # A setting named in capitalised words run together, an option with the program it is of, a setting of words.
    assert terms_named("What does WickLength do?") == {"WickLength"} and terms_named("What does GSSAPIDelegate do?") == {"GSSAPIDelegate"}
    assert terms_named("What does the -R option of lampctl do?") == {"-R"} and terms_named("What is -R in lamp-keygen for?") == {"-R"}
    assert terms_named("What does the read only parameter do?") == {"read only"} and terms_named("What does use chroot do?") == set()
    # A setting named by its key with its equals sign, of something or not; an option named by a plain word, as one.
    assert terms_named("What does WickLength= do?") == {"WickLength"} and terms_named("What does the ID= field of lamp-release contain?") == {"ID="}
    assert terms_named("What does the fog option of lampctl do?") == {"fog"} and terms_named("What does the loose option do?") == {"loose"}
    assert terms_named("What is the best option?") == {"best option"}  # a kind of thing, as before: no option named
    assert terms_named("What does wickLength define?") == {"wickLength"}
    assert terms_named("What does Persistent= do?") == {"Persistent="}
    assert terms_named("What does the wick parameter of Lamp do?") == set()  # its function's entry says, not "wick()"'s
    # The file or program it is set in, after what it does: "in lampd.conf" is where, not what.
    assert terms_named("What does WickLength do in lampd.conf?") == {"WickLength"}
    # What a thing of a program is used for asks what it is, not a superlative's place.
    assert terms_named("What is the fog in Lampctl used for?") == {"fog"} and terms_named("What are wicks for?") == {"wicks"}


def opens_with_option(question: str, line: str) -> bool:
    """Whether ``line`` defines an option ``question`` asks about, as an option list's entry does."""
    return defines(terms_named(question), _chunk(line), line)


def test_an_option_lists_entry_and_a_references_heading_define_a_term():
    assert opens_with_option("What does the -o option do?", "-o, --output=FILE writes the schedule to FILE")
    assert opens_with_option("What does --output do?", "• -o, --output=FILE writes the schedule to FILE")
    assert not opens_with_option("What does -mtime do?", "-mtime) from the start of today, not 24 hours ago.")
    assert not opens_with_option("What does the -o option do?", "Pass -o to write the schedule elsewhere.")
    assert opens_with_option("What does --uncompress do?", "-d --decompress --uncompress")  # a manual page's spellings
    # A list of settings with what each does after a colon, and a table's row for one.
    assert opens_with_option("What does the wickLength option do?", "wickLength: Set the length of the wick.")
    assert not opens_with_option("What does the wickLength option do?", "wickLengthMax: Set the longest wick.")
    assert not opens_with_option("What does wickLength define?", "wickLength: 2000,")  # code that sets it
    assert opens_with_option("What does OnDuskSec= do?", "OnDuskSec= | Defines a timer relative to dusk.")
    assert not opens_with_option("What does the dim filter do?", "dim() | trim() | wick() | lamp()")  # a row of names
    # Plain text's table, its cells apart by a tab or a run of spaces; not a row of keys.
    assert opens_with_option("What does C-v do?", "C-v\tMove forward one screenful")
    assert opens_with_option("What does M-d do?", "M-d      Kill the next word")
    assert not opens_with_option("What does C-v do?", "C-v\tC-x C-f") and not opens_with_option("What does C-v do?", "C-v Move forward one screenful")
    # A row of more cells may say what the term is in a later one; a file is a term too.
    assert terms_named("What is /etc/lamps?") == {"/etc/lamps"} and terms_named("What is ~/.lamprc for?") == {"~/.lamprc"}
    assert opens_with_option("What is /etc/lamps?", "/etc/lamps | -rw-r--r-- | root | root | the lamps of the tower")
    assert not opens_with_option("What is /etc/lamps?", "/etc/lamps | -rw-r--r-- | root | root")
    assert defines({"--inspect"}, _chunk("Activate inspector.", "CLI › Options › --inspect[=[host:]port]"))
    assert not defines({"--inspect"}, _chunk("Break before start.", "CLI › Options › --inspect-brk[=[host:]port]"))
    assert defines({"pathlib.Path"}, _chunk("A path.", "pathlib › class pathlib.Path(*pathsegments)"))
    assert defines({"split()"}, _chunk("Split it.", "Text › str.split(sep=None, maxsplit=-1)"))
    assert terms_named("What does the Paginator class do?") == {"Paginator"}
    assert defines({"Lamp"}, _chunk("Turns the light.", "Lamps › class lamps.Lamp(bearing, power)"))
    # A glossary's words under their section's number, or with another spelling in brackets, as texinfo heads them.
    assert defines({"fog expansion"}, _chunk("A word in fog is expanded.", "14 Expansion › 14.6 Fog Expansion"))
    assert defines({"FOGMODE"}, _chunk("Sound the horn.", "16 Options › FOGMODE (-F)"))
    assert not defines({"fog expansion"}, _chunk("A word in fog is expanded.", "14 Expansion › 14.6 Fog Expansion Rules"))
    assert defines({"magic comma"}, _chunk("Lampd keeps what you wrote.", "Style › The magic comma"))
    # An acronym after the words it stands for, as a heading.
    assert defines({"DRY"}, _chunk("Every concept lives in one place.", "Design › Don't repeat yourself (DRY)"))
    assert not defines({"DRY"}, _chunk("Every concept lives in one place.", "Design › Do it right (DRY)"))
    # A command's name over its synopsis, as a shell's manual heads its builtins.
    assert terms_named("What does lampopt do?") == {"lampopt"} and terms_named("What does the lampq command do?") == {"lampq"}
    assert terms_named("What does the filter do?") == set()
    assert defines({"lampopt"}, _chunk("Set the lamp's options.", "17 Builtins › lampopt [ {+|-}options ] [ name ... ]"))
    assert not defines({"lampopt"}, _chunk("Unset the lamp's options.", "17 Builtins › unlampopt [ {+|-}options ]"))
    # A name inside the one asked of heads another entry; a setting's words may be joined in its heading.
    assert defines({"lampd.dim"}, _chunk("Dim the lamp.", "API › lampd.dim(level)"))
    assert not defines({"lampd.dim"}, _chunk("Abstract base class.", "API › class lampd.dim.dim_base"))
    assert defines({"wick length"}, _chunk("Length of the wick. Default: 4", "Options › wick_length:"))
    # Or over its definition line, with its category, as a Texinfo manual heads one or a pair of them.
    lamps = "12.1 Lamps › Builtin: dim (level), Builtin: undim (level)"
    assert defines({"dim"}, _chunk("Lower the lamp by level.", lamps)) and defines({"undim"}, _chunk("Lower the lamp.", lamps))
    assert not defines({"level"}, _chunk("Lower the lamp by level.", lamps))
    assert not defines({"Lamp"}, _chunk("Turns the light.", "Lamps › class Lampost(bearing)"))
    # A function's argument, headed with its kind; a sentence that says what the named command does.
    assert terms_named("What does the limit argument do?") == {"limit"}
    assert defines({"limit"}, _chunk("Stop after that many lamps.", "Lamps › find_lamps() › The limit argument"))
    assert not defines({"limit"}, _chunk("Stop after that many lamps.", "Lamps › find_lamps() › The limits of a lamp"))
    assert opens_with_option("What does lampq do?", "The lampq command queues a job for the lamp.")
    assert not opens_with_option("What does lampq do?", "The lampq command is older than the lamp.")
    # A filter or function named by a plain word, and a reference that heads its entry under a hyphenated domain.
    assert terms_named("What does the default filter do?") == {"default()"} and terms_named("What does the filter do?") == set()
    assert terms_named("What does the beam function return?") == {"beam()"}
    assert defines(terms_named("What does the default filter do?"),
                   _chunk("Falls back to a value.", "Builtin Filters › lamp-filters.default(value, default_value='')"))
    assert not defines({"default()"}, _chunk("Rounds it.", "Builtin Filters › lamp-filters.round(value, default=0)"))
    # A class's method nested under its class, headed by its own name alone; a module's function is never headed so.
    assert defines(terms_named("What does Lamp.dim do?"), _chunk("Dims the lamp.", "API › High Level API › dim(level=0)"))
    assert not defines({"path.join"}, _chunk("Joins a thread.", "API › join(timeout=None)"))
    # An option under the command it belongs to, or typed at a prompt as the subject of the sentence under it.
    assert defines({"-d"}, _chunk("delete the branch.", "Commands › lampctl branch -d <branch>"))
    assert not defines({"-d"}, _chunk("delete the branch.", "Commands › Lampctl Branch -d"))
    assert defines({"-a"}, _chunk("x"), "$ lampctl log -a\n\nwill light every lamp at once.")
    assert not defines({"-a"}, _chunk("x"), "$ lampctl log -a\n\nThe lamps are lit.")


def test_an_arguments_entry_says_what_it_does_by_what_its_value_makes_happen():
    text = "search_first, if True, will cause the reader to search for the first gauge."
    chunk = _chunk(text)
    assert defines({"search_first"}, chunk, text) and not defines({"search_first"}, chunk, "The reader, if True, reads.")


def test_a_passage_defines_a_term_by_its_prose_or_an_entry_line():
    heading = "Events › emitter.once(eventName, listener)"
    assert not defining_passage({"emitter.once"}, _chunk("emitter.once(eventName, listener)", heading))
    assert not defining_passage({"emitter.once"}, _chunk("v0.3.0 | Added in: v0.3.0", heading))
    assert defining_passage({"emitter.once"}, _chunk("Adds a one-time listener function for the event.", heading))
    assert defining_passage({"--quiet"}, _chunk("-q::\n--quiet::\n\tSuppress output messages."))
    # An option alone on a line among others at its indent is an example's line, not an entry.
    assert not defining_passage({"-O"}, _chunk("# fetch another page too\nurl = \"example.com/lamps\"\n-O\nreferer = \"x\""))
    assert defining_passage({"-O"}, _chunk("-O\n    Write the page to a file named as the remote one."))
    # A README's sentence that says what its package does, as a manual's says of its command.
    assert defining_passage({"Lamp Core"}, _chunk("The Lamp Core package provides a minimal low-level lamp controller."))
    assert not defining_passage({"Lamp Core"}, _chunk("The Lamp Core module releases the lock while a lamp is lit."))
    assert defining_passage({"The Program"}, _chunk('"The Program" refers to any copyrightable work licensed under it.'))
    assert not defining_passage({"The Program"}, _chunk('"The Program" is free software, and you may share it.'))
    # A glossary's term after its article: "An xfail means ...".
    assert defining_passage({"keelhaul"}, _chunk("A keelhaul means that the keeper expects the lamp to fail."))
    # A glossary's entry: under a heading that is the term and nothing else, a line that opens with it and a colon,
    # or a sentence that says what "a" quoted term is.
    assert defining_passage({"default-version"}, _chunk("The lamp lit when no keeper chooses another.", "Keys › default-version"))
    assert defining_passage({"decorator"}, _chunk("A function that returns another function.", "Glossary › decorator"))
    assert not defining_passage({"Nightly releases"}, _chunk("Each directory holds a date.", "Download › Nightly releases here"))
    assert defining_passage({"nightly"}, _chunk("* **Nightly**: Code from the current branch, built every night."))
    assert defining_passage({"sample"}, _chunk('A "sample" is a single component value.'))
    assert defining_passage({"MCU"}, _chunk('An "MCU" (minimum coded unit) is a set of blocks.'))
    assert not defining_passage({"sample"}, _chunk("The sample is taken at noon."))
    # A manual page's setting or option, its term the heading of its definition.
    assert defining_passage({"WickLength"}, _chunk("Sets how long the wick is cut.", "DESCRIPTION › WickLength"))
    assert defining_passage({"-R"}, _chunk("Removes the lamp from the log.", "DESCRIPTION › -R lamp | [lamp]:port"))
    assert defining_passage({"read only"}, _chunk("This parameter keeps the log from writes.", "MODULE PARAMETERS › read only"))
    assert not defining_passage({"-R"}, _chunk("Removes the lamp from the log.", "DESCRIPTION › -Rf lamp"))
    # An acronym spelled out before it in brackets; an acronym only used is not defined.
    assert defining_passage({"LRL"}, _chunk("The keepers keep Lamp Rotation Logs (LRLs) in the tower."))
    assert not defining_passage({"LRL"}, _chunk("The keepers keep an LRL in the tower (LRL)."))
    assert defining_passage({"MLL"}, _chunk("Keepers keep a multiversion log (Multiversion Lamp Log, MLL)."))
    # A command named by the capitals of the words in brackets after it.
    assert defining_passage({"chwk"}, _chunk("Keepers may run chwk (CHange WicK), which trims the wick."))
    assert not defining_passage({"chwk"}, _chunk("Keepers may run chwk (see the wick page), which trims it."))
    # A name in capitals asked of with the kind of thing it is heads its row by the name alone.
    assert defining_passage({"SHARED lock"}, _chunk("SHARED | The lamp may be read but not trimmed."))
    # Or a sentence that gives the thing its name.
    assert defining_passage({"lampconf"}, _chunk("To set the lamps, you write a file informally called a lampconf."))
    assert not defining_passage({"lampconf"}, _chunk("A lampconf called by the keeper sets the lamps."))
    # Or one that goes on to say what the things it names are.
    assert defining_passage({"mooring"}, _chunk("The most common change is adding moorings; these are ropes that hold a boat."))
    assert not defining_passage({"mooring"}, _chunk("The keepers check the moorings; these are many in winter."))
    # An entry's summary may introduce its example; a field or a version table's row is no summary.
    heading = "Syntax › Bracket Argument"
    assert defining_passage({"bracket argument"}, _chunk("A bracket argument encloses content between two brackets:", heading))
    assert is_prose("A bracket argument encloses content between two brackets:") and not is_prose("Returns: the bearing")
    # A reference's summary of three words is prose; a label's or a version's three words are not.
    assert is_prose("Enable fog mode.") and not is_prose("Type: integer value.") and not is_prose("Since lampctl 4.")
    # A sentence that says what kind of thing it is, not one that says something of it.
    assert defining_passage({"lampctl"}, _chunk("Lampctl is a small program that lights the tower lamp."))
    assert not defining_passage({"lampctl"}, _chunk("Lampctl is fast and reads the log."))


def test_a_sentence_that_says_what_a_thing_is_defines_it_wherever_a_wrapped_line_puts_it():
    # A PDF's hard-wrapped paragraph opens its definition in the middle of a line.
    text = "The keeper reads the lamp log each\nmorning. Lampctl is an\nold program that lights the tower lamp."
    wrapped = Chunk("c", "guide.pdf", "Guide", 1, 0, 0, len(text), text, tuple(sentences(text)))
    assert defining_passage({"lampctl"}, wrapped)
    # With its article, or with a gloss of its name between.
    assert defining_passage({"rotation of a lens"}, _chunk("A rotation of a lens is a turn that keeps its beam level."))
    assert defining_passage({"lampctl"}, _chunk("lampctl (lamp control, yes?) is a set of procedures that light the lamp."))
    assert defining_passage({"Lampstd"}, _chunk("Lampstd, or lampstandard as long version, is a fast lamp schedule."))
    assert not defining_passage({"Lampstd"}, _chunk("Lampstd, or any lamp kept on a schedule, is considered safe."))
    # Or likens it to another ("A guide is similar to a path except that ...").
    assert defining_passage({"wick"}, _chunk("A wick is similar to a rope except that it is soaked in oil."))
    assert not defining_passage({"lampctl"}, _chunk("lampctl (lamp control) lights the lamp."))


def test_a_manuals_entry_is_found_when_a_pdfs_text_has_lost_its_indent():
    # The name over its description, or before it on one line; a command's name over its synopsis.
    assert defining_passage({"LAMPFILE"}, _chunk("LAMPCOUNT\nThe number of lamps kept.\nLAMPFILE\nThe file the log is saved in."))
    assert not defining_passage({"LAMPFILE"}, _chunk("The log is saved in LAMPFILE\nevery night, or in LAMPCOUNT."))
    assert defining_passage({"LFS"}, _chunk("LFS The Lamp Field Separator that is used for splitting wicks."))
    assert not defining_passage({"LFS"}, _chunk("If LFS has another value, the wicks are kept in LFS (an LFS wick)."))
    assert defining_passage({"dimctl"}, _chunk("dimctl [-pqs] [-o] [name ...]\nToggle the settings that dim lamps."))
    assert defining_passage({"dimctl"}, _chunk("dimctl [-pqs] [-o] [-t timeout]\n[name ...]\nToggle the settings."))
    assert not defining_passage({"dimctl"}, _chunk("Run dimctl [-pqs] to see them.\nToggle the settings."))
    # An error is what it is by when it comes.
    assert defining_passage({"LAMP_DARK"}, _chunk("A LAMP_DARK error is returned when the lamp has no oil left."))
    assert not defining_passage({"LAMP_DARK"}, _chunk("A LAMP_DARK error can only occur when the lamp is lit."))
    assert terms_named("What is a LAMP_DARK error?") == {"LAMP_DARK"} == terms_named("What does the LAMP_DARK error mean?")
    # and a thing by what it lets the reader do.
    assert defining_passage({"moorings"}, _chunk("Moorings allow you to hold parts of the fleet in place."))
    # and a stage by where it happens, or which one it is.
    assert defining_passage({"Trim"}, _chunk("Trim is where we cut the wick before the lamp is lit."))
    assert defining_passage({"Light"}, _chunk("Light is the single, flame-raising step that starts the night watch."))
    assert not defining_passage({"Light"}, _chunk("Light is the reason we stay up all night."))
    assert terms_named("What does the dimctl builtin do?") == {"dimctl"}
    assert terms_named("What does the LAMP_LOG variable contain?") == {"LAMP_LOG"}
    assert terms_named("What does the wick field contain?") == {"wick"} and terms_named("What does the wick contain?") == set()


def test_a_sentence_that_says_what_the_thing_just_named_is_defines_it():
    text = "To trim wicks, you just need to install the wick-kit package. This is a meta-package of tools for keepers."
    chunk = Chunk("c", "faq.html", "FAQ", 1, 0, 0, len(text), text, tuple(sentences(text)))
    assert defines({"wick-kit"}, chunk, "This is a meta-package of tools for keepers.")
    # Not when the sentence before names it early, nor a sentence that does not say what it is.
    text = "The wick-kit package trims wicks for the keepers of the tower. This is a meta-package of tools."
    chunk = Chunk("c", "faq.html", "FAQ", 1, 0, 0, len(text), text, tuple(sentences(text)))
    assert not defines({"wick-kit"}, chunk, "This is a meta-package of tools.")
    text = "You just need to install the wick-kit package. This takes a minute."
    chunk = Chunk("c", "faq.html", "FAQ", 1, 0, 0, len(text), text, tuple(sentences(text)))
    assert not defines({"wick-kit"}, chunk, "This takes a minute.")


def test_a_sentence_that_names_a_thing_beside_what_it_is_defines_it():
    text = "A restricted version of lampd, rlampd, can only trim wicks in the current tower."
    chunk = Chunk("c", "README", "lampd", 1, 0, 0, len(text), text, tuple(sentences(text)))
    assert defines({"rlampd"}, chunk, text)
    # and one that names it with what it is beside it
    text = "We'll light the lamp through lampup, a command line tool for managing lamps and their wicks."
    chunk = Chunk("c", "README", "lampd", 1, 0, 0, len(text), text, tuple(sentences(text)))
    assert defines({"lampup"}, chunk, text)
    # not a list of things that names it among others
    text = "The lamps amber, rlampd, blue and green are lit."
    chunk = Chunk("c", "README", "lampd", 1, 0, 0, len(text), text, tuple(sentences(text)))
    assert not defines({"rlampd"}, chunk, text)
    # and one that gives the things their name, a hyphened name too
    text = "The dim call converts a lamp's light to a low glow (known as W-lights), or to a flash (known as F-lights)."
    chunk = Chunk("c", "README", "lampd", 1, 0, 0, len(text), text, tuple(sentences(text)))
    assert terms_named("What is a W-light?") == {"W-light"} and defines({"W-light"}, chunk, text)


def test_a_default_is_asked_of_what_the_question_names_or_its_thread_asked_about():
    assert default_asked("What is the default value of Wick=?") == {"Wick="} and default_asked("What is Wick=?") == set()
    assert default_asked("What is the default encoding of lampctl?") == {"encoding"}
    assert default_asked("And what does beamreach default to?") == {"beamreach"}
    assert default_asked("What is the default for max oil in lampd?") == {"max", "max oil"}
    assert default_asked("What does the default filter do?") == set()  # what a filter named so does
    assert default_asked("What is its default?", "What does the fog option of lampctl do?") == {"fog"}
    assert default_asked("What is its default?") == set()
    # The default number of a thing is its count's default; "by default" asks no default of what follows it.
    assert default_asked("What is the default number of wicks in lampd?") == {"wicks"}
    assert default_asked("How long does the lamp wait by default before it dims?") == set()
    # The thread's question, not a setting its answer named after it.
    assert default_asked("What is its default?", "What does WickLength= do in lampd.conf? GlassWidth") == {"WickLength"}
    assert defines({"ndots"}, _chunk("Sets how many dots a name needs.", "OPTIONS › ndots:n"))
    # A setting named by the words its key runs together: its entry.
    assert default_asked("What is the default wick length of lampd?") == {"wick", "wick length"}
    assert defines({"wick length"}, _chunk("Defaults to 3cm.", "OPTIONS › WickLengthMm="))
    assert defines({"wick length"}, _chunk("Defaults to 3cm.", "OPTIONS › GlassWidth=, WickLength="))
    assert not defines({"wick"}, _chunk("Defaults to 3cm.", "OPTIONS › WickedLength="))
