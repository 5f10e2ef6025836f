"""The frozen program's entry point: `tagdesk` as installed, plus multiprocessing support.

`tagdesk preannotate --processes N` starts spawned workers; in a frozen build they
re-run this executable, and freeze_support() turns them into workers.
"""

from __future__ import annotations

import multiprocessing
import sys

from tagdesk.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(main())
