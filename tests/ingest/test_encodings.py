"""Encodings: a page's declared charset, byte-order marks, UTF-16, legacy plain text; any bytes give a value."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsledger.ingest import read_paths
from newsledger.ingest.html import decode_html
from newsledger.ingest.text import decode_text
from newsledger.model import IngestError, Item
from newsledger.segment import segment

PARAGRAPH = (
    "The café owners in Montréal said the “new” harbour toll of €2 was too high — a view the "
    "council’s engineers did not share, because corrosion was worse than the inspection had shown."
)
BODY = f"<article><h1>Toll row</h1><p>{PARAGRAPH}</p><p>{PARAGRAPH}</p><p>{PARAGRAPH}</p></article>"


def page(head: str, prefix: str = "") -> str:
    return f"{prefix}<!DOCTYPE html><html><head>{head}<title>Toll row</title></head><body>{BODY}</body></html>"


def read_one(path: Path) -> Item:
    (found,) = read_paths([str(path)])
    assert isinstance(found, Item), found
    return found


@pytest.mark.parametrize(
    "head",
    [
        '<meta charset="ISO-8859-1">',
        "<meta charset=iso-8859-1>",
        '<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">',
        '<META HTTP-EQUIV="content-type" CONTENT="text/html;charset=Latin1">',
    ],
)
def test_html_in_its_declared_western_charset(tmp_path: Path, head: str) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(page(head).encode("cp1252"))  # é, €, curly quotes, dash: windows-1252 bytes

    item = read_one(path)

    assert PARAGRAPH in item.text
    assert item.raw == page(head)
    start = item.text.index("€2")
    assert item.text[start : start + 2] == "€2"
    for article in segment(item):  # offsets point into the decoded text
        assert article.text == item.text[article.start : article.end]
        assert "café" in article.text and "“new”" in article.text


def test_xhtml_xml_declaration_decides(tmp_path: Path) -> None:
    html = page("", prefix='<?xml version="1.0" encoding="ISO-8859-1"?>\n')
    path = tmp_path / "page.xhtml"
    path.write_bytes(html.encode("cp1252"))

    assert PARAGRAPH in read_one(path).text


def test_html_in_shift_jis(tmp_path: Path) -> None:
    text = "東京で新しい橋が開通した。" * 20
    html = f'<html><head><meta charset="Shift_JIS"><title>橋</title></head><body><article><p>{text}</p></article></body></html>'
    path = tmp_path / "page.html"
    path.write_bytes(html.encode("shift_jis"))

    item = read_one(path)

    assert "東京で新しい橋が開通した。" in item.text


def test_utf8_page_with_a_stale_latin1_declaration_stays_utf8(tmp_path: Path) -> None:
    html = page('<meta charset="iso-8859-1">')
    path = tmp_path / "saved.html"
    path.write_bytes(html.encode("utf-8"))

    assert PARAGRAPH in read_one(path).text


def test_undeclared_legacy_page_is_detected(tmp_path: Path) -> None:
    path = tmp_path / "page.htm"
    path.write_bytes(page("").encode("cp1252"))

    assert PARAGRAPH in read_one(path).text


def test_html_in_a_txt_file_uses_its_declaration(tmp_path: Path) -> None:
    path = tmp_path / "page.txt"
    path.write_bytes(page('<meta charset="windows-1252">').encode("cp1252"))

    item = read_one(path)

    assert item.format == "html"
    assert PARAGRAPH in item.text


TEXT = "Café owners said the “new” toll of €2 was too high.\nThe council disagreed.\n"


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-8-sig"])
def test_text_with_a_byte_order_mark(tmp_path: Path, codec: str) -> None:
    data = TEXT.encode(codec)
    if codec in ("utf-16-le", "utf-16-be"):
        data = "\ufeff".encode(codec) + data
    path = tmp_path / "story.txt"
    path.write_bytes(data)

    assert read_one(path).text == TEXT


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_read_not_called_binary(tmp_path: Path, codec: str) -> None:
    path = tmp_path / "story.txt"
    path.write_bytes(TEXT.encode(codec))

    assert read_one(path).text == TEXT


def test_broken_utf16_without_a_byte_order_mark_is_named(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_bytes(TEXT.encode("utf-16-le") + b"\x00\xd8a\x00")  # a lone surrogate at the end

    (error,) = read_paths([str(path)])

    assert isinstance(error, IngestError)
    assert "UTF-16 text without a byte-order mark" in error.message


@pytest.mark.parametrize("codec", ["cp1252", "latin-1"])
def test_legacy_western_text_is_read(tmp_path: Path, codec: str) -> None:
    text = TEXT if codec == "cp1252" else TEXT.replace("“", '"').replace("”", '"').replace("€", "EUR ")
    path = tmp_path / "story.txt"
    path.write_bytes(text.encode(codec))

    assert read_one(path).text == text


def test_utf8_file_with_a_stray_latin1_line(tmp_path: Path) -> None:
    path = tmp_path / "dump.txt"
    path.write_bytes(TEXT.encode("utf-8") + "Señor Núñez spoke.\n".encode("latin-1"))

    assert read_one(path).text == TEXT + "Señor Núñez spoke.\n"


def test_cyrillic_code_page_is_detected(tmp_path: Path) -> None:
    text = "Мэр города заявил, что новый мост откроется в понедельник после ремонта.\n" * 5
    path = tmp_path / "story.txt"
    path.write_bytes(text.encode("cp1251"))

    assert read_one(path).text == text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_any_bytes_decode_to_text_or_one_line(data: bytes) -> None:
    for decode in (decode_text, decode_html):
        found = decode("x", data)
        assert isinstance(found, (str, IngestError))
        if isinstance(found, IngestError):
            assert "\n" not in str(found) and "\r" not in str(found)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(
    st.one_of(
        st.binary(max_size=300),
        st.text(max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass")),
        st.sampled_from([b"<html>", b"\xff\xfe<\x00h\x00", b'{"text": "a\x00b"}\n\xff\n', b"<meta charset=bogus>"]),
    ),
    st.sampled_from(["a.txt", "a.html", "a.jsonl", "a"]),
)
def test_any_file_gives_items_or_one_line_errors(tmp_path: Path, data: bytes, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)

    for found in read_paths([str(path)]):
        assert isinstance(found, (Item, IngestError))
        if isinstance(found, IngestError):
            assert "\n" not in str(found) and "\r" not in str(found)


@pytest.mark.parametrize("label", ["base64", "rot13", "hex", "zlib", "utf-7", "unicode_escape", "undefined"])
def test_a_page_naming_a_codec_no_web_page_is_in_is_read_by_detection(label: str) -> None:
    """Python knows codecs that are not text encodings (base64) or that make lone surrogates (utf-7): a page
    naming one is decoded as if it named nothing, never with an exception."""
    body = "<p>Police said two people were killed in a shooting in Dayton on Monday, the city said.</p>" * 3
    page = f'<html><head><meta charset="{label}"><title>Shooting</title></head><body>{body}</body></html>'
    decoded = decode_html("page.html", page.encode("utf-8") + b" +2AA-")
    assert isinstance(decoded, str) and "Dayton" in decoded
    decoded.encode("utf-8")  # no lone surrogates: storable


@pytest.mark.parametrize("text", ["Señora Núñez, 45, was hurt.", "naïve résumé", "café", "Zoë’s “news” – 5 €"])
def test_a_short_western_text_is_read_as_windows_1252_not_guessed(text: str) -> None:
    """A few accented words make a large share of stray bytes in a short text; the detector guessed Arabic or
    Chinese for them. Accents one or two bytes at a time are windows-1252."""
    assert decode_text("short.txt", text.encode("cp1252")) == text
