"""The Video tab, and the offscreen player behind video-check."""
