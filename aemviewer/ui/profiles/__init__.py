"""Profiles, tokens, favourites and the log in the window."""
