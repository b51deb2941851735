"""Saving to disk: resumable transfers, part files, safe and unique names, batches. No Qt."""
