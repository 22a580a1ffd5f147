"""What a run produced: one :class:`NotebookResult` per notebook, gathered in a :class:`RunSummary`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from cxtools.report.jsonvalues import jsonable

__all__ = ["STATUS_OK", "STATUS_SKIPPED", "STATUS_FAILED", "STATUS_TIMEOUT", "STATUS_PRIVACY", "NotebookResult",
           "RunSummary"]

STATUS_OK = "ok"
#: The notebook had none of the inputs it needs (it raised :class:`cxtools.core.errors.CxNotebookSkipped`).
STATUS_SKIPPED = "skipped"
STATUS_FAILED = "failed"
STATUS_TIMEOUT = "timed out"
STATUS_PRIVACY = "privacy check failed"


@dataclass(frozen=True)
class NotebookResult:
    """What happened to one notebook in a run.

    Attributes
    ----------
    notebook : str
        The notebook's file stem, also the name of its report folder.
    title : str
        The notebook's first heading.
    status : str
        ``"ok"``, ``"skipped"`` (none of its inputs was provided; ``error`` says what it
        needs), ``"failed"``, ``"timed out"`` or ``"privacy check failed"``.
    duration : float
        Seconds the run took.
    error : str or None
        What went wrong (or, for a skipped notebook, what it needs), in words, scrubbed of
        personal data.
    parameters : mapping
        Every parameter the notebook ran with (defaults included), as recorded.
    report : str or None
        Path of the report (this run's or the last good one), relative to the output folder.
    last_good : str or None
        When the report still shown was made, if this run failed.
    metrics : mapping
        The headline metrics of the report shown (this run's, or the last good one's).
    analyst : str or None
        Path of the analyst edition (HTML, code folded), relative to the output folder: the
        report's, or for a failed notebook the executed notebook up to the error.
    pdf : str or None
        Path of the PDF print of the stakeholder report, when one was made.
    """

    notebook: str
    title: str
    status: str
    duration: float
    error: str | None
    parameters: Mapping[str, Any] = field(default_factory=dict)
    report: str | None = None
    last_good: str | None = None
    metrics: Mapping[str, Any] = field(default_factory=dict)
    analyst: str | None = None
    pdf: str | None = None

    @property
    def ok(self) -> bool:
        return self.status == STATUS_OK

    @property
    def skipped(self) -> bool:
        return self.status == STATUS_SKIPPED

    @property
    def status_text(self) -> str:
        """The status as a reader sees it: ``"ok"``, ``"skipped: needs ..."``, ``"failed"``."""
        if self.skipped and self.error:
            return self.error if self.error.startswith("skipped") else f"skipped: {self.error}"
        return self.status

    def to_dict(self) -> dict[str, Any]:

        return {
            "notebook": self.notebook,
            "title": self.title,
            "status": self.status,
            "duration_seconds": round(self.duration, 2),
            "error": self.error,
            "parameters": jsonable(dict(self.parameters), "parameters"),
            "report": self.report,
            "last_good": self.last_good,
            "metrics": jsonable(dict(self.metrics), "metrics"),
            "analyst": self.analyst,
            "pdf": self.pdf,
        }


@dataclass(frozen=True)
class RunSummary:
    """The outcome of :func:`run_notebooks`: one :class:`NotebookResult` per notebook.

    Examples
    --------
    >>> summary = RunSummary((
    ...     NotebookResult("00_data_overview", "Data overview", "ok", 7.5, None),
    ...     NotebookResult("02_herzberg", "Drivers", "skipped", 1.2, "needs survey answers (survey)"),
    ...     NotebookResult("03_survey", "Survey metrics", "failed", 2.1, "cell 4 of 30: KeyError: 'nps'"),
    ... ), "reports")
    >>> summary.exit_code
    1
    >>> print(summary.table())
    notebook          status   duration  error
    ----------------  -------  --------  -----
    00_data_overview  ok       7.5 s
    02_herzberg       skipped  1.2 s     needs survey answers (survey)
    03_survey         failed   2.1 s     cell 4 of 30: KeyError: 'nps'
    >>> RunSummary(summary.results[:2], "reports").exit_code
    0
    """

    results: tuple[NotebookResult, ...]
    out_dir: str

    @property
    def ok(self) -> bool:
        """Nothing failed: every notebook ran or was skipped for want of its inputs."""
        return all(r.ok or r.skipped for r in self.results)

    @property
    def exit_code(self) -> int:
        """0 when nothing failed (skipped notebooks do not count as failures), else 1."""
        return 0 if self.ok else 1

    def to_frame(self):
        import pandas as pd

        return pd.DataFrame([r.to_dict() for r in self.results],
                            columns=["notebook", "title", "status", "duration_seconds", "error",
                                     "parameters", "report", "last_good", "metrics", "analyst", "pdf"])

    def table(self) -> str:
        """A plain-text table: notebook, status, duration, error."""
        rows = [("notebook", "status", "duration", "error")]
        for r in self.results:
            error = (r.error or "").replace("\n", " ")
            status, error = (r.status, error) if not r.skipped else (r.status, error.removeprefix("skipped: "))
            rows.append((r.notebook, status, f"{r.duration:.1f} s", error[:160]))
        widths = [max(len(row[i]) for row in rows) for i in range(3)]
        lines = []
        for i, row in enumerate(rows):
            lines.append("  ".join(cell.ljust(widths[j]) for j, cell in enumerate(row[:3])) + "  " + row[3])
            if i == 0:
                lines.append("  ".join("-" * w for w in widths) + "  " + "-" * 5)
        return "\n".join(line.rstrip() for line in lines)

    def __repr__(self) -> str:
        n_ok = sum(r.ok for r in self.results)
        return f"RunSummary({n_ok} of {len(self.results)} notebooks ok)\n{self.table()}"
