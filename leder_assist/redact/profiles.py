"""Redaction profiles and replacement words, from ``rules/profiles.yaml``."""

from __future__ import annotations

from ..config import Settings
from ..errors import UsageError
from ..rules import RuleModel, load_rules


class Profile(RuleModel):
    description: str
    remove: list[str]
    coarsen_dates: bool
    generalise_ages: bool


class Replacement(RuleModel):
    word: str
    numbered: bool


class ProfileRules(RuleModel):
    profiles: dict[str, Profile]
    min_score: float
    replacements: dict[str, Replacement]


def profile_rules(settings: Settings) -> ProfileRules:
    return load_rules(settings, "profiles.yaml", ProfileRules)


def get_profile(settings: Settings, name: str) -> Profile:
    rules = profile_rules(settings)
    if name not in rules.profiles:
        raise UsageError(f"unknown redaction profile {name!r}", f"choose one of: {', '.join(rules.profiles)}")
    return rules.profiles[name]
