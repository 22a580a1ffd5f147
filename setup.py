"""Build hook: the wheel carries the notebooks and their data (``cxtools/_bundled/``).

Everything else about the package is declared in ``pyproject.toml``. The notebooks, the sample
data and the workshop's messy export live at the top of the repository (``notebooks/``,
``data/samples/``, ``data/workshop/``), where analysts and the README expect them; the build copies
them into the package so that an installed ``cxtools`` finds them without a checkout
(:mod:`cxtools.core.paths`).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
BUNDLE = {"notebooks": "*.ipynb", "data/samples": "*", "data/workshop": "*"}


class BuildWithBundle(build_py):
    def run(self) -> None:
        super().run()
        target = Path(self.build_lib) / "cxtools" / "_bundled"
        for folder, pattern in BUNDLE.items():
            source = ROOT / folder
            if not source.is_dir():
                continue
            for path in sorted(source.glob(pattern)):
                if path.is_file() and not path.name.startswith("."):
                    destination = target / folder / path.name
                    destination.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(path, destination)


setup(cmdclass={"build_py": BuildWithBundle})
