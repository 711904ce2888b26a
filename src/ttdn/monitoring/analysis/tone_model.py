"""A learned tone classifier (positive / neutral / negative toward the province), trained from labelled
examples: analysts' corrections plus a seed set.

Features: TF-IDF over words segmented by pyvi (``Lạng_Sơn``, ``cửa_khẩu``) and then folded (so "hoà"/"hòa",
"đ"/"d" and missing tones agree), word unigrams and bigrams, plus the lexicon baseline's own scores as three
extra columns, so that a small training set starts from what the rules know. Logistic regression with
balanced class weights. Pure: no Django; persistence is a pickle the caller places and versions.
"""

from __future__ import annotations

import json
import pickle
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from ttdn.core.text import clean, fold
from ttdn.monitoring.analysis import sentiment

LABELS = ("negative", "neutral", "positive")
FORMAT = 1  # bump when the pickled structure changes; older files are then ignored and retrained


@lru_cache(maxsize=4096)
def segment(text: str) -> str:
    """pyvi word segmentation of the accented text (it needs the tones), then folded."""
    from pyvi import ViTokenizer  # imported late: loading its model takes a moment

    return fold(ViTokenizer.tokenize(clean(text)))


@lru_cache(maxsize=4096)
def _lexicon_row(text: str) -> tuple[float, float, float]:
    result = sentiment.score(text)
    return result.balance, float(np.log1p(result.positive)), float(np.log1p(result.negative))


def _lexicon_features(texts: Sequence[str]) -> np.ndarray:
    return np.asarray([_lexicon_row(text) for text in texts], dtype=float)


def _lexicon_column(column: np.ndarray) -> np.ndarray:
    return _lexicon_features(list(column[:, 0]))


def features(min_df: int = 1):
    """Segmented folded words (TF-IDF, unigrams and bigrams) and the lexicon's three scores; also used by
    the topic classifier. Input: ``columns(texts)``."""
    from sklearn.compose import ColumnTransformer
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.preprocessing import FunctionTransformer

    return ColumnTransformer(
        [
            (
                "words",
                TfidfVectorizer(
                    preprocessor=segment,
                    token_pattern=r"[a-z0-9_]+",
                    ngram_range=(1, 2),
                    sublinear_tf=True,
                    min_df=min_df,
                ),
                0,
            ),
            ("lexicon", FunctionTransformer(_lexicon_column), [1]),
        ]
    )


def _pipeline(min_df: int = 1):
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    return Pipeline(
        [
            ("features", features(min_df)),
            ("model", LogisticRegression(C=4.0, class_weight="balanced", max_iter=2000)),
        ]
    )


def columns(texts: Sequence[str]) -> np.ndarray:
    return np.array([[t, t] for t in texts], dtype=object)


@dataclass
class ToneModel:
    pipeline: object
    version: int = 0
    n_examples: int = 0
    metrics: dict = field(default_factory=dict)
    format: int = FORMAT

    @classmethod
    def fit(cls, texts: Sequence[str], labels: Sequence[str], *, version: int = 0) -> ToneModel:
        if len(set(labels)) < 2:
            raise ValueError("need examples of at least two tones")
        pipeline = _pipeline()
        pipeline.fit(columns(texts), list(labels))
        return cls(pipeline=pipeline, version=version, n_examples=len(texts))

    def predict(self, texts: Sequence[str]) -> list[str]:
        return [str(label) for label in self.pipeline.predict(columns(texts))]  # type: ignore[attr-defined]

    def dumps(self) -> bytes:
        return pickle.dumps(self)

    @staticmethod
    def loads(data: bytes) -> ToneModel | None:
        # Only files this code wrote itself are loaded (the data directory, never user uploads).
        model = pickle.loads(data)
        return model if isinstance(model, ToneModel) and model.format == FORMAT else None


def macro_f1(truth: Sequence[str], predicted: Sequence[str]) -> float:
    scores = []
    for label in LABELS:
        tp = sum(t == p == label for t, p in zip(truth, predicted, strict=True))
        fp = sum(p == label != t for t, p in zip(truth, predicted, strict=True))
        fn = sum(t == label != p for t, p in zip(truth, predicted, strict=True))
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(scores) / len(scores)


def accuracy(truth: Sequence[str], predicted: Sequence[str]) -> float:
    return sum(t == p for t, p in zip(truth, predicted, strict=True)) / len(truth)


def cross_validate(texts: Sequence[str], labels: Sequence[str], *, folds: int = 5, seed: int = 0) -> dict:
    """Stratified k-fold: the classifier trained on k-1 folds against the lexicon baseline on the held-out
    fold (the baseline has nothing to train, so it is simply scored on the same items)."""
    from sklearn.model_selection import StratifiedKFold

    texts, labels = list(texts), list(labels)
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    truth: list[str] = []
    learned: list[str] = []
    baseline: list[str] = []
    for train, test in splitter.split(texts, labels):
        model = ToneModel.fit([texts[i] for i in train], [labels[i] for i in train])
        held_out = [texts[i] for i in test]
        truth += [labels[i] for i in test]
        learned += model.predict(held_out)
        baseline += [sentiment.score(t).label for t in held_out]
    return {
        "n": len(texts),
        "folds": folds,
        "baseline_accuracy": round(accuracy(truth, baseline), 3),
        "baseline_macro_f1": round(macro_f1(truth, baseline), 3),
        "model_accuracy": round(accuracy(truth, learned), 3),
        "model_macro_f1": round(macro_f1(truth, learned), 3),
    }


def read_examples(path: Path) -> list[tuple[str, str]]:
    """JSON lines ``{"text": …, "label": …}``; unknown labels are refused rather than guessed."""
    examples = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        item = json.loads(line)
        if item["label"] not in LABELS:
            raise ValueError(f"{path.name}:{number}: unknown label {item['label']!r}")
        examples.append((clean(item["text"]), item["label"]))
    return examples


def merge(seed: Iterable[tuple[str, str]], corrections: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """Analysts' corrections win over a seed example with the same text."""
    merged = {text: label for text, label in seed}
    merged.update({clean(text): label for text, label in corrections})
    return list(merged.items())
