"""Storage: where the data directory is, reading and checking its files, writing them safely."""
