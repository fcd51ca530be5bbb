"""The pure core: the atlas's model and everything computed from it, with no disk, no UI."""
