"""`python -m newsgraph …`"""
import sys

from newsgraph.cli import main

sys.exit(main())
