"""The generator of the world's handwriting forms: reproducible, varied, honest hold-outs."""

import numpy as np
import pytest

from model.learning import forms
from model.reading.preprocess import render_strokes, to_mnist


def test_a_seed_names_a_set_exactly():
    a, b = forms.generate(60, seed=5), forms.generate(60, seed=5)
    assert np.array_equal(a.images, b.images) and a.forms == b.forms
    assert not np.array_equal(a.images, forms.generate(60, seed=6).images)


def test_every_digit_comes_in_several_forms_and_all_ten_appear():
    by_digit = {}
    for form in forms.FORMS:
        by_digit.setdefault(form.digit, []).append(form.name)
    assert sorted(by_digit) == list(range(10))
    assert all(len(names) >= 2 for names in by_digit.values())
    generated = forms.generate(200, seed=1)
    assert np.bincount(generated.labels, minlength=10).tolist() == [20] * 10
    assert generated.images.dtype == np.uint8 and generated.images.shape == (200, 28, 28)


def test_the_forms_the_issue_names_are_there():
    names = {f"{form.digit}/{form.name}" for form in forms.FORMS}
    assert {"7/crossbar", "7/hooked", "7/hooked-crossbar", "1/flag-base", "4/open",
            "4/open-one-stroke", "9/small-loop-curl"} <= names


@pytest.mark.parametrize("form", forms.FORMS, ids=lambda f: f"{f.digit}/{f.name}")
def test_each_form_renders_like_a_drawing(form):
    rng = np.random.default_rng(0)
    for _ in range(5):
        strokes = forms.perturb(form.build(rng), rng)
        tensor = to_mnist(render_strokes(strokes))
        rows, cols = np.nonzero(tensor > 0.3)
        assert 14 <= rows.max() - rows.min() + 1 <= 21  # MNIST's 20 px box, give or take
        assert 0.03 < (tensor > 0.3).mean() < 0.45  # a stroke, not a speck or a filled square


def test_held_out_forms_and_seed_stay_out_of_training():
    assert not set(forms.HELD_OUT_FORMS) & set(forms.TRAINING_FORMS)
    assert {f.digit for f in forms.HELD_OUT_FORMS} <= {f.digit for f in forms.TRAINING_FORMS}
    with pytest.raises(ValueError, match="reserved"):
        forms.training_set(100, forms.HELD_OUT_SEED)
    held = forms.held_out_sets(40)
    assert set(held["held-out forms"].forms) <= {f"{f.digit}/{f.name}"
                                                 for f in forms.HELD_OUT_FORMS}
