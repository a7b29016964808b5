#!/usr/bin/env bash
# README command 1: set everything up, then start JupyterLab with ArchLens on the example
# notebook. The CLI works on the same files:
#   node bin/archlens.js extract examples/cifar_resnet.ipynb --format markdown
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
echo
echo "ArchLens CLI:  node bin/archlens.js extract examples/cifar_resnet.ipynb --format markdown"
echo
extra=()
[ "$(id -u)" = 0 ] && extra+=(--allow-root)
cd examples
exec ../.venv/bin/jupyter lab "${extra[@]}" "$@" cifar_resnet.ipynb
