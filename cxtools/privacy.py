"""Keep personal data out of anything shown to people.

Reports are shared with stakeholders; survey and customer exports carry names,
e-mail addresses and phone numbers. Every table a notebook displays passes
through :func:`redact` first.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections import Counter, defaultdict
from typing import TYPE_CHECKING, Iterable, Mapping

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = [
    "PERSONAL_COLUMNS",
    "redact",
    "pseudonymise",
    "SALT_VARIABLE",
    "scrub_text",
    "find_personal_data",
    "load_personal_values",
    "scan_for_personal_data",
]

#: Column names treated as personal data wherever they appear (compared case-insensitively).
PERSONAL_COLUMNS: frozenset[str] = frozenset(
    {
        "name", "full_name", "first_name", "last_name", "respondent_name", "customer_name",
        "email", "e_mail", "e-mail", "mail", "phone", "phone_number", "mobile", "telephone",
        "address", "street", "passport", "birth_date", "date_of_birth",
    }
)

EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
#: Candidate phone numbers; :func:`_is_phone` then requires 10-15 digits and rules out dates.
PHONE_RE = re.compile(r"(?<![\w.,])\+?\(?\d[\d ()\-]{8,}\d(?![\w]|[.,]\d)")
_DATE_RE = re.compile(r"(?<!\d)\d{4}-\d{2}(?!\d)|\d{2}-\d{2}-\d{4}")
_REDACTED = "[redacted]"


def _is_phone(candidate: str) -> bool:
    # 10-15 digits is every national and E.164 number. Judged piece by piece where
    # the text has a spaced dash ("1 200 - 3 400", a range) or two or more spaces
    # (aligned columns of a printed table). Ruled out: dates and year-months; digits
    # separated only by spaces or nothing ("1 234 567 890", "1200 1180 1150",
    # "1234567890"), except an 11-digit Russian number starting with 7 or 8
    # ("89123456789", "8 912 345 67 89"). A "+", "(" or "-" marks a real phone format.
    parts = [p.strip() for p in re.split(r"\s+[-\u2013]\s+|\s{2,}", candidate)]
    if len(parts) > 1:
        return any(_is_phone(part) for part in parts if part)
    digits = "".join(ch for ch in candidate if ch.isdigit())
    if not 10 <= len(digits) <= 15 or _DATE_RE.search(candidate):
        return False
    if not any(ch in candidate for ch in "+(-"):
        return len(digits) == 11 and digits[0] in "78"
    return True


def _phone_matches(text: str) -> list[str]:
    return [m.group(0) for m in PHONE_RE.finditer(text) if _is_phone(m.group(0))]


def scrub_text(text: str) -> str:
    """Replace e-mail addresses and phone numbers inside free text by ``"[redacted]"``.

    Dates, amounts and identifiers are left alone: a phone number needs 10-15 digits
    and must not look like an ISO date.

    Examples
    --------
    >>> scrub_text("Ivan (ivan@mail.ru, +7 912 345-67-89) wrote on 2026-03-01")
    'Ivan ([redacted], [redacted]) wrote on 2026-03-01'
    """
    text = EMAIL_RE.sub(_REDACTED, text)
    return PHONE_RE.sub(lambda m: _REDACTED if _is_phone(m.group(0)) else m.group(0), text)


#: Environment variable with a secret salt for :func:`pseudonymise`.
SALT_VARIABLE = "CXTOOLS_PSEUDONYM_SALT"


def pseudonymise(values: "pd.Series", *, salt: str | None = None, prefix: str = "id-") -> "pd.Series":
    """Replace identifiers by stable pseudonyms (salted SHA-256, 10 hex digits).

    The same input and salt always give the same pseudonym, so joins across tables
    still work in a report. The pseudonym cannot be read back *without the salt*:
    with the public default salt anyone can recompute the pseudonym of an id they
    know and, for short id formats such as ``C0000001``, find the id behind a
    pseudonym by trying every id. For reports that leave the analytics team, set a
    secret salt in the environment variable ``CXTOOLS_PSEUDONYM_SALT`` (the
    notebook kernels of ``cxtools run`` inherit it) and keep it out of the reports.

    Parameters
    ----------
    values : Series
        Identifiers (customer or respondent ids). Missing values stay ``None``.
    salt : str, optional
        Secret mixed into the hash. Default: ``$CXTOOLS_PSEUDONYM_SALT`` if set,
        else the public salt ``"cxtools"``.
    prefix : str, default "id-"

    Returns
    -------
    Series
        Pseudonyms (text), same index and name.

    References
    ----------
    Regulation (EU) 2016/679 (GDPR), Art. 4(5) and Recital 26: pseudonymised data stay
    personal data while the additional information (here the salt) can re-identify
    them. Federal Law of Russia No. 152-FZ "On Personal Data", Art. 3(9)
    (depersonalisation).

    Examples
    --------
    >>> import pandas as pd
    >>> pseudonymise(pd.Series(["C0000001", "C0000001", None])).tolist()
    ['id-...', 'id-...', None]
    """
    import pandas as pd

    if salt is None:
        salt = os.environ.get(SALT_VARIABLE) or "cxtools"

    def one(v):
        if v is None or (isinstance(v, float) and v != v) or v is pd.NA:
            return None
        digest = hashlib.sha256(f"{salt}:{v}".encode("utf-8")).hexdigest()[:10]
        return f"{prefix}{digest}"

    # built as an object column so that missing identifiers stay None (pandas >= 3
    # would turn them into NaN inside its "str" dtype)
    return pd.Series([one(v) for v in values], index=values.index, name=values.name, dtype=object)


def redact(
    data: "pd.DataFrame",
    *,
    drop: Iterable[str] | None = None,
    pseudonymise_ids: Iterable[str] | None = ("customer_id", "respondent_id"),
    scrub_text: bool = True,
) -> "pd.DataFrame":
    """Return a copy of ``data`` that is safe to show in a report.

    - columns named like personal data (:data:`PERSONAL_COLUMNS`, plus ``drop``) are removed;
    - identifier columns (``pseudonymise_ids``) are replaced by stable pseudonyms;
    - in the remaining text columns, anything that looks like an e-mail address or a
      phone number is replaced by ``"[redacted]"`` (``scrub_text=True``).

    Parameters
    ----------
    data : DataFrame
        Any table about to be displayed or written to a report.
    drop : iterable of str, optional
        Further columns to remove.
    pseudonymise_ids : iterable of str, optional
        Identifier columns to pseudonymise (those present are changed, others ignored).
    scrub_text : bool, default True
        Replace e-mail- and phone-like strings inside text cells.

    Returns
    -------
    DataFrame
        Same index and row order; personal columns removed.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"customer_id": ["C1"], "email": ["a@b.ru"], "note": ["call +7 912 345-67-89"]})
    >>> out = redact(df)
    >>> list(out.columns), out.loc[0, "note"]
    (['customer_id', 'note'], 'call [redacted]')
    """
    out = data.copy()
    to_drop = {c for c in out.columns if str(c).strip().lower() in PERSONAL_COLUMNS}
    if drop is not None:
        to_drop |= {c for c in drop if c in out.columns}
    out = out.drop(columns=sorted(to_drop, key=str))
    for col in pseudonymise_ids or ():
        if col in out.columns:
            out[col] = pseudonymise(out[col])
    if scrub_text:
        import pandas as pd

        for col in out.columns:
            # pandas >= 3 stores text as the "str" dtype, older data as object
            if out[col].dtype == object or isinstance(out[col].dtype, pd.StringDtype):
                out[col] = out[col].map(_scrub)
    return out


def _scrub(value):
    if isinstance(value, str):
        return scrub_text(value)
    return value


def find_personal_data(text: str, values: Iterable[str]) -> list[str]:
    """Return the personal values (names, e-mails, phones) that occur in ``text``.

    Used by tests to scan generated reports.

    Examples
    --------
    >>> find_personal_data("<p>Hello</p>", ["Иванов Иван", "a@b.ru"])
    []
    >>> find_personal_data("<td>a@b.ru</td>", ["Иванов Иван", "a@b.ru"])
    ['a@b.ru']
    """
    values = [v for v in values if v]
    counts = Counter(text)
    # Anchor each value on its character that is rarest in the text, then compare
    # only at the positions of that character: exact like ``v in text`` for each
    # value, but fast for thousands of values against a large report.
    groups: dict[str, dict[tuple[int, int], set[str]]] = defaultdict(lambda: defaultdict(set))
    for v in set(values):
        offset = min(range(len(v)), key=lambda i: counts.get(v[i], 0))
        if counts.get(v[offset], 0) == 0:
            continue  # a character of v never occurs in the text
        groups[v[offset]][(offset, len(v))].add(v)
    found: set[str] = set()
    for anchor, shapes in groups.items():
        positions = [m.start() for m in re.finditer(re.escape(anchor), text)]
        for (offset, length), candidates in shapes.items():
            for pos in positions:
                start = pos - offset
                if start >= 0 and text[start:start + length] in candidates:
                    found.add(text[start:start + length])
    return [v for v in values if v in found]


#: Personal values shorter than this are not searched for (too many false alarms).
MIN_VALUE_LENGTH = 5


def load_personal_values(data_dir: "str | os.PathLike[str]") -> dict[str, frozenset[str]]:
    """Collect the values of every personal column in the data files of a folder.

    Reads the CSV and Parquet files directly inside ``data_dir`` and, from each one,
    only the columns named like personal data (:data:`PERSONAL_COLUMNS`). The result
    feeds :func:`scan_for_personal_data`, the safety net that stops a report showing
    a customer's name, e-mail or phone.

    Parameters
    ----------
    data_dir : path
        Folder holding the data files (e.g. ``data/samples``).

    Returns
    -------
    dict
        ``{"customers.csv:email": frozenset({...}), ...}``: one entry per file and
        personal column; values shorter than :data:`MIN_VALUE_LENGTH` characters are left
        out. Empty when the folder holds no personal columns.

    Raises
    ------
    CxParameterError
        If ``data_dir`` is not a folder.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "customers.csv").write_text(
    ...     "customer_id,name,email\\nC1,Иванов Иван,ivan@mail.ru\\n", encoding="utf-8")
    >>> sorted(load_personal_values(folder))
    ['customers.csv:email', 'customers.csv:name']
    """
    import csv
    from pathlib import Path

    import pandas as pd

    from cxtools.errors import CxParameterError

    folder = Path(data_dir)
    if not folder.is_dir():
        raise CxParameterError(f"load_personal_values: {str(folder)!r} is not a folder")
    found: dict[str, frozenset[str]] = {}
    for path in sorted(folder.iterdir()):
        suffix = path.suffix.lower()
        if suffix == ".csv":
            with path.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
                header = next(csv.reader(handle), [])
            columns = [c for c in header if c.strip().lower() in PERSONAL_COLUMNS]
            if not columns:
                continue
            table = pd.read_csv(path, usecols=columns, dtype=str, keep_default_na=False,
                                encoding="utf-8", encoding_errors="replace")
        elif suffix == ".parquet":
            import pyarrow.parquet as pq

            names = pq.read_schema(path).names
            columns = [c for c in names if c.strip().lower() in PERSONAL_COLUMNS]
            if not columns:
                continue
            table = pd.read_parquet(path, columns=columns)
        else:
            continue
        for col in columns:
            values = {str(v).strip() for v in table[col].dropna()}
            found[f"{path.name}:{col}"] = frozenset(v for v in values if len(v) >= MIN_VALUE_LENGTH)
    return found


def scan_for_personal_data(
    text: str,
    *,
    values: "Mapping[str, Iterable[str]] | None" = None,
) -> list[str]:
    """Say which kinds of personal data a text about to be published contains.

    The check behind the report runner's privacy safety net: it finds e-mail
    addresses, phone numbers (10-15 digits, not dates) and any of the known personal
    ``values`` (see :func:`load_personal_values`). Only the kinds are returned, never
    the data itself, so the answer can be logged safely.

    Parameters
    ----------
    text : str
        HTML, JSON or plain text. Embedded base64 images and ``<style>`` blocks are
        skipped (they are not readable text and cause false alarms).
    values : mapping of label to values, optional
        Known personal values, e.g. ``{"customers.csv:name": [...]}``.

    Returns
    -------
    list of str
        Sorted descriptions such as ``"e-mail address"``, ``"phone number"`` or
        ``"values of customers.csv:name"``; empty when nothing was found.

    Examples
    --------
    >>> scan_for_personal_data("<td>a@b.ru</td><td>+7 912 345-67-89</td><td>2026-06-30</td>")
    ['e-mail address', 'phone number']
    >>> scan_for_personal_data("Иванов Иван churned", values={"customers.csv:name": ["Иванов Иван"]})
    ['values of customers.csv:name']
    >>> scan_for_personal_data("NPS 31.4 on 2026-06-30 (n = 1 234 567)")
    []
    """
    readable = _DATA_URI_RE.sub("", _STYLE_RE.sub("", text))
    kinds = set()
    if EMAIL_RE.search(readable):
        kinds.add("e-mail address")
    if _phone_matches(readable):
        kinds.add("phone number")
    for label, label_values in (values or {}).items():
        if find_personal_data(readable, [v for v in label_values if v and len(v) >= MIN_VALUE_LENGTH]):
            kinds.add(f"values of {label}")
    return sorted(kinds)


_STYLE_RE = re.compile(r"<style\b[^>]*>.*?</style>", re.DOTALL | re.IGNORECASE)
_DATA_URI_RE = re.compile(r"data:[\w/+.-]+;base64,[A-Za-z0-9+/=\s\\n]+")
