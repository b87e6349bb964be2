"""Settings: where rules and models live, and the limits that protect the machine.

Defaults suit a reviewer's laptop; each can be changed on the command line or with an
environment variable ``LEDER_<NAME>`` (for example ``LEDER_MAX_FILE_MB=200``).
"""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

PACKAGE_DIR = Path(__file__).resolve().parent
# In a source checkout rules/ and models/ sit beside the package; an installed wheel
# carries copies inside the package (see pyproject's package data).
_REPO_DIR = PACKAGE_DIR.parent


def _default_dir(name: str) -> Path:
    beside = _REPO_DIR / name
    return beside if beside.is_dir() else PACKAGE_DIR / "_data" / name


class Settings(BaseModel):
    """Everything a stage may need to know that is not in the input."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    rules_dir: Path = Field(default_factory=lambda: _default_dir("rules"))
    models_dir: Path = Field(default_factory=lambda: _default_dir("models"))
    max_file_mb: float = Field(50.0, gt=0, description="files larger than this are refused")
    max_docx_uncompressed_mb: float = Field(
        200.0, gt=0, description="a .docx that would unpack to more than this is refused (zip-bomb guard)"
    )
    max_docx_ratio: float = Field(200.0, gt=1, description="largest allowed compression ratio inside a .docx")

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        """Defaults, then ``LEDER_*`` environment variables, then explicit overrides (not None)."""
        values: dict[str, object] = {}
        for name in cls.model_fields:
            env = os.environ.get(f"LEDER_{name.upper()}")
            if env is not None:
                values[name] = env
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)
