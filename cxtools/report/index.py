"""The run's landing page (``index.html``, from the Jinja2 template ``templates/index.html.j2``)
and ``summary.json``."""

from __future__ import annotations

import json
import os
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Sequence

from cxtools.report.results import NotebookResult, RunSummary

__all__ = ["render_index", "write_summary", "SUMMARY_FILE", "INDEX_FILE"]

SUMMARY_FILE, INDEX_FILE = "summary.json", "index.html"
TEMPLATES = Path(__file__).with_name("templates")


def _environment():
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    # autoescape: titles, errors and parameters come from notebooks and users
    return Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(default=True),
                       keep_trailing_newline=True)


def previous_good(report_dir: Path) -> str | None:
    """When the report in ``report_dir`` was made (``run.finished`` of its metrics.json), if it has one."""
    try:
        info = json.loads((report_dir / "metrics.json").read_text(encoding="utf-8"))
        return info.get("run", {}).get("finished")
    except (OSError, ValueError, AttributeError):
        return None


def previous_metrics(report_dir: Path) -> dict[str, Any]:
    try:
        info = json.loads((report_dir / "metrics.json").read_text(encoding="utf-8"))
        metrics = info.get("metrics", {})
        return metrics if isinstance(metrics, dict) else {}
    except (OSError, ValueError, AttributeError):
        return {}


def render_index(results: Sequence[NotebookResult], *, out_dir: "str | os.PathLike[str] | None" = None) -> str:
    """The ``index.html`` of a run: each notebook's title, status, duration, link and error.

    A failed notebook links to its last good report (if any) and, when ``out_dir``
    holds it, to the executed notebook up to the error (``<stem>.failed.ipynb``).

    Notebooks with a report in ``out_dir`` that were not part of this run are listed
    too, as "from an earlier run".
    """
    rows = []
    seen = set()
    for r in results:
        seen.add(r.notebook)
        failed_copy = f"{r.notebook}/{r.notebook}.failed.ipynb"
        has_copy = not r.ok and out_dir is not None and (Path(out_dir) / failed_copy).is_file()
        rows.append({
            "title": r.title, "notebook": r.notebook, "ok": r.ok, "status": r.status, "duration": r.duration,
            "last_good": r.last_good, "report": r.report, "link_label": "report" if r.ok else "last good report",
            "failed_copy": failed_copy if has_copy else None, "error": r.error, "earlier": None,
        })
    if out_dir is not None:
        for folder in sorted(p for p in Path(out_dir).iterdir() if p.is_dir() and not p.name.startswith(".")):
            if folder.name in seen or not (folder / f"{folder.name}.html").exists():
                continue
            try:
                title = json.loads((folder / "metrics.json").read_text(encoding="utf-8"))["run"]["title"]
            except (OSError, ValueError, KeyError, TypeError):
                title = folder.name
            rows.append({
                "title": title, "notebook": folder.name, "ok": True, "status": "ok", "duration": 0.0,
                "last_good": None, "report": f"{folder.name}/{folder.name}.html", "link_label": "report",
                "failed_copy": None, "error": None, "earlier": previous_good(folder) or "an earlier run",
            })
    page = _environment().get_template("index.html.j2").render(
        rows=rows, n_ok=sum(r.ok for r in results), n_run=len(results),
        generated=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
    )
    return page


def _write_atomically(path: Path, text: str) -> None:
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)


def write_summary(summary: RunSummary, out_dir: "str | os.PathLike[str]") -> None:
    """Write ``summary.json`` (every report's headline metrics) and ``index.html`` into ``out_dir``."""
    from cxtools.report.publish import METRICS_SCHEMA_VERSION

    out = Path(out_dir)
    data = {
        "schema_version": METRICS_SCHEMA_VERSION,
        "finished": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "ok": summary.ok,
        "notebooks": [r.to_dict() for r in summary.results],
    }
    _write_atomically(out / SUMMARY_FILE, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    _write_atomically(out / INDEX_FILE, render_index(summary.results, out_dir=out))
