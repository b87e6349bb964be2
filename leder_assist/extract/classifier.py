"""The trained theme classifier: scores themes in sentences the rules may have missed.

Two linear models over TF-IDF features, trained with scikit-learn (``train/themes.py``):

``themes``   TF-IDF of word 1-2-grams and of word prefixes (5 letters), one logistic regression
             per theme code (multi-label): probability of each theme in a sentence.
``concern``  TF-IDF of word 1-2-grams, one logistic regression: probability that a document
             shows a concern theme (DEL, OVS, DET, SAFE or FAM), the document-level
             signal for triage.

Saved in the project's own code-free format, in ``models/themes/``:

``themes.npz``              NumPy arrays only (each vectorizer's idf, each model's weights
                            and bias), read with ``allow_pickle=False``: loading cannot run code.
``themes-vocabulary.json``  labels, each vectorizer's vocabulary and parameters (lowercase,
                            token pattern, n-gram range, sublinear tf, norm...) and the names
                            of the arrays that go with them.

Loading rebuilds scikit-learn's ``TfidfVectorizer`` from the stored vocabulary, parameters and
idf (the same matrix as the trained vectorizer's) and computes the probabilities as the trained
logistic regressions do: the logistic function of the TF-IDF matrix times the stacked
coefficients plus the intercepts (no scikit-learn estimator or pipeline is kept). The arrays'
types and shapes are checked against the vocabularies and labels; files that do not agree, the
old ``themes.skops`` and anything unreadable are refused with a ModelError that says to retrain.
Loaded once per process (:func:`load_classifier` is cached).
"""

from __future__ import annotations

import json
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from ..config import Settings
from ..errors import ModelError

MODEL_DIR = "themes"
MODEL_FILE = "themes.npz"
VOCABULARY_FILE = "themes-vocabulary.json"
OLD_MODEL_FILE = "themes.skops"  # the earlier format (skops): no longer read, the model is retrained
FORMAT = "leder-assist-themes"
FORMAT_VERSION = 1
CONCERN_THEMES: tuple[str, ...] = ("DEL", "OVS", "DET", "SAFE", "FAM")
RETRAIN = "run: leder-assist train themes"

# The TfidfVectorizer parameters that shape its output, stored with each vocabulary. Any other
# parameter (a tokenizer or preprocessor function, another input type or dtype) cannot be stored
# in a file that holds no code, and saving refuses a vectorizer that uses one.
VECTORIZER_PARAMS: dict[str, tuple[type, ...]] = {
    "analyzer": (str,), "binary": (bool,), "lowercase": (bool,), "ngram_range": (list,), "norm": (str, type(None)),
    "smooth_idf": (bool,), "stop_words": (str, list, type(None)), "strip_accents": (str, type(None)),
    "sublinear_tf": (bool,), "token_pattern": (str,), "use_idf": (bool,),
}
VECTORIZER_CHOICES: dict[str, tuple[Any, ...]] = {
    "analyzer": ("word", "char", "char_wb"), "norm": ("l1", "l2", None), "strip_accents": (None, "ascii", "unicode"),
}
FIXED_PARAMS: dict[str, Any] = {"input": "content", "encoding": "utf-8", "decode_error": "strict",
                                "preprocessor": None, "tokenizer": None}


class _BadModel(ValueError):
    """The model files do not hold what the loader expects (reported as a ModelError)."""


@dataclass
class LinearModel:
    """TF-IDF features (one or more vectorizers side by side) and a linear layer over them."""

    vectorizers: list[Any]  # fitted sklearn TfidfVectorizer
    weights: np.ndarray  # (features, outputs)
    bias: np.ndarray  # (outputs,)

    def scores(self, texts: list[str]) -> np.ndarray:
        """The decision values (texts, outputs): the features times the weights, plus the bias."""
        parts = [v.transform(texts) for v in self.vectorizers]
        if len(parts) == 1:
            features = parts[0]
        else:
            from scipy import sparse

            # what scikit-learn's FeatureUnion does (without transformer weights)
            features = sparse.hstack(parts).tocsr()
        return np.asarray(features @ self.weights) + self.bias


class ThemeClassifier:
    """Sentence-level theme probabilities and a document-level concern probability."""

    def __init__(self, spec: dict[str, Any], arrays: dict[str, np.ndarray], meta: dict[str, Any]) -> None:
        """From the saved form (the JSON description and the arrays), checked against each other."""
        self.themes, self.concern, self.labels = _models(spec, arrays)
        self.meta = meta
        self._spec, self._arrays = spec, arrays

    @classmethod
    def from_estimators(cls, themes: Any, concern: Any, labels: list[str], meta: dict[str, Any]) -> ThemeClassifier:
        """From the fitted scikit-learn pipelines of ``train/themes.py``: ``themes`` a FeatureUnion
        of TfidfVectorizers and a one-vs-rest logistic regression, ``concern`` a TfidfVectorizer and
        a binary logistic regression. Goes through the saved form, so that a freshly trained
        classifier computes exactly what the same classifier computes once saved and loaded."""
        spec, arrays = _to_parts(themes, concern, labels)
        return cls(spec, arrays, meta)

    @property
    def model_id(self) -> str:
        return f"themes-classifier@{self.meta.get('version', '?')}"

    def theme_probabilities(self, texts: list[str]) -> np.ndarray:
        """Rows of texts, columns of ``self.labels``."""
        if not texts:
            return np.zeros((0, len(self.labels)))
        # One matrix product for all themes instead of 24 predict_proba calls (each with
        # its own input validation): the same numbers, about a third of the time.
        return 1.0 / (1.0 + np.exp(-self.themes.scores(texts)))

    def concern_probabilities(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros(0)
        from scipy.special import expit  # what LogisticRegression.predict_proba uses (binary: [:, 1])

        return expit(self.concern.scores(texts)[:, 0])

    # -- the saved form ------------------------------------------------------------------
    def save(self, folder: Path) -> Path:
        """Write ``themes.npz`` and ``themes-vocabulary.json``; returns the .npz path."""
        spec, arrays = self._spec, self._arrays
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / MODEL_FILE
        tmp = folder / (MODEL_FILE + ".tmp.npz")
        np.savez_compressed(tmp, **arrays)
        tmp.replace(path)
        text = json.dumps(spec, ensure_ascii=False, indent=1) + "\n"
        tmp_json = folder / (VOCABULARY_FILE + ".tmp")
        tmp_json.write_text(text, encoding="utf-8")
        tmp_json.replace(folder / VOCABULARY_FILE)
        return path

    @classmethod
    def from_folder(cls, folder: Path) -> ThemeClassifier:
        """Load a saved classifier: arrays without pickles, a JSON file, and checks that they agree."""
        path, vocab_path = folder / MODEL_FILE, folder / VOCABULARY_FILE
        if not path.exists():
            if (folder / OLD_MODEL_FILE).exists():
                raise ModelError(f"theme classifier {folder / OLD_MODEL_FILE} is in the old skops format, which this"
                                 " version no longer reads", RETRAIN)
            raise ModelError(f"theme classifier not found at {path}", RETRAIN)
        if not vocab_path.exists():
            raise ModelError(f"theme classifier {path} has no {VOCABULARY_FILE} beside it", RETRAIN)
        try:
            spec = _read_json(vocab_path)
            arrays = _read_arrays(path)
            meta_path = folder / "training.json"
            meta = _read_json(meta_path) if meta_path.exists() else {}
            return cls(spec, arrays, meta)
        except (_BadModel, OSError) as exc:
            raise ModelError(f"theme classifier in {folder} cannot be loaded: {exc}; refusing to load it",
                             RETRAIN) from None


@lru_cache(maxsize=4)
def load_classifier(settings: Settings) -> ThemeClassifier:
    """The classifier in ``models/themes``, loaded once per process."""
    return ThemeClassifier.from_folder(settings.models_dir / MODEL_DIR)


# -- to and from the saved form -------------------------------------------------------------
def _models(spec: Any, arrays: dict[str, np.ndarray]) -> tuple[LinearModel, LinearModel, list[str]]:
    """The themes and concern models and the labels, once the description and arrays agree."""
    if not isinstance(spec, dict) or spec.get("format") != FORMAT:
        raise _BadModel(f"{VOCABULARY_FILE} is not a {FORMAT} file")
    if spec.get("format_version") != FORMAT_VERSION:
        raise _BadModel(f"format version {spec.get('format_version')!r}, this version reads {FORMAT_VERSION}")
    if set(spec) != {"format", "format_version", "labels", "models"}:
        raise _BadModel(f"unexpected keys in {VOCABULARY_FILE}: {sorted(spec)}")
    labels = spec["labels"]
    if (not isinstance(labels, list) or not labels or not all(isinstance(x, str) for x in labels)
            or len(set(labels)) != len(labels)):
        raise _BadModel("the labels are not a list of distinct theme codes")
    models = spec["models"]
    if not isinstance(models, dict) or set(models) != {"themes", "concern"}:
        raise _BadModel("the file must describe the models 'themes' and 'concern'")
    used: set[str] = set()
    themes = _linear_model("themes", models["themes"], arrays, len(labels), used)
    concern = _linear_model("concern", models["concern"], arrays, 1, used)
    if used != set(arrays):
        raise _BadModel(f"arrays not described by {VOCABULARY_FILE}: {sorted(set(arrays) - used)}")
    return themes, concern, list(labels)


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _BadModel(f"{path.name} is not valid JSON ({exc})") from None


def _read_arrays(path: Path) -> dict[str, np.ndarray]:
    """Every array of the .npz; pickled (object) data is refused by NumPy itself."""
    try:
        npz = np.load(path, allow_pickle=False)
        if not isinstance(npz, np.lib.npyio.NpzFile):
            raise _BadModel(f"{path.name} holds one array, not a .npz archive of named arrays")
        with npz:
            return {name: npz[name] for name in npz.files}
    except _BadModel:
        raise
    except ValueError as exc:
        if "pickle" in str(exc):  # an object array, or a file NumPy can only read as a pickle: never unpickled
            raise _BadModel(f"{path.name} holds pickled (object) data or is not a NumPy file; pickles are never"
                            " loaded (allow_pickle=False)") from None
        raise _BadModel(f"{path.name} is not a readable .npz file ({exc})") from None
    except (zipfile.BadZipFile, EOFError, KeyError) as exc:
        raise _BadModel(f"{path.name} is not a readable .npz file ({exc})") from None


def _take(arrays: dict[str, np.ndarray], name: Any, shape: tuple[int, ...], what: str, used: set[str]) -> np.ndarray:
    """The float64 array ``name`` of ``shape``; each array serves one purpose only."""
    if not isinstance(name, str) or name not in arrays:
        raise _BadModel(f"{what}: array {name!r} is not in {MODEL_FILE}")
    if name in used:
        raise _BadModel(f"{what}: array {name!r} is named twice")
    used.add(name)
    arr = arrays[name]
    if arr.dtype != np.float64:
        raise _BadModel(f"{what}: array {name!r} is {arr.dtype}, not float64")
    if arr.shape != shape:
        raise _BadModel(f"{what}: array {name!r} has shape {arr.shape}, expected {shape}")
    if not np.isfinite(arr).all():
        raise _BadModel(f"{what}: array {name!r} holds values that are not finite")
    return arr


def _vectorizer(what: str, spec: Any, arrays: dict[str, np.ndarray], used: set[str]) -> Any:
    """A TfidfVectorizer rebuilt from its vocabulary (terms in column order), parameters and idf."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    if not isinstance(spec, dict) or set(spec) != {"name", "params", "vocabulary", "idf"}:
        raise _BadModel(f"{what}: a vectorizer needs exactly name, params, vocabulary and idf")
    params, terms = spec["params"], spec["vocabulary"]
    if not isinstance(params, dict) or set(params) != set(VECTORIZER_PARAMS):
        raise _BadModel(f"{what}: vectorizer parameters must be exactly {sorted(VECTORIZER_PARAMS)}")
    for key, types in VECTORIZER_PARAMS.items():
        if not isinstance(params[key], types):
            raise _BadModel(f"{what}: vectorizer parameter {key} has the wrong type")
    for key, choices in VECTORIZER_CHOICES.items():
        if params[key] not in choices:
            raise _BadModel(f"{what}: vectorizer parameter {key}={params[key]!r} is not one of {choices}")
    stop = params["stop_words"]
    if not (stop is None or stop == "english" or (isinstance(stop, list) and all(isinstance(w, str) for w in stop))):
        raise _BadModel(f"{what}: stop_words must be none, 'english' or a list of words")
    ngram = params["ngram_range"]
    if len(ngram) != 2 or not all(isinstance(n, int) and not isinstance(n, bool) for n in ngram) \
            or not 1 <= ngram[0] <= ngram[1]:
        raise _BadModel(f"{what}: ngram_range {ngram!r} is not two whole numbers")
    if not params["use_idf"]:
        raise _BadModel(f"{what}: only vectorizers with idf weights are stored")
    if not isinstance(terms, list) or not terms or not all(isinstance(t, str) for t in terms):
        raise _BadModel(f"{what}: the vocabulary is not a list of terms")
    vocabulary = {t: i for i, t in enumerate(terms)}
    if len(vocabulary) != len(terms):
        raise _BadModel(f"{what}: the vocabulary repeats a term")
    idf = _take(arrays, spec["idf"], (len(terms),), f"{what} idf", used)
    vec = TfidfVectorizer(vocabulary=vocabulary, **{**params, "ngram_range": tuple(ngram)})
    try:
        vec.idf_ = idf
    except ValueError as exc:
        raise _BadModel(f"{what}: {exc}") from None
    return vec


def _linear_model(what: str, spec: Any, arrays: dict[str, np.ndarray], outputs: int, used: set[str]) -> LinearModel:
    if not isinstance(spec, dict) or set(spec) != {"features", "weights", "bias"}:
        raise _BadModel(f"{what}: a model needs exactly features, weights and bias")
    if not isinstance(spec["features"], list) or not spec["features"]:
        raise _BadModel(f"{what}: no feature vectorizers")
    vectorizers = [_vectorizer(f"{what} features {i}", v, arrays, used) for i, v in enumerate(spec["features"])]
    n_features = sum(len(v.vocabulary_) for v in vectorizers)
    weights = _take(arrays, spec["weights"], (n_features, outputs), f"{what} weights", used)
    bias = _take(arrays, spec["bias"], (outputs,), f"{what} bias", used)
    return LinearModel(vectorizers, weights, bias)


def _vectorizer_parts(prefix: str, name: str, vec: Any, arrays: dict[str, np.ndarray]) -> dict[str, Any]:
    params = vec.get_params()
    for key, value in FIXED_PARAMS.items():
        if params[key] != value:
            raise ValueError(f"vectorizer {name}: {key}={params[key]!r} cannot be saved (only {value!r})")
    if params["dtype"] is not np.float64 or params["analyzer"] not in VECTORIZER_CHOICES["analyzer"] \
            or not params["use_idf"]:
        raise ValueError(f"vectorizer {name}: only float64 TF-IDF word or character analyzers can be saved")
    stored = {key: params[key] for key in VECTORIZER_PARAMS}
    stored["ngram_range"] = list(stored["ngram_range"])
    if isinstance(stored["stop_words"], (set, frozenset, tuple)):
        stored["stop_words"] = sorted(stored["stop_words"])
    terms = [t for t, _ in sorted(vec.vocabulary_.items(), key=lambda item: item[1])]
    if [vec.vocabulary_[t] for t in terms] != list(range(len(terms))):
        raise ValueError(f"vectorizer {name}: vocabulary columns are not 0..n-1")
    arrays[f"{prefix}_{name}_idf"] = np.asarray(vec.idf_, dtype=np.float64)
    return {"name": name, "params": stored, "vocabulary": terms, "idf": f"{prefix}_{name}_idf"}


def _model_parts(prefix: str, named_vectorizers: list[tuple[str, Any]], weights: np.ndarray, bias: np.ndarray,
                 arrays: dict[str, np.ndarray]) -> dict[str, Any]:
    features = [_vectorizer_parts(prefix, name, vec, arrays) for name, vec in named_vectorizers]
    arrays[f"{prefix}_weights"] = np.ascontiguousarray(weights, dtype=np.float64)
    arrays[f"{prefix}_bias"] = np.ascontiguousarray(bias, dtype=np.float64)
    return {"features": features, "weights": f"{prefix}_weights", "bias": f"{prefix}_bias"}


def _to_parts(themes: Any, concern: Any, labels: list[str]) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    """The JSON description and arrays of the fitted scikit-learn pipelines."""
    union, ovr = themes.steps[0][1], themes.steps[-1][1]
    if getattr(union, "transformer_weights", None):
        raise ValueError("a FeatureUnion with transformer_weights cannot be saved")
    if len(ovr.estimators_) != len(labels):
        raise ValueError(f"{len(ovr.estimators_)} theme models for {len(labels)} labels")
    lr = concern.steps[-1][1]
    if lr.coef_.shape[0] != 1 or len(lr.classes_) != 2:
        raise ValueError("the concern model must be a binary logistic regression")
    arrays: dict[str, np.ndarray] = {}
    spec = {
        "format": FORMAT, "format_version": FORMAT_VERSION, "labels": list(labels),
        "models": {
            "themes": _model_parts("themes", list(union.transformer_list),
                                   np.vstack([est.coef_ for est in ovr.estimators_]).T,
                                   np.array([est.intercept_[0] for est in ovr.estimators_]), arrays),
            "concern": _model_parts("concern", [(concern.steps[0][0], concern.steps[0][1])],
                                    lr.coef_.T, np.asarray(lr.intercept_), arrays),
        },
    }
    return spec, arrays
