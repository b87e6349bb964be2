"""Plain-text files: UTF-8 (with or without BOM), UTF-16 with BOM, legacy cp1252 exports."""

from __future__ import annotations

import codecs

from ..errors import UnreadableFile
from .builder import TextBuilder

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def decode(data: bytes) -> tuple[str, list[str]]:
    """Decode bytes of a text file; returns the text and any warnings about how."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), []
            except UnicodeDecodeError as exc:
                raise _undecodable(exc.start) from None
    if b"\x00" in data[:4096]:
        raise UnreadableFile(
            "binary",
            "contains binary data, not text: it is probably not a .txt file",
            "check the file opens in a text editor; if it is a Word or PDF file, give it the right extension",
        )
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise _undecodable(exc.start) from None
    return text, ["not UTF-8: read as Windows-1252 (legacy export); check accented letters and symbols look right"]


def _undecodable(offset: int) -> UnreadableFile:
    return UnreadableFile(
        "undecodable",
        f"has bytes that are not valid text in UTF-8 or Windows-1252 (first at byte {offset})",
        "open it in a text editor and save it as UTF-8, then add it again",
    )


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR become LF; NUL characters are dropped."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")


def read_txt(data: bytes) -> tuple[TextBuilder, list[str]]:
    """Read a text file. Form feeds (``\\f``) separate pages, as in many printed exports."""
    text, warnings = decode(data)
    text = normalise_newlines(text)
    if not text.strip():
        raise UnreadableFile("empty", "has no text (only spaces or blank lines)",
                             "check the right file was sent; ask the sender for the full document")
    builder = TextBuilder()
    pages = text.split("\f")
    for i, page in enumerate(pages):
        if i:
            builder.force_page()
        builder.add(page + ("\f" if i < len(pages) - 1 else ""))
    return builder, warnings
