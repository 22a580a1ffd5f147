"""The offline set-up: the wheelhouse installs cxtools and JupyterLab into a fresh venv with no index."""

from __future__ import annotations

import subprocess
import venv

import pytest

from cxtools.workshop import build_wheelhouse


@pytest.mark.slow
def test_wheelhouse_installs_with_the_network_off(tmp_path):
    wheels = build_wheelhouse(tmp_path / "wheels", platforms=("linux",))
    names = {p.name.split("-")[0].lower() for p in wheels.glob("*.whl")}
    assert {"cxtools", "pandas", "jupyterlab", "statsmodels", "babel"} <= names
    env_dir = tmp_path / "participant"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    done = subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--no-index", "--find-links", str(wheels),
                           "cxtools[lab]"], capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    doctor = subprocess.run([str(python), "-m", "cxtools", "doctor"], capture_output=True, text=True, timeout=300)
    assert doctor.returncode == 0, doctor.stdout + doctor.stderr
    assert "Everything is ready." in doctor.stdout
    lab = subprocess.run([str(python), "-m", "jupyterlab", "--version"], capture_output=True, text=True, timeout=120)
    assert lab.returncode == 0 and lab.stdout.strip()[:1].isdigit()


def test_unknown_platform_gets_did_you_mean(tmp_path):
    from cxtools.core.errors import CxParameterError

    with pytest.raises(CxParameterError, match="did you mean 'windows'"):
        build_wheelhouse(tmp_path, platforms=("window",))
