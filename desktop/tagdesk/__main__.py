from __future__ import annotations

import sys

from tagdesk.cli import main

sys.exit(main())
