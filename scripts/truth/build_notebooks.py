#!/usr/bin/env python3
"""Build the .ipynb fixtures from their percent-format sources.

scripts/truth/nb_src/<rel>.py  ->  fixtures/torch/<rel>.ipynb

Cells are separated by lines `# %%` (code) or `# %% [markdown]` (markdown; the
lines of a markdown cell are written with a leading '# ' that is stripped).
IPython magics (`%matplotlib inline`, `!pip install torchinfo`, `%%time`) are written
as they are. Output is deterministic (nbformat 4.5, no outputs, fixed cell ids).
Any Python 3 can run this script; it uses only the standard library.
"""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(HERE, "nb_src")
ROOT = os.path.dirname(os.path.dirname(HERE))
DST = os.path.join(ROOT, "fixtures", "torch")


def split_cells(text):
    cells = []
    kind, lines = None, []
    for line in text.split("\n"):
        if line.startswith("# %%"):
            if kind is not None:
                cells.append((kind, lines))
            kind = "markdown" if "[markdown]" in line else "code"
            lines = []
        else:
            if kind is None:
                kind = "code"
            lines.append(line)
    if kind is not None:
        cells.append((kind, lines))
    out = []
    for kind, lines in cells:
        while lines and not lines[-1].strip():
            lines.pop()
        while lines and not lines[0].strip():
            lines.pop(0)
        if kind == "markdown":
            lines = [ln[2:] if ln.startswith("# ") else ln.lstrip("#") for ln in lines]
        if lines:
            out.append((kind, lines))
    return out


def to_notebook(cells, stem):
    nb_cells = []
    for i, (kind, lines) in enumerate(cells):
        source = [ln + "\n" for ln in lines[:-1]] + [lines[-1]]
        cell = {"cell_type": kind, "id": f"{stem[:20]}-{i:03d}", "metadata": {}, "source": source}
        if kind == "code":
            cell["execution_count"] = None
            cell["outputs"] = []
        nb_cells.append(cell)
    return {
        "cells": nb_cells,
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python", "version": "3.11"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def main():
    for dirpath, _, files in os.walk(SRC):
        for fn in sorted(files):
            if not fn.endswith(".py"):
                continue
            rel = os.path.relpath(os.path.join(dirpath, fn), SRC)
            with open(os.path.join(dirpath, fn), encoding="utf-8") as f:
                cells = split_cells(f.read())
            stem = os.path.splitext(os.path.basename(rel))[0]
            out = os.path.join(DST, os.path.splitext(rel)[0] + ".ipynb")
            os.makedirs(os.path.dirname(out), exist_ok=True)
            with open(out, "w", encoding="utf-8") as f:
                json.dump(to_notebook(cells, stem), f, indent=1, ensure_ascii=False)
                f.write("\n")
            print("wrote", os.path.relpath(out, ROOT))


if __name__ == "__main__":
    main()
