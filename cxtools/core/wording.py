"""Report wording: numbers, intervals, p-values, money and lists as a reader expects them.

Every sentence a notebook or a result's ``describe()`` writes for a stakeholder formats its
numbers here, so a report uses one style throughout: ``62 %`` (not ``0.62`` in one place and
``62.5`` in another), thousands separators, ``p < 0.001`` (never ``0.000``), money with the
business's currency. English and Russian (``lang="en"`` or ``"ru"``) follow the locale's
conventions through Babel (CLDR data): ``1,800`` and ``62%`` in English, ``1 800`` and
``62 %`` in Russian.

Examples
--------
>>> format_percent(0.625, digits=1)
'62.5%'
>>> format_money(1800, currency="RUB", lang="ru")
'1\\xa0800\\xa0₽'
>>> format_interval(0.123, 0.456, digits=2)
'0.12 to 0.46'
>>> join_names(["price", "quality", "availability"])
'price, quality and availability'
"""

from __future__ import annotations

import math
import numbers
from typing import Any, Iterable

from cxtools.core.errors import CxParameterError
from cxtools.core.i18n import N_, gettext

__all__ = [
    "LANGUAGES",
    "format_p_value",
    "p_phrase",
    "format_number",
    "format_percent",
    "format_interval",
    "format_money",
    "format_date",
    "join_names",
    "by_language",
]

#: Report languages: code -> Babel locale.
LANGUAGES: dict[str, str] = {"en": "en_GB", "ru": "ru_RU"}



def _missing_text(lang: str) -> str:
    """What a report shows for a missing number."""
    return gettext("n/a", lang)


def _locale(lang: str, func: str) -> str:
    if lang not in LANGUAGES:
        from cxtools.core.checks import check_choice

        check_choice("lang", lang, list(LANGUAGES), func=func)
    return LANGUAGES[lang]


def _missing(x: Any) -> bool:
    return x is None or (isinstance(x, numbers.Real) and not isinstance(x, bool) and math.isnan(float(x)))


def _check_number(x: Any, func: str, name: str = "value") -> None:
    if isinstance(x, bool) or not isinstance(x, numbers.Real):
        raise CxParameterError(f"{func}: {name} must be a number, got {x!r}")


def _check_digits(digits: Any, func: str) -> int:
    if isinstance(digits, bool) or not isinstance(digits, numbers.Integral) or digits < 0:
        raise CxParameterError(f"{func}: digits must be a whole number of 0 or more, got {digits!r}")
    return int(digits)


def format_p_value(p: float, *, digits: int = 3, lang: str = "en") -> str:
    """A p-value as a reader expects it: ``"< 0.001"`` for tiny values, never ``0.000``.

    Parameters
    ----------
    p : float
        The p-value, between 0 and 1 (NaN, a test that could not be run, gives ``"n/a"``).
    digits : int, default 3
        Decimal places; anything below ``10**-digits`` prints as ``"< 0.001"`` (for 3).
    lang : {"en", "ru"}, default "en"
        Report language: Russian writes the decimal comma (``"0,039"``, ``"< 0,001"``) and its own
        word for "n/a" (from the translation catalogue).

    Returns
    -------
    str

    Raises
    ------
    CxParameterError
        If ``p`` is not a number between 0 and 1 (or NaN), or ``digits`` is not a whole number >= 1.

    References
    ----------
    American Psychological Association (2020). *Publication Manual*, 7th ed., sec. 6.36
    (report exact p-values to two or three decimals; below .001 write p < .001).

    Examples
    --------
    >>> format_p_value(4.87e-04), format_p_value(0.0386), format_p_value(0.5)
    ('< 0.001', '0.039', '0.500')
    >>> format_p_value(float("nan"))
    'n/a'
    >>> format_p_value(0.0386, lang="ru"), format_p_value(1e-9, lang="ru")
    ('0,039', '< 0,001')
    """
    _locale(lang, "format_p_value")
    if isinstance(p, bool) or not isinstance(p, numbers.Real):
        raise CxParameterError(f"format_p_value: p must be a number between 0 and 1, got {p!r}")
    if math.isnan(float(p)):
        return _missing_text(lang)
    if not 0 <= p <= 1:
        raise CxParameterError(f"format_p_value: p must be a number between 0 and 1, got {p!r}")
    if isinstance(digits, bool) or not isinstance(digits, numbers.Integral) or digits < 1:
        raise CxParameterError(f"format_p_value: digits must be a whole number of 1 or more, got {digits!r}")
    floor = 10.0 ** -digits
    text = f"< {floor:.{digits}f}" if p < floor else f"{float(p):.{digits}f}"
    return text.replace(".", ",") if lang == "ru" else text


def p_phrase(p: float, *, digits: int = 3, lang: str = "en") -> str:
    """``"p = 0.039"`` or ``"p < 0.001"``: a p-value inside a sentence.

    Examples
    --------
    >>> p_phrase(0.0386), p_phrase(1e-9), p_phrase(0.0386, lang="ru")
    ('p = 0.039', 'p < 0.001', 'p = 0,039')
    """
    text = format_p_value(p, digits=digits, lang=lang)
    return f"p {text}" if text.startswith("<") else f"p = {text}"


def format_number(x: float, *, digits: int = 0, lang: str = "en", signed: bool = False) -> str:
    """A number with the locale's thousands separator and ``digits`` decimals.

    Examples
    --------
    >>> format_number(1234567.891, digits=2)
    '1,234,567.89'
    >>> format_number(1234567.891, lang="ru")
    '1\\xa0234\\xa0568'
    >>> format_number(42, signed=True), format_number(float("nan"))
    ('+42', 'n/a')
    """
    from babel.numbers import format_decimal

    loc = _locale(lang, "format_number")
    if _missing(x):
        return _missing_text(lang)
    _check_number(x, "format_number")
    digits = _check_digits(digits, "format_number")
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    value = round(float(x), digits) + 0.0  # no "-0"
    text = format_decimal(value, format=pattern, locale=loc)
    return ("+" + text) if signed and value > 0 else text


def format_percent(share: float, *, digits: int = 0, lang: str = "en", signed: bool = False) -> str:
    """A share (a fraction: 0.625) as a percentage in the locale's style.

    Examples
    --------
    >>> format_percent(0.625), format_percent(0.625, digits=1), format_percent(-0.031, digits=1, signed=True)
    ('62%', '62.5%', '-3.1%')
    >>> format_percent(0.625, lang="ru")
    '62\\xa0%'
    """
    from babel import Locale
    from babel.numbers import format_percent as _fmt

    loc = _locale(lang, "format_percent")
    if _missing(share):
        return _missing_text(lang)
    _check_number(share, "format_percent", "share")
    digits = _check_digits(digits, "format_percent")
    pattern = Locale.parse(loc).percent_formats[None].pattern.split(";")[0]
    if digits:
        pattern = pattern.replace("0", "0." + "0" * digits, 1) if "0." not in pattern else pattern
    value = round(float(share) * 100, digits) / 100 + 0.0
    text = _fmt(value, format=pattern, locale=loc, decimal_quantization=True)
    return ("+" + text) if signed and value > 0 else text


def format_interval(low: float, high: float, *, digits: int = 2, lang: str = "en",
                    percent: bool = False, signed: bool = False) -> str:
    """An interval in words: ``"0.12 to 0.46"``, ``"12% to 46%"``, in the report language.

    Examples
    --------
    >>> format_interval(0.1234, 0.4567)
    '0.12 to 0.46'
    >>> format_interval(0.1234, 0.4567, percent=True, digits=0)
    '12% to 46%'
    >>> format_interval(-120, 35, digits=0, signed=True)
    '-120 to +35'
    """
    fmt = format_percent if percent else format_number
    return gettext("{low} to {high}", lang).format(low=fmt(low, digits=digits, lang=lang, signed=signed),
                                                   high=fmt(high, digits=digits, lang=lang, signed=signed))


def format_money(amount: float, *, currency: str = "RUB", digits: int = 0, lang: str = "en",
                 compact: bool = False) -> str:
    """An amount of money in the report's currency and locale.

    Parameters
    ----------
    amount : float
    currency : str, default "RUB"
        An ISO 4217 code (``"RUB"``, ``"EUR"``, ``"USD"``), printed the locale's way, or any
        other label (``"rub"``, ``"c.u."``), printed after the number.
    digits : int, default 0
    lang : {"en", "ru"}
    compact : bool, default False
        Millions and more as ``"1.2 mln"`` (in Russian with the Russian abbreviation).

    Examples
    --------
    >>> format_money(1800, currency="RUB")
    '1,800 RUB'
    >>> format_money(1800.5, currency="EUR", digits=2)
    '€1,800.50'
    >>> format_money(55175, currency="rub"), format_money(2.5e6, currency="rub", compact=True)
    ('55,175 rub', '2.5 mln rub')
    >>> format_money(-1800, currency="RUB", lang="ru")
    '-1\\xa0800\\xa0₽'
    """
    from babel.numbers import format_currency, get_currency_symbol, is_currency

    loc = _locale(lang, "format_money")
    if _missing(amount):
        return _missing_text(lang)
    _check_number(amount, "format_money", "amount")
    digits = _check_digits(digits, "format_money")
    if not isinstance(currency, str) or not currency.strip():
        raise CxParameterError(f"format_money: currency must be a code such as 'RUB' or a label, got {currency!r}")
    millions = False
    value = float(amount)
    if compact and abs(value) >= 1e6:
        value, millions, digits = value / 1e6, True, max(digits, 1)
    if millions:
        shown = gettext("{number} mln", lang).format(number=format_number(value, digits=digits, lang=lang))
    if is_currency(currency):
        symbol = get_currency_symbol(currency, locale=loc)
        number = "#,##0" + ("." + "0" * digits if digits else "")
        if millions:
            return f"{shown} {symbol}".replace(" ", "\xa0" if lang == "ru" else " ")
        if symbol.isalpha() and symbol.isascii():  # a code such as "RUB": after the number
            pattern = f"{number}\xa0¤" if lang == "ru" else f"{number} ¤"
        else:
            pattern = f"{number}\xa0¤" if lang == "ru" else f"¤{number}"
        return format_currency(value, currency, format=pattern, locale=loc, currency_digits=False)
    return f"{shown if millions else format_number(value, digits=digits, lang=lang)} {currency}"


def format_date(date: Any, *, lang: str = "en") -> str:
    """A date as a reader writes it: ``"28 Nov 2026"``, in Russian the Russian way (CLDR's medium format).

    Examples
    --------
    >>> format_date("2026-11-28")
    '28 Nov 2026'
    """
    import pandas as pd
    from babel.dates import format_date as _fmt

    loc = _locale(lang, "format_date")
    ts = pd.Timestamp(date)
    if pd.isna(ts):
        return _missing_text(lang)
    return _fmt(ts.date(), format="medium", locale=loc)


def join_names(names: Iterable[Any], *, lang: str = "en", empty: str | None = None) -> str:
    """Names as a list in a sentence: ``"a, b and c"``, with the report language's word for "and".

    Underscores become spaces (``good_deal`` -> ``good deal``), so column names read as words.

    Examples
    --------
    >>> join_names(["price"]), join_names(["price", "good_deal"]), join_names([], empty="none")
    ('price', 'price and good deal', 'none')
    """
    _locale(lang, "join_names")
    items = [str(n).replace("_", " ") for n in names]
    if not items:
        return empty if empty is not None else ""
    if len(items) == 1:
        return items[0]
    return gettext("{names} and {last}", lang).format(names=", ".join(items[:-1]), last=items[-1])


def by_language(pairs: "dict[str, tuple[Any, Any]]") -> "dict[str, dict[str, Any]]":
    """A module's words per report language from ``{key: (English, Russian)}`` pairs.

    One entry per key keeps the two languages side by side, so a translation cannot go missing.
    Kept while modules move their words into the gettext catalogues (:mod:`cxtools.core.i18n`),
    where new words belong.

    Examples
    --------
    >>> by_language({"yes": ("yes", "YES"), "no": ("no", "NO")})
    {'en': {'yes': 'yes', 'no': 'no'}, 'ru': {'yes': 'YES', 'no': 'NO'}}
    """
    return {lang: {key: pair[i] for key, pair in pairs.items()} for i, lang in enumerate(("en", "ru"))}


#: The loaders' reasons for setting rows aside and their notes (``LoadResult.summary()``,
#: ``LoadResult.notes``): a pattern of the loader's English words and the message, in the
#: translation catalogue, that says it in another language. Groups ``column``, ``first``,
#: ``second``, ``low`` and ``high`` are column names or numbers shown as they are (in ``<code>``
#: in a table cell), ``value`` a value as typed, ``date`` a date, ``n`` a count.
_REASONS: tuple[tuple[str, str], ...] = (
    (r"(?P<column>.+?) '(?P<value>.*)' is not a number.*", N_("{column} '{value}' is not a number")),
    (r"(?P<column>.+?) '(?P<value>.*)' is not a whole number", N_("{column} '{value}' is not a whole number")),
    (r"(?P<column>.+?) '(?P<value>.*)' is not a date.*", N_("{column} '{value}' is not a date")),
    (r"(?P<column>.+?) '(?P<value>.*)' is outside the years (?P<low>\d+)-(?P<high>\d+).*",
     N_("{column} '{value}' is outside the years {low}-{high}")),
    (r"(?P<column>.+?) '(?P<value>.*)' is not a Kano answer.*", N_("{column} '{value}' is not a Kano answer")),
    (r"(?P<column>.+?) is not a number", N_("{column} is not a number")),
    (r"(?P<column>.+?) is not a whole number", N_("{column} is not a whole number")),
    (r"(?P<column>.+?) is not a date", N_("{column} is not a date")),
    (r"(?P<column>.+?) is not a Kano answer", N_("{column} is not a Kano answer")),
    (r"(?P<column>.+?) outside the usable years", N_("{column} outside the usable years")),
    (r"(?P<column>.+?) is missing", N_("{column} is missing")),
    (r"(?P<column>.+?) in the future \(after (?P<date>.+)\)", N_("{column} in the future (after {date})")),
    (r"(?P<column>.+?) in the future", N_("{column} in the future")),
    (r"duplicate (?P<column>.+)", N_("duplicate {column}")),
    (r"(?P<first>\S+) before (?P<second>\S+)", N_("{first} before {second}")),
    (r"negative amount not marked as refund", N_("negative amount not marked as refund")),
    (r"(?P<column>.+?) outside (?P<low>-?[\d.]+)-(?P<high>-?[\d.]+)", N_("{column} outside {low}-{high}")),
    (r"(?P<column>.+?) is negative", N_("{column} is negative")),
    (r"(?P<column>.+?) is too large", N_("{column} is too large")),
    (r"(?P<column>.+?) is not true/false", N_("{column} is not true/false")),
    (r"(?P<column>[^:]+): (?P<n>\d+) row\(s\) hold the open-ended marker \((?P<value>.*)\); read as empty.*",
     N_("{column}: {n} row(s) hold the open-ended marker ({value}); read as empty (no {column} yet)")),
    (r"amount: (?P<n>\d+) zero-value order\(s\), kept.*",
     N_("amount: {n} zero-value order(s), kept: they are orders (a spend model leaves them out)")),
    (r"transaction_id: not in the data; generated from row numbers.*",
     N_("transaction_id: not in the data; generated from row numbers, stable while the rows keep their order")),
    (r"reversed items? recoded as (?P<low>[\d.]+) \+ (?P<high>[\d.]+) - answer: (?P<column>.+)",
     N_("reversed items recoded as {low} + {high} - answer: {column}")),
)

#: Groups that are column names or numbers: shown in ``<code>`` in a table cell.
_NAME_GROUPS = ("column", "first", "second", "low", "high")


def rejection_reason(reason: str, *, lang: str = "en", names_as_code: bool = False,
                     unknown: str | None = None) -> str:
    """A loader's reason for setting a row aside, or its note, in the report language.

    The loaders write English; in another report language each known phrase is reworded through
    the translation catalogue (``cxtools/locale/<lang>/LC_MESSAGES/data.po``), keeping the column
    names, the values as typed and the dates as they are. Several reasons joined by ``"; "`` are
    reworded one by one; a phrase the catalogue does not know stays as written.
    ``names_as_code=True`` escapes the text for HTML and shows column names in ``<code>`` (for a
    table cell, so a reader sees them as the data's own names). ``unknown``: what a report in
    another language than English shows for a phrase the catalogue does not know (default: the
    loader's words).

    Examples
    --------
    >>> rejection_reason("nps outside 0-10")
    'nps outside 0-10'
    >>> rejection_reason("duplicate respondent_id", names_as_code=True)
    'duplicate <code>respondent_id</code>'
    >>> rejection_reason("something new", lang="ru", unknown="?")
    '?'
    >>> rejection_reason("nps outside 0-10", lang="ru") != "nps outside 0-10"
    True
    """
    _locale(lang, "rejection_reason")
    if not isinstance(reason, str):
        return reason
    whole = _one_reason(reason.strip(), lang, names_as_code, patterns=_REASONS_WITH_SEMICOLON)
    if whole is not None:  # a note whose own wording has "; " in it
        return whole
    parts = [_one_reason(part.strip(), lang, names_as_code) for part in reason.split("; ")]
    if lang != "en" and unknown is not None and None in parts:
        return unknown
    return "; ".join(_one_reason(part.strip(), lang, names_as_code, unknown=True) if text is None else text  # type: ignore[misc]  # unknown=True always gives words
                     for part, text in zip(reason.split("; "), parts))


_REASONS_WITH_SEMICOLON = tuple(p for p in _REASONS if "; " in p[0])


def _one_reason(part: str, lang: str, names_as_code: bool, *, unknown: bool = False,
                patterns: tuple[tuple[str, str], ...] = _REASONS) -> str | None:
    """One reason in ``lang``; a phrase the catalogue does not know: as written (``unknown``) or None."""
    import html
    import re

    text = html.escape if names_as_code else (lambda x: x)
    for pattern, message in patterns:
        match = re.fullmatch(pattern, part)
        if not match:
            continue
        names = [k for k in _NAME_GROUPS if match.groupdict().get(k) is not None]
        if lang != "en":
            groups = {k: (f"<code>{html.escape(v)}</code>" if names_as_code and k in names else text(v))
                      for k, v in match.groupdict().items()}
            return gettext(message, lang).format(**groups)
        if not names_as_code:
            return part
        out, pos = [], 0
        for start, end in sorted(match.span(k) for k in names):
            out += [html.escape(part[pos:start]), f"<code>{html.escape(part[start:end])}</code>"]
            pos = end
        return "".join(out) + html.escape(part[pos:])
    return text(part) if unknown else None
