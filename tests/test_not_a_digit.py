""""That's not a digit": the bundled model's gate (model.reading.outliers) against its old threshold
on the top probability, on non-digits and on real digits nothing was fitted on; the decision
travelling with a model; and what a person sees and can do in the window and the CLI."""

import numpy as np
import pytest

from benchmarks.not_a_digit import TEST_SEED, images_of, refused_shares
from model.keeping.paths import DEFAULT_MODEL
from model.keeping.store import load_metadata
from model.reading import outliers
from model.reading.confidence import with_temperature
from model.reading.outliers import KINDS, THRESHOLD, Gate, Refusal, WholeDigitFit
from model.reading.predictor import Predictor
from model.reading.preprocess import render_strokes


@pytest.fixture(scope="module")
def readers(bundled_model):
    """The bundled model read with its gate, and with the threshold alone (as before)."""
    from benchmarks.not_a_digit import readers

    both = readers(bundled_model)
    assert both["gate"]._state.refusal.gate is not None
    return both


def test_generated_letters_shapes_and_scribbles_are_refused(readers, capsys):
    from model.learning.non_digits import KINDS as GENERATED
    from model.learning.non_digits import non_digits

    by_kind = {kind: refused_shares(readers, images_of(non_digits(kind, 300, TEST_SEED + k)))
               for k, kind in enumerate(GENERATED)}
    shares = {reader: {kind: by_kind[kind][reader] for kind in GENERATED} for reader in readers}
    with capsys.disabled():
        for reader, share in shares.items():
            print(f"\n{reader}: " + ", ".join(f"{k} {v:.0%}" for k, v in share.items()), end="")
    # measured: letters 99 %, shapes 100 %, scribbles 95 % (a short wandering line can be a
    # fair 1 or 7), crossed-out digits 100 %; the threshold alone 15–38 %
    assert all(v >= 0.9 for v in shares["gate"].values())
    assert all(shares["gate"][k] > shares["threshold"][k] + 0.2 for k in GENERATED)


def test_a_letter_written_as_the_canvas_reads_shows_no_digit_beside_its_own_strokes(readers):
    """Through the number reader, as the window reads a drawing: a letter of several strokes
    is never a digit beside a refused stroke of itself (a Y read as a "1" and a refused
    stroke); the two are refused whole when the gate refuses them together."""
    from model.learning.non_digits import non_digits
    from model.reading.segment import read_strokes

    predictor = readers["gate"]
    numbers = [read_strokes([np.asarray(s) * 100 for s in letter], predictor.predict_many,
                            refuse=predictor.refusals, whole_digit=predictor.whole_digit)
               for letter in non_digits("letters", 176, TEST_SEED)]
    assert sum(bool(len(n) and n.refused) for n in numbers) == 0  # measured 0 (before: 7)
    assert sum(not len(n) for n in numbers) >= 0.8 * len(numbers)  # measured 150 (141)


def test_letters_of_another_source_are_mostly_refused(readers, capsys):
    pytest.importorskip("HersheyFonts", reason="the Hershey-Fonts package (test extra)")
    from tests.hershey_letters import TEST_FONTS, hershey_letters

    by_font = {font: refused_shares(readers, images_of(hershey_letters(font, 3, 1)))
               for font in TEST_FONTS}
    shares = {reader: {font: by_font[font][reader] for font in TEST_FONTS} for reader in readers}
    with capsys.disabled():
        for reader, share in shares.items():
            print(f"\nHershey letters, {reader}: " +
                  ", ".join(f"{k} {v:.0%}" for k, v in share.items()), end="")
    # Plain pen letters are refused as the generated ones are; ornate script capitals and
    # serif type, far from the generator's letters, much less often (docs/MODELS.md).
    assert min(shares["gate"]["rowmans"], shares["gate"]["futuram"]) >= 0.85
    assert np.mean(list(shares["gate"].values())) > np.mean(list(shares["threshold"].values()))


def test_real_digits_nothing_was_fitted_on_are_seldom_refused(bundled_reads_test_sets, unipen,
                                                              capsys):
    metadata = load_metadata(DEFAULT_MODEL)
    threshold = Refusal(None, Refusal.of(metadata).refuse_below)
    shares = {}
    for name in ("pen test writers", "MNIST test"):
        reading = bundled_reads_test_sets[name]
        calibrated = with_temperature(reading["probabilities"], metadata["temperature"])
        shares[name] = {"gate": np.mean([bool(why) for why in reading["refused"]]),
                        "threshold": np.mean([bool(why) for why in
                                              threshold.reasons(calibrated, lambda: None)])}
    with capsys.disabled():
        for reader in ("gate", "threshold"):
            print(f"\n{reader}: refused {shares['pen test writers'][reader]:.2%} of the test "
                  f"writers' pen digits, {shares['MNIST test'][reader]:.2%} of MNIST test", end="")
    # measured 0.39 % (7 of 1,774) and 0.20 %
    assert shares["pen test writers"]["gate"] <= 0.005 and shares["MNIST test"]["gate"] <= 0.005


def test_every_model_digitpad_trains_carries_its_gate(mnist, tmp_path):
    """Fitted at the end of a run and saved in the sidecar; a sidecar without one (a model
    from elsewhere) or with a broken one falls back to the threshold."""
    from model.keeping.store import build_metadata, save_model
    from model.learning.train import TrainConfig, fit

    result = fit(mnist.subset(train=2000, test=500), TrainConfig("book", epochs=1, seed=0))
    assert result.calibration.gate is not None
    path = save_model(result.model, tmp_path / "book.keras", build_metadata(result, "test"))
    metadata = load_metadata(path)
    gate = Refusal.of(metadata).gate
    fitted = result.calibration.gate
    assert gate is not None and gate.hidden is not None
    for travelled, made in ((gate.weights, fitted.weights), (gate.hidden, fitted.hidden),
                            (gate.hidden_bias, fitted.hidden_bias)):
        assert np.allclose(travelled, made, atol=1e-5)
    predictor = Predictor.from_file(path, metadata["probe_output"],
                                    refusal=Refusal.of(metadata))[0]
    # Its whole-digit fits, the drawings' and the pictures' (each a hidden layer of its own),
    # travel with it: a digit is likelier whole than its half.
    for kind in ("whole", "picture_whole"):
        travelled, made = getattr(gate, kind), getattr(fitted, kind)
        assert travelled is not None and travelled.hidden is not None
        for a, b in ((travelled.weights, made.weights), (travelled.hidden, made.hidden),
                     (travelled.hidden_bias, made.hidden_bias)):
            assert np.allclose(a, b, atol=1e-5)
    seven = mnist.x_test[mnist.y_test == 7][:20].astype(np.float32) / 255
    halves = seven.copy()
    halves[:, :, 14:] = 0.0
    whole, half = predictor.whole_digit(seven), predictor.whole_digit(halves)
    assert np.all(whole <= 0) and np.median(whole) > np.median(half)
    # Each fit tells its own kind of candidates apart, on those of the bundle it did not read:
    # a whole digit most often likelier whole than a piece.
    for picture, bundle in ((False, "strokes"), (True, "pictures")):
        with np.load(outliers.WHOLE_DIGITS_BUNDLES[bundle]) as unread:
            images = unread["images"][outliers.WHOLE_FIT:][:400].astype(np.float32) / 255
            labels = unread["whole"][outliers.WHOLE_FIT:][:400].astype(bool)
        likely = predictor.whole_digit(images, picture=picture)
        ranked = np.mean(likely[labels][:, None] > likely[~labels][None, :])
        print(f"\n{bundle}: a whole candidate likelier than a piece {ranked:.1%}")
        assert ranked >= 0.8
    from model.learning.non_digits import non_digits

    scribbles = images_of(non_digits("scribbles", 40, TEST_SEED))
    assert set(predictor.judge_many(scribbles)[1]) - {""} <= {*KINDS, "far"}
    elsewhere = {k: v for k, v in metadata.items() if k != "not_a_digit"}
    broken = dict(metadata, not_a_digit=dict(metadata["not_a_digit"], weights=[1.0, "x"]))
    cut_short = dict(metadata, not_a_digit=dict(metadata["not_a_digit"], hidden=dict(
        metadata["not_a_digit"]["hidden"], weights_float32_base64="AAAAAA==")))
    whole_field = metadata["not_a_digit"]["whole_digit"]
    for bad_whole in ({"weights": [0.0], "bias": 0.0},
                      dict(whole_field, hidden=dict(whole_field["hidden"], units=3))):
        no_whole = dict(metadata, not_a_digit=dict(metadata["not_a_digit"],
                                                   whole_digit=bad_whole))
        kept = Refusal.of(no_whole).gate  # the gate stays, the fit does not
        assert kept is not None and kept.whole is None
        assert Predictor.from_file(path, metadata["probe_output"], refusal=Refusal.of(
            no_whole))[0].whole_digit(seven) is None
    # a broken fit for pictures: pictures are weighed by the drawings' fit
    no_picture = dict(metadata, not_a_digit=dict(metadata["not_a_digit"],
                                                 picture_whole_digit={"weights": [0.0]}))
    assert np.allclose(Predictor.from_file(path, metadata["probe_output"], refusal=Refusal.of(
        no_picture))[0].picture_whole_digit(seven), predictor.whole_digit(seven))
    for sidecar in (elsewhere, broken, cut_short):
        refusal = Refusal.of(sidecar)
        assert refusal.gate is None and refusal.refuse_below == metadata["refuse_below"]
        p = np.full((1, 10), 0.1)  # a flat answer: under any sensible level
        assert refusal.reasons(p, lambda: None) == [THRESHOLD]


@pytest.mark.parametrize("hidden", [None, np.ones((4, 3))], ids=["regression", "hidden layer"])
def test_a_gate_that_does_not_fit_the_network_is_not_used(hidden):
    """Whether the gate reads its inputs directly (one fitted before its hidden layer
    existed) or through a hidden layer, the width of what it reads is the drawing's."""
    weights = np.ones(4 if hidden is None else 3)
    gate = Gate(weights, 0.0, 0.0, np.ones((len(KINDS), 4)), np.zeros(len(KINDS)),
                hidden=hidden, hidden_bias=None if hidden is None else np.zeros(3))
    refusal = Refusal(gate, 0.5)
    # inputs of another width: the threshold decides
    assert refusal.reasons(np.full((1, 10), 0.1), lambda: np.ones((1, 7))) == [THRESHOLD]
    # inputs it fits: the gate decides, even against a sure answer; no kind stands out
    assert refusal.reasons(np.eye(10)[:1], lambda: np.ones((1, 4))) == ["far"]
    # and it reads the same from the sidecar
    drawing = np.arange(8.0).reshape(2, 4)
    assert np.allclose(Gate.from_metadata(gate.fields()).score(drawing), gate.score(drawing))


def test_a_whole_digit_fit_from_before_its_hidden_layer_still_reads():
    """A sidecar written when the whole-digit fit was a regression on the gate's inputs
    weighs the number reader's candidates as it did."""
    whole = np.array([1.0, -1.0, 0.5, 0.0])
    gate = Gate(np.ones(4), 0.0, 0.0, np.ones((len(KINDS), 4)), np.zeros(len(KINDS)),
                whole=WholeDigitFit(whole, 0.2))
    travelled = Gate.from_metadata(gate.fields())
    assert travelled.whole.hidden is None
    drawing = np.arange(8.0).reshape(2, 4)
    expected = -np.logaddexp(0, -(drawing @ whole + 0.2))
    assert np.allclose(travelled.whole_fit().log_likelihood(drawing), expected)
    # nor had it a fit for pictures: theirs is the drawings'
    assert np.allclose(travelled.whole_fit(picture=True).log_likelihood(drawing), expected)


# ---- what a person sees ------------------------------------------------------------------------

def test_a_letter_is_refused_in_words_and_can_be_read_anyway(make_window):
    from model.learning.non_digits import non_digits
    from model.wording import refusal_sentence
    from tests.gui_helpers import draw_in_unit_box

    def on_canvas(letter):  # the generator centres a drawing on (0, 0)
        canvas.clear()
        draw_in_unit_box(canvas, [np.asarray(s) + 0.5 for s in letter])

    window = make_window()
    panel, canvas = window.panel, window.canvas
    reasons = []
    for letter in non_digits("letters", 22, TEST_SEED):  # each of the 22 letters once
        on_canvas(letter)
        reasons.append(panel.refused)
    # measured 21 of 22, each called a letter (18 with the regression gate); a K drawn in two
    # strokes reads as "14"
    assert sum(bool(r) for r in reasons) >= 19 and reasons.count("letter") >= 17
    while not panel.refused:  # the last one drawn again, until one is refused
        on_canvas(non_digits("letters", 1, TEST_SEED)[0])
    assert panel.verdict_label.text() == refusal_sentence(panel.refused).capitalize() + "."
    assert panel.digit_label.text() == "–" and panel.number() == ""
    assert panel._top.sum() == 0  # no winning bar
    assert panel.read_anyway.isVisible()
    panel.read_anyway.click()
    best = int(np.argmax(panel.probabilities()))
    assert panel.number() == str(best) and panel.digit_label.text().startswith(str(best))
    assert panel.verdict_label.text().startswith("Read anyway: ")
    assert not panel.read_anyway.isVisible()


def test_a_letter_beside_a_number_is_left_out_and_shown(make_window):
    from model.learning.non_digits import LETTERS
    from tests.gui_helpers import draw, seven

    window = make_window()
    canvas = window.canvas
    w, h = canvas.width(), canvas.height()
    draw(canvas, seven(canvas, 0.3, dx=-0.3))
    draw(canvas, seven(canvas, 0.3, dx=0.0))
    side = min(w, h) * 0.3
    k = LETTERS["K"](np.random.default_rng(0))
    draw(canvas, [np.asarray(s) * (side * 0.8, side) + (w * 0.65, (h - side) / 2) for s in k])
    assert window.panel.number() == "77"
    assert len(canvas.refused_boxes) == 1 and len(canvas._digit_boxes) == 2
    assert window.panel.note_label.isVisible()
    assert "letter" in window.panel.note_label.text()


def test_the_cli_says_what_is_not_a_digit(tmp_path, capsys):
    from PIL import Image

    from model.cli import main
    from model.learning.non_digits import LETTERS

    k = LETTERS["K"](np.random.default_rng(0))
    ink = np.pad(render_strokes(k), 60)  # on a page: a margin of paper around it
    path = tmp_path / "k.png"
    Image.fromarray(((1 - ink) * 255).astype(np.uint8)).save(path)
    assert main(["predict", "--model", str(DEFAULT_MODEL), str(path)]) == 0
    assert capsys.readouterr().out.startswith(
        f"{path}: not a digit (this looks more like a letter than a digit)  [")


def test_the_bundled_non_digits_are_what_the_generator_draws():
    """The app fits gates on a bundle of generated non-digits (drawing them takes longer than
    a person should wait): it must hold what the generator draws today, kind by kind."""
    from model.reading.outliers import (
        FIT_NON_DIGITS,
        NON_DIGITS_BUNDLE,
        draw_non_digits,
        fitting_non_digits,
    )

    assert NON_DIGITS_BUNDLE.is_file(), "run make non-digits"
    images, kinds = fitting_non_digits()
    assert len(images) == FIT_NON_DIGITS * len(KINDS)
    fresh, fresh_kinds = draw_non_digits(count=8)
    for k in range(len(KINDS)):
        bundled = images[k * FIT_NON_DIGITS:][:8]
        assert np.all(kinds[k * FIT_NON_DIGITS:][:8] == k)
        assert np.abs(bundled - fresh[fresh_kinds == k]).max() <= 0.5 / 255 + 1e-6


def test_the_gate_reads_the_same_numbers_in_training_and_in_the_app(bundled_model, mnist):
    """Fitted on Keras' outputs (fast), applied on the app's NumPy pass (no TensorFlow)."""
    from model.reading.forward import numpy_forward
    from model.reading.outliers import gate_inputs, keras_gate_inputs

    images = (mnist.x_test[:64] / 255).astype(np.float32)[..., None]
    expected, numpy_outputs = gate_inputs(numpy_forward(bundled_model).fused, images)
    assert expected.shape == (64, 2 * (32 + 32 + 64 + 64) + 128)
    inputs, outputs = keras_gate_inputs(bundled_model, images)[0]
    np.testing.assert_allclose(inputs, expected, atol=2e-4)
    # and the network's own output on the way: what Keras reads of the digits as drawn
    np.testing.assert_allclose(outputs, bundled_model.predict_on_batch(images), atol=1e-5)
    np.testing.assert_allclose(numpy_outputs, outputs, atol=1e-5)


def test_each_digit_of_a_number_is_judged_once(bundled_model):
    """Live reading re-reads the whole number after every stroke: the digits already judged
    keep their verdict, so the gate's cost stays one pass per new digit."""
    from model.reading.segment import read_strokes
    from tests.drawn_numbers import drawn_number

    predictor = Predictor(bundled_model, refusal=Refusal.of(load_metadata(DEFAULT_MODEL)))
    judged = []

    def refuse(tensors, probabilities, leeway=0.0):
        judged.append(len(tensors))
        return predictor.refusals(tensors, probabilities, leeway)

    strokes = drawn_number("2026", np.random.default_rng(0), 600, 300, spacing=0.4).strokes
    seen: dict = {}
    for end in range(1, len(strokes) + 1):
        number = read_strokes(strokes[:end], predictor.predict_many, seen, refuse)
    assert "".join(str(r.digit) for r in number) == "2026" and not number.refused
    # one verdict for each group of ink as it was first read (a stroke, then a digit made
    # of it and the next), never again: reading the whole number again judges nothing
    assert sum(judged) <= len(strokes)
    before = sum(judged)
    assert len(read_strokes(strokes, predictor.predict_many, seen, refuse)) == 4
    assert sum(judged) == before


def test_the_gate_reads_a_candidate_in_the_same_pass_that_reads_its_digit(bundled_model, mnist,
                                                                          monkeypatch):
    """The number reader reads its candidates, weighs them as whole digits and judges the ones
    it chose: the network runs once over each drawing as drawn, and the verdicts are those of
    a predictor that never read them before."""
    import model.reading.predictor as predictor_module
    from model.learning.non_digits import non_digits

    metadata = load_metadata(DEFAULT_MODEL)
    images = np.concatenate([(mnist.x_test[:6] / 255).astype(np.float32),
                             images_of(non_digits("letters", 6, TEST_SEED))])
    fresh = Predictor(bundled_model, refusal=Refusal.of(metadata))
    expected = (fresh.refusals(images, fresh.predict_many(images)), fresh.whole_digit(images))
    passes = []
    real = predictor_module.gate_inputs
    monkeypatch.setattr(predictor_module, "gate_inputs",
                        lambda steps, x: passes.append(len(x)) or real(steps, x))
    predictor = Predictor(bundled_model, refusal=Refusal.of(metadata))
    probabilities = predictor.predict_many(images)
    assert predictor.refusals(images, probabilities) == expected[0]
    np.testing.assert_allclose(predictor.whole_digit(images), expected[1], atol=1e-6)
    assert passes == [len(images)]
    np.testing.assert_allclose(probabilities, fresh.predict_many(images), atol=1e-6)
    assert 0 < expected[0].count("") < len(images)  # some refused, some not: a real check
