"""A floor for item 4: the trivial page after `import pandas`, which every page of the app makes
(nothing is read). Its ratio to the trivial page is the least any pandas page can show."""
import runpy
from pathlib import Path

import pandas  # noqa: F401 - its import is what this page adds to the trivial one

runpy.run_path(str(Path(__file__).with_name("trivial_app.py")))
