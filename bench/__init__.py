"""`make bench`: the mock against bare Starlette and Stoplight Prism on this machine, in one run."""
