"""The line reader: a second opinion on each digit of a number, from a network that reads the
whole line at once.

The number reader (model.reading.segment) cuts the ink into candidate digits and reads each
alone; where digits are joined in one stroke, the cut it needs is often not among its
candidates, or the piece it reads carries a bit of its neighbour. The line reader never cuts:
a small convolutional network trained with CTC (model.learning.line_reader) reads the whole
line rendered as one LINE_HEIGHT × LINE_WIDTH image and gives, for each of its columns, the
probability of each digit (or of none). Each digit the number reader chose keeps its box, its
ink and its 28×28 input; its probabilities become the weighted geometric mean of its own and
the line reader's under its box (LINE_WEIGHT), so the bars show what both say.
It runs in NumPy (model.reading.forward), from its `.keras` file, without TensorFlow.
"""

from __future__ import annotations

import functools
import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

from model.reading.forward import NumpyForward, softmax
from model.reading.views import geometric_mean

LINE_HEIGHT, LINE_WIDTH = 32, 192  # the image the line reader reads
COLUMN = 4  # pixels of the image per column of its output
INK_HEIGHT = 26  # the writing's height in the image, pixels
MARGIN = 3  # pixels left of the writing
PEN = 2.6  # the stroke's width, pixels (about MNIST's, relative to the height)
# Input pixels right of an output column's own COLUMN that it sees (its receptive field:
# convolutions and poolings of model.learning.line_reader.line_network), rounded up.
SEEN = 40
SUPERSAMPLE = 2  # drawn this much larger, then reduced: smooth edges as on the canvas
# The line reader's share of a digit's probabilities (a geometric mean). On the validation
# writers' numbers: 0 → 84.9 %, 0.3 → 86.5 % (joined 70.5 → 77.5 %), 0.5 → 86.2 %.
LINE_WEIGHT = 0.3
IMPOSSIBLE = -1e4  # the log-likelihood of a text the line cannot spell: finite, comparable
LINE_READER_FILE = "line_reader.keras"  # in the app's assets


@dataclass(frozen=True)
class Placement:
    """Where the drawing's coordinates fall in the line image: x_image = x * scale + shift,
    y_image = y * scale + rise."""

    scale: float
    shift: float
    rise: float

    def columns(self, x0: float, x1: float) -> slice:
        """The output columns under the drawing's x0…x1 (at least one)."""
        first = int((x0 * self.scale + self.shift) // COLUMN)
        last = int(np.ceil((x1 * self.scale + self.shift) / COLUMN))
        first = min(max(first, 0), LINE_WIDTH // COLUMN - 1)
        return slice(first, min(max(last, first + 1), LINE_WIDTH // COLUMN))


def render_line(strokes: Sequence[np.ndarray]) -> tuple[np.ndarray, Placement]:
    """The strokes (point lists, y down) as the line reader reads them: white ink on black,
    (LINE_HEIGHT, LINE_WIDTH) floats in 0…1, the writing INK_HEIGHT tall (or narrower, to fit)
    and left-aligned; and where the drawing's coordinates fall in it."""
    drawn = _point_lists(strokes)
    placement = _placed(drawn)
    large = _blank()
    _draw(large, drawn, placement)
    return _reduced(large), placement


def _point_lists(strokes: Sequence[np.ndarray]) -> list[np.ndarray]:
    return [np.array(s, np.float64).reshape(-1, 2) for s in strokes if len(s)]  # copies: kept


def _placed(drawn: Sequence[np.ndarray]) -> Placement:
    points = np.concatenate(drawn)
    low, high = points.min(axis=0), points.max(axis=0)
    height, width = max(high[1] - low[1], 1e-6), max(high[0] - low[0], 1e-6)
    scale = min(INK_HEIGHT / height, (LINE_WIDTH - 2 * MARGIN) / width)
    return Placement(float(scale), float(MARGIN - low[0] * scale),
                     float((LINE_HEIGHT - height * scale) / 2 - low[1] * scale))


def _blank() -> Image.Image:
    return Image.new("L", (LINE_WIDTH * SUPERSAMPLE, LINE_HEIGHT * SUPERSAMPLE), 0)


def _draw(large: Image.Image, strokes: Sequence[np.ndarray], placement: Placement) -> None:
    """Draw `strokes` on the SUPERSAMPLE times larger line image (every mark sets its pixels
    to ink: strokes may be drawn in any order, or some later, with the same image)."""
    draw = ImageDraw.Draw(large)
    pen = max(1, round(PEN * SUPERSAMPLE))
    shift = np.array([placement.shift, placement.rise])
    for stroke in strokes:
        xy = [tuple(p) for p in ((stroke * placement.scale + shift) * SUPERSAMPLE).tolist()]
        if len(xy) > 1:
            draw.line(xy, fill=255, width=pen, joint="curve")
        for x, y in (xy[0], xy[-1]):  # round ends, and a dot for a single point
            draw.ellipse([x - pen / 2, y - pen / 2, x + pen / 2, y + pen / 2], fill=255)


def _reduced(large: Image.Image) -> np.ndarray:
    return np.asarray(large.resize((LINE_WIDTH, LINE_HEIGHT), Image.BILINEAR), np.float32) / 255.0


class LineReader:
    """The line reader's network, from its `.keras` file (load_line_reader)."""

    def __init__(self, forward: NumpyForward) -> None:
        self.forward = forward
        self._last: _LastRead | None = None

    def columns(self, image: np.ndarray) -> np.ndarray:
        """(columns, 11) probabilities of each column of `image` (LINE_HEIGHT tall, LINE_WIDTH
        or a multiple of COLUMN narrower): [0] none, [1 + d] digit d."""
        x = image[None, :, :, None]
        for kind, _, step in self.forward.fused:
            if kind != "Reshape":  # its fixed LINE_WIDTH // COLUMN columns: a crop has fewer
                x = step(x)
        return softmax(np.asarray(x, np.float64).reshape(-1, 11))

    def reading(self, strokes: Sequence[np.ndarray]) -> LineReading:
        """What the line reader reads in the strokes, column by column."""
        drawn = _point_lists(strokes)
        placement = _placed(drawn)
        # Writing goes on where it was (a number written on, its line placed as before): the
        # strokes read last time are drawn already and the columns that do not see the new ink
        # are read already. Otherwise the whole drawing is drawn and read.
        last = self._last
        goes_on = last is not None and last.placement == placement and \
            len(last.strokes) <= len(drawn) and \
            all(np.array_equal(a, b) for a, b in zip(last.strokes, drawn))
        large = last.large.copy() if goes_on else _blank()
        new = drawn[len(last.strokes):] if goes_on else drawn
        _draw(large, new, placement)
        image = _reduced(large)
        # Only the written part of the line and what its columns see right of it: a digit or
        # two are read in a third of the time, and the columns under the ink are the same.
        width = min(LINE_WIDTH, (np.flatnonzero(image.max(axis=0))[-1] + SEEN + COLUMN)
                    // COLUMN * COLUMN)
        first = 0  # the first column read again
        if goes_on:
            new_left = min(s[:, 0].min() for s in new) * placement.scale + placement.shift \
                if new else width
            # A column sees SEEN pixels either way; last time's columns near the end of what
            # was read then saw its edge, not the line.
            first = max(0, min(int(new_left - PEN - 1) - SEEN,
                                len(last.columns) * COLUMN - SEEN) // COLUMN - 1)
        start = max(0, first * COLUMN - SEEN)  # what the first column read again sees
        columns = self.columns(image[:, start:width])[(first * COLUMN - start) // COLUMN:]
        if first:
            columns = np.concatenate([last.columns[:first], columns])
        self._last = _LastRead(drawn, placement, large, columns)
        return LineReading(columns, placement)


@dataclass(frozen=True)
class _LastRead:
    """The drawing a LineReader read last, kept to read the same drawing written on."""

    strokes: list[np.ndarray]
    placement: Placement
    large: Image.Image  # the line drawn SUPERSAMPLE times larger
    columns: np.ndarray  # of the line read: COLUMN pixels each from its left edge


class LineReading:
    """The line reader's reading of one drawing: (columns, 11) probabilities, [0] none and
    [1 + d] digit d, and where the drawing lies in its line."""

    def __init__(self, columns: np.ndarray, placement: Placement) -> None:
        self.columns, self.placement = columns, placement

    @property
    def text(self) -> str:
        """The digits it reads in the whole line."""
        return greedy_text(self.columns)

    def text_under(self, box: tuple[float, float, float, float]) -> str:
        """The digits it reads in the columns under `box` (in the drawing's coordinates)."""
        return greedy_text(self.columns[self.placement.columns(box[0], box[2])])

    def boundaries(self) -> list[float]:
        """Where it hears one digit end and the next begin (in the drawing's x): midway
        between the columns of each digit its greedy reading emits and the next one's."""
        best = self.columns.argmax(axis=-1)
        emitted = [k for k, v in enumerate(best) if v and (k == 0 or v != best[k - 1])]
        ends = [k + 1 for k, v in enumerate(best) if v and (k + 1 == len(best) or v != best[k + 1])]
        return [((end + start) / 2 * COLUMN - self.placement.shift) / self.placement.scale
                for end, start in zip(ends, emitted[1:])]

    def log_likelihoods(self, texts: Sequence[str]) -> np.ndarray:
        """For each text (digits), the log-probability that the line reads exactly it, over
        every way its columns can spell it (CTC's forward sum), all texts at once; IMPOSSIBLE
        for a text it cannot spell (more digits than its columns hold)."""
        longest = max(len(t) for t in texts)
        # CTC's extended labels: a blank before, between and after the digits; a text shorter
        # than the longest is padded with blanks it never reaches.
        extended = np.zeros((len(texts), 2 * longest + 1), int)
        skip = np.zeros(extended.shape)  # 1 where a state may come from two back: a new digit
        for k, text in enumerate(texts):
            labels = [int(c) + 1 for c in text]
            extended[k, 1:2 * len(labels):2] = labels
            skip[k, 3:2 * len(labels):2] = [a != b for a, b in zip(labels, labels[1:])]
        skip = skip[:, 2:]
        chances = self.columns[:, extended]  # (columns, texts, states)
        # Forward in probabilities, each column's sum scaled to 1 (its sum kept for the log).
        alpha = np.zeros(extended.shape)
        alpha[:, :2] = chances[0, :, :2]
        totals = np.ones((len(chances), len(texts)))
        for t in range(1, len(chances)):
            moved = alpha.copy()
            moved[:, 1:] += alpha[:, :-1]
            moved[:, 2:] += alpha[:, :-2] * skip
            moved *= chances[t]
            totals[t] = moved.sum(axis=1)
            alpha = moved / np.maximum(totals[t], 1e-300)[:, None]
        ends = np.array([2 * len(t) for t in texts])
        rows = np.arange(len(texts))
        last = alpha[rows, ends] + np.where(ends > 0, alpha[rows, ends - 1], 0.0)
        with np.errstate(divide="ignore"):
            return np.maximum(np.log(totals).sum(axis=0) + np.log(last), IMPOSSIBLE)

    def under(self, boxes: Sequence[tuple[float, float, float, float]]) -> list[np.ndarray]:
        """For each box (in the drawing's coordinates), the (10,) probabilities of its digit:
        each digit's most likely column under the box, normalised."""
        out = []
        for x0, _, x1, _ in boxes:
            likely = self.columns[self.placement.columns(x0, x1), 1:].max(axis=0)
            out.append(likely / likely.sum())
        return out


def greedy_text(columns: np.ndarray) -> str:
    """The digits a column sequence reads, best column by column (CTC's greedy decoding)."""
    best = np.asarray(columns).argmax(axis=-1)
    return "".join(str(v - 1) for k, v in enumerate(best) if v and (k == 0 or v != best[k - 1]))


def combined(own: np.ndarray, line: np.ndarray, weight: float = LINE_WEIGHT) -> np.ndarray:
    """A digit's probabilities and the line reader's as one: their weighted geometric mean."""
    return geometric_mean(np.stack([own, line]), (1 - weight, weight)).astype(np.float32)


def load_line_reader(path: str | os.PathLike) -> LineReader:
    """The line reader in `path`; ModelError or UnsupportedLayer when it is not one."""
    from model.reading.keras_file import layer_specs

    specs, _ = layer_specs(Path(path), inputs=(LINE_HEIGHT, LINE_WIDTH, 1), outputs=11)
    return LineReader(NumpyForward(specs))


@functools.cache
def bundled_line_reader() -> LineReader | None:
    """The app's line reader (assets/line_reader.keras, `make line-reader`), loaded once; None,
    with the reason logged, when it is missing or damaged: numbers are then read by the number
    reader alone, as before it existed."""
    from model.keeping.paths import ASSETS

    try:
        return load_line_reader(ASSETS / LINE_READER_FILE)
    except Exception as exc:  # noqa: BLE001 (any damage: the reader goes on without it)
        logging.getLogger(__name__).warning("line reader not used: %s", exc)
        return None
