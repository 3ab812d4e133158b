"""Named, off-by-default bugs the mock can be told to have (the suite proves itself on them)."""
