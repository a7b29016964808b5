#!/usr/bin/env python3
"""Exact parameter counts of keras.applications constructors (weights=None).

Writes fixtures/keras/applications_expected.json:
  {"generated_by", "keras", "backend", "entries": [
     {"constructor", "kwargs", "total", "trainable", "non_trainable", "output_shape"}
     | {"constructor", "kwargs", "error"} ]}

Combinations per constructor (only the legal ones are built):
  include_top=True : input_shape in {default, (160,160,3)} x classes in {1000, 10}
  include_top=False: input_shape in {default, (160,160,3)} x pooling in {None, "avg"}
("default" means the argument is not passed.)  A combination Keras rejects is
recorded with its error message instead of numbers.

Usage: KERAS_BACKEND=torch /work/venvs/truth/bin/python scripts/truth/gen_keras_apps_expected.py [--jobs N] [--only NAME]
"""
from __future__ import annotations

import argparse
import io
import json
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from contextlib import redirect_stderr, redirect_stdout

os.environ.setdefault("KERAS_BACKEND", "torch")

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "fixtures", "keras", "applications_expected.json")

CONSTRUCTORS = [
    "ResNet50", "ResNet50V2", "ResNet101", "MobileNet", "MobileNetV2",
    "MobileNetV3Small", "MobileNetV3Large", "EfficientNetB0", "EfficientNetB1",
    "EfficientNetB2", "EfficientNetB3", "EfficientNetV2B0", "VGG16", "VGG19",
    "Xception", "InceptionV3", "DenseNet121", "NASNetMobile", "ConvNeXtTiny",
]


def combinations():
    for name in CONSTRUCTORS:
        for include_top in (True, False):
            for shape in (None, (160, 160, 3)):
                for extra in ((1000, 10) if include_top else (None, "avg")):
                    kw = {"include_top": include_top, "weights": None}
                    if shape is not None:
                        kw["input_shape"] = list(shape)
                    if include_top:
                        kw["classes"] = extra
                    else:
                        kw["pooling"] = extra
                    yield name, kw


def shape_json(s):
    if isinstance(s, list):
        return [shape_json(x) for x in s]
    return [None if d is None else int(d) for d in s]


def build_one(item):
    name, kw = item
    import keras

    keras.backend.clear_session()
    call_kw = dict(kw)
    if "input_shape" in call_kw:
        call_kw["input_shape"] = tuple(call_kw["input_shape"])
    entry = {"constructor": name, "kwargs": kw}
    sink = io.StringIO()
    try:
        with redirect_stdout(sink), redirect_stderr(sink):
            model = getattr(keras.applications, name)(**call_kw)
    except Exception as e:  # illegal combination
        entry["error"] = f"{type(e).__name__}: {str(e).splitlines()[0][:300]}"
        return entry
    tr = sum(_size(v) for v in model.trainable_weights)
    nt = sum(_size(v) for v in model.non_trainable_weights)
    entry.update({
        "keras_name": model.name,
        "total": int(model.count_params()),
        "trainable": tr,
        "non_trainable": nt,
        "output_shape": shape_json(model.output_shape),
        "layers": len(model.layers),
    })
    return entry


def _size(v):
    n = 1
    for d in v.shape:
        n *= int(d)
    return n


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--jobs", type=int, default=max(1, min(4, os.cpu_count() or 1)))
    ap.add_argument("--only")
    args = ap.parse_args()
    items = [c for c in combinations() if not args.only or c[0] == args.only]
    t0 = time.time()
    with ProcessPoolExecutor(max_workers=args.jobs) as ex:
        entries = list(ex.map(build_one, items, chunksize=2))
    for e in entries:
        print(f"{e['constructor']:18s} {json.dumps(e['kwargs']):80s} "
              f"{e.get('total', e.get('error'))}", file=sys.stderr)
    import keras

    doc = {
        "generated_by": "scripts/truth/gen_keras_apps_expected.py",
        "keras": keras.__version__,
        "backend": keras.backend.backend(),
        "entries": entries,
    }
    print(f"{len(entries)} combinations in {time.time() - t0:.0f}s", file=sys.stderr)
    if args.only:
        print(json.dumps(doc, indent=1))
        return 0
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(json.dumps(doc, indent=1) + "\n")
    print(f"wrote {os.path.relpath(OUT, ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
