"""The CX-value report in English and Russian: every stakeholder text of cxtools.value in both.

The Russian edition of notebook 04 must not mix languages: sentences, table headings,
categorical cells and figure labels come from the module's catalogue in the report's
language. These tests fail when a Russian entry is removed (the text falls back to English
or raises) and check that the English text stays as it was.
"""

from __future__ import annotations

import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from cxtools import value  # noqa: E402
from cxtools.core import i18n  # noqa: E402
from cxtools.core.errors import CxParameterError  # noqa: E402
from cxtools.narrative import value as narrative  # noqa: E402
from cxtools.plots import value as plots  # noqa: E402
from cxtools.ltv.survival import kaplan_meier, logrank_test  # noqa: E402
from cxtools.data.samples import make_sample_data  # noqa: E402

#: Latin words a Russian text may show: units, abbreviations, currency codes, the data's own names.
ALLOWED = {"NPS", "LTV", "RUB", "EUR", "CSAT", "BG", "NBD", "Pareto", "n", "p"}


def latin_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[A-Za-z][A-Za-z'-]*", text) if w not in ALLOWED and len(w) > 1} - {"p-"}


def frame_text(frame: pd.DataFrame) -> str:
    parts = [str(c) for c in frame.columns] + [str(i) for i in frame.index] + [str(frame.index.name)]
    parts += [str(x) for x in frame.to_numpy().ravel()]
    return " ".join(parts)


def axes_text(ax) -> str:
    texts = [ax.get_title(), ax.get_xlabel(), ax.get_ylabel(), *(t.get_text() for t in ax.texts)]
    texts += [t.get_text() for t in ax.get_xticklabels()]
    legend = ax.get_legend()
    if legend is not None:
        texts += [t.get_text() for t in legend.get_texts()] + [legend.get_title().get_text()]
    return " ".join(texts)


@pytest.fixture(scope="module")
def results():
    d = make_sample_data(1500, seed=7)
    joined = value.link_survey_to_customers(d.survey, d.customers, d.subscriptions, transactions=d.transactions,
                                            operations=d.operations)
    data = joined.data.dropna(subset=["nps_group", "overall_satisfaction"])
    options = dict(currency="EUR", revenue="monthly_revenue", extra_spend="extra_spend")
    groups = value.churn_hazard_ratios(data, predictors="nps_group", reference={"nps_group": "passive"},
                                       adjust_for=["tenure_months", "n_products"])
    per_point = value.churn_hazard_ratios(data, predictors="overall_satisfaction",
                                          adjust_for=["tenure_months", "n_products"])
    by_group = value.value_by_group(data, by="nps_group", **options)
    moving = value.value_of_moving(data, by="nps_group", shares=[0.1, 0.2], customer_base=2000, n_boot=100,
                                   **options)
    base = value.value_by_group(data, **options).iloc[0]
    effect = value.programme_effect(customers=2000, monthly_value=float(base["value_per_month"]),
                                    monthly_churn=float(base["monthly_churn"]), churn_reduction=0.1,
                                    spend_uplift=0.03, currency="EUR")
    chain = value.operations_chain(data, drivers=["avg_wait_minutes", "n_repeat_contacts"], **options)
    km = kaplan_meier(data, duration="months_at_risk", event="churned", by="nps_group")
    lr = logrank_test(data, duration="months_at_risk", event="churned", by="nps_group")
    return dict(joined=joined, data=data, groups=groups, per_point=per_point, by_group=by_group, moving=moving,
                effect=effect, chain=chain, km=km, lr=lr)


def texts(r: dict, lang: str) -> dict[str, str]:
    """Every stakeholder text notebook 04 shows on the contract route, in ``lang``."""
    out = {
        "join": narrative.describe_join(r["joined"], lang=lang)
        + frame_text(narrative.join_table(r["joined"], lang=lang)),
        "hazards": frame_text(narrative.hazard_ratio_table(r["groups"], lang=lang))
        + frame_text(narrative.hazard_ratio_table(r["per_point"], lang=lang)),
        "churn": narrative.churn_findings(groups=r["groups"], per_point=r["per_point"], lang=lang),
        "retention": frame_text(narrative.retention_table(r["km"], lang=lang)),
        "value table": frame_text(narrative.plain_value_table(r["by_group"], lang=lang)),
        "moving": narrative.describe_moving(r["moving"], lang=lang)
        + frame_text(narrative.moving_table(r["moving"], lang=lang)),
        "effect": narrative.describe_programme(r["effect"], lang=lang)
        + frame_text(narrative.programme_table(r["effect"], lang=lang)),
        "chain": narrative.describe_chain(r["chain"], lang=lang) + frame_text(narrative.chain_table(r["chain"], lang=lang)),
        "case": narrative.business_case(per_point=r["per_point"], groups=r["groups"], moving=r["moving"],
                                    share_moved=0.1, effect=r["effect"], satisfaction_gain=0.5, chain=r["chain"],
                                    route="contracts", lang=lang),
        "findings": narrative.key_findings(joined=r["joined"], per_point=r["per_point"], groups=r["groups"],
                                       moving=r["moving"], share_moved=0.1, effect=r["effect"],
                                       satisfaction_gain=0.5, route="contracts", lang=lang),
    }
    for name, draw in [("plot retention", lambda ax: plots.plot_retention(r["km"], ax=ax, logrank=r["lr"], lang=lang)),
                       ("plot value", lambda ax: plots.plot_value_by_group(r["by_group"], ax=ax, lang=lang)),
                       ("plot moving", lambda ax: plots.plot_value_of_moving(r["moving"], ax=ax, lang=lang)),
                       ("plot chain", lambda ax: plots.plot_value_chain(r["chain"], ax=ax, lang=lang))]:
        fig, ax = plt.subplots()
        out[name] = axes_text(draw(ax))
        plt.close(fig)
    return out


def test_russian_catalogue_has_every_entry_of_the_english_one():
    # every sentence of the report and every text the figures and tables mark has a Russian translation
    from babel.messages.extract import extract_from_file

    keywords = {"gettext": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2), "N_": None}
    cat = i18n.catalogue("ru")
    checked = 0
    for module in (narrative, plots, value.chain):
        for _, message, _, context in extract_from_file("python", module.__file__, keywords=keywords):
            if isinstance(message, tuple):  # a count: the form for five
                text, message = cat.ngettext(message[0], message[1], 5), message[1]
            else:
                text = cat.pgettext(context, message) if context else cat.gettext(message)
            assert text != message or not re.search("[a-z]{3}", re.sub(r"\{[^}]*\}", "", message)), message
            checked += 1
    assert checked > 150
    assert all(narrative.gettext(narrative._TEXT[k], "ru") != narrative._TEXT[k]
               or not re.search("[a-z]{3}", re.sub(r"\{[^}]*\}", "", narrative._TEXT[k])) for k in narrative._TEXT)


def test_every_russian_text_of_the_report_is_russian(results):
    for name, text in texts(results, "ru").items():
        assert re.search("[а-яё]", text), name
        assert not latin_words(text), (name, sorted(latin_words(text)))


def test_russian_text_says_the_same_numbers_in_the_russian_format(results):
    en, ru = texts(results, "en"), texts(results, "ru")
    hr = results["per_point"].hazard_ratio("overall_satisfaction")
    assert f"{hr:.2f}" in en["findings"] and f"{hr:.2f}".replace(".", ",") in ru["findings"]
    assert ru["findings"].startswith("## Главные выводы") and en["findings"].startswith("## Key findings")
    assert "€" in ru["moving"] and "₽" not in ru["case"]  # the data's currency, not a default
    assert "критики" in ru["plot retention"] and "detractor" in en["plot retention"]


def test_english_text_is_unchanged(results):
    r = results
    moving, effect = r["moving"], r["effect"]
    assert narrative.describe_moving(moving).startswith("A detractor is worth ")
    assert "bootstrap resamples, seed 2026)." in narrative.describe_moving(moving)
    assert list(narrative.moving_table(moving).columns)[0] == "Customers moved (detractor -> passive)"
    assert list(narrative.programme_table(effect).index) == ["lower churn alone", "higher spend alone",
                                                             "both together (interaction)", "total"]
    assert narrative.describe_programme(effect).startswith("Across 2,000 customers, lifetime value per customer goes "
                                                           "from ")
    case = narrative.business_case(per_point=r["per_point"], moving=moving, share_moved=0.1, effect=effect,
                               satisfaction_gain=0.5, route="contracts")
    assert case.startswith("**Business case.** Customers who are happier with us stay longer.")
    assert case.endswith("(the contract route).")
    assert narrative.ROUTES["contracts"] in case
    table = narrative.plain_value_table(r["by_group"], columns=["customers", "ltv"])
    assert list(table.columns) == ["Customers", "Lifetime value (EUR)"] and table.index.name == "NPS group"


def test_join_reasons_and_loader_reasons_are_translated():
    for reason in ("linked", *value.UNMATCHED_REASONS):
        assert re.search("[а-яё]", narrative._status(reason, "ru")), reason
        assert narrative._status(reason, "en") == reason
    assert narrative._reason("amount '12 500 rub' is not a number", "ru") == "amount: «12 500 rub» — не число"
    assert narrative._reason("CSAT outside 1-5", "ru") == "CSAT: вне шкалы 1–5"
    assert narrative._reason("something new", "ru") == "нарушено правило загрузки"
    assert narrative._reason("something new", "en") == "something new"


def test_section_notes_exist_in_both_languages():
    for key in narrative._NOTES:
        assert narrative.section_note(key) != narrative.section_note(key, lang="ru")
    with pytest.raises(CxParameterError, match="did you mean"):
        narrative.section_note("no_margn")


@pytest.mark.parametrize("call", [
    lambda r: narrative.describe_moving(r["moving"], lang="de"),
    lambda r: narrative.key_findings(joined=r["joined"], lang="english"),
    lambda r: plots.plot_value_chain(r["chain"], lang="fr"),
])
def test_an_unknown_language_is_refused(results, call):
    with pytest.raises(CxParameterError, match="lang"):
        call(results)
