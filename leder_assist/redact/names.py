"""Names of people, found by rules: titles, relationship words, form fields, letters,
signatures, "SURNAME, Forename" headers, staff initials and name lists.

The statistical NER model (``ner.py``) and the case-wide search for names already found
(``people.py``) add to these. Each candidate carries the id of the rule that found it and,
where the context says, the person's role ("sister", "gp") for the pseudonym.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import yaml

from ..config import Settings
from ..fields import QUESTION_NUMBER
from ..rules import RuleModel, literal_alternation, load_rules
from .spans import Candidate


def _letters(pred) -> str:  # noqa: ANN001 - str.isupper / str.islower
    """Latin letters (A-Z and accented Latin-1/Extended-A/B and Additional) that satisfy ``pred``, as a regex class body."""
    # ... and Latin Extended Additional, for Vietnamese and Welsh names ("Phạm Thị Lan", "Ŵyn")
    chars = [chr(c) for c in (*range(0x41, 0x250), *range(0x1E00, 0x1F00)) if chr(c).isalpha() and pred(chr(c))]
    return "".join(re.escape(c) for c in chars)


UP = _letters(str.isupper)
LO = _letters(str.islower)
APOS = "'\u2019"
# One word of a name: Title case (with Mc/Mac/O'/D' and hyphens), UPPER case, or an initial.
TITLE_WORD = rf"(?:(?:Mc|Mac|Nic|O[{APOS}]|D[{APOS}]|Fitz|(?<![{UP}{LO}])[th]-?)?[{UP}][{LO}]+(?:\-(?:Mc|Mac|O[{APOS}]|D[{APOS}])?[{UP}]?[{LO}]+|[{APOS}][{UP}][{LO}]+)*(?![{UP}{LO}]))"
UPPER_WORD = rf"(?:(?:Mc|Mac|(?<![{UP}{LO}])[th]-?)?[{UP}](?:[{APOS}]?[{UP}]+)(?:[{APOS}\-][{UP}]+)*(?![{UP}{LO}]))"
INITIAL = rf"(?:[{UP}](?:-[{UP}])?\.?(?![{LO}{UP}]))"  # "J.", "J", and a double first name's "J-L"
# ... and the Gaelic "Mac an", "Nic a'", "Ní", "Ó" ("Ruaridh Mac an t-Saoir", "Eilidh Nic a' Phearsain")
# a surname's particles as words ("van der Berg", "ben Shimon", "L. vd Berg"), and in a name's pattern with the Gaelic ones
# that only stand inside a name
PARTICLE_WORDS = frozenset({"van", "von", "der", "den", "de", "da", "di", "do", "dos", "das", "du", "la", "le", "del", "della", "bin",
                            "binti", "ibn", "ben", "bat", "bint", "abu", "vd", "al", "el", "ap", "ter", "ten"})
PARTICLE = (rf"(?:{'|'.join(sorted(PARTICLE_WORDS, key=lambda w: (-len(w), w)))}"
            r"|(?<=\b(?:Mac|Nic|MAC|NIC)[ \t])(?:an|AN)|(?<=\bNic[ \t])a['\u2019]|(?<=\bMhic[ \t])a['\u2019]|ní|ó|ua)")
NAME_WORD = rf"(?:{TITLE_WORD}|{UPPER_WORD}|(?:al|el)-{TITLE_WORD})"
# words of one name are never more than two spaces apart (a wider gap is a table column)
NAME_SEQ = rf"(?:(?:{INITIAL}[ \t]{{1,2}}){{0,2}}{NAME_WORD}(?:[ \t]{{1,2}}(?:{PARTICLE}[ \t]{{1,2}}){{0,2}}(?:{NAME_WORD}|{INITIAL}(?=[ \t]{{1,2}}{NAME_WORD}))){{0,3}})"
_POSSESSIVE_BEFORE = re.compile(r"(?i)\b(?:his|her|their|my|your|our)[ \t]+$|['\u2019]s[ \t]+$")
_QUOTE_IN_BRACKETS = re.compile(r"\([ \t]*(?:[A-Za-z]+[ \t]+){0,2}[\"\u201c]")  # where a bracketed nickname can be
_FAITH_NEAR = re.compile(r"(?i)\b(?:priest|parish|church|chaplain|chaplaincy|mass|anoint\w*|last rites|sacrament\w*|catholic|rosary|"
                         r"prayers?|blessing|confession)\b")
_FAITH_TITLES = ("Father", "Sister", "Brother", "Mother")


def _faith_title(text: str, word: str, start: int, end: int) -> bool:
    """"Father Michael Doyle", "Sister Pearl" where the notes near it speak of faith: a church's title."""
    return word in _FAITH_TITLES and bool(_FAITH_NEAR.search(text, max(0, start - 300), end + 300))


_FAITH_FIELD = re.compile(r"(?i)\b(?:religion|faith|belief|religious (?:needs|beliefs?|affiliation))\b[^\n:|]{0,20}[:|\-][ \t]*$")
_PHONE_START = re.compile(r"(?:\+44|0044|0)[\d(][\d ()]{8,}")  # what a name before a phone number stands before
_TOKEN = re.compile(rf"{NAME_WORD}|{INITIAL}")
_CAP_WORD = re.compile(r"\b[A-Z][A-Za-z'\u2019\-]+")


# -- initials in a person's slot ---------------------------------------------------
# Notes name people by initials in fixed places: the owner of an action ("OK to obtain the
# rota"), the speaker of a numbered minute ("1. SA summarised:"), the author after an
# entry's date ("06/02/24 SM - ..."), a sign-off line ("OF CNS, ext 5531", "ANGP 22/08/2024
# 16:10"), a role word ("Admin (TR)", "minutes, EM") and lists of people ("CO / KR / DS
# Lindqvist"). ``strong`` slots hold a person whatever else the letters could mean; in the
# others letters that are also an abbreviation ("LD", "MS") count only when they are the
# initials of someone the case names.
INITIALS = rf"[{UP}](?:(?:Mc|Mac|O'|O\u2019)?[{UP}]{{1,3}}|Mc|Mac)"  # "KB", "SMcK", "AMacK", "KO'N", "ŽK", "TMc"
_INI = rf"(?:(?<![{UP}{LO}]){INITIALS}(?![{UP}{LO}]))"
# (one space after the title, not a form's next label: "Mr      DOB 23.07.1979", "Mrs NHS")
_TITLE_INITIALS = re.compile(r"\b(?P<title>Dr|Mr|Mrs|Ms|Miss|Mx)\.?[ ](?!(?:DOB|NHS|NOK|GP|ID|MRN|DNR|RIP)\b)(?P<ini>[A-Z]{1,3})"
                             r"(?![\w&/'\u2019\-]|\.[ \t]*[A-Z][a-z])")
# initials as people sign them: "SP", "AMacK", "KO'N", "J.McG", "R.A-S", "D.F."
_INI_ANY = (rf"(?:{_INI}|(?<![A-Za-z])[A-Z]\.[ \t]?(?:Mc|Mac|O['\u2019])?[A-Z](?:-[A-Z])?\.?(?![A-Za-z])"
            r"|(?<![A-Za-z])(?:[A-Z]\.){2,3}(?![A-Za-z]))")
# every form people sign with, for places where only a signature can stand ("checked by FA-B",
# "Minutes agreed: k.o", "| M.K. |"): as above, a hyphenated surname initial ("RA-S", "MF-L"),
# and lower-case letters with a full stop ("k.o", "r.k")
_SIGN = (rf"(?:(?<![{UP}{LO}.]){INITIALS}(?:-[{UP}]{{1,2}})?(?![{UP}{LO}])"
         rf"|(?<![{UP}{LO}.])[{UP}]\.[ \t]?(?:Mc|Mac|O['\u2019])?[{UP}](?:-[{UP}])?\.?(?![{UP}{LO}])"
         rf"|(?<![{UP}{LO}.])(?:[{UP}]\.){{2,3}}(?![{UP}{LO}])"
         rf"|(?<![{UP}{LO}.])[{UP}][ \t][A-Z]['\u2019][A-Z]-[A-Z](?![{UP}{LO}])"
         rf"|(?<![\w.])[a-z]\.[a-z](?:\.[a-z])?\.?(?![\w]))")
MONTH_WORDS = {"january", "february", "march", "april", "may", "june", "july", "august", "september",
               "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
               "sept", "oct", "nov", "dec"}


# how often a medicine is given, after its dose ("500mg BD", "TWICE daily (BD)", "100 micrograms OM"): no one's initials
DOSING = frozenset({"OD", "BD", "TDS", "QDS", "ON", "PRN", "OM", "STAT", "NOCTE", "MANE"})
_DOSE_BEFORE = re.compile(r"(?i:\d[ \t]*(?:mg|mcg|micrograms?|g|ml|units?)|\b(?:daily|tablets?|sachets?|capsules?|puffs?|drops?|doses?|"
                          r"once|twice|three times|four times|morning|evening|night|nocte|bedtime))[ \t(]*\Z")


def dose_before(text: str, start: int) -> bool:
    """Whether a dose or how a medicine is taken stands just before ``start``."""
    return bool(_DOSE_BEFORE.search(text, max(0, start - 30), start))


# an e-mail address made of a first name and a surname ("brook.nance@example.com", "j.smith" is no name)
_EMAIL_NAMES = re.compile(r"(?<![\w.+\-])(?P<f>[a-z]{3,15})[._](?P<l>[a-z]{3,20})\d{0,3}@[\w\-]+(?:\.[\w\-]+)+", re.I)


def mostly_lower_case(text: str) -> bool:
    """A note written mostly in lower case (chats, texts, hurried handovers): at least half of
    at least three sentences start with a small letter."""
    starts = re.findall(r"(?:^|[.!?]\s+)([A-Za-z])", text, re.MULTILINE)
    return len(starts) >= 3 and sum(c.islower() for c in starts) / len(starts) >= 0.5

# one letter standing for a person ("M said", "Dr O"): never "I" or "A" (pronoun, article)
_LETTER = r"[B-HJ-Z]"
ENTRY_DATE = r"(?:\d{1,2}[/.\-]\d{1,2}(?:[/.\-]\d{2,4})?|\d{1,2}(?:st|nd|rd|th)?[ \t]+[A-Z][a-z]{2,8}(?:[ \t]+\d{4})?|\d{1,2}-[A-Z][a-z]{2}-\d{2,4})"
ENTRY_TIME = r"(?:[ \t,]+(?:at[ \t]+)?\d{1,2}[:.]\d{2}(?:[ \t]*(?:hrs|h))?)"
_ACTION_VERBS = (r"(?:obtain|provide|list|update|send|write|contact|arrange|check|chase|refer|re-refer|book|complete|review|"
                 r"liaise|follow|ring|call|phone|speak|discuss|inform|share|circulate|draft|collate|visit|meet|escalate|"
                 r"audit|ask|confirm|request|e-?mail|feed[ \t]?back|organise|find|seek|make|ensure|identify|source|order|"
                 r"prescribe|assess|invite|copy|forward|train|amend|add|set[ \t]up|look|agree|present|report|let|tell|give|"
                 r"take|lead|raise|record|document|notify|submit|offer|support|monitor|complete|countersign|sign|witness|approve|authorise|reply|respond)")
_SPEECH = (r"(?:summari[sz]ed|noted|said|reported|explained|agreed|asked|confirmed|advised|stated|felt|raised|added|"
           r"described|clarified|suggested|proposed|outlined|gave|presented|shared|highlighted|expressed|questioned|"
           r"commented|recommended|queried|informed|updated|fed[ \t]back|responded|replied|welcomed|opened|closed|chaired)")
_GRADES = r"(?:FY[12]|ST[1-8]|CT[1-3]|SHO|SpR|Reg|RGN|RMN|RNLD|RN|HCA|SN|CNS|ANP|SW|OT|SALT|PA|Band[ \t]*\d)"
# a titled name in a list of people ("DS Lindqvist", "Dr Okafor")
_TITLED = r"(?:DS|DC|DI|PC|PS|Sgt|Dr|Mr|Mrs|Ms|Miss|Mx|RM|SW|Cllr)\.?[ \t]+[A-Z][a-z]+"
_INITIAL_SLOTS = [
    # (pattern, strong)
    # (also after a full stop: "... ref SG-23-04471. TM to countersign.")
    (re.compile(rf"(?:^|[;:]|(?<=[.!?][ \t])|\bActions?\b:?)[ \t]*(?:\d{{1,2}}[.)][ \t]*|[-\u2022*][ \t]+)?(?P<i>{_INI})[ \t]+(?:to|will)[ \t]+(?i:{_ACTION_VERBS})\b", re.M), True),
    (re.compile(rf"^[ \t]*(?:\d{{1,2}}[.)]|[-\u2022*])[ \t]*(?P<i>{_INI})(?:[ \t]*\([^)\n]{{1,30}}\))?[ \t]+(?i:{_SPEECH})\b", re.M), True),
    (re.compile(rf"^[ \t]*(?:\d{{1,2}}[.)]|[-\u2022*])[ \t]*(?P<i>{_INI})(?:[ \t]*\([^)\n]{{1,30}}\))?[ \t]*:", re.M), False),
    # (or a full stop: "13/02/24  SJ. Pressure areas intact.")
    # (and after a comma: "04/03/2024, HC: no call received")
    (re.compile(rf"^[ \t]*(?:[A-Z][a-z]{{2,6}}[ \t]+)?{ENTRY_DATE}{ENTRY_TIME}?,?[ \t]+(?P<i>{_INI})[ \t]*(?:[-\u2013:]|\.(?=[ \t])|$)", re.M), False),
    # ... or in brackets after the entry's date, alone, paired or after who they work for ("Mon 3 March 2025 (AB/CS) -",
    # "Fri 14th March 2025 (BO) - ", "12/07/24 (agency - DW) ..."); and a night log's rows ("23:00  PN  Asleep on his side")
    (re.compile(rf"^[ \t]*(?:[A-Z][a-z]{{2,6}}[ \t]+)?{ENTRY_DATE}{ENTRY_TIME}?[ \t]+\((?:[A-Za-z][a-z]+(?:[ \t]+[a-z]+)?[ \t]*[-\u2013,][ \t]*)?"
                rf"(?P<i>{_INI})(?:[ \t]*/[ \t]*(?P<j>{_INI}))?\)", re.M), True),
    (re.compile(rf"^[ \t]*\d{{1,2}}[:.]\d{{2}}[ \t]{{2,}}(?P<i>{_INI})[ \t]{{2,}}(?=[A-Z][a-z])", re.M), True),
    # a doctor signing a clerking with initials and grade ("SNB  ST5 EM  GMC 7149902")
    (re.compile(rf"^[ \t]*(?P<i>{_INI})[ \t]+(?:FY[12]|ST[1-8]|CT[1-3]|SHO|SpR|StR)\b", re.M), False),
    # a line holding only initials, under an entry ("SP", "-- J.McG", "R.A-S (Home Manager)"): sure when
    # set off by a dash or followed by a role, otherwise only letters that are no word or abbreviation
    (re.compile(rf"^[ \t]*(?:--?|[\u2013\u2014])[ \t]*(?P<i>{_INI_ANY})[ \t]*(?:\([^)\n]{{1,40}}\))?[ \t]*$"
                rf"|^[ \t]*(?P<j>{_INI_ANY})[ \t]*\([^)\n]{{1,40}}\)[ \t]*$", re.M), True),
    (re.compile(rf"\n(?:(?<=[.!?)]\n)|(?<=[.!?)][ \t]\n))[ \t]*(?P<i>{_INI_ANY})[ \t]*$", re.M), False),
    # a letter's dictation reference: author/typist ("Our ref: SMcA/hk", "RE/sb" on its own line or after a wide
    # gap, "PvdM/rt" for Pieter van der Merwe)
    (re.compile(rf"\b(?i:our|your|my)[ \t]+(?i:ref)\.?:?[ \t]*(?P<i>{_INI})/(?P<j>[a-z]{{2,3}}|{_INI})(?![\w/])"
                rf"|(?:^|(?<=[ \t]{{3}}))[ \t]*(?P<k>{_INI}|(?<![\w])[{UP}](?:[a-z]{{0,3}}[{UP}]){{1,3}})/(?P<l>[a-z]{{2,3}})[ \t]*$", re.M), True),
    # a chart's cell holding initials, alone or with a count or a time ("| AT x1 |", "| KH 22:40 (seizure) |")
    (re.compile(rf"(?<=\|)[ \t]*(?P<i>{_SIGN})(?=[ \t]*(?:\||$)|[ \t]+(?:x[ \t]?\d|\d{{1,2}}[:.]\d{{2}}))", re.M), False),
    # ... also after a signing field's label ("Manager authorisation: DMcD 14/06/24 15:20", "J.W. 07/05/24")
    (re.compile(rf"^[ \t]*(?:(?:[A-Z][a-z]+[ \t]+)?(?i:authori[sz]ation|authori[sz]ed|signed|signature|checked|completed|reviewed|"
                rf"verified|validated|approved|witnessed|entered|recorded|written)(?:[ \t]+by)?[ \t]*:?[ \t]*)?(?P<i>{_INI_ANY})[ \t]*[,/]?[ \t]*(?:{_GRADES}[ \t]*[,/]?[ \t]*)?"
                rf"(?:(?i:ext\.?|x|bleep|tel\.?)[ \t]*\d{{3,5}}|{ENTRY_DATE}{ENTRY_TIME}?)[ \t]*$", re.M), True),
    (re.compile(rf"(?:\b(?i:admin|secretary|receptionist|typist|typed|dictated|scribe|minute[ \t]+taker|note[ \t]+taker)|\((?i:minutes))"
                rf"[ \t]*(?:by)?[ \t]*[:(,]?[ \t]*(?P<i>{_INI})(?:[ \t]*/[ \t]*(?P<j>{_INI}))?(?=[ \t]*(?:[).,;]|$))", re.M), True),
    (re.compile(rf"\b(?i:admin)[ \t]+(?P<i>{_INI})[ \t]*$", re.M), True),
    # ... and the author's initials before it on a letter's last line ("I.F. / dictated 09.11.23", "RB/typed by jk")
    (re.compile(rf"^[ \t]*(?=[^\n/]{{1,12}}/[ \t]*(?i:dictated|typed|transcribed|not[ \t]+checked)\b)(?P<i>{_INI_ANY})[ \t]*/", re.M), True),
    (re.compile(rf"(?<![\w/])(?P<i>{_INI})[ \t]+/[ \t]+(?=(?:{_INI}[ \t]+/[ \t]+)*{_TITLED})"), True),
    # who did, checked or wrote it: "Verified by KO / RA-S", "checked by FA-B.", "Filled in with Toyin by
    # A.B. (keyworker)", "copied into the record by R.O. on 30/01/2024"
    (re.compile(rf"\b(?i:verified|checked|counter-?signed|signed|witnessed|completed|filled[ \t]+in|written|copied|typed|minuted|entered)"
                rf"(?:[ \t]+[^\n.;:]{{1,30}}?)?[ \t]+(?i:by)[ \t]+(?P<i>{_SIGN})(?:[ \t]*(?:/|&|and)[ \t]*(?P<j>{_SIGN}))?"
                rf"(?=[ \t]*(?:[.,;()]|$|(?i:on|at)\b))", re.M), True),
    # ... or gave or delivered it ("buccal midazolam given by JJ at 5 min"): letters that are no service ("given by EMS")
    (re.compile(rf"\b(?i:given|administered|dispensed|delivered)(?:[ \t]+[^\n.;:]{{1,30}}?)?[ \t]+(?i:by)[ \t]+(?P<i>{_SIGN})"
                rf"(?:[ \t]*(?:/|&|and)[ \t]*(?P<j>{_SIGN}))?(?=[ \t]*(?:[.,;:()]|$|(?i:on|at)\b))", re.M), False),
    # initials closing an entry, on its line, after a finished sentence or a wide gap: with a grade
    # ("... settled with the radio.  RA-S SN", "k.o SN / RA-S SN"), or in a form no word has
    # ("... lentil soup.  MF-L", "... on his way.  k.o")
    (re.compile(rf"(?:[.!?)][ \t]+|[ \t]{{2,}})(?P<i>{_SIGN})[ \t]+{_GRADES}(?:[ \t]*/[ \t]*(?P<j>{_SIGN})[ \t]+{_GRADES})?[ \t]*$"
                rf"|(?:[.!?)][ \t]+|[ \t]{{2,}})(?P<k>(?:{_SIGN})(?<=[.\-][{UP}{LO}])|[{UP}]\.(?:Mc|Mac)[{UP}]|(?:[{UP}]\.){{2,3}}|[{UP}]{{1,2}}-[{UP}]{{1,2}})"
                rf"(?:[ \t]*/[ \t]*(?P<l>{_SIGN}))?[ \t]*$", re.M), True),
    # dotted initials alone on their line after a blank line, signing a note off ("...before allocation." / "" / "W.O.");
    # not "N.B." or "P.S."
    (re.compile(rf"\n[ \t]*\n[ \t]*(?!(?:N\.B|P\.S|P\.T\.O|E\.G|I\.E|A\.M|P\.M|R\.I\.P|D\.O\.B|C\.C)\.)(?P<i>(?:[{UP}]\.){{2,3}})[ \t]*(?=\n|\Z)"), True),
    # who a task or message goes to, in a record's own words ("Task to RB.", "Passed to Dr FAC again", "FAO JS")
    (re.compile(rf"\b(?i:task(?:ed)?|forwarded|passed(?:[ \t]+on)?|handed[ \t]+over|fao)[ \t]+(?:(?i:to|for)[ \t]+)?(?:Dr\.?[ \t]+)?(?P<i>{_INI})"
                rf"(?=[ \t]*(?:[.,;:)]|$|(?i:to|for|again|re|please|pls)\b))", re.M), False),
    # a task or message from one member of staff, with their team in brackets, to another ("Task  KH (Reception) > GR:")
    (re.compile(rf"(?<![\w/])(?P<i>{_INI})[ \t]*\([A-Za-z][^()\n]{{1,25}}\)[ \t]*(?:>|->|\u2192)[ \t]*(?P<j>{_INI})[ \t]*:"), True),
    # initials signing a quoted message at its line's end ('Task to TFL: "FYI, no action needed" - LPS')
    (re.compile(rf"[\"\u201d][ \t]*[-\u2013\u2014][ \t]*(?P<i>{_INI})[ \t]*$", re.M), False),
    # a record entry's header: date, time, kind of entry, then the author's initials after a gap
    # ("24-Jun-2024 12:31   Correspondence in   DH")
    # (sure there, whatever else the letters mean, except a service or a role: "Telephone   GP")
    (re.compile(rf"^[ \t]*(?:[A-Z][a-z]{{2,6}}[ \t]+)?{ENTRY_DATE}{ENTRY_TIME}?[ \t]+[A-Za-z][^\n]{{1,50}}?[ \t]{{2,}}"
                rf"(?!(?:GP|ED|OOH|DN|SW|OT|PN|HCA|RN|SN|CPN|LD|MDT|ICU|HDU|AMU|SALT|ENT|PALS|NHS|CQC|A&E|BO)\b)(?P<i>{_INI})[ \t]*$", re.M), True),
    # who took a message, in a message log ("Taken: SQ. Action: rang back 08:20", "Logged by: DM")
    (re.compile(rf"\b(?i:taken|logged|recorded|message[ \t]+taken|msg[ \t]+taken)(?:[ \t]+(?i:by))?[ \t]*:[ \t]*(?P<i>{_INI})(?=[ \t]*(?:[.,;)]|$))", re.M), True),
    # a clinician's role, their initials and what they do ("Usual GP JS to contact Els", "SW KO agreed")
    (re.compile(rf"\b(?:GP|SW|CPN|HCA|SN|RN|OT|SALT|Dr)[ \t]+(?P<i>{_INI})(?=[ \t]+(?:to|will|has|had|is|was|agreed|said|saw|rang|"
                rf"reviewed|spoke|visited|called|advised|explained|aware)\b)"), False),
    # a sign-off after thanks ("Thanks, PvdM", "Many thanks / J.McG")
    (re.compile(rf"^[ \t>]*(?i:thanks|thank[ \t]+you|many[ \t]+thanks|cheers|regards|kind[ \t]+regards|best[ \t]+wishes|ta)[ \t]*[,/\-]?[ \t]+"
                rf"(?P<i>[A-Z]-[A-Z][ \t][A-Z]|{_SIGN}|[{UP}][a-z]{{1,2}}[{UP}])[ \t]*$", re.M), True),
    # minute takers and authors of a reply, in any case ("Minutes: jm", "Minutes agreed: k.o 05/05/21",
    # "> reply from r.k: GP did a phone call")
    (re.compile(rf"\b(?i:minutes(?:[ \t]+(?:agreed|taken|approved))?(?:[ \t]+by)?)[ \t]*:[ \t]*(?P<i>{_SIGN}|[a-z]{{2,3}})(?=[ \t]*(?:$|\d|[,;(]))"
                rf"|\b(?i:reply|response|message|update|answer)[ \t]+(?i:from)[ \t]+(?P<j>{_SIGN}|[a-z]{{2,3}}|{_LETTER})[ \t]*:", re.M), True),
    # the owner of a numbered action: "3. RA - LeDeR notification (done)"
    (re.compile(rf"^[ \t]*(?:\d{{1,2}}[.)]|[-\u2022*])[ \t]*(?P<i>{_INI})[ \t]*[-\u2013][ \t]+\S", re.M), False),
    # a contact log: the time, then who made the contact ("17/01 09:40  FD phoned Mrs Grant-Okoro")
    (re.compile(rf"^[ \t]*{ENTRY_DATE}{ENTRY_TIME}?[ \t]+(?P<i>{_SIGN})[ \t]+(?i:phoned|rang|called|visited|spoke|e-?mailed|texted|wrote|left|met|saw|"
                rf"attended|discussed|reviewed|contacted|emailed|sent|received)\b", re.M), True),
    # a signature as a login, with a grade or at a line end ("Signed t.wisniewski RN, bleep 2290")
    (re.compile(rf"\b(?i:signed|sig)\b:?[ \t]+(?P<i>[a-z]\.[a-z][a-z'\-]{{2,}})(?=[ \t]+{_GRADES}\b|[ \t]*[,;]|[ \t]*$)", re.M), True),
    # the writer of a note in brackets before its colon ("Call handler notes (LMcK):")
    (re.compile(rf"\b(?i:notes?|entry|comments?|update|summary|report)[ \t]*\((?P<i>{_INI})\)[ \t]*:"), True),
    # a typist's initials in brackets after the typing date, in any case ("typed 07/06/2024 (lw)")
    (re.compile(rf"\b(?i:typed|dictated|transcribed)\b[^\n()]{{0,30}}\((?P<i>[a-z]{{2,3}}|{_INI}|(?<=\()(?:[{UP}]\.){{2,3}})\)"), True),
    # an e-mail subject naming the person by initials ("Subject: RE: J.O. - LeDeR review")
    (re.compile(rf"^[ \t]*(?i:subject|re)[ \t]*:[ \t]*(?:(?i:re|fw|fwd)[ \t]*:[ \t]*)*(?P<i>(?:[{UP}]\.){{2,3}}|{_INI})(?=[ \t]+[-\u2013:])", re.M), False),
    (re.compile(rf"(?<=/)[ \t]+(?P<i>{_INI})[ \t]+(?=/[ \t]+(?:{_INI}[ \t]+/[ \t]+)*{_TITLED})"), True),
]
_SPEAKER = re.compile(rf"(?P<i>{_INI}):[ \t]+(?=[a-z])")
_LIST_LINE = re.compile(r"(?im)^[^\n]*?(?P<kind>\bsignatures?|(?:\bcounter-?)?signed|\bwitnessed|\bactions?)\b[^\n:]{0,20}:[^\n]*"
                        r"|^[ \t]*(?P<att>present|attendees|attending|in[ \t]+attendance|apologies)[ \t]*:[^\n]*")
# initials with a double-barrelled surname or a short surname as people sign ("H. B-T", "K-A W", "A.Og")
_SIGN_HYPHENATED = r"(?:[A-Z]\.[ \t]?[A-Z]-[A-Z]|[A-Z]-[A-Z][ \t][A-Z]|[A-Z]\.[A-Z][a-z])(?![\w\-])"
_SIGNATURE_ITEM = re.compile(rf"(?<![\w.])(?P<i>{_SIGN_HYPHENATED}|{_INI}|(?:[A-Z]\.){{2,3}})(?=[ \t]*(?:[,;(]|\.?[ \t]*$)|[ \t]+[A-Z][a-z]|[ \t]+\d|[ \t]{{2,}})", re.M)
_ACTION_ITEM = re.compile(rf"(?:[:;,]|(?<=[a-z0-9)])\.(?=[ \t])|\band\b)[ \t]*(?P<i>{_INI})(?=[ \t]*(?:[-\u2013]|(?:to|will)\b))", re.M)
_LAST_LINE_INITIALS = re.compile(r"\n[ \t]*\S[^\n]*\n(?:[ \t]*\n)*[ \t]*(?P<i>[A-Z](?:Mc|Mac)?[A-Z]{1,3})[ \t]*\s*\Z")
# a visit log or rota: a time range, then the staff who did the visit ("07:30-08:20  Aga + Kelly-Marie   Strip wash")
_ROTA_SLOT = re.compile(
    rf"^[^\n]{{0,24}}?(?<![\d:.])\d{{1,2}}[:.]\d{{2}}[ \t]*[-\u2013][ \t]*\d{{1,2}}[:.]\d{{2}}(?:[ \t]*\|)?[ \t]{{2,}}"
    rf"(?P<names>{NAME_WORD}(?:[ \t]*[+&/,][ \t]*{NAME_WORD}){{0,3}})(?=[ \t]*\||[ \t]{{2,}}|[ \t]*$)", re.M)
# a postcode straight after a word, on its line or the next: the word is the post town ("Carrick Bridge\nWX7 3LN")
POSTCODE_NEXT = re.compile(r"[ \t,]*\n?[ \t]*[A-Z]{1,2}\d[A-Z\d]?[ \t]?\d[A-Z]{2}\b")
TOWN_BEFORE_POSTCODE = re.compile(rf"(?P<town>(?:[A-Z][a-z]+[ \t]){{0,2}}[A-Z][a-z]+)(?={POSTCODE_NEXT.pattern})")
_ARTICLE_BEFORE = re.compile(r"\b(?:the|a|an)[ \t]+\Z")
_SURNAME_INITIAL_AFTER = re.compile(r"[ \t]+(?![AI]\b)[A-Z]\.?(?=[ \t]*(?:[,;)|/]|$)|[ \t]+-[ \t])", re.M)


def _surname_initials(text: str, out: list[Candidate]) -> list[Candidate]:
    """A first name takes in the initial of its surname after it ("staff: Abbey P, Rajesh", "Tina F)")."""
    for c in out:
        if c.label == "PERSON" and " " not in text[c.start : c.end].strip() and (m := _SURNAME_INITIAL_AFTER.match(text, c.end)):
            c.end = m.end()
    return out


# a full postcode in capitals (also what places.py looks for after a town)
POSTCODE_SHAPE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?[ \t]?\d[A-Z]{2}\b")


@lru_cache(maxsize=128)  # asked by the name lists, the name model's cleaning and the case-wide search
def town_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Where a town stands before its postcode on the same line ("Kingsley Heath JW11 4PD")."""
    if not POSTCODE_SHAPE.search(text):
        return ()
    return tuple(m.span("town") for m in TOWN_BEFORE_POSTCODE.finditer(text) if "\n" not in text[m.end("town") : m.end("town") + 3])


# a record's full name with its SURNAME in capitals, ending where a bracket opens ('Gurdeep Singh SANDHU (')
_RECORD_FULL_NAME = re.compile(rf"(?:{NAME_WORD}[ \t]+)+[{UP}]{{3,}}(?:-[{UP}]+)?,?[ \t]*$")
# an abbreviation defined after the words it stands for ("QUALIFIED ATTENDING PRACTITIONER (QAP)")
_DEFINED_LETTERS = re.compile(r"\((?P<ini>[A-Z]{2,5})\)")
_DEFINITION_WORDS = re.compile(r"(?:[A-Za-z][A-Za-z\-]*[ \t]+){1,5}[A-Za-z][A-Za-z\-]*[ \t]*\Z")
# words of a record's headings in capitals that also are names ("WARD ROUND", "DAY CENTRE REVIEW")
_HEADING_WORDS = {"round", "review", "notes", "note", "plan", "summary", "assessment", "report", "entry", "check", "history",
                  "record", "list", "chart", "team", "unit", "clinic", "visit", "meeting", "centre", "service", "letter"}
_NOT_SIGNATURES = {"END", "ENDS", "PTO", "NAD", "NFA", "TBC", "TBA", "EOF", "ENCL", "CC", "PRN", "RIP", "DNA", "OD", "BD",
                   "TDS", "QDS", "NB", "OK", "BO", "BNO", "NBM", "IV", "PO", "ED", "AMU", "ICU", "HDU", "GP", "DOB", "NHS", "MRN",
                   "REF", "RE", "FW", "FWD", "NOK", "LD"}


# dosing and Latin abbreviations written with full stops, never initials ("p.o.", "b.d.", "e.g.")
# record labels that stand where initials do ("    DOB 30/06/1996"): never a person
# a word then "no." at a line's end is a column's heading ("Reg. no.", "Staff number")
_COLUMN_NUMBER = re.compile(r"\.?[ \t]+(?i:no|number)\b\.?[ \t]*$", re.M)
_NEVER_INITIALS = {"DOB", "NHS", "MRN", "NOK", "REF", "FWD", "DOD", "GCS", "BMI", "GMC", "NMC", "HCPC", "PIN", "CAD", "PCR", "EPR"}
_DOTTED_ABBREVIATIONS = {"bd", "od", "po", "iv", "im", "sc", "pr", "qd", "tds", "qds", "prn", "nb", "ie", "eg", "am", "pm", "cf",
                         "ps", "md", "do", "dc", "us", "uk", "ok", "re", "et", "al", "vs", "no", "op"}


# -- a person called by one letter -------------------------------------------------
# Family contact logs, chats and hurried notes call people by one letter: "M said staff showed
# real patience", "J's sats were 91%", "seen by Dr O at out of hours", "T 09:12: morning hows M?".
# A letter counts only where nothing else stands: as the subject of a reported act at a clause
# start, after a title, or as the writer of a timed chat line; "I" and "A" never (pronoun,
# article), nor a letter with a number after its verb ("K was 5.2", "T is 37.9"). Once a letter
# is a person in a note, it is that person wherever it stands alone in the same note ("J and mum
# Cynthia here now"), except beside a number or symbol ("T 37.9", "M&S", "Hep B").
_LETTER_VERBS = (r"(?:said|says|say|feels|felt|wants|wanted|prefers|preferred|was|is|has|had|will|would|can|could|did|does|"
                 r"told|tells|asked|asks|rang|rings|called|calls|came|comes|went|goes|thinks|thought|full|knows|knew|"
                 r"reports|reported|agreed|agrees|explained|visited|visits|seemed|seems|looked|looks|managed|ate|drank|"
                 r"slept|woke|became|got|kept|loved|loves|likes|liked|hates|hated|passed|died|sat|stayed|isn't|wasn't|"
                 r"doesn't|didn't|won't|can't|couldn't|mentioned|noticed|describes|described|spoke|speaks|phoned|texted|"
                 r"arrived|left|brought|helped|tried|gave|remembers|remembered|worries|worried|thanked|sends|sent|"
                 r"isn[’']t|wasn[’']t|didn[’']t|won[’']t)")
_LETTER_SUBJECT = re.compile(
    rf"(?:^|(?<=[.!?;:][ \t])|(?<=[.!?][ \t]{{2}})|(?<=[-\u2013\u2022*][ \t])|(?<=\())[ \t]*(?P<i>{_LETTER})"
    rf"(?:(?=[ \t]+{_LETTER_VERBS}\b(?![ \t]*(?![0-2]?\d:\d\d\b|\d{{1,2}}/\d{{1,2}}/\d)[\d<>~]))|(?=['\u2019]s[ \t]+[a-z]))", re.M)
# ... and one letter with a full stop, any letter ("A." is no article), as what a sentence is about: "A. asking for her
# babcia", "M. punched the door", "because A. is in hospital", "A.'s sensory needs"; not an organism ("E. coli was")
_LETTER_DOTTED = re.compile(
    rf"(?<![\w.&/+\-'\u2019])(?P<i>[{UP}])\.(?:(?P<v>(?=[ \t]+(?:{_LETTER_VERBS}|asking|punched|hit|kicked|shouted|screamed|back|"
    rf"refused|settled|calmer|upset)\b))|(?=['\u2019]s[ \t]+[a-z]))")
_LETTER_DOTTED_BEFORE = re.compile(r"(?:^|[.!?;:][ \t]|[.!?][ \t]{2}|[-\u2013\u2022*][ \t]|\b(?:says|said|because|that|and|but|so|reports|as)[ \t]+)\Z",
                                   re.M)
_LETTER_TITLED = re.compile(rf"\b(?P<title>Dr|Mr|Mrs|Ms|Miss|Mx|Nurse|Sister|Auntie|Aunty|Aunt|Uncle|Nan|Nanna|Nanny|Grandma|Grandad)\.?"
                            rf"[ \t]+(?P<i>{_LETTER})(?![\w&'\u2019.\-+/])(?![ \t]+(?:[{UP}][{LO}]|[{UP}]\b))")  # not "Dr H Ellery", "Mr W D Clarke"
# a title before hyphenated initials ("discussed with Dr O-B")
_TITLED_INITIALS = re.compile(rf"\b(?P<title>Dr|Mr|Mrs|Ms|Miss|Mx|Prof)\.?[ \t]+(?P<i>[{UP}]-[{UP}]{{1,2}})(?![\w\-])")
_LETTER_WRITER = re.compile(rf"^[ \t]*(?P<i>{_LETTER})[ \t]+\d{{1,2}}[:.]\d{{2}}[ \t]*:", re.M)
_LETTER_ALONE = r"(?<![\w&'\u2019./+\-]){}(?![\w&'\u2019/+\-]|\.\w|[ \t]*[\d:=<>])"
_LETTER_NOT_AFTER = re.compile(r"(?i)\b(?:hep(?:atitis)?|vitamin|vit|type|plan|grade|class|group|ward|bay|room|level|stage|"
                               r"phase|zone|block|floor|section|part|option|appendix|schedule|team|unit|wing|flat|house|"
                               r"strep|factor|category|cat|item|box|form|line|side|point|step|figure|table|page|exit|gate)[ \t]*$"
                               r"|[A-Za-z][A-Za-z /]*:[ \t]*$")  # or a form's answer ("Sex: M")


# a field whose value is a place named like a person ("Ward: Clifton 3", "Unit name: Dennis")
# (a field's label opens its line or a table cell: "phoned ward: Kris in theatre" is a person)
_PLACE_FIELD_BEFORE = re.compile(r"(?:^|[|\t]|[ \t]{2})[ \t]*(?i:(?:ward|unit|bay|wing|location)(?:[ \t]+name)?)[ \t]*:[ \t]*\Z", re.M)


def after_place_field(text: str, start: int) -> bool:
    """``start`` opens the value of a field that names a place."""
    return ":" in text[max(0, start - 30) : start] and bool(_PLACE_FIELD_BEFORE.search(text, max(0, start - 30), start))


# a town after the organisation or street it belongs to, ending its address line or before a phone number or postcode
_TOWN_AFTER_PLACE = re.compile(r"\b(?:Services?|Team|Hospital|Practice|Surgery|Centre|Center|Home|Ltd|LLP|Trust|Council|Unit|Clinic|"
                               r"Pharmacy|Road|Street|Lane|Avenue|Close|Way|Drive|Court|House|Sons|Daughters|Directors)[ \t]*,[ \t]*\Z")
_TOWN_ENDS = re.compile(r"[ \t]*(?:$|,[ \t]*(?:\d|[A-Z]{1,2}\d)|[ \t]+[A-Z]{1,2}\d{1,2}[A-Z]?[ \t]+\d[A-Z]{2}\b)", re.M)
# (the letter and its verb first, where it stands checked after: far cheaper than trying the clause starts everywhere)
_LETTER_ACTION = re.compile(rf"(?<![\w'\u2019.&/+\-])(?P<i>[A-HJ-Z])[ \t]+to[ \t]+{_ACTION_VERBS}\b")
_GREETING_BEFORE = re.compile(r"(?:^|[>:][ \t]|[.!?][ \t])[ \t]*\Z")
_LETTER_ACTION_BEFORE = re.compile(r"(?:^|[.;:][ \t]{1,2}|[-\u2013\u2022*][ \t])[ \t]*\Z")
_PROTECTION_WORDS = re.compile(r"(?i)\bcourt of protection\b|\bCOP ?(?:case|\d)|\bdeputyship\b|\bClient \(P\)")


def letter_people(text: str) -> list[tuple[int, int, str | None]]:
    """(start, end, title before it) of every one-letter name of a person in ``text`` (see above)."""
    found = {m.span("i"): None for p in (_LETTER_SUBJECT, _LETTER_WRITER) for m in p.finditer(text)}
    found |= {m.span("i"): m["title"] for m in _LETTER_TITLED.finditer(text)}
    found |= {m.span("i"): m["title"] for m in _TITLED_INITIALS.finditer(text)}
    # the owner of an action by one letter, at a clause's start ("A to make an easy-read question list"): even "A", which
    # is searched for nowhere else (the article)
    found |= {m.span("i"): None for m in _LETTER_ACTION.finditer(text)
              if _LETTER_ACTION_BEFORE.search(text[max(0, m.start() - 8):m.start()].rsplit("\n", 1)[-1])}
    if _PROTECTION_WORDS.search(text):
        # the Court of Protection's "P" is what its papers call the person ("P's best interests"), no one's initial
        found = {(s, e): t for (s, e), t in found.items() if text[s:e] != "P"}
    for letter in {text[s:e] for s, e in found} - {"A"}:
        for m in re.finditer(_LETTER_ALONE.format(letter), text):
            if m.span() not in found and not _LETTER_NOT_AFTER.search(text[max(0, m.start() - 20) : m.start()]):
                found[m.span()] = None
    # a letter with its full stop, then wherever that letter stands with its full stop and no name after it
    # (as a subject after a clause's start or "says", "because"...; before a possessive anywhere)
    dotted = {m.span("i") for m in _LETTER_DOTTED.finditer(text)
              if not m["v"] or _LETTER_DOTTED_BEFORE.search(text, max(0, m.start() - 12), m.start())}
    for letter in {text[s:e] for s, e in dotted}:
        for m in re.finditer(rf"(?<![\w&'\u2019./+\-]){letter}(?=\.(?![\w.])(?![ \t]*[{UP}][{LO}]))", text):
            if not _LETTER_NOT_AFTER.search(text[max(0, m.start() - 20) : m.start()]):
                found.setdefault(m.span(), None)
    return sorted((s, e, title) for (s, e), title in found.items())


@lru_cache(maxsize=128)  # asked twice per document, by the name rules and later by the case-wide search
def initial_slots(text: str) -> tuple[tuple[int, int, bool], ...]:
    """(start, end, strong) of initials standing where notes put a person (see above)."""
    out = []
    for pattern, strong in _INITIAL_SLOTS:
        for m in pattern.finditer(text):
            for g in ("i", "j", "k", "l"):
                if g in pattern.groupindex and m[g]:
                    if "." in m[g] and m[g].replace(".", "").replace(" ", "").lower() in _DOTTED_ABBREVIATIONS:
                        continue
                    out.append((*m.span(g), strong))
    for m in _SPEAKER.finditer(text):
        # a speaker in minutes, at a line or sentence start ("GS: the practice did not know", "AMacK: …")
        before = text[max(0, m.start() - 3) : m.start()]
        if m.start() == 0 or before.endswith("\n") or re.search(r"[.;!?][ \t]{1,2}$|\n[ \t]+$", before):
            out.append((*m.span("i"), False))
    for line in _LIST_LINE.finditer(text):
        # "Signatures: JB Jerome Baptiste; AT Anh Tran", "Actions: AW - write up the MCA; RS - IMCA report",
        # "Present: AM (GP partner), JD (salaried GP)"
        attendance = bool(line["att"])
        kind = line["att"] or line["kind"]
        item = _ACTION_ITEM if kind.lower().startswith("action") else _SIGNATURE_ITEM
        for m in item.finditer(text, line.end("att" if attendance else "kind"), line.end()):
            # in an attendance list a role stands beside names ("Present: SW, GP"): there only
            # letters with their role in brackets after them are sure to be a person
            strong = not attendance or bool(re.match(r"[ \t]*\(", text[m.end("i"):]))
            out.append((*m.span("i"), strong))
    m = _LAST_LINE_INITIALS.search(text)
    if m and m["i"] not in _NOT_SIGNATURES:
        out.append((*m.span("i"), True))  # a document that ends with initials alone is signed with them
    return tuple(out)


class Example(RuleModel):
    text: str
    names: list[str]
    roles: list[str | None]


class RoleWord(RuleModel):
    word: str
    numbered: bool


class NameRules(RuleModel):
    titles: dict[str, str | None]
    relations: dict[str, str]
    fields: dict[str, str | None]
    sign_offs: list[str]
    abbreviations: str
    roles: dict[str, RoleWord]
    eponym_nouns: str
    place_before: str
    place_after: str
    examples: list[Example]

    @cached_property
    def places_after(self) -> frozenset[str]:
        return frozenset(self.place_after.split())

    @cached_property
    def eponyms(self) -> frozenset[str]:
        return frozenset(self.eponym_nouns.lower().split())

    @cached_property
    def places_before(self) -> frozenset[str]:
        return frozenset(self.place_before.split())

    @cached_property
    def place_after_name(self) -> re.Pattern[str]:
        """A place's word (or a word and it) straight after a name: "Mehmet and Rose Court", "Ana and Hope Street"."""
        return re.compile(r"[ \t]+(?:[A-Z][a-z]+[ \t]+)?(?:" + literal_alternation(set(self.places_after), ignore_case=True) + r")\b",
                          re.I)

    @cached_property
    def title_re(self) -> str:
        return literal_alternation(set(self.titles))  # (a prefix tree: see literal_alternation)

    @cached_property
    def full_name_before_quote(self) -> re.Pattern[str]:
        """A title and a full name, then an opening bracket and quotation mark: 'Mr Terence McAllister ("'."""
        return re.compile(rf"\b(?:{self.title_re})\.?(?:[ \t]+{NAME_WORD}){{2,3}}[ \t]{{1,3}}\([ \t]*[\"\u201c]$")

    @cached_property
    def relation_re(self) -> str:
        return literal_alternation(set(self.relations), ignore_case=True, piece={" ": r"\s+"})

    @cached_property
    def all_fields(self) -> dict[str, str | None]:
        """Form fields, and relationship words used as field labels ("Friend | Mari-Lou Vasquez")."""
        return {**self.relations, **self.fields}

    @cached_property
    def field_re(self) -> str:
        return literal_alternation(set(self.all_fields), ignore_case=True, piece={" ": r"\s+"})



_HOUSE_NUMBER_BEFORE = re.compile(r"(?<![\w/.:])\d{1,4}[A-Za-z]?,?[ \t]+$")
# a size before a word makes it a device ("8 mm Blake", "#24 Blake"); a bare number does not
# ("Bay 3 Jean Pike" is a person)
# abbreviations that begin a name ("MD SHAFIQUR RAHMAN": Muhammad)
FAMILY_ROLES = {"mother", "father", "stepmother", "stepfather", "sister", "brother", "son", "daughter", "partner", "wife", "husband",
                 "niece", "nephew", "aunt", "uncle", "cousin", "grandparent", "family"}
_LOWER_NAME_PLACED = re.compile(
    r"(?<![\w'\u2019\-])(?P<n>[a-z][a-z'\-]{2,14}),?[ \t]+(?:the[ \t]+(?:[a-z\-]+[ \t]+){0,2}(?:hca|nurse|carer|doctor|physio|manager|"
    r"hcsw|sister|cleaner|chaplain|porter|paramedic|receptionist|keyworker|support[ \t]+worker|social[ \t]+worker|minister|vicar|"
    r"priest|imam|pastor|neighbour)\b|from[ \t]+(?:the[ \t]+)?(?:chapel|church|mosque|temple|gurdwara|agency|day[ \t]+centre|"
    r"ward|team|college|school|club|choir|practice|surgery|next[ \t]+door)\b)")
_LOWER_AFTER_CUE = re.compile(
    r"(?:\b(?P<cue>mum|mam|mom|dad|bro|sis|brother|sister|son|daughter|aunt|auntie|uncle|nan|nana|gran|grandad|wife|husband|"
    r"partner|manager|carer|keyworker|receptionist|nanny|nannie|nanna|grandma|granny|grandpa|grandad|cousin|by|covering|"
    r"(?<=my[ \t])(?:mate|friend|pal|bestie|best[ \t]+mate|best[ \t]+friend|support(?:[ \t]+worker)?))\b[ \t]+(?:(?:tonight|today|is|was)[ \t]+)?"
    r"|^[ \t]*(?=[a-z][a-z'\-]{2,}[ \t]+(?:\(|-[ \t])))"
    r"(?P<n>[a-z][a-z'\-]{2,})(?:[ \t]+(?P<n2>[a-z][a-z'\-]{2,}))?", re.MULTILINE)
# first names that are also verbs or function words, names after a family word only before a verb
# Where only a name stands in a chat or handover written in lower case, even a name that is also a word ("its
# kez", "thanks kier x", "hope bringing it now", "spoke to may, she's coming", "summer (sleep-in)", "summer x")
_W = r"(?P<w>[a-z][a-z'\-]{2,14})"
_CHAT_NAMES = tuple(re.compile(p, re.MULTILINE) for p in (
    rf"\b(?:its|it's|it\u2019s|it[ \t]is)[ \t]+{_W}(?=[ \t]*(?:[.,!?x]|$|here\b|n\b|and\b|&))",
    rf"\b(?:hi|hiya|hey|thanks|thank[ \t]?(?:you|u)|ta|cheers|oh|sorry|love[ \t]you)[ \t]+{_W}(?=[ \t]*(?:[.,!?]|x+\b|$|its\b|it's\b|im\b|i'm\b))",
    rf"\b(?:spoke|speak|talked|talk|said|chat|chatted)[ \t]+(?:to|with)[ \t]+{_W}(?=[ \t]*(?:[.,!?;)]|$|n\b|and\b|about\b))",
    rf"\b(?:tell|ask|ring|told|asked|call|text|rang|texted|phoned|asking[ \t]for|with)[ \t]+{_W}(?=[ \t]*(?:[.,!?;)]|$|n\b|and\b|about\b|after\b|later\b|back\b|tomorrow\b|now\b|too\b))",
    rf"(?:^|[:.!?,][ \t]+|\b(?:and|n|but|so)[ \t]+){_W}(?=[ \t]+(?:says|said|thinks|reckons|bringing|collecting|going|coming|comes|came|here\b|texted|asked|sat|told|is[ \t]on|on[ \t]today))",
    rf"\bis[ \t]+{_W}(?=[ \t]+on[ \t]+(?:today|tonight|shift|nights|days|lates|earlies)\b)",
    rf"{_W}(?=[ \t]*\((?:sleep[ \-]?in|waking[ \t]nights?|nights?|days|lates?|earlies|keyworker|key[ \t]worker|team[ \t]leader|senior|"
    rf"manager|bank|agency|on[ \t]call)\))",
    rf"(?:^|[.!?][ \t]+){_W}(?=[ \t]+x{{1,3}}[ \t]*$)",
))
_MODAL_NAMES = {"will", "may", "can", "don", "bill", "sue", "rob", "mark", "pat", "sunny", "hope"}
_NOT_KIN_NAMES = {"said", "says", "and", "not", "also", "too", "here", "home", "out", "back", "well"}
# "B. Abrasions and petechial hemorrhages": a lettered list item, not an initial and a surname
_OUTLINE_BEFORE = re.compile(r"[,;][ \t]*\Z")
_PHRASE_AFTER = re.compile(r"[ \t]+(?!(?:said|says|rang|phoned|called|reported|visited|advised|agreed|asked|confirmed|noted|"
                           r"explained|was|is|has|had|will|to|and|from|at|on|saw|wrote|today|yesterday|by|for|with|re|about|"
                           r"[a-z]{3,}ed)\b)[a-z]")
# an e-mail's signature block: a name alone on its line, a job title, then a contact line ("Temi" / "LeDeR Reviewer" / "Tel: ...")
_SIGNATURE_BLOCK = re.compile(rf"^[ \t>]*(?P<name>{TITLE_WORD}(?:[ \t]+{TITLE_WORD}){{0,2}})[ \t]*\n[ \t>]*(?P<role>[^\n]{{3,60}})\n"
                              rf"[ \t>]*(?i:tel\b|phone|mob\b|mobile|e-?mail|direct|ext\b|[tme]:)", re.M)
_SIGNATURE_ROLE = re.compile(r"(?i)\b(?:reviewer|manager|officer|co-?ordinator|worker|nurse|practitioner|lead|director|administrator|"
                             r"consultant|therapist|assistant|secretary|clinician|doctor|GP|pharmacist|paramedic|social worker|"
                             r"advocate|chaplain|receptionist|team leader|head of|senior)\b")
_CELL_BEFORE = re.compile(r"(?:^|\||\t|[ \t]{2})[ \t]*\Z", re.M)
_CELL_AFTER = re.compile(r"[ \t]*(?:$|\||\t|[ \t]{2}|\([^)\n]{1,30}\)|,[ \t])", re.M)
# another resident named with their room ("Joy (rm 14) sat with him", "May (room 9) cried")
_ROOM_RESIDENT = re.compile(rf"(?<![\w\-])(?P<name>{TITLE_WORD})[ \t]*\((?i:rm|room|flat|bed)\.?[ \t]*\d{{1,3}}[A-Za-z]?\)")
_PLACE_ENDING = re.compile(r"(?:field|ton|ford|ley|bury|ham|wick|by|worth|chester|mouth|borough|port|stead|dale|minster|pool|bridge)$")
# short role words of a record's clinician column, beside the rules' relations and titles ("(Loc)", "(Pharm)")
_COLUMN_ROLES = {"loc", "locum", "pharm", "pharmacist", "gp", "gpr", "gp reg", "hca", "pn", "anp", "acp", "nurse", "physio", "pa",
                 "partner", "salaried", "registrar", "admin", "receptionist", "paramedic", "dn", "hv", "cpn", "sw"}
_WRAPPED_SURNAME = re.compile(rf"[ \t]*\n[ \t]*(?P<name>(?:{PARTICLE}[ \t]+){{0,2}}{TITLE_WORD})(?![\w\-])(?![ \t]*:)")
# a record system's audit or print line, dated by the system, names its user by login ("Printed 21-Mar-2024 09:12 by user HMCGARRIGLE",
# "printed 27/08/2024 15:02 by sgillies") or by initials ("amended FOB", "Actioned FOB 05-Jan-2024", "printed HMcG")
_AUDIT_VERB_WORDS = ("printed", "reprinted", "amended", "actioned", "entered", "created", "edited", "viewed", "accessed",
                     "modified", "updated", "filed", "scanned", "exported", "generated", "authorised", "authorized",
                     "verified", "added", "uploaded", "recorded")
_AUDIT_DATE = r"\d{1,2}[-/ .](?:\d{1,2}|[A-Za-z]{3,9})[-/ .]\d{2,4}(?:[ \t,]+\d{1,2}:\d{2}(?::\d{2})?)?"
_LOGIN = r"[A-Za-z](?:[A-Za-z0-9_\-]|\.(?=\w)){2,24}"
# each is matched at a verb the text holds (found with str.find: an alternation of 21 words tried at every
# position cost 3% of the redaction time on MTSamples)
_AUDIT_LOGIN = re.compile(rf"[A-Za-z]+[ \t]+(?i:on[ \t]+)?{_AUDIT_DATE}[ \t]+(?i:by)(?:[ \t]+(?i:user))?[ \t]*:?[ \t]*(?P<name>{_LOGIN})(?![\w@'\u2019])")
# a print line with its date before the verb ("07/11/2023 16:48  printed by LLEWELYNM for LeDeR reviewer"): without the
# system's date beside "by", only a login in capitals or with digits, dots or underscores ("added by phlebotomy" stays)
_PRINTED_BY = re.compile(rf"(?i:printed|reprinted|exported|generated)[ \t]+(?i:by)[ \t]+(?P<name>(?=[A-Z0-9._]+(?![\w@]))[A-Z][A-Z0-9._]{{2,24}}|(?=\w*[\d._])[A-Za-z][\w.]{{2,24}})(?![\w@'\u2019])")
_AUDIT_INITIALS = re.compile(
    rf"[A-Za-z]+[ \t]+(?:(?P<name>[A-Z](?:[a-z]?[A-Z]){{1,3}})(?=[ \t]*(?:$|\||\(|\d))"
    rf"|{_AUDIT_DATE}[ \t]+(?P<lower>[a-z]{{2,3}})[ \t]*$)", re.M)  # "SCANNED  23 AUG 2024  mk"
# ... and a print header's "User LLEWELYNM" ("Run 07/11/2023 16:48   User LLEWELYNM")
_BY_USER = re.compile(rf"\b(?:(?i:by[ \t]+user)|User|USER)[ \t]*:?[ \t]*(?P<name>{_LOGIN})(?![\w@])")


def _audit_verbs(low: str) -> list[int]:
    """Where the words of a record system's audit lines start in ``low`` (a text lower-cased; whole words)."""
    out = []
    for verb in _AUDIT_VERB_WORDS:
        i = low.find(verb)
        while i >= 0:
            j = i + len(verb)
            if (i == 0 or not low[i - 1].isalnum()) and (j == len(low) or not low[j].isalnum()):
                out.append(i)
            i = low.find(verb, j)
    return sorted(out)


# a name listed beside another: before it ("Amber (shift lead), Mehmet"), or after it ("Mehmet and Amber")
_COORD_LEFT = re.compile(r"(?<![\w'\u2019.\-])(?P<n>[A-Z][a-z'\u2019]+(?:-[A-Z][a-z]+)?)(?:[ \t]*\([^()\n]{1,30}\))?[ \t]*(?:,|&|\+|\band\b|\bor\b)[ \t]*\Z")
_COORD_RIGHT = re.compile(r"(?:[ \t]*\([^()\n]{1,30}\))?[ \t]*(?:,|&|\+|\band\b|\bor\b)[ \t]*(?P<n>[A-Z][a-z'\u2019]+(?:-[A-Z][a-z]+)?)(?![\w'\u2019\-])(?![ \t]*\d)")
_MENTION = re.compile(r"(?<![\w.@+\-])@(?P<n>[A-Z][a-z'\u2019]+(?:-[A-Z][a-z]+)?)(?![\w.@\-]*\.[a-z]{2,})")  # "@Jade", not "@Home.co.uk"
# what a family calls the person ("still calls him her KitKat", "called her our Little Bee"), or "my"/"our" and a word no
# list knows in their quoted words, asked after, missed or loved ("how is my Bubba today", "I miss my Dilly")
_PET_NAME = re.compile(r"\b(?i:call(?:s|ed|ing)?)[ \t]+(?:him|her|them)[ \t]+(?:her|his|their|my|our)[ \t]+(?P<n>[A-Z][A-Za-z'\u2019]+)\b"
                       r"|\b(?i:how(?:[ \t]+is|[ \t]+was|['\u2019]s)|where(?:[ \t]+is|['\u2019]s)|miss|love|see|hug|kiss|with)[ \t]+(?:my|our)[ \t]+"
                       r"(?P<q>[A-Z][a-z'\u2019]+(?:[A-Z][a-z]+)?)\b(?![ \t]+[A-Z])")
# where a name and a surname's initial stand: after "by", "for", a field's colon, or opening a line
_FIRST_AND_INITIAL_BEFORE = re.compile(r"(?:^[ \t]*|\b(?i:by|for|from|with|to|and|cc)[ \t]+|:[ \t]*)\Z", re.M)
# where a sentence's subject stands: a clause's start, after a quotation mark or a bullet
_SUBJECT_BEFORE = re.compile(r"(?:^|[.!?:,][ \t]|[.!?:][ \t]{2}|[\"\u201c]|^[-\u2022*][ \t])\Z", re.M)
# first names that are also a place or service that rings, asks and says ("Ward rang 19:45")
_SERVICE_SUBJECTS = {"ward", "home", "unit", "team", "office", "reception", "security", "control"}
# what only a person does, after their name: "Marisol gave back blows", "Will wants to join", "Faith will sit with them"
_ACTS = (r"(?:said|says|rang|phoned|texted|told|asked|wants|wanted|gave|did|arrived|visited|brought|hugged|sang|adores|likes|loves|"
         r"(?:will|'ll)[ \t]+(?:sit|sort|pick|bring|ring|call|phone|visit|make|come)|"
         r"has[ \t]+(?:just[ \t]+)?(?:rung|phoned|arrived|asked|said|told)|is[ \t]+(?:here|staying|sitting|coming)|"
         r"was[ \t]+(?:brilliant|lovely|amazing|upset|crying))")
# a name's possessive right before a relation word ("Keith's daughter Chloe"), not a pronoun's ("his daughter")
_OWNER_BEFORE = re.compile(rf"(?<![\w'\u2019\-])(?P<owner>{TITLE_WORD})['\u2019]s[ \t]+\Z")
# words that put a month after them ("in April", "since May", "early June")
MONTH_BEFORE = {"in", "of", "on", "by", "since", "until", "till", "during", "early", "late", "mid", "last", "next",
                "this", "from", "to", "before", "after", "end", "throughout", "between"}
# a nurse's or doctor's grade after their name ("J Adebayo-Kerr SN", "K Shaw RN")
_GRADE_AFTER = re.compile(rf"[ \t]+{_GRADES}\b(?!-)")
# see NameRules._lone_names
_LONE_NAME = re.compile(r"(?<![\w'\u2019\-])(?P<mc>(?:Mc|Mac)[A-Z]{3,}(?:-[A-Z]{2,})?)(?![\w'\u2019\-])"
                        r"|\([ \t]*(?P<b>[A-Z][A-Z'\u2019\-]{3,}|[A-Z][a-z]{2,}(?:-[A-Z][a-z]+)?)[ \t]*\)"
                        r"|\b(?i:lives|lived|living|stays|stayed)[ \t]+with[ \t]+(?P<w>[A-Z][a-z]{2,})\b(?![ \t]*[A-Z'\u2019&])")
_WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}


def weekday_word(key: str) -> bool:
    """A day of the week, whole, short or plural ("Monday", "Tues", "Sundays")."""
    return key in WEEKDAY_WORDS or key.rstrip("s") in _WEEKDAYS
# a chart's or rota's key of codes on its line ("Codes: E 07:00-14:30 | SI sleep-in | AL annual leave | TR training",
# "CODES (MAR legend): R = refused   S = asleep"): each code, then what it means in small letters or a time
_LEGEND_LINE = re.compile(r"(?im)^[ \t]*[^\n:]{0,30}\b(?:codes?|key|legend)\b[^\n:]{0,30}:(?P<items>[^\n]+)$")
_LEGEND_ITEM = re.compile(r"(?:^|[|,;]|[ \t]{2,}|(?<=:))[ \t]*(?P<code>[A-Z]{1,3})\*?[ \t]*(?:=[ \t]*|[ \t])(?=[a-z]|\d{1,2}[:.]\d{2})")


def legend_codes(text: str) -> set[str]:
    """The codes a note's key defines (at least three on the key's line); none where the key gives people's
    initials ("DK = Dawn Kettering": a capital after the code is no code's meaning)."""
    out: set[str] = set()
    for line in _LEGEND_LINE.finditer(text):
        codes = {m["code"] for m in _LEGEND_ITEM.finditer(line["items"])}
        if len(codes) >= 3:
            out |= codes
    return out


WEEKDAY_WORDS = {"mon", "tue", "tues", "wed", "weds", "thu", "thur", "thurs", "fri", "sat", "sun"}
_WEEKDAY_DASH = re.compile(r"(?i)\b(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?[ \t]*[-\u2013][ \t]*$")
_QUESTION_AFTER = re.compile(r"[ \t]+(?:you|I|we|he|she|they|it|there|that|this)\b")
# lower-case notes: a signature line of a first name and an initial ("-- pat h"), initials alone on
# the last line or after a slash ("ks", "cheers kirsty / pw"), and two-letter words ("al", "jo")
_LOWER_SIGNATURE_LINE = re.compile(r"^[ \t]*(?:--?|[\u2013\u2014])[ \t]*(?P<name>(?P<first>[a-z][a-z'\-]+)[ \t]+[a-z]\.?)[ \t]*$", re.M)
_LOWER_SIGNING_INITIALS = re.compile(r"(?:\n[ \t]*(?P<a>[a-z]{2,3})[ \t]*\s*\Z|/[ \t]*(?P<b>[a-z]{2,3})[ \t]*$)", re.M)
_TWO_LETTER_WORD = re.compile(r"(?<![\w@.'\-])([a-z]{2})(?:'s|s)?(?![\w@\-])")
_NOT_LOWER_INITIALS = {"ok", "xx", "xxx", "ta", "thx", "ty", "end", "lol", "bye", "cya", "pto", "nfa", "tbc"}
_NAME_PREFIXES = {"MD", "Md", "Mohd", "MOHD"}
_SIZE_BEFORE = re.compile(r"(?:(?<![\w/.:])\d+(?:\.\d+)?[ \t]?(?:mm|cm|Fr|F|G|French)|#\d+)[ \t]+$")
_NEXT_WORD = re.compile(r"(?:['\u2019]s)?[\s/-]+([A-Za-z]+)")
_PREV_WORD = re.compile(r"([A-Za-z]+(?:['\u2019]s)?\.?)[ \t]+$")


_FROM_NAMED_PLACE = re.compile(
    rf"(?:^|(?<=[:.!?][ \t])|(?<=[:.!?][ \t]{{2}}))(?P<name>{TITLE_WORD})[ \t]+from[ \t]+(?:[A-Z][\w'&\-]+[ \t]+){{1,3}}"
    r"(?:Pharmacy|Surgery|Practice|Support|Care|Hospital|Hospice|Centre|Center|Team|Council|Services?|Trust|Agency|Homes?|Housing|"
    r"Day[ \t]+Service|Opportunities|College)\b", re.M)
_FROM_ORGANISATION = re.compile(r"\bfrom[ \t]+(?:[A-Z][\w'&\-]+[ \t]+){1,3}(?:Pharmacy|Surgery|Practice|Support|Care|Hospital|Hospice|"
                                r"Centre|Center|Team|Council|Services?|Trust|Agency|Homes?|Housing|Day[ \t]+Service|Opportunities|College)\b")
_SPOKE_WORD = re.compile(r"\b(?:spoke|spoken|speaking|talked|talking)[ \t]+(?:to|with)[ \t]+[A-Z]")
_SPOKE_TO = re.compile(rf"\b(?:spoke|spoken|speaking|talked|talking)[ \t]+(?:to|with)[ \t]+(?P<name>{TITLE_WORD})(?=[ \t]*(?:[.,;:)]|$|[ \t]+(?:and|who|about|re|on)\b))", re.M)
_LINE_END_SIGN_OFF = re.compile(rf"(?<=[.!?])[ \t]+(?P<name>{TITLE_WORD})[ \t]*$", re.M)
_OWNERS_PERSON = re.compile(rf"(?<![\w\-])(?P<name>[{UP}][{LO}]{{2,}})['\u2019]s[ \t]+(?:support[ \t]+worker|key[ \t]?worker|carer|social[ \t]+worker|"
                            r"mum|mam|dad|mother|father|sister|brother|nan|gran|auntie|uncle|flat|bedroom|room|wheelchair|PA|personal[ \t]+assistant)\b")
_OWNED = re.compile(r"['\u2019]s[ \t]+(?:support[ \t]+worker|key[ \t]?worker|carer|social[ \t]+worker|mum|mam|dad|mother|father|sister|"
                    r"brother|nan|gran|auntie|uncle|flat|bedroom|room|wheelchair|PA|personal[ \t]+assistant)\b")
_KISS = re.compile(r"[ \t][xX]{1,3}[ \t]*$", re.M)
_SIGN_OFF_KISS = re.compile(rf"(?:^|[.!?)][ \t]+|\b(?i:love|cheers|thanks|thank you|ta|from|speak soon)[ \t,]+)(?P<name>{TITLE_WORD})[ \t]*,?[ \t]+[xX]{{1,3}}[ \t]*$", re.M)
# ... or unquoted between dashes or in brackets after the name ("Anika - Ani to the family - was 22", "Thomas (Tom to his mates)")
# ... "to" whom: the family or friends who used the name
_TO_FAMILY_WORDS = (r"[ \t]+to[ \t]+(?:(?:his|her|their|the|my|our)[ \t]+)?"
                    r"(?:family|friends|mum|mam|dad|mother|father|brothers?|sisters?|step-?(?:sister|brother|dad|mum|father|mother)|nan|nana|gran|"
                    r"grandma|grandad|everyone|everybody|staff|us|them|mates|pals)\b")
_QUOTED_TO_FAMILY = re.compile(
    rf"(?:[\"\u201c\u2018](?P<nick>{TITLE_WORD})[\"\u201d\u2019]|(?:(?<=[\-\u2013\u2014][ \t])|(?<=\())(?P<bare>{TITLE_WORD}))"
    + _TO_FAMILY_WORDS)
_TO_FAMILY = re.compile(_TO_FAMILY_WORDS)  # looked for first: far cheaper than the whole pattern
_NAME_BEFORE_ASIDE = re.compile(rf"{NAME_WORD}[ \t]*(?:[\-\u2013\u2014][ \t]|\()$")
# surnames that are also verbs a note puts after a bare title ("Dr said", "nurse saw")
_VERBS_AFTER_TITLE = {"said", "says", "saw", "sees", "has", "had", "was", "will", "would", "did", "does", "can", "could",
                      "felt", "thinks", "thought", "agreed", "advised", "asked", "called", "rang", "came", "wants", "wanted"}
_CARER_WORDS = {"support worker", "carer", "keyworker", "key worker", "personal assistant", "care assistant", "senior carer",
                "senior support worker", "shared lives carer"}
# things a person has, after a possessive: not the device an eponym names
_OWN_THINGS = {"dressing", "dressings", "chart", "charts", "catheter", "cannula", "bandage", "tube", "table", "frame",
               "splint", "drain", "pressure", "pressures", "device", "needle", "stitch", "stitches", "type", "position"}


def is_eponym(text: str, start: int, end: int, rules: NameRules) -> bool:
    """A capitalised name that names a device, procedure or place, not a person.

    "Hank dilators", "Owen silk", "Bruce protocol", "Wilson's disease" (the noun after it),
    "North Carolina", "St Luke's", "Bard Parker" (the word before it).
    """
    nxt = _NEXT_WORD.match(text, end, min(len(text), end + 40))
    if nxt:
        word = nxt.group(1).lower()
        possessive = bool(re.match(r"['\u2019]s\b", text[end : end + 3]))
        if word in _OWN_THINGS and possessive:
            return False  # a person's own things: "Doreen's dressing", "Tom's chart", "Mary's catheter"
        if word in {"signs", "scores", "tests"} and not possessive:
            return False  # a verb after a name: "Kobby said Jimmy signs 'no hospital'"
        if word in rules.eponyms or (word.endswith("s") and word[:-1] in rules.eponyms) \
                or (word.endswith("es") and word[:-2] in rules.eponyms):
            return True
    prev = _PREV_WORD.search(text, max(0, start - 12), start)
    if prev and prev.group(1) in rules.places_before:
        return True
    # glued to a word or a measurement by a hyphen ("Port-A-Cath", "mid-June", "18-French Foley"),
    # or straight after a size ("8 mm Blake", "#24 Blake")
    return bool(start and text[start - 1] == "-" and start > 1 and text[start - 2].isalnum()) \
        or bool(_SIZE_BEFORE.search(text, max(0, start - 10), start))


@dataclass(frozen=True)
class Lexicon:
    """Name lists from ``rules/names/`` (lower-cased for lookup)."""

    first: frozenset[str]
    surnames: frozenset[str]
    words: frozenset[str]  # names that are also ordinary words: need context
    not_names: frozenset[str]
    nicknames: dict[str, tuple[str, ...]]
    nicknames_of: dict[str, frozenset[str]]  # formal name -> its nicknames
    abbreviations: frozenset[str]
    english: frozenset[str]  # common English words: a capitalised one is not a name unless listed as one
    acronyms: frozenset[str]  # upper-case non-names, matched case-sensitively ("ED" but not "Ed")
    phrases: re.Pattern[str] | None  # multi-word and possessive non-names, protected as phrases


def _read_raw(path: Path) -> list[str]:
    if not path.exists():
        return []
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def _read_list(path: Path) -> frozenset[str]:
    if not path.exists():
        return frozenset()
    return frozenset(line.strip().lower() for line in path.read_text(encoding="utf-8").splitlines()
                     if line.strip() and not line.lstrip().startswith("#"))


@lru_cache(maxsize=4)
def _lexicon(names_dir: Path, abbreviations: tuple[str, ...]) -> Lexicon:
    nick_path = names_dir / "nicknames.yaml"
    nicknames: dict[str, tuple[str, ...]] = {}
    if nick_path.exists():
        raw = yaml.safe_load(nick_path.read_text(encoding="utf-8")) or {}
        nicknames = {str(k).lower(): tuple(str(v).lower() for v in vs) for k, vs in raw.items()}
    raw_not = _read_raw(names_dir / "not_names.txt")
    acronyms = frozenset(w for w in raw_not if w.isupper() and len(w) > 1 and " " not in w)
    phrases = [w for w in raw_not if " " in w or "'" in w.replace("\u2019", "'")]
    phrase_re = re.compile(r"(?i)(?<![\w])(?:" + literal_alternation(
        phrases, ignore_case=True, piece={" ": r"\s+", "'": "['\u2019]", "\u2019": "['\u2019]"}) + r")(?![\w])") if phrases else None
    first = _read_list(names_dir / "first_names.txt")
    surnames = _read_list(names_dir / "surnames.txt")
    nicknames_of: dict[str, set[str]] = {}
    for nick, formals in nicknames.items():
        for formal in formals:
            nicknames_of.setdefault(formal, set()).add(nick)
    return Lexicon(
        first=first,
        surnames=surnames,
        words=_read_list(names_dir / "name_words.txt"),
        # acronyms are checked case-sensitively, so "ED" never hides the name "Ed"
        not_names=frozenset(w.lower() for w in raw_not if w not in acronyms),
        nicknames=nicknames,
        nicknames_of={k: frozenset(v) for k, v in nicknames_of.items()},
        abbreviations=frozenset(a.lower() for a in abbreviations) - first - surnames,
        english=_read_list(names_dir / "english_words.txt"),
        # an upper-case surname ("WARD, John") is not blocked by the abbreviations list
        acronyms=acronyms | (frozenset(abbreviations) - {n.upper() for n in first | surnames}),
        phrases=phrase_re,
    )


def name_rules(settings: Settings) -> NameRules:
    return load_rules(settings, "names.yaml", NameRules)


def lexicon(settings: Settings) -> Lexicon:
    rules = name_rules(settings)
    return _lexicon((settings.rules_dir / "names").resolve(), tuple(rules.abbreviations.split()))


def word_nickname(text: str, start: int, end: int, rules: NameRules) -> bool:
    """Whether ``text[start:end]``, a nickname that is also a word ("Tel", "Sparky"), is a name: quoted
    in brackets right after a title and a full name ('Mr Terence McAllister ("Tel")'), never after a
    single capitalised word ('Makaton ("sign")')."""
    nick = text[start:end]
    if text[start - 1 : start] not in "\"\u201c" or text[end : end + 1] not in "\"\u201d":
        return False
    return len(nick) >= 3 and nick.istitle() and bool(rules.full_name_before_quote.search(text, max(0, start - 80), start))


def _dash_pieces(span: str) -> list[tuple[int, int]]:
    """The parts of a span between spaced dashes ("Qureshi - Tracey" -> "Qureshi", "Tracey")."""
    out, start = [], 0
    for m in re.finditer(r"[ \t]+[-\u2013\u2014][ \t]+", span):
        out.append((start, m.start()))
        start = m.end()
    out.append((start, len(span)))
    return [(a, b) for a, b in out if b > a]


def _letters_in_order(letters: str, word: str) -> bool:
    """Whether ``letters`` occur in ``word`` in that order ("tn" in "ypertension")."""
    rest = iter(word)
    return all(ch in rest for ch in letters)


def could_be_name(word: str, lex: Lexicon, rules: NameRules) -> bool:
    """Lenient: not a title, a role word, an acronym or a listed non-name (ordinary words allowed)."""
    raw = word.replace("\u2019", "'").rstrip(".")
    if raw.isupper() and len(raw) > 1 and raw in lex.acronyms:
        return False
    key = normalise(word)
    if not key or raw.lower() in lex.not_names or key in lex.abbreviations or raw in rules.titles \
            or key in rules.relations:
        return False
    return key not in lex.not_names or key in lex.first or key in lex.surnames


def is_name_word(word: str, lex: Lexicon, rules: NameRules) -> bool:
    """Strict: as :func:`could_be_name`, and an ordinary English word only if the name lists hold it."""
    if not could_be_name(word, lex, rules):
        return False
    key = normalise(word)
    return key not in lex.english or key in lex.first or key in lex.surnames


def initials_of(words: list[str]) -> set[str]:
    """Initials a name may be signed with: first and last ("KB"), or every word ("HKS")."""
    letters = [w[0].upper() for w in words]
    parts = [p[0].upper() for w in words for p in w.split("-") if p]  # "Mensah-Boateng" signs "MB"
    out = {letters[0] + letters[-1], "".join(letters), "".join(parts)}
    if "-" in words[0] and len(words) > 1:  # "Jean-Luc Mbemba" signs "J-LM"
        out.add("-".join(p[0].upper() for p in words[0].split("-") if p) + letters[-1])
    if "-" in words[-1] and len(words) > 1:  # "Rhodri Bowen-Stiles" signs "RB-S"
        out.add(letters[0] + "-".join(p[0].upper() for p in words[-1].split("-") if p))
    prefix = re.match(r"(?:Mc|Mac|O['\u2019])(?=[A-Z])", words[-1]) if len(words) > 1 else None
    if prefix:  # "Alasdair MacKenzie" signs "AMacK", "Kerry O'Neill" "KO'N", "Sean McGrath" "SMcG" (or "SMc")
        out.add(letters[0] + prefix.group() + words[-1][len(prefix.group())])
        if not prefix.group()[-1] in "'\u2019":
            out.add(letters[0] + prefix.group())
        if prefix.group()[-1] in "'\u2019":  # "Maeve O'Callaghan" also signs "MOC"
            out.add(letters[0] + prefix.group()[0] + words[-1][len(prefix.group())])
    return out


def spells(ini: str, words: list[str]) -> bool:
    """Whether initials written with some of each word's letters spell the name: "DBa" Dawn Baker, "EMacP" Eilidh
    MacPherson, "RdS" Rui de SOUZA, "KAC" Kerry-Ann Campbell, "HS" Harjit S. Sandhu (a middle name may be left out;
    the first and last names never are)."""
    segs: list[tuple[str, bool]] = []  # (letters, is a particle)
    for word in words:
        for part in re.split(r"[-\u2010]", word.rstrip(".")):
            prefix = re.match(r"(?:Mc|Mac|O['\u2019])(?=[A-Z])", part)
            if prefix:
                segs += [(prefix.group().rstrip("'\u2019"), False), (part[prefix.end():], False)]
            elif part:
                segs.append((part, part.islower()))
    if len(segs) < 2 or not ini[:1].isupper():
        return False

    def fits(i: int, j: int) -> bool:
        if j == len(segs):
            return i == len(ini)
        seg, particle = segs[j]
        if particle or 0 < j < len(segs) - 1:  # a particle or a middle name may be left out
            if fits(i, j + 1):
                return True
        if i == len(ini) or ini[i].isupper() == particle:
            return False  # a name's initial is a capital, a particle's ("d" of "de") a small letter
        k = 1
        while i + k <= len(ini) and k <= len(seg) and ini[i:i + k].lower() == seg[:k].lower() \
                and (k == 1 or ini[i + k - 1].islower() or seg[k - 1].isupper()):
            if fits(i + k, j + 1):
                return True
            k += 1
        return False

    return fits(0, 0)


def tokens(text: str) -> list[str]:
    """The name words of a span ("O'NEILL, Patrick J." -> ["O'NEILL", "Patrick", "J."])."""
    return _TOKEN.findall(text)


_ANY_CASE_TOKEN = re.compile(rf"[A-Za-z][A-Za-z{APOS}\-]*\.?")


def name_tokens(text: str) -> list[str]:
    """As :func:`tokens`, and lower-case words too when a span found as a name has them ("tracey Hollinrake")."""
    if any(w[:1].islower() for w in text.split()):
        return _ANY_CASE_TOKEN.findall(text)
    return tokens(text)


def normalise(word: str) -> str:
    """Lookup key of a name word: lower case, straight apostrophe, no trailing dot or possessive."""
    word = word.replace("\u2019", "'").rstrip(".").lower()
    return word[:-2] if word.endswith("'s") else word


# Form fields that name *someone*, not necessarily the person who died ("Name:" also
# heads the referrer's section of a form); the others name the person who died.
_KNOWN_AS_FIELD = re.compile(r"\bknown\b|\bpreferred\b|\bcalled\b|\bother names?\b|\baka\b|\bnickname\b")
_WEAK_PERSON_FIELDS = {"name", "full name", "forename", "forenames", "forename(s)", "first name", "first names",
                       "surname", "last name", "family name", "known as", "preferred name", "client", "resident",
                       "service user"}


# fields that give only a part of a name: "Forename(s): Jerome Delroy" holds no surname, "Surname: BLACKWOOD" no first name
_GIVEN_NAME_FIELDS = {"forename", "forenames", "forename(s)", "first name", "first names", "first name(s)", "given name",
                      "given names", "christian name", "christian names"}
_FAMILY_NAME_FIELDS = {"surname", "last name", "family name"}


def _flag_name_part(added: list[Candidate], label: str) -> None:
    """Mark the field's name just added (if any) as given names or a family name: People joins the two of one form."""
    for cand in added:
        if label in _GIVEN_NAME_FIELDS:
            cand.flags.append("given_names")
        elif label in _FAMILY_NAME_FIELDS:
            cand.flags.append("family_name")


# "nobody ever called him anything but Mikey-John"
_ANYTHING_BUT = r"(?:(?i:anything[ \t]+(?:but|other[ \t]+than)|nothing[ \t]+but|just|only)[ \t]+)?"
# verbs that may be names too ("Said"): opening a sentence before a name, they are the verb
_VERBS_OPENING = {"said", "asked", "told", "saw", "called", "rang", "phoned", "met", "visited", "helped", "gave",
                  "thanked", "reminded", "showed", "heard", "found", "took", "brought"}
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\-\u2013]\s*|\n[ \t]*)$")


class NameFinder:
    """Finds candidate names in one document's text by rules and name lists."""

    def __init__(self, settings: Settings) -> None:
        self.rules = name_rules(settings)
        self.lex = lexicon(settings)
        from .places import place_rules  # places imports this module: imported here, not at the top

        places = place_rules(settings)
        self._place_ends = places.place_ends
        self._street_ends = frozenset(w.lower() for w in places.strong_street_types)
        r = self.rules
        seq = NAME_SEQ
        flags = re.MULTILINE
        # a collar number may stand between a police title and the name ("PC 4471 HOLDEN")
        # ... and a surname's particles may open the name after the title, after initials or not ("Dr van der Berg",
        # "Mrs de Souza", "Dr J. van Ommen", "Dr A. de SOUZA")
        self._title = re.compile(rf"(?<![\w])(?P<title>{r.title_re})\.?[ \t]+(?:(?:(?<=PC[ \t])|(?<=DC[ \t])|(?<=PS[ \t])|(?<=Sgt[ \t])|(?<=SGT[ \t]))\d{{2,5}}[ \t]+)?"
                                 rf"(?P<particle>(?:(?:{INITIAL}[ \t]*){{1,3}}[ \t])?(?:{PARTICLE}[ \t]+){{1,2}})?(?P<name>{seq})", flags)
        # a record's clinician column: SURNAME, initial, role in brackets ("LLEWELYN M (Nurse)", "HUGHES R (Pharm)")
        self._surname_initial_role = re.compile(
            rf"(?<![\w\-])(?P<name>{UPPER_WORD}(?:-{UPPER_WORD})?[ \t]+[{UP}])(?![\w.])[ \t]*\((?P<role>[A-Za-z][A-Za-z0-9 .]{{1,24}})\)")
        self._rel_before = re.compile(
            # (a bracketed name may open the next line: "LD liaison nurse\n   (Marisol Castellano) met the family")
            rf"(?i:\b(?P<rel>{r.relation_re}))(?:'s)?(?:[ \t]*\n[ \t]*(?=\()|[ \t]*)(?P<sep>[,:(\-\u2013]|\bis\b|\bwas\b|\bcalled\b|\bnamed\b)?[ \t]*"
            rf"(?:(?P<title>{r.title_re})\.?[ \t]+)?(?P<name>{seq})", flags)
        self._rel_just_before = re.compile(rf"(?i:\b(?:{r.relation_re}))[ \t]+$")
        self._rel_after = re.compile(
            # (a surname's initial may close the name: "Faith O (carer)")
            rf"(?:(?<![\w])(?P<title>{r.title_re})\.?[ \t]+)?(?P<name>{seq}(?:[ \t][{UP}](?=\.?[ \t]*\())?)[ \t]*(?:\([ \t]*(?:(?i:(?:his|her|their|the|my|our|pt'?s|patient'?s)[ \t]+)|(?P<owner>{TITLE_WORD})['\u2019]s[ \t]+)?|,[ \t]*(?i:(?:his|her|their|the)[ \t]+)?|[\-\u2013][ \t]*(?i:(?:his|her|their|the)[ \t]+)?)(?i:(?:registered|senior|deputy|staff|specialist|community|consultant|ward|night|day|lead|named|allocated|assistant|trainee|student)[ \t]+)?"
            # (not a relation's possessive: "Deniz Karadağ - mother's first language is not English")
            rf"(?i:(?P<rel>{r.relation_re}))\b(?!['\u2019]s\b)"
            # "Martin Keeble (Lisa's partner, Owen's stepdad since ...)": a second relation, to someone else
            rf"(?:(?<=[\w])[^)\n,]{{0,30}},[ \t]*(?P<owner2>{TITLE_WORD})['\u2019]s[ \t]+(?i:(?P<rel2>{r.relation_re}))\b)?", flags)
        self._field = re.compile(
            rf"(?:^|\||(?<=[ \t]{{3}}))[ \t]*{QUESTION_NUMBER}(?i:(?P<field>{r.field_re}))(?:[ \t]*\((?P<note>[^()\n]{{1,30}})\))?[ \t]*(?:[:|\t\-\u2013]|(?<=[ \t])\.{{3,}}|(?=[ \t]{{2,}}))[ \t:]*"
            rf"(?:(?P<title>{r.title_re})\.?[ \t]+)?[\"\u201c]?(?P<name>{UPPER_WORD}(?:[ \t]+{UPPER_WORD})?,[ \t]*{seq}|{seq})"
            rf"(?:[ \t]*\((?i:(?P<rel>{r.relation_re}))\))?", flags)
        # the rest of a field's name after a nickname in brackets or quotes ("Resident: Leonard (Len) TUTTLE")
        self._field_tail = re.compile(
            rf"[ \t]*(?:\([ \t]*(?P<nick>{NAME_WORD})[ \t]*\)|[\"\u201c](?P<qnick>{NAME_WORD})[\"\u201d])[ \t]{{1,2}}(?P<name>{seq})(?![ \t]*:)")
        # a form's question on a line of its own, answered by a name on the next line alone
        # ("2. Name the person was known by" / "Rafi")
        self._field_below = re.compile(
            rf"^[ \t]*(?:\d{{1,2}}[.)][ \t]*)?(?i:(?P<field>{r.field_re}))(?:[ \t]*\((?P<note>[^()\n]{{1,30}})\))?[ \t]*[:?]?[ \t]*\n[ \t]*"
            rf"(?:(?P<title>{r.title_re})\.?[ \t]+)?(?P<name>{UPPER_WORD}(?:[ \t]+{UPPER_WORD})?,[ \t]*{seq}|{seq})"
            rf"(?:[ \t]*\((?i:(?P<rel>{r.relation_re}))\))?[ \t]*$", flags)
        # a form's name-part label and its value in capitals, one space apart: "Surname LLEWELYN-PARRY    Forenames
        # GRUFFYDD IFAN"
        self._name_part_field = re.compile(
            rf"(?:^|\||(?<=[ \t]{{2}}))[ \t]*(?i:(?P<field>surname|forenames?|first[ \t]names?|family[ \t]name|given[ \t]names?))"
            rf"[ \t](?P<name>{UPPER_WORD}(?:[ \t]{UPPER_WORD}){{0,2}})(?=[ \t]{{2,}}|[ \t]*$)", flags)
        # a field whose value is a name written partly in lower case ("Key Worker: tracey Hollinrake")
        self._field_any_case = re.compile(
            rf"(?:^|\||(?<=[ \t]{{3}}))[ \t]*(?i:(?P<field>{r.field_re}))[ \t]*(?:[:|\t\-\u2013]|(?<=[ \t])\.{{3,}}|(?=[ \t]{{2,}}))[ \t:]*"
            rf"(?P<name>[A-Za-z][A-Za-z'\u2019\-]+(?:[ \t][A-Za-z][A-Za-z'\u2019\-]+){{0,2}})"
            rf"(?=[ \t]*(?:$|\||[ \t]{{2}}|\(|,))", flags)
        # "Dear Tunde and Comfort,": both are people
        self._dear = re.compile(rf"\bDear[ \t]+(?:(?P<title>{r.title_re})\.?[ \t]+)?(?P<name>{seq})"
                                rf"(?:[ \t]+(?:and|&)[ \t]+(?:(?:{r.title_re})\.?[ \t]+)?(?P<name2>{seq})(?=[ \t]*[,\n]))?")
        # an e-mail's or message's greeting by first name, the comma after it ("Thanks Hope, received", "Hi Faith,",
        # "Morning Bill -"): the name is a first name the lists know, or no word
        self._greet = re.compile(rf"\b(?:Hi|Hello|Hiya|Hey|Thanks|Thank[ \t]+you|Many[ \t]+thanks|Morning|Afternoon|Evening|Cheers)"
                                 rf"[ \t]+(?P<name>{TITLE_WORD})(?=[ \t]*(?:[,!]|[-\u2013][ \t]|$))", flags)
        self._comma = re.compile(rf"(?<![\w{APOS}])(?P<name>{UPPER_WORD}(?:[ \t\-]{UPPER_WORD})?,[ \t]*(?:{TITLE_WORD}|{UPPER_WORD})(?:[ \t]+(?:{TITLE_WORD}|{UPPER_WORD})){{0,2}})")
        self._initials = re.compile(
            r"(?:(?<![A-Z])[-\u2013\u2014][ \t]*|\([ \t]*|\b(?i:signed|staff|sig|by)\b:?[ \t]*|/[ \t]*|[.!?][ \t]+)(?P<name>(?:[A-Z]\.[ \t]?){2,3}|[A-Z](?:Mc|Mac)[A-Z]|[A-Z]{2,3}|[A-Z]{2}[a-z]|[A-Z]{1,2}['\u2019][A-Z])\)?[ \t]*\.?(?:[ \t]+\d{1,2}[/.]\d{1,2}[/.]\d{2,4})?[ \t]*$", flags)
        # in daily care notes, lower-case initials closing an entry ("... bowel chart updated. dk")
        self._lower_initials = re.compile(r"[.!?][ \t]+(?P<name>[a-z]{2,3})[ \t]*$", flags)
        # a first name with an initial ("Grace N.", "Holly B.,"): the initial makes the word a name
        self._first_initial = re.compile(rf"(?<![\w.'\u2019])(?P<name>{TITLE_WORD}[ \t]+[A-Z]\.)(?=[ \t]*(?:[,;)/]|$))", flags)
        # an initial with a surname in capitals ("V. ADEYEMI-CHURCH", "N. NÍ BHRIAIN") or joined to it ("J.Pennington")
        self._initial_surname = re.compile(
            rf"(?<![\w.&'\u2019])[{UP}]\.(?:[ \t](?P<particle>{PARTICLE}(?:[ \t]+{PARTICLE})?)[ \t]+(?=[{UP}]))?"
            rf"(?:[ \t]?(?P<upper>{UPPER_WORD}(?:[ \t]{UPPER_WORD})?)|(?P<title>{TITLE_WORD}))(?![\w.'\u2019\-])", flags)
        # initials with a grade ("WA / FY2 / 20.08.2024", "KP, RGN")
        self._initials_grade = re.compile(
            r"(?:^|[;(])[ \t]*(?P<ini>[A-Z]{2,3})[ \t]*[/,][ \t]*(?:FY[12]|ST[1-8]|CT[1-3]|SHO|SpR|Reg|RGN|RMN|RNLD|HCA|SN|CNS|ANP|SW)\b", flags)
        # initials in a signing position, whatever else the letters could mean ("PR", "CD", "MS"):
        # after a finished sentence and a dash at the end of the line, after "Entry by:",
        # "Author:", "Signed off:", and action owners in minutes ("; AW - write up the MCA")
        self._signing = re.compile(
            r"(?:[.!?)\d][ \t]*[-\u2013\u2014][ \t]*(?P<a>[A-Z]{2,3}|[A-Z]{1,2}['\u2019][A-Z])[ \t]*$"
            r"|\b(?i:entry[ \t]+by|author|written[ \t]+by|recorded[ \t]+by|completed[ \t]+by|signed(?:[ \t]+off)?(?:[ \t]+by)?"
            r"|initials|staff[ \t]+initials)[ \t]*(?::|[ \t])[ \t]*(?:[a-z ]{0,20}:[ \t]*)?(?P<b>[A-Z]{2,3})(?:[ \t]*/[ \t]*(?P<c>[A-Z]{2,3}))?\b"
            r"|(?:^|[;:])[ \t]*(?P<d>[A-Z]{2,3})[ \t]*[-\u2013][ \t]*(?i:to|write|contact|arrange|check|chase|refer|send|book|complete|review|update|liaise|follow|ring|call|letter|e-?mail|speak|discuss|inform|feed ?back|share|train\w*|audit|escalate|meet|visit|draft|collate|staff)\b)",
            flags)
        self._sign_off = re.compile(
            rf"^[ \t]*(?i:{'|'.join(re.escape(s) for s in r.sign_offs)})[ \t]*[,.!]?[ \t]*\n(?:[ \t]*\n)?[ \t]*"
            rf"(?:(?P<title>{r.title_re})\.?[ \t]+)?(?P<name>{seq})[ \t]*(?:,.*)?$(?:\n[ \t]*(?P<roleline>.+))?", flags)
        # ... with the writer's initials after ("- Rocky (R.H.)", "-- Ivy IC")
        self._dash_sign = re.compile(rf"(?<![{UP}{LO}])[-\u2013\u2014][ \t]*(?P<name>{TITLE_WORD}(?:[ \t]+(?:{INITIAL}|{TITLE_WORD}))?)(?:[ \t]+(?P<ini>{_INI}))?"
                                     rf"[ \t]*(?:\((?P<paren>[^)\n]{{1,30}})\))?[ \t]*$",
                                     flags)
        self._comment = re.compile(rf"^(?:Comment|Footnote|Endnote) by (?P<name>[^\n:()]{{2,60}}?)(?: \((?P<ini>[A-Z]{{1,4}})\))?:", flags)
        self._called = re.compile(
            rf"(?i:\b(?:called|calls|call|nicknamed|nickname(?:[ \t]+(?:is|was))?|known[ \t]+as))[ \t]+(?:(?i:him|her|them|me|himself|herself|themselves|myself)[ \t]+)?{_ANYTHING_BUT}[\"\u201c\u2018']?"
            rf"(?P<name>{TITLE_WORD})[\"\u201d\u2019']"
            rf"|(?i:\b(?:called|calls|call|nicknamed|knew|know|knows|remember|remembered)[ \t]+(?:him|her|them|me)[ \t]+as|\bgave[ \t]+(?:him|her|them|me)[ \t]+the[ \t]+(?:nick)?name)[ \t]+[\"\u201c\u2018']?(?P<name5>{TITLE_WORD})(?=[\"\u201d\u2019']|[ \t]+(?-i:[A-Z]?[a-z]))"
            rf"|(?i:\b(?:called|calls|call|nicknamed))[ \t]+(?i:him|her|them|me|himself|herself|themselves|myself)[ \t]+{_ANYTHING_BUT}(?P<name3>{TITLE_WORD})(?=[ \t]*(?:[,.;!)\-\u2013]|$|(?i:because|as|since|after|for|and|or|but|when|in)\b))"
            # ... "The family asked that he is called Faizi in the review"
            rf"|\b(?i:he|she)[ \t]+(?i:is|was|be|gets|got|liked[ \t]+to[ \t]+be|likes[ \t]+to[ \t]+be)[ \t]+(?i:called|known[ \t]+as)[ \t]+(?P<name4>{TITLE_WORD})(?=[ \t]*(?:[,.;!)\-\u2013]|$|(?i:because|as|by|in|at)\b))"
            # ... someone the note does not name otherwise: "a nurse who was lovely was called Sunny (Sunita?)", "the
            # doctor was called Will something" (a listed first name only: see below)
            rf"|\b(?i:was|is)[ \t]+(?i:called|named)[ \t]+(?P<name6>{TITLE_WORD})(?=[ \t]*(?:[,.;!)(\-\u2013]|$|(?i:something|i[ \t]+think|or)\b))"
            rf"|\([ \t]*[\"\u201c\u2018'](?P<name2>{TITLE_WORD})[\"\u201d\u2019'][ \t]+(?i:to|by|for|with)[ \t]+(?i:(?:his|her|their|the)[ \t]+)?(?i:(?:all[ \t]+(?:of[ \t]+)?)?(?:family|friends|everyone|staff|mum|dad|us|them))"
            # ... one word of any shape in quotation marks, a few words or a line on ('the family called "KK"', 'known to
            # the family as\n"Immy"', 'calls his nephew Mark Henshaw "Marky"')
            r"|\b(?i:call(?:s|ed|ing)?|known(?:[ \t]+to[ \t]+[^\"\u201c\n.;]{1,30}?)?[ \t]+as|nicknamed|name[ \t]+as)[ \t]*\n?[ \t]*"
            r"(?:[^\"\u201c\n.;]{0,40}?[ \t])?[\"\u201c](?P<quoted>[A-Z][\w'\u2019\-]{1,20})[\"\u201d]", re.M)
        # the relative a name is called by: 'calls her sister "Paul"'
        self._called_kin = re.compile(rf"(?i:\b(?:his|her|their|my|our)[ \t]+(?:(?:big|little|older|younger|elder|eldest|twin)[ \t]+)?"
                                      rf"(?P<rel>{r.relation_re}))\b(?!['\u2019]s\b)")
        # chat exports: "[08/02/2024, 07:15] tommo: ok ta" - the speaker is a person, in any case
        # ... and as Android exports them: "05/11/2024, 21:02 - rhod: home safe"
        self._chat_speaker = re.compile(r"^(?:\[[0-9/.\-]{6,10},?[ \t]+[0-9:]{4,8}(?:[ \t]*[AaPp][Mm])?\]"
                                        r"|[0-9]{1,2}/[0-9]{1,2}/[0-9]{2,4},[ \t]+[0-9]{1,2}:[0-9]{2}(?:[ \t]*[AaPp][Mm])?[ \t]+[-\u2013](?=[ \t]+[^\n:]{2,30}:))"
                                        r"[ \t]*(?P<name>[^\n:\[\]]{2,30}?):", flags)
        # Thomas "Tommo" Atherton: the whole is one person's name
        self._quoted_nick = re.compile(
            rf"(?P<name>{TITLE_WORD}[ \t]{{1,2}}[\"\u201c\u2018'](?P<nick>{TITLE_WORD})[\"\u201d\u2019'][ \t]{{1,2}}(?:{TITLE_WORD}[ \t]{{1,2}})?{NAME_WORD})")
        # a nickname quoted in brackets straight after a name: 'HAMEED, Mohammed ("Big Mo")', 'Craig Llewellyn
        # ("Taff", CL)', 'ASANTE-MORROW  Kwabena   (prefers "Kobby")', an OCR'd 'PEREIRA ( " Quim " )', one on the next line
        self._bracket_nick = re.compile(
            rf"(?:{NAME_WORD}|{UPPER_WORD}|(?<=[{LO}][ \t])[{UP}]-[{UP}]\.?),?(?:[ \t]{{1,3}}|[ \t]*\n[ \t]{{0,8}})\([ \t]*(?i:(?:prefers|known as|called|aka)[ \t]+)?[\"\u201c][ \t]?(?P<nick>[{UP}][\w'\u2019\-]*(?:[ \t][\w'\u2019\-]+){{0,3}})[ \t]?[\"\u201d][ \t]*(?:,[^)\n]{{0,40}})?\)")
        # a meeting transcript's speaker line: a name (either order), perhaps its organisation, and a timestamp
        # ("al-Rashid, Hamid (Eden Valley NHS FT)   0:00:44")
        self._speaker_time = re.compile(
            rf"^[ \t]*(?P<name>(?:{NAME_WORD},[ \t]*)?{NAME_WORD}(?:[ \t]+{NAME_WORD}){{0,2}})(?:[ \t]+\([^)\n]{{1,60}}\))?"
            rf"[ \t]+\d{{1,2}}:\d{{2}}(?::\d{{2}})?[ \t]*$", flags)
        # a system user name given as such: "(user: tjamalevans)", "Login: kwood2"
        self._user_name = re.compile(r"\b(?i:user(?:[ \t]?name)?|login|user[ \t]?id)[ \t]*[:=][ \t]*(?P<u>[a-z][a-z0-9._\-]{3,30})\b")
        # an online name (a gamer tag, a chat handle): after its cue, quoted or not ('(username "KwamzTheGreat")',
        # "gamertag: SkyFallz99"), quoted before the console or app it is used on ('"SkyFallz99" on pt's console'), or
        # "as" a handle shaped like one (letters with digits or an underscore, or run-together capitals) in a line
        # about gaming or chat ("on a train sim server as tr3gear_rail", "FIFA online: K as KwamzTheGreat")
        handle = r"[A-Za-z][A-Za-z0-9_.\-]{2,29}[A-Za-z0-9_]"
        self._handle = re.compile(
            rf"\b(?i:user[ \t]?name|gamer[ \t]?tag|gamertag|handle|screen[ \t]?name|online[ \t]+name|psn[ \t]+(?:id|name)|xbox[ \t]+(?:name|tag))"
            rf"[ \t]*(?:(?i:is|was)[ \t]+|[:=][ \t]*)?[\"\u201c']?(?P<a>{handle})[\"\u201d']?(?![\w@])"
            rf"|[\"\u201c](?P<b>{handle})[\"\u201d][ \t]+(?i:on|in)[ \t]+(?:[\w']+[ \t]+){{0,2}}?"
            rf"(?i:console|xbox|playstation|ps[45]|switch|discord|steam|roblox|minecraft|fortnite|twitch|snapchat|instagram|tiktok|whatsapp|game|server)\b"
            rf"|\bas[ \t\n]+[ \t]*(?P<c>{handle})(?![\w@])")
        self._gaming = re.compile(r"(?i)\b(?:gam(?:e|es|ing|er)|online|server|console|xbox|playstation|ps[45]|discord|steam|fifa|minecraft|"
                                  r"roblox|fortnite|twitch|voice chat|chat|username|handle|tag)\b")
        # "MW (Maria Wojcik)", "KS (K Shaw RN)": initials with the name they stand for
        self._initials_paren_name = re.compile(
            rf"(?P<ini>{_INI})[ \t]*\((?:(?:{r.title_re})\.?[ \t]+)?(?P<name>{seq})(?:[ \t]+{_GRADES})?(?:,[^)\n]{{0,40}})?\)")
        # "Maria Wojcik (MW)", "Robin Achebe, safeguarding manager (RA)", "Marcia Ferguson-Lewis (MF-L)"
        self._paren_initials = re.compile(rf"(?P<name>{seq}(?:[ \t]{INITIAL})?)(?:[ \t]+[A-Z]{{2,4}})?(?:,[ \t]*[A-Za-z][A-Za-z \-]{{2,40}}?)?,?[ \t]*\((?P<ini>{_INI}(?:-[{UP}]{{1,2}})?)(?:,[ \t]*[a-z][a-z \-]{{1,30}})?\)")
        # a signature key without a sign between: "RB Rebecca Brannigan (senior); AO Adaeze Okafor; mk Mark Kelleher"
        self._key_plain = re.compile(rf"(?:^|[;,]|\b(?i:key|codes?|legend|staff|signatures?|initials|team)\b:?)[ \t]*(?P<ini>[{UP}{LO}]{{2,3}})[ \t]+(?P<name>{seq})(?=[ \t]*(?:[;,(]|$))", flags)
        # a key of clinicians across a table's bars, their initials as written: "Clinicians: HS Dr Harjit S. Sandhu GMC 7265031 |
        # DBa Dawn Baker HCA | EMacP Dr Eilidh MacPherson"
        self._key_bars = re.compile(rf"(?:^(?=[^\n]*\|)|\|)[ \t]*(?:(?i:clinicians|staff|key|users|authors|signatures|initials)[ \t]*:[ \t]*)?"
                                    rf"(?P<ini>[{UP}][{UP}{LO}]{{1,4}})[ \t]+(?:(?:{r.title_re})\.?[ \t]+)?(?P<name>{seq})(?=[ \t]|$)", flags)
        # the owner of an action by first name ("; Patience to arrange with team leader"), and a
        # nickname with the real name after it ("Sunny (her real name is Sunita Rathore)")
        self._action_owner = re.compile(
            rf"(?:^|[;:]|\b(?i:actions?)\b:?)[ \t]*(?:\d{{1,2}}[.)][ \t]*|[-\u2022*][ \t]+)?(?P<name>{TITLE_WORD})[ \t]+(?:to|will)[ \t]+(?i:{_ACTION_VERBS})\b", flags)
        # a first name that is also a word, placed by where the person works: "Summer from the agency
        # noticed it first", "Joy the day centre manager called 999", "Faith from the crew says"
        self._name_from = re.compile(
            rf"(?:^|(?<=[.!?][ \t])|(?<=[.!?][ \t]{{2}}))(?P<name>{TITLE_WORD})"
            rf"(?:[ \t]+(?:from|at)[ \t]+(?:the[ \t]+)?[A-Za-z][\w'\- ]{{1,30}}?|,?[ \t]+the[ \t]+(?:[a-z\-]+[ \t]+){{0,3}}"
            rf"(?:manager|nurse|carer|worker|keyworker|driver|cook|co-?ordinator|lead|officer|therapist|doctor|paramedic|"
            rf"receptionist|administrator|assistant|volunteer|chaplain|teacher|tutor|housekeeper|cleaner),?)"
            rf"[ \t]+(?:says|said|rang|called|noticed|phoned|came|visited|told|asked|texted|e-?mailed|wrote|reported|spotted|found|saw)\b"
            # ... or anywhere, placed in a service: "He asked for Mark from the day centre"
            rf"|(?<=[ \t])(?P<name2>{TITLE_WORD})[ \t]+from[ \t]+the[ \t]+(?:[a-z]+[ \t]+){{0,2}}(?:day[ \t]+centre|centre|home|team|"
            rf"agency|practice|surgery|ward|office|crew|church|chapel|mosque|temple|gurdwara|college|school|club|group|"
            rf"pharmacy|hospice)\b", flags)
        # an unlisted word that no dictionary knows, as the subject of what only a person does: "Hamoudi passed
        # away at 06:40", "Kobi was admitted"
        # a first name and a surname's initial after "by", "for", a field's colon or at a line's start ("signed for by Amber
        # S.", "Raised by: Sandy M - amlodipine missing", "Subject: FW: Robin M - choking"); not "Vitamin D", "Group A"
        self._first_and_initial = re.compile(rf"(?<![\w'\u2019\-.])(?P<name>[{UP}][\w'\u2019\-]+[ \t][{UP}])(?:\.|(?=[ \t]*(?:[-\u2013,;)]|$)))", flags)
        # ... and what a colleague or relative does: "Marisol gave back blows", "1am, Jasmine gave him some Oramorph",
        # "Ioana will sort the rota", "Will is here now" (a first name that is also a word: see _person_subjects)
        self._person_subject = re.compile(
            rf"(?<![\w'\u2019\-])(?P<name>[{UP}][\w'\u2019\-]+)[ \t]+(?:passed[ \t]away|died|was[ \t]admitted|"
            rf"is[ \t]asking|was[ \t]asking|sounded|smiled|laughed|cried|(?P<acts>{_ACTS}))\b", flags)
        self._real_name = re.compile(rf"(?P<name>{TITLE_WORD})[ \t]*\([ \t]*(?i:(?:his|her|their|my)[ \t]+)?(?i:real|full|proper|actual)[ \t]+name\b")
        # e-mail headers give names surname first: "From: Fairbanks, Joy", "To: Lloyd-Evans, Sian; Roi Team", and a shared
        # mailbox's sender: "From: PALS <pals@example.nhs.uk> On Behalf Of Barraclough, Will"
        self._mail_header = re.compile(rf"(?:^[ \t>]*|(?<=>)[ \t]+)(?i:(?:from|to|cc|bcc|sent[ \t]+by|reply-to)[ \t]*:|on[ \t]+behalf[ \t]+of\b[ \t]*:?)"
                                       rf"[ \t]*(?P<items>[^\n]+)$", flags)
        # a staff key: "Key: MK = Mark Kowalski; PC = Precious Chikwanha (team leader)"
        self._key_entry = re.compile(rf"(?:^|[;:,]|\bkey\b|(?<=[.)])[ \t]{{2,}})[ \t]*(?P<ini>{_INI})[ \t]*=[ \t]*(?P<name>{seq})", flags | re.I)
        # a specimen-signatures table: initials in one column, the name in the next ("PM      Priya Madhavan     Support worker")
        self._initials_column = re.compile(rf"^[ \t]*(?P<ini>[{UP}]{{2,4}})(?:[ \t]{{2,}}|\t)(?P<name>{seq})(?=[ \t]{{2,}}|\t|[ \t]*$)", flags)
        self._initials_dash_name = re.compile(rf"^[ \t]*(?P<ini>{_INI})[ \t]*[-\u2013=:][ \t]*(?P<name>{seq})", flags)
        self._before_phone = re.compile(rf"(?P<name>{seq})[ \t]*[:\-\u2013(]?[ \t]*(?={_PHONE_START.pattern})")
        # "MR" in capitals before a lower-case word is modified release ("melatonin 4 mg MR nocte")
        self._lower_title = re.compile(r"\b(?!MR\b)(?i:dr|mr|mrs|ms|miss|nurse)\.?[ \t]+(?P<name>[a-z][a-z'\-]{2,})\b")
        self._lower_rel_after = re.compile(rf"(?<![\w@.'\u2019\-])(?P<n>[a-z][a-z'\u2019\-]{{1,15}})[ \t]*\(\s*"
                                           rf"(?:(?:his|her|their|my|our|[a-z]+['\u2019]s)\s+)?(?P<rel>{r.relation_re}|support)\s*\)")
        self._lower_name = re.compile(r"(?<![\w@.\-])(?P<name>[a-z][a-z'\-]{2,}(?:[ \t]+[a-z](?![\w@]))?)(?![\w@\-])")
        self._cap_seq = re.compile(rf"(?<![\w{APOS}\-])(?P<name>{seq})(?![\w])")

    # -- helpers -------------------------------------------------------------------
    def _is_name_word(self, word: str) -> bool:
        return is_name_word(word, self.lex, self.rules)

    def protected(self, text: str) -> list[tuple[int, int]]:
        """Spans of phrases that are never names ("Wilson's disease", "Marie Curie", "Parkinson's"), and the codes
        a chart or rota defines in its key wherever they stand in the note ("AL annual leave | TR training")."""
        out = [m.span() for m in self.lex.phrases.finditer(text)] if self.lex.phrases else []
        # (a staff key of lower-case first names, "TW = tomek, JJ = jas", gives initials, not codes: NameFinder._key_first_names)
        codes = legend_codes(text)
        codes -= {text[c.start : c.end] for c in self._key_first_names(text) if "key" in c.flags} if codes else set()
        if codes:
            alternation = "|".join(re.escape(c) for c in sorted(codes, key=len, reverse=True))
            # (not a letter that is someone's initial before their surname: "H. Szymańska", "H.Liddell")
            out += [m.span() for m in re.finditer(rf"(?<![\w'\u2019\-.])(?:{alternation})(?![\w'\u2019\-]|[ \t]?\.[ \t]?[A-Z])", text)]
        return out

    def _first_then_place(self, before: str, after: str) -> bool:
        """"Natalie Jory, Trelawney Court": a first name and surname before the comma, and after it
        no first name but a word that ends places ("Court", "House", "Surgery")."""
        words, rest = before.split(), after.split()
        return len(words) == 2 and normalise(words[0]) in self.lex.first and bool(rest) and \
            normalise(rest[0]) not in self.lex.first and normalise(rest[-1]) in self._place_ends

    def _clean(self, text: str, start: int, end: int) -> tuple[int, int] | None:
        """Trim words that are not names from both ends (headings, drugs, "Ward", "Known").

        An ordinary word straight after a known first name stays ("Lorraine Pickles");
        further out it must be a listed surname or not an ordinary word.
        """
        words = [(m.start() + start, m.end() + start, m.group()) for m in _TOKEN.finditer(text[start:end])]
        while words and not self._is_name_word(words[0][2]) and not (len(words[0][2].rstrip(".")) == 1 and len(words) > 1) \
                and not (words[0][2] in _NAME_PREFIXES and len(words) > 1) \
                and not (len(words) > 1 and self._forename_upper_surname(words[0][2], [w[2] for w in words[1:]])) \
                and not (len(words) > 1 and self._capital_first_name(words[0][2], words[1][2])):
            words.pop(0)
        while len(words) > 1 and not self._keep_last(words):
            words.pop()
        if len(words) == 1 and not self._is_name_word(words[0][2]):
            return None
        if not words or all(len(w[2].rstrip(".")) == 1 for w in words):
            return None  # initials alone are not a name here
        return words[0][0], words[-1][1]

    def _forename_upper_surname(self, first: str, rest: list[str]) -> bool:
        """A forename with a SURNAME in capitals, as records write names ("Annelies DE GROOT", "Non PRYS"): the
        surname is no ordinary word, acronym or abbreviation, and the forename no title or role (a listed forename
        that is also a listed non-name, the Welsh "Non", counts here)."""
        last = rest[-1]
        surname_ok = last.isupper() and len(last) >= 3 and normalise(last) not in self.lex.english \
            and last not in self.lex.acronyms and normalise(last) not in self.lex.abbreviations \
            and normalise(last) not in self.lex.not_names and all(w.isupper() for w in rest) \
            and bool(re.search(r"[AEIOUY]", last))  # "Hollinsfield CTPLD": a team's letters, not a surname
        key = normalise(first)
        if key not in self.lex.first and _PLACE_ENDING.search(first):
            return False  # "Hollinsfield", "Ashbury": a place
        forename_ok = key in self.lex.first and first not in self.rules.titles and key not in self.rules.relations \
            or could_be_name(first, self.lex, self.rules) and key not in self.lex.not_names
        return surname_ok and first[:1].isupper() and first[1:].islower() and len(first) >= 3 and forename_ok

    def _capital_first_name(self, first: str, second: str) -> bool:
        """A first name that is also an acronym, in capitals before a listed surname: "AMBER FYFE"."""
        return first.isupper() and len(first) > 2 and normalise(first) in self.lex.first and second.isupper() \
            and normalise(second) in self.lex.surnames and second not in self.lex.acronyms

    def _keep_last(self, words: list[tuple[int, int, str]]) -> bool:
        last = words[-1][2]
        if len(last.rstrip(".")) == 1:
            return True  # "Marta N", "Dean Y."
        if self._is_name_word(last):
            return True
        lex = self.lex
        after_first = len(words) == 2 and normalise(words[0][2]) in lex.first
        after_initial = len(words) == 2 and len(words[0][2].rstrip(".")) == 1 and words[0][2].endswith(".")  # "K. SCORER"
        return could_be_name(last, lex, self.rules) and (after_first or after_initial or normalise(last) in lex.surnames)

    def clean(self, text: str, cands: list[Candidate]) -> list[Candidate]:
        """Model candidates, trimmed of words that are not names and kept only when they read as names.

        Statistical models mark many capitalised words they have not seen (brand names
        such as "Vicryl", eponyms such as "Scarpa", surnames used for devices such as
        "Foley") as names. A model's single word is kept only when it is a listed first name
        and no ordinary word; two or more words when one is a listed name or none is an
        ordinary English word ("Dervla O'Dowd").
        """
        out: list[Candidate] = []
        lex = self.lex
        towns = {m["town"] for m in TOWN_BEFORE_POSTCODE.finditer(text)} if cands else set()
        for c in cands:
            span = self._clean(text, c.start, c.end)
            if not span or is_eponym(text, *span, self.rules):
                continue
            if _FAITH_FIELD.search(text, max(0, span[0] - 40), span[0]) or after_place_field(text, span[0]):
                continue  # "Religion | Christian (Pentecostal)": a faith, not a man called Christian; "Ward: Clifton 3"
            cut = re.search(r"[ \t]+[A-Z]{1,2}\d", text[span[0] : span[1] + 3])
            if cut and POSTCODE_NEXT.match(text, span[0] + cut.start()):
                span = (span[0], span[0] + cut.start())  # "Kingsley Heath JW11": the model ran into the postcode
            if POSTCODE_NEXT.match(text, span[1]) or text[span[0]:span[1]] in towns or (
                    _TOWN_AFTER_PLACE.search(text, max(0, span[0] - 40), span[0]) and _TOWN_ENDS.match(text, span[1])):
                continue  # "Carrick Bridge" / "WX7 3LN": an address's town, before its postcode, or named again, or after
                # its organisation ("Funeral Service, Chester, 01632 ...")
            words = [w for w in tokens(text[span[0] : span[1]]) if len(w.rstrip(".")) > 1]
            keys = [normalise(w) for w in words]
            if len(words) == 1:
                # alone, only a listed first name that is no ordinary word ("Foley", "Berry", "LAD" are not)
                ok = keys[0] in lex.first and keys[0] not in lex.english and not words[0].isupper()
            else:
                ok = any(k in lex.first or k in lex.surnames or k in lex.nicknames for k in keys) \
                    or not any(k in lex.english for k in keys)
            if ok:
                # a spaced dash parts two names, never one ("Dr Qureshi - Tracey took her passport"): one mention each
                out += [Candidate(span[0] + a, span[0] + b, c.label, c.score, c.source, c.role, list(c.flags))
                        for a, b in _dash_pieces(text[span[0]:span[1]])]
        return out

    def model_lines(self, text: str) -> list[tuple[int, str]]:
        """The lines worth showing a name model: those with a capitalised word that is a listed
        name or not an ordinary English word. Other lines cannot yield a span that
        :meth:`clean` keeps, so skipping them saves most of the model's time."""
        lex = self.lex
        out = []
        pos = 0
        for line in text.split("\n"):
            for w in _CAP_WORD.findall(line):
                k = normalise(w)
                if k in lex.first or k in lex.surnames or k not in lex.english:
                    out.append((pos, line))
                    break
            pos += len(line) + 1
        return out

    def _add(self, out: list[Candidate], text: str, start: int, end: int, score: float, source: str,
             role: str | None) -> None:
        span = self._clean(text, start, end)
        if span and " " not in text[span[0]:span[1]] and normalise(text[span[0]:span[1]]) in self.lex.english \
                and re.match(r"[ \t]+\d", text[span[1]:span[1] + 3]):
            return  # "Staff Nurse, Ward 31", "Sister, Bay 4": a place with its number
        if span and span[1] < end and self._place_trimmed(text[start:end], text[span[0]:span[1]]):
            return  # "cc: Harthope House": a place whose last word was trimmed, not a person called Harthope
        if span:
            out.append(Candidate(span[0], span[1], "PERSON", score, source, role))

    def _first_name_after_surname(self, first: str, second: str) -> bool:
        """Two words after a title where the first is no first name and the second is one and no surname
        ("Dr Lindqvist Beth"): a new sentence's subject follows the title's name, not a full name."""
        a, b = normalise(first), normalise(second)
        return (a not in self.lex.first and a not in self.lex.nicknames and b in self.lex.first
                and b not in self.lex.surnames and not second.isupper() and not first.isupper())

    def _named_as_place(self, text: str, name: str) -> bool:
        """A name ending in a place word that the note elsewhere calls a place: "Holly Ward 01632 960780" after
        "on Holly Ward at the General" is the ward's number, not a person's."""
        words = tokens(name)
        # (or a ward with its side room, bay or bed after it: "Chester Ward, Side Room 3", "Chester Ward SR3")
        return len(words) > 1 and normalise(words[-1]) in self._place_ends and bool(re.search(
            rf"(?i:\b(?:on|to|onto|from|at|in|ward|loc(?:ation)?|place(?:[ \t]+of[ \t]+death)?)\b)[ \t]*:?[ \t]+{re.escape(name.strip())}\b"
            rf"|\b{re.escape(name.strip())}[ \t]*,?[ \t]+(?i:SR[ \t]?\d|side[ \t]+room|bay|bed|room)\b", text))

    def _place_trimmed(self, raw: str, kept: str) -> bool:
        words, first = raw.split(), tokens(kept)
        return bool(words and first) and normalise(words[-1]) in self._place_ends and \
            normalise(first[0]) not in self.lex.first

    def _speaker_question(self, text: str, m: re.Match[str]) -> bool:
        """The "name" after a speaker's label is a word opening their question ("MUM: Will you put that ...")."""
        return " " not in m["name"].strip() and normalise(m["name"]) in self.lex.english \
            and bool(_QUESTION_AFTER.match(text, m.end("name")))

    def _role_of(self, rel: str | None) -> str | None:
        if not rel:
            return None
        return self.rules.relations.get(" ".join(rel.lower().split()))

    # -- rules ---------------------------------------------------------------------
    def find(self, text: str, kind: str = "other") -> list[Candidate]:
        """Name candidates in ``text``, except letters the note itself defines as an abbreviation of ordinary words
        ("QUALIFIED ATTENDING PRACTITIONER (QAP)": "completed by QAP" is no one's initials there)."""
        found = self._find(text, kind)
        found += self._coordinated(text, found)
        found += self._mentioned(text) if "@" in text else []
        found += self._pet_names(text)
        found += self._lone_names(text)
        capitals = {text[c.start:c.end] for c in found if 2 <= c.end - c.start <= 5 and text[c.start:c.end].isupper()}
        defined = self._defined_abbreviations(text) & capitals if capitals and "(" in text else set()
        # ... nor how often a medicine is given after its dose ("100 micrograms OM (GP, MAR)": no one called OM)
        return [c for c in found if text[c.start:c.end] not in defined
                and not (text[c.start:c.end] in DOSING and dose_before(text, c.start))] if capitals else found

    def _coordinated(self, text: str, found: list[Candidate]) -> list[Candidate]:
        """A first name that is also a word, or a capitalised word no list knows, listed beside a name found
        ("Outgoing: Amber (shift lead), Mehmet, Siobhán", "double-signed by Amber and Mehmet", "Jayden and Malachi")."""
        out: list[Candidate] = []
        taken = {(c.start, c.end) for c in found}
        for c in found:
            surface = text[c.start:c.end]
            if c.label != "PERSON" or c.score < 0.75 or surface.isupper() or not surface[:1].isupper():
                continue  # (initials beside a word are no list of people: "AN and Will")
            spans = []
            if m := _COORD_LEFT.search(text, max(0, c.start - 60), c.start):
                spans.append((*m.span("n"), "," in text[m.end("n"):m.end()]))
            if m := _COORD_RIGHT.match(text, c.end):
                spans.append((*m.span("n"), "," in text[c.end:m.start("n")]))
            for start, end, comma in spans:
                if (start, end) not in taken and self._listed_beside_name(text, start, end, comma):
                    taken.add((start, end))
                    out.append(Candidate(start, end, "PERSON", 0.8, "name.coordinated", None, ["given_names"]))
        return out

    def _never_a_name(self, word: str, key: str) -> bool:
        """A relation, a title or a word the lists say is no name ("mum", "Dr", "Carols")."""
        return key in self.rules.relations or word in self.rules.titles or key in self.lex.not_names

    @staticmethod
    def _calendar_word(key: str) -> bool:
        """A month or a day of the week, whole or short ("May", "Tues", "Sundays")."""
        return key in MONTH_WORDS or weekday_word(key)

    def _mentioned(self, text: str) -> list[Candidate]:
        """Someone a group chat's message mentions: "999 called 03:55 @Jade", "@Tunde can you ring" (not an e-mail)."""
        out = []
        for m in _MENTION.finditer(text):
            key = normalise(m["n"])
            if self._never_a_name(m["n"], key):
                continue
            if key in self.lex.first or key in self.lex.nicknames or key not in self.lex.english:
                out.append(Candidate(*m.span("n"), "PERSON", 0.85, "name.mention", None, ["given_names"]))
        # the owner of an e-mail address named in it ("confirm to Brook by e-mail (brook.nance@example.com)"): the first
        # name just before it, and the whole name wherever it stands, even a first name that is a word
        for m in _EMAIL_NAMES.finditer(text):
            first, last = m["f"], m["l"]
            key = normalise(first)
            surname = normalise(last) in self.lex.surnames or normalise(last) not in self.lex.english
            if not (key in self.lex.first or key in self.lex.nicknames or key not in self.lex.english or surname) \
                    or self._never_a_name(first, key) or self._never_a_name(last, normalise(last)):
                continue  # "neurology.secretaries@", "complaints.team@": a department's address
            whole = re.compile(rf"\b(?:{first[:1].upper()}{re.escape(first[1:])}|{re.escape(first.upper())})[ \t]+"
                               rf"(?:{last[:1].upper()}{re.escape(last[1:])}|{re.escape(last.upper())})\b")
            out += [Candidate(*w.span(), "PERSON", 0.9, "name.email_owner", None) for w in whole.finditer(text)]
            near = re.compile(rf"\b{first[:1].upper()}{re.escape(first[1:])}\b")
            for w in near.finditer(text, max(0, m.start() - 80), m.start()):
                if not re.match(r"[ \t]+[A-Z]", text[w.end():w.end() + 2]):
                    out.append(Candidate(*w.span(), "PERSON", 0.9, "name.email_owner", None, ["given_names"]))
        return out

    def _key_first_names(self, text: str) -> list[Candidate]:
        """A staff key that gives first names only, in any case ("staff key: TW = tomek, JJ = jas (nights), AS = amber"):
        where three or more entries start with their initials' first letter, every such entry is a colleague and their
        initials are their signature."""
        out = []
        for key in re.finditer(r"(?i)\b(?:staff[ \t]+)?key\b[ \t]*:?", text):
            pairs = []
            for m in self._key_entry.finditer(text, key.start(), min(len(text), key.end() + 400)):
                one = m["name"].split()
                gap = text[pairs[-1].end() if pairs else key.end() : m.start()]
                if not re.fullmatch(r"[ \t]*(?:\([^()\n]{1,30}\))?[ \t]*[,;]?[ \t]*\n?[ \t]*", gap) or len(one) != 1:
                    break  # the key's entries follow one another, perhaps with a note ("(nights)")
                pairs.append(m)
            fits = [m for m in pairs if m["ini"][0].lower() == m["name"][0].lower()]
            if len(fits) >= 3 and len(fits) >= 0.75 * len(pairs):
                for m in fits:
                    if not self._never_a_name(m["name"], normalise(m["name"])):
                        out.append(Candidate(*m.span("name"), "PERSON", 0.9, "name.with_initials", None))
                    out.append(Candidate(*m.span("ini"), "PERSON", 0.9, "name.with_initials", None, ["signature", "key"]))
        return out

    def _pet_names(self, text: str) -> list[Candidate]:
        """What the family call the person: "still calls him her KitKat", and in their own quoted words a name no list
        knows after "my" or "our" ('"how is my Bubba today"'; not "my GP", "my Nan", "my Xmas list")."""
        out = []
        for m in _PET_NAME.finditer(text):
            group = "n" if m["n"] else "q"
            word = m[group]
            if not self._could_be_nickname(word):
                continue
            if m["q"] and (normalise(word) in self.lex.english or normalise(word) in self.lex.words
                           or not self._in_quote(text, m.start("q"))):
                continue
            out.append(Candidate(*m.span(group), "PERSON", 0.85, "name.pet_name", None, ["given_names"]))
        return out

    def _could_be_nickname(self, word: str) -> bool:
        """A word someone could be called by, whatever its shape ("KitKat", "KK"): not a phrase or word the lists say is
        never a name, not a month or day, not an acronym or abbreviation."""
        key = normalise(word)
        return not (self._never_a_name(word, key) or self._calendar_word(key) or word in self.lex.acronyms
                    or key in self.lex.abbreviations)

    def _lone_names(self, text: str) -> list[Candidate]:
        """A name with nothing beside it that its shape or its brackets give away: a surname in capitals after Mc or Mac
        ("Alder B3-4 McALINDEN - MFFD"), a listed surname in capitals or a listed first name alone in brackets
        ("Beech SR2 (FERREIRA)", "speaking to NIC (Marisol)"), never a word, a place, a month or an abbreviation; whom
        someone lives with by a listed first name ("lives with Bill")."""
        out = []
        for m in _LONE_NAME.finditer(text):
            group = "mc" if m["mc"] else "b" if m["b"] else "w"
            word = m[group]
            key = normalise(word)
            if m["w"]:
                # whom the person lives with, by a first name the lists know, even one that is a word ("lives with Bill");
                # not a month ("lives with May" is read as neither), a relation or a place
                if key not in self.lex.first or self._never_a_name(word, key) or self._calendar_word(key) \
                        or key in self.rules.places_after or self.rules.place_after_name.match(text, m.end("w")):
                    continue
            elif m["b"]:
                listed = key in self.lex.surnames if word.isupper() else key in self.lex.first
                if not listed or key in self.lex.english or key in self.lex.words or self._never_a_name(word, key) \
                        or self._calendar_word(key) or word in self.lex.acronyms or key in self.lex.abbreviations \
                        or key in self.rules.places_after or key in _COLUMN_ROLES:
                    continue  # (not a clinician column's role: "(Loc)")
            elif is_eponym(text, m.start("mc"), m.end("mc"), self.rules) or key in self.lex.not_names:
                continue
            out.append(Candidate(*m.span(group), "PERSON", 0.8, "name.lone", None))
        return out

    @staticmethod
    def _in_quote(text: str, at: int) -> bool:
        """Inside a quotation that opened on the same line."""
        line = text[text.rfind("\n", 0, at) + 1 : at]
        return line.count('"') % 2 == 1 or line.count("\u201c") > line.count("\u201d")

    def _listed_beside_name(self, text: str, start: int, end: int, comma: bool) -> bool:
        word, lex = text[start:end], self.lex
        key = normalise(word)
        if self._never_a_name(word, key) or self._calendar_word(key) or key in self.rules.places_after:
            return False
        if self.rules.place_after_name.match(text, end):
            return False  # "Mehmet and Rose Court", "Ana and Hope Street": a place
        if re.match(r"[ \t]*:", text[end:end + 3]) or after_place_field(text, start):
            return False  # a field's label after a name ("Name: Ruth Ellery, Faith: Christian"), a place field's value
        if POSTCODE_NEXT.match(text, end) or any(a <= start < b for a, b in town_spans(text)):
            return False  # "Stafford Street, Dudley DY1 4QP": a town before its postcode
        if key in lex.first or key in lex.nicknames:
            return True
        # a word no list knows, joined by "and", "&" or "+" in mid-sentence ("Jayden and Malachi come on Saturdays"),
        # not after a comma, where places and job titles are listed as often as people ("in Hargeisa, Sahra";
        # "May Thornton, Appointeeship Officer"), nor after a word that places it ("lives in Ancoats and ...")
        return not comma and len(key) >= 4 and key not in lex.english and key not in lex.words \
            and key not in lex.abbreviations and word not in lex.acronyms \
            and not re.search(r"(?:^|[.!?:]\s+)\Z", text[max(0, start - 3):start]) \
            and not re.search(r"(?i)\b(?:in|at|near|from|to|of|around|outside|via)[ \t]+\Z", text[max(0, start - 10):start])

    def _defined_abbreviations(self, text: str) -> set[str]:
        out = set()
        # (the bracketed letters first, then the words before them: far quicker than trying the words everywhere)
        for m in _DEFINED_LETTERS.finditer(text):
            ini = m["ini"]
            before = _DEFINITION_WORDS.search(text, max(0, m.start() - 120), m.start())
            words = before.group().split()[-len(ini):] if before else []
            if len(words) == len(ini) >= 2 and "".join(w[0].upper() for w in words) == ini \
                    and all(normalise(w) in self.lex.english for w in words):
                out.add(ini)
        return out

    def _find(self, text: str, kind: str) -> list[Candidate]:
        out: list[Candidate] = []
        r = self.rules
        # a doctor or nurse known only by initials ("Dr A wants a proper talk", "(Dr PA)", "GP review (Dr NO)")
        for m in _TITLE_INITIALS.finditer(text):
            out.append(Candidate(*m.span("ini"), "PERSON", 0.85, "name.title_initials", r.titles.get(m["title"])))
        for m in self._title.finditer(text):
            role = r.titles.get(m["title"])
            if m["title"] != "Father" and _faith_title(text, m["title"], m.start(), m.end()):
                role = None  # "Sister Pearl" of the church is neither a nurse nor family ("Father" is a faith leader)
            start, end = m.span("name")
            if re.match(r"[ \t]*:", text[end : end + 3]) and re.search(r"[ \t]{2}|\t", text[m.end("title") : start]):
                continue  # a job title, then a wide gap and a field's label: "Liaison Nurse    Org: Avonmere Royal"
            words = list(re.finditer(r"\S+", m["name"]))
            cut = len(words) == 2 and self._first_name_after_surname(words[0].group(), words[1].group())
            if cut:
                end = start + words[0].end()  # "I told Dr Lindqvist Beth coughs": the doctor, then the person
            added = len(out)
            self._add(out, text, start, end, 0.95, "name.title", role)
            for c in out[added:]:
                if cut:
                    c.flags.append("exact")
                if m["particle"] and c.start == m.start("name"):
                    c.start = m.start("particle")  # "Dr (J.) van der Berg": the particle is part of the surname
                first = re.match(r"([A-Z][a-z]{2,})[ \t]+\Z", text[start:c.start])
                key = normalise(first[1]) if first else ""
                if first and key in self.lex.english and key not in self.lex.abbreviations \
                        and not self._never_a_name(first[1], key) and not self._calendar_word(key):
                    c.start = start  # "Rev. Euros Jenkins": after a title, the word before the surname is a first name
            tail = self._field_tail.match(text, end) if not cut and len(words) == 1 and out[added:] else None
            if tail and (nick := tail["nick"] or tail["qnick"]) and (normalise(nick) in self.lex.first or normalise(nick) in self.lex.nicknames) \
                    and not any(normalise(w) in r.relations or w in r.titles for w in tail["name"].split()):
                # "Mrs Patricia (Pat) Okonedo": the name she goes by, then the surname of the titled first name
                out.append(Candidate(*tail.span("nick" if tail["nick"] else "qnick"), "PERSON", 0.9, "name.title", role))
                joined = len(out)
                self._add(out, text, *tail.span("name"), 0.9, "name.title", role)
                if len(out) > joined:
                    out[added].flags.append("given_names")
                    out[-1].flags.append("family_name")
        roles: list[tuple[int, int]] = []  # the bracketed role of a clinician column ("(Loc)") is no one's name
        for m in _SIGNATURE_BLOCK.finditer(text):
            words = m["name"].split()
            if _SIGNATURE_ROLE.search(m["role"]) and not re.search(rf"(?i)\b(?:{r.relation_re})\b", m["name"]) and all(
                    could_be_name(w, self.lex, r) and (normalise(w) not in self.lex.english or normalise(w) in self.lex.first)
                    for w in words):
                self._add(out, text, *m.span("name"), 0.9, "name.signature", None)  # "Temi" / "LeDeR Reviewer" / "Tel: ..."
        for m in _ROOM_RESIDENT.finditer(text):
            key = normalise(m["name"])
            if (key in self.lex.first or key in self.lex.nicknames) and m["name"] not in r.titles and key not in r.relations:
                out.append(Candidate(*m.span("name"), "PERSON", 0.85, "name.resident_room", None))  # "Joy (rm 14) sat with him"
        for m in self._surname_initial_role.finditer(text):
            surname, role = m["name"].split()[0], " ".join(m["role"].lower().replace(".", " ").split())
            known_role = role in r.relations or m["role"] in r.titles or role in _COLUMN_ROLES or re.fullmatch(_GRADES, m["role"])
            if known_role and normalise(surname) not in self.lex.english and surname not in self.lex.acronyms \
                    and normalise(surname) not in self.lex.abbreviations:
                out.append(Candidate(*m.span("name"), "PERSON", 0.9, "name.title", self._role_of(role)))
                roles.append(m.span("role"))
        for m in self._rel_before.finditer(text):
            # "mum, Jean" but not "Nurse, Hartwell Community Team": after a separator the
            # name must start with a known first name
            known_first = normalise(tokens(m["name"])[0]) in self.lex.first if tokens(m["name"]) else False
            # ... or be two capitalised words that are no ordinary words ("support worker, Clarisse Mukamana")
            unknown_pair = len(tokens(m["name"])) >= 2 and all(
                all(re.sub(r"^(?:Mc|Mac|Nic|O['\u2019])(?=[A-Z])", "", part)[1:].islower() for part in w.split("-")) and len(w) > 2 and normalise(w) not in self.lex.english and could_be_name(w, self.lex, r)
                for w in tokens(m["name"])[:2])
            if m["sep"] and m["sep"] not in ("(",) and not m["title"] and not known_first and not unknown_pair:
                continue
            if m["sep"] == ":" and self._speaker_question(text, m):
                continue  # "MUM: Will you put that in the report?": a speaker's question
            if not m["sep"] and _faith_title(text, m["rel"], m.start(), m.end()) \
                    and not _POSSESSIVE_BEFORE.search(text, max(0, m.start() - 12), m.start()):
                continue  # "Father Michael Doyle ... gave the anointing", "Sister Pearl (friend from church)": a title, not family
            role = self._role_of(m["rel"])
            # an unlisted word counts right after a family word ("mum Thandi"), not after a job
            # ("Consultant Orthogeriatrician") or a possessive ("his sister's Afrobeat playlist")
            possessive = text[m.end("rel") : m.end("rel") + 2] in ("'s", "\u2019s")
            # ... or a job, when the name then speaks or acts ("paramedic Olu says they're taking him")
            acts = bool(re.match(r"[ \t]+(?:says|said|told|asked|rang|called|noticed|thinks|thought|explained|reported)\b",
                                 text[m.end("name") :]))
            # ... or a friend of someone's ("my friend Tiegan", "her best friend Zofe", "family friend Treve")
            friend = role == "friend" and bool(re.search(r"(?i)\b(?:my|his|her|their|our|family)[ \t]+(?:best[ \t]+|good[ \t]+|close[ \t]+|old[ \t]+)?$",
                                                         text[max(0, m.start("rel") - 16) : m.start("rel")]))
            # ... or someone's support worker or carer ("Seen with support worker Dami.")
            carer = role == "carer" and " ".join(m["rel"].lower().split()) in _CARER_WORDS
            loose = (role in FAMILY_ROLES or acts or friend or carer) and not possessive
            if m["title"] or self._name_like_after_relation(m["name"], unlisted=loose):
                added = len(out)
                self._add(out, text, *m.span("name"), 0.9, "name.relation_before", role)
                # someone's relative by name ("Keith's daughter Chloe") is the person's only if that someone is the
                # person who died: People decides, once it knows who that is
                if owner := _OWNER_BEFORE.search(text, max(0, m.start("rel") - 40), m.start("rel")):
                    for c in out[added:]:
                        c.flags.append(f"of:{owner['owner']}")
        for m in self._rel_after.finditer(text):
            if self._rel_just_before.search(text, max(0, m.start("name") - 40), m.start("name")):
                continue  # "Protective: friend Hope, her mother, drawing": a list; "friend Hope" says who Hope is
            # a relation in brackets says the word before is someone ("Rukhi (sister)", "Aga (manager)"), listed or not
            bracketed = text[m.end("name") : m.end("name") + 4].lstrip(" \t").startswith("(")
            words = m["name"].split()
            before = re.search(r"(\w+)[ \t]+\Z", text[max(0, m.start("name") - 16) : m.start("name")])
            if len(words) == 1 and normalise(words[0]) in MONTH_WORDS and before and before[1].lower() in MONTH_BEFORE:
                continue  # "came out once in April, Mum rated her": the month, then the relative
            if bracketed and len(words) == 2 and normalise(words[0]) in _WEEKDAYS and words[1][1:].islower() \
                    and normalise(words[1]) in self.lex.surnames and normalise(words[1]) not in self.lex.english:
                # a first name that is a weekday, before a surname and a role in brackets: "Sunday Okoro (HCA)"
                out.append(Candidate(*m.span("name"), "PERSON", 0.9, "name.relation_after", self._role_of(m["rel"])))
                continue
            if bracketed and re.fullmatch(INITIALS, m["name"]) and m["name"] not in self.rules.titles \
                    and m["name"].lower() not in self.rules.relations and m["name"] not in self.lex.acronyms \
                    and m["name"].lower() not in self.lex.abbreviations:
                # a colleague's initials with their role in brackets: "Attended w/ TW (senior carer)"
                out.append(Candidate(*m.span("name"), "PERSON", 0.85, "name.relation_after", self._role_of(m["rel"]), ["signature"]))
                continue
            if self._name_like_after_relation(m["name"], unlisted=bracketed):
                added = len(out)
                self._add(out, text, *m.span("name"), 0.9, "name.relation_after", self._role_of(m["rel"]))
                # a relation said of someone by name ("Pauline Farrow (Owen's nan)") is the person's only if that
                # someone is the person who died: People decides, once it knows who that is
                for c in out[added:]:
                    if m["owner"]:
                        c.flags.append(f"of:{m['owner']}")
                    if m["owner2"] and (role2 := self._role_of(m["rel2"])):
                        c.flags.append(f"also:{role2}:of:{m['owner2']}")
        for m in self._name_part_field.finditer(text):
            if not any(w in self.lex.acronyms for w in m["name"].split()):
                added = len(out)
                self._add(out, text, *m.span("name"), 0.93, "name.field", "person")
                _flag_name_part(out[added:], " ".join(m["field"].lower().split()))
        for m in (*self._field.finditer(text), *self._field_below.finditer(text)):
            label = " ".join(m["field"].lower().split())
            # "Name (surname in capitals): ...", "Next of kin (sister): ...": a note on the label, which may say the role
            role = self._role_of(m["rel"]) or (m["note"] and self._role_of(m["note"].strip())) or r.all_fields.get(label)
            if (first := m["name"].split()[0]) in _NEVER_INITIALS or first in self.lex.acronyms:
                continue  # "Paramedic   HCPC PA61842": a register, not a name
            if _COLUMN_NUMBER.match(text, m.end("name")):
                continue  # a table's column heads: "Name        Reg. no." (the name column, then the number's)
            if self._speaker_question(text, m):
                continue  # a transcript's speaker asking "MUM: Will you put that in the report?"
            if role == "person" and _KNOWN_AS_FIELD.search(label) and text[m.start("name") - 1:m.start("name")] in "\"\u201c" \
                    and text[m.end("name"):m.end("name") + 1] in ("\"", "\u201d") and " " not in m["name"]:
                # the name the person went by, in quotation marks, whatever word it also is: Known as: "Tel"
                out.append(Candidate(*m.span("name"), "PERSON", 0.93, "name.field", role, ["strong", "known_as"]))
                continue
            added = len(out)
            self._add(out, text, *m.span("name"), 0.93, "name.field", role)
            _flag_name_part(out[added:], label)
            if role == "person" and out[added:] and out[-1].source == "name.field":
                if label not in _WEAK_PERSON_FIELDS:
                    out[-1].flags.append("strong")
                if _KNOWN_AS_FIELD.search(label):
                    out[-1].flags.append("known_as")  # the name the person went by: one person with their full name
            if tail := self._field_tail.match(text, m.end("name")):
                nick = normalise(tail["nick"] or tail["qnick"])  # a nickname, not "(Respiratory)"
                if nick not in self.lex.english and nick not in self.lex.words and not any(
                        normalise(w) in r.relations or w in r.titles for w in tail["name"].split()):
                    head = [c for c in out[added:] if c.source == "name.field"]
                    joined = len(out)
                    self._add(out, text, *tail.span("name"), 0.9, "name.field", role)
                    # the person's own field ("Resident:"); a relative's role may come from words after the name
                    # ("Present: Bernadette (Bernie) Keogh - mum"), which the joined name would not keep
                    if role == "person" and head and not {"given_names", "family_name"} & set(head[0].flags) and len(out) > joined:
                        head[0].flags.append("given_names")  # People joins "Leonard" and "TUTTLE" into one name
                        out[-1].flags.append("family_name")
        for m in self._field_any_case.finditer(text):
            words = m["name"].split()
            if not any(w[0].islower() for w in words) or not self._any_case_name(words):
                continue  # all capitalised: the field rule above has it
            label = " ".join(m["field"].lower().split())
            out.append(Candidate(*m.span("name"), "PERSON", 0.85, "name.field", r.all_fields.get(label)))
        for m in _ROTA_SLOT.finditer(text):
            for w in re.finditer(NAME_WORD, m["names"]):
                key = normalise(w.group())
                if w.group() in r.titles or key in r.relations or key in self.lex.not_names or key in self.lex.abbreviations:
                    continue
                if key in self.lex.first or key in self.lex.nicknames or key not in self.lex.english:
                    out.append(Candidate(m.start("names") + w.start(), m.start("names") + w.end(), "PERSON", 0.85,
                                         "name.rota", "carer"))
        for m in self._dear.finditer(text):
            self._add(out, text, *m.span("name"), 0.93, "name.letter_greeting", None)
            if m["name2"]:
                self._add(out, text, *m.span("name2"), 0.93, "name.letter_greeting", None)
        for m in self._greet.finditer(text):
            key = normalise(m["name"])
            if not _GREETING_BEFORE.search(text[max(0, m.start() - 4):m.start()].rsplit("\n", 1)[-1]):
                continue  # a greeting opens its line, a quoted reply or a sentence
            if not self._never_a_name(m["name"], key) and not self._calendar_word(key) and (
                    key in self.lex.first or key in self.lex.nicknames or could_be_name(m["name"], self.lex, self.rules)):
                self._add(out, text, *m.span("name"), 0.9, "name.greeting", None)
        for m in self._sign_off.finditer(text):
            role = None
            if m["roleline"]:
                rel = re.search(rf"(?i:\b({r.relation_re})\b)", m["roleline"])
                role = self._role_of(rel.group(1)) if rel else None
            self._add(out, text, *m.span("name"), 0.93, "name.signature", role or r.titles.get(m["title"] or ""))
        for m in self._comma.finditer(text):
            surname, _, rest = m["name"].partition(",")
            first = rest.split()[0] if rest.split() else ""
            if self._is_name_word(surname.strip()) and self._is_name_word(first) and (
                    normalise(first) in self.lex.first or normalise(surname.strip()) in self.lex.surnames):
                span = self._clean(text, *m.span("name"))
                if span:
                    out.append(Candidate(span[0], span[1], "PERSON", 0.9, "name.surname_comma_forename", None))
        for m in self._comment.finditer(text):
            # leder-assist's own rendering of Word comments: the author and initials are people
            self._add(out, text, *m.span("name"), 0.95, "name.comment_author", None)
            if m["ini"]:
                out.append(Candidate(*m.span("ini"), "PERSON", 0.95, "name.comment_author", None))
        for m in self._called.finditer(text):
            group = next(g for g in ("name", "name2", "name3", "name4", "name5", "name6", "quoted") if m[g])
            if group == "name6" and (normalise(m[group]) not in self.lex.first or self._calendar_word(normalise(m[group]))):
                continue  # "the unit was called Oakwood", "it is called March": only a first name the lists know
            # a quoted word is a name by its quotation marks, whatever its shape ('called "KK"'); an unquoted one by itself
            if self._could_be_nickname(m[group]) if group == "quoted" else could_be_name(m[group], self.lex, self.rules):
                # "the family always called him Ozzy", "My family call me Ozzy": the name the person who died went
                # by, as a form's "Known as" gives it; 'called Rashed "Babu"' links the two names (People)
                between = text[m.start() : m.start(group)]
                # ... but "calls her sister "Paul"", "called his nephew "Marky"": the name a relative went by, that relative's
                kin = self._called_kin.search(between)
                own = kin is None and bool(re.search(r"(?i)\b(?:him|her|me|himself|herself|myself|he|she)\b", between))
                out.append(Candidate(*m.span(group), "PERSON", 0.85, "name.called",
                                     "person" if own else self._role_of(kin["rel"]) if kin else None, ["known_as"] if own else []))
                # ... "called her Gee or Gee-Gee": the second name too
                more = re.match(rf"[\"\u201d\u2019']?[ \t]+or[ \t]+[\"\u201c\u2018']?(?P<name>{TITLE_WORD})(?![ \t]+{TITLE_WORD})",
                                text[m.end(group) :])
                if more and could_be_name(more["name"], self.lex, self.rules):
                    s0 = m.end(group) + more.start("name")
                    out.append(Candidate(s0, s0 + len(more["name"]), "PERSON", 0.85, "name.called", "person" if own else None,
                                         ["known_as"] if own else []))
        for m in self._dash_sign.finditer(text):
            word = tokens(m["name"])[0]
            key = normalise(word.split("-")[0])  # "Summer-Rose Whitfield"
            if key in WEEKDAY_WORDS and _WEEKDAY_DASH.search(text, max(0, m.start("name") - 12), m.start("name")):
                continue  # "Mon-Thu": days, not a signature
            ini = m["ini"] if m["ini"] and m["ini"] not in self.rules.titles and m["ini"] not in self.lex.acronyms else None
            signed = re.sub(r"[^A-Z]", "", ini or m["paren"] or "")
            # a name no list holds counts when the writer's initials after it start with its letter ("- Rocky (R.H.)")
            # ... and they do not spell the word's own short form ("- Hypertension (HTN)")
            initialled = 2 <= len(signed) <= 4 and signed[0] == word[0] and word not in self.rules.titles \
                and not _letters_in_order(signed[1:].lower(), word[1:].lower())
            if (key in self.lex.first or key in self.lex.nicknames or initialled) and could_be_name(word, self.lex, self.rules):
                role = "carer" if kind == "care_notes" else None
                if initialled and " " not in m["name"]:  # the initials say it is a name, even a word's ("Rocky")
                    out.append(Candidate(*m.span("name"), "PERSON", 0.85, "name.signature_dash", role))
                else:
                    self._add(out, text, *m.span("name"), 0.85, "name.signature_dash", role)
                if ini:
                    out.append(Candidate(*m.span("ini"), "PERSON", 0.8, "name.staff_initials", role, ["signature"]))
        low = text.lower()
        verbs = _audit_verbs(low)
        logins = [m for i in verbs if (m := _AUDIT_LOGIN.match(text, i) or _PRINTED_BY.match(text, i))]
        logins += list(_BY_USER.finditer(text)) if "user" in low else []
        for m in logins:
            login = m["name"]
            # a login is one token in one case, or with digits, dots or underscores ("sgillies", "HMCGARRIGLE",
            # "j.smith2"); a word ("printed by the ward", "by GP") or role is not
            if (login.islower() or login.isupper() or re.search(r"[\d._]", login)) and normalise(login) not in self.lex.english \
                    and login not in r.titles and normalise(login) not in r.relations and login.lower() not in self.lex.abbreviations \
                    and login not in self.lex.acronyms and login.lower() not in ("the", "me", "him", "her", "them", "system", "admin"):
                out.append(Candidate(*m.span("name"), "PERSON", 0.85, "name.audit_user", None, ["signature"]))
        for m in (m for i in verbs if (m := _AUDIT_INITIALS.match(text, i))):
            ini = m["name"] or m["lower"]
            if ini not in self.lex.acronyms and ini not in r.titles and ini not in _NEVER_INITIALS \
                    and normalise(ini) not in self.lex.abbreviations and not (len(ini) > 3 and normalise(ini) in self.lex.english):
                out.append(Candidate(*m.span("name" if m["name"] else "lower"), "PERSON", 0.8, "name.audit_user", None, ["signature"]))
        for m in _LOWER_SIGNATURE_LINE.finditer(text):
            # a signature line in lower case: first name and initial ("-- pat h")
            if m["first"] in self.lex.first or m["first"] in self.lex.nicknames:
                out.append(Candidate(*m.span("name"), "PERSON", 0.8, "name.signature_dash", None))
        closing = list(self._initials.finditer(text))
        repeated = Counter(m["name"] for m in closing)
        for m in closing:
            # in daily care notes, initials closing an entry are the writer's, whatever else they could
            # mean; so are letters that close two or more entries of any note ("... need a PEG. RA")
            signs = repeated[m["name"]] >= 2 and m["name"] not in _NOT_SIGNATURES
            if not signs and len(m["name"]) > 2 and m["name"].lower() in self.lex.english:
                continue  # a heading in capitals ("STAFF KEY", "LOG"), not initials
            if kind == "care_notes" or signs or (
                    normalise(m["name"]) not in self.lex.abbreviations and m["name"] not in self.lex.acronyms):
                # letters that sign two or more entries are the signer wherever they stand alone
                out.append(Candidate(*m.span("name"), "PERSON", 0.8, "name.staff_initials",
                                     "carer" if kind == "care_notes" else None, ["signature"] if signs else []))
        if kind == "care_notes":
            for m in self._lower_initials.finditer(text):
                if m["name"] not in self.lex.english and m["name"] not in self.lex.abbreviations:
                    out.append(Candidate(*m.span("name"), "PERSON", 0.75, "name.staff_initials", "carer"))
        for m in self._initial_surname.finditer(text):
            words = (m["upper"] or m["title"]).split()
            keys = [normalise(w) for w in words]
            if any(k in self.lex.not_names or w in r.titles or k in r.relations for w, k in zip(words, keys)):
                continue  # "E. COLI", "C.Diff": organisms are in the not-names list
            if m["particle"]:
                ok = True  # "A. van der Berg", "M. de Souza": an initial, a surname's particle and a capital are a name
            elif m["upper"]:
                ok = len("".join(words)) >= 4 and all(k not in self.lex.english and k not in self.lex.abbreviations
                                                      and w not in self.lex.acronyms for w, k in zip(words, keys) if len(w) > 2)
            else:
                ok = keys[0] in self.lex.surnames or (len(keys[0]) >= 4 and keys[0] not in self.lex.english
                                                       and keys[0] not in self.lex.words)
            if ok:
                self._add(out, text, m.start(), m.end(), 0.85, "name.initial_surname", None)
        for m in self._first_initial.finditer(text):
            if normalise(tokens(m["name"])[0]) in self.lex.first:
                self._add(out, text, *m.span("name"), 0.85, "name.first_initial", None)
        for m in self._initials_grade.finditer(text):
            if m["ini"] not in self.lex.acronyms and m["ini"] not in self.rules.titles:
                out.append(Candidate(*m.span("ini"), "PERSON", 0.85, "name.signing_initials", None))
        for m in self._chat_speaker.finditer(text):
            name = m["name"].strip()
            bare = re.sub(r"[^\w\s'\u2019.\-]", "", name).strip().lower()  # "Mummy 💕": the relation, with its emoji
            words = [normalise(w) for w in tokens(name)]
            if name and not any(ch.isdigit() for ch in name) and name.lower() not in self.rules.relations \
                    and bare not in self.rules.relations and not (m.group().startswith(tuple("0123456789")) and words and all(
                        w in self.lex.english and w not in self.lex.first and w not in self.lex.nicknames for w in words)):
                # (after an Android export's date, a note's "Night staff:" is no one's name)
                out.append(Candidate(m.start("name"), m.start("name") + len(name), "PERSON", 0.9, "name.chat_speaker", None))
        for m in self._quoted_nick.finditer(text):
            out.append(Candidate(*m.span("name"), "PERSON", 0.9, "name.quoted_nickname", None))
        for m in self._initials_paren_name.finditer(text):
            words, (start, end) = tokens(m["name"]), m.span("name")
            if len(words) > 2 and re.fullmatch(_GRADES, words[-1]):
                words, end = words[:-1], start + m["name"].rstrip().rfind(" ")  # "KS (K Shaw RN)": the nurse's grade
            if len(words) >= 2 and any(len(w.rstrip(".")) > 1 for w in words) and m["ini"] in initials_of(words) \
                    and m["ini"] not in _NEVER_INITIALS and not ((m["ini"] in self.lex.acronyms or len(words) >= 3) and all(
                        normalise(w) in self.lex.english for w in words if len(w) > 2)):  # not "GCS (Glasgow Coma Scale)", "RTC (Residential Treatment Center)", "QUALIFIED ATTENDING PRACTITIONER (QAP)"
                self._add(out, text, start, end, 0.9, "name.with_initials", None)
                out.append(Candidate(*m.span("ini"), "PERSON", 0.9, "name.with_initials", None))
        for m in self._signing.finditer(text):
            for g in ("a", "b", "c", "d"):
                # role words stay ("Referred on. - GP"); any other letters here are a person's initials
                # (nor a procedure's three letters: "neck of femur R (fall in seizure) - DHS")
                if m[g] and m[g] not in self.rules.titles and m[g].lower() not in self.rules.relations \
                        and not (len(m[g]) >= 3 and m[g].lower() in self.lex.abbreviations and m[g].lower() not in self.lex.english):
                    out.append(Candidate(*m.span(g), "PERSON", 0.85, "name.signing_initials", None))
        for start, end, title in letter_people(text):
            out.append(Candidate(start, end, "PERSON", 0.8, "name.letter", r.titles.get(title) if title else None))
        for start, end, strong in initial_slots(text):
            ini = text[start:end]
            if ini in self.rules.titles or ini.lower() in self.rules.relations or ini in _NEVER_INITIALS:
                continue
            if strong or (ini.lower() not in self.lex.abbreviations and ini not in self.lex.acronyms
                          and ini.lower() not in self.lex.english and ini not in _NOT_SIGNATURES):
                out.append(Candidate(start, end, "PERSON", 0.85 if strong else 0.8, "name.initials_slot", None))
        # a name with the initials it is signed with: "Maria Wojcik (MW)", "MK = Mark Kowalski", "MW - Maria Wojcik"
        for pattern in (self._paren_initials, self._key_entry, self._initials_dash_name, self._key_plain, self._initials_column):
            for m in pattern.finditer(text):
                words = [w for w in tokens(m["name"]) if self._is_name_word(w) or len(w.rstrip(".")) == 1]
                ini = m["ini"].upper() if pattern is self._key_plain else m["ini"].replace("-", "")
                every = [w for w in tokens(m["name"]) if could_be_name(w, self.lex, self.rules)]
                spelled = len(words) < 2 and len(every) >= 2 and len(ini) >= 2 and ini in initials_of(every) \
                    and all(w[:1].isupper() for w in every) and ini not in self.lex.acronyms and ini not in r.titles \
                    and any(normalise(w) in self.lex.first or normalise(w) in self.lex.surnames
                            # (in a key, also a word no list knows: "SB Sorrel Bhattacharya"; not "Integration (VMI)")
                            or pattern is not self._paren_initials and "-" not in w and normalise(w) not in self.lex.english
                            for w in every)  # not "GP General Practice"
                if spelled:  # initials that spell the words say they are a name: "KK Kerys Kettle", "SB Sorrel Bhattacharya"
                    out.append(Candidate(*m.span("name"), "PERSON", 0.9, "name.with_initials", None))
                    out.append(Candidate(*m.span("ini"), "PERSON", 0.9, "name.with_initials", None, ["signature", "key"]))
                    continue
                # a first name with its owner's initials in brackets, as a communication book's writers sign: "Mark (MO)",
                # "Lucja (LK), senior" (the first letters fit; even a first name that is also a word)
                one = tokens(m["name"])
                if pattern is self._paren_initials and len(one) == 1 and 2 <= len(ini) <= 3 and ini[0] == one[0][:1] \
                        and (normalise(one[0]) in self.lex.first or normalise(one[0]) in self.lex.nicknames
                             or normalise(one[0]) not in self.lex.english and could_be_name(one[0], self.lex, self.rules)):
                    out.append(Candidate(*m.span("name"), "PERSON", 0.9, "name.with_initials", None, ["signature"]))
                    out.append(Candidate(*m.span("ini"), "PERSON", 0.9, "name.with_initials", None, ["signature", "key"]))
                    continue
                # a key ("IVN = Ivy Njoroge") says what the initials stand for: first and last letters fit
                keyed = pattern is self._key_entry and len(words) >= 2 and len(ini) >= 2 \
                    and ini[0] == words[0][0].upper() and ini[-1] == words[-1][0].upper()
                if len(words) >= 2 and (ini in initials_of(words) or keyed):
                    self._add(out, text, *m.span("name"), 0.9, "name.with_initials", None)
                    # initials given beside the name are that person's signature wherever they stand, even
                    # when they spell an abbreviation too ("BM = Bernadette Mahoney", then "BM: Will was ...")
                    out.append(Candidate(*m.span("ini"), "PERSON", 0.9, "name.with_initials", None, ["signature", "key"]))
        out += self._key_first_names(text)
        for m in self._key_bars.finditer(text) if "|" in text else ():
            words = tokens(m["name"])
            while len(words) > 2 and words[-1].isupper() and len(words[-1]) <= 5:
                words.pop()  # a grade after the name: "Nusrat Begum ANP", "Li Wei Chen PCN"
            if len(words) >= 2 and m["ini"] not in r.titles and spells(m["ini"], words) \
                    and any(normalise(w) in self.lex.first or normalise(w) in self.lex.surnames for w in words):
                end = m.start("name") + m["name"].rindex(words[-1]) + len(words[-1])
                self._add(out, text, m.start("name"), end, 0.9, "name.with_initials", None)
                out.append(Candidate(*m.span("ini"), "PERSON", 0.9, "name.with_initials", None, ["signature", "key"]))
        for m in self._action_owner.finditer(text):
            if self._first_name_word(m["name"]):
                out.append(Candidate(*m.span("name"), "PERSON", 0.85, "name.action_owner", None))
        for m in self._name_from.finditer(text):
            group = "name" if m["name"] else "name2"
            # not a month ("since May from the practice"), but "Jan from the agency" is Jan
            if self._first_name_word(m[group]) and (normalise(m[group]) not in MONTH_WORDS or normalise(m[group]) == "jan"):
                out.append(Candidate(*m.span(group), "PERSON", 0.85, "name.name_from", None))
        for m in self._bracket_nick.finditer(text) if _QUOTE_IN_BRACKETS.search(text) else ():
            # a nickname that is also a word ("Tel", "Sparky") only after a title and full name: 'Mr Terence
            # McAllister ("Tel")', never after a single capitalised word ('Makaton ("sign")')
            # ... or after a record's full name with its SURNAME in capitals ('Gurdeep Singh SANDHU ("Deep")')
            before = _RECORD_FULL_NAME.search(text[max(0, m.start() - 60):m.start("nick")].rsplit("(", 1)[0].rsplit("\n", 1)[-1])
            if normalise(m["nick"]) not in self.lex.english or normalise(m["nick"]) in self.lex.first \
                    or word_nickname(text, m.start("nick"), m.end("nick"), self.rules) or before:
                # the name someone went by, given beside their full name: the same person ("known as")
                out.append(Candidate(*m.span("nick"), "PERSON", 0.9, "name.bracket_nickname", None, ["known_as"] if before else []))
        # (each pattern only where a cheap look finds what it needs: these run on every document)
        for pattern, source, needs in ((_FROM_NAMED_PLACE, "name.name_from", _FROM_ORGANISATION),
                                       (_SPOKE_TO, "name.spoke_to", _SPOKE_WORD), (_LINE_END_SIGN_OFF, "name.sign_off", None)):
            # "CALL: Bill from Ferncroft Pharmacy", "spoke to Marsha.", "... can see her Thursday. Carol" (a line's last word)
            for m in pattern.finditer(text) if needs is None or needs.search(text) else ():
                key = normalise(m["name"])
                # (after "spoke to", also a name no list knows that is no word: "spoke to Marsha.")
                unlisted = pattern is _SPOKE_TO and key not in self.lex.english and could_be_name(m["name"], self.lex, self.rules)
                if (self._first_name_word(m["name"]) or unlisted) and key not in MONTH_WORDS:
                    out.append(Candidate(*m.span("name"), "PERSON", 0.85, source, None))
        for m in _OWNERS_PERSON.finditer(text) if _OWNED.search(text) else ():
            # someone's own person or place, by a name no list knows and no word is: "Immy's support worker", "Dami's mum"
            key = normalise(m["name"])
            if key not in self.lex.english and could_be_name(m["name"], self.lex, self.rules) and len(key) >= 3:
                out.append(Candidate(*m.span("name"), "PERSON", 0.8, "name.owner", None))
        for m in _SIGN_OFF_KISS.finditer(text) if _KISS.search(text) else ():
            # a message signed with a kiss ("Love Carol x", "... in at 8 with his music. Dawn x")
            if self._first_name_word(m["name"]):
                out.append(Candidate(*m.span("name"), "PERSON", 0.85, "name.sign_off", None))
        for m in _QUOTED_TO_FAMILY.finditer(text) if _TO_FAMILY.search(text) else ():
            # what someone's family called them, quoted: '"Bear" to his dad, "Ant" to his step-sister', '"Shabs" to family';
            # unquoted only straight after a name ("Anika - Ani to the family -")
            if m["bare"] and not (_NAME_BEFORE_ASIDE.search(text, max(0, m.start() - 40), m.start())
                                  and could_be_name(m["bare"], self.lex, self.rules)):
                continue
            group = "bare" if m["bare"] else "nick"
            out.append(Candidate(*m.span(group), "PERSON", 0.88, "name.quoted_nickname", None, ["known_as"]))
        for m in self._user_name.finditer(text):
            out.append(Candidate(*m.span("u"), "PERSON", 0.85, "name.user_name", None))
        for m in self._handle.finditer(text) if self._gaming.search(text) else ():
            group = next(g for g in "abc" if m[g])
            h = m[group]
            shaped = bool(re.search(r"\d|_", h) and re.search(r"[A-Za-z]{2}", h) or re.search(r"[a-z][A-Z][a-z]+[A-Z]", h))
            if group == "c" and not (shaped and self._gaming.search(text, max(0, m.start() - 80), m.start())):
                continue  # "as" a word ("as Kwame", "as agreed"): only a handle's shape, where the line is about gaming
            if group == "a" and not shaped and normalise(h) in self.lex.english:
                continue  # "username is his first name"
            out.append(Candidate(*m.span(group), "PERSON", 0.9, "name.handle", None))

        for m in self._speaker_time.finditer(text):
            words = [w for w in re.split(r"[ \t,]+", m["name"]) if w]
            if all(could_be_name(w, self.lex, self.rules) for w in words) and any(
                    normalise(w) in self.lex.first or normalise(w) in self.lex.surnames for w in words):
                out.append(Candidate(*m.span("name"), "PERSON", 0.85, "name.speaker_time", None))
        for m in self._first_and_initial.finditer(text):
            if not _FIRST_AND_INITIAL_BEFORE.search(text, max(0, m.start() - 12), m.start()) \
                    or not re.fullmatch(TITLE_WORD, m["name"][:-2]):
                continue
            if self._first_name_word(m["name"][:-2]) and not self._calendar_word(normalise(m["name"][:-2])):
                out.append(Candidate(*m.span("name"), "PERSON", 0.8, "name.first_and_initial", None))
        for m in self._person_subject.finditer(text):
            if not _SUBJECT_BEFORE.search(text, max(0, m.start() - 3), m.start()) or not re.fullmatch(TITLE_WORD, m["name"]):
                continue
            key = normalise(m["name"])
            if m["name"] in self.rules.titles or key in self.rules.relations or self._calendar_word(key) \
                    or key in self.lex.not_names or key in self.lex.abbreviations:
                continue
            if key not in self.lex.english or m["acts"] and self._first_name_word(m["name"]) and key not in _SERVICE_SUBJECTS:
                # (a first name that is also a word only before what a person does: "Grace said", not "Hope will come")
                out.append(Candidate(*m.span("name"), "PERSON", 0.8, "name.person_subject", None))
        for m in self._real_name.finditer(text):
            out.append(Candidate(*m.span("name"), "PERSON", 0.9, "name.called", None))
        for m in self._mail_header.finditer(text):
            base = m.start("items")
            # (a shared mailbox's sender after "On Behalf Of" is an item of its own)
            for item in re.finditer(r"(?:(?i:on[ \t]+behalf[ \t]+of)\b[ \t]*:?)?[^;]+?(?=[ \t]*(?:;|(?i:\bon[ \t]+behalf[ \t]+of\b))|$)",
                                    m["items"]):
                one = re.match(rf"(?:(?i:on[ \t]+behalf[ \t]+of)\b[ \t]*:?)?[ \t]*[\"']?(?P<name>{TITLE_WORD}(?:[ \t\-]{TITLE_WORD})?,[ \t]*{TITLE_WORD}(?:[ \t]+(?:{TITLE_WORD}|{INITIAL}))?)[\"']?"
                               rf"[ \t]*(?:<[^>\n]*>|\([^)\n]*\)|\[[^\]\n]*\])?[ \t]*$", item.group())
                if one:
                    surname, _, first = one["name"].partition(",")
                    start = base + item.start() + one.start("name")
                    if self._first_then_place(surname, first):
                        # "Natalie Jory, Trelawney Court": a name, then where the person works
                        out.append(Candidate(start, start + len(surname.rstrip()), "PERSON", 0.9, "name.mail_header", None))
                    elif could_be_name(surname.split()[0], self.lex, self.rules) and could_be_name(first.split()[0], self.lex, self.rules):
                        out.append(Candidate(start, base + item.start() + one.end("name"),
                                             "PERSON", 0.9, "name.surname_comma_forename", None))
        for m in self._before_phone.finditer(text) if _PHONE_START.search(text) else ():
            words = tokens(m["name"])
            if words and all(could_be_name(w, self.lex, self.rules) for w in words) and not words[0].isupper() \
                    and (normalise(words[0]) in self.lex.first or normalise(words[-1]) in self.lex.surnames) \
                    and not self._named_as_place(text, m["name"]):
                self._add(out, text, *m.span("name"), 0.8, "name.before_phone", None)
        for m in self._lower_title.finditer(text):
            word = m["name"]
            if word in PARTICLE_WORDS and re.match(rf"[ \t]+(?:{PARTICLE}[ \t]+)?[A-Z]", text[m.end():]):
                continue  # "Dr van der Berg", "Dr de Souza": the title rule takes the whole name
            if "-" in word and any(p in self.lex.english and p not in self.lex.surnames for p in word.split("-")):
                continue  # "district nurse out-of-hours"
            if m.group().lower().startswith("nurse") and word in self.lex.english:
                continue  # "one registered nurse short": after the job, a word is a word ("mr short" stays a name)
            if (word not in self.lex.english or word in self.lex.surnames) and word not in _MODAL_NAMES \
                    and word not in _VERBS_AFTER_TITLE:  # not "Dr said he can't make him go"
                out.append(Candidate(*m.span("name"), "PERSON", 0.8, "name.lower_case_title", None))  # not "nurse may confirm"
        out.extend(self._lower_case_names(text))
        out.extend(self._from_lists(text))
        if roles:
            out = [c for c in out if not any(a <= c.start < b for a, b in roles)]
        return _surname_initials(text, self._wrapped_surnames(text, out))

    def _wrapped_surnames(self, text: str, out: list[Candidate]) -> list[Candidate]:
        """A name broken at the end of a line takes in its surname from the next line ("Dr Ifan" /
        "Pryce-Jones", "Mairi" / "MacKinnon by phone", "Dr Joost" / "van der Berg"): when the name
        ends the line on a first name and the next line opens with a word that is no ordinary word."""
        lex = self.lex
        for i, c in enumerate(out):
            if c.label != "PERSON":
                continue
            words = tokens(text[c.start : c.end])
            titled = len(words) == 1 and c.source in ("name.title", "name.relation_before")  # "Dr Ifan"
            if not words or len(words) > 2 or not (normalise(words[-1]) in lex.first or titled):
                continue
            m = _WRAPPED_SURNAME.match(text, c.end)
            if not m:
                continue
            parts = [p for p in re.split(r"[\s\-]+", m["name"]) if p and p.lower() not in PARTICLE_WORDS]
            # ... but not a heading and the next line's first name ("About Paddy" / "Bernie described him")
            line = text[text.rfind("\n", 0, c.start) + 1 : c.end]
            if len(line) < 20 or normalise(parts[0] if parts else "") in lex.first or \
                    normalise(parts[0] if parts else "") in lex.nicknames:
                continue
            if parts and all(normalise(p) not in lex.english and normalise(p) not in lex.not_names
                             and normalise(p) not in lex.abbreviations for p in parts):
                out[i] = Candidate(c.start, m.end("name"), c.label, c.score, c.source, c.role, c.flags)
        return out

    def _lower_case_names(self, text: str) -> list[Candidate]:
        """Informal notes in lower case ("rang mum linda", "kyle v happy"): listed first names that are no English word.

        Only in notes that are mostly written in lower case: in ordinary notes lower-case
        words that look like names are clinical ("cath", "ala", "in toto").
        """
        out: list[Candidate] = []
        lex = self.lex
        if not mostly_lower_case(text):
            # in an ordinary note, only a family word's name written in lower case ("tc from bro tomek")
            for m in _LOWER_AFTER_CUE.finditer(text):
                if m["cue"] and self._role_of(m["cue"]) in FAMILY_ROLES and self._lower_unknown(m["n"]) and m["n"] not in lex.words:
                    out.append(Candidate(*m.span("n"), "PERSON", 0.8, "name.lower_case_cue", self._role_of(m["cue"])))
            return out
        for m in self._lower_name.finditer(text):
            word = m["name"].split()[0]
            if (word in lex.first or word in lex.nicknames) and word not in lex.english and word not in lex.words \
                    and word not in lex.not_names and word not in lex.abbreviations and len(word) >= 3:
                end = m.end()
                # "alasdair mcinnes": a surname after it, listed or no ordinary word
                nxt = re.match(r"[ \t]+([a-z][a-z'\-]{2,})(?![\w@])", text[end:])
                if " " not in m["name"] and nxt and (nxt.group(1) in lex.surnames or self._lower_unknown(nxt.group(1))) \
                        and nxt.group(1) not in lex.english and nxt.group(1) not in lex.first:
                    end += nxt.end()
                out.append(Candidate(m.start(), end, "PERSON", 0.76, "name.lower_case", None))
        # initials signing a lower-case note: alone on its last line ("ks"), or after a name and
        # a slash at the end of a line ("cheers kirsty / pw")
        for m in _LOWER_SIGNING_INITIALS.finditer(text):
            g = "a" if m["a"] else "b"
            if m[g] not in _NOT_LOWER_INITIALS and m[g] not in lex.abbreviations and m[g] not in lex.not_names:
                out.append(Candidate(*m.span(g), "PERSON", 0.72, "name.lower_case", None))
        for i, m in ((i, m) for i, pattern in enumerate(_CHAT_NAMES) for m in pattern.finditer(text)):
            word = m["w"]
            if i > 1 and (word not in lex.first and word not in lex.nicknames or word in lex.english and word not in lex.words):
                continue  # only a greeting or "its ..." makes an unlisted word a name ("its kez"; not "theyve took")
            if word in self.rules.relations or word in self.rules.titles or word in _NOT_KIN_NAMES or word in MONTH_WORDS \
                    and not re.search(r"(?:to|with)[ \t]+\S+$", m.group(0)):
                continue  # "thanks mum", "with may" as a month ("from may"), but "spoke to may"
            if word in lex.first or word in lex.nicknames or self._lower_unknown(word):
                out.append(Candidate(m.start("w"), m.end("w"), "PERSON", 0.78, "name.lower_case_chat", None))
        # a name with who they are in brackets ("will (brother) rang", "pat (robbie's mum) had a fall", "chidi (holly's
        # husband)"): a listed first name even when it is a word, or a word no list knows
        for m in self._lower_rel_after.finditer(text):
            word = m["n"]
            if word in self.rules.relations or word in self.rules.titles or word in lex.not_names or word in MONTH_WORDS:
                continue
            if word in lex.first or word in lex.nicknames or self._lower_unknown(word):
                out.append(Candidate(*m.span("n"), "PERSON", 0.85, "name.lower_case_cue", self._role_of(m["rel"])))
        # a listed first name placed by what the person is or where they are from ("sunny the hca sang", "bron from chapel
        # says"), even one that is a word
        for m in _LOWER_NAME_PLACED.finditer(text):
            word = m["n"]
            if (word in lex.first or word in lex.nicknames) and word not in self.rules.relations and word not in self.rules.titles \
                    and word not in _NOT_KIN_NAMES and word not in MONTH_WORDS and word not in lex.not_names:
                out.append(Candidate(*m.span("n"), "PERSON", 0.8, "name.lower_case_cue", None))
        # two-letter short names ("al", "jo") in a lower-case note, not "et al"
        for m in _TWO_LETTER_WORD.finditer(text):
            word = m.group(1)
            if word in lex.nicknames and word in lex.first and word not in lex.english and word not in lex.words \
                    and word not in lex.abbreviations and word not in lex.not_names and text[max(0, m.start() - 3):m.start()] != "et ":
                out.append(Candidate(m.start(1), m.end(1), "PERSON", 0.7, "name.lower_case", None))
        # where a name must stand ("mum bola", "by kel", "manager deb mcgregor", a line opening
        # "darnell (rm 3) -"), an unlisted lower-case word that is no ordinary word is a name too
        for m in _LOWER_AFTER_CUE.finditer(text):
            words = [w for w in (m["n"], m["n2"]) if w]
            if not self._lower_unknown(words[0]) and not self._kin_named(m, text):
                continue
            end = m.end("n2") if m["n2"] and self._lower_unknown(m["n2"]) else m.end("n")
            role = self._role_of(m["cue"]) if m["cue"] else None
            out.append(Candidate(m.start("n"), end, "PERSON", 0.85 if role else 0.76, "name.lower_case_cue", role))
        return out

    def _any_case_name(self, words: list[str]) -> bool:
        """Every word of a field's value reads as a name, whatever its case ("kevin SUTCLIFFE", "Shahid iqbal")."""
        lex = self.lex
        for w in words:
            key = normalise(w)
            if key in self.rules.relations or w in self.rules.titles or key in lex.abbreviations:
                return False
            if w[0].islower():
                if not (self._lower_unknown(w) or ((key in lex.first or key in lex.surnames) and key not in lex.english)):
                    return False
            elif not (self._is_name_word(w) and not (w.isupper() and w in lex.acronyms)):
                return False
        return True

    def _first_name_word(self, word: str) -> bool:
        """A listed first name or nickname, even one that is also a word ("Patience", "Summer"),
        that is no relation word, title or known non-name: for places only a person can stand."""
        key = normalise(word)
        return (key in self.lex.first or key in self.lex.nicknames) and key not in self.rules.relations \
            and key not in self.lex.not_names and word not in self.rules.titles

    def _kin_named(self, m: re.Match[str], text: str) -> bool:
        """After a family word in a lower-case note, a listed first name that is also a word is the
        name ("dad ray", "nanny pat", "receptionist jade"), unless it reads as a word there ("mum
        will ring"); "may" and "will" only before another verb ("auntie may will bring you")."""
        cue, word = (m["cue"] or "").lower(), m["n"]
        if not cue or cue in ("by", "covering") or m.group(0)[len(cue):].strip().split()[0] in ("tonight", "today", "is", "was"):
            return False
        key = normalise(word)
        if key not in self.lex.first and key not in self.lex.nicknames:
            return False
        if key in _MODAL_NAMES:
            return bool(re.match(r"[ \t]+(?:will|would|can|could|is|was|has|had|says|said|rang|came|went)\b", text[m.end("n"):]))
        return key not in _NOT_KIN_NAMES

    def _lower_unknown(self, word: str) -> bool:
        """A lower-case word that is a listed name, or no ordinary word, abbreviation or known non-name."""
        lex = self.lex
        key = normalise(word)
        if key in lex.english or key in lex.abbreviations or key in lex.not_names or len(key) < 3:
            # a listed name that is also a rare word ("deb") still counts; a name that is a
            # common word ("will", "may", "mark") does not
            return (key in lex.first or key in lex.nicknames) and key not in lex.words and len(key) >= 3
        return not any(ch.isdigit() for ch in key)

    def _name_like_after_relation(self, name: str, unlisted: bool = False) -> bool:
        """After "his sister", "carer", "Consultant": a listed name, or two name-like words
        (or, with ``unlisted``, one capitalised word that is no ordinary word: "mum Thandi")."""
        words = tokens(name)
        upper_first = words and words[0].isupper() and len(words[0]) > 2 and normalise(words[0]) in self.lex.first \
            and (words[0] not in self.lex.acronyms  # "my Dad SEAN"
                 or len(words) > 1 and self._capital_first_name(words[0], words[1]))
        if not words or (words[0].isupper() and not upper_first) or not (upper_first or self._is_name_word(words[0])):
            return False
        if words[0].isupper() and any(normalise(w) in _HEADING_WORDS for w in words):
            return False  # a heading in capitals: "CONSULTANT WARD ROUND"

        key = normalise(words[0])
        lex = self.lex
        return key in lex.first or key in lex.surnames or key in lex.nicknames or (unlisted and key not in lex.english) or (
            len(words) > 1 and could_be_name(words[1], lex, self.rules))

    def _from_lists(self, text: str) -> list[Candidate]:
        """Capitalised word runs that start with a known first name (or an initial and a known surname)."""
        out: list[Candidate] = []
        lex = self.lex
        towns = town_spans(text)
        for m in self._cap_seq.finditer(text):
            found = [(t.start() + m.start(), t.end() + m.start(), t.group()) for t in _TOKEN.finditer(m["name"])]
            while len(found) > 1 and len(found[0][2].rstrip(".")) > 1 and normalise(found[0][2]) not in lex.first \
                    and (not self._is_name_word(found[0][2]) or found[0][2].isupper()
                         or any(len(w.rstrip(".")) == 1 and w.endswith(".") for _, _, w in found[1:-1])):
                # "RN Joseph Ochieng", "HCA Polly Sutton", "Administration   Jo Hartley", "Senior Coroner A. Rahman-Lowe"
                found.pop(0)
            if len(found) > 1 and normalise(found[0][2]) in _VERBS_OPENING and _SENTENCE_START.search(
                    text, max(0, found[0][0] - 4), found[0][0]):
                found.pop(0)  # "Dr Okoro visited. Said Polly is now ...": a verb opening the sentence, then the name
            if len(found) > 1 and normalise(found[0][2]) in lex.words and _ARTICLE_BEFORE.search(text, max(0, found[0][0] - 5), found[0][0]):
                found.pop(0)  # "Over the Summer Wenna had lost 6 kg": the season, then the name
            if not found or len(found) > 1 and all(w.isupper() and len(w) <= 3 for _, _, w in found) \
                    and any(w in ("ID", "NO", "REF") or w in _NEVER_INITIALS for _, _, w in found):
                continue  # abbreviations in a row, not a name in capitals: "(HA ID HA-4471)" for a health advisor's ID
            words = [w[2] for w in found]
            start, end = found[0][0], found[-1][1]
            if after_place_field(text, start) or any(a <= start < b for a, b in towns):
                continue  # "Ward: Clifton 3"; a town before its postcode ("Kingsley Heath JW11 4PD")
            first, rest = words[0], words[1:]
            key = normalise(first)
            if first.isupper() and len(first.rstrip(".")) > 1 and not (
                    rest and all(w.isupper() for w in rest) and any(normalise(w) in lex.surnames for w in rest)
                    and not any(normalise(w) in _HEADING_WORDS for w in words)):
                continue  # upper-case words are headings and codes unless they read as FORENAME SURNAME ("WARD ROUND" does not)
            if len(first.rstrip(".")) == 1:
                if len(rest) > 1 and re.fullmatch(_GRADES, rest[-1]):
                    rest, end = rest[:-1], found[-2][1]  # "J Adebayo-Kerr SN": the grade is no part of the name
                while len(rest) > 1 and len(rest[0].rstrip(".")) == 1:
                    rest = rest[1:]  # "A H Ali": more initials before the surname
                    if first in ("A", "I"):
                        first = first + "."  # two initials: "A" is no article here
                article = first in ("A", "I")  # "A Cook catheter kit", "stage I Norwood": not initials
                article = article or text[max(0, start - 1):start] in ("&", "/")  # "U&E. May need": a test's name, not "E. May"
                # "K. Walcott (Paramedic)": with a full stop after the initial, a surname no list
                # knows counts too when it is no ordinary word ("S. Aureus" is in not_names)
                # (a double-barrelled one too: "I. Nwosu-Hart")
                # (or, without the full stop, before a grade, even in a list: "Carol Devlin, J Adebayo-Kerr SN")
                graded = bool(_GRADE_AFTER.match(text, end))
                unlisted = (first.endswith(".") or graded) and rest and len(rest[0]) >= 4 \
                    and all(p[:1].isupper() and p[1:].islower() for p in rest[0].split("-") if p) \
                    and normalise(rest[0]) not in lex.english and normalise(rest[0]) not in lex.not_names \
                    and (graded or not _OUTLINE_BEFORE.search(text, max(0, start - 3), start)) and not _PHRASE_AFTER.match(text, end)
                if rest and not article and (normalise(rest[0]) in lex.surnames or unlisted) and self._is_name_word(rest[0]) \
                        and not is_eponym(text, start, end, self.rules):
                    self._add(out, text, start, end, 0.85 if not unlisted else 0.8, "name.initial_surname", None)
                continue
            if key not in lex.first and rest and self._forename_upper_surname(first, rest):
                # alone in a table cell or on its line ("| Annelies DE GROOT  | Inspector"), not "Endo GIA stapler"
                if _CELL_BEFORE.search(text, max(0, start - 40), start) and _CELL_AFTER.match(text, end):
                    self._add(out, text, start, end, 0.8, "name.list", None)
                continue
            # (a double-barrelled first name of two listed first names counts: "Lisa-Marie Doherty", "CHAN Siu-Ling"; not
            # an eponym before what it names, "Ivor-Lewis oesophagectomy", "a Don-Joy brace")
            double = "-" in first and all(normalise(p) in lex.first for p in first.split("-")) \
                and (bool(rest) or not re.match(r"[ \t]+[a-z]", text[end:end + 3]))
            if not (key in lex.first or double) \
                    or not could_be_name(first, lex, self.rules):
                continue
            # (a double-barrelled surname of two listed surnames counts: "Kaur-Bassi")
            known_surname = any(normalise(w) in lex.surnames or ("-" in w and all(normalise(p) in lex.surnames for p in w.split("-") if p))
                                for w in rest)
            initial_after = len(rest) == 1 and len(rest[0].rstrip(".")) == 1
            # a surname no list knows but no ordinary word either ("Summer Achterberg", "Amber Lewis-Quansah")
            unknown_surname = bool(rest) and len(rest[0]) >= 4 and rest[0][:1].isupper() and not rest[0].isupper() \
                and all(normalise(p) not in lex.english and normalise(p) not in lex.not_names for p in rest[0].split("-"))
            if key in lex.words and not (rest and (known_surname or initial_after or unknown_surname)
                                         and could_be_name(rest[0], lex, self.rules)):
                continue  # "Will", "May", "Rose": only with a surname here; the case search adds context
            if key in lex.words and any(w in self.rules.places_after for w in rest):
                continue  # "Hope Street", "Rose Court"
            if is_eponym(text, start, end, self.rules) or (
                    any(w in self.rules.places_after for w in words[1:])
                    and _HOUSE_NUMBER_BEFORE.search(text, max(0, start - 8), start)):
                continue  # "Hank dilators"; "16 Granville Street" is an address ("Bay 3 Jean Pike" is not)
            if rest and normalise(rest[-1]) in self._place_ends and self._named_as_place(text, text[start:end]):
                if normalise(rest[-1]) in self._street_ends:  # "the barber on Dudley Street": a street, no one's name
                    out.append(Candidate(start, end, "ADDRESS", 0.8, "address.street_named_like_person", None))
                continue  # "Side room on Chester Ward": a ward named like a person
            if not rest and _TOWN_AFTER_PLACE.search(text, max(0, start - 40), start) and _TOWN_ENDS.match(text, end):
                continue  # "Funeral Service, Chester, 01632 ...", "Learning Disability Team, Chester": the town of an address line
            score = 0.88 if known_surname else 0.8 if initial_after else 0.78
            self._add(out, text, start, end, score, "name.list", None)
        return out


def unprotect(cands: list[Candidate], protected: list[tuple[int, int]], text: str) -> list[Candidate]:
    """Names never cover a protected phrase ("Hosp No", "Wilson's disease"): cut it out of them.

    A title keeps its name whole, and so does a role before a first name and surname in capitals where the
    first name alone is also a protected word ("keyworker AMBER FYFE")."""
    out = []
    for c in cands:
        if c.label != "PERSON" or c.source == "name.title" or (
                c.source == "name.relation_before" and len(text[c.start : c.end].split()) >= 2
                and all(" " not in text[ps:pe] and c.start <= ps and pe < c.end for ps, pe in protected
                        if ps < c.end and c.start < pe)):
            out.append(c)
            continue
        pieces = [(c.start, c.end)]
        for ps, pe in protected:
            pieces = [q for s, e in pieces for q in ((s, min(e, ps)), (max(s, pe), e)) if q[1] - q[0] >= 2] \
                if any(s < pe and ps < e for s, e in pieces) else pieces
        if pieces:
            s, e = max(pieces, key=lambda q: q[1] - q[0])
            out.append(Candidate(s, e, c.label, c.score, c.source, c.role, c.flags))
    return out
