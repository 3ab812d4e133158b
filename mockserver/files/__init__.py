"""Files the kit reads and keeps: YAML text read safely, the kit's file cache, and the kit's
own files wherever it is installed."""
