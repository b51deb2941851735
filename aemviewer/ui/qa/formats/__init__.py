"""The Formats tab: one asset in every format, auto-format and Accept."""
