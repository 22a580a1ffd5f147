"""Shared test set-up: a headless plotting backend and the project's paths."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

# Headless plotting everywhere, including notebook kernels started by the runner tests
# (kernels inherit the environment).
os.environ.setdefault("MPLBACKEND", "Agg")

#: The repository root (the folder holding pyproject.toml).
REPO_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The repository root."""
    return REPO_ROOT


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    """The bundled sample data (``data/samples``)."""
    return REPO_ROOT / "data" / "samples"


@pytest.fixture(scope="session")
def notebooks_dir() -> Path:
    """The project's notebooks (``notebooks/``)."""
    return REPO_ROOT / "notebooks"


@pytest.fixture(scope="session")
def fixture_notebooks() -> Path:
    """Tiny notebooks for the report runner's tests (``tests/fixtures``)."""
    return REPO_ROOT / "tests" / "fixtures"


@pytest.fixture(scope="session")
def python() -> str:
    """The Python running the tests (the project's venv), for subprocesses."""
    return sys.executable
