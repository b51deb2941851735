"""Tests of aemviewer.qa: the format matrix."""
