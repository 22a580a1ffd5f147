"""Tests for cxtools.data.privacy: redaction, pseudonyms and the report safety net."""

from __future__ import annotations

import base64

import pandas as pd
import pytest

from cxtools.core.errors import CxParameterError
from cxtools.data.privacy import (
    PERSONAL_COLUMNS,
    find_personal_data,
    load_personal_values,
    pseudonymise,
    redact,
    scan_for_personal_data,
    scrub_text,
)


@pytest.fixture()
def customers() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "customer_id": ["C0000001", "C0000002", "C0000001"],
            "name": ["Тарасов Тимур Васильевич", "Кузнецова Татьяна Алексеевна", "Тарасов Тимур Васильевич"],
            "Email": ["timur.tarasov@gmail.com", "t.kuznetsova@gmail.com", "timur.tarasov@gmail.com"],
            "phone": ["+7 961 023-22-34", "+7 992 035-30-39", "+7 961 023-22-34"],
            "note": ["call me on +7 961 023-22-34", "write to t.kuznetsova@gmail.com", "fine"],
            "signup_date": ["2024-01-12", "2021-01-23", "2024-01-12"],
            "revenue": [250.0, 350.0, 450.0],
        },
        index=[10, 11, 12],
    )


def test_redact_drops_personal_columns_case_insensitively(customers):
    out = redact(customers)
    assert list(out.columns) == ["customer_id", "note", "signup_date", "revenue"]
    assert list(out.index) == [10, 11, 12]
    assert customers.shape == (3, 7), "the input must not be changed"


def test_redact_scrubs_pandas3_text_columns_and_keeps_dates(customers):
    # pandas >= 3 stores text in the "str" dtype, not object: it must still be scrubbed
    assert customers["note"].dtype != object or pd.__version__ < "3"
    out = redact(customers)
    assert out["note"].tolist() == ["call me on [redacted]", "write to [redacted]", "fine"]
    assert out["signup_date"].tolist() == ["2024-01-12", "2021-01-23", "2024-01-12"]
    assert out["revenue"].tolist() == [250.0, 350.0, 450.0]


def test_redact_pseudonymises_ids_stably(customers):
    out = redact(customers)
    ids = out["customer_id"].tolist()
    assert ids[0] == ids[2] != ids[1]
    assert all(i.startswith("id-") and len(i) == 13 for i in ids)
    assert "C0000001" not in ids


def test_redact_extra_drop_and_no_scrub(customers):
    out = redact(customers, drop=["note"], pseudonymise_ids=None, scrub_text=False)
    assert list(out.columns) == ["customer_id", "signup_date", "revenue"]
    assert out["customer_id"].tolist() == customers["customer_id"].tolist()


def test_pseudonymise_keeps_missing_and_depends_on_salt():
    s = pd.Series(["C1", None, "C1"], index=[5, 6, 7], name="customer_id")
    out = pseudonymise(s)
    assert out.tolist()[1] is None
    assert out.index.tolist() == [5, 6, 7] and out.name == "customer_id"
    assert pseudonymise(s, salt="other").iloc[0] != out.iloc[0]


def test_pseudonymise_takes_a_secret_salt_from_the_environment(monkeypatch, tmp_path, customers):
    import hashlib

    s = pd.Series(["C0000001"])
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    monkeypatch.delenv("CXTOOLS_PSEUDONYM_SALT", raising=False)
    installation = pseudonymise(s).iloc[0]
    salt = (tmp_path / "cxtools" / "pseudonym-salt").read_text().strip()
    assert installation == "id-" + hashlib.sha256(f"{salt}:C0000001".encode()).hexdigest()[:10]
    # the old public default salt is gone: anyone could recompute those pseudonyms
    assert installation != "id-" + hashlib.sha256(b"cxtools:C0000001").hexdigest()[:10]
    monkeypatch.setenv("CXTOOLS_PSEUDONYM_SALT", "s3cret")
    secret = pseudonymise(s).iloc[0]
    assert secret == "id-" + hashlib.sha256(b"s3cret:C0000001").hexdigest()[:10] != installation
    assert pseudonymise(s, salt=salt).iloc[0] == installation  # an explicit salt wins
    assert redact(customers)["customer_id"].tolist() == pseudonymise(customers["customer_id"]).tolist()


@pytest.mark.parametrize(
    "text",
    [
        "+7 912 345-67-89",
        "8 (912) 345-67-89",
        "+79123456789",
        "89123456789",
        "+7 (912) 345 67 89",
        "8 912 345 67 89",
        "(495) 123-45-67",
        "tel. +44 20 7946 0958",
    ],
)
def test_scrub_text_removes_phone_formats(text):
    out = scrub_text(text)
    assert out.count("[redacted]") == 1
    assert not any(ch.isdigit() for ch in out), out


@pytest.mark.parametrize(
    "text",
    [
        "2026-06-30",
        "2025-01-01 - 2025-03-31",
        "signed 2024-01-12 10:30:00",
        "revenue 1 234 567 rub",
        "value 1 234 567 890 rub",
        "from 12 345 678 - 23 456 789 rub",
        "total 1234567890 rub",
        "share 0.12345678901",
        "p = 1.2345678901e-05",
        "0    1    2    3    4    5    6    7    8    9   10",  # printed table header
        "[1200 1180 1150 1100]",  # printed numpy array
        "2019-01 2019-02 2019-03",  # cohorts
        "C0000001",
        "T00000001",
        "12345",
    ],
)
def test_scrub_text_leaves_dates_amounts_and_ids(text):
    assert scrub_text(text) == text


def test_phone_in_a_printed_table_is_found():
    table = pd.DataFrame({"phone": ["+7 961 023-22-34"], "revenue": [250]}).to_string()
    assert scan_for_personal_data(table) == ["phone number"]
    table = pd.DataFrame({"n": [1200], "phone": ["89610232234"], "m": [3]}).to_string()
    assert scan_for_personal_data(table) == ["phone number"]


def test_scrub_text_emails():
    assert scrub_text("a.b-c@mail.co.uk and x_y@yandex.ru") == "[redacted] and [redacted]"


def test_scan_reports_kinds_not_data():
    html = "<td>timur.tarasov@gmail.com</td><td>+7 961 023-22-34</td><td>Тарасов Тимур Васильевич</td>"
    found = scan_for_personal_data(html, values={"customers.csv:name": ["Тарасов Тимур Васильевич"]})
    assert found == ["e-mail address", "phone number", "values of customers.csv:name"]
    assert not any("tarasov" in kind.lower() or "Тарасов" in kind for kind in found)


def test_scan_ignores_images_styles_and_dates():
    # a base64 image whose text contains a run of digits must not look like a phone
    image = base64.b64encode(b"\x00" * 3 + b"1234567890123" * 5).decode()
    html = (
        "<style>a@media.screen {margin: 0 0 0 0}</style>"
        f"<img src='data:image/png;base64,{image}'>"
        "<p>NPS 31.4 (n = 1 234) for 2025-01-01 - 2025-03-31</p>"
    )
    assert scan_for_personal_data(html) == []
    assert scan_for_personal_data(f"<p>/89123456789/ {image}</p>") == ["phone number"]


def test_scan_skips_short_values():
    assert scan_for_personal_data("Ли", values={"x:name": ["Ли"]}) == []


def test_find_personal_data():
    assert find_personal_data("<td>a@b.ru</td>", ["a@b.ru", "", "c@d.ru"]) == ["a@b.ru"]


def test_find_personal_data_equals_plain_substring_search():
    # the anchored search must agree exactly with `v in text` (the obvious implementation)
    import random

    rng = random.Random(2026)
    alphabet = "ab@ +7-Ив"
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60)))
        values = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 4))) for _ in range(rng.randint(0, 8))]
        assert find_personal_data(text, values) == [v for v in values if v and v in text], (text, values)


def test_load_personal_values_csv_and_parquet(tmp_path):
    pd.DataFrame({"customer_id": ["C1", "C2"], "name": ["Иванов Иван", "Петров Пётр"],
                  "region": ["Moscow", "Kazan"]}).to_csv(tmp_path / "customers.csv", index=False)
    pd.DataFrame({"respondent_id": ["R1"], "email": ["ivan@mail.ru"], "nps": [9]}).to_parquet(
        tmp_path / "survey.parquet"
    )
    pd.DataFrame({"customer_id": ["C1"], "amount": [1.0]}).to_csv(tmp_path / "transactions.csv", index=False)
    (tmp_path / "notes.txt").write_text("ignored")
    values = load_personal_values(tmp_path)
    assert values == {
        "customers.csv:name": frozenset({"Иванов Иван", "Петров Пётр"}),
        "survey.parquet:email": frozenset({"ivan@mail.ru"}),
    }


def test_load_personal_values_needs_a_folder(tmp_path):
    with pytest.raises(CxParameterError, match="is not a folder"):
        load_personal_values(tmp_path / "missing")


def test_sample_data_redacted_shows_nobody(samples_dir):
    customers_csv = samples_dir / "customers.csv"
    if not customers_csv.exists():
        pytest.skip("data/samples/customers.csv is not there yet")
    customers = pd.read_csv(customers_csv, dtype=str, keep_default_na=False)
    shown = redact(customers).to_string()
    values = load_personal_values(samples_dir)
    assert {"customers.csv:name", "customers.csv:email", "customers.csv:phone"} <= set(values)
    assert scan_for_personal_data(shown, values=values) == []
    assert len(values["customers.csv:email"]) > 100


def test_personal_columns_are_lower_case():
    assert all(c == c.lower() for c in PERSONAL_COLUMNS)
