#!/usr/bin/env python3
"""Build the .ipynb cases of fixtures/libraries/ from their percent-format sources.

scripts/truth/nb_src_libraries/<name>.py  ->  fixtures/libraries/<name>.ipynb

Same cell format and deterministic output as build_notebooks.py (whose functions it uses):
`# %%` starts a code cell, `# %% [markdown]` a markdown cell, magics are written as they are.
Any Python 3 runs it; standard library only.
Does not: run the notebooks (gen_library_expected.py does that for the truth).
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from build_notebooks import split_cells, to_notebook  # noqa: E402

SRC = os.path.join(HERE, "nb_src_libraries")
ROOT = os.path.dirname(os.path.dirname(HERE))
DST = os.path.join(ROOT, "fixtures", "libraries")


def main():
    for fn in sorted(os.listdir(SRC)):
        if not fn.endswith(".py"):
            continue
        with open(os.path.join(SRC, fn), encoding="utf-8") as f:
            cells = split_cells(f.read())
        stem = os.path.splitext(fn)[0]
        out = os.path.join(DST, stem + ".ipynb")
        with open(out, "w", encoding="utf-8") as f:
            json.dump(to_notebook(cells, stem), f, indent=1, ensure_ascii=False)
            f.write("\n")
        print("wrote", os.path.relpath(out, ROOT))


if __name__ == "__main__":
    main()
