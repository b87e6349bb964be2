"""Candidate identifier spans and how overlapping candidates are settled."""

from __future__ import annotations

from dataclasses import dataclass, field

# When two candidates overlap, the one from the more specific detector wins; then the
# higher score; then the longer span.
LABEL_PRIORITY = {
    "NHS_NUMBER": 9, "NI_NUMBER": 9, "EMAIL": 9, "DATE_OF_BIRTH": 8, "LOCAL_ID": 7, "PHONE": 6,
    "POSTCODE": 6, "PERSON": 5, "ADDRESS": 4, "ORGANISATION": 3, "AGE_OVER_89": 2, "DATE": 1,
}


@dataclass
class Candidate:
    """A span of a document's text that may be an identifier."""

    start: int
    end: int
    label: str
    score: float
    source: str
    role: str | None = None  # PERSON: person, mother, gp...; ORGANISATION: care_home, gp_practice...
    flags: list[str] = field(default_factory=list)

    def overlaps(self, other: Candidate) -> bool:
        return self.start < other.end and other.start < self.end

    @property
    def length(self) -> int:
        return self.end - self.start


def resolve(candidates: list[Candidate]) -> list[Candidate]:
    """Keep a non-overlapping set: specific labels first, then score, then length.

    Overlapping candidates of the same label merge into one span (a first name found by
    one rule and the surname by another become one name; a phone number and its
    extension one number). A lower-priority candidate that overlaps a kept one is
    trimmed to what is left of it (an address keeps its street when the postcode inside
    it is taken), so nothing the detectors found is dropped by accident.
    """
    candidates = _drop_names_inside_addresses(candidates)
    order = sorted(_merge_same_label(candidates),
                   key=lambda c: (-LABEL_PRIORITY.get(c.label, 0), -c.score, -c.length, c.start))
    kept: list[Candidate] = []
    for cand in order:
        for piece in _trim(cand, kept):
            kept.append(piece)
    return sorted(kept, key=lambda c: c.start)


_WEAK_NAME_SOURCES = ("name.list", "name.case_search", "name.initial_surname", "ner.")


def _drop_names_inside_addresses(candidates: list[Candidate]) -> list[Candidate]:
    """A name found only by a list or a model inside an address is a street or house name
    ("16 Granville Street"): the address keeps it whole."""
    places = [c for c in candidates if c.label == "ADDRESS"]
    if not places:
        return candidates
    return [c for c in candidates if not (c.label == "PERSON" and c.source.startswith(_WEAK_NAME_SOURCES)
                                          and any(p.start <= c.start and c.end <= p.end for p in places))]


def _trim(cand: Candidate, kept: list[Candidate]) -> list[Candidate]:
    pieces = [(cand.start, cand.end)]
    for k in kept:
        nxt = []
        for s, e in pieces:
            if e <= k.start or s >= k.end:
                nxt.append((s, e))
                continue
            if s < k.start:
                nxt.append((s, k.start))
            if e > k.end:
                nxt.append((k.end, e))
        pieces = nxt
    if pieces == [(cand.start, cand.end)]:
        return [cand]
    out = []
    for s, e in pieces:
        if e - s >= 3:  # a leftover of one or two characters ("Dr", ", ") is not an identifier
            out.append(Candidate(s, e, cand.label, cand.score, cand.source, cand.role, cand.flags + ["trimmed"]))
    return out


def _merge_same_label(candidates: list[Candidate]) -> list[Candidate]:
    out: list[Candidate] = []
    last_by_label: dict[str, int] = {}
    for cand in sorted(candidates, key=lambda c: (c.start, -c.end)):
        i = last_by_label.get(cand.label)
        exact = None if i is None or cand.start >= out[i].end else next(
            (c for c in (out[i], cand) if "exact" in c.flags and c.score >= (cand if c is out[i] else out[i]).score), None)
        if exact is not None:
            # a name a rule cut short on purpose ("Dr Lindqvist | Beth coughs") is not stretched by a weaker
            # overlapping span: what reaches past it is a mention of its own
            other = cand if exact is out[i] else out[i]
            pieces = [Candidate(s, e, other.label, other.score, other.source, other.role, list(other.flags))
                      for s, e in ((other.start, exact.start), (exact.end, other.end)) if e - s >= 3]
            out[i] = Candidate(exact.start, exact.end, exact.label, exact.score, exact.source, exact.role, list(exact.flags))
            for piece in pieces:
                last_by_label[cand.label] = len(out)
                out.append(piece)
        elif i is not None and cand.start < out[i].end:
            last = out[i]
            out[i] = Candidate(last.start, max(last.end, cand.end), last.label, max(last.score, cand.score),
                               last.source if last.score >= cand.score else cand.source,
                               last.role or cand.role, sorted(set(last.flags + cand.flags)))
        else:
            last_by_label[cand.label] = len(out)
            out.append(Candidate(cand.start, cand.end, cand.label, cand.score, cand.source, cand.role, list(cand.flags)))
    return out
