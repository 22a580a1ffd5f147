"""Workshop exercises of the notebooks: one module per notebook topic registers its expected answers.

Importing a module registers its exercises with :func:`cxtools.workshop.exercise`; a notebook
imports its module before its first self-check.
"""
