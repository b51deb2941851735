"""The Metadata tab."""
