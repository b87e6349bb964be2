"""Addresses (street addresses, flats, house names, address fields) and organisation names."""

from __future__ import annotations

import re
from functools import cached_property

from ..config import Settings
from ..rules import RuleModel, load_rules
from .names import APOS, NAME_WORD, POSTCODE_SHAPE
from .spans import Candidate


class Example(RuleModel):
    text: str
    finds: dict[str, list[str]]


class PlaceRules(RuleModel):
    street_types: list[str]
    buildings: list[str]
    units: list[str]
    address_fields: list[str]
    locality_street_types: list[str]
    place_fields: list[str]
    address_cues: list[str]
    organisations: dict[str, str]
    kinds: dict[str, str]
    examples: list[Example]
    # short street words written out, so that a street met as "Polgrain Rd" is found as "Polgrain Road" too
    street_abbreviations: dict[str, str] = {}

    @cached_property
    def strong_street_types(self) -> list[str]:
        """Street words that are no district's ending ("Road", "Close"; not "Green", "Side")."""
        return [t for t in self.street_types if t not in self.locality_street_types]

    @cached_property
    def place_ends(self) -> frozenset[str]:
        """The last words of places ("court", "road", "surgery"), lower case: a name before a comma is
        followed by one in "Natalie Jory, Trelawney Court"."""
        return frozenset(w.split()[-1].lower() for w in [*self.street_types, *self.buildings, *self.organisations])

    @cached_property
    def street_parts(self) -> tuple[re.Pattern[str], re.Pattern[str]]:
        """What marks a comma part of an address field as street address, not the town or
        county after it ("Moss Side, Manchester" stay): a number or a street, building or
        unit word in any case; and, for place-of-death fields, such a word capitalised
        ("inpatient unit" is no address)."""
        strong = _alt([t for t in self.street_types + self.buildings + self.units if t not in self.locality_street_types])
        direction = r"(?:[ \t]+(?:North|South|East|West)\b)?"
        return (re.compile(rf"\d|\b(?i:{strong})\b{direction}"),
                re.compile(rf"\b(?:{strong}|{strong.upper()})\b{direction}"))

    @cached_property
    def address_part(self) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
        """A comma part of an address that names a building ("Kestle House") or a street: with its number any street
        word ("14 Polgrain Rd", "27 Harcourt Rise"), without one not a district's ("Moss Side", as `locality_street_types`)."""
        strong = self.strong_street_types
        name = r"(?:[A-Z][\w'\u2019\-]+[ \t]+){1,3}"
        return (re.compile(rf"{name}(?:{_alt(self.buildings)})"),
                re.compile(rf"\d+[A-Za-z]?[ \t]+(?P<street>{name}(?P<kind>{_alt(self.street_types)}))\.?"
                           rf"|(?P<bare>{name}(?P<bare_kind>{_alt(strong)}))\.?"),
                re.compile(rf"(?i)(?:{_alt(self.units)})\b"))

    @cached_property
    def strong_street_word(self) -> re.Pattern[str]:
        """A capitalised street word that is no district's ending: what "address.lived_on_street" needs, looked for
        first (a case-sensitive word search is far cheaper than the rule)."""
        strong = self.strong_street_types
        return re.compile(rf"\b(?:{_alt(strong)})\b")

    @cached_property
    def building_part(self) -> re.Pattern[str]:
        """A comma part of an address naming a building without a number ("Weavers Court"): its street
        follows it, even a street named like a district ("Flat 9, Weavers Court, Mill Brow, Bradmoor")."""
        return re.compile(rf"^(?!.*\d)[^,]*\b(?:{_alt(self.buildings)})\b")

    @cached_property
    def locality_part(self) -> re.Pattern[str]:
        return re.compile(rf"\b(?:{_alt(self.locality_street_types)})[ \t]*$")

    @cached_property
    def patterns(self) -> dict[str, re.Pattern[str]]:
        street = rf"(?:{_alt(self.street_types)}|{_alt([t.upper() for t in self.street_types if len(t) > 3])})\.?"
        building = rf"(?:{_alt(self.buildings)})"
        unit = rf"(?:{_alt(self.units + [u.upper() for u in self.units])})"
        num = r"\d{1,4}(?:-\d{1,4})?[A-Za-z]?"  # "14", "3B", "14-16"
        flat_num = r"(?:\d{1,4}[A-Za-z]?|[A-Z])(?![\w])"  # "Flat 3B", "Flat C"
        # street-name words are Title or UPPER case ("of", "on", "y" inside); informal notes
        # in lower case get a lower-case-only form ("9 larch grove")
        not_title = r"(?!(?:Dr|Mr|Mrs|Ms|Miss|Mx|Prof|DR|MR|MRS|MS|MISS)\b)"
        # (nor a date or a length of time: "12 March, Axford AX5 9HB", "3 Weeks")
        not_month = (r"(?!(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b)"
                     r"(?!(?i:years?|months?|weeks?|days?|hours?|hrs|mins?|minutes)\b)")
        words = rf"(?:{not_title}{NAME_WORD}(?:[{APOS}]s)?[ \t]+(?:(?:of|on|the|y|yr|upon|na|an|de)[ \t]+)?){{1,3}}"
        direction = r"(?:[ \t]+(?:North|South|East|West|Upper|Lower))?"
        welsh = r"(?:Heol|Ffordd|Stryd|L[o\u00f4]n|Rhodfa|Ffos|Cae|Maes|Bryn|Clos|Llys|Cilgant|Teras|Rhes)[ \t]+(?:(?:y|yr|'r)[ \t]+)?" + NAME_WORD + rf"(?:[ \t]+(?:(?:y|yr|'r)[ \t]+)?{NAME_WORD})?"
        # short forms only where they cannot be something else ("st" is also "stat", "ct" a scan)
        lower_types = [t.lower() for t in self.street_types if len(t) > 3] + ["rd", "ave", "cres", "gdns", "tce"]
        lower_street = rf"(?:[a-z]{{3,}}[ \t]+){{1,2}}(?:{_alt(lower_types)})\.?"
        cap_words = rf"(?:{not_title}{NAME_WORD}[ \t]+(?:(?:of|on|the|y|yr|upon|na|an|de)[ \t]+)?){{0,3}}{not_title}{NAME_WORD}"
        house = rf"(?:(?:The[ \t]+)?{cap_words},[ \t]+)"
        floor = r"(?:(?:Ground|First|Second|Third|Fourth|Top|Lower|Upper|Basement|1st|2nd|3rd)[ \t]+Floor,?[ \t]+)"
        # a second street after a comma ("3 Minster Row, Pontefract Road"), not a district ("Moss Side")
        strong_types = [t for t in self.street_types if t not in self.locality_street_types]
        strong_street = rf"(?:{_alt(strong_types + [t.lower() for t in strong_types])})\.?"
        street_line = rf"(?:{num},?[ \t]+{words}{street}|{words}{strong_street})"
        return {
            "address.street": re.compile(
                rf"(?<![\w])(?:{unit}[ \t]+{flat_num},?[ \t]+(?:{cap_words},[ \t]+)?)?(?:{house})?"
                rf"{num},?[ \t]+{words}{street}{direction}(?:,[ \t]+{words}{strong_street})?(?![\w])"),
            # a house number and a one- or two-word street with no street word, before a town and a postcode, as a
            # letterhead or a base line writes it ("Fellside Clinic, 4 Ropewalk, Axford AX5 9HA", "21 Castlegate,
            # Axford, AX4 3DW"): the town and the postcode make it an address
            "address.before_town_postcode": re.compile(
                rf"(?<![\w/.:,])(?P<value>{num},?[ \t]+{not_title}{not_month}{NAME_WORD}(?:[ \t]+{not_title}{NAME_WORD})?)"
                rf"[ \t]*(?:,[ \t]*\n?|\n)[ \t]*(?:{NAME_WORD}[ \t]+){{0,2}}{NAME_WORD},?[ \t]+{POSTCODE_SHAPE.pattern}"),
            "address.welsh": re.compile(rf"(?<![\w])(?:{num},?[ \t]+)?{welsh}(?![\w])"),
            "address.flat_street": re.compile(
                rf"(?<![\w]){unit}[ \t]+{flat_num},?[ \t]+{num}[ \t]+{not_title}{NAME_WORD}(?![\w])"),
            "address.lower_case": re.compile(rf"(?<![\w]){num},?[ \t]+{lower_street}(?![\w])"),
            "address.house_street": re.compile(
                # ... not a body named "Court of ..." ("Partner, Head of Court of Protection"); a floor before the
                # building ("Ground Floor, Dyer House, 5 Tenterfield Street")
                rf"(?<![\w])(?:{floor}|{unit}[ \t]+{flat_num},?[ \t]+)?{house}{street_line}(?![\w])(?![ \t]+(?:of|for)[ \t])"),
            # a unit in a named building, then its street, even one named like a district ("Unit 3, Brindle Mill, Canal Side")
            "address.unit_building_street": re.compile(
                rf"(?<![\w]){unit}[ \t]+{flat_num},?[ \t]+{cap_words}[ \t]+{building},[ \t]+{words}{street}(?![\w])(?![ \t]+(?:of|for)[ \t])"),
            "address.flat": re.compile(
                rf"(?<![\w]){unit}[ \t]+{num},?[ \t]+(?:{cap_words},[ \t]+{num}[ \t]+{NAME_WORD}|{words}(?:{building}|{street}))(?![\w])"),
            "address.flat_number": re.compile(r"(?<![\w])(?:Flat|Apartment|Apt|Pitch|Plot|(?<=\()(?:flat|apartment|apt|pitch|plot))\.?[ \t]+\d{1,4}[A-Za-z]?(?![\w])"),
            "address.numbered_building": re.compile(rf"(?<![\w\d/.:]){num}[ \t]+{words}{building}(?![\w])"),
            "address.field": re.compile(
                rf"(?im)(?:^|\|)[ \t]*(?:{_alt(self.address_fields)})[ \t]*(?:[:|\t\-]|(?=[ \t]{{2,}}))[ \t:]*"
                # (nor the phone number after it on the line: "Hollinsford AX12 3HB. Tel 07700 900562.")
                rf"(?P<value>[^\n|]*?\d[^\n|]*?)[ \t]*(?:\([^)\d\n]*\)[ \t]*)?"
                rf"(?=$|\||[ \t]{{3,}}|[.;,]?[ \t]*(?i:tel|telephone|phone|mob|mobile|e-?mail|fax)\b)"),  # not "(Shared Lives placement)"
            # "Place of death: The Annexe, Curlew Cottage, Haywood Lane, Ripon HG4 3QT" -
            # an address only when a part names a street, building or unit ("Ward 7,
            # Kingsmere General Hospital" is not)
            "address.place_field": re.compile(
                rf"(?im)(?:^|\|)[ \t]*(?:{_alt(self.place_fields)})[ \t]*(?:[:|\t\-]|(?=[ \t]{{2,}}))[ \t:]*"
                rf"(?P<value>[^\n|]*?)[ \t]*(?:\([^)\d\n]*\)[ \t]*)?(?=$|\||[ \t]{{3,}})"),
            # a street named without its number where someone lived ("lived with their mum on Greenside Street", "the
            # house on Fennel Street", "a group home on Beech Road"); not a service named after it ("Prospect Street Surgery")
            "address.lived_on_street": re.compile(
                rf"(?i:\b(?:lived|living|lives|live|grew[ \t]+up|house|home|flat|bungalow|moved(?:[ \t]+back)?)\b)[^.\n]{{0,40}}?"
                rf"\b(?i:on|in|off)[ \t]+(?P<value>{words}{strong_street})(?![\w])"
                rf"(?![ \t]+(?:{_alt(list(self.organisations))}|Practice|Clinic|Station|Church|Chapel|Mosque|Library|School|Centre|Day))"),
            "address.house_name": re.compile(
                rf"(?i:\b(?:{_alt(self.address_cues)}))[ \t]+(?P<value>The[ \t]+{NAME_WORD}(?:[ \t]+{NAME_WORD})?)"),
            "organisation.suffix": re.compile(
                rf"(?<![\w])(?P<value>(?:{NAME_WORD}[ \t]+|(?:of|and|&|on|upon|the)[ \t]+(?={NAME_WORD})){{1,5}}"
                rf"(?P<suffix>{_alt(list(self.organisations))}))(?![\w])"),
        }


_ROLE_WORDS = {"manager", "worker", "nurse", "officer", "coordinator", "co-ordinator", "lead", "director", "practitioner",
               "assistant", "administrator", "secretary", "keyworker", "supervisor", "therapist", "doctor", "consultant"}


def _house_name(match: str, first_names: set[str] | frozenset[str]) -> bool:
    """Whether the words before the first comma of a house-and-street match may name a house, not a person
    ("Stan Zawadzki, Heron Court": a listed first name opening two words) or a role ("Scheme Manager, Heron Court")."""
    house = match.split(",")[0].split()
    if len(house) <= 1 or house[0] in ("The", "THE"):
        return True
    if house[-1].lower() in _ROLE_WORDS:
        return False
    return not (len(house) == 2 and house[0].lower() in first_names and house[1][:1].isupper())


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


# a postcode inside an address field's value (it has a rule of its own: identifiers.yaml postcode.uk)
_POSTCODE = re.compile(r"(?i)\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b")


def place_rules(settings: Settings) -> PlaceRules:
    return load_rules(settings, "places.yaml", PlaceRules)


def _street_end(value: str, rules: PlaceRules, numbers: bool = True) -> int:
    """Where the street part of an address field's value ends: after its last comma part
    that holds a number (not a postcode) or a street, building or unit word. The town,
    locality and county after it are kept, and the postcode has a rule of its own."""
    end, pos, after_building = 0, 0, False
    parts = value.split(",")
    for i, part in enumerate(parts):
        bare = _POSTCODE.sub("", part)
        any_case, cased = rules.street_parts
        hits = list(cased.finditer(re.sub(r"\d", "", bare)) if not numbers else any_case.finditer(bare))
        if numbers and after_building and bare == part and i < len(parts) - 1 and rules.locality_part.search(bare.rstrip()):
            end = pos + len(bare.rstrip())
        elif hits or (numbers and not end and bare.strip()):
            last = hits[-1] if hits else None
            # the street part ends at its last street word when a town follows without a comma
            # ("Lower Brunswick st Todmorden"); a number ends it only at the part's end
            end = pos + (last.end() if last and not last.group().isdigit() else len(bare.rstrip()))
        after_building = bool(rules.building_part.search(bare.strip()))
        pos += len(part) + 1
    return end


def address_parts(value: str, rules: PlaceRules) -> list[str]:
    """The named parts of an address that notes also use alone, to be searched across the case: a building ("Kestle
    House", "KESTLE HOUSE") and the street without its number ("14 Polgrain Rd" -> "Polgrain Rd", "Polgrain Road");
    not a unit ("Flat 2" is in every other address)."""
    building, street, unit = rules.address_part
    parts = []
    for part in (p.strip() for p in value.split(",")):
        if unit.match(part):
            continue
        if building.fullmatch(part):
            parts += [part, part.upper()]
        elif m := street.fullmatch(part):
            name, kind = (m["street"], m["kind"]) if m["street"] else (m["bare"], m["bare_kind"])
            parts += [name, name.upper()]
            if kind in rules.street_abbreviations:
                parts.append(name[: -len(kind)] + rules.street_abbreviations[kind])
    return parts


def find_places(text: str, rules: PlaceRules, first_names: set[str] | frozenset[str] = frozenset()) -> list[Candidate]:
    out: list[Candidate] = []
    for rule_id, pattern in rules.patterns.items():
        if rule_id == "address.lived_on_street" and not rules.strong_street_word.search(text):
            continue
        if rule_id == "address.before_town_postcode" and not POSTCODE_SHAPE.search(text):
            continue  # (only where a postcode is: most notes have none)
        for m in pattern.finditer(text):
            group = "value" if "value" in pattern.groupindex else 0
            start, end = m.span(group)
            if rule_id in ("address.field", "address.place_field"):
                end = start + _street_end(m["value"], rules, numbers=rule_id == "address.field")
                if end <= start:
                    continue
            if rule_id == "address.house_street" and not _house_name(m.group(), first_names):
                # "Stan Zawadzki, Heron Court", "Scheme Manager, Heron Court": a person or a role before the
                # street, not a house's name; the street alone is the address
                start = m.start() + m.group().index(",") + 1
                while start < end and text[start].isspace():
                    start += 1
            if rule_id == "organisation.suffix":
                suffix = " ".join(m["suffix"].split())
                kind = next((k for s, k in rules.organisations.items() if s.lower() == suffix.lower()), "other")
                if m["value"].split()[0].lower() in ("the", "of", "and", "on", "upon"):
                    continue
                out.append(Candidate(start, end, "ORGANISATION", 0.85, rule_id, role=kind))
            else:
                if text[end - 1:end] == "." and re.search(r"[A-Za-z]{4,}\.\Z", text[start:end]):
                    end -= 1  # a sentence's full stop after "Street", not an abbreviation's ("St.")
                out.append(Candidate(start, end, "ADDRESS", 0.9 if rule_id == "address.field" else 0.85, rule_id))
    return out
