"""The lowest layer: types, atomic I/O and statistics that every other package may use.

It imports nothing of ours (a contract test, tests/unit/test_architecture.py, keeps it so).
"""
