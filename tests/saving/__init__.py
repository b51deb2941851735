"""Tests of aemviewer.saving: transfers, part files, names, queues and batches."""
