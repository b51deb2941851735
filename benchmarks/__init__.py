"""Benchmarks of aemviewer against real references, run side by side on the same machine
(`make bench`; results and the machine in BENCHMARKS.md). Not part of `make test`."""
