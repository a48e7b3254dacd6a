"""The set-up: `make run` installs what running needs and nothing of the tests', `make
test` everything the tests need; the Makefile refuses a Python older than 3.11 and
makes .venv again when another Python made it; the browser tests find a browser.

The Makefile runs in a copy of its own in a temporary folder (a fresh clone, as far
as make can tell), mostly as a dry run (`make -n`): nothing is installed."""

import os
import shutil
import stat
import subprocess
import tomllib
from pathlib import Path

import pytest
from packaging.specifiers import SpecifierSet

from tests.conftest import chromium_to_drive

ROOT = Path(__file__).resolve().parents[2]
RUN_PACKAGES = ("gettext", "libpangoft2-1.0-0", "fonts-dejavu-core")
TEST_PACKAGES = ("chromium", "poppler-utils", "libreoffice-calc-nogui", "default-jre-headless")

pytestmark = pytest.mark.skipif(
    not shutil.which("make") and not os.environ.get("CI"), reason="make is not installed"
)


@pytest.fixture
def clone(tmp_path) -> Path:
    """What the Makefile reads of a fresh clone: no .venv, no node_modules."""
    folder = tmp_path / "clone"
    folder.mkdir()
    for name in ("Makefile", "pyproject.toml", "package.json", "package-lock.json"):
        shutil.copy(ROOT / name, folder / name)
    return folder


def make(folder: Path, *arguments: str, path: str = "") -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if not key.startswith("MAKE")}
    if path:
        env["PATH"] = path
    return subprocess.run(
        [shutil.which("make") or "make", "--no-print-directory", "-C", str(folder), *arguments],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


def dry_run(folder: Path, target: str) -> str:
    result = make(folder, "-n", target)
    assert result.returncode == 0, result.stderr
    return result.stdout


def fake_python(folder: Path, version: str, name: str = "") -> Path:
    """A stand-in for Python that says it is `version` (and answers `sys.exit(
    sys.version_info < (3, 11))` as that Python would); `-m venv DIR` makes a .venv of
    itself with a pip that does nothing."""
    too_old = tuple(int(part) for part in version.split(".")) < (3, 11)
    path = folder / (name or f"python{version}")
    path.write_text(
        "#!/bin/sh\n"
        'if [ "$1" = -m ] && [ "$2" = venv ]; then\n'
        '  mkdir -p "$3/bin" && cp "$0" "$3/bin/python"\n'
        '  printf "#!/bin/sh\\n" > "$3/bin/pip" && chmod +x "$3/bin/pip"\n'
        "  exit 0\n"
        "fi\n"
        f'case "$2" in *"version_info <"*) exit {int(too_old)};; esac\n'
        f'[ "$1" = -c ] && echo {version}\n'
    )
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


def test_make_run_installs_nothing_of_the_tests(clone):
    commands = dry_run(clone, "run")
    assert "pip install --quiet --disable-pip-version-check -e .\n" in commands
    assert "[dev]" not in commands
    assert "npm ci --omit=dev" in commands
    assert "npm ci --no-audit" not in commands  # the development packages (axe-core, vnu)
    assert "playwright" not in commands
    for package in RUN_PACKAGES:
        assert package in commands
    for package in TEST_PACKAGES:
        assert package not in commands
    assert "manage.py runserver" in commands


def test_make_test_installs_all_the_tests_need(clone):
    commands = dry_run(clone, "test")
    assert "-e '.[dev]'" in commands
    assert "npm ci --no-audit" in commands
    assert "npm ci --omit=dev" not in commands
    for package in RUN_PACKAGES + TEST_PACKAGES:
        assert package in commands
    assert "playwright install chromium" in commands  # where there is no Debian Chromium
    assert commands.rstrip().endswith("-m pytest")


def test_make_lint_has_the_linters(clone):
    commands = dry_run(clone, "lint")
    assert "-e '.[dev]'" in commands
    assert "ruff check" in commands and "lint-imports" in commands


def test_the_python_is_checked_before_anything_is_installed(clone):
    for target in ("run", "test", "lint"):
        commands = dry_run(clone, target)
        check = commands.index("or newer is needed")
        assert check < commands.index("pip install"), target
        assert "npm" not in commands or check < commands.index("npm"), target


@pytest.mark.parametrize("version", ["3.11", "3.12", "3.13", "3.14"])
def test_pyproject_allows_python(version):
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert version in SpecifierSet(project["requires-python"])


@pytest.mark.parametrize("version", ["3.9", "3.10"])
def test_pyproject_refuses_python(version):
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert version not in SpecifierSet(project["requires-python"])


@pytest.mark.parametrize("version", ["3.9", "3.10"])
def test_the_makefile_refuses_an_old_python(clone, version):
    python = fake_python(clone, version)
    result = make(clone, "python-check", f"PYTHON={python}")
    assert result.returncode != 0
    assert f"is Python {version}" in result.stdout
    assert "3.11 or newer is needed" in result.stdout
    assert str(python) in result.stdout


@pytest.mark.parametrize("version", ["3.11", "3.12", "3.13", "4.0"])
def test_the_makefile_takes_a_new_enough_python(clone, version):
    result = make(clone, "python-check", f"PYTHON={fake_python(clone, version)}")
    assert result.returncode == 0, result.stdout
    assert result.stdout == ""


def test_an_old_python3_gives_way_to_a_newer_python3_x(clone, tmp_path):
    """With no PYTHON given, an old python3 gives way to the newest python3.x found (on
    macOS python3 may well be Apple's 3.9 beside Homebrew's python3.12)."""
    bin_folder = tmp_path / "bin"
    bin_folder.mkdir()
    fake_python(bin_folder, "3.9", "python3")
    result = make(clone, "python-check", path=str(bin_folder))
    assert result.returncode != 0
    assert "'python3' is Python 3.9" in result.stdout

    fake_python(bin_folder, "3.12", "python3.12")
    result = make(clone, "python-check", path=str(bin_folder))
    assert result.returncode == 0, result.stdout
    dry = make(clone, "-n", ".venv/.installed", path=str(bin_folder))
    assert "python3.12 -m venv .venv" in dry.stdout


def test_the_makefile_says_when_there_is_no_python(clone):
    result = make(clone, "python-check", f"PYTHON={clone / 'no-such-python'}")
    assert result.returncode != 0
    assert "not found" in result.stdout


def test_a_venv_of_another_python_is_made_again(clone):
    old = fake_python(clone, "3.10")
    subprocess.run([str(old), "-m", "venv", str(clone / ".venv")], check=True)
    (clone / ".venv" / "left-over").touch()
    (clone / ".venv" / ".installed").touch()  # up to date, but for the wrong Python

    result = make(clone, ".venv/.installed", f"PYTHON={fake_python(clone, '3.12')}")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "Making .venv again" in result.stdout and "made with 3.10" in result.stdout
    assert not (clone / ".venv" / "left-over").exists()
    made = subprocess.run(
        [str(clone / ".venv" / "bin" / "python"), "-c", "version"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert made.stdout.strip() == "3.12"
    assert (clone / ".venv" / ".installed").exists()


def test_a_venv_of_the_same_python_is_kept(clone):
    python = fake_python(clone, "3.12")
    subprocess.run([str(python), "-m", "venv", str(clone / ".venv")], check=True)
    (clone / ".venv" / "left-over").touch()
    (clone / ".venv" / ".installed").touch()

    result = make(clone, "-q", ".venv/.installed", f"PYTHON={python}")
    assert result.returncode == 0, "make would do something"  # -q: 0 when up to date
    result = make(clone, ".venv/.installed-dev", f"PYTHON={python}")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Making .venv again" not in result.stdout
    assert (clone / ".venv" / "left-over").exists()


def test_debians_chromium_is_driven_when_it_is_there(tmp_path, monkeypatch):
    monkeypatch.setenv("CI", "true")
    chromium = tmp_path / "chromium"
    chromium.touch()

    def not_asked():
        raise AssertionError("Playwright's own browser was looked for")

    assert chromium_to_drive(str(chromium), not_asked) == str(chromium)


def test_elsewhere_playwrights_own_chromium_is_driven(tmp_path, monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    own = tmp_path / "playwright-chromium"
    own.touch()
    assert chromium_to_drive(str(tmp_path / "absent"), lambda: str(own)) is None


def test_elsewhere_without_any_chromium_the_browser_tests_are_skipped(tmp_path, monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="playwright install chromium"):
        chromium_to_drive(str(tmp_path / "absent"), lambda: str(tmp_path / "absent too"))


def test_under_ci_a_missing_chromium_fails(tmp_path, monkeypatch):
    monkeypatch.setenv("CI", "true")
    own = tmp_path / "playwright-chromium"
    own.touch()
    with pytest.raises(pytest.fail.Exception, match="apt-get install chromium"):
        chromium_to_drive(str(tmp_path / "absent"), lambda: str(own))
