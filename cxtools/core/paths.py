"""Where the notebooks and the sample data are: in the checkout, or inside the installed package.

A checkout keeps them at the top (``notebooks/``, ``data/samples/``, beside ``cxtools/``); a
wheel carries copies in ``cxtools/_bundled/`` (written by the build, see ``setup.py``), so that
``pip install cxtools`` then ``cxtools run`` works from any folder.

Examples
--------
>>> notebooks_dir().name
'notebooks'
>>> (samples_dir() / "customers.csv").is_file()
True
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["PACKAGE_DIR", "BUNDLE_DIR", "notebooks_dir", "samples_dir", "bundled", "search_places", "checkout_dir"]

#: The installed ``cxtools`` package folder.
PACKAGE_DIR = Path(__file__).resolve().parent.parent
#: The copies a wheel carries.
BUNDLE_DIR = PACKAGE_DIR / "_bundled"
_CHECKOUT = PACKAGE_DIR.parent


def search_places(relative: str) -> list[Path]:
    """Where :func:`bundled` looks for ``relative``, in order: the checkout, then the wheel's bundle.

    Examples
    --------
    >>> [place.parent.name for place in search_places("notebooks")][-1]
    '_bundled'
    """
    return [_CHECKOUT / relative, BUNDLE_DIR / relative]


def bundled(relative: str) -> Path | None:
    """``relative`` (e.g. ``"notebooks"``) in the checkout when it exists there, else in the wheel's bundle.

    ``None`` when neither has it.
    """
    for candidate in search_places(relative):
        if candidate.exists():
            return candidate
    return None


def checkout_dir() -> Path | None:
    """The source checkout this ``cxtools`` runs from (the folder with ``pyproject.toml``); ``None`` when installed."""
    return _CHECKOUT if (_CHECKOUT / "pyproject.toml").is_file() and (_CHECKOUT / "setup.py").is_file() else None


def notebooks_dir() -> Path:
    """The analysis notebooks: the checkout's ``notebooks/`` or the installed copy; ``./notebooks`` else."""
    return bundled("notebooks") or Path.cwd() / "notebooks"


def samples_dir() -> Path:
    """The bundled sample data (``data/samples``): the checkout's or the installed copy; ``./data/samples`` else."""
    return bundled("data/samples") or Path.cwd() / "data" / "samples"
