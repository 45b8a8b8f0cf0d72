"""Installing DigitPad like desktop software: the Debian package checked as a distribution
checks one, installed, run and removed; the compressed download unpacked and run; the map of
the modules kept true.

The package and the archive come from `make deb dist` (after `make package`); without them
those tests skip, naming the command. Installing needs root and apt (CI runs them so, after
building: .ci/run)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DIST = ROOT / "dist"
sys.path.insert(0, str(ROOT / "packaging"))
import deb  # noqa: E402  (packaging/deb.py: what the package holds)


def version() -> str:
    with open(ROOT / "pyproject.toml", "rb") as file:
        return tomllib.load(file)["project"]["version"]


def built(pattern: str, command: str) -> Path:
    found = sorted(DIST.glob(pattern))
    if not found:
        pytest.skip(f"no {pattern} in dist/: `{command}` builds it (CI does, then runs these)")
    return found[-1]


def tool(name: str, package: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (Debian package {package}; `make install-check` "
                    "installs it)")
    return path


def test_the_version_has_one_place():
    import model

    assert model.__version__ == deb.version() == version()


def test_the_architecture_map_names_every_module():
    """docs/ARCHITECTURE.md's table names every file of gui/ and model/ with what it owns."""
    named = set()
    for line in (ROOT / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8").splitlines():
        if not line.startswith("| `"):
            continue
        cell = line.split("|")[1]
        names = re.findall(r"`([^`]+\.py)`", cell)
        package = names[0].rsplit("/", 1)[0] if names and "/" in names[0] else None
        named |= {name if "/" in name else f"{package}/{name}" for name in names}
    modules = {p.relative_to(ROOT).as_posix() for folder in ("gui", "model")
               for p in (ROOT / folder).rglob("*.py")}
    assert sorted(modules - named) == []
    assert sorted(named - modules) == []  # and names no module that is gone


def test_the_desktop_entry_is_valid():
    validate = tool("desktop-file-validate", "desktop-file-utils")
    checked = subprocess.run([validate, str(ROOT / "packaging" / "digitpad.desktop")],
                             capture_output=True, text=True)
    assert checked.returncode == 0 and checked.stdout.strip() == "", checked.stdout


@pytest.mark.parametrize("homepage", [None, "https://digitpad.example.org"])
def test_the_appstream_metainfo_is_valid(tmp_path, homepage):
    validate = tool("appstreamcli", "appstream")
    path = tmp_path / f"{deb.APP_ID}.metainfo.xml"
    path.write_text(deb.metainfo(homepage), encoding="utf-8")
    checked = subprocess.run([validate, "validate", "--no-net", "--pedantic", str(path)],
                             capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout
    assert (homepage is None) == ("<screenshot" not in path.read_text())


def test_the_package_holds_the_app_where_a_desktop_finds_it():
    package = built(f"digitpad_{version()}_amd64.deb", "make deb")
    listing = subprocess.run(["dpkg-deb", "--contents", str(package)], capture_output=True,
                             text=True, check=True).stdout
    for path in ("./opt/digitpad/digitpad", "./usr/bin/digitpad -> /opt/digitpad/digitpad",
                 "./usr/bin/digitpad-train -> /opt/digitpad/digitpad",
                 "./usr/share/man/man1/digitpad.1.gz",
                 f"./usr/share/applications/{deb.APP_ID}.desktop",
                 "./usr/share/icons/hicolor/256x256/apps/digitpad.png",
                 "./usr/share/icons/hicolor/scalable/apps/digitpad.svg",
                 f"./usr/share/metainfo/{deb.APP_ID}.metainfo.xml",
                 "./usr/share/doc/digitpad/copyright",
                 "./opt/digitpad/_internal/assets/translations/digitpad_ko.qm"):
        assert path in listing, path
    fields = subprocess.run(["dpkg-deb", "--field", str(package)], capture_output=True,
                            text=True, check=True).stdout
    assert f"Version: {version()}" in fields and "libxcb-cursor0" in fields


def test_lintian_finds_no_errors():
    package = built(f"digitpad_{version()}_amd64.deb", "make deb")
    lintian = tool("lintian", "lintian")
    checked = subprocess.run([lintian, "--fail-on", "error", str(package)],
                             capture_output=True, text=True)
    errors = [line for line in checked.stdout.splitlines() if line.startswith("E:")]
    assert errors == [] and checked.returncode == 0, checked.stdout


def owned_paths(package: Path) -> list[Path]:
    listing = subprocess.run(["dpkg-deb", "--contents", str(package)], capture_output=True,
                             text=True, check=True).stdout
    paths = []
    for line in listing.splitlines():
        name = line.split(None, 5)[5].split(" -> ")[0]
        path = Path("/") / name.lstrip("./")
        if not line.startswith("d"):
            paths.append(path)
    return paths


@pytest.mark.skipif(os.geteuid() != 0 or shutil.which("apt-get") is None,
                    reason="installing a .deb needs root and apt (CI runs it so)")
def test_the_package_installs_runs_and_removes_cleanly(tmp_path):
    package = built(f"digitpad_{version()}_amd64.deb", "make deb")
    environment = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "install", "-y", "-qq", str(package)], check=True,
                   env=environment, capture_output=True)
    try:
        for command in ("digitpad", "digitpad-train"):
            assert shutil.which(command, path="/usr/bin") == f"/usr/bin/{command}"
        ran = subprocess.run(["/usr/bin/digitpad", "--self-test"], cwd=tmp_path,
                             capture_output=True, text=True, timeout=600,
                             env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
        assert ran.returncode == 0 and "self-test passed" in ran.stdout, ran.stdout + ran.stderr
        helped = subprocess.run(["/usr/bin/digitpad-train", "--help"], cwd=tmp_path,
                                capture_output=True, text=True, timeout=300)
        assert helped.returncode == 0 and "train" in helped.stdout
    finally:
        subprocess.run(["apt-get", "remove", "-y", "-qq", "digitpad"], check=True,
                       env=environment, capture_output=True)
    left = [str(path) for path in owned_paths(package) if path.exists() or path.is_symlink()]
    assert left == [] and not Path("/opt/digitpad").exists()


def test_the_download_unpacks_anywhere_and_runs(tmp_path):
    archive = built(f"DigitPad-{version()}-linux-x86_64.tar.zst", "make dist")
    checksum = archive.with_name(archive.name + ".sha256").read_text().split()[0]
    digest = subprocess.run(["sha256sum", str(archive)], capture_output=True, text=True,
                            check=True).stdout.split()[0]
    assert digest == checksum
    subprocess.run(["tar", "--zstd", "-xf", str(archive), "-C", str(tmp_path)], check=True)
    elsewhere = tmp_path / "somewhere-else"
    elsewhere.mkdir()
    ran = subprocess.run([str(tmp_path / "DigitPad" / "digitpad"), "--self-test"],
                         cwd=elsewhere, capture_output=True, text=True, timeout=600,
                         env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    assert ran.returncode == 0 and "self-test passed" in ran.stdout, ran.stdout + ran.stderr
