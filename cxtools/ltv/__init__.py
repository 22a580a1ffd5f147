"""What is a customer worth? Lifetime value, retention and repeat-buying models.

Submodules (names are re-exported here and imported on first use):

- :mod:`cxtools.ltv.simple` -- margin x lifetime, discounted LTV, uplift between segments
- :mod:`cxtools.ltv.survival` -- lifetime from history with censoring (Kaplan-Meier, cohorts)
- :mod:`cxtools.ltv.sbg` -- contractual retention: shifted-beta-geometric (Fader & Hardie 2007)
- :mod:`cxtools.ltv.rfm` -- RFM summaries from transaction logs (DuckDB)
- :mod:`cxtools.ltv.models` -- BG/NBD, Pareto/NBD, Gamma-Gamma and CLV
- :mod:`cxtools.ltv.discounting` -- annual to monthly (weekly, ...) discount rates
- :mod:`cxtools.ltv.covariates` -- BG/NBD and Pareto/NBD with customer characteristics
- :mod:`cxtools.ltv.matrices` -- a repeat-buying model over every frequency and recency (the heat maps)
- :mod:`cxtools.ltv.tracking` -- actual vs expected repeat transactions over calibration and holdout
- :mod:`cxtools.ltv.bgbb` -- discrete-time repeat behaviour: BG/BB (Fader, Hardie & Shang 2010)
- :mod:`cxtools.data.engines` -- where the summary runs: DuckDB, Spark or a warehouse (Ibis)
- :mod:`cxtools.ltv.scoring` -- per-customer scores computed in the engine, written to Parquet/Spark

The figures are in :mod:`cxtools.plots.ltv` and :mod:`cxtools.plots.repeat`, the findings in plain
words (BG/NBD against Pareto/NBD, the business summary) in :mod:`cxtools.narrative.ltv`. Their old
homes (``cxtools.ltv.plots``, ``cxtools.ltv.repeat_plots``, ``cxtools.ltv.findings``) and the plot
and findings names re-exported here still work for one release, with a FutureWarning:
``from cxtools.ltv import plots`` and ``cxtools.ltv.plot_survival`` do, ``import cxtools.ltv.plots``
does not (those modules no longer exist).
"""

from __future__ import annotations

import importlib
import warnings

# name -> submodule. Each submodule lists its public names in its own block.
_EXPORTS: dict[str, str] = {}

# --- simple / survival / sbg ---
_EXPORTS.update({
    **dict.fromkeys(["segment_ltv", "ltv_uplift", "LTVUplift", "experience_scenarios",
                     "annual_to_period_rate"], "simple"),
    **dict.fromkeys(["subscription_durations", "naive_lifetime", "kaplan_meier", "KaplanMeierResult",
                     "logrank_test", "LogRankResult", "cohort_retention"], "survival"),
    "ShiftedBetaGeometric": "sbg",
})

# --- rfm / models ---
_EXPORTS.update({
    "rfm_summary": "rfm",
    "calibration_holdout_summary": "rfm",
    "BetaGeoModel": "models",
    "ParetoNBDModel": "models",
    "GammaGammaModel": "models",
    "customer_lifetime_value": "models",
    "holdout_comparison": "models",
    "holdout_errors": "models",
    "HoldoutErrors": "models",
})

# --- renamed and moved names: the sBG model, Cox hazard ratios, discounting, findings ---
_EXPORTS.update({
    "ShiftedBetaGeometricModel": "sbg",
    **dict.fromkeys(["churn_hazard_ratios", "CoxResult", "constant_churn_rate"], "survival"),
})

# --- bgbb / covariates / tracking ---
_EXPORTS.update({
    "BetaGeoBetaBinomModel": "bgbb",
    "bgbb_summary": "bgbb",
    **dict.fromkeys(["BetaGeoCovariateModel", "ParetoNBDCovariateModel", "covariate_lifetime_value",
                     "covariate_value_shift", "ValueShift"], "covariates"),
    **dict.fromkeys(["repeat_tracking", "TrackingResult", "holdout_by_frequency"], "tracking"),
    **dict.fromkeys(["RepeatMatrix", "frequency_recency_matrix", "probability_alive_matrix"], "matrices"),
})

# --- engines / scoring (large logs: Spark, warehouses, Parquet lakes) ---
_EXPORTS.update({
    "compressed_summary": "rfm",
    "summary_query": "rfm",
    "load_model": "models",
    "resolve_engine": "cxtools.data.engines",
    "local_spark_session": "cxtools.data.engines",
    "score_customers": "scoring",
    "ScoreRun": "scoring",
})


# --- moved up out of the analysis layer (one release, FutureWarning): old module or name -> new module
_MOVED_MODULES: dict[str, str] = {
    "plots": "cxtools.plots.ltv",
    "repeat_plots": "cxtools.plots.repeat",
    "findings": "cxtools.narrative.ltv",
}
_MOVED: dict[str, str] = {
    **dict.fromkeys(["plot_survival", "plot_cohort_heatmap", "plot_sbg_projection", "plot_segment_ltv"],
                    "cxtools.plots.ltv"),
    **dict.fromkeys(["plot_calibration_holdout", "plot_frequency_recency_matrix", "plot_probability_alive_matrix",
                     "plot_repeat_tracking", "plot_holdout_by_frequency"], "cxtools.plots.repeat"),
    **dict.fromkeys(["business_summary", "compare_repeat_models", "RepeatModelComparison"],
                    "cxtools.narrative.ltv"),
}


def _moved(name: str):
    """A module or name that moved out of cxtools.ltv, with a FutureWarning naming its new home."""
    if name in _MOVED_MODULES:
        new = _MOVED_MODULES[name]
        warnings.warn(f"cxtools.ltv.{name} is now {new}; the old name will stop working in the next release",
                      FutureWarning, stacklevel=3)
        return importlib.import_module(new)
    new = _MOVED[name]
    warnings.warn(f"cxtools.ltv.{name} is now {new}.{name}: import it from there; the old name will stop working "
                  "in the next release", FutureWarning, stacklevel=3)
    return getattr(importlib.import_module(new), name)


def __getattr__(name: str):
    if name in _EXPORTS:
        where = _EXPORTS[name]
        module = importlib.import_module(where if "." in where else f"cxtools.ltv.{where}")
        return getattr(module, name)
    if name == "engines":  # engines are data access: cxtools.data.engines; the old name works for one release
        import warnings

        warnings.warn("cxtools.ltv.engines is now cxtools.data.engines; cxtools.ltv.engines will stop working in "
                      "the next release", FutureWarning, stacklevel=2)
        return importlib.import_module("cxtools.data.engines")
    if name in _MOVED_MODULES or name in _MOVED:
        return _moved(name)
    raise AttributeError(f"module 'cxtools.ltv' has no attribute {name!r}")


def __dir__():
    return sorted(n for n in _EXPORTS if n != "ShiftedBetaGeometric")  # the old name is not advertised
