#!/usr/bin/env bash
# Installs everything ArchLens needs on a fresh machine of this kind and builds it:
# npm packages (from package-lock.json), a Python venv in .venv with JupyterLab 4.6.4, the
# extension built and installed into that venv with `pip install .`, and the CLI bundle; the
# sources of the model libraries the tests read (timm, transformers, torchvision) in build/pylibs.
# Idempotent: re-running it brings an existing checkout up to date.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "==> npm packages"
npm ci --no-audit --no-fund

echo "==> Python venv with JupyterLab (.venv)"
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/pip install --quiet --disable-pip-version-check jupyterlab==4.6.4

echo "==> library sources for the tests (build/pylibs, never imported)"
# --no-deps --target: only these packages' files, into a folder of their own; the
# JupyterLab venv is not touched. Reinstalled only when the pins change.
PINS="$(grep -v '^#' scripts/pylibs-requirements.txt | tr -s '\n' ' ')"
if [ "$(cat build/pylibs/.pins 2>/dev/null)" != "$PINS" ]; then
  rm -rf build/pylibs
  .venv/bin/pip install --quiet --disable-pip-version-check --no-deps --no-compile \
    --target build/pylibs -r scripts/pylibs-requirements.txt
  echo "$PINS" > build/pylibs/.pins
fi

echo "==> build the extension and the CLI"
export PATH="$PWD/.venv/bin:$PATH"
npm run build:prod

echo "==> install the Python package (ships the prebuilt labextension)"
.venv/bin/pip install --quiet --disable-pip-version-check --force-reinstall --no-deps .
.venv/bin/jupyter labextension list 2>&1 | grep -E "jupyterlab-archlens.*enabled.*OK"
