"""The pydantic models of ``cxtools.yaml`` and the checks that need more than one key."""

from __future__ import annotations

import codecs
import re
from typing import Annotated, Any, Literal, Union

from cxtools.core.checks import did_you_mean  # noqa: F401  (one wording of the hint; used by the description modules)
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

#: Sources a description can name, in reading order, with the ``cxtools.data.io`` loader of each.
SOURCES: dict[str, str | None] = {
    "customers": "load_customers",
    "subscriptions": "load_subscriptions",
    "transactions": "load_transactions",
    "survey": "load_survey",
    "kano": "load_kano",
    "incidents": "load_incidents",
    "operations": "load_operations",
    "employees": "load_employee_survey",
    "units": "load_units",
    "customer_units": "load_customer_units",
}
#: Other names accepted for a source.
SOURCE_ALIASES = {"contracts": "subscriptions"}

#: The roles (column names after renaming) each fixed-schema source knows.
ROLES: dict[str, tuple[str, ...]] = {
    "customers": ("customer_id", "name", "email", "phone", "region", "segment", "signup_date", "unit"),
    "subscriptions": ("customer_id", "start_date", "end_date", "plan", "n_products", "monthly_revenue",
                      "monthly_margin"),
    "transactions": ("transaction_id", "customer_id", "timestamp", "amount", "product", "channel", "is_refund"),
    "kano": ("respondent_id", "attribute", "functional", "dysfunctional"),
    "incidents": ("incident_id", "customer_id", "valence", "category"),
    "operations": ("customer_id", "avg_wait_minutes", "n_contacts", "n_repeat_contacts", "n_complaints",
                   "first_contact_resolution", "unit"),
    "units": ("unit_id", "unit_name", "region", "unit_type"),
    "customer_units": ("customer_id", "unit_id"),
}
DATE_ROLES = ("timestamp", "signup_date", "start_date", "end_date", "response_date")
NUMBER_ROLES = ("amount", "monthly_revenue", "monthly_margin", "n_products", "weight", "avg_wait_minutes",
                "n_contacts", "n_repeat_contacts", "n_complaints", "first_contact_resolution")

SEPARATORS = {",": ",", ";": ";", "\t": "\t", "|": "|", "whitespace": "whitespace",
              "comma": ",", "semicolon": ";", "tab": "\t", "\\t": "\t", "pipe": "|", "space": "whitespace",
              "spaces": "whitespace"}
FORMATS = ("csv", "text", "parquet", "excel", "duckdb", "spark", "ibis")
TIME_UNITS = {"day": "day", "days": "day", "week": "week", "weeks": "week", "month": "month", "months": "month",
              "quarter": "quarter", "quarters": "quarter", "year": "year", "years": "year"}
#: Friendly date patterns -> strftime.
DATE_TOKENS = {
    "YYYY-MM-DD": "%Y-%m-%d", "YYYY-MM-DD HH:MM:SS": "%Y-%m-%d %H:%M:%S", "YYYY-MM-DD HH:MM": "%Y-%m-%d %H:%M",
    "YYYYMMDD": "%Y%m%d", "YYYYMMDD HH:MM:SS": "%Y%m%d %H:%M:%S", "DD.MM.YYYY": "%d.%m.%Y",
    "DD.MM.YYYY HH:MM:SS": "%d.%m.%Y %H:%M:%S", "DD.MM.YYYY HH:MM": "%d.%m.%Y %H:%M", "DD/MM/YYYY": "%d/%m/%Y",
    "MM/DD/YYYY": "%m/%d/%Y", "YYYY/MM/DD": "%Y/%m/%d", "DD-MM-YYYY": "%d-%m-%Y",
}
THOUSANDS = {" ": " ", "space": " ", "\u00a0": "\u00a0", "nbsp": "\u00a0", "\u202f": "\u202f", ",": ",",
             ".": ".", "'": "'", "_": "_"}
#: Whitespace marks are kept by name in the model (its strings are stripped) and turned back
#: into the character for the loaders by :func:`thousands_mark`.
_SPACE_NAMES = {" ": "space", "\u00a0": "nbsp", "\u202f": "narrow nbsp"}


def thousands_mark(value: str | None) -> str | None:
    """The thousands character a loader needs from the model's value (``"space"`` -> ``" "``)."""
    names = {v: k for k, v in _SPACE_NAMES.items()}
    return names.get(value, value)  # type: ignore[arg-type]  # None passes through
CURRENCY_SYMBOLS = {"RUB": "\u20bd", "USD": "$", "EUR": "\u20ac", "GBP": "\u00a3", "KZT": "\u20b8",
                    "UAH": "\u20b4", "CNY": "\u00a5", "JPY": "\u00a5", "INR": "\u20b9", "TRY": "\u20ba"}

_STRICT = ConfigDict(extra="forbid", populate_by_name=True, str_strip_whitespace=True)




def _scale(value: Any) -> tuple[int, int]:
    """``[1, 5]``, ``(1, 5)`` or ``"1-5"`` -> ``(1, 5)``; whole numbers, lowest below highest."""
    if isinstance(value, str):
        m = re.fullmatch(r"\s*(-?\d+)\s*(?:-|\.\.|to|–)\s*(-?\d+)\s*", value)
        if not m:
            raise ValueError(f"a scale is written [lowest, highest] or 'lowest-highest', e.g. [1, 5]; got {value!r}")
        value = (m.group(1), m.group(2))
    try:
        lo, hi = value
        lo_f, hi_f = float(lo), float(hi)
    except (TypeError, ValueError):
        raise ValueError(f"a scale is written [lowest, highest], e.g. [1, 5]; got {value!r}") from None
    if lo_f != int(lo_f) or hi_f != int(hi_f):
        raise ValueError(f"scale ends must be whole numbers, got {value!r}")
    if lo_f >= hi_f:
        raise ValueError(f"the lowest answer ({lo_f:g}) must be below the highest ({hi_f:g})")
    return int(lo_f), int(hi_f)


Scale = Annotated[tuple[int, int], BeforeValidator(_scale)]


class SourceSpec(BaseModel):
    """Where one source is and how to read it."""

    model_config = _STRICT

    file: str | None = Field(None, description="file or folder, relative to the data folder")
    format: Literal["csv", "text", "parquet", "excel", "duckdb", "spark", "ibis"] | None = None
    sep: str | None = None
    encoding: str | None = None
    decimal: Literal[".", ","] | None = None
    thousands: str | None = None
    date_format: str | None = None
    sheet: Union[int, str, None] = None
    table: str | None = None
    query: str | None = None
    connection: str | None = Field(None, description="an Ibis connection URL (format: ibis), e.g. "
                                   "postgres://user@host/db or duckdb://warehouse.db")
    columns: dict[str, str] = Field(default_factory=dict)
    personal: list[str] = Field(default_factory=list)

    @field_validator("sep", mode="before")
    @classmethod
    def _sep(cls, v):
        if v is None:
            return None
        if v not in SEPARATORS:
            raise ValueError(f"sep must be one of ',', ';', tab, '|' or whitespace; got {v!r}")
        return SEPARATORS[v]

    @field_validator("encoding")
    @classmethod
    def _encoding(cls, v):
        if v is None:
            return None
        key = v.lower().replace("_", "-")
        if key in ("utf-8-bom", "utf8-bom", "utf-8 bom", "utf-8-with-bom"):
            return "utf-8-sig"
        try:
            codecs.lookup(key)
        except LookupError:
            raise ValueError(f"unknown text encoding {v!r}; common ones: utf-8, utf-8-sig (with BOM), cp1251, "
                             "koi8-r, utf-16") from None
        return key

    @field_validator("thousands", mode="before")
    @classmethod
    def _thousands(cls, v):
        if v is None or v == "":
            return None
        if v not in THOUSANDS:
            raise ValueError(f"thousands must be one of space, nbsp, ',', '.', \"'\" or empty; got {v!r}")
        mark = THOUSANDS[v]
        return _SPACE_NAMES.get(mark, mark)

    @field_validator("date_format")
    @classmethod
    def _date_format(cls, v):
        if v is None:
            return None
        if v.upper() in DATE_TOKENS:
            return DATE_TOKENS[v.upper()]
        if "%" not in v:
            raise ValueError(f"date_format is a strftime pattern such as '%Y%m%d' or one of "
                             f"{sorted(DATE_TOKENS)}; got {v!r}" + did_you_mean(v.upper(), DATE_TOKENS))
        import datetime

        try:
            datetime.datetime(2024, 1, 31, 13, 45, 10).strftime(v)
        except ValueError as exc:
            raise ValueError(f"date_format {v!r} is not a valid strftime pattern ({exc})") from None
        return v

    @field_validator("columns")
    @classmethod
    def _columns(cls, v):
        targets = list(v.values())
        dupes = sorted({t for t in targets if targets.count(t) > 1})
        if dupes:
            raise ValueError(f"several columns are mapped to the same role {dupes}")
        return v

    @model_validator(mode="after")
    def _location(self):
        if self.decimal is not None and self.thousands is not None and self.decimal == thousands_mark(self.thousands):
            raise ValueError(f"decimal and thousands marks must differ (both {self.decimal!r})")
        fmt = self.format
        if self.table is not None and self.query is not None:
            raise ValueError("give either table or query for a DuckDB, Spark or Ibis source, not both")
        if (self.table or self.query) and fmt not in (None, "duckdb", "spark", "ibis"):
            raise ValueError(f"table and query belong to DuckDB, Spark and Ibis sources; this one has format {fmt!r}")
        names = {"duckdb": "A DuckDB", "spark": "A Spark", "ibis": "An Ibis"}
        if fmt in names and not (self.table or self.query):
            raise ValueError(f"{names[fmt]} source needs the table (or an SQL query) to read")
        if fmt == "ibis" and not self.connection:
            raise ValueError("an Ibis source needs a connection URL, e.g. connection: postgres://user@host/db "
                             "or connection: duckdb://warehouse.db")
        if self.connection is not None and fmt != "ibis":
            raise ValueError(f"connection belongs to Ibis sources (format: ibis); this one has format {fmt!r}")
        if fmt in ("spark", "ibis") and self.file is not None:
            raise ValueError(f"a {fmt} source is a table, not a file: give table (or query), not file")
        return self


class EmployeesSpec(SourceSpec):
    """An employee survey (engagement items, eNPS, unit, wave)."""

    scales: dict[str, Scale] = Field(default_factory=dict)
    reversed: list[str] = Field(default_factory=list)
    enps: str | None = None
    engagement: list[str] = Field(default_factory=list)
    unit: str | None = None
    wave: str | None = None


class BoxItem(BaseModel):
    """A CSAT or CES item: its column, scale and the answers counted in the top and bottom boxes."""

    model_config = _STRICT

    item: str
    scale: Scale | None = None
    top_box: list[int] | None = None
    bottom_box: list[int] | None = None


class SurveySpec(SourceSpec):
    """The survey export and the part each of its items plays."""

    scales: dict[str, Scale] = Field(default_factory=dict)
    reversed: list[str] = Field(default_factory=list)
    overall_satisfaction: str | None = None
    recommend: str | None = None
    csat: BoxItem | None = None
    ces: BoxItem | None = None
    attributes: list[str] | None = None
    importance: list[str] | None = None
    likert: list[str] = Field(default_factory=list)
    segment: str | None = None
    wave: str | None = None
    weight: str | None = None
    customer_link: str | None = None
    response_date: str | None = None

    @field_validator("csat", "ces", mode="before")
    @classmethod
    def _box(cls, v):
        return {"item": v} if isinstance(v, str) else v

    @field_validator("attributes", "importance", mode="before")
    @classmethod
    def _item_list(cls, v):
        return [v] if isinstance(v, str) else v


class CurrencySpec(BaseModel):
    model_config = _STRICT

    code: str = "RUB"
    symbol: str | None = None
    position: Literal["before", "after"] = "after"

    @field_validator("code")
    @classmethod
    def _code(cls, v):
        if not re.fullmatch(r"[A-Za-z]{3}", v):
            raise ValueError(f"currency code is the three-letter ISO 4217 code (RUB, USD, EUR, ...); got {v!r}")
        return v.upper()


class TargetSpec(BaseModel):
    model_config = _STRICT

    value: float
    direction: Literal["higher", "lower"] = "higher"
    unit: str | None = None


class DescriptionModel(BaseModel):
    """The whole ``cxtools.yaml``."""

    model_config = _STRICT

    version: Literal[1] = 1
    language: Literal["en", "ru"] = "en"
    currency: CurrencySpec = Field(default_factory=CurrencySpec)
    time_unit: str = "month"
    as_of: Any = None
    targets: dict[str, TargetSpec] = Field(default_factory=dict)
    allow_files_outside: list[str] = Field(
        default_factory=list, description="absolute folders outside the data folder that file (and a DuckDB or "
        "Parquet path) may point into; by default every path must resolve inside the data folder")
    customers: SourceSpec | None = None
    subscriptions: SourceSpec | None = None
    transactions: SourceSpec | None = None
    survey: SurveySpec | None = None
    kano: SourceSpec | None = None
    incidents: SourceSpec | None = None
    operations: SourceSpec | None = None
    employees: EmployeesSpec | None = None
    units: SourceSpec | None = None
    customer_units: SourceSpec | None = None

    @field_validator("allow_files_outside", mode="before")
    @classmethod
    def _allow_files_outside(cls, v):
        if v is None:
            return []
        if isinstance(v, str):
            return [v]
        return v

    @field_validator("currency", mode="before")
    @classmethod
    def _currency(cls, v):
        return {"code": v} if isinstance(v, str) else v

    @field_validator("time_unit")
    @classmethod
    def _time_unit(cls, v):
        key = v.lower()
        if key not in TIME_UNITS:
            raise ValueError(f"time_unit must be one of day, week, month, quarter, year; got {v!r}"
                             + did_you_mean(key, ["day", "week", "month", "quarter", "year"]))
        return TIME_UNITS[key]

    @field_validator("as_of", mode="before")
    @classmethod
    def _as_of(cls, v):
        if v is None:
            return None
        import pandas as pd

        try:
            ts = pd.Timestamp(str(v))
        except (ValueError, TypeError):
            raise ValueError(f"as_of must be a date such as 2026-06-30; got {v!r}") from None
        if pd.isna(ts):
            raise ValueError(f"as_of must be a date such as 2026-06-30; got {v!r}")
        return ts.normalize()

    @field_validator("targets", mode="before")
    @classmethod
    def _targets(cls, v):
        if v is None:
            return {}
        if isinstance(v, dict):
            return {k: {"value": t} if isinstance(t, (int, float)) and not isinstance(t, bool) else t
                    for k, t in v.items()}
        return v


#: Every key the models know (for "did you mean" on a misspelt key).
def known_keys() -> set[str]:
    keys: set[str] = set(SOURCE_ALIASES)
    for model in (DescriptionModel, SourceSpec, SurveySpec, EmployeesSpec, BoxItem, CurrencySpec, TargetSpec):
        keys |= set(model.model_fields)
    return keys
