import numpy as np

from gui.draw.prediction_panel import PredictionPanel, verdict


def test_confident_close_and_flat_answers_are_worded_honestly():
    sure = np.full(10, 0.005)
    sure[7] = 0.955
    assert verdict(sure) == (7, "It's a 7  ·  96% sure", True)
    close = np.full(10, 0.0125)
    close[4], close[9] = 0.5, 0.4
    digit, sentence, confident = verdict(close)
    assert (digit, confident) == (4, False) and sentence.startswith("Not sure: 4 or 9?")
    digit, sentence, confident = verdict(np.full(10, 0.1))
    assert not confident and sentence.startswith("Not sure at all")


def test_panel_shows_the_unsure_state(qtbot):
    panel = PredictionPanel()
    qtbot.addWidget(panel)
    close = np.full(10, 0.0125)
    close[4], close[9] = 0.5, 0.4
    with qtbot.waitSignal(panel.predictionChanged):
        panel.show_prediction(close, np.zeros((28, 28)))
    assert panel.digit_label.text() == "4?" and "4 or 9" in panel.verdict_label.text()
    assert panel.probabilities()[9] == 0.4
    assert np.allclose(panel.bar_values(), close * 100)  # the chart draws what it was given
    with qtbot.waitSignal(panel.predictionChanged):
        panel.clear()
    assert panel.probabilities() is None and panel.digit_label.text() == "–"
