"""A learned topic classifier alongside the keyword rules: multi-label, one logistic regression per topic
(one-vs-rest) on the tone model's features (TF-IDF of pyvi-segmented, folded words plus the lexicon
scores) and on the rules' own findings (per topic: the rule's score and whether it matched). Trained from
analysts' topic corrections plus a seed set.

The final topics of an article are the rules' topics plus the classifier's *confident* ones (probability ≥
``THRESHOLD``): the rules stay the explainable, configurable floor, and the classifier adds what the phrase
lists miss. Without the rules' findings as features the classifier had to rediscover the phrase lists from
~100 items, was unsure of everything and added as many wrong topics as right ones (rules ∪ classifier
0.672 micro-F1 against 0.675 for the rules alone, 5-fold); with them it knows where the rules are already
right and which near-misses (one body hit, score 1) tend to be the topic. Per-topic thresholds chosen by an
inner cross-validation were tried too and were worse: with ~20 positives per topic the inner folds are too
noisy to choose from. Pure: no Django; persistence is a pickle the caller places and versions.
"""

from __future__ import annotations

import json
import pickle
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from ttdn.core.text import clean
from ttdn.monitoring.analysis.tone_model import columns, features
from ttdn.monitoring.analysis.topics import DEFAULT_RULES, TOPIC_NAMES, TopicClassifier

THRESHOLD = 0.5
FORMAT = 1
Example = tuple[str, tuple[str, ...]]


@lru_cache(maxsize=1)
def _rules() -> TopicClassifier:
    return TopicClassifier(DEFAULT_RULES)


def split_title(text: str) -> tuple[str, str]:
    """The classifier's texts are "Headline. Text": (title, text) for the rules, which count title hits
    twice."""
    title, _, rest = text.partition(". ")
    return title, rest


@lru_cache(maxsize=4096)
def _rule_row(text: str) -> tuple[float, ...]:
    title, body = split_title(text)
    scores = _rules().scores(body, title)
    row: list[float] = []
    for rule in DEFAULT_RULES:
        score = scores.get(rule.code, 0.0)
        # Capped: past a few hits more phrases say nothing new, and a long article must not dominate.
        row += [min(score, 3 * rule.min_score) / rule.min_score, float(score >= rule.min_score)]
    return tuple(row)


def _rule_column(column: np.ndarray) -> np.ndarray:
    """Per rule, its score in units of its threshold and whether it matched (a module-level function so
    the fitted pipeline pickles)."""
    return np.asarray([_rule_row(str(text)) for text in column[:, 0]], dtype=float)


def _pipeline():
    from sklearn.compose import ColumnTransformer
    from sklearn.linear_model import LogisticRegression
    from sklearn.multiclass import OneVsRestClassifier
    from sklearn.pipeline import FeatureUnion, Pipeline
    from sklearn.preprocessing import FunctionTransformer

    return Pipeline(
        [
            (
                "features",
                FeatureUnion(
                    [
                        ("text", features()),
                        ("rules", ColumnTransformer([("rules", FunctionTransformer(_rule_column), [0])])),
                    ]
                ),
            ),
            (
                "model",
                OneVsRestClassifier(LogisticRegression(C=30.0, class_weight="balanced", solver="liblinear")),
            ),
        ]
    )


@dataclass
class TopicModel:
    pipeline: object
    codes: tuple[str, ...]
    version: int = 0
    n_examples: int = 0
    metrics: dict = field(default_factory=dict)
    format: int = FORMAT

    @classmethod
    def fit(cls, examples: Sequence[Example], *, version: int = 0) -> TopicModel:
        from sklearn.preprocessing import MultiLabelBinarizer

        # A topic needs positive and negative examples to be learnt; the others are left to the rules.
        counts = {code: sum(code in topics for _, topics in examples) for code in TOPIC_NAMES}
        codes = tuple(c for c, n in counts.items() if 0 < n < len(examples))
        if not codes:
            raise ValueError("need examples with and without at least one topic")
        binarizer = MultiLabelBinarizer(classes=list(codes))
        y = binarizer.fit_transform([[c for c in topics if c in codes] for _, topics in examples])
        pipeline = _pipeline()
        pipeline.fit(columns([text for text, _ in examples]), y)
        return cls(pipeline=pipeline, codes=codes, version=version, n_examples=len(examples))

    def probabilities(self, texts: Sequence[str]) -> list[dict[str, float]]:
        matrix = self.pipeline.predict_proba(columns(texts))  # type: ignore[attr-defined]
        return [{code: float(p) for code, p in zip(self.codes, row, strict=True)} for row in matrix]

    def predict(self, texts: Sequence[str], *, threshold: float = THRESHOLD) -> list[list[str]]:
        return [
            sorted((c for c, p in row.items() if p >= threshold), key=lambda c: -row[c])
            for row in self.probabilities(texts)
        ]

    def dumps(self) -> bytes:
        return pickle.dumps(self)

    @staticmethod
    def loads(data: bytes) -> TopicModel | None:
        # Only files this code wrote itself are loaded (the data directory, never user uploads).
        model = pickle.loads(data)
        return model if isinstance(model, TopicModel) and model.format == FORMAT else None


def combine(rule_codes: Sequence[str], probabilities: dict[str, float] | None) -> list[str]:
    """Rules first (their order), then the classifier's confident additions, most probable first."""
    extra = sorted(
        (c for c, p in (probabilities or {}).items() if p >= THRESHOLD and c not in rule_codes),
        key=lambda c: -(probabilities or {})[c],
    )
    return [*rule_codes, *extra]


def f1_per_topic(truth: Sequence[Iterable[str]], predicted: Sequence[Iterable[str]]) -> dict[str, float]:
    scores = {}
    pairs = [(set(t), set(p)) for t, p in zip(truth, predicted, strict=True)]
    for code in TOPIC_NAMES:
        tp = sum(code in t and code in p for t, p in pairs)
        fp = sum(code in p and code not in t for t, p in pairs)
        fn = sum(code in t and code not in p for t, p in pairs)
        scores[code] = round(2 * tp / (2 * tp + fp + fn), 3) if tp else 0.0
    return scores


def _micro_f1(truth: Sequence[Iterable[str]], predicted: Sequence[Iterable[str]]) -> float:
    pairs = [(set(t), set(p)) for t, p in zip(truth, predicted, strict=True)]
    tp = sum(len(t & p) for t, p in pairs)
    wrong = sum(len(t ^ p) for t, p in pairs)
    return round(2 * tp / (2 * tp + wrong), 3) if tp else 0.0


def cross_validate(examples: Sequence[Example], *, folds: int = 5, seed: int = 0) -> dict:
    """K-fold over the labelled set: the rules alone, the classifier alone, and rules ∪ confident
    classifier (what the articles get), each scored per topic (F1) and overall (micro-F1) on the held-out
    folds. The rules have nothing to train, so they are simply scored on the same items."""
    from sklearn.model_selection import KFold

    rules = TopicClassifier(DEFAULT_RULES)
    truth: list[tuple[str, ...]] = []
    by_rules: list[list[str]] = []
    by_model: list[list[str]] = []
    combined: list[list[str]] = []
    splitter = KFold(n_splits=folds, shuffle=True, random_state=seed)
    for train, test in splitter.split(list(examples)):
        model = TopicModel.fit([examples[i] for i in train])
        held_out = [examples[i] for i in test]
        probabilities = model.probabilities([text for text, _ in held_out])
        for (text, topics), row in zip(held_out, probabilities, strict=True):
            truth.append(topics)
            title, lead = split_title(text)  # the set's items are "Headline. Lead."
            found = rules.classify(lead, title)
            by_rules.append(found)
            by_model.append([c for c, p in row.items() if p >= THRESHOLD])
            combined.append(combine(found, row))
    return {
        "n": len(examples),
        "folds": folds,
        "rules_f1": f1_per_topic(truth, by_rules),
        "model_f1": f1_per_topic(truth, by_model),
        "combined_f1": f1_per_topic(truth, combined),
        "rules_micro_f1": _micro_f1(truth, by_rules),
        "model_micro_f1": _micro_f1(truth, by_model),
        "combined_micro_f1": _micro_f1(truth, combined),
    }


def read_examples(path: Path) -> list[Example]:
    """JSON lines ``{"text": …, "topics": [codes]}``; unknown codes are refused rather than guessed."""
    examples = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        item = json.loads(line)
        unknown = set(item["topics"]) - set(TOPIC_NAMES)
        if unknown:
            raise ValueError(f"{path.name}:{number}: unknown topics {sorted(unknown)}")
        examples.append((clean(item["text"]), tuple(item["topics"])))
    return examples


def merge(seed: Iterable[Example], corrections: Iterable[Example]) -> list[Example]:
    """Analysts' corrections win over a seed example with the same text."""
    merged = dict(seed)
    merged.update({clean(text): tuple(topics) for text, topics in corrections})
    return list(merged.items())
