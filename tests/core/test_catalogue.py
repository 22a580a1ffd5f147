"""The translation catalogues: every message the package marks has a Russian translation.

Messages are extracted from the package with Babel, as a translator's tooling would, and looked
up in ``cxtools/locale/ru/LC_MESSAGES/*.po``; a translation must keep the message's named fields
(``{n}``, ``{name}``) so that formatting never fails in one language only.
"""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from cxtools.core import i18n

PACKAGE = Path(i18n.__file__).resolve().parent.parent
CYRILLIC = re.compile("[\u0400-\u04ff]")
KEYWORDS = {"gettext": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2), "npgettext": ((1, "c"), 2, 3),
            "N_": None}


def _extracted():
    from babel.messages.extract import extract_from_dir

    found = []
    for filename, lineno, message, _comments, context in extract_from_dir(
            str(PACKAGE), method_map=[("**.py", "python")], keywords=KEYWORDS, comment_tags=()):
        messages = message if isinstance(message, tuple) else (message,)
        found.append((filename, lineno, messages, context))
    return found


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_marked_message_has_a_russian_translation_with_the_same_fields():
    cat = i18n.catalogue("ru")
    missing, broken = [], []
    for filename, lineno, messages, context in _extracted():
        if not messages[0]:
            continue
        if len(messages) == 1:
            text = cat.pgettext(context, messages[0]) if context else cat.gettext(messages[0])
            pairs = [(messages[0], text)]
        else:
            forms = [cat.npgettext(context, messages[0], messages[1], n) if context
                     else cat.ngettext(messages[0], messages[1], n) for n in (1, 2, 5)]
            text = forms[-1]
            pairs = [(messages[1], f) for f in forms]
        if text == messages[-1] and not _untranslatable(messages[0]):
            missing.append(f"{filename}:{lineno}: {messages[0]!r}")
            continue
        for source, translated in pairs:
            if _fields(source) - _fields(translated) and _fields(translated) != _fields(source):
                broken.append(f"{filename}:{lineno}: {source!r} -> {translated!r}")
    assert not missing, "messages without a Russian translation:\n" + "\n".join(missing)
    assert not broken, "translations that lose a named field:\n" + "\n".join(broken)


def _untranslatable(text: str) -> bool:
    """Texts that read the same in Russian: symbols, numbers, abbreviations (NPS, CSAT, BG/NBD)."""
    words = re.sub(r"\{[^}]*\}", "", text)
    return not re.search(r"[a-z]{2,}", words)


@pytest.mark.parametrize("n,form", [(1, 0), (2, 1), (4, 1), (5, 2), (11, 2), (12, 2), (21, 0), (22, 1),
                                    (25, 2), (111, 2), (101, 0)])
def test_the_russian_catalogue_agrees_a_count_with_its_noun(n, form):
    import gettext

    from babel.messages.plurals import get_plural

    rule = get_plural("ru")
    assert rule.num_plurals == 3
    assert gettext.c2py(rule.plural_expr)(n) == form


def test_no_python_source_in_the_package_holds_cyrillic():
    offenders = [f"{path.relative_to(PACKAGE.parent)}: {sum(1 for line in path.read_text(encoding='utf-8').splitlines() if CYRILLIC.search(line))} line(s)"
                 for path in sorted(PACKAGE.rglob("*.py"))
                 if CYRILLIC.search(path.read_text(encoding="utf-8"))]
    assert not offenders, "Russian text belongs in the catalogues:\n" + "\n".join(offenders)


def test_a_message_has_one_translation_across_the_catalogue_files():
    from babel.messages.pofile import read_po

    seen: dict[tuple, tuple[str, str]] = {}
    clashes = []
    for path in sorted((i18n.LOCALE_DIR / "ru" / "LC_MESSAGES").glob("*.po")):
        with open(path, "rb") as fh:
            for message in read_po(fh):
                if not message.id:
                    continue
                key = (message.context, message.id if isinstance(message.id, str) else tuple(message.id))
                text = str(message.string)
                if key in seen and seen[key][1] != text:
                    clashes.append(f"{key}: {seen[key][0]} {seen[key][1]!r} vs {path.name} {text!r}")
                seen.setdefault(key, (path.name, text))
    assert not clashes, "give one of them a context:\n" + "\n".join(clashes)
