"""Statistical name recognition with spaCy: the project's own trained model, and
optionally any spaCy pipeline the user has installed.

The project trains its model itself (``leder-assist train ner``, see
``leder_assist/train/ner.py``) on its invented notes with names swapped in from the
name lists; nothing is downloaded. A user may add an installed pipeline (a package
name such as ``en_core_web_sm``, or a path) with ``--spacy-model``: its PERSON entities
become extra candidates. Pipelines load once per process.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from pathlib import Path

from ..config import Settings
from ..errors import ModelError
from .spans import Candidate

log = logging.getLogger(__name__)

DEFAULT_MODEL = "ner-names"
# Long documents are cut at blank lines or line ends into pieces of about this size.
_CHUNK = 4000
_PERSON_LABELS = {"PERSON", "PER"}
_ENTITY_FACTORIES = {"ner", "entity_ruler", "beam_ner"}


@lru_cache(maxsize=4)
def load_pipeline(name_or_path: str):  # noqa: ANN201 - spacy.Language
    """Load a spaCy pipeline by package name or folder path (cached per process)."""
    import spacy

    try:
        nlp = spacy.load(name_or_path, exclude=["lemmatizer", "textcat", "parser", "tagger", "attribute_ruler"])
    except OSError:
        raise ModelError(
            f"spaCy pipeline not found: {name_or_path}",
            "give the path of a pipeline folder or the name of an installed pipeline package; "
            "leder-assist's own model is made by 'leder-assist train ner'",
        ) from None
    if not set(nlp.pipe_factories.values()) & _ENTITY_FACTORIES:
        raise ModelError(f"spaCy pipeline {name_or_path} has no named-entity recogniser",
                         "choose a pipeline with an 'ner' or 'entity_ruler' component")
    return nlp


def model_path(settings: Settings) -> Path:
    return settings.models_dir / DEFAULT_MODEL


def chunks(text: str, size: int = _CHUNK) -> list[tuple[int, str]]:
    """Cut text into (offset, piece) at line ends, so entities are not split."""
    out = []
    start = 0
    while start < len(text):
        end = min(len(text), start + size)
        if end < len(text):
            cut = text.rfind("\n", start, end)
            end = cut + 1 if cut > start else end
        out.append((start, text[start:end]))
        start = end
    return out


class NerDetector:
    """PERSON candidates from one or more spaCy pipelines."""

    def __init__(self, pipelines: list[tuple[str, str, float]]) -> None:
        # (name or path, source id for findings, score)
        self.pipelines = [(load_pipeline(p), source, score) for p, source, score in pipelines]

    @classmethod
    def from_settings(cls, settings: Settings, extra: str | None = None, own: bool = True) -> NerDetector | None:
        specs = []
        path = model_path(settings)
        if own:
            if path.exists():
                version = _version(path)
                specs.append((str(path), f"ner.{DEFAULT_MODEL}@{version}", 0.8))
            else:
                log.warning("own NER model missing; names are found by rules only (run 'leder-assist train ner')")
        if extra:
            specs.append((extra, f"ner.{Path(extra).name}", 0.75))
        return cls(specs) if specs else None

    def find(self, text: str, pieces: list[tuple[int, str]] | None = None) -> list[Candidate]:
        """PERSON spans in ``text``, or only in ``pieces`` ((offset, text) parts of it) when given."""
        out: list[Candidate] = []
        pieces = chunks(text) if pieces is None else pieces
        for nlp, source, score in self.pipelines:
            for (offset, _), doc in zip(pieces, nlp.pipe([p for _, p in pieces], batch_size=16)):
                for ent in doc.ents:
                    if ent.label_ in _PERSON_LABELS and re.search(r"[A-Za-z]", ent.text):
                        out.append(Candidate(offset + ent.start_char, offset + ent.end_char, "PERSON", score, source))
        return out


def _version(path: Path) -> str:
    import json

    try:
        return json.loads((path / "meta.json").read_text())["version"]
    except (OSError, KeyError, ValueError):
        return "unknown"
