"""Tests of aemviewer.workspace: profiles, history and token claims."""
