"""Data folders of the shapes real users bring, built from the generator (not the bundled folder).

Each builder writes files and a ``cxtools.yaml`` into a folder and returns what the folder is
expected to hold. The shapes are those of issue "Your data, not ours":

- ``transactions_only``: a whitespace-separated log, YYYYMMDD dates, no transaction id, some
  zero-value orders -- a retailer's export;
- ``contracts_only``: contracts and nothing else;
- ``survey_1_10``: a survey alone on 1-10 scales with its own item names and no NPS item;
- ``nps_only``: a 0-10 recommend question and nothing else;
- ``likert_1_7``: 1-7 items, some reversed, overall satisfaction on 1-7;
- ``excel_workbook``: one workbook, a sheet per source;
- ``parquet_folder``: transactions as a folder of Parquet files, survey in Parquet;
- ``duckdb_file``: a DuckDB database file with a table per source;
- ``russian_columns``: a Russian-locale export (cp1251, ``;``, decimal commas, DD.MM.YYYY) with
  Russian column names, personal data declared.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd

from cxtools.data.samples import make_sample_data

_CACHE: dict[int, object] = {}


def _sample(n: int = 1500, seed: int = 31):
    key = (n, seed)
    if key not in _CACHE:
        _CACHE[key] = make_sample_data(n, seed=seed, dirty=False)
    return _CACHE[key]


def _write_yaml(folder: Path, text: str) -> None:
    (folder / "cxtools.yaml").write_text(text, encoding="utf-8")


def transactions_only(folder: Path) -> dict:
    data = _sample()
    tx = data.transactions[~data.transactions["is_refund"]].copy()
    rng = np.random.default_rng(5)
    zero = rng.choice(len(tx), size=25, replace=False)
    tx.iloc[zero, tx.columns.get_loc("amount")] = 0.0
    out = pd.DataFrame({"cust": tx["customer_id"], "date": tx["timestamp"].dt.strftime("%Y%m%d"),
                        "sales": tx["amount"].map("{:.2f}".format)})
    with open(folder / "orders.txt", "w", encoding="utf-8") as fh:
        fh.write("cust   date      sales\n")
        for row in out.itertuples(index=False):
            fh.write(f"{row.cust}   {row.date}   {row.sales}\n")
    _write_yaml(folder, """\
version: 1
language: en
currency: {code: USD, symbol: "$", position: before}
transactions:
  file: orders.txt
  sep: whitespace
  date_format: YYYYMMDD
  columns: {cust: customer_id, date: timestamp, sales: amount}
""")
    return {"sources": {"transactions"}, "rows": {"transactions": len(out)}, "zero_orders": 25}


def contracts_only(folder: Path) -> dict:
    data = _sample()
    subs = data.subscriptions.rename(columns={"customer_id": "client", "start_date": "opened", "end_date": "closed"})
    subs.to_csv(folder / "contracts.csv", index=False, date_format="%Y-%m-%d")
    _write_yaml(folder, """\
version: 1
contracts:
  file: contracts.csv
  columns: {client: customer_id, opened: start_date, closed: end_date}
""")
    return {"sources": {"subscriptions"}, "rows": {"subscriptions": len(subs)}}


def _ten_point(values: pd.Series, rng) -> pd.Series:
    """A 1-5 rating re-asked on 1-10 (2x or 2x-1), as a survey on another scale would give."""
    return (2 * values - rng.integers(0, 2, len(values))).astype(int)


def survey_1_10(folder: Path) -> dict:
    data = _sample()
    rng = np.random.default_rng(7)
    sv = data.survey
    out = pd.DataFrame({"id": sv["respondent_id"]})
    names = {"price": "Q1_price_fair", "quality": "Q2_quality", "availability": "Q3_in_stock",
             "support": "Q4_staff_help", "good_deal": "Q5_good_deal", "brand": "Q6_brand", "comfort": "Q7_comfort",
             "trust": "Q8_trust"}
    for attr, name in names.items():
        out[name] = _ten_point(sv[f"rating_{attr}"], rng)
    out["Q9_overall"] = sv["overall_satisfaction"].astype(int)
    out.to_csv(folder / "satisfaction_survey.csv", index=False, encoding="utf-8-sig")
    _write_yaml(folder, """\
version: 1
survey:
  file: satisfaction_survey.csv
  columns: {id: respondent_id}
  scales: {"Q*": [1, 10]}
  overall_satisfaction: Q9_overall
  attributes: [Q1_price_fair, Q2_quality, Q3_in_stock, Q4_staff_help, Q5_good_deal, Q6_brand, Q7_comfort, Q8_trust]
""")
    return {"sources": {"survey"}, "rows": {"survey": len(out)}}


def nps_only(folder: Path) -> dict:
    data = _sample()
    sv = data.survey[["respondent_id", "nps"]].rename(columns={"respondent_id": "response", "nps": "recommend"})
    sv.to_csv(folder / "nps.csv", index=False)
    _write_yaml(folder, """\
version: 1
survey:
  file: nps.csv
  columns: {response: respondent_id}
  scales: {recommend: [0, 10]}
  recommend: recommend
""")
    return {"sources": {"survey"}, "rows": {"survey": len(sv)}}


def likert_1_7(folder: Path) -> dict:
    data = _sample()
    rng = np.random.default_rng(9)
    sv = data.survey
    out = pd.DataFrame({"respondent_id": sv["respondent_id"], "customer_id": sv["customer_id"],
                        "wave": sv["wave"], "segment": sv["segment"]})
    for k, attr in enumerate(["price", "quality", "availability", "support", "good_deal", "brand"], start=1):
        seven = np.clip(np.rint(1 + (sv[f"rating_{attr}"] - 1) * 1.5 + rng.normal(0, 0.4, len(sv))), 1, 7).astype(int)
        out[f"item_{k}"] = 8 - seven if k in (2, 5) else seven  # items 2 and 5 asked the other way round
    out["overall"] = np.clip(np.rint(1 + (sv["overall_satisfaction"] - 1) * 6 / 9), 1, 7).astype(int)
    out.to_csv(folder / "likert.csv", index=False)
    data.subscriptions.to_csv(folder / "subscriptions.csv", index=False, date_format="%Y-%m-%d")
    _write_yaml(folder, """\
version: 1
subscriptions: {file: subscriptions.csv}
survey:
  file: likert.csv
  scales: {"item_*": [1, 7], overall: [1, 7]}
  reversed: [item_2, item_5]
  overall_satisfaction: overall
  attributes: ["item_*"]
  segment: segment
  wave: wave
  customer_link: customer_id
""")
    return {"sources": {"survey", "subscriptions"}, "rows": {"survey": len(out)}}


def excel_workbook(folder: Path) -> dict:
    data = _sample(600, 33)
    path = folder / "export.xlsx"
    with pd.ExcelWriter(path) as writer:
        data.customers.to_excel(writer, sheet_name="Clients", index=False)
        data.subscriptions.to_excel(writer, sheet_name="Contracts", index=False)
        data.transactions.to_excel(writer, sheet_name="Orders", index=False)
        data.survey.to_excel(writer, sheet_name="Survey", index=False)
    _write_yaml(folder, """\
version: 1
customers: {file: export.xlsx, sheet: Clients, personal: [name, email, phone]}
subscriptions: {file: export.xlsx, sheet: Contracts}
transactions: {file: export.xlsx, sheet: Orders}
survey:
  file: export.xlsx
  sheet: Survey
  personal: [respondent_name, email]
  overall_satisfaction: overall_satisfaction
  recommend: nps
  csat: {item: csat}
  ces: {item: ces}
  attributes: ["rating_*"]
  importance: ["importance_*"]
  likert: [loyalty_1, loyalty_2, loyalty_3]
  segment: segment
  wave: wave
  weight: weight
  customer_link: customer_id
  response_date: response_date
""")
    return {"sources": {"customers", "subscriptions", "transactions", "survey"},
            "rows": {"transactions": len(data.transactions), "survey": len(data.survey)}}


def parquet_folder(folder: Path) -> dict:
    data = _sample()
    lake = folder / "orders"
    lake.mkdir()
    tx = data.transactions
    for k, part in enumerate(np.array_split(np.arange(len(tx)), 4)):
        tx.iloc[part].to_parquet(lake / f"part-{k}.parquet", index=False)
    data.survey.drop(columns=["respondent_name", "email"]).to_parquet(folder / "survey.parquet", index=False)
    _write_yaml(folder, """\
version: 1
transactions: {file: orders, format: parquet}
survey:
  file: survey.parquet
  overall_satisfaction: overall_satisfaction
  recommend: nps
  csat: {item: csat}
  ces: {item: ces}
  attributes: ["rating_*"]
  segment: segment
  wave: wave
  weight: weight
  customer_link: customer_id
""")
    return {"sources": {"transactions", "survey"}, "rows": {"transactions": len(tx), "survey": len(data.survey)}}


def duckdb_file(folder: Path) -> dict:
    import duckdb

    data = _sample()
    con = duckdb.connect(str(folder / "crm.duckdb"))
    try:
        subs, tx = data.subscriptions, data.transactions  # noqa: F841 - read by DuckDB's replacement scan
        con.execute("CREATE TABLE contracts AS SELECT * FROM subs")
        con.execute("CREATE TABLE orders AS SELECT * FROM tx")
    finally:
        con.close()
    _write_yaml(folder, """\
version: 1
subscriptions: {file: crm.duckdb, table: contracts}
transactions: {file: crm.duckdb, query: "SELECT * FROM orders WHERE amount IS NOT NULL"}
""")
    return {"sources": {"subscriptions", "transactions"},
            "rows": {"subscriptions": len(data.subscriptions), "transactions": len(data.transactions)}}


def russian_columns(folder: Path) -> dict:
    data = _sample()
    cust = data.customers.rename(columns={"customer_id": "Клиент", "name": "ФИО", "email": "Эл. почта",
                                          "phone": "Телефон", "region": "Регион", "segment": "Сегмент",
                                          "signup_date": "Дата регистрации"})
    cust["Дата регистрации"] = cust["Дата регистрации"].dt.strftime("%d.%m.%Y")
    cust.to_csv(folder / "клиенты.csv", index=False, sep=";", encoding="cp1251")
    tx = data.transactions[~data.transactions["is_refund"]]
    orders = pd.DataFrame({"Номер": tx["transaction_id"], "Клиент": tx["customer_id"],
                           "Дата покупки": tx["timestamp"].dt.strftime("%d.%m.%Y"),
                           "Сумма": tx["amount"].map(lambda x: f"{x:,.2f}".replace(",", " ").replace(".", ","))})
    orders.to_csv(folder / "покупки.csv", index=False, sep=";", encoding="cp1251")
    _write_yaml(folder, """\
version: 1
language: ru
currency: {code: RUB, symbol: "₽", position: after}
customers:
  file: клиенты.csv
  sep: ";"
  encoding: cp1251
  date_format: "%d.%m.%Y"
  columns: {Клиент: customer_id, ФИО: name, Эл. почта: email, Телефон: phone, Регион: region, Сегмент: segment,
            Дата регистрации: signup_date}
  personal: [ФИО, Эл. почта, Телефон]
transactions:
  file: покупки.csv
  sep: ";"
  encoding: cp1251
  decimal: ","
  thousands: " "
  date_format: "%d.%m.%Y"
  columns: {Номер: transaction_id, Клиент: customer_id, Дата покупки: timestamp, Сумма: amount}
""")
    return {"sources": {"customers", "transactions"}, "rows": {"transactions": len(orders)}}


SHAPES: dict[str, Callable[[Path], dict]] = {
    "transactions_only": transactions_only,
    "contracts_only": contracts_only,
    "survey_1_10": survey_1_10,
    "nps_only": nps_only,
    "likert_1_7": likert_1_7,
    "excel_workbook": excel_workbook,
    "parquet_folder": parquet_folder,
    "duckdb_file": duckdb_file,
    "russian_columns": russian_columns,
}


def build(name: str, folder: Path) -> dict:
    """Write shape ``name`` into ``folder`` (created); return what it holds."""
    folder.mkdir(parents=True, exist_ok=True)
    return SHAPES[name](folder)
