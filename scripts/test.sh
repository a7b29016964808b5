#!/usr/bin/env bash
# README command 2: install everything (Debian's Chromium included) and run all tests:
# pytest tests of the server extension, jest unit tests of the core and CLI, then Galata UI tests in headless Chromium against a
# real JupyterLab server that Playwright starts from .venv.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1; then
  echo "==> Debian Chromium for the UI tests"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

bash scripts/setup.sh

echo "==> Python test packages (pytest, pytest-jupyter)"
.venv/bin/pip install --quiet --disable-pip-version-check pytest 'pytest-jupyter[server]>=0.6'

echo "==> server extension tests (pytest)"
.venv/bin/python -m pytest -q -p no:cacheprovider jupyterlab_archlens/tests

echo "==> unit tests (jest)"
npx jest --ci

echo "==> UI tests (Galata, headless Chromium)"
cd ui-tests
CI=${CI:-true} npx playwright test
