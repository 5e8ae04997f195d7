"""A floor for item 4: the trivial page after importing what a page that filters and draws a
network needs without pandas (numpy, pyarrow.compute, networkx); nothing is read. Its ratio
to the trivial page is the least a pandas-free page that computes anything can show."""
import runpy
from pathlib import Path

import networkx  # noqa: F401 - their import is what this page adds to the trivial one
import numpy  # noqa: F401
import pyarrow.compute  # noqa: F401

runpy.run_path(str(Path(__file__).with_name("trivial_app.py")))
