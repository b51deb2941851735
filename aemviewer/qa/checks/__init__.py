"""Delivery checks: a TOML file of expectations about what the service delivers, run concurrently
against one host, reported as values (and as JUnit XML for CI). No Qt."""
