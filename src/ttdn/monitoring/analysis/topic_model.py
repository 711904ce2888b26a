"""A learned topic classifier alongside the keyword rules: multi-label, one logistic regression per topic
(one-vs-rest) on the tone model's features (TF-IDF of pyvi-segmented, folded words plus the lexicon
scores). Trained from analysts' topic corrections plus a seed set.

The final topics of an article are the rules' topics plus the classifier's *confident* ones (probability ≥
``THRESHOLD``): the rules stay the explainable, configurable floor, and the classifier adds what the phrase
lists miss. Pure: no Django; persistence is a pickle the caller places and versions.
"""

from __future__ import annotations

import json
import pickle
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ttdn.core.text import clean
from ttdn.monitoring.analysis.tone_model import columns, features
from ttdn.monitoring.analysis.topics import DEFAULT_RULES, TOPIC_NAMES, TopicClassifier

THRESHOLD = 0.5
FORMAT = 1
Example = tuple[str, tuple[str, ...]]


def _pipeline():
    from sklearn.linear_model import LogisticRegression
    from sklearn.multiclass import OneVsRestClassifier
    from sklearn.pipeline import Pipeline

    return Pipeline(
        [
            ("features", features()),
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
            title, _, lead = text.partition(". ")  # the set's items are "Headline. Lead."
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
