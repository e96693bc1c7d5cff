"""Definitions: the option or API a question asks about ("What does -c do?", "What does path.join return?"), and
the sentences and passages that define it.

A manual defines an option on a line of its option list that opens with it ("-c, --check checks the syntax
only", "--quiet::" over its description, as AsciiDoc writes them); a reference heads an entry with the option or
the API ("--inspect[=[host:]port]", "path.join([...paths])", "class pathlib.Path(*segments)") and opens it, past a
version table and a stability note, with a summary in prose. The default answerer quotes that definition first
(:class:`qa.answer.HeuristicAnswerer`), and the passages that hold it join those retrieved when retrieval missed
them (:class:`qa.assistant.Assistant`).

Example:
    >>> sorted(terms_named("What does -o, --output=FILE do?"))
    ['--output', '-o']
"""

from __future__ import annotations

import re
from dataclasses import replace

from .selector import ASKS_DEFAULT, Candidate, heading_of, names_default
from .types import Chunk
from .words import PROGRAM_KIND, PROGRAM_KINDS, PROMPT, STOP_WORDS, says_in_a_row, spells_out, words

# A command-line option a question names: "-c", "--check", "-O2", "--leak-check" (of "--leak-check=yes").
_OPTION = re.compile(r"(?<![\w-])--?[A-Za-z][\w-]*")
_BULLETS = "•*· \t"
# An API a question names: a dotted name that opens in lower case ("path.join", "str.split", "emitter.once"), a class's
# method ("Lamp.dim", "Path.mkdir": a capital, then lower case after the dot) or any name called ("open()",
# "Path.mkdir()"); not a file's name ("index.js", "setup.py").
_API = re.compile(r"(?<![\w.])(?:[a-z_]\w*(?:\.[A-Za-z_]\w*)+(?![\w.(])|[A-Z]\w*\.[a-z_]\w*(?![\w.(])"
                  r"|[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*(?=\(\)))")
# A name written as code that a question names: words joined by hyphens or underscores ("default-version",
# "SET_BINARY_MODE") or a capital inside a word after lower case or lower case after capitals ("deflateInit",
# "ServerAliveInterval", "GSSAPIDelegateCredentials"): a setting's key, a macro, a function.
_IDENT = re.compile(r"(?<![\w.-])(?:[A-Za-z][A-Za-z0-9]*(?:[-_][A-Za-z0-9]+)+|[A-Z]*[a-z]+[0-9]*[A-Z]\w*|[A-Z]{2,}[a-z]{2,}\w*)(?![\w.(-])")
# What may follow such a name in a question that asks what it is or does: "What does the old-versions option mean?".
# Followed by more ("What is the e-mail address of ...?"), the name is a word of the question, not its subject.
# What a variable or a field holds is asked of it as one: "What does the BASH_VERSION variable contain?".
_IDENT_ENDS = re.compile(r"=?\s*(?:(?:config(?:uration)?\s+)?(?:option|flag|switch|setting|key|field|variable|macro|function|method|"
                         r"parameter|argument|directive|command|value|error|exception|warning|signal)\s*)?"
                         # of what it is ("the search_for_first_object argument of dirtyjson's load do")
                         r"(?:(?:of|in|for)\s+(?:the\s+)?[\w.+'’-]+(?:\s+[\w.()+-]+)?\s+(?=do\b|does\b))?(?:do|does|mean|means|return|returns|control|controls|stand\s+for|"
                         r"define|defines|specify|specifies|for|used\s+for)?(?:\s+in\s+[\w.+-]+)?\W*$"
                         r"|\s*(?:variable|field|setting|key|parameter)\s+(?:contain|contains|hold|holds)\W*$", re.I)
# A name in capitals alone, as settings and environment variables are written ("TESTING", "PYTHONPATH"), when the
# question asks what it does or means ("What does the TESTING config value do?"); "What is MVCC?" asks what words
# stand for, as a glossary answers.
_CAPS_ENDS = (r"\s*(?:(?:config(?:uration)?\s+)?(?:option|flag|setting|key|field|variable|value|directive|error|exception|warning|signal)\s+)?"
              r"(?:do|does|mean|means|control|controls|stand\s+for|used\s+for)\W*$")
_CAPS = re.compile(rf"(?<![\w.=<\[-])(?-i:[A-Z][A-Z0-9]{{2,}})(?![\w.(-])(?={_CAPS_ENDS})", re.I)
# A function, filter or tag a question names as one, by a plain word: "What does the default filter do?", "What does
# the zip function return?" (a reference heads its entry "jinja-filters.default(value, ...)", "zip(*iterables)").
_NAMED_CALLABLE = re.compile(r"^\W*(?:what\s+(?:does|do|is)|explain|describe|how\s+does)\s+the\s+(?P<name>[a-z_]\w*)\s+"
                             r"(?:function|method|filter|test|tag|decorator)\b"
                             r"(?:\s+(?:do|does|mean|means|return|returns|for|used\s+for))?\W*$", re.I)
# An option or setting a question names as one, by a plain word, of a program or not: "What does the override option
# of dotenv do?", "What does the loose option do?" (a README heads its entry "override" or lists "loose: Be more ...").
# Not a parameter: a function's or a class's entry says what its parameters do, and an entry headed with the word is
# another thing's ("the undefined parameter of Environment" is no "undefined(name)" method).
_NAMED_OPTION = re.compile(r"^\W*(?:what\s+(?:does|do)|explain|describe|how\s+does)\s+the\s+(?P<name>[a-z_][\w-]*)\s+"
                           r"(?:option|flag|setting|directive)\b(?:\s+(?:of|in|for)\s+(?:the\s+)?[\w.@/-]+)?"
                           r"(?:\s+(?:do|does|mean|means|control|controls|for|used\s+for))?\W*$", re.I)
# A file or directory a question asks what it is or is for: "What is /etc/passwd?", "What is ~/.bashrc for?".
_ASKS_WHAT_PATH_IS = re.compile(r"^\W*(?:what\s+(?:is|are|does|do)|explain|describe)\s+(?:the\s+)?[\"“`]?"
                                r"(?P<path>(?:~|\.{1,2})?/[\w.@+-]+(?:/[\w.@+-]+)*/?)[\"”`]?(?:\s+(?:file|directory|folder))?"
                                r"(?:\s+(?:for|do|does|contain|contains|hold|holds|mean|used\s+for))?\W*$", re.I)
# A class a question names as one: "What does the Paginator class do?".
_CLASS = re.compile(r"(?<![\w.])[A-Z]\w*(?=\s+(?:class|exception)\b)")
# A setting's key as configuration files and their manuals write it, with its equals sign: "WakeSystem=", "ID=".
_SETTING_KEY = re.compile(r"(?<![\w.=-])[A-Za-z][\w.-]*=(?=[\s?!,;:)]|$)")
# What a question asks of a setting that its entry's first sentences say: what it does, means, holds or is for.
_ASKS_WHAT_KEY_HOLDS = re.compile(r"\b(?:do|does|mean|means|contain|contains|hold|holds|control|controls|specify|specifies|"
                                  r"for)\W*$", re.I)
_FILE_ENDINGS = frozenset("js mjs cjs ts py md txt rst html htm json cfg conf toml yaml yml ini sh c h cpp go rs java rb".split())
# What a reference's heading may put before the name it defines: "class pathlib.Path(...)", "async def ...".
_DEFINING = r"(?:(?:class|def|function|async|static|abstract|classmethod|staticmethod|property|exception|method|attribute)\s+)*"


# A question that asks what a term is or does ("What does path.join return?", "What is --watch for?", "Explain
# -c", "What should --help print?"): its definition answers it. "Which flag can --watch not be combined with?" asks for something else.
_ASKS_DEFINITION = re.compile(r"^\W*(?:what\s+(?:does|do|is|are|should)|explain|describe|how\s+does)\s+"
                              # then the term, after at most three words that name its program ("the git subtree -d option")
                              r"(?:(?!(?:of|with|when|if|in|for|to|do|does|is|are)\b)[\w'’-]+\s+){0,3}"
                              r"(?=-|[A-Za-z_][\w.]*[.(]|[A-Za-z][A-Za-z0-9]*[-_][A-Za-z0-9]|(?-i:[A-Z]*[a-z]+[0-9]*[A-Z]|[A-Z]{2,}[a-z]{2,})|(?-i:[A-Z]\w*)\s+(?:class|exception)\b"
                              rf"|(?-i:[A-Z][A-Z0-9]{{2,}})(?![\w.(-]){_CAPS_ENDS}|[A-Za-z][\w.-]*=(?=[\s?!,;:)]|$))"
                              # or a follow-up that asks the same of another term, and nothing else ("And path.resolve?")
                              r"|^\W*(?:and|what\s+about|how\s+about)\s+(?:the\s+)?(?=\S+(?:\s+(?:option|flag|switch|function|method))?\W*$)",
                              re.I)
# A question that asks only what a thing is ("What is a decorator?", "What are Nightly releases?", "And a sample?"):
# a glossary's entry for it answers it, when there is one.
_ASKS_WHAT_IS = re.compile(r"^\W*(?:what\s+(?:is|are)|and|what\s+about)\s+(?:an?\s+|(?P<the>the\s+))?"
                           r"(?P<term>[^\W\d][\w'’-]*(?:\s+[^\W\d][\w'’-]*){0,3}?)(?P<use>\s+(?:used\s+)?for)?\s*\??\s*$", re.I)
# The program or field a question sets its term in ("What is a guide in Asymptote?", "What are savepoints in
# PostgreSQL?", "What is brace expansion in zsh?"): one word, not part of the term. After "the" it is part of it
# ("the largest city in Poland"). Of SQuAD's 7,524 training and dev 1-8 questions, one asks "What is X in Y?".
_IN_PROGRAM = re.compile(r"\s+in\s+[\w.+-]+$", re.I)
# A question that asks what one word in lower case does, as a command, a builtin or a function's argument is named
# ("What does setopt do?", "What does the tar command do?", "What does the limit argument do?", but not "What does the
# filter do?"): a manual heads its entry with it and its synopsis ("setopt [ {+|-}options ]"), or with it and its kind
# ("The limit argument").
_KINDS = r"(?:command|builtin|program|utility|tool|argument|parameter|keyword)"
_ASKS_WHAT_WORD_DOES = re.compile(rf"^\W*what\s+(?:does|do)\s+(?:the\s+(?=\S+\s+(?:{_KINDS}|field|variable)\b))?"
                                  rf"(?P<term>(?-i:[a-z][a-z0-9]*))(?:(?:\s+{_KINDS})?\s+(?:do|mean)"
                                  # or a field or a variable, what it holds ("What does the uid field contain?")
                                  rf"|\s+(?:field|variable)\s+(?:do|mean|contain|hold))\W*$"
                                  # or a few, named as a setting ("What does the read only parameter do?")
                                  rf"|^\W*what\s+(?:does|do)\s+the\s+(?P<words>(?-i:[a-z][a-z0-9]*(?:\s+[a-z][a-z0-9]*){{1,2}}))"
                                  rf"\s+(?:parameter|setting|option|directive)\s+(?:do|mean)\W*$", re.I)
# What follows a command's name in the heading of its entry: its synopsis, arguments in brackets or options.
_SYNOPSIS = r"\s+[\[{<(-]"
# The category a Texinfo definition line opens with: "Builtin: ", "Function: ", "User Option: ".
_CATEGORY = r"[A-Z][a-z]+(?:\s[A-Za-z][a-z]+)?:\s+"
# A term a question quotes and asks the meaning of ('What is "The Program" in the GPL?', 'What does "conveying"
# mean?'), and how a document defines one: '"The Program" refers to any copyrightable work ...'.
_QUOTED = re.compile(r"[\"“]([^\"”]{2,60})[\"”]")
_ASKS_MEANING = re.compile(r"^\W*(?:what\s+(?:is|are|does|do)|define|explain)\b", re.I)
# A name written in capitals, a variable's or a state's: "IFS", "BASH_VERSION", "SHARED".
_CAPITALS_NAME = r"[A-Z][A-Z0-9_]+"
# The kinds of fault a name may be asked of as one ("What is an SQLITE_SCHEMA error?", "the EPIPE signal").
_FAULTS = r"(?:error|exception|warning|signal)s?"
# What a package's sentence says it is for, after what its README calls it (qa.words.PROGRAM_KIND): "The HTTP Core
# package provides ...", "The lampd library lets keepers ...".
_PROVIDES = r"(?:provides|offers|implements|lets|allows|enables|gives|adds|makes)"
# A tagline's kind of thing, a program's or what a program is made of.
_TAGLINE_KIND = re.compile(rf"(?:an?|the)\s+(?:[\w-]+\s+){{0,5}}?(?:{PROGRAM_KIND}|toolkit|client|server|parser|"
                           r"implementation|interface|wrapper|collection|set)s?\b", re.I)
# A verb that goes on from a sentence's subject: a modal or an auxiliary, or a word in the third person or the past
# ("runs", "edited"); not the next of a list's items ("The colours blue, red, green ...").
_VERB = r"(?:is|are|was|were|can|cannot|could|will|would|may|might|must|should|has|have|had|does|do|[a-z]+(?:s|ed))"
# A name of words joined by hyphens: "libjpeg-turbo", "sse-starlette".
_HYPHENED_NAME = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)+")
_MEANS = r"[\"“]?\s+(?:refers?\s+to|means|shall\s+mean|is\s+defined\s+as|denotes|stands\s+for)\b"
# What stands before the program a term is of: "What does the -R option of ssh-keygen do?".
_OF_PROGRAM = re.compile(r"\s(?:of|in)\s+(?:the\s+)?$", re.I)
# What may stand between the spellings of one option: "-o, --output", "-o/--output", "-o or --output".
_ALIASES = re.compile(r"^(?:=\S*)?\s*(?:,|/|\bor\b)?\s*$")


def names_its_kind(sentence: str) -> bool:
    """Whether ``sentence`` is a tagline that opens with the kind of thing a program is.

    Example:
        >>> names_its_kind("A Python library for arbitrary-precision arithmetic."), names_its_kind("The fast JSON parser.")
        (True, True)
        >>> names_its_kind("The results of an attack can be dramatic."), names_its_kind("Lampctl is a library.")
        (False, False)
    """
    return bool(_TAGLINE_KIND.match(sentence))


def terms_named(question: str) -> set[str]:
    """The command-line option, API name or quoted term whose definition ``question`` asks for: "What does path.join
    do?" gives "path.join", "What does -o, --output=FILE do?" "-o" and "--output" (one option's two spellings),
    'What is "The Program"?' "The Program"; a question about two ("Can --watch be combined with --check?") or not
    asking what one is or does, none.

    Example:
        >>> sorted(terms_named("What does -o, --output=FILE do?")), terms_named("Can --watch be combined with --check?")
        (['--output', '-o'], set())
    """
    if named := _NAMED_CALLABLE.match(question):
        return {named["name"] + "()"}
    if named := _ASKS_WHAT_PATH_IS.match(question):
        return {named["path"]}
    if named := _NAMED_OPTION.match(question):
        return {named["name"]}
    if not _ASKS_DEFINITION.search(question):
        quoted = _QUOTED.findall(question) if _ASKS_MEANING.search(question) else []
        if len(quoted) == 1:
            return {quoted[0].strip()}
        if does := _ASKS_WHAT_WORD_DOES.match(question):
            return {does["term"] or does["words"]}
        what = _ASKS_WHAT_IS.match(question)
        # "And Bergen?" asks what was asked of the last thing of something else; "And a sample?" what a sample is.
        # "What is the environment in Sphinx used for?" asks what a thing of Sphinx is for, not a place's superlative.
        term = (what["term"] if what["the"] and not what["use"] else _IN_PROGRAM.sub("", what["term"])) if what else ""
        named = words(term)
        # Not a thing's attribute ("William Rankine's nationality") or a question that ends on a preposition ("What
        # are stators attached to?").
        if (named and named[0] not in STOP_WORDS and named[-1] not in STOP_WORDS and not re.search(r"['’]s\b", what["term"])
                and (what.group().lstrip()[:4].lower() == "what" or re.search(r"\ban?\s+\S+\s*\??\s*$", question))):
            return {term}
        return set()
    found = [m for m in _OPTION.finditer(question)]
    found += [m for m in _API.finditer(question) if m.group().rpartition(".")[2].lower() not in _FILE_ENDINGS]
    found += [m for m in _IDENT.finditer(question)
              if _IDENT_ENDS.match(question, m.end()) and not any(m.start() < o.end() and o.start() < m.end() for o in found)]
    found += [m for m in _CLASS.finditer(question) if not any(m.start() < o.end() and o.start() < m.end() for o in found)]
    # A name in capitals only when the question names nothing else: "-o FILE" is an option and its argument.
    found += [] if found else list(_CAPS.finditer(question))
    if not found and len(keys := _SETTING_KEY.findall(question)) == 1 and _ASKS_WHAT_KEY_HOLDS.search(question):
        return set(keys)  # "What does the ID= field of os-release contain?": a setting named with what it is of
    found.sort(key=lambda m: m.start())
    # The program a name is of, after it ("the -R option of ssh-keygen"): where the term is, not another term.
    found = found[:1] + [m for m in found[1:] if not _OF_PROGRAM.search(question, 0, m.start())]
    if any(not _ALIASES.match(question[a.end(): b.start()]) for a, b in zip(found, found[1:])):
        return set()
    # A name called keeps its parentheses ("open()"): it is an API, not a word.
    return {m.group() + ("()" if question.startswith("()", m.end()) else "") for m in found}


def settings_named(question: str) -> set[str]:
    """The settings ``question`` names by their keys, each written with its equals sign, whatever it asks of them: a
    manual that lists its settings so ("Storage=" over "Controls where to store journal data. ... Defaults to "auto"")
    answers in that setting's entry "What is the default value of Storage=?" and "What does the ID= field contain?".

    Example:
        >>> sorted(settings_named("Is AccuracySec= or RandomizedDelaySec= the default?")), settings_named("Is a=b true?")
        (['AccuracySec=', 'RandomizedDelaySec='], set())
    """
    return set(_SETTING_KEY.findall(question))


# What a question asks the default of: "the default value of maxRedirects", "the default encoding of dotenv", "what does
# mydomain default to"; not what a callable named "default" is ("What does the default filter do?").
_DEFAULT_ASKED = re.compile(r"\b(?:what|which)\s+(?:does|do|did|will)\s+(?:the\s+)?(?P<does>[\w.$-]+=?)\s+default\s+to\b"
                            r"|\bdefault\s+(?:value\s+|setting\s+)?(?:of|for)\s+(?:the\s+)?(?P<of>[\w.-]+=?(?:\s+(?!(?:of|in|for|on|is|are|when|if)\b)[a-z][\w-]*){0,2})"
                            # "the default number of samples" asks the default of samples (their count); "by default
                            # before it dims" asks no default of a thing
                            r"|(?<!\bby\s)\bdefault\s+(?:(?:number|amount|count)\s+of\s+(?:the\s+)?)?(?P<thing>(?!(?:value|setting|option|filter|function|method|test|tag|class|command)s?\b)"
                            r"[a-z][\w-]*(?:\s+(?!(?:of|in|for|on|is|are|when|if)\b)[a-z][\w-]*){0,2})\b", re.I)


def default_asked(question: str, context: str = "") -> set[str]:
    """What ``question`` asks the default of, as a reference heads its entry: a setting it names by its key ("Beam="
    of "What is the default value of Beam=?"), "encoding" of "What is the default encoding of dotenv?"; of a
    follow-up that names none ("What is its default?"), the term its thread's ``context`` asked about.

    Example:
        >>> default_asked("What is the default encoding of dotenv?"), default_asked("What is the default value of Beam=?")
        ({'encoding'}, {'Beam='})
        >>> sorted(default_asked("What is the default path dotenv reads?"))
        ['path', 'path dotenv', 'path dotenv reads']
        >>> default_asked("What is its default?", "What does the override option of dotenv do?")
        {'override'}
    """
    if not ASKS_DEFAULT.search(question):
        return set()
    found = _DEFAULT_ASKED.search(question)
    # The words after "default" may run past the thing's name ("the default path dotenv reads"): each first few.
    asked = (found["does"] or found["of"] or found["thing"]).split() if found else []
    named = settings_named(question) or (
        {" ".join(asked[:n]) for n in range(1, len(asked) + 1)} if asked and asked[0].lower() not in STOP_WORDS else set())
    if named:
        return named
    # The thread's question first: the names its answer added after it ("... ReserveVT") are what it was answered by.
    asked_first = context[: context.find("?") + 1] if "?" in context else context
    return (terms_named(asked_first) or settings_named(asked_first) or terms_named(context) or settings_named(context)) if context else set()


# A sentence that opens by giving a default without saying of what ("The default is to use the local machine name",
# "By default, ...", "Defaults to 6."): it is the default of what the sentence before it names.
_OPENS_WITH_DEFAULT = re.compile(r"^\W*(?:the\s+default(?:\s+value|\s+setting)?\s+is\b|by\s+default\b|(?:it\s+)?defaults?\s+(?:to|is)\b)", re.I)
# A default given right after what it is the default of: "a prefix key, 'C-b' (Ctrl-b) by default", "mydomain, which
# defaults to ...", "oil by default"; not "the lamp burns oil by default", the default of what comes between.
_GIVES_DEFAULT_AFTER = re.compile(r",\s*(?:which\s+defaults?\s+to\b|[^,.;:]{1,25}?\s+by\s+default\b)|\s+(?:by\s+default|defaults?\s+to)\b", re.I)


# How far into a sentence the term it is about may come: "The beam parameter", "Make the internal hash table".
_OPENING_WORDS = 3


def gives_default_of(terms: set[str], chunk: Chunk, index: int) -> bool:
    """Whether sentence ``index`` of ``chunk`` gives the default of one of ``terms`` (:func:`default_asked`) in prose:
    right after the term ("... a prefix key, 'C-b' (Ctrl-b) by default, ..."), or in a sentence that opens by giving
    a default when the sentence before it, or its paragraph's first, names the term within its first few words
    (:data:`_OPENING_WORDS`: "The myorigin parameter specifies the domain ... The default is to use the local machine
    name.", "Make the internal hash table ... The default is 65537 entries."; not after "This parameter sets the file
    the "max connections" parameter uses.").

    Example:
        >>> text = "The beam parameter sets the lamp's reach. The default is 12 miles. The lamp burns oil by default."
        >>> chunk = Chunk("c1", "a.txt", "A", 1, 0, 0, len(text), text, ((0, 41), (42, 62), (63, len(text))))
        >>> [gives_default_of({"beam"}, chunk, i) for i in range(3)], gives_default_of({"reach"}, chunk, 1)
        ([False, True, False], False)
        >>> gives_default_of({"oil"}, chunk, 2), gives_default_of({"lamp"}, chunk, 2)
        (True, False)
    """
    spans = chunk.sentences
    if not terms or not 0 <= index < len(spans):
        return False
    sentence = chunk.text[slice(*spans[index])]
    if sentence.rstrip().endswith(":"):  # "Changing the default prefix key:" announces what follows
        return False
    named = [m for t in terms for m in re.finditer(rf"(?<![\w-]){re.escape(t)}(?![\w-])", sentence, re.I)]
    if any(_GIVES_DEFAULT_AFTER.match(sentence, m.end()) for m in named):
        return True
    if index == 0 or not _OPENS_WITH_DEFAULT.match(sentence):
        return False
    # The sentence before, or the one that opens the paragraph (an entry's "Make the hash table be num entries big.
    # For better performance ... The default is 65537 entries."), names the term within its first few words.
    opening = {chunk.text[slice(*spans[index - 1])], chunk.text[slice(*spans[0])]}
    return any(re.match(rf"\W*(?:[\w'’-]+\s+){{0,{_OPENING_WORDS}}}?{re.escape(t)}(?![\w-])", before, re.I) for t in terms for before in opening)


def default_unnamed(terms: set[str], chosen: list[Candidate], question: str = "") -> bool:
    """Whether none of the ``chosen`` quotes is about what a question asks the default of (``terms``,
    :func:`default_asked`): none names it and says a default, stands in the entry it heads, or gives its default in
    prose (:func:`gives_default_of`). "The default values for many other parameters are derived from just these." says
    a default, but of nothing "What is the default maximum message size?" asks about; an example's call
    (">>> tabulate(rows, missingval='?')") names the parameter, but says no default of it.

    Example:
        >>> import numpy as np
        >>> from qa.types import Chunk, Hit
        >>> def chosen(*texts):
        ...     return [Candidate(Hit(Chunk(f"c{i}", "a.md", "", i, 0, 0, len(t), t, ((0, len(t)),)), 1.0), 0, 0, len(t), 0.5,
        ...                       np.zeros(0)) for i, t in enumerate(texts)]
        >>> asked = "What is the default value of missingval?"
        >>> default_unnamed({"missingval"}, chosen(">>> tabulate(rows, missingval='?')", "Zero is the default threshold."), asked)
        True
        >>> default_unnamed({"missingval"}, chosen("missingval defaults to an empty string."), asked)
        False
    """
    if not terms:
        return False

    def about(c: Candidate) -> bool:
        # A term's words in a row, however they are joined ("line length" for "--line-length", "NAME" for "NAME="),
        # in a quote that says a default.
        named = any(says_in_a_row(c.text, t) for t in terms) and (
            ASKS_DEFAULT.search(c.text) is not None or names_default(c.text, question))
        return named or heads_entry(terms, c.hit.chunk) or gives_default_of(terms, c.hit.chunk, c.index)

    return not any(about(c) for c in chosen)


def defines(terms: set[str], chunk: Chunk, sentence: str = "") -> bool:
    """Whether ``sentence`` of ``chunk`` defines one of ``terms`` (:func:`terms_named`): it opens with the option, as
    an option list's entry does, or the heading over it opens with the option or the API name ("--inspect[=port]",
    "path.join([...paths])", "class pathlib.Path(*segments)"), as a reference's entries are headed.

    Example:
        >>> headed = lambda section: Chunk("c", "path.html", "Path", 1, 0, 0, 9, "It joins.", section=section)
        >>> defines({"path.join"}, headed("Path › path.join([...paths])")), defines({"path.join"}, headed("Path › path.joinAll()"))
        (True, False)
    """
    return states_definition(terms, sentence) or (bool(terms) and (heads_entry(terms, chunk) or _under_name(terms, chunk, sentence)
                                                                     or _said_after(terms, chunk, sentence)))


# A sentence that says what the thing just named is: "This is a meta-package ...", "It is a set of servers ...".
_SAYS_WHAT_THAT_IS = re.compile(r"(?:this|it)\s+(?:is|was)\s+(?:an?|one\s+of\s+the)\s", re.I)
# How near its end the sentence before must name the term ("... install the build-essential package.").
_NAMED_LAST_WORDS = 3


def _said_after(terms: set[str], chunk: Chunk, sentence: str) -> bool:
    """Whether ``sentence`` says what a thing of ``terms`` is by pointing back to the sentence before it, which names
    the thing last ("... you just need to install the build-essential package. This is a meta-package which depends on
    the standard development tools ..."); quoted, it brings that sentence with it (:func:`qa.answer.standing_alone`).

    Example:
        >>> text = "To trim wicks, install the wick-kit package. This is a set of tools for keepers."
        >>> chunk = Chunk("c", "faq.html", "FAQ", 1, 0, 0, len(text), text, ((0, 44), (45, len(text))))
        >>> said = "This is a set of tools for keepers."
        >>> _said_after({"wick-kit"}, chunk, said), _said_after({"lamp"}, chunk, said)
        (True, False)
    """
    if not _SAYS_WHAT_THAT_IS.match(sentence):
        return False
    spans = chunk.sentences
    at = next((i for i, (a, b) in enumerate(spans) if chunk.text[a:b].strip() == sentence.strip()), 0)
    if at == 0:
        return False
    last = words(chunk.text[slice(*spans[at - 1])])[-_NAMED_LAST_WORDS:]
    return any(words(t) and " ".join(words(t)) in " ".join(last) for t in terms)


def _under_name(terms: set[str], chunk: Chunk, sentence: str) -> bool:
    r"""Whether ``sentence`` opens the line under one that is a term of ``terms`` and nothing else, as a manual lists
    its variables ("BASH_VERSION" over "Expands to a string describing the version ...") and a glossary its words
    ("builtin" over "A command that is implemented internally by the shell itself"): its entry, when the indent that
    set the description under the name is lost (a PDF's text).

    Example:
        >>> chunk = Chunk("c", "bash.pdf", "Bash", 1, 0, 0, 9, "BASH_VERSION\nExpands to the version.\nHOME\nThe home.")
        >>> _under_name({"BASH_VERSION"}, chunk, "Expands to the version."), _under_name({"BASH_VERSION"}, chunk, "The home.")
        (True, False)
        >>> _under_name({"shopt"}, replace(chunk, text="shopt [-pqsu] [optname ...]\nToggle the values."), "Toggle the values.")
        True
        >>> _under_name({"Arrange"}, replace(chunk, text="Arrange\nAct\nAssert"), "Act")  # a list of names
        False
    """
    line = _line_above(chunk, sentence) if _long_enough(sentence) else None
    if line is None:
        return False
    if line in terms:  # (a word alone over it is a glossary's entry, as a heading that is the term heads one)
        return True
    # or a command's name over its synopsis ("shopt [-pqsu] [-o] [optname ...]" over "Toggle the values of settings ...")
    commands = "|".join(re.escape(t) for t in terms if re.fullmatch(r"[a-z][a-z0-9]*", t))
    return bool(commands) and bool(re.match(rf"(?:{commands}){_SYNOPSIS}", line))


# The fewest words a description under a name has: a line of fewer is the next name of a list ("Act" under "Arrange").
_DESCRIPTION_WORDS = 3


def _long_enough(sentence: str) -> bool:
    """Whether ``sentence`` may describe the name on the line over it: a sentence, not the next name of a list."""
    return len(sentence.split()) >= _DESCRIPTION_WORDS


def _line_above(chunk: Chunk, sentence: str) -> str | None:
    """The line over the one ``sentence`` opens (past a synopsis's bracketed run-on), or None when it opens none."""
    at = chunk.text.find(sentence) if sentence[:1].isupper() else -1
    if at <= 0 or chunk.text[at - 1] != "\n":
        return None
    above = chunk.text[:at].rstrip().split("\n")
    line = above[-1].strip()
    # (a synopsis too long for its line goes on in brackets on the next: "read [-ers] ... [-u fd]" over "[name ...]")
    if len(above) > 1 and line.startswith("[") and re.fullmatch(r"(?:\[[^\]]*\]\s*)+", line):
        line = above[-2].strip()
    return line


def _glossary_entry(terms: set[str], chunk: Chunk, sentence: str) -> bool:
    """Whether ``sentence`` is a glossary's or a variable list's entry for one of ``terms``, as a PDF's text keeps it:
    under the term alone on its line ("exit status" over "The value returned by a command to its caller."), or after
    it on one line ("IFS The Internal Field Separator ...", "builtin A command that is implemented ...")."""
    return _long_enough(sentence) and _line_above(chunk, sentence) in terms or _glossed(terms, sentence)


def _glossed(terms: set[str], line: str) -> bool:
    """Whether ``line`` opens with one of ``terms`` and goes on, with no mark between, with a sentence that says what
    it is: a variable's name in capitals ("IFS The Internal Field Separator ..."), or a word before an article ("builtin
    A command that is implemented ..."). (Not a key's: "C-v Move forward" is a sentence that names it.)"""
    if not terms:
        return False
    names = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
    capitals = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True) if re.fullmatch(_CAPITALS_NAME, t))
    return bool(re.match(rf"(?:{names})\s+(?-i:A|An|The)\s+[a-z]+\s", line)
                or capitals and re.match(rf"(?:{capitals})\s+[A-Z][a-z]+\s+[A-Za-z]+\s", line))


def states_definition(terms: set[str], sentence: str) -> bool:
    """Whether ``sentence`` opens with one of ``terms`` and says what it is or does: an option list's entry, a table's
    row, a glossary's entry.

    Example:
        >>> states_definition({"C-v"}, "C-v\\tMove forward one screenful"), states_definition({"C-v"}, "C-v\\tC-x")
        (True, False)
    """
    return bool(terms) and _opens_with(terms, sentence) and _describes(sentence)


def _describes(sentence: str) -> bool:
    """Whether ``sentence``, which opens with what it defines, goes on to say what that is: on its first line, or, when
    that line is the option alone and no "--quiet::" label, in prose after it ("-O" over "Write output to a file
    named like the remote one."; not "-O" over an example's next line, 'referer = "example.org"')."""
    first, _, rest = sentence.strip().partition("\n")
    if not rest or _leading_options(first)[1] < len(first.rstrip()) or first.rstrip().endswith(":") or not _OPTION.match(first):
        return True
    return is_prose(rest)


def defining_passage(terms: set[str], chunk: Chunk) -> bool:
    """Whether ``chunk`` holds a definition of one of ``terms``: a line of an option list that opens with it, or prose
    under a heading that opens with it (an entry's heading, its version table and its parameters, passages of
    their own, say nothing of what it does)."""
    if not terms:
        return False
    if heads_entry(terms, chunk) and any(is_prose(chunk.text[a:b]) for a, b in chunk.sentences):
        return True
    # Lines for an option list's entries, sentences for prose: a hard-wrapped paragraph (a PDF's) opens its
    # "Traces is an alternative program ..." in the middle of a line.
    lines = chunk.text.splitlines()
    return (any(_opens_with(terms, line) and _entry_line(lines, i) for i, line in enumerate(lines))
            or any(_under_name(terms, chunk, line.strip()) for line in lines)
            or any(_opens_with(terms, chunk.text[a:b]) and _describes(chunk.text[a:b]) for a, b in chunk.sentences))


def _entry_line(lines: list[str], i: int) -> bool:
    """Whether ``lines[i]``, which opens with an option, is an option list's entry: it says what the option does, or
    heads what does ("--quiet::", or the option over its description indented deeper); an option alone on a line among
    others at its indent is an example's ("-O" in a configuration file shown)."""
    line = lines[i].strip()
    if _leading_options(line)[1] < len(line) or line.endswith(":"):
        return True
    under = next((below for below in lines[i + 1:] if below.strip()), "")
    return len(under) - len(under.lstrip()) > len(lines[i]) - len(lines[i].lstrip())


def is_word_term(term: str) -> bool:
    """Whether ``term`` is words ("decorator", "The Program") rather than code (an option, an API, a key)."""
    return not (_OPTION.fullmatch(term) or _IDENT.fullmatch(term) or re.search(r"[.(_=]", term))


def _opens_with(terms: set[str], line: str) -> bool:
    """Whether ``line`` opens with one of ``terms``: an option list's entry, a term's definition ('"The Program"
    refers to ...'), a table's row for it, or a glossary's entry for words ("Nightly: Code built every night", 'A
    "block" is an 8x8 group', "FastAPI is a modern web framework"), or a sentence that names the words ("a module
    informally called a URLconf")."""
    if not line:
        return False
    line = line.lstrip(_BULLETS)
    if terms & set(_leading_options(line)[0]):
        return True
    # A command typed at a prompt as the subject of the sentence under it: "$ git commit -a" over "will update the
    # index with any files that you've modified ...".
    command, _, rest = line.partition("\n")
    if PROMPT.match(command) and rest.strip()[:1].islower() and terms & set(_OPTION.findall(command)):
        return True
    # A name in capitals asked of with the kind of thing it names ("a SHARED lock") heads its row by the name alone
    # ("SHARED | The database may be read but not written.").
    named_as = {m[1] for t in terms if (m := re.fullmatch(rf"({_CAPITALS_NAME}) [a-z]+", t))}
    names = "|".join(re.escape(t) for t in sorted(terms | named_as, key=len, reverse=True))
    # '"The Program" refers to ...', "An xfail means that you expect a test to fail"
    if re.match(rf"(?:(?:an?|the)\s+)?[\"“]?(?:{names}){_MEANS}", line, re.I):
        return True
    # A table's row with the term in its first cell and what it is in words in the next ("OnBootSec= | Defines a timer
    # relative to when the machine was booted up.", "loop.index | The current iteration of the loop."); not a row of
    # names ("default() | items() | reject()"). Plain text sets its cells apart with a tab or a run of spaces
    # ("C-v<tab>Move forward one screenful", "M-d      Kill the next word").
    # A row of more cells may say it in a later one ("/etc/passwd | -rw-r--r-- | root | root | user account information").
    if re.match(rf"[`\"“]?(?:{names})=?[`\"”]?(?:\s+\|\s+(?:[^|\n]*?\s\|\s+)*?|\t\s*| {{2,}})[^|\s]+\s+[^|\s]+\s+[^|\s]", line, re.I):
        return True
    # A list of settings or parameters, each with what it does in words after a colon ("includePrerelease: Set to
    # suppress ..."); not a line of code that sets it ("maxContentLength: 2000,").
    if any(not is_word_term(t) for t in terms) and re.match(rf"[*_`\"“]*(?:{names})[*_`\"”]*:(?!:)\s+[A-Za-z]\S*\s+\S+\s+\S", line):
        return True
    # A reference's sentence that says what an argument does by what its value makes happen: "search_for_first_object,
    # if True, will cause the parser to search for the first occurrence of either { or [." (as the json module's are).
    if any(not is_word_term(t) for t in terms) and re.match(rf"[*_`\"“]*(?:{names})[*_`\"”]*,\s+if\s+\S", line):
        return True
    # A manual's sentence that says what the named command or argument does: "The sdiff command merges two files ...".
    if re.match(rf"(?i:the\s+)?[\"“'`]?(?:{names})[\"”'`]?\s+{_KINDS}\s+(?!(?:is|was|has|does)\b)[a-z]+s\b", line):
        return True
    # or a README's, what its package is for: "The HTTP Core package provides a minimal low-level HTTP client" (not
    # whatever else it does: "The regex module releases the GIL during matching").
    if re.match(rf"(?i:the\s+)?[\"“'`]?(?:{names})[\"”'`]?\s+{PROGRAM_KIND}\s+{_PROVIDES}\b", line):
        return True
    if any(spells_out(t, line) for t in terms):
        return True
    # A glossary's or a variable list's entry on one line, as a PDF's text keeps what an indent had set apart.
    if _glossed(terms, line):
        return True
    # An error, exception or signal is what it is by when it comes: "An SQLITE_SCHEMA error is returned when a prepared
    # SQL statement is no longer valid", "ValueError: Raised when an operation receives an argument ...".
    if re.match(rf"(?:(?:an?|the)\s+)?[`\"“]?(?:{names})[`\"”]?(?:\s+{_FAULTS})?(?:\s+(?:is|are)\s+|\s*:\s*)"
                rf"(?:returned|raised|thrown|reported|signall?ed|issued|emitted|sent)\s+(?:when|if|whenever|by)\b", line, re.I):
        return True
    named = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True) if is_word_term(t))
    # A program's name joined by hyphens is a name, not code, in a sentence that says what it is: "libjpeg-turbo is a
    # JPEG image codec that uses SIMD instructions ...".
    hyphened = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True) if _HYPHENED_NAME.fullmatch(t))
    if hyphened and re.match(rf"[`\"“]?(?:{hyphened})[`\"”]?\s+(?:is|are)\s+(?:an?|one\s+of\s+the)\s", line, re.I):
        return True
    # or one that goes on to say what the things it names are: "the addition of aliases; these are words that are
    # automatically replaced with the execution of a command".
    if named and re.search(rf"\b(?:{named})(?:e?s)?\s*[;,(—–]\s*(?:these|those|which|they)\s+are\s+(?:an?\s+|the\s+)?[a-z]+\s+"
                           rf"(?:that|which|who|used\s+to)\b", line, re.I):
        return True
    # or one that names it with what it is beside it: "We'll download Rust through rustup, a command line tool for
    # managing Rust versions".
    if named and re.search(rf"\b(?:{named}),\s+an?\s+(?:[\w-]+\s+){{0,3}}?[\w-]+\s+(?:for|that|which|used\s+to)\s", line, re.I):
        return True
    # or a sentence that gives the thing its name, or the things their name: "you create a Python module informally
    # called a URLconf", "a conversion to ASCII-compatible encoding (known as A-labels)".
    given = "|".join(n for n in (named, hyphened) if n)
    if given and re.search(rf"\b(?:called|known\s+as|termed|referred\s+to\s+as)\s+(?:an?\s+|the\s+)?[\"“]?(?:{given})(?:e?s)?\b",
                           line, re.I):
        return True
    return bool(named) and bool(re.match(rf"[*_`\"“]*(?:{named})[*_`\"”]*\s*:(?!:)\s*\w"
                                         rf"|(?:an?|the)\s+[\"“](?:{named})[\"”]\s+(?:\([^)]*\)\s+)?(?:is|are)\b"
                                         # or a sentence that says what kind of thing it is: "FastAPI is a modern web framework"
                                         # "An automorphism of a graph is a permutation ...", with a gloss of its name
                                         # between ("nauty (no automorphisms, yes?) is a set of procedures ...",
                                         # "Zstandard, or zstd as short version, is a fast lossless compression algorithm")
                                         # or like what ("A guide is similar to a path except that ...")
                                         # or where it happens ("Arrange is where we prepare everything for our test"),
                                         # or which thing it is ("Act is the singular, state-changing action that kicks off ...")
                                         rf"|(?:(?:an?|the)\s+)?(?:{named})(?:\s+\([^)]*\)|,\s+or\s+[^,.]{{1,40}},)?\s+(?:is|are)\s+(?:an?|one\s+of\s+the|similar\s+to|like|where"
                                         rf"|the\s+(?:[\w,-]+\s+){{0,3}}?[\w-]+\s+(?:that|which|who|of|for)\b)\s"
                                         # or what it lets the reader do: "Savepoints allow you to selectively discard
                                         # parts of the transaction"
                                         rf"|(?:(?:an?|the)\s+)?(?:{named})\s+(?:allows?|lets?|enables?)\s+(?:you|users?|one)\s+to\s"
                                         # or a sentence that names it beside what it is, as its subject: "A restricted
                                         # version of ed, red, can only edit files in the current directory"
                                         rf"|(?:an?|the)\s+(?:[\w-]+\s+){{1,6}}?[\w-]+,\s+[\"“'`]?(?:{named})[\"”'`]?,\s+{_VERB}\b",
                                         line, re.I))


# A class's method a question names ("Environment.get_template", "Thread.join()").
_METHOD = re.compile(r"[A-Z]\w*\.(?P<name>[a-z_]\w*)(?:\(\))?")


def method_name(term: str) -> str | None:
    """The method's own name when ``term`` is a class's method ("get_template" of "Environment.get_template"): a
    reference that documents it under its class heads its entry with that name alone ("get_template(name, ...)").

    Example:
        >>> method_name("Environment.get_template"), method_name("path.join")
        ('get_template', None)
    """
    named = _METHOD.fullmatch(term)
    return named["name"] if named else None


# A section's number before a heading ("14.6 ", "2.1. ") and another spelling in brackets after it ("CORRECT (-0)").
_HEADING_NUMBER = re.compile(r"^\d+(?:\.\d+)*\.?\s+")
_HEADING_ALIAS = re.compile(r"\s*\([^()]*\)$")
# An option's argument after a colon, as a resolver's manual heads "ndots:n" and "timeout:n": the option is the word.
_HEADING_ARGUMENT = re.compile(r":(?:[a-z]|<[^<>]+>|[A-Z][A-Z_]*)$")
# A setting's key as a heading writes it: "Storage=", one of "OnClockChange=, OnTimezoneChange=".
_KEY = re.compile(r"[A-Za-z][\w.-]*=")


def _key_words(key: str) -> str:
    """The words of a setting's ``key`` in lower case: "sync interval sec" of "SyncIntervalSec=", "tty path" of
    "TTYPath="."""
    return " ".join(w.lower() for w in re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+", key))


def _unjoined(text: str) -> str:
    """``text`` with words joined by an underscore or a hyphen apart: "tab length" for "tab_length"."""
    return re.sub(r"(?<=\w)[_-](?=\w)", " ", text)


def heads_entry(terms: set[str], chunk: Chunk) -> bool:
    """Whether ``chunk`` is in an entry that one of ``terms`` heads ("TESTING" over "Enable testing mode. ..."), as a
    reference's or a glossary's entries are headed; an option list's line that opens with it is not."""
    # A numbered section's number is no part of what heads it ("4.8.2 --help").
    heading = _HEADING_NUMBER.sub("", heading_of(chunk).lstrip(_BULLETS))
    if not heading:
        return False
    # Words are a glossary's term when the heading is them and nothing else ("decorator"), but for a section's number
    # or an article before them or another spelling in brackets after ("14.6 Brace Expansion", "The magic trailing
    # comma", "CORRECT (-0)"); "Nightly releases" heads a section about them, which need not open by saying what they are.
    bare = re.sub(r"^(?:the|an?)\s+", "", _HEADING_NUMBER.sub("", _HEADING_ARGUMENT.sub("", _HEADING_ALIAS.sub("", heading))).casefold().rstrip(":"))
    # A setting's words may be joined in its heading ("tab_length" for "tab length").
    bare = _unjoined(bare)
    if any(is_word_term(t) and bare in (_unjoined(t.casefold()), _unjoined(t.casefold()) + "s") for t in terms):
        return True
    # An acronym after the words it stands for heads their entry: "Don't repeat yourself (DRY)".
    if any(spells_out(t, heading) and _HEADING_ALIAS.search(heading) for t in terms):
        return True
    # Settings' keys, one or several that share the entry ("OnActiveSec=, OnBootSec="): each named by its key, with or
    # without its equals sign, or by its words run together ("sync interval" heads "SyncIntervalSec=").
    keys = [key.strip() for key in heading.split(",")]
    if all(_KEY.fullmatch(key) for key in keys) and any(
            f"{_key_words(key)} ".startswith(" ".join(words(t)) + " ") if is_word_term(t) else t.removesuffix("=") == key[:-1]
            for t in terms for key in keys):
        return True
    # A command's name over its synopsis ("setopt [ {+|-}options | {+|-}o option_name ] [ name ... ]").
    commands = "|".join(re.escape(t) for t in terms if re.fullmatch(r"[a-z][a-z0-9]*", t))
    if commands and re.match(rf"(?:{commands}){_SYNOPSIS}|(?i:the\s+)?(?:{commands})\s+{_KINDS}s?$", heading):
        return True
    # Or over its definition line, as a Texinfo manual writes one: its category, a colon, then the name and its
    # arguments, one or more to an entry ("Builtin: incr (number), Builtin: decr (number)", "Function: car (list)").
    if commands and re.search(rf"(?:^|,\s+){_CATEGORY}(?:{commands})(?:{_SYNOPSIS}|\s*(?:,|$))", heading):
        return True
    # A class a reference heads its entry with ("class Paginator(object_list, per_page)"), named as a word.
    classes = "|".join(re.escape(t) for t in terms if re.fullmatch(r"[A-Z]\w*", t))
    if classes and re.match(rf"(?:class|exception)\s+(?:[A-Za-z_]\w*\.)*(?:{classes})(?![\w-])", heading):
        return True
    terms = {t for t in terms if not is_word_term(t)}
    if not terms:
        return False
    # The API names also without their parentheses or module ("split()" is "str.split(sep=None)" too).
    names = "|".join(re.escape(t.removesuffix("()")) for t in sorted(terms, key=len, reverse=True))
    # Not a name inside it ("tenacity.retry.retry_base" is no entry of tenacity.retry).
    if re.match(rf"{_DEFINING}(?:[A-Za-z_][\w-]*\.)*(?:{names})(?![\w-]|\.\w)", heading):
        return True
    # A class's method, nested under its class: "get_template(name, parent=None)" (never another module's function).
    methods = "|".join(re.escape(m) for m in filter(None, map(method_name, terms)))
    if methods and re.match(rf"{_DEFINING}(?:{methods})\(", heading):
        return True
    # An option under the command it belongs to, as a list of commands heads its entries ("git branch -d <branch>").
    options = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True) if _OPTION.fullmatch(t))
    return bool(options) and bool(re.match(rf"(?:[a-z][\w.-]*\s+){{1,3}}(?:{options})(?![\w-])", heading))


# After an option in an option list: its argument ("=FILE", " NAME", "<n>"), then a comma or spaces before its other
# spelling (a manual page's "-d --decompress --uncompress"), or the colons that end a term of a definition list
# ("--quiet::", as AsciiDoc writes them).
_ARGUMENT = re.compile(r"(?:[= ](?:[A-Z][A-Z_]*\b|<[^>]*>|\[[^\]]*\]))?(,\s*|\s+(?=--?[A-Za-z])|:{1,2}\s*$)?")


def _leading_options(line: str) -> tuple[list[str], int]:
    """The options an option list's entry opens with, and where they end: "-o, --output=FILE writes ..." gives
    "-o" and "--output"."""
    found, at = [], 0
    while m := _OPTION.match(line, at):
        if re.match(r"\s*\\?[)\]]", line[m.end():]):
            # the end of a list in brackets a wrapped line opens with ("-mtime) from the beginning of today"), or of a
            # shell's escaped group ("-print0 \) is quite common")
            return [], 0
        found.append(m.group())
        after = _ARGUMENT.match(line, m.end())
        at = after.end()
        if not after.group(1) or after.group(1).startswith(":"):
            break
    return found, at


def is_prose(sentence: str) -> bool:
    """Whether ``sentence`` is a sentence of prose: four words or more, closing punctuation (or a colon before the
    example it introduces: "A bracket argument encloses content between brackets:"), no table cells; or three words
    without a label's colon or a figure, as a reference's summaries are short ("Enable testing mode.", not "Type:
    integer value." or "Since bash 4.")."""
    if " | " in sentence or not sentence.rstrip().endswith((".", "!", ":")):
        return False
    n = len(words(sentence))
    return n >= 4 or (n == 3 and not re.search(r"[:\d]", sentence))


# A parameter's description, as a reference lists them before its summary: "message – If not None, overrides message.",
# "Parameters: bearing – the new bearing", "modulePath {string|URL} The module to run in the child." (Node.js's).
_PARAMETER = re.compile(r"^\W*(?:(?:parameters?|arguments?|keyword\s+arguments?)\s*:?\s+)?[A-Za-z_]\w*\s+(?:–|—|--?|\{[^}]*\})\s", re.I)


# A setting's entry that opens by saying only what it takes ("Takes a boolean argument.", "Can take a boolean value."):
# what the setting does comes next.
_TAKES_ONLY = re.compile(r"\s*(?:takes|accepts|expects|can\s+take|may\s+take)\s+(?:a|an|one|two)\b[^.;:]{0,40}\.\s*$", re.I)


def _names_first(name: str, sentence: str) -> bool:
    """Whether ``sentence`` opens by saying what ``name`` is or does: the name (after "a" or "the", before the kind of
    thing it is) and a verb in the present ("The HTTP Core package provides ...", "Lampd switches ...").

    Example:
        >>> _names_first("HTTP Core", "The HTTP Core package provides a client."), _names_first("lampd", "Keep lampd lit.")
        (True, False)
        >>> _names_first("lampd", "The lampd plugin has been tested on Python 3.6."), _names_first("lampd", "A lampd is a lamp.")
        (False, True)
    """
    name_words, said = words(name.lower()), words(sentence.lower())
    said = said[1:] if said[:1] in (["a"], ["an"], ["the"]) else said
    if not name_words or said[: len(name_words)] != name_words:
        return False
    rest = said[len(name_words):]
    rest = rest[1:] if rest[:1] and rest[0] in PROGRAM_KINDS else rest
    return bool(rest) and bool(re.fullmatch(r"is|are|[a-z]+[^s']s", rest[0])) and rest[1:2] != ["been"]


def summary_first(terms: set[str], defined: list[Candidate]) -> list[Candidate]:
    """Candidates that define one of ``terms`` (best first), the summary of the best one's entry first: the best
    itself when it opens with the term (an option list's line, a glossary's), else its section's first sentence of
    prose ("Activate inspector on host:port."), past the version tables and stability notes a reference puts under
    the heading ("v20.13.0 | Watch mode is now stable.", "Stability: 2 - Stable") and what it takes ("Takes a
    boolean argument."), and past a README's motto (:func:`past_motto`)."""
    # A glossary's entry before any sentence that opens with the term ("exit status" over "The value returned by a
    # command to its caller.", before "exit status is a number specifying a signal number" of another entry).
    if entry := next((c for c in defined if _glossary_entry(terms, c.hit.chunk, c.text)), None):
        return [entry] + [c for c in defined if c is not entry]
    if not defined or _opens_with(terms, defined[0].text):
        return defined
    # An entry's table that gives each of the settings it heads a row of its own: the asked one's row.
    if row := next((c for c in defined if " | " in c.text and _opens_with(terms, c.text)), None):
        return [row] + [c for c in defined if c is not row]
    top = defined[0]
    entry = [c for c in defined if c.hit.chunk.source == top.hit.chunk.source and c.hit.chunk.section == top.hit.chunk.section
             and is_prose(c.text) and not _PARAMETER.match(_line_of(c).lstrip(_BULLETS)) and not _TAKES_ONLY.match(c.text)]
    entry.sort(key=lambda c: (c.hit.chunk.start, c.index))
    first = next((c for t in terms for c in past_motto(t, entry)), top)
    return [first] + [c for c in defined if c is not first]


def past_motto(name: str, opening: list[Candidate]) -> list[Candidate]:
    """``opening`` (sentences in document order), the one that says what ``name`` is or does first
    (:func:`_names_first`) when the first does not name it: a README may open with a motto ("Keep the light burning,
    whatever the weather.") before it says what its program does ("Lampd switches the harbour's lamps ..."). A first
    sentence that names it is no motto ("lampq.Queue is a list-like queue ...", before "lampq is also hashable"), nor
    one that points back to the title (:data:`_POINTS_BACK`).

    Example:
        >>> from types import SimpleNamespace
        >>> said = lambda *texts: [SimpleNamespace(text=t) for t in texts]
        >>> [c.text for c in past_motto("lampd", said("Keep it lit.", "Lampd switches lamps.", "It logs."))][0]
        'Lampd switches lamps.'
        >>> [c.text for c in past_motto("lampd", said("This is a little lamp switcher.", "Lampd logs."))][0]
        'This is a little lamp switcher.'
        >>> [c.text for c in past_motto("lampd", said("Lamps went dark in 1990.", "This package provides switches."))][0]
        'This package provides switches.'
    """
    if not opening or name.lower() in opening[0].text.lower() or _POINTS_BACK.match(opening[0].text):
        return opening
    return [*(c for c in opening if _names_first(name, c.text) or _POINTS_BACK.match(c.text)), *opening]


# A README's sentence that says what its program is without naming it, pointing back to the title over it: "This is a
# little HTTP/1.1 library written from scratch in Python", "This package provides metadata objects ...".
_POINTS_BACK = re.compile(rf"\W*(?:{_SAYS_WHAT_THAT_IS.pattern}|this\s+{PROGRAM_KIND}\s+{_PROVIDES}\b)", re.I)


def _line_of(c: Candidate) -> str:
    """The line of its passage that ``c`` starts on, from the line's start: a parameter's item, whichever of its
    sentences ``c`` is ("• detached {boolean} Prepare the child ... Specific behavior depends on the platform.")."""
    text = c.hit.chunk.text
    return text[text.rfind("\n", 0, c.start) + 1: c.end]


# A question that asks which entry of a reference does something ("Which option makes warnings fatal?", "What function
# returns the length?"): the answer is the name its entry is headed with, which the sentence under it seldom says.
_ASKS_WHICH_ENTRY = re.compile(r"^\W*(?:which|what)\s+(?:[\w-]+\s+)?(?P<kind>option|flag|switch|argument|parameter|function|method|"
                               r"command|setting|variable|attribute|class|exception|macro|builtin|directive|field|property|"
                               r"decorator|keyword)s?\s+(?!(?:is|are|was|were|does|do|did)\s+(?:the|an?)\b)", re.I)
# The heading an entry of some kinds must have to be what is asked for: an option's, a class's, an exception's.
_OPTION_HEADING = re.compile(r"--?\w")
_KIND_HEADING = {"option": _OPTION_HEADING, "flag": _OPTION_HEADING, "switch": _OPTION_HEADING,
                 "class": re.compile(r"class\s"), "exception": re.compile(r"(?:exception\s+)?[\w.]*(?:Error|Exception|Warning)\b")}
# An entry's heading that names code: an option ("-E, --fatal-warnings"), a signature ("len(s)", "class Path(*parts)"),
# a Texinfo definition line ("Builtin: incr (number)"), a key ("Storage=", "tab_length:").
_CODE_HEADING = re.compile(r"(?:--?[A-Za-z0-9]|(?:class|exception|def|async\s+def)\s+\w|[A-Z][a-z]+(?:\s[A-Za-z][a-z]+)?:\s+\S"
                           r"|[A-Za-z_][\w.]*\s*\(|[A-Za-z_][\w.-]*=|[A-Za-z_]\w*[_.]\w[\w.]*:?$)")


# The longest entry heading given whole with its quote; a longer signature is given by its name.
ENTRY_NAME_CHARS = 60


def entry_named(question: str, chunk: Chunk, quote: str) -> str | None:
    """The heading of the entry ``chunk`` stands in, when ``question`` asks which entry does something and the heading
    names code that ``quote`` does not say ("-E, --fatal-warnings" over "If specified exactly once, warnings become
    fatal"); else None.

    Example:
        >>> chunk = Chunk("c", "m4.html", "m4", 1, 0, 0, 9, "x", section="Options › -E, --fatal-warnings")
        >>> entry_named("Which option makes warnings fatal?", chunk, "Warnings become fatal.")
        '-E, --fatal-warnings'
        >>> entry_named("What does the -E option do?", chunk, "Warnings become fatal.") is None
        True
        >>> entry_named("Which exception makes warnings fatal?", chunk, "Warnings become fatal.") is None
        True
    """
    asked = _ASKS_WHICH_ENTRY.match(question)
    if not asked or terms_named(question):
        return None
    heading = heading_of(chunk).strip().rstrip(":")
    kind = _KIND_HEADING.get(asked.group("kind").lower())
    if not heading or not _CODE_HEADING.match(heading) or heading in quote or (kind and not kind.match(heading)):
        return None
    # A long signature by its name: "tenacity.retry()" for "tenacity.retry(func: WrappedFn) → WrappedFn, ...".
    name, bracket, _ = heading.partition("(")
    return f"{name.strip()}()" if bracket and len(heading) > ENTRY_NAME_CHARS else heading


def code_unnamed(terms: set[str], said: list[str]) -> bool:
    """Whether ``terms`` name code (one token that is an option or an API: :func:`is_word_term` is false) and none of it
    is in ``said`` (the quotes, their passages and the headings over them): "What does the brighten() function do?" of
    a reference that has no brighten. A method may be said without its class or module ("get_template" of
    "Environment.get_template"); only an option's case counts ("-k" is not "-K").

    Example:
        >>> code_unnamed({"brighten()"}, ["dim(lamp, level=5)", "Lower the flame."]), code_unnamed({"dim()"}, ["dim(lamp, level=5)"])
        (True, False)
        >>> code_unnamed({"Lamp.dim"}, ["dim(level)"]), code_unnamed({"lighthouse"}, ["A tower."])
        (False, False)
    """
    code = [t.removesuffix("()") for t in terms if not is_word_term(t) and not re.search(r"\s", t)]
    names = [re.compile(re.escape(name), 0 if t.startswith("-") else re.I) for t in code for name in {t, t.rpartition(".")[2]} if name]
    return bool(code) and not any(name.search(text) for name in names for text in said)


def with_definition(c: Candidate) -> Candidate:
    """An option list's term lines ("-d::", "--debug::": options and nothing else) quoted with the definition under them."""
    spans, text = c.hit.chunk.sentences, c.hit.chunk.text
    i = c.index
    while i + 1 < len(spans):
        line = text[spans[i][0]: spans[i][1]].strip()
        found, end = _leading_options(line)
        if not found or line[end:].strip():
            break
        i += 1
    return replace(c, end=spans[i][1]) if i != c.index else c
