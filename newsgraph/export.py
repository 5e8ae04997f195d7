"""Exports (filled in by the dashboard issue)."""
import argparse


def add_export_arguments(p: argparse.ArgumentParser) -> None:
    """Arguments of `python -m newsgraph export`."""
