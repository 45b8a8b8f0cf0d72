"""Sentences the CLI and the GUI both show, written once (and translated: model/language.py)."""

from __future__ import annotations

from collections.abc import Mapping

from model.language import N_, _
from model.reading.confidence import VALIDATION


def offline_hint() -> str:
    return _("If this computer is offline, point DigitPad at a local copy of mnist.npz (Keras' "
             "format) with --data PATH or the environment variable DIGITPAD_MNIST=PATH.")


# Keras' names of what it logs each epoch, as the book prints them.
METRICS = {"loss": N_("loss"), "accuracy": N_("accuracy"), "val_loss": N_("val_loss"),
           "val_accuracy": N_("val_accuracy")}


def epoch_line(epoch: int, epochs: int, logs: Mapping[str, float],
               seconds: float | None = None) -> str:
    """The book's per-epoch line: 'Epoch 2/5 - 3s - accuracy: 0.9712 - loss: 0.0954'."""
    shown = [f"{_(METRICS.get(key, key))}: {float(value):.4f}" for key, value in logs.items()
             if key != "learning_rate"]
    if seconds is not None:
        shown.insert(0, _("{seconds}s").format(seconds=f"{seconds:.0f}"))
    return " - ".join([_("Epoch {epoch}/{epochs}").format(epoch=epoch, epochs=epochs), *shown])


def calibration_line(calibration) -> str:
    """'calibration: temperature 1.10, expected calibration error 0.14% -> 0.06% (…)' for a
    model.reading.confidence.Calibration."""
    how = (_("fitted on the validation writers' pen digits, judged on the test set")
           if calibration.fitted_on == VALIDATION else
           _("each half of the test set judged by a fit on the other"))
    return _("calibration: temperature {temperature}, expected calibration error {before} -> "
             "{after} ({how})").format(
        temperature=f"{calibration.temperature:.2f}",
        before=f"{calibration.before.calibration_error:.2%}",
        after=f"{calibration.after.calibration_error:.2%}", how=how)


def views_line(rotations, accuracy_as_drawn: float) -> str:
    """'test_acc_as_drawn: 0.9948 (each digit is also read turned -3°, +3°; …)': the test
    accuracy without the test-time views (model.reading.views), for a model read with them."""
    return _("test_acc_as_drawn: {accuracy} (the network on each test digit alone; the app also "
             "reads it turned {turns} and combines the answers)").format(
        accuracy=f"{accuracy_as_drawn:.4f}", turns=turns(rotations))


def turns(rotations) -> str:
    """'-3°, +3°'."""
    return ", ".join(f"{r:+g}°" for r in rotations)


# Why a drawing is not read as a digit (model.reading.outliers' reasons).
REFUSALS = {
    "letter": N_("this looks more like a letter than a digit"),
    "shape": N_("this looks like a shape, not a digit"),
    "scribble": N_("this looks like a scribble, not a digit"),
    "crossed-out": N_("this looks crossed out"),
    "far": N_("this is too far from every digit I know"),
    "unsure": N_("the model is too unsure to call it a digit"),
}


def refusal_sentence(reason: str) -> str:
    """The words for a refusal reason: 'this looks more like a letter than a digit'."""
    return _(REFUSALS.get(reason, REFUSALS["far"]))
