"""Shared fixtures: paths to the committed fixtures and samples, default settings."""

from __future__ import annotations

from pathlib import Path

import pytest

from leder_assist.config import Settings

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
HOSTILE = FIXTURES / "hostile_case"
DOCUMENTS = FIXTURES / "documents"
SAMPLES = ROOT / "samples"


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings()
