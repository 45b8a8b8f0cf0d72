"""Pictures of numbers written with real people's pen digits (model.learning.pen_numbers): ink
on paper, as a phone or a scanner sees it."""

from __future__ import annotations

import numpy as np

from model.learning.pen_numbers import PenNumber


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
