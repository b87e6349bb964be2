"""Training the theme classifier from the invented corpus in ``eval/themes/train/``.

Reproducible: the corpus is read in a fixed order, split by a hash of each text (one in
five items is the test split), and the models are deterministic (liblinear with a fixed
seed). The data hash, metrics and versions go into ``models/themes/training.json`` and
the model card, so a retrain from a clean checkout can be checked against them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from pydantic import BaseModel, ConfigDict

from .. import __version__
from ..extract.classifier import CONCERN_THEMES, MODEL_DIR, ThemeClassifier
from ..extract.themes import THEME_CODES

TEST_EVERY = 5  # one item in five (by hash of its text) is held out as the test split
THRESHOLD = 0.5


class CorpusItem(BaseModel):
    model_config = ConfigDict(extra="forbid")
    t: str
    y: list[str]


class CorpusFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    items: list[CorpusItem]


def load_corpus(folder: Path) -> list[tuple[str, list[str], str]]:
    """(text, theme codes, file name) of every item, files in name order."""
    items = []
    for path in sorted(folder.glob("*.yaml")):
        data = CorpusFile.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
        for item in data.items:
            unknown = set(item.y) - set(THEME_CODES)
            if unknown:
                raise ValueError(f"{path.name}: unknown theme code(s) {sorted(unknown)}")
            items.append((item.t.strip(), sorted(set(item.y)), path.name))
    return items


def data_hash(items: list[tuple[str, list[str], str]]) -> str:
    blob = json.dumps([[t, y] for t, y, _ in items], ensure_ascii=False, sort_keys=True).encode()
    return hashlib.sha256(blob).hexdigest()[:16]


def is_test(text: str) -> bool:
    return int(hashlib.sha256(text.encode()).hexdigest()[:8], 16) % TEST_EVERY == 0


def _words():  # noqa: ANN202 - TfidfVectorizer
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, token_pattern=r"(?u)\b\w+\b|\?")


def _features():  # noqa: ANN202 - sklearn FeatureUnion
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import FeatureUnion

    # Word prefixes (the first 5 letters of each word, "aspir", "const", "pneum") generalise
    # over word endings like character n-grams do, at the speed of a regular expression
    # (character n-grams made the classifier the slowest step of extraction).
    return FeatureUnion([
        ("words", _words()),
        ("prefixes", TfidfVectorizer(sublinear_tf=True, token_pattern=r"(?u)\b\w{1,5}")),
    ])


def build_models(seed: int) -> tuple[Any, Any]:
    from sklearn.linear_model import LogisticRegression
    from sklearn.multiclass import OneVsRestClassifier
    from sklearn.pipeline import Pipeline

    def lr() -> LogisticRegression:
        return LogisticRegression(C=8.0, class_weight="balanced", solver="liblinear", random_state=seed, max_iter=1000)

    themes = Pipeline([("features", _features()), ("clf", OneVsRestClassifier(lr()))])
    # Word features only for the document-level model: it reads whole documents, where
    # character n-grams would double the classifier's time for little gain.
    concern = Pipeline([("features", _words()), ("clf", lr())])
    return themes, concern


def _scores(y_true: np.ndarray, y_pred: np.ndarray, labels: list[str]) -> dict[str, Any]:
    tp = (y_true & y_pred).sum(axis=0)
    fp = (~y_true & y_pred).sum(axis=0)
    fn = (y_true & ~y_pred).sum(axis=0)

    def prf(t: int, p: int, n: int) -> dict[str, float]:
        prec = t / (t + p) if t + p else 0.0
        rec = t / (t + n) if t + n else 0.0
        return {"precision": round(prec, 4), "recall": round(rec, 4),
                "f1": round(2 * prec * rec / (prec + rec), 4) if prec + rec else 0.0, "support": int(t + n)}

    return {"micro": prf(int(tp.sum()), int(fp.sum()), int(fn.sum())),
            "per_label": {lab: prf(int(tp[i]), int(fp[i]), int(fn[i])) for i, lab in enumerate(labels)}}


def train(corpus_dir: Path, seed: int = 13, extra: list[Path] | None = None) -> tuple[ThemeClassifier, dict[str, Any]]:
    """Fit on the train split, score on the test split; returns the classifier and its metrics.

    ``extra`` folders hold more corpus files in the same format, such as the reviewers'
    corrections exported by the workspace (``theme-corpus.yaml``): real, redacted text that
    stays on the organisation's machine and never goes into the repository.
    """
    themes, concern_model, labels, meta = train_estimators(corpus_dir, seed, extra)
    return ThemeClassifier.from_estimators(themes, concern_model, labels, meta), meta


def train_estimators(corpus_dir: Path, seed: int = 13,
                     extra: list[Path] | None = None) -> tuple[Any, Any, list[str], dict[str, Any]]:
    """The fitted scikit-learn pipelines (themes, concern), their labels and metrics (see :func:`train`)."""
    items = load_corpus(corpus_dir)
    for folder in extra or []:
        items += load_corpus(folder)
    labels = list(THEME_CODES)
    train_items = [it for it in items if not is_test(it[0])]
    test_items = [it for it in items if is_test(it[0])]

    def matrix(rows: list) -> np.ndarray:
        return np.array([[lab in y for lab in labels] for _, y, _ in rows], dtype=bool)

    def concern(rows: list) -> np.ndarray:
        return np.array([any(c in y for c in CONCERN_THEMES) for _, y, _ in rows], dtype=int)

    themes, concern_model = build_models(seed)
    themes.fit([t for t, _, _ in train_items], matrix(train_items))
    concern_model.fit([t for t, _, _ in train_items], concern(train_items))
    texts = [t for t, _, _ in test_items]
    pred = np.asarray(themes.predict_proba(texts)) >= THRESHOLD
    c_pred = np.asarray(concern_model.predict_proba(texts))[:, 1] >= THRESHOLD
    c_true = concern(test_items).astype(bool)
    meta = {
        "version": __version__,
        "trained_at": dt.date.today().isoformat(),
        "seed": seed,
        "data_hash": data_hash(items),
        "items": len(items), "train_items": len(train_items), "test_items": len(test_items),
        "files": sorted({f for _, _, f in items}),
        "threshold": THRESHOLD,
        "test_themes": _scores(matrix(test_items), pred, labels),
        "test_concern": _scores(c_true[:, None], c_pred[:, None], ["CONCERN"])["micro"],
        "features": ("themes: TF-IDF word 1-2-grams + word prefixes (first 5 letters), sublinear tf; concern: the word"
                     " 1-2-grams only (chosen over 1-3-grams and prefix bigrams on the corpus test split)"),
        "model": "one-vs-rest logistic regression (liblinear, C=8, balanced classes); concern: logistic regression",
    }
    import sklearn

    meta["sklearn"] = sklearn.__version__
    return themes, concern_model, labels, meta


def save(classifier: ThemeClassifier, models_dir: Path, heldout: dict[str, Any] | None = None) -> Path:
    folder = models_dir / MODEL_DIR
    classifier.save(folder)
    meta = dict(classifier.meta)
    if heldout is not None:
        meta["heldout"] = heldout
    (folder / "training.json").write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    (folder / "MODEL_CARD.md").write_text(model_card(meta), encoding="utf-8")
    return folder


def model_card(meta: dict[str, Any]) -> str:
    t, c = meta["test_themes"]["micro"], meta["test_concern"]
    lines = [
        "# Model card: leder-assist theme classifier",
        "",
        f"- Version: {meta['version']} (scikit-learn {meta['sklearn']}), trained {meta['trained_at']}, seed {meta['seed']}",
        "- Files: `themes.npz` (NumPy arrays only: each vectorizer's idf, the models' weights and biases; read without"
        " pickles, so loading it cannot run code) and `themes-vocabulary.json` (labels, vocabularies and vectorizer"
        " parameters); loading checks that they agree",
        f"- Retrain: `leder-assist train themes` (the same data hash gives the same metrics; a test checks this)",
        "",
        "## Purpose",
        "Scores the 24 theme codes of `themes.md` in each sentence of a case, to find wording the theme rules miss,",
        "and gives a document-level probability that a document shows a concern theme (DEL, OVS, DET, SAFE, FAM),",
        "used as one triage signal. Advisory only: a reviewer checks every theme against its quoted evidence.",
        "",
        "## Data",
        f"Invented sentences and short notes written for this project (`eval/themes/train/`: {', '.join(meta['files'])}),",
        "in the styles of GP records, hospital letters, care-home and supported-living notes, notification forms and",
        "family conversations, with negated, hypothetical and other-person traps. No real patient data.",
        f"{meta['items']} items (data hash `{meta['data_hash']}`); one in {TEST_EVERY} (by hash of the text) is the test split:",
        f"{meta['train_items']} train, {meta['test_items']} test.",
        "",
        "## Features and model",
        f"{meta['features']}; {meta['model']}.",
        "",
        "## Metrics",
        f"Test split (sentences and notes, threshold {meta['threshold']}): theme micro precision {t['precision']:.3f},"
        f" recall {t['recall']:.3f}, F1 {t['f1']:.3f} (support {t['support']}).",
        f"Concern (document-level): precision {c['precision']:.3f}, recall {c['recall']:.3f}, F1 {c['f1']:.3f}"
        f" (support {c['support']}).",
    ]
    if "heldout" in meta:
        h = meta["heldout"]
        lines += ["",
                  f"Held-out invented cases (`eval/themes/heldout/`, {h['cases']} cases, never used for training or tuning),"
                  " case-level themes:",
                  f"- classifier alone: micro precision {h['classifier']['precision']:.3f}, recall"
                  f" {h['classifier']['recall']:.3f}, F1 {h['classifier']['f1']:.3f}",
                  f"- rules + classifier (what `leder-assist themes` reports): micro precision"
                  f" {h['combined']['precision']:.3f}, recall {h['combined']['recall']:.3f}, F1 {h['combined']['f1']:.3f}",
                  f"- themes reported that the gold lists as only negated / hypothetical / other person:"
                  f" {h['combined']['trap_false_positives']}"]
    lines += ["",
              "## Limits",
              "A small corpus written by the project's engineers: it knows the wording they thought of (the held-out",
              "cases were written by the same engineer, so held-out figures measure new cases in familiar wording). Rare themes have",
              "few examples; sentence probabilities are not calibrated. The classifier alone does not handle scope of",
              "negation well; the extractor ignores classifier evidence in sentences with a negation, hypothetical or",
              "other-person trigger.", ""]
    return "\n".join(lines)

