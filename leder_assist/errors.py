"""Errors of leder-assist.

Every message says what happened, where (file, rule id, document, page) and what to do
next, and never quotes note text: messages reach terminals, logs and screenshots.
"""

from __future__ import annotations


class LederError(Exception):
    """Base class: a problem the user can act on."""

    def __init__(self, message: str, next_step: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.next_step = next_step

    def __str__(self) -> str:
        return f"{self.message} ({self.next_step})" if self.next_step else self.message


class UsageError(LederError):
    """The command was asked for something that cannot be done (missing folder, bad option)."""


class UnreadableFile(LederError):
    """One input file could not be read; the rest of the case goes on.

    ``code`` is a stable machine-readable reason (``no_text_layer``, ``encrypted``...).
    """

    def __init__(self, code: str, message: str, next_step: str) -> None:
        super().__init__(message, next_step)
        self.code = code


class RulesError(LederError):
    """A rules file is missing or invalid; names the file, the rule id and the reason."""

    def __init__(self, path: str, reason: str, rule_id: str | None = None) -> None:
        where = f"{path}, rule {rule_id}" if rule_id else path
        super().__init__(f"invalid rules file {where}: {reason}", "correct the file and run again")
        self.path = path
        self.rule_id = rule_id


class ModelError(LederError):
    """A trained model or spaCy pipeline is missing or cannot be loaded."""
