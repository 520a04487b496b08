"""Pages: the view models of every page and the templates they are rendered from."""
