"""The bottom layer: what every other part of cxtools builds on.

- :mod:`cxtools.core.errors` -- the exceptions and warnings the package raises
- :mod:`cxtools.core.results` -- the result base classes (a readable ``repr``, ``to_frame``)
- :mod:`cxtools.core.checks` -- argument checks with errors that name the function and the value
- :mod:`cxtools.core.stats` -- small statistical helpers shared by the analysis modules
- :mod:`cxtools.core.vocabulary` -- the one vocabulary: time units, currencies, repeat models,
  interval levels
- :mod:`cxtools.core.i18n` -- translations (gettext catalogues) and the report languages
- :mod:`cxtools.core.wording` -- numbers, intervals, money and dates in the reader's language

Nothing here imports from another part of cxtools (the layers test checks it).
"""

#: The version of cxtools (``cxtools.__version__``).
__version__ = "0.1.0"
