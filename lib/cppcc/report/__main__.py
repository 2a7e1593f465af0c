"""``python -m cppcc.report``: execute the notebooks and write the HTML site (:func:`cppcc.report.main`)."""
from __future__ import annotations

import sys

from .builder import main

if __name__ == "__main__":
    sys.exit(main())
