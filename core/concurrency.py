"""Run callables concurrently: how benchmarks and tests simulate several sessions at once."""

from __future__ import annotations

import threading


def run_in_threads(functions) -> list:
    """Run callables concurrently and return their results in order (exceptions are re-raised)."""
    results: list = [None] * len(functions)
    errors: list[BaseException] = []

    def target(i, fn):
        try:
            results[i] = fn()
        except BaseException as exc:  # re-raised below, in the calling thread
            errors.append(exc)

    threads = [threading.Thread(target=target, args=(i, fn)) for i, fn in enumerate(functions)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]
    return results
