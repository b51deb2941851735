"""Video delivery: HLS and DASH manifests, and the loopback playback proxy. No Qt."""
