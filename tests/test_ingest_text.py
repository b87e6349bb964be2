from __future__ import annotations

import pytest

from leder_assist.errors import UnreadableFile
from leder_assist.ingest.text import decode, read_txt


@pytest.mark.parametrize(
    ("data", "text", "warned"),
    [
        ("plain ascii\n".encode(), "plain ascii\n", False),
        ("caf\u00e9 \u2013 UTF-8\n".encode("utf-8"), "caf\u00e9 \u2013 UTF-8\n", False),
        ("\ufeffwith BOM".encode("utf-8"), "with BOM", False),
        ("UTF-16 \u00e9t\u00e9".encode("utf-16"), "UTF-16 \u00e9t\u00e9", False),
        ("legacy \u00a35 \u201cquoted\u201d".encode("cp1252"), "legacy \u00a35 \u201cquoted\u201d", True),
    ],
)
def test_decode_encodings(data: bytes, text: str, warned: bool) -> None:
    got, warnings = decode(data)
    assert got == text
    assert bool(warnings) is warned
    if warned:
        assert "Windows-1252" in warnings[0]


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"abc\x81\x8d def", "undecodable"),
        (b"\x00\x01binary\x00", "binary"),
        (b"  \n\t\n", "empty"),
    ],
)
def test_bad_text(data: bytes, code: str) -> None:
    with pytest.raises(UnreadableFile) as info:
        read_txt(data)
    assert info.value.code == code
    assert info.value.next_step


def test_crlf_normalised_and_form_feed_pages() -> None:
    builder, _ = read_txt(b"one\r\ntwo\r\n\x0cthree\rfour\n")
    text, pages = builder.build()
    assert text == "one\ntwo\n\x0cthree\nfour\n"
    assert [(p.number, text[p.start : p.end]) for p in pages] == [(1, "one\ntwo\n\x0c"), (2, "three\nfour\n")]


def test_undecodable_message_gives_position_not_text() -> None:
    with pytest.raises(UnreadableFile) as info:
        read_txt(b"Patient Secretname \x81")
    assert "Secretname" not in str(info.value)
    assert "byte 19" in info.value.message
