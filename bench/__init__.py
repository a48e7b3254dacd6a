"""Benchmarks: `make bench`, or `.venv/bin/python -m bench.run [pdf workbook pages ... | all]`."""
