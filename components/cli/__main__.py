"""``python -m components.cli``: the same as the ``corridor`` command."""

import sys

from components.cli.commands import main

sys.exit(main())
