#!/usr/bin/env bash
# README command 2: install everything (Debian's Chromium included) and run all tests:
# pytest tests of the server extension and of the Python API (scan(), locally and on a Dask
# LocalCluster), jest unit tests of the core and CLI, then Galata UI tests in headless Chromium
# against a real JupyterLab server that Playwright starts from .venv.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1; then
  echo "==> Debian Chromium for the UI tests"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

bash scripts/setup.sh

echo "==> server extension tests (pytest)"
.venv/bin/python -m pytest -q -p no:cacheprovider jupyterlab_archlens/tests

echo "==> unit tests (jest)"
npx jest --ci

echo "==> Python tests (pytest)"
.venv/bin/python -m pytest -q -p no:cacheprovider tests/python

echo "==> UI tests (Galata, headless Chromium)"
cd ui-tests
CI=${CI:-true} npx playwright test
