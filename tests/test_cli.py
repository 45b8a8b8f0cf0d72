import json

from PIL import Image

from model.cli import main


def test_train_evaluate_predict(small_npz, mnist, tmp_path, capsys):
    out = tmp_path / "book.keras"
    # seeded: the three easy digits below must not hang on one unlucky start
    assert main(["train", "--arch", "book", "--epochs", "2", "--seed", "0",
                 "--data", str(small_npz), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "Epoch 1/2 - " in printed and "Epoch 2/2 - " in printed
    accuracy = float(printed.split("test_acc: ")[1].split()[0])
    assert accuracy > 0.8 and out.is_file() and out.with_suffix(".json").is_file()
    calibration = printed.split("calibration: temperature ")[1].split(",")[0]
    sidecar = json.loads(out.with_suffix(".json").read_text())
    assert calibration == f"{sidecar['temperature']:.2f}"  # the one the model is used with

    assert main(["evaluate", "--model", str(out), "--data", str(small_npz)]) == 0
    evaluated = capsys.readouterr().out
    assert f"test_acc: {accuracy:.4f}" in evaluated
    assert f"calibration: temperature {calibration}," in evaluated

    images = []
    for index in range(3):
        path = tmp_path / f"digit{index}.png"
        Image.fromarray(mnist.x_test[index]).save(path)
        images.append(str(path))
    assert main(["predict", "--model", str(out), *images]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 3 and lines[0].startswith(images[0])
    for line, label in zip(lines, mnist.y_test[:3]):
        said = int(line.split(": ")[1].split()[0])
        probabilities = [float(p) for p in line.split("[")[1].rstrip("]").split()]
        assert len(probabilities) == 10 and said == max(range(10), key=probabilities.__getitem__)
        assert said == label  # three easy test digits, for a model at > 80 %


def test_errors_are_one_clear_line(tmp_path, capsys):
    broken = tmp_path / "broken.keras"
    broken.write_bytes(b"nope")
    assert main(["evaluate", "--model", str(broken)]) == 1
    error = capsys.readouterr().err.strip()
    assert error.count("\n") == 0 and "not a Keras model file" in error
    assert main(["train", "--data", str(tmp_path / "none.npz"), "--out", "x.keras"]) == 1
    assert "no such file" in capsys.readouterr().err


def test_a_second_stage_continues_from_a_saved_model(small_npz, tmp_path, capsys):
    import json

    first, second = tmp_path / "first.keras", tmp_path / "second.keras"
    assert main(["train", "--arch", "book", "--epochs", "1", "--seed", "1", "--data",
                 str(small_npz), "--out", str(first)]) == 0
    before = float(capsys.readouterr().out.split("test_acc: ")[1].split()[0])
    assert main(["train", "--arch", "book", "--epochs", "1", "--seed", "1", "--init",
                 str(first), "--forms", "500", "--data", str(small_npz),
                 "--out", str(second)]) == 0
    printed = capsys.readouterr().out
    first_epoch = float(printed.split("accuracy: ")[1].split()[0])
    assert first_epoch > 0.88  # it starts where the first stage ended, not from scratch
    assert float(printed.split("test_acc: ")[1].split()[0]) > before - 0.03
    recipe = json.loads(second.with_suffix(".json").read_text())["recipe"]
    assert "continued from first.keras" in recipe and "500 generated digits" in recipe
