"""Test-run set-up shared by the tests and the doctests of the package.

The pseudonym salt of :mod:`cxtools.data.privacy` is made on first use in the user's
configuration folder. A test run, including the notebook kernels it starts (they
inherit the environment), must neither write into the real home folder nor depend
on a salt found there, so the run gets a configuration folder of its own, removed
at the end.
"""

from __future__ import annotations

import os
import shutil
import tempfile

_CONFIG_HOME = tempfile.mkdtemp(prefix="cxtools-test-config-")
os.environ["XDG_CONFIG_HOME"] = _CONFIG_HOME


def pytest_unconfigure(config):
    shutil.rmtree(_CONFIG_HOME, ignore_errors=True)
