"""Any grayscale picture of a digit → the 28×28 float32 tensor MNIST would have made of it.

MNIST's recipe: crop to the ink, scale the longer side to 20 px keeping the aspect ratio (with
anti-aliasing), centre by centre of mass in a 28×28 field, white digit on black, values in [0, 1].
The canvas and opened image files both come through here; the canvas first renders its strokes
with `render_strokes` so the tensor does not depend on how large, or with which brush, a person
drew.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Sequence

import numpy as np
from PIL import Image, ImageDraw, ImageOps, UnidentifiedImageError

from model.errors import DigitPadError
from model.language import _

MAX_PIXELS = 50_000_000  # ~7000×7000: far beyond any digit photo, well below a memory bomb
# The formats the README lists. Anything else (EPS, which would run Ghostscript; PSD; ICO …)
# is refused, whatever the file's name says.
FORMATS = ("PNG", "JPEG", "BMP", "GIF", "TIFF", "WEBP")
WORKING_SIDE = 1200  # a picture is reduced to this once: enough for a number, cheap to keep
INK_THRESHOLD = 0.1  # of full ink; fainter pixels (paper texture, JPEG noise) are not the digit
# MNIST strokes are ~2.5 px wide on a 20 px digit: render strokes at that share of the drawing.
STROKE_TO_SIZE = 0.13
RENDER_SIZE = 160  # longer side of the stroke rendering, in px, before the 20 px downscale


class ImageError(DigitPadError, ValueError):
    """The file is not an image we can read, or is too large; the message says which."""


class EmptyImageError(DigitPadError, ValueError):
    """There is no ink to classify."""


def load_image(path: str | os.PathLike) -> np.ndarray:
    """A picture file as a float32 (H, W) array in [0, 1] where 1 is ink, ready for `to_mnist`."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path, formats=FORMATS) as image:
                width, height = image.size
                if width * height > MAX_PIXELS:
                    raise ImageError(
                        _("{path}: {width}×{height} pixels is too large for a digit "
                          "picture").format(path=path, width=width, height=height))
                image.seek(0)  # animated images: the first frame
                upright = ImageOps.exif_transpose(image)  # phones store photos sideways
                return working_size(image_to_ink(upright))
    except ImageError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ImageError(_("{path}: too large for a digit picture ({reason})").format(
            path=path, reason=exc)) from exc
    except UnidentifiedImageError as exc:
        raise ImageError(_("{path}: not an image DigitPad can read").format(path=path)) from exc
    except (OSError, ValueError, SyntaxError) as exc:
        raise ImageError(_("{path}: the image could not be read ({reason})").format(
            path=path, reason=exc)) from exc


def working_size(ink: np.ndarray) -> np.ndarray:
    """The picture reduced once so its longer side is at most WORKING_SIDE."""
    return reduced(ink, WORKING_SIDE)


def reduced(image: np.ndarray, side: int) -> np.ndarray:
    """`image` shrunk by area averaging so its longer side is at most `side` (as it is, if
    it is no larger)."""
    longest = max(image.shape)
    if longest <= side:
        return image
    scale = side / longest
    size = (max(1, round(image.shape[1] * scale)), max(1, round(image.shape[0] * scale)))
    return np.asarray(Image.fromarray(image.astype(np.float32), mode="F").resize(
        size, Image.Resampling.BOX), dtype=np.float32)


def image_to_ink(image: Image.Image) -> np.ndarray:
    """Ink intensity in [0, 1] for any Pillow image, whatever its mode or polarity."""
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        alpha = np.asarray(rgba, dtype=np.float32)[..., 3] / 255
        border = np.concatenate([alpha[0], alpha[-1], alpha[:, 0], alpha[:, -1]])
        if float(np.median(border)) < 0.5 < alpha.max():
            # A drawing on a transparent background: whatever is opaque is the ink.
            return alpha
        # Opaque, or transparent only here and there (a screenshot's rounded corners): the
        # pixels tell, seen on white paper.
        paper = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        image = Image.alpha_composite(paper, rgba).convert("RGB")
    if image.mode in ("I", "I;16", "I;16B", "I;16L", "I;16N", "F"):
        gray = np.asarray(image, dtype=np.float32)
        low, high = float(gray.min()), float(gray.max())
        gray = (gray - low) / (high - low) if high > low else np.zeros_like(gray)
    else:
        if image.mode == "CMYK":
            image = image.convert("RGB")
        gray = np.asarray(ImageOps.grayscale(image), dtype=np.float32) / 255
    return ink_from_gray(gray)


def ink_from_gray(gray: np.ndarray) -> np.ndarray:
    """Turn dark-on-light into light-on-dark. An even border tells the background (a scan, a
    drawing, MNIST). A border split by a shadow cannot: then the ink is the side that stands
    out thin from its surroundings (a pen stroke), whatever the light."""
    border = np.concatenate([gray[0], gray[-1], gray[:, 0], gray[:, -1]])
    dark_background = float(np.median(border)) <= 0.5
    if float(np.percentile(border, 90) - np.percentile(border, 10)) < EVEN_BORDER:
        return gray if dark_background else 1.0 - gray
    small = reduced(gray, POLARITY_SIDE)
    dark = float(np.sum((1 - small) - opened(1 - small, POLARITY_STROKE)))
    light = float(np.sum(small - opened(small, POLARITY_STROKE)))
    if max(dark, light) > CLEAR_POLARITY * min(dark, light):
        return 1.0 - gray if dark > light else gray
    return gray if dark_background else 1.0 - gray


EVEN_BORDER = 0.25  # the border's 10th to 90th percentile: any less, and it is the paper
POLARITY_SIDE = 256  # the polarity is judged on a copy this small: cheap, and enough
POLARITY_STROKE = 5  # pen strokes are thinner than this on that copy; a paper's grain is not
CLEAR_POLARITY = 1.25  # one side must stand out this many times more to decide


def opened(image: np.ndarray, size: int) -> np.ndarray:
    """A grey-level opening with a size × size square: what is thinner than `size` goes (pen
    strokes), broad levels stay (paper, uneven light, the edge of a shadow)."""
    def slide(values: np.ndarray, reduce, axis: int) -> np.ndarray:
        pad = [(0, 0), (0, 0)]
        pad[axis] = (size // 2, size // 2)
        windows = np.lib.stride_tricks.sliding_window_view(np.pad(values, pad, mode="edge"),
                                                           size, axis=axis)
        return reduce(windows, axis=-1)

    eroded = slide(slide(image, np.min, 0), np.min, 1)
    return slide(slide(eroded, np.max, 0), np.max, 1)


def has_ink(ink: np.ndarray) -> bool:
    """Whether there is anything to classify (the test to_mnist applies before any work)."""
    peak = float(np.nanmax(ink)) if np.size(ink) else 0.0
    return peak >= INK_THRESHOLD * 0.5


def to_mnist(ink: np.ndarray) -> np.ndarray:
    """(H, W) ink intensities (1 = ink) → (28, 28) float32 MNIST-style; EmptyImageError if blank."""
    ink = np.asarray(ink, dtype=np.float32)
    if ink.ndim != 2 or min(ink.shape) == 0:
        raise ImageError(_("expected a 2-D grayscale image, got shape {shape}").format(
            shape=ink.shape))
    ink = np.nan_to_num(ink, nan=0.0)
    if not has_ink(ink):
        raise EmptyImageError(_("nothing is drawn"))
    peak = float(ink.max())
    mask = ink >= INK_THRESHOLD * max(peak, 0.5)
    rows, cols = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
    crop = ink[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1] / peak
    return _fit_and_centre(crop)


SUPERSAMPLE = 4  # centre to a quarter pixel, so a digit does not jump as it is drawn or moved


def _fit_and_centre(crop: np.ndarray) -> np.ndarray:
    """Scale the longer side to 20 px and put the centre of mass at MNIST's pixel (14, 14).

    MNIST shifted by whole pixels; we shift by quarter pixels, which keeps the tensor steady
    when the same digit is drawn a little larger, smaller or elsewhere.
    """
    height, width = crop.shape
    scale = 20.0 * SUPERSAMPLE / max(height, width)
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    big = _resize(crop, size)
    side = 28 * SUPERSAMPLE
    # Blank paper around the digit, as much as the box below can reach (a pixel spare).
    pad_y, pad_x = side - size[1] + 1, side - size[0] + 1
    field = np.zeros((size[1] + 2 * pad_y, size[0] + 2 * pad_x), dtype=np.float32)
    field[pad_y:pad_y + size[1], pad_x:pad_x + size[0]] = big
    total = float(big.sum())
    ys, xs = np.indices(big.shape)
    cy = float((ys * big).sum() / total) if total else size[1] / 2
    cx = float((xs * big).sum() / total) if total else size[0] / 2
    # Source box whose output pixel 14 (centre 14.5) falls on the centre of mass, clamped so
    # that the whole digit stays inside the 28×28 field.
    top = float(np.clip(pad_y + cy + 0.5 - 14.5 * SUPERSAMPLE, pad_y + size[1] - side, pad_y))
    left = float(np.clip(pad_x + cx + 0.5 - 14.5 * SUPERSAMPLE, pad_x + size[0] - side, pad_x))
    out = _resize(field, (28, 28), box=(left, top, left + side, top + side), smooth=False)
    return out / out.max() if out.max() > 0 else out


def _resize(array: np.ndarray, size: tuple[int, int], box=None, smooth=True) -> np.ndarray:
    image = Image.fromarray(array.astype(np.float32), mode="F")
    method = Image.Resampling.LANCZOS if smooth else Image.Resampling.BOX
    return np.asarray(image.resize(size, method, box=box), dtype=np.float32).clip(0.0, 1.0)


Stroke = Sequence[tuple[float, float]]


def render_strokes(strokes: Sequence[Stroke], size: int = RENDER_SIZE) -> np.ndarray:
    """Draw point-list strokes as ink (1 = ink) at a width relative to the drawing's size.

    Where on a canvas, how large and with which brush a person drew then no longer changes
    what the model sees. Returns an empty (all-zero) image when there are no points.
    """
    points = [np.asarray(stroke, dtype=np.float64).reshape(-1, 2) for stroke in strokes]
    points = [p for p in points if len(p)]
    if not points:
        return np.zeros((size, size), dtype=np.float32)
    everything = np.concatenate(points)
    low, high = everything.min(axis=0), everything.max(axis=0)
    extent = float(max(high - low))
    width = max(2.0, STROKE_TO_SIZE * size)
    margin = width
    # An extent far below a pixel (a click, or two points 5e-324 apart) is a dot, not a
    # drawing to blow up to full size.
    is_dot = extent <= 1e-6 * max(1.0, float(np.abs(everything).max()))
    scale = 1.0 if is_dot else (size - 2 * margin) / extent
    centre = (low + high) / 2
    image = Image.new("L", (size, size), 0)
    draw = ImageDraw.Draw(image)
    radius = width / 2
    for stroke in points:
        xy = (stroke - centre) * scale + size / 2
        coords = [tuple(p) for p in xy]
        if len(coords) > 1:
            draw.line(coords, fill=255, width=round(width))
        for x, y in coords:  # round caps and joins
            draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=255)
    return np.asarray(image, dtype=np.float32) / 255
