"""Run threadcomm with ``python -m threadcomm``."""

import sys

from threadcomm.cli import main

sys.exit(main())
