"""The Smart crops tab: every smart crop at once."""
