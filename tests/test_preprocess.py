import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from model.reading.preprocess import (
    EmptyImageError,
    ImageError,
    load_image,
    render_strokes,
    to_mnist,
)


def centre_of_mass(image):
    ys, xs = np.indices(image.shape)
    return (ys * image).sum() / image.sum(), (xs * image).sum() / image.sum()


def similarity(a, b):
    a, b = a.ravel() - a.mean(), b.ravel() - b.mean()
    return float(a @ b / np.sqrt((a @ a) * (b @ b)))


def embed(digit, size, top, left, scale=1):
    """Put an MNIST digit, scaled up `scale` times, into a larger black field."""
    big = np.kron(digit, np.ones((scale, scale)))
    field = np.zeros((size, size), np.float32)
    field[top:top + big.shape[0], left:left + big.shape[1]] = big
    return field


@pytest.fixture(scope="module")
def digits(mnist):
    return mnist.x_test[:20].astype(np.float32) / 255


def test_mnist_digit_comes_back_nearly_unchanged(digits):
    for digit in digits:
        out = to_mnist(digit)
        assert out.shape == (28, 28) and out.dtype == np.float32
        assert similarity(out, digit) > 0.85  # at most half a pixel away from MNIST's own shift


def test_off_centre_tiny_and_huge_give_the_same_tensor(digits):
    for digit in digits[:5]:
        reference = to_mnist(digit)
        corner = to_mnist(embed(digit, 200, 150, 160))
        huge = to_mnist(embed(digit, 1200, 30, 20, scale=40))
        assert similarity(corner, reference) > 0.98
        assert similarity(huge, reference) > 0.9
        cy, cx = centre_of_mass(corner)
        assert abs(cy - 13.5) < 1.0 and abs(cx - 13.5) < 1.0


def test_tiny_digit_is_scaled_up_to_twenty_pixels():
    tiny = np.zeros((50, 50), np.float32)
    tiny[20:26, 24:26] = 1.0  # a 6-pixel-tall "1"
    out = to_mnist(tiny)
    rows = np.flatnonzero(out.max(axis=1) > 0.1)
    assert rows[-1] - rows[0] + 1 >= 19


def test_dark_on_light_is_inverted(digits):
    paper = 1.0 - embed(digits[0], 100, 30, 30)
    assert similarity(to_mnist(ink_like(paper)), to_mnist(digits[0])) > 0.98


def ink_like(gray):
    from model.reading.preprocess import ink_from_gray

    return ink_from_gray(gray)


def test_blank_and_faint_noise_are_empty():
    with pytest.raises(EmptyImageError):
        to_mnist(np.zeros((100, 100)))
    with pytest.raises(EmptyImageError):
        render_and_mnist([])
    paper = np.random.default_rng(0).uniform(0, 0.04, (100, 100))  # paper grain, no ink
    with pytest.raises(EmptyImageError):
        to_mnist(paper)
    paper[40:60, 48:52] = 1.0  # a stroke on the same paper is found
    assert to_mnist(paper).max() == pytest.approx(1.0)


@pytest.mark.parametrize("gap", [5e-324, 1e-12, 1e-7])
def test_a_drawing_smaller_than_a_pixel_is_a_dot(gap):
    tensor = render_and_mnist([[(250.0, 300.0), (250.0 + gap, 300.0)]])
    click = render_and_mnist([[(250.0, 300.0)]])
    assert np.allclose(tensor, click, atol=1e-3)  # the same as a single click
    rows, cols = np.indices(tensor.shape)
    assert np.average(rows, weights=tensor) == pytest.approx(14, abs=0.6)
    assert np.average(cols, weights=tensor) == pytest.approx(14, abs=0.6)


def render_and_mnist(strokes):
    return to_mnist(render_strokes(strokes))


strokes_strategy = st.lists(
    st.lists(
        st.tuples(st.floats(-1e4, 1e4), st.floats(-1e4, 1e4)), min_size=1, max_size=30
    ),
    min_size=0,
    max_size=5,
)


@settings(max_examples=150, deadline=None)
@given(strokes_strategy)
def test_any_strokes_give_a_valid_tensor_or_empty(strokes):
    try:
        out = render_and_mnist(strokes)
    except EmptyImageError:
        assert not any(strokes)
        return
    assert out.shape == (28, 28) and out.dtype == np.float32
    assert out.min() >= 0.0 and out.max() <= 1.0 and out.max() > 0.5


def test_stroke_rendering_ignores_size_and_position():
    # An "L": the same shape drawn tiny in a corner and large elsewhere.
    shape = np.array([[0, 0], [0, 10], [6, 10]], dtype=float)
    small = render_and_mnist([shape * 3 + 5])
    large = render_and_mnist([shape * 60 + 300])
    assert similarity(small, large) > 0.99


# ---- image files -------------------------------------------------------------------------

def save(image: Image.Image, path, **kwargs):
    image.save(path, **kwargs)
    return path


def test_png_dark_on_light_and_rgba(tmp_path, digits):
    ink = (digits[0] * 255).astype(np.uint8)
    gray = save(Image.fromarray(255 - ink), tmp_path / "paper.png")
    rgba = np.zeros((28, 28, 4), np.uint8)
    rgba[..., 3] = ink  # black ink on a transparent background
    transparent = save(Image.fromarray(rgba, "RGBA"), tmp_path / "alpha.png")
    reference = to_mnist(digits[0])
    assert similarity(to_mnist(load_image(gray)), reference) > 0.98
    assert similarity(to_mnist(load_image(transparent)), reference) > 0.98


def test_sixteen_bit_cmyk_and_animated(tmp_path, digits):
    ink = digits[1]
    reference = to_mnist(ink)
    sixteen = save(Image.fromarray((ink * 65535).astype(np.uint16)), tmp_path / "deep.png")
    cmyk = Image.fromarray((255 - ink * 255).astype(np.uint8)).convert("CMYK")
    cmyk_path = save(cmyk, tmp_path / "cmyk.jpg", quality=95)
    frames = [Image.fromarray((ink * 255).astype(np.uint8)), Image.new("L", (28, 28), 0)]
    gif = tmp_path / "anim.gif"
    frames[0].save(gif, save_all=True, append_images=frames[1:])
    for path in (sixteen, cmyk_path, gif):
        assert similarity(to_mnist(load_image(path)), reference) > 0.95, path


@pytest.mark.parametrize("content", [b"", b"hello, not an image", bytes(range(256))])
def test_non_images_are_refused_clearly(tmp_path, content):
    path = tmp_path / "digit.png"
    path.write_bytes(content)
    with pytest.raises(ImageError, match="digit.png"):
        load_image(path)


def test_decompression_bomb_is_refused_without_decoding(tmp_path):
    path = save(Image.new("1", (20000, 20000)), tmp_path / "bomb.png", optimize=True)
    with pytest.raises(ImageError, match="too large"):
        load_image(path)


def test_one_pixel_image_is_empty_not_a_crash(tmp_path):
    path = save(Image.new("L", (1, 1), 255), tmp_path / "dot.png")
    with pytest.raises(EmptyImageError):
        to_mnist(load_image(path))


def test_photos_are_turned_upright_by_their_exif_orientation(tmp_path, digits):
    ink = (digits[0] * 255).astype(np.uint8)
    upright = to_mnist(digits[0])
    sideways = Image.fromarray(255 - np.rot90(ink, k=1).copy())  # the camera's raw pixels
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to display"
    path = tmp_path / "phone.jpg"
    sideways.save(path, quality=95, exif=exif)
    assert similarity(to_mnist(load_image(path)), upright) > 0.95


def test_transparency_is_ink_only_on_a_transparent_background(tmp_path, digits):
    ink = digits[0]
    reference = to_mnist(ink)
    # A screenshot: dark digit on white, opaque, but with transparent rounded corners.
    rgba = np.zeros((28, 28, 4), np.uint8)
    rgba[..., :3] = (255 - ink * 255).astype(np.uint8)[..., None]
    rgba[..., 3] = 255
    for y, x in [(0, 0), (0, 1), (1, 0), (0, 27), (27, 0), (27, 27), (0, 26), (26, 27)]:
        rgba[y, x, 3] = 0
    shot = save(Image.fromarray(rgba, "RGBA"), tmp_path / "screenshot.png")
    assert similarity(to_mnist(load_image(shot)), reference) > 0.98


def test_exotic_formats_are_refused_without_running_anything(tmp_path):
    eps = tmp_path / "digit.png"  # an EPS file, renamed: Pillow would hand it to Ghostscript
    eps.write_bytes(b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 28 28\nshowpage\n")
    with pytest.raises(ImageError, match="not an image DigitPad can read"):
        load_image(eps)
    ico = save(Image.new("L", (32, 32), 255), tmp_path / "icon.ico")
    with pytest.raises(ImageError):
        load_image(ico)


def test_a_large_photo_is_reduced_once_to_a_working_size(tmp_path):
    from model.reading.preprocess import WORKING_SIDE

    big = np.full((3000, 4000), 255, np.uint8)
    big[1000:2000, 1900:2100] = 0  # a thick "1"
    ink = load_image(save(Image.fromarray(big), tmp_path / "big.png"))
    assert max(ink.shape) == WORKING_SIDE and ink.shape[0] / ink.shape[1] == pytest.approx(0.75)
    assert to_mnist(ink).max() == pytest.approx(1.0)
