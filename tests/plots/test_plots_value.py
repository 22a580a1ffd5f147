"""The figure of the service-profit chain (cxtools.plots.value)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from cxtools import value as v  # noqa: E402
from cxtools.core.errors import CxParameterError  # noqa: E402
from cxtools.plots import value as P  # noqa: E402
from cxtools.data.samples import make_sample_data  # noqa: E402


@pytest.fixture(scope="module")
def sample():
    return make_sample_data(4000, seed=2026)


@pytest.fixture(scope="module")
def joined(sample):
    return v.link_survey_to_customers(sample.survey, sample.customers, sample.subscriptions,
                                      transactions=sample.transactions, operations=sample.operations)


def test_plot_value_chain_returns_axes(joined):
    chain = v.operations_chain(joined.data)
    fig, ax = plt.subplots()
    out = P.plot_value_chain(chain, ax=ax)
    assert out is ax
    texts = " ".join(t.get_text() for t in ax.texts)
    assert "Waiting time" in texts and "Lifetime value" in texts and "rub" in texts
    plt.close(fig)
    with pytest.raises(CxParameterError):
        P.plot_value_chain("not a chain")
