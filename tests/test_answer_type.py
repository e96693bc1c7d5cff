from qa.answer_type import (DATE, another_figure, best_span, demands, gives_instruction, gives_version, holds, kind_of, lacks,
                            lacks_someone, licence_unnamed, release_missing, spans, support_unnamed, year_missing)


def test_the_kind_of_thing_a_question_asks_for():
    assert kind_of("In what year did the keeper leave?") == "date"
    assert kind_of("How much did the strikes cost?") == "number"
    assert kind_of("Whose logbook was it?") == "name"
    assert kind_of("Why was the light automated?") is None


def test_spans_of_a_kind_leave_out_what_the_question_names():
    s = "Ida Penrose left the tower in 1987, after Oswin Hale's light was automated."
    assert [s[a:b] for a, b in spans("name", s, "Who left after Oswin Hale's light was automated?")] == ["Ida Penrose"]
    assert [s[a:b] for a, b in spans("date", s, "When did she leave?")] == ["1987"]
    assert spans(None, s, "Why did she leave?") == []


def test_a_number_keeps_its_scale_and_the_nearest_span_is_the_answer():
    s = "In 2024 the fleet had 12 ships; strikes have killed 3.5 million fish since then."
    a, b = best_span("number", s, "How many fish have the strikes killed?")
    assert s[a:b] == "3.5 million fish"


def _marked(sentence: str, question: str) -> str:
    a, b = best_span("number", sentence, question)
    return sentence[a:b]


def test_a_count_is_marked_with_its_qualifier_currency_and_unit():
    assert _marked("Since 2019 the harbour has sold over 90% of its catch abroad.", "What percentage of the catch is sold abroad?") == "over 90%"
    assert _marked("The new pier cost the town $4.5 million.", "How much did the pier cost?") == "$4.5 million"
    assert _marked("Ida Penrose kept the light for 38 years from 1950.", "How long did Ida Penrose keep the light?") == "38 years"
    assert _marked("They rowed 12 miles across the bay.", "How far did they row?") == "12 miles"
    assert _marked("Seventy-five lamps were lit.", "How many lamps were lit?") == "Seventy-five lamps"


def test_the_count_marked_is_the_one_of_the_thing_counted():
    # Not the year, not the ordinal, not the other count: the percentage, the sum, the keepers.
    assert _marked("In 1987 the 12 towns sold 28% of the fish.", "What percentage of the fish did the towns sell?") == "28%"
    assert _marked("In 1987, 12 keepers raised $300 for the lamp.", "How much money did the keepers raise?") == "$300"
    assert _marked("At the 52nd meeting, seven keepers voted.", "How many keepers voted at the meeting?") == "seven keepers"
    assert best_span("number", "It was the 52nd meeting.", "How many meetings were there?") is None


def test_holds_is_false_for_questions_of_no_kind():
    assert holds("When was it built?", "It was built in 1871.")
    assert not holds("When was it built?", "It was built by Oswin Hale.")
    assert not holds("Why was it built?", "It was built in 1871.")


def test_only_a_question_that_opens_by_asking_for_a_date_or_a_count_demands_one():
    assert demands("When was the pier closed?") == demands("On what exact date did it close?") == "date"
    # A "when" in the present or with a modal asks for a condition.
    assert demands("When should I use --force?") is None and demands("When is a lock taken?") is None
    assert demands("How many lamps were sold?") == demands("In how many towns?") == "number"
    # A "when" or a "how many" inside the question asks for something else.
    assert demands("What does the keeper say when the lamp fails?") is None
    assert demands("When Ida was keeper, who built the pier?") is None
    assert demands("Who left?") is None and demands("Why did it close?") is None


def test_a_quote_lacks_the_date_or_number_it_does_not_give():
    assert lacks("How many lamps were sold?", ["The lamps were sold to a museum."])
    # A bound of a dependency's version counts nothing.
    assert lacks("How many lamps ship in lampd?", ["A package of lamps should depend on lampd (>= 20130119)."])
    assert not lacks("How many lamps were sold?", ["Seventeen lamps were sold."])
    # A number the question itself gives is no answer.
    assert lacks("How many of the 12 lamps were sold?", ["Of the 12 lamps, many were sold."])
    assert not lacks("When did it close?", ["It closed in October, after the storms."])
    # A season, a time of day or a time relative to now answers "when" about the past, not "in what year".
    assert not lacks("When did the inspector come?", ["The inspector came in spring."])
    assert not lacks("When was it reported?", ["Earlier this week, The Times reported it."])
    assert lacks("In what year did the inspector come?", ["The inspector came in spring."])
    assert lacks("When did the inspector come?", ["The inspector came by boat."])
    # A software's change is dated by the version it came in.
    assert not lacks("When was fog mode removed?", ["Fog mode was removed in version 22.0."])
    assert lacks("When was fog mode removed?", ["Fog mode was removed from version control."])
    # or by the product's name and its release's number; a section's number is none.
    assert not lacks("When did support for Mac OS 9 end?", ["Support for Mac OS 9 ended with Lampd 1.7.1."])
    assert lacks("When did support for Mac OS 9 end?", ["Support for Mac OS 9 is described in Section 1.7."])
    assert not lacks("Why did it close?", ["It closed."])
    # A chronology's entries under their year's heading: a month or a season as a label is the date.
    assert not lacks("When did the lamp move to the tower?", ["June: the lamp moves to the tower."])
    assert not lacks("When was the lamp overhauled?", ["Spring: a major overhaul of the lamp."])
    assert lacks("When did it move?", ["It may: be moved."]) and lacks("When did it move?", ["Note: it moved."])
    # The latest version is a version: a sentence about the thing gives none.
    assert lacks("What is the latest released version of lampd?", ["Lampd runs on asyncio or on Trio."])
    assert not lacks("What's the current stable release of lampd?", ["Lampd 2.4.1 is the current stable release."])
    assert not lacks("What is the latest version of lampd?", ["It lights lamps."], ["2.4.1 (2026-03-02)"])
    # So is the version of a thing that something holds or is based on, and the least version of what it needs.
    assert lacks("Which upstream version of lampd is the Debian package based on?", ["Patches are applied to lampd for Debian."])
    assert not lacks("Which version of tidelib is bundled with lampd?", ["Lampd bundles tidelib 2.1.4."])
    assert lacks("What is the minimum Python version supported by lampd?", ["Lampd ships wheels for each Python version."])
    assert not lacks("What is the minimum Python version supported by lampd?", ["Lampd needs Python 3.9 or later."])
    assert lacks("What is the minimum macOS version supported by lampd?", ["Wheels are built for Linux, macOS and Windows."])


def test_a_question_that_names_the_measure_it_asks_for_demands_a_number():
    assert demands("What key size does the guide recommend?") == demands("Which port does the script open?") == "number"
    assert demands("What is the maximum number of lamps one keeper may light?") == "number" and demands("Which Count led them?") is None
    assert lacks("What is the maximum number of lamps one keeper may light?", ["A keeper may light several lamps."])
    assert demands("What is the population of the island?") == demands("At what age did she leave?") == "number"
    assert demands("What compression ratio did it reach?") == "number"
    # The measure's word elsewhere asks for no value.
    assert demands("What does the port forward to?") is None and demands("What did the rise in prices cause?") is None
    assert lacks("What compression ratio did it reach at level 19?", ["It offers stronger compression ratios."])
    assert not lacks("Which port does the script open?", ["The script opens port 443 for outgoing traffic."])


def test_the_year_of_a_date_is_no_count_but_a_number_before_what_it_counts_is():
    assert lacks("How many developers voted?", ["The developers accepted it in June 1997."])
    assert lacks("How many developers voted?", ["It was ratified in 2004 by a vote."])
    assert not lacks("How many people were injured?", ["1000 people were injured in the aftershock."])
    assert not lacks("How many developers voted?", ["In 2004, 212 developers voted."])
    assert lacks("How much memory does it use?", ["It builds Chrome and related projects (v8, node.js) on x86_64."])
    assert lacks("How much slower does it run?", ["It is licensed under the GNU General Public License, version 2."])
    assert not lacks("How much slower does it run?", ["It runs 2 times slower, as chapter 3 explains."])

def test_a_name_a_copyright_or_a_dates_day_is_no_count():
    assert lacks("How many versions does the archive keep?", ["It keeps the builds of Python 3 and Python 2."])
    assert lacks("How many keepers were there?", ["Copyright (c) 1996, 1997 Ida Penrose, revised January 26, 2004."])
    assert not lacks("How many keepers were there?", ["By 1997 the light had 3 keepers."])
    assert not lacks("What percentage of the town is Dutch?", ["Dutch residents are 4% of it, and Japanese 0.3%."])
    # A manual page's section after its name: "lampctl-light(1)" is a page, not one of anything.
    assert lacks("How many wicks does lampctl trim?", ["Wicks are trimmed by lampctl-trim(1), see also lampd.conf(5)."])
    assert not lacks("How many wicks does lampctl trim?", ["lampctl-trim(1) trims 3 wicks at a time."])


def test_how_much_something_costs_is_an_amount_of_money_or_a_share():
    assert lacks("How much does the lamp oil cost?", ["Version 1.0 of the lamp burns 12 hours."])
    assert not lacks("How much does the lamp oil cost?", ["The oil costs $4 a gallon."])
    assert not lacks("How much did the keepers earn?", ["They earned 300 pounds a year."])
    assert not lacks("How much of the revenue came from oil?", ["Oil sales were 32% of the revenue."])
    assert not lacks("How much oil does the lamp burn?", ["It burns 12 gallons a week."])  # an amount, not money


def test_a_month_alone_is_a_date_after_a_preposition_of_time():
    text = "Sanctions came in October and again since March 2020; they may march on until mid-June."
    assert [m.group() for m in DATE.finditer(text)] == ["in October", "March 2020", "mid-June"]


def test_a_date_in_figures_is_a_date():
    text = "Revised 01/06/94, reprinted on 2015-12-28; pages 3/4 of the 2015-16 report, version 1.1.2."
    assert [m.group() for m in DATE.finditer(text)] == ["01/06/94", "2015-12-28", "2015-16"]
    assert not lacks("When was the manifesto revised?", ["Revised 01/06/94"])


def test_another_version_or_year_than_the_one_asked_about():
    asked = "When was lampctl 1.1 released?"
    assert another_figure(asked, "lampctl 2.1 was released in May 1999.")
    assert not another_figure(asked, "lampctl 1.1 followed 2.0 in June 1996.")
    assert not another_figure(asked, "The lamp was lit 42 times.")  # a count is no version
    assert not another_figure("Who lit the lamp?", "lampctl 2.1 was released in May 1999.")


def test_an_instruction_is_a_command_or_an_order_for_a_question_that_asks_how_to():
    asked = "How do I cancel a queued job?"
    assert gives_instruction(asked, "For queued jobs, it is almost as easy: run lampq rm job-number.")
    assert gives_instruction(asked, "$ lampq rm 12")
    assert gives_instruction(asked, "Use lampq rm with the job's number.")
    assert gives_instruction("How can I cancel it?", "Or, to cancel them all, use: lampq rm -a")
    assert gives_instruction("And how do I restart it?", "$ lampq restart 12")  # a follow-up asks so too
    assert gives_instruction("What should I do if a job hangs?", "If a job hangs, please write to the keepers' list.")
    assert not gives_instruction("How do I set a job's lamp?", "Please keep in mind that a job's lamp is set once.")
    # Not a description that opens with the verb in lower case, nor prose that merely uses it; nor for another question.
    assert not gives_instruction(asked, "remove the job irrespective of its state.")
    assert not gives_instruction(asked, "Many keepers use lampq to queue their jobs.")
    assert not gives_instruction("What does lampq rm do?", "$ lampq rm 12")
    # A manual's command, key or option named with what it does; a key to press.
    assert gives_instruction(asked, 'The "x" command removes the job under the cursor.')
    assert gives_instruction(asked, "The --drop option removes the job from the queue.") and gives_instruction(asked, "Press CTRL-X.")
    assert not gives_instruction(asked, 'The "x" command is one of the oldest.')
    # A question that asks for the command or option that does it asks how to.
    assert gives_instruction("Which command cancels a queued job?", "Use lampq rm with the job's number.")
    assert gives_instruction("What option makes lampq quiet?", "$ lampq -q rm 12")


def test_a_capitalised_function_word_is_no_name():
    # "This" opening a sentence is no answer to "Who wrote lampctl?"; a name that opens with "The" still is one.
    assert not holds("Who wrote lampctl?", "This terminal is provided to debug lampctl.")
    assert spans("name", "The Harbour Board wrote lampctl.", "Who wrote lampctl?") == [(0, 17)]


def test_a_version_answers_a_question_that_asks_which_version():
    asked = "Which lampctl version added fog mode?"
    assert gives_version(asked, "Fog mode came with lampctl 2.4, after the storms.")
    assert gives_version(asked, "Fog mode was added in version 3.")
    assert gives_version("What release of Lampd made fog mode the default?", "Since Lampd 7, fog mode is on.")
    # Not a sentence that names versions without giving one, nor an amount, nor for another question.
    assert not gives_version(asked, "Whether fog mode is there depends on the lampctl version you run.")
    assert not gives_version(asked, "Fog mode cost 3.5 million to build.")
    assert not gives_version("When was fog mode added?", "Fog mode came with lampctl 2.4.")
    # A release of a product the question does not name; not a date's day, a chapter or a year.
    dedicated = "Which release was dedicated to Ida Penrose?"
    assert gives_version(dedicated, 'We therefore dedicate Lampd 9 "gale" to Ida.')
    assert not any(gives_version(dedicated, s) for s in ("Ida died on December 26 2015.", "See Chapter 5 for Ida.", "In 2015 Ida left."))


def test_a_release_the_passages_never_number_is_missing():
    assert release_missing("When was Lampd 30 released?", ["Lampd 18.59 (1992-10-30)", "Lampd 19.10 (1993-05-30)"])
    assert not release_missing("When was Lampd 13 released?", ["Lampd 13 (1985-03-20)"])
    assert not release_missing("When was Lampd 30 released?", ["Version 30 of Lampd came out in 2024."])
    assert not release_missing("When was Lampd released?", ["Lampd 18.59 (1992-10-30)"])  # no release named
    assert not release_missing("What did Ida do on December 30?", ["Ida trimmed the wick."])  # a day, no release


def test_a_name_that_ends_in_a_word_of_the_question_is_not_who_it_asks_for():
    asked = "Who wrote the first Lampctl tutorial?"
    assert not holds(asked, "This version of the tutorial is a part of GNU Lampctl.")
    assert holds(asked, "It descends from the one written by Stuart Cracraft for the original Lampctl.")
    assert holds("Who founded the Harbour Board?", "The Board was founded by The Keepers Guild.")  # "The" is no shared word
    assert holds("Who may propose laws in the Harbour Union?", "The Harbour Commission proposes laws.")  # no Union


def test_a_who_question_is_answered_by_someone_named_addressed_or_by_their_role():
    asked = "Who maintains lampctl?"
    assert lacks_someone(asked, ["Lampctl is part of the lamp suite.", "Instances are created internally by Lampctl."])
    # A name in code is none: a call, a constant.
    assert lacks_someone(asked, ["The keep parameter of Lampctl.get() is obsolete.", "See Lampctl.SUPPORTED_LAMPS for more."])
    assert not lacks_someone(asked, ["Lampctl is kept by a community, with Ida at the wheel."])  # a name inside its sentence
    assert not lacks_someone(asked, ["Write to keepers@lamp.example to help."]) and not lacks_someone(asked, ["Lead: @ida-p"])
    assert not lacks_someone(asked, ["The harbour team keeps it."]) and not lacks_someone(asked, ["It is kept by its users."])
    assert not lacks_someone(asked, ["The harbour office keeps it."])  # a body named by what it is
    # What someone named was is said of them, named or not; a question that asks no "who" demands no one.
    assert not lacks_someone("Who was Ida Penrose?", ["A keeper of the light for forty winters."])
    assert not lacks_someone("What keeps the lamp lit?", ["Oil keeps it lit."])
    # The role the question asks about names no one.
    assert lacks_someone("Who is the current harbour leader?", ["The harbour has had several leaders since 1871."])
    assert not lacks_someone("Who is the current harbour leader?", ["The harbour board names its leaders."])


def test_in_which_version_something_happened_is_answered_by_a_version():
    asked = "In which Lampd release did dimming become stable?"
    assert lacks(asked, ["Lampd supports dimming the harbour lamps at dusk."])
    assert not lacks(asked, ["Dimming became stable in Lampd 2.4."]) and not lacks(asked, ["Since v0.22.0, Lampd dims lamps."])
    assert not lacks("Which version of Lampd should I use?", ["Use the latest one your harbour supports."])
    # "Which ... version" with a verb of change asks it too.
    assert lacks("Which Lampd version introduced dimming?", ["Dimming is described in Section 2.3."])
    assert not lacks("Which Lampd version introduced dimming?", ["Lampd 2.4 dims the lamps."])
    # So does one that asks which release first included or supported something.
    assert lacks("Which release first included dimming?", ["This is the first release to include dimming."])
    assert lacks("Which release first supported fog lamps?", ["This was the first release that supported fog lamps."])
    # Which versions of a named thing another supports is answered by that thing's name with a version only.
    asked = "Which Python versions does lampd support?"
    assert lacks(asked, ["Lampd requires only a few wicks.", "Since version 0.22.0, lampd dims lamps."])
    assert not lacks(asked, ["Supports Python 3.7 or higher"]) and not lacks(asked, ["Tested on CPython 2.7, 3.7 and 3.8."])
    assert not lacks(asked, ["Lampd is tested for supported Python, i.e. 3.9+."]) and lacks(asked, ["Python has 3 modes."])
    assert lacks("Which version of Lampd was first shipped with dimming?", ["Dimming dims the lamps."])
    # A changelog gives it in the heading over its changes.
    assert not lacks("In which Lampd release was dimming added?", ["Add dimming of lamps"], ["2.4.0 / 2019-05-16"])
    assert lacks("In which Lampd release was dimming added?", ["Dimming dims the lamps."], ["2.4 The dimming element"])


def test_a_year_the_question_names_must_be_given_by_a_quote_or_its_heading():
    asked = "Who took over the lamp in 2010?"
    assert year_missing(asked, ["Ida Penrose took over the lamp in 1992."])
    assert not year_missing(asked, ["Ida Penrose took over the lamp in 2010."])
    assert not year_missing(asked, ["Ida Penrose took over the lamp."], ["History › 2010"])
    # A decade, or a bound of a span, is answered by other years.
    assert not year_missing("Who kept the lamp in the 1990s?", ["Ida kept it from 1992."])
    assert not year_missing("Who kept the lamp between 1990 and 1999?", ["Ida kept it from 1992."])
    assert not year_missing("Who kept the lamp?", ["Ida kept it."])
    # A year that is part of a name is no time asked about; a month's is.
    assert not year_missing("What is the Keeper's Oath of 1871?", ["A keeper lights the lamp at dusk."])
    assert year_missing("Who lit the lamp in May of 1871?", ["Ida lit the lamp in May of 1872."])


def test_whether_a_thing_is_supported_is_not_answered_by_quotes_that_never_name_it():
    asked = "Does lampd support YAML files?"
    assert support_unnamed(asked, ["Use lampd-sync to share your .conf files."])
    assert not support_unnamed(asked, ["Lampd reads YAML files as well as .conf files."])
    # A name in capitals is enough ("the REAL type" of "the ASN.1 REAL type"); plain words must all be in one quote.
    assert not support_unnamed("Does lampd handle the ASN.1 REAL type?", ["This version doesn't handle the REAL type."])
    assert not support_unnamed("Does lampd support connection pooling?", ["Keep-Alive & Connection Pooling"])
    assert support_unnamed("Does lampd support stored procedures?", ["Lampd stores its settings in a file."])
    assert not support_unnamed("What does lampd support?", ["Nothing."])


def test_a_count_of_zero_answers_how_many():
    asked = "From how many towers can a lamp draw oil?"
    assert not lacks(asked, ["In Lampd, a lamp can draw oil from zero or more other towers."])
    assert lacks(asked, ["A lamp draws oil from the tower it stands in."])


def test_which_licence_is_answered_only_by_quotes_that_name_one():
    asked = "What licence is lampd released under?"
    assert licence_unnamed(asked, ["Since version 0.26, Lampd has vendored Wickd.", "Open Source (OSI approved):"])
    assert not licence_unnamed(asked, ["Lampd is in the public domain."]) and not licence_unnamed(asked, ["It is GPL-3.0."])
    assert not licence_unnamed(asked, ["Open Source (OSI approved):"], ["Lampd", "Licence"])
    assert licence_unnamed("Under which license is it distributed?", ["It is fast."])
    assert not licence_unnamed("What does lampd do?", ["It lights the lamp."])
    # Apache names a licence with its word or version, not a project of its foundation's
    assert licence_unnamed(asked, ["Lampd reads tables from Apache DataFusion and Apache Spark."])
    assert not licence_unnamed(asked, ["Lampd is Apache-2.0."]) and not licence_unnamed(asked, ["Apache License, Version 2.0"])


def test_when_is_answered_by_a_release_named_with_its_number():
    asked = "When was support for whale oil dropped?"
    assert not lacks(asked, ["Support for whale oil was dropped in the Wick (Lampd 4.0) release."])
    assert not lacks(asked, ["Whale oil was replaced with kerosene in Jessie (Lampd 8)."])
    assert lacks(asked, ["Support for whale oil was dropped in the Wick release."])


def test_a_share_is_no_count_of_what_how_many_asks_for():
    asked = "How many keepers voted on the lamp charter?"
    assert lacks(asked, ["The first charter said the lamp will remain 100% lit."])
    assert lacks(asked, ["Some 15 per cent of the keepers voted."]) and not lacks(asked, ["About 40 keepers voted."])
    # "How many of the towers" asks for a share as much as a count.
    assert not lacks("How many of the towers fell?", ["About 80% of the towers fell."])


def test_twice_and_half_are_amounts():
    asked = "How much oil does the new lamp burn?"
    assert not lacks(asked, ["The new lamp burns half the oil of the old one."])
    assert not lacks("How much disk space does a trim need?", ["A trim needs as much as twice the size of the log."])
    assert lacks(asked, ["The new lamp burns less oil than the old lamp."])


def test_what_a_price_is_is_an_amount_of_money():
    assert lacks("What is the price of lampd?", ["The 0.14 release is a complete reworking of lampd."])
    assert not lacks("What is the price of lampd?", ["A licence of lampd costs $40 a year."])
