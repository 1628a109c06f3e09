#!/usr/bin/env bash
# Set up (idempotent) and serve the app; it prints the URL when it is ready. Settings: see README.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/python app.py "$@"
