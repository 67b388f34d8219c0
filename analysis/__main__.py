"""``python -m analysis …`` runs the command line.

A Ctrl-C or SIGTERM while the command line is still being imported ends it the same way as later on
(``interrupted``, exit code 130 or 143): nothing has started yet, so nothing needs stopping.
"""

import sys

from .interrupt import Interrupted, interruptible

with interruptible():
    try:
        from .cli import program
    except (Interrupted, KeyboardInterrupt) as exc:
        sys.stderr.write("interrupted\n")
        sys.exit(exc.exit_code if isinstance(exc, Interrupted) else 130)
program(prog_name="python -m analysis")
