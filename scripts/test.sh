#!/usr/bin/env bash
# Set everything up and run the whole test suite, offline models only.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# the browser test drives Debian's Chromium (no browser download)
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
        (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver fonts-wqy-microhei >/dev/null) \
            || echo "warning: could not install chromium; the browser test will fail" >&2
    fi
fi
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
# lint first: a style error fails the run as a test would
.venv/bin/ruff check .
exec .venv/bin/python -m pytest "$@"
