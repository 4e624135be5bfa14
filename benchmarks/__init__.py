"""Performance benchmarks: each ``bench_*.py`` module has ``main(quick: bool) -> dict`` that prints a table and
writes ``benchmarks/results/<name>.json``. Not part of ``make test``."""
