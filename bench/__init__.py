"""Benchmarks: they print their numbers and the machine (speed and accuracy targets live here, not in tests)."""
