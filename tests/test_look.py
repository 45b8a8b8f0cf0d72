"""The window follows the desktop's look: dark palettes, HiDPI screens, charts that stay
readable and bounded."""

import json
import subprocess
import sys
import textwrap

import numpy as np
import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from tests.conftest import ROOT
from tests.gui_helpers import dark_palette, draw, seven


@pytest.fixture
def dark(qapp):
    before = qapp.palette()
    qapp.setPalette(dark_palette())
    yield
    qapp.setPalette(before)
    qapp.processEvents()


def lightness(image, x, y) -> int:
    return QColor(image.pixel(x, y)).lightness()


def test_dark_palette_darkens_every_view_and_keeps_the_ink_light(make_window, dark, qtbot):
    window = make_window()
    canvas = window.canvas
    draw(canvas, seven(canvas))
    shot = canvas.grab().toImage()
    assert lightness(shot, 5, canvas.height() - 5) < 60  # dark paper
    strokes = canvas.drawing.strokes[0].points
    x, y = (round(v) for v in strokes[len(strokes) // 2][:2])
    assert lightness(shot, x, y) > 200  # light ink, the way MNIST looks
    chart = window.panel.chart_view.grab().toImage()
    assert lightness(chart, 3, 3) < 80
    tab = window.training_tab
    window.tabs.setCurrentWidget(tab)
    qtbot.waitExposed(tab)
    assert lightness(tab.chart.grab().toImage(), 3, 3) < 80
    tab.confusion_view.set_matrix(np.eye(10, dtype=int) * 980 + 2)
    tab.details.setCurrentWidget(tab.confusion_view)
    matrix = tab.confusion_view.grab().toImage()
    assert lightness(matrix, 2, 2) < 80
    # What the model sees does not depend on the look.
    assert window.panel.probabilities() is not None and np.argmax(
        window.panel.probabilities()) == 7


def test_switching_back_to_light_repaints(make_window, qapp):
    window = make_window(ready=False)
    canvas = window.canvas
    before = qapp.palette()
    qapp.setPalette(dark_palette())
    qapp.processEvents()  # Qt delivers palette changes through the event loop
    dark_paper = lightness(canvas.grab().toImage(), 5, 5)
    qapp.setPalette(before)
    qapp.processEvents()
    light_paper = lightness(canvas.grab().toImage(), 5, 5)
    assert dark_paper < 60 < 200 < light_paper


def test_four_digit_counts_fit_their_cells(qtbot):
    from PySide6.QtGui import QFont, QFontMetricsF

    from gui.train.result_views import ConfusionMatrixView

    view = ConfusionMatrixView()
    qtbot.addWidget(view)
    matrix = np.full((10, 10), 3)
    np.fill_diagonal(matrix, 1135)
    view.set_matrix(matrix)
    for size in ((420, 260), (520, 420), (900, 700)):
        view.resize(*size)
        grid, point_size = view.layout_cells()
        assert point_size is not None
        font = QFont(view.font())
        font.setPointSizeF(point_size)
        assert QFontMetricsF(font).horizontalAdvance("1135") <= grid.width() / 10 - 2
        assert QFontMetricsF(font).height() <= grid.height() / 10 + 1
        # The grid fills the space it is given (one side or the other).
        assert max(grid.width() / (size[0] - 40), grid.height() / (size[1] - 34)) > 0.9
    view.resize(220, 120)  # too small for readable numbers: none are drawn, tooltips tell
    assert view.layout_cells()[1] is None


def test_the_training_chart_keeps_a_bounded_number_of_points(qtbot):
    from gui.train.training_chart import MAX_POINTS, TrainingChart

    chart = TrainingChart()
    qtbot.addWidget(chart)
    chart.reset(100)
    batches = 20_000  # 100 epochs at ~10 updates a second of a long run
    for i in range(1, batches + 1):
        chart.add_batch(i / 200, 1.0 / i, min(0.99, i / batches))
    for series in (chart.loss_series, chart.accuracy_series):
        points = series.points()
        assert MAX_POINTS // 2 <= len(points) <= MAX_POINTS
        xs = [p.x() for p in points]
        assert xs == sorted(xs) and xs[0] <= 0.05 and xs[-1] == 100.0  # the whole run, in order


DRAW_AT_SCALE = textwrap.dedent("""
    import json, os, sys
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    os.environ["QT_SCALE_FACTOR"] = sys.argv[1]
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    import numpy as np
    from gui.draw.canvas import DrawingCanvas
    from gui.draw.prediction_panel import PredictionPanel, PREVIEW_SIZE
    from model.reading.preprocess import to_mnist
    from tests.gui_helpers import dark_palette, draw, seven
    canvas = DrawingCanvas()
    canvas.resize(400, 400)
    canvas.show()
    draw(canvas, seven(canvas, 0.6))
    tensor = to_mnist(canvas.ink())
    panel = PredictionPanel()
    panel.show()
    panel.show_prediction(np.full(10, 0.1), tensor)
    shot = canvas.grab()
    print(json.dumps({"ratio": canvas.devicePixelRatioF(), "tensor": tensor.tolist(),
                      "canvas_pixels": shot.width(),
                      "preview_pixels": panel.preview.pixmap().width(),
                      "preview_logical": PREVIEW_SIZE}))
""")


def draw_at_scale(scale: str) -> dict:
    output = subprocess.run([sys.executable, "-c", DRAW_AT_SCALE, scale], cwd=ROOT,
                            capture_output=True, text=True, timeout=120, check=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def test_hidpi_is_sharp_and_the_model_input_is_identical():
    one, two = draw_at_scale("1"), draw_at_scale("2")
    assert (one["ratio"], two["ratio"]) == (1.0, 2.0)
    assert np.array_equal(np.array(one["tensor"]), np.array(two["tensor"]))
    # Device pixels, not blown-up logical ones: ink and preview stay sharp.
    assert two["canvas_pixels"] == 2 * one["canvas_pixels"]
    assert two["preview_pixels"] == 2 * one["preview_logical"]


def test_palette_roles_not_fixed_colours_in_gui():
    """Colours are named in gui/style.py only."""
    import re

    offenders = []
    for path in (ROOT / "gui").rglob("*.py"):
        if path.name == "style.py":
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if re.search(r"#[0-9a-fA-F]{6}\b", line):
                offenders.append(f"{path.name}:{number}")
    assert not offenders
    assert QApplication.instance() is not None
