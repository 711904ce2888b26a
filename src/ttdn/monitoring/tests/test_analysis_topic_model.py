"""The learned topic classifier: multi-label on the tone model's features, combined with the rules."""

from pathlib import Path

import pytest

from ttdn.monitoring.analysis.topic_model import (
    TopicModel,
    combine,
    cross_validate,
    f1_per_topic,
    merge,
    read_examples,
)
from ttdn.monitoring.analysis.topics import TOPIC_NAMES, TopicClassifier

DATA = Path(__file__).parent / "data" / "topics" / "eval_vi.jsonl"


@pytest.fixture(scope="module")
def examples():
    return read_examples(DATA)


def test_labelled_set_covers_every_topic(examples):
    assert len(examples) >= 120
    for code in TOPIC_NAMES:
        assert sum(code in topics for _, topics in examples) >= 12, code


def test_cross_validation_reports_per_topic_f1_for_rules_model_and_both(examples):
    result = cross_validate(examples, folds=3)
    assert result["n"] == len(examples)
    for key in ("rules_f1", "model_f1", "combined_f1"):
        assert set(result[key]) == set(TOPIC_NAMES) and all(0 <= v <= 1 for v in result[key].values())
    assert result["rules_micro_f1"] > 0.5


def test_rules_and_classifier_together_are_not_worse_than_the_rules(examples):
    # The figure in docs/monitoring.md: 5-fold, held-out folds never seen in training. With the rules'
    # findings among its features the classifier only adds topics where it is right more often than not.
    result = cross_validate(examples, folds=5)
    assert result["combined_micro_f1"] >= result["rules_micro_f1"]


def test_model_learns_a_topic_the_rules_do_not_know(examples):
    # "hộp đêm" is in no rule; three analysts' corrections teach the classifier it is security news.
    corrections = [
        (
            "Kiểm tra hộp đêm ở trung tâm thành phố. Phát hiện nhiều người dương tính với chất cấm.",
            ("an-ninh-buon-lau",),
        ),
        (
            "Hộp đêm bị đình chỉ hoạt động. Chủ cơ sở tổ chức cho khách sử dụng chất cấm.",
            ("an-ninh-buon-lau",),
        ),
        (
            "Đột kích hộp đêm lúc rạng sáng. Nhiều thanh niên bị đưa về trụ sở làm việc.",
            ("an-ninh-buon-lau",),
        ),
    ]
    model = TopicModel.fit(merge(examples, corrections), version=3)
    text = "Hộp đêm ven hồ bị kiểm tra. Một số khách có biểu hiện sử dụng chất cấm."
    assert TopicClassifier().classify(text.partition(". ")[2], text.partition(". ")[0]) == []
    probabilities = model.probabilities([text])[0]
    assert max(probabilities, key=probabilities.get) == "an-ninh-buon-lau"
    restored = TopicModel.loads(model.dumps())
    assert restored is not None and restored.version == 3 and restored.codes == model.codes
    assert restored.probabilities([text])[0] == pytest.approx(probabilities)  # the rule features pickle too


def test_combine_keeps_rules_and_adds_confident_predictions():
    assert combine(["du-lich"], {"du-lich": 0.2, "van-hoa": 0.7, "dau-tu": 0.49, "thien-tai": 0.9}) == [
        "du-lich",
        "thien-tai",
        "van-hoa",
    ]
    assert combine(["du-lich"], None) == ["du-lich"]


def test_f1_and_bad_labels(tmp_path):
    scores = f1_per_topic([["du-lich"], ["van-hoa"], []], [["du-lich", "van-hoa"], [], []])
    assert scores["du-lich"] == 1.0 and scores["van-hoa"] == 0.0
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "Lễ hội", "topics": ["festival"]}\n', encoding="utf-8")
    with pytest.raises(ValueError, match="festival"):
        read_examples(bad)
