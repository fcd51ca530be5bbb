"""The exit codes of every ``corridor`` command."""

EXIT_OK = 0
"""Done; or, for ``validate``, the data is valid."""
EXIT_INVALID = 1
"""The data (or the file given) has problems; they were listed on standard error."""
EXIT_USAGE = 2
"""The command was called wrongly: an unknown option, code or id, or no data directory."""
