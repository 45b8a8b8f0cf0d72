"""Test-time views: each digit is read as drawn and turned a few degrees each way."""

import numpy as np
import pytest

from model.reading.predictor import Predictor
from model.reading.views import combined, read_with_views, rotated, views_of, with_views


def bar() -> np.ndarray:
    image = np.zeros((1, 28, 28), np.float32)
    image[0, 13:15, 4:24] = 1.0
    return image


def test_a_turn_of_zero_leaves_the_digit_as_drawn_and_a_turn_keeps_its_ink(mnist_slice):
    digits = mnist_slice.x_test[:20].astype(np.float32) / 255
    np.testing.assert_allclose(rotated(digits, 0.0), digits, atol=1e-6)
    turned = rotated(digits, 3.0)
    assert np.abs(turned - digits).max() > 0.2  # it moved
    # MNIST digits sit in the middle 20×20: a small turn loses no ink off the edges.
    np.testing.assert_allclose(turned.sum(axis=(1, 2)), digits.sum(axis=(1, 2)), rtol=0.03)


def test_a_positive_turn_is_anticlockwise_on_screen():
    turned = rotated(bar(), 30.0)[0]
    rows, cols = np.nonzero(turned > 0.3)
    assert rows[cols.argmax()] < rows[cols.argmin()]  # the right end rose (rows point down)


def test_views_are_combined_by_their_geometric_mean():
    sure_seven = np.full(10, 0.01)
    sure_seven[7] = 0.91
    unsure = np.full(10, 0.1)
    both = combined(np.stack([sure_seven, unsure]), 2)[0]
    expected = np.sqrt(sure_seven * unsure)
    np.testing.assert_allclose(both, expected / expected.sum())
    np.testing.assert_array_equal(combined(np.stack([sure_seven]), 1)[0], sure_seven)
    np.testing.assert_allclose(combined(np.stack([sure_seven, sure_seven]), 2)[0], sure_seven)


def test_the_network_sees_each_digit_and_its_turns_in_one_batch():
    seen = []

    def network(views):
        seen.append(views.shape)
        return np.full((len(views), 10), 0.1)

    read = read_with_views(network, np.zeros((5, 28, 28), np.float32), (-3.0, 3.0))
    assert seen == [(15, 28, 28)] and read.shape == (5, 10)
    assert with_views(bar(), ()).shape == (1, 28, 28)


@pytest.mark.parametrize("turns", [[3.0] * 9, [90.0], ["3"], [True], 3, {"a": 1}, None])
def test_a_sidecar_asking_for_absurd_views_is_read_as_drawn(turns):
    assert views_of({"test_time_rotations": turns}) == ()


@pytest.mark.heavy(15)
def test_the_app_and_the_evaluation_read_a_model_the_same_way(bundled_model, mnist):
    """The percentages on screen (NumPy predictor) and the test accuracy in the sidecar and the
    Train tab (Keras evaluation) come from the same views, combined the same way."""
    from model.learning.train import evaluate

    images, labels = mnist.x_test[:1500], mnist.y_test[:1500]
    turns = (-3.0, 3.0)
    shown = Predictor(bundled_model, rotations=turns).predict_many(images / 255)
    evaluation = evaluate(bundled_model, images, labels, rotations=turns)
    assert np.array_equal(shown.argmax(axis=1), evaluation.predictions)
    as_drawn = Predictor(bundled_model).predict_many(images / 255).argmax(axis=1)
    assert evaluation.accuracy_as_drawn == pytest.approx(np.mean(as_drawn == labels))
