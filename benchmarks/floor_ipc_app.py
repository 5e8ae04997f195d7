"""A floor for item 4: the trivial page after importing only pyarrow.ipc, what a page that shows
tables computed ahead of time (no filtering, no graph) would need; nothing is read."""
import runpy
from pathlib import Path

import pyarrow.ipc  # noqa: F401 - its import is what this page adds to the trivial one

runpy.run_path(str(Path(__file__).with_name("trivial_app.py")))
