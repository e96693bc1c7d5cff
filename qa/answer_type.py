"""Answer types: what kind of thing a question asks for, and where a sentence holds one.

A "when" question asks for a date, a "how many" question for a number, a "who"
question for a name. The learned answerer uses this twice: whether the chosen
sentence holds such a thing is one signal of its abstention decision, and the span
holding it is marked as the short answer inside the quote, for the kinds where
that marking was measured precise enough (``mark_kinds`` in the models' ``answering.json``).

Example:
    >>> kind_of("When did the keeper leave?"), kind_of("How many lamps were lit?"), kind_of("Why did it close?")
    ('date', 'number', None)
    >>> s = "The keeper left the lighthouse in March 1987."
    >>> a, b = best_span("date", s, "When did the keeper leave?")
    >>> s[a:b]
    'March 1987'
"""

from __future__ import annotations

import functools
import re

from .words import CODE, COMMAND, MANUAL_PAGE, NAME, NUMBER, STOP_WORDS, content_words, figures, normalize, stem, words

Span = tuple[int, int]

_MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
# The longest date form first, so "November 11, 2025" is one span and not three; dates in figures too, ISO's
# ("2015-12-28") and with slashes, either way round ("01/06/94", "12/28/2015").
DATE = re.compile(
    rf"\b(?:(?:1[0-9]|20)\d{{2}}-[01]\d-[0-3]\d|\d{{1,2}}/\d{{1,2}}/(?:\d{{4}}|\d{{2}})(?!/)|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{3,4}})?|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}(?:,?\s+\d{{3,4}})?|"
    rf"{_MONTH}\s+\d{{3,4}}|(?:the\s+)?\d{{3,4}}s|\d{{1,2}}(?:st|nd|rd|th)\s+century|(?:1[0-9]|20)\d{{2}}(?:\s*[–-]\s*\d{{2,4}})?|"
    r"(?:mon|tues|wednes|thurs|fri|satur|sun)day|"
    # A month named alone is a date after a preposition of time ("in October"; "may" alone is a verb), or as a
    # chronology's label ("June: the curl site moves to ...", under its year's heading).
    r"(?:(?:in|since|until|by|during|from|through|early|late)\s+|mid-)(?:january|february|march|april|may|june|july|august|"
    r"september|october|november|december)(?!\s*\d)|"
    r"(?-i:January|February|March|April|May|June|July|August|September|October|November|December)(?=:))\b",
    re.I)

_KINDS = (
    ("date", re.compile(r"\b(when|what year|which year|what date|what day|what month|what century|what decade|since when)\b", re.I)),
    ("number", re.compile(r"\b(how (many|much|long|old|far|big|large|high|tall|often)|what (percentage|percent|number|amount|proportion))\b", re.I)),
    ("name", re.compile(r"\b(who|whom|whose)\b", re.I)),
    ("reason", re.compile(r"\b(why|what (caused|causes|led to|prompted)|for what (reason|purpose)|how come)\b", re.I)),
    ("place", re.compile(r"\b(where|(what|which) (country|city|town|state|region|place|continent|island|location|area))\b", re.I)),
)
# Every kind of thing a question may ask for, in the order tried; the learned selector sees which one.
ASKED = tuple(kind for kind, _ in _KINDS)
# The kinds whose span in a sentence can be found (and marked as the short answer).
SPANNED = ("date", "number", "name")
# Words that give a cause or a purpose, and a capitalised name after a preposition of place.
_REASON = re.compile(r"\b(because|due to|owing to|as a result|in order to|so that|so as to|since|caus(e|ed|es|ing)|"
                     r"lead(s)? to|led to|result(s|ed)? in|reasons?|citing|in response to|to (avoid|prevent|protect|ensure))\b", re.I)
_PLACE = re.compile(r"\b(in|at|near|from|across|throughout|outside|inside)\s+(the\s+)?[A-Z][\w’'-]+")


def _first_kind(kinds: tuple[tuple[str, re.Pattern], ...], question: str) -> str | None:
    return next((kind for kind, pattern in kinds if pattern.search(question)), None)


def asks(question: str) -> str | None:
    """What the question asks for: one of :data:`ASKED`, or ``None`` (any other question)."""
    return _first_kind(_KINDS, question)


# The questions that cannot be answered without a thing of their kind: they open (after a preposition at most) by
# asking for a date or a count. A "when" inside a question ("What does Link say when attacking?") asks for none,
# and nor does one in the present or with a modal ("When should I use --force?" asks for a condition): only a
# "when" about the past asks for a time.
_PREPOSITION = r"^\W*(?:(?:in|on|by|since|until|from|during|at|for|to|of|about|approximately|roughly)\s+)?"
# So do the questions that ask for a value by naming its measure ("What key size ...", "Which port ...", "What is
# the population of ..."), up to two words before it ("What compression ratio"): on the SQuAD training data (the
# partial training set and dev articles 1-8) 49 of the 51 answerable ones had a number in their answer ("lower" was
# one that had not), and 10 unanswerable ones ask so too. "What is the maximum number of ...?" asks for a count: the 7
# such questions there were all answered by quotes with a number.
_MEASURES = (r"(?:size|ratio|rate|speed|temperature|population|depth|height|width|weight|price|fee|salary|budget|"
             r"capacity|age|percentage|port|number)s?")
_AUXILIARY = r"(?:does|did|do|is|was|are|were|has|have|had|can|could|will|would|should|shall|may|might|must)\b"
_DEMANDS = (
    ("date", re.compile(_PREPOSITION + r"(when\s+(did|was|were|had)\b|"
                        r"(what|which)\s+((exact|specific|precise|approximate)\s+)?(year|date|day|century|decade)\b)", re.I)),
    ("number", re.compile(_PREPOSITION + r"(how\s+(many|much)|what\s+(percentage|percent|number|amount|proportion)|"
                          rf"(what|which)\s+(?:(?:is|was|are|were)\s+the\s+)?(?:(?!{_AUXILIARY})[\w-]+\s+){{0,2}}?{_MEASURES})\b", re.I)),
)
# "When did it happen?" takes "in spring" for an answer; "In what year?" and "On what exact date?" do not.
_ASKS_WHEN = re.compile(_PREPOSITION + r"when\b", re.I)


def demands(question: str) -> str | None:
    """``"date"`` or ``"number"`` when ``question`` cannot be answered without one ("When did ...", "How many ..."), else None."""
    return _first_kind(_DEMANDS, question)


# A time that is no date but answers "when did it happen?": a season, a time of day, a time relative to now.
_SEASON = r"spring|summer|autumn|fall|winter|morning|afternoon|evening|night|weekend"
_TIME = re.compile(
    rf"\b(?:(?:in|during|by|until|since|through|early|late|last|next|this|that)\s+(?:the\s+)?(?:{_SEASON})|(?-i:Spring|Summer|Autumn|Fall|Winter)(?=:)|"
    r"at\s+(?:dawn|dusk|noon|midnight|night|sunrise|sunset)|yesterday|today|tonight|tomorrow|"
    r"(?:this|last|next|that|the following|the previous)\s+(?:week|month|year|decade|century)|"
    r"(?:days?|weeks?|months?|years?|decades?)\s+(?:ago|later|earlier))\b", re.I)


# "How much" with a word of money asks an amount of money, or a share ("How much of the revenue ...?" "32%"): on the
# SQuAD training data (partial training set and dev articles 1-8) all 26 answerable such questions had a currency, a
# word of money or a percentage at their answer's number; 12 unanswerable ones ask so too.
_ASKS_COST = re.compile(r"\bhow\s+much\b.*\b(?:cost|costs|costed|price|prices|priced|pay|pays|paid|spend|spent|charge|charges|"
                        r"charged|fee|fees|earn|earns|earned|worth|revenue|budget|salary)\b"
                        # or what a price is ("What is the price of httpcore?"): there, 9 answerable such questions, each
                        # answered with a currency or a share, and 4 unanswerable ones
                        r"|\bwhat\s+(?:is|was|are|were)\s+the\s+(?:\w+\s+)?(?:price|cost|fee|salary)s?\b", re.I)
_MONEY_BEFORE = re.compile(r"(?:[$£€¥]|\b(?:US|USD|GBP|EUR|Rs)\.?)\s*$")
_MONEY_AFTER = re.compile(r"\s*(?:%|(?:per\s*cent|percent|dollars?|pounds?|euros?|cents?|pence|yen|yuan|francs?|marks?|"
                          r"rupees?|roubles?|rubles?|lire|pesos?|USD|GBP|EUR)\b)", re.I)


_HOW_MANY = re.compile(r"\bhow\s+many\b(?!\s+of\b)", re.I)  # "how many of the buildings" asks a share too


def _is_share(quote: str, span: Span) -> bool:
    """Whether the number at ``span`` of ``quote`` is a share: "100%", "15 per cent"."""
    a, b = span
    return bool(re.search(r"%|per\s*cent|percent", quote[a:b], re.I) or re.match(r"\s*(?:%|per\s*cent\b|percent\b)", quote[b:], re.I))


def _money(quote: str, span: Span) -> bool:
    """Whether the number at ``span`` of ``quote`` is an amount of money or a share: "$5", "US$ 3 million", "4%"."""
    a, b = span
    return bool(_MONEY_BEFORE.search(quote[max(0, a - 5):a]) or _MONEY_AFTER.match(quote, b) or _is_share(quote, span))


# A software's change is dated by its version: "When was Python 2 support removed?" is answered by "Support for
# formatting Python 2 code was removed in version 22.0."
_IN_VERSION = re.compile(r"\b(?:in|since|from|as\s+of|with|until)\s+(?:version|release|v)\s?\d+(?:\.\d+)*\b", re.I)


# A question that asks in which version something happened ("In which Lampd release did dimming become stable?",
# "Since which version ...", "Which Lampd version added dimming?", a verb of change after it): a version is its answer.
# Not "Which version of Perl should I use?", which a recommendation answers. On the SQuAD training data (partial
# training set and dev articles 1-8) one question asks so, "Which version of iTunes was introduced with ...?", and its
# answer gives one ("iTunes 7").
_ASKS_IN_VERSION = re.compile(r"^\W*(?:(?:in|since|from|as\s+of|until)\s+(?:which|what)\s+(?:[\w.+-]+\s+){0,2}?(?:version|release)s?\b"
                              r"|(?:which|what)\s+(?:[\w.+-]+\s+){0,2}?(?:version|release)\s+(?:of\s+[\w.+-]+\s+)?(?:was\s+|were\s+)?"
                              r"(?:first\s+)?(?:introduc|add|remov|dropp|deprecat|brought|fix|chang|ship|rewr|includ|support)\w*\b)", re.I)
# A question that asks which version of a thing is the newest: "What is the latest released version of lampd?", "What's
# the current stable release?". Only a version answers it.
_ASKS_LATEST_VERSION = re.compile(r"^\W*(?:what|which)(?:\s+is|['’]s)\s+(?:the\s+)?(?:latest|current|newest|most\s+recent|last)"
                                  r"(?:\s+(?:released|stable|public))?\s+(?:version|release)\b", re.I)
# A section's number before its title ("2.6 The treemagic element") numbers no release, as a changelog's heading does
# ("4.17.0 / 2019-05-16", "NEWS for rsync 3.4.2 (28 Apr 2026)").
_SECTION_NUMBER = re.compile(r"^\s*\d+(?:\.\d+)*\.?\s+[^\W\d]")


# A question for which versions of a named thing another supports or needs ("Which Python versions does lampd
# support?", "What Python version does lampd require?"): only that thing's name with a version number answers it
# ("Supports Python 3.7 or higher", "Tested on CPython 2.7, 3.7 and 3.8").
_ASKS_PRODUCT_VERSION = re.compile(r"^\W*(?i:which|what)\s+(?:(?i:is|are)\s+the\s+(?i:minimum|minimal|oldest|lowest|earliest|required)\s+)?"
                                   r"(?P<name>[a-z]*[A-Z][\w.+-]*)\s+(?i:versions?\s+(?:does|do|did|is|are|was|were|can|supported|required|needed))\b")
# A question that asks which version of a thing something is or has: "Which version of llhttp is bundled with
# httptools?", "Which upstream version of bash is the package based on?". Only a version answers it; not "Which version
# of Perl should I use?", which a recommendation answers, nor "Which version of lampd is this?" (_ASKS_OWN_VERSION); a
# thing named with an article is seldom a program ("Which version of the theme was used in the movie?": "the demo").
_ASKS_WHICH_VERSION = re.compile(r"^\W*(?:which|what)\s+(?:[\w-]+\s+){0,2}?version\s+of\s+[\w.+-]+\s+"
                                 r"(?:is|was|are|were|does|do|did|has|had)\b(?!\s+this\W*$)(?!.*\b(?:should|recommend\w*|best|prefer\w*)\b)", re.I)

# The most characters between a name and the dotted version number that is its version ("Python, i.e. 3.9+").
_VERSION_AFTER = 12


def _product_version(name: str) -> re.Pattern:
    """A version of ``name`` as a sentence gives it: the name, or one ending in it ("CPython"), then a number, or a
    dotted number a few characters on ("Python, i.e. 3.9+"); not a command named so ("python3 -m pip install x")."""
    return re.compile(rf"(?<![\w.-])\w*{re.escape(name)}(?:\s*v?\d+(?![\d.]*\s+--?[a-z])|[^\d\n]{{0,{_VERSION_AFTER}}}?\d+\.\d+)", re.I)


def asks_product_version(question: str) -> bool:
    """Whether ``question`` asks which versions of a thing it names ("Which Python versions does lampctl support?")."""
    return bool(_ASKS_PRODUCT_VERSION.match(question))


# What a sentence says of versions no longer or never supported ("Compatibility with Python 3.4 and 3.5 is no longer
# tested", "Drop support for python 3.7"): not which ones are, unless that is what is asked ("Which Python versions
# were dropped?").
_UNSUPPORTED = re.compile(r"\b(?:no\s+longer|not|never|n't|drop(?:s|ped)?|remov(?:e|es|ed)|deprecat\w*|end(?:s|ed)?\s+support)\b", re.I)


def gives_unsupported(question: str, sentence: str) -> bool:
    """Whether ``sentence`` says which versions are not supported when ``question`` does not ask that.

    Example:
        >>> asked = "Which Python versions does lampctl support?"
        >>> gives_unsupported(asked, "Python 3.4 is no longer tested"), gives_unsupported(asked, "Supports Python 3.7 or higher")
        (True, False)
    """
    return not _UNSUPPORTED.search(question) and bool(_UNSUPPORTED.search(sentence))


def gives_product_version(question: str, sentence: str) -> bool:
    """Whether ``question`` asks which versions of a named thing ("Which Python versions does X support?") and
    ``sentence`` gives one of that thing's.

    Example:
        >>> asked = "Which Python version does lampctl require?"
        >>> gives_product_version(asked, "Python 3.8+"), gives_product_version(asked, "lampctl 2.0")
        (True, False)
    """
    product = _ASKS_PRODUCT_VERSION.match(question)
    return product is not None and bool(_product_version(product["name"]).search(sentence))


# A question that asks which version of a thing the document itself is of: "Which version of libpng is this?", "What
# lampd version is this?".
_ASKS_OWN_VERSION = re.compile(r"^\W*(?:which|what)\s+(?:version\s+of\s+(?:the\s+)?(?P<of>[\w.+-]+)|(?P<name>[\w.+-]+)\s+version)"
                               r"\s+is\s+this\W*$", re.I)
# A sentence that says which version the text is of, without naming the thing: "This is the new version (1.47.0) of the
# second extended file system management programs."
_THIS_VERSION = re.compile(r"\W*this\s+is\s+(?:\w+\s+){0,3}?(?:version|release)\W{0,3}v?\d+(?:\.\d+)+", re.I)


def gives_own_version(question: str, sentence: str) -> bool:
    """Whether ``question`` asks which version of a thing the document is of and ``sentence`` gives it: the thing's name
    with a number ("README for libpng version 1.6.39"), or "this is" a version.

    Example:
        >>> asked = "Which version of lampd is this?"
        >>> gives_own_version(asked, "README for lampd version 2.4.1"), gives_own_version(asked, "This is release 2.4.1.")
        (True, True)
        >>> gives_own_version(asked, "Version 0.9 was the first release."), gives_own_version("Which version is best?", "lampd 2.4")
        (False, False)
    """
    asked = _ASKS_OWN_VERSION.match(question)
    return asked is not None and bool(_product_version(asked["of"] or asked["name"]).search(sentence) or _THIS_VERSION.match(sentence))


def own_version_unsaid(question: str, quotes: list[str]) -> bool:
    """Whether ``question`` asks which version of a thing the document is of (:func:`gives_own_version`) and none of
    ``quotes`` gives a version: "All of these programs except 'test' recognize the '--version' option." says none.

    Example:
        >>> asked = "Which version of lampd is this?"
        >>> own_version_unsaid(asked, ["Every lamp knows the --version option."]), own_version_unsaid(asked, ["lampd 2.4.1"])
        (True, False)
    """
    return bool(_ASKS_OWN_VERSION.match(question)) and not any(_VERSION.search(quote) for quote in quotes)


# What says that someone did a thing before and no longer does: "former maintainer", "formerly led".
_FORMER = re.compile(r"\b(?:former(?:ly)?|previous(?:ly)?|ex-|erstwhile|retired)\s*([\w-]+)", re.I)
# The words of a question that asks who did a thing once, not who does it now.
_ASKS_BEFORE = frozenset("did was were had former formerly previous previously original originally first once used past".split())


def says_former(question: str, sentence: str) -> bool:
    """Whether ``sentence`` names someone who did what ``question`` asks who does now ("Who maintains lampd?") before,
    and no longer: "Ida Penrose (former maintainer, 1998-2018)".

    Example:
        >>> says_former("Who maintains lampd?", "Ida Penrose (former maintainer, 1998-2018)")
        True
        >>> says_former("Who maintains lampd?", "Ida Penrose (current maintainer)"), says_former("Who maintained lampd?", "Ida (former maintainer)")
        (False, False)
    """
    if not re.match(r"\W*who\b", question, re.I) or _FORMER.search(sentence) is None:
        return False
    said = words(question)
    if _ASKS_BEFORE & set(said) or any(w.endswith("ed") for w in said):
        return False
    asked = content_words(question)
    # the role's word, or the verb's ("maintainer" of "maintains", "leader" of "leads"); not any word of a letter's
    return any(any(s == a or len(a) >= _VERB_STEM and s.startswith(a) for a in asked)
               for s in content_words(" ".join(m[1] for m in _FORMER.finditer(sentence))))


# The fewest letters of a verb's stem that a role's word opens with ("lead" of "leader").
_VERB_STEM = 3


def lacks(question: str, quotes: list[str], headings: list[str] = ()) -> bool:
    """Whether ``question`` demands a date or a number (:func:`demands`), or a version (:data:`_ASKS_IN_VERSION`), that
    none of ``quotes`` gives: an answer without it cannot be right, and it is what a question about a figure the
    documents never give looks like. A version may be given by a quote's ``headings`` too, as a changelog heads the
    changes of each release with its number ("4.17.0 / 2019-05-16" over "Add express.raw").
    For "when", a season, a time of day, a time relative to now or a version counts too ("in spring", "earlier this
    week", "in version 22.0"); for "how much" of money, only an amount of money or a share does; for "Which Python
    versions ...", only a version of Python (:data:`_ASKS_PRODUCT_VERSION`); for the latest version, or which version of
    a thing something holds, only a version (:data:`_ASKS_LATEST_VERSION`, :data:`_ASKS_WHICH_VERSION`)."""
    kind = demands(question)
    if asks_product_version(question):
        return not any(gives_product_version(question, quote) for quote in [*quotes, *headings])
    if _ASKS_LATEST_VERSION.match(question):
        return not any(_VERSION.search(quote) for quote in [*quotes, *headings])
    if _ASKS_WHICH_VERSION.match(question):
        return not any(gives_version(question, quote) for quote in [*quotes, *headings])
    if _ASKS_IN_VERSION.search(question):
        releases = [h for h in headings if not _SECTION_NUMBER.match(h)]
        return not any(gives_version(question, quote) for quote in [*quotes, *releases])
    if kind is None:
        return False
    loose = kind == "date" and _ASKS_WHEN.search(question)
    if kind == "number" and _ASKS_COST.search(question):
        return not any(_money(quote, span) for quote in quotes for span in _counts(quote, question))
    if kind == "number":
        # "How many developers voted?" counts them: a share ("100% free") is no count of anything.
        shares = _HOW_MANY.search(question) and not _PERCENT.search(question)
        return not any(not (shares and _is_share(quote, span)) for quote in quotes for span in _counts(quote, question))
    return not any(spans(kind, quote, question) or (loose and (_TIME.search(quote) or _in_version(quote, question))) for quote in quotes)


def _in_version(quote: str, question: str = "") -> bool:
    """Whether ``quote`` dates something by a version: "in version 22.0", "ended with R 1.7.1" (a name before a
    dotted number; not "in Section 2.3"), "in the Etch (Debian 4.0) release"; or by a release of a program the
    ``question`` names in lower case, as programs are ("removed in adduser 3.125" for "When was it removed from adduser?").

    Example:
        >>> _in_version("It was dropped in the Etch (Debian 4.0) release."), _in_version("It was dropped in Etch.")
        (True, False)
        >>> _in_version("It was removed in lampd 3.125.", "When was it removed from lampd?"), _in_version("It was removed in lampd 3.125.")
        (True, False)
    """
    asked = {w.lower() for w in re.findall(r"[\w+-]+", question)}
    return bool(_IN_VERSION.search(quote) or _IN_CODENAME.search(quote)
                or any(not re.fullmatch(_PART_LABELS, m.group(1), re.I) for m in _IN_RELEASE.finditer(quote))
                or any(m.group(1) in asked for m in _IN_RELEASE_OF.finditer(quote)))


# What puts a year-shaped number in a date ("in 1997", "June 1997", "1997's"): then it counts nothing. Before a noun
# it may ("1000 people were injured"); on SQuAD's training answers, 2 of 505 "how many" answers are year-shaped, both counts.
_YEAR_BEFORE = re.compile(rf"(?:\b(?:in|since|by|until|from|during|of|before|after|around|circa|early|late|mid|copyright|{_MONTH})\s*"
                          r"|\([cC]\)\s*|©\s*|\b(?:1[5-9]|20)\d\d\s*,\s*|-)$", re.I)


# The words that number a part of a text or a stage of a thing: "chapter 11", "step 3", "part 2".
_PART_LABELS = r"chapter|section|figure|fig|table|page|step|item|no|part|appendix|article|phase|stage"
# A release after a preposition of time, by its product's name and a dotted number: "with R 1.7.1", "in Emacs 24.1".
_IN_RELEASE = re.compile(r"\b(?:in|since|from|as\s+of|with|until)\s+(?:[A-Z][\w+-]*\s+)?([A-Z][\w+-]*)\s+v?\d+(?:\.\d+)+\b")
# A release of a program named in lower case: "in adduser 3.125", "since glibc 2.34".
_IN_RELEASE_OF = re.compile(r"\b(?:in|since|from|as\s+of|with|until)\s+([a-z][\w+-]*)\s+v?\d+(?:\.\d+)+\b")
# A release by its code name with its product's name and number in brackets: "in the Etch (Debian 4.0) release", "in
# Jessie (Debian 8)".
_IN_CODENAME = re.compile(r"\b(?:in|since|from|as\s+of|with|until)\s+(?:the\s+)?[A-Z][\w+-]*\s+\([A-Z][\w+-]*\s+v?\d+(?:\.\d+)*\)")
# A label before a number makes it a name, not an amount: "version 2", "chapter 11", "RFC 2616", "step 3".
_LABEL_BEFORE = re.compile(rf"\b(?:{_PART_LABELS}|version|v|rfc|iso|clause|model|series|release)\.?\s*$", re.I)


# A name before a number makes it a name too ("Python 3", "Debian 11", "Windows 10"): a capitalised word that does
# not open its sentence. On the SQuAD training data (partial training set and dev articles 1-8) 2 of the 603 answers
# of questions that demand a number follow one, both shares ("Japanese 0.3%"): a number with a unit stays.
_NAME_BEFORE = re.compile(r"(?<=[\w,;:)] )[A-Z][a-z]+\s$")


def _counts(quote: str, question: str) -> list[Span]:
    """The numbers of ``quote`` that can answer a count: the question's own, the years of dates, the digits inside
    a name ("v8", "x86_64", "prime256v1") and a label's number ("version 2") left out; of the 603 SQuAD training
    questions that demand a number, none loses its gold answer to these."""
    # A day or a year in a date of more than one part ("January 26, 1996", "26 May") counts nothing either, nor a
    # manual page's section after its name ("git-clone(1)", "resolver(3)").
    dated = [m.span() for m in DATE.finditer(quote) if not re.fullmatch(r"\d+", m.group())]
    dated += [m.span() for m in re.finditer(MANUAL_PAGE, quote)]
    return [(a, b) for a, b in spans("number", quote, question)
            if not any(x <= a and b <= y for x, y in dated) and not (_YEAR.fullmatch(quote[a:b]) and _YEAR_BEFORE.search(quote[max(0, a - 12):a]))
            and not (a and (quote[a - 1].isalpha() or quote[a - 1] == "_")) and not _LABEL_BEFORE.search(quote[max(0, a - 12):a])
            # nor a bound of a dependency's version ("lampd (>= 20130119)")
            and not re.search(r"[<>=]=?\s*$", quote[max(0, a - 4):a])
            and not (_NAME_BEFORE.search(quote[max(0, a - 20):a]) and re.fullmatch(r"[\d.,]+", quote[a:b]))]


def kind_of(question: str) -> str | None:
    """``"date"``, ``"number"``, ``"name"`` or ``None`` (any other question): the kinds whose span can be found."""
    kind = asks(question)
    return kind if kind in SPANNED else None


def cues(sentence: str, question: str = "") -> set[str]:
    """The kinds of :data:`ASKED` that ``sentence`` holds (names, numbers and dates the question does not already name)."""
    found = {kind for kind in SPANNED if spans(kind, sentence, question)}
    if _REASON.search(sentence):
        found.add("reason")
    if _PLACE.search(sentence):
        found.add("place")
    return found


def spans(kind: str | None, sentence: str, question: str = "") -> list[Span]:
    """The spans of ``sentence`` holding a thing of ``kind`` that the question does not already name."""
    asked = set(words(question))
    if kind == "date":
        found = [m.span() for m in DATE.finditer(sentence)]
    elif kind == "number":
        found = [m.span() for m in NUMBER.finditer(sentence) if m.group().lower() not in {"several", "many", "few"}]
        # A number and the unit after it ("75 people", "3.5 million") read as one answer.
        found = [_with_unit(sentence, a, b) for a, b in found]
        found = [s for s in found if not any(x[0] <= s[0] and s[1] <= x[1] and x != s for x in found)]
    elif kind == "name":
        # A capitalised function word is no name: "This" or "The" opening a sentence, "It" after a colon.
        found = [m.span() for m in NAME.finditer(sentence)
                 if re.search(r"[A-Z][a-z]", m.group()) and m.group().lower() not in STOP_WORDS]
    else:
        return []
    return [(a, b) for a, b in found if not (set(words(sentence[a:b])) <= asked or (kind == "name" and _named_as_asked(sentence[a:b], asked)))]


def _named_as_asked(name: str, asked: set[str]) -> bool:
    """Whether the name ends in a word of the question (``asked``): it is what the question asks about, not the answer
    ("GNU Emacs" for "Who wrote the first Emacs tutorial?"); "The European Commission" may answer a question about
    the European Union. On the SQuAD training data (partial training set, dev articles 1-8) it moved no answer."""
    last = words(name)[-1:]
    return bool(last) and last[0] in asked and last[0] not in STOP_WORDS


def holds(question: str, sentence: str) -> bool:
    """Whether ``sentence`` holds the kind of thing ``question`` asks for (never, for a question of no kind)."""
    return bool(spans(kind_of(question), sentence, question))


def gives_measure(question: str, sentence: str) -> bool:
    """Whether ``question`` asks for a value by naming its measure ("What is the default weight ...?", which
    :func:`asks` takes for no kind) and ``sentence`` gives a number that can be it."""
    return kind_of(question) is None and demands(question) == "number" and bool(_counts(sentence, question))


def _with_unit(sentence: str, a: int, b: int) -> Span:
    m = re.match(r"(?:[.,]\d+)?(?:\s+(?:hundred|thousand|million|billion|percent|per cent))?(?:\s*%)?", sentence[b:], re.I)
    return a, b + (m.end() if m else 0)


# What belongs to a count as its answer, and what tells the count asked for from the others of a sentence; each
# measured on the SQuAD training data (see HEURISTIC_MARKS in qa.answer): a qualifier before it ("over 90%"),
# a currency sign ("$457 million"), a unit of time after it for "how long" ("380 years"), a word after it ("28 days").
_QUALIFIER = re.compile(r"(?:(?:just|well|slightly)\s+)?(?:over|under|about|around|nearly|almost|approximately|roughly|"
                        r"some|more\s+than|less\s+than|fewer\s+than|at\s+least|at\s+most|up\s+to|only)\s+$", re.I)
_CURRENCY = re.compile(r"(?:US|C|A|HK)?[$£€¥]\s?$")
_TIME_UNIT = re.compile(r"\s*-?\s*(?:years?|months?|weeks?|days?|hours?|minutes?|seconds?|decades?|centuries|century)\b", re.I)
_NEXT_WORD = re.compile(r"\s+([a-z][a-z-]+)\b")
# Words after a number that are not what it counts ("one year from now", "12 more"): the stop words, prepositions, comparatives.
_NOT_COUNTED = STOP_WORDS | frozenset("from after before over under per than since until about between among during through "
                                      "across each every more less most least times".split())
_ORDINAL = re.compile(r"(?:st|nd|rd|th)\b")
_YEAR = re.compile(r"(?:1\d|20)\d\d")
_HOW_LONG = re.compile(r"^\W*how\s+(?:long|old)\b", re.I)
_PERCENT = re.compile(r"percent|percentage", re.I)
_MONEY = re.compile(r"\bhow\s+much\b.*\b(?:cost|pay|paid|earn|spend|spent|money|cash|price|worth|raise|budget|fund|revenue|"
                    r"fee|salary)|\bhow\s+much\s+money\b", re.I)
_COUNTED = re.compile(r"\bhow\s+(?:many|much)\s+((?:[\w'-]+\s+){0,2}[\w'-]+)", re.I)


def _hyphenated(found: list[Span], sentence: str) -> list[Span]:
    """Spans joined where a hyphen joins them: "Seventy-five" is one number, not "Seventy" and "five"."""
    out: list[Span] = []
    for a, b in found:
        if out and sentence[out[-1][1]:a] == "-":
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


def _count(sentence: str, span: Span, question: str) -> Span:
    """A number's span grown to the answer it gives: its qualifier, its currency, its unit of time, the word after it."""
    a, b = span
    if m := _CURRENCY.search(sentence[max(0, a - 4):a]):
        a -= len(m.group())
    if m := _QUALIFIER.search(sentence[max(0, a - 24):a]):
        a -= len(m.group())
    if _HOW_LONG.search(question) and (m := _TIME_UNIT.match(sentence[b:])):
        return a, b + m.end()
    if (m := _NEXT_WORD.match(sentence[b:])) and m.group(1) not in _NOT_COUNTED and not m.group(1).endswith(("ed", "ing")):
        b += m.end()
    return a, b


def _count_fits(sentence: str, span: Span, question: str) -> float:
    """How well the count at ``span`` fits what is counted: not a year, a percentage or a sum of money when one is
    asked for, and beside the thing the question counts ("How many people ..." and "6,000 people")."""
    text = sentence[span[0]:span[1]]
    fit = -float(bool(_YEAR.fullmatch(text.strip())))
    if _PERCENT.search(question):
        fit += bool(re.search(r"%|per\s?cent", text, re.I))
    if _MONEY.search(question):
        fit += bool(re.search(r"[$£€¥]", text) or re.search(r"dollars|pounds|euros|yuan", sentence[span[1]:span[1] + 12]))
    if m := _COUNTED.search(question):
        fit += 0.5 * bool(content_words(m.group(1)) & content_words(sentence[span[0]:span[1] + 30]))
    return fit


def best_span(kind: str | None, sentence: str, question: str) -> Span | None:
    """The span of ``kind`` nearest the question's own words in ``sentence`` (the thing asked about), or None.

    A count is grown to the answer it gives and chosen first by how well it fits what is counted (:func:`_count_fits`);
    an ordinal ("the 52nd") is no count.
    """
    found = spans(kind, sentence, question)
    fit = lambda s: 0.0  # noqa: E731
    if kind == "number":
        found = [_count(sentence, s, question) for s in _hyphenated(found, sentence) if not _ORDINAL.match(sentence[s[1]:])]
        fit = lambda s: _count_fits(sentence, s, question)  # noqa: E731
    if not found:
        return None
    asked = content_words(question)
    anchors = [m.start() for m in re.finditer(r"\w+", sentence) if content_words(m.group()) & asked]
    return max(found, key=lambda s: (fit(s), -min((abs(s[0] - x) for x in anchors), default=0)))


# A marked short answer may carry this many words beyond a gold answer ("in March 1987" for "March 1987").
MARK_SLACK = 2


def is_gold(marked: str, answers) -> bool:
    """Whether the marked short answer is one of ``answers``: the same words, or one of them with at most
    :data:`MARK_SLACK` words more (SQuAD-normalised). How marking's precision is measured, in training and evaluation."""
    got = normalize(marked)
    return any(got == gold or (gold and gold in got and len(got.split()) <= len(gold.split()) + MARK_SLACK)
               for gold in map(normalize, answers))


def another_figure(question: str, sentence: str) -> bool:
    """Whether ``sentence`` gives a number shaped like one ``question`` names, but never the question's own: "Debian
    2.1 was released ..." for "When was Debian 1.1 released?", a sentence of 2003 for "What happened in November 2002?".

    Example:
        >>> another_figure("When was Debian 1.1 released?", "Debian 2.1 was released in 1999.")
        True
        >>> another_figure("When was Debian 1.1 released?", "Debian 1.1 and 2.1 were released in 1996 and 1999.")
        False
    """
    asked = figures(question)
    said = figures(sentence)
    shape = lambda figure: re.sub(r"\d", "9", figure)  # noqa: E731
    return bool(asked) and not asked & said and bool({shape(f) for f in asked} & {shape(f) for f in said})


# A question that asks how to do something ("How do I install HTTPX?", "How can I cancel a job?", "How to delete a
# branch?"), and a sentence that tells the reader what to do: a command ("$ pip install httpx", "pip install tqdm"), or an
# order ("Install HTTPX using pip:", "For at tasks, run atrm task-number.", "Or, to include HTTP/2 support, use:").
# "How do I ...?", a follow-up's "And how do I save them?", "What should I do if ...?", and a question that asks for
# the command, option or key that does it ("Which command installs tqdm?"; none of SQuAD's 7,524 training and dev 1-8
# questions asks so).
_ASKS_HOW_TO = re.compile(r"^\W*(?:(?:and|so|but|then|ok|okay)\W+)?(?:how\s+(?:(?:do|can|could|should|would|may|might)\s+(?:i|you|we|one)|to)|"
                          r"what\s+(?:do|can|could|should|must|shall)\s+(?:i|you|we|one)\s+do|"
                          r"(?:which|what)\s+(?:command|option|flag|key)s?)\b", re.I)
_ORDERS = "run use type press enter execute invoke call install set add pass create delete remove edit open put click select choose tell".split()
# An order opens its sentence with a capital ("Install ..."); a lower-case line that opens with one describes an option
# ("delete the branch <branch> irrespective of its merged status"). After a colon, a comma or "then" it needs none,
# and any verb after "please" is one ("..., please send e-mail to the user mailing list"), but a warning's ("Please
# keep in mind that ...", "please note") or a pointer's ("please see the FAQ").
_INSTRUCTION = re.compile(rf"(?m)^\s*(?:\$|%|>>>|#)\s|{COMMAND.pattern}"
                          rf"|(?:^\W*(?:(?:Or|Then|Now|Next|First|Finally)\b\W*(?:{'|'.join(_ORDERS)})|(?:{'|'.join(w.capitalize() for w in _ORDERS)}))"
                          rf"|(?:[:;,]\s+|\bthen\s+)(?:{'|'.join(_ORDERS)}))\b(?!\s+(?:of|by|for|in|to|is|are)\b)"
                          r"|\b[Pp]lease\s+(?!(?:note|keep\s+in\s+mind|be\s+aware|remember|see|refer)\b)[a-z]+"
                          # A manual's way to say what to type: the named command, key or option and what it does
                          # ('The "$" command moves the cursor to the end of a line.', "The -c option makes bash read ...").
                          r"|\b[Tt]he\s+(?:[\"“'`][^\"”'`\n]{1,24}[\"”'`]|--?\w[\w-]*)\s+(?:command|key|option|flag|operator)\s+"
                          r"(?!(?:is|was|has|does)\b)[a-z]+s\b")


# What the reader can do, as documentation says it without an order: "You can use the -r option to see details", and
# what code is for: "monkeypatch.setenv and monkeypatch.delenv can be used for these patches."
_YOU_CAN = re.compile(rf"\b(?:you|one|we)\s+(?:can|could|may|should|must|need\s+to|have\s+to)\s+(?:also\s+|then\s+|simply\s+|just\s+)?"
                      rf"(?:{'|'.join(_ORDERS)})\b(?!\s+(?:of|by|for|in|to|is|are)\b)", re.I)
_USED_FOR = re.compile(r"\bcan\s+be\s+used\s+(?:to|for)\b", re.I)


def gives_instruction(question: str, sentence: str) -> bool:
    """Whether ``question`` asks how to do something and ``sentence`` tells the reader what to do.

    Example:
        >>> gives_instruction("How do I install HTTPX?", "Install HTTPX using pip:")
        True
        >>> gives_instruction("How do I install HTTPX?", "HTTPX requires Python 3.9+.")
        False
        >>> asked = "How do I see details about skipped tests?"
        >>> gives_instruction(asked, "You can use the -r option to see details."), gives_instruction(asked, "You can be sure.")
        (True, False)
        >>> gives_instruction(asked, "We can tell pytest to show them with -r."), gives_instruction(asked, "We can see them.")
        (True, False)
        >>> gives_instruction("How do I set an environment variable?", "monkeypatch.setenv can be used for these patches.")
        True
    """
    return bool(_ASKS_HOW_TO.match(question)) and bool(
        _INSTRUCTION.search(sentence) or _YOU_CAN.search(sentence) or (_USED_FOR.search(sentence) and CODE.search(sentence)))


# A sentence labelled as the problem a troubleshooting entry is about ("Problem: Nginx buffers responses by default"):
# its "Solution:" says what to do, never the problem.
_STATES_PROBLEM = re.compile(r"\W*(?:problem|issue|symptoms?|cause)\s*:", re.I)
SOLUTION_LABEL = re.compile(r"\W*(?:solution|fix|workaround|resolution|remedy)\s*:", re.I)


def states_problem(question: str, sentence: str) -> bool:
    """Whether ``question`` asks how to do something and ``sentence`` is labelled as a problem, which tells nothing
    to do.

    Example:
        >>> asked = "How do I stop Nginx from buffering events?"
        >>> states_problem(asked, "Problem: Nginx buffers responses."), states_problem(asked, "Solution: Add the header.")
        (True, False)
    """
    return bool(_ASKS_HOW_TO.match(question)) and bool(_STATES_PROBLEM.match(sentence))


# A question that asks for a version ("Which Python version introduced ...?", "In what release of bash ...?"), and a
# version: a number with a dot ("3.7", "bash-5.1", "4.0.2", not a decimal's "3.5 million"), or a whole number after
# "version", "release" or "v", or after a name the question gives ("iTunes 7" for "Which version of iTunes ...?").
# On the SQuAD training data (partial training set and dev articles 1-8) 7 of the 9 answerable questions that ask so
# have a number in their answer ("iOS 5", "12.2", "3.3 and 3.4"); the other two ask for a variant ("the demo").
_ASKS_VERSION = re.compile(r"\b(?:what|which)\s+(?:[\w.+-]+\s+){0,2}?(?:version|release)s?\b", re.I)
# A part's label before a number ("Section 2.3"); not _LABEL_BEFORE, for which "version 2.4" is a label too.
_PART_BEFORE = re.compile(rf"\b(?:{_PART_LABELS})s?\.?\s*$", re.I)
_VERSION = re.compile(r"(?<![\w.])\d+(?:\.\d+)+[a-z]?(?![\w.]*\d)(?!\s*(?:hundred|thousand|million|billion|trillion|percent|per\s*cent|%))"
                      r"|\b(?:version|release|v)\s?\d+\b", re.I)


def asks_version(question: str) -> bool:
    """Whether ``question`` asks which version or release something is or happened in ("Which Lampd version added
    dimming?", "In which release ...")."""
    return bool(_ASKS_VERSION.search(question))


def gives_version(question: str, sentence: str) -> bool:
    """Whether ``question`` asks for a version and ``sentence`` gives one.

    Example:
        >>> asked = "Which Python version introduced data classes?"
        >>> gives_version(asked, "PEP 557 added data classes to Python 3.7."), gives_version(asked, "PEP 557 added data classes.")
        (True, False)
        >>> gives_version("Which version of iTunes sold games?", "With iTunes 7, games could be bought.")
        True
    """
    if not asks_version(question):
        return False
    # A part of a text is numbered like a release ("Section 2.3", "Table 4.1") and is none.
    if any(not _PART_BEFORE.search(sentence, 0, m.start()) for m in _VERSION.finditer(sentence)):
        return True
    named = {w for w in re.findall(r"[^\W\d_][\w+-]*", question) if w.lower() not in STOP_WORDS} - {"version", "release", "versions", "releases"}
    if any(re.search(rf"(?<![\w-]){re.escape(w)}[\s-]\d+\b", sentence, re.I) for w in named):
        return True
    # or a release the question does not name the product of: "We dedicate Debian 9 to Ian." for "Which release was
    # dedicated to Ian Murdock?".
    return bool(_releases(sentence))


# A capitalised name and a number of up to three digits after it ("Debian 9", "Emacs 24.1"; not an amount, "Japanese
# 0.3%"), and the words whose numbers count things rather than name releases ("Chapter 5", "Room 101").
_NAME_AND_NUMBER = re.compile(r"(?<![\w.-])(?P<name>[A-Z][\w+]*)\s(?P<number>\d{1,3}(?:\.\d+)*)\b(?![.,]\d|\s*(?:%|percent))")
_NUMBERED = re.compile(rf"(?:{_PART_LABELS}|volume|vol|number|rule|line|level|grade|class|room|route|round|day|week|year|"
                       r"act|book|psalm|verse)s?", re.I)


def _releases(text: str) -> list[str]:
    """The numbers ``text`` gives a release by, after its product's name ("Debian 9", "GNU Emacs 24.1"); not a date's
    day ("December 26"), a page's or a section's number ("Chapter 5"), a standard's ("PEP 557", "RFC 4880"), or a year
    after a capitalised word ("In 2015")."""
    return [m["number"] for m in _NAME_AND_NUMBER.finditer(text)
            if m["name"].lower() not in STOP_WORDS and not m["name"].isupper()
            and not re.fullmatch(_MONTH, m["name"], re.I) and not _NUMBERED.fullmatch(m["name"])]


# A question about where a name comes from or what it means ("What does the name Django mean?", "Where did Beyonce
# get her name from?", "Why is it called sid?", "The riots are named after what building?"), and the words that say it.
_ASKS_ORIGIN = re.compile(r"\bwhat\s+does\s+(?:the\s+)?(?:name|word|term)\b.*\bmean\b|\bwhere\s+(?:does|did|do)\b.*\bnames?\b.*\b(?:come|from)\b"
                          r"|\bnamed\s+(?:after|for)\b|\borigin\s+of\s+the\s+(?:name|word|term)\b|\bwhy\s+is\s+(?:\S+\s+){1,3}?called\b", re.I)
_GIVES_ORIGIN = re.compile(r"\bnamed\s+(?:after|for)\b|\b(?:name|word|term)\s+(?:comes|came|derives|is\s+derived)\b|\bderive[sd]?\s+from\b"
                           r"|\bstands\s+for\b|\bin\s+honou?r\s+of\b|\b(?:is|was)\s+short\s+for\b|\b(?:is|was|are|were)\s+taken\b.*\bfrom\b", re.I)


def gives_origin(question: str, sentence: str) -> bool:
    """Whether ``question`` asks what a name means or comes from and ``sentence`` says it.

    Example:
        >>> asked = "What does the name Lampd mean?"
        >>> gives_origin(asked, "Lampd is named after Ida Lamp, a keeper."), gives_origin(asked, "Lampd needs a name.")
        (True, False)
        >>> gives_origin("Where do the lamps' names come from?", "Each was taken, like all others, from a keeper's song.")
        True
    """
    return bool(_ASKS_ORIGIN.search(question)) and bool(_GIVES_ORIGIN.search(sentence))


# A question whether there is any of a thing ("Does h11 have any dependencies?", "Are there any known bugs?"), and a
# sentence that says there is none, which answers it ("It's pure Python, and has no dependencies outside of the standard
# library.") however little else of it resembles the question.
_ASKS_ANY = re.compile(r"^\W*(?:does|do|did|is|are|was|were|has|have|can|will)\b.*?\bany\s+(?:[\w-]+\s+)?(?P<thing>[\w-]+)\W*$", re.I)
_NONE_OF = re.compile(r"\b(?:no|zero|without)\s+([\w-]+(?:\s+[\w-]+)?)", re.I)


def says_none(question: str, sentence: str) -> bool:
    """Whether ``question`` asks whether there is any of a thing and ``sentence`` says there is none of it.

    Example:
        >>> asked = "Does lampd have any dependencies?"
        >>> says_none(asked, "It has no dependencies outside of the standard library."), says_none(asked, "It is pure Python.")
        (True, False)
        >>> says_none("Are there any known bugs?", "lampd has no known bugs."), says_none(asked, "No lamp is lit without oil.")
        (True, False)
    """
    thing = _any_asked(question)
    return thing is not None and any(thing in {stem(w) for w in words(m.group(1))} for m in _NONE_OF.finditer(sentence))


@functools.lru_cache(maxsize=256)
def _any_asked(question: str) -> str | None:
    """The stem of the thing ``question`` asks whether there is any of, or None; read once per question, though every
    candidate sentence is asked about it."""
    asked = _ASKS_ANY.match(question)
    return stem(asked["thing"].lower()) if asked and asked["thing"].lower() not in STOP_WORDS else None


# A line that gives a field of a document or a package by name ("Status: recommendation, stable", "Version: 1.0",
# "Maintainer: Ida Penrose"), as specifications and control files head themselves; a question that names the field
# ("What is the status of the rootless builds specification?") asks for its value.
_FIELD_LINE = re.compile(r"\s*(?P<name>[A-Za-z][\w-]*(?:\s[A-Za-z][\w-]*)?)\s*:\s+(?P<value>\S.*)$", re.S)
_ASKS_WHAT = re.compile(r"^\W*(?:what|which|who)\b", re.I)


def gives_field(question: str, sentence: str) -> bool:
    """Whether ``sentence`` is a field line (:data:`_FIELD_LINE`) whose name ``question`` asks for, and whose value says
    more than the question does.

    Example:
        >>> asked = "What is the status of the lamp schedule?"
        >>> gives_field(asked, "Status: recommendation, stable"), gives_field(asked, "Version: 1.0")
        (True, False)
        >>> gives_field("Who maintains lampd?", "Maintainer: Ida Penrose"), gives_field("Why is the status stable?", "Status: stable")
        (True, False)
    """
    asked = _what_asked(question)
    field = _FIELD_LINE.match(sentence) if asked is not None else None
    if field is None:
        return False
    named = content_words(field["name"])
    return bool(named) and named <= asked and not content_words(field["value"]) <= asked


@functools.lru_cache(maxsize=256)
def _what_asked(question: str) -> frozenset[str] | None:
    """The content words of a "what", "which" or "who" question, or None for another; read once per question."""
    return frozenset(content_words(question)) if _ASKS_WHAT.match(question) else None


# A question for another name of a thing ("What is another name for the calling convention?", "What is the ABI also
# known as?", "What else is the lamp called?"), and the words that give one ("... is also sometimes called the ABI").
_ASKS_OTHER_NAME = re.compile(r"\b(?:another|other|alternative|alternate|different|full|short)\s+names?\b"
                              r"|\b(?:also|otherwise|commonly|sometimes|better)\s+(?:called|known|named|referred)\b"
                              r"|\bwhat\s+else\b.*\b(?:called|known\s+as|named)\b", re.I)
_GIVES_NAME = re.compile(r"\b(?:called|known\s+as|named|nicknamed|dubbed|termed|referred\s+to\s+as|aka|a\.k\.a\.|"
                         r"stands\s+for|short\s+for|abbreviated)\b", re.I)


def gives_other_name(question: str, sentence: str) -> bool:
    """Whether ``question`` asks for another name of a thing and ``sentence`` gives a name.

    Example:
        >>> asked = "What is another name for the lamp schedule?"
        >>> gives_other_name(asked, "The lamp schedule is also called the watch."), gives_other_name(asked, "A lamp schedule is a list.")
        (True, False)
        >>> gives_other_name("What is the watch also known as?", "It is known as the lamp schedule.")
        True
    """
    return bool(_ASKS_OTHER_NAME.search(question)) and bool(_GIVES_NAME.search(sentence))


# A "who" question asks for someone: a name that is not the question's own (a capitalised word inside its sentence,
# as "Daniel" in "curl is developed by a community, with Daniel at the wheel"), an address to write to or a handle
# ("maintainers@gnu.org", "@illia-v"), or people by their role or body ("the release team", "its users", "the people
# you manage", "the harbour office"). "Who was Joel Klecker?" asks what someone was, and is answered by what is said of him.
_ASKS_WHO = re.compile(r"^\W*who\b", re.I)
_ASKS_WHO_ONE_IS = re.compile(r"^\W*(?i:who\s+(?:is|was|are|were))\s+(?:[A-Z][\w.'’-]*\s*)+\??\s*$")
_PEOPLE = re.compile(r"\b(?:team|community|people|person|users?|developers?|maintainers?|committee|foundation|group|compan(?:y|ies)|"
                     r"project|leaders?|volunteers?|authors?|members?|staff|contributors?|individuals?|he|she|they|someone|"
                     r"nobody|anyone|everyone|king|queen|president|government|council|managers?|administrators?|owners?|"
                     r"editors?|engineers?|officers?|board|secretary|director|chair(?:man|woman|person)?|"
                     # bodies named by what they are ("The harbour office keeps the tide tables.")
                     r"offices?|departments?|agenc(?:y|ies)|ministry|bureau|authority|commission|organi[sz]ations?|"
                     r"institutes?|associations?|society|university|college|school|court|police|army|navy|parliament)\b", re.I)
_HANDLE = re.compile(r"(?<![\w.])@[\w-]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# (not a part of a path: "triggers/File"; nor an acronym, which in a program's documents names a protocol or a format
# ("a high-level HTTP event", "the API"): on SQuAD's training data no "who" question answered right is answered by one
# alone, and 3 unanswerable ones are declined for it)
_CAPITALISED = re.compile(r"(?<![/\\])(?![A-Z\d]{2,}s?\b)[A-Z](?:[\w'’-]|\.\w)+(?![\w'’-]*[/\\])")
# (a line comment opens one too: "# Initialize a tokenizer")
_OPENS_SENTENCE = re.compile(r"(?:^|[.!?:;•*(\[\"“#-]|//)\s*$")


def lacks_someone(question: str, quotes: list[str]) -> bool:
    """Whether ``question`` asks who did or does something and none of ``quotes`` names anyone (see :data:`_PEOPLE`):
    what a question about someone the documents never name looks like. On SQuAD's training data (the partial training
    set and dev articles 1-8) 2 of the 859 "who" questions answered right lose their answer to this, both answered by
    a name that opens its sentence or by a common noun ("Media requests ...").

    Example:
        >>> asked = "Who maintains lampctl?"
        >>> lacks_someone(asked, ["Lampctl is written in C."]), lacks_someone(asked, ["It is kept by Ida Penrose."])
        (True, False)
        >>> lacks_someone(asked, ["The harbour team keeps it."]), lacks_someone("Who was Ida Penrose?", ["A keeper."])
        (False, False)
        >>> lacks_someone(asked, ["It keeps its lamps in /var/lib/Lampctl/ and logs/Today."])
        True
        >>> lacks_someone(asked, ["To hook in, you can use the LampHook module."])
        True
        >>> lacks_someone(asked, ["It raises LampDetectionFailure when no lamp is lit."])
        True
        >>> lacks_someone("Who is the author of lampd?", ["Lampd must never fail your user."])
        True
        >>> lacks_someone("Who can light the lamps?", ["Any user can light them."])
        False
        >>> lacks_someone(asked, ["It speaks HTTP and returns JSON."]), lacks_someone(asked, ["It is kept by the GNU project."])
        (True, False)
    """
    if not _ASKS_WHO.match(question) or _ASKS_WHO_ONE_IS.match(question):
        return False
    asked = set(words(question))
    # A role the question asks about names no one ("several leaders" for "Who is the current leader?"); nor, for who
    # made a thing, do those it is made for ("your user" for "Who is the author of lampd?").
    roles = {stem(w) for w in asked | (_AUDIENCE if _ASKS_MAKER.search(question) else set())}
    for quote in quotes:
        if any(stem(m.group().lower()) not in roles for m in _PEOPLE.finditer(quote)) or _HANDLE.search(quote):
            return False
        for m in _CAPITALISED.finditer(quote):
            said = words(m.group())
            if (said and not set(said) <= asked | STOP_WORDS and not _OPENS_SENTENCE.search(quote[:m.start()])
                    and not _CODE_NAME.match(quote, m.start()) and not _KIND_AFTER.match(quote, m.end())):
                return False
    return True


# Who a thing is made for ("your user"), and the words of a question that asks who made it (its users may keep it:
# "It is kept by its users." answers "Who maintains lampctl?").
_AUDIENCE = frozenset("user users".split())
_ASKS_MAKER = re.compile(r"\b(?:wrote|written|authors?|authored|creat(?:ed|or|ors)|design(?:ed|er|ers)|found(?:ed|er|ers)|"
                         r"invent(?:ed|or|ors))\b", re.I)
# A name in code names no one: a call ("Lampctl.get()"), a constant ("Lampctl.SUPPORTED_LAMPS"), or a class named by
# words run together, two capitals inside it at least ("LampDetectionFailure"; a surname has one: "McKay", "DeWitt").
_CODE_NAME = re.compile(r"[\w.]*(?:_[\w.]*|\()|[A-Z][a-z]+(?:[A-Z][a-z\d]*){2,}\b")
# Nor does a name followed by the kind of code it names: "the DiffHighlight module", "the Lamp class".
_KIND_AFTER = re.compile(r"\s+(?:module|class|package|library|function|method|type|object|plugin|extension)s?\b")


# A year a question names as the time of what it asks about ("Who took over maintenance in 2010?"); not a decade
# ("the 1700s") nor a bound of a span ("before 1900", "between 1000 and 1300", "pre-2007"), which other years answer.
_YEAR_NAMED = re.compile(r"(?<![\d.,-])(1\d{3}|20\d{2})(?!\d|s\b|['’]s\b)")
_SPAN_BEFORE = re.compile(r"\b(?:before|after|prior\s+to|until|till|since|by|between|and|from|to|through|pre)\W*$", re.I)
# Nor a year that is part of a name: "the Keeper's Oath of 1871", "the Act of 1707" (but "December of 2006" is a time).
_NAMED_WITH_YEAR = re.compile(rf"\b(?!(?i:{_MONTH})\s)[A-Z][\w'’-]*\s+of\s*$")


def year_missing(question: str, quotes: list[str], headings: list[str] = ()) -> bool:
    """Whether ``question`` names a year that none of ``quotes``, nor a heading over them, gives: what a question
    about another year than the documents' looks like (SQuAD 2.0 writes its near misses so). On SQuAD's training data
    (the partial training set and dev articles 1-8) it declines 36 unanswerable questions, 5 answered wrong and 4
    answered right, whose quote says "that year" or "in May".

    Example:
        >>> asked = "Who kept the lamp in 1990?"
        >>> year_missing(asked, ["Ida kept the lamp from 1988."]), year_missing(asked, ["In 1990 Ida kept it."])
        (True, False)
        >>> year_missing("Who kept the lamp in the 1990s?", ["Ida did."]), year_missing("Who kept it before 1990?", ["Ida."])
        (False, False)
        >>> year_missing("What is the Keeper's Oath of 1871?", ["A keeper lights the lamp."]), year_missing("Who came in May of 1990?", ["Ida."])
        (False, True)
    """
    said = " ".join([*quotes, *headings])
    return any(not re.search(rf"(?<!\d){m.group(1)}(?!\d)", said) for m in _YEAR_NAMED.finditer(question)
               if not _SPAN_BEFORE.search(question[:m.start()]) and not _NAMED_WITH_YEAR.search(question[:m.start()]))


# A question whether a thing supports, handles or has something ("Does dotenv support YAML files?"); what it asks about
# is the object after the verb.
_ASKS_SUPPORTS = re.compile(r"^\W*(?:does|do|can|will)\s+\S.*?\s(?:support|handle|work\s+with|run\s+on|understand|"
                            r"read|parse|speak)\s+(?P<object>[^?]+?)\W*$", re.I)


def support_unnamed(question: str, quotes: list[str]) -> bool:
    """Whether ``question`` asks if something supports a thing (:data:`_ASKS_SUPPORTS`) that no quote names: by a name
    of it in capitals or with a digit ("YAML", "HTTP/3", "REAL" of "the ASN.1 REAL type"), or else by all its words in
    one quote. "Use dotenvx to sync your .env files." says nothing of "Does dotenv support YAML files?"; "Keep-Alive &
    Connection Pooling" answers "Does Lampreq support connection pooling?".

    Example:
        >>> asked = "Does lampd support YAML files?"
        >>> support_unnamed(asked, ["Lampd reads its .conf files."]), support_unnamed(asked, ["It reads yaml too."])
        (True, False)
        >>> support_unnamed("Does lampd support dimming at dawn?", ["Lampd dims at dawn."])
        False
    """
    m = _ASKS_SUPPORTS.match(question)
    if not m:
        return False
    named = [w for w in re.findall(r"[\w.+/-]*\w", m.group("object")) if re.search(r"[A-Z\d]", w)]
    if named:
        return not any(re.search(rf"(?<![\w.+/-]){re.escape(w)}(?![\w+/-])", quote, re.I) for w in named for quote in quotes)
    asked = content_words(m.group("object"))
    return bool(asked) and not any(asked <= content_words(quote) for quote in quotes)


# A question that asks which licence something is under: "What licence is Click released under?", "Under which license
# is it distributed?", "What is the license of tqdm?".
_ASKS_LICENCE = re.compile(r"\b(?:what|which)\s+(?:[\w-]+\s+){0,2}?licen[cs]es?\b|\blicen[cs]es?\s+of\b|\blicen[cs]ed\s+under\b"
                           r"|\b(?:is|are)\s+(?:it|they|\S+)\s+licen[cs]ed\b", re.I)
# A licence by its name, not the word: what a README's "License" section may say alone on its line ("MIT").
_LICENCE_NAME = re.compile(r"public\s+domain|creative\s+commons|\b(?-i:(?:A|L)?GPL|MIT|BSD|ISC|MPL|EUPL|CC0|CC[- ]BY)|"
                           r"\bApache(?:[\s-]*(?:licen[cs]e|v?2(?:\.0)?\b)|\W*$)|\bunlicense\b", re.I)  # (not "Apache Spark")
# What names a licence: the word, a licence's name or initials, or the public domain.
_NAMES_LICENCE = re.compile(rf"licen[cs]|copyleft|\bproprietary\b|{_LICENCE_NAME.pattern}", re.I)


def asks_licence(question: str) -> bool:
    """Whether ``question`` asks which licence something is under ("Under what license is lampd distributed?")."""
    return bool(_ASKS_LICENCE.search(question))


def licence_unnamed(question: str, quotes: list[str], headings: list[str] = ()) -> bool:
    """Whether ``question`` asks which licence something is under and no quote, nor a heading over one, names a
    licence: "Typer has vendored Click ..." says nothing of "What licence is Click released under?".

    Example:
        >>> asked = "What licence is lampd released under?"
        >>> licence_unnamed(asked, ["Lampd is written in C."]), licence_unnamed(asked, ["It is released under the GPL."])
        (True, False)
        >>> licence_unnamed(asked, ["Copyright 2024 Ida Penrose."], ["License"]), licence_unnamed("Who wrote lampd?", ["Ida."])
        (False, False)
    """
    return bool(_ASKS_LICENCE.search(question)) and not any(_NAMES_LICENCE.search(text) for text in [*quotes, *headings])


def gives_licence(question: str, sentence: str) -> bool:
    """Whether ``question`` asks which licence something is under and ``sentence`` names one (a line alone may: "MIT").

    Example:
        >>> gives_licence("What licence is lampd under?", "MIT"), gives_licence("What licence is lampd under?", "License")
        (True, False)
    """
    return bool(_ASKS_LICENCE.search(question)) and bool(_LICENCE_NAME.search(sentence))


def release_missing(question: str, passages: list[str]) -> bool:
    """Whether ``question`` names a release ("When was GNU Emacs 30 released?") whose number none of ``passages``
    gives as a number of its own: the documents are about other releases, and a date's "1992-10-30" is none.

    Example:
        >>> asked = "When was GNU Emacs 30 released?"
        >>> release_missing(asked, ["GNU Emacs 18.59 (1992-10-30)"]), release_missing(asked, ["Emacs 30 came out in 2024."])
        (True, False)
        >>> release_missing("What changed in Lampd 4.20?", ["4.20.0 / 2024-09-10"])
        False
    """
    return any(not any(_given(n).search(p) for p in passages) for n in _releases(question))


# A question that asks when a version came out, by its number: "When was python-dotenv 1.2.3 released?".
_ASKS_RELEASE_DATE = re.compile(r"\bwhen\s+(?:was|were|did|is)\b.*?(?<![\w.])v?(?P<number>\d+(?:\.\d+)+)\b"
                                r".*\b(?:released|release|come\s+out|came\s+out|published|shipped)\b", re.I)


def dates_release(question: str, line: str, heading: str = "") -> bool:
    """Whether ``line`` gives the number of the version ``question`` asks the release date of, and a date: a changelog's
    heading ("1.2.3 - 2026-08-16", "Version 1.0.9 (April 24th, 2025)"); or is a date alone under the ``heading`` that
    gives the number ("0.4.0" over "*(2026-09-15)*", as towncrier writes a release's notes).

    Example:
        >>> asked = "When was lampd 1.2.3 released?"
        >>> dates_release(asked, "1.2.3 - 2026-08-16"), dates_release(asked, "1.2.30 - 2026-09-01"), dates_release(asked, "1.2.3")
        (True, False, False)
        >>> dates_release(asked, "(2026-09-15)", "1.2.3"), dates_release(asked, "Fixed on 2026-09-15.", "1.2.3")
        (True, False)
        >>> dates_release(asked, "v1.2.3 (22 March 2026)"), dates_release(asked, "v11.2.3 (22 March 2026)")
        (True, False)
    """
    given = _release_asked(question)
    if given is None or not DATE.search(line):
        return False
    return bool(given.search(line)) or bool(given.search(heading)) and not re.search(r"\w", DATE.sub("", line, count=1))


# A question that asks which release made a change ("Which pybase64 version dropped Python 3.8 support?", "In which
# release was the -x flag removed?"): a changelog answers it by the entry under the release's heading.
_ASKS_RELEASE_OF_CHANGE = re.compile(r"^\W*(?:in\s+|since\s+)?(?:which|what)\s+(?:[\w.+-]+\s+)?(?:version|release)\b(?!\s+of\s+python\b)"
                                     r".*\b(?:add|drop|remov|introduc|deprecat|fix|chang|renam)\w*\b", re.I)
# A heading that names a release ("1.5.0", "v2.0.0 (2024-11-03)", "Version 0.4.0 - 2023-12-22", "defusedxml 0.7.0rc1").
_RELEASE_HEADING = re.compile(r"\W*(?:[A-Za-z][\w.+-]*\s+)?v?\d+(?:\.\d+)+(?![\d.])", re.I)
# The longest such heading: a line, not a sentence that opens with a version.
_RELEASE_HEADING_CHARS = 60


def asks_release_of_change(question: str) -> bool:
    """Whether ``question`` asks which release made a change.

    Example:
        >>> asks_release_of_change("Which lampd version dropped Python 3.8 support?"), asks_release_of_change("Which version of Python does lampd need?")
        (True, False)
    """
    return bool(_ASKS_RELEASE_OF_CHANGE.match(question))


def names_release_heading(heading: str) -> bool:
    """Whether ``heading`` is a changelog's heading for a release ("1.5.0", "v2.0.0 (2024-11-03)").

    Example:
        >>> names_release_heading("2.0.0 (2024-11-03)"), names_release_heading("Changelog"), names_release_heading("Python 3.8 and later are supported")
        (True, False, False)
    """
    return len(heading) <= _RELEASE_HEADING_CHARS and bool(_RELEASE_HEADING.match(heading)) and not re.search(r"\s(?:is|are|was|were)\s", heading)


def release_undated(question: str, quotes: list[str], headings: list[str] = ()) -> bool:
    """Whether ``question`` asks when a version came out, by its number, and neither ``quotes`` nor a heading over them
    give that number: their dates are other releases' ("Release date: 04-May-2020" under "defusedxml 0.7.0rc1" for
    "When was defusedxml 0.8.0 released?").

    Example:
        >>> asked = "When was lampd 0.8.0 released?"
        >>> release_undated(asked, ["Release date: 04-May-2020"], ["lampd 0.7.0"]), release_undated(asked, ["(2026-09-15)"], ["0.8.0"])
        (True, False)
    """
    given = _release_asked(question)
    return given is not None and not any(given.search(text) for text in [*quotes, *headings])


@functools.lru_cache(maxsize=256)
def _release_asked(question: str) -> re.Pattern | None:
    """The number of the version ``question`` asks the release date of, as a passage gives it; read once per question,
    though every candidate sentence is asked about it."""
    asked = _ASKS_RELEASE_DATE.search(question)
    return _given(asked["number"]) if asked else None


def _given(release: str) -> re.Pattern:
    """A release's number as a passage gives it: "Express 4.20" by its patch releases' "4.20.0" too, with a "v" before
    it or not ("v2.0.0 (22 March 2024)"); "Emacs 30" not by "30.1", another number."""
    return re.compile(rf"(?<![\w./-])[vV]?{re.escape(release.lstrip('vV'))}(?![\w/]|{'-' if '.' in release else '[.-]'}\d)")


# What a question asks of a release's changes: what changed, is new, was added, dropped, fixed ("What changed in lampd
# 1.5.1?", "Which Python version did lampd 1.5.0 drop?"), with the release's number, dotted ("1.5.1", "v2.0").
_ASKS_CHANGES = re.compile(r"\b(?:chang\w*|new|add(?:s|ed|ing)?|drop\w*|remov\w*|fix(?:es|ed|ing)?|deprecat\w*|introduc\w*)\b", re.I)
_DOTTED_RELEASE = re.compile(r"(?<![\w.])(?P<number>v?\d+(?:\.\d+)+)\b(?!\.\d)")


def lists_changes_of(question: str, heading: str) -> bool:
    """Whether ``question`` asks what a release changed (:data:`_ASKS_CHANGES`) and ``heading`` numbers that release,
    as a changelog heads its entries ("1.5.1", "v2.0.0 (22 March 2024)").

    Example:
        >>> asked = "What changed in lampd 1.5.1?"
        >>> lists_changes_of(asked, "1.5.1"), lists_changes_of(asked, "v1.5.1 (22 March 2024)"), lists_changes_of(asked, "1.5.10")
        (True, True, False)
        >>> lists_changes_of("Which Python version did lampd 1.5.0 drop?", "1.5.0"), lists_changes_of("What does lampd 1.5.1 need?", "1.5.1")
        (True, False)
    """
    release = _changes_asked(question)
    return release is not None and bool(release.search(heading))


@functools.lru_cache(maxsize=256)
def _changes_asked(question: str) -> re.Pattern | None:
    """The number of the release ``question`` asks the changes of, as a heading gives it; read once per question."""
    release = _DOTTED_RELEASE.search(question) if _ASKS_CHANGES.search(question) else None
    return _given(release["number"]) if release else None


def names_release(question: str) -> bool:
    """Whether ``question`` names a release by its number ("Debian 1.2", "GNU Emacs 30").

    Example:
        >>> names_release("How many packages did Debian 1.2 contain?"), names_release("What did Debian contain?")
        (True, False)
    """
    return bool(_releases(question))


def about_another_release(question: str, passage: str) -> bool:
    """Whether ``passage`` numbers a release, but not one ``question`` names ("Debian 1.1 Buzz: ... contained 474
    packages" for "How many packages did Debian 1.2 contain?"): it is about another. A passage that numbers none may
    go on about the release the paragraph before it names ("At the time of release, there were 1500 packages").

    Example:
        >>> asked = "How many packages did Debian 1.2 contain?"
        >>> about_another_release(asked, "Debian 1.1 Buzz: This release had 474 packages.")
        True
        >>> about_another_release(asked, "Debian 1.2 Rex: This release had 848."), about_another_release(asked, "It had 848.")
        (False, False)
        >>> about_another_release("What did Debian 2.0 contain?", "Debian 1.1 Buzz: It ran on Linux kernel 2.0.")
        True
    """
    asked, numbered = _releases(question), _releases(passage)
    # The number as a release's ("Debian 1.1 Buzz ... used Linux kernel 2.0" is about 1.1, not 2.0).
    return bool(asked) and bool(numbered) and not all(any(_given(n).search(r) for r in numbered) for n in asked)
