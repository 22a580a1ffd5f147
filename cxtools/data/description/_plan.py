"""What each notebook section needs, what will run on a data folder, and parameter checks.

:data:`SECTIONS` is the one registry of the inputs every notebook section needs;
:func:`plan` evaluates it against a :class:`~cxtools.data.description.DataDescription`
before any kernel starts, and :func:`check` adds the checks of the files themselves
(the columns the description names exist, dates parse).
"""

from __future__ import annotations

import math
from collections import namedtuple
from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Sequence

from cxtools.core.checks import parse_date
from cxtools.core.errors import CxEmptyDataError, CxError, CxParameterError

__all__ = [
    "Section",
    "SECTIONS",
    "REQUIREMENTS",
    "plan",
    "notebook_status",
    "section_status",
    "SectionStatus",
    "PARAMETER_RULES",
    "check_parameters",
    "check",
    "CheckResult",
    "check_choice",
    "check_range",
    "check_share",
    "check_names",
    "check_date",
    "DataSpan",
    "data_span",
    "default_windows",
    "default_as_of",
    "check_window",
]


@dataclass(frozen=True)
class Section:
    """One notebook section and the inputs it needs.

    ``needs`` are requirement names (see :data:`REQUIREMENTS`): all must be present for
    the section to run. ``optional`` inputs are used when present; the plan says what
    the section does without them. ``shows`` is what a reader would get, used in the
    sentence a skipped section renders.
    """

    name: str
    needs: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()
    shows: str = ""

    def __init__(self, name: str, needs: Iterable[str] = (), optional: Iterable[str] = (), shows: str = ""):
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "needs", tuple(needs))
        object.__setattr__(self, "optional", tuple(optional))
        object.__setattr__(self, "shows", shows)


#: Requirement name -> plain words for the reason a section is skipped.
REQUIREMENTS: dict[str, str] = {
    "any": "at least one data source",
    "customers": "the customer list (customers)",
    "subscriptions": "contracts with start and end dates (subscriptions)",
    "transactions": "a transaction log (transactions)",
    "survey": "survey answers (survey)",
    "kano": "Kano questionnaire answers (kano)",
    "incidents": "coded critical incidents (incidents)",
    "operations": "operational measures per customer (operations)",
    "employees": "an employee survey (employees)",
    "units": "the list of service units (units)",
    "customer_units": "which unit serves which customer (customer_units)",
    "customer_value": "contracts (subscriptions) or a transaction log (transactions)",
    "survey.recommend": "a 0-10 likelihood-to-recommend item (survey.recommend)",
    "survey.overall_satisfaction": "an overall-satisfaction item (survey.overall_satisfaction)",
    "survey.attributes": "attribute ratings (survey.attributes)",
    "survey.importance": "stated importance items (survey.importance)",
    "survey.csat": "a CSAT item (survey.csat)",
    "survey.ces": "a CES item (survey.ces)",
    "survey.likert": "Likert items of a scale (survey.likert)",
    "survey.segment": "a segment column in the survey (survey.segment)",
    "survey.wave": "a wave column in the survey (survey.wave)",
    "survey.weight": "design weights (survey.weight)",
    "survey.customer_link": "survey answers linked to customers (survey.customer_link)",
}

#: Notebook -> its sections, in reading order. Notebooks read this to decide what to show.
SECTIONS: dict[str, list[Section]] = {
    "00_data_overview": [
        Section("rows read, accepted and rejected per source", needs=["any"],
                shows="how many rows of each file were usable and why others were set aside"),
        Section("customer base", needs=["customers"], shows="the customers by region and segment"),
        Section("contract tenure", needs=["subscriptions"], shows="how long customers have stayed"),
        Section("one-off purchases", needs=["transactions"], shows="purchases over time and their amounts"),
        Section("survey responses", needs=["survey"], shows="responses per wave and the answer distributions"),
    ],
    "01_ltv": [
        Section("contract survival (Kaplan-Meier)", needs=["subscriptions"],
                shows="the share of customers still with us after each month"),
        Section("cohort retention", needs=["subscriptions"], shows="retention of each start-month cohort"),
        Section("contract retention model (sBG) and lifetime value", needs=["subscriptions"],
                shows="expected lifetime and lifetime value per segment"),
        Section("repeat-buying models (BG/NBD, Pareto/NBD)", needs=["transactions"],
                shows="how often customers buy and how many are still active"),
        Section("holdout check of the repeat-buying model", needs=["transactions"],
                shows="how well the model predicts purchases in a later period"),
        Section("lifetime value from purchases (Gamma-Gamma)", needs=["transactions"],
                shows="expected spend and lifetime value per customer"),
        Section("what a better experience is worth", needs=["subscriptions"],
                shows="the value of lower churn and higher spend"),
    ],
    "02_herzberg": [
        Section("penalty-reward analysis (hygiene factors and motivators)",
                needs=["survey.attributes", "survey.overall_satisfaction"],
                shows="which attributes penalise when poor and which reward when good"),
        Section("importance-performance", needs=["survey.attributes"], optional=["survey.importance"],
                shows="where performance falls short of importance"),
        Section("Kano classification", needs=["kano"], shows="must-be, one-dimensional and attractive attributes"),
        Section("Kano compared with the survey", needs=["kano", "survey.attributes"],
                shows="whether the Kano classes agree with the penalty-reward analysis"),
        Section("critical incidents", needs=["incidents"], shows="what customers' stories of good and bad "
                "experiences are about"),
    ],
    "03_survey": [
        Section("answers per item", needs=["survey"], shows="the distribution, mean and top and bottom boxes of "
                "every item on its own scale"),
        Section("overall satisfaction with its interval", needs=["survey.overall_satisfaction"],
                optional=["survey.weight"], shows="average overall satisfaction and its uncertainty"),
        Section("NPS with its interval", needs=["survey.recommend"], optional=["survey.weight"],
                shows="the Net Promoter Score and its uncertainty"),
        Section("CSAT", needs=["survey.csat"], optional=["survey.weight"], shows="satisfaction with the last "
                "interaction (top-box share)"),
        Section("CES", needs=["survey.ces"], optional=["survey.weight"], shows="the share who found it easy"),
        Section("NPS by segment", needs=["survey.recommend", "survey.segment"],
                shows="NPS differences between segments"),
        Section("trend over waves", needs=["survey.recommend", "survey.wave"],
                shows="how NPS moved from wave to wave"),
        Section("weighting and raking", needs=["survey.weight"], optional=["customers"],
                shows="the effect of the design weights on the headline numbers"),
        Section("Likert items and scale reliability", needs=["survey.likert"],
                shows="the answer distributions and Cronbach's alpha"),
        Section("driver analysis", needs=["survey.attributes", "survey.overall_satisfaction"],
                shows="how much each attribute explains of overall satisfaction"),
    ],
    "04_cx_value": [
        Section("linking survey answers to customers", needs=["survey.customer_link"], optional=["customers"],
                shows="how many respondents could be matched to the customer base"),
        Section("satisfaction and churn", needs=["survey.customer_link", "subscriptions",
                                                 "survey.overall_satisfaction"],
                shows="how churn after answering depends on satisfaction"),
        Section("NPS groups and customer value", needs=["survey.customer_link", "subscriptions",
                                                        "survey.recommend"],
                shows="the value of promoters, passives and detractors"),
        Section("operations and satisfaction", needs=["survey.customer_link", "operations"],
                shows="how waiting and repeat contacts relate to satisfaction"),
        Section("purchases and satisfaction", needs=["survey.customer_link", "transactions"],
                shows="how often each survey group buys and drops out, and what moving customers up one group is "
                      "worth in purchases (used when there are no contracts)"),
        Section("value of a CX programme", needs=["survey.customer_link", "subscriptions"],
                shows="what moving detractors or raising satisfaction is worth"),
    ],
    "05_whole_picture": [
        Section("the layered pie", needs=["any"], shows="which data each layer of the picture has"),
        Section("eNPS per unit", needs=["employees"], shows="the employee NPS of each unit with its interval"),
        Section("people, operations and customers per unit", needs=["employees", "customer_units"],
                optional=["operations", "survey.customer_link"],
                shows="how units' engagement, operations and customers' satisfaction line up"),
        Section("engagement and customers' satisfaction (multilevel model)",
                needs=["employees", "customer_units", "survey.customer_link"],
                shows="how much more satisfied the customers of more engaged units are"),
        Section("client portfolio matrix", needs=["survey.customer_link", "customer_value"],
                shows="customers by value and relationship, with the strategy per cell"),
        Section("CX scorecard", needs=["any"], shows="the four layers' indicators, their trend and targets"),
    ],
}

_SURVEY_ROLE = {
    "survey.recommend": "recommend", "survey.overall_satisfaction": "overall_satisfaction",
    "survey.attributes": "attributes", "survey.importance": "importance", "survey.csat": "csat",
    "survey.ces": "ces", "survey.likert": "likert", "survey.segment": "segment", "survey.wave": "wave",
    "survey.weight": "weight", "survey.customer_link": "customer_link",
}


def _met(description, requirement: str) -> tuple[bool, str]:
    """(is the requirement met, why not)."""
    if requirement == "any":
        ok = any(description.has(s) for s in description.sources)
        return ok, "" if ok else "no usable data source was found"
    if requirement == "customer_value":
        ok = description.has("subscriptions") or description.has("transactions")
        return ok, "" if ok else "neither is provided"
    if requirement in _SURVEY_ROLE:
        if not description.has("survey"):
            return False, description.why_missing("survey")
        value = getattr(description.survey, _SURVEY_ROLE[requirement])
        ok = bool(value)
        return ok, "" if ok else "the data description names none"
    if requirement not in REQUIREMENTS:
        raise CxParameterError(f"unknown requirement {requirement!r}; known: {sorted(REQUIREMENTS)}")
    ok = description.has(requirement)
    return ok, "" if ok else description.why_missing(requirement)


def plan(description, *, sections: Mapping[str, Sequence[Section]] | None = None):
    """What will run on this data, per notebook and section, and why the rest is skipped.

    Parameters
    ----------
    description : DataDescription
    sections : dict, optional
        A registry shaped like :data:`SECTIONS` (default: that one).

    Returns
    -------
    DataFrame
        One row per section: ``notebook``, ``section``, ``runs`` (bool), ``reason`` (for a
        skipped section: what was not provided and what it would show; for a running one,
        what optional input it does without, else empty).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from cxtools.data.description import load_description
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "transactions.csv").write_text("transaction_id,customer_id,timestamp,amount\\n"
    ...                                              "T1,C1,2024-01-02,10\\n")
    >>> p = plan(load_description(folder))
    >>> ltv = p[p.notebook == "01_ltv"].set_index("section")
    >>> ltv["runs"].head(4)
    section
    contract survival (Kaplan-Meier)                     False
    cohort retention                                     False
    contract retention model (sBG) and lifetime value    False
    repeat-buying models (BG/NBD, Pareto/NBD)             True
    Name: runs, dtype: bool
    >>> ltv.loc["cohort retention", "reason"]
    'needs contracts with start and end dates (subscriptions): subscriptions file subscriptions.csv not found; it would show retention of each start-month cohort'
    """
    import pandas as pd

    rows = []
    for notebook, entries in (SECTIONS if sections is None else sections).items():
        for sec in entries:
            missing = [(req, why) for req in sec.needs for ok, why in [_met(description, req)] if not ok]
            if missing:
                needs = "; ".join(f"{REQUIREMENTS.get(req, req)}: {why}" for req, why in missing)
                reason = f"needs {needs}" + (f"; it would show {sec.shows}" if sec.shows else "")
                rows.append((notebook, sec.name, False, reason))
                continue
            without = [req for req in sec.optional if not _met(description, req)[0]]
            reason = ("runs without " + ", ".join(REQUIREMENTS.get(r, r) for r in without)) if without else ""
            rows.append((notebook, sec.name, True, reason))
    return pd.DataFrame(rows, columns=["notebook", "section", "runs", "reason"])


SectionStatus = namedtuple("SectionStatus", ["runs", "sentence"])
SectionStatus.__doc__ = "Whether a section runs, and the plain sentence a skipped section shows (empty when it runs)."


def section_status(description, notebook: str, section: str) -> SectionStatus:
    """Whether one section of :data:`SECTIONS` runs, with the sentence to show when it does not.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from cxtools.data.description import load_description
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> section_status(load_description(folder), "02_herzberg", "Kano classification").sentence
    'This section is skipped: it needs Kano questionnaire answers (kano), and kano file kano.csv not found. With them it would show must-be, one-dimensional and attractive attributes.'
    """
    entries = {sec.name: sec for sec in SECTIONS.get(notebook, [])}
    if section not in entries:
        options = list(entries) if entries else list(SECTIONS)
        raise CxParameterError(f"section_status: unknown {'section' if entries else 'notebook'} "
                               f"{section if entries else notebook!r}" + _hint(section if entries else notebook,
                                                                                options))
    sec = entries[section]
    missing = [(req, why) for req in sec.needs for ok, why in [_met(description, req)] if not ok]
    if not missing:
        return SectionStatus(True, "")
    needs = "; ".join(f"{REQUIREMENTS.get(req, req)}, and {why}" for req, why in missing)
    shows = f" With them it would show {sec.shows}." if sec.shows else ""
    return SectionStatus(False, f"This section is skipped: it needs {needs}.{shows}")


def notebook_status(planned):
    """Per notebook: ``runs`` (at least one section runs), sections that run and are skipped."""
    import pandas as pd

    out = []
    for notebook, rows in planned.groupby("notebook", sort=False):
        n_run = int(rows["runs"].sum())
        reason = ""
        if n_run == 0:
            needs = sorted({r.split(":")[0].removeprefix("needs ") for r in rows["reason"]})
            reason = "skipped: needs " + " or ".join(needs)
        out.append((notebook, n_run > 0, n_run, len(rows) - n_run, reason))
    return pd.DataFrame(out, columns=["notebook", "runs", "sections_run", "sections_skipped", "reason"])


# =============================================================================== check
@dataclass(frozen=True)
class CheckResult:
    """What ``cxtools check`` found: problems with description and files, and the plan."""

    description: Any  # DataDescription
    problems: Any  # DataFrame: source, key, problem
    plan: Any  # DataFrame, see plan()
    sources: Any  # DataFrame: source, provided, location, format, columns
    notes: Any = None  # DataFrame: source, key, note (roles the sample layout assumed but the file lacks)

    @property
    def ok(self) -> bool:
        return len(self.problems) == 0

    def to_frame(self):
        return self.plan

    def describe(self) -> str:
        n_run = int(self.plan["runs"].sum()) if len(self.plan) else 0
        n_problems = len(self.problems)
        state = "no problems" if self.ok else f"{n_problems} problem{'' if n_problems == 1 else 's'}"
        return f"{state}; {n_run} of {len(self.plan)} notebook sections will run."

    def report(self) -> str:
        """The text ``cxtools check`` prints."""
        desc = self.description
        lines = []
        origin = (f"data description: {desc.config_path}" if desc.config_path
                  else "no cxtools.yaml: assuming the layout of the bundled sample (write one with `cxtools init`)")
        lines.append(origin)
        lines.append("")
        lines.append("Sources")
        for row in self.sources.itertuples(index=False):
            where = row.location or "-"
            state = "ok" if row.provided else "not provided"
            lines.append(f"  {row.source:<14} {state:<13} {where}" + (f"  ({row.format})" if row.provided else ""))
        if not self.ok:
            lines.append("")
            lines.append("Problems")
            for row in self.problems.itertuples(index=False):
                lines.append(f"  {row.source}: {row.problem}")
        if self.notes is not None and len(self.notes):
            lines.append("")
            lines.append("Notes")
            for row in self.notes.itertuples(index=False):
                lines.append(f"  {row.source}: {row.note}")
        lines.append("")
        lines.append("Plan")
        for notebook, rows in self.plan.groupby("notebook", sort=False):
            n_run = int(rows["runs"].sum())
            head = f"{notebook}: {n_run} of {len(rows)} sections run"
            if n_run == 0:
                head = f"{notebook}: skipped (nothing it needs was provided)"
            lines.append(head)
            for row in rows.itertuples(index=False):
                mark = "run " if row.runs else "skip"
                lines.append(f"  {mark}  {row.section}" + (f" -- {row.reason}" if row.reason else ""))
        lines.append("")
        lines.append(self.describe())
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"CheckResult({self.describe()})"


def check(data_dir, *, config=None, sample_rows: int = 500) -> CheckResult:
    """Validate a folder's data description and files, and plan what will run.

    Reads only the first ``sample_rows`` rows of each file: it checks that the file
    can be opened, that every column the description names exists, that the required
    roles are there after renaming, that dates parse with the given format and that
    survey items named in the description are in the survey.

    Parameters
    ----------
    data_dir : str or Path
    config : str or Path, optional
        The description file (default ``data_dir/cxtools.yaml``, else the sample layout).
    sample_rows : int, default 500

    Returns
    -------
    CheckResult

    Raises
    ------
    CxDescriptionError
        The description file is not valid (every key in error named, with its line).
    """
    import pandas as pd

    from cxtools.data.description._description import load_description
    from cxtools.data.description.draft import peek

    description = load_description(data_dir, config=config)
    problems: list[tuple[str, str, str]] = []
    off_roles: dict[str, str] = {}
    source_rows = []
    for name in description.sources:
        frame = None
        if description.has(name):
            try:
                frame = peek(description, name, nrows=sample_rows)
            except CxError as exc:
                problems.append((name, "", str(exc)))
            except Exception as exc:  # an unreadable file must not stop the check of the others
                problems.append((name, "", f"cannot read {description.location(name)}: {exc}"))
        elif description.config_path is not None:
            problems.append((name, "file", description.why_missing(name)))
        if frame is not None:
            problems.extend(_column_problems(description, name, frame, off_roles))
        source_rows.append({
            "source": name, "provided": description.has(name) and frame is not None,
            "location": description.location(name),
            "format": description.format(name), "columns": None if frame is None else len(frame.columns),
        })
    problem_frame = pd.DataFrame(problems, columns=["source", "key", "problem"])
    broken = set(problem_frame["source"])

    class _Usable:  # the plan treats a source with problems as not provided
        def __init__(self, d):
            self._d = d

        def __getattr__(self, item):
            return getattr(self._d, item)

        @property
        def survey(self):
            import dataclasses

            roles = self._d.survey
            blank = {r: (() if isinstance(getattr(roles, r), tuple) else None) for r in off_roles}
            return dataclasses.replace(roles, **blank)

        def has(self, source):
            n = self._d._name(source)
            return self._d.has(n) and n not in broken

        def why_missing(self, source):
            n = self._d._name(source)
            if n in broken and self._d.has(n):
                return f"{n} has problems (see above)"
            return self._d.why_missing(n)

    planned = plan(_Usable(description))
    notes = pd.DataFrame([("survey", role, f"survey.{role} is off: {why}") for role, why in off_roles.items()],
                         columns=["source", "key", "note"])
    return CheckResult(description, problem_frame, planned, pd.DataFrame(source_rows), notes)


def _required_roles(name: str) -> list[str]:
    """Columns the installed loader requires (read from its schema, so it follows cxtools.data.io)."""
    from cxtools.data.io import schemas as io

    schema = {"customers": "_CUSTOMERS", "subscriptions": "_SUBSCRIPTIONS", "transactions": "_TRANSACTIONS",
              "survey": "_SURVEY_FIXED", "kano": "_KANO", "operations": "_OPERATIONS",
              "incidents": "_INCIDENTS"}.get(name)
    fields = getattr(io, schema, None) if schema else None
    if not fields:
        return []
    return [f.name for f in fields if getattr(f, "required", False)]


def _column_problems(description, name: str, frame, off: dict) -> list[tuple[str, str, str]]:
    """Problems with one source's columns; ``off`` collects survey roles to turn off (sample layout only)."""
    lenient = description.config_path is None
    import pandas as pd

    from cxtools.data.description._schema import DATE_ROLES, did_you_mean

    problems = []
    file = description.location(name) if description.in_engine(name) else description.path(name).name
    rename = description.columns(name)
    from cxtools.data.description.draft import _guess_role

    for src, role in rename.items():
        if src not in frame.columns:
            same_role = [str(c) for c in frame.columns if c not in rename and _guess_role(c) == role]
            hint = f"; did you mean {same_role[0]!r}?" if same_role else did_you_mean(src, frame.columns)
            problems.append((name, f"columns.{src}", f"column {src!r} is not in {file}{hint} "
                             f"(columns: {', '.join(map(str, frame.columns))})"))
    loaded = [rename.get(c, c) for c in frame.columns]
    for col in description.spec(name).personal if description.config_path is not None else ():
        if col not in frame.columns:
            problems.append((name, "personal", f"personal-data column {col!r} is not in {file}"
                             + did_you_mean(col, frame.columns)))
    for role in _required_roles(name):
        if role not in loaded:
            problems.append((name, "columns", f"{file} has no {role!r} column; map yours to it under "
                             f"{name}.columns (columns found: {', '.join(map(str, frame.columns))})"))
    if name == "survey":
        roles = description.survey
        named = {role: getattr(roles, role) for role in ("overall_satisfaction", "recommend", "segment", "wave",
                                                         "weight", "customer_link", "response_date")}
        named.update({kind: getattr(roles, kind).item for kind in ("csat", "ces") if getattr(roles, kind)})
        named.update({"likert": list(roles.likert), "reversed": list(roles.reversed)})
        for role, cols in named.items():
            for col in [cols] if isinstance(cols, str) else (cols or []):
                if col in loaded:
                    continue
                if lenient:  # the sample layout was assumed: a column it lacks just turns the role off
                    off[role] = f"{file} has no {col!r} column"
                    continue
                problems.append((name, role, f"survey item {col!r} named in the description is not in {file}"
                                 + did_you_mean(col, loaded)))
        for pattern in roles.attributes:
            if not any(c.startswith(pattern[:-1]) if pattern.endswith("*") else c == pattern for c in loaded):
                if lenient:
                    off["attributes"] = f"no column of {file} matches {pattern!r}"
                else:
                    problems.append((name, "attributes", f"no column of {file} matches attributes {pattern!r}"))
        for pattern in roles.importance if lenient else ():
            if not any(c.startswith(pattern[:-1]) if pattern.endswith("*") else c == pattern for c in loaded):
                off["importance"] = f"no column of {file} matches {pattern!r}"
        spec = description.spec(name)
        for key in spec.scales:
            if not any(c.startswith(key[:-1]) if key.endswith("*") else c == key for c in loaded):
                problems.append((name, f"scales.{key}", f"scales names {key!r}, which matches no column of {file}"
                                 + did_you_mean(key, loaded)))
        for item in loaded:
            scale = roles.scale_of(item)
            if scale is None or item not in frame.columns and item not in rename.values():
                continue
            src = next((s for s, t in rename.items() if t == item), item)
            values = pd.to_numeric(frame[src], errors="coerce").dropna()
            outside = values[(values < scale[0]) | (values > scale[1])]
            if len(values) and len(outside) > 0.2 * len(values):
                problems.append((name, item, f"{len(outside)} of the first {len(values)} answers of {item!r} are "
                                 f"outside its {scale[0]}-{scale[1]} scale (e.g. {outside.iloc[0]:g}); "
                                 "is the scale right?"))
    fmt = description.spec(name).date_format
    if fmt:
        for src in frame.columns:
            role = rename.get(src, src)
            if role not in DATE_ROLES and not (name == "survey" and role == description.survey.response_date):
                continue
            text = frame[src].dropna().astype(str).str.strip()
            text = text[text != ""]
            if text.empty or pd.api.types.is_datetime64_any_dtype(frame[src]):
                continue
            parsed = pd.to_datetime(text, format=fmt, errors="coerce")
            if parsed.isna().mean() > 0.2:
                problems.append((name, "date_format", f"{src!r}: {int(parsed.isna().sum())} of {len(text)} "
                                 f"values do not match date_format {fmt!r} (e.g. {text[parsed.isna()].iloc[0]!r})"))
    return problems


# ===================================================================== parameter checks
def _hint(value, options) -> str:
    from cxtools.core.checks import did_you_mean

    return did_you_mean(value, options)


def check_choice(name: str, value, options, *, func: str = "parameter"):
    """Refuse ``value`` unless it is one of ``options``, suggesting the closest.

    Examples
    --------
    >>> check_choice("repeat_model", "bgnbd", ["bgnbd", "paretonbd"], func="01_ltv")
    'bgnbd'
    >>> check_choice("repeat_model", "bg/nbd", ["bgnbd", "paretonbd"], func="01_ltv")
    Traceback (most recent call last):
    ...
    cxtools.core.errors.CxParameterError: 01_ltv: repeat_model must be one of ['bgnbd', 'paretonbd'], got 'bg/nbd'; did you mean 'bgnbd'?
    """
    options = list(options)
    if value not in options:
        raise CxParameterError(f"{func}: {name} must be one of {options}, got {value!r}" + _hint(value, options))
    return value


def _number(name: str, value, *, func: str) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise CxParameterError(f"{func}: {name} must be a number, got {value!r}") from None
    if math.isnan(number):
        raise CxParameterError(f"{func}: {name} must be a number, got NaN")
    return number


def check_range(name: str, value, *, low=None, high=None, low_open: bool = False, high_open: bool = False,
                func: str = "parameter", hint: str = "") -> float:
    """Refuse a number outside ``[low, high]`` (open ends with ``low_open`` / ``high_open``).

    Examples
    --------
    >>> check_range("horizon_months", 60, low=0, low_open=True, func="01_ltv")
    60
    >>> check_range("n_boot", -5, low=1, func="02_herzberg")
    Traceback (most recent call last):
    ...
    cxtools.core.errors.CxParameterError: 02_herzberg: n_boot must be at least 1, got -5
    """
    number = _number(name, value, func=func)
    too_low = low is not None and (number <= low if low_open else number < low)
    too_high = high is not None and (number >= high if high_open else number > high)
    if too_low or too_high:
        if low is not None and high is not None:
            lb, hb = ("(" if low_open else "["), (")" if high_open else "]")
            want = f"between {low:g} and {high:g} {lb}{low:g}, {high:g}{hb}"
        elif low is not None:
            want = f"above {low:g}" if low_open else f"at least {low:g}"
        else:
            want = f"below {high:g}" if high_open else f"at most {high:g}"
        raise CxParameterError(f"{func}: {name} must be {want}, got {value!r}" + (f"; {hint}" if hint else ""))
    return value


def check_share(name: str, value, *, func: str = "parameter", per: str = "") -> float:
    """Refuse a share or rate outside 0-1, with the hint that it is a fraction, not per cent.

    Examples
    --------
    >>> check_share("discount_rate", 0.1, func="01_ltv", per="per year")
    0.1
    >>> check_share("discount_rate", 10, func="01_ltv", per="per year")
    Traceback (most recent call last):
    ...
    cxtools.core.errors.CxParameterError: 01_ltv: discount_rate must be between 0 and 1 [0, 1], got 10; it is a fraction per year: 10 means 1000 %. For 10 % write 0.1
    """
    number = _number(name, value, func=func)
    hint = ""
    if number > 1:
        hint = (f"it is a fraction{' ' + per if per else ''}: {value:g} means {100 * number:g} %. "
                f"For {value:g} % write {number / 100:g}")
    return check_range(name, value, low=0, high=1, func=func, hint=hint)


def check_names(given: Iterable[str], known: Iterable[str], *, what: str = "parameter", func: str = "parameter"):
    """Refuse names that are not known, with "did you mean" for each.

    Examples
    --------
    >>> check_names(["as_of"], ["as_of", "data_dir"], func="01_ltv")
    >>> check_names(["discount"], ["as_of", "discount_rate"], func="01_ltv")
    Traceback (most recent call last):
    ...
    cxtools.core.errors.CxParameterError: 01_ltv: unknown parameter 'discount'; did you mean 'discount_rate'?
    """
    known = list(known)
    bad = [n for n in given if n not in known]
    if bad:
        parts = [f"{func}: unknown {what} {n!r}" + (_hint(n, known) or f" (known: {', '.join(known)})") for n in bad]
        raise CxParameterError("; ".join(parts))


def _not_given(value) -> bool:
    """None or blank text: a notebook parameter left empty."""
    return value is None or (isinstance(value, str) and not value.strip())


def check_date(name: str, value, *, func: str = "parameter"):
    """Refuse a value that is not a date (``2026-06-30``); empty means "not given" (``None``)."""
    if _not_given(value):
        return None
    parse_date(value, message=f"{func}: {name} must be a date such as 2026-06-30, got {value!r}")
    return value


def _whole(name, value, *, low, func):
    check_range(name, value, low=low, func=func)
    if float(value) != int(float(value)):
        raise CxParameterError(f"{func}: {name} must be a whole number, got {value!r}")
    return value


#: Checks of the notebooks' parameters by name (one name, one meaning, in every notebook).
PARAMETER_RULES = {
    "as_of": lambda v, f: check_date("as_of", v, func=f),
    "calibration_end": lambda v, f: check_date("calibration_end", v, func=f),
    "discount_rate": lambda v, f: check_share("discount_rate", v, func=f, per="per year"),
    "margin_share": lambda v, f: check_share("margin_share", v, func=f, per="of monthly revenue"),
    "purchase_margin": lambda v, f: check_share("purchase_margin", v, func=f, per="of what customers pay"),
    "share_moved": lambda v, f: check_share("share_moved", v, func=f, per="of detractors"),
    "spend_uplift": lambda v, f: check_share("spend_uplift", v, func=f, per="of profit per customer"),
    "alpha": lambda v, f: check_range("alpha", v, low=0, high=0.5, low_open=True, func=f,
                                      hint="a significance level such as 0.05"),
    "repeat_model": lambda v, f: check_choice("repeat_model", v, ["bgnbd", "paretonbd"], func=f),
    "horizon_months": lambda v, f: _whole("horizon_months", v, low=1, func=f),
    "clv_horizon_weeks": lambda v, f: check_range("clv_horizon_weeks", v, low=0, low_open=True, func=f),
    "n_boot": lambda v, f: _whole("n_boot", v, low=1, func=f),
    "churn_reduction_points": lambda v, f: check_range("churn_reduction_points", v, low=0, high=100, func=f,
                                                       hint="percentage points of annual churn, e.g. 2"),
    "spend_uplift_pct": lambda v, f: check_range("spend_uplift_pct", v, low=0, high=100, func=f,
                                                 hint="per cent, e.g. 5 for 5 %"),
    "satisfaction_gain": lambda v, f: check_range("satisfaction_gain", v, low=0, func=f),
    "confidence": lambda v, f: check_range("confidence", v, low=0.5, high=1, high_open=True, func=f,
                                           hint="an interval level such as 0.95"),
    "lang": lambda v, f: check_choice("lang", v, ["", "en", "ru"], func=f),
}


def check_parameters(values: Mapping[str, object], *, func: str = "parameters") -> dict:
    """Check notebook parameters by :data:`PARAMETER_RULES`; names without a rule pass unchecked.

    Examples
    --------
    >>> check_parameters({"discount_rate": 0.1, "repeat_model": "bgnbd", "seed": 1}, func="01_ltv")
    {'discount_rate': 0.1, 'repeat_model': 'bgnbd', 'seed': 1}
    >>> check_parameters({"discount_rate": 10}, func="01_ltv")
    Traceback (most recent call last):
    ...
    cxtools.core.errors.CxParameterError: 01_ltv: discount_rate must be between 0 and 1 [0, 1], got 10; it is a fraction per year: 10 means 1000 %. For 10 % write 0.1
    """
    for name, value in values.items():
        rule = PARAMETER_RULES.get(name)
        if rule is not None:
            rule(value, func)
    return dict(values)


# ========================================================================= as_of, windows
DataSpan = namedtuple("DataSpan", ["first", "last"])
DataSpan.__doc__ = "First and last date in the data (Timestamps)."


def data_span(description, *, as_of=None) -> DataSpan:
    """First and last date of the transactions and contracts a description provides.

    Transactions count by ``timestamp``; contracts by ``start_date`` and ``end_date``.
    Only accepted rows count (a timestamp in the future is rejected by the loader).

    Parameters
    ----------
    description : DataDescription
    as_of : date-like, optional
        Passed to the loaders (later dates are rejected rows); default: the
        description's ``as_of``, else today.

    Returns
    -------
    DataSpan
        ``(first, last)`` Timestamps.

    Raises
    ------
    CxEmptyDataError
        Neither transactions nor contracts are provided, or they have no dates.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from cxtools.data.description import load_description
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "transactions.csv").write_text("transaction_id,customer_id,timestamp,amount\\n"
    ...     "T1,C1,1997-01-01,10\\nT2,C1,1998-06-30,12\\n")
    >>> data_span(load_description(folder))
    DataSpan(first=Timestamp('1997-01-01 00:00:00'), last=Timestamp('1998-06-30 00:00:00'))
    """
    import pandas as pd

    dates = []
    if description.has("transactions"):
        data = description.load("transactions", as_of=as_of).data
        if "timestamp" in data:
            stamps = data["timestamp"]  # a column, or an engine table's column answering min() and max()
            dates.append(stamps if isinstance(stamps, pd.Series) else pd.Series([stamps.min(), stamps.max()]))
    if description.has("subscriptions"):
        data = description.load("subscriptions", as_of=as_of).data
        dates += [data[c] for c in ("start_date", "end_date") if c in data]
    values = pd.concat(dates).dropna() if dates else pd.Series([], dtype="datetime64[ns]")
    if values.empty:
        raise CxEmptyDataError("no dates to take the data's span from: the description provides no transactions "
                               "or contracts with dates")
    return DataSpan(pd.Timestamp(values.min()), pd.Timestamp(values.max()))


def default_as_of(description, as_of=None):
    """The as-of date to use: the one given, else the description's, else the last date in the data.

    Returns ``None`` when none of these is available (no dated source), so the loaders'
    own default (today) applies.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from cxtools.data.description import load_description
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "transactions.csv").write_text("transaction_id,customer_id,timestamp,amount\\n"
    ...     "T1,C1,1997-01-01,10\\nT2,C1,1998-06-30,12\\n")
    >>> default_as_of(load_description(folder))
    Timestamp('1998-06-30 00:00:00')
    >>> default_as_of(load_description(folder), "1998-03-31")
    Timestamp('1998-03-31 00:00:00')
    """
    import pandas as pd

    if not _not_given(as_of):
        check_date("as_of", as_of, func="default_as_of")
        return pd.Timestamp(as_of)
    if description.as_of is not None:
        return pd.Timestamp(description.as_of)
    try:
        return data_span(description).last
    except CxEmptyDataError:
        return None


def default_windows(span: DataSpan, *, holdout_share: float = 1 / 3) -> dict:
    """Default as-of date and calibration / holdout windows from the data's span.

    ``as_of`` is the last date in the data; the calibration period is the first
    ``1 - holdout_share`` of the span, the holdout the rest (whole days).

    Examples
    --------
    >>> import pandas as pd
    >>> w = default_windows(DataSpan(pd.Timestamp("1997-01-01"), pd.Timestamp("1998-06-30")))
    >>> {k: str(v.date()) for k, v in w.items()}
    {'as_of': '1998-06-30', 'calibration_start': '1997-01-01', 'calibration_end': '1997-12-30', 'holdout_end': '1998-06-30'}
    """
    import pandas as pd

    check_range("holdout_share", holdout_share, low=0, high=1, low_open=True, high_open=True, func="default_windows")
    first, last = pd.Timestamp(span.first).normalize(), pd.Timestamp(span.last).normalize()
    days = (last - first).days
    cal_end = first + pd.Timedelta(days=int(round(days * (1 - holdout_share))))
    return {"as_of": last, "calibration_start": first, "calibration_end": cal_end, "holdout_end": last}


def check_window(start=None, end=None, *, span: DataSpan, name: str = "window", func: str = "parameter"):
    """Refuse a window that lies outside the data, or is empty, before anything runs.

    Parameters
    ----------
    start, end : date-like, optional
        The window's first and last day (either may be omitted).
    span : DataSpan
        From :func:`data_span`.
    name : str
        What the window is, for the message (``"holdout"``, ``"calibration_end"``).

    Returns
    -------
    (Timestamp or None, Timestamp or None)

    Examples
    --------
    >>> import pandas as pd
    >>> span = DataSpan(pd.Timestamp("1997-01-01"), pd.Timestamp("1998-06-30"))
    >>> check_window("1997-01-01", "1997-09-30", span=span, name="calibration")[1]
    Timestamp('1997-09-30 00:00:00')
    >>> check_window("2025-12-31", "2026-06-30", span=span, name="holdout", func="01_ltv")
    Traceback (most recent call last):
    ...
    cxtools.core.errors.CxParameterError: 01_ltv: the holdout 2025-12-31 to 2026-06-30 starts after the last date in the data (1998-06-30); the data run from 1997-01-01 to 1998-06-30
    """
    import pandas as pd

    def ts(v, what):
        return None if _not_given(v) else parse_date(v, message=f"{func}: {name} {what} {v!r} is not a date")

    s, e = ts(start, "start"), ts(end, "end")
    first, last = pd.Timestamp(span.first), pd.Timestamp(span.last)
    d = lambda t: f"{t:%Y-%m-%d}"  # noqa: E731
    shown = f"{d(s) if s is not None else '...'} to {d(e) if e is not None else '...'}"
    data = f"the data run from {d(first)} to {d(last)}"
    if s is not None and e is not None and e <= s:
        raise CxParameterError(f"{func}: the {name} {shown} ends before it starts")
    if s is not None and s.normalize() > last.normalize():
        raise CxParameterError(f"{func}: the {name} {shown} starts after the last date in the data ({d(last)}); {data}")
    if e is not None and e.normalize() < first.normalize():
        raise CxParameterError(f"{func}: the {name} {shown} ends before the first date in the data ({d(first)}); {data}")
    if s is not None and s.normalize() < first.normalize():
        raise CxParameterError(f"{func}: the {name} {shown} starts before the first date in the data ({d(first)}); {data}")
    if e is not None and e.normalize() > last.normalize():
        raise CxParameterError(f"{func}: the {name} {shown} ends after the last date in the data ({d(last)}); {data}")
    return s, e
