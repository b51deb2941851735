"""Tests of the small feature-free widgets (`aemviewer.ui.widgets`)."""
