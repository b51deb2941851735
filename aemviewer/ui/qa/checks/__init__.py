"""The Checks tab: a checks file run against the active profile, one row per expectation."""
