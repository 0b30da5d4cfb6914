"""Benchmark data: a believable Flanders at any scale, written straight into the tables.

Not an app: no models, only the generator (`generator.py`) and its writer (`writer.py`), used by
the `bench_data` command of `common` and by the benchmark harness in the top-level `bench/`.
"""
