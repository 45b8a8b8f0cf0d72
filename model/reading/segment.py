"""Whole numbers: find the digits in what was written, read each, left to right.

A digit is a group of pieces (strokes on the canvas, connected ink regions in a picture) whose
horizontal extents overlap or nearly touch, relative to the writing's height. Pieces that
clearly overlap belong together (the bar of a 5, the base of a 1, the stem of an open 4); a clear
gap separates digits. Between the two the grouping is ambiguous, and the model decides: a
grouping is scored by the model's confidence in its digits (the product of each digit's top
probability, less a penalty for digits wider than the writing is tall) and by how likely each
is one whole digit (the model's whole-digit fit, model.reading.outliers: the network alone is
often as sure of a piece of a digit, or of two run together, as of a digit); these and the
candidate's shape and "not a digit" verdict are weighed by a fitted logistic score
(DRAWING_SCORE, and PICTURE_SCORE for a picture's candidates). Since that is a sum over digits,
the best grouping is found by a dynamic programme over the runs of pieces that surely belong
together — every ambiguous link decided, however many there are, with work that grows linearly
with the length of the number. The candidate digits go through the model in one batched forward
pass.
"""

from __future__ import annotations

import bisect
import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import NamedTuple, Protocol

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from model.errors import DigitPadError
from model.language import _
from model.reading.line import LineReader, LineReading, combined
from model.reading.preprocess import (
    INK_THRESHOLD,
    EmptyImageError,
    opened,
    reduced,
    render_strokes,
    to_mnist,
)

# Horizontal overlap, as a share of the narrower piece's width, above which two pieces are one
# digit for certain; a gap wider than GAP of the writing's height separates digits for certain.
# (At 0.35 a thin 1 touching its neighbour was glued to it for certain: "41" read as "4".)
SURE_OVERLAP = 0.6
GAP = 0.12
MAX_RUNS = 6  # sure runs of pieces one digit may join across ambiguous links (a bound on work)
WIDE, WIDTH_PENALTY = 0.9, 4.0  # digits wider than 0.9 of the writing's height: suspect
SPECK = 0.08  # pieces smaller than this share of the writing's height in both directions
SEPARATOR_SIZE = 0.4  # a comma, a dot or an apostrophe: at most this share of the height
CUT_WIDTH = 1.2  # ink that surely belongs together and is wider than this share: cut it
# In writing wider than NUMBER_WIDTH (more than one digit for certain), a stroke is cut from
# IN_NUMBER_CUT_WIDTH ("05" in one stroke is ~1.1 wide; a lone digit that wide stays whole).
NUMBER_WIDTH, IN_NUMBER_CUT_WIDTH = 1.6, 1.0
DOUBT_WIDTH = 0.8  # overlapping pieces wider than this share together: maybe two digits,
MAX_DOUBTED = 8  # unless there are more of them than two digits have (a scribble's tangle)
# Two digits written one over the other can be narrower than one ("63" read as an 8, "71" as
# a 7): in a number, overlapping pieces are doubted too when two of them are each this share
# of the line tall and together wider than TWO_NARROW (not a 1 traced twice), and none is a
# slash through the middle of the rest (a slashed 0). The training writers' numbers 84.9 →
# 85.2 %, the validation writers' 84.4 → 84.5 % (overlapping 80.5 → 81 %); lone digits cut as
# before; shapes written after a number read into it 53 → 57 of 300. In writing not surely a
# number too, it cut more lone digits (training 24 → 25 of 10,816, the test writers' 2 → 3).
TWO_TALL, TWO_NARROW = 0.85, 0.3
# A piece this tall and thin (shares of the line's height) among at most STEM_AMONG pieces
# that overlap, in a number: maybe a 1 inside its neighbour's columns, maybe a 4's stem. In
# any writing, beside one other piece, the two wider than TWO_NARROW: a "16" or a "71" written
# tight, narrower than a number (the training writers' numbers 85.2 → 85.3 %, the validation
# writers' 84.5 → 84.7 %; lone digits cut and letters kept whole as before).
STEM_TALL, STEM_THIN, STEM_AMONG = 0.7, 0.15, 3
# Not a stem that runs through the middle half of the rest (a 0 slashed as some writers do,
# split into "01" otherwise: the validation writers' numbers apart 92.5 → 94 %, the rest as
# they were; 0.1 split overlapping ones, 0.4 left some slashed 0s cut).
STEM_MIDDLE = 0.25
MAX_JOINED = 6.0  # ink flatter than this (a line, a garbled recording) is not cut
CUT_TALL = 0.35  # nor a stroke less tall than this share of the line: digits joined are tall
# A stroke from TIME_CUT_WIDTH wide is offered cuts in time where the pen wrote only left of
# what it writes next: the two sides' columns overlap at most TIME_OVERLAP, and the stroke
# begins and ends at least TIME_APART beyond them (shares of the line's height).
TIME_CUT_WIDTH, TIME_OVERLAP, TIME_APART = 0.4, 0.05, 0.05
CUT_MARGIN = 0.12  # no cut nearer an edge of the ink than this share of the height
# In writing surely a number, a stroke from TURN_CUT_WIDTH wide is also offered cuts where the
# pen turns (by TURN_AMP) within TURN_NEAR of its top or bottom and the rest is a tall piece
# begun at least TURN_SHIFT right of where the stroke began (a 5 ending with its bar and run on
# to the 6's top: no valley between them, no moment where all before lies left). Not in a
# stroke with more such turns than one every TURN_EVERY of its width (a zigzag: an N, a W
# written after a number, read "11") or lying over other ink for more than TURN_OVER of its
# length (a crossing-out). Shares of the line's height.
TURN_CUT_WIDTH, TURN_AMP, TURN_NEAR, TURN_SHIFT = 0.5, 0.3, 0.35, 0.3
TURN_EVERY, TURN_OVER = 0.5, 0.3
# Writing not surely a number (or of one or two strokes: a wide 7 crossed, the training
# writers' lone digits cut 25 → 24) read as several digits is one digit all the
# same when the model reads it whole this surely (CUT_SURE) and its whole-digit fit gives at
# least this log-likelihood: a 4 whose stem stands apart, a 2 with a long tail, a 0 run on
# (the training writers' lone digits cut 48 → 27 of 10,816, a dozen of them really two
# digits; the validation writers' numbers 83.4 → 83.3 %).
SURE_WHOLE = -1.5
# Unless each of those digits is read at least this surely: the whole of two digits written
# apart can look like one of them ("77" read whole as a 7 at 0.999, "41" as a 4; the training
# writers' two-digit numbers 4 of 174 read as one digit, the validation writers' 1 of 201;
# of the lone digits made one, the surest piece was read at 0.955).
SURE_APART = 0.97
# A refused piece and the digit beside it are one letter only if together they are no wider
# than this share of the height: a refused piece in a number no longer takes its neighbours
# with it one after another ("28019" was left out whole for a refused "01"; the validation
# writers' numbers: digits read 93.2 → 93.7 %, exactly as before; letters as before, 1.3 lost
# 2 of 150). Writing that may be one letter (read's maybe_a_letter) is one whatever its width
# (a wide letter of one stroke, cut in time, had one half read as a 6).
LETTER_WIDTH = 1.5
# In a number, a piece the model reads this surely is refused only NUMBER_LEEWAY (log-odds)
# above the gate's level: among digits a digit is likelier than in a drawing alone (a 4 written
# like a cross, a 1 with a bar, refused as shapes; chosen on the training writers' numbers
# 83.5 → 84.7 %, apart 92.3 → 94.0 %, the validation writers' 84.2 → 84.3 %; letters, shapes,
# scribbles after a number read as a digit 1, 3, 3 in 300 more, crossed-out digits none).
NUMBER_LEEWAY, LEEWAY_SURE = 1.0, 0.9
MARK_ALONE = 10.0  # a mark too small or flat to be a digit, read as one all the same
CUT_SURE = 0.9  # a digit cut out of ink must be read at least this surely (not a scribble's)
# Writing the line reader sees as one digit, the model's own reading of it whole, is one digit
# when the two together read it at least this surely (a 5 whose bar floats right, read whole
# 0.85, the line reader 0.91: of the training writers' lone digits cut, 6 → 5 besides one
# writer's mislabelled "00"s; the validation writers' numbers, and 629 of one or two strokes,
# read the same to the last).
SECONDED_SURE = 0.8
# The best readings of a drawing (LINE_PATHS) are weighed again by how likely the line reader
# finds their digits (LINE_PATH_WEIGHT × its log-likelihood): it reads digits joined or written
# over each other without needing a cut. Another reading than the best wins only where the line
# reader reads its digits at least LINE_SURE, or NUMBER_LINE_SURE in writing surely a number
# (it never learnt letters: it hears digits in them, a K beside "77" as "16").
LINE_PATHS = 8
LINE_PATH_WEIGHT = 1.0
LINE_SURE, NUMBER_LINE_SURE = 0.95, 0.3
CUT_COST = 2.0  # what reading the two sides of a cut as two digits costs, in log confidence
# The model's log-likelihood that a candidate is one whole digit, weighed (twice its
# confidence since the whole-digit fit has its own hidden layer: validation numbers 83 → 84 %).
WHOLE_WEIGHT = 2.0
# A drawing's candidates are weighed by a logistic fit instead (model/learning/score_weights.py,
# `make score-weights`): the log-odds that a candidate is one whole written symbol, from what
# the hand-set score above adds up, the gate's verdict and the candidate's shape, fitted on
# every candidate the reader weighs in the training writers' numbers, lone digits, and
# letters, shapes and scribbles (a whole letter is one symbol: kept whole, the gate refuses
# it), with a reward of 1 for each digit read. Writing that is not surely a number and that
# the hand-set score reads as one digit the gate accepts keeps that reading (a lone digit
# reads as before: weighed by the fit, 2 of the test writers' 1,774 read otherwise).
# Validation writers' numbers 84.1 → 84.8 %, letters left without a digit 135 → 143 of 150.
SCORE_FEATURES = (
    "log confidence", "width past WIDE", "cuts severed", "whole-digit log-likelihood",
    "a mark", "an unsure cut", "refused", "width", "height", "height up to 1.5",
    "log pieces", "runs", "in a number", "refused in a number", "refused × width",
    "refused × whole-digit log-likelihood")


class FittedScore(NamedTuple):
    weights: tuple[float, ...]  # one for each of SCORE_FEATURES
    bias: float


DRAWING_SCORE = FittedScore(
    (1.0486, -1.0998, -1.4491, 0.7790, -0.4801, -0.0373, 2.3098, 1.2601, 1.3807, 1.3727, 1.1591,
     -0.4180, 0.1160, -5.1463, -1.0561, -0.5574), -0.2746)
# A picture's candidates have a fit of their own, on training writers' numbers and lone digits
# written on clean paper (validation writers' photos by the hand-set sum 72.7 %, fitted 74.0 %;
# with the cuts below, 75.9 %).
PICTURE_SCORE = FittedScore(
    (1.4951, -1.6480, -1.0307, 1.0663, 0.0007, -0.6105, -0.3490, 1.6286, -0.7549, 4.7002, -0.6362,
     0.1459, 0.0000, 0.0000, -0.3298, 0.0298), -0.9751)

Box = tuple[float, float, float, float]  # x0, y0, x1, y1


@dataclass(frozen=True)
class Reading:
    pieces: tuple[int, ...]  # indices of the strokes (or regions) that make this digit
    box: Box  # where it is, in the drawing's coordinates
    tensor: np.ndarray  # (28, 28), what the model saw
    probabilities: np.ndarray  # (10,)
    ink: tuple[tuple[int, int, int], ...] = ()  # drawn: (stroke, start, stop) of its points
    refused: str = ""  # why it is not a digit (model.reading.outliers), "" for a digit

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


def line_height(boxes: Sequence[Box]) -> float:
    """The height of the writing's digits: of the runs of pieces that surely belong together
    (an 8 written as two loops is one digit tall, not half of one)."""
    runs, _ = sure_runs(*links(boxes)) if len(boxes) else ([], [])
    return writing_height([_union(boxes, run) for run in runs])


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


def sure_runs(order: list[int], kinds: list[str]) -> tuple[list[tuple[int, ...]], list[str]]:
    """The runs of pieces that surely belong together (joined by 'same' links), left to
    right, and the kind of the link after each run but the last ('split' or 'ambiguous')."""
    runs, current, breaks = [], [order[0]], []
    for piece, kind in zip(order[1:], kinds):
        if kind == "same":
            current.append(piece)
        else:
            runs.append(tuple(sorted(current)))
            breaks.append(kind)
            current = [piece]
    runs.append(tuple(sorted(current)))
    return runs, breaks


def doubt_wide_runs(order: list[int], kinds: list[str], boxes: Sequence[Box],
                    height: float, in_number: bool = False
                    ) -> tuple[list[str], list[tuple[int, int]]]:
    """Pieces that overlap are one digit for certain, unless together they are wider than a
    digit (neighbours written touching or overlapping), or a few of them hold a stem (a 1
    written inside its neighbour's columns, not through their middle: in a number, or beside
    one other piece in any writing), or, in a number, two of them are each as tall as the
    writing and none is a slash (TWO_TALL: digits written one over the other): then their
    links are doubted (made ambiguous, left to the model) and returned as pairs whose split
    costs CUT_COST."""
    kinds, doubted = list(kinds), []
    runs, _ = sure_runs(order, kinds)
    position = {piece: k for k, piece in enumerate(order)}
    for run in runs:
        if not 1 < len(run) <= MAX_DOUBTED:
            continue
        x0, _, x1, _ = _union(boxes, run)
        wide_enough = x1 - x0 > TWO_NARROW * height  # not a 1 traced twice
        beside_one = len(run) == 2 and wide_enough
        # Each stem-shaped piece where a stem is doubted: does it run through the middle of
        # the rest (a slash)?
        slash = [_through_the_middle(boxes, run, p) for p in run
                 if stem_shaped(boxes[p], height)] if in_number or beside_one else []
        stem = (in_number and len(run) <= STEM_AMONG or beside_one) and not all(slash)
        two_tall = in_number and wide_enough and not any(slash) and sum(
            boxes[p][3] - boxes[p][1] >= TWO_TALL * height for p in run) >= 2
        if stem or two_tall or DOUBT_WIDTH * height < x1 - x0 <= MAX_JOINED * height:
            at = sorted(position[piece] for piece in run)
            for k in at[1:]:
                kinds[k - 1] = "ambiguous"
                doubted.append((order[k - 1], order[k]))
    return kinds, doubted


def stem_shaped(box: Box, height: float) -> bool:
    """Tall and thin for a line `height` tall: a 1, a 4's stem, the slash of a 0."""
    return box[3] - box[1] >= STEM_TALL * height and box[2] - box[0] <= STEM_THIN * height


def _through_the_middle(boxes: Sequence[Box], run: tuple[int, ...], stem: int) -> bool:
    """The stem runs through the middle of the rest of its run (a slashed 0), not beside it."""
    others = [q for q in run if q != stem]
    if not others:
        return False
    x0, _, x1, _ = _union(boxes, others)
    at = ((boxes[stem][0] + boxes[stem][2]) / 2 - x0) / max(x1 - x0, 1e-9)
    return STEM_MIDDLE <= at <= 1 - STEM_MIDDLE


def candidate_spans(breaks: list[str], marks: list[bool], separators: list[bool],
                    max_runs: int = MAX_RUNS) -> list[tuple[int, int]]:
    """Every candidate digit as a span (first, end) of runs whose inner links are ambiguous,
    at most `max_runs` runs long. Marks (marks_of) may join a neighbour even across a clear gap
    (the bar of a 5 written well to its right); a separator is never part of a digit."""
    breaks = ["ambiguous" if kind == "split" and (marks[k] or marks[k + 1]) else kind
              for k, kind in enumerate(breaks)]
    spans = []
    for first in range(len(marks)):
        end = first + 1
        while not separators[end - 1]:
            spans.append((first, end))
            if end == len(marks) or breaks[end - 1] == "split" or end - first == max_runs:
                break
            end += 1
    return spans


# Kept by the caller: a group's content key → (tensor, probabilities, wholeness),
# ("refused", key) → why, ("refused in a number", key) → why with NUMBER_LEEWAY,
# (stroke_cuts or turn_cuts by name, a stroke's points, height[, narrowest]) → its cuts.
Seen = dict


class Number(list):
    """The digits read, left to right (Readings); `marks` the boxes of the separators left
    out of the number (a comma, a dot, an apostrophe, a dash); `refused` the pieces left out
    as not digits (Readings whose `refused` says why), left to right."""

    def __init__(self, digits=(), marks=(), refused=()):
        super().__init__(digits)
        self.marks: list[Box] = list(marks)
        self.refused: list[Reading] = list(refused)

    def each(self, change: Callable[[Reading], Reading], box: Callable[[Box], Box]) -> Number:
        """The same number with every reading changed and every mark's box moved."""
        return Number(map(change, self), map(box, self.marks), map(change, self.refused))


class Refuse(Protocol):
    """Why each tensor is not a digit ("" for a digit; Predictor.refusals), refused `leeway`
    above the gate's level."""

    def __call__(self, tensors: np.ndarray, probabilities: np.ndarray,
                 leeway: float = 0.0) -> list[str]: ...


# tensors → log-likelihood that each is one whole digit (None: the model cannot say)
WholeDigit = Callable[[np.ndarray], np.ndarray | None]


def read(boxes: Sequence[Box], render: Callable[[tuple[int, ...]], np.ndarray],
         predict_many: Callable[[np.ndarray], np.ndarray],
         key: Callable[[tuple[int, ...]], object] | None = None,
         seen: Seen | None = None, cut_from: Sequence[tuple[int, int]] = (),
         dots_are_marks: bool = False, refuse: Refuse | None = None,
         whole_digit: WholeDigit | None = None, in_number: bool = False,
         fitted_score: FittedScore | None = None, max_runs: int = MAX_RUNS,
         maybe_a_letter: bool = False,
         observe: Callable[[tuple[int, ...], np.ndarray], None] | None = None,
         line_heard: Callable[[Sequence[str]], np.ndarray] | None = None,
         line_sure: float = LINE_SURE, heard_apart: Sequence[float] = ()) -> Number:
    """The digits, left to right. `render(pieces)` gives a group's 28×28 tensor;
    `predict_many(tensors)` the model's (N, 10) probabilities. With `key` (a group's content)
    and a `seen` dict, groups read before (every digit but the one being written) are not
    rendered or predicted again. `cut_from`: pairs of pieces that were one piece before a cut
    (cut_strokes, cut_regions); reading them as different digits costs CUT_COST. With
    `dots_are_marks`, specks outside every digit are marks too (a dot drawn on purpose).
    `refuse(tensors, probabilities)` says which digits read are not digits at all (a letter
    beside a number): they are left out, in the Number's `refused` (in a number, digits read
    surely with NUMBER_LEEWAY). `whole_digit(tensors)`, the model's log-likelihood that each
    candidate is one whole digit (not a piece of one, not two), weighs every candidate (a
    model without it: its confidence alone decides).
    `in_number`: the writing, before any cut, surely holds several digits (surely_a_number).
    `fitted_score`: candidates weighed by these weights of SCORE_FEATURES instead of the
    hand-set score (with `refuse`: the gate's verdict on each candidate of whole pieces is one
    of the features); `observe(group, features)` sees every candidate's features as it is
    weighed (score_weights fits on them). `max_runs`: the most runs one candidate spans.
    `line_heard(texts)`: the line reader's log-likelihood of each text; the LINE_PATHS best
    readings are then weighed by it too (LINE_PATH_WEIGHT), and another reading than the best
    wins only where it reads that reading's digits at least `line_sure`. `heard_apart`: where
    it hears one digit end and the next begin; pieces on either side of such a place that
    overlap for certain are doubted (their split costs CUT_COST).
    `maybe_a_letter`: the writing may be one letter (strokes not surely a number): digits cut
    out of one piece with another are judged too, and a refused piece takes the digit beside
    it whatever their width."""
    tallest = writing_height(boxes) if len(boxes) > 1 else None  # once: a scribble has 5,000
    keep = [i for i in range(len(boxes)) if not _speck(boxes[i], tallest)] or \
        list(range(len(boxes)))
    order, kinds = links([boxes[i] for i in keep])
    order = [keep[i] for i in order]
    if not order:
        return Number()
    inked = list(cut_from)  # pairs of pieces that were one piece of ink
    # The writing's height from its ink as written: the pieces of a stroke cut in time are
    # often a fraction of a digit tall (a lone 2's long tail, cut off, was then "tall" and
    # read as a 1 beside it).
    kept = {piece: k for k, piece in enumerate(keep)}
    height = line_height(_uncut([boxes[i] for i in keep], [
        (kept[a], kept[b]) for a, b in inked if a in kept and b in kept]))
    whole_runs = sure_runs(order, kinds)[0]
    # A separator is ink that stands alone: never a piece of a wide run doubted below, nor
    # one cut out of a stroke or a region (the foot of an L-shaped 4 is no comma).
    joined = {piece for pair in inked for piece in pair}
    alone = {run for run, shaped in zip(whole_runs, separator_shaped(
        [_union(boxes, run) for run in whole_runs], height))
        if shaped and joined.isdisjoint(run)}
    kinds, doubted = doubt_wide_runs(order, kinds, boxes, height, in_number)
    centres = [(boxes[p][0] + boxes[p][2]) / 2 for p in order]  # ascending, as `links` sorts
    for x in heard_apart:
        k = bisect.bisect_left(centres, x)
        if 0 < k < len(order) and kinds[k - 1] == "same":
            kinds[k - 1] = "ambiguous"
            doubted.append((order[k - 1], order[k]))
    cut_from = [*inked, *doubted]
    runs, breaks = sure_runs(order, kinds)
    run_boxes = [_union(boxes, run) for run in runs]
    separators = [run in alone for run in runs]
    marks = marks_of(run_boxes, height)
    spans = candidate_spans(breaks, marks, separators, max_runs)
    groups_of = {span: tuple(sorted(p for run in runs[span[0]:span[1]] for p in run))
                 for span in spans}
    tensors: dict[tuple[int, ...], np.ndarray] = {}
    probabilities: dict[tuple[int, ...], np.ndarray] = {}
    wholeness: dict[tuple[int, ...], float] = {}
    for group in groups_of.values():
        if group in tensors:
            continue
        known = seen.get(key(group)) if seen is not None and key is not None else None
        if known is not None:
            tensors[group], probabilities[group], wholeness[group] = known
            continue
        try:
            tensors[group] = render(group)
        except EmptyImageError:
            tensors[group] = np.zeros((28, 28), np.float32)
    fresh = [group for group in tensors if group not in probabilities]
    if fresh:  # every new group in one batched forward pass
        batch = np.stack([tensors[g] for g in fresh])
        read_now = predict_many(batch)  # first: the app's predictor remembers this pass for
        # whole_digit (and the verdicts), which then need not run the network again
        likely = whole_digit(batch) if whole_digit is not None else None
        likely = np.zeros(len(fresh)) if likely is None else likely
        for group, p, w in zip(fresh, read_now, likely):
            probabilities[group], wholeness[group] = p, float(w)
            if seen is not None and key is not None:
                seen[key(group)] = (tensors[group], p, float(w))

    def verdict(group: tuple[int, ...]) -> str:
        why = remembered(group)
        if why is None:
            why = refuse(tensors[group][None], probabilities[group][None])[0]
            remember(group, why)
        return among_digits(group, why)

    # A group's verdict alone, and (for a sure digit the gate refused) in a number.
    def remembered(group: tuple[int, ...], kind: str = "refused") -> str | None:
        return None if seen is None or key is None else seen.get((kind, key(group)))

    def remember(group: tuple[int, ...], why: str, kind: str = "refused") -> None:
        if seen is not None and key is not None:
            seen[(kind, key(group))] = why

    def among_digits(group: tuple[int, ...], why: str) -> str:
        """`why`, the verdict on `group` alone, as a number judges it (NUMBER_LEEWAY)."""
        if not why or not in_number or probabilities[group].max() < LEEWAY_SURE:
            return why
        lenient = remembered(group, "refused in a number")
        if lenient is None:
            lenient = refuse(tensors[group][None], probabilities[group][None],
                             leeway=NUMBER_LEEWAY)[0]
            remember(group, lenient, "refused in a number")
        return lenient

    weighs_features = fitted_score is not None or observe is not None
    weighs_verdicts = weighs_features and refuse is not None
    if weighs_verdicts:  # the fresh candidates judged at once: the gate's inputs are at hand
        unjudged = [g for g in fresh if not _severs(g, cut_from) and remembered(g) is None]
        if unjudged:
            for group, why in zip(unjudged, refuse(np.stack([tensors[g] for g in unjudged]),
                                                   np.stack([probabilities[g] for g in unjudged]))):
                remember(group, why)

    def score(first: int, end: int) -> float:
        # The model's confidence in the digit, and priors: a digit is rarely wider than the
        # writing is tall (two touching 8s read as one confident 8 otherwise), a cut through
        # ink that surely belonged together must earn its place and give sure digits, and a
        # mark is no digit.
        group = groups_of[first, end]
        box = _union(boxes, group)
        top = float(probabilities[group].max())
        severed = _severs(group, cut_from)
        width, tall = (box[2] - box[0]) / height, (box[3] - box[1]) / height
        too_wide = max(0.0, width - WIDE)
        unsure_cut = bool(severed) and top < CUT_SURE
        mark = all(marks[first:end])
        if weighs_features:
            refused = float(weighs_verdicts and not severed and bool(verdict(group)))
            whole = max(wholeness[group], -30.0)  # bounded as when the weights were fitted
            features = np.array([
                np.log(max(top, 1e-9)), too_wide, severed, whole, mark, unsure_cut, refused,
                width, tall, min(tall, 1.5), np.log(len(group)), end - first, in_number,
                refused * in_number, refused * width, refused * whole])
            if observe is not None:
                observe(group, features)
            if fitted_score is not None:
                return float(features @ fitted_score.weights + fitted_score.bias)
        return float(np.log(max(top, 1e-9)) - WIDTH_PENALTY * too_wide
                     - CUT_COST / 2 * severed - MARK_ALONE * (mark + unsure_cut)
                     + WHOLE_WEIGHT * wholeness[group])

    # best[end]: the `paths` best scores of runs[:end] read as digits and separators, each
    # with its last step: a digit's span (first, end), or (end - 1, None) for a separator left
    # out, and which of the best before it it follows.
    paths = 1 if line_heard is None else LINE_PATHS
    best: list[list[tuple[float, tuple[int, int | None, int]]]] = [[(0.0, (0, None, 0))]] + \
        [[] for _ in runs]
    for end in range(1, len(runs) + 1):
        steps = [(total, (end - 1, None, k)) for k, (total, _) in enumerate(best[end - 1])] \
            if separators[end - 1] else []
        for first in (s[0] for s in spans if s[1] == end):
            if best[first]:
                gain = score(first, end)
                steps += [(total + gain, (first, end, k))
                          for k, (total, _) in enumerate(best[first])]
        best[end] = sorted(steps, key=lambda step: -step[0])[:paths]

    def walked(k: int) -> tuple[list[tuple[int, ...]], list[int]]:
        chosen, left, end = [], [], len(runs)
        while end:
            first, digit_end, k = best[end][k][1]
            (left if digit_end is None else chosen).append(
                first if digit_end is None else groups_of[first, end])
            end = first
        return chosen, left

    finals = [walked(k) for k in range(len(best[-1]))]
    pick = 0
    if line_heard is not None and len(finals) > 1:
        # Each reading's digits as the model reads them, weighed by the line reader too. A
        # reading can overtake the best only by what the line reader holds against the best's.
        texts = ["".join(str(int(probabilities[g].argmax())) for g in reversed(chosen))
                 for chosen, _ in finals]
        scores = [total for total, _ in best[-1]]
        against = -LINE_PATH_WEIGHT * float(line_heard([texts[0]])[0])
        rivals = [k for k in range(1, len(finals))
                  if texts[k] != texts[0] and scores[0] - scores[k] < against]
        if rivals:
            heard = line_heard([texts[k] for k in rivals])
            gains = [scores[k] - scores[0] + LINE_PATH_WEIGHT * h + against
                     for k, h in zip(rivals, heard)]
            k = int(np.argmax(gains))
            if gains[k] > 0 and heard[k] >= np.log(line_sure):
                pick = rivals[k]
    chosen, left = finals[pick]
    left_out = [_union(boxes, runs[first]) for first in left]
    readings = [Reading(group, _union(boxes, group), tensors[group], probabilities[group])
                for group in chosen]
    if refuse is not None and readings:
        # A digit cut out of one stroke (or region) with another digit is writing, not a stray
        # mark: it is not judged (its piece of the join looks like no whole digit the gate
        # knows, and "00" in one stroke lost a 0 as a letter), unless it may be a letter's.
        owner = {piece: r.pieces for r in readings for piece in r.pieces}
        tied = set() if maybe_a_letter else {
            owner[p] for pair in inked if all(q in owner for q in pair)
            and owner[pair[0]] != owner[pair[1]] for p in pair}

        # Each digit judged once: a number's other digits keep their verdict from before.
        fresh = [r for r in readings if r.pieces not in tied and remembered(r.pieces) is None]
        if fresh:
            reasons = refuse(np.stack([r.tensor for r in fresh]),
                             np.stack([r.probabilities for r in fresh]))
            for r, why in zip(fresh, reasons):
                remember(r.pieces, why)
        judged = dict(zip((r.pieces for r in fresh), reasons)) if fresh else {}
        readings = [r if r.pieces in tied else replace(r, refused=among_digits(
            r.pieces, judged[r.pieces] if r.pieces in judged else remembered(r.pieces)))
            for r in readings]

        def refused_whole(group: tuple[int, ...]) -> Reading | None:
            """`group` (a candidate read above, no wider than a letter unless the writing
            may be one) refused as one, or None."""
            box = _union(boxes, group)
            if group not in tensors or not maybe_a_letter and \
                    (box[2] - box[0]) / height > LETTER_WIDTH:
                return None
            why = verdict(group)
            return Reading(group, box, tensors[group], probabilities[group],
                           refused=why) if why else None

        readings = _letters_kept_whole(readings, tied, refused_whole)
    if dots_are_marks:
        left_out += [boxes[i] for i in range(len(boxes)) if i not in keep and not any(
            r.box[0] <= (boxes[i][0] + boxes[i][2]) / 2 <= r.box[2] and
            r.box[1] <= (boxes[i][1] + boxes[i][3]) / 2 <= r.box[3] for r in readings)]
    def centre(r: Reading) -> float:
        return (r.box[0] + r.box[2]) / 2

    return Number(sorted((r for r in readings if not r.refused), key=centre),
                  sorted(left_out, key=lambda box: box[0]),
                  sorted((r for r in readings if r.refused), key=centre))


def _letters_kept_whole(readings: list[Reading], tied: set[tuple[int, ...]],
                        refused_whole: Callable[[tuple[int, ...]], Reading | None]
                        ) -> list[Reading]:
    """A piece refused beside a digit it was one candidate with: when the two together are
    refused too (`refused_whole`), the digit was a stroke of the same letter (a Y read as a
    "1" beside a refused stroke), and both are left out as one. `readings` in the order of
    their spans; `tied`: the pieces of digits cut out of one stroke with another digit
    (writing, never refused)."""
    out: list[Reading] = []
    for r in readings:
        if out and bool(out[-1].refused) != bool(r.refused):
            digit = out[-1] if r.refused else r
            whole = None if digit.pieces in tied else \
                refused_whole(tuple(sorted(out[-1].pieces + r.pieces)))
            if whole is not None:
                out[-1] = whole
                continue
        out.append(r)
    return out


def _severs(group: tuple[int, ...], cut_from: Sequence[tuple[int, int]]) -> int:
    """How many cuts `group` is on one side of: it holds one of their two pieces only."""
    members = set(group)
    return sum((a in members) != (b in members) for a, b in cut_from)


def _union(boxes: Sequence[Box], group) -> Box:
    return (min(boxes[i][0] for i in group), min(boxes[i][1] for i in group),
            max(boxes[i][2] for i in group), max(boxes[i][3] for i in group))


def _uncut(boxes: Sequence[Box], cut_from: Sequence[tuple[int, int]]) -> list[Box]:
    """The boxes of the ink before it was cut: the pieces `cut_from` pairs join, together."""
    root = list(range(len(boxes)))

    def find(i: int) -> int:
        while root[i] != i:
            root[i] = root[root[i]]
            i = root[i]
        return i

    for a, b in cut_from:
        root[find(a)] = find(b)
    members: dict[int, list[int]] = {}
    for i in range(len(boxes)):
        members.setdefault(find(i), []).append(i)
    return [_union(boxes, group) for group in members.values()]


def _speck(box: Box, height: float | None) -> bool:
    """A stray dot far smaller than the writing `height` (a tap, a speck of dust in a scan);
    nothing is a speck where there is no other writing (`height` None)."""
    if height is None:
        return False
    return box[2] - box[0] < SPECK * height and box[3] - box[1] < SPECK * height


def marks_of(runs: Sequence[Box], height: float) -> list[bool]:
    """Which runs of pieces are too small or too flat to be a digit beside the digits of the
    line: a separator, or part of a digit written apart (a bar, a flag). Never a lone run."""
    if len(runs) < 2 or all(box[3] - box[1] < 0.6 * height for box in runs):
        return [False] * len(runs)
    return [box[3] - box[1] <= SEPARATOR_SIZE * height and box[2] - box[0] <= 1.2 * height
            for box in runs]


def separator_shaped(runs: Sequence[Box], height: float) -> list[bool]:
    """Which runs of pieces look like a separator beside the digits of the line: small and low
    (a dot, a comma), small, upright and high (an apostrophe), or flat across the middle (a
    dash). Never for a lone run: a mark alone on the canvas is read as a digit."""
    tall = [box for box in runs if box[3] - box[1] >= 0.6 * height]
    if len(runs) < 2 or not tall:
        return [False] * len(runs)
    top = float(np.median([box[1] for box in tall]))
    bottom = float(np.median([box[3] for box in tall]))
    shapes = []
    for x0, y0, x1, y1 in runs:
        w, h = x1 - x0, y1 - y0
        where = ((y0 + y1) / 2 - top) / max(bottom - top, 1e-9)  # 0 top of the line, 1 base
        small = h <= SEPARATOR_SIZE * height and w <= SEPARATOR_SIZE * height
        low_mark = small and where >= 0.65
        high_mark = small and where <= 0.35 and h >= w
        dash = h <= 0.2 * height and h <= 0.35 * w and w <= 1.2 * height and \
            0.25 <= where <= 0.8
        shapes.append(bool(low_mark or high_mark or dash))
    return shapes


def cut_points(xs: np.ndarray, x0: float, x1: float, height: float,
               weights: np.ndarray | None = None, every: float | None = None) -> np.ndarray:
    """Where to offer cuts through ink spanning x0..x1 that is wider than one digit: the
    valleys of its vertical projection (ink at `xs`, amounts `weights`), thinnest first, not
    too near an edge or each other; with `every` (a share of the height), also a cut that
    often where no valley is that near."""
    bin_width = height / 20
    edges = np.arange(x0, x1 + bin_width, bin_width)
    if len(edges) < 4:
        return np.zeros(0)
    profile = np.histogram(xs, edges, weights=weights)[0].astype(np.float64)
    profile = np.convolve(profile, [0.25, 0.5, 0.25], mode="same")
    centres = (edges[:-1] + edges[1:]) / 2
    inner = (centres > x0 + CUT_MARGIN * height) & (centres < x1 - CUT_MARGIN * height)
    valley = np.r_[False, (profile[1:-1] <= profile[:-2]) & (profile[1:-1] <= profile[2:]),
                   False]
    candidates = np.flatnonzero(inner & valley)
    apart = (every or 0.25) * height
    chosen: list[float] = []
    for j in candidates[np.argsort(profile[candidates], kind="stable")]:
        if len(chosen) >= int((x1 - x0) / (0.3 * height)):
            break
        if all(abs(centres[j] - c) >= apart for c in chosen):
            chosen.append(float(centres[j]))
    if every:
        for at in np.arange(x0 + apart, x1 - CUT_MARGIN * height, apart):
            if all(abs(at - c) >= apart for c in chosen):
                chosen.append(float(at))
    return np.sort(np.array(chosen))


def stroke_ink(xy: np.ndarray, step: float) -> np.ndarray:
    """Points every `step` along a polyline: its ink, evenly weighted, for a projection."""
    if len(xy) < 2:
        return xy
    lengths = np.hypot(*np.diff(xy, axis=0).T)
    counts = np.maximum(1, np.ceil(lengths / step).astype(int))
    # Each segment's fractions 0, 1/c, …, (c-1)/c, for all segments at once.
    t = (np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)) / \
        np.repeat(counts, counts)
    starts = np.repeat(xy[:-1], counts, axis=0)
    ends = np.repeat(xy[1:], counts, axis=0)
    return np.concatenate([starts + (ends - starts) * t[:, None], xy[-1:]])


def stroke_cuts(xy: np.ndarray, height: float, narrowest: float = CUT_WIDTH) -> list[int]:
    """Where a stroke that may hold digits joined without lifting the pen may be cut, in time
    order: where a stroke wider than `narrowest` digit heights crosses a valley of its own
    vertical projection, and where one digit written after another begins (time_cuts). A
    flat stroke (a 5's long bar, a dash) holds no digits side by side."""
    x0, x1 = float(xy[:, 0].min()), float(xy[:, 0].max())
    if not TIME_CUT_WIDTH * height < x1 - x0 <= MAX_JOINED * height or \
            np.ptp(xy[:, 1]) < CUT_TALL * height:
        return []
    at = set()
    if x1 - x0 > narrowest * height:
        ink = stroke_ink(xy, height / 40)
        for c in cut_points(ink[:, 0], x0, x1, height):
            at.update(crossings(xy, c))
    at.update(time_cuts(xy, height))
    return sorted(i for i in at if 0 < i < len(xy) - 1)


def crossings(xy: np.ndarray, x: float) -> list[int]:
    """The points nearest where a stroke crosses the vertical line at `x`."""
    crossing = np.flatnonzero((xy[:-1, 0] < x) != (xy[1:, 0] < x))
    return [int(i) + int(abs(xy[i + 1, 0] - x) < abs(xy[i, 0] - x)) for i in crossing]


def time_cuts(xy: np.ndarray, height: float) -> list[int]:
    """Where a stroke may pass from one digit to the next although their columns overlap (its
    projection has no valley there: half the joined pairs in the validation writers'
    numbers): the middle of each run of moments before which the pen wrote only left of
    what it writes after, both sides tall enough for a digit, the stroke beginning left of
    all that follows and ending right of all that came before (a 0 begun at its top is two
    such halves, but it ends where it began)."""
    x, y = xy[:, 0], xy[:, 1]

    def running(values: np.ndarray, reduce: np.ufunc) -> tuple[np.ndarray, np.ndarray]:
        # `reduce` over xy[:t] and over xy[t:], for t = 1 … len - 1
        return reduce.accumulate(values)[:-1], reduce.accumulate(values[::-1])[::-1][1:]

    before_left, after_left = running(x, np.minimum)
    before_right, after_right = running(x, np.maximum)
    before_top, after_top = running(y, np.minimum)
    before_bottom, after_bottom = running(y, np.maximum)
    overlap = np.minimum(before_right, after_right) - np.maximum(before_left, after_left)
    tall = np.minimum(before_bottom - before_top, after_bottom - after_top)
    apart = TIME_APART * height
    ok = (overlap <= TIME_OVERLAP * height) & (before_left <= after_left) & \
        (before_right <= after_right) & (tall >= CUT_TALL * height) & \
        (x[0] < after_left - apart) & (x[-1] > before_right + apart)
    moments = np.flatnonzero(ok) + 1
    runs = np.split(moments, np.flatnonzero(np.diff(moments) > 1) + 1)
    return [int(run[len(run) // 2]) for run in runs if len(run)]


def turning_points(values: np.ndarray, amount: float) -> list[tuple[int, int]]:
    """Where a series turns back by at least `amount`, in order: (index, +1) at a maximum,
    (index, -1) at a minimum. Where it ends is not a turn."""
    turns: list[tuple[int, int]] = []
    low = high = 0
    rising = 0  # +1 following a rise to values[high], -1 a fall to values[low], 0 neither yet
    for i in range(1, len(values)):
        if rising >= 0 and values[i] > values[high]:
            high = i
        if rising <= 0 and values[i] < values[low]:
            low = i
        if rising == 0 and values[high] - values[low] >= amount:
            rising = 1 if high > low else -1
            if min(high, low) > 0:
                turns.append((low, -1) if rising == 1 else (high, 1))
        elif rising == 1 and values[high] - values[i] >= amount:
            turns.append((high, 1))
            rising, low = -1, i
        elif rising == -1 and values[i] - values[low] >= amount:
            turns.append((low, -1))
            rising, high = 1, i
    return turns


def turn_cuts(xy: np.ndarray, height: float) -> list[int]:
    """Where a stroke in a number may pass from one digit to the next at a turn of the pen at
    its top or bottom (TURN_CUT_WIDTH …): the rest, a tall piece, begins TURN_SHIFT right of
    the stroke's start, and what came before is more than a speck."""
    x, y = xy[:, 0], xy[:, 1]
    if not TURN_CUT_WIDTH * height < np.ptp(x) <= MAX_JOINED * height or \
            np.ptp(y) < CUT_TALL * height:
        return []
    near = TURN_NEAR * height
    cuts = [i for i, turn in turning_points(y, TURN_AMP * height)
            if (y[i] - y.min() if turn < 0 else y.max() - y[i]) <= near
            and np.ptp(xy[:i + 1], axis=0).max() >= SPECK * height
            and np.ptp(y[i:]) >= CUT_TALL * height
            and x[i:].min() >= x[:i + 1].min() + TURN_SHIFT * height]
    return cuts if len(cuts) <= np.ptp(x) / (TURN_EVERY * height) else []


def over_other_ink(strokes: Sequence[np.ndarray], i: int, height: float) -> float:
    """The share of stroke `i`'s ink on or beside the other strokes' (within a twelfth of the
    line's height): most of it for a crossing-out, little for digits run on."""
    cell = height / 12
    # Only strokes within two cells of it can have ink beside its ink: the rest are not drawn.
    x0, y0 = strokes[i].min(axis=0) - 2 * cell
    x1, y1 = strokes[i].max(axis=0) + 2 * cell
    near = [s for k, s in enumerate(strokes) if k != i and s[:, 0].max() >= x0 and
            s[:, 0].min() <= x1 and s[:, 1].max() >= y0 and s[:, 1].min() <= y1]
    if not near:
        return 0.0
    inks = [np.floor(stroke_ink(s, height / 40) / cell).astype(np.int64)
            for s in (strokes[i], *near)]
    low = np.concatenate(inks).min(axis=0) - 1  # every cell and its neighbours from (0, 0)
    rows = int(np.concatenate(inks)[:, 1].max() - low[1]) + 2

    def code(cells: np.ndarray) -> np.ndarray:  # a cell (x, y) as one number
        return (cells[:, 0] - low[0]) * rows + cells[:, 1] - low[1]

    others = np.concatenate(inks[1:])
    beside = np.concatenate([code(others + (dx, dy)) for dx in (-1, 0, 1) for dy in (-1, 0, 1)])
    return float(np.isin(code(inks[0]), beside).mean())


def surely_a_number(boxes: Sequence[Box], height: float) -> bool:
    """Whole strokes wider than one digit is for certain: there a stroke is offered cuts from
    IN_NUMBER_CUT_WIDTH and where the pen turns, and overlapping pieces holding a stem are
    doubted."""
    x0, _, x1, _ = _union(boxes, range(len(boxes)))
    return x1 - x0 > NUMBER_WIDTH * height


def cut_strokes(strokes: Sequence[np.ndarray], seen: Seen | None = None,
                heard_apart: Sequence[float] = ()
                ) -> tuple[list[tuple[int, int, int]], list[tuple[int, int]], bool]:
    """The strokes as pieces (stroke, start, stop): whole, except a stroke that may hold
    digits joined, cut in time (stroke_cuts; a cut point ends one piece and starts the next).
    Also the pairs of neighbouring pieces of one stroke, and whether the writing surely
    holds several digits. With `seen` (read_strokes'), a stroke's cuts at a line height are
    worked out once: each release reads every stroke again, mostly at the same height.
    `heard_apart`: where the line reader hears one digit end and the next begin; a stroke
    reaching CUT_MARGIN beyond such a place on both sides is also offered cuts there."""
    boxes = boxes_of_strokes(strokes)
    height = line_height(boxes)
    in_number = surely_a_number(boxes, height)
    narrowest = IN_NUMBER_CUT_WIDTH if in_number else CUT_WIDTH
    pieces: list[tuple[int, int, int]] = []
    cut_from: list[tuple[int, int]] = []
    for i, xy in enumerate(strokes):
        cuts = _remembered(seen, stroke_cuts, xy, height, narrowest)
        if in_number:
            turns = _remembered(seen, turn_cuts, xy, height)
            if turns and over_other_ink(strokes, i, height) <= TURN_OVER:
                cuts = sorted({*cuts, *turns})
        for x in heard_apart:
            if xy[:, 0].min() + CUT_MARGIN * height < x < xy[:, 0].max() - CUT_MARGIN * height:
                cuts = sorted({*cuts, *(i for i in crossings(xy, x) if 0 < i < len(xy) - 1)})
        ends = [0, *cuts, len(xy) - 1]
        for k, (start, end) in enumerate(zip(ends, ends[1:])):
            if k:
                cut_from.append((len(pieces) - 1, len(pieces)))
            pieces.append((i, start, end + 1))
    return pieces, cut_from, in_number


def _remembered(seen: Seen | None, work: Callable[..., list[int]], xy: np.ndarray,
                *args: float) -> list[int]:
    """A stroke's cuts, `work(xy, *args)`, or what it gave before (in `seen`, if any)."""
    key = (work.__name__, np.asarray(xy, np.float64).tobytes(), *args)
    found = seen.get(key) if seen is not None else None
    if found is None:
        found = work(xy, *args)
        if seen is not None:
            seen[key] = found
    return found


def read_strokes(strokes: Sequence[np.ndarray],
                 predict_many: Callable[[np.ndarray], np.ndarray],
                 seen: Seen | None = None, refuse: Refuse | None = None,
                 whole_digit: WholeDigit | None = None,
                 line_reader: LineReader | None = None) -> Number:
    """Digits drawn as strokes (point lists), each group rendered like a lone digit. Pass the
    same `seen` dict (emptied when the model changes) to skip digits already read. A
    Reading's `pieces` are the strokes it holds ink of, its `ink` exactly which points.
    Candidates are weighed by the fitted score (DRAWING_SCORE), unless the hand-set score
    reads writing narrower than a number as one digit the gate accepts; such writing (or one
    or two strokes) read as several digits is one digit when the model is sure of it whole
    (_one_sure_digit) and not sure of each digit apart (SURE_APART). With `line_reader`, each
    digit chosen is read again by it, under its box (model.reading.line), the best readings
    are weighed by how likely it finds their digits (surely, outside a number), in a number
    where it hears more digits than were found the places it hears them part are offered as
    cuts (`heard_apart`); and where it sees one digit in the whole drawing, or under two
    neighbouring digits cut from one stroke, the model's sure reading of that digit whole is
    enough to keep it one (its whole-digit fit is not asked)."""
    if len(strokes) > MAX_STROKES or sum(len(s) for s in strokes) > MAX_POINTS:
        raise NoNumberError(_(
            "That is more ink than any number: clear the canvas (Esc) or undo the scribble "
            "(Ctrl+Z), then write a digit."))
    strokes = [np.asarray(s, dtype=np.float64).reshape(-1, 2) for s in strokes]
    drawn = [i for i, s in enumerate(strokes) if len(s)]
    if not drawn:
        return Number()
    if seen is not None and len(seen) > MAX_SEEN:
        seen.clear()
    seen = {} if seen is None else seen  # a second reading reuses the first's candidates
    strokes = [strokes[i] for i in drawn]

    @functools.cache  # read once, when first asked (a scribble refused whole may never be)
    def heard() -> LineReading:
        return line_reader.reading(strokes)

    def line_heard(texts: Sequence[str]) -> np.ndarray:
        return heard().log_likelihoods(texts)

    def read_cut(heard_apart: Sequence[float] = ()) -> tuple[Number, _Pieces, bool]:
        pieces, cut_from, in_number = cut_strokes(strokes, seen, heard_apart)
        cut = _Pieces(strokes, pieces)
        read_lines = functools.partial(
            read, cut.boxes, cut.render, predict_many, cut.key, seen, cut_from,
            line_heard=line_heard if line_reader is not None else None,
            line_sure=NUMBER_LINE_SURE if in_number else LINE_SURE, heard_apart=heard_apart,
            dots_are_marks=True, refuse=refuse, whole_digit=whole_digit, in_number=in_number,
            # Writing not surely a number may be a letter, of one stroke cut in time ("m"
            # read "11") or of several.
            maybe_a_letter=not in_number)
        number = None if in_number else read_lines()  # one digit, as before the fitted score
        if number is None or len(number) != 1 or number.refused:
            number = read_lines(fitted_score=DRAWING_SCORE)
        return number, cut, in_number

    number, cut, in_number = read_cut()
    if line_reader is not None and in_number and len(number) and \
            len(heard().text) > len(number):
        # The line reader hears more digits than were found: where it hears them part may be
        # a join no cut was offered at, or digits written over each other. Read again with
        # those places offered; kept where the line reader finds its digits likelier.
        again, cut_again = read_cut(heard().boundaries())[:2]
        now, before = line_heard([_text(again), _text(number)])
        if now > before and now >= np.log(NUMBER_LINE_SURE):
            number, cut = again, cut_again
    pieces, lines, boxes, render, key = cut.pieces, cut.lines, cut.boxes, cut.render, cut.key
    # Writing refused whole, a scribble, gets no second opinion: no digit for it to weigh in on.
    line_reading = heard() if line_reader is not None and len(number) else None
    # The line reader, reading the whole without cutting, sees one digit: a second voice for it.
    said = line_reading.text if line_reading is not None else ""
    one_seen = int(said) if len(said) == 1 else None
    if len(number) + len(number.refused) > 1 and (not in_number or len(strokes) <= 2) and (
            min(r.probabilities.max() for r in [*number, *number.refused]) < SURE_APART or
            one_seen is not None):
        whole = _one_sure_digit(tuple(range(len(lines))), boxes, render, key, seen,
                                predict_many, refuse, whole_digit, one_seen,
                                line_reading.under([_union(boxes, range(len(lines)))])[0]
                                if one_seen is not None else None)
        if whole is not None:
            number = Number([whole])
    if line_reading is not None and len(number) > 1:
        number = _rejoined(number, line_reading, pieces, boxes, render, key, seen,
                           predict_many, refuse, whole_digit)
    if line_reading is not None and len(number):
        number = _second_opinion(number, line_reading)
    # Pieces back to the strokes as drawn.
    return number.each(lambda r: replace(
        r, pieces=tuple(sorted({drawn[pieces[p][0]] for p in r.pieces})),
        ink=_merged([(drawn[pieces[p][0]], *pieces[p][1:]) for p in r.pieces])),
        lambda box: box)


@dataclass(frozen=True)
class _Pieces:
    """Strokes cut into pieces, (stroke, start, stop) each: their points, their boxes, and how
    a group of them is rendered for the model and known again."""

    strokes: Sequence[np.ndarray]
    pieces: list[tuple[int, int, int]]

    @functools.cached_property
    def lines(self) -> list[np.ndarray]:
        return [self.strokes[i][start:stop] for i, start, stop in self.pieces]

    @functools.cached_property
    def boxes(self) -> list[Box]:
        return boxes_of_strokes(self.lines)

    def render(self, group: tuple[int, ...]) -> np.ndarray:
        return to_mnist(render_strokes([self.lines[p] for p in group]))

    def key(self, group: tuple[int, ...]) -> tuple[bytes, ...]:
        return tuple(self.lines[p].tobytes() for p in group)


def _text(number: Number) -> str:
    return "".join(str(r.digit) for r in number)


def _rejoined(number: Number, line_reading: LineReading, pieces: list[tuple[int, int, int]],
              boxes: Sequence[Box], render: Callable[[tuple[int, ...]], np.ndarray],
              key: Callable[[tuple[int, ...]], object], seen: Seen,
              predict_many: Callable[[np.ndarray], np.ndarray], refuse: Refuse | None,
              whole_digit: WholeDigit | None) -> Number:
    """`number` with two neighbouring digits cut from one stroke made one again where the
    line reader sees one digit under both and the model reads them surely as it together (a
    0 begun at its top and cut where the pen came back, its slash read as a second 0)."""
    digits = list(number)
    k = 0
    while k + 1 < len(digits):
        a, b = digits[k], digits[k + 1]
        if {pieces[p][0] for p in a.pieces} & {pieces[p][0] for p in b.pieces}:
            box = _union(boxes, (*a.pieces, *b.pieces))
            seen_there = line_reading.text_under(box)
            if len(seen_there) == 1:
                whole = _one_sure_digit(tuple(sorted({*a.pieces, *b.pieces})), boxes, render,
                                        key, seen, predict_many, refuse, whole_digit,
                                        int(seen_there), line_reading.under([box])[0])
                if whole is not None and whole.digit == int(seen_there):
                    digits[k:k + 2] = [whole]
                    continue
        k += 1
    if len(digits) == len(number):
        return number
    return Number(digits, number.marks, number.refused)


def _second_opinion(number: Number, line_reading: LineReading) -> Number:
    """`number` with each digit's probabilities and the line reader's under its box as one."""
    digits = list(number)
    mixed = dict(zip(map(id, digits), combined(  # every digit at once
        np.stack([r.probabilities for r in digits]),
        np.stack(line_reading.under([r.box for r in digits])))))
    return number.each(lambda r: replace(r, probabilities=mixed[id(r)]) if id(r) in mixed
                       else r, lambda box: box)


def _one_sure_digit(group: tuple[int, ...], boxes: Sequence[Box],
                    render: Callable[[tuple[int, ...]], np.ndarray],
                    key: Callable[[tuple[int, ...]], object], seen: Seen,
                    predict_many: Callable[[np.ndarray], np.ndarray], refuse: Refuse | None,
                    whole_digit: WholeDigit | None, one_seen: int | None = None,
                    line_opinion: np.ndarray | None = None) -> Reading | None:
    """`group` (every piece) as one digit, if the model reads it so surely (CUT_SURE), its
    whole-digit fit finds that likely (SURE_WHOLE) and its gate accepts it; else None. Where
    the line reader saw that very digit alone (`one_seen`), the fit is not asked, and the
    model's reading with the line reader's under the group (`line_opinion`) need only be
    SECONDED_SURE. Its tensor and probabilities as `read` left them in `seen`, when it read
    it as a candidate."""
    if refuse is None or whole_digit is None:
        return None
    known = seen.get(key(group))
    if known is None:
        tensor = render(group)
        probabilities = predict_many(tensor[None])[0]
    else:
        tensor, probabilities, _ = known
    likely = whole_digit(tensor[None])
    seconded = one_seen == int(probabilities.argmax())
    sure = probabilities.max() >= CUT_SURE or (
        seconded and line_opinion is not None and
        combined(probabilities, line_opinion).max() >= SECONDED_SURE)
    if likely is None or not sure or \
            (likely[0] < SURE_WHOLE and not seconded) or \
            refuse(tensor[None], probabilities[None])[0]:
        return None
    return Reading(group, _union(boxes, group), tensor, probabilities)


def _merged(parts: list[tuple[int, int, int]]) -> tuple[tuple[int, int, int], ...]:
    """(stroke, start, stop) parts with the neighbouring parts of one stroke made one."""
    merged: list[tuple[int, int, int]] = []
    for stroke, start, stop in sorted(parts):
        if merged and merged[-1][0] == stroke and start < merged[-1][2]:
            merged[-1] = (stroke, merged[-1][1], max(stop, merged[-1][2]))
        else:
            merged.append((stroke, start, stop))
    return tuple(merged)


# A drawing beyond these is a scribble, not a number (twenty digits of three strokes are 60
# strokes, of some 300 points each): it is not read, so that reading stays bounded.
MAX_STROKES = 200
MAX_POINTS = 30_000
MAX_SEEN = 256  # groups remembered; an evening of drawing must not grow memory without end


WORKING_SIZE = 600  # longest side a picture is reduced to before its regions are found
REGION_CONTRAST = 0.35  # of the way from the paper's level to the darkest ink
NOISE_LEVELS = 5.0  # ink must stand this many times the paper's own noise above the paper
MAX_REGIONS = 200  # a bounded amount of work, whatever the picture
LINE_COVER = 0.7  # a ruled line runs across at least this share of the picture
MAX_LINE_WIDTH = 5  # and is thinner than this many pixels (of the working size)
MAX_MARKS = 60  # more ink regions than a written number has: a page of text, a busy photo
MAX_INK_SHARE = 0.3  # a picture this much ink is a photo of things, not writing on paper
MIN_WRITING = 0.08  # of the picture's shorter side: the tallest mark of any number written
SHADOW_EDGE = 5  # px of the working size: how far the paper's level reaches across an edge
# Ink at the picture's border this faint against the darkest ink (its tenth-darkest pixels)
# is a shadow's corner or a ruled line's end, not writing.
FAINT_AT_BORDER = 0.6
# Touching digits in a picture are one region however narrow the pair ("81" is ~1.0 wide):
# every region from this share of the height is offered cuts, the model decides.
PICTURE_CUT_WIDTH = 0.8
# Digits touching in a picture often meet with no valley of ink between them: besides its
# valleys such a region is offered a cut this often (a share of the height) where no valley is
# as near (validation photos 65.5 → 67.8 %, touching 36 → 45 %, at 0.15; with the fitted
# score every 0.1, a candidate up to 8 runs of pieces, the fits refitted: 74.0 → 75.9 %, lone
# digits photographed read as more than one 8 → 6 of 790).
PICTURE_CUT_EVERY = 0.1
PICTURE_MAX_RUNS = 8
SEAM_REACH = 0.25  # of the height: how far a cut through touching digits may wander


class NoNumberError(DigitPadError):
    """The picture holds no number to read (a photo of a scene, a page of text); says why."""


def paper_removed(ink: np.ndarray) -> tuple[np.ndarray, float]:
    """(ink above the paper, noise): the paper's own level everywhere (a grey-level opening:
    what is broader than a pen stroke, so uneven light and the sharp edge of a shadow go with
    the paper) taken away; `noise` is how much the paper itself varies (its grain)."""
    gray = Image.fromarray((np.clip(ink, 0, 1) * 255).astype(np.uint8), mode="L")
    # A 3×3 median first: the grain of paper and a phone camera's noise must not join the
    # digits into one region, nor make thousands of specks.
    smooth = np.asarray(gray.filter(ImageFilter.MedianFilter(3)), dtype=np.float32) / 255
    # The opening's window must be wider than the pen's strokes (a marker on a close crop is
    # a tenth of the picture wide) and is run on a copy of half the size: the paper's level
    # changes slowly, and there it costs four times less.
    h, w = smooth.shape
    window = min(max(7, round(3 * stroke_width(smooth))), max(7, max(h, w) // 3))
    half = Image.fromarray(smooth, mode="F").resize((max(1, w // 2), max(1, h // 2)),
                                                    Image.Resampling.BOX)
    level = opened(np.asarray(half), max(3, window // 2) | 1)
    paper = np.asarray(Image.fromarray(level, mode="F").resize((w, h),
                                                               Image.Resampling.BILINEAR))
    # Found on half the size and scaled back, the sharp edge of a shadow comes back blurred,
    # and a thin line of it would stand above the paper like a stroke: the paper's level at
    # each pixel is the darkest of it around (a pen stroke is still well above that).
    paper = np.asarray(Image.fromarray(paper, mode="F").filter(ImageFilter.MaxFilter(
        SHADOW_EDGE)))
    above = smooth - paper
    noise = 1.4826 * float(np.median(np.abs(above - np.median(above))))
    return above, noise


def stroke_width(smooth: np.ndarray) -> float:
    """About how wide the pen's strokes are, in pixels: twice the ink's area over its
    outline's length (a stroke of width w and length L has area wL and outline 2L)."""
    paper, peak = float(np.median(smooth)), float(smooth.max())
    mask = smooth >= paper + 0.5 * (peak - paper)
    outline = mask & _dilate(~mask)  # ink with paper beside it
    return 2.0 * float(mask.sum()) / max(1.0, float(outline.sum()))


def ruled_lines(mask: np.ndarray) -> np.ndarray:
    """The pixels of ruled lines: long horizontal runs in rows that run across the picture.
    Where a stroke crosses a line, the crossing stays ink (ink just above and below it)."""
    h, w = mask.shape
    length = max(8, w // 8)
    if w <= length:
        return np.zeros_like(mask)
    total = np.cumsum(np.pad(mask, ((0, 0), (1, 0))).astype(np.int32), axis=1)
    starts = (total[:, length:] - total[:, :-length]) == length  # a full run begins at x
    # A pixel is in a long run when one began within `length` pixels to its left.
    begun = np.cumsum(np.pad(starts, ((0, 0), (length + 1, length - 1))).astype(np.int32),
                      axis=1)
    long_run = (begun[:, length + 1:length + 1 + w] - begun[:, 1:1 + w]) > 0
    band = long_run.copy()
    band[1:] |= long_run[:-1]
    band[:-1] |= long_run[1:]
    rows = band.sum(axis=1) >= LINE_COVER * w
    # A ruled line is a thin band with little ink just beyond it; a thick stroke is not.
    covered = mask.sum(axis=1)
    for top, bottom in _bands(rows):
        clear = [covered[y] < 0.3 * w for y in (top - 3, bottom + 3) if 0 <= y < h]
        if bottom - top >= MAX_LINE_WIDTH or not all(clear):
            rows[top:bottom + 1] = False
    line = long_run & rows[:, None]
    line[1:] |= line[:-1] & mask[1:]  # the anti-aliased edge of the line
    line[:-1] |= line[1:] & mask[:-1]
    ink = mask & ~line
    above, below = np.zeros_like(mask), np.zeros_like(mask)
    for k in range(1, 5):
        above[k:] |= ink[:-k]
        below[:-k] |= ink[k:]
    return line & ~(above & below)


def _bands(rows: np.ndarray) -> list[tuple[int, int]]:
    """(first, last) of every run of true values."""
    edges = np.flatnonzero(np.diff(np.r_[0, rows.astype(np.int8), 0]))
    return [(int(a), int(b) - 1) for a, b in zip(edges[::2], edges[1::2])]


def ink_regions(ink: np.ndarray) -> tuple[np.ndarray, np.ndarray, list[Box]]:
    """(clean ink, label image, boxes): a picture's ink (1 = ink) with the paper, its uneven
    light and ruled lines taken away; its connected regions, labelled 1..N (0 paper)."""
    above, noise = paper_removed(ink)
    peak = float(above.max())
    mask = above >= max(REGION_CONTRAST * peak, NOISE_LEVELS * noise, INK_THRESHOLD * 0.25)
    mask &= ~ruled_lines(above >= max(0.5 * REGION_CONTRAST * peak, 3 * noise))
    clean = np.where(mask, np.clip(above / max(peak, 1e-6), 0, 1), 0).astype(np.float32)
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
        boxes.append(_box_of(labels == label))
        label += 1
    labels = np.where(labels > 1, labels - 1, 0)  # specks past MAX_REGIONS are left out
    return clean, *_without_faint_border_marks(clean, labels, boxes)


def _without_faint_border_marks(clean: np.ndarray, labels: np.ndarray,
                                boxes: list[Box]) -> tuple[np.ndarray, list[Box]]:
    """The regions, but those at the picture's border fainter than FAINT_AT_BORDER (a shadow
    whose edge meets the border is narrower there than the paper's window: it stands above
    the paper like ink, and was read as a 1 beside the digit), numbered again 1..N."""
    h, w = labels.shape
    kept = [k for k, (x0, y0, x1, y1) in enumerate(boxes)
            if x0 > 0 and y0 > 0 and x1 < w and y1 < h or
            np.percentile(clean[labels == k + 1], 90) >= FAINT_AT_BORDER]
    if len(kept) == len(boxes):
        return labels, boxes
    renumbered = np.zeros(len(boxes) + 1, labels.dtype)
    renumbered[[k + 1 for k in kept]] = np.arange(1, len(kept) + 1)
    return renumbered[labels], [boxes[k] for k in kept]


def _box_of(mask: np.ndarray, x0: float = 0.0, y0: float = 0.0) -> Box:
    """The box around a mask's pixels, the mask's corner at (x0, y0)."""
    ys, xs = np.nonzero(mask)
    return (float(xs.min() + x0), float(ys.min() + y0), float(xs.max() + x0 + 1),
            float(ys.max() + y0 + 1))


def seam(member: np.ndarray, at: float, height: float) -> np.ndarray:
    """For each row of `member` (a region's ink in its window), the column where a cut begun
    at column `at` passes: the path from top to bottom through the least ink, moving at most
    one column a row and at most SEAM_REACH of the height from `at`."""
    rows, cols = member.shape
    reach = max(1, int(SEAM_REACH * height))
    low, high = max(0, int(at) - reach), min(cols, int(at) + reach + 1)
    cost = member[:, low:high].astype(np.float64) + 1e-3 * np.abs(
        np.arange(low, high) - at)[None, :]
    total = cost.copy()
    step = np.zeros(cost.shape, dtype=np.int64)
    for y in range(1, rows):
        prev = total[y - 1]
        options = np.stack([np.r_[np.inf, prev[:-1]], prev, np.r_[prev[1:], np.inf]])
        step[y] = options.argmin(axis=0) - 1
        total[y] += options.min(axis=0)
    path = np.zeros(rows, dtype=np.int64)
    path[-1] = int(total[-1].argmin())
    for y in range(rows - 1, 0, -1):
        path[y - 1] = path[y] + step[y, path[y]]
    return path + low


def cut_regions(labels: np.ndarray, boxes: list[Box]) -> tuple[np.ndarray, list[Box],
                                                                list[tuple[int, int]]]:
    """Regions wider than a digit (digits written touching) cut into new regions from the
    valleys of their vertical projection (and every PICTURE_CUT_EVERY of the height where no
    valley is as near), each cut along the path through the least ink (digits
    that lean into each other touch along a slant, not a column); (labels, boxes, pairs of
    regions a cut separated)."""
    height = line_height(boxes)
    labels, boxes, cut_from = labels.copy(), list(boxes), []
    for region, (x0, y0, x1, y1) in enumerate(list(boxes)):
        if not PICTURE_CUT_WIDTH * height < x1 - x0 <= MAX_JOINED * height:
            continue
        window = labels[int(y0):int(y1), int(x0):int(x1)]
        member = window == region + 1
        cuts = cut_points(np.arange(int(x0), int(x1)) + 0.5, x0, x1, height,
                          member.sum(axis=0).astype(np.float64), every=PICTURE_CUT_EVERY)
        pieces = [region]
        for c in cuts:
            path = seam(member, c - int(x0), height)
            right = member & (np.arange(member.shape[1])[None, :] >= path[:, None])
            if not right.any() or right.sum() == member.sum():
                continue
            window[right] = len(boxes) + 1
            boxes.append(_box_of(right, x0, y0))
            cut_from.append((pieces[-1], len(boxes) - 1))
            pieces.append(len(boxes) - 1)
            member = right
        for piece in pieces:  # each piece's box once the cuts right of it are made
            boxes[piece] = _box_of(window == piece + 1, x0, y0)
    return labels, boxes, cut_from


def no_number(labels: np.ndarray, boxes: list[Box]) -> None:
    """NoNumberError when a picture is clearly no number written on paper: most of it stands
    out as ink, or it breaks into many bits and none as tall as writing (grass, foliage, a
    crowd), or far more marks than a number has, or several lines of them (a page of text)."""
    tallest = max(box[3] - box[1] for box in boxes)
    if np.mean(labels > 0) > MAX_INK_SHARE or len(boxes) >= MAX_REGIONS or \
            len(boxes) > 20 and tallest < MIN_WRITING * min(labels.shape):
        raise NoNumberError(_(
            "This picture does not look like writing on paper: it is all small bits or broad "
            "shapes, no number to read. Crop it to the number and open it again."))
    # The height of the writing's characters: of the larger regions (specks of grain must
    # not shrink it; runs would merge lines of writing).
    heights = np.array([box[3] - box[1] for box in boxes])
    height = float(np.median(heights[heights >= 0.5 * heights.max()]))
    marks = [box for box in boxes if max(box[2] - box[0], box[3] - box[1]) >= 0.3 * height]
    centres = sorted((box[1] + box[3]) / 2 for box in marks)
    lines = 1 + sum(b - a > 1.2 * height for a, b in zip(centres, centres[1:]))
    if len(marks) > MAX_MARKS or lines > 2:
        raise NoNumberError(_(
            "This picture holds {count} marks on about {lines} lines, more than a number has: a "
            "page of text, or a photo of a scene? Crop it to the number and open it "
            "again.").format(count=len(marks), lines=lines))


def picture_pieces(ink: np.ndarray) -> tuple[np.ndarray, np.ndarray, list[Box],
                                              list[tuple[int, int]]]:
    """What the picture reader groups: (the ink of `ink` reduced to WORKING_SIZE with the
    paper taken away, its labelled regions, their boxes, the pairs a cut separated), the
    regions cut where they are wider than a digit; NoNumberError when it holds no number."""
    clean, labels, boxes = ink_regions(reduced(np.asarray(ink, np.float32), WORKING_SIZE))
    if not boxes:
        return clean, labels, boxes, []
    no_number(labels, boxes)
    return clean, *cut_regions(labels, boxes)


def picture_mask(labels: np.ndarray, group: tuple[int, ...]) -> np.ndarray:
    """Where the ink of a group of picture_pieces' regions is (with its anti-aliased edge)."""
    return _dilate(np.isin(labels, [i + 1 for i in group]))


def picture_candidate(clean: np.ndarray, labels: np.ndarray,
                      group: tuple[int, ...]) -> np.ndarray:
    """The 28×28 input of a group of picture_pieces' regions: their ink alone."""
    return to_mnist(np.where(picture_mask(labels, group), clean, 0.0))


def read_picture(ink: np.ndarray,
                 predict_many: Callable[[np.ndarray], np.ndarray],
                 refuse: Refuse | None = None, whole_digit: WholeDigit | None = None) -> Number:
    """Digits in a picture (ink intensities, 1 = ink): its ink regions, cut where they are
    wider than a digit, grouped the same way as strokes (`whole_digit`: the model's fit for
    pictures' candidates)."""
    scale = WORKING_SIZE / max(np.shape(ink))
    clean, labels, boxes, cut_from = picture_pieces(ink)
    if not boxes:
        return Number()
    number = read_regions(clean, labels, boxes, cut_from, predict_many, refuse, whole_digit)
    if scale >= 1:
        return number
    # Boxes in the picture's own pixels, where the window shows them.
    def back(box: Box) -> Box:
        return tuple(v / scale for v in box)

    return number.each(lambda r: replace(r, box=back(r.box)), back)


def read_regions(clean: np.ndarray, labels: np.ndarray, boxes: list[Box],
                 cut_from: list[tuple[int, int]],
                 predict_many: Callable[[np.ndarray], np.ndarray],
                 refuse: Refuse | None = None, whole_digit: WholeDigit | None = None,
                 render: Callable[[tuple[int, ...]], np.ndarray] | None = None,
                 observe: Callable[[tuple[int, ...], np.ndarray], None] | None = None
                 ) -> Number:
    """picture_pieces' regions read as the picture reader reads them, in the working size's
    pixels (`render`: a group's 28×28 input, by default its ink alone; `observe`: as read's)."""
    return read(boxes, render or functools.partial(picture_candidate, clean, labels),
                predict_many, cut_from=cut_from, refuse=refuse, whole_digit=whole_digit,
                fitted_score=PICTURE_SCORE, max_runs=PICTURE_MAX_RUNS, observe=observe)


def _dilate(mask: np.ndarray) -> np.ndarray:
    """One pixel around each region too: its anti-aliased edge belongs to it."""
    grown = mask.copy()
    grown[1:] |= mask[:-1]
    grown[:-1] |= mask[1:]
    grown[:, 1:] |= mask[:, :-1]
    grown[:, :-1] |= mask[:, 1:]
    return grown
