from __future__ import annotations

import sys

from tagdesk.cli import main

# Guarded: spawned worker processes import this module again and must not run the command.
if __name__ == "__main__":
    sys.exit(main())
