"""Sample data for the employee layer: units, the customers they serve, an employee survey.

The bottom layer of the CX pie is the people who run the operations. This generator adds it to
a :class:`cxtools.data.samples.SampleData` set without changing any of its tables (the bundled
files stay what they are) and plants a documented chain

    unit engagement  ->  the unit's operations (waits, repeat contacts)  ->  its customers' satisfaction

Planted structure (all recorded in ``truth["units"]``):

- every region has ``units_per_region`` service units (branches); each unit has a latent
  quality ``q`` (its rank, standardised);
- customers are allocated to the units of their region by a score that is higher for better
  operations and higher satisfaction: ``score = z(operations) + z(satisfaction) + N(0, 1)``,
  where ``operations = -0.08 * (avg_wait_minutes - 5) - 0.3 * n_repeat_contacts`` (the planted
  operations part of the customers' experience, see ``truth["operations"]``) and satisfaction is
  the survey's overall satisfaction for respondents (a standard normal draw for the others);
  within a region the best-scored sixth goes to the best unit, and so on. Units therefore
  differ in their customers' waits, repeat contacts and satisfaction;
- unit engagement ``E = link * q + sqrt(1 - link**2) * N(0, 1)`` (``link`` = ``engagement_link``,
  0.6 by default; 0 switches the chain off);
- employees: 8 to 25 per unit, answering two waves; five engagement items on 1-5,
  ``round(3.3 + 0.6 * E + 0.5 * person + 0.6 * N(0, 1))``, and the eNPS question on 0-10,
  ``round(7 + 1.4 * E + 1.2 * person + 1.3 * N(0, 1))``, both clipped to the scale.

Examples
--------
>>> from cxtools.data.samples import make_sample_data
>>> units = make_unit_data(make_sample_data(400, seed=1), seed=1)
>>> sorted(units.tables())
['customer_units', 'employee_survey', 'units']
>>> units.units.shape[0], units.truth["engagement_link"]
(30, 0.6)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

import numpy as np
import pandas as pd

from cxtools.data.samples._tables import _TableSet

__all__ = ["UnitData", "make_unit_data", "UNIT_COLUMNS"]

#: File stem -> columns, in order.
UNIT_COLUMNS: dict[str, tuple[str, ...]] = {
    "units": ("unit_id", "unit_name", "region", "unit_type"),
    "customer_units": ("customer_id", "unit_id"),
    "employee_survey": ("employee_id", "unit_id", "wave", "response_date", "enps", "engagement_1",
                        "engagement_2", "engagement_3", "engagement_4", "engagement_5"),
}
_EMPLOYEE_WAVES = (("2025H2", "2025-10-15"), ("2026H1", "2026-04-15"))


@dataclass(frozen=True, eq=False)
class UnitData(_TableSet):
    """The employee-layer tables and their planted truth.

    Attributes
    ----------
    units, customer_units, employee_survey : DataFrame
        See ``data/samples/README.md``.
    truth : dict
        The planted parameters, including each unit's latent quality and engagement.
    """

    units: pd.DataFrame
    customer_units: pd.DataFrame
    employee_survey: pd.DataFrame
    truth: dict = field(default_factory=dict)
    _stems: ClassVar[tuple[str, ...]] = tuple(UNIT_COLUMNS)

    def __repr__(self) -> str:
        return f"UnitData({self._counts()} rows; engagement_link={self.truth.get('engagement_link')})"


def _z(x: np.ndarray) -> np.ndarray:
    sd = x.std()
    return (x - x.mean()) / sd if sd > 0 else np.zeros_like(x)


def make_unit_data(sample, *, seed: int = 2026, engagement_link: float = 0.6,
                   units_per_region: int = 6) -> UnitData:
    """Generate units, the customer-to-unit link and an employee survey for a sample data set.

    Parameters
    ----------
    sample : SampleData
        From :func:`cxtools.data.samples.make_sample_data` (clean or dirty; bad rows are ignored).
    seed : int, default 2026
        Seeds a random stream of its own (the sample's tables are not touched).
    engagement_link : float, default 0.6
        Correlation between unit engagement and the unit's latent quality; 0 switches the chain off.
    units_per_region : int, default 6

    Returns
    -------
    UnitData
    """
    from cxtools.core.checks import check_share, check_whole_number

    link = check_share(abs(engagement_link), func="make_unit_data", name="engagement_link") * np.sign(engagement_link)
    k = check_whole_number(units_per_region, func="make_unit_data", name="units_per_region", minimum=2)
    rng = np.random.default_rng([int(seed), 16])

    customers = sample.customers.drop_duplicates("customer_id")
    customers = customers[customers["customer_id"].astype(str).str.fullmatch(r"C\d+")]
    ops = sample.operations.drop_duplicates("customer_id").set_index("customer_id")
    ops = ops.reindex(customers["customer_id"])
    wait = pd.to_numeric(ops["avg_wait_minutes"], errors="coerce").fillna(5.0).to_numpy(float)
    repeat = pd.to_numeric(ops["n_repeat_contacts"], errors="coerce").fillna(0).to_numpy(float)
    operations = -0.08 * (wait - 5.0) - 0.3 * repeat
    survey = sample.survey.dropna(subset=["customer_id"]).drop_duplicates("customer_id")
    overall = pd.to_numeric(survey.set_index("customer_id")["overall_satisfaction"], errors="coerce")
    sat = overall.reindex(customers["customer_id"]).to_numpy(float)
    answered = np.isfinite(sat)
    sat_z = rng.standard_normal(len(sat))
    if answered.sum() > 1:
        sat_z[answered] = _z(sat[answered])
    score = _z(operations) + sat_z + rng.standard_normal(len(sat))

    regions = sorted(customers["region"].dropna().astype(str).unique())
    unit_rows, unit_of = [], np.empty(len(customers), dtype=object)
    region_values = customers["region"].astype(str).to_numpy()
    for r_i, region in enumerate(regions):
        members = np.flatnonzero(region_values == region)
        order = members[np.argsort(-score[members], kind="stable")]
        for j, chunk in enumerate(np.array_split(order, k)):
            unit_id = f"U{r_i + 1:02d}{j + 1:02d}"
            unit_of[chunk] = unit_id
            # rank j = 0 is the unit whose customers scored best
            unit_rows.append({"unit_id": unit_id, "unit_name": f"{region} branch {j + 1}", "region": region,
                              "unit_type": "branch", "_rank": j})
    units = pd.DataFrame(unit_rows)
    quality = _z(-units["_rank"].to_numpy(float))
    engagement = link * quality + np.sqrt(1.0 - link ** 2) * rng.standard_normal(len(units))
    units = units.drop(columns="_rank")

    customer_units = pd.DataFrame({"customer_id": customers["customer_id"].to_numpy(), "unit_id": unit_of})

    rows = []
    n_emp = rng.integers(8, 26, size=len(units))
    counter = 0
    for u, (unit_id, e) in enumerate(zip(units["unit_id"], engagement)):
        person = rng.standard_normal(n_emp[u])
        ids = [f"E{counter + i + 1:05d}" for i in range(n_emp[u])]
        counter += n_emp[u]
        for wave, day in _EMPLOYEE_WAVES:
            items = np.clip(np.rint(3.3 + 0.6 * e + 0.5 * person[:, None]
                                    + 0.6 * rng.standard_normal((n_emp[u], 5))), 1, 5).astype(np.int64)
            enps = np.clip(np.rint(7.0 + 1.4 * e + 1.2 * person + 1.3 * rng.standard_normal(n_emp[u])),
                           0, 10).astype(np.int64)
            for i in range(n_emp[u]):
                rows.append({"employee_id": ids[i], "unit_id": unit_id, "wave": wave,
                             "response_date": pd.Timestamp(day), "enps": int(enps[i]),
                             **{f"engagement_{j + 1}": int(items[i, j]) for j in range(5)}})
    employee_survey = pd.DataFrame(rows, columns=list(UNIT_COLUMNS["employee_survey"]))
    employee_survey["response_date"] = employee_survey["response_date"].astype("datetime64[us]")

    truth = {
        "seed": int(seed),
        "engagement_link": float(engagement_link),
        "units_per_region": k,
        "allocation": "within a region, customers ranked by z(operations) + z(satisfaction) + N(0,1) and cut "
                      "into equal groups, the best group to the unit of rank 0",
        "operations_score": "-0.08 * (avg_wait_minutes - 5) - 0.3 * n_repeat_contacts",
        "engagement_definition": "E = link * q + sqrt(1 - link^2) * N(0,1), q = standardised -rank",
        "engagement_items": "round(3.3 + 0.6 E + 0.5 person + 0.6 N(0,1)), clipped to 1-5",
        "enps_item": "round(7 + 1.4 E + 1.2 person + 1.3 N(0,1)), clipped to 0-10",
        "unit_quality": dict(zip(units["unit_id"], np.round(quality, 6).tolist())),
        "unit_engagement": dict(zip(units["unit_id"], np.round(engagement, 6).tolist())),
    }
    return UnitData(units, customer_units, employee_survey, truth)
