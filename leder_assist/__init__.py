"""leder-assist: offline drafting and redaction help for LeDeR reviewers."""

__version__ = "0.1.0"
