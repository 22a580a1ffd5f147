"""Seeded synthetic sample data with a documented planted truth.

- :mod:`cxtools.data.samples.generator` -- the seven tables of a telecom-like subscription
  business (customers, contracts, purchases, survey, Kano, operations, incidents) with the
  planted effects every analysis is meant to recover, and the writers of the bundled files;
- :mod:`cxtools.data.samples.units` -- the employee layer: service units, the customers they
  serve and an employee survey, planted on top of a sample;
- :mod:`cxtools.data.samples.people` -- the fictitious customers' names, e-mails and phones.

Examples
--------
>>> data = make_sample_data(200, seed=1)
>>> sorted(make_unit_data(data, seed=1).tables())
['customer_units', 'employee_survey', 'units']
"""

from __future__ import annotations

from cxtools.data.samples.generator import (
    AS_OF,
    ATTRIBUTES,
    COLUMNS,
    SampleData,
    make_sample_data,
    sample_data_dir,
    write_sample_data,
    write_transactions_parquet,
)
from cxtools.data.samples.units import UNIT_COLUMNS, UnitData, make_unit_data

__all__ = [
    "AS_OF",
    "ATTRIBUTES",
    "COLUMNS",
    "UNIT_COLUMNS",
    "SampleData",
    "UnitData",
    "make_sample_data",
    "make_unit_data",
    "sample_data_dir",
    "write_sample_data",
    "write_transactions_parquet",
]
