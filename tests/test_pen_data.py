"""Real pen digits (model.learning.pen_data): split by writer, rendered as the canvas renders,
varied at the stroke level every epoch, and learnt by the bundled model."""

import numpy as np
import pytest

from model.learning import drawing, pen_data
from model.learning.pen_data import TEST, TRAINING, VALIDATION


def test_writers_are_split_never_digits_and_enough_are_held_out(unipen):
    parts = {name: set(unipen.part(name).writers.tolist())
             for name in (TRAINING, VALIDATION, TEST)}
    assert not parts[TRAINING] & parts[VALIDATION]
    assert not parts[TRAINING] & parts[TEST] and not parts[VALIDATION] & parts[TEST]
    assert sum(map(len, parts.values())) == len(set(unipen.writers.tolist())) == 236
    assert len(parts[TEST]) >= 40 and len(parts[VALIDATION]) >= 30
    assert len(unipen.part(TEST)) >= 1500  # enough digits for a figure to a tenth of a point


def test_the_app_ships_exactly_the_training_and_validation_writers_digits(unipen, tmp_path):
    shipped = pen_data.training_digits()
    assert (len(shipped), len(set(shipped.writers.tolist()))) == \
        (pen_data.TRAINING_DIGITS, pen_data.TRAINING_WRITERS)
    assert {pen_data.split_of(w) for w in shipped.writers.tolist()} == {TRAINING}
    training = unipen.part(TRAINING)
    np.testing.assert_array_equal(shipped.labels, training.labels)
    for i in (0, 4321, len(training) - 1):  # strokes kept to float16 precision
        for a, b in zip(shipped.strokes(i), training.strokes(i)):
            np.testing.assert_allclose(a, b, atol=5e-4)
    validation = pen_data.validation_digits()
    np.testing.assert_array_equal(validation.labels, unipen.part(VALIDATION).labels)
    assert validation.writer_names == unipen.part(VALIDATION).writer_names
    # `make pen-data` rebuilds the same files
    from model.cli import main

    assert main(["pen-data", "--source", str(pen_data.shared_file()),
                 "--out", str(tmp_path / "pen.npz"),
                 "--validation-out", str(tmp_path / "validation.npz")]) == 0
    assert (tmp_path / "pen.npz").read_bytes() == pen_data.BUNDLED.read_bytes()
    assert (tmp_path / "validation.npz").read_bytes() == \
        pen_data.VALIDATION_BUNDLE.read_bytes()


def test_a_bundle_with_held_out_writers_or_a_broken_file_is_refused(unipen, tmp_path):
    leaky = unipen.select(np.arange(0, len(unipen), 50))
    pen_data.save_bundle(leaky, tmp_path / "leaky.npz")
    with pytest.raises(pen_data.PenDataError, match="not training writers"):
        pen_data.training_digits(tmp_path / "leaky.npz")
    (tmp_path / "broken.npz").write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(pen_data.PenDataError, match="Could not read the real pen digits"):
        pen_data.training_digits(tmp_path / "broken.npz")


def test_each_epoch_varies_the_real_strokes_afresh():
    digits = pen_data.training_digits().select(np.arange(0, 10816, 541))  # 20 digits
    as_written = pen_data.rendered(digits)
    first, again = pen_data.varied(digits, (1, 0, 0)), pen_data.varied(digits, (1, 0, 0))
    second = pen_data.varied(digits, (1, 1, 0))
    np.testing.assert_array_equal(first, again)  # a seed names an epoch exactly
    changed = [not np.array_equal(a, b) for a, b in zip(first, second)]
    assert sum(changed) >= 15  # three in four are varied, and differently every epoch
    assert first.shape == as_written.shape == (20, 28, 28) and first.dtype == np.uint8
    assert all(image.max() == 255 for image in first)  # MNIST's layout: full-strength ink


def test_a_varied_real_digit_is_still_that_digit(bundled_model):
    from model.learning.train import evaluate

    digits = pen_data.training_digits().select(np.arange(0, 10816, 27))  # 401 digits
    varied = pen_data.varied(digits, 5)
    assert evaluate(bundled_model, varied, digits.labels).accuracy >= 0.95


def test_the_canvas_shows_the_model_what_training_rendered(make_window, unipen):
    """A real digit replayed with mouse events becomes the tensor the model trained on."""
    from model.reading.preprocess import to_mnist
    from tests.gui_helpers import draw_in_unit_box

    window = make_window()
    canvas = window.canvas
    held_out = unipen.part(TEST)
    differences = []
    for i in range(0, len(held_out), 177):
        canvas.clear()
        draw_in_unit_box(canvas, held_out.strokes(i))
        seen = to_mnist(canvas.ink())
        trained = pen_data.render(held_out.strokes(i)) / 255
        differences.append(np.abs(seen - trained).mean())
    # Only the mouse's whole-pixel positions differ (measured: 0.001-0.023 a pixel, mean 0.006)
    assert max(differences) < 0.03 and np.mean(differences) < 0.01


def test_a_run_learns_real_pen_digits_drawn_afresh_every_epoch(mnist_slice, monkeypatch):
    import model.learning.train as train
    from model.keeping.store import build_metadata, describe

    digits = pen_data.training_digits().select(np.arange(0, 10816, 36))  # 301 digits
    drawn = []

    class Recorded(drawing.PenEpoch):
        def __init__(self, workers, digits, count, seed, epoch):
            drawn.append((seed, epoch))
            super().__init__(workers, digits, count, seed, epoch)

    monkeypatch.setattr(train, "PenEpoch", Recorded)
    config = train.TrainConfig("book", epochs=3, batch_size=100, seed=3, pen=True)
    result = train.fit(mnist_slice.subset(train=600), config, pen_digits=digits)
    assert drawn == [(3, 0), (3, 1), (3, 2)]  # one fresh set per epoch
    # beside a hundredth of MNIST, a hundredth of the pen digits: a new choice every epoch
    assert result.samples_seen == 3 * (600 + 3)
    assert (result.pen_digits, result.pen_writers) == \
        (301, len(set(digits.writers.tolist())))
    metadata = build_metadata(result, "mnist.npz")
    assert metadata["pen_digits"] == 301 and "UNIPEN" in metadata["pen_credit"]
    assert "real pen digits" in metadata["recipe"] and "real pen digits" in describe(metadata)


def test_the_fast_recipe_varies_a_quarter_of_the_pen_digits_afresh_each_epoch():
    """Drawing every pen digit afresh costs a third of a fast epoch: beside all of MNIST the
    fast recipe redraws them a quarter at a time, in turn, and keeps their labels in place."""
    import tensorflow as tf

    from model.learning.data import one_hot, prepare_images
    from model.learning.train import PenEpochs

    digits = pen_data.training_digits().select(np.arange(0, 10816, 270))  # 41 digits
    first, labels = drawing.PenEpoch(None, digits, len(digits), 5, 0).get()
    images = tf.Variable(prepare_images(first, (28, 28, 1)))
    label_rows = tf.Variable(one_hot(labels))
    pen = PenEpochs(digits, len(digits), 5, images, label_rows, 0, None, redrawn=0.25)
    changed = []
    for epoch in (1, 2, 3, 4):
        before = images.numpy().copy()
        pen.on_epoch_begin(epoch)
        changed.append(np.flatnonzero(np.any(images.numpy() != before, axis=(1, 2, 3))))
    size = 11  # a quarter of 41, rounded up
    for epoch, rows in zip((1, 2, 3, 4), changed):
        start = epoch % 4 * size
        assert set(rows) <= set(range(start, min(start + size, 41)))
        assert len(rows) >= 0.6 * min(size, 41 - start)  # most drawn differently
    assert np.array_equal(label_rows.numpy(), one_hot(labels))


def test_two_workers_draw_the_very_digits_the_run_would_draw_itself():
    """A run's forms and pen digits are drawn in two spawned processes side by side (one
    after the other they held a fast run ~30 s before its first step); who draws must not
    change what is drawn."""
    from model.learning import forms

    digits = pen_data.training_digits().select(np.arange(0, 10816, 100))  # 109 digits
    with drawing.Workers() as workers:
        assert workers.pool is not None  # processes, not this thread
        by_workers = drawing.PenEpoch(workers, digits, 60, seed=4, epoch=2)
        generated = workers.start(forms.generate, 30, 11)
        images, labels = by_workers.get()
        generated = generated.get()
    here, here_labels = drawing.PenEpoch(None, digits, 60, seed=4, epoch=2).get()
    np.testing.assert_array_equal(images, here)
    np.testing.assert_array_equal(labels, here_labels)
    assert len(images) == 60 and images.max() > 200  # 60 of the 109, drawn
    np.testing.assert_array_equal(generated.images, forms.generate(30, 11).images)


def test_stop_while_the_training_digits_are_drawn_ends_the_run_untrained(mnist_slice):
    import time

    from model.learning.cancel import CancelToken
    from model.learning.train import TrainConfig, fit

    with drawing.Workers() as workers:  # a wait for a drawing ends as soon as Stop is pressed
        job = workers.start(time.sleep, 30)
        began = time.perf_counter()
        with pytest.raises(drawing.Stopped):
            job.get(lambda: time.perf_counter() - began > 0.3)
        assert time.perf_counter() - began < 5
    token = CancelToken()
    token.cancel()
    result = fit(mnist_slice.subset(train=300), TrainConfig("book", epochs=1, seed=8,
                                                             forms=1500), cancel=token)
    assert result.cancelled and result.epochs_completed == 0 and result.test_accuracy is None
