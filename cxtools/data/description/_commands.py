"""The ``cxtools init`` and ``cxtools check`` commands (the parser lives in :mod:`cxtools.cli`)."""

from __future__ import annotations

import sys
from pathlib import Path

from cxtools.core.errors import CxParameterError

EXIT_OK, EXIT_FAILED = 0, 1


def run_init(data, *, config=None, force: bool = False, out=None) -> int:
    """Write a draft description for the folder ``data``; print where and what to do next."""
    from cxtools.data.description.draft import write_draft

    out = out or sys.stdout
    folder = Path(data)
    if not folder.is_dir():
        raise CxParameterError(f"--data {str(data)!r} is not a folder")
    target = write_draft(folder, config=config, force=force)
    text = target.read_text(encoding="utf-8")
    sources = [line.split(":")[0] for line in text.splitlines()
               if line and not line.startswith((" ", "#")) and line.split(":")[0] in
               ("transactions", "subscriptions", "customers", "survey", "kano", "incidents", "operations", "employees",
                "units", "customer_units")]
    n_open = text.count("# TO DECIDE")
    print(f"draft data description written to {target}", file=out)
    print(f"  sources recognised: {', '.join(sources) if sources else 'none'}", file=out)
    points = "1 point to decide is" if n_open == 1 else f"{n_open} points to decide are"
    print(f"  {points} marked 'TO DECIDE' in the file; currency and language are not "
          "detected", file=out)
    check_cmd = f"cxtools check --data {data}" + (f" --config {config}" if config else "")
    print(f"next: review it, then run `{check_cmd}`", file=out)
    return EXIT_OK


def run_check(data, *, config=None, out=None) -> int:
    """Validate description and files, print the plan; 0 when no problem was found, else 1."""
    from cxtools.data.description._plan import check

    out = out or sys.stdout
    folder = Path(data)
    if not folder.is_dir():
        raise CxParameterError(f"--data {str(data)!r} is not a folder")
    result = check(folder, config=config)
    print(result.report(), file=out)
    return EXIT_OK if result.ok else EXIT_FAILED
