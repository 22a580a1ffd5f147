"""Data folders of different shapes for the data-description tests, generated in the test run."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cxtools.data.samples import make_sample_data


@pytest.fixture(scope="session")
def sample_tables():
    """A small clean sample (300 customers), generated, never the bundled files."""
    return make_sample_data(300, seed=11)


def _purchases(sample) -> pd.DataFrame:
    tx = sample.transactions
    return tx[~tx["is_refund"]].reset_index(drop=True)


@pytest.fixture()
def tx_only(tmp_path, sample_tables) -> Path:
    """Transactions only, comma CSV, English column names of a shop export."""
    tmp_path = tmp_path / "orders"
    tmp_path.mkdir()
    tx = sample_tables.transactions
    out = pd.DataFrame({
        "Order ID": tx["transaction_id"], "Customer": tx["customer_id"],
        "Order date": tx["timestamp"].dt.strftime("%Y-%m-%d %H:%M:%S"), "Value": tx["amount"].round(2),
        "Refund": tx["is_refund"].map({True: "yes", False: "no"}),
    })
    out.to_csv(tmp_path / "orders.csv", index=False)
    return tmp_path


@pytest.fixture()
def whitespace_log(tmp_path, sample_tables) -> Path:
    """A CDNOW-like log: whitespace-separated, YYYYMMDD dates, some zero-value orders, 1997-98."""
    tmp_path = tmp_path / "log"
    tmp_path.mkdir()
    tx = _purchases(sample_tables)
    shift = pd.Timestamp("1997-01-01") - tx["timestamp"].min().normalize()
    dates = (tx["timestamp"] + shift).dt.strftime("%Y%m%d")
    amount = tx["amount"].round(2).copy()
    amount.iloc[::25] = 0.0
    out = pd.DataFrame({"order_id": tx["transaction_id"], "customer_id": tx["customer_id"], "date": dates,
                        "amount": amount.map(lambda v: f"{v:.2f}")})
    lines = ["  ".join(out.columns)] + ["  ".join(row) for row in out.astype(str).itertuples(index=False)]
    (tmp_path / "purchases.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return tmp_path


@pytest.fixture()
def survey_1_10(tmp_path) -> Path:
    """A 1-10 satisfaction survey with its own item names and no NPS item, UTF-8 with BOM."""
    tmp_path = tmp_path / "survey"
    tmp_path.mkdir()
    rng = np.random.default_rng(3)
    n = 250
    latent = rng.normal(0, 1, n)
    items = {}
    for name, mu in (("Q_price", 5.5), ("Q_quality", 7.0), ("Q_staff", 6.5), ("Q_speed", 6.0)):
        items[name] = np.clip(np.round(mu + 1.5 * latent + rng.normal(0, 1.2, n)), 1, 10).astype(int)
    items["Overall"] = np.clip(np.round(6.5 + 1.8 * latent + rng.normal(0, 1, n)), 1, 10).astype(int)
    frame = pd.DataFrame({"respondent": [f"S{i:04d}" for i in range(n)], **items,
                          "group": rng.choice(["students", "staff"], n)})
    frame.to_csv(tmp_path / "satisfaction_survey.csv", index=False, encoding="utf-8-sig")
    return tmp_path


@pytest.fixture()
def russian_export(tmp_path, sample_tables) -> Path:
    """Russian column names, cp1251, ';', DD.MM.YYYY dates, '1 234,50' amounts."""
    tmp_path = tmp_path / "ru"
    tmp_path.mkdir()
    cust = sample_tables.customers
    pd.DataFrame({
        "Клиент": cust["customer_id"], "ФИО": cust["name"], "Телефон": cust["phone"], "Эл. почта": cust["email"],
        "Дата регистрации": cust["signup_date"].dt.strftime("%d.%m.%Y"), "Регион": cust["region"],
    }).to_csv(tmp_path / "клиенты.csv", sep=";", index=False, encoding="cp1251")
    tx = _purchases(sample_tables)
    pd.DataFrame({
        "Номер заказа": tx["transaction_id"], "Клиент": tx["customer_id"],
        "Дата покупки": tx["timestamp"].dt.strftime("%d.%m.%Y"),
        "Сумма": tx["amount"].map(lambda v: f"{v:,.2f}".replace(",", " ").replace(".", ",")),
    }).to_csv(tmp_path / "покупки.csv", sep=";", index=False, encoding="cp1251")
    return tmp_path
