"""Letters from another source than DigitPad's own generator: Hershey's vector fonts (the
Hershey-Fonts package), each letter varied like a person's writing. "That's not a digit" is
fitted on model.learning.non_digits; these say how it holds on letters it was not fitted on.

The fonts were split once: VALIDATION_FONTS guided the generator's design, TEST_FONTS are
only reported."""

from __future__ import annotations

import numpy as np

from model.learning.forms import perturb

LETTERS = "AEFHKMNPRVWXYaehkmnrwx"  # the 22 that look like no digit
VALIDATION_FONTS = ("futural", "scripts", "timesr")
TEST_FONTS = ("rowmans", "futuram", "cursive", "scriptc", "timesi")


def hershey_letters(font: str, repeats: int, seed: int) -> list[list[np.ndarray]]:
    """Every letter of LETTERS in `font`, `repeats` times, as strokes in a unit box (y down)."""
    from HersheyFonts import HersheyFonts

    face = HersheyFonts()
    face.load_default_font(font)
    rng = np.random.default_rng(seed)
    drawings = []
    for _ in range(repeats):
        for letter in LETTERS:
            strokes = [np.asarray(s, float) for s in face.strokes_for_text(letter)]
            points = np.concatenate(strokes)
            low, extent = points.min(axis=0), float(np.ptp(points, axis=0).max())
            drawings.append(perturb([(s - low) / extent for s in strokes], rng))
    return drawings
