"""Tools for testing cxtools and code built on it (not needed to run analyses)."""
