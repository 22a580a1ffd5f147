"""Keep personal data out of anything shown to people.

Reports are shared with stakeholders; survey and customer exports carry names,
e-mail addresses and phone numbers. Every table a notebook displays passes
through :func:`redact` first, and the report runner checks everything it is about
to publish with :func:`scan_for_personal_data` and :func:`scan_notebook`.

Personal data are found three ways:

- columns declared personal in the data description (``declared=`` of
  :func:`load_personal_values`);
- columns whose header is a known personal field, in English or Russian
  (:func:`is_personal_column`: "full_name", "E-Mail", "phone", the Russian headers
  for full name, e-mail and phone ...);
- content: e-mail addresses and phone numbers, wherever they occur. Phone
  candidates are validated with ``phonenumbers`` (Google's libphonenumber
  metadata), so dates, amounts and identifiers are not taken for phones.
"""

from __future__ import annotations

import functools
import hashlib
import html as _html
import os
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Sequence

from cxtools.data._vocabulary import vocabulary

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = [
    "PERSONAL_COLUMNS",  # noqa: F822 (read on first use through the module __getattr__)
    "PHONE_REGIONS",
    "SALT_VARIABLE",
    "PersonalDataFinding",
    "find_personal_columns",
    "find_personal_data",
    "is_personal_column",
    "load_personal_values",
    "personal_parameters",
    "pseudonymise",
    "redact",
    "salt_kind",
    "salt_path",
    "scan_for_personal_data",
    "scan_notebook",
    "scrub_notebook",
    "scrub_text",
    "scrub_traceback",
]

def _column_key(name: Any) -> str:
    """Lower-case letters and digits only ("E-Mail" -> "email"), the Cyrillic yo read as ie."""
    text = str(name).casefold().replace("\u0451", "\u0435")  # yo -> ie
    return "".join(ch for ch in text if ch.isalnum())


@functools.lru_cache(maxsize=None)
def _personal_columns_list() -> frozenset[str]:
    """:data:`PERSONAL_COLUMNS`, read once from ``cxtools/data/vocabulary/personal_columns.json``."""
    words = vocabulary("personal_columns")
    return frozenset(words["english"]) | frozenset(words["russian"])


@functools.lru_cache(maxsize=None)
def _personal_keys() -> frozenset[str]:
    return frozenset(_column_key(c) for c in _personal_columns_list())


def __getattr__(name: str) -> Any:
    # PERSONAL_COLUMNS: the column names treated as personal data wherever they appear, English
    # and Russian ("full_name", "email", and the Russian headers for full name, e-mail, phone ...).
    # Compared after :func:`_column_key` (case, spaces, punctuation and the Cyrillic yo/ie
    # difference ignored). Kept as data in ``cxtools/data/vocabulary/personal_columns.json``.
    if name == "PERSONAL_COLUMNS":
        return _personal_columns_list()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def is_personal_column(name: Any) -> bool:
    """Whether a column header names a personal field (:data:`PERSONAL_COLUMNS`).

    Case, spaces, punctuation and the Cyrillic yo/ie difference do not matter; the whole header must
    match (``"product_name"`` is not personal, ``"Full Name"`` is).

    Examples
    --------
    >>> [is_personal_column(c) for c in ["Full Name", "e_mail", "E-Mail", "Mobile phone", "segment_name"]]
    [True, True, True, True, False]
    """
    return _column_key(name) in _personal_keys()


# ------------------------------------------------------------------------------ patterns
#: E-mail addresses: any case, "+" tags, sub-domains, internationalised (Cyrillic) names.
#: The last part must be letters (of any case and script), and not a file type: an image
#: named "logo@2x.png" is not an address. A match starts only where a run of address
#: characters starts (the look-behind), so a search takes time linear in the text: without it,
#: a long run with no "@" is rescanned from every one of its positions (quadratic; a 40 kB
#: field took 16 s). Domain labels are at most 63 characters (RFC 1035, sec. 2.3.4), which
#: also bounds the backtracking after an "@".
EMAIL_RE = re.compile(
    r"(?<![\w.%+-])[\w.%+-]+@(?:[^\W_](?:[\w-]{0,61}[^\W_])?\.)+"
    r"(?!(?i:png|jpe?g|gif|svg|webp|css|js|html?|pdf|ipynb|csv|json)(?![\w-]))"
    r"[^\W\d_]{2,63}(?![\w-])"
)
#: The same addresses found from their "@": the domain part as a pattern that starts with a
#: literal (found by a fast scan), and a local part of at least one character just before it.
#: An address exists exactly where both hold, so :func:`_has_email` answers as ``EMAIL_RE.search``
#: does, in one pass over a text of any size.
_AT_DOMAIN_RE = re.compile(EMAIL_RE.pattern[EMAIL_RE.pattern.index("@"):])
_LOCAL_CHARS = frozenset("%+-.")


def _has_email(text: str) -> bool:
    for match in _AT_DOMAIN_RE.finditer(text):
        before = text[match.start() - 1:match.start()]
        if before and (before.isalnum() or before == "_" or before in _LOCAL_CHARS):
            return True
    return False


#: Candidate phone numbers: a digit run with spaces, brackets or dashes (also the
#: non-breaking spaces of word processors). :func:`_is_phone` decides.
PHONE_RE = re.compile(
    r"(?<![0-9A-Za-z_+])(?<!\d[.,])\+?\(?\d[\d \u00a0\u2009\u202f()\-]{8,}\d(?![0-9A-Za-z_]|[.,]\d)"
)
#: Regions whose national formats (without "+") are recognised, for ``phonenumbers``.
PHONE_REGIONS: tuple[str, ...] = ("RU",)
_DATE_RE = re.compile(r"(?<!\d)\d{4}-\d{2}(?!\d)|\d{2}-\d{2}-\d{4}")
_REDACTED = "[redacted]"
_phonenumbers = None


def _phone_lib():
    global _phonenumbers
    if _phonenumbers is None:
        import phonenumbers

        _phonenumbers = phonenumbers
    return _phonenumbers


@functools.lru_cache(maxsize=4096)
def _valid_phone(candidate: str) -> bool:
    """A number ``phonenumbers`` holds valid, and one a person has (not 8-800 and the like)."""
    pn = _phone_lib()
    business = {pn.PhoneNumberType.TOLL_FREE, pn.PhoneNumberType.PREMIUM_RATE,
                pn.PhoneNumberType.SHARED_COST}
    for region in (None,) if candidate.lstrip("( ").startswith("+") else PHONE_REGIONS:
        try:
            number = pn.parse(candidate, region)
        except pn.NumberParseException:
            continue
        if pn.is_valid_number(number) and pn.number_type(number) not in business:
            return True
    return False


#: The longest text one phone number takes: 15 digits (E.164), a "+", brackets and one
#: separator between digits come to 34 characters; anything longer is no single number.
_LONGEST_PHONE = 40


def _is_phone(candidate: str) -> bool:
    # 10-15 digits is every national and E.164 number. Judged piece by piece where
    # the text has a spaced dash ("1 200 - 3 400", a range), a minus sign after a space
    # ("73944 -339216", printed arrays) or two or more spaces (aligned columns of a
    # printed table). Ruled out: dates and year-months; digits separated only by spaces
    # or nothing ("1 234 567 890", "1200 1180 1150", "1234567890"), except an 11-digit
    # Russian number starting with 7 or 8 written whole or grouped as phones are
    # ("89123456789", "8 912 345 67 89", not "7 81 20 40 54 40"). A "+", "(" or "-"
    # marks a real phone format. What is left must be a valid number for phonenumbers.
    parts = [p.strip() for p in re.split(r"\s+[-\u2013]\s+|\s{2,}|\s+(?=[-\u2212]\d)", candidate)]
    if len(parts) > 1:
        return any(_is_phone(part) for part in parts if part)
    if len(candidate) > _LONGEST_PHONE:  # one part: far more than 15 digits and their separators
        return False
    if candidate[:1] in "-\u2212":  # a negative number, then what follows it
        rest = candidate.split(maxsplit=1)
        return len(rest) > 1 and _is_phone(rest[1])
    digits = "".join(ch for ch in candidate if ch.isdigit())
    if not 10 <= len(digits) <= 15 or _DATE_RE.search(candidate):
        return False
    if not any(ch in candidate for ch in "+(-"):
        groups = candidate.split()
        phone_like = len(groups) == 1 or (
            groups[0] in ("7", "8") and len(groups[1]) == 3 and all(len(g) >= 2 for g in groups[2:]))
        if not (len(digits) == 11 and digits[0] in "78" and phone_like):
            return False
    return _valid_phone(candidate.strip())


def _phone_matches(text: str) -> list[str]:
    return [m.group(0) for m in PHONE_RE.finditer(text) if _is_phone(m.group(0))]


def _replace_values(text: str, values: "Mapping[str, Iterable[str]] | Iterable[str] | None") -> str:
    if not values:
        return text
    pool = _value_pool(values)
    found = find_personal_data(text, pool)
    for v in sorted(found, key=len, reverse=True):
        text = text.replace(v, _REDACTED)
    # full names in another case, as scan_for_personal_data finds them
    several_words = {v.casefold() for v in pool if len(v.split()) > 1}
    for v in sorted(find_personal_data(text.casefold(), several_words), key=len, reverse=True):
        text = re.sub(re.escape(v), _REDACTED, text, flags=re.IGNORECASE)
    return text


def _value_pool(values) -> list[str]:
    if isinstance(values, Mapping):
        values = [v for group in values.values() for v in group]
    return [v for v in values if isinstance(v, str) and len(v) >= MIN_VALUE_LENGTH]


def scrub_text(text: str, *, values: "Mapping[str, Iterable[str]] | Iterable[str] | None" = None) -> str:
    """Replace e-mail addresses and phone numbers inside free text by ``"[redacted]"``.

    Dates, amounts and identifiers are left alone: a phone number needs 10-15 digits,
    must not look like an ISO date and must be a valid number for ``phonenumbers``
    (national formats of :data:`PHONE_REGIONS`, any country with "+").

    Parameters
    ----------
    text : str
    values : mapping of label to values, or iterable of str, optional
        Known personal values (see :func:`load_personal_values`) to replace as well,
        e.g. full names.

    References
    ----------
    ITU-T Recommendation E.164, "The international public telecommunication numbering
    plan" (2010); Google's libphonenumber, as packaged by ``phonenumbers``, for the
    numbering plans. RFC 5322 section 3.4.1 (addr-spec) and RFC 6531 (internationalised
    addresses) for e-mail addresses.

    Examples
    --------
    >>> scrub_text("Ivan (ivan@mail.ru, +7 912 345-67-89) wrote on 2026-03-01")
    'Ivan ([redacted], [redacted]) wrote on 2026-03-01'
    >>> scrub_text("Petrov Ivan <IVAN.PETROV@MAIL.RU>", values={"crm.csv:full_name": ["Petrov Ivan"]})
    '[redacted] <[redacted]>'
    """
    text = EMAIL_RE.sub(_REDACTED, text)
    text = PHONE_RE.sub(_scrub_phone, text)
    return _replace_values(text, values)


def _scrub_phone(match: re.Match) -> str:
    found = match.group(0)
    # "(8 912 345 67 89)": the opening bracket belongs to the text around the number
    lead = "(" if found.startswith("(") and found.count("(") > found.count(")") else ""
    return lead + _REDACTED if _is_phone(found[len(lead):]) else found


_ANSI_RE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def scrub_traceback(text: str, *, values: "Mapping[str, Iterable[str]] | Iterable[str] | None" = None) -> str:
    """Make a traceback or error message safe to show: no personal data, no home folder.

    Removes terminal colour codes (IPython's tracebacks carry them), replaces e-mail
    addresses, phone numbers and the known personal ``values`` by ``"[redacted]"``
    (:func:`scrub_text`), in every exception of a chain, and shows the user's home
    folder as ``~`` (a folder name is often a person's name).

    Parameters
    ----------
    text : str
        The traceback (a list of lines, as in a notebook's error output, is joined).
    values : mapping of label to values, or iterable of str, optional
        Known personal values (see :func:`load_personal_values`).

    Examples
    --------
    >>> tb = ("\\x1b[0;31mKeyError\\x1b[0m: 'Petrov Ivan'\\n\\nThe above exception was the direct cause"
    ...       " of the following exception:\\n\\nValueError: no customer IVAN@MAIL.RU")
    >>> print(scrub_traceback(tb, values=["Petrov Ivan"]))
    KeyError: '[redacted]'
    <BLANKLINE>
    The above exception was the direct cause of the following exception:
    <BLANKLINE>
    ValueError: no customer [redacted]
    """
    if not isinstance(text, str):
        text = "\n".join(str(line) for line in text)
    text = _ANSI_RE.sub("", text)
    home = os.path.expanduser("~")
    if home not in ("~", "/", ""):
        text = text.replace(home.rstrip(os.sep) + os.sep, "~" + os.sep)
    return scrub_text(text, values=values)


#: Environment variable with a secret salt for :func:`pseudonymise`.
SALT_VARIABLE = "CXTOOLS_PSEUDONYM_SALT"
_SALT_FILE = "pseudonym-salt"
_SALT_ENV = "secret (environment)"
_SALT_INSTALLATION = "per-installation"
_SALT_RUN = "per-run (no writable config folder)"
_run_salt: str | None = None


def salt_path() -> Path:
    """Where the per-installation salt is kept.

    ``$XDG_CONFIG_HOME/cxtools/pseudonym-salt``; without ``XDG_CONFIG_HOME`` (or with a
    relative one, which the XDG specification says to ignore) ``~/.config/cxtools/...``,
    on Windows ``%APPDATA%\\cxtools\\...``.

    References
    ----------
    XDG Base Directory Specification 0.8, freedesktop.org (``$XDG_CONFIG_HOME``).

    Examples
    --------
    >>> salt_path().name
    'pseudonym-salt'
    """
    base = os.environ.get("XDG_CONFIG_HOME", "")
    if not os.path.isabs(base):
        appdata = os.environ.get("APPDATA", "") if os.name == "nt" else ""
        base = appdata if appdata else os.path.join(os.path.expanduser("~"), ".config")
    return Path(base) / "cxtools" / _SALT_FILE


def _installation_salt() -> str:
    """Read the per-installation salt, creating it (user-only permissions) on first use."""
    import secrets

    from cxtools.core.errors import CxParameterError

    path = salt_path()
    folder = path.parent
    if not path.exists():
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(folder, 0o700)
        tmp = folder / f".{_SALT_FILE}.{os.getpid()}.{secrets.token_hex(4)}"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "w", encoding="ascii") as fh:
                fh.write(secrets.token_hex(32) + "\n")
            try:
                os.link(tmp, path)  # atomic, and never replaces a salt another process made
            except FileExistsError:
                pass
        finally:
            tmp.unlink(missing_ok=True)
    if os.name != "nt":
        if path.stat().st_mode & 0o077:
            os.chmod(path, 0o600)
        if folder.stat().st_mode & 0o077:
            os.chmod(folder, 0o700)
    salt = path.read_text(encoding="ascii", errors="replace").strip()
    if len(salt) < 32:
        raise CxParameterError(
            f"the pseudonym salt file {str(path)!r} holds {len(salt)} characters, expected a random "
            "string of at least 32; delete it to have a new one made (pseudonyms will change) or set "
            f"{SALT_VARIABLE}"
        )
    return salt


def _default_salt() -> tuple[str, str]:
    """The salt :func:`pseudonymise` uses when none is given, and its kind."""
    global _run_salt
    secret = os.environ.get(SALT_VARIABLE)
    if secret:
        return secret, _SALT_ENV
    try:
        return _installation_salt(), _SALT_INSTALLATION
    except OSError:
        # no writable config folder (read-only home, locked-down container): a random salt
        # for this process, so pseudonyms stay unreadable, if not comparable across runs
        import secrets

        if _run_salt is None:
            _run_salt = secrets.token_hex(32)
        return _run_salt, _SALT_RUN


def salt_kind() -> str:
    """Which salt :func:`pseudonymise` uses by default, in words for a report.

    Returns
    -------
    str
        ``"secret (environment)"`` when ``$CXTOOLS_PSEUDONYM_SALT`` is set;
        ``"per-installation"`` for the random salt kept in :func:`salt_path` (made on
        first use); ``"per-run (no writable config folder)"`` when that file cannot be
        made, so each process draws its own salt.

    Examples
    --------
    >>> salt_kind() in ("secret (environment)", "per-installation", "per-run (no writable config folder)")
    True
    """
    return _default_salt()[1]


def pseudonymise(values: "pd.Series", *, salt: str | None = None, prefix: str = "id-") -> "pd.Series":
    """Replace identifiers by stable pseudonyms (salted SHA-256, 10 hex digits).

    The same input and salt always give the same pseudonym, so joins across tables
    still work in a report. The pseudonym cannot be read back without the salt. Without
    ``salt`` and without ``$CXTOOLS_PSEUDONYM_SALT``, a random salt made on first use
    for this installation is used (kept with user-only permissions, see
    :func:`salt_path`): anyone on another machine cannot recompute pseudonyms, but the
    pseudonyms of two installations differ. For reports that are compared across
    machines or leave the analytics team, set a secret salt in the environment variable
    ``CXTOOLS_PSEUDONYM_SALT`` (the notebook kernels of ``cxtools run`` inherit it) and
    keep it out of the reports. :func:`salt_kind` says which one is in use.

    Parameters
    ----------
    values : Series
        Identifiers (customer or respondent ids). Missing values stay ``None``.
    salt : str, optional
        Secret mixed into the hash. Default: ``$CXTOOLS_PSEUDONYM_SALT`` if set, else
        the per-installation salt.
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
    >>> pseudonymise(pd.Series(["C0000001", "C0000001", None]), salt="kept secret").tolist()
    ['id-2f87e81433', 'id-2f87e81433', None]
    """
    import pandas as pd

    if salt is None:
        salt = _default_salt()[0]

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
    salt: str | None = None,
) -> "pd.DataFrame":
    """Return a copy of ``data`` that is safe to show in a report.

    - columns named like personal data (:func:`is_personal_column`: English and
      Russian names such as "email", "full_name" and their Russian equivalents, plus
      ``drop``) are removed;
    - identifier columns (``pseudonymise_ids``) are replaced by stable pseudonyms;
    - in the remaining text columns, anything that looks like an e-mail address or a
      phone number is replaced by ``"[redacted]"`` (``scrub_text=True``).

    Parameters
    ----------
    data : DataFrame
        Any table about to be displayed or written to a report.
    drop : iterable of str, optional
        Further columns to remove (e.g. those the data description declares personal).
    pseudonymise_ids : iterable of str, optional
        Identifier columns to pseudonymise (those present are changed, others ignored).
    scrub_text : bool, default True
        Replace e-mail- and phone-like strings inside text cells.
    salt : str, optional
        Salt of the pseudonyms (see :func:`pseudonymise`).

    Returns
    -------
    DataFrame
        Same index and row order; personal columns removed.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"customer_id": ["C1"], "Full name": ["Petrov Ivan"], "E-mail": ["a@b.ru"],
    ...                    "note": ["call +7 912 345-67-89"]})
    >>> out = redact(df, salt="kept secret")
    >>> list(out.columns), out.loc[0, "note"]
    (['customer_id', 'note'], 'call [redacted]')
    """
    out = data.copy()
    to_drop = {c for c in out.columns if is_personal_column(c)}
    if drop is not None:
        to_drop |= {c for c in drop if c in out.columns}
    out = out.drop(columns=sorted(to_drop, key=str))
    for col in pseudonymise_ids or ():
        if col in out.columns:
            out[col] = pseudonymise(out[col], salt=salt)
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
    >>> find_personal_data("<p>Hello</p>", ["Petrov Ivan", "a@b.ru"])
    []
    >>> find_personal_data("<td>a@b.ru</td>", ["Petrov Ivan", "a@b.ru"])
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
#: File types :func:`load_personal_values` reads from a data folder.
DATA_SUFFIXES = (".csv", ".tsv", ".txt", ".parquet", ".pq", ".xlsx", ".xlsm")
#: A column whose sampled values are mostly e-mail addresses or phone numbers is personal.
CONTENT_SHARE = 0.5
_CONTENT_SAMPLE = 1000


def _contact_share(values: list[str]) -> float:
    if not values:
        return 0.0
    hits = sum(bool(EMAIL_RE.search(v)) or bool(_phone_matches(v)) for v in values)
    return hits / len(values)


def _declared_files(folder: Path, declared: Mapping[str, Sequence[str]] | None) -> dict[Path, list[str]]:
    from cxtools.core.errors import CxParameterError

    out: dict[Path, list[str]] = {}
    for name, columns in (declared or {}).items():
        path = Path(name)
        path = path if path.is_absolute() else folder / path
        if isinstance(columns, str):
            columns = [columns]
        if not path.is_file():
            raise CxParameterError(
                f"load_personal_values: the data description declares personal columns {list(columns)} "
                f"in {str(name)!r}, but there is no such file in {str(folder)!r}"
            )
        out[path.resolve()] = list(columns)
    return out


def _malformed_fields(raw: "pd.DataFrame", positions: list[int]) -> set[str]:
    """Fields at ``positions`` of the lines the CSV parser set aside (they are shown as rejected rows)."""
    import csv

    malformed = raw.attrs.get("malformed")
    sep = raw.attrs.get("sep")
    if malformed is None or not len(malformed) or not sep:
        return set()
    found = set()
    for line in malformed["value"].astype(str):
        try:
            fields = next(csv.reader([line], delimiter=sep, quotechar='"'), [])
        except csv.Error:
            fields = line.split(sep)
        found |= {fields[i].strip() for i in positions if i < len(fields)}
    return found


def _scan_file(path: Path, label: str, declared: list[str]) -> list[tuple[str, str, frozenset[str]]]:
    """(column, found_by, values) for each personal column of one data file."""
    import warnings

    from cxtools.core.errors import CxDataWarning, CxEmptyDataError, CxError, CxSchemaError
    from cxtools.data.io import read_table

    try:
        raw = read_table(path)
    except CxEmptyDataError:
        return []
    except CxError as exc:
        if declared:
            raise
        # the loaders cannot read it either, so no report shows its rows
        warnings.warn(f"{label}: not checked for personal data, it cannot be read ({exc})",
                      CxDataWarning, stacklevel=3)
        return []
    columns = [str(c) for c in raw.columns]
    by_key = {_column_key(c): c for c in columns}
    chosen: dict[str, str] = {}
    missing = []
    for col in declared:
        actual = col if col in columns else by_key.get(_column_key(col))
        if actual is None:
            missing.append(col)
        else:
            chosen.setdefault(actual, "declared")
    if missing:
        raise CxSchemaError(
            f"{label}: the data description declares column(s) {missing} personal, but the file has no "
            f"such column; its columns are {columns}"
        )
    for col in columns:
        if col not in chosen and is_personal_column(col):
            chosen[col] = "header"
    for col in columns:
        if col in chosen:
            continue
        s = raw[col].dropna()
        # text, or whole numbers (a Parquet or Excel file may hold phones as 79123456789)
        sample = [str(v).strip() for v in s.iloc[:_CONTENT_SAMPLE * 2]
                  if isinstance(v, (str, int)) and not isinstance(v, bool) and str(v).strip()]
        sample = sample[:_CONTENT_SAMPLE]
        if sample and _contact_share(sample) >= CONTENT_SHARE:
            chosen[col] = "content"
    out = []
    for col in columns:  # file order
        if col not in chosen:
            continue
        values = {str(v).strip() for v in raw[col].dropna()}
        values |= _malformed_fields(raw, [columns.index(col)])
        out.append((col, chosen[col], frozenset(v for v in values if len(v) >= MIN_VALUE_LENGTH)))
    return out


def _personal_columns(data_dir, declared):
    from cxtools.core.errors import CxParameterError

    folder = Path(data_dir)
    if not folder.is_dir():
        raise CxParameterError(f"load_personal_values: {str(folder)!r} is not a folder")
    wanted = _declared_files(folder, declared)
    files = [p.resolve() for p in sorted(folder.iterdir())
             if p.is_file() and p.suffix.lower() in DATA_SUFFIXES and not p.name.startswith((".", "~$"))]
    files += [p for p in wanted if p not in files]
    root = folder.resolve()
    rows = []
    for path in files:
        # a file outside the folder is named by its name alone: labels end up in messages
        # and reports, which show no paths of this machine
        label = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.name
        for col, how, values in _scan_file(path, label, wanted.get(path, [])):
            rows.append((label, col, how, values))
    return rows


def find_personal_columns(
    data_dir: "str | os.PathLike[str]",
    *,
    declared: Mapping[str, Sequence[str]] | None = None,
) -> "pd.DataFrame":
    """Which columns of the data files in a folder hold personal data, and how each was found.

    Files are read exactly as the loaders read them (:func:`cxtools.data.io.read_table`:
    separator, encoding and decimal mark detected), so Russian-locale exports with
    ``;`` and cp1251 are understood. A column is personal when the data description
    declares it (``declared``), when its header is a known personal field
    (:func:`is_personal_column`), or when most of its first values are e-mail addresses
    or phone numbers (share :data:`CONTENT_SHARE` of up to 1,000 values).

    Parameters
    ----------
    data_dir : path
        Folder holding the data files (CSV/TSV, Parquet, Excel; see :data:`DATA_SUFFIXES`).
    declared : mapping of file to column names, optional
        Columns the data description declares personal, e.g. ``{"crm.csv": ["Client"]}``;
        a file is named relative to ``data_dir`` (or by an absolute path), a column by its
        header in the file (case and punctuation ignored).

    Returns
    -------
    DataFrame
        One row per personal column: ``file``, ``column``, ``found_by``
        (``"declared"``, ``"header"`` or ``"content"``) and ``n_values`` (distinct values
        of at least :data:`MIN_VALUE_LENGTH` characters). The values themselves are not
        shown.

    Raises
    ------
    CxParameterError
        ``data_dir`` is not a folder, or a declared file does not exist.
    CxSchemaError
        A declared column is not in its file.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "crm.csv").write_bytes(
    ...     b"Client;Full name;Contact;Sum\\nK1;Petrov Ivan;+7 912 345-67-89;1 200,50\\n")
    >>> find_personal_columns(folder, declared={"crm.csv": ["Client"]})
          file     column  found_by  n_values
    0  crm.csv     Client  declared         0
    1  crm.csv  Full name    header         1
    2  crm.csv    Contact   content         1
    """
    import pandas as pd

    rows = _personal_columns(data_dir, declared)
    return pd.DataFrame(
        [(f, c, how, len(v)) for f, c, how, v in rows],
        columns=["file", "column", "found_by", "n_values"],
    ).astype({"n_values": "int64"})


def load_personal_values(
    data_dir: "str | os.PathLike[str]",
    *,
    declared: Mapping[str, Sequence[str]] | None = None,
) -> dict[str, frozenset[str]]:
    """Collect the values of every personal column in the data files of a folder.

    Finds the personal columns as :func:`find_personal_columns` does (declared in the
    data description, known header names in English and Russian, or e-mail and phone
    content), reading each file as the loaders do. The result feeds
    :func:`scan_for_personal_data`, the safety net that stops a report showing a
    customer's name, e-mail or phone. Lines of a CSV file the parser could not split
    are searched too (they appear in rejected-row tables).

    Parameters
    ----------
    data_dir : path
        Folder holding the data files (e.g. ``data/samples``).
    declared : mapping of file to column names, optional
        Columns the data description declares personal (see :func:`find_personal_columns`).

    Returns
    -------
    dict
        ``{"customers.csv:email": frozenset({...}), ...}``: one entry per file and
        personal column; values shorter than :data:`MIN_VALUE_LENGTH` characters are left
        out. Empty when the folder holds no personal columns.

    Raises
    ------
    CxParameterError
        If ``data_dir`` is not a folder or a declared file is missing.
    CxSchemaError
        If a declared column is not in its file.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "customers.csv").write_text(
    ...     "customer_id,name,email\\nC1,Petrov Ivan,ivan@mail.ru\\n", encoding="utf-8")
    >>> sorted(load_personal_values(folder))
    ['customers.csv:email', 'customers.csv:name']
    """
    return {f"{f}:{c}": v for f, c, _, v in _personal_columns(data_dir, declared)}


# ----------------------------------------------------------------------- the safety net
_STYLE_RE = re.compile(r"<style\b[^>]*>.*?</style>", re.DOTALL | re.IGNORECASE)
_DATA_URI_RE = re.compile(r"data:[\w/+.-]+;base64,[A-Za-z0-9+/=\s\\n]+")
_SVG_URI_RE = re.compile(r"data:image/svg\+xml(?:;[\w.=-]+?)*?(;base64)?,([^\"')\s]+)", re.IGNORECASE)
#: Geometry of SVG shapes (glyph outlines, polylines, transforms): numbers, not text.
_GEOMETRY_RE = re.compile(r"""\s(?:d|points|transform|viewBox)\s*=\s*(?:"[^"]*"|'[^']*')""")
_SVG_TEXT_RE = re.compile(r"<text\b[^>]*>(.*?)</text>", re.DOTALL | re.IGNORECASE)
_TAG_RE = re.compile(r"<[^>]*>")
_JSON_ESCAPE_RE = re.compile(r"\\u([0-9a-fA-F]{4})")


def _embedded_svgs(text: str) -> list[str]:
    """SVG figures embedded as data URIs (base64 or URL-encoded), decoded."""
    import base64
    import binascii
    from urllib.parse import unquote

    out = []
    for m in _SVG_URI_RE.finditer(text):
        body = m.group(2)
        try:
            out.append(base64.b64decode(body).decode("utf-8", "replace") if m.group(1) else unquote(body))
        except (binascii.Error, ValueError):
            continue
    return out


def _readable(text: str) -> str:
    """The text a reader can see, in every form a value may take in HTML, SVG or JSON.

    Style blocks, base64 images and the geometry of SVG shapes are dropped (not
    readable, and a source of false alarms) after SVG figures embedded as data URIs are
    decoded; terminal colour codes are
    dropped; HTML/XML character references and JSON ``\\uXXXX`` escapes are decoded; the
    text of each SVG ``<text>`` element is joined across its ``<tspan>`` pieces. The
    forms are joined by newlines, which no pattern crosses.
    """
    svgs = _embedded_svgs(text) if "data:image/svg" in text.lower() else []
    base = _DATA_URI_RE.sub("", _STYLE_RE.sub("", text))
    views = [base, *svgs]
    views = [_GEOMETRY_RE.sub(" ", v) if "<" in v else v for v in views]
    if "\\u" in base:
        views.append(_JSON_ESCAPE_RE.sub(lambda m: chr(int(m.group(1), 16)), base))
    views = [_ANSI_RE.sub("", v) if "\x1b" in v else v for v in views]
    extra = []
    for v in views:
        if "&" in v:
            extra.append(_html.unescape(v))
        if "<text" in v:
            extra.extend(_html.unescape(_TAG_RE.sub("", t)) for t in _SVG_TEXT_RE.findall(v))
    return "\n".join(views + extra)


def scan_for_personal_data(
    text: str,
    *,
    values: "Mapping[str, Iterable[str]] | None" = None,
) -> list[str]:
    """Say which kinds of personal data a text about to be published contains.

    The check behind the report runner's privacy safety net: it finds e-mail
    addresses, phone numbers (10-15 digits, not dates, valid for ``phonenumbers``) and
    any of the known personal ``values`` (see :func:`load_personal_values`). Only the
    kinds are returned, never the data itself, so the answer can be logged safely.
    Any text can be given: HTML (figures as SVG, inline or as data URIs, are read by
    their text elements), notebook or metrics JSON (``\\uXXXX`` escapes are decoded),
    tracebacks (colour codes are ignored), parameter values.

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
    >>> scan_for_personal_data("Petrov Ivan churned", values={"customers.csv:name": ["Petrov Ivan"]})
    ['values of customers.csv:name']
    >>> scan_for_personal_data('<svg><text x="1">Plan <tspan>8 912</tspan> 345 67 89</text></svg>')
    ['phone number']
    >>> scan_for_personal_data("NPS 31.4 on 2026-06-30 (n = 1 234 567)")
    []
    """
    readable = _readable(text)
    kinds = set()
    if _has_email(readable):
        kinds.add("e-mail address")
    if _phone_matches(readable):
        kinds.add("phone number")
    folded = None
    for label, label_values in (values or {}).items():
        wanted = [v for v in label_values if v and len(v) >= MIN_VALUE_LENGTH]
        if find_personal_data(readable, wanted):
            kinds.add(f"values of {label}")
            continue
        # a full name in capitals ("PETROV IVAN", a label made upper case) is still that
        # name; single words are compared exactly (the Russian name Roman is also the word
        # for a novel)
        several_words = [v.casefold() for v in wanted if len(v.split()) > 1]
        if several_words:
            folded = readable.casefold() if folded is None else folded
            if find_personal_data(folded, several_words):
                kinds.add(f"values of {label}")
    return sorted(kinds)


@dataclass(frozen=True)
class PersonalDataFinding:
    """Where a notebook shows personal data (``where``) and what kind (``kinds``), never the data."""

    where: str
    kinds: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.where}: {', '.join(self.kinds)}"


#: Output formats that are binary (base64) and cannot be read as text.
_BINARY_MIME = ("image/png", "image/jpeg", "image/gif", "image/webp", "image/bmp", "application/pdf")


def _source(value) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, (list, tuple)):
        return "".join(str(v) for v in value)
    import json

    return json.dumps(value, ensure_ascii=False, default=str)


def _output_texts(output: Mapping) -> list[str]:
    import json

    texts = []
    kind = output.get("output_type")
    if kind == "stream":
        texts.append(_source(output.get("text", "")))
    elif kind == "error":
        texts.append(f"{output.get('ename', '')}: {output.get('evalue', '')}")
        texts.append("\n".join(str(line) for line in output.get("traceback", []) or []))
    for mime, value in (output.get("data") or {}).items():
        if mime in _BINARY_MIME:
            continue
        texts.append(_source(value) if mime.startswith(("text/", "image/svg")) else
                     json.dumps(value, ensure_ascii=False, default=str))
    if output.get("metadata"):
        texts.append(json.dumps(output["metadata"], ensure_ascii=False, default=str))
    return texts


def scan_notebook(nb: Mapping, *, values: "Mapping[str, Iterable[str]] | None" = None) -> list[PersonalDataFinding]:
    """Find personal data anywhere in a notebook: sources, outputs, tracebacks, metadata.

    Every cell's source (markdown, code -- including the cell of injected parameters
    -- and raw), the cell's metadata and attachments' names, every output (printed text,
    rich displays such as HTML tables and SVG figures, JSON, error name, message and the
    full traceback of chained exceptions) and the notebook's metadata (papermill records
    the parameters there) are checked with :func:`scan_for_personal_data`. Binary images
    are not text and are skipped.

    Parameters
    ----------
    nb : NotebookNode or dict
        A notebook as read by ``nbformat`` (or as plain JSON).
    values : mapping of label to values, optional
        Known personal values (see :func:`load_personal_values`).

    Returns
    -------
    list of PersonalDataFinding
        Where (``"cell 3 source"``, ``"cell 5 outputs"``, ``"notebook metadata"``) and
        what kind; empty when the notebook shows none.

    Examples
    --------
    >>> nb = {"metadata": {"papermill": {"parameters": {"who": "Ivan.Petrov@Mail.Ru"}}},
    ...       "cells": [{"cell_type": "code", "source": "1 + 1", "metadata": {},
    ...                  "outputs": [{"output_type": "error", "ename": "KeyError", "evalue": "'x'",
    ...                               "traceback": ["KeyError: '+7 (912) 345-67-89'"]}]}]}
    >>> [str(f) for f in scan_notebook(nb)]
    ['cell 1 outputs: phone number', 'notebook metadata: e-mail address']
    """
    import json

    findings = []
    for number, cell in enumerate(nb.get("cells", []), start=1):
        parts = {
            "source": [_source(cell.get("source", ""))],
            "metadata": [json.dumps(cell.get("metadata") or {}, ensure_ascii=False, default=str),
                         " ".join(map(str, (cell.get("attachments") or {}).keys()))],
            "outputs": [t for output in cell.get("outputs", []) or [] for t in _output_texts(output)],
        }
        for part, texts in parts.items():
            kinds = scan_for_personal_data("\n".join(texts), values=values)
            if kinds:
                findings.append(PersonalDataFinding(f"cell {number} {part}", tuple(kinds)))
    meta = json.dumps(nb.get("metadata") or {}, ensure_ascii=False, default=str)
    kinds = scan_for_personal_data(meta, values=values)
    if kinds:
        findings.append(PersonalDataFinding("notebook metadata", tuple(kinds)))
    return findings


def scrub_notebook(nb: Mapping, *, values: "Mapping[str, Iterable[str]] | None" = None):
    """A copy of a notebook with personal data replaced by ``"[redacted]"`` everywhere.

    Every text of the notebook -- cell sources (the injected parameters too), outputs,
    tracebacks (colour codes removed, see :func:`scrub_traceback`), cell and notebook
    metadata -- goes through :func:`scrub_text` with the known ``values``. Binary images
    are left as they are. Scrubbing works on the text as stored: check the result with
    :func:`scan_notebook` before publishing it (a name written with HTML character
    references, for example, is found by the scan but not replaced).

    Parameters
    ----------
    nb : NotebookNode or dict
    values : mapping of label to values, optional
        Known personal values (see :func:`load_personal_values`).

    Returns
    -------
    NotebookNode or dict
        A deep copy of the same type; ``nb`` is not changed.

    Examples
    --------
    >>> nb = {"metadata": {"papermill": {"parameters": {"who": "Ivan@Mail.Ru"}}},
    ...       "cells": [{"cell_type": "code", "source": 'who = "Ivan@Mail.Ru"', "metadata": {}, "outputs": []}]}
    >>> safe = scrub_notebook(nb)
    >>> safe["cells"][0]["source"], safe["metadata"]["papermill"]["parameters"]["who"], scan_notebook(safe)
    ('who = "[redacted]"', '[redacted]', [])
    """
    import copy

    pool = _value_pool(values) if values else None

    def clean(obj, key=None):
        if isinstance(obj, str):
            return scrub_text(_ANSI_RE.sub("", obj) if "\x1b" in obj else obj, values=pool)
        if isinstance(obj, Mapping):
            for k in list(obj.keys()):
                if k not in _BINARY_MIME:
                    obj[k] = clean(obj[k], k)
            return obj
        if isinstance(obj, list):
            return [clean(v) for v in obj]
        return obj

    return clean(copy.deepcopy(nb))


def personal_parameters(
    parameters: Mapping[str, Any],
    *,
    values: "Mapping[str, Iterable[str]] | None" = None,
) -> dict[str, list[str]]:
    """Which parameter values are personal data (``{name: kinds}``), e.g. ``-p who ivan@...``.

    Values of any type are checked as text (lists and mappings as JSON).

    Examples
    --------
    >>> personal_parameters({"as_of": "2026-06-30", "who": "IVAN.PETROV@MAIL.RU", "n": 12})
    {'who': ['e-mail address']}
    """
    out = {}
    for name, value in parameters.items():
        kinds = scan_for_personal_data(_source(value) if not isinstance(value, (list, tuple)) else
                                       _source({"v": list(value)}), values=values)
        if kinds:
            out[name] = kinds
    return out
