from cxtools.exercises import survey  # noqa: F401  (03: survey metrics)
