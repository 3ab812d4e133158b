"""Files the kit reads and keeps: YAML text read safely, and the kit's file cache."""
