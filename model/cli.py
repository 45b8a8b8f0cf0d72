"""digitpad-train: train, evaluate and predict from the command line, with no display."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

import model  # noqa: F401  (sets the Keras backend and quiets TensorFlow before they load)
from model import language
from model.errors import DigitPadError
from model.keeping.paths import user_data_dir
from model.keeping.samples import FILE_NAME
from model.language import _
from model.learning.networks import ARCHITECTURES
from model.wording import calibration_line, epoch_line, refusal_sentence, views_line


def parser() -> argparse.ArgumentParser:
    """The command line, its help in the language in use."""
    data_help = _("local mnist.npz (default: $DIGITPAD_MNIST, else Keras)")
    parser = argparse.ArgumentParser(
        prog="digitpad-train", description=_("Train and use DigitPad's MNIST models headless.")
    )
    commands = parser.add_subparsers(dest="command", required=True)

    train = commands.add_parser("train", help=_("train a network and save it"))
    train.add_argument("--arch", choices=tuple(ARCHITECTURES), default="book",
                       help="; ".join(f"{arch}: {_(text)}" for arch, text in
                                      ARCHITECTURES.items()))
    train.add_argument("--epochs", type=int, default=5)
    train.add_argument("--batch-size", type=int, default=128)
    train.add_argument("--validation-split", type=float, default=0.0)
    train.add_argument("--train-limit", type=int, help=_("use only the first N training images"))
    train.add_argument("--seed", type=int)
    train.add_argument("--init", metavar="MODEL", help=_(
        "start from this saved model's weights (same network), e.g. to teach it the "
        "handwriting forms"))
    train.add_argument("--learning-rate", type=float, help=_(
        "the convnet's peak rate (default 2e-3; a second stage wants less)"))
    train.add_argument("--forms", type=int, default=0, metavar="N", help=_(
        "mix N generated digits of the world's handwriting forms into the training images (the "
        "bundled convnet: 10000)"))
    train.add_argument("--pen", action="store_true", help=_(
        "mix in the real pen digits of UNIPEN's training writers, varied afresh every epoch "
        "(the bundled convnet's recipe)"))
    train.add_argument("--no-views", dest="views", action="store_false", help=_(
        "read the convnet as drawn only, without its test-time views (model.views)"))
    train.add_argument("--data", help=data_help)
    train.add_argument("--out", required=True, help=_("where to save the model (.keras)"))

    evaluate = commands.add_parser("evaluate", help=_("test loss and accuracy of a saved model"))
    evaluate.add_argument("--model", required=True)
    evaluate.add_argument("--data", help=data_help)
    evaluate.add_argument("--samples", help=_(
        "also: accuracy on your labelled digits (a samples.sqlite3 or an exported .npz)"))

    calibrate = commands.add_parser("calibrate", help=_(
        "fit a saved model's calibration and \"not a digit\" gate again (validation writers, "
        "generated non-digits) and update its sidecar"))
    calibrate.add_argument("--model", required=True)
    calibrate.add_argument("--data", help=data_help)

    samples = commands.add_parser("samples", help=_(
        "your labelled digits: list, export, import"))
    samples.add_argument("action", choices=("list", "export", "import"))
    samples.add_argument("file", nargs="?", help=_("the .npz to export to or import from"))
    samples.add_argument("--db", default=str(user_data_dir() / FILE_NAME),
                         help=_("the samples database (default: the app's)"))

    finetune = commands.add_parser("finetune", help=_(
        "learn your handwriting from your samples"))
    finetune.add_argument("--model", required=True)
    finetune.add_argument("--samples", default=str(user_data_dir() / FILE_NAME), help=_(
        "samples.sqlite3 or an exported .npz (default: the app's)"))
    finetune.add_argument("--data", help=_("MNIST for replay and the before/after figure"))
    finetune.add_argument("--out", required=True)
    finetune.add_argument("--seed", type=int, default=0)

    pen = commands.add_parser("pen-data", help=_(
        "bundle the training and validation writers' real pen digits from the UNIPEN file "
        "(make pen-data)"))
    pen.add_argument("--source", required=True, help=_("unipen_digits.jsonl.gz (shared/data)"))
    pen.add_argument("--out", required=True, help=_("the training writers' bundle (.npz)"))
    pen.add_argument("--validation-out", required=True,
                     help=_("the validation writers' bundle (.npz)"))

    non_digits = commands.add_parser("non-digits", help=_(
        "bundle the generated non-digits \"not a digit\" gates are fitted on (make non-digits)"))
    non_digits.add_argument("--out", required=True, help=_("the bundle (.npz)"))

    whole = commands.add_parser("whole-digits", help=_(
        "bundle the number reader's candidates whole-digit fits are fitted on "
        "(make whole-digits)"))
    whole.add_argument("--out", required=True, help=_("the drawings' bundle (.npz)"))
    whole.add_argument("--pictures-out", required=True, help=_("the pictures' bundle (.npz)"))

    line = commands.add_parser("line-reader", help=_(
        "train the line reader, which reads a whole number as a second opinion on its digits "
        "(make line-reader)"))
    line.add_argument("--out", required=True, help=_("the line reader (.keras)"))

    predict = commands.add_parser("predict", help=_("classify image files"))
    predict.add_argument("--model", required=True)
    predict.add_argument("images", nargs="+")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    # English unless the environment asks for a language DigitPad speaks (LANG=ko_KR.UTF-8).
    language.use(language.from_environment())
    args = parser().parse_args(argv)
    model.import_tensorflow_quietly()
    try:
        return {"train": run_train, "evaluate": run_evaluate, "predict": run_predict,
                "samples": run_samples, "finetune": run_finetune,
                "pen-data": run_pen_data, "non-digits": run_non_digits,
                "whole-digits": run_whole_digits, "line-reader": run_line_reader,
                "calibrate": run_calibrate}[args.command](args)
    except (DigitPadError, ValueError) as exc:
        print(_("digitpad-train: error: {reason}").format(reason=exc), file=sys.stderr)
        return 1
    except MemoryError:
        print(_("digitpad-train: error: out of memory (try a smaller --batch-size or "
                "--train-limit)"), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(_("digitpad-train: interrupted"), file=sys.stderr)
        return 130
    except Exception as exc:  # the promise: one line and a non-zero exit, never a traceback
        print(_("digitpad-train: error: {reason}").format(
            reason=f"{type(exc).__name__}: {exc}"), file=sys.stderr)
        return 1


def run_train(args: argparse.Namespace) -> int:
    import keras

    from model.keeping.store import build_metadata, save_model
    from model.learning.data import load_mnist
    from model.learning.train import TrainConfig, fit

    if args.train_limit is not None and args.train_limit < 1:
        raise DigitPadError(_("--train-limit must be a positive number of images, not "
                              "{value}").format(value=args.train_limit))
    config = TrainConfig(args.arch, args.epochs, args.batch_size, args.validation_split, args.seed,
                         args.forms, args.init, args.learning_rate, args.views, args.pen)
    data = load_mnist(args.data)
    if args.train_limit:
        data = data.subset(train=args.train_limit)

    class EpochPrinter(keras.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            print(epoch_line(epoch + 1, config.epochs, logs or {}), flush=True)

    result = fit(data, config, callbacks=[EpochPrinter()])
    print(f"test_loss: {result.test_loss:.4f}")
    print(f"test_acc: {result.test_accuracy:.4f}")
    if config.rotations:
        print(views_line(config.rotations, result.test_accuracy_as_drawn))
    print(calibration_line(result.calibration))
    path = save_model(result.model, args.out, build_metadata(result, data.source))
    print(_("saved {path} ({seconds} s)").format(path=path, seconds=f"{result.seconds:.0f}"))
    return 0


def run_pen_data(args: argparse.Namespace) -> int:
    from model.learning.pen_data import TRAINING, VALIDATION, read_unipen, save_bundle

    everything = read_unipen(args.source)
    for split, out in ((TRAINING, args.out), (VALIDATION, args.validation_out)):
        digits = everything.part(split)
        save_bundle(digits, out)
        print(_("saved {path}: {count} digits by {writers} {split} writers").format(
            path=out, count=f"{len(digits):,}", writers=len(digits.writer_names), split=split))
    return 0


def run_non_digits(args: argparse.Namespace) -> int:
    from model.reading.outliers import save_non_digits

    print(_("saved {path}: {count} generated non-digits").format(
        path=args.out, count=f"{save_non_digits(args.out):,}"))
    return 0


def run_whole_digits(args: argparse.Namespace) -> int:
    from model.reading.outliers import save_whole_digits

    for kind, path in (("strokes", args.out), ("pictures", args.pictures_out)):
        print(_("saved {path}: {count} candidate digits").format(
            path=path, count=f"{save_whole_digits(kind, path):,}"))
    return 0


def run_line_reader(args: argparse.Namespace) -> int:
    from model.learning.line_reader import train_line_reader

    accuracy = train_line_reader(Path(args.out))
    print(_("saved {path}: the validation writers' numbers read {accuracy:.1%}").format(
        path=args.out, accuracy=accuracy))
    return 0


def run_calibrate(args: argparse.Namespace) -> int:
    from model.keeping.store import calibration_fields, load_model, spread_fields, update_metadata
    from model.learning.data import load_mnist
    from model.learning.train import evaluate, learnt_again, spread_of
    from model.reading.views import views_of

    keras_model, metadata = load_model(args.model)
    data = load_mnist(args.data)
    learnt = learnt_again(metadata, data, tuple(keras_model.input_shape[1:]))
    evaluation = evaluate(keras_model, data.x_test, data.y_test, rotations=views_of(metadata),
                          learnt=learnt)
    update_metadata(args.model, {**calibration_fields(evaluation.calibration),
                                 **spread_fields(*spread_of(evaluation.predictions, data))})
    print(calibration_line(evaluation.calibration))
    print((_("not a digit: a gate; updated {path}'s sidecar") if evaluation.calibration.gate
           else _("not a digit: the threshold; updated {path}'s sidecar")).format(
        path=args.model))
    return 0


def run_evaluate(args: argparse.Namespace) -> int:
    from model.keeping.store import load_model
    from model.learning.data import load_mnist
    from model.learning.train import evaluate
    from model.reading.views import views_of

    keras_model, metadata = load_model(args.model)
    rotations = views_of(metadata)
    data = load_mnist(args.data)
    evaluation = evaluate(keras_model, data.x_test, data.y_test, rotations=rotations)
    print(f"test_loss: {evaluation.loss:.4f}")
    print(f"test_acc: {evaluation.accuracy:.4f}")
    if rotations:
        print(views_line(rotations, evaluation.accuracy_as_drawn))
    print(calibration_line(evaluation.calibration))
    if args.samples:
        from model.learning.finetune import accuracy

        images, labels = sample_arrays(args.samples)
        print(_("samples_acc: {accuracy} ({count} samples)").format(
            accuracy=f"{accuracy(keras_model, images, labels, rotations):.4f}",
            count=len(labels)))
    return 0


def sample_arrays(path: str):
    """(images, labels) from a samples database or an exported .npz."""
    import numpy as np

    from model.keeping.samples import SampleStore, import_npz

    if path.endswith(".npz"):
        samples = import_npz(path)
    else:
        if not Path(path).is_file():
            raise DigitPadError(_("{path}: no such samples database").format(path=path))
        store = SampleStore(path)
        samples = store.samples()
        store.close()
    images = np.array([s.tensor for s in samples], np.float32).reshape(-1, 28, 28)
    return images, np.array([s.label for s in samples], np.int64)


def run_samples(args: argparse.Namespace) -> int:
    from model.keeping.samples import SampleStore, export_npz, import_npz

    if args.action != "list" and not args.file:
        raise DigitPadError(_("samples {action} needs a .npz file").format(action=args.action))
    if args.action != "import" and not Path(args.db).is_file():
        raise DigitPadError(_("{path}: no such samples database").format(path=args.db))
    store = SampleStore(args.db)
    try:
        if args.action == "list":
            counts = store.counts()
            print(" ".join(f"{digit}:{count}" for digit, count in enumerate(counts)))
            print(_("total: {count}").format(count=sum(counts)))
        elif args.action == "export":
            samples = store.samples()
            export_npz(samples, args.file)
            print(_("exported {count} samples to {path}").format(count=len(samples),
                                                                 path=args.file))
        else:
            added = store.add_many(import_npz(args.file))
            print(_("imported {count} samples into {path}").format(count=len(added),
                                                                   path=args.db))
    finally:
        store.close()
    return 0


def run_finetune(args: argparse.Namespace) -> int:
    from model.keeping.store import (
        finetuned_metadata,
        known_spread_accuracy,
        load_model,
        save_model,
    )
    from model.learning.data import load_mnist
    from model.learning.finetune import FinetuneConfig, finetune
    from model.reading.views import views_of

    base, base_metadata = load_model(args.model)
    images, labels = sample_arrays(args.samples)
    data = load_mnist(args.data)
    config = FinetuneConfig(seed=args.seed)
    result = finetune(base, images, labels, data, config, rotations=views_of(base_metadata),
                      mnist_before=known_spread_accuracy(base_metadata, data,
                                                         config.test_digits))

    def shown(value):
        return "n/a" if value is None else f"{value:.4f}"

    print(_("held_out_acc: {before} -> {after} ({held} samples held out, {learnt} "
            "learnt)").format(before=shown(result.held_before), after=shown(result.held_after),
                              held=result.held, learnt=result.learnt))
    print(_("test_acc: {before} -> {after} (± {margin}, {count} test digits)").format(
        before=f"{result.mnist_before:.4f}", after=f"{result.mnist_after:.4f}",
        margin=f"{result.mnist_margin:.4f}", count=result.test_digits))
    if result.rotations:
        print(views_line(result.rotations, result.mnist_after_as_drawn))
    print(calibration_line(result.calibration))
    metadata = finetuned_metadata(base_metadata, args.model, result, data.source,
                                  data.spread_id(config.test_digits))
    path = save_model(result.model, args.out, metadata)
    print(_("saved {path} ({seconds} s)").format(path=path, seconds=f"{result.seconds:.0f}"))
    return 0


def run_predict(args: argparse.Namespace) -> int:
    """One line per picture: the digit and its ten probabilities, or a whole number and each
    digit's confidence; what is not a digit, and why."""
    from model.reading import loading
    from model.reading.preprocess import load_image
    from model.reading.segment import read_picture

    predictor = loading.load(args.model).predictor
    failures = 0
    for path in args.images:
        try:
            readings = read_picture(load_image(path), predictor.predict_many,
                                    predictor.refusals, predictor.picture_whole_digit)
            if not readings and not readings.refused:
                raise DigitPadError(_("{path}: the picture is blank").format(path=path))
        except DigitPadError as exc:
            print(_("{path}: error: {reason}").format(path=path, reason=exc), file=sys.stderr)
            failures += 1
            continue
        left_out = "".join("; " + _("left out: {reason}").format(
            reason=refusal_sentence(r.refused)) for r in readings.refused)
        if not readings:
            shown = " ".join(f"{p:.3f}" for p in readings.refused[0].probabilities)
            print(_("{path}: not a digit ({reason})").format(
                path=path, reason=refusal_sentence(readings.refused[0].refused)) + f"  [{shown}]")
        elif len(readings) == 1:
            shown = " ".join(f"{p:.3f}" for p in readings[0].probabilities)
            print(f"{path}: {readings[0].digit}  [{shown}]{left_out}")
        else:
            number = "".join(str(r.digit) for r in readings)
            each = " ".join(f"{r.digit}:{r.probabilities.max():.0%}" for r in readings)
            print(f"{path}: {number}  [{each}]{left_out}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
