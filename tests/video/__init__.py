"""Tests of aemviewer.video: HLS and DASH manifests and the playback proxy."""
