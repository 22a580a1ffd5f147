"""Tests of the sample-data generator: schema, determinism, planted truth, bad rows.

The planted effects are checked by independent estimators written here (not the
cxtools models), so a bug in either side shows up:

- churn link: Cox proportional hazards, statsmodels ``PHReg`` (Cox 1972);
- BG/NBD: the log-likelihood of Fader, Hardie & Lee (2005), eq. 6, maximised with scipy;
- Gamma-Gamma: the marginal likelihood of the mean spend, Fader, Hardie & Lee (2005b), eq. 3
  (after Colombo & Jiang 1999);
- lifetimes: the shifted-beta-geometric likelihood with censoring, Fader & Hardie (2007), eq. 1-3;
- Kano: the evaluation table of Berger et al. (1993), Table 2, typed in again below.
"""

from __future__ import annotations

import csv
import json
import os
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import optimize, special

from cxtools.core.errors import CxParameterError
from cxtools.data.privacy import EMAIL_RE, PERSONAL_COLUMNS, PHONE_RE
from cxtools.data.samples import (
    AS_OF,
    ATTRIBUTES,
    COLUMNS,
    SampleData,
    make_sample_data,
    sample_data_dir,
    write_sample_data,
)

HYGIENE = ["price", "quality", "availability"]
MOTIVATORS = ["good_deal", "brand", "comfort", "trust"]
PARSE_DATES = {
    "customers": ["signup_date"],
    "subscriptions": ["start_date", "end_date"],
    "transactions": ["timestamp"],
    "survey": ["response_date"],
}


@pytest.fixture(scope="module")
def small() -> SampleData:
    return make_sample_data(2000, seed=11)


@pytest.fixture(scope="module")
def large() -> SampleData:
    return make_sample_data(20_000, seed=7)


def _read_csv(path, name):
    return pd.read_csv(path, parse_dates=PARSE_DATES.get(name, []))


# ----------------------------------------------------------------------------- API


def test_repr_tables_and_to_frame(small):
    text = repr(small)
    assert text.startswith("SampleData(customers=2,000")
    assert "survey=" in text and "DataFrame" not in text
    assert list(small.tables()) == list(COLUMNS)
    frame = small.to_frame()
    assert frame.set_index("table").loc["customers", "n_rows"] == 2000
    json.dumps(small.truth)  # JSON-serialisable


def test_same_seed_same_data_other_seed_other_data():
    a = make_sample_data(600, seed=5, dirty=True)
    b = make_sample_data(600, seed=5, dirty=True)
    c = make_sample_data(600, seed=6, dirty=True)
    for name in COLUMNS:
        pd.testing.assert_frame_equal(a.tables()[name], b.tables()[name])
    assert a.truth == b.truth
    assert not a.customers["name"].equals(c.customers["name"])


@pytest.mark.parametrize("bad", [0, 99, -5, 1.5, "4000", True])
def test_bad_n_customers_is_a_parameter_error(bad):
    with pytest.raises(CxParameterError, match="n_customers"):
        make_sample_data(bad)


def test_bad_link_and_format_are_parameter_errors(tmp_path):
    with pytest.raises(CxParameterError, match="satisfaction_churn_link"):
        make_sample_data(200, satisfaction_churn_link=float("nan"))
    with pytest.raises(CxParameterError, match="format"):
        write_sample_data(tmp_path, n_customers=200, format="xlsx")
    with pytest.raises(CxParameterError, match="unknown option"):
        write_sample_data(tmp_path, n_customers=200, customers=300)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_smallest_size_still_has_every_table_and_bad_row(seed):
    data = make_sample_data(100, seed=seed, dirty=True)
    assert all(len(df) > 0 for df in data.tables().values())
    assert len(data.truth["bad_rows"]) == 7


def test_sample_data_dir_points_at_bundled_files():
    folder = sample_data_dir()
    assert folder.name == "samples" and (folder / "README.md").exists()
    assert (folder / "customers.csv").exists() and (folder / "truth.json").exists()


def test_sample_data_dir_missing_is_a_clear_error(tmp_path):
    # the package installed without its data: a copy of it alone, used from another folder
    import shutil
    import subprocess
    import sys

    site = tmp_path / "site"
    shutil.copytree(Path(__file__).resolve().parents[3] / "cxtools", site / "cxtools",
                    ignore=shutil.ignore_patterns("__pycache__", "_bundled"))
    code = ("from cxtools.core.errors import CxDataError\nfrom cxtools.data.samples import sample_data_dir\n"
            "try:\n    sample_data_dir()\nexcept CxDataError as err:\n    print(err)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(site)})
    assert done.returncode == 0, done.stderr
    assert "sample data folder not found" in done.stdout
    for place in (site / "data" / "samples", site / "cxtools" / "_bundled" / "data" / "samples"):
        assert str(place) in done.stdout, done.stdout


# ----------------------------------------------------------------------------- schema


def _readme_columns() -> dict[str, list[str]]:
    """Columns per file as documented in data/samples/README.md."""
    text = (sample_data_dir() / "README.md").read_text(encoding="utf-8")
    out: dict[str, list[str]] = {}
    current = None
    for line in text.splitlines():
        m = re.match(r"^### `(\w+)\.csv`", line)
        if m:
            current = m.group(1)
            out[current] = []
            continue
        if line.startswith("## ") or line.startswith("### "):
            current = None
        if current and line.startswith("| ") and not line.startswith("| column") and not line.startswith("| ---"):
            cell = line.split("|")[1].strip()
            if "..." in cell:
                # "importance_price ... importance_trust": one column per attribute
                first, last = (c.strip() for c in cell.split("..."))
                prefix = first.removesuffix(f"_{ATTRIBUTES[0]}")
                assert last == f"{prefix}_{ATTRIBUTES[-1]}"
                out[current] += [f"{prefix}_{a}" for a in ATTRIBUTES]
            else:
                out[current] += [c.strip() for c in cell.split(",")]
    return out


def test_columns_match_readme_schema(small):
    from cxtools.data.samples import UNIT_COLUMNS, make_unit_data

    documented = _readme_columns()
    assert set(documented) == set(COLUMNS) | set(UNIT_COLUMNS)
    for name, df in small.tables().items():
        assert list(df.columns) == documented[name], name
        assert COLUMNS[name] == documented[name]
    for name, df in make_unit_data(small, seed=1).tables().items():
        assert list(df.columns) == documented[name] == list(UNIT_COLUMNS[name]), name


def test_dtypes_are_what_a_csv_round_trip_gives(small, tmp_path):
    paths = write_sample_data(tmp_path, n_customers=2000, seed=11, dirty=False)
    for name, df in small.tables().items():
        back = _read_csv(paths[name], name)
        pd.testing.assert_frame_equal(back, df, check_exact=True, obj=name)
    assert small.subscriptions["end_date"].dtype == "datetime64[us]"
    assert small.transactions["is_refund"].dtype == bool
    assert small.survey["nps"].dtype == np.int64
    assert small.customers["customer_id"].dtype == "str"
    text = paths["transactions"].read_text(encoding="utf-8").splitlines()
    assert text[1].endswith(",false") or text[1].endswith(",true")
    assert re.match(r"^T\d{8},C\d{7},\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,", text[1])
    truth = json.loads(paths["truth"].read_text(encoding="utf-8"))
    assert truth["n_customers"] == 2000 and truth["bad_rows"] == []


def test_parquet_round_trip(tmp_path):
    data = make_sample_data(300, seed=2, dirty=True)
    paths = write_sample_data(tmp_path, n_customers=300, seed=2, format="parquet")
    for name, df in data.tables().items():
        pd.testing.assert_frame_equal(pd.read_parquet(paths[name]), df, check_dtype=False, obj=name)


def test_bundled_files_are_the_generator_output(tmp_path):
    """data/samples is exactly write_sample_data(n_customers=4000, seed=2026, dirty=True)."""
    paths = write_sample_data(tmp_path, n_customers=4000, seed=2026)
    for path in paths.values():
        bundled = sample_data_dir() / path.name
        assert bundled.read_bytes() == path.read_bytes(), f"{bundled} is out of date: regenerate it"


def test_value_ranges_and_keys(small):
    c, s, sv, ops = small.customers, small.subscriptions, small.survey, small.operations
    assert c["customer_id"].is_unique and c["customer_id"].str.fullmatch(r"C\d{7}").all()
    assert set(c["region"]) == {"Moscow", "St Petersburg", "Kazan", "Novosibirsk", "Yekaterinburg"}
    assert set(c["segment"]) == {"Consumer", "Small business"}
    assert c["signup_date"].between("2019-01-01", AS_OF).all()
    assert s["customer_id"].equals(c["customer_id"]) and s["start_date"].equals(c["signup_date"])
    assert (s["end_date"].dropna() > s.loc[s["end_date"].notna(), "start_date"]).all()
    assert (s["end_date"].dropna() <= AS_OF).all()
    plan = s.groupby("plan")[["n_products", "monthly_revenue", "monthly_margin"]].agg(["min", "max"])
    assert plan.loc["internet"].tolist() == [1, 1, 250, 250, 50, 50]
    assert plan.loc["internet+tv+mobile"].tolist() == [3, 3, 450, 450, 140, 140]

    for col, (lo, hi) in {"nps": (0, 10), "csat": (1, 5), "ces": (1, 7), "overall_satisfaction": (1, 10)}.items():
        assert sv[col].between(lo, hi).all(), col
    items = [f"rating_{a}" for a in ATTRIBUTES] + [f"importance_{a}" for a in ATTRIBUTES] + ["loyalty_1", "loyalty_2", "loyalty_3"]
    assert sv[items].isin([1, 2, 3, 4, 5]).all().all()
    assert sv["respondent_id"].is_unique
    assert set(sv["wave"]) == {"2025Q1", "2025Q2", "2025Q3", "2025Q4", "2026Q1", "2026Q2"}
    quarter = sv["response_date"].dt.year.astype(str) + "Q" + sv["response_date"].dt.quarter.astype(str)
    assert (quarter == sv["wave"]).all()
    assert (sv["weight"] > 0).all()
    for wave, w in sv.groupby("wave")["weight"]:
        assert w.mean() == pytest.approx(1.0, abs=1e-3), wave

    assert (ops["n_repeat_contacts"] <= ops["n_contacts"]).all()
    assert ops["first_contact_resolution"].dropna().between(0, 1).all()
    assert ops.loc[ops["n_contacts"] == 0, "first_contact_resolution"].isna().all()
    assert (ops["avg_wait_minutes"] > 0).all()

    k = small.kano
    assert set(k["attribute"]) == set(ATTRIBUTES)
    assert k.groupby("respondent_id").size().eq(len(ATTRIBUTES)).all()
    assert k["respondent_id"].isin(sv["respondent_id"]).all()
    assert k["respondent_id"].nunique() == 300  # 15 % of 2000
    inc = small.incidents
    assert inc["incident_id"].is_unique and set(inc["valence"]) == {"positive", "negative"}
    assert set(inc["category"]) <= set(ATTRIBUTES)
    assert inc["customer_id"].isin(c["customer_id"]).all()


def test_survey_samples_active_customers_once(large):
    sv = large.survey
    linked = sv.dropna(subset=["customer_id"])
    assert linked["customer_id"].is_unique
    assert 0.06 < sv["customer_id"].isna().mean() < 0.10
    m = linked.merge(large.subscriptions, on="customer_id")
    assert (m["start_date"] <= m["response_date"]).all()
    assert (m["end_date"].isna() | (m["end_date"] > m["response_date"])).all()
    assert (m["segment"] == m.merge(large.customers, on="customer_id")["segment_y"]).all()
    # small business is over-sampled, so its design weight is lower
    w = sv.groupby("segment")["weight"].mean()
    assert w["Small business"] < 0.6 * w["Consumer"]
    sb_share_sample = (sv["segment"] == "Small business").mean()
    sb_share_weighted = np.average(sv["segment"] == "Small business", weights=sv["weight"])
    assert sb_share_sample > 0.2 and 0.12 < sb_share_weighted < 0.19
    # linked respondents carry the customer's name and e-mail
    names = linked.merge(large.customers, on="customer_id", suffixes=("", "_c"))
    assert (names["respondent_name"] == names["name"]).all() and (names["email"] == names["email_c"]).all()


def test_transactions_and_refunds(large):
    tx = large.transactions
    assert tx["transaction_id"].is_unique
    assert (tx.loc[~tx["is_refund"], "amount"] >= 1).all()
    assert (tx.loc[tx["is_refund"], "amount"] < 0).all()
    assert tx["timestamp"].between("2024-07-01", pd.Timestamp(AS_OF) + pd.Timedelta(days=1)).all()
    assert set(tx["product"]) == {"router", "tv_box", "mobile_topup", "movie_rental", "speed_boost"}
    assert set(tx["channel"]) == {"online", "store", "call_centre"}
    assert 0.02 < tx["is_refund"].mean() < 0.04
    # every refund matches an earlier purchase of the same customer for the same amount
    refunds = tx[tx["is_refund"]]
    purchases = tx[~tx["is_refund"]]
    m = refunds.merge(purchases, on=["customer_id", "product", "channel"], suffixes=("_r", "_p"))
    m = m[(m["amount_p"] == -m["amount_r"]) & (m["timestamp_p"] < m["timestamp_r"])]
    assert refunds["transaction_id"].isin(m["transaction_id_r"]).all()
    amounts = purchases["amount"]
    assert 20 < amounts.quantile(0.01) and amounts.quantile(0.99) < 5000


# ----------------------------------------------------------------------------- personal data


def test_personal_data_only_in_customers_and_survey(small):
    personal_values = set(small.customers["name"]) | set(small.customers["email"]) | set(small.customers["phone"])
    for name, df in small.tables().items():
        personal_cols = [c for c in df.columns if c.lower() in PERSONAL_COLUMNS]
        if name in ("customers", "survey"):
            assert personal_cols
            continue
        assert personal_cols == [], name
        for col in df.columns:
            if df[col].dtype == "str":
                values = df[col].dropna()
                assert not values.isin(personal_values).any(), (name, col)
                assert not values.str.contains(EMAIL_RE).any(), (name, col)
                assert not values.str.contains(PHONE_RE).any(), (name, col)


def test_names_phones_emails_look_real(small):
    c = small.customers
    assert c["phone"].str.fullmatch(r"\+7 9\d\d \d{3}-\d\d-\d\d").all()
    assert c["email"].str.fullmatch(r"[a-z0-9.]+@[a-z]+\.(ru|com)").all()
    parts = c["name"].str.split(" ", expand=True)
    assert parts.shape[1] == 3 and parts.notna().all().all()
    assert parts[0].str.fullmatch(r"[А-ЯЁ][а-яё]+").all()
    female = parts[2].str.endswith("вна")
    male = parts[2].str.endswith("вич")
    assert (female | male).all() and 0.4 < female.mean() < 0.6
    # female surnames take the feminine ending; indeclinable ones (-ко, -ук, -ых, -ич, Ким, Цой) do not change
    assert not parts.loc[female, 0].str.contains(r"(?:ов|ев|ёв|ин|ын|ский|цкий)$").any()
    assert not parts.loc[male, 0].str.contains(r"(?:ова|ева|ёва|ина|ская|цкая)$").any()
    assert parts.loc[female, 0].str.contains(r"(?:ова|ева|ёва|ина|ская|цкая)$").mean() > 0.8
    assert c["name"].nunique() > 0.9 * len(c)


# ----------------------------------------------------------------------------- planted truth


def _cox_on_satisfaction(data: SampleData):
    from statsmodels.duration.hazard_regression import PHReg

    s = data.survey.dropna(subset=["customer_id"]).merge(data.subscriptions, on="customer_id")
    end = s["end_date"].fillna(pd.Timestamp(AS_OF))
    duration = (end - s["response_date"]).dt.days.to_numpy(float)
    event = s["end_date"].notna().to_numpy(int)
    exog = np.column_stack(
        [s["overall_satisfaction"].to_numpy(float), s["n_products"].eq(2).to_numpy(float), s["n_products"].eq(3).to_numpy(float)]
    )
    res = PHReg(duration, exog, status=event).fit()
    return res.params[0], res.bse[0], event.sum()


def test_cox_recovers_the_satisfaction_churn_link(large):
    coef, se, events = _cox_on_satisfaction(large)
    assert events > 800
    # planted -0.25; the Beta frailty in theta attenuates the Cox estimate slightly (~ -0.23)
    assert -0.30 < coef < -0.19, (coef, se)
    assert large.truth["churn"]["satisfaction_churn_link"] == -0.25


def test_cox_finds_nothing_when_the_link_is_off():
    data = make_sample_data(20_000, seed=7, satisfaction_churn_link=0.0)
    coef, se, _ = _cox_on_satisfaction(data)
    assert abs(coef) < 0.05 and abs(coef) < 3 * se


def test_operations_lower_satisfaction(large):
    import statsmodels.api as sm

    sv = large.survey.dropna(subset=["customer_id"]).merge(large.operations, on="customer_id")
    X = sm.add_constant(sv[["avg_wait_minutes", "n_repeat_contacts"]].astype(float))
    fit = sm.OLS(sv["overall_satisfaction"].astype(float), X).fit()
    assert fit.params["avg_wait_minutes"] < 0 and fit.tvalues["avg_wait_minutes"] < -4
    assert fit.params["n_repeat_contacts"] < 0 and fit.tvalues["n_repeat_contacts"] < -8


def _penalty_reward(sv: pd.DataFrame) -> pd.DataFrame:
    """Dummy regression (Brandt 1987): overall on low (1-2) and high (4-5) dummies per attribute."""
    import statsmodels.api as sm

    cols = {}
    for a in ATTRIBUTES:
        cols[f"low_{a}"] = (sv[f"rating_{a}"] <= 2).astype(float)
        cols[f"high_{a}"] = (sv[f"rating_{a}"] >= 4).astype(float)
    X = sm.add_constant(pd.DataFrame(cols))
    fit = sm.OLS(sv["overall_satisfaction"].astype(float), X).fit()
    return pd.DataFrame(
        {"penalty": [fit.params[f"low_{a}"] for a in ATTRIBUTES], "reward": [fit.params[f"high_{a}"] for a in ATTRIBUTES]},
        index=list(ATTRIBUTES),
    )


def test_hygiene_and_motivator_asymmetry_is_recoverable(large):
    pr = _penalty_reward(large.survey)
    for a in HYGIENE:
        assert pr.loc[a, "penalty"] < -0.8 and abs(pr.loc[a, "reward"]) < 0.3, (a, pr.loc[a].tolist())
    for a in MOTIVATORS:
        assert pr.loc[a, "reward"] > 0.5 and abs(pr.loc[a, "penalty"]) < 0.3, (a, pr.loc[a].tolist())
    sup = pr.loc["support"]
    assert sup["penalty"] < -0.2 and sup["reward"] > 0.2
    assert 0.6 < abs(sup["penalty"]) / sup["reward"] < 1.6


def test_no_asymmetry_when_switched_off():
    data = make_sample_data(20_000, seed=7, asymmetric_factors=False)
    pr = _penalty_reward(data.survey)
    ratio = pr["penalty"].abs() / pr["reward"]
    assert (pr["penalty"] < -0.2).all() and (pr["reward"] > 0.2).all()
    assert ratio.between(0.6, 1.6).all(), ratio.round(2).to_dict()


def test_raw_means_show_asymmetry(large):
    """The simple view a student takes: mean overall at low vs mid vs high rating."""
    sv = large.survey

    def gaps(a):
        band = pd.cut(sv[f"rating_{a}"], [0, 2, 3, 5], labels=["low", "mid", "high"])
        mean = sv.groupby(band, observed=True)["overall_satisfaction"].mean()
        return mean["mid"] - mean["low"], mean["high"] - mean["mid"]

    drop, gain = gaps("price")
    assert drop > gain + 0.5
    drop, gain = gaps("good_deal")
    assert gain > drop + 0.3


def test_nps_segment_gap_and_trend(large):
    sv = large.survey

    def nps(x):
        return 100 * ((x >= 9).mean() - (x <= 6).mean())

    by_segment = sv.groupby("segment")["nps"].apply(nps)
    assert by_segment["Consumer"] - by_segment["Small business"] > 15
    by_wave = sv.groupby("wave")["nps"].apply(nps)
    slope = np.polyfit(np.arange(len(by_wave)), by_wave.to_numpy(), 1)[0]
    assert slope > 2  # NPS points per wave
    assert by_wave.iloc[-1] > by_wave.iloc[0] + 10


def test_loyalty_items_form_a_reliable_scale(large):
    items = large.survey[["loyalty_1", "loyalty_2", "loyalty_3"]].astype(float)
    k = items.shape[1]
    alpha = k / (k - 1) * (1 - items.var(ddof=1).sum() / items.sum(axis=1).var(ddof=1))  # Cronbach 1951
    assert alpha > 0.8
    assert items.corrwith(large.survey["overall_satisfaction"]).gt(0.3).all()


def test_csat_ces_related_to_experience(large):
    sv = large.survey
    assert sv["csat"].corr(sv["rating_support"]) > 0.3
    assert sv["ces"].corr(sv["rating_support"]) > 0.2
    assert sv["nps"].corr(sv["overall_satisfaction"]) > 0.7


# Berger et al. (1993), Table 2; rows functional, columns dysfunctional.
_ORDER = ["I like it", "I expect it", "I am neutral", "I can tolerate it", "I dislike it"]
_TABLE = ["QAAAO", "RIIIM", "RIIIM", "RIIIM", "RRRRQ"]


def test_kano_dominant_categories(large):
    k = large.kano
    f = k["functional"].map(_ORDER.index)
    d = k["dysfunctional"].map(_ORDER.index)
    category = [_TABLE[i][j] for i, j in zip(f, d)]
    shares = pd.crosstab(k["attribute"], pd.Series(category, index=k.index, name="category"), normalize="index")
    planted = {**{a: "M" for a in HYGIENE}, "support": "O", **{a: "A" for a in MOTIVATORS}}
    for a, cat in planted.items():
        assert shares.loc[a].idxmax() == cat, a
        assert 0.5 <= shares.loc[a, cat] <= 0.6, (a, shares.loc[a, cat])
    assert large.truth["kano"]["planted_dominant_category"] == planted


def test_incident_categories_by_valence(large):
    inc = large.incidents
    share = pd.crosstab(inc["category"], inc["valence"], normalize="columns")
    for a in HYGIENE:
        assert share.loc[a, "negative"] > 2.5 * share.loc[a, "positive"], a
    for a in MOTIVATORS:
        assert share.loc[a, "positive"] > 2 * share.loc[a, "negative"], a
    assert share.loc["support", "positive"] == pytest.approx(share.loc["support", "negative"], abs=0.03)


def _sbg_mean_lifetime(subs: pd.DataFrame) -> pd.Series:
    """Fit the shifted-beta-geometric model by maximum likelihood (Fader & Hardie 2007, eq. 1-3)."""
    days = np.where(
        subs["end_date"].notna(),
        (subs["end_date"] - subs["start_date"]).dt.days,
        (pd.Timestamp(AS_OF) - subs["start_date"]).dt.days + 1,
    )
    churned = subs["end_date"].notna().to_numpy()
    months = np.where(churned, np.ceil(days / 30.4375), np.floor(days / 30.4375))

    def nll(logp, t, c):
        a, b = np.exp(logp)
        ll = np.where(c, special.betaln(a + 1, b + t - 1), special.betaln(a, b + t)) - special.betaln(a, b)
        return -ll.sum()

    out = {}
    for k in (1, 2, 3):
        sel = (subs["n_products"] == k).to_numpy()
        res = optimize.minimize(nll, np.log([1.0, 10.0]), args=(months[sel], churned[sel]), method="Nelder-Mead")
        a, b = np.exp(res.x)
        out[k] = (a + b - 1) / (a - 1)
    return pd.Series(out)


def _restricted_mean_km(subs: pd.DataFrame, horizon: float) -> pd.Series:
    """Kaplan-Meier restricted mean lifetime (months) up to ``horizon``, statsmodels SurvfuncRight."""
    from statsmodels.duration.survfunc import SurvfuncRight

    end = subs["end_date"].fillna(pd.Timestamp(AS_OF) + pd.Timedelta(days=1))
    months = ((end - subs["start_date"]).dt.days / 30.4375).to_numpy()
    event = subs["end_date"].notna().to_numpy(int)
    out = {}
    for k in (1, 2, 3):
        sel = (subs["n_products"] == k).to_numpy()
        sf = SurvfuncRight(months[sel], event[sel])
        times = np.concatenate([[0.0], sf.surv_times[sf.surv_times < horizon], [horizon]])
        surv = np.concatenate([[1.0], sf.surv_prob[sf.surv_times < horizon]])
        out[k] = float(np.sum(np.diff(times) * surv))
    return pd.Series(out)


def test_mean_lifetimes_by_products(large):
    truth = large.truth["churn"]
    a = truth["sbg_a"]
    b = pd.Series({int(k): v for k, v in truth["sbg_b"].items()})
    assert ((a + b - 1) / (a - 1)).to_dict() == {1: 36.0, 2: 60.0, 3: 84.0}
    # restricted mean up to 84 months: sum of the planted survival B(a, b + t) / B(a, b)
    grid = np.arange(0, 84, 0.05)
    planted = b.map(lambda bk: float(np.sum(np.exp(special.betaln(a, bk + grid) - special.betaln(a, bk))) * 0.05))
    km = _restricted_mean_km(large.subscriptions, 84.0)
    assert ((km / planted - 1).abs() < 0.04).all(), (km.round(1).to_dict(), planted.round(1).to_dict())
    # the full mean needs the sBG extrapolation beyond the 90 months observed: only roughly
    mean_life = _sbg_mean_lifetime(large.subscriptions)
    assert ((mean_life / pd.Series({1: 36.0, 2: 60.0, 3: 84.0}) - 1).abs() < 0.25).all(), mean_life.round(1).to_dict()
    assert mean_life.is_monotonic_increasing


def _rfm(tx: pd.DataFrame) -> pd.DataFrame:
    tx = tx[~tx["is_refund"]]
    g = tx.groupby("customer_id").agg(
        first=("timestamp", "min"), last=("timestamp", "max"), n=("amount", "size"), mean=("amount", "mean")
    )
    week = pd.Timedelta(days=7)
    end = pd.Timestamp(AS_OF) + pd.Timedelta(days=1)
    return pd.DataFrame(
        {"x": g["n"] - 1.0, "t_x": (g["last"] - g["first"]) / week, "T": (end - g["first"]) / week, "n": g["n"], "mean": g["mean"]}
    )


def test_bgnbd_parameters_recovered(large):
    rfm = _rfm(large.transactions)
    x, t_x, T = rfm["x"].to_numpy(), rfm["t_x"].to_numpy(), rfm["T"].to_numpy()

    def nll(logp):  # Fader, Hardie & Lee (2005), eq. 6
        r, alpha, a, b = np.exp(logp)
        common = special.gammaln(r + x) - special.gammaln(r) + r * np.log(alpha)
        alive = special.betaln(a, b + x) - special.betaln(a, b) - (r + x) * np.log(alpha + T)
        dropped = np.where(
            x > 0, special.betaln(a + 1, b + x - 1) - special.betaln(a, b) - (r + x) * np.log(alpha + t_x), -np.inf
        )
        return -(common + np.logaddexp(alive, dropped)).sum()

    res = optimize.minimize(nll, np.log([0.5, 5.0, 1.0, 2.0]), method="L-BFGS-B")
    assert res.success
    fitted = dict(zip(["r", "alpha", "a", "b"], np.exp(res.x)))
    planted = large.truth["transactions"]["bgnbd"]
    assert planted == {"r": 0.25, "alpha": 4.0, "a": 0.8, "b": 2.5}
    for k, tol in {"r": 0.12, "alpha": 0.12, "a": 0.2, "b": 0.25}.items():
        assert abs(fitted[k] / planted[k] - 1) < tol, (k, fitted[k])


def test_gamma_gamma_spend_recovered(large):
    rfm = _rfm(large.transactions)
    rep = rfm[rfm["x"] > 0]
    n, m = rep["n"].to_numpy(float), rep["mean"].to_numpy()

    def nll(logp):  # Fader, Hardie & Lee (2005b), eq. 3: density of the mean of n amounts
        p, q, g = np.exp(logp)
        pn = p * n
        return -(
            special.gammaln(pn + q) - special.gammaln(pn) - special.gammaln(q) + q * np.log(g)
            + (pn - 1) * np.log(m) + pn * np.log(n) - (pn + q) * np.log(g + m * n)
        ).sum()

    res = optimize.minimize(nll, np.log([3.0, 3.0, 100.0]), method="L-BFGS-B")
    p, q, g = np.exp(res.x)
    truth = large.truth["transactions"]
    assert truth["mean_spend_rub"] == 600.0
    assert abs(p * g / (q - 1) / 600.0 - 1) < 0.05
    assert abs(q / truth["gamma_gamma"]["q"] - 1) < 0.25
    # the mean first purchase estimates the same population mean spend
    first = large.transactions.sort_values("timestamp").groupby("customer_id")["amount"].first()
    assert first.mean() == pytest.approx(600.0, rel=0.05)


# ----------------------------------------------------------------------------- bad rows


def test_dirty_rows_are_exactly_where_truth_says(tmp_path):
    paths = write_sample_data(tmp_path, n_customers=1000, seed=4)
    truth = json.loads(paths["truth"].read_text(encoding="utf-8"))
    # the dirty tables are exactly what the CSVs hold (amount as text because of '12 500 rub')
    dirty = make_sample_data(1000, seed=4, dirty=True)
    assert dirty.truth == {k: v for k, v in truth.items() if k != "units"}
    assert truth["units"]["engagement_link"] == 0.6
    for name, df in dirty.tables().items():
        pd.testing.assert_frame_equal(_read_csv(paths[name], name), df, check_exact=True, obj=name)
    bad = truth["bad_rows"]
    assert 6 <= len(bad) <= 8
    assert {b["file"] for b in bad} == {"transactions.csv", "survey.csv"}
    rows = {}
    for name in ("transactions", "survey"):
        with open(paths[name], encoding="utf-8", newline="") as fh:
            rows[f"{name}.csv"] = list(csv.DictReader(fh))
    found = set()
    for b in bad:
        record = rows[b["file"]][b["row"] - 2]  # spreadsheet row 2 = first data row
        id_col = "transaction_id" if b["file"] == "transactions.csv" else "respondent_id"
        assert record[id_col] == b["id"], b
        if b["column"] == "amount" and "text" in b["reason"]:
            assert record["amount"] == "12 500 rub"
            found.add("text amount")
        elif b["column"] == "amount":
            assert float(record["amount"]) < 0 and record["is_refund"] == "false"
            found.add("negative amount")
        elif b["column"] == "timestamp":
            assert record["timestamp"].startswith("2031-")
            found.add("future")
        elif b["column"] == "transaction_id":
            same = [i for i, r in enumerate(rows[b["file"]]) if r["transaction_id"] == b["id"]]
            assert len(same) == 2 and same[1] == b["row"] - 2
            found.add("duplicate transaction")
        elif b["column"] == "respondent_id":
            same = [i for i, r in enumerate(rows[b["file"]]) if r["respondent_id"] == b["id"]]
            assert len(same) == 2 and same[1] == b["row"] - 2
            found.add("duplicate respondent")
        elif b["column"] == "nps":
            assert record["nps"] == "11"
            found.add("nps")
        elif b["column"] == "csat":
            assert record["csat"] == "0"
            found.add("csat")
    assert len(found) == 7


def test_dirty_is_clean_plus_the_listed_rows():
    clean = make_sample_data(1000, seed=4)
    dirty = make_sample_data(1000, seed=4, dirty=True)
    for name in ("customers", "subscriptions", "kano", "operations", "incidents"):
        pd.testing.assert_frame_equal(clean.tables()[name], dirty.tables()[name])
    for file, name in (("transactions.csv", "transactions"), ("survey.csv", "survey")):
        positions = [b["row"] - 2 for b in dirty.truth["bad_rows"] if b["file"] == file]
        rest = dirty.tables()[name].drop(index=positions).reset_index(drop=True)
        if name == "transactions":
            rest["amount"] = rest["amount"].astype(float)
        pd.testing.assert_frame_equal(rest, clean.tables()[name], obj=name)
    assert clean.truth["bad_rows"] == []
    assert clean.transactions["amount"].dtype == np.float64
