"""What a data folder holds and what its loaders set aside: the numbers of the data overview.

Every function takes the :class:`~cxtools.data.description.DataDescription` of the folder and the
loaded sources, so the overview works on whatever the folder provides (any of customers,
contracts, transactions, survey, Kano, incidents, operations, employees). The stakeholder
tables and sentences built from these are in :mod:`cxtools.narrative.overview` and
:mod:`cxtools.narrative.sources`.

Main entry points: :func:`load_sources`, :func:`personal_columns`, :func:`date_ranges`,
:func:`missing_requirements`, :func:`rows_metrics`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from cxtools.core.errors import CxError
from cxtools.data.description import SECTIONS, default_as_of, plan
from cxtools.data.privacy import find_personal_columns, is_personal_column

__all__ = [
    "SourceLoads",
    "load_sources",
    "personal_columns",
    "date_ranges",
    "requirement_met",
    "missing_requirements",
    "rows_metrics",
]


@dataclass(frozen=True)
class SourceLoads:
    """Every provided source loaded with the description's settings.

    Attributes
    ----------
    results : dict of str to LoadResult
        Sources that were read (accepted and rejected rows).
    errors : dict of str to str
        Sources that are described and present but could not be read, with the reason.
    as_of : Timestamp or None
        The as-of date the loaders used (later dates are rejected).
    """

    results: Mapping[str, Any] = field(default_factory=dict)
    errors: Mapping[str, str] = field(default_factory=dict)
    as_of: Any = None

    def __getitem__(self, name: str):
        return self.results[name]

    def __contains__(self, name: str) -> bool:
        return name in self.results

    @property
    def n_read(self) -> int:
        return sum(r.n_read for r in self.results.values())

    @property
    def n_rejected(self) -> int:
        return sum(r.n_rejected for r in self.results.values())

    def to_frame(self):
        """One row per source: ``source``, ``n_read``, ``n_accepted``, ``n_rejected``, ``error``."""
        import pandas as pd

        rows = [(k, r.n_read, r.n_accepted, r.n_rejected, None) for k, r in self.results.items()]
        rows += [(k, None, None, None, e) for k, e in self.errors.items()]
        return pd.DataFrame(rows, columns=["source", "n_read", "n_accepted", "n_rejected", "error"])

    def __repr__(self) -> str:
        return f"SourceLoads({list(self.results)}, errors={list(self.errors)}, as_of={self.as_of})"


def load_sources(description, *, as_of=None) -> SourceLoads:
    """Load every source the description provides; a source that cannot be read is recorded, not raised.

    Parameters
    ----------
    description : DataDescription
    as_of : date-like, optional
        End of the observation window (default: the description's, else the last date in
        the data, see :func:`cxtools.data.description.default_as_of`).

    Returns
    -------
    SourceLoads

    Examples
    --------
    >>> import pathlib, tempfile
    >>> import pandas as pd
    >>> from cxtools.data.description import load_description
    >>> export = pd.DataFrame({"transaction_id": ["T1", "T2"], "customer_id": ["C1", "C1"],
    ...                        "timestamp": ["2024-01-02", "2024-02-03"], "amount": ["10", "x"]})
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> export.to_csv(folder / "transactions.csv", index=False)
    >>> loads = load_sources(load_description(folder))
    >>> loads.to_frame()[["source", "n_read", "n_accepted", "n_rejected"]]
             source  n_read  n_accepted  n_rejected
    0  transactions       2           1           1
    >>> str(loads.as_of.date())
    '2024-01-02'
    """
    try:
        as_of = default_as_of(description, as_of if as_of not in ("", None) else None)
    except CxError:
        as_of = None
    results, errors = {}, {}
    for name in description.sources:
        if not description.has(name):
            continue
        try:
            results[name] = description.load(name, as_of=as_of)
        except CxError as exc:  # say why, without this machine's folders
            errors[name] = str(exc).replace(str(description.data_dir.resolve()), description.data_dir.name).replace(
                str(description.data_dir), description.data_dir.name)
    return SourceLoads(results, errors, as_of)


def personal_columns(description, name: str, columns) -> set[str]:
    """Columns of source ``name`` (loaded names) that hold personal data.

    Declared personal in the description, named like personal data, or found personal by
    :func:`cxtools.data.privacy.find_personal_columns` in the source's file.
    """

    found = set(description.personal_columns.get(name, []))
    found |= {c for c in columns if is_personal_column(c)}
    path = description.path(name)
    rename = description.columns(name)
    try:
        table = find_personal_columns(path.parent, declared=None)
    except (CxError, OSError, ValueError):  # a file the scan cannot read: the declared and named columns remain
        table = None
    if table is not None and len(table):
        mine = table[table["file"].astype(str).map(lambda f: path.name == f.split("/")[-1])]
        found |= {rename.get(c, c) for c in mine["column"]}
    return found


def requirement_met(description, requirement: str) -> bool:
    """Whether the description provides ``requirement`` (a source, ``survey.<role>``, ``any`` or ``customer_value``)."""
    if requirement == "any":
        return any(description.has(s) for s in description.sources)
    if requirement == "customer_value":
        return description.has("subscriptions") or description.has("transactions")
    if requirement.startswith("survey."):
        return description.has("survey") and bool(getattr(description.survey, requirement.split(".", 1)[1]))
    return description.has(requirement)


def missing_requirements(description, notebook: str, section: str, *, runs: bool) -> list[str]:
    """The requirements of a section the data do not meet.

    For a section that runs, its optional inputs that are absent (it runs without them); for a
    skipped one, its needed inputs that are absent. Empty for a section the registry does not know.
    """
    entry = {sec.name: sec for sec in SECTIONS.get(notebook, [])}.get(section)
    if entry is None:
        return []
    wanted = entry.optional if runs else entry.needs
    return [r for r in wanted if not requirement_met(description, r)]


def date_ranges(loads: SourceLoads):
    """First and last date of every date column of the accepted rows, per source.

    Returns
    -------
    DataFrame
        ``source``, ``column``, ``first``, ``last``, ``rows`` (dates present).
    """
    import pandas as pd

    rows = []
    for name, res in loads.results.items():
        for col in res.data.columns:
            values = res.data[col]
            if not pd.api.types.is_datetime64_any_dtype(values) or values.notna().sum() == 0:
                continue
            rows.append({"source": name, "column": str(col), "first": values.min(), "last": values.max(),
                         "rows": int(values.notna().sum())})
    return pd.DataFrame(rows, columns=["source", "column", "first", "last", "rows"])


def rows_metrics(loads: SourceLoads, description=None) -> dict:
    """The metrics the overview publishes: rows per source and what later reports will run.

    ``{"sources": {name: {"read", "accepted", "rejected"}}, "rows_read": {name: n}, "rows_accepted": ...,
    "rows_rejected": ..., "unreadable_sources": [...], "as_of": "YYYY-MM-DD" or None,
    "sections_run": n, "sections_skipped": n}``, plus the accepted rows of ``customers``,
    ``survey_responses`` and ``transactions`` when those sources are provided.
    """
    out: dict[str, Any] = {
        "sources": {name: {"read": int(r.n_read), "accepted": int(r.n_accepted), "rejected": int(r.n_rejected)}
                    for name, r in loads.results.items()},
        "rows_read": {name: int(r.n_read) for name, r in loads.results.items()},
        "rows_accepted": {name: int(r.n_accepted) for name, r in loads.results.items()},
        "rows_rejected": {name: int(r.n_rejected) for name, r in loads.results.items()},
        "unreadable_sources": sorted(loads.errors),
        "as_of": None if loads.as_of is None else str(loads.as_of.date()),
    }
    # accepted rows of the three tables most reports start from, under the names earlier versions published
    for name, key in (("customers", "customers"), ("survey", "survey_responses"), ("transactions", "transactions")):
        if name in loads.results:
            out[key] = int(loads.results[name].n_accepted)
    if description is not None:
        planned = plan(description)
        planned = planned[planned["notebook"] != "00_data_overview"]
        out["sections_run"] = int(planned["runs"].sum())
        out["sections_skipped"] = int((~planned["runs"]).sum())
    return out
