"""The HTTP edge: request controls, body guard, admin API, endpoint, thin handlers, problems."""
