#!/usr/bin/env bash
# Set up (idempotent) and run the default test tier. Extra arguments go to pytest (e.g. -m slow, -k browser).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
mkdir -p test-artifacts
exec .venv/bin/python -m pytest "$@"
