"""One world in Redis, shared by every mock process that names it."""
