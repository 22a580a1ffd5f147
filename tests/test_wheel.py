"""The package works where it is installed: the wheel carries the notebooks and their data.

Outside a checkout ``cxtools run``, ``list``, ``check`` and ``workshop build`` find the notebooks
and the sample data inside the installed package (``cxtools/_bundled/``, written by the build
hook in ``setup.py``; :mod:`cxtools.core.paths` finds them), and ``cxtools doctor`` says plainly
when a package was installed without them.

The wheel is built once per test session, with pip from a copy of the source tree (so the
checkout gets no ``build/`` folder whose stale files a later build would pick up). The slow
tests install it into a fresh virtual environment with ``--no-index --no-deps``; the
dependencies come from the project's environment through a ``.pth`` file, which adds that
``site-packages`` to the path but does not run the ``.pth`` files there, so the project's editable
``cxtools`` stays out of sight (asserted).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import time
import venv
import zipfile
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
#: What the build copies into ``cxtools/_bundled/`` (``setup.py``): folder -> file pattern.
BUNDLED = {"notebooks": "*.ipynb", "data/samples": "*", "data/workshop": "*"}
#: Not part of a source tree a build should see.
_NOT_SOURCE = shutil.ignore_patterns(".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", "*.pyc",
                                     ".pytest_cache", ".ipynb_checkpoints", "reports", "_bundled", ".envs", "results")


def _run(cmd, *, timeout: float, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([str(c) for c in cmd], capture_output=True, text=True, timeout=timeout, **kwargs)


@pytest.fixture(scope="session")
def wheel_file(tmp_path_factory) -> Path:
    """The cxtools wheel, built as ``python -m pip wheel . --no-deps -w DIR`` (build isolation on)."""
    source = tmp_path_factory.mktemp("source") / "cxtools-src"
    shutil.copytree(REPO_ROOT, source, ignore=_NOT_SOURCE)
    out = tmp_path_factory.mktemp("wheel")
    started = time.monotonic()
    done = _run([sys.executable, "-m", "pip", "wheel", source, "--no-deps", "--quiet", "-w", out], timeout=900)
    assert done.returncode == 0, f"pip wheel failed:\n{done.stderr[-3000:]}"
    wheels = sorted(out.glob("cxtools-*.whl"))
    assert len(wheels) == 1, wheels
    print(f"\nwheel {wheels[0].name}: {wheels[0].stat().st_size / 1e6:.2f} MB, "
          f"built in {time.monotonic() - started:.1f} s")
    return wheels[0]


def _package_files() -> set[str]:
    """Every file of the ``cxtools`` package in the source tree, as the wheel names it."""
    found = set()
    for path in (REPO_ROOT / "cxtools").rglob("*"):
        relative = path.relative_to(REPO_ROOT)
        if path.is_file() and not any(part in ("__pycache__", "_bundled") for part in relative.parts) \
                and path.suffix != ".pyc":
            found.add(relative.as_posix())
    return found


def test_wheel_carries_the_package_data_the_notebooks_and_their_data(wheel_file):
    names = set(zipfile.ZipFile(wheel_file).namelist())
    # the package data pyproject.toml declares: what the runner, the translations and the loaders read
    for needed in ("cxtools/report/templates/index.html.j2", "cxtools/report/metrics.schema.json",
                   "cxtools/locale/ru/LC_MESSAGES/cxtools.po", "cxtools/data/vocabulary/column_roles.json",
                   "cxtools/data/vocabulary/personal_columns.json", "cxtools/data/vocabulary/names_ru.json",
                   "cxtools/core/data/kano_answers.json", "cxtools/data/io/text_words.json",
                   "cxtools/data/description/example.yaml"):
        assert needed in names, f"the wheel lacks {needed}"
    # and every other file of the package: a data file added later without a package-data line fails here
    missing = sorted(_package_files() - names)
    assert not missing, f"files of the package the wheel lacks (add them to pyproject's package-data): {missing}"
    # the notebooks and their data, laid out as in the checkout so that "../data/samples" works
    for folder, pattern in BUNDLED.items():
        expected = sorted(p.name for p in (REPO_ROOT / folder).glob(pattern) if p.is_file())
        assert expected, f"nothing in {folder}"
        carried = sorted(n.rsplit("/", 1)[1] for n in names if n.startswith(f"cxtools/_bundled/{folder}/"))
        assert carried == expected, f"{folder}: the wheel carries {carried}, the checkout has {expected}"


def _copy_of_the_package(tmp_path: Path) -> Path:
    """The ``cxtools`` package alone in a folder: installed without its notebooks and data."""
    site = tmp_path / "site"
    shutil.copytree(REPO_ROOT / "cxtools", site / "cxtools", ignore=_NOT_SOURCE)
    return site


def test_without_its_notebooks_doctor_fails_and_says_where_it_looked(tmp_path):
    site = _copy_of_the_package(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site)}
    done = _run([sys.executable, "-m", "cxtools", "doctor"], timeout=600, cwd=elsewhere, env=env)
    assert done.returncode == 1, done.stdout + done.stderr
    assert re.search(r"^FIX +the notebooks +cxtools cannot find its notebooks: looked in ", done.stdout, re.M), done.stdout
    for place in (site / "notebooks", site / "cxtools" / "_bundled" / "notebooks", elsewhere / "notebooks"):
        assert str(place) in done.stdout, f"doctor does not name {place}:\n{done.stdout}"
    assert re.search(r"^FIX +the sample data +cxtools cannot find its sample data", done.stdout, re.M), done.stdout
    assert "To fix: the notebooks, the sample data." in done.stdout
    assert "Everything is ready." not in done.stdout


def test_without_its_notebooks_list_names_where_it_looked(tmp_path):
    site = _copy_of_the_package(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(site)}
    done = _run([sys.executable, "-m", "cxtools", "list"], timeout=120, cwd=tmp_path, env=env)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "no notebooks folder found: looked in" in done.stderr
    assert str(site / "cxtools" / "_bundled" / "notebooks") in done.stderr
    assert "--notebooks-dir" in done.stderr


# ---------------------------------------------------------------------------------------------
# installed into a fresh virtual environment, used from an empty folder
# ---------------------------------------------------------------------------------------------
class Installed:
    def __init__(self, prefix: Path, workdir: Path, env: dict[str, str]):
        self.prefix, self.workdir, self.env = prefix, workdir, env
        self.bin = prefix / "bin"
        self.site = Path(_run([self.bin / "python", "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                              timeout=60, env=env).stdout.strip())
        self.bundle = self.site / "cxtools" / "_bundled"

    def cxtools(self, *args, timeout: float = 900) -> subprocess.CompletedProcess:
        return _run([self.bin / "cxtools", *args], timeout=timeout, cwd=self.workdir, env=self.env)


@pytest.fixture(scope="module")
def installed(wheel_file, tmp_path_factory) -> Installed:
    prefix = tmp_path_factory.mktemp("venv") / "fresh"
    started = time.monotonic()
    venv.create(prefix, with_pip=False)
    python = prefix / "bin" / "python"
    site = Path(_run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], timeout=60).stdout.strip())
    ours = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (site / "project-dependencies.pth").write_text("\n".join(sorted(ours)) + "\n", encoding="utf-8")
    done = _run([sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-index", "--no-deps",
                 wheel_file], timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    print(f"\nfresh venv with the wheel installed in {time.monotonic() - started:.1f} s")
    workdir = tmp_path_factory.mktemp("empty")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    env["PATH"] = f"{prefix / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    # the dependencies' data files (nbconvert's HTML templates) sit under the project environment's
    # prefix, where an ordinary installation would have put them under the fresh one
    env["JUPYTER_PATH"] = str(Path(sys.prefix) / "share" / "jupyter")
    return Installed(prefix, workdir, env)


@pytest.mark.slow
def test_the_installed_cxtools_is_the_wheel_not_the_checkout(installed):
    # in the command's own Python and in the kernel the notebooks run in
    code = ("import cxtools, json, nbformat; from nbclient import NotebookClient; "
            "nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell('import cxtools; print(cxtools.__file__)')]); "
            "NotebookClient(nb, kernel_name='python3').execute(); "
            "print(json.dumps([cxtools.__file__, nb.cells[0].outputs[0]['text'].strip()]))")
    done = _run([installed.bin / "python", "-c", code], timeout=300, cwd=installed.workdir, env=installed.env)
    assert done.returncode == 0, done.stderr
    module, in_kernel = json.loads(done.stdout.strip().splitlines()[-1])
    assert Path(module).is_relative_to(installed.site), f"cxtools imported from {module}, not the fresh venv"
    assert Path(in_kernel).is_relative_to(installed.site), f"the kernel imports cxtools from {in_kernel}"
    assert not any(installed.workdir.iterdir()), "the working folder is not empty"


@pytest.mark.slow
def test_installed_list_shows_the_bundled_notebooks(installed):
    done = installed.cxtools("list", timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    listed = re.findall(r"^(\d\d_\w+) -- ", done.stdout, re.M)
    assert listed == sorted(p.stem for p in (REPO_ROOT / "notebooks").glob("*.ipynb"))


@pytest.mark.slow
def test_installed_check_on_the_bundled_samples(installed):
    samples = installed.bundle / "data" / "samples"
    # the notebooks' default data_dir, "../data/samples" beside the notebooks, is the bundled sample
    assert (installed.bundle / "notebooks" / ".." / "data" / "samples").resolve() == samples.resolve()
    done = installed.cxtools("check", "--data", samples, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.search(r"no problems; (\d+) of \1 notebook sections will run", done.stdout), done.stdout


@pytest.mark.slow
def test_installed_run_writes_a_report_from_the_bundled_data(installed):
    started = time.monotonic()
    done = installed.cxtools("run", "00_data_overview", "--out", "OUT", "--lang", "en")
    print(f"\none notebook run from the installed package in {time.monotonic() - started:.1f} s")
    assert done.returncode == 0, done.stdout + done.stderr[-3000:]
    out = installed.workdir / "OUT"
    for name in ("index.html", "summary.json", "00_data_overview/00_data_overview.html",
                 "00_data_overview/metrics.json", "00_data_overview/00_data_overview.ipynb"):
        assert (out / name).is_file(), f"no {name} in the run's output"
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    [entry] = summary["notebooks"]
    assert entry["status"] == "ok"
    customers = (installed.bundle / "data" / "samples" / "customers.csv").read_text(encoding="utf-8").count("\n") - 1
    assert entry["metrics"]["customers"] == customers  # read from the bundled sample
    assert sorted(p.name for p in (installed.bundle / "notebooks").iterdir()) == sorted(
        p.name for p in (REPO_ROOT / "notebooks").glob("*.ipynb")), "the run wrote into the installed package"


@pytest.mark.slow
def test_installed_workshop_build_writes_the_kit(installed):
    done = installed.cxtools("workshop", "build", "--out", "KIT", timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr[-3000:]
    kit = installed.workdir / "KIT"
    assert sorted(p.name for p in (kit / "notebooks").glob("*.ipynb")) == sorted(
        p.name for p in (REPO_ROOT / "notebooks").glob("*.ipynb"))
    assert (kit / "data" / "samples" / "customers.csv").is_file()
    assert (kit / "data" / "workshop" / "messy_survey_export.csv").is_file()
    assert (kit / "README.md").is_file()


@pytest.mark.slow
def test_installed_doctor_is_satisfied(installed):
    done = installed.cxtools("doctor", timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    count = len(list((REPO_ROOT / "notebooks").glob("*.ipynb")))
    assert re.search(rf"^ok +the notebooks +{count} in {re.escape(str(installed.bundle / 'notebooks'))}$",
                     done.stdout, re.M), done.stdout
    assert re.search(rf"^ok +the sample data +{re.escape(str(installed.bundle / 'data' / 'samples'))}$",
                     done.stdout, re.M), done.stdout
    assert "Everything is ready." in done.stdout
