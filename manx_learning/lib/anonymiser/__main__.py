"""``python -m manx_learning.lib.anonymiser INPUT --register R.json --out OUT``."""

import sys

from .cli import main

sys.exit(main())
