"""Fictitious people for the sample data: Russian full names, e-mail addresses and phone numbers.

The names (surname, first name, patronymic, each with a Latin transliteration for the
e-mail address) are data, read once from ``cxtools/data/vocabulary/names_ru.json``;
surnames are listed in the male form and the female form follows the Russian rules given
in the same file.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from cxtools.data._vocabulary import vocabulary
from cxtools.data.samples._tables import _digits, _labels

__all__: list[str] = []

_EMAIL_DOMAINS = ("mail.ru", "yandex.ru", "gmail.com", "bk.ru", "inbox.ru", "list.ru", "rambler.ru")


def _female_surname(cyr: str, lat: str) -> tuple[str, str]:
    """The female form of a surname given in the male form, in Cyrillic and in Latin letters."""
    rules = vocabulary("names_ru")["female_surname"]
    add, replace = rules["add"], rules["replace"]
    if cyr.endswith(tuple(add["endings"])):
        return cyr + add["cyrillic"], lat + add["latin"]
    if cyr.endswith(tuple(replace["endings"])):
        return (cyr[:-replace["cut_cyrillic"]] + replace["cyrillic"],
                lat[:-replace["cut_latin"]] + replace["latin"])
    return cyr, lat


@functools.lru_cache(maxsize=None)
def _name_parts() -> dict[str, tuple[tuple[str, str], ...]]:
    """The name lists as tuples of pairs: first names, patronymics (male, female), surnames."""
    words = vocabulary("names_ru")
    return {key: tuple(tuple(pair) for pair in words[key])
            for key in ("male_first_names", "female_first_names", "patronymics", "surnames")}


def _people(rng: np.random.Generator, n: int) -> tuple[pd.Series, pd.Series]:
    """Full names (surname, first name, patronymic) and e-mail addresses for ``n`` people."""
    parts = _name_parts()
    male_first, female_first = parts["male_first_names"], parts["female_first_names"]
    surnames, patronymics = parts["surnames"], parts["patronymics"]
    female = rng.random(n) < 0.5
    n_m, n_f, n_s, n_p = len(male_first), len(female_first), len(surnames), len(patronymics)
    first = [c for c, _ in male_first] + [c for c, _ in female_first]
    first_lat = [lat for _, lat in male_first] + [lat for _, lat in female_first]
    sur = [c for c, _ in surnames] + [_female_surname(c, lat)[0] for c, lat in surnames]
    sur_lat = [lat for _, lat in surnames] + [_female_surname(c, lat)[1] for c, lat in surnames]
    pat = [m for m, _ in patronymics] + [f for _, f in patronymics]

    i_first_m = rng.integers(0, n_m, n)
    i_first_f = rng.integers(0, n_f, n)
    i_sur = rng.integers(0, n_s, n)
    i_pat = rng.integers(0, n_p, n)

    i_first = np.where(female, n_m + i_first_f, i_first_m)
    i_sur = np.where(female, n_s + i_sur, i_sur)
    i_pat = np.where(female, n_p + i_pat, i_pat)
    names = _labels(sur, i_sur) + " " + _labels(first, i_first) + " " + _labels(pat, i_pat)
    emails = _emails(rng, _labels(first_lat, i_first), _labels(sur_lat, i_sur))
    return names, emails


def _emails(rng: np.random.Generator, first_lat: pd.Series, sur_lat: pd.Series) -> pd.Series:
    n = len(first_lat)
    style = rng.integers(0, 3, n)
    number = _digits(rng.integers(1, 999, n), 1)
    domain = _labels(_EMAIL_DOMAINS, rng.integers(0, len(_EMAIL_DOMAINS), n))
    a = first_lat.str[0] + "." + sur_lat
    b = first_lat + "." + sur_lat
    c = sur_lat + number
    local = a.where(style == 0, b.where(style == 1, c))
    return local + "@" + domain


def _phones(rng: np.random.Generator, n: int) -> pd.Series:
    code = _digits(rng.integers(0, 100, n), 2)
    p1 = _digits(rng.integers(0, 1000, n), 3)
    p2 = _digits(rng.integers(0, 100, n), 2)
    p3 = _digits(rng.integers(0, 100, n), 2)
    return "+7 9" + code + " " + p1 + "-" + p2 + "-" + p3
