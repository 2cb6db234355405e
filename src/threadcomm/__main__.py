"""Run threadcomm with ``python -m threadcomm``."""

import sys

if sys.argv[1:2] == ["--trace-converter"]:  # a trace's converter process (core/trace_process.py)
    from threadcomm.core.trace_process import serve

    sys.exit(serve())

from threadcomm.cli import main

sys.exit(main())
