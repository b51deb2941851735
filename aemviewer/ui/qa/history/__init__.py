"""The History tab: every request, kept across runs."""
