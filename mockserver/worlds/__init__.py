"""Which world is served: world control (reset, export, load, side worlds), scenario files, the
world cache."""
