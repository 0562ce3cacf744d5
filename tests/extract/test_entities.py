"""Entities with the real spaCy pipeline: surnames, acronyms, ambiguity, item offsets."""

from __future__ import annotations

import pytest

from newsledger.extract.entities import canonical_form, find_entities, initials
from newsledger.model import Entity, Item
from newsledger.nlp import analyse, load_nlp
from newsledger.segment import segment


@pytest.fixture(scope="module", autouse=True)
def nlp():
    return load_nlp()


def entities_of(text: str, fmt: str = "jsonl") -> list[list[Entity]]:
    """Entities per article of an item with this text."""
    item = Item(source="test", text=text, format=fmt, path="test")
    articles = segment(item)
    return [find_entities(analysed) for analysed, _ in analyse((a, None) for a in articles)]


def only(entities: list[Entity], name: str) -> Entity:
    found = [e for e in entities if e.name == name]
    assert len(found) == 1, [(e.name, e.type) for e in entities]
    return found[0]


def mention_texts(entity: Entity) -> list[str]:
    return [m.span.text for m in entity.mentions]


def test_surname_folds_into_full_name() -> None:
    text = ("John Kirby, a White House spokesman, spoke to reporters in Washington on Monday. "
            "Kirby said the troops were taking casualties.")
    (entities,) = entities_of(text)
    kirby = only(entities, "John Kirby")
    assert kirby.type == "PERSON"
    assert mention_texts(kirby) == ["John Kirby", "Kirby"]
    assert [m.span.start for m in kirby.mentions] == [0, text.index("Kirby said")]
    assert kirby.aliases == ["John Kirby", "Kirby"]
    assert not [e for e in entities if e.name == "Kirby"]  # no separate lone-surname entity


def test_acronym_in_brackets_folds_into_its_organisation() -> None:
    text = ("The International Rescue Committee (IRC) told clinics in Thailand to close on Friday. "
            "The IRC said the funding had stopped.")
    (entities,) = entities_of(text)
    irc = only(entities, "International Rescue Committee")
    assert irc.type == "ORG"
    texts = mention_texts(irc)
    assert texts.count("IRC") == 2
    assert texts[0] in {"International Rescue Committee", "The International Rescue Committee"}
    assert [m.span.start for m in irc.mentions if m.span.text == "IRC"] == [
        text.index("IRC"), text.index("IRC said")]
    assert not [e for e in entities if e.name == "IRC"]


def test_shared_surname_stays_apart() -> None:
    text = "Ann Smith met Tom Smith in London on Monday. Smith said the talks went well."
    (entities,) = entities_of(text)
    ann = only(entities, "Ann Smith")
    tom = only(entities, "Tom Smith")
    assert mention_texts(ann) == ["Ann Smith"]
    assert mention_texts(tom) == ["Tom Smith"]
    # "Smith" could be either: it is not folded into one of them (kept on its own, if at all)
    lone = [e for e in entities if "Smith" in mention_texts(e)]
    assert all(mention_texts(e) == ["Smith"] for e in lone)
    assert ann is not tom


def test_different_articles_keep_their_own_entities() -> None:
    """A surname only joins a full name of the same article."""
    text = ("WEATHER WATCH: Heavy rain fell across Scotland on Sunday, forecasters said, and John Kirby stayed home.\n"
            "TRADE TALKS: Officials met in Paris on Monday. Kirby said the talks went well.\n")
    first, second = entities_of(text, fmt="text")
    assert "John Kirby" in [e.name for e in first]
    assert "John Kirby" not in [e.name for e in second]


def test_mention_offsets_are_into_the_item_text() -> None:
    text = ("WEATHER WATCH: Heavy rain fell across Scotland on Sunday, forecasters said.\n"
            "TRADE TALKS: John Kirby met officials in Paris on Monday. Kirby said the talks went well.\n")
    articles = entities_of(text, fmt="text")
    assert len(articles) == 2
    second = articles[1]
    kirby = only(second, "John Kirby")
    second_start = text.index("TRADE TALKS")
    assert [m.span.start for m in kirby.mentions] == [text.index("John Kirby"), text.index("Kirby said")]
    for entity in articles[0] + second:
        for m in entity.mentions:
            assert text[m.span.start:m.span.end] == m.span.text
    for m in kirby.mentions:
        assert m.span.start > second_start
    paris = only(second, "Paris")
    assert paris.mentions[0].span.start == text.index("Paris")
    # the kicker is not analysed as body text
    assert not any("TRADE" in m.span.text for e in second for m in e.mentions)


def test_offsets_with_leading_whitespace_and_crlf() -> None:
    text = "\r\n  \r\nOfficials met in Madrid.\r\nLater, Maria Lopez said Lopez would return to Madrid."
    (entities,) = entities_of(text)
    for entity in entities:
        for m in entity.mentions:
            assert text[m.span.start:m.span.end] == m.span.text
    madrid = only(entities, "Madrid")
    assert [m.span.start for m in madrid.mentions] == [text.index("Madrid"), text.rindex("Madrid")]


def test_possessive_and_article_do_not_change_the_name() -> None:
    assert canonical_form("the Pentagon") == "Pentagon"
    assert canonical_form("Russia’s") == "Russia"
    assert canonical_form("Reuters'") == "Reuters"
    assert initials("International Rescue Committee") == "IRC"
    assert initials("Institute for the Study of War") == "ISW"
