"""Keeping: models and their sidecars, the person's saved digits, atomic files, where things
live."""
