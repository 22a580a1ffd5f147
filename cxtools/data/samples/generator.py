"""Seeded synthetic sample data with a documented planted truth.

The generator builds a telecom-like subscription business ("the provider") whose
tables follow the schema in ``data/samples/README.md``. Every effect an analysis
in cxtools is meant to find is *planted* with a known size, written into
``SampleData.truth`` (and ``truth.json`` next to the files), so tests and workshop
students can check that a method recovers it:

- contract lifetimes follow a shifted-beta-geometric model (Fader & Hardie 2007)
  with mean lifetimes of about 36 / 60 / 84 months for 1 / 2 / 3 products;
- operations (waiting time, repeat contacts) lower a latent experience score that
  drives the attribute ratings, which drive overall satisfaction, which changes
  the churn hazard after a survey response (operations -> satisfaction -> churn
  -> money);
- overall satisfaction reacts asymmetrically to hygiene factors and motivators
  (Herzberg; penalty-reward analysis), and the Kano answers have planted
  dominant categories (Berger et al. 1993);
- one-off purchases follow BG/NBD (Fader, Hardie & Lee 2005) with Gamma-Gamma
  spend (Fader, Hardie & Lee 2005b; Colombo & Jiang 1999).

Everything is vectorised numpy driven by one ``numpy.random.Generator``: the same
seed gives identical tables, and ten million customers are feasible.

References
----------
Fader, P. S., & Hardie, B. G. S. (2007). How to project customer retention.
    Journal of Interactive Marketing, 21(1), 76-90. (shifted-beta-geometric, eq. 1-2)
Fader, P. S., Hardie, B. G. S., & Lee, K. L. (2005). "Counting your customers" the
    easy way: An alternative to the Pareto/NBD model. Marketing Science, 24(2), 275-284.
Fader, P. S., Hardie, B. G. S., & Lee, K. L. (2005b). RFM and CLV: Using iso-value
    curves for customer base analysis. Journal of Marketing Research, 42(4), 415-430.
Berger, C., et al. (1993). Kano's methods for understanding customer-defined quality.
    Center for Quality Management Journal, 2(4), 3-36. (evaluation table, Table 2)
Cox, D. R. (1972). Regression models and life-tables. JRSS B, 34(2), 187-220.
Efraimidis, P. S., & Spirakis, P. G. (2006). Weighted random sampling with a reservoir.
    Information Processing Letters, 97(5), 181-185. (survey invitations without replacement)
"""

from __future__ import annotations

import json
import pathlib
from dataclasses import dataclass, field
from typing import ClassVar

import numpy as np
import pandas as pd
import pyarrow as pa

from cxtools.core import paths as _paths
from cxtools.core.errors import CxDataError, CxParameterError
from cxtools.data.samples._tables import _digits, _labels, _TableSet, _take
from cxtools.data.samples.people import _emails, _people, _phones
from cxtools.data.samples.units import make_unit_data

__all__ = [
    "AS_OF",
    "ATTRIBUTES",
    "COLUMNS",
    "SampleData",
    "make_sample_data",
    "write_sample_data",
    "sample_data_dir",
    "write_transactions_parquet",
]

#: Observation end: relationships still open on this day are right-censored.
AS_OF: str = "2026-06-30"

#: Experience attributes rated in the survey, asked in the Kano questionnaire and used
#: as critical-incident categories. First three: hygiene factors; ``support``:
#: performance factor; last four: motivators.
ATTRIBUTES: tuple[str, ...] = (
    "price", "quality", "availability", "support", "good_deal", "brand", "comfort", "trust",
)
_HYGIENE = ("price", "quality", "availability")
_MOTIVATORS = ("good_deal", "brand", "comfort", "trust")

#: Column order of every file (the contract in ``data/samples/README.md``).
COLUMNS: dict[str, list[str]] = {
    "customers": ["customer_id", "name", "email", "phone", "region", "segment", "signup_date"],
    "subscriptions": [
        "customer_id", "start_date", "end_date", "plan", "n_products", "monthly_revenue", "monthly_margin",
    ],
    "transactions": ["transaction_id", "customer_id", "timestamp", "amount", "product", "channel", "is_refund"],
    "survey": (
        ["respondent_id", "customer_id", "respondent_name", "email", "wave", "response_date", "segment",
         "region", "weight", "nps", "csat", "ces", "overall_satisfaction"]
        + [f"rating_{a}" for a in ATTRIBUTES]
        + [f"importance_{a}" for a in ATTRIBUTES]
        + ["loyalty_1", "loyalty_2", "loyalty_3"]
    ),
    "kano": ["respondent_id", "attribute", "functional", "dysfunctional"],
    "operations": [
        "customer_id", "avg_wait_minutes", "n_contacts", "n_repeat_contacts", "n_complaints",
        "first_contact_resolution",
    ],
    "incidents": ["incident_id", "customer_id", "valence", "category"],
}

_DATE_COLUMNS = {
    "customers": ["signup_date"],
    "subscriptions": ["start_date", "end_date"],
    "survey": ["response_date"],
    "employee_survey": ["response_date"],
}
_TIMESTAMP_COLUMNS = {"transactions": ["timestamp"]}
_BOOL_COLUMNS = {"transactions": ["is_refund"]}

_START = np.datetime64("2019-01-01", "D")
_AS_OF = np.datetime64(AS_OF, "D")
_DAYS_PER_MONTH = 365.25 / 12  # 30.4375: months <-> days everywhere in the generator
_WAVES = ("2025Q1", "2025Q2", "2025Q3", "2025Q4", "2026Q1", "2026Q2")
_WAVE_STARTS = np.array(
    ["2025-01-01", "2025-04-01", "2025-07-01", "2025-10-01", "2026-01-01", "2026-04-01", "2026-07-01"],
    dtype="datetime64[D]",
)
_PURCHASE_WINDOW_START = np.datetime64("2024-07-01", "D")
_RESPONSES_PER_WAVE = 0.05  # share of the customer count
_SMALL_BUSINESS_OVERSAMPLING = 3.0  # invitation weight of a small-business customer
_UNLINKED_SHARE = 0.08
_PURCHASE_COHORT_END = np.datetime64("2026-03-31", "D")  # last possible first-purchase day

_REGIONS = ("Moscow", "St Petersburg", "Kazan", "Novosibirsk", "Yekaterinburg")
_REGION_P = (0.34, 0.21, 0.15, 0.15, 0.15)
_REGION_WAIT_MEDIAN = (4.0, 4.5, 5.5, 6.5, 6.0)  # minutes on the support line
_SEGMENTS = ("Consumer", "Small business")
_SMALL_BUSINESS_SHARE = 0.15
_PLANS = ("internet", "internet+tv", "internet+tv+mobile")
_PLAN_P = (0.45, 0.35, 0.20)
_REVENUE = (250.0, 350.0, 450.0)
_MARGIN = (50.0, 100.0, 140.0)
_MEAN_LIFETIME = (36.0, 60.0, 84.0)  # months, by number of products
_SBG_A = 3.0  # heterogeneity shape; b follows from the mean lifetime

_KANO_LABELS = ("I like it", "I expect it", "I am neutral", "I can tolerate it", "I dislike it")
# Berger et al. (1993), Table 2: rows = functional answer, columns = dysfunctional answer.
_KANO_TABLE = (
    ("Q", "A", "A", "A", "O"),
    ("R", "I", "I", "I", "M"),
    ("R", "I", "I", "I", "M"),
    ("R", "I", "I", "I", "M"),
    ("R", "R", "R", "R", "Q"),
)
_KANO_CATEGORIES = ("A", "O", "M", "I", "R", "Q")
# Share of answers per category for each planted dominant category (order of _KANO_CATEGORIES).
_KANO_MIX = {
    "M": (0.07, 0.15, 0.55, 0.15, 0.04, 0.04),
    "O": (0.15, 0.55, 0.15, 0.08, 0.03, 0.04),
    "A": (0.55, 0.12, 0.06, 0.20, 0.03, 0.04),
}
_KANO_PLANTED = {a: ("M" if a in _HYGIENE else "O" if a == "support" else "A") for a in ATTRIBUTES}

# Critical incidents: category shares per valence (order of ATTRIBUTES).
_INCIDENT_SHARES = {
    "negative": (0.20, 0.22, 0.20, 0.12, 0.06, 0.06, 0.07, 0.07),
    "positive": (0.04, 0.04, 0.04, 0.12, 0.20, 0.18, 0.20, 0.18),
}

_PRODUCTS = ("router", "tv_box", "mobile_topup", "movie_rental", "speed_boost")
_CHANNELS = ("online", "store", "call_centre")
_CHANNEL_P = (0.55, 0.30, 0.15)


def _ids(prefix: str, n: int, width: int) -> pd.Series:
    return prefix + _digits(np.arange(1, n + 1), width)


def _to_dates(days: np.ndarray) -> np.ndarray:
    """Integer days since 1970-01-01 (NaN-free) -> datetime64[us] (what read_csv gives)."""
    return days.astype("datetime64[D]").astype("datetime64[us]")


def _cut(latent: np.ndarray, low: int, high: int) -> np.ndarray:
    return np.clip(np.rint(latent), low, high).astype(np.int64)


# --------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class SampleData(_TableSet):
    """The seven sample tables plus the planted truth used to generate them.

    Attributes
    ----------
    customers, subscriptions, transactions, survey, kano, operations, incidents : DataFrame
        Tables with the columns of ``data/samples/README.md``, dtypes as a CSV round
        trip gives them (``str``, ``int64``, ``float64``, ``bool``, ``datetime64[us]``).
    truth : dict
        The planted parameters actually used (JSON-serialisable; see the README).

    Examples
    --------
    >>> data = make_sample_data(200, seed=1)
    >>> data
    SampleData(customers=200, subscriptions=200, transactions=..., survey=..., kano=240, operations=200, incidents=24 rows; seed=1, dirty=False)
    >>> data.to_frame().head(2)
               table  n_rows  n_columns
    0      customers     200          7
    1  subscriptions     200          7
    """

    customers: pd.DataFrame
    subscriptions: pd.DataFrame
    transactions: pd.DataFrame
    survey: pd.DataFrame
    kano: pd.DataFrame
    operations: pd.DataFrame
    incidents: pd.DataFrame
    truth: dict = field(default_factory=dict)
    _stems: ClassVar[tuple[str, ...]] = tuple(COLUMNS)

    def to_frame(self) -> pd.DataFrame:
        """One row per table: number of rows and columns."""
        return pd.DataFrame(
            {
                "table": list(COLUMNS),
                "n_rows": [len(getattr(self, t)) for t in COLUMNS],
                "n_columns": [getattr(self, t).shape[1] for t in COLUMNS],
            }
        )

    def __repr__(self) -> str:
        return f"SampleData({self._counts()} rows; seed={self.truth.get('seed')}, dirty={self.truth.get('dirty')})"


def make_sample_data(
    n_customers: int = 4000,
    *,
    seed: int = 2026,
    satisfaction_churn_link: float = -0.25,
    asymmetric_factors: bool = True,
    dirty: bool = False,
) -> SampleData:
    """Generate the sample data set with a documented planted truth.

    Parameters
    ----------
    n_customers : int, default 4000
        Number of customers; every other table scales with it (survey responses about
        30 %, Kano respondents 15 %, incidents 12 % of it; about 1.8 transactions per
        customer).
    seed : int, default 2026
        Seed of the single ``numpy.random.Generator`` used: same seed, same tables.
    satisfaction_churn_link : float, default -0.25
        Log hazard ratio of churn per point of ``overall_satisfaction`` (1-10) after
        a customer's survey response: the monthly churn hazard from the response
        date on is multiplied by ``exp(link * (overall_satisfaction - 7))``. 0 switches
        the link off.
    asymmetric_factors : bool, default True
        Hygiene attributes (price, quality, availability) penalise overall satisfaction
        when rated 1-2 and hardly reward 4-5; motivators (good_deal, brand, comfort,
        trust) reward 4-5 and hardly penalise 1-2; support is linear. ``False`` makes
        every attribute linear (symmetric).
    dirty : bool, default False
        Insert a handful of realistic bad rows into ``transactions`` and ``survey``,
        listed in ``truth["bad_rows"]``. Because one bad amount is text, the
        ``transactions.amount`` column then holds the text as written in the CSV.

    Returns
    -------
    SampleData

    Raises
    ------
    CxParameterError
        If ``n_customers`` is below 100 or the link is not a finite number.

    References
    ----------
    Fader & Hardie (2007), eq. 1-2 (sBG); Fader, Hardie & Lee (2005), section 2 (BG/NBD);
    Berger et al. (1993), Table 2 (Kano evaluation table).

    Examples
    --------
    >>> data = make_sample_data(500, seed=1)
    >>> data.subscriptions["n_products"].isin([1, 2, 3]).all()
    np.True_
    >>> data.truth["churn"]["satisfaction_churn_link"]
    -0.25
    >>> sorted(data.tables())[:3]
    ['customers', 'incidents', 'kano']
    """
    if isinstance(n_customers, bool) or not isinstance(n_customers, (int, np.integer)) or n_customers < 100:
        raise CxParameterError(f"make_sample_data: n_customers must be an integer >= 100, got {n_customers!r}")
    link = float(satisfaction_churn_link)
    if not np.isfinite(link):
        raise CxParameterError(f"make_sample_data: satisfaction_churn_link must be finite, got {link!r}")
    n = int(n_customers)
    rng = np.random.default_rng(seed)
    truth: dict = {"seed": int(seed), "n_customers": n, "as_of": AS_OF, "dirty": bool(dirty)}

    # ---------------- customers ----------------
    start_day = int(_START.astype(np.int64))
    as_of_day = int(_AS_OF.astype(np.int64))
    span = as_of_day - start_day
    region = rng.choice(len(_REGIONS), size=n, p=_REGION_P)
    small_business = rng.random(n) < _SMALL_BUSINESS_SHARE
    # The base grows: half the sign-ups uniform over the window, half with a rising density.
    u = rng.random(n)
    u = np.where(rng.random(n) < 0.5, u, np.sqrt(u))
    signup = start_day + np.floor(u * (span + 1)).astype(np.int64)
    signup = np.minimum(signup, as_of_day)
    names, emails = _people(rng, n)
    phones = _phones(rng, n)
    width = max(7, len(str(n)))
    customer_id = _ids("C", n, width)
    segment_code = small_business.astype(np.int64)

    # ---------------- subscriptions: sBG lifetimes ----------------
    plan = rng.choice(3, size=n, p=_PLAN_P)
    sbg_b = np.array([(_SBG_A - 1.0) * m - _SBG_A + 1.0 for m in _MEAN_LIFETIME])
    theta = rng.beta(_SBG_A, sbg_b[plan])  # monthly churn probability
    # Continuous time: rate -log(1-theta) per month, so ceil(lifetime) ~ Geometric(theta) exactly.
    lifetime0 = rng.exponential(size=n) / -np.log1p(-theta)  # months, before any survey effect
    end0_day = signup + np.floor(lifetime0 * _DAYS_PER_MONTH).astype(np.int64)
    end0_day = np.maximum(end0_day, signup + 1)
    truth["churn"] = {
        "model": "shifted-beta-geometric (Fader & Hardie 2007): each customer has a monthly churn "
        "probability theta ~ Beta(a, b[n_products]); lifetime L (months) ~ Exponential with rate "
        "-log(1 - theta), so ceil(L) is geometric with parameter theta; "
        "end_date = start_date + floor(L * 30.4375) days, empty if after as_of",
        "sbg_a": _SBG_A,
        "sbg_b": {str(k + 1): float(sbg_b[k]) for k in range(3)},
        "mean_lifetime_months": {str(k + 1): _MEAN_LIFETIME[k] for k in range(3)},
        "days_per_month": _DAYS_PER_MONTH,
        "satisfaction_churn_link": link,
        "link_definition": "for a customer with a survey response (linked or not), the churn hazard from "
        "response_date on is multiplied by exp(satisfaction_churn_link * (overall_satisfaction - 7)); "
        "the remaining lifetime after the response is divided by that factor",
        "segment_or_region_effect_on_churn": "none",
    }

    # ---------------- operations -> latent experience ----------------
    wait_median = np.array(_REGION_WAIT_MEDIAN)[region]
    avg_wait = np.round(wait_median * np.exp(0.45 * rng.standard_normal(n)), 1)
    issue_rate = rng.gamma(2.0, 0.8, n) * np.where(small_business, 1.4, 1.0)
    n_issues = rng.poisson(issue_rate)
    p_unresolved = rng.beta(2.0, 6.0, n)
    n_unresolved = rng.binomial(n_issues, p_unresolved)
    # Every unresolved issue brings 1 + Poisson(0.5) further contacts.
    n_repeat = n_unresolved + rng.poisson(0.5 * n_unresolved)
    n_contacts = n_issues + n_repeat
    n_complaints = rng.binomial(n_repeat, 0.25) + rng.binomial(n_issues, 0.02)
    with np.errstate(invalid="ignore", divide="ignore"):
        fcr = np.where(n_issues > 0, np.round((n_issues - n_unresolved) / np.maximum(n_issues, 1), 3), np.nan)
    wait_coef, repeat_coef, wait_ref = -0.08, -0.30, 5.0
    experience = rng.standard_normal(n) + wait_coef * (avg_wait - wait_ref) + repeat_coef * n_repeat
    truth["operations"] = {
        "experience_definition": "latent experience = N(0,1) + wait_coef * (avg_wait_minutes - 5) "
        "+ repeat_coef * n_repeat_contacts; attribute ratings load on it (see survey)",
        "wait_coef_per_minute": wait_coef,
        "repeat_coef_per_contact": repeat_coef,
        "wait_reference_minutes": wait_ref,
        "region_median_wait_minutes": dict(zip(_REGIONS, _REGION_WAIT_MEDIAN)),
        "avg_wait_note": "customers without contacts carry the wait of their region's line they would meet",
    }

    # ---------------- survey ----------------
    survey_idx, survey_day, survey_wave, survey_weight = _sample_survey(
        rng, n, signup, end0_day, small_business
    )
    m = len(survey_idx)
    e = experience[survey_idx]
    rating_mu = {"price": 3.1, "quality": 3.5, "availability": 3.6, "support": 3.4,
                 "good_deal": 3.2, "brand": 3.5, "comfort": 3.4, "trust": 3.6}
    ratings = {}
    for a in ATTRIBUTES:
        ratings[a] = _cut(rating_mu[a] + 0.6 * e + 0.8 * rng.standard_normal(m), 1, 5)
    effects = _attribute_effects(asymmetric_factors)
    overall_latent = np.full(m, effects["intercept"])
    for a in ATTRIBUTES:
        overall_latent += np.asarray(effects["by_rating"][a])[ratings[a] - 1]
    overall_latent += effects["noise_sd"] * rng.standard_normal(m)
    overall = _cut(overall_latent, 1, 10)
    sb = small_business[survey_idx]
    wave_index = survey_wave
    nps_gap, nps_trend = -0.8, 0.15
    nps = _cut(overall + 0.9 + nps_gap * sb + nps_trend * wave_index + 1.2 * rng.standard_normal(m), 0, 10)
    csat = _cut(3.9 + 0.45 * (ratings["support"] - 3) + 0.25 * (overall - 7) + 0.75 * rng.standard_normal(m),
                1, 5)
    ces = _cut(5.3 + 0.5 * (ratings["support"] - 3) - 0.4 * np.minimum(n_repeat[survey_idx], 4)
               + 0.2 * (overall - 7) + 1.0 * rng.standard_normal(m), 1, 7)
    importance_mu = {a: (4.4 if a in _HYGIENE else 4.0 if a == "support" else 3.4) for a in ATTRIBUTES}
    importance = {a: _cut(importance_mu[a] + 0.8 * rng.standard_normal(m), 1, 5) for a in ATTRIBUTES}
    loyalty_factor = 0.35 * (overall - 7) + 0.8 * rng.standard_normal(m)
    loyalty = [_cut(3.5 + 0.9 * loyalty_factor + 0.6 * rng.standard_normal(m), 1, 5) for _ in range(3)]
    linked = rng.random(m) >= _UNLINKED_SHARE
    truth["survey"] = {
        "waves": list(_WAVES),
        "responses_per_wave": "round(0.05 * n_customers) sampled from customers active on the response date, "
        "small business 3x as likely to be invited; each customer answers at most once",
        "responses_per_wave_share_of_customers": _RESPONSES_PER_WAVE,
        "small_business_invitation_factor": _SMALL_BUSINESS_OVERSAMPLING,
        "unlinked_share": _UNLINKED_SHARE,
        "unlinked_note": "unlinked responses come from real customers whose e-mail was typed differently; "
        "customer_id is empty, the planted churn link still applies to them",
        "weight_definition": "within each wave: (active customers in the segment / responses from the segment), "
        "scaled to mean 1 in the wave",
        "rating_definition": "rating = clip(round(mu[attribute] + 0.6 * experience + 0.8 * N(0,1)), 1, 5)",
        "rating_mu": rating_mu,
        "overall_satisfaction_definition": "clip(round(intercept + sum(effect[attribute][rating - 1]) "
        "+ noise_sd * N(0,1)), 1, 10)",
        "asymmetric_factors": bool(asymmetric_factors),
        "overall_effects": effects,
        "hygiene_attributes": list(_HYGIENE),
        "motivator_attributes": list(_MOTIVATORS),
        "performance_attributes": ["support"],
        "nps_definition": "clip(round(overall_satisfaction + 0.9 + segment_gap * small_business "
        "+ trend_per_wave * wave_index + 1.2 * N(0,1)), 0, 10), wave_index 0 for 2025Q1 .. 5 for 2026Q2",
        "nps_segment_gap_points": nps_gap,
        "nps_trend_per_wave_points": nps_trend,
        "csat_definition": "clip(round(3.9 + 0.45 * (rating_support - 3) + 0.25 * (overall_satisfaction - 7) "
        "+ 0.75 * N(0,1)), 1, 5)",
        "ces_definition": "clip(round(5.3 + 0.5 * (rating_support - 3) - 0.4 * min(n_repeat_contacts, 4) "
        "+ 0.2 * (overall_satisfaction - 7) + N(0,1)), 1, 7)",
        "importance_mu": importance_mu,
        "loyalty_definition": "factor F = 0.35 * (overall_satisfaction - 7) + 0.8 * N(0,1); "
        "loyalty_j = clip(round(3.5 + 0.9 * F + 0.6 * N(0,1)), 1, 5), j = 1..3",
    }

    # churn link: remaining lifetime after the response divided by the hazard ratio
    lifetime = lifetime0.copy()
    s_months = (survey_day - signup[survey_idx]) / _DAYS_PER_MONTH
    hazard_ratio = np.exp(link * (overall - 7.0))
    lifetime[survey_idx] = s_months + (lifetime0[survey_idx] - s_months) / hazard_ratio
    end_day = signup + np.floor(lifetime * _DAYS_PER_MONTH).astype(np.int64)
    end_day = np.maximum(end_day, signup + 1)
    end_day[survey_idx] = np.maximum(end_day[survey_idx], survey_day + 1)
    active = end_day > as_of_day

    # ---------------- tables: customers, subscriptions, operations ----------------
    customers = pd.DataFrame(
        {
            "customer_id": customer_id,
            "name": names,
            "email": emails,
            "phone": phones,
            "region": _labels(_REGIONS, region),
            "segment": _labels(_SEGMENTS, segment_code),
            "signup_date": _to_dates(signup),
        }
    )
    end_dates = pd.Series(_to_dates(end_day)).where(~active)
    subscriptions = pd.DataFrame(
        {
            "customer_id": customers["customer_id"],
            "start_date": customers["signup_date"],
            "end_date": end_dates.astype("datetime64[us]"),
            "plan": _labels(_PLANS, plan),
            "n_products": (plan + 1).astype(np.int64),
            "monthly_revenue": np.array(_REVENUE)[plan],
            "monthly_margin": np.array(_MARGIN)[plan],
        }
    )
    truth["plans"] = {
        p: {"n_products": k + 1, "monthly_revenue": _REVENUE[k], "monthly_margin": _MARGIN[k], "share": _PLAN_P[k]}
        for k, p in enumerate(_PLANS)
    }
    truth["customers"] = {"small_business_share": _SMALL_BUSINESS_SHARE, "region_shares": dict(zip(_REGIONS, _REGION_P))}
    operations = pd.DataFrame(
        {
            "customer_id": customers["customer_id"],
            "avg_wait_minutes": avg_wait,
            "n_contacts": n_contacts.astype(np.int64),
            "n_repeat_contacts": n_repeat.astype(np.int64),
            "n_complaints": n_complaints.astype(np.int64),
            "first_contact_resolution": fcr,
        }
    )

    # ---------------- survey table ----------------
    order = np.lexsort((survey_idx, survey_day))
    survey_idx, survey_day, survey_wave, survey_weight = (
        survey_idx[order], survey_day[order], survey_wave[order], survey_weight[order]
    )
    linked = linked[order]
    perm = {k: v[order] for k, v in ratings.items()}
    sv_email = _take(emails, survey_idx)
    # an unlinked respondent typed another address, so the e-mail match failed
    n_unl = int((~linked).sum())
    if n_unl:
        other = _emails(rng, _labels(["client"], np.zeros(n_unl, dtype=np.int64)),
                        _digits(rng.integers(1000, 99999, n_unl), 1))
        sv_email.iloc[np.flatnonzero(~linked)] = other.to_numpy()
    survey = pd.DataFrame(
        {
            "respondent_id": _ids("R", m, width),
            "customer_id": _take(customer_id, survey_idx).where(linked),
            "respondent_name": _take(names, survey_idx),
            "email": sv_email,
            "wave": _labels(_WAVES, survey_wave),
            "response_date": _to_dates(survey_day),
            "segment": _labels(_SEGMENTS, segment_code[survey_idx]),
            "region": _labels(_REGIONS, region[survey_idx]),
            "weight": np.round(survey_weight, 4),
            "nps": nps[order],
            "csat": csat[order],
            "ces": ces[order],
            "overall_satisfaction": overall[order],
        }
    )
    for a in ATTRIBUTES:
        survey[f"rating_{a}"] = perm[a]
    for a in ATTRIBUTES:
        survey[f"importance_{a}"] = importance[a][order]
    for j in range(3):
        survey[f"loyalty_{j + 1}"] = loyalty[j][order]

    # ---------------- kano ----------------
    kano = _make_kano(rng, survey["respondent_id"], n)
    truth["kano"] = {
        "planted_dominant_category": _KANO_PLANTED,
        "category_shares": {k: dict(zip(_KANO_CATEGORIES, v)) for k, v in _KANO_MIX.items()},
        "respondents": "round(0.15 * n_customers) survey respondents (at most all of them), all 8 attributes each",
        "evaluation_table": "Berger et al. (1993) Table 2; each answer pair drawn uniformly among the "
        "cells of its category",
    }

    # ---------------- incidents ----------------
    incidents = _make_incidents(rng, customer_id, n_complaints, n, width)
    truth["incidents"] = {
        "per_customer_rate": 0.12,
        "positive_share": 0.5,
        "category_shares": {v: dict(zip(ATTRIBUTES, s)) for v, s in _INCIDENT_SHARES.items()},
        "note": "negative incidents come 1 + n_complaints times as often from a customer",
    }

    # ---------------- transactions ----------------
    transactions, tx_truth = _make_transactions(rng, signup, end_day, customer_id)
    truth["transactions"] = tx_truth

    data = {
        "customers": customers, "subscriptions": subscriptions, "transactions": transactions,
        "survey": survey, "kano": kano, "operations": operations, "incidents": incidents,
    }
    truth["bad_rows"] = []
    if dirty:
        truth["bad_rows"] = _add_bad_rows(rng, data)
    truth["rows"] = {k: int(len(v)) for k, v in data.items()}
    return SampleData(**data, truth=truth)


def _attribute_effects(asymmetric: bool) -> dict:
    """Effect of each rating (1..5) on latent overall satisfaction."""
    if asymmetric:
        hygiene = [-1.2, -1.2, 0.0, 0.1, 0.1]
        motivator = [-0.1, -0.1, 0.0, 0.8, 0.8]
        intercept = 6.3
    else:
        hygiene = motivator = [-0.6, -0.3, 0.0, 0.3, 0.6]
        intercept = 6.5
    support = [-0.6, -0.3, 0.0, 0.3, 0.6]
    by_rating = {a: (hygiene if a in _HYGIENE else support if a == "support" else motivator) for a in ATTRIBUTES}
    return {"intercept": intercept, "noise_sd": 0.9, "by_rating": {a: list(v) for a, v in by_rating.items()}}


def _sample_survey(rng, n, signup, end0_day, small_business):
    per_wave = max(1, int(round(_RESPONSES_PER_WAVE * n)))
    taken = np.zeros(n, dtype=bool)
    idx_all, day_all, wave_all, weight_all = [], [], [], []
    for w in range(len(_WAVES)):
        lo = int(_WAVE_STARTS[w].astype(np.int64))
        hi = int(_WAVE_STARTS[w + 1].astype(np.int64))  # exclusive
        day = lo + rng.integers(0, hi - lo, n)
        active = (signup <= day) & (end0_day > day)
        cand = np.flatnonzero(active & ~taken)
        if len(cand) == 0:
            continue
        k = min(per_wave, len(cand))
        # weighted sampling without replacement (Efraimidis & Spirakis 2006): smallest Exp/w keys
        invite_weight = np.where(small_business[cand], _SMALL_BUSINESS_OVERSAMPLING, 1.0)
        keys = rng.exponential(size=len(cand)) / invite_weight
        chosen = cand[np.argpartition(keys, k - 1)[:k]] if k < len(cand) else cand
        chosen = np.sort(chosen)
        taken[chosen] = True
        sb = small_business[chosen]
        # weights describe all active customers, including earlier respondents
        n_pop_sb = int((small_business & active).sum())
        n_pop_c = int(active.sum()) - n_pop_sb
        n_s_sb = int(sb.sum())
        n_s_c = k - n_s_sb
        weight = np.where(sb, n_pop_sb / max(n_s_sb, 1), n_pop_c / max(n_s_c, 1))
        weight = weight / weight.mean()
        idx_all.append(chosen)
        day_all.append(day[chosen])
        wave_all.append(np.full(k, w, dtype=np.int64))
        weight_all.append(weight)
    return (
        np.concatenate(idx_all), np.concatenate(day_all).astype(np.int64),
        np.concatenate(wave_all), np.concatenate(weight_all),
    )


def _make_kano(rng, respondent_ids, n):
    n_resp = min(len(respondent_ids), int(round(0.15 * n)))
    chosen = np.sort(rng.choice(len(respondent_ids), size=n_resp, replace=False))
    # cells of the evaluation table per category
    cells = {c: [(f, d) for f in range(5) for d in range(5) if _KANO_TABLE[f][d] == c] for c in _KANO_CATEGORIES}
    k = len(ATTRIBUTES)
    resp = np.repeat(chosen, k)
    attr = np.tile(np.arange(k), n_resp)
    func = np.empty(len(resp), dtype=np.int64)
    dysf = np.empty(len(resp), dtype=np.int64)
    for ai, a in enumerate(ATTRIBUTES):
        sel = np.flatnonzero(attr == ai)
        cat = rng.choice(len(_KANO_CATEGORIES), size=len(sel), p=_KANO_MIX[_KANO_PLANTED[a]])
        for ci, c in enumerate(_KANO_CATEGORIES):
            rows = sel[cat == ci]
            pick = rng.integers(0, len(cells[c]), len(rows))
            table = np.array(cells[c])
            func[rows] = table[pick, 0]
            dysf[rows] = table[pick, 1]
    return pd.DataFrame(
        {
            "respondent_id": _take(respondent_ids, resp),
            "attribute": _labels(ATTRIBUTES, attr),
            "functional": _labels(_KANO_LABELS, func),
            "dysfunctional": _labels(_KANO_LABELS, dysf),
        }
    )


def _make_incidents(rng, customer_id, n_complaints, n, width):
    n_inc = int(round(0.12 * n))
    positive = rng.random(n_inc) < 0.5
    cat = np.empty(n_inc, dtype=np.int64)
    for v, mask in (("positive", positive), ("negative", ~positive)):
        cat[mask] = rng.choice(len(ATTRIBUTES), size=int(mask.sum()), p=_INCIDENT_SHARES[v])
    # negative incidents come more often from customers who complained
    w_neg = 1.0 + n_complaints
    cum = np.cumsum(w_neg / w_neg.sum())
    cust_neg = np.minimum(np.searchsorted(cum, rng.random(n_inc)), n - 1)
    cust_pos = rng.integers(0, n, n_inc)
    cust = np.where(positive, cust_pos, cust_neg)
    return pd.DataFrame(
        {
            "incident_id": _ids("I", n_inc, width),
            "customer_id": _take(customer_id, cust),
            "valence": _labels(("negative", "positive"), positive.astype(np.int64)),
            "category": _labels(ATTRIBUTES, cat),
        }
    )


_BGNBD = {"r": 0.25, "alpha": 4.0, "a": 0.8, "b": 2.5}
_GAMMA_GAMMA = {"p": 6.0, "q": 4.0, "gamma": 300.0}
_REFUND_SHARE = 0.03


def _bgnbd_purchases(rng, T_weeks: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Purchases of ``len(T_weeks)`` BG/NBD customers observed for ``T_weeks`` weeks after their first.

    Returns ``(owner, times, nu)``: the customer (position) of every purchase, its time in weeks
    after the customer's first purchase (the first purchases first, then each round of repeats),
    and every customer's Gamma-Gamma scale for :func:`_gamma_gamma_amounts`.
    """
    n = T_weeks.size
    lam = rng.gamma(_BGNBD["r"], 1.0 / _BGNBD["alpha"], n)  # purchases per week
    p_drop = rng.beta(_BGNBD["a"], _BGNBD["b"], n)
    nu = rng.gamma(_GAMMA_GAMMA["q"], 1.0 / _GAMMA_GAMMA["gamma"], n)  # Gamma-Gamma scale
    owner, times = [np.arange(n)], [np.zeros(n)]
    alive, t = np.arange(n), np.zeros(n)
    while alive.size:
        t_alive = t[alive] + rng.exponential(size=alive.size) / lam[alive]
        inside = t_alive <= T_weeks[alive]
        alive, t_alive = alive[inside], t_alive[inside]
        t[alive] = t_alive
        owner.append(alive)
        times.append(t_alive)
        # after each repeat purchase the customer becomes inactive with probability p
        alive = alive[rng.random(alive.size) >= p_drop[alive]]
    return np.concatenate(owner), np.concatenate(times), nu


def _gamma_gamma_amounts(rng, nu: np.ndarray) -> np.ndarray:
    """One Gamma(p, nu) amount per purchase (``nu`` per purchase), in kopecks, at least 1 rub."""
    return np.maximum(np.round(rng.gamma(_GAMMA_GAMMA["p"], 1.0, nu.size) / nu, 2), 1.0)


def _make_transactions(rng, signup, end_day, customer_id):
    as_of_day = int(_AS_OF.astype(np.int64))
    window_start = int(_PURCHASE_WINDOW_START.astype(np.int64))
    obs_end_s = (as_of_day + 1) * 86400  # end of the as-of day, in seconds since 1970
    cohort_end = int(_PURCHASE_COHORT_END.astype(np.int64))
    # who buys: customers whose subscription was running on 2024-07-01 or began later, up to the
    # cohort end, so every buyer is observed for at least 13 weeks after the first purchase
    buyers = np.flatnonzero((end_day >= window_start) & (signup <= cohort_end))
    nb = len(buyers)
    start = np.maximum(signup[buyers], window_start)
    window_end = np.minimum(start + 365, cohort_end + 1)
    first_day = start + np.floor(rng.random(nb) * (window_end - start)).astype(np.int64)
    first_s = first_day * 86400 + rng.integers(8 * 3600, 22 * 3600, nb)
    T_weeks = (obs_end_s - first_s) / (7 * 86400)

    owner, times, nu = _bgnbd_purchases(rng, T_weeks)
    n_tx = owner.size
    ts_s = first_s[owner] + np.floor(times * 7 * 86400).astype(np.int64)
    ts_s = np.minimum(ts_s, obs_end_s - 1)
    amount = _gamma_gamma_amounts(rng, nu[owner])
    # product follows the amount (equipment is expensive), so the spend model stays exact
    u = rng.random(n_tx)
    product = np.where(
        amount < 300,
        np.where(u < 0.5, 3, 2),
        np.where(amount < 1500, np.where(u < 0.35, 2, np.where(u < 0.8, 4, 3)), np.where(u < 0.55, 0, 1)),
    )
    channel = rng.choice(3, size=n_tx, p=_CHANNEL_P)

    # refunds: extra rows, 1-14 days after a purchase, for the full amount; not part of BG/NBD
    ref = np.flatnonzero(rng.random(n_tx) < _REFUND_SHARE)
    ref_ts = ts_s[ref] + rng.integers(1 * 86400, 15 * 86400, ref.size)
    keep = ref_ts < obs_end_s
    ref, ref_ts = ref[keep], ref_ts[keep]
    all_owner = np.concatenate([owner, owner[ref]])
    all_ts = np.concatenate([ts_s, ref_ts])
    all_amount = np.concatenate([amount, -amount[ref]])
    all_product = np.concatenate([product, product[ref]])
    all_channel = np.concatenate([channel, channel[ref]])
    is_refund = np.concatenate([np.zeros(n_tx, bool), np.ones(ref.size, bool)])
    order = np.lexsort((is_refund, all_owner, all_ts))
    total = order.size
    tx = pd.DataFrame(
        {
            "transaction_id": _ids("T", total, max(8, len(str(total)))),
            "customer_id": _take(customer_id, buyers[all_owner[order]]),
            "timestamp": (all_ts[order] * 1_000_000).astype("datetime64[us]"),
            "amount": all_amount[order],
            "product": _labels(_PRODUCTS, all_product[order]),
            "channel": _labels(_CHANNELS, all_channel[order]),
            "is_refund": is_refund[order],
        }
    )
    tx_truth = {
        "bgnbd": dict(_BGNBD),
        "bgnbd_units": "time in weeks; lambda ~ Gamma(shape r, rate alpha) purchases per week, "
        "p ~ Beta(a, b) dropout after each repeat purchase (Fader, Hardie & Lee 2005)",
        "gamma_gamma": dict(_GAMMA_GAMMA),
        "gamma_gamma_units": "rub; each purchase amount ~ Gamma(shape p, rate nu), nu ~ Gamma(shape q, rate gamma); "
        "mean spend per purchase p * gamma / (q - 1); amounts rounded to kopecks, at least 1 rub",
        "mean_spend_rub": _GAMMA_GAMMA["p"] * _GAMMA_GAMMA["gamma"] / (_GAMMA_GAMMA["q"] - 1),
        "buyers": "customers whose subscription was running on 2024-07-01 or began later, "
        "signed up by 2026-03-31",
        "first_purchase_window": "day uniform from max(signup_date, 2024-07-01) to the earlier of 364 days "
        "later and 2026-03-31, time of day 08:00-22:00 (so T >= 13 weeks)",
        "observation_end": "2026-07-01 00:00:00 (end of the as-of day); T = observation end - first purchase",
        "refunds": f"extra rows (is_refund true, amount = -purchase amount, same product and channel) "
        f"for {_REFUND_SHARE:.0%} of purchases, 1-14 days later if before the observation end; "
        "exclude them (is_refund) before fitting BG/NBD and Gamma-Gamma",
        "purchases_independent_of_churn": True,
    }
    return tx, tx_truth


def _add_bad_rows(rng, data: dict) -> list[dict]:
    """Insert realistic bad rows; return where they are (spreadsheet row numbers, header = 1)."""
    tx = data["transactions"]
    sv = data["survey"]
    good_tx = tx.loc[~tx["is_refund"]]
    picks = good_tx.iloc[rng.choice(len(good_tx), size=4, replace=False)]
    next_t = len(tx)
    tid_w = len(tx["transaction_id"].iloc[0]) - 1
    new_tx, reasons_tx = [], []

    def tid(k):
        return "T" + str(next_t + k).zfill(tid_w)

    r0 = picks.iloc[0].copy()
    r0["transaction_id"] = tid(1)
    r0["amount"] = -abs(r0["amount"])
    new_tx.append(r0)
    reasons_tx.append(("amount", "negative amount but is_refund is false"))
    r1 = picks.iloc[1].copy()
    r1["transaction_id"] = tid(2)
    r1["timestamp"] = pd.Timestamp("2031-03-14 12:00:00")
    new_tx.append(r1)
    reasons_tx.append(("timestamp", "timestamp in the future (2031), after the as-of date"))
    r2 = picks.iloc[2].copy()  # exact copy: exported twice
    new_tx.append(r2)
    reasons_tx.append(("transaction_id", f"duplicate transaction_id {r2['transaction_id']} (row exported twice)"))
    r3 = picks.iloc[3].copy()
    r3["transaction_id"] = tid(3)
    new_tx.append(r3)
    reasons_tx.append(("amount", "amount written as text: '12 500 rub'"))

    # survey: copies of real responses with new ids, unlinked, one bad field each
    spicks = sv.iloc[rng.choice(len(sv), size=3, replace=False)]
    next_r = len(sv)
    rid_w = len(sv["respondent_id"].iloc[0]) - 1

    def unlinked(pick, k, column, value):
        row = pick.copy()
        row["respondent_id"] = "R" + str(next_r + k).zfill(rid_w)
        row["customer_id"] = np.nan
        row[column] = value
        return row

    s1 = spicks.iloc[1].copy()  # exact copy: answered twice through two links
    new_sv = [unlinked(spicks.iloc[0], 1, "nps", 11), s1, unlinked(spicks.iloc[2], 2, "csat", 0)]
    reasons_sv = [("nps", "nps of 11, outside 0-10"),
                  ("respondent_id", f"duplicate respondent_id {s1['respondent_id']} (response recorded twice)"),
                  ("csat", "csat of 0, outside 1-5")]

    bad = []
    new_tx_df, tx_pos = _insert_rows(rng, tx, new_tx, min_pos=[None, None, picks.index[2], None])
    new_sv_df, sv_pos = _insert_rows(rng, sv, new_sv, min_pos=[None, spicks.index[1], None])
    # the column now holds the text as written in the CSV (floats in their shortest repr)
    amount_text = new_tx_df["amount"].astype("str")
    amount_text.iloc[tx_pos[3]] = "12 500 rub"
    new_tx_df["amount"] = amount_text
    data["transactions"] = new_tx_df
    data["survey"] = new_sv_df
    for (col, why), pos, row in zip(reasons_tx, tx_pos, new_tx):
        bad.append({"file": "transactions.csv", "row": int(pos) + 2, "column": col,
                    "id": str(row["transaction_id"]), "reason": why})
    for (col, why), pos, row in zip(reasons_sv, sv_pos, new_sv):
        bad.append({"file": "survey.csv", "row": int(pos) + 2, "column": col,
                    "id": str(row["respondent_id"]), "reason": why})
    return bad


def _insert_rows(rng, df: pd.DataFrame, rows: list, *, min_pos: list) -> tuple[pd.DataFrame, list[int]]:
    """Insert ``rows`` at seeded positions (after ``min_pos`` when given); return new frame and positions."""
    n = len(df)
    after = []
    for lim in min_pos:
        lo = 0 if lim is None else int(lim) + 1
        after.append(int(rng.integers(lo, n + 1)))  # insert before original row `after`
    key = np.concatenate([np.arange(n, dtype=float), np.array(after, dtype=float) - 0.5
                          + np.arange(len(rows)) * 1e-3])
    extra = pd.DataFrame(rows)[list(df.columns)].astype(df.dtypes.to_dict())
    both = pd.concat([df, extra], ignore_index=True)
    order = np.argsort(key, kind="stable")
    out = both.iloc[order].reset_index(drop=True)
    inv = np.empty_like(order)
    inv[order] = np.arange(order.size)
    positions = [int(inv[n + i]) for i in range(len(rows))]
    return out, positions


# --------------------------------------------------------------------------------------
# Files
# --------------------------------------------------------------------------------------
def _csv_text(name: str, df: pd.DataFrame) -> pd.DataFrame:
    """Format dates/booleans the way the README promises (ISO dates, true/false)."""
    out = df.copy()
    for c in _DATE_COLUMNS.get(name, []):
        out[c] = out[c].dt.strftime("%Y-%m-%d")
    for c in _TIMESTAMP_COLUMNS.get(name, []):
        out[c] = out[c].dt.strftime("%Y-%m-%d %H:%M:%S")
    for c in _BOOL_COLUMNS.get(name, []):
        out[c] = np.where(out[c].to_numpy(dtype=bool), "true", "false")
    return out


def write_sample_data(
    out_dir,
    *,
    n_customers: int = 4000,
    seed: int = 2026,
    format: str = "csv",
    dirty: bool = True,
    employee_layer: bool = True,
    **kwargs,
) -> dict[str, pathlib.Path]:
    """Generate the sample data and write one file per table plus ``truth.json``.

    Parameters
    ----------
    out_dir : str or path
        Folder to write into (created if needed); existing files are overwritten.
    n_customers, seed : int
        Passed to :func:`make_sample_data`.
    format : {"csv", "parquet"}, default "csv"
        CSV as documented in the README (written in chunks of 500,000 rows), or
        Parquet (better for millions of customers).
    dirty : bool, default True
        Include the documented bad rows (the bundled files do).
    employee_layer : bool, default True
        Also write the employee layer (``units``, ``customer_units``, ``employee_survey``; see
        :mod:`cxtools.data.samples.units`), drawn from a random stream of its own so the other
        tables are the same with or without it. ``engagement_link`` (default 0.6) sets its
        planted chain.
    **kwargs
        Further options of :func:`make_sample_data`.

    Returns
    -------
    dict of str to Path
        ``{"customers": .../customers.csv, ..., "truth": .../truth.json}``.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     paths = write_sample_data(folder, n_customers=300, seed=3)
    ...     sorted(p.name for p in paths.values())
    ['customer_units.csv', 'customers.csv', 'employee_survey.csv', 'incidents.csv', 'kano.csv', 'operations.csv', 'subscriptions.csv', 'survey.csv', 'transactions.csv', 'truth.json', 'units.csv']
    """
    if format not in ("csv", "parquet"):
        raise CxParameterError(f"write_sample_data: format must be 'csv' or 'parquet', got {format!r}")
    unknown = sorted(set(kwargs) - {"satisfaction_churn_link", "asymmetric_factors", "engagement_link"})
    if unknown:
        raise CxParameterError(
            f"write_sample_data: unknown option(s) {unknown}; expected satisfaction_churn_link, asymmetric_factors "
            "or engagement_link"
        )
    out = pathlib.Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    engagement_link = kwargs.pop("engagement_link", 0.6)
    data = make_sample_data(n_customers, seed=seed, dirty=dirty, **kwargs)
    tables = data.tables()
    truth = dict(data.truth)
    if employee_layer:
        units = make_unit_data(data, seed=seed, engagement_link=engagement_link)
        tables.update(units.tables())
        truth["units"] = units.truth
    paths: dict[str, pathlib.Path] = {}
    for name, df in tables.items():
        path = out / f"{name}.{format}"
        if format == "parquet":
            df.to_parquet(path, index=False)
        else:
            chunk = 500_000
            with open(path, "w", encoding="utf-8", newline="") as fh:
                for i in range(0, max(len(df), 1), chunk):
                    _csv_text(name, df.iloc[i:i + chunk]).to_csv(fh, index=False, header=(i == 0), lineterminator="\n")
        paths[name] = path
    truth_path = out / "truth.json"
    truth_path.write_text(json.dumps(truth, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    paths["truth"] = truth_path
    return paths


def sample_data_dir() -> pathlib.Path:
    """The bundled ``data/samples`` folder: the checkout's, else the copy installed with the package.

    See :func:`cxtools.core.paths.samples_dir`.

    Raises
    ------
    CxDataError
        If neither has it (for example a package built without the data), naming where it looked.

    Examples
    --------
    >>> (sample_data_dir() / "README.md").exists()
    True
    """
    path = _paths.bundled("data/samples")
    if path is None or (not (path / "customers.csv").exists() and not (path / "README.md").exists()):
        looked = ", ".join(str(place) for place in _paths.search_places("data/samples"))
        raise CxDataError(
            f"sample data folder not found (looked in {looked}); generate it with "
            "`cxtools sample-data --out data/samples` or cxtools.data.samples.write_sample_data(...)"
        )
    return path


def write_transactions_parquet(
    path,
    *,
    n_transactions: int,
    seed: int = 2026,
    chunk_customers: int = 250_000,
    weeks: float = 104.0,
) -> dict:
    """Stream a large synthetic transaction log to one Parquet file in bounded memory.

    Customers are made in chunks of ``chunk_customers``, each chunk from its own
    seeded generator (``numpy.random.SeedSequence.spawn``), and written as row
    groups, so memory does not grow with the size of the log (about 0.3 GB at
    the default chunk, whatever ``n_transactions``). Each customer follows the
    BG/NBD process of the sample data (Fader, Hardie & Lee 2005: Poisson
    purchases at a Gamma(r, alpha) rate per week, dropout with a Beta(a, b)
    probability after each repeat purchase) from a first purchase uniform over
    the first half of ``weeks``, with Gamma-Gamma amounts (Fader & Hardie 2013).
    Chunks are added until ``n_transactions`` rows are reached; the last chunk
    is cut at whole customers, so the log has at least ``n_transactions`` rows.

    This is a separate path from :func:`make_sample_data`, whose output is
    unchanged.

    Parameters
    ----------
    path : str or path
        Parquet file to write (replaced if it exists).
    n_transactions : int
        Rows to write (at least).
    seed : int
        Seed: same seed and sizes, same file.
    chunk_customers : int
        Customers per chunk (memory is proportional to it).
    weeks : float
        Length of the observation window in weeks (ends at 2026-07-01).

    Returns
    -------
    dict
        ``transactions``, ``customers``, ``observation_end`` and the planted
        ``bgnbd`` and ``gamma_gamma`` parameters.

    References
    ----------
    Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). "Counting your customers"
    the easy way. Marketing Science 24(2), 275-284, section 2.

    Examples
    --------
    >>> import tempfile, os, pandas as pd
    >>> path = os.path.join(tempfile.mkdtemp(), "log.parquet")
    >>> info = write_transactions_parquet(path, n_transactions=5000, chunk_customers=500, seed=1)
    >>> info["transactions"] >= 5000, len(pd.read_parquet(path)) == info["transactions"]
    (True, True)
    """
    import pyarrow.parquet as pq

    if int(n_transactions) < 1 or int(chunk_customers) < 1:
        raise CxParameterError("n_transactions and chunk_customers must be positive whole numbers")
    end_s = int(_AS_OF.astype(np.int64) + 1) * 86400  # end of the as-of day, seconds since 1970
    window_s = weeks * 7 * 86400
    schema = pa.schema([("customer_id", pa.int64()), ("timestamp", pa.timestamp("us")),
                        ("amount", pa.float64())])
    seeds = np.random.SeedSequence(seed)
    written = customers = 0
    with pq.ParquetWriter(str(path), schema, compression="zstd") as writer:
        while written < n_transactions:
            rng = np.random.default_rng(seeds.spawn(1)[0])
            n = int(chunk_customers)
            first = end_s - window_s + rng.random(n) * window_s / 2  # first purchase, seconds
            owner, times, nu = _bgnbd_purchases(rng, (end_s - first) / (7 * 86400))
            order = np.argsort(owner, kind="stable")
            owner, times = owner[order], times[order]
            if written + owner.size > n_transactions:  # cut at a whole customer
                need = n_transactions - written
                last = owner[need - 1]
                keep = int(np.searchsorted(owner, last, side="right"))
                owner, times = owner[:keep], times[:keep]
                n = int(last) + 1
            ts = (first[owner] + times * 7 * 86400).astype(np.int64) * 1_000_000
            ts = np.minimum(ts, end_s * 1_000_000 - 1)
            amount = _gamma_gamma_amounts(rng, nu[owner])
            writer.write_table(pa.table({
                "customer_id": pa.array(owner + customers, pa.int64()),
                "timestamp": pa.array(ts, pa.timestamp("us")),
                "amount": pa.array(amount, pa.float64()),
            }, schema=schema))
            written += owner.size
            customers += n
    return {"transactions": int(written), "customers": int(customers),
            "observation_end": str(_AS_OF.astype("datetime64[D]")),
            "bgnbd": dict(_BGNBD), "gamma_gamma": dict(_GAMMA_GAMMA)}
