"""The people of a case: names found anywhere are searched for everywhere, grouped into
people, and each person gets one role-keeping pseudonym for the whole case.

"Bernadette Kavanagh (sister)" in the notification makes "Bernadette", "Bernie" (a known
nickname), "B. Kavanagh", "KAVANAGH" and "Bernadette's" in every other document the same
person, "[Sister 1]". Names that are also ordinary words ("Will", "May", "Rose") are
matched only where the context makes them names.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from .names import APOS, ENTRY_DATE, ENTRY_TIME, FAMILY_ROLES, INITIALS, MONTH_BEFORE, MONTH_WORDS, NAME_SEQ, NAME_WORD, PARTICLE, PARTICLE_WORDS, TITLE_WORD, WEEKDAY_WORDS, Lexicon, NameRules, after_place_field, could_be_name, initial_slots, initials_of, mostly_lower_case, is_eponym, DOSING, dose_before, is_name_word, name_tokens, normalise, tokens, town_spans, weekday_word, word_nickname
from .spans import Candidate

# Field and header cues that say "this is the person who died", and how strongly.
_PERSON_VOTES = {"name.field": 1.0, "name.surname_comma_forename": 2.0}
_STRONG_PERSON_FIELDS = 3.0
# When roles tie, the more specific wins.
_ROLE_ORDER = ["person", "mother", "father", "stepmother", "stepfather", "sister", "brother", "son", "daughter",
               "partner", "wife", "husband", "niece", "nephew", "aunt", "uncle", "cousin", "grandparent", "family", "gp", "nurse",
               "therapist", "paramedic", "pharmacist", "social_worker", "advocate", "manager", "carer", "doctor",
               "reviewer", "police", "faith_leader", "interpreter", "friend", "other"]
_NICK = re.compile(
    rf"(?P<first>{TITLE_WORD})[ \t]+[\"\u201c\u2018{APOS}(]+(?P<nick>{TITLE_WORD})[\"\u201d\u2019{APOS})]+[ \t]+(?P<last>{NAME_WORD})(?![ \t]*(?:No|Number|DOB)\b)"
    rf"|(?P<name>{NAME_SEQ}|[a-z][a-z{APOS}\-]+[ \t]+{NAME_WORD})[ \t]*(?:[(,]?[ \t]*(?i:known[ \t]+(?:to[ \t]+(?:\w+[ \t]+){1,2})?as|aka|preferred[ \t]+name:?)[ \t]*[\"\u201c\u2018{APOS}]?|[(,][ \t]*(?i:called)[ \t]*[\"\u201c\u2018{APOS}]?|[ \t]*(?i:called)[ \t]*[\"\u201c\u2018{APOS}](?=[A-Z])|\([\"\u201c\u2018{APOS}]?(?=[A-Z][A-Za-z]+[\"\u201d\u2019{APOS}]?\)))(?P<nick2>{NAME_WORD})")
# ("called" bare is someone speaking to or of another: "Grace called Tomi "my quiet genius"": only "Margaret, called
# Peggy", "(called Peggy)" or 'Margaret called "Peggy"' give a name someone goes by)
# "Sunny (Tyrone Campbell-Clarke, our ...)": the name someone goes by, then their full name in brackets
_NICK_BEFORE_NAME = re.compile(rf"(?<![\w\-])(?P<nick>{TITLE_WORD})[ \t]*\((?P<first>{TITLE_WORD})[ \t]+(?P<last>{NAME_WORD})[ \t]*[,)]")
_BRACKETED_NAME = re.compile(r"\([ \t]*[A-Z][a-z]+[ \t]+[A-Z]")
# 'everyone called Rashed "Babu"': a first name, then the nickname quoted
_CALLED_QUOTED = re.compile(rf"\b(?i:call(?:ed|s)?)[ \t]+(?P<first>{TITLE_WORD})[ \t]+[\"\u201c\u2018](?P<nick>{TITLE_WORD})[\"\u201d\u2019]")
_VERBS_AFTER_NAME = {"was", "is", "has", "had", "will", "said", "says", "told", "seemed", "went", "appeared", "enjoyed",
                     "loved", "liked", "did", "didn't", "wasn't", "isn't", "hasn't", "ate", "drank", "slept", "became",
                     "felt", "looked", "remained", "returned", "smiled", "laughed", "asked", "wanted", "needed",
                     "would", "could", "and", "who", "lived", "died", "passed", "attended", "came", "visited"}


# (the role of a relative of the person, that relative's relation to someone) -> their relation to the person
_KIN_OF_KIN = {(sib, child): kin for sib in ("brother", "sister") for child, kin in (("daughter", "niece"), ("son", "nephew"))}
_KIN_OF_KIN |= {(parent, sib): kin for parent in ("mother", "father") for sib, kin in (("sister", "aunt"), ("brother", "uncle"))}
_INITIALS_VERBS = ("was|is|has|had|said|says|died|passed|lives|lived|went|came|attended|needs|needed|likes|liked|"
                   "loved|seemed|became|remained|appeared|looked|refused|ate|drank|slept|enjoyed|wanted|asked|told")
_QUESTION_SUBJECTS = {"there", "i", "you", "he", "she", "it", "we", "they", "this", "that", "the", "his", "her", "their",
                      "someone", "anyone", "somebody", "anybody"}
_FUNCTION_WORDS = {"the", "a", "an", "and", "or", "but", "i", "he", "she", "they", "we", "it", "his", "her", "to", "of"}


_MODALS = {"will", "may", "can", "must"}
# names that are also verbs, and words that follow the verb, not the name, at a sentence's start
_VERB_NAMES = {"hope", "mark", "bill", "pat", "rob", "sue", "frank", "chase", "sandy"}
_AFTER_VERB_NAME = {"to", "this", "that", "these", "you", "so", "it", "all", "everything", "we", "as", "for", "up", "the",
                    "he", "she", "they", "his", "her", "your", "our"}  # "Hope he has a better night", "Mark the chart"
_NOUNS_AFTER_WORD_NAME = {"morning", "day", "afternoon", "evening", "weather", "spell", "side", "intervals", "periods",
                          "and", "or", "garden", "street", "road", "lane", "ward", "house", "court", "unit", "centre",
                          "hymn", "before", "power", "of"}
_BASE_AFTER_MODAL = {"be", "need", "needs", "have", "require", "benefit", "review", "discuss", "call", "contact", "confirm",
                     "ring", "phone", "email", "write", "provide", "share", "complete", "organise", "bring", "feed",
                     "see", "check", "consider", "help", "take", "make", "try", "ask", "go", "come", "continue",
                     "follow", "arrange", "you", "we", "i", "this", "the", "also", "not", "refer", "send", "speak",
                     "update", "monitor", "visit", "attend", "book", "liaise", "chase", "inform", "let", "get", "do",
                     "require", "write", "ring", "phone", "email", "plan", "keep", "remain", "start", "stop", "increase",
                     "reduce", "give", "repeat", "assess", "document", "record", "escalate", "seek", "provide"}
_TITLE_BEFORE = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Sr|Rev)\.?[ \t]+\Z")
# "Mrs Hussain" is the mother when the person who died is never "Mrs" themselves; "Mr
# Hussain" the father only when the person is a woman ("Miss Amira Hussain"): notes call a
# man who died "Mr Jones" all the time
_PARENT_FOR_TITLE = {"Mrs": ("mother", set()), "Mr": ("father", {"Miss", "Mrs", "Ms"})}


_NO_DECOMPOSITION = str.maketrans("łŁøØđĐħĦıŀĿ", "lLoOdDhHilL")


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    base = unicodedata.normalize("NFD", ch)[0]
    return base if base.isalpha() or base == ch else ch


def fold_accents(text: str) -> str:
    """``text`` with each accented letter replaced by its base letter, one character for one ("Nguyễn" ->
    "Nguyen"), so offsets in the folded text are offsets in ``text``."""
    return "".join(_fold_char(ch) if ord(ch) > 127 else ch for ch in text).translate(_NO_DECOMPOSITION)


def _folded(key: str) -> str:
    """A name word's key without its accents, for words of three letters or more."""
    return fold_accents(key) if len(key) > 2 else key


def title_before(text: str, start: int) -> str | None:
    """The personal title just before ``start`` ("Mrs " before "Hussain"), if any."""
    m = _TITLE_BEFORE.search(text, max(0, start - 8), start)
    return m.group().strip().rstrip(".") if m else None


_EXPLICIT_ROLE_SOURCES = {"name.field", "name.relation_after"}
_IRREGULAR_PAST = {"sat", "rang", "found", "took", "ate", "drank", "went", "came", "had", "was", "got", "made", "said",
                   "told", "gave", "felt", "kept", "slept", "woke", "stood", "fell", "left", "ran", "saw", "sang", "wore",
                   "knew", "thought", "brought", "bought", "began", "became", "lost", "sent", "spent", "heard", "held",
                   "met", "paid", "read", "sold", "spoke", "swam", "threw", "understood", "won", "wrote", "did", "lay",
                   "hid", "bit", "hit", "led", "let", "put", "shut", "sent", "cried", "tried", "died", "rose", "drove",
                   "wept", "chose", "broke", "spat", "bled", "fought", "caught", "taught", "slid", "sought"}
_STATES = {"drowsy", "quiet", "quieter", "off", "awake", "asleep", "unsettled", "settled", "calm", "happy", "upset",
           "very", "a", "in", "on", "at", "with", "has", "is", "was", "had", "agitated", "tired", "unwell", "well",
           "alert", "distressed", "comfortable", "restless", "pale", "hot", "cold", "sleepy", "lethargic", "and",
           "who", "seems", "seemed", "appears", "appeared", "not", "still", "now", "also", "then", "already", "loved",
           "liked", "enjoyed", "always", "never", "often", "usually"}


# a chat's greeting to someone in lower case ("hi brook", "thx sue"), and what puts a lower-case first name as a
# name in one: a greeting, the writer naming themselves, a request to pass something on; a kiss or a comma and a
# pronoun after it
_CHAT_GREETING = re.compile(r"(?im)(?:^|[:>\]][ \t]*)(?:hi|hiya|hey|morning|thx|thanks)[ \t]+[a-z]{3,}\b")
_CHAT_NAME_BEFORE = re.compile(r"(?i)\b(?:hi|hiya|hey|hello|morning|evening|night|dear|thanks|thank (?:you|u)|thx|ta|cheers|"
                               r"love|bye|sorry|its|it[\u2019']s|this is|tell|ask|ring|call|text|thank|for him|for her)[ \t,]*\Z")
_CHAT_NAME_AFTER = re.compile(r"[ \t]*(?:x{1,3}\b|[,!][ \t]*(?:i|u|you|we|x+)\b)")
_CHAT_NOT_NAME = re.compile(r"(?i)\b(?:a|an|the|my|his|her|our|your|their|this|that|such|what|real|little|big)[ \t]+\Z")


# nouns that look like verbs after a first name that is also a word ("-ing", or an "-s" that is a plural): "sunny morning"
_NOT_VERBS = {"morning", "evening", "nothing", "something", "anything", "everything", "thing", "things", "ceiling", "building",
              "wedding", "pudding", "spring", "string", "ring", "king", "wing", "sling", "bedding", "clothing", "stuffing",
              "icing", "filling", "feeling", "meeting", "evenings", "mornings", "weddings", "meetings", "feelings", "news",
              "days", "weeks", "months", "years", "times", "bits", "lots", "towels", "sheets", "clothes", "glasses"}


def _predicate(word: str) -> bool:
    """A word that can follow a name starting a sentence: a verb in the past or third person, or a state."""
    w = word.lower().replace("\u2019", "'")
    if w in _NOT_VERBS:
        return False  # "sunny morning in here": a noun, not what someone is doing
    return (w in _VERBS_AFTER_NAME or w in _IRREGULAR_PAST or w in _STATES or w.endswith(("ed", "n't", "nt", "ing"))
            or (w.endswith("s") and not w.endswith("ss") and len(w) > 3))


def _sentence_start(before: str, prev: list[str]) -> bool:
    prev_word = prev[-1] if prev else ""
    return (not prev_word or prev_word in {".", "!", "?", ":", "|", "-", "\u2013", "\"", "\u201c", ";", "*", ")"}
            or before.rstrip(" \t").endswith("\n") or bool(re.search(r"\d{1,2}[:.]\d{2}\s*$", before)))


# words before a name that is also a word that make it the word: an article ("the Summer"), a rating ("rating Amber")
# a surname that is also a place in a hospital, before its number: "admitted to Ward 23" is no Mr Ward
_PLACE_NUMBERED = {"ward", "bay", "bed", "room", "unit", "suite", "wing"}
_NOT_BEFORE_WORD_NAME = {"the", "a", "an", "every", "each", "last", "next", "rating", "rated", "rag",
                         "status", "level", "grade", "category"}
# what a form's "Faith" field holds ("Faith: Christian (Pentecostal)", "Faith / religion | none")
_FAITH_VALUE = re.compile(r"(?i)[ \t]*(?:[/&][ \t]*(?:religion|belief)s?[ \t]*)?[:|\-][ \t]*(?:none\b|not\b|n/?k\b|no religion|christian|catholic|"
                          r"roman|church|c of e|anglican|methodist|baptist|pentecostal|orthodox|muslim|islam|hindu|sikh|jewish|"
                          r"buddhist|jehovah|atheist|agnostic|spiritual|quaker|salvation army|rastafari)")
_RAG_COLOURS = re.compile(r"[-\u2013:|][ \t]*(?:Red|Green|RED|GREEN)\b")
_PARTICLE_OPENS = re.compile(rf"(?:^|(?<=[:|,(]))[ \t]*(?P<p>(?i:{PARTICLE})(?:[ \t]+(?i:{PARTICLE}))?)[ \t]+$", re.M)


def _widen(text: str, start: int, end: int) -> tuple[int, int]:
    """Take in an initial before a name ("L. Gosling") and a surname initial after it ("Marta N")."""
    # not the letter of an abbreviation ("A&E. Len", "Hep/B. Len")
    # also "J-L Mbemba", and an OCR'd "G . McAlinden"
    m = re.search(r"(?<![\w&/])[A-Z](?:-[A-Z])?(?:[ \t]?\.)?[ \t]+$", text[max(0, start - 6) : start])
    if m:
        start = max(0, start - 6) + m.start()
    # a surname's particle that opens a field's value ("To: bin Hamzah, Yusuf", "| van der Berg")
    # (in capitals before a surname in capitals: "Pt: AP RHYS Gwilym")
    before = text[max(0, start - 16) : start].split()
    if before and (before[-1] in PARTICLE_WORDS or before[-1].isupper() and before[-1].lower() in PARTICLE_WORDS
                   and text[start:end].split()[0].isupper()) and (m := _PARTICLE_OPENS.search(text, max(0, start - 16), start)):
        start = m.start("p")
    m = re.match(r"[ \t]+[A-Z]\.?(?![\w'])", text[end : end + 4])
    if m and not text[end + m.end() : end + m.end() + 1].isalpha() and not _PRONOUN_I.match(text, end):
        end += m.end()
    return start, end


# two or three capitals before a surname, as someone signs with the initials of their first names ("(TH Tran)")
_GIVEN_INITIALS = re.compile(r"(?:^|(?<=[(\[/|:\-\s]))(?P<ini>[A-Z]{2,3})[ \t]+\Z")


# the pronoun after a name, not its surname's initial ("was called Sunny I think", "told Mark I would")
_PRONOUN_I = re.compile(r"[ \t]+I[ \t]+(?:think|thought|said|says|would|will|was|am|had|have|did|do|don't|didn't|can|could|"
                        r"asked|told|rang|know|knew|believe|guess|reckon|hope|remember|spoke|saw|went|felt|feel)\b")


# endings of pet forms of first names ("Zosieńka", "Kasia", "Jamie", "Pepito", "Annette"), and not of
# surnames ("Danielewski" is not Daniel)
_PET_ENDINGS = ("ka", "ia", "ie", "y", "ey", "o", "ek", "us", "ita", "ito", "ina", "ino", "ette", "cha", "sha", "ya", "unia")


# a double first name's initials ("J-L Mbemba" for Jean-Luc)
_DOUBLE_INITIAL = re.compile(r"[A-Z]-[A-Z]\.?")
# initials as people sign them, in any of their forms: "RA-S", "MF-L", "k.o", "J.McG", "M.K.", "mk"
_SIGNED_FORM = re.compile(r"[A-Z]{1,3}-[A-Z]{1,2}|(?:[A-Za-z]\.){1,3}[A-Za-z]?|[A-Z]\.(?:Mc|Mac)[A-Z]|[a-z]{2,3}|[A-Z][a-z]?[A-Z][a-z]{1,2}")  # ... "DBa", "RdS"




# services and bodies written in capitals that report as people do ("ME spoke to the family", "MDT agreed"); the roles
# ("GP says", "SW confirmed") are the names rules' relations and titles
_REPORTING_SERVICES = {"ED", "LD", "PA", "ME", "MDT", "NOK", "PALS", "CQC", "OOH", "NHS", "ICB", "LA", "FY"}
_IRISH_PARTICLES = {"ó", "ua"}  # "Cormac Ó Briain" signs "CÓB"


def _particle_initials(surface: str, titles: dict[str, str | None]) -> set[str]:
    """Initials that keep a surname's particle in lower case, as people sign them: "JvO" for "Dr J. van
    Ommen", "AdG" for "Annelies DE GROOT", "PvdM" for "Pieter van der Merwe"; none without a particle."""
    words = [w.rstrip(".") for w in re.findall(r"[^\s,()]+", surface)]
    while words and words[0] in titles:
        words = words[1:]
    parts = [i for i, w in enumerate(words) if w.lower() in PARTICLE_WORDS or w.lower() in _IRISH_PARTICLES]
    if not parts or parts[0] == 0 or parts[-1] == len(words) - 1 or not words[0][:1].isalpha():
        return set()
    # (and as written, for a particle in capitals: "CÓB" for Cormac Ó Briain)
    return {words[0][0].upper() + "".join(words[i][0].lower() for i in parts) + words[-1][0].upper(),
            words[0][0].upper() + "".join(words[i][0] for i in parts) + words[-1][0].upper()}


@dataclass
class Person:
    """One real person of the case, as far as the names tell."""

    pid: int
    first: set[str] = field(default_factory=set)  # normalised first names and nicknames
    last: set[str] = field(default_factory=set)  # normalised surnames
    initials: set[str] = field(default_factory=set)
    forms: set[str] = field(default_factory=set)  # surface forms to search for (words, as written)
    roles: Counter[str] = field(default_factory=Counter)
    person_votes: float = 0.0
    first_seen: tuple[int, int] = (10**9, 0)
    mentions: int = 0
    pseudonym: str = ""
    titles: set[str] = field(default_factory=set)  # titles said with a first name ("Miss Amira Hussain")
    # roles said of someone by name ("Owen's nan"): (role, that someone, weight), counted once the person who died is known
    owned_roles: list[tuple[str, str, int]] = field(default_factory=list)
    middle: set[str] = field(default_factory=set)  # given names met only after another ("Michael" of "Thomas Michael Dunne")

    def role(self) -> str:
        if not self.roles:
            return "other"
        best = max(self.roles.values())
        return min((r for r, n in self.roles.items() if n == best), key=lambda r: _ROLE_ORDER.index(r)
                   if r in _ROLE_ORDER else len(_ROLE_ORDER))


@dataclass
class Mention:
    doc_index: int
    cand: Candidate
    surface: str


class People:
    """Builds the case's people from name candidates, then finds every further mention."""

    def __init__(self, lex: Lexicon, rules: NameRules) -> None:
        self.lex = lex
        self.rules = rules
        self.people: list[Person] = []
        self._links: dict[str, set[str]] = {}
        self._uses: Counter[str] = Counter()  # how often each capitalised word of the case is used
        self._prominent: set[str] = set()
        self._signed: set[str] = set()
        self._counters: Counter[str] = Counter()  # pseudonyms given per role, so later ones go on numbering
        self._unmatched: dict[str, str] = {}  # a name no person of the case claims -> its own "[Name n]"
        self._role_keys: set[str] = set()  # signed initials that a key gives and that are also a role word ("GP")
        self._letters: dict[str, Person] = {}  # one letter standing for a person ("M said"), per case
        self._abbreviations_for: frozenset[str] | None = None  # the initials _abbreviation_patterns() was built for
        self._abbreviations: tuple[set[str], re.Pattern[str], re.Pattern[str]] | None = None
        self._word_nicks: set[str] = set()  # quoted nicknames that are also words ("Tel"): a name only in context

    # -- building --------------------------------------------------------------------
    def _split(self, surface: str) -> tuple[list[str], list[str], list[str]]:
        """(first names, surnames, initials) of a surface form: "O'NEILL, Patrick J." -> (["Patrick"], ["O'NEILL"], ["J."])."""
        if "-" in surface and _SIGNED_FORM.fullmatch(surface.strip()):
            return [], [], []  # initials with a hyphen, as signed: "RA-S", "J-LM"
        if "," in surface:
            before, _, after = surface.partition(",")
            last_words, first_words = name_tokens(before), name_tokens(after)
        else:
            words = name_tokens(surface)
            full = [w for w in words if len(w.rstrip(".")) > 1]
            if len(full) == 1 and len(words) == 1:
                if words[0].isupper() and len(words[0]) <= 3 and normalise(words[0]) not in self.lex.first:
                    return [], [], []  # staff initials ("KB")
                if _SIGNED_FORM.fullmatch(surface.strip()) and normalise(words[0]) not in self.lex.first \
                        and normalise(words[0]) not in self.lex.nicknames:
                    return [], [], []  # initials as signed: "RA-S", "k.o", "J.McG", "mk"
                if normalise(words[0]) in self.lex.first or normalise(words[0]) in self.lex.nicknames:
                    return words, [], []
                return [], words, []
            if full and len(words[-1].rstrip(".")) == 1:
                # "Marta N", "Dean Y": first name and surname initial
                return full, [], [w for w in words if len(w.rstrip(".")) == 1]
            last_words = full[-1:]
            first_words = [w for w in words if w not in last_words]
        initials = [w for w in first_words if len(w.rstrip(".")) == 1 or _DOUBLE_INITIAL.fullmatch(w)]
        firsts = [w for w in first_words if len(w.rstrip(".")) > 1 and not _DOUBLE_INITIAL.fullmatch(w)]
        return firsts, [w for w in last_words if len(w.rstrip(".")) > 1], initials

    def _useful(self, word: str, strict: bool = False) -> bool:
        check = is_name_word if strict else could_be_name
        return len(normalise(word)) > 1 and check(word, self.lex, self.rules)

    def build(self, mentions: list[Mention], texts: list[str]) -> None:
        """Group name mentions into people: fuller names first, then shorter forms join them."""
        self._links = self._nickname_links(texts)
        mentions = self._whole_names(mentions) + mentions  # (met first: the parts join the whole)

        def fullness(m: Mention) -> tuple[int, int, int]:
            firsts, lasts, _ = self._split(m.surface)
            return (-(bool(firsts) + bool(lasts)), m.doc_index, m.cand.start)

        for m in sorted(mentions, key=fullness):
            firsts, lasts, initials = self._split(m.surface)
            if "given_names" in m.cand.flags and not initials:
                firsts, lasts = name_tokens(m.surface), []  # "Forename(s): Jerome Delroy": no surname in it
            if "known_as" in m.cand.flags and not firsts and len(lasts) == 1 and len(name_tokens(m.surface)) == 1:
                firsts, lasts = lasts, []  # the one word someone went by is a first name, even a word ('SANDHU ("Deep")')
            title = title_before(texts[m.doc_index], m.cand.start)
            if title and len(firsts) == 1 and not lasts:
                firsts, lasts = [], firsts  # "Mrs Rose", "Dr Kelly": one word after a title is a family name
            person = self._find(m.surface, firsts, lasts, initials)
            if self._shares_family_name(person, firsts + lasts, m.cand.role) or self._named_like_middle(person, firsts, m.cand.role):
                # "Mrs Rose (mother)": a relative with the family name, not the person it first matches; "his father,
                # Michael Dunne" when the person is Thomas Michael Dunne: the father, named after him or he after his father
                person = self._relative(firsts + lasts, m.cand.role)
            if person is None:
                person = self._new()
            self._absorb(person, m, firsts, lasts, initials)
            if title and firsts:
                person.titles.add(title)
        self._join_known_as(mentions)
        # Known nicknames join a person only if the bundle actually uses them.
        self._uses = Counter(normalise(w) for text in texts for w in re.findall(rf"\b{TITLE_WORD}\b", text))
        used = set(self._uses)
        for person in self.people:
            for first in list(person.first):
                person.first |= self.lex.nicknames_of.get(first, frozenset()) & used
        self._shortened_forms(used)
        self._prominent = {n for p in self.people if p.mentions >= 3 for n in p.first | self._nicks(p)
                           if n in self.lex.words}
        self._assign_pseudonyms()

    def _shortened_forms(self, used: set[str]) -> None:
        """A first name cut short in the notes ("Caro" for Caroline, "Seb" is listed, "Caro" is not): a capitalised
        word of four letters or more that no list knows and no ordinary word is, which begins the first name of
        exactly one person of the case, two letters or more short of it."""
        for word in used:
            if len(word) < 3 or word in self.lex.first or word in self.lex.nicknames or word in self.lex.surnames \
                    or word in self.lex.english or word in self.lex.not_names or word in self.lex.abbreviations \
                    or word in MONTH_WORDS or word in WEEKDAY_WORDS or word in self.lex.words:
                continue
            if len(word) == 3 and self._uses.get(word, 0) < 2:
                continue  # three letters ("Reu" for Reuben) only when the notes use them more than once
            hits = [p for p in self.people if any(len(n) >= len(word) + 2 and n.startswith(word) for n in p.first)]
            if len(hits) == 1:
                hits[0].first.add(word)
                hits[0].forms.add(word.title())

    @staticmethod
    def _whole_names(mentions: list[Mention], reach: int = 300) -> list[Mention]:
        """A form's "Surname: BLACKWOOD" and "Forename(s): Jerome Delroy" are one name, "Jerome Delroy
        BLACKWOOD": a mention of the whole, so that the surname does not join a relative who shares it
        and "Delroy" is not taken for a surname."""
        out = []
        for given in (m for m in mentions if "given_names" in m.cand.flags):
            family = [m for m in mentions if "family_name" in m.cand.flags and m.doc_index == given.doc_index
                      and abs(m.cand.start - given.cand.start) <= reach]
            if family:
                f = min(family, key=lambda m: abs(m.cand.start - given.cand.start))
                c = given.cand
                out.append(Mention(given.doc_index, Candidate(c.start, c.end, c.label, c.score, c.source, c.role,
                                                              [x for x in c.flags if x != "given_names"]),
                                   f"{given.surface} {f.surface}"))
        return out

    def _join_known_as(self, mentions: list[Mention]) -> None:
        """The name given in a form's "Known as" / "Name the person was known by" field ("Rafi") is
        the person who died, even when no other note links it to their full name ("Rafiq")."""
        for m in (m for m in mentions if "known_as" in m.cand.flags):
            words = {k for w in name_tokens(m.surface) for k in (normalise(w), _folded(normalise(w)))}
            # ... with or without the person's surname ("Rafi Chowdhury"); a lone unlisted word
            # ("Rafi") may have been taken for a surname: it is a first name here
            # (a first name that is also the family name, "Akhtar" met alone, does not count against it)
            known = [p for p in self.people if (p.first | p.last) & words and p.first - p.last <= words]
            full = [p for p in self.people if p not in known and p.person_votes > 0]
            if not known or not full:
                continue
            person = max(full, key=lambda p: (p.person_votes, -p.first_seen[0], -p.first_seen[1]))
            for other in known:
                if other.last - words <= person.last:
                    self._merge(other, into=person, first_names=words)

    def _merge(self, other: Person, into: Person, first_names: set[str]) -> None:
        # a middle name of one that is the other's leading first name is no middle name
        into.middle = (into.middle | other.middle) - (into.first - into.middle) - (other.first - other.middle)
        into.first |= other.first | (other.last & first_names)
        into.last |= other.last - first_names
        into.forms |= other.forms
        into.initials |= other.initials
        into.titles |= other.titles
        into.person_votes += other.person_votes
        into.mentions += other.mentions
        into.first_seen = min(into.first_seen, other.first_seen)
        self.people.remove(other)

    def _nickname_links(self, texts: list[str]) -> dict[str, set[str]]:
        """Nicknames the notes give ("Zofia 'Zosia' Kowalska", "known as Sunny", 'everyone called Rashed
        "Babu"'): first name -> nicknames."""
        links: dict[str, set[str]] = {}
        for text in texts:
            for m in _CALLED_QUOTED.finditer(text):
                if is_name_word(m["first"], self.lex, self.rules) and (
                        is_name_word(m["nick"], self.lex, self.rules) or normalise(m["nick"]) in self.lex.first):
                    links.setdefault(normalise(m["first"]), set()).add(normalise(m["nick"]))
            for m in _NICK_BEFORE_NAME.finditer(text) if _BRACKETED_NAME.search(text) else ():
                if normalise(m["first"]) in self.lex.first and (normalise(m["nick"]) in self.lex.first or normalise(m["nick"]) in self.lex.nicknames) \
                        and m["nick"] not in self.rules.titles and normalise(m["nick"]) not in self.rules.relations:
                    links.setdefault(normalise(m["first"]), set()).add(normalise(m["nick"]))
            for m in _NICK.finditer(text):
                nick = m["nick"] or m["nick2"]
                if not is_name_word(nick, self.lex, self.rules) and normalise(nick) not in self.lex.first:
                    if not (m["nick2"] and word_nickname(text, m.start("nick2"), m.end("nick2"), self.rules)):
                        continue  # "Joseph (Mr) NHS"
                    self._word_nicks.add(normalise(nick))
                if m["nick2"]:
                    # a word in brackets after a name is a nickname when it is quoted ("Gideon Achterberg-Nyambura
                    # ("Gid")") or cued ("known as"), or after a first name ("Simran Kaur (Simmi)"); not after an
                    # initial ("Dr O Pugh (Orthogeriatrics)" is his specialty), nor in capitals ("(ED)")
                    quoted = text[m.start("nick2") - 1 : m.start("nick2")] in "\"\u201c\u2018'"
                    cued = re.search(r"(?i)known\s+as|aka|called|preferred", m.group(0))
                    words = [w for w in name_tokens(m["name"]) if w.rstrip(".") not in self.rules.titles]
                    if not (quoted or cued or (words and len(words[0].rstrip(".")) > 1 and not nick.isupper())):
                        continue
                    firsts = [w for w in words if len(w.rstrip(".")) > 1]
                    if firsts:
                        links.setdefault(normalise(firsts[0]), set()).add(normalise(nick))
                else:
                    links.setdefault(normalise(m["first"]), set()).add(normalise(nick))
        return links

    def _new(self) -> Person:
        person = Person(pid=len(self.people))
        self.people.append(person)
        return person

    def _names_of(self, person: Person) -> set[str]:
        return person.first | person.last

    def _find(self, surface: str, firsts: list[str], lasts: list[str], initials: list[str]) -> Person | None:
        """The known person a mention belongs to, or None for a new person."""
        f = {_folded(normalise(w)) for w in firsts}
        last = {_folded(normalise(w)) for w in lasts}
        words = f | last
        if not words:
            # initials alone ("KB"): the person with those initials
            if re.fullmatch(r"[A-Z]", surface.strip()):
                return self._letters.get(surface.strip())
            ini = re.sub(r"[.\-\s]", "", surface).upper()
            hits = [p for p in self.people if ini in {re.sub(r"[.\-\s]", "", i).upper() for i in p.initials}]
            return min(hits, key=lambda p: p.first_seen) if hits else None
        # every word already known for one person ("William Arthur", "Zosia Kowalska")
        hits = [p for p in self.people if words <= self._names_of(p) | self._nicks(p)]
        if f and len(hits) > 1:
            hits = [p for p in hits if not f <= p.middle] or hits  # a first name before a middle name
        if hits and initials and not f:
            # "T. Hussain": the Hussain whose first name fits the initial, not the first Hussain met
            letter = initials[0][0].lower()
            hits = [p for p in hits if not p.first or any(n.startswith(letter) for n in p.first)]
        if hits:
            return min(hits, key=lambda p: p.first_seen)
        if last:
            hits = [p for p in self.people if last & p.last]
            if f:
                hits = [p for p in hits if not p.first or f & (p.first | self._nicks(p))]
            elif initials:
                letter = initials[0][0].lower()
                hits = [p for p in hits if not p.first or any(n.startswith(letter) for n in p.first)]
            if hits:
                return min(hits, key=lambda p: p.first_seen)
            # one unlisted word, taken for a surname, may be a pet form of a first name
            return self._pet_form(next(iter(last))) if len(last) == 1 and not f and not initials else None
        hits = [p for p in self.people if f & (p.first | self._nicks(p))]
        if not hits and len(f) == 1:
            return self._pet_form(next(iter(f)))
        return min(hits, key=lambda p: p.first_seen) if hits else None

    def _pet_form(self, word: str) -> Person | None:
        """An unlisted pet form of a name the case knows ("Zosieńka" for Zosia / Zofia): the one
        person whose first name or nickname it begins like."""
        if len(word) < 5 or word in self.lex.first or word in self.lex.nicknames or word in self.lex.surnames \
                or word in self.lex.english or not word.endswith(_PET_ENDINGS):
            return None
        hits = [p for p in self.people if any(len(n) >= 4 and word[:4] == n[:4] for n in p.first | self._nicks(p))]
        return hits[0] if len(hits) == 1 else None

    def _shares_family_name(self, person: Person | None, words: list[str], role: str | None) -> bool:
        """A lone family name said with a family role ("Mrs Rose (mother)") that matched someone
        by their surname only, who has never had that role ("Uncle Winston" is still Winston)."""
        if person is None or len(words) != 1 or role not in FAMILY_ROLES:
            return False
        key = normalise(words[0])
        return key in person.last and key not in person.first | self._nicks(person) and not person.roles.get(role)

    @staticmethod
    def _named_like_middle(person: Person | None, firsts: list[str], role: str | None) -> bool:
        """A relative whose first name is only a middle name of the person matched ("his father, Michael
        Dunne" beside "Thomas Michael DUNNE"), who has never had that role."""
        return person is not None and role in FAMILY_ROLES and bool(firsts) \
            and _folded(normalise(firsts[0])) in person.middle and not person.roles.get(role)

    def _relative(self, lasts: list[str], role: str) -> Person | None:
        """The person with this family name already known in this role, if any."""
        last = {normalise(w) for w in lasts}
        hits = [p for p in self.people if last & (p.last | p.first) and p.roles.get(role)]
        return min(hits, key=lambda p: p.first_seen) if hits else None

    def _nicks(self, person: Person) -> set[str]:
        out: set[str] = set()
        for first in person.first:
            out |= self._links.get(first, set())
            out |= self.lex.nicknames_of.get(first, frozenset())
            out |= set(self.lex.nicknames.get(first, ()))  # "Paddy" met first still joins "Patrick"
        return out

    def _absorb(self, person: Person, m: Mention, firsts: list[str], lasts: list[str], initials: list[str]) -> None:
        # An ordinary word ("Pickles") counts as a surname only beside a first name or initial.
        # (the name someone went by, as a form or a record gives it, counts even when it is a word: "Deep", "Sunny")
        firsts = [w for w in firsts if self._useful(w, strict="known_as" not in m.cand.flags)]
        lasts = [w for w in lasts if self._useful(w, strict=not (firsts or initials))]
        # ... each also without its accents, as other documents may write it ("WRÓBLEWSKI", "WROBLEWSKI")
        # (not a short particle: "Ní" of Mairead Ní Dhomhnaill is no "NI")
        person.first |= {k for w in firsts for k in (normalise(w), _folded(normalise(w)))}
        person.last |= {k for w in lasts for k in (normalise(w), _folded(normalise(w)))}
        if lasts and firsts:
            person.middle = (person.middle | {k for w in firsts[1:] for k in (normalise(w), _folded(normalise(w)))}) \
                - {normalise(firsts[0]), _folded(normalise(firsts[0]))}
        for first in list(person.first):
            person.first |= self._links.get(first, set())
        if (firsts or initials) and lasts:
            person.initials |= _particle_initials(m.surface, self.rules.titles)  # "JvO" for J. van Ommen, "AdG" for Annelies DE GROOT
        if firsts and lasts:
            person.initials |= initials_of(firsts + lasts)  # "KB", "HKS", "CEO" for Chinedu Eze-Okafor

        elif initials and lasts:
            person.initials.add((initials[0][0] + lasts[-1][0]).upper())
        elif not firsts and not lasts and re.fullmatch(r"[A-Z]", m.surface.strip()):
            self._letters.setdefault(m.surface.strip(), person)
        elif not firsts and not lasts and (re.fullmatch(INITIALS, m.surface.strip()) or _SIGNED_FORM.fullmatch(m.surface.strip())):
            person.initials.add(m.surface.strip())
            ini = m.surface.strip()
            if m.cand.role == "carer" or "signature" in m.cand.flags or (
                    ini.lower() not in self.lex.abbreviations and ini not in self.lex.acronyms):
                self._signed.add(ini)
            if "key" in m.cand.flags and (ini in self.rules.titles or ini.lower() in self.rules.relations):
                self._role_keys.add(ini)  # "GP = Gareth Pritchard": "GP" is still a doctor in "his GP"
        person.forms |= {w.rstrip(".") for w in firsts + lasts}
        for w in firsts:
            # a double-barrelled first name is often shortened to its first part ("Amélie-Grace" -> "Amélie")
            part = w.split("-")[0]
            # ... but not to a part that is an ordinary word ("Summer-Rose" is not "Summer": "late Summer sun")
            if part != w and len(part) > 2 and self._useful(part, strict=True) and normalise(part) not in self.lex.words:
                person.first |= {normalise(part), _folded(normalise(part))}
                person.forms.add(part)
        self._vote(person, m)

    def _vote(self, person: Person, m: Mention) -> None:
        role = m.cand.role
        if role == "person":
            strong = m.cand.source == "name.field" and "strong" in m.cand.flags
            person.person_votes += _STRONG_PERSON_FIELDS if strong else _PERSON_VOTES.get(m.cand.source, 0.5)
        elif role:
            # an explicit label ("Siobhan Kavanagh (niece)", "Next of kin | … (sister)") outweighs
            # narrative words that may be about someone else's relative ("her daughter Siobhan")
            weight = 3 if m.cand.source in _EXPLICIT_ROLE_SOURCES else 1
            owner = next((f[3:] for f in m.cand.flags if f.startswith("of:")), None)
            if owner:
                person.owned_roles.append((role, normalise(owner), weight))
            else:
                person.roles[role] += weight
        for f in m.cand.flags:
            if f.startswith("also:"):  # "also:stepfather:of:Owen"
                _, also, _, owner = f.split(":", 3)
                person.owned_roles.append((also, normalise(owner), 3))
        if m.cand.source == "name.surname_comma_forename":
            person.person_votes += _PERSON_VOTES[m.cand.source]
        person.first_seen = min(person.first_seen, (m.doc_index, m.cand.start))
        person.mentions += 1

    def _assign_pseudonyms(self) -> None:
        if not self.people:
            return
        deceased = max(self.people, key=lambda p: (p.person_votes, -p.first_seen[0], -p.first_seen[1]))
        own = deceased.first | deceased.last | self._nicks(deceased)
        for person in self.people:
            for role, owner, weight in person.owned_roles:
                if owner in own:
                    person.roles[role] += weight
        # a relative of a relative, by their two roles: the person's brother's daughter is the person's niece
        # ("Keith's daughter Chloe", Keith a brother), the mother's sister an aunt; other pairs give no role
        for person in self.people:
            for role, owner, weight in person.owned_roles:
                if owner in own:
                    continue
                of = next((p for p in self.people if p is not person and p is not deceased and owner in p.first), None)
                kin = _KIN_OF_KIN.get((of.role(), role)) if of is not None and of.roles else None
                if kin:
                    person.roles[kin] += weight
        counters = self._counters
        for person in sorted(self.people, key=lambda p: p.first_seen):
            if person is deceased and person.person_votes > 0:
                person.pseudonym = "[Person]"
                continue
            role = person.role()
            if role == "person":
                role = "other"
            spec = self.rules.roles.get(role) or self.rules.roles["other"]
            if spec.numbered:
                counters[role] += 1
                person.pseudonym = f"[{spec.word} {counters[role]}]"
            else:
                counters[role] += 1
                person.pseudonym = f"[{spec.word}]" if counters[role] == 1 else f"[{spec.word} {counters[role]}]"

    # -- searching -----------------------------------------------------------------
    def search(self, text: str) -> list[Candidate]:
        """Every further mention of the case's people in ``text`` (all case variants, possessives).

        A match is widened to take in an initial before it ("L. Gosling") or a surname
        initial after it ("Marta N"). Initials alone ("KB") count only where notes use
        them to sign or attribute an entry: after a dash, slash or bracket, or at a line end.
        """
        words: dict[str, Person] = {}
        initials: dict[str, Person] = {}
        # a word that is one person's middle name and another's first name is the other's ("Michael" of
        # "Thomas Michael Dunne" and of his father "Michael Dunne"): middle names are taken last
        for middle in (False, True):
            for person in self.people:
                for form in person.forms | {w.title() for w in person.first | person.last}:
                    if (normalise(form) in person.middle) == middle:
                        words.setdefault(form, person)
        for person in self.people:
            for ini in person.initials:
                if ini in self._signed or (ini.lower() not in self.lex.abbreviations and ini not in self.lex.acronyms):
                    initials.setdefault(ini, person)
        out: list[Candidate] = []
        informal = mostly_lower_case(text)
        # texts and chats greet people in lower case ("hi brook its sue"): there the case's first names that are also
        # words are looked for in lower case too, and taken only where a message puts a name (below)
        chatty = informal or bool(_CHAT_GREETING.search(text))
        if words:
            variants = set()
            for form in words:
                key = normalise(form)
                listed = key in self.lex.first or key in self.lex.surnames or key in self.lex.nicknames
                # a listed name that is no ordinary word, or, in a note written mostly in lower case
                # (chat, texts), an unlisted one of four letters or more ("thanks tola")
                lower = (listed and len(key) >= 3 or informal and len(key) >= 4) and form[:1].isupper() and not (
                    key in self.lex.english or key in self.lex.words or key in self.lex.not_names
                    or key in self.lex.abbreviations or key in MONTH_WORDS)
                # a listed name that is no ordinary word is the name in lower case too ("tracey", "kev"); in a chat, so is
                # a first name that is a word ("sue", "brook")
                word_name = chatty and len(key) >= 3 and form[:1].isupper() and key in words[form].first | self._nicks(words[form])
                for v in {form, form.upper()} | ({form.lower()} if lower or word_name else set()):
                    variants |= {v.replace("'", "\u2019"), v.replace("\u2019", "'")}
                if len(form) >= 4 and form.isalpha():
                    variants.add("-".join(form.upper()))  # spelled out on a call: "Bankole is B-A-N-K-O-L-E"
            # accents may be written in one document and not in another ("Nguyễn Thị Lan", "NGUYEN Thi Lan";
            # "Siobhán", "Siobhan"): the search reads both without them, letter for letter
            searched = text
            if not text.isascii():
                searched = fold_accents(text)
                variants = {fold_accents(v) if len(v) > 2 else v for v in variants}  # not "Ní" -> "NI"
            alternation = "|".join(sorted((re.escape(v) for v in variants), key=len, reverse=True))
            # a known surname that opens a double-barrelled one is that name whole ("Hope Penhaligon-Ward")
            pattern = re.compile(rf"(?<![\w{APOS}\-])(?:{alternation})(?:-(?=[A-Z])[\w{APOS}]+(?![\w\-]))?(?![\w\-])")
            # a town before its postcode on the same line ("Kingsley Heath JW11 4PD")
            towns = town_spans(text)
            for m in pattern.finditer(searched):
                word = m.group()
                key = normalise(word)
                if (key in self.lex.words or key in MONTH_WORDS or key in self._word_nicks) \
                        and not self._word_is_name(text, m.start(), m.end()):
                    continue
                if word.isupper() and len(word) > 3 and key in self.lex.words and not self._upper_context(text, m.start()):
                    continue
                if len(word) == 1 or is_eponym(text, m.start(), m.end(), self.rules):
                    continue  # a lone initial is searched for only where it signs ("- KB"), below
                if after_place_field(text, m.start()) or any(a <= m.start() < b for a, b in towns) or (
                        key in _PLACE_NUMBERED and re.match(r"[ \t]+[A-Z]?\d{1,3}[A-Z]?\b", text[m.end() : m.end() + 6])):
                    continue  # a ward named like someone of the case ("Ward: Clifton 3"), a town before its postcode
                start, end = _widen(text, m.start(), m.end())
                ini = _GIVEN_INITIALS.search(text, max(0, start - 5), start)
                person = words.get(word) or words.get(word.title())
                if ini and person is not None and key in person.last and \
                        len(ini["ini"]) <= len(person.first) and set(ini["ini"].lower()) <= {f[0] for f in person.first}:
                    start = ini.start("ini")  # "(TH Tran)" for Thanh Huong TRAN: the initials of the first names, then the surname
                out.append(Candidate(start, end, "PERSON", 0.9, "name.case_search"))
        usernames = {}
        for person in self.people:
            for f in person.first:
                for last in person.last:
                    if f.isalpha() and last.replace("'", "").isalpha():
                        for u in (f[0] + last, f + "." + last, f + last, f + "_" + last):
                            usernames[u.replace("'", "")] = person
        if usernames:
            alternation = "|".join(re.escape(u) for u in sorted(usernames, key=len, reverse=True))
            for m in re.finditer(rf"(?i)(?<![\w.@])(?:{alternation})(?![\w@])", text):
                out.append(Candidate(m.start(), m.end(), "PERSON", 0.85, "name.case_username"))
        if initials:
            alternation = "|".join(re.escape(i) for i in sorted(initials, key=len, reverse=True))
            # initials that spell no abbreviation or role, for the sentence positions below
            plain = "|".join(re.escape(i) for i in sorted(initials, key=len, reverse=True)
                             if re.sub(r"Ma?c", "", i).isupper() and not self._abbreviation(i) and i not in self._role_keys) or "(?!)"
            # after a dash, slash, bracket or table bar, or "by"; before a bracket, a line end, or a date that ends
            # the line ("GNM 11/01/24"); or as the speaker of a transcript's line ("BM: Will was the noise of this house",
            # "RG (by phone): Can I say something?")
            pattern = re.compile(rf"(?:[-\u2013/(|][ \t]?|\b(?i:by|signed|staff|sig|agreed|and|\+):?[ \t][\"\u201c]?|(?<=\t))(?P<a>{alternation})\b"
                                 rf"|\b(?P<b>{alternation})(?=\)|[ \t]*$|[ \t]+\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{2,4}}[ \t]*$|[ \t]*\|)"
                                 rf"|(?:^|(?<=[ \t]{{2}}))[ \t]*(?P<c>{alternation})(?=(?:[ \t]*\([^)\n]{{1,30}}\))?:[ \t])"
                                 # ... or written for the person in a sentence: "JL died in his sleep", "records for SDB"
                                 rf"|\b(?P<d>{plain})(?=[ \t]+(?:{_INITIALS_VERBS})\b|['\u2019]s\b)"
                                 rf"|\b(?i:for|with|about|re:?|saw|seen|visited|supporting|told|asked|reviewed|checked|updated|from)[ \t]+(?P<e>{plain})\b(?![ \t]*[/:])"
                                 # ... or on a rota's day ("Shift lead: Mon YA / Tue RMcK / Wed SB")
                                 rf"|\b(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)\.?[ \t]+(?P<g>{plain})(?=[ \t]*(?:[/,;|]|$))"
                                 # ... or as the author opening a record entry after its date and time ("21-Feb-2024 14:02  LF Admin")
                                 rf"|^[ \t]*{ENTRY_DATE}{ENTRY_TIME}[ \t]+(?P<f>{plain})\b(?![ \t]*[/:])",
                                 re.MULTILINE)
            for m in pattern.finditer(text):
                group = next(g for g in "abcdefg" if m[g])
                out.append(Candidate(m.start(group), m.end(group), "PERSON", 0.85, "name.case_initials"))
        # initials that also spell an abbreviation ("RA" room air, "CD" controlled drug) only where notes sign
        # with them: after "agreed" or "witnessed", at a line's end after a full stop, or beside a colleague's
        # initials ("CD/MAS", "RA + J-LM", "RA, RT")
        out.extend(self._abbreviation_initials(text))
        known = {ini for person in self.people for ini in person.initials if len(ini) >= 2}
        for start, end, _strong in initial_slots(text):
            # the initials of someone the case names, where notes put a person ("LD to update the care plan")
            if text[start:end] in known:
                out.append(Candidate(start, end, "PERSON", 0.85, "name.case_initials"))
        # initials the notes use as signatures are people wherever they stand alone (charts, tables), except
        # those a key gives that are also a role ("GP = Gareth Pritchard" signs "GP - tenancy visit", but "his GP"
        # is a doctor): those only where initials stand (above)
        signed = self._signed - self._role_keys
        if signed:
            alternation = "|".join(re.escape(i) for i in sorted(signed, key=len, reverse=True))
            # also as a speaker ("GS: the practice did not know") or beside a colleague ("SK/RB")
            # (not an abbreviation's service: "DN team", "SW visit")
            for m in re.finditer(rf"(?<![\w/])(?:{alternation})(?![\w])(?!:/)(?!/\d)(?![ \t]+(?:team|service|visits?|clinic|nurses?|referral)\b)", text):
                out.append(Candidate(m.start(), m.end(), "PERSON", 0.8, "name.case_signed_initials"))
        # initials that spell how often a medicine is given ("BD = Ben Dunmore") are a dose after a dose ("500mg BD",
        # "TWICE daily (BD)"), not the pharmacist
        return [c for c in out if not (text[c.start:c.end] in DOSING and dose_before(text, c.start))]

    def _reporting_role(self, ini: str) -> bool:
        """Letters that are a role or a service, not someone's initials, as a sentence's subject ("GP says", "SW
        confirmed"); a police rank stands before a name or a number ("PS 2291 Hale"), so alone it is initials
        ("PS confirmed the death was reported", the coroner's officer Paul Stringer)."""
        return ini in self._role_keys or ini.lower() in self.rules.relations or ini in _REPORTING_SERVICES \
            or self.rules.titles.get(ini) not in (None, "police")

    def _abbreviation(self, ini: str) -> bool:
        return ini.lower() in self.lex.abbreviations or ini in self.lex.acronyms

    def _abbreviation_patterns(self) -> tuple[set[str], re.Pattern[str], re.Pattern[str]] | None:
        """The case's initials that also spell an abbreviation, where notes sign with them, and beside a
        colleague's initials: worked out once per case (the people are known before any search)."""
        every = frozenset(i for p in self.people for i in p.initials if len(i) >= 2 and not i.islower())
        if self._abbreviations_for != every:
            self._abbreviations_for, self._abbreviations = every, None
            weak = {i for i in every if self._abbreviation(i)}
            if weak:
                alt = "|".join(re.escape(i) for i in sorted(weak, key=len, reverse=True))
                # (a role that reports is the role: "GP says", "SW confirmed")
                subjects = "|".join(re.escape(i) for i in sorted(weak, key=len, reverse=True)
                                    if not self._reporting_role(i)) or "(?!)"
                both = "|".join(re.escape(i) for i in sorted(every, key=len, reverse=True))
                signed = re.compile(rf"(?:\b(?i:agreed|seen|witnessed|checked|check|countersigned|signed|by):?[ \t]+|(?<=[.!])[ \t]+)"
                                    rf"(?P<i>{alt})(?=[ \t]*$)|\b(?i:agreed|witnessed|checked|check|countersigned):?[ \t]+(?P<j>{alt})\b"
                                    # a note's signature line of initials and date ("PR  21/03/25"), an addendum's author
                                    # ("Addendum 28/03/25 (PR):"), and someone the note names in full reported as a
                                    # sentence's subject ("- PS confirmed the death was reported", "PS is aware")
                                    rf"|^[ \t]*(?P<k>{alt})[ \t]+\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{2,4}}[ \t]*$"
                                    rf"|\b(?i:addendum|entry|note|update)\b[^\n()]{{0,20}}\((?P<l>{alt})\)[ \t]*:"
                                    rf"|(?:^[ \t]*(?:[-\u2022*][ \t]+)?|(?<=[.!?])[ \t]+|(?<=[ \t][-\u2013])[ \t]+)(?P<m>{subjects})[ \t]+(?=(?:confirmed|said|says|stated|advised|"
                                    rf"explained|reported|agreed|asked|told|gave|has given|had given|is aware|was aware|ha[sd][ \t]*\n?[ \t]*been|"
                                    rf"will (?:send|call|ring|e-?mail|write|let))\b)"
                                    rf"|\b(?i:to|from|for)[ \t]+(?P<n>{alt})[ \t]+(?i:by)[ \t]+(?i:e-?mail|phone|telephone|letter|post|text)\b",
                                    re.MULTILINE)
                paired = re.compile(rf"(?<![\w\-])(?P<x>{both})[ \t]*(?:/|\+|,|&|\band\b)[ \t]*(?P<y>{both})(?![\w\-])")
                self._abbreviations = (weak, signed, paired)
        return self._abbreviations

    def _abbreviation_initials(self, text: str) -> list[Candidate]:
        patterns = self._abbreviation_patterns()
        if patterns is None:
            return []
        weak, signed, paired = patterns
        out = []
        for m in signed.finditer(text):
            group = next(g for g in "ijklmn" if m[g])
            out.append(Candidate(m.start(group), m.end(group), "PERSON", 0.85, "name.case_initials"))
        for m in paired.finditer(text):
            for group in ("x", "y"):
                if m[group] in weak:
                    out.append(Candidate(m.start(group), m.end(group), "PERSON", 0.85, "name.case_initials"))
        return out

    def _word_is_name(self, text: str, start: int, end: int) -> bool:
        """Context for a name that is also a word ("Will", "May", "Grace", "Sunny").

        Capitalised in mid-sentence it is a name, unless it is a month after a preposition
        or before a year, or part of a capitalised phrase that is not a name ("Amazing
        Grace"). At the start of a sentence it is a name only when a verb, a possessive or
        another name follows ("Will was", "Will's", "Will Rose").
        """
        word = text[start:end]
        before = text[max(0, start - 40) : start]
        after = text[end : end + 40]
        if not word[0].isupper():
            # in a chat: greeted, named by the writer or signing off ("hi brook its sue", "tell jay thanks", "him brook,
            # i know", "sue x"), or opening a message with what they did ("robin passed away")
            if _CHAT_NOT_NAME.search(before):
                return False  # "you are a blessing", "by the brook"
            if _CHAT_NAME_BEFORE.search(before) or _CHAT_NAME_AFTER.match(after):
                return True
            nxt = re.findall(r"[\w'\u2019]+", after[:20])
            return bool(re.search(r"(?:^|[:>])[ \t]*\Z", before.split("\n")[-1])) and bool(nxt) and _predicate(nxt[0]) \
                and nxt[0].lower() not in _STATES - {"is", "was", "has", "had"}
        line_before = before.split("\n")[-1]
        prev = re.findall(r"[\w'\u2019]+|[^\w\s]", line_before)
        nxt = re.findall(r"[\w'\u2019]+|[^\w\s]", after)
        prev_word = prev[-1] if prev else ""
        next_word = nxt[0] if nxt else ""
        names = self._all_names()
        if prev_word.lower() in _NOT_BEFORE_WORD_NAME:
            return False  # "Over the Summer Wenna had lost 6 kg", "RAG rating Amber"
        if re.match(r"[ \t]+(?:19|20)\d\d\b", after):
            return False  # a season or a feast and its year: "From Summer 2023 the family noticed"
        if normalise(word) == "amber" and (re.search(r"(?i)\b(?:rag\b[ \t]*(?:rating|status)?|rating|rated(?:[ \t]+as)?)[ \t]*[:|\-\u2013]?[ \t]*\Z", before)
                                           or prev_word in {"-", "\u2013", ":", "|"} and _RAG_COLOURS.search(text)
                                           or re.match(r"[ \t]*(?:=|means\b)", after)
                                           and (_RAG_COLOURS.search(text) or re.search(r"(?i)\b(?:rag|rating|rated)\b[^\n]{0,20}\bAmber\b", text))):
            return False  # a rating: "Risk RAG: Amber", "Diabetes - Amber" or "Amber = keep an eye" where the note rates in colours
        if after.startswith(("'s", "\u2019s")):
            return True
        if re.match(r"[ \t]*(?:>|->|\u2192|=>)[ \t]*\S", after) or (
                re.search(r"(?:>|->|\u2192|=>)[ \t]*\Z", before) and re.match(r"[ \t]*:", after)):
            return True  # a message's sender or addressee: "SMS Sue > Brook: hi", "VOICEMAIL Sue > office:"
        if normalise(word) in self._word_nicks and re.match(r"[ \t]*[:.]?[ \t]*(?:no\.?|number)?[ \t]*[(+0-9]", after, re.I):
            return False  # a nickname that is also a label, before a number: "Tel 01632 960 733"
        if next_word[:1].isupper() and normalise(next_word) in names:
            return True
        if prev_word.rstrip(".") in self.rules.titles or (prev_word[:1].isupper() and normalise(prev_word) in names):
            return True
        if prev_word.lower() in self.rules.relations:
            return True
        key = normalise(word)
        if before.rstrip().endswith(("\"", "\u201c", "\u2018", "'")) and after.startswith(("\"", "\u201d", "\u2019", "'")):
            return True  # Chukwuemeka "Sunny" Okafor
        if re.search(r"(?i)(known\s+as|preferred\s+name|called)\W{0,3}$", before):
            return True
        if key in MONTH_WORDS and (prev_word.lower() in MONTH_BEFORE or re.match(r"\s*(\d|')", after)
                                    or (prev_word.isdigit() and not re.search(r"\d[:.]\d{2}[ \t]*$", before))):
            return False
        if re.match(r"[ \t]+(?:on|to|over)[ \t]+(?:the[ \t]+|his[ \t]+|her[ \t]+)?(?:L|R|left|right|lt|rt)\b", after):
            return False  # where on the body: "Mark on L hip when changing"
        if re.match(r"[ \t]+be[ \t]+with\b", after):
            return False  # a blessing: "Grace be with you all"
        if key in _MODALS and next_word.lower() in _BASE_AFTER_MODAL and prev_word in {",", ";", "-", "\u2013", "("}:
            return False  # a clause after a comma: "cannot be changed endoscopically, May need IR or surgery"
        if re.search(r"(?im)^subject:[ \t]*(?:(?:re|fw|fwd):[ \t]*)*\Z", before):
            return True  # an e-mail about someone: "Subject: RE: FW: Sunny - Tuesday + cough at lunch"
        if key == "faith" and _FAITH_VALUE.match(after):
            return False  # a form's field: "Faith: Christian (Pentecostal)", "Faith / religion: none"
        if _sentence_start(before, prev):
            if re.match(rf"[ \t]*(?::[ \t]*[\"\u201c]|\([ \t]*{re.escape(word)}\b)", after):
                return True  # a speaker ('Hope: "We kept saying..."'), or the name in full after it ("Hope (Hope Penhaligon-Ward)")
            if key in _VERB_NAMES and next_word.lower() in _AFTER_VERB_NAME:
                return False  # a verb opening the sentence: "Hope to d/c Fri", "Hope this captures it", "Mark as urgent"
            if key in _MODALS and next_word.lower() in _MODALS | {"would", "could", "should", "might", "shall"}:
                return True  # two modals never stand together: "May will then visit"
            if key in _MODALS and next_word.lower() in _BASE_AFTER_MODAL:
                return False  # "Will review", "May need"
            if key in _MODALS and next_word.lower() in _QUESTION_SUBJECTS:
                return False  # a question: "Will there be an inquest?", "May I ask"
            if key in self._prominent and next_word.lower() not in _NOUNS_AFTER_WORD_NAME:
                return True  # the case's own "Will", "Grace", "Sunny": "Will up at 6.40", "Sunny taken to ED"
            if next_word.lower() == "to" and len(nxt) > 1 and nxt[1].lower() in _BASE_AFTER_MODAL:
                return True  # an action for someone the note names elsewhere: "Tom to help with a carer's assessment"
            if next_word.lower() == "to" and len(nxt) > 1 and nxt[1][:1].isupper() and nxt[1][1:].islower() \
                    and nxt[1].lower() not in _FUNCTION_WORDS:
                return True  # someone going somewhere the note names: "Tomorrow: Joy to Silverdale Day Centre"
            return _predicate(next_word) or next_word in {",", ")"} or not next_word
        if prev_word[:1].isupper() and prev_word.lower() not in _FUNCTION_WORDS and not weekday_word(normalise(prev_word)) \
                and not _sentence_start(before[: before.rfind(prev_word)], prev[:-1]):
            return False  # "Amazing Grace", "Holy Faith" (but "Visited Grace on the ward", "On the Monday Pat rang" are names)
        if next_word[:1].isupper() and next_word.lower() not in _FUNCTION_WORDS and normalise(next_word) not in names:
            return False  # "Rose Garden", "Hope Street"
        return True

    def _upper_context(self, text: str, start: int) -> bool:
        line_start = text.rfind("\n", 0, start) + 1
        line = text[line_start : text.find("\n", start) if text.find("\n", start) != -1 else len(text)]
        # (or a heading about them: "1. ABOUT WILL", "ALL ABOUT MAY")
        return "," in line or bool(re.search(r"(?i)\b(nhs|dob|name|patient)\b", line)) or bool(
            re.search(r"\b(?:ABOUT|FOR|RE:?)[ \t]+\Z", text[line_start:start]))

    def _all_names(self) -> set[str]:
        names: set[str] = set()
        for p in self.people:
            names |= p.first | p.last
        return names

    def unmatched_pseudonym(self, surface: str) -> str:
        """A numbered "[Name n]" for a name no person of the case claims, the same one for the same
        name, numbered after the case's others (never a bare "[Name]" shared by different people)."""
        key = " ".join(normalise(w) for w in surface.split())
        if key not in self._unmatched:
            self._counters["other"] += 1
            self._unmatched[key] = f"[{self.rules.roles['other'].word} {self._counters['other']}]"
        return self._unmatched[key]

    def person_of(self, surface: str, role: str | None = None, title: str | None = None) -> Person | None:
        """The person a found span (any form) belongs to; ``role`` is what the span's own context
        says ("Mrs Rose (mother)"), which decides between relatives who share a family name, and
        ``title`` the title before it."""
        firsts, lasts, initials = self._split(surface)
        if title and len(firsts) == 1 and not lasts:
            firsts, lasts = [], firsts  # one word after a title is a family name
        person = self._find(surface, firsts, lasts, initials)
        if self._shares_family_name(person, firsts + lasts, role):
            person = self._relative(firsts + lasts, role) or person
        elif title and person is not None and not firsts and not initials and person.pseudonym == "[Person]" \
                and title not in person.titles:
            # "Mrs Hussain" in a family's notes, when the person who died is never "Mrs Amira
            # Hussain": the parent who shares the family name and fits the title
            parent, needs = _PARENT_FOR_TITLE.get(title, (None, set()))
            if parent and (not needs or needs & person.titles):
                person = self._relative(firsts + lasts, parent) or person
        if person is None and firsts and not lasts:
            # a first name the people do not have may still be a known nickname
            key = normalise(firsts[0])
            hits = [p for p in self.people if p.first & set(self.lex.nicknames.get(key, ()))]
            person = min(hits, key=lambda p: p.first_seen) if hits else None
        return person
