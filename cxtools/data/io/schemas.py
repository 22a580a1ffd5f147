"""What the loaders expect of each source: declared columns, their types, ranges and meaning.

:data:`SCHEMAS` maps each source (``"transactions"``, ``"survey"``, ...) to its
:class:`SourceSchema`; the loaders of :mod:`cxtools.data.io.loaders` check every row against it,
and the data description reads it to plan a load.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Mapping

import pandas as pd

__all__ = ["ColumnSpec", "SourceSchema", "SCHEMAS", "SURVEY_SCALES", "EMPLOYEE_SCALES"]


@dataclass(frozen=True)
class ColumnSpec:
    """One declared column of a source: its cxtools role, type, range and meaning.

    Attributes
    ----------
    name : str
        The role: the column name cxtools uses (map yours to it with ``columns=``). A name
        ending in ``*`` stands for a family of survey items (``rating_*``).
    type : str
        ``"id"``, ``"text"``, ``"choice"``, ``"int"``, ``"float"``, ``"bool"``, ``"date"``,
        ``"datetime"`` or ``"kano"`` (a Kano answer).
    required : bool
        The column must be present.
    not_null : bool
        Every row needs a value (an empty cell rejects the row).
    min, max : float or None
        Allowed range (inclusive) of numbers.
    label : str or None
        How messages name the column (``"NPS"``).
    unique : bool
        Values must not repeat (later repeats are rejected).
    choices : tuple of str or None
        Allowed values of a ``"choice"`` column (any letter case).
    description : str
        What the column holds, in plain words.
    personal : bool
        The column holds personal data (names, e-mail addresses, phone numbers).
    open_end : bool
        A date column where a year-9999 date (``9999-12-31``, the usual "open-ended"
        marker) means "no end yet" and is read as empty, with a note.
    """

    name: str
    type: str  # "id", "text", "choice", "int", "float", "bool", "date", "datetime", "kano"
    required: bool = False  # the column must be present
    not_null: bool = False  # every row needs a value
    min: float | None = None
    max: float | None = None
    label: str | None = None  # how messages name the column ("NPS")
    unique: bool = False
    choices: tuple[str, ...] | None = None
    description: str = ""
    personal: bool = False
    open_end: bool = False

    @property
    def what(self) -> str:
        return self.label or self.name

    @property
    def role(self) -> str:
        """The cxtools role of the column (its name in cxtools)."""
        return self.name


_Field = ColumnSpec


# ======================================================================== table schemas
_F = ColumnSpec

_CUSTOMERS = [
    _F("customer_id", "id", required=True, not_null=True, unique=True, description="customer identifier, unique"),
    _F("name", "text", description="full name", personal=True),
    _F("email", "text", description="e-mail address", personal=True),
    _F("phone", "text", description="phone number", personal=True),
    _F("region", "text", description="region, for grouping"),
    _F("segment", "text", description="customer segment, for grouping"),
    _F("signup_date", "date", required=True, not_null=True, description="first day as a customer"),
]

_SUBSCRIPTIONS = [
    _F("customer_id", "id", required=True, not_null=True, description="links to customers"),
    _F("start_date", "date", required=True, not_null=True, description="contract start"),
    _F("end_date", "date", required=True, open_end=True,
       description="contract end; empty (or a year-9999 date) = still active (right-censored)"),
    _F("plan", "text", description="plan or product bundle"),
    _F("n_products", "int", min=1, description="products in the plan"),
    _F("monthly_revenue", "float", min=0, description="revenue per month, in the data's currency"),
    _F("monthly_margin", "float", description="profit per month, in the data's currency"),
]

_TRANSACTIONS = [
    _F("transaction_id", "id", not_null=True, unique=True,
       description="transaction identifier, unique; optional: generated from row numbers when absent"),
    _F("customer_id", "id", required=True, not_null=True, description="who bought"),
    _F("timestamp", "datetime", required=True, not_null=True, description="when the purchase (or refund) happened"),
    _F("amount", "float", required=True, not_null=True,
       description="order value in the data's currency; negative only on refunds; zero-value orders are valid"),
    _F("product", "text", description="what was bought"),
    _F("channel", "text", description="where it was bought"),
]
_REFUND_DESCRIPTION = "true on refund rows (negative amounts); optional"

_SURVEY_FIXED = [
    _F("respondent_id", "id", required=True, not_null=True, unique=True, description="respondent identifier, unique"),
    _F("customer_id", "id", description="link to customers; empty when unmatched"),
    _F("respondent_name", "text", description="respondent's name", personal=True),
    _F("email", "text", description="respondent's e-mail address", personal=True),
    _F("wave", "text", description="survey wave (e.g. a quarter)"),
    _F("response_date", "date", description="when the response was given"),
    _F("segment", "text", description="customer segment, for grouping"),
    _F("region", "text", description="region, for grouping"),
    _F("weight", "float", min=0, description="design weight, not negative"),
]

#: Default answer scales of survey items: column (or prefix ending in ``*``) -> (lowest, highest).
SURVEY_SCALES: dict[str, tuple[int, int]] = {
    "nps": (0, 10),
    "csat": (1, 5),
    "ces": (1, 7),
    "overall_satisfaction": (1, 10),
    "rating_*": (1, 5),
    "importance_*": (1, 5),
    "loyalty_*": (1, 5),
}
_SCALE_LABELS = {"nps": "NPS", "csat": "CSAT", "ces": "CES", "overall_satisfaction": "overall satisfaction"}
_SCALE_DESCRIPTIONS = {
    "nps": "likelihood to recommend (the NPS item); always 0-10",
    "csat": "satisfaction with the last interaction",
    "ces": "customer effort (high = easy)",
    "overall_satisfaction": "overall satisfaction",
    "rating_*": "performance rating of each attribute",
    "importance_*": "stated importance of each attribute",
    "loyalty_*": "Likert items of a loyalty scale",
}

_KANO = [
    _F("respondent_id", "id", required=True, not_null=True, description="respondent"),
    _F("attribute", "text", required=True, not_null=True, description="the attribute asked about"),
    _F("functional", "kano", required=True, not_null=True, description="answer if the attribute is well provided"),
    _F("dysfunctional", "kano", required=True, not_null=True, description="answer if it is poorly provided"),
]

_OPERATIONS = [
    _F("customer_id", "id", required=True, not_null=True, unique=True, description="links to customers"),
    _F("avg_wait_minutes", "float", min=0, description="mean waiting time on the support line, minutes"),
    _F("n_contacts", "int", min=0, description="contacts with support"),
    _F("n_repeat_contacts", "int", min=0, description="contacts about an issue already raised"),
    _F("n_complaints", "int", min=0, description="formal complaints"),
    _F("first_contact_resolution", "float", min=0, max=1, label="first_contact_resolution",
       description="share of issues solved at first contact (0-1; empty without contacts)"),
]

_INCIDENTS = [
    _F("incident_id", "id", required=True, not_null=True, unique=True, description="incident identifier, unique"),
    _F("customer_id", "id", required=True, not_null=True, description="links to customers"),
    _F("valence", "choice", required=True, not_null=True, choices=("positive", "negative"),
       description="positive or negative"),
    _F("category", "text", required=True, not_null=True, description="coded category of the incident"),
]


@dataclass(frozen=True, repr=False)
class SourceSchema:
    """What cxtools expects of one source (table kind): its columns and their rules.

    Attributes
    ----------
    kind : str
        The source (``"transactions"``, ``"survey"``, ...); also the ``load_<kind>``
        function that reads it.
    description : str
        What one row is.
    columns : tuple of ColumnSpec
        Declared columns in the usual order. Columns a table has beyond these are kept
        (see the loaders). Survey item families are given as patterns (``rating_*``)
        with their default scales in ``min`` / ``max``.

    Examples
    --------
    >>> SCHEMAS["incidents"]
    SourceSchema(incidents: incident_id*, customer_id*, valence*, category*)
    >>> SCHEMAS["incidents"].required
    ('incident_id', 'customer_id', 'valence', 'category')
    >>> SCHEMAS["transactions"].to_frame().loc[3, ["role", "type", "required"]]
    role        amount
    type         float
    required      True
    Name: 3, dtype: object
    """

    kind: str
    description: str
    columns: tuple[ColumnSpec, ...]

    @property
    def required(self) -> tuple[str, ...]:
        """Roles that must be present."""
        return tuple(c.name for c in self.columns if c.required)

    @property
    def optional(self) -> tuple[str, ...]:
        """Roles that may be absent."""
        return tuple(c.name for c in self.columns if not c.required)

    @property
    def personal(self) -> tuple[str, ...]:
        """Roles holding personal data."""
        return tuple(c.name for c in self.columns if c.personal)

    def __getitem__(self, role: str) -> ColumnSpec:
        for c in self.columns:
            if c.name == role:
                return c
        raise KeyError(f"the {self.kind} schema has no column {role!r}; it has {[c.name for c in self.columns]}")

    def to_frame(self) -> pd.DataFrame:
        """One row per column: role, type, required, not_null, unique, min, max, choices,
        personal, description."""
        return pd.DataFrame([{
            "role": c.name, "type": c.type, "required": c.required, "not_null": c.not_null,
            "unique": c.unique, "min": c.min, "max": c.max,
            "choices": None if c.choices is None else ", ".join(c.choices),
            "personal": c.personal, "description": c.description,
        } for c in self.columns], columns=["role", "type", "required", "not_null", "unique", "min", "max",
                                            "choices", "personal", "description"]).astype({"min": object, "max": object})

    def __repr__(self) -> str:
        names = ", ".join(c.name + ("*" if c.required else "") for c in self.columns)
        return f"SourceSchema({self.kind}: {names})"


def _survey_item_specs() -> tuple[ColumnSpec, ...]:
    return tuple(_F(key, "int", min=lo, max=hi, label=_SCALE_LABELS.get(key), description=_SCALE_DESCRIPTIONS[key])
                 for key, (lo, hi) in SURVEY_SCALES.items())


def _uniques(fields: list[_Field]) -> list[tuple[str, ...]]:
    return [(f.name,) for f in fields if f.unique]


# ============================================================================ the employee layer
# Employee survey, service units and the customer -> unit link (the bottom layer of the CX
# pie).
#: Default answer scales of employee-survey items: column (or prefix ending in ``*``) -> (lowest, highest).
EMPLOYEE_SCALES: dict[str, tuple[int, int]] = {
    "enps": (0, 10),
    "engagement_*": (1, 5),
}

_EMPLOYEE_SURVEY_FIXED = [
    _Field("employee_id", "id", required=True, not_null=True,
           description="pseudonymous employee id; one answer per employee and wave"),
    _Field("unit_id", "id", required=True, not_null=True, description="the unit (branch, store, team) the employee works in"),
    _Field("wave", "text", description="survey wave"),
    _Field("response_date", "date", description="date of the answer"),
]

_UNITS = [
    _Field("unit_id", "id", required=True, not_null=True, unique=True, description="unit id"),
    _Field("unit_name", "text", description="name of the unit"),
    _Field("region", "text", description="region the unit serves"),
    _Field("unit_type", "text", description="kind of unit (branch, store, team)"),
]

_CUSTOMER_UNITS = [
    _Field("customer_id", "id", required=True, not_null=True, unique=True,
           description="customer; one unit per customer (the one that mainly serves them)"),
    _Field("unit_id", "id", required=True, not_null=True, description="the unit serving the customer"),
]


#: The sources the loaders read, with their declared columns: ``SCHEMAS[kind]`` is a
#: :class:`SourceSchema` (``.columns``, ``.required``, ``.to_frame()``).
SCHEMAS: Mapping[str, SourceSchema] = MappingProxyType({
    "customers": SourceSchema("customers", "one row per customer", tuple(_CUSTOMERS)),
    "subscriptions": SourceSchema("subscriptions", "one row per contract", tuple(_SUBSCRIPTIONS)),
    "transactions": SourceSchema("transactions", "one row per purchase or refund", tuple(
        _TRANSACTIONS + [_F("is_refund", "bool", description=_REFUND_DESCRIPTION)])),
    "survey": SourceSchema("survey", "one row per survey response", tuple(_SURVEY_FIXED) + _survey_item_specs()),
    "kano": SourceSchema("kano", "one row per respondent and attribute of a Kano questionnaire", tuple(_KANO)),
    "operations": SourceSchema("operations", "one row per customer: operational measures", tuple(_OPERATIONS)),
    "incidents": SourceSchema("incidents", "one row per coded critical incident", tuple(_INCIDENTS)),
    "employee_survey": SourceSchema("employee_survey", "one row per employee and wave", tuple(_EMPLOYEE_SURVEY_FIXED) + tuple(
        _Field(key, "int", min=lo, max=hi, label="eNPS" if key == "enps" else None,
               description="0-10: how likely to recommend us as an employer" if key == "enps" else f"item on {lo}-{hi}")
        for key, (lo, hi) in EMPLOYEE_SCALES.items())),
    "units": SourceSchema("units", "one row per service unit", tuple(_UNITS)),
    "customer_units": SourceSchema("customer_units", "one row per customer: the unit that serves them",
                                   tuple(_CUSTOMER_UNITS)),
})
