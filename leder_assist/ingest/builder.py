"""Accumulates a document's text page by page, recording pages and marked regions."""

from __future__ import annotations

from ..record import Page, Region, RegionKind


class TextBuilder:
    """Append text in reading order; offsets of pages and regions are computed as it grows.

    Every reader (PDF, DOCX, TXT) writes through this, so offsets mean the same thing for
    every format: positions in the final ``Document.text``, end exclusive.
    """

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self._page_starts: list[int] = [0]
        self.regions: list[Region] = []

    @property
    def length(self) -> int:
        return self._length

    @property
    def page(self) -> int:
        return len(self._page_starts)

    def add(self, text: str, region: RegionKind | None = None) -> tuple[int, int]:
        """Append text (optionally marked as a region); returns its (start, end)."""
        start = self._length
        if text:
            self._parts.append(text)
            self._length += len(text)
            if region is not None:
                self.mark(region, start, self._length)
        return start, self._length

    def mark(self, kind: RegionKind, start: int, end: int) -> None:
        """Mark an already-added span of the current page as a region."""
        if end > start:
            self.regions.append(Region(kind=kind, start=start, end=end, page=self.page))

    def ensure_newline(self) -> None:
        """Make sure what follows starts on a new line (so blocks never run together)."""
        if self._parts and not self._parts[-1].endswith("\n"):
            self.add("\n")

    def new_page(self) -> None:
        """Start a new page at the current position (an empty current page is not duplicated)."""
        if self._length > self._page_starts[-1]:
            self._page_starts.append(self._length)

    def force_page(self) -> None:
        """Start a new page even if the current one is empty (PDF pages without text)."""
        self._page_starts.append(self._length)

    def build(self) -> tuple[str, list[Page]]:
        text = "".join(self._parts)
        ends = self._page_starts[1:] + [len(text)]
        pages = [Page(number=i + 1, start=s, end=e) for i, (s, e) in enumerate(zip(self._page_starts, ends))]
        return text, pages
