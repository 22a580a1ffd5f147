"""Hostile input: the seeded generator and property-based tests of the loaders.

Every input must end in a cxtools error naming the file (and the column a case is
about), or in accepted + rejected = read, where "read" is counted while the input is
written, never by parsing it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cxtools.data.io as cxio
from cxtools.core.errors import CxError
from cxtools.data.io import SCHEMAS
from cxtools.testing.hostile import (
    HOSTILE_VALUES,
    HostileCase,
    check_case,
    hostile_cases,
    run_cases,
)
from cxtools.testing.hostile import _is_layout, _record  # the generator's own writer

# Fixed examples by default (fast, reproducible); CXTOOLS_HYPOTHESIS_EXAMPLES=2000 searches
# afresh with that many examples per test.
_EXAMPLES = os.environ.get("CXTOOLS_HYPOTHESIS_EXAMPLES")
SETTINGS = settings(max_examples=int(_EXAMPLES or 40), deadline=None, derandomize=_EXAMPLES is None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def test_seeded_hostile_inputs_end_cleanly(tmp_path):
    report = run_cases(hostile_cases(tmp_path, seed=2026, per_kind=10))
    # figures recorded in the report of this suite: inputs tried, unhandled, rows lost
    print(report.describe())
    assert report.tried >= 170
    assert report.failures == (), report.to_frame().query("outcome in ['unhandled', 'lost']").to_string()
    assert report.unhandled == 0 and report.rows_lost == 0
    # both endings occur: the generator is hostile, and most inputs still load
    assert report.clean_errors >= 7 * 10 and report.loaded >= 7 * 10


def test_generator_is_seeded(tmp_path):
    def fingerprint(folder, seed):
        cases = hostile_cases(folder, seed=seed, per_kind=4, kinds=["transactions", "survey"])
        files = sorted(p for p in folder.iterdir() if p.is_file())
        digest = hashlib.sha256(b"".join(p.name.encode() + p.read_bytes() for p in files
                                         if p.suffix in (".csv",))).hexdigest()
        return digest, [(c.name, c.expected_read) for c in cases]

    assert fingerprint(tmp_path / "a", 5) == fingerprint(tmp_path / "b", 5)
    assert fingerprint(tmp_path / "c", 6) != fingerprint(tmp_path / "d", 5)


def test_the_check_catches_lost_rows_and_silent_errors(tmp_path):
    path = tmp_path / "incidents.csv"
    path.write_text("incident_id,customer_id,valence,category\nI1,C1,positive,x\nI2,C2,negative,y\n", encoding="utf-8")
    assert check_case(HostileCase("ok", "incidents", path, 2)).outcome == "loaded"
    lost = check_case(HostileCase("lost", "incidents", path, 3))
    assert lost.outcome == "lost" and lost.rows_lost == 1
    assert check_case(HostileCase("no error", "incidents", path, None)).outcome == "unhandled"
    assert check_case(HostileCase("bad option", "incidents", path, 2, {"nope": 1})).outcome == "unhandled"
    missing = tmp_path / "missing.csv"
    assert check_case(HostileCase("names it", "incidents", missing, None)).outcome == "error"
    assert check_case(HostileCase("wrong column", "incidents", missing, None, column="valence")).outcome == "unhandled"


# --------------------------------------------------------------------- property-based tests
_ANY_CHAR = st.characters(exclude_categories=("Cs",))
_CELL = st.one_of(st.text(_ANY_CHAR, max_size=6), st.sampled_from(HOSTILE_VALUES),
                  st.sampled_from(['"x', 'a"b', '""', '"', "x\ny", "a;b", "a,b", "a\tb", "a|b", "\r"]))


def _outcome_is_clean(loader, path, expected, **options):
    try:
        res = loader(path, **options)
    except CxError as exc:
        assert str(path) in str(exc), str(exc)
        return None
    assert res.n_read == expected
    assert res.n_accepted + res.n_rejected == res.n_read
    assert len(res.data) == res.n_accepted and len(res.rejected) == res.n_rejected
    return res


@SETTINGS
@given(kind=st.sampled_from(sorted(SCHEMAS)),
       rows=st.lists(st.lists(_CELL, min_size=1, max_size=6), min_size=1, max_size=6),
       sep=st.sampled_from([",", ";", "\t", "|"]), encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]),
       newline=st.sampled_from(["\n", "\r\n"]), raw_quotes=st.booleans())
def test_any_text_file_ends_cleanly(tmp_path_factory, kind, rows, sep, encoding, newline, raw_quotes):
    header = list(SCHEMAS[kind].required)
    width = len(header)
    rows = [(r + [""] * width)[:width] if len(r) <= width or raw_quotes else r for r in rows]
    raw = [set() for _ in rows]
    if raw_quotes:
        # one quote that never closes, in a file with no other quote and no line break in
        # a field: nothing can close it, so it must cost exactly its own row
        rows = [[c.replace('"', "").replace("\n", " ").replace("\r", " ") for c in r] for r in rows]
        rows[0][0] = '"' + rows[0][0]
        raw[0] = {0}
    records = [_record(r, sep, q) for r, q in zip(rows, raw)]
    # the documented rule: a quoted field spans lines only in a record of the header's
    # width; otherwise each of its lines is a row of its own
    expected = sum(not _is_layout(rec, sep) if len(r) == width or "\n" not in rec
                   else sum(not _is_layout(part, sep) for part in rec.split("\n"))
                   for r, rec in zip(rows, records))
    path = tmp_path_factory.mktemp("text") / f"{kind}.csv"
    path.write_bytes((newline.join([sep.join(header)] + records) + newline).encode(encoding))
    loader = getattr(cxio, f"load_{kind}")
    options = {"as_of": "2026-06-30"} if kind in ("customers", "subscriptions", "transactions", "survey") else {}
    res = _outcome_is_clean(loader, path, expected, sep=sep, **options)
    if res is not None and raw_quotes and not _is_layout(records[0], sep):
        assert res.rejected["row"].iloc[0] == 2 and res.rejected["reason"].iloc[0].startswith("unterminated quote") \
            or len(records[0].split(sep)) != width


_OBJECTS = st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True), st.integers(),
                     st.text(_ANY_CHAR, max_size=6), st.booleans(), st.dates(), st.datetimes(),
                     st.sampled_from(HOSTILE_VALUES), st.binary(max_size=3))


@SETTINGS
@given(kind=st.sampled_from(sorted(SCHEMAS)), cells=st.lists(st.lists(_OBJECTS, min_size=8, max_size=8),
                                                             min_size=1, max_size=6))
def test_any_dataframe_ends_cleanly(kind, cells):
    columns = [c.name if not c.name.endswith("*") else c.name[:-1] + "x" for c in SCHEMAS[kind].columns][:8]
    frame = pd.DataFrame([r[:len(columns)] for r in cells], columns=columns)
    loader = getattr(cxio, f"load_{kind}")
    try:
        res = loader(frame, decimal=".")
    except CxError as exc:
        assert "<DataFrame>" in str(exc)
        return
    assert res.n_read == len(frame) == res.n_accepted + res.n_rejected
    assert res.data.index.isin(frame.index).all()


def _written(x: float, decimal: str, thousands: str) -> str:
    whole, frac = f"{abs(x):.2f}".split(".")
    groups = [whole[max(0, i - 3):i] for i in range(len(whole), 0, -3)][::-1]
    return ("-" if x < 0 else "") + thousands.join(groups) + decimal + frac


@SETTINGS
@given(amounts=st.lists(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False), min_size=1, max_size=8),
       style=st.sampled_from([(".", ","), (",", "."), (",", " "), (".", ""), (",", "\u00a0"), (".", "'")]))
def test_numbers_read_back_as_written(tmp_path_factory, amounts, style):
    decimal, thousands = style
    path = tmp_path_factory.mktemp("num") / "tx.csv"
    lines = ["transaction_id;customer_id;timestamp;amount"] + [
        f"T{i};C1;2025-01-01;{_written(x, decimal, thousands)}" for i, x in enumerate(amounts)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    res = cxio.load_transactions(path, as_of="2026-06-30", decimal=decimal, thousands=thousands or "",
                                 refund_column=None)
    negative = sum(round(x, 2) < 0 for x in amounts)
    assert res.n_rejected == negative  # negative amounts without a refund flag, nothing else
    kept = [round(x, 2) for x in amounts if round(x, 2) >= 0]
    assert res.data["amount"].tolist() == pytest.approx(kept, abs=0.006)


@SETTINGS
@given(days=st.lists(st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)), min_size=1, max_size=8),
       style=st.sampled_from(["%Y-%m-%d", "%d.%m.%Y", "%Y%m%d"]))
def test_any_date_is_read_or_rejected(tmp_path_factory, days, style):
    path = tmp_path_factory.mktemp("dates") / "subs.csv"
    text = [d.strftime(style) if d.year >= 1000 else d.isoformat() for d in days]
    lines = ["customer_id,start_date,end_date"] + [f"C{i},2000-01-01,{t}" for i, t in enumerate(text)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    res = cxio.load_subscriptions(path, as_of="2262-01-01")
    assert res.n_read == len(days) == res.n_accepted + res.n_rejected
    usable = [d for d in days if 1678 <= d.year <= 2261 and d >= dt.date(2000, 1, 1)]
    open_end = [d for d in days if d.year == 9999]
    assert res.n_accepted == len(usable) + len(open_end)
    got = res.data["end_date"].dropna().dt.date.tolist()
    assert sorted(got) == sorted(usable)
