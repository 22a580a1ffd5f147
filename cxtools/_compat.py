"""Aliases of moved modules, kept for one release: the old name still works, with a FutureWarning.

Examples
--------
>>> import warnings
>>> with warnings.catch_warnings(record=True) as caught:
...     warnings.simplefilter("always")
...     from cxtools import wording
...     wording.format_percent(0.5)
'50%'
>>> "cxtools.core.wording" in str(caught[-1].message)
True
"""

from __future__ import annotations

import importlib
import warnings
from typing import Any, Callable


def moved(old: str, new: str) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """``__getattr__`` and ``__dir__`` for the alias module ``old`` of the module now at ``new``."""

    def __getattr__(name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        warnings.warn(f"{old} is now {new}: import {name} from there; {old} will stop working in the next "
                      "release", FutureWarning, stacklevel=2)
        return getattr(importlib.import_module(new), name)

    def __dir__() -> list[str]:
        return sorted(getattr(importlib.import_module(new), "__all__", []))

    return __getattr__, __dir__
