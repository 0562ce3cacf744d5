"""Attributed claims (who said what, how, to whom, through which channel), through the real pipeline.

Each text is a sentence or two of hand-written English, one per construction,
run through Item -> segment -> analyse -> find_entities -> find_claims once per
module (spaCy loads once). Every expectation is read off the English by hand,
never copied from the code's output.

Constructions the extractor gets wrong today are kept as tests and marked
``xfail(strict=True, reason="KNOWN GAP: ...")``: closing a gap makes the test
fail until its marker is removed, so the list of gaps stays true.

The last part checks the seed (``../shared/seed/``, skipped when absent)
through conftest's session fixtures: the export's ``claims`` and the link from
a count to the claim that holds it.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from newsledger.extract.claims import Claim, find_claims
from newsledger.extract.entities import find_entities
from newsledger.model import AnalysedArticle, Entity, Item, Span
from newsledger.nlp import analyse
from newsledger.segment import segment


def gap(reason: str) -> pytest.MarkDecorator:
    return pytest.mark.xfail(strict=True, reason=f"KNOWN GAP: {reason}")


# One JSONL item per construction (a JSONL item is one article), unless FORMATS says otherwise.
TEXTS: dict[str, str] = {
    # how it was said
    "direct_cue_after": "“We are ready,” the minister said.",
    "indirect_that": "The ministry said that the bridge had reopened.",
    "mixed": "The White House said troops are on the “front lines” of the war.",
    "continued_quote": ("“We must take additional measures to ensure our security,” Putin told a meeting. "
                        "“We are doing it accurately and in a balanced way.”"),
    # where the source is
    "postposed_channel": "The casualties occurred around three villages, the agency said in a public post on Telegram.",
    "source_after_cue": ("Satellite photos show a large laser facility in Mianyang, said Decker Eveleth, "
                         "a researcher at CNA Corp."),
    # whom the source is
    "pronoun_it": "The Russian Defense Ministry said the bridge had reopened. It said traffic would resume on Monday.",
    "pronoun_he": "Major General Pat Ryder said the troops had arrived. He said they would stay for a month.",
    "surname": "Major General Pat Ryder said the troops had arrived. Ryder said they would stay for a month.",
    "acronym": ("The International Rescue Committee (IRC) said the clinics would close. "
                "The IRC did not respond to a request for comment."),
    "title_short": "National Security Council spokesman John Kirby confirmed the assessment on Monday.",
    "title_long": ("US National Security Council Coordinator for Strategic Communications John Kirby confirmed "
                   "the assessment on Monday."),
    # non-answers
    "refer": "Kremlin spokesman Dmitry Peskov referred questions to the Russian Ministry of Defense.",
    "declined": "The company declined to comment.",
    "not_immediately": "The Pentagon did not immediately comment.",
    "requests_plural": "The ministry did not respond to requests for comment.",
    "not_reached": "The company could not be reached for comment.",
    "no_number": "The spokesman did not have a specific number of casualties.",
    # stances
    "believes": "The minister believes the talks will fail.",
    "suggests": "The report suggests that prices will rise.",
    "promised": "The mayor promised that the road would reopen.",
    "pledged": "The government pledged to rebuild the school.",
    "has_pledged": "North Korean leader Kim Jong-un has pledged unwavering support for Russia.",
    "confirmed": "The army confirmed that two soldiers were killed.",
    "denied": "The ministry denied that its troops had crossed the border.",
    "has_heard": "The woman filmed her baby to solicit donations, a magistrate has heard.",
    # "according to"
    "according_front": "According to police, the suspect fled on foot.",
    "according_end": "The suspect fled on foot, according to police.",
    "according_inside": "The suspect, according to police, fled on foot.",
    # audience
    "audience": "Ryder told reporters that the troops had arrived in Kursk.",
    # anonymous sources
    "anon_officials": "Officials said the road was closed.",
    "anon_list": "A local official and two camp committee members said the clinics would close.",
    "anon_researcher": "The facility could aid weapons design, a US researcher said.",
    "anon_experts": "China appears to be building a large fusion center, experts at two analytical organizations said.",
    # constructions found by error analysis on PolNeAR's train split (sentences written for these tests)
    "woven_quote": "The coach says the league has become “far too soft on everybody” because owners fear lawsuits.",
    "set_off_cue": "The budget, the mayor said, will be balanced by June.",
    "accused_of": "The senator accused the governor of hiding the audit.",
    "endorsed_for": "The union endorsed Ms. Alvarez for mayor.",
    "trailing_relative": "The minister urged voters to back the reform, which parliament rejected last year.",
    "it_seems": "It seems that the talks have stalled.",
    "hopes": "The governor hopes to sign the bill next week.",
    "continued": "“We will keep going,” the coach continued.",
    "run_on_quote": "“The harbour will reopen,” the mayor said, “but not before the storm season ends.”",
    "run_on_sentences": ("“Our ferries are full,” said Ms. Okafor, the port director. ''We need two more boats.'' "
                         "The council meets on Friday."),
    "quote_then_own_claim": ("“Prices will fall,” the minister said. "
                             "“I doubt that very much,” the economist replied."),
    "referring_to": "The mayor was referring to the new stadium.",
    "reiterated": "The senator reiterated that the bill would pass.",
    "in_a_survey": "The mayor led comfortably in a survey of city voters.",
    # a headline's name and colon; a quote the sentencizer split from its "X said."
    "headline_colon": "Mark Cuban: I'd consider a future White House bid. He owns a basketball team.",
    "headline_colon_kicker": "EXCLUSIVE – Roger Stone: Don’t Trust the Voting Machines. He spoke on Monday.",
    "headline_colon_to": "Obama To Asian Leaders: It Is Going To Be OK. The president spoke in Lima.",
    "headline_colon_label": "Analysis: Mayor Wins Third Term. The count ended late.",
    "said_after_quote": ("Critics were loud. “I hope you’re able to find the 30,000 emails that are missing.” "
                         "Trump said. The crowd cheered."),
    "told_after_quote": ("He spoke. “Get your sledgehammers ready because we’ve got a ceiling to demolish!” "
                         "he told the cheering crowd. They cheered."),
    "said_after_quote_taken": "“We will win the state by a wide margin,” he said. The senator said.",
    # "according to" that the parser misreads; passives with their agent; a cue inside a quote
    "according_root": ("He left. According to conservative radio host Rush Limbaugh, the move reeks of "
                       "“fear” and desperation."),
    "according_infinitive": "Trump demeaned women with sexist language, according to show insiders.",
    "passive_agent": "The registration issue was first reported by The Washington Post.",
    "tacked_on_deep": ("Clinton has said she wants to establish a safe zone in Syria and has expressed support "
                       "for wider military engagement."),
    "tacked_on_deep_past": "Ginsburg said that she did not want to think about it and predicted that Clinton will win.",
    "coordinated_content": "He said prices rose and fell.",
    "coordinated_postposed": "Those troops have been used in an infantry role and started fighting a week ago, Ryder said.",
    "as_noted": "As the Business Times noted, Clinton raised more than $1.1 million from the industry.",
    "as_reported_after": "Clinton raised more than $1.1 million, as the Times reported.",
    "as_expected": "As expected, the bill passed.",
    "as_while": "As Obama spoke, protesters gathered outside the hall.",
    "verbless_postposed": "Too early to tell, officials said.",
    "coordinated_after_passive": "Police said the suspect was shot and died at the scene.",
    "colon_label_price": "Price: $20 per person. Tickets sold out.",
    "colon_with_inner_claim": "Poll: Most voters say the economy is weak.",
    "according_apposition": "According to John Smith, a spokesman for the agency, the plan will cost $5 million.",
    "passive_accused_of": "Smith resigned after he was accused by colleagues of fraud.",
    "while_saying": "While saying that he does respect Mrs. Clinton, the senator continued to express doubts.",
    "doubled_quote_opens_sentence": ("He left. ''As I look out my window, I see a bunch of flickering lights in the "
                                    "Parisian night,'' he said. The streets were deserted."),
    "short_quote_split": "He called. “I’m honored!” she said. The crowd cheered.",
    "short_quote_then_cue": "He asked. \"Absolutely,\" he said when asked by a reporter.",
    "asked_fronted": "Asked what might surprise people about him, he says he still meets his old friends.",
    "said_no": "When asked if her email practices were illegal, she said no.",
    "able_to_tout": "He was able to consistently tout his polling strength while needling opponents.",
    "fronted_phrase": "At the rally in Ohio, the senator agreed.",
    "as_reported_by": "As reported by the Chicago Tribune, the mayor will resign next month.",
    "called_for_clause": "The senator called for Republicans to back the bill.",
    "asked_by_if": "Asked by a reporter if the plan would pass, the governor smiled.",
    "quote_after_cue": "Stressing the stakes, the governor said, “We cannot wait any longer.”",
    "statement_then_quote": "After the vote, the party issued a statement, “We will fight this ruling.”",
    "quote_before_asked": "“Did you know it was Mussolini?” Todd asked the real estate mogul.",
    "apostrophe_before_cue": "Discussing the show’s success, the actor explained the differences between the two roles.",
    "cue_inside_a_quote": ("She tweeted: “When something gets under Donald’s thin skin, he lashes out and "
                           "can’t let go.”"),
    # articles that do not start at the item's first character, or whose first words are a kicker
    "kicker": ("BORDER SERVICES: “We are ready to reopen the clinics,” the minister said. "
               "The IRC did not respond to a request for comment."),
    "leading_boilerplate": ("Photo: EPA-EFE\n“We are ready to reopen the clinics,” the minister told reporters "
                            "in a statement. According to police, the suspect fled on foot."),
    "second_article": ("The ministry said that the bridge had reopened on Monday after repairs.\n\n"
                       "TESTING BAN: Satellite photos show a large laser facility in Mianyang, said Decker "
                       "Eveleth, a researcher at CNA Corp. The IRC did not respond to a request for comment.\n"),
}
FORMATS = {"second_article": "text"}  # a plain-text dump: two articles, the second after a blank line


@dataclass
class Result:
    item: Item
    analysed: AnalysedArticle
    entities: list[Entity]
    claims: list[Claim]


@pytest.fixture(scope="module")
def results() -> dict[str, list[Result]]:
    """Every text of TEXTS through the pipeline, in one nlp.pipe run: key -> one Result per article."""
    items = {key: Item(source=key, text=text, format=FORMATS.get(key, "jsonl"), path=key)
             for key, text in TEXTS.items()}
    pairs = [(article, key) for key, item in items.items() for article in segment(item)]
    out: dict[str, list[Result]] = {key: [] for key in TEXTS}
    for analysed, key in analyse(pairs):
        entities = find_entities(analysed)
        out[key].append(Result(items[key], analysed, entities, find_claims(analysed, entities)))
    return out


def claims_of(results: dict[str, list[Result]], key: str) -> list[Claim]:
    (result,) = results[key]  # one article
    return result.claims


def only(results: dict[str, list[Result]], key: str) -> Claim:
    claims = claims_of(results, key)
    assert len(claims) == 1, [(c.cue.text, [p.text for p in c.content]) for c in claims]
    return claims[0]


def text_of(span: Span | None) -> str | None:
    return None if span is None else span.text


def content_text(claim: Claim) -> str:
    return " … ".join(p.text for p in claim.content)


def spans_of(claim: Claim) -> list[tuple[str, Span]]:
    named = [("source", claim.source), ("cue", claim.cue), ("channel", claim.channel),
             ("audience", claim.audience), ("when", claim.when), ("sentence", claim.sentence)]
    return [(name, span) for name, span in named if span is not None] + [("content", p) for p in claim.content]


# -- direct, indirect, mixed -------------------------------------------------------------------------


def test_direct_quote_with_the_cue_after_it(results) -> None:
    claim = only(results, "direct_cue_after")
    assert claim.kind == "direct"
    assert content_text(claim) == "We are ready"  # the words inside the quotation marks, comma off
    assert text_of(claim.source) == "the minister"
    assert claim.cue.text == "said"
    assert claim.stance == "assert"
    assert claim.speaker is None  # no entity to resolve to


def test_indirect_speech_keeps_that_as_polnear_does(results) -> None:
    """PolNeAR's annotators put a leading "that" in the content (2,293 times against 30)."""
    claim = only(results, "indirect_that")
    assert claim.kind == "indirect"
    assert content_text(claim) == "that the bridge had reopened"
    assert text_of(claim.source) == "The ministry"
    assert claim.cue.text == "said"
    assert claim.stance == "assert"


def test_reported_speech_with_quoted_words_is_mixed(results) -> None:
    claim = only(results, "mixed")
    assert claim.kind == "mixed"
    assert content_text(claim) == "troops are on the “front lines” of the war"
    assert text_of(claim.source) == "The White House"
    assert claim.speaker == "White House"
    assert claim.cue.text == "said"


def test_a_quote_running_on_into_the_next_sentence_keeps_its_speaker(results) -> None:
    claim = only(results, "continued_quote")  # PolNeAR: one attribution with two content pieces
    assert claim.kind == "direct"
    assert claim.content[0].text == "We must take additional measures to ensure our security"
    assert text_of(claim.source) == "Putin"
    assert claim.speaker == "Putin"
    assert claim.cue.text == "told"
    assert text_of(claim.audience) == "a meeting"
    # "“We are doing it accurately and in a balanced way.”" has no cue: it is still Putin's, a second piece
    assert len(claim.content) == 2
    assert claim.content[1].text.rstrip(".") == "We are doing it accurately and in a balanced way"
    item_text = TEXTS["continued_quote"]
    assert claim.content[1].start > item_text.index("“We are doing")  # inside the second sentence


def test_a_quote_broken_by_its_cue_is_one_claim_in_two_pieces(results) -> None:
    claim = only(results, "run_on_quote")
    assert [p.text for p in claim.content] == ["The harbour will reopen", "but not before the storm season ends"]
    assert text_of(claim.source) == "the mayor" and claim.cue.text == "said"


def test_a_doubled_straight_quote_after_the_cue_runs_on_to_its_closing_marks(results) -> None:
    (claim,) = [c for c in claims_of(results, "run_on_sentences") if c.cue.text == "said"]
    assert [p.text for p in claim.content] == ["Our ferries are full", "We need two more boats"]
    assert "council" not in content_text(claim)  # the sentence after the closing marks is not the quote's


def test_a_quote_with_a_cue_of_its_own_does_not_run_on_into_the_one_before(results) -> None:
    claims = claims_of(results, "quote_then_own_claim")
    assert [(c.cue.text, content_text(c)) for c in claims] == [("said", "Prices will fall"),
                                                               ("replied", "I doubt that very much")]


# -- where the source stands ---------------------------------------------------------------------------


def test_postposed_attribution_with_its_channel(results) -> None:
    claim = only(results, "postposed_channel")
    assert content_text(claim) == "The casualties occurred around three villages"
    assert text_of(claim.source) == "the agency"
    assert claim.cue.text == "said"
    assert text_of(claim.channel) == "in a public post on Telegram"
    assert claim.kind == "indirect"


def test_source_after_the_cue(results) -> None:
    claim = only(results, "source_after_cue")
    assert claim.cue.text == "said"
    assert claim.source is not None and claim.source.text.startswith("Decker Eveleth")
    assert "a researcher at CNA Corp" in claim.source.text
    assert claim.speaker == "Decker Eveleth"
    assert content_text(claim) == "Satellite photos show a large laser facility in Mianyang"


# -- who the source is -------------------------------------------------------------------------------


def test_it_resolves_to_the_organisation_that_spoke_before(results) -> None:
    first, second = claims_of(results, "pronoun_it")
    assert first.speaker == "Russian Defense Ministry"
    assert text_of(second.source) == "It"
    assert content_text(second) == "traffic would resume on Monday"
    assert second.speaker == "Russian Defense Ministry"
    assert second.speaker_entity is not None and second.speaker_entity is first.speaker_entity


def test_he_resolves_to_the_person_who_spoke_before(results) -> None:
    first, second = claims_of(results, "pronoun_he")
    assert first.speaker == second.speaker == "Pat Ryder"
    assert text_of(second.source) == "He"
    assert content_text(second) == "they would stay for a month"


def test_a_surname_joins_the_full_name(results) -> None:
    first, second = claims_of(results, "surname")
    assert text_of(first.source) == "Major General Pat Ryder"
    assert text_of(second.source) == "Ryder"
    assert first.speaker == second.speaker == "Pat Ryder"
    assert first.speaker_entity is not None and first.speaker_entity is second.speaker_entity
    assert not first.anonymous and not second.anonymous


def test_an_acronym_in_brackets_names_the_organisation_that_did_not_respond(results) -> None:
    first, second = claims_of(results, "acronym")
    assert first.speaker == "International Rescue Committee"
    assert content_text(first) == "the clinics would close"
    assert second.stance == "no_comment"
    assert second.content == []
    assert second.kind == "none"
    assert text_of(second.source) == "The IRC"
    assert second.speaker == "International Rescue Committee"
    assert second.speaker_entity is first.speaker_entity
    assert second.cue.text == "did not respond to a request for comment"


def test_a_source_with_an_acronym_in_brackets_keeps_both_brackets(results) -> None:
    first = claims_of(results, "acronym")[0]
    assert text_of(first.source) in ("The International Rescue Committee (IRC)", "The International Rescue Committee")


def test_a_title_before_the_name_leaves_the_person_as_speaker(results) -> None:
    claim = only(results, "title_short")
    assert text_of(claim.source) == "National Security Council spokesman John Kirby"
    assert claim.speaker == "John Kirby"
    assert claim.stance == "confirm"
    assert content_text(claim) == "the assessment"


def test_a_long_title_before_the_name_leaves_the_person_as_speaker(results) -> None:
    claim = only(results, "title_long")
    assert claim.source is not None and claim.source.text.endswith("John Kirby")
    assert claim.speaker == "John Kirby"


# -- non-answers -------------------------------------------------------------------------------------


def test_referring_questions_elsewhere(results) -> None:
    claim = only(results, "refer")
    assert claim.stance == "refer"
    assert content_text(claim) == "the Russian Ministry of Defense"
    assert text_of(claim.source) == "Kremlin spokesman Dmitry Peskov"
    assert claim.speaker == "Dmitry Peskov"
    assert claim.cue.text.startswith("referred")


@pytest.mark.parametrize(("key", "source", "cue"), [
    ("declined", "The company", "declined to comment"),
    ("not_immediately", "The Pentagon", "did not immediately comment"),
])
def test_no_comment(results, key: str, source: str, cue: str) -> None:
    claim = only(results, key)
    assert claim.stance == "no_comment"
    assert claim.content == []
    assert text_of(claim.source) == source
    assert claim.cue.text == cue


def test_no_comment_speaker_is_resolved(results) -> None:
    assert only(results, "not_immediately").speaker == "Pentagon"


def test_no_comment_to_requests_in_the_plural(results) -> None:
    claim = only(results, "requests_plural")
    assert claim.stance == "no_comment"
    assert claim.cue.text == "did not respond to requests for comment"


def test_no_comment_could_not_be_reached(results) -> None:
    claim = only(results, "not_reached")
    assert claim.stance == "no_comment"
    assert text_of(claim.source) == "The company"


def test_no_number(results) -> None:
    claim = only(results, "no_number")
    assert claim.stance == "no_number"
    assert claim.cue.text == "did not have"
    assert content_text(claim) == "a specific number of casualties"
    assert text_of(claim.source) == "The spokesman"


# -- stances -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("key", "stance", "source", "cue_word", "content"), [
    ("believes", "belief", "The minister", "believes", ["the talks will fail"]),
    ("suggests", "belief", "The report", "suggests", ["that prices will rise"]),
    ("promised", "pledge", "The mayor", "promised", ["that the road would reopen"]),
    ("pledged", "pledge", "The government", "pledged", ["to rebuild the school", "rebuild the school"]),
    ("has_pledged", "pledge", "North Korean leader Kim Jong-un", "pledged", ["unwavering support for Russia"]),
    ("confirmed", "confirm", "The army", "confirmed", ["that two soldiers were killed"]),
    ("denied", "deny", "The ministry", "denied", ["that its troops had crossed the border"]),
    ("has_heard", "allege", "a magistrate", "heard", ["The woman filmed her baby to solicit donations"]),
])
def test_stance(results, key: str, stance: str, source: str, cue_word: str, content: list[str]) -> None:
    claim = only(results, key)
    assert claim.stance == stance
    assert text_of(claim.source) == source
    assert cue_word in claim.cue.text.split()
    assert content_text(claim) in content
    assert claim.kind == "indirect"


@pytest.mark.parametrize(("key", "cue"), [("has_pledged", "has pledged"), ("has_heard", "has heard")])
def test_cue_keeps_its_auxiliary(results, key: str, cue: str) -> None:
    assert only(results, key).cue.text == cue


# -- "according to" ----------------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["according_front", "according_end"])
def test_according_to(results, key: str) -> None:
    claim = only(results, key)
    assert claim.cue.text.lower() == "according to"
    assert text_of(claim.source) == "police"
    assert content_text(claim) == ("the suspect fled on foot" if key == "according_front" else
                                   "The suspect fled on foot")
    assert claim.stance == "assert"


def test_according_to_inside_the_clause(results) -> None:
    claim = only(results, "according_inside")
    assert claim.cue.text.lower() == "according to"
    assert text_of(claim.source) == "police"
    assert claim.content
    for part in claim.content:  # "The suspect" … "fled on foot": neither cue nor source inside
        assert not (part.start < claim.cue.end and claim.cue.start < part.end), part
        assert claim.source is not None and not (part.start < claim.source.end and claim.source.start < part.end)
    words = " ".join(p.text for p in claim.content).replace(",", " ").split()
    assert words == ["The", "suspect", "fled", "on", "foot"]


# -- constructions from the PolNeAR error analysis ----------------------------------------------------


def test_a_quote_woven_into_a_longer_clause_is_not_cut_at_the_quote(results) -> None:
    claim = next(c for c in claims_of(results, "woven_quote") if c.cue.text == "says")
    assert text_of(claim.source) == "The coach"
    assert content_text(claim) == "the league has become “far too soft on everybody” because owners fear lawsuits"
    assert claim.kind == "mixed"
    assert claim.stance == "assert"


def test_a_cue_set_off_inside_the_clause_splits_the_content(results) -> None:
    claim = only(results, "set_off_cue")
    assert text_of(claim.source) == "the mayor"
    assert claim.cue.text == "said"
    assert [p.text for p in claim.content] == ["The budget", "will be balanced by June"]
    assert claim.stance == "assert"


@pytest.mark.parametrize(("key", "source", "cue", "content", "stance"), [
    ("accused_of", "The senator", "accused", "the governor of hiding the audit", "allege"),
    ("endorsed_for", "The union", "endorsed", "Ms. Alvarez for mayor", "assert"),
])
def test_what_the_object_is_accused_of_or_endorsed_for_is_content(results, key: str, source: str, cue: str,
                                                                   content: str, stance: str) -> None:
    claim = only(results, key)
    assert (text_of(claim.source), claim.cue.text, content_text(claim), claim.stance) == (source, cue, content, stance)


def test_a_trailing_relative_clause_is_the_writers_aside(results) -> None:
    claim = next(c for c in claims_of(results, "trailing_relative") if c.cue.text == "urged")
    assert text_of(claim.source) == "The minister"
    assert content_text(claim) == "to back the reform"
    assert claim.stance == "assert"


def test_it_seems_has_no_it_in_the_content(results) -> None:
    claim = only(results, "it_seems")
    assert claim.source is None
    assert claim.cue.text == "seems"
    assert content_text(claim) == "that the talks have stalled"
    assert claim.stance == "belief"


@pytest.mark.parametrize(("key", "source", "cue", "content", "stance"), [
    ("hopes", "The governor", "hopes", "to sign the bill next week", "belief"),  # the lemmatizer says "hop"
    ("continued", "the coach", "continued", "We will keep going", "assert"),
    ("referring_to", "The mayor", "was referring", "the new stadium", "assert"),
    ("reiterated", "The senator", "reiterated", "that the bill would pass", "assert"),
])
def test_more_cue_verbs(results, key: str, source: str, cue: str, content: str, stance: str) -> None:
    claim = only(results, key)
    assert (text_of(claim.source), claim.cue.text, content_text(claim), claim.stance) == (source, cue, content, stance)


def test_a_finding_in_a_survey(results) -> None:
    claim = only(results, "in_a_survey")
    assert claim.cue.text == "in"
    assert text_of(claim.source) == "a survey of city voters"
    assert content_text(claim) == "The mayor led comfortably"
    assert claim.stance == "assert"


@pytest.mark.parametrize(("key", "source", "content"), [
    ("headline_colon", "Mark Cuban", "I'd consider a future White House bid"),
    ("headline_colon_kicker", "Roger Stone", "Don’t Trust the Voting Machines"),  # not "EXCLUSIVE – Roger Stone"
    ("headline_colon_to", "Obama", "It Is Going To Be OK"),  # "To Asian Leaders" says to whom
])
def test_a_headline_name_and_colon_attribute_what_follows(results, key: str, source: str, content: str) -> None:
    claim = next(c for c in claims_of(results, key) if c.cue.text == ":")
    assert (text_of(claim.source), content_text(claim)) == (source, content)


def test_a_section_label_before_a_colon_is_no_speaker(results) -> None:
    assert not [c for c in claims_of(results, "headline_colon_label") if c.cue.text == ":"]


def test_a_quote_split_from_its_cue_by_a_full_stop_is_the_cues_content(results) -> None:
    claim = only(results, "said_after_quote")
    assert (text_of(claim.source), claim.cue.text, claim.kind) == ("Trump", "said", "direct")
    assert content_text(claim) == "I hope you’re able to find the 30,000 emails that are missing."


def test_a_quote_split_from_told_and_its_audience(results) -> None:
    claim = only(results, "told_after_quote")
    assert (text_of(claim.source), claim.cue.text) == ("he", "told")
    assert content_text(claim) == "Get your sledgehammers ready because we’ve got a ceiling to demolish!"


def test_a_bare_cue_after_a_quote_another_cue_holds_takes_nothing(results) -> None:
    claim = only(results, "said_after_quote_taken")
    assert text_of(claim.source) == "he"


def test_according_to_read_as_the_root_of_the_sentence(results) -> None:
    (claim,) = [c for c in claims_of(results, "according_root") if c.cue.text == "According to"]
    assert text_of(claim.source) == "conservative radio host Rush Limbaugh"  # not the rest of the sentence
    assert content_text(claim) == "the move reeks of “fear” and desperation"


def test_according_to_read_as_an_infinitive(results) -> None:
    (claim,) = [c for c in claims_of(results, "according_infinitive") if c.cue.text == "according to"]
    assert text_of(claim.source) == "show insiders"
    assert content_text(claim) == "Trump demeaned women with sexist language"


def test_a_passive_cue_with_its_agent(results) -> None:
    claim = only(results, "passive_agent")
    assert (text_of(claim.source), claim.cue.text, content_text(claim)) == (
        "The Washington Post", "reported", "The registration issue")


@pytest.mark.parametrize(("key", "first", "second"), [
    # where the second content starts is the learnt chooser's call: after "support for", which PolNeAR
    # counts as part of the cue, or before it (the retrain of 2026-12-04 evening); tested here is that the
    # second cue is the reporter's, with content of its own
    ("tacked_on_deep", ("has said", "she wants to establish a safe zone in Syria"),
     ("has expressed", "wider military engagement")),
    ("tacked_on_deep_past", ("said", "that she did not want to think about it"),
     ("predicted", "that Clinton will win")),
])
def test_a_cue_of_the_same_form_coordinated_inside_the_content_is_the_reporters(results, key: str,
                                                                                   first: tuple, second: tuple) -> None:
    claims = claims_of(results, key)  # the parser hung the second cue on the reported clause
    found = [(c.cue.text, content_text(c).removeprefix("support for ")) for c in claims]
    assert found == [first, second]
    assert claims[0].source.text == claims[1].source.text


def test_verbs_coordinated_inside_what_was_said_stay_in_it(results) -> None:
    assert content_text(only(results, "coordinated_content")) == "prices rose and fell"
    assert content_text(only(results, "coordinated_postposed")) == (
        "Those troops have been used in an infantry role and started fighting a week ago")


@pytest.mark.parametrize(("key", "source", "cue", "content"), [
    ("as_noted", "the Business Times", "noted", "Clinton raised more than $1.1 million from the industry"),
    ("as_reported_after", "the Times", "reported", "Clinton raised more than $1.1 million"),
])
def test_a_cue_in_an_as_clause_attributes_the_clause_it_hangs_on(results, key, source, cue, content) -> None:
    claim = only(results, key)
    assert (text_of(claim.source), claim.cue.text, content_text(claim)) == (source, cue, content)


def test_as_reported_by_names_its_source_after_by(results) -> None:
    claim = only(results, "as_reported_by")
    assert (text_of(claim.source), claim.cue.text, content_text(claim)) == (
        "the Chicago Tribune", "reported", "the mayor will resign next month")


def test_a_for_clause_after_called_is_what_was_called_for(results) -> None:
    claim = only(results, "called_for_clause")
    assert text_of(claim.source) == "The senator"
    assert content_text(claim).endswith("Republicans to back the bill")


def test_asked_by_names_the_asker_and_the_if_clause_is_the_question(results) -> None:
    asked = [c for c in claims_of(results, "asked_by_if") if c.cue.text == "Asked"]
    assert [(text_of(c.source), content_text(c)) for c in asked] == [("a reporter", "if the plan would pass")]


def test_a_quote_opening_right_after_the_cue_is_its_content(results) -> None:
    claim = only(results, "quote_after_cue")
    assert (text_of(claim.source), claim.kind) == ("the governor", "direct")
    assert content_text(claim) == "We cannot wait any longer"  # not the lead-in "Stressing the stakes"


def test_a_quote_after_issued_a_statement_is_its_content(results) -> None:
    claim = only(results, "statement_then_quote")
    assert (text_of(claim.source), claim.kind, content_text(claim)) == ("the party", "direct", "We will fight this ruling")


def test_a_quote_before_an_asking_cue_is_its_content_not_the_person_asked(results) -> None:
    claim = only(results, "quote_before_asked")
    assert (text_of(claim.source), content_text(claim)) == ("Todd", "Did you know it was Mussolini?")


def test_an_apostrophe_is_no_closing_quotation_mark(results) -> None:
    """"the show’s success": ’ inside a word does not make the lead-in a quote that "explained" reports."""
    explained = [c for c in claims_of(results, "apostrophe_before_cue") if c.cue.text == "explained"]
    assert not [c for c in explained if content_text(c).startswith("Discussing")]


def test_as_expected_is_no_claim(results) -> None:
    assert claims_of(results, "as_expected") == []


def test_as_meaning_while_is_no_attribution(results) -> None:
    assert claims_of(results, "as_while") == []  # not "Obama spoke: protesters gathered outside the hall"


def test_words_without_a_verb_before_the_source_are_what_was_said(results) -> None:
    claim = only(results, "verbless_postposed")
    assert (text_of(claim.source), content_text(claim)) == ("officials", "Too early to tell")


def test_an_ordinary_verb_coordinated_in_the_content_stays_in_it(results) -> None:
    claim = only(results, "coordinated_after_passive")
    assert content_text(claim) == "the suspect was shot and died at the scene"


def test_a_label_before_a_colon_is_no_speaker(results) -> None:
    assert not [c for c in claims_of(results, "colon_label_price") if c.cue.text == ":"]


def test_a_headline_colon_keeps_the_claim_inside_it(results) -> None:
    cues = sorted((text_of(c.source), c.cue.text) for c in claims_of(results, "colon_with_inner_claim"))
    assert cues == [("Most voters", "say"), ("Poll", ":")]


def test_according_to_keeps_the_apposition_in_the_source(results) -> None:
    claim = only(results, "according_apposition")
    assert text_of(claim.source) == "John Smith, a spokesman for the agency"
    assert content_text(claim) == "the plan will cost $5 million"


def test_the_charge_after_a_passive_agent_is_not_part_of_the_source(results) -> None:
    claim = only(results, "passive_accused_of")
    assert (text_of(claim.source), content_text(claim)) == ("colleagues", "he")


def test_while_saying_is_said_by_the_subject_of_the_main_clause(results) -> None:
    (claim,) = [c for c in claims_of(results, "while_saying") if c.cue.text == "saying"]
    assert text_of(claim.source) == "the senator"
    assert content_text(claim) == "that he does respect Mrs. Clinton"


def test_a_quote_whose_opening_marks_end_the_sentence_before_keeps_its_cue(results) -> None:
    (claim,) = [c for c in claims_of(results, "doubled_quote_opens_sentence") if c.cue.text == "said"]
    assert text_of(claim.source) == "he"  # the "I see" inside the quote is the speaker's own, not a claim
    assert content_text(claim) == "As I look out my window, I see a bunch of flickering lights in the Parisian night"


def test_a_short_quote_split_from_its_cue_is_still_its_content(results) -> None:
    claim = only(results, "short_quote_split")
    assert (text_of(claim.source), claim.cue.text, content_text(claim)) == ("she", "said", "I’m honored!")


def test_a_short_quote_before_its_cue_leaves_the_subject_out_of_the_content(results) -> None:
    claim = only(results, "short_quote_then_cue")
    assert (text_of(claim.source), content_text(claim)) == ("he", "Absolutely")


def test_a_fronted_asked_is_a_question_without_a_named_asker(results) -> None:
    (claim,) = [c for c in claims_of(results, "asked_fronted") if c.cue.text == "Asked"]
    assert claim.source is None
    assert content_text(claim) == "what might surprise people about him"


def test_said_no_answers_no_and_the_when_clause_is_not_the_answer(results) -> None:
    (claim,) = [c for c in claims_of(results, "said_no") if c.cue.text == "said"]
    assert (text_of(claim.source), content_text(claim)) == ("she", "no")


def test_the_subject_of_was_able_to_is_the_source(results) -> None:
    (claim,) = [c for c in claims_of(results, "able_to_tout") if c.cue.text == "tout"]
    assert (text_of(claim.source), content_text(claim)) == ("He", "his polling strength")


def test_a_phrase_set_before_the_subject_is_not_what_was_said(results) -> None:
    assert claims_of(results, "fronted_phrase") == []  # not "the senator agreed: At the rally in Ohio"


def test_a_cue_inside_a_quote_does_not_take_the_words_before_the_quote(results) -> None:
    claim = only(results, "cue_inside_a_quote")  # no "he lashes out" claim over "She tweeted: ..."
    assert (text_of(claim.source), claim.cue.text) == ("She", "tweeted")
    assert content_text(claim) == "When something gets under Donald’s thin skin, he lashes out and can’t let go"


# -- audience ---------------------------------------------------------------------------------------


def test_told_reporters_is_the_audience(results) -> None:
    claim = only(results, "audience")
    assert claim.cue.text == "told"
    assert text_of(claim.audience) == "reporters"
    assert text_of(claim.source) == "Ryder"
    assert content_text(claim) == "that the troops had arrived in Kursk"
    assert claim.channel is None


# -- anonymous sources ------------------------------------------------------------------------------


@pytest.mark.parametrize(("key", "source"), [
    ("anon_officials", "Officials"),
    ("anon_list", "A local official and two camp committee members"),
])
def test_unnamed_sources_are_anonymous(results, key: str, source: str) -> None:
    claim = only(results, key)
    assert text_of(claim.source) == source
    assert claim.anonymous
    assert claim.speaker is None and claim.speaker_entity is None


@pytest.mark.parametrize(("key", "source"), [
    ("anon_researcher", "a US researcher"),
    ("anon_experts", "experts at two analytical organizations"),
])
def test_more_unnamed_sources_are_anonymous(results, key: str, source: str) -> None:
    claim = only(results, key)
    assert text_of(claim.source) == source
    assert claim.anonymous


# -- offsets ---------------------------------------------------------------------------------------


def test_every_span_is_a_slice_of_the_item_text(results) -> None:
    checked = 0
    for key, per_article in results.items():
        for result in per_article:
            text = result.item.text
            article = result.analysed.article
            for claim in result.claims:
                for name, span in spans_of(claim):
                    assert text[span.start:span.end] == span.text, (key, name, span)
                    assert article.start <= span.start <= span.end <= article.end, (key, name, span)
                    checked += 1
                assert claim.sentence is not None
                # the sentence holds the cue, or (a quote run on into a sentence of its own) the content
                held = [claim.cue, *claim.content]
                assert any(claim.sentence.start <= s.start and s.end <= claim.sentence.end for s in held), key
    assert checked > 100


def test_spans_after_a_kicker(results) -> None:
    (result,) = results["kicker"]
    text = TEXTS["kicker"]
    assert result.analysed.article.kicker is not None and result.analysed.article.kicker.text == "BORDER SERVICES"
    quote, no_comment = result.claims
    assert content_text(quote) == "We are ready to reopen the clinics"
    assert quote.content[0].start == text.index("We are ready")
    assert text_of(quote.source) == "the minister"
    assert quote.source is not None and quote.source.start == text.index("the minister")
    assert no_comment.stance == "no_comment"
    assert no_comment.cue.start == text.index("did not respond")


def test_spans_after_a_leading_boilerplate_line(results) -> None:
    (result,) = results["leading_boilerplate"]
    text = TEXTS["leading_boilerplate"]
    assert result.analysed.article.start == len("Photo: EPA-EFE\n")  # the article starts after the credit
    quote, according = result.claims
    for claim in (quote, according):
        for name, span in spans_of(claim):
            assert text[span.start:span.end] == span.text, (name, span)
    assert content_text(quote) == "We are ready to reopen the clinics"
    assert quote.content[0].start == text.index("We are ready")
    assert text_of(quote.audience) == "reporters"
    assert quote.audience is not None and quote.audience.start == text.index("reporters")
    assert text_of(quote.channel) == "in a statement"
    assert quote.channel is not None and quote.channel.start == text.index("in a statement")
    assert according.cue.start == text.index("According to")
    assert content_text(according) == "the suspect fled on foot"


def test_spans_in_the_second_article_of_a_dump(results) -> None:
    first, second = results["second_article"]
    text = TEXTS["second_article"]
    assert second.analysed.article.start == text.index("TESTING BAN")
    assert second.analysed.article.kicker is not None and second.analysed.article.kicker.text == "TESTING BAN"
    (said,) = first.claims
    assert content_text(said) == "that the bridge had reopened on Monday after repairs"
    eveleth, irc = second.claims
    assert eveleth.cue.start == text.index("said Decker") and eveleth.cue.text == "said"
    assert eveleth.source is not None and eveleth.source.start == text.index("Decker Eveleth")
    assert content_text(eveleth) == "Satellite photos show a large laser facility in Mianyang"
    assert eveleth.content[0].start == text.index("Satellite")
    assert irc.stance == "no_comment"
    assert irc.source is not None and irc.source.start == text.index("The IRC")
    for claim in (said, eveleth, irc):
        for name, span in spans_of(claim):
            assert text[span.start:span.end] == span.text, (name, span)


def test_claims_come_in_text_order(results) -> None:
    for key, per_article in results.items():
        for result in per_article:
            starts = [c.start for c in result.claims]
            assert starts == sorted(starts), key


# -- the seed ----------------------------------------------------------------------------------------

CLAIM_KEYS = {"id", "article", "source", "speaker", "speaker_entity", "anonymous", "cue", "content", "kind",
              "stance", "channel", "audience", "when", "confidence", "sentence"}
#: The confidences the extractor gives: 0.9, 0.8 or 0.6 by rule, 0.5 for a cue only the learnt tagger found.
CONFIDENCES = {0.9, 0.8, 0.6, 0.5}


def seed_claims(seed_records: list[dict]) -> list[dict]:
    return [claim for record in seed_records for claim in record["claims"]]


def test_seed_claims_have_the_export_fields(seed_records: list[dict]) -> None:
    claims = seed_claims(seed_records)
    assert claims
    for claim in claims:
        assert set(claim) == CLAIM_KEYS, claim
        assert claim["kind"] in ("direct", "indirect", "mixed", "none")
        assert claim["stance"] in ("assert", "belief", "pledge", "confirm", "deny", "no_comment", "refer",
                                   "allege", "no_number")
        assert isinstance(claim["anonymous"], bool)
        assert claim["confidence"] in CONFIDENCES, claim
    ids = [c["id"] for c in claims]
    assert len(ids) == len(set(ids))
    for record in seed_records:  # a claim names the article it is in
        assert all(claim["article"] == record["id"] for claim in record["claims"])


def test_seed_spans_are_slices_of_the_seed(seed_records: list[dict], seed_text: str) -> None:
    for claim in seed_claims(seed_records):
        spans = [claim[k] for k in ("source", "cue", "channel", "audience", "when", "sentence") if claim[k]]
        spans += claim["content"] or []
        for span in spans:
            assert seed_text[span["start"]:span["end"]] == span["text"], span


def test_seed_refer_claim(seed_records: list[dict]) -> None:
    (claim,) = [c for c in seed_claims(seed_records) if c["stance"] == "refer"]
    assert claim["source"]["text"] == "Kremlin spokesman Dmitry Peskov"
    assert claim["speaker"] == "Dmitry Peskov"
    assert claim["cue"]["text"].startswith("referred questions")
    assert [p["text"] for p in claim["content"]] == ["the Russian Ministry of Defense"]


def test_seed_no_comment_claims(seed_records: list[dict]) -> None:
    # "the Russian Ministry of Defense, which did not immediately comment" and
    # "The IRC did not respond to a request for comment."
    claims = [c for c in seed_claims(seed_records) if c["stance"] == "no_comment"]
    assert sorted(c["speaker"] for c in claims) == ["International Rescue Committee", "Russian Ministry of Defense"]
    (irc,) = [c for c in claims if c["speaker"] == "International Rescue Committee"]
    assert irc["source"]["text"] == "The IRC"
    assert irc["cue"]["text"] == "did not respond to a request for comment"
    assert irc["content"] is None
    assert irc["kind"] == "none"
    assert irc["speaker_entity"] is not None
    for claim in claims:
        assert claim["content"] is None


def test_seed_speakers(seed_records: list[dict]) -> None:
    by_source = {}
    for claim in seed_claims(seed_records):
        if claim["source"]:
            by_source.setdefault(claim["source"]["text"], set()).add(claim["speaker"])
    assert by_source["Kirby"] == {"John Kirby"}
    assert by_source["Ryder"] == {"Pat Ryder"}
    assert by_source["Major General Pat Ryder, the Pentagon press secretary"] == {"Pat Ryder"}
    # "A total of 169 passengers ... were evacuated down inflatable slides, it said": the ministry
    assert by_source["it"] == {"South Korean Ministry of Land, Infrastructure and Transport"}
    assert by_source["Putin"] == {"Vladimir Putin"}


def test_seed_ryder_told_reporters_and_had_no_number(seed_records: list[dict]) -> None:
    ryder = [c for c in seed_claims(seed_records) if c["speaker"] == "Pat Ryder"]
    told = [c for c in ryder if c["cue"]["text"] == "told"]
    assert len(told) == 1 and told[0]["audience"]["text"] == "reporters"
    (no_number,) = [c for c in ryder if c["stance"] == "no_number"]
    assert [p["text"] for p in no_number["content"]] == ["a specific number of those killed or wounded"]


def test_seed_telegram_channel(seed_records: list[dict]) -> None:
    channels = [c["channel"]["text"] for c in seed_claims(seed_records) if c["channel"]]
    assert "in a public post on Telegram" in channels


def test_seed_count_links_to_the_claim_that_holds_it(seed_records: list[dict]) -> None:
    linked = 0
    for record in seed_records:
        claims = {c["id"]: c for c in record["claims"]}
        for count in record["counts"]:
            if count["claim"] is None:
                continue
            assert count["claim"] in claims, count
            holder = claims[count["claim"]]
            assert any(p["start"] <= count["start"] and count["end"] <= p["end"]
                       for p in holder["content"] or []), (count["text"], holder)
            linked += 1
    assert linked
    # "Ukraine’s military intelligence agency said that about 30 North Korean troops were killed or wounded ..."
    counts = [c for r in seed_records for c in r["counts"] if c["text"].startswith("about 30 North Korean troops")]
    assert len(counts) == 1 and counts[0]["claim"] is not None
    holder = next(c for r in seed_records for c in r["claims"] if c["id"] == counts[0]["claim"])
    assert holder["source"]["text"] == "Ukraine’s military intelligence agency"


def test_seed_kirby_confirmed(seed_records: list[dict]) -> None:
    (claim,) = [c for c in seed_claims(seed_records) if c["stance"] == "confirm"]
    assert claim["speaker"] == "John Kirby"
    assert claim["source"]["text"].endswith("John Kirby")


@gap("the TESTING BAN deck runs into the body without a full stop, and the experts' claim takes the deck "
     "into its content; it should be 'China appears to be building ...' alone")
def test_seed_experts_claim_content(seed_records: list[dict]) -> None:
    (claim,) = [c for c in seed_claims(seed_records)
                if c["source"] and c["source"]["text"] == "experts at two analytical organizations"]
    assert [p["text"] for p in claim["content"]] == [
        "China appears to be building a large laser-ignited fusion research center in the southwestern "
        "city of Mianyang"]


def test_a_passive_cue_takes_no_object_as_its_content() -> None:
    """A passive cue with a "direct object" is a misparse (a run-on sentence hung on "accused"): the
    object is the next sentence's subject, not what the cue reports. Parses built by hand, so the
    misparse does not depend on the model."""
    from spacy.tokens import Doc

    from newsledger.extract.claims.rules import _complement
    from newsledger.nlp import load_nlp

    def parsed(words: list[str], heads: list[int], deps: list[str], pos: list[str]) -> Doc:
        lemmas = [w.lower() if w != "accused" else "accuse" for w in words]
        return Doc(load_nlp().vocab, words=words, heads=heads, deps=deps, pos=pos, lemmas=lemmas)

    passive = parsed(["The", "clerk", "is", "accused", "a", "rival"], [1, 3, 3, 3, 5, 3],
                     ["det", "nsubjpass", "auxpass", "ROOT", "det", "dobj"],
                     ["DET", "NOUN", "AUX", "VERB", "DET", "NOUN"])
    active = parsed(["The", "clerk", "accused", "a", "rival"], [1, 2, 2, 4, 2],
                    ["det", "nsubj", "ROOT", "det", "dobj"], ["DET", "NOUN", "VERB", "DET", "NOUN"])
    assert _complement(passive[3]) is None
    assert [t.text for t in _complement(active[2])] == ["a", "rival"]
