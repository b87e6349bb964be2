"""Entity rules (``rules/entities.yaml``): conditions, medications, professionals, services,
family relations and assessment tools, as spaCy ``EntityRuler`` phrase patterns."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ..config import Settings
from ..rules import RuleModel, load_rules

EntityLabel = Literal["CONDITION", "MEDICATION", "PROFESSIONAL", "SERVICE", "FAMILY", "TOOL"]


class EntityRule(RuleModel):
    id: str
    label: EntityLabel
    phrases: list[str] = Field(min_length=1)


class EntityRules(RuleModel):
    entities: list[EntityRule]


def entity_patterns(settings: Settings) -> list[dict[str, str]]:
    """Patterns for spaCy's EntityRuler; each carries its rule id."""
    rules = load_rules(settings, "entities.yaml", EntityRules)
    return [{"label": r.label, "pattern": p, "id": r.id} for r in rules.entities for p in r.phrases]
