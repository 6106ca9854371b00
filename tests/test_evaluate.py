"""Scoring, on hand-made records (no model needed)."""

from evals.evaluate import below_baseline, expected_found, retrieval_question, score, summarize


def record(answer, docs=(), abstained=False, sentence=""):
    return {"id": "x", "answer": answer, "abstained": abstained, "latency_s": 1.0, "ttft_s": 0.5,
            "citations": [{"doc": d, "title": "", "sentence": sentence} for d in docs]}


def test_a_figure_is_found_in_any_notation():
    assert expected_found("1.217,78 triệu USD", "Hoa Binh exported 1,217.78 million USD [1].")
    assert expected_found("12", "Hà Giang ký mới 12 thỏa thuận [1].")
    assert not expected_found("12", "Hà Giang ký mới 24 thỏa thuận [1].")
    assert expected_found("Vũ Bình", "đồng chí Vu Binh [1]")


def test_scoring_answers_abstentions_and_ungrounded_numbers():
    row = {"q": "?", "kind": "count", "expect": ["484"], "doc": ["bg"]}
    good = score(row, record("484 dự án FDI [1].", ["bg"], sentence="Bắc Giang có 484 dự án FDI."))
    invented = score(row, record("484 dự án và 17 dự án [1].", ["bg"], sentence="Bắc Giang có 484 dự án FDI."))
    wrong_doc = score(row, record("484 dự án FDI [1].", ["hy"], sentence="có 484 dự án FDI."))
    abstain = score({"q": "?", "kind": "unanswerable", "doc": []}, record("Không có thông tin.", abstained=True))
    assert good["correct"] and not wrong_doc["correct"] and abstain["correct"]
    assert invented["ungrounded_numbers"] == ["17"]
    summary = summarize([good, invented, wrong_doc, abstain])
    assert summary["figure_accuracy"] == 1.0 and summary["citation_accuracy"] == round(2 / 3, 3)
    assert summary["abstention_recall"] == 1.0 and summary["grounded_figure_rate"] == round(1 - 1 / 4, 3)


def test_the_gate_names_the_metrics_below_baseline():
    assert below_baseline({"figure_accuracy": 0.9, "citation_accuracy": 1.0},
                          {"figure_accuracy": 0.95, "citation_accuracy": 0.95}) == [
        "figure_accuracy: 0.9 < baseline 0.95"]


def test_templated_retrieval_question():
    sentence = "Lũy kế đến nay, Bắc Giang có 484 dự án FDI đang hoạt động."
    figure = {"sentence": sentence, "sentence_start": 100, "start": 100 + sentence.index("484"), "text": "484 dự án FDI",
              "number": "484", "province": "Bắc Giang", "unit": "du an fdi"}
    assert retrieval_question(figure) == "Bắc Giang: Lũy kế đến nay, Bắc Giang có bao nhiêu dự án FDI?"


def test_a_phrase_expected_is_found_as_written_but_not_inside_a_longer_number():
    assert expected_found("13 đến 16/6", "ngày 13 đến 16/6 [1].")
    assert not expected_found("3 đến 16/6", "ngày 13 đến 16/6 [1].")
    assert not expected_found("12", "Hà Giang ký mới 112 thỏa thuận [1].")
    # A day expected on its own is found in a span of dates, where no figure is read.
    assert expected_found("19", "ngày 19 đến 22/10/2024 [1].")
    assert not expected_found("10", "ngày 19 đến 22/10/2024 [1].")
