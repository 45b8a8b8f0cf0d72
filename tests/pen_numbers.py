"""Numbers written with real people's pen digits (model.learning.pen_data), laid out as people write
them in a hurry: apart, touching, overlapping, joined into one stroke, with separators.

Each number is one writer's digits, so its hand is consistent. The set is built from a split's
writers with a fixed seed: the validation writers to tune the reader on, the test writers (never
trained on, never tuned on) to report. The separators are generated strokes (the pen data has
none): a comma, a dot, an apostrophe or a dash, sized and placed as people put them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from model.learning.pen_data import PenDigits

LAYOUTS = ("apart", "touching", "overlapping", "joined", "separators")
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
        if layout == "joined" and k and \
                np.hypot(*(strokes[-1][-1] - placed[0][0])) < JOIN_REACH:
            placed[0] = np.concatenate([strokes.pop(), placed[0]])  # the pen never lifted
            joins += 1
        strokes.extend(placed)
        text += str(int(digits.labels[i]))
        x += width * size + rng.uniform(low, high)
        if k in marks:
            mark, mark_width = separator(marks[k], x - rng.uniform(0, 0.06), rng)
            strokes.append(mark)
            x += mark_width + rng.uniform(low, high)
    return PenNumber(text, [s * HEIGHT for s in strokes], layout,
                     str(digits.writers[chosen[0]]), len(marks)), joins


def pen_numbers(digits: PenDigits, per_layout: int, seed: int,
                layouts: tuple[str, ...] = LAYOUTS) -> list[PenNumber]:
    """`per_layout` numbers of each layout, each from one writer of `digits` chosen at random."""
    rng = np.random.default_rng(seed)
    writers = sorted(digits.writer_names)
    pools = {w: np.flatnonzero(digits.writers == w) for w in writers}
    return [pen_number(digits, pools[writers[int(rng.integers(len(writers)))]], layout, rng)
            for layout in layouts for _ in range(per_layout)]


def on_paper(number: PenNumber, rng: np.random.Generator) -> np.ndarray:
    """A photo of `number` written in ink on paper, (H, W, 3) uint8: grainy paper of some
    tint, ruled lines, light falling off across the page or a shadow, a pen of some width."""
    from PIL import Image, ImageDraw, ImageFilter

    scale = rng.uniform(0.8, 1.6)  # pixels per unit of the number (digits 80-160 px tall)
    points = np.concatenate(number.strokes)
    low, high = points.min(axis=0), points.max(axis=0)
    margin = np.array([rng.uniform(40, 120), rng.uniform(60, 140)])
    size = np.ceil((high - low) * scale + 2 * margin).astype(int)
    height, width = int(size[1]), int(size[0])
    paper = np.array(rng.uniform([225, 220, 200], [255, 252, 245]), np.float32)
    image = np.ones((height, width, 3), np.float32) * paper
    image += rng.normal(0, rng.uniform(2, 9), (height, width, 1))  # grain
    blotches = rng.normal(0, 1, (max(2, height // 40), max(2, width // 40))).astype(np.float32)
    blotches = np.asarray(Image.fromarray(blotches, mode="F").resize((width, height),
                                                                       Image.Resampling.BICUBIC))
    image += blotches[..., None] * rng.uniform(2, 8)  # a fibrous, uneven paper
    picture = Image.fromarray(np.clip(image, 0, 255).astype(np.uint8))
    draw = ImageDraw.Draw(picture)
    if rng.random() < 0.7:  # ruled lines under and through the writing
        spacing = (high[1] - low[1]) * scale * rng.uniform(0.55, 1.1)
        colour = tuple(int(c) for c in rng.choice([[150, 170, 220], [120, 120, 120],
                                                    [200, 130, 130]]))
        base = margin[1] + (high[1] - low[1]) * scale * rng.uniform(0.95, 1.05)
        y = base - spacing * np.ceil(base / spacing)
        while y < height:
            draw.line([(0, y), (width, y + rng.uniform(-3, 3))], fill=colour,
                      width=int(rng.integers(1, 3)))
            y += spacing
    pen = int(rng.integers(3, 8))
    ink = tuple(int(c) for c in rng.choice([[20, 20, 30], [25, 40, 120], [60, 60, 60]]))
    for stroke in number.strokes:
        xy = [tuple(p) for p in (stroke - low) * scale + margin]
        if len(xy) > 1:
            draw.line(xy, fill=ink, width=pen, joint="curve")
        for x, y in xy[:1] + xy[-1:]:
            draw.ellipse((x - pen / 2, y - pen / 2, x + pen / 2, y + pen / 2), fill=ink)
    picture = picture.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 1.2)))
    light = np.ones((height, width), np.float32)
    yy, xx = np.mgrid[0:height, 0:width] / np.array([height, width])[:, None, None]
    angle = rng.uniform(0, 2 * np.pi)
    light -= rng.uniform(0.1, 0.45) * ((xx - 0.5) * np.cos(angle) + (yy - 0.5) * np.sin(angle)
                                       + 0.5)  # light falling off across the page
    if rng.random() < 0.4:  # the shadow of a phone or a hand over a part of it
        edge = rng.uniform(0.2, 0.8)
        light *= np.where(xx * np.cos(angle) + yy * np.sin(angle) > edge,
                          rng.uniform(0.55, 0.8), 1.0)
    out = np.asarray(picture, np.float32) * light[..., None]
    return np.clip(out, 0, 255).astype(np.uint8)


def pictures(numbers: list[PenNumber], seed: int) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    return [on_paper(number, rng) for number in numbers]
