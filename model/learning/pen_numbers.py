"""Numbers written with real people's pen digits (model.learning.pen_data), laid out as people write
them in a hurry: apart, touching, overlapping, joined into one stroke, with separators.

Each number is one writer's digits, so its hand is consistent. The sets are built from a split's
writers with a fixed seed: the training writers' numbers teach a model which pieces of ink make
one whole digit (model.reading.outliers), the validation writers' tune the reader, the test
writers' (never trained on, never tuned on) report. The separators are generated strokes (the
pen data has none): a comma, a dot, an apostrophe or a dash, sized and placed as people put them.
Every point remembers which digit of the number it was written for.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from model.learning.pen_data import PenDigits

LAYOUTS = ("apart", "touching", "overlapping", "joined", "separators")
PHOTO_LAYOUTS = ("apart", "touching", "joined", "separators")  # what the photos show
GAPS = {  # space between neighbours, in digit heights (negative: they overlap)
    "apart": (0.15, 0.4),
    "touching": (-0.06, 0.0),
    "overlapping": (-0.2, -0.06),
    "joined": (-0.04, 0.1),
    "separators": (0.12, 0.3),
}
HEIGHT = 100.0  # a digit's height in the number's coordinates (pixels of a canvas)


@dataclass(frozen=True)
class PenNumber:
    text: str  # the digits to read, separators left out
    strokes: list[np.ndarray]  # (N, 2) points, y down
    layout: str
    writer: str
    marks: int = 0  # separators written among the digits
    # For each stroke, each point's digit (its position in `text`), -1 for a separator's.
    owners: tuple[np.ndarray, ...] = ()


def upright(strokes: list[np.ndarray]) -> tuple[list[np.ndarray], float]:
    """A digit's strokes scaled to height 1 with its left edge at x = 0, and its width."""
    points = np.concatenate(strokes)
    low, high = points.min(axis=0), points.max(axis=0)
    scale = 1.0 / max(float(high[1] - low[1]), 0.25)  # a flat dash-like "1" keeps its size
    return [(s - low) * scale for s in strokes], float(high[0] - low[0]) * scale


def separator(kind: str, x: float, rng: np.random.Generator) -> tuple[np.ndarray, float]:
    """A separator's stroke at `x` (in digit heights, baseline y = 1), and its width."""
    if kind == "dot":
        r = rng.uniform(0.025, 0.05)
        t = np.linspace(0, 2 * np.pi, 9)
        return np.column_stack([x + r + r * np.cos(t), 0.96 - r + r * np.sin(t)]), 2 * r
    if kind == "comma":
        size = rng.uniform(0.16, 0.28)
        t = np.linspace(0, 1, 8)
        return np.column_stack([x + size * 0.35 * (1 - t) ** 1.5,
                                0.92 + size * t]), size * 0.35
    if kind == "apostrophe":
        size = rng.uniform(0.14, 0.24)
        t = np.linspace(0, 1, 6)
        return np.column_stack([x + size * 0.3 * (1 - t), -0.02 + size * t]), size * 0.3
    length = rng.uniform(0.3, 0.55)  # a dash
    t = np.linspace(0, 1, 10)
    y = rng.uniform(0.45, 0.6)
    return np.column_stack([x + length * t, y + rng.uniform(-0.04, 0.04) * t]), length


JOIN_REACH = 0.5  # a writer runs on without lifting the pen only to a start this near


def pen_number(digits: PenDigits, pool: np.ndarray, layout: str,
               rng: np.random.Generator) -> PenNumber:
    """A number of 2 to 6 of the digits `pool` indexes (one writer's) laid out as `layout`.
    Joined: wherever one digit ends within JOIN_REACH of where the next starts, the pen runs
    on; other digits are drawn until a number has at least one such join."""
    for _ in range(100):
        length = int(rng.integers(2, 7))
        number, joins = _laid_out(digits, rng.choice(pool, size=length,
                                                     replace=len(pool) < length), layout, rng)
        if layout != "joined" or joins:
            break
    return number


def _laid_out(digits: PenDigits, chosen: np.ndarray, layout: str,
              rng: np.random.Generator) -> tuple[PenNumber, int]:
    strokes: list[np.ndarray] = []
    owners: list[np.ndarray] = []
    text, x, joins = "", 0.0, 0
    low, high = GAPS[layout]
    marks = {}
    if layout == "separators":
        kinds = ("comma", "dot", "dash", "apostrophe")
        for at in rng.choice(len(chosen), size=int(rng.integers(1, min(3, len(chosen)) + 1)),
                             replace=False):
            marks[int(at)] = kinds[int(rng.integers(len(kinds)))]
    for k, i in enumerate(chosen):
        digit, width = upright(digits.strokes(int(i)))
        size = rng.uniform(0.9, 1.1)
        lift = rng.normal(0, 0.03)
        placed = [np.column_stack([x + s[:, 0] * size, 1 - size + s[:, 1] * size + lift])
                  for s in digit]
        owned = [np.full(len(s), k) for s in placed]
        if layout == "joined" and k and \
                np.hypot(*(strokes[-1][-1] - placed[0][0])) < JOIN_REACH:
            placed[0] = np.concatenate([strokes.pop(), placed[0]])  # the pen never lifted
            owned[0] = np.concatenate([owners.pop(), owned[0]])
            joins += 1
        strokes.extend(placed)
        owners.extend(owned)
        text += str(int(digits.labels[i]))
        x += width * size + rng.uniform(low, high)
        if k in marks:
            mark, mark_width = separator(marks[k], x - rng.uniform(0, 0.06), rng)
            strokes.append(mark)
            owners.append(np.full(len(mark), -1))
            x += mark_width + rng.uniform(low, high)
    return PenNumber(text, [s * HEIGHT for s in strokes], layout,
                     str(digits.writers[chosen[0]]), len(marks), tuple(owners)), joins


def pen_numbers(digits: PenDigits, per_layout: int, seed: int,
                layouts: tuple[str, ...] = LAYOUTS) -> list[PenNumber]:
    """`per_layout` numbers of each layout, each from one writer of `digits` chosen at random."""
    rng = np.random.default_rng(seed)
    writers = sorted(digits.writer_names)
    pools = {w: np.flatnonzero(digits.writers == w) for w in writers}
    return [pen_number(digits, pools[writers[int(rng.integers(len(writers)))]], layout, rng)
            for layout in layouts for _ in range(per_layout)]


def lone_number(digits: PenDigits, i: int) -> PenNumber:
    """The `i`th digit of `digits` written alone, upright, at the numbers' HEIGHT."""
    strokes = [s * HEIGHT for s in upright(digits.strokes(i))[0]]
    return PenNumber(str(int(digits.labels[i])), strokes, "lone", "",
                     owners=tuple(np.zeros(len(s), int) for s in strokes))


WHOLE_SHARE, OWN_SHARE = 0.9, 0.85  # whole_digit_examples: a whole digit's shares of ink


def whole_digit_examples(digits: PenDigits, per_layout: int, lone: int,
                         seed: int) -> tuple[np.ndarray, np.ndarray]:
    """What the number reader weighs, labelled: every candidate digit it renders (28×28, as
    the canvas renders) while reading `per_layout` numbers of each layout and `lone` single
    digits written by `digits`' writers, and whether each is one whole digit (1) or not (a
    piece of one, two run together, a separator: 0). Whole: at least WHOLE_SHARE of its ink
    is one digit's, and it holds at least OWN_SHARE of that digit's ink (a cut through a
    joined stroke is never exactly where one digit ends)."""
    rng = np.random.default_rng(seed)
    written = pen_numbers(digits, per_layout, seed)
    written += [lone_number(digits, int(i))
                for i in rng.choice(len(digits), size=min(lone, len(digits)), replace=False)]
    images: list[np.ndarray] = []
    labels: list[bool] = []
    for number in written:
        _weighed(number, images, labels)
    order = rng.permutation(len(labels))  # any first part of them is a fair sample
    return np.stack(images)[order], np.array(labels, np.int8)[order]


def whole_of(number: PenNumber, pieces: list[tuple[int, int, int]]
             ) -> Callable[[tuple[int, ...]], bool]:
    """Whether a group of `pieces` ((stroke, start, stop) of `number`'s strokes) is one whole
    digit (_one_whole_digit)."""
    owners = [number.owners[i][start:stop] for i, start, stop in pieces]
    totals = np.bincount(np.concatenate(number.owners) + 1, minlength=len(number.text) + 1)

    def whole(group: tuple[int, ...]) -> bool:
        counts = np.bincount(np.concatenate([owners[p] for p in group]) + 1,
                             minlength=len(totals))
        return _one_whole_digit(counts[1:], totals[1:], counts.sum())  # [0]: separators'

    return whole


def _one_whole_digit(counts: np.ndarray, totals: np.ndarray, ink: float) -> bool:
    """Whether ink holding `counts` of each digit's ink (of `totals`), `ink` in all, is one
    whole digit: at least WHOLE_SHARE of it is one digit's, and that is at least OWN_SHARE of
    the digit."""
    digit = int(counts.argmax())
    return bool(counts[digit] >= WHOLE_SHARE * ink and counts[digit] >= OWN_SHARE * totals[digit])


def _weighed(number: PenNumber, images: list, labels: list) -> None:
    """Appends every candidate the reader renders for `number`, and whether it is whole."""
    from model.reading.preprocess import render_strokes, to_mnist
    from model.reading.segment import boxes_of_strokes, cut_strokes, read

    pieces, cut_from, _ = cut_strokes(number.strokes)
    lines = [number.strokes[i][start:stop] for i, start, stop in pieces]
    whole = whole_of(number, pieces)

    def render(group: tuple[int, ...]) -> np.ndarray:
        images.append(to_mnist(render_strokes([lines[p] for p in group])))
        labels.append(whole(group))
        return images[-1]

    # The reader renders every candidate before it decides; its decision is not needed here.
    read(boxes_of_strokes(lines), render, lambda t: np.full((len(t), 10), 0.1),
         cut_from=cut_from, dots_are_marks=True)


def picture_whole_digit_examples(digits: PenDigits, per_layout: int,
                                 seed: int) -> tuple[np.ndarray, np.ndarray]:
    """As whole_digit_examples, for the picture reader: `per_layout` numbers of each layout
    written on clean paper (on_clean_paper), every candidate the picture reader renders, and
    whether it is one whole digit."""
    rng = np.random.default_rng(seed)
    images: list[np.ndarray] = []
    labels: list[bool] = []
    for number in pen_numbers(digits, per_layout, seed):
        _weighed_picture(number, rng, images, labels)
    order = rng.permutation(len(labels))
    return np.stack(images)[order], np.array(labels, np.int8)[order]


@dataclass(frozen=True)
class OnPaper:
    """What the picture reader makes of a number written on paper (segment.picture_pieces)."""
    clean: np.ndarray  # the ink at the reader's working size, the paper taken away
    regions: np.ndarray  # labelled regions, cut where wider than a digit
    boxes: list  # the regions' boxes
    cut_from: list[tuple[int, int]]  # pairs of regions a cut separated
    whole: Callable[[tuple[int, ...]], bool]  # whether a group of regions is one whole digit


def on_clean_paper(number: PenNumber, rng: np.random.Generator) -> OnPaper | None:
    """`number` written in ink on clean paper (a pen 3–7 px wide, digits 80–160 px tall, a
    little blur and grain, as a camera sees it), as the picture reader cuts it, and which of
    its groups of regions are whole digits (by which digit each pixel of their ink was written
    for: WHOLE_SHARE, OWN_SHARE); None when the reader finds no number in it."""
    from PIL import Image, ImageDraw, ImageFilter

    from model.errors import DigitPadError
    from model.reading.preprocess import reduced
    from model.reading.segment import WORKING_SIZE, picture_mask, picture_pieces

    scale, pen = rng.uniform(0.8, 1.6), int(rng.integers(3, 8))
    points = np.concatenate(number.strokes)
    low, high = points.min(axis=0), points.max(axis=0)
    margin = np.array([rng.uniform(40, 120), rng.uniform(60, 140)])
    width, height = (int(v) for v in np.ceil((high - low) * scale + 2 * margin))
    # One layer of ink for each digit, and last the separators' (their owner is -1): whose
    # each pixel is.
    layers = [Image.new("L", (width, height), 0) for _ in range(len(number.text) + 1)]
    for stroke, owners in zip(number.strokes, number.owners):
        xy = (stroke - low) * scale + margin
        for a in range(len(xy) - 1):
            ImageDraw.Draw(layers[owners[a + 1]]).line([tuple(xy[a]), tuple(xy[a + 1])],
                                                       fill=255, width=pen)
        for (x, y), owner in ((xy[0], owners[0]), (xy[-1], owners[-1])):
            ImageDraw.Draw(layers[owner]).ellipse((x - pen / 2, y - pen / 2, x + pen / 2,
                                                   y + pen / 2), fill=255)
    blur = ImageFilter.GaussianBlur(rng.uniform(0.3, 1.2))
    ink_of = np.stack([np.asarray(layer.filter(blur), np.float32) / 255 for layer in layers])
    ink = np.clip(ink_of.max(axis=0) + rng.normal(0, 0.02, (height, width)), 0, 1)
    try:
        clean, regions, boxes, cut_from = picture_pieces(ink)
    except DigitPadError:
        return None
    owned = np.stack([reduced(layer, WORKING_SIZE) for layer in ink_of])
    totals = owned.sum(axis=(1, 2))

    def whole(group: tuple[int, ...]) -> bool:
        counts = (owned * picture_mask(regions, group)[None]).sum(axis=(1, 2))
        return _one_whole_digit(counts[:-1], totals[:-1], counts.sum())  # [-1]: separators'

    return OnPaper(clean, regions, boxes, cut_from, whole)


def _weighed_picture(number: PenNumber, rng: np.random.Generator, images: list,
                     labels: list) -> None:
    """Appends every candidate the picture reader renders for `number` on paper, and whether
    it is whole."""
    from model.reading.segment import picture_candidate, read_regions

    paper = on_clean_paper(number, rng)
    if paper is None or not paper.boxes:
        return

    def render(group: tuple[int, ...]) -> np.ndarray:
        images.append(picture_candidate(paper.clean, paper.regions, group))
        labels.append(paper.whole(group))
        return images[-1]

    # The reader renders every candidate before it decides; its decision is not needed here.
    read_regions(paper.clean, paper.regions, paper.boxes, paper.cut_from,
                 lambda t: np.full((len(t), 10), 0.1), render=render)
