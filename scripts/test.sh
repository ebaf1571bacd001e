#!/bin/sh
# Install the test dependencies into .venv and run the whole check: lint, format, tests.
# Extra arguments go to pytest (e.g. `sh scripts/test.sh -k deadlines`).
set -eu
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
.venv/bin/ruff check .
.venv/bin/ruff format --check .
exec .venv/bin/python -m pytest "$@"
