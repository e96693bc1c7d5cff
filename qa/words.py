"""Words: the one home of tokenising, stop words, stemming, name and number patterns, and ``[n]`` markers.

Every module that looks at words or markers goes through here, so a change to
what counts as a word, a stop word, a name or a marker is made once.

Example:
    >>> sorted(content_words("When did the engineers build the lighthouses?"))
    ['build', 'engin', 'lighthous']
    >>> markers_in("Hale built it [1]. It opened in 1871 [2, 3].")
    [1, 2, 3]
    >>> strip_markers("Hale built it [1].")
    'Hale built it.'
    >>> compose([("Hale built it.", (1,)), ("It opened in 1871.", (2, 3))])
    'Hale built it. [1] It opened in 1871. [2] [3]'
"""

from __future__ import annotations

import functools
import re
import string
import threading
import unicodedata
from typing import Iterable

# -- tokens -------------------------------------------------------------------
WORD = re.compile(r"\w+", re.UNICODE)
# A word as people write it: apostrophes and hyphens inside it kept ("O'Neill", "well-known").
WRITTEN_WORD = re.compile(r"[\w’'-]+", re.UNICODE)


def words(text: str) -> list[str]:
    """The lower-cased words of ``text``."""
    return WORD.findall(text.lower())


def says_in_a_row(text: str, phrase: str) -> bool:
    """Whether ``text`` holds the words of ``phrase`` in a row, however they are joined ("line length" in "the
    --line-length option").

    Example:
        >>> says_in_a_row("Set --line-length to 88.", "line length"), says_in_a_row("A long line.", "line length")
        (True, False)
    """
    said = words(phrase)
    return bool(said) and f" {' '.join(said)} " in f" {' '.join(words(text))} "


# -- stop words ---------------------------------------------------------------
# The kept list: Lucene's English stop words, the list bm25s ships as STOPWORDS_EN and the
# keyword index drops (tests/test_words.py checks the two stay equal).
LUCENE_STOP_WORDS = frozenset(
    "a an and are as at be but by for if in into is it no not of on or such that the their then there "
    "these they this to was will with".split()
)
# What a question is built from besides its subject: wh-words and the auxiliaries that ask.
QUESTION_WORDS = frozenset(
    "what which who whom whose when where why how do does did is are was were be been being "
    "has have had can could would should will shall may might must".split()
)
# Words that point at something named elsewhere; the follow-up rules look for them.
PRONOUNS = frozenset(
    "i me my we us our you your he him his she her hers it its they them their theirs "
    "this that these those all any some".split()
)
STOP_WORDS = LUCENE_STOP_WORDS | QUESTION_WORDS | PRONOUNS
# A sentence opening with one of these leans on the one before it ("That's the reported toll ...", "Thus,
# distributions play a very important role indeed.": a conclusion of what the sentence before it says).
POINTS_BACK = frozenset("he him his she her it its they them their this that these those such thus therefore hence".split())
# What a README calls its program by, and a question too: its kind ("The HTTP Core package provides ...", "What is the
# idna package?").
PROGRAM_KINDS = frozenset("package library module framework plugin tool program command project extension application crate "
                          "utility".split())
PROGRAM_KIND = f"(?:{'|'.join(sorted(PROGRAM_KINDS))})"  # the same, as a pattern
# Words of a question about the document itself (who wrote it, when and where it was published, its
# headline): such a question is answered by the document's front matter, its byline, dateline and title lines.
ABOUT_THE_DOCUMENT = frozenset(
    "author authors wrote written writer byline published publish publication publisher outlet headline subheadline "
    "subtitle title dateline section".split())


# -- stemming -----------------------------------------------------------------
_stemmers = threading.local()  # a PyStemmer object is not safe to share between threads


def stemmer():
    """This thread's PyStemmer for English (Snowball's Porter 2), as the keyword index hands it to bm25s."""
    found = getattr(_stemmers, "english", None)
    if found is None:
        import Stemmer

        found = _stemmers.english = Stemmer.Stemmer("english")
    return found


# Stems that British spelling makes another than American where the stemmer cannot tell (a user asks "What licence is
# it under?" of a README's "License"): a few nouns, not the "-ise" and "-our" words that other rules would need.
_BRITISH_STEMS = {"licenc": "licens", "defenc": "defens", "offenc": "offens", "catalogu": "catalog"}


@functools.lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The English stem of a lower-case ``word`` (one for both spellings of the nouns of :data:`_BRITISH_STEMS`).

    Example:
        >>> stem("automated"), stem("lighthouses"), stem("licence") == stem("license")
        ('autom', 'lighthous', True)
    """
    found = stemmer().stemWord(word)
    return _BRITISH_STEMS.get(found, found)


# A word, or a number with its decimals or a version with its parts ("1.1", "2.0", "3.12", "0.93r6"), which is
# one thing said: Debian 2.1 is no answer to "When was Debian 1.1 released?".
_TERM = re.compile(r"\w+(?:\.\d\w*)+|\w+", re.UNICODE)


def content_words(text: str) -> set[str]:
    """The stems of the words of ``text`` that carry meaning (stop words left out); a number with decimals or a
    version is one word.

    Example:
        >>> sorted(content_words("When was Debian 1.1 released?"))
        ['1.1', 'debian', 'releas']
    """
    return {stem(w) for w in _TERM.findall(text.lower()) if w not in STOP_WORDS}


_FIGURE = re.compile(r"\d+(?:\.\d+)*")


def figures(text: str) -> set[str]:
    """The numbers, years and versions ``text`` says, each as written ("1.1", "2002", "42").

    Example:
        >>> sorted(figures("Debian 2.1 was released on 09 March, 1999."))
        ['09', '1999', '2.1']
    """
    return {w for w in _TERM.findall(text) if _FIGURE.fullmatch(w)}


# Past forms of common irregular verbs, by their base form: an answer says "it took place" for a
# question's "did it take place", and a stemmer cannot tell. Forms more often other words ("found"
# of founded, "left" the side) are not listed.
_PAST_FORMS = {
    "begin": "began begun", "become": "became", "break": "broke broken", "bring": "brought", "build": "built",
    "buy": "bought", "catch": "caught", "choose": "chose chosen", "come": "came", "draw": "drew drawn",
    "drive": "drove driven", "eat": "ate eaten", "fall": "fell fallen", "feel": "felt", "fight": "fought",
    "fly": "flew flown", "forget": "forgot forgotten", "give": "gave given", "go": "went gone", "grow": "grew grown",
    "hear": "heard", "hold": "held", "keep": "kept", "know": "knew known", "lead": "led", "lose": "lost",
    "make": "made", "meet": "met", "pay": "paid", "rise": "rose risen", "run": "ran", "say": "said",
    "see": "saw seen", "sell": "sold", "send": "sent", "shoot": "shot", "sing": "sang sung", "sit": "sat",
    "speak": "spoke spoken", "spend": "spent", "stand": "stood", "steal": "stole stolen", "strike": "struck",
    "teach": "taught", "tell": "told", "think": "thought", "throw": "threw thrown", "take": "took taken",
    "understand": "understood", "win": "won", "wear": "wore worn", "write": "wrote written",
}


@functools.lru_cache(maxsize=1)
def _base_stems() -> dict[str, str]:
    return {stem(past): stem(base) for base, forms in _PAST_FORMS.items() for past in forms.split()}


def base_forms(stems: set[str]) -> set[str]:
    """``stems`` (as :func:`content_words` gives them) with irregular past forms read as their verb's.

    Example:
        >>> sorted(base_forms(content_words("The strikes took place at sea.")))
        ['place', 'sea', 'strike', 'take']
    """
    table = _base_stems()
    return {table.get(s, s) for s in stems}


def overlap(asked: set[str], text: str) -> float:
    """The share of the content words ``asked`` that ``text`` contains."""
    return len(asked & content_words(text)) / len(asked) if asked else 0.0


# An acronym in brackets after the words it stands for: "Key Revocation Lists (KRLs)", "multiversion concurrency
# control (MVCC)".
_BRACKETED_ACRONYM = re.compile(r"\((?-i:[A-Z][A-Z0-9]+)s?(?:\s[a-z]+)?\)")
# The most characters a word before an acronym is read with (longer words are rare: "internationalization" is 20).
_WORD_WINDOW = 32


def spells_out(term: str, line: str) -> bool:
    """Whether ``line`` spells the acronym ``term`` out, the words before it in brackets (or in brackets after it):
    each of its letters, in order, in those words, the first opening a word (Schwartz and Hearst's test, 2003).

    Example:
        >>> spells_out("KRL", "ssh-keygen manages Key Revocation Lists (KRLs)."), spells_out("MVCC", "It uses MVCC.")
        (True, False)
        >>> spells_out("MVCC", "PostgreSQL uses multiversion concurrency control (MVCC)")
        True
        >>> spells_out("RC bug", "the so-called release-critical bugs (RC bugs)"), spells_out("RC", "release-critical bugs (RC bugs)")
        (True, False)
        >>> spells_out("PAM", "under the PAM (Pluggable Authentication Modules)."), spells_out("PAM", "the PAM (see below)")
        (True, False)
        >>> spells_out("IFS", "in the value of IFS (an IFS whitespace character)")
        False
        >>> spells_out("MVCC", "by using a multiversion model (Multiversion Concurrency Control, MVCC).")
        True
        >>> spells_out("chfn", "chfn (CHange Full Name) modifies the GECOS field."), spells_out("chfn", "chfn (see below)")
        (True, False)
    """
    # A command named by the capitals of its words in brackets after it: "chfn (CHange Full Name)".
    if re.fullmatch(r"[a-z][a-z0-9]+", term):
        return any("".join(re.findall(r"[A-Z]", m.group(1))).lower() == term
                   for m in re.finditer(rf"(?<![\w-]){term}\s\(([A-Z][^()]{{2,{_WORD_WINDOW * len(term)}}})\)", line))
    # An acronym and the noun it names a kind of ("RC bug" for "release-critical bugs (RC bugs)").
    term, _, noun = term.partition(" ")
    if not re.fullmatch(r"[A-Z][A-Z0-9]+", term) or (noun and not re.fullmatch(r"[a-z]+", noun)):
        return False
    for m in _BRACKETED_ACRONYM.finditer(line):
        inner, _, named = m.group()[1:-1].partition(" ")
        if (inner.rstrip("s") != term and inner != term) or named not in (noun, noun + "s", noun + "es"):
            continue
        # Within as many words before it as it has letters, and a few more for the small words between.
        # (from a window of the line before it, not all of it: a paragraph may be one line with many acronyms)
        window = line[max(0, m.start() - _WORD_WINDOW * (len(term) + 3)): m.start()]
        if _spelled(term, " ".join(w for w in window.split()[-(len(term) + 3):] if term.lower() not in w.lower())):
            return True
    # or both in brackets, the words first: "a multiversion model (Multiversion Concurrency Control, MVCC)".
    if not noun and any(_spelled(term, m.group(1)) and len(m.group(1).split()) <= len(term) + 3
                        for m in re.finditer(rf"\(([^(),]{{3,{_WORD_WINDOW * (len(term) + 3)}}}),\s*{term}s?\)", line)):
        return True
    # or the acronym with the words it stands for in brackets after it: "PAM (Pluggable Authentication Modules)"
    # (not words that are the acronym itself: "the value of IFS (an IFS whitespace character)").
    return not noun and any(_spelled(term, m.group(1)) and len(m.group(1).split()) <= len(term) + 3
                            and not re.search(rf"(?<!\w){term}(?!\w)", m.group(1), re.I)
                            for m in re.finditer(rf"(?<![\w-]){term}s?\s\(([^()]{{3,{_WORD_WINDOW * (len(term) + 3)}}})\)", line))


def _spelled(term: str, phrase: str) -> bool:
    """Whether ``phrase`` holds each letter of the acronym ``term`` in order, its first letter opening a word
    (Schwartz and Hearst's test, read from the end)."""
    before = phrase.lower()
    at = len(before)
    for letter in term[:0:-1].lower():
        at = before.rfind(letter, 0, at)
        if at < 0:
            return False
    at = before.rfind(term[0].lower(), 0, at)
    while at > 0 and before[at - 1].isalnum():
        at = before.rfind(term[0].lower(), 0, at)
    return at >= 0


# -- answers as SQuAD compares them -------------------------------------------


def normalize(text: str) -> str:
    """SQuAD normalisation: lower case, no punctuation or articles, single spaces; typographic quotes folded.

    Example:
        >>> normalize("The “Brannock” light, in 1871!")
        'brannock light in 1871'
    """
    text = text.lower().replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    text = "".join(" " if ch in string.punctuation or ch in "—–" else ch for ch in text)
    text = re.sub(r"\b(a|an|the)\b", " ", text)
    return " ".join(text.split())


def contains(text: str, answers: Iterable[str]) -> bool:
    """Whether one of ``answers`` appears in ``text``, both normalised, on word boundaries."""
    haystack = f" {normalize(text)} "
    return any(f" {normalize(a)} " in haystack for a in answers if normalize(a))


# A line of code or a command ("$ pip install beacons", ">>> b.status", "corepack enable --all", "x = 3"):
# content, where a heading or a table's label is not.
# A command typed at a prompt: a shell's ("$ git add .", "% make", "# apt install ...") or Python's (">>> len(x)").
PROMPT = re.compile(r"\s*(?:\$|%|>>>|#)\s")
# A command without a prompt, as READMEs show how to install ("pip install tqdm", "conda install -c conda-forge tqdm"):
# a package manager's or another everyday tool's name, then a subcommand or an argument, not a verb ("git is ...").
COMMAND = re.compile(r"^\s*(?:sudo\s+)?(?:pip3?|pipx|conda|mamba|npm|npx|yarn|pnpm|apt|apt-get|brew|gem|cargo|snap|docker|"
                     r"git|python3?|uv|poetry|curl|wget)\s+(?!(?:is|are|was|were|has|have|can|will|and|or|the|a|an)\b)[\w-]")
CODE = re.compile(rf"^\s*(\$|>>>|#\s|%)\s|\s--?[a-z]|[=(){{}}\[\]<>`_]|[A-Za-z_]\.[A-Za-z_]|/\w|{COMMAND.pattern}")


# -- names and numbers --------------------------------------------------------
# A name: capitalised words in a row, joined by "of", "de" or "the" ("Bank of England"),
# with inner dots kept ("U.S."). Whether one at a sentence start is a name is the caller's call.
NAME = re.compile(r"\b[A-Z](?:[\w’'-]|\.(?=\w))*(?:\s+(?:of\s+|de\s+|the\s+)?[A-Z](?:[\w’'-]|\.(?=\w))*)*")
# A byline: a person's name alone (two to four words, initials allowed), maybe after "by", maybe several joined by
# commas and "and" (", and" too), maybe with an address after it ("John Fleck", "by Ida Penrose", "Ada R. Lovelock and Oswin North",
# "Nikos Mavrogiannopoulos (help-libtasn1@gnu.org)").
# A title's opening article or joining word ("An Interactive Plotting Program", "The Lamp and the Log") is no name's.
# Nor is an institution's word ("Australian National University", "Bell Laboratories"). A surname's prefix may
# precede a capital ("McKay", "DeWitt").
_NAME_WORD = (r"(?:(?!(?:A|An|The|Of|In|On|For|To|With|From|And|Or|Universit\w*|Institute|College|School|"
              r"Department|Laboratory|Laboratories|Labs?|Center|Centre|Foundation|Corporation|Company|Inc|Ltd|Group|"
              r"Research|Press|Society|Academy|Council)\b)(?:Mc|Mac|De|Di|Da|La|Le|Van|Von|Fitz)?[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)?"
              r"|[A-Z]\.)")
# A title page marks its authors for a footnote or an affiliation: "Brendan D. McKay∗", "Ada Byron†", "Jane Doe1".
_PERSON = rf"{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,3}}(?:[*∗†‡§]{{1,3}}|\d(?!\d))?"
BYLINE = re.compile(rf"(?:(?:[Ww]ritten\s+)?[Bb]y\s+|(?i:authors?|maintainers?)\s*:\s*)?{_PERSON}(?:\s*(?:,(?:\s*(?:and|&))?|and|&)\s*{_PERSON})*(?:\s*[(<][^)>]*[)>])?")
# A front matter's sentence that says who wrote it: "This was posted to Usenet by its author, Ed Nather (<...>), on
# May 21, 1983.", "Written by Ida Penrose in 1998."
AUTHORED = re.compile(rf"\b(?:written|posted|published|authored|sent)\b(?:\s+\S+){{0,4}}?\s+by\s+(?:its\s+author,?\s+)?{_PERSON}\b")
# A manual page named with its section, as manuals cite one another and head their pages: "git-clone(1)",
# "resolv.conf(5)", "CRONTAB(5)".
MANUAL_PAGE = r"[\w.@:+-]+\(\d\w*\)"
# A web address ("https://nodejs.org/download/", "git://host/repo", "www.gnu.org") or a mail address ("help@gnu.org").
ADDRESS = re.compile(r"\b[a-z][\w+.-]*://\S+|\bwww\.\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.I)
# A number: digits (with inner separators, "1,200", "3.5") or a number word.
NUMBER = re.compile(
    r"\d+(?:[.,]\d+)*|\b(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|"
    r"billion|dozen|several|many|few|twice|thrice|half)\b", re.I)


def names(text: str) -> list[str]:
    """The capitalised names of ``text`` that do not open a sentence, in order.

    Example:
        >>> names("In 1871 the engineer Oswin Hale built it. Later, the Bank of England paid.")
        ['Oswin Hale', 'Bank of England']
    """
    found = []
    for match in NAME.finditer(text):
        before = text[: match.start()].rstrip()
        if before and before[-1] not in ".!?":
            found.append(match.group())
    return found


def numerals(text: str) -> list[str]:
    """The numbers of ``text`` written in digits."""
    return [m.group() for m in NUMBER.finditer(text) if m.group()[0].isdigit()]


_UNITS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
          "seventeen eighteen nineteen").split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_SPELLED = re.compile(rf"\b(?:({'|'.join(_TENS)})(?:[\s-]+({'|'.join(_UNITS[1:10])}))?|({'|'.join(_UNITS)})|(a\s+)?dozen)"
                      rf"(?:\s+({'|'.join(_SCALES)}))?\b", re.I)


def spelled_numbers(text: str) -> set[str]:
    """The numbers ``text`` writes in words, in digits: "Seventy-five lives" and "75 lives" give the same number.

    Example:
        >>> sorted(spelled_numbers("Seventy-five lives in eight months; two hundred boats, a dozen ports."), key=int)
        ['8', '12', '75', '200']
    """
    found = set()
    for m in _SPELLED.finditer(text):
        tens, unit, alone, _, scale = (g.lower() if g else g for g in m.groups())
        value = (20 + 10 * _TENS.index(tens) + (_UNITS.index(unit) if unit else 0) if tens
                 else _UNITS.index(alone) if alone else 12)
        found.add(str(value * _SCALES.get(scale, 1)))
    return found


def folded(text: str) -> set[str]:
    """The stems of the words of ``text`` with accents and possessives dropped ("Beyoncé's" and "Beyonce" agree)."""
    plain = unicodedata.normalize("NFKD", text.replace("’", "'")).encode("ascii", "ignore").decode()
    return {stem(w) for w in words(re.sub(r"'s\b", "", plain))}


def unmentioned(question: str, texts: Iterable[str]) -> tuple[int, int]:
    """How many names and numbers ``question`` gives (capitalised words after its first, numbers in digits),
    and how many of them ``texts`` never mention: a question about a person, product or year the documents
    never name is one they cannot answer. A name is mentioned when each of its words is, whatever the accents.

    Example:
        >>> unmentioned("When did Beyonce join Destiny's Child in 1990?", ["Beyoncé joined Destiny's Child in 1997."])
        (3, 1)
    """
    given = [m.group() for m in NAME.finditer(question) if m.start() > 0] + numerals(question)
    if not given:
        return 0, 0
    seen = set().union(*(folded(t) for t in texts))
    return len(given), sum(not folded(g) - {stem(w) for w in ("of", "de", "the")} <= seen for g in given)


# -- citation markers ---------------------------------------------------------
# "[2]", and the group forms models write: "[1, 3]", "[1; 3]".
_MARKER_TEXT = r"\[\s*\d+(?:\s*[,;]\s*\d+)*\s*\]"
MARKER = re.compile(_MARKER_TEXT)
_MARKERS_AFTER_STOP = re.compile(rf"([.!?][\"'”’)]*)[ \t]*((?:{_MARKER_TEXT}[ \t]*)+)")


def marker(n: int) -> str:
    """The marker of citation ``n``: ``[n]``."""
    return f"[{n}]"


def markers_in(text: str) -> list[int]:
    """The citation numbers ``text`` cites, in order, once each."""
    return list(dict.fromkeys(int(n) for m in MARKER.finditer(text) for n in re.findall(r"\d+", m.group())))


def segments(text: str) -> list[str | int]:
    """``text`` cut at its markers: the text between them, and each cited number in its place.

    Example:
        >>> segments("Hale built it [1]. It opened [2, 3].")
        ['Hale built it ', 1, '. It opened ', 2, 3, '.']
    """
    out: list[str | int] = []
    last = 0
    for m in MARKER.finditer(text):
        before = text[last:m.start()]
        if before:
            out.append(before)
        out += [int(n) for n in re.findall(r"\d+", m.group())]
        last = m.end()
    if text[last:]:
        out.append(text[last:])
    return out


def unmarked(text: str) -> str:
    """``text`` with its bracketed numbers in parentheses, so none reads as a marker.

    Example:
        >>> unmarked("As noted [3], it rose [4, 5].")
        'As noted (3), it rose (4, 5).'
    """
    return MARKER.sub(lambda m: f"({m.group()[1:-1].strip()})", text)


def strip_markers(text: str) -> str:
    """``text`` without its ``[n]`` markers (and the space before each)."""
    return re.sub(r"\s+([.,;:!?])", r"\1", re.sub(rf"\s*{_MARKER_TEXT}", "", text)).strip()


def markers_before_stop(text: str) -> str:
    """``text`` with markers written after a full stop moved before it, so they stay with their sentence.

    Example:
        >>> markers_before_stop("It was built in 1871. [2] Hale built it.")
        'It was built in 1871 [2]. Hale built it.'
    """
    return _MARKERS_AFTER_STOP.sub(lambda m: f" {m.group(2).strip()}{m.group(1)} ", text)


def compose(sentences: Iterable[tuple[str, Iterable[int]]]) -> str:
    """Answer text: each sentence followed by its markers."""
    return " ".join(" ".join([" ".join(text.split()), *(marker(n) for n in ns)]) for text, ns in sentences)


def marked_pieces(text: str) -> list[str]:
    """``text`` cut after each run of markers, for streaming a composed answer a sentence at a time."""
    return re.findall(rf"\S.*?(?:{_MARKER_TEXT}|$)\s*", text)
