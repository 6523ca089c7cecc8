"""Assignment drop-off: assignments, extensions, submissions kept as versions of files."""
