"""Scraped pages whose text is a form, not the article: told apart from articles, and blanked out of analysis.

Every page below was written for these tests, after the kinds met in scraped news (a verification
step, a sign-in form, a paywall, an author-alert sign-up, a video playlist), not copied from any.
"""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsledger.lexicon import LexiconError, parse_lexicon
from newsledger.model import Item
from newsledger.pagechrome import NEWS_MIN_WORDS, chrome_phrases, not_article_reason
from newsledger.segment import segment

SIGN_IN = (
    "Log in with your account:\n\n"
    "Sign in using your Daily Courier profile\n\n"
    "Welcome back! Please sign in.\n\n"
    "Forgot your password?\n\n"
    "Already have an account? Sign in here.\n\n"
    "By creating an account you agree to our Terms of Use and Privacy Policy."
)
VERIFICATION = (
    "One Last Step\n\n"
    "We have emailed you a verification email: follow the link inside it to activate your account.\n\n"
    "Nothing arrived after a few minutes? Look in your spam or junk folder.\n\n"
    "Dismiss"
)
PAYWALL = (
    "Thanks For Visiting!\n\n"
    "To keep going, please log in or purchase a subscription to continue reading this story.\n\n"
    "Already a subscriber? Log in.\n\n"
    "Don't have an account? Create an account today."
)
ALERTS = (
    "Close Get email notifications on Dana Reyes daily!\n\n"
    "Your notification has been saved.\n\n"
    "Whenever Dana Reyes posts new content, a message will land in your mailbox.\n\n"
    "Email notifications are only sent once a day."
)
COOKIES = (
    "We use cookies to tailor what you see here and to measure our traffic. By continuing to browse you accept "
    "our cookie policy.\n\nAccept\n\nManage settings"
)
TERMS = (
    "Terms of Service\n\n"
    "By using this website you agree to our terms of use and our privacy policy, which may change at any time."
)
PLAYLIST = (
    "0:41 Crews battle warehouse fire on Main Street Pause\n\n"
    "1:12 Council delays vote on new stadium\n\n"
    "2:05 'We are ready,' coach says before season opener\n\n"
    "0:55 Police search for missing hiker near Ridge Trail"
)

NEWS = (
    "Two men were wounded in a shooting outside a bowling alley on Harmon Road late Friday, police said.\n\n"
    "Officers found both men in the parking lot shortly after 11 p.m. They were taken to Mercy Hospital, "
    "where one was listed in serious condition.\n\n"
    "Investigators have not named a suspect. Anyone with information is asked to call the police."
)
SHORT_NEWS = "A 9-year-old boy was wounded Sunday when a gun his cousin was handling went off, deputies said."


@pytest.mark.parametrize(
    ("page", "reason"),
    [
        (SIGN_IN, "a sign-in form"),
        (VERIFICATION, "a registration form"),
        (PAYWALL, "a subscription wall"),
        (ALERTS, "a newsletter sign-up form"),
        (COOKIES, "a cookie notice"),
        (TERMS, "terms of service"),
        (PLAYLIST, "a list of other stories"),
    ],
)
def test_a_page_that_is_a_form_is_not_the_article(page: str, reason: str) -> None:
    assert not_article_reason(page) == reason


@pytest.mark.parametrize(
    "page",
    [
        NEWS,
        SHORT_NEWS,  # a short article with no chrome is still an article
        NEWS + "\n\nFor access to this article please sign in or subscribe.",
        NEWS + "\n\nGet our top stories delivered to your inbox. Sign up for the Morning Brief newsletter.\n\n"
        "Privacy Policy | Manage Newsletters",
        "You must sign in or register to continue reading content.\n\n" + NEWS,
        NEWS + "\n\n" + SIGN_IN,  # the news paragraphs are the article; the form only trails it
    ],
)
def test_an_article_with_a_sign_up_line_stays_an_article(page: str) -> None:
    assert not_article_reason(page) is None


def test_a_live_blog_with_timestamps_is_not_a_list_of_stories() -> None:
    blog = "10:45 Police closed Elm Street.\n\n11:02 A second ambulance arrived.\n\n11:30 The road reopened."

    assert not_article_reason(blog) is None


def test_two_timed_lines_are_not_a_list_of_stories() -> None:
    assert not_article_reason("0:41 Crews battle warehouse fire Pause\n\n1:12 Council delays vote") is None


def test_a_long_paragraph_quoting_a_privacy_policy_is_news_not_chrome() -> None:
    paragraph = (
        "The company changed its privacy policy on Tuesday after regulators in three states said the old terms "
        "of service let it sell location data without asking, and a spokeswoman said users would be told by email "
        "within a week. " * 4
    )

    assert not_article_reason(paragraph) is None


def test_the_reason_follows_precedence_not_order_of_lines() -> None:
    """A sign-in form that ends with a paywall prompt is a subscription wall, the first kind in the file."""
    assert not_article_reason("Please sign in\n\nSubscribe to continue reading.") == "a subscription wall"


def test_trivial_lines_do_not_count_as_news() -> None:
    page = "Close\n\nEmail\n\nJust One More Thing...\n\n" * 20 + "Please sign in to continue."

    assert not_article_reason(page) == "a sign-in form"


def test_enough_news_beside_a_form_makes_an_article() -> None:
    news_line = " ".join(["word"] * NEWS_MIN_WORDS)

    almost = " ".join(["word"] * (NEWS_MIN_WORDS - 1))
    form = "\n".join(["Please sign in to your account now."] * 6)  # 42 words of chrome

    assert not_article_reason(form + "\n\n" + news_line) is None
    assert not_article_reason(form + "\n\n" + almost) == "a sign-in form"
    assert not_article_reason("Please sign in.\n\n" + almost) is None  # the text outweighs one form line


def test_curly_apostrophes_and_spacing_do_not_hide_a_phrase() -> None:
    assert not_article_reason("You’re   all set!\n\nSign up   to follow this reporter.") == (
        "a newsletter sign-up form"
    )


# -- the phrase file -----------------------------------------------------------------------------------------


def test_a_malformed_phrase_file_is_an_error_naming_the_file() -> None:
    with pytest.raises(LexiconError, match=r"newsledger/pagechrome\.toml: not valid TOML"):
        parse_lexicon('[[phrases]]\ngroup = "a sign-in form"\nwords = ["please sign in"', "newsledger/pagechrome.toml")


def test_a_phrase_that_could_never_match_is_refused() -> None:
    lexicon = parse_lexicon('[[phrases]]\ngroup = "a sign-in form"\nwords = ["Please Sign In"]\n', "pagechrome.toml")

    with pytest.raises(LexiconError, match=r"pagechrome\.toml .*'Please Sign In'"):
        chrome_phrases(lexicon)


def test_a_phrase_file_without_phrases_is_refused() -> None:
    with pytest.raises(LexiconError, match=r"pagechrome\.toml: no grouped table \[phrases\]"):
        chrome_phrases(parse_lexicon("[other]\nwords = ['x']\n", "pagechrome.toml"))


def test_a_phrase_listed_under_two_reasons_is_refused() -> None:
    text = (
        '[[phrases]]\ngroup = "a sign-in form"\nwords = ["please sign in"]\n'
        '[[phrases]]\ngroup = "a registration form"\nwords = ["please sign in"]\n'
    )
    with pytest.raises(LexiconError, match="listed under both"):
        parse_lexicon(text, "pagechrome.toml")


# -- hostile input --------------------------------------------------------------------------------------------

LINES = st.sampled_from(
    ["", " ", "\t", "Please sign in", "0:41 Fire Pause", "Close", "word " * 30, "privacy policy", "\r", "…", "x" * 500]
)


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(), st.lists(LINES, max_size=60).map("\n".join)))
def test_the_judgement_never_raises(text: str) -> None:
    assert not_article_reason(text) in {
        None,
        "a subscription wall",
        "a sign-in form",
        "a registration form",
        "a newsletter sign-up form",
        "a cookie notice",
        "terms of service",
        "a redirect notice",
        "a list of other stories",
    }


MEGABYTE = 1_000_000


@pytest.mark.parametrize(
    "text",
    [
        "x" * MEGABYTE,  # one huge line
        "\n" * MEGABYTE,  # nothing but blank lines
        "\r\n" * (MEGABYTE // 2),
        ("Please sign in\n" * (MEGABYTE // 15)),  # a million bytes of chrome, every line matched
        ("abcd efgh\n" * (MEGABYTE // 10)),  # short lines, each looked at
        ("0:41 Crews battle fire Pause\n" * (MEGABYTE // 29)),
        (("sign in " * 49) + "\n") * (MEGABYTE // 393),  # long lines full of a phrase's words
    ],
    ids=["one-line", "blank-lines", "crlf", "chrome-lines", "short-lines", "playlist", "long-lines"],
)
def test_a_megabyte_is_judged_well_under_a_second(text: str) -> None:
    started = time.perf_counter()
    not_article_reason(text)

    assert time.perf_counter() - started < 1.0


# -- in segmentation ------------------------------------------------------------------------------------------


def _jsonl(text: str, title: str | None = "Man shot at bowling alley") -> Item:
    return Item(source="p-1", text=text, format="jsonl", path="pages.jsonl", title=title, given_id="p-1")


def test_a_form_is_flagged_and_blanked_out_of_analysis() -> None:
    item = _jsonl(VERIFICATION)

    (article,) = segment(item)

    assert article.not_article == "a registration form"
    assert article.title == "Man shot at bowling alley"
    assert article.text == VERIFICATION  # the stored text is as given
    assert not article.analysis_text.strip()
    assert len(article.analysis_text) == len(article.text)
    assert [span.text for span in article.boilerplate] == [line for line in VERIFICATION.splitlines() if line]
    assert all(item.text[s.start : s.end] == s.text for s in article.boilerplate)


def test_an_article_is_not_flagged_and_keeps_its_text_for_analysis() -> None:
    (article,) = segment(_jsonl(NEWS + "\n\nFor access to this article please sign in or subscribe."))

    assert article.not_article is None
    assert article.analysis_text.startswith("Two men were wounded in a shooting")


def test_a_headline_line_taken_as_the_title_stays_analysed() -> None:
    """In a plain text file the title is the headline line at the top: it is kept, the form under it is not."""
    text = "Man Shot Outside Bowling Alley\n\n" + SIGN_IN
    item = Item(source="page.txt", text=text, format="text", path="page.txt")

    (article,) = segment(item)

    assert article.title == "Man Shot Outside Bowling Alley"
    assert article.not_article == "a sign-in form"
    assert article.analysis_text.startswith("Man Shot Outside Bowling Alley\n\n")
    assert all(span.start > 0 for span in article.boilerplate)
    assert not article.analysis_text[len("Man Shot Outside Bowling Alley") :].strip()


def test_a_kicker_over_a_form_is_dropped_with_it() -> None:
    (article,) = segment(_jsonl("UPDATE: Please sign in to continue.\n\nForgot your password?"))

    assert article.not_article == "a sign-in form"
    assert article.kicker is None
    assert not article.analysis_text.strip()


def test_a_short_brief_ending_with_a_sign_up_line_is_still_the_article() -> None:
    brief = (
        "A 24-year-old man was shot and killed on Pine Street late Friday, police said. Officers found him near "
        "the corner store. Anyone with information is asked to call police.\n\n"
        "Sign up for our newsletter to get the day's top stories delivered to your inbox."
    )
    assert not_article_reason(brief) is None


def test_a_timeline_with_clock_times_in_capitals_is_not_a_playlist() -> None:
    timeline = (
        "7:15 PM First 911 call reports shots on Pine Street\n"
        "7:21 PM Officers arrive and find two men wounded\n"
        "7:40 PM Both men taken to County General\n"
    )
    assert not_article_reason(timeline) is None
