"""The client's default time limits, in a module of their own: the window's options read them
without importing the HTTP stack (which `client_settings` does)."""

from __future__ import annotations

DEFAULT_TIMEOUT = 30.0
"""Seconds a request may wait for the connection or for its next byte."""
DEFAULT_CONNECT_TIMEOUT = 10.0
