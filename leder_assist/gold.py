"""Gold annotations for invented case bundles: what a perfect run would find.

The samples' gold files (``samples/gold/<case_id>.yaml``) and the held-out evaluation
notes use this model; tests and ``leder-assist evaluate`` read them through it, so a
typo in a gold file fails loudly instead of silently weakening a check.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Literal

import yaml

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .errors import UsageError

IdentifierLabel = Literal[
    "PERSON",
    "DATE_OF_BIRTH",
    "NHS_NUMBER",
    "NI_NUMBER",
    "LOCAL_ID",
    "PHONE",
    "EMAIL",
    "POSTCODE",
    "ADDRESS",
    "ORGANISATION",
]
DocKind = Literal["gp_record", "discharge_summary", "care_notes", "notification", "family", "other"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class GoldPerson(_Strict):
    """The person who died."""

    name: str
    known_as: str | None = None
    date_of_birth: dt.date
    date_of_death: dt.date
    age_at_death: int
    sex: Literal["female", "male"]
    ethnicity: str | None = Field(None, description="as recorded in the notes; null when never recorded")
    learning_disability: str | None = Field(None, description="e.g. 'moderate', 'severe', 'none'")
    autistic: bool | None = Field(False, description="null when no document says")


class GoldIdentifier(_Strict):
    """One surface form of an identifier; every occurrence in the bundle must be redacted."""

    text: str
    label: IdentifierLabel
    role: str | None = Field(None, description="for PERSON: person, mother, sister, gp, carer, nurse, ...")

    @field_validator("text", mode="before")
    @classmethod
    def _as_written(cls, value: object) -> object:
        # YAML reads an unquoted "1950-08-02" or "9992386258" as a date or a number: the text is as written
        if isinstance(value, dt.date):
            return value.isoformat()
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


class GoldDocument(_Strict):
    file: str
    kind: DocKind
    pages: int


class GoldTriage(_Strict):
    recommendation: Literal["initial", "focused"]
    triggers: list[Literal["ETHNICITY", "AUTISM_NO_LD", "FAMILY_REQUEST", "REVIEWER_CONCERN", "INVESTIGATION"]] = []
    uncertainties: list[str] = Field([], description="deciding facts missing from the notes, e.g. 'ethnicity'")


class GoldEvent(_Strict):
    date: dt.date
    precision: Literal["day", "month", "year"] = "day"
    event: str
    kind: str | None = Field(None, description="death, admission, discharge, diagnosis, move, ahc, referral, safeguarding, dnacpr, capacity, deterioration, ...")


class GoldPortraitFact(_Strict):
    heading: Literal[
        "Who they were",
        "What people liked and admired about them",
        "What mattered to them",
        "How they communicated",
        "Home and support",
        "Important people",
        "Health in brief",
        "In their family's words",
    ]
    fact: str
    keywords: list[str] = Field(description="words a portrait sentence stating this fact would contain (any one matches)")


class GoldCase(_Strict):
    case_id: str
    description: str
    person: GoldPerson
    documents: list[GoldDocument]
    identifiers: list[GoldIdentifier]
    must_keep: list[str] = Field([], description="clinical or ordinary words in this bundle that must survive redaction")
    themes: list[str]
    themes_not_present: list[str] = Field([], description="themes only mentioned negated, hypothetically or about someone else")
    triage: GoldTriage
    timeline: list[GoldEvent]
    missing_information: list[str] = Field([], description="notification-of-death items the bundle never states")
    pen_portrait: list[GoldPortraitFact]


def load_gold(path: Path) -> GoldCase:
    """Load and validate one gold file."""
    try:
        with path.open(encoding="utf-8") as fh:
            return GoldCase.model_validate(yaml.safe_load(fh))
    except (ValidationError, yaml.YAMLError) as exc:
        where = "; ".join(".".join(str(p) for p in e["loc"]) + ": " + e["msg"] for e in exc.errors()[:3]) \
            if isinstance(exc, ValidationError) else "not valid YAML"
        raise UsageError(f"gold file {path} is not valid ({where})",
                         "correct the file (compare it with a gold file in samples/gold) and run again") from None
