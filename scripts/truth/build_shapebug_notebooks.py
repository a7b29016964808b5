#!/usr/bin/env python3
"""Build the .ipynb pairs of the shape-bug corpus from their percent-format sources.

scripts/truth/nb_src_shapebugs/<framework>/<name>.<bug|twin>.py
    ->  fixtures/shapebugs/<framework>/<name>.<bug|twin>.ipynb

Same cell syntax and output format as build_notebooks.py (whose functions it uses):
`# %%` starts a code cell, `# %% [markdown]` a markdown cell; magics are kept as written;
nbformat 4.5, no outputs, fixed cell ids.  Standard library only; any Python 3 runs it.
Does not: run anything, or touch the torch/keras fixture notebooks.
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from build_notebooks import split_cells, to_notebook  # noqa: E402

SRC = os.path.join(HERE, "nb_src_shapebugs")
ROOT = os.path.dirname(os.path.dirname(HERE))
DST = os.path.join(ROOT, "fixtures", "shapebugs")


def main():
    for fw in sorted(os.listdir(SRC)):
        for fn in sorted(os.listdir(os.path.join(SRC, fw))):
            if not fn.endswith((".bug.py", ".twin.py")):
                continue
            with open(os.path.join(SRC, fw, fn), encoding="utf-8") as f:
                cells = split_cells(f.read())
            stem = fn[: -len(".py")]
            out = os.path.join(DST, fw, stem + ".ipynb")
            os.makedirs(os.path.dirname(out), exist_ok=True)
            with open(out, "w", encoding="utf-8") as f:
                json.dump(to_notebook(cells, fw + "-" + stem.split(".")[-1]), f, indent=1, ensure_ascii=False)
                f.write("\n")
            print("wrote", os.path.relpath(out, ROOT))


if __name__ == "__main__":
    main()
