"""The HTTP edge: Connexion app, thin handlers, problem rendering."""
