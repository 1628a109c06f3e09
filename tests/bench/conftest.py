"""Arguments for a benchmark harness as its command line would parse them, writing under the test's tmp_path."""

from __future__ import annotations

import argparse

import pytest


@pytest.fixture
def harness_args(tmp_path):
    def make(module, **overrides) -> argparse.Namespace:
        parser = argparse.ArgumentParser()
        module.add_arguments(parser)
        args = parser.parse_args([])
        args.out = tmp_path / f"{module.__name__.rsplit('.', 1)[-1]}.json"
        args.threads = 1
        for key, value in overrides.items():
            setattr(args, key, value)
        return args

    return make
