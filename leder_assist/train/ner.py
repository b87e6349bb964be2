"""Training the project's own name recogniser (spaCy NER, label PERSON).

Data: the invented sample bundles (gold names located in each document) and the
*tuning* half of the annotated redaction notes (``eval/redaction/tune.yaml``), line by
line. Every line that holds a name is repeated with the names swapped for random ones
from ``rules/names/`` in the same shape (Title case, UPPER case, initials, "SURNAME,
Forename"), so the model learns the contexts names sit in rather than the names
themselves. Lines without names are kept as negatives (clinical eponyms, drug names and
ordinary capitalised words teach it what is *not* a name). The held-out notes
(``eval/redaction/heldout.yaml``) are never read here.

Reproducible: fixed seeds, sorted inputs; the data hash is recorded in the model card.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .. import __version__
from ..config import Settings
from ..gold import load_gold
from ..ingest import ingest_case
from ..redact.names import APOS, lexicon
from ..redact.ner import DEFAULT_MODEL

MODEL_VERSION = "1.1.0"
# A smaller network than spaCy's default (width 96, depth 4): names need little context,
# and redaction must keep up with the text path's speed target.
MODEL_CONFIG = {
    "@architectures": "spacy.TransitionBasedParser.v2", "state_type": "ner", "extra_state_tokens": False,
    "hidden_width": 64, "maxout_pieces": 2, "use_upper": True, "nO": None,
    "tok2vec": {"@architectures": "spacy.HashEmbedCNN.v2", "pretrained_vectors": None, "width": 64, "depth": 2,
                "embed_size": 2000, "window_size": 1, "maxout_pieces": 3, "subword_features": True},
}
DEV_CASES = {"case-07-sunny-okafor"}  # held out from training to report a development score
DEV_NOTES_EVERY = 5  # every fifth tuning note is a development note


@dataclass
class Line:
    text: str
    spans: list[tuple[int, int]]
    group: str  # case or note id: the train/dev split is by group


def _lines(text: str, spans: list[tuple[int, int]], group: str) -> list[Line]:
    out, pos = [], 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        inner = [(s - start, e - start) for s, e in spans if s >= start and e <= end]
        if line.strip():
            out.append(Line(line, inner, group))
    return out


def collect(root: Path, settings: Settings) -> list[Line]:
    """Lines with PERSON spans from the samples and the tuning notes."""
    from ..evaluate.redaction import parse_marked, sample_gold_spans

    lines: list[Line] = []
    for path in sorted((root / "samples" / "gold").glob("*.yaml")):
        gold = load_gold(path)
        case = ingest_case(root / "samples" / "cases" / gold.case_id, settings)
        for doc in case.documents:
            spans = [(g.start, g.end) for g in sample_gold_spans(doc, gold.identifiers) if g.label == "PERSON"]
            lines += _lines(doc.text, spans, gold.case_id)
    tune = root / "eval" / "redaction" / "tune.yaml"
    if tune.exists():
        for note in yaml.safe_load(tune.read_text(encoding="utf-8")):
            text, marks = parse_marked(note["text"])
            lines += _lines(text, [(s, e) for s, e, lab, _ in marks if lab == "PERSON"], note["id"])
    return lines


class Swapper:
    """Replaces the names in a line with random names of the same shape."""

    def __init__(self, settings: Settings, rng: random.Random) -> None:
        lex = lexicon(settings)
        self.first = sorted(n for n in lex.first if n.isalpha() and n not in lex.words) or ["alex"]
        self.last = sorted(n for n in lex.surnames if n.replace("'", "").replace("-", "").isalpha()) or ["smith"]
        self.rng = rng

    def _word(self, old: str, surname: bool) -> str:
        if len(old.rstrip(".")) == 1:
            return self.rng.choice("ABCDEFGHJKLMNPRSTW") + ("." if old.endswith(".") else "")
        new = self.rng.choice(self.last if surname else self.first)
        new = "-".join(p[:1].upper() + p[1:] for p in new.split("-"))
        new = re.sub(r"(?<=')([a-z])", lambda m: m.group(1).upper(), new)
        if old.isupper() and len(old) > 1:
            return new.upper()
        if old.islower():
            return new.lower()
        return new

    def name(self, old: str) -> str:
        if "," in old:
            surname, _, rest = old.partition(",")
            firsts = rest.split()
            return self._word(surname.strip(), True) + ", " + " ".join(self._word(w, False) for w in firsts)
        words = old.split()
        if len(words) == 1:
            return self._word(words[0], surname=self.rng.random() < 0.4)
        return " ".join(self._word(w, surname=(i == len(words) - 1)) for i, w in enumerate(words))

    def pseudo_word(self) -> str:
        """An invented capitalised word shaped like a brand or device name ("Maltrexol")."""
        syllables = ["mal", "tre", "xo", "vi", "cryl", "der", "ma", "pro", "lene", "sur", "gi", "cel", "zo", "fen",
                     "ta", "dex", "on", "ker", "lix", "bac", "ti", "seal", "ox", "ar", "ine", "al", "ol", "ex"]
        word = "".join(self.rng.choice(syllables) for _ in range(self.rng.randint(2, 3)))
        return word[:1].upper() + word[1:]

    def decoy(self, line: Line) -> Line | None:
        """The line with one or two ordinary lower-case words turned into invented capitalised
        words (brand, device and eponym shapes) that are *not* names, so the model learns
        that a capitalised word it has never seen is not a name without a name's context."""
        inside = set()
        for s, e in line.spans:
            inside |= set(range(s, e))
        words = [m for m in re.finditer(r"\b[a-z]{4,}\b", line.text) if m.start() not in inside]
        if not words:
            return None
        chosen = sorted(self.rng.sample(words, min(len(words), self.rng.randint(1, 2))), key=lambda m: m.start())
        out, deltas, pos = [], [], 0
        for m in chosen:
            new = self.pseudo_word()
            out.append(line.text[pos : m.start()])
            out.append(new)
            deltas.append((m.end(), len(new) - (m.end() - m.start())))
            pos = m.end()
        out.append(line.text[pos:])
        shifted = []
        for s, e in line.spans:
            d = sum(delta for end, delta in deltas if end <= s)
            shifted.append((s + d, e + d))
        return Line("".join(out), shifted, line.group)

    def swap(self, line: Line) -> Line:
        out, spans, pos = [], [], 0
        length = 0
        for s, e in sorted(line.spans):
            out.append(line.text[pos:s])
            length += s - pos
            new = self.name(line.text[s:e])
            spans.append((length, length + len(new)))
            out.append(new)
            length += len(new)
            pos = e
        out.append(line.text[pos:])
        return Line("".join(out), spans, line.group)


def build(lines: list[Line], settings: Settings, seed: int, copies: int = 4) -> tuple[list[Line], list[Line]]:
    """Training and development lines (dev lines are not augmented)."""
    rng = random.Random(seed)
    swapper = Swapper(settings, rng)
    notes = sorted({ln.group for ln in lines if not ln.group.startswith("case-")})
    dev_groups = DEV_CASES | set(notes[::DEV_NOTES_EVERY])
    train = [ln for ln in lines if ln.group not in dev_groups]
    dev = [ln for ln in lines if ln.group in dev_groups]
    augmented = []
    for ln in train:
        augmented.append(ln)
        if ln.spans:
            augmented += [swapper.swap(ln) for _ in range(copies)]
        decoy = swapper.decoy(ln)
        if decoy is not None:
            augmented.append(decoy)
    rng.shuffle(augmented)
    return augmented, dev


def data_hash(lines: list[Line]) -> str:
    h = hashlib.sha256()
    for ln in lines:
        h.update(json.dumps([ln.text, ln.spans, ln.group]).encode())
    return h.hexdigest()[:16]


def _examples(nlp, lines: list[Line]):  # noqa: ANN001, ANN202 - spaCy objects
    from spacy.training import Example

    out = []
    for ln in lines:
        doc = nlp.make_doc(ln.text)
        ents = []
        for s, e in ln.spans:
            span = doc.char_span(s, e, label="PERSON", alignment_mode="expand")
            if span is not None:
                ents.append((span.start_char, span.end_char, "PERSON"))
        ents = _no_overlap(ents)
        out.append(Example.from_dict(doc, {"entities": ents}))
    return out


def _no_overlap(ents: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    kept: list[tuple[int, int, str]] = []
    for e in sorted(ents, key=lambda x: (x[0], -x[1])):
        if not kept or e[0] >= kept[-1][1]:
            kept.append(e)
    return kept


def score(nlp, lines: list[Line]) -> dict[str, float]:  # noqa: ANN001 - spacy.Language
    """Token-level recall (share of gold name characters found) and span precision on lines."""
    gold_chars = found_chars = pred = pred_ok = 0
    for ln, doc in zip(lines, nlp.pipe([ln.text for ln in lines], batch_size=64)):
        gold = set()
        for s, e in ln.spans:
            gold |= set(range(s, e))
        got = set()
        for ent in doc.ents:
            pred += 1
            chars = set(range(ent.start_char, ent.end_char))
            pred_ok += bool(chars & gold)
            got |= chars
        gold_chars += len(gold)
        found_chars += len(gold & got)
    return {"recall": round(found_chars / max(gold_chars, 1), 4), "precision": round(pred_ok / max(pred, 1), 4),
            "lines": len(lines)}


def train(settings: Settings, root: Path, out_dir: Path | None = None, seed: int = 7, epochs: int = 12,
          progress=None) -> dict:  # noqa: ANN001 - callable
    """Train and save the NER model; returns its metrics (also written to the model card)."""
    import spacy
    from spacy.util import fix_random_seed, minibatch

    out_dir = out_dir or settings.models_dir / DEFAULT_MODEL
    lines = collect(root, settings)
    train_lines, dev_lines = build(lines, settings, seed)
    fix_random_seed(seed)
    rng = random.Random(seed)
    nlp = spacy.blank("en")
    ner = nlp.add_pipe("ner", config={"model": MODEL_CONFIG})
    ner.add_label("PERSON")
    examples = _examples(nlp, train_lines)
    optimizer = nlp.initialize(lambda: examples)
    history = []
    for epoch in range(epochs):
        rng.shuffle(examples)
        losses: dict[str, float] = {}
        for batch in minibatch(examples, size=32):
            nlp.update(batch, drop=0.25, sgd=optimizer, losses=losses)
        history.append(round(float(losses.get("ner", 0.0)), 1))
        if progress:
            progress(epoch + 1, epochs, losses.get("ner", 0.0))
    metrics = {"dev": score(nlp, dev_lines), "train_lines": len(train_lines), "dev_lines": len(dev_lines),
               "source_lines": len(lines), "losses": history}
    nlp.meta.update({"name": DEFAULT_MODEL.replace("-", "_"), "version": MODEL_VERSION,
                     "description": "leder-assist name recogniser (PERSON), trained on invented notes",
                     "author": "leder-assist", "license": "MIT"})
    out_dir.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(out_dir)
    card = {"model": DEFAULT_MODEL, "version": MODEL_VERSION, "tool_version": __version__,
            "trained": dt.date.today().isoformat(), "seed": seed, "epochs": epochs, "spacy": spacy.__version__,
            "data_hash": data_hash(lines), **metrics}
    (out_dir / "training.json").write_text(json.dumps(card, indent=2) + "\n")
    (out_dir / "MODEL_CARD.md").write_text(_card(card))
    return card


def _card(c: dict) -> str:
    return f"""# {c['model']} {c['version']}

A spaCy named-entity recogniser with one label, PERSON, that finds people's names in
English health and care notes. One layer of leder-assist's redaction, beside rules,
name lists and the case-wide search.

- **Trained**: {c['trained']} with spaCy {c['spacy']}, leder-assist {c['tool_version']},
  seed {c['seed']}, {c['epochs']} epochs (`leder-assist train ner`).
- **Data**: invented notes only: the sample bundles (`samples/`) and the tuning half of
  the annotated redaction notes (`eval/redaction/tune.yaml`), {c['source_lines']} lines;
  lines with names are repeated four times with names swapped for random ones from
  `rules/names/`. {c['train_lines']} training lines. Data hash `{c['data_hash']}`.
  The held-out notes (`eval/redaction/heldout.yaml`) are never used.
- **Architecture**: spaCy's `ner` with a small network (hash embeddings of norm, prefix,
  suffix and shape, width 64; a 2-layer CNN; transition-based parser, hidden width 64).
  Augmented with decoy lines in which ordinary words become invented capitalised
  brand-like words, so unseen capitalised words are not taken for names without context.
- **Development score** ({c['dev']['lines']} lines of one sample case and every fifth tuning note,
  not trained on): recall of name characters {c['dev']['recall']:.1%}, precision of
  predicted names {c['dev']['precision']:.1%}.
- **Limits**: learned from invented text in a few dozen styles; on its own it misses
  names and finds some capitalised non-names. leder-assist never relies on it alone:
  see `leder-assist evaluate redaction` for the whole system's figures.
- **Loading**: a spaCy folder (`config.cfg`, weights in spaCy's own binary format, no
  pickled Python), loaded once per process.
"""
