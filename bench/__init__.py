"""The benchmark harness (issue 6): `python -m bench --db sqlite|postgres --scale N`.

See docs/performance.md for the method and the figures.
"""
