"""Sentences the CLI and the GUI both show, written once."""

from __future__ import annotations

from collections.abc import Mapping

from model.confidence import VALIDATION

OFFLINE_HINT = ("If this computer is offline, point DigitPad at a local copy of mnist.npz "
                "(Keras' format) with --data PATH or the environment variable "
                "DIGITPAD_MNIST=PATH.")


def epoch_line(epoch: int, epochs: int, logs: Mapping[str, float],
               seconds: float | None = None) -> str:
    """The book's per-epoch line: 'Epoch 2/5 - 3s - accuracy: 0.9712 - loss: 0.0954'."""
    shown = [f"{key}: {float(value):.4f}" for key, value in logs.items()
             if key != "learning_rate"]
    if seconds is not None:
        shown.insert(0, f"{seconds:.0f}s")
    return " - ".join([f"Epoch {epoch}/{epochs}", *shown])


def calibration_line(calibration) -> str:
    """'calibration: temperature 1.10, expected calibration error 0.14% -> 0.06% (…)' for a
    model.confidence.Calibration."""
    return (f"calibration: temperature {calibration.temperature:.2f}, expected calibration error "
            f"{calibration.before.calibration_error:.2%} -> "
            f"{calibration.after.calibration_error:.2%} " + (
                "(fitted on the validation writers' pen digits, judged on the test set)"
                if calibration.fitted_on == VALIDATION else
                "(each half of the test set judged by a fit on the other)"))


def views_line(rotations, accuracy_as_drawn: float) -> str:
    """'test_acc_as_drawn: 0.9948 (each digit is also read turned -3°, +3°; …)': the test
    accuracy without the test-time views (model.views), for a model read with them."""
    return (f"test_acc_as_drawn: {accuracy_as_drawn:.4f} (the network on each test digit alone; "
            f"the app also reads it turned {turns(rotations)} and combines the answers)")


def turns(rotations) -> str:
    """'-3°, +3°'."""
    return ", ".join(f"{r:+g}°" for r in rotations)


# Why a drawing is not read as a digit (model.outliers' reasons).
REFUSALS = {
    "letter": "this looks more like a letter than a digit",
    "shape": "this looks like a shape, not a digit",
    "scribble": "this looks like a scribble, not a digit",
    "crossed-out": "this looks crossed out",
    "far": "this is too far from every digit I know",
    "unsure": "the model is too unsure to call it a digit",
}


def refusal_sentence(reason: str) -> str:
    """The words for a refusal reason: 'this looks more like a letter than a digit'."""
    return REFUSALS.get(reason, REFUSALS["far"])
