"""Benchmarks for issue #7 (performance at analyst scale): `make bench` → `python -m benchmarks.run`."""
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
