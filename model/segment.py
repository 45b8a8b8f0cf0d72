"""Whole numbers: find the digits in what was written, read each, left to right.

A digit is a group of pieces (strokes on the canvas, connected ink regions in a picture) whose
horizontal extents overlap or nearly touch, relative to the writing's height. Pieces that
clearly overlap belong together (the bar of a 5, the base of a 1, the stem of an open 4); a clear
gap separates digits. Between the two the grouping is ambiguous, and the model decides: a
grouping is scored by the model's confidence in its digits (the product of each digit's top
probability, less a penalty for digits wider than the writing is tall), and since that score is
a sum over digits, the best grouping is found by a dynamic programme over the runs of pieces
that surely belong together — every ambiguous link decided, however many there are, with work
that grows linearly with the length of the number. The candidate digits go through the model in
one batched forward pass.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from model.preprocess import INK_THRESHOLD, EmptyImageError, render_strokes, to_mnist

# Horizontal overlap, as a share of the narrower piece's width, above which two pieces are one
# digit for certain; a gap wider than GAP of the writing's height separates digits for certain.
SURE_OVERLAP = 0.35
GAP = 0.12
MAX_RUNS = 6  # sure runs of pieces one digit may join across ambiguous links (a bound on work)
WIDE, WIDTH_PENALTY = 0.9, 4.0  # digits wider than 0.9 of the writing's height: suspect
SPECK = 0.08  # pieces smaller than this share of the writing's height in both directions

Box = tuple[float, float, float, float]  # x0, y0, x1, y1


@dataclass(frozen=True)
class Reading:
    pieces: tuple[int, ...]  # indices of the strokes (or regions) that make this digit
    box: Box  # where it is, in the drawing's coordinates
    tensor: np.ndarray  # (28, 28), what the model saw
    probabilities: np.ndarray  # (10,)

    @property
    def digit(self) -> int:
        return int(np.argmax(self.probabilities))


def boxes_of_strokes(strokes: Sequence[np.ndarray]) -> list[Box]:
    boxes = []
    for stroke in strokes:
        xy = np.asarray(stroke, dtype=np.float64).reshape(-1, 2)
        boxes.append((float(xy[:, 0].min()), float(xy[:, 1].min()),
                      float(xy[:, 0].max()), float(xy[:, 1].max())))
    return boxes


def writing_height(boxes: Sequence[Box]) -> float:
    """A robust height of the writing: the tallest pieces, not a stray long bar."""
    heights = sorted(b[3] - b[1] for b in boxes)
    return max(heights[int(len(heights) * 0.75)] if heights else 0.0, 1e-9)


def links(boxes: Sequence[Box]) -> tuple[list[int], list[str]]:
    """Pieces in left-to-right order, and for each neighbouring pair whether they are the same
    digit ('same'), different digits ('split') or could be either ('ambiguous').

    Two neighbours are compared by the extent of everything left of the link, so a piece that
    overlaps an earlier stroke of the same digit still joins it."""
    order = sorted(range(len(boxes)), key=lambda i: ((boxes[i][0] + boxes[i][2]) / 2, i))
    height = writing_height(boxes)
    kinds = []
    right_edge = boxes[order[0]][2] if order else 0.0
    left_start = boxes[order[0]][0] if order else 0.0
    for b in order[1:]:
        x0, x1 = boxes[b][0], boxes[b][2]
        overlap = min(right_edge, x1) - max(left_start, x0)
        narrower = max(min(x1 - x0, right_edge - left_start), height * 0.05)
        inside = left_start <= (x0 + x1) / 2 <= right_edge or \
            x0 <= (left_start + right_edge) / 2 <= x1  # a stem, a bar across
        if inside or overlap >= SURE_OVERLAP * narrower:
            kinds.append("same")
        elif -overlap > GAP * height:
            kinds.append("split")
        else:
            kinds.append("ambiguous")
        if kinds[-1] == "same":
            right_edge, left_start = max(right_edge, x1), min(left_start, x0)
        else:
            right_edge, left_start = x1, x0
    return order, kinds


def candidate_digits(order: list[int], kinds: list[str]) -> tuple[list[tuple[int, ...]],
                                                                  list[tuple[int, int]]]:
    """(runs, spans): the runs of pieces that surely belong together (joined by 'same'
    links), left to right; and every candidate digit as a span (first, end) of runs whose
    inner links are ambiguous, at most MAX_RUNS runs long."""
    runs, current = [], [order[0]]
    breaks = []  # the kind of the link after each run: 'split' or 'ambiguous'
    for piece, kind in zip(order[1:], kinds):
        if kind == "same":
            current.append(piece)
        else:
            runs.append(tuple(sorted(current)))
            breaks.append(kind)
            current = [piece]
    runs.append(tuple(sorted(current)))
    spans = []
    for first in range(len(runs)):
        end = first + 1
        while True:
            spans.append((first, end))
            if end == len(runs) or breaks[end - 1] == "split" or end - first == MAX_RUNS:
                break
            end += 1
    return runs, spans


Seen = dict  # content key of a group → (tensor, probabilities), kept by the caller


def read(boxes: Sequence[Box], render: Callable[[tuple[int, ...]], np.ndarray],
         predict_many: Callable[[np.ndarray], np.ndarray],
         key: Callable[[tuple[int, ...]], object] | None = None,
         seen: Seen | None = None) -> list[Reading]:
    """The digits, left to right. `render(pieces)` gives a group's 28×28 tensor;
    `predict_many(tensors)` the model's (N, 10) probabilities. With `key` (a group's content)
    and a `seen` dict, groups read before (every digit but the one being written) are not
    rendered or predicted again."""
    keep = [i for i in range(len(boxes)) if not _speck(boxes[i], boxes)]
    if not keep:
        keep = list(range(len(boxes)))
    order, kinds = links([boxes[i] for i in keep])
    order = [keep[i] for i in order]
    if not order:
        return []
    runs, spans = candidate_digits(order, kinds)
    groups_of = {span: tuple(sorted(p for run in runs[span[0]:span[1]] for p in run))
                 for span in spans}
    tensors: dict[tuple[int, ...], np.ndarray] = {}
    probabilities: dict[tuple[int, ...], np.ndarray] = {}
    for group in groups_of.values():
        if group in tensors:
            continue
        known = seen.get(key(group)) if seen is not None and key is not None else None
        if known is not None:
            tensors[group], probabilities[group] = known
            continue
        try:
            tensors[group] = render(group)
        except EmptyImageError:
            tensors[group] = np.zeros((28, 28), np.float32)
    fresh = [group for group in tensors if group not in probabilities]
    if fresh:  # every new group in one batched forward pass
        for group, p in zip(fresh, predict_many(np.stack([tensors[g] for g in fresh]))):
            probabilities[group] = p
            if seen is not None and key is not None:
                seen[key(group)] = (tensors[group], p)

    height = writing_height([boxes[i] for i in keep])

    def width(group) -> float:
        return max(boxes[i][2] for i in group) - min(boxes[i][0] for i in group)

    def score(group) -> float:
        # The model's confidence in the digit, and a prior: a digit is rarely wider than the
        # writing is tall (two touching 8s read as one confident 8 otherwise).
        confidence = np.log(max(probabilities[group].max(), 1e-9))
        return float(confidence - WIDTH_PENALTY * max(0.0, width(group) / height - WIDE))

    # best[end]: the best score of runs[:end] read as whole digits, and the last digit's span.
    best: list[tuple[float, tuple[int, int] | None]] = [(0.0, None)] + \
        [(-np.inf, None)] * len(runs)
    for first, end in sorted(spans, key=lambda span: span[1]):
        total = best[first][0] + score(groups_of[first, end])
        if total > best[end][0]:
            best[end] = (total, (first, end))
    chosen, end = [], len(runs)
    while end:
        first = best[end][1][0]
        chosen.append(groups_of[first, end])
        end = first
    readings = []
    for group in chosen:
        box = (min(boxes[i][0] for i in group), min(boxes[i][1] for i in group),
               max(boxes[i][2] for i in group), max(boxes[i][3] for i in group))
        readings.append(Reading(group, box, tensors[group], probabilities[group]))
    return sorted(readings, key=lambda r: (r.box[0] + r.box[2]) / 2)


def _speck(box: Box, boxes: Sequence[Box]) -> bool:
    """A stray dot far smaller than the writing (a tap, a speck of dust in a scan)."""
    if len(boxes) < 2:
        return False
    height = writing_height(boxes)
    return box[2] - box[0] < SPECK * height and box[3] - box[1] < SPECK * height


def read_strokes(strokes: Sequence[np.ndarray],
                 predict_many: Callable[[np.ndarray], np.ndarray],
                 seen: Seen | None = None) -> list[Reading]:
    """Digits drawn as strokes (point lists), each group rendered like a lone digit. Pass the
    same `seen` dict (emptied when the model changes) to skip digits already read."""
    strokes = [np.asarray(s, dtype=np.float64).reshape(-1, 2) for s in strokes]
    strokes = [s for s in strokes if len(s)]
    if not strokes:
        return []
    if seen is not None and len(seen) > MAX_SEEN:
        seen.clear()
    return read(boxes_of_strokes(strokes),
                lambda group: to_mnist(render_strokes([strokes[i] for i in group])),
                predict_many, lambda group: tuple(strokes[i].tobytes() for i in group), seen)


MAX_SEEN = 256  # groups remembered; an evening of drawing must not grow memory without end


WORKING_SIZE = 600  # longest side a picture is reduced to before its regions are found
REGION_CONTRAST = 0.35  # of the way from the paper's level to the darkest ink
MAX_REGIONS = 200  # a bounded amount of work, whatever the picture


def ink_regions(ink: np.ndarray) -> tuple[np.ndarray, list[Box]]:
    """(label image, boxes): the connected ink regions of a picture (1 = ink), labelled 1..N."""
    # A 3×3 median first: the grain of paper and a phone camera's noise must not join the
    # digits into one region, nor make thousands of specks.
    gray = Image.fromarray((np.clip(ink, 0, 1) * 255).astype(np.uint8), mode="L")
    smooth = np.asarray(gray.filter(ImageFilter.MedianFilter(3)), dtype=np.float32) / 255
    paper, peak = float(np.median(smooth)), float(smooth.max())
    mask = smooth >= max(paper + REGION_CONTRAST * (peak - paper), INK_THRESHOLD * 0.5)
    image = Image.fromarray(mask.astype(np.int32), mode="I")
    labels = np.asarray(image)
    boxes: list[Box] = []
    label = 2  # 0 paper, 1 unlabelled ink
    while len(boxes) < MAX_REGIONS:
        ink_pixels = np.flatnonzero(labels == 1)
        if not len(ink_pixels):
            break
        y, x = divmod(int(ink_pixels[0]), labels.shape[1])
        ImageDraw.floodfill(image, (x, y), label)  # 4-connected, in C
        labels = np.asarray(image)
        ys, xs = np.nonzero(labels == label)
        boxes.append((float(xs.min()), float(ys.min()), float(xs.max() + 1),
                      float(ys.max() + 1)))
        label += 1
    return labels - 1, boxes  # region i (0-based box index) is labelled i + 1; paper -1


def read_picture(ink: np.ndarray,
                 predict_many: Callable[[np.ndarray], np.ndarray]) -> list[Reading]:
    """Digits in a picture (ink intensities, 1 = ink): its ink regions, grouped the same way."""
    ink = np.asarray(ink, dtype=np.float32)
    scale = WORKING_SIZE / max(ink.shape)
    if scale < 1:
        size = (max(1, round(ink.shape[1] * scale)), max(1, round(ink.shape[0] * scale)))
        ink = np.asarray(Image.fromarray(ink, mode="F").resize(size, Image.Resampling.BOX))
    labels, boxes = ink_regions(ink)
    if not boxes:
        return []

    def render(group: tuple[int, ...]) -> np.ndarray:
        member = np.isin(labels, [i + 1 for i in group])
        return to_mnist(np.where(_dilate(member), ink, 0.0))

    return read(boxes, render, predict_many)


def _dilate(mask: np.ndarray) -> np.ndarray:
    """One pixel around each region too: its anti-aliased edge belongs to it."""
    grown = mask.copy()
    grown[1:] |= mask[:-1]
    grown[:-1] |= mask[1:]
    grown[:, 1:] |= mask[:, :-1]
    grown[:, :-1] |= mask[:, 1:]
    return grown
