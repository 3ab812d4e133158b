"""Drift: the same recorded requests sent to the mock and to a deployment, and every difference
in shape and meaning between their answers reported."""
