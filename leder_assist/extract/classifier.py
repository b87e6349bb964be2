"""The trained theme classifier: scores themes in sentences the rules may have missed.

Two scikit-learn models saved together in ``models/themes/themes.skops`` (skops' format
cannot run code when loaded; only scikit-learn, NumPy and SciPy types are trusted):

``themes``   TF-IDF of word 1-2-grams and of word prefixes (5 letters), one logistic regression
             per theme code (multi-label): probability of each theme in a sentence.
``concern``  TF-IDF of word 1-2-grams, one logistic regression: probability that a document
             shows a concern theme (DEL, OVS, DET, SAFE or FAM), the document-level
             signal for triage.

Loaded once per process (:func:`load_classifier` is cached).
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from ..config import Settings
from ..errors import ModelError

MODEL_DIR = "themes"
MODEL_FILE = "themes.skops"
CONCERN_THEMES: tuple[str, ...] = ("DEL", "OVS", "DET", "SAFE", "FAM")


class ThemeClassifier:
    """Sentence-level theme probabilities and a document-level concern probability."""

    def __init__(self, themes: Any, concern: Any, labels: list[str], meta: dict[str, Any]) -> None:
        self.themes = themes
        self.concern = concern
        self.labels = labels
        self.meta = meta
        # One matrix product for all themes instead of 24 predict_proba calls (each with
        # its own input validation): the same numbers, about a third of the time.
        features, ovr = themes.steps[0][1], themes.steps[-1][1]
        self._features = features
        self._weights = np.vstack([est.coef_ for est in ovr.estimators_]).T
        self._bias = np.array([est.intercept_[0] for est in ovr.estimators_])

    @property
    def model_id(self) -> str:
        return f"themes-classifier@{self.meta.get('version', '?')}"

    def theme_probabilities(self, texts: list[str]) -> np.ndarray:
        """Rows of texts, columns of ``self.labels``."""
        if not texts:
            return np.zeros((0, len(self.labels)))
        scores = np.asarray(self._features.transform(texts) @ self._weights) + self._bias
        return 1.0 / (1.0 + np.exp(-scores))

    def concern_probabilities(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros(0)
        return np.asarray(self.concern.predict_proba(texts))[:, 1]

    def save(self, folder: Path) -> Path:
        import skops.io as sio

        folder.mkdir(parents=True, exist_ok=True)
        path = folder / MODEL_FILE
        sio.dump({"themes": self.themes, "concern": self.concern, "labels": list(self.labels)}, path)
        return path

    @classmethod
    def from_folder(cls, folder: Path) -> ThemeClassifier:
        """Load a saved classifier, trusting only scikit-learn, NumPy and SciPy types."""
        import skops.io as sio
        from skops.io.exceptions import UntrustedTypesFoundException

        path = folder / MODEL_FILE
        if not path.exists():
            raise ModelError(f"theme classifier not found at {path}", "run: leder-assist train themes")
        # skops trusts only its default scikit-learn, NumPy and SciPy types unless told otherwise,
        # and refuses anything else; one pass (a separate get_untrusted_types() walk doubled the
        # load time, which skops spends looking up each type's module)
        try:
            obj = sio.load(path)
        except UntrustedTypesFoundException:
            raise ModelError(f"theme classifier {path} holds unexpected types; refusing to load it",
                             "retrain it with: leder-assist train themes") from None
        meta_path = folder / "training.json"
        meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
        return cls(obj["themes"], obj["concern"], list(obj["labels"]), meta)


@lru_cache(maxsize=4)
def load_classifier(settings: Settings) -> ThemeClassifier:
    """The classifier in ``models/themes``, loaded once per process."""
    return ThemeClassifier.from_folder(settings.models_dir / MODEL_DIR)
