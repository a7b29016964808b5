#!/usr/bin/env python3
"""Exact parameter counts of keras.applications constructors (weights=None).

Writes fixtures/keras/applications_expected.json:
  {"generated_by", "keras", "backend", "entries": [
     {"constructor", "kwargs", "total", "trainable", "non_trainable", "output_shape"}
     | {"constructor", "kwargs", "error"} ]}

Combinations per constructor (only the legal ones are built):
  include_top=True : input_shape in {default, (160,160,3)} x classes in {1000, 10}
  include_top=False: input_shape in {default, (160,160,3)} x pooling in {None, "avg"}
("default" means the argument is not passed.)  Then VARIANTS: every constructor of
MORE_CONSTRUCTORS with and without the top, other input shapes, pooling="max", alpha,
depth_multiplier, minimalistic, include_preprocessing, and arguments Keras refuses.
A combination Keras rejects is recorded with its error message instead of numbers.
"layers" is len(model.layers); "operations" is the number of summary rows
(model._operations: layers plus ops such as `x + 3.0` on symbolic tensors). For the
configurations in ROWS, "rows" lists every summary row as "name Class (shape) params".
weights="imagenet" configurations are built with the download and load_weights stubbed
out (weights never change the structure; nothing is fetched). Keras 3 refuses NASNet with
the torch backend only ("outstanding bug"; it builds with TensorFlow and JAX): NASNet is
built from Keras' own module with that one check removed, and marked "torch_refuses".

Usage: KERAS_BACKEND=torch /work/venvs/truth/bin/python scripts/truth/gen_keras_apps_expected.py [--jobs N] [--only NAME] [--check]
"""
from __future__ import annotations

import argparse
import io
import json
import os
import re
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


MORE_CONSTRUCTORS = [
    "NASNetLarge", "InceptionResNetV2", "ResNet152", "ResNet101V2", "ResNet152V2", "EfficientNetB4", "EfficientNetB5",
    "EfficientNetB6", "EfficientNetB7", "EfficientNetV2B1", "EfficientNetV2B2",
    "EfficientNetV2B3", "EfficientNetV2S", "EfficientNetV2M", "EfficientNetV2L",
    "DenseNet169", "DenseNet201", "ConvNeXtSmall", "ConvNeXtBase", "ConvNeXtLarge",
    "ConvNeXtXLarge",
]

S96 = [96, 96, 3]
VARIANTS = [
    # arguments Keras refuses
    ("ResNet50", {"include_top": True, "weights": "imagenet", "classes": 10}),
    ("ResNet50", {"include_top": False, "weights": None, "input_shape": [16, 16, 3]}),
    ("Xception", {"include_top": False, "weights": None, "input_shape": [64, 64, 3]}),
    ("InceptionV3", {"include_top": True, "weights": None, "input_shape": [None, None, 3]}),
    ("MobileNetV3Small", {"include_top": False, "weights": None, "input_shape": [16, 16, 3]}),
    ("VGG16", {"include_top": False, "weights": None, "input_shape": [64, 64]}),
    # other input shapes (non-square, one channel)
    ("ResNet50", {"include_top": False, "weights": None, "input_shape": [128, 96, 1]}),
    ("VGG19", {"include_top": True, "weights": None, "input_shape": [48, 64, 3], "classes": 7}),
    ("DenseNet121", {"include_top": False, "weights": None, "input_shape": [33, 45, 3], "pooling": "max"}),
    ("InceptionV3", {"include_top": False, "weights": None, "input_shape": [75, 75, 3]}),
    ("Xception", {"include_top": False, "weights": None, "input_shape": [71, 80, 3]}),
    ("EfficientNetB0", {"include_top": False, "weights": None, "input_shape": [64, 64, 3], "pooling": "avg"}),
    ("EfficientNetB3", {"include_top": False, "weights": None, "input_shape": [97, 131, 3]}),
    ("ConvNeXtTiny", {"include_top": False, "weights": None, "input_shape": [64, 64, 3], "pooling": "avg"}),
    ("ConvNeXtTiny", {"include_top": False, "weights": None, "input_shape": [64, 64, 1]}),
    ("ConvNeXtTiny", {"include_top": False, "weights": None, "input_shape": [64, 64, 3], "include_preprocessing": False}),
    # MobileNet width / resolution multipliers
    ("MobileNet", {"include_top": False, "weights": None, "input_shape": [128, 128, 3], "alpha": 0.25}),
    ("MobileNet", {"include_top": True, "weights": None, "input_shape": [96, 96, 3], "alpha": 0.5, "classes": 5}),
    ("MobileNet", {"include_top": False, "weights": None, "input_shape": [128, 128, 3], "alpha": 0.75, "depth_multiplier": 2}),
    ("MobileNet", {"include_top": True, "weights": "imagenet", "alpha": 0.3}),
    ("MobileNetV2", {"include_top": True, "weights": None, "input_shape": S96, "alpha": 0.35}),
    ("MobileNetV2", {"include_top": False, "weights": None, "input_shape": S96, "alpha": 0.5, "pooling": "max"}),
    ("MobileNetV2", {"include_top": True, "weights": None, "input_shape": [128, 128, 3], "alpha": 1.3}),
    ("MobileNetV2", {"include_top": False, "weights": None, "input_shape": [128, 128, 3], "alpha": 1.4}),
    ("MobileNetV3Small", {"include_top": False, "weights": None, "input_shape": [64, 64, 3], "minimalistic": True}),
    ("MobileNetV3Small", {"include_top": True, "weights": None, "input_shape": S96, "alpha": 0.75, "classes": 10}),
    ("MobileNetV3Small", {"include_top": True, "weights": None, "input_shape": S96, "include_preprocessing": False, "minimalistic": True}),
    ("MobileNetV3Large", {"include_top": False, "weights": None, "input_shape": S96, "minimalistic": True, "pooling": "avg"}),
    ("MobileNetV3Large", {"include_top": True, "weights": None, "input_shape": S96, "alpha": 1.25}),
    ("MobileNetV3Large", {"include_top": True, "weights": None, "input_shape": S96, "dropout_rate": 0.0}),
    ("EfficientNetV2B0", {"include_top": True, "weights": None, "input_shape": [64, 64, 3], "classes": 10, "include_preprocessing": False}),
    ("EfficientNetV2S", {"include_top": False, "weights": None, "input_shape": S96, "include_preprocessing": True}),
    ("InceptionResNetV2", {"include_top": False, "weights": None, "input_shape": [75, 75, 3]}),
    ("NASNetLarge", {"include_top": False, "weights": None, "input_shape": [64, 64, 3], "pooling": "avg"}),
    # weights="imagenet" (structure only: EfficientNet B0-B7 add one Rescaling layer)
    ("EfficientNetB0", {"include_top": True, "weights": "imagenet"}),
    ("EfficientNetB2", {"include_top": False, "weights": "imagenet", "input_shape": S96, "pooling": "avg"}),
    ("ResNet50", {"include_top": True, "weights": "imagenet"}),
    ("MobileNetV3Small", {"include_top": True, "weights": "imagenet"}),
    ("EfficientNetV2B0", {"include_top": False, "weights": "imagenet"}),
    ("ConvNeXtTiny", {"include_top": True, "weights": "imagenet"}),
    ("MobileNet", {"include_top": False, "weights": "imagenet", "input_shape": [128, 128, 3], "alpha": 0.5}),
    ("MobileNetV2", {"include_top": False, "weights": "imagenet", "input_shape": S96}),
    ("InceptionV3", {"include_top": True, "weights": "imagenet", "input_shape": [160, 160, 3]}),
    ("DenseNet121", {"include_top": False, "weights": "imagenet", "input_shape": [64, 64, 1]}),
    ("MobileNetV3Large", {"include_top": True, "weights": "imagenet", "alpha": 0.5}),
    ("ResNet50", {"include_top": True, "weights": "imagenet", "classifier_activation": "sigmoid"}),
    ("MobileNetV2", {"include_top": True, "weights": None, "input_shape": S96, "classifier_activation": "sigmoid"}),
    ("NASNetMobile", {"include_top": False, "weights": None, "input_shape": [None, None, 3]}),
]

# Configurations whose summary rows are recorded one by one.
ROWS = [
    ("MobileNetV3Small", {"include_top": False, "weights": None, "input_shape": [64, 64, 3], "minimalistic": True}),
    ("MobileNetV3Large", {"include_top": True, "weights": None, "input_shape": S96, "alpha": 1.25}),
    ("EfficientNetV2B0", {"include_top": True, "weights": None, "input_shape": [64, 64, 3], "classes": 10, "include_preprocessing": False}),
    ("EfficientNetB0", {"include_top": True, "weights": "imagenet"}),
    ("ConvNeXtTiny", {"include_top": False, "weights": None, "input_shape": [64, 64, 3], "pooling": "avg"}),
    ("Xception", {"include_top": False, "weights": None, "input_shape": [71, 80, 3]}),
    ("InceptionV3", {"include_top": False, "weights": None, "input_shape": [75, 75, 3]}),
    ("MobileNetV2", {"include_top": True, "weights": None, "input_shape": S96, "alpha": 0.35}),
    ("MobileNet", {"include_top": False, "weights": None, "input_shape": [128, 128, 3], "alpha": 0.75, "depth_multiplier": 2}),
    ("ResNet50", {"include_top": False, "weights": None, "input_shape": [128, 96, 1]}),
    ("DenseNet121", {"include_top": False, "weights": None, "input_shape": [33, 45, 3], "pooling": "max"}),
    ("VGG19", {"include_top": True, "weights": None, "input_shape": [48, 64, 3], "classes": 7}),
    ("ResNet152V2", {"include_top": False, "weights": None, "input_shape": S96, "pooling": "max"}),
    ("EfficientNetV2S", {"include_top": False, "weights": None, "input_shape": S96, "include_preprocessing": True}),
    ("NASNetMobile", {"include_top": False, "weights": None, "input_shape": S96, "pooling": "max"}),
    ("InceptionResNetV2", {"include_top": False, "weights": None, "input_shape": [75, 75, 3]}),
]


def combinations():
    yield from _grid()
    for name in MORE_CONSTRUCTORS:
        yield name, {"include_top": True, "weights": None}
        yield name, {"include_top": False, "weights": None, "input_shape": S96, "pooling": "max"}
    for name in CONSTRUCTORS:
        yield name, {"include_top": False, "weights": None, "input_shape": S96, "pooling": "max"}
    yield from VARIANTS


def _grid():
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


def _stub_weight_loading(keras):
    from keras.src.models import Model
    from keras.src.utils import file_utils

    file_utils.get_file = lambda *a, **k: "/nonexistent/imagenet.weights.h5"
    Model.load_weights = lambda self, *a, **k: None


def _row(op):
    try:
        out = op.output
        shape = tuple(out.shape) if not isinstance(out, (list, tuple)) else [tuple(t.shape) for t in out]
    except Exception:  # an op never called
        shape = None
    params = int(op.count_params()) if hasattr(op, "count_params") else 0
    return f"{op.name} {type(op).__name__} {shape} {params}"


def _constructor(keras, name):
    if not name.startswith("NASNet"):
        return getattr(keras.applications, name)
    import types
    from keras.src.applications import nasnet

    with open(nasnet.__file__, encoding="utf-8") as f:
        src = f.read()
    check = 'backend.backend() == "torch"'
    assert src.count(check) == 1, "the NASNet torch check moved"
    mod = types.ModuleType("nasnet_without_torch_check")
    exec(compile(src.replace(check, "False"), nasnet.__file__, "exec"), mod.__dict__)
    return getattr(mod, name)


def build_one(item):
    name, kw = item
    import keras

    _stub_weight_loading(keras)
    keras.backend.clear_session()
    call_kw = dict(kw)
    if "input_shape" in call_kw:
        call_kw["input_shape"] = tuple(call_kw["input_shape"])
    entry = {"constructor": name, "kwargs": kw}
    if name.startswith("NASNet"):
        entry["torch_refuses"] = True
    sink = io.StringIO()
    try:
        with redirect_stdout(sink), redirect_stderr(sink):
            model = _constructor(keras, name)(**call_kw)
    except Exception as e:  # illegal combination
        message = re.sub(r" at 0x[0-9a-f]+>", ">", str(e).splitlines()[0])  # <function sigmoid at 0x...>
        entry["error"] = f"{type(e).__name__}: {message[:300]}"
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
        "operations": len(model._operations),
    })
    if (name, kw) in ROWS:
        entry["rows"] = [_row(op) for op in model._operations]
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
    ap.add_argument("--check", action="store_true", help="exit 1 if the committed JSON differs from a fresh run")
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
    text = json.dumps(doc, indent=1) + "\n"
    if args.check:
        with open(OUT, encoding="utf-8") as f:
            same = f.read() == text
        print("up to date" if same else f"{os.path.relpath(OUT, ROOT)} differs from a fresh run", file=sys.stderr)
        return 0 if same else 1
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"wrote {os.path.relpath(OUT, ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
