"""``python -m manx_learning.publishing.anonymiser``: the old spelling of the anonymiser CLI."""

import sys

from manx_learning.lib.anonymiser.cli import main

sys.exit(main())
