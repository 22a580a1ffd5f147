"""The public loader schemas (cxtools.data.io.SCHEMAS) and the sample data's README agree."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from cxtools.data import io
from cxtools.data.io import SCHEMAS, ColumnSpec, SourceSchema

README = Path(__file__).resolve().parents[2] / "data" / "samples" / "README.md"
SAMPLES = README.parent

# README's type words for the schema's types
_README_TYPES = {"id": "str", "text": "str", "choice": "str", "kano": "str", "int": "int", "float": "float",
                 "bool": "bool", "date": "date", "datetime": "datetime"}


def _documented() -> dict[str, dict[str, str]]:
    """{kind: {column name as written: type word}} from the README's column tables."""
    out: dict[str, dict[str, str]] = {}
    kind = None
    for line in README.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"### `(\w+)\.csv`", line)
        if heading:
            kind = heading.group(1)
            out[kind] = {}
            continue
        if line.startswith("## "):
            kind = None
        if kind is None or not line.startswith("| ") or line.startswith("| column") or line.startswith("| ---"):
            continue
        cells = [c.strip() for c in line.strip("|").split("|")]
        for name in re.split(r",\s*|\s*\.\.\.\s*", cells[0]):
            if name:
                out[kind][name] = cells[1]
    return out


def _matches(spec: ColumnSpec, name: str) -> bool:
    return name.startswith(spec.name[:-1]) if spec.name.endswith("*") else name == spec.name


def test_every_source_has_a_schema_and_a_loader():
    assert set(SCHEMAS) == {"customers", "subscriptions", "transactions", "survey", "kano", "operations",
                            "incidents", "employee_survey", "units", "customer_units"}
    for kind, schema in SCHEMAS.items():
        assert isinstance(schema, SourceSchema) and schema.kind == kind
        assert callable(getattr(io, f"load_{kind}"))
        assert all(c.description for c in schema.columns), kind
        frame = schema.to_frame()
        assert frame["role"].tolist() == [c.name for c in schema.columns]
        assert set(schema.required) | set(schema.optional) == set(frame["role"])


def test_schemas_cannot_be_changed_by_accident():
    with pytest.raises(TypeError):
        SCHEMAS["customers"] = None  # type: ignore[index]
    with pytest.raises(AttributeError):
        SCHEMAS["customers"].columns[0].required = False  # type: ignore[misc]


@pytest.mark.parametrize("kind", sorted(SCHEMAS))
def test_readme_documents_every_schema_column_and_nothing_else(kind):
    documented = _documented()[kind]
    schema = SCHEMAS[kind]
    undocumented = [c.name for c in schema.columns if not any(_matches(c, name) for name in documented)]
    assert undocumented == [], f"{kind}: schema columns missing from data/samples/README.md"
    unknown = [name for name in documented if not any(_matches(c, name) for c in schema.columns)]
    assert unknown == [], f"{kind}: README documents columns the schema does not have"
    for name, word in documented.items():
        spec = next(c for c in schema.columns if _matches(c, name))
        assert word.split()[0] == _README_TYPES[spec.type], (kind, name, word, spec.type)


@pytest.mark.parametrize("kind", sorted(SCHEMAS))
def test_bundled_files_have_the_documented_columns(kind):
    header = pd.read_csv(SAMPLES / f"{kind}.csv", nrows=0).columns.tolist()
    documented = _documented()[kind]
    specs = SCHEMAS[kind].columns
    # every column of the file is a schema column whose family the README documents
    unexplained = [h for h in header if not any(_matches(c, h) and any(_matches(c, d) for d in documented)
                                                for c in specs)]
    assert unexplained == []
    assert set(SCHEMAS[kind].required) <= set(header)


def test_schema_drives_the_loader():
    # the ranges in SCHEMAS are the ones the loader enforces
    spec = SCHEMAS["operations"]["first_contact_resolution"]
    df = pd.DataFrame({"customer_id": ["C1", "C2"], "first_contact_resolution": [spec.max, spec.max + 0.5]})
    res = io.load_operations(df)
    assert res.rejected["reason"].tolist() == [f"first_contact_resolution outside {spec.min:g}-{spec.max:g}"]
    with pytest.raises(KeyError, match="has no column 'nope'"):
        SCHEMAS["operations"]["nope"]
