"""Translations: every text a person reads is looked up here, in gettext catalogues.

The source language is English: a message's English text is its id, and the Russian text
lives in ``cxtools/locale/ru/LC_MESSAGES/*.po``, which a translator edits without touching
Python. The catalogues are read with Babel at first use (no build step), with the plural
rule of each language from CLDR, so a count agrees with its noun in both languages
("1 customer", "2 customers"; in Russian the forms for 1, for 2-4 and for 5-20 customers).

Unlike the ``gettext`` module, nothing here is global: every call names its language, because
one process may write an English and a Russian edition side by side.

Marking text for translation
----------------------------
``gettext(message, lang)``, ``ngettext(singular, plural, n, lang)`` and
``pgettext(context, message, lang)`` translate at once; ``N_(message)`` only marks a text kept
in a table (a catalogue of column headings, say) so that Babel's extraction finds it, to be
translated where it is shown. The messages are ``str.format`` templates with named fields:
fill them *after* translating, so the fields can move within the sentence.

The catalogue is checked by the test suite: every message extracted from the package has a
Russian translation with the same named fields.

Examples
--------
>>> gettext("customers", "en")
'customers'
>>> ngettext("{n} customer", "{n} customers", 2, "en").format(n=2)
'2 customers'
"""

from __future__ import annotations

import functools
import gettext as _gettext
import io
from pathlib import Path

__all__ = ["LANGUAGES", "LOCALE_DIR", "N_", "check_lang", "gettext", "ngettext", "pgettext",
           "npgettext", "catalogue"]

#: Report languages: code -> Babel locale (numbers, dates and plural rules follow it).
LANGUAGES: dict[str, str] = {"en": "en_GB", "ru": "ru_RU"}

#: Where the ``.po`` files live: ``LOCALE_DIR / <lang> / "LC_MESSAGES" / "*.po"``.
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"


def check_lang(lang: object, func: str) -> str:
    """Return ``lang`` when it is a report language, else raise an error naming the choices.

    Examples
    --------
    >>> check_lang("ru", "f")
    'ru'
    """
    if isinstance(lang, str) and lang in LANGUAGES:
        return lang
    from cxtools.core.checks import check_choice

    return check_choice("lang", lang, list(LANGUAGES), func=func)


def N_(message: str) -> str:
    """Mark ``message`` for extraction without translating it (it is translated where shown).

    Examples
    --------
    >>> N_("price")
    'price'
    """
    return message


@functools.lru_cache(maxsize=None)
def catalogue(lang: str) -> _gettext.NullTranslations:
    """The translations of one language, read from its ``.po`` files on first use.

    English, the source language, is the identity. Several ``.po`` files of one language are
    merged (a later file does not override an earlier one's message).
    """
    check_lang(lang, "catalogue")
    folder = LOCALE_DIR / lang / "LC_MESSAGES"
    files = sorted(folder.glob("*.po")) if folder.is_dir() else []
    if lang == "en" or not files:
        return _gettext.NullTranslations()
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    merged = None
    for path in files:
        with open(path, "rb") as fh:
            cat = read_po(fh, locale=LANGUAGES[lang], abort_invalid=True)
        if merged is None:
            merged = cat
            continue
        for message in cat:
            if message.id and merged.get(message.id, context=message.context) is None:
                merged[message.id] = message
    assert merged is not None  # files is not empty
    buffer = io.BytesIO()
    write_mo(buffer, merged, use_fuzzy=False)
    buffer.seek(0)
    return _gettext.GNUTranslations(buffer)


def gettext(message: str, lang: str) -> str:
    """``message`` in ``lang`` (the English text itself where no translation exists).

    Examples
    --------
    >>> gettext("n/a", "en")
    'n/a'
    """
    return catalogue(lang).gettext(message)


def ngettext(singular: str, plural: str, n: int, lang: str) -> str:
    """The form of a message that agrees with the count ``n`` in ``lang``.

    Russian has three forms (for 1, 21, ...; for 2-4, 22-24, ...; for 5-20, 25-30, ...); English two.

    Examples
    --------
    >>> ngettext("{n} row", "{n} rows", 1, "en").format(n=1)
    '1 row'
    """
    return catalogue(lang).ngettext(singular, plural, _count(n))


def pgettext(context: str, message: str, lang: str) -> str:
    """``message`` in ``lang``, where the same English text needs another translation by context.

    Examples
    --------
    >>> pgettext("table heading", "share", "en")
    'share'
    """
    return catalogue(lang).pgettext(context, message)


def npgettext(context: str, singular: str, plural: str, n: int, lang: str) -> str:
    """:func:`ngettext` with a context."""
    return catalogue(lang).npgettext(context, singular, plural, _count(n))


def _count(n: object) -> int:
    """A count for the plural rule: a whole number (fractions take the 'many' form's count)."""
    try:
        value = float(n)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 0
    if value != value:  # NaN
        return 0
    return int(value) if value == int(value) else 2  # a fraction takes the form of 2-4 in Russian
