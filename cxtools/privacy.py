"""Keep personal data out of anything shown to people.

Reports are shared with stakeholders; survey and customer exports carry names,
e-mail addresses and phone numbers. Every table a notebook displays passes
through :func:`redact` first.
"""

from __future__ import annotations

import hashlib
import re
from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["PERSONAL_COLUMNS", "redact", "pseudonymise", "find_personal_data"]

#: Column names treated as personal data wherever they appear (compared case-insensitively).
PERSONAL_COLUMNS: frozenset[str] = frozenset(
    {
        "name", "full_name", "first_name", "last_name", "respondent_name", "customer_name",
        "email", "e_mail", "e-mail", "mail", "phone", "phone_number", "mobile", "telephone",
        "address", "street", "passport", "birth_date", "date_of_birth",
    }
)

EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
PHONE_RE = re.compile(r"(?<!\w)\+?\d[\d ()\-]{8,}\d(?!\w)")


def pseudonymise(values: "pd.Series", *, salt: str = "cxtools", prefix: str = "id-") -> "pd.Series":
    """Replace identifiers by stable pseudonyms (salted SHA-256, 10 hex digits).

    The same input and salt always give the same pseudonym, so joins across tables
    still work in a report; the original cannot be read back.

    Examples
    --------
    >>> import pandas as pd
    >>> pseudonymise(pd.Series(["C0000001", "C0000001", None])).tolist()
    ['id-...', 'id-...', None]
    """
    import pandas as pd

    def one(v):
        if v is None or (isinstance(v, float) and v != v) or v is pd.NA:
            return None
        digest = hashlib.sha256(f"{salt}:{v}".encode("utf-8")).hexdigest()[:10]
        return f"{prefix}{digest}"

    return values.map(one).astype(object)


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
        for col in out.columns:
            if out[col].dtype == object or str(out[col].dtype).startswith("string"):
                out[col] = out[col].map(_scrub)
    return out


def _scrub(value):
    if isinstance(value, str):
        return PHONE_RE.sub("[redacted]", EMAIL_RE.sub("[redacted]", value))
    return value


def find_personal_data(text: str, values: Iterable[str]) -> list[str]:
    """Return the personal values (names, e-mails, phones) that occur in ``text``.

    Used by tests to scan generated reports.

    Examples
    --------
    >>> find_personal_data("<p>Hello</p>", ["Иванов Иван", "a@b.ru"])
    []
    """
    return [v for v in values if v and v in text]
