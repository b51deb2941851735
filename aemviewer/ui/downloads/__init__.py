"""The Downloads tab, saving from the window and batches."""
