"""The learned tone classifier against the lexicon baseline, on the Vietnamese set written for it."""

from collections import Counter
from pathlib import Path

import pytest

from ttdn.monitoring.analysis.tone_model import (
    ToneModel,
    accuracy,
    cross_validate,
    macro_f1,
    merge,
    read_examples,
    segment,
)

EVAL = Path(__file__).parent / "data" / "tone" / "eval_vi.jsonl"


def test_evaluation_set_is_large_balanced_and_unique():
    examples = read_examples(EVAL)
    assert len(examples) >= 150
    assert len({text for text, _ in examples}) == len(examples)
    assert set(Counter(label for _, label in examples).values()) == {60}


def test_segmentation_joins_words_then_folds():
    assert segment("Cửa khẩu Hữu Nghị thông quan thuận lợi") == "cua_khau huu_nghi thong_quan thuan_loi"


def test_metrics():
    truth = ["positive", "negative", "neutral", "neutral"]
    guess = ["positive", "neutral", "neutral", "negative"]
    assert accuracy(truth, guess) == 0.5
    assert macro_f1(truth, guess) == pytest.approx((1.0 + 0.0 + 0.5) / 3)


def test_corrections_override_the_seed():
    merged = dict(merge([("Tin tốt", "positive"), ("Tin xấu", "negative")], [("Tin tốt", "neutral")]))
    assert merged == {"Tin tốt": "neutral", "Tin xấu": "negative"}


def test_unknown_label_is_refused(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": "x", "label": "tích cực"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.jsonl:1"):
        read_examples(path)


def test_classifier_beats_the_baseline_in_cross_validation():
    examples = read_examples(EVAL)
    result = cross_validate([t for t, _ in examples], [label for _, label in examples], folds=5)
    assert result["n"] == 180
    assert result["model_macro_f1"] > result["baseline_macro_f1"]
    assert result["model_accuracy"] > result["baseline_accuracy"]


def test_model_round_trips_and_learns_what_it_is_taught():
    examples = read_examples(EVAL)
    model = ToneModel.fit([t for t, _ in examples], [label for _, label in examples], version=3)
    again = ToneModel.loads(model.dumps())
    assert again is not None and again.version == 3
    assert again.predict(["Buôn lậu ma túy qua biên giới Lạng Sơn gia tăng."]) == ["negative"]
    assert again.predict(["Du khách hài lòng, khen Lạng Sơn mến khách."]) == ["positive"]
