"""DataDescription: what the data folder holds and how to read it."""

from __future__ import annotations

import inspect
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from cxtools.core.errors import CxDataError, CxParameterError

from cxtools.data.description._yaml import CxDescriptionError, format_location, read_text, read_yaml_with_lines

CONFIG_NAME = "cxtools.yaml"

#: The layout of the bundled sample (data/samples/README.md): what a folder without
#: ``cxtools.yaml`` is taken to hold. Only files that exist count as provided.
SAMPLE_LAYOUT: dict[str, Any] = {
    "language": "en",
    "currency": {"code": "RUB", "symbol": "rub", "position": "after"},
    "time_unit": "month",
    "customers": {"file": "customers.csv", "personal": ["name", "email", "phone"]},
    "subscriptions": {"file": "subscriptions.csv"},
    "transactions": {"file": "transactions.csv"},
    "survey": {
        "file": "survey.csv",
        "personal": ["respondent_name", "email"],
        "overall_satisfaction": "overall_satisfaction",
        "recommend": "nps",
        "csat": {"item": "csat", "top_box": [4, 5], "bottom_box": [1, 2]},
        "ces": {"item": "ces", "top_box": [5, 6, 7], "bottom_box": [1, 2, 3]},
        "attributes": ["rating_*"],
        "importance": ["importance_*"],
        "likert": ["loyalty_1", "loyalty_2", "loyalty_3"],
        "segment": "segment",
        "wave": "wave",
        "weight": "weight",
        "customer_link": "customer_id",
        "response_date": "response_date",
    },
    "kano": {"file": "kano.csv"},
    "incidents": {"file": "incidents.csv"},
    "operations": {"file": "operations.csv"},
    "employees": {"file": "employee_survey.csv", "enps": "enps", "engagement": ["engagement_*"],
                  "unit": "unit_id", "wave": "wave"},
    "units": {"file": "units.csv"},
    "customer_units": {"file": "customer_units.csv"},
}

# survey roles whose column the loader types by name: renamed to that name on loading
_SURVEY_CANONICAL = {"customer_link": "customer_id", "weight": "weight", "wave": "wave",
                     "response_date": "response_date"}


def _thousands_mark(value):
    from cxtools.data.description._schema import thousands_mark

    return thousands_mark(value)


def _io_survey_scales() -> dict[str, tuple[int, int]]:
    try:
        from cxtools.data.io import SURVEY_SCALES
    except ImportError:  # pragma: no cover
        return {}
    return {k: (int(lo), int(hi)) for k, (lo, hi) in SURVEY_SCALES.items()}


def _matches(key: str, column: str) -> bool:
    return column.startswith(key[:-1]) if key.endswith("*") else column == key


def scale_for(item: str, scales: Mapping[str, tuple[int, int]]) -> tuple[int, int] | None:
    """The scale of ``item``: an exact key wins over the longest matching ``prefix*``."""
    if item in scales:
        return tuple(scales[item])  # type: ignore[return-value]  # scales are pairs, checked by the schema
    prefix = sorted((k for k in scales if k.endswith("*") and _matches(k, item)), key=len, reverse=True)
    return tuple(scales[prefix[0]]) if prefix else None  # type: ignore[return-value]  # scales are pairs, checked by the schema


def _default_boxes(kind: str, scale: tuple[int, int]) -> tuple[tuple[int, ...], tuple[int, ...]]:
    lo, hi = scale
    if kind == "ces":  # answers above the midpoint count as easy, below it as hard
        mid = (lo + hi) / 2
        return tuple(v for v in range(lo, hi + 1) if v > mid), tuple(v for v in range(lo, hi + 1) if v < mid)
    return (hi - 1, hi), (lo, lo + 1)  # CSAT: the top two and the bottom two answers


# ============================================================================ results
@dataclass(frozen=True)
class Currency:
    """How money is named and printed.

    Examples
    --------
    >>> Currency("RUB", "\u20bd").format(1234567.8)
    '1,234,568 \u20bd'
    >>> Currency("USD", "$", "before").format(12.5, digits=2)
    '$12.50'
    """

    code: str = "RUB"
    symbol: str = "rub"
    position: str = "after"

    def format(self, amount: float, *, digits: int = 0, lang: str = "en") -> str:
        """``amount`` with thousands separators and the symbol, as :func:`cxtools.core.wording.format_money` writes it."""
        from cxtools.core.wording import format_money, format_number

        if self.position == "before":
            return f"{self.symbol}{format_number(amount, digits=digits, lang=lang)}"
        return format_money(amount, currency=self.symbol, digits=digits, lang=lang)


@dataclass(frozen=True)
class Target:
    """A target for one indicator: the value and whether higher or lower is better."""

    value: float
    direction: str = "higher"
    unit: str | None = None

    def met(self, observed: float) -> bool:
        return observed >= self.value if self.direction == "higher" else observed <= self.value


@dataclass(frozen=True)
class BoxRole:
    """A CSAT or CES item with its scale and the answers in its top and bottom boxes."""

    item: str
    scale: tuple[int, int]
    top_box: tuple[int, ...]
    bottom_box: tuple[int, ...]


@dataclass(frozen=True)
class SurveyRoles:
    """The part each survey column plays, by its name in the *loaded* table.

    ``None`` (or an empty tuple) means the survey has no such column.
    ``attributes``, ``importance`` may hold prefixes ending in ``*``; resolve them
    against the loaded columns with :meth:`attribute_columns`.
    """

    overall_satisfaction: str | None = None
    recommend: str | None = None
    csat: BoxRole | None = None
    ces: BoxRole | None = None
    attributes: tuple[str, ...] = ()
    importance: tuple[str, ...] = ()
    likert: tuple[str, ...] = ()
    reversed: tuple[str, ...] = ()
    segment: str | None = None
    wave: str | None = None
    weight: str | None = None
    customer_link: str | None = None
    response_date: str | None = None
    scales: Mapping[str, tuple[int, int]] = field(default_factory=dict)

    def scale_of(self, item: str) -> tuple[int, int] | None:
        """The answer scale of ``item`` (exact name, else the longest matching prefix)."""
        return scale_for(item, self.scales)

    def attribute_columns(self, columns) -> list[str]:
        """The performance-rating columns among ``columns`` (patterns resolved, in table order)."""
        return _resolve(self.attributes, columns)

    def importance_columns(self, columns) -> list[str]:
        """The stated-importance columns among ``columns``."""
        return _resolve(self.importance, columns)

    def likert_columns(self, columns) -> list[str]:
        """The Likert items of the scale among ``columns`` (patterns resolved, in table order)."""
        return _resolve(self.likert, columns)

    def to_frame(self):
        import pandas as pd

        rows = []
        for role in ("overall_satisfaction", "recommend", "segment", "wave", "weight", "customer_link",
                     "response_date"):
            value = getattr(self, role)
            rows.append((role, value, self.scale_of(value) if value else None))
        for role in ("csat", "ces"):
            box = getattr(self, role)
            rows.append((role, box.item if box else None, box.scale if box else None))
        for role in ("attributes", "importance", "likert", "reversed"):
            rows.append((role, ", ".join(getattr(self, role)) or None, None))
        return pd.DataFrame(rows, columns=["role", "column", "scale"])


@dataclass(frozen=True)
class EmployeeRoles:
    """The part each employee-survey column plays, by its name in the loaded table.

    ``engagement`` may hold prefixes ending in ``*``; resolve them with
    :meth:`engagement_columns`.
    """

    enps: str | None = None
    engagement: tuple[str, ...] = ()
    reversed: tuple[str, ...] = ()
    unit: str = "unit_id"
    wave: str | None = None
    scales: Mapping[str, tuple[int, int]] = field(default_factory=dict)

    def scale_of(self, item: str) -> tuple[int, int] | None:
        """The answer scale of ``item`` (exact name, else the longest matching prefix)."""
        return scale_for(item, self.scales)

    def engagement_columns(self, columns) -> list[str]:
        """The engagement items among ``columns`` (patterns resolved, in table order)."""
        return _resolve(self.engagement, columns)


def _resolve(patterns, columns) -> list[str]:
    columns = list(columns)
    return [c for c in columns if any(_matches(p, c) for p in patterns)]


# ======================================================================== description
class DataDescription:
    """What a data folder holds and how to read it (``cxtools.yaml`` or the sample layout).

    Build it with :func:`load_description`. Names of sources: ``customers``,
    ``subscriptions`` (also ``contracts``), ``transactions``, ``survey``, ``kano``,
    ``incidents``, ``operations``, ``employees``.

    Attributes
    ----------
    data_dir : Path
    config_path : Path or None
        The description file, ``None`` when the sample layout was assumed.
    currency : Currency
    time_unit : str
        ``day``, ``week``, ``month``, ``quarter`` or ``year``.
    language : str
        ``en`` or ``ru``, the stakeholder reports' language.
    as_of : Timestamp or None
        End of the observation window if the description fixes it.
    targets : dict of str to Target
    """

    def __init__(self, model, *, data_dir: Path, config_path: Path | None, aliases: Mapping[str, str] | None = None):
        from cxtools.data.description._schema import CURRENCY_SYMBOLS

        self.model = model
        self.data_dir = Path(data_dir)
        self.config_path = config_path
        self._aliases = dict(aliases or {})
        cur = model.currency
        self.currency = Currency(cur.code, cur.symbol or CURRENCY_SYMBOLS.get(cur.code, cur.code), cur.position)
        self.time_unit: str = model.time_unit
        self.language: str = model.language
        self.as_of = model.as_of
        self.targets = {k: Target(t.value, t.direction, t.unit) for k, t in model.targets.items()}
        self._cache: dict = {}

    # ------------------------------------------------------------------ sources
    @staticmethod
    def _name(source: str) -> str:
        from cxtools.data.description._schema import SOURCE_ALIASES, SOURCES, did_you_mean

        name = SOURCE_ALIASES.get(source, source)
        if name not in SOURCES:
            raise CxParameterError(f"unknown source {source!r}; sources are {list(SOURCES)}"
                                   + did_you_mean(source, list(SOURCES) + list(SOURCE_ALIASES)))
        return name

    def spec(self, source: str):
        """The validated settings of ``source`` (``None`` when the description does not name it)."""
        return getattr(self.model, self._name(source))

    @property
    def sources(self) -> list[str]:
        """The sources the description names (provided or not)."""
        from cxtools.data.description._schema import SOURCES

        return [s for s in SOURCES if getattr(self.model, s) is not None]

    def path(self, source: str) -> Path | None:
        """Where ``source`` is: its file, folder or DuckDB database (``None`` when not named or a table in an engine)."""
        spec = self.spec(source)
        if spec is None or self.in_engine(source):
            return None
        return source_path(spec, self._name(source), self.data_dir)

    def format(self, source: str) -> str | None:
        """``csv``, ``text``, ``parquet``, ``excel``, ``duckdb``, ``spark`` or ``ibis`` (from the description or the file name)."""
        spec = self.spec(source)
        if spec is None:
            return None
        if spec.format:
            return spec.format
        return guess_format(self.path(source), sep=spec.sep)

    def in_engine(self, source: str) -> bool:
        """Whether ``source`` is a table in Spark or a warehouse (``format: spark`` or ``ibis``), not a file."""
        from cxtools.data.description._engine_sources import ENGINE_FORMATS

        spec = self.spec(source)
        return spec is not None and spec.format in ENGINE_FORMATS

    def has(self, source: str) -> bool:
        """Whether ``source`` is described and its file (or folder) exists; an engine table counts as present."""
        if self.in_engine(source):
            return True
        path = self.path(source)
        return path is not None and path.exists()

    def why_missing(self, source: str) -> str:
        """One phrase: why ``source`` is not available (empty when it is)."""
        name = self._name(source)
        if self.in_engine(name):
            return ""
        path = self.path(name)
        if path is None:
            return f"no {name} source in the data description"
        if not path.exists():
            return f"{name} file {self._shown(path)} not found"
        return ""

    def location(self, source: str) -> str | None:
        """Where ``source`` is, for display: its file relative to the data folder, or its engine table."""
        spec = self.spec(source)
        if spec is None:
            return None
        if self.in_engine(source):
            from cxtools.data.description._engine_sources import engine_label

            return engine_label(spec)
        return self._shown(self.path(source))  # type: ignore[arg-type]  # a file source has a path

    def _shown(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.data_dir))
        except ValueError:
            return path.name

    def _survey_columns(self, spec) -> dict[str, str]:
        columns = dict(spec.columns)
        for role, canonical in _SURVEY_CANONICAL.items():
            col = getattr(spec, role)
            if col is None or col == canonical:
                continue
            sources = [s for s, t in columns.items() if t == col]
            if sources:
                columns[sources[0]] = canonical
            else:
                columns[col] = canonical
        return columns

    def columns(self, source: str) -> dict[str, str]:
        """Source column -> cxtools name, as the loader renames them."""
        spec = self.spec(source)
        if spec is None:
            return {}
        if self._name(source) == "survey":
            return self._survey_columns(spec)
        if self._name(source) == "employees":
            return self._employee_columns(spec)
        return dict(spec.columns)

    @staticmethod
    def _employee_columns(spec) -> dict[str, str]:
        """The employee survey's unit and wave roles become the names the loader types."""
        columns = dict(spec.columns)
        for col, canonical in ((spec.unit, "unit_id"), (spec.wave, "wave")):
            if col is None or col == canonical:
                continue
            sources = [s for s, t in columns.items() if t == col]
            columns[sources[0] if sources else col] = canonical
        return columns

    @property
    def employees(self) -> "EmployeeRoles":
        """The employee survey's item roles (empty roles when the description has no employee survey).

        Roles the description leaves out default to the loader's names: ``enps`` and
        ``engagement_*`` (check the loaded columns: they may not exist).
        """
        spec = self.model.employees
        if spec is None:
            return EmployeeRoles()
        try:
            from cxtools.data.io import EMPLOYEE_SCALES
        except ImportError:  # pragma: no cover
            EMPLOYEE_SCALES = {}
        scales = {k: (int(lo), int(hi)) for k, (lo, hi) in EMPLOYEE_SCALES.items()}
        scales.update(spec.scales)
        # without roles, the loader's default names (enps, engagement_*) are assumed, as for the sample
        return EmployeeRoles(enps=spec.enps or "enps", engagement=tuple(spec.engagement) or ("engagement_*",),
                             reversed=tuple(spec.reversed),
                             unit="unit_id", wave="wave", scales=scales)

    def loader_kwargs(self, source: str) -> dict:
        """Keyword arguments for the source's ``cxtools.data.io`` loader.

        Keys: ``columns``, ``sep`` (``","``, ``";"``, ``"\\t"``, ``"|"`` or
        ``"whitespace"``), ``encoding``, ``decimal``, ``thousands``, ``date_format``,
        ``sheet``; for the survey also ``scales`` (item or ``prefix*`` -> (lowest,
        highest)) and ``reversed``. ``None`` means "detect" (dialect) or "none".
        """
        name = self._name(source)
        spec = self.spec(name)
        if spec is None:
            raise CxDataError(f"{name}: {self.why_missing(name)}")
        kwargs: dict[str, Any] = {
            "columns": self.columns(name) or None,
            "sep": spec.sep,
            "encoding": spec.encoding,
            "decimal": spec.decimal,
            "thousands": _thousands_mark(spec.thousands),
            "date_format": spec.date_format,
            "sheet": spec.sheet,
        }
        if name in ("survey", "employees"):
            scales = dict(spec.scales)
            if name == "survey":
                for box in (spec.csat, spec.ces):
                    if box is not None and box.scale is not None and scale_for(box.item, scales) != box.scale:
                        scales[box.item] = box.scale
            kwargs["scales"] = scales or None
            kwargs["reversed"] = list(spec.reversed)
            if name == "employees" and spec.enps:
                kwargs["enps"] = spec.enps
        return kwargs

    @property
    def personal_columns(self) -> dict[str, list[str]]:
        """Source -> personal-data columns, by their names in the loaded table."""
        out = {}
        for name in self.sources:
            spec = self.spec(name)
            rename = self.columns(name)
            cols = [rename.get(c, c) for c in spec.personal]
            if cols:
                out[name] = cols
        return out

    @property
    def survey(self) -> SurveyRoles:
        """The survey's item roles (empty roles when there is no survey in the description)."""
        spec = self.model.survey
        if spec is None:
            return SurveyRoles()
        scales = dict(_io_survey_scales())
        scales.update(spec.scales)
        boxes: dict[str, BoxRole | None] = {}
        for kind in ("csat", "ces"):
            box = getattr(spec, kind)
            if box is None:
                boxes[kind] = None
                continue
            scale = box.scale or scale_for(box.item, scales)
            if box.scale:
                scales[box.item] = box.scale
            top, bottom = _default_boxes(kind, scale)  # type: ignore[arg-type]  # every box item has a scale here
            boxes[kind] = BoxRole(box.item, scale, tuple(box.top_box or top), tuple(box.bottom_box or bottom))  # type: ignore[arg-type]  # every box item has a scale here

        def loaded(role):
            col = getattr(spec, role)
            return None if col is None else _SURVEY_CANONICAL.get(role, col)

        return SurveyRoles(
            overall_satisfaction=spec.overall_satisfaction, recommend=spec.recommend,
            csat=boxes["csat"], ces=boxes["ces"],
            attributes=tuple(spec.attributes or ()), importance=tuple(spec.importance or ()),
            likert=tuple(spec.likert), reversed=tuple(spec.reversed),
            segment=spec.segment, wave=loaded("wave"), weight=loaded("weight"),
            customer_link=loaded("customer_link"), response_date=loaded("response_date"),
            scales=scales,
        )

    # ------------------------------------------------------------------ loading
    def _check_reach(self, name: str) -> None:
        """Refuse ``name`` when its path leaves the data folder or its query is more than one SELECT."""
        sub = self.model.model_copy(update={s: None for s in self.sources if s != name})
        problems = _reach_problems(sub, self.data_dir)
        if problems:
            origin = str(self.config_path) if self.config_path else "the data description"
            raise CxDescriptionError(origin, [(".".join(map(str, loc)), None, msg) for loc, msg in problems])

    def source_object(self, source: str):
        """What to hand the loader: a path, a ``cxtools.data.io.DuckDBSource``, or a DataFrame."""
        name = self._name(source)
        if not self.has(name):
            raise CxDataError(f"{name}: {self.why_missing(name)}")
        path, fmt, spec = self.path(name), self.format(name), self.spec(name)
        self._check_reach(name)
        if self.in_engine(name):
            from cxtools.data.description._engine_sources import open_engine_table

            return open_engine_table(spec, data_dir=self.data_dir)
        if fmt == "duckdb":
            from cxtools.data import io

            if hasattr(io, "DuckDBSource"):
                return io.DuckDBSource(str(path), table=spec.table, query=spec.query)
            return read_duckdb(path, table=spec.table, query=spec.query)  # type: ignore[arg-type]  # a file source has a path
        if fmt == "parquet" and path.is_dir():  # type: ignore[union-attr]  # a file source has a path
            return read_parquet_folder(path)  # type: ignore[arg-type]  # a file source has a path
        return path

    def load(self, source: str, *, as_of=None, **overrides):
        """Load ``source`` with its ``cxtools.data.io`` loader and this description's settings.

        Only keyword arguments the installed loader accepts are passed. Settings an
        older loader lacks (``thousands``, ``date_format``, whitespace-separated text)
        are applied to the raw cells first, row numbers kept, so nothing changes in
        which rows are accepted. ``reversed`` items are not reversed here when the
        loader has no such option: see :attr:`survey`.

        Parameters
        ----------
        source : str
        as_of : date-like, optional
            Passed to loaders that take it (default: the description's ``as_of``).
        **overrides
            Loader keyword arguments that win over the description.

        Returns
        -------
        cxtools.data.io.LoadResult
        """
        from cxtools.data import io

        name = self._name(source)
        loader_name = _loader_name(name)
        loader = getattr(io, loader_name, None)
        if loader is None:
            raise CxParameterError(f"{name}: this version of cxtools has no loader for it (cxtools.data.io.{loader_name})")
        if as_of is None:
            as_of = self.as_of
        key = (name, None if as_of is None else str(as_of))
        if not overrides and key in self._cache:
            return self._cache[key]
        if self.in_engine(name):
            result = self._load_in_engine(name, as_of)
            self._cache[key] = result
            return result
        params = inspect.signature(loader).parameters
        kwargs = self.loader_kwargs(name)
        kwargs.update(overrides)
        if as_of is not None and "as_of" in params:
            kwargs["as_of"] = as_of
        data = self.source_object(name)
        fmt = self.format(name)
        unsupported = {k for k, v in kwargs.items() if k not in params and v not in (None, [], {})}
        if fmt not in ("csv", "text") and isinstance(data, Path):
            for k in ("sep", "encoding"):
                kwargs[k] = None

        def prepared():
            frame = self._prepare(name, data, kwargs)
            malformed = frame.attrs.pop("cxtools_malformed", None)
            frame.attrs = {}
            rest = {k: v for k, v in kwargs.items()
                    if k in params and k not in ("sep", "encoding", "sheet", "thousands", "date_format")}
            return _with_malformed(loader(frame, **rest), malformed)

        if kwargs.get("thousands") in ("\u0020", "\u00a0", "\u202f") and kwargs.get("decimal") == ",":
            unsupported.discard("thousands")  # cxtools.data.io reads Russian-locale numbers ("1 234,5") as they are
        if unsupported & {"thousands", "date_format"}:
            result = prepared()
        else:
            try:
                result = loader(data, **{k: v for k, v in kwargs.items() if k in params})
            except CxParameterError as exc:
                # a loader without whitespace-separated text refuses the separator: read it here
                if kwargs.get("sep") != "whitespace" or "sep" not in str(exc):
                    raise
                result = prepared()
        if result.source == "<DataFrame>":  # the cells were read here, from the described file
            result = _relabel(result, self.path(name), spec_label(self.spec(name)))  # type: ignore[arg-type]  # a file source has a path
        if not overrides:
            self._cache[key] = result
        return result

    def _load_in_engine(self, name: str, as_of):
        """Check a Spark/warehouse table in its engine; the accepted rows stay there (see ``_engine_sources``)."""
        from cxtools.data.description._engine_sources import load_engine_transactions

        if name != "transactions":
            raise CxParameterError(f"{name}: a Spark or warehouse table (format: {self.format(name)}) is supported "
                                   "for the transaction log only; export the other sources to files")
        return load_engine_transactions(self.spec(name), columns=self.columns(name), as_of=as_of,
                                        data_dir=self.data_dir)

    def _prepare(self, name: str, data, kwargs: dict):
        """Read the raw cells and apply what the installed loader cannot (dates, thousands, whitespace)."""
        import pandas as pd

        from cxtools.data import io
        from cxtools.data.description._schema import DATE_ROLES, NUMBER_ROLES

        if isinstance(data, pd.DataFrame):
            frame = data.copy()
        elif kwargs.get("sep") == "whitespace":
            frame = read_whitespace(data, encoding=kwargs.get("encoding"))
        else:
            frame = io.read_table(data, sep=kwargs.get("sep"), encoding=kwargs.get("encoding"),
                                  decimal=kwargs.get("decimal"), sheet=kwargs.get("sheet"))
            malformed = frame.attrs.get("malformed")
            frame.attrs = {"cxtools_malformed": malformed} if malformed is not None and len(malformed) else {}
        rename = kwargs.get("columns") or {}
        by_role = {rename.get(c, c): c for c in frame.columns}
        fmt = kwargs.get("date_format")
        if fmt:
            out_fmt = "%Y-%m-%d %H:%M:%S" if re.search(r"%[HIMSp]", fmt) else "%Y-%m-%d"
            for role in DATE_ROLES:
                col = by_role.get(role)
                if col is None or pd.api.types.is_datetime64_any_dtype(frame[col]):
                    continue
                text = frame[col].astype("string").str.strip()
                parsed = pd.to_datetime(text, format=fmt, errors="coerce")
                ok = parsed.notna()
                frame[col] = frame[col].astype(object)
                frame.loc[ok, col] = parsed[ok].dt.strftime(out_fmt)
        thousands = kwargs.get("thousands")
        if thousands:
            dec = kwargs.get("decimal") or "."
            pattern = rf"\s*[-+\u2212]?\d{{1,3}}(?:{re.escape(thousands)}\d{{3}})+(?:{re.escape(dec)}\d+)?\s*"
            for role in NUMBER_ROLES:
                col = by_role.get(role)
                if col is None or frame[col].dtype != object and not pd.api.types.is_string_dtype(frame[col]):
                    continue
                text = frame[col].astype("string")
                hit = text.str.fullmatch(pattern).fillna(False).astype(bool)
                frame[col] = frame[col].astype(object)
                frame.loc[hit, col] = text[hit].str.replace(thousands, "", regex=False)
        return frame

    # ------------------------------------------------------------------ display
    def to_frame(self):
        """One row per source: whether it is provided, where, and in what format."""
        import pandas as pd

        from cxtools.data.description._schema import SOURCES

        rows = []
        for name in SOURCES:
            spec = self.spec(name)
            rows.append({
                "source": name,
                "provided": self.has(name),
                "location": self.location(name),
                "format": self.format(name) if spec is not None else None,
                "note": self.why_missing(name) or None,
            })
        return pd.DataFrame(rows)

    def describe(self) -> str:
        """One sentence: which sources are provided."""
        have = [s for s in self.sources if self.has(s)]
        origin = self.config_path.name if self.config_path else "the sample layout (no cxtools.yaml)"
        return (f"Data description from {origin}: {len(have)} source{'' if len(have) == 1 else 's'} provided"
                + (f" ({', '.join(have)})" if have else "") + ".")

    def __repr__(self) -> str:
        have = [s for s in self.sources if self.has(s)]
        origin = self.config_path.name if self.config_path else "sample layout"
        return (f"DataDescription({self.data_dir.name!r} from {origin}: provided {have}; "
                f"currency {self.currency.code}, time unit {self.time_unit}, language {self.language})")


def spec_label(spec) -> str:
    if spec.table:
        return f" [table {spec.table}]"
    if spec.query:
        return " [query]"
    return ""


def _relabel(result, path: Path, suffix: str):
    """Name the file (not ``<DataFrame>``) as the source when the cells were read here first.

    The accepted rows get a plain 0..n-1 index, as a loader gives them from a file, so a
    result does not depend on whether the loader or this module read the cells.
    """
    import dataclasses

    import pandas as pd

    if not dataclasses.is_dataclass(result):
        return result
    fields = {f.name for f in dataclasses.fields(result)}
    changes = {}
    if "source" in fields:
        changes["source"] = str(path) + suffix
    if "data" in fields and isinstance(result.data, pd.DataFrame):  # type: ignore[union-attr]  # a loader result, a dataclass instance
        changes["data"] = result.data.reset_index(drop=True)  # type: ignore[union-attr]  # a loader result, a dataclass instance
    try:
        return dataclasses.replace(result, **changes)  # type: ignore[type-var]  # a loader result, a dataclass instance
    except (TypeError, ValueError):
        return result


def _with_malformed(result, malformed):
    """Add the lines the CSV reader could not split to the rejected rows, so every line is counted."""
    import dataclasses

    import pandas as pd

    if malformed is None or not len(malformed) or not dataclasses.is_dataclass(result):
        return result
    extra = pd.DataFrame({"row": malformed["row"].astype("int64").to_numpy(),
                          "reason": malformed["reason"].astype(str).to_numpy(),
                          "column": pd.Series([None] * len(malformed), dtype="str").to_numpy(),
                          "value": malformed["value"].astype(str).to_numpy()})
    rejected = pd.concat([result.rejected, extra], ignore_index=True)
    rejected = rejected.sort_values("row", kind="stable").reset_index(drop=True)
    changes = {"rejected": rejected, "n_read": result.n_read + len(malformed)}
    issues = getattr(result, "issues", None)
    if isinstance(issues, pd.DataFrame):
        changes["issues"] = pd.concat([issues, extra.assign(check="row cannot be split into fields")],
                                      ignore_index=True)
    return dataclasses.replace(result, **changes)


def _loader_name(name: str) -> str:
    from cxtools.data.description._schema import SOURCES

    return SOURCES[name]  # type: ignore[return-value]  # every source has a label


def guess_format(path: Path | None, *, sep: str | None = None) -> str:
    if path is None:
        return "csv"
    suffix = path.suffix.lower()
    if path.is_dir() or suffix in (".parquet", ".pq"):
        return "parquet"
    if suffix in (".xlsx", ".xlsm", ".xls"):
        return "excel"
    if suffix in (".duckdb", ".ddb", ".db"):
        return "duckdb"
    if sep == "whitespace":
        return "text"
    return "csv"


def read_whitespace(path: Path, *, encoding: str | None = None, nrows: int | None = None):
    """Whitespace-separated text as raw cells; the index is the line number (header = 1)."""
    import pandas as pd

    if encoding is None:
        encoding = detect_encoding(path)
    try:
        frame = pd.read_csv(path, sep=r"\s+", dtype=str, keep_default_na=False, na_values=[""],
                            encoding=encoding, nrows=nrows, engine="python")
    except pd.errors.ParserError as exc:
        raise CxDataError(f"{path}: cannot split the file on whitespace ({exc})") from None
    frame.index = pd.RangeIndex(2, len(frame) + 2, name="row")
    return frame


def detect_encoding(path: Path, *, sample: int | None = None) -> str:
    """``utf-8-sig`` for a BOM, ``utf-16`` for its BOM, ``utf-8`` if valid, else ``cp1251``."""
    import codecs

    with open(path, "rb") as fh:
        data = fh.read() if sample is None else fh.read(sample)
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        return "utf-16"
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        if sample is not None and exc.start > len(data) - 4:  # a character cut at the end of the sample
            return "utf-8"
        return "cp1251"


def read_parquet_folder(path: Path):
    """Every Parquet file under ``path`` as one table (through DuckDB)."""
    from cxtools.data import io

    con = io.connect_duckdb()
    try:
        pattern = str(Path(path) / "**" / "*.parquet").replace("'", "''")
        frame = con.execute(f"SELECT * FROM read_parquet('{pattern}', union_by_name = true)").df()
    finally:
        con.close()
    frame.index = frame.index + 1
    frame.index.name = "row"
    return frame


def read_duckdb(path: Path, *, table: str | None = None, query: str | None = None, limit: int | None = None):
    """A table or query of a DuckDB database file, opened read-only and locked in.

    ``query`` must be exactly one SELECT statement, and it sees only the database's own
    tables (:func:`cxtools.data.io.sources.open_duckdb_database`).
    """
    import duckdb

    from cxtools.data.io.sources import check_select, open_duckdb_database, refused_by_lock

    what = "table " + repr(table) if table else "the query"
    if query is None:
        query = "SELECT * FROM " + ".".join('"' + p.replace('"', '""') + '"' for p in table.split("."))  # type: ignore[union-attr]  # a table or a query, checked by the schema
    check_select(query, f"{path}: {'table' if table else 'query'}")
    if limit is not None:
        query = f"SELECT * FROM ({query}) LIMIT {int(limit)}"
        check_select(query, f"{path}: {'table' if table else 'query'}")
    con = open_duckdb_database(path)
    try:
        frame = con.execute(query).df()
    except duckdb.Error as exc:
        if refused_by_lock(exc):
            raise CxParameterError(f"{path}: {what} is refused: it reaches outside the database ({exc}); a "
                                   "description's query may read only the tables of its DuckDB database") from None
        raise CxDataError(f"{path}: cannot read {what} ({exc})") from None
    finally:
        con.close()
    frame.index = frame.index + 1
    frame.index.name = "row"
    return frame


# ======================================================================= loading the file
def _semantic_problems(model) -> list[tuple[tuple, str]]:
    """Checks across keys that pydantic's per-field validators cannot make."""
    from cxtools.data.description._schema import ROLES, did_you_mean

    problems: list[tuple[tuple, str]] = []
    for name, roles in ROLES.items():
        spec = getattr(model, name)
        if spec is None:
            continue
        for src, role in spec.columns.items():
            if role not in roles:
                problems.append(((name, "columns", src), f"{role!r} is not a role of {name} "
                                 f"(roles: {', '.join(roles)})" + did_you_mean(role, roles)))
        if spec.sheet is not None and (spec.format or guess_format(Path(spec.file or "x.csv"))) != "excel":
            problems.append(((name, "sheet"), "sheet belongs to Excel sources"))
    survey = model.survey
    if survey is not None:
        scales = dict(_io_survey_scales())
        scales.update(survey.scales)
        if survey.recommend is not None:
            scale = scale_for(survey.recommend, scales)
            if scale is None:
                problems.append((("survey", "recommend"), f"no scale is known for {survey.recommend!r}; "
                                 "add it under survey.scales (NPS needs [0, 10])"))
            elif scale != (0, 10):
                problems.append((("survey", "recommend"), (
                    f"NPS needs a 0-10 likelihood-to-recommend item; {survey.recommend!r} is on a "
                    f"{scale[0]}-{scale[1]} scale. cxtools does not rescale it (the NPS groups 0-6, 7-8, 9-10 "
                    "have no counterpart on other scales): leave recommend empty to skip NPS, or name a 0-10 item")))
        for role in ("overall_satisfaction",):
            item = getattr(survey, role)
            if item is not None and scale_for(item, scales) is None:
                problems.append((("survey", role), f"no scale is known for {item!r}; add it under survey.scales"))
        for kind in ("csat", "ces"):
            box = getattr(survey, kind)
            if box is None:
                continue
            scale = box.scale or scale_for(box.item, scales)
            if scale is None:
                problems.append(((("survey", kind, "item")), f"no scale is known for {box.item!r}; give "
                                 f"survey.{kind}.scale or add it under survey.scales"))
                continue
            for which in ("top_box", "bottom_box"):
                values = getattr(box, which) or []
                outside = [v for v in values if not scale[0] <= v <= scale[1]]
                if outside:
                    problems.append(((("survey", kind, which)),
                                     f"answers {outside} are outside the item's {scale[0]}-{scale[1]} scale"))
            if box.top_box and box.bottom_box and set(box.top_box) & set(box.bottom_box):
                problems.append(((("survey", kind, "bottom_box")),
                                 f"answers {sorted(set(box.top_box) & set(box.bottom_box))} are in both boxes"))
        for i, item in enumerate(survey.reversed):
            if scale_for(item, scales) is None:
                problems.append((("survey", "reversed", i), f"no scale is known for {item!r}, so it cannot be "
                                 "reversed; add it under survey.scales"))
    if model.employees is not None and model.employees.enps is not None:
        scale = scale_for(model.employees.enps, model.employees.scales)
        if scale is not None and scale != (0, 10):
            problems.append((("employees", "enps"), f"eNPS needs a 0-10 item; {model.employees.enps!r} is on "
                             f"{scale[0]}-{scale[1]}; it is not rescaled"))
    return problems


ALLOW_KEY = "allow_files_outside"


def _roots(model, data_dir: Path) -> tuple[list[Path], list[tuple[tuple, str]]]:
    """The folders a description may read from: the data folder and each valid ``allow_files_outside`` entry."""
    roots, problems = [Path(data_dir).resolve()], []
    for i, folder in enumerate(getattr(model, ALLOW_KEY, None) or []):
        where = (ALLOW_KEY, i)
        if not isinstance(folder, str) or not folder.strip():
            problems.append((where, f"expected an absolute folder path, got {folder!r}"))
        elif not Path(folder).is_absolute():
            problems.append((where, f"{folder!r} is not an absolute path; name the folder in full, e.g. "
                             "/srv/exports (no ~, no ..-relative paths)"))
        elif not Path(folder).is_dir():
            problems.append((where, f"folder {folder!r} not found"))
        else:
            roots.append(Path(folder).resolve())
    return roots, problems


def _inside(path: Path, roots: list[Path]) -> bool:
    """Whether ``path``, with every symbolic link and ``..`` resolved, is inside one of ``roots``."""
    try:
        resolved = Path(path).resolve()
    except (OSError, RuntimeError):  # a symbolic link loop
        return False
    return any(resolved == root or root in resolved.parents for root in roots)


def _outside_message(source: str, key: str, given: str, path: Path, data_dir: Path) -> str:
    try:
        resolved = str(Path(path).resolve())
    except (OSError, RuntimeError):
        resolved = "a symbolic link loop"
    return (f"refused: {source}.{key} {given!r} resolves to {resolved}, outside the data folder "
            f"{str(Path(data_dir).resolve())}; a data description reads only files inside its data folder. To read "
            f"it anyway, name its folder at the top level of cxtools.yaml, e.g. {ALLOW_KEY}: "
            f"[\"{Path(resolved).parent}\"] (absolute, existing folders)")


def source_path(spec, name: str, data_dir: Path) -> Path:
    """Where a (file) source's ``file`` points: relative names are taken from ``data_dir``."""
    file = spec.file or f"{name}.csv"
    path = Path(os.path.expanduser(file))
    return path if path.is_absolute() else Path(data_dir) / path


def _reach_problems(model, data_dir: Path) -> list[tuple[tuple, str]]:
    """Where the description reaches beyond its data folder, or asks to run more than one SELECT.

    Every ``file`` (also a DuckDB database and a Parquet folder with the files in it) must
    resolve inside the data folder or a folder listed under ``allow_files_outside``; a
    ``query`` must be exactly one SELECT (DuckDB's parser decides), and a DuckDB source's
    query or table must not reach outside its database (DuckDB binds it on the locked
    connection the loaders use, so check and run refuse the same things).
    """
    import duckdb

    from cxtools.data.description._engine_sources import ENGINE_FORMATS
    from cxtools.data.description._schema import SOURCES
    from cxtools.data.io.sources import open_duckdb_database, refused_by_lock, select_problem

    roots, problems = _roots(model, data_dir)
    for name in SOURCES:
        spec = getattr(model, name)
        if spec is None:
            continue
        if spec.query is not None:
            why = select_problem(spec.query)
            if why:
                problems.append(((name, "query"), f"refused: {name}.query is not allowed: {why}"))
                continue
        if spec.format in ENGINE_FORMATS:
            url = spec.connection or ""
            for scheme in ("duckdb://", "sqlite://"):
                rest = url[len(scheme):] if url.startswith(scheme) else ""
                if rest and not rest.startswith((":memory:", "md:")):
                    path = Path(os.path.expanduser(rest))
                    path = path if path.is_absolute() else Path(data_dir) / path
                    if not _inside(path, roots):
                        problems.append(((name, "connection"),
                                         _outside_message(name, "connection", rest, path, data_dir)))
            continue
        path = source_path(spec, name, data_dir)
        if not _inside(path, roots):
            problems.append(((name, "file"), _outside_message(name, "file", spec.file or path.name, path, data_dir)))
            continue
        if path.is_dir():
            try:
                links = [p for p in path.rglob("*") if p.is_symlink() and not _inside(p, roots)]
            except OSError:
                links = []
            if links:
                problems.append(((name, "file"), _outside_message(name, "file", str(links[0].relative_to(path)),
                                                                   links[0], data_dir)))
            continue
        fmt = spec.format or guess_format(path, sep=spec.sep)
        if fmt != "duckdb" or not path.is_file():
            continue
        sql = spec.query or "SELECT * FROM " + ".".join('"' + p.replace('"', '""') + '"' for p in spec.table.split("."))
        try:
            con = open_duckdb_database(path)
        except CxDataError:
            continue  # not a database DuckDB can open: the check of the file says so
        try:
            con.sql(sql)  # binds the query, which is where DuckDB refuses a file, extension or setting
        except duckdb.Error as exc:
            if refused_by_lock(exc):
                key = "query" if spec.query else "table"
                problems.append(((name, key), f"refused: {name}.{key} reaches outside the DuckDB database "
                                 f"({str(exc).splitlines()[0]}); a description's query may read only the tables "
                                 "of its database, in exactly one SELECT"))
        finally:
            con.close()
    return problems


_SYNONYMS = {"separator": "sep", "delimiter": "sep", "delim": "sep", "seperator": "sep", "path": "file",
             "filename": "file", "file_name": "file", "sheet_name": "sheet", "worksheet": "sheet",
             "mapping": "columns", "rename": "columns", "column_map": "columns", "decimal_mark": "decimal",
             "thousands_separator": "thousands", "dateformat": "date_format", "date": "date_format",
             "lang": "language", "nps": "recommend", "reverse": "reversed", "reversed_items": "reversed",
             "contract": "contracts", "unit": "time_unit", "pii": "personal", "personal_data": "personal"}


def _keys_at(loc) -> list[str]:
    """The keys the model allows at ``loc`` (a pydantic location without its last part)."""
    import typing

    from pydantic import BaseModel

    from cxtools.data.description._schema import DescriptionModel

    def model_in(annotation):
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            return annotation
        for arg in typing.get_args(annotation):
            found = model_in(arg)
            if found is not None:
                return found
        return None

    current = DescriptionModel
    expect_key = False
    for part in loc:
        if expect_key:
            expect_key = False
            continue
        if current is None or part not in current.model_fields:
            return []
        annotation = current.model_fields[part].annotation
        origin_args = [a for a in typing.get_args(annotation) if a is not type(None)]
        dict_like = typing.get_origin(annotation) is dict or any(typing.get_origin(a) is dict for a in origin_args)
        current = model_in(annotation)
        expect_key = dict_like
    return sorted(current.model_fields) if current is not None else []


def _clean_message(error: dict) -> str:
    from cxtools.data.description._schema import did_you_mean, known_keys

    if error["type"] == "extra_forbidden":
        key = str(error["loc"][-1])
        options = _keys_at(error["loc"][:-1]) or sorted(known_keys())
        synonym = _SYNONYMS.get(key.lower().replace("-", "_"))
        if synonym in options:
            return f"unknown key {key!r}; did you mean {synonym!r}?"
        return f"unknown key {key!r}" + did_you_mean(key, options)
    msg = error["msg"]
    for prefix in ("Value error, ", "Assertion failed, "):
        if msg.startswith(prefix):
            msg = msg[len(prefix):]
    if error["type"] == "missing":
        return "this key is required"
    if error["type"] in ("model_type", "dict_type") and not isinstance(error.get("input"), dict):
        return f"expected a mapping of keys (key: value lines), got {error.get('input')!r}"
    return msg


def parse_description(data: Any, lines: dict[tuple, int], *, source: str, data_dir: Path,
                      config_path: Path | None) -> DataDescription:
    """Validate parsed YAML data; raise :class:`CxDescriptionError` listing every problem."""
    from pydantic import ValidationError

    from cxtools.data.description._schema import SOURCE_ALIASES, DescriptionModel

    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise CxDescriptionError(source, [("", 1, "the description must be a mapping of keys (key: value lines)")])
    aliases = {}
    for alias, canonical in SOURCE_ALIASES.items():
        if alias in data:
            if canonical in data:
                raise CxDescriptionError(source, [(alias, lines.get((alias,)), f"give either {alias} or {canonical}, "
                                                   "not both (they are the same source)")])
            data = {(canonical if k == alias else k): v for k, v in data.items()}
            for path, line in list(lines.items()):
                if path[:1] == (alias,):
                    lines[(canonical,) + path[1:]] = line
            aliases[canonical] = alias

    def shown(key: str) -> str:
        for canonical, alias in aliases.items():
            if key == canonical or key.startswith(canonical + ".") or key.startswith(canonical + "["):
                return alias + key[len(canonical):]
        return key

    try:
        model = DescriptionModel.model_validate(data)
    except ValidationError as exc:
        problems = []
        seen = set()
        for error in exc.errors():
            key, line = format_location(error["loc"], lines)  # type: ignore[assignment]  # a problem may have no line
            message = _clean_message(error)  # type: ignore[arg-type]  # pydantic's error details are a dict
            if (key, message) in seen:
                continue
            seen.add((key, message))
            problems.append((shown(key), line, message))
        raise CxDescriptionError(source, problems) from None  # type: ignore[arg-type]  # a problem may have no line
    semantic = _semantic_problems(model) + _reach_problems(model, data_dir)
    if semantic:
        problems = []
        for loc, message in semantic:
            key, line = format_location(loc, lines)  # type: ignore[assignment]  # a problem may have no line
            problems.append((shown(key), line, message))
        raise CxDescriptionError(source, problems)  # type: ignore[arg-type]  # a problem may have no line
    return DataDescription(model, data_dir=data_dir, config_path=config_path, aliases=aliases)


def load_description(data_dir, *, config=None) -> DataDescription:
    """Read the data description of a folder: ``cxtools.yaml`` in it, ``config``, or the sample layout.

    Parameters
    ----------
    data_dir : str or Path
        The data folder; relative file names in the description are relative to it.
    config : str or Path, optional
        A description file elsewhere (default: ``data_dir/cxtools.yaml`` when it exists,
        else the layout of the bundled sample, see ``data/samples/README.md``).

    Returns
    -------
    DataDescription

    Raises
    ------
    CxDescriptionError
        The file is not valid; the message names every key in error and its line.
    CxDataError
        ``data_dir`` or ``config`` does not exist.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "cxtools.yaml").write_text("currency: {code: USD}\\ntransactions:\\n  file: orders.txt\\n"
    ...                                          "  sep: whitespace\\n  date_format: YYYYMMDD\\n")
    >>> desc = load_description(folder)
    >>> desc.currency.format(1500)
    '1,500 $'
    >>> {k: v for k, v in desc.loader_kwargs("transactions").items() if v}
    {'sep': 'whitespace', 'date_format': '%Y%m%d'}
    >>> desc.has("transactions"), desc.has("survey")
    (False, False)
    >>> _ = (folder / "cxtools.yaml").write_text("survey:\\n  recommend: q10\\n  scales: {q10: [1, 10]}\\n")
    >>> load_description(folder)
    Traceback (most recent call last):
    ...
    cxtools.data.description.CxDescriptionError: .../cxtools.yaml: the data description has 1 problem:
      line 2, survey.recommend: NPS needs a 0-10 likelihood-to-recommend item; 'q10' is on a 1-10 scale. ...
    """
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise CxDataError(f"data folder {str(data_dir)!r} not found")
    if config is not None:
        path = Path(config)
        if not path.is_file():
            raise CxDataError(f"data description {str(path)!r} not found")
    else:
        path = data_dir / CONFIG_NAME
        if not path.is_file():
            from cxtools.data.description._schema import DescriptionModel

            model = DescriptionModel.model_validate(SAMPLE_LAYOUT)
            return DataDescription(model, data_dir=data_dir, config_path=None)
    data, lines = read_yaml_with_lines(read_text(path), str(path))
    return parse_description(data, lines, source=str(path), data_dir=data_dir, config_path=path)
