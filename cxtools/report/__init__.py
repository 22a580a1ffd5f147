"""Headless notebook runs and stakeholder reports.

The package's modules are the steps of a run, in order:

- :mod:`~cxtools.report.notebooks`: find the notebooks and read their titles;
- :mod:`~cxtools.report.parameters`: read each notebook's ``parameters`` cell, convert and
  check the values given (pydantic);
- :mod:`~cxtools.report.execute`: run the kernel (papermill), stop it cleanly on Ctrl-C,
  SIGTERM and SIGHUP, and name the failing cell;
- :mod:`~cxtools.report.publish`: headline metrics (:func:`publish_metrics`, ``metrics.json``
  and its JSON Schema), rows per source (:func:`publish_sources`) and the personal-data gate;
  the two HTML editions come from :mod:`cxtools.report.editions`;
- :mod:`~cxtools.report.index`: the run's ``index.html`` (a Jinja2 template) and ``summary.json``;
- :mod:`~cxtools.report.run`: the whole run, one output folder at a time.

Notebooks publish their headline numbers with :func:`publish_metrics`; the runner
collects them from the executed notebook into ``metrics.json``.
"""

from __future__ import annotations

from cxtools.report.copies import working_copy, write_working_copies
from cxtools.report.execute import RunInterrupted, check_timeout, describe_failure
from cxtools.report.index import render_index, write_summary
from cxtools.report.notebooks import default_notebooks_dir, find_notebooks, list_notebooks, notebook_title
from cxtools.report.parameters import (
    FALSE_WORDS,
    TRUE_WORDS,
    RENAMED_PARAMETERS,
    RENAMED_VALUES,
    NotebookParameter,
    convert_parameter,
    parameter_values,
    read_parameters,
    read_parameters_file,
    resolve_parameters,
)
from cxtools.report.publish import (
    METRICS_MIMETYPE,
    METRICS_SCHEMA_VERSION,
    collect_metrics,
    data_fingerprint,
    measure,
    metrics_schema,
    p_value,
    SOURCES_MIMETYPE,
    collect_sources,
    publish_metrics,
    publish_sources,
    render_html,
    share,
    validate_metrics,
)
from cxtools.report.results import (
    STATUS_FAILED,
    STATUS_OK,
    STATUS_PRIVACY,
    STATUS_SKIPPED,
    STATUS_TIMEOUT,
    NotebookResult,
    RunSummary,
)
from cxtools.report.run import run_notebook, run_notebooks

from cxtools.report import notebooks as _notebooks
from cxtools.report import parameters as _parameters
from cxtools.report import publish as _publish
from cxtools.report import results as _results

# the modules whose whole public API is re-exported here, plus a few names of the others
__all__ = [
    *_publish.__all__,
    *_parameters.__all__,
    *_notebooks.__all__,
    *_results.__all__,
    "RunInterrupted",
    "working_copy",
    "write_working_copies",
    "describe_failure",
    "check_timeout",
    "render_index",
    "write_summary",
    "run_notebook",
    "run_notebooks",
]
