"""Real pen digits: UNIPEN's isolated digits, written on tablets by 236 people.

The world's forms (model.learning.forms) teach the shapes their generator knows; real pens teach
what people actually do. The digits are kept as strokes and rendered exactly as the canvas renders
a drawing (`render_strokes` → `to_mnist`), so the model learns what it will be shown; for
training they are varied at the stroke level (`forms.perturb`: slant, rotation, proportions,
wobble, point spacing, stroke order and direction), afresh every epoch.

The writers are split once, by a hash of their name, never by digit (a writer's digits are
alike): TEST writers are never trained on and never used to choose anything; VALIDATION
writers are where recipes are chosen, and where every model's calibration and "not a digit"
level are fitted; the rest train. The app ships the training writers' strokes
(assets/pen_digits.npz) and the validation writers' (assets/pen_validation.npz), both built by
`make pen-data` from shared/data; the full file is read for test figures where it is at hand.

Source: the UNIPEN project (Guyon, Schomaker, Plamondon, Liberman, Janet, ICPR 1994), "Unipen
data set of on-line (vectorial) handwriting — train_r01_v07", doi 10.5281/zenodo.1195803,
CC BY 4.0; converted (parsed, y flipped, rescaled) for DigitPad.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from model.errors import DigitPadError
from model.keeping.files import atomic_write
from model.keeping.paths import ASSETS, PACKAGE
from model.language import _
from model.learning.forms import keep_proportions, perturb
from model.reading.preprocess import render_strokes, to_mnist

CREDIT = ("UNIPEN train_r01_v07 (Guyon, Schomaker, Plamondon, Liberman, "
          "Janet, ICPR 1994; doi 10.5281/zenodo.1195803), CC BY 4.0")
ENV_VAR = "DIGITPAD_UNIPEN"  # the full UNIPEN file, for validation and test figures
BUNDLED = ASSETS / "pen_digits.npz"  # the training writers' strokes, shipped with the app
# The validation writers' strokes, shipped too: never trained on, they set every model's
# calibration and "not a digit" level (model.reading.confidence, model.reading.outliers).
VALIDATION_BUNDLE = ASSETS / "pen_validation.npz"
SHARED = PACKAGE.parent.parent / "shared" / "data" / "unipen_digits.jsonl.gz"  # beside a checkout

SPLIT_SALT = "digitpad-unipen-split-1"
TEST_SHARE, VALIDATION_SHARE = 0.22, 0.2  # writers (digits): 57 test (1,774), 37 validation
# (1,579), 142 training (10,816)
TRAINING, VALIDATION, TEST = "training", "validation", "test"
TRAINING_DIGITS, TRAINING_WRITERS = 10816, 142  # what the bundle holds (a test checks)
# How much of a training epoch's pen digits are varied at the stroke level (the rest are shown
# as written): real writing already varies, and the plain ones keep its own point spacing.
PERTURBED_SHARE = 0.75
MNIST_TRAINING_IMAGES = 60000


def per_epoch(mnist_images: int, available: int) -> int:
    """How many real pen digits an epoch holds: every one beside all of MNIST, a matching
    share beside a slice of it (a quick demonstration run stays mostly MNIST)."""
    return max(1, round(available * min(1.0, mnist_images / MNIST_TRAINING_IMAGES)))


class PenDataError(DigitPadError):
    """The real pen digits could not be read; the message says why."""


@dataclass(frozen=True, eq=False)  # compared (and cached) by identity: a set is read once
class PenDigits:
    """Digits as strokes: `points` (P, 2) float32 in a unit box (x right, y down) for all
    digits one after another; `stroke_ends` the end index into `points` of every stroke;
    `digit_ends` the end index into `stroke_ends` of every digit."""

    points: np.ndarray
    stroke_ends: np.ndarray
    digit_ends: np.ndarray
    labels: np.ndarray  # (N,) int64
    writers: np.ndarray  # (N,) str, "<site>/<writer id>"

    def __len__(self) -> int:
        return len(self.labels)

    @property
    def writer_names(self) -> set[str]:
        return set(self.writers.tolist())

    def strokes(self, i: int) -> list[np.ndarray]:
        first = self.digit_ends[i - 1] if i else 0
        ends = self.stroke_ends[first:self.digit_ends[i]]
        starts = np.concatenate([[self.stroke_ends[first - 1] if first else 0], ends[:-1]])
        return [self.points[a:b] for a, b in zip(starts, ends)]

    def select(self, keep: np.ndarray) -> PenDigits:
        keep = np.flatnonzero(keep) if keep.dtype == bool else keep
        strokes = [self.strokes(i) for i in keep]
        return from_strokes(strokes, self.labels[keep], self.writers[keep])

    def part(self, name: str) -> PenDigits:
        """The digits of the writers in split `name` (TRAINING, VALIDATION or TEST)."""
        return self.select(np.array([split_of(w) == name for w in self.writers], bool))


def from_strokes(strokes: list[list[np.ndarray]], labels, writers) -> PenDigits:
    flat = [np.asarray(s, np.float32).reshape(-1, 2) for digit in strokes for s in digit]
    points = np.concatenate(flat) if flat else np.zeros((0, 2), np.float32)
    stroke_ends = np.cumsum([len(s) for s in flat], dtype=np.int64)
    digit_ends = np.cumsum([len(digit) for digit in strokes], dtype=np.int64)
    return PenDigits(points, stroke_ends, digit_ends, np.asarray(labels, np.int64),
                     np.asarray(writers, str))


def split_of(writer: str) -> str:
    """Which split a writer belongs to, fixed by a salted hash of the writer's name."""
    digest = hashlib.sha256(f"{SPLIT_SALT}:{writer}".encode()).digest()
    u = int.from_bytes(digest[:8], "big") / 2 ** 64
    if u < TEST_SHARE:
        return TEST
    return VALIDATION if u < TEST_SHARE + VALIDATION_SHARE else TRAINING


def read_unipen(path: str | os.PathLike) -> PenDigits:
    """The shared UNIPEN file (one JSON digit per line, points centred at (250, 250) with the
    longer side 300) as strokes in a unit box."""
    strokes, labels, writers = [], [], []
    try:
        with gzip.open(path, "rt", encoding="utf-8") as lines:
            for number, line in enumerate(lines, 1):
                row = json.loads(line)
                digit = [(np.asarray(s, np.float64).reshape(-1, 2) - 250.0) / 300.0 + 0.5
                         for s in row["strokes"] if len(s)]
                label = int(row["label"])
                if not digit or not 0 <= label <= 9:
                    raise ValueError(f"line {number}: no strokes or a label out of 0-9")
                strokes.append(digit)
                labels.append(label)
                writers.append(str(row["writer"]))
    except (OSError, EOFError, ValueError, KeyError, TypeError) as exc:
        raise PenDataError(_(
            "Could not read the real pen digits in {path}: {reason}").format(
                path=path, reason=exc)) from exc
    return from_strokes(strokes, labels, writers)


def shared_file() -> Path | None:
    """The full UNIPEN file: $DIGITPAD_UNIPEN, else shared/data beside a source checkout."""
    path = Path(os.environ.get(ENV_VAR) or SHARED)
    return path if path.is_file() else None


def save_bundle(digits: PenDigits, path: str | os.PathLike = BUNDLED) -> None:
    def write(tmp: Path) -> None:
        with open(tmp, "wb") as out:
            np.savez_compressed(out, points=digits.points.astype(np.float16),
                                stroke_ends=digits.stroke_ends, digit_ends=digits.digit_ends,
                                labels=digits.labels.astype(np.uint8), writers=digits.writers)

    atomic_write(Path(path), write)


def training_digits(path: str | os.PathLike = BUNDLED) -> PenDigits:
    """The training writers' digits from a bundle (save_bundle), by default the app's."""
    return bundled_digits(path, TRAINING)


def validation_digits(path: str | os.PathLike = VALIDATION_BUNDLE) -> PenDigits:
    """The validation writers' digits from a bundle, by default the app's."""
    return bundled_digits(path, VALIDATION)


def bundled_digits(path: str | os.PathLike, split: str) -> PenDigits:
    """A bundle's digits, all of writers in `split` (a bundle of others' is refused)."""
    try:
        with np.load(path, allow_pickle=False) as data:
            digits = PenDigits(data["points"].astype(np.float32), data["stroke_ends"],
                               data["digit_ends"], data["labels"].astype(np.int64),
                               data["writers"])
    except (OSError, ValueError, KeyError, zipfile.BadZipFile, EOFError) as exc:
        raise PenDataError(_(
            "Could not read the real pen digits in {path}: {reason}").format(
                path=path, reason=exc)) from exc
    if any(split_of(w) != split for w in digits.writer_names):
        raise PenDataError(_("{path} holds writers that are not {split} writers").format(
            path=path, split=split))
    return digits


def accuracy_by_writer(digits: PenDigits, read: np.ndarray) -> list[tuple[float, str, int]]:
    """(share of `digits` read right, writer, digits) for every writer, the weakest first;
    `read` is the digit read for each."""
    figures = []
    for writer in sorted(digits.writer_names):
        mine = digits.writers == writer
        figures.append((float(np.mean(read[mine] == digits.labels[mine])), writer,
                        int(mine.sum())))
    return sorted(figures)


def render(strokes: list[np.ndarray]) -> np.ndarray:
    """(28, 28) uint8, MNIST's layout: the strokes as the canvas would show them to the model."""
    return np.round(to_mnist(render_strokes(strokes)) * 255).astype(np.uint8)


def rendered(digits: PenDigits) -> np.ndarray:
    """Every digit as written, (N, 28, 28) uint8."""
    return np.stack([render(digits.strokes(i)) for i in range(len(digits))]) if len(digits) \
        else np.zeros((0, 28, 28), np.uint8)


def varied(digits: PenDigits, seed) -> np.ndarray:
    """One epoch's images: each digit rendered once, most varied at the stroke level (drawn
    in a worker process as often as not: model.learning.drawing)."""
    r = np.random.default_rng(seed)
    images = np.zeros((len(digits), 28, 28), np.uint8)
    for i in range(len(digits)):
        strokes = digits.strokes(i)
        if r.random() < PERTURBED_SHARE:
            strokes = keep_proportions(perturb(strokes, r), int(digits.labels[i]))
        images[i] = render(strokes)
    return images
